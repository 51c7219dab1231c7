/** Distances between categorical distributions, and the alignment of two frequent-value sketches into vectors. */

import type { TopK } from '../sketch/topk.js';
import { checkCountPair } from './validate.js';

/** x·ln(x/y) with 0·ln(0/y) = 0 (scipy.special.rel_entr for x, y ≥ 0, y > 0 wherever x > 0). */
function relativeEntropyTerm(x: number, y: number): number {
  return x > 0 ? x * Math.log(x / y) : 0;
}

/**
 * Jensen-Shannon distance with base-2 logarithms, in [0, 1]:
 * sqrt((KL(p‖m) + KL(q‖m)) / 2 / ln 2) with p, q normalised to sum 1 and m = (p + q)/2. The same computation, in
 * the same order, as `scipy.spatial.distance.jensenshannon(p, q, base=2)`. Inputs are counts or weights of the same
 * categories. Throws RangeError on different lengths, negative or non-finite entries, or an all-zero side.
 */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  const [pTotal, qTotal] = checkCountPair(p, q, 'jensenShannonDistance');
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] / pTotal;
    const qi = q[i] / qTotal;
    const m = (pi + qi) / 2;
    left += relativeEntropyTerm(pi, m);
    right += relativeEntropyTerm(qi, m);
  }
  const js = (left + right) / Math.LN2;
  // Rounding can leave a tiny negative number for identical inputs; the distance is then 0.
  return js > 0 ? Math.sqrt(js / 2) : 0;
}

/**
 * L-infinity distance: the largest absolute difference between the two vectors' proportions, maxᵢ |pᵢ/Σp − qᵢ/Σq|,
 * in [0, 1] (the biggest change of one category's share). Same argument rules as {@link jensenShannonDistance}.
 */
export function lInfinity(p: ArrayLike<number>, q: ArrayLike<number>): number {
  const [pTotal, qTotal] = checkCountPair(p, q, 'lInfinity');
  let max = 0;
  for (let i = 0; i < p.length; i++) {
    const d = Math.abs(p[i] / pTotal - q[i] / qTotal);
    if (d > max) max = d;
  }
  return max;
}

/** Two frequent-value sketches as count vectors over the same categories. */
export interface CategoryAlignment {
  /** The known values, in the order of the vectors (reference count desc, then current count desc, then value). */
  categories: string[];
  /** Counts per category, then one last "other" entry: the rest of the reference's total. */
  reference: number[];
  /** Counts per category, then one last "other" entry: the rest of the current total. */
  current: number[];
}

/**
 * Aligns two TopK sketches: the union of the values either tracks, each with its count on both sides (0 where a
 * side does not track it), plus a final "other" bucket holding the rest of each side's total (values that side no
 * longer tracks). Vectors are length categories.length + 1. When both sketches are exact, "other" is 0 on both
 * sides and the vectors are the complete distributions.
 */
export function alignCategories(reference: TopK, current: TopK): CategoryAlignment {
  const referenceItems = reference.items(reference.tracked);
  const currentItems = current.items(current.tracked);
  const counts = new Map<string, [number, number]>();
  for (const { value, count } of referenceItems) counts.set(value, [count, 0]);
  for (const { value, count } of currentItems) {
    const entry = counts.get(value);
    if (entry) entry[1] = count;
    else counts.set(value, [0, count]);
  }
  const categories = [...counts.keys()].sort((a, b) => {
    const ca = counts.get(a)!;
    const cb = counts.get(b)!;
    if (ca[0] !== cb[0]) return cb[0] - ca[0];
    if (ca[1] !== cb[1]) return cb[1] - ca[1];
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const referenceCounts = categories.map((c) => counts.get(c)![0]);
  const currentCounts = categories.map((c) => counts.get(c)![1]);
  const referenceKnown = referenceCounts.reduce((s, c) => s + c, 0);
  const currentKnown = currentCounts.reduce((s, c) => s + c, 0);
  referenceCounts.push(Math.max(0, reference.total - referenceKnown));
  currentCounts.push(Math.max(0, current.total - currentKnown));
  return { categories, reference: referenceCounts, current: currentCounts };
}

/** The count vectors of {@link alignCategories} as a pair [reference, current] (last entry: "other"). */
export function categoricalDistributions(reference: TopK, current: TopK): [number[], number[]] {
  const aligned = alignCategories(reference, current);
  return [aligned.reference, aligned.current];
}
