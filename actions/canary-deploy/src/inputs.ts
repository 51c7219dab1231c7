/** The action's inputs, parsed and validated once (the same rules as `mlgate canary-deploy`). */
import { actionInput } from '@mlgate/action';
import { parseCanaryDeployInputs, type CanaryDeployInputs } from '@mlgate/deploy';

export function getInputs(): CanaryDeployInputs {
  return parseCanaryDeployInputs(actionInput, process.env.GITHUB_WORKSPACE || process.cwd());
}

/** Names of the values saved with saveState; the post step sees them as STATE_<name>. */
export const SAVED = {
  /** Saved first thing by the main step: its presence tells the shared bundle it runs as the post step. */
  main: 'main',
  /** The main step is about to touch the router. */
  started: 'started',
  /** The router is where the main step meant to leave it (promoted, paused, or back on stable). */
  settled: 'settled',
} as const;
