/** The statistics toolkit of eval gates: seeded random numbers, bootstrap intervals, paired tests and distribution functions. */

export { Rng, createRng, seedWord } from './random.js';
export type { NumberSink, Seed } from './random.js';
export {
  DEFAULT_LEVEL,
  DEFAULT_RESAMPLES,
  DEFAULT_SEED,
  bootstrap,
  bootstrapConfusion,
  bootstrapInterval,
  quantileSorted,
  resampleCounts,
} from './bootstrap.js';
export type {
  BootstrapConfusionOptions,
  BootstrapInterval,
  BootstrapOptions,
  CellStatistic,
  WeightedStatistic,
} from './bootstrap.js';
export {
  mcnemar,
  minimumDetectableEffect,
  pairedBootstrap,
  pairedBootstrapConfusion,
  pairedProportionStandardError,
} from './paired.js';
export type {
  McNemarResult,
  PairedBootstrapConfusionOptions,
  PairedBootstrapOptions,
  PairedBootstrapResult,
} from './paired.js';
export { binomialCdf, binomialPmf, binomialSf, binomialTest, normalQuantile } from './distributions.js';
export type { Alternative } from './distributions.js';
