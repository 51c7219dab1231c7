/** End to end: the bundled eval-gate action, run as the runner runs it, on passing, failing, inconclusive and broken inputs. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { makeWorkspace, runAction, runCli, type ActionRun } from './runner.js';

const example = {
  'eval/main.jsonl': 'examples/support-triage/eval/main.jsonl',
  'eval/pr-good.jsonl': 'examples/support-triage/eval/pr-good.jsonl',
  'eval/pr-regressed.jsonl': 'examples/support-triage/eval/pr-regressed.jsonl',
  '.mlgate/gates.yml': 'examples/support-triage/.mlgate/gates.yml',
};

const readReport = (run: ActionRun) => JSON.parse(readFileSync(run.outputs.report, 'utf8'));

describe('eval-gate action (dist/eval-gate/index.js)', () => {
  let workspace: string;
  let mainRun: ActionRun;

  beforeAll(() => {
    workspace = makeWorkspace(example);
    mainRun = runAction('eval-gate', workspace, {
      results: 'eval/main.jsonl',
      gates: '.mlgate/gates.yml',
      'report-path': 'reports/main.json',
    });
  });

  it('without a baseline, baseline gates are inconclusive and the step still succeeds by default', () => {
    expect(mainRun.exitCode).toBe(0);
    expect(mainRun.outputs.outcome).toBe('inconclusive');
    expect(mainRun.outputs.passed).toBe('false');
    expect(mainRun.outputs.report).toBe(path.join(workspace, 'reports/main.json'));
    const report = readReport(mainRun);
    expect(report.kind).toBe('mlgate/eval-report');
    expect(report.task).toBe('multiclass');
    expect(report.counts.cases).toBe(600);
    const noBaseline = report.gates.filter((gate: { status: string }) => gate.status === 'inconclusive');
    expect(noBaseline.map((gate: { metric: string }) => gate.metric).sort()).toEqual([
      'accuracy',
      'faithfulness',
    ]);
    // Inconclusive gates are warnings on the gates file line that declares them (accuracy max-drop is line 6).
    const warning = mainRun.annotations.find(
      (annotation) => annotation.level === 'warning' && annotation.message.startsWith('accuracy'),
    );
    expect(warning).toMatchObject({ file: '.mlgate/gates.yml', line: 6 });
    expect(mainRun.summary).toContain('mlgate eval-gate: inconclusive');
  });

  it('fails the step on an inconclusive outcome when fail-on is inconclusive', () => {
    const run = runAction('eval-gate', workspace, {
      results: 'eval/main.jsonl',
      gates: '.mlgate/gates.yml',
      'fail-on': 'inconclusive',
      'report-path': 'reports/strict.json',
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.outcome).toBe('inconclusive');
  });

  it('passes a good pull request against the main-branch baseline', () => {
    const run = runAction('eval-gate', workspace, {
      results: 'eval/pr-good.jsonl',
      gates: '.mlgate/gates.yml',
      baseline: 'reports/main.json',
      'report-path': 'reports/good.json',
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.outcome).toBe('pass');
    expect(run.outputs.passed).toBe('true');
    const metrics = JSON.parse(run.outputs.metrics);
    expect(metrics.f1_macro).toBeGreaterThan(0.8);
    const report = readReport(run);
    expect(report.baseline.sharedCases).toBe(600);
    expect(report.baseline.commit).toBe('0123456789abcdef0123456789abcdef01234567');
    expect(report.gates.every((gate: { status: string }) => gate.status === 'pass')).toBe(true);
    expect(run.summary).toContain('✅ **mlgate eval-gate: pass**');
    expect(run.annotations.filter((annotation) => annotation.level === 'error')).toEqual([]);
  });

  it('fails a regressing pull request with significant drops, annotated on the gates file', () => {
    const run = runAction('eval-gate', workspace, {
      results: 'eval/pr-regressed.jsonl',
      gates: '.mlgate/gates.yml',
      baseline: 'reports/main.json',
      'report-path': 'reports/regressed.json',
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.outcome).toBe('fail');
    expect(run.outputs.passed).toBe('false');
    const report = readReport(run);
    const accuracyDrop = report.gates.find(
      (gate: { metric: string; kind: string }) => gate.metric === 'accuracy' && gate.kind === 'baseline',
    );
    expect(accuracyDrop).toMatchObject({ status: 'fail', test: 'mcnemar', sharedCases: 600 });
    expect(accuracyDrop.pValue).toBeLessThan(0.001);
    const faithfulness = report.gates.find((gate: { metric: string }) => gate.metric === 'faithfulness');
    expect(faithfulness).toMatchObject({ status: 'fail', test: 'paired-bootstrap' });
    // The latency gate is warn-only: reported, not failing.
    expect(report.gates.find((gate: { metric: string }) => gate.metric === 'latency_p95_ms').status).toBe(
      'warn',
    );
    expect(report.caseDiff.counts.regressed).toBeGreaterThan(report.caseDiff.counts.improved);
    const errors = run.annotations.filter((annotation) => annotation.level === 'error');
    expect(
      errors.find((annotation) => annotation.message.startsWith('accuracy worsened from ')),
    ).toMatchObject({
      file: '.mlgate/gates.yml',
      line: 6,
    });
    expect(errors.find((annotation) => annotation.message.startsWith('faithfulness'))).toMatchObject({
      line: 8,
    });
    expect(run.stdout).toContain('::error::eval-gate fail');
    expect(run.summary).toContain('❌ **mlgate eval-gate: fail**');
    expect(run.summary).toMatch(/regressed \(\d+\)/);
  });

  it('reports without failing when fail-on is never', () => {
    const run = runAction('eval-gate', workspace, {
      results: 'eval/pr-regressed.jsonl',
      gates: '.mlgate/gates.yml',
      baseline: 'reports/main.json',
      'fail-on': 'never',
      'report-path': 'reports/never.json',
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.outcome).toBe('fail');
  });

  it('gives the same verdict and metrics from the CLI', () => {
    const cli = runCli(
      [
        'eval-gate',
        '--results',
        'eval/pr-regressed.jsonl',
        '--gates',
        '.mlgate/gates.yml',
        '--baseline',
        'reports/main.json',
        '--report-path',
        'reports/cli.json',
      ],
      workspace,
    );
    expect(cli.exitCode).toBe(1);
    const fromCli = JSON.parse(readFileSync(path.join(workspace, 'reports/cli.json'), 'utf8'));
    const fromAction = JSON.parse(readFileSync(path.join(workspace, 'reports/regressed.json'), 'utf8'));
    expect(fromCli.outcome).toBe(fromAction.outcome);
    expect(fromCli.metrics).toEqual(fromAction.metrics);
    expect(fromCli.gates.map((gate: { status: string }) => gate.status)).toEqual(
      fromAction.gates.map((gate: { status: string }) => gate.status),
    );
  });
});

describe('eval-gate action on bad input', () => {
  it('names the file, line and field of a malformed results line, with no stack trace', () => {
    const workspace = makeWorkspace({});
    writeFileSync(
      path.join(workspace, 'results.jsonl'),
      [
        '{"id": "a", "expected": "x", "predicted": "x"}',
        '{"id": "b", "expected": "y", "predicted": "y"}',
        '{"id": "c", "expected": "x", "predicted": ',
      ].join('\n'),
    );
    const run = runAction('eval-gate', workspace, { results: 'results.jsonl' });
    expect(run.exitCode).toBe(1);
    expect(run.annotations).toHaveLength(1);
    expect(run.annotations[0]).toMatchObject({ level: 'error', file: 'results.jsonl', line: 3 });
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);
    expect(run.outputs.outcome).toBeUndefined();
  });

  it('names the field when a value has the wrong type', () => {
    const workspace = makeWorkspace({});
    writeFileSync(
      path.join(workspace, 'results.jsonl'),
      '{"id": "a", "expected": 1.5, "predicted": 2, "latency_ms": "slow"}\n',
    );
    const run = runAction('eval-gate', workspace, { results: 'results.jsonl' });
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0]).toMatchObject({ file: 'results.jsonl', line: 1 });
    expect(run.annotations[0].message).toContain('latency_ms');
  });

  it('rejects a gates file with an unknown metric at its line, suggesting the right name', () => {
    const workspace = makeWorkspace({ 'eval/main.jsonl': 'examples/support-triage/eval/main.jsonl' });
    writeFileSync(
      path.join(workspace, 'gates.yml'),
      'gates:\n  - metric: accuracy\n    min: 0.5\n  - metric: f1_macr\n    min: 0.8\n',
    );
    const run = runAction('eval-gate', workspace, { results: 'eval/main.jsonl', gates: 'gates.yml' });
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0]).toMatchObject({ level: 'error', file: 'gates.yml', line: 4 });
    expect(run.annotations[0].message).toContain('unknown metric "f1_macr" (did you mean "f1_macro"?)');
  });

  it('rejects broken YAML and schema errors in the gates file with their line', () => {
    const workspace = makeWorkspace({ 'eval/main.jsonl': 'examples/support-triage/eval/main.jsonl' });
    writeFileSync(path.join(workspace, 'broken.yml'), 'gates:\n  - metric: accuracy\n    min: [0.5\n');
    writeFileSync(path.join(workspace, 'typo.yml'), 'gates:\n  - metric: accuracy\n    minimum: 0.5\n');
    const broken = runAction('eval-gate', workspace, { results: 'eval/main.jsonl', gates: 'broken.yml' });
    expect(broken.exitCode).toBe(1);
    expect(broken.annotations[0]).toMatchObject({ file: 'broken.yml' });
    expect(broken.annotations[0].message).toContain('invalid YAML');
    const typo = runAction('eval-gate', workspace, { results: 'eval/main.jsonl', gates: 'typo.yml' });
    expect(typo.exitCode).toBe(1);
    expect(typo.annotations[0]).toMatchObject({ file: 'typo.yml', line: 3 });
    expect(typo.annotations[0].message).toContain('unknown field "minimum"');
  });

  it('fails on a missing results file, an empty results file and an invalid input value', () => {
    const workspace = makeWorkspace({});
    writeFileSync(path.join(workspace, 'empty.jsonl'), '\n\n');
    const missing = runAction('eval-gate', workspace, { results: 'nope/*.jsonl' });
    expect(missing.exitCode).toBe(1);
    expect(missing.stdout).toContain('matches no file');
    const empty = runAction('eval-gate', workspace, { results: 'empty.jsonl' });
    expect(empty.exitCode).toBe(1);
    expect(empty.annotations[0]).toMatchObject({ level: 'error', file: 'empty.jsonl' });
    expect(empty.annotations[0].message).toMatch(/empty/);
    const badInput = runAction('eval-gate', workspace, { results: 'empty.jsonl', significance: 'high' });
    expect(badInput.exitCode).toBe(1);
    expect(badInput.stdout).toContain('Input "significance" must be a number');
  });

  it('rejects a label seen only in predictions, naming the line and field', () => {
    const workspace = makeWorkspace({});
    writeFileSync(
      path.join(workspace, 'results.jsonl'),
      '{"id": "a", "expected": "cat", "predicted": "cat"}\n{"id": "b", "expected": "dog", "predicted": "cow"}\n',
    );
    const run = runAction('eval-gate', workspace, { results: 'results.jsonl' });
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0]).toMatchObject({ file: 'results.jsonl', line: 2 });
    expect(run.annotations[0].message).toContain('predicted label "cow"');
  });
});
