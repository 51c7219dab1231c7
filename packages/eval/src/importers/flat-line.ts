/**
 * The common canonical JSONL line read straight from its bytes: a flat object of `id`, `expected`, `predicted`,
 * a binary `probability`, `pass`, `latency_ms` and `cost_usd`, with plain ASCII strings and numbers. At a million
 * lines, JSON.parse's object and the checks on it were most of reading (bench/README.md, "Reading").
 *
 * It accepts a line only when the result is certain to be what JSON.parse and `canonicalToRawCase` make of it:
 * anything else (an escape, a byte above 0x7f, a control character, a nested value, null, a repeated or
 * unknown key, an empty or blank id, a value the checks refuse, a syntax error) is refused, and the caller
 * reads the line the ordinary way, which gives the same value or the same located error as before.
 */
import type { RawCase } from '../types.js';

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN = 123;
const CLOSE = 125;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/** The keys read here (JSON key → bit), and by their length and first byte (two have 8 bytes). */
const KEYS: [string, number][] = [
  ['id', 1],
  ['expected', 2],
  ['predicted', 4],
  ['probability', 8],
  ['pass', 16],
  ['latency_ms', 32],
  ['cost_usd', 64],
];
const KEY_OF = new Map(
  KEYS.map(([name, bit]) => [name.length * 256 + name.charCodeAt(0), [name, bit] as const]),
);
const TRUE = [116, 114, 117, 101];
const FALSE = [102, 97, 108, 115, 101];
/** Exact powers of ten (10^22 is the largest a double holds exactly). */
const POWERS = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Bytes as a one-byte string: Buffer's latin1Slice (what `toString('latin1', from, to)` calls after checking its
 * arguments, a tenth of reading here); toString where a runtime lacks it.
 */
const latin1: (bytes: Buffer, from: number, to: number) => string =
  typeof (Buffer.prototype as { latin1Slice?: unknown }).latin1Slice === 'function'
    ? (bytes, from, to) =>
        (bytes as unknown as { latin1Slice(from: number, to: number): string }).latin1Slice(from, to)
    : (bytes, from, to) => bytes.toString('latin1', from, to);

const isSpace = (byte: number) => byte === 32 || byte === 9 || byte === 13 || byte === 10;

/** A short ASCII text's bytes as one number (7 bits a byte, ≤ 7 bytes), for the label texts' cache. */
function shortKey(bytes: Uint8Array, start: number, end: number): number {
  let key = 1;
  for (let i = start; i < end; i++) key = key * 128 + bytes[i];
  return key;
}

export class FlatLineReader {
  private bytes: Buffer = Buffer.alloc(0);
  private at = 0;
  private end = 0;
  private seen = 0;
  // The line's fields, named as RawCase names them (CaseColumns.pushFields reads them from the reader).
  id = '';
  /** `hashText` of the id (FNV-1a of its bytes: they are its UTF-16 code units). */
  idHash = 0;
  expected: string | number | undefined;
  predicted: string | number | undefined;
  probability: number | undefined;
  pass: boolean | undefined;
  latencyMs: number | undefined;
  costUsd: number | undefined;
  /** Label texts by their bytes (a results file has few labels). */
  private readonly labels = new Map<number, string>();

  /** Reads the line `start`–`end` of `bytes`; false when it is not the flat shape (read it with JSON.parse). */
  read(bytes: Buffer, start: number, end: number): boolean {
    this.bytes = bytes;
    this.at = start;
    this.end = end;
    this.seen = 0;
    this.expected = this.predicted = this.probability = undefined;
    this.pass = this.latencyMs = this.costUsd = undefined;
    this.skipSpace();
    if (this.bytes[this.at] !== OPEN || this.at >= end) return false;
    this.at++;
    do {
      this.skipSpace();
      const bit = this.key();
      if (bit === 0 || (this.seen & bit) !== 0) return false;
      this.seen |= bit;
      this.skipSpace();
      if (this.at >= end || this.bytes[this.at++] !== COLON) return false;
      this.skipSpace();
      if (!this.value(bit)) return false;
      this.skipSpace();
    } while (this.at < end && this.bytes[this.at] === COMMA && ++this.at > 0);
    if (this.at >= end || this.bytes[this.at++] !== CLOSE) return false;
    this.skipSpace();
    return this.at === end && (this.seen & 1) === 1;
  }

  /** The line just read as `canonicalToRawCase` makes it (its members in the same order). */
  rawCase(file: string, line: number): RawCase {
    const item: RawCase = { id: this.id, source: { file, line } };
    if (this.expected !== undefined) item.expected = this.expected;
    if (this.predicted !== undefined) item.predicted = this.predicted;
    if (this.probability !== undefined) item.probability = this.probability;
    if (this.pass !== undefined) item.pass = this.pass;
    if (this.latencyMs !== undefined) item.latencyMs = this.latencyMs;
    if (this.costUsd !== undefined) item.costUsd = this.costUsd;
    return item;
  }

  private skipSpace(): void {
    while (this.at < this.end && isSpace(this.bytes[this.at])) this.at++;
  }

