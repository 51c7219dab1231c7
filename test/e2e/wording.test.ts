/**
 * End to end: what a reader is told about changes, through the bundles (eval-gate, pr-eval-comment, validate-data,
 * the CLI). A change is "worsened" or "improved" by its effect on quality, with a red or green marker, and the
 * change is written as a signed number, for metrics of both directions: accuracy (higher is better), brier and
 * latency (lower is better) and a grader's own score that the gates bound from above (lower is better).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { makeWorkspace, runAction, runCli, type ActionRun } from './runner.js';

const N = 400;

/**
 * Binary results: case i has label yes on odd i; the first `wrong` cases are predicted wrong with P(yes) 0.3/0.7,
 * the others right with 0.8/0.2. So accuracy = 1 - wrong/N and brier = ((N - wrong)·0.04 + wrong·0.49) / N.
 */
function results(wrong: number, toxicity: (i: number) => number, latencyMs: number): string {
  const rows = [];
  for (let i = 0; i < N; i++) {
    const yes = i % 2 === 1;
    const right = i >= wrong;
    const pYes = right ? (yes ? 0.8 : 0.2) : yes ? 0.3 : 0.7;
    rows.push(
      JSON.stringify({
        id: `case-${i}`,
        expected: yes ? 'yes' : 'no',
        predicted: pYes >= 0.5 ? 'yes' : 'no',
        probability: { yes: pYes, no: Number((1 - pYes).toFixed(2)) },
        scores: { toxicity: toxicity(i) },
        latency_ms: latencyMs,
      }),
    );
  }
  return `${rows.join('\n')}\n`;
}

const accuracy = (wrong: number) => 1 - wrong / N;
const brier = (wrong: number) => ((N - wrong) * 0.04 + wrong * 0.49) / N;

const GATES = [
  'gates:',
  '  - metric: accuracy',
  '    max-drop: 0.02',
  '  - metric: brier',
  '    max-drop: 0.01',
  '  - metric: toxicity',
  '    max: 0.5',
  '  - metric: toxicity',
  '    max-drop: 0.01',
  '',
].join('\n');

/** The rows of the first Markdown table under `heading` in a job summary, as cells. */
function tableAfter(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const lines = markdown.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith('|')) break;
    // Cells as a reader sees them: Markdown escapes removed, non-breaking spaces as spaces.
    rows.push(
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) =>
          cell
            .trim()
            .replace(/\\(?=[_*])/g, '')
            .replace(/\u00A0/g, ' '),
        ),
    );
  }
  return [rows[0], ...rows.slice(2)];
}

const row = (table: string[][], name: string) => {
  const found = table.find((cells) => cells[0] === name || cells[1] === name);
  expect(found).toBeDefined();
  return Object.fromEntries(table[0].map((header, i) => [header, found![i]]));
};

/** Words and markers of the old wording, which said a rise of a lower-is-better metric with a down arrow. */
const OLD_WORDING = /▲|▼|dropped by|Δ/;

