/**
 * Default drift thresholds that know the sample size: each warn/fail level is the larger of a practical floor and
 * a quantile of the statistic between two same-distribution samples of the sizes compared, so healthy data
 * warns in about 0.2% of columns at any n_ref, n_cur ≥ 100 (measured in bench/validate-data/drift-calibration.mjs).
 *
 * The null quantiles are asymptotic, with v = 1/n_ref + 1/n_cur:
 * - PSI over k non-empty bins ≈ v·χ²(k − 1) (PSI is the symmetric Kullback-Leibler divergence, ≈ Σ(c − r)²/r);
 * - Jensen-Shannon distance (base 2) ≈ √(v·χ²(k − 1)/(8 ln 2)) (JS divergence ≈ Σ(p − q)²/(8m) nats);
 * - L∞ ≈ z·√(v·max pᵢ(1 − pᵢ)), z two-sided with a Bonferroni split over the k categories;
 * - Wasserstein / std ≈ √v·∫|B(u)| dQ(u) / std, B a Brownian bridge and Q the reference's quantile function
 *   (del Barrio, Giné & Matrán 1999): its quantiles come from 4,000 seeded bridges integrated over the
 *   reference's own quantiles, so skewed and discrete columns get their own level.
 */
import { formatNumber } from '@mlgate/core';
import { jensenShannonDistance, lInfinity } from './categorical.js';
import { chiSquareSf } from './gamma.js';
import { nextXorshift32 } from '../sketch/random.js';

export type CalibratedStatistic = 'psi' | 'wasserstein' | 'jensen_shannon' | 'linf';

/** Share of same-distribution comparisons allowed to warn, and to fail. */
export const WARN_ALPHA = 0.002;
export const FAIL_ALPHA = 0.0001;

/**
 * Floors: a change smaller than these is not worth a warning however many rows show it (and they sit above the
 * error of the sketches a profile keeps). A 0.25-std mean shift gives PSI ≈ 0.06 and Wasserstein/std 0.25: it
 * warns from about 10,000 rows a side. The fail floors are the customary "major shift" levels (PSI 0.25).
 */
export const DRIFT_FLOORS: Record<CalibratedStatistic, { warn: number; fail: number }> = {
  psi: { warn: 0.03, fail: 0.25 },
  wasserstein: { warn: 0.1, fail: 0.25 },
  jensen_shannon: { warn: 0.03, fail: 0.1 },
  linf: { warn: 0.03, fail: 0.2 },
};

export interface NullShape {
  nReference: number;
  nCurrent: number;
  /** Bins or categories with reference mass (PSI, Jensen-Shannon, L∞). */
  bins?: number;
  /** Largest pᵢ(1 − pᵢ) over the reference's categories (L∞). */
  maxBinVariance?: number;
  /** The reference's category counts (Jensen-Shannon, L∞): a sparse reference is bootstrapped from them. */
  referenceCounts?: ArrayLike<number>;
  /** Reference quantiles at u = 0, 1/G, …, 1 divided by the reference std (Wasserstein). */
  scaledQuantiles?: ArrayLike<number>;
}

export interface Calibrated {
  warn: number;
  fail: number;
  /** One sentence: how the levels were chosen, for the report. */
  basis: string;
}

