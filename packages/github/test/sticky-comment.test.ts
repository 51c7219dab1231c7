import { afterEach, describe, expect, it } from '@jest/globals';
import { ConfigurationError, InputDataError, MemoryLogger } from '@mlgate/core';
import { startGitHubApi, type GitHubApi, type MockComment } from '../../../test/e2e/github-api.js';
import {
  composeBody,
  createOctokit,
  detectFork,
  syncStickyComment,
  verifyPullRequestHead,
} from '../src/index.js';
import {
  parseRunMarker,
  stickyMarker,
  type RunMarker,
  type SyncStickyCommentOptions,
} from '../src/sticky-comment.js';

const TOKEN = 'ghs_UnitTestTokenValue0123456789';
const SHA = 'a'.repeat(40);
const OTHER_SHA = 'b'.repeat(40);
const MARKER = '<!-- mlgate:pr-eval-comment:default -->';
const BOT = 'github-actions[bot]';

const run = (runNumber: number, runAttempt = 1): RunMarker => ({ sha: SHA, runNumber, runAttempt });

function comment(id: number, body: string, login = BOT): MockComment {
  return {
    id,
    body,
    user: { login },
    html_url: `https://github.com/acme/app/pull/7#issuecomment-${id}`,
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
  };
}

let api: GitHubApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** A mock GitHub and a fresh client, as each workflow run has. */
async function start(options: { identity?: string | null } = {}) {
  api = await startGitHubApi({ token: TOKEN, ...options });
  const server = api;
  const logger = new MemoryLogger();
  const client = (retryAfterBaseValue = 5) =>
    createOctokit({ token: TOKEN, baseUrl: server.url, logger, retries: 2, retryAfterBaseValue });
  type Sync = Partial<SyncStickyCommentOptions> & { markdown?: string };
  const sync = ({ markdown = 'results', ...options }: Sync = {}) =>
    syncStickyComment({
      octokit: client(),
      owner: 'acme',
      repo: 'app',
      issueNumber: 7,
      key: 'default',
      mode: 'upsert',
      run: run(12),
      body: composeBody(options.key ?? 'default', options.run ?? run(12), markdown),
      logger,
      ...options,
    });
  const writes = () => server.requests.filter((request) => request.method !== 'GET');
  return { api: server, logger, client, sync, writes };
}

describe('markers', () => {
  it('marks the comment on line 1 and the run on line 2', () => {
    const body = composeBody(
      'model-a.v2',
      { sha: SHA.toUpperCase(), runNumber: 12, runAttempt: 3 },
      '# Results',
    );
    expect(body.split('\n')).toEqual([
      '<!-- mlgate:pr-eval-comment:model-a.v2 -->',
      `<!-- mlgate:run sha=${SHA} run=12.3 -->`,
      '# Results',
    ]);
    expect(parseRunMarker(body)).toEqual({ sha: SHA, runNumber: 12, runAttempt: 3 });
    expect(parseRunMarker(body.replace(/\n/g, '\r\n'))).toEqual({ sha: SHA, runNumber: 12, runAttempt: 3 });
  });

  it('reads the run only from line 2', () => {
    expect(parseRunMarker(`${MARKER}\nno run line`)).toBeUndefined();
    expect(parseRunMarker(`${MARKER}\ntext\n<!-- mlgate:run sha=${SHA} run=99.1 -->`)).toBeUndefined();
  });

  it('rejects a key that is not 1-64 letters, digits, ".", "_" or "-", naming the input', () => {
    for (const key of ['', 'a b', 'x-->', 'k'.repeat(65), 'é']) {
      expect(() => stickyMarker(key)).toThrow(ConfigurationError);
      expect(() => stickyMarker(key)).toThrow(/Input "comment-id"/);
    }
    expect(stickyMarker('k'.repeat(64))).toBe(`<!-- mlgate:pr-eval-comment:${'k'.repeat(64)} -->`);
  });

  it('rejects a run without a commit SHA', () => {
    expect(() => composeBody('default', { sha: '', runNumber: 1, runAttempt: 1 }, 'x')).toThrow(
      ConfigurationError,
    );
    expect(() => composeBody('default', { sha: SHA, runNumber: 1.5, runAttempt: 1 }, 'x')).toThrow(
      /run number/,
    );
  });
});

describe('detectFork', () => {
  const event = (head: { full_name: string } | null, base = 'acme/app') => ({
    pull_request: { head: { repo: head }, base: { repo: { full_name: base } } },
  });
  it('is a fork when the head repository differs from the base or was deleted', () => {
    expect(detectFork(event({ full_name: 'mallory/app' }))).toBe(true);
    expect(detectFork(event(null))).toBe(true);
    expect(detectFork(event({ full_name: 'acme/app' }))).toBe(false);
    expect(detectFork({})).toBe(false);
  });
});

