/** The rule for non-finite metrics: an overflow caused by the data's values fails naming the cases; undefined stays undefined. */
import { describe, expect, it } from '@jest/globals';
import { InputDataError } from '@mlgate/core';
import type { EvalCase } from '../src/cases.js';
import { checkOverflow } from '../src/overflow.js';
import { mse, r2, rmse } from '../src/metrics/regression.js';

const base = (id: string, line: number): EvalCase => ({
  id,
  repeats: 1,
  flaky: false,
  tokensInput: 0,
  tokensOutput: 0,
  costUsd: 0,
  hasCost: false,
  source: { file: 'results.jsonl', line },
});

describe('checkOverflow', () => {
  it('a squared error beyond float64 names the case that caused it, with its file and line', () => {
    const cases = Array.from({ length: 30 }, (_, i) => ({
      ...base(`house-${i + 1}`, i + 1),
      expected: 100 + i,
      predicted: i === 16 ? 1e155 : 101 + i,
    }));
    const yTrue = Float64Array.from(cases, (item) => item.expected);
    const yPred = Float64Array.from(cases, (item) => item.predicted);
    const values = { mse: mse(yTrue, yPred), rmse: rmse(yTrue, yPred), r2: r2(yTrue, yPred), accuracy: NaN };
    expect(Number.isFinite(values.mse)).toBe(false);
    let thrown: unknown;
    try {
      checkOverflow(values, cases);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputDataError);
    expect((thrown as InputDataError).message).toMatch(
      /^mse, rmse, r2 overflow float64 .* case "house-17" \(predicted 1e\+155\)/,
    );
    expect((thrown as InputDataError).location).toMatchObject({ file: 'results.jsonl', line: 17 });
  });

  it('a cost total beyond float64 names every case at or above MAX_VALUE / n', () => {
    const cases = Array.from({ length: 10 }, (_, i) => ({
      ...base(`t-${i}`, i + 1),
      hasCost: true,
      costUsd: i === 3 || i === 4 ? 1e308 : 0.002,
    }));
    expect(() => checkOverflow({ cost_usd: Infinity }, cases)).toThrow(
      /^cost_usd overflows .*"t-3" \(cost_usd 1e\+308\), "t-4"/,
    );
  });

  it('a metric undefined by definition, or not finite without a large value, is left to the gates (inconclusive)', () => {
    const cases = Array.from({ length: 10 }, (_, i) => ({
      ...base(`c-${i}`, i + 1),
      expected: 1,
      predicted: 1e100,
    }));
    expect(() => checkOverflow({ roc_auc: NaN, r2: NaN, mse: 1e200 }, cases)).not.toThrow();
    expect(() => checkOverflow({ cost_usd: NaN }, cases)).not.toThrow();
  });

  it('a score dimension that overflows is named too', () => {
    const cases = Array.from({ length: 4 }, (_, i) => ({
      ...base(`s-${i}`, i + 1),
      scores: { helpful: i === 0 ? 1.7e308 : 1.7e308 },
    }));
    expect(() => checkOverflow({ helpful: Infinity }, cases)).toThrow(
      /helpful overflows .*"s-0" \(helpful 1\.7e\+308\)/,
    );
  });
});
