/**
 * Intervals of large runs that used to resample every case: the fairness metrics (a cell bootstrap over
 * group × actual × predicted) and the latency quantiles (order statistics of latencies sorted without a comparator).
 * Expected values come from the case bootstrap and from a plain JavaScript sort.
 */
import { describe, expect, it } from '@jest/globals';
import { mergeCases } from '../../src/cases.js';
import { ANALYTIC_MIN_CASES, confidenceIntervals } from '../../src/intervals.js';
import { quantileInterval, zOf } from '../../src/statistics/analytic.js';
import { bootstrap, bootstrapInterval, Rng } from '../../src/statistics/index.js';
import { MetricSuite } from '../../src/suite.js';
import { type RawCase } from '../../src/types.js';

const FAIRNESS = ['demographic_parity_difference', 'equalized_odds_difference', 'disparate_impact_ratio'];

/** Binary cases in three regions with different rates, some untagged; latencies with many ties. */
function simulated(n: number, seed: number): RawCase[] {
  const rng = new Rng(seed);
  const regions = ['north', 'south', 'east'];
  return Array.from({ length: n }, (_, i) => {
    const region = rng.nextInt(4);
    const y = rng.nextFloat() < 0.3 + 0.1 * region ? 1 : 0;
    const predicted = rng.nextFloat() < (y ? 0.8 : 0.15 + 0.05 * region) ? 1 : 0;
    return {
      id: `c${i}`,
      expected: String(y),
      predicted: String(predicted),
      ...(region < 3 ? { tags: { region: regions[region] } } : {}),
      latencyMs: Math.round(Math.exp(5 + 0.6 * rng.normal())),
      source: { file: 'sim.jsonl', line: i + 1 },
    };
  });
}

const suiteOf = (n: number, seed: number) =>
  new MetricSuite(mergeCases(simulated(n, seed)), {
    task: 'binary',
    labels: ['0', '1'],
    positiveLabel: '1',
    fairnessTag: 'region',
  });

describe('fairness metrics of a large run: a cell bootstrap', () => {
  it('the cells give the point values the cases give', () => {
    const suite = suiteOf(3000, 3);
    const family = suite.cellFamilies().find((f) => f.names.includes(FAIRNESS[0]))!;
    expect(family.names).toEqual(FAIRNESS);
    const fromCells: Record<string, number> = {};
    family.compute(Float64Array.from(family.counts), fromCells);
    const fromCases = suite.compute(FAIRNESS);
    for (const name of FAIRNESS) expect(fromCells[name]).toBeCloseTo(fromCases[name], 15);
    expect(Array.from(family.counts).reduce((s, c) => s + c, 0)).toBe(3000);
  });

  it(`agrees with the case bootstrap at N = ${ANALYTIC_MIN_CASES} within Monte-Carlo error`, () => {
    const resamples = 2000;
    const suite = suiteOf(ANALYTIC_MIN_CASES, 5);
    const intervals = confidenceIntervals(suite, resamples, 7);
    let latest: Record<string, number> = {};
    const samples = bootstrap({
      n: suite.size,
      resamples,
      seed: 9,
      statistics: FAIRNESS.map((name, i) => (weights: Uint32Array) => {
        if (i === 0) latest = suite.compute(FAIRNESS, weights);
        return latest[name];
      }),
    });
    FAIRNESS.forEach((name, i) => {
      const { lower, upper, method } = intervals[name];
      expect(method).toBe('cell-bootstrap');
      const viaCases = bootstrapInterval(samples[i], 0.95);
      // Percentile intervals: widths agree to 4 Monte-Carlo errors of a standard error (1/√(2B) each).
      const width = upper - lower;
      const caseWidth = viaCases.upper - viaCases.lower;
      expect(Math.abs(width / caseWidth - 1)).toBeLessThan(4 / Math.sqrt(2 * resamples));
      expect(Math.abs((lower + upper) / 2 - (viaCases.lower + viaCases.upper) / 2)).toBeLessThan(0.1 * width);
    });
    expect(zOf(0.95)).toBeCloseTo(1.96, 2);
  });
});

describe('latency quantiles of a large run', () => {
  it('are the order statistics of the latencies sorted by a plain sort (ties and all)', () => {
    const cases = simulated(ANALYTIC_MIN_CASES + 1000, 8);
    const sorted = Float64Array.from(cases.map((c) => c.latencyMs!).sort((a, b) => a - b));
    const suite = new MetricSuite(mergeCases(cases), {
      task: 'binary',
      labels: ['0', '1'],
      positiveLabel: '1',
    });
    const intervals = confidenceIntervals(suite, 100, 1);
    for (const [name, q] of [
      ['latency_p50_ms', 0.5],
      ['latency_p95_ms', 0.95],
      ['latency_p99_ms', 0.99],
    ] as const) {
      expect(intervals[name]).toEqual(quantileInterval(sorted, q, 0.95));
    }
    expect(suite.compute(['latency_p50_ms']).latency_p50_ms).toBe(
      sorted[(sorted.length - 1) / 2] ?? (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2,
    );
  });
});
