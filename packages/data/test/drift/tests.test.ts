/** KS, chi-square and the distribution functions behind their p-values, against scipy fixtures. */

import { describe, expect, it } from '@jest/globals';
import {
  chiSquare,
  chiSquareSf,
  kolmogorovSf,
  ksFromSketches,
  ksTwoSample,
  logGamma,
  regularizedGammaP,
  regularizedGammaQ,
  smirnovSf,
} from '../../src/drift/index.js';
import { KllSketch } from '../../src/sketch/index.js';
import { close, loadFixture } from './fixtures.js';

/** p-values: 1e-9 relative, and anything below 1e-300 counts as 0. */
function closeP(actual: number, expected: number, rel = 1e-9): boolean {
  if (expected < 1e-300) return actual < 1e-290;
  return close(actual, expected, rel, 1e-15);
}

describe('ksTwoSample', () => {
  const fixture = loadFixture<{
    a: number[];
    b: number[];
    statistic: number;
    pValue: number;
    method: string;
  }>('ks.json');

  it('matches scipy.stats.ks_2samp (statistic exactly, p-value to 1e-9) and its exact/asymp choice', () => {
    for (const c of fixture.cases) {
      const result = ksTwoSample(c.a, c.b);
      const label = `n=${c.a.length}/${c.b.length}`;
      if (result.statistic !== c.statistic && !close(result.statistic, c.statistic, 1e-15))
        throw new Error(`${label}: statistic ${result.statistic} vs ${c.statistic}`);
      if (!closeP(result.pValue, c.pValue)) throw new Error(`${label}: p ${result.pValue} vs ${c.pValue}`);
      expect(result.method).toBe(c.method);
    }
  });

  it('from exact sketches equals the raw-sample test', () => {
    const c = fixture.cases.find((x) => x.a.length === 30)!;
    const a = new KllSketch();
    const b = new KllSketch();
    c.a.forEach((x) => a.update(x));
    c.b.forEach((x) => b.update(x));
    expect(ksFromSketches(a, b)).toEqual(ksTwoSample(c.a, c.b));
  });

  it('from compacted sketches gives a close statistic with an asymptotic p-value', () => {
    const c = fixture.cases.find((x) => x.a.length === 1000)!;
    const a = new KllSketch();
    const b = new KllSketch();
    c.a.forEach((x) => a.update(x));
    c.b.forEach((x) => b.update(x));
    const fromSketches = ksFromSketches(a, b);
    expect(fromSketches.method).toBe('asymp');
    expect(Math.abs(fromSketches.statistic - c.statistic)).toBeLessThan(2 * a.normalisedRankError);
    expect(fromSketches.pValue).toBeGreaterThanOrEqual(0);
    expect(fromSketches.pValue).toBeLessThanOrEqual(1);
  });

  it('rejects empty samples and NaN', () => {
    expect(() => ksTwoSample([], [1])).toThrow(/empty/);
    expect(() => ksTwoSample([NaN], [1])).toThrow(/NaN/);
    expect(() => ksFromSketches(new KllSketch(), new KllSketch())).toThrow(/empty/);
  });
});

describe('kolmogorovSf and smirnovSf', () => {
  it('match scipy.stats.kstwo.sf on a grid covering every method', () => {
    const fixture = loadFixture<{ n: number; x: number; sf: number }>('kstwo.json');
    // For n in the millions the Smirnov sum is ill-conditioned in doubles: scipy and an lgamma-based sum differ by
    // ~1e-8 there too.
    const bad = fixture.cases
      .map((c) => ({ ...c, actual: kolmogorovSf(c.n, c.x) }))
      .filter((c) => !closeP(c.actual, c.sf, c.n >= 1e6 ? 1e-7 : 1e-9));
    expect(bad).toEqual([]);
  });

  it('match scipy.special.smirnov', () => {
    const fixture = loadFixture<{ n: number; x: number; sf: number }>('smirnov.json');
    const bad = fixture.cases
      .map((c) => ({ ...c, actual: smirnovSf(c.n, c.x) }))
      .filter((c) => !closeP(c.actual, c.sf, 1e-9));
    expect(bad).toEqual([]);
  });
});

describe('chiSquare', () => {
  const fixture = loadFixture<{
    reference: number[];
    current: number[];
    statistic: number;
    pValue: number;
    dof: number;
  }>('chi2.json');

  it('matches scipy.stats.chi2_contingency (Yates at dof 1, empty categories dropped)', () => {
    for (const c of fixture.cases) {
      const result = chiSquare(c.reference, c.current);
      expect(result.dof).toBe(c.dof);
      if (!close(result.statistic, c.statistic, 1e-12, 1e-12))
        throw new Error(`${JSON.stringify(c)}: statistic ${result.statistic}`);
      if (!closeP(result.pValue, c.pValue)) throw new Error(`${JSON.stringify(c)}: p ${result.pValue}`);
    }
  });

  it('rejects a side without counts', () => {
    expect(() => chiSquare([0, 0], [1, 2])).toThrow(/add up to 0/);
  });
});

describe('incomplete gamma', () => {
  const fixture = loadFixture<{ a: number; x: number; q: number; p: number; logGamma: number }>('gamma.json');

  it('regularizedGammaQ/P and logGamma match scipy gammaincc, gammainc and gammaln', () => {
    const bad: unknown[] = [];
    for (const c of fixture.cases) {
      const q = regularizedGammaQ(c.a, c.x);
      const p = regularizedGammaP(c.a, c.x);
      if (!closeP(q, c.q, 1e-10) || !closeP(p, c.p, 1e-10)) bad.push({ ...c, actualQ: q, actualP: p });
      if (!close(logGamma(c.a), c.logGamma, 1e-13, 1e-14)) bad.push({ ...c, actualLogGamma: logGamma(c.a) });
    }
    expect(bad).toEqual([]);
  });

  it('handles the ends of the domain', () => {
    expect(regularizedGammaQ(2, 0)).toBe(1);
    expect(regularizedGammaP(2, 0)).toBe(0);
    expect(regularizedGammaQ(2, Infinity)).toBe(0);
    expect(Number.isNaN(regularizedGammaQ(0, 1))).toBe(true);
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(chiSquareSf(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
  });
});
