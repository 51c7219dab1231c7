import { afterAll, describe, expect, it } from '@jest/globals';
import { ConfigurationError, InputDataError, writeReportFile, type GateResult } from '@mlgate/core';
import { binaryRows, Workspace, yaml } from './workspace.js';

const workspace = new Workspace();
afterAll(() => workspace.remove());

let counter = 0;
const unique = (name: string) => `${counter++}-${name}`;
const gatesFile = (...lines: string[]) => workspace.write(unique('gates.yml'), yaml(...lines));

async function thrownBy<T extends Error>(
  type: new (...args: never[]) => T,
  action: Promise<unknown>,
): Promise<T> {
  let caught: unknown;
  await action.catch((error: unknown) => (caught = error));
  expect(caught).toBeInstanceOf(type);
  return caught as T;
}

describe('threshold gates', () => {
  const results = workspace.jsonl(
    'threshold.jsonl',
    binaryRows(40, (i) => i < 8),
  ); // accuracy 0.8

  it('pass when the metric holds and fail when it does not', async () => {
    const gates = gatesFile(
      'gates:',
      '  - metric: accuracy',
      '    min: 0.75',
      '  - metric: accuracy',
      '    min: 0.85',
    );
    const { report } = await workspace.run(results, { gates });
    expect(report.gates.map((gate) => [gate.kind, gate.rule, gate.status, gate.observed, gate.line])).toEqual(
      [
        ['threshold', '≥ 0.75', 'pass', 0.8, 2],
        ['threshold', '≥ 0.85', 'fail', 0.8, 4],
      ],
    );
    expect(report.gates[0].ci).toHaveLength(2);
    expect(report.outcome).toBe('fail');
    expect(report.passed).toBe(false);
    // No verdict word in the summary: readers print the outcome beside it.
    expect(report.summary).toMatch(/^1\/2 gates passed, 1 failed/);
  });

  it('warns without failing the run when the gate has severity warn', async () => {
    const gates = gatesFile('gates:', '  - metric: accuracy', '    max: 0.5', '    severity: warn');
    const { report } = await workspace.run(results, { gates });
    expect(report.gates[0]).toMatchObject({ status: 'warn', severity: 'warn', rule: '≤ 0.5' });
    expect(report.outcome).toBe('pass');
    expect(report.passed).toBe(true);
  });

  it('gives one result per tag value for a by: gate', async () => {
    const sliced = workspace.jsonl(
      unique('sliced.jsonl'),
      // business: 4 of 10 wrong; consumer and enterprise: all right.
      binaryRows(
        30,
        (i) => i % 3 === 1 && i < 12,
        (i) => ({ tags: { domain: ['consumer', 'business', 'enterprise'][i % 3] } }),
      ),
    );
    const gates = gatesFile('gates:', '  - metric: accuracy', '    by: domain', '    min: 0.8');
    const { report } = await workspace.run(sliced, { gates });
    expect(report.gates.map((gate) => [gate.slice, gate.status, gate.observed])).toEqual([
      [{ tag: 'domain', value: 'business' }, 'fail', 0.6],
      [{ tag: 'domain', value: 'consumer' }, 'pass', 1],
      [{ tag: 'domain', value: 'enterprise' }, 'pass', 1],
    ]);
    expect(report.slices?.[0].groups.map((group) => [group.value, group.cases])).toEqual([
      ['business', 10],
      ['consumer', 10],
      ['enterprise', 10],
    ]);
  });

  it('rejects an unknown metric with its line and a did-you-mean', async () => {
    const gates = gatesFile(
      'gates:',
      '  - metric: accuracy',
      '    min: 0.5',
      '  - metric: acuracy',
      '    min: 0.5',
    );
    const error = await thrownBy(ConfigurationError, workspace.run(results, { gates }));
    expect(error.message).toContain('unknown metric "acuracy" (did you mean "accuracy"?)');
    expect(error.location).toEqual({ file: gates, line: 4, field: 'gates[1].metric' });
  });

  it('rejects a by: tag no case has', async () => {
    const gates = gatesFile('gates:', '  - metric: accuracy', '    by: region', '    min: 0.5');
    const error = await thrownBy(ConfigurationError, workspace.run(results, { gates }));
    expect(error.location).toEqual({ file: gates, line: 3, field: 'gates[0].by' });
  });

  it('rejects empty results instead of passing them', async () => {
    const empty = workspace.write(unique('empty.jsonl'), '\n');
    const error = await thrownBy(InputDataError, workspace.run(empty));
    expect(error.location?.file).toBe(empty);
  });
});

