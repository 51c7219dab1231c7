/**
 * Intervals without resampling: DeLong's AUC variance against an O(m·n) NumPy reference
 * (scripts/reference/delong.py) and against the definition computed here, and every analytic method against the
 * case bootstrap at the crossover N (run.ts ANALYTIC_MIN_CASES), within the bootstrap's Monte-Carlo error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { averagePrecisionSorted, prepareOvr, prepareRanking } from '../../src/metrics/index.js';
import {
  averagePrecisionVariance,
  delongOvrMacroSorted,
  delongSorted,
  logitInterval,
  quantileInterval,
  wilsonInterval,
  zOf,
} from '../../src/statistics/analytic.js';
import { bootstrap, bootstrapInterval, Rng } from '../../src/statistics/index.js';
import { mergeCases } from '../../src/cases.js';
import { MetricSuite } from '../../src/suite.js';
import { type RawCase } from '../../src/types.js';
import { ANALYTIC_MIN_CASES, confidenceIntervals } from '../../src/intervals.js';

interface Fixture {
  binary: { labels: number[]; scores: number[]; auc: number; variance: number }[];
  multiclass: { k: number; labels: number[]; proba: number[]; auc: number; variance: number }[];
}
const fixture = JSON.parse(
  readFileSync(join(process.cwd(), 'test', 'fixtures', 'reference', 'statistics', 'delong.json'), 'utf8'),
) as Fixture;

/** DeLong by its O(m·n) definition. */
function delongDefinition(labels: ArrayLike<number>, scores: ArrayLike<number>) {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i] === 1 ? x : y).push(scores[i]);
  const psi = (a: number, b: number) => (a > b ? 1 : a === b ? 0.5 : 0);
  const v10 = x.map((a) => y.reduce((s, b) => s + psi(a, b), 0) / y.length);
  const v01 = y.map((b) => x.reduce((s, a) => s + psi(a, b), 0) / x.length);
  const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
  const variance = (v: number[]) => v.reduce((s, a) => s + (a - mean(v)) ** 2, 0) / (v.length - 1);
  return { auc: mean(v10), variance: variance(v10) / x.length + variance(v01) / y.length };
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('DeLong', () => {
  it('matches the O(m·n) NumPy reference (binary, with ties)', () => {
    for (const item of fixture.binary) {
      const result = delongSorted(
        prepareRanking(Uint8Array.from(item.labels), Float64Array.from(item.scores)),
      );
      expect(result.auc).toBeCloseTo(item.auc, 12);
      expect(relative(result.variance, item.variance)).toBeLessThan(1e-10);
    }
  });

  it('matches the definition computed here, and cell counts give what their expanded cases give', () => {
    const rng = new Rng(3);
    const labels = Uint8Array.from({ length: 300 }, () => (rng.nextFloat() < 0.35 ? 1 : 0));
    const scores = Float64Array.from(labels, (label) => Math.round((rng.normal() + label) * 4) / 4);
    const expected = delongDefinition(labels, scores);
    const result = delongSorted(prepareRanking(labels, scores));
    expect(result.auc).toBeCloseTo(expected.auc, 12);
    expect(relative(result.variance, expected.variance)).toBeLessThan(1e-10);
    // Distinct (label, score) cells with counts as weights: the same AUC and variance.
    const cells = new Map<string, number>();
    labels.forEach((label, i) =>
      cells.set(`${label}|${scores[i]}`, (cells.get(`${label}|${scores[i]}`) ?? 0) + 1),
    );
    const keys = [...cells.keys()];
    const cellResult = delongSorted(
      prepareRanking(
        Uint8Array.from(keys, (key) => Number(key.split('|')[0])),
        Float64Array.from(keys, (key) => Number(key.split('|')[1])),
      ),
      Float64Array.from(keys, (key) => cells.get(key)!),
    );
    expect(cellResult.auc).toBeCloseTo(expected.auc, 12);
    expect(relative(cellResult.variance, expected.variance)).toBeLessThan(1e-10);
  });

  it('gives the one-vs-rest macro average its variance from the per-class structural components', () => {
    for (const item of fixture.multiclass) {
      const result = delongOvrMacroSorted(
        prepareOvr(Int32Array.from(item.labels), Float64Array.from(item.proba), item.k),
      );
      expect(result.auc).toBeCloseTo(item.auc, 12);
      expect(relative(result.variance, item.variance)).toBeLessThan(1e-9);
    }
  });

  it('is NaN without positives or negatives', () => {
    const result = delongSorted(prepareRanking(Uint8Array.from([1, 1]), Float64Array.from([0.2, 0.3])));
    expect(result.auc).toBeNaN();
  });
});

