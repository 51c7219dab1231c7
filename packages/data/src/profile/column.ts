/**
 * The profile of one column: counts, moments, a quantile sketch, a distinct-count sketch, frequent
 * values and (when a reference fixed the bins) a histogram. Every part merges, so shard profiles merge
 * into the profile of the whole dataset.
 */
import {
  FrozenHistogram,
  HyperLogLog,
  KllSketch,
  Moments,
  TopK,
  hashNumber,
  hashString,
  type TopKHint,
} from '../sketch/index.js';
import { VALUE_CLASSES, type ColumnProfileJson, type ValueClass } from '@mlgate/core/data-profile';

export type ProfileKind = 'numeric' | 'categorical';

/**
 * A text value the caller has seen before and keeps (a cached text, a boolean): its hash and length, where the
 * frequent-value sketch holds it, and whether its hash is already in the distinct-count sketch (adding a hash again
 * cannot change a HyperLogLog, whose registers only grow, so it is added once).
 */
export interface KnownText extends TopKHint {
  hash: number;
  length: number;
  distinctAdded: boolean;
}

/**
 * Frequent-value tracking stops on a column that is evidently near unique (ids, free text), where Misra-Gries only
 * churns: at 2^16 tracked values, and again at every doubling, it stops when (1) the table is no longer exact
 * (more distinct values than it holds), (2) the distinct-count sketch estimates at least 90 % of the values
 * distinct, and (3) the most frequent value's estimated share is below 1 %: what drift calls near unique
 * (validate/drift.ts, HIGH_CARDINALITY_SHARE), so drift leaves the column out exactly as it did when tracking ran
 * to the end. The profile says so (`topValuesStopped`: values counted before it stopped).
 */
export const NEAR_UNIQUE_FIRST_CHECK = 1 << 16;
export const NEAR_UNIQUE_DISTINCT_SHARE = 0.9;
export const NEAR_UNIQUE_TOP_SHARE = 0.01;

export class ColumnProfile {
  count = 0;
  nulls = 0;
  /** Non-null values that do not parse as the declared type. */
  invalid = 0;
  /** Non-finite numbers (NaN, ±INF) seen: counted, kept out of the moments and sketches. */
  nonFinite = 0;
  /** Non-null values by what they look like (for --infer and auto-typed columns). */
  readonly classes = new Float64Array(VALUE_CLASSES.length);
  moments = new Moments();
  quantiles = new KllSketch();
  distinct = new HyperLogLog();
  top = new TopK();
  lengths = new Moments();
  histogram: FrozenHistogram | undefined;
  /** Date/datetime columns: counts by UTC hour of day (24, datetimes) then day of week (7, Monday first). */
  calendar: Float64Array | undefined;
  /** The tracked-value count at which the near-unique test runs next. */
  private nextUniqueCheck = NEAR_UNIQUE_FIRST_CHECK;

  constructor(
    readonly name: string,
    /** The declared Table Schema type, or "auto" when no contract declares the column. */
    readonly type: string,
    histogramEdges?: number[],
  ) {
    if (histogramEdges) this.histogram = new FrozenHistogram(histogramEdges);
    if (type === 'date' || type === 'datetime') this.calendar = new Float64Array(HOURS + DAYS);
  }

  /** Numeric columns get drift by PSI/Wasserstein, the rest by Jensen-Shannon over frequent values. */
  get kind(): ProfileKind {
    if (this.type === 'auto')
      return this.moments.count > 0 && this.moments.count >= this.top.total ? 'numeric' : 'categorical';
    return NUMERIC_TYPES.has(this.type) ? 'numeric' : 'categorical';
  }

  addNumber(value: number): void {
    if (!Number.isFinite(value)) {
      this.nonFinite++;
      return;
    }
    this.moments.add(value);
    this.quantiles.update(value);
    this.distinct.addHash(hashNumber(value));
    if (this.histogram) this.histogram.add(value);
    if (this.calendar) this.addCalendar(value);
  }

