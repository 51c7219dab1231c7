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

/** sklearn's average_precision_score of continuous scores (no ties): Σ over positives of the precision at them / P. */
function averagePrecisionOf(labels: number[], scores: number[], skip = -1): number {
  const order = scores.map((_, i) => i).filter((i) => i !== skip);
  order.sort((a, b) => scores[b] - scores[a]);
  let tp = 0;
  let sum = 0;
  order.forEach((i, rank) => {
    if (labels[i] === 1) sum += ++tp / (rank + 1);
  });
  return sum / tp;
}

/** The jackknife standard error of average precision: √((n − 1)/n · Σ (AP₍ᵢ₎ − mean)²), O(n²). */
function jackknifeError(labels: number[], scores: number[]): number {
  const leaveOut = labels.map((_, i) => averagePrecisionOf(labels, scores, i));
  const mean = leaveOut.reduce((s, v) => s + v, 0) / leaveOut.length;
  const n = labels.length;
  return Math.sqrt(((n - 1) / n) * leaveOut.reduce((s, v) => s + (v - mean) ** 2, 0));
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
    // Average precision: its influence function on the logit scale, whose standard error the jackknife matches.
    const labels = large.map((row) => Number(row.expected));
    const scores = large.map((row) => row.probability);
    const ap = averagePrecisionOf(labels, scores);
    expect(metrics.average_precision.value).toBeCloseTo(ap, 12);
    expect(metrics.average_precision.ciMethod).toBe('influence');
    const [apLower, apUpper] = metrics.average_precision.ci as [number, number];
    const logitHalfWidth = (Math.log(apUpper / (1 - apUpper)) - Math.log(apLower / (1 - apLower))) / 2;
    const influenceError = (logitHalfWidth / 1.959963984540054) * ap * (1 - ap);
    expect(Math.abs(influenceError / jackknifeError(labels, scores) - 1)).toBeLessThan(0.01);
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

describe('fairness metrics of a large run (dist/eval-gate/index.js)', () => {
  it('a cell bootstrap; cases without the tag are left out with a warning; rates are the hand counts', () => {
    const regions = ['north', 'south', 'east'];
    const data = rows(6000).map((row, i) => ({
      ...row,
      ...(i % 10 === 9 ? {} : { tags: { region: regions[i % 3] } }),
    }));
    const workspace = makeWorkspace({});
    writeFileSync(
      path.join(workspace, 'fair.jsonl'),
      data.map((row) => JSON.stringify(row)).join('\n') + '\n',
    );
    writeFileSync(
      path.join(workspace, 'gates.yml'),
      'positive-label: "1"\nfairness:\n  tag: region\ngates: []\n',
    );
    const run = runAction('eval-gate', workspace, {
      results: 'fair.jsonl',
      gates: 'gates.yml',
      'report-path': 'fair.json',
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(
      '600 of 6000 cases have no "region" tag: they are left out of the fairness metrics',
    );
    const { metrics, fairness } = JSON.parse(readFileSync(run.outputs.report, 'utf8'));
    const rates = regions.map((region) => {
      const members = data.filter((row) => 'tags' in row && row.tags?.region === region);
      const selected = members.filter((row) => row.predicted === '1').length;
      return { value: region, cases: members.length, selectionRate: selected / members.length };
    });
    expect(
      fairness.groups.map((g: { value: string; cases: number; selectionRate: number }) => ({
        value: g.value,
        cases: g.cases,
        selectionRate: g.selectionRate,
      })),
    ).toEqual(rates);
    const spread =
      Math.max(...rates.map((r) => r.selectionRate)) - Math.min(...rates.map((r) => r.selectionRate));
    expect(metrics.demographic_parity_difference.value).toBeCloseTo(spread, 12);
    for (const name of [
      'demographic_parity_difference',
      'equalized_odds_difference',
      'disparate_impact_ratio',
    ])
      expect(metrics[name].ciMethod).toBe('cell-bootstrap');
  });
});
