/** The baseline store's rules without a store service: names, inputs, when to save, and how `auto` searches. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigurationError, MemoryLogger } from '@mlgate/core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startGitHubApi, type GitHubApi } from '../../../test/e2e/github-api.js';
import { defaultBaselineName, keyPart, readRunEvent, workflowId } from '../src/baseline/index.js';
import { type RunEvent } from '../src/baseline/event.js';
import { parseBaselineInputs } from '../src/baseline/inputs.js';
import { artifactName, cacheKey, pinnedCachePrefix } from '../src/baseline/keys.js';
import { commitsToSearch, MAX_SEARCHED_COMMITS, resolveBaseline } from '../src/baseline/resolve.js';
import { decideSave } from '../src/baseline/save.js';
import { type BaselineContent, type BaselineStore, type RestoredBaseline } from '../src/baseline/types.js';
import { createOctokit } from '../src/octokit.js';

const sha = (n: number) => n.toString(16).padStart(40, '0');
const DAY = 86_400_000;

describe('names', () => {
  it('keys a commit baseline by workflow, name and commit, and a blessed one by content and pin', () => {
    expect(cacheKey({ kind: 'commit', workflow: 'ci.yml', name: 'evaluate-eval', commit: sha(1) })).toBe(
      `mlgate-baseline-v1-ci.yml-evaluate-eval-${sha(1)}`,
    );
    expect(cacheKey({ kind: 'pinned', content: 'eval', pin: 'release-1' }, new Date(1000))).toBe(
      'mlgate-baseline-v1-pinned-eval-release-1@1000',
    );
    expect(pinnedCachePrefix('eval', 'release-1')).toBe('mlgate-baseline-v1-pinned-eval-release-1@');
    // The prefix of pin "v1" never matches a blessing of pin "v1-old".
    expect(cacheKey({ kind: 'pinned', content: 'eval', pin: 'v1-old' })).not.toMatch(
      /^mlgate-baseline-v1-pinned-eval-v1@/,
    );
    expect(artifactName({ kind: 'commit', workflow: 'ci.yml', name: 'evaluate-eval', commit: sha(1) })).toBe(
      `mlgate-baseline-evaluate-eval-${sha(1)}`,
    );
    expect(artifactName({ kind: 'pinned', content: 'data', pin: 'gold' })).toBe(
      'mlgate-baseline-pinned-data-gold',
    );
  });

  it('keeps names key-safe: no commas, @, slashes or spaces', () => {
    expect(keyPart('Nightly eval, v2 / main@x')).toBe('Nightly-eval-v2-main-x');
    expect(keyPart('')).toBe('default');
    expect(keyPart('x'.repeat(300))).toHaveLength(100);
  });

  it('takes the workflow from the workflow file, the same for pushes and pull requests', () => {
    expect(workflowId({ GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/ci.yml@refs/heads/main' })).toBe(
      'ci.yml',
    );
    expect(workflowId({ GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/ci.yml@refs/pull/7/merge' })).toBe(
      'ci.yml',
    );
    expect(workflowId({ GITHUB_WORKFLOW: 'CI / eval' })).toBe('CI-eval');
    expect(workflowId({})).toBe('local');
    expect(defaultBaselineName('eval', { GITHUB_JOB: 'evaluate' })).toBe('evaluate-eval');
    expect(defaultBaselineName('data', {})).toBe('data');
  });
});

describe('inputs', () => {
  const inputs = (
    values: Record<string, string>,
    requestInput: 'baseline' | 'reference-profile' = 'baseline',
  ) => parseBaselineInputs((name) => values[name] ?? '', requestInput, 'eval', { GITHUB_JOB: 'evaluate' });

  it('reads auto, pinned:<name> and leaves a path to the action', () => {
    expect(inputs({ baseline: 'auto' }).request).toEqual({ mode: 'auto' });
    expect(inputs({ baseline: 'pinned:release-1' }).request).toEqual({ mode: 'pinned', pin: 'release-1' });
    expect(inputs({ baseline: 'reports/main.json' }).request).toBeUndefined();
    expect(() => inputs({ baseline: 'pinned:' })).toThrow(ConfigurationError);
    expect(() => inputs({ baseline: 'pinned:a b' })).toThrow(/pinned baseline is named/);
  });

  it('has the documented defaults', () => {
    expect(inputs({})).toMatchObject({
      store: 'cache',
      name: 'evaluate-eval',
      save: 'auto',
      branches: [],
      maxAgeMs: 14 * DAY,
      maxAge: '14d',
      bless: undefined,
      token: undefined,
    });
  });

  it('parses durations, stores, save modes and bless', () => {
    const maxAgeMs = (maxAge: string) => inputs({ 'baseline-max-age': maxAge }).maxAgeMs;
    expect(maxAgeMs('36h')).toBe(36 * 3_600_000);
    expect(maxAgeMs('2w')).toBe(14 * DAY);
    expect(maxAgeMs('3')).toBe(3 * DAY);
    expect(() => maxAgeMs('0d')).toThrow(/baseline-max-age/);
    expect(() => maxAgeMs('two weeks')).toThrow(/14d, 36h or 2w/);
    expect(() => inputs({ 'baseline-store': 's3' })).toThrow(/baseline-store/);
    expect(() => inputs({ 'save-baseline': 'sometimes' })).toThrow(/save-baseline/);
    expect(inputs({ 'baseline-branches': 'release, next\nlts' }).branches).toEqual([
      'release',
      'next',
      'lts',
    ]);
    expect(inputs({ bless: 'true' }).bless).toBe('blessed');
    expect(inputs({ bless: 'true', baseline: 'pinned:gold' }).bless).toBe('gold');
    expect(inputs({ bless: 'v2' }).bless).toBe('v2');
    expect(inputs({ bless: 'false' }).bless).toBeUndefined();
    expect(() => inputs({ bless: 'a/b' })).toThrow(/bless/);
    expect(() => inputs({ 'baseline-name': 'my name' })).toThrow(/baseline-name/);
  });
});

describe('when to save', () => {
  const push = (branch: string): RunEvent => ({
    name: 'push',
    commit: sha(1),
    branch,
    defaultBranch: 'main',
  });

  it('auto saves on pushes to the default branch and to baseline-branches only', () => {
    expect(decideSave('auto', push('main'), [])).toMatchObject({ save: true });
    expect(decideSave('auto', push('release'), ['release'])).toMatchObject({ save: true });
    expect(decideSave('auto', push('topic'), ['release'])).toMatchObject({ save: false });
    const pull: RunEvent = { name: 'pull_request', commit: sha(2), defaultBranch: 'main' };
    expect(decideSave('auto', pull, ['main'])).toMatchObject({ save: false });
    expect(decideSave('true', pull, [])).toMatchObject({ save: true });
    expect(decideSave('false', push('main'), [])).toMatchObject({ save: false });
  });

  it('reads the default branch and the pull request from the event payload', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mlgate-event-'));
    const file = path.join(dir, 'event.json');
    writeFileSync(
      file,
      JSON.stringify({
        repository: { default_branch: 'trunk' },
        pull_request: { number: 9, base: { sha: sha(5), ref: 'trunk' }, head: { sha: sha(6) } },
      }),
    );
    expect(
      readRunEvent({
        GITHUB_EVENT_PATH: file,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_SHA: sha(7),
        GITHUB_REF: 'refs/pull/9/merge',
        GITHUB_REPOSITORY: 'acme/app',
      }),
    ).toEqual({
      name: 'pull_request',
      commit: sha(6),
      branch: undefined,
      defaultBranch: 'trunk',
      owner: 'acme',
      repo: 'app',
      pullRequest: { number: 9, baseSha: sha(5), headSha: sha(6), baseRef: 'trunk' },
    });
  });
});

describe('resolving auto and pinned', () => {
  let api: GitHubApi;
  // main: 1 ← 2 ← … ← 40; the pull request's head 100 branches from 35, the base is at 40.
  const main = Array.from({ length: 40 }, (_, i) => ({ sha: sha(i + 1), parents: i ? [sha(i)] : [] }));
  const pull: RunEvent = {
    name: 'pull_request',
    commit: sha(100),
    owner: 'acme',
    repo: 'app',
    pullRequest: { number: 1, baseSha: sha(40), headSha: sha(100), baseRef: 'main' },
  };

  beforeAll(async () => {
    api = await startGitHubApi();
    api.setCommits([...main, { sha: sha(100), parents: [sha(35)] }]);
  });
  afterAll(async () => api.close());

  /** A store holding baselines of the given commits, saved `ageDays` ago; it records what was asked. */
  function fakeStore(saved: Record<string, number>, pinned?: { commit: string; ageDays: number }) {
    const asked: string[][] = [];
    const restored = (commit: string, ageDays: number, pin?: string): RestoredBaseline => ({
      manifest: {
        kind: 'mlgate/baseline-manifest',
        schemaVersion: '1.0',
        content: 'eval',
        name: 'evaluate-eval',
        ...(pin ? { pin } : {}),
        commit,
        branch: 'main',
        createdAt: new Date(Date.now() - ageDays * DAY).toISOString(),
        workflow: 'ci.yml',
        mlgateVersion: '0.1.0',
      },
      directory: '/nowhere',
      report: '/nowhere/report.json',
      storedAs: `key-${commit}`,
    });
    const store: BaselineStore = {
      kind: 'cache',
      save: async () => ({ saved: true, storedAs: 'x' }),
      findCommit: async (_workflow, _name, commits) => {
        asked.push(commits);
        const found = commits.find((commit) => commit in saved);
        return found ? restored(found, saved[found]) : undefined;
      },
      findPinned: async (_content: BaselineContent, pin: string) =>
        pinned ? restored(pinned.commit, pinned.ageDays, pin) : undefined,
    };
    return { store, asked };
  }

  const resolve = (store: BaselineStore, request = { mode: 'auto' } as const, maxAgeDays = 14) =>
    resolveBaseline({
      request,
      store,
      content: 'eval',
      workflow: 'ci.yml',
      name: 'evaluate-eval',
      event: pull,
      octokit: createOctokit({ token: 't', baseUrl: api.url, logger: new MemoryLogger() }),
      maxAgeMs: maxAgeDays * DAY,
      into: '/nowhere',
      logger: new MemoryLogger(),
    });

  it('searches from the merge base back, at most 30 commits', async () => {
    const octokit = createOctokit({ token: 't', baseUrl: api.url, logger: new MemoryLogger() });
    const search = await commitsToSearch(pull, octokit, new MemoryLogger());
    expect(search.mergeBase).toBe(sha(35));
    expect(search.commits).toHaveLength(MAX_SEARCHED_COMMITS);
    expect(search.commits.slice(0, 3)).toEqual([sha(35), sha(34), sha(33)]);
    expect(search.commits.at(-1)).toBe(sha(6));
  });

  it('uses the merge base when it has a baseline, else the nearest earlier one, and says how far back', async () => {
    const atBase = await resolve(fakeStore({ [sha(35)]: 1, [sha(30)]: 2 }).store);
    expect(atBase.resolution).toMatchObject({
      found: true,
      commit: sha(35),
      commitsBack: 0,
      stale: false,
      ageDays: 1,
    });
    const earlier = await resolve(fakeStore({ [sha(30)]: 2 }).store);
    expect(earlier.resolution).toMatchObject({
      found: true,
      commit: sha(30),
      commitsBack: 5,
      mergeBase: sha(35),
    });
    expect(earlier.resolution.message).toContain('5 commits before the merge base');
    expect(earlier.source).toBe(
      `baseline of ${sha(30).slice(0, 12)} (5 commits before the merge base), 2 days old`,
    );
  });

  it('marks a baseline older than baseline-max-age as stale', async () => {
    const resolved = await resolve(fakeStore({ [sha(35)]: 20 }).store);
    expect(resolved.resolution).toMatchObject({ found: true, stale: true, ageDays: 20, maxAgeDays: 14 });
    expect(resolved.source).toContain('stale');
  });

  it('finds nothing beyond the bound and says so', async () => {
    const { store, asked } = fakeStore({ [sha(5)]: 1 });
    const resolved = await resolve(store);
    expect(asked[0]).toHaveLength(30);
    expect(resolved.resolution).toMatchObject({ found: false, searchedCommits: 30 });
    expect(resolved.resolution.message).toContain(
      'the merge base 000000000000 or the 29 commit(s) before it'.replace(
        '000000000000',
        sha(35).slice(0, 12),
      ),
    );
  });

  it('reads a pinned baseline by its pin', async () => {
    const { store } = fakeStore({}, { commit: sha(3), ageDays: 40 });
    const resolved = await resolve(store, { mode: 'pinned', pin: 'gold' } as never);
    expect(resolved.resolution).toMatchObject({
      request: 'pinned:gold',
      name: 'gold',
      found: true,
      commit: sha(3),
      stale: true,
    });
    const none = await resolve(fakeStore({}).store, { mode: 'pinned', pin: 'gold' } as never);
    expect(none.resolution).toMatchObject({ found: false, name: 'gold' });
  });
});
