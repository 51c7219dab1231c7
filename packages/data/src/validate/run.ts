/**
 * validate-data end to end: resolve the files, load the contract and the reference, stream the data
 * once (checks and profile together), compare with the reference and build the report.
 */
import path from 'node:path';
import {
  CALENDAR_PART_NAMES,
  DATA_REPORT_KIND,
  displayPath,
  DATA_REPORT_VERSION,
  formatNumber,
  formatPercent,
  MLGATE_VERSION,
  readDataProfile,
  resolveFiles,
  rethrowNesting,
  type ColumnReport,
  type DataCheckResult,
  type DataProfile,
  type DataReport,
  type DriftResult,
  type Logger,
  type RunContext,
} from '@mlgate/core';
import { defaultDrift, loadContract, type Contract } from '../contract/index.js';
import { buildProfile, columnProfiles, profileOf } from '../profile/profile.js';
import type { ColumnProfileJson } from '@mlgate/core/data-profile';
import type { ColumnProfile } from '../profile/column.js';
import type { DataFormat } from '../readers/types.js';
import { allChecks } from './checks.js';
import { classIndex } from './classify.js';
import { DatasetValidator } from './dataset.js';
import { compareColumn, referenceEdges, type DriftSettings } from './drift.js';
import { buildRules, contractData, type DatasetRules } from './rules.js';
import { streamDataset } from './stream.js';

export interface ValidateDataOptions {
  /** Paths or globs; several files are shards or partitions of one dataset. */
  data: string[];
  format: DataFormat | 'auto';
  contract?: string;
  /** The Data Package resource whose schema is the contract (else the one whose path is the data file). */
  resource?: string;
  referenceProfile?: string;
  referenceData?: string[];
  workspace: string;
  context?: RunContext;
  signal?: AbortSignal;
  /** "now" for freshness, in epoch ms (tests pin it). */
  now?: number;
}

export interface ValidateDataResult {
  report: DataReport;
  profile: DataProfile;
  contract?: Contract;
}

export async function validateData(
  options: ValidateDataOptions,
  logger: Logger,
): Promise<ValidateDataResult> {
  const files = await resolveFiles(options.data, 'data', options.workspace);
  // Paths are relative to the workspace, and shown that way in messages and annotations.
  const contractFile = options.contract && path.resolve(options.workspace, options.contract);
  const contract = contractFile
    ? await loadContract(contractFile, displayPath(contractFile, options.workspace), {
        name: options.resource,
        dataFiles: files,
        workspace: options.workspace,
      })
    : undefined;
  const rules = contract ? buildRules(contract) : undefined;
  if (contract) logger.info(`contract: ${options.contract} (${contract.fields.length} fields)`);

  const reference = await loadReference(options, contract, logger);
  const referenceColumns = reference ? columnProfiles(reference.profile) : undefined;

  const histogramEdges = referenceColumns ? referenceEdges(referenceColumns) : new Map<string, number[]>();
  const dataset = new DatasetValidator(rules, histogramEdges);
  await streamDataset(files, options.format, dataset, logger, {
    ...options,
    scanSetup: { contract: contract && contractData(contract), histogramEdges: [...histogramEdges] },
  }).catch((error: unknown) =>
    rethrowNesting(
      error,
      files.map((file) => ({ absolute: file, shown: displayPath(file, options.workspace) })),
    ),
  );

  const datasetName = options.data.join(', ');
  const checks = allChecks(dataset, options.now ?? Date.now());
  const drift = referenceColumns
    ? driftOf(
        dataset.columns.map((c) => c.profile),
        referenceColumns,
        rules,
      )
    : [];
  if (drift.length) checks.push(...driftChecks(drift, rules));
  const columns = columnResults(dataset);
  const profile = profileOf(datasetName, dataset.rows, dataset.files, columns.profiles, options.context);
  const report = buildReport({
    dataset: datasetName,
    rows: dataset.rows,
    files: dataset.files,
    checks,
    drift,
    columns: columns.reports,
    reference: reference?.name,
    context: options.context,
  });
  return { report, profile, contract };
}

/**
 * Each column's profile and report entry, built column by column: a column's validator (its sketches and caches) is
 * dropped as soon as both are built, so a wide file never holds all three at once (bounded memory per column).
 */
