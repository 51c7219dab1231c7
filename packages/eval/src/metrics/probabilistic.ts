/** Score and probability metrics (ROC AUC, average precision, log loss, Brier score, ECE) with scikit-learn 1.2.1 semantics. */

/**
 * Cases ordered by descending score with ties grouped, so ROC AUC and average precision cost O(n) per
 * call (e.g. once per bootstrap resample, passing resample counts as weights) instead of a sort each time.
 */
export interface PreparedRanking {
  readonly n: number;
  /** Case indices by descending score (order inside a tie group is unspecified). */
  readonly order: Uint32Array;
  /** positive[i] is 1 when case order[i] is positive. */
  readonly positive: Uint8Array;
  /** Exclusive end offset (into `order`) of each group of tied scores, in descending score order. */
  readonly groupEnds: Uint32Array;
  /** False when a score is NaN: every metric of this ranking is then NaN. */
  readonly valid: boolean;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Below this size a comparison sort beats the radix sort's 4 x 65,536-bucket histograms. */
const RADIX_MIN = 512;

function checkWeights(weights: ArrayLike<number> | undefined, n: number): void {
  if (weights !== undefined && weights.length !== n) {
    throw new RangeError(`weights has ${weights.length} entries, expected ${n}`);
  }
}

function checkBinaryLabels(yTrue: Uint8Array): void {
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] > 1) throw new RangeError(`binary label must be 0 or 1, got ${yTrue[i]} at case ${i}`);
  }
}

/** Indices of `score` by descending value via an LSD radix sort on the IEEE-754 bits (no NaN allowed). */
function radixDescending(score: Float64Array): Uint32Array {
  const n = score.length;
  const copy = new Float64Array(n);
  for (let i = 0; i < n; i++) copy[i] = score[i] + 0; // -0 + 0 === +0: one key for both zeros
  const bits = new Uint32Array(copy.buffer); // little-endian: [low word, high word] per double
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const l = bits[2 * i];
    const h = bits[2 * i + 1];
    // Key ascending = score descending: negatives keep their bits (bigger magnitude -> later),
    // non-negatives flip all but the sign bit (bigger value -> smaller key, all below the negatives).
    if (h & 0x80000000) {
      hi[i] = h;
      lo[i] = l;
    } else {
      hi[i] = h ^ 0x7fffffff;
      lo[i] = ~l >>> 0;
    }
    idx[i] = i;
  }
  const counts = new Uint32Array(4 * 65536);
  for (let i = 0; i < n; i++) {
    counts[lo[i] & 0xffff]++;
    counts[65536 + (lo[i] >>> 16)]++;
    counts[131072 + (hi[i] & 0xffff)]++;
    counts[196608 + (hi[i] >>> 16)]++;
  }
  let hi2 = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let idx2 = new Uint32Array(n);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 65536;
    const useHi = pass >= 2;
    const shift = pass % 2 === 0 ? 0 : 16;
    // Skip a pass when every key has the same digit (common for the high bits of similar scores).
    const first = ((useHi ? hi[0] : lo[0]) >>> shift) & 0xffff;
    if (counts[base + first] === n) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[base + d];
      counts[base + d] = sum;
      sum += c;
    }
    const src = useHi ? hi : lo;
    for (let i = 0; i < n; i++) {
      const pos = counts[base + ((src[i] >>> shift) & 0xffff)]++;
      hi2[pos] = hi[i];
      lo2[pos] = lo[i];
      idx2[pos] = idx[i];
    }
    [hi, hi2] = [hi2, hi];
    [lo, lo2] = [lo2, lo];
    [idx, idx2] = [idx2, idx];
  }
  return idx;
}

function comparisonDescending(score: Float64Array): Uint32Array {
  const order = new Uint32Array(score.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => (score[a] < score[b] ? 1 : score[a] > score[b] ? -1 : 0));
}

/**
 * Indices of `values` (no NaN) by descending value, equal values in index order: a counting sort over few distinct
 * values, else a radix sort, a comparison sort for short arrays. O(n) for long arrays, where a sort with a
 * comparator costs ~1 s per million values.
 */
