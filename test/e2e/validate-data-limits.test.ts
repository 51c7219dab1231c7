/**
 * End to end through dist/validate-data/index.js: what validate-data does at the edges of its input — a Parquet row
 * with invalid UTF-8 (counted once), files with tens of thousands of columns (memory and the 1 MiB job summary).
 * Expected counts come from how the files were written, not from what the action printed.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { makeWorkspace, repoRoot, runAction } from './runner.js';

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

function write(workspace: string, file: string, content: string | Buffer): void {
  mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
  writeFileSync(path.join(workspace, file), content);
}

describe('validate-data at the edges of its input (dist/validate-data/index.js)', () => {
  let workspace: string;
  beforeAll(() => {
    workspace = makeWorkspace({});
  });

  it('counts a Parquet row with invalid UTF-8 once: 5 rows, 1 unreadable, 4 profiled', () => {
    // Written by DuckDB (packages/data/test/fixtures/readers/make-parquet-fixtures.mjs): ids 1–5, one label per
    // row; row 3's label bytes were patched to FF FE FD FC after writing (DuckDB refuses to write invalid UTF-8).
    const fixture = path.join(repoRoot, 'packages/data/test/fixtures/readers/invalid-utf8.parquet');
    copyFileSync(fixture, path.join(workspace, 'labels.parquet'));
    const bytes = Buffer.from(readFileSync(fixture));
    bytes.set([0xff, 0xfe, 0xfd, 0xfc], bytes.indexOf('ok-4')); // row 5 too
    write(workspace, 'two-bad.parquet', bytes);

    const run = runAction('validate-data', workspace, { data: 'labels.parquet', 'report-path': 'one.json' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.rows).toBe('5');
    const report = readJson(run.outputs.report);
    expect(report.rows).toBe(5);
    const parse = report.checks.find((check: { check: string }) => check.check === 'parse');
    expect(parse).toMatchObject({ status: 'fail', failingRows: 1 });
    expect(parse.samples).toEqual([
      expect.objectContaining({
        file: 'labels.parquet',
        line: 3,
        message: expect.stringMatching(/invalid UTF-8/),
      }),
    ]);
    const id = report.columns.find((column: { name: string }) => column.name === 'id');
    expect([id.count, id.min, id.max]).toEqual([4, 1, 5]);
    expect(run.annotations.some((a) => a.file === 'labels.parquet' && a.line === 3)).toBe(true);

    const two = runAction('validate-data', workspace, { data: 'two-bad.parquet', 'report-path': 'two.json' });
    const twoReport = readJson(two.outputs.report);
    expect(twoReport.rows).toBe(5);
    const twoParse = twoReport.checks.find((check: { check: string }) => check.check === 'parse');
    expect(twoParse.failingRows).toBe(2);
    expect(twoParse.samples.map((sample: { line: number }) => sample.line)).toEqual([3, 5]);
    expect(twoReport.columns.find((column: { name: string }) => column.name === 'id').count).toBe(3);
  });

  it('a 20,000-column file: the job summary stays under 1 MiB and says what it left out', () => {
    const columns = 20_000;
    const header = Array.from({ length: columns }, (_, c) => `c${c}`).join(',');
    const rows = Array.from({ length: 5 }, (_, r) =>
      Array.from({ length: columns }, (_, c) => String((r * 7 + c) % 100)).join(','),
    );
    write(workspace, 'wide.csv', `${[header, ...rows].join('\n')}\n`);
    const run = runAction('validate-data', workspace, { data: 'wide.csv', 'report-path': 'wide.json' });
    expect([run.exitCode, run.outputs.rows]).toEqual([0, '5']);
    expect(readJson(run.outputs.report).columns).toHaveLength(columns);

    const bytes = Buffer.byteLength(run.summary, 'utf8');
    expect(bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(bytes).toBeGreaterThan(900_000); // shortened, not dropped: as many columns as fit
    const note =
      /Shortened to fit GitHub's 1 MiB job summary limit: ([\d,]+) of 20,000 columns shown\. The JSON report \(the `report` output\) has them all\./.exec(
        run.summary,
      );
    expect(note).not.toBeNull();
    const shown = Number(note![1].replace(/,/g, ''));
    // The column table lists exactly the columns the note counts, in the file's order.
    const listed = run.summary.split('\n').filter((line) => /^\| c\d+ \|/.test(line));
    expect(listed).toHaveLength(shown);
    expect(listed[shown - 1]).toMatch(new RegExp(`^\\| c${shown - 1} \\|`));
    expect(shown).toBeGreaterThan(1_000);
    expect(shown).toBeLessThan(columns);
  });

  it('a 100,000-column file (1.8 MB) is read in bounded memory per column: peak RSS under 1.5 GiB', () => {
    // Before the sketches started small, this file took 2.2–2.8 GB (issue #15): 12 KiB of sketch buffers and 5.5 KB
    // of base64 distinct-count registers per column, whatever the column held.
    const columns = 100_000;
    const header = Array.from({ length: columns }, (_, c) => `c${c}`).join(',');
    const rows = Array.from({ length: 5 }, (_, r) =>
      Array.from({ length: columns }, (_, c) => String((r * 13 + c * 7) % 100)).join(','),
    );
    write(workspace, 'wider.csv', `${[header, ...rows].join('\n')}\n`);
    // The step's own peak resident memory, written when it exits (getrusage's ru_maxrss, in KiB).
    write(
      workspace,
      'peak-rss.cjs',
      "process.on('exit', () => require('fs').writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)));\n",
    );
    const peakFile = path.join(workspace, 'peak-rss.txt');
    const run = runAction(
      'validate-data',
      workspace,
      { data: 'wider.csv', 'report-path': 'wider.json' },
      { NODE_OPTIONS: `--require ${path.join(workspace, 'peak-rss.cjs')}`, PEAK_RSS_FILE: peakFile },
      300_000,
    );
    expect([run.exitCode, run.outputs.rows]).toEqual([0, '5']);
    expect(readJson(run.outputs.report).columns).toHaveLength(columns);
    expect(Buffer.byteLength(run.summary, 'utf8')).toBeLessThanOrEqual(1024 * 1024);
    const peakMiB = Number(readFileSync(peakFile, 'utf8')) / 1024;
    expect(peakMiB).toBeGreaterThan(50);
    expect(peakMiB).toBeLessThan(1536);
  }, 320_000);

  it('memory per column is bounded: 40,000 columns run within a 200 MB JavaScript heap (5 KB per column)', () => {
    // The heap limit fails the step (V8 aborts: "heap out of memory") if a column keeps more than ~5 KB alive at
    // any point: its validator, its profile and its report entry are not all held at once, and a short column's
    // sketches hold a few values, not their capacity. Before this, the same file needed more than 240 MB.
    const columns = 40_000;
    const header = Array.from({ length: columns }, (_, c) => `c${c}`).join(',');
    const rows = Array.from({ length: 5 }, (_, r) =>
      Array.from({ length: columns }, (_, c) => String((r * 11 + c * 3) % 100)).join(','),
    );
    write(workspace, 'forty.csv', `${[header, ...rows].join('\n')}\n`);
    const run = runAction(
      'validate-data',
      workspace,
      { data: 'forty.csv', 'report-path': 'forty.json' },
      { NODE_OPTIONS: '--max-old-space-size=200' },
      240_000,
    );
    expect(run.stderr).not.toMatch(/heap out of memory/);
    expect([run.exitCode, run.outputs.rows]).toEqual([0, '5']);
    const report = readJson(run.outputs.report);
    expect(report.columns).toHaveLength(columns);
    // Each column's values were profiled, not lost on the way: c3 holds (r·11 + 9) mod 100 for r = 0…4.
    const c3 = report.columns[3];
    expect([c3.count, c3.min, c3.max, c3.mean]).toEqual([5, 9, 53, 31]);
  }, 260_000);
});
