/**
 * validate-data in a job matrix: which shards the merge job gathers (this run's artifacts, or local files listed in
 * `data`), that they were validated under this contract, and a shard's report and profile read back.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ConfigurationError,
  DATA_PROFILE_KIND,
  DATA_REPORT_KIND,
  displayPath,
  InputDataError,
  MLGATE_VERSION,
  parseJson,
  readDataProfile,
  readDataReport,
  reportKind,
  resolveFiles,
  type Logger,
} from '@mlgate/core';
import {
  checkShards,
  readShard,
  SHARD_MANIFEST,
  shardFiles,
  sortShards,
  type Shard,
  type ShardInputs,
  type ShardService,
} from '@mlgate/core/shards';
import { loadContract, type Contract } from '../contract/index.js';
import type { DataShard } from './merge.js';
import type { ValidateDataInputs } from './options.js';

export const DATA_SHARD_ACTION = 'validate-data';

/**
 * mode: merge — the shards, from this run's artifacts or from the files listed in `data`, checked and read, and the
 * contract they are judged by (read once: its digest is checked against theirs, the merge uses it).
 */
export async function loadDataShards(
  sharding: ShardInputs,
  inputs: ValidateDataInputs,
  services: { logger: Logger; shards?: ShardService },
): Promise<{ shards: DataShard[]; contract?: Contract }> {
  const { logger } = services;
  return logger.group('Gathering shards', async () => {
    const local = inputs.data.length > 0;
    if (!local && !services.shards)
      throw new ConfigurationError(
        'mode: merge without data downloads the shards of a GitHub Actions run: list the shards in data here',
      );
    const shards = local ? await localShards(inputs, sharding.prefix) : await services.shards!.download();
    checkShards(shards, {
      action: DATA_SHARD_ACTION,
      expected: sharding.expectedShards,
      // Local files may have been downloaded from another run; artifacts of this run must say so.
      runId: local ? undefined : inputs.context?.runId,
      logger,
    });
    const contract = await mergeContract(shards, inputs);
    logger.info(`merging ${shards.length} shards: ${shards.map((shard) => shard.manifest.shard).join(', ')}`);
    return {
      shards: await Promise.all(shards.map((shard) => readDataShard(shard, inputs.workspace))),
      contract,
    };
  });
}

async function readDataShard(shard: Shard, workspace: string): Promise<DataShard> {
  const [report] = shardFiles(shard, 'report');
  const [profile] = shardFiles(shard, 'profile');
  const shown = (file: string) => displayPath(file, workspace);
  if (!report || !profile)
    throw new InputDataError(`shard ${shard.manifest.shard} lacks its ${report ? 'profile' : 'report'}`, {
      file: shown(shard.directory),
    });
  return {
    name: `shard ${shard.manifest.shard}`,
    report: await readDataReport(report.file, shown(report.file)),
    profile: await readDataProfile(profile.file, shown(profile.file)),
  };
}

/** The merge job's contract: shards validated under another contract (by digest) cannot be judged by this one. */
async function mergeContract(shards: Shard[], inputs: ValidateDataInputs): Promise<Contract | undefined> {
  // The shards' data files are not here: a Data Package's resource is picked by name only.
  const contract = inputs.contract
    ? await loadContract(path.resolve(inputs.workspace, inputs.contract), inputs.contract, {
        name: inputs.resource,
        dataFiles: [],
      })
    : undefined;
  const digest = contract?.digest;
  const withContract = shards.filter((shard) => shard.manifest.configDigest);
  if (!digest && withContract.length)
    throw new ConfigurationError(
      `the shards were validated with a data contract, but this merge job has none: give it the same contract input (shards ${withContract.map((s) => s.manifest.shard).join(', ')})`,
    );
  const other = withContract.filter((shard) => shard.manifest.configDigest !== digest);
  if (digest && other.length)
    throw new ConfigurationError(
      `shard ${other.map((s) => s.manifest.shard).join(', ')} ${other.length === 1 ? 'was' : 'were'} validated with a different contract than ${inputs.contract}: the shard and merge jobs must use the same contract file`,
    );
  return contract;
}

/**
 * Shards given as files: each shard's mlgate-shard.json (an artifact fetched with actions/download-artifact),
 * or its report and profile side by side in a folder of their own.
 */
async function localShards(inputs: ValidateDataInputs, prefix: string): Promise<Shard[]> {
  const files = await resolveFiles(inputs.data, 'data', inputs.workspace);
  const shards: Shard[] = [];
  const folders = new Map<string, string[]>();
  for (const file of files) {
    if (path.basename(file) === SHARD_MANIFEST) {
      shards.push(await readShard(path.dirname(file), displayPath(path.dirname(file), inputs.workspace)));
      continue;
    }
    const folder = path.dirname(file);
    folders.set(folder, [...(folders.get(folder) ?? []), file]);
  }
  for (const [folder, members] of folders) {
    if (shards.some((shard) => shard.directory === folder)) continue;
    shards.push(await shardFromFiles(folder, members, inputs, prefix));
  }
  return sortShards(shards);
}

/** A folder's data report and profile, one of each: a folder holds one shard. */
async function reportAndProfile(
  folder: string,
  members: string[],
  shown: (file: string) => string,
): Promise<{ report: string; profile: string }> {
  const byKind = new Map<string, string>();
  for (const file of members) {
    const kind = reportKind(parseJson(await readFile(file, 'utf8'), shown(file)));
    if (kind !== DATA_REPORT_KIND && kind !== DATA_PROFILE_KIND)
      throw new InputDataError(
        `${shown(file)} is neither a data report nor a data profile: with mode: merge, data lists the shards' reports and profiles`,
        { file: shown(file) },
      );
    if (byKind.has(kind))
      throw new InputDataError(
        `${shown(folder)} holds two ${kind === DATA_REPORT_KIND ? 'reports' : 'profiles'} (${shown(byKind.get(kind)!)} and ${shown(file)}): keep each shard in a folder of its own`,
        { file: shown(file) },
      );
    byKind.set(kind, file);
  }
  const report = byKind.get(DATA_REPORT_KIND);
  const profile = byKind.get(DATA_PROFILE_KIND);
  if (!report || !profile)
    throw new InputDataError(
      `${shown(folder)} has a ${report ? 'report' : 'profile'} but no ${report ? 'profile' : 'report'}: a shard needs both`,
      { file: shown(report ?? profile!) },
    );
  return { report, profile };
}

/** A folder holding one shard's data report and profile: its manifest is made up from the report's run. */
async function shardFromFiles(
  folder: string,
  members: string[],
  inputs: ValidateDataInputs,
  prefix: string,
): Promise<Shard> {
  const shown = (file: string) => displayPath(file, inputs.workspace);
  const { report, profile } = await reportAndProfile(folder, members, shown);
  const context = (await readDataReport(report, shown(report))).context ?? {};
  return {
    directory: folder,
    manifest: {
      kind: 'mlgate-shard',
      schemaVersion: '1.0',
      action: DATA_SHARD_ACTION,
      prefix,
      shard: shown(folder),
      run: { id: context.runId, attempt: context.runAttempt, commit: context.commit },
      mlgateVersion: MLGATE_VERSION,
      files: [
        { path: path.basename(report), role: 'report' },
        { path: path.basename(profile), role: 'profile' },
      ],
    },
  };
}
