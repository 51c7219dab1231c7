/**
 * Parquet reader (hyparquet): rows are read one window of a row group at a time, never the whole file, and
 * handed on as plain objects with JSON-like values: INT64 → number (or an exact decimal string beyond ±2^53),
 * DATE → epoch days, TIMESTAMP → epoch milliseconds (UTC, floored), DECIMAL → number.
 */
import { open } from 'node:fs/promises';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { InputDataError } from '@mlgate/core';
import { parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, FileMetaData, SchemaElement, SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { checkDataFile, errorText, fileError } from './open.js';
import { DEFAULT_BATCH_SIZE } from './types.js';
import type { ParquetColumn, ReadOptions, RecordBatch } from './types.js';

/** Cells decoded per window: rows per window = this ÷ columns, between 1,000 and 100,000 rows. */
const CELLS_PER_WINDOW = 2_000_000;
const MAX_WINDOW_ROWS = 100_000;
const MIN_WINDOW_ROWS = 1_000;

export interface ParquetReadOptions extends ReadOptions {
  /** Rows decoded at once (default: from the column count, at most 100,000). */
  windowRows?: number;
}

/**
 * Records of a Parquet file, in file order; `lines` are 1-based row numbers, `rowGroup` 0-based.
 *
 * Rows are built one window at a time (at most 100,000 rows, fewer for wide tables) from columns decoded one
 * by one. A data page is decoded whole, so when a writer puts a row group's column in one page (DuckDB does),
 * the decoded page is kept for the following windows instead of being decoded again: memory is then bounded
 * by one row group's decoded columns, not by the file.
 */
export async function* readParquet(file: string, options: ParquetReadOptions): AsyncGenerator<RecordBatch> {
  const { signal } = options;
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  signal?.throwIfAborted();
  const source = await openParquetFile(file);
  try {
    const metadata = await readFooter(file, source.buffer);
    const schema = parquetSchema(metadata).children;
    const windowRows = Math.max(
      1,
      options.windowRows ??
        Math.min(
          MAX_WINDOW_ROWS,
          Math.max(MIN_WINDOW_ROWS, Math.floor(CELLS_PER_WINDOW / Math.max(1, schema.length))),
        ),
    );
    let groupStart = 0;
    for (const [rowGroup, group] of metadata.row_groups.entries()) {
      const groupEnd = groupStart + Number(group.num_rows);
      checkRowGroupInFile(file, metadata, rowGroup, groupStart, source.buffer.byteLength);
      const columns = schema.map(
        (column) => new ColumnWindow(column.element.name, isAnnotatedText(column.element)),
      );
      for (let from = groupStart; from < groupEnd; from += windowRows) {
        signal?.throwIfAborted();
        const to = Math.min(from + windowRows, groupEnd);
        try {
          for (const column of columns) await column.load(source.buffer, metadata, from, to);
        } catch (error) {
          signal?.throwIfAborted();
          throw new InputDataError(
            `cannot read row group ${rowGroup} (rows ${from + 1}–${to}; row groups count from 0): ${errorText(error)}: ` +
              'the file is corrupt or truncated',
            { file, line: from + 1 },
          );
        }
        const rows: Record<string, unknown>[] = [];
        for (let r = from; r < to; r++) rows.push({});
        // Rows with invalid UTF-8 (0-based, absolute) → the text fields it is in, in schema order.
        const unreadable = new Map<number, string[]>();
        for (const column of columns) {
          column.fill(rows, from, to, (row) => {
            const fields = unreadable.get(row);
            if (fields) fields.push(column.name);
            else unreadable.set(row, [column.name]);
          });
        }
        // Reported once per row and left out of the records, like a CSV or JSONL row with invalid UTF-8: the
        // consumer counts a reported row as read but not profiled, so yielding it too would count it twice.
        for (const [row, fields] of [...unreadable].sort((a, b) => a[0] - b[0]))
          options.onIssue({
            file,
            line: row + 1,
            rowGroup,
            field: fields[0],
            message:
              fields.length === 1
                ? 'invalid UTF-8 in a string value'
                : `invalid UTF-8 in a string value (also in ${fields
                    .slice(1)
                    .map((name) => `"${name}"`)
                    .join(', ')})`,
          });
        const kept: Record<string, unknown>[] = [];
        const keptLines: number[] = [];
        rows.forEach((record, k) => {
          if (unreadable.has(from + k)) return;
          kept.push(record);
          keptLines.push(from + k + 1);
        });
        for (let k = 0; k < kept.length; k += batchSize) {
          yield { records: kept.slice(k, k + batchSize), lines: keptLines.slice(k, k + batchSize), rowGroup };
          signal?.throwIfAborted();
        }
      }
      groupStart = groupEnd;
      collectGarbage();
    }
  } finally {
    await source.close();
  }
}

/** Decoded values of one column for a run of rows; absolute row numbers (0-based) across the file. */
interface DecodedRun {
  start: number;
  end: number;
  values: ArrayLike<unknown>;
}

/** One top-level column of a row group, decoded as far as the windows read so far need (and its page reached). */
class ColumnWindow {
  private runs: DecodedRun[] = [];

  constructor(
    readonly name: string,
    /** Annotated as text (STRING, UTF8, ENUM): invalid UTF-8 in it is reported. */
    private readonly isText: boolean,
  ) {}

  /** Make rows [from, to) available, decoding only what earlier windows did not already decode. */
  async load(file: AsyncBuffer, metadata: FileMetaData, from: number, to: number): Promise<void> {
    this.runs = this.runs.filter((run) => run.end > from);
    let decodedTo = this.runs.length > 0 ? this.runs[this.runs.length - 1].end : from;
    if (decodedTo >= to) return;
    const runs: DecodedRun[] = [];
    await parquetRead({
      file,
      metadata,
      columns: [this.name],
      rowStart: decodedTo,
      rowEnd: to,
      compressors,
      parsers: VALUE_PARSERS,
      onChunk: (chunk) =>
        runs.push({ start: chunk.rowStart, end: chunk.rowEnd, values: withoutBigInts(chunk.columnData) }),
    });
    runs.sort((a, b) => a.start - b.start);
    for (const run of runs) {
      if (run.end <= decodedTo) continue;
      if (run.start > decodedTo) break;
      this.runs.push(run);
      decodedTo = run.end;
    }
    if (decodedTo < to) {
      throw new Error(`column "${this.name}" decoded to row ${decodedTo} only, the footer says ${to}`);
    }
  }

  /** Set this column's value on rows[0 .. to-from), as plain JSON-like values. */
  fill(
    rows: Record<string, unknown>[],
    from: number,
    to: number,
    onInvalidUtf8: (row: number) => void,
  ): void {
    const { name, runs } = this;
    let index = 0;
    let run = runs[0];
    for (let r = from; r < to; r++) {
      while (run.end <= r) run = runs[++index];
      let value = run.values[r - run.start];
      if (typeof value === 'bigint') value = int64Value(value);
      else if (typeof value === 'object' && value !== null) {
        let invalid = false;
        value = plainValue(value, () => (invalid = true));
        if (invalid && this.isText) onInvalidUtf8(r);
      }
      rows[r - from][name] = value;
    }
  }
}

/** The top-level columns from the footer schema (no data is read). */
export async function parquetColumns(file: string): Promise<ParquetColumn[]> {
  const source = await openParquetFile(file);
  try {
    const metadata = await readFooter(file, source.buffer);
    return parquetSchema(metadata).children.map(describeColumn);
  } finally {
    await source.close();
  }
}

/** An AsyncBuffer over one open file handle, closed by `close`. */
async function openParquetFile(file: string): Promise<{ buffer: AsyncBuffer; close(): Promise<void> }> {
  const size = await checkDataFile(file);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw fileError(file, error);
  }
  const buffer: AsyncBuffer = {
    byteLength: size,
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      const bytes = new Uint8Array(Math.max(0, Math.min(end, size) - start));
      let done = 0;
      while (done < bytes.length) {
        const { bytesRead } = await handle.read(bytes, done, bytes.length - done, start + done);
        if (bytesRead === 0) break; // the file shrank while being read
        done += bytesRead;
      }
      return done === bytes.length ? bytes.buffer : bytes.buffer.slice(0, done);
    },
  };
  return { buffer, close: () => handle.close() };
}

