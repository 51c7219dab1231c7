/** Sharded evaluation: shard files read by the merge job score exactly like one run over the same files. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { MemoryLogger } from '@mlgate/core';
import { runEvalGate } from '../../src/index.js';
import { type EvalGateOptions } from '../../src/run.js';
import { ShardCaseIds } from '../../src/shards/ids.js';
import { readEvalShards } from '../../src/shards/merge.js';

const EXAMPLE = path.resolve('examples/support-triage/eval/main.jsonl');
const GATES = path.resolve('examples/support-triage/.mlgate/gates.yml');

describe('sharded evaluation', () => {
  let dir: string;
  let options: EvalGateOptions;
  const parts = [1, 2, 3, 4].map((shard) => `part-${shard}.jsonl`);

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mlgate-eval-shards-'));
    const lines = readFileSync(EXAMPLE, 'utf8').trim().split('\n');
    parts.forEach((part, i) =>
      writeFileSync(path.join(dir, part), lines.slice(i * 150, (i + 1) * 150).join('\n') + '\n'),
    );
    options = {
      results: parts,
      format: 'auto',
      task: 'auto',
      gates: GATES,
      significance: 0.05,
      workspace: dir,
      context: {},
    };
  });

  const shardsOf = (files: string[]) =>
    files.map((file, i) => ({
      shard: `shard ${i + 1}`,
      files: [{ file: path.join(dir, file), source: file }],
    }));

  it('merging four shards gives the metrics, intervals and gates of one unsharded run', async () => {
    const unsharded = await runEvalGate(options, new MemoryLogger());
    const merged = await runEvalGate(
      options,
      new MemoryLogger(),
      await readEvalShards(shardsOf(parts), 'auto', new MemoryLogger()),
    );
    expect(merged.counts).toEqual(unsharded.counts);
    expect(merged.metrics).toEqual(unsharded.metrics);
    expect(merged.gates).toEqual(unsharded.gates);
    expect(merged.outcome).toBe(unsharded.outcome);
    expect(merged.sources).toEqual(unsharded.sources);
    // And the same as the example's single file.
    const whole = await runEvalGate({ ...options, results: [EXAMPLE] }, new MemoryLogger());
    expect(merged.metrics).toEqual(whole.metrics);
  });

  it('a shard job computes its own metrics and applies no gates and no baseline', async () => {
    const shard = await runEvalGate(
      { ...options, results: [parts[0]], baseline: EXAMPLE, applyGates: false },
      new MemoryLogger(),
    );
    expect(shard.gates).toEqual([]);
    expect(shard.outcome).toBe('pass');
    expect(shard.baseline).toBeUndefined();
    expect(shard.counts.cases).toBe(150);
    expect(shard.metrics.accuracy.value).toEqual(expect.any(Number));
  });

  it('a case id in two shards is an error naming both, with their lines', async () => {
    const first = readFileSync(path.join(dir, parts[0]), 'utf8').split('\n')[2];
    writeFileSync(path.join(dir, 'dup.jsonl'), readFileSync(path.join(dir, parts[1]), 'utf8') + first + '\n');
    await expect(
      readEvalShards(shardsOf([parts[0], 'dup.jsonl']), 'auto', new MemoryLogger()),
    ).rejects.toThrow(
      'case "ticket-0003" is in two shards: shard 1 (part-1.jsonl line 3) and shard 2 (dup.jsonl line 151)',
    );
    await expect(
      runEvalGate({ ...options, results: [parts[0], 'dup.jsonl'] }, new MemoryLogger()),
    ).rejects.toMatchObject({
      message: expect.stringContaining('is in two shards: dup.jsonl line 151 and part-1.jsonl line 3'),
      location: { file: 'part-1.jsonl', line: 3, field: 'id' },
    });
  });

  it('repeats within one file stay repeats of one case', async () => {
    const lines = readFileSync(path.join(dir, parts[0]), 'utf8').trim().split('\n');
    writeFileSync(path.join(dir, 'repeats.jsonl'), [...lines, lines[0], lines[0]].join('\n') + '\n');
    const report = await runEvalGate(
      { ...options, results: ['repeats.jsonl', parts[1]] },
      new MemoryLogger(),
    );
    expect(report.counts).toMatchObject({ rows: 302, cases: 300, repeatedCases: 1 });
    const loaded = await readEvalShards(shardsOf(['repeats.jsonl', parts[1]]), 'auto', new MemoryLogger());
    expect(loaded.cases.length).toBe(300);
    expect(loaded.cases[0]).toMatchObject({ id: 'ticket-0001', repeats: 3 });
  });

  it('ShardCaseIds names the shard jobs and the files', () => {
    const ids = new ShardCaseIds();
    ids.addShard('shard a', [{ id: 'x', source: { file: 'a.jsonl', line: 4 } }]);
    ids.addShard('shard a', [{ id: 'x', source: { file: 'a.jsonl', line: 9 } }]);
    expect(() => ids.addShard('shard b', [{ id: 'x', source: { file: 'b.jsonl', line: 1 } }])).toThrow(
      'case "x" is in two shards: shard a (a.jsonl line 4) and shard b (b.jsonl line 1)',
    );
  });
});
