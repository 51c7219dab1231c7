/**
 * The baseline store (`@mlgate/github/baseline`): eval reports and data profiles saved per commit of the base
 * branch (or blessed under a pin) in the Actions cache or as artifacts, and found again for pull requests.
 * A subpath export: @actions/cache and @actions/artifact add ~4 MB, only eval-gate and validate-data need them.
 */
export * from './types.js';
export * from './keys.js';
export * from './event.js';
export * from './inputs.js';
export * from './staging.js';
export * from './cache-store.js';
export * from './artifact-store.js';
export * from './resolve.js';
export * from './save.js';
export * from './run.js';