describe('interval formulas', () => {
  it('the logit interval maps logit(p) ± z·se/(p(1 − p)) back, and stays inside (0, 1)', () => {
    const { lower, upper } = logitInterval(0.9, 0.03, 0.95, 'delong');
    const spread = (zOf(0.95) * 0.03) / (0.9 * 0.1);
    expect(lower).toBeCloseTo(1 / (1 + Math.exp(-(Math.log(9) - spread))), 14);
    expect(upper).toBeCloseTo(1 / (1 + Math.exp(-(Math.log(9) + spread))), 14);
    expect(upper).toBeLessThan(1);
    expect(logitInterval(1, 0, 0.95, 'delong')).toEqual({ lower: 1, upper: 1, method: 'delong' });
  });

  it("Wilson's interval: 81 of 263 (Newcombe 1998, example: 0.2553 to 0.3662)", () => {
    const { lower, upper } = wilsonInterval(81, 263, 0.95);
    expect(lower).toBeCloseTo(0.2553, 4);
    expect(upper).toBeCloseTo(0.3662, 4);
  });

  it('the median of 1..100: order statistics 40 and 61 (ranks 50 ∓ 1.96·5; the classic pair for n = 100)', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    const { lower, upper } = quantileInterval(sorted, 0.5, 0.95);
    expect(lower).toBe(40);
    expect(upper).toBe(61);
  });
});

describe('average precision: the influence-function variance', () => {
  /** Scores with ties (rounded) or without, labels ~30 % positive. */
  function ranking(n: number, seed: number, decimals?: number) {
    const rng = new Rng(seed);
    const yTrue = new Uint8Array(n);
    const score = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      yTrue[i] = rng.nextFloat() < 0.3 ? 1 : 0;
      const raw = rng.normal() + (yTrue[i] ? 1 : 0);
      score[i] = decimals === undefined ? raw : Number(raw.toFixed(decimals));
    }
    return prepareRanking(yTrue, score);
  }

  for (const decimals of [undefined, 1]) {
    it(`equals Σ (∂AP/∂w_i)² by central differences of the weighted AP (${decimals === undefined ? 'no ties' : 'ties'})`, () => {
      const prepared = ranking(400, 31, decimals);
      const weights = new Float64Array(prepared.n).fill(1);
      const h = 1e-5;
      let squares = 0;
      for (let i = 0; i < prepared.n; i++) {
        weights[i] = 1 + h;
        const up = averagePrecisionSorted(prepared, weights);
        weights[i] = 1 - h;
        const down = averagePrecisionSorted(prepared, weights);
        weights[i] = 1;
        squares += ((up - down) / (2 * h)) ** 2;
      }
      const { ap, variance } = averagePrecisionVariance(prepared);
      expect(ap).toBeCloseTo(averagePrecisionSorted(prepared), 14);
      expect(Math.abs(variance / squares - 1)).toBeLessThan(1e-6);
    });
  }

  it('no positives: AP 0 with a zero-width interval, as every resample would give', () => {
    const prepared = prepareRanking(
      new Uint8Array(10),
      Float64Array.from({ length: 10 }, (_, i) => i),
    );
    expect(averagePrecisionVariance(prepared)).toEqual({ ap: 0, variance: 0 });
  });
});

