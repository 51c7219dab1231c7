/**
 * `mlgate validate-data --infer`: a starting contract, for a user to edit, that the data it was inferred from passes
 * and that more data from the same source should pass too: bounds are widened beyond what the sample saw, and enums
 * proposed only where the sample shows every value many times.
 */
import type { ContractDocument, FieldDocument } from './load.js';
import type { FieldType } from './types.js';
import { classifyText, displayValue, type TextClass } from './values.js';

/** What the profiler saw in one column, the input of inference. */
export interface ColumnSummary {
  name: string;
  /** Rows seen (including nulls). */
  count: number;
  nulls: number;
  /**
   * Non-null values by class: `classifyText` for text formats, `classifyJsonValue` for JSON/Parquet.
   * `any` counts objects and arrays (JSON only).
   */
  types: Partial<Record<TextClass | 'any', number>>;
  /** Numeric/date (epoch days)/datetime (epoch ms) as parsed. */
  min?: number;
  max?: number;
  /** Of the numeric values (estimated once the quantile sketch compacts). */
  median?: number;
  /** Lengths in characters (code points), as Frictionless counts them, of the values that are not numbers. */
  minLength?: number;
  maxLength?: number;
  /** Estimate. */
  distinct: number;
  topValues: { value: string; count: number }[];
  topValuesExact: boolean;
  /**
   * Whole-number columns with at most `maxEnumValues` distinct values: every value with its count (estimated once
   * the quantile sketch has compacted); absent when some value may be missing from the list.
   */
  integerValues?: { value: number; count: number }[];
}

/** Enums are proposed only for columns with at most this many distinct values. */
export const maxEnumValues = 20;
/**
 * …and only when every value was seen at least this often. A value seen once or twice says the column's values are
 * still turning up: by Good–Turing, the share of future rows holding a value never seen is about n₁/n (n₁ the values
 * seen exactly once), and ids and free text are all such values. When even the rarest value was seen 5 times, the
 * list is very likely complete, and an id column (every value once) is never an enum.
 */
export const minEnumCount = 5;
/**
 * Ranges are widened on each side by this share of the observed range: of its logarithm when every value is
 * positive (sizes, counts, prices and durations spread by factors: 10–1000 becomes 3.2–3,200), of the values
 * otherwise (never below 0 when no value was negative). Why: the extremes of a sample are the sample's, not the
 * source's — a second batch of m values from the same source falls outside [min, max] about 2m/(n + 1) times per
 * column (order statistics), so exact extremes fail healthy data. A column whose smallest value is 0 has no
 * logarithmic range: its upper half on the log scale (median to maximum) is extended by its own length, max ×
 * max/median, since such columns (amounts, counts, concavities) are skewed with long right tails. Measured on
 * random halves of real tables (bench/README.md#inferred-contracts).
 */
export const rangeMargin = 0.5;

/**
 * The class of a JSON/Parquet value, consistent with `makeJsonCoercer`: numbers by JavaScript type, strings
 * only as date/datetime when they parse as ISO ones (a quoted number stays a string), null for missing.
 */
export function classifyJsonValue(value: unknown): TextClass | 'any' | null {
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'bigint':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'string': {
      const textClass = classifyText(value);
      return textClass === 'date' || textClass === 'datetime' ? textClass : 'string';
    }
    case 'undefined':
      return null;
    case 'object':
      if (value === null) return null;
      if (value instanceof Date) return value.getTime() % 86_400_000 === 0 ? 'date' : 'datetime';
      return 'any';
    case 'function':
    case 'symbol':
      return 'any';
  }
}

/** The most specific type every non-null value parses as (integer ⊂ number), else string. */
export function inferType(types: ColumnSummary['types']): FieldType {
  const present = (Object.keys(types) as (keyof typeof types)[]).filter((key) => (types[key] ?? 0) > 0);
  if (present.includes('any')) return 'any';
  if (present.length === 0) return 'string';
  if (present.every((type) => type === 'integer')) return 'integer';
  if (present.every((type) => type === 'integer' || type === 'number')) return 'number';
  if (
    present.length === 1 &&
    (present[0] === 'boolean' || present[0] === 'date' || present[0] === 'datetime')
  ) {
    return present[0];
  }
  return 'string';
}

/** What inference wrote for each field, with what it saw (shown as comments beside the bounds). */
export interface InferredContract {
  document: ContractDocument;
  /** field name → constraint key → the observed value it was widened from, as text. */
  observed: Map<string, Record<string, string>>;
}

