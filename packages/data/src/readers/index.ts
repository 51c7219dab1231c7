/** Streaming record readers for validate-data: format detection, byte streams (gzip), JSONL, JSON, Parquet. */
export { DATA_FORMATS, detectFormat, resolveFormat } from './format.js';
export type { FileFormat } from './format.js';
export { checkDataFile, openByteStream } from './open.js';
export { readJsonl } from './jsonl.js';
export { readJsonArray } from './json.js';
// The Parquet reader (hyparquet) is not re-exported: validate/stream.ts loads it by import() for a Parquet file.
export type { ParquetReadOptions } from './parquet.js';
export { DEFAULT_BATCH_SIZE, DEFAULT_MAX_RECORD_BYTES } from './types.js';
export type { DataFormat, ParquetColumn, ReadOptions, RecordBatch, RecordIssue } from './types.js';
