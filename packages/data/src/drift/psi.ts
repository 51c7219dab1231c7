/** Population stability index between two binnings of a column. */

import { checkCountPair } from './validate.js';

/** Default floor for an empty bin's proportion. */
export const DEFAULT_PSI_EPSILON = 1e-4;

/**
 * PSI = Σᵢ (cᵢ − rᵢ)·ln(cᵢ / rᵢ) over bins, where rᵢ = referenceᵢ / Σ reference and cᵢ = currentᵢ / Σ current are
 * the proportions, and a proportion that is exactly 0 is replaced by `epsilon` (no renormalisation afterwards), so
 * that an empty bin on either side gives a large but finite term. Each term is ≥ 0; 0 means identical proportions.
 * Rules of thumb: < 0.1 stable, 0.1–0.25 moderate shift, ≥ 0.25 major shift.
 *
 * Inputs are bin counts (not proportions) of the same bins, e.g. FrozenHistogram counts over the reference's
 * decile edges. Throws RangeError on different lengths, negative or non-finite counts, or an all-zero side.
 */
export function psi(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  epsilon: number = DEFAULT_PSI_EPSILON,
): number {
  if (!(epsilon > 0 && epsilon < 1)) throw new RangeError(`psi: epsilon must be in (0, 1), got ${epsilon}`);
  const [referenceTotal, currentTotal] = checkCountPair(reference, current, 'psi');
  let sum = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i] === 0 ? epsilon : reference[i] / referenceTotal;
    const c = current[i] === 0 ? epsilon : current[i] / currentTotal;
    sum += (c - r) * Math.log(c / r);
  }
  return sum;
}
