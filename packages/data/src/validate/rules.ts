/**
 * What the streaming engine needs of a contract, compiled once before the data streams: per field a
 * parser, a constraint checker and the fast path for its bytes; per dataset the layout and row rules.
 */
// From the modules themselves, not the contract index: scan threads build rules without the contract loader.
import { fixedPositions, type AsciiDfa } from '../contract/ascii-dfa.js';
import type { Contract, FieldSpec, FieldValue } from '../contract/types.js';
import { makeConstraintChecker, makeJsonCoercer, makeMissingTest, makeParser } from '../contract/values.js';
import type { DriftSettings } from './drift.js';

export { INVALID } from '../contract/values.js';

export type StatBound = [number | null, number | null];

/** The parts of a contract field the checks report on. */
export interface FieldSpecView {
  name: string;
  mostly: number;
  maxNullFraction?: number;
  stats?: Record<string, StatBound>;
  /** The resolved drift check of the column, or false when the contract turns it off. */
  drift?: DriftSettings | false;
  severity: 'error' | 'warn';
  constraints: object;
  /** Where the field is declared in the contract, for annotations on stats checks. */
  file?: string;
  line?: number;
}

/** One broken constraint of one value. */
export interface Verdict {
  constraint: string;
  message: string;
}

export interface FieldRules {
  name: string;
  /** The Table Schema type ("integer", "date", …). */
  type: string;
  /** "integer", "ISO date", …: how a type failure is described. */
  typeLabel: string;
  /** Which byte-level parser may try first (default formats only); the full parser decides otherwise. */
  fastPath: 'number' | 'integer' | 'date' | 'datetime' | 'boolean' | 'none';
  /** For booleans: the bytes of each true and false value, matched without decoding. */
  booleanBytes: { bytes: Uint8Array; value: boolean }[];
  /** An empty CSV field is missing ('' is in missingValues). */
  emptyIsMissing: boolean;
  isMissing(text: string): boolean;
  /** A CSV/text value as the field's type, or INVALID. */
  parse(text: string): unknown;
  /** A JSON/Parquet value as the field's type, or INVALID. */
  coerce(raw: unknown): unknown;
  /** Every constraint a parsed value breaks (each is its own check), or undefined when it passes them all. */
  check(value: unknown): Verdict[] | undefined;
  /** The row-level constraints declared (minimum, pattern, …), each reported as its own check. */
  constraintNames: string[];
  required: boolean;
  unique: boolean;
  /**
   * For numeric fields whose only value constraints are bounds: the bounds, checked inline on the unboxed
   * number (the full checker runs only to word a failure).
   */
  numericBounds: { min: number; max: number; exclusiveMin: number; exclusiveMax: number } | undefined;
  /** Frequent values are counted (for categorical drift and the profile's top values); off when drift is off. */
  trackFrequent: boolean;
  /**
   * Plain text whose only checks are lengths and a pattern: hashed and measured from the bytes without making a
   * string, and matched by the pattern's DFA while they are ASCII (comments, free text, emails and ids), once no
   * frequent values are tracked for it (drift off, or tracking stopped on a near-unique column). A value is decoded
   * only when it fails, or when the pattern has no DFA or the value is not ASCII.
   */
  lightText:
    | {
        minLength: number;
        maxLength: number;
        pattern: AsciiDfa | undefined;
        /** The pattern's allowed bytes by position, when it is read so (`fixedPositions`). */
        positions: Uint8Array | undefined;
        hasPattern: boolean;
      }
    | undefined;
  /** A string field's allowed values (`enum`), found from a CSV cell's bytes without decoding (FixedTexts). */
  enumTexts: string[] | undefined;
  spec: FieldSpecView;
}

export interface DatasetRules {
  fields: FieldRules[];
  columns: 'strict' | 'ignore-order' | 'allow-extra';
  duplicateRows: 'allow' | 'warn' | 'error';
  primaryKey: string[];
  rowCount?: { min?: number; max?: number };
  freshness?: { column: string; maxAgeMs: number; maxAgeText: string; severity: 'error' | 'warn' };
  /** Validates one JSON record against the contract's record schema: a message, or undefined when valid. */
  recordSchema?: (record: object) => string | undefined;
  drift: {
    numeric: DriftSettings;
    categorical: DriftSettings;
    minRows: number;
    datasetShare: number;
  };
  /** The contract file, for annotations of checks declared there. */
  contractFile?: string;
}

/** The constraint each of makeConstraintChecker's reasons is about. */
const REASON_CONSTRAINTS: [string, string][] = [
  ['below minimum', 'minimum'],
  ['above maximum', 'maximum'],
  ['NaN is outside', 'minimum'],
  ['not above exclusiveMinimum', 'exclusiveMinimum'],
  ['not below exclusiveMaximum', 'exclusiveMaximum'],
  ['does not match pattern', 'pattern'],
  ['not in enum', 'enum'],
];

function constraintOf(reason: string): string {
  if (reason.includes('maxLength')) return 'maxLength';
  if (reason.includes('minLength')) return 'minLength';
  return REASON_CONSTRAINTS.find(([prefix]) => reason.startsWith(prefix))?.[1] ?? 'constraints';
}

const ROW_CONSTRAINTS = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'enum',
];

const TYPE_LABELS: Record<string, string> = {
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
  year: 'year',
  string: 'string',
  any: 'value',
};

