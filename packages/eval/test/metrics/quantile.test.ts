/** Quantiles against numpy.percentile (default linear method) plus hand-checkable facts. */
import { describe, expect, it } from '@jest/globals';
import { quantile, quantileSorted, quantiles } from '../../src/metrics/index.js';
import { Mismatches, loadReference } from './reference.js';
import type { RefNumber } from './reference.js';

interface QuantileCase {
  name: string;
  values: number[];
  percentiles: number[];
  expected: RefNumber[];
}

const { cases } = loadReference<{ cases: QuantileCase[] }>('quantile.json');

describe('quantile vs numpy.percentile', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const values = Float64Array.from(c.values);
    const before = Float64Array.from(values);
    const check = new Mismatches(c.name);
    // numpy.percentile divides q by 100 before calling the quantile code, as here.
    const qs = c.percentiles.map((p) => p / 100);
    c.percentiles.forEach((p, i) => check.number(`p${p}`, quantile(values, qs[i]), c.expected[i]));
    check.array('quantiles', quantiles(values, qs), c.expected);
    expect(check.list).toEqual([]);
    expect(values).toEqual(before); // input left untouched
  });
});

describe('quantile: hand-checkable facts', () => {
  it('interpolates linearly between order statistics', () => {
    const v = Float64Array.from([40, 10, 30, 20]);
    expect(quantile(v, 0)).toBe(10);
    expect(quantile(v, 1)).toBe(40);
    expect(quantile(v, 0.5)).toBe(25);
    expect(quantile(v, 0.25)).toBe(17.5);
    expect(quantileSorted(Float64Array.from([1, 2, 3]), 0.5)).toBe(2);
  });

  it('NaN for empty input or NaN values; rejects q outside [0, 1]', () => {
    expect(quantile(new Float64Array(0), 0.5)).toBeNaN();
    expect(quantile(Float64Array.from([1, NaN, 3]), 0.5)).toBeNaN();
    expect(quantile(Float64Array.from([NaN]), 0.5)).toBeNaN();
    expect(() => quantile(Float64Array.from([1]), 95)).toThrow(RangeError);
    expect(() => quantile(Float64Array.from([1]), NaN)).toThrow(RangeError);
  });
});
