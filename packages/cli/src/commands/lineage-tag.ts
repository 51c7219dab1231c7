/**
 * `mlgate lineage tag`: the lineage-tag action on a laptop or in another CI, same options. With a token and
 * GITHUB_REPOSITORY it tags through the API as the action does; without, it plans the version from the clone's own
 * tags and writes the manifest and model card, creating no tag. Artifacts are the Actions runner's: never uploaded.
 */
import { ConfigurationError, type Logger } from '@mlgate/core';
import {
  compareVersions,
  createOctokit,
  githubModelTags,
  modelTagVersion,
  repositoryFromEnv,
} from '@mlgate/github';
import {
  parseLineageTagInputs,
  runLineageTag,
  type LineageTagInputs,
  type ModelTagStore,
} from '@mlgate/lineage';
import { localModelTags } from '../git-tags.js';
import { consoleLogger } from '../logger.js';
import type { CommandOptions } from '../options.js';
import { publishResult } from '../output.js';

/** The action's inputs as options (`upload` false here: there is no artifact service outside a job). */
export const lineageTagOptions = [
  'model',
  'name',
  'data',
  'params',
  'eval-report',
  'data-report',
  'version',
  'tag',
  'upload',
  'retention-days',
  'github-token',
  'manifest-path',
] as const;

/** The versions so far, from the clone's tags; none (version 1) where this is not a clone. */
function localTagStore(logger: Logger): ModelTagStore {
  return {
    compare: compareVersions,
    list: async (name) => {
      const tags = await localModelTags(name).catch((error: unknown) => {
        if (!(error instanceof ConfigurationError)) throw error;
        logger.warning(`no git tags here (not a clone?): no earlier version of ${name} is known`);
        return [];
      });
      return tags.map(modelTagVersion);
    },
    readOnlyReason:
      'no --github-token (or GITHUB_TOKEN) with GITHUB_REPOSITORY to tag through the API; the version follows the local tags',
  };
}

/** Tags through the API with a token and the repository; else the local tags, read only; none with --tag false. */
function tagStore(
  inputs: LineageTagInputs,
  explicitToken: boolean,
  logger: Logger,
): ModelTagStore | undefined {
  if (!inputs.tag) return undefined;
  if (inputs.token && (explicitToken || process.env.GITHUB_REPOSITORY))
    return githubModelTags(createOctokit({ token: inputs.token, logger }), repositoryFromEnv());
  return localTagStore(logger);
}

export async function lineageTag(options: CommandOptions): Promise<number> {
  const logger = consoleLogger(options.flags);
  const defaults: Record<string, string> = {
    upload: 'false',
    'github-token': process.env.GITHUB_TOKEN ?? '',
  };
  const inputs = parseLineageTagInputs((name) => options.values[name] ?? defaults[name] ?? '', process.cwd());
  const tags = tagStore(inputs, options.values['github-token'] !== undefined, logger);
  const result = await runLineageTag(inputs, { logger, tags });
  return publishResult(result, {
    logger,
    workspace: inputs.workspace,
    stdout: options.flags.json ? { json: result.outputs } : { line: result.verdict },
  });
}
