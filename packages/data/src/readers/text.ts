/** Decoding lines and records of JSON text: strict UTF-8, JSON.parse, and where in the text a failure is. */
import { TextDecoder } from 'node:util';
import { errorText } from './open.js';

/** Strict UTF-8 (invalid bytes throw); a BOM is kept, so only the file's first bytes may drop one. */
export function strictUtf8Decoder(): TextDecoder {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
}

/** True when the buffer starts with the UTF-8 byte order mark EF BB BF. */
export function startsWithBom(bytes: Uint8Array, offset = 0): boolean {
  return bytes[offset] === 0xef && bytes[offset + 1] === 0xbb && bytes[offset + 2] === 0xbf;
}

/**
 * Offset of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629: no overlongs,
 * no surrogates, nothing above U+10FFFF), or -1. Run only on text the strict decoder has rejected.
 */
export function firstInvalidUtf8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let i = start;
  while (i < end) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (i + k >= end || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return -1;
}

/** "invalid UTF-8 (byte 0xFF)" for the message of an issue. */
export function describeInvalidUtf8(bytes: Uint8Array, offset: number): string {
  const byte = bytes[offset];
  return byte === undefined
    ? 'invalid UTF-8 (a multi-byte sequence is cut off at the end)'
    : `invalid UTF-8 (byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')})`;
}

/** The message of a JSON.parse failure, and the 0-based position V8 names in it when it names one. */
export function jsonErrorDetails(error: unknown): { message: string; position?: number } {
  const message = errorText(error);
  const match = /at position (\d+)/.exec(message);
  return match ? { message, position: Number(match[1]) } : { message };
}

/** 1-based line and column of `position` in `text`, counting from `firstLine`. */
export function lineAndColumn(
  text: string,
  position: number,
  firstLine: number,
): { line: number; column: number } {
  let line = firstLine;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: position - lineStart + 1 };
}

/** Same as lineAndColumn for a byte offset in raw bytes (columns in bytes). */
export function byteLineAndColumn(
  bytes: Uint8Array,
  offset: number,
  firstLine: number,
): { line: number; column: number } {
  let line = firstLine;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Blank: empty or only spaces, tabs and carriage returns (a blank line in a CRLF file is "\r"). */
export function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  const first = text.charCodeAt(0);
  if (first !== 32 && first !== 9 && first !== 13) return false;
  return /^[ \t\r]*$/.test(text);
}

export function mebibytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
}
