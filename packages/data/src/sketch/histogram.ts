/** Counts over bin edges frozen from a reference profile, so that reference and current bins line up for PSI. */

import { InputDataError } from '@mlgate/core/errors';
import { expectNumberArray, expectSketch } from './json.js';
import type { KllSketch } from './kll.js';

const KIND = 'histogram';
const VERSION = 1;
/** Up to this many edges, `add` counts edges instead of binary searching. */
const LINEAR_SEARCH_MAX = 16;

/** The JSON form of {@link FrozenHistogram}: `counts` has one more entry than `edges`. */
export interface FrozenHistogramJson {
  kind: 'histogram';
  version: 1;
  edges: number[];
  counts: number[];
}

/**
 * A histogram over fixed edges e1 < … < ek with bins (−∞, e1], (e1, e2], …, (ek, +∞): k + 1 counts. With no edges
 * (a reference without values) there is one bin holding everything.
 *
 * Contract: `add` skips NaN and ±Infinity, like {@link KllSketch}, so that the counts add up to the sketch's n.
 */
export class FrozenHistogram {
  readonly edges: Float64Array;
  readonly counts: Float64Array;

  constructor(edges: readonly number[] | Float64Array) {
    for (let i = 0; i < edges.length; i++) {
      if (!Number.isFinite(edges[i]) || (i > 0 && !(edges[i] > edges[i - 1])))
        throw new RangeError('FrozenHistogram: edges must be finite and strictly increasing');
    }
    this.edges = Float64Array.from(edges);
    this.counts = new Float64Array(edges.length + 1);
  }

  /** Adds one value: O(log k), allocation-free. */
  add(x: number): void {
    if (x - x !== 0) return;
    const edges = this.edges;
    const k = edges.length;
    if (k <= LINEAR_SEARCH_MAX) {
      // Counting the edges below x has no data-dependent branch: on random data it beats a binary search, whose
      // every step is a coin-flip branch misprediction (33 ns vs ~6 ns for 9 edges).
      let bin = 0;
      for (let i = 0; i < k; i++) bin += +(edges[i] < x);
      this.counts[bin]++;
      return;
    }
    let lo = 0;
    let hi = k;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    this.counts[lo]++;
  }

  /** Number of values counted. */
  get total(): number {
    let sum = 0;
    for (let i = 0; i < this.counts.length; i++) sum += this.counts[i];
    return sum;
  }

  /** Adds `other`'s counts to this; both must have exactly the same edges (bins of the same reference). */
  merge(other: FrozenHistogram): this {
    if (!sameEdges(this.edges, other.edges))
      throw new InputDataError(
        `FrozenHistogram.merge: the histograms have different bin edges ([${Array.from(this.edges).join(', ')}] vs ` +
          `[${Array.from(other.edges).join(', ')}]); profiles must be built against the same reference to merge`,
      );
    for (let i = 0; i < this.counts.length; i++) this.counts[i] += other.counts[i];
    return this;
  }

  toJSON(): FrozenHistogramJson {
    return { kind: KIND, version: VERSION, edges: Array.from(this.edges), counts: Array.from(this.counts) };
  }

  static fromJSON(value: unknown): FrozenHistogram {
    const obj = expectSketch(value, KIND, VERSION);
    const edges = expectNumberArray(obj.edges, 'edges', KIND);
    const counts = expectNumberArray(obj.counts, 'counts', KIND);
    if (counts.length !== edges.length + 1)
      throw new InputDataError(`${KIND}: expected ${edges.length + 1} counts for ${edges.length} edges`);
    if (!counts.every((c) => Number.isInteger(c) && c >= 0))
      throw new InputDataError(`${KIND}: counts must be non-negative integers`);
    let histogram: FrozenHistogram;
    try {
      histogram = new FrozenHistogram(edges);
    } catch {
      throw new InputDataError(`${KIND}: edges must be strictly increasing`);
    }
    histogram.counts.set(counts);
    return histogram;
  }
}

function sameEdges(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Interior edges of `bins` equal-mass bins from a sketch: the quantiles at 1/bins, …, (bins−1)/bins (inverse
 * empirical CDF), with repeats dropped — a constant column gives one edge, an empty sketch none. With these edges
 * and right-closed bins, each bin of the reference holds ~1/bins of its values (ties permitting).
 */
export function quantileEdges(sketch: KllSketch, bins = 10): number[] {
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`quantileEdges: bins must be a positive integer`);
  const edges: number[] = [];
  if (sketch.n === 0) return edges;
  for (let i = 1; i < bins; i++) {
    const edge = sketch.quantile(i / bins);
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  return edges;
}
