/**
 * `mlgate validate-data --infer`: a starting contract that the data it was inferred from passes, for a user
 * to edit. Inference is deliberately loose where a tight bound would be a guess (row count, null fraction).
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
  /** String lengths in characters (code points), as Frictionless counts them. */
  minLength?: number;
  maxLength?: number;
  /** Estimate. */
  distinct: number;
  topValues: { value: string; count: number }[];
  topValuesExact: boolean;
}

/** Enums are proposed only for columns with at most this many distinct values. */
export const maxEnumValues = 20;

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
    default:
      if (value === null) return null;
      if (value instanceof Date) return value.getTime() % 86_400_000 === 0 ? 'date' : 'datetime';
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

/** A contract document (the file's shape) that the summarised data passes. */
export function inferContract(columns: ColumnSummary[], rows: number): ContractDocument {
  return {
    fields: columns.map(inferField),
    rowCount: [Math.floor(rows / 2), rows * 2],
    columns: 'strict',
  };
}

function inferField(column: ColumnSummary): FieldDocument {
  const type = inferType(column.types);
  const field: FieldDocument = { name: column.name, type };
  const constraints: NonNullable<FieldDocument['constraints']> = {};
  if (column.nulls === 0 && column.count > 0) constraints.required = true;
  if (column.nulls > 0) {
    // Rounded up, so the observed fraction passes.
    field.maxNullFraction = Math.min(1, Math.ceil((column.nulls / column.count) * 10_000) / 10_000);
  }
  const ranged = type === 'integer' || type === 'number' || type === 'date' || type === 'datetime';
  if (ranged && column.min !== undefined && Number.isFinite(column.min)) {
    constraints.minimum =
      type === 'date' || type === 'datetime' ? displayValue(type, column.min) : column.min;
  }
  if (ranged && column.max !== undefined && Number.isFinite(column.max)) {
    constraints.maximum =
      type === 'date' || type === 'datetime' ? displayValue(type, column.max) : column.max;
  }
  if (type === 'string') {
    if (column.minLength !== undefined) constraints.minLength = column.minLength;
    if (column.maxLength !== undefined) constraints.maxLength = column.maxLength;
  }
  const nonNull = column.count - column.nulls;
  const fewValues =
    column.topValuesExact &&
    column.topValues.length > 0 &&
    column.topValues.length <= maxEnumValues &&
    column.distinct <= maxEnumValues &&
    // Values must repeat: a small file's ID column is not a category.
    nonNull >= 2 * column.topValues.length;
  if (fewValues && (type === 'string' || type === 'integer')) {
    const values = [...column.topValues].map((top) => top.value).sort();
    constraints.enum = type === 'integer' ? values.map(Number).sort((a, b) => a - b) : values;
  }
  if (Object.keys(constraints).length > 0) field.constraints = constraints;
  return field;
}

export interface InferredFrom {
  /** What the data was, as the user named it (paths or globs). */
  source: string;
  rows: number;
  generatedAt?: Date;
}

/** The contract as YAML, with a header saying where it came from and that it is meant to be edited. */
export function renderContractYaml(document: ContractDocument, from: InferredFrom): string {
  const when = (from.generatedAt ?? new Date()).toISOString();
  const lines = [
    `# mlgate data contract inferred by \`mlgate validate-data --infer\` on ${when}`,
    `# from ${oneLine(from.source)} (${from.rows} rows).`,
    '# The data it was inferred from passes it. Edit it: tighten ranges, add patterns, stats bounds and',
    '# drift settings, remove enums that are not real categories. Every key: docs/data-contracts.md',
    'fields:',
  ];
  for (const field of document.fields) {
    lines.push(`  - name: ${scalar(field.name)}`);
    if (field.type) lines.push(`    type: ${field.type}`);
    if (field.constraints) {
      lines.push('    constraints:');
      for (const [key, value] of Object.entries(field.constraints))
        lines.push(`      ${key}: ${scalar(value)}`);
    }
    if (field.maxNullFraction !== undefined) lines.push(`    maxNullFraction: ${field.maxNullFraction}`);
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
