/**
 * Deeply nested JSON and YAML ("[[[[…" a hundred thousand times) as a clear error naming the line, never as
 * "Maximum call stack size exceeded" from whichever recursive code meets the value first.
 */
import { InputDataError, type SourceLocation } from './errors.js';

/** More levels than any results file, report or configuration needs, far fewer than overflow the stack. */
export const MAX_NESTING = 256;

/** The 1-based line where "[" and "{" nest deeper than `limit`, outside quoted strings; undefined when they don't. */
export function deepNestingLine(text: string, limit = MAX_NESTING): number | undefined {
  let depth = 0;
  let line = 1;
  let quote = 0; // the open quote character's code, or 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (quote !== 0) {
      if (c === 92 && quote === 34)
        i++; // a backslash escape inside "…"
      else if (c === quote) quote = 0;
      continue;
    }
    if (c === 34) quote = c;
    // A YAML single-quoted scalar starts after a blank or a flow indicator, not inside a word ("don't").
    else if (c === 39 && (i === 0 || /[\s[{,:]/.test(text[i - 1]))) quote = c;
    else if (c === 91 || c === 123) {
      if (++depth > limit) return line;
    } else if (c === 93 || c === 125) depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** True for the RangeError V8 throws when recursion exhausts the stack. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
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
