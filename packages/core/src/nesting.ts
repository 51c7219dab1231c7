/**
 * Deeply nested JSON and YAML ("[[[[…" a hundred thousand times) as a clear error naming the line, never as
 * "Maximum call stack size exceeded" from whichever recursive code meets the value first.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { InputDataError, type SourceLocation } from './errors.js';

/** More levels than any results file, report or configuration needs, far fewer than overflow the stack. */
export const MAX_NESTING = 256;

/** Follows "[" / "{" depth outside quoted strings across chunks of text, counting lines. */
class NestingScanner {
  private depth = 0;
  private line = 1;
  private quote = 0; // the open quote character's code, or 0
  private escaped = false;
  private previous = '\n';

  constructor(private readonly limit: number) {}

  /** The line where the depth first exceeds the limit within this chunk, if it does. */
  feed(text: string): number | undefined {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const before = this.previous;
      this.previous = text[i];
      if (c === 10) this.line++;
      if (this.quote !== 0) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 && this.quote === 34) this.escaped = true;
        else if (c === this.quote) this.quote = 0;
        continue;
      }
      if (c === 34) this.quote = c;
      // A YAML single-quoted scalar starts after a blank or a flow indicator, not inside a word ("don't").
      else if (c === 39 && /[\s[{,:]/.test(before)) this.quote = c;
      else if (c === 91 || c === 123) {
        if (++this.depth > this.limit) return this.line;
      } else if (c === 93 || c === 125) this.depth = Math.max(0, this.depth - 1);
    }
    return undefined;
  }
}

/** The 1-based line where "[" and "{" nest deeper than `limit`, outside quoted strings; undefined when they don't. */
export function deepNestingLine(text: string, limit = MAX_NESTING): number | undefined {
  return new NestingScanner(limit).feed(text);
}

/** deepNestingLine for a file, streamed (gzip-compressed when its name ends in .gz). */
export async function deepNestingLineInFile(file: string, limit = MAX_NESTING): Promise<number | undefined> {
  const scanner = new NestingScanner(limit);
  const raw = createReadStream(file);
  const stream = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  stream.setEncoding('utf8');
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const line = scanner.feed(chunk);
      if (line !== undefined) return line;
    }
  } catch {
    return undefined;
  } finally {
    raw.destroy();
  }
  return undefined;
}

/** True for the RangeError V8 throws when recursion exhausts the stack. */
export function isStackOverflow(error: unknown): boolean {
  // A worker thread's error arrives as a plain Error with the same message.
  return error instanceof Error && /Maximum call stack size exceeded/i.test(error.message);
}

/**
 * Rethrows a stack overflow met while reading `files` as "nested too deeply at line N" of the first file that
 * nests too deeply (the others unchanged): the files are scanned again only on this failure path.
 */
export async function rethrowNesting(
  error: unknown,
  files: { absolute: string; shown: string }[],
): Promise<never> {
  if (isStackOverflow(error))
    for (const file of files) {
      const line = await deepNestingLineInFile(file.absolute);
      if (line !== undefined) throw nestedTooDeeply(file.shown, line);
    }
  throw error;
}

/** The error for text nested deeper than MAX_NESTING at `line` of `file`. */
export function nestedTooDeeply(file: string, line: number | undefined, field?: string): InputDataError {
  const location: SourceLocation = {
    file,
    ...(line !== undefined ? { line } : {}),
    ...(field ? { field } : {}),
  };
  return new InputDataError(
    `nested too deeply${line !== undefined ? ` at line ${line}` : ''} (more than ${MAX_NESTING} levels of [ or {)`,
    location,
  );
}

/** Throws nestedTooDeeply when `text` nests deeper than MAX_NESTING. */
export function checkNesting(text: string, file: string): void {
  const line = deepNestingLine(text);
  if (line !== undefined) throw nestedTooDeeply(file, line);
}
