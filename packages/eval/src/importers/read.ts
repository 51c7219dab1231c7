/** Reading results files: streamed lines, whole JSON documents, and line numbers inside JSON text. */
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { InputDataError } from '@mlgate/core';

/** Bytes read by `readHead` for format detection. */
export const HEAD_BYTES = 64 * 1024;

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Turns a file-system error into a message about the user's file (missing file, directory...). */
function unreadable(error: unknown, displayName: string): InputDataError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === 'ENOENT'
      ? 'file not found'
      : code === 'EISDIR'
        ? 'it is a directory, not a file'
        : code === 'EACCES'
          ? 'permission denied'
          : error instanceof Error
            ? error.message
            : String(error);
  return new InputDataError(`Cannot read the results file: ${reason}.`, { file: displayName });
}

/** The first `HEAD_BYTES` of a file as text (BOM removed; a multi-byte character cut at the end is dropped). */
export async function readHead(file: string, displayName: string): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    let end = bytesRead;
    // Do not cut a UTF-8 sequence in half: back up to the start of the last (possibly partial) character.
    if (end === HEAD_BYTES) {
      let start = end - 1;
      while (start > 0 && (buffer[start] & 0xc0) === 0x80) start--;
      end = start;
    }
    return stripBom(buffer.toString('utf8', 0, end));
  } catch (error) {
    throw unreadable(error, displayName);
  } finally {
    await handle?.close();
  }
}

/** The whole file as text, BOM removed. */
export async function readWholeFile(file: string, displayName: string): Promise<string> {
  try {
    return stripBom(await readFile(file, 'utf8'));
  } catch (error) {
    throw unreadable(error, displayName);
  }
}

/**
 * Calls `onLine` for every line of the file (1-based numbers), streaming in 1 MiB chunks.
 * Handles LF and CRLF line ends and a UTF-8 BOM. `onLine` may throw to stop reading.
 */
export async function forEachLine(
  file: string,
  displayName: string,
  onLine: (line: string, lineNumber: number) => void,
): Promise<void> {
  await forEachLineBytes(file, displayName, (bytes, start, end, lineNumber) =>
    onLine(bytes.toString('utf8', start, end), lineNumber),
  );
}

const hasBom = (bytes: Buffer, start: number) =>
  bytes.length >= start + 3 &&
  bytes[start] === 0xef &&
  bytes[start + 1] === 0xbb &&
  bytes[start + 2] === 0xbf;

/**
 * `forEachLine` before decoding: each line as the bytes `start`–`end` of `bytes` (line end and, on the first
 * line, a UTF-8 BOM left out; valid until `onLine` returns). A line is decoded on its own, which gives the text
 * decoding the whole file gives, since a newline byte is never inside a UTF-8 sequence.
 */
export async function forEachLineBytes(
  file: string,
  displayName: string,
  onLine: (bytes: Buffer, start: number, end: number, lineNumber: number) => void,
): Promise<void> {
  // One buffer read into again and again: a new 1 MiB buffer per read outlived its use (to the next full
  // garbage collection) and raised the peak memory by tens of MB on large files.
  const chunk = Buffer.allocUnsafe(1024 * 1024);
  // The part of a line read so far, copied, when reads have ended inside it (joined once its end is read).
  let carried: Buffer[] = [];
  let lineNumber = 0;
  let first = true;
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, 'r');
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      const read = chunk.subarray(0, bytesRead);
      let newline = read.indexOf(10);
      if (newline === -1) {
        carried.push(Buffer.from(read));
        continue;
      }
      let bytes = read;
      if (carried.length > 0) {
        carried.push(read);
        bytes = Buffer.concat(carried);
        newline += bytes.length - read.length;
        carried = [];
      }
      let start = first && hasBom(bytes, 0) ? 3 : 0;
      first = false;
      while (newline !== -1) {
        const end = newline > start && bytes[newline - 1] === 13 ? newline - 1 : newline;
        onLine(bytes, start, end, ++lineNumber);
        start = newline + 1;
        newline = bytes.indexOf(10, start);
      }
      if (start < bytes.length) carried.push(Buffer.from(bytes.subarray(start)));
    }
  } catch (error) {
    if (error instanceof InputDataError) throw error;
    if ((error as NodeJS.ErrnoException | undefined)?.code !== undefined)
      throw unreadable(error, displayName);
    throw error;
  } finally {
    await handle?.close();
  }
  const rest = Buffer.concat(carried);
  const start = first && hasBom(rest, 0) ? 3 : 0;
  if (rest.length > start)
    onLine(rest, start, rest[rest.length - 1] === 13 ? rest.length - 1 : rest.length, ++lineNumber);
}

