/**
 * End to end: aggregate-only results (the real lm-eval results_*.json files and Every Eval Ever aggregate records)
 * through dist/eval-gate with `format: auto`, gated on the reported metrics with value ± z·SE intervals and z-tests
 * against a baseline, then rendered by dist/pr-eval-comment. Expected numbers come from aggregate_facts.py
 * (Python's json and statistics.NormalDist, none of mlgate's code).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { formatInterval, formatNumber } from '@mlgate/core';
import { makeWorkspace, readEvalReportFile, repoRoot, runAction, type ActionRun } from './runner.js';

const REAL = 'test/fixtures/real';
const GSM8K = 'results_llama3-8b-instruct_gsm8k-cot-llama_2024-08-25.json';
const MASAKHANER = 'results_gemma-2b_masakhaner-luo_2026-01-16.json';
const STRICT = 'gsm8k_cot_llama/exact_match,strict-match';
const FLEXIBLE = 'gsm8k_cot_llama/exact_match,flexible-extract';

const python = (...args: string[]) =>
  JSON.parse(
    execFileSync(
      'python3',
      [path.join(repoRoot, 'packages/eval/test/importers/aggregate_facts.py'), ...args],
      {
        encoding: 'utf8',
      },
    ),
  );
const readReport = (run: ActionRun) => readEvalReportFile(run.outputs.report);
const gates = (workspace: string, text: string) => writeFileSync(path.join(workspace, 'gates.yml'), text);
const statuses = (report: { gates: { metric: string; kind: string; status: string }[] }) =>
  report.gates.map((gate) => [gate.metric, gate.kind, gate.status]);

/** A copy of the real gsm8k results where the baseline run scored `by` more on strict-match. */
function betterBaseline(workspace: string, by: number): string {
  const document = JSON.parse(readFileSync(path.join(workspace, 'eval', GSM8K), 'utf8'));
  document.results.gsm8k_cot_llama['exact_match,strict-match'] += by;
  const file = path.join(workspace, 'baseline', GSM8K);
  execFileSync('mkdir', ['-p', path.dirname(file)]);
  writeFileSync(file, JSON.stringify(document, null, 2));
  return file;
}

