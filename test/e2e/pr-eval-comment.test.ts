/**
 * End to end: the bundled pr-eval-comment action against a local server speaking GitHub's REST shapes:
 * create, update in place, foreign markers, stale runs, forks, retries, the size limit, API failures.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startGitHubApi, type GitHubApi } from './github-api.js';
import { makeWorkspace, runAction, runCli } from './runner.js';

const HEAD_SHA = 'a'.repeat(40);
const MARKER = '<!-- mlgate:pr-eval-comment:default -->';

function pullRequestEvent(workspace: string, options: { fork?: boolean; number?: number } = {}): string {
  const file = path.join(workspace, options.fork ? 'event-fork.json' : 'event.json');
  writeFileSync(
    file,
    JSON.stringify({
      pull_request: {
        number: options.number ?? 7,
        head: {
          sha: HEAD_SHA,
          repo: { full_name: options.fork ? 'mallory/support-bot' : 'acme/support-bot' },
        },
        base: { repo: { full_name: 'acme/support-bot' } },
      },
    }),
  );
  return file;
}

describe('pr-eval-comment action (dist/pr-eval-comment/index.js)', () => {
  let workspace: string;
  let api: GitHubApi;

  beforeAll(() => {
    workspace = makeWorkspace({
      'eval/main.jsonl': 'examples/support-triage/eval/main.jsonl',
      'eval/pr-regressed.jsonl': 'examples/support-triage/eval/pr-regressed.jsonl',
      '.mlgate/gates.yml': 'examples/support-triage/.mlgate/gates.yml',
    });
    const gate = (results: string, out: string, extra: string[] = []) =>
      runCli(
        ['eval-gate', '--results', results, '--gates', '.mlgate/gates.yml', '--report-path', out, ...extra],
        workspace,
      );
    gate('eval/main.jsonl', 'reports/main.json');
    gate('eval/pr-regressed.jsonl', 'reports/regressed.json', ['--baseline', 'reports/main.json']);
  });

  afterEach(async () => {
    await api?.close();
  });

  const comment = (env: Record<string, string>, inputs: Record<string, string> = {}) =>
    runAction(
      'pr-eval-comment',
      workspace,
      { report: 'reports/regressed.json', 'github-token': 'ghs_secret_token_value', ...inputs },
      {
        GITHUB_API_URL: api.url,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: pullRequestEvent(workspace),
        GITHUB_RUN_NUMBER: '12',
        GITHUB_RUN_ATTEMPT: '1',
        ...env,
      },
    );

  it('creates the comment, then updates the same comment on the next run', async () => {
    api = await startGitHubApi();
    const first = comment({});
    expect(first.exitCode).toBe(0);
    expect(api.comments).toHaveLength(1);
    const created = api.comments[0];
    expect(created.body.startsWith(MARKER)).toBe(true);
    expect(created.body).toContain('mlgate eval-gate: fail');
    expect(first.outputs['comment-id']).toBe(String(created.id));
    expect(first.outputs['comment-url']).toBe(created.html_url);
    expect(readFileSync(first.outputs['body-path'], 'utf8')).toContain('regressed');
    expect(first.summary).toContain('mlgate eval-gate: fail');

    const second = comment({ GITHUB_RUN_NUMBER: '13' });
    expect(second.exitCode).toBe(0);
    expect(api.comments).toHaveLength(1);
    expect(second.outputs['comment-id']).toBe(String(created.id));
    expect(api.requests.filter((request) => request.method === 'PATCH')).toHaveLength(1);
    expect(api.comments[0].body).toContain('run=13.1');
    // The token is never printed.
    expect(`${first.stdout}${second.stdout}`).not.toContain('ghs_secret_token_value');
  });

  it('never edits a comment by someone else that carries our marker, and finds ours past the first page', async () => {
    api = await startGitHubApi();
    api.comments.push({
      id: 1,
      body: `${MARKER}\nforged by mallory`,
      user: { login: 'mallory' },
      html_url: 'https://github.com/c/1',
      created_at: '',
      updated_at: '',
    });
    for (let i = 2; i < 240; i++)
      api.comments.push({
        id: i,
        body: `chatter ${i}`,
        user: { login: 'someone' },
        html_url: `https://github.com/c/${i}`,
        created_at: '',
        updated_at: '',
      });
    api.comments.push({
      id: 240,
      body: `${MARKER}\n<!-- mlgate:run sha=${HEAD_SHA} run=11.1 -->\nold`,
      user: { login: 'github-actions[bot]' },
      html_url: 'https://github.com/c/240',
      created_at: '',
      updated_at: '',
    });
    const run = comment({});
    expect(run.exitCode).toBe(0);
    expect(run.outputs['comment-id']).toBe('240');
    expect(api.comments.find((item) => item.id === 1)!.body).toBe(`${MARKER}\nforged by mallory`);
    expect(api.comments.find((item) => item.id === 240)!.body).toContain('run=12.1');
    expect(
      api.requests.filter((request) => request.method === 'GET' && request.path.includes('/comments')).length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('does not let an older run overwrite the comment of a newer one', async () => {
    api = await startGitHubApi();
    const newer = `${MARKER}\n<!-- mlgate:run sha=${HEAD_SHA} run=20.1 -->\nnewer`;
    api.comments.push({
      id: 5,
      body: newer,
      user: { login: 'github-actions[bot]' },
      html_url: 'https://github.com/c/5',
      created_at: '',
      updated_at: '',
    });
    const run = comment({ GITHUB_RUN_NUMBER: '19' });
    expect(run.exitCode).toBe(0);
    expect(api.comments[0].body).toBe(newer);
    expect(
      api.requests.filter((request) => request.method === 'PATCH' || request.method === 'POST'),
    ).toHaveLength(0);
  });

  it('retries a 502 and a 429 with retry-after, then succeeds', async () => {
    api = await startGitHubApi();
    api.failNext(502, { method: 'POST' });
    api.failNext(429, { retryAfter: 1, method: 'POST' });
    const run = comment({});
    expect(run.exitCode).toBe(0);
    expect(api.comments).toHaveLength(1);
    expect(api.requests.filter((request) => request.method === 'POST').length).toBe(3);
  });

  it('writes the job summary even when the API keeps failing, and fails the step', async () => {
    api = await startGitHubApi();
    api.failNext(502, { times: 50 });
    const run = comment({});
    expect(run.exitCode).toBe(1);
    expect(run.summary).toContain('mlgate eval-gate: fail');
    expect(run.annotations.some((annotation) => annotation.level === 'error')).toBe(true);
  });

  it('on a fork pull request, writes the summary and explains the two-workflow pattern instead of failing', async () => {
    api = await startGitHubApi();
    const run = comment({ GITHUB_EVENT_PATH: pullRequestEvent(workspace, { fork: true }) });
    expect(run.exitCode).toBe(0);
    expect(api.requests).toHaveLength(0);
    expect(run.annotations.find((annotation) => annotation.level === 'warning')?.message).toContain('fork');
    expect(run.summary).toContain('mlgate eval-gate: fail');
  });

  it('turns "Resource not accessible by integration" into guidance', async () => {
    api = await startGitHubApi();
    api.failNext(403, { message: 'Resource not accessible by integration', method: 'POST' });
    const run = comment({});
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('workflow_run');
  });

  it('outside a pull request writes only the job summary and the body file', async () => {
    api = await startGitHubApi();
    const run = comment({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: '' });
    expect(run.exitCode).toBe(0);
    expect(api.requests).toHaveLength(0);
    expect(run.outputs['comment-id']).toBe('');
    expect(readFileSync(run.outputs['body-path'], 'utf8')).toContain('mlgate eval-gate: fail');
  });

  it('in a workflow_run workflow, checks the artifact PR number against the run head SHA', async () => {
    api = await startGitHubApi();
    api.pulls.set(7, {
      head: { sha: HEAD_SHA, repo: { full_name: 'mallory/support-bot' } },
      base: { repo: { full_name: 'acme/support-bot' } },
    });
    api.pulls.set(8, {
      head: { sha: 'b'.repeat(40), repo: { full_name: 'acme/support-bot' } },
      base: { repo: { full_name: 'acme/support-bot' } },
    });
    const eventFile = path.join(workspace, 'workflow-run.json');
    writeFileSync(
      eventFile,
      JSON.stringify({
        workflow_run: { head_sha: HEAD_SHA, run_number: 30, run_attempt: 1, pull_requests: [] },
      }),
    );
    const env = { GITHUB_EVENT_NAME: 'workflow_run', GITHUB_EVENT_PATH: eventFile };
    const forged = comment(env, { 'pr-number': '8' });
    expect(forged.exitCode).toBe(1);
    expect(api.comments).toHaveLength(0);
    const genuine = comment(env, { 'pr-number': '7' });
    expect(genuine.exitCode).toBe(0);
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0].body).toContain('run=30.1');
  });

  it('renders the same comment from the CLI as the action writes to body-path', async () => {
    api = await startGitHubApi();
    const run = comment({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: '' });
    // In a `run:` step of the same job: the comment links that job's run, as the action's does.
    const cli = runCli(
      ['pr-eval-comment', '--report', 'reports/regressed.json', '--body-path', 'cli-comment.md'],
      workspace,
      { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/support-bot', GITHUB_RUN_ID: '42' },
    );
    expect(cli.exitCode).toBe(0);
    expect(readFileSync(path.join(workspace, 'cli-comment.md'), 'utf8')).toBe(
      readFileSync(run.outputs['body-path'], 'utf8'),
    );
  });

  it('deletes our comment in delete mode', async () => {
    api = await startGitHubApi();
    expect(comment({}).exitCode).toBe(0);
    expect(api.comments).toHaveLength(1);
    const run = comment({}, { mode: 'delete' });
    expect(run.exitCode).toBe(0);
    expect(api.comments).toHaveLength(0);
  });

  it('keeps a 20,000-case comment under 65,536 characters with the regressions first', async () => {
    api = await startGitHubApi();
    const big = makeWorkspace({});
    mkdirSync(path.join(big, 'eval'));
    const lines = (flip: (i: number) => boolean) =>
      Array.from({ length: 20000 }, (_, i) =>
        JSON.stringify({
          id: `case-${i}`,
          expected: i % 2 ? 'yes' : 'no',
          // flip(i): the model gets case i wrong.
          predicted: flip(i) === (i % 2 === 1) ? 'no' : 'yes',
          input: `question ${i} `.repeat(40),
          output: `answer ${i} `.repeat(40),
        }),
      ).join('\n');
    writeFileSync(
      path.join(big, 'eval/base.jsonl'),
      lines((i) => i % 10 === 0),
    );
    writeFileSync(
      path.join(big, 'eval/pr.jsonl'),
      lines((i) => i % 7 === 0),
    );
    runCli(['eval-gate', '--results', 'eval/base.jsonl', '--report-path', 'base.json'], big);
    runCli(
      ['eval-gate', '--results', 'eval/pr.jsonl', '--baseline', 'base.json', '--report-path', 'pr.json'],
      big,
    );
    const run = runAction(
      'pr-eval-comment',
      big,
      { report: 'pr.json', 'github-token': 't' },
      {
        GITHUB_API_URL: api.url,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: pullRequestEvent(big),
        GITHUB_RUN_NUMBER: '1',
      },
    );
    expect(run.exitCode).toBe(0);
    const body = api.comments[0].body;
    expect(body.length).toBeLessThanOrEqual(65536);
    // The case sections (the metrics table above says "improved" of metrics too).
    expect(body.indexOf('<summary>Regressed (')).toBeGreaterThan(0);
    expect(body.indexOf('<summary>Regressed (')).toBeLessThan(body.indexOf('<summary>Improved ('));
    expect(body.split('<details').length).toBe(body.split('</details>').length);
  });
});
