/**
 * The merge job of a sharded evaluation: the results files of every shard job, read in shard order with the
 * same importers as an unsharded run, so the merged cases, metrics and intervals are those of one run over
 * all the files.
 */
import type { EvalReport, Logger } from '@mlgate/core';
import { InputDataError } from '@mlgate/core';
import { mergeCases } from '../cases.js';
import { importResultsFile } from '../importers/index.js';
import type { LoadedCases } from '../run.js';
import type { RawCase, ResultsFormat } from '../types.js';
import { ShardCaseIds } from './ids.js';

export interface EvalShardFiles {
  /** The shard's name as messages show it ("shard 3"). */
  shard: string;
  files: {
    /** Where the file is now (the downloaded artifact). */
    file: string;
    /** Its path in the shard job's workspace: what messages and the report name. */
    source: string;
    /** The format the shard job detected, so both jobs read the file alike. */
    format?: string;
  }[];
}

export async function readEvalShards(
  shards: EvalShardFiles[],
  format: ResultsFormat | 'auto',
  logger: Logger,
): Promise<LoadedCases> {
  const rows: RawCase[] = [];
  const sources: EvalReport['sources'] = [];
  const ids = new ShardCaseIds();
  for (const shard of shards) {
    if (shard.files.length === 0)
      throw new InputDataError(`${shard.shard} holds no results files`, { file: shard.shard });
    let shardRows = 0;
    for (const { file, source, format: detected } of shard.files) {
      const imported = await importResultsFile(
        file,
        format === 'auto' ? ((detected as ResultsFormat | undefined) ?? 'auto') : format,
        source,
      );
      for (const warning of imported.warnings)
        logger.warning(warning.replace(`${source}: `, ''), { file: source });
      ids.addShard(shard.shard, imported.cases);
      for (const row of imported.cases) rows.push(row);
      shardRows += imported.cases.length;
      sources.push({
        file: source,
        format: imported.format,
        rows: imported.cases.length,
        skipped: imported.skipped,
      });
    }
    logger.info(
      `${shard.shard}: ${shardRows} rows from ${shard.files.map((item) => item.source).join(', ')}`,
    );
  }
  if (rows.length === 0)
    throw new InputDataError('the shards contain no cases: an empty evaluation is not a pass', {
      file: sources[0]?.file ?? '(shards)',
    });
  return { cases: mergeCases(rows), rowCount: rows.length, sources };
}
