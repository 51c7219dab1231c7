/** Statistical and determinism tests of the seeded generator and its samplers (fixed seeds: a failure is a real defect). */

import { describe, expect, it } from '@jest/globals';
import { Rng, binomialPmf, normalQuantile, seedWord } from '../../src/statistics/index.js';

/** Sample mean and (n − 1) variance. */
function moments(xs: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  const mean = sum / xs.length;
  let ss = 0;
  for (let i = 0; i < xs.length; i++) ss += (xs[i] - mean) ** 2;
  return { mean, variance: ss / (xs.length - 1) };
}

/** Upper 1 − 1e-6 quantile of χ²(df) by Wilson & Hilferty (1931). */
function chiSquareCritical(df: number): number {
  const z = normalQuantile(1 - 1e-6);
  const v = 2 / (9 * df);
  return df * (1 - v + z * Math.sqrt(v)) ** 3;
}

describe('Rng determinism and seeding', () => {
  it('gives the same stream for the same seed, across every sampler', () => {
    const draw = (rng: Rng): number[] => [
      rng.nextUint32(),
      rng.nextFloat(),
      rng.nextInt(1000),
      rng.normal(),
      rng.normal(),
      rng.binomial(1_000_000, 0.3),
      rng.binomial(20, 0.01),
      ...rng.multinomialInto(500, [1, 2, 3], new Float64Array(3)),
    ];
    expect(draw(new Rng(7))).toEqual(draw(new Rng(7)));
    expect(draw(new Rng('run-42'))).toEqual(draw(new Rng('run-42')));
  });

  it('gives different streams for different seeds, including adjacent integers and a number vs its text', () => {
    const first = (seed: number | string): number[] => {
      const rng = new Rng(seed);
      return Array.from({ length: 8 }, () => rng.nextUint32());
    };
    const streams = [first(0), first(1), first(2), first(-1), first('0'), first('1'), first('')].map((s) =>
      s.join(','),
    );
    expect(new Set(streams).size).toBe(streams.length);
  });

  it('maps signed and unsigned 32-bit seeds to the same word and rejects other numbers', () => {
    expect(seedWord(-1)).toBe(0xffffffff);
    expect(seedWord(0xffffffff)).toBe(0xffffffff);
    expect(new Rng(-1).nextUint32()).toBe(new Rng(0xffffffff).nextUint32());
    for (const bad of [1.5, 2 ** 32, -(2 ** 31) - 1, NaN, Infinity])
      expect(() => new Rng(bad)).toThrow(RangeError);
  });
});

describe('Rng uniform draws', () => {
  it('nextFloat is in [0, 1), has 53-bit resolution and mean 1/2', () => {
    const rng = new Rng(1);
    const n = 200_000;
    const xs = new Float64Array(n);
    let fineBits = 0;
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.nextFloat();
      const scaled = x * 2 ** 53;
      if (!(x >= 0 && x < 1) || !Number.isInteger(scaled)) bad++;
      if (scaled % 2 ** 21 !== 0) fineBits++; // bits below 2^-32 are used
      xs[i] = x;
    }
    expect(bad).toBe(0);
    expect(fineBits).toBeGreaterThan(n * 0.99);
    const { mean, variance } = moments(xs);
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / n));
  });

  it('nextInt is uniform on small ranges (χ² test) for the multiply-shift path', () => {
    const rng = new Rng(2);
    for (const k of [2, 7, 10, 1000]) {
      const counts = new Float64Array(k);
      const draws = 200 * k;
      for (let i = 0; i < draws; i++) counts[rng.nextInt(k)]++;
      let chi2 = 0;
      for (let j = 0; j < k; j++) chi2 += (counts[j] - 200) ** 2 / 200;
      expect(chi2).toBeLessThan(chiSquareCritical(k - 1));
    }
  });

  it('nextInt covers the rejection paths for n > 2^21 and n > 2^32 and validates n', () => {
    const rng = new Rng(3);
    for (const n of [3_000_000_000, 2 ** 40 + 12345, 2 ** 53]) {
      const xs = new Float64Array(20_000);
      let bad = 0;
      for (let i = 0; i < xs.length; i++) {
        const x = rng.nextInt(n);
        if (!(Number.isInteger(x) && x >= 0 && x < n)) bad++;
        xs[i] = x / n;
      }
      expect(bad).toBe(0);
      const { mean } = moments(xs);
      expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / xs.length));
    }
    expect(rng.nextInt(1)).toBe(0);
    for (const bad of [0, -3, 2.5, 2 ** 53 + 2, NaN]) expect(() => rng.nextInt(bad)).toThrow(RangeError);
  });
});

