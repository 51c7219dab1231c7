import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
