/**
 * Case ids across shards: rows that share an id inside one results file are repeats of one case, but the same
 * id in two shards means the suite was split wrongly (a case evaluated twice, or two cases with one id).
 */
import { InputDataError } from '@mlgate/core';
import type { CaseSource } from '../types.js';

interface FirstSeen {
  shard: string;
  source: CaseSource;
}

/** Remembers which shard (a results file, or a shard job) each case id came from. */
export class ShardCaseIds {
  private readonly firstSeen = new Map<string, FirstSeen>();

  /**
   * Records the ids of one shard; throws naming both shards when an id was already seen in another one.
   * `shard` is how the shard is named in the message ("eval/part-2.jsonl", "shard 2 (eval/part-2.jsonl)").
   */
  addShard(shard: string, cases: Iterable<{ id: string; source: CaseSource }>): void {
    for (const item of cases) {
      const earlier = this.firstSeen.get(item.id);
      if (earlier === undefined) this.firstSeen.set(item.id, { shard, source: item.source });
      else if (earlier.shard !== shard)
        throw new InputDataError(
          `case "${item.id}" is in two shards: ${where(earlier)} and ${where({ shard, source: item.source })}. ` +
            'Each case belongs to one shard; repeats of a case go in the same file.',
          { ...item.source, field: 'id' },
        );
    }
  }
}

/** "eval/part-1.jsonl line 3", or "shard 1 (eval/part-1.jsonl line 3)" when the shard is a job, not a file. */
function where({ shard, source }: FirstSeen): string {
  const place = `${source.file} line ${source.line}`;
  return shard === source.file ? place : `${shard} (${place})`;
}