export function descendingOrder(values: Float64Array): Uint32Array {
  if (values.length < RADIX_MIN || !LITTLE_ENDIAN) return comparisonDescending(values);
  return distinctDescending(values)?.order ?? radixDescending(values);
}

/** At most this many distinct scores (and at most one per 8 cases) and the ranking is a counting sort. */
const DISTINCT_MAX = 65536;

/**
 * The counting sort's working arrays, made once for the one-vs-rest rankings of every class (each as long as the
 * cases, or as the distinct-value table) instead of once per class.
 */
class CountingScratch {
  private made?: {
    keyLow: Uint32Array;
    keyHigh: Uint32Array;
    slotGroup: Int32Array;
    values: Float64Array;
    group: Uint16Array;
  };

  buffers(n: number, limit: number) {
    let size = 16;
    while (size < 2 * limit) size *= 2;
    const made = this.made;
    if (made && made.group.length === n && made.keyLow.length === size && made.values.length === limit) {
      made.slotGroup.fill(-1);
      return made;
    }
    return (this.made = {
      keyLow: new Uint32Array(size),
      keyHigh: new Uint32Array(size),
      slotGroup: new Int32Array(size).fill(-1),
      values: new Float64Array(limit),
      group: new Uint16Array(n),
    });
  }
}

/**
 * The IEEE-754 words of each distinct score (−0 as +0) in an open-addressing table: each case's group number
 * (numbered in order of first appearance), or undefined as soon as there are more than `limit` distinct scores.
 */
function groupDistinct(
  score: Float64Array,
  limit: number,
  scratch: CountingScratch = new CountingScratch(),
): { group: Uint16Array; values: Float64Array; count: number } | undefined {
  const n = score.length;
  const words = new Uint32Array(score.buffer, score.byteOffset, 2 * n);
  const { keyLow, keyHigh, slotGroup, values, group } = scratch.buffers(n, limit);
  const mask = keyLow.length - 1;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const low = words[2 * i];
    let high = words[2 * i + 1];
    if (low === 0 && high === 0x80000000) high = 0; // −0 and +0 are one score
    let h = Math.imul(low, 0x9e3779b1) ^ Math.imul(high, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    let slot = (h ^ (h >>> 16)) & mask;
    let g = slotGroup[slot];
    while (g >= 0 && (keyLow[slot] !== low || keyHigh[slot] !== high)) {
      slot = (slot + 1) & mask;
      g = slotGroup[slot];
    }
    if (g < 0) {
      if (count === limit) return undefined;
      g = count++;
      slotGroup[slot] = g;
      keyLow[slot] = low;
      keyHigh[slot] = high;
      values[g] = score[i] + 0;
    }
    group[i] = g;
  }
  return { group, values, count };
}

/**
 * Indices of `score` by descending value with equal scores in index order — the order the (stable) radix sort
 * gives — and the exclusive end of each group of equal scores: a counting sort over the distinct values, for
 * scores with few of them (probabilities rounded to a few decimals). Undefined when they are too many.
 */
function distinctDescending(
  score: Float64Array,
  scratch?: CountingScratch,
): { order: Uint32Array; groupEnds: Uint32Array } | undefined {
  const n = score.length;
  const grouped = groupDistinct(score, Math.min(DISTINCT_MAX, n >>> 3), scratch);
  if (!grouped) return undefined;
  const { group, values, count } = grouped;
  const ascending = values.slice(0, count).sort();
  // rank[g]: position of group g's score in descending order (the scores are distinct: binary search).
  const rank = new Uint32Array(count);
  for (let g = 0; g < count; g++) {
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (ascending[middle] < values[g]) low = middle + 1;
      else high = middle;
    }
    rank[g] = count - 1 - low;
  }
  const next = new Uint32Array(count);
  for (let i = 0; i < n; i++) next[rank[group[i]]]++;
  const groupEnds = new Uint32Array(count);
  for (let r = 0, end = 0; r < count; r++) {
    const size = next[r];
    next[r] = end;
    end += size;
    groupEnds[r] = end;
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[next[rank[group[i]]]++] = i;
  return { order, groupEnds };
}

