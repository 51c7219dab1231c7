/**
 * End to end: `mlgate lineage tag` (dist/cli/index.js) on a git clone with a real DVC lock file, parameters and an
 * eval report. Without a token it plans the version from the clone's own tags and creates none; with a token and
 * GITHUB_REPOSITORY it tags through a local server speaking GitHub's git refs/tags API; on the same inputs it writes
 * the lineage the action (dist/lineage-tag/index.js) writes.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startGitHubApi, type GitHubApi } from './github-api.js';
import { makeWorkspace, runAction, runCli } from './runner.js';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@e',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@e',
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: gitEnv }).trim();

const modelBytes = Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 7919) % 251));
const tokenizer = '{"vocab": ["a", "b"]}\n';
/** The model id by its definition: sha256 of the sorted `sha256  path` lines (computed here, not by mlgate). */
const expectedModelId = `sha256:${sha256(
  [
    `${sha256(modelBytes)}  models/sentiment/model.onnx`,
    `${sha256(tokenizer)}  models/sentiment/tokenizer.json`,
  ].join('\n') + '\n',
)}`;
const tagArgs = [
  'lineage',
  'tag',
  '--model',
  'models/sentiment',
  '--name',
  'sentiment',
  '--data',
  'dvc.lock',
  '--params',
  'params.yaml',
  '--eval-report',
  'reports/eval.json',
];
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

