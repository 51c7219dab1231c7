/**
 * The baseline store (`@mlgate/github/baseline`): eval reports and data profiles saved per commit of the base
 * branch (or blessed under a pin) in the Actions cache or as artifacts, and found again for pull requests.
 * A subpath export; the stores (cache-store, artifact-store: @actions/cache and @actions/artifact, ~4 MB) are
 * loaded by createBaselineStore only when a step reads or saves a stored baseline.
 */
export { BASELINE_STORES } from './types.js';
export type { BaselineStoreKind } from './types.js';
export { defaultBaselineName, keyPart, workflowId } from './keys.js';
export { readRunEvent } from './event.js';
export { saveBaseline } from './save.js';
export { baselineService, createBaselineStore } from './run.js';
