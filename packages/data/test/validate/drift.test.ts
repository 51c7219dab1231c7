/**
 * Drift: `compareColumn` on column profiles built by adding values, with every expected number computed here
 * from the raw values (references under 200 values keep the KLL sketch exact, so its deciles are order
 * statistics), and validateData's drift checks (identifiers skipped, dataset drift).
 */
import { describe, expect, it } from '@jest/globals';
import { ColumnProfile } from '../../src/profile/column.js';
import { compareColumn, referenceEdges, type DriftSettings } from '../../src/validate/drift.js';
import { checkOf, csv, hasCheck, validate } from './helpers.js';

/** Seeded standard normal values (mulberry32 + Box-Muller). */
function normals(count: number, seed: number, mean = 0, std = 1): number[] {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out: number[] = [];
  while (out.length < count) {
    const u = 1 - uniform();
    const v = uniform();
    out.push(mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }
  return out;
}

function numericProfile(values: number[], edges?: number[]): ColumnProfile {
  const profile = new ColumnProfile('x', 'number', edges);
  for (const value of values) {
    profile.count++;
    profile.addNumber(value);
  }
  return profile;
}

function categoricalProfile(counts: Record<string, number>): ColumnProfile {
  const profile = new ColumnProfile('c', 'string');
  for (const [value, count] of Object.entries(counts))
    for (let i = 0; i < count; i++) {
      profile.count++;
      profile.addText(value);
    }
  return profile;
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

/** Deciles as the inverse empirical CDF: the ⌈q·n⌉-th smallest value, for q = 0.1 … 0.9. */
function deciles(values: number[]): number[] {
  const s = sorted(values);
  return [1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => s[Math.ceil((i * s.length) / 10) - 1]);
}

/** Counts in (-∞, e1], (e1, e2], …, (e9, ∞). */
function binCounts(values: number[], edges: number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const value of values) {
    let bin = 0;
    while (bin < edges.length && value > edges[bin]) bin++;
    counts[bin]++;
  }
  return counts;
}

/** PSI with empty bins floored at 1e-4. */
function psiByHand(reference: number[], current: number[]): number {
  const r = reference.reduce((a, b) => a + b, 0);
  const c = current.reduce((a, b) => a + b, 0);
  let sum = 0;
  for (let i = 0; i < reference.length; i++) {
    const p = reference[i] === 0 ? 1e-4 : reference[i] / r;
    const q = current[i] === 0 ? 1e-4 : current[i] / c;
    sum += (q - p) * Math.log(q / p);
  }
  return sum;
}

function sampleStd(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
}

/** Jensen-Shannon distance, base 2, of two count vectors. */
function jsByHand(p: number[], q: number[]): number {
  const ps = p.reduce((a, b) => a + b, 0);
  const qs = q.reduce((a, b) => a + b, 0);
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i] / ps;
    const b = q[i] / qs;
    const m = (a + b) / 2;
    if (a > 0) sum += a * Math.log2(a / m);
    if (b > 0) sum += b * Math.log2(b / m);
  }
  return Math.sqrt(sum / 2);
}

const PSI: DriftSettings = { statistic: 'psi', warn: 0.1, fail: 0.25 };
const WASSERSTEIN: DriftSettings = { statistic: 'wasserstein', warn: 0.1, fail: 0.25 };
const JS: DriftSettings = { statistic: 'jensen_shannon', warn: 0.05, fail: 0.1 };

