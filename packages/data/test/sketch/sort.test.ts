import { describe, expect, it } from '@jest/globals';
import { sortFloat64 } from '../../src/sketch/sort.js';
import { sample, uniform } from './helpers.js';

describe('sortFloat64', () => {
  const cases: Record<string, Float64Array> = {
    random: sample('normal', 5000, 1),
    duplicates: sample('integers', 5000, 2),
    constant: new Float64Array(3000).fill(4.25),
    sorted: sample('sorted', 3000),
    reversed: sample('sorted', 3000).reverse(),
    twoValues: Float64Array.from({ length: 4000 }, (_, i) => (i % 3 === 0 ? -1 : 1)),
    signedZeros: Float64Array.from({ length: 100 }, (_, i) => (i % 2 ? -0 : 0)),
    tiny: Float64Array.from([3, 1, 2]),
    empty: new Float64Array(0),
  };
  it.each(Object.keys(cases))('sorts %s input like TypedArray#sort', (name) => {
    const input = cases[name];
    const expected = input.slice().sort();
    const actual = input.slice();
    sortFloat64(actual, 0, actual.length);
    expect(Array.from(actual).map((x) => x + 0)).toEqual(Array.from(expected).map((x) => x + 0));
  });

  it('sorts only the given range', () => {
    const u = uniform(3);
    const a = Float64Array.from({ length: 100 }, () => u());
    const before = a.slice();
    sortFloat64(a, 10, 90);
    expect(Array.from(a.subarray(0, 10))).toEqual(Array.from(before.subarray(0, 10)));
    expect(Array.from(a.subarray(90))).toEqual(Array.from(before.subarray(90)));
    expect(Array.from(a.subarray(10, 90))).toEqual(Array.from(before.subarray(10, 90).sort()));
  });
});
