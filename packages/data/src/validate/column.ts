/**
 * One column while the data streams: parses each value as the contract's type (from CSV bytes or from a
 * JSON/Parquet value), checks its constraints, records failures with file and line, and profiles it.
 */
import { matchesAscii } from '../contract/ascii-dfa.js';
import { ESCAPED, fieldText, PLAIN } from '../readers/csv.js';
import {
  hashAsciiAccepted,
  hashAsciiAt,
  hashString,
  hashUtf8Bytes,
  utf8Hashed,
  type TopKHint,
} from '../sketch/index.js';
import { lastDecimal, parseDecimal, parseIsoDate, parseIsoDatetime } from '../readers/bytes.js';
import { ColumnProfile, codePointLength, type KnownText } from '../profile/column.js';
import { classIndex, classifyValue } from './classify.js';
import { FailureLogs } from './failures.js';
import {
  addLogged,
  HashSet64,
  RepeatLog,
  hashNumberPair,
  hashPair,
  hashText,
  type RepeatSet,
} from './unique.js';
import type { FieldRules, Verdict } from './rules.js';
import { INVALID } from './rules.js';
import { FixedTexts, TextCache, type CachedText, type FixedText } from './text-cache.js';
import { CELL_BLOCK_ROWS, type CsvBlockReader } from './cell-block.js';

/** A cached text that is one of the field's missing values. */
const MISSING = Symbol('missing');

export class ColumnValidator {
  readonly profile: ColumnProfile;
  readonly failures = new FailureLogs();
  /** Rows that reached this column (rows where a JSON record lacks the key are added as nulls at the end). */
  seen = 0;
  /** Rows where the column was present at all (a CSV header names it, or a record has the key). */
  present = 0;
  /** The name is also a property of every object ("constructor", "toString"): records are read by own keys. */
  readonly inheritedName: boolean;
  private readonly unique: RepeatSet | undefined;
  /** The character length of the cached text being added (set just before addChecked). */
  private textLength = 0;
  private readonly cache = new TextCache();
  private readonly scratch: CachedText = {
    text: '',
    parsed: undefined,
    failed: undefined,
    valueClass: 0,
    hash: 0,
    length: 0,
    topSlot: -1,
    topEpoch: -1,
    distinctAdded: false,
  };
  /** The cache entry of the text being added (set just before addChecked), whose TopK hint it keeps. */
  private textHint: TopKHint | undefined;
  /** Booleans read from the bytes, known by their hash (made only for such columns: wide files). */
  private readonly knownTrue: KnownText | undefined;
  private readonly knownFalse: KnownText | undefined;
  /** An enum's allowed values that pass every check, found from the bytes (made only for such columns). */
  private readonly enumTexts: FixedTexts | undefined;

  constructor(
    readonly name: string,
    readonly rules: FieldRules | undefined,
    histogramEdges: number[] | undefined,
    /** The set of `unique` values: a scan thread logs them for the main thread's set instead. */
    newSet: () => RepeatSet = () => new HashSet64(),
  ) {
    this.profile = new ColumnProfile(name, rules?.type ?? 'auto', histogramEdges);
    this.inheritedName = name in Object.prototype;
    if (rules?.unique) this.unique = newSet();
    if (rules?.fastPath === 'boolean') {
      this.knownTrue = known(HASH_TRUE, 4);
      this.knownFalse = known(HASH_FALSE, 5);
    }
    if (rules?.enumTexts && rules.enumTexts.length <= MAX_FIXED_TEXTS) this.enumTexts = fixedTexts(rules);
  }

  /** A scan thread's logged `unique` values since the last take. */
  takeRepeats(): Uint32Array | undefined {
    return this.unique instanceof RepeatLog ? this.unique.take() : undefined;
  }

  /**
   * Values a scan thread logged for `unique`, added in file order as this column's own values are;
   * `shown(line)` is the failing value's text, asked only for the rows kept as samples.
   */
  addLoggedRepeats(entries: Uint32Array, file: string, shown: (line: number) => string): void {
    addLogged(this.unique!, entries, (line, first) => {
      const value = this.failures.wantsSample('unique') ? shown(line) : undefined;
      this.failures.add('unique', file, line, value, `duplicate of line ${first}`);
    });
  }

