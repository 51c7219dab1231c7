/**
 * A byte-level CSV/TSV scanner (RFC 4180 quoting). It hands each row to a sink as field offsets into the
 * chunk's bytes, so numbers and dates are parsed straight from the bytes and strings are only decoded for
 * the columns that need them. csv-parse and papaparse were 5–10× too slow for 100 MB/s (DESIGN.md).
 *
 * Rows may span lines (quoted newlines); a row's line is the line where it starts. Malformed rows are
 * reported to the sink with their line and never dropped silently.
 */
import { isUtf8 } from 'node:buffer';

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** quoted[i] of a field: plain bytes, quoted without escapes, or quoted with "" escapes to undo. */
export const PLAIN = 0;
export const QUOTED = 1;
export const ESCAPED = 2;

export interface CsvRow {
  buf: Buffer;
  starts: Int32Array;
  ends: Int32Array;
  quoted: Uint8Array;
  count: number;
  /** 1-based line where the row starts. */
  line: number;
}

export interface CsvSink {
  header(names: string[], line: number): void;
  row(row: CsvRow): void;
  /** A row that cannot be read as fields; it is counted as malformed, never profiled. */
  malformed(line: number, message: string): void;
  /**
   * The scanner is about to return: a sink that holds rows back (as offsets into the chunk) must read them now,
   * before the chunk's bytes are reused.
   */
  flush?(): void;
}

export interface CsvOptions {
  delimiter: ',' | '\t';
  /** Longest row accepted, in bytes (a file with no newline at all should not eat the memory). */
  maxRowBytes?: number;
}

/** The text of one field, with quotes removed and "" unescaped. */
export function fieldText(buf: Buffer, start: number, end: number, quoted: number): string {
  const text = buf.toString('utf8', start, end);
  return quoted === ESCAPED ? text.replaceAll('""', '"') : text;
}

/** Scans CSV chunks; returns the number of lines read. */
export async function scanCsv(
  chunks: AsyncIterable<Buffer>,
  options: CsvOptions,
  sink: CsvSink,
): Promise<number> {
  const scanner = new CsvScanner(options, sink);
  for await (const chunk of chunks) scanner.push(chunk);
  scanner.end();
  return scanner.lines;
}

export class CsvScanner {
  lines = 0;
  private readonly delimiter: number;
  private readonly maxRowBytes: number;
  private pending: Buffer | undefined;
  private headerSeen = false;
  /** Whether the start of the file has been looked at for a byte order mark. */
  private bomChecked = false;
  private headerCount = 0;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private quoted = new Uint8Array(64);
  private readonly rowView: CsvRow;
  // The row being read (scanRow, scanQuoted): its field count, problem, lines beyond its first, and whether
  // scanQuoted reached its end.
  private fieldCount = 0;
  private rowProblem: string | undefined;
  private rowExtraLines = 0;
  private rowEnded = false;

  constructor(
    options: CsvOptions,
    private readonly sink: CsvSink,
  ) {
    this.delimiter = options.delimiter.charCodeAt(0);
    this.maxRowBytes = options.maxRowBytes ?? 64 * 1024 * 1024;
    this.rowView = {
      buf: Buffer.alloc(0),
      starts: this.starts,
      ends: this.ends,
      quoted: this.quoted,
      count: 0,
      line: 0,
    };
  }

  push(chunk: Buffer): void {
    if (this.pending && this.bomChecked) chunk = this.finishPendingRow(this.pending, chunk);
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    const consumed = this.scan(buf, false);
    this.pending = consumed < buf.length ? buf.subarray(consumed) : undefined;
    if (this.pending && this.pending.length > this.maxRowBytes)
      throw new RowTooLongError(this.lines + 1, this.maxRowBytes);
  }

  /**
   * The row cut by the last chunk's end, joined with the new chunk up to its first newline (not the whole chunk:
   * copying every chunk behind a few pending bytes would copy the file once more). Returns the rest of the chunk
   * once that row is done; when it goes on past that newline (a quoted newline), the chunk as it was. The pending
   * row's own newlines are all quoted (else it would have ended), so it ends at that newline or later: the scan of
   * the joined bytes emits that one row, or nothing.
   */
  private finishPendingRow(pending: Buffer, chunk: Buffer): Buffer {
    const newline = chunk.indexOf(LF);
    if (newline < 0) return chunk;
    const joined = Buffer.concat([pending, chunk.subarray(0, newline + 1)]);
    const consumed = this.scan(joined, false);
    if (consumed < joined.length) return chunk;
    this.pending = undefined;
    return chunk.subarray(newline + 1);
  }

