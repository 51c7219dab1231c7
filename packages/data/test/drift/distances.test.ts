/** PSI, Wasserstein, Jensen-Shannon and L-infinity against numpy/scipy fixtures, plus their edge cases. */

import { describe, expect, it } from '@jest/globals';
import {
  alignCategories,
  categoricalDistributions,
  jensenShannonDistance,
  lInfinity,
  normalisedWasserstein,
  psi,
  wasserstein,
  wassersteinFromSketches,
} from '../../src/drift/index.js';
import { KllSketch, TopK } from '../../src/sketch/index.js';
import { close, loadFixture } from './fixtures.js';

describe('psi', () => {
  const fixture = loadFixture<{ reference: number[]; current: number[]; epsilon: number; psi: number }>(
    'psi.json',
  );

  it('matches numpy on every fixture case to 1e-12', () => {
    for (const c of fixture.cases) {
      const value = psi(c.reference, c.current, c.epsilon);
      if (!close(value, c.psi, 1e-12, 1e-15)) throw new Error(`psi(${JSON.stringify(c)}) = ${value}`);
    }
    expect(fixture.cases.length).toBeGreaterThan(30);
  });

  it('is 0 for proportional counts and accepts typed arrays', () => {
    expect(psi(Float64Array.from([1, 2, 3]), [2, 4, 6])).toBeCloseTo(0, 15);
  });

  it('rejects mismatched, negative, non-finite and all-zero inputs', () => {
    expect(() => psi([1, 2], [1, 2, 3])).toThrow(RangeError);
    expect(() => psi([1, -2], [1, 2])).toThrow(/not a finite count/);
    expect(() => psi([1, NaN], [1, 2])).toThrow(RangeError);
    expect(() => psi([0, 0], [1, 2])).toThrow(/add up to 0/);
    expect(() => psi([], [])).toThrow(/empty/);
    expect(() => psi([1], [1], 0)).toThrow(/epsilon/);
  });
});

describe('wasserstein', () => {
  const fixture = loadFixture<{ a: number[]; b: number[]; distance: number; referenceStd: number }>(
    'wasserstein.json',
  );

  it('matches scipy.stats.wasserstein_distance to 1e-12', () => {
    for (const c of fixture.cases) {
      const value = wasserstein(c.a, c.b);
      if (!close(value, c.distance, 1e-12, 1e-15))
        throw new Error(`case ${c.a.length}/${c.b.length}: ${value} vs ${c.distance}`);
    }
  });

  it('from exact sketches equals the exact distance', () => {
    for (const c of fixture.cases.filter((x) => x.a.length <= 200 && x.b.length <= 200)) {
      const a = new KllSketch();
      const b = new KllSketch();
      c.a.forEach((x) => a.update(x));
      c.b.forEach((x) => b.update(x));
      expect(a.isExact && b.isExact).toBe(true);
      expect(close(wassersteinFromSketches(a, b), c.distance, 1e-12, 1e-15)).toBe(true);
    }
  });

  it('from compacted sketches stays within the rank error times the range', () => {
    const c = fixture.cases.find((x) => x.a.length === 2000)!;
    const a = new KllSketch();
    const b = new KllSketch();
    c.a.forEach((x) => a.update(x));
    c.b.forEach((x) => b.update(x));
    expect(a.isExact).toBe(false);
    // |W_sketch − W| ≤ ∫|ΔF| ≤ (εa + εb)·range; range here is 3.
    expect(Math.abs(wassersteinFromSketches(a, b) - c.distance)).toBeLessThan(2 * a.normalisedRankError * 3);
  });

  it('normalises by the reference std; a constant reference gives 0 or Infinity', () => {
    const c = fixture.cases[0];
    expect(normalisedWasserstein(c.distance, c.referenceStd)).toBeCloseTo(c.distance / c.referenceStd, 14);
    expect(normalisedWasserstein(0, 0)).toBe(0);
    expect(normalisedWasserstein(2, 0)).toBe(Infinity);
    expect(normalisedWasserstein(2, NaN)).toBe(Infinity);
  });

  it('rejects empty samples, NaN and empty sketches', () => {
    expect(() => wasserstein([], [1])).toThrow(/empty/);
    expect(() => wasserstein([1, NaN], [1])).toThrow(/NaN/);
    expect(() => wassersteinFromSketches(new KllSketch(), new KllSketch())).toThrow(/empty/);
  });
});

describe('jensenShannonDistance and lInfinity', () => {
  const fixture = loadFixture<{ p: number[]; q: number[]; jensenShannon: number; lInfinity: number }>(
    'categorical.json',
  );

  it('match scipy jensenshannon(base=2) and numpy to 1e-12', () => {
    for (const c of fixture.cases) {
      const js = jensenShannonDistance(c.p, c.q);
      if (!close(js, c.jensenShannon, 1e-12, 1e-8))
        throw new Error(`js(${c.p.join(',')}, ${c.q.join(',')}) = ${js} vs ${c.jensenShannon}`);
      expect(close(lInfinity(c.p, c.q), c.lInfinity, 1e-12, 1e-16)).toBe(true);
    }
  });

  it('are 0 for identical and 1 for disjoint distributions', () => {
    expect(jensenShannonDistance([1, 2, 3], [2, 4, 6])).toBe(0);
    expect(jensenShannonDistance([1, 0], [0, 1])).toBeCloseTo(1, 15);
    expect(lInfinity([1, 0], [0, 1])).toBe(1);
  });
});

describe('categoricalDistributions', () => {
  it('aligns the union of values with an "other" bucket per side', () => {
    const ref = new TopK(4);
    const cur = new TopK(4);
    for (const v of ['a', 'a', 'a', 'b', 'b', 'c']) ref.add(v);
    for (const v of ['b', 'b', 'd', 'a']) cur.add(v);
    const aligned = alignCategories(ref, cur);
    expect(aligned.categories).toEqual(['a', 'b', 'c', 'd']);
    expect(aligned.reference).toEqual([3, 2, 1, 0, 0]);
    expect(aligned.current).toEqual([1, 2, 0, 1, 0]);
    expect(categoricalDistributions(ref, cur)).toEqual([aligned.reference, aligned.current]);
  });

  it('puts the mass of untracked values into "other"', () => {
    const ref = new TopK(2);
    for (let i = 0; i < 100; i++) ref.add(`v${i % 10}`);
    ref.add('v0');
    const cur = new TopK(2);
    cur.add('v0');
    const [p, q] = categoricalDistributions(ref, cur);
    expect(ref.isExact).toBe(false);
    expect(p.reduce((s, c) => s + c, 0)).toBe(ref.total);
    expect(q).toEqual([...new Array(q.length - 1).fill(0).map((_, i) => (i === 0 ? 1 : 0)), 0]);
  });
});
