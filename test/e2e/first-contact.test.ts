/**
 * End to end, as a new team meets mlgate: a repository with nothing but its eval results. Two ways in:
 * - the workflow in README.md, copied from the README by this test;
 * - `mlgate init` in an empty git repository, then the workflow it wrote.
 * Each workflow's job runs through the committed bundles as the runner would (its `with:` and the actions'
 * defaults as INPUT_*), first for a push to main (no baseline yet: the step passes, the baseline is saved), then
 * for pull requests (the baseline is found, a verdict, one sticky comment), against the real @actions/cache
 * client on a local cache service and a local server for GitHub's REST API.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startCacheService, type CacheService } from './cache-service.js';
import { customers, toCsv } from './data-fixtures.js';
import { startGitHubApi, type GitHubApi } from './github-api.js';
import { repoRoot, runCli } from './runner.js';
import { parseWorkflow, runJob, type Job, type JobRun, type Workflow } from './workflow-runner.js';

const sha = (label: string) => createHash('sha1').update(label).digest('hex');
const example = (file: string) => path.join(repoRoot, 'examples/support-triage', file);
const TOKEN = 'ghs_first_contact';

/** The first ```yaml block of README.md that uses the root action: what a new user copies. */
function readmeWorkflow(): string {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  for (const match of readme.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm))
    if (/uses:\s*[^/\s]+\/mlgate@/.test(match[1])) return match[1];
  throw new Error('README.md has no yaml block using the root action (uses: OWNER/mlgate@v1)');
}

/** The only job of a workflow, checked for what a workflow on a blank repository needs. */
function theJob(workflow: Workflow): [string, Job] {
  const jobs = Object.entries(workflow.jobs);
  expect(jobs).toHaveLength(1);
  return jobs[0];
}

function triggers(workflow: Workflow): Record<string, unknown> {
  const on = workflow.on;
  if (typeof on === 'string') return { [on]: null };
  if (Array.isArray(on)) return Object.fromEntries(on.map((name) => [name, null]));
  return on;
}

type Event = { push?: string; pull?: { number: number; head: string; base: string; fork?: boolean } };

/** One simulated repository: its commits, and the runs of one job for pushes and pull requests. */
class Repository {
  private nextRun = 100;
  constructor(
    readonly workspace: string,
    private readonly api: GitHubApi,
    private readonly cache: CacheService,
    private readonly jobId: string,
    private readonly job: Job,
  ) {}

  private env(event: Event) {
    const file = path.join(this.workspace, `.event-${this.nextRun}.json`);
    const repository = { full_name: 'acme/app', default_branch: 'main' };
    const env: Record<string, string> = {
      ...this.cache.env,
      GITHUB_API_URL: this.api.url,
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/mlgate.yml@refs/heads/main',
      GITHUB_JOB: this.jobId,
      GITHUB_RUN_ID: String(this.nextRun),
      GITHUB_RUN_NUMBER: String(this.nextRun++),
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_EVENT_PATH: file,
    };
    if (event.push) {
      writeFileSync(file, JSON.stringify({ ref: 'refs/heads/main', repository }));
      return {
        ...env,
        GITHUB_EVENT_NAME: 'push',
        GITHUB_SHA: event.push,
        GITHUB_REF: 'refs/heads/main',
      };
    }
    const pull = event.pull!;
    writeFileSync(
      file,
      JSON.stringify({
        repository,
        number: pull.number,
        pull_request: {
          number: pull.number,
          base: { sha: pull.base, ref: 'main', repo: { full_name: 'acme/app' } },
          head: { sha: pull.head, ref: 'topic', repo: { full_name: pull.fork ? 'someone/app' : 'acme/app' } },
        },
      }),
    );
    return {
      ...env,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_SHA: sha(`merge-${pull.head}`),
      GITHUB_REF: `refs/pull/${pull.number}/merge`,
      GITHUB_HEAD_REF: 'topic',
      GITHUB_BASE_REF: 'main',
    };
  }

  /** Runs the job with these results standing in for what the user's evaluation command writes. */
  run(event: Event, results: string, resultsPath: string): JobRun {
    const env = this.env(event);
    const place = () => {
      mkdirSync(path.dirname(path.join(this.workspace, resultsPath)), { recursive: true });
      copyFileSync(example(`eval/${results}`), path.join(this.workspace, resultsPath));
    };
    place();
    return runJob(this.job, {
      workspace: this.workspace,
      env,
      eventName: env.GITHUB_EVENT_NAME,
      token: TOKEN,
      onRun: () => {
        place(); // the user's evaluation command writes the results file
        return 0;
      },
    });
  }
}