async function readFooter(file: string, buffer: AsyncBuffer): Promise<FileMetaData> {
  try {
    return await parquetMetadataAsync(buffer, { parsers: VALUE_PARSERS });
  } catch (error) {
    throw new InputDataError(
      `cannot read the Parquet footer: the file is truncated or not a Parquet file (${errorText(error)})`,
      { file },
    );
  }
}

/** A footer that points past the end of the file means the file was cut short (or its footer is corrupt). */
function checkRowGroupInFile(
  file: string,
  metadata: FileMetaData,
  rowGroup: number,
  groupStart: number,
  size: number,
) {
  for (const chunk of metadata.row_groups[rowGroup].columns) {
    const meta = chunk.meta_data;
    if (!meta) continue;
    const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
    const end = start + Number(meta.total_compressed_size);
    if (end > size) {
      throw new InputDataError(
        `row group ${rowGroup} (from row ${groupStart + 1}; row groups count from 0): column "${meta.path_in_schema.join('.')}" ` +
          `ends at byte ${end} but the file has ${size} bytes: the file is truncated or corrupt`,
        { file, line: groupStart + 1 },
      );
    }
  }
}

/** A string column value whose bytes are not UTF-8: its row is reported and left out of the records. */
class InvalidUtf8Text {
  constructor(readonly text: string) {}
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** hyparquet's value parsers, set to the engine's representations (epoch days, epoch ms as numbers). */
const VALUE_PARSERS = {
  dateFromDays: (days: number) => days,
  timestampFromMilliseconds: (millis: bigint) => Number(millis),
  timestampFromMicroseconds: (micros: bigint) => floorDivide(micros, 1000n),
  timestampFromNanoseconds: (nanos: bigint) => floorDivide(nanos, 1_000_000n),
  stringFromBytes(bytes: Uint8Array | undefined) {
    if (!bytes) return bytes;
    try {
      return strictUtf8.decode(bytes);
    } catch {
      return new InvalidUtf8Text(lenientUtf8.decode(bytes));
    }
  },
  // JSON columns are parsed for nested checks; text that is not JSON stays a string for the engine to report.
  jsonFromBytes(bytes: Uint8Array | undefined) {
    if (!bytes) return bytes;
    const text = lenientUtf8.decode(bytes);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  },
};

/** Floor division (toward −∞, so instants before 1970 round down like the later ones). */
function floorDivide(value: bigint | number, divisor: bigint): number {
  if (typeof value === 'number') return Math.floor(value / Number(divisor));
  const quotient = value / divisor;
  return Number(value % divisor < 0n ? quotient - 1n : quotient);
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** INT64 values as numbers right after decoding: a BigInt costs about three times the memory of a number. */
function withoutBigInts(values: ArrayLike<unknown>): ArrayLike<unknown> {
  if (values instanceof BigInt64Array || values instanceof BigUint64Array)
    return Array.from(values, int64Value);
  if (Array.isArray(values)) {
    for (let i = 0; i < values.length; i++) {
      const value: unknown = values[i];
      if (typeof value === 'bigint') values[i] = int64Value(value);
    }
  }
  return values;
}

/** An INT64 as a number when exact, else as its exact decimal text (as a CSV would hold it). */
function int64Value(value: bigint): number | string {
  return value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : value.toString();
}

function plainValue(value: unknown, onInvalidUtf8: () => void): unknown {
  if (typeof value === 'bigint') return int64Value(value);
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof InvalidUtf8Text) {
    onInvalidUtf8();
    return value.text;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = plainValue(value[i], onInvalidUtf8);
    return value;
  }
  if (ArrayBuffer.isView(value)) {
    // Typed arrays of BigInt64 (lists of INT64) become plain arrays of numbers.
    if (value instanceof BigInt64Array || value instanceof BigUint64Array)
      return Array.from(value, int64Value);
    return value;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) object[key] = plainValue(object[key], onInvalidUtf8);
  return object;
}

function isAnnotatedText(element: SchemaElement): boolean {
  const logical = element.logical_type?.type;
  return (
    element.converted_type === 'UTF8' ||
    element.converted_type === 'ENUM' ||
    logical === 'STRING' ||
    logical === 'ENUM'
  );
}

/** The contract type a column's values are read as, and its Parquet type in words. */
function describeColumn(column: SchemaTree): ParquetColumn {
  const element = column.element;
  const nullable = element.repetition_type !== 'REQUIRED';
  const logical = element.logical_type;
  const converted = element.converted_type;
  const annotation = logical ? logical.type : converted;
  const physical = column.children.length > 0 || element.type === undefined ? 'group' : element.type;
  const parquetType = annotation ? `${physical} (${annotation})` : physical;
  return { name: element.name, type: contractType(element, physical), parquetType, nullable };
}

function contractType(element: SchemaElement, physical: string): ParquetColumn['type'] {
  if (physical === 'group') return 'any';
  const logical = element.logical_type?.type;
  const converted = element.converted_type;
  if (logical === 'DATE' || converted === 'DATE') return 'date';
  if (logical === 'TIMESTAMP' || converted === 'TIMESTAMP_MILLIS' || converted === 'TIMESTAMP_MICROS')
    return 'datetime';
  if (physical === 'INT96') return 'datetime';
  if (logical === 'DECIMAL' || converted === 'DECIMAL') return 'number';
  if (logical === 'TIME' || converted === 'TIME_MILLIS' || converted === 'TIME_MICROS') return 'any';
  if (logical === 'JSON' || converted === 'JSON' || logical === 'BSON' || converted === 'BSON') return 'any';
  if (logical === 'INTERVAL' || converted === 'INTERVAL') return 'any';
  if (
    logical === 'UUID' ||
    logical === 'STRING' ||
    logical === 'ENUM' ||
    converted === 'UTF8' ||
    converted === 'ENUM'
  )
    return 'string';
  if (logical === 'FLOAT16') return 'number';
  switch (physical) {
    case 'BOOLEAN':
      return 'boolean';
    case 'INT32':
    case 'INT64':
      return 'integer';
    case 'FLOAT':
    case 'DOUBLE':
      return 'number';
    case 'BYTE_ARRAY':
      return 'string'; // read as text, like writers that omit the STRING annotation mean it
    default:
      return 'any';
  }
}

let gc: (() => void) | undefined;

/**
 * A full garbage collection between row groups. A row group's decoded pages are garbage once its rows are
 * profiled, but V8 grows the heap rather than collect them early: without this, peak memory follows the
 * largest row group several times over. The action cannot start Node with --expose-gc, so it turns the flag
 * on at run time and takes `gc` from a fresh context (V8 exposes it there once the flag is set).
 */
function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
