/** Score and probability metrics against scikit-learn 1.2.1 (and a numpy ECE) plus brute-force and hand checks. */
import { describe, expect, it } from '@jest/globals';
import {
  averagePrecision,
  averagePrecisionSorted,
  brierBinary,
  expectedCalibrationError,
  logLoss,
  prepareOvr,
  prepareRanking,
  rocAucBinary,
  rocAucOvrMacro,
  rocAucOvrMacroSorted,
  rocAucSorted,
} from '../../src/metrics/index.js';
import { Mismatches, loadReference, weightsOf } from './reference.js';
import type { RefNumber } from './reference.js';

interface BinaryCase {
  name: string;
  y_true: number[];
  p: number[];
  score?: number[];
  weights?: number[];
  expected: {
    roc_auc: RefNumber;
    average_precision: RefNumber;
    brier: RefNumber;
    log_loss: RefNumber;
    ece10: RefNumber;
  };
}

interface MulticlassCase {
  name: string;
  k: number;
  y_true: number[];
  proba: number[];
  weights?: number[];
  /** Only log_loss for rows that are not probabilities. */
  expected: {
    log_loss: RefNumber;
    ece10?: RefNumber;
    ece15?: RefNumber;
    ece1?: RefNumber;
    roc_auc_ovr_macro?: RefNumber;
  };
}

const fixture = loadReference<{ binary: BinaryCase[]; multiclass: MulticlassCase[] }>('probabilistic.json');

function twoColumns(p: Float64Array): Float64Array {
  const out = new Float64Array(2 * p.length);
  for (let i = 0; i < p.length; i++) {
    out[2 * i] = 1 - p[i];
    out[2 * i + 1] = p[i];
  }
  return out;
}

/** Mann-Whitney U / (P * N) with ties counted 1/2: the O(n^2) definition of ROC AUC. */
function bruteForceAuc(y: Uint8Array, score: Float64Array, w?: Float64Array): number {
  let u = 0;
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w === undefined ? 1 : w[i];
    if (y[i] === 1) pos += wi;
    else neg += wi;
  }
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== 0) continue;
      const pair = (w === undefined ? 1 : w[i]) * (w === undefined ? 1 : w[j]);
      if (score[i] > score[j]) u += pair;
      else if (score[i] === score[j]) u += pair / 2;
    }
  }
  return u / (pos * neg);
}

