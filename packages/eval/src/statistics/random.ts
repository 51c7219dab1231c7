/** Seeded, reproducible random numbers: xoshiro128** seeded through splitmix32, with exact binomial and multinomial samplers. */

import { stirlerr } from './distributions.js';

/** A seed: a 32-bit integer (signed or unsigned) or any string (hashed with FNV-1a over its UTF-8 bytes). */
export type Seed = number | string;

/** A writable array of numbers: plain arrays and every numeric typed array qualify. */
export interface NumberSink {
  readonly length: number;
  [index: number]: number;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
const TWO_POW_MINUS_53 = 1 / TWO_POW_53;
/** Largest n for which `nextInt` can use Lemire's multiply-shift with an exact double product (u·n < 2^53). */
const LEMIRE_MAX = 2097152; // 2^21

const utf8 = new TextEncoder();
// Math functions bound once: in a vm context (Jest) every global lookup inside a hot loop costs ~100 ns.
const { abs, exp, floor, imul, log, log1p, sqrt } = Math;
const { isFinite, isInteger } = Number;

/**
 * The 32-bit word a seed stands for: integers in [-2^31, 2^32) map to their two's-complement 32 bits,
 * strings to their FNV-1a 32-bit hash over UTF-8 bytes.
 */
export function seedWord(seed: Seed): number {
  if (typeof seed === 'string') {
    // FNV-1a, 32-bit (Fowler, Noll, Vo; offset basis 0x811c9dc5, prime 0x01000193).
    let h = 0x811c9dc5;
    for (const byte of utf8.encode(seed)) h = imul(h ^ byte, 0x01000193);
    return h >>> 0;
  }
  if (!isInteger(seed) || seed < -2147483648 || seed >= TWO_POW_32) {
    throw new RangeError(`seed must be a 32-bit integer or a string, got ${String(seed)}`);
  }
  return seed >>> 0;
}

/**
 * The i-th output (i ≥ 1) of splitmix32 started at `word`: the Weyl sequence word + i·0x9e3779b9 (the golden ratio),
 * then MurmurHash3's fmix32 finalizer (Steele, Lea & Flood 2014, 32-bit form).
 */
export function splitmix32(word: number, i: number): number {
  let z = (word + imul(i, 0x9e3779b9)) >>> 0;
  z = imul(z ^ (z >>> 16), 0x85ebca6b);
  z = imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A seeded pseudo-random generator (xoshiro128**, Blackman & Vigna 2018; period 2^128 − 1).
 * The four state words are drawn from splitmix32 started at the seed word, so nearby seeds give unrelated streams.
 * Not cryptographic. Every sampler here consumes the stream deterministically: the same seed and the same calls
 * give the same values on every platform.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal = 0;
  private hasSpareNormal = false;

  constructor(seed: Seed) {
    const word = seedWord(seed);
    const words: number[] = [];
    for (let i = 1; i <= 4; i++) words.push(splitmix32(word, i));
    this.s0 = words[0];
    this.s1 = words[1];
    this.s2 = words[2];
    this.s3 = words[3];
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  /** The next 32 random bits as an unsigned integer in [0, 2^32). */
  nextUint32(): number {
    // xoshiro128** 1.1 (Blackman & Vigna, "Scrambled linear pseudorandom number generators", 2018).
    const s1 = this.s1;
    const x = imul(s1, 5);
    const result = imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /**
   * A uniform double in [0, 1) with 53-bit resolution (every multiple of 2^-53 equally likely).
   * Uses two 32-bit outputs: the top 27 bits of the first and the top 26 bits of the second.
   */
  nextFloat(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) * TWO_POW_MINUS_53;
  }

  /** A uniform integer in [0, n), exactly unbiased, for integer 1 ≤ n ≤ 2^53. */
  nextInt(n: number): number {
    if (n <= LEMIRE_MAX && n >= 1 && (n | 0) === n) {
      // Lemire (2019), "Fast random integer generation in an interval": multiply-shift with rejection.
      let m = this.nextUint32() * n;
      let low = m >>> 0;
      if (low < n) {
        const threshold = (TWO_POW_32 - n) % n;
        while (low < threshold) {
          m = this.nextUint32() * n;
          low = m >>> 0;
        }
      }
      return floor(m / TWO_POW_32);
    }
    if (!isInteger(n) || n < 1 || n > TWO_POW_53) {
      throw new RangeError(`nextInt: n must be an integer in [1, 2^53], got ${n}`);
    }
    if (n <= TWO_POW_32) {
      // Rejection of the incomplete last block, then modulo: unbiased.
      const limit = TWO_POW_32 - (TWO_POW_32 % n);
      let u = this.nextUint32();
      while (u >= limit) u = this.nextUint32();
      return u % n;
    }
    const limit = TWO_POW_53 - (TWO_POW_53 % n);
    let u = this.nextFloat() * TWO_POW_53;
    while (u >= limit) u = this.nextFloat() * TWO_POW_53;
    return u % n;
  }

  /** A standard normal deviate (Marsaglia & Bray 1964 polar method; the second deviate of each pair is cached). */
  normal(): number {
    if (this.hasSpareNormal) {
      this.hasSpareNormal = false;
      return this.spareNormal;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.nextFloat() - 1;
      v = 2 * this.nextFloat() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    // Marsaglia polar: (u, v)·sqrt(−2 ln s / s) are two independent N(0, 1).
    const f = sqrt((-2 * log(s)) / s);
    this.spareNormal = v * f;
    this.hasSpareNormal = true;
    return u * f;
  }

  /**
   * A Binomial(n, p) deviate, exact for every integer n in [0, 2^53) and p in [0, 1].
   * p > 1/2 is reflected (n − Bin(n, 1 − p)); then n·p < 10 uses sequential inversion and n·p ≥ 10 uses
   * BTRS transformed rejection (Hörmann 1993), so the cost is O(1 + n·p) for small means and O(1) otherwise.
   */
  binomial(n: number, p: number): number {
    if (!isInteger(n) || n < 0 || n >= TWO_POW_53) {
      throw new RangeError(`binomial: n must be a non-negative integer below 2^53, got ${n}`);
    }
    if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial: p must be in [0, 1], got ${p}`);
    if (n === 0 || p === 0) return 0;
    if (p === 1) return n;
    if (p > 0.5) return n - this.binomialHalf(n, 1 - p);
    return this.binomialHalf(n, p);
  }

  /** Binomial(n, p) for 0 < p ≤ 1/2, n ≥ 1. */
  private binomialHalf(n: number, p: number): number {
    return n * p < 10 ? this.binomialInversion(n, p) : this.binomialBtrs(n, p);
  }

  /**
   * Sequential-search inversion (Kachitvichyanukul & Schmeiser 1988, BINV) for n·p < 10: walk the pmf from 0
   * until the uniform is used up. Nothing is truncated; a uniform that rounding leaves above the summed mass
   * (probability ~1e-16) is redrawn.
   */
  private binomialInversion(n: number, p: number): number {
    const qn = exp(n * log1p(-p));
    const ratio = p / (1 - p);
    for (;;) {
      let u = this.nextFloat();
      let px = qn;
      for (let x = 0; px > 0; x++) {
        if (u <= px) return x;
        u -= px;
        // pmf recurrence: P(x + 1) = P(x)·(n − x)/(x + 1)·p/q (reaches 0 past x = n).
        px = (px * (n - x) * ratio) / (x + 1);
      }
    }
  }

  /** BTRS (Hörmann 1993, "The generation of binomial random variates", algorithm BTRS) for n·p ≥ 10, p ≤ 1/2. */
  private binomialBtrs(n: number, p: number): number {
    const q = 1 - p;
    const spq = sqrt(n * p * q);
    const b = 1.15 + 2.53 * spq;
    const a = -0.0873 + 0.0248 * b + 0.01 * p;
    const c = n * p + 0.5;
    const vr = 0.92 - 4.2 / b;
    const alpha = (2.83 + 5.1 / b) * spq;
    const lpq = log(p / q);
    const m = floor((n + 1) * p);
    const h = stirlerr(m + 1) + stirlerr(n - m + 1);
    for (;;) {
      const u = this.nextFloat() - 0.5;
      let v = this.nextFloat();
      const us = 0.5 - abs(u);
      if (us === 0) continue;
      const k = floor(((2 * a) / us + b) * u + c);
      if (k < 0 || k > n) continue;
      if (us >= 0.07 && v <= vr) return k;
      // Accept iff log(v·alpha/(a/us² + b)) ≤ log(f(k)/f(m)), f the pmf written through Stirling's series
      // (Hörmann 1993, BTRS acceptance test; the paper's fc(j) is stirlerr(j + 1)).
      v = log((v * alpha) / (a / (us * us) + b));
      const bound =
        h -
        stirlerr(k + 1) -
        stirlerr(n - k + 1) +
        (m + 0.5) * log((m + 1) / (n - m + 1)) +
        (n + 1) * log((n - m + 1) / (n - k + 1)) +
        (k + 0.5) * log((n - k + 1) / (k + 1)) +
        (k - m) * lpq;
      if (v <= bound) return k;
    }
  }

  /**
   * Fills out[0..k) with one Multinomial(n, probs) draw, k = probs.length, by conditional binomials:
   * X_i ~ Bin(n − X_1 − … − X_{i−1}, p_i / (p_i + … + p_k)). `probs` are non-negative weights and need not sum
   * to 1 (counts work as they are). Cost O(k) binomial draws. Returns `out`.
   */
  multinomialInto<T extends NumberSink>(n: number, probs: ArrayLike<number>, out: T): T {
    if (!isInteger(n) || n < 0 || n >= TWO_POW_53) {
      throw new RangeError(`multinomialInto: n must be a non-negative integer below 2^53, got ${n}`);
    }
    const k = probs.length;
    if (out.length < k) throw new RangeError(`multinomialInto: out has ${out.length} cells, probs has ${k}`);
    let total = 0;
    let last = -1;
    for (let i = 0; i < k; i++) {
      const w = probs[i];
      if (!(w >= 0 && isFinite(w)))
        throw new RangeError(`multinomialInto: probs[${i}] = ${w} is not a finite weight ≥ 0`);
      total += w;
      if (w > 0) last = i;
    }
    if (last < 0) {
      if (n > 0) throw new RangeError('multinomialInto: all weights are zero');
      for (let i = 0; i < k; i++) out[i] = 0;
      return out;
    }
    let remaining = n;
    let rest = total;
    for (let i = 0; i < k; i++) {
      const w = probs[i];
      let x: number;
      if (i === last) x = remaining;
      else if (remaining === 0 || w === 0) x = 0;
      // Conditional binomial; `rest` can fall a rounding error below w, hence the clamp to 1.
      else x = this.binomial(remaining, rest > w ? w / rest : 1);
      out[i] = x;
      remaining -= x;
      rest -= w;
    }
    return out;
  }
}

/** A new generator for `seed` (same as `new Rng(seed)`). */
export function createRng(seed: Seed): Rng {
  return new Rng(seed);
}
