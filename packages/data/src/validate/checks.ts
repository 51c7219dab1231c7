/**
 * Turns what the stream recorded into check results: row-level checks (type, constraints, required,
 * unique) with `mostly`, column statistics bounds, and the dataset-level checks.
 */
import { formatNumber, formatPercent, type DataCheckResult, type FailingRowSample } from '@mlgate/core';
import { displayValue } from '../contract/index.js';
import type { ColumnValidator } from './column.js';
import type { DatasetValidator } from './dataset.js';
import type { FailureLog } from './failures.js';
import type { DatasetRules, FieldRules, StatBound } from './rules.js';

type Severity = 'error' | 'warn';

/** What the checks read of a column and of the dataset: streamed validators, or ones rebuilt from shards (merge.ts). */
export type CheckedColumn = Pick<ColumnValidator, 'name' | 'rules' | 'profile' | 'failures'>;
export type CheckedDataset = Pick<
  DatasetValidator,
  'rules' | 'rows' | 'malformed' | 'layout' | 'duplicateRows' | 'primaryKeyFailures' | 'recordSchemaFailures'
> & { readonly columns: readonly CheckedColumn[] };

function statusOf(failed: boolean, severity: Severity): DataCheckResult['status'] {
  if (!failed) return 'pass';
  return severity === 'error' ? 'fail' : 'warn';
}

const percent = (part: number, whole: number): string => (whole === 0 ? '0%' : formatPercent(part / whole));

/** A range the contract allows: "0 – 120", "≥ 0", "≤ 120". */
export function formatBound([low, high]: StatBound, format: (x: number) => string = formatNumber): string {
  if (low === null && high === null) return 'any';
  if (low === null) return `≤ ${format(high!)}`;
  if (high === null) return `≥ ${format(low)}`;
  return `${format(low)} – ${format(high)}`;
}

/** Statistics of dates and datetimes are days or milliseconds since the epoch: shown as the dates they are. */
function statFormatter(type: string, statistic: string): (x: number) => string {
  const temporal =
    (type === 'date' || type === 'datetime') && !['std', 'distinct', 'nullFraction'].includes(statistic);
  return temporal ? (x) => displayValue(type, Math.round(x)) : formatNumber;
}

/** A check's samples in file order, then line order: a reader may report a bad line before the records above it arrive. */
function orderedSamples(log: FailureLog): FailingRowSample[] {
  const fileOrder = new Map<string, number>();
  for (const sample of log.samples)
    if (!fileOrder.has(sample.file)) fileOrder.set(sample.file, fileOrder.size);
  return [...log.samples].sort((a, b) => fileOrder.get(a.file)! - fileOrder.get(b.file)! || a.line - b.line);
}

function withSamples(result: DataCheckResult, log: FailureLog | undefined): DataCheckResult {
  if (!log || log.count === 0) return result;
  result.failingRows = log.count;
  result.samples = orderedSamples(log);
  result.file = result.samples[0]?.file;
  result.line = result.samples[0]?.line;
  return result;
}

/** Row-level checks of one declared column. */
function columnChecks(column: CheckedColumn, rules: FieldRules): DataCheckResult[] {
  const { profile, failures } = column;
  const nonNull = profile.count - profile.nulls;
  const rowCheck = (check: string, failing: number, total: number, what: string) =>
    rowCheckResult(column, rules, { check, failing, total, what }, failures.log(check));
  const results = [rowCheck('type', profile.invalid, nonNull, `is a valid ${rules.typeLabel}`)];
  if (rules.required)
    results.push(rowCheck('required', profile.nulls, profile.count, 'is present (required)'));
  for (const constraint of rules.constraintNames)
    results.push(
      rowCheck(constraint, failures.count(constraint), nonNull, constraintText(constraint, rules)),
    );
  if (rules.unique) results.push(uniqueCheck(column, rules.spec.severity));
  if (rules.spec.maxNullFraction !== undefined)
    results.push(nullFractionCheck(column, rules.spec.severity, rules.spec.maxNullFraction));
  for (const [name, bound] of Object.entries(rules.spec.stats ?? {}))
    results.push(statsCheck(column, rules, name, bound));
  return results;
}

/** A check of each row (type, required, a constraint): `failing` of `total` rows, allowed up to the field's `mostly`. */
function rowCheckResult(
  column: CheckedColumn,
  rules: FieldRules,
  { check, failing, total, what }: { check: string; failing: number; total: number; what: string },
  log: FailureLog | undefined,
): DataCheckResult {
  const spec = rules.spec;
  const allowed = Math.floor((1 - spec.mostly) * total + 1e-9);
  const mostlyText = spec.mostly < 1 ? ` (mostly ${spec.mostly})` : '';
  const failed = failing > allowed;
  return withSamples(
    {
      check,
      column: column.name,
      severity: spec.severity,
      status: statusOf(failed, spec.severity),
      message:
        failing === 0
          ? `${column.name}: every value ${check === 'type' || check === 'required' ? what : `passes ${check}`}`
          : `${column.name}: ${formatNumber(failing)} of ${formatNumber(total)} values (${percent(failing, total)}) ${failureText(check, what)}${failed ? '' : `, within the allowed ${formatNumber(allowed)}${mostlyText}`}`,
      observed: `${formatNumber(failing)} failing (${percent(failing, total)})`,
      expected: `≤ ${formatNumber(allowed)}${mostlyText}`,
    },
    log,
  );
}

