/**
 * The rollout's checks around the steps: comparisons at steps where stable serves nothing, empty answers of
 * counters not created yet, refused router writes (router unchanged), smoke checks at 0 % and the sequential test.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { rolloutInputs } from './rollout-inputs.js';
import { compileSchema, ConfigurationError, MemoryLogger } from '@mlgate/core';
import { metricAnnotations } from '../src/annotations.js';
import { loadDeployConfig, type AnalysisSpec, type MetricSpec } from '../src/config.js';
import { deployFailed } from '../src/deploy.js';
import type { MeasureRequest, Measurement, MetricProvider } from '../src/metrics/types.js';
import { deployReportSchema } from '../src/report.js';
import { runRollout, type RolloutOptions } from '../src/rollout.js';
import { RouterUnchanged, type Router, type RouterContext, type TrafficSplit } from '../src/routers/types.js';
import { renderDeploySummary } from '../src/summary.js';

const validate = compileSchema(deployReportSchema);

/** An in-memory router; `refuse(split)` makes a write fail before it takes effect. */
class MemoryRouter implements Router {
  readonly description = 'memory router';
  readonly canMirror = true;
  readonly resolution = 0.01;
  split: TrafficSplit = { weight: 0, mirror: 0 };
  readonly writes: TrafficSplit[] = [];
  constructor(private readonly refuse: (split: TrafficSplit) => boolean = () => false) {}
  async read(_context: RouterContext): Promise<TrafficSplit> {
    return { ...this.split };
  }
  async write(split: TrafficSplit): Promise<void> {
    if (this.refuse(split))
      throw new RouterUnchanged(
        'nginx -t failed before any reload: /etc/nginx/router.conf line 3: unknown directive "upstrem"',
      );
    this.writes.push({ ...split });
    this.split = { ...split };
  }
}

/** Answers a query by calling `answer(side, weight, query)`; the side comes from {{version}} (v1 stable, v2 canary). */
class FakeProvider implements MetricProvider {
  readonly queries: string[] = [];
  constructor(
    private readonly answer: (side: 'stable' | 'canary', weight: number, query: string) => number | undefined,
  ) {}
  async measure(request: MeasureRequest): Promise<Measurement> {
    const query = request.query ?? request.url ?? request.command?.join(' ') ?? '';
    this.queries.push(query);
    const side = query.includes('v1') ? 'stable' : 'canary';
    const weight = Number(/w=(\d+)/.exec(query)?.[1] ?? 0);
    return { query, value: this.answer(side, weight, query) };
  }
}

const errorRate = (overrides: Partial<MetricSpec> = {}): MetricSpec => ({
  name: 'error-rate',
  provider: 'prometheus',
  query: 'errors{version="{{version}}"} w={{weight}}',
  samples: false,
  compare: { direction: 'lower-is-better', relativeTolerance: 0.5, significance: 0.05, minSamples: 5 },
  line: 7,
  ...overrides,
});

function options(
  router: MemoryRouter,
  provider: MetricProvider,
  analysis: Partial<AnalysisSpec>,
  inputs: Partial<RolloutOptions['inputs']> = {},
): RolloutOptions {
  return {
    inputs: rolloutInputs({ inconclusiveLimit: 1, ...inputs }),
    router,
    routerKind: 'command',
    analysis: { file: 'deploy.yml', intervalMs: 5, count: 1, metrics: [errorRate()], ...analysis },
    logger: new MemoryLogger(),
    providers: { prometheus: provider, command: provider, http: provider },
  };
}

