/** Group fairness metrics for binary decisions (selection rate, TPR, FPR and their disparities), following fairlearn's definitions. */

/** Rates of one group. Rates are NaN for a group without cases (it is then left out of the disparities). */
export interface GroupRates {
  name: string;
  /** Number of cases in the group (unweighted). */
  count: number;
  /** Weighted share of cases predicted positive (fairlearn selection_rate). */
  selectionRate: number;
  /** True positive rate; 0 for a group without positives (fairlearn: confusion_matrix normalize='true' -> nan_to_num). */
  tpr: number;
  /** False positive rate; 0 for a group without negatives (same fairlearn convention). */
  fpr: number;
}

export interface FairnessReport {
  groups: GroupRates[];
  demographicParityDifference: number;
  equalizedOddsDifference: number;
  disparateImpactRatio: number;
}

/** The group index of a case without the fairness tag: it belongs to no group and counts in no rate. */
export const UNTAGGED = -1;

/**
 * Per-group rates. yTrue / yPred are 0|1, group[i] indexes groupNames (or is UNTAGGED); weights are optional
 * sample weights.
 */
export function groupRates(
  yTrue: Uint8Array,
  yPred: Uint8Array,
  group: Int32Array,
  groupNames: readonly string[],
  weights?: ArrayLike<number>,
): GroupRates[] {
  const n = yTrue.length;
  if (yPred.length !== n || group.length !== n) {
    throw new RangeError(
      `yTrue, yPred and group must have the same length (${n}, ${yPred.length}, ${group.length})`,
    );
  }
  if (weights !== undefined && weights.length !== n) {
    throw new RangeError(`weights has ${weights.length} entries, expected ${n}`);
  }
  const g = groupNames.length;
  // Per group: case count and the weighted masses the rates are ratios of.
  const count = new Float64Array(g);
  const mass = new Float64Array(g);
  const selected = new Float64Array(g);
  const positives = new Float64Array(g);
  const truePositives = new Float64Array(g);
  const negatives = new Float64Array(g);
  const falsePositives = new Float64Array(g);
  for (let i = 0; i < n; i++) {
    const gi = group[i];
    if (gi === UNTAGGED) continue;
    if (gi >>> 0 >= g) throw new RangeError(`group index out of range [0, ${g}) at case ${i}`);
    const t = yTrue[i];
    const p = yPred[i];
    if (t > 1 || p > 1) throw new RangeError(`binary labels must be 0 or 1 at case ${i}`);
    const w = weights === undefined ? 1 : weights[i];
    count[gi]++;
    mass[gi] += w;
    if (p === 1) selected[gi] += w;
    if (t === 1) {
      positives[gi] += w;
      if (p === 1) truePositives[gi] += w;
    } else {
      negatives[gi] += w;
      if (p === 1) falsePositives[gi] += w;
    }
  }
  const out: GroupRates[] = [];
  for (let j = 0; j < g; j++) {
    const present = mass[j] !== 0;
    out.push({
      name: groupNames[j],
      count: count[j],
      selectionRate: present ? selected[j] / mass[j] : NaN,
      tpr: !present ? NaN : positives[j] > 0 ? truePositives[j] / positives[j] : 0,
      fpr: !present ? NaN : negatives[j] > 0 ? falsePositives[j] / negatives[j] : 0,
    });
  }
  return out;
}

/** max - min of one rate over the groups that have cases (fairlearn MetricFrame.difference, between_groups). */
function spread(
  groups: readonly GroupRates[],
  rate: (g: GroupRates) => number,
): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const g of groups) {
    const v = rate(g);
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min === Infinity ? { min: NaN, max: NaN } : { min, max };
}

/** fairlearn demographic_parity_difference: max - min selection rate across groups. */
export function demographicParityDifference(groups: readonly GroupRates[]): number {
  const { min, max } = spread(groups, (g) => g.selectionRate);
  return max - min;
}

/** fairlearn equalized_odds_difference: the larger of the TPR difference and the FPR difference across groups. */
export function equalizedOddsDifference(groups: readonly GroupRates[]): number {
  const tpr = spread(groups, (g) => g.tpr);
  const fpr = spread(groups, (g) => g.fpr);
  return Math.max(tpr.max - tpr.min, fpr.max - fpr.min);
}

/** Disparate impact: min / max selection rate across groups (fairlearn demographic_parity_ratio); NaN when max is 0. */
export function disparateImpactRatio(groups: readonly GroupRates[]): number {
  const { min, max } = spread(groups, (g) => g.selectionRate);
  return max === 0 ? NaN : min / max;
}

/** Per-group rates plus the three disparity summaries. */
export function fairnessReport(
  yTrue: Uint8Array,
  yPred: Uint8Array,
  group: Int32Array,
  groupNames: readonly string[],
  weights?: ArrayLike<number>,
): FairnessReport {
  const groups = groupRates(yTrue, yPred, group, groupNames, weights);
  return {
    groups,
    demographicParityDifference: demographicParityDifference(groups),
    equalizedOddsDifference: equalizedOddsDifference(groups),
    disparateImpactRatio: disparateImpactRatio(groups),
  };
}