  /**
   * The reader of this column's CSV cells, block by block, specialised once for its rules so that no cell asks again
   * what the column is: bounded numbers, dates and datetimes parsed and checked from the bytes, booleans matched
   * from the bytes, text to the text path. Whatever a reader does not settle (an empty cell that is not missing, a
   * value not in the default format) goes to `addBytes`, which decides every cell the same way. Each kind of reader
   * is a function of its own, whose loop over the block's cells calls the same code for every cell.
   */
  csvBlockReader(): CsvBlockReader {
    const rules = this.rules;
    if (!rules || this.unique || !rules.emptyIsMissing) return this.generalBlockReader();
    switch (rules.fastPath) {
      case 'number':
      case 'integer':
      case 'date':
      case 'datetime':
        return rules.numericBounds
          ? this.numericBlockReader(rules, rules.numericBounds)
          : this.generalBlockReader();
      case 'boolean':
        return this.booleanBlockReader(rules);
      case 'none':
        if (this.enumTexts) return this.enumBlockReader(rules, this.enumTexts);
        return (block, f, file) => {
          const { buf, starts, ends, quoted, lines } = block;
          const from = f * CELL_BLOCK_ROWS;
          for (let r = 0, i = from; r < block.rows; r++, i++) {
            const start = starts[i];
            const end = ends[i];
            if (start === end && quoted[i] === PLAIN) this.addNull(file, lines[r]);
            else this.addText(buf, start, end, quoted[i], file, lines[r]);
          }
        };
    }
  }

  /**
   * Text with an enum: a cell whose bytes spell one of the allowed values (which pass every check) goes straight to
   * the profile; any other to `addText`, which decides every cell the same way.
   */
  private enumBlockReader(rules: FieldRules, texts: FixedTexts): CsvBlockReader {
    const profile = this.profile;
    const trackFrequent = rules.trackFrequent;
    return (block, f, file) => {
      const { buf, starts, ends, quoted, lines } = block;
      const from = f * CELL_BLOCK_ROWS;
      for (let r = 0, i = from; r < block.rows; r++, i++) {
        const start = starts[i];
        const end = ends[i];
        const q = quoted[i];
        if (start === end && q === PLAIN) {
          this.addNull(file, lines[r]);
          continue;
        }
        const entry = q === ESCAPED ? undefined : texts.find(buf, start, end);
        if (entry === undefined) this.addText(buf, start, end, q, file, lines[r]);
        else profile.addKnownText(entry.text, entry, trackFrequent);
      }
    };
  }

  /** Every cell to `addBytes`. */
  private generalBlockReader(): CsvBlockReader {
    return (block, f, file) => {
      const { buf, starts, ends, quoted, lines } = block;
      const from = f * CELL_BLOCK_ROWS;
      for (let r = 0, i = from; r < block.rows; r++, i++)
        this.addBytes(buf, starts[i], ends[i], quoted[i], file, lines[r]);
    };
  }

  /** Numbers, dates and datetimes in their default format whose only value constraints are bounds. */
  private numericBlockReader(
    rules: FieldRules,
    bounds: NonNullable<FieldRules['numericBounds']>,
  ): CsvBlockReader {
    const profile = this.profile;
    const { min, max, exclusiveMin, exclusiveMax } = bounds;
    const integer = rules.fastPath === 'integer';
    const parse =
      rules.fastPath === 'date'
        ? parseIsoDate
        : rules.fastPath === 'datetime'
          ? parseIsoDatetime
          : parseDecimal;
    return (block, f, file) => {
      const { buf, starts, ends, quoted, lines } = block;
      const from = f * CELL_BLOCK_ROWS;
      for (let r = 0, i = from; r < block.rows; r++, i++) {
        const start = starts[i];
        const end = ends[i];
        if (start === end && quoted[i] === PLAIN) {
          this.addNull(file, lines[r]);
          continue;
        }
        const x = parse(buf, start, end);
        if (x !== x || (integer && !lastDecimal.integer)) {
          this.addBytes(buf, start, end, quoted[i], file, lines[r]);
          continue;
        }
        if (x < min || x > max || x <= exclusiveMin || x >= exclusiveMax) {
          const failed = rules.check(x);
          if (failed) this.addFailures(failed, file, lines[r], fieldText(buf, start, end, quoted[i]));
        }
        profile.addNumber(x);
      }
    };
  }

