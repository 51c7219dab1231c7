/** Shard profiles merge into the profile of one pass over the whole data (the merge requirement). */
import { describe, expect, it } from '@jest/globals';
import type { ColumnProfileJson } from '@mlgate/core';
import { scanCsv } from '../../src/readers/csv.js';
import { buildProfile, mergeProfiles } from '../../src/profile/profile.js';
import { DatasetValidator } from '../../src/validate/dataset.js';

function rows(count: number, seed: number): string[] {
  let state = seed;
  const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const x = random() < 0.1 ? '' : (random() * 1000 - 200).toFixed(3);
    const k = ['red', 'green', 'blue', 'cyan'][Math.floor(random() * 4)];
    const n = Math.floor(random() * 50);
    out.push(`${x},${k},${n}`);
  }
  return out;
}

async function profileOf(lines: string[], name: string) {
  const dataset = new DatasetValidator(undefined, new Map());
  const text = `x,colour,n\n${lines.join('\n')}\n`;
  async function* chunks() {
    yield Buffer.from(text);
  }
  const sink = dataset.csvSink(name);
  await scanCsv(chunks(), { delimiter: ',' }, sink);
  sink.done();
  dataset.finish();
  dataset.files.push({ path: name, format: 'csv', rows: dataset.rows });
  return buildProfile(
    name,
    dataset.rows,
    dataset.files,
    dataset.columns.map((c) => c.profile),
  );
}

const column = (columns: ColumnProfileJson[], name: string) => columns.find((c) => c.name === name)!;

describe('mergeProfiles', () => {
  it('gives the same counts, min, max, mean and std as one pass over the whole data', async () => {
    const all = rows(40_000, 11);
    const whole = await profileOf(all, 'all.csv');
    const shards = await Promise.all(
      [0, 1, 2, 3].map((i) => profileOf(all.slice(i * 10_000, (i + 1) * 10_000), `part-${i}.csv`)),
    );
    const merged = mergeProfiles(shards.map((profile, i) => ({ profile, file: `p${i}.json` })));
    expect(merged.rows).toBe(40_000);
    expect(merged.files.map((f) => f.path)).toEqual(['part-0.csv', 'part-1.csv', 'part-2.csv', 'part-3.csv']);
    for (const name of ['x', 'n']) {
      const a = column(whole.columns, name);
      const b = column(merged.columns, name);
      expect([b.count, b.nulls, b.invalid]).toEqual([a.count, a.nulls, a.invalid]);
      expect(b.summary.min).toBe(a.summary.min);
      expect(b.summary.max).toBe(a.summary.max);
      expect(b.summary.mean).toBeCloseTo(a.summary.mean!, 9);
      expect(b.summary.std).toBeCloseTo(a.summary.std!, 9);
      // Sketches: quantiles within the KLL rank error, distinct within HLL error.
      expect(Math.abs(b.summary.p50! - a.summary.p50!)).toBeLessThan(name === 'x' ? 30 : 2);
      expect(Math.abs(b.summary.distinct - a.summary.distinct) / a.summary.distinct).toBeLessThan(0.05);
    }
    const colours = column(merged.columns, 'colour');
    expect(colours.summary.topValues).toEqual(column(whole.columns, 'colour').summary.topValues);
    expect(colours.summary.topValuesExact).toBe(true);
  });

  it('the mean and std agree with a direct two-pass computation', async () => {
    const all = rows(5_000, 3);
    const values = all
      .map((r) => r.split(',')[0])
      .filter((v) => v !== '')
      .map(Number);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
    const profile = await profileOf(all, 'a.csv');
    const x = column(profile.columns, 'x');
    expect(x.nulls).toBe(5_000 - values.length);
    expect(x.summary.mean).toBeCloseTo(mean, 10);
    expect(x.summary.std).toBeCloseTo(std, 10);
  });

  it('counts a column a shard lacks as nulls for that shard', async () => {
    const a = await profileOf(rows(100, 1), 'a.csv');
    const b = await profileOf(rows(50, 2), 'b.csv');
    b.columns = b.columns.filter((c) => c.name !== 'colour');
    const merged = mergeProfiles([
      { profile: a, file: 'a.json' },
      { profile: b, file: 'b.json' },
    ]);
    const colour = column(merged.columns, 'colour');
    expect(colour.count).toBe(150);
    expect(colour.nulls).toBe(50);
  });

  it('refuses profiles whose declared types differ, naming the file and column', async () => {
    const a = await profileOf(rows(10, 1), 'a.csv');
    const b = await profileOf(rows(10, 2), 'b.csv');
    b.columns = b.columns.map((c) => (c.name === 'n' ? { ...c, type: 'integer' } : c));
    expect(() =>
      mergeProfiles([
        { profile: a, file: 'a.json' },
        { profile: b, file: 'b.json' },
      ]),
    ).toThrow(/column "n" is integer here but auto/);
  });
});
