/**
 * The baseline steps of eval-gate and validate-data: before the run, read the baseline the inputs ask for from
 * the store; after it, save this run's result when it is a baseline (and bless it when asked).
 */
import { rm } from 'node:fs/promises';
import {
  ConfigurationError,
  type BaselineService,
  type DataReport,
  type EvalReport,
  type InputSource,
  type Logger,
} from '@mlgate/core';
import type { Octokit } from '../octokit.js';
import { readRunEvent, type RunEvent } from './event.js';
import { parseBaselineInputs, type BaselineInputs } from './inputs.js';
import { workflowId } from './keys.js';
import { resolveBaseline, type ResolvedBaseline } from './resolve.js';
import { decideSave, saveBaseline } from './save.js';
import { baselineTempDir } from './staging.js';
import type { BaselineContent, BaselineStore, BaselineStoreKind } from './types.js';

/** Octokit (@actions/github and its plugins), loaded only when a stored baseline is read or saved. */
async function loadOctokit(options: { token: string; logger: Logger }): Promise<Octokit> {
  const { createOctokit } = await import('../octokit.js');
  return createOctokit(options);
}

export interface CreateStoreOptions {
  kind: BaselineStoreKind;
  logger: Logger;
  token?: string;
  event: RunEvent;
  /** Needed by the artifact store (REST API); created from the token when not given. */
  octokit?: Octokit;
}

/**
 * The store, its module loaded only now: @actions/cache and @actions/artifact (with the Azure SDK) take most of an
 * action's start-up, and a step that reads no stored baseline never needs them.
 */
export async function createBaselineStore(options: CreateStoreOptions): Promise<BaselineStore> {
  const { kind, logger, token, event } = options;
  if (kind === 'cache') {
    const { CacheBaselineStore } = await import('./cache-store.js');
    return new CacheBaselineStore(logger);
  }
  if (!token)
    throw new ConfigurationError(
      'Input "github-token" is required for baseline-store: artifact (finding artifacts of other runs).',
    );
  if (!event.owner || !event.repo)
    throw new ConfigurationError('GITHUB_REPOSITORY is not set: cannot find baseline artifacts.');
  const { ArtifactBaselineStore } = await import('./artifact-store.js');
  return new ArtifactBaselineStore({
    logger,
    token,
    octokit: options.octokit ?? (await loadOctokit({ token, logger })),
    owner: event.owner,
    repo: event.repo,
  });
}

/**
 * Reads the baseline that `baseline: auto | pinned:<name>` (or `reference-profile: …`) asks for; undefined
 * when the input is a file path or empty. When the store cannot be read, warns and answers "not found": the
 * gates that need a baseline are then inconclusive, never passed.
 */
export async function resolveRunBaseline(
  inputs: BaselineInputs,
  logger: Logger,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ResolvedBaseline | undefined> {
  const { request } = inputs;
  if (!request) return undefined;
  if (request.mode === 'auto' && !inputs.token)
    throw new ConfigurationError(
      `Input "github-token" is required for ${inputs.requestInput}: auto (finding the merge base and earlier commits).`,
    );
  const event = readRunEvent(env);
  const octokit = inputs.token ? await loadOctokit({ token: inputs.token, logger }) : undefined;
  const store = await createBaselineStore({
    kind: inputs.store,
    logger,
    token: inputs.token,
    event,
    octokit,
  });
  const into = await baselineTempDir('restore');
  return logger.group(
    `Baseline (${inputs.requestInput}: ${request.mode === 'auto' ? 'auto' : `pinned:${request.pin}`})`,
    async () => {
      try {
        return await resolveBaseline({
          request,
          store,
          content: inputs.content,
          workflow: workflowId(env),
          name: inputs.name,
          event,
          octokit,
          maxAgeMs: inputs.maxAgeMs,
          into,
          logger,
        });
      } catch (error) {
        if (error instanceof ConfigurationError) throw error;
        await rm(into, { recursive: true, force: true });
        const message = `Could not read the ${inputs.store} baseline store: ${(error as Error).message}. Continuing without a baseline: gates that need one are inconclusive.`;
        logger.warning(message);
        return {
          resolution: {
            request: request.mode === 'auto' ? 'auto' : `pinned:${request.pin}`,
            store: inputs.store,
            name: request.mode === 'auto' ? inputs.name : request.pin,
            found: false,
            message,
          },
        };
      }
    },
  );
}

/**
 * Saves this run's result as the baseline of its commit when save-baseline says so, and as a blessed
 * baseline when bless is set. A failed automatic save is a warning (the gate's verdict stands); a failed
 * blessing fails the step, since someone asked for it on this run.
 */
export async function saveRunBaseline(
  inputs: BaselineInputs,
  contents: { report: unknown; profile?: unknown },
  logger: Logger,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const event = readRunEvent(env);
  const decision = decideSave(inputs.save, event, inputs.branches);
  if (!decision.save && !inputs.bless) {
    logger.info(`Baseline not saved: ${decision.reason}.`);
    return;
  }
  const workflow = workflowId(env);
  const common = { content: inputs.content, name: inputs.name, workflow, event, ...contents, logger, env };
  await logger.group('Saving the baseline', async () => {
    let store: BaselineStore;
    try {
      store = await createBaselineStore({ kind: inputs.store, logger, token: inputs.token, event });
    } catch (error) {
      if (inputs.bless) throw error;
      logger.warning(`The baseline was not saved: ${(error as Error).message}`);
      return;
    }
    if (decision.save) {
      logger.info(`Saving the baseline "${inputs.name}": ${decision.reason}.`);
      try {
        await saveBaseline({
          ...common,
          store,
          slot: { kind: 'commit', workflow, name: inputs.name, commit: event.commit! },
        });
      } catch (error) {
        logger.warning(
          `The baseline of ${event.commit?.slice(0, 12)} was not saved: ${(error as Error).message}`,
        );
      }
    }
    if (inputs.bless) {
      const result = await saveBaseline({
        ...common,
        store,
        slot: { kind: 'pinned', content: inputs.content, pin: inputs.bless },
      });
      if (!result.saved) throw new Error(`Blessing "${inputs.bless}" failed: ${result.reason}`);
    }
  });
}

/** Records the resolution in the eval report and names the baseline by commit and age instead of a temporary path. */
export function recordEvalBaseline(report: EvalReport, resolved: ResolvedBaseline): void {
  report.baselineResolution = resolved.resolution;
  if (report.baseline && resolved.source) report.baseline.source = resolved.source;
}

/** The same for the data report: the reference is the stored profile, named by commit and age. */
export function recordDataBaseline(report: DataReport, resolved: ResolvedBaseline): void {
  report.baselineResolution = resolved.resolution;
  if (report.reference && resolved.source) report.reference = resolved.source;
}

/**
 * The baseline store as a step uses it, from the step's inputs: `baseline` (eval-gate) or `reference-profile`
 * (validate-data) asks for a stored one (auto, pinned:<name>); baseline-store, baseline-name, save-baseline and
 * bless say where and when to save (docs/baselines.md).
 */
export function baselineService(
  input: InputSource,
  requestInput: 'baseline' | 'reference-profile',
  content: BaselineContent,
  logger: Logger,
): BaselineService {
  const inputs = parseBaselineInputs(input, requestInput, content);
  return {
    requested: inputs.request !== undefined,
    resolve: () => resolveRunBaseline(inputs, logger),
    save: (contents) => saveRunBaseline(inputs, contents, logger),
  };
}
