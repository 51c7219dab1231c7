/**
 * The rollout state handed from a `start` job to a `promote` or `abort` job (job output and state file).
 * The router stays the source of truth: promote reads it back and refuses to continue when it differs.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkPathPolicy, InputDataError } from '@mlgate/core';
import type { RolloutResult } from './machine.js';
import type { TrafficSplit } from './routers/types.js';

export const STATE_KIND = 'mlgate/canary-deploy-state';

export interface RolloutState {
  kind: typeof STATE_KIND;
  strategy: 'canary' | 'shadow' | 'blue-green';
  router: string;
  /** How many steps of the plan are done (the next one to run is steps[completedSteps]). */
  completedSteps: number;
  /** The split the router was left at. */
  split: TrafficSplit;
  result: RolloutResult;
  versions: { stable: string; canary: string };
  updatedAt: string;
}

export function parseState(text: string, source: string): RolloutState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputDataError(`rollout state is not JSON: ${(error as Error).message}`, { file: source });
  }
  const state = value as Partial<RolloutState> | null;
  const valid =
    state !== null &&
    typeof state === 'object' &&
    state.kind === STATE_KIND &&
    typeof state.completedSteps === 'number' &&
    typeof state.split?.weight === 'number' &&
    typeof state.split?.mirror === 'number' &&
    typeof state.strategy === 'string' &&
    typeof state.result === 'string';
  if (!valid)
    throw new InputDataError(`not a canary-deploy rollout state (kind ${STATE_KIND})`, { file: source });
  return state as RolloutState;
}

export async function readStateFile(file: string, displayName = file): Promise<RolloutState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseState(text, displayName);
}

export async function writeStateFile(file: string, state: RolloutState): Promise<void> {
  checkPathPolicy(file, 'state-file');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(state, null, 2)}\n`);
}
