/** Confusion-matrix classification metrics with scikit-learn 1.2 semantics (zero_division = 0), built for bootstrap loops. */

/** Every metric derived from one k x k confusion matrix. Per-class arrays are indexed by class index. */
export interface ClassificationMetrics {
  /** Number of classes (labels 0..k-1, all of them count for macro averages). */
  k: number;
  /** Total (weighted) number of cases. */
  total: number;
  accuracy: number;
  /** Mean recall over classes that have true cases (sklearn ignores classes absent from y_true). */
  balancedAccuracy: number;
  precisionMacro: number;
  precisionMicro: number;
  precisionWeighted: number;
  recallMacro: number;
  recallMicro: number;
  recallWeighted: number;
  f1Macro: number;
  f1Micro: number;
  f1Weighted: number;
  precision: Float64Array;
  recall: Float64Array;
  f1: Float64Array;
  /** (Weighted) number of true cases per class. */
  support: Float64Array;
  /** Matthews correlation coefficient, multiclass (Gorodkin's R_K); 0 when undefined, like sklearn. */
  mcc: number;
  /** Unweighted Cohen's kappa; NaN when undefined (0/0), like sklearn. */
  cohenKappa: number;
}

/** Precision, recall and F1 of one class against the rest (sklearn average='binary'). */
export interface BinaryMetrics {
  precision: number;
  recall: number;
  f1: number;
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
}

function outOfRange(k: number, i: number): RangeError {
  return new RangeError(`class index out of range [0, ${k}) at case ${i}`);
}

function checkMatrix(cm: Float64Array, k: number): void {
  checkK(k);
  if (cm.length !== k * k) throw new RangeError(`confusion matrix has ${cm.length} cells, expected ${k * k}`);
}

/**
 * k x k confusion matrix, row-major: row = true class index, column = predicted class index.
 * `weights` are per-case sample weights (a bootstrap passes resample counts).
 */
export function confusionMatrix(
  yTrue: Int32Array,
  yPred: Int32Array,
  k: number,
  weights?: ArrayLike<number>,
): Float64Array {
  checkK(k);
  const n = yTrue.length;
  if (yPred.length !== n) throw new RangeError(`yTrue has ${n} cases but yPred has ${yPred.length}`);
  if (weights !== undefined && weights.length !== n) {
    throw new RangeError(`weights has ${weights.length} entries, expected ${n}`);
  }
  const cm = new Float64Array(k * k);
  // Two loops so the unweighted hot path has no per-case branch on `weights`.
  // Unsigned comparison rejects negatives and values >= k in one test.
  if (weights === undefined) {
    for (let i = 0; i < n; i++) {
      const t = yTrue[i];
      const p = yPred[i];
      if (t >>> 0 >= k || p >>> 0 >= k) throw outOfRange(k, i);
      cm[t * k + p] += 1;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const t = yTrue[i];
      const p = yPred[i];
      if (t >>> 0 >= k || p >>> 0 >= k) throw outOfRange(k, i);
      cm[t * k + p] += weights[i];
    }
  }
  return cm;
}

function emptyMetrics(k: number): ClassificationMetrics {
  return {
    k,
    total: 0,
    accuracy: 0,
    balancedAccuracy: 0,
    precisionMacro: 0,
    precisionMicro: 0,
    precisionWeighted: 0,
    recallMacro: 0,
    recallMicro: 0,
    recallWeighted: 0,
    f1Macro: 0,
    f1Micro: 0,
    f1Weighted: 0,
    precision: new Float64Array(k),
    recall: new Float64Array(k),
    f1: new Float64Array(k),
    support: new Float64Array(k),
    mcc: 0,
    cohenKappa: 0,
  };
}