describe('eval-gate on aggregate-only results (dist/eval-gate/index.js)', () => {
  it('lm-eval results_*.json: format auto, value ± z·stderr as Python computes it, thresholds decide', () => {
    const workspace = makeWorkspace({ [`eval/${GSM8K}`]: `${REAL}/lm-eval/${GSM8K}` });
    gates(workspace, `gates:\n  - metric: ${STRICT}\n    min: 0.75\n  - metric: ${FLEXIBLE}\n    min: 0.8\n`);
    const run = runAction('eval-gate', workspace, {
      results: `eval/${GSM8K}`,
      gates: 'gates.yml',
      baseline: '',
    });
    const report = readReport(run);
    const facts = python('metrics', path.join(workspace, 'eval', GSM8K));
    expect(report.schemaVersion).toBe('1.3');
    expect(report.aggregate).toEqual({ tools: ['lm-eval'], models: ['meta-llama/Meta-Llama-3-8B-Instruct'] });
    expect(report.sources).toEqual([expect.objectContaining({ format: 'lm-eval', rows: 0 })]);
    expect(report.cases).toEqual([]);
    expect(report.caseDiff).toBeUndefined();
    for (const name of [STRICT, FLEXIBLE]) {
      expect(report.metrics[name]).toMatchObject({ value: facts[name].value, stderr: facts[name].stderr });
      expect(report.metrics[name].ci![0]).toBeCloseTo(facts[name].lower, 12);
      expect(report.metrics[name].ci![1]).toBeCloseTo(facts[name].upper, 12);
    }
    // strict 0.7726 ≥ 0.75 passes; flexible 0.7779 < 0.8 fails.
    expect(statuses(report)).toEqual([
      [STRICT, 'threshold', 'pass'],
      [FLEXIBLE, 'threshold', 'fail'],
    ]);
    expect(run.exitCode).toBe(1);
    expect(run.summary).toContain('aggregate: reported by lm-eval');
    expect(run.summary).toContain('± stderr');
    expect(run.summary).not.toContain('Cases vs baseline');
    expect(run.annotations).toContainEqual(
      expect.objectContaining({
        level: 'error',
        file: 'gates.yml',
        line: 4,
        message: expect.stringContaining(FLEXIBLE),
      }),
    );
  });

  it('against a baseline: a report of the earlier run or its results file, z-test p as Python computes it', () => {
    const workspace = makeWorkspace({ [`eval/${GSM8K}`]: `${REAL}/lm-eval/${GSM8K}` });
    const baselineFile = betterBaseline(workspace, 0.04);
    gates(
      workspace,
      `gates:\n  - metric: ${STRICT}\n    max-drop: 0.01\n  - metric: ${FLEXIBLE}\n    max-drop: 0.01\n`,
    );
    // The earlier run's own report is the baseline, as baseline: auto would restore it.
    const earlier = runAction('eval-gate', workspace, {
      results: 'baseline/*.json',
      'report-path': 'reports/main.json',
      baseline: '',
    });
    expect(earlier.exitCode).toBe(0);
    const facts = python('compare', path.join(workspace, 'eval', GSM8K), baselineFile, STRICT);
    for (const baseline of ['reports/main.json', `baseline/${GSM8K}`]) {
      const run = runAction('eval-gate', workspace, {
        results: `eval/${GSM8K}`,
        gates: 'gates.yml',
        baseline,
        'report-path': `reports/${path.basename(baseline)}-pr.json`,
      });
      const report = readReport(run);
      expect(statuses(report)).toEqual([
        [STRICT, 'baseline', 'fail'],
        [FLEXIBLE, 'baseline', 'pass'],
      ]);
      expect(report.gates[0]).toMatchObject({ test: 'z-test' });
      expect(report.gates[0].delta).toBeCloseTo(facts.delta, 12);
      expect(report.gates[0].pValue).toBeCloseTo(facts.p, 6);
      expect(run.exitCode).toBe(1);
    }
    // A drop of 0.015 (allowed 0.01) is not significant with these standard errors: inconclusive, not a failure.
    betterBaseline(workspace, 0.015);
    const close = runAction('eval-gate', workspace, {
      results: `eval/${GSM8K}`,
      gates: 'gates.yml',
      baseline: `baseline/${GSM8K}`,
    });
    const closeFacts = python('compare', path.join(workspace, 'eval', GSM8K), baselineFile, STRICT);
    expect(readReport(close).gates[0]).toMatchObject({ status: 'inconclusive' });
    expect(readReport(close).gates[0].pValue).toBeCloseTo(closeFacts.p, 6);
    expect(close.exitCode).toBe(0);
  });

  it('"N/A" stderr: the threshold decides, the baseline comparison is inconclusive and says why', () => {
    const workspace = makeWorkspace({ [`eval/${MASAKHANER}`]: `${REAL}/lm-eval/${MASAKHANER}` });
    const name = 'masakhaner_luo_prompt_1/f1,flexible-extract';
    const document = JSON.parse(readFileSync(path.join(workspace, 'eval', MASAKHANER), 'utf8'));
    document.results.masakhaner_luo_prompt_1['f1,flexible-extract'] = 0.09;
    writeFileSync(path.join(workspace, 'main.json'), JSON.stringify(document));
    gates(workspace, `gates:\n  - metric: ${name}\n    min: 0.05\n    max-drop: 0.01\n`);
    const run = runAction('eval-gate', workspace, {
      results: `eval/${MASAKHANER}`,
      gates: 'gates.yml',
      baseline: 'main.json',
      'fail-on': 'inconclusive',
    });
    const report = readReport(run);
    expect(report.metrics[name]).toMatchObject({ stderr: null, samples: 185 });
    expect(report.metrics[name].ci).toBeUndefined();
    expect(statuses(report)).toEqual([
      [name, 'threshold', 'pass'],
      [name, 'baseline', 'inconclusive'],
    ]);
    expect(report.gates[1].message).toMatch(/standard error "N\/A"/);
    expect(report.inconclusiveReason).toBe('undecided');
    expect(run.exitCode).toBe(1); // fail-on: inconclusive
  });

  it('Every Eval Ever aggregate records (schema 0.2.0 and 0.2.2): format auto, thresholds on the scores', () => {
    const workspace = makeWorkspace({
      'eee/hal.json': `${REAL}/eee/hal-gaia-o4-mini-schema-0.2.2.json`,
      'eee/hf.json': `${REAL}/eee/hfopenllm-v2-llama-pro-8b-instruct-schema-0.2.0.json`,
    });
    gates(workspace, 'gates:\n  - metric: GAIA\n    min: 0.6\n  - metric: IFEval\n    min: 0.4\n');
    const run = runAction('eval-gate', workspace, {
      results: 'eee/*.json',
      gates: 'gates.yml',
      baseline: '',
    });
    const report = readReport(run);
    const facts = {
      ...python('metrics', path.join(workspace, 'eee/hal.json')),
      ...python('metrics', path.join(workspace, 'eee/hf.json')),
    };
    expect(report.sources.map((source: { format: string }) => source.format)).toEqual([
      'every-eval-ever',
      'every-eval-ever',
    ]);
    expect(Object.keys(report.metrics).sort()).toEqual(Object.keys(facts).sort());
    for (const [name, fact] of Object.entries<{ value: number }>(facts))
      expect(report.metrics[name]).toMatchObject({ value: fact.value, stderr: null });
    expect(report.aggregate?.tools).toEqual(['Every Eval Ever']);
    // GAIA 0.5818 < 0.6 fails; IFEval 0.4486 ≥ 0.4 passes.
    expect(statuses(report)).toEqual([
      ['GAIA', 'threshold', 'fail'],
      ['IFEval', 'threshold', 'pass'],
    ]);
    expect(run.exitCode).toBe(1);
  });

  it('a case-level results file beside an aggregate one is refused, naming both; a malformed metric names its line', () => {
    const workspace = makeWorkspace({
      [`eval/${GSM8K}`]: `${REAL}/lm-eval/${GSM8K}`,
      'eval/samples.jsonl': `${REAL}/eee/helm-mmlu-gpt2-instances-schema-0.2.1.jsonl`,
    });
    const mixed = runAction('eval-gate', workspace, { results: 'eval/*', baseline: '' });
    expect(mixed.exitCode).toBe(1);
    expect(mixed.annotations[0].message).toMatch(
      /eval\/samples.jsonl holds cases but eval\/results_.*only aggregate metrics/,
    );
    const text = readFileSync(path.join(workspace, 'eval', GSM8K), 'utf8').replace(
      '"exact_match,flexible-extract": 0.7778620166793025',
      '"exact_match,flexible-extract": "0.78 (approx)"',
    );
    writeFileSync(path.join(workspace, 'results_bad.json'), text);
    const line = text.split('\n').findIndex((row) => row.includes('0.78 (approx)')) + 1;
    const bad = runAction('eval-gate', workspace, { results: 'results_bad.json', baseline: '' });
    expect(bad.exitCode).toBe(1);
    expect(bad.annotations[0]).toMatchObject({ level: 'error', file: 'results_bad.json', line });
    expect(bad.annotations[0].message).toMatch(
      /results\.gsm8k_cot_llama\.exact_match,flexible-extract must be a number/,
    );
  });
});

