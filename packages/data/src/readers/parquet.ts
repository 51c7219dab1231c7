/**
 * Parquet reader: rows are read one window of a row group at a time, never the whole file, and handed on as
 * plain objects (or, for the validator, as one array per column) with JSON-like values: INT64 → number (or an
 * exact decimal string beyond ±2^53), DATE → epoch days, TIMESTAMP → epoch milliseconds (UTC, floored),
 * DECIMAL → number. Flat columns are decoded by parquet-pages.ts a slice at a time; the others by hyparquet.
 */
import { open } from 'node:fs/promises';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { InputDataError } from '@mlgate/core';
import { parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import type {
  AsyncBuffer,
  ColumnChunk,
  ColumnMetaData,
  FileMetaData,
  SchemaElement,
  SchemaTree,
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { checkDataFile, errorText, fileError } from './open.js';
import { decodablePages, FlatColumnDecoder, flatColumnType, type FlatColumnType } from './parquet-pages.js';
import { DEFAULT_BATCH_SIZE } from './types.js';
import type { ParquetColumn, ReadOptions, RecordBatch } from './types.js';

/** Cells decoded per window: rows per window = this ÷ columns, between 1,000 and 100,000 rows. */
const CELLS_PER_WINDOW = 2_000_000;
const MAX_WINDOW_ROWS = 100_000;
const MIN_WINDOW_ROWS = 1_000;
const FLAT_WINDOW_ROWS = 8_192;

export interface ParquetReadOptions extends ReadOptions {
  /** Rows decoded at once (default: 8,192 when every column is flat, else from the column count, ≤ 100,000). */
  windowRows?: number;
  /**
   * 'auto' (default): flat columns are decoded page slice by page slice (parquet-pages.ts), the others by
   * hyparquet; 'hyparquet': every column by hyparquet (the reference the tests compare the other with).
   */
  decoder?: 'auto' | 'hyparquet';
  /**
   * 'columns': each window comes as one batch of column arrays (`RecordBatch.columns`, `records` empty), with no
   * object per row; the arrays are reused, so they are valid until the next batch is asked for.
   */
  shape?: 'records' | 'columns';
}

/**
 * Records of a Parquet file, in file order; `lines` are 1-based row numbers, `rowGroup` 0-based.
 *
 * Rows are read one window at a time (8,192 rows when every column is flat, else at most 100,000; fewer for
 * wide tables), column by column. A flat
 * column is decoded from its page a window's slice at a time, so memory is bounded by a window and one page's
 * bytes per column; a column hyparquet decodes keeps its decoded page for the following windows when a writer
 * put a row group's column in one page.
 */
export async function* readParquet(file: string, options: ParquetReadOptions): AsyncGenerator<RecordBatch> {
  const { signal } = options;
  signal?.throwIfAborted();
  const source = await openParquetFile(file);
  try {
    const metadata = await readFooter(file, source.buffer);
    const schema = parquetSchema(metadata).children;
    let groupStart = 0;
    let garbage = 0;
    for (const [rowGroup, group] of metadata.row_groups.entries()) {
      const groupEnd = groupStart + Number(group.num_rows);
      checkRowGroupInFile(file, metadata, rowGroup, groupStart, source.buffer.byteLength);
      const columns = schema.map((column) => columnReader(column, group.columns, options.decoder));
      const windowRows = Math.max(1, options.windowRows ?? defaultWindowRows(columns));
      for (let from = groupStart; from < groupEnd; from += windowRows) {
        signal?.throwIfAborted();
        const to = Math.min(from + windowRows, groupEnd);
        const window = await readWindow(
          file,
          source.buffer,
          metadata,
          columns,
          { rowGroup, from, to },
          signal,
        );
        for (const issue of unreadableIssues(file, rowGroup, window)) options.onIssue(issue);
        for (const batch of windowBatches(window, rowGroup, options)) {
          yield batch;
          signal?.throwIfAborted();
        }
      }
      groupStart = groupEnd;
      garbage += groupBytes(group.columns);
      if (garbage > GARBAGE_BEFORE_COLLECTING || columns.some((column) => column.usesHyparquet)) {
        collectGarbage();
        garbage = 0;
      }
    }
  } finally {
    await source.close();
  }
}

/**
 * Page bytes (compressed and decompressed) read since the last full collection after which the next row group
 * ends with one. They are garbage once their rows are profiled, but V8 counts them lazily: without this, peak
 * memory grows by several row groups of them.
 */
const GARBAGE_BEFORE_COLLECTING = 64 * 1024 * 1024;

function groupBytes(chunks: ColumnChunk[]): number {
  let bytes = 0;
  for (const chunk of chunks)
    bytes +=
      Number(chunk.meta_data?.total_compressed_size ?? 0) +
      Number(chunk.meta_data?.total_uncompressed_size ?? 0);
  return bytes;
}

/**
 * Rows per window: few when every column is decoded in slices, so a window's values die young (in V8's young
 * generation) instead of piling up in the old one; else enough that hyparquet, which rereads a column chunk
 * for each window, does not do so too often.
 */
function defaultWindowRows(columns: ColumnReader[]): number {
  const flat = columns.every((column) => column instanceof FlatColumn);
  return Math.min(
    flat ? FLAT_WINDOW_ROWS : MAX_WINDOW_ROWS,
    Math.max(MIN_WINDOW_ROWS, Math.floor(CELLS_PER_WINDOW / Math.max(1, columns.length))),
  );
}

/** Rows [from, to) of every column, and the rows (0-based, absolute) with invalid UTF-8 → their text fields. */
interface Window {
  from: number;
  to: number;
  names: string[];
  values: unknown[][];
  unreadable: Map<number, string[]>;
}

async function readWindow(
  file: string,
  buffer: AsyncBuffer,
  metadata: FileMetaData,
  columns: ColumnReader[],
  { rowGroup, from, to }: { rowGroup: number; from: number; to: number },
  signal: AbortSignal | undefined,
): Promise<Window> {
  const values: unknown[][] = [];
  const unreadable = new Map<number, string[]>();
  try {
    for (const column of columns) {
      values.push(
        await column.read(buffer, metadata, from, to, (row) => {
          const fields = unreadable.get(row);
          if (fields) fields.push(column.name);
          else unreadable.set(row, [column.name]);
        }),
      );
    }
  } catch (error) {
    signal?.throwIfAborted();
    throw new InputDataError(
      `cannot read row group ${rowGroup} (rows ${from + 1}–${to}; row groups count from 0): ${errorText(error)}: ` +
        'the file is corrupt or truncated',
      { file, line: from + 1 },
    );
  }
  return { from, to, names: columns.map((column) => column.name), values, unreadable };
}

/**
 * Rows with invalid UTF-8, reported once per row and left out of the batches, like a CSV or JSONL row with
 * invalid UTF-8: the consumer counts a reported row as read but not profiled, so yielding it too would count
 * it twice.
 */
function unreadableIssues(file: string, rowGroup: number, window: Window): RecordIssueOf[] {
  return [...window.unreadable]
    .sort((a, b) => a[0] - b[0])
    .map(([row, fields]) => ({
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
    }));
}

type RecordIssueOf = Parameters<ReadOptions['onIssue']>[0];

/** A window's readable rows as batches: objects of `batchSize` rows, or the whole window as columns. */
function* windowBatches(
  window: Window,
  rowGroup: number,
  options: ParquetReadOptions,
): Generator<RecordBatch> {
  const { from, to, names, values, unreadable } = window;
  const kept: number[] = [];
  for (let k = 0; k < to - from; k++) if (!unreadable.has(from + k)) kept.push(k);
  const lines = kept.map((k) => from + k + 1);
  if (options.shape === 'columns') {
    if (kept.length < to - from) for (const column of values) compact(column, kept);
    if (lines.length > 0) yield { records: [], lines, rowGroup, columns: { names, values } };
    return;
  }
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  for (let start = 0; start < kept.length; start += batchSize) {
    const end = Math.min(start + batchSize, kept.length);
    const records: Record<string, unknown>[] = [];
    for (let i = start; i < end; i++) {
      const record: Record<string, unknown> = {};
      for (let c = 0; c < names.length; c++) record[names[c]] = values[c][kept[i]];
      records.push(record);
    }
    yield { records, lines: lines.slice(start, end), rowGroup };
  }
}

/** Keeps values[kept[0]], values[kept[1]], … at the front of `values`, in order. */
function compact(values: unknown[], kept: number[]): void {
  for (let i = 0; i < kept.length; i++) values[i] = values[kept[i]];
  values.length = kept.length;
}

/** One top-level column of a row group, read window by window in row order. */
interface ColumnReader {
  readonly name: string;
  /** Whether hyparquet decodes it (its pages whole, hence the full collection after each row group). */
  readonly usesHyparquet: boolean;
  /**
   * Rows [from, to) (absolute, 0-based) as plain JSON-like values; `onInvalidUtf8` is called with each row whose
   * text in this column is not UTF-8. The array may be reused by the next call.
   */
  read(
    file: AsyncBuffer,
    metadata: FileMetaData,
    from: number,
    to: number,
    onInvalidUtf8: (row: number) => void,
  ): Promise<unknown[]>;
}

/** The incremental decoder for a flat column of a supported type and encoding, else hyparquet. */
function columnReader(
  column: SchemaTree,
  chunks: ColumnChunk[],
  decoder: ParquetReadOptions['decoder'],
): ColumnReader {
  const { element } = column;
  const isText = isAnnotatedText(element);
  const meta = chunks.find((chunk) => chunk.meta_data?.path_in_schema[0] === element.name)?.meta_data;
  const type =
    decoder === 'hyparquet'
      ? undefined
      : flatColumnType(element, column.children.length > 0, meta, VALUE_PARSERS);
  if (type && meta) return new FlatColumn(element.name, isText, meta, type);
  return new HyparquetColumn(element.name, isText);
}

/**
 * A flat column decoded from its column chunk a window at a time: one decompressed page at most is held. A
 * chunk with pages the decoder does not read (data page v2, DELTA or BYTE_STREAM_SPLIT encodings) goes to
 * hyparquet instead.
 */
class FlatColumn implements ColumnReader {
  private decoder: FlatColumnDecoder | HyparquetColumn | undefined;
  private readonly values: unknown[] = [];

  get usesHyparquet(): boolean {
    return this.decoder instanceof HyparquetColumn;
  }

  constructor(
    readonly name: string,
    private readonly isText: boolean,
    private readonly meta: ColumnMetaData,
    private readonly type: FlatColumnType,
  ) {}

  async read(
    file: AsyncBuffer,
    metadata: FileMetaData,
    from: number,
    to: number,
    onInvalidUtf8: (row: number) => void,
  ): Promise<unknown[]> {
    const decoder = (this.decoder ??= await this.open(file));
    if (decoder instanceof HyparquetColumn) return decoder.read(file, metadata, from, to, onInvalidUtf8);
    const { values } = this;
    try {
      values.length = to - from;
      decoder.read(values, to - from);
    } catch (error) {
      throw new Error(`column "${this.name}": ${errorText(error)}`);
    }
    if (this.type.physical === 'BYTE_ARRAY') {
      for (let k = 0; k < values.length; k++) {
        const value = values[k];
        if (value instanceof InvalidUtf8Text) {
          if (this.isText) onInvalidUtf8(from + k);
          values[k] = value.text;
        }
      }
    }
    return values;
  }

  private async open(file: AsyncBuffer): Promise<FlatColumnDecoder | HyparquetColumn> {
    const start = Number(this.meta.dictionary_page_offset ?? this.meta.data_page_offset);
    const bytes = new Uint8Array(await file.slice(start, start + Number(this.meta.total_compressed_size)));
    let decodable: boolean;
    try {
      decodable = decodablePages(bytes, this.type.optional);
    } catch (error) {
      throw new Error(`column "${this.name}": ${errorText(error)}`);
    }
    return decodable
      ? new FlatColumnDecoder(bytes, this.type, this.meta.codec, compressors)
      : new HyparquetColumn(this.name, this.isText);
  }
}

/** Decoded values of one column for a run of rows; absolute row numbers (0-based) across the file. */
interface DecodedRun {
  start: number;
  end: number;
  values: ArrayLike<unknown>;
}

/** A column hyparquet decodes, as far as the windows read so far need (and its page reached). */
class HyparquetColumn implements ColumnReader {
  private runs: DecodedRun[] = [];
  readonly usesHyparquet = true;

  constructor(
    readonly name: string,
    /** Annotated as text (STRING, UTF8, ENUM): invalid UTF-8 in it is reported. */
    private readonly isText: boolean,
  ) {}

  async read(
    file: AsyncBuffer,
    metadata: FileMetaData,
    from: number,
    to: number,
    onInvalidUtf8: (row: number) => void,
  ): Promise<unknown[]> {
    try {
      await this.load(file, metadata, from, to);
    } catch (error) {
      throw new Error(`column "${this.name}": ${errorText(error)}`);
    }
    return this.plainValues(from, to, onInvalidUtf8);
  }

  /** Make rows [from, to) available, decoding only what earlier windows did not already decode. */
  private async load(file: AsyncBuffer, metadata: FileMetaData, from: number, to: number): Promise<void> {
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
    if (decodedTo < to) throw new Error(`decoded to row ${decodedTo} only, the footer says ${to}`);
  }

  /** Rows [from, to) as plain JSON-like values. */
  private plainValues(from: number, to: number, onInvalidUtf8: (row: number) => void): unknown[] {
    const { runs } = this;
    const values = new Array<unknown>(to - from);
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
      values[r - from] = value;
    }
    return values;
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
