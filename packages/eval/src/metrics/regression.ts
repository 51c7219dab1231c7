/** Regression error metrics (MAE, MSE, RMSE, R², MAPE) with scikit-learn 1.2.1 semantics and optional sample weights. */

export interface RegressionMetrics {
  mae: number;
  mse: number;
  rmse: number;
  r2: number;
  mape: number;
}

function check(yTrue: Float64Array, yPred: Float64Array, weights: ArrayLike<number> | undefined): void {
  const n = yTrue.length;
  if (yPred.length !== n) throw new RangeError(`yTrue has ${n} cases but yPred has ${yPred.length}`);
  if (weights !== undefined && weights.length !== n) {
    throw new RangeError(`weights has ${weights.length} entries, expected ${n}`);
  }
}

type CaseError = (yTrue: number, yPred: number) => number;

/** np.average(error, weights): NaN when empty or when the weights sum to 0 (numpy raises there). */
function weightedMean(
  yTrue: Float64Array,
  yPred: Float64Array,
  weights: ArrayLike<number> | undefined,
  error: CaseError,
): number {
  check(yTrue, yPred, weights);
  let sum = 0;
  let mass = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = weights === undefined ? 1 : weights[i];
    sum += w * error(yTrue[i], yPred[i]);
    mass += w;
  }
  return mass === 0 ? NaN : sum / mass;
}

const absoluteError: CaseError = (t, p) => Math.abs(p - t);
const squaredError: CaseError = (t, p) => (p - t) * (p - t);
// sklearn mean_absolute_percentage_error: |y - y_hat| / max(|y|, eps), eps = float64 machine epsilon.
const percentageError: CaseError = (t, p) => Math.abs(p - t) / Math.max(Math.abs(t), Number.EPSILON);

/** sklearn mean_absolute_error. */
export function mae(yTrue: Float64Array, yPred: Float64Array, weights?: ArrayLike<number>): number {
  return weightedMean(yTrue, yPred, weights, absoluteError);
}

/** sklearn mean_squared_error. */
export function mse(yTrue: Float64Array, yPred: Float64Array, weights?: ArrayLike<number>): number {
  return weightedMean(yTrue, yPred, weights, squaredError);
}

/** Square root of the (weighted) MSE, as sklearn mean_squared_error(squared=False). */
export function rmse(yTrue: Float64Array, yPred: Float64Array, weights?: ArrayLike<number>): number {
  return Math.sqrt(mse(yTrue, yPred, weights));
}

/**
 * sklearn mean_absolute_percentage_error: a fraction (0.1 = 10%), not a percentage; a zero y_true divides by
 * float64 epsilon, so it yields a huge value rather than Infinity.
 */
export function mape(yTrue: Float64Array, yPred: Float64Array, weights?: ArrayLike<number>): number {
  return weightedMean(yTrue, yPred, weights, percentageError);
}

/**
 * sklearn r2_score (force_finite=True): 1 - SS_res / SS_tot with weighted mean; NaN with fewer than 2 cases;
 * perfect predictions -> 1; constant y_true (among non-zero-weight cases) with imperfect predictions -> 0.
 * Constant y_true is detected exactly, so SS_tot is exactly 0 where sklearn's intent is 0 (sklearn itself can
 * get a rounding-error SS_tot such as 1e-33 for a constant like 0.1 and return a huge negative score).
 */
export function r2(yTrue: Float64Array, yPred: Float64Array, weights?: ArrayLike<number>): number {
  check(yTrue, yPred, weights);
  const n = yTrue.length;
  if (n < 2) return NaN;
  let mass = 0;
  let weightedSum = 0;
  let first = 0;
  let seen = false;
  let constant = true;
  for (let i = 0; i < n; i++) {
    const w = weights === undefined ? 1 : weights[i];
    mass += w;
    weightedSum += w * yTrue[i];
    if (w !== 0) {
      if (!seen) {
        first = yTrue[i];
        seen = true;
      } else if (yTrue[i] !== first) constant = false;
    }
  }
  if (mass === 0) return NaN;
  const mean = weightedSum / mass;
  let numerator = 0;
  let denominator = 0;
  for (let i = 0; i < n; i++) {
    const w = weights === undefined ? 1 : weights[i];
    const residual = yTrue[i] - yPred[i];
    numerator += w * residual * residual;
    if (!constant) {
      const deviation = yTrue[i] - mean;
      denominator += w * deviation * deviation;
    }
  }
  // sklearn _assemble_r2_explained_variance with force_finite=True.
  if (numerator === 0) return 1;
  if (denominator === 0) return 0;
  return 1 - numerator / denominator;
}

/** All regression metrics at once. */
export function regressionMetrics(
  yTrue: Float64Array,
  yPred: Float64Array,
  weights?: ArrayLike<number>,
): RegressionMetrics {
  const meanSquared = mse(yTrue, yPred, weights);
  return {
    mae: mae(yTrue, yPred, weights),
    mse: meanSquared,
    rmse: Math.sqrt(meanSquared),
    r2: r2(yTrue, yPred, weights),
    mape: mape(yTrue, yPred, weights),
  };
}
