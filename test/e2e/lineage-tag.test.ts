/**
 * End to end: the bundled lineage-tag action with the real @actions/artifact client uploading to a local Twirp
 * artifact service backed by azurite, and a local server speaking GitHub's git refs/tags API.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startArtifactService } from './artifact-service.js';
import { startAction } from './canary/action-process.js';
import { startGitHubApi, type GitHubApi } from './github-api.js';
import { makeWorkspace, runAction, runCli, type ActionRun } from './runner.js';

type ArtifactService = Awaited<ReturnType<typeof startArtifactService>>;
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@e',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@e',
    },
  }).trim();

describe('lineage-tag action (dist/lineage-tag/index.js)', () => {
  let workspace: string;
  let api: GitHubApi;
  let service: ArtifactService;
  let commit: string;
  let first: ActionRun;
  const modelBytes = randomBytes(1 << 20);

  const lineage = (inputs: Record<string, string> = {}, env: Record<string, string> = {}) =>
    runAction(
      'lineage-tag',
      workspace,
      {
        model: 'models/sentiment',
        name: 'sentiment',
        data: 'dvc.lock, data/train.csv',
        params: 'params.yaml',
        'eval-report': 'reports/eval.json',
        'github-token': 'ghs_token',
        ...inputs,
      },
      {
        ...service.env,
        GITHUB_API_URL: api.url,
        GITHUB_SHA: commit,
        GITHUB_RUN_ATTEMPT: '1',
        GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/train.yml@refs/heads/main',
        GITHUB_REF: 'refs/heads/main',
        RUNNER_OS: 'Linux',
        ...env,
      },
    );

  beforeAll(async () => {
    workspace = makeWorkspace({
      'dvc.lock': 'test/fixtures/real/dvc/emotion-detection-dvc3.lock',
      'eval/main.jsonl': 'examples/support-triage/eval/main.jsonl',
      '.mlgate/gates.yml': 'examples/support-triage/.mlgate/gates.yml',
    });
    mkdirSync(path.join(workspace, 'models/sentiment'), { recursive: true });
    mkdirSync(path.join(workspace, 'data'), { recursive: true });
    writeFileSync(path.join(workspace, 'models/sentiment/model.onnx'), modelBytes);
    writeFileSync(path.join(workspace, 'models/sentiment/tokenizer.json'), '{"vocab": ["a", "b"]}\n');
    writeFileSync(path.join(workspace, 'data/train.csv'), 'text,label\nhello,pos\n');
    writeFileSync(path.join(workspace, 'params.yaml'), 'train:\n  lr: 0.001\n  epochs: 3\n');
    runCli(
      [
        'eval-gate',
        '--results',
        'eval/main.jsonl',
        '--gates',
        '.mlgate/gates.yml',
        '--report-path',
        'reports/eval.json',
      ],
      workspace,
    );
    git(workspace, 'init', '-q');
    git(workspace, 'add', '-A');
    git(workspace, 'commit', '-qm', 'train');
    commit = git(workspace, 'rev-parse', 'HEAD');
    api = await startGitHubApi();
    service = await startArtifactService();
    first = lineage();
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await service?.close();
  });

  it('gives the model a content-addressed id, version 1 and an annotated tag on the commit', () => {
    expect(first.exitCode).toBe(0);
    const listing = [
      `${sha256(modelBytes)}  models/sentiment/model.onnx`,
      `${sha256('{"vocab": ["a", "b"]}\n')}  models/sentiment/tokenizer.json`,
    ].join('\n');
    expect(first.outputs['model-id']).toBe(`sha256:${sha256(`${listing}\n`)}`);
    expect(first.outputs).toMatchObject({ version: '1', tag: 'model/sentiment/v1', changed: 'true' });
    const tagRequest = api.requests.find(
      (request) => request.method === 'POST' && request.path.endsWith('/git/tags'),
    );
    expect(tagRequest?.body).toMatchObject({ tag: 'model/sentiment/v1', object: commit, type: 'commit' });
    expect((tagRequest?.body as { message: string }).message).toContain(first.outputs['model-id']);
    const refRequest = api.requests.find(
      (request) => request.method === 'POST' && request.path.endsWith('/git/refs'),
    );
    expect(refRequest?.body).toMatchObject({ ref: 'refs/tags/model/sentiment/v1' });
    expect(first.summary).toContain('mlgate lineage-tag: sentiment v1');
  });

  it('writes an in-toto Statement v1 with the lineage predicate', () => {
    const manifest = JSON.parse(readFileSync(first.outputs.manifest, 'utf8'));
    expect(manifest._type).toBe('https://in-toto.io/Statement/v1');
    expect(manifest.predicateType).toBe('https://mlgate.dev/lineage/v1');
    expect(manifest.subject).toEqual([
      { name: 'models/sentiment/model.onnx', digest: { sha256: sha256(modelBytes) } },
      { name: 'models/sentiment/tokenizer.json', digest: { sha256: sha256('{"vocab": ["a", "b"]}\n') } },
    ]);
    const { predicate } = manifest;
    expect(predicate.model).toMatchObject({
      name: 'sentiment',
      version: '1',
      id: first.outputs['model-id'],
      format: 'onnx',
    });
    expect(predicate.code).toMatchObject({
      commit,
      tree: git(workspace, 'rev-parse', 'HEAD^{tree}'),
      dirty: false,
      workflow: { path: '.github/workflows/train.yml', ref: 'refs/heads/main' },
    });
    expect(predicate.params.values['params.yaml']).toEqual({ train: { lr: 0.001, epochs: 3 } });
    expect(
      predicate.data.some(
        (item: { digest: Record<string, string> }) =>
          item.digest.sha256 === sha256('text,label\nhello,pos\n'),
      ),
    ).toBe(true);
    expect(
      predicate.data.some(
        (item: { digest: Record<string, string> }) =>
          item.digest.md5 || item.digest['md5-dos2unix'] || item.digest.dvcDirMd5,
      ),
    ).toBe(true);
    expect(predicate.evaluation).toMatchObject({
      reportSha256: sha256(readFileSync(path.join(workspace, 'reports/eval.json'))),
    });
    expect(readFileSync(first.outputs['model-card'], 'utf8')).toContain(first.outputs['model-id']);
    expect(readFileSync(first.outputs['subject-checksums'], 'utf8')).toContain(
      `${sha256(modelBytes)}  models/sentiment/model.onnx`,
    );
  });

  it('uploads the model, manifest and card as an artifact whose files match their digests', async () => {
    expect(first.outputs['artifact-id']).toMatch(/^\d+$/);
    const files = await service.download('model-sentiment-v1');
    expect(sha256(files.get('models/sentiment/model.onnx')!)).toBe(sha256(modelBytes));
    const manifestName = path.relative(workspace, first.outputs.manifest);
    expect(files.get(manifestName)?.toString('utf8')).toBe(readFileSync(first.outputs.manifest, 'utf8'));
    expect([...files.keys()]).toContain(path.relative(workspace, first.outputs['model-card']));
  });

  it('verifies the model against the manifest, and fails on a one-byte change naming the file', () => {
    const verified = runCli(
      ['lineage', 'verify', '--manifest', first.outputs.manifest, '--model', 'models/sentiment'],
      workspace,
    );
    expect(verified.exitCode).toBe(0);
    const shown = runCli(['lineage', 'show', first.outputs.manifest], workspace);
    expect(shown.exitCode).toBe(0);
    expect(shown.stdout).toContain(first.outputs['model-id']);
    expect(shown.stdout).toContain(commit);
    const changed = Buffer.from(modelBytes);
    changed[1000] ^= 1;
    const copy = makeWorkspace({});
    mkdirSync(path.join(copy, 'models/sentiment'), { recursive: true });
    writeFileSync(path.join(copy, 'models/sentiment/model.onnx'), changed);
    writeFileSync(path.join(copy, 'models/sentiment/tokenizer.json'), '{"vocab": ["a", "b"]}\n');
    const failed = runCli(
      ['lineage', 'verify', '--manifest', first.outputs.manifest, '--model', 'models/sentiment'],
      copy,
    );
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toContain('models/sentiment/model.onnx');
  });

  it('a rerun of the same workflow run reuses version 1: no second tag, no second upload', async () => {
    const tagsBefore = api.tags.length;
    const rerun = lineage({}, { GITHUB_RUN_ATTEMPT: '2' });
    expect(rerun.exitCode).toBe(0);
    expect(rerun.outputs).toMatchObject({
      version: '1',
      tag: 'model/sentiment/v1',
      'model-id': first.outputs['model-id'],
    });
    expect(api.tags.length).toBe(tagsBefore);
    expect(
      (await service.artifacts()).filter((artifact) => artifact.name === 'model-sentiment-v1'),
    ).toHaveLength(1);
  });

  it('a new run with a changed model gets version 2 with version 1 as its previous', () => {
    writeFileSync(path.join(workspace, 'models/sentiment/tokenizer.json'), '{"vocab": ["a", "b", "c"]}\n');
    const second = lineage({}, { GITHUB_RUN_ID: '4243' });
    expect(second.exitCode).toBe(0);
    expect(second.outputs).toMatchObject({ version: '2', tag: 'model/sentiment/v2', changed: 'true' });
    const manifest = JSON.parse(readFileSync(second.outputs.manifest, 'utf8'));
    expect(manifest.predicate.previous).toEqual({
      version: '1',
      tag: 'model/sentiment/v1',
      modelId: first.outputs['model-id'],
    });

    // The tags the action created, fetched into the clone: `lineage previous` names v1 for rollback.
    for (const tag of api.tags) git(workspace, 'tag', '-a', tag.tag, '-m', tag.message, commit);
    const previous = runCli(['lineage', 'previous', '--name', 'sentiment'], workspace);
    expect(previous.exitCode).toBe(0);
    expect(previous.stdout).toContain('tag:      model/sentiment/v1');
    expect(previous.stdout).toContain(`model id: ${first.outputs['model-id']}`);
  });

  it('refuses to move a tag: an explicit version that exists for another model is an error', () => {
    const run = lineage({ version: '1' }, { GITHUB_RUN_ID: '4244' });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('never moves a model tag');
  });

  it('names the file and line of a broken DVC lock file', () => {
    mkdirSync(path.join(workspace, 'broken'), { recursive: true });
    writeFileSync(
      path.join(workspace, 'broken/dvc.lock'),
      'schema: "2.0"\nstages:\n  train:\n    outs:\n      - path: model.pkl\n        size: 10\n',
    );
    const run = lineage(
      { data: 'broken/dvc.lock', tag: 'false', upload: 'false' },
      { GITHUB_RUN_ID: '4245' },
    );
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0]).toMatchObject({ level: 'error', file: 'broken/dvc.lock' });
    expect(run.annotations[0].line).toBeGreaterThan(1);
  });
});

describe('lineage-tag: two runs tagging at once (dist/lineage-tag/index.js)', () => {
  let api: GitHubApi;

  /** A checkout of its own commit with its own model, as two pushes to main build two different models. */
  const checkout = (model: Buffer) => {
    const workspace = makeWorkspace({});
    mkdirSync(path.join(workspace, 'models'), { recursive: true });
    writeFileSync(path.join(workspace, 'models/model.onnx'), model);
    git(workspace, 'init', '-q');
    git(workspace, 'add', '-A');
    git(workspace, 'commit', '-qm', 'train');
    return { workspace, commit: git(workspace, 'rev-parse', 'HEAD') };
  };
  const inputs = {
    model: 'models/model.onnx',
    name: 'sentiment',
    upload: 'false',
    'github-token': 'ghs_token',
  };
  const env = (commit: string, runId: string) => ({
    env: { GITHUB_API_URL: api.url, GITHUB_SHA: commit, GITHUB_RUN_ID: runId, GITHUB_RUN_ATTEMPT: '1' },
  });
  const tagObject = (ref: string) => {
    const target = api.refs.find((item) => item.ref === ref)!;
    return api.tags.find((item) => item.sha === target.object.sha)!;
  };

  beforeAll(async () => {
    api = await startGitHubApi({ token: 'ghs_token' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('both runs succeed with consecutive versions: the loser of the race for v1 takes v2', async () => {
    const a = checkout(randomBytes(4096));
    const b = checkout(randomBytes(4096));
    // Both runs list the tags before either creates one, as when two pushes land seconds apart.
    api.gatherNext(2, 'GET', '/git/matching-refs/tags/model/sentiment/');
    const [runA, runB] = await Promise.all([
      startAction('lineage-tag', a.workspace, inputs, env(a.commit, '501')).done,
      startAction('lineage-tag', b.workspace, inputs, env(b.commit, '502')).done,
    ]);
    expect([runA.exitCode, runB.exitCode]).toEqual([0, 0]);
    const [winner, loser] = runA.outputs.version === '1' ? [runA, runB] : [runB, runA];
    const [won, lost] = runA.outputs.version === '1' ? [a, b] : [b, a];
    expect([winner.outputs.version, loser.outputs.version]).toEqual(['1', '2']);
    expect(loser.outputs).toMatchObject({ tag: 'model/sentiment/v2', changed: 'true' });
    expect(winner.outputs).toMatchObject({ tag: 'model/sentiment/v1', changed: 'true' });
    expect(loser.stdout).toContain('v1 was tagged by another run meanwhile (model/sentiment/v1 on');

    // Each tag points at its own run's commit and records its own model.
    expect(api.refs.map((ref) => ref.ref).sort()).toEqual([
      'refs/tags/model/sentiment/v1',
      'refs/tags/model/sentiment/v2',
    ]);
    for (const [version, run, side] of [
      ['1', winner, won],
      ['2', loser, lost],
    ] as const) {
      const tag = tagObject(`refs/tags/model/sentiment/v${version}`);
      expect(tag.object.sha).toBe(side.commit);
      expect(tag.message).toContain(`"modelId":"${run.outputs['model-id']}"`);
      const manifest = JSON.parse(readFileSync(run.outputs.manifest, 'utf8'));
      expect(manifest.predicate.model).toMatchObject({ version, id: run.outputs['model-id'] });
      expect(tag.message).toContain(`"manifestSha256":"${sha256(readFileSync(run.outputs.manifest))}"`);
    }
    // The loser's lineage names the winner's model as the previous version, for rollback.
    expect(JSON.parse(readFileSync(loser.outputs.manifest, 'utf8')).predicate.previous).toEqual({
      version: '1',
      tag: 'model/sentiment/v1',
      modelId: winner.outputs['model-id'],
    });
    expect(JSON.parse(readFileSync(winner.outputs.manifest, 'utf8')).predicate.previous).toBeUndefined();
    // Three ref creations: the winner's, the loser's refused v1 (422) and its v2.
    expect(
      api.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/git/refs')),
    ).toHaveLength(3);

    // A later run (another workflow run) with the loser's model on the same commit: v2 again, no new tag.
    const requestsBefore = api.requests.length;
    const again = await startAction('lineage-tag', lost.workspace, inputs, env(lost.commit, '503')).done;
    expect(again.exitCode).toBe(0);
    expect(again.outputs).toMatchObject({
      version: '2',
      tag: 'model/sentiment/v2',
      'model-id': loser.outputs['model-id'],
      changed: 'false',
    });
    expect(api.refs).toHaveLength(2);
    expect(api.requests.slice(requestsBefore).filter((request) => request.method === 'POST')).toEqual([]);
    const manifest = JSON.parse(readFileSync(again.outputs.manifest, 'utf8'));
    expect(manifest.predicate.previous).toMatchObject({ version: '1', modelId: winner.outputs['model-id'] });
  }, 120_000);
});