describe('mlgate lineage tag (dist/cli/index.js)', () => {
  let workspace: string;
  let commit: string;
  let api: GitHubApi;

  beforeAll(async () => {
    workspace = makeWorkspace({
      'dvc.lock': 'test/fixtures/real/dvc/emotion-detection-dvc3.lock',
      'eval/main.jsonl': 'examples/support-triage/eval/main.jsonl',
      '.mlgate/gates.yml': 'examples/support-triage/.mlgate/gates.yml',
    });
    mkdirSync(path.join(workspace, 'models/sentiment'), { recursive: true });
    writeFileSync(path.join(workspace, 'models/sentiment/model.onnx'), modelBytes);
    writeFileSync(path.join(workspace, 'models/sentiment/tokenizer.json'), tokenizer);
    writeFileSync(path.join(workspace, 'params.yaml'), 'train:\n  lr: 0.001\n  epochs: 3\n');
    const gate = runCli(
      [
        'eval-gate',
        ...['--results', 'eval/main.jsonl', '--gates', '.mlgate/gates.yml'],
        ...['--report-path', 'reports/eval.json'],
      ],
      workspace,
    );
    expect(gate.exitCode).toBe(0);
    git(workspace, 'init', '-q');
    git(workspace, 'add', '-A');
    git(workspace, 'commit', '-qm', 'train');
    commit = git(workspace, 'rev-parse', 'HEAD');
    // An earlier version of another model, tagged as mlgate tags (fetched with git fetch --tags).
    git(
      workspace,
      'tag',
      '-a',
      'model/sentiment/v1',
      '-m',
      `mlgate model sentiment v1\n\nmlgate-lineage: {"modelId":"sha256:${'a'.repeat(64)}","runId":"7"}`,
    );
    api = await startGitHubApi({ token: 'ghs_token' });
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  it('without a token: the next version after the local tags, the manifest and card written, no tag created', () => {
    const run = runCli([...tagArgs, '--json'], workspace);
    expect(run.stderr).toContain('tag model/sentiment/v2 not created: no --github-token');
    expect(run.exitCode).toBe(0);
    const outputs = JSON.parse(run.stdout);
    expect(outputs).toMatchObject({
      'model-id': expectedModelId,
      version: '2',
      tag: '',
      'artifact-id': '',
      changed: 'true',
    });
    expect(outputs.manifest).toBe(path.join(workspace, 'mlgate-reports/lineage/sentiment-v2.intoto.json'));
    const manifest = readJson(outputs.manifest);
    expect(manifest.subject).toEqual([
      { name: 'models/sentiment/model.onnx', digest: { sha256: sha256(modelBytes) } },
      { name: 'models/sentiment/tokenizer.json', digest: { sha256: sha256(tokenizer) } },
    ]);
    const { predicate } = manifest;
    expect(predicate.model).toMatchObject({ name: 'sentiment', version: '2', id: expectedModelId });
    // Outside a runner the commit is the clone's HEAD.
    expect(predicate.code).toMatchObject({ commit, tree: git(workspace, 'rev-parse', 'HEAD^{tree}') });
    expect(predicate.previous).toEqual({
      version: '1',
      tag: 'model/sentiment/v1',
      modelId: `sha256:${'a'.repeat(64)}`,
    });
    expect(predicate.params.values['params.yaml']).toEqual({ train: { lr: 0.001, epochs: 3 } });
    expect(predicate.data.length).toBeGreaterThan(0);
    expect(predicate.evaluation.reportSha256).toBe(
      sha256(readFileSync(path.join(workspace, 'reports/eval.json'))),
    );
    expect(readFileSync(outputs['model-card'], 'utf8')).toContain(expectedModelId);
    expect(readFileSync(outputs['subject-checksums'], 'utf8')).toBe(
      `${sha256(modelBytes)}  models/sentiment/model.onnx\n${sha256(tokenizer)}  models/sentiment/tokenizer.json\n`,
    );
    const verified = runCli(
      ['lineage', 'verify', '--manifest', outputs.manifest, '--model', 'models/sentiment'],
      workspace,
    );
    expect(verified.exitCode).toBe(0);
  });

  it('the same model already tagged on this commit keeps its version: unchanged, no new tag', () => {
    git(
      workspace,
      'tag',
      '-a',
      'model/sentiment/v2',
      '-m',
      `mlgate model sentiment v2\n\nmlgate-lineage: {"modelId":"${expectedModelId}"}`,
    );
    const run = runCli(tagArgs, workspace);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      `lineage-tag: sentiment v2 is model ${expectedModelId}; tag model/sentiment/v2 already there; unchanged\n`,
    );
    git(workspace, 'tag', '-d', 'model/sentiment/v2');
  });

  it('with a token and GITHUB_REPOSITORY: tags the version through the API, recording the manifest digest', () => {
    const env = {
      GITHUB_TOKEN: 'ghs_token',
      GITHUB_REPOSITORY: 'acme/support-bot',
      GITHUB_API_URL: api.url,
    };
    const run = runCli([...tagArgs, '--json'], workspace, env);
    expect(run.stderr).toContain(`tag model/sentiment/v1 created on ${commit}`);
    expect(run.exitCode).toBe(0);
    const outputs = JSON.parse(run.stdout);
    // The repository has no tags yet (the local v1 was never pushed): version 1.
    expect(outputs).toMatchObject({ version: '1', tag: 'model/sentiment/v1', changed: 'true' });
    expect(api.refs.map((ref) => ref.ref)).toEqual(['refs/tags/model/sentiment/v1']);
    const [tag] = api.tags;
    expect(tag.object.sha).toBe(commit);
    expect(tag.message).toContain(`"modelId":"${expectedModelId}"`);
    expect(tag.message).toContain(`"manifestSha256":"${sha256(readFileSync(outputs.manifest))}"`);
    // No artifact is named: the command line uploads none.
    expect(tag.message).not.toContain('artifactName');
  });

  it('writes the lineage the action writes on the same inputs', () => {
    const env = { GITHUB_SHA: commit, GITHUB_RUN_ID: '42', RUNNER_OS: 'Linux' };
    const options = { 'manifest-path': 'out/cli.intoto.json', tag: 'false' };
    const cli = runCli(
      [...tagArgs, ...Object.entries(options).flatMap(([name, value]) => [`--${name}`, value]), '--json'],
      workspace,
      { ...env, GITHUB_REPOSITORY: 'acme/support-bot' },
    );
    expect(cli.exitCode).toBe(0);
    const action = runAction(
      'lineage-tag',
      workspace,
      {
        model: 'models/sentiment',
        name: 'sentiment',
        data: 'dvc.lock',
        params: 'params.yaml',
        'eval-report': 'reports/eval.json',
        'manifest-path': 'out/action.intoto.json',
        tag: 'false',
        upload: 'false',
      },
      env,
    );
    expect(action.exitCode).toBe(0);
    const fromCli = JSON.parse(cli.stdout);
    for (const name of ['model-id', 'version', 'tag', 'subject-digest', 'changed', 'artifact-id'])
      expect(fromCli[name]).toBe(action.outputs[name]);
    const withoutTime = (file: string) => ({ ...readJson(file).predicate, createdAt: undefined });
    const cliPredicate = withoutTime(fromCli.manifest);
    const actionPredicate = withoutTime(action.outputs.manifest);
    // The runner's step adds its workflow context; the lineage itself is the same.
    for (const field of ['model', 'data', 'params', 'evaluation', 'previous'])
      expect(cliPredicate[field]).toEqual(actionPredicate[field]);
    expect(cliPredicate.code.commit).toBe(actionPredicate.code.commit);
    expect(readFileSync(fromCli['subject-checksums'], 'utf8')).toBe(
      readFileSync(action.outputs['subject-checksums'], 'utf8'),
    );
  });

  it('refuses --upload true before writing anything: there is no artifact service outside a job', () => {
    const run = runCli([...tagArgs, '--upload', 'true', '--manifest-path', 'refused/m.json'], workspace);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('there is no artifact service here');
    expect(run.stderr).toContain('set --upload to false');
    expect(existsSync(path.join(workspace, 'refused'))).toBe(false);
  });

  it('names the missing option in command-line words, and refuses options of other sub-commands', () => {
    const missing = runCli(['lineage', 'tag', '--name', 'sentiment'], workspace);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('--model PATHS is required');
    const other = runCli(
      ['lineage', 'verify', '--manifest', 'm.json', '--model', 'x', '--data', 'y'],
      workspace,
    );
    expect(other.exitCode).toBe(2);
    expect(other.stderr).toContain('--data is not an option of mlgate lineage verify');
  });
});