/** True when the line holds nothing but spaces/tabs. */
export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 0xfeff) return false;
  }
  return true;
}

/** The 1-based line of a character offset. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  let index = text.indexOf('\n');
  while (index !== -1 && index < offset) {
    line++;
    index = text.indexOf('\n', index + 1);
  }
  return line;
}

/** Maps character offsets to lines quickly when many offsets of one text are needed. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    let index = text.indexOf('\n');
    while (index !== -1) {
      this.starts.push(index + 1);
      index = text.indexOf('\n', index + 1);
    }
  }
  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }
}

/** The " at line N" part of a JSON.parse error, read from the position V8 reports. */
function syntaxErrorLine(error: SyntaxError, text: string): number | undefined {
  const lineColumn = /\(line (\d+) column \d+\)/.exec(error.message);
  if (lineColumn) return Number(lineColumn[1]);
  const position = /at position (\d+)/.exec(error.message);
  if (position) return lineOfOffset(text, Number(position[1]));
  return undefined;
}

/** JSON.parse for one line of a JSONL file: a SyntaxError becomes an InputDataError naming the line. */
export function parseJsonLine(line: string, file: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new InputDataError(`Line ${lineNumber} is not valid JSON: ${detail}`, { file, line: lineNumber });
  }
}

/** JSON.parse for a whole document: a SyntaxError becomes an InputDataError with the line when V8 gives it. */
export function parseJsonDocument(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const line = syntaxErrorLine(error, text);
    if (text.trim() === '')
      throw new InputDataError('The results file is empty: it holds no cases.', { file });
    throw new InputDataError(`The file is not valid JSON: ${error.message}`, {
      file,
      ...(line !== undefined ? { line } : {}),
    });
  }
}

const OBJECT = 0;
const ARRAY = 1;

/**
 * The 1-based start line of every element of one array inside a JSON text, found without a second parse.
 * `path` names the object keys from the root to the array: [] for a root array, ["results"] for
 * {"results": [...]}, ["results", "results"] for promptfoo. The text must be valid JSON.
 */
export function arrayElementLines(text: string, path: readonly string[]): number[] {
  const lines: number[] = [];
  const kinds: number[] = [];
  const onPath: boolean[] = [];
  const keys: (string | undefined)[] = [];
  const expectKey: boolean[] = [];
  let line = 1;
  let top = -1;
  const valueStarts = (): void => {
    if (top >= 0 && kinds[top] === ARRAY && onPath[top] && top === path.length) lines.push(line);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
    } else if (c === 32 || c === 9 || c === 13 || c === 58 /* : */) {
      continue;
    } else if (c === 34 /* " */) {
      let j = i + 1;
      let escaped = false;
      for (; j < text.length; j++) {
        const d = text.charCodeAt(j);
        if (d === 92) {
          escaped = true;
          j++;
        } else if (d === 34) break;
      }
      if (top >= 0 && kinds[top] === OBJECT && expectKey[top]) {
        const raw = text.slice(i + 1, j);
        keys[top] = escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
        expectKey[top] = false;
      } else {
        valueStarts();
      }
      i = j;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      valueStarts();
      const parentOnPath =
        top < 0 || (onPath[top] && kinds[top] === OBJECT && top < path.length && keys[top] === path[top]);
      top++;
      kinds[top] = c === 123 ? OBJECT : ARRAY;
      onPath[top] = parentOnPath;
      keys[top] = undefined;
      expectKey[top] = c === 123;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      top--;
    } else if (c === 44 /* , */) {
      if (top >= 0 && kinds[top] === OBJECT) expectKey[top] = true;
    } else {
      // A number, true, false or null: record its start, then skip to its end.
      valueStarts();
      while (i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d === 44 || d === 93 || d === 125 || d === 32 || d === 10 || d === 13 || d === 9) break;
        i++;
      }
    }
  }
  return lines;
}
