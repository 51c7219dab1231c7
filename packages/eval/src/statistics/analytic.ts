/**
 * Intervals without case resampling, for large N: DeLong's variance of ROC AUC (and of its one-vs-rest macro
 * average), normal intervals of means and totals (Wilson's for 0/1 outcomes), distribution-free order-statistic
 * intervals of quantiles, and a binned bootstrap for ECE. Each costs O(n) once instead of O(n) per resample.
 */
import type { PreparedRanking } from '../metrics/probabilistic.js';
import { normalQuantile } from './distributions.js';
import { Rng, type Seed } from './random.js';

/** How a reported interval was computed (recorded per metric in the report). */
export type IntervalMethod =
  | 'case-bootstrap'
  | 'cell-bootstrap'
  | 'binned-bootstrap'
  | 'delong'
  | 'influence'
  | 'normal'
  | 'wilson'
  | 'order-statistic';

export interface MethodInterval {
  lower: number;
  upper: number;
  method: IntervalMethod;
}

const { sqrt, max, min, floor, ceil, abs } = Math;

/** z of a two-sided `level` interval. */
export function zOf(level: number): number {
  return normalQuantile((1 + level) / 2);
}

/** estimate ± z·se, clipped to [low, high]. NaN estimate or standard error → NaN bounds. */
export function normalInterval(
  estimate: number,
  standardError: number,
  level: number,
  method: IntervalMethod = 'normal',
  low = -Infinity,
  high = Infinity,
): MethodInterval {
  const z = zOf(level);
  if (!(standardError >= 0) || Number.isNaN(estimate)) return { lower: NaN, upper: NaN, method };
  return {
    lower: max(low, estimate - z * standardError),
    upper: min(high, estimate + z * standardError),
    method,
  };
}

/**
 * A normal interval for a quantity in (0, 1) built on the logit scale and mapped back (se of logit(p) by the delta
 * method, se/(p·(1 − p))): it stays inside (0, 1) and is better calibrated near the ends. p of 0 or 1 → [p, p].
 */
export function logitInterval(
  estimate: number,
  standardError: number,
  level: number,
  method: IntervalMethod,
): MethodInterval {
  if (Number.isNaN(estimate) || !(standardError >= 0)) return { lower: NaN, upper: NaN, method };
  if (estimate <= 0 || estimate >= 1 || standardError === 0)
    return { lower: estimate, upper: estimate, method };
  const z = zOf(level);
  const centre = Math.log(estimate / (1 - estimate));
  const spread = (z * standardError) / (estimate * (1 - estimate));
  return {
    lower: 1 / (1 + Math.exp(-(centre - spread))),
    upper: 1 / (1 + Math.exp(-(centre + spread))),
    method,
  };
}

/** Wilson's score interval of a proportion (successes of n). */
export function wilsonInterval(successes: number, n: number, level: number): MethodInterval {
  if (!(n > 0)) return { lower: NaN, upper: NaN, method: 'wilson' };
  const z = zOf(level);
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lower: max(0, centre - half), upper: min(1, centre + half), method: 'wilson' };
}

/**
 * The interval of a mean of per-case values under case resampling: Wilson's when every value is 0 or 1, else
 * mean ± z·s/√n (s with the n − 1 denominator). The sample mean's sampling distribution is normal to O(n^-1/2).
 */
export function meanInterval(values: ArrayLike<number>, level: number): MethodInterval {
  const n = values.length;
  let sum = 0;
  let binary = true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    sum += v;
    if (v !== 0 && v !== 1) binary = false;
  }
  if (n < 2) return { lower: NaN, upper: NaN, method: 'normal' };
  if (binary) return wilsonInterval(sum, n, level);
  const { mean, standardError } = meanStandardError(values);
  return normalInterval(mean, standardError, level);
}

/** The mean of values and its standard error s/√n (s with the n − 1 denominator). */
export function meanStandardError(values: ArrayLike<number>): { mean: number; standardError: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) * (values[i] - mean);
  return { mean, standardError: n > 1 ? sqrt(ss / (n - 1) / n) : NaN };
}

