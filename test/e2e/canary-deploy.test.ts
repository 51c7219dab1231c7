/**
 * End to end: the bundled canary-deploy action drives real nginx and real haproxy in front of two model
 * servers on 127.0.0.1, analyses them through a real Prometheus, and the tests measure the traffic split users
 * really got at every step with a load generator.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect } from '@jest/globals';
import { postStepEnv, startAction } from './canary/action-process.js';
import type { FinishedAction } from './canary/action-process.js';
import { QUERIES, startBench, startHaproxyFor, startNginxFor, writeDeployConfig } from './canary/bench.js';
import type { Bench, ModelPair } from './canary/bench.js';
import { measureSplit, startLoad } from './canary/load.js';
import type { Load } from './canary/load.js';
import { MIRROR_HEADER } from './canary/model-server.js';
import { sleep, waitFor } from './canary/processes.js';
import {
  haproxyCanaryPercent,
  nginxCanaryPercent,
  readNginxCanaryPercent,
  splitPerStep,
} from './canary/weights.js';
import type { StepSplit, WeightWatch } from './canary/weights.js';
import { canaryHarness } from './canary/harness.js';
import { makeWorkspace } from './runner.js';

const SCENARIOS = [
  'healthy',
  'haproxy',
  'errors',
  'nodata',
  'sigint',
  'shadow',
  'bluegreen',
  'mismatch',
  'refused',
  'post',
] as const;
type Scenario = (typeof SCENARIOS)[number];

/** Load through the router: enough requests per step for a 4-sigma check, light enough for a CI machine. */
const LOAD = { concurrency: 8, ratePerSecond: 250 };

