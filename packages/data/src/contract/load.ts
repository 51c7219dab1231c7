/**
 * Loads a data contract (YAML or JSON): schema errors, misspelled keys and contradictions become
 * ConfigurationErrors naming the file, the line and the key path; everything else is resolved to a `Contract`.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AnySchema, ErrorObject, ValidateFunction } from 'ajv';
import {
  closestKey,
  compileSchema,
  ConfigurationError,
  describeSchemaError,
  mostSpecificError,
  parseConfigText,
  parseDuration,
  readablePath,
  type SourceLocation,
} from '@mlgate/core';
import { isDataPackage, pickResource, type ResourceChoice } from './datapackage.js';
import type { SafePattern } from './regex.js';
import { contractSchema, quantileStatPattern } from './schema.js';
import {
  categoricalDriftStatistics,
  fieldTypes,
  isNumericType,
  numericDriftStatistics,
  type Contract,
  type DriftDefaults,
  type DriftSpec,
  type DriftStatistic,
  type DriftTarget,
  type FieldConstraints,
  type FieldSpec,
  type FieldType,
  type FieldValue,
  type FreshnessSpec,
  type RecordSchemaSpec,
  type StatBound,
} from './types.js';
import {
  INVALID,
  defaultFalseValues,
  defaultTrueValues,
  formatProblem,
  makeParser,
  parseIsoDate,
  parseIsoDatetime,
  type ParserOptions,
  type ValueParser,
} from './values.js';

type KeyPath = (string | number)[];

/** Without `warn`/`fail` the levels are calibrated to each comparison's sample sizes (drift/thresholds.ts). */
export const defaultDrift: DriftDefaults = {
  numeric: { statistic: 'psi' },
  categorical: { statistic: 'jensen_shannon' },
  minRows: 100,
  datasetShare: 0.5,
};

/** Frictionless types mlgate does not validate: named so the error can say "use string". */
const otherFrictionlessTypes = [
  'object',
  'array',
  'time',
  'yearmonth',
  'duration',
  'geopoint',
  'geojson',
  'list',
];

/**
 * Loads a contract file: a Table Schema with mlgate's keys, or a Frictionless Data Package, whose resource `choice`
 * picks (by name, else by the data files' paths) and whose schema becomes the contract. The file is read once: its
 * `digest` (SHA-256 of those bytes) is what a sharded run compares between its jobs.
 */
