/** The first Wasserstein (earth mover's) distance between two one-dimensional distributions. */

import type { KllSketch } from '../sketch/kll.js';
import { sortedSample } from './validate.js';

/**
 * W₁ = ∫ |F_u(x) − F_v(x)| dx between two weighted samples given as sorted values with cumulative weights: the
 * formula of `scipy.stats.wasserstein_distance` (its `_cdf_distance` with p = 1), walking the merged values once.
 */
function cdfDistance(
  u: Float64Array,
  uCumulative: ArrayLike<number>,
  v: Float64Array,
  vCumulative: ArrayLike<number>,
): number {
  const nu = u.length;
  const nv = v.length;
  const uTotal = uCumulative[nu - 1];
  const vTotal = vCumulative[nv - 1];
  let i = 0;
  let j = 0;
  let fu = 0;
  let fv = 0;
  let previous = u[0] < v[0] ? u[0] : v[0];
  let sum = 0;
  while (i < nu || j < nv) {
    const x = j >= nv || (i < nu && u[i] <= v[j]) ? u[i] : v[j];
    sum += Math.abs(fu - fv) * (x - previous);
    while (i < nu && u[i] === x) i++;
    while (j < nv && v[j] === x) j++;
    fu = i === 0 ? 0 : uCumulative[i - 1] / uTotal;
    fv = j === 0 ? 0 : vCumulative[j - 1] / vTotal;
    previous = x;
  }
  return sum;
}

/** Cumulative weights 1, 2, …, n of an unweighted sorted sample. */
function unitCumulative(n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = i + 1;
  return out;
}

/**
 * Exact W₁ between two samples, equal to `scipy.stats.wasserstein_distance(a, b)` (to rounding: scipy sums
 * pairwise). In the units of the data. Throws RangeError on an empty sample or NaN.
 */
export function wasserstein(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const u = sortedSample(a, 'a', 'wasserstein');
  const v = sortedSample(b, 'b', 'wasserstein');
  return cdfDistance(u, unitCumulative(u.length), v, unitCumulative(v.length));
}

/**
 * W₁ between the distributions two KLL sketches describe: each retained item weighted by its weight (scipy's
 * `wasserstein_distance(u, v, u_weights, v_weights)`). Exact — the same number as {@link wasserstein} on the raw
 * values — when both sketches are exact; otherwise within about (rank error × range) of it. Throws RangeError if a
 * sketch is empty.
 */
export function wassersteinFromSketches(reference: KllSketch, current: KllSketch): number {
  if (reference.n === 0 || current.n === 0)
    throw new RangeError(
      `wassersteinFromSketches: the ${reference.n === 0 ? 'reference' : 'current'} sketch is empty`,
    );
  const r = reference.sortedItems();
  const c = current.sortedItems();
  return cdfDistance(r.values, r.cumulativeWeights, c.values, c.cumulativeWeights);
}

/**
 * W₁ in units of the reference's standard deviation: distance / referenceStd, comparable across columns.
 * A constant reference (std 0, or NaN with fewer than two values) has no scale: the result is 0 when the distance
 * is 0 and +Infinity otherwise (any shift away from a constant is an unbounded drift); callers writing JSON must
 * turn Infinity into null or a string.
 */
export function normalisedWasserstein(distance: number, referenceStd: number): number {
  if (!(distance >= 0)) throw new RangeError(`normalisedWasserstein: distance must be ≥ 0, got ${distance}`);
  if (referenceStd > 0) return distance / referenceStd;
  return distance === 0 ? 0 : Infinity;
}