function columnResults(dataset: DatasetValidator): {
  profiles: ColumnProfileJson[];
  reports: ColumnReport[];
} {
  const validators = dataset.takeColumns();
  const profiles: ColumnProfileJson[] = [];
  const reports: ColumnReport[] = [];
  // From the last column back, popping each: nothing keeps a finished column alive.
  for (let column = validators.pop(); column; column = validators.pop()) {
    const json = column.profile.toJSON();
    profiles.push(json);
    reports.push(columnReport(column.profile, json.summary));
  }
  return { profiles: profiles.reverse(), reports: reports.reverse() };
}

export async function loadReference(
  options: ValidateDataOptions,
  contract: Contract | undefined,
  logger: Logger,
): Promise<{ profile: DataProfile; name: string } | undefined> {
  if (options.referenceProfile) {
    logger.info(`reference profile: ${options.referenceProfile}`);
    const file = path.resolve(options.workspace, options.referenceProfile);
    return {
      profile: await readDataProfile(file, displayPath(file, options.workspace)),
      name: options.referenceProfile,
    };
  }
  if (!options.referenceData?.length) return undefined;
  const files = await resolveFiles(options.referenceData, 'reference-data', options.workspace);
  logger.info(`reference data: ${files.length} file(s); profiling it first`);
  const dataset = new DatasetValidator(contract && buildRules(contract), new Map());
  await streamDataset(files, options.format, dataset, logger, {
    ...options,
    scanSetup: { contract: contract && contractData(contract), histogramEdges: [] },
  });
  const name = options.referenceData.join(', ');
  return {
    profile: buildProfile(
      name,
      dataset.rows,
      dataset.files,
      dataset.columns.map((column) => column.profile),
    ),
    name,
  };
}

function driftSettings(column: ColumnProfile, rules: DatasetRules | undefined): DriftSettings | undefined {
  const defaults = rules?.drift ?? DEFAULT_DRIFT;
  const field = rules?.fields.find((f) => f.name === column.name);
  // Identifiers (unique or primary-key columns) change by design: their drift means nothing.
  if (field && (field.unique || rules?.primaryKey.includes(field.name))) return undefined;
  // A declared field carries its resolved drift check (the contract's defaults already applied).
  if (field) return field.spec.drift || undefined;
  // Undeclared event times move forward by construction: not compared (a contract can ask, per field);
  // nor are undeclared whole numbers that are all distinct (row ids, sequence numbers).
  if (looksTemporal(column) || looksLikeIdentifier(column)) return undefined;
  return column.kind === 'numeric' ? defaults.numeric : defaults.categorical;
}

/** Most of an undeclared column's values are dates or datetimes. */
function looksTemporal(column: ColumnProfile): boolean {
  const temporal = column.classes[classIndex.date] + column.classes[classIndex.datetime];
  return temporal > 0 && temporal >= 0.5 * (column.count - column.nulls);
}

/** Whole numbers, each (within the distinct sketch's error) seen once. */
function looksLikeIdentifier(column: ColumnProfile): boolean {
  const values = column.count - column.nulls;
  const integers = column.classes[classIndex.integer];
  return values > 0 && integers === values && column.distinct.estimate() >= 0.97 * values;
}

const DEFAULT_DRIFT: DatasetRules['drift'] = defaultDrift;

export function driftOf(
  current: ColumnProfile[],
  reference: Map<string, ColumnProfile>,
  rules: DatasetRules | undefined,
): DriftResult[] {
  const minRows = (rules?.drift ?? DEFAULT_DRIFT).minRows;
  const results: DriftResult[] = [];
  for (const column of current) {
    const referenceColumn = reference.get(column.name);
    if (!referenceColumn) continue;
    const settings = driftSettings(referenceColumn, rules);
    if (!settings) continue;
    results.push(compareColumn(column.name, referenceColumn, column, settings, minRows));
  }
  return results;
}