describe('canary-deploy action (dist/canary-deploy/index.js) with real nginx, haproxy and Prometheus', () => {
  let bench: Bench;
  const harness = canaryHarness(LOAD);
  const { scenario, load, watch } = harness;
  const cleanups = { push: harness.onCleanup };

  beforeAll(async () => {
    bench = await startBench([...SCENARIOS], { errors: { errorRate: 0.2 } });
  }, 60_000);

  afterEach(() => harness.cleanup(), 30_000);

  afterAll(async () => {
    await bench?.close();
  }, 30_000);

  const pair = (scenario: Scenario): ModelPair => bench.pairs[scenario];

  function analysis(overrides: Record<string, unknown> = {}) {
    return {
      interval: '500ms',
      count: 1,
      providers: { prometheus: { url: bench.prometheus.url } },
      'min-traffic': { provider: 'prometheus', query: QUERIES.requests, 'min-requests': 20 },
      metrics: [
        { name: 'error-rate', provider: 'prometheus', query: QUERIES.errorRate, max: 0.05 },
        { name: 'wrong-answers', provider: 'prometheus', query: QUERIES.wrongAnswerRate, max: 0.05 },
      ],
      ...overrides,
    };
  }

  function deploy(
    scenario: Scenario,
    router: 'nginx' | 'haproxy',
    routerSettings: Record<string, unknown>,
    inputs: Record<string, string>,
    analysisOverrides: Record<string, unknown> = {},
    /** Run in an existing workspace (a post step after its main step), with extra environment. */
    extra: { workspace?: string; env?: Record<string, string> } = {},
  ) {
    const workspace = extra.workspace ?? makeWorkspace({});
    const config = writeDeployConfig(workspace, {
      router: routerSettings,
      analysis: analysis(analysisOverrides),
    });
    const action = startAction(
      'canary-deploy',
      workspace,
      {
        router,
        config,
        'stable-version': pair(scenario).stableVersion,
        'canary-version': pair(scenario).canaryVersion,
        timeout: '2m',
        'router-timeout': '20s',
        ...inputs,
      },
      { env: extra.env },
    );
    harness.track(action);
    return { workspace, action };
  }

  /**
   * Waits for the action to end, keeps the load running `afterMs` longer (traffic after the last change), then
   * stops the load and the weight watch. `endedAt` is when the test saw the action end.
   */
  async function finish(
    action: { done: Promise<FinishedAction> },
    traffic: Load,
    weights: WeightWatch | undefined,
    afterMs: number,
  ) {
    const run = await action.done;
    const endedAt = Date.now();
    await sleep(afterMs);
    const samples = await traffic.stop();
    const timeline = (await weights?.stop()) ?? [];
    return { run, endedAt, samples, timeline };
  }

  /** A run that promoted and exited 0, ending at `finalWeight`. */
  function expectPromoted(run: FinishedAction, finalWeight: string) {
    expect({
      exitCode: run.exitCode,
      result: run.outputs.result,
      finalWeight: run.outputs['final-weight'],
    }).toEqual({
      exitCode: 0,
      result: 'promoted',
      finalWeight,
    });
  }

  async function startNginx(scenario: Scenario, options: { mirrorHeader?: string } = {}) {
    const nginx = await startNginxFor(pair(scenario), options);
    cleanups.push(() => nginx.nginx.stop());
    return nginx;
  }

  async function startHaproxy(scenario: Scenario, options: { balance?: string; stableWeight?: number } = {}) {
    const haproxy = await startHaproxyFor(pair(scenario), options);
    cleanups.push(() => haproxy.haproxy.stop());
    return haproxy;
  }

  const nginxWeight = (scenario: Scenario, file: string) =>
    readNginxCanaryPercent(file, [pair(scenario).stable.address], [pair(scenario).canary.address]);

  /** The report file the action wrote, parsed. */
  function readReport(workspace: string, run: FinishedAction): Record<string, unknown> {
    const file = path.resolve(workspace, run.outputs.report);
    expect(existsSync(file)).toBe(true);
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  }

  /** The split users got matched the router's weight in every stretch, each with enough traffic to tell. */
  function expectSplits(splits: StepSplit[], expectedSteps: number[], minimumSamples = 60) {
    const table = splits.map((split) => `${split.canaryPercent}%: ${split.message}`).join('\n');
    expect({
      table,
      steps: splits.map((split) => split.canaryPercent),
      failed: splits.filter((split) => !split.ok).map((split) => split.canaryPercent),
      tooFewSamples: splits
        .filter((split) => split.total < minimumSamples)
        .map((split) => split.canaryPercent),
    }).toEqual({ table, steps: expectedSteps, failed: [], tooFewSamples: [] });
    return splits;
  }

  scenario(
    'promotes a healthy canary to 100% through nginx, with the real split matching every step',
    async () => {
      const { stable, canary, canaryVersion } = pair('healthy');
      const nginx = await startNginx('healthy');
      const weights = watch(nginxWeight('healthy', nginx.includeFile));
      const traffic = load(`${nginx.nginx.url}/predict`);
      await sleep(1000); // a stretch of all-stable traffic before the first step
      const { workspace, action } = deploy('healthy', 'nginx', nginx.router, {
        steps: '10,25,50,100',
        'bake-time': '2s',
      });
      // Some traffic at 100% after the action ended, then stop measuring.
      const { run, samples, timeline } = await finish(action, traffic, weights, 1000);

      expectPromoted(run, '100');
      expect(timeline.map((change) => change.canaryPercent)).toEqual([0, 10, 25, 50, 100]);
      expectSplits(splitPerStep(timeline, samples, { canaryVersion }), [0, 10, 25, 50, 100]);
      // Users never saw an error while traffic moved.
      expect(samples.filter((sample) => sample.status !== 200)).toEqual([]);
      expect(stable.counts().total + canary.counts().total).toBe(samples.length);

      // Every step's weight, metrics and verdict went into the summary's timeline, its chart and the report.
      expect(run.summary).toMatch(/^## .*canary-deploy: promoted$/m);
      for (const weight of [10, 25, 50, 100])
        expect(run.summary).toMatch(
          new RegExp(`^\\| \\d\\. canary ${weight}% \\| ${weight}% \\| .*pass.*error-rate`, 'm'),
        );
      expect(run.summary).toContain('line [10, 25, 50, 100]');
      expect(run.stdout).toContain(`model_requests_total{version="${canaryVersion}"`);
      const report = readReport(workspace, run) as {
        result: string;
        steps: { weight: number; verdict: string }[];
      };
      expect(report.result).toBe('promoted');
      expect(report.steps.map((step) => [step.weight, step.verdict])).toEqual([
        [10, 'pass'],
        [25, 'pass'],
        [50, 'pass'],
        [100, 'pass'],
      ]);
      expect(run.annotations.filter((annotation) => annotation.level === 'error')).toEqual([]);
    },
  );

  scenario(
    'promotes a healthy canary through haproxy `set weight`, the split following each step',
    async () => {
      const { canaryVersion } = pair('haproxy');
      const { haproxy, router } = await startHaproxy('haproxy');
      const weights = watch(async () =>
        haproxyCanaryPercent(await haproxy.weights(), ['stable'], ['canary']),
      );
      const traffic = load(`${haproxy.url}/predict`);
      await sleep(1000); // a stretch of all-stable traffic before the first step
      const { action } = deploy('haproxy', 'haproxy', router, { steps: '20,50,100', 'bake-time': '2s' });
      const { run, samples, timeline } = await finish(action, traffic, weights, 800);

      expectPromoted(run, '100');
      // haproxy applies a weight at once: the split only needs to skip requests in flight at the change.
      const steps = timeline.map((change) => change.canaryPercent);
      expect(steps).toEqual([0, 20, 50, 100]);
      expectSplits(
        splitPerStep(timeline, samples, { canaryVersion, settleMs: 100, guardMs: 100 }),
        [0, 20, 50, 100],
      );
      expect(await haproxy.weights()).toMatchObject({ stable: 0 });
      expect(samples.filter((sample) => sample.status !== 200)).toEqual([]);
    },
  );

  scenario('rolls back a canary answering 20% errors, and traffic is back on stable', async () => {
    const { canary, stableVersion, canaryVersion } = pair('errors');
    const nginx = await startNginx('errors');
    const weights = watch(nginxWeight('errors', nginx.includeFile));
    const traffic = load(`${nginx.nginx.url}/predict`);
    await sleep(1000); // a stretch of all-stable traffic before the first step
    const { workspace, action } = deploy('errors', 'nginx', nginx.router, {
      steps: '10,50,100',
      'bake-time': '2s',
    });
    const { run, endedAt: rolledBackAt, samples, timeline } = await finish(action, traffic, weights, 1200);

    expect(run.outputs.result).toBe('rolled-back');
    expect(run.exitCode).not.toBe(0); // fail-on: error
    expect(run.outputs['final-weight']).toBe('0');
    // The canary never got past its first step.
    expect(timeline.map((change) => change.canaryPercent)).toEqual([0, 10, 0]);
    expectSplits(splitPerStep(timeline, samples, { canaryVersion }), [0, 10, 0]);
    expect(
      nginxCanaryPercent(
        readFileSync(nginx.includeFile, 'utf8'),
        [pair('errors').stable.address],
        [canary.address],
      ),
    ).toBe(0);
    const after = measureSplit(samples, rolledBackAt + 400);
    expect(after.total).toBeGreaterThan(100);
    expect(after.byVersion).toEqual({ [stableVersion]: after.total });

    expect(run.summary).toMatch(/^## .*canary-deploy: rolled-back$/m);
    expect(run.summary).toMatch(/^\| 1\. canary 10% \| 10% \| .*fail.*error-rate/m);
    expect(run.summary).not.toContain('canary 50%');
    expect(readReport(workspace, run)).toMatchObject({ result: 'rolled-back' });
    // The failed metric is annotated on the line of the analysis file that declares it.
    const metricAnnotation = run.annotations.find(
      (annotation) => annotation.level === 'error' && /metric error-rate fail:/.test(annotation.message),
    );
    expect(metricAnnotation).toMatchObject({
      file: 'deploy.yml',
      message: expect.stringMatching(/> max 0\.05/),
    });
    const configLines = readFileSync(path.join(workspace, 'deploy.yml'), 'utf8').split('\n');
    const declared = configLines.findIndex((line) => line.includes('"name": "error-rate"')) + 1;
    expect(metricAnnotation?.line).toBeGreaterThanOrEqual(declared - 1); // the item's `{` or its name
    expect(metricAnnotation?.line).toBeLessThanOrEqual(declared);
  });

  scenario(
    'treats no traffic (NaN, too few requests) as inconclusive: pause and retry, then the fallback; policy fail fails',
    async () => {
      const { stable, canary, canaryVersion } = pair('nodata');
      const nginx = await startNginx('nodata');
      const weights = watch(nginxWeight('nodata', nginx.includeFile));
      // Without the min-traffic guard the metrics themselves are measured: 0/0 requests is NaN.
      const paused = deploy(
        'nodata',
        'nginx',
        nginx.router,
        {
          steps: '10,100',
          'bake-time': '1s',
          'inconclusive-policy': 'pause',
          'inconclusive-limit': '2',
          'inconclusive-fallback': 'rollback',
        },
        { 'min-traffic': undefined },
      );
      const run = await paused.action.done;
      expect(run.outputs.result).toBe('rolled-back');
      expect(run.exitCode).not.toBe(0);
      expect(run.outputs['final-weight']).toBe('0');
      expect(run.summary).toMatch(/inconclusive/i);
      // The rendered query and the value it gave are logged every time.
      const logged = run.stdout
        .split('\n')
        .filter((line) => line.startsWith('metric error-rate [canary] prometheus:'));
      expect(logged.length).toBe(3); // measured, then paused and measured again twice (inconclusive-limit 2)
      for (const line of logged) {
        expect(line).toContain(`model_requests_total{version="${canaryVersion}",code=~"5.."}`);
        expect(line).toMatch(/→ NaN$/);
      }
      expect(run.stdout).toMatch(/retry 2 of 2/);
      expect(await nginxWeight('nodata', nginx.includeFile)()).toBe(0);
      expect(weights.timeline.map((change) => change.canaryPercent)).toEqual([0, 10, 0]);

      // With the guard, too few requests is inconclusive too; policy fail rolls back and fails as an error.
      const failing = deploy('nodata', 'nginx', nginx.router, {
        steps: '10,100',
        'bake-time': '1s',
        'inconclusive-policy': 'fail',
      });
      const failed = await failing.action.done;
      expect(failed.exitCode).not.toBe(0);
      expect(failed.outputs.result).toBe('aborted');
      expect(failed.outputs['final-weight']).toBe('0');
      expect(failed.stdout).toContain(
        `sum(increase(model_requests_total{version="${canaryVersion}"}[3s])) → 0`,
      );
      expect(
        failed.annotations.some(
          (annotation) => annotation.level === 'error' && /inconclusive/i.test(annotation.message),
        ),
      ).toBe(true);
      expect(await nginxWeight('nodata', nginx.includeFile)()).toBe(0);
      // No user traffic was sent in this scenario.
      expect(stable.counts().total + canary.counts().total).toBe(0);
    },
  );

  scenario('rolls back within 7 s of SIGINT mid-rollout and exits non-zero', async () => {
    const { stableVersion, canaryVersion } = pair('sigint');
    const nginx = await startNginx('sigint');
    const weights = watch(nginxWeight('sigint', nginx.includeFile));
    const traffic = load(`${nginx.nginx.url}/predict`);
    await sleep(1000); // a stretch of all-stable traffic before the first step
    const { action } = deploy('sigint', 'nginx', nginx.router, { steps: '25,50,100', 'bake-time': '30s' });
    await waitFor('the first step (25%)', () => weights.timeline.at(-1)?.canaryPercent === 25, {
      timeoutMs: 20_000,
    });
    await sleep(1000); // mid-bake
    const cancelledAt = Date.now();
    action.signal('SIGINT');
    const run = await action.done;
    const elapsed = run.endedAt - cancelledAt;
    await sleep(1000);
    const samples = await traffic.stop();
    const timeline = await weights.stop();

    expect(elapsed).toBeLessThan(7000);
    expect(run.exitCode).not.toBe(0);
    expect(run.exitCode).not.toBeNull();
    expect(['rolled-back', 'aborted']).toContain(run.outputs.result);
    expect(run.outputs['final-weight']).toBe('0');
    expect(timeline.map((change) => change.canaryPercent)).toEqual([0, 25, 0]);
    expectSplits(splitPerStep(timeline, samples, { canaryVersion }), [0, 25, 0]);
    const after = measureSplit(samples, run.endedAt + 400);
    expect(after.byVersion).toEqual({ [stableVersion]: after.total });
    expect(run.summary).toMatch(/cancel|interrupt|SIGINT/i);
  });

  scenario('shadow: mirrors live traffic to the new version, users only get stable answers', async () => {
    const { stable, canary, stableVersion } = pair('shadow');
    const nginx = await startNginx('shadow', { mirrorHeader: MIRROR_HEADER });
    const traffic = load(`${nginx.nginx.url}/predict`);
    const { action } = deploy('shadow', 'nginx', nginx.router, {
      strategy: 'shadow',
      'shadow-percent': '50',
      'bake-time': '2s',
    });
    const { run, samples } = await finish(action, traffic, undefined, 500);

    expectPromoted(run, '0');
    // Every user answer came from stable, without errors.
    expect(measureSplit(samples).byVersion).toEqual({ [stableVersion]: samples.length });
    expect(samples.filter((sample) => sample.status !== 200)).toEqual([]);
    // The canary served only mirrored copies: about half of the requests sent while the mirror was on.
    const mirrored = canary.counts().mirrored;
    expect(canary.counts().total).toBe(mirrored);
    expect(mirrored).toBeGreaterThan(100);
    expect(mirrored).toBeLessThan(samples.length * 0.75);
    expect(stable.counts().mirrored).toBe(0);
    // The mirror is off once the action has finished: no more copies reach the canary.
    const before = canary.counts().mirrored;
    const extra = startLoad({ url: `${nginx.nginx.url}/predict`, ...LOAD, durationMs: 500 });
    await extra.finished;
    expect(canary.counts().mirrored).toBe(before);
    expect(run.summary).toMatch(/shadow|mirror/i);
  });

  scenario(
    'blue/green: analyses the idle side, switches all traffic at once, and switches back with abort',
    async () => {
      const { canary, stableVersion, canaryVersion } = pair('bluegreen');
      const nginx = await startNginx('bluegreen');
      const weights = watch(nginxWeight('bluegreen', nginx.includeFile));
      const traffic = load(`${nginx.nginx.url}/predict`);
      await sleep(1000); // a stretch of all-stable traffic before the first step
      // Smoke traffic straight to the idle (green) side, so its analysis has data before it takes users.
      const smoke = startLoad({ url: `${canary.url}/predict`, concurrency: 2, ratePerSecond: 50 });
      cleanups.push(() => smoke.stop());
      const switched = deploy('bluegreen', 'nginx', nginx.router, {
        strategy: 'blue-green',
        'bake-time': '2s',
      });
      const run = await switched.action.done;
      await smoke.stop();
      expectPromoted(run, '100');
      await sleep(1000);

      const back = deploy('bluegreen', 'nginx', nginx.router, { action: 'abort' });
      const aborted = await back.action.done;
      await sleep(1000);
      const samples = await traffic.stop();
      const timeline = await weights.stop();

      expect(aborted.outputs.result).toBe('aborted');
      expect(aborted.outputs['final-weight']).toBe('0');
      // All at once: no step between 0 and 100, and back.
      expect(timeline.map((change) => change.canaryPercent)).toEqual([0, 100, 0]);
      const splits = expectSplits(splitPerStep(timeline, samples, { canaryVersion }), [0, 100, 0]);
      expect(splits.map((split) => split.canaryShare)).toEqual([0, 1, 0]);
      expect(measureSplit(samples, timeline[2].at + 400).byVersion).toEqual({
        [stableVersion]: measureSplit(samples, timeline[2].at + 400).total,
      });
    },
  );

  scenario('fails and rolls back when the nginx include file does not read back as written', async () => {
    const { stable, canary, stableVersion } = pair('mismatch');
    const nginx = await startNginx('mismatch');
    // Another tool owns the file: its reload hook puts its own copy (all on stable) back before nginx reloads.
    const pristine = path.join(nginx.nginx.prefix, 'pristine.conf');
    writeFileSync(pristine, readFileSync(nginx.includeFile));
    const reload = [
      '/bin/sh',
      '-c',
      'cp "$0" "$1" && exec "$2" -p "$3" -c "$4" -s reload',
      pristine,
      nginx.includeFile,
      ...[nginx.nginx.commandLine[0], nginx.nginx.prefix, nginx.nginx.confFile],
    ];
    const weights = watch(nginxWeight('mismatch', nginx.includeFile));
    const traffic = load(`${nginx.nginx.url}/predict`);
    // Canary steps need no mirror file; the owner's copy knows nothing of the action's mirror variable.
    const { 'mirror-file': _mirrorFile, ...router } = nginx.router;
    const { workspace, action } = deploy(
      'mismatch',
      'nginx',
      { ...router, reload },
      { steps: '10,100', 'bake-time': '1s' },
    );
    const { run, samples } = await finish(action, traffic, weights, 800);

    expect(run.exitCode).not.toBe(0);
    expect(['rolled-back', 'aborted']).toContain(run.outputs.result);
    expect(run.outputs['final-weight']).toBe('0');
    expect(
      run.annotations.some(
        (annotation) => annotation.level === 'error' && /read back/i.test(annotation.message),
      ),
    ).toBe(true);
    expect(run.summary).toMatch(/read back/i);
    expect(
      nginxCanaryPercent(readFileSync(nginx.includeFile, 'utf8'), [stable.address], [canary.address]),
    ).toBe(0);
    expect(measureSplit(samples).byVersion).toEqual({ [stableVersion]: samples.length });
    expect(readReport(workspace, run)).toMatchObject({ result: run.outputs.result });
  });

  scenario('fails and rolls back when haproxy refuses the weight (static-rr backend)', async () => {
    const { stableVersion } = pair('refused');
    // static-rr only accepts a server's initial weight or 0 at runtime: haproxy itself refuses every step.
    const { haproxy, router } = await startHaproxy('refused', { balance: 'static-rr', stableWeight: 1 });
    const traffic = load(`${haproxy.url}/predict`);
    const { action } = deploy('refused', 'haproxy', router, { steps: '10,100', 'bake-time': '1s' });
    const run = await action.done;
    const samples = await traffic.stop();

    expect(run.exitCode).not.toBe(0);
    expect(['rolled-back', 'aborted']).toContain(run.outputs.result);
    expect(run.outputs['final-weight']).toBe('0');
    expect(
      run.annotations.some(
        (annotation) =>
          annotation.level === 'error' && /static LB algorithm|refused/i.test(annotation.message),
      ),
    ).toBe(true);
    expect(await haproxy.weights()).toEqual({ stable: 1, canary: 0 });
    // Refused at the first `set weight`: nothing changed, so nothing is rolled back and the state is known.
    expect(run.outputs.summary).toMatch(
      /^aborted: router unchanged, final weight 0% — step 1 \(canary 10%\): HAProxy refused/,
    );
    expect(run.outputs.summary).not.toMatch(/UNKNOWN/);
    expect(measureSplit(samples).byVersion).toEqual({ [stableVersion]: samples.length });
  });

  scenario(
    'reports the final weight as unknown (empty output), not 0, when the rollback itself fails',
    async () => {
      // A command router whose backend stops answering once traffic has to go back: the state is unknown.
      const workspace = makeWorkspace({});
      writeFileSync(path.join(workspace, 'weight.txt'), '0\n');
      const config = writeDeployConfig(workspace, {
        router: {
          set: [
            '/bin/sh',
            '-c',
            'if [ "$0" = 0 ]; then echo "router API unreachable" >&2; exit 1; fi; echo "$0" > weight.txt',
            '{{weight}}',
          ],
          get: ['/bin/cat', 'weight.txt'],
        },
        analysis: {
          interval: '100ms',
          metrics: [{ name: 'error-rate', provider: 'command', command: ['/bin/echo', '0.5'], max: 0.05 }],
        },
      });
      const action = startAction('canary-deploy', workspace, {
        router: 'command',
        config,
        steps: '10,100',
        'bake-time': '100ms',
        'fail-on': 'never',
        'router-timeout': '5s',
      });
      harness.track(action);
      const run = await action.done;

      expect(run.outputs['final-weight']).toBe('');
      expect(run.exitCode).not.toBe(0); // even with fail-on: never
      expect(run.outputs.summary).toMatch(/ROUTER STATE UNKNOWN/);
      expect(run.summary).toMatch(
        /rollback to stable FAILED: router set command failed .*router API unreachable/,
      );
      expect(readReport(workspace, run)).toMatchObject({
        finalWeight: null,
        finalMirror: null,
        rollback: { ok: false },
      });
      expect(readFileSync(path.join(workspace, 'weight.txt'), 'utf8').trim()).toBe('10');
    },
  );

  scenario('the post step rolls back when the main step was killed mid-rollout', async () => {
    const { stableVersion, canaryVersion } = pair('post');
    const nginx = await startNginx('post');
    const weights = watch(nginxWeight('post', nginx.includeFile));
    const traffic = load(`${nginx.nginx.url}/predict`);
    await sleep(1000); // a stretch of all-stable traffic before the first step
    const inputs = { steps: '25,50,100', 'bake-time': '30s' };
    const main = deploy('post', 'nginx', nginx.router, inputs);
    await waitFor('the first step (25%)', () => weights.timeline.at(-1)?.canaryPercent === 25, {
      timeoutMs: 20_000,
    });
    await sleep(1500); // mid-bake
    // The runner's last resort after SIGINT and SIGTERM: the main step dies without rolling back.
    main.action.signal('SIGKILL');
    const killed = await main.action.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(await nginxWeight('post', nginx.includeFile)()).toBe(25);

    const post = deploy(
      'post',
      'nginx',
      nginx.router,
      inputs,
      {},
      {
        workspace: main.workspace,
        env: postStepEnv(killed.savedState),
      },
    );
    const {
      run,
      endedAt: rolledBackAt,
      samples,
      timeline,
    } = await finish(post.action, traffic, weights, 1000);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/did not finish/);
    expect(await nginxWeight('post', nginx.includeFile)()).toBe(0);
    expect(timeline.map((change) => change.canaryPercent)).toEqual([0, 25, 0]);
    expectSplits(splitPerStep(timeline, samples, { canaryVersion }), [0, 25, 0]);
    const after = measureSplit(samples, rolledBackAt + 400);
    expect(after.total).toBeGreaterThan(100);
    expect(after.byVersion).toEqual({ [stableVersion]: after.total });
  });
});
