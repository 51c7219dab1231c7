import { describe, expect, it } from '@jest/globals';
import type { EvalCase } from '../../src/cases.js';
import { MetricSuite, type SuiteSpec } from '../../src/suite.js';
import { casesOf, labelled, type RowFields } from './helpers.js';

/** A small seeded generator (Numerical Recipes LCG), so the data is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const BINARY: SuiteSpec = { task: 'binary', labels: ['no', 'yes'], positiveLabel: 'yes' };

/** 60 binary cases with everything a run can carry: probabilities (with ties), latency, cost, tokens, scores, pass. */
function binaryCases(): EvalCase[] {
  const next = random(7);
  const rows: RowFields[] = Array.from({ length: 60 }, (_, i) => {
    const expected = next() < 0.5 ? 'yes' : 'no';
    const probability = Math.round(next() * 20) / 20; // ties on purpose
    const predicted = probability >= 0.5 ? 'yes' : 'no';
    return {
      id: `c${i}`,
      expected,
      predicted,
      probability,
      pass: predicted === expected,
      latencyMs: Math.round(next() * 1000),
      costUsd: Math.round(next() * 1000) / 1e5,
      tokens: { input: 100 + i, output: 10 + (i % 7) },
      scores: { faithfulness: Math.round(next() * 100) / 100 },
    };
  });
  return casesOf(rows);
}

function regressionCases(): EvalCase[] {
  const next = random(11);
  return casesOf(
    Array.from({ length: 50 }, (_, i) => {
      const expected = Math.round(next() * 1000) / 10;
      return { id: `r${i}`, expected, predicted: expected + Math.round((next() - 0.5) * 200) / 10 };
    }),
  );
}

/** Expects equal metric values (NaN equals NaN), to 10 decimals. */
function expectSameValues(
  actual: Record<string, number>,
  expected: Record<string, number>,
  names: string[],
): void {
  for (const name of names) {
    expect({ name, defined: name in actual }).toEqual({ name, defined: true });
    if (Number.isNaN(expected[name])) expect({ name, value: actual[name] }).toEqual({ name, value: NaN });
    else
      expect({ name, close: Math.abs(actual[name] - expected[name]) < 1e-10 }).toEqual({ name, close: true });
  }
}

const duplicate = (cases: EvalCase[], weights: Uint32Array): EvalCase[] =>
  cases.flatMap((item, i) => Array.from({ length: weights[i] }, () => item));

const someWeights = (n: number, seed: number): Uint32Array => {
  const next = random(seed);
  return Uint32Array.from({ length: n }, () => Math.floor(next() * 4)); // 0..3: some cases left out
};

