import { afterAll, describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { mkdirSync } from 'node:fs';
import { InputDataError } from '@mlgate/core';
import { openByteStream } from '../../src/readers/index.js';
import { errorOf, scratch } from './helpers.js';

const dir = scratch('open');
afterAll(() => dir.cleanup());

async function readAll(file: string, gzip: boolean): Promise<{ bytes: Buffer; chunks: number[] }> {
  const parts: Buffer[] = [];
  for await (const chunk of openByteStream(file, gzip)) parts.push(chunk);
  return { bytes: Buffer.concat(parts), chunks: parts.map((p) => p.length) };
}

/** Deterministic bytes that do not compress to nothing. */
function pseudoRandomText(length: number): Buffer {
  const out = Buffer.alloc(length);
  let state = 12345;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = 32 + ((state >>> 16) % 90);
  }
  return out;
}

describe('openByteStream', () => {
  it('streams a plain file in chunks of at most 1 MiB', async () => {
    const content = pseudoRandomText(3 * 1024 * 1024 + 17);
    const file = dir.write('plain.csv', content);
    const { bytes, chunks } = await readAll(file, false);
    expect(bytes.equals(content)).toBe(true);
    expect(chunks.length).toBeGreaterThan(1);
    expect(Math.max(...chunks)).toBeLessThanOrEqual(1024 * 1024);
  });

  it('gunzips, including a multi-member gzip file', async () => {
    const a = pseudoRandomText(500_000);
    const b = pseudoRandomText(300_000).reverse();
    const file = dir.write('two-members.csv.gz', Buffer.concat([gzipSync(a), gzipSync(b)]));
    const { bytes, chunks } = await readAll(file, true);
    expect(bytes.equals(Buffer.concat([a, b]))).toBe(true);
    expect(Math.max(...chunks)).toBeLessThanOrEqual(1024 * 1024);
  });

  it('reports a truncated gzip file with the file and the bytes decompressed so far', async () => {
    const compressed = gzipSync(pseudoRandomText(2_000_000));
    const file = dir.write('truncated.jsonl.gz', compressed.subarray(0, Math.floor(compressed.length / 2)));
    const error = await errorOf(openByteStream(file, true));
    expect(error).toBeInstanceOf(InputDataError);
    const { message, location } = error as InputDataError;
    expect(location?.file).toBe(file);
    expect(message).toMatch(/truncated or corrupt \(unexpected end of file\) after \d+ decompressed bytes/);
    expect(Number(/after (\d+) decompressed/.exec(message)?.[1])).toBeGreaterThan(0);
  });

  it('reports a file that is not gzip at all', async () => {
    const file = dir.write('not-gzip.csv.gz', 'a,b\n1,2\n');
    const error = await errorOf(openByteStream(file, true));
    expect(error).toBeInstanceOf(InputDataError);
    expect((error as InputDataError).message).toMatch(/incorrect header check.*after 0 decompressed bytes/);
  });

  it('reports a missing file, a directory and an empty file, naming the file', async () => {
    const missing = dir.path('missing.csv');
    const folder = dir.path('folder.csv');
    mkdirSync(folder);
    const empty = dir.write('empty.csv', '');
    const emptyGzip = dir.write('empty.csv.gz', gzipSync(Buffer.alloc(0)));
    const cases: [string, boolean, RegExp][] = [
      [missing, false, /does not exist/],
      [folder, false, /is a directory/],
      [empty, false, /is empty/],
      [empty, true, /is empty/],
      [emptyGzip, true, /empty once decompressed/],
    ];
    for (const [file, gzip, pattern] of cases) {
      const error = await errorOf(openByteStream(file, gzip));
      expect(error).toBeInstanceOf(InputDataError);
      expect((error as InputDataError).message).toMatch(pattern);
      expect((error as InputDataError).location?.file).toBe(file);
    }
  });

  it('stops with the abort reason when the signal aborts', async () => {
    const file = dir.write('abort.csv', pseudoRandomText(4 * 1024 * 1024));
    const controller = new AbortController();
    const seen: number[] = [];
    const error = await errorOf(
      (async function* () {
        for await (const chunk of openByteStream(file, false, controller.signal)) {
          seen.push(chunk.length);
          controller.abort(new Error('cancelled by the runner'));
          yield chunk;
        }
      })(),
    );
    expect((error as Error).message).toBe('cancelled by the runner');
    expect(seen).toHaveLength(1);
  });
});