describe('Rng.normal', () => {
  it('has mean 0, variance 1, no skew and kurtosis 3 (within 5 standard errors)', () => {
    const rng = new Rng(4);
    const n = 200_000;
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) xs[i] = rng.normal();
    const { mean, variance } = moments(xs);
    let m3 = 0;
    let m4 = 0;
    for (let i = 0; i < n; i++) {
      m3 += xs[i] ** 3;
      m4 += xs[i] ** 4;
    }
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(m3 / n)).toBeLessThan(5 * Math.sqrt(15 / n));
    expect(Math.abs(m4 / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
    // Tail frequency: P(|Z| > 1.96) = 0.05.
    let tail = 0;
    for (let i = 0; i < n; i++) if (Math.abs(xs[i]) > 1.959963984540054) tail++;
    expect(Math.abs(tail / n - 0.05)).toBeLessThan(5 * Math.sqrt((0.05 * 0.95) / n));
  });
});

describe('Rng.binomial', () => {
  // Inversion (n·p < 10), BTRS (n·p ≥ 10), both sides of the switch, reflection for p > 1/2, huge n.
  const cases: Array<[number, number]> = [
    [20, 0.01],
    [1_000_000, 0.3],
    [10, 0.5],
    [30, 0.3],
    [34, 0.3],
    [100, 0.5],
    [1000, 0.02],
    [50, 0.95],
    [1_000_000_000, 1e-8],
    [2 ** 40, 0.5],
    [1_000_000, 0.999],
    [7, 1e-9],
  ];

  it.each(cases)('Bin(%d, %d): sample mean and variance within 5 standard errors', (n, p) => {
    const rng = new Rng(`binomial ${n} ${p}`);
    const draws = 20_000;
    const xs = new Float64Array(draws);
    let bad = 0;
    for (let i = 0; i < draws; i++) {
      const x = rng.binomial(n, p);
      if (!(Number.isInteger(x) && x >= 0 && x <= n)) bad++;
      xs[i] = x;
    }
    expect(bad).toBe(0);
    const { mean, variance } = moments(xs);
    const mu = n * p;
    const sigma2 = n * p * (1 - p);
    // Central 4th moment of the binomial: σ²(1 + 3(n − 2)pq); Var(s²) ≈ (μ4 − σ⁴)/N.
    const mu4 = sigma2 * (1 + 3 * (n - 2) * p * (1 - p));
    expect(Math.abs(mean - mu)).toBeLessThan(5 * Math.sqrt(sigma2 / draws));
    expect(Math.abs(variance - sigma2)).toBeLessThan(
      5 * Math.sqrt(Math.max(mu4 - sigma2 * sigma2, 1e-12) / draws),
    );
  });

  it.each([
    [25, 0.2],
    [40, 0.3],
    [60, 0.5],
    [200, 0.1],
    [45, 0.8],
  ])('Bin(%d, %d) passes a χ² goodness-of-fit test against the exact pmf', (n, p) => {
    const rng = new Rng(`gof ${n} ${p}`);
    const draws = 200_000;
    const counts = new Float64Array(n + 1);
    for (let i = 0; i < draws; i++) counts[rng.binomial(n, p)]++;
    // Pool outcomes into cells with expected count ≥ 5 (tails merged into their neighbours).
    let chi2 = 0;
    let cells = 0;
    let observed = 0;
    let expected = 0;
    for (let k = 0; k <= n; k++) {
      observed += counts[k];
      expected += draws * binomialPmf(k, n, p);
      if (expected >= 5 && (k === n || draws * (1 - cdfUpTo(k, n, p)) >= 5)) {
        chi2 += (observed - expected) ** 2 / expected;
        cells++;
        observed = 0;
        expected = 0;
      }
    }
    if (expected > 0) chi2 += (observed - expected) ** 2 / expected;
    expect(cells).toBeGreaterThan(5);
    expect(chi2).toBeLessThan(chiSquareCritical(cells - 1));
  });

  it('handles the degenerate cases and validates its arguments', () => {
    const rng = new Rng(5);
    expect(rng.binomial(0, 0.5)).toBe(0);
    expect(rng.binomial(10, 0)).toBe(0);
    expect(rng.binomial(10, 1)).toBe(10);
    expect(rng.binomial(1, 1e-300)).toBe(0);
    for (const [n, p] of [
      [-1, 0.5],
      [2.5, 0.5],
      [10, -0.1],
      [10, 1.1],
      [10, NaN],
    ]) {
      expect(() => rng.binomial(n, p)).toThrow(RangeError);
    }
  });
});

