/** Streams every file of a dataset through the validator, whatever its format, logging progress. */
import { displayPath, InputDataError, type Logger } from '@mlgate/core';
import { RowTooLongError, scanCsv } from '../readers/csv.js';
import { resolveFormat } from '../readers/format.js';
import { checkDataFile, openByteStream, readReusedChunks } from '../readers/open.js';
import { readJsonArray, readJsonl } from '../readers/index.js';
import type { DataFormat, ReadOptions, RecordBatch } from '../readers/types.js';
import type { DatasetValidator } from './dataset.js';
import { ScanPool, scanThreadsFor, type ScanSetup } from './parallel-scan.js';

const PROGRESS_EVERY_MS = 5_000;

export async function streamDataset(
  files: string[],
  format: DataFormat | 'auto',
  dataset: DatasetValidator,
  logger: Logger,
  options: {
    workspace: string;
    signal?: AbortSignal;
    /** How scan threads rebuild the dataset's checks; without it every file is scanned on this thread. */
    scanSetup?: ScanSetup;
  },
): Promise<void> {
  // Held here, not returned by streamFile: a file that throws after starting the threads must still close
  // them, or the process idles on live workers after the error is reported.
  const threads: { pool?: ScanPool } = {};
  try {
    for (const [index, file] of files.entries()) {
      await streamFile(file, index, files.length, format, dataset, logger, options, threads);
    }
  } finally {
    await threads.pool?.close();
  }
  dataset.finish();
}

/** Streams one file; starts the scan threads (into `threads`) for the first file large enough to use them. */
async function streamFile(
  file: string,
  index: number,
  fileCount: number,
  format: DataFormat | 'auto',
  dataset: DatasetValidator,
  logger: Logger,
  options: { workspace: string; signal?: AbortSignal; scanSetup?: ScanSetup },
  threads: { pool?: ScanPool },
): Promise<void> {
  const name = displayPath(file, options.workspace);
  const { format: fileFormat, gzip } = resolveFormat(file, format);
  const rowsBefore = dataset.rows;
  const progress = new Progress(
    logger,
    `${name} (${index + 1}/${fileCount})`,
    () => dataset.rows - rowsBefore + (threads.pool?.rowsScanned ?? 0),
  );
  if (fileFormat === 'csv' || fileFormat === 'tsv') {
    const sink = dataset.csvSink(name);
    const csvOptions = { delimiter: fileFormat === 'tsv' ? '\t' : ',' } as const;
    const count = scanThreadsFor(await checkDataFile(file), dataset, options.scanSetup);
    // Uncompressed files are read into reused memory: the scan pool copies what it keeps of a chunk (a piece it
    // may look into again for a repeated row) before it asks for the next one.
    const chunks = progress.countBytes(
      gzip ? openByteStream(file, gzip, options.signal) : readReusedChunks(file, options.signal),
    );
    try {
      if (count > 0) {
        const pool = (threads.pool ??= ScanPool.start(count, options.scanSetup!));
        logger.info(`${name}: scanning with ${count} threads`);
        await pool.scanFile(chunks, csvOptions, name, dataset, sink);
      } else await scanCsv(chunks, csvOptions, sink);
      sink.done();
    } catch (error) {
      if (error instanceof RowTooLongError)
        throw new InputDataError(error.message, { file: name, line: error.line });
      throw error;
    }
  } else {
    const present = dataset.presentCounts();
    const readOptions = malformedRowsTo(dataset, name, options.signal);
    const parquet = fileFormat === 'parquet' ? await import('../readers/parquet.js') : undefined;
    // Parquet DATE and TIMESTAMP columns arrive as epoch days and milliseconds: typed, not text to parse.
    const temporal = parquet
      ? new Map(
          (await parquet.parquetColumns(file))
            .filter((column) => column.type === 'date' || column.type === 'datetime')
            .map((column) => [column.name, column.type as 'date' | 'datetime']),
        )
      : undefined;
    const batches: AsyncIterable<RecordBatch> = parquet
      ? parquet.readParquet(file, { ...readOptions, shape: 'columns' })
      : fileFormat === 'jsonl'
        ? readJsonl(file, gzip, readOptions)
        : readJsonArray(file, gzip, readOptions);
    for await (const batch of batches) {
      if (batch.columns) dataset.addColumns(batch.columns, batch.lines, name, temporal);
      else dataset.addRecords(batch.records, batch.lines, name, temporal);
      progress.tick();
    }
    dataset.checkRecordColumns(name, present);
  }
  dataset.files.push({
    path: name,
    format: `${fileFormat}${gzip ? '+gzip' : ''}`,
    rows: dataset.rows - rowsBefore,
  });
  progress.done();
}

/** Read options that count and report each record a reader could not read as a malformed row. */
function malformedRowsTo(
  dataset: DatasetValidator,
  name: string,
  signal: AbortSignal | undefined,
): ReadOptions {
  return {
    onIssue: (issue) =>
      dataset.addMalformed(
        name,
        issue.line,
        [
          issue.rowGroup !== undefined ? `row group ${issue.rowGroup}` : '',
          issue.column !== undefined ? `column ${issue.column}` : '',
          issue.field ? `field "${issue.field}"` : '',
        ]
          .filter(Boolean)
          .concat(issue.message)
          .join(': '),
      ),
    signal,
  };
}

/** Logs rows and throughput every few seconds while a file streams, and a line when it is done. */
class Progress {
  private bytes = 0;
  private readonly started = Date.now();
  private last = this.started;

  constructor(
    private readonly logger: Logger,
    private readonly name: string,
    private readonly rows: () => number,
  ) {}

  async *countBytes(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      this.bytes += chunk.length;
      this.tick();
      yield chunk;
    }
  }

  tick(): void {
    const now = Date.now();
    if (now - this.last < PROGRESS_EVERY_MS) return;
    this.last = now;
    this.logger.info(`${this.name}: ${this.describe(now)}`);
  }

  done(): void {
    this.logger.info(`${this.name}: done, ${this.describe(Date.now())}`);
  }

  private describe(now: number): string {
    const seconds = Math.max((now - this.started) / 1000, 1e-3);
    const rows = this.rows();
    const parts = [
      `${rows.toLocaleString('en-US')} rows`,
      `${Math.round(rows / seconds).toLocaleString('en-US')} rows/s`,
    ];
    if (this.bytes > 0)
      parts.push(
        `${(this.bytes / 1e6).toFixed(0)} MB read`,
        `${(this.bytes / 1e6 / seconds).toFixed(0)} MB/s`,
      );
    parts.push(`${seconds.toFixed(1)} s`);
    return parts.join(', ');
  }
}