  end(): void {
    if (this.pending) this.scan(this.pending, true);
    this.pending = undefined;
  }

  /**
   * Scans one piece of a file cut at row starts (csv-pieces.ts) whose header another scanner has read:
   * `line` is the piece's first line and `headerCount` the header's number of fields.
   */
  scanPiece(piece: Buffer, line: number, headerCount: number): void {
    this.bomChecked = true;
    this.headerSeen = true;
    this.headerCount = headerCount;
    this.lines = line - 1;
    this.push(piece);
    this.end();
  }

  /**
   * Emits every complete row of buf and returns the offset of the first byte not consumed (the start of
   * an incomplete last row). At the end of the input, the last row needs no newline.
   */
  private scan(buf: Buffer, atEnd: boolean): number {
    const consumed = this.scanRows(buf, atEnd);
    this.sink.flush?.();
    return consumed;
  }

  private scanRows(buf: Buffer, atEnd: boolean): number {
    const n = buf.length;
    // Whole-window UTF-8 check (native, fast); only when it fails are rows checked one by one.
    const lastNewline = atEnd ? n : buf.lastIndexOf(LF);
    const checkRows = lastNewline > 0 && !isUtf8(buf.subarray(0, lastNewline));
    this.rowView.buf = buf;

    // A UTF-8 byte order mark is not part of the first field (which may then be quoted).
    let rowStart = 0;
    if (!this.bomChecked) {
      if (n < 3 && !atEnd) return 0;
      this.bomChecked = true;
      rowStart = bomLength(buf);
    }
    while (rowStart < n) {
      const line = this.lines + 1;
      const rowEnd = this.scanRow(buf, rowStart, atEnd, line);
      if (rowEnd < 0) return rowStart;
      const f = this.fieldCount;
      this.lines = line + this.rowExtraLines;
      const blank = f === 1 && this.ends[0] === this.starts[0] && this.quoted[0] === PLAIN;
      if (!blank) this.emit(buf, rowStart, rowEnd, f, line, checkRows, this.rowProblem);
      rowStart = rowEnd;
    }
    return rowStart;
  }

  /**
   * Reads the row starting at `from` (on line `line`) into starts/ends/quoted, `fieldCount`, `rowProblem` and
   * `rowExtraLines`; returns the offset after it, or -1 when the row goes on in the next chunk.
   */
  private scanRow(buf: Buffer, from: number, atEnd: boolean, line: number): number {
    const n = buf.length;
    const delimiter = this.delimiter;
    let i = from;
    let f = 0;
    this.rowProblem = undefined;
    this.rowExtraLines = 0;
    for (;;) {
      if (f >= this.starts.length) this.grow();
      if (i < n && buf[i] === QUOTE) {
        i = this.scanQuoted(buf, i, f, atEnd, line);
        if (i < 0) return -1;
        f = this.fieldCount;
        if (this.rowEnded) break;
        continue;
      }
      // Plain field: up to the next delimiter or newline.
      const fieldStart = i;
      while (i < n) {
        const c = buf[i];
        if (c === delimiter || c === LF) break;
        i++;
      }
      if (i >= n && !atEnd) return -1;
      let end = i;
      if (end > fieldStart && buf[end - 1] === CR && (i >= n || buf[i] === LF)) end--;
      this.starts[f] = fieldStart;
      this.ends[f] = end;
      this.quoted[f] = PLAIN;
      f++;
      if (i < n && buf[i] === delimiter) {
        i++;
        if (i >= n) {
          if (!atEnd) return -1;
          f = this.emptyField(f, i);
          break;
        }
        continue;
      }
      if (i < n) i++; // the newline
      break;
    }
    this.fieldCount = f;
    return i;
  }