/** The interval of a total Σx under case resampling (n fixed): Σx ± z·√n·s. */
export function sumInterval(values: ArrayLike<number>, level: number): MethodInterval {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  if (n < 2) return { lower: NaN, upper: NaN, method: 'normal' };
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) * (values[i] - mean);
  return normalInterval(sum, sqrt((ss / (n - 1)) * n), level);
}

/**
 * The distribution-free interval of the q-quantile (e.g. Conover 1999, §3.2): the order statistics at ranks
 * n·q ∓ z·√(n·q·(1 − q)) (normal approximation of the binomial count of values below the quantile).
 */
export function quantileInterval(sorted: ArrayLike<number>, q: number, level: number): MethodInterval {
  const n = sorted.length;
  if (n < 2) return { lower: NaN, upper: NaN, method: 'order-statistic' };
  const z = zOf(level);
  const spread = z * sqrt(n * q * (1 - q));
  const lowRank = max(1, floor(n * q - spread)); // 1-based ranks
  const highRank = min(n, ceil(n * q + spread) + 1);
  return { lower: sorted[lowRank - 1], upper: sorted[highRank - 1], method: 'order-statistic' };
}

/** ROC AUC with DeLong's variance. */
export interface DeLongResult {
  auc: number;
  variance: number;
  /** Weighted counts of positives and negatives. */
  positives: number;
  negatives: number;
}

/** DeLong's result with each tie group's structural components (V10, V01), in ranking order. */
interface DeLongComponents extends DeLongResult {
  v10: Float64Array;
  v01: Float64Array;
}

/**
 * DeLong, DeLong & Clarke-Pearson (1988): AUC = mean over positives of the structural component
 * V10(x) = P(negative score < x) + ½·P(= x), and Var(AUC) = S10/m + S01/n with S10, S01 the sample variances
 * (m − 1, n − 1 denominators) of V10 over the m positives and V01(y) = P(positive score > y) + ½·P(= y) over the n
 * negatives. From a ranking sorted once, the components are constant within a tie group, so this is O(n) — the
 * midrank form of Sun & Xu (2014). `weights` are case multiplicities (e.g. cell counts).
 */
export function delongSorted(prepared: PreparedRanking, weights?: ArrayLike<number>): DeLongResult {
  const { auc, variance, positives, negatives } = delongComponents(prepared, weights);
  return { auc, variance, positives, negatives };
}

function delongComponents(prepared: PreparedRanking, weights?: ArrayLike<number>): DeLongComponents {
  const none = new Float64Array(0);
  const fail = { auc: NaN, variance: NaN, positives: NaN, negatives: NaN, v10: none, v01: none };
  if (!prepared.valid) return fail;
  const { gp, gn, positives: m, negatives: n } = tieGroupCounts(prepared, weights);
  const groups = gp.length;
  if (!(m > 0 && n > 0)) return { ...fail, positives: m, negatives: n };
  // Descending scores: negatives below group g = n − (negatives above) − gn[g].
  let negAbove = 0;
  let posAbove = 0;
  let area = 0;
  const v10 = new Float64Array(groups);
  const v01 = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    v10[g] = (n - negAbove - gn[g] / 2) / n;
    v01[g] = (posAbove + gp[g] / 2) / m;
    area += gp[g] * v10[g];
    negAbove += gn[g];
    posAbove += gp[g];
  }
  const auc = area / m;
  let s10 = 0;
  let s01 = 0;
  for (let g = 0; g < groups; g++) {
    s10 += gp[g] * (v10[g] - auc) * (v10[g] - auc);
    s01 += gn[g] * (v01[g] - auc) * (v01[g] - auc);
  }
  const variance = (m > 1 ? s10 / (m - 1) / m : 0) + (n > 1 ? s01 / (n - 1) / n : 0);
  return { auc, variance, positives: m, negatives: n, v10, v01 };
}

