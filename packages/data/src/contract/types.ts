/** The data contract as the validation engine uses it: every default resolved, every value typed. */
import type { SafePattern } from './regex.js';

/** Frictionless Table Schema types that mlgate validates. */
export const fieldTypes = [
  'string',
  'number',
  'integer',
  'boolean',
  'date',
  'datetime',
  'year',
  'any',
] as const;
export type FieldType = (typeof fieldTypes)[number];

export type Severity = 'error' | 'warn';

/** `[low, high]`: `null` leaves that side unbounded. Dates are epoch days, datetimes epoch milliseconds. */
export type StatBound = [number | null, number | null];

export const numericDriftStatistics = ['psi', 'wasserstein'] as const;
export const categoricalDriftStatistics = ['jensen_shannon', 'linf'] as const;
export type DriftStatistic =
  (typeof numericDriftStatistics)[number] | (typeof categoricalDriftStatistics)[number];

/** What of a date/datetime column is compared: the value itself, or a calendar part (UTC). */
export const driftTargets = ['value', 'hourOfDay', 'dayOfWeek'] as const;
export type DriftTarget = (typeof driftTargets)[number];

export interface DriftSpec {
  statistic: DriftStatistic;
  /** The statistic at or above this is a warning; absent: calibrated to the sample sizes (drift/thresholds.ts). */
  warn?: number;
  /** The statistic at or above this fails the check; absent: calibrated to the sample sizes. */
  fail?: number;
  /** Date/datetime fields: compare a calendar part's distribution instead of the values (default "value"). */
  on?: DriftTarget;
}

/** Typed constraint values: numbers for number/integer/year, epoch days for date, epoch ms for datetime. */
export interface FieldConstraints {
  required: boolean;
  /** Checked by the validation engine (it needs every value), not by `makeConstraintChecker`. */
  unique: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  /** In characters (Unicode code points), as Frictionless counts them. */
  minLength?: number;
  maxLength?: number;
  /** The pattern as written; `FieldSpec.pattern` holds the compiled, checked matcher. */
  pattern?: string;
  /** Allowed values, typed like parsed values (numbers, booleans, strings, epoch days/ms). */
  enum?: (string | number | boolean)[];
}

/** Values as `makeParser` returns them (see values.ts). */
export type FieldValue = string | number | boolean;

export interface FieldSpec {
  name: string;
  /** 0-based position in `fields` (for `columns: strict`). */
  index: number;
  type: FieldType;
  /** 'default', 'any', a strptime pattern for date/datetime, or email/uri/uuid/binary for strings. */
  format: string;
  constraints: FieldConstraints;
  /** Compiled full-match matcher for `constraints.pattern`, proven free of catastrophic backtracking. */
  pattern?: SafePattern;
  trueValues: string[];
  falseValues: string[];
  decimalChar: string;
  groupChar: string;
  bareNumber: boolean;
  /** Texts that mean "no value" for this field (the field's own list, else the contract's). */
  missingValues: string[];
  /** Fraction of non-null values that must parse and satisfy the constraints (default 1). */
  mostly: number;
  maxNullFraction?: number;
  /** Statistic name (mean, std, min, max, distinct, p50, p99.9 …) → bound. */
  stats: Record<string, StatBound>;
  /** Resolved drift check for this column, or false when the contract turns it off (date/datetime: unless asked). */
  drift: DriftSpec | false;
  severity: Severity;
  /** The contract file and the 1-based line where this field is declared, for annotations. */
  file: string;
  line: number;
}

export type ColumnsMode = 'strict' | 'ignore-order' | 'allow-extra';
export type DuplicateRowsMode = 'allow' | 'warn' | 'error';

export interface FreshnessSpec {
  column: string;
  /** As written, e.g. "36h". */
  maxAge: string;
  maxAgeMs: number;
  severity: Severity;
  line: number;
}

export interface RecordSchemaSpec {
  /** The path as written in the contract, or "(inline)". */
  source: string;
  /** null when the record satisfies the schema, else a short reason ("/user/id: must be integer"). */
  check(record: unknown): string | null;
  line: number;
}

export interface DriftDefaults {
  numeric: DriftSpec;
  categorical: DriftSpec;
  /** Below this many rows on either side a drift check is "insufficient data". */
  minRows: number;
  /** Dataset drift when at least this share of the compared columns drift. */
  datasetShare: number;
}

export interface Contract {
  /** The contract file as named to the user. */
  file: string;
  /** `sha256:<hex>` of the contract file's bytes as loadContract read them (none for text parsed in memory). */
  digest?: string;
  fields: FieldSpec[];
  missingValues: string[];
  primaryKey: string[];
  rowCount: { min?: number; max?: number };
  columns: ColumnsMode;
  duplicateRows: DuplicateRowsMode;
  freshness?: FreshnessSpec;
  recordSchema?: RecordSchemaSpec;
  drift: DriftDefaults;
  /** The 1-based line of any key path (["fields", 2, "stats", "mean"]), for annotations of later findings. */
  lineOf: (path: (string | number)[]) => number | undefined;
}

/** Statistics kind of a field: which drift statistics and stats bounds apply. */
export function isNumericType(type: FieldType): boolean {
  return type === 'number' || type === 'integer' || type === 'date' || type === 'datetime' || type === 'year';
}
