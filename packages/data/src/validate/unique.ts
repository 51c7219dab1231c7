/**
 * Exact duplicate detection for `unique`, `primaryKey` and `duplicateRows`: a set of 64-bit hashes
 * (two independent 32-bit halves) with the line of each first occurrence. Its memory grows with the
 * number of distinct values (12-byte slots, at most ¾ full: 16–32 bytes each, briefly 1.5× that while the table
 * doubles): the one place the user asks for it by declaring uniqueness.
 * A false duplicate needs a 64-bit collision: about 3e-6 for 11M rows.
 */

const EMPTY = 0;

/** Where repeated values are looked for: a set that answers at once, or a log a scan thread hands on. */
export interface RepeatSet {
  /** Adds a hash; returns 0 when new (or not known yet), else the line where it was first seen. */
  add(high: number, low: number, line: number): number;
}

export class HashSet64 implements RepeatSet {
  private high: Uint32Array;
  private low: Uint32Array;
  private lines: Uint32Array;
  private used = 0;

  constructor(capacity = 1 << 16) {
    this.high = new Uint32Array(capacity);
    this.low = new Uint32Array(capacity);
    this.lines = new Uint32Array(capacity);
  }

  get size(): number {
    return this.used;
  }

  /** Adds a hash; returns 0 when new, else the line where it was first seen. */
  add(high: number, low: number, line: number): number {
    // 0/0 marks an empty slot: move a real 0/0 hash out of the way.
    if (high === EMPTY && low === EMPTY) low = 1;
    if ((this.used + 1) * 4 > this.high.length * 3) this.grow();
    const mask = this.high.length - 1;
    let slot = (low ^ Math.imul(high, 0x9e3779b1)) & mask;
    for (;;) {
      const h = this.high[slot];
      const l = this.low[slot];
      if (h === EMPTY && l === EMPTY) {
        this.high[slot] = high;
        this.low[slot] = low;
        this.lines[slot] = line;
        this.used++;
        return 0;
      }
      if (h === high && l === low) return this.lines[slot] || 1;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const { high, low, lines } = this;
    this.high = new Uint32Array(high.length * 2);
    this.low = new Uint32Array(high.length * 2);
    this.lines = new Uint32Array(high.length * 2);
    this.used = 0;
    for (let i = 0; i < high.length; i++)
      if (high[i] !== EMPTY || low[i] !== EMPTY) this.add(high[i], low[i], lines[i]);
  }
}

/**
 * A scan thread's record of the values it was asked to check for repeats (hash and line), in order. The
 * main thread adds them to its one set in the order of the file, so a repeat names its first line as in
 * a one-thread scan.
 */
export class RepeatLog implements RepeatSet {
  private entries = new Uint32Array(3 * 1024);
  private used = 0;

  add(high: number, low: number, line: number): number {
    if (this.used + 3 > this.entries.length) {
      const grown = new Uint32Array(this.entries.length * 2);
      grown.set(this.entries);
      this.entries = grown;
    }
    this.entries[this.used++] = high;
    this.entries[this.used++] = low;
    this.entries[this.used++] = line;
    return 0;
  }

  /** The entries since the last take (high, low, line triples), and an empty log. */
  take(): Uint32Array {
    const taken = this.entries.slice(0, this.used);
    this.used = 0;
    return taken;
  }
}

/**
 * Adds a scan thread's logged entries to the set, in their order; `repeated(line, first)` for each value
 * seen before.
 */
export function addLogged(
  set: RepeatSet,
  entries: Uint32Array,
  repeated: (line: number, first: number) => void,
): void {
  for (let i = 0; i < entries.length; i += 3) {
    const line = entries[i + 2];
    const first = set.add(entries[i], entries[i + 1], line);
    if (first) repeated(line, first);
  }
}

/**
 * Two 32-bit hashes of a string in one pass (FNV-style mixing with two seeds and a final avalanche), and
 * of a number by its float64 bits. Equal values always give equal pairs; `hashPair` holds the last result
 * (a property, not exported `let`s: bundlers turn live bindings into a getter call per read).
 */
export const hashPair = { high: 0, low: 0 };

export function hashText(text: string): void {
  let h1 = 0x2f6b3a71;
  let h2 = 0x6c8e9cf5;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  hashPair.high = fmix(h1 ^ text.length) >>> 0;
  hashPair.low = fmix(h2 ^ text.length) >>> 0;
}

/** The pair of a byte range (CSV fields: hashed as they are written, without decoding). */
export function hashBytesPair(buf: Uint8Array, start: number, end: number): void {
  let h1 = 0x2f6b3a71;
  let h2 = 0x6c8e9cf5;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  hashPair.high = fmix(h1 ^ (end - start)) >>> 0;
  hashPair.low = fmix(h2 ^ (end - start)) >>> 0;
}

const numberView = new DataView(new ArrayBuffer(8));

export function hashNumberPair(value: number): void {
  numberView.setFloat64(0, value === 0 ? 0 : value);
  const a = numberView.getUint32(0);
  const b = numberView.getUint32(4);
  hashPair.high = fmix(Math.imul(a, 0xcc9e2d51) ^ b) >>> 0;
  hashPair.low = fmix(Math.imul(b, 0x1b873593) ^ a ^ 0x5bd1e995) >>> 0;
}

/** Combines the current pair into an accumulator (for tuples: primary keys, whole rows). */
export class TupleHash {
  high = 0x12345678;
  low = 0x9abcdef0;

  reset(): void {
    this.high = 0x12345678;
    this.low = 0x9abcdef0;
  }

  mix(): void {
    this.high = fmix(Math.imul(this.high, 31) ^ hashPair.high) >>> 0;
    this.low = fmix(Math.imul(this.low ^ 0x27d4eb2d, 37) ^ hashPair.low) >>> 0;
  }
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
