/** Tests of the paired comparison: paired bootstrap (per case and over joint cells), McNemar and the minimum detectable effect. */

import { describe, expect, it } from '@jest/globals';
import {
  Rng,
  mcnemar,
  minimumDetectableEffect,
  pairedBootstrap,
  pairedBootstrapConfusion,
  pairedProportionStandardError,
} from '../../src/statistics/index.js';

/**
 * Correctness vectors for n cases with exactly `both` cases right in both runs, `b` right in the baseline only and
 * `c` right in the current run only (the rest wrong in both), in a seeded random order.
 */
function pairedOutcomes(
  n: number,
  both: number,
  b: number,
  c: number,
  seed: number,
): { baseline: Uint8Array; current: Uint8Array } {
  const baseline = new Uint8Array(n);
  const current = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    baseline[i] = i < both + b ? 1 : 0;
    current[i] = i < both || (i >= both + b && i < both + b + c) ? 1 : 0;
  }
  const rng = new Rng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [baseline[i], baseline[j]] = [baseline[j], baseline[i]];
    [current[i], current[j]] = [current[j], current[i]];
  }
  return { baseline, current };
}

/** Weighted accuracy of a 0/1 correctness vector. */
function accuracyOf(correct: Uint8Array): (w: Uint32Array) => number {
  return (w) => {
    let right = 0;
    let total = 0;
    for (let i = 0; i < w.length; i++) {
      right += w[i] * correct[i];
      total += w[i];
    }
    return right / total;
  };
}

/** Joint 2×2 cells [both right, baseline only, current only, both wrong] and accuracies computed from them. */
const baselineAccuracyCells = (c: Float64Array): number => (c[0] + c[1]) / (c[0] + c[1] + c[2] + c[3]);
const currentAccuracyCells = (c: Float64Array): number => (c[0] + c[2]) / (c[0] + c[1] + c[2] + c[3]);

describe('pairedBootstrap', () => {
  const n = 5000;
  // Baseline 85% accurate, current 80%: 400 cases lost, 150 gained → Δ = −250/5000 = −0.05.
  const drop = pairedOutcomes(n, 3850, 400, 150, 1);

  it('detects a real 5-point accuracy drop on 5,000 cases (p < 0.01)', () => {
    const r = pairedBootstrap({
      n,
      resamples: 1000,
      seed: 2024,
      statistic: accuracyOf(drop.current),
      baselineStatistic: accuracyOf(drop.baseline),
    });
    expect(r.current).toBeCloseTo(0.8, 12);
    expect(r.baseline).toBeCloseTo(0.85, 12);
    expect(r.delta).toBeCloseTo(-0.05, 12);
    expect(r.pValueDecline).toBeLessThan(0.01);
    expect(r.pValueDecline).toBeCloseTo(1 / 1001, 12); // no resample shows Δ* ≥ 0
    expect(r.pValueImprovement).toBe(1);
    expect(r.ci.upper).toBeLessThan(0);
    expect(r.ci.lower).toBeLessThan(-0.05);
    expect(r.ci).toMatchObject({ level: 0.95, resamples: 1000, validResamples: 1000, nanResamples: 0 });
    expect(r.deltas).toHaveLength(1000);
    // The paired SE is the dependent-proportions SE, far below the unpaired √(p1q1/n + p2q2/n) ≈ 0.0076.
    const expected = pairedProportionStandardError(400, 150, n);
    expect(Math.abs(r.standardError - expected) / expected).toBeLessThan(0.1);
    expect(r.standardError).toBeLessThan(0.006);
  });

  it('does not flag a run with no change (identical outcomes, or as many cases lost as gained)', () => {
    const same = pairedOutcomes(n, 4000, 0, 0, 3);
    const identical = pairedBootstrap({
      n,
      seed: 7,
      statistic: accuracyOf(same.current),
      baselineStatistic: accuracyOf(same.baseline),
    });
    expect(identical.delta).toBe(0);
    expect(identical.pValueDecline).toBe(1); // every Δ* is exactly 0, which counts against a decline
    expect(identical.standardError).toBe(0);

    const churn = pairedOutcomes(n, 3800, 200, 200, 4);
    const r = pairedBootstrap({
      n,
      seed: 7,
      statistic: accuracyOf(churn.current),
      baselineStatistic: accuracyOf(churn.baseline),
    });
    expect(r.delta).toBe(0);
    expect(r.pValueDecline).toBeGreaterThan(0.05);
    expect(r.pValueImprovement).toBeGreaterThan(0.05);
    expect(r.ci.lower).toBeLessThan(0);
    expect(r.ci.upper).toBeGreaterThan(0);
  });

  it('computes the p-value as (1 + #{Δ* ≥ 0}) / (B + 1) over the valid resamples', () => {
    // The statistic replays a script: the first call is the point estimate, then one value per resample.
    const script = [0.5, -1, 0, 2, NaN, -3, -4, 1, -2, -5, -6];
    let call = 0;
    const r = pairedBootstrap({
      n: 10,
      resamples: 10,
      seed: 1,
      statistic: () => script[call++],
      baselineStatistic: () => 0,
    });
    expect(r.delta).toBe(0.5);
    // Valid Δ*: −1, 0, 2, −3, −4, 1, −2, −5, −6 (B = 9); Δ* ≥ 0: 0, 2, 1 → (1 + 3)/10.
    expect(r.ci.nanResamples).toBe(1);
    expect(r.pValueDecline).toBeCloseTo(4 / 10, 15);
    // Δ* ≤ 0: −1, 0, −3, −4, −2, −5, −6 → (1 + 7)/10.
    expect(r.pValueImprovement).toBeCloseTo(8 / 10, 15);
  });

  it('is reproducible for a seed and works for lower-is-better metrics by negation', () => {
    const errors = new Rng(9);
    const baseErr = Float64Array.from({ length: 2000 }, () => Math.abs(errors.normal()));
    const curErr = baseErr.map((e) => e * 1.1); // 10% larger absolute errors: worse
    const mae = (e: Float64Array) => (w: Uint32Array) => {
      let s = 0;
      let t = 0;
      for (let i = 0; i < w.length; i++) {
        s += w[i] * e[i];
        t += w[i];
      }
      return s / t;
    };
    const options = {
      n: 2000,
      resamples: 500,
      seed: 'mae',
      statistic: (w: Uint32Array) => -mae(curErr)(w),
      baselineStatistic: (w: Uint32Array) => -mae(baseErr)(w),
    };
    const r = pairedBootstrap(options);
    expect(r.delta).toBeLessThan(0);
    expect(r.pValueDecline).toBeLessThan(0.01);
    expect(Array.from(pairedBootstrap(options).deltas)).toEqual(Array.from(r.deltas));
  });

  it('reports NaN p-values when every resample is NaN', () => {
    const r = pairedBootstrap({ n: 5, resamples: 20, statistic: () => NaN, baselineStatistic: () => 0 });
    expect(r.pValueDecline).toBeNaN();
    expect(r.ci.validResamples).toBe(0);
  });
});

