import { afterAll, describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { mkdirSync } from 'node:fs';
import { InputDataError } from '@mlgate/core';
import { openByteStream } from '../../src/readers/index.js';
import { fieldText, scanCsv } from '../../src/readers/csv.js';
import { readReusedChunks } from '../../src/readers/open.js';
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

describe('readReusedChunks', () => {
  it('reads a plain file in chunks of at most 1 MiB, writing a chunk’s memory again three chunks later', async () => {
    const content = pseudoRandomText(5 * 1024 * 1024 + 333);
    const file = dir.write('reused.csv', content);
    const copies: Buffer[] = [];
    const memory: ArrayBufferLike[] = [];
    for await (const chunk of readReusedChunks(file)) {
      copies.push(Buffer.from(chunk));
      memory.push(chunk.buffer);
    }
    expect(Buffer.concat(copies).equals(content)).toBe(true);
    expect(copies.map((chunk) => chunk.length)).toEqual([...Array(5).fill(1024 * 1024), 333]);
    expect(memory[3]).toBe(memory[0]);
    expect(memory[4]).toBe(memory[1]);
    expect(new Set(memory).size).toBe(3);
  });

  it('gives the CSV scanner the rows of one whole buffer, rows and quoted newlines across chunks', async () => {
    // Rows of varying length with quoted commas, "" escapes and quoted newlines, so chunk ends fall everywhere.
    const rows = ['id,text,n'];
    for (let i = 0; i < 150_000; i++) {
      const text = i % 7 === 0 ? `"a ""q"" ${i},\nb"` : i % 3 === 0 ? `"x, ${'y'.repeat(i % 50)}"` : `t${i}`;
      rows.push(`${i},${text},${(i * 37) % 1001}`);
    }
    const content = Buffer.from(rows.join('\n') + '\n');
    expect(content.length).toBeGreaterThan(3 * 1024 * 1024);
    const file = dir.write('rows.csv', content);
    const read = async (chunks: AsyncIterable<Buffer>) => {
      const seen: string[] = [];
      const lines = await scanCsv(
        chunks,
        { delimiter: ',' },
        {
          header: (names) => seen.push(names.join('|')),
          row: (row) => {
            const fields: string[] = [];
            for (let f = 0; f < row.count; f++)
              fields.push(fieldText(row.buf, row.starts[f], row.ends[f], row.quoted[f]));
            seen.push(`${row.line}:${fields.join('|')}`);
          },
          malformed: (line, message) => seen.push(`${line}!${message}`),
        },
      );
      return { seen, lines };
    };
    const whole = await read(
      (async function* () {
        yield content;
      })(),
    );
    expect(whole.seen).toHaveLength(150_001);
    expect(await read(readReusedChunks(file))).toEqual(whole);
  });

  it('reports a missing file, a directory and an empty file, naming the file', async () => {
    const cases: [string, RegExp][] = [
      [dir.path('missing-too.csv'), /does not exist/],
      [dir.path('folder.csv'), /is a directory/],
      [dir.write('empty-too.csv', ''), /is empty/],
    ];
    for (const [file, pattern] of cases) {
      const error = await errorOf(readReusedChunks(file));
      expect(error).toBeInstanceOf(InputDataError);
      expect((error as InputDataError).message).toMatch(pattern);
      expect((error as InputDataError).location?.file).toBe(file);
    }
  });
});
