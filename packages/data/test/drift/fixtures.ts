/** Loads the scipy reference values written by scripts/reference/drift.py. */

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Fixture<T> {
  source: string;
  cases: T[];
}

const here = dirname(fileURLToPath(import.meta.url));

export function loadFixture<T>(name: string): Fixture<T> {
  return JSON.parse(readFileSync(join(here, '..', 'fixtures', 'drift', name), 'utf8')) as Fixture<T>;
}

/** True when actual agrees with expected to `rel` relative (or `abs` absolute, for values near 0). */
export function close(actual: number, expected: number, rel: number, abs = 0): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return false;
  return Math.abs(actual - expected) <= Math.max(abs, rel * Math.abs(expected));
}
