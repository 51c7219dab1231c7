/** canary-deploy: inputs → the rollout's complete result (packages/deploy; SIGINT/SIGTERM roll back) → publish. */
import { actionsLogger, publish, runAction, saveState } from '@mlgate/action';
import { runContextFromEnv } from '@mlgate/core';
import { cancelOnSignals, runCanaryDeployStep } from '@mlgate/deploy';
import { getInputs, SAVED } from './inputs.js';

export async function run(): Promise<void> {
  saveState(SAVED.main, 'true');
  await runAction('canary-deploy', async () => {
    const inputs = getInputs();
    const result = await cancelOnSignals(actionsLogger, (signal) =>
      runCanaryDeployStep(inputs, actionsLogger, {
        signal,
        context: runContextFromEnv(),
        // The post step owes a rollback from the first touch of the router until it is settled.
        onStart: () => saveState(SAVED.started, 'true'),
        onSettled: () => saveState(SAVED.settled, 'true'),
      }),
    );
    await publish(result);
  });
}
