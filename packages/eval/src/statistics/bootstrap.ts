/** Seeded nonparametric bootstrap: case resamples as weight vectors, a confusion-matrix fast path, and percentile intervals. */

import { Rng, seedWord, splitmix32 } from './random.js';
import type { Seed } from './random.js';

export const DEFAULT_RESAMPLES = 1000;
export const DEFAULT_LEVEL = 0.95;
/** The seed used when none is given, so that an unseeded run is still reproducible. */
export const DEFAULT_SEED = 20240517;

/** A statistic of a resample given as per-case multiplicities (weights[i] = how often case i was drawn). */
export type WeightedStatistic = (weights: Uint32Array) => number;
/** A statistic of a table of cell counts (e.g. a confusion matrix flattened row by row). */
export type CellStatistic = (cells: Float64Array) => number;

const TWO_POW_32 = 4294967296;
// Math functions bound once: in a vm context (Jest) every global lookup inside a hot loop costs ~100 ns.
const { ceil, floor, min, sqrt } = Math;
const { isInteger } = Number;

/** Cases per block in `resampleCounts`: 4096 Uint32 counters (16 KiB) stay in L1 cache while a block is filled. */
const BLOCK_BITS = 12;
const BLOCK = 1 << BLOCK_BITS;

/**
 * One classical bootstrap resample of n cases, as weights: out[i] = number of times case i is drawn in n draws
 * with replacement, i.e. (out[0], …, out[n−1]) ~ Multinomial(n; 1/n, …, 1/n). Overwrites out[0..n); O(n).
 *
 * Exactly that distribution, drawn cache-friendly in two stages: the number of draws landing in each block of
 * 4096 cases is Multinomial(n; block sizes/n), drawn by conditional binomials, then each block's draws are spread
 * uniformly over its cases (a multinomial splits into independent multinomials given the block totals). Random
 * increments then stay within 16 KiB instead of roaming over 4n bytes: ~2–3× faster for n in the millions.
 */
export function resampleCounts(rng: Rng, n: number, out: Uint32Array): Uint32Array {
  if (!isInteger(n) || n < 0)
    throw new RangeError(`resampleCounts: n must be a non-negative integer, got ${n}`);
  if (out.length < n) throw new RangeError(`resampleCounts: out has length ${out.length} < n = ${n}`);
  out.fill(0, 0, n);
  if (n <= 4 * BLOCK) {
    spreadUniformly(rng, out, 0, n, n);
    return out;
  }
  let remaining = n;
  for (let start = 0; start < n; start += BLOCK) {
    const size = min(BLOCK, n - start);
    const casesLeft = n - start;
    // Conditional binomial: draws in this block ~ Bin(draws left, size / cases left).
    const draws = size === casesLeft ? remaining : rng.binomial(remaining, size / casesLeft);
    remaining -= draws;
    if (size === BLOCK) {
      // 4096 divides 2^32, so any 12 bits of a 32-bit draw are an exactly uniform offset: each draw serves two
      // cases (bits 31–20 and 19–8; xoshiro128**'s scrambler makes every output bit full quality).
      let j = 0;
      for (; j + 1 < draws; j += 2) {
        const u = rng.nextUint32();
        out[start + (u >>> 20)]++;
        out[start + ((u >>> 8) & (BLOCK - 1))]++;
      }
      if (j < draws) out[start + (rng.nextUint32() >>> 20)]++;
    } else {
      spreadUniformly(rng, out, start, size, draws);
    }
  }
  return out;
}

/** Adds `draws` uniform draws over out[start..start + size), size ≤ 2^21, by Lemire's multiply-shift with rejection. */
function spreadUniformly(rng: Rng, out: Uint32Array, start: number, size: number, draws: number): void {
  if (size === 0) return;
  // Lemire (2019): floor(u·size / 2^32) is uniform once the low word is rejected below 2^32 mod size (u·size < 2^53 exact).
  const threshold = (TWO_POW_32 - size) % size;
  for (let j = 0; j < draws; j++) {
    let m = rng.nextUint32() * size;
    while (m >>> 0 < threshold) m = rng.nextUint32() * size;
    out[start + floor(m / TWO_POW_32)]++;
  }
}