/** The χ²(dof) quantile: x with P(X ≥ x) = upper, by bisection on the survival function. */
export function chiSquareQuantile(upper: number, dof: number): number {
  let low = 0;
  let high = Math.max(1, dof);
  while (chiSquareSf(high, dof) > upper) high *= 2;
  for (let i = 0; i < 100 && high - low > 1e-10 * high; i++) {
    const mid = (low + high) / 2;
    if (chiSquareSf(mid, dof) > upper) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** Standard normal upper quantile z with P(Z ≥ z) = upper (Acklam's rational approximation, ~1e-9). */
export function normalUpperQuantile(upper: number): number {
  const p = 1 - upper;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

const BRIDGES = 4000;
/** Grid of the bridges: u = 1/G … (G − 1)/G, the reference quantiles passed in are at 0, 1/G, …, 1. */
export const BRIDGE_GRID = 64;
let bridges: Float64Array | undefined;

/** |B(u)| at the midpoints of the G grid cells for 4,000 Brownian bridges, seeded (the same every run). */
function bridgeTable(): Float64Array {
  if (bridges) return bridges;
  const table = new Float64Array(BRIDGES * BRIDGE_GRID);
  let state = 0x2545f491;
  const uniform = () => ((state = nextXorshift32(state)) + 0.5) / 4294967296;
  const walk = new Float64Array(2 * BRIDGE_GRID + 1);
  const step = Math.sqrt(1 / (2 * BRIDGE_GRID));
  for (let r = 0; r < BRIDGES; r++) {
    // A Brownian motion on the 2G half-cells, pinned to 0 at u = 1; midpoints are the odd half-cells.
    walk[0] = 0;
    for (let i = 1; i < walk.length; i += 2) {
      const radius = Math.sqrt(-2 * Math.log(uniform()));
      const angle = 2 * Math.PI * uniform();
      walk[i] = walk[i - 1] + step * radius * Math.cos(angle);
      if (i + 1 < walk.length) walk[i + 1] = walk[i] + step * radius * Math.sin(angle);
    }
    const end = walk[walk.length - 1];
    for (let j = 0; j < BRIDGE_GRID; j++) {
      const u = (2 * j + 1) / (2 * BRIDGE_GRID);
      table[r * BRIDGE_GRID + j] = Math.abs(walk[2 * j + 1] - u * end);
    }
  }
  bridges = table;
  return table;
}

/**
 * Upper quantiles of sorted simulated draws: empirical where at least 4 draws lie beyond, else the tail from the
 * 99th percentile extended like a normal tail (the fail level sits beyond what a few thousand draws show).
 */
function tailQuantiles(draws: Float64Array, uppers: number[]): number[] {
  const count = draws.length;
  const q99 = draws[Math.ceil(0.99 * count) - 1];
  const median = draws[Math.ceil(0.5 * count) - 1];
  const z99 = normalUpperQuantile(0.01);
  return uppers.map((upper) =>
    upper * count >= 4
      ? draws[Math.min(count - 1, Math.ceil((1 - upper) * count) - 1)]
      : q99 + ((q99 - median) * (normalUpperQuantile(upper) - z99)) / z99,
  );
}

/** Upper quantiles of ∫|B(u)| dQ(u) over the seeded bridges, Q given at the G + 1 grid points. */
function bridgeIntegralQuantiles(quantiles: ArrayLike<number>, uppers: number[]): number[] {
  const table = bridgeTable();
  const widths = new Float64Array(BRIDGE_GRID);
  for (let j = 0; j < BRIDGE_GRID; j++) widths[j] = quantiles[j + 1] - quantiles[j];
  const integrals = new Float64Array(BRIDGES);
  for (let r = 0; r < BRIDGES; r++) {
    let sum = 0;
    const row = r * BRIDGE_GRID;
    for (let j = 0; j < BRIDGE_GRID; j++) sum += table[row + j] * widths[j];
    integrals[r] = sum;
  }
  return tailQuantiles(integrals.sort(), uppers);
}

/** Draws of the parametric bootstrap of a categorical statistic: enough for the 99.8th percentile. */
const CATEGORY_DRAWS = 2000;
/** Below this expected count in some category (at the smaller sample), χ² is no guide: simulate. */
const SPARSE_EXPECTED = 5;

/** A seeded binomial draw: inversion for small means, the normal approximation for large ones. */
function binomial(n: number, p: number, uniform: () => number, normal: () => number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const mean = n * p;
  const variance = mean * (1 - p);
  if (variance > 25) return Math.min(n, Math.max(0, Math.round(mean + Math.sqrt(variance) * normal())));
  // Inversion from 0 (mean ≤ ~26 here): P(X = k + 1) = P(X = k)·(n − k)/(k + 1)·p/(1 − p).
  let k = 0;
  let probability = Math.exp(n * Math.log1p(-p));
  let cumulative = probability;
  const u = uniform();
  const ratio = p / (1 - p);
  while (u > cumulative && k < n) {
    probability *= ((n - k) / (k + 1)) * ratio;
    k++;
    cumulative += probability;
    if (probability < 1e-300 && k > mean) break;
  }
  return k;
}

/**
 * Upper quantiles of Jensen-Shannon or L∞ between two samples of n_ref and n_cur values drawn from the
 * reference's own shares (a parametric bootstrap from the profile), with the reference's singletons'
 * share (Good-Turing's unseen mass) spread over as many unseen categories, so that a sparse reference's
 * rare values can appear on one side only, as they do in real samples.
 */
function categoricalBootstrap(
  statistic: 'jensen_shannon' | 'linf',
  reference: ArrayLike<number>,
  nReference: number,
  nCurrent: number,
  uppers: number[],
): number[] {
  const shares: number[] = [];
  let singletons = 0;
  for (let i = 0; i < reference.length; i++) {
    if (reference[i] <= 0) continue;
    shares.push(reference[i]);
    if (reference[i] === 1) singletons++;
  }
  const total = shares.reduce((a, b) => a + b, 0);
  const unseen = singletons / total;
  const probabilities = shares.map((c) => (c / total) * (1 - unseen));
  for (let i = 0; i < singletons; i++) probabilities.push(unseen / singletons);
  let state = 0x6a09e667;
  const uniform = () => ((state = nextXorshift32(state)) + 0.5) / 4294967296;
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const k = probabilities.length;
  const left = new Float64Array(k);
  const right = new Float64Array(k);
  const multinomial = (n: number, into: Float64Array) => {
    let remaining = n;
    let mass = 1;
    for (let i = 0; i < k; i++) {
      const p = mass > 0 ? Math.min(1, probabilities[i] / mass) : 0;
      const x = i === k - 1 ? remaining : binomial(remaining, p, uniform, normal);
      into[i] = x;
      remaining -= x;
      mass -= probabilities[i];
    }
  };
  const draws = new Float64Array(CATEGORY_DRAWS);
  for (let r = 0; r < CATEGORY_DRAWS; r++) {
    multinomial(nReference, left);
    multinomial(nCurrent, right);
    draws[r] = statistic === 'linf' ? lInfinity(left, right) : jensenShannonDistance(left, right);
  }
  return tailQuantiles(draws.sort(), uppers);
}

/** The null quantile of a statistic at one level. */
function nullQuantiles(statistic: CalibratedStatistic, shape: NullShape): [number, number, string] {
  const v = 1 / shape.nReference + 1 / shape.nCurrent;
  const dof = Math.max(1, (shape.bins ?? 2) - 1);
  switch (statistic) {
    case 'psi':
      return [
        v * chiSquareQuantile(WARN_ALPHA, dof),
        v * chiSquareQuantile(FAIL_ALPHA, dof),
        `(1/n_ref + 1/n_cur)·χ²(${dof})`,
      ];
    case 'jensen_shannon':
    case 'linf':
      if (isSparse(shape)) {
        const [warn, fail] = categoricalBootstrap(
          statistic,
          shape.referenceCounts!,
          shape.nReference,
          shape.nCurrent,
          [WARN_ALPHA, FAIL_ALPHA],
        );
        return [warn, fail, `${CATEGORY_DRAWS} draws of both sample sizes from the reference's shares`];
      }
      if (statistic === 'linf') return linfLevels(shape, v);
      {
        const level = (alpha: number) => Math.sqrt((v * chiSquareQuantile(alpha, dof)) / (8 * Math.LN2));
        return [level(WARN_ALPHA), level(FAIL_ALPHA), `√((1/n_ref + 1/n_cur)·χ²(${dof})/(8 ln 2))`];
      }
    case 'wasserstein': {
      const [warn, fail] = shape.scaledQuantiles
        ? bridgeIntegralQuantiles(shape.scaledQuantiles, [WARN_ALPHA, FAIL_ALPHA])
        : [Infinity, Infinity];
      // The bridge is the large-sample limit; heavy tails reach it slowly, hence a margin that fades with n.
      const margin = 1 + 3 / Math.sqrt(Math.min(shape.nReference, shape.nCurrent));
      return [
        Math.sqrt(v) * warn * margin,
        Math.sqrt(v) * fail * margin,
        '√(1/n_ref + 1/n_cur)·∫|bridge| d(reference quantiles)/std·(1 + 3/√min n)',
      ];
    }
  }
}

/** Some reference category would be expected fewer than 5 times in the smaller sample. */
function isSparse(shape: NullShape): boolean {
  const counts = shape.referenceCounts;
  if (!counts) return false;
  let total = 0;
  let least = Infinity;
  for (let i = 0; i < counts.length; i++) {
    total += counts[i];
    if (counts[i] > 0) least = Math.min(least, counts[i]);
  }
  return (least / total) * Math.min(shape.nReference, shape.nCurrent) < SPARSE_EXPECTED;
}

/** L∞ by the normal approximation of each share's difference, Bonferroni over the k categories. */
function linfLevels(shape: NullShape, v: number): [number, number, string] {
  const k = shape.bins ?? 2;
  const spread = Math.sqrt(v * (shape.maxBinVariance ?? 0.25));
  return [
    normalUpperQuantile(WARN_ALPHA / (2 * k)) * spread,
    normalUpperQuantile(FAIL_ALPHA / (2 * k)) * spread,
    `z·√((1/n_ref + 1/n_cur)·max p(1−p)) over ${k} categories`,
  ];
}

/**
 * Warn and fail levels for one comparison: the null quantile at WARN_ALPHA / FAIL_ALPHA, at least the floor.
 * A level the contract fixes is kept as written (a fixed warn also raises a calibrated fail to at least itself).
 */
export function calibratedThresholds(
  statistic: CalibratedStatistic,
  shape: NullShape,
  fixed: { warn?: number; fail?: number } = {},
): Calibrated {
  const floor = DRIFT_FLOORS[statistic];
  const [nullWarn, nullFail, formula] = nullQuantiles(statistic, shape);
  const warn = fixed.warn ?? Math.max(floor.warn, nullWarn);
  const fail = fixed.fail ?? Math.max(floor.fail, nullFail, warn);
  const sizes = `n_ref ${shape.nReference}, n_cur ${shape.nCurrent}`;
  const written = fixed.warn !== undefined && fixed.fail !== undefined;
  const basis = written
    ? `set in the contract`
    : `${fixed.warn !== undefined ? 'warn set in the contract; ' : ''}${fixed.fail !== undefined ? 'fail set in the contract; ' : ''}` +
      `same-distribution samples of ${sizes} exceed ${formatNumber(nullWarn)} in ${100 * WARN_ALPHA}% and ${formatNumber(nullFail)} in ` +
      `${100 * FAIL_ALPHA}% of draws (${formula}); floors ${floor.warn} and ${floor.fail}`;
  return { warn, fail, basis };
}
