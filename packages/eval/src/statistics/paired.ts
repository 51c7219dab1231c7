/** Paired comparison of a run with its baseline on shared cases: paired bootstrap, exact McNemar test and minimum detectable effect. */

import {
  DEFAULT_LEVEL,
  DEFAULT_RESAMPLES,
  DEFAULT_SEED,
  bootstrapInterval,
  checkCounts,
  checkResamples,
  resampleCounts,
} from './bootstrap.js';
import type { BootstrapInterval, CellStatistic, WeightedStatistic } from './bootstrap.js';
import { binomialCdf, binomialSf, normalQuantile } from './distributions.js';
import { Rng } from './random.js';
import type { Seed } from './random.js';

export interface PairedBootstrapOptions {
  /** Number of shared cases; both statistics index the same n cases. */
  n: number;
  resamples?: number;
  seed?: Seed;
  /** Confidence level of `ci`. */
  level?: number;
  /** The metric of the current run (higher is better). */
  statistic: WeightedStatistic;
  /** The same metric of the baseline run. */
  baselineStatistic: WeightedStatistic;
}

export interface PairedBootstrapResult {
  /** Point estimates on the shared cases (every weight 1). */
  current: number;
  baseline: number;
  /** current − baseline. Negative = the current run is worse. */
  delta: number;
  /** Percentile interval of the resampled deltas Δ* (NaN resamples dropped and counted). */
  ci: BootstrapInterval;
  /** Standard deviation of the valid Δ*: the bootstrap standard error of `delta`. */
  standardError: number;
  /**
   * One-sided p-value for H0 "current is not worse than baseline" (Δ ≥ 0) against "current is worse":
   * (1 + #{Δ* ≥ 0}) / (B + 1), B = valid resamples. Resamples with Δ* exactly 0 count against a decline, so
   * identical runs give 1. Without the +1 terms it is the fraction of Δ* ≥ 0, i.e. the smallest α at which the
   * one-sided (1 − α) upper percentile bound of Δ is below 0; the +1 correction (North, Curtis & Sham 2002) keeps
   * it ≥ 1/(B + 1), so with B = 1000 nothing below ≈0.001 can be reported and α should be well above that.
   */
  pValueDecline: number;
  /** The mirror image for "current is better": (1 + #{Δ* ≤ 0}) / (B + 1). */
  pValueImprovement: number;
  /** Resampled deltas Δ*_b = current*_b − baseline*_b (NaN where either statistic was NaN). */
  deltas: Float64Array;
}

/**
 * The paired bootstrap of a metric difference (Efron & Tibshirani 1993, §16; Koehn 2004 for evaluation metrics):
 * every resample draws the same cases for both runs, so the per-case correlation between the runs is kept and the
 * interval is much narrower than for two independent bootstraps. Higher-is-better is assumed: for a
 * lower-is-better metric pass the negated statistics (or swap the roles of "decline" and "improvement").
 */
export function pairedBootstrap(options: PairedBootstrapOptions): PairedBootstrapResult {
  const { n, statistic, baselineStatistic } = options;
  const resamples = checkResamples(options.resamples ?? DEFAULT_RESAMPLES);
  const rng = new Rng(options.seed ?? DEFAULT_SEED);
  const weights = new Uint32Array(n).fill(1);
  const current = statistic(weights);
  const baseline = baselineStatistic(weights);
  const deltas = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    resampleCounts(rng, n, weights);
    deltas[r] = statistic(weights) - baselineStatistic(weights);
  }
  return summarizePaired(current, baseline, deltas, options.level ?? DEFAULT_LEVEL);
}

export interface PairedBootstrapConfusionOptions {
  /**
   * Joint cell counts over the shared cases: each case falls in exactly one cell of the cross-classification of
   * the two runs (e.g. 2×2 baseline-correct × current-correct, or baseline cell × current cell).
   */
  counts: ArrayLike<number>;
  resamples?: number;
  seed?: Seed;
  level?: number;
  statistic: CellStatistic;
  baselineStatistic: CellStatistic;
}

/**
 * `pairedBootstrap` for metrics that depend on the cases only through a joint table of counts: each resample is
 * one Multinomial(n, counts/n) draw over the joint cells (O(cells), no per-case work), which is exactly the
 * distribution of re-tabulating a case resample.
 */
export function pairedBootstrapConfusion(options: PairedBootstrapConfusionOptions): PairedBootstrapResult {
  const { counts, statistic, baselineStatistic } = options;
  const resamples = checkResamples(options.resamples ?? DEFAULT_RESAMPLES);
  const n = checkCounts(counts, 'pairedBootstrapConfusion');
  const rng = new Rng(options.seed ?? DEFAULT_SEED);
  const cells = Float64Array.from(counts);
  const current = statistic(cells);
  const baseline = baselineStatistic(cells);
  const deltas = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    rng.multinomialInto(n, counts, cells);
    deltas[r] = statistic(cells) - baselineStatistic(cells);
  }
  return summarizePaired(current, baseline, deltas, options.level ?? DEFAULT_LEVEL);
}

