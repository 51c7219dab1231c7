/**
 * The baseline store (`@mlgate/github/baseline`): eval reports and data profiles saved per commit of the base
 * branch (or blessed under a pin) in the Actions cache or as artifacts, and found again for pull requests.
 * A subpath export; the stores (cache-store, artifact-store: @actions/cache and @actions/artifact, ~4 MB) are
 * loaded by createBaselineStore only when a step reads or saves a stored baseline.
 */
export * from './types.js';
export * from './keys.js';
export * from './event.js';
export * from './inputs.js';
export * from './staging.js';
export * from './resolve.js';
export * from './save.js';
export * from './run.js';
