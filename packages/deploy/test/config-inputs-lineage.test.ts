import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { ConfigurationError, describeError, InputDataError } from '@mlgate/core';
import { buildStatement, resolveArtifacts } from '@mlgate/lineage';
import { loadDeployConfig } from '../src/config.js';
import { parseCanaryDeployInputs, parseSteps } from '../src/inputs.js';
import { checkLineage } from '../src/lineage.js';
import { parseState } from '../src/state.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mlgate-deploy-config-'));
  await mkdir(path.join(dir, 'nginx'));
});

async function write(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

describe('deploy config', () => {
  test('nginx router settings and analysis are resolved (paths relative to the config file)', async () => {
    const file = await write(
      'ok.yml',
      `router:
  include-file: nginx/model.conf
  upstream: model
  stable: ['127.0.0.1:8001']
  canary: ['127.0.0.1:8002']
analysis:
  interval: 2s
  count: 2
  providers:
    prometheus: { url: 'http://127.0.0.1:9090' }
  min-traffic:
    provider: prometheus
    query: 'sum(increase(requests{version="{{version}}"}[1m]))'
    min-requests: 20
  metrics:
    - name: error-rate
      provider: prometheus
      query: 'sum(rate(errors{version="{{version}}"}[1m]))'
      max: 0.05
      compare: { relative-tolerance: 0.5 }
`,
    );
    const config = await loadDeployConfig('nginx', file, 'ok.yml');
    expect(config.router).toMatchObject({
      kind: 'nginx',
      settings: { includeFile: path.join(dir, 'nginx/model.conf'), mode: 'weights', nginx: 'nginx' },
    });
    expect(config.analysis).toMatchObject({ intervalMs: 2000, count: 2, minTraffic: { minRequests: 20 } });
    expect(config.analysis.metrics[0]).toMatchObject({
      name: 'error-rate',
      max: 0.05,
      compare: { direction: 'lower-is-better', relativeTolerance: 0.5 },
      line: 16,
    });
  });

  test.each([
    [
      'unknown field',
      'router:\n  socket: /s\n  backend: b\n  stable: [a]\n  canary: [b]\n  weight: 5\n',
      'haproxy',
      /router.weight: unknown field/,
    ],
    [
      'unknown placeholder',
      "router: { set: [a], get: [b] }\nanalysis:\n  metrics:\n    - { name: e, provider: command, command: ['x', '{{ver}}'], max: 1 }\n",
      'command',
      /unknown placeholder \{\{ver\}\}/,
    ],
    [
      'prometheus without url',
      'router: { set: [a], get: [b] }\nanalysis:\n  metrics:\n    - { name: e, provider: prometheus, query: up, max: 1 }\n',
      'command',
      /providers.prometheus.url is not set/,
    ],
    [
      'metric without a rule',
      "router: { set: [a], get: [b] }\nanalysis:\n  metrics:\n    - { name: e, provider: http, url: 'http://x' }\n",
      'command',
      /give min, max or compare/,
    ],
    [
      'wrong source field',
      'router: { set: [a], get: [b] }\nanalysis:\n  metrics:\n    - { name: e, provider: http, query: up, max: 1 }\n',
      'command',
      /needs "url"/,
    ],
  ])('%s is a ConfigurationError with a line', async (_name, text, kind, message) => {
    const file = await write(`bad-${_name.replace(/\s/g, '-')}.yml`, text);
    const error = await loadDeployConfig(kind as 'nginx', file, 'bad.yml').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).message).toMatch(message);
    expect((error as ConfigurationError).location?.line).toBeGreaterThan(0);
  });
});

