/** Classification metrics against scikit-learn 1.2.1 reference values plus hand-checkable facts. */
import { describe, expect, it } from '@jest/globals';
import {
  binaryFromConfusion,
  classificationFromConfusion,
  classificationMetrics,
  confusionMatrix,
} from '../../src/metrics/index.js';
import { Mismatches, loadReference, weightsOf } from './reference.js';
import type { RefNumber } from './reference.js';

interface ClassificationCase {
  name: string;
  k: number;
  y_true?: number[];
  y_pred?: number[];
  classes?: string[];
  y_true_labels?: string[];
  y_pred_labels?: string[];
  weights?: number[];
  expected: {
    confusion_matrix: number[][];
    accuracy: RefNumber;
    balanced_accuracy: RefNumber;
    precision_per_class: RefNumber[];
    recall_per_class: RefNumber[];
    f1_per_class: RefNumber[];
    support: RefNumber[];
    matthews_corrcoef: RefNumber;
    cohen_kappa: RefNumber;
    binary?: { precision: RefNumber; recall: RefNumber; f1: RefNumber };
  } & Record<`${'precision' | 'recall' | 'f1'}_${'macro' | 'micro' | 'weighted'}`, RefNumber>;
}

const { cases } = loadReference<{ cases: ClassificationCase[] }>('classification.json');

/** Case labels as class indices; string labels map through the sorted class list, as an importer would. */
function indices(c: ClassificationCase): { yTrue: Int32Array; yPred: Int32Array } {
  if (c.classes !== undefined) {
    const index = new Map(c.classes.map((label, i) => [label, i]));
    return {
      yTrue: Int32Array.from(c.y_true_labels ?? [], (label) => index.get(label) ?? -1),
      yPred: Int32Array.from(c.y_pred_labels ?? [], (label) => index.get(label) ?? -1),
    };
  }
  return { yTrue: Int32Array.from(c.y_true ?? []), yPred: Int32Array.from(c.y_pred ?? []) };
}

describe('classification metrics vs scikit-learn 1.2.1', () => {
  it('covers the fixture scenarios', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { yTrue, yPred } = indices(c);
    const cm = confusionMatrix(yTrue, yPred, c.k, weightsOf(c.weights));
    const m = classificationFromConfusion(cm, c.k);
    const e = c.expected;
    const check = new Mismatches(c.name);
    check.array('confusion_matrix', cm, e.confusion_matrix.flat());
    check.number('accuracy', m.accuracy, e.accuracy);
    check.number('balanced_accuracy', m.balancedAccuracy, e.balanced_accuracy);
    check.number('precision_macro', m.precisionMacro, e.precision_macro);
    check.number('precision_micro', m.precisionMicro, e.precision_micro);
    check.number('precision_weighted', m.precisionWeighted, e.precision_weighted);
    check.number('recall_macro', m.recallMacro, e.recall_macro);
    check.number('recall_micro', m.recallMicro, e.recall_micro);
    check.number('recall_weighted', m.recallWeighted, e.recall_weighted);
    check.number('f1_macro', m.f1Macro, e.f1_macro);
    check.number('f1_micro', m.f1Micro, e.f1_micro);
    check.number('f1_weighted', m.f1Weighted, e.f1_weighted);
    check.array('precision', m.precision, e.precision_per_class);
    check.array('recall', m.recall, e.recall_per_class);
    check.array('f1', m.f1, e.f1_per_class);
    check.array('support', m.support, e.support);
    check.number('mcc', m.mcc, e.matthews_corrcoef);
    check.number('cohen_kappa', m.cohenKappa, e.cohen_kappa);
    if (e.binary !== undefined) {
      const b = binaryFromConfusion(cm, 1);
      check.number('binary.precision', b.precision, e.binary.precision);
      check.number('binary.recall', b.recall, e.binary.recall);
      check.number('binary.f1', b.f1, e.binary.f1);
    }
    expect(check.list).toEqual([]);
  });
});