  /**
   * Reads the quoted field f starting at i (its opening quote) and what follows its closing quote; returns the
   * offset where the next field starts or the row ends (`rowEnded`), or -1 when the field goes on in the next chunk.
   * Sets `fieldCount` to the fields read so far.
   */
  private scanQuoted(buf: Buffer, i: number, f: number, atEnd: boolean, line: number): number {
    const n = buf.length;
    const delimiter = this.delimiter;
    this.fieldCount = f;
    this.rowEnded = true;
    // Find the closing quote, skipping "" escapes.
    let j = i + 1;
    let escaped = false;
    let close = -1;
    for (;;) {
      const q = buf.indexOf(QUOTE, j);
      if (q < 0) break;
      if (q + 1 < n && buf[q + 1] === QUOTE) {
        escaped = true;
        j = q + 2;
        continue;
      }
      if (q + 1 >= n && !atEnd) break; // the next byte, maybe a quote, is in the next chunk
      close = q;
      break;
    }
    if (close < 0) {
      if (!atEnd) return -1;
      this.rowProblem = `unterminated quoted field (column ${f + 1}) starting on line ${line + this.rowExtraLines}`;
      this.rowExtraLines += countNewlines(buf, i, n);
      return n;
    }
    this.rowExtraLines += countNewlines(buf, i + 1, close);
    this.starts[f] = i + 1;
    this.ends[f] = close;
    this.quoted[f] = escaped ? ESCAPED : QUOTED;
    this.fieldCount = ++f;
    i = close + 1;
    // After the closing quote: a delimiter, the end of the row, or garbage.
    if (i < n && buf[i] === CR && (i + 1 >= n || buf[i + 1] === LF)) i++;
    if (i >= n) return atEnd ? i : -1;
    const next = buf[i];
    if (next === delimiter) {
      i++;
      if (i >= n && atEnd) {
        this.fieldCount = this.emptyField(f, i);
        return i;
      }
      this.rowEnded = false;
      return i;
    }
    if (next === LF) return i + 1;
    this.rowProblem ??= `unexpected character after the closing quote of column ${f}`;
    // Resynchronise at the next delimiter or newline.
    while (i < n && buf[i] !== delimiter && buf[i] !== LF) i++;
    if (i < n && buf[i] === delimiter) {
      this.rowEnded = false;
      return i + 1;
    }
    if (i < n) return i + 1;
    return atEnd ? i : -1;
  }

  private emit(
    buf: Buffer,
    rowStart: number,
    rowEnd: number,
    count: number,
    line: number,
    checkRows: boolean,
    problem: string | undefined,
  ): void {
    if (checkRows && !isUtf8(buf.subarray(rowStart, rowEnd))) {
      problem = `invalid UTF-8 in column ${firstInvalidField(buf, this.starts, this.ends, count) + 1}`;
    }
    if (!this.headerSeen) {
      if (problem) {
        this.sink.malformed(line, `header: ${problem}`);
        return;
      }
      this.headerSeen = true;
      this.headerCount = count;
      const names: string[] = [];
      for (let f = 0; f < count; f++)
        names.push(fieldText(buf, this.starts[f], this.ends[f], this.quoted[f]));
      this.sink.header(names, line);
      return;
    }
    if (problem) {
      this.sink.malformed(line, problem);
      return;
    }
    if (count !== this.headerCount) {
      this.sink.malformed(line, `expected ${this.headerCount} fields as in the header, found ${count}`);
      return;
    }
    const row = this.rowView;
    row.count = count;
    row.line = line;
    this.sink.row(row);
  }

  /** A trailing delimiter at the end of the input: the row ends with an empty field at i. */
  private emptyField(f: number, i: number): number {
    if (f >= this.starts.length) this.grow();
    this.starts[f] = i;
    this.ends[f] = i;
    this.quoted[f] = PLAIN;
    return f + 1;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    starts.set(this.starts);
    const ends = new Int32Array(size);
    ends.set(this.ends);
    const quoted = new Uint8Array(size);
    quoted.set(this.quoted);
    this.starts = starts;
    this.ends = ends;
    this.quoted = quoted;
    this.rowView.starts = starts;
    this.rowView.ends = ends;
    this.rowView.quoted = quoted;
  }
}

export class RowTooLongError extends Error {
  constructor(
    readonly line: number,
    limit: number,
  ) {
    super(
      `a row longer than ${Math.round(limit / 1024 / 1024)} MB starts on line ${line} (is the delimiter right?)`,
    );
  }
}

/** 3 when buf starts with a UTF-8 byte order mark, else 0. */
export function bomLength(buf: Uint8Array): number {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
}

export function countNewlines(buf: Buffer, from: number, to: number): number {
  let count = 0;
  let at = buf.indexOf(LF, from);
  while (at >= 0 && at < to) {
    count++;
    at = buf.indexOf(LF, at + 1);
  }
  return count;
}

function firstInvalidField(buf: Buffer, starts: Int32Array, ends: Int32Array, count: number): number {
  for (let f = 0; f < count; f++) if (!isUtf8(buf.subarray(starts[f], ends[f]))) return f;
  return 0;
}
