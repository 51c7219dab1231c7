/**
 * What other packages use of @mlgate/deploy: the canary-deploy run (action, CLI and post step), its report and
 * summary, and the nginx router the end-to-end reload test drives directly. Tests of this package import the
 * modules by path.
 */
export { describeInputs, parseCanaryDeployInputs, type CanaryDeployInputs } from './inputs.js';
export {
  deployFailed,
  rollbackAfterCrash,
  runCanaryDeploy,
  type DeployHooks,
  type DeployRun,
} from './deploy.js';
export { metricAnnotations, type MetricAnnotation } from './annotations.js';
export { deployReportSchema, type DeployReport } from './report.js';
export { renderDeploySummary } from './summary.js';
export { childPids, NginxRouter, type NginxSettings } from './routers/nginx.js';
export { applySplit } from './routers/types.js';