/** Sort once (O(n): counting or radix sort) for repeated O(n) rocAucSorted / averagePrecisionSorted calls. */
export function prepareRanking(yTrue: Uint8Array, score: Float64Array): PreparedRanking {
  return rank(yTrue, score);
}

function rank(yTrue: Uint8Array, score: Float64Array, scratch?: CountingScratch): PreparedRanking {
  const n = yTrue.length;
  if (score.length !== n) throw new RangeError(`yTrue has ${n} cases but score has ${score.length}`);
  checkBinaryLabels(yTrue);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(score[i])) {
      return {
        n,
        order: new Uint32Array(0),
        positive: new Uint8Array(0),
        groupEnds: new Uint32Array(0),
        valid: false,
      };
    }
  }
  const fast = n >= RADIX_MIN && LITTLE_ENDIAN;
  const counted = fast ? distinctDescending(score, scratch) : undefined;
  const order = counted?.order ?? (fast ? radixDescending(score) : comparisonDescending(score));
  const positive = new Uint8Array(n);
  for (let i = 0; i < n; i++) positive[i] = yTrue[order[i]];
  return { n, order, positive, groupEnds: counted?.groupEnds ?? tieGroupEnds(score, order), valid: true };
}

/** The exclusive end of each run of equal scores along `order`. */
function tieGroupEnds(score: Float64Array, order: Uint32Array): Uint32Array {
  const n = order.length;
  const ends = new Uint32Array(n);
  let groups = 0;
  for (let i = 1; i < n; i++) if (score[order[i]] !== score[order[i - 1]]) ends[groups++] = i;
  if (n > 0) ends[groups++] = n;
  return ends.slice(0, groups);
}

/**
 * ROC AUC from a prepared ranking: trapezoids over the ROC curve with tied scores collapsed into one
 * point (sklearn roc_curve + auc). NaN when a class has no (weighted) cases, where sklearn raises.
 */
export function rocAucSorted(prepared: PreparedRanking, weights?: ArrayLike<number>): number {
  if (!prepared.valid) return NaN;
  checkWeights(weights, prepared.n);
  const { order, positive, groupEnds } = prepared;
  let tp = 0;
  let fp = 0;
  let area = 0;
  let start = 0;
  for (let g = 0; g < groupEnds.length; g++) {
    const end = groupEnds[g];
    let gtp = 0;
    let gfp = 0;
    for (let i = start; i < end; i++) {
      const w = weights === undefined ? 1 : weights[order[i]];
      if (positive[i] === 1) gtp += w;
      else gfp += w;
    }
    // Trapezoid from (fp, tp) to (fp + gfp, tp + gtp), in unnormalised units (sklearn auc, trapezoidal rule).
    area += gfp * (tp + gtp / 2);
    tp += gtp;
    fp += gfp;
    start = end;
  }
  if (!(tp > 0 && fp > 0)) return NaN;
  return area / (tp * fp);
}

/**
 * Average precision from a prepared ranking: sum over thresholds of (R_n - R_{n-1}) * P_n, step-wise,
 * not interpolated (sklearn average_precision_score). 0 when there are no positives (sklearn 1.2.1).
 */
export function averagePrecisionSorted(prepared: PreparedRanking, weights?: ArrayLike<number>): number {
  if (!prepared.valid) return NaN;
  checkWeights(weights, prepared.n);
  const { order, positive, groupEnds } = prepared;
  let tp = 0;
  let fp = 0;
  let sum = 0;
  let start = 0;
  for (let g = 0; g < groupEnds.length; g++) {
    const end = groupEnds[g];
    let gtp = 0;
    let gfp = 0;
    for (let i = start; i < end; i++) {
      const w = weights === undefined ? 1 : weights[order[i]];
      if (positive[i] === 1) gtp += w;
      else gfp += w;
    }
    tp += gtp;
    fp += gfp;
    // Recall step gtp / P times precision at this threshold; zero-weight groups add no threshold.
    if (gtp !== 0) sum += gtp * (tp / (tp + fp));
    start = end;
  }
  if (!(tp + fp > 0)) return NaN;
  if (tp === 0) return 0;
  return sum / tp;
}

