/** validate-data: reads inputs, validates and profiles the data, writes the report, outputs, summary and annotations. */
import path from 'node:path';
import * as core from '@actions/core';
import { actionsLogger, info, runAction, runnerIO, type StepIO } from '@mlgate/action';
import { writeReportFile, type DataReport } from '@mlgate/core';
import { dataShouldFail, mergeDataShards, rowAnnotations, unannotatedNote, validateData } from '@mlgate/data';
import { recordDataBaseline, resolveRunBaseline, saveRunBaseline } from '@mlgate/github/baseline';
import { renderDataSummary } from '@mlgate/report';
import { getBaselineInputs, getInputs, getShardInputs } from './inputs.js';
import { DEFAULT_SHARD_PROFILE_PATH, loadDataShards, uploadDataShard } from './shards.js';

export async function run(): Promise<void> {
  await runAction('validate-data', () => validateDataStep(runnerIO));
}

/** The whole step, inputs to outputs; the root action runs it with its own inputs. */
export async function validateDataStep(io: StepIO): Promise<void> {
  const inputs = getInputs(io);
  const sharding = getShardInputs(io);
  const baselineInputs = getBaselineInputs(io);
  // A shard's profile is what the merge job merges: always written.
  if (sharding.mode === 'shard') inputs.profilePath ??= DEFAULT_SHARD_PROFILE_PATH;
  info(
    `data: ${inputs.data.join(', ')} (format ${inputs.format}); contract: ${inputs.contract ?? 'none'}; reference: ${inputs.referenceProfile ?? inputs.referenceData?.join(', ') ?? 'none'}; fail-on ${inputs.failOn}; max-annotations ${inputs.maxAnnotations}`,
  );
  // reference-profile: auto | pinned:<name> is read from the baseline store; a file path is read as usual.
  const stored =
    sharding.mode === 'shard' ? undefined : await resolveRunBaseline(baselineInputs, actionsLogger);
  if (baselineInputs.request) inputs.referenceProfile = stored?.restored?.profile;
  if (sharding.mode !== 'single')
    info(
      `mode ${sharding.mode}: ${sharding.mode === 'shard' ? `shard ${sharding.shard}` : `expected shards ${String(sharding.expectedShards ?? 'any')}`} of "${sharding.prefix}"`,
    );
  const { report, profile } =
    sharding.mode === 'merge'
      ? await mergeDataShards(await loadDataShards(sharding, inputs), inputs, actionsLogger)
      : await core.group('Validating and profiling', () => validateData(inputs, actionsLogger));

  const annotations = rowAnnotations(report, inputs.maxAnnotations);
  report.annotations = { written: annotations.written.length, total: annotations.total };
  for (const annotation of annotations.written) {
    const properties = { file: annotation.file, startLine: annotation.line, title: annotation.title };
    if (annotation.level === 'error') core.error(annotation.message, properties);
    else core.warning(annotation.message, properties);
  }
  // A notice, not a warning: GitHub would hide an 11th warning, and this one says what is hidden.
  if (annotations.total > annotations.written.length)
    core.notice(unannotatedNote(annotations.total, annotations.written.length, inputs.maxAnnotations));
  if (stored) recordDataBaseline(report, stored);
  if (sharding.mode === 'shard') report.shard = String(sharding.shard);

  const reportPath = path.resolve(inputs.cwd, inputs.reportPath);
  await writeReportFile(reportPath, report);
  io.setOutput('report', reportPath);
  if (inputs.profilePath) {
    const profilePath = path.resolve(inputs.cwd, inputs.profilePath);
    await writeReportFile(profilePath, profile, 'profile-path');
    io.setOutput('profile', profilePath);
    info(`profile: ${profilePath}`);
  }
  setOutputs(io, report);
  await core.summary.addRaw(renderDataSummary(report)).write();
  info(`report: ${reportPath}`);
  info(report.summary);
  if (sharding.mode === 'shard') {
    const failed = report.checks.filter((check) => check.status === 'fail').length;
    await uploadDataShard(
      sharding,
      inputs,
      reportPath,
      path.resolve(inputs.cwd, inputs.profilePath!),
      failed,
      io,
    );
    return;
  }
  await saveRunBaseline(baselineInputs, { report, profile }, actionsLogger);
  if (dataShouldFail(report.outcome, inputs.failOn))
    core.setFailed(`validate-data ${report.outcome}: ${report.summary}`);
}

function setOutputs(io: StepIO, report: DataReport): void {
  io.setOutput('passed', String(report.passed));
  io.setOutput('outcome', report.outcome);
  io.setOutput('rows', String(report.rows));
  io.setOutput('failed-checks', String(report.checks.filter((check) => check.status === 'fail').length));
  io.setOutput('drifted-columns', JSON.stringify(report.driftedColumns.map((drift) => drift.column)));
}