  /** Booleans written as one of the field's true or false values, matched from the bytes. */
  private booleanBlockReader(rules: FieldRules): CsvBlockReader {
    const profile = this.profile;
    const entries = rules.booleanBytes;
    const checked = rules.constraintNames.length > 0;
    const trackFrequent = rules.trackFrequent;
    // Boolean columns keep their true and false texts (the constructor makes them for fastPath 'boolean').
    const knownTrue = this.knownTrue!;
    const knownFalse = this.knownFalse!;
    return (block, f, file) => {
      const { buf, starts, ends, quoted, lines } = block;
      const from = f * CELL_BLOCK_ROWS;
      for (let r = 0, i = from; r < block.rows; r++, i++) {
        const start = starts[i];
        const end = ends[i];
        const match = start === end ? undefined : matchBytes(entries, buf, start, end);
        if (match === undefined) {
          this.addBytes(buf, start, end, quoted[i], file, lines[r]);
          continue;
        }
        const value = match.value;
        const failed = checked ? rules.check(value) : undefined;
        if (failed) this.addFailures(failed, file, lines[r], fieldText(buf, start, end, quoted[i]));
        profile.addKnownText(value ? 'true' : 'false', value ? knownTrue : knownFalse, trackFrequent);
      }
    };
  }

  /** A CSV cell, as byte offsets into buf. */
  addBytes(buf: Buffer, start: number, end: number, quoted: number, file: string, line: number): void {
    // seen, present and the profile's count are added per file (`addRows`): every CSV row has every column.
    const profile = this.profile;
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
      if (cached === this.scratch) profile.addHashedText(cached.text, cached.hash, cached.length);
      else profile.addKnownText(cached.text, cached, true);
      return;
    }
    // Numbers, dates and datetimes in their default formats straight from the bytes, kept unboxed.
    let x = NaN;
    switch (rules.fastPath) {
      case 'number':
        x = parseDecimal(buf, start, end);
        break;
      case 'integer':
        x = parseDecimal(buf, start, end);
        if (!lastDecimal.integer) x = NaN;
        break;
      case 'date':
        x = parseIsoDate(buf, start, end);
        break;
      case 'datetime':
        x = parseIsoDatetime(buf, start, end);
        break;
      case 'boolean': {
        const match = matchBytes(rules.booleanBytes, buf, start, end);
        if (match === undefined) return this.addText(buf, start, end, quoted, file, line);
        const value = match.value;
        const failed = rules.constraintNames.length > 0 ? rules.check(value) : undefined;
        if (failed) this.addFailures(failed, file, line, fieldText(buf, start, end, quoted));
        profile.addKnownText(
          value ? 'true' : 'false',
          (value ? this.knownTrue : this.knownFalse)!,
          rules.trackFrequent,
        );
        return;
      }
      case 'none':
        return this.addText(buf, start, end, quoted, file, line);
    }
    const bounds = rules.numericBounds;
    if (x === x && bounds !== undefined) {
      if (x < bounds.min || x > bounds.max || x <= bounds.exclusiveMin || x >= bounds.exclusiveMax) {
        const failed = rules.check(x);
        if (failed) this.addFailures(failed, file, line, fieldText(buf, start, end, quoted));
      }
      profile.addNumber(x);
      if (this.unique) {
        hashNumberPair(x);
        this.checkUnique(file, line, undefined, buf, start, end, quoted, undefined);
      }
      return;
    }
    if (x === x) {
      this.addChecked(x, rules.check(x), undefined, undefined, file, line, buf, start, end, quoted);
      return;
    }
    // Not the default format (or not a plain number): the full Table Schema parser decides.
    const text = fieldText(buf, start, end, quoted);
    if (rules.isMissing(text)) return this.addNull(file, line);
    const value = rules.parse(text);
    this.addChecked(value, value === INVALID ? undefined : rules.check(value), text, undefined, file, line);
  }

  /** Text-typed values (strings, booleans not written as declared, custom formats): parsed and checked once per distinct value. */
  private addText(buf: Buffer, start: number, end: number, quoted: number, file: string, line: number): void {
    const rules = this.rules!;
    const light = rules.lightText;
    if (light && (!rules.trackFrequent || this.profile.topStopped) && start < end) {
      this.addLightText(buf, start, end, quoted, light, file, line);
      return;
    }
    // Text-typed values (strings, booleans, custom formats): parsed and checked once per distinct value.
    const cached = this.cachedText(buf, start, end, quoted);
    if (cached.parsed === MISSING) return this.addNull(file, line);
    // A cached string that passed its checks (enums, categories): straight to the profile.
    if (
      cached !== this.scratch &&
      cached.failed === undefined &&
      typeof cached.parsed === 'string' &&
      this.unique === undefined
    )
      return this.profile.addKnownText(cached.parsed, cached, rules.trackFrequent);
    this.textLength = cached.length;
    // The scratch entry holds a different text each time: no hint.
    this.textHint = cached === this.scratch ? undefined : cached;
    return this.addChecked(cached.parsed, cached.failed, cached.text, cached.hash, file, line);
  }

  /**
   * Text checked only for its lengths and pattern, with no frequent values to count: hashed and measured from the
   * bytes (any UTF-8, quotes undone), matched by the pattern's DFA when ASCII; decoded only to word a failure, or
   * when the pattern has no DFA or the value is not plain ASCII. The caller skipped empty fields (`""` is missing).
   */
  private addLightText(
    buf: Buffer,
    start: number,
    end: number,
    quoted: number,
    limits: NonNullable<FieldRules['lightText']>,
    file: string,
    line: number,
  ): void {
    const dfa = limits.pattern;
    if (
      dfa !== undefined &&
      quoted !== ESCAPED &&
      end - start >= limits.minLength &&
      end - start <= limits.maxLength
    ) {
      // An ASCII value that matches: hashed and matched in one pass, its length its byte count.
      const positions = limits.positions;
      const hash =
        positions !== undefined
          ? hashAsciiAt(buf, start, end, positions)
          : hashAsciiAccepted(buf, start, end, dfa.next, dfa.accepting);
      if (hash >= 0) return this.profile.addTextStats(hash, end - start);
    }
    const hash = hashUtf8Bytes(buf, start, end, quoted === ESCAPED);
    const length = utf8Hashed.length;
    const ascii = length === end - start && quoted !== ESCAPED;
    if (
      length < limits.minLength ||
      length > limits.maxLength ||
      (limits.hasPattern &&
        !(ascii && limits.pattern !== undefined && matchesAscii(limits.pattern, buf, start, end)))
    ) {
      const text = fieldText(buf, start, end, quoted);
      const failed = this.rules!.check(text);
      if (failed) this.addFailures(failed, file, line, text);
    }
    this.profile.addTextStats(hash, length);
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
    // Values that do not repeat (the cache is off) reuse one scratch entry instead of allocating.
    const entry: CachedText = cacheable ? ({} as CachedText) : this.scratch;
    entry.text = text;
    entry.parsed = parsed;
    entry.failed = failed;
    entry.valueClass = rules ? 0 : classifyValue(text);
    entry.hash = hashString(typeof parsed === 'boolean' ? String(parsed) : text);
    // As many UTF-8 bytes as UTF-16 units means plain ASCII: one character each.
    entry.length = end - start === text.length && quoted !== ESCAPED ? text.length : codePointLength(text);
    entry.topSlot = -1;
    entry.topEpoch = -1;
    entry.distinctAdded = false;
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
    if (typeof raw === 'number' && this.addBoundedNumber(raw, rules, file, line)) return;
    if (typeof raw === 'string' && rules.isMissing(raw)) return this.addNull(file, line);
    this.addRecordValue(rules.coerce(raw), raw, file, line);
  }

  /**
   * A JSON/Parquet number of a number or integer field whose only value constraints are bounds: checked inline
   * on the number (the full checker runs only to word a failure), as CSV cells are; false when it is not such a
   * value (NaN, a fraction for an integer field, another type), and the general path decides.
   */
  private addBoundedNumber(x: number, rules: FieldRules, file: string, line: number): boolean {
    const bounds = rules.numericBounds;
    if (bounds === undefined || x !== x) return false;
    if (rules.type !== 'number' && (rules.type !== 'integer' || !Number.isInteger(x))) return false;
    if (x < bounds.min || x > bounds.max || x <= bounds.exclusiveMin || x >= bounds.exclusiveMax) {
      const failed = rules.check(x);
      if (failed) this.addFailures(failed, file, line, shownText(undefined, 0, 0, 0, x));
    }
    this.profile.addNumber(x);
    if (this.unique) {
      hashNumberPair(x);
      this.checkUnique(file, line, undefined, undefined, 0, 0, 0, x);
    }
    return true;
  }

  /** A JSON/Parquet value as the field's type (or INVALID), checked and profiled; `raw` is shown on failure. */
  private addRecordValue(value: unknown, raw: unknown, file: string, line: number): void {
    const failed = value === INVALID ? undefined : this.rules!.check(value);
    this.addChecked(value, failed, undefined, undefined, file, line, undefined, 0, 0, 0, raw);
  }

  /**
   * A value of a typed temporal source column (Parquet DATE as epoch days, TIMESTAMP as epoch ms), converted
   * to what the declared field holds; a declared non-temporal field reads it as a JSON value.
   */
  addTemporal(raw: unknown, kind: 'date' | 'datetime', file: string, line: number): void {
    const type = this.rules?.type;
    if (typeof raw !== 'number' || (type !== 'date' && type !== 'datetime'))
      return this.addValue(raw, file, line);
    this.seen++;
    this.present++;
    this.profile.count++;
    const value = type === kind ? raw : type === 'date' ? Math.floor(raw / 86_400_000) : raw * 86_400_000;
    this.addRecordValue(value, raw, file, line);
  }

  /** Sets hashPair to the key hash of a CSV cell: numbers and dates by value, other text by its bytes. */
  keyHash(buf: Buffer, start: number, end: number, quoted: number): void {
    const fastPath = this.rules?.fastPath;
    const x =
      fastPath === 'number' || fastPath === 'integer'
        ? parseDecimal(buf, start, end)
        : fastPath === 'date'
          ? parseIsoDate(buf, start, end)
          : fastPath === 'datetime'
            ? parseIsoDatetime(buf, start, end)
            : NaN;
    if (x === x) hashNumberPair(x);
    else hashText(fieldText(buf, start, end, quoted));
  }

  /** A CSV file's rows reached this column (each had a value for it, possibly empty). */
  addRows(rows: number): void {
    this.seen += rows;
    this.present += rows;
    this.profile.count += rows;
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
    failed: Verdict[] | undefined,
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
      this.addFailures(failed, file, line, text ?? shownText(buf, start, end, quoted, raw));
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
    // The length of a cached text is known; other texts are measured here.
    const length = hash === undefined ? codePointLength(label) : this.textLength;
    if (rules.trackFrequent)
      profile.addHashedText(
        label,
        hash ?? hashString(label),
        length,
        hash === undefined ? undefined : this.textHint,
      );
    else profile.addTextStats(hash ?? hashString(label), length);
    if (this.unique) {
      hashText(label);
      this.checkUnique(file, line, text, buf, start, end, quoted, raw);
    }
  }

  private addFailures(failed: Verdict[], file: string, line: number, shown: string): void {
    for (const verdict of failed) this.failures.add(verdict.constraint, file, line, shown, verdict.message);
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

const HASH_TRUE = hashString('true');
const HASH_FALSE = hashString('false');

/** Enums longer than this are left to the text cache. */
const MAX_FIXED_TEXTS = 256;

/**
 * The allowed values of a string enum that a cell's bytes can stand for as they are: not a missing value, parsed as
 * themselves, passing every check; each with what `cachedText` would compute for it.
 */
function fixedTexts(rules: FieldRules): FixedTexts {
  const entries: FixedText[] = [];
  for (const text of new Set(rules.enumTexts)) {
    const bytes = Buffer.from(text);
    // A text that does not round-trip through UTF-8 (a lone surrogate) cannot be a cell's bytes.
    if (bytes.toString() !== text || rules.isMissing(text) || rules.parse(text) !== text) continue;
    if (rules.check(text) !== undefined) continue;
    entries.push({ text, bytes, ...known(hashString(text), codePointLength(text)) });
  }
  return new FixedTexts(entries);
}

/** A text known by its hash and length, not yet counted anywhere. */
function known(hash: number, length: number): KnownText {
  return { hash, length, topSlot: -1, topEpoch: -1, distinctAdded: false };
}

/** The entry whose bytes equal buf[start, end), if any. */
function matchBytes<T extends { bytes: Uint8Array }>(
  entries: T[],
  buf: Uint8Array,
  start: number,
  end: number,
): T | undefined {
  const length = end - start;
  outer: for (const entry of entries) {
    const bytes = entry.bytes;
    if (bytes.length !== length) continue;
    for (let i = 0; i < length; i++) if (bytes[i] !== buf[start + i]) continue outer;
    return entry;
  }
  return undefined;
}
