/**
 * Runs a rollout through the state machine: each step sets the split, reads it back, bakes and is analysed;
 * whatever happens (analysis failure, error, timeout, cancellation) the router ends on stable unless the
 * rollout was promoted or deliberately held for approval.
 */
import { formatDuration, MLGATE_VERSION, type Logger, type RunContext } from '@mlgate/core';
import { RolloutInterrupted, sleep, withTimeout } from './abort.js';
import { Analyst, createProviders } from './analysis.js';
import type { AnalysisSpec, MetricSource } from './config.js';
import type { CanaryDeployInputs } from './inputs.js';
import { AnalysisLedger } from './judge.js';
import type { LineageCheck } from './lineage.js';
import { RolloutMachine, type RollbackReason, type RolloutResult } from './machine.js';
import type { MetricProvider } from './metrics/types.js';
import {
  DEPLOY_REPORT_KIND,
  DEPLOY_REPORT_VERSION,
  type DeployReport,
  type StepPhase,
  type StepRecord,
} from './report.js';
import { SequentialMonitor } from './monitor.js';
import {
  applySplit,
  formatSplit,
  ReadBackMismatch,
  RouterUnchanged,
  splitsMatch,
  STABLE,
  type Router,
  type RouterContext,
  type TrafficSplit,
} from './routers/types.js';
import { STATE_KIND, type RolloutState } from './state.js';

export interface PlannedStep {
  label: string;
  phase: StepPhase;
  split: TrafficSplit;
}

export interface RolloutPlan {
  steps: PlannedStep[];
  /** The split once the last step passed (shadow alone ends with the mirror off). */
  finalSplit: TrafficSplit;
  /** Index of the step after which `action: start` holds for approval. */
  pauseAfter: number;
}

export type PlanInputs = Pick<
  CanaryDeployInputs,
  'strategy' | 'steps' | 'shadowPercent' | 'shadowThenCanary' | 'pauseAt'
>;

export function planRollout(inputs: PlanInputs): RolloutPlan {
  const canary = inputs.steps.map((weight): PlannedStep => ({
    label: `canary ${weight}%`,
    phase: 'canary',
    split: { weight, mirror: 0 },
  }));
  switch (inputs.strategy) {
    case 'canary':
      return {
        steps: canary,
        finalSplit: canary[canary.length - 1].split,
        pauseAfter: inputs.pauseAt === undefined ? 0 : inputs.steps.indexOf(inputs.pauseAt),
      };
    case 'shadow': {
      const shadow: PlannedStep = {
        label: `shadow ${inputs.shadowPercent}%`,
        phase: 'shadow',
        split: { weight: 0, mirror: inputs.shadowPercent },
      };
      if (!inputs.shadowThenCanary) return { steps: [shadow], finalSplit: STABLE, pauseAfter: 0 };
      const pause =
        inputs.pauseAt === undefined || inputs.pauseAt === 0 ? 0 : inputs.steps.indexOf(inputs.pauseAt) + 1;
      return { steps: [shadow, ...canary], finalSplit: canary[canary.length - 1].split, pauseAfter: pause };
    }
    case 'blue-green':
      return {
        steps: [
          { label: 'analyse idle side', phase: 'idle', split: STABLE },
          { label: 'switch 100%', phase: 'switch', split: { weight: 100, mirror: 0 } },
        ],
        finalSplit: { weight: 100, mirror: 0 },
        pauseAfter: 0,
      };
  }
}

export interface RolloutOptions {
  inputs: Omit<
    CanaryDeployInputs,
    'workspace' | 'config' | 'configPath' | 'model' | 'stateFile' | 'reportPath' | 'failOn'
  > &
    Partial<CanaryDeployInputs>;
  router: Router;
  routerKind: string;
  analysis: AnalysisSpec;
  logger: Logger;
  /** Aborted on cancellation (SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** The state a `start` job left (promote). */
  state?: RolloutState;
  lineage?: LineageCheck;
  context?: RunContext;
  /** Called whenever the router is in a state the rollout meant to leave it in (for the post step). */
  onSettled?: (result: RolloutResult) => void;
  providers?: Partial<Record<MetricSource['provider'], MetricProvider>>;
  cwd?: string;
}

