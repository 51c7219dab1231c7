/**
 * End to end, the chained pipeline of examples/workflows/pipeline.yml, job by job through the committed bundles:
 * the first push to main (no baseline yet: the model is tagged and deployed with require-lineage), then pull
 * requests — clean, with drifted data, with a failed data contract — whose comments name every reference. The
 * real @actions/cache client talks to a local cache service, lineage-tag's @actions/artifact client to a local
 * artifact service, and a local server plays GitHub's REST API. The hand-over artifact between jobs is played by
 * copying the uploaded paths; the deploy job's router is a command router (nginx rollouts: canary-deploy.test.ts).
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startArtifactService, type ArtifactService } from './artifact-service.js';
import { startCacheService, type CacheService } from './cache-service.js';
import { writeDeployConfig } from './canary/bench.js';
import { customers, toCsv } from './data-fixtures.js';
import { startGitHubApi, type GitHubApi } from './github-api.js';
import { repoRoot } from './runner.js';
import { jobShouldRun, parseWorkflow, runJob, type JobRun, type Workflow } from './workflow-runner.js';

const sha = (label: string) => createHash('sha1').update(label).digest('hex');
const TOKEN = 'ghs_pipeline';
const [c1, clean, drifted, broken] = ['c1', 'pr-clean', 'pr-drifted', 'pr-broken'].map(sha);
const MODEL = Buffer.alloc(8192, 5);

type Event = { push: string } | { pull: { number: number; head: string } };

describe('examples/workflows/pipeline.yml: data → gate → comment → lineage → deploy', () => {
  let api: GitHubApi;
  let cache: CacheService;
  let artifacts: ArtifactService;
  let workflow: Workflow;
  let nextRun = 300;

  beforeAll(async () => {
    workflow = parseWorkflow(readFileSync(path.join(repoRoot, 'examples/workflows/pipeline.yml'), 'utf8'));
    api = await startGitHubApi({ token: TOKEN });
    api.setCommits([
      { sha: c1, parents: [] },
      ...[clean, drifted, broken].map((head) => ({ sha: head, parents: [c1] })),
    ]);
    cache = await startCacheService();
    artifacts = await startArtifactService();
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await cache?.close();
    await artifacts?.close();
  });

  /** A fresh checkout of the repository: contract, gates and this revision's data. */
  function checkout(rows: ReturnType<typeof customers>): string {
    const workspace = mkdtempSync(path.join(tmpdir(), 'mlgate-pipeline-'));
    mkdirSync(path.join(workspace, 'data'));
    mkdirSync(path.join(workspace, '.mlgate'));
    cpSync(
      path.join(repoRoot, 'test/fixtures/data/customers.contract.yml'),
      path.join(workspace, 'data/contract.yml'),
    );
    cpSync(
      path.join(repoRoot, 'examples/support-triage/.mlgate/gates.yml'),
      path.join(workspace, '.mlgate/gates.yml'),
    );
    writeFileSync(path.join(workspace, 'data/customers.csv'), toCsv(rows));
    return workspace;
  }

  function env(workspace: string, jobId: string, event: Event, services: Record<string, string>) {
    const file = path.join(workspace, `.event-${nextRun}.json`);
    const repository = { full_name: 'acme/app', default_branch: 'main' };
    const common = {
      ...services,
      GITHUB_API_URL: api.url,
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/pipeline.yml@refs/heads/main',
      GITHUB_JOB: jobId,
      GITHUB_RUN_ID: String(nextRun),
      GITHUB_RUN_NUMBER: String(nextRun++),
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_EVENT_PATH: file,
    };
    if ('push' in event) {
      writeFileSync(file, JSON.stringify({ ref: 'refs/heads/main', repository }));
      return { ...common, GITHUB_EVENT_NAME: 'push', GITHUB_SHA: event.push, GITHUB_REF: 'refs/heads/main' };
    }
    const { number, head } = event.pull;
    writeFileSync(
      file,
      JSON.stringify({
        repository,
        number,
        pull_request: {
          number,
          base: { sha: c1, ref: 'main', repo: { full_name: 'acme/app' } },
          head: { sha: head, ref: 'topic', repo: { full_name: 'acme/app' } },
        },
      }),
    );
    return {
      ...common,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_SHA: sha(`merge-${head}`),
      GITHUB_REF: `refs/pull/${number}/merge`,
      GITHUB_HEAD_REF: 'topic',
      GITHUB_BASE_REF: 'main',
    };
  }

  /** Runs the workflow's jobs in order for one event; `results` stands in for what evaluate.py writes. */
  async function runWorkflow(event: Event, rows: ReturnType<typeof customers>, results: string) {
    const runs: Record<string, JobRun | undefined> = {};
    const handedOver = mkdtempSync(path.join(tmpdir(), 'mlgate-artifact-'));
    let workspace = '';
    for (const [jobId, job] of Object.entries(workflow.jobs)) {
      const needs = [job.needs ?? []].flat();
      const neededFailed = needs.some((name) => !runs[name] || runs[name].failed);
      workspace = checkout(rows);
      const jobEnv = env(workspace, jobId, event, jobId === 'check' ? cache.env : artifacts.env);
      if (
        !jobShouldRun(job, { eventName: jobEnv.GITHUB_EVENT_NAME, env: jobEnv, token: TOKEN }, neededFailed)
      )
        continue;
      // The deploy job's artifact is the one lineage-tag uploaded to the artifact service.
      const version = runs.lineage?.outputs.version;
      const uploaded = version ? await artifacts.download(`model-churn-v${version}`) : new Map();
      const deployConfig =
        jobId === 'deploy'
          ? writeDeployConfig(workspace, {
              router: {
                set: ['/bin/sh', '-c', 'echo "$0" > weight.txt', '{{weight}}'],
                get: ['/bin/cat', 'weight.txt'],
              },
              analysis: {
                interval: '100ms',
                metrics: [{ name: 'errors', provider: 'command', command: ['/bin/echo', '0'], max: 0.05 }],
              },
            })
          : '';
      if (jobId === 'deploy') writeFileSync(path.join(workspace, 'weight.txt'), '0\n');
      const steps = job.steps.map((step) =>
        // The nginx router of the example is replaced by a command router: the lineage check is what is tested.
        step.uses?.includes('/canary-deploy@')
          ? {
              ...step,
              with: {
                ...step.with,
                router: 'command',
                config: deployConfig,
                steps: '100',
                'bake-time': '100ms',
              },
            }
          : step,
      );
      runs[jobId] = runJob(
        { ...job, steps },
        {
          workspace,
          env: jobEnv,
          eventName: jobEnv.GITHUB_EVENT_NAME,
          token: TOKEN,
          needs: Object.fromEntries(needs.map((name) => [name, runs[name]!.outputs])),
          onRun: () => {
            // train.py and evaluate.py: the model and the results.
            mkdirSync(path.join(workspace, 'models'), { recursive: true });
            writeFileSync(path.join(workspace, 'models/model.onnx'), MODEL);
            mkdirSync(path.join(workspace, 'eval'), { recursive: true });
            cpSync(
              path.join(repoRoot, 'examples/support-triage/eval', results),
              path.join(workspace, 'eval/results.jsonl'),
            );
            return 0;
          },
          onUses: (step, inputs) => {
            if (step.uses!.startsWith('actions/upload-artifact@')) {
              for (const entry of inputs.path
                .split('\n')
                .map((line) => line.trim())
                .filter(Boolean))
                if (existsSync(path.join(workspace, entry)))
                  cpSync(path.join(workspace, entry), path.join(handedOver, entry), { recursive: true });
              return 0;
            }
            if (step.uses!.startsWith('actions/download-artifact@')) {
              if (inputs.name === 'checked-model')
                cpSync(handedOver, path.join(workspace, inputs.path), { recursive: true });
              else {
                expect(inputs.name).toBe(`model-churn-v${version}`);
                for (const [file, bytes] of uploaded) {
                  mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
                  writeFileSync(path.join(workspace, file), bytes);
                }
              }
              return 0;
            }
            throw new Error(`no way to play ${step.uses}`);
          },
        },
      );
      if (jobId === 'deploy')
        (runs.deploy as JobRun & { weight?: string }).weight = readFileSync(
          path.join(workspace, 'weight.txt'),
          'utf8',
        ).trim();
    }
    rmSync(handedOver, { recursive: true, force: true });
    return runs;
  }

  let first: Awaited<ReturnType<typeof runWorkflow>>;
  const healthy = (seed: number) => customers(2_000, { seed });

  beforeAll(async () => {
    first = await runWorkflow({ push: c1 }, healthy(1), 'main.jsonl');
  }, 240_000);

  it('declares least privilege per job, an approval environment and the hand-over', () => {
    expect(workflow.permissions).toEqual({});
    expect(workflow.jobs.check.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(workflow.jobs.lineage.permissions).toEqual({ contents: 'write' });
    expect(workflow.jobs.deploy.permissions).toEqual({});
    expect(workflow.jobs.deploy.environment).toBe('production');
  });

  it('the first push: no baseline yet, the model is tagged v1 and deployed with require-lineage', () => {
    const check = first.check!;
    expect(check.failed).toBe(false);
    expect(check.byId.gate.report).toMatchObject({
      outcome: 'inconclusive',
      inconclusiveReason: 'no-baseline',
    });
    const lineage = first.lineage!;
    expect(lineage.failed).toBe(false);
    expect(lineage.outputs.version).toBe('1');
    const manifest = JSON.parse(readFileSync(lineage.byId.lineage.run!.outputs.manifest, 'utf8'));
    expect(manifest.predicate.evaluation).toMatchObject({
      inconclusiveReason: 'no-baseline',
      gates: { failed: 0 },
    });
    expect(manifest.predicate.validation).toEqual([expect.objectContaining({ outcome: 'pass' })]);
    const deploy = first.deploy as JobRun & { weight: string };
    expect(deploy.failed).toBe(false);
    expect(deploy.byId['canary-deploy'].run!.outputs.result).toBe('promoted');
    expect(deploy.weight).toBe('100');
  });

  it('a clean pull request: the comment names the eval baseline and the data reference (commit, age, how found)', async () => {
    api.comments = [];
    const runs = await runWorkflow({ pull: { number: 11, head: clean } }, healthy(2), 'pr-good.jsonl');
    expect(runs.check!.failed).toBe(false);
    expect(runs.lineage).toBeUndefined();
    expect(api.comments).toHaveLength(1);
    const body = api.comments[0].body;
    const short = c1.slice(0, 12);
    expect(body).toMatch(
      new RegExp(
        `Compared with the baseline of \`${short}\` \\(main\\), \\d+ (minute|hour)s? old, found by \`auto\` at the merge base in the cache store\\.`,
      ),
    );
    expect(body).toMatch(
      new RegExp(
        `Compared with the reference profile of \`${short}\` \\(main\\), \\d+ (minute|hour)s? old, found by \`auto\` at the merge base in the cache store\\.`,
      ),
    );
  }, 120_000);

  it('drifted data: the drifted column is shown against the named reference', async () => {
    api.comments = [];
    const rows = customers(2_000, { seed: 3, incomeShift: 30_000 });
    const runs = await runWorkflow({ pull: { number: 12, head: drifted } }, rows, 'pr-good.jsonl');
    const body = api.comments[0].body;
    expect(body).toMatch(/drifted column/);
    expect(body).toContain('income');
    expect(body).toContain(`Compared with the reference profile of \`${c1.slice(0, 12)}\``);
    expect(runs.check!.byId.data.report).toMatchObject({
      driftedColumns: [expect.objectContaining({ column: 'income' })],
    });
  }, 120_000);

  it('a failed contract: training and the gate are skipped, and the comment says which step failed and why', async () => {
    api.comments = [];
    const rows = customers(2_000, { seed: 4 }).map((row, i) => (i % 50 === 0 ? { ...row, age: 5 } : row));
    const runs = await runWorkflow({ pull: { number: 13, head: broken } }, rows, 'pr-good.jsonl');
    const check = runs.check!;
    expect(check.failed).toBe(true);
    expect(check.steps.map((step) => step.outcome)).toEqual([
      'success',
      'failure',
      'skipped',
      'skipped',
      'success',
      'skipped',
    ]);
    expect(api.comments).toHaveLength(1);
    const body = api.comments[0].body;
    expect(body.split('\n').find((line) => line.startsWith('###'))).toBe(
      '### ❌ mlgate validate-data: fail — eval-gate did not run',
    );
    expect(body).toContain('**validate-data failed** (`data/customers.csv`:');
    expect(body).toContain('age');
    expect(body).toContain(`Compared with the reference profile of \`${c1.slice(0, 12)}\``);
  }, 120_000);
});