/** Deterministic pseudo-random numbers (mulberry32) so the brute-force checks are reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('binary score metrics vs scikit-learn 1.2.1', () => {
  it.each(fixture.binary.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const y = Uint8Array.from(c.y_true);
    const p = Float64Array.from(c.p);
    const score = c.score === undefined ? p : Float64Array.from(c.score);
    const w = weightsOf(c.weights);
    const e = c.expected;
    const check = new Mismatches(c.name);
    check.number('roc_auc', rocAucBinary(y, score, w), e.roc_auc);
    check.number('average_precision', averagePrecision(y, score, w), e.average_precision);
    check.number('brier', brierBinary(y, p, w), e.brier);
    check.number('log_loss', logLoss(Int32Array.from(c.y_true), twoColumns(p), 2, w), e.log_loss);
    check.number(
      'ece10',
      expectedCalibrationError(Int32Array.from(c.y_true), twoColumns(p), 2, 10, w),
      e.ece10,
    );
    // The bootstrap path: one sort, then O(n) per call.
    const prepared = prepareRanking(y, score);
    check.number('rocAucSorted', rocAucSorted(prepared, w), e.roc_auc);
    check.number('averagePrecisionSorted', averagePrecisionSorted(prepared, w), e.average_precision);
    expect(check.list).toEqual([]);
  });
});

describe('multiclass probability metrics vs scikit-learn 1.2.1 / numpy ECE', () => {
  it.each(fixture.multiclass.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const y = Int32Array.from(c.y_true);
    const proba = Float64Array.from(c.proba);
    const w = weightsOf(c.weights);
    const e = c.expected;
    const check = new Mismatches(c.name);
    check.number('log_loss', logLoss(y, proba, c.k, w), e.log_loss);
    for (const [bins, expected] of [
      [10, e.ece10],
      [15, e.ece15],
      [1, e.ece1],
    ] as const) {
      if (expected !== undefined)
        check.number(`ece${bins}`, expectedCalibrationError(y, proba, c.k, bins, w), expected);
    }
    if (e.roc_auc_ovr_macro !== undefined) {
      check.number('roc_auc_ovr_macro', rocAucOvrMacro(y, proba, c.k, w), e.roc_auc_ovr_macro);
      check.number(
        'rocAucOvrMacroSorted',
        rocAucOvrMacroSorted(prepareOvr(y, proba, c.k), w),
        e.roc_auc_ovr_macro,
      );
    }
    expect(check.list).toEqual([]);
  });
});

describe('ROC AUC and average precision: independent checks', () => {
  it('equals the Mann-Whitney statistic on 3,000 tied scores (radix-sort path)', () => {
    const next = rng(7);
    const n = 3000;
    const y = new Uint8Array(n);
    const score = new Float64Array(n);
    const w = new Float64Array(n);
    const specials = [0, -0, Infinity, -Infinity, 1e-300, -1e-300, Number.MAX_VALUE];
    for (let i = 0; i < n; i++) {
      y[i] = next() < 0.3 ? 1 : 0;
      score[i] =
        i % 50 === 0
          ? specials[(i / 50) % specials.length]
          : Math.round((next() - 0.4 + y[i] * 0.3) * 40) / 8;
      w[i] = Math.floor(next() * 3);
    }
    expect(Math.abs(rocAucBinary(y, score) - bruteForceAuc(y, score))).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(rocAucBinary(y, score, w) - bruteForceAuc(y, score, w))).toBeLessThanOrEqual(1e-12);
  });

  it('sorts the same way on the radix and comparison paths', () => {
    const next = rng(11);
    const n = 1500;
    const y = new Uint8Array(n);
    const score = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = next() < 0.5 ? 1 : 0;
      score[i] = (next() - 0.5) * 1e6 * (i % 3 === 0 ? 1e-9 : 1);
    }
    const prepared = prepareRanking(y, score);
    for (let i = 1; i < n; i++)
      expect(score[prepared.order[i - 1]]).toBeGreaterThanOrEqual(score[prepared.order[i]]);
    // A small slice goes through the comparison sort; same AUC as brute force either way.
    const small = prepareRanking(y.subarray(0, 300), score.subarray(0, 300));
    expect(rocAucSorted(small)).toBeCloseTo(bruteForceAuc(y.subarray(0, 300), score.subarray(0, 300)), 12);
  });

  it('orders ties by case index and groups -0 with 0 on the counting, radix and comparison paths', () => {
    const next = rng(13);
    const specials = [
      0,
      -0,
      Infinity,
      -Infinity,
      5e-324,
      -5e-324,
      1e-300,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
    ];
    // Few distinct scores (counting sort), many (radix sort), and fewer than 512 cases (comparison sort).
    const datasets = [
      {
        n: 20000,
        score: (i: number) =>
          i % 97 === 0 ? specials[i % specials.length] : Math.round(next() * 1000) / 1000,
      },
      { n: 6000, score: (i: number) => (i % 3 === 0 ? Math.round(next() * 10) / 10 : next() - 0.5) },
      { n: 6000, score: (i: number) => (i % 89 === 0 ? specials[i % specials.length] : next()) },
      { n: 400, score: () => Math.round(next() * 20) / 20 },
    ];
    for (const { n, score: scoreOf } of datasets) {
      const y = new Uint8Array(n);
      const score = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        y[i] = next() < 0.4 ? 1 : 0;
        score[i] = scoreOf(i);
      }
      const prepared = prepareRanking(y, score);
      // Expected: descending score, equal scores (0 and -0 are equal) by ascending index; a group per score.
      const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
        score[a] > score[b] ? -1 : score[a] < score[b] ? 1 : a - b,
      );
      const ends = expected.flatMap((row, i) =>
        i + 1 === n || score[expected[i + 1]] !== score[row] ? [i + 1] : [],
      );
      if (n >= 512) expect(Array.from(prepared.order)).toEqual(expected);
      else expect(Array.from(prepared.order).map((i) => score[i])).toEqual(expected.map((i) => score[i]));
      expect(Array.from(prepared.groupEnds)).toEqual(ends);
      expect(Array.from(prepared.positive)).toEqual(Array.from(prepared.order, (i) => y[i]));
    }
  });

  it('integer weights equal repeating the cases', () => {
    const y = Uint8Array.from([1, 0, 1, 0, 1, 0, 0]);
    const s = Float64Array.from([0.9, 0.9, 0.4, 0.3, 0.3, 0.1, 0.8]);
    const counts = [2, 0, 1, 3, 1, 2, 1];
    const rep = <T extends Uint8Array | Float64Array>(a: T, make: (v: number[]) => T): T =>
      make(Array.from(a).flatMap((v, i) => Array<number>(counts[i]).fill(v)));
    const yRep = rep(y, (v) => Uint8Array.from(v));
    const sRep = rep(s, (v) => Float64Array.from(v));
    expect(rocAucBinary(y, s, counts)).toBeCloseTo(rocAucBinary(yRep, sRep), 14);
    expect(averagePrecision(y, s, counts)).toBeCloseTo(averagePrecision(yRep, sRep), 14);
  });

  it('hand-checkable values', () => {
    const y = Uint8Array.from([0, 0, 1, 1]);
    expect(rocAucBinary(y, Float64Array.from([0.1, 0.2, 0.8, 0.9]))).toBe(1);
    expect(rocAucBinary(y, Float64Array.from([0.9, 0.8, 0.2, 0.1]))).toBe(0);
    expect(rocAucBinary(y, Float64Array.from([0.5, 0.5, 0.5, 0.5]))).toBe(0.5);
    expect(averagePrecision(y, Float64Array.from([0.1, 0.2, 0.8, 0.9]))).toBe(1);
    expect(rocAucBinary(Uint8Array.from([1, 1]), Float64Array.from([0.2, 0.4]))).toBeNaN();
    expect(rocAucBinary(y, Float64Array.from([0.1, NaN, 0.8, 0.9]))).toBeNaN();
    expect(averagePrecision(Uint8Array.from([0, 0]), Float64Array.from([0.2, 0.4]))).toBe(0);
    expect(brierBinary(y, Float64Array.from([0, 0, 1, 1]))).toBe(0);
    const perfect = Float64Array.from([1, 0, 0, 1]);
    expect(logLoss(Int32Array.from([0, 1]), perfect, 2)).toBeCloseTo(-Math.log(1 - Number.EPSILON), 20);
    expect(expectedCalibrationError(Int32Array.from([0, 1]), perfect, 2)).toBe(0);
    // Confidence 0.7 in bin (0.6, 0.7], always right -> |1 - 0.7|.
    expect(expectedCalibrationError(Int32Array.from([0]), Float64Array.from([0.7, 0.3]), 2)).toBeCloseTo(
      0.3,
      15,
    );
  });

  it('rejects bad input', () => {
    expect(() => rocAucBinary(Uint8Array.from([0, 2]), Float64Array.from([0.1, 0.2]))).toThrow(RangeError);
    expect(() => brierBinary(Uint8Array.from([0, 1]), Float64Array.from([0.1, 1.2]))).toThrow(RangeError);
    expect(() => logLoss(Int32Array.from([0, 2]), new Float64Array(4), 2)).toThrow(RangeError);
    expect(() => logLoss(Int32Array.from([0, 1]), new Float64Array(3), 2)).toThrow(RangeError);
    expect(() => expectedCalibrationError(Int32Array.from([0]), Float64Array.from([1, 0]), 2, 0)).toThrow(
      RangeError,
    );
    expect(() => expectedCalibrationError(Int32Array.from([0]), Float64Array.from([1.5, 0]), 2)).toThrow(
      RangeError,
    );
  });
});
