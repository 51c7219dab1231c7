/**
 * validate-data in a job matrix: a shard job uploads its report and profile; the merge job gathers every
 * shard (from this run's artifacts, or local files listed in `data`) and merges them.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { actionsLogger, info, type StepIO } from '@mlgate/action';
import {
  ConfigurationError,
  displayPath,
  InputDataError,
  MLGATE_VERSION,
  parseJson,
  readDataProfile,
  readDataReport,
  reportKind,
  resolveFiles,
  DATA_PROFILE_KIND,
  DATA_REPORT_KIND,
} from '@mlgate/core';
import type { DataShard, ValidateDataInputs } from '@mlgate/data';
import {
  checkShards,
  downloadShards,
  readShard,
  SHARD_MANIFEST,
  shardFiles,
  sortShards,
  uploadShard,
  type Shard,
  type ShardInputs,
} from '@mlgate/github/shards';

const ACTION = 'validate-data';
export const DEFAULT_SHARD_PROFILE_PATH = 'mlgate-reports/data-profile.json';

function scratch(inputs: ValidateDataInputs, what: string): string {
  return path.join(process.env.RUNNER_TEMP || inputs.cwd, 'mlgate-shards', what);
}

/** The contract's bytes, hashed: shards validated under another contract cannot be judged by this one. */
async function contractDigest(inputs: ValidateDataInputs): Promise<string | undefined> {
  if (!inputs.contract) return undefined;
  const bytes = await readFile(path.resolve(inputs.cwd, inputs.contract)).catch(() => undefined);
  return bytes ? `sha256:${createHash('sha256').update(bytes).digest('hex')}` : undefined;
}

/** mode: shard — the shard's report and profile, uploaded as one artifact. */
export async function uploadDataShard(
  sharding: ShardInputs,
  inputs: ValidateDataInputs,
  reportPath: string,
  profilePath: string,
  failedChecks: number,
  io: StepIO,
): Promise<void> {
  const shard = sharding.shard!;
  const uploaded = await core.group(`Uploading shard ${shard}`, async () =>
    uploadShard({
      action: ACTION,
      prefix: sharding.prefix,
      shard,
      context: inputs.context ?? {},
      files: [
        { file: reportPath, role: 'report' },
        { file: profilePath, role: 'profile' },
      ],
      configDigest: await contractDigest(inputs),
      stagingDirectory: scratch(inputs, `upload-${sharding.prefix}-${shard}`),
      logger: actionsLogger,
    }),
  );
  io.setOutput('shard-artifact', uploaded.name);
  info(
    `Shard ${shard} uploaded as "${uploaded.name}"${failedChecks ? `; ${failedChecks} check(s) fail within this shard alone` : ''}. ` +
      'The merge job (mode: merge) judges the whole dataset once; this step does not fail on checks.',
  );
  await core.summary
    .addRaw(
      `\n> Shard ${shard} of a sharded validation: the checks above see this shard only. The merge job (mode: merge) judges the whole dataset.\n`,
    )
    .write();
}

/** mode: merge — the shards, from this run's artifacts or from the files listed in `data`, checked and read. */
export async function loadDataShards(
  sharding: ShardInputs,
  inputs: ValidateDataInputs,
): Promise<DataShard[]> {
  return core.group('Gathering shards', async () => {
    const local = inputs.data.length > 0;
    const shards = local
      ? await localShards(inputs, sharding.prefix)
      : await downloadShards({
          prefix: sharding.prefix,
          action: ACTION,
          directory: scratch(inputs, `merge-${sharding.prefix}`),
          logger: actionsLogger,
        });
    checkShards(shards, {
      action: ACTION,
      expected: sharding.expectedShards,
      // Local files may have been downloaded from another run; artifacts of this run must say so.
      runId: local ? undefined : inputs.context?.runId,
      logger: actionsLogger,
    });
    await checkContract(shards, inputs);
    info(`merging ${shards.length} shards: ${shards.map((shard) => shard.manifest.shard).join(', ')}`);
    return Promise.all(
      shards.map(async (shard) => {
        const [report] = shardFiles(shard, 'report');
        const [profile] = shardFiles(shard, 'profile');
        const shown = (file: string) => displayPath(file, inputs.cwd);
        if (!report || !profile)
          throw new InputDataError(
            `shard ${shard.manifest.shard} lacks its ${report ? 'profile' : 'report'}`,
            {
              file: shown(shard.directory),
            },
          );
        return {
          name: `shard ${shard.manifest.shard}`,
          report: await readDataReport(report.file, shown(report.file)),
          profile: await readDataProfile(profile.file, shown(profile.file)),
        };
      }),
    );
  });
}

async function checkContract(shards: Shard[], inputs: ValidateDataInputs): Promise<void> {
  const digest = await contractDigest(inputs);
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
}

/**
 * Shards given as files: each shard's mlgate-shard.json (an artifact fetched with actions/download-artifact),
 * or its report and profile side by side in a folder of their own.
 */
async function localShards(inputs: ValidateDataInputs, prefix: string): Promise<Shard[]> {
  const files = await resolveFiles(inputs.data, 'data', inputs.cwd);
  const shards: Shard[] = [];
  const folders = new Map<string, string[]>();
  for (const file of files) {
    if (path.basename(file) === SHARD_MANIFEST) {
      shards.push(await readShard(path.dirname(file), displayPath(path.dirname(file), inputs.cwd)));
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

/** A folder holding one shard's data report and profile: its manifest is made up from the report's run. */
async function shardFromFiles(
  folder: string,
  members: string[],
  inputs: ValidateDataInputs,
  prefix: string,
): Promise<Shard> {
  const shown = (file: string) => displayPath(file, inputs.cwd);
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
  const context = (await readDataReport(report, shown(report))).context ?? {};
  return {
    directory: folder,
    manifest: {
      kind: 'mlgate-shard',
      schemaVersion: '1.0',
      action: ACTION,
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
