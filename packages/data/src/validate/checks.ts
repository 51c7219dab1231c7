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
  const spec = rules.spec;
  const severity = spec.severity;
  const results: DataCheckResult[] = [];
  const nonNull = profile.count - profile.nulls;
  const allowed = (total: number) => Math.floor((1 - spec.mostly) * total + 1e-9);
  const mostlyText = spec.mostly < 1 ? ` (mostly ${spec.mostly})` : '';

  const rowCheck = (check: string, failing: number, total: number, what: string, log?: FailureLog) => {
    const failed = failing > allowed(total);
    results.push(
      withSamples(
        {
          check,
          column: column.name,
          severity,
          status: statusOf(failed, severity),
          message:
            failing === 0
              ? `${column.name}: every value ${check === 'type' || check === 'required' ? what : `passes ${check}`}`
              : `${column.name}: ${formatNumber(failing)} of ${formatNumber(total)} values (${percent(failing, total)}) ${failureText(check, what)}${failed ? '' : `, within the allowed ${formatNumber(allowed(total))}${mostlyText}`}`,
          observed: `${formatNumber(failing)} failing (${percent(failing, total)})`,
          expected: `≤ ${formatNumber(allowed(total))}${mostlyText}`,
        },
        log,
      ),
    );
  };

  rowCheck('type', profile.invalid, nonNull, `is a valid ${rules.typeLabel}`, failures.log('type'));
  if (rules.required)
    rowCheck('required', profile.nulls, profile.count, 'is present (required)', failures.log('required'));
  for (const constraint of rules.constraintNames)
    rowCheck(
      constraint,
      failures.count(constraint),
      nonNull,
      constraintText(constraint, rules),
      failures.log(constraint),
    );
  if (rules.unique) {
    const failing = failures.count('unique');
    results.push(
      withSamples(
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
        failures.log('unique'),
      ),
    );
  }
  if (spec.maxNullFraction !== undefined) {
    const fraction = profile.count > 0 ? profile.nulls / profile.count : 0;
    const failed = fraction > spec.maxNullFraction;
    results.push({
      check: 'maxNullFraction',
      column: column.name,
      severity,
      status: statusOf(failed, severity),
      message: `${column.name}: ${percent(profile.nulls, profile.count)} of values are missing (${formatNumber(profile.nulls)} of ${formatNumber(profile.count)}); at most ${formatPercent(spec.maxNullFraction)} allowed`,
      observed: formatNumber(fraction),
      expected: `≤ ${formatNumber(spec.maxNullFraction)}`,
    });
  }
  for (const [name, bound] of Object.entries(spec.stats ?? {})) {
    const observed = statistic(column, name);
    const [low, high] = bound;
    const format = statFormatter(rules.type, name);
    const failed =
      observed === undefined || (low !== null && observed < low) || (high !== null && observed > high);
    results.push({
      check: `stats.${name}`,
      column: column.name,
      severity,
      status: statusOf(failed, severity),
      message:
        observed === undefined
          ? `${column.name}: ${name} cannot be computed (no numeric values); expected ${formatBound(bound, format)}`
          : `${column.name}: ${name} is ${format(observed)}, expected ${formatBound(bound, format)}`,
      observed: observed === undefined ? 'n/a' : format(observed),
      expected: formatBound(bound, format),
      ...(spec.file && spec.line ? { file: spec.file, line: spec.line } : {}),
    });
  }
  return results;
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
  const results: DataCheckResult[] = [];
  const malformed = dataset.malformed.count;
  results.push(
    withSamples(
      {
        check: 'parse',
        severity: 'error',
        status: statusOf(malformed > 0, 'error'),
        message:
          malformed === 0
            ? 'every row could be read'
            : `${formatNumber(malformed)} ${malformed === 1 ? 'row' : 'rows'} could not be read (counted, not profiled)${firstReason(dataset.malformed)}`,
        observed: `${formatNumber(malformed)} malformed`,
        expected: '0',
      },
      dataset.malformed,
    ),
  );
  if (!rules) return results;

  const layout = dataset.layout;
  results.push({
    check: 'columns',
    severity: 'error',
    status: statusOf(layout.length > 0, 'error'),
    message:
      layout.length === 0
        ? `columns match the contract (${rules.columns})`
        : layout.map((f) => f.message).join('; '),
    ...(layout.length ? { file: layout[0].file, line: layout[0].line } : {}),
    observed: layout.length ? `${layout.length} problem(s)` : 'ok',
    expected: rules.columns,
  });

  if (rules.rowCount) {
    const { min, max } = rules.rowCount;
    const rows = dataset.rows;
    const failed = (min !== undefined && rows < min) || (max !== undefined && rows > max);
    const bound = formatBound([min ?? null, max ?? null]);
    results.push({
      check: 'rowCount',
      severity: 'error',
      status: statusOf(failed, 'error'),
      message: `${formatNumber(rows)} rows, expected ${bound}`,
      observed: formatNumber(rows),
      expected: bound,
    });
  }
  if (rules.duplicateRows !== 'allow') {
    const failing = dataset.duplicateRows.count;
    results.push(
      withSamples(
        {
          check: 'duplicateRows',
          severity: rules.duplicateRows,
          status: statusOf(failing > 0, rules.duplicateRows),
          message:
            failing === 0 ? 'no duplicate rows' : `${formatNumber(failing)} rows repeat an earlier row`,
          observed: formatNumber(failing),
          expected: '0',
        },
        dataset.duplicateRows,
      ),
    );
  }
  if (rules.primaryKey.length) {
    const failing = dataset.primaryKeyFailures.count;
    results.push(
      withSamples(
        {
          check: 'primaryKey',
          severity: 'error',
          status: statusOf(failing > 0, 'error'),
          message:
            failing === 0
              ? `primary key (${rules.primaryKey.join(', ')}) is unique`
              : `${formatNumber(failing)} rows repeat the primary key (${rules.primaryKey.join(', ')}) of an earlier row`,
          observed: formatNumber(failing),
          expected: '0',
        },
        dataset.primaryKeyFailures,
      ),
    );
  }
  if (rules.recordSchema) {
    const failing = dataset.recordSchemaFailures.count;
    results.push(
      withSamples(
        {
          check: 'recordSchema',
          severity: 'error',
          status: statusOf(failing > 0, 'error'),
          message:
            failing === 0
              ? 'every record matches the record schema'
              : `${formatNumber(failing)} records do not match the record schema`,
          observed: formatNumber(failing),
          expected: '0',
        },
        dataset.recordSchemaFailures,
      ),
    );
  }
  if (rules.freshness) {
    results.push(freshnessCheck(dataset, rules.freshness, now));
  }
  return results;
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