export async function loadContract(
  file: string,
  displayName = file,
  choice?: ResourceChoice,
): Promise<Contract> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigurationError(
      code === 'ENOENT' ? 'contract not found' : `cannot read contract: ${String(error)}`,
      {
        file: displayName,
      },
    );
  }
  const contract = await parseContract(bytes.toString('utf8'), displayName, path.dirname(file), choice);
  // A Data Package's schema file has a digest of its own: the package's bytes are what the jobs share.
  return { ...contract, digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}` };
}

/**
 * Parses contract text. `baseDir` resolves a `recordSchema` path, a Data Package's resource paths and schema file
 * (default: the contract file's folder).
 */
export async function parseContract(
  text: string,
  file: string,
  baseDir = path.dirname(file),
  choice?: ResourceChoice,
): Promise<Contract> {
  // First pass: YAML only, so misspelled keys get "did you mean" before the schema's generic message.
  const loose = parseConfigText<unknown>(text, anything, file, 'contract');
  // A Data Package: its chosen resource's schema is the contract, found at this key path of the package.
  let prefix: KeyPath = [];
  let document = loose.value;
  if (isDataPackage(loose.value)) {
    const resource = pickResource(loose.value, file, baseDir, loose.lineOf, choice);
    if (typeof resource.schema === 'string') {
      const schemaFile = path.resolve(baseDir, resource.schema);
      return loadContract(schemaFile, path.join(path.dirname(file), resource.schema));
    }
    prefix = ['resources', resource.index, 'schema'];
    document = resource.schema;
  }
  const lineOf = (keyPath: KeyPath) => loose.lineOf([...prefix, ...keyPath]);
  rejectMisspelledKeys(document, file, lineOf, prefix);
  let value: ContractDocument;
  if (prefix.length > 0) {
    validateResourceSchema(document, prefix, file, loose.lineOf);
    value = document as ContractDocument;
  } else value = parseConfigText<ContractDocument>(text, contractSchema, file, 'contract').value;
  const fail = (keyPath: KeyPath, message: string): never => {
    const field = readablePath(pointer([...prefix, ...keyPath]));
    throw new ConfigurationError(`${field}: ${message}`, { file, line: lineOf(keyPath), field });
  };

  const drift = resolveDriftDefaults(value.drift, fail);
  // The pattern checker (refa, scslre: most of a bundle's bytes) is loaded only for a contract that has patterns.
  const compilePattern = value.fields.some((field) => field.constraints?.pattern !== undefined)
    ? (await import('./regex.js')).compileSafePattern
    : noPatterns;
  const missingValues = value.missingValues ?? [''];
  const seen = new Map<string, number>();
  const fields = value.fields.map((raw, index) => {
    const previous = seen.get(raw.name);
    if (previous !== undefined) {
      fail(['fields', index, 'name'], `duplicate field name "${raw.name}" (also fields[${previous}])`);
    }
    seen.set(raw.name, index);
    return resolveField(raw, index, { file, missingValues, drift, fail, lineOf, compilePattern });
  });
  const byName = new Map(fields.map((field) => [field.name, field]));

  const primaryKey =
    value.primaryKey === undefined
      ? []
      : typeof value.primaryKey === 'string'
        ? [value.primaryKey]
        : value.primaryKey;
  primaryKey.forEach((name, index) => {
    if (!byName.has(name)) {
      const keyPath = typeof value.primaryKey === 'string' ? ['primaryKey'] : ['primaryKey', index];
      fail(keyPath, `primaryKey names "${name}", which is not a field`);
    }
  });

  const rowCount = rowCountOf(value.rowCount, fail);
  const freshness = value.freshness && freshnessOf(value.freshness, byName, fail, lineOf);

  let recordSchema: RecordSchemaSpec | undefined;
  if (value.recordSchema !== undefined) {
    recordSchema = await loadRecordSchema(value.recordSchema, baseDir, lineOf(['recordSchema']) ?? 1, fail);
  }

  return {
    file,
    fields,
    missingValues,
    primaryKey,
    rowCount,
    columns: value.columns ?? 'strict',
    duplicateRows: value.duplicateRows ?? 'allow',
    freshness,
    recordSchema,
    drift,
    lineOf,
  };
}

type Fail = (keyPath: KeyPath, message: string) => never;

/** `rowCount: [low, high]` as bounds (null: none), the low one not above the high one. */
function rowCountOf(bounds: ContractDocument['rowCount'], fail: Fail): Contract['rowCount'] {
  const rowCount: Contract['rowCount'] = {};
  if (bounds) {
    const [low, high] = bounds;
    if (low !== null && high !== null && low > high)
      fail(['rowCount'], `low bound ${low} is above high bound ${high}`);
    if (low !== null) rowCount.min = low;
    if (high !== null) rowCount.max = high;
  }
  return rowCount;
}

/** `freshness:` on a date or datetime field of the contract, its maximum age in milliseconds. */
function freshnessOf(
  { column, maxAge, severity }: NonNullable<ContractDocument['freshness']>,
  byName: Map<string, FieldSpec>,
  fail: Fail,
  lineOf: (keyPath: KeyPath) => number | undefined,
): FreshnessSpec {
  const target = byName.get(column);
  if (!target) fail(['freshness', 'column'], `"${column}" is not a field`);
  if (target && target.type !== 'date' && target.type !== 'datetime') {
    fail(
      ['freshness', 'column'],
      `"${column}" is a ${target.type} field; freshness needs a date or datetime field`,
    );
  }
  return {
    column,
    maxAge,
    // The schema requires the unit ("36h"), so this never reads a number alone.
    maxAgeMs: parseDuration('"freshness.maxAge"', maxAge, { examples: '90m, 36h or 1.5d' }),
    severity: severity ?? 'error',
    line: lineOf(['freshness']) ?? 1,
  };
}

// ---------------------------------------------------------------- the document as written

interface DriftDocument {
  statistic?: DriftStatistic;
  warn?: number;
  fail?: number;
  on?: DriftTarget;
}

interface FieldDocument {
  name: string;
  type?: FieldType;
  format?: string;
  constraints?: {
    required?: boolean;
    unique?: boolean;
    minimum?: number | string;
    maximum?: number | string;
    exclusiveMinimum?: number | string;
    exclusiveMaximum?: number | string;
    minLength?: number;
    maxLength?: number;
    pattern?: string;
    enum?: (string | number | boolean)[];
  };
  trueValues?: string[];
  falseValues?: string[];
  decimalChar?: string;
  groupChar?: string;
  bareNumber?: boolean;
  missingValues?: string[];
  mostly?: number;
  maxNullFraction?: number;
  stats?: Record<string, [number | string | null, number | string | null]>;
  drift?: boolean | DriftDocument;
  severity?: 'error' | 'warn';
}

/** The contract file's shape (what `inferContract` produces and `renderContractYaml` writes). */
export interface ContractDocument {
  fields: FieldDocument[];
  missingValues?: string[];
  primaryKey?: string | string[];
  rowCount?: [number | null, number | null];
  columns?: Contract['columns'];
  duplicateRows?: Contract['duplicateRows'];
  freshness?: { column: string; maxAge: string; severity?: 'error' | 'warn' };
  recordSchema?: string | Record<string, unknown>;
  drift?: { numeric?: DriftDocument; categorical?: DriftDocument; minRows?: number; datasetShare?: number };
}
export type { FieldDocument };

// ---------------------------------------------------------------- fields

interface FieldContext {
  file: string;
  missingValues: string[];
  drift: DriftDefaults;
  fail: (keyPath: KeyPath, message: string) => never;
  lineOf: (keyPath: KeyPath) => number | undefined;
  compilePattern: (source: string, location: SourceLocation) => SafePattern;
}

/** The pattern compiler of a contract without patterns: never called. */
const noPatterns = (): never => {
  throw new Error('internal: a pattern in a contract loaded without the pattern checker');
};

const stringOnlyConstraints = ['minLength', 'maxLength', 'pattern'] as const;
const rangeConstraints = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const;

function resolveField(raw: FieldDocument, index: number, context: FieldContext): FieldSpec {
  const { fail } = context;
  const at = (...rest: KeyPath): KeyPath => ['fields', index, ...rest];
  const options = fieldParserOptions(raw, at, fail);
  const parse = makeParser(options);
  const { constraints, pattern } = fieldConstraints(raw, options.type, parse, at, context);
  return {
    name: raw.name,
    index,
    ...options,
    constraints,
    pattern,
    missingValues: raw.missingValues ?? context.missingValues,
    mostly: raw.mostly ?? 1,
    maxNullFraction: raw.maxNullFraction,
    stats: fieldStats(raw, options.type, parse, at, fail),
    drift: resolveFieldDrift(raw.drift, options.type, context.drift, (message) => fail(at('drift'), message)),
    severity: raw.severity ?? 'error',
    file: context.file,
    line: context.lineOf(at()) ?? 1,
  };
}

type FieldPath = (...rest: KeyPath) => KeyPath;

/** How a field's cells are read: its type, format and the texts of booleans and numbers, checked for conflicts. */
function fieldParserOptions(raw: FieldDocument, at: FieldPath, fail: FieldContext['fail']): ParserOptions {
  const type: FieldType = raw.type ?? 'string';
  const format = raw.format ?? 'default';
  const problem = formatProblem(type, format);
  if (problem) fail(at('format'), problem);

  const options: ParserOptions = {
    type,
    format,
    trueValues: raw.trueValues ?? defaultTrueValues,
    falseValues: raw.falseValues ?? defaultFalseValues,
    decimalChar: raw.decimalChar ?? '.',
    groupChar: raw.groupChar ?? '',
    bareNumber: raw.bareNumber ?? true,
  };
  const overlap = options.trueValues.find((text) => options.falseValues.includes(text));
  if (overlap !== undefined) fail(at('trueValues'), `"${overlap}" is in both trueValues and falseValues`);
  if (options.decimalChar === options.groupChar)
    fail(at('groupChar'), 'groupChar is the same as decimalChar');
  return options;
}

/** The field's constraints in its own type, each checked against the type and against each other. */
function fieldConstraints(
  raw: FieldDocument,
  type: FieldType,
  parse: ValueParser,
  at: FieldPath,
  context: FieldContext,
): { constraints: FieldConstraints; pattern: FieldSpec['pattern'] } {
  const { fail } = context;
  const written = raw.constraints ?? {};
  const constraints: FieldConstraints = {
    required: written.required ?? false,
    unique: written.unique ?? false,
  };
  const numeric = isNumericType(type);
  const textual = type === 'string' || type === 'any';
  for (const key of rangeConstraints) {
    const bound = written[key];
    if (bound === undefined) continue;
    if (!numeric)
      fail(at('constraints', key), `${key} applies to number, integer, year, date and datetime fields`);
    constraints[key] = typedBound(type, bound, parse, (message) => fail(at('constraints', key), message));
  }
  for (const key of stringOnlyConstraints) {
    if (written[key] !== undefined && !textual) {
      fail(at('constraints', key), `${key} applies to string fields (this field is ${type})`);
    }
  }
  checkOrdered(constraints.minimum, constraints.maximum, () =>
    fail(
      at('constraints', 'minimum'),
      `minimum ${String(written.minimum)} is above maximum ${String(written.maximum)}`,
    ),
  );
  checkOrdered(written.minLength, written.maxLength, () =>
    fail(
      at('constraints', 'minLength'),
      `minLength ${written.minLength} is above maxLength ${written.maxLength}`,
    ),
  );
  if (written.minLength !== undefined) constraints.minLength = written.minLength;
  if (written.maxLength !== undefined) constraints.maxLength = written.maxLength;
  if (written.enum !== undefined) {
    constraints.enum = written.enum.map((entry, position) =>
      typedEnumValue(type, entry, parse, (message) => fail(at('constraints', 'enum', position), message)),
    );
  }
  let pattern: FieldSpec['pattern'];
  if (written.pattern !== undefined) {
    constraints.pattern = written.pattern;
    pattern = context.compilePattern(written.pattern, {
      file: context.file,
      line: context.lineOf(at('constraints', 'pattern')),
      field: raw.name,
    });
  }
  return { constraints, pattern };
}

/** Calls `refuse` when both bounds are given and the low one is above the high one. */
function checkOrdered(low: number | undefined, high: number | undefined, refuse: () => void): void {
  if (low !== undefined && high !== undefined && low > high) refuse();
}

/** The field's `stats:` bounds in its own type (a date's mean is a date); `distinct` and `std` take numbers. */
function fieldStats(
  raw: FieldDocument,
  type: FieldType,
  parse: ValueParser,
  at: FieldPath,
  fail: FieldContext['fail'],
): Record<string, StatBound> {
  const numeric = isNumericType(type);
  const stats: Record<string, StatBound> = {};
  for (const [name, [low, high]] of Object.entries(raw.stats ?? {})) {
    const statFail = (message: string) => fail(at('stats', name), message);
    if (name !== 'distinct' && !numeric)
      statFail(`${name} applies to number, integer, year, date and datetime fields`);
    const toNumber = (side: number | string | null): number | null => {
      if (side === null) return null;
      if (typeof side === 'string' && (name === 'std' || name === 'distinct'))
        statFail(`bounds of ${name} are numbers`);
      return typedBound(type, side, parse, statFail);
    };
    const bound: StatBound = [toNumber(low), toNumber(high)];
    if (bound[0] !== null && bound[1] !== null && bound[0] > bound[1]) {
      statFail(`low bound ${String(low)} is above high bound ${String(high)}`);
    }
    stats[name] = bound;
  }
  return stats;
}

/**
 * A bound in the field's units: numbers for number/integer/year; for date and datetime, text in the field's
 * format or ISO 8601, turned into epoch days or milliseconds.
 */
function typedBound(
  type: FieldType,
  bound: number | string,
  parse: (text: string) => FieldValue | typeof INVALID,
  fail: (message: string) => never,
): number {
  if (type === 'date' || type === 'datetime') {
    if (typeof bound !== 'string') fail(`write ${type} bounds as text, e.g. "2024-01-31"`);
    let parsed = parse(bound);
    if (parsed === INVALID) parsed = type === 'date' ? parseIsoDate(bound) : parseIsoDatetime(bound);
    if (parsed === INVALID) fail(`"${String(bound)}" is not a ${type}`);
    return parsed as number;
  }
  if (typeof bound === 'number') return bound;
  const parsed = parse(bound);
  if (typeof parsed !== 'number') fail(`"${bound}" is not a number`);
  return parsed;
}

function typedEnumValue(
  type: FieldType,
  entry: string | number | boolean,
  parse: (text: string) => FieldValue | typeof INVALID,
  fail: (message: string) => never,
): FieldValue {
  if (typeof entry === 'string') {
    const parsed = parse(entry);
    if (parsed === INVALID) fail(`enum value "${entry}" is not a valid ${type}`);
    return parsed;
  }
  if (type === 'string' || type === 'any') return String(entry); // YAML read `enum: [1, 2]` as numbers
  if (
    typeof entry === 'number' &&
    (type === 'number' || ((type === 'integer' || type === 'year') && Number.isInteger(entry)))
  ) {
    return entry;
  }
  if (typeof entry === 'boolean' && type === 'boolean') return entry;
  return fail(`enum value ${JSON.stringify(entry)} is not a valid ${type}`);
}

// ---------------------------------------------------------------- drift

function resolveDriftDefaults(
  written: ContractDocument['drift'],
  fail: (keyPath: KeyPath, message: string) => never,
): DriftDefaults {
  return {
    numeric: mergeDrift(defaultDrift.numeric, written?.numeric, 'numeric', (m) =>
      fail(['drift', 'numeric'], m),
    ),
    categorical: mergeDrift(defaultDrift.categorical, written?.categorical, 'categorical', (m) =>
      fail(['drift', 'categorical'], m),
    ),
    minRows: written?.minRows ?? defaultDrift.minRows,
    datasetShare: written?.datasetShare ?? defaultDrift.datasetShare,
  };
}

function resolveFieldDrift(
  written: FieldDocument['drift'],
  type: FieldType,
  defaults: DriftDefaults,
  fail: (message: string) => never,
): DriftSpec | false {
  if (written === false) return false;
  const calendar = type === 'date' || type === 'datetime';
  // Event times move forward by construction: their drift is compared only when the field asks for it.
  if (calendar && written === undefined) return false;
  const spec = written === true ? undefined : written;
  const on = spec?.on ?? 'value';
  if (on !== 'value' && !calendar) fail(`on: ${on} needs a date or datetime field (this one is ${type})`);
  if (on === 'hourOfDay' && type === 'date')
    fail('on: hourOfDay needs a datetime field (a date has no hour)');
  const kind = isNumericType(type) && on === 'value' ? 'numeric' : 'categorical';
  const resolved = mergeDrift(defaults[kind], spec && { ...spec, on: undefined }, kind, fail);
  return on === 'value' ? resolved : { ...resolved, on };
}

/** A named statistic without thresholds takes that statistic's defaults, not the replaced one's. */
function mergeDrift(
  base: DriftSpec,
  written: DriftDocument | undefined,
  kind: 'numeric' | 'categorical',
  fail: (message: string) => never,
): DriftSpec {
  if (!written) return base;
  const statistic = written.statistic ?? base.statistic;
  const allowed: readonly string[] = kind === 'numeric' ? numericDriftStatistics : categoricalDriftStatistics;
  if (!allowed.includes(statistic)) {
    fail(`${statistic} is not a ${kind} drift statistic (use ${allowed.join(' or ')})`);
  }
  // Levels written for one statistic do not carry over to another; unwritten levels are calibrated.
  const inherited: DriftSpec = statistic === base.statistic ? base : { statistic };
  const spec: DriftSpec = { statistic };
  const warn = written.warn ?? inherited.warn;
  const failAt = written.fail ?? inherited.fail;
  if (warn !== undefined) spec.warn = warn;
  if (failAt !== undefined) spec.fail = failAt;
  if (warn !== undefined && failAt !== undefined && warn > failAt)
    fail(`warn ${warn} is above fail ${failAt}`);
  return spec;
}

// ---------------------------------------------------------------- recordSchema

async function loadRecordSchema(
  written: string | Record<string, unknown>,
  baseDir: string,
  line: number,
  fail: (keyPath: KeyPath, message: string) => never,
): Promise<RecordSchemaSpec> {
  let schema: unknown = written;
  let source = '(inline)';
  if (typeof written === 'string') {
    source = written;
    const target = path.resolve(baseDir, written);
    let text = '';
    try {
      text = await readFile(target, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      fail(
        ['recordSchema'],
        code === 'ENOENT'
          ? `${written} not found (resolved to ${target})`
          : `cannot read ${written}: ${String(error)}`,
      );
    }
    try {
      schema = parseConfigText<unknown>(text, anything, written, 'recordSchema').value;
    } catch (error) {
      fail(['recordSchema'], `${written} is not valid JSON or YAML: ${(error as Error).message}`);
    }
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    fail(['recordSchema'], 'must be a JSON Schema object');
  }
  let validate: ValidateFunction;
  try {
    // ajv and the pattern checker load here, not with this module: most contracts have no record schema.
    const { recordSchemaAjv } = await import('./record-schema.js');
    validate = recordSchemaAjv(schema as { $schema?: unknown }).compile(schema as AnySchema);
  } catch (error) {
    return fail(['recordSchema'], `does not compile as a JSON Schema: ${(error as Error).message}`);
  }
  return {
    source,
    line,
    check(record) {
      if (validate(record)) return null;
      const error = (validate.errors as ErrorObject[])[0];
      return `${error.instancePath || '(record)'}: ${error.message ?? 'is invalid'}`;
    },
  };
}

// ---------------------------------------------------------------- misspelled keys

const anything = {};

/**
 * Validates a Data Package resource's schema (at `prefix` in the package) against the contract schema; an error
 * names the package's line and the key path from the package's top (`resources[1].schema.fields[0].type`).
 */
function validateResourceSchema(
  document: unknown,
  prefix: KeyPath,
  file: string,
  lineOf: (keyPath: KeyPath) => number | undefined,
): void {
  const validate = compileSchema(contractSchema);
  if (validate(document)) return;
  const error = { ...mostSpecificError(validate.errors ?? []) };
  error.instancePath = pointer(prefix) + error.instancePath;
  const { field, message, hint } = describeSchemaError(error);
  const keyPath: KeyPath = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  if (error.keyword === 'additionalProperties')
    keyPath.push(String((error.params as Record<string, unknown>).additionalProperty));
  throw new ConfigurationError(`${field}: ${message}`, { file, line: lineOf(keyPath), field }, hint);
}

type KeySet = { keys: string[]; pattern?: RegExp };
const propertiesOf = (schema: { properties: object }): string[] => Object.keys(schema.properties);
const fieldSchema = contractSchema.properties.fields.items;
const topKeys: KeySet = { keys: propertiesOf(contractSchema) };
const fieldKeys: KeySet = { keys: propertiesOf(fieldSchema) };
const nested: Record<string, KeySet> = {
  constraints: { keys: propertiesOf(fieldSchema.properties.constraints) },
  stats: { keys: propertiesOf(fieldSchema.properties.stats), pattern: new RegExp(quantileStatPattern) },
  drift: { keys: propertiesOf(contractSchema.properties.drift) },
  driftSpec: { keys: propertiesOf(contractSchema.properties.drift.properties.numeric) },
  fieldDrift: { keys: propertiesOf(fieldSchema.properties.drift) },
  freshness: { keys: propertiesOf(contractSchema.properties.freshness) },
};

/**
 * Frictionless lets descriptors carry custom properties, so an unknown key alone is no error; one within two
 * edits of a known key (or differing only in case) is almost surely a typo that would silently drop a check.
 */
function rejectMisspelledKeys(
  document: unknown,
  file: string,
  lineOf: (keyPath: KeyPath) => number | undefined,
  /** Where the contract sits in the file (a Data Package resource's schema), for the field names shown. */
  prefix: KeyPath = [],
): void {
  const check = (value: unknown, keySet: KeySet, at: KeyPath) => {
    if (!isObject(value)) return;
    for (const key of Object.keys(value)) {
      if (keySet.keys.includes(key) || keySet.pattern?.test(key)) continue;
      const suggestion = closestKey(key, keySet.keys);
      if (suggestion === undefined) continue;
      const where = readablePath(pointer([...prefix, ...at, key]));
      throw new ConfigurationError(`unknown key ${key}; did you mean ${suggestion}?`, {
        file,
        line: lineOf([...at, key]),
        field: where,
      });
    }
  };
  if (!isObject(document)) return;
  check(document, topKeys, []);
  check(document.drift, nested.drift, ['drift']);
  if (isObject(document.drift)) {
    check(document.drift.numeric, nested.driftSpec, ['drift', 'numeric']);
    check(document.drift.categorical, nested.driftSpec, ['drift', 'categorical']);
  }
  check(document.freshness, nested.freshness, ['freshness']);
  if (!Array.isArray(document.fields)) return;
  document.fields.forEach((field: unknown, index) => {
    if (!isObject(field)) return;
    check(field, fieldKeys, ['fields', index]);
    check(field.constraints, nested.constraints, ['fields', index, 'constraints']);
    check(field.stats, nested.stats, ['fields', index, 'stats']);
    check(field.drift, nested.fieldDrift, ['fields', index, 'drift']);
    if (typeof field.type === 'string' && !(fieldTypes as readonly string[]).includes(field.type)) {
      const suggestion = closestKey(field.type, [...fieldTypes]);
      const message = otherFrictionlessTypes.includes(field.type)
        ? `type ${field.type} is a Frictionless type mlgate does not validate; declare it as string (or any) to keep the column`
        : `unknown type ${field.type}${suggestion ? `; did you mean ${suggestion}?` : ''} (types: ${fieldTypes.join(', ')})`;
      throw new ConfigurationError(message, {
        file,
        line: lineOf(['fields', index, 'type']),
        field: readablePath(pointer([...prefix, 'fields', index, 'type'])),
      });
    }
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pointer(keyPath: KeyPath): string {
  return keyPath.map((part) => `/${String(part)}`).join('');
}
