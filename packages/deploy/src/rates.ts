/**
 * Error rates judged on their counts: a canary fails a bound or the comparison with stable only with evidence at
 * the metric's significance, never because two errors among 75 requests read as 2.7 %.
 *
 * Model (as in sequential.ts): the errors of each version are Poisson in proportion to its requests. Given the
 * k = e_c + e_s errors of a window, the canary's share of them is Binomial(k, n_c·θ / (n_c·θ + n_s)), θ = canary
 * rate / stable rate, whatever stable's rate is: the exact conditional test of two Poisson rates (Przyborowski and
 * Wilenski 1940; scipy.stats.binomtest on e_c of k).
 */
import { binomialLowerTail, binomialUpperTail, clopperPearsonLower } from './statistics.js';

/** Errors and requests of one version over one window (or one interval). */
export interface Counts {
  errors: number;
  requests: number;
}

export interface RateTolerance {
  /** The canary's error rate may be up to (1 + relative) × stable's… */
  relative: number;
  /** …plus this absolute amount. */
  absolute: number;
}

/**
 * The share of the significance spent on bounding stable's rate from below when `absolute-tolerance` is set
 * (Berger and Boos 1994: p-value sup over a 1 − γ confidence set of the nuisance parameter, plus γ).
 */
export const STABLE_BOUND_SHARE = 0.1;

/**
 * The largest canary/stable ratio of error rates within the tolerance: 1 + relative, plus absolute / stable's rate
 * at its lower 1 − γ confidence bound (Clopper–Pearson) when absolute > 0. Infinite when stable had no error
 * (its rate may be 0, and any canary rate up to `absolute` is within the tolerance).
 */
export function ratioBound(tolerance: RateTolerance, stable: Counts, gamma: number): number {
  if (!(tolerance.absolute > 0)) return 1 + tolerance.relative;
  const floor = clopperPearsonLower(stable.errors, stable.requests, gamma);
  return floor > 0 ? 1 + tolerance.relative + tolerance.absolute / floor : Infinity;
}

/** The canary's expected share of both versions' errors when its rate is θ times stable's. */
export const canaryShare = (canaryRequests: number, stableRequests: number, theta: number): number =>
  theta === Infinity ? 1 : (canaryRequests * theta) / (canaryRequests * theta + stableRequests);

export interface RateComparison {
  /** One-sided p-value of "the canary is within the tolerance". */
  pValue: number;
  /** The ratio bound tested (1 + relative, more with an absolute tolerance). */
  ratioBound: number;
}

/**
 * H0: canary rate ≤ (1 + relative) · stable rate + absolute, against "worse beyond the tolerance". p = P(X ≥ e_c),
 * X ~ Binomial(e_c + e_s, share at the ratio bound); with an absolute tolerance the bound uses stable's lower
 * confidence bound at γ = significance · STABLE_BOUND_SHARE and γ is added to p, so the test keeps its level for
 * every value of stable's true rate.
 */
export function compareRates(
  canary: Counts,
  stable: Counts,
  tolerance: RateTolerance,
  significance: number,
): RateComparison {
  const gamma = tolerance.absolute > 0 ? significance * STABLE_BOUND_SHARE : 0;
  const bound = ratioBound(tolerance, stable, gamma);
  const errors = canary.errors + stable.errors;
  const tail =
    errors === 0 || canary.requests <= 0
      ? 1
      : stable.requests <= 0
        ? Number.NaN
        : binomialUpperTail(canary.errors, errors, canaryShare(canary.requests, stable.requests, bound));
  return { pValue: Math.min(1, tail + gamma), ratioBound: bound };
}

/** P(an error rate of `bound` gives at least the canary's errors): small when its rate is above a max. */
export const pAboveMax = (counts: Counts, bound: number): number =>
  binomialUpperTail(counts.errors, counts.requests, bound);

/** P(an error rate of `bound` gives at most the canary's errors): small when its rate is below a min. */
export const pBelowMin = (counts: Counts, bound: number): number =>
  binomialLowerTail(counts.errors, counts.requests, bound);