function uniqueCheck(column: CheckedColumn, severity: Severity): DataCheckResult {
  const failing = column.failures.count('unique');
  return withSamples(
    {
      check: 'unique',
      column: column.name,
      severity,
      status: statusOf(failing > 0, severity),
      message:
        failing === 0
          ? `${column.name}: every value is unique`
          : `${column.name}: ${formatNumber(failing)} values repeat an earlier row`,
      observed: `${formatNumber(failing)} duplicates`,
      expected: 'no duplicates',
    },
    column.failures.log('unique'),
  );
}

function nullFractionCheck(
  column: CheckedColumn,
  severity: Severity,
  maxNullFraction: number,
): DataCheckResult {
  const { profile } = column;
  const fraction = profile.count > 0 ? profile.nulls / profile.count : 0;
  const failed = fraction > maxNullFraction;
  return {
    check: 'maxNullFraction',
    column: column.name,
    severity,
    status: statusOf(failed, severity),
    message: `${column.name}: ${percent(profile.nulls, profile.count)} of values are missing (${formatNumber(profile.nulls)} of ${formatNumber(profile.count)}); at most ${formatPercent(maxNullFraction)} allowed`,
    observed: formatNumber(fraction),
    expected: `≤ ${formatNumber(maxNullFraction)}`,
  };
}

/** A column statistic (`stats: {mean: [low, high]}`) within its bounds. */
function statsCheck(
  column: CheckedColumn,
  rules: FieldRules,
  name: string,
  bound: StatBound,
): DataCheckResult {
  const spec = rules.spec;
  const observed = statistic(column, name);
  const [low, high] = bound;
  const format = statFormatter(rules.type, name);
  const failed =
    observed === undefined || (low !== null && observed < low) || (high !== null && observed > high);
  return {
    check: `stats.${name}`,
    column: column.name,
    severity: spec.severity,
    status: statusOf(failed, spec.severity),
    message:
      observed === undefined
        ? `${column.name}: ${name} cannot be computed (no numeric values); expected ${formatBound(bound, format)}`
        : `${column.name}: ${name} is ${format(observed)}, expected ${formatBound(bound, format)}`,
    observed: observed === undefined ? 'n/a' : format(observed),
    expected: formatBound(bound, format),
    ...(spec.file && spec.line ? { file: spec.file, line: spec.line } : {}),
  };
}

function failureText(check: string, what: string): string {
  if (check === 'type') return what.replace(/^is a valid/, 'are not valid');
  if (check === 'required') return 'are missing';
  return what;
}

/** How the values that break a constraint are described: "are below the minimum 0". */
function constraintText(constraint: string, rules: FieldRules): string {
  const value = (rules.spec.constraints as Record<string, unknown>)[constraint];
  const shown = typeof value === 'number' ? formatNumber(value) : String(value);
  switch (constraint) {
    case 'minimum':
      return `are below the minimum ${shown}`;
    case 'maximum':
      return `are above the maximum ${shown}`;
    case 'exclusiveMinimum':
      return `are not above ${shown}`;
    case 'exclusiveMaximum':
      return `are not below ${shown}`;
    case 'minLength':
      return `are shorter than ${shown} characters`;
    case 'maxLength':
      return `are longer than ${shown} characters`;
    case 'pattern':
      return `do not match the pattern ${shown}`;
    case 'enum':
      return `are not one of the ${Array.isArray(value) ? value.length : ''} allowed values`;
    default:
      return `break ${constraint}`;
  }
}

/** A named statistic of a column's profile: mean, std, min, max, distinct, nullFraction, pNN. */
export function statistic(column: CheckedColumn, name: string): number | undefined {
  const profile = column.profile;
  const m = profile.moments;
  if (name === 'distinct') return Math.round(profile.distinct.estimate());
  if (name === 'nullFraction') return profile.count > 0 ? profile.nulls / profile.count : 0;
  if (m.count === 0) return undefined;
  switch (name) {
    case 'mean':
      return m.mean;
    case 'std':
      return m.count > 1 ? m.std : 0;
    case 'min':
      return m.min;
    case 'max':
      return m.max;
  }
  const quantile = /^p(\d{1,2}(?:\.\d+)?)$/.exec(name);
  if (quantile) return profile.quantiles.quantile(Number(quantile[1]) / 100);
  return undefined;
}

/** "; the first, data.csv:12: expected 6 fields as in the header, found 7": why rows could not be read. */
function firstReason(log: FailureLog): string {
  const first = orderedSamples(log).find((sample) => sample.message);
  return first ? `; the first, ${first.file}:${first.line}: ${first.message}` : '';
}