const report = (run: JobRun, id: string) => {
  const step = run.byId[id];
  if (!step?.report) throw new Error(`step ${id} wrote no report output:\n${step?.run?.stdout}`);
  return step.report as {
    outcome: string;
    baselineResolution?: { found: boolean; commit?: string; message: string };
    gates: { metric: string; kind: string; status: string }[];
  };
};

const [c1, good, regressed] = ['c1', 'pr-good', 'pr-regressed'].map(sha);
const HISTORY = [
  { sha: c1, parents: [] },
  { sha: good, parents: [c1] },
  { sha: regressed, parents: [c1] },
  { sha: sha('data-main'), parents: [] },
  { sha: sha('data-pr'), parents: [sha('data-main')] },
  { sha: sha('fork-pr'), parents: [sha('data-main')] },
];

describe('first contact: from a blank repository to a gated, commented pull request', () => {
  let api: GitHubApi;
  let cache: CacheService;

  beforeAll(async () => {
    api = await startGitHubApi({ token: TOKEN });
    api.setCommits(HISTORY);
    cache = await startCacheService();
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await cache?.close();
  });

  /** A push to main, then a good and a regressing revision of one pull request, with the same workflow. */
  function playTeam(workspace: string, workflowText: string, resultsPath: string, stepId: string) {
    const workflow = parseWorkflow(workflowText);
    const on = triggers(workflow);
    expect(Object.keys(on)).toEqual(expect.arrayContaining(['pull_request', 'push']));
    const [jobId, job] = theJob(workflow);
    expect(job.permissions ?? workflow.permissions).toMatchObject({ contents: 'read' });
    expect(job.permissions).toMatchObject({ 'pull-requests': 'write' });
    const id = job.steps.find((step) => step.uses && /\/mlgate@/.test(step.uses))?.id ?? 'mlgate';
    expect(id).toBe(stepId);
    const repo = new Repository(workspace, api, cache, jobId, job);
    api.comments = [];

    const push = repo.run({ push: c1 }, 'main.jsonl', resultsPath);
    const pullGood = repo.run({ pull: { number: 7, head: good, base: c1 } }, 'pr-good.jsonl', resultsPath);
    const commentsAfterGood = api.comments.map((comment) => comment.body);
    const pullBad = repo.run(
      { pull: { number: 7, head: regressed, base: c1 } },
      'pr-regressed.jsonl',
      resultsPath,
    );
    return { push, pullGood, pullBad, commentsAfterGood, id };
  }

  function expectTheStory(story: ReturnType<typeof playTeam>) {
    const { push, pullGood, pullBad, commentsAfterGood, id } = story;
    // The first push: no baseline yet is not an error; the step passes and saves main's baseline.
    expect(push.failed).toBe(false);
    const first = report(push, id);
    expect(first.baselineResolution).toMatchObject({ found: false });
    expect(first.outcome).not.toBe('fail');
    expect(push.byId[id].run!.stdout).toContain('Saving the baseline');
    expect(push.byId[id].run!.annotations.filter((a) => a.level === 'error')).toEqual([]);

    // The good pull request: main's baseline is found, the verdict passes, one comment says so.
    const okReport = report(pullGood, id);
    expect(okReport.baselineResolution).toMatchObject({ found: true, commit: c1 });
    expect(okReport.outcome).toBe('pass');
    expect(pullGood.failed).toBe(false);
    expect(commentsAfterGood).toHaveLength(1);
    expect(commentsAfterGood[0]).toContain('<!-- mlgate:pr-eval-comment:');
    expect(pullGood.byId[id].run!.outputs['comment-url']).toMatch(/^https:\/\/github\.com\//);

    // The regressing revision: found against the same baseline, fails, and the same comment is updated.
    const badReport = report(pullBad, id);
    expect(badReport.baselineResolution).toMatchObject({ found: true, commit: c1 });
    expect(badReport.outcome).toBe('fail');
    expect(pullBad.failed).toBe(true);
    expect(badReport.gates.some((gate) => gate.kind !== 'threshold' && gate.status === 'fail')).toBe(true);
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0].body).not.toBe(commentsAfterGood[0]);
    expect(api.comments[0].body).toMatch(/fail/i);
  }

  it("the README's workflow, copied from the README, works on its first push and on pull requests", () => {
    const text = readmeWorkflow();
    const workflow = parseWorkflow(text);
    const [, job] = theJob(workflow);
    const step = job.steps.find((item) => item.uses && /\/mlgate@/.test(item.uses))!;
    const resultsPath = String(step.with?.results);
    const gates = step.with?.gates ? String(step.with.gates) : undefined;

    const workspace = mkdtempSync(path.join(tmpdir(), 'mlgate-readme-'));
    if (gates) {
      mkdirSync(path.dirname(path.join(workspace, gates)), { recursive: true });
      copyFileSync(example('.mlgate/gates.yml'), path.join(workspace, gates));
    }
    expectTheStory(playTeam(workspace, text, resultsPath, step.id ?? 'mlgate'));
  }, 300_000);

  it('mlgate init in an empty git repository writes a workflow that works the same way', () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'mlgate-init-'));
    const git = (...args: string[]) =>
      spawnSync('git', args, {
        cwd: workspace,
        encoding: 'utf8',
        env: { ...process.env, GIT_DIR: undefined },
      });
    expect(git('init', '-q', '-b', 'main').status).toBe(0);
    mkdirSync(path.join(workspace, 'eval'));
    copyFileSync(example('eval/main.jsonl'), path.join(workspace, 'eval/results.jsonl'));

    const init = runCli(['init', '--results', 'eval/results.jsonl'], workspace);
    expect(init.stderr).toBe('');
    expect(init.exitCode).toBe(0);
    expect(init.stdout).toContain('.mlgate/gates.yml');
    expect(init.stdout).toContain('.github/workflows/mlgate.yml');

    const text = readFileSync(path.join(workspace, '.github/workflows/mlgate.yml'), 'utf8');
    const [, job] = theJob(parseWorkflow(text));
    const step = job.steps.find((item) => item.uses && /\/mlgate@/.test(item.uses))!;
    expect(step.with).toMatchObject({ results: 'eval/results.jsonl', gates: '.mlgate/gates.yml' });
    expectTheStory(playTeam(workspace, text, 'eval/results.jsonl', step.id ?? 'mlgate'));
  }, 300_000);

  it('with data: a contract failure on a pull request still gates and comments, then fails the step; a fork gets the summary', () => {
    const workflow = parseWorkflow(readmeWorkflow());
    const [jobId, job] = theJob(workflow);
    const step = job.steps.find((item) => item.uses && /\/mlgate@/.test(item.uses))!;
    step.id = 'mlgate';
    step.with = { ...step.with, data: 'data/customers.csv', contract: 'data/contract.yml' };
    const resultsPath = String(step.with.results);
    const workspace = mkdtempSync(path.join(tmpdir(), 'mlgate-data-'));
    mkdirSync(path.join(workspace, 'data'));
    mkdirSync(path.join(workspace, '.mlgate'));
    copyFileSync(
      path.join(repoRoot, 'test/fixtures/data/customers.contract.yml'),
      path.join(workspace, 'data/contract.yml'),
    );
    copyFileSync(example('.mlgate/gates.yml'), path.join(workspace, String(step.with.gates)));
    const writeData = (rows: ReturnType<typeof customers>) =>
      writeFileSync(path.join(workspace, 'data/customers.csv'), toCsv(rows));
    const repo = new Repository(workspace, api, cache, jobId, job);
    api.comments = [];

    writeData(customers(2_000, { seed: 1 }));
    const push = repo.run({ push: sha('data-main') }, 'main.jsonl', resultsPath);
    expect(push.failed).toBe(false);
    expect(push.byId.mlgate.run!.outputs['data-outcome']).toBe('pass');
    expect(push.byId.mlgate.run!.stdout).toContain('Saving the baseline');

    // Ages under 18 break the contract's minimum: the data fails, the gate still runs, the comment shows both.
    const bad = customers(2_000, { seed: 2 }).map((row, i) => (i % 50 === 0 ? { ...row, age: 5 } : row));
    writeData(bad);
    const pull = repo.run(
      { pull: { number: 9, head: sha('data-pr'), base: sha('data-main') } },
      'pr-good.jsonl',
      resultsPath,
    );
    const outputs = pull.byId.mlgate.run!.outputs;
    expect(pull.failed).toBe(true);
    expect(outputs['data-outcome']).toBe('fail');
    expect(outputs.outcome).toBe('pass');
    expect(outputs.passed).toBe('false');
    expect((pull.byId.mlgate.report as { outcome: string }).outcome).toBe('pass');
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0].body).toContain('age');
    expect(outputs['comment-url']).toMatch(/^https:\/\/github\.com\//);

    // A fork's pull request: its token cannot comment, so no API call for a comment; the verdict is in the summary.
    writeData(customers(2_000, { seed: 3 }));
    const fork = repo.run(
      { pull: { number: 10, head: sha('fork-pr'), base: sha('data-main'), fork: true } },
      'pr-good.jsonl',
      resultsPath,
    );
    expect(fork.failed).toBe(false);
    expect(api.comments).toHaveLength(1);
    expect(fork.byId.mlgate.run!.outputs['comment-url']).toBe('');
    expect(
      fork.byId.mlgate.run!.annotations.some((a) => a.level === 'warning' && /fork/i.test(a.message)),
    ).toBe(true);
    expect(fork.byId.mlgate.run!.summary).toContain('pass');
  }, 300_000);
});
