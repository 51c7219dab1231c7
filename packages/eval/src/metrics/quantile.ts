/** Quantiles equal to numpy.percentile / numpy.quantile with the default 'linear' method, e.g. latency p50/p95/p99. */

function checkQ(q: number): void {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be in [0, 1], got ${q}`);
}

/** Ascending copy, or the input itself when it is already sorted (NaN sorts last, as in numpy). */
function ascending(values: Float64Array): Float64Array {
  for (let i = 1; i < values.length; i++) {
    if (!(values[i - 1] <= values[i])) return Float64Array.from(values).sort();
  }
  return values.length > 0 && Number.isNaN(values[0]) ? Float64Array.from(values).sort() : values;
}

/**
 * Quantile `q` (0..1) of ascending-sorted values, numpy 1.24 'linear' method: virtual index (n - 1) * q,
 * then numpy's _lerp (a + (b - a) * t, or b - (b - a) * (1 - t) when t >= 0.5). NaN when empty or when a
 * value is NaN; infinities give NaN like numpy (inf - inf in the interpolation).
 */
export function quantileSorted(sorted: Float64Array, q: number): number {
  checkQ(q);
  const n = sorted.length;
  if (n === 0 || Number.isNaN(sorted[n - 1])) return NaN;
  const virtualIndex = (n - 1) * q;
  // numpy _get_indexes: indexes at or past the last value both point at it.
  const previous = virtualIndex >= n - 1 ? n - 1 : Math.floor(virtualIndex);
  const next = virtualIndex >= n - 1 ? n - 1 : previous + 1;
  const gamma = virtualIndex - Math.floor(virtualIndex);
  const a = sorted[previous];
  const b = sorted[next];
  const diff = b - a;
  // numpy.lib.function_base._lerp (numpy >= 1.22).
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/** Quantile `q` (0..1) of values in any order; the input is not modified. */
export function quantile(sortedOrUnsorted: Float64Array, q: number): number {
  checkQ(q);
  return quantileSorted(ascending(sortedOrUnsorted), q);
}

/** Several quantiles with one sort, e.g. quantiles(latencies, [0.5, 0.95, 0.99]). */
export function quantiles(sortedOrUnsorted: Float64Array, qs: ArrayLike<number>): Float64Array {
  for (let i = 0; i < qs.length; i++) checkQ(qs[i]);
  const sorted = ascending(sortedOrUnsorted);
  const out = new Float64Array(qs.length);
  for (let i = 0; i < qs.length; i++) out[i] = quantileSorted(sorted, qs[i]);
  return out;
}
