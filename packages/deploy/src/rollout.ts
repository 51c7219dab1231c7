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
  const rollout = new Rollout(options);
  await rollout.run();
  if (rollout.machine.phase === 'rolling-back') await rollout.rollBack();
  return rollout.outcome();
}

/** One run of runRollout: what its steps share (the machine, the step records, the split the router is known at). */
class Rollout {
  readonly startedAt = new Date().toISOString();
  readonly plan: RolloutPlan;
  readonly machine: RolloutMachine;
  private readonly records: StepRecord[] = [];
  /** The router's split as last read back; undefined while a write has not been read back. */
  private known: TrafficSplit | undefined;
  private completed: number;
  private stopMessage = '';
  /** The run's own signal: cancelled from outside, or timed out. */
  private readonly controller = new AbortController();
  private readonly monitor: SequentialMonitor | undefined;
  private sequentialErrors = 0;
  private readonly analyst: Analyst;
  /** Whether this run has written to the router (a smoke failure must leave it exactly as found). */
  private wrote = false;
  private smoke: DeployReport['smoke'];
  private rollback: DeployReport['rollback'];

  constructor(private readonly options: RolloutOptions) {
    const { inputs, logger } = options;
    this.plan = planRollout(inputs);
    this.machine = new RolloutMachine(
      inputs.action === 'promote' || inputs.action === 'abort' ? 'paused' : 'pending',
    );
    this.completed = options.state?.completedSteps ?? 0;
    const providers = { ...createProviders(options.analysis, options.cwd), ...options.providers };
    const sequentialSpec = options.analysis.sequential;
    this.monitor =
      sequentialSpec && inputs.action !== 'abort'
        ? new SequentialMonitor(sequentialSpec, providers.prometheus, inputs.versions, logger, this.signal)
        : undefined;
    this.analyst = new Analyst({
      spec: options.analysis,
      versions: inputs.versions,
      limits: { failureLimit: inputs.failureLimit, consecutiveErrorLimit: inputs.consecutiveErrorLimit },
      ledger: new AnalysisLedger(),
      logger,
      signal: this.signal,
      providers,
      cwd: options.cwd,
    });
  }

