import { afterEach, describe, expect, it } from '@jest/globals';
import { MemoryLogger } from '@mlgate/core';
import { startGitHubApi, type GitHubApi } from '../../../test/e2e/github-api.js';
import { composeBody, createOctokit, syncStickyComment } from '../src/index.js';

const TOKEN = 'ghs_UnitTestTokenValue0123456789';
const SHA = 'c'.repeat(40);

let api: GitHubApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function start(options: { retries?: number; retryAfterBaseValue?: number } = {}) {
  api = await startGitHubApi({ token: TOKEN });
  const logger = new MemoryLogger();
  const octokit = createOctokit({
    token: TOKEN,
    baseUrl: api.url,
    logger,
    retryAfterBaseValue: 5,
    ...options,
  });
  const listComments = () =>
    octokit.rest.issues.listComments({ owner: 'acme', repo: 'app', issue_number: 7 });
  return { api, logger, octokit, listComments };
}

const warnings = (logger: MemoryLogger) =>
  logger.lines.filter((line) => line.level === 'warning').map((line) => line.message);

describe('createOctokit', () => {
  it('retries a 502 with backoff and logs the retry', async () => {
    const { api, logger, listComments } = await start();
    api.failNext(502);
    await expect(listComments()).resolves.toMatchObject({ status: 200 });
    expect(api.requests).toHaveLength(2);
    expect(warnings(logger)).toEqual([
      'GitHub answered 502 to GET /repos/acme/app/issues/7/comments; retrying in 5 ms (retry 1 of 3).',
    ]);
  });

  it('gives up after `retries` retries', async () => {
    const { api, listComments } = await start({ retries: 2 });
    api.failNext(502, { times: 10 });
    await expect(listComments()).rejects.toMatchObject({ status: 502 });
    expect(api.requests).toHaveLength(3);
  });

  it('retries a network error', async () => {
    const { api, logger, listComments } = await start({ retries: 1 });
    await api.close(); // nothing listens any more
    await expect(listComments()).rejects.toMatchObject({ status: 500 });
    expect(warnings(logger)).toEqual([
      expect.stringMatching(
        /^GET \/repos\/acme\/app\/issues\/7\/comments failed \(.+\); retrying in 5 ms \(retry 1 of 1\)\.$/,
      ),
    ]);
  });

  it('retries a 429 after its retry-after, once per retry and not again in the retry plugin', async () => {
    const { api, logger, listComments } = await start({ retryAfterBaseValue: 1000 });
    api.failNext(429, { retryAfter: 1 });
    const started = Date.now();
    await expect(listComments()).resolves.toMatchObject({ status: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(api.requests).toHaveLength(2);
    expect(warnings(logger)).toEqual([
      'GitHub secondary rate limit reached for GET /repos/acme/app/issues/7/comments; retrying in 1 s (retry 1 of 3).',
    ]);
  });

  it('retries a primary rate limit, and stops after `retries`', async () => {
    const { api, logger, listComments } = await start({ retries: 1 });
    api.failNext(429, { retryAfter: 0, message: 'API rate limit exceeded for installation ID 1.', times: 5 });
    await expect(listComments()).rejects.toMatchObject({ status: 429 });
    expect(api.requests).toHaveLength(2);
    expect(warnings(logger).at(-1)).toMatch(/rate limit reached .*giving up after 1 retry/);
  });

  it('retries a failed write too', async () => {
    const { api, octokit, logger } = await start();
    api.failNext(502, { method: 'POST' });
    const run = { sha: SHA, runNumber: 1, runAttempt: 1 };
    const result = await syncStickyComment({
      octokit,
      owner: 'acme',
      repo: 'app',
      issueNumber: 7,
      key: 'default',
      mode: 'create',
      body: 'report',
      run,
      logger,
    });
    expect(result.action).toBe('created');
    expect(api.comments.map((comment) => comment.body)).toEqual([composeBody('default', run, 'report')]);
    expect(api.requests.filter((request) => request.method === 'POST')).toHaveLength(2);
  });

  it('never logs the token, whatever happens', async () => {
    const { api, octokit, logger, listComments } = await start();
    api.failNext(502);
    api.failNext(429);
    await listComments();
    api.failNext(403, { method: 'POST' });
    const forkError = await syncStickyComment({
      octokit,
      owner: 'acme',
      repo: 'app',
      issueNumber: 7,
      key: 'default',
      mode: 'upsert',
      body: 'x',
      run: { sha: SHA, runNumber: 1, runAttempt: 1 },
      logger,
    }).catch((error: unknown) => error);
    const wrongToken = createOctokit({
      token: `${TOKEN}-wrong`,
      baseUrl: api.url,
      logger,
      retryAfterBaseValue: 5,
    });
    const authError = await wrongToken.rest.issues
      .listComments({ owner: 'acme', repo: 'app', issue_number: 7 })
      .catch((error: unknown) => error);
    expect((authError as { status?: number }).status).toBe(401);
    expect(logger.lines.length).toBeGreaterThan(2);
    const everything = JSON.stringify([logger.lines, String(forkError), String(authError), authError]);
    expect(everything).not.toContain(TOKEN);
    // The token did reach the server, so the test is not vacuous.
    expect(api.requests[0].headers.authorization).toBe(`token ${TOKEN}`);
  });

  it('defaults the API root to GITHUB_API_URL', () => {
    const saved = process.env.GITHUB_API_URL;
    process.env.GITHUB_API_URL = 'https://ghe.example.com/api/v3';
    try {
      const octokit = createOctokit({ token: TOKEN, logger: new MemoryLogger() });
      expect(octokit.request.endpoint.DEFAULTS.baseUrl).toBe('https://ghe.example.com/api/v3');
    } finally {
      if (saved === undefined) delete process.env.GITHUB_API_URL;
      else process.env.GITHUB_API_URL = saved;
    }
    expect(
      createOctokit({ token: TOKEN, logger: new MemoryLogger(), baseUrl: 'http://x' }).request.endpoint
        .DEFAULTS.baseUrl,
    ).toBe('http://x');
  });
});
