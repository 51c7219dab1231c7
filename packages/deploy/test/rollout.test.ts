import { describe, expect, test } from '@jest/globals';
import { rolloutInputs } from './rollout-inputs.js';
import { compileSchema, MemoryLogger } from '@mlgate/core';
import type { AnalysisSpec } from '../src/config.js';
import type { MeasureRequest, Measurement, MetricProvider } from '../src/metrics/types.js';
import { planRollout, runRollout, type RolloutOptions } from '../src/rollout.js';
import type { Router, RouterContext, TrafficSplit } from '../src/routers/types.js';
import { metricAnnotations } from '../src/annotations.js';
import { deployFailed } from '../src/deploy.js';
import { deployReportSchema } from '../src/report.js';
import { renderDeploySummary } from '../src/summary.js';

/** An in-memory router recording every split written. */
class MemoryRouter implements Router {
  readonly description = 'memory router';
  readonly canMirror = true;
  readonly resolution = 0.01;
  split: TrafficSplit = { weight: 0, mirror: 0 };
  readonly writes: TrafficSplit[] = [];
  /** Makes reads lie once the weight reaches this value (a router that does not apply writes). */
  stuckAt?: number;
  async read(_context: RouterContext): Promise<TrafficSplit> {
    return this.stuckAt !== undefined && this.split.weight >= this.stuckAt
      ? { ...this.split, weight: 0 }
      : { ...this.split };
  }
  async write(split: TrafficSplit, context: RouterContext): Promise<void> {
    context.signal?.throwIfAborted();
    this.writes.push({ ...split });
    this.split = { ...split };
  }
}

/** Error rate per canary weight, from a function. */
class RateProvider implements MetricProvider {
  constructor(private readonly rate: (weight: number) => number | undefined) {}
  async measure(request: MeasureRequest): Promise<Measurement> {
    const weight = Number(/w=(\d+)/.exec(request.query ?? '')?.[1]);
    return { query: request.query ?? '', value: this.rate(weight) };
  }
}

const analysis: AnalysisSpec = {
  file: 'deploy.yml',
  intervalMs: 5,
  count: 1,
  metrics: [
    {
      name: 'error-rate',
      provider: 'prometheus',
      query: 'errors{version="{{version}}"} w={{weight}}',
      samples: false,
      max: 0.05,
      line: 12,
    },
  ],
};

function options(
  router: MemoryRouter,
  rate: (weight: number) => number | undefined,
  overrides: Partial<RolloutOptions['inputs']> = {},
): RolloutOptions {
  return {
    inputs: rolloutInputs({ ...overrides }),
    router,
    routerKind: 'command',
    analysis,
    logger: new MemoryLogger(),
    providers: { prometheus: new RateProvider(rate) },
  };
}

const validate = compileSchema(deployReportSchema);

describe('planRollout', () => {
  test('canary, shadow (+ canary), blue-green', () => {
    const base = { steps: [5, 25, 100], shadowPercent: 30, shadowThenCanary: false, pauseAt: undefined };
    expect(planRollout({ ...base, strategy: 'canary' }).steps.map((step) => step.split.weight)).toEqual([
      5, 25, 100,
    ]);
    expect(planRollout({ ...base, strategy: 'shadow' })).toMatchObject({
      steps: [{ split: { weight: 0, mirror: 30 } }],
      finalSplit: { weight: 0, mirror: 0 },
    });
    expect(
      planRollout({ ...base, strategy: 'shadow', shadowThenCanary: true }).steps.map((step) => step.phase),
    ).toEqual(['shadow', 'canary', 'canary', 'canary']);
    expect(planRollout({ ...base, strategy: 'blue-green' }).steps.map((step) => step.split.weight)).toEqual([
      0, 100,
    ]);
    expect(planRollout({ ...base, strategy: 'canary', pauseAt: 25 }).pauseAfter).toBe(1);
  });
});

