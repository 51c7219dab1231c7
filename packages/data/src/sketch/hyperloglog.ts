/** HyperLogLog distinct-count estimate (Flajolet et al. 2007) over 32-bit hashes, registers in a Uint8Array. */

import { InputDataError } from '@mlgate/core/errors';
import { expectCount, expectSketch } from './json.js';

const KIND = 'hll';
const VERSION = 1;

/** 4096 registers: 4 KiB per column, relative standard error 1.04/√4096 ≈ 1.6%. */
export const DEFAULT_HLL_PRECISION = 12;
const TWO_POW_32 = 4294967296;

/** The JSON form of {@link HyperLogLog}: `registers` is the base64 of the 2^p register bytes. */
export interface HyperLogLogJson {
  kind: 'hll';
  version: 1;
  p: number;
  registers: string;
}

/** 2^−r for every register value r, so that `estimate` does no pow. */
const INVERSE_POWERS = Float64Array.from({ length: 64 }, (_, r) => 2 ** -r);

/**
 * Distinct values of a column from their 32-bit hashes ({@link hashString}, {@link hashNumber}). The top p bits of
 * a hash pick a register, which keeps the largest rank (position of the first 1 bit) seen among the other bits.
 * `estimate` is the raw HLL estimate with the original small-range (linear counting below 2.5·m, when some register
 * is still 0) and large-range (near 2³²) corrections. Merging takes register-wise maxima: exact and associative.
 */
export class HyperLogLog {
  readonly p: number;
  readonly registers: Uint8Array;
  private readonly shift: number;
  /** Bit p−1 set below the shifted-out index: caps the rank at 33 − p without a branch. */
  private readonly sentinel: number;

  constructor(p: number = DEFAULT_HLL_PRECISION) {
    if (!Number.isInteger(p) || p < 4 || p > 16)
      throw new RangeError(`HyperLogLog: precision p must be an integer in [4, 16], got ${p}`);
    this.p = p;
    this.registers = new Uint8Array(1 << p);
    this.shift = 32 - p;
    this.sentinel = 1 << (p - 1);
  }

  /** Number of registers m = 2^p. */
  get m(): number {
    return this.registers.length;
  }

  /** The relative standard error of `estimate`, 1.04/√m. */
  get relativeStandardError(): number {
    return 1.04 / Math.sqrt(this.m);
  }

  /** Adds one uint32 hash: O(1), allocation-free. */
  addHash(hash: number): void {
    const index = hash >>> this.shift;
    const rank = Math.clz32((hash << this.p) | this.sentinel) + 1;
    if (rank > this.registers[index]) this.registers[index] = rank;
  }

  /** Folds `other` into this (register-wise max); `other` is unchanged. Both must have the same precision. */
  merge(other: HyperLogLog): this {
    if (other.p !== this.p)
      throw new InputDataError(
        `HyperLogLog.merge: cannot merge precision ${this.p} with precision ${other.p}`,
      );
    const a = this.registers;
    const b = other.registers;
    for (let i = 0; i < a.length; i++) if (b[i] > a[i]) a[i] = b[i];
    return this;
  }

  /** Estimated number of distinct hashes added. */
  estimate(): number {
    const m = this.m;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < m; i++) {
      const r = this.registers[i];
      sum += INVERSE_POWERS[r];
      if (r === 0) zeros++;
    }
    const alpha = 0.7213 / (1 + 1.079 / m);
    const raw = (alpha * m * m) / sum;
    if (raw <= 2.5 * m && zeros > 0) return m * Math.log(m / zeros);
    if (raw > TWO_POW_32 / 30) return -TWO_POW_32 * Math.log(1 - raw / TWO_POW_32);
    return raw;
  }

  toJSON(): HyperLogLogJson {
    return {
      kind: KIND,
      version: VERSION,
      p: this.p,
      registers: Buffer.from(
        this.registers.buffer,
        this.registers.byteOffset,
        this.registers.length,
      ).toString('base64'),
    };
  }

  static fromJSON(value: unknown): HyperLogLog {
    const obj = expectSketch(value, KIND, VERSION);
    const p = expectCount(obj, 'p', KIND);
    if (p < 4 || p > 16) throw new InputDataError(`${KIND}: precision p = ${p} is out of range [4, 16]`);
    if (typeof obj.registers !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(obj.registers))
      throw new InputDataError(`${KIND}: "registers" must be a base64 string`);
    const bytes = Buffer.from(obj.registers, 'base64');
    const sketch = new HyperLogLog(p);
    if (bytes.length !== sketch.m)
      throw new InputDataError(`${KIND}: expected ${sketch.m} registers for p = ${p}, got ${bytes.length}`);
    const maxRank = 33 - p;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] > maxRank)
        throw new InputDataError(`${KIND}: register ${i} holds ${bytes[i]} > ${maxRank}`);
      sketch.registers[i] = bytes[i];
    }
    return sketch;
  }
}
