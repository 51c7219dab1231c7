/**
 * validate-data as one step, for the action and `mlgate validate-data` alike: inputs in, the complete result out —
 * the report (with its stored reference's record, shard label and annotation count), the report and profile
 * written, outputs, row annotations, the job summary and the verdict. The CI system's part comes as services.
 */
import path from 'node:path';
import {
  failsOn,
  writeReportFile,
  type DataProfile,
  type DataReport,
  type InputSource,
  type RunContext,
  type StepResult,
  type StepServices,
  type StoredBaseline,
} from '@mlgate/core';
import { parseShardInputs, shardModeLine, type ShardInputs } from '@mlgate/core/shards';
import { renderDataSummary } from '@mlgate/report';
import { rowAnnotations, unannotatedNote } from './annotations.js';
import { mergeDataShards } from './merge.js';
import { parseValidateDataInputs, type ValidateDataInputs } from './options.js';
import { validateData, type ValidateDataResult } from './run.js';
import { loadDataShards } from './shards.js';

/** Where a shard job writes its profile when profile-path is not set: the merge job needs it. */
export const DEFAULT_SHARD_PROFILE_PATH = 'mlgate-reports/data-profile.json';

export interface ValidateDataStepInputs extends ValidateDataInputs {
  /** mode, shard, expected-shards and shard-name: how this step takes part in a job matrix. */
  sharding: ShardInputs;
}

/** What the step needs from the CI system; the CLI gives only a logger (a reference is a file there). */
export interface ValidateDataServices extends StepServices {
  /** false where findings are not annotated (the CLI lists them itself): the report then counts none. */
  annotates?: boolean;
}

export interface ValidateDataStepResult extends StepResult {
  report: DataReport;
  profile: DataProfile;
}

/** The step's inputs (the action's INPUT_*, the CLI's --options): one parser, one set of rules. */
export function parseValidateDataStepInputs(
  input: InputSource,
  workspace: string,
  context: RunContext,
): ValidateDataStepInputs {
  const inputs = parseValidateDataInputs(input, workspace, context);
  const sharding = parseShardInputs(input, 'data-shard');
  // A shard's profile is what the merge job merges: always written.
  if (sharding.mode === 'shard') inputs.profilePath ??= DEFAULT_SHARD_PROFILE_PATH;
  return { ...inputs, sharding };
}

export async function runValidateDataStep(
  inputs: ValidateDataStepInputs,
  services: ValidateDataServices,
): Promise<ValidateDataStepResult> {
  const { logger } = services;
  const { sharding } = inputs;
  if (services.echoInputs)
    logger.info(
      `data: ${inputs.data.join(', ')} (format ${inputs.format}); contract: ${inputs.contract ?? 'none'}; reference: ${inputs.referenceProfile ?? inputs.referenceData?.join(', ') ?? 'none'}; fail-on ${inputs.failOn}; max-annotations ${inputs.maxAnnotations}`,
    );
  // reference-profile: auto | pinned:<name> is read from the baseline store; a file path is read as usual.
  const stored = sharding.mode === 'shard' ? undefined : await services.baseline?.resolve();
  const referenceProfile = services.baseline?.requested ? stored?.restored?.profile : inputs.referenceProfile;
  const modeLine = shardModeLine(sharding);
  if (modeLine) logger.info(modeLine);
  const options = { ...inputs, referenceProfile };
  const {
    report: built,
    profile,
    contract,
  } = sharding.mode === 'merge'
    ? await mergeShards(sharding, options, services)
    : await logger.group('Validating and profiling', () => validateData(options, logger));
  const annotations =
    services.annotates === false ? { written: [], total: 0 } : rowAnnotations(built, inputs.maxAnnotations);
  const report: DataReport = {
    ...withRun(built, stored, sharding),
    ...(services.annotates === false
      ? {}
      : { annotations: { written: annotations.written.length, total: annotations.total } }),
  };
  const result = await writeDataFiles(report, profile, inputs);
  result.annotations = [
    ...annotations.written,
    // A notice, not a warning: GitHub would hide an 11th warning, and this one says what is hidden.
    ...(annotations.total > annotations.written.length
      ? [
          {
            level: 'notice' as const,
            message: unannotatedNote(annotations.total, annotations.written.length, inputs.maxAnnotations),
          },
        ]
      : []),
  ];
  if (sharding.mode === 'shard') return uploadShard(result, inputs, services, contract?.digest);
  await services.baseline?.save({ report, profile });
  return result;
}