/** Dataset-level checks: malformed rows, layout, row count, duplicates, primary key, freshness, schema. */
export function datasetChecks(dataset: CheckedDataset, now: number): DataCheckResult[] {
  const rules = dataset.rules;
  const malformed = dataset.malformed.count;
  const results: DataCheckResult[] = [
    countedCheck('parse', 'error', dataset.malformed, {
      passed: 'every row could be read',
      failed: `${formatNumber(malformed)} ${malformed === 1 ? 'row' : 'rows'} could not be read (counted, not profiled)${firstReason(dataset.malformed)}`,
      observed: `${formatNumber(malformed)} malformed`,
    }),
  ];
  if (!rules) return results;
  results.push(columnsCheck(dataset.layout, rules.columns));
  if (rules.rowCount) results.push(rowCountCheck(dataset.rows, rules.rowCount));
  if (rules.duplicateRows !== 'allow') {
    const failing = dataset.duplicateRows.count;
    results.push(
      countedCheck('duplicateRows', rules.duplicateRows, dataset.duplicateRows, {
        passed: 'no duplicate rows',
        failed: `${formatNumber(failing)} rows repeat an earlier row`,
      }),
    );
  }
  if (rules.primaryKey.length) {
    const failing = dataset.primaryKeyFailures.count;
    const key = rules.primaryKey.join(', ');
    results.push(
      countedCheck('primaryKey', 'error', dataset.primaryKeyFailures, {
        passed: `primary key (${key}) is unique`,
        failed: `${formatNumber(failing)} rows repeat the primary key (${key}) of an earlier row`,
      }),
    );
  }
  if (rules.recordSchema) {
    const failing = dataset.recordSchemaFailures.count;
    results.push(
      countedCheck('recordSchema', 'error', dataset.recordSchemaFailures, {
        passed: 'every record matches the record schema',
        failed: `${formatNumber(failing)} records do not match the record schema`,
      }),
    );
  }
  if (rules.freshness) results.push(freshnessCheck(dataset, rules.freshness, now));
  return results;
}

/** A check that fails on any counted row (with the first ones as samples); expected 0. */
function countedCheck(
  check: string,
  severity: Severity,
  log: FailureLog,
  text: { passed: string; failed: string; observed?: string },
): DataCheckResult {
  const failing = log.count;
  return withSamples(
    {
      check,
      severity,
      status: statusOf(failing > 0, severity),
      message: failing === 0 ? text.passed : text.failed,
      observed: text.observed ?? formatNumber(failing),
      expected: '0',
    },
    log,
  );
}

/** The columns the data has against the contract's `columns` rule (strict, subset, allow-extra). */
function columnsCheck(layout: CheckedDataset['layout'], columns: DatasetRules['columns']): DataCheckResult {
  return {
    check: 'columns',
    severity: 'error',
    status: statusOf(layout.length > 0, 'error'),
    message:
      layout.length === 0
        ? `columns match the contract (${columns})`
        : layout.map((f) => f.message).join('; '),
    ...(layout.length ? { file: layout[0].file, line: layout[0].line } : {}),
    observed: layout.length ? `${layout.length} problem(s)` : 'ok',
    expected: columns,
  };
}

function rowCountCheck(rows: number, { min, max }: NonNullable<DatasetRules['rowCount']>): DataCheckResult {
  const failed = (min !== undefined && rows < min) || (max !== undefined && rows > max);
  const bound = formatBound([min ?? null, max ?? null]);
  return {
    check: 'rowCount',
    severity: 'error',
    status: statusOf(failed, 'error'),
    message: `${formatNumber(rows)} rows, expected ${bound}`,
    observed: formatNumber(rows),
    expected: bound,
  };
}

function freshnessCheck(
  dataset: CheckedDataset,
  freshness: NonNullable<DatasetRules['freshness']>,
  now: number,
): DataCheckResult {
  const column = dataset.columns.find((c) => c.name === freshness.column);
  const moments = column?.profile.moments;
  const severity = freshness.severity;
  if (!column || !moments || moments.count === 0)
    return {
      check: 'freshness',
      column: freshness.column,
      severity,
      status: statusOf(true, severity),
      message: `${freshness.column}: no valid date/time values, so the data's age is unknown`,
      observed: 'n/a',
      expected: `newest value within ${freshness.maxAgeText}`,
    };
  // Dates are days since the epoch, datetimes milliseconds.
  const newest = column.profile.type === 'date' ? moments.max * 86_400_000 : moments.max;
  const age = now - newest;
  const failed = age > freshness.maxAgeMs;
  return {
    check: 'freshness',
    column: freshness.column,
    severity,
    status: statusOf(failed, severity),
    message: `${freshness.column}: the newest value is ${new Date(newest).toISOString()}, ${formatAge(age)} old; at most ${freshness.maxAgeText} allowed`,
    observed: formatAge(age),
    expected: `≤ ${freshness.maxAgeText}`,
  };
}

function formatAge(ms: number): string {
  const hours = ms / 3_600_000;
  if (Math.abs(hours) < 48) return `${formatNumber(hours)}h`;
  return `${formatNumber(hours / 24)}d`;
}

export function allChecks(dataset: CheckedDataset, now: number): DataCheckResult[] {
  const results = datasetChecks(dataset, now);
  for (const column of dataset.columns) if (column.rules) results.push(...columnChecks(column, column.rules));
  return results;
}
