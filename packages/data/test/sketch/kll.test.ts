import { describe, expect, it } from '@jest/globals';
import { InputDataError } from '@mlgate/core';
import { KllSketch } from '../../src/sketch/index.js';
import { loadFixture, roundTrip, sample } from './helpers.js';

/** Fraction of sorted values ≤ x. */
function trueRank(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo / sorted.length;
}

/** Largest |estimated rank − true rank| over the 1%…99% quantiles of the data. */
function maxRankError(sketch: KllSketch, sorted: Float64Array): number {
  let worst = 0;
  for (let i = 1; i < 100; i++) {
    const x = sorted[Math.floor((i / 100) * sorted.length)];
    worst = Math.max(worst, Math.abs(sketch.rank(x) - trueRank(sorted, x)));
  }
  return worst;
}

describe('KllSketch', () => {
  it('is exact while nothing was compacted: matches numpy inverted_cdf quantiles and ranks', () => {
    const fixture = loadFixture<{
      values: number[];
      qs: number[];
      quantiles: number[];
      probes: number[];
      ranks: number[];
    }>('quantiles.json');
    for (const c of fixture.cases) {
      const sketch = new KllSketch();
      c.values.forEach((x) => sketch.update(x));
      expect(sketch.isExact).toBe(true);
      expect(sketch.normalisedRankError).toBe(0);
      expect(sketch.quantiles(c.qs)).toEqual(c.quantiles);
      expect(c.probes.map((p) => sketch.rank(p))).toEqual(c.ranks);
      expect(sketch.min).toBe(Math.min(...c.values));
      expect(sketch.max).toBe(Math.max(...c.values));
    }
  });

  it.each(['uniform', 'normal', 'lognormal', 'integers', 'sorted'] as const)(
    'keeps the rank error on 1M %s values within the KLL bound, one pass and merged from shards',
    (kind) => {
      const values = sample(kind, 1_000_000, 11);
      const sorted = values.slice().sort();
      const whole = new KllSketch();
      values.forEach((x) => whole.update(x));
      expect(whole.isExact).toBe(false);
      expect(whole.n).toBe(1_000_000);
      expect(whole.retained).toBeLessThan(4 * whole.k + 8 * 20);
      const bound = whole.normalisedRankError;
      expect(bound).toBeCloseTo(0.0133, 3);
      expect(maxRankError(whole, sorted)).toBeLessThan(bound);
      expect(whole.min).toBe(sorted[0]);
      expect(whole.max).toBe(sorted[sorted.length - 1]);
      expect(whole.quantile(0)).toBe(sorted[0]);
      expect(whole.quantile(1)).toBe(sorted[sorted.length - 1]);

      const shards = Array.from({ length: 8 }, () => new KllSketch());
      values.forEach((x, i) => shards[Math.floor((i / values.length) * 8)].update(x));
      const merged = shards.reduce((acc, s) => acc.merge(s), new KllSketch());
      expect(merged.n).toBe(1_000_000);
      expect(merged.min).toBe(sorted[0]);
      expect(merged.max).toBe(sorted[sorted.length - 1]);
      expect(maxRankError(merged, sorted)).toBeLessThan(bound);
      // The q-quantile x is a value whose true rank interval [P(X < x), P(X ≤ x)] comes within the bound of q.
      for (const q of [0.1, 0.5, 0.9]) {
        const x = merged.quantile(q);
        const below = trueRank(sorted, x - Math.max(1e-9, Math.abs(x) * 1e-12));
        expect(below).toBeLessThan(q + bound);
        expect(trueRank(sorted, x)).toBeGreaterThan(q - bound);
      }
    },
  );

  it('stays exact when merging exact sketches that fit, and the result equals one pass', () => {
    const values = sample('normal', 150, 2);
    const a = new KllSketch();
    const b = new KllSketch();
    const whole = new KllSketch();
    values.forEach((x, i) => (i < 60 ? a : b).update(x));
    values.forEach((x) => whole.update(x));
    const merged = a.merge(b);
    expect(merged.isExact).toBe(true);
    expect(merged.toJSON()).toEqual(whole.toJSON());
  });

  it('computes cdf at split points with a final 1', () => {
    const sketch = new KllSketch();
    [1, 2, 3, 4].forEach((x) => sketch.update(x));
    expect(sketch.cdf([0, 2, 3.5])).toEqual([0, 0.5, 0.75, 1]);
    expect(() => sketch.cdf([2, 1])).toThrow(RangeError);
    expect(sketch.cdf([])).toEqual([1]);
  });

  it('handles empty and one-value sketches, skips NaN and ±Infinity', () => {
    const empty = new KllSketch();
    expect(Number.isNaN(empty.quantile(0.5))).toBe(true);
    expect(Number.isNaN(empty.rank(1))).toBe(true);
    expect(Number.isNaN(empty.min)).toBe(true);
    const one = new KllSketch();
    [NaN, 7, Infinity, -Infinity].forEach((x) => one.update(x));
    expect(one.n).toBe(1);
    expect(one.quantiles([0, 0.5, 1])).toEqual([7, 7, 7]);
    expect(one.rank(6.9)).toBe(0);
    expect(one.rank(7)).toBe(1);
    expect(() => one.quantile(1.5)).toThrow(RangeError);
    expect(() => one.quantile(NaN)).toThrow(RangeError);
  });

  it('is deterministic and round-trips through JSON (including the generator state)', () => {
    const values = sample('lognormal', 20_000, 5);
    const build = () => {
      const s = new KllSketch();
      values.forEach((x) => s.update(x));
      return s;
    };
    const a = build();
    a.quantile(0.5); // queries sort level 0 in place: must not change the serialised form
    const json = a.toJSON();
    expect(build().toJSON()).toEqual(json);
    const back = KllSketch.fromJSON(roundTrip(json));
    expect(back.toJSON()).toEqual(json);
    expect(back.quantiles([0.1, 0.5, 0.9])).toEqual(a.quantiles([0.1, 0.5, 0.9]));
    // Continuing after the round trip gives the same sketch as continuing the original.
    const more = sample('uniform', 5000, 6);
    more.forEach((x) => {
      a.update(x);
      back.update(x);
    });
    expect(back.toJSON()).toEqual(a.toJSON());
  });

  it('samples below its compactor levels on long streams: mid-block state round-trips, merges keep the bound', () => {
    const values = sample('normal', 3_000_001, 17);
    const sorted = values.slice().sort();
    const whole = new KllSketch();
    values.forEach((x) => whole.update(x));
    const json = whole.toJSON();
    expect(json.sampler?.level).toBeGreaterThan(0);
    expect(maxRankError(whole, sorted)).toBeLessThan(whole.normalisedRankError);
    // The sampler's unfinished block is part of the state: a sketch read back continues identically.
    const back = KllSketch.fromJSON(roundTrip(json));
    expect(back.toJSON()).toEqual(json);
    const more = sample('uniform', 70_000, 3);
    more.forEach((x) => {
      whole.update(x);
      back.update(x);
    });
    expect(back.toJSON()).toEqual(whole.toJSON());
    // Shards that each sample merge within the bound; weights and n stay consistent through JSON.
    const shards = Array.from({ length: 4 }, () => new KllSketch());
    values.forEach((x, i) => shards[i % 4].update(x));
    const merged = shards.reduce(
      (acc, shard) => acc.merge(KllSketch.fromJSON(roundTrip(shard.toJSON()))),
      new KllSketch(),
    );
    expect(merged.n).toBe(values.length);
    expect(maxRankError(merged, sorted)).toBeLessThan(merged.normalisedRankError);
    expect(() => KllSketch.fromJSON(roundTrip(merged.toJSON()))).not.toThrow();
  });

  it('rejects malformed JSON and merges of different k', () => {
    const json = new KllSketch().toJSON();
    expect(() => KllSketch.fromJSON({ ...json, kind: 'hll' })).toThrow(InputDataError);
    expect(() => KllSketch.fromJSON({ ...json, n: 5 })).toThrow(/weight/);
    expect(() => KllSketch.fromJSON({ ...json, levels: [[1], [3, 2]], n: 5, min: 1, max: 3 })).toThrow(
      /not sorted/,
    );
    expect(() => KllSketch.fromJSON({ ...json, levels: [[1, 'x']] })).toThrow(InputDataError);
    expect(() => new KllSketch(100).merge(new KllSketch(200))).toThrow(/k = 100 and k = 200/);
    expect(() => new KllSketch(4)).toThrow(RangeError);
  });
});