function summarizePaired(
  current: number,
  baseline: number,
  deltas: Float64Array,
  level: number,
): PairedBootstrapResult {
  const ci = bootstrapInterval(deltas, level);
  let atLeastZero = 0;
  let atMostZero = 0;
  for (let i = 0; i < deltas.length; i++) {
    const d = deltas[i];
    if (d >= 0) atLeastZero++;
    if (d <= 0) atMostZero++;
  }
  const valid = ci.validResamples;
  return {
    current,
    baseline,
    delta: current - baseline,
    ci,
    standardError: ci.standardError,
    // Monte Carlo p-value with the +1 correction (North, Curtis & Sham 2002; Davison & Hinkley 1997, ch. 4).
    pValueDecline: valid > 0 ? (1 + atLeastZero) / (valid + 1) : NaN,
    pValueImprovement: valid > 0 ? (1 + atMostZero) / (valid + 1) : NaN,
    deltas,
  };
}

export interface McNemarResult {
  /** Cases correct in the baseline only. */
  b: number;
  /** Cases correct in the current run only. */
  c: number;
  /** Discordant pairs b + c. */
  discordant: number;
  /** min(b, c), the exact test's statistic (as statsmodels reports it). */
  statistic: number;
  /** Exact two-sided p-value: min(1, 2·P(X ≤ min(b, c))), X ~ Bin(b + c, 1/2). Equals statsmodels' mcnemar(table, exact=True). */
  pValue: number;
  /** One-sided p-value for "current is worse": P(X ≥ b), X ~ Bin(b + c, 1/2). */
  pValueDecline: number;
  /** One-sided p-value for "current is better": P(X ≥ c), X ~ Bin(b + c, 1/2). */
  pValueImprovement: number;
}

/**
 * The exact (conditional binomial) McNemar test for paired 0/1 outcomes (McNemar 1947; exact form as in
 * statsmodels.stats.contingency_tables.mcnemar(exact=True)). Under H0 (same accuracy) each of the b + c discordant
 * cases is equally likely to favour either run. Tail probabilities use the incomplete-beta continued fraction, so
 * b + c up to 10^7 (and beyond) costs microseconds to a few milliseconds, at ~1e-13 relative accuracy.
 */
export function mcnemar(b: number, c: number): McNemarResult {
  for (const [name, v] of [
    ['b', b],
    ['c', c],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0)
      throw new RangeError(`mcnemar: ${name} must be a non-negative integer, got ${v}`);
  }
  const n = b + c;
  const statistic = Math.min(b, c);
  return {
    b,
    c,
    discordant: n,
    statistic,
    // statsmodels mcnemar(exact=True): min(1, 2·binom.cdf(min(b, c), b + c, 0.5)).
    pValue: Math.min(1, 2 * binomialCdf(statistic, n, 0.5)),
    pValueDecline: binomialSf(b - 1, n, 0.5),
    pValueImprovement: binomialSf(c - 1, n, 0.5),
  };
}

/**
 * Standard error of the difference in accuracy (current − baseline) between two runs on the same n cases, from the
 * discordant counts: √(b + c − (c − b)²/n)/n, the Wald variance of a difference of dependent proportions
 * (Agresti, Categorical Data Analysis, "comparing dependent proportions").
 */
export function pairedProportionStandardError(b: number, c: number, n: number): number {
  if (!(n > 0) || !(b >= 0) || !(c >= 0) || b + c > n) {
    throw new RangeError(
      `pairedProportionStandardError: need 0 ≤ b, c and b + c ≤ n, n > 0 (b=${b}, c=${c}, n=${n})`,
    );
  }
  const d = c - b;
  // Var(p̂₂ − p̂₁) = [(b + c)/n − ((c − b)/n)²]/n for dependent proportions (Agresti, Categorical Data Analysis).
  return Math.sqrt(Math.max(0, b + c - (d * d) / n)) / n;
}

/**
 * The smallest true effect a one-sided level-α test detects with the given power, for an estimate with standard
 * error SE: (z_{1−α} + z_{power})·SE (the normal-approximation power formula, e.g. Cohen 1988, §12; Bloom 1995).
 * With α = 0.05 and power = 0.8 that is ≈ 2.486·SE. Report it when a gate is inconclusive: a regression smaller
 * than this could not be told from noise with this many cases.
 */
export function minimumDetectableEffect(standardError: number, alpha = 0.05, power = 0.8): number {
  if (!(standardError >= 0))
    throw new RangeError(`minimumDetectableEffect: standardError must be ≥ 0, got ${standardError}`);
  if (!(alpha > 0 && alpha < 1))
    throw new RangeError(`minimumDetectableEffect: alpha must be in (0, 1), got ${alpha}`);
  if (!(power > 0 && power < 1))
    throw new RangeError(`minimumDetectableEffect: power must be in (0, 1), got ${power}`);
  // z_{1−α} written as −Φ⁻¹(α) so that a tiny α keeps its precision.
  return (normalQuantile(power) - normalQuantile(alpha)) * standardError;
}