describe('drift: PSI on numeric columns', () => {
  const reference = normals(150, 1);
  const shifted = normals(150, 2, 1, 1);

  it('a normal sample shifted by one standard deviation fails, with the PSI of the decile bins', async () => {
    const edges = deciles(reference);
    const referenceCounts = binCounts(reference, edges);
    // 150 distinct values: 15 in each reference decile bin.
    expect(referenceCounts).toEqual(new Array(10).fill(15));
    const expected = psiByHand(referenceCounts, binCounts(shifted, edges));
    expect(expected).toBeGreaterThan(0.25);

    const result = compareColumn('x', numericProfile(reference), numericProfile(shifted), PSI, 100);
    expect(result.status).toBe('fail');
    expect(result.statistic).toBe('psi');
    expect(result.value).toBeCloseTo(expected, 12);
    expect(result.details?.psi).toBeCloseTo(expected, 12);
    expect(result).toMatchObject({ column: 'x', warn: 0.1, fail: 0.25 });
  });

  it('the deciles are the frozen edges a current profile counts into, and give the same PSI', () => {
    const profile = numericProfile(reference);
    expect(referenceEdges(new Map([['x', profile]])).get('x')).toEqual(deciles(reference));
    const current = numericProfile(shifted, deciles(reference));
    const result = compareColumn('x', profile, current, PSI, 100);
    expect(result.value).toBeCloseTo(
      psiByHand(binCounts(reference, deciles(reference)), binCounts(shifted, deciles(reference))),
      12,
    );
  });

  it('the same sample does not drift; a small shift warns', () => {
    const same = compareColumn('x', numericProfile(reference), numericProfile(reference), PSI, 100);
    expect(same).toMatchObject({ status: 'pass', value: 0 });
    const nudged = normals(150, 3, 0.35, 1);
    const expected = psiByHand(
      binCounts(reference, deciles(reference)),
      binCounts(nudged, deciles(reference)),
    );
    const result = compareColumn('x', numericProfile(reference), numericProfile(nudged), PSI, 100);
    expect(result.value).toBeCloseTo(expected, 12);
    expect(result.status).toBe(expected >= 0.25 ? 'fail' : expected >= 0.1 ? 'warn' : 'pass');
  });

  it('reports the KS statistic of a small reference', () => {
    const result = compareColumn('x', numericProfile(reference), numericProfile(shifted), PSI, 100);
    const a = sorted(reference);
    const b = sorted(shifted);
    let ks = 0;
    for (const x of [...a, ...b]) {
      const fa = a.filter((v) => v <= x).length / a.length;
      const fb = b.filter((v) => v <= x).length / b.length;
      ks = Math.max(ks, Math.abs(fa - fb));
    }
    expect(result.details?.ks).toBeCloseTo(ks, 12);
    expect(result.details?.ksPValue).toBeLessThan(0.001);
  });
});

describe('drift: Wasserstein', () => {
  it('when configured, the gated value is W1 in reference standard deviations', () => {
    const reference = normals(150, 4);
    const current = normals(150, 5, 0.5, 1.5);
    // Equal sample sizes: W1 is the mean distance between order statistics.
    const a = sorted(reference);
    const b = sorted(current);
    const w1 = a.reduce((sum, v, i) => sum + Math.abs(v - b[i]), 0) / a.length;
    const expected = w1 / sampleStd(reference);
    const result = compareColumn('x', numericProfile(reference), numericProfile(current), WASSERSTEIN, 100);
    expect(result.statistic).toBe('wasserstein');
    expect(result.value).toBeCloseTo(expected, 10);
    expect(result.details?.wasserstein).toBeCloseTo(expected, 10);
    expect(result.status).toBe('fail');
  });

  it('is reported alongside PSI, and is 0 for the same sample', () => {
    const reference = normals(150, 6);
    const result = compareColumn('x', numericProfile(reference), numericProfile(reference), PSI, 100);
    expect(result.details?.wasserstein).toBe(0);
  });
});

