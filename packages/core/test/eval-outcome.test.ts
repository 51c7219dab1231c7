/** "No baseline yet" and "the data cannot decide" are told apart in 1.2 reports and in reports written before. */
import { describe, expect, it } from '@jest/globals';
import {
  evalVerdictLine,
  gateLacksBaseline,
  inconclusiveReason,
  outcomeLabel,
  type EvalReport,
  type GateResult,
} from '../src/index.js';

const gate = (fields: Partial<GateResult>): GateResult => ({
  metric: 'accuracy',
  kind: 'baseline',
  rule: 'drop ≤ 0.02 vs baseline',
  severity: 'error',
  status: 'inconclusive',
  observed: 0.9,
  message: 'accuracy: no baseline to compare with',
  ...fields,
});
const threshold = gate({ kind: 'threshold', rule: '≥ 0.8', status: 'pass', message: 'f1 = 0.9' });
// As eval-gate 1.1 wrote them: no noBaseline, no inconclusiveReason.
const missing = gate({});
const undecided = gate({
  baseline: 0.93,
  delta: -0.03,
  pValue: 0.2,
  message: 'dropped but not significantly',
});

const report = (gates: GateResult[], fields: Partial<EvalReport> = {}) =>
  ({ outcome: 'inconclusive', gates, summary: '1/2 gates passed', ...fields }) as EvalReport;

describe('no baseline versus undecided', () => {
  it('reads a gate without a baseline from a report written before 1.2', () => {
    expect(gateLacksBaseline(missing)).toBe(true);
    expect(gateLacksBaseline(undecided)).toBe(false);
    expect(gateLacksBaseline(threshold)).toBe(false);
    expect(gateLacksBaseline(gate({ noBaseline: false }))).toBe(false);
  });

  it('is no-baseline only when every blocking inconclusive gate lacked a baseline', () => {
    expect(inconclusiveReason(report([threshold, missing]))).toBe('no-baseline');
    expect(inconclusiveReason(report([threshold, missing, undecided]))).toBe('undecided');
    // A warn gate does not make the outcome, so it does not make the reason either.
    expect(inconclusiveReason(report([missing, { ...undecided, severity: 'warn' }]))).toBe('no-baseline');
    expect(inconclusiveReason(report([threshold], { outcome: 'pass' }))).toBeUndefined();
    // The recorded reason wins over the derivation.
    expect(inconclusiveReason(report([missing], { inconclusiveReason: 'undecided' }))).toBe('undecided');
  });

  it('says the verdict once, with the reason', () => {
    expect(outcomeLabel(report([threshold, missing]))).toBe('inconclusive (no baseline yet)');
    expect(evalVerdictLine(report([threshold, missing]))).toBe(
      'eval-gate inconclusive (no baseline yet): 1/2 gates passed',
    );
    // Before 1.2 the summary began with the verdict word.
    expect(
      evalVerdictLine(report([threshold, undecided], { summary: 'inconclusive: 1/2 gates passed' })),
    ).toBe('eval-gate inconclusive: 1/2 gates passed');
  });
});
