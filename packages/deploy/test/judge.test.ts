import { describe, expect, test } from '@jest/globals';
import { MemoryLogger } from '@mlgate/core';
import { Analyst } from '../src/analysis.js';
import type { AnalysisSpec, MetricSpec } from '../src/config.js';
import { AnalysisLedger, judgeMetric } from '../src/judge.js';
import type { MeasureRequest, Measurement, MetricProvider } from '../src/metrics/types.js';

describe('judgeMetric', () => {
  test('min and max bounds', () => {
    expect(judgeMetric({ name: 'e', max: 0.05 }, { query: 'q', value: 0.01 }).verdict).toBe('pass');
    const failed = judgeMetric({ name: 'e', max: 0.05 }, { query: 'q', value: 0.2 });
    expect(failed).toMatchObject({ verdict: 'fail', reason: '0.2 > max 0.05' });
    expect(judgeMetric({ name: 'a', min: 0.9 }, { query: 'q', value: 0.8 }).verdict).toBe('fail');
  });

  test('no data and NaN are inconclusive, never a pass', () => {
    expect(judgeMetric({ name: 'e', max: 1 }, { query: 'q' })).toMatchObject({
      verdict: 'inconclusive',
      reason: 'no data for the canary',
    });
    expect(judgeMetric({ name: 'e', max: 1 }, { query: 'q', value: Number.NaN }).verdict).toBe(
      'inconclusive',
    );
    const compare = {
      direction: 'lower-is-better' as const,
      relativeTolerance: 0.1,
      significance: 0.05,
      minSamples: 5,
    };
    expect(
      judgeMetric({ name: 'e', compare }, { query: 'q', value: 1 }, { query: 'q', value: Number.NaN })
        .verdict,
    ).toBe('inconclusive');
  });

  test('a provider error is an error', () => {
    expect(judgeMetric({ name: 'e', max: 1 }, new Error('connection refused')).verdict).toBe('error');
  });

  test('relative tolerance against stable, in the metric direction', () => {
    const lower = {
      direction: 'lower-is-better' as const,
      relativeTolerance: 0.2,
      significance: 0.05,
      minSamples: 5,
    };
    expect(
      judgeMetric({ name: 'p95', compare: lower }, { query: 'q', value: 119 }, { query: 'q', value: 100 })
        .verdict,
    ).toBe('pass');
    expect(
      judgeMetric({ name: 'p95', compare: lower }, { query: 'q', value: 121 }, { query: 'q', value: 100 })
        .verdict,
    ).toBe('fail');
    const higher = { ...lower, direction: 'higher-is-better' as const };
    expect(
      judgeMetric({ name: 'acc', compare: higher }, { query: 'q', value: 0.79 }, { query: 'q', value: 1 })
        .verdict,
    ).toBe('fail');
    // Stable at 0: only the absolute tolerance gives slack.
    const zero = { ...lower, relativeTolerance: 0.5, absoluteTolerance: 0.01 };
    expect(
      judgeMetric({ name: 'err', compare: zero }, { query: 'q', value: 0.005 }, { query: 'q', value: 0 })
        .verdict,
    ).toBe('pass');
    expect(
      judgeMetric({ name: 'err', compare: zero }, { query: 'q', value: 0.02 }, { query: 'q', value: 0 })
        .verdict,
    ).toBe('fail');
  });

  test('Mann-Whitney: significantly worse canary fails, too few samples is inconclusive', () => {
    const compare = {
      direction: 'lower-is-better' as const,
      test: 'mann-whitney' as const,
      significance: 0.05,
      minSamples: 5,
    };
    const stable = [100, 102, 98, 101, 99, 103, 97, 100, 101, 99];
    const slow = stable.map((value) => value + 20);
    const worse = judgeMetric(
      { name: 'lat', compare },
      { query: 'q', value: 120, samples: slow },
      { query: 'q', value: 100, samples: stable },
    );
    expect(worse.verdict).toBe('fail');
    expect(worse.pValue).toBeLessThan(0.001);
    const same = judgeMetric(
      { name: 'lat', compare },
      { query: 'q', value: 100, samples: [...stable].reverse() },
      { query: 'q', value: 100, samples: stable },
    );
    expect(same.verdict).toBe('pass');
    const few = judgeMetric(
      { name: 'lat', compare },
      { query: 'q', value: 1, samples: [1, 2] },
      { query: 'q', value: 1, samples: stable },
    );
    expect(few.verdict).toBe('inconclusive');
  });
});

