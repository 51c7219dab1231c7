/** canary-deploy end to end, shared by the action and the CLI: config, lineage, state, rollout, report files. */
import {
  ConfigurationError,
  failsOn,
  writeReportFile,
  type Logger,
  type RunContext,
  type StepOutcome,
} from '@mlgate/core';
import { loadDeployConfig, type AnalysisSpec, type DeployConfig } from './config.js';
import type { CanaryDeployInputs } from './inputs.js';
import { checkLineage, type LineageCheck } from './lineage.js';
import type { RolloutResult } from './machine.js';
import type { DeployReport } from './report.js';
import { rollbackToStable, runRollout } from './rollout.js';
import { createRouter, mirrorHint } from './routers/index.js';
import type { Router } from './routers/types.js';
import { parseState, readStateFile, writeStateFile, type RolloutState } from './state.js';
import path from 'node:path';

export interface DeployRun {
  report: DeployReport;
  state: RolloutState;
  /** The analysis that judged the run (its metrics carry their lines in the analysis file). */
  analysis: AnalysisSpec;
}

export async function loadInputsConfig(
  inputs: CanaryDeployInputs,
): Promise<{ config: DeployConfig; router: Router }> {
  const config = await loadDeployConfig(
    inputs.router,
    inputs.configPath,
    inputs.config,
    inputs.analysisPath
      ? { file: inputs.analysisPath, displayName: inputs.analysis ?? inputs.analysisPath }
      : undefined,
  );
  const router = createRouter(config.router);
  if (inputs.strategy === 'shadow' && !router.canMirror) {
    const hint = mirrorHint(inputs.router);
    throw new ConfigurationError(
      `the ${inputs.router} router cannot mirror traffic, which the shadow strategy needs${hint ? ` (${hint})` : ''}`,
      { file: inputs.config, field: 'router' },
    );
  }
  return { config, router };
}

async function loadState(inputs: CanaryDeployInputs): Promise<RolloutState | undefined> {
  if (inputs.state) return parseState(inputs.state, 'input "state"');
  return readStateFile(
    inputs.stateFile,
    path.relative(inputs.workspace, inputs.stateFile) || inputs.stateFile,
  );
}

export interface DeployHooks {
  signal?: AbortSignal;
  context?: RunContext;
  onSettled?: (result: RolloutResult) => void;
  /** Called just before the router is first touched (the post step owes a rollback from then on). */
  onStart?: () => void;
}

export async function runCanaryDeploy(
  inputs: CanaryDeployInputs,
  logger: Logger,
  hooks: DeployHooks = {},
): Promise<DeployRun> {
  const { config, router } = await loadInputsConfig(inputs);
  logger.info(`router: ${router.description}`);
  if (config.analysis.metrics.length === 0 && inputs.action !== 'abort')
    logger.warning('no metrics in the analysis: steps are baked but nothing is judged', {
      file: config.analysis.file,
      field: 'metrics',
    });
  let lineage: LineageCheck | undefined;
  if (inputs.requireLineage && (inputs.action === 'rollout' || inputs.action === 'start')) {
    lineage = await logger.group('Lineage', async () => {
      const checked = await checkLineage(inputs.requireLineage!, inputs.model, inputs.workspace, {
        strict: inputs.requireLineageStrict,
      });
      logger.info(
        `model ${checked.modelId} matches ${checked.manifest}; evaluation ${checked.evaluation?.outcome}${checked.evaluation?.inconclusiveReason === 'no-baseline' ? ' (no baseline yet; its absolute gates passed)' : ''}`,
      );
      return checked;
    });
  }
  const state = inputs.action === 'promote' ? await loadState(inputs) : undefined;
  if (state) {
    if (state.strategy !== inputs.strategy)
      throw new ConfigurationError(
        `the start job used strategy ${state.strategy}, this job ${inputs.strategy}; use the same inputs in both jobs`,
      );
    logger.info(
      `continuing from the start job: ${state.completedSteps} steps done, router at ${state.split.weight}%`,
    );
  }
  hooks.onStart?.();
  const outcome = await runRollout({
    inputs,
    router,
    routerKind: inputs.router,
    analysis: config.analysis,
    logger,
    signal: hooks.signal,
    state,
    lineage,
    context: hooks.context,
    onSettled: hooks.onSettled,
    cwd: inputs.workspace,
  });
  await writeReportFile(inputs.reportPath, outcome.report);
  await writeStateFile(inputs.stateFile, outcome.state);
  return { ...outcome, analysis: config.analysis };
}

/** The post step: when the main step died before the router was settled, put it back on stable. */
export async function rollbackAfterCrash(inputs: CanaryDeployInputs, logger: Logger): Promise<void> {
  const { router } = await loadInputsConfig(inputs);
  const split = await rollbackToStable(router, logger, inputs.routerTimeoutMs);
  logger.info(`router back on stable: ${split.weight}% to ${inputs.versions.canary}`);
}

/**
 * The deploy's outcome for the fail-on rule: an analysis failure or an error fails; an explicit abort succeeds.
 * A router left in an unknown state, or a failed rollback, is unsafe: nobody may assume stable.
 */
export function deployOutcome(report: DeployReport): StepOutcome {
  if (report.finalWeight === null) return 'unsafe';
  // A rollback that failed leaves traffic on the new version, even when the router's state is known.
  if (report.rollback?.ok === false) return 'unsafe';
  if (report.result === 'rolled-back') return 'fail';
  return report.result === 'aborted' && report.action !== 'abort' ? 'fail' : 'pass';
}

/** Whether the step should fail: the one fail-on rule over deployOutcome. */
export function deployFailed(report: DeployReport, failOn: 'error' | 'never'): boolean {
  return failsOn(deployOutcome(report), failOn);
}
