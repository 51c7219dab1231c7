/** Shared helpers for the metrics tests: load the scikit-learn reference fixtures and compare numbers to 1e-9. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** JSON number, or null for NaN, or "Infinity" / "-Infinity" (see scripts/reference/metrics.py). */
export type RefNumber = number | null | string;

export function loadReference<T>(name: string): T {
  const path = join(process.cwd(), 'test', 'fixtures', 'reference', 'metrics', name);
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function fromRef(value: RefNumber): number {
  if (value === null) return NaN;
  if (typeof value === 'string') return Number(value);
  return value;
}

/** |a - b| <= 1e-9 * max(1, |b|); NaN only equals NaN. */
export function close(actual: number, expected: RefNumber, tolerance = 1e-9): boolean {
  const b = fromRef(expected);
  if (Number.isNaN(b) || Number.isNaN(actual)) return Number.isNaN(b) && Number.isNaN(actual);
  if (!Number.isFinite(b)) return actual === b;
  return Math.abs(actual - b) <= tolerance * Math.max(1, Math.abs(b));
}

/** Collects mismatches so one assertion reports every differing value of a fixture case. */
export class Mismatches {
  readonly list: string[] = [];

  constructor(private readonly context: string) {}

  number(label: string, actual: number, expected: RefNumber): void {
    if (!close(actual, expected)) {
      this.list.push(`${this.context} ${label}: got ${actual}, expected ${String(fromRef(expected))}`);
    }
  }

  array(label: string, actual: ArrayLike<number>, expected: readonly RefNumber[]): void {
    if (actual.length !== expected.length) {
      this.list.push(`${this.context} ${label}: length ${actual.length}, expected ${expected.length}`);
      return;
    }
    for (let i = 0; i < expected.length; i++) this.number(`${label}[${i}]`, actual[i], expected[i]);
  }
}

export function weightsOf(values: readonly number[] | undefined): Float64Array | undefined {
  return values === undefined ? undefined : Float64Array.from(values);
}
