import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { arrayElementLines, forEachLine } from '../../src/importers/read.js';

const directory = mkdtempSync(path.join(tmpdir(), 'mlgate-read-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('forEachLine', () => {
  it('keeps lines longer than a chunk and multi-byte characters across chunk boundaries intact', async () => {
    const long = `{"id": "${'é'.repeat(700_000)}"}`; // 1.4 MB of two-byte characters: spans chunks
    const file = path.join(directory, 'long.jsonl');
    writeFileSync(file, `\uFEFF{"id": 1}\r\n${long}\r\n\r\nlast`);
    const lines: [string, number][] = [];
    await forEachLine(file, 'long.jsonl', (line, number) => lines.push([line, number]));
    expect(lines.map(([, number]) => number)).toEqual([1, 2, 3, 4]);
    expect(lines[0][0]).toBe('{"id": 1}');
    expect(lines[1][0]).toBe(long);
    expect(lines[2][0]).toBe('');
    expect(lines[3][0]).toBe('last');
  });
});

describe('forEachLine on hostile bytes', () => {
  // The lines are decoded one at a time: each must be the text that decoding the whole file gives, for bad
  // UTF-8, surrogates written as UTF-8, a BOM, CR, NUL and lines across the 1 MiB chunks.
  const wholeFile = (file: string): string[] => {
    let text = readFileSync(file, 'utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
    if (lines.at(-1) === '') lines.pop();
    return lines;
  };
  const pieces = [
    Buffer.from('\uFEFF{"id":"a"}\r\n'),
    Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x0a]), // invalid bytes, a sequence cut by the newline
    Buffer.from([0xed, 0xa0, 0x80, 0xf0, 0x9f, 0x98, 0x80, 0xe2, 0x82, 0x0d, 0x0a]), // CESU surrogate, emoji, cut €
    Buffer.from('\r\r\n\u0000\n\uFEFF\n'),
    Buffer.from('x'.repeat(1024 * 1024 - 7)),
    Buffer.from('é€😀'.repeat(300_000)),
    Buffer.from([0xe2, 0x0a, 0x82, 0xac, 0x0a]),
    Buffer.from('last\r'),
  ];
  it('gives the whole-file decoding of every line', async () => {
    for (const order of [pieces, [...pieces].reverse(), pieces.slice(1)]) {
      const file = path.join(directory, 'hostile.jsonl');
      writeFileSync(file, Buffer.concat(order));
      const lines: string[] = [];
      await forEachLine(file, 'hostile.jsonl', (line, number) => {
        expect(number).toBe(lines.length + 1);
        lines.push(line);
      });
      expect(lines).toEqual(wholeFile(file));
    }
  });
});

describe('arrayElementLines', () => {
  it('finds element starts of the named array, ignoring brackets and quotes inside strings', () => {
    const text = [
      '{',
      '  "note": "a [fake] {array} with \\"quotes\\"",',
      '  "results\\u0020x": [{"id": 0}],',
      '  "results": [',
      '    {"id": "a", "text": "]}"},',
      '    {',
      '      "id": "b", "nested": [1, 2, {"results": [9]}]',
      '    },',
      '    3, "four", null',
      '  ]',
      '}',
    ].join('\n');
    expect(arrayElementLines(text, ['results'])).toEqual([5, 6, 9, 9, 9]);
    expect(arrayElementLines('[1,\n2,\n\n{"a": [3]}]', [])).toEqual([1, 2, 4]);
  });
});