/** Binary ROC AUC (sklearn roc_auc_score), yTrue 0|1; NaN when only one class is present. */
export function rocAucBinary(yTrue: Uint8Array, score: Float64Array, weights?: ArrayLike<number>): number {
  return rocAucSorted(prepareRanking(yTrue, score), weights);
}

/** Binary average precision (sklearn average_precision_score), yTrue 0|1. */
export function averagePrecision(
  yTrue: Uint8Array,
  score: Float64Array,
  weights?: ArrayLike<number>,
): number {
  return averagePrecisionSorted(prepareRanking(yTrue, score), weights);
}

/**
 * Class probabilities as one column per class: columns[j][i] is case i's probability of class j (k columns of n).
 * Each one-vs-rest ranking sorts one column; row-major n×k matrices are turned into columns first.
 */
export type ProbabilityColumns = readonly Float64Array[];

function checkProba(yTrue: Int32Array, proba: Float64Array, k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  if (proba.length !== yTrue.length * k) {
    throw new RangeError(`proba has ${proba.length} values, expected ${yTrue.length} x ${k}`);
  }
  checkClasses(yTrue, k);
}

function checkClasses(yTrue: Int32Array, k: number): void {
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] >>> 0 >= k) throw new RangeError(`class index out of range [0, ${k}) at case ${i}`);
  }
}

function checkColumns(yTrue: Int32Array, columns: ProbabilityColumns): void {
  const k = columns.length;
  if (k < 1) throw new RangeError('k must be a positive integer, got 0');
  for (const column of columns)
    if (column.length !== yTrue.length)
      throw new RangeError(`a probability column has ${column.length} values, expected ${yTrue.length}`);
  checkClasses(yTrue, k);
}

/** The k columns of a row-major n×k probability matrix (after checking its shape and the labels). */
export function probabilityColumns(yTrue: Int32Array, proba: Float64Array, k: number): Float64Array[] {
  checkProba(yTrue, proba, k);
  const n = yTrue.length;
  return Array.from({ length: k }, (_, j) => {
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) column[i] = proba[i * k + j];
    return column;
  });
}

/** One ranking per class (one-vs-rest) for repeated rocAucOvrMacroSorted calls. */
export function prepareOvr(yTrue: Int32Array, proba: Float64Array, k: number): PreparedRanking[] {
  return prepareOvrColumns(yTrue, probabilityColumns(yTrue, proba, k));
}

/** prepareOvr from probability columns: each class's column sorted once. */
export function prepareOvrColumns(yTrue: Int32Array, columns: ProbabilityColumns): PreparedRanking[] {
  checkColumns(yTrue, columns);
  return prepareOvrEach(yTrue, columns.length, (c) => columns[c]);
}

/**
 * The one-vs-rest rankings of k classes, class c's probabilities asked of `column(c)` when its turn comes (so
 * one buffer can serve every class: the ranking keeps none of it).
 */
export function prepareOvrEach(
  yTrue: Int32Array,
  k: number,
  column: (c: number) => Float64Array,
): PreparedRanking[] {
  checkClasses(yTrue, k);
  const n = yTrue.length;
  const isClass = new Uint8Array(n);
  const scratch = new CountingScratch();
  return Array.from({ length: k }, (_, c) => {
    const values = column(c);
    for (let i = 0; i < n; i++) isClass[i] = yTrue[i] === c ? 1 : 0;
    return rank(isClass, values, scratch);
  });
}

/** Macro mean of the per-class one-vs-rest ROC AUCs; NaN if any class's AUC is undefined. */
export function rocAucOvrMacroSorted(
  prepared: readonly PreparedRanking[],
  weights?: ArrayLike<number>,
): number {
  if (prepared.length === 0) return NaN;
  let sum = 0;
  for (const ranking of prepared) sum += rocAucSorted(ranking, weights);
  return sum / prepared.length;
}

