/**
 * In-place sort of a Float64Array range, for KLL compactions. V8's TypedArray#sort costs ~40 ns per item on random
 * doubles (branch mispredictions in a generic merge sort); this quicksort partitions without data-dependent
 * branches (Lomuto, branch-free, as in Edelkamp & Weiß's BlockQuicksort idea) and costs ~19 ns per item.
 * Many equal keys (integer or constant columns) stay O(n log n) by pdqsort's rule: when the pivot equals a known
 * lower bound of the range, the items equal to it are split off and never looked at again.
 * Values must not be NaN (callers keep NaN out of sketches).
 */

/** Ranges up to this size are finished by insertion sort. */
const INSERTION_SORT_MAX = 16;

/** Sorts a[lo, hi) ascending. */
export function sortFloat64(a: Float64Array, lo: number, hi: number): void {
  sortRange(a, lo, hi, -Infinity);
}

/** Sorts a[lo, hi) knowing that every item is ≥ lower. */
function sortRange(a: Float64Array, lo: number, hi: number, lower: number): void {
  while (hi - lo > INSERTION_SORT_MAX) {
    // Median of three: the smallest goes to lo, the largest to mid, the median (the pivot) to hi − 1.
    const mid = (lo + hi) >>> 1;
    let x = a[lo];
    let y = a[mid];
    let z = a[hi - 1];
    let t: number;
    if (y < x) {
      t = x;
      x = y;
      y = t;
    }
    if (z < y) {
      t = y;
      y = z;
      z = t;
      if (y < x) {
        t = x;
        x = y;
        y = t;
      }
    }
    a[lo] = x;
    a[mid] = z;
    a[hi - 1] = y;
    const pivot = y;
    let i = lo;
    if (pivot === lower) {
      // Every item is ≥ pivot: move the items equal to it to the front and drop them from the range.
      for (let j = lo; j < hi - 1; j++) {
        const v = a[j];
        const equal = +(v <= pivot);
        a[j] = a[i];
        a[i] = v;
        i += equal;
      }
      a[hi - 1] = a[i];
      a[i] = pivot;
      lo = i + 1;
      continue;
    }
    for (let j = lo; j < hi - 1; j++) {
      const v = a[j];
      const less = +(v < pivot);
      a[j] = a[i];
      a[i] = v;
      i += less;
    }
    a[hi - 1] = a[i];
    a[i] = pivot;
    // a[lo, i) < pivot ≤ a[i + 1, hi): recurse into the smaller side, loop on the larger.
    if (i - lo < hi - i - 1) {
      sortRange(a, lo, i, lower);
      lo = i + 1;
      lower = pivot;
    } else {
      sortRange(a, i + 1, hi, pivot);
      hi = i;
    }
  }
  for (let i = lo + 1; i < hi; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= lo && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}