describe('pr-eval-comment on an aggregate report (dist/pr-eval-comment/index.js)', () => {
  it('says who reported the metrics and ± stderr, shows the gates, and has no case sections', () => {
    const workspace = makeWorkspace({ [`eval/${GSM8K}`]: `${REAL}/lm-eval/${GSM8K}` });
    betterBaseline(workspace, 0.04);
    gates(workspace, `gates:\n  - metric: ${STRICT}\n    max-drop: 0.01\n`);
    runAction('eval-gate', workspace, {
      results: 'baseline/*.json',
      'report-path': 'main.json',
      baseline: '',
    });
    const gate = runAction('eval-gate', workspace, {
      results: `eval/${GSM8K}`,
      gates: 'gates.yml',
      baseline: 'main.json',
    });
    const run = runAction(
      'pr-eval-comment',
      workspace,
      { report: gate.outputs.report, mode: 'summary-only' },
      { GITHUB_EVENT_NAME: 'push' },
    );
    expect(run.exitCode).toBe(0);
    const body = readFileSync(run.outputs['body-path'], 'utf8');
    expect(body).toContain('mlgate eval-gate: fail');
    expect(body).toContain(
      'aggregate: reported by lm-eval (`meta-llama/Meta-Llama-3-8B-Instruct`), ± stderr',
    );
    expect(body).toContain('2 metrics, no cases');
    // The gate's row: baseline, this PR, the drop and the z-test's p as Python computes it (names Markdown-escaped).
    const facts = python(
      'compare',
      path.join(workspace, 'eval', GSM8K),
      path.join(workspace, 'baseline', GSM8K),
      STRICT,
    );
    const row = body.split('\n').find((line) => line.startsWith(`| ${STRICT.replace(/_/g, '\\_')} |`));
    // Table cells keep their numbers on one line with no-break spaces.
    const cells = (row ?? '').replace(/\u00a0/g, ' ').split(' | ');
    const metric = python('metrics', path.join(workspace, 'eval', GSM8K))[STRICT];
    expect(cells.slice(1, 3)).toEqual([formatNumber(metric.value + 0.04), formatNumber(metric.value)]);
    expect(cells[3]).toMatch(/-0\.04 worsened/);
    expect(cells.slice(4, 6)).toEqual([formatInterval([metric.lower, metric.upper]), facts.p.toFixed(3)]);
    expect(body).not.toMatch(/Cases vs baseline|Regressed|Improved/);
  });
});
