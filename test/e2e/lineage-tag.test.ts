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