describe('syncStickyComment', () => {
  it('creates the comment, then updates the same comment on the next run', async () => {
    const { api, sync, writes } = await start();
    const first = await sync({ markdown: 'first', run: run(12) });
    expect(first.action).toBe('created');
    expect(api.comments).toHaveLength(1);
    expect(first).toEqual({
      action: 'created',
      commentId: api.comments[0].id,
      url: api.comments[0].html_url,
    });
    expect(api.comments[0].user.login).toBe(BOT);

    const second = await sync({ markdown: 'second', run: run(13) });
    expect(second).toEqual({ action: 'updated', commentId: first.commentId, url: first.url });
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0].body).toBe(composeBody('default', run(13), 'second'));
    expect(writes().map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /repos/acme/app/issues/7/comments',
      `PATCH /repos/acme/app/issues/comments/${first.commentId}`,
    ]);
  });

  it('adds the markers to Markdown passed without them', async () => {
    const { api, sync } = await start();
    await sync({ body: '# Plain', run: run(4, 2) });
    expect(api.comments[0].body).toBe(composeBody('default', run(4, 2), '# Plain'));
  });

  it('finds our comment on page 3 of 250, reading every page 100 at a time', async () => {
    const { api, sync, writes } = await start();
    api.comments = Array.from({ length: 250 }, (_, i) =>
      comment(i + 1, i + 1 === 230 ? `${MARKER}\nold` : `chatter ${i + 1}`, i + 1 === 230 ? BOT : 'someone'),
    );
    const result = await sync();
    expect(result).toMatchObject({ action: 'updated', commentId: 230 });
    const pages = api.requests.filter(
      (request) => request.method === 'GET' && request.path.includes('/comments'),
    );
    expect(pages.map((request) => request.path)).toEqual([
      '/repos/acme/app/issues/7/comments?per_page=100',
      '/repos/acme/app/issues/7/comments?per_page=100&page=2',
      '/repos/acme/app/issues/7/comments?per_page=100&page=3',
    ]);
    expect(writes()).toHaveLength(1);
    expect(api.comments).toHaveLength(250);
  });

  it('never touches a comment by someone else, even one that starts with our marker', async () => {
    const { api, sync, writes } = await start();
    const forged = `${MARKER}\n<!-- mlgate:run sha=${SHA} run=99.1 -->\nforged`;
    api.comments = [comment(1, forged, 'mallory')];
    expect((await sync()).action).toBe('created');
    expect(api.comments.find((item) => item.id === 1)?.body).toBe(forged);
    expect(writes().map((request) => request.method)).toEqual(['POST']);
    // Delete mode leaves it too.
    expect((await sync({ mode: 'delete' })).action).toBe('deleted');
    expect(api.comments.map((item) => item.id)).toEqual([1]);
  });

  it('does not take a comment that quotes our marker after its first line for ours', async () => {
    const { api, sync } = await start();
    api.comments = [
      comment(1, `> the bot wrote:\n> ${MARKER}\nlooks wrong`),
      comment(2, ` ${MARKER}\nindented`),
    ];
    expect((await sync()).action).toBe('created');
    expect(api.comments.map((item) => item.id)).toEqual([1, 2, 3]);
  });

  it('does not let an older run overwrite the comment of a newer one', async () => {
    const { api, sync, writes, logger } = await start();
    const newer = composeBody('default', run(20), 'newer');
    api.comments = [comment(5, newer)];
    expect(await sync({ run: run(19) })).toMatchObject({ action: 'skipped-stale', commentId: 5 });
    expect(api.comments[0].body).toBe(newer);
    expect(writes()).toHaveLength(0);
    expect(logger.lines.some((line) => /run 20\.1 .*newer than this run 19\.1/.test(line.message))).toBe(
      true,
    );

    // Same run number: the later attempt wins.
    api.comments = [comment(5, composeBody('default', run(19, 2), 'attempt 2'))];
    expect((await sync({ run: run(19, 1) })).action).toBe('skipped-stale');
    expect((await sync({ run: run(19, 3) })).action).toBe('updated');
  });

  it('sends nothing when the body is unchanged', async () => {
    const { api, sync, writes } = await start();
    api.comments = [comment(8, composeBody('default', run(12), 'same'))];
    expect(await sync({ markdown: 'same' })).toMatchObject({ action: 'unchanged', commentId: 8 });
    expect(writes()).toHaveLength(0);
  });

  it('updates the newest of several of our comments and leaves the others', async () => {
    const { api, sync, logger } = await start();
    api.comments = [
      comment(3, `${MARKER}\nfirst`),
      comment(4, 'chatter', 'someone'),
      comment(9, `${MARKER}\nsecond`),
    ];
    expect(await sync({ markdown: 'new' })).toMatchObject({ action: 'updated', commentId: 9 });
    expect(api.comments.find((item) => item.id === 3)?.body).toBe(`${MARKER}\nfirst`);
    expect(logger.lines.some((line) => line.message.includes('leaving 3'))).toBe(true);
  });

  it('keeps comments with other keys apart', async () => {
    const { api, sync } = await start();
    api.comments = [comment(1, composeBody('model-a', run(1), 'a'))];
    expect((await sync({ key: 'model-b' })).action).toBe('created');
    expect(api.comments[1].body.startsWith('<!-- mlgate:pr-eval-comment:model-b -->')).toBe(true);
    expect(api.comments[0].body).toBe(composeBody('model-a', run(1), 'a'));
  });

  it('create mode always posts a new comment', async () => {
    const { api, sync } = await start();
    api.comments = [comment(1, composeBody('default', run(1), 'old'))];
    expect((await sync({ mode: 'create' })).action).toBe('created');
    expect(api.comments).toHaveLength(2);
  });

  it('delete mode deletes our comments for the key, and reports none when there are none', async () => {
    const { api, sync, writes } = await start();
    api.comments = [comment(1, `${MARKER}\nours`), comment(2, `${MARKER}\nours again`), comment(3, 'other')];
    expect(await sync({ mode: 'delete' })).toMatchObject({ action: 'deleted', commentId: 2 });
    expect(api.comments.map((item) => item.id)).toEqual([3]);
    expect(writes().map((request) => `${request.method} ${request.path}`)).toEqual([
      'DELETE /repos/acme/app/issues/comments/1',
      'DELETE /repos/acme/app/issues/comments/2',
    ]);
    expect(await sync({ mode: 'delete' })).toEqual({ action: 'none' });
  });

  it('refuses a body over GitHub limit before sending it', async () => {
    const { sync, writes } = await start();
    await expect(sync({ markdown: 'x'.repeat(65536) })).rejects.toThrow(/65536/);
    expect(writes()).toHaveLength(0);
  });
});

