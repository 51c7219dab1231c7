/**
 * What other packages use of @mlgate/deploy: the canary-deploy step (action and CLI), the post step's rollback,
 * the report's schema, and the nginx router the end-to-end reload test drives directly. Tests of this package
 * import the modules by path.
 */
export { parseCanaryDeployInputs, type CanaryDeployInputs } from './inputs.js';
export { runCanaryDeployStep, type CanaryDeployResult } from './step.js';
export { cancelOnSignals } from './abort.js';
export { rollbackAfterCrash, type DeployHooks } from './deploy.js';
export { deployReportSchema, type DeployReport } from './report.js';
export { childPids, NginxRouter, type NginxSettings } from './routers/nginx.js';
export { applySplit } from './routers/types.js';
