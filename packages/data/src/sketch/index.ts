/** Mergeable one-pass sketches of a column: moments, quantiles (KLL), distinct count (HLL), frequent values, histogram. */

export { Moments } from './moments.js';
export type { MomentsJson } from './moments.js';
export { DEFAULT_KLL_K, KllSketch } from './kll.js';
export type { KllJson, KllSortedView } from './kll.js';
export { DEFAULT_HLL_PRECISION, HyperLogLog } from './hyperloglog.js';
export type { HyperLogLogJson } from './hyperloglog.js';
export {
  HASH_SEED,
  hashAsciiAccepted,
  hashAsciiAt,
  hashAsciiBytes,
  hashNumber,
  hashString,
  hashUtf8Bytes,
  utf8Hashed,
} from './hash.js';
export { DEFAULT_TOPK_CAPACITY, TopK } from './topk.js';
export type { TopKHint, TopKItem, TopKJson } from './topk.js';
export { FrozenHistogram, quantileEdges } from './histogram.js';
export type { FrozenHistogramJson } from './histogram.js';
export { DEFAULT_SKETCH_SEED } from './random.js';
