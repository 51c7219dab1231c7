/** HyperLogLog distinct-count estimate (Flajolet et al. 2007) over 32-bit hashes, registers in a Uint8Array. */

import { InputDataError } from '@mlgate/core/errors';
import { EMPTY_UINT32 } from './empty.js';
import { expectCount, expectSketch } from './json.js';

const KIND = 'hll';
const VERSION = 1;

/** 4096 registers: 4 KiB per column, relative standard error 1.04/√4096 ≈ 1.6%. */
export const DEFAULT_HLL_PRECISION = 12;
const TWO_POW_32 = 4294967296;

/**
 * The JSON form of {@link HyperLogLog}: `registers` is the base64 of the 2^p register bytes; a sketch with at most
 * SPARSE_ENTRIES non-zero registers writes `sparse`, its [index, rank] pairs, instead (4 KiB of registers are 5.5 KB
 * of base64 per column: 550 MB for a file of 100,000 short columns).
 */
export interface HyperLogLogJson {
  kind: 'hll';
  version: 1;
  p: number;
  registers?: string;
  sparse?: [number, number][];
}

/**
 * A new sketch keeps its non-zero registers as a short list (index and rank packed in one uint32) instead of 2^p
 * bytes, until the list would exceed this many entries or this many hashes were added: a file with 100,000 short
 * columns then holds 100,000 lists of a few entries, not 400 MB of registers, and a long column pays the linear
 * scan of the list for its first few thousand values only.
 */
