import { expect } from '@jest/globals';
import type { EvalCase } from '../../src/cases.js';
import { mergeCases } from '../../src/cases.js';
import type { RawCase } from '../../src/types.js';

export const FILE = 'eval/results.jsonl';

export type RowFields = Omit<RawCase, 'source'>;

/** Result rows as an importer returns them, on lines 1, 2, 3... of FILE. */
export function numbered(rows: RowFields[]): RawCase[] {
  return rows.map((row, index) => ({ ...row, source: { file: FILE, line: index + 1 } }));
}

/** Rows → merged cases, the way eval-gate builds them. */
export const casesOf = (rows: RowFields[]): EvalCase[] => mergeCases(numbered(rows));

/** Classification rows from [id, expected, predicted] triples. */
export const labelled = (items: [string, string, string][]): RowFields[] =>
  items.map(([id, expected, predicted]) => ({ id, expected, predicted }));

/** Runs `action`, expects an error of `type`, and returns it for further checks. */
export function thrown<T extends Error>(type: new (...args: never[]) => T, action: () => unknown): T {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(type);
  return caught as T;
}
