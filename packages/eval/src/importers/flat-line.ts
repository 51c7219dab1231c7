/**
 * The common canonical JSONL line read straight from its bytes: a flat object of `id`, `expected`, `predicted`,
 * a binary `probability`, `pass`, `latency_ms` and `cost_usd`, with plain ASCII strings and numbers, and the
 * members LLM evals add: a `scores` object of numbers (any dimension names: escaped, non-ASCII, "__proto__"),
 * `tokens` {input, output} and an `error` text. At a million lines, JSON.parse's object and the checks on it
 * were most of reading (bench/README.md, "Reading").
 *
 * It accepts a line only when the result is certain to be what JSON.parse and `canonicalToRawCase` make of it:
 * anything else (an escape outside a score name or error, a byte above 0x7f there, a control character, a
 * nested value, null, a repeated or unknown key, a score name JSON.parse would list first, an empty or blank id,
 * a value the checks refuse, a syntax error) is refused, and the caller reads the line the ordinary way, which
 * gives the same value or the same located error as before.
 */
import { latin1, type LineFields } from '../case-columns.js';
import { setKey } from './fields.js';
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
  ['scores', 128],
  ['tokens', 256],
  ['error', 512],
];
const SCORES = 128;
const TOKENS = 256;
const ERROR = 512;
/** Score dimensions a line may have here (more go the ordinary way). */
const MAX_SCORES = 64;
const KEY_OF = new Map(
  KEYS.map(([name, bit]) => [name.length * 256 + name.charCodeAt(0), [name, bit] as const]),
);
const TRUE = [116, 114, 117, 101];
const FALSE = [102, 97, 108, 115, 101];
/** Exact powers of ten (10^22 is the largest a double holds exactly). */
const POWERS = Array.from({ length: 23 }, (_, k) => 10 ** k);

const isSpace = (byte: number) => byte === 32 || byte === 9 || byte === 13 || byte === 10;

/** A short ASCII text's bytes as one number (7 bits a byte, ≤ 7 bytes), for the label texts' cache. */
function shortKey(bytes: Uint8Array, start: number, end: number): number {
  let key = 1;
  for (let i = start; i < end; i++) key = key * 128 + bytes[i];
  return key;
}

/** A JSON string's text from its bytes (quotes included), or undefined when JSON.parse refuses it. */
function decodeString(bytes: Buffer, from: number, to: number): string | undefined {
  try {
    return JSON.parse(bytes.toString('utf8', from, to)) as string;
  } catch {
    return undefined;
  }
}

/** A key JSON.parse would put before the others (an array index: its objects list those first). */
const isIndexLike = (key: string) => key.length > 0 && key.charCodeAt(0) >= ZERO && key.charCodeAt(0) <= NINE;

export class FlatLineReader implements LineFields {
  private bytes: Buffer = Buffer.alloc(0);
  private at = 0;
  private end = 0;
  private seen = 0;
  // The line's fields, named as RawCase names them (CaseColumns.pushLine reads them from the reader).
  /** The id's bytes: `idBytes` from `idStart` to `idEnd` (its one-byte text; valid while the line is). */
  idBytes: Buffer = this.bytes;
  idStart = 0;
  idEnd = 0;
  /** `hashText` of the id (FNV-1a of its bytes: they are its UTF-16 code units). */
  idHash = 0;
  expected: string | number | undefined;
  predicted: string | number | undefined;
  probability: number | undefined;
  pass: boolean | undefined;
  latencyMs: number | undefined;
  costUsd: number | undefined;
  tokensInput: number | undefined;
  tokensOutput: number | undefined;
  error: string | undefined;
  /** The line's scores: `count` distinct keys (each reused from the line before when the same) and values. */
  readonly scoreList: { keys: string[]; values: Float64Array; count: number } = {
    keys: [],
    values: new Float64Array(MAX_SCORES),
    count: 0,
  };
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
    this.tokensInput = this.tokensOutput = this.error = undefined;
    this.scoreList.count = 0;
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

  /** The id's text (made when asked: the columns keep its bytes). */
  get id(): string {
    return latin1(this.idBytes, this.idStart, this.idEnd);
  }

