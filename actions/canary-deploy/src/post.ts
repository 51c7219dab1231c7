/**
 * The post step (post-if: always()): when the main step started touching the router but died before leaving it
 * in a known state (killed, crashed), roll back to stable.
 */
import { actionsLogger, getState, info, runAction } from '@mlgate/action';
import { rollbackAfterCrash } from '@mlgate/deploy';
import { getInputs, SAVED } from './inputs.js';

/** The post step is the one that sees the main step's saved state. */
export function isPostStep(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[`STATE_${SAVED.main}`] !== undefined;
}

export async function runPost(): Promise<void> {
  if (getState(SAVED.started) !== 'true') {
    info('canary-deploy post: the main step never touched the router; nothing to do');
    return;
  }
  if (getState(SAVED.settled) === 'true') {
    info('canary-deploy post: the main step left the router in a known state; nothing to do');
    return;
  }
  await runAction('canary-deploy post', async () => {
    actionsLogger.warning('canary-deploy post: the main step did not finish; rolling traffic back to stable');
    await rollbackAfterCrash(getInputs(), actionsLogger);
  });
}
