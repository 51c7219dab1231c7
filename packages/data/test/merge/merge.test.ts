/**
 * Merging shard runs: four shards validated alone, then merged, must give the verdict, the row-level counts and
 * samples, and the profile statistics of one unsharded run over the same files.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { MemoryLogger, type DataCheckResult } from '@mlgate/core';
import { mergeDataShards, type DataShard } from '../../src/validate/merge.js';
import { validateData, type ValidateDataResult } from '../../src/validate/run.js';

const CONTRACT = `fields:
  - name: id
    type: integer
    constraints: { required: true, unique: true }
  - name: size
    type: number
    constraints: { minimum: 0 }
    mostly: 0.99
    stats: { mean: [40, 60], p50: [40, 60] }
  - name: colour
    type: string
    constraints: { enum: [red, green, blue] }
    maxNullFraction: 0.05
primaryKey: id
rowCount: [300, 10000]
`;
const NOW = Date.parse('2025-06-01T00:00:00Z');
const COLOURS = ['red', 'green', 'blue'];

/** Shard k (0-based) of `rows` rows: sizes around 50, with the defects each test relies on. */
function shardCsv(k: number, rows: number, first: number): string {
  const lines = ['id,size,colour'];
  for (let i = 0; i < rows; i++) {
    const id = first + i;
    // Shard 1: one negative size in 50 rows, over its own 1% allowance (0) but within the total's (4).
    const size = k === 1 && i === 7 ? -3 : 30 + ((id * 37) % 41);
    // Shards 0 and 2: 12 and 15 unknown colours, more than the 20 samples a check keeps.
    const colour =
      (k === 0 && i % 10 === 3 && i < 120) || (k === 2 && i % 8 === 1 && i < 120)
        ? 'purple'
        : i % 29 === 0
          ? ''
          : COLOURS[id % 3];
    lines.push(`${k === 3 && i === 40 ? first + 5 : id},${size},${colour}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('mergeDataShards', () => {
  let dir: string;
  const files = ['part-1.csv', 'part-2.csv', 'part-3.csv', 'part-4.csv'];
  const sizes = [150, 50, 150, 150];
  let unsharded: ValidateDataResult;
  let shards: DataShard[];
  let merged: ValidateDataResult;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'mlgate-merge-'));
    let first = 1;
    files.forEach((file, k) => {
      writeFileSync(path.join(dir, file), shardCsv(k, sizes[k], first));
      first += sizes[k];
    });
    writeFileSync(path.join(dir, 'contract.yml'), CONTRACT);
    const options = {
      format: 'auto' as const,
      contract: path.join(dir, 'contract.yml'),
      workspace: dir,
      now: NOW,
    };
    unsharded = await validateData({ ...options, data: files }, new MemoryLogger());
    shards = [];
    for (const [k, file] of files.entries()) {
      const { report, profile } = await validateData({ ...options, data: [file] }, new MemoryLogger());
      shards.push({ name: `shard ${k + 1}`, report, profile });
    }
    merged = await mergeDataShards(shards, options, new MemoryLogger());
  });

  const facts = (checks: DataCheckResult[]) =>
    checks.map(({ check, column, status, failingRows, samples, observed, expected }) => ({
      check,
      column,
      status,
      failingRows,
      samples,
      observed,
      expected,
    }));

  it('reaches the verdict and the check counts of one unsharded run', () => {
    expect(merged.report.outcome).toBe(unsharded.report.outcome);
    expect(merged.report.rows).toBe(500);
    expect(facts(merged.report.checks)).toEqual(facts(unsharded.report.checks));
    expect(merged.report.files).toEqual(unsharded.report.files);
    // Column summaries: exact counts; moments and quantiles as the profile test below allows.
    const counts = (result: ValidateDataResult) =>
      result.report.columns!.map(({ name, type, count, nulls, invalid, distinct, min, max }) => ({
        name,
        type,
        count,
        nulls,
        invalid,
        distinct,
        min,
        max,
      }));
    expect(counts(merged)).toEqual(counts(unsharded));
  });

  it('judges mostly, rowCount and the enum again on the totals', () => {
    const check = (result: ValidateDataResult | DataShard, name: string, column?: string) =>
      result.report.checks.find((c) => c.check === name && c.column === column)!;
    // Shard 2 alone breaks `mostly` (1 of 50) and rowCount (50 < 300); the whole dataset does not.
    expect(check(shards[1], 'minimum', 'size')).toMatchObject({ status: 'fail', failingRows: 1 });
    expect(check(shards[1], 'rowCount')).toMatchObject({ status: 'fail' });
    expect(check(merged, 'minimum', 'size')).toMatchObject({ status: 'pass', failingRows: 1 });
    expect(check(merged, 'rowCount')).toMatchObject({ status: 'pass', observed: '500' });
    // 12 + 15 unknown colours: counted in full, the first 20 kept in file and line order.
    const colour = check(merged, 'enum', 'colour');
    expect(colour).toMatchObject({ status: 'fail', failingRows: 27, file: 'part-1.csv', line: 5 });
    expect(colour.samples).toHaveLength(20);
    expect(colour.samples!.map((s) => s.file)).toEqual([
      ...Array(12).fill('part-1.csv'),
      ...Array(8).fill('part-3.csv'),
    ]);
    const lines = colour.samples!.map((s) => s.line);
    expect(lines.slice(0, 12)).toEqual([...lines.slice(0, 12)].sort((a, b) => a - b));
  });

  it('says that uniqueness is checked within each shard only', () => {
    const key = merged.report.checks.find((c) => c.check === 'primaryKey')!;
    expect(key).toMatchObject({ status: 'fail', failingRows: 1 });
    expect(key.message).toContain('checked within each of the 4 shards');
    const unique = merged.report.checks.find((c) => c.check === 'unique' && c.column === 'id')!;
    expect(unique.message).toContain('repeats across shards cannot be found from profiles');
  });

  it('merges the profiles into the statistics of the unsharded profile', () => {
    expect(merged.profile.rows).toBe(unsharded.profile.rows);
    expect(merged.profile.files).toEqual(unsharded.profile.files);
    for (const column of unsharded.profile.columns) {
      const other = merged.profile.columns.find((c) => c.name === column.name)!;
      expect([column.name, other.count, other.nulls, other.invalid, other.classes]).toEqual([
        column.name,
        column.count,
        column.nulls,
        column.invalid,
        column.classes,
      ]);
      const quantiles = ['p01', 'p05', 'p25', 'p50', 'p75', 'p95', 'p99'] as const;
      const { mean, std, ...rest } = column.summary;
      const { mean: otherMean, std: otherStd, ...otherRest } = other.summary;
      const exact = Object.fromEntries(Object.entries(rest).filter(([key]) => !key.startsWith('p')));
      const otherExact = Object.fromEntries(
        Object.entries(otherRest).filter(([key]) => !key.startsWith('p')),
      );
      // Counts, extremes, distinct counts and frequent values merge exactly.
      expect([column.name, otherExact]).toEqual([column.name, exact]);
      if (mean !== undefined) expect(otherMean).toBeCloseTo(mean, 10);
      if (std !== undefined) expect(otherStd).toBeCloseTo(std, 10);
      // Quantiles come from merged KLL sketches: within the sketch's rank error (1% of 500 rows here).
      for (const q of quantiles) {
        const value = column.summary[q];
        if (value === undefined) continue;
        expect(Math.abs(other.summary[q]! - value)).toBeLessThanOrEqual(
          0.01 * (column.summary.max! - column.summary.min!),
        );
      }
    }
  });

  it('re-checks column layout: a shard with an extra column fails the merged columns check', async () => {
    writeFileSync(path.join(dir, 'extra.csv'), 'id,size,colour,note\n9001,50,red,x\n');
    const options = {
      format: 'auto' as const,
      contract: path.join(dir, 'contract.yml'),
      workspace: dir,
      now: NOW,
    };
    const extra = await validateData({ ...options, data: ['extra.csv'] }, new MemoryLogger());
    const result = await mergeDataShards(
      [...shards, { name: 'shard 5', ...extra }],
      options,
      new MemoryLogger(),
    );
    const columns = result.report.checks.find((c) => c.check === 'columns')!;
    expect(columns).toMatchObject({ status: 'fail', file: 'extra.csv', line: 1 });
    expect(columns.message).toContain('unexpected column(s): note');
  });
});