describe('classification metrics: hand-checkable facts', () => {
  it('perfect predictions score 1 everywhere', () => {
    const y = Int32Array.from([0, 1, 2, 2, 1, 0, 2]);
    const m = classificationMetrics(y, y, 3);
    for (const v of [
      m.accuracy,
      m.balancedAccuracy,
      m.precisionMacro,
      m.recallWeighted,
      m.f1Micro,
      m.mcc,
      m.cohenKappa,
    ]) {
      expect(v).toBe(1);
    }
    expect(Array.from(m.f1)).toEqual([1, 1, 1]);
  });

  it('matches the precision_recall_fscore_support docstring example', () => {
    // sklearn docs: cat/dog/pig -> macro (0.22.., 0.33.., 0.26..), micro 0.33..
    const classes = ['cat', 'dog', 'pig'];
    const yTrue = Int32Array.from(['cat', 'dog', 'pig', 'cat', 'dog', 'pig'], (s) => classes.indexOf(s));
    const yPred = Int32Array.from(['cat', 'pig', 'dog', 'cat', 'cat', 'dog'], (s) => classes.indexOf(s));
    const m = classificationMetrics(yTrue, yPred, 3);
    expect(m.precisionMacro).toBeCloseTo(2 / 9, 12);
    expect(m.recallMacro).toBeCloseTo(1 / 3, 12);
    expect(m.f1Macro).toBeCloseTo(0.8 / 3, 12);
    expect(m.precisionMicro).toBeCloseTo(1 / 3, 12);
    expect(Array.from(m.support)).toEqual([2, 2, 2]);
  });

  it('lays the matrix out row = true, column = predicted', () => {
    const cm = confusionMatrix(Int32Array.from([0, 0, 1]), Int32Array.from([1, 1, 1]), 2);
    expect(Array.from(cm)).toEqual([0, 2, 0, 1]);
  });

  it('integer weights equal repeating the cases (what a bootstrap relies on)', () => {
    const yTrue = Int32Array.from([0, 1, 2, 1, 0]);
    const yPred = Int32Array.from([0, 2, 2, 1, 1]);
    const counts = [3, 0, 2, 1, 4];
    const rep = (a: Int32Array): Int32Array =>
      Int32Array.from(Array.from(a).flatMap((v, i) => Array(counts[i]).fill(v)));
    const weighted = classificationFromConfusion(confusionMatrix(yTrue, yPred, 3, counts), 3);
    const repeated = classificationFromConfusion(confusionMatrix(rep(yTrue), rep(yPred), 3), 3);
    expect(weighted).toEqual(repeated);
  });

  it('reuses `out` without changing results', () => {
    const a = classificationMetrics(Int32Array.from([0, 1, 2, 2]), Int32Array.from([0, 2, 2, 1]), 3);
    const snapshot = structuredClone(a);
    const b = classificationFromConfusion(
      confusionMatrix(Int32Array.from([1, 1, 0]), Int32Array.from([1, 0, 0]), 3),
      3,
      a,
    );
    expect(b).toBe(a);
    const fresh = classificationFromConfusion(
      confusionMatrix(Int32Array.from([1, 1, 0]), Int32Array.from([1, 0, 0]), 3),
      3,
    );
    expect(b).toEqual(fresh);
    expect(fresh).not.toEqual(snapshot);
  });

  it('binaryFromConfusion reads the positive class, zero division -> 0', () => {
    const cm = confusionMatrix(Int32Array.from([1, 0, 1, 0]), Int32Array.from([0, 0, 0, 0]), 2);
    expect(binaryFromConfusion(cm, 1)).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(binaryFromConfusion(cm, 0)).toEqual({ precision: 0.5, recall: 1, f1: 2 / 3 });
  });

  it('empty input: accuracy and kappa NaN, averages 0 (zero_division)', () => {
    const m = classificationMetrics(new Int32Array(0), new Int32Array(0), 2);
    expect(m.accuracy).toBeNaN();
    expect(m.balancedAccuracy).toBeNaN();
    expect(m.cohenKappa).toBeNaN();
    expect(m.f1Macro).toBe(0);
    expect(m.mcc).toBe(0);
  });

  it('rejects out-of-range labels and mismatched lengths', () => {
    expect(() => confusionMatrix(Int32Array.from([0, 3]), Int32Array.from([0, 1]), 3)).toThrow(RangeError);
    expect(() => confusionMatrix(Int32Array.from([0, -1]), Int32Array.from([0, 1]), 3)).toThrow(RangeError);
    expect(() => confusionMatrix(Int32Array.from([0]), Int32Array.from([0, 1]), 3)).toThrow(RangeError);
    expect(() => classificationFromConfusion(new Float64Array(8), 3)).toThrow(RangeError);
  });
});
