/**
 * Calibrated drift levels: quantiles checked against scipy (chi2.isf, norm.isf), the floors at large samples,
 * contract levels kept as written, and the bootstrap taking over from χ² for sparse categories.
 */
import { describe, expect, it } from '@jest/globals';
import {
  calibratedThresholds,
  chiSquareQuantile,
  DRIFT_FLOORS,
  normalUpperQuantile,
} from '../../src/drift/thresholds.js';
import { wasserstein } from '../../src/drift/wasserstein.js';

describe('calibrated drift levels', () => {
  it('χ² and normal quantiles match scipy', () => {
    expect(chiSquareQuantile(0.002, 9)).toBeCloseTo(26.056433345164148, 6);
    expect(chiSquareQuantile(0.0001, 9)).toBeCloseTo(33.719948438964636, 6);
    expect(chiSquareQuantile(0.002, 2)).toBeCloseTo(12.429216196844383, 6);
    expect(normalUpperQuantile(0.002 / 6)).toBeCloseTo(3.4029328353853043, 6);
    expect(normalUpperQuantile(1e-6)).toBeCloseTo(4.753424308822899, 6);
  });

  it('PSI: v·χ²(bins − 1) at small samples, the floors at large ones', () => {
    const small = calibratedThresholds('psi', { nReference: 300, nCurrent: 200, bins: 10 });
    const v = 1 / 300 + 1 / 200;
    expect(small.warn).toBeCloseTo(26.056433345164148 * v, 9);
    expect(small.fail).toBeCloseTo(33.719948438964636 * v, 9);
    expect(small.basis).toMatch(/^same-distribution samples of n_ref 300, n_cur 200 exceed 0.2171 in 0.2%/); // 26.0564 · (1/300 + 1/200) = 0.217137
    const large = calibratedThresholds('psi', { nReference: 1e6, nCurrent: 1e6, bins: 10 });
    expect([large.warn, large.fail]).toEqual([DRIFT_FLOORS.psi.warn, DRIFT_FLOORS.psi.fail]);
  });

  it('Jensen-Shannon: √(v·χ²(k − 1)/(8 ln 2)) when every category is common', () => {
    const counts = [500, 300, 200];
    const levels = calibratedThresholds('jensen_shannon', {
      nReference: 500,
      nCurrent: 250,
      bins: 3,
      referenceCounts: counts,
    });
    const v = 1 / 500 + 1 / 250;
    expect(levels.warn).toBeCloseTo(Math.sqrt((v * 12.429216196844383) / (8 * Math.LN2)), 9);
    expect(levels.fail).toBeCloseTo(Math.sqrt((v * 18.420680743952364) / (8 * Math.LN2)), 9);
  });

  it('L∞: z·√(v·max p(1 − p)) with a Bonferroni split over the categories', () => {
    const levels = calibratedThresholds('linf', {
      nReference: 400,
      nCurrent: 400,
      bins: 3,
      maxBinVariance: 0.25,
      referenceCounts: [200, 120, 80],
    });
    expect(levels.warn).toBeCloseTo(3.4029328353853043 * Math.sqrt(0.25 * (2 / 400)), 6);
  });

  it('a sparse reference is bootstrapped from its own shares, and the levels are reproducible', () => {
    // 40 categories, the rarest seen once in 300 values: expected < 5 times in a sample of 300.
    const counts = Array.from({ length: 40 }, (_, i) => Math.max(1, Math.round(60 / (i + 1))));
    const shape = { nReference: 300, nCurrent: 300, bins: 40, referenceCounts: counts };
    const levels = calibratedThresholds('jensen_shannon', shape);
    expect(levels.basis).toMatch(/2000 draws of both sample sizes from the reference's shares/);
    expect(calibratedThresholds('jensen_shannon', shape)).toEqual(levels);
    // The χ² approximation would sit well below what sparse samples reach.
    const v = 2 / 300;
    expect(levels.warn).toBeGreaterThan(Math.sqrt((v * chiSquareQuantile(0.002, 39)) / (8 * Math.LN2)));
  });

  it('levels written in the contract are kept; a written warn raises a calibrated fail to at least itself', () => {
    const shape = { nReference: 150, nCurrent: 150, bins: 10 };
    expect(calibratedThresholds('psi', shape, { warn: 0.2, fail: 0.3 })).toEqual({
      warn: 0.2,
      fail: 0.3,
      basis: 'set in the contract',
    });
    const high = calibratedThresholds('psi', shape, { warn: 0.9 });
    expect(high).toMatchObject({ warn: 0.9, fail: 0.9 });
    expect(high.basis).toMatch(/^warn set in the contract; /);
  });

  it('Wasserstein: a normal reference gets the bridge integral, which shrinks like √v', () => {
    // Reference quantiles of N(0, 1) on the grid 0, 1/64, …, 1 (ends clipped at ±3.5).
    const quantiles = Float64Array.from({ length: 65 }, (_, j) =>
      j === 0 ? -3.5 : j === 64 ? 3.5 : -normalUpperQuantile(j / 64),
    );
    const at = (n: number) =>
      calibratedThresholds('wasserstein', { nReference: n, nCurrent: n, scaledQuantiles: quantiles });
    const margin = (n: number) => 1 + 3 / Math.sqrt(n);
    const a = at(400);
    const b = at(1600);
    // Without the floor, the 99.8th percentile halves when n quadruples (up to the fading margin).
    expect(a.warn / margin(400) / (b.warn / margin(1600))).toBeCloseTo(2, 6);
    // Against the real thing: exact W₁ between 1,500 pairs of N(0, 1) samples of 400 (seeded), 99.8th percentile.
    let state = 7;
    const uniform = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
    };
    const sample = () =>
      Array.from(
        { length: 400 },
        () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()),
      );
    const draws = Array.from({ length: 1500 }, () => wasserstein(sample(), sample())).sort((x, y) => x - y);
    const simulated = draws[Math.ceil(0.998 * draws.length) - 1];
    expect(a.warn / margin(400) / simulated).toBeGreaterThan(0.75);
    expect(a.warn / margin(400) / simulated).toBeLessThan(1.33);
  });
});