describe('identity', () => {
  it('falls back to github-actions[bot] when GET /user answers 403 (a GITHUB_TOKEN)', async () => {
    const { api, sync, logger } = await start({ identity: null });
    api.comments = [comment(4, `${MARKER}\nold`, BOT)];
    expect(await sync()).toMatchObject({ action: 'updated', commentId: 4 });
    expect(api.requests[0].path).toBe('/user');
    expect(logger.lines.some((line) => line.message.includes('GET /user answered 403'))).toBe(true);
  });

  it('uses the login from GET /user when the token can call it', async () => {
    const { api, sync } = await start({ identity: 'mlgate-bot' });
    api.comments = [comment(4, `${MARKER}\nby the workflow token`, BOT)];
    expect((await sync()).action).toBe('created');
    expect(api.comments[1].user.login).toBe('mlgate-bot');
    expect(api.comments[0].body).toBe(`${MARKER}\nby the workflow token`);
  });

  it('takes an explicit identity without asking GET /user', async () => {
    const { api, sync } = await start({ identity: 'someone-else' });
    api.comments = [comment(4, `${MARKER}\nold`, 'My-App[bot]')];
    expect((await sync({ identity: 'my-app[bot]' })).action).toBe('updated');
    expect(api.requests.some((request) => request.path === '/user')).toBe(false);
  });
});

describe('fork pull requests', () => {
  it('turns "Resource not accessible by integration" into the two-workflow explanation', async () => {
    const { api, sync, writes } = await start();
    api.failNext(403, { method: 'POST' });
    const error = await sync().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    expect(message).toContain('mode: summary-only');
    expect(message).toContain('workflow_run');
    expect(message).toContain('docs/pr-eval-comment.md#fork-pull-requests');
    expect(writes()).toHaveLength(1); // a 403 is not retried
  });

  it('leaves other 403s as they are', async () => {
    const { api, sync } = await start();
    api.failNext(403, { method: 'PATCH', message: 'Must have admin rights to Repository.' });
    api.comments = [comment(1, `${MARKER}\nold`)];
    const error = await sync().catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(ConfigurationError);
    expect((error as { status?: number }).status).toBe(403);
  });
});

describe('verifyPullRequestHead', () => {
  const pull = (sha: string) => ({
    head: { sha, repo: { full_name: 'mallory/app' } },
    base: { repo: { full_name: 'acme/app' } },
  });

  it('passes when the pull request head is the evaluated commit', async () => {
    const { api, client } = await start();
    api.pulls.set(7, pull(SHA));
    await expect(
      verifyPullRequestHead({ octokit: client(), owner: 'acme', repo: 'app', pullNumber: 7, headSha: SHA }),
    ).resolves.toBeUndefined();
    expect(api.requests.at(-1)?.path).toBe('/repos/acme/app/pulls/7');
  });

  it('refuses, naming both commits, when it is not', async () => {
    const { api, client } = await start();
    api.pulls.set(8, pull(OTHER_SHA));
    const check = verifyPullRequestHead({
      octokit: client(),
      owner: 'acme',
      repo: 'app',
      pullNumber: 8,
      headSha: SHA,
    });
    await expect(check).rejects.toThrow(InputDataError);
    await expect(
      verifyPullRequestHead({ octokit: client(), owner: 'acme', repo: 'app', pullNumber: 8, headSha: SHA }),
    ).rejects.toThrow(new RegExp(`${OTHER_SHA}.*${SHA}`));
  });

  it('refuses a pull request that does not exist', async () => {
    const { client } = await start();
    await expect(
      verifyPullRequestHead({ octokit: client(), owner: 'acme', repo: 'app', pullNumber: 99, headSha: SHA }),
    ).rejects.toThrow(/#99 does not exist/);
  });
});
