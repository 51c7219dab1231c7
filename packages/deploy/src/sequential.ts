/**
 * Sequential analysis of error counts: a mixture sequential probability ratio test (mSPRT) on the ratio of the
 * canary's error rate to stable's, valid at any number of looks (always-valid p-value, Ville's inequality).
 *
 * Model, after Lindon et al., "Rapid Regression Detection in Software Deployments through Sequential Testing"
 * (KDD 2022) and "Anytime-Valid Inference for Multinomial Count Data" (NeurIPS 2022): errors of each version are
 * a Poisson counting process whose intensity is (requests) × (error rate). Given that k errors happened in an
 * interval in which the canary served n_c requests and stable n_s, the number of them from the canary is
 * Binomial(k, p(θ)) with p(θ) = n_c·θ / (n_c·θ + n_s), θ = canary error rate / stable error rate. Nothing else
 * about the traffic (its level, its changes between steps, the split) enters the test.
 *
 * H0: θ ≤ θ0 (θ0 = 1 + relative tolerance: the canary is not worse beyond the tolerance); H1: θ > θ0.
 * Λ_t = ∫ L_t(θ) / L_t(θ0) π(θ) dθ over θ > θ0, with log(θ/θ0) ~ half-normal(priorScale). Each factor
 * L(θ)/L(θ0) has expectation ≤ 1 under every θ' ≤ θ0 (the Bernoulli family has a monotone likelihood ratio), so
 * Λ_t is a non-negative supermartingale under H0 and P(sup_t Λ_t ≥ 1/α) ≤ α: the false rollback rate stays
 * below α however often the test looks. The always-valid p-value is min(1, 1 / max_s Λ_s).
 *
 * With an absolute tolerance a, H0 is canary rate ≤ (1 + relative)·stable rate + a: a ratio bound
 * θ0 = 1 + relative + a / r_s that depends on stable's unknown rate r_s. Each interval i is then tested against
 * θ0_i from stable's Clopper–Pearson lower bound at γ_i = γ·6/(π² i²) on the counts before it (predictable, and
 * below r_s at every look with probability ≥ 1 − γ by the union bound), so each factor still has expectation ≤ 1
 * under H0 on that event; the mixture is compared with 1 / (α − γ) and γ = α · STABLE_BOUND_SHARE is added to
 * the p-value (rates.ts). An interval before stable's first error (θ0 = ∞) carries no information.
 */
import { ratioBound, STABLE_BOUND_SHARE } from './rates.js';

export interface SequentialOptions {
  /** False rollback rate to control (over the whole rollout, any number of looks). */
  alpha: number;
  /** θ0 − 1: the canary may have up to this much more errors per request than stable (0.5 = 50 % more). */
  relativeTolerance: number;
  /** …plus this much more errors per request (0.002: 0.2 points of error rate). */
  absoluteTolerance?: number;
  /** Scale of the half-normal prior on log(θ/θ0) (1: effects up to a few times the bound are likely). */
  priorScale?: number;
  /** Points of the quadrature over log(θ/θ0). */
  gridSize?: number;
}

/** Counts in one interval between two looks: requests served and errors, per version. */
export interface IntervalCounts {
  canaryRequests: number;
  canaryErrors: number;
  stableRequests: number;
  stableErrors: number;
}

export interface SequentialState {
  /** Λ_t, the mixture likelihood ratio now. */
  likelihoodRatio: number;
  /** min(1, 1 / max_s Λ_s). */
  pValue: number;
  /** Totals since the start of the test. */
  canaryRequests: number;
  canaryErrors: number;
  stableRequests: number;
  stableErrors: number;
  /** Whether H0 is rejected (Λ reached 1/α at some look): the canary is worse beyond the tolerance. */
  rejected: boolean;
}

export const DEFAULT_PRIOR_SCALE = 0.5;
/** Nodes of the prior's quadrature: log(θ/θ0) from 0 to 8 prior scales, Simpson's rule. */
const DEFAULT_GRID = 401;

export class SequentialErrorTest {
  readonly alpha: number;
  readonly ratioBound: number;
  private readonly deltas: Float64Array;
  /** log of (quadrature weight × prior density) per node. */
  private readonly logWeights: Float64Array;
  /** log L(θ_i) − log L(θ0) per node. */
  private readonly logRatios: Float64Array;
  private readonly absoluteTolerance: number;
  /** Share of α spent on stable's lower confidence bounds (0 without an absolute tolerance). */
  private readonly gamma: number;
  private boundLooks = 0;
  private maxLikelihoodRatio = 0;
  private totals = { canaryRequests: 0, canaryErrors: 0, stableRequests: 0, stableErrors: 0 };
  private current = 1;

