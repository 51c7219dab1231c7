/**
 * Text read from CSV bytes (hashed, measured and matched without making a string once a column needs none) must give
 * what the string path gives. The string path is JSONL: the same rows as JSON strings go through `addValue`, which
 * decodes nothing from bytes. On 80,000 rows of adversarial text (multi-byte UTF-8 of 2, 3 and 4 bytes, `""`
 * escapes, commas, line breaks inside quotes, a BOM, CRLF line ends, empty and `""` cells) both give the same
 * distinct-count sketch (register by register), lengths, null and invalid counts, frequent values (tracking stops on
 * the same near-unique columns at the same value) and the same failing rows with their values and messages.
 */
import { describe, expect, it } from '@jest/globals';
import type { DataCheckResult } from '@mlgate/core';
import { NEAR_UNIQUE_FIRST_CHECK } from '../../src/profile/column.js';
import { validate, type Run } from './helpers.js';

const ROWS = 80_000;

const CONTRACT = `
missingValues: ['']
fields:
  - name: sid
    type: string
    constraints: { required: true, minLength: 8, maxLength: 8, pattern: '[a-z0-9]{8}' }
  - name: note
    type: string
    constraints: { minLength: 2, maxLength: 30 }
  - name: kind
    type: string
    constraints: { enum: [alpha, beta, gamma, délta] }
  - name: n
    type: integer
    constraints: { minimum: 0 }
  - name: free
    type: string
    constraints: { maxLength: 20 }
    drift: false
`;

/** Row index → the adversarial value of a column at that row (failures land before and after the stop). */
const SID_SPECIAL: Record<number, string | null> = {
  3: 'ÄBCDEFGH', // 8 characters, 9 bytes: the pattern fails, the lengths pass
  4: null, // empty: required
  777: 'abc', // too short, pattern
  40_001: 'abcdefghi', // too long, pattern
  70_000: 'ab"cd"ef', // quoted with "" escapes: 8 characters, the pattern fails
  70_001: '', // written as "": missing, required
  75_000: 'abcd😀ef', // 😀 is one character of 4 bytes (two UTF-16 units): 7 characters
  79_999: 'abcdéfgh', // one 2-byte character: 8 characters, 9 bytes, pattern fails
};
const NOTE_SPECIAL: Record<number, string> = {
  10: '😀', // 1 character, 4 bytes: below minLength 2
  11: 'é'.repeat(30), // 30 characters, 60 bytes: passes maxLength 30
  12: 'é'.repeat(31), // 31 characters: fails
  66_000: '日本語'.repeat(10), // 30 characters, 90 bytes: passes
  66_001: '日本語'.repeat(10) + 'x', // 31 characters: fails
  70_002: '"q"', // 3 characters with escapes: passes
  70_003: 'a', // below minLength
  71_000: '𝄞'.repeat(31), // 31 characters of 4 bytes: fails
  72_000: 'line\r\nbreak', // CRLF inside quotes
  72_001: 'x', // below minLength, on a line after the break
  76_000: '😀', // after tracking stopped (at the 65,536th note, near row 72,800): the byte path
  78_000: 'ß'.repeat(31), // fails maxLength
  78_001: 'say ""hi"", ok', // escapes, passes
};
const KIND_SPECIAL: Record<number, string> = { 9: 'Délta', 50_000: 'epsilon', 79_000: 'délta' };
const N_SPECIAL: Record<number, string> = { 8: 'x1', 60_000: '-3', 74_000: '1.5' };
const FREE_SPECIAL: Record<number, string> = {
  6: 'ü'.repeat(21), // 21 characters: fails maxLength 20
  7: '"'.repeat(20), // 20 quotes, written as 40 + 2: passes
  77_000: '😀'.repeat(21), // fails
};

const WORDS = ['the', 'app', 'café', 'naïve', '日本', '😀', 'ok,', '"hi"', 'slow', 'Größe', '€5', 'zz'];

/** The rows as values (null: no value), with a seeded LCG: the same data every run. */
function makeRows(): (string | null)[][] {
  let state = 2024;
  const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8) / 16777216;
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  const rows: (string | null)[][] = [];
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  for (let r = 0; r < ROWS; r++) {
    let sid = '';
    for (let i = 0; i < 8; i++) sid += alphabet[Math.floor(next() * alphabet.length)];
    let note: string | null = null;
    if (next() < 0.9) {
      const words: string[] = [];
      const count = 2 + Math.floor(next() * 4);
      for (let i = 0; i < count; i++) words.push(pick(WORDS));
      note = `${words.join(' ')} ${r}`.slice(0, 30);
      if (note.length < 2) note = `${note}..`;
    }
    const kind = next() < 0.1 ? null : pick(['alpha', 'beta', 'gamma', 'délta']);
    const n = next() < 0.2 ? null : String(Math.floor(next() * 1000));
    const free = next() < 0.5 ? null : `${pick(WORDS)} ${pick(WORDS)}`;
    rows.push([
      r in SID_SPECIAL ? SID_SPECIAL[r] : sid,
      NOTE_SPECIAL[r] ?? note,
      KIND_SPECIAL[r] ?? kind,
      N_SPECIAL[r] ?? n,
      FREE_SPECIAL[r] ?? free,
    ]);
  }
  return rows;
}

