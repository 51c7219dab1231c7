/** Count, min, max, mean, variance and sum of a numeric column in one pass, mergeable across shards. */

import { InputDataError } from '@mlgate/core/errors';
import { EMPTY_FLOAT64 } from './empty.js';
import { expectCount, expectNumber, expectNumberOrNull, expectSketch } from './json.js';

const KIND = 'moments';
const VERSION = 1;

/** The JSON form of {@link Moments}. `min`/`max` are null while no finite value has been seen. */
export interface MomentsJson {
  kind: 'moments';
  version: 1;
  count: number;
  nonFinite: number;
  min: number | null;
  max: number | null;
  mean: number;
  m2: number;
  sum: number;
}

/** Values summarised per block: 2 KiB, a few microseconds of work per flush. */
const BLOCK = 256;
/** A column's first block, allocated by its first value: the block grows to BLOCK as values come, so a short column costs 64 bytes, not 2 KiB. */
const FIRST_BLOCK = 8;

/**
 * Running moments, merged with Chan, Golub & LeVeque's pairwise formula (mean = (na·ma + nb·mb)/n,
 * M2 = M2a + M2b + d²·na·nb/n with d = mb − ma), so shard moments merge into the moments of the whole column to
 * ~1e-12 relative.
 *
 * Values are summarised in blocks of 256: `add` only stores the value; each full block gets its exact two-pass
 * mean and M2 and is folded in with the same pairwise formula. That is Welford's update applied a block at a time:
 * the per-value Welford step puts a division on the critical path (~11 ns per value), the block form costs ~2 ns
 * and is at least as accurate (Chan et al. 1983). Reading any statistic folds in the partial block first.
 *
 * Contract: `add` takes any number. Finite values are counted; NaN and ±Infinity are not part of the moments but
 * are counted in `nonFinite` (a literal "NaN" or "inf" in a numeric column parses as such a number; nulls never
 * reach this class).
 */
export class Moments {
  /** Non-finite values seen (NaN, ±Infinity): not part of the other statistics. */
  nonFinite = 0;
  private n = 0;
  private minValue = Infinity;
  private maxValue = -Infinity;
  private meanValue = 0;
  private m2Value = 0;
  private sumValue = 0;
  private block = EMPTY_FLOAT64;
  private blockSize = 0;

  /** Adds one value: O(1), allocation-free. */
  add(x: number): void {
    // x − x is 0 for every finite x and NaN for NaN and ±Infinity: one test for both.
    if (x - x !== 0) {
      this.nonFinite++;
      return;
    }
    if (this.blockSize === this.block.length) this.blockFull();
    this.block[this.blockSize++] = x;
  }

  /**
   * The block is full (or not yet allocated): grow it while it is smaller than BLOCK (wide files have short columns),
   * else fold it in.
   */
  private blockFull(): void {
    if (this.block.length >= BLOCK) return this.flush();
    const grown = new Float64Array(Math.min(BLOCK, Math.max(FIRST_BLOCK, this.block.length * 4)));
    grown.set(this.block);
    this.block = grown;
  }

  /** Number of finite values. */
  get count(): number {
    return this.n + this.blockSize;
  }

  /** Smallest finite value; +Infinity while there is none. */
  get min(): number {
    this.flush();
    return this.minValue;
  }

  /** Largest finite value; −Infinity while there is none. */
  get max(): number {
    this.flush();
    return this.maxValue;
  }

  /** Mean of the finite values; 0 while there is none. */
  get mean(): number {
    this.flush();
    return this.meanValue;
  }

  /** Sum of squared deviations from the mean. */
  get m2(): number {
    this.flush();
    return this.m2Value;
  }

  /** Sum of the finite values (plain summation). */
  get sum(): number {
    this.flush();
    return this.sumValue;
  }

  /** Folds `other` into this (Chan et al.); `other` is unchanged. */
  merge(other: Moments): this {
    this.flush();
    other.flush();
    this.nonFinite += other.nonFinite;
    this.combine(other.n, other.meanValue, other.m2Value, other.sumValue, other.minValue, other.maxValue);
    return this;
  }

  /** Folds the partial block into the totals. */
  private flush(): void {
    const b = this.blockSize;
    if (b === 0) return;
    const block = this.block;
    let sum = 0;
    let min = block[0];
    let max = min;
    for (let i = 0; i < b; i++) {
      const x = block[i];
      sum += x;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    const mean = sum / b;
    let m2 = 0;
    for (let i = 0; i < b; i++) {
      const d = block[i] - mean;
      m2 += d * d;
    }
    this.blockSize = 0;
    this.combine(b, mean, m2, sum, min, max);
  }

  /** Chan et al.'s pairwise update with a summary of nb values. */
  private combine(nb: number, meanB: number, m2B: number, sumB: number, minB: number, maxB: number): void {
    if (nb === 0) return;
    const na = this.n;
    if (minB < this.minValue) this.minValue = minB;
    if (maxB > this.maxValue) this.maxValue = maxB;
    this.sumValue += sumB;
    if (na === 0) {
      this.n = nb;
      this.meanValue = meanB;
      this.m2Value = m2B;
      return;
    }
    const n = na + nb;
    const delta = meanB - this.meanValue;
    // Weighted mean rather than ma + d·nb/n: exact when both means are equal, and as accurate otherwise.
    this.meanValue = (na * this.meanValue + nb * meanB) / n;
    this.m2Value += m2B + ((delta * delta * na) / n) * nb;
    this.n = n;
  }

  /** Sample variance (ddof = 1); NaN below two values. */
  get variance(): number {
    return this.count < 2 ? NaN : this.m2 / (this.count - 1);
  }

  /** Sample standard deviation (ddof = 1, as pandas' `std`); NaN below two values. */
  get std(): number {
    return Math.sqrt(this.variance);
  }

  toJSON(): MomentsJson {
    this.flush();
    const empty = this.n === 0;
    return {
      kind: KIND,
      version: VERSION,
      count: this.n,
      nonFinite: this.nonFinite,
      min: empty ? null : this.minValue,
      max: empty ? null : this.maxValue,
      mean: this.meanValue,
      m2: this.m2Value,
      sum: this.sumValue,
    };
  }

  static fromJSON(value: unknown): Moments {
    const obj = expectSketch(value, KIND, VERSION);
    const m = new Moments();
    m.n = expectCount(obj, 'count', KIND);
    m.nonFinite = expectCount(obj, 'nonFinite', KIND);
    m.meanValue = expectNumber(obj, 'mean', KIND);
    m.m2Value = expectNumber(obj, 'm2', KIND);
    m.sumValue = expectNumber(obj, 'sum', KIND);
    const min = expectNumberOrNull(obj, 'min', KIND);
    const max = expectNumberOrNull(obj, 'max', KIND);
    if (m.n > 0) {
      if (min === null || max === null || min > max || m.m2Value < 0)
        throw new InputDataError(`${KIND}: min/max/m2 are inconsistent with count ${m.n}`);
      m.minValue = min;
      m.maxValue = max;
    }
    return m;
  }
}
