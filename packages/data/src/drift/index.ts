/** Drift statistics between a reference and a current column, each checked against scipy on committed fixtures. */

export { DEFAULT_PSI_EPSILON, psi } from './psi.js';
export { normalisedWasserstein, wasserstein, wassersteinFromSketches } from './wasserstein.js';
export {
  alignCategories,
  categoricalDistributions,
  jensenShannonDistance,
  lInfinity,
} from './categorical.js';
export type { CategoryAlignment } from './categorical.js';
export { KS_EXACT_MAX_N, ksFromSketches, ksTwoSample } from './ks.js';
export type { KsResult } from './ks.js';
export { kolmogorovSf, probOutsideBand, probOutsideSquare, smirnovSf } from './kolmogorov.js';
export { chiSquare } from './chisquare.js';
export type { ChiSquareResult } from './chisquare.js';
export { chiSquareSf, logGamma, regularizedGammaP, regularizedGammaQ } from './gamma.js';