describe('MetricSuite on a hand-computed multiclass example', () => {
  // Confusion (rows true a, b, c; columns predicted): [[3, 1, 0], [0, 2, 1], [1, 0, 2]].
  const cases = casesOf(
    labelled([
      ['1', 'a', 'a'],
      ['2', 'a', 'a'],
      ['3', 'a', 'b'],
      ['4', 'b', 'b'],
      ['5', 'b', 'c'],
      ['6', 'c', 'c'],
      ['7', 'c', 'c'],
      ['8', 'c', 'a'],
      ['9', 'b', 'b'],
      ['10', 'a', 'a'],
    ]),
  );
  const suite = new MetricSuite(cases, { task: 'multiclass', labels: ['a', 'b', 'c'] });
  const values = suite.compute();

  it('computes accuracy and the averaged F1 scores', () => {
    expect(values.accuracy).toBeCloseTo(0.7, 12);
    expect(values.f1_macro).toBeCloseTo((0.75 + 2 / 3 + 2 / 3) / 3, 12);
    expect(values.f1_micro).toBeCloseTo(0.7, 12);
    expect(values.f1_weighted).toBeCloseTo((4 * 0.75 + 3 * (2 / 3) + 3 * (2 / 3)) / 10, 12);
    expect(values.balanced_accuracy).toBeCloseTo((0.75 + 2 / 3 + 2 / 3) / 3, 12);
    expect(values['recall[a]']).toBeCloseTo(0.75, 12);
    expect(values['precision[b]']).toBeCloseTo(2 / 3, 12);
  });

  it('reports per-class precision, recall, F1 and support, and the confusion matrix', () => {
    const perClass = suite.perClass()!;
    expect(perClass.map((row) => [row.label, row.support])).toEqual([
      ['a', 4],
      ['b', 3],
      ['c', 3],
    ]);
    expect(perClass[0].precision).toBeCloseTo(0.75, 12);
    expect(perClass[0].recall).toBeCloseTo(0.75, 12);
    expect(perClass[1].f1).toBeCloseTo(2 / 3, 12);
    expect(perClass[2].precision).toBeCloseTo(2 / 3, 12);
    expect(suite.confusionMatrix()).toEqual({
      labels: ['a', 'b', 'c'],
      matrix: [
        [3, 1, 0],
        [0, 2, 1],
        [1, 0, 2],
      ],
    });
  });

  it('has no binary precision/recall/f1 in the headline, but per-class names a gate may use', () => {
    expect(suite.headline).not.toContain('precision');
    expect(suite.headline).toContain('f1_macro');
    expect(suite.names).toEqual(expect.arrayContaining(['recall[a]', 'precision[c]', 'f1[b]']));
    expect(suite.headline).not.toContain('recall[a]');
  });

  it('gives per-case correctness for McNemar', () => {
    expect(Array.from(suite.binaryOutcomes('accuracy')!)).toEqual([1, 1, 0, 1, 0, 1, 1, 0, 1, 1]);
  });
});

describe('MetricSuite weights', () => {
  it('gives the same values with every weight 1 as with no weights', () => {
    for (const [cases, spec] of [
      [binaryCases(), BINARY],
      [regressionCases(), { task: 'regression', labels: [] }],
    ] as [EvalCase[], SuiteSpec][]) {
      const suite = new MetricSuite(cases, spec);
      const unweighted = suite.compute();
      const ones = suite.compute(undefined, new Uint32Array(cases.length).fill(1));
      expectSameValues(ones, unweighted, Object.keys(unweighted));
    }
  });

  it('treats an integer weight as that many copies of the case (binary run)', () => {
    const cases = binaryCases();
    const weights = someWeights(cases.length, 3);
    const weighted = new MetricSuite(cases, BINARY).compute(undefined, weights);
    const copies = new MetricSuite(duplicate(cases, weights), BINARY).compute();
    const names = ['accuracy', 'roc_auc', 'pass_rate', 'latency_p95_ms', 'cost_usd'];
    expectSameValues(weighted, copies, names);
    expectSameValues(weighted, copies, Object.keys(copies));
    expect(names.every((name) => Number.isFinite(copies[name]))).toBe(true);
  });

  it('treats an integer weight as that many copies of the case (regression run)', () => {
    const cases = regressionCases();
    const weights = someWeights(cases.length, 5);
    const spec: SuiteSpec = { task: 'regression', labels: [] };
    const weighted = new MetricSuite(cases, spec).compute(undefined, weights);
    const copies = new MetricSuite(duplicate(cases, weights), spec).compute();
    expectSameValues(weighted, copies, ['mae', 'mse', 'rmse', 'r2', 'mape']);
    expect(Number.isFinite(copies.mae)).toBe(true);
  });

  it('computes only the families asked for', () => {
    const values = new MetricSuite(binaryCases(), BINARY).compute(['mae', 'cost_usd']);
    expect(values.cost_usd).toBeGreaterThan(0);
    expect(values.accuracy).toBeUndefined();
  });
});

