/**
 * End to end: which interval method the bundled eval-gate action uses, and the DeLong interval it reports, checked
 * against DeLong's O(m·n) definition computed here from the same JSONL file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { makeWorkspace, runAction, type ActionRun } from './runner.js';

interface Row {
  id: string;
  expected: string;
  predicted: string;
  probability: number;
  scores: { helpfulness: number };
}

/** n binary cases with continuous scores (no ties to speak of), seeded. */
function rows(n: number): Row[] {
  let state = 2026;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: n }, (_, i) => {
    const positive = random() < 0.3;
    const probability = Math.min(0.999, Math.max(0.001, (positive ? 0.62 : 0.38) + (random() - 0.5) * 0.7));
    return {
      id: `c${i}`,
      expected: positive ? '1' : '0',
      predicted: probability >= 0.5 ? '1' : '0',
      probability,
      scores: { helpfulness: random() },
    };
  });
}

function delongDefinition(data: Row[]) {
  const x = data.filter((row) => row.expected === '1').map((row) => row.probability);
  const y = data.filter((row) => row.expected === '0').map((row) => row.probability);
  const psi = (a: number, b: number) => (a > b ? 1 : a === b ? 0.5 : 0);
  const v10 = x.map((a) => y.reduce((s, b) => s + psi(a, b), 0) / y.length);
  const v01 = y.map((b) => x.reduce((s, a) => s + psi(a, b), 0) / x.length);
  const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
  const variance = (v: number[]) => {
    const m = mean(v);
    return v.reduce((s, a) => s + (a - m) ** 2, 0) / (v.length - 1);
  };
  return { auc: mean(v10), se: Math.sqrt(variance(v10) / x.length + variance(v01) / y.length) };
}

describe('eval-gate intervals by method (dist/eval-gate/index.js)', () => {
  const large = rows(6000);
  let workspace: string;
  let largeRun: ActionRun;
  let smallRun: ActionRun;
  const report = (run: ActionRun) => JSON.parse(readFileSync(run.outputs.report, 'utf8'));

  beforeAll(() => {
    workspace = makeWorkspace({});
    const write = (file: string, data: Row[]) =>
      writeFileSync(path.join(workspace, file), data.map((row) => JSON.stringify(row)).join('\n') + '\n');
    write('large.jsonl', large);
    write('small.jsonl', large.slice(0, 800));
    largeRun = runAction('eval-gate', workspace, { results: 'large.jsonl', 'report-path': 'large.json' });
    smallRun = runAction('eval-gate', workspace, { results: 'small.jsonl', 'report-path': 'small.json' });
  });

  it('from 5,000 cases: DeLong for ROC AUC, equal to the definition, normal for means, cells for the confusion matrix', () => {
    expect(largeRun.exitCode).toBe(0);
    const { metrics, bootstrap } = report(largeRun);
    expect(bootstrap).toEqual({ resamples: 1000, seed: 20240517, level: 0.95 });
    const expected = delongDefinition(large);
    expect(metrics.roc_auc.value).toBeCloseTo(expected.auc, 12);
    expect(metrics.roc_auc.ciMethod).toBe('delong');
    // On the logit scale: logit(AUC) ± z·se/(AUC·(1 − AUC)), mapped back.
    const logit = Math.log(expected.auc / (1 - expected.auc));
    const spread = (1.959963984540054 * expected.se) / (expected.auc * (1 - expected.auc));
    expect(metrics.roc_auc.ci[0]).toBeCloseTo(1 / (1 + Math.exp(-(logit - spread))), 10);
    expect(metrics.roc_auc.ci[1]).toBeCloseTo(1 / (1 + Math.exp(-(logit + spread))), 10);
    const helpfulness = large.map((row) => row.scores.helpfulness);
    const mean = helpfulness.reduce((s, v) => s + v, 0) / helpfulness.length;
    const sd = Math.sqrt(helpfulness.reduce((s, v) => s + (v - mean) ** 2, 0) / (helpfulness.length - 1));
    expect(metrics.helpfulness.ciMethod).toBe('normal');
    expect(metrics.helpfulness.ci[0]).toBeCloseTo(mean - (1.959963984540054 * sd) / Math.sqrt(6000), 10);
    expect(metrics.accuracy.ciMethod).toBe('cell-bootstrap');
    expect(metrics.log_loss.ciMethod).toBe('normal');
    expect(metrics.ece.ciMethod).toBe('binned-bootstrap');
    // Continuous scores have no cells: average precision is still resampled case by case.
    expect(metrics.average_precision.ciMethod).toBe('case-bootstrap');
    expect(metrics.error_rate.ciMethod).toBe('wilson');
    expect(largeRun.stderr + largeRun.stdout).toMatch(
      /metrics with intervals in \d+ ms \(.*1 delong.*seed 20240517\)/,
    );
  });

  it('below 5,000 cases: bootstraps, but DeLong for ROC AUC', () => {
    expect(smallRun.exitCode).toBe(0);
    const { metrics } = report(smallRun);
    expect(metrics.roc_auc.ciMethod).toBe('delong');
    expect(metrics.accuracy.ciMethod).toBe('cell-bootstrap');
    expect(metrics.helpfulness.ciMethod).toBe('case-bootstrap');
    expect(metrics.log_loss.ciMethod).toBe('case-bootstrap');
    const small = delongDefinition(large.slice(0, 800));
    const [lower, upper] = metrics.roc_auc.ci;
    expect(lower).toBeLessThan(small.auc);
    expect(upper).toBeGreaterThan(small.auc);
    // The logit interval's half-widths average about z·se.
    expect(Math.abs((upper - lower) / (2 * 1.959963984540054 * small.se) - 1)).toBeLessThan(0.02);
  });
});
