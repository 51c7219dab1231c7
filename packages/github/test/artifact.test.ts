/** uploadArtifact through the real @actions/artifact client against azurite and a local Twirp artifact service. */
import { DefaultArtifactClient } from '@actions/artifact';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { MemoryLogger } from '@mlgate/core';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startArtifactService, type ArtifactService } from '../../../test/e2e/artifact-service.js';
import { uploadArtifact } from '../src/artifact.js';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

let service: ArtifactService;
let root: string;
let savedEnv: Record<string, string | undefined>;
const stdout: string[] = [];
const files: Record<string, Buffer> = {
  'model.bin': randomBytes(20 * 1024 * 1024),
  'sub/dir/metrics.json': Buffer.from(JSON.stringify({ accuracy: 0.93, f1: 0.91 })),
  'empty.txt': Buffer.alloc(0),
};

beforeAll(async () => {
  service = await startArtifactService();
  savedEnv = Object.fromEntries(Object.keys(service.env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, service.env);
  // @actions/core writes straight to stdout: keep it, to check that no token is printed.
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(chunk.toString());
    return true;
  });
  root = mkdtempSync(path.join(tmpdir(), 'mlgate-artifact-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
});

afterAll(async () => {
  jest.restoreAllMocks();
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await service.close();
  rmSync(root, { recursive: true, force: true });
});

const upload = (name: string, logger = new MemoryLogger()) =>
  uploadArtifact({
    name,
    files: Object.keys(files).map((file) => path.join(root, file)),
    rootDirectory: root,
    retentionDays: 3,
    logger,
  });

describe('uploadArtifact', () => {
  it('uploads files that come back byte for byte, and the service records the finalized artifact', async () => {
    const logger = new MemoryLogger();
    const result = await upload('eval-report', logger);

    expect(result.id).toBeGreaterThan(0);
    expect(result.size).toBeGreaterThan(20 * 1024 * 1024);
    expect(result.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(result.url).toBe(`https://github.com/acme/app/actions/runs/4242/artifacts/${result.id}`);
    expect(logger.lines.map((line) => line.message)).toContainEqual(expect.stringContaining(result.url!));

    const downloaded = await service.download('eval-report');
    expect([...downloaded.keys()].sort()).toEqual(Object.keys(files).sort());
    for (const [name, content] of Object.entries(files)) {
      expect(downloaded.get(name)!.length).toBe(content.length);
      expect(sha256(downloaded.get(name)!)).toBe(sha256(content));
    }

    const [artifact] = await service.artifacts();
    expect(artifact).toMatchObject({
      id: result.id,
      name: 'eval-report',
      size: result.size,
      finalized: true,
      digest: `sha256:${result.digest}`,
      mimeType: 'application/zip',
    });
    const retention = Date.parse(artifact.expiresAt!) - Date.now();
    expect(retention).toBeGreaterThan(2.9 * 86_400_000);
    expect(retention).toBeLessThan(3.1 * 86_400_000);
  });

  it('is listed and downloadable through the toolkit (ListArtifacts, GetSignedArtifactURL)', async () => {
    const client = new DefaultArtifactClient();
    const { artifacts } = await client.listArtifacts();
    expect(artifacts).toEqual([expect.objectContaining({ name: 'eval-report', id: 1 })]);

    const target = mkdtempSync(path.join(tmpdir(), 'mlgate-artifact-download-'));
    try {
      const [recorded] = await service.artifacts();
      const { digestMismatch } = await client.downloadArtifact(recorded.id, {
        path: target,
        expectedHash: recorded.digest, // "sha256:<hex>", as ListArtifacts returns it
      });
      expect(digestMismatch).toBe(false);
      for (const [name, content] of Object.entries(files))
        expect(sha256(readFileSync(path.join(target, name)))).toBe(sha256(content));
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });

  it('on a rerun finds the artifact this run already uploaded instead of uploading it again', async () => {
    const [before] = await service.artifacts();
    const again = await upload('eval-report');
    expect(again).toMatchObject({ id: before.id, reused: true });
    expect(await service.artifacts()).toHaveLength(1);
    expect(stdout.join('')).not.toContain(service.runtimeToken);
  });

  it('fails with a clear message outside GitHub Actions (no ACTIONS_RUNTIME_TOKEN)', async () => {
    delete process.env.ACTIONS_RUNTIME_TOKEN;
    try {
      await expect(upload('other')).rejects.toThrow(
        'Cannot upload artifact "other": ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set',
      );
    } finally {
      process.env.ACTIONS_RUNTIME_TOKEN = service.runtimeToken;
    }
    expect((await service.artifacts()).map((artifact) => artifact.name)).toEqual(['eval-report']);
  });

  it('answers a child process while this thread is blocked in spawnSync', () => {
    const script = `
      import { DefaultArtifactClient } from '@actions/artifact';
      const result = await new DefaultArtifactClient().uploadArtifact('from-child', [process.argv[1]], process.argv[2]);
      process.stderr.write('RESULT ' + JSON.stringify(result) + '\\n');`;
    const child = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', script, path.join(root, 'sub/dir/metrics.json'), root],
      { cwd: packageRoot, env: { ...process.env, ...service.env }, encoding: 'utf8', timeout: 30_000 },
    );
    expect(child.status).toBe(0);
    const result = JSON.parse(/^RESULT (.*)$/m.exec(child.stderr)![1]) as { id: number; size: number };
    expect(result).toMatchObject({ id: 2, size: expect.any(Number) });
  });

  it('close() leaves no azurite process behind', async () => {
    const pid = service.azuritePid;
    expect(() => process.kill(pid, 0)).not.toThrow();
    await service.close();
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });
});
