/**
 * canary-deploy as one step, for the action and `mlgate canary-deploy` alike: inputs in, the complete result out —
 * the report and state (written to their files), outputs, annotations on the analysis file's lines, the job
 * summary, the verdict and, by the one fail-on rule, whether the step fails.
 */
import type { Logger, StepResult } from '@mlgate/core';
import { metricAnnotations } from './annotations.js';
import { deployFailed, runCanaryDeploy, type DeployHooks } from './deploy.js';
import { describeInputs, type CanaryDeployInputs } from './inputs.js';
import type { DeployReport } from './report.js';
import type { RolloutState } from './state.js';
import { renderDeploySummary } from './summary.js';

export interface CanaryDeployResult extends StepResult {
  report: DeployReport;
  state: RolloutState;
}

export async function runCanaryDeployStep(
  inputs: CanaryDeployInputs,
  logger: Logger,
  hooks: DeployHooks = {},
): Promise<CanaryDeployResult> {
  for (const line of describeInputs(inputs)) logger.info(line);
  const { report, state, analysis } = await runCanaryDeploy(inputs, logger, hooks);
  return {
    report,
    state,
    outputs: {
      result: report.result,
      // Empty, never 0, when the router's state is unknown (the rollback failed).
      'final-weight': report.finalWeight === null ? '' : String(report.finalWeight),
      report: inputs.reportPath,
      state: JSON.stringify(state),
      summary: report.summary,
    },
    // Failed metrics on the line of the analysis file that declares them.
    annotations: metricAnnotations(report, analysis),
    summary: renderDeploySummary(report),
    lines: [`report: ${inputs.reportPath}`],
    verdict: report.summary,
    ...failure(report, inputs),
  };
}

function failure(report: DeployReport, inputs: CanaryDeployInputs): { failure?: string } {
  if (report.finalWeight === null)
    return { failure: `canary-deploy ${report.result}: the router's state is unknown: ${report.reason}` };
  if (deployFailed(report, inputs.failOn))
    return { failure: `canary-deploy ${report.result}: ${report.reason}` };
  return {};
}