describe('direction-aware wording through the bundles', () => {
  let workspace: string;
  let worse: ActionRun;
  let better: ActionRun;

  beforeAll(() => {
    workspace = makeWorkspace({});
    const write = (name: string, text: string) => writeFileSync(path.join(workspace, name), text);
    write('gates.yml', GATES);
    write(
      'main.jsonl',
      results(40, () => 0.1, 500),
    );
    write(
      'worse.jsonl',
      results(80, (i) => (i < 200 ? 0.2 : 0.1), 700),
    );
    write(
      'better.jsonl',
      results(20, () => 0.05, 400),
    );
    const main = runAction('eval-gate', workspace, {
      results: 'main.jsonl',
      gates: 'gates.yml',
      'report-path': 'main.json',
    });
    expect(main.outputs.report).toBeTruthy();
    const run = (results: string, report: string) =>
      runAction('eval-gate', workspace, {
        results,
        gates: 'gates.yml',
        baseline: 'main.json',
        'report-path': report,
      });
    worse = run('worse.jsonl', 'worse.json');
    better = run('better.jsonl', 'better.json');
  });

  it('says a worse accuracy (it fell) and a worse brier (it rose) both worsened, with the signed change', () => {
    expect(worse.exitCode).toBe(1);
    const errors = worse.annotations.filter((annotation) => annotation.level === 'error');
    const message = (metric: string) =>
      errors.find((annotation) => annotation.message.startsWith(`${metric} `))!;
    // accuracy 0.9 → 0.8; brier 0.085 → 0.13 (+0.045); toxicity 0.1 → 0.15 (+0.05).
    expect(accuracy(40)).toBeCloseTo(0.9, 12);
    expect(brier(80) - brier(40)).toBeCloseTo(0.045, 12);
    expect(message('accuracy').message).toMatch(
      /^accuracy worsened from 0\.9 to 0\.8 \(-0\.1\), beyond the allowed worsening 0\.02; significant on 400 shared cases \(mcnemar, p < 0\.001\)$/,
    );
    expect(message('brier').message).toMatch(
      /^brier worsened from 0\.085 to 0\.13 \(\+0\.045\), beyond the allowed worsening 0\.01; significant on 400 shared cases \(paired-bootstrap, p [<=] 0\.0\d+\)$/,
    );
    expect(message('toxicity').message).toMatch(
      /^toxicity worsened from 0\.1 to 0\.15 \(\+0\.05\), beyond the allowed worsening 0\.01; significant/,
    );
    for (const annotation of worse.annotations) expect(annotation.message).not.toMatch(OLD_WORDING);
  });

  it('marks each change red or green by its effect in the job summary, never by its sign', () => {
    const gates = tableAfter(worse.summary, '### Gates');
    const gate = (metric: string) =>
      gates.find((cells) => cells[1] === metric && cells[2].startsWith('worsening'))!;
    const change = gates[0].indexOf('Change');
    expect(gate('accuracy')[change]).toBe('🔴 -0.1 worsened');
    expect(gate('brier')[change]).toBe('🔴 +0.045 worsened');
    expect(gate('toxicity')[change]).toBe('🔴 +0.05 worsened');

    const metrics = tableAfter(worse.summary, '### Metrics');
    expect(row(metrics, 'latency_p95_ms').Change).toBe('🔴 +200 worsened');
    expect(row(metrics, 'brier').Change).toBe('🔴 +0.045 worsened');
    // log_loss rose too: -ln 0.3 on 40 more cases instead of -ln 0.8.
    expect(row(metrics, 'log_loss').Change).toMatch(/^🔴 \+0\.\d+ worsened$/);

    const betterMetrics = tableAfter(better.summary, '### Metrics');
    expect(row(betterMetrics, 'accuracy').Change).toBe('🟢 +0.05 improved');
    // brier 0.085 → 0.0625: it fell, which is better.
    expect(brier(20) - brier(40)).toBeCloseTo(-0.0225, 12);
    expect(row(betterMetrics, 'brier').Change).toBe('🟢 -0.0225 improved');
    expect(row(betterMetrics, 'latency_p95_ms').Change).toBe('🟢 -100 improved');
    expect(row(betterMetrics, 'toxicity').Change).toBe('🟢 -0.05 improved');
    expect(better.exitCode).toBe(0);
    for (const summary of [worse.summary, better.summary]) expect(summary).not.toMatch(OLD_WORDING);
  });

  it('writes every interval "low – high" with both ends to the same decimals', () => {
    const metrics = tableAfter(worse.summary, '### Metrics');
    const ci = metrics[0].indexOf('95% CI');
    const intervals = metrics
      .slice(1)
      .map((cells) => cells[ci])
      .filter(Boolean);
    expect(intervals.length).toBeGreaterThan(3);
    for (const interval of intervals) {
      const match = /^(-?[\d,]+(?:\.(\d+))?) – (-?[\d,]+(?:\.(\d+))?)$/.exec(interval);
      expect({ interval, ok: match !== null }).toEqual({ interval, ok: true });
      expect({ interval, decimals: match![2]?.length ?? 0 }).toEqual({
        interval,
        decimals: match![4]?.length ?? 0,
      });
    }
  });

  it('says the verdict once in the step error line and the same words in the pull-request comment', () => {
    const failed = worse.stdout.split('\n').find((line) => line.startsWith('::error::eval-gate'))!;
    expect(failed).toMatch(
      /^::error::eval-gate fail: 1\/4 gates passed, 3 failed; accuracy 0\.8 — accuracy worsened/,
    );
    expect(failed).not.toMatch(/fail: fail|fail:.*fail:/);

    const comment = runAction('pr-eval-comment', workspace, {
      report: worse.outputs.report,
      mode: 'summary-only',
    });
    expect(comment.exitCode).toBe(0);
    // Table cells keep their words together with non-breaking spaces.
    const text = comment.summary.replace(/\u00A0/g, ' ');
    const gates = tableAfter(text, '| Metric |');
    const change = gates[0].indexOf('Change');
    const cell = (metric: string) =>
      gates.find((cells) => cells[0] === metric && cells.some((c) => c.startsWith('worsening')))![change];
    expect(cell('accuracy')).toBe('🔴 -0.1 worsened');
    expect(cell('brier')).toBe('🔴 +0.045 worsened');
    expect(cell('toxicity')).toBe('🔴 +0.05 worsened');
    expect(text).toContain('brier worsened from 0.085 to 0.13 (+0.045)');
    expect(text).not.toMatch(OLD_WORDING);
  });

  it('gives the CLI the same words', () => {
    const cli = runCli(
      [
        'eval-gate',
        '--results',
        'worse.jsonl',
        '--gates',
        'gates.yml',
        '--baseline',
        'main.json',
        '--report-path',
        'cli.json',
      ],
      workspace,
    );
    expect(cli.exitCode).toBe(1);
    expect(cli.stdout).toMatch(
      /^fail: 1\/4 gates passed, 3 failed; accuracy 0\.8 — accuracy worsened from 0\.9 to 0\.8 \(-0\.1\)/m,
    );
    expect(`${cli.stdout}${cli.stderr}`).toContain('brier worsened from 0.085 to 0.13 (+0.045)');
    expect(`${cli.stdout}${cli.stderr}`).not.toMatch(OLD_WORDING);
    const report = JSON.parse(readFileSync(path.join(workspace, 'cli.json'), 'utf8'));
    expect(report.metrics.toxicity.higherIsBetter).toBe(false);
    expect(report.metrics.brier.higherIsBetter).toBe(false);
    expect(report.metrics.accuracy.higherIsBetter).toBe(true);
  });
});

