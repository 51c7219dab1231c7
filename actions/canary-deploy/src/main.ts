/** canary-deploy: inputs → the rollout's complete result (packages/deploy; SIGINT/SIGTERM roll back) → publish. */
import * as core from '@actions/core';
import { actionsLogger, publish, runAction } from '@mlgate/action';
import { runContextFromEnv } from '@mlgate/core';
import { cancelOnSignals, runCanaryDeployStep } from '@mlgate/deploy';
import { getInputs, SAVED } from './inputs.js';

export async function run(): Promise<void> {
  core.saveState(SAVED.main, 'true');
  await runAction('canary-deploy', async () => {
    const inputs = getInputs();
    const result = await cancelOnSignals(actionsLogger, (signal) =>
      runCanaryDeployStep(inputs, actionsLogger, {
        signal,
        context: runContextFromEnv(),
        // The post step owes a rollback from the first touch of the router until it is settled.
        onStart: () => core.saveState(SAVED.started, 'true'),
        onSettled: () => core.saveState(SAVED.settled, 'true'),
      }),
    );
    await publish(result);
  });
}