  /** Dates are epoch days, datetimes epoch milliseconds (UTC); 1970-01-01 was a Thursday (Monday = 0). */
  private addCalendar(value: number): void {
    const calendar = this.calendar!;
    const days = this.type === 'date' ? value : Math.floor(value / DAY_MS);
    if (this.type === 'datetime') calendar[Math.floor((value - days * DAY_MS) / HOUR_MS)]++;
    calendar[HOURS + ((((days + 3) % DAYS) + DAYS) % DAYS)]++;
  }

  /** The calendar part's counts: 24 hours or 7 days; undefined when the column keeps none. */
  calendarCounts(part: 'hourOfDay' | 'dayOfWeek'): Float64Array | undefined {
    if (!this.calendar) return undefined;
    if (part === 'dayOfWeek') return this.calendar.subarray(HOURS);
    return this.type === 'datetime' ? this.calendar.subarray(0, HOURS) : undefined;
  }

  addText(value: string): void {
    this.addHashedText(value, hashString(value), codePointLength(value));
  }

  /** addText with the value's hashString and length already known (cached by the caller, with its TopK hint). */
  addHashedText(value: string, hash: number, length: number, hint?: TopKHint): void {
    const top = this.top;
    if (hint) top.addHinted(value, hint);
    else top.add(value);
    this.distinct.addHash(hash);
    this.lengths.add(length);
    if (top.total >= this.nextUniqueCheck) this.checkNearUnique();
  }

  /** addHashedText of a text the caller keeps (`known`): the same result with less work. */
  addKnownText(value: string, known: KnownText, trackFrequent: boolean): void {
    const top = this.top;
    if (!known.distinctAdded) {
      this.distinct.addHash(known.hash);
      known.distinctAdded = true;
    }
    this.lengths.add(known.length);
    if (!trackFrequent) {
      if (top.stopped) top.skip();
      return;
    }
    top.addHinted(value, known);
    if (top.total >= this.nextUniqueCheck) this.checkNearUnique();
  }

  /**
   * A text value's distinct count and length only: columns that do not track frequent values, or whose tracking
   * stopped (then the value is still counted in the frequent-value sketch's total).
   */
  addTextStats(hash: number, length: number): void {
    this.distinct.addHash(hash);
    this.lengths.add(length);
    if (this.top.stopped) this.top.skip();
  }

  /** Whether frequent-value tracking has stopped on this column (it is near unique): its texts need no string. */
  get topStopped(): boolean {
    return this.top.stopped;
  }

  /** Stops frequent-value tracking when the column is evidently near unique (NEAR_UNIQUE_FIRST_CHECK). */
  private checkNearUnique(): void {
    const top = this.top;
    this.nextUniqueCheck = 2 * top.total;
    if (top.isExact || top.stopped) return;
    const values = top.total + this.moments.count;
    if (this.distinct.estimate() < NEAR_UNIQUE_DISTINCT_SHARE * values) return;
    const first = top.items(1)[0];
    if (first && first.count >= NEAR_UNIQUE_TOP_SHARE * top.total) return;
    top.stop();
    this.nextUniqueCheck = Infinity;
  }

  /** Rows in which this column was absent (another shard's rows): nulls. */
  addMissing(rows: number): void {
    this.count += rows;
    this.nulls += rows;
  }

  merge(other: ColumnProfile): void {
    this.count += other.count;
    this.nulls += other.nulls;
    this.invalid += other.invalid;
    this.nonFinite += other.nonFinite;
    for (let i = 0; i < this.classes.length; i++) this.classes[i] += other.classes[i];
    this.moments.merge(other.moments);
    this.quantiles.merge(other.quantiles);
    this.distinct.merge(other.distinct);
    this.top.merge(other.top);
    this.lengths.merge(other.lengths);
    if (this.calendar && other.calendar)
      for (let i = 0; i < this.calendar.length; i++) this.calendar[i] += other.calendar[i];
    else this.calendar = undefined;
    if (this.histogram && other.histogram && sameEdges(this.histogram.edges, other.histogram.edges))
      this.histogram.merge(other.histogram);
    else this.histogram = undefined;
  }

