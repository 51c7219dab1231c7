/** Checks the distribution functions, McNemar and the PRNG against values written by scripts/reference/statistics.py. */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  Rng,
  binomialCdf,
  binomialPmf,
  binomialSf,
  binomialTest,
  mcnemar,
  minimumDetectableEffect,
  normalQuantile,
  seedWord,
} from '../../src/statistics/index.js';

interface Fixture<T> {
  source: string;
  cases: T[];
}

function load<T>(name: string): Fixture<T> {
  const path = join(process.cwd(), 'test', 'fixtures', 'reference', 'statistics', name);
  return JSON.parse(readFileSync(path, 'utf8')) as Fixture<T>;
}

const REL = 1e-9;

/**
 * Agreement to 1e-9 relative. Below 1e-300 (subnormal territory, where doubles lose digits) the values only have to
 * agree to 1e-3 on the log scale (or within 1e-322); an expected 0 (underflow) accepts anything below 1e-300.
 */
function mismatch(actual: number, expected: number): string | null {
  if (Number.isNaN(actual)) return 'NaN';
  if (expected === 0) return actual === 0 || Math.abs(actual) < 1e-300 ? null : 'expected 0';
  if (Math.abs(expected) < 1e-300) {
    // Subnormals carry few digits: allow a few units of the smallest subnormal besides the log-scale match.
    if (actual === 0 || Math.abs(actual - expected) < 1e-322) return null;
    return Math.abs(Math.log(actual) - Math.log(expected)) <= 1e-3 * Math.abs(Math.log(expected))
      ? null
      : 'log-scale';
  }
  return Math.abs(actual - expected) <= REL * Math.abs(expected) ? null : 'relative';
}

function expectAllClose<T>(cases: T[], check: (c: T) => Array<[string, number, number]>): number {
  const failures: string[] = [];
  let checked = 0;
  for (const c of cases) {
    for (const [label, actual, expected] of check(c)) {
      checked++;
      const why = mismatch(actual, expected);
      if (why) failures.push(`${label}: got ${actual}, want ${expected} (${why})`);
    }
  }
  expect(failures.slice(0, 20)).toEqual([]);
  return checked;
}

describe('normalQuantile vs scipy.stats.norm.ppf', () => {
  const fixture = load<{ p: number; x: number }>('normal_quantile.json');

  it('agrees to 1e-12 relative (plus 1e-15 absolute near p = 1/2) from p = 1e-300 to 1 − 1e-12', () => {
    expect(fixture.cases.length).toBeGreaterThan(1000);
    const failures: string[] = [];
    for (const { p, x } of fixture.cases) {
      const got = normalQuantile(p);
      if (!(Math.abs(got - x) <= 1e-12 * Math.abs(x) + 1e-15)) failures.push(`p=${p}: got ${got}, want ${x}`);
    }
    expect(failures.slice(0, 20)).toEqual([]);
  });

  it('handles the ends and invalid input', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalQuantile(NaN)).toBeNaN();
  });

  it('is antisymmetric where 1 − p is exact', () => {
    for (const p of [2 ** -40, 2 ** -20, 0.03125, 0.125, 0.25, 0.375]) {
      expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 12);
    }
  });
});

describe('binomial pmf / cdf / sf vs scipy.stats.binom', () => {
  const fixture = load<{ k: number; n: number; p: number; pmf: number; cdf: number; sf: number }>(
    'binomial_distribution.json',
  );

  it('agrees to 1e-9 relative for n from 0 to 10^7 and p from 1e-6 to 0.9', () => {
    const checked = expectAllClose(fixture.cases, ({ k, n, p, pmf, cdf, sf }) => [
      [`pmf(${k}; ${n}, ${p})`, binomialPmf(k, n, p), pmf],
      [`cdf(${k}; ${n}, ${p})`, binomialCdf(k, n, p), cdf],
      [`sf(${k}; ${n}, ${p})`, binomialSf(k, n, p), sf],
    ]);
    expect(checked).toBeGreaterThan(3000);
    expect(fixture.cases.some((c) => c.n === 1e7)).toBe(true);
    expect(fixture.cases.some((c) => c.n === 0)).toBe(true);
  });

  it('covers the edges: k outside [0, n], p = 0 and p = 1, non-integer k', () => {
    expect(binomialCdf(-1, 10, 0.3)).toBe(0);
    expect(binomialCdf(10, 10, 0.3)).toBe(1);
    expect(binomialSf(-1, 10, 0.3)).toBe(1);
    expect(binomialSf(10, 10, 0.3)).toBe(0);
    expect(binomialCdf(3, 10, 0)).toBe(1);
    expect(binomialCdf(3, 10, 1)).toBe(0);
    expect(binomialSf(3, 10, 1)).toBe(1);
    expect(binomialPmf(2.5, 10, 0.3)).toBe(0);
    expect(binomialCdf(2.5, 10, 0.3)).toBe(binomialCdf(2, 10, 0.3));
    expect(() => binomialCdf(1, -1, 0.5)).toThrow(RangeError);
    expect(() => binomialCdf(1, 10, 1.5)).toThrow(RangeError);
  });
});

