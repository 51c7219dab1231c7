/**
 * End to end: the bundled validate-data action, run as the runner runs it, on clean data, each kind of
 * defect, drift, shards, Parquet, gzip and every kind of bad input. Expected lines and counts come from
 * how the test wrote the data, not from what the action printed.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { customers, HEADER, toCsv, toJsonl, type Row } from './data-fixtures.js';
import { renderGfm } from '../../packages/core/test/cmark.js';
import { makeWorkspace, repoRoot, runAction, runCli, type ActionRun } from './runner.js';

const CONTRACT = 'test/fixtures/data/customers.contract.yml';

interface Check {
  check: string;
  column?: string;
  status: string;
  failingRows?: number;
  samples?: { file: string; line: number; value?: string }[];
  message: string;
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const checksOf = (run: ActionRun): Check[] => readJson(run.outputs.report).checks;
const failing = (run: ActionRun) =>
  checksOf(run)
    .filter((check) => check.status !== 'pass')
    .map((check) => `${check.column ?? ''}:${check.check}`)
    .sort();

function write(workspace: string, file: string, content: string | Buffer): void {
  mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
  writeFileSync(path.join(workspace, file), content);
}

/** Sets a cell of data row `row` (0-based) in CSV lines that start with the header. */
function cellSetter(lines: string[]): (row: number, column: string, value: string) => void {
  return (row, column, value) => {
    const cells = lines[row + 1].split(',');
    cells[HEADER.indexOf(column)] = value;
    lines[row + 1] = cells.join(',');
  };
}

function validate(workspace: string, inputs: Record<string, string>): ActionRun {
  return runAction('validate-data', workspace, { contract: 'contract.yml', ...inputs });
}