describe('drift: Jensen-Shannon on categorical columns', () => {
  it('fails at ≥ 0.1', () => {
    const reference = { a: 100, b: 60, c: 40 };
    const current = { a: 100, b: 40, c: 60 };
    const expected = jsByHand([100, 60, 40], [100, 40, 60]);
    expect(expected).toBeGreaterThan(0.1);
    const result = compareColumn('c', categoricalProfile(reference), categoricalProfile(current), JS, 100);
    expect(result).toMatchObject({ status: 'fail', statistic: 'jensen_shannon' });
    expect(result.value).toBeCloseTo(expected, 12);
    expect(result.details?.linf).toBeCloseTo(0.1, 12);
    expect(result.details?.chi2).toBeGreaterThan(0);
  });

  it('warns between 0.05 and 0.1', () => {
    const expected = jsByHand([100, 55, 45], [100, 45, 55]);
    expect(expected).toBeGreaterThanOrEqual(0.05);
    expect(expected).toBeLessThan(0.1);
    const result = compareColumn(
      'c',
      categoricalProfile({ a: 100, b: 55, c: 45 }),
      categoricalProfile({ a: 100, b: 45, c: 55 }),
      JS,
      100,
    );
    expect(result.status).toBe('warn');
    expect(result.value).toBeCloseTo(expected, 12);
  });

  it('a new category counts: the current-only value gets its own bin', () => {
    const expected = jsByHand([100, 100, 0], [100, 80, 20]);
    const result = compareColumn(
      'c',
      categoricalProfile({ a: 100, b: 100 }),
      categoricalProfile({ a: 100, b: 80, new: 20 }),
      JS,
      100,
    );
    expect(result.value).toBeCloseTo(expected, 12);
  });

  it('L-infinity when configured', () => {
    const result = compareColumn(
      'c',
      categoricalProfile({ a: 100, b: 60, c: 40 }),
      categoricalProfile({ a: 70, b: 90, c: 40 }),
      { statistic: 'linf', warn: 0.1, fail: 0.2 },
      100,
    );
    expect(result.value).toBeCloseTo(0.15, 12);
    expect(result.status).toBe('warn');
  });
});

describe('drift: not compared', () => {
  it('insufficient below minRows on either side', () => {
    const small = compareColumn(
      'x',
      numericProfile(normals(50, 7)),
      numericProfile(normals(150, 8)),
      PSI,
      100,
    );
    expect(small).toMatchObject({
      status: 'insufficient',
      value: null,
      details: { referenceValues: 50, currentValues: 150, minRows: 100 },
    });
    const current = compareColumn(
      'x',
      numericProfile(normals(150, 7)),
      numericProfile(normals(99, 8)),
      PSI,
      100,
    );
    expect(current.status).toBe('insufficient');
    const categorical = compareColumn(
      'c',
      categoricalProfile({ a: 60 }),
      categoricalProfile({ a: 200 }),
      JS,
      100,
    );
    expect(categorical.status).toBe('insufficient');
  });

  it('info for a near-unique categorical reference (ids, free text)', () => {
    const ids = (from: number) =>
      Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`id-${from + i}`, 1]));
    const result = compareColumn('c', categoricalProfile(ids(0)), categoricalProfile(ids(5000)), JS, 100);
    expect(result.status).toBe('info');
    expect(result.value).toBeNull();
    expect(Math.abs((result.details?.distinct as number) - 1000)).toBeLessThan(50);
  });
});