/** Weighted positives and negatives in each tie group of a ranking (descending scores), and their totals. */
function tieGroupCounts(prepared: PreparedRanking, weights?: ArrayLike<number>) {
  const { order, positive, groupEnds } = prepared;
  const groups = groupEnds.length;
  const gp = new Float64Array(groups);
  const gn = new Float64Array(groups);
  let positives = 0;
  let negatives = 0;
  let start = 0;
  for (let g = 0; g < groups; g++) {
    const end = groupEnds[g];
    let p = 0;
    let q = 0;
    for (let i = start; i < end; i++) {
      const w = weights === undefined ? 1 : weights[order[i]];
      if (positive[i] === 1) p += w;
      else q += w;
    }
    gp[g] = p;
    gn[g] = q;
    positives += p;
    negatives += q;
    start = end;
  }
  return { gp, gn, positives, negatives };
}

/**
 * Average precision (sklearn's step-wise AP = S/P, S = Σ_g p_g·TP_g/C_g over tie groups g in descending score
 * order, p_g the group's positives, TP_g and C_g the positives and cases at or above it, P all positives) with its
 * variance by the influence function — the infinitesimal jackknife Σ_i (∂AP/∂w_i)² at unit case weights (Efron
 * 1982, §6; the delta method for a ratio of sums). A positive case of group g moves AP by (TP_g/C_g + A_g − AP)/P
 * and a negative one by −B_g/P, with the suffix sums A_g = Σ_{h≥g} p_h·FP_h/C_h² and B_g = Σ_{h≥g} p_h·TP_h/C_h²,
 * so it is O(n) from a ranking sorted once. AP has no other standard analytic interval; this one's coverage is
 * measured in bench/README.md ("average precision").
 */
export function averagePrecisionVariance(prepared: PreparedRanking): { ap: number; variance: number } {
  if (!prepared.valid) return { ap: NaN, variance: NaN };
  const { gp, gn, positives, negatives } = tieGroupCounts(prepared);
  const groups = gp.length;
  // No positives: AP is 0 in every resample too (sklearn 1.2.1's convention).
  if (!(positives > 0)) return { ap: 0, variance: 0 };
  let sum = 0;
  for (let g = 0, tp = 0, cases = 0; g < groups; g++) {
    tp += gp[g];
    cases += gp[g] + gn[g];
    sum += gp[g] * (tp / cases);
  }
  const ap = sum / positives;
  // Backwards, the positives and cases at or above group g are the totals less the groups below it (whole counts:
  // exact), so no per-group arrays are kept.
  let tp = positives;
  let c = positives + negatives;
  let a = 0;
  let b = 0;
  let squares = 0;
  for (let g = groups - 1; g >= 0; g--) {
    const step = gp[g] / (c * c);
    a += step * (c - tp);
    b += step * tp;
    const positiveMove = (tp / c + a - ap) / positives;
    const negativeMove = -b / positives;
    squares += gp[g] * positiveMove * positiveMove + gn[g] * negativeMove * negativeMove;
    tp -= gp[g];
    c -= gp[g] + gn[g];
  }
  return { ap, variance: squares };
}

/**
 * The one-vs-rest macro AUC (mean of K per-class AUCs over the same cases) with its variance: the per-class
 * structural components, centred and scaled into each case's influence on its class's AUC, are averaged per case
 * over the classes, so Var = (1/K²)·[Σ_c DeLong Var_c + Σ_{c≠d} Σ_i φ_c(i)·φ_d(i)] with φ_c(i) = (V10 − A_c)/m_c
 * for a case of class c and (V01 − A_c)/n_c otherwise. O(K·n) given the K rankings.
 */