/** mode: merge — the shards gathered and checked, then merged under the contract read for the check. */
async function mergeShards(
  sharding: ShardInputs,
  options: ValidateDataInputs,
  services: ValidateDataServices,
): Promise<ValidateDataResult> {
  const { shards, contract } = await loadDataShards(sharding, options, services);
  return mergeDataShards(shards, { ...options, loadedContract: contract }, services.logger);
}

/** The report as this run made it: the stored reference named by commit and age, a shard's label. */
function withRun(report: DataReport, stored: StoredBaseline | undefined, sharding: ShardInputs): DataReport {
  return {
    ...report,
    ...(stored ? { baselineResolution: stored.resolution } : {}),
    ...(stored?.source && report.reference ? { reference: stored.source } : {}),
    ...(sharding.mode === 'shard' ? { shard: String(sharding.shard) } : {}),
  };
}

/** Writes the report and profile and says everything the publisher needs about them. */
async function writeDataFiles(
  report: DataReport,
  profile: DataProfile,
  inputs: ValidateDataInputs,
): Promise<ValidateDataStepResult> {
  const reportPath = path.resolve(inputs.workspace, inputs.reportPath);
  await writeReportFile(reportPath, report);
  const outputs: Record<string, string> = { report: reportPath };
  const lines: string[] = [];
  if (inputs.profilePath) {
    const profilePath = path.resolve(inputs.workspace, inputs.profilePath);
    await writeReportFile(profilePath, profile, 'profile-path');
    outputs.profile = profilePath;
    lines.push(`profile: ${profilePath}`);
  }
  const failed = report.checks.filter((check) => check.status === 'fail').length;
  outputs.passed = String(report.passed);
  outputs.outcome = report.outcome;
  outputs.rows = String(report.rows);
  outputs['failed-checks'] = String(failed);
  outputs['drifted-columns'] = JSON.stringify(report.driftedColumns.map((drift) => drift.column));
  return {
    report,
    profile,
    outputs,
    annotations: [],
    summary: renderDataSummary(report),
    lines: [...lines, `report: ${reportPath}`],
    verdict: report.summary,
    ...(failsOn(report.outcome, inputs.failOn)
      ? { failure: `validate-data ${report.outcome}: ${report.summary}` }
      : {}),
  };
}

/** mode: shard — the shard's report and profile as one artifact; a shard job does not fail on checks. */
async function uploadShard(
  result: ValidateDataStepResult,
  inputs: ValidateDataStepInputs,
  services: ValidateDataServices,
  contractDigest: string | undefined,
): Promise<ValidateDataStepResult> {
  const shard = inputs.sharding.shard!;
  const failed = result.report.checks.filter((check) => check.status === 'fail').length;
  const uploaded = await services.logger.group(`Uploading shard ${shard}`, async () =>
    services.shards!.upload(
      [
        { file: result.outputs.report, role: 'report' },
        { file: result.outputs.profile, role: 'profile' },
      ],
      contractDigest,
    ),
  );
  return {
    ...result,
    outputs: { ...result.outputs, 'shard-artifact': uploaded.name },
    summary: `${result.summary}\n> Shard ${shard} of a sharded validation: the checks above see this shard only. The merge job (mode: merge) judges the whole dataset.\n`,
    lines: [
      ...result.lines,
      `Shard ${shard} uploaded as "${uploaded.name}"${failed ? `; ${failed} check(s) fail within this shard alone` : ''}. ` +
        'The merge job (mode: merge) judges the whole dataset; this step does not fail on checks.',
    ],
    failure: undefined,
  };
}