describe('AnalysisLedger limits (Argo Rollouts semantics)', () => {
  test('failure-limit: the metric fails once failures exceed the limit', () => {
    const ledger = new AnalysisLedger();
    const limits = { failureLimit: 2, consecutiveErrorLimit: 4 };
    expect(ledger.record('e', 'fail', limits)).toBeUndefined();
    expect(ledger.record('e', 'pass', limits)).toBeUndefined();
    expect(ledger.record('e', 'fail', limits)).toBeUndefined();
    expect(ledger.record('e', 'fail', limits)).toMatch(/3 failed measurements \(failure-limit 2\)/);
  });

  test('consecutive-error-limit: only consecutive errors count', () => {
    const ledger = new AnalysisLedger();
    const limits = { failureLimit: 0, consecutiveErrorLimit: 2 };
    expect(ledger.record('e', 'error', limits)).toBeUndefined();
    expect(ledger.record('e', 'error', limits)).toBeUndefined();
    expect(ledger.record('e', 'pass', limits)).toBeUndefined();
    expect(ledger.record('e', 'error', limits)).toBeUndefined();
    expect(ledger.record('e', 'error', limits)).toBeUndefined();
    expect(ledger.record('e', 'error', limits)).toMatch(/3 consecutive errors/);
  });
});

/** A provider answering from a script of values, recording what it was asked. */
class ScriptedProvider implements MetricProvider {
  readonly requests: MeasureRequest[] = [];
  constructor(private readonly answers: ((request: MeasureRequest) => Measurement | Error)[]) {}
  async measure(request: MeasureRequest): Promise<Measurement> {
    this.requests.push(request);
    const answer = (this.answers.shift() ?? (() => new Error('no more answers')))(request);
    if (answer instanceof Error) throw answer;
    return answer;
  }
}

const metric = (overrides: Partial<MetricSpec> = {}): MetricSpec => ({
  name: 'error-rate',
  provider: 'prometheus',
  query: 'sum(rate(errors{version="{{version}}"}[1m])) # w={{weight}} s={{step}}',
  samples: false,
  max: 0.05,
  ...overrides,
});

const spec = (metrics: MetricSpec[], extra: Partial<AnalysisSpec> = {}): AnalysisSpec => ({
  file: 'analysis.yml',
  intervalMs: 1,
  count: 1,
  metrics,
  ...extra,
});

function analyst(
  provider: MetricProvider,
  analysis: AnalysisSpec,
  limits = { failureLimit: 0, consecutiveErrorLimit: 2 },
) {
  const logger = new MemoryLogger();
  return {
    logger,
    analyst: new Analyst({
      spec: analysis,
      versions: { stable: 'v1', canary: 'v2' },
      limits,
      ledger: new AnalysisLedger(),
      logger,
      providers: { prometheus: provider },
    }),
  };
}

describe('Analyst', () => {
  test('renders placeholders and logs the rendered query and the value', async () => {
    const provider = new ScriptedProvider([(request) => ({ query: request.query!, value: 0.01 })]);
    const { analyst: a, logger } = analyst(provider, spec([metric()]));
    const result = await a.analyseStep(25, 0, 2);
    expect(result.verdict).toBe('pass');
    expect(provider.requests[0].query).toBe('sum(rate(errors{version="v2"}[1m])) # w=25 s=2');
    expect(logger.lines.map((line) => line.message)).toContain(
      'metric error-rate [canary] prometheus: sum(rate(errors{version="v2"}[1m])) # w=25 s=2 → 0.01',
    );
  });

  test('compares against the same query for stable', async () => {
    const provider = new ScriptedProvider([
      (request) => ({ query: request.query!, value: request.query!.includes('v2') ? 0.3 : 0.1 }),
      (request) => ({ query: request.query!, value: request.query!.includes('v2') ? 0.3 : 0.1 }),
    ]);
    const compare = {
      direction: 'lower-is-better' as const,
      relativeTolerance: 0.5,
      significance: 0.05,
      minSamples: 5,
    };
    const { analyst: a } = analyst(provider, spec([metric({ max: undefined, compare })]));
    const result = await a.analyseStep(10, 0, 1);
    expect(result.verdict).toBe('fail');
    expect(result.rounds[0].metrics[0]).toMatchObject({
      canary: 0.3,
      stable: 0.1,
      stableQuery: expect.stringContaining('"v1"'),
    });
  });

  test('the minimum-traffic guard makes a round inconclusive', async () => {
    const provider = new ScriptedProvider([(request) => ({ query: request.query!, value: 3 })]);
    const guarded = spec([metric()], {
      minTraffic: {
        provider: 'prometheus',
        query: 'sum(requests{version="{{version}}"})',
        samples: false,
        minRequests: 50,
      },
    });
    const { analyst: a } = analyst(provider, guarded);
    const result = await a.analyseStep(10, 0, 1);
    expect(result.verdict).toBe('inconclusive');
    expect(result.reason).toBe('only 3 requests to the canary (min-traffic 50)');
    // The guard does not apply to an idle side (blue/green before the switch).
    const idle = analyst(
      new ScriptedProvider([(request) => ({ query: request.query!, value: 0.01 })]),
      guarded,
    );
    expect((await idle.analyst.analyseStep(0, 0, 1)).verdict).toBe('pass');
  });

  test('provider errors are retried until consecutive-error-limit is exceeded', async () => {
    const provider = new ScriptedProvider([
      () => new Error('503'),
      () => new Error('503'),
      (request) => ({ query: request.query!, value: 0.01 }),
    ]);
    const { analyst: a } = analyst(provider, spec([metric()]));
    expect((await a.analyseStep(10, 0, 1)).verdict).toBe('pass');
    const failing = new ScriptedProvider([
      () => new Error('503'),
      () => new Error('503'),
      () => new Error('503'),
    ]);
    const second = analyst(failing, spec([metric()]));
    const result = await second.analyst.analyseStep(10, 0, 1);
    expect(result).toMatchObject({
      verdict: 'fail',
      reason: 'metric error-rate: canary: 503; 3 consecutive errors (consecutive-error-limit 2)',
    });
  });

  test('failures within failure-limit do not stop the step', async () => {
    const values = [0.2, 0.01, 0.01];
    const provider = new ScriptedProvider(
      values.map((value) => (request: MeasureRequest) => ({ query: request.query!, value })),
    );
    const { analyst: a } = analyst(provider, spec([metric()], { count: 3 }), {
      failureLimit: 1,
      consecutiveErrorLimit: 4,
    });
    const result = await a.analyseStep(10, 0, 1);
    expect(result.verdict).toBe('pass');
    expect(result.rounds).toHaveLength(3);
  });
});

