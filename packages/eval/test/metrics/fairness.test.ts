/** Fairness metrics against numpy implementations of fairlearn's definitions plus hand-checkable facts. */
import { describe, expect, it } from '@jest/globals';
import { fairnessReport } from '../../src/metrics/index.js';
import { Mismatches, loadReference, weightsOf } from './reference.js';
import type { RefNumber } from './reference.js';

interface FairnessCase {
  name: string;
  y_true: number[];
  y_pred: number[];
  group: number[];
  group_names: string[];
  weights?: number[];
  expected: {
    groups: { name: string; count: number; selection_rate: RefNumber; tpr: RefNumber; fpr: RefNumber }[];
    demographic_parity_difference: RefNumber;
    equalized_odds_difference: RefNumber;
    disparate_impact_ratio: RefNumber;
  };
}

const { cases } = loadReference<{ cases: FairnessCase[] }>('fairness.json');

describe('fairness metrics vs fairlearn definitions (numpy)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const report = fairnessReport(
      Uint8Array.from(c.y_true),
      Uint8Array.from(c.y_pred),
      Int32Array.from(c.group),
      c.group_names,
      weightsOf(c.weights),
    );
    const e = c.expected;
    const check = new Mismatches(c.name);
    expect(report.groups.map((g) => [g.name, g.count])).toEqual(e.groups.map((g) => [g.name, g.count]));
    e.groups.forEach((g, i) => {
      check.number(`${g.name}.selectionRate`, report.groups[i].selectionRate, g.selection_rate);
      check.number(`${g.name}.tpr`, report.groups[i].tpr, g.tpr);
      check.number(`${g.name}.fpr`, report.groups[i].fpr, g.fpr);
    });
    check.number(
      'demographicParityDifference',
      report.demographicParityDifference,
      e.demographic_parity_difference,
    );
    check.number('equalizedOddsDifference', report.equalizedOddsDifference, e.equalized_odds_difference);
    check.number('disparateImpactRatio', report.disparateImpactRatio, e.disparate_impact_ratio);
    expect(check.list).toEqual([]);
  });
});

describe('fairness metrics: hand-checkable facts', () => {
  it('identical groups have no disparity', () => {
    const r = fairnessReport(
      Uint8Array.from([1, 0, 1, 0]),
      Uint8Array.from([1, 0, 1, 0]),
      Int32Array.from([0, 0, 1, 1]),
      ['a', 'b'],
    );
    expect(r.demographicParityDifference).toBe(0);
    expect(r.equalizedOddsDifference).toBe(0);
    expect(r.disparateImpactRatio).toBe(1);
    expect(r.groups[0]).toEqual({ name: 'a', count: 2, selectionRate: 0.5, tpr: 1, fpr: 0 });
  });

  it('rejects bad group indices and labels', () => {
    const y = Uint8Array.from([1, 0]);
    expect(() => fairnessReport(y, y, Int32Array.from([0, 2]), ['a', 'b'])).toThrow(RangeError);
    expect(() => fairnessReport(Uint8Array.from([1, 2]), y, Int32Array.from([0, 1]), ['a', 'b'])).toThrow(
      RangeError,
    );
  });
});
