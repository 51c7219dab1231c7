/**
 * Continuous monitoring: the sequential error-rate test (sequential.ts) fed with the requests and errors each
 * version served since the last look, read from cumulative Prometheus counters every `interval` while a step bakes.
 */
import { formatNumber, type Logger } from '@mlgate/core';
import type { SequentialSpec } from './config.js';
import type { MetricProvider } from './metrics/types.js';
import { errorRate, SequentialErrorTest, type SequentialState } from './sequential.js';
import { renderTemplate, templateValues } from './template.js';

export interface SequentialLook {
  at: string;
  step: number;
  weight: number;
  /** Counts since the start of the rollout and the test's state after this look. */
  state: SequentialState;
  verdict: 'pass' | 'fail';
  reason: string;
}

interface Counters {
  requests: number;
  errors: number;
}

/** Counter increase between two readings; a reading below the previous one is a restart (Prometheus' increase()). */
const increase = (now: number, before: number) => (now >= before ? now - before : now);

export class SequentialMonitor {
  private readonly test: SequentialErrorTest;
  private previous?: { canary: Counters; stable: Counters };
  readonly looks: SequentialLook[] = [];

  constructor(
    private readonly spec: SequentialSpec,
    private readonly provider: MetricProvider,
    private readonly versions: { stable: string; canary: string },
    private readonly logger: Logger,
    private readonly signal?: AbortSignal,
  ) {
    this.test = new SequentialErrorTest({
      alpha: spec.alpha,
      relativeTolerance: spec.relativeTolerance,
      absoluteTolerance: spec.absoluteTolerance,
      priorScale: spec.priorScale,
    });
  }

  private async read(side: 'stable' | 'canary', weight: number, step: number): Promise<Counters> {
    const values = templateValues(side, this.versions, weight, step);
    const one = async (template: string) => {
      const query = renderTemplate(template, values);
      const measured = await this.provider.measure({ query, samples: false, signal: this.signal });
      // A counter that does not exist yet (no error so far) has no series: 0 events.
      const value = measured.value ?? 0;
      if (!Number.isFinite(value) || value < 0)
        throw new Error(`sequential ${this.spec.name}: ${query} gave ${value}; expected a counter`);
      return value;
    };
    const [requests, errors] = await Promise.all([one(this.spec.requests), one(this.spec.errors)]);
    return { requests, errors };
  }

  /** The tolerance as the verdicts say it: "1.5", or "1.5 + 0.002 / stable rate" with an absolute tolerance. */
  private boundText(): string {
    const ratio = formatNumber(1 + this.spec.relativeTolerance);
    return this.spec.absoluteTolerance > 0
      ? `${ratio} + ${formatNumber(this.spec.absoluteTolerance)} / stable rate`
      : ratio;
  }

  /** The first reading: counts before this rollout are not part of the test. */
  async start(weight: number, step: number): Promise<void> {
    const [canary, stable] = await Promise.all([
      this.read('canary', weight, step),
      this.read('stable', weight, step),
    ]);
    this.previous = { canary, stable };
    this.logger.info(
      `sequential ${this.spec.name}: started (α ${this.spec.alpha}, canary/stable error-rate ratio bound ${this.boundText()})`,
    );
  }

  /** One look: reads the counters, updates the test; fail once the canary is worse beyond the tolerance. */
  async look(weight: number, step: number, label: string): Promise<SequentialLook> {
    if (!this.previous) await this.start(weight, step);
    const [canary, stable] = await Promise.all([
      this.read('canary', weight, step),
      this.read('stable', weight, step),
    ]);
    const before = this.previous!;
    const state = this.test.update({
      canaryRequests: increase(canary.requests, before.canary.requests),
      canaryErrors: increase(canary.errors, before.canary.errors),
      stableRequests: increase(stable.requests, before.stable.requests),
      stableErrors: increase(stable.errors, before.stable.errors),
    });
    this.previous = { canary, stable };
    const bound = this.boundText();
    const counts =
      `canary ${state.canaryErrors}/${state.canaryRequests} errors (${percent(errorRate(state.canaryErrors, state.canaryRequests))})` +
      ` vs stable ${state.stableErrors}/${state.stableRequests} (${percent(errorRate(state.stableErrors, state.stableRequests))})`;
    const verdict = state.rejected ? 'fail' : 'pass';
    const reason = state.rejected
      ? `${this.spec.name} = ${counts}: error-rate ratio beyond the bound ${bound}, always-valid p ${formatNumber(state.pValue)} < α ${this.spec.alpha} at step ${step} (${label})`
      : `${this.spec.name} = ${counts}: p ${formatNumber(state.pValue)} (α ${this.spec.alpha}, ratio bound ${bound})`;
    this.logger.info(`sequential ${reason}`);
    const look: SequentialLook = { at: new Date().toISOString(), step, weight, state, verdict, reason };
    this.looks.push(look);
    return look;
  }
}

const percent = (value: number) => (Number.isNaN(value) ? '—' : `${formatNumber(value * 100)}%`);