export function delongOvrMacroSorted(rankings: readonly PreparedRanking[]): {
  auc: number;
  variance: number;
} {
  const k = rankings.length;
  if (k === 0) return { auc: NaN, variance: NaN };
  const total = new Float64Array(rankings[0].n);
  let aucSum = 0;
  let diagonal = 0;
  let ownSquares = 0;
  for (const ranking of rankings) {
    const { order, positive, groupEnds } = ranking;
    const result = delongComponents(ranking);
    if (Number.isNaN(result.auc)) return { auc: NaN, variance: NaN };
    const { auc, positives: m, negatives: n, v10, v01 } = result;
    // Each case's influence on its class's AUC, constant within a tie group.
    let squares = 0;
    for (let g = 0, start = 0; g < groupEnds.length; start = groupEnds[g++]) {
      const phiPositive = (v10[g] - auc) / m;
      const phiNegative = (v01[g] - auc) / n;
      for (let i = start; i < groupEnds[g]; i++) {
        const phi = positive[i] === 1 ? phiPositive : phiNegative;
        total[order[i]] += phi;
        squares += phi * phi;
      }
    }
    aucSum += auc;
    diagonal += result.variance;
    ownSquares += squares;
  }
  let all = 0;
  for (let i = 0; i < total.length; i++) all += total[i] * total[i];
  return { auc: aucSum / k, variance: max(0, (diagonal + all - ownSquares) / (k * k)) };
}

export interface BinnedBootstrapOptions {
  /** Each case's bin. */
  bin: ArrayLike<number>;
  /** Each case's value (e.g. correct − confidence). */
  value: ArrayLike<number>;
  bins: number;
  resamples: number;
  seed: Seed;
  /** The statistic from per-bin sums of the values over a resample of n cases. */
  statistic: (sums: Float64Array, n: number) => number;
}

/** Bins with fewer cases than this are resampled case by case; larger ones by the normal law of their sum. */
const EXACT_BIN = 1000;

/**
 * The bootstrap of a statistic of per-bin sums (ECE): how many of the n resampled cases fall in each bin is drawn
 * exactly (multinomial); the sum of a bin's drawn values is drawn exactly for a bin of fewer than 1,000 cases and,
 * for a larger one, from the normal law of a sum of that many draws (mean and variance of the bin's values), whose
 * error is O(1/√count). O(bins + cases of small bins) per resample instead of O(n).
 */
export function binnedBootstrap(options: BinnedBootstrapOptions): Float64Array {
  const { bin, value, bins, resamples, statistic } = options;
  const n = bin.length;
  const counts = new Float64Array(bins);
  const sums = new Float64Array(bins);
  const squares = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const b = bin[i];
    counts[b]++;
    sums[b] += value[i];
    squares[b] += value[i] * value[i];
  }
  const mean = Float64Array.from(counts, (c, b) => (c > 0 ? sums[b] / c : 0));
  const sd = Float64Array.from(counts, (c, b) =>
    c > 0 ? sqrt(max(0, squares[b] / c - mean[b] * mean[b])) : 0,
  );
  const small: (Float64Array | undefined)[] = Array.from({ length: bins }, (_, b) =>
    counts[b] > 0 && counts[b] < EXACT_BIN ? new Float64Array(counts[b]) : undefined,
  );
  const fill = new Uint32Array(bins);
  for (let i = 0; i < n; i++) {
    const values = small[bin[i]];
    if (values) values[fill[bin[i]]++] = value[i];
  }
  const rng = new Rng(options.seed);
  const drawn = new Float64Array(bins);
  const resampled = new Float64Array(bins);
  const out = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    rng.multinomialInto(n, counts, drawn);
    for (let b = 0; b < bins; b++) {
      const c = drawn[b];
      const values = small[b];
      if (c === 0) resampled[b] = 0;
      else if (values) {
        let s = 0;
        for (let j = 0; j < c; j++) s += values[rng.nextInt(values.length)];
        resampled[b] = s;
      } else resampled[b] = c * mean[b] + sqrt(c) * sd[b] * rng.normal();
    }
    out[r] = statistic(resampled, n);
  }
  return out;
}

/** |x| summed: the ECE numerator from per-bin gap sums. */
export function sumAbs(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += abs(values[i]);
  return s;
}