describe('validate-data says why rows could not be read', () => {
  let workspace: string;
  beforeAll(() => {
    const lines = ['id,age,country,income,signup,plan'];
    for (let i = 1; i <= 30; i++) lines.push(`${i},${20 + i},DE,${1000 * i},2024-01-0${(i % 9) + 1},basic`);
    // Line 6 of the file (the 5th record) has 7 fields.
    lines[5] = '5,25,DE,5000,2024-01-06,basic,extra';
    workspace = makeWorkspace({});
    writeFileSync(path.join(workspace, 'data.csv'), `${lines.join('\n')}\n`);
  });

  it('in the job summary, the step error line and the CLI: the first row with its line and reason', () => {
    const reason = 'expected 6 fields as in the header, found 7';
    const run = runAction('validate-data', workspace, { data: 'data.csv', 'report-path': 'data.json' });
    expect(run.exitCode).toBe(1);
    expect(run.summary).toContain(
      `1 row could not be read (counted, not profiled); the first, data.csv:6: ${reason}`,
    );
    expect(run.summary).toContain(`\`data.csv:6\` ${reason}`);
    expect(run.annotations.find((a) => a.level === 'error' && a.line === 6)?.message).toBe(reason);
    const failed = run.stdout.split('\n').find((line) => line.startsWith('::error::validate-data'))!;
    expect(failed).toMatch(/^::error::validate-data fail: /);
    expect(failed).not.toMatch(/fail: fail|fail:.*fail:/);

    const cli = runCli(['validate-data', '--data', 'data.csv', '--report-path', 'cli.json'], workspace);
    expect(cli.exitCode).toBe(1);
    expect(`${cli.stdout}${cli.stderr}`).toContain(`data.csv:6: ${reason}`);
  });
});
