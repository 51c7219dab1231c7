/**
 * End to end through dist/validate-data: how scan threads get their pieces. A piece is copied into memory the main
 * thread shares with its thread (a slot of 2 MiB per piece in flight); a longer piece (rows of several MB) goes in
 * memory of its own, and a row cut by a read chunk is joined with the next chunk in one reused window. Whatever the
 * path, two threads find what one thread finds, on the same lines — with repeat checks (the pieces are then kept
 * until their repeats are looked up) and without.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { makeWorkspace, runAction, type ActionRun } from './runner.js';

const ROWS = 40_000;
/** Row index → its note: a 3 MiB quoted note with commas, "" escapes, multi-byte text and line breaks, a 5 MiB plain one. */
const QUOTED_ROW = 10_000;
const PLAIN_ROW = 25_000;
const LINE_BREAKS = 30;
const BAD_SCORE_ROW = 30_000;
/** The id of row 20,000, written again on this row (a repeat for `unique`). */
const REPEAT_ROW = 35_000;

interface Check {
  check: string;
  column?: string;
  status: string;
  failingRows?: number;
  samples?: { line: number; value?: string; message?: string }[];
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

function quotedNote(): string {
  const part = `word, "quoted" café 日本 ${'x'.repeat(100 * 1024)}`;
  const text = Array.from({ length: LINE_BREAKS + 1 }, () => part).join('\n');
  return `"${text.replaceAll('"', '""')}"`;
}

function dataFile(): string {
  const lines = ['id,name,note,score'];
  for (let r = 1; r <= ROWS; r++) {
    const id = r === REPEAT_ROW ? 20_000 : r;
    const note =
      r === QUOTED_ROW ? quotedNote() : r === PLAIN_ROW ? 'z'.repeat(5 * 1024 * 1024) : `note ${r % 97}`;
    const score = r === BAD_SCORE_ROW ? '7' : ((r % 100) / 100).toString();
    lines.push(`${id},name ${r % 13},${note},${score}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Row r's line: the header is line 1, and rows after the quoted note move down by its line breaks. */
const lineOf = (row: number) => row + 1 + (row > QUOTED_ROW ? LINE_BREAKS : 0);

const contract = (unique: boolean) => `fields:
  - name: id
    type: integer
    constraints: { required: true, minimum: 1${unique ? ', unique: true' : ''} }
  - name: name
    type: string
  - name: note
    type: string
    constraints: { maxLength: 1000 }
  - name: score
    type: number
    constraints: { minimum: 0, maximum: 1 }
`;

/** Checks whose results do not depend on how rows were split between threads (quantile estimates do). */
const exact = (run: ActionRun): Check[] =>
  (readJson(run.outputs.report) as { checks: Check[] }).checks.filter(
    (check) => !/^stats\.p\d+$/.test(check.check),
  );

describe('validate-data with scan threads: pieces in shared memory, long rows in their own (dist/validate-data/index.js)', () => {
  let workspace: string;
  const runs: Record<string, ActionRun> = {};

  beforeAll(() => {
    workspace = makeWorkspace({});
    writeFileSync(path.join(workspace, 'data.csv'), dataFile());
    for (const unique of [false, true]) {
      const name = unique ? 'unique' : 'plain';
      writeFileSync(path.join(workspace, `${name}.yml`), contract(unique));
      for (const threads of ['1', '2'])
        runs[`${name}-${threads}`] = runAction(
          'validate-data',
          workspace,
          { contract: `${name}.yml`, data: 'data.csv', 'report-path': `${name}-${threads}.json` },
          { MLGATE_SCAN_THREADS: threads, MLGATE_SCAN_MIN_BYTES: '0' },
        );
    }
  }, 300_000);

  it.each(['plain', 'unique'])(
    '%s contract: two threads find every planted row on its line, as one thread does',
    (name) => {
      const single = runs[`${name}-1`];
      const threaded = runs[`${name}-2`];
      expect(threaded.stdout).toContain('data.csv: scanning with 2 threads');
      expect(single.stdout).not.toContain('scanning with');
      for (const run of [single, threaded]) {
        expect(run.stderr).toBe('');
        expect(run.exitCode).toBe(1);
        expect(run.outputs.rows).toBe(String(ROWS));
        const checks = exact(run);
        const find = (column: string, check: string) =>
          checks.find((c) => c.column === column && c.check === check)!;
        expect(find('note', 'maxLength').failingRows).toBe(2);
        expect(find('note', 'maxLength').samples!.map((s) => s.line)).toEqual([
          lineOf(QUOTED_ROW),
          lineOf(PLAIN_ROW),
        ]);
        expect(find('score', 'maximum').samples!.map((s) => [s.line, s.value])).toEqual([
          [lineOf(BAD_SCORE_ROW), '7'],
        ]);
        if (name === 'unique')
          expect(find('id', 'unique').samples).toEqual([
            {
              file: 'data.csv',
              line: lineOf(REPEAT_ROW),
              value: '20000',
              message: `duplicate of line ${lineOf(20_000)}`,
            },
          ]);
        else expect(find('id', 'unique')).toBeUndefined();
      }
      expect(exact(threaded)).toEqual(exact(single));
      expect(threaded.annotations).toEqual(single.annotations);
    },
  );
});