const SPARSE_ENTRIES = 32;
const SPARSE_ADDS = 4096;

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
  /** The 2^p registers, once allocated (see SPARSE_ENTRIES); null while the sketch is a list. */
  private dense: Uint8Array | null = null;
  /** While sparse: (index << 8 | rank) of each non-zero register, in the order first set. */
  private sparse: Uint32Array | null = EMPTY_UINT32;
  private sparseSize = 0;
  private sparseAdds = 0;
  private readonly shift: number;
  /** Bit p−1 set below the shifted-out index: caps the rank at 33 − p without a branch. */
  private readonly sentinel: number;

  constructor(p: number = DEFAULT_HLL_PRECISION) {
    if (!Number.isInteger(p) || p < 4 || p > 16)
      throw new RangeError(`HyperLogLog: precision p must be an integer in [4, 16], got ${p}`);
    this.p = p;
    this.shift = 32 - p;
    this.sentinel = 1 << (p - 1);
  }

  /** Number of registers m = 2^p. */
  get m(): number {
    return 1 << this.p;
  }

  /** The 2^p registers (allocated now if the sketch was still a list). */
  get registers(): Uint8Array {
    return this.dense ?? this.densify();
  }

  /** The relative standard error of `estimate`, 1.04/√m. */
  get relativeStandardError(): number {
    return 1.04 / Math.sqrt(this.m);
  }

  /** Adds one uint32 hash: O(1), allocation-free once the registers exist. */
  addHash(hash: number): void {
    const index = hash >>> this.shift;
    const rank = Math.clz32((hash << this.p) | this.sentinel) + 1;
    const registers = this.dense;
    if (registers === null) return this.addSparse(index, rank);
    if (rank > registers[index]) registers[index] = rank;
  }

  private addSparse(index: number, rank: number): void {
    const entries = this.sparse!;
    const size = this.sparseSize;
    if (++this.sparseAdds > SPARSE_ADDS) {
      const registers = this.densify();
      if (rank > registers[index]) registers[index] = rank;
      return;
    }
    for (let i = 0; i < size; i++) {
      const entry = entries[i];
      if (entry >>> 8 === index) {
        if (rank > (entry & 0xff)) entries[i] = (index << 8) | rank;
        return;
      }
    }
    if (size === SPARSE_ENTRIES) {
      const registers = this.densify();
      if (rank > registers[index]) registers[index] = rank;
      return;
    }
    if (size === entries.length) {
      const grown = new Uint32Array(Math.min(Math.max(4, 2 * size), SPARSE_ENTRIES));
      grown.set(entries);
      this.sparse = grown;
    }
    this.sparse![this.sparseSize++] = (index << 8) | rank;
  }

  /** Moves the list into 2^p registers, for good. */
  private densify(): Uint8Array {
    const registers = new Uint8Array(this.m);
    const entries = this.sparse;
    if (entries) for (let i = 0; i < this.sparseSize; i++) registers[entries[i] >>> 8] = entries[i] & 0xff;
    this.dense = registers;
    this.sparse = null;
    this.sparseSize = 0;
    return registers;
  }

  /** Folds `other` into this (register-wise max); `other` is unchanged. Both must have the same precision. */
  merge(other: HyperLogLog): this {
    if (other.p !== this.p)
      throw new InputDataError(
        `HyperLogLog.merge: cannot merge precision ${this.p} with precision ${other.p}`,
      );
    if (other.dense === null) {
      // A list merges entry by entry, keeping this one a list while it fits.
      for (let i = 0; i < other.sparseSize; i++) {
        const entry = other.sparse![i];
        if (this.dense === null) this.addSparse(entry >>> 8, entry & 0xff);
        else if ((entry & 0xff) > this.dense[entry >>> 8]) this.dense[entry >>> 8] = entry & 0xff;
      }
      return this;
    }
    const a = this.registers;
    const b = other.dense;
    for (let i = 0; i < a.length; i++) if (b[i] > a[i]) a[i] = b[i];
    return this;
  }

  /** Estimated number of distinct hashes added. */
  estimate(): number {
    const m = this.m;
    let sum = 0;
    let zeros = 0;
    const registers = this.dense;
    if (registers === null) {
      // The registers not in the list are 0: 2^−0 = 1 each.
      zeros = m - this.sparseSize;
      sum = zeros;
      for (let i = 0; i < this.sparseSize; i++) sum += INVERSE_POWERS[this.sparse![i] & 0xff];
    } else
      for (let i = 0; i < m; i++) {
        const r = registers[i];
        sum += INVERSE_POWERS[r];
        if (r === 0) zeros++;
      }
    const alpha = 0.7213 / (1 + 1.079 / m);
    const raw = (alpha * m * m) / sum;
    if (raw <= 2.5 * m && zeros > 0) return m * Math.log(m / zeros);
    if (raw > TWO_POW_32 / 30) return -TWO_POW_32 * Math.log(1 - raw / TWO_POW_32);
    return raw;
  }

  /** The JSON form depends on the registers alone (not on how they were filled): pairs when at most SPARSE_ENTRIES are set. */
  toJSON(): HyperLogLogJson {
    const registers = this.dense;
    const pairs: [number, number][] = [];
    if (registers === null)
      for (let i = 0; i < this.sparseSize; i++) pairs.push([this.sparse![i] >>> 8, this.sparse![i] & 0xff]);
    else
      for (let i = 0; i < registers.length && pairs.length <= SPARSE_ENTRIES; i++)
        if (registers[i] > 0) pairs.push([i, registers[i]]);
    if (registers === null || pairs.length <= SPARSE_ENTRIES) {
      pairs.sort((a, b) => a[0] - b[0]);
      return { kind: KIND, version: VERSION, p: this.p, sparse: pairs };
    }
    return {
      kind: KIND,
      version: VERSION,
      p: this.p,
      registers: Buffer.from(registers.buffer, registers.byteOffset, registers.length).toString('base64'),
    };
  }

  static fromJSON(value: unknown): HyperLogLog {
    const obj = expectSketch(value, KIND, VERSION);
    const p = expectCount(obj, 'p', KIND);
    if (p < 4 || p > 16) throw new InputDataError(`${KIND}: precision p = ${p} is out of range [4, 16]`);
    if (obj.sparse !== undefined && obj.registers === undefined) return HyperLogLog.fromPairs(p, obj.sparse);
    if (typeof obj.registers !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(obj.registers))
      throw new InputDataError(`${KIND}: "registers" must be a base64 string`);
    const bytes = Buffer.from(obj.registers, 'base64');
    const sketch = new HyperLogLog(p);
    if (bytes.length !== sketch.m)
      throw new InputDataError(`${KIND}: expected ${sketch.m} registers for p = ${p}, got ${bytes.length}`);
    const maxRank = 33 - p;
    let nonZero = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] > maxRank)
        throw new InputDataError(`${KIND}: register ${i} holds ${bytes[i]} > ${maxRank}`);
      if (bytes[i] > 0) nonZero++;
    }
    // A short column's registers are read back as a list (a reference profile of a wide file stays small).
    if (nonZero <= SPARSE_ENTRIES) {
      for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0) sketch.addSparse(i, bytes[i]);
      sketch.sparseAdds = 0;
    } else sketch.registers.set(bytes);
    return sketch;
  }

  /** The `sparse` JSON form: [index, rank] pairs, each index once. */
  private static fromPairs(p: number, pairs: unknown): HyperLogLog {
    const sketch = new HyperLogLog(p);
    const m = sketch.m;
    const maxRank = 33 - p;
    if (!Array.isArray(pairs))
      throw new InputDataError(`${KIND}: "sparse" must be an array of [index, rank] pairs`);
    const seen = new Set<number>();
    for (const pair of pairs as unknown[]) {
      const [index, rank] = Array.isArray(pair) ? (pair as unknown[]) : [];
      if (
        !Array.isArray(pair) ||
        pair.length !== 2 ||
        !Number.isInteger(index) ||
        !Number.isInteger(rank) ||
        (index as number) < 0 ||
        (index as number) >= m ||
        (rank as number) < 1 ||
        (rank as number) > maxRank ||
        seen.has(index as number)
      )
        throw new InputDataError(
          `${KIND}: each "sparse" pair must be [index < ${m}, 1 ≤ rank ≤ ${maxRank}], each index once; got ${JSON.stringify(pair)}`,
        );
      seen.add(index as number);
      sketch.addSparse(index as number, rank as number);
    }
    sketch.sparseAdds = 0;
    return sketch;
  }
}