/** A bootstrap percentile interval with the bookkeeping needed to judge it. */
export interface BootstrapInterval {
  lower: number;
  upper: number;
  level: number;
  /** Resamples drawn. */
  resamples: number;
  /** Resamples whose statistic was a number (the interval uses only these). */
  validResamples: number;
  /** Resamples whose statistic was NaN (e.g. precision with no predicted positives in the resample). */
  nanResamples: number;
  /** Standard deviation (n − 1 denominator) of the valid resampled values: the bootstrap standard error. */
  standardError: number;
}

/**
 * The percentile bootstrap interval (Efron & Tibshirani 1993, §13.3): the (1 − level)/2 and (1 + level)/2 quantiles
 * of the resampled values, with linear interpolation between order statistics (Hyndman & Fan type 7, NumPy's
 * default). NaN values are dropped and counted; ±Infinity values are kept. All NaN → NaN bounds.
 */
export function bootstrapInterval(estimates: Float64Array, level = DEFAULT_LEVEL): BootstrapInterval {
  if (!(level > 0 && level < 1))
    throw new RangeError(`bootstrapInterval: level must be in (0, 1), got ${level}`);
  const valid = new Float64Array(estimates.length);
  let count = 0;
  let sum = 0;
  for (let i = 0; i < estimates.length; i++) {
    const v = estimates[i];
    if (v === v) {
      valid[count++] = v;
      sum += v;
    }
  }
  const sorted = valid.subarray(0, count).sort();
  const mean = sum / count;
  let ss = 0;
  for (let i = 0; i < count; i++) ss += (sorted[i] - mean) * (sorted[i] - mean);
  const alpha = (1 - level) / 2;
  return {
    lower: quantileSorted(sorted, alpha),
    upper: quantileSorted(sorted, 1 - alpha),
    level,
    resamples: estimates.length,
    validResamples: count,
    nanResamples: estimates.length - count,
    standardError: count > 1 ? sqrt(ss / (count - 1)) : NaN,
  };
}

/** Quantile of sorted values by linear interpolation (Hyndman & Fan 1996, definition 7): h = (n − 1)·q. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = floor(h);
  const hi = min(lo + 1, n - 1);
  const a = sorted[lo];
  const b = sorted[hi];
  const frac = h - lo;
  if (a === b || frac === 0) return a;
  // An infinite end point dominates any interpolation towards it (and ∞ − ∞ must not become NaN).
  if (a === -Infinity) return -Infinity;
  if (b === Infinity) return Infinity;
  return a + frac * (b - a);
}

/**
 * Resamples are drawn in chunks of this many, chunk j (resamples j·50 … j·50 + 49) from its own generator
 * `chunkRng(seed, j)`, so a chunk's values do not depend on which thread draws it or in which order: an interval is
 * the same on one thread or two, on any machine. 50: at 1,000 resamples that is 20 chunks, so two threads sharing
 * them end within one chunk (≤ 5 % of the work) of each other, while a chunk's own cost (a generator seeded, one
 * shared counter taken) stays below 1 µs against ≥ 50 resamples' work.
 */
export const RESAMPLE_CHUNK = 50;

/** How many chunks `resamples` resamples are drawn in (the last one may be short). */
export function chunkCount(resamples: number): number {
  return ceil(resamples / RESAMPLE_CHUNK);
}

/**
 * The generator of chunk j of a bootstrap seeded with `seed`: xoshiro128** (Rng) seeded with the (j + 1)-th output
 * of splitmix32 started at the seed's 32-bit word, i.e. new Rng(splitmix32(seedWord(seed), j + 1)) — the
 * derivation docs/eval-gate.md states, so anyone can draw the same resamples.
 */
export function chunkRng(seed: Seed, chunk: number): Rng {
  return new Rng(splitmix32(seedWord(seed), chunk + 1));
}

/**
 * A bootstrap drawn chunk by chunk: `runChunk(j, out)` writes resamples j·RESAMPLE_CHUNK … of every statistic into
 * out[s] (arrays of `resamples` values); with `count`, only the chunk's first `count` resamples (the same values).
 * Chunks are independent and may run in any order, on any thread.
 */
export interface ChunkedBootstrap {
  resamples: number;
  chunks: number;
  statistics: number;
  runChunk(chunk: number, out: Float64Array[], count?: number): void;
}

