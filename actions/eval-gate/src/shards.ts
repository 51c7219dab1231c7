/** eval-gate in a job matrix: a shard job uploads its results, the merge job downloads and reads them all. */
import path from 'node:path';
import * as core from '@actions/core';
import { actionsLogger, info, type StepIO } from '@mlgate/action';
import type { EvalReport } from '@mlgate/core';
import { readEvalShards, type EvalGateInputs, type LoadedCases } from '@mlgate/eval';
import {
  checkShards,
  downloadShards,
  shardFiles,
  uploadShard,
  type ShardInputs,
} from '@mlgate/github/shards';

const ACTION = 'eval-gate';

function scratch(inputs: EvalGateInputs, what: string): string {
  return path.join(process.env.RUNNER_TEMP || inputs.workspace, 'mlgate-shards', what);
}

/** mode: shard — the shard's results files (read back by the merge job) and its report, as one artifact. */
export async function uploadEvalShard(
  sharding: ShardInputs,
  inputs: EvalGateInputs,
  report: EvalReport,
  reportPath: string,
  io: StepIO,
): Promise<void> {
  const shard = sharding.shard!;
  const uploaded = await core.group(`Uploading shard ${shard}`, () =>
    uploadShard({
      action: ACTION,
      prefix: sharding.prefix,
      shard,
      context: inputs.context,
      files: [
        ...report.sources.map((source) => ({
          file: path.resolve(inputs.workspace, source.file),
          role: 'results' as const,
          source: source.file,
          format: source.format,
        })),
        { file: reportPath, role: 'report' as const },
      ],
      stagingDirectory: scratch(inputs, `upload-${sharding.prefix}-${shard}`),
      logger: actionsLogger,
    }),
  );
  io.setOutput('shard-artifact', uploaded.name);
  await core.summary
    .addRaw(
      `\n> Shard ${shard} of a sharded evaluation: these are its metrics only. The merge job (mode: merge) applies the gates once, over every shard.\n`,
    )
    .write();
  info(
    `Shard ${shard}: ${report.counts.cases} cases uploaded as "${uploaded.name}". Gates are applied once, by the merge job (mode: merge); ` +
      'pr-eval-comment belongs after that job too: a shard job never comments.',
  );
}

/** mode: merge — every shard of this run, checked complete and of one run, read as one set of results. */
export async function downloadEvalShards(
  sharding: ShardInputs,
  inputs: EvalGateInputs,
): Promise<LoadedCases> {
  return core.group('Downloading shards', async () => {
    const shards = await downloadShards({
      prefix: sharding.prefix,
      action: ACTION,
      directory: scratch(inputs, `merge-${sharding.prefix}`),
      logger: actionsLogger,
    });
    checkShards(shards, {
      action: ACTION,
      expected: sharding.expectedShards,
      runId: inputs.context.runId,
      logger: actionsLogger,
    });
    info(`merging ${shards.length} shards: ${shards.map((shard) => shard.manifest.shard).join(', ')}`);
    return readEvalShards(
      shards.map((shard) => ({
        shard: `shard ${shard.manifest.shard}`,
        files: shardFiles(shard, 'results').map((item) => ({
          file: item.file,
          source: item.source ?? item.path,
          format: item.format,
        })),
      })),
      inputs.format,
      actionsLogger,
    );
  });
}