describe('validate-data action (dist/validate-data/index.js)', () => {
  let workspace: string;
  let clean: Row[];

  beforeAll(() => {
    workspace = makeWorkspace({ 'contract.yml': CONTRACT });
    clean = customers(2_000);
    write(workspace, 'data/clean.csv', toCsv(clean));
    write(workspace, 'data/reference.csv', toCsv(customers(3_000, { seed: 99, firstId: 10_001 })));
  });

  it('passes clean data, writes the report, the profile and a summary, and annotates nothing', () => {
    const run = validate(workspace, { data: 'data/clean.csv', 'profile-path': 'out/clean.profile.json' });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({
      passed: 'true',
      outcome: 'pass',
      rows: '2000',
      'failed-checks': '0',
      'drifted-columns': '[]',
    });
    expect(run.annotations.filter((a) => a.level === 'error')).toEqual([]);
    const report = readJson(run.outputs.report);
    expect(report.kind).toBe('mlgate/data-report');
    expect(report.files).toEqual([{ path: 'data/clean.csv', format: 'csv', rows: 2000 }]);
    const profile = readJson(run.outputs.profile);
    expect(profile.kind).toBe('mlgate/data-profile');
    const income = profile.columns.find((c: { name: string }) => c.name === 'income');
    const incomes = clean.map((r) => r.income).filter((v): v is number => v !== null);
    expect(income.nulls).toBe(clean.length - incomes.length);
    expect(income.summary.mean).toBeCloseTo(incomes.reduce((s, v) => s + v, 0) / incomes.length, 6);
    expect(income.summary.min).toBe(Math.min(...incomes));
    expect(run.summary).toContain('✅ validate-data: pass');
    expect(run.summary).toContain('### Columns');
  });

  it('fails on each kind of defect, naming file, line and column in annotations and the report', () => {
    const rows = customers(500);
    // Lines: the header is line 1, so row i is on line i + 2.
    const text = toCsv(rows).split('\n');
    const setCell = cellSetter(text);
    setCell(10, 'age', 'forty'); // line 12: not an integer
    setCell(20, 'income', '-5'); // line 22: below minimum 0 (mostly 0.999 allows none of 500)
    setCell(30, 'country', 'XX'); // line 32: not in enum
    setCell(40, 'email', 'not-an-email'); // line 42: pattern
    setCell(50, 'id', '7'); // line 52: duplicate of row 6 (line 8)
    setCell(60, 'country', ''); // line 62: required
    setCell(70, 'score', '1.5'); // line 72: above maximum, severity warn
    text[80 + 1] = text[80 + 1].split(',').slice(0, 5).join(','); // line 82: too few fields
    write(workspace, 'data/defects.csv', text.join('\n'));

    const run = validate(workspace, { data: 'data/defects.csv', 'report-path': 'out/defects.json' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.outcome).toBe('fail');
    expect(failing(run)).toEqual([
      ':parse',
      ':primaryKey',
      'age:type',
      'country:enum',
      'country:required',
      'email:pattern',
      'id:unique',
      'income:minimum',
      'score:maximum',
    ]);
    const checks = checksOf(run);
    const find = (column: string, check: string) =>
      checks.find((c) => c.column === column && c.check === check)!;
    expect(find('age', 'type')).toMatchObject({
      status: 'fail',
      failingRows: 1,
      samples: [{ file: 'data/defects.csv', line: 12, value: 'forty' }],
    });
    expect(find('income', 'minimum').samples![0]).toMatchObject({ line: 22, value: '-5' });
    expect(find('id', 'unique').samples![0]).toMatchObject({ line: 52, value: '7' });
    expect(find('score', 'maximum').status).toBe('warn');
    expect(checks.find((c) => c.check === 'parse')!.samples![0]).toMatchObject({ line: 82 });
    const errorLines = run.annotations
      .filter((a) => a.level === 'error' && a.file === 'data/defects.csv')
      .map((a) => a.line)
      .sort((a, b) => a! - b!);
    expect(errorLines).toEqual([12, 22, 32, 42, 52, 52, 62, 82]);
    expect(run.annotations.find((a) => a.level === 'warning' && a.line === 72)?.file).toBe(
      'data/defects.csv',
    );
    expect(run.summary).toContain('### Checks that did not pass');
    expect(run.summary).toMatch(/data\/defects\.csv:12/);
  });

  it('scans a large CSV with scan threads and reports what one thread reports, lines included', () => {
    const rows = customers(60_000);
    const text = toCsv(rows).split('\n');
    const setCell = cellSetter(text);
    // Row i starts on line i + 2, one more after the quoted newline of row 30,000.
    for (const row of [5, 25_000, 50_000]) setCell(row, 'age', 'forty');
    setCell(30_000, 'email', '"two\nlines@example.com"');
    setCell(45_000, 'country', 'XX');
    setCell(52_000, 'id', '3'); // the id of row 2 (line 4): unique and primaryKey, found across pieces
    text[55_000 + 1] = text[55_000 + 1].split(',').slice(0, 5).join(',');
    text[text.length - 1] = '"never closed,1'; // after the last row's newline
    write(workspace, 'data/large.csv', text.join('\n'));

    const runWith = (env: Record<string, string>) =>
      runAction(
        'validate-data',
        workspace,
        { contract: 'contract.yml', data: 'data/large.csv', 'report-path': 'out/large.json' },
        env,
      );
    const threaded = runWith({ MLGATE_SCAN_MIN_BYTES: '0', MLGATE_SCAN_THREADS: '2' });
    const threadedChecks = checksOf(threaded);
    const single = runWith({ MLGATE_SCAN_THREADS: '1' });
    expect(threaded.stdout).toContain('data/large.csv: scanning with 2 threads');
    expect(single.stdout).not.toContain('scanning with');
    expect(threaded.stderr).toBe('');

    const find = (column: string | undefined, check: string) =>
      threadedChecks.find((c) => c.column === column && c.check === check)!;
    expect(threaded.exitCode).toBe(1);
    expect(threaded.outputs.rows).toBe('60001');
    expect(find('age', 'type')).toMatchObject({ failingRows: 3 });
    expect(find('age', 'type').samples!.map((s) => s.line)).toEqual([7, 25_002, 50_003]);
    expect(find('email', 'pattern').samples).toEqual([
      expect.objectContaining({ line: 30_002, value: 'two\nlines@example.com' }),
    ]);
    expect(find('country', 'enum').samples!.map((s) => s.line)).toEqual([45_003]);
    expect(find(undefined, 'parse').samples!.map((s) => s.line)).toEqual([55_003, 60_003]);
    expect(find('id', 'unique').samples).toEqual([
      { file: 'data/large.csv', line: 52_003, value: '3', message: 'duplicate of line 4' },
    ]);
    expect(find(undefined, 'primaryKey').samples).toEqual([
      { file: 'data/large.csv', line: 52_003, value: '3', message: 'primary key repeats line 4' },
    ]);

    // Everything but the quantile sketches' estimates (and freshness: the clock moved) equals the one-thread run.
    expect({ ...threaded.outputs, report: '' }).toEqual({ ...single.outputs, report: '' });
    expect(threaded.annotations).toEqual(single.annotations);
    const exact = (checks: Check[]) =>
      checks.filter((c) => !/^stats\.p\d+$/.test(c.check) && c.check !== 'freshness');
    expect(exact(threadedChecks)).toEqual(exact(checksOf(single)));
  });

  it('caps annotations at max-annotations and says how many there were', () => {
    const rows = customers(300).map((row, i) => (i < 120 ? { ...row, age: 5 } : row));
    write(workspace, 'data/young.csv', toCsv(rows));
    const run = validate(workspace, {
      data: 'data/young.csv',
      'max-annotations': '7',
      'report-path': 'out/young.json',
    });
    expect(run.exitCode).toBe(1);
    expect(run.annotations.filter((a) => a.file === 'data/young.csv')).toHaveLength(7);
    // A notice, which GitHub shows beside the 10 errors and 10 warnings, says what is not annotated.
    expect(run.annotations.filter((a) => a.level === 'notice').map((a) => a.message)).toEqual([
      '113 more findings not annotated (max-annotations 7; 120 in all): the job summary and the report list them by check.',
    ]);
    expect(run.summary).toContain('7 of 120 findings annotated, 113 more not annotated (max-annotations)');
    expect(readJson(run.outputs.report).annotations).toEqual({ written: 7, total: 120 });
  });

  it('reports drift against a reference profile: fail on a shifted column, pass on the rest', () => {
    const reference = validate(workspace, {
      data: 'data/reference.csv',
      'profile-path': 'out/reference.profile.json',
      'report-path': 'out/reference.json',
    });
    expect(reference.exitCode).toBe(0);
    write(workspace, 'data/drifted.csv', toCsv(customers(2_000, { seed: 5, incomeShift: 20_000 })));
    const run = validate(workspace, {
      data: 'data/drifted.csv',
      'reference-profile': 'out/reference.profile.json',
      'report-path': 'out/drifted.json',
    });
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.outputs['drifted-columns'])).toEqual(['income']);
    const report = readJson(run.outputs.report);
    const income = report.drift.find((d: { column: string }) => d.column === 'income');
    expect(income.status).toBe('fail');
    expect(income.value).toBeGreaterThan(0.25);
    const age = report.drift.find((d: { column: string }) => d.column === 'age');
    expect(age.status).toBe('pass');
    expect(failing(run)).toContain('income:drift');
    expect(failing(run)).toContain('income:stats.mean');
    expect(run.summary).toContain('### Drift against the reference');
  });

  it('warns on a moderate categorical drift without failing the step, and fails it with fail-on: warn', () => {
    write(
      workspace,
      'data/mix.csv',
      toCsv(customers(6_000, { seed: 8, countryWeights: [0.235, 0.215, 0.15, 0.1, 0.1, 0.1, 0.1] })),
    );
    const inputs = {
      data: 'data/mix.csv',
      'reference-data': 'data/reference.csv',
      'report-path': 'out/mix.json',
    };
    const run = validate(workspace, inputs);
    const country = readJson(run.outputs.report).drift.find(
      (d: { column: string }) => d.column === 'country',
    );
    expect(country.statistic).toBe('jensen_shannon');
    expect(country.status).toBe('warn');
    expect(run.outputs.outcome).toBe('warn');
    expect(run.exitCode).toBe(0);
    expect(validate(workspace, { ...inputs, 'fail-on': 'warn' }).exitCode).toBe(1);
  });

  it('merges four shard profiles into the profile of one pass, and drift runs on the merged profile', () => {
    const all = customers(4_000, { seed: 21 });
    for (let i = 0; i < 4; i++)
      write(workspace, `shards/part-${i}.csv`, toCsv(all.slice(i * 1000, (i + 1) * 1000)));
    write(workspace, 'shards-whole.csv', toCsv(all));
    const whole = validate(workspace, {
      data: 'shards-whole.csv',
      'profile-path': 'out/whole.profile.json',
      'report-path': 'out/w.json',
    });
    expect(whole.exitCode).toBe(0);
    const parts = [0, 1, 2, 3].map((i) =>
      validate(workspace, {
        data: `shards/part-${i}.csv`,
        'profile-path': `out/part-${i}.profile.json`,
        'report-path': `out/part-${i}.json`,
      }),
    );
    expect(parts.map((p) => p.outputs.rows)).toEqual(['1000', '1000', '1000', '1000']);
    const merge = runCli(
      [
        'profile',
        'merge',
        '--output',
        'out/merged.profile.json',
        ...[0, 1, 2, 3].map((i) => `out/part-${i}.profile.json`),
      ],
      workspace,
    );
    expect(merge.stderr).toContain('merged 4 profiles (4,000 rows)');
    expect(merge.exitCode).toBe(0);
    const merged = readJson(path.join(workspace, 'out/merged.profile.json'));
    const single = readJson(path.join(workspace, 'out/whole.profile.json'));
    expect(merged.rows).toBe(4000);
    for (const column of single.columns) {
      const other = merged.columns.find((c: { name: string }) => c.name === column.name);
      expect([other.count, other.nulls, other.invalid]).toEqual([column.count, column.nulls, column.invalid]);
      for (const key of ['min', 'max'] as const) expect(other.summary[key]).toBe(column.summary[key]);
      for (const key of ['mean', 'std'] as const)
        if (column.summary[key] !== undefined)
          expect(Math.abs(other.summary[key] - column.summary[key])).toBeLessThanOrEqual(
            1e-12 * Math.abs(column.summary[key]),
          );
    }
    const drift = validate(workspace, {
      data: 'shards/*.csv',
      'reference-profile': 'out/merged.profile.json',
      'report-path': 'out/shards-drift.json',
    });
    expect(drift.exitCode).toBe(0);
    expect(readJson(drift.outputs.report).files).toHaveLength(4);
    // The same data against its own merged profile: nothing drifts (emails are near unique, and dates and
    // datetimes event times: not compared).
    const statuses = readJson(drift.outputs.report).drift.map(
      (d: { column: string; status: string }) => `${d.column}:${d.status}`,
    );
    expect(statuses.sort()).toEqual([
      'active:pass',
      'age:pass',
      'country:pass',
      'email:info',
      'income:pass',
      'score:pass',
    ]);
  });

  it('reads gzip-compressed CSV and JSONL like the plain files', () => {
    write(workspace, 'gz/clean.csv.gz', gzipSync(toCsv(clean)));
    write(workspace, 'gz/clean.jsonl.gz', gzipSync(toJsonl(clean)));
    for (const data of ['gz/clean.csv.gz', 'gz/clean.jsonl.gz']) {
      const run = validate(workspace, { data, 'report-path': `out/${path.basename(data)}.json` });
      expect([data, run.exitCode, run.outputs.rows, run.outputs.outcome]).toEqual([data, 0, '2000', 'pass']);
    }
  });

  it('reads Parquet row group by row group and reports findings by row', () => {
    const fixtures = path.join(repoRoot, 'packages/data/test/fixtures/readers');
    copyFileSync(path.join(fixtures, 'mixed-zstd.parquet'), path.join(workspace, 'typed.parquet'));
    const run = runAction('validate-data', workspace, {
      data: 'typed.parquet',
      'report-path': 'out/parquet.json',
    });
    expect(run.exitCode).toBe(0);
    const report = readJson(run.outputs.report);
    expect(report.rows).toBeGreaterThan(0);
    expect(report.files[0].format).toBe('parquet');
  });

  describe('bad input: a clear error naming the file (and line), a failed step, no stack trace', () => {
    const expectCleanFailure = (run: ActionRun, pattern: RegExp) => {
      expect(run.exitCode).toBe(1);
      const messages = run.annotations.map((a) => a.message).join('\n') + run.stdout;
      expect(messages).toMatch(pattern);
      expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);
    };

    it('a missing file', () => {
      expectCleanFailure(validate(workspace, { data: 'data/nope.csv' }), /file not found: data\/nope\.csv/);
    });

    it('an empty file', () => {
      write(workspace, 'bad/empty.csv', '');
      expectCleanFailure(validate(workspace, { data: 'bad/empty.csv' }), /bad\/empty\.csv.*empty/);
    });

    it('an unterminated quote and invalid UTF-8 are findings with their lines', () => {
      const body = toCsv(customers(200)).split('\n');
      body[5] = body[5].replace('@example.com', '@example.com"');
      write(workspace, 'bad/quote.csv', `${body.join('\n')}"unclosed,1\n`);
      const quote = validate(workspace, { data: 'bad/quote.csv', 'report-path': 'out/quote.json' });
      expect(quote.exitCode).toBe(1);
      // Line 7 has a stray quote inside an unquoted field (read literally); line 202 opens a quote never closed.
      const parse = checksOf(quote).find((c) => c.check === 'parse')!;
      expect(parse.failingRows).toBe(1);
      expect(parse.samples![0]).toMatchObject({ file: 'bad/quote.csv', line: 202 });
      expect((parse.samples![0] as { message?: string }).message).toMatch(/unterminated quoted field/);
      const bytes = Buffer.concat([
        Buffer.from(toCsv(customers(150)).replace('user3@', 'user3\u0000@')),
        Buffer.from([0xff, 0xfe, 0x0a]),
      ]);
      write(workspace, 'bad/utf8.csv', bytes);
      const utf8 = validate(workspace, { data: 'bad/utf8.csv', 'report-path': 'out/utf8.json' });
      expect(utf8.exitCode).toBe(1);
      expect(JSON.stringify(checksOf(utf8))).toMatch(/invalid UTF-8/);
    });

    it('a JSONL line that is not JSON is a finding with its line; the other lines are read', () => {
      const lines = toJsonl(customers(150)).split('\n');
      lines[9] = '{"id": 10, "age": ';
      write(workspace, 'bad/broken.jsonl', lines.join('\n'));
      const run = validate(workspace, { data: 'bad/broken.jsonl', 'report-path': 'out/broken.json' });
      expect(run.exitCode).toBe(1);
      const parse = checksOf(run).find((c) => c.check === 'parse')!;
      expect(parse.samples![0]).toMatchObject({ file: 'bad/broken.jsonl', line: 10 });
      expect(run.outputs.rows).toBe('150');
    });

    it('a truncated gzip file and a truncated Parquet file', () => {
      const gz = gzipSync(toCsv(customers(2000)));
      write(workspace, 'bad/cut.csv.gz', gz.subarray(0, Math.floor(gz.length / 2)));
      expectCleanFailure(
        validate(workspace, { data: 'bad/cut.csv.gz' }),
        /bad\/cut\.csv\.gz.*(truncated|corrupt)/,
      );
      const parquet = readFileSync(
        path.join(repoRoot, 'packages/data/test/fixtures/readers/mixed-zstd.parquet'),
      );
      write(workspace, 'bad/cut.parquet', parquet.subarray(0, parquet.length - 100));
      expectCleanFailure(
        runAction('validate-data', workspace, { data: 'bad/cut.parquet' }),
        /bad\/cut\.parquet/,
      );
    });

    it('an invalid contract names the contract line', () => {
      write(workspace, 'bad/contract.yml', 'fields:\n  - name: id\n    type: integr\n');
      const run = runAction('validate-data', workspace, {
        data: 'data/clean.csv',
        contract: 'bad/contract.yml',
      });
      expect(run.exitCode).toBe(1);
      expect(run.annotations[0]).toMatchObject({
        level: 'error',
        file: expect.stringContaining('bad/contract.yml'),
        line: 3,
      });
    });

    it('hostile column names and values are escaped in the summary', () => {
      const hostile = '<img src=x onerror=alert(1)>|**bold**';
      write(workspace, 'bad/hostile.csv', `name,"${hostile}"\n"${hostile}",1\n`);
      const run = runAction('validate-data', workspace, {
        data: 'bad/hostile.csv',
        'report-path': 'out/h.json',
      });
      expect(run.exitCode).toBe(0);
      // As GitHub renders it: no element from the data, no emphasis; the text is shown literally.
      const html = renderGfm(run.summary);
      expect(html).not.toMatch(/<img/);
      expect(html).not.toMatch(/<strong>/);
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    });
  });

  it('on the command line, a stored reference (auto, pinned:) is refused with what to give instead', () => {
    for (const [args, option] of [
      [['validate-data', '--data', 'data/clean.csv', '--reference-profile', 'auto'], 'reference-profile'],
      [['eval-gate', '--results', 'data/clean.csv', '--baseline', 'pinned:release'], 'baseline'],
    ] as const) {
      const run = runCli([...args], workspace);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(`--${option}`);
      expect(run.stderr).toMatch(
        /reads the baseline store of a GitHub Actions run.*give the file of a report or profile/,
      );
    }
  });

  it('mlgate validate-data --infer writes a contract that the same data passes', () => {
    const inferred = runCli(['validate-data', '--infer', 'data/clean.csv'], workspace);
    expect(inferred.exitCode).toBe(0);
    write(workspace, 'inferred.yml', inferred.stdout);
    expect(inferred.stdout).toMatch(/name: "country"\n\s+type: string\n\s+constraints:[^-]*enum:/);
    const run = runCli(
      [
        'validate-data',
        '--data',
        'data/clean.csv',
        '--contract',
        'inferred.yml',
        '--report-path',
        'out/inferred.json',
      ],
      workspace,
    );
    expect(run.stderr).not.toMatch(/FAIL/);
    expect(run.exitCode).toBe(0);
  });
});
