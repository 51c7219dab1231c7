/**
 * End to end through dist/validate-data: near-unique text columns with drift on (session ids, free text), as real
 * tables have them. Frequent-value counting stops on them (the profile, the report and the job summary say so),
 * their later values are read from the bytes, and every check still finds the rows this test planted — on one
 * thread and on scan threads alike — while drift leaves the columns out, as it did when counting ran to the end.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { makeWorkspace, runAction, type ActionRun } from './runner.js';

const ROWS = 150_000;
const CONTRACT = `missingValues: ['']
fields:
  - name: session
    type: string
    constraints: { required: true, minLength: 32, maxLength: 32, pattern: '[0-9a-f]{32}' }
  - name: note
    type: string
    constraints: { minLength: 2, maxLength: 40 }
  - name: kind
    type: string
    constraints: { required: true, enum: [view, click, buy] }
`;

/** Planted defects, after counting stopped (the 65,536th value) and before: row index → cell. */
const BAD_SESSION: Record<number, string> = {
  100: 'not-a-session',
  90_000: 'é'.repeat(32), // 32 characters, 64 bytes: the lengths pass, the pattern fails
  120_000: '"quoted"""'.padEnd(32, 'a'),
};
const BAD_NOTE: Record<number, string> = {
  200: '😀', // one character of 4 bytes
  95_000: 'ü'.repeat(41), // 41 characters
  130_000: 'x',
};
const FINE_NOTE: Record<number, string> = { 96_000: '日本語'.repeat(13) + 'x' }; // 40 characters, 118 bytes

interface Check {
  check: string;
  column?: string;
  status: string;
  failingRows?: number;
  samples?: { line: number; value?: string }[];
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

describe('validate-data on near-unique text (dist/validate-data/index.js)', () => {
  let workspace: string;
  let single: ActionRun;
  let threaded: ActionRun;

  beforeAll(() => {
    workspace = makeWorkspace({});
    writeFileSync(path.join(workspace, 'contract.yml'), CONTRACT);
    let state = 77;
    const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8) / 16777216;
    const lines = ['session,note,kind'];
    const words = ['fine', 'slow', 'café', 'naïve', '日本', 'ok,', 'said "no"', 'meh', 'Größe'];
    for (let r = 0; r < ROWS; r++) {
      let session = '';
      for (let i = 0; i < 32; i++) session += '0123456789abcdef'[Math.floor(next() * 16)];
      const note =
        next() < 0.4
          ? ''
          : `${words[Math.floor(next() * words.length)]} ${words[Math.floor(next() * words.length)]} #${r}`;
      const kind = ['view', 'click', 'buy'][Math.floor(next() * 3)];
      lines.push(
        [BAD_SESSION[r] ?? session, BAD_NOTE[r] ?? FINE_NOTE[r] ?? note, kind].map(csvCell).join(','),
      );
    }
    writeFileSync(path.join(workspace, 'events.csv'), `${lines.join('\r\n')}\r\n`);
    const inputs = { contract: 'contract.yml', data: 'events.csv' };
    single = runAction(
      'validate-data',
      workspace,
      { ...inputs, 'profile-path': 'single.profile.json', 'report-path': 'single.json' },
      { MLGATE_SCAN_THREADS: '1' },
    );
    threaded = runAction(
      'validate-data',
      workspace,
      { ...inputs, 'profile-path': 'threaded.profile.json', 'report-path': 'threaded.json' },
      { MLGATE_SCAN_THREADS: '2', MLGATE_SCAN_MIN_BYTES: '0' },
    );
  }, 300_000);

  it('finds every planted defect on its line, before and after counting stopped, on one thread and on two', () => {
    expect(threaded.stdout).toContain('scanning with 2 threads');
    // Row r is on line r + 2 (the header is line 1; no line breaks inside fields).
    const lineOf = (rows: Record<number, string>) => Object.keys(rows).map((r) => Number(r) + 2);
    for (const run of [single, threaded]) {
      expect(run.exitCode).toBe(1);
      const checks: Check[] = readJson(run.outputs.report).checks;
      const find = (column: string, check: string) =>
        checks.find((c) => c.column === column && c.check === check)!;
      expect(find('session', 'pattern').samples!.map((s) => s.line)).toEqual(lineOf(BAD_SESSION));
      expect(find('session', 'pattern').samples!.map((s) => s.value)).toEqual(Object.values(BAD_SESSION));
      // Only 'not-a-session' (13 characters) breaks the lengths: é×32 is 32 characters.
      expect(find('session', 'minLength').samples!.map((s) => s.line)).toEqual([102]);
      expect(find('note', 'minLength').samples!.map((s) => s.line)).toEqual([202, 130_002]);
      expect(find('note', 'maxLength').samples!.map((s) => s.line)).toEqual([95_002]);
      expect(find('note', 'maxLength').samples![0].value).toBe('ü'.repeat(41));
      expect(find('kind', 'enum').status).toBe('pass');
    }
    expect(readJson(threaded.outputs.report).checks).toEqual(readJson(single.outputs.report).checks);
  });

  it('says counting stopped in the profile, the report and the job summary; the distinct count goes on', () => {
    const profile = readJson(single.outputs.profile);
    const column = (name: string) => profile.columns.find((c: { name: string }) => c.name === name);
    expect(column('session').summary.topValuesStopped).toBe(65_536);
    expect(column('session').summary.topValues).toBeUndefined();
    expect(column('session').top.total).toBe(ROWS);
    expect(Math.abs(column('session').summary.distinct - ROWS) / ROWS).toBeLessThan(0.05);
    expect(column('note').summary.topValuesStopped).toBe(65_536);
    expect(column('kind').summary.topValuesStopped).toBeUndefined();
    expect(
      column('kind')
        .summary.topValues.map((t: { value: string }) => t.value)
        .sort(),
    ).toEqual(['buy', 'click', 'view']);
    const report = readJson(single.outputs.report);
    expect(report.columns.find((c: { name: string }) => c.name === 'session').topValuesStopped).toBe(65_536);
    expect(single.summary).toMatch(
      /\| session \| string \|.*near unique: not tracked after 65,536 values \|/,
    );
    // With threads each thread counts its own pieces: stopped too, and the counts agree.
    const threadedProfile = readJson(threaded.outputs.profile);
    const session = threadedProfile.columns.find((c: { name: string }) => c.name === 'session');
    expect(session.summary.topValuesStopped).toBeGreaterThanOrEqual(65_536);
    expect(session.top.total).toBe(ROWS);
    expect(session.distinct).toEqual(column('session').distinct);
    expect(session.lengths.count).toBe(ROWS);
    expect(session.lengths.max).toBe(32);
  });

  it('drift leaves the near-unique columns out and compares the category', () => {
    const again = runAction(
      'validate-data',
      workspace,
      { contract: 'contract.yml', data: 'events.csv', 'reference-profile': 'single.profile.json' },
      { MLGATE_SCAN_THREADS: '1' },
    );
    const drift: { column: string; status: string }[] = readJson(again.outputs.report).drift;
    const status = (name: string) => drift.find((d) => d.column === name)?.status;
    expect(status('session')).toBe('info');
    expect(status('note')).toBe('info');
    expect(status('kind')).toBe('pass');
  }, 120_000);
});
