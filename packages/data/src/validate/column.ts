/**
 * One column while the data streams: parses each value as the contract's type (from CSV bytes or from a
 * JSON/Parquet value), checks its constraints, records failures with file and line, and profiles it.
 */
import { ESCAPED, fieldText, PLAIN } from '../readers/csv.js';
import { hashString } from '../sketch/index.js';
import { lastDecimal, parseDecimal, parseIsoDate, parseIsoDatetime } from '../readers/bytes.js';
import { ColumnProfile } from '../profile/column.js';
import { classIndex, classifyValue } from './classify.js';
import { FailureLogs } from './failures.js';
import { HashSet64, hashNumberPair, hashPair, hashText } from './unique.js';
import type { FieldRules } from './rules.js';
import { INVALID } from './rules.js';
import { TextCache, type CachedText } from './text-cache.js';

/** A cached text that is one of the field's missing values. */
const MISSING = Symbol('missing');

export class ColumnValidator {
  readonly profile: ColumnProfile;
  readonly failures = new FailureLogs();
  /** Rows that reached this column (rows where a JSON record lacks the key are added as nulls at the end). */
  seen = 0;
  /** Rows where the column was present at all (a CSV header names it, or a record has the key). */
  present = 0;
  private readonly unique: HashSet64 | undefined;
  private readonly cache = new TextCache();

  constructor(
    readonly name: string,
    readonly rules: FieldRules | undefined,
    histogramEdges: number[] | undefined,
  ) {
    this.profile = new ColumnProfile(name, rules?.type ?? 'auto', histogramEdges);
    if (rules?.unique) this.unique = new HashSet64();
  }

  /** A CSV cell, as byte offsets into buf. */
  addBytes(buf: Buffer, start: number, end: number, quoted: number, file: string, line: number): void {
    this.seen++;
    this.present++;
    const profile = this.profile;
    profile.count++;
    const rules = this.rules;
    if (start === end && quoted === PLAIN && (!rules || rules.emptyIsMissing))
      return this.addNull(file, line);
    if (!rules) {
      const x = parseDecimal(buf, start, end);
      if (!Number.isNaN(x)) {
        profile.classes[lastDecimal.integer ? 0 : 1]++;
        profile.addNumber(x);
        return;
      }
      const cached = this.cachedText(buf, start, end, quoted);
      profile.classes[cached.valueClass]++;
      profile.addHashedText(cached.text, cached.hash);
      return;
    }
    let value: unknown;
    switch (rules.fastPath) {
      case 'number':
      case 'integer': {
        const x = parseDecimal(buf, start, end);
        if (!Number.isNaN(x) && (rules.fastPath === 'number' || lastDecimal.integer)) value = x;
        break;
      }
      case 'date': {
        const x = parseIsoDate(buf, start, end);
        if (!Number.isNaN(x)) value = x;
        break;
      }
      case 'datetime': {
        const x = parseIsoDatetime(buf, start, end);
        if (!Number.isNaN(x)) value = x;
        break;
      }
      case 'none': {
        // Text-typed values (strings, booleans, custom formats): parsed and checked once per distinct value.
        const cached = this.cachedText(buf, start, end, quoted);
        if (cached.parsed === MISSING) return this.addNull(file, line);
        return this.addChecked(cached.parsed, cached.failed, cached.text, cached.hash, file, line);
      }
    }
    if (value === undefined) {
      const text = fieldText(buf, start, end, quoted);
      if (rules.isMissing(text)) return this.addNull(file, line);
      value = rules.parse(text);
      return this.addChecked(
        value,
        value === INVALID ? undefined : rules.check(value),
        text,
        undefined,
        file,
        line,
      );
    }
    this.addChecked(value, rules.check(value), undefined, undefined, file, line, buf, start, end, quoted);
  }

  /** The decoded text of a field and what the column makes of it, from the cache when it repeats. */
  private cachedText(buf: Buffer, start: number, end: number, quoted: number): CachedText {
    const cache = this.cache;
    const cacheable = cache.enabled && quoted !== ESCAPED;
    if (cacheable) {
      const hit = cache.get(buf, start, end);
      if (hit) return hit;
    }
    const text = fieldText(buf, start, end, quoted);
    const rules = this.rules;
    let parsed: unknown = text;
    let failed: CachedText['failed'];
    if (rules) {
      if (rules.isMissing(text)) parsed = MISSING;
      else {
        parsed = rules.parse(text);
        if (parsed !== INVALID) failed = rules.check(parsed);
      }
    }
    const entry: CachedText = {
      text,
      parsed,
      failed,
      valueClass: rules ? 0 : classifyValue(text),
      hash: hashString(typeof parsed === 'boolean' ? String(parsed) : text),
    };
    if (cacheable) cache.add(buf, start, end, entry);
    return entry;
  }

