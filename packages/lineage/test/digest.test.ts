import { open, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigurationError, InputDataError } from '@mlgate/core';
import { digestTree, manifestText, modelId, resolveArtifacts, sha256File } from '../src/digest.js';
import {
  coreutilsDirHash,
  coreutilsSha256,
  coreutilsSha256Text,
  removeDir,
  tempDir,
  writeTree,
} from './helpers.js';

let root: string;
beforeAll(async () => {
  root = await tempDir();
});
afterAll(async () => {
  await removeDir(root);
});

describe('sha256File', () => {
  it('digests an empty file as the SHA-256 of nothing', async () => {
    const file = path.join(root, 'empty.bin');
    await writeFile(file, '');
    const digest = await sha256File(file);
    // The well-known digest of zero bytes, also what coreutils prints.
    expect(digest).toEqual({
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      size: 0,
    });
    expect(coreutilsSha256(file)).toBe(digest.sha256);
  });

  it('digests a small file like sha256sum', async () => {
    const file = path.join(root, 'small.txt');
    await writeFile(file, 'hello mlgate\n');
    const digest = await sha256File(file);
    expect(digest.size).toBe(13);
    expect(digest.sha256).toBe(coreutilsSha256(file));
  });

  it('names the file when it does not exist', async () => {
    await expect(sha256File(path.join(root, 'nope.bin'), 'models/nope.bin')).rejects.toThrow(InputDataError);
    await expect(sha256File(path.join(root, 'nope.bin'), 'models/nope.bin')).rejects.toMatchObject({
      location: { file: 'models/nope.bin' },
      message: 'file not found',
    });
  });

  it('streams a 200 MB file in constant memory and agrees with sha256sum', async () => {
    const file = path.join(root, 'big.bin');
    const chunk = Buffer.alloc(4 * 1024 * 1024);
    const handle = await open(file, 'w');
    try {
      for (let i = 0; i < 50; i++) {
        // Different bytes per chunk, so a reader that skipped or repeated a chunk would change the digest.
        chunk.fill(i * 7 + 1);
        chunk.writeUInt32LE(i, 0);
        await handle.write(chunk);
      }
    } finally {
      await handle.close();
    }
    const size = 50 * chunk.length;
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    const digest = await sha256File(file);
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(digest.size).toBe(size);
    expect(digest.sha256).toBe(coreutilsSha256(file));
    expect(peak - before).toBeLessThan(50 * 1024 * 1024);
  });
});

describe('digestTree', () => {
  let dir: string;
  beforeAll(async () => {
    dir = path.join(root, 'tree');
    await writeTree(dir, {
      'config.json': '{"a":1}\n',
      '.hidden': 'dotfile\n',
      'nested/deeper/weights.bin': Buffer.from([0, 1, 2, 3, 255]),
      'nested/empty.txt': '',
      'nested/ünïcødé – file.txt': 'unicode name\n',
      'nested/日本語.txt': 'cjk\n',
      'B-upper.txt': 'upper case sorts before lower in byte order\n',
      '.git/HEAD': 'ref: refs/heads/main\n',
    });
    await symlink(path.join(dir, 'config.json'), path.join(dir, 'link-to-config.json'));
  });

  it('lists every regular file sorted by path bytes, dotfiles included, .git and links skipped', async () => {
    const tree = await digestTree(dir);
    expect(tree.files.map((file) => file.path)).toEqual([
      '.hidden',
      'B-upper.txt',
      'config.json',
      'nested/deeper/weights.bin',
      'nested/empty.txt',
      'nested/ünïcødé – file.txt',
      'nested/日本語.txt',
    ]);
    expect(tree.skippedLinks).toEqual(['link-to-config.json']);
    const empty = tree.files.find((file) => file.path === 'nested/empty.txt')!;
    expect(empty).toMatchObject({
      size: 0,
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    });
    for (const file of tree.files) expect(file.sha256).toBe(coreutilsSha256(path.join(dir, file.path)));
    expect(tree.size).toBe(tree.files.reduce((sum, file) => sum + file.size, 0));
  });

  it('gives the tree digest that the in-toto dirHash shell recipe gives', async () => {
    // `find -type f` does not follow links either, so the symlink is outside both listings.
    const tree = await digestTree(dir);
    expect(tree.sha256).toBe(coreutilsDirHash(dir));
  });
});

describe('modelId and manifestText', () => {
  const a = { name: 'model/a.bin', sha256: 'a'.repeat(64) };
  const b = { name: 'model/b.bin', sha256: 'b'.repeat(64) };

  it('is the sha256 of sha256sum-format lines, whatever the input order', () => {
    const text = `${'a'.repeat(64)}  model/a.bin\n${'b'.repeat(64)}  model/b.bin\n`;
    expect(manifestText([b, a])).toBe(text);
    expect(modelId([a, b])).toBe(`sha256:${coreutilsSha256Text(text)}`);
    expect(modelId([b, a])).toBe(modelId([a, b]));
  });

  it('changes when a name or a digest changes', () => {
    expect(modelId([a, { ...b, name: 'model/c.bin' }])).not.toBe(modelId([a, b]));
    expect(modelId([a, { ...b, sha256: 'c'.repeat(64) }])).not.toBe(modelId([a, b]));
  });

  it('refuses duplicate names and names with line breaks', () => {
    expect(() => modelId([a, a])).toThrow(InputDataError);
    expect(() => manifestText([{ name: 'evil\nname', sha256: 'a'.repeat(64) }])).toThrow(/line breaks/);
  });
});

describe('resolveArtifacts', () => {
  let workspace: string;
  beforeAll(async () => {
    workspace = path.join(root, 'workspace');
    await writeTree(workspace, {
      'models/classifier.onnx': 'onnx bytes',
      'models/tokenizer/vocab.txt': 'a\nb\n',
      'models/tokenizer/.config': 'dot\n',
      'models/notes.md': 'notes',
      'other/file.pkl': 'pickle',
    });
  });

  it('expands files, directories and globs into sorted, de-duplicated subjects with workspace names', async () => {
    const subjects = await resolveArtifacts(
      ['models/tokenizer', 'models/*.onnx', 'models/classifier.onnx'],
      workspace,
    );
    expect(subjects.map((subject) => subject.name)).toEqual([
      'models/classifier.onnx',
      'models/tokenizer/.config',
      'models/tokenizer/vocab.txt',
    ]);
    for (const subject of subjects) {
      expect(subject.sha256).toBe(coreutilsSha256(path.join(workspace, subject.name)));
    }
    expect(subjects[0].size).toBe('onnx bytes'.length);
  });

  it('expands a directory matched by a glob', async () => {
    const subjects = await resolveArtifacts(['models/tok*'], workspace);
    expect(subjects.map((subject) => subject.name)).toEqual([
      'models/tokenizer/.config',
      'models/tokenizer/vocab.txt',
    ]);
  });

  it('gives the same model id for the same files named in any order', async () => {
    const one = await resolveArtifacts(['models/classifier.onnx', 'other/file.pkl'], workspace);
    const two = await resolveArtifacts(['other/file.pkl', 'models/classifier.onnx'], workspace);
    expect(modelId(one)).toBe(modelId(two));
  });

  it('fails on a missing path and on a glob that matches nothing', async () => {
    await expect(resolveArtifacts(['models/missing.onnx'], workspace)).rejects.toThrow(ConfigurationError);
    await expect(resolveArtifacts(['models/*.gguf'], workspace)).rejects.toThrow(/matches no file/);
    expect(await resolveArtifacts(['models/*.gguf'], workspace, { allowMissing: true })).toEqual([]);
  });
});
