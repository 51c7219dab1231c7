/** Regression metrics against scikit-learn 1.2.1 reference values plus hand-checkable facts. */
import { describe, expect, it } from '@jest/globals';
import { mae, mape, mse, r2, regressionMetrics, rmse } from '../../src/metrics/index.js';
import { Mismatches, loadReference, weightsOf } from './reference.js';
import type { RefNumber } from './reference.js';

interface RegressionCase {
  name: string;
  y_true: number[];
  y_pred: number[];
  weights?: number[];
  expected: Record<'mae' | 'mse' | 'rmse' | 'rmse_sklearn' | 'r2' | 'mape', RefNumber>;
}

const { cases } = loadReference<{ cases: RegressionCase[] }>('regression.json');

describe('regression metrics vs scikit-learn 1.2.1', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const y = Float64Array.from(c.y_true);
    const yHat = Float64Array.from(c.y_pred);
    const w = weightsOf(c.weights);
    const e = c.expected;
    const check = new Mismatches(c.name);
    check.number('mae', mae(y, yHat, w), e.mae);
    check.number('mse', mse(y, yHat, w), e.mse);
    check.number('rmse', rmse(y, yHat, w), e.rmse);
    check.number('rmse (sklearn squared=False)', rmse(y, yHat, w), e.rmse_sklearn);
    check.number('r2', r2(y, yHat, w), e.r2);
    check.number('mape', mape(y, yHat, w), e.mape);
    const all = regressionMetrics(y, yHat, w);
    check.number('regressionMetrics.r2', all.r2, e.r2);
    check.number('regressionMetrics.rmse', all.rmse, e.rmse);
    expect(check.list).toEqual([]);
  });
});

describe('regression metrics: hand-checkable facts', () => {
  it('perfect predictions: errors 0, R^2 1', () => {
    const y = Float64Array.from([1, -2, 3.5]);
    expect(regressionMetrics(y, y)).toEqual({ mae: 0, mse: 0, rmse: 0, r2: 1, mape: 0 });
  });

  it('small worked example', () => {
    const y = Float64Array.from([1, 2, 3]);
    const yHat = Float64Array.from([2, 2, 5]);
    expect(mae(y, yHat)).toBe(1);
    expect(mse(y, yHat)).toBe(5 / 3);
    expect(r2(y, yHat)).toBeCloseTo(1 - 5 / 2, 15);
    expect(mape(y, yHat)).toBeCloseTo((1 + 0 + 2 / 3) / 3, 15);
  });

  it('constant y_true is detected exactly (sklearn would return about -1.7e31 for 0.1, 0.1, 0.1)', () => {
    const y = Float64Array.from([0.1, 0.1, 0.1]);
    expect(r2(y, Float64Array.from([0.1, 0.2, 0.1]))).toBe(0);
    expect(r2(y, y)).toBe(1);
  });

  it('NaN when undefined: R^2 with one case, any metric with zero total weight or no cases', () => {
    expect(r2(Float64Array.from([1]), Float64Array.from([2]))).toBeNaN();
    expect(mae(new Float64Array(0), new Float64Array(0))).toBeNaN();
    expect(mse(Float64Array.from([1, 2]), Float64Array.from([1, 3]), [0, 0])).toBeNaN();
  });

  it('rejects mismatched lengths', () => {
    expect(() => mae(Float64Array.from([1, 2]), Float64Array.from([1]))).toThrow(RangeError);
    expect(() => r2(Float64Array.from([1, 2]), Float64Array.from([1, 2]), [1])).toThrow(RangeError);
  });
});
