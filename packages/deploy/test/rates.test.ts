/**
 * The count-aware error-rate judge against values computed independently with scipy
 * (scripts/reference/deploy-rates.py): binomial tails, Clopper–Pearson bounds, the conditional comparison.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { judgeMetric } from '../src/judge.js';
import { compareRates, type Counts } from '../src/rates.js';
import { binomialLowerTail, binomialUpperTail, clopperPearsonLower } from '../src/statistics.js';

interface Reference {
  tails: { k: number; n: number; p: number; upper: number; lower: number }[];
  clopperPearsonLower: { k: number; n: number; gamma: number; lower: number }[];
  comparisons: {
    canary: Counts;
    stable: Counts;
    relative: number;
    absolute: number;
    significance: number;
    ratioBound: number | 'Infinity';
    pValue: number;
  }[];
}

const reference = JSON.parse(
  readFileSync(new URL('./fixtures/rates-scipy.json', import.meta.url), 'utf8'),
) as Reference;

/** Agreement to 1e-9 relative (or 1e-15 absolute near 0). */
const close = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected) + 1e-15);

describe('binomial tails and bounds (scipy.stats.binom, beta.ppf)', () => {
  for (const { k, n, p, upper, lower } of reference.tails)
    it(`P(X ≥ ${k}) and P(X ≤ ${k}) for Binomial(${n}, ${p})`, () => {
      close(binomialUpperTail(k, n, p), upper);
      close(binomialLowerTail(k, n, p), lower);
    });

  for (const { k, n, gamma, lower } of reference.clopperPearsonLower)
    it(`Clopper–Pearson lower bound of ${k}/${n} at ${1 - gamma}`, () => {
      close(clopperPearsonLower(k, n, gamma), lower);
    });
});

describe('compareRates: the canary against (1 + relative) × stable + absolute (scipy.stats.binomtest)', () => {
  for (const item of reference.comparisons)
    it(`${item.canary.errors}/${item.canary.requests} vs ${item.stable.errors}/${item.stable.requests}, tolerance ${item.relative} + ${item.absolute}`, () => {
      const result = compareRates(
        item.canary,
        item.stable,
        { relative: item.relative, absolute: item.absolute },
        item.significance,
      );
      close(result.pValue, item.pValue);
      if (item.ratioBound === 'Infinity') expect(result.ratioBound).toBe(Infinity);
      else close(result.ratioBound, item.ratioBound);
    });
});

describe('judgeMetric on counts', () => {
  const criteria = {
    name: 'error-rate',
    max: 0.05,
    compare: {
      direction: 'lower-is-better' as const,
      relativeTolerance: 0.5,
      significance: 0.05,
      minSamples: 5,
    },
  };
  const measured = (errors: number, requests: number) => ({
    query: 'errors / requests',
    value: errors / requests,
    counts: { errors, requests },
  });

  it('two errors among 75 canary requests are not evidence against a 1 % stable (the raw ratio said 2.7 > 1.5)', () => {
    const judged = judgeMetric(criteria, measured(2, 75), measured(14, 1425));
    expect(judged.verdict).toBe('pass');
    expect(judged.reason).toBe(
      `0.02667 (2/75) within max 0.05; canary 0.02667 (2/75) vs stable 0.009825 (14/1425): not shown worse than 1.5 × stable (p ${Number(reference.comparisons[0].pValue.toPrecision(4))} ≥ 0.05)`,
    );
    // The raw ratio judge fails the same numbers.
    expect(
      judgeMetric(criteria, { query: 'q', value: 2 / 75 }, { query: 'q', value: 14 / 1425 }).verdict,
    ).toBe('fail');
  });

  it('a 30 % canary fails both rules, with values, bounds and p-values in the reason', () => {
    const judged = judgeMetric(criteria, measured(22, 75), measured(14, 1425));
    expect(judged.verdict).toBe('fail');
    const pMax = binomialUpperTail(22, 75, 0.05);
    expect(judged.reason).toBe(
      `0.2933 (22/75) > max 0.05: p ${Number(pMax.toPrecision(4))} < 0.05; canary 0.2933 (22/75) vs stable 0.009825 (14/1425): worse than 1.5 × stable, p ${Number(reference.comparisons[2].pValue.toPrecision(4))} < 0.05`,
    );
    close(judged.pValue!, Math.min(pMax, reference.comparisons[2].pValue));
  });

  it('above max without evidence passes and says so; stable without requests is inconclusive', () => {
    const bound = { name: 'error-rate', max: 0.02 };
    const judged = judgeMetric(bound, measured(2, 75));
    expect(judged.verdict).toBe('pass');
    expect(judged.reason).toMatch(
      /^0\.02667 \(2\/75\) > max 0\.02 but not significantly \(p 0\.44\d* ≥ 0\.05\): pass$/,
    );
    expect(judgeMetric(criteria, measured(0, 75), { query: 'q' }).verdict).toBe('inconclusive');
  });

  it('with an absolute tolerance and an error-free stable only max can fail the canary', () => {
    const withAbsolute = {
      name: 'error-rate',
      compare: { ...criteria.compare, absoluteTolerance: 0.01 },
    };
    const judged = judgeMetric(withAbsolute, measured(3, 100), measured(0, 900));
    expect(judged.verdict).toBe('pass');
    expect(judged.reason).toContain('not shown worse than stable + 0.01 (stable had no error)');
  });
});