  toJSON(): ColumnProfileJson {
    const classes: Partial<Record<ValueClass, number>> = {};
    VALUE_CLASSES.forEach((name, i) => {
      if (this.classes[i] > 0) classes[name] = this.classes[i];
    });
    const json: ColumnProfileJson = {
      name: this.name,
      type: this.type,
      kind: this.kind,
      count: this.count,
      nulls: this.nulls,
      invalid: this.invalid,
      nonFinite: this.nonFinite,
      classes,
      summary: this.summary(),
      moments: this.moments.toJSON(),
      quantiles: this.quantiles.toJSON(),
      distinct: this.distinct.toJSON(),
      top: this.top.toJSON(),
      lengths: this.lengths.toJSON(),
    };
    if (this.histogram)
      json.histogram = { edges: [...this.histogram.edges], counts: [...this.histogram.counts] };
    if (this.calendar)
      json.calendar = {
        ...(this.type === 'datetime' ? { hourOfDay: [...this.calendar.subarray(0, HOURS)] } : {}),
        dayOfWeek: [...this.calendar.subarray(HOURS)],
      };
    return json;
  }

  static fromJSON(json: ColumnProfileJson): ColumnProfile {
    const column = new ColumnProfile(json.name, json.type, json.histogram?.edges);
    column.count = json.count;
    column.nulls = json.nulls;
    column.invalid = json.invalid;
    column.nonFinite = json.nonFinite;
    VALUE_CLASSES.forEach((name, i) => (column.classes[i] = json.classes[name] ?? 0));
    column.moments = Moments.fromJSON(json.moments);
    column.quantiles = KllSketch.fromJSON(json.quantiles);
    column.distinct = HyperLogLog.fromJSON(json.distinct);
    column.top = TopK.fromJSON(json.top);
    column.lengths = Moments.fromJSON(json.lengths);
    if (json.histogram && column.histogram) column.histogram.counts.set(json.histogram.counts);
    if (column.calendar) {
      // A profile written before calendar counts existed has none: comparing its zeros would be wrong.
      if (!json.calendar) column.calendar = undefined;
      else {
        if (json.calendar.hourOfDay) column.calendar.set(json.calendar.hourOfDay);
        column.calendar.set(json.calendar.dayOfWeek, HOURS);
      }
    }
    return column;
  }

  /** The statistics a reader wants to see, and what `stats` bounds are checked against. */
  summary(): ColumnProfileJson['summary'] {
    const m = this.moments;
    const numeric = m.count > 0;
    const quantile = (q: number) => (numeric ? this.quantiles.quantile(q) : undefined);
    return {
      nullFraction: this.count > 0 ? this.nulls / this.count : 0,
      distinct: Math.round(this.distinct.estimate()),
      ...(numeric
        ? {
            min: m.min,
            max: m.max,
            mean: m.mean,
            std: m.count > 1 ? m.std : 0,
            p01: quantile(0.01),
            p05: quantile(0.05),
            p25: quantile(0.25),
            p50: quantile(0.5),
            p75: quantile(0.75),
            p95: quantile(0.95),
            p99: quantile(0.99),
          }
        : {}),
      ...(this.lengths.count > 0 ? { minLength: this.lengths.min, maxLength: this.lengths.max } : {}),
      ...(this.top.total > 0 && !this.top.stopped
        ? { topValues: this.top.items(10), topValuesExact: this.top.isExact }
        : {}),
      ...(this.top.stopped ? { topValuesStopped: this.top.stoppedAfter } : {}),
    };
  }
}

const HOURS = 24;
const DAYS = 7;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const NUMERIC_TYPES = new Set(['number', 'integer', 'year', 'date', 'datetime']);

function sameEdges(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Length in characters (code points), as Table Schema's minLength/maxLength count it. */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A surrogate pair is one character.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}
