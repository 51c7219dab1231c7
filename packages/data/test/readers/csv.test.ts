import { describe, expect, it } from '@jest/globals';
import { fieldText, scanCsv, type CsvRow } from '../../src/readers/csv.js';

interface Scanned {
  header?: string[];
  rows: { line: number; fields: string[] }[];
  malformed: { line: number; message: string }[];
  lines: number;
}

/** Scans text split into chunks of `chunkSize` bytes, so every chunk boundary position is exercised. */
async function scan(
  text: string | Buffer,
  chunkSize = 1 << 20,
  delimiter: ',' | '\t' = ',',
): Promise<Scanned> {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
  }
  const out: Scanned = { rows: [], malformed: [], lines: 0 };
  out.lines = await scanCsv(
    chunks(),
    { delimiter },
    {
      header: (names) => (out.header = names),
      row: (row: CsvRow) => {
        const fields: string[] = [];
        for (let f = 0; f < row.count; f++)
          fields.push(fieldText(row.buf, row.starts[f], row.ends[f], row.quoted[f]));
        out.rows.push({ line: row.line, fields });
      },
      malformed: (line, message) => out.malformed.push({ line, message }),
    },
  );
  return out;
}

describe('scanCsv', () => {
  it('reads a header and rows with RFC 4180 quoting, at every chunk boundary', async () => {
    const text = 'id,name,note\r\n1,"Smith, J.","said ""hi"""\r\n2,Ann,"two\nlines"\r\n3,,""\r\n';
    for (let size = 1; size <= text.length; size++) {
      const result = await scan(text, size);
      expect(result.header).toEqual(['id', 'name', 'note']);
      expect(result.rows).toEqual([
        { line: 2, fields: ['1', 'Smith, J.', 'said "hi"'] },
        { line: 3, fields: ['2', 'Ann', 'two\nlines'] },
        { line: 5, fields: ['3', '', ''] },
      ]);
      expect(result.malformed).toEqual([]);
      expect(result.lines).toBe(5);
    }
  });

  it('accepts a last row without a newline, an empty last field, a BOM and TSV', async () => {
    expect((await scan('\uFEFFa,b\n1,')).rows).toEqual([{ line: 2, fields: ['1', ''] }]);
    expect((await scan('\uFEFFa,b\n1,')).header).toEqual(['a', 'b']);
    // A byte order mark before a quoted name (R's write.csv with UTF-8-BOM), at every chunk size.
    for (let size = 1; size <= 8; size++) {
      const withBom = await scan('\uFEFF"a","b"\n"1",2\n', size);
      expect(withBom.header).toEqual(['a', 'b']);
      expect(withBom.rows).toEqual([{ line: 2, fields: ['1', '2'] }]);
      expect(withBom.malformed).toEqual([]);
    }
    expect((await scan('a\tb\n1\t"x\ty"\n', 3, '\t')).rows).toEqual([{ line: 2, fields: ['1', 'x\ty'] }]);
  });

  it('skips blank lines but keeps counting them', async () => {
    const result = await scan('a,b\n\n1,2\n\r\n3,4\n');
    expect(result.rows.map((r) => r.line)).toEqual([3, 5]);
  });

  it('reports a row with the wrong number of fields with its line, and goes on', async () => {
    const result = await scan('a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n');
    expect(result.rows.map((r) => r.line)).toEqual([2, 5]);
    expect(result.malformed).toEqual([
      { line: 3, message: 'expected 3 fields as in the header, found 2' },
      { line: 4, message: 'expected 3 fields as in the header, found 4' },
    ]);
  });

  it('reports an unterminated quote with the line it starts on', async () => {
    const result = await scan('a,b\n1,2\n3,"open\nstill open\n', 4);
    expect(result.rows).toEqual([{ line: 2, fields: ['1', '2'] }]);
    expect(result.malformed).toEqual([
      { line: 3, message: 'unterminated quoted field (column 2) starting on line 3' },
    ]);
  });

  it('reports text after a closing quote', async () => {
    const result = await scan('a,b\n"x"y,2\n3,4\n');
    expect(result.malformed).toEqual([
      { line: 2, message: 'unexpected character after the closing quote of column 1' },
    ]);
    expect(result.rows).toEqual([{ line: 3, fields: ['3', '4'] }]);
  });

  it('reports invalid UTF-8 naming the row and column', async () => {
    const bytes = Buffer.concat([
      Buffer.from('a,b\n1,ok\n2,'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('\n3,é\n'),
    ]);
    for (const size of [1, 5, 1 << 20]) {
      const result = await scan(bytes, size);
      expect(result.rows.map((r) => r.fields)).toEqual([
        ['1', 'ok'],
        ['3', 'é'],
      ]);
      expect(result.malformed).toEqual([{ line: 3, message: 'invalid UTF-8 in column 2' }]);
    }
  });

  it('reads the same rows, problems and lines at every chunk size, whatever a chunk cuts', async () => {
    // Lines: 1 header, 2–3 a row, 4 blank, 5–6 a row, 7, 8 bad, 9, 10, 11 bad, 12–14 a row, 15 bad.
    // Quoted newlines, "" escapes, CRLF, a quote at a chunk's end, blank lines, bad rows, a BOM, no last newline.
    const text =
      '\uFEFFid,"note",n\r\n1,"a\nb",2\r\n\r\n2,"say ""hi""\r\nnow",3\n3,x"y,4\n4,"q"z,5\n' +
      '5,"",\n6,"日本語, ok",7\n7,8\n8,"multi\n\nline ""x""",9\n9,"end"';
    const whole = await scan(text);
    expect(whole.rows.map((row) => row.line)).toEqual([2, 5, 7, 9, 10, 12]);
    expect(whole.malformed.map((problem) => problem.line)).toEqual([8, 11, 15]);
    for (let size = 1; size <= Buffer.byteLength(text) + 1; size++)
      expect(await scan(text, size)).toEqual(whole);
  });

  it('keeps multi-byte characters split across chunks intact', async () => {
    const text = 'name\nZoë\n日本語\n🙂\n';
    for (let size = 1; size < 8; size++)
      expect((await scan(text, size)).rows.map((r) => r.fields[0])).toEqual(['Zoë', '日本語', '🙂']);
  });
});
