/** Public entry point of the metrics library: re-exports every metric module. */

export * from './classification.js';
export * from './probabilistic.js';
export * from './regression.js';
export * from './text.js';
export * from './quantile.js';
export * from './fairness.js';