  /** The bit of the quoted key at the cursor, 0 when it is not one of KEYS written plainly. */
  private key(): number {
    const from = this.at + 1;
    const to = this.stringEnd();
    if (to < 0) return 0;
    const known = KEY_OF.get((to - from) * 256 + this.bytes[from]);
    if (!known) return 0;
    const [name, bit] = known;
    for (let i = 1; i < name.length; i++) if (this.bytes[from + i] !== name.charCodeAt(i)) return 0;
    return bit;
  }

  /** After a plain string at the cursor (printable ASCII, no escape): the index of its closing quote, or -1. */
  private stringEnd(): number {
    const bytes = this.bytes;
    if (this.at >= this.end || bytes[this.at] !== QUOTE) return -1;
    for (let i = this.at + 1; i < this.end; i++) {
      const byte = bytes[i];
      if (byte === QUOTE) {
        this.at = i + 1;
        return i;
      }
      if (byte < 32 || byte > 126 || byte === BACKSLASH) return -1;
    }
    return -1;
  }

  /** The value of the member `bit` at the cursor, checked as `canonicalToRawCase` checks it. */
  private value(bit: number): boolean {
    const byte = this.bytes[this.at];
    if (bit === 16) return this.boolean();
    if (byte === QUOTE) {
      const from = this.at + 1;
      const to = this.stringEnd();
      if (to < 0 || bit > 4) return false;
      if (bit === 1) return this.readId(from, to);
      const text = this.label(from, to);
      if (bit === 2) this.expected = text;
      else this.predicted = text;
      return true;
    }
    const number = this.number();
    if (number === undefined || !Number.isFinite(number)) return false;
    if (bit === 2) this.expected = number;
    else if (bit === 4) this.predicted = number;
    else if (bit === 8 && number >= 0 && number <= 1) this.probability = number;
    else if (bit === 32 && number >= 0) this.latencyMs = number;
    else if (bit === 64 && number >= 0) this.costUsd = number;
    else return false; // a number id (made text by String()), or a value the checks refuse
    return true;
  }

  /** A non-blank id (blank ones are refused with a message by the ordinary reader). */
  private readId(from: number, to: number): boolean {
    let blank = true;
    for (let i = from; i < to && blank; i++) blank = this.bytes[i] === 32;
    if (blank) return false;
    this.id = latin1(this.bytes, from, to);
    let hash = 0x811c9dc5;
    for (let i = from; i < to; i++) hash = Math.imul(hash ^ this.bytes[i], 0x01000193);
    this.idHash = hash ^ (hash >>> 16);
    return true;
  }

  private label(from: number, to: number): string {
    if (to - from > 7) return latin1(this.bytes, from, to);
    const key = shortKey(this.bytes, from, to);
    let text = this.labels.get(key);
    if (text === undefined) {
      text = latin1(this.bytes, from, to);
      if (this.labels.size < 4096) this.labels.set(key, text);
    }
    return text;
  }

  private boolean(): boolean {
    const word = this.bytes[this.at] === TRUE[0] ? TRUE : FALSE;
    if (this.at + word.length > this.end) return false;
    for (let i = 0; i < word.length; i++) if (this.bytes[this.at + i] !== word[i]) return false;
    this.at += word.length;
    this.pass = word === TRUE;
    return true;
  }

  /**
   * A JSON number at the cursor (its grammar checked), or undefined. Up to 15 significant digits and a power of
   * ten within 22, the value is one correctly rounded operation on exact doubles, as JSON.parse rounds it;
   * otherwise the checked text goes to Number(), which reads JSON's number grammar the same way.
   */
  private number(): number | undefined {
    const bytes = this.bytes;
    const from = this.at;
    let i = from;
    const negative = bytes[i] === MINUS;
    if (negative) i++;
    let mantissa = 0;
    let digits = 0;
    let scale = 0;
    if (bytes[i] === ZERO) i++;
    else if (bytes[i] > ZERO && bytes[i] <= NINE) {
      for (; i < this.end && bytes[i] >= ZERO && bytes[i] <= NINE; i++, digits++)
        mantissa = mantissa * 10 + bytes[i] - ZERO;
    } else return undefined;
    if (bytes[i] === DOT && i < this.end) {
      const fraction = ++i;
      for (; i < this.end && bytes[i] >= ZERO && bytes[i] <= NINE; i++) {
        mantissa = mantissa * 10 + bytes[i] - ZERO;
        if (mantissa > 0) digits++;
        scale--;
      }
      if (i === fraction) return undefined;
    }
    if (i < this.end && (bytes[i] === 101 || bytes[i] === 69)) {
      i++;
      if (bytes[i] === PLUS || bytes[i] === MINUS) i++;
      const exponent = i;
      while (i < this.end && bytes[i] >= ZERO && bytes[i] <= NINE) i++;
      if (i === exponent) return undefined;
      digits = 99; // exponents are rare here: the checked text goes to Number()
    }
    this.at = i;
    if (digits > 15 || scale < -22) return Number(latin1(bytes, from, i));
    const value = scale === 0 ? mantissa : mantissa / POWERS[-scale];
    return negative ? -value : value;
  }
}
