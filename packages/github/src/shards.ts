/**
 * Shards of one evaluation or validation spread over a job matrix: each shard job uploads its part as an artifact
 * of the workflow run (`<prefix>-<shard>`, with a manifest saying which run, commit and shard it is), and the
 * merge job downloads them all and checks they are complete and of one run before anything is merged.
 * A subpath export (`@mlgate/github/shards`); @actions/artifact is loaded only when a shard is moved.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ConfigurationError,
  InputDataError,
  MLGATE_VERSION,
  type Logger,
  type RunContext,
} from '@mlgate/core';
import {
  MANIFEST_KIND,
  readShard,
  SHARD_MANIFEST,
  shardArtifactName,
  sortShards,
  type Shard,
  type ShardFile,
  type ShardManifest,
  type ShardService,
} from '@mlgate/core/shards';
import { uploadArtifact, type UploadedArtifact } from './artifact.js';

// The shard model (inputs, manifest, the merge job's checks) is @mlgate/core/shards'; this module moves the files.

interface UploadShardOptions {
  action: string;
  prefix: string;
  shard: string;
  context: RunContext;
  /** Absolute paths of the shard's files and what they are. */
  files: { file: string; role: ShardFile['role']; source?: string; format?: string }[];
  configDigest?: string;
  /** An empty working directory the artifact is assembled in. */
  stagingDirectory: string;
  logger: Logger;
}

/** Copies the shard's files next to a manifest and uploads them as the artifact `<prefix>-<shard>`. */
async function uploadShard(
  options: UploadShardOptions,
): Promise<UploadedArtifact & { name: string; manifest: ShardManifest }> {
  const { stagingDirectory: root, context } = options;
  await mkdir(root, { recursive: true });
  const files: ShardFile[] = [];
  const staged: string[] = [];
  for (const [index, item] of options.files.entries()) {
    // Numbered, so two results files of the same name in different folders stay apart.
    const inside = `${item.role}/${index + 1}-${path.basename(item.file)}`;
    await mkdir(path.join(root, item.role), { recursive: true });
    await copyFile(item.file, path.join(root, inside));
    staged.push(path.join(root, inside));
    files.push({
      path: inside,
      role: item.role,
      ...(item.source ? { source: item.source } : {}),
      ...(item.format ? { format: item.format } : {}),
    });
  }
  const manifest: ShardManifest = {
    kind: MANIFEST_KIND,
    schemaVersion: '1.0',
    action: options.action,
    prefix: options.prefix,
    shard: options.shard,
    run: withoutUndefined({
      id: context.runId,
      attempt: context.runAttempt,
      commit: context.commit,
      repository: context.repository,
      workflow: context.workflow,
    }),
    mlgateVersion: MLGATE_VERSION,
    ...(options.configDigest ? { configDigest: options.configDigest } : {}),
    files,
  };
  const manifestPath = path.join(root, SHARD_MANIFEST);
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  const name = shardArtifactName(options.prefix, options.shard);
  const uploaded = await uploadArtifact({
    name,
    files: [manifestPath, ...staged],
    rootDirectory: root,
    logger: options.logger,
  });
  return { ...uploaded, name, manifest };
}

interface DownloadShardsOptions {
  prefix: string;
  action: string;
  /** Each shard is downloaded into `<directory>/<artifact name>`. */
  directory: string;
  logger: Logger;
}

/** Downloads every shard artifact of the current workflow run named `<prefix>-*`. */
async function downloadShards(options: DownloadShardsOptions): Promise<Shard[]> {
  const { prefix, logger } = options;
  if (!process.env.ACTIONS_RUNTIME_TOKEN || !process.env.ACTIONS_RESULTS_URL)
    throw new ConfigurationError(
      'mode: merge downloads the shards from the artifacts of this workflow run, but ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set: run it as a step of a GitHub Actions job.',
    );
  const { DefaultArtifactClient } = await import('@actions/artifact');
  const client = new DefaultArtifactClient();
  const { artifacts } = await client.listArtifacts({ latest: true }).catch((error: unknown) => {
    throw new Error(`Cannot list the artifacts of this workflow run: ${errorText(error)}`, { cause: error });
  });
  const candidates = artifacts
    .filter((artifact) => artifact.name.startsWith(`${prefix}-`))
    .sort((a, b) => a.name.localeCompare(b.name));
  logger.info(
    `${candidates.length} artifact(s) named ${prefix}-* in this run: ${candidates.map((a) => a.name).join(', ') || 'none'}`,
  );
  const shards: Shard[] = [];
  for (const artifact of candidates) {
    const directory = path.join(options.directory, artifact.name);
    const result = await client
      .downloadArtifact(artifact.id, { path: directory, expectedHash: artifact.digest })
      .catch((error: unknown) => {
        throw new Error(`Cannot download shard artifact "${artifact.name}": ${errorText(error)}`, {
          cause: error,
        });
      });
    if (result.digestMismatch)
      throw new InputDataError(
        `shard artifact "${artifact.name}" does not match the digest it was uploaded with: download it again (re-run the job)`,
        { file: artifact.name },
      );
    const shard = await readShard(directory, artifact.name);
    // A longer prefix that starts with ours ("eval" and "eval-nightly"): not one of our shards.
    if (shard.manifest.prefix !== prefix) {
      logger.info(`${artifact.name}: a shard of "${shard.manifest.prefix}", not of "${prefix}": skipped`);
      continue;
    }
    shards.push(shard);
  }
  return sortShards(shards);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;
}

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const token = process.env.ACTIONS_RUNTIME_TOKEN;
  return (token ? message.split(token).join('***') : message).replace(/([?&]sig=)[^&\s"']+/gi, '$1***');
}

/**
 * The one wiring of shards for a step: uploads under `<prefix>-<shard>` and downloads this run's `<prefix>-*`,
 * staged in RUNNER_TEMP (else the workspace) under mlgate-shards/.
 */
export function shardService(options: {
  action: string;
  prefix: string;
  shard?: string;
  context: RunContext;
  workspace: string;
  logger: Logger;
}): ShardService {
  const { action, prefix, logger } = options;
  const scratch = (what: string) =>
    path.join(process.env.RUNNER_TEMP || options.workspace, 'mlgate-shards', what);
  return {
    upload: (files, configDigest) => {
      const shard = options.shard!;
      return uploadShard({
        action,
        prefix,
        shard,
        context: options.context,
        files,
        configDigest,
        stagingDirectory: scratch(`upload-${prefix}-${shard}`),
        logger,
      });
    },
    download: () => downloadShards({ prefix, action, directory: scratch(`merge-${prefix}`), logger }),
  };
}
