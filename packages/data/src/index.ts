/**
 * @mlgate/data — validate-data: contracts, profiles, drift and the step that runs them.
 * Exports what other packages, the actions, the CLI and their tests use; this package's own modules and tests
 * import by relative path.
 */
export { mergeProfiles, readProfiles } from './profile/profile.js';
export { inferContractYaml } from './validate/infer.js';
export { contractSchema } from './contract/index.js';
export { registerScanWorker } from './validate/parallel-scan.js';
export { parseValidateDataStepInputs, runValidateDataStep } from './validate/step.js';
export type { ValidateDataServices, ValidateDataStepInputs } from './validate/step.js';
