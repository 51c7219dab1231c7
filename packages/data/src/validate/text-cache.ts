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

/** Never written: `add` replaces it with a cache's own map first (clearing it is a no-op). */
const NO_ENTRIES = new Map<number, Entry>();

export class TextCache {
  /** The shared empty map until the first entry (a wide file has a cache per column). */
  private entries = NO_ENTRIES;
  private lookups = 0;
  private hits = 0;
  enabled = true;

  /** The cached entry for these bytes, or undefined (then call `add` with the decoded text). */
  get(buf: Uint8Array, start: number, end: number): CachedText | undefined {
    const length = end - start;
    if (length > MAX_BYTES) return undefined;
    this.lookups++;
    if (this.lookups === TRIAL && this.hits < TRIAL * MIN_HIT_RATE) {
      this.enabled = false;
      this.entries.clear();
      return undefined;
    }
    let hash = length;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ buf[i], 0x01000193);
    this.lastHash = hash;
    const entry = this.entries.get(hash);
    if (entry === undefined) return undefined;
    const bytes = entry.bytes;
    if (bytes.length !== length) return undefined;
    for (let i = 0; i < length; i++) if (bytes[i] !== buf[start + i]) return undefined;
    this.hits++;
    return entry;
  }

  private lastHash = 0;

  /** Remembers a value just looked up with `get` (same bytes), while there is room. */
  add(buf: Uint8Array, start: number, end: number, value: CachedText): void {
    if (end - start > MAX_BYTES || this.entries.size >= MAX_ENTRIES || this.entries.has(this.lastHash))
      return;
    // A copy: a view (Buffer#slice) would keep the whole chunk alive, and a scan thread hands its chunks back.
    if (this.entries === NO_ENTRIES) this.entries = new Map();
    this.entries.set(this.lastHash, { ...value, bytes: Uint8Array.prototype.slice.call(buf, start, end) });
  }
}