describe('Analyst: an error rate given as errors and requests', () => {
  /** Answers from counters per version: errors and requests of the window. */
  const counters = (table: Record<string, { errors?: number; requests?: number }>) =>
    new ScriptedProvider(
      Array.from({ length: 16 }, () => (request: MeasureRequest) => {
        const version = /version="([^"]+)"/.exec(request.query!)![1];
        const value = table[version][request.query!.startsWith('errors') ? 'errors' : 'requests'];
        return { query: request.query!, value };
      }),
    );
  const counted = (overrides: Partial<MetricSpec> = {}): MetricSpec => ({
    name: 'error-rate',
    provider: 'prometheus',
    samples: false,
    counts: { errors: 'errors{version="{{version}}"}', requests: 'requests{version="{{version}}"}' },
    max: 0.05,
    compare: { direction: 'lower-is-better', relativeTolerance: 0.5, significance: 0.05, minSamples: 5 },
    ...overrides,
  });

  test('the counts of both sides reach the judge and the report; no errors series reads as 0 errors', async () => {
    const provider = counters({ v2: { requests: 75.4 }, v1: { errors: 14.2, requests: 1425 } });
    const { analyst: a, logger } = analyst(provider, spec([counted()]));
    const result = await a.analyseStep(5, 0, 1);
    expect(result.verdict).toBe('pass');
    expect(result.rounds[0].metrics[0]).toMatchObject({
      canary: 0,
      stable: 14 / 1425,
      counts: { canary: { errors: 0, requests: 75 }, stable: { errors: 14, requests: 1425 } },
      query: 'errors{version="v2"} / requests{version="v2"}',
    });
    expect(logger.lines.map((line) => line.message)).toContain(
      'metric error-rate [canary] prometheus: errors{version="v2"} / requests{version="v2"} → 0/75 = 0',
    );
  });

  test('at 100 % the canary is tested against the counts stable had in the step before', async () => {
    const provider = counters({ v2: { errors: 90, requests: 3000 }, v1: { errors: 15, requests: 1500 } });
    const { analyst: a } = analyst(provider, spec([counted({ max: undefined })]));
    expect((await a.analyseStep(50, 0, 3)).verdict).toBe('fail');
    const result = await a.analyseStep(100, 0, 4);
    const [metricResult] = result.rounds[0].metrics;
    expect(metricResult).toMatchObject({
      verdict: 'fail',
      stableFrom: { step: 3 },
      counts: { canary: { errors: 90, requests: 3000 }, stable: { errors: 15, requests: 1500 } },
    });
    expect(metricResult.reason).toMatch(
      /^canary 0\.03 \(90\/3000\) vs stable 0\.01 \(15\/1500\): worse than 1\.5 × stable, p [\d.e-]+ < 0\.05 \(stable as measured at step 3\)$/,
    );
  });

  test('no requests to the canary is no data (inconclusive), never a pass', async () => {
    const provider = counters({ v2: { errors: 0 }, v1: { errors: 3, requests: 300 } });
    const { analyst: a } = analyst(provider, spec([counted()]));
    const result = await a.analyseStep(5, 0, 1);
    expect(result.verdict).toBe('inconclusive');
    expect(result.reason).toBe('error-rate: no data for the canary');
  });
});