describe('binomial pmf / cdf / sf vs 40-digit mpmath', () => {
  const fixture = load<{ k: number; n: number; p: number; pmf: number; cdf: number; sf: number }>(
    'binomial_high_precision.json',
  );
  // Term-by-term tails (sd < 1e5): 1e-12 up to n = 10^7, 2e-12 up to 10^10. The continued fraction (n = 10^11) ~1e-10.
  const tolerance = (n: number): number => (n <= 1e7 ? 1e-12 : n <= 1e10 ? 2e-12 : 1e-9);

  it('agrees to 1e-12 relative for n = 10^5 … 10^10 (1e-9 at 10^11), ±30 sd, p from 1e-6 to 1 − 1e-6', () => {
    const failures: string[] = [];
    for (const { k, n, p, pmf, cdf, sf } of fixture.cases) {
      for (const [label, got, want] of [
        ['pmf', binomialPmf(k, n, p), pmf],
        ['cdf', binomialCdf(k, n, p), cdf],
        ['sf', binomialSf(k, n, p), sf],
      ] as const) {
        if (!(Math.abs(got - want) <= tolerance(n) * want)) {
          failures.push(`${label}(${k}; ${n}, ${p}): got ${got}, want ${want}`);
        }
      }
    }
    expect(fixture.cases.length).toBeGreaterThan(100);
    expect(fixture.cases.some((c) => c.n === 1e11)).toBe(true);
    expect(failures).toEqual([]);
  });
});

describe('binomialTest vs scipy.stats.binomtest', () => {
  const fixture = load<{ k: number; n: number; p: number; twoSided: number; greater: number; less: number }>(
    'binomtest.json',
  );

  it('agrees to 1e-9 relative for two-sided, greater and less alternatives', () => {
    const checked = expectAllClose(fixture.cases, ({ k, n, p, twoSided, greater, less }) => [
      [`two-sided(${k}, ${n}, ${p})`, binomialTest(k, n, p, 'two-sided'), twoSided],
      [`greater(${k}, ${n}, ${p})`, binomialTest(k, n, p, 'greater'), greater],
      [`less(${k}, ${n}, ${p})`, binomialTest(k, n, p, 'less'), less],
    ]);
    expect(checked).toBeGreaterThan(2000);
  });

  it('returns 1 for n = 0 and rejects k outside [0, n]', () => {
    expect(binomialTest(0, 0)).toBe(1);
    expect(() => binomialTest(3, 2)).toThrow(RangeError);
  });
});

describe('mcnemar vs the statsmodels exact test', () => {
  const fixture = load<{ b: number; c: number; pValue: number; pValueDecline: number }>('mcnemar.json');

  it('agrees to 1e-9 relative, b + c up to 10^7', () => {
    expectAllClose(fixture.cases, ({ b, c, pValue, pValueDecline }) => {
      const r = mcnemar(b, c);
      return [
        [`two-sided(${b}, ${c})`, r.pValue, pValue],
        [`decline(${b}, ${c})`, r.pValueDecline, pValueDecline],
      ];
    });
    expect(fixture.cases.some((c) => c.b + c.c === 1e7)).toBe(true);
  });

  it('is fast for b + c = 10^7', () => {
    const start = performance.now();
    const r = mcnemar(5_000_000 - 2000, 5_000_000 + 2000);
    expect(performance.now() - start).toBeLessThan(200);
    expect(r.pValue).toBeGreaterThan(0.1);
    expect(r.pValue).toBeLessThan(0.3);
  });

  it('reports the statistic and the mirror one-sided p-value', () => {
    const r = mcnemar(3, 10);
    expect(r).toMatchObject({ b: 3, c: 10, discordant: 13, statistic: 3 });
    expect(r.pValueImprovement).toBeCloseTo(binomialSf(9, 13, 0.5), 15);
    expect(mcnemar(0, 0)).toMatchObject({ pValue: 1, pValueDecline: 1, pValueImprovement: 1 });
    expect(() => mcnemar(-1, 2)).toThrow(RangeError);
    expect(() => mcnemar(1.5, 2)).toThrow(RangeError);
  });
});

describe('minimumDetectableEffect', () => {
  const ppf = load<{ p: number; x: number }>('normal_quantile.json').cases;
  const z = (p: number): number => {
    const hit = ppf.find((c) => c.p === p);
    if (!hit) throw new Error(`no fixture for p=${p}`);
    return hit.x;
  };

  it('is (z_{1−α} + z_power)·SE with scipy quantiles', () => {
    expect(minimumDetectableEffect(1)).toBeCloseTo(z(0.95) + z(0.8), 12);
    expect(minimumDetectableEffect(0.01)).toBeCloseTo(0.01 * (z(0.95) + z(0.8)), 14);
    expect(minimumDetectableEffect(0.02, 0.01, 0.9)).toBeCloseTo(0.02 * (z(0.99) + normalQuantile(0.9)), 14);
    expect(minimumDetectableEffect(0)).toBe(0);
    expect(() => minimumDetectableEffect(-1)).toThrow(RangeError);
    expect(() => minimumDetectableEffect(1, 0)).toThrow(RangeError);
    expect(() => minimumDetectableEffect(1, 0.05, 1)).toThrow(RangeError);
  });
});

describe('Rng known answers (independent Python implementation)', () => {
  const fixture = load<{ seed: number | string; word: number; uint32: number[] }>('random.json');

  it('hashes seeds and produces the same xoshiro128** stream', () => {
    for (const { seed, word, uint32 } of fixture.cases) {
      expect(seedWord(seed)).toBe(word);
      const rng = new Rng(seed);
      expect(Array.from({ length: uint32.length }, () => rng.nextUint32())).toEqual(uint32);
    }
  });
});