describe('comparisons at steps where stable carries no traffic', () => {
  // Stable's rate over a window shorter than the step is 0/0 = NaN once it serves nothing.
  const rates = (canary: number) => (side: 'stable' | 'canary', weight: number) =>
    side === 'stable' ? (weight >= 100 ? Number.NaN : 0.01) : canary;

  test('the 100% step compares the canary with stable as measured in the previous step (recorded in the report)', async () => {
    const provider = new FakeProvider(rates(0.012));
    const { report } = await runRollout(options(new MemoryRouter(), provider, {}));
    expect(report.result).toBe('promoted');
    const last = report.steps[2].analyses[0].metrics[0];
    expect(last).toMatchObject({ verdict: 'pass', canary: 0.012, stable: 0.01, stableFrom: { step: 2 } });
    expect(last.reason).toBe('canary 0.012 vs stable 0.01 (limit 0.015) (stable as measured at step 2)');
    // Stable was not queried at 100 %.
    expect(provider.queries.filter((query) => query.includes('v1') && query.includes('w=100'))).toEqual([]);
    expect(validate(report)).toBe(true);
  });

  test('the recorded stable value still fails a canary worse beyond the tolerance at 100%', async () => {
    const provider = new FakeProvider((side, weight) =>
      side === 'stable' ? (weight >= 100 ? Number.NaN : 0.01) : weight >= 100 ? 0.03 : 0.01,
    );
    const { report } = await runRollout(options(new MemoryRouter(), provider, {}));
    expect(report.result).toBe('rolled-back');
    expect(report.reason).toBe(
      'step 3 (canary 100%) failed: metric error-rate: canary 0.03 vs stable 0.01 (limit 0.015): worse than stable beyond tolerance (stable as measured at step 2); 1 failed measurement (failure-limit 0)',
    );
  });

  test('without an earlier stable measurement the absolute bounds decide; without bounds the step is inconclusive', async () => {
    const bounded = await runRollout(
      options(
        new MemoryRouter(),
        new FakeProvider(rates(0.012)),
        { metrics: [errorRate({ max: 0.02 })] },
        { steps: [100] },
      ),
    );
    expect(bounded.report.result).toBe('promoted');
    expect(bounded.report.steps[0].analyses[0].metrics[0]).toMatchObject({
      stableFrom: 'bounds',
      verdict: 'pass',
    });

    const unbounded = await runRollout(
      options(new MemoryRouter(), new FakeProvider(rates(0.012)), {}, { steps: [100] }),
    );
    expect(unbounded.report.result).toBe('rolled-back');
    expect(unbounded.report.reason).toMatch(
      /stable carries no traffic at 100% and was not measured in an earlier step; give min or max/,
    );
  });

  test('blue/green: the switch is compared with stable as measured while the idle side was analysed', async () => {
    const { report } = await runRollout(
      options(new MemoryRouter(), new FakeProvider(rates(0.011)), {}, { strategy: 'blue-green' }),
    );
    expect(report.result).toBe('promoted');
    expect(report.steps[1].analyses[0].metrics[0]).toMatchObject({ stableFrom: { step: 1 }, stable: 0.01 });
  });
});

describe('empty answers (a counter not created before its first event)', () => {
  const guard = {
    provider: 'prometheus' as const,
    query: 'requests{version="{{version}}"} w={{weight}}',
    samples: false,
    minRequests: 10,
  };

  test('empty: zero reads no series as 0 and promotes an error-free canary', async () => {
    const provider = new FakeProvider((side, weight, query) =>
      query.startsWith('requests') ? 100 : side === 'stable' && weight < 100 ? 0.01 : undefined,
    );
    const { report } = await runRollout(
      options(new MemoryRouter(), provider, {
        minTraffic: guard,
        metrics: [errorRate({ empty: 'zero', max: 0.05 })],
      }),
    );
    expect(report.result).toBe('promoted');
    expect(report.steps[0].analyses[0].metrics[0]).toMatchObject({ canary: 0, verdict: 'pass' });
  });

  test('a dead target is still no data: the guard finds no requests and the step is inconclusive', async () => {
    const provider = new FakeProvider(() => undefined);
    const { report } = await runRollout(
      options(new MemoryRouter(), provider, {
        minTraffic: guard,
        metrics: [errorRate({ empty: 'zero', max: 0.05 })],
      }),
    );
    expect(report.result).toBe('rolled-back');
    expect(report.reason).toMatch(
      /inconclusive after 1 retries: only unknown \(no data\) requests to the canary/,
    );
  });

  /** Loads a deploy config whose analysis has one metric (YAML lines after its name), or the error. */
  const withMetric = async (metric: string) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mlgate-metric-'));
    const file = path.join(dir, 'analysis.yml');
    await writeFile(
      file,
      `router: { set: ['true'], get: ['true'] }
analysis:
  providers: { prometheus: { url: 'http://127.0.0.1:9090' } }
  metrics:
    - name: error-rate
${metric
  .trim()
  .split('\n')
  .map((line) => `      ${line}`)
  .join('\n')}
`,
    );
    return loadDeployConfig('command', file, 'deploy.yml').catch((caught: unknown) => caught);
  };

  test('empty: zero without a min-traffic guard is a configuration error naming the line', async () => {
    const error = await withMetric(`
provider: prometheus
query: 'sum(rate(errors_total[1m]))'
empty: zero
max: 0.1`);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ location: { file: 'deploy.yml', line: 8, field: 'metrics[0].empty' } });
    expect((error as Error).message).toMatch(/needs a min-traffic guard/);
  });

  test('an error rate as errors and requests: both PromQL, counted, nothing that needs samples', async () => {
    const config = await withMetric(`
provider: prometheus
errors: 'sum(increase(e{version="{{version}}"}[5m]))'
requests: 'sum(increase(r{version="{{version}}"}[5m]))'
max: 0.02
compare: { relative-tolerance: 0.5 }`);
    expect((config as { analysis: AnalysisSpec }).analysis.metrics[0]).toMatchObject({
      counts: {
        errors: 'sum(increase(e{version="{{version}}"}[5m]))',
        requests: 'sum(increase(r{version="{{version}}"}[5m]))',
      },
      compare: { relativeTolerance: 0.5, significance: 0.05 },
    });
    const cases: [string, string, number, RegExp][] = [
      ['provider: prometheus\nerrors: e\nmax: 0.1', 'metrics[0] (error-rate).errors', 7, /go together/],
      [
        'provider: command\nerrors: e\nrequests: r\nmax: 0.1',
        'metrics[0] (error-rate).provider',
        6,
        /use provider: prometheus/,
      ],
      [
        'provider: prometheus\nerrors: e\nrequests: r\nquery: q\nmax: 0.1',
        'metrics[0] (error-rate).query',
        9,
        /does not apply/,
      ],
      [
        'provider: prometheus\nerrors: e\nrequests: r\ncompare: { test: mann-whitney }',
        'metrics[0] (error-rate).compare',
        9,
        /remove "test"/,
      ],
      [
        'provider: prometheus\nerrors: "e{{versoin}}"\nrequests: r\nmax: 0.1',
        'metrics[0] (error-rate).errors',
        7,
        /versoin/,
      ],
    ];
    for (const [metric, field, line, message] of cases) {
      const error = await withMetric(metric);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect({
        field: (error as ConfigurationError).location?.field,
        line: (error as ConfigurationError).location?.line,
      }).toEqual({ field, line });
      expect((error as Error).message).toMatch(message);
    }
  });
});

