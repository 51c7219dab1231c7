/**
 * @mlgate/action — the runtime every action shares: the publisher, the top-level handler, inputs and outputs, the
 * runner-safe Logger. Exports what the actions use; this package's own modules and tests import by relative path.
 */
export { actionsLogger, info } from './logger.js';
export { actionInput, runAction } from './run.js';
export { nestedIO, runnerIO } from './step.js';
export type { StepIO } from './step.js';
export { publish } from './publish.js';
export { getState, saveState } from './runner.js';