/** Runs every chunk of a bootstrap in order on this thread; returns, per statistic, its resampled values. */
export function runAllChunks(resampler: ChunkedBootstrap): Float64Array[] {
  const out = Array.from({ length: resampler.statistics }, () => new Float64Array(resampler.resamples));
  for (let chunk = 0; chunk < resampler.chunks; chunk++) resampler.runChunk(chunk, out);
  return out;
}

/** Loops `draw` then every statistic over the resamples of one chunk (the shared body of both bootstraps). */
function chunked<T>(
  resamples: number,
  seed: Seed,
  buffer: T,
  draw: (rng: Rng, buffer: T) => void,
  statistics: ((buffer: T) => number)[],
): ChunkedBootstrap {
  return {
    resamples,
    chunks: chunkCount(resamples),
    statistics: statistics.length,
    runChunk(chunk, out, count = RESAMPLE_CHUNK) {
      const rng = chunkRng(seed, chunk);
      const end = min(resamples, (chunk + 1) * RESAMPLE_CHUNK, chunk * RESAMPLE_CHUNK + count);
      for (let r = chunk * RESAMPLE_CHUNK; r < end; r++) {
        draw(rng, buffer);
        for (let s = 0; s < statistics.length; s++) out[s][r] = statistics[s](buffer);
      }
    },
  };
}

export interface BootstrapOptions {
  /** Number of cases. */
  n: number;
  resamples?: number;
  seed?: Seed;
  /** Evaluated on every resample, in order, with the same weight vector. */
  statistics: WeightedStatistic[];
}

/**
 * Case-level bootstrap resamples in chunks (see RESAMPLE_CHUNK): every statistic is evaluated on each resample, all
 * seeing the same weight vector (one reused buffer: a statistic must not keep it). Point estimates are not computed.
 */
export function caseBootstrap(options: BootstrapOptions): ChunkedBootstrap {
  const { n, statistics } = options;
  const resamples = checkResamples(options.resamples ?? DEFAULT_RESAMPLES);
  const draw = (rng: Rng, weights: Uint32Array) => void resampleCounts(rng, n, weights);
  return chunked(resamples, options.seed ?? DEFAULT_SEED, new Uint32Array(n), draw, statistics);
}

/**
 * Runs `resamples` case-level bootstrap resamples (caseBootstrap, every chunk on this thread). Returns, per
 * statistic, the Float64Array of its resampled values (NaN allowed).
 */
export function bootstrap(options: BootstrapOptions): Float64Array[] {
  return runAllChunks(caseBootstrap(options));
}

export interface BootstrapConfusionOptions {
  /** Cell counts (non-negative integers), e.g. a K×K confusion matrix flattened row by row. n = their sum. */
  counts: ArrayLike<number>;
  resamples?: number;
  seed?: Seed;
  statistics: CellStatistic[];
}

/**
 * The bootstrap for statistics that depend on the cases only through a table of cell counts, in chunks. Resampling
 * n cases and re-tabulating gives cells ~ Multinomial(n, counts/n) exactly, so each resample is drawn directly by
 * conditional binomials in O(cells) — no per-case work. Same distribution as `caseBootstrap` with per-case weights,
 * but not the same random stream. The cells buffer is reused between resamples.
 */
export function cellBootstrap(options: BootstrapConfusionOptions): ChunkedBootstrap {
  const { counts, statistics } = options;
  const resamples = checkResamples(options.resamples ?? DEFAULT_RESAMPLES);
  const n = checkCounts(counts, 'bootstrapConfusion');
  const draw = (rng: Rng, cells: Float64Array) => void rng.multinomialInto(n, counts, cells);
  return chunked(resamples, options.seed ?? DEFAULT_SEED, new Float64Array(counts.length), draw, statistics);
}

/** `cellBootstrap` with every chunk on this thread: per statistic, its resampled values. */
export function bootstrapConfusion(options: BootstrapConfusionOptions): Float64Array[] {
  return runAllChunks(cellBootstrap(options));
}

/** Validates a resample count (a positive integer). */
export function checkResamples(resamples: number): number {
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  }
  return resamples;
}

/** Validates cell counts (non-negative integers) and returns their sum. */
export function checkCounts(counts: ArrayLike<number>, fn: string): number {
  let n = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (!Number.isInteger(c) || c < 0)
      throw new RangeError(`${fn}: counts[${i}] = ${c} is not a non-negative integer`);
    n += c;
  }
  if (!Number.isSafeInteger(n)) throw new RangeError(`${fn}: total count ${n} is too large`);
  return n;
}
