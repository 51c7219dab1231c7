/**
 * End to end, the first model of a repository: a push to main finds no baseline (its baseline gates are
 * inconclusive for that reason alone), lineage-tag records why, and canary-deploy with require-lineage deploys it
 * — unless require-lineage-strict. Every step runs its bundle as the runner does, against the real @actions/cache
 * client on a local cache service and a local server for GitHub's REST API; the router is a command router.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startCacheService, type CacheService } from './cache-service.js';
import { writeDeployConfig } from './canary/bench.js';
import { startGitHubApi, type GitHubApi } from './github-api.js';
import { makeWorkspace, runAction, type ActionRun } from './runner.js';
import { EVAL_REPORT_VERSION } from '@mlgate/core';

const TOKEN = 'ghs_first_model';

describe('the first model: no baseline yet, then a deploy with require-lineage', () => {
  let api: GitHubApi;
  let cache: CacheService;
  let workspace: string;
  let commit: string;
  let gate: ActionRun;
  let lineage: ActionRun;

  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: workspace,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@e',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@e',
      },
    }).trim();

  const pushEnv = () => {
    const event = path.join(workspace, '.event.json');
    writeFileSync(
      event,
      JSON.stringify({
        ref: 'refs/heads/main',
        repository: { full_name: 'acme/app', default_branch: 'main' },
      }),
    );
    return {
      ...cache.env,
      GITHUB_API_URL: api.url,
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: event,
      GITHUB_SHA: commit,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_RUN_ID: '500',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/pipeline.yml@refs/heads/main',
    };
  };

  /** A command router whose weight lives in weight.txt; the analysis always measures a healthy 0% errors. */
  const deploy = (inputs: Record<string, string>) => {
    writeFileSync(path.join(workspace, 'weight.txt'), '0\n');
    const config = writeDeployConfig(workspace, {
      router: {
        set: ['/bin/sh', '-c', 'echo "$0" > weight.txt', '{{weight}}'],
        get: ['/bin/cat', 'weight.txt'],
      },
      analysis: {
        interval: '100ms',
        metrics: [{ name: 'error-rate', provider: 'command', command: ['/bin/echo', '0'], max: 0.05 }],
      },
    });
    const run = runAction(
      'canary-deploy',
      workspace,
      {
        router: 'command',
        config,
        steps: '50,100',
        'bake-time': '100ms',
        model: 'models/sentiment',
        'require-lineage': lineage.outputs.manifest,
        ...inputs,
      },
      pushEnv(),
    );
    return { run, weight: readFileSync(path.join(workspace, 'weight.txt'), 'utf8').trim() };
  };

  beforeAll(async () => {
    workspace = makeWorkspace({
      'eval/results.jsonl': 'examples/support-triage/eval/main.jsonl',
      '.mlgate/gates.yml': 'examples/support-triage/.mlgate/gates.yml',
    });
    mkdirSync(path.join(workspace, 'models/sentiment'), { recursive: true });
    writeFileSync(path.join(workspace, 'models/sentiment/model.onnx'), Buffer.alloc(4096, 7));
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-qm', 'first model');
    commit = git('rev-parse', 'HEAD');
    api = await startGitHubApi({ token: TOKEN });
    api.setCommits([{ sha: commit, parents: [] }]);
    cache = await startCacheService();
    gate = runAction(
      'eval-gate',
      workspace,
      {
        results: 'eval/results.jsonl',
        gates: '.mlgate/gates.yml',
        baseline: 'auto',
        'save-baseline': 'auto',
        'github-token': TOKEN,
      },
      pushEnv(),
    );
    lineage = runAction(
      'lineage-tag',
      workspace,
      {
        model: 'models/sentiment',
        name: 'sentiment',
        'eval-report': gate.outputs.report,
        upload: 'false',
        'github-token': TOKEN,
      },
      pushEnv(),
    );
  }, 180_000);

  afterAll(async () => {
    await api?.close();
    await cache?.close();
  });

  it('eval-gate says the baseline gates lack a baseline, not that the data cannot decide', () => {
    expect(gate.exitCode).toBe(0);
    const report = JSON.parse(readFileSync(gate.outputs.report, 'utf8'));
    expect(report.schemaVersion).toBe(EVAL_REPORT_VERSION);
    expect(report.baselineResolution).toMatchObject({ found: false });
    expect(report.outcome).toBe('inconclusive');
    expect(report.inconclusiveReason).toBe('no-baseline');
    // gates.yml: accuracy max-drop and faithfulness max-drop-relative need a baseline; the rest are thresholds.
    const lacking = report.gates.filter((g: { noBaseline?: boolean }) => g.noBaseline);
    expect(lacking.map((g: { metric: string }) => g.metric).sort()).toEqual(['accuracy', 'faithfulness']);
    expect(report.gates.filter((g: { status: string }) => g.status === 'fail')).toEqual([]);
    expect(gate.outputs.summary).toMatch(/^\d+\/\d+ gates passed, 2 without a baseline yet/);
    expect(gate.stdout).toMatch(/eval-gate inconclusive \(no baseline yet\): \d+\/\d+ gates passed/);
    expect(gate.summary).toContain('mlgate eval-gate: inconclusive (no baseline yet)');
  });

  it('lineage-tag runs without data and records why the evaluation is inconclusive', () => {
    expect(lineage.exitCode).toBe(0);
    expect(lineage.outputs).toMatchObject({ version: '1', tag: 'model/sentiment/v1' });
    const manifest = JSON.parse(readFileSync(lineage.outputs.manifest, 'utf8'));
    expect(manifest.predicate.data).toEqual([]);
    expect(manifest.predicate.evaluation).toMatchObject({
      outcome: 'inconclusive',
      inconclusiveReason: 'no-baseline',
      passed: false,
      gates: { failed: 0, inconclusive: 2, noBaseline: 2 },
    });
  });

  it('canary-deploy with require-lineage deploys that first model', () => {
    const { run, weight } = deploy({});
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('evaluation inconclusive (no baseline yet; its absolute gates passed)');
    expect(run.outputs.result).toBe('promoted');
    expect(weight).toBe('100');
  });

  it('require-lineage-strict refuses it before any traffic moves', () => {
    const { run, weight } = deploy({ 'require-lineage-strict': 'true' });
    expect(run.exitCode).not.toBe(0);
    expect(
      run.annotations.some((a) => a.level === 'error' && /require-lineage-strict refuses it/.test(a.message)),
    ).toBe(true);
    expect(weight).toBe('0');
  });

  it('a changed model is still refused', () => {
    writeFileSync(path.join(workspace, 'models/sentiment/model.onnx'), Buffer.alloc(4096, 8));
    const { run, weight } = deploy({});
    expect(run.exitCode).not.toBe(0);
    expect(run.stdout).toMatch(/does not match its lineage manifest/);
    expect(weight).toBe('0');
    writeFileSync(path.join(workspace, 'models/sentiment/model.onnx'), Buffer.alloc(4096, 7));
  });
});