describe('drift in validateData', () => {
  /** Rows id,x,y,c: x and y normal, c categorical; `shift` moves x, `shiftY` moves y, `flip` changes c. */
  function data(seed: number, n: number, options: { shift?: number; shiftY?: number; flip?: boolean } = {}) {
    const x = normals(n, seed, options.shift ?? 0);
    const y = normals(n, seed + 100, options.shiftY ?? 0);
    return csv(
      'id,x,y,c',
      x.map((value, i) => {
        const c = options.flip ? (i % 4 === 0 ? 'a' : 'b') : i % 4 === 0 ? 'b' : 'a';
        return `${seed * 10000 + i},${value.toFixed(6)},${y[i].toFixed(6)},${c}`;
      }),
    );
  }
  const contract = (extra = '', xExtra = '') =>
    `${extra}primaryKey: id\nfields:\n  - name: id\n    type: integer\n  - name: x\n    type: number\n${xExtra}  - name: y\n    type: number\n  - name: c\n`;

  it('identifier columns are skipped; one drifted column of three is no dataset drift', async () => {
    const { report } = await validate(
      { 'ref.csv': data(1, 2000), 'cur.csv': data(2, 2000, { shift: 1.5 }) },
      contract(),
      { referenceData: ['ref.csv'] },
    );
    expect(report.drift.map((d) => d.column)).toEqual(['x', 'y', 'c']);
    const x = report.drift.find((d) => d.column === 'x')!;
    expect(x.status).toBe('fail');
    // 2,000 values a side: the calibrated fail level (33.7·(2/2000) = 0.034) is below its floor 0.25.
    expect(checkOf(report, 'drift', 'x')).toMatchObject({ status: 'fail', expected: '< 0.25' });
    expect(report.driftedColumns.map((d) => d.column)).toEqual(['x']);
    expect(checkOf(report, 'datasetDrift')).toMatchObject({ status: 'pass', observed: '1/3' });
  });

  it('dataset drift when at least datasetShare of the compared columns drift', async () => {
    const { report } = await validate(
      { 'ref.csv': data(1, 2000), 'cur.csv': data(2, 2000, { shift: 1.5, flip: true }) },
      contract(),
      { referenceData: ['ref.csv'] },
    );
    expect(report.drift.find((d) => d.column === 'c')?.status).toBe('fail');
    expect(checkOf(report, 'datasetDrift')).toMatchObject({
      status: 'fail',
      observed: '2/3',
      message: '2 of 3 compared columns drifted (dataset drift at ≥ 50%)',
    });
    const lower = await validate(
      { 'ref.csv': data(1, 2000), 'cur.csv': data(2, 2000, { shift: 1.5 }) },
      contract('drift: { datasetShare: 0.3 }\n'),
      { referenceData: ['ref.csv'] },
    );
    expect(checkOf(lower.report, 'datasetDrift')).toMatchObject({ status: 'fail', observed: '1/3' });
  });

  it('insufficient columns are not compared: no drift checks below minRows', async () => {
    const { report } = await validate(
      { 'ref.csv': data(1, 50), 'cur.csv': data(2, 50, { shift: 3 }) },
      contract(),
      { referenceData: ['ref.csv'] },
    );
    expect(report.drift.every((d) => d.status === 'insufficient')).toBe(true);
    expect(hasCheck(report, 'drift')).toBe(false);
    expect(hasCheck(report, 'datasetDrift')).toBe(false);
  });

  it('a warn-severity field turns its failing drift into a warning; drift: false turns it off', async () => {
    const warned = await validate(
      { 'ref.csv': data(1, 2000), 'cur.csv': data(2, 2000, { shift: 1.5 }) },
      contract('drift: { datasetShare: 1 }\n', '    severity: warn\n'),
      { referenceData: ['ref.csv'] },
    );
    expect(checkOf(warned.report, 'drift', 'x')).toMatchObject({ status: 'warn', severity: 'warn' });
    expect(warned.report.outcome).toBe('warn');
    const off = await validate(
      { 'ref.csv': data(1, 2000), 'cur.csv': data(2, 2000, { shift: 1.5 }) },
      contract('', '    drift: false\n'),
      { referenceData: ['ref.csv'] },
    );
    expect(off.report.drift.map((d) => d.column)).toEqual(['y', 'c']);
  });

  it('a dataset whose only drifted column is warn-severity warns, not fails', async () => {
    const single = (seed: number, shift: number) =>
      csv(
        'x',
        normals(2000, seed, shift).map((v) => v.toFixed(6)),
      );
    const { report } = await validate(
      { 'ref.csv': single(1, 0), 'cur.csv': single(2, 1.5) },
      'fields:\n  - name: x\n    type: number\n    severity: warn\n',
      { referenceData: ['ref.csv'] },
    );
    expect(checkOf(report, 'drift', 'x')).toMatchObject({ status: 'warn', severity: 'warn' });
    expect(checkOf(report, 'datasetDrift').status).not.toBe('fail');
    expect(report.outcome).toBe('warn');
  });

  it('a reference profile file gives the same drift as the reference data', async () => {
    const { profile } = await validate({ 'ref.csv': data(1, 2000) }, contract());
    const fromData = await validate(
      { 'ref.csv': data(1, 2000), 'cur.csv': data(2, 2000, { shift: 1.5 }) },
      contract(),
      { referenceData: ['ref.csv'] },
    );
    const fromProfile = await validate(
      { 'ref.profile.json': JSON.stringify(profile), 'cur.csv': data(2, 2000, { shift: 1.5 }) },
      contract(),
      { referenceProfile: 'ref.profile.json' },
    );
    expect(fromProfile.report.drift.map((d) => [d.column, d.status])).toEqual(
      fromData.report.drift.map((d) => [d.column, d.status]),
    );
    for (const [i, d] of fromProfile.report.drift.entries())
      expect(d.value).toBeCloseTo(fromData.report.drift[i].value!, 12);
  });
});