  /** A value from a JSON or Parquet record; undefined and null are missing. */
  addValue(raw: unknown, file: string, line: number): void {
    this.seen++;
    if (raw !== undefined) this.present++;
    const profile = this.profile;
    profile.count++;
    if (raw === null || raw === undefined) return this.addNull(file, line);
    const rules = this.rules;
    if (!rules) {
      if (typeof raw === 'number') {
        profile.classes[Number.isInteger(raw) ? 0 : 1]++;
        profile.addNumber(raw);
        return;
      }
      if (typeof raw === 'boolean') {
        profile.classes[classIndex.boolean]++;
        profile.addText(raw ? 'true' : 'false');
        return;
      }
      return this.addAutoText(typeof raw === 'string' ? raw : JSON.stringify(raw));
    }
    if (typeof raw === 'string' && rules.isMissing(raw)) return this.addNull(file, line);
    const value = rules.coerce(raw);
    this.addChecked(
      value,
      value === INVALID ? undefined : rules.check(value),
      undefined,
      undefined,
      file,
      line,
      undefined,
      0,
      0,
      0,
      raw,
    );
  }

  /** Rows where the column was absent (JSON records without the key) count as nulls. */
  addMissingRows(count: number): void {
    this.profile.count += count;
    this.profile.nulls += count;
  }

  private addNull(file: string, line: number): void {
    this.profile.nulls++;
    if (this.rules?.required) this.failures.add('required', file, line, undefined, 'missing value');
  }

  private addAutoText(text: string): void {
    const profile = this.profile;
    profile.classes[classifyValue(text)]++;
    profile.addText(text);
  }

  /**
   * A parsed value (or INVALID) with its constraint verdict: counted, profiled, checked for uniqueness.
   * The text shown for failures is made only when one happens.
   */
  private addChecked(
    value: unknown,
    failed: { constraint: string; message: string } | undefined,
    text: string | undefined,
    hash: number | undefined,
    file: string,
    line: number,
    buf?: Buffer,
    start = 0,
    end = 0,
    quoted = 0,
    raw?: unknown,
  ): void {
    const rules = this.rules!;
    const profile = this.profile;
    if (value === INVALID) {
      profile.invalid++;
      const shown = text ?? shownText(buf, start, end, quoted, raw);
      this.failures.add('type', file, line, shown, `not a valid ${rules.typeLabel}`);
      return;
    }
    if (failed !== undefined)
      this.failures.add(
        failed.constraint,
        file,
        line,
        text ?? shownText(buf, start, end, quoted, raw),
        failed.message,
      );
    if (typeof value === 'number') {
      profile.addNumber(value);
      if (this.unique) {
        hashNumberPair(value);
        this.checkUnique(file, line, text, buf, start, end, quoted, raw);
      }
      return;
    }
    const label =
      typeof value === 'string'
        ? value
        : typeof value === 'boolean'
          ? String(value)
          : (text ?? shownText(buf, start, end, quoted, raw));
    profile.addHashedText(label, hash ?? hashString(label));
    if (this.unique) {
      hashText(label);
      this.checkUnique(file, line, text, buf, start, end, quoted, raw);
    }
  }

  private checkUnique(
    file: string,
    line: number,
    text: string | undefined,
    buf: Buffer | undefined,
    start: number,
    end: number,
    quoted: number,
    raw: unknown,
  ): void {
    const first = this.unique!.add(hashPair.high, hashPair.low, line);
    if (first)
      this.failures.add(
        'unique',
        file,
        line,
        text ?? shownText(buf, start, end, quoted, raw),
        `duplicate of line ${first}`,
      );
  }
}

/** A value as text for a failure sample: the CSV field, or the JSON value as written. */
function shownText(
  buf: Buffer | undefined,
  start: number,
  end: number,
  quoted: number,
  raw: unknown,
): string {
  if (buf) return fieldText(buf, start, end, quoted);
  return typeof raw === 'string' ? raw : (JSON.stringify(raw) ?? String(raw));
}