describe('did you mean, for every key of the deploy config and the analysis spec', () => {
  const router = 'router: { set: [a], get: [b] }\n';
  const metric = "    - { name: e, provider: http, url: 'http://x', max: 1";
  test.each([
    ['an analysis key', `${router}analysis:\n  metric:\n${metric} }\n`, 'analysis.metric', 'metrics'],
    [
      'a metric key',
      `${router}analysis:\n  metrics:\n${metric}, provder: http }\n`,
      'analysis.metrics[0].provder',
      'provider',
    ],
    [
      'a compare key',
      `${router}analysis:\n  metrics:\n${metric}, compare: { relative-tolerence: 0.1 } }\n`,
      'analysis.metrics[0].compare.relative-tolerence',
      'relative-tolerance',
    ],
    [
      'a min-traffic key',
      `${router}analysis:\n  min-traffic: { provider: http, url: 'http://x', min-request: 5 }\n`,
      'analysis.min-traffic.min-request',
      'min-requests',
    ],
    ['a router key', 'router: { set: [a], get: [b], can-mirors: true }\n', 'router.can-mirors', 'can-mirror'],
    ['a top-level key', `${router}analyses:\n  count: 2\n`, 'analyses', 'analysis'],
  ])('%s', async (_name, text, field, meant) => {
    const file = await write(`typo-${field}.yml`, text);
    const error = await loadDeployConfig('command', file, 'deploy.yml').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).location).toMatchObject({ file: 'deploy.yml', field });
    expect((error as ConfigurationError).location?.line).toBeGreaterThan(0);
    expect(describeError(error)).toContain(
      `unknown field "${field.split('.').pop()}"; did you mean "${meant}"?`,
    );
  });

  test('in a separate analysis file too', async () => {
    const config = await write('typo-config.yml', router);
    const analysis = await write(
      'typo-analysis.yml',
      'interval: 1s\ncount: 2\nmetrics:\n  - name: e\n    provider: http\n    url: http://x\n    maximum: 1\n',
    );
    const error = await loadDeployConfig('command', config, 'deploy.yml', {
      file: analysis,
      displayName: 'analysis.yml',
    }).catch((caught: unknown) => caught);
    expect(describeError(error)).toBe(
      'analysis.yml:7 (field "metrics[0].maximum"): metrics[0].maximum: unknown field "maximum"; did you mean "max"?',
    );
  });
});

describe('inputs', () => {
  const source = (values: Record<string, string>) => (name: string) => values[name] ?? '';

  test('defaults and durations', () => {
    const inputs = parseCanaryDeployInputs(
      source({ router: 'nginx', config: 'deploy.yml', 'bake-time': '1s', timeout: '2m' }),
      '/ws',
    );
    expect(inputs).toMatchObject({
      action: 'rollout',
      strategy: 'canary',
      steps: [5, 10, 25, 50, 100],
      bakeMs: 1000,
      timeoutMs: 120_000,
      configPath: '/ws/deploy.yml',
      reportPath: '/ws/mlgate-reports/canary-deploy-report.json',
      inconclusivePolicy: 'pause',
      consecutiveErrorLimit: 4,
    });
  });

  test('steps must increase and end at 100; versions are identifiers', () => {
    expect(parseSteps('1, 5%, 100')).toEqual([1, 5, 100]);
    expect(() => parseSteps('10,5,100')).toThrow(/must increase/);
    expect(() => parseSteps('10,50')).toThrow(/must end at 100/);
    expect(() =>
      parseCanaryDeployInputs(
        source({ router: 'nginx', config: 'c', 'canary-version': 'v2"} or vector(1) #' }),
        '/ws',
      ),
    ).toThrow(/must contain only letters/);
    expect(() => parseCanaryDeployInputs(source({ router: 'envoy', config: 'c' }), '/ws')).toThrow(
      /must be one of nginx/,
    );
    expect(() =>
      parseCanaryDeployInputs(source({ router: 'nginx', config: 'c', 'pause-at': '30' }), '/ws'),
    ).toThrow(/pause-at/);
  });

  test('state from a start job is checked', () => {
    expect(() => parseState('{"kind":"other"}', 'input "state"')).toThrow(InputDataError);
  });
});

type Evaluation = { passed: boolean; evaluation?: Record<string, unknown> };

