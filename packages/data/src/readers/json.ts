/**
 * JSON reader: a top-level array of records, streamed. A byte scanner tracks strings, escapes and bracket depth to
 * cut each top-level element out of the array; each element is then decoded (strict UTF-8) and JSON.parse'd on its
 * own, so a bad element is an issue at its line and the elements after it are still read.
 *
 * Accepted shapes: `[ {...}, {...} ]`, and an object with a single property holding that array, such as
 * `{"data": [...]}` or `{"rows": [...]}` (what many APIs and exporters write). Anything else, including a
 * second property next to the array, is an InputDataError naming the line.
 */
import { InputDataError } from '@mlgate/core';
import { openByteStream } from './open.js';
import {
  byteLineAndColumn,
  describeInvalidUtf8,
  firstInvalidUtf8,
  jsonErrorDetails,
  lineAndColumn,
  mebibytes,
  startsWithBom,
  strictUtf8Decoder,
} from './text.js';
import { DEFAULT_BATCH_SIZE, DEFAULT_MAX_RECORD_BYTES } from './types.js';
import type { ReadOptions, RecordBatch } from './types.js';

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const NEWLINE = 10;

// Where the scanner is in the file's structure.
const BEFORE_VALUE = 0; // before the top-level value
const WRAPPER_KEY_START = 1; // after `{`, before the key
const WRAPPER_KEY = 2; // inside the key's string
const WRAPPER_COLON = 3; // after the key, before `:`
const WRAPPER_VALUE = 4; // after `:`, before `[`
const ELEMENT_START = 5; // after `[` or `,`, before an element
const ELEMENT = 6; // inside an element
const AFTER_ARRAY = 7; // after the array's `]`
const DONE = 8; // after the whole top-level value

function isWhitespace(byte: number): boolean {
  return byte === 32 || byte === 10 || byte === 13 || byte === 9;
}

/** Records of a JSON file holding an array of records (optionally gzipped), in batches. */
export async function* readJsonArray(
  file: string,
  gzip: boolean,
  options: ReadOptions,
): AsyncGenerator<RecordBatch> {
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const scanner = new JsonArrayScanner(file, options);
  let firstChunk = true;
  for await (const chunk of openByteStream(file, gzip, options.signal)) {
    scanner.push(chunk, firstChunk && startsWithBom(chunk) ? 3 : 0);
    firstChunk = false;
    while (scanner.records.length >= batchSize) {
      yield scanner.take(batchSize);
      options.signal?.throwIfAborted();
    }
  }
  scanner.end();
  while (scanner.records.length > 0) {
    yield scanner.take(batchSize);
    options.signal?.throwIfAborted();
  }
}