export function driftChecks(drift: DriftResult[], rules: DatasetRules | undefined): DataCheckResult[] {
  const checks: DataCheckResult[] = [];
  for (const result of drift) {
    if (result.status !== 'warn' && result.status !== 'fail') continue;
    const field = rules?.fields.find((f) => f.name === result.column);
    const severity = field?.spec.severity ?? 'error';
    const status = result.status === 'fail' && severity === 'error' ? 'fail' : 'warn';
    const threshold = result.status === 'fail' ? result.fail : result.warn;
    checks.push({
      check: 'drift',
      column: result.column,
      severity,
      status,
      message: `${result.column}${result.on ? ` (${CALENDAR_PART_NAMES[result.on]})` : ''}: ${result.statistic} ${formatNumber(result.value ?? Infinity)} ≥ ${result.status} threshold ${formatNumber(threshold)}`,
      observed: formatNumber(result.value ?? Infinity),
      expected: `< ${formatNumber(threshold)}`,
    });
  }
  const compared = drift.filter((r) => r.status !== 'insufficient' && r.status !== 'info');
  const drifted = compared.filter((r) => r.status === 'warn' || r.status === 'fail');
  const share = (rules?.drift ?? DEFAULT_DRIFT).datasetShare;
  if (compared.length > 0) {
    // Dataset drift is as severe as what drifted: only warnings, or only warn-severity columns, warn.
    const severityOf = (column: string) =>
      rules?.fields.find((f) => f.name === column)?.spec.severity ?? 'error';
    const severe = drifted.some((r) => r.status === 'fail' && severityOf(r.column) === 'error');
    const reached = drifted.length / compared.length >= share;
    checks.push({
      check: 'datasetDrift',
      severity: severe ? 'error' : 'warn',
      status: !reached ? 'pass' : severe ? 'fail' : 'warn',
      message: `${drifted.length} of ${compared.length} compared columns drifted (dataset drift at ≥ ${formatPercent(share)})`,
      observed: `${drifted.length}/${compared.length}`,
      expected: `< ${formatPercent(share)} of columns`,
    });
  }
  return checks;
}

export function columnReport(
  profile: ColumnProfile,
  summary: ColumnProfileJson['summary'] = profile.summary(),
): ColumnReport {
  const report: ColumnReport = {
    name: profile.name,
    type: profile.type,
    count: profile.count,
    nulls: profile.nulls,
    invalid: profile.invalid,
    distinct: summary.distinct,
  };
  for (const key of ['min', 'max', 'mean', 'std', 'p50'] as const)
    if (summary[key] !== undefined) report[key] = summary[key];
  if (summary.topValues) report.topValues = summary.topValues.slice(0, 5);
  if (summary.topValuesStopped !== undefined) report.topValuesStopped = summary.topValuesStopped;
  return report;
}

export function buildReport(parts: {
  dataset: string;
  rows: number;
  files: { path: string; format: string; rows: number }[];
  checks: DataCheckResult[];
  drift: DriftResult[];
  columns: ColumnReport[];
  reference?: string;
  context?: RunContext;
}): DataReport {
  const failed = parts.checks.filter((c) => c.status === 'fail');
  const warned = parts.checks.filter((c) => c.status === 'warn');
  const outcome = failed.length ? 'fail' : warned.length ? 'warn' : 'pass';
  const drifted = parts.drift.filter((d) => d.status === 'fail' || d.status === 'warn');
  const summary =
    outcome === 'pass'
      ? `${formatNumber(parts.rows)} rows passed ${parts.checks.length} checks`
      : `${formatNumber(parts.rows)} rows: ${failed.length} failed and ${warned.length} warning checks of ${parts.checks.length}` +
        (drifted.length ? `; drift in ${drifted.map((d) => d.column).join(', ')}` : '');
  return {
    kind: DATA_REPORT_KIND,
    schemaVersion: DATA_REPORT_VERSION,
    generatedAt: new Date().toISOString(),
    tool: { name: 'mlgate', version: MLGATE_VERSION },
    ...(parts.context ? { context: parts.context } : {}),
    dataset: parts.dataset,
    rows: parts.rows,
    outcome,
    passed: outcome !== 'fail',
    summary,
    checks: parts.checks,
    driftedColumns: drifted.map((d) => ({
      column: d.column,
      statistic: d.statistic,
      value: d.value ?? Number.MAX_VALUE,
      threshold: (d.status === 'fail' ? d.fail : d.warn) ?? 0,
    })),
    files: parts.files,
    ...(parts.reference ? { reference: parts.reference } : {}),
    drift: parts.drift,
    columns: parts.columns,
  };
}
