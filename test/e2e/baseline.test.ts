/**
 * End to end: the baseline store in the bundled eval-gate and validate-data actions, with the real
 * @actions/cache and @actions/artifact clients against local Twirp CacheService / ArtifactService servers whose
 * blobs live in azurite, and a local server for GitHub's REST API (compare, commits, artifacts).
 *
 * The repository's history: main is c1 ← c2 ← … ← c6; pull request A branches from c5, pull request B from c4
 * (which has no baseline: a push to a feature branch does not save one), pull request C from a history with
 * no baseline at all (its base branch `legacy` never saved one).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVAL_REPORT_VERSION } from '@mlgate/core';
import { startArtifactService, type ArtifactService } from './artifact-service.js';
import { startCacheService, type CacheService } from './cache-service.js';
import { customers, toCsv } from './data-fixtures.js';
import { startGitHubApi, type GitHubApi, type MockArtifact } from './github-api.js';
import {
  actionNode,
  bundle,
  makeWorkspace,
  parseAnnotations,
  runAction,
  runCli,
  type ActionRun,
} from './runner.js';

const sha = (label: string) => createHash('sha1').update(label).digest('hex');
const [c1, c2, c3, c4, c5, c6] = [1, 2, 3, 4, 5, 6].map((n) => sha(`c${n}`));
const [headA, headB, headC, orphan, legacy, feature] = [
  'pr-a',
  'pr-b',
  'pr-c',
  'orphan',
  'legacy',
  'feature',
].map(sha);
const HISTORY = [
  { sha: c1, parents: [] },
  { sha: c2, parents: [c1] },
  { sha: c3, parents: [c2] },
  { sha: c4, parents: [c3] },
  { sha: c5, parents: [c4] },
  { sha: c6, parents: [c5] },
  { sha: headA, parents: [c5] },
  { sha: headB, parents: [c4] },
  { sha: feature, parents: [c4] },
  { sha: orphan, parents: [] },
  { sha: legacy, parents: [orphan] },
  { sha: headC, parents: [orphan] },
];

interface Report {
  baselineResolution?: {
    request: string;
    store: string;
    name: string;
    found: boolean;
    commit?: string;
    ageDays?: number;
    stale?: boolean;
    maxAgeDays?: number;
    mergeBase?: string;
    commitsBack?: number;
    searchedCommits?: number;
    message: string;
  };
  baseline?: { source: string; commit?: string; sharedCases: number };
  reference?: string;
  drift?: unknown[];
  checks?: { status: string }[];
  gates?: { metric: string; kind: string; status: string }[];
  outcome: string;
  schemaVersion: string;
}
const readReport = (run: ActionRun): Report => JSON.parse(readFileSync(run.outputs.report, 'utf8'));

describe.each(['cache', 'artifact'] as const)('baseline-store: %s', (store) => {
  let workspace: string;
  let api: GitHubApi;
  let cacheService: CacheService | undefined;
  let artifactService: ArtifactService | undefined;
  let nextRunId = 100;
  const registered: MockArtifact[] = [];

  /** An event as the runner gives it: GITHUB_EVENT_PATH, GITHUB_SHA, GITHUB_REF, and the store's service. */
  function eventEnv(event: {
    push?: { commit: string; branch: string };
    pull?: { head: string; base?: string };
  }) {
    const file = path.join(workspace, `.event-${nextRunId}.json`);
    const repository = { full_name: 'acme/app', default_branch: 'main' };
    const env: Record<string, string> = {
      ...(store === 'cache' ? cacheService!.env : artifactService!.env),
      GITHUB_API_URL: api.url,
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/ci.yml@refs/heads/main',
      GITHUB_JOB: 'evaluate',
      GITHUB_RUN_ID: String(nextRunId++),
      GITHUB_EVENT_PATH: file,
    };
    if (event.push) {
      writeFileSync(file, JSON.stringify({ ref: `refs/heads/${event.push.branch}`, repository }));
      return {
        ...env,
        GITHUB_EVENT_NAME: 'push',
        GITHUB_SHA: event.push.commit,
        GITHUB_REF: `refs/heads/${event.push.branch}`,
      };
    }
    writeFileSync(
      file,
      JSON.stringify({
        repository,
        pull_request: {
          number: 7,
          base: { sha: event.pull!.base ?? c6, ref: event.pull!.base ? 'legacy' : 'main' },
          head: { sha: event.pull!.head },
        },
      }),
    );
    return {
      ...env,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_SHA: sha(`merge-${event.pull!.head}`),
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_HEAD_REF: 'topic',
      GITHUB_BASE_REF: 'main',
    };
  }

  /** The REST API lists the artifacts the artifact service holds, as uploaded by the run that made them. */
  async function publishArtifacts(env: Record<string, string>): Promise<void> {
    if (!artifactService) return;
    for (const artifact of await artifactService.artifacts()) {
      if (!artifact.finalized || registered.some((item) => item.id === artifact.id)) continue;
      registered.push({
        id: artifact.id,
        name: artifact.name,
        size_in_bytes: artifact.size,
        created_at: artifact.createdAt,
        workflow_run: { id: Number(env.GITHUB_RUN_ID), head_sha: env.GITHUB_SHA },
        blobUrl: artifactService.blobUrl(artifact),
      });
    }
    api.setArtifacts(registered);
  }

  async function evalGate(
    event: Parameters<typeof eventEnv>[0],
    inputs: Record<string, string> = {},
  ): Promise<ActionRun> {
    const env = eventEnv(event);
    const run = runAction(
      'eval-gate',
      workspace,
      {
        results: 'eval/main.jsonl',
        gates: '.mlgate/gates.yml',
        baseline: 'auto',
        'baseline-store': store,
        'github-token': 'ghs_test',
        'report-path': `reports/eval-${nextRunId}.json`,
        ...inputs,
      },
      env,
    );
    await publishArtifacts(env);
    return run;
  }

  async function validateData(
    event: Parameters<typeof eventEnv>[0],
    inputs: Record<string, string> = {},
  ): Promise<ActionRun> {
    const env = eventEnv(event);
    const run = runAction(
      'validate-data',
      workspace,
      {
        data: 'data/clean.csv',
        contract: 'contract.yml',
        'reference-profile': 'auto',
        'baseline-store': store,
        'github-token': 'ghs_test',
        'report-path': `reports/data-${nextRunId}.json`,
        ...inputs,
      },
      env,
    );
    await publishArtifacts(env);
    return run;
  }

  /** Names of what the store holds: cache keys or artifact names. */
  async function stored(): Promise<string[]> {
    if (cacheService)
      return (await cacheService.entries()).filter((entry) => entry.finalized).map((entry) => entry.key);
    return (await artifactService!.artifacts()).filter((item) => item.finalized).map((item) => item.name);
  }
  const evalKey = (commit: string) =>
    store === 'cache'
      ? `mlgate-baseline-v1-ci.yml-evaluate-eval-${commit}`
      : `mlgate-baseline-evaluate-eval-${commit}`;
  const dataKey = (commit: string) =>
    store === 'cache'
      ? `mlgate-baseline-v1-ci.yml-evaluate-data-${commit}`
      : `mlgate-baseline-evaluate-data-${commit}`;

  const saves: Record<string, ActionRun> = {};
  let savedAt = 0;

  beforeAll(async () => {
    workspace = makeWorkspace({
      'eval/main.jsonl': 'examples/support-triage/eval/main.jsonl',
      'eval/pr-good.jsonl': 'examples/support-triage/eval/pr-good.jsonl',
      '.mlgate/gates.yml': 'examples/support-triage/.mlgate/gates.yml',
      'contract.yml': 'test/fixtures/data/customers.contract.yml',
    });
    mkdirSync(path.join(workspace, 'data'), { recursive: true });
    writeFileSync(path.join(workspace, 'data/clean.csv'), toCsv(customers(2_000)));
    writeFileSync(
      path.join(workspace, 'data/c3.csv'),
      toCsv(customers(3_000, { seed: 99, firstId: 10_001 })),
    );
    // c5's data has moved: income up by a third of its spread, so drift against c5 differs from c3.
    writeFileSync(
      path.join(workspace, 'data/c5.csv'),
      toCsv(customers(3_000, { seed: 5, firstId: 20_001, incomeShift: 4_000 })),
    );
    api = await startGitHubApi({ token: 'ghs_test' });
    api.setCommits(HISTORY);
    if (store === 'cache') cacheService = await startCacheService();
    else artifactService = await startArtifactService();

    // Pushes to main save baselines of c3 and c5; a push to a feature branch (c4's child) saves none.
    saves.evalC3 = await evalGate({ push: { commit: c3, branch: 'main' } });
    saves.dataC3 = await validateData({ push: { commit: c3, branch: 'main' } }, { data: 'data/c3.csv' });
    saves.evalC5 = await evalGate({ push: { commit: c5, branch: 'main' } });
    saves.dataC5 = await validateData({ push: { commit: c5, branch: 'main' } }, { data: 'data/c5.csv' });
    saves.feature = await evalGate({ push: { commit: feature, branch: 'feature' } });
    savedAt = Date.now();
  }, 240_000);

  afterAll(async () => {
    await api?.close();
    await cacheService?.close();
    await artifactService?.close();
  });

  it('saves the report (and the profile) on a push to the default branch, not on another branch', async () => {
    for (const run of Object.values(saves)) expect(run.exitCode).toBe(0);
    expect(saves.evalC5.stdout).toContain('a push to the default branch main');
    expect(saves.feature.stdout).toContain(
      'Baseline not saved: feature is neither the default branch (main) nor one of baseline-branches',
    );
    const names = await stored();
    expect(names).toEqual(expect.arrayContaining([evalKey(c3), dataKey(c3), evalKey(c5), dataKey(c5)]));
    expect(names.filter((name) => name.includes(feature))).toEqual([]);
    // On main, the first run of the workflow has no earlier baseline: its baseline gates are inconclusive.
    const first = readReport(saves.evalC3);
    expect(first.baselineResolution).toMatchObject({ found: false, request: 'auto', store });
    expect(first.outcome).toBe('inconclusive');
    // The second compares with the first: c5's search starts at its parent c4 and finds c3.
    expect(readReport(saves.evalC5).baselineResolution).toMatchObject({
      found: true,
      commit: c3,
      commitsBack: 1,
    });
  });

  it('stores a manifest naming commit, branch, workflow, name and mlgate version next to the report', async () => {
    let manifest: Record<string, unknown>;
    if (cacheService) {
      const archive = await cacheService.download(dataKey(c5));
      expect(archive.length).toBeGreaterThan(100);
      // The archive is a zstd (or gzip) tar made by @actions/cache; its contents are checked through restores below.
      manifest = {};
    } else {
      const files = await artifactService!.download(dataKey(c5));
      expect([...files.keys()].sort()).toEqual(['manifest.json', 'profile.json', 'report.json']);
      manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
      expect(manifest).toMatchObject({
        kind: 'mlgate/baseline-manifest',
        content: 'data',
        name: 'evaluate-data',
        commit: c5,
        branch: 'main',
        workflow: 'ci.yml',
        mlgateVersion: expect.any(String),
      });
      expect(JSON.parse(files.get('profile.json')!.toString('utf8')).kind).toBe('mlgate/data-profile');
    }
  });

  it('a pull request compares with the baseline of its merge base', async () => {
    const run = await evalGate({ pull: { head: headA } }, { results: 'eval/pr-good.jsonl' });
    expect(run.exitCode).toBe(0);
    const report = readReport(run);
    expect(report.schemaVersion).toBe(EVAL_REPORT_VERSION);
    expect(report.baselineResolution).toMatchObject({
      request: 'auto',
      store,
      name: 'evaluate-eval',
      found: true,
      commit: c5,
      mergeBase: c5,
      commitsBack: 0,
      stale: false,
    });
    expect(report.baselineResolution!.ageDays).toBeLessThan(0.01);
    expect(report.baseline).toMatchObject({ commit: c5, sharedCases: 600 });
    expect(report.baseline!.source).toMatch(
      new RegExp(`^baseline of ${c5.slice(0, 12)} \\(the merge base\\)`),
    );
    expect(report.outcome).toBe('pass');
    expect(run.stdout).toContain(`Using the baseline of ${c5.slice(0, 12)} (the merge base, main)`);
    // The merge base came from the compare API, the commits before it from the commits API.
    const paths = api.requests.map((request) => request.path);
    expect(paths).toContain(`/repos/acme/app/compare/${c6}...${headA}?per_page=1`);
    expect(paths.some((item) => item.startsWith(`/repos/acme/app/commits?sha=${c5}`))).toBe(true);
    // A pull request never saves a baseline.
    expect(run.stdout).toContain('Baseline not saved: a pull_request run is not a push to a branch');
    // The job summary and the pull-request comment name the baseline's commit and age.
    expect(run.summary).toMatch(
      new RegExp(
        `Compared with the baseline of \`${c5.slice(0, 12)}\` \\(main\\), \\d+ minutes? old, found by \`auto\` at the merge base`,
      ),
    );
    const bodyPath = path.join(workspace, 'comment.md');
    const comment = runCli(
      ['pr-eval-comment', '--report', run.outputs.report, '--body-path', bodyPath],
      workspace,
    );
    expect(comment.exitCode).toBe(0);
    expect(readFileSync(bodyPath, 'utf8')).toMatch(
      new RegExp(`compared with \`baseline of ${c5.slice(0, 12)} \\(the merge base\\), \\d+ s old\``),
    );
  });

  it('validate-data measures drift against the profile stored for the merge base', async () => {
    const run = await validateData({ pull: { head: headA } });
    expect(run.exitCode).toBe(0);
    const report = readReport(run);
    expect(report.schemaVersion).toBe('1.3');
    expect(report.baselineResolution).toMatchObject({ found: true, commit: c5, name: 'evaluate-data' });
    expect(report.reference).toMatch(/^baseline of /);
    expect(report.drift!.length).toBeGreaterThan(0);
    const income = (report.drift as { column: string; status: string }[]).find(
      (item) => item.column === 'income',
    );
    expect(income?.status).not.toBe('pass'); // c5's incomes were shifted up
  });

  it('falls back to the nearest earlier commit of the base branch that has a baseline', async () => {
    const run = await evalGate({ pull: { head: headB } }, { results: 'eval/pr-good.jsonl' });
    expect(run.exitCode).toBe(0);
    const report = readReport(run);
    expect(report.baselineResolution).toMatchObject({
      found: true,
      commit: c3,
      mergeBase: c4,
      commitsBack: 1,
      searchedCommits: 4, // c4, c3, c2, c1
    });
    expect(report.baseline!.commit).toBe(c3);
    expect(run.stdout).toContain(`Using the baseline of ${c3.slice(0, 12)} (1 commit before the merge base`);

    const data = await validateData({ pull: { head: headB } });
    const dataReport = readReport(data);
    expect(dataReport.baselineResolution).toMatchObject({ found: true, commit: c3, commitsBack: 1 });
    const income = (dataReport.drift as { column: string; status: string }[]).find(
      (item) => item.column === 'income',
    );
    expect(income?.status).toBe('pass'); // c3's data has the same distribution as the pull request's
  });

  it('reports a baseline older than baseline-max-age as stale and still compares with it', async () => {
    // Every baseline was saved more than a second ago by now.
    while (Date.now() - savedAt < 1100) await new Promise((resolve) => setTimeout(resolve, 100));
    const run = await evalGate(
      { pull: { head: headA } },
      { results: 'eval/pr-good.jsonl', 'baseline-max-age': '1s' },
    );
    expect(run.exitCode).toBe(0);
    const report = readReport(run);
    expect(report.baselineResolution).toMatchObject({ found: true, commit: c5, stale: true });
    expect(report.baselineResolution!.maxAgeDays).toBeCloseTo(1 / 86_400, 5);
    expect(report.baseline!.source).toContain('stale');
    expect(report.outcome).toBe('pass');
    const warning = run.annotations.find(
      (item) => item.level === 'warning' && item.message.includes('baseline-max-age'),
    );
    expect(warning?.message).toContain(`The baseline of ${c5.slice(0, 12)} is`);
  });

  it('without any baseline, baseline gates are inconclusive and the other gates and checks still run', async () => {
    const run = await evalGate({ pull: { head: headC, base: legacy } }, { results: 'eval/pr-good.jsonl' });
    expect(run.exitCode).toBe(0);
    const report = readReport(run);
    expect(report.baselineResolution).toMatchObject({ found: false, mergeBase: orphan, searchedCommits: 1 });
    expect(report.baselineResolution!.message).toContain('gates that need a baseline are inconclusive');
    expect(report.baseline).toBeUndefined();
    const byKind = (kind: string) =>
      report.gates!.filter((gate) => gate.kind === kind).map((gate) => gate.status);
    expect(new Set(byKind('baseline'))).toEqual(new Set(['inconclusive']));
    expect(byKind('threshold').every((status) => status === 'pass' || status === 'warn')).toBe(true);
    expect(report.outcome).toBe('inconclusive');

    const data = await validateData({ pull: { head: headC, base: legacy } });
    expect(data.exitCode).toBe(0);
    const dataReport = readReport(data);
    expect(dataReport.baselineResolution).toMatchObject({ found: false });
    expect(dataReport.drift ?? []).toEqual([]);
    expect(dataReport.checks!.length).toBeGreaterThan(0);
    expect(dataReport.outcome).toBe('pass');
  });

  it('a pinned baseline is read by name and does not move when main saves new baselines', async () => {
    // Blessed on c2's run (not saved as c2's baseline: save-baseline false).
    const bless = await evalGate(
      { push: { commit: c2, branch: 'main' } },
      { results: 'eval/pr-good.jsonl', bless: 'release-1', 'save-baseline': 'false', baseline: '' },
    );
    expect(bless.exitCode).toBe(0);
    expect(bless.stdout).toContain('Saved the blessed baseline "release-1"');
    const blessData = await validateData(
      { push: { commit: c2, branch: 'main' } },
      {
        data: 'data/c5.csv',
        bless: 'true',
        'reference-profile': 'pinned:release-1',
        'save-baseline': 'false',
      },
    );
    expect(blessData.exitCode).toBe(0);
    // main moves on: c6 saves its baseline.
    expect((await evalGate({ push: { commit: c6, branch: 'main' } })).exitCode).toBe(0);
    expect(await stored()).toContain(evalKey(c6));

    const run = await evalGate(
      { pull: { head: headA } },
      { results: 'eval/main.jsonl', baseline: 'pinned:release-1' },
    );
    expect(run.exitCode).toBe(0);
    const report = readReport(run);
    expect(report.baselineResolution).toMatchObject({
      request: 'pinned:release-1',
      name: 'release-1',
      found: true,
      commit: c2,
    });
    expect(report.baseline!.commit).toBe(c2);

    const data = await validateData({ pull: { head: headA } }, { 'reference-profile': 'pinned:release-1' });
    expect(readReport(data).baselineResolution).toMatchObject({ found: true, commit: c2 });

    const missing = await evalGate({ pull: { head: headA } }, { baseline: 'pinned:nope' });
    expect(missing.exitCode).toBe(0);
    expect(readReport(missing).baselineResolution).toMatchObject({ found: false, name: 'nope' });
    expect(readReport(missing).outcome).toBe('inconclusive');
  });

  it('mlgate baseline bless stores a report under a pin from a job step', async () => {
    const env = eventEnv({ push: { commit: c4, branch: 'main' } });
    const cli = spawnSync(
      actionNode,
      [
        bundle('cli'),
        'baseline',
        'bless',
        '--report',
        saves.evalC5.outputs.report,
        '--name',
        'cli-pin',
        '--baseline-store',
        store,
        '--github-token',
        'ghs_test',
      ],
      {
        cwd: workspace,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, GITHUB_WORKSPACE: workspace, ...env },
      },
    );
    expect(parseAnnotations(cli.stdout).filter((item) => item.level === 'error')).toEqual([]);
    expect(cli.stderr).not.toContain('error:');
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain('blessed');
    await publishArtifacts(env);

    const run = await evalGate({ pull: { head: headB } }, { baseline: 'pinned:cli-pin' });
    expect(readReport(run).baselineResolution).toMatchObject({ found: true, commit: c4, name: 'cli-pin' });
  });

  it('a second save of the same commit keeps the first (a cache entry cannot be overwritten)', async () => {
    const before = await stored();
    const run = await evalGate({ push: { commit: c5, branch: 'main' } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('a baseline of this commit is stored already');
    expect(await stored()).toEqual(before);
  });

  it('baseline-branches saves on pushes to the branches it names', async () => {
    const run = await evalGate(
      { push: { commit: feature, branch: 'feature' } },
      { 'baseline-branches': 'release, feature' },
    );
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('a push to feature, one of baseline-branches');
    expect(await stored()).toContain(evalKey(feature));
  });
});