class JsonArrayScanner {
  records: unknown[] = [];
  lines: number[] = [];
  private readonly decoder = strictUtf8Decoder();
  private readonly maxRecordBytes: number;
  private state = BEFORE_VALUE;
  /** 1-based line of the byte being scanned. */
  private line = 1;
  private arrayLine = 0;
  private elementsSeen = 0;
  // Inside an element (or the wrapper's key): depth of brackets, string and escape state.
  private depth = 0;
  private inString = false;
  private escaped = false;
  private elementLine = 0;
  /** Bytes of the current element (or key) from earlier chunks. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private oversized = false;
  private wrapperKey: string | undefined;

  constructor(
    private readonly file: string,
    private readonly options: ReadOptions,
  ) {
    this.maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  }

  take(batchSize: number): RecordBatch {
    if (this.records.length <= batchSize) {
      const batch = { records: this.records, lines: this.lines };
      this.records = [];
      this.lines = [];
      return batch;
    }
    const batch = { records: this.records.slice(0, batchSize), lines: this.lines.slice(0, batchSize) };
    this.records = this.records.slice(batchSize);
    this.lines = this.lines.slice(batchSize);
    return batch;
  }

  push(chunk: Buffer, start: number): void {
    const n = chunk.length;
    /** Where the current element (or key) starts in this chunk. */
    let tokenStart = this.state === ELEMENT || this.state === WRAPPER_KEY ? start : -1;
    let i = start;
    while (i < n) {
      if (this.state === ELEMENT) {
        const end = this.elementEnd(chunk, i);
        if (end < 0) {
          this.keep(chunk, tokenStart, n);
          return;
        }
        this.finishElement(chunk, tokenStart, end);
        tokenStart = -1;
        this.state = chunk[end] === COMMA ? ELEMENT_START : AFTER_ARRAY;
        i = end + 1;
        continue;
      }
      const byte = chunk[i];
      tokenStart = this.structureByte(chunk, i, tokenStart);
      if (this.state === ELEMENT) continue; // an element starts: scan this byte as part of it
      if (byte === NEWLINE) this.line++;
      i++;
    }
    if (tokenStart >= 0) this.keep(chunk, tokenStart, n);
  }

  /**
   * The hot loop: runs from i to the `,` or `]` that ends the element at depth 0 and returns its offset, or -1
   * when the element goes on in the next chunk.
   */
  private elementEnd(chunk: Buffer, from: number): number {
    const n = chunk.length;
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    let line = this.line;
    let end = -1;
    for (let i = from; i < n; i++) {
      const b = chunk[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) inString = false;
        else if (b === NEWLINE) line++;
      } else if (b === QUOTE) inString = true;
      else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
      else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        if (depth === 0) {
          if (b === CLOSE_BRACE) {
            this.line = line;
            this.fail(`unexpected "}" at the top level of the array`);
          }
          end = i;
          break;
        }
        depth--;
      } else if (b === COMMA && depth === 0) {
        end = i;
        break;
      } else if (b === NEWLINE) line++;
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    this.line = line;
    return end;
  }

  /** One byte outside the elements (the array, the wrapper object and its key): returns the new token start. */
  private structureByte(chunk: Buffer, i: number, tokenStart: number): number {
    const byte = chunk[i];
    switch (this.state) {
      case ELEMENT_START:
        if (isWhitespace(byte)) break;
        if (byte === CLOSE_BRACKET) {
          if (this.elementsSeen > 0) this.issue('a comma before "]" with no value after it', this.line);
          this.state = AFTER_ARRAY;
        } else if (byte === COMMA) {
          this.issue('two commas with no value between them', this.line);
        } else {
          this.startToken(ELEMENT);
          return i;
        }
        break;
      case BEFORE_VALUE:
        if (isWhitespace(byte)) break;
        if (byte === OPEN_BRACKET) this.startArray();
        else if (byte === OPEN_BRACE) this.state = WRAPPER_KEY_START;
        else this.fail(`expected a JSON array of records, found ${describeByte(byte)}`);
        break;
      case WRAPPER_KEY_START:
        if (isWhitespace(byte)) break;
        if (byte !== QUOTE) this.failWrapper(`found ${describeByte(byte)}`);
        this.startToken(WRAPPER_KEY);
        return i + 1;
      case WRAPPER_KEY:
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) {
          this.wrapperKey = this.finishKey(chunk, tokenStart, i);
          this.state = WRAPPER_COLON;
          return -1;
        }
        break;
      case WRAPPER_COLON:
        if (isWhitespace(byte)) break;
        if (byte !== COLON)
          this.fail(`expected ":" after the key "${this.wrapperKey}", found ${describeByte(byte)}`);
        this.state = WRAPPER_VALUE;
        break;
      case WRAPPER_VALUE:
        if (isWhitespace(byte)) break;
        if (byte !== OPEN_BRACKET)
          this.failWrapper(`the property "${this.wrapperKey}" does not hold an array`);
        this.startArray();
        break;
      case AFTER_ARRAY:
        if (isWhitespace(byte)) break;
        if (this.wrapperKey !== undefined && byte === CLOSE_BRACE) this.state = DONE;
        else if (this.wrapperKey !== undefined && byte === COMMA)
          this.failWrapper(`the object has another property after "${this.wrapperKey}"`);
        else this.fail(`unexpected ${describeByte(byte)} after the end of the array`);
        break;
      case DONE:
        if (!isWhitespace(byte))
          this.fail(`unexpected ${describeByte(byte)} after the end of the JSON value`);
        break;
    }
    return tokenStart;
  }

  /** The file ended: the top-level value must be complete. */
  end(): void {
    if (this.state === DONE || (this.state === AFTER_ARRAY && this.wrapperKey === undefined)) return;
    if (this.state === BEFORE_VALUE) this.fail('the file holds no JSON value, only whitespace');
    if (this.state === ELEMENT) {
      this.fail(
        `the file ends inside the record that starts at line ${this.elementLine}: ` +
          'it is truncated (the array is not closed)',
      );
    }
    if (this.state === AFTER_ARRAY)
      this.fail(`the file ends before the "}" that closes the top-level object`);
    this.fail(
      this.arrayLine > 0
        ? `the file ends before the "]" that closes the array opened at line ${this.arrayLine}: it is truncated`
        : 'the file ends inside the top-level object: it is truncated',
    );
  }

  private startArray(): void {
    this.state = ELEMENT_START;
    this.arrayLine = this.line;
  }

  private startToken(state: number): void {
    this.state = state;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.elementLine = this.line;
    this.pending = [];
    this.pendingBytes = 0;
    this.oversized = false;
  }

  private keep(chunk: Buffer, start: number, end: number): void {
    if (this.oversized) return;
    this.pendingBytes += end - start;
    if (this.pendingBytes > this.maxRecordBytes) {
      this.issue(
        `the record is longer than ${mebibytes(this.maxRecordBytes)}, the most the reader keeps in memory: skipped`,
        this.elementLine,
      );
      this.oversized = true;
      this.pending = [];
      return;
    }
    this.pending.push(chunk.subarray(start, end));
  }

  private tokenBytes(chunk: Buffer, start: number, end: number): Buffer | undefined {
    this.keep(chunk, start, end);
    if (this.oversized) return undefined;
    const bytes =
      this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    return bytes;
  }

  private finishElement(chunk: Buffer, start: number, end: number): void {
    this.elementsSeen++;
    const bytes = this.tokenBytes(chunk, start, end);
    if (!bytes) return;
    let text: string;
    try {
      text = this.decoder.decode(bytes);
    } catch {
      const offset = firstInvalidUtf8(bytes);
      const at = offset < 0 ? bytes.length : offset;
      const { line, column } = byteLineAndColumn(bytes, at, this.elementLine);
      this.issue(describeInvalidUtf8(bytes, at), line, column);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const { message, position } = jsonErrorDetails(error);
      if (position === undefined) this.issue(`not valid JSON: ${message}`, this.elementLine);
      else {
        const { line, column } = lineAndColumn(text, position, this.elementLine);
        // The column is relative to the element's first character when the error is on its first line.
        this.issue(`not valid JSON: ${message}`, line, line === this.elementLine ? undefined : column);
      }
      return;
    }
    this.records.push(value);
    this.lines.push(this.elementLine);
  }

  private finishKey(chunk: Buffer, start: number, end: number): string {
    const bytes = this.tokenBytes(chunk, start, end) ?? Buffer.alloc(0);
    try {
      return JSON.parse(`"${this.decoder.decode(bytes)}"`) as string;
    } catch {
      this.fail('the key of the top-level object is not a valid JSON string');
    }
  }

  private issue(message: string, line: number, column?: number): void {
    this.options.onIssue({ file: this.file, line, ...(column === undefined ? {} : { column }), message });
  }

  private fail(message: string): never {
    throw new InputDataError(message, { file: this.file, line: this.line });
  }

  private failWrapper(reason: string): never {
    this.fail(
      `expected a JSON array of records, or an object with a single property holding one (like {"data": [...]}): ` +
        `${reason}. A file with one JSON object per line is JSON Lines: name it .jsonl or set the format to jsonl`,
    );
  }
}

function describeByte(byte: number): string {
  return byte >= 32 && byte < 127
    ? `"${String.fromCharCode(byte)}"`
    : `byte 0x${byte.toString(16).padStart(2, '0')}`;
}
