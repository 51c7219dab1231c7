/**
 * A block of CSV rows kept as cell offsets, column by column, so that each column reads its cells in one tight
 * loop of its own (ColumnValidator.csvBlockReader) instead of one closure call per cell: the loop is monomorphic,
 * its calls inline, and a column's offsets are contiguous. The rows of a block share one chunk of bytes; the
 * block is read out when it is full, when the chunk changes and whenever the scanner returns (CsvSink.flush), so
 * that no offset outlives its chunk (read buffers are reused).
 */
import type { CsvRow } from '../readers/csv.js';

/** Rows per block: a block of a dozen columns stays within the first-level cache. */
export const CELL_BLOCK_ROWS = 256;

const EMPTY = Buffer.alloc(0);

export class CsvCellBlock {
  /** The chunk of every row in the block. */
  buf: Buffer = EMPTY;
  /** Rows in the block. */
  rows = 0;
  /** Cell r of column f is at f * CELL_BLOCK_ROWS + r. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly quoted: Uint8Array;
  /** The line of row r. */
  readonly lines = new Float64Array(CELL_BLOCK_ROWS);

  constructor(readonly fields: number) {
    this.starts = new Int32Array(fields * CELL_BLOCK_ROWS);
    this.ends = new Int32Array(fields * CELL_BLOCK_ROWS);
    this.quoted = new Uint8Array(fields * CELL_BLOCK_ROWS);
  }

  /** Copies a row in (the caller has read the block out if it was full or held another chunk's rows). */
  add(row: CsvRow): void {
    const r = this.rows++;
    const { starts, ends, quoted } = row;
    this.buf = row.buf;
    this.lines[r] = row.line;
    for (let f = 0, at = r; f < this.fields; f++, at += CELL_BLOCK_ROWS) {
      this.starts[at] = starts[f];
      this.ends[at] = ends[f];
      this.quoted[at] = quoted[f];
    }
  }

  /** Forgets the rows and the chunk (read out). */
  clear(): void {
    this.rows = 0;
    this.buf = EMPTY;
  }
}

/** Reads column f's cells of a block into a column; chosen once per file (ColumnValidator.csvBlockReader). */
export type CsvBlockReader = (block: CsvCellBlock, f: number, file: string) => void;