describe('router unchanged', () => {
  test('a first write refused before any change: aborted, final weight 0, nothing rolled back, no UNKNOWN', async () => {
    const router = new MemoryRouter(() => true);
    const { report } = await runRollout(options(router, new FakeProvider(() => 0.01), {}));
    expect(report).toMatchObject({
      result: 'aborted',
      finalWeight: 0,
      finalMirror: 0,
      rollback: { ok: true, detail: 'router unchanged at 0%: nothing to roll back' },
    });
    expect(router.writes).toEqual([]);
    expect(report.summary).toBe(
      'aborted: router unchanged, final weight 0% — step 1 (canary 10%): nginx -t failed before any reload: /etc/nginx/router.conf line 3: unknown directive "upstrem"',
    );
    expect(report.summary).not.toMatch(/UNKNOWN|ROLLBACK FAILED/);
    expect(deployFailed(report, 'error')).toBe(true);
    expect(validate(report)).toBe(true);
  });

  test('a rollback refused before any change leaves a known weight: reported, and the step fails even with fail-on never', async () => {
    // Step 2's write and the rollback are refused (someone broke the config mid-rollout): traffic stays at 10 %.
    const router = new MemoryRouter((split) => split.weight !== 10);
    const { report } = await runRollout(options(router, new FakeProvider(() => 0.01), {}));
    expect(report).toMatchObject({ result: 'aborted', finalWeight: 10, rollback: { ok: false } });
    expect(report.summary).toMatch(
      /^aborted: final weight 10% — step 2 \(canary 50%\): nginx -t failed.*; rollback failed: nginx -t failed/,
    );
    expect(deployFailed(report, 'never')).toBe(true);
  });
});

