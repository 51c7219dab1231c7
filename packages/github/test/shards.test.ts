/** Shard inputs and the merge job's checks: complete, of one action, run and commit, and saying which when not. */
import { describe, expect, it } from '@jest/globals';
import { MemoryLogger } from '@mlgate/core';
import { checkShards, parseShardInputs, sortShards, type Shard } from '@mlgate/core/shards';

const inputs = (values: Record<string, string>) => (name: string) => values[name] ?? '';

function shard(name: string, run: Partial<Shard['manifest']['run']> = {}, action = 'eval-gate'): Shard {
  return {
    directory: `/tmp/shards/eval-${name}`,
    manifest: {
      kind: 'mlgate-shard',
      schemaVersion: '1.0',
      action,
      prefix: 'eval',
      shard: name,
      run: { id: '42', attempt: '1', commit: 'abcdef0123456789', ...run },
      mlgateVersion: '0.1.0',
      files: [],
    },
  };
}
const check = (shards: Shard[], expected?: number | string[], runId?: string) =>
  checkShards(shards, { action: 'eval-gate', expected, runId, logger: new MemoryLogger() });

describe('parseShardInputs', () => {
  it('defaults to single mode and the given prefix', () => {
    expect(parseShardInputs(inputs({}), 'eval-shard')).toEqual({
      mode: 'single',
      shard: undefined,
      expectedShards: undefined,
      prefix: 'eval-shard',
    });
  });

  it('reads a shard job and a merge job', () => {
    expect(
      parseShardInputs(inputs({ mode: 'shard', shard: '3', 'shard-name': 'nightly' }), 'x'),
    ).toMatchObject({
      mode: 'shard',
      shard: '3',
      prefix: 'nightly',
    });
    expect(parseShardInputs(inputs({ mode: 'merge', 'expected-shards': '4' }), 'x').expectedShards).toBe(4);
    expect(
      parseShardInputs(inputs({ mode: 'merge', 'expected-shards': 'en, de' }), 'x').expectedShards,
    ).toEqual(['en', 'de']);
  });

  it('names the input that does not fit the mode', () => {
    expect(() => parseShardInputs(inputs({ mode: 'shard' }), 'x')).toThrow('Input "shard" is required');
    expect(() => parseShardInputs(inputs({ shard: '1' }), 'x')).toThrow('only used with mode: shard');
    expect(() =>
      parseShardInputs(inputs({ mode: 'shard', 'expected-shards': '4', shard: '1' }), 'x'),
    ).toThrow('only used with mode: merge');
    expect(() => parseShardInputs(inputs({ mode: 'shard', shard: '../x' }), 'x')).toThrow('Input "shard"');
    expect(() => parseShardInputs(inputs({ mode: 'fan-out' }), 'x')).toThrow('Input "mode" must be one of');
    expect(() => parseShardInputs(inputs({ mode: 'merge', 'expected-shards': '0' }), 'x')).toThrow(
      'between 1',
    );
  });
});

describe('checkShards', () => {
  it('accepts complete shards of one run, numbered from 1 or from 0, reruns included', () => {
    expect(() => check([shard('1'), shard('2', { attempt: '2' }), shard('3')], 3, '42')).not.toThrow();
    expect(() => check([shard('0'), shard('1'), shard('2')], 3)).not.toThrow();
    expect(() => check([shard('en'), shard('de')], ['de', 'en'])).not.toThrow();
  });

  it('names missing and unexpected shards', () => {
    expect(() => check([shard('1'), shard('2'), shard('4')], 4)).toThrow(
      'missing shard 3: expected 4 (1, 2, 3, 4), found 3 (1, 2, 4)',
    );
    expect(() => check([shard('en')], ['en', 'de', 'fr'])).toThrow('missing shards de, fr');
    expect(() => check([shard('1'), shard('2'), shard('5')], 2)).toThrow('unexpected shard(s) 5');
    expect(() => check([shard('a'), shard('b')], 3)).toThrow('expected 3 shards but found 2: a, b');
    expect(() => check([], 3)).toThrow('no shards to merge');
  });

  it('names shards of another run, commit or action', () => {
    expect(() => check([shard('1'), shard('2'), shard('3', { id: '7' })], 3)).toThrow(
      'the shards come from different workflow runs: shard 1, shard 2 from run 42 (commit abcdef012345); shard 3 from run 7 (commit abcdef012345)',
    );
    expect(() => check([shard('1'), shard('2', { commit: 'ffff' })], 2)).toThrow(
      'shard 2 from run 42 (commit ffff)',
    );
    expect(() => check([shard('1'), shard('2')], 2, '43')).toThrow('but this merge job runs in run 43');
    expect(() => check([shard('1'), shard('2', {}, 'validate-data')], 2)).toThrow(
      'shard 2 was written by validate-data, not eval-gate',
    );
  });

  it('warns when expected-shards is not set', () => {
    const logger = new MemoryLogger();
    checkShards([shard('1')], { action: 'eval-gate', logger });
    expect(
      logger.lines.some((line) => line.level === 'warning' && line.message.includes('expected-shards')),
    ).toBe(true);
  });

  it('sorts shards naturally', () => {
    expect(sortShards([shard('10'), shard('2'), shard('1')]).map((s) => s.manifest.shard)).toEqual([
      '1',
      '2',
      '10',
    ]);
  });
});