describe('pairedBootstrapConfusion', () => {
  it('matches the per-case paired bootstrap on the joint 2×2 table', () => {
    const n = 5000;
    const drop = pairedOutcomes(n, 3850, 400, 150, 1);
    const cells = new Float64Array([3850, 400, 150, 600]);
    const fast = pairedBootstrapConfusion({
      counts: cells,
      resamples: 2000,
      seed: 5,
      statistic: currentAccuracyCells,
      baselineStatistic: baselineAccuracyCells,
    });
    const perCase = pairedBootstrap({
      n,
      resamples: 2000,
      seed: 5,
      statistic: accuracyOf(drop.current),
      baselineStatistic: accuracyOf(drop.baseline),
    });
    expect(fast.delta).toBeCloseTo(-0.05, 12);
    expect(fast.current).toBeCloseTo(0.8, 12);
    expect(fast.pValueDecline).toBeLessThan(0.01);
    expect(Math.abs(fast.standardError - perCase.standardError) / perCase.standardError).toBeLessThan(0.1);
    expect(Math.abs(fast.ci.lower - perCase.ci.lower)).toBeLessThan(perCase.standardError);
    expect(Math.abs(fast.ci.upper - perCase.ci.upper)).toBeLessThan(perCase.standardError);
  });

  it('gives p ≈ 1/2 for balanced churn and validates counts', () => {
    const r = pairedBootstrapConfusion({
      counts: [3800, 200, 200, 800],
      seed: 6,
      statistic: currentAccuracyCells,
      baselineStatistic: baselineAccuracyCells,
    });
    expect(r.delta).toBe(0);
    expect(r.pValueDecline).toBeGreaterThan(0.3);
    expect(r.pValueDecline).toBeLessThan(0.7);
    expect(() =>
      pairedBootstrapConfusion({ counts: [1, 0.5], statistic: () => 0, baselineStatistic: () => 0 }),
    ).toThrow(RangeError);
  });
});

describe('mcnemar', () => {
  it('finds the 5-point drop highly significant and no change insignificant', () => {
    const drop = mcnemar(400, 150);
    expect(drop.pValueDecline).toBeLessThan(1e-20);
    expect(drop.pValue).toBeCloseTo(2 * drop.pValueDecline, 30);
    expect(drop.pValueImprovement).toBeGreaterThan(0.999);
    const none = mcnemar(200, 200);
    expect(none.pValue).toBe(1);
    expect(none.pValueDecline).toBeGreaterThan(0.5);
  });

  it('computes small cases exactly: b = 3, c = 10 → 2·P(X ≤ 3), X ~ Bin(13, 1/2)', () => {
    const r = mcnemar(3, 10);
    expect(r.pValue).toBeCloseTo((2 * (1 + 13 + 78 + 286)) / 8192, 15);
    expect(r.pValueDecline).toBeCloseTo(1 - (1 + 13 + 78) / 8192, 15);
    expect(mcnemar(10, 3).pValue).toBe(r.pValue);
  });
});

describe('pairedProportionStandardError and minimumDetectableEffect', () => {
  it('gives the dependent-proportions standard error and validates input', () => {
    expect(pairedProportionStandardError(400, 150, 5000)).toBeCloseTo(
      Math.sqrt(550 - 250 ** 2 / 5000) / 5000,
      15,
    );
    expect(pairedProportionStandardError(0, 0, 10)).toBe(0);
    expect(() => pairedProportionStandardError(6, 5, 10)).toThrow(RangeError);
    expect(() => pairedProportionStandardError(1, 1, 0)).toThrow(RangeError);
  });

  it('turns the paired standard error into a minimum detectable effect', () => {
    const se = pairedProportionStandardError(200, 200, 5000);
    const mde = minimumDetectableEffect(se);
    expect(mde / se).toBeCloseTo(2.4864748605243863, 12);
    // At 50% power the MDE is the one-sided critical value itself: z_{0.95}·SE.
    expect(minimumDetectableEffect(se, 0.05, 0.5) / se).toBeCloseTo(1.6448536269514722, 12);
  });
});
