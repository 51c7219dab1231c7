/**
 * JSON and Parquet numbers of a field whose only value constraints are bounds are checked inline on the number
 * (column.ts addBoundedNumber), as CSV cells are: the same failures, lines and profile as the general path.
 */
import { describe, expect, it } from '@jest/globals';
import type { DataCheckResult } from '@mlgate/core';
import { checkOf, jsonl, validate } from './helpers.js';

const contract = {
  fields: [
    { name: 'n', type: 'number', constraints: { minimum: 0, exclusiveMaximum: 10 } },
    { name: 'i', type: 'integer', constraints: { minimum: 1, maximum: 100, unique: true } },
  ],
};

// Line by line: n and i, and what each breaks (counted by hand below).
const rows: [number, number][] = [
  [0, 1], // 1: passes
  [5.5, 2], // 2: passes
  [-1, 2.5], // 3: n below minimum; i not an integer
  [10, 0], // 4: n not below exclusiveMaximum; i below minimum
  [9.99, 101], // 5: i above maximum
  [-0, 2], // 6: i a duplicate of line 2
  [1e308, -0], // 7: n not below exclusiveMaximum; i below minimum and (as 0) a duplicate of line 4
  [3, 50], // 8: passes
];

/** A check's failing-row count and its samples' lines. */
function lines(result: DataCheckResult): [number | undefined, number[] | undefined] {
  return [result.failingRows, result.samples?.map((sample) => sample.line ?? 0)];
}

describe('bounded numbers from JSON records', () => {
  it('fail the checks they break, on their lines, as the same numbers from a CSV do', async () => {
    const json = await validate({ 'd.jsonl': jsonl(rows.map(([n, i]) => ({ n, i }))) }, contract);
    const csv = await validate(
      { 'd.csv': `n,i\n${rows.map(([n, i]) => `${n},${i}`).join('\n')}\n` },
      contract,
    );
    const expected: [string, string, number, number[]][] = [
      ['minimum', 'n', 1, [3]],
      ['exclusiveMaximum', 'n', 2, [4, 7]],
      ['type', 'i', 1, [3]],
      ['minimum', 'i', 2, [4, 7]],
      ['maximum', 'i', 1, [5]],
      ['unique', 'i', 2, [6, 7]],
    ];
    for (const [check, column, failing, at] of expected) {
      const fromJson = checkOf(json.report, check, column);
      expect([check, column, ...lines(fromJson)]).toEqual([check, column, failing, at]);
      // CSV lines count the header: one more.
      const fromCsv = lines(checkOf(csv.report, check, column));
      expect([check, column, fromCsv[0], fromCsv[1]?.map((line) => line - 1)]).toEqual([
        check,
        column,
        failing,
        at,
      ]);
    }
    for (const name of ['n', 'i']) {
      const a = json.report.columns.find((c) => c.name === name);
      const b = csv.report.columns.find((c) => c.name === name);
      expect(a).toMatchObject({ count: 8, nulls: 0 });
      expect({ ...a, file: undefined }).toEqual({ ...b, file: undefined });
    }
    expect(json.report.columns.find((c) => c.name === 'n')).toMatchObject({ min: -1, max: 1e308 });
  });
});
