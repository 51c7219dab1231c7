/** Whether this run saves its result as a baseline, and saving it (per commit, and blessed under a pin). */
import { MLGATE_VERSION, type Logger } from '@mlgate/core';
import type { RunEvent } from './event.js';
import type { SaveBaselineMode } from './inputs.js';
import { baselineTempDir, writeBaselineFiles } from './staging.js';
import {
  BASELINE_MANIFEST_KIND,
  type BaselineContent,
  type BaselineManifest,
  type BaselineSlot,
  type BaselineStore,
  type SaveResult,
} from './types.js';

export interface SaveDecision {
  save: boolean;
  /** Why, in words: "a push to the default branch main". */
  reason: string;
}

/** save-baseline: auto saves on a push to the default branch or to one of baseline-branches. */
export function decideSave(mode: SaveBaselineMode, event: RunEvent, branches: string[]): SaveDecision {
  if (mode === 'false') return { save: false, reason: 'save-baseline is false' };
  if (!event.commit) return { save: false, reason: 'GITHUB_SHA is not set' };
  if (mode === 'true') return { save: true, reason: 'save-baseline is true' };
  if (event.name !== 'push' || !event.branch)
    return { save: false, reason: `a ${event.name || 'local'} run is not a push to a branch` };
  if (event.branch === event.defaultBranch)
    return { save: true, reason: `a push to the default branch ${event.branch}` };
  if (branches.includes(event.branch))
    return { save: true, reason: `a push to ${event.branch}, one of baseline-branches` };
  return {
    save: false,
    reason: `${event.branch} is neither the default branch${event.defaultBranch ? ` (${event.defaultBranch})` : ''} nor one of baseline-branches`,
  };
}

export interface SaveBaselineOptions {
  store: BaselineStore;
  slot: BaselineSlot;
  content: BaselineContent;
  name: string;
  workflow: string;
  event: RunEvent;
  /** The report (eval or data) and, for data, the profile: stored as JSON. */
  report: unknown;
  profile?: unknown;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
}

export async function saveBaseline(options: SaveBaselineOptions): Promise<SaveResult> {
  const { store, slot, content, name, workflow, event, logger } = options;
  const env = options.env ?? process.env;
  const manifest: BaselineManifest = {
    kind: BASELINE_MANIFEST_KIND,
    schemaVersion: '1.0',
    content,
    name,
    ...(slot.kind === 'pinned' ? { pin: slot.pin } : {}),
    commit: event.commit ?? 'unknown',
    ...(event.branch ? { branch: event.branch } : {}),
    createdAt: new Date().toISOString(),
    workflow,
    ...(env.GITHUB_REPOSITORY ? { repository: env.GITHUB_REPOSITORY } : {}),
    ...(env.GITHUB_RUN_ID ? { runId: env.GITHUB_RUN_ID } : {}),
    mlgateVersion: MLGATE_VERSION,
  };
  const directory = await baselineTempDir('save');
  await writeBaselineFiles(directory, manifest, options.report, options.profile);
  const result = await store.save(slot, directory);
  const what =
    slot.kind === 'pinned' ? `blessed baseline "${slot.pin}"` : `baseline of ${manifest.commit.slice(0, 12)}`;
  if (result.saved) logger.info(`Saved the ${what} to the ${store.kind} store as ${result.storedAs}.`);
  else logger.info(`The ${what} was not saved (${result.storedAs}): ${result.reason}.`);
  return result;
}