describe('smoke checks at 0 %', () => {
  const smoke = [
    { name: 'health', provider: 'http' as const, url: 'http://v2/health', samples: false, min: 1, line: 4 },
  ];

  test('a failed smoke check aborts before any write: the router is untouched', async () => {
    const router = new MemoryRouter();
    router.split = { weight: 3, mirror: 0 }; // whatever was there, stays there
    const provider = new FakeProvider((_side, _weight, query) => (query.includes('health') ? 0 : 0.01));
    const { report } = await runRollout(options(router, provider, { smoke }));
    expect(router.writes).toEqual([]);
    expect(report).toMatchObject({
      result: 'aborted',
      finalWeight: 3,
      smoke: { verdict: 'fail', checks: [{ name: 'health', verdict: 'fail', canary: 0 }] },
      steps: [],
    });
    expect(report.reason).toBe('smoke checks failed before any traffic step: smoke check health: 0 < min 1');
    const annotations = metricAnnotations(report, {
      file: 'deploy.yml',
      intervalMs: 1,
      count: 1,
      metrics: [],
      smoke,
    });
    expect(annotations).toEqual([
      expect.objectContaining({
        level: 'error',
        line: 4,
        message: expect.stringMatching(/smoke check health failed .*0 < min 1/),
      }),
    ]);
    expect(renderDeploySummary(report)).toContain('Smoke checks at 0 %, before any traffic: ❌');
    expect(validate(report)).toBe(true);
  });

  test('passing smoke checks let the rollout start; a check without bounds passes when its provider answers', async () => {
    const router = new MemoryRouter();
    const { report } = await runRollout(
      options(router, new FakeProvider(() => 1), {
        smoke: [...smoke, { name: 'predict', provider: 'command', command: ['./smoke.sh'], samples: false }],
        metrics: [errorRate({ compare: undefined, max: 2 })],
      }),
    );
    expect(report.result).toBe('promoted');
    expect(report.smoke).toMatchObject({ verdict: 'pass', reason: '2 smoke checks passed' });
    expect(router.writes.map((split) => split.weight)).toEqual([10, 50, 100]);
  });
});

describe('sequential analysis during the bake', () => {
  /** Cumulative counters growing with the clock: 100 requests/s, split by the router's weight. */
  function counters(router: MemoryRouter, canaryErrorRate: number) {
    const started = Date.now();
    const total = { canary: { requests: 0, errors: 0 }, stable: { requests: 0, errors: 0 } };
    let last = started;
    const advance = () => {
      const now = Date.now();
      const requests = (now - last) / 10;
      last = now;
      const share = router.split.weight / 100;
      total.canary.requests += requests * share;
      total.canary.errors += requests * share * canaryErrorRate;
      total.stable.requests += requests * (1 - share);
      total.stable.errors += requests * (1 - share) * 0.01;
    };
    return new FakeProvider((side, _weight, query) => {
      advance();
      return Math.round(query.startsWith('errors') ? total[side].errors : total[side].requests);
    });
  }
  const sequential = {
    name: 'errors-sequential',
    requests: 'requests{version="{{version}}"}',
    errors: 'errors{version="{{version}}"}',
    alpha: 0.05,
    relativeTolerance: 0.5,
    absoluteTolerance: 0,
    priorScale: 1,
    line: 9,
  };

  test('a 30%-error canary is stopped during its first bake, long before the fixed-window analysis', async () => {
    const router = new MemoryRouter();
    const started = Date.now();
    const { report } = await runRollout(
      options(
        router,
        counters(router, 0.3),
        { intervalMs: 50, sequential, metrics: [errorRate({ compare: undefined, max: 0.05 })] },
        { bakeMs: 20_000 },
      ),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(report.result).toBe('rolled-back');
    expect(report.steps).toHaveLength(1);
    expect(report.steps[0].analyses).toEqual([]); // the fixed-window analysis never ran
    expect(report.steps[0].sequential).toMatchObject({ verdict: 'fail' });
    expect(report.reason).toMatch(
      /^step 1 \(canary 10%\) failed: errors-sequential = canary \d+\/\d+ errors \(\d+(\.\d+)?%\) vs stable \d+\/\d+ \(\d+(\.\d+)?%\): error-rate ratio beyond the bound 1\.5, always-valid p [\d.e-]+ < α 0\.05 at step 1 \(canary 10%\)$/,
    );
    expect(router.writes.map((split) => split.weight)).toEqual([10, 0]);
    expect(
      metricAnnotations(report, { file: 'deploy.yml', intervalMs: 1, count: 1, metrics: [], sequential }),
    ).toEqual([expect.objectContaining({ level: 'error', line: 9 })]);
    expect(validate(report)).toBe(true);
  });

  test('a healthy canary runs every step with the test looking along', async () => {
    const router = new MemoryRouter();
    const { report } = await runRollout(
      options(
        router,
        counters(router, 0.01),
        { intervalMs: 20, sequential, metrics: [errorRate({ compare: undefined, max: 0.05 })] },
        { bakeMs: 200 },
      ),
    );
    expect(report.result).toBe('promoted');
    expect(report.sequential).toMatchObject({ name: 'errors-sequential', looks: expect.any(Number) });
    expect(report.steps.every((step) => step.sequential?.verdict === 'pass')).toBe(true);
  });
});
