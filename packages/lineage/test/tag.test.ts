/**
 * runLineageTag outside any runner: its services are plain objects (a tag store in memory, an uploader that records
 * what it was given), so the pipeline's decisions are checked without a GitHub API or an artifact service.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MemoryLogger } from '@mlgate/core';
import { parseLineageTagInputs } from '../src/tag-inputs.js';
import { runLineageTag, type ModelTagRecord, type ModelTagStore } from '../src/tag.js';
import type { ExistingVersion } from '../src/versioning.js';
import { coreutilsSha256, removeDir, tempDir, writeTree } from './helpers.js';

let workspace: string;
const env = { GITHUB_SHA: 'c'.repeat(40), GITHUB_RUN_ID: '77', GITHUB_RUN_ATTEMPT: '1' };
const inputs = (values: Record<string, string>) =>
  parseLineageTagInputs((name) => values[name] ?? '', workspace);

/** Tags in memory; the first `stolen` creations find their version taken by another model meanwhile. */
function memoryStore(existing: ExistingVersion[], stolen = 0) {
  const created: { version: string; commit: string; record: ModelTagRecord }[] = [];
  const store: ModelTagStore = {
    compare: (a, b) => Number(a) - Number(b),
    list: () => Promise.resolve([...existing]),
    create: (tag) => {
      const other = {
        tag: `model/m/v${tag.version}`,
        version: tag.version,
        commit: 'd'.repeat(40),
        modelId: 'sha256:other',
      };
      if (stolen-- > 0) {
        existing.push(other);
        return Promise.resolve({ created: false, holder: other });
      }
      created.push(tag);
      existing.push({
        tag: `model/m/v${tag.version}`,
        version: tag.version,
        commit: tag.commit,
        modelId: tag.record.modelId,
      });
      return Promise.resolve({ created: true });
    },
  };
  return { store, created };
}

beforeAll(async () => {
  workspace = await tempDir();
  await writeTree(workspace, { 'model/weights.bin': 'weights', 'params.yaml': 'lr: 0.1\n' });
});
afterAll(async () => {
  await removeDir(workspace);
});

describe('runLineageTag', () => {
  it('claims the next version through the store, naming the manifest digest in the tag record', async () => {
    const { store, created } = memoryStore([
      { tag: 'model/m/v1', version: '1', commit: 'a'.repeat(40), modelId: 'sha256:first' },
    ]);
    const logger = new MemoryLogger();
    const result = await runLineageTag(
      inputs({ model: 'model', name: 'm', params: 'params.yaml', upload: 'false' }),
      {
        logger,
        tags: store,
        env,
      },
    );
    expect(result).toMatchObject({ version: '2', tag: 'model/m/v2', tagCreated: true, changed: true });
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ version: '2', commit: env.GITHUB_SHA });
    expect(created[0].record).toEqual({
      modelId: result.modelId,
      manifestSha256: coreutilsSha256(result.manifestPath),
      runId: '77',
      runAttempt: '1',
    });
    const manifest = JSON.parse(await readFile(result.manifestPath, 'utf8'));
    expect(manifest.predicate.previous).toEqual({ version: '1', tag: 'model/m/v1', modelId: 'sha256:first' });
    expect(result.outputs).toMatchObject({
      version: '2',
      tag: 'model/m/v2',
      changed: 'true',
      'artifact-id': '',
    });
    expect(result.summary).toContain('<h2>mlgate lineage-tag: m v2</h2>');
    expect(result.verdict).toBe(`lineage-tag: m v2 is model ${result.modelId}; tag model/m/v2 created`);
  });

  it('takes the number after one another run took meanwhile, and its manifest names that run as previous', async () => {
    const { store, created } = memoryStore([], 1);
    const logger = new MemoryLogger();
    const result = await runLineageTag(inputs({ model: 'model', name: 'm', upload: 'false' }), {
      logger,
      tags: store,
      env,
    });
    expect(result.version).toBe('2');
    expect(created.map((tag) => tag.version)).toEqual(['2']);
    expect(result.statement.predicate.previous).toEqual({
      version: '1',
      tag: 'model/m/v1',
      modelId: 'sha256:other',
    });
    expect(
      logger.lines.some((line) => line.message.startsWith('v1 was tagged by another run meanwhile')),
    ).toBe(true);
  });

  it('with a read-only store: plans from its listing, creates nothing and says why', async () => {
    const { store } = memoryStore([
      { tag: 'model/m/v4', version: '4', commit: 'a'.repeat(40), modelId: 'sha256:x' },
    ]);
    const readOnly: ModelTagStore = { list: store.list, compare: store.compare, readOnlyReason: 'no token' };
    const logger = new MemoryLogger();
    const result = await runLineageTag(
      inputs({ model: 'model', name: 'm', upload: 'false', 'manifest-path': 'out/m.json' }),
      { logger, tags: readOnly, env },
    );
    expect(result).toMatchObject({ version: '5', tag: '', tagCreated: false });
    expect(result.manifestPath).toBe(path.join(workspace, 'out/m.json'));
    expect(result.modelCardPath).toBe(path.join(workspace, 'out/m.model-card.md'));
    expect(logger.lines.map((line) => line.message)).toContain('tag model/m/v5 not created: no token');
    expect(result.verdict).toMatch(/; not tagged$/);
  });

  it('uploads the model, manifest, card and checksums through the uploader, and refuses upload without one', async () => {
    const uploads: { name: string; files: string[] }[] = [];
    const result = await runLineageTag(inputs({ model: 'model', name: 'm', tag: 'false' }), {
      logger: new MemoryLogger(),
      env,
      upload: (artifact) => {
        uploads.push(artifact);
        return Promise.resolve({ id: 12, url: 'https://example.test/a/12' });
      },
    });
    expect(uploads).toEqual([
      {
        name: 'model-m-v1',
        files: [
          path.join(workspace, 'model/weights.bin'),
          result.manifestPath,
          result.modelCardPath,
          result.checksumsPath,
        ],
        rootDirectory: workspace,
        retentionDays: undefined,
      },
    ]);
    expect(result.outputs).toMatchObject({
      'artifact-id': '12',
      'artifact-url': 'https://example.test/a/12',
      tag: '',
    });
    await expect(
      runLineageTag(inputs({ model: 'model', name: 'm', tag: 'false', 'manifest-path': 'never/m.json' }), {
        logger: new MemoryLogger(),
        env,
      }),
    ).rejects.toThrow('there is no artifact service here');
  });
});
