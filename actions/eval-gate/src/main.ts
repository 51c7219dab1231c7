/** eval-gate: reads inputs, runs the gate, writes the report, outputs, job summary and annotations. */
import path from 'node:path';
import * as core from '@actions/core';
import { actionsLogger, info, runAction, runnerIO, type StepIO } from '@mlgate/action';
import { evalVerdictLine, writeReportFile, writeTextFile } from '@mlgate/core';
import { runEvalGate, shouldFail } from '@mlgate/eval';
import { recordEvalBaseline, resolveRunBaseline, saveRunBaseline } from '@mlgate/github/baseline';
import { renderEvalSummary, renderJunitXml } from '@mlgate/report';
import { getBaselineInputs, getInputs, getShardInputs } from './inputs.js';
import { downloadEvalShards, uploadEvalShard } from './shards.js';

export async function run(): Promise<void> {
  await runAction('eval-gate', () => evalGateStep(runnerIO));
}

/** The whole step, inputs to outputs; the root action runs it with its own inputs. */
export async function evalGateStep(io: StepIO): Promise<void> {
  const inputs = getInputs(io);
  const sharding = getShardInputs(io, inputs);
  const baselineInputs = getBaselineInputs(io);
  info(
    `results: ${inputs.results.join(', ')} (format ${inputs.format}, task ${inputs.task}); gates: ${inputs.gates ?? 'none'}; baseline: ${inputs.baseline ?? 'none'}; significance ${inputs.significance}; fail-on ${inputs.failOn}`,
  );
  if (sharding.mode !== 'single')
    info(
      `mode ${sharding.mode}: ${sharding.mode === 'shard' ? `shard ${sharding.shard}` : `expected shards ${String(sharding.expectedShards ?? 'any')}`} of "${sharding.prefix}"`,
    );
  const merged = sharding.mode === 'merge' ? await downloadEvalShards(sharding, inputs) : undefined;
  // baseline: auto | pinned:<name> is read from the baseline store; a file path is read by runEvalGate.
  const stored =
    sharding.mode === 'shard' ? undefined : await resolveRunBaseline(baselineInputs, actionsLogger);
  if (baselineInputs.request) inputs.baseline = stored?.restored?.report;
  const report = await runEvalGate(
    { ...inputs, applyGates: sharding.mode !== 'shard' },
    actionsLogger,
    merged,
  );
  if (stored) recordEvalBaseline(report, stored);
  if (sharding.mode === 'shard') report.shard = String(sharding.shard);

  const reportPath = path.resolve(inputs.workspace, inputs.reportPath);
  await writeReportFile(reportPath, report);
  io.setOutput('report', reportPath);
  if (inputs.junitPath) {
    const junitPath = path.resolve(inputs.workspace, inputs.junitPath);
    await writeTextFile(junitPath, renderJunitXml(report), 'junit-path');
    io.setOutput('junit', junitPath);
  }
  io.setOutput('passed', String(report.passed));
  io.setOutput('outcome', report.outcome);
  io.setOutput(
    'metrics',
    JSON.stringify(
      Object.fromEntries(Object.entries(report.metrics).map(([name, metric]) => [name, metric.value])),
    ),
  );
  io.setOutput('summary', report.summary);

  // Failed and inconclusive gates as annotations on the gates file line that declares them.
  for (const gate of report.gates) {
    if (gate.status === 'pass') continue;
    const properties = inputs.gates
      ? { file: inputs.gates, startLine: gate.line, title: `mlgate gate: ${gate.metric}` }
      : undefined;
    if (gate.status === 'fail') core.error(gate.message, properties);
    else core.warning(gate.message, properties);
  }
  await core.summary.addRaw(renderEvalSummary(report)).write();
  info(`report: ${reportPath}`);
  info(evalVerdictLine(report));
  if (sharding.mode === 'shard') await uploadEvalShard(sharding, inputs, report, reportPath, io);
  else await saveRunBaseline(baselineInputs, { report }, actionsLogger);

  if (shouldFail(report.outcome, inputs.failOn)) core.setFailed(evalVerdictLine(report));
}
