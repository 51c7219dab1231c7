/** canary-deploy: reads inputs, runs the rollout (rolling back on SIGINT/SIGTERM), writes outputs, report and summary. */
import * as core from '@actions/core';
import { actionsLogger, info, runAction } from '@mlgate/action';
import { runContextFromEnv } from '@mlgate/core';
import {
  deployFailed,
  describeInputs,
  metricAnnotations,
  renderDeploySummary,
  runCanaryDeploy,
} from '@mlgate/deploy';
import { getInputs, SAVED } from './inputs.js';

export async function run(): Promise<void> {
  core.saveState(SAVED.main, 'true');
  await runAction('canary-deploy', async () => {
    const inputs = getInputs();
    for (const line of describeInputs(inputs)) info(line);

    // The runner cancels with SIGINT, then SIGTERM 7.5 s later: both stop the current wait and roll back.
    const cancel = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => {
      if (cancel.signal.aborted) {
        core.warning(`received ${signal} again; still rolling back to stable`);
        return;
      }
      core.warning(`received ${signal}: stopping the rollout and rolling back to stable`);
      cancel.abort(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    let outcome;
    try {
      outcome = await runCanaryDeploy(inputs, actionsLogger, {
        signal: cancel.signal,
        context: runContextFromEnv(),
        onStart: () => core.saveState(SAVED.started, 'true'),
        onSettled: () => core.saveState(SAVED.settled, 'true'),
      });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    const { report, state, analysis } = outcome;
    core.setOutput('result', report.result);
    // Empty, never 0, when the router's state is unknown (the rollback failed).
    core.setOutput('final-weight', report.finalWeight === null ? '' : String(report.finalWeight));
    core.setOutput('report', inputs.reportPath);
    core.setOutput('state', JSON.stringify(state));
    core.setOutput('summary', report.summary);

    // Failed metrics as annotations on the line of the analysis file that declares them.
    for (const annotation of metricAnnotations(report, analysis)) {
      const properties = { file: annotation.file, startLine: annotation.line, title: annotation.title };
      if (annotation.level === 'error') core.error(annotation.message, properties);
      else core.warning(annotation.message, properties);
    }
    await core.summary.addRaw(renderDeploySummary(report)).write();
    info(`report: ${inputs.reportPath}`);
    info(report.summary);
    if (report.finalWeight === null)
      core.setFailed(`canary-deploy ${report.result}: the router's state is unknown: ${report.reason}`);
    else if (deployFailed(report, inputs.failOn))
      core.setFailed(`canary-deploy ${report.result}: ${report.reason}`);
  });
}
