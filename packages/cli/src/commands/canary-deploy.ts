/** `mlgate canary-deploy`: the canary-deploy action from a laptop or another CI; same options, same rules. */
import { runContextFromEnv } from '@mlgate/core';
import { cancelOnSignals, parseCanaryDeployInputs, runCanaryDeployStep } from '@mlgate/deploy';
import { consoleLogger } from '../logger.js';
import { refuseArguments, type CommandOptions } from '../options.js';
import { publishResult } from '../output.js';

export const canaryDeployOptions = [
  'action',
  'strategy',
  'router',
  'config',
  'analysis',
  'steps',
  'bake-time',
  'shadow-percent',
  'shadow-then-canary',
  'pause-at',
  'stable-version',
  'canary-version',
  'failure-limit',
  'consecutive-error-limit',
  'inconclusive-policy',
  'inconclusive-limit',
  'inconclusive-fallback',
  'timeout',
  'router-timeout',
  'require-lineage',
  'require-lineage-strict',
  'model',
  'state',
  'state-file',
  'report-path',
  'fail-on',
  'summary-path',
] as const;

export const canaryDeployHelp = `Usage: mlgate canary-deploy --router KIND --config FILE [options]

Shifts traffic to a new model version step by step through a router, analyses every step and rolls back on its
own (the canary-deploy action). Ctrl-C rolls back to stable before exiting.

Options (the action's inputs):
  --action A                  rollout | start | promote | abort                      (default rollout)
  --strategy S                canary | shadow | blue-green                           (default canary)
  --router KIND               nginx | haproxy | gateway-api | istio | kserve | sagemaker | command
  --config FILE               deploy config: router settings and analysis (YAML or JSON)
  --analysis FILE             separate analysis file (overrides the config's analysis)
  --steps LIST                canary weights, increasing, ending at 100             (default 5,10,25,50,100)
  --bake-time D               time each step runs before analysis: 500ms, 30s, 5m    (default 5m)
  --shadow-percent P          shadow: share of requests mirrored                     (default 100)
  --shadow-then-canary B      shadow: continue as canary after a healthy shadow      (default false)
  --pause-at W                start: weight at which to hold for approval            (default: first step)
  --stable-version V          label substituted for {{version}} on the stable side   (default stable)
  --canary-version V          label substituted for {{version}} on the new side      (default canary)
  --failure-limit N           failed measurements tolerated per metric               (default 0)
  --consecutive-error-limit N consecutive provider errors tolerated per metric       (default 4)
  --inconclusive-policy P     pause | rollback | fail                                (default pause)
  --inconclusive-limit N      pause: retries of an inconclusive analysis             (default 3)
  --inconclusive-fallback F   pause: rollback | fail after the retries               (default rollback)
  --timeout D                 overall time limit                                     (default 60m)
  --router-timeout D          time limit of one router operation                     (default 2m)
  --require-lineage FILE      lineage manifest the model must match
  --require-lineage-strict B  refuse a model evaluated without a baseline too         (default false)
  --model PATHS               model files or directories checked against the manifest
  --state JSON                promote/abort: the start job's state output
  --state-file FILE           rollout state file     (default mlgate-reports/canary-deploy-state.json)
  --report-path FILE          JSON report            (default mlgate-reports/canary-deploy-report.json)
  --fail-on WHEN              error | never                                          (default error)
  --summary-path FILE         also write the Markdown summary there
  --json                      print the report JSON on stdout instead of the summary line

Exit codes:
  0  promoted, paused for approval, or aborted by --action abort; with --fail-on never also rolled back or
     aborted, when the router is known to be back on stable
  1  rolled back or aborted: the analysis failed or stayed inconclusive (under pause: after
     --inconclusive-limit retries), an error, the timeout or Ctrl-C; or, whatever --fail-on says, the router's
     state is unknown (the rollback itself failed)
  2  bad input or configuration, or a model that does not match --require-lineage: no traffic was moved`;

export async function canaryDeploy(options: CommandOptions): Promise<number> {
  refuseArguments(options, 'canary-deploy');
  const logger = consoleLogger(options.flags);
  const workspace = process.cwd();
  const inputs = parseCanaryDeployInputs((name) => options.values[name] ?? '', workspace);
  const result = await cancelOnSignals(logger, (signal) =>
    runCanaryDeployStep(inputs, logger, { signal, context: runContextFromEnv() }),
  );
  return publishResult(result, {
    logger,
    workspace,
    summaryPath: options.values['summary-path'],
    stdout: options.flags.json ? { json: result.report } : { line: result.report.summary },
  });
}