/**
 * sklearn roc_auc_score(multi_class='ovr', average='macro', labels=0..k-1): mean over classes of the
 * binary AUC of column c for "class c vs rest". NaN when a class never (or always) occurs in yTrue, where
 * sklearn raises. Unlike sklearn it does not reject rows that do not sum to 1.
 */
export function rocAucOvrMacro(
  yTrue: Int32Array,
  proba: Float64Array,
  k: number,
  weights?: ArrayLike<number>,
): number {
  checkWeights(weights, yTrue.length);
  return rocAucOvrMacroSorted(prepareOvr(yTrue, proba, k), weights);
}

/**
 * sklearn 1.2.1 log_loss(labels=0..k-1) with its default eps='auto': clip every probability to
 * [eps, 1 - eps] with eps = float64 machine epsilon (2.22e-16, not the 1e-15 of sklearn < 1.2), divide
 * each row by its sum, then average -log p[true class] (weighted). NaN when k < 2 (sklearn raises).
 */
/**
 * Per-case log loss terms as sklearn computes them: -log(clip(p_true) / Σ clip(p)), clip to [eps, 1 − eps].
 * log_loss is their (weighted) mean; a bootstrap computes the terms once and re-weights them.
 */
export function logLossTerms(yTrue: Int32Array, proba: Float64Array, k: number): Float64Array {
  return logLossTermsColumns(yTrue, probabilityColumns(yTrue, proba, k));
}

/** logLossTerms from probability columns. */
export function logLossTermsColumns(yTrue: Int32Array, columns: ProbabilityColumns): Float64Array {
  checkColumns(yTrue, columns);
  const terms = new Float64Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) terms[i] = logLossTermAt(columns, i, yTrue[i]);
  return terms;
}

/** One case's log-loss term (see logLossTerms) from its probabilities columns[j][at]. */
export function logLossTermAt(columns: ProbabilityColumns, at: number, trueClass: number): number {
  const eps = Number.EPSILON;
  const top = 1 - eps;
  let rowSum = 0;
  for (let j = 0; j < columns.length; j++) rowSum += Math.min(Math.max(columns[j][at], eps), top);
  const pTrue = Math.min(Math.max(columns[trueClass][at], eps), top);
  // sklearn log_loss: -xlogy(onehot, clip(p) / rowsum).sum(axis=1), then np.average(weights).
  return -Math.log(pTrue / rowSum);
}

/** The weighted mean of per-case values (NaN when the total weight is 0). */
export function weightedMean(values: Float64Array, weights?: ArrayLike<number>): number {
  checkWeights(weights, values.length);
  let sum = 0;
  let mass = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights === undefined ? 1 : weights[i];
    sum += w * values[i];
    mass += w;
  }
  return sum / mass;
}

/** sklearn log_loss (eps = float64 machine epsilon, rows renormalised after clipping). */
export function logLoss(
  yTrue: Int32Array,
  proba: Float64Array,
  k: number,
  weights?: ArrayLike<number>,
): number {
  checkWeights(weights, yTrue.length);
  if (k < 2) return NaN;
  return weightedMean(logLossTerms(yTrue, proba, k), weights);
}

/** Per-case Brier terms (y − p)², p the probability of class 1; brier_score_loss is their weighted mean. */
export function brierTerms(yTrue: Uint8Array, p: Float64Array): Float64Array {
  const n = yTrue.length;
  if (p.length !== n) throw new RangeError(`yTrue has ${n} cases but p has ${p.length}`);
  checkBinaryLabels(yTrue);
  const terms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const pi = p[i];
    if (pi < 0 || pi > 1) throw new RangeError(`probability must be in [0, 1], got ${pi} at case ${i}`);
    const d = yTrue[i] - pi;
    terms[i] = d * d;
  }
  return terms;
}

/** sklearn brier_score_loss: weighted mean of (y - p)^2 with p the probability of class 1. */
export function brierBinary(yTrue: Uint8Array, p: Float64Array, weights?: ArrayLike<number>): number {
  return weightedMean(brierTerms(yTrue, p), weights);
}

