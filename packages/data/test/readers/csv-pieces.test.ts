/**
 * The piece splitter against the serial scanner: scanning the pieces one by one (as scan threads do)
 * must give the serial scan's header, rows, fields, malformed rows and line numbers, whatever the quoting.
 */
import { describe, expect, it } from '@jest/globals';
import { CsvScanner, fieldText, RowTooLongError, type CsvSink } from '../../src/readers/csv.js';
import { CsvPieceSplitter, type CsvPiece } from '../../src/readers/csv-pieces.js';
import { uniform } from '../sketch/helpers.js';

interface Seen {
  header?: { names: string[]; line: number };
  events: string[];
}

function recorder(seen: Seen): CsvSink {
  return {
    header: (names, line) => (seen.header = { names, line }),
    row: (row) => {
      const fields: string[] = [];
      for (let f = 0; f < row.count; f++)
        fields.push(fieldText(row.buf, row.starts[f], row.ends[f], row.quoted[f]));
      seen.events.push(`${row.line}: ${JSON.stringify(fields)}`);
    },
    malformed: (line, message) => seen.events.push(`${line}: malformed: ${message}`),
  };
}

function chunksOf(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

function serial(bytes: Buffer, chunkSize: number): Seen {
  const seen: Seen = { events: [] };
  const scanner = new CsvScanner({ delimiter: ',' }, recorder(seen));
  for (const chunk of chunksOf(bytes, chunkSize)) scanner.push(chunk);
  scanner.end();
  return seen;
}

function split(bytes: Buffer, chunkSize: number, maxRowBytes?: number): CsvPiece[] {
  const splitter = new CsvPieceSplitter({ delimiter: ',', maxRowBytes });
  const pieces: CsvPiece[] = [];
  for (const chunk of chunksOf(bytes, chunkSize)) {
    const piece = splitter.push(chunk);
    if (piece) pieces.push({ bytes: Buffer.from(piece.bytes), line: piece.line });
  }
  const last = splitter.end();
  if (last) pieces.push(last);
  return pieces;
}

/** As the scan pool does: its own scanner until the header is read, then a fresh scanner per piece. */
function piecewise(pieces: CsvPiece[]): Seen {
  const seen: Seen = { events: [] };
  const own = new CsvScanner({ delimiter: ',' }, recorder(seen));
  let handedOut = false;
  for (const piece of pieces) {
    if (!seen.header) own.push(piece.bytes);
    else {
      handedOut = true;
      const scanner = new CsvScanner({ delimiter: ',' }, recorder(seen));
      scanner.scanPiece(piece.bytes, piece.line, seen.header.names.length);
    }
  }
  if (!handedOut) own.end();
  return seen;
}

/** A CSV with every quoting case the scanner knows, well-formed or not. */
function messyCsv(seed: number, rows: number): Buffer {
  const rnd = uniform(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(rnd() * items.length)];
  const field = () =>
    pick([
      () => `v${Math.floor(rnd() * 1000)}`,
      () => '',
      () => '"a, b"',
      () => '"say ""hi"""',
      () => '"two\nlines"',
      () => '"cr\r\nlf"',
      () => '12" pizza', // a quote inside a plain field is a character
      () => '"closed"junk', // garbage after a closing quote
      () => '""',
      () => '"""quoted"""',
      () => 'é€',
    ])();
  const lines: string[] = [];
  if (rnd() < 0.3) lines.push('');
  lines.push(pick(['a,b,c', '"a",b,c', '"a\nx",b,c']));
  for (let r = 0; r < rows; r++) {
    const count = rnd() < 0.05 ? pick([2, 4]) : 3;
    lines.push(Array.from({ length: count }, field).join(','));
    if (rnd() < 0.05) lines.push('');
  }
  const ends = pick(['\n', '\r\n']);
  let text = lines.join(ends);
  const tail = rnd();
  if (tail < 0.4) text += ends;
  else if (tail < 0.5) text += `${ends}x,"never closed,\n1,2,3\n`;
  // Sometimes a byte order mark: the first field starts after it.
  return Buffer.from(rnd() < 0.3 ? `\uFEFF${text}` : text);
}

describe('CsvPieceSplitter', () => {
  it('cuts only at row ends: the pieces scanned apart give the serial rows, fields and lines', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const bytes = messyCsv(seed, 40);
      const expected = serial(bytes, 1 << 20);
      for (const chunkSize of [1, 2, 7, 31, 256, 1 << 20]) {
        const pieces = split(bytes, chunkSize);
        expect(Buffer.concat(pieces.map((piece) => piece.bytes)).equals(bytes)).toBe(true);
        let line = 1;
        for (const piece of pieces) {
          expect(piece.line).toBe(line);
          line += piece.bytes.filter((byte) => byte === 10).length;
        }
        const seen = piecewise(pieces);
        expect({ seed, chunkSize, ...seen }).toEqual({ seed, chunkSize, ...expected });
      }
    }
  });

  it('keeps a quoted newline inside its piece, even when a chunk ends on a quote', () => {
    const bytes = Buffer.from('k,v\n1,"a\n""\nb"\n2,x\n');
    const rowEnds = [4, 15, 19];
    for (let size = 1; size <= bytes.length; size++) {
      let end = 0;
      for (const piece of split(bytes, size)) {
        end += piece.bytes.length;
        expect({ size, end, rowEnd: rowEnds.includes(end) }).toEqual({ size, end, rowEnd: true });
      }
    }
  });

  it('starts the first field after a byte order mark, so a quoted header keeps its newline', () => {
    const bytes = Buffer.from('\uFEFF"k\nx",v\n1,2\n');
    for (let size = 1; size <= bytes.length; size++) {
      for (const end of split(bytes, size).map((piece, i, all) =>
        all.slice(0, i + 1).reduce((sum, p) => sum + p.bytes.length, 0),
      ))
        expect({ size, end, rowEnd: [11, 15].includes(end) }).toEqual({ size, end, rowEnd: true });
    }
  });

  it('refuses a row longer than the limit, naming the line it starts on', () => {
    const bytes = Buffer.from(`k,v\n1,2\n3,"${'x'.repeat(5000)}`);
    expect(() => split(bytes, 100, 1000)).toThrow(RowTooLongError);
    try {
      split(bytes, 100, 1000);
    } catch (error) {
      expect((error as RowTooLongError).line).toBe(3);
    }
  });
});
