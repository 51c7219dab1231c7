/**
 * A per-column cache of the text values seen most: from a field's bytes straight to its decoded string
 * and to everything computed from it (parsed value, constraint verdict, hash), without decoding again.
 * Categorical columns repeat a few values millions of times; this keeps them off the allocator and the
 * garbage collector. A column whose values rarely repeat turns its cache off after a trial period.
 */

import type { KnownText } from '../profile/column.js';
import type { Verdict } from './rules.js';

export interface CachedText extends KnownText {
  text: string;
  /** Whatever the column computed for this text (its parse and check results). */
  parsed: unknown;
  failed: Verdict[] | undefined;
  /** A value class index (auto-typed columns). */
  valueClass: number;
  /** hashString(text), for the distinct-count sketch. */
  hash: number;
  /** Length in characters (code points). */
  length: number;
}

interface Entry extends CachedText {
  bytes: Uint8Array;
}

const MAX_ENTRIES = 4096;
const MAX_BYTES = 64;
/** Lookups before judging the hit rate, and the rate below which the cache turns itself off. */
const TRIAL = 50_000;
const MIN_HIT_RATE = 0.5;
/** Slots of the first table, made on the first `add` (it doubles while more than half full, up to 2 × MAX_ENTRIES). */
const FIRST_SLOTS = 16;
/** The table of a cache that holds nothing yet: shared, never written (a wide file's columns allocate none). */
const NO_HASHES = new Int32Array(0);
const NO_SLOTS: (Entry | undefined)[] = [];

/**
 * An open-addressing table keyed by a hash of the bytes (linear probing): a lookup allocates nothing, where a Map
 * keyed by a 32-bit hash boxes every key outside the small-integer range.
 */
export class TextCache {
  private hashes = NO_HASHES;
  private slots = NO_SLOTS;
  private size = 0;
  private lookups = 0;
  private hits = 0;
  /** The hash and the empty slot of the last lookup that missed, for `add`. */
  private lastHash = 0;
  private lastSlot = -1;
  enabled = true;

  /** The cached entry for these bytes, or undefined (then call `add` with the decoded text). */
  get(buf: Uint8Array, start: number, end: number): CachedText | undefined {
    const length = end - start;
    this.lastSlot = -1;
    if (length > MAX_BYTES) return undefined;
    this.lookups++;
    if (this.lookups === TRIAL && this.hits < TRIAL * MIN_HIT_RATE) {
      this.enabled = false;
      this.hashes = NO_HASHES;
      this.slots = NO_SLOTS;
      this.size = 0;
      return undefined;
    }
    let hash = length;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ buf[i], 0x01000193);
    const slots = this.slots;
    const hashes = this.hashes;
    this.lastHash = hash;
    if (slots.length === 0) {
      this.lastSlot = 0;
      return undefined;
    }
    const mask = slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot];
      if (entry === undefined) {
        this.lastSlot = slot;
        return undefined;
      }
      if (hashes[slot] === hash && sameBytes(entry.bytes, buf, start, length)) {
        this.hits++;
        return entry;
      }
    }
  }

  /** Remembers a value just looked up with `get` (same bytes), while there is room. */
  add(buf: Uint8Array, start: number, end: number, value: CachedText): void {
    if (!this.enabled || this.lastSlot < 0 || this.size >= MAX_ENTRIES) return;
    // A copy: a view (Buffer#slice) would keep the whole chunk alive, and a scan thread hands its chunks back.
    const entry: Entry = { ...value, bytes: Uint8Array.prototype.slice.call(buf, start, end) };
    if (2 * (this.size + 1) > this.slots.length) {
      this.grow();
      this.insert(this.lastHash, entry);
    } else this.place(this.lastSlot, this.lastHash, entry);
    this.lastSlot = -1;
  }

  private grow(): void {
    const { hashes, slots } = this;
    const size = Math.max(FIRST_SLOTS, slots.length * 2);
    this.hashes = new Int32Array(size);
    this.slots = new Array<Entry | undefined>(size).fill(undefined);
    this.size = 0;
    for (let slot = 0; slot < slots.length; slot++) {
      const entry = slots[slot];
      if (entry !== undefined) this.insert(hashes[slot], entry);
    }
  }

  private insert(hash: number, entry: Entry): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== undefined) slot = (slot + 1) & mask;
    this.place(slot, hash, entry);
  }

  private place(slot: number, hash: number, entry: Entry): void {
    this.hashes[slot] = hash;
    this.slots[slot] = entry;
    this.size++;
  }
}

function sameBytes(bytes: Uint8Array, buf: Uint8Array, start: number, length: number): boolean {
  if (bytes.length !== length) return false;
  for (let i = 0; i < length; i++) if (bytes[i] !== buf[start + i]) return false;
  return true;
}

/** A text of a fixed set found by its bytes: what the column makes of it was settled when the set was made. */
export interface FixedText extends KnownText {
  text: string;
  bytes: Uint8Array;
}

/**
 * A small fixed set of texts (the allowed values of an enum), found from a cell's bytes by its length and three of
 * its bytes, then compared byte for byte: no hash over every byte, no string. Cells not in the set go the usual
 * way (TextCache).
 */
export class FixedTexts {
  private readonly slots: (FixedText | undefined)[];
  private readonly mask: number;

  constructor(readonly entries: FixedText[]) {
    let size = 8;
    while (size < 4 * entries.length) size *= 2;
    this.slots = new Array<FixedText | undefined>(size).fill(undefined);
    this.mask = size - 1;
    for (const entry of entries) {
      const bytes = entry.bytes;
      let slot = this.slotOf(bytes, 0, bytes.length);
      while (this.slots[slot] !== undefined) slot = (slot + 1) & this.mask;
      this.slots[slot] = entry;
    }
  }

  /** The entry whose bytes are buf[start, end), if any. */
  find(buf: Uint8Array, start: number, end: number): FixedText | undefined {
    const length = end - start;
    const slots = this.slots;
    for (let slot = this.slotOf(buf, start, end); ; slot = (slot + 1) & this.mask) {
      const entry = slots[slot];
      if (entry === undefined || sameBytes(entry.bytes, buf, start, length)) return entry;
    }
  }

  private slotOf(buf: Uint8Array, start: number, end: number): number {
    const length = end - start;
    const key =
      length === 0
        ? 0
        : (length << 24) ^ (buf[start] << 16) ^ (buf[start + (length >> 1)] << 8) ^ buf[end - 1];
    return (Math.imul(key, 0x9e3779b1) >>> 16) & this.mask;
  }
}
