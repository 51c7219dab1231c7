/** Shapes shared by the record readers (JSONL, JSON, Parquet) and the validation engine that consumes them. */

export type DataFormat = 'csv' | 'tsv' | 'jsonl' | 'json' | 'parquet';

/** A run of consecutive records, in file order. */
export interface RecordBatch {
  /** Parsed records; objects are expected, anything else is passed on for the engine to report. */
  records: unknown[];
  /** For each record: the 1-based line where it starts (JSONL, JSON) or its 1-based row number (Parquet). */
  lines: number[];
  /** Parquet only: the 0-based row group these rows come from (the numbering of pyarrow and DuckDB). */
  rowGroup?: number;
  /**
   * Parquet with `shape: 'columns'`: the rows as one array per column instead of `records` (which is then empty):
   * row k has the value `values[c][k]` in column `names[c]` (null for a null), for k < lines.length.
   */
  columns?: ColumnBatch;
}

/** Rows as columns: every row has every column of `names`. */
export interface ColumnBatch {
  names: string[];
  values: ArrayLike<unknown>[];
}

/** A record the reader could not turn into a value: the engine counts it and shows where it is. */
export interface RecordIssue {
  file: string;
  /** 1-based line (JSONL, JSON) or row number (Parquet). */
  line: number;
  /** 1-based column on that line, in characters (or bytes for invalid UTF-8), when known. */
  column?: number;
  rowGroup?: number;
  field?: string;
  message: string;
}

export interface ReadOptions {
  /**
   * Called once per bad record, as soon as it is met, so it can come before the batch holding the records
   * just above it is yielded. Line numbers are exact either way.
   */
  onIssue(issue: RecordIssue): void;
  /** Records per yielded batch (default 4096). */
  batchSize?: number;
  /** Aborting stops the read: iteration throws `signal.reason`. */
  signal?: AbortSignal;
  /** Longest line (JSONL) or array element (JSON) kept in memory; longer ones are reported and skipped. Default 64 MiB. */
  maxRecordBytes?: number;
}

/** A top-level Parquet column as the footer schema declares it. */
export interface ParquetColumn {
  name: string;
  /** The contract type its values are read as: integer, number, boolean, date, datetime, string or any. */
  type: 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'string' | 'any';
  /** The physical and logical Parquet type, e.g. "INT64", "INT32 (DATE)", "BYTE_ARRAY (STRING)", "group (LIST)". */
  parquetType: string;
  nullable: boolean;
}

export const DEFAULT_BATCH_SIZE = 4096;
export const DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;
