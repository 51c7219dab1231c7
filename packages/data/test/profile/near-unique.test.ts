/**
 * Frequent-value tracking stops on near-unique columns (profile/column.ts): when, what the sketch and the profile
 * say afterwards, merging and JSON, and drift's view of such a column.
 */
import { describe, expect, it } from '@jest/globals';
import { InputDataError } from '@mlgate/core';
import { ColumnProfile, NEAR_UNIQUE_FIRST_CHECK } from '../../src/profile/column.js';
import { TopK } from '../../src/sketch/index.js';
import { compareColumn } from '../../src/validate/drift.js';

const JS = { statistic: 'jensen_shannon' as const };

function textProfile(values: (i: number) => string, count: number): ColumnProfile {
  const profile = new ColumnProfile('c', 'string');
  for (let i = 0; i < count; i++) {
    profile.count++;
    profile.addText(values(i));
  }
  return profile;
}

describe('near-unique columns', () => {
  it('stop tracking at the first check when every value is distinct; total keeps counting', () => {
    const profile = textProfile((i) => `session-${i}`, 100_000);
    expect(profile.topStopped).toBe(true);
    expect(profile.top.stoppedAfter).toBe(NEAR_UNIQUE_FIRST_CHECK);
    expect(profile.top.total).toBe(100_000);
    expect(profile.top.tracked).toBe(0);
    const summary = profile.summary();
    expect(summary.topValues).toBeUndefined();
    expect(summary.topValuesStopped).toBe(NEAR_UNIQUE_FIRST_CHECK);
    // The distinct count and lengths go on: 100,000 within the HLL's error, lengths of every value.
    expect(Math.abs(summary.distinct - 100_000) / 100_000).toBeLessThan(0.05);
    expect(profile.lengths.count).toBe(100_000);
    expect(summary.maxLength).toBe('session-99999'.length);
  });

  it('keep tracking a column with a frequent value, or with few distinct values', () => {
    // 3 % of the values are one default: above drift's 1 % share, so not near unique.
    const withDefault = textProfile((i) => (i % 33 === 0 ? 'n/a' : `id-${i}`), 200_000);
    expect(withDefault.topStopped).toBe(false);
    expect(withDefault.summary().topValues?.[0].value).toBe('n/a');
    // Half the values distinct: below the 90 % distinct share.
    const halves = textProfile((i) => `v${i >> 1}`, 200_000);
    expect(halves.topStopped).toBe(false);
    // Categories: exact, never stopped.
    const categories = textProfile((i) => `c${i % 50}`, 200_000);
    expect(categories.topStopped).toBe(false);
    expect(categories.top.isExact).toBe(true);
  });

  it('below the first check nothing stops', () => {
    const profile = textProfile((i) => `id-${i}`, NEAR_UNIQUE_FIRST_CHECK - 1);
    expect(profile.topStopped).toBe(false);
    expect(profile.summary().topValues?.length).toBeGreaterThan(0);
  });

  it('a column that turns near unique later stops at a later doubling', () => {
    // 100k values from 10 categories, then unique values: the share test passes once uniques dominate.
    const profile = textProfile((i) => (i < 100_000 ? `c${i % 10}` : `u${i}`), 2_000_000);
    expect(profile.topStopped).toBe(true);
    expect([...[1, 2, 4, 8, 16, 32].map((k) => k * NEAR_UNIQUE_FIRST_CHECK)]).toContain(
      profile.top.stoppedAfter,
    );
    expect(profile.top.stoppedAfter).toBeGreaterThan(100_000);
  });

  it('a stopped sketch merges into a stopped sketch and round-trips through JSON', () => {
    const stopped = textProfile((i) => `a-${i}`, 70_000);
    const tracking = textProfile((i) => `b${i % 3}`, 500);
    expect(stopped.topStopped).toBe(true);
    const merged = ColumnProfile.fromJSON(JSON.parse(JSON.stringify(tracking.toJSON())));
    merged.merge(ColumnProfile.fromJSON(JSON.parse(JSON.stringify(stopped.toJSON()))));
    expect(merged.topStopped).toBe(true);
    expect(merged.top.total).toBe(70_500);
    // Values counted before each part stopped: all 500 of the tracking part, 65,536 of the other.
    expect(merged.top.stoppedAfter).toBe(500 + NEAR_UNIQUE_FIRST_CHECK);
    expect(merged.top.isExact).toBe(false);
    const json = merged.top.toJSON();
    expect(json).toMatchObject({ items: [], total: 70_500, stoppedAfter: 500 + NEAR_UNIQUE_FIRST_CHECK });
    expect(TopK.fromJSON(JSON.parse(JSON.stringify(json))).toJSON()).toEqual(json);
    // A tracking sketch has no stoppedAfter in its JSON (profiles written before stay as they were).
    expect('stoppedAfter' in tracking.top.toJSON()).toBe(false);
  });

  it('rejects a stopped sketch with items or stoppedAfter above total', () => {
    const json = new TopK(4).toJSON();
    expect(() => TopK.fromJSON({ ...json, total: 5, stoppedAfter: 6 })).toThrow(InputDataError);
    expect(() =>
      TopK.fromJSON({ ...json, total: 5, stoppedAfter: 5, items: [{ value: 'a', count: 1 }] }),
    ).toThrow(/stopped/);
  });

  it('drift treats a stopped reference as near unique (info), as it did the tracked one', () => {
    const reference = textProfile((i) => `r-${i}`, 80_000);
    const current = textProfile((i) => `c-${i}`, 80_000);
    expect(reference.topStopped).toBe(true);
    const result = compareColumn('c', reference, current, JS, 100);
    expect(result.status).toBe('info');
    expect(result.value).toBeNull();
    // The same columns tracked to the end (stopping turned off by a huge first check) are info too.
    const tracked = new ColumnProfile('c', 'string');
    const top = new TopK();
    for (let i = 0; i < 80_000; i++) top.add(`r-${i}`);
    tracked.top = top;
    tracked.distinct = reference.distinct;
    expect(compareColumn('c', tracked, current, JS, 100).status).toBe('info');
  });
});
