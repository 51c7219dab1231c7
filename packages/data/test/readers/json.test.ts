import { afterAll, describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { InputDataError } from '@mlgate/core';
import { readJsonArray } from '../../src/readers/index.js';
import { drain, errorOf, scratch } from './helpers.js';

const dir = scratch('json');
afterAll(() => dir.cleanup());

function jsonFile(name: string, content: string | Uint8Array, extra = {}) {
  const file = dir.write(name, content);
  return { file, result: drain((options) => readJsonArray(file, false, options), extra) };
}

async function failure(name: string, content: string): Promise<InputDataError> {
  const file = dir.write(name, content);
  const error = await errorOf(readJsonArray(file, false, { onIssue: () => {} }));
  expect(error).toBeInstanceOf(InputDataError);
  expect((error as InputDataError).location?.file).toBe(file);
  return error as InputDataError;
}

describe('readJsonArray', () => {
  it('reads a pretty-printed array with the line where each record starts', async () => {
    const rows = [
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
      { a: 3, b: null },
    ];
    const { result } = jsonFile('pretty.json', JSON.stringify(rows, null, 2));
    const { records, lines, issues } = await result;
    expect(records).toEqual(rows);
    expect(lines).toEqual([2, 6, 10]);
    expect(issues).toEqual([]);
  });

  it('cuts elements only at top-level commas: brackets, commas, quotes and escapes inside strings are text', async () => {
    const rows = [
      { s: 'a,b]c}d', t: ['[', '{'] },
      { s: 'quote " and backslash \\', n: { deep: [1, [2, [3]]] } },
      { s: '\\"],[{' },
      { s: 'line\nbreak \u2028 é€𝄞' },
    ];
    const { result } = jsonFile('tricky.json', JSON.stringify(rows));
    const { records, issues } = await result;
    expect(records).toEqual(rows);
    expect(issues).toEqual([]);
  });

  it('accepts an object with a single array property, like {"data": [...]}', async () => {
    const { result } = jsonFile('wrapped.json', '{\n  "rows": [\n    {"a": 1},\n    {"a": 2}\n  ]\n}\n');
    const { records, lines } = await result;
    expect(records).toEqual([{ a: 1 }, { a: 2 }]);
    expect(lines).toEqual([3, 4]);
  });

  it('keeps elements that are not objects as records', async () => {
    const { result } = jsonFile('scalars.json', '[1, "two", null, [3], {"x": true}]');
    expect((await result).records).toEqual([1, 'two', null, [3], { x: true }]);
  });

  it('reads an empty array as no records', async () => {
    const { result } = jsonFile('empty-array.json', ' [ ] ');
    expect((await result).records).toEqual([]);
  });

  it('reports a malformed element with its line and reads the elements after it', async () => {
    const content = '[\n  {"a": 1},\n  {"a": 2,\n   "b": }, \n  {"a": 3}\n]';
    const { file, result } = jsonFile('bad-element.json', content);
    const { records, lines, issues } = await result;
    expect(records).toEqual([{ a: 1 }, { a: 3 }]);
    expect(lines).toEqual([2, 5]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file, message: expect.stringMatching(/^not valid JSON: /) });
    // The error is on the element's second line when V8 says where, else on its first.
    expect([3, 4]).toContain(issues[0].line);
  });

  it('reports invalid UTF-8 with the line of the bad byte', async () => {
    const content = Buffer.concat([
      Buffer.from('[{"a": "ok"},\n {"a":\n  "x'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"},\n {"a": "é"}]'),
    ]);
    const { result } = jsonFile('bad-utf8.json', content);
    const { records, issues } = await result;
    expect(records).toEqual([{ a: 'ok' }, { a: 'é' }]);
    expect(issues).toMatchObject([{ line: 3, column: 5, message: 'invalid UTF-8 (byte 0xC3)' }]);
  });

  it('reports stray commas as issues', async () => {
    const { result } = jsonFile('commas.json', '[\n{"a":1},\n,\n{"a":2},\n]');
    const { records, issues } = await result;
    expect(records).toEqual([{ a: 1 }, { a: 2 }]);
    expect(issues.map((i) => i.line)).toEqual([3, 5]);
  });

  it('fails on a truncated file, naming the line where the cut record starts', async () => {
    const error = await failure('truncated.json', '[\n{"a": 1},\n{"a": 2, "b": [1, 2');
    expect(error.message).toMatch(/record that starts at line 3.*truncated/);
    const unclosed = await failure('unclosed.json', '[\n{"a": 1},\n');
    expect(unclosed.message).toMatch(/"]" that closes the array opened at line 1/);
  });

  it('fails on shapes that are not an array of records', async () => {
    expect((await failure('scalar.json', '42')).message).toMatch(
      /expected a JSON array of records, found "4"/,
    );
    const jsonLines = await failure('lines.json', '{"a": 1}\n{"a": 2}\n');
    expect(jsonLines.message).toMatch(/does not hold an array.*JSON Lines: name it .jsonl/);
    const two = await failure('two-props.json', '{"data": [{"a": 1}],\n "meta": {}}');
    expect(two.message).toMatch(/another property after "data"/);
    expect(two.location?.line).toBe(1);
    const after = await failure('after.json', '[{"a": 1}]\n[{"a": 2}]');
    expect(after.message).toMatch(/unexpected "\[" after the end of the array/);
    expect(after.location?.line).toBe(2);
    expect((await failure('blank.json', '  \n ')).message).toMatch(/no JSON value/);
    expect((await failure('mismatch.json', '[{"a": 1}}, {"a": 2}]')).message).toMatch(/unexpected "}"/);
  });

  it('reads elements across read chunks the same as JSON.parse of the whole file', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => ({
      i,
      s: 'é€𝄞,]}"'.repeat(i % 7),
      pad: 'x'.repeat(i % 113),
    }));
    const content = JSON.stringify(rows, null, 1);
    const { result } = jsonFile('chunks.json', content);
    const { records, lines, issues } = await result;
    expect(issues).toEqual([]);
    expect(records).toEqual(JSON.parse(content));
    // With an indent of one space each record spans 5 lines after the opening "[".
    expect(lines.slice(0, 3)).toEqual([2, 7, 12]);
  });

  it('skips and reports a record longer than maxRecordBytes', async () => {
    const content = `[{"id":0},\n{"blob":"${'z'.repeat(3 * 1024 * 1024)}"},\n{"id":2}]`;
    const { result } = jsonFile('too-long.json', content, { maxRecordBytes: 1024 * 1024 });
    const { records, lines, issues } = await result;
    expect(records).toEqual([{ id: 0 }, { id: 2 }]);
    expect(lines).toEqual([1, 3]);
    expect(issues).toMatchObject([{ line: 2, message: expect.stringContaining('longer than 1 MiB') }]);
  });

  it('reads gzip, a BOM, and batches of batchSize', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ i }));
    const file = dir.write('rows.json.gz', gzipSync('\uFEFF' + JSON.stringify({ data: rows })));
    const { records, batches } = await drain((options) => readJsonArray(file, true, options), {
      batchSize: 128,
    });
    expect(records).toEqual(rows);
    expect(batches.map((b) => b.records.length)).toEqual([128, 128, 44]);
  });
});
