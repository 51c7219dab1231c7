/**
 * The merge job of a sharded validation: shard profiles merge by their sketches, the shards' row-level
 * failure counts add up, and the contract's checks are judged again on the totals by the same code that
 * judges a streamed dataset (checks.ts), so a merged run and an unsharded run reach the same verdict.
 * Uniqueness, duplicate rows and primary keys can only be checked within each shard: profiles do not keep
 * the values, and the merged report says so.
 */
import {
  InputDataError,
  type DataCheckResult,
  type DataProfile,
  type DataReport,
  type FailingRowSample,
  type Logger,
} from '@mlgate/core';
import { loadContract, type Contract } from '../contract/index.js';
import { columnProfiles, mergeProfiles } from '../profile/profile.js';
import { allChecks, type CheckedColumn, type CheckedDataset } from './checks.js';
import type { ColumnLayoutFinding } from './dataset.js';
import { FailureLog, FailureLogs, SAMPLES_PER_CHECK } from './failures.js';
import { buildRules } from './rules.js';
import {
  buildReport,
  columnReport,
  driftChecks,
  driftOf,
  loadReference,
  type ValidateDataOptions,
  type ValidateDataResult,
} from './run.js';

/** One shard job's output: its data report (row-level failure counts and samples) and its profile. */
export interface DataShard {
  /** How messages name the shard ("shard 3"). */
  name: string;
  report: DataReport;
  profile: DataProfile;
}

export type MergeDataOptions = Pick<
  ValidateDataOptions,
  | 'contract'
  | 'resource'
  | 'referenceProfile'
  | 'referenceData'
  | 'format'
  | 'workspace'
  | 'context'
  | 'signal'
  | 'now'
> & {
  dataset?: string;
  /** The contract already loaded (the merge step checked the shards' digests with it): not read again. */
  loadedContract?: Contract;
};

/** Checks that compare rows with earlier rows: each shard saw only its own rows. */
const WITHIN_SHARD_CHECKS = new Set(['unique', 'duplicateRows', 'primaryKey']);
/** Dataset-level checks whose failing rows the streamed dataset keeps in a FailureLog of its own. */
const DATASET_LOGS = {
  parse: 'malformed',
  duplicateRows: 'duplicateRows',
  primaryKey: 'primaryKeyFailures',
  recordSchema: 'recordSchemaFailures',
} as const;

export async function mergeDataShards(
  shards: DataShard[],
  options: MergeDataOptions,
  logger: Logger,
): Promise<ValidateDataResult> {
  if (shards.length === 0) throw new InputDataError('no shards to merge', { file: '(shards)' });
  // The shards' data files are not here: a Data Package's resource is picked by name only.
  const contract =
    options.loadedContract ??
    (options.contract
      ? await loadContract(options.contract, undefined, { name: options.resource, dataFiles: [] })
      : undefined);
  const rules = contract ? buildRules(contract) : undefined;
  if (contract) logger.info(`contract: ${options.contract} (${contract.fields.length} fields)`);
  const reference = await loadReference({ ...options, data: [] }, contract, logger);
  const referenceColumns = reference ? columnProfiles(reference.profile) : undefined;

  const datasetName =
    options.dataset ?? [...new Set(shards.map((shard) => shard.profile.dataset))].join(', ');
  const profile = mergeProfiles(
    shards.map((shard) => ({ profile: shard.profile, file: shard.name })),
    datasetName,
  );
  if (options.context) profile.context = options.context;
  const fileOrder = new Map(profile.files.map((file, index) => [file.path, index]));
  const dataset = mergedDataset(shards, profile, rules, fileOrder);

  const checks = allChecks(dataset, options.now ?? Date.now());
  for (const check of checks) explainMergedCheck(check, shards);
  const columns = dataset.columns.map((column) => column.profile);
  const drift = referenceColumns ? driftOf(columns, referenceColumns, rules) : [];
  if (drift.length) checks.push(...driftChecks(drift, rules));
  logger.info(
    `merged ${shards.length} shards: ${profile.rows} rows from ${profile.files.length} file(s), ${columns.length} columns`,
  );

  const report = buildReport({
    dataset: datasetName,
    rows: profile.rows,
    files: profile.files,
    checks,
    drift,
    columns: columns.map((column) => columnReport(column)),
    reference: reference?.name,
    context: options.context,
  });
  return { report, profile, contract };
}

