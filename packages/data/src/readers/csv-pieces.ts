/**
 * Cuts a CSV/TSV byte stream into pieces that each begin at the start of a row, so that pieces can be
 * scanned by different threads and give exactly the rows, fields and line numbers of one serial scan.
 *
 * A newline ends a row unless it is inside a quoted field. Whether it is follows the scanner's own rules
 * (csv.ts): a quote opens a field only at the start of a field (after a delimiter or a row's newline), a
 * quote elsewhere in a plain field is an ordinary character, and inside a quoted field "" is an escaped
 * quote. Only quotes and newlines are looked at, through native indexOf, so the walk is far cheaper than
 * the scan it feeds. Each piece carries the line it starts on (lines count every newline, as the scanner's do).
 */
import { bomLength, countNewlines, RowTooLongError } from './csv.js';

const LF = 10;
const QUOTE = 34;
/** The join window's first size: a read chunk (1 MiB) and the row cut off before it. */
const MIN_WINDOW_BYTES = 2 * 1024 * 1024;

export interface CsvPiece {
  bytes: Buffer;
  /** 1-based line of the piece's first byte. */
  line: number;
}

export class CsvPieceSplitter {
  /**
   * Bytes after the last cut: the start of a row that has not ended yet. It lies in the last chunk (valid until the
   * next push, as a reader of reused memory promises) or in `window`, and is copied to the window's start by the next
   * push, once the piece handed out before it is done with.
   */
  private carry: Buffer | undefined;
  /** Memory where the carry and the next chunk are joined, kept for the next joins (no buffer per chunk). */
  private window: Buffer | undefined;
  private carryLine = 1;
  /** Where the quote walk stopped in the carry, and whether it stopped inside a quoted field. */
  private walked = 0;
  private inQuotes = false;
  private readonly delimiter: number;
  private readonly maxRowBytes: number;
  /** No row has been cut yet: the window starts at the start of the file (and maybe a byte order mark). */
  private atFileStart = true;
  /** Outside-quote stretches [start, end) of the current window, reused between pushes. */
  private stretches: number[] = [];

  constructor(options: { delimiter: ',' | '\t'; maxRowBytes?: number }) {
    this.delimiter = options.delimiter.charCodeAt(0);
    this.maxRowBytes = options.maxRowBytes ?? 64 * 1024 * 1024;
  }

  /**
   * The rows of chunk completed so far, as one piece (undefined while no row has ended). The piece's bytes may lie
   * in memory that the next push writes again: a caller that keeps them copies them first.
   */
  push(chunk: Buffer): CsvPiece | undefined {
    const buf = this.carry ? this.join(this.carry, chunk) : chunk;
    const cut = this.lastRowEnd(buf);
    if (cut < 0) {
      this.carry = buf;
      if (buf.length > this.maxRowBytes) throw new RowTooLongError(this.carryLine, this.maxRowBytes);
      return undefined;
    }
    const piece = { bytes: buf.subarray(0, cut + 1), line: this.carryLine };
    this.atFileStart = false;
    this.carryLine += countNewlines(buf, 0, cut + 1);
    this.carry = cut + 1 < buf.length ? buf.subarray(cut + 1) : undefined;
    // The walk went past the cut; its state there stays valid in the carry.
    this.walked -= cut + 1;
    return piece;
  }

  /** carry followed by chunk, in the window (grown when they do not fit; the carry may already lie in it). */
  private join(carry: Buffer, chunk: Buffer): Buffer {
    const length = carry.length + chunk.length;
    let window = this.window;
    if (!window || window.length < length) {
      window = Buffer.allocUnsafeSlow(Math.max(length, 2 * (window?.length ?? 0), MIN_WINDOW_BYTES));
      this.window = window;
    }
    // copy moves overlapping bytes correctly (a carry left in the window moves to its start).
    if (carry.buffer !== window.buffer || carry.byteOffset !== window.byteOffset) carry.copy(window, 0);
    chunk.copy(window, carry.length);
    return window.subarray(0, length);
  }

  /** Whatever is left at the end of the input (a last row without a newline, an unterminated quote). */
  end(): CsvPiece | undefined {
    const rest = this.carry;
    this.carry = undefined;
    return rest && { bytes: rest, line: this.carryLine };
  }

  /** Offset of the last newline of buf that ends a row, or -1; continues the quote walk where it stopped. */
  private lastRowEnd(buf: Buffer): number {
    const n = buf.length;
    const stretches = this.stretches;
    stretches.length = 0;
    let p = this.walked;
    let inQuotes = this.inQuotes;
    // The first field starts at offset 0 of the window, or after the file's byte order mark.
    const firstField = this.atFileStart ? bomLength(buf) : 0;
    while (p < n) {
      const q = buf.indexOf(QUOTE, p);
      if (!inQuotes) {
        const end = q < 0 ? n : q;
        if (end > p) stretches.push(p, end);
        if (q < 0) {
          p = n;
          break;
        }
        // Row starts are piece starts, so the window's first field starts a row.
        const before = q === firstField ? LF : buf[q - 1];
        if (before === this.delimiter || before === LF) inQuotes = true;
        p = q + 1;
        continue;
      }
      if (q < 0) {
        p = n;
        break;
      }
      if (q + 1 >= n) {
        // A quote at the very end: escaped or closing depends on the next chunk's first byte.
        p = q;
        break;
      }
      if (buf[q + 1] === QUOTE) p = q + 2;
      else {
        inQuotes = false;
        p = q + 1;
      }
    }
    this.walked = p;
    this.inQuotes = inQuotes;
    return lastNewlineIn(buf, stretches);
  }
}

/**
 * The last newline inside any of the stretches (start/end pairs in order). Searching from the last stretch
 * backwards, each search resumes below where the previous one stopped, so the whole window is read at most once.
 */
function lastNewlineIn(buf: Buffer, stretches: number[]): number {
  let below = Number.MAX_SAFE_INTEGER;
  for (let s = stretches.length - 2; s >= 0; s -= 2) {
    const start = stretches[s];
    const end = Math.min(stretches[s + 1], below);
    if (end <= start) continue;
    const at = buf.lastIndexOf(LF, end - 1);
    if (at >= start) return at;
    if (at < 0) return -1;
    below = at + 1;
  }
  return -1;
}
