/**
 * eval-gate as one step, for the action and `mlgate eval-gate` alike: inputs in, the complete result out — the
 * report (with its stored baseline's record and shard label), its files written, outputs, annotations on the gates
 * file, the job summary and the verdict. The CI system's part (baseline store, shard artifacts) comes as services.
 */
import path from 'node:path';
import {
  ConfigurationError,
  evalVerdictLine,
  failsOn,
  writeReportFile,
  writeTextFile,
  type Annotation,
  type EvalReport,
  type InputSource,
  type Logger,
  type RunContext,
  type StepResult,
  type StepServices,
  type StoredBaseline,
} from '@mlgate/core';
import {
  checkShards,
  parseShardInputs,
  shardModeLine,
  shardFiles,
  type ShardInputs,
  type ShardService,
} from '@mlgate/core/shards';
import { renderEvalSummary, renderJunitXml } from '@mlgate/report';
import { parseEvalGateInputs, type EvalGateInputs } from './options.js';
import { runEvalGate, type LoadedCases } from './run.js';
import { readEvalShards } from './shards/merge.js';

const ACTION = 'eval-gate';

export interface EvalGateStepInputs extends EvalGateInputs {
  /** mode, shard, expected-shards and shard-name: how this step takes part in a job matrix. */
  sharding: ShardInputs;
}

/** What the step needs from the CI system; the CLI gives only a logger (a baseline is a file there). */
export type EvalGateServices = StepServices;

export interface EvalGateResult extends StepResult {
  report: EvalReport;
  reportPath: string;
}

/** The step's inputs (the action's INPUT_*, the CLI's --options): one parser, one set of rules. */
export function parseEvalGateStepInputs(
  input: InputSource,
  workspace: string,
  context: RunContext,
): EvalGateStepInputs {
  const inputs = parseEvalGateInputs(input, workspace, context);
  const sharding = parseShardInputs(input, 'eval-shard');
  if (sharding.mode === 'merge' && inputs.results.length > 0)
    throw new ConfigurationError(
      'Input "results" is not used with mode: merge: the merge job reads the results every shard job uploaded. To merge files you already have, list them all in results with mode: single.',
    );
  return { ...inputs, sharding };
}

export async function runEvalGateStep(
  inputs: EvalGateStepInputs,
  services: EvalGateServices,
): Promise<EvalGateResult> {
  const { logger } = services;
  const { sharding } = inputs;
  if (services.echoInputs) describeInputs(inputs, logger);
  const merged = sharding.mode === 'merge' ? await downloadShards(inputs, services) : undefined;
  // baseline: auto | pinned:<name> is read from the baseline store; a file path is read by runEvalGate.
  const stored = sharding.mode === 'shard' ? undefined : await services.baseline?.resolve();
  const baseline = services.baseline?.requested ? stored?.restored?.report : inputs.baseline;
  const built = await runEvalGate(
    { ...inputs, baseline, applyGates: sharding.mode !== 'shard' },
    logger,
    merged,
  );
  const report = withRun(built, stored, sharding);
  const result = await writeEvalFiles(report, inputs);
  if (sharding.mode === 'shard') return uploadShard(result, inputs, services);
  await services.baseline?.save({ report });
  return result;
}

function describeInputs(inputs: EvalGateStepInputs, logger: Logger): void {
  const { sharding } = inputs;
  logger.info(
    `results: ${inputs.results.join(', ')} (format ${inputs.format}, task ${inputs.task}); gates: ${inputs.gates ?? 'none'}; baseline: ${inputs.baseline ?? 'none'}; significance ${inputs.significance}; fail-on ${inputs.failOn}`,
  );
  const modeLine = shardModeLine(sharding);
  if (modeLine) logger.info(modeLine);
}

/** The report as this run made it: the stored baseline named by commit and age, a shard's label. */
function withRun(report: EvalReport, stored: StoredBaseline | undefined, sharding: ShardInputs): EvalReport {
  return {
    ...report,
    ...(stored ? { baselineResolution: stored.resolution } : {}),
    ...(stored?.source && report.baseline ? { baseline: { ...report.baseline, source: stored.source } } : {}),
    ...(sharding.mode === 'shard' ? { shard: String(sharding.shard) } : {}),
  };
}