/** The dataset as the checks see it: the merged profile's columns and the shards' failure logs added up. */
function mergedDataset(
  shards: DataShard[],
  profile: DataProfile,
  rules: ReturnType<typeof buildRules> | undefined,
  fileOrder: Map<string, number>,
): CheckedDataset {
  const logs = {
    malformed: new FailureLog(),
    duplicateRows: new FailureLog(),
    primaryKeyFailures: new FailureLog(),
    recordSchemaFailures: new FailureLog(),
  };
  const layout: ColumnLayoutFinding[] = [];
  const columnLogs = new Map<string, FailureLogs>();
  for (const shard of shards) {
    for (const check of shard.report.checks) {
      if (check.check === 'columns' && check.status !== 'pass') {
        layout.push({ file: check.file ?? shard.name, line: check.line ?? 1, message: check.message });
        continue;
      }
      if (!check.failingRows) continue;
      if (check.column === undefined) {
        const name = DATASET_LOGS[check.check as keyof typeof DATASET_LOGS];
        if (name) addToLog(logs[name], check);
        continue;
      }
      let failures = columnLogs.get(check.column);
      if (!failures) columnLogs.set(check.column, (failures = new FailureLogs()));
      let log = failures.byCheck.get(check.check);
      if (!log) failures.byCheck.set(check.check, (log = new FailureLog()));
      addToLog(log, check);
    }
  }
  for (const log of [
    ...Object.values(logs),
    ...[...columnLogs.values()].flatMap((f) => [...f.byCheck.values()]),
  ])
    sortSamples(log, fileOrder);

  const columns: CheckedColumn[] = [...columnProfiles(profile).values()].map((column) => ({
    name: column.name,
    rules: rules?.fields.find((field) => field.name === column.name),
    profile: column,
    failures: columnLogs.get(column.name) ?? new FailureLogs(),
  }));
  return { rules, rows: profile.rows, layout, columns, ...logs };
}

function addToLog(log: FailureLog, check: DataCheckResult): void {
  log.count += check.failingRows ?? 0;
  log.samples.push(...(check.samples ?? []));
}

/** Samples in the order an unsharded run meets them (files in stream order, then lines), the first few kept. */
function sortSamples(log: FailureLog, fileOrder: Map<string, number>): void {
  const rank = (sample: FailingRowSample) => fileOrder.get(sample.file) ?? Number.MAX_SAFE_INTEGER;
  const sorted = [...log.samples].sort(
    (a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file) || a.line - b.line,
  );
  log.samples.length = 0;
  log.samples.push(...sorted.slice(0, SAMPLES_PER_CHECK));
}

/** What a merged check can and cannot know, said in its message. */
function explainMergedCheck(check: DataCheckResult, shards: DataShard[]): void {
  if (WITHIN_SHARD_CHECKS.has(check.check))
    check.message += ` (checked within each of the ${shards.length} shards: repeats across shards cannot be found from profiles)`;
  if (check.check === 'columns' && check.status !== 'pass') {
    // Each shard reported its layout problems as one check: the merged count is their sum.
    const problems = shards.reduce((sum, shard) => {
      const own = shard.report.checks.find((c) => c.check === 'columns' && c.status !== 'pass');
      return sum + (own ? Number.parseInt(own.observed ?? '1', 10) || 1 : 0);
    }, 0);
    check.observed = `${problems} problem(s)`;
  }
}