export interface RolloutOutcome {
  report: DeployReport;
  state: RolloutState;
}

/** The analysis said no (or could not say yes): traffic goes back to stable. */
class AnalysisStop extends Error {
  constructor(
    message: string,
    readonly reason: RollbackReason,
  ) {
    super(message);
  }
}

/** Rollback time when cancelled: the runner sends SIGTERM 7.5 s after SIGINT and kills 2.5 s later. */
const CANCELLED_ROLLBACK_MS = 5000;

/** Puts the router back on stable (weight 0, mirror off) and reads it back. */
export async function rollbackToStable(
  router: Router,
  logger: Logger,
  timeoutMs: number,
): Promise<TrafficSplit> {
  const { signal, dispose } = withTimeout(undefined, timeoutMs, 'rollback to stable');
  try {
    logger.info(`rolling back to stable on ${router.description}`);
    return await applySplit(router, STABLE, { logger, signal });
  } finally {
    dispose();
  }
}

export async function runRollout(options: RolloutOptions): Promise<RolloutOutcome> {
  const { inputs, router, logger } = options;
  const startedAt = new Date().toISOString();
  const plan = planRollout(inputs);
  const machine = new RolloutMachine(
    inputs.action === 'promote' || inputs.action === 'abort' ? 'paused' : 'pending',
  );
  const records: StepRecord[] = [];
  let known: TrafficSplit | undefined;
  let completed = options.state?.completedSteps ?? 0;
  let stopMessage = '';

  // The run's own signal: cancelled from outside, or timed out.
  const run = new AbortController();
  const onCancel = () => run.abort(new RolloutInterrupted('cancelled', 'the run was cancelled'));
  if (options.signal?.aborted) onCancel();
  options.signal?.addEventListener('abort', onCancel, { once: true });
  const timer = setTimeout(
    () =>
      run.abort(
        new RolloutInterrupted(
          'timeout',
          `the rollout did not finish within the timeout (${formatDuration(inputs.timeoutMs)})`,
        ),
      ),
    inputs.timeoutMs,
  );

  const routerOp = async <T>(what: string, fn: (context: RouterContext) => Promise<T>): Promise<T> => {
    const { signal, dispose } = withTimeout(run.signal, inputs.routerTimeoutMs, what);
    try {
      return await fn({ logger, signal });
    } catch (error) {
      // A router timeout is an error of this operation; the run's own abort keeps its reason.
      if (run.signal.aborted) throw run.signal.reason;
      throw error;
    } finally {
      dispose();
    }
  };

  const providers = { ...createProviders(options.analysis, options.cwd), ...options.providers };
  const sequentialSpec = options.analysis.sequential;
  const monitor =
    sequentialSpec && inputs.action !== 'abort'
      ? new SequentialMonitor(sequentialSpec, providers.prometheus, inputs.versions, logger, run.signal)
      : undefined;
  let sequentialErrors = 0;

  /**
   * Bakes a step for `ms`. With sequential analysis the error counts are looked at every interval meanwhile, and
   * the step fails as soon as the canary is worse beyond the tolerance; otherwise it only waits.
   */
  const bake = async (ms: number, record: StepRecord, label: string) => {
    if (!monitor) return sleep(ms, run.signal);
    const until = Date.now() + ms;
    for (;;) {
      const left = until - Date.now();
      if (left <= 0) return;
      await sleep(Math.min(options.analysis.intervalMs, left), run.signal);
      let look;
      try {
        look = await monitor.look(record.weight, record.index, label);
        sequentialErrors = 0;
      } catch (error) {
        if (run.signal.aborted) throw run.signal.reason;
        sequentialErrors++;
        const message = error instanceof Error ? error.message : String(error);
        if (sequentialErrors > inputs.consecutiveErrorLimit)
          throw new Error(
            `sequential ${sequentialSpec!.name}: ${message}; ${sequentialErrors} consecutive errors (consecutive-error-limit ${inputs.consecutiveErrorLimit})`,
          );
        logger.warning(
          `sequential ${sequentialSpec!.name}: ${message}; trying again in ${formatDuration(options.analysis.intervalMs)}`,
        );
        continue;
      }
      record.sequential = {
        looks: (record.sequential?.looks ?? 0) + 1,
        verdict: look.verdict,
        reason: look.reason,
        pValue: look.state.pValue,
        canaryRequests: look.state.canaryRequests,
        canaryErrors: look.state.canaryErrors,
        stableRequests: look.state.stableRequests,
        stableErrors: look.state.stableErrors,
      };
      if (look.verdict === 'fail') {
        record.verdict = 'fail';
        record.reason = look.reason;
        throw new AnalysisStop(`step ${record.index} (${label}) failed: ${look.reason}`, 'analysis-failed');
      }
    }
  };

  const analyst = new Analyst({
    spec: options.analysis,
    versions: inputs.versions,
    limits: { failureLimit: inputs.failureLimit, consecutiveErrorLimit: inputs.consecutiveErrorLimit },
    ledger: new AnalysisLedger(),
    logger,
    signal: run.signal,
    providers,
    cwd: options.cwd,
  });
  /** Whether this run has written to the router (a smoke failure must leave it exactly as found). */
  let wrote = false;
  let smoke: DeployReport['smoke'];

  try {
    if (inputs.action === 'abort') {
      throw new AnalysisStop('abort requested', 'abort-requested');
    }
    const observed = await routerOp('reading the router', (context) => router.read(context));
    known = observed;
    logger.info(`${router.description}: currently ${formatSplit(observed)} on ${inputs.versions.canary}`);
    if (inputs.action === 'promote') {
      const state = options.state;
      if (!state)
        throw new Error('promote needs the state of the start job (input "state" or the state file)');
      if (state.result !== 'paused')
        throw new Error(`the rollout state says ${state.result}; only a paused rollout can be promoted`);
      if (!splitsMatch(observed, state.split, router.resolution + 1e-9))
        throw new ReadBackMismatch(
          state.split,
          observed,
          `${router.description} (differs from the start job's state)`,
        );
      machine.send({ type: 'resume' });
    } else {
      if (observed.weight > 0 || observed.mirror > 0)
        logger.warning(
          `the router already sends ${formatSplit(observed)} to the new version; the first step overwrites it`,
        );
      const checks = options.analysis.smoke ?? [];
      if (checks.length > 0) {
        const result = await logger.group(`Smoke checks of ${inputs.versions.canary} at 0%`, () =>
          analyst.smoke(checks),
        );
        smoke = {
          verdict: result.verdict === 'pass' ? 'pass' : 'fail',
          reason: result.reason,
          checks: result.rounds[0]?.metrics ?? [],
        };
        if (result.verdict !== 'pass')
          throw new AnalysisStop(
            `smoke checks failed before any traffic step: ${result.reason}`,
            'smoke-failed',
          );
        logger.info(result.reason);
      }
      await monitor?.start(plan.steps[completed]?.split.weight ?? 0, completed + 1);
      machine.send({ type: 'begin' });
    }
    const pauseAfter = inputs.action === 'start' ? plan.pauseAfter : -1;

    for (let index = completed; index < plan.steps.length; index++) {
      const step = plan.steps[index];
      const record: StepRecord = {
        index: index + 1,
        label: step.label,
        phase: step.phase,
        weight: step.split.weight,
        mirror: step.split.mirror,
        startedAt: new Date().toISOString(),
        verdict: 'running',
        reason: '',
        analyses: [],
      };
      records.push(record);
      await logger.group(`Step ${index + 1}/${plan.steps.length}: ${step.label}`, async () => {
        logger.info(`setting ${formatSplit(step.split)} on ${router.description}`);
        const before = known;
        known = undefined; // unknown between the write and its read-back
        wrote = true;
        known = await routerOp(`step ${index + 1}: setting the router`, async (context) => {
          try {
            await router.write(step.split, context);
          } catch (error) {
            // Refused before anything took effect: the router is where it was.
            if (error instanceof RouterUnchanged) known = before;
            throw error;
          }
          machine.send({ type: 'written' });
          const actual = await router.read(context);
          logger.info(`router read back: ${formatSplit(actual)}`);
          if (!splitsMatch(step.split, actual, router.resolution + 1e-9))
            throw new ReadBackMismatch(step.split, actual, router.description);
          return actual;
        });
        machine.send({ type: 'verified' });
        let wait = inputs.bakeMs;
        let retries = 0;
        for (;;) {
          logger.info(`baking for ${formatDuration(wait)}`);
          await bake(wait, record, step.label);
          machine.send({ type: 'baked' });
          const analysis = await analyst.analyseStep(step.split.weight, step.split.mirror, index + 1);
          record.analyses.push(...analysis.rounds);
          record.reason = analysis.reason;
          if (analysis.verdict === 'pass') {
            record.verdict = 'pass';
            logger.info(`step ${index + 1} passed: ${analysis.reason}`);
            break;
          }
          if (analysis.verdict === 'fail') {
            record.verdict = 'fail';
            throw new AnalysisStop(
              `step ${index + 1} (${step.label}) failed: ${analysis.reason}`,
              'analysis-failed',
            );
          }
          if (inputs.inconclusivePolicy === 'pause' && retries < inputs.inconclusiveLimit) {
            retries++;
            logger.warning(
              `step ${index + 1} inconclusive (${analysis.reason}); measuring again in ${formatDuration(options.analysis.intervalMs)} (retry ${retries} of ${inputs.inconclusiveLimit})`,
            );
            machine.send({ type: 'retry-analysis' });
            wait = options.analysis.intervalMs;
            continue;
          }
          record.verdict = 'inconclusive';
          const fail =
            inputs.inconclusivePolicy === 'fail' ||
            (inputs.inconclusivePolicy === 'pause' && inputs.inconclusiveFallback === 'fail');
          throw new AnalysisStop(
            `step ${index + 1} (${step.label}) inconclusive${inputs.inconclusivePolicy === 'pause' ? ` after ${retries} retries` : ''}: ${analysis.reason}`,
            fail ? 'error' : 'inconclusive',
          );
        }
      });
      record.finishedAt = new Date().toISOString();
      completed = index + 1;
      const last = index === plan.steps.length - 1;
      if (last && !splitsMatch(plan.finalSplit, step.split, 0)) {
        logger.info(`analysis passed; setting the final split ${formatSplit(plan.finalSplit)}`);
        known = await routerOp('setting the final split', (context) =>
          applySplit(router, plan.finalSplit, context),
        );
      }
      const next = last ? 'promote' : index === pauseAfter ? 'pause' : 'next-step';
      machine.send({ type: 'analysis-passed', next });
      if (next !== 'next-step') {
        options.onSettled?.(next === 'promote' ? 'promoted' : 'paused');
        break;
      }
    }
  } catch (error) {
    const reason: RollbackReason =
      error instanceof AnalysisStop
        ? error.reason
        : error instanceof RolloutInterrupted
          ? error.kind
          : 'error';
    stopMessage = error instanceof Error ? error.message : String(error);
    const running = records.find((record) => record.verdict === 'running');
    const current = records.at(-1);
    if (current && current.finishedAt === undefined) current.finishedAt = new Date().toISOString();
    // Errors name the step they stopped (analysis verdicts already do).
    if (running && !(error instanceof AnalysisStop) && !stopMessage.startsWith('step '))
      stopMessage = `step ${running.index} (${running.label}): ${stopMessage}`;
    if (running) {
      running.verdict = 'aborted';
      running.reason = stopMessage;
      running.finishedAt = new Date().toISOString();
    }
    if (reason === 'analysis-failed' || reason === 'inconclusive') logger.error(stopMessage);
    else if (reason !== 'abort-requested') logger.error(`rollout stopped (${reason}): ${stopMessage}`);
    machine.send({ type: 'rollback', reason });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCancel);
  }

  let rollback: DeployReport['rollback'];
  if (machine.phase === 'rolling-back') {
    const at = new Date().toISOString();
    const cancelled = machine.reason === 'cancelled';
    const reason = machine.reason ?? 'error';
    // Nothing to undo: the router was read on stable and every write since was refused before taking effect,
    // or the smoke checks failed before the first write (the router is left exactly as it was found).
    const untouched =
      (known !== undefined && splitsMatch(known, STABLE, 0)) || (reason === 'smoke-failed' && !wrote);
    if (untouched) {
      const detail = `router unchanged${known ? ` at ${formatSplit(known)}` : ''}: nothing to roll back`;
      logger.info(detail);
      rollback = { at, reason, ok: true, detail };
      machine.send({ type: 'rollback-done' });
      options.onSettled?.(machine.phase as RolloutResult);
    } else {
      const before = known;
      try {
        known = await rollbackToStable(
          router,
          logger,
          cancelled ? Math.min(inputs.routerTimeoutMs, CANCELLED_ROLLBACK_MS) : inputs.routerTimeoutMs,
        );
        rollback = { at, reason, ok: true };
        machine.send({ type: 'rollback-done' });
        options.onSettled?.(machine.phase as RolloutResult);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        // A rollback refused before it took effect leaves the router where it was, which is known.
        known = error instanceof RouterUnchanged ? before : undefined;
        logger.error(
          known
            ? `ROLLBACK FAILED: ${message}; the router still sends ${formatSplit(known)} to ${inputs.versions.canary}`
            : `ROLLBACK FAILED: ${message}; the router may still send traffic to ${inputs.versions.canary}`,
        );
        rollback = { at, reason, ok: false, error: message };
      }
    }
  }

  const result: RolloutResult = machine.finished ? (machine.phase as RolloutResult) : 'aborted';
  const reasonText =
    result === 'promoted'
      ? inputs.strategy === 'shadow' && !inputs.shadowThenCanary
        ? 'the shadow analysis passed; the new version serves no user traffic yet'
        : `all ${plan.steps.length} steps passed`
      : result === 'paused' && known
        ? `held at ${formatSplit(known)} for approval after step ${completed} of ${plan.steps.length}`
        : rollback?.ok === false
          ? `${stopMessage}; rollback failed: ${rollback.error}`
          : stopMessage;
  const finishedAt = new Date().toISOString();
  // Unknown (a write or the rollback failed before a read-back) is reported as null, never as 0: the router may
  // still send traffic to the new version.
  const report: DeployReport = {
    kind: DEPLOY_REPORT_KIND,
    schemaVersion: DEPLOY_REPORT_VERSION,
    generatedAt: finishedAt,
    tool: { name: 'mlgate', version: MLGATE_VERSION },
    ...(options.context ? { context: options.context } : {}),
    action: inputs.action,
    strategy: inputs.strategy,
    router: { kind: options.routerKind, description: router.description },
    versions: inputs.versions,
    result,
    finalWeight: known ? known.weight : null,
    finalMirror: known ? known.mirror : null,
    reason: reasonText,
    summary: known
      ? `${result}: ${rollback?.detail ? 'router unchanged, final weight' : 'final weight'} ${formatSplit(known)} — ${reasonText}`
      : `${result}: ROUTER STATE UNKNOWN, it may still send traffic to ${inputs.versions.canary}; check ${router.description} by hand — ${reasonText}`,
    startedAt,
    finishedAt,
    ...(options.lineage ? { lineage: options.lineage } : {}),
    ...(smoke ? { smoke } : {}),
    ...(sequentialSpec
      ? {
          sequential: {
            name: sequentialSpec.name,
            alpha: sequentialSpec.alpha,
            relativeTolerance: sequentialSpec.relativeTolerance,
            absoluteTolerance: sequentialSpec.absoluteTolerance,
            looks: monitor?.looks.length ?? 0,
          },
        }
      : {}),
    steps: records,
    transitions: machine.transitions,
    ...(rollback ? { rollback } : {}),
  };
  const state: RolloutState = {
    kind: STATE_KIND,
    strategy: inputs.strategy,
    router: options.routerKind,
    completedSteps: result === 'paused' || result === 'promoted' ? completed : 0,
    split: known ?? STABLE,
    result,
    versions: inputs.versions,
    updatedAt: finishedAt,
  };
  return { report, state };
}
