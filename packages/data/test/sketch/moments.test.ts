import { describe, expect, it } from '@jest/globals';
import { InputDataError } from '@mlgate/core';
import { Moments } from '../../src/sketch/index.js';
import { roundTrip, sample } from './helpers.js';

function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

function twoPass(values: Float64Array): { mean: number; variance: number; sum: number } {
  let sum = 0;
  for (const x of values) sum += x;
  const mean = sum / values.length;
  let m2 = 0;
  for (const x of values) m2 += (x - mean) ** 2;
  return { mean, variance: m2 / (values.length - 1), sum };
}

describe('Moments', () => {
  it('computes count, min, max, mean, sample variance, std and sum', () => {
    const m = new Moments();
    [2, 4, 4, 4, 5, 5, 7, 9].forEach((x) => m.add(x));
    expect(m.count).toBe(8);
    expect(m.min).toBe(2);
    expect(m.max).toBe(9);
    expect(m.mean).toBe(5);
    expect(m.m2).toBe(32);
    expect(m.variance).toBeCloseTo(32 / 7, 15);
    expect(m.std).toBeCloseTo(Math.sqrt(32 / 7), 15);
    expect(m.sum).toBe(40);
  });

  it('agrees with a two-pass computation over many blocks (large offset, small spread)', () => {
    const values = sample('normal', 100_003, 3).map((x) => 1e9 + x);
    const m = new Moments();
    values.forEach((x) => m.add(x));
    const ref = twoPass(values);
    expect(relative(m.mean, ref.mean)).toBeLessThan(1e-13); // the naive reference sum itself errs by ~1e-14
    expect(relative(m.variance, ref.variance)).toBeLessThan(1e-9);
  });

  it('merging shards equals one pass: counts, min, max exactly; mean, std, sum to 1e-12', () => {
    const values = sample('lognormal', 250_000, 4);
    const whole = new Moments();
    values.forEach((x) => whole.add(x));
    const cuts = [0, 1, 777, 100_000, 100_256, 249_999, 250_000];
    const shards = cuts.slice(1).map((end, i) => {
      const m = new Moments();
      values.subarray(cuts[i], end).forEach((x) => m.add(x));
      return m;
    });
    const leftFold = shards.reduce((acc, s) => acc.merge(s), new Moments());
    // A different association: ((s0 s1)(s2 s3))((s4 s5)).
    const pairs = [shards[0].merge(shards[1]), shards[2].merge(shards[3]), shards[4].merge(shards[5])];
    const tree = pairs[0].merge(pairs[1]).merge(pairs[2]);
    for (const merged of [leftFold, tree]) {
      expect(merged.count).toBe(whole.count);
      expect(merged.min).toBe(whole.min);
      expect(merged.max).toBe(whole.max);
      expect(relative(merged.mean, whole.mean)).toBeLessThan(1e-12);
      expect(relative(merged.std, whole.std)).toBeLessThan(1e-12);
      expect(relative(merged.sum, whole.sum)).toBeLessThan(1e-12);
    }
  });

  it('gives the two-pass answers at every length while its block grows (8, 32, 128, 256 values)', () => {
    for (const n of [1, 7, 8, 9, 32, 33, 128, 129, 255, 256, 257, 600]) {
      const values = Array.from({ length: n }, (_, i) => 1000 + Math.sin(i) * 3);
      const m = new Moments();
      values.forEach((x) => m.add(x));
      const mean = values.reduce((a, b) => a + b, 0) / n;
      const variance = n > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
      expect([n, m.count, m.min, m.max]).toEqual([n, n, Math.min(...values), Math.max(...values)]);
      expect(Math.abs(m.mean - mean)).toBeLessThan(1e-9);
      if (n > 1) expect(Math.abs(m.std - Math.sqrt(variance))).toBeLessThan(1e-9);
    }
  });

  it('ignores NaN and ±Infinity but counts them as nonFinite', () => {
    const m = new Moments();
    [1, NaN, 3, Infinity, -Infinity].forEach((x) => m.add(x));
    expect(m.count).toBe(2);
    expect(m.nonFinite).toBe(3);
    expect(m.mean).toBe(2);
    expect(m.max).toBe(3);
    const other = new Moments();
    other.add(NaN);
    expect(m.merge(other).nonFinite).toBe(4);
  });

  it('handles empty and single-value columns', () => {
    const empty = new Moments();
    expect(empty.count).toBe(0);
    expect(Number.isNaN(empty.variance)).toBe(true);
    expect(empty.toJSON()).toEqual({
      kind: 'moments',
      version: 1,
      count: 0,
      nonFinite: 0,
      min: null,
      max: null,
      mean: 0,
      m2: 0,
      sum: 0,
    });
    const one = new Moments();
    one.add(-3.5);
    expect([one.count, one.min, one.max, one.mean, one.m2]).toEqual([1, -3.5, -3.5, -3.5, 0]);
    expect(Number.isNaN(one.std)).toBe(true);
    expect(new Moments().merge(one).mean).toBe(-3.5);
    expect(one.merge(new Moments()).count).toBe(1);
  });

  it('round-trips through JSON, and the same input gives the same JSON', () => {
    const build = () => {
      const m = new Moments();
      sample('normal', 1000, 9).forEach((x) => m.add(x));
      m.add(NaN);
      return m;
    };
    const json = build().toJSON();
    expect(build().toJSON()).toEqual(json);
    const back = Moments.fromJSON(roundTrip(json));
    expect(back.toJSON()).toEqual(json);
    back.add(1);
    expect(back.count).toBe(1001);
  });

  it('rejects malformed JSON with an InputDataError', () => {
    expect(() => Moments.fromJSON({ kind: 'kll' })).toThrow(InputDataError);
    expect(() => Moments.fromJSON({ ...new Moments().toJSON(), version: 2 })).toThrow(/version/);
    expect(() => Moments.fromJSON({ ...new Moments().toJSON(), count: 3 })).toThrow(/inconsistent/);
    expect(() => Moments.fromJSON({ ...new Moments().toJSON(), mean: 'x' })).toThrow(/mean/);
  });
});