/** Simulated cases: binary with continuous scores (no cells), or 4 classes; a score, errors and latencies. */
function simulated(n: number, task: 'binary' | 'multiclass', seed: number): RawCase[] {
  const rng = new Rng(seed);
  const labels = task === 'binary' ? ['0', '1'] : ['a', 'b', 'c', 'd'];
  return Array.from({ length: n }, (_, i) => {
    const y = task === 'binary' ? (rng.nextFloat() < 0.3 ? 1 : 0) : rng.nextInt(4);
    const z = labels.map((_, c) => rng.normal() + (c === y ? 1.5 : 0));
    const e = z.map(Math.exp);
    const total = e.reduce((s, v) => s + v, 0);
    const proba = Object.fromEntries(labels.map((label, c) => [label, e[c] / total]));
    const best = labels[z.indexOf(Math.max(...z))];
    const failed = rng.nextFloat() < 0.03;
    return {
      id: `c${i}`,
      expected: labels[y],
      ...(failed ? { error: 'timeout' } : { predicted: best, probability: proba }),
      scores: { faithfulness: Math.min(1, Math.max(0, 0.7 + 0.2 * rng.normal())) },
      latencyMs: Math.exp(5 + 0.5 * rng.normal()),
      source: { file: 'sim.jsonl', line: i + 1 },
    };
  });
}

describe(`analytic intervals agree with the case bootstrap at the crossover (N = ${ANALYTIC_MIN_CASES})`, () => {
  const resamples = 2000;
  // The bootstrap standard error from B resamples has relative Monte-Carlo error ≈ 1/√(2B) = 1.6%; allow 4 of them.
  const tolerance = 4 / Math.sqrt(2 * resamples);
  for (const task of ['binary', 'multiclass'] as const) {
    it(`${task}: ROC AUC, average precision (binary), log loss, ECE, a score mean, the error rate and latency quantiles`, () => {
      const cases = mergeCases(simulated(ANALYTIC_MIN_CASES, task, task === 'binary' ? 11 : 12));
      const labels = task === 'binary' ? ['0', '1'] : ['a', 'b', 'c', 'd'];
      const suite = new MetricSuite(cases, {
        task,
        labels,
        positiveLabel: task === 'binary' ? '1' : undefined,
      });
      const analytic = confidenceIntervals(suite, resamples, 5);
      const names = [
        'roc_auc',
        ...(task === 'binary' ? ['average_precision'] : []),
        'log_loss',
        'ece',
        'faithfulness',
        'error_rate',
        'latency_p50_ms',
        'latency_p95_ms',
      ];
      expect(names.map((name) => analytic[name].method)).toEqual([
        'delong',
        ...(task === 'binary' ? ['influence'] : []),
        'normal',
        'binned-bootstrap',
        'normal',
        'wilson',
        'order-statistic',
        'order-statistic',
      ]);
      let latest: Record<string, number> = {};
      const samples = bootstrap({
        n: suite.size,
        resamples,
        seed: 9,
        statistics: names.map((name, i) => (weights: Uint32Array) => {
          if (i === 0) latest = suite.compute(names, weights);
          return latest[name];
        }),
      });
      const z = zOf(0.95);
      names.forEach((name, i) => {
        const viaCases = bootstrapInterval(samples[i], 0.95);
        const { lower, upper, method } = analytic[name];
        const width = upper - lower;
        if (method === 'order-statistic') {
          // Bootstrap quantiles jump between order statistics: compare widths to 20%.
          expect(relative(width, viaCases.upper - viaCases.lower)).toBeLessThan(0.2);
        } else {
          expect(relative(width / (2 * z), viaCases.standardError)).toBeLessThan(tolerance);
        }
        // The centres agree to a tenth of the interval.
        expect(Math.abs((lower + upper) / 2 - (viaCases.lower + viaCases.upper) / 2)).toBeLessThan(
          0.1 * width,
        );
      });
    });
  }

  it('below the crossover every interval is a bootstrap but ROC AUC’s (DeLong at any N)', () => {
    const cases = mergeCases(simulated(ANALYTIC_MIN_CASES - 1, 'multiclass', 4));
    const suite = new MetricSuite(cases, { task: 'multiclass', labels: ['a', 'b', 'c', 'd'] });
    const intervals = confidenceIntervals(suite, 200, 5);
    expect(intervals.roc_auc.method).toBe('delong');
    const methods = new Set(Object.values(intervals).map((i) => i.method));
    expect([...methods].sort()).toEqual(['case-bootstrap', 'cell-bootstrap', 'delong']);
  });
});
