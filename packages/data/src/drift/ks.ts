/** The two-sample Kolmogorov-Smirnov test, on raw samples or on two KLL sketches. */

import type { KllSketch } from '../sketch/kll.js';
import { kolmogorovSf, probOutsideBand, probOutsideSquare } from './kolmogorov.js';
import { sortedSample } from './validate.js';

export interface KsResult {
  /** sup |F_a(x) − F_b(x)| over the data. */
  statistic: number;
  pValue: number;
  /** How the p-value was computed (scipy's `method`). */
  method: 'exact' | 'asymp';
}

/** scipy's `MAX_AUTO_N`: `method='auto'` is exact while both samples have at most this many values. */
export const KS_EXACT_MAX_N = 10000;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Round half to even, as numpy's `np.round`. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The KS statistic of two sorted weighted samples: the largest gap between the two empirical CDFs evaluated at
 * every value (right-continuous, as `np.searchsorted(side='right')`): scipy's d, the larger of the positive and
 * negative gaps, each computed as F_a − F_b in floating point.
 */
function ksStatistic(
  a: Float64Array,
  aCumulative: ArrayLike<number>,
  b: Float64Array,
  bCumulative: ArrayLike<number>,
): number {
  const na = a.length;
  const nb = b.length;
  const aTotal = aCumulative[na - 1];
  const bTotal = bCumulative[nb - 1];
  let i = 0;
  let j = 0;
  let maxS = -Infinity;
  let minS = Infinity;
  while (i < na || j < nb) {
    const x = j >= nb || (i < na && a[i] <= b[j]) ? a[i] : b[j];
    while (i < na && a[i] === x) i++;
    while (j < nb && b[j] === x) j++;
    const wa = i === 0 ? 0 : aCumulative[i - 1];
    const wb = j === 0 ? 0 : bCumulative[j - 1];
    const diff = wa / aTotal - wb / bTotal;
    if (diff > maxS) maxS = diff;
    if (diff < minS) minS = diff;
  }
  const negative = Math.min(Math.max(-minS, 0), 1);
  return negative > maxS ? negative : maxS;
}

function unitCumulative(n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = i + 1;
  return out;
}

/** scipy's asymptotic two-sided p-value: kstwo.sf(d, round(m·n/(m + n))). */
function asymptoticPValue(d: number, n1: number, n2: number): number {
  const en = (n1 * n2) / (n1 + n2);
  return kolmogorovSf(roundHalfEven(en), d);
}

/**
 * Two-sided two-sample KS test matching `scipy.stats.ks_2samp(a, b)` (scipy 1.10, method='auto'): the p-value is
 * exact when both samples have at most 10 000 values (Hodges' lattice-path count; the statistic is then reported as
 * h/lcm(n1, n2), as scipy does) and asymptotic otherwise (the one-sample distribution kstwo at n = m·n/(m+n)), with
 * scipy's fallback to asymptotic when the exact computation fails. Throws RangeError on an empty sample or NaN.
 */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): KsResult {
  const u = sortedSample(a, 'a', 'ksTwoSample');
  const v = sortedSample(b, 'b', 'ksTwoSample');
  return ksSorted(u, unitCumulative(u.length), v, unitCumulative(v.length), 'auto');
}

function ksSorted(
  u: Float64Array,
  uCumulative: ArrayLike<number>,
  v: Float64Array,
  vCumulative: ArrayLike<number>,
  mode: 'auto' | 'asymp',
): KsResult {
  const n1 = uCumulative[u.length - 1];
  const n2 = vCumulative[v.length - 1];
  const d = ksStatistic(u, uCumulative, v, vCumulative);
  if (mode === 'auto' && Math.max(n1, n2) <= KS_EXACT_MAX_N) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = Math.round(d * lcm);
    const exactD = h / lcm;
    if (h === 0) return { statistic: exactD, pValue: 1, method: 'exact' };
    const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
    if (p >= 0 && p <= 1) return { statistic: exactD, pValue: p, method: 'exact' };
  }
  const p = asymptoticPValue(d, n1, n2);
  return { statistic: d, pValue: Math.min(Math.max(p, 0), 1), method: 'asymp' };
}

/**
 * KS test between two KLL sketches: the statistic is the largest gap between their weighted CDFs over the union of
 * retained items, with scipy's asymptotic p-value for sample sizes n1 = reference.n and n2 = current.n. When both
 * sketches are exact it is exactly {@link ksTwoSample} on the raw values (including scipy's exact p-value for small
 * samples). Throws RangeError if a sketch is empty.
 */
export function ksFromSketches(reference: KllSketch, current: KllSketch): KsResult {
  if (reference.n === 0 || current.n === 0)
    throw new RangeError(
      `ksFromSketches: the ${reference.n === 0 ? 'reference' : 'current'} sketch is empty`,
    );
  const r = reference.sortedItems();
  const c = current.sortedItems();
  const mode = reference.isExact && current.isExact ? 'auto' : 'asymp';
  return ksSorted(r.values, r.cumulativeWeights, c.values, c.cumulativeWeights, mode);
}
