/**
 * The hostile-input corpus (test/fixtures/hostile/) through every bundle, run as the runner runs it: data, file
 * names, reports, tags and command output that try to speak to the runner (newlines, "::", "%0A", "##["), to
 * phish from a pull-request comment, to hide text (bidirectional overrides, zero-width characters), to pass a
 * verdict by overflow, to read and write outside the workspace, and to reach the runner's tokens.
 */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startGitHubApi, type GitHubApi } from './github-api.js';
import { makeWorkspace, repoRoot, runAction, runCli, type ActionRun } from './runner.js';
import { forgedCommands } from './runner-commands.js';

const HOSTILE = path.join(repoRoot, 'test/fixtures/hostile');
const payloads = JSON.parse(readFileSync(path.join(HOSTILE, 'payloads.json'), 'utf8')) as {
  class: string;
  text: string;
}[];
/** A payload as a file name: "/" cannot be in one, NUL neither. */
const asFileName = (text: string) => text.replace(/\//g, '∕');
/** Characters that must never reach a comment or summary as themselves (they reorder or hide text). */
const HIDDEN = /[\u202A-\u202E\u2066-\u2069\u200C-\u200F\u2060\uFEFF\u061C]/;

/** What every run must satisfy, whatever the data said: no command the step did not issue, no forged output. */
function expectRunnerSafe(run: { stdout: string; stderr: string; outputs?: Record<string, string> }): void {
  expect(forgedCommands(run).map((command) => command.line)).toEqual([]);
  for (const [name, value] of Object.entries(run.outputs ?? {}))
    expect(`${name}=${value}`).not.toMatch(/^(passed|touched)=FORGED/);
}

/** Untrusted text rendered for people: bidi and zero-width characters shown as <U+XXXX>, never as themselves. */
function expectVisible(markdown: string): void {
  expect(markdown).not.toMatch(HIDDEN);
  expect(markdown).not.toContain('ad\u200Bmin');
  expect(markdown).toMatch(/&#60;U\+202E&#62;|<U\+202E>/);
}

/** One results row per payload in every untrusted field that reaches a log, annotation, summary or report. */
function hostileResults(): string[] {
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < 40; i++) {
    const payload = payloads[i % payloads.length];
    // Three classes, one of them named by a payload (labels reach the log and the per-class metric names).
    const label = ['a', 'b', payloads[0].text][i % 3];
    rows.push({
      id: i < payloads.length ? payload.text : `case-${i}`,
      expected: label,
      predicted: i % 7 === 0 ? 'a' : label,
      tags: { lang: payload.text, [`k${payload.text}`]: 'v' },
      input: payload.text,
      output: payload.text,
      ...(i % 5 === 0 ? { error: payload.text } : {}),
      scores: { helpful: 0.5 + (i % 4) / 10 },
      cost_usd: 0.001,
    });
  }
  return rows.map((row) => JSON.stringify(row));
}

describe('hostile input through the bundles', () => {
  let workspace: string;
  let gate: ActionRun;

  beforeAll(() => {
    workspace = makeWorkspace({});
    mkdirSync(path.join(workspace, 'eval'));
    const rows = hostileResults();
    // The results as three shards whose file names are payloads: glob-matched names reach the log.
    const names = [payloads[0], payloads[1], payloads[9]].map(
      (payload) => `${asFileName(payload.text)}.jsonl`,
    );
    names.forEach((name, i) =>
      writeFileSync(
        path.join(workspace, 'eval', name),
        `${rows.filter((_, row) => row % 3 === i).join('\n')}\n`,
      ),
    );
    writeFileSync(
      path.join(workspace, 'gates.yml'),
      'gates:\n  - metric: accuracy\n    by: lang\n    min: 0\n  - metric: accuracy\n    min: 0.5\n',
    );
    gate = runAction('eval-gate', workspace, {
      results: 'eval/*.jsonl',
      gates: 'gates.yml',
      'report-path': 'reports/hostile.json',
    });
  });

  describe('data cannot issue workflow commands', () => {
    it('eval-gate: case ids, tags, labels, errors and file names', () => {
      expect(gate.stderr).toBe('');
      expect(gate.exitCode).toBe(0);
      expectRunnerSafe(gate);
      expect(gate.stdout).toContain('FORGED-lf'); // the values are logged, as text
      expectVisible(gate.summary);
    });

    it('eval-gate: a results file a glob would skip (its name starts with a line break) is refused', () => {
      const ws = makeWorkspace({ 'eval/a.jsonl': 'test/fixtures/hostile/proto-score.jsonl' });
      writeFileSync(
        path.join(ws, 'eval', `${payloads[4].text}.jsonl`),
        '{"id": "hidden", "scores": {"helpful": 0}}\n',
      );
      const run = runAction('eval-gate', ws, { results: 'eval/*.jsonl' });
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toMatch(/cannot match eval\/\\n::set-output.*starts with a line break/);
      expectRunnerSafe(run);
    });

    it('the mlgate CLI on the same results', () => {
      const run = runCli(['eval-gate', '--results', 'eval/*.jsonl', '--gates', 'gates.yml'], workspace);
      expect(run.exitCode).toBe(0);
      expectRunnerSafe(run);
      const json = runCli(['eval-gate', '--results', 'eval/*.jsonl', '--json'], workspace);
      expectRunnerSafe(json);
    });

    it('validate-data: file names, column names and cell values', () => {
      const data = makeWorkspace({});
      mkdirSync(path.join(data, 'data'));
      const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
      const named = [payloads[0], payloads[13], payloads[15]];
      const header = ['id', 'country', ...named.map((payload) => quote(payload.text))];
      const lines = [header.join(',')];
      for (let i = 1; i <= 60; i++)
        lines.push([i, quote(payloads[i % payloads.length].text), i, i, i].join(','));
      writeFileSync(path.join(data, 'data', `${asFileName(payloads[1].text)}.csv`), `${lines.join('\n')}\n`);
      writeFileSync(
        path.join(data, 'contract.yml'),
        'fields:\n  - name: id\n    type: integer\n  - name: country\n    type: string\n    constraints: { enum: [US, DE] }\n',
      );
      const run = runAction('validate-data', data, {
        data: 'data/*.csv',
        contract: 'contract.yml',
        'fail-on': 'never',
      });
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(0);
      expect(run.outputs.outcome).toBe('fail');
      expectRunnerSafe(run);
      expect(run.stdout).toContain('FORGED');
      expectVisible(run.summary);
    });

    it('lineage-tag: model file names and data paths', () => {
      const lineage = makeWorkspace({});
      // "::" and "##[" in names lineage can record; a line break in a name it refuses (a manifest line per file).
      const model = path.join(lineage, 'models', asFileName(payloads[9].text));
      mkdirSync(model, { recursive: true });
      writeFileSync(path.join(model, `${asFileName(payloads[6].text)}.onnx`), 'weights');
      writeFileSync(path.join(lineage, `${asFileName(payloads[10].text)}.csv`), 'a\n1\n');
      const inputs = { model: 'models/*', name: 'sentiment', data: '*.csv', tag: 'false', upload: 'false' };
      const run = runAction('lineage-tag', lineage, inputs);
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(0);
      expectRunnerSafe(run);
      expect(run.stdout).toContain('FORGED-leading');
      writeFileSync(path.join(model, `${asFileName(payloads[0].text)}.onnx`), 'weights');
      const refused = runAction('lineage-tag', lineage, inputs);
      expect(refused.exitCode).toBe(1);
      expect(refused.stdout).toMatch(/line breaks cannot be recorded/);
      expectRunnerSafe(refused);
    });

    it('canary-deploy: the router command, the metric command and the versions', () => {
      const deploy = makeWorkspace({});
      writeFileSync(path.join(deploy, 'weight.txt'), '0\n');
      writeFileSync(
        path.join(deploy, 'deploy.yml'),
        JSON.stringify({
          router: {
            set: [
              '/bin/sh',
              '-c',
              'echo "$0" > weight.txt; printf "%s" "$1"',
              '{{weight}}',
              payloads[0].text,
            ],
            get: ['/bin/cat', 'weight.txt'],
          },
          analysis: {
            interval: '50ms',
            metrics: [
              {
                name: 'error-rate',
                provider: 'command',
                command: ['/bin/echo', payloads[3].text],
                max: 0.05,
              },
            ],
          },
        }),
      );
      const run = runAction('canary-deploy', deploy, {
        router: 'command',
        config: 'deploy.yml',
        steps: '10,100',
        'bake-time': '100ms',
        'fail-on': 'never',
      });
      expectRunnerSafe(run);
      expect(`${run.stdout}${run.stderr}`).toContain('FORGED');
    });

    it('the one-step root action', () => {
      const run = runAction('mlgate', workspace, {
        results: 'eval/*.jsonl',
        gates: 'gates.yml',
        comment: 'false',
      });
      expectRunnerSafe(run);
      expect(run.stdout).toContain('FORGED');
    });
  });

  describe('pr-eval-comment: a forged report', () => {
    let api: GitHubApi;
    afterEach(async () => {
      await api?.close();
    });

    const forgedReport = () => {
      const report = JSON.parse(readFileSync(path.join(workspace, 'reports/hostile.json'), 'utf8'));
      report.context.runUrl = 'https://evil.example/login?next=actions/runs/1';
      report.context.repository = 'acme/support-bot\n::error::FORGED-repo';
      report.context.commit = payloads[13].text;
      writeFileSync(path.join(workspace, 'reports/forged.json'), JSON.stringify(report));
      return 'reports/forged.json';
    };

    it('links only to this repository and this run, shows hidden characters, issues no command', async () => {
      api = await startGitHubApi();
      const event = path.join(workspace, 'event.json');
      writeFileSync(
        event,
        JSON.stringify({
          pull_request: {
            number: 7,
            head: { sha: 'a'.repeat(40), repo: { full_name: 'acme/support-bot' } },
            base: { repo: { full_name: 'acme/support-bot' } },
          },
        }),
      );
      const run = runAction(
        'pr-eval-comment',
        workspace,
        { report: forgedReport(), 'github-token': 'ghs_token' },
        { GITHUB_API_URL: api.url, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event },
      );
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(0);
      expectRunnerSafe(run);
      expect(api.comments).toHaveLength(1);
      const body = api.comments[0].body;
      for (const markdown of [body, run.summary]) {
        expect(markdown).not.toContain('evil.example/login');
        expectVisible(markdown);
      }
      expect(body).toContain('https://github.com/acme/support-bot/actions/runs/42');
    });

    it('refuses a comment-id that is not a plain name before it becomes part of a file path', () => {
      const temp = path.join(workspace, 'runner-temp');
      mkdirSync(temp, { recursive: true });
      const run = runAction(
        'pr-eval-comment',
        workspace,
        { report: 'reports/hostile.json', 'comment-id': 'x/../../../escaped/pwned', mode: 'summary-only' },
        { RUNNER_TEMP: temp },
      );
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toMatch(/comment-id/);
      expect(existsSync(path.join(workspace, 'escaped'))).toBe(false);
      expectRunnerSafe(run);
    });
  });

  describe('a verdict cannot pass by overflow', () => {
    it('a 1e155 prediction makes mse, rmse and r2 overflow: the step fails naming the case', () => {
      const ws = makeWorkspace({
        'results.jsonl': 'test/fixtures/hostile/overflow-regression.jsonl',
        'gates.yml': 'test/fixtures/hostile/gates-regression.yml',
      });
      const run = runAction('eval-gate', ws, { results: 'results.jsonl', gates: 'gates.yml' });
      expect(run.exitCode).toBe(1);
      expect(run.outputs.passed).not.toBe('true');
      const errors = run.annotations.filter((annotation) => annotation.level === 'error');
      expect(errors.map((error) => error.message).join('\n')).toMatch(/overflow.*house-17/s);
      expectRunnerSafe(run);
    });

    it('a cost_usd total that overflows fails, naming the cases', () => {
      const ws = makeWorkspace({
        'results.jsonl': 'test/fixtures/hostile/overflow-cost.jsonl',
        'gates.yml': 'test/fixtures/hostile/gates-cost.yml',
      });
      const run = runAction('eval-gate', ws, { results: 'results.jsonl', gates: 'gates.yml' });
      expect(run.exitCode).toBe(1);
      const errors = run.annotations.filter((annotation) => annotation.level === 'error');
      expect(errors.map((error) => error.message).join('\n')).toMatch(/cost_usd.*overflow.*t-03.*t-04/s);
    });

    it('a metric undefined by definition (one class only) stays inconclusive', () => {
      const ws = makeWorkspace({
        'results.jsonl': 'test/fixtures/hostile/one-class.jsonl',
        'gates.yml': 'test/fixtures/hostile/gates-one-class.yml',
      });
      const run = runAction('eval-gate', ws, { results: 'results.jsonl', gates: 'gates.yml' });
      expect(run.exitCode).toBe(0);
      expect(run.outputs.outcome).toBe('inconclusive');
    });
  });

  describe('files read and written only where they should be', () => {
    const dataWorkspace = () => {
      const ws = makeWorkspace({});
      mkdirSync(path.join(ws, 'data'));
      writeFileSync(path.join(ws, 'data', 'ok.csv'), 'a,b\n1,2\n3,4\n');
      return ws;
    };

    it('a data path that is a symbolic link out of the workspace is refused, naming the target', () => {
      const ws = dataWorkspace();
      symlinkSync('/etc/passwd', path.join(ws, 'data', 'passwd.csv'));
      const run = runAction('validate-data', ws, { data: 'data/passwd.csv' });
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toMatch(/data\/passwd\.csv.*\/etc\/passwd.*outside/);
      expect(run.summary).not.toContain('root:');
      expect(run.stdout).not.toContain('root:x:0');
    });

    it('a symbolic link loop is reported as a loop, not as a missing file', () => {
      const ws = dataWorkspace();
      symlinkSync('loop-b.csv', path.join(ws, 'data', 'loop-a.csv'));
      symlinkSync('loop-a.csv', path.join(ws, 'data', 'loop-b.csv'));
      const run = runAction('validate-data', ws, { data: 'data/loop-a.csv' });
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toMatch(/data\/loop-a\.csv.*symbolic link loop/);
    });

    it('report-path outside the workspace and RUNNER_TEMP is refused unless MLGATE_ALLOWED_PATHS lists it', () => {
      const ws = dataWorkspace();
      const outside = path.join(tmpdir(), `mlgate-outside-${process.pid}`);
      rmSync(outside, { recursive: true, force: true });
      const refused = runAction('validate-data', ws, {
        data: 'data/ok.csv',
        'report-path': path.join(outside, 'report.json'),
      });
      expect(refused.exitCode).toBe(1);
      expect(refused.stdout).toMatch(/report-path.*outside the workspace/);
      expect(existsSync(outside)).toBe(false);
      const allowed = runAction(
        'validate-data',
        ws,
        { data: 'data/ok.csv', 'report-path': path.join(outside, 'report.json') },
        { MLGATE_ALLOWED_PATHS: outside },
      );
      expect(allowed.exitCode).toBe(0);
      expect(readdirSync(outside)).toEqual(['report.json']);
      rmSync(outside, { recursive: true, force: true });
    });

    it('eval-gate refuses a report-path that climbs out of the workspace', () => {
      const ws = makeWorkspace({ 'results.jsonl': 'test/fixtures/hostile/proto-score.jsonl' });
      const run = runAction('eval-gate', ws, {
        results: 'results.jsonl',
        'report-path': '../../escaped.json',
      });
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toMatch(/report-path.*outside the workspace/);
    });
  });

  describe('smaller items', () => {
    it('a score dimension named __proto__ is kept as a metric, never dropped', () => {
      const ws = makeWorkspace({ 'results.jsonl': 'test/fixtures/hostile/proto-score.jsonl' });
      const run = runAction('eval-gate', ws, { results: 'results.jsonl' });
      expect(run.exitCode).toBe(0);
      const metrics = JSON.parse(run.outputs.metrics);
      expect(Object.prototype.hasOwnProperty.call(metrics, '__proto__')).toBe(true);
      expect(Object.getOwnPropertyDescriptor(metrics, '__proto__')?.value).toBeCloseTo(0.75, 10);
      expect(metrics.helpful).toBeCloseTo(0.5, 10);
    });

    it('deeply nested JSON results fail with "nested too deeply at line N", not a stack overflow', () => {
      const ws = makeWorkspace({});
      const deep = `${'['.repeat(200000)}${']'.repeat(200000)}`;
      writeFileSync(
        path.join(ws, 'results.jsonl'),
        `{"id": "a", "scores": {"helpful": 1}}\n{"id": "b", "scores": {"helpful": 1}, "tags": {"t": ${deep}}}\n`,
      );
      const run = runAction('eval-gate', ws, { results: 'results.jsonl' });
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toMatch(/results\.jsonl.*nested too deeply at line 2/);
      expect(run.stdout).not.toMatch(/Maximum call stack/);
    });

    it('validate-data: deeply nested JSONL data fails with "nested too deeply at line N"', () => {
      const ws = makeWorkspace({});
      const deep = `${'['.repeat(200000)}${']'.repeat(200000)}`;
      writeFileSync(path.join(ws, 'data.jsonl'), `{"a": 1}\n{"a": 2}\n{"a": ${deep}}\n`);
      const run = runAction('validate-data', ws, { data: 'data.jsonl' });
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toMatch(/data\.jsonl.*nested too deeply at line 3/);
      expect(run.stdout).not.toMatch(/Maximum call stack/);
    });

    it('deeply nested YAML fails with "nested too deeply at line N", not a stack overflow', () => {
      const ws = makeWorkspace({ 'results.jsonl': 'test/fixtures/hostile/one-class.jsonl' });
      writeFileSync(
        path.join(ws, 'gates.yml'),
        `gates:\n  - metric: accuracy\n    min: ${'['.repeat(100000)}\n`,
      );
      const run = runAction('eval-gate', ws, { results: 'results.jsonl', gates: 'gates.yml' });
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toMatch(/gates\.yml.*nested too deeply at line 3/);
      expect(run.stdout).not.toMatch(/Maximum call stack/);
    });

    /** canary-deploy with a command router that records its environment, and a command metric printing `metric`. */
    const deployWith = (router: Record<string, unknown>, metric: string) => {
      const deploy = makeWorkspace({});
      writeFileSync(path.join(deploy, 'weight.txt'), '0\n');
      writeFileSync(
        path.join(deploy, 'deploy.yml'),
        JSON.stringify({
          router: {
            set: ['/bin/sh', '-c', 'echo "$0" > weight.txt; env > env.txt', '{{weight}}'],
            get: ['/bin/cat', 'weight.txt'],
            ...router,
          },
          analysis: {
            interval: '50ms',
            metrics: [{ name: 'error-rate', provider: 'command', command: ['/bin/echo', metric], max: 0.05 }],
          },
        }),
      );
      const run = runAction(
        'canary-deploy',
        deploy,
        {
          router: 'command',
          config: 'deploy.yml',
          steps: '10,100',
          'bake-time': '100ms',
          'fail-on': 'never',
        },
        {
          ACTIONS_RUNTIME_TOKEN: 'runtime-secret',
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-secret',
          GITHUB_TOKEN: 'ghs_secret',
          MODEL_REGISTRY: 'https://registry.example',
        },
      );
      return { run, env: readFileSync(path.join(deploy, 'env.txt'), 'utf8') };
    };

    it('canary-deploy: a metric command printing 0x0 is not read as 0', () => {
      const { run } = deployWith({}, '0x0');
      expect(run.outputs.result).not.toBe('promoted');
      expect(run.stdout).toMatch(/"0x0" is not a number/);
      const healthy = deployWith({}, '0.01');
      expect(healthy.run.outputs.result).toBe('promoted');
    });

    it("canary-deploy: the user's commands never see the runner's tokens, only the minimal environment", () => {
      const { env } = deployWith({}, '0.01');
      expect(env).not.toMatch(/runtime-secret|oidc-secret|ghs_secret|registry\.example/);
      expect(env).toMatch(/^PATH=/m);
      expect(env).toMatch(/^MLGATE_WEIGHT=/m);
    });

    it("canary-deploy: a variable listed in the router's env reaches its commands", () => {
      const { env } = deployWith({ env: ['MODEL_REGISTRY'] }, '0.01');
      expect(env).toContain('MODEL_REGISTRY=https://registry.example');
      expect(env).not.toMatch(/runtime-secret|oidc-secret|ghs_secret/);
    });
  });
});
