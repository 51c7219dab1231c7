import { describe, expect, it } from '@jest/globals';
import { InputDataError } from '@mlgate/core';
import { TopK } from '../../src/sketch/index.js';
import { roundTrip, uniform } from './helpers.js';

/** A Zipf-like stream over `distinct` values. */
function zipfStream(n: number, distinct: number, seed: number): string[] {
  const u = uniform(seed);
  return Array.from({ length: n }, () => `v${Math.floor(distinct ** u()) - 1}`);
}

function exactCounts(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

describe('TopK', () => {
  it('is exact while at most 2·capacity distinct values were seen', () => {
    const values = zipfStream(10_000, 100, 1);
    const top = new TopK(64);
    values.forEach((v) => top.add(v));
    const exact = exactCounts(values);
    expect(exact.size).toBeLessThanOrEqual(128);
    expect(top.isExact).toBe(true);
    expect(top.total).toBe(10_000);
    const items = top.items(1000);
    expect(items.length).toBe(exact.size);
    for (const { value, count } of items) expect(count).toBe(exact.get(value));
  });

  it('sorts items by count descending, then value, and honours the limit', () => {
    const top = new TopK();
    ['b', 'a', 'c', 'a', 'b', 'd'].forEach((v) => top.add(v));
    expect(top.items()).toEqual([
      { value: 'a', count: 2 },
      { value: 'b', count: 2 },
      { value: 'c', count: 1 },
      { value: 'd', count: 1 },
    ]);
    expect(top.items(1)).toEqual([{ value: 'a', count: 2 }]);
    expect(top.count('zzz')).toBe(0);
  });

  it('keeps the Misra-Gries guarantee on a long-tailed stream', () => {
    const values = zipfStream(200_000, 50_000, 2);
    const top = new TopK(64);
    values.forEach((v) => top.add(v));
    const exact = exactCounts(values);
    expect(top.isExact).toBe(false);
    expect(top.tracked).toBeLessThanOrEqual(128);
    expect(top.decremented).toBeLessThanOrEqual(values.length / 65);
    for (const [value, count] of exact) {
      const estimate = top.count(value);
      expect(estimate).toBeLessThanOrEqual(count);
      expect(estimate).toBeGreaterThanOrEqual(count - top.decremented);
    }
    // The heaviest values are found.
    const heaviest = [...exact]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([v]) => v);
    const found = top.items(10).map((i) => i.value);
    for (const v of heaviest) expect(found).toContain(v);
  });

  it('merges shards: exact when the union fits, within the bound otherwise', () => {
    const small = zipfStream(5000, 60, 3);
    const whole = new TopK();
    small.forEach((v) => whole.add(v));
    const shards = [new TopK(), new TopK(), new TopK()];
    small.forEach((v, i) => shards[i % 3].add(v));
    const merged = shards.reduce((acc, s) => acc.merge(s), new TopK());
    expect(merged.isExact).toBe(true);
    expect(merged.toJSON()).toEqual(whole.toJSON());

    const big = zipfStream(100_000, 20_000, 4);
    const parts = [new TopK(), new TopK(), new TopK(), new TopK()];
    big.forEach((v, i) => parts[Math.floor(i / 25_000)].add(v));
    const combined = new TopK()
      .merge(parts[0])
      .merge(parts[1])
      .merge(new TopK().merge(parts[2]).merge(parts[3]));
    expect(combined.total).toBe(100_000);
    expect(combined.decremented).toBeLessThanOrEqual(100_000 / 65);
    for (const [value, count] of exactCounts(big)) {
      const estimate = combined.count(value);
      expect(estimate).toBeLessThanOrEqual(count);
      expect(estimate).toBeGreaterThanOrEqual(count - combined.decremented);
    }
  });

  it('handles the empty sketch and strings of any content', () => {
    const top = new TopK(2);
    expect(top.items()).toEqual([]);
    expect(top.isExact).toBe(true);
    ['', '', '日本', '"quoted"'].forEach((v) => top.add(v));
    expect(top.items()).toEqual([
      { value: '', count: 2 },
      { value: '"quoted"', count: 1 },
    ]);
  });

  it('addHinted counts exactly as add, across prunes and a stop', () => {
    const values = zipfStream(30_000, 5000, 11);
    const plain = new TopK(16);
    const hinted = new TopK(16);
    const hints = new Map<string, { topSlot: number; topEpoch: number }>();
    values.forEach((v, i) => {
      plain.add(v);
      let hint = hints.get(v);
      if (!hint) hints.set(v, (hint = { topSlot: -1, topEpoch: -1 }));
      hinted.addHinted(v, hint);
      if (i === 20_000) {
        expect(hinted.toJSON()).toEqual(plain.toJSON());
        plain.stop();
        hinted.stop();
      }
    });
    expect(hinted.isExact).toBe(false);
    expect(hinted.toJSON()).toEqual(plain.toJSON());
    // A hint from one sketch is never taken by another.
    const other = new TopK(16);
    other.addHinted('v1', hints.get('v1')!);
    expect(other.count('v1')).toBe(1);
  });

  it('round-trips through JSON deterministically', () => {
    const values = zipfStream(30_000, 5000, 5);
    const build = () => {
      const t = new TopK(16);
      values.forEach((v) => t.add(v));
      return t;
    };
    const json = build().toJSON();
    expect(build().toJSON()).toEqual(json);
    const back = TopK.fromJSON(roundTrip(json));
    expect(back.toJSON()).toEqual(json);
    expect(back.isExact).toBe(false);
  });

  it('rejects malformed JSON', () => {
    const json = new TopK(2).toJSON();
    expect(() => TopK.fromJSON({ ...json, kind: 'x' })).toThrow(InputDataError);
    expect(() => TopK.fromJSON({ ...json, items: [{ value: 1, count: 1 }] })).toThrow(/value: string/);
    expect(() =>
      TopK.fromJSON({
        ...json,
        total: 2,
        items: [
          { value: 'a', count: 1 },
          { value: 'a', count: 1 },
        ],
      }),
    ).toThrow(/twice/);
    expect(() => TopK.fromJSON({ ...json, total: 1, items: [{ value: 'a', count: 5 }] })).toThrow(
      /more than total/,
    );
    expect(() => new TopK(0)).toThrow(RangeError);
  });
});
