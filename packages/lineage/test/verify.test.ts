import { open, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InputDataError } from '@mlgate/core';
import { resolveArtifacts } from '../src/digest.js';
import { buildStatement, type LineageStatement } from '../src/statement.js';
import { describeManifest, describeProblem, verifyManifest } from '../src/verify.js';
import { coreutilsSha256, removeDir, tempDir, writeTree } from './helpers.js';

let workspace: string;
let manifest: LineageStatement;

beforeEach(async () => {
  workspace = await tempDir();
  await writeTree(workspace, {
    'model/weights.safetensors': Buffer.alloc(4096, 7),
    'model/config.json': '{"layers": 2}\n',
    'model/tokenizer/vocab.txt': 'a\nb\n',
  });
  manifest = buildStatement({
    name: 'tiny',
    version: '0.1.0',
    files: await resolveArtifacts(['model'], workspace),
    code: { commit: 'f'.repeat(40), runUrl: 'https://github.com/acme/tiny/actions/runs/9', runId: '9' },
    data: [{ name: 'data/train.csv', digest: { sha256: '1'.repeat(64) } }],
    environment: { node: 'v20.0.0', lockfiles: [] },
    previous: { version: '0.0.9', tag: 'tiny-v0.0.9', modelId: `sha256:${'2'.repeat(64)}` },
  });
});
afterEach(async () => {
  await removeDir(workspace);
});

describe('verifyManifest', () => {
  it('passes on the original files', async () => {
    const result = await verifyManifest(JSON.parse(JSON.stringify(manifest)), ['model'], workspace);
    expect(result).toEqual({ ok: true, problems: [], verified: 3 });
  });

  it('fails on a one-byte change and names the file with both digests', async () => {
    const file = path.join(workspace, 'model/weights.safetensors');
    const handle = await open(file, 'r+');
    await handle.write(Buffer.from([8]), 0, 1, 2048);
    await handle.close();
    const result = await verifyManifest(manifest, ['model'], workspace);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      {
        file: 'model/weights.safetensors',
        kind: 'mismatch',
        expected: manifest.subject.find((s) => s.name === 'model/weights.safetensors')!.digest.sha256,
        actual: coreutilsSha256(file),
      },
    ]);
    expect(describeProblem(result.problems[0])).toMatch(
      /^model\/weights\.safetensors: sha256 [0-9a-f]{64} does not match/,
    );
  });

  it('reports a missing file and an unexpected file', async () => {
    await rm(path.join(workspace, 'model/config.json'));
    await writeFile(path.join(workspace, 'model/tokenizer/extra.pkl'), 'surprise');
    const result = await verifyManifest(manifest, ['model'], workspace);
    expect(result.problems).toEqual([
      { file: 'model/config.json', kind: 'missing', expected: manifest.subject[0].digest.sha256 },
      {
        file: 'model/tokenizer/extra.pkl',
        kind: 'unexpected',
        actual: coreutilsSha256(path.join(workspace, 'model/tokenizer/extra.pkl')),
      },
    ]);
    expect(result.verified).toBe(2);
  });

  it('reports every file missing when the model directory is gone', async () => {
    await removeDir(path.join(workspace, 'model'));
    const result = await verifyManifest(manifest, ['model'], workspace);
    expect(result.problems.map((p) => p.kind)).toEqual(['missing', 'missing', 'missing']);
  });

  it('checks subjects alone when no model paths are given', async () => {
    await writeFile(path.join(workspace, 'model/extra.bin'), 'x');
    expect((await verifyManifest(manifest, [], workspace)).ok).toBe(true);
  });

  it('throws on an invalid manifest, naming the field', async () => {
    const broken = JSON.parse(JSON.stringify(manifest)) as Record<string, unknown>;
    broken.predicateType = 'https://slsa.dev/provenance/v1';
    await expect(verifyManifest(broken, ['model'], workspace, 'lineage.json')).rejects.toThrow(
      InputDataError,
    );
    await expect(verifyManifest(broken, ['model'], workspace, 'lineage.json')).rejects.toMatchObject({
      location: { file: 'lineage.json', field: 'predicateType' },
    });
  });
});

describe('describeManifest', () => {
  it('prints name, version, id, commit, run, data, evaluation and previous version', () => {
    const text = describeManifest(manifest);
    expect(text).toContain('Model:     tiny 0.1.0');
    expect(text).toContain(`Id:        ${manifest.predicate.model.id}`);
    expect(text).toContain(`Commit:    ${'f'.repeat(40)}`);
    expect(text).toContain('Run:       https://github.com/acme/tiny/actions/runs/9');
    expect(text).toContain(`  - data/train.csv  sha256:${'1'.repeat(64)}`);
    expect(text).toContain('Eval:      none recorded');
    expect(text).toContain(`Previous:  0.0.9 (tiny-v0.0.9) sha256:${'2'.repeat(64)}`);
    expect(text).toContain('3 files (4.0 KiB)');
  });

  it('strips terminal control sequences from names', () => {
    const hostile = {
      ...manifest,
      predicate: {
        ...manifest.predicate,
        model: { ...manifest.predicate.model, name: 'x\u001b[2J\u001b]0;pwned\u0007' },
      },
    };
    const text = describeManifest(hostile);
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\u0007');
    expect(text).toContain('Model:     x[2J]0;pwned 0.1.0');
  });
});