  private get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Runs the steps until promoted, paused or stopped; a stop leaves the machine rolling back. */
  async run(): Promise<void> {
    const { inputs, signal } = this.options;
    const onCancel = () =>
      this.controller.abort(new RolloutInterrupted('cancelled', 'the run was cancelled'));
    if (signal?.aborted) onCancel();
    signal?.addEventListener('abort', onCancel, { once: true });
    const timer = setTimeout(
      () =>
        this.controller.abort(
          new RolloutInterrupted(
            'timeout',
            `the rollout did not finish within the timeout (${formatDuration(inputs.timeoutMs)})`,
          ),
        ),
      inputs.timeoutMs,
    );
    try {
      await this.begin();
      await this.runSteps();
    } catch (error) {
      this.stop(error);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCancel);
    }
  }

  /** One router operation within router-timeout; the run's own abort (cancel, timeout) keeps its reason. */
  private async routerOp<T>(what: string, fn: (context: RouterContext) => Promise<T>): Promise<T> {
    const { signal, dispose } = withTimeout(this.signal, this.options.inputs.routerTimeoutMs, what);
    try {
      return await fn({ logger: this.options.logger, signal });
    } catch (error) {
      // A router timeout is an error of this operation; the run's own abort keeps its reason.
      if (this.signal.aborted) throw this.signal.reason;
      throw error;
    } finally {
      dispose();
    }
  }

  /** Reads the router, then resumes a paused rollout (promote) or runs the smoke checks and begins. */
  private async begin(): Promise<void> {
    const { inputs, router, logger } = this.options;
    if (inputs.action === 'abort') {
      throw new AnalysisStop('abort requested', 'abort-requested');
    }
    const observed = await this.routerOp('reading the router', (context) => router.read(context));
    this.known = observed;
    logger.info(`${router.description}: currently ${formatSplit(observed)} on ${inputs.versions.canary}`);
    if (inputs.action === 'promote') {
      this.resume(observed);
      return;
    }
    if (observed.weight > 0 || observed.mirror > 0)
      logger.warning(
        `the router already sends ${formatSplit(observed)} to the new version; the first step overwrites it`,
      );
    await this.smokeChecks();
    await this.monitor?.start(this.plan.steps[this.completed]?.split.weight ?? 0, this.completed + 1);
    this.machine.send({ type: 'begin' });
  }

  /** promote: only a paused rollout whose router still holds the split the start job left. */
  private resume(observed: TrafficSplit): void {
    const { router } = this.options;
    const state = this.options.state;
    if (!state) throw new Error('promote needs the state of the start job (input "state" or the state file)');
    if (state.result !== 'paused')
      throw new Error(`the rollout state says ${state.result}; only a paused rollout can be promoted`);
    if (!splitsMatch(observed, state.split, router.resolution + 1e-9))
      throw new ReadBackMismatch(
        state.split,
        observed,
        `${router.description} (differs from the start job's state)`,
      );
    this.machine.send({ type: 'resume' });
  }

  /** The new version's checks at 0 %, before any traffic: a failure stops before the first write. */
  private async smokeChecks(): Promise<void> {
    const { inputs, logger } = this.options;
    const checks = this.options.analysis.smoke ?? [];
    if (checks.length === 0) return;
    const result = await logger.group(`Smoke checks of ${inputs.versions.canary} at 0%`, () =>
      this.analyst.smoke(checks),
    );
    this.smoke = {
      verdict: result.verdict === 'pass' ? 'pass' : 'fail',
      reason: result.reason,
      checks: result.rounds[0]?.metrics ?? [],
    };
    if (result.verdict !== 'pass')
      throw new AnalysisStop(`smoke checks failed before any traffic step: ${result.reason}`, 'smoke-failed');
    logger.info(result.reason);
  }

  /** Every step from the first not yet completed; stops after the last one or where `start` holds. */
  private async runSteps(): Promise<void> {
    const { inputs, logger } = this.options;
    const { steps } = this.plan;
    const pauseAfter = inputs.action === 'start' ? this.plan.pauseAfter : -1;
    for (let index = this.completed; index < steps.length; index++) {
      const step = steps[index];
      const record = this.startRecord(step, index);
      await logger.group(`Step ${index + 1}/${steps.length}: ${step.label}`, async () => {
        await this.setSplit(step, index);
        await this.judgeStep(step, index, record);
      });
      record.finishedAt = new Date().toISOString();
      this.completed = index + 1;
      const last = index === steps.length - 1;
      if (last && !splitsMatch(this.plan.finalSplit, step.split, 0)) await this.setFinalSplit();
      const next = last ? 'promote' : index === pauseAfter ? 'pause' : 'next-step';
      this.machine.send({ type: 'analysis-passed', next });
      if (next !== 'next-step') {
        this.options.onSettled?.(next === 'promote' ? 'promoted' : 'paused');
        return;
      }
    }
  }

  private startRecord(step: PlannedStep, index: number): StepRecord {
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
    this.records.push(record);
    return record;
  }

  /** Writes the step's split and reads it back; a write refused before it took effect leaves it known. */
  private async setSplit(step: PlannedStep, index: number): Promise<void> {
    const { router, logger } = this.options;
    logger.info(`setting ${formatSplit(step.split)} on ${router.description}`);
    const before = this.known;
    this.known = undefined; // unknown between the write and its read-back
    this.wrote = true;
    this.known = await this.routerOp(`step ${index + 1}: setting the router`, async (context) => {
      try {
        await router.write(step.split, context);
      } catch (error) {
        // Refused before anything took effect: the router is where it was.
        if (error instanceof RouterUnchanged) this.known = before;
        throw error;
      }
      this.machine.send({ type: 'written' });
      const actual = await router.read(context);
      logger.info(`router read back: ${formatSplit(actual)}`);
      if (!splitsMatch(step.split, actual, router.resolution + 1e-9))
        throw new ReadBackMismatch(step.split, actual, router.description);
      return actual;
    });
    this.machine.send({ type: 'verified' });
  }

  private async setFinalSplit(): Promise<void> {
    const { finalSplit } = this.plan;
    this.options.logger.info(`analysis passed; setting the final split ${formatSplit(finalSplit)}`);
    this.known = await this.routerOp('setting the final split', (context) =>
      applySplit(this.options.router, finalSplit, context),
    );
  }

  /**
   * Bakes and analyses the step until it passes; a failure throws, and an inconclusive analysis is measured
   * again (pause policy, up to inconclusive-limit times) or throws.
   */
  private async judgeStep(step: PlannedStep, index: number, record: StepRecord): Promise<void> {
    const { inputs, logger } = this.options;
    let wait = inputs.bakeMs;
    for (let retries = 0; ; retries++) {
      logger.info(`baking for ${formatDuration(wait)}`);
      await this.bake(wait, record, step.label);
      this.machine.send({ type: 'baked' });
      const analysis = await this.analyst.analyseStep(step.split.weight, step.split.mirror, index + 1);
      record.analyses.push(...analysis.rounds);
      record.reason = analysis.reason;
      if (analysis.verdict === 'pass') {
        record.verdict = 'pass';
        logger.info(`step ${index + 1} passed: ${analysis.reason}`);
        return;
      }
      if (analysis.verdict === 'fail') {
        record.verdict = 'fail';
        throw new AnalysisStop(
          `step ${index + 1} (${step.label}) failed: ${analysis.reason}`,
          'analysis-failed',
        );
      }
      if (inputs.inconclusivePolicy !== 'pause' || retries >= inputs.inconclusiveLimit) {
        record.verdict = 'inconclusive';
        throw this.inconclusiveStop(step, index, retries, analysis.reason);
      }
      logger.warning(
        `step ${index + 1} inconclusive (${analysis.reason}); measuring again in ${formatDuration(this.options.analysis.intervalMs)} (retry ${retries + 1} of ${inputs.inconclusiveLimit})`,
      );
      this.machine.send({ type: 'retry-analysis' });
      wait = this.options.analysis.intervalMs;
    }
  }

  /** An analysis that stayed inconclusive: rolled back, and an error when the policy says fail. */
  private inconclusiveStop(step: PlannedStep, index: number, retries: number, reason: string): AnalysisStop {
    const { inputs } = this.options;
    const fail =
      inputs.inconclusivePolicy === 'fail' ||
      (inputs.inconclusivePolicy === 'pause' && inputs.inconclusiveFallback === 'fail');
    return new AnalysisStop(
      `step ${index + 1} (${step.label}) inconclusive${inputs.inconclusivePolicy === 'pause' ? ` after ${retries} retries` : ''}: ${reason}`,
      fail ? 'error' : 'inconclusive',
    );
  }

  /**
   * Bakes a step for `ms`. With sequential analysis the error counts are looked at every interval meanwhile, and
   * the step fails as soon as the canary is worse beyond the tolerance; otherwise it only waits.
   */
  private async bake(ms: number, record: StepRecord, label: string): Promise<void> {
    if (!this.monitor) return sleep(ms, this.signal);
    const until = Date.now() + ms;
    for (;;) {
      const left = until - Date.now();
      if (left <= 0) return;
      await sleep(Math.min(this.options.analysis.intervalMs, left), this.signal);
      await this.sequentialLook(this.monitor, record, label);
    }
  }

  /** One look of the sequential test; provider errors are tolerated up to consecutive-error-limit in a row. */
  private async sequentialLook(monitor: SequentialMonitor, record: StepRecord, label: string): Promise<void> {
    const { inputs, logger, analysis } = this.options;
    const name = analysis.sequential!.name;
    let look;
    try {
      look = await monitor.look(record.weight, record.index, label);
      this.sequentialErrors = 0;
    } catch (error) {
      if (this.signal.aborted) throw this.signal.reason;
      this.sequentialErrors++;
      const message = error instanceof Error ? error.message : String(error);
      if (this.sequentialErrors > inputs.consecutiveErrorLimit)
        throw new Error(
          `sequential ${name}: ${message}; ${this.sequentialErrors} consecutive errors (consecutive-error-limit ${inputs.consecutiveErrorLimit})`,
        );
      logger.warning(
        `sequential ${name}: ${message}; trying again in ${formatDuration(analysis.intervalMs)}`,
      );
      return;
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

  /** Whatever stopped the run: the running step is marked aborted with the message, and traffic goes back. */
  private stop(error: unknown): void {
    const { logger } = this.options;
    const reason: RollbackReason =
      error instanceof AnalysisStop
        ? error.reason
        : error instanceof RolloutInterrupted
          ? error.kind
          : 'error';
    this.stopMessage = error instanceof Error ? error.message : String(error);
    const running = this.records.find((record) => record.verdict === 'running');
    const current = this.records.at(-1);
    if (current && current.finishedAt === undefined) current.finishedAt = new Date().toISOString();
    // Errors name the step they stopped (analysis verdicts already do).
    if (running && !(error instanceof AnalysisStop) && !this.stopMessage.startsWith('step '))
      this.stopMessage = `step ${running.index} (${running.label}): ${this.stopMessage}`;
    if (running) {
      running.verdict = 'aborted';
      running.reason = this.stopMessage;
      running.finishedAt = new Date().toISOString();
    }
    if (reason === 'analysis-failed' || reason === 'inconclusive') logger.error(this.stopMessage);
    else if (reason !== 'abort-requested') logger.error(`rollout stopped (${reason}): ${this.stopMessage}`);
    this.machine.send({ type: 'rollback', reason });
  }

  /** Puts the router back on stable, unless nothing was changed; a failed rollback is recorded, never thrown. */
  async rollBack(): Promise<void> {
    const { inputs, router, logger } = this.options;
    const at = new Date().toISOString();
    const cancelled = this.machine.reason === 'cancelled';
    const reason = this.machine.reason ?? 'error';
    // Nothing to undo: the router was read on stable and every write since was refused before taking effect,
    // or the smoke checks failed before the first write (the router is left exactly as it was found).
    const untouched =
      (this.known !== undefined && splitsMatch(this.known, STABLE, 0)) ||
      (reason === 'smoke-failed' && !this.wrote);
    if (untouched) {
      const detail = `router unchanged${this.known ? ` at ${formatSplit(this.known)}` : ''}: nothing to roll back`;
      logger.info(detail);
      this.rollback = { at, reason, ok: true, detail };
      this.rolledBack();
      return;
    }
    const before = this.known;
    try {
      this.known = await rollbackToStable(
        router,
        logger,
        cancelled ? Math.min(inputs.routerTimeoutMs, CANCELLED_ROLLBACK_MS) : inputs.routerTimeoutMs,
      );
      this.rollback = { at, reason, ok: true };
      this.rolledBack();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // A rollback refused before it took effect leaves the router where it was, which is known.
      this.known = error instanceof RouterUnchanged ? before : undefined;
      logger.error(
        this.known
          ? `ROLLBACK FAILED: ${message}; the router still sends ${formatSplit(this.known)} to ${inputs.versions.canary}`
          : `ROLLBACK FAILED: ${message}; the router may still send traffic to ${inputs.versions.canary}`,
      );
      this.rollback = { at, reason, ok: false, error: message };
    }
  }

  private rolledBack(): void {
    this.machine.send({ type: 'rollback-done' });
    this.options.onSettled?.(this.machine.phase as RolloutResult);
  }

  /** The report and the state for the next job, from where the run ended. */
  outcome(): RolloutOutcome {
    const result: RolloutResult = this.machine.finished ? (this.machine.phase as RolloutResult) : 'aborted';
    const finishedAt = new Date().toISOString();
    const { inputs, routerKind } = this.options;
    const state: RolloutState = {
      kind: STATE_KIND,
      strategy: inputs.strategy,
      router: routerKind,
      completedSteps: result === 'paused' || result === 'promoted' ? this.completed : 0,
      split: this.known ?? STABLE,
      result,
      versions: inputs.versions,
      updatedAt: finishedAt,
    };
    return { report: this.report(result, finishedAt), state };
  }

  private reasonText(result: RolloutResult): string {
    const { inputs } = this.options;
    if (result === 'promoted')
      return inputs.strategy === 'shadow' && !inputs.shadowThenCanary
        ? 'the shadow analysis passed; the new version serves no user traffic yet'
        : `all ${this.plan.steps.length} steps passed`;
    if (result === 'paused' && this.known)
      return `held at ${formatSplit(this.known)} for approval after step ${this.completed} of ${this.plan.steps.length}`;
    return this.rollback?.ok === false
      ? `${this.stopMessage}; rollback failed: ${this.rollback.error}`
      : this.stopMessage;
  }

  private report(result: RolloutResult, finishedAt: string): DeployReport {
    const options = this.options;
    const { inputs, router } = options;
    const { known, rollback, smoke } = this;
    const reasonText = this.reasonText(result);
    const sequentialSpec = options.analysis.sequential;
    // Unknown (a write or the rollback failed before a read-back) is reported as null, never as 0: the router may
    // still send traffic to the new version.
    return {
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
      startedAt: this.startedAt,
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
              looks: this.monitor?.looks.length ?? 0,
            },
          }
        : {}),
      steps: this.records,
      transitions: this.machine.transitions,
      ...(rollback ? { rollback } : {}),
    };
  }
}