describe('require-lineage', () => {
  async function manifestFor(evaluation?: Evaluation) {
    const workspace = await mkdtemp(path.join(tmpdir(), 'mlgate-deploy-lineage-'));
    await mkdir(path.join(workspace, 'model'));
    await writeFile(path.join(workspace, 'model/model.onnx'), Buffer.alloc(1024, 3));
    const statement = buildStatement({
      name: 'tiny',
      version: '1.0.0',
      files: await resolveArtifacts(['model'], workspace),
      code: { commit: 'a'.repeat(40) },
      data: [],
      environment: { node: 'v20.0.0', lockfiles: [] },
    }) as unknown as { predicate: Record<string, unknown> };
    if (evaluation)
      statement.predicate.evaluation = {
        reportSha256: 'b'.repeat(64),
        outcome: evaluation.passed ? 'pass' : 'fail',
        passed: evaluation.passed,
        summary: evaluation.passed ? 'all gates passed' : 'accuracy 0.71 < min 0.8',
        metrics: {},
        gates: {
          total: 1,
          passed: evaluation.passed ? 1 : 0,
          failed: evaluation.passed ? 0 : 1,
          warned: 0,
          inconclusive: 0,
        },
        ...evaluation.evaluation,
      };
    await writeFile(path.join(workspace, 'lineage.json'), JSON.stringify(statement));
    return workspace;
  }

  test('a matching manifest with a passing evaluation is accepted', async () => {
    const workspace = await manifestFor({ passed: true });
    const check = await checkLineage('lineage.json', ['model'], workspace);
    expect(check).toMatchObject({
      manifest: 'lineage.json',
      modelId: expect.stringMatching(/^sha256:/),
      evaluation: { passed: true },
    });
  });

  test('missing manifest, changed model, failed or absent evaluation are refused', async () => {
    const workspace = await manifestFor({ passed: true });
    await expect(checkLineage('nope.json', ['model'], workspace)).rejects.toThrow(
      'lineage manifest not found',
    );
    await writeFile(path.join(workspace, 'model/model.onnx'), Buffer.alloc(1024, 4));
    await expect(checkLineage('lineage.json', ['model'], workspace)).rejects.toThrow(
      /does not match its lineage manifest: model\/model.onnx: sha256/,
    );
    await expect(
      checkLineage('lineage.json', ['model'], await manifestFor({ passed: false })),
    ).rejects.toThrow(/failed evaluation \(fail\): accuracy 0.71/);
    await expect(checkLineage('lineage.json', ['model'], await manifestFor())).rejects.toThrow(
      /records no evaluation/,
    );
  });
});

describe('require-lineage and a model evaluated without a baseline', () => {
  // Gates: f1 ≥ 0.8 passed; accuracy max-drop and faithfulness max-drop-relative had no baseline (the first push).
  const inconclusive = (reason: string | undefined, gates: Record<string, number>) => ({
    passed: false,
    evaluation: {
      outcome: 'inconclusive',
      ...(reason ? { inconclusiveReason: reason } : {}),
      summary: '1/3 gates passed, 2 without a baseline yet',
      gates: { total: 3, passed: 1, failed: 0, warned: 0, inconclusive: 2, ...gates },
    },
  });

  async function manifest(evaluation: Evaluation) {
    const workspace = await mkdtemp(path.join(tmpdir(), 'mlgate-deploy-first-'));
    await mkdir(path.join(workspace, 'model'));
    await writeFile(path.join(workspace, 'model/model.onnx'), Buffer.alloc(512, 9));
    const statement = buildStatement({
      name: 'tiny',
      version: '1',
      files: await resolveArtifacts(['model'], workspace),
      code: { commit: 'a'.repeat(40) },
      data: [],
      environment: { node: 'v20.0.0', lockfiles: [] },
    }) as unknown as { predicate: Record<string, unknown> };
    statement.predicate.evaluation = {
      reportSha256: 'b'.repeat(64),
      metrics: {},
      ...evaluation.evaluation,
      passed: evaluation.passed,
    };
    await writeFile(path.join(workspace, 'lineage.json'), JSON.stringify(statement));
    return workspace;
  }

  test('is accepted when nothing failed and every inconclusive gate lacked a baseline', async () => {
    const workspace = await manifest(inconclusive('no-baseline', { noBaseline: 2 }));
    await expect(checkLineage('lineage.json', ['model'], workspace)).resolves.toMatchObject({
      evaluation: { outcome: 'inconclusive', passed: false, inconclusiveReason: 'no-baseline' },
    });
  });

  test('is refused under require-lineage-strict', async () => {
    const workspace = await manifest(inconclusive('no-baseline', { noBaseline: 2 }));
    await expect(checkLineage('lineage.json', ['model'], workspace, { strict: true })).rejects.toThrow(
      /evaluation without a baseline .* require-lineage-strict refuses it/,
    );
  });

  test('an evaluation the data could not decide, a failure beside the missing baseline, or an old manifest are refused', async () => {
    for (const evaluation of [
      inconclusive('undecided', { noBaseline: 1 }),
      inconclusive('no-baseline', { noBaseline: 1 }), // one inconclusive gate did have a baseline
      inconclusive('no-baseline', { noBaseline: 2, failed: 1, passed: 0 }),
      inconclusive(undefined, {}), // written before lineage recorded the reason
    ]) {
      const workspace = await manifest(evaluation);
      await expect(checkLineage('lineage.json', ['model'], workspace)).rejects.toThrow(
        /records a failed evaluation \(inconclusive/,
      );
    }
  });
});