describe('MetricSuite details', () => {
  it('leaves errored cases out of accuracy but counts them in error_rate and as wrong for McNemar', () => {
    const cases = casesOf([
      { id: 'a', expected: 'yes', predicted: 'yes' },
      { id: 'b', expected: 'no', predicted: 'no' },
      { id: 'c', expected: 'yes', predicted: 'no' },
      { id: 'd', expected: 'yes', error: 'provider timeout' },
    ]);
    const suite = new MetricSuite(cases, BINARY);
    const values = suite.compute();
    expect(values.accuracy).toBeCloseTo(2 / 3, 12);
    expect(values.error_rate).toBeCloseTo(0.25, 12);
    expect(Array.from(suite.binaryOutcomes('accuracy')!)).toEqual([1, 1, 0, 0]);
  });

  it('renames a grader dimension called like a built-in metric to score_<name>', () => {
    const classification = new MetricSuite(
      casesOf([
        { id: 'a', expected: 'yes', predicted: 'yes', scores: { accuracy: 0.2, f1_macro: 0.4 } },
        { id: 'b', expected: 'no', predicted: 'yes', scores: { accuracy: 0.6, f1_macro: 0.8 } },
      ]),
      BINARY,
    );
    const values = classification.compute();
    expect(values.accuracy).toBeCloseTo(0.5, 12);
    expect(values.score_accuracy).toBeCloseTo(0.4, 12);
    expect(values.score_f1_macro).toBeCloseTo(0.6, 12);

    const scores = new MetricSuite(
      casesOf([
        { id: 'a', scores: { accuracy: 1, relevance: 0.5 } },
        { id: 'b', scores: { accuracy: 0, relevance: 0.7 } },
      ]),
      { task: 'scores', labels: [] },
    );
    expect(scores.names).toEqual(expect.arrayContaining(['score_accuracy', 'relevance']));
    expect(scores.names).not.toContain('accuracy');
    expect(scores.compute().relevance).toBeCloseTo(0.6, 12);
  });

  it('computes exact match and token F1 for a scores task with expected text', () => {
    const suite = new MetricSuite(
      casesOf([
        { id: 'a', expected: 'Paris', output: 'The Paris!', pass: true },
        { id: 'b', expected: 'New York City', output: 'new york', pass: false },
        { id: 'c', expected: 'blue', output: 'red', pass: false },
      ]),
      { task: 'scores', labels: [] },
    );
    const values = suite.compute();
    expect(values.exact_match).toBeCloseTo(1 / 3, 12);
    expect(values.token_f1).toBeCloseTo((1 + 0.8 + 0) / 3, 12);
    expect(values.pass_rate).toBeCloseTo(1 / 3, 12);
    expect(Array.from(suite.binaryOutcomes('exact_match')!)).toEqual([1, 0, 0]);
    expect(Array.from(suite.binaryOutcomes('pass_rate')!)).toEqual([1, 0, 0]);
  });

  it('computes pass_rate and pass_all_k over repeats, with no McNemar outcomes for fractional pass rates', () => {
    const suite = new MetricSuite(
      casesOf([
        { id: 'a', pass: true },
        { id: 'a', pass: true },
        { id: 'b', pass: true },
        { id: 'b', pass: false },
      ]),
      { task: 'scores', labels: [] },
    );
    const values = suite.compute();
    expect(values.pass_rate).toBeCloseTo(0.75, 12);
    expect(values.pass_all_k).toBeCloseTo(0.5, 12);
    expect(values.flaky_rate).toBeCloseTo(0.5, 12);
    expect(suite.binaryOutcomes('pass_rate')).toBeUndefined();
  });

  it('computes latency percentiles like numpy and token and cost totals', () => {
    const suite = new MetricSuite(
      casesOf(
        [700, 100, 1000, 300, 200, 900, 500, 400, 800, 600].map((latencyMs, i) => ({
          id: `c${i}`,
          pass: true,
          latencyMs,
          tokens: { input: 10, output: i },
          costUsd: 0.5,
        })),
      ),
      { task: 'scores', labels: [] },
    );
    const values = suite.compute();
    expect(values.latency_p50_ms).toBeCloseTo(550, 9);
    expect(values.latency_p95_ms).toBeCloseTo(955, 9);
    expect(values.latency_p99_ms).toBeCloseTo(991, 9);
    expect(values.tokens_input).toBe(100);
    expect(values.tokens_output).toBe(45);
    expect(values.cost_usd).toBeCloseTo(5, 12);
  });
});