const csvCell = (value: string | null) =>
  value === null ? '' : /[",\r\n]/.test(value) || value === '' ? `"${value.replaceAll('"', '""')}"` : value;

/** The CSV (BOM, CRLF) and the line each row starts on; the JSONL (strings, null for no value). */
function write(rows: (string | null)[][]): { csv: Buffer; csvLines: number[]; jsonl: string } {
  const names = ['sid', 'note', 'kind', 'n', 'free'];
  const csvParts = [`\ufeff${names.join(',')}\r\n`];
  const csvLines: number[] = [];
  const jsonParts: string[] = [];
  let line = 2;
  for (const row of rows) {
    csvLines.push(line);
    const text = `${row.map(csvCell).join(',')}\r\n`;
    csvParts.push(text);
    line += text.split('\n').length - 1;
    // JSON numbers for the integer column's numbers (a JSON string is never an integer), strings for the rest.
    const record = names.map((name, i) => {
      const value = row[i];
      return [name, name === 'n' && value !== null && /^-?[\d.]+$/.test(value) ? Number(value) : value];
    });
    jsonParts.push(`${JSON.stringify(Object.fromEntries(record))}\n`);
  }
  return { csv: Buffer.from(csvParts.join(''), 'utf8'), csvLines, jsonl: jsonParts.join('') };
}

/** A check's outcome with its failing rows as row indices, whatever the format's line numbering. */
function failures(check: DataCheckResult, rowOf: (line: number) => number) {
  return {
    status: check.status,
    failingRows: check.failingRows,
    samples: (check.samples ?? []).map((s) => ({ row: rowOf(s.line), value: s.value, message: s.message })),
  };
}

function checksOf(run: Run, rowOf: (line: number) => number) {
  const out: Record<string, unknown> = {};
  for (const check of run.report.checks)
    if (check.column) out[`${check.column}:${check.check}`] = failures(check, rowOf);
  return out;
}

describe('text from CSV bytes equals text from strings', () => {
  const rows = makeRows();
  const { csv, csvLines, jsonl } = write(rows);
  const csvRow = new Map(csvLines.map((line, row) => [line, row]));
  let csvRun: Run;
  let jsonRun: Run;

  it('runs both paths', async () => {
    csvRun = await validate({ 'data.csv': csv }, CONTRACT);
    jsonRun = await validate({ 'data.jsonl': jsonl }, CONTRACT);
    expect(csvRun.report.rows).toBe(ROWS);
    expect(jsonRun.report.rows).toBe(ROWS);
  }, 120_000);

  it('gives the same column profiles: distinct registers, lengths, counts, frequent values', () => {
    for (const name of ['sid', 'note', 'kind', 'n', 'free']) {
      const a = csvRun.profile.columns.find((c) => c.name === name)!;
      const b = jsonRun.profile.columns.find((c) => c.name === name)!;
      expect({ name, count: a.count, nulls: a.nulls, invalid: a.invalid }).toEqual({
        name,
        count: b.count,
        nulls: b.nulls,
        invalid: b.invalid,
      });
      expect(a.distinct).toEqual(b.distinct);
      expect(a.lengths).toEqual(b.lengths);
      expect(a.top).toEqual(b.top);
      expect(a.summary).toEqual(b.summary);
    }
    // The near-unique columns stopped tracking, at the same value, on both paths; the enum did not.
    const column = (run: Run, name: string) => run.profile.columns.find((c) => c.name === name)!;
    expect(column(csvRun, 'sid').summary.topValuesStopped).toBe(NEAR_UNIQUE_FIRST_CHECK);
    expect(column(csvRun, 'note').summary.topValuesStopped).toBe(NEAR_UNIQUE_FIRST_CHECK);
    expect(column(csvRun, 'kind').summary.topValuesStopped).toBeUndefined();
  });

  it('finds the same failing rows, values and messages, computed here independently', () => {
    const fromCsv = checksOf(csvRun, (line) => csvRow.get(line) ?? -line);
    const fromJson = checksOf(jsonRun, (line) => line - 1);
    expect(fromCsv).toEqual(fromJson);
    const rowsOf = (key: string) =>
      (fromCsv[key] as { samples: { row: number }[] }).samples.map((s) => s.row);
    expect(rowsOf('sid:pattern')).toEqual([3, 777, 40_001, 70_000, 75_000, 79_999]);
    expect(rowsOf('sid:minLength')).toEqual([777, 75_000]);
    expect(rowsOf('sid:maxLength')).toEqual([40_001]);
    expect(rowsOf('sid:required')).toEqual([4, 70_001]);
    expect(rowsOf('note:minLength')).toEqual([10, 70_003, 72_001, 76_000]);
    expect(rowsOf('note:maxLength')).toEqual([12, 66_001, 71_000, 78_000]);
    expect(rowsOf('kind:enum')).toEqual([9, 50_000]);
    expect(rowsOf('n:type')).toEqual([8, 74_000]);
    expect(rowsOf('n:minimum')).toEqual([60_000]);
    expect(rowsOf('free:maxLength')).toEqual([6, 77_000]);
    // The value shown is the decoded, unescaped text.
    const sample = (key: string, row: number) =>
      (fromCsv[key] as { samples: { row: number; value?: string }[] }).samples.find((s) => s.row === row);
    expect(sample('sid:pattern', 70_000)?.value).toBe('ab"cd"ef');
    expect(sample('note:maxLength', 71_000)?.value).toBe('𝄞'.repeat(31));
  });
});