function cdfUpTo(k: number, n: number, p: number): number {
  let s = 0;
  for (let j = 0; j <= k; j++) s += binomialPmf(j, n, p);
  return s;
}

describe('Rng.multinomialInto', () => {
  it('sums to n, keeps zero-weight cells empty and matches the cell means', () => {
    const rng = new Rng(6);
    const weights = [50, 0, 30, 15, 0, 5]; // counts, not normalized
    const n = 1000;
    const draws = 5000;
    const sums = new Float64Array(weights.length);
    const out = new Uint32Array(weights.length);
    let bad = 0;
    for (let i = 0; i < draws; i++) {
      rng.multinomialInto(n, weights, out);
      let total = 0;
      for (let j = 0; j < out.length; j++) {
        total += out[j];
        sums[j] += out[j];
      }
      if (total !== n || out[1] !== 0 || out[4] !== 0) bad++;
    }
    expect(bad).toBe(0);
    for (let j = 0; j < weights.length; j++) {
      const pj = weights[j] / 100;
      const se = Math.sqrt((n * pj * (1 - pj)) / draws);
      expect(Math.abs(sums[j] / draws - n * pj)).toBeLessThanOrEqual(5 * se);
    }
  });

  it('sums to n for a million cases over a 3×3 confusion matrix and handles n = 0', () => {
    const rng = new Rng(7);
    const counts = new Float64Array([400000, 20000, 5000, 30000, 300000, 15000, 1000, 9000, 220000]);
    const out = new Float64Array(9);
    for (let i = 0; i < 100; i++) {
      rng.multinomialInto(1_000_000, counts, out);
      expect(out.reduce((a, b) => a + b, 0)).toBe(1_000_000);
    }
    expect(Array.from(rng.multinomialInto(0, counts, out))).toEqual(new Array(9).fill(0));
  });

  it('rejects bad weights, bad n and a short output', () => {
    const rng = new Rng(8);
    expect(() => rng.multinomialInto(5, [1, -1], new Float64Array(2))).toThrow(RangeError);
    expect(() => rng.multinomialInto(5, [1, NaN], new Float64Array(2))).toThrow(RangeError);
    expect(() => rng.multinomialInto(5, [0, 0], new Float64Array(2))).toThrow(RangeError);
    expect(() => rng.multinomialInto(1.5, [1, 1], new Float64Array(2))).toThrow(RangeError);
    expect(() => rng.multinomialInto(5, [1, 1, 1], new Float64Array(2))).toThrow(RangeError);
  });
});
