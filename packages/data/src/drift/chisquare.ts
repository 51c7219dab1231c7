/** Pearson's chi-square test of homogeneity between the reference and current counts of the same categories. */

import { chiSquareSf } from './gamma.js';
import { checkCountPair } from './validate.js';

export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  /** Degrees of freedom: (categories with a count on either side) − 1. */
  dof: number;
}

/**
 * `scipy.stats.chi2_contingency([reference, current])` on the 2×k table (default correction=True: Yates' continuity
 * correction, which scipy applies only when dof = 1, i.e. two categories; each observed count moves toward its
 * expected count by min(0.5, |expected − observed|)). Expected counts are rowTotal·columnTotal/N; the statistic is
 * Σ (observed − expected)²/expected and the p-value is the χ²(dof) survival function.
 *
 * Categories empty on both sides are left out first (scipy refuses a table with a zero expected count); with a
 * single category left dof = 0 and, as in scipy, the statistic is 0 and the p-value 1. Throws RangeError on
 * different lengths, negative counts, or a side whose counts add up to 0.
 */
export function chiSquare(reference: ArrayLike<number>, current: ArrayLike<number>): ChiSquareResult {
  checkCountPair(reference, current, 'chiSquare');
  const rows: [number[], number[]] = [[], []];
  for (let i = 0; i < reference.length; i++) {
    if (reference[i] === 0 && current[i] === 0) continue;
    rows[0].push(reference[i]);
    rows[1].push(current[i]);
  }
  const k = rows[0].length;
  const dof = k - 1;
  if (dof === 0) return { statistic: 0, pValue: 1, dof };
  const rowTotals = rows.map((row) => row.reduce((s, c) => s + c, 0));
  const total = rowTotals[0] + rowTotals[1];
  let statistic = 0;
  for (let r = 0; r < 2; r++) {
    for (let j = 0; j < k; j++) {
      const expected = (rowTotals[r] * (rows[0][j] + rows[1][j])) / total;
      let observed = rows[r][j];
      if (dof === 1) {
        const diff = expected - observed;
        observed += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      }
      const d = observed - expected;
      statistic += (d * d) / expected;
    }
  }
  return { statistic, pValue: chiSquareSf(statistic, dof), dof };
}
