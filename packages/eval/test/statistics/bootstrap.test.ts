/** Tests of case resampling, percentile intervals, the generic bootstrap driver and the confusion-matrix fast path. */

import { describe, expect, it } from '@jest/globals';
import {
  Rng,
  bootstrap,
  bootstrapConfusion,
  bootstrapInterval,
  quantileSorted,
  resampleCounts,
} from '../../src/statistics/index.js';

function sum(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s;
}

function sd(xs: ArrayLike<number>): number {
  const mean = sum(xs) / xs.length;
  let ss = 0;
  for (let i = 0; i < xs.length; i++) ss += (xs[i] - mean) ** 2;
  return Math.sqrt(ss / (xs.length - 1));
}

describe('resampleCounts', () => {
  it('draws n cases: counts sum to n and each is Bin(n, 1/n) (≈ e^-1 of the cases left out)', () => {
    const rng = new Rng(1);
    const n = 100_000;
    const counts = new Uint32Array(n);
    resampleCounts(rng, n, counts);
    expect(sum(counts)).toBe(n);
    let zeros = 0;
    let ones = 0;
    for (const c of counts) {
      if (c === 0) zeros++;
      if (c === 1) ones++;
    }
    const p0 = (1 - 1 / n) ** n;
    const p1 = (1 - 1 / n) ** (n - 1);
    expect(Math.abs(zeros / n - p0)).toBeLessThan(5 * Math.sqrt((p0 * (1 - p0)) / n));
    expect(Math.abs(ones / n - p1)).toBeLessThan(5 * Math.sqrt((p1 * (1 - p1)) / n));
  });

  it('draws block totals exactly: every block, including a partial last one, gets Bin(n, size/n) draws', () => {
    // n = 20,000 takes the two-stage path: blocks of 4096 cases, the last one 3616 cases.
    const n = 20_000;
    const rng = new Rng('blocks');
    const counts = new Uint32Array(n);
    const resamples = 2000;
    const blocks: Array<[number, number]> = [
      [0, 4096],
      [8192, 12288],
      [16384, 20000],
      [4000, 4200], // straddles a block boundary
    ];
    const totals = blocks.map(() => new Float64Array(resamples));
    for (let r = 0; r < resamples; r++) {
      resampleCounts(rng, n, counts);
      blocks.forEach(([from, to], b) => {
        let t = 0;
        for (let i = from; i < to; i++) t += counts[i];
        totals[b][r] = t;
      });
    }
    blocks.forEach(([from, to], b) => {
      const p = (to - from) / n;
      const mean = sum(totals[b]) / resamples;
      const variance = sd(totals[b]) ** 2;
      expect(Math.abs(mean - n * p)).toBeLessThan(5 * Math.sqrt((n * p * (1 - p)) / resamples));
      // Var(s²) ≈ 2σ⁴/(B − 1) for a near-normal total.
      const sigma2 = n * p * (1 - p);
      expect(Math.abs(variance - sigma2)).toBeLessThan(5 * sigma2 * Math.sqrt(2 / (resamples - 1)));
    });
  });

  it('is reproducible, overwrites the buffer and leaves cells past n alone', () => {
    const a = resampleCounts(new Rng('x'), 1000, new Uint32Array(1000));
    const b = new Uint32Array(1002).fill(7);
    resampleCounts(new Rng('x'), 1000, b);
    expect(Array.from(b.subarray(0, 1000))).toEqual(Array.from(a));
    expect(b[1000]).toBe(7);
    expect(b[1001]).toBe(7);
    const c = resampleCounts(new Rng('y'), 1000, new Uint32Array(1000));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it('works past 2^21 cases (the rejection path) and for n = 0 and 1', () => {
    const rng = new Rng(2);
    const n = 2_500_000;
    const counts = resampleCounts(rng, n, new Uint32Array(n));
    expect(sum(counts)).toBe(n);
    expect(Array.from(resampleCounts(rng, 1, new Uint32Array(1)))).toEqual([1]);
    expect(resampleCounts(rng, 0, new Uint32Array(0)).length).toBe(0);
    expect(() => resampleCounts(rng, 5, new Uint32Array(4))).toThrow(RangeError);
    expect(() => resampleCounts(rng, -1, new Uint32Array(4))).toThrow(RangeError);
  });
});

describe('bootstrapInterval', () => {
  it('uses linear interpolation between order statistics (NumPy default)', () => {
    const estimates = Float64Array.from({ length: 1000 }, (_, i) => 1000 - i); // 1000 … 1, unsorted input
    const ci = bootstrapInterval(estimates);
    // h = 999·0.025 = 24.975 → 25 + 0.975; h = 999·0.975 = 974.025 → 975 + 0.025
    expect(ci.lower).toBeCloseTo(25.975, 10);
    expect(ci.upper).toBeCloseTo(975.025, 10);
    expect(ci).toMatchObject({ level: 0.95, resamples: 1000, validResamples: 1000, nanResamples: 0 });
    expect(ci.standardError).toBeCloseTo(sd(estimates), 10);
    const ci90 = bootstrapInterval(estimates, 0.9);
    expect(ci90.lower).toBeCloseTo(1 + 999 * 0.05, 10);
  });

  it('drops NaN resamples and reports how many', () => {
    const estimates = new Float64Array([NaN, 1, 2, NaN, 3, 4, 5]);
    const ci = bootstrapInterval(estimates, 0.5);
    expect(ci).toMatchObject({ resamples: 7, validResamples: 5, nanResamples: 2, lower: 2, upper: 4 });
    const none = bootstrapInterval(new Float64Array([NaN, NaN]));
    expect(none.lower).toBeNaN();
    expect(none.upper).toBeNaN();
    expect(none.standardError).toBeNaN();
    expect(none.nanResamples).toBe(2);
  });

  it('keeps infinities and validates the level', () => {
    const ci = bootstrapInterval(new Float64Array([-Infinity, 1, 2, Infinity]), 0.999);
    expect(ci.lower).toBe(-Infinity);
    expect(ci.upper).toBe(Infinity);
    for (const level of [0, 1, -0.5, NaN]) {
      expect(() => bootstrapInterval(new Float64Array([1]), level)).toThrow(RangeError);
    }
    expect(quantileSorted([], 0.5)).toBeNaN();
    expect(quantileSorted([3], 0.9)).toBe(3);
  });
});

describe('bootstrap (per-case weights)', () => {
  const n = 10_000;
  const rng = new Rng('data');
  const xs = Float64Array.from({ length: n }, () => rng.normal());
  const weightedMean = (w: Uint32Array): number => {
    let s = 0;
    let total = 0;
    for (let i = 0; i < w.length; i++) {
      s += w[i] * xs[i];
      total += w[i];
    }
    return s / total;
  };

  it('gives a 95% CI of a mean whose width is 2·1.96·s/√n within 10%, around the sample mean', () => {
    const [means] = bootstrap({ n, resamples: 1000, seed: 11, statistics: [weightedMean] });
    const ci = bootstrapInterval(means);
    const mean = sum(xs) / n;
    const normalWidth = (2 * 1.959963984540054 * sd(xs)) / Math.sqrt(n);
    expect(Math.abs(ci.upper - ci.lower - normalWidth) / normalWidth).toBeLessThan(0.1);
    expect(Math.abs(ci.standardError - sd(xs) / Math.sqrt(n)) / (sd(xs) / Math.sqrt(n))).toBeLessThan(0.1);
    expect(ci.lower).toBeLessThan(mean);
    expect(ci.upper).toBeGreaterThan(mean);
    expect(Math.abs((ci.lower + ci.upper) / 2 - mean)).toBeLessThan(0.25 * normalWidth);
  });

  it('shows every statistic the same weights, once per resample, and is reproducible', () => {
    const seen: string[][] = [[], []];
    const fingerprint = (w: Uint32Array): string => `${w[0]},${w[1]},${w[2]},${sum(w)}`;
    const statistics = [0, 1].map((s) => (w: Uint32Array) => {
      seen[s].push(fingerprint(w));
      return w[0];
    });
    const [a, b] = bootstrap({ n: 50, resamples: 200, seed: 'same', statistics });
    expect(seen[0]).toEqual(seen[1]);
    expect(seen[0]).toHaveLength(200);
    expect(new Set(seen[0]).size).toBeGreaterThan(20);
    expect(Array.from(a)).toEqual(Array.from(b));
    const [again] = bootstrap({ n: 50, resamples: 200, seed: 'same', statistics: [(w) => w[0]] });
    expect(Array.from(again)).toEqual(Array.from(a));
    const [other] = bootstrap({ n: 50, resamples: 200, seed: 'other', statistics: [(w) => w[0]] });
    expect(Array.from(other)).not.toEqual(Array.from(a));
  });

  it('defaults to 1000 resamples and a fixed seed, and records NaN statistics', () => {
    const [x] = bootstrap({ n: 20, statistics: [(w) => (w[0] === 0 ? NaN : w[0])] });
    const [y] = bootstrap({ n: 20, statistics: [(w) => (w[0] === 0 ? NaN : w[0])] });
    expect(x).toHaveLength(1000);
    expect(Array.from(x)).toEqual(Array.from(y));
    const ci = bootstrapInterval(x);
    // P(case 0 never drawn) = (19/20)^20 ≈ 0.358
    expect(ci.nanResamples / 1000).toBeGreaterThan(0.3);
    expect(ci.nanResamples / 1000).toBeLessThan(0.42);
    expect(() => bootstrap({ n: 5, resamples: 0, statistics: [] })).toThrow(RangeError);
    expect(() => bootstrap({ n: 5, resamples: 2.5, statistics: [] })).toThrow(RangeError);
  });
});

describe('bootstrapConfusion (multinomial over cells)', () => {
  // Binary confusion matrix [TP, FN, FP, TN] for 20,000 cases, accuracy 0.87.
  const counts = new Float64Array([7000, 1200, 1400, 10400]);
  const n = sum(counts);
  const accuracy = (c: Float64Array): number => (c[0] + c[3]) / (c[0] + c[1] + c[2] + c[3]);
  const precision = (c: Float64Array): number => c[0] / (c[0] + c[2]);

  it('keeps n fixed and gives the binomial standard error of accuracy', () => {
    const totals: number[] = [];
    const [acc, prec] = bootstrapConfusion({
      counts,
      resamples: 2000,
      seed: 3,
      statistics: [accuracy, precision, (c) => totals.push(sum(c))],
    });
    expect(new Set(totals)).toEqual(new Set([n]));
    const p = accuracy(counts);
    const se = Math.sqrt((p * (1 - p)) / n);
    const ci = bootstrapInterval(acc);
    expect(Math.abs(ci.standardError - se) / se).toBeLessThan(0.1);
    expect(Math.abs(ci.upper - ci.lower - 2 * 1.96 * se) / (2 * 1.96 * se)).toBeLessThan(0.1);
    const pp = precision(counts);
    const sePrecision = Math.sqrt((pp * (1 - pp)) / (counts[0] + counts[2]));
    expect(Math.abs(bootstrapInterval(prec).standardError - sePrecision) / sePrecision).toBeLessThan(0.15);
  });

  it('matches the per-case bootstrap of the same data', () => {
    const labels = new Uint8Array(n); // 0 = TP, 1 = FN, 2 = FP, 3 = TN
    let i = 0;
    counts.forEach((c, cell) => {
      for (let j = 0; j < c; j++) labels[i++] = cell;
    });
    const caseAccuracy = (w: Uint32Array): number => {
      let correct = 0;
      for (let k = 0; k < w.length; k++) if (labels[k] === 0 || labels[k] === 3) correct += w[k];
      return correct / w.length;
    };
    const perCase = bootstrapInterval(
      bootstrap({ n, resamples: 1000, seed: 4, statistics: [caseAccuracy] })[0],
    );
    const fast = bootstrapInterval(
      bootstrapConfusion({ counts, resamples: 1000, seed: 4, statistics: [accuracy] })[0],
    );
    expect(Math.abs(fast.standardError - perCase.standardError) / perCase.standardError).toBeLessThan(0.1);
    expect(Math.abs(fast.lower - perCase.lower)).toBeLessThan(0.2 * perCase.standardError * 4);
  });

  it('keeps empty cells empty, is reproducible and validates counts', () => {
    const sparse = new Float64Array([5, 0, 0, 3]);
    const seen: number[] = [];
    bootstrapConfusion({
      counts: sparse,
      resamples: 100,
      seed: 1,
      statistics: [(c) => seen.push(c[1] + c[2])],
    });
    expect(new Set(seen)).toEqual(new Set([0]));
    const a = bootstrapConfusion({ counts, resamples: 50, seed: 'k', statistics: [accuracy] })[0];
    const b = bootstrapConfusion({ counts, resamples: 50, seed: 'k', statistics: [accuracy] })[0];
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(() => bootstrapConfusion({ counts: [1, 2.5], statistics: [] })).toThrow(RangeError);
    expect(() => bootstrapConfusion({ counts: [1, -2], statistics: [] })).toThrow(RangeError);
  });
});