/** A contract document (the file's shape) that the summarised data passes, and more data from its source should. */
export function inferContract(columns: ColumnSummary[], rows: number): InferredContract {
  const observed = new Map<string, Record<string, string>>();
  const fields = columns.map((column) => {
    const notes: Record<string, string> = {};
    const field = inferField(column, notes);
    if (Object.keys(notes).length > 0) observed.set(column.name, notes);
    return field;
  });
  return { document: { fields, rowCount: [Math.floor(rows / 2), rows * 2], columns: 'strict' }, observed };
}

function inferField(column: ColumnSummary, observed: Record<string, string>): FieldDocument {
  const type = inferType(column.types);
  const field: FieldDocument = { name: column.name, type };
  const constraints: NonNullable<FieldDocument['constraints']> = {};
  // Never `required`: no missing value in this sample does not mean none in the next (see nullFractionBound).
  if (column.count > 0) {
    field.maxNullFraction = nullFractionBound(column.nulls, column.count);
    if (field.maxNullFraction < 1) observed.maxNullFraction = formatShare(column.nulls / column.count);
  }
  const values = enumValues(column, type);
  if (values) {
    constraints.enum = values;
  } else if (type === 'integer' || type === 'number') {
    if (column.min !== undefined && column.max !== undefined && Number.isFinite(column.min + column.max)) {
      const [low, high] = widenRange(column.min, column.max, type === 'integer', column.median);
      constraints.minimum = low;
      constraints.maximum = high;
      if (low !== column.min) observed.minimum = String(column.min);
      if (high !== column.max) observed.maximum = String(column.max);
    }
  } else if (type === 'date' || type === 'datetime') {
    // A minimum only: event times move forward, so a maximum inferred today would fail next week's batch.
    if (column.min !== undefined && column.max !== undefined && Number.isFinite(column.min + column.max)) {
      const unit = type === 'date' ? 1 : 86_400_000;
      const low = Math.floor((column.min - rangeMargin * (column.max - column.min)) / unit) * unit;
      constraints.minimum = displayValue(type, low);
      if (low !== column.min) observed.minimum = displayValue(type, column.min);
    }
  } else if (
    type === 'string' &&
    column.minLength !== undefined &&
    column.maxLength !== undefined &&
    // Lengths are measured on text values only: with numbers among them they would not bound every value.
    !column.types.integer &&
    !column.types.number
  ) {
    const [low, high] = widenRange(column.minLength, column.maxLength, true);
    // A length of 0 is an empty value, which is missing: no minLength then.
    if (low > 0) constraints.minLength = low;
    constraints.maxLength = high;
    if (low > 0 && low !== column.minLength) observed.minLength = String(column.minLength);
    if (high !== column.maxLength) observed.maxLength = String(column.maxLength);
  }
  if (Object.keys(constraints).length > 0) field.constraints = constraints;
  return field;
}

/**
 * The enum of a string or integer column whose values are few and all seen at least `minEnumCount` times (the
 * list is then likely complete), sorted; undefined otherwise.
 */
function enumValues(column: ColumnSummary, type: FieldType): (string | number)[] | undefined {
  let counted: { value: string | number; count: number }[] | undefined;
  if (type === 'string' && column.topValuesExact && column.distinct <= maxEnumValues)
    counted = column.topValues;
  else if (type === 'integer') counted = column.integerValues;
  if (!counted || counted.length === 0 || counted.length > maxEnumValues) return undefined;
  if (counted.some((item) => item.count < minEnumCount)) return undefined;
  const values = counted.map((item) => (type === 'integer' ? Number(item.value) : item.value));
  return type === 'integer' ? (values as number[]).sort((a, b) => a - b) : (values as string[]).sort();
}

/**
 * [min, max] widened by `rangeMargin` on each side (see there), rounded outward: to whole numbers for integers,
 * to 3 significant digits otherwise. A constant column keeps its one value.
 */
export function widenRange(min: number, max: number, integer: boolean, median?: number): [number, number] {
  if (!(max > min)) return [min, max];
  let low: number;
  let high: number;
  if (min > 0) {
    const factor = (max / min) ** rangeMargin;
    low = min / factor;
    high = max * factor;
  } else if (min === 0 && median !== undefined && median > 0) {
    low = 0;
    high = max * (max / median);
  } else {
    const pad = (max - min) * rangeMargin;
    low = min >= 0 ? Math.max(0, min - pad) : min - pad;
    high = max + pad;
  }
  if (integer) return [Math.floor(low), Math.ceil(high)];
  return [Math.min(min, roundOutward(low, -1)), Math.max(max, roundOutward(high, 1))];
}

