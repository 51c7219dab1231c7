import { afterAll, describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { InputDataError } from '@mlgate/core';
import { readJsonl } from '../../src/readers/index.js';
import { drain, errorOf, scratch } from './helpers.js';

const dir = scratch('jsonl');
afterAll(() => dir.cleanup());

function jsonl(name: string, content: string | Uint8Array, extra = {}) {
  const file = dir.write(name, content);
  return { file, result: drain((options) => readJsonl(file, false, options), extra) };
}

describe('readJsonl', () => {
  it('reads one record per line with 1-based line numbers, skipping but counting blank lines', async () => {
    const { result } = jsonl('basic.jsonl', '{"a":1}\n\n{"a":2}\n   \n\t\n{"a":3}\n');
    const { records, lines, issues } = await result;
    expect(records).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
    expect(lines).toEqual([1, 3, 6]);
    expect(issues).toEqual([]);
  });

  it('accepts \\r\\n line endings, blank \\r\\n lines and a last line without a newline', async () => {
    const { result } = jsonl('crlf.jsonl', '{"a":"x"}\r\n\r\n{"a":"y"}\r\n{"a":"z"}');
    const { records, lines, issues } = await result;
    expect(records).toEqual([{ a: 'x' }, { a: 'y' }, { a: 'z' }]);
    expect(lines).toEqual([1, 3, 4]);
    expect(issues).toEqual([]);
  });

  it('keeps JSON values that are not objects as records (the engine reports them)', async () => {
    const { result } = jsonl('scalars.jsonl', '[1,2]\n"text"\n42\nnull\n{"ok":true}\n');
    const { records, lines } = await result;
    expect(records).toEqual([[1, 2], 'text', 42, null, { ok: true }]);
    expect(lines).toEqual([1, 2, 3, 4, 5]);
  });

  it('reports a line that is not JSON with the parser message and its line, then goes on', async () => {
    const { file, result } = jsonl('bad-json.jsonl', '{"a":1}\n{"a":2,}\nnot json\n{"a":3}\n{"a":\n');
    const { records, lines, issues } = await result;
    expect(records).toEqual([{ a: 1 }, { a: 3 }]);
    expect(lines).toEqual([1, 4]);
    expect(issues.map((i) => [i.file, i.line])).toEqual([
      [file, 2],
      [file, 3],
      [file, 5],
    ]);
    for (const issue of issues) expect(issue.message).toMatch(/^not valid JSON: ./);
    // V8's own wording is kept, so the user sees what is wrong.
    expect(issues[1].message).toMatch(/Unexpected token|not valid JSON/);
  });

  it.each([
    ['a lone continuation byte', [0x80]],
    ['an invalid byte', [0xff]],
    ['an overlong encoding of "/"', [0xc0, 0xaf]],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a sequence cut off by the end of the line', [0xe2, 0x82]],
  ])('reports invalid UTF-8 (%s) with the line and byte column, then goes on', async (_, bad) => {
    const content = Buffer.concat([
      Buffer.from('{"name":"Zürich ✓"}\n{"name":"ab'),
      Buffer.from(bad),
      Buffer.from('"}\n{"name":"ok"}\n'),
    ]);
    const { file, result } = jsonl(`utf8-${bad.join('-')}.jsonl`, content);
    const { records, lines, issues } = await result;
    expect(records).toEqual([{ name: 'Zürich ✓' }, { name: 'ok' }]);
    expect(lines).toEqual([1, 3]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file, line: 2, column: 12 });
    expect(issues[0].message).toMatch(/^invalid UTF-8/);
  });

  it('accepts valid multi-byte UTF-8 of every length, and a BOM at the start of the file', async () => {
    const { result } = jsonl('utf8-ok.jsonl', '\uFEFF{"s":"é"}\n{"s":"€"}\n{"s":"𝄞"}\n');
    const { records, issues } = await result;
    expect(records).toEqual([{ s: 'é' }, { s: '€' }, { s: '𝄞' }]);
    expect(issues).toEqual([]);
  });

  it('reports a BOM in the middle of the file (it is not JSON whitespace)', async () => {
    const { result } = jsonl('bom-inside.jsonl', '{"a":1}\n\uFEFF{"a":2}\n');
    const { records, issues } = await result;
    expect(records).toEqual([{ a: 1 }]);
    expect(issues.map((i) => i.line)).toEqual([2]);
  });

  it('cuts lines correctly across read chunks, matching a whole-file split', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 60_000; i++) {
      // Varying lengths and multi-byte characters, so newlines and UTF-8 sequences fall across chunk borders.
      lines.push(
        i % 997 === 0 ? '' : JSON.stringify({ i, text: 'é€𝄞'.repeat(i % 13), pad: 'x'.repeat(i % 91) }),
      );
    }
    const { result } = jsonl('chunks.jsonl', lines.join('\n') + '\n');
    const { records, lines: numbers, issues } = await result;
    const expected = lines.map((line, k) => [line, k + 1] as const).filter(([line]) => line !== '');
    expect(issues).toEqual([]);
    expect(numbers).toEqual(expected.map(([, n]) => n));
    expect(records).toEqual(expected.map(([line]) => JSON.parse(line)));
  });

  it('reads a 5 MB single line', async () => {
    const big = { id: 1, blob: 'x'.repeat(5 * 1024 * 1024) };
    const { result } = jsonl('huge-line.jsonl', `{"id":0}\n${JSON.stringify(big)}\n{"id":2}`);
    const { records, lines, issues } = await result;
    expect(issues).toEqual([]);
    expect(lines).toEqual([1, 2, 3]);
    expect((records[1] as typeof big).blob).toHaveLength(5 * 1024 * 1024);
  });

  it('reports invalid UTF-8 in a line that spans read chunks', async () => {
    const line = Buffer.concat([
      Buffer.from(`{"blob":"${'y'.repeat(1_500_000)}`),
      Buffer.from([0xfe]),
      Buffer.from('"}'),
    ]);
    const { result } = jsonl(
      'huge-bad.jsonl',
      Buffer.concat([Buffer.from('{"id":0}\n'), line, Buffer.from('\n{"id":2}\n')]),
    );
    const { records, issues } = await result;
    expect(records).toEqual([{ id: 0 }, { id: 2 }]);
    expect(issues).toMatchObject([{ line: 2, column: 1_500_010, message: 'invalid UTF-8 (byte 0xFE)' }]);
  });

  it('skips and reports a line longer than maxRecordBytes, keeping memory bounded', async () => {
    const { result } = jsonl(
      'too-long.jsonl',
      `{"id":0}\n{"blob":"${'z'.repeat(5 * 1024 * 1024)}"}\n{"id":2}\n`,
      { maxRecordBytes: 2 * 1024 * 1024 },
    );
    const { records, lines, issues } = await result;
    expect(records).toEqual([{ id: 0 }, { id: 2 }]);
    expect(lines).toEqual([1, 3]);
    expect(issues).toMatchObject([{ line: 2, message: expect.stringContaining('longer than 2 MiB') }]);
  });

  it('yields batches of at most batchSize records, in order', async () => {
    const content = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ i })).join('\n');
    const { result } = jsonl('batches.jsonl', content, { batchSize: 64 });
    const { batches, records } = await result;
    expect(batches.every((b) => b.records.length <= 64 && b.records.length === b.lines.length)).toBe(true);
    expect(batches).toHaveLength(Math.ceil(1000 / 64));
    expect(records.map((r) => (r as { i: number }).i)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('reads gzip-compressed JSON Lines the same as plain', async () => {
    const content = '{"a":1}\r\n\n{"a":2}\nbroken\n{"a":3}';
    const file = dir.write('data.jsonl.gz', gzipSync(content));
    const gz = await drain((options) => readJsonl(file, true, options));
    const plain = await jsonl('data-plain.jsonl', content).result;
    expect(gz.records).toEqual(plain.records);
    expect(gz.lines).toEqual([1, 3, 5]);
    expect(gz.issues.map((i) => i.line)).toEqual([4]);
  });

  it('fails on an empty file and on a truncated gzip file, naming the file', async () => {
    const empty = dir.write('empty.jsonl', '');
    const emptyError = await errorOf(readJsonl(empty, false, { onIssue: () => {} }));
    expect(emptyError).toBeInstanceOf(InputDataError);
    expect((emptyError as InputDataError).location?.file).toBe(empty);

    const compressed = gzipSync(Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ i })).join('\n'));
    const truncated = dir.write('truncated.jsonl.gz', compressed.subarray(0, compressed.length - 40));
    const seen: number[] = [];
    const error = await errorOf(
      (async function* () {
        for await (const batch of readJsonl(truncated, true, { onIssue: () => {} }))
          yield seen.push(...batch.lines);
      })(),
    );
    expect(error).toBeInstanceOf(InputDataError);
    expect((error as InputDataError).message).toMatch(/unexpected end of file/);
    expect(seen.length).toBeGreaterThan(0);
  });

  it('stops when the signal aborts', async () => {
    const content = Array.from({ length: 200_000 }, (_, i) =>
      JSON.stringify({ i, pad: 'p'.repeat(20) }),
    ).join('\n');
    const file = dir.write('abort.jsonl', content);
    const controller = new AbortController();
    let batches = 0;
    const error = await errorOf(
      (async function* () {
        for await (const batch of readJsonl(file, false, { onIssue: () => {}, signal: controller.signal })) {
          batches++;
          controller.abort();
          yield batch;
        }
      })(),
    );
    expect((error as Error).name).toBe('AbortError');
    expect(batches).toBeLessThan(3);
  });
});