export function fieldRules(field: FieldSpec): FieldRules {
  const declared = ROW_CONSTRAINTS.filter(
    (name) => (field.constraints as unknown as Record<string, unknown>)[name] !== undefined,
  );
  const fastPath = fastPathOf(field);
  const format = field.format !== 'default' ? ` (format ${field.format})` : '';
  return {
    name: field.name,
    type: field.type,
    typeLabel: `${TYPE_LABELS[field.type] ?? field.type}${format}`,
    fastPath,
    booleanBytes: [
      ...field.trueValues.map((text) => ({ bytes: Buffer.from(text), value: true })),
      ...field.falseValues.map((text) => ({ bytes: Buffer.from(text), value: false })),
    ],
    emptyIsMissing: field.missingValues.includes(''),
    isMissing: makeMissingTest(field.missingValues),
    parse: makeParser(field),
    coerce: makeJsonCoercer(field),
    check: makeVerdictChecker(field, declared),
    constraintNames: declared,
    required: field.constraints.required,
    unique: field.constraints.unique,
    trackFrequent: field.drift !== false,
    numericBounds:
      fastPath !== 'none' && field.constraints.enum === undefined
        ? {
            min: field.constraints.minimum ?? -Infinity,
            max: field.constraints.maximum ?? Infinity,
            exclusiveMin: field.constraints.exclusiveMinimum ?? -Infinity,
            exclusiveMax: field.constraints.exclusiveMaximum ?? Infinity,
          }
        : undefined,
    lightText: lightTextOf(field),
    enumTexts:
      field.type === 'string' && field.constraints.enum !== undefined
        ? field.constraints.enum.filter((value) => typeof value === 'string')
        : undefined,
    spec: {
      name: field.name,
      mostly: field.mostly,
      maxNullFraction: field.maxNullFraction,
      stats: field.stats,
      drift: field.drift,
      severity: field.severity,
      constraints: field.constraints,
      file: field.file,
      line: field.line,
    },
  };
}

/**
 * A value's verdicts: undefined when it passes; else one verdict per constraint it breaks (each constraint's own
 * checker runs only when the combined one fails: a value may break several).
 */
function makeVerdictChecker(field: FieldSpec, declared: string[]): FieldRules['check'] {
  const checker = makeConstraintChecker(field);
  const singles = declared.map((name) =>
    makeConstraintChecker({
      type: field.type,
      constraints: {
        required: false,
        unique: false,
        [name]: (field.constraints as unknown as Record<string, unknown>)[name],
      },
      pattern: name === 'pattern' ? field.pattern : undefined,
    }),
  );
  // One verdict object per distinct reason: failing values allocate only the list.
  const verdicts = new Map<string, Verdict>();
  const verdict = (reason: string): Verdict => {
    let known = verdicts.get(reason);
    if (!known) {
      known = { constraint: constraintOf(reason), message: reason };
      verdicts.set(reason, known);
    }
    return known;
  };
  return (value: unknown): Verdict[] | undefined => {
    const reason = checker(value as FieldValue);
    if (reason === null) return undefined;
    if (singles.length <= 1) return [verdict(reason)];
    const failed: Verdict[] = [];
    for (const single of singles) {
      const one = single(value as FieldValue);
      if (one !== null) failed.push(verdict(one));
    }
    return failed.length ? failed : [verdict(reason)];
  };
}

/** How a CSV cell of this field is read straight from its bytes (numbers, dates and booleans in default formats). */
function fastPathOf(field: FieldSpec): FieldRules['fastPath'] {
  const defaultNumber = field.decimalChar === '.' && field.groupChar === '' && field.bareNumber;
  if (field.type === 'number' && defaultNumber) return 'number';
  if (field.type === 'integer' && defaultNumber) return 'integer';
  if (field.type === 'date' && field.format === 'default') return 'date';
  if (field.type === 'datetime' && field.format === 'default') return 'datetime';
  if (field.type === 'boolean') return 'boolean';
  return 'none';
}

/** Plain strings checked only for lengths and pattern: measured and matched from the bytes. */
function lightTextOf(field: FieldSpec): FieldRules['lightText'] {
  if (
    field.type !== 'string' ||
    field.format !== 'default' ||
    field.constraints.unique ||
    field.constraints.enum !== undefined ||
    !field.missingValues.every((missing) => missing === '')
  )
    return undefined;
  return {
    minLength: field.constraints.minLength ?? 0,
    maxLength: field.constraints.maxLength ?? Infinity,
    pattern: field.pattern?.ascii,
    positions: field.pattern?.ascii ? fixedPositions(field.pattern.ascii) : undefined,
    hasPattern: field.constraints.pattern !== undefined,
  };
}

/** A contract as plain data (what scan threads receive): all that rules are built from. */
export type ContractData = Omit<Contract, 'lineOf'>;

/** The contract without its functions, to post to a scan thread (record schemas apply to JSON, not CSV). */
export function contractData(contract: Contract): ContractData {
  const { lineOf: _lineOf, recordSchema: _recordSchema, ...data } = contract;
  return data;
}

export function buildRules(contract: ContractData): DatasetRules {
  const recordSchema = contract.recordSchema;
  return {
    fields: contract.fields.map(fieldRules),
    columns: contract.columns,
    duplicateRows: contract.duplicateRows,
    primaryKey: contract.primaryKey,
    rowCount:
      contract.rowCount.min !== undefined || contract.rowCount.max !== undefined
        ? contract.rowCount
        : undefined,
    freshness: contract.freshness && {
      column: contract.freshness.column,
      maxAgeMs: contract.freshness.maxAgeMs,
      maxAgeText: contract.freshness.maxAge,
      severity: contract.freshness.severity,
    },
    recordSchema: recordSchema && ((record) => recordSchema.check(record) ?? undefined),
    drift: contract.drift,
    contractFile: contract.file,
  };
}