/** x rounded to 3 significant digits, down (direction −1) or up (+1). */
function roundOutward(x: number, direction: -1 | 1): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const step = 10 ** (Math.floor(Math.log10(Math.abs(x))) - 2);
  const steps = direction < 0 ? Math.floor(x / step) : Math.ceil(x / step);
  // toPrecision drops the binary noise of steps × step (0.1 × 3 = 0.30000000000000004).
  return Number((steps * step).toPrecision(12));
}

/**
 * The null share another batch of the same size may have: the observed share plus 4 standard deviations of the
 * difference of two such shares, √(2p(1 − p)/n), with p = (nulls + 1)/(n + 2) (Laplace: never 0, so a column
 * with no missing value in 285 rows gets 0.0198), rounded up to 4 decimals; at most 1.
 */
export function nullFractionBound(nulls: number, count: number): number {
  const p = (nulls + 1) / (count + 2);
  const bound = nulls / count + 4 * Math.sqrt((2 * p * (1 - p)) / count);
  return Math.min(1, Math.ceil(bound * 10_000) / 10_000);
}

function formatShare(share: number): string {
  return String(Number(share.toPrecision(4)));
}

export interface InferredFrom {
  /** What the data was, as the user named it (paths or globs). */
  source: string;
  rows: number;
  generatedAt?: Date;
}

/** The contract as YAML, with a header saying where it came from, how each bound was inferred, and what was seen. */
export function renderContractYaml(inferred: InferredContract, from: InferredFrom): string {
  const { document, observed } = inferred;
  const when = (from.generatedAt ?? new Date()).toISOString();
  const lines = [
    `# mlgate data contract inferred by \`mlgate validate-data --infer\` on ${when}`,
    `# from ${oneLine(from.source)} (${from.rows} rows). That data passes it, and so should more from the same source:`,
    `# - type: the most specific type every value parses as (integer, number, boolean, date, datetime, string);`,
    `# - minimum/maximum: the observed range widened on each side by ${rangeMargin * 100}% of it (of its logarithm when`,
    '#   every value is positive; never below 0 when none was negative; up to max × max/median when the smallest',
    '#   is 0), whole numbers for integers; dates and datetimes get a minimum only (event times move forward: add',
    '#   freshness instead of a maximum);',
    `# - enum: string and integer columns with at most ${maxEnumValues} distinct values, each seen at least ${minEnumCount} times;`,
    '# - minLength/maxLength: the observed lengths widened the same way (exact when every value has one length);',
    '# - maxNullFraction: the observed share of missing values plus 4 standard deviations (add required: true',
    '#   where a missing value is an error: not seeing one in a sample does not show there are none);',
    '# - rowCount: half to twice the rows; columns: strict.',
    '# Comments show what was observed. Edit it: tighten ranges that mean something, add patterns, stats bounds and',
    '# drift settings, remove enums that are not real categories. Every key: docs/data-contracts.md',
    'fields:',
  ];
  for (const field of document.fields) {
    const seen = observed.get(field.name) ?? {};
    const note = (key: string) => (seen[key] === undefined ? '' : ` # observed ${oneLine(seen[key])}`);
    lines.push(`  - name: ${scalar(field.name)}`);
    if (field.type) lines.push(`    type: ${field.type}`);
    if (field.constraints) {
      lines.push('    constraints:');
      for (const [key, value] of Object.entries(field.constraints))
        lines.push(`      ${key}: ${scalar(value)}${note(key)}`);
    }
    if (field.maxNullFraction !== undefined)
      lines.push(`    maxNullFraction: ${field.maxNullFraction}${note('maxNullFraction')}`);
  }
  if (document.rowCount) lines.push(`rowCount: ${scalar(document.rowCount)}`);
  if (document.columns) lines.push(`columns: ${document.columns}`);
  return `${lines.join('\n')}\n`;
}

/** JSON is valid YAML flow syntax: quoting every string keeps "yes", "1.0" or "#x" as written. */
function scalar(value: unknown): string {
  return Array.isArray(value)
    ? `[${value.map((item) => JSON.stringify(item)).join(', ')}]`
    : JSON.stringify(value);
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
