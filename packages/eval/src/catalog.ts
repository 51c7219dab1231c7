/** The names of mlgate's metrics, in the user's words (scikit-learn's where one exists), and their direction. */
// The subpath, not the package: the resample thread's bundle (resample-thread.ts) then stays small.
import { editDistance } from '@mlgate/core/suggest';

/** Metrics where smaller is better: a "drop" for them is a rise. */
const LOWER_IS_BETTER = new Set([
  'log_loss',
  'brier',
  'ece',
  'mae',
  'mse',
  'rmse',
  'mape',
  'latency_p50_ms',
  'latency_p95_ms',
  'latency_p99_ms',
  'tokens_input',
  'tokens_output',
  'cost_usd',
  'error_rate',
  'flaky_rate',
  'demographic_parity_difference',
  'equalized_odds_difference',
]);

/** Every metric name mlgate defines (per-class names like recall[spam] aside): a grader's score may not shadow one. */
const BUILT_IN = new Set([
  ...LOWER_IS_BETTER,
  'accuracy',
  'balanced_accuracy',
  'precision',
  'recall',
  'f1',
  ...['precision', 'recall', 'f1'].flatMap((name) => [`${name}_macro`, `${name}_micro`, `${name}_weighted`]),
  'mcc',
  'cohen_kappa',
  'roc_auc',
  'average_precision',
  'r2',
  'pass_rate',
  'pass_all_k',
  'exact_match',
  'token_f1',
  'disparate_impact_ratio',
]);

export const isBuiltInMetric = (name: string): boolean => BUILT_IN.has(name);

export function higherIsBetter(metric: string): boolean {
  return !LOWER_IS_BETTER.has(metric);
}

/**
 * A metric's direction for this run: the catalog's for mlgate's own metrics; a grader's own score
 * (latency, toxicity, …) is lower-is-better when its gates bound it only from above (`max`, never `min`).
 */
export function metricHigherIsBetter(
  metric: string,
  gates: readonly { metric: string; min?: number; max?: number }[],
): boolean {
  if (BUILT_IN.has(metric)) return higherIsBetter(metric);
  const bounds = gates.filter((gate) => gate.metric === metric);
  const upperOnly =
    bounds.some((gate) => gate.max !== undefined) && bounds.every((gate) => gate.min === undefined);
  return !upperOnly;
}

/** Metrics whose per-case value is 0/1, so a paired comparison is McNemar's test. */
export const ACCURACY_LIKE = new Set(['accuracy', 'pass_rate', 'exact_match']);

/** Closest known metric name, for "did you mean" hints (within 3 edits: metric names are long). */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 4;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
