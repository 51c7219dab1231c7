import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemoryLogger, type EvalReport } from '@mlgate/core';
import { loadGatesFile, runEvalGate } from '@mlgate/eval';
import { parse } from 'yaml';
import { latencyBudget, proposeGate, proposeGates, renderGatesYaml } from '../../src/init/propose-gates.js';

const dir = mkdtempSync(path.join(tmpdir(), 'mlgate-init-gates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeJsonl(name: string, rows: object[]): string {
  writeFileSync(path.join(dir, name), rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
  return name;
}

async function evaluate(results: string, options: { gates?: string; baseline?: string } = {}) {
  const logger = new MemoryLogger();
  const report = await runEvalGate(
    {
      results: [results],
      format: 'auto',
      task: 'auto',
      significance: 0.05,
      workspace: dir,
      context: {},
      ...options,
    },
    logger,
  );
  return { report, logger };
}

/** 300 tickets over three classes, wrong on a fixed pattern, each with a faithfulness score. */
const LABELS = ['billing', 'account', 'technical'];
const tickets = Array.from({ length: 300 }, (_, i) => {
  const expected = LABELS[i % 3];
  // Every 7th case is wrong (predicted as the next class), every 11th billing case as "technical".
  const predicted =
    i % 7 === 0 ? LABELS[(i + 1) % 3] : i % 11 === 0 && expected === 'billing' ? 'technical' : expected;
  return { id: `t${i}`, expected, predicted, scores: { faithfulness: 0.5 + ((i * 37) % 50) / 100 } };
});

/** Accuracy, macro F1 and the faithfulness mean by counting, independently of mlgate's metrics. */
function expectedMetrics(rows: typeof tickets) {
  const correct = rows.filter((row) => row.expected === row.predicted).length;
  const f1s = LABELS.map((label) => {
    const tp = rows.filter((row) => row.expected === label && row.predicted === label).length;
    const predicted = rows.filter((row) => row.predicted === label).length;
    const actual = rows.filter((row) => row.expected === label).length;
    const precision = predicted ? tp / predicted : 0;
    const recall = actual ? tp / actual : 0;
    return precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  });
  return {
    accuracy: correct / rows.length,
    f1_macro: f1s.reduce((sum, f1) => sum + f1, 0) / f1s.length,
    faithfulness: rows.reduce((sum, row) => sum + row.scores.faithfulness, 0) / rows.length,
  };
}

/** A readable number: at most `decimals` decimals. */
const readable = (value: number, decimals: number) => Number(value.toFixed(decimals)) === value;

describe('proposeGate', () => {
  it('puts min below the lower end of the interval, rounded down to the unit of the margin', () => {
    const gate = proposeGate('accuracy', 0.8733, [0.8467, 0.8983], true);
    // margin 0.0266 → unit 0.01 → 0.8467 rounded down; half the margin (0.0133) to one digit.
    expect(gate).toMatchObject({ min: 0.84, maxDrop: 0.01, marginFrom: 'interval' });
    expect(gate.max).toBeUndefined();
  });

  it('puts max above the upper end for lower-is-better metrics', () => {
    const gate = proposeGate('rmse', 12.3, [10.9, 13.8], false);
    // margin 1.5 → unit 1 → 13.8 rounded up to 14; half the margin 0.75 → 0.7.
    expect(gate).toMatchObject({ max: 14, maxDrop: 0.7 });
    expect(gate.min).toBeUndefined();
  });

  it('keeps a threshold on a whole unit where it falls, never rounding past today’s value', () => {
    // 0.9 - 0.06 = 0.84 exactly: 0.84 / 0.01 is 83.999… in floating point, and 0.84 stays 0.84.
    expect(proposeGate('accuracy', 0.9, [0.84, 0.95], true).min).toBe(0.84);
  });

  it('uses 1% of the value when the interval is empty or missing (a perfect score)', () => {
    expect(proposeGate('accuracy', 1, [1, 1], true)).toMatchObject({
      min: 0.99,
      maxDrop: 0.005,
      marginFrom: 'value',
    });
    expect(proposeGate('mae', 0, undefined, false)).toMatchObject({ max: 0.01, marginFrom: 'value' });
  });
});

describe('proposeGates on a classification run', () => {
  const results = writeJsonl('results.jsonl', tickets);
  let report: EvalReport;
  let gatesFile: string;

  it('gates accuracy, macro F1 and the grader score at today’s values, computed independently', async () => {
    ({ report } = await evaluate(results));
    const proposal = proposeGates(report);
    const expected = expectedMetrics(tickets);
    expect(proposal.task).toBe('multiclass');
    expect(proposal.gates.map((gate) => gate.metric)).toEqual(['accuracy', 'f1_macro', 'faithfulness']);
    for (const gate of proposal.gates) {
      expect(gate.value).toBeCloseTo(expected[gate.metric as keyof typeof expected], 12);
      const [lower] = gate.interval!;
      expect(gate.higherIsBetter).toBe(true);
      // Below today's value and beyond the interval's lower end, by less than one unit of rounding.
      expect(gate.min!).toBeLessThan(gate.value);
      expect(gate.min!).toBeLessThanOrEqual(lower);
      expect(lower - gate.min!).toBeLessThan(10 ** Math.floor(Math.log10(gate.value - lower)));
      expect(readable(gate.min!, 3)).toBe(true);
      expect(gate.maxDrop).toBeGreaterThan(0);
      expect(gate.maxDrop).toBeLessThan(gate.value - lower);
    }
  });

  it('writes a gates file the real loader accepts, with where each number came from', async () => {
    const proposal = proposeGates(report);
    const text = renderGatesYaml(proposal, 'eval/results.jsonl');
    gatesFile = 'gates.yml';
    writeFileSync(path.join(dir, gatesFile), text);
    const config = await loadGatesFile(path.join(dir, gatesFile), '.mlgate/gates.yml');
    expect(config.significance).toBe(0.05);
    expect(
      config.gates.map(({ metric, min, max, maxDrop, severity }) => ({
        metric,
        min,
        max,
        maxDrop,
        severity,
      })),
    ).toEqual(
      proposal.gates.map((gate) => ({
        metric: gate.metric,
        min: gate.min,
        max: undefined,
        maxDrop: gate.maxDrop,
        severity: 'error',
      })),
    );
    const accuracy = proposal.gates[0];
    expect(text).toContain(
      `accuracy today: ${Number(accuracy.value.toPrecision(4))}, 95% bootstrap interval [`,
    );
    expect(text).toContain('https://github.com/OWNER/mlgate/blob/v1/docs/eval-gate.md');
    expect(text).toContain('from eval/results.jsonl (300 cases, multiclass task)');
    // Comments only: the data is exactly the gates.
    expect(Object.keys(parse(text))).toEqual(['significance', 'gates']);
  });

  it('passes on the same results: thresholds pass, baseline gates wait for a baseline', async () => {
    const { report: gated, logger } = await evaluate(results, { gates: gatesFile });
    expect(logger.lines.filter((line) => line.level === 'warning' || line.level === 'error')).toEqual([]);
    const thresholds = gated.gates.filter((gate) => gate.kind === 'threshold');
    expect(thresholds).toHaveLength(3);
    expect(thresholds.every((gate) => gate.status === 'pass')).toBe(true);
    const baselines = gated.gates.filter((gate) => gate.kind === 'baseline');
    expect(baselines.map((gate) => gate.status)).toEqual(['inconclusive', 'inconclusive', 'inconclusive']);
    expect(gated.outcome).toBe('inconclusive');
  });

  it('passes against itself as the baseline, and fails a clear regression', async () => {
    const same = await evaluate(results, { gates: gatesFile, baseline: results });
    expect(same.report.outcome).toBe('pass');
    // Every third case turned wrong: accuracy falls below min and drops significantly.
    const worse = writeJsonl(
      'worse.jsonl',
      tickets.map((row, i) => (i % 3 === 1 ? { ...row, predicted: LABELS[(i + 1) % 3] } : row)),
    );
    const regressed = await evaluate(worse, { gates: gatesFile, baseline: results });
    expect(regressed.report.outcome).toBe('fail');
    const accuracyGates = regressed.report.gates.filter((gate) => gate.metric === 'accuracy');
    expect(accuracyGates.map((gate) => gate.status)).toEqual(['fail', 'fail']);
  });
});

describe('proposeGates on other tasks', () => {
  it('gates RMSE and MAE of a regression with a max above today’s value', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => ({
      id: i,
      expected: i * 1.5,
      predicted: i * 1.5 + ((i % 5) - 2) * 0.75,
    }));
    const { report } = await evaluate(writeJsonl('regression.jsonl', rows));
    const errors = rows.map((row) => row.predicted - row.expected);
    const expected = {
      mae: errors.reduce((sum, e) => sum + Math.abs(e), 0) / rows.length,
      rmse: Math.sqrt(errors.reduce((sum, e) => sum + e * e, 0) / rows.length),
    };
    const proposal = proposeGates(report);
    expect(proposal.gates.map((gate) => gate.metric)).toEqual(['rmse', 'mae']);
    for (const gate of proposal.gates) {
      expect(gate.value).toBeCloseTo(expected[gate.metric as 'rmse' | 'mae'], 12);
      expect(gate.higherIsBetter).toBe(false);
      expect(gate.max!).toBeGreaterThan(gate.value);
      expect(gate.max!).toBeGreaterThanOrEqual(gate.interval![1]);
    }
    const text = renderGatesYaml(proposal, 'regression.jsonl');
    writeFileSync(path.join(dir, 'regression-gates.yml'), text);
    const gated = await evaluate('regression.jsonl', {
      gates: 'regression-gates.yml',
      baseline: 'regression.jsonl',
    });
    expect(gated.report.outcome).toBe('pass');
  });

  it('gates accuracy and the positive class’s F1 of a binary task', async () => {
    const rows = Array.from({ length: 80 }, (_, i) => ({
      id: i,
      expected: i % 2,
      predicted: i % 10 === 0 ? 1 - (i % 2) : i % 2,
    }));
    const { report } = await evaluate(writeJsonl('binary.jsonl', rows));
    const proposal = proposeGates(report);
    // 8 of 80 wrong, all of them expected 0: predicted 1 for 8 of 40 negatives; every positive found.
    expect(proposal.gates.map((gate) => [gate.metric, gate.value])).toEqual([
      ['accuracy', 0.9],
      ['f1', expect.closeTo((2 * (40 / 48) * 1) / (40 / 48 + 1), 12)],
    ]);
  });

  it('gates the pass rate and every grader score of a scores task, and notes a small run', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({
      id: `q${i}`,
      pass: i % 4 !== 0,
      scores: { relevance: (i % 10) / 10, faithfulness: 0.9 },
    }));
    const { report } = await evaluate(writeJsonl('scores.jsonl', rows));
    const proposal = proposeGates(report);
    expect(proposal.gates.map((gate) => [gate.metric, gate.value])).toEqual([
      ['pass_rate', 0.75],
      ['faithfulness', 0.9],
      ['relevance', expect.closeTo(0.45, 12)],
    ]);
    // faithfulness never varies: its interval is empty, so the margin is 1% of the value.
    expect(proposal.gates[1]).toMatchObject({ marginFrom: 'value', min: 0.891 });
    const text = renderGatesYaml(proposal, 'scores.jsonl');
    expect(text).toContain('Only 20 cases: a baseline comparison needs 30 shared cases');
    writeFileSync(path.join(dir, 'scores-gates.yml'), text);
    expect(
      (await evaluate('scores.jsonl', { gates: 'scores-gates.yml' })).report.gates.filter(
        (g) => g.status === 'fail',
      ),
    ).toEqual([]);
  });

  it('budgets latency at today’s p95 plus a quarter, rounded up', () => {
    expect(latencyBudget(606)).toEqual({ value: 606, max: 800 });
    expect(latencyBudget(80)).toEqual({ value: 80, max: 100 });
  });

  it('offers a warn-only latency budget, commented out, that loads once uncommented', async () => {
    const rows = tickets.slice(0, 60).map((row, i) => ({ ...row, latency_ms: 200 + ((i * 13) % 40) * 10 }));
    const { report } = await evaluate(writeJsonl('latency.jsonl', rows));
    const proposal = proposeGates(report);
    expect(proposal.latency!.max).toBeGreaterThan(proposal.latency!.value);
    const text = renderGatesYaml(proposal, 'latency.jsonl');
    expect(parse(text).gates.map((gate: { metric: string }) => gate.metric)).not.toContain('latency_p95_ms');
    const uncommented = text.replace(/^# {3}/gm, '  ');
    writeFileSync(path.join(dir, 'latency-gates.yml'), uncommented);
    const config = await loadGatesFile(path.join(dir, 'latency-gates.yml'));
    expect(config.gates.at(-1)).toMatchObject({
      metric: 'latency_p95_ms',
      max: proposal.latency!.max,
      severity: 'warn',
    });
  });
});