describe('runRollout', () => {
  test('a healthy canary is promoted through every step', async () => {
    const router = new MemoryRouter();
    const settled: string[] = [];
    const { report, state } = await runRollout({
      ...options(router, () => 0.01),
      onSettled: (result) => settled.push(result),
    });
    expect(report.result).toBe('promoted');
    expect(report.finalWeight).toBe(100);
    expect(router.writes.map((split) => split.weight)).toEqual([10, 50, 100]);
    expect(report.steps.map((step) => step.verdict)).toEqual(['pass', 'pass', 'pass']);
    expect(state).toMatchObject({ result: 'promoted', completedSteps: 3 });
    expect(settled).toEqual(['promoted']);
    expect(validate(report)).toBe(true);
  });

  test('a failing canary is rolled back to stable', async () => {
    const router = new MemoryRouter();
    const { report } = await runRollout(options(router, (weight) => (weight >= 50 ? 0.2 : 0.01)));
    expect(report.result).toBe('rolled-back');
    expect(router.split).toEqual({ weight: 0, mirror: 0 });
    expect(router.writes.map((split) => split.weight)).toEqual([10, 50, 0]);
    expect(report.steps.map((step) => step.verdict)).toEqual(['pass', 'fail']);
    // The verdict line carries the step, the metric, its value and the bound.
    expect(report.reason).toBe(
      'step 2 (canary 50%) failed: metric error-rate: 0.2 > max 0.05; 1 failed measurement (failure-limit 0)',
    );
    expect(report.summary).toContain('metric error-rate: 0.2 > max 0.05');
    expect(report.rollback).toMatchObject({ ok: true, reason: 'analysis-failed' });
    expect(report.transitions.at(-1)).toMatchObject({ from: 'rolling-back', to: 'rolled-back' });
    const summary = renderDeploySummary(report);
    expect(summary).toContain('| 2. canary 50% | 50% | ❌ fail |');
    expect(summary).toContain('xychart-beta');
    expect(validate(report)).toBe(true);
  });

  test('the failed metric is annotated on its line of the analysis file', async () => {
    const { report } = await runRollout(options(new MemoryRouter(), (weight) => (weight >= 50 ? 0.2 : 0.01)));
    expect(metricAnnotations(report, analysis)).toEqual([
      {
        level: 'error',
        message: expect.stringMatching(/^step 2 \(canary 50%\): metric error-rate fail: .*> max 0\.05/),
        title: 'mlgate canary-deploy: error-rate',
        file: 'deploy.yml',
        line: 12,
      },
    ]);
  });

  test('a failed rollback leaves the final weight unknown (null), never 0, and fails the step', async () => {
    const router = new MemoryRouter();
    const write = router.write.bind(router);
    router.write = async (split, context) => {
      if (split.weight === 0) throw new Error('connection refused');
      await write(split, context);
    };
    const { report } = await runRollout(options(router, (weight) => (weight >= 50 ? 0.2 : 0.01)));
    expect(router.split.weight).toBe(50);
    expect(report).toMatchObject({
      result: 'aborted',
      finalWeight: null,
      finalMirror: null,
      rollback: { ok: false, error: 'connection refused' },
    });
    expect(report.summary).toMatch(/^aborted: ROUTER STATE UNKNOWN, it may still send traffic to v2/);
    expect(report.summary).not.toMatch(/final weight/);
    expect(validate(report)).toBe(true);
    expect(deployFailed(report, 'never')).toBe(true);
    expect(deployFailed({ ...report, action: 'abort' }, 'error')).toBe(true);
    expect(renderDeploySummary(report)).toContain('The rollback to stable FAILED: connection refused');
  });

  test('no data: pause and retry up to the limit, then the fallback', async () => {
    const router = new MemoryRouter();
    const { report } = await runRollout(options(router, () => undefined));
    expect(report.result).toBe('rolled-back');
    expect(report.steps[0]).toMatchObject({ verdict: 'inconclusive' });
    expect(report.steps[0].analyses).toHaveLength(3); // first analysis + 2 retries
    const failing = await runRollout(
      options(new MemoryRouter(), () => Number.NaN, { inconclusiveFallback: 'fail' }),
    );
    expect(failing.report.result).toBe('aborted');
    const immediate = await runRollout(
      options(new MemoryRouter(), () => undefined, { inconclusivePolicy: 'rollback' }),
    );
    expect(immediate.report.steps[0].analyses).toHaveLength(1);
    expect(immediate.report.result).toBe('rolled-back');
  });

  test('data that appears during a retry lets the rollout continue', async () => {
    let calls = 0;
    const { report } = await runRollout(
      options(new MemoryRouter(), () => (++calls === 1 ? undefined : 0.01)),
    );
    expect(report.result).toBe('promoted');
    expect(report.steps[0].analyses).toHaveLength(2);
  });

  test('a router whose state does not read back as written: error and rollback', async () => {
    const router = new MemoryRouter();
    router.stuckAt = 50;
    const { report } = await runRollout(options(router, () => 0.01));
    expect(report.result).toBe('aborted');
    expect(report.reason).toMatch(/read back weight 0% after writing 50%/);
    expect(report.steps[1].verdict).toBe('aborted');
    expect(router.split.weight).toBe(0);
  });

  test('cancellation during a bake rolls back at once', async () => {
    const router = new MemoryRouter();
    const cancel = new AbortController();
    const started = Date.now();
    const running = runRollout({ ...options(router, () => 0.01, { bakeMs: 60_000 }), signal: cancel.signal });
    setTimeout(() => cancel.abort('SIGINT'), 50);
    const { report } = await running;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(report.result).toBe('aborted');
    expect(report.rollback).toMatchObject({ ok: true, reason: 'cancelled' });
    expect(router.split).toEqual({ weight: 0, mirror: 0 });
  });

  test('timeout rolls back', async () => {
    const router = new MemoryRouter();
    const { report } = await runRollout(options(router, () => 0.01, { bakeMs: 60_000, timeoutMs: 30 }));
    expect(report).toMatchObject({ result: 'aborted', rollback: { reason: 'timeout' } });
    expect(router.split.weight).toBe(0);
  });

  test('start holds at pause-at; promote continues from the router state; abort switches back', async () => {
    const router = new MemoryRouter();
    const start = await runRollout(options(router, () => 0.01, { action: 'start', pauseAt: 50 }));
    expect(start.report.result).toBe('paused');
    expect(start.state).toMatchObject({
      completedSteps: 2,
      split: { weight: 50, mirror: 0 },
      result: 'paused',
    });
    expect(router.split.weight).toBe(50);
    const promote = await runRollout({
      ...options(router, () => 0.01, { action: 'promote' }),
      state: start.state,
    });
    expect(promote.report.result).toBe('promoted');
    expect(router.writes.map((split) => split.weight)).toEqual([10, 50, 100]);
    const abort = await runRollout(options(router, () => 0.01, { action: 'abort' }));
    expect(abort.report.result).toBe('aborted');
    expect(router.split.weight).toBe(0);
  });

  test('promote refuses a router that differs from the start state (and rolls back)', async () => {
    const router = new MemoryRouter();
    const start = await runRollout(options(router, () => 0.01, { action: 'start' }));
    router.split = { weight: 70, mirror: 0 };
    const promote = await runRollout({
      ...options(router, () => 0.01, { action: 'promote' }),
      state: start.state,
    });
    expect(promote.report.result).toBe('aborted');
    expect(promote.report.reason).toMatch(/differs from the start job's state/);
    expect(router.split.weight).toBe(0);
  });

  test('shadow mirrors, then turns the mirror off; blue-green switches back on failure', async () => {
    const shadowRouter = new MemoryRouter();
    const shadow = await runRollout(options(shadowRouter, () => 0.01, { strategy: 'shadow' }));
    expect(shadow.report.result).toBe('promoted');
    expect(shadowRouter.writes).toEqual([
      { weight: 0, mirror: 20 },
      { weight: 0, mirror: 0 },
    ]);
    const blueGreen = new MemoryRouter();
    const switched = await runRollout(
      options(blueGreen, (weight) => (weight === 100 ? 0.5 : 0.01), { strategy: 'blue-green' }),
    );
    expect(switched.report.result).toBe('rolled-back');
    expect(blueGreen.writes.map((split) => split.weight)).toEqual([0, 100, 0]);
  });
});