  constructor(options: SequentialOptions) {
    if (!(options.alpha > 0 && options.alpha < 1)) throw new RangeError('alpha must be within (0, 1)');
    if (!(options.relativeTolerance >= 0)) throw new RangeError('relativeTolerance must be ≥ 0');
    if (!((options.absoluteTolerance ?? 0) >= 0)) throw new RangeError('absoluteTolerance must be ≥ 0');
    this.alpha = options.alpha;
    this.ratioBound = 1 + options.relativeTolerance;
    this.absoluteTolerance = options.absoluteTolerance ?? 0;
    this.gamma = this.absoluteTolerance > 0 ? options.alpha * STABLE_BOUND_SHARE : 0;
    const scale = options.priorScale ?? DEFAULT_PRIOR_SCALE;
    let size = options.gridSize ?? DEFAULT_GRID;
    if (size % 2 === 0) size++;
    const upper = 8 * scale;
    const step = upper / (size - 1);
    this.deltas = new Float64Array(size);
    this.logWeights = new Float64Array(size);
    this.logRatios = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      const delta = i * step;
      const simpson = i === 0 || i === size - 1 ? 1 : i % 2 === 1 ? 4 : 2;
      // Half-normal density 2 φ(δ/s) / s.
      const density = (2 / (scale * Math.sqrt(2 * Math.PI))) * Math.exp(-0.5 * (delta / scale) ** 2);
      this.deltas[i] = delta;
      this.logWeights[i] = Math.log(((simpson * step) / 3) * density);
    }
  }

  /** Adds the counts of one interval; returns the state after it. */
  update(counts: IntervalCounts): SequentialState {
    const { canaryRequests: nc, canaryErrors: ec, stableRequests: ns, stableErrors: es } = counts;
    for (const [name, value] of Object.entries(counts))
      if (!(value >= 0) || !Number.isFinite(value))
        throw new RangeError(`${name} must be a count ≥ 0, got ${value}`);
    // An interval in which one side served nothing says nothing about the ratio (every error is that side's).
    if (nc > 0 && ns > 0 && ec + es > 0) {
      const bound = this.intervalBound();
      if (bound !== Infinity) {
        const ratios = this.logRatios;
        for (let i = 0; i < ratios.length; i++)
          ratios[i] += intervalLogRatio(counts, bound * Math.exp(this.deltas[i]), bound);
        this.current = Math.exp(logSumExp(this.logWeights, ratios));
      }
    }
    this.totals.canaryRequests += nc;
    this.totals.canaryErrors += ec;
    this.totals.stableRequests += ns;
    this.totals.stableErrors += es;
    this.maxLikelihoodRatio = Math.max(this.maxLikelihoodRatio, this.current);
    return this.state();
  }

  /** θ0 of the next interval: 1 + relative, or with an absolute tolerance from stable's counts before it. */
  private intervalBound(): number {
    if (this.gamma === 0) return this.ratioBound;
    this.boundLooks++;
    const gamma = (this.gamma * 6) / (Math.PI * Math.PI * this.boundLooks * this.boundLooks);
    return ratioBound(
      { relative: this.ratioBound - 1, absolute: this.absoluteTolerance },
      { errors: this.totals.stableErrors, requests: this.totals.stableRequests },
      gamma,
    );
  }

  state(): SequentialState {
    const best = Math.max(this.maxLikelihoodRatio, this.current);
    return {
      likelihoodRatio: this.current,
      pValue: Math.min(1, 1 / best + this.gamma),
      ...this.totals,
      rejected: best >= 1 / (this.alpha - this.gamma),
    };
  }
}

/**
 * log L(θ) − log L(θ0) of one interval: its errors split between the versions as Binomial(k, p(θ)),
 * p(θ) = n_c·θ / (n_c·θ + n_s). 0 when a side served nothing or nothing failed.
 */
export function intervalLogRatio(counts: IntervalCounts, theta: number, theta0: number): number {
  const { canaryRequests: nc, canaryErrors: ec, stableRequests: ns, stableErrors: es } = counts;
  if (!(nc > 0 && ns > 0 && ec + es > 0)) return 0;
  const total = Math.log(nc * theta + ns);
  const total0 = Math.log(nc * theta0 + ns);
  return ec * (Math.log(theta / theta0) - total + total0) + es * (total0 - total);
}

function logSumExp(logWeights: Float64Array, logRatios: Float64Array): number {
  let max = -Infinity;
  for (let i = 0; i < logWeights.length; i++) max = Math.max(max, logWeights[i] + logRatios[i]);
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = 0; i < logWeights.length; i++) sum += Math.exp(logWeights[i] + logRatios[i] - max);
  return max + Math.log(sum);
}

/** Error rate of a side, for messages: errors / requests (NaN without requests). */
export const errorRate = (errors: number, requests: number): number =>
  requests > 0 ? errors / requests : Number.NaN;
