/**
 * End to end, the analysis as users write it: the bundled canary-deploy action (dist/canary-deploy/index.js) with
 * the documented analysis examples at their documented window/bake proportions (time-scaled), counters that do not
 * exist before the first error, a typo in the user's nginx configuration, smoke checks at 0 % and the sequential
 * test — against real nginx and a real Prometheus, under live load.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect } from '@jest/globals';
import YAML from 'yaml';
import { startAction } from './canary/action-process.js';
import type { FinishedAction } from './canary/action-process.js';
import { QUERIES, startBench, startNginxFor, writeDeployConfig } from './canary/bench.js';
import type { Bench, ModelPair } from './canary/bench.js';
import { measureSplit } from './canary/load.js';
import { sleep } from './canary/processes.js';
import { startNginx } from './canary/servers.js';
import { readNginxCanaryPercent } from './canary/weights.js';
import { canaryHarness } from './canary/harness.js';
import { makeWorkspace, repoRoot } from './runner.js';

const SCENARIOS = ['docs', 'readme', 'empty', 'typo', 'folder', 'sequential', 'smoke', 'counted'] as const;
type Scenario = (typeof SCENARIOS)[number];

const LOAD = { concurrency: 8, ratePerSecond: 250 };

// ---------------------------------------------------------------------------------------------------------
// The documented examples, time-scaled

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function durationMs(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new Error(`not a duration: ${text}`);
  return Number(match[1]) * UNIT_MS[match[2]];
}

const scaled = (text: string, factor: number) => `${Math.round(durationMs(text) * factor)}ms`;

/** PromQL range and subquery durations ([5m], [5m:30s]) times `factor`, in milliseconds. */
export function scaleQuery(query: string, factor: number): string {
  return query.replace(
    /\[(\d+(?:ms|s|m|h))(?::(\d+(?:ms|s|m|h)))?\]/g,
    (_whole, range: string, resolution?: string) =>
      `[${scaled(range, factor)}${resolution ? `:${scaled(resolution, factor)}` : ''}]`,
  );
}

/** The smallest PromQL window in a set of queries. */
function smallestWindowMs(queries: string[]): number {
  const windows = queries.flatMap((query) =>
    [...query.matchAll(/\[(\d+(?:ms|s|m|h))(?::(\d+(?:ms|s|m|h)))?\]/g)].map((match) => durationMs(match[1])),
  );
  return Math.min(...windows);
}

interface Documented {
  /** The `analysis` section as documented. */
  analysis: Record<string, unknown>;
  steps: string;
  bakeTime: string;
}

