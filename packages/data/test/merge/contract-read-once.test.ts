/**
 * A sharded run reads its contract file once per job: the digest a shard carries, and the one the merge job checks it
 * against, is the SHA-256 of the bytes the contract was loaded from, not of a second read. Reads are counted through
 * a pass-through mock of node:fs/promises.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, jest } from '@jest/globals';
import { MemoryLogger, MLGATE_VERSION } from '@mlgate/core';
import { readShard, type Shard, type ShardService } from '@mlgate/core/shards';

const reads: string[] = [];
const actual = await import('node:fs/promises');
jest.unstable_mockModule('node:fs/promises', () => ({
  ...actual,
  readFile: (...args: Parameters<typeof actual.readFile>) => {
    if (typeof args[0] === 'string') reads.push(args[0]);
    return actual.readFile(...args);
  },
}));
const { parseValidateDataStepInputs, runValidateDataStep } = await import('../../src/validate/step.js');

const CONTRACT = `fields:
  - name: id
    type: integer
    constraints: { required: true, unique: true }
  - name: colour
    type: string
    constraints: { enum: [red, green, blue], pattern: '[a-z]+' }
`;

const workspace = mkdtempSync(path.join(tmpdir(), 'mlgate-contract-once-'));
const contractFile = path.join(workspace, 'contract.yml');
writeFileSync(contractFile, CONTRACT);
for (const shard of [1, 2])
  writeFileSync(
    path.join(workspace, `part-${shard}.csv`),
    `id,colour\n${[0, 1, 2].map((i) => `${shard * 10 + i},${['red', 'green', 'blue'][i]}`).join('\n')}\n`,
  );
const expectedDigest = `sha256:${createHash('sha256').update(readFileSync(contractFile)).digest('hex')}`;

/** Shards kept in folders of this workspace, as the artifact service would hand them over. */
function folderShards(): ShardService & { stored: string[]; digests: (string | undefined)[] } {
  const stored: string[] = [];
  const digests: (string | undefined)[] = [];
  return {
    stored,
    digests,
    upload(files, configDigest) {
      const directory = path.join(workspace, 'shards', String(stored.length + 1));
      mkdirSync(directory, { recursive: true });
      for (const { file } of files) copyFileSync(file, path.join(directory, path.basename(file)));
      const manifest: Shard['manifest'] = {
        kind: 'mlgate-shard',
        schemaVersion: '1.0',
        action: 'validate-data',
        prefix: 'data-shard',
        shard: String(stored.length + 1),
        run: {},
        mlgateVersion: MLGATE_VERSION,
        configDigest,
        files: files.map(({ file, role }) => ({ path: path.basename(file), role })),
      };
      writeFileSync(path.join(directory, 'mlgate-shard.json'), JSON.stringify(manifest));
      stored.push(directory);
      digests.push(configDigest);
      return Promise.resolve({ name: `data-shard-${stored.length}` });
    },
    download: () => Promise.all(stored.map((directory) => readShard(directory))),
  };
}

const step = (inputs: Record<string, string>, shards: ShardService) =>
  runValidateDataStep(
    parseValidateDataStepInputs((name) => inputs[name] ?? '', workspace, {}),
    { logger: new MemoryLogger(), shards },
  );
const contractReads = () => reads.filter((file) => path.resolve(workspace, file) === contractFile).length;

describe('a sharded run and its contract', () => {
  it('reads the contract once in each shard job and once in the merge job, with the same digest', async () => {
    const shards = folderShards();
    for (const shard of [1, 2]) {
      reads.length = 0;
      const result = await step(
        {
          data: `part-${shard}.csv`,
          contract: 'contract.yml',
          mode: 'shard',
          shard: String(shard),
          'report-path': `reports/shard-${shard}.json`,
          'profile-path': `reports/profile-${shard}.json`,
        },
        shards,
      );
      expect(result.report.passed).toBe(true);
      expect(contractReads()).toBe(1);
    }
    expect(shards.digests).toEqual([expectedDigest, expectedDigest]);

    reads.length = 0;
    const merged = await step(
      {
        contract: 'contract.yml',
        mode: 'merge',
        'expected-shards': '2',
        'report-path': 'reports/merged.json',
      },
      shards,
    );
    expect(contractReads()).toBe(1);
    expect(merged.report.rows).toBe(6);
    expect(merged.report.passed).toBe(true);
  });

  it('refuses the shards when the merge job has another contract', async () => {
    const shards = folderShards();
    await step({ data: 'part-1.csv', contract: 'contract.yml', mode: 'shard', shard: '1' }, shards);
    writeFileSync(path.join(workspace, 'other.yml'), `${CONTRACT}# changed\n`);
    await expect(step({ contract: 'other.yml', mode: 'merge' }, shards)).rejects.toThrow(
      'shard 1 was validated with a different contract than other.yml',
    );
  });
});
