/**
 * JSON Lines reader: one JSON value per line, streamed. Lines are cut at the byte level, decoded as strict UTF-8
 * and parsed with JSON.parse; a line that fails either is reported as an issue and reading goes on.
 */
import { openByteStream } from './open.js';
import {
  describeInvalidUtf8,
  firstInvalidUtf8,
  isBlank,
  jsonErrorDetails,
  mebibytes,
  startsWithBom,
  strictUtf8Decoder,
} from './text.js';
import { DEFAULT_BATCH_SIZE, DEFAULT_MAX_RECORD_BYTES } from './types.js';
import type { ReadOptions, RecordBatch } from './types.js';

const NEWLINE = 10;
/** Lines up to one read chunk are always kept, so a smaller limit would depend on where chunks fall. */
const MIN_MAX_LINE_BYTES = 1024 * 1024;

/**
 * Records of a JSON Lines file (.jsonl, .ndjson, optionally gzipped), in batches. Blank lines are skipped but
 * counted, \r\n endings are accepted, and the last line needs no newline. A line that is JSON but not an object
 * is still a record: the engine reports it.
 */
export async function* readJsonl(
  file: string,
  gzip: boolean,
  options: ReadOptions,
): AsyncGenerator<RecordBatch> {
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const parser = new JsonLinesParser(file, options);
  let firstChunk = true;
  for await (const chunk of openByteStream(file, gzip, options.signal)) {
    let start = 0;
    if (firstChunk) {
      firstChunk = false;
      if (startsWithBom(chunk)) start = 3;
    }
    parser.push(chunk, start);
    for (const batch of parser.takeBatches(batchSize)) {
      yield batch;
      options.signal?.throwIfAborted();
    }
  }
  parser.end();
  for (const batch of parser.takeBatches(batchSize)) {
    yield batch;
    options.signal?.throwIfAborted();
  }
  if (parser.records.length > 0) yield parser.takeAll();
}

/** The line splitter and parser, fed chunk by chunk; it collects records until they are taken. */
class JsonLinesParser {
  records: unknown[] = [];
  lines: number[] = [];
  private readonly decoder = strictUtf8Decoder();
  private readonly maxLineBytes: number;
  /** 1-based number of the line that the next byte belongs to. */
  private line = 1;
  /** Start of the current line when it spans chunks. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The current line is over the limit: its bytes are dropped until its newline. */
  private oversized = false;

  constructor(
    private readonly file: string,
    private readonly options: ReadOptions,
  ) {
    this.maxLineBytes = Math.max(options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES, MIN_MAX_LINE_BYTES);
  }

  push(chunk: Buffer, start: number): void {
    const firstNewline = chunk.indexOf(NEWLINE, start);
    if (firstNewline < 0) {
      this.keep(chunk, start, chunk.length);
      return;
    }
    if (this.pendingBytes > 0 || this.oversized) {
      this.finishPendingLine(chunk, start, firstNewline);
      start = firstNewline + 1;
    }
    const lastNewline = chunk.lastIndexOf(NEWLINE);
    if (lastNewline >= start) {
      this.parseLines(chunk, start, lastNewline);
      start = lastNewline + 1;
    }
    if (start < chunk.length) this.keep(chunk, start, chunk.length);
  }

  /** The file ended: its last line may have no newline. */
  end(): void {
    if (this.pendingBytes > 0 || this.oversized) this.finishPendingLine(Buffer.alloc(0), 0, 0);
  }

  *takeBatches(batchSize: number): Generator<RecordBatch> {
    let from = 0;
    while (this.records.length - from >= batchSize) {
      yield {
        records: this.records.slice(from, from + batchSize),
        lines: this.lines.slice(from, from + batchSize),
      };
      from += batchSize;
    }
    if (from > 0) {
      this.records = this.records.slice(from);
      this.lines = this.lines.slice(from);
    }
  }

  takeAll(): RecordBatch {
    const batch = { records: this.records, lines: this.lines };
    this.records = [];
    this.lines = [];
    return batch;
  }

  /** Bytes [start, end) are whole lines joined by \n: decode them at once, fall back line by line on bad UTF-8. */
  private parseLines(bytes: Buffer, start: number, end: number): void {
    let text: string;
    try {
      text = this.decoder.decode(bytes.subarray(start, end));
    } catch {
      this.parseLinesOneByOne(bytes, start, end);
      return;
    }
    let from = 0;
    for (;;) {
      let to = text.indexOf('\n', from);
      if (to < 0) to = text.length;
      if (to > from) this.parseLine(text.slice(from, to));
      this.line++;
      if (to >= text.length) return;
      from = to + 1;
    }
  }

  private parseLinesOneByOne(bytes: Buffer, start: number, end: number): void {
    let from = start;
    for (;;) {
      let to = bytes.indexOf(NEWLINE, from);
      if (to < 0 || to > end) to = end;
      this.parseLineBytes(bytes, from, to);
      this.line++;
      if (to >= end) return;
      from = to + 1;
    }
  }

  private parseLineBytes(bytes: Uint8Array, start: number, end: number): void {
    let text: string;
    try {
      text = this.decoder.decode(bytes.subarray(start, end));
    } catch {
      const offset = firstInvalidUtf8(bytes, start, end);
      const at = offset < 0 ? end : offset;
      this.issue(describeInvalidUtf8(bytes.subarray(0, end), at), at - start + 1);
      return;
    }
    this.parseLine(text);
  }

  private parseLine(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (isBlank(text)) return;
      const { message, position } = jsonErrorDetails(error);
      this.issue(`not valid JSON: ${message}`, position === undefined ? undefined : position + 1);
      return;
    }
    this.records.push(value);
    this.lines.push(this.line);
  }

  /** Keep the start of a line that continues in the next chunk. */
  private keep(chunk: Buffer, start: number, end: number): void {
    if (this.oversized) return;
    this.pendingBytes += end - start;
    if (this.pendingBytes > this.maxLineBytes) {
      this.issue(
        `the line is longer than ${mebibytes(this.maxLineBytes)}, the most the reader keeps in memory: skipped`,
      );
      this.oversized = true;
      this.pending = [];
      return;
    }
    this.pending.push(chunk.subarray(start, end));
  }

  private finishPendingLine(chunk: Buffer, start: number, end: number): void {
    this.keep(chunk, start, end);
    if (!this.oversized) {
      const bytes =
        this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
      this.parseLineBytes(bytes, 0, bytes.length);
    }
    this.pending = [];
    this.pendingBytes = 0;
    this.oversized = false;
    this.line++;
  }

  private issue(message: string, column?: number): void {
    this.options.onIssue({
      file: this.file,
      line: this.line,
      ...(column === undefined ? {} : { column }),
      message,
    });
  }
}