/** YAML blocks of a Markdown file, parsed. */
function yamlBlocks(file: string): unknown[] {
  const text = readFileSync(path.join(repoRoot, file), 'utf8');
  return [...text.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((match) => YAML.parse(match[1]) as unknown);
}

/** The canary-deploy `with:` of the first workflow step in the blocks (steps list or jobs). */
function canaryStepInputs(blocks: unknown[]): Record<string, string> {
  for (const block of blocks) {
    const steps = Array.isArray(block)
      ? block
      : Object.values((block as { jobs?: Record<string, { steps?: unknown[] }> })?.jobs ?? {}).flatMap(
          (job) => job.steps ?? [],
        );
    for (const step of steps as { uses?: string; with?: Record<string, string> }[])
      if (step.uses?.includes('canary-deploy') && step.with?.['bake-time'] && step.with.steps)
        return step.with;
  }
  throw new Error('no canary-deploy step with steps and bake-time');
}

function documented(file: string): Documented {
  const blocks = yamlBlocks(file);
  const analysis = blocks
    .map((block) => (block as { analysis?: Record<string, unknown> } | null)?.analysis)
    .find((section) => section?.metrics !== undefined);
  if (!analysis) throw new Error(`${file}: no analysis example`);
  const inputs = canaryStepInputs(blocks);
  return { analysis, steps: inputs.steps, bakeTime: inputs['bake-time'] };
}

/** An error rate and its counts as verdicts print them: `0.28 (7/25)`, escaped for a RegExp. */
function formatted(counts: { errors: number; requests: number }): string {
  const value = counts.errors / counts.requests;
  const text = Number.isInteger(value) ? String(value) : Number(value.toPrecision(4)).toString();
  return `${text} (${counts.errors}/${counts.requests})`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The scripts the documented command metrics and smoke checks run, in the workspace. */
function documentedScripts(dir: string) {
  mkdirSync(path.join(dir, 'scripts'));
  writeFileSync(path.join(dir, 'scripts', 'shadow_accuracy.py'), 'print(0.95)\n');
  writeFileSync(
    path.join(dir, 'scripts', 'latencies.sh'),
    '#!/bin/sh\necho "[0.11, 0.12, 0.1, 0.13, 0.12, 0.11]"\n',
    {
      mode: 0o755,
    },
  );
  writeFileSync(path.join(dir, 'scripts', 'smoke.sh'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
}

/** Where the documented metric names and addresses meet the test's model servers. */
function adapt(text: string, pair: ModelPair, prometheusUrl: string): string {
  return text
    .replaceAll('request_seconds_bucket', 'model_request_duration_seconds_bucket')
    .replaceAll('http_requests_total', 'model_requests_total')
    .replaceAll('http://prometheus:9090', prometheusUrl)
    .replaceAll('http://127.0.0.1:9090', prometheusUrl)
    .replaceAll('http://127.0.0.1:8002', pair.canary.url)
    .replaceAll('http://model-canary:8080', pair.canary.url);
}

/**
 * The documented analysis with every duration multiplied by `factor` (PromQL windows, interval, bake time) and
 * min-requests with it (a request count over a window scales with the window), nothing else changed.
 */
function timeScaled(doc: Documented, factor: number, pair: ModelPair, prometheusUrl: string) {
  const analysis = JSON.parse(adapt(JSON.stringify(doc.analysis), pair, prometheusUrl)) as Record<
    string,
    unknown
  >;
  const scaleSource = (source: Record<string, unknown>) => {
    for (const field of ['query', 'errors', 'requests'])
      if (typeof source[field] === 'string') source[field] = scaleQuery(source[field], factor);
  };
  for (const metric of analysis.metrics as Record<string, unknown>[]) scaleSource(metric);
  const guard = analysis['min-traffic'] as Record<string, unknown> | undefined;
  if (guard) {
    scaleSource(guard);
    guard['min-requests'] = Math.max(1, Math.ceil((guard['min-requests'] as number) * factor));
  }
  if (typeof analysis.interval === 'string') analysis.interval = scaled(analysis.interval, factor);
  return { analysis, bakeTime: scaled(doc.bakeTime, factor), steps: doc.steps };
}

describe('canary-deploy analysis as documented, through dist/canary-deploy/index.js (real nginx, Prometheus)', () => {
  let bench: Bench;
  const harness = canaryHarness(LOAD);
  const { scenario, load, watch } = harness;

  beforeAll(async () => {
    bench = await startBench(
      [...SCENARIOS],
      // Healthy canaries fail as often as stable (1 %); the bad ones 30 % of the time.
      {
        docs: { errorRate: 0.01 },
        readme: { errorRate: 0.01 },
        sequential: { errorRate: 0.3 },
        smoke: { errorRate: 1 },
        counted: { errorRate: 0.3 },
      },
      {
        stable: {
          docs: { errorRate: 0.01 },
          readme: { errorRate: 0.01 },
          sequential: { errorRate: 0.01 },
          counted: { errorRate: 0.01 },
        },
        // As real client libraries: no code="500" series before the first failure.
        lazySeries: true,
        // Time-scaled windows down to half a second need a few scrapes each.
        scrapeInterval: '100ms',
      },
    );
  }, 60_000);

  afterEach(() => harness.cleanup(), 30_000);

  afterAll(async () => {
    await bench?.close();
  }, 30_000);

  const pair = (scenario: Scenario): ModelPair => bench.pairs[scenario];

  function deploy(
    scenario: Scenario,
    routerSettings: Record<string, unknown>,
    analysis: Record<string, unknown>,
    inputs: Record<string, string>,
    setup: (workspace: string) => void = () => undefined,
  ) {
    const workspace = makeWorkspace({});
    setup(workspace);
    const config = writeDeployConfig(workspace, { router: routerSettings, analysis });
    const action = startAction(
      'canary-deploy',
      workspace,
      {
        router: 'nginx',
        config,
        'stable-version': pair(scenario).stableVersion,
        'canary-version': pair(scenario).canaryVersion,
        timeout: '3m',
        'router-timeout': '20s',
        ...inputs,
      },
      { env: { PROM_TOKEN: 'not-checked-by-this-prometheus' } },
    );
    harness.track(action);
    return { workspace, action };
  }

  async function nginxFor(scenario: Scenario) {
    const nginx = await startNginxFor(pair(scenario));
    harness.onCleanup(() => nginx.nginx.stop());
    return nginx;
  }

  const weightOf = (scenario: Scenario, file: string) =>
    readNginxCanaryPercent(file, [pair(scenario).stable.address], [pair(scenario).canary.address]);

  function readReport(workspace: string, run: FinishedAction) {
    return JSON.parse(readFileSync(path.resolve(workspace, run.outputs.report), 'utf8')) as {
      result: string;
      finalWeight: number | null;
      rollback?: { ok: boolean; detail?: string };
      smoke?: { verdict: string; checks: { name: string; verdict: string; reason: string }[] };
      steps: {
        weight: number;
        verdict: string;
        reason: string;
        startedAt: string;
        finishedAt?: string;
        analyses: {
          metrics: { name: string; verdict: string; stableFrom?: unknown; stable?: number; reason: string }[];
        }[];
        sequential?: { verdict: string; pValue: number; canaryErrors: number; canaryRequests: number };
      }[];
    };
  }

  /** Every text the action gave the user: log, outputs, summary. */
  const everything = (run: FinishedAction) =>
    [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs)].join('\n');

  /**
   * A healthy canary promoted with a documented analysis at its documented proportions: the factor maps the
   * smallest documented window to `smallestMs`, and the bake time, interval and every window scale alike.
   */
  async function promotesAsDocumented(name: 'docs' | 'readme', file: string, smallestMs: number) {
    const doc = documented(file);
    const queries = [
      ...(doc.analysis.metrics as { query?: string; requests?: string }[]).map(
        (metric) => metric.query ?? metric.requests ?? '',
      ),
      (doc.analysis['min-traffic'] as { query?: string } | undefined)?.query ?? '',
    ];
    const factor = smallestMs / smallestWindowMs(queries);
    const { analysis, bakeTime, steps } = timeScaled(doc, factor, pair(name), bench.prometheus.url);
    // The proportion the issue is about: windows shorter than the bake (e.g. [5m] with 10m).
    expect(durationMs(bakeTime)).toBeGreaterThan(smallestMs);

    const nginx = await nginxFor(name);
    const weights = watch(weightOf(name, nginx.includeFile));
    const traffic = load(`${nginx.nginx.url}/predict`);
    await sleep(1000);
    const { workspace, action } = deploy(
      name,
      nginx.router,
      analysis,
      { steps, 'bake-time': bakeTime },
      documentedScripts,
    );
    const run = await action.done;
    const samples = await traffic.stop();
    const timeline = await weights.stop();

    const report = readReport(workspace, run);
    const weightsList = steps.split(',').map(Number);
    expect({
      exitCode: run.exitCode,
      result: run.outputs.result,
      finalWeight: run.outputs['final-weight'],
    }).toEqual({
      exitCode: 0,
      result: 'promoted',
      finalWeight: '100',
    });
    expect(report.steps.map((step) => [step.weight, step.verdict])).toEqual(
      weightsList.map((w) => [w, 'pass']),
    );
    expect(timeline.map((change) => change.canaryPercent)).toEqual([0, ...weightsList]);
    // At 100 % stable served nothing: every compared metric used stable's measurement of the step before.
    const last = report.steps.at(-1)!.analyses.at(-1)!.metrics;
    const compared = (doc.analysis.metrics as { name: string; compare?: unknown }[])
      .filter((metric) => metric.compare !== undefined)
      .map((metric) => metric.name);
    expect(compared.length).toBeGreaterThan(0);
    for (const metric of last.filter((item) => compared.includes(item.name)))
      expect({ name: metric.name, stableFrom: metric.stableFrom }).toEqual({
        name: metric.name,
        stableFrom: { step: weightsList.length - 1, at: expect.any(String) },
      });
    expect(run.stdout).not.toMatch(/the stable value is NaN|: inconclusive:|step \d+ inconclusive/);
    // Every answer users got came from a model: a success or one of its 1 % injected failures (a 500 that names its
    // version), never from nginx. (Zero-error reloads are the business of canary-deploy.test.ts; here, with
    // Prometheus scraping every 100 ms on a shared machine, a connection reset at a reload was seen once.)
    const fromModel = (sample: (typeof samples)[number]) =>
      sample.status === 200 || (sample.status === 500 && sample.version !== undefined);
    expect(samples.filter((sample) => sample.status !== 0 && !fromModel(sample))).toEqual([]);
    expect(samples.filter((sample) => sample.status === 0).length).toBeLessThan(samples.length * 0.005);
    return { run, report, analysis };
  }

  /** The documented error-rate metric was judged on its counts, both sides, at every step. */
  function expectCountedErrorRate(run: FinishedAction) {
    const verdicts = run.stdout.match(/^metric error-rate: pass: .*$/gm) ?? [];
    expect(verdicts.length).toBeGreaterThanOrEqual(4);
    for (const line of verdicts)
      expect(line).toMatch(
        /canary [\d.e-]+ \(\d+\/\d+\) vs stable [\d.e-]+ \(\d+\/\d+\): not shown worse than 1\.5 × stable \(p [\d.e-]+ ≥ 0\.0[15]\)/,
      );
  }

  scenario(
    'docs/canary-deploy.md: the analysis example promotes a healthy canary at [5m] windows with bake-time 10m (time-scaled)',
    async () => {
      const { run, analysis } = await promotesAsDocumented('docs', 'docs/canary-deploy.md', 500);
      // 10m bake → 5 s; [5m] → 2.5 s; [1m] → 0.5 s.
      expect((analysis.metrics as { requests: string }[])[0].requests).toContain('[2500ms]');
      expect(run.stdout).toMatch(/smoke ready: pass/);
      expect(run.stdout).toMatch(/sequential error-rate-sequential = canary \d+\/\d+ errors/);
      expectCountedErrorRate(run);
    },
    120_000,
  );

  scenario(
    'actions/canary-deploy/README.md: the analysis example promotes a healthy canary at [1m] windows with bake-time 5m (time-scaled)',
    async () => {
      const { run, report } = await promotesAsDocumented('readme', 'actions/canary-deploy/README.md', 500);
      // http_timeouts_total never exists: empty: zero reads it as 0 (the min-traffic guard saw requests).
      expect(run.stdout).toMatch(/metric timeouts \[canary\] prometheus: .* → no series → 0 \(empty: zero\)/);
      expect(report.steps.every((step) => step.sequential?.verdict === 'pass')).toBe(true);
      expectCountedErrorRate(run);
    },
    120_000,
  );

  scenario(
    "a 30%-error canary is rolled back by the count-aware judge of the README's analysis (without its sequential test)",
    async () => {
      const doc = documented('actions/canary-deploy/README.md');
      const { sequential: _left, ...fixedOnly } = doc.analysis;
      // [1m] → 2 s: 5 % of 250 requests/s gives the canary ~25 requests per window.
      const factor = 2000 / 60_000;
      const { analysis, bakeTime, steps } = timeScaled(
        { ...doc, analysis: fixedOnly },
        factor,
        pair('counted'),
        bench.prometheus.url,
      );
      const nginx = await nginxFor('counted');
      const weights = watch(weightOf('counted', nginx.includeFile));
      const traffic = load(`${nginx.nginx.url}/predict`);
      await sleep(1000);
      const { workspace, action } = deploy(
        'counted',
        nginx.router,
        analysis,
        { steps, 'bake-time': bakeTime },
        documentedScripts,
      );
      const run = await action.done;
      await sleep(500);
      await traffic.stop();
      const timeline = await weights.stop();

      expect({
        exitCode: run.exitCode,
        result: run.outputs.result,
        finalWeight: run.outputs['final-weight'],
      }).toEqual({
        exitCode: 1,
        result: 'rolled-back',
        finalWeight: '0',
      });
      expect(timeline.map((change) => change.canaryPercent)).toEqual([0, 5, 0]);
      const report = readReport(workspace, run);
      const step = report.steps[0];
      const metric = step.analyses.at(-1)!.metrics.find((item) => item.name === 'error-rate')!;
      // The counts the judge saw, and its verdict on them: values, bounds, p-values.
      const { canary, stable } = (
        metric as unknown as { counts: Record<string, { errors: number; requests: number }> }
      ).counts;
      expect(canary.requests).toBeGreaterThan(5);
      expect(canary.errors / canary.requests).toBeGreaterThan(0.1);
      expect(stable.requests).toBeGreaterThan(canary.requests);
      const verdict = new RegExp(
        `step 1 \\(canary 5%\\) failed: metric error-rate: (${formatted(canary)} > max 0\\.05: p [\\d.e-]+ < 0\\.01; )?canary ${formatted(canary)} vs stable ${formatted(stable)}: worse than 1\\.5 × stable, p [\\d.e-]+ < 0\\.01`,
      );
      expect(run.outputs.summary).toMatch(verdict);
      expect(
        run.annotations
          .filter((annotation) => annotation.level === 'error')
          .map((annotation) => annotation.message),
      ).toEqual(expect.arrayContaining([expect.stringMatching(verdict)]));
    },
  );

  scenario('no 5xx series: an error-free canary promotes with "or vector(0)" and "empty: zero"', async () => {
    const { canaryVersion } = pair('empty');
    const nginx = await nginxFor('empty');
    const traffic = load(`${nginx.nginx.url}/predict`);
    await sleep(1000);
    const errors = `sum(rate(model_requests_total{version="{{version}}",code=~"5.."}[3s]))`;
    const requests = `sum(rate(model_requests_total{version="{{version}}"}[3s]))`;
    const { action } = deploy(
      'empty',
      nginx.router,
      {
        interval: '500ms',
        providers: { prometheus: { url: bench.prometheus.url } },
        'min-traffic': { provider: 'prometheus', query: QUERIES.requests, 'min-requests': 20 },
        metrics: [
          {
            name: 'error-rate',
            provider: 'prometheus',
            query: `(${errors} or vector(0)) / ${requests}`,
            max: 0.05,
            compare: { 'relative-tolerance': 0.5, 'absolute-tolerance': 0.01 },
          },
          { name: 'errors-per-second', provider: 'prometheus', query: errors, empty: 'zero', max: 1 },
        ],
      },
      { steps: '10,100', 'bake-time': '4s' },
    );
    const run = await action.done;
    await traffic.stop();

    expect({ exitCode: run.exitCode, result: run.outputs.result }).toEqual({
      exitCode: 0,
      result: 'promoted',
    });
    // The premise: the canary's 5xx series really does not exist, so the plain ratio would have no data.
    expect(
      await bench.prometheus.query(`model_requests_total{version="${canaryVersion}",code="500"}`),
    ).toEqual([]);
    expect(
      await bench.prometheus.query(
        `${errors.replaceAll('{{version}}', canaryVersion)} / ${requests.replaceAll('{{version}}', canaryVersion)}`,
      ),
    ).toEqual([]);
    expect(run.stdout).toMatch(/metric error-rate \[canary\] prometheus: .* → 0$/m);
    expect(run.stdout).toMatch(
      /metric errors-per-second \[canary\] prometheus: .* → no series → 0 \(empty: zero\)$/m,
    );
  });

  scenario(
    'a typo in the nginx configuration: "router unchanged" with the file and line, final weight 0, never UNKNOWN',
    async () => {
      const { stable, canary, stableVersion } = pair('typo');
      // The user's nginx.conf includes router.conf (their server block) and the action's include file.
      let routerConf = '';
      const nginx = await startNginx({
        routes: [
          `upstream model {\n    server ${stable.address} weight=1;\n    server ${canary.address} down;\n}`,
          `upstream model_stable {\n    server ${stable.address};\n}`,
          `upstream model_canary {\n    server ${canary.address};\n}`,
          '',
        ].join('\n'),
        http: ({ port, routesFile }) => {
          routerConf = path.join(path.dirname(routesFile), 'router.conf');
          writeFileSync(
            routerConf,
            `server {\n  listen 127.0.0.1:${port};\n  location = /predict {\n    proxy_pass http://model;\n  }\n}\n`,
          );
          return `  include ${routesFile};\n  include ${routerConf};`;
        },
      });
      harness.onCleanup(() => nginx.stop());
      const router = {
        'include-file': nginx.routesFile,
        upstream: 'model',
        stable: [stable.address],
        canary: [canary.address],
        nginx: nginx.commandLine[0],
        prefix: nginx.prefix,
        conf: nginx.confFile,
        'pid-file': nginx.pidFile,
      };
      // A typo saved on disk (not reloaded yet): line 4 of router.conf.
      writeFileSync(routerConf, readFileSync(routerConf, 'utf8').replace('proxy_pass', 'proxy_pas'));
      const includeBefore = readFileSync(nginx.routesFile, 'utf8');
      const traffic = load(`${nginx.url}/predict`);
      await sleep(500);
      const { workspace, action } = deploy(
        'typo',
        router,
        { interval: '500ms', providers: { prometheus: { url: bench.prometheus.url } }, metrics: [] },
        { steps: '10,100', 'bake-time': '1s' },
      );
      const run = await action.done;
      await sleep(300);
      const samples = await traffic.stop();

      const expected = new RegExp(
        `^aborted: router unchanged, final weight 0% — step 1 \\(canary 10%\\): nginx -t failed before any reload: ${routerConf.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} line 4: unknown directive "proxy_pas"`,
      );
      expect(run.exitCode).not.toBe(0);
      expect(run.outputs.result).toBe('aborted');
      expect(run.outputs['final-weight']).toBe('0');
      expect(run.outputs.summary).toMatch(expected);
      // Every ::error line says the same, with the file and line.
      const errors = run.annotations.filter((annotation) => annotation.level === 'error');
      expect(errors.length).toBeGreaterThan(0);
      for (const annotation of errors)
        expect(annotation.message).toMatch(
          /router\.conf line 4: unknown directive "proxy_pas".*router unchanged/,
        );
      expect(everything(run)).not.toMatch(/ROUTER STATE UNKNOWN|ROLLBACK FAILED/);
      expect(everything(run)).not.toContain('.mlgate-');
      expect(readReport(workspace, run)).toMatchObject({
        finalWeight: 0,
        rollback: { ok: true, detail: 'router unchanged at 0%: nothing to roll back' },
      });
      // The router never changed: same include file, every user answered by stable.
      expect(readFileSync(nginx.routesFile, 'utf8')).toBe(includeBefore);
      expect(measureSplit(samples).byVersion).toEqual({ [stableVersion]: samples.length });
      expect(samples.filter((sample) => sample.status !== 200)).toEqual([]);
    },
  );

  scenario(
    'an include-file folder that does not exist: a configuration error on its line, nothing touched',
    async () => {
      const nginx = await nginxFor('folder');
      const includeBefore = readFileSync(nginx.includeFile, 'utf8');
      const missing = path.join(nginx.nginx.prefix, 'mlgate', 'model.conf');
      const { workspace, action } = deploy(
        'folder',
        { ...nginx.router, 'include-file': missing },
        { interval: '500ms', metrics: [] },
        { steps: '10,100', 'bake-time': '1s' },
      );
      const run = await action.done;
      const line =
        readFileSync(path.join(workspace, 'deploy.yml'), 'utf8')
          .split('\n')
          .findIndex((text) => text.includes('"include-file"')) + 1;
      expect(run.exitCode).not.toBe(0);
      expect(run.annotations).toEqual([
        expect.objectContaining({
          level: 'error',
          file: 'deploy.yml',
          line,
          message: expect.stringMatching(
            /router\.include-file: the folder .*\/mlgate does not exist; .*\(nothing was changed on the router\)/,
          ),
        }),
      ]);
      expect(everything(run)).not.toContain('.mlgate-');
      expect(everything(run)).not.toMatch(/UNKNOWN|ROLLBACK FAILED/);
      expect(readFileSync(nginx.includeFile, 'utf8')).toBe(includeBefore);
    },
  );

  scenario(
    'sequential analysis rolls a 30%-error canary back during its first bake, before the fixed-window judge looks',
    async () => {
      const { stableVersion, canaryVersion } = pair('sequential');
      const nginx = await nginxFor('sequential');
      const weights = watch(weightOf('sequential', nginx.includeFile));
      const traffic = load(`${nginx.nginx.url}/predict`);
      await sleep(1000);
      const bakeMs = 30_000;
      const { workspace, action } = deploy(
        'sequential',
        nginx.router,
        {
          interval: '500ms',
          providers: { prometheus: { url: bench.prometheus.url } },
          'min-traffic': { provider: 'prometheus', query: QUERIES.requests, 'min-requests': 20 },
          sequential: {
            requests: 'sum(model_requests_total{version="{{version}}"})',
            errors: 'sum(model_requests_total{version="{{version}}",code=~"5.."})',
            'relative-tolerance': 0.5,
            alpha: 0.05,
          },
          // The fixed-window judge would fail this canary too, once the bake is over.
          metrics: [
            {
              name: 'error-rate',
              provider: 'prometheus',
              query: `(sum(rate(model_requests_total{version="{{version}}",code=~"5.."}[3s])) or vector(0)) / sum(rate(model_requests_total{version="{{version}}"}[3s]))`,
              max: 0.05,
            },
          ],
        },
        { steps: '10,50,100', 'bake-time': `${bakeMs / 1000}s` },
      );
      const run = await action.done;
      await sleep(1000);
      const samples = await traffic.stop();
      const timeline = await weights.stop();

      const report = readReport(workspace, run);
      expect(run.outputs.result).toBe('rolled-back');
      expect(run.exitCode).not.toBe(0);
      expect(run.outputs['final-weight']).toBe('0');
      expect(timeline.map((change) => change.canaryPercent)).toEqual([0, 10, 0]);
      // Stopped well within the first bake; the fixed-window analysis never ran.
      const step = report.steps[0];
      const stepMs = Date.parse(step.finishedAt!) - Date.parse(step.startedAt);
      expect(stepMs).toBeLessThan(bakeMs / 2);
      expect(step.analyses).toEqual([]);
      expect(run.stdout).not.toMatch(/^metric error-rate \[canary\]/m);
      expect(step.sequential).toMatchObject({ verdict: 'fail' });
      expect(step.sequential!.pValue).toBeLessThan(0.05);
      // Metric, values, bound and step in the summary output, the ::error line and the annotation.
      const verdict =
        /step 1 \(canary 10%\) failed: error-rate-sequential = canary \d+\/\d+ errors \([\d.]+%\) vs stable \d+\/\d+ \([\d.]+%\): error-rate ratio beyond the bound 1\.5, always-valid p [\d.e-]+ < α 0\.05 at step 1/;
      expect(run.outputs.summary).toMatch(verdict);
      const errorLines = run.annotations.filter((annotation) => annotation.level === 'error');
      expect(errorLines.map((annotation) => annotation.message)).toEqual(
        expect.arrayContaining([expect.stringMatching(verdict)]),
      );
      expect(errorLines.find((annotation) => annotation.file === 'deploy.yml')?.message).toMatch(
        /error-rate-sequential = canary .* at step 1/,
      );
      // Users are on stable again.
      const after = measureSplit(samples, run.endedAt + 400);
      expect(after.byVersion).toEqual({ [stableVersion]: after.total });
      expect(canaryVersion).toBeTruthy();
    },
  );

  scenario('smoke checks at 0 %: a failing new version aborts with the router untouched', async () => {
    const { canary, stableVersion } = pair('smoke');
    const nginx = await nginxFor('smoke');
    const includeBefore = readFileSync(nginx.includeFile, 'utf8');
    const traffic = load(`${nginx.nginx.url}/predict`);
    await sleep(500);
    const { workspace, action } = deploy(
      'smoke',
      nginx.router,
      {
        interval: '500ms',
        providers: { prometheus: { url: bench.prometheus.url } },
        smoke: [
          // Straight at the new version's own address; its /metrics.json says ready: 0.
          {
            name: 'ready',
            provider: 'http',
            url: `${canary.url}/metrics.json`,
            'json-path': '$.ready',
            min: 1,
          },
          // A smoke-test command: one prediction must answer 200.
          {
            name: 'predict',
            provider: 'command',
            command: [
              process.execPath,
              '-e',
              'fetch(process.argv[1]).then((r) => { if (r.status !== 200) { console.error(`HTTP ${r.status}`); process.exit(1); } })',
              `${canary.url}/predict?text=great`,
            ],
          },
        ],
        metrics: [{ name: 'error-rate', provider: 'prometheus', query: QUERIES.errorRate, max: 0.05 }],
      },
      { steps: '10,100', 'bake-time': '1s' },
    );
    const run = await action.done;
    await sleep(300);
    const samples = await traffic.stop();

    expect(run.exitCode).not.toBe(0);
    expect(run.outputs.result).toBe('aborted');
    expect(run.outputs['final-weight']).toBe('0');
    expect(run.outputs.summary).toMatch(
      /^aborted: router unchanged, final weight 0% — smoke checks failed before any traffic step: smoke check ready: 0 < min 1; smoke check predict: .*HTTP 500/,
    );
    const report = readReport(workspace, run);
    expect(report.steps).toEqual([]);
    expect(report.smoke?.checks.map((check) => [check.name, check.verdict])).toEqual([
      ['ready', 'fail'],
      ['predict', 'fail'],
    ]);
    const lines = readFileSync(path.join(workspace, 'deploy.yml'), 'utf8').split('\n');
    const readyLine = lines.findIndex((text) => text.includes('"name": "ready"'));
    expect(
      run.annotations.find(
        (annotation) => annotation.file === 'deploy.yml' && /smoke check ready/.test(annotation.message),
      )?.line,
    ).toBeGreaterThanOrEqual(readyLine);
    // Untouched: the same include file, every user answered by stable, the canary saw only the smoke request.
    expect(readFileSync(nginx.includeFile, 'utf8')).toBe(includeBefore);
    expect(measureSplit(samples).byVersion).toEqual({ [stableVersion]: samples.length });
    expect(canary.counts().total).toBe(1);
  });
});