describe('baseline gates', () => {
  const dropGate = () => gatesFile('gates:', '  - metric: accuracy', '    max-drop: 0.02');

  it('fail when the drop is beyond the allowance and significant (McNemar)', async () => {
    // 400 shared cases: the baseline is right on 360, the current run gets 40 of those wrong and none back.
    const baseline = workspace.jsonl(
      unique('baseline.jsonl'),
      binaryRows(400, (i) => i >= 360),
    );
    const current = workspace.jsonl(
      unique('current.jsonl'),
      binaryRows(400, (i) => i >= 360 || i < 40),
    );
    const { report } = await workspace.run(current, { gates: dropGate(), baseline });
    const [gate] = report.gates;
    expect(gate).toMatchObject({
      kind: 'baseline',
      rule: 'worsening ≤ 0.02 vs baseline',
      status: 'fail',
      test: 'mcnemar',
      sharedCases: 400,
    });
    // Accuracy fell by 0.1: "worsened", with the change as a signed number.
    expect(gate.message).toBe(
      'accuracy worsened from 0.9 to 0.8 (-0.1), beyond the allowed worsening 0.02; significant on 400 shared cases (mcnemar, p < 0.001)',
    );
    expect(gate.observed).toBeCloseTo(0.8, 12);
    expect(gate.baseline).toBeCloseTo(0.9, 12);
    expect(gate.delta).toBeCloseTo(-0.1, 12);
    expect(gate.pValue).toBeLessThan(0.05);
    expect(gate.pValue).toBeCloseTo(0.5 ** 40, 20); // exact one-sided McNemar: P(X ≥ 40), X ~ Bin(40, 1/2)
    expect(report.outcome).toBe('fail');
    expect(report.caseDiff?.counts.regressed).toBe(40);
  });

  it('are inconclusive, with the minimum detectable effect, when the drop is not significant', async () => {
    const baseline = workspace.jsonl(
      unique('baseline.jsonl'),
      binaryRows(40, () => false),
    );
    const current = workspace.jsonl(
      unique('current.jsonl'),
      binaryRows(40, (i) => i < 2),
    );
    const { report } = await workspace.run(current, { gates: dropGate(), baseline });
    const [gate] = report.gates;
    expect(gate).toMatchObject({ status: 'inconclusive', test: 'mcnemar', sharedCases: 40 });
    expect(gate.delta).toBeCloseTo(-0.05, 12);
    expect(gate.pValue).toBeCloseTo(0.25, 12);
    expect(gate.minimumDetectableEffect).toBeGreaterThan(0);
    expect(gate.message).toMatch(/not significantly/);
    expect(report.outcome).toBe('inconclusive');
  });

  it('pass when the drop is within the allowance', async () => {
    const baseline = workspace.jsonl(
      unique('baseline.jsonl'),
      binaryRows(400, () => false),
    );
    const current = workspace.jsonl(
      unique('current.jsonl'),
      binaryRows(400, (i) => i < 4),
    ); // drop 0.01
    const { report } = await workspace.run(current, { gates: dropGate(), baseline });
    expect(report.gates[0]).toMatchObject({ status: 'pass', baseline: 1 });
    expect(report.gates[0].delta).toBeCloseTo(-0.01, 12);
    expect(report.gates[0].pValue).toBeUndefined();
    expect(report.gates[0].message).toBe(
      'accuracy worsened from 1 to 0.99 (-0.01); allowed: worsening ≤ 0.02',
    );
    expect(report.outcome).toBe('pass');
  });

  it('use the smaller allowance when both max-drop and max-drop-relative are set', async () => {
    const baseline = workspace.jsonl(
      unique('baseline.jsonl'),
      binaryRows(400, () => false),
    );
    const current = workspace.jsonl(
      unique('current.jsonl'),
      binaryRows(400, (i) => i < 8),
    ); // drop 0.02
    const gates = gatesFile(
      'gates:',
      '  - metric: accuracy',
      '    max-drop: 0.05',
      '    max-drop-relative: 0.01',
    );
    const { report } = await workspace.run(current, { gates, baseline });
    expect(report.gates[0].rule).toBe('worsening ≤ 0.05 and worsening ≤ 1% vs baseline');
    expect(report.gates[0].status).toBe('fail');
  });

  it('are inconclusive without a baseline', async () => {
    const current = workspace.jsonl(
      unique('current.jsonl'),
      binaryRows(40, () => false),
    );
    const { report } = await workspace.run(current, { gates: dropGate() });
    expect(report.gates[0]).toMatchObject({ status: 'inconclusive', kind: 'baseline' });
    expect(report.gates[0].message).toContain('no baseline');
    expect(report.outcome).toBe('inconclusive');
    expect(report.baseline).toBeUndefined();
    expect(report.caseDiff).toBeUndefined();
  });

  it('are inconclusive when fewer cases than min-shared-cases are shared', async () => {
    const baseline = workspace.jsonl(
      unique('baseline.jsonl'),
      binaryRows(40, () => false),
    );
    const current = workspace.jsonl(
      unique('current.jsonl'),
      binaryRows(40, (i) => i < 20),
    );
    const gates = gatesFile('min-shared-cases: 50', 'gates:', '  - metric: accuracy', '    max-drop: 0.02');
    const { report } = await workspace.run(current, { gates, baseline });
    expect(report.gates[0]).toMatchObject({ status: 'inconclusive', sharedCases: 40 });
    expect(report.gates[0].message).toContain('need 50');
    expect(report.gates[0].pValue).toBeUndefined();
  });

  it('count only the cases both runs share', async () => {
    // The baseline ran other cases: only 10 ids overlap, fewer than the default 30.
    const baseline = workspace.jsonl(
      unique('baseline.jsonl'),
      binaryRows(40, () => false).map((row, i) => ({ ...row, id: i < 10 ? `case-${i}` : `old-${i}` })),
    );
    const current = workspace.jsonl(
      unique('current.jsonl'),
      binaryRows(40, (i) => i < 20),
    );
    const { report } = await workspace.run(current, { gates: dropGate(), baseline });
    expect(report.gates[0]).toMatchObject({ status: 'inconclusive', sharedCases: 10 });
    expect(report.baseline?.sharedCases).toBe(10);
  });

  it('treat a rise of a lower-is-better metric as the drop (latency, paired bootstrap)', async () => {
    const latency = (shift: number) => (i: number) => ({ latency_ms: 200 + (i % 50) * 4 + shift });
    const baseline = workspace.jsonl(
      unique('baseline.jsonl'),
      binaryRows(200, () => false, latency(0)),
    );
    const slower = workspace.jsonl(
      unique('slower.jsonl'),
      binaryRows(200, () => false, latency(300)),
    );
    const faster = workspace.jsonl(
      unique('faster.jsonl'),
      binaryRows(200, () => false, latency(-100)),
    );
    const gates = gatesFile('gates:', '  - metric: latency_p95_ms', '    max-drop: 50');
    const worse = (await workspace.run(slower, { gates, baseline })).report.gates[0];
    expect(worse).toMatchObject({ status: 'fail', test: 'paired-bootstrap' });
    expect(worse.delta).toBeCloseTo(300, 9);
    expect(worse.pValue).toBeLessThan(0.05);
    const better = (await workspace.run(faster, { gates, baseline })).report.gates[0];
    expect(better.status).toBe('pass');
    expect(better.delta).toBeCloseTo(-100, 9);
  });

  it('treat a rise of mae as the drop (regression)', async () => {
    const rows = (error: number) =>
      Array.from({ length: 120 }, (_, i) => ({
        id: `r${i}`,
        expected: i / 2,
        predicted: i / 2 + (i % 2 ? error : -error),
      }));
    const baseline = workspace.jsonl(unique('baseline.jsonl'), rows(0.5));
    const current = workspace.jsonl(unique('current.jsonl'), rows(1.5));
    const gates = gatesFile(
      'gates:',
      '  - metric: mae',
      '    max-drop: 0.1',
      '  - metric: r2',
      '    max-drop: 0.5',
    );
    const { report } = await workspace.run(current, { gates, baseline });
    expect(report.task).toBe('regression');
    expect(report.gates[0]).toMatchObject({ metric: 'mae', status: 'fail', test: 'paired-bootstrap' });
    expect(report.gates[0].delta).toBeCloseTo(1, 9);
    expect(report.gates[1]).toMatchObject({ metric: 'r2', status: 'pass' });
  });

  it('compare each tag value with the same value in the baseline for a by: gate', async () => {
    const domain = (i: number) => ({ tags: { domain: i % 2 === 0 ? 'a' : 'b' } });
    const baseline = workspace.jsonl(
      unique('baseline.jsonl'),
      binaryRows(400, () => false, domain),
    );
    // Domain "a" (even ids) loses 40 cases; domain "b" is unchanged.
    const current = workspace.jsonl(
      unique('current.jsonl'),
      binaryRows(400, (i) => i % 2 === 0 && i < 80, domain),
    );
    const gates = gatesFile('gates:', '  - metric: accuracy', '    by: domain', '    max-drop: 0.02');
    const { report } = await workspace.run(current, { gates, baseline });
    expect(report.gates.map((gate) => [gate.slice?.value, gate.status, gate.sharedCases])).toEqual([
      ['a', 'fail', 200],
      ['b', 'pass', undefined],
    ]);
  });

  it('give the same results whether the baseline is a results file or the eval report of that run', async () => {
    const extra = (shift: number) => (i: number) => ({
      scores: { faithfulness: 0.5 + ((i * 7) % 10) / 20 - shift },
      latency_ms: 100 + ((i * 13) % 40),
      probability: i % 2 === 0 ? 0.6 + (i % 5) / 20 : 0.3 - (i % 5) / 20,
      tags: { domain: i % 3 === 0 ? 'x' : 'y' },
    });
    const baselineResults = workspace.jsonl(
      unique('baseline.jsonl'),
      binaryRows(300, (i) => i % 10 === 0, extra(0)),
    );
    const current = workspace.jsonl(
      unique('current.jsonl'),
      binaryRows(300, (i) => i % 10 === 0 || i % 7 === 0, extra(0.05)),
    );
    const gates = gatesFile(
      'gates:',
      '  - metric: accuracy',
      '    max-drop: 0.01',
      '  - metric: f1',
      '    max-drop: 0.01',
      '  - metric: faithfulness',
      '    max-drop-relative: 0.03',
      '  - metric: roc_auc',
      '    max-drop: 0.001',
      '  - metric: accuracy',
      '    by: domain',
      '    max-drop: 0.01',
    );
    const baselineRun = await workspace.run(baselineResults, { gates, context: { commit: 'base123' } });
    const baselineReport = unique('baseline-report.json');
    await writeReportFile(workspace.path(baselineReport), baselineRun.report);

    const fromResults = (await workspace.run(current, { gates, baseline: baselineResults })).report;
    const fromReport = (await workspace.run(current, { gates, baseline: baselineReport })).report;
    const essentials = (gate: GateResult) => ({ ...gate, message: undefined });
    expect(fromReport.gates.map(essentials)).toEqual(fromResults.gates.map(essentials));
    expect(fromReport.gates.map((gate) => gate.status)).toContain('fail');
    expect(fromReport.baseline?.metrics).toEqual(fromResults.baseline?.metrics);
    expect(fromReport.caseDiff).toEqual(fromResults.caseDiff);
    expect(fromReport.baseline?.commit).toBe('base123');
  });
});
