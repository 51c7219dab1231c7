/**
 * @mlgate/eval — eval-gate: results importers, metrics, gates and the step that runs them.
 * Exports what other packages, the actions, the CLI and their tests use; this package's own modules and tests
 * import by relative path.
 */
export { RESULTS_FORMATS, TASK_KINDS } from './types.js';
export { isBuiltInMetric } from './catalog.js';
export { gatesFileSchema, loadGatesFile } from './gates/gates-file.js';
export { registerResampleWorker } from './resample-threads.js';
export { runEvalGate } from './run.js';
export { parseEvalGateStepInputs, runEvalGateStep } from './step.js';
export type { EvalGateServices, EvalGateStepInputs } from './step.js';
