/** Frequent values of a column by Misra-Gries counting, mergeable (Agarwal et al. 2012). */

import { InputDataError } from '@mlgate/core/errors';
import { EMPTY_FLOAT64 } from './empty.js';
import { expectCount, expectSketch } from './json.js';

const KIND = 'topk';
const VERSION = 1;

/** Default number of values guaranteed to be tracked. */
export const DEFAULT_TOPK_CAPACITY = 64;

/**
 * Where a caller last found a value in the table, so that a value it sees again (a cached text) is counted without
 * looking it up: valid while the table's epoch is unchanged (slots move only when it prunes or clears).
 */
export interface TopKHint {
  topSlot: number;
  topEpoch: number;
}

/** Epochs of all sketches, so that a hint taken from one sketch is never valid in another. */
let nextEpoch = 0;

/** One tracked value with its (estimated) count. */
export interface TopKItem {
  value: string;
  count: number;
}

/** The JSON form of {@link TopK}: items sorted by count descending, then value. */
export interface TopKJson {
  kind: 'topk';
  version: 1;
  capacity: number;
  total: number;
  /** Sum of all thresholds subtracted so far: the most any count can be under its true value. */
  decremented: number;
  items: TopKItem[];
  /**
   * Present when tracking stopped because the column is near unique (see {@link TopK.stop}): how many values were
   * counted before it stopped (in a merge, the sum of the parts' counts). `items` is then empty.
   */
  stoppedAfter?: number;
}

/**
 * Misra-Gries frequent items. The table holds up to 2·capacity counters; when a new value would make it hold more,
 * the (capacity + 1)-th largest count is subtracted from every counter and those left ≤ 0 are dropped, so at most
 * `capacity` survive (amortised O(1) per add: one O(capacity log capacity) pruning per ≥ capacity new values).
 *
 * Guarantees: every estimated count c satisfies true − `decremented` ≤ c ≤ true, a value missing from the table
 * occurred at most `decremented` times, and `decremented` ≤ total / (capacity + 1). While nothing was ever
 * subtracted (`isExact`), the counts are exact and the items are the column's complete distribution.
 *
 * A column whose values are near unique (ids, free text) only churns the table: every value is new, so every value is
 * appended and pruned again. The profile then calls `stop()`: the table is dropped, later values are only counted in
 * `total`, and the sketch says so (`stopped`, `stoppedAfter`). A stopped sketch merged with any other is stopped.
 */
/** Never written: `append` replaces it with a table's own map first (clearing it is a no-op). */
const NO_SLOTS = new Map<string, number>();

export class TopK {
  readonly capacity: number;
  /** Number of values added (including those no longer tracked). */
  total = 0;
  /** Sum of the thresholds subtracted by prunings. */
  decremented = 0;
  /** Value → slot; the shared empty map until the first value is tracked (a wide file has a table per column). */
  private slots = NO_SLOTS;
  private values: string[] = [];
  private counts: Float64Array;
  private size = 0;
  private scratch: Float64Array;
  /** Values counted before tracking stopped; undefined while it tracks. */
  private stoppedCount: number | undefined;
  /** Changes whenever slots move (prune, clear), and differs between sketches: other epochs' hints are stale. */
  private epoch = nextEpoch++;