  /** The line just read as `canonicalToRawCase` makes it (its members in the same order). */
  rawCase(file: string, line: number): RawCase {
    const item: RawCase = { id: this.id, source: { file, line } };
    if (this.expected !== undefined) item.expected = this.expected;
    if (this.predicted !== undefined) item.predicted = this.predicted;
    if (this.probability !== undefined) item.probability = this.probability;
    const scores = this.scoreList;
    if (scores.count > 0) {
      item.scores = {};
      for (let j = 0; j < scores.count; j++) setKey(item.scores, scores.keys[j], scores.values[j]);
    }
    if (this.pass !== undefined) item.pass = this.pass;
    if (this.latencyMs !== undefined) item.latencyMs = this.latencyMs;
    if (this.tokensInput !== undefined || this.tokensOutput !== undefined) {
      item.tokens = {};
      if (this.tokensInput !== undefined) item.tokens.input = this.tokensInput;
      if (this.tokensOutput !== undefined) item.tokens.output = this.tokensOutput;
    }
    if (this.costUsd !== undefined) item.costUsd = this.costUsd;
    if (this.error !== undefined) item.error = this.error;
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
    if (bit === SCORES) return this.scores();
    if (bit === TOKENS) return this.tokens();
    if (bit === ERROR) return this.errorText();
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
    this.idBytes = this.bytes;
    this.idStart = from;
    this.idEnd = to;
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

  /**
   * `{"name": number, ...}` at the cursor, as readScores keeps it: finite numbers, no key twice, none that
   * JSON.parse would move to the front (an array index); a null or other value goes the ordinary way.
   */
  private scores(): boolean {
    const list = this.scoreList;
    const previous = list.keys.length;
    let same = true;
    const more = this.members((count) => {
      if (count >= MAX_SCORES) return false;
      const key = this.memberKey(count < previous ? list.keys[count] : undefined);
      if (key === undefined) return false;
      if (key !== list.keys[count]) {
        same = false;
        if (isIndexLike(key)) return false;
        list.keys[count] = key;
      }
      this.skipSpace();
      if (this.at >= this.end || this.bytes[this.at++] !== COLON) return false;
      this.skipSpace();
      const number = this.number();
      if (number === undefined || !Number.isFinite(number)) return false;
      list.values[count] = number;
      list.count = count + 1;
      return true;
    });
    if (more && same && list.count === previous) return true;
    if (more && list.count < previous) list.keys.length = list.count;
    if (more && new Set(list.keys).size === list.keys.length) return true;
    list.keys.length = list.count = 0; // the keys of a line given up are no line's keys (nor to be reused)
    return false;
  }

  /** `{"input": n, "output": n}` at the cursor, each a non-negative integer, each at most once. */
  private tokens(): boolean {
    return this.members(() => {
      const from = this.at + 1;
      const to = this.stringEnd();
      const input = this.spells(from, to, 'input');
      if (!input && !this.spells(from, to, 'output')) return false;
      if ((input ? this.tokensInput : this.tokensOutput) !== undefined) return false;
      this.skipSpace();
      if (this.at >= this.end || this.bytes[this.at++] !== COLON) return false;
      this.skipSpace();
      const count = this.number();
      if (count === undefined || !Number.isInteger(count) || count < 0) return false;
      if (input) this.tokensInput = count;
      else this.tokensOutput = count;
      return true;
    });
  }

  /**
   * An object at the cursor: `member(index)` reads each member (the cursor on its key) and says whether it was
   * read; false when one was not or the object is not well formed.
   */
  private members(member: (index: number) => boolean): boolean {
    if (this.bytes[this.at] !== OPEN || this.at >= this.end) return false;
    this.at++;
    this.skipSpace();
    if (this.at < this.end && this.bytes[this.at] === CLOSE) return ++this.at > 0;
    let index = 0;
    do {
      this.skipSpace();
      if (!member(index++)) return false;
      this.skipSpace();
    } while (this.at < this.end && this.bytes[this.at] === COMMA && ++this.at > 0);
    return this.at < this.end && this.bytes[this.at++] === CLOSE;
  }

  /**
   * The quoted key at the cursor: `known` when its bytes spell it plainly (no new string), a new string
   * otherwise (decoded as JSON.parse decodes it, escapes and UTF-8 included); undefined when it is not a valid
   * JSON string.
   */
  private memberKey(known: string | undefined): string | undefined {
    const from = this.at;
    const to = this.stringEnd();
    if (to < 0) {
      const end = this.anyStringEnd(from);
      if (end < 0) return undefined;
      this.at = end + 1;
      return decodeString(this.bytes, from, end + 1);
    }
    if (known !== undefined && this.spells(from + 1, to, known)) return known;
    return latin1(this.bytes, from + 1, to);
  }

  /** Whether the bytes `from`–`to` are `text`'s (one byte a character; `to` < 0 for no string). */
  private spells(from: number, to: number, text: string): boolean {
    if (to - from !== text.length) return false;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== this.bytes[from + i]) return false;
    return true;
  }

  /** The index of the closing quote of the string at `from` (any bytes, escapes skipped), or -1. */
  private anyStringEnd(from: number): number {
    if (this.bytes[from] !== QUOTE) return -1;
    for (let i = from + 1; i < this.end; i++) {
      const byte = this.bytes[i];
      if (byte === QUOTE) return i;
      if (byte === BACKSLASH) i++;
    }
    return -1;
  }

  /** error: a string (escapes and UTF-8 decoded as JSON.parse does; empty means none). */
  private errorText(): boolean {
    const from = this.at;
    const to = this.stringEnd();
    let text: string | undefined;
    if (to >= 0) text = to - from - 1 <= 7 ? this.label(from + 1, to) : latin1(this.bytes, from + 1, to);
    else {
      const end = this.anyStringEnd(from);
      if (end < 0) return false;
      this.at = end + 1;
      text = decodeString(this.bytes, from, end + 1);
    }
    if (text === undefined) return false;
    if (text !== '') this.error = text;
    return true;
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
