/** The mock GitHub API itself: the shapes other tests rely on. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { startGitHubApi, type GitHubApi } from '../../../test/e2e/github-api.js';

let api: GitHubApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${api!.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    data: text ? (JSON.parse(text) as unknown) : undefined,
  };
}

describe('mock GitHub API', () => {
  it('pages comments with GitHub-style Link headers', async () => {
    api = await startGitHubApi();
    for (let i = 0; i < 250; i++) api.addComment(`comment ${i}`, 'someone');
    const path = '/repos/acme/app/issues/7/comments';
    const first = await call('GET', `${path}?per_page=100`);
    expect((first.data as unknown[]).length).toBe(100);
    expect(first.headers.get('link')).toBe(
      `<${api.url}${path}?per_page=100&page=2>; rel="next", <${api.url}${path}?per_page=100&page=3>; rel="last"`,
    );
    const last = await call('GET', `${path}?per_page=100&page=3`);
    expect((last.data as { id: number }[]).map((item) => item.id)).toEqual(
      Array.from({ length: 50 }, (_, i) => 201 + i),
    );
    expect(last.headers.get('link')).toBe(
      `<${api.url}${path}?per_page=100&page=2>; rel="prev", <${api.url}${path}?per_page=100&page=1>; rel="first"`,
    );
    const defaults = await call('GET', path);
    expect((defaults.data as unknown[]).length).toBe(30);
  });

  it('creates, edits and deletes comments, authored by the identity or github-actions[bot]', async () => {
    api = await startGitHubApi();
    const created = await call('POST', '/repos/acme/app/issues/7/comments', { body: 'hello' });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ id: 1, body: 'hello', user: { login: 'github-actions[bot]' } });
    expect(api.comments[0].html_url).toBe('https://github.com/acme/app/pull/7#issuecomment-1');
    api.identity = 'octocat';
    expect((await call('GET', '/user')).data).toMatchObject({ login: 'octocat' });
    await call('POST', '/repos/acme/app/issues/7/comments', { body: 'second' });
    expect(api.comments[1].user.login).toBe('octocat');
    expect((await call('PATCH', '/repos/acme/app/issues/comments/1', { body: 'edited' })).status).toBe(200);
    expect(api.comments[0].body).toBe('edited');
    expect((await call('DELETE', '/repos/acme/app/issues/comments/1')).status).toBe(204);
    expect(api.comments.map((item) => item.id)).toEqual([2]);
    expect((await call('DELETE', '/repos/acme/app/issues/comments/1')).status).toBe(404);
  });

  it('answers GET /user with 403 when the identity is null, as for a GITHUB_TOKEN', async () => {
    api = await startGitHubApi({ identity: null });
    const answer = await call('GET', '/user');
    expect(answer.status).toBe(403);
    expect(answer.data).toMatchObject({ message: 'Resource not accessible by integration' });
  });

  it('rejects a body over 65,536 characters exactly as GitHub does', async () => {
    api = await startGitHubApi();
    expect(
      (await call('POST', '/repos/acme/app/issues/7/comments', { body: 'x'.repeat(65536) })).status,
    ).toBe(201);
    const answer = await call('POST', '/repos/acme/app/issues/7/comments', { body: 'x'.repeat(65537) });
    expect(answer.status).toBe(422);
    expect(answer.data).toMatchObject({
      message: 'Validation Failed',
      errors: [
        {
          resource: 'IssueComment',
          code: 'custom',
          field: 'body',
          message: 'body is too long (maximum is 65536 characters)',
        },
      ],
    });
    expect(
      (await call('PATCH', '/repos/acme/app/issues/comments/1', { body: 'y'.repeat(70000) })).status,
    ).toBe(422);
  });

  it('queues failures in order, filtered by method', async () => {
    api = await startGitHubApi();
    api.failNext(502, { method: 'POST' });
    api.failNext(429, { retryAfter: 7 });
    const get = await call('GET', '/repos/acme/app/issues/7/comments');
    expect(get.status).toBe(429);
    expect(get.headers.get('retry-after')).toBe('7');
    expect(get.headers.get('x-ratelimit-remaining')).toBe('0');
    expect((get.data as { message: string }).message).toMatch(/secondary rate limit/);
    expect((await call('POST', '/repos/acme/app/issues/7/comments', { body: 'a' })).status).toBe(502);
    expect((await call('POST', '/repos/acme/app/issues/7/comments', { body: 'a' })).status).toBe(201);
    api.failNext(403, { times: 2 });
    expect((await call('GET', '/user')).data).toMatchObject({
      message: 'Resource not accessible by integration',
    });
    expect((await call('GET', '/user')).status).toBe(403);
  });

  it('serves pull requests, 404s unknown paths, and checks the token when given one', async () => {
    api = await startGitHubApi({ token: 'secret', identity: 'octocat' });
    api.pulls.set(3, {
      head: { sha: 'f'.repeat(40), repo: null },
      base: { repo: { full_name: 'acme/app' } },
    });
    const auth = { authorization: 'token secret' };
    expect((await call('GET', '/repos/acme/app/pulls/3', undefined, auth)).data).toMatchObject({
      number: 3,
      head: { sha: 'f'.repeat(40), repo: null },
    });
    expect((await call('GET', '/repos/acme/app/pulls/4', undefined, auth)).status).toBe(404);
    expect((await call('GET', '/nothing/here', undefined, auth)).data).toMatchObject({
      message: 'Not Found',
    });
    expect((await call('GET', '/user', undefined, { authorization: 'Bearer secret' })).status).toBe(200);
    expect((await call('GET', '/user')).status).toBe(401);
    expect(api.requests.map((request) => request.method)).toEqual(['GET', 'GET', 'GET', 'GET', 'GET']);
    expect(api.requests[0].headers.authorization).toBe('token secret');
  });

  it('keeps api.comments in step with the server in both directions', async () => {
    api = await startGitHubApi();
    api.comments.push({
      id: 40,
      body: 'seeded',
      user: { login: 'someone' },
      html_url: 'https://github.com/c/40',
      created_at: '',
      updated_at: '',
    });
    api.comments[0].body = 'seeded, edited';
    const listed = await call('GET', '/repos/acme/app/issues/7/comments');
    expect(listed.data).toMatchObject([{ id: 40, body: 'seeded, edited' }]);
    const stale = api.comments;
    await call('POST', '/repos/acme/app/issues/7/comments', { body: 'new' });
    expect(api.comments.map((item) => item.id)).toEqual([40, 41]);
    expect(() => stale.push(stale[0])).toThrow(/read api.comments again/);
  });

  it('serves requests while this thread is blocked (the e2e runner uses spawnSync)', async () => {
    api = await startGitHubApi();
    const { spawnSync } = await import('node:child_process');
    const script = `fetch(${JSON.stringify(`${api.url}/repos/a/b/issues/1/comments`)}, { method: 'POST', body: '{"body":"from a child"}' }).then((r) => process.exit(r.status === 201 ? 0 : 1))`;
    expect(spawnSync(process.execPath, ['-e', script], { timeout: 20000 }).status).toBe(0);
    expect(api.comments.map((item) => item.body)).toEqual(['from a child']);
  });
});