/** Writes the report (and JUnit XML) and says everything the publisher needs about them. */
async function writeEvalFiles(report: EvalReport, inputs: EvalGateInputs): Promise<EvalGateResult> {
  const reportPath = path.resolve(inputs.workspace, inputs.reportPath);
  await writeReportFile(reportPath, report);
  const outputs: Record<string, string> = { report: reportPath };
  if (inputs.junitPath) {
    const junitPath = path.resolve(inputs.workspace, inputs.junitPath);
    await writeTextFile(junitPath, renderJunitXml(report), 'junit-path');
    outputs.junit = junitPath;
  }
  outputs.passed = String(report.passed);
  outputs.outcome = report.outcome;
  outputs.metrics = JSON.stringify(
    Object.fromEntries(Object.entries(report.metrics).map(([name, metric]) => [name, metric.value])),
  );
  outputs.summary = report.summary;
  return {
    report,
    reportPath,
    outputs,
    annotations: gateAnnotations(report, inputs.gates),
    summary: renderEvalSummary(report),
    lines: [`report: ${reportPath}`],
    verdict: evalVerdictLine(report),
    ...(failsOn(report.outcome, inputs.failOn) ? { failure: evalVerdictLine(report) } : {}),
  };
}

/** Failed and inconclusive gates, on the line of the gates file that declares them. */
export function gateAnnotations(report: EvalReport, gatesFile: string | undefined): Annotation[] {
  return report.gates
    .filter((gate) => gate.status !== 'pass')
    .map((gate) => ({
      level: gate.status === 'fail' ? 'error' : 'warning',
      message: gate.message,
      ...(gatesFile ? { file: gatesFile, line: gate.line, title: `mlgate gate: ${gate.metric}` } : {}),
    }));
}

/** mode: merge — every shard of this run, checked complete and of one run, read as one set of results. */
function downloadShards(inputs: EvalGateStepInputs, services: EvalGateServices): Promise<LoadedCases> {
  const { logger } = services;
  return logger.group('Downloading shards', async () => {
    const shards = await requireShards(services).download();
    checkShards(shards, {
      action: ACTION,
      expected: inputs.sharding.expectedShards,
      runId: inputs.context.runId,
      logger,
    });
    logger.info(`merging ${shards.length} shards: ${shards.map((shard) => shard.manifest.shard).join(', ')}`);
    return readEvalShards(
      shards.map((shard) => ({
        shard: `shard ${shard.manifest.shard}`,
        files: shardFiles(shard, 'results').map((item) => ({
          file: item.file,
          source: item.source ?? item.path,
          format: item.format,
        })),
      })),
      inputs.format,
      logger,
    );
  });
}

/** mode: shard — the shard's results files (read back by the merge job) and its report, as one artifact. */
async function uploadShard(
  result: EvalGateResult,
  inputs: EvalGateStepInputs,
  services: EvalGateServices,
): Promise<EvalGateResult> {
  const { report } = result;
  const shard = inputs.sharding.shard!;
  const uploaded = await services.logger.group(`Uploading shard ${shard}`, () =>
    requireShards(services).upload([
      ...report.sources.map((source) => ({
        file: path.resolve(inputs.workspace, source.file),
        role: 'results' as const,
        source: source.file,
        format: source.format,
      })),
      { file: result.reportPath, role: 'report' as const },
    ]),
  );
  return {
    ...result,
    outputs: { ...result.outputs, 'shard-artifact': uploaded.name },
    summary: `${result.summary}\n> Shard ${shard} of a sharded evaluation: these are its metrics only. The merge job (mode: merge) applies the gates once, over every shard.\n`,
    lines: [
      ...result.lines,
      `Shard ${shard}: ${report.counts.cases} cases uploaded as "${uploaded.name}". Gates are applied once, by the merge job (mode: merge); ` +
        'pr-eval-comment belongs after that job too: a shard job never comments.',
    ],
  };
}

function requireShards(services: { shards?: ShardService }): ShardService {
  if (!services.shards)
    throw new ConfigurationError(
      'mode: shard and mode: merge move shards between the jobs of a GitHub Actions run',
    );
  return services.shards;
}