  constructor(capacity: number = DEFAULT_TOPK_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 1 << 20)
      throw new RangeError(`TopK: capacity must be an integer in [1, 2^20], got ${capacity}`);
    this.capacity = capacity;
    // Both grow with the values tracked (append, prune): a column with few values costs bytes, not 2·capacity slots.
    this.counts = EMPTY_FLOAT64;
    this.scratch = EMPTY_FLOAT64;
  }

  /** True while no count was ever decremented: counts are exact and the table holds every value seen. */
  get isExact(): boolean {
    return this.decremented === 0;
  }

  /** Number of values currently tracked. */
  get tracked(): number {
    return this.size;
  }

  /** True once tracking stopped (the column is near unique): no items, `total` still counts. */
  get stopped(): boolean {
    return this.stoppedCount !== undefined;
  }

  /** Values counted before tracking stopped (undefined while it tracks). */
  get stoppedAfter(): number | undefined {
    return this.stoppedCount;
  }

  /**
   * Stops tracking: drops the table; later values only add to `total`. Once stopped, nothing is ever tracked again,
   * so the sketch cannot report a value that became frequent afterwards. The counts so far are subtracted into
   * `decremented` (every value is now untracked), which keeps the Misra-Gries bounds true.
   */
  stop(): void {
    if (this.stoppedCount !== undefined) return;
    this.stoppedCount = this.total;
    this.clear();
  }

  /** Counts a value without tracking it (the caller knows the sketch is stopped). */
  skip(): void {
    this.total++;
  }

  add(value: string): void {
    this.total++;
    if (this.stoppedCount !== undefined) return;
    const slot = this.slots.get(value);
    if (slot !== undefined) {
      this.counts[slot]++;
      return;
    }
    this.append(value, 1);
    if (this.size > 2 * this.capacity) this.prune();
  }

  /** add(value) for a caller that remembers where the value sits (`hint`, updated here): same result, no lookup. */
  addHinted(value: string, hint: TopKHint): void {
    if (hint.topEpoch === this.epoch) {
      this.total++;
      this.counts[hint.topSlot]++;
      return;
    }
    this.add(value);
    const slot = this.stoppedCount === undefined ? this.slots.get(value) : undefined;
    hint.topSlot = slot ?? -1;
    hint.topEpoch = slot === undefined ? -1 : this.epoch;
  }

  /** The estimated count of `value` (0 if not tracked). */
  count(value: string): number {
    const slot = this.slots.get(value);
    return slot === undefined ? 0 : this.counts[slot];
  }

  /** Folds `other` into this: counters are summed, then pruned once if the table holds more than 2·capacity. */
  merge(other: TopK): this {
    if (this.stopped || other.stopped) {
      this.stoppedCount = (this.stoppedCount ?? this.total) + (other.stoppedCount ?? other.total);
      this.total += other.total;
      this.decremented = this.total;
      this.clear();
      return this;
    }
    this.total += other.total;
    this.decremented += other.decremented;
    for (let i = 0; i < other.size; i++) {
      const value = other.values[i];
      const slot = this.slots.get(value);
      if (slot !== undefined) this.counts[slot] += other.counts[i];
      else this.append(value, other.counts[i]);
    }
    if (this.size > 2 * this.capacity) this.prune();
    return this;
  }

  /** Tracked values by count descending, then value (UTF-16 code-unit order); at most `limit` of them. */
  items(limit: number = this.capacity): TopKItem[] {
    const out: TopKItem[] = [];
    for (let i = 0; i < this.size; i++) out.push({ value: this.values[i], count: this.counts[i] });
    out.sort(compareItems);
    return out.length > limit ? out.slice(0, Math.max(0, limit)) : out;
  }

  toJSON(): TopKJson {
    return {
      kind: KIND,
      version: VERSION,
      capacity: this.capacity,
      total: this.total,
      decremented: this.decremented,
      items: this.items(this.size),
      ...(this.stoppedCount !== undefined ? { stoppedAfter: this.stoppedCount } : {}),
    };
  }

  static fromJSON(value: unknown): TopK {
    const obj = expectSketch(value, KIND, VERSION);
    const capacity = expectCount(obj, 'capacity', KIND);
    if (capacity < 1 || capacity > 1 << 20)
      throw new InputDataError(`${KIND}: capacity ${capacity} is out of range`);
    const sketch = new TopK(capacity);
    sketch.total = expectCount(obj, 'total', KIND);
    sketch.decremented = expectCount(obj, 'decremented', KIND);
    if (!Array.isArray(obj.items) || obj.items.length > 2 * capacity)
      throw new InputDataError(`${KIND}: "items" must be an array of at most ${2 * capacity} items`);
    let sum = 0;
    for (const item of obj.items as unknown[]) {
      const { value: v, count: c } = (item ?? {}) as Record<string, unknown>;
      if (typeof v !== 'string' || typeof c !== 'number' || !Number.isInteger(c) || c <= 0)
        throw new InputDataError(`${KIND}: each item must be {value: string, count: positive integer}`);
      if (sketch.slots.has(v)) throw new InputDataError(`${KIND}: value ${JSON.stringify(v)} appears twice`);
      sketch.append(v, c);
      sum += c;
    }
    if (sum > sketch.total) throw new InputDataError(`${KIND}: item counts add up to more than total`);
    if (obj.stoppedAfter !== undefined) {
      const after = expectCount(obj, 'stoppedAfter', KIND);
      if (after > sketch.total || sketch.size > 0)
        throw new InputDataError(`${KIND}: a stopped sketch has no items and stoppedAfter ≤ total`);
      sketch.stoppedCount = after;
    }
    return sketch;
  }

  /** Drops every counter: all values so far count as decremented (untracked). */
  private clear(): void {
    this.epoch = nextEpoch++;
    this.decremented = this.total;
    this.slots.clear();
    this.values = [];
    this.size = 0;
  }

  private append(value: string, count: number): void {
    if (this.size === this.counts.length) {
      // Doubling, but to no more than a full table (2·capacity + 1) until a merge needs more.
      const grown = new Float64Array(
        Math.max(this.size + 1, Math.min(Math.max(8, 2 * this.size), 2 * this.capacity + 1)),
      );
      grown.set(this.counts);
      this.counts = grown;
    }
    if (this.slots === NO_SLOTS) this.slots = new Map();
    const slot = this.size++;
    this.values[slot] = value;
    this.counts[slot] = count;
    this.slots.set(value, slot);
  }

  /** Subtracts the (capacity + 1)-th largest count from every counter and drops those left ≤ 0. */
  private prune(): void {
    const size = this.size;
    if (this.scratch.length < size) this.scratch = new Float64Array(this.counts.length);
    const sorted = this.scratch.subarray(0, size);
    sorted.set(this.counts.subarray(0, size));
    sorted.sort();
    const threshold = sorted[size - 1 - this.capacity];
    this.decremented += threshold;
    this.epoch = nextEpoch++;
    this.slots.clear();
    let kept = 0;
    for (let i = 0; i < size; i++) {
      const count = this.counts[i] - threshold;
      if (count > 0) {
        const value = this.values[i];
        this.values[kept] = value;
        this.counts[kept] = count;
        this.slots.set(value, kept);
        kept++;
      }
    }
    this.values.length = kept; // release the dropped strings
    this.size = kept;
  }
}

function compareItems(a: TopKItem, b: TopKItem): number {
  if (a.count !== b.count) return b.count - a.count;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}