/** sklearn _prf_divide with zero_division=0. */
function divideOrZero(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/** sklearn 1.2 precision_recall_fscore_support: F1 = 2PR / (P + R), denominator 0 -> 0. */
function f1Of(precision: number, recall: number): number {
  const denom = precision + recall;
  return denom === 0 ? 0 : (2 * precision * recall) / denom;
}

/**
 * All confusion-matrix metrics, O(k^2) time and no allocation beyond the result.
 * Pass `out` (a previous result with the same k) to reuse its arrays in a bootstrap loop.
 * Empty matrix (total 0): accuracy, balancedAccuracy and cohenKappa are NaN; the rest follow sklearn's zero_division = 0.
 */
export function classificationFromConfusion(
  cm: Float64Array,
  k: number,
  out?: ClassificationMetrics,
): ClassificationMetrics {
  checkMatrix(cm, k);
  const m = out !== undefined && out.k === k && out.precision.length === k ? out : emptyMetrics(k);
  const { precision, recall, f1, support } = m;

  let total = 0;
  let trace = 0;
  // dot(t_sum, p_sum) for MCC and kappa; sums of squares for MCC.
  let dotTP = 0;
  let dotTT = 0;
  let dotPP = 0;
  let pMacro = 0;
  let rMacro = 0;
  let fMacro = 0;
  let pWeighted = 0;
  let rWeighted = 0;
  let fWeighted = 0;
  let balancedSum = 0;
  let balancedCount = 0;

  for (let c = 0; c < k; c++) {
    let rowSum = 0;
    let colSum = 0;
    for (let j = 0; j < k; j++) {
      rowSum += cm[c * k + j];
      colSum += cm[j * k + c];
    }
    const tp = cm[c * k + c];
    total += rowSum;
    trace += tp;
    dotTP += rowSum * colSum;
    dotTT += rowSum * rowSum;
    dotPP += colSum * colSum;

    const p = divideOrZero(tp, colSum);
    const r = divideOrZero(tp, rowSum);
    const f = f1Of(p, r);
    precision[c] = p;
    recall[c] = r;
    f1[c] = f;
    support[c] = rowSum;
    pMacro += p;
    rMacro += r;
    fMacro += f;
    pWeighted += p * rowSum;
    rWeighted += r * rowSum;
    fWeighted += f * rowSum;
    // sklearn balanced_accuracy_score: per-class recall diag/row_sum, NaN rows (no true cases) dropped.
    if (rowSum !== 0) {
      balancedSum += tp / rowSum;
      balancedCount++;
    }
  }

  m.total = total;
  m.accuracy = trace / total;
  m.balancedAccuracy = balancedCount === 0 ? NaN : balancedSum / balancedCount;
  m.precisionMacro = pMacro / k;
  m.recallMacro = rMacro / k;
  m.f1Macro = fMacro / k;
  // Micro averages over all k labels: sum(tp) / sum(pred) = sum(tp) / sum(true) = accuracy; 0 when empty.
  const micro = divideOrZero(trace, total);
  m.precisionMicro = micro;
  m.recallMicro = micro;
  m.f1Micro = f1Of(micro, micro);
  // sklearn average='weighted': np.average(metric, weights=support); all-zero support -> zero_division (0).
  m.precisionWeighted = divideOrZero(pWeighted, total);
  m.recallWeighted = divideOrZero(rWeighted, total);
  m.f1Weighted = divideOrZero(fWeighted, total);

  // sklearn.metrics.matthews_corrcoef (1.2.1): cov_ytyp / sqrt(cov_ytyt * cov_ypyp), 0 if the product is 0.
  const covYtYp = trace * total - dotTP;
  const covYpYp = total * total - dotPP;
  const covYtYt = total * total - dotTT;
  const product = covYtYt * covYpYp;
  m.mcc = product === 0 ? 0 : covYtYp / Math.sqrt(product);

  // sklearn.metrics.cohen_kappa_score (unweighted): 1 - sum(off-diag observed) / sum(off-diag expected),
  // expected = outer(pred_sum, true_sum) / total, so sum(off-diag expected) = (total^2 - dot(t, p)) / total.
  m.cohenKappa = 1 - (total - trace) / ((total * total - dotTP) / total);
  return m;
}

/**
 * Precision, recall and F1 of class `positiveIndex` (sklearn average='binary', pos_label = that class),
 * zero_division = 0. `k` defaults to sqrt(cm.length).
 */
export function binaryFromConfusion(
  cm: Float64Array,
  positiveIndex: number,
  k: number = Math.round(Math.sqrt(cm.length)),
): BinaryMetrics {
  checkMatrix(cm, k);
  if (!Number.isInteger(positiveIndex) || positiveIndex < 0 || positiveIndex >= k) {
    throw new RangeError(`positiveIndex must be in [0, ${k}), got ${positiveIndex}`);
  }
  let rowSum = 0;
  let colSum = 0;
  for (let j = 0; j < k; j++) {
    rowSum += cm[positiveIndex * k + j];
    colSum += cm[j * k + positiveIndex];
  }
  const tp = cm[positiveIndex * k + positiveIndex];
  const precision = divideOrZero(tp, colSum);
  const recall = divideOrZero(tp, rowSum);
  return { precision, recall, f1: f1Of(precision, recall) };
}

/** Convenience: confusion matrix then every derived metric. */
export function classificationMetrics(
  yTrue: Int32Array,
  yPred: Int32Array,
  k: number,
  weights?: ArrayLike<number>,
): ClassificationMetrics {
  return classificationFromConfusion(confusionMatrix(yTrue, yPred, k, weights), k);
}