/** Each case's confidence bin and its (correct − confidence) gap: ECE re-weighted without re-binning. */
export interface PreparedCalibration {
  bins: number;
  bin: Uint16Array;
  correct: Uint8Array;
  confidence: Float64Array;
  /** Some probability was NaN: ECE is NaN. */
  undefinedValue: boolean;
}

/**
 * Top-label bins for ECE: confidence = the largest class probability (first on ties), bins (b/B, (b+1)/B] with
 * edges exactly b/B.
 */
export function prepareCalibration(
  yTrue: Int32Array,
  proba: Float64Array,
  k: number,
  bins = 10,
): PreparedCalibration {
  return prepareCalibrationColumns(yTrue, probabilityColumns(yTrue, proba, k), bins);
}

/** prepareCalibration from probability columns. */
export function prepareCalibrationColumns(
  yTrue: Int32Array,
  columns: ProbabilityColumns,
  bins = 10,
): PreparedCalibration {
  checkColumns(yTrue, columns);
  const prepared = emptyCalibration(yTrue.length, bins);
  for (let i = 0; i < yTrue.length; i++) calibrateCase(prepared, i, yTrue[i], columns, i);
  return prepared;
}

/** A PreparedCalibration of n cases for calibrateCase to fill. */
export function emptyCalibration(n: number, bins: number): PreparedCalibration {
  if (!Number.isInteger(bins) || bins < 1 || bins > 65535)
    throw new RangeError(`bins must be an integer in [1, 65535], got ${bins}`);
  return {
    bins,
    bin: new Uint16Array(n),
    correct: new Uint8Array(n),
    confidence: new Float64Array(n),
    undefinedValue: false,
  };
}

/** Bins case i (see prepareCalibration) from its probabilities columns[j][at]. */
export function calibrateCase(
  prepared: PreparedCalibration,
  i: number,
  trueClass: number,
  columns: ProbabilityColumns,
  at: number,
): void {
  const { bins } = prepared;
  let best = 0;
  let confidence = columns[0][at];
  for (let j = 0; j < columns.length; j++) {
    const pj = columns[j][at];
    if (Number.isNaN(pj)) prepared.undefinedValue = true;
    if (pj > confidence) {
      confidence = pj;
      best = j;
    }
  }
  if (confidence < 0 || confidence > 1) {
    throw new RangeError(`top-label confidence must be in [0, 1], got ${confidence} at case ${i}`);
  }
  // Bin b holds (b/bins, (b+1)/bins]; the edges are i/bins exactly, so correct the rounding of ceil().
  let b = Math.max(0, Math.ceil(confidence * bins) - 1);
  while (b > 0 && confidence <= b / bins) b--;
  while (b < bins - 1 && confidence > (b + 1) / bins) b++;
  prepared.bin[i] = b;
  prepared.correct[i] = best === trueClass ? 1 : 0;
  prepared.confidence[i] = confidence;
}

/** ECE of prepared cases under per-case weights: Σ_b |correct_b − confidence_b| / total (Guo et al. 2017). */
export function calibrationErrorPrepared(prepared: PreparedCalibration, weights?: ArrayLike<number>): number {
  const n = prepared.bin.length;
  checkWeights(weights, n);
  if (prepared.undefinedValue) return NaN;
  const gap = new Float64Array(prepared.bins);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights === undefined ? 1 : weights[i];
    gap[prepared.bin[i]] += w * (prepared.correct[i] - prepared.confidence[i]);
    total += w;
  }
  let ece = 0;
  for (let b = 0; b < prepared.bins; b++) ece += Math.abs(gap[b]);
  return ece / total;
}

/** Top-label expected calibration error with `bins` equal-width confidence bins (Guo et al. 2017). */
export function expectedCalibrationError(
  yTrue: Int32Array,
  proba: Float64Array,
  k: number,
  bins = 10,
  weights?: ArrayLike<number>,
): number {
  checkWeights(weights, yTrue.length);
  return calibrationErrorPrepared(prepareCalibration(yTrue, proba, k, bins), weights);
}
