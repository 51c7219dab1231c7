import { describe, expect, it } from '@jest/globals';
import { InputDataError } from '@mlgate/core';
import { FrozenHistogram, KllSketch, quantileEdges } from '../../src/sketch/index.js';
import { roundTrip, sample } from './helpers.js';

describe('FrozenHistogram', () => {
  it('counts into right-closed bins (−∞, e1], (e1, e2], …, (ek, ∞)', () => {
    const h = new FrozenHistogram([0, 10, 20]);
    [-5, 0, 0.1, 10, 15, 20, 20.5, 1e9].forEach((x) => h.add(x));
    expect(Array.from(h.counts)).toEqual([2, 2, 2, 2]);
    expect(h.total).toBe(8);
  });

  it('binary-searches many edges the same way as it counts few', () => {
    const edges = Array.from({ length: 40 }, (_, i) => i * 2.5);
    const many = new FrozenHistogram(edges);
    const values = sample('uniform', 10_000, 3).map((x) => x * 110 - 5);
    values.forEach((x) => many.add(x));
    const expected = new Array(41).fill(0);
    for (const x of values) expected[edges.filter((e) => e < x).length]++;
    expect(Array.from(many.counts)).toEqual(expected);
  });

  it('with no edges has a single bin; skips NaN and ±Infinity', () => {
    const h = new FrozenHistogram([]);
    [1, NaN, Infinity, -Infinity, 2].forEach((x) => h.add(x));
    expect(Array.from(h.counts)).toEqual([2]);
  });

  it('merges histograms with the same edges and refuses others', () => {
    const a = new FrozenHistogram([1, 2]);
    const b = new FrozenHistogram([1, 2]);
    a.add(0);
    b.add(1.5);
    b.add(3);
    expect(Array.from(a.merge(b).counts)).toEqual([1, 1, 1]);
    expect(() => a.merge(new FrozenHistogram([1, 3]))).toThrow(/different bin edges/);
    expect(() => a.merge(new FrozenHistogram([1]))).toThrow(InputDataError);
  });

  it('round-trips through JSON and rejects malformed JSON', () => {
    const h = new FrozenHistogram([0.5, 1.5]);
    [0, 1, 1, 2].forEach((x) => h.add(x));
    const back = FrozenHistogram.fromJSON(roundTrip(h.toJSON()));
    expect(back.toJSON()).toEqual({ kind: 'histogram', version: 1, edges: [0.5, 1.5], counts: [1, 2, 1] });
    expect(() => FrozenHistogram.fromJSON({ ...h.toJSON(), counts: [1] })).toThrow(/expected 3 counts/);
    expect(() => FrozenHistogram.fromJSON({ ...h.toJSON(), edges: [2, 1] })).toThrow(/strictly increasing/);
    expect(() => new FrozenHistogram([1, 1])).toThrow(RangeError);
  });
});

describe('quantileEdges', () => {
  it('gives the 9 interior deciles, each bin holding ~10% of the reference', () => {
    const values = sample('normal', 100_000, 8);
    const sketch = new KllSketch();
    values.forEach((x) => sketch.update(x));
    const edges = quantileEdges(sketch);
    expect(edges.length).toBe(9);
    const h = new FrozenHistogram(edges);
    values.forEach((x) => h.add(x));
    for (const c of h.counts)
      expect(Math.abs(c / values.length - 0.1)).toBeLessThan(2 * sketch.normalisedRankError);
  });

  it('deduplicates: a constant column has one edge, an empty sketch none, exact sketches exact deciles', () => {
    const constant = new KllSketch();
    for (let i = 0; i < 1000; i++) constant.update(3);
    expect(quantileEdges(constant)).toEqual([3]);
    expect(quantileEdges(new KllSketch())).toEqual([]);
    const small = new KllSketch();
    for (let i = 1; i <= 100; i++) small.update(i);
    expect(quantileEdges(small)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(quantileEdges(small, 4)).toEqual([25, 50, 75]);
  });
});
