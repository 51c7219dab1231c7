/**
 * Result rows held as typed columns instead of one object per row. At a million rows the row objects, their
 * copies as cases and the garbage collector's work on them were most of eval-gate's memory and time
 * (bench/README.md, "Cases as columns"). Rows go in with `add` as an importer reads them; `get` rebuilds one row
 * exactly; `view` is a case read from the columns (cases.ts `mergeColumns` uses it for every id that is not
 * repeated). Labels are interned; probabilities and scores stored as numbers under an interned key list; rare
 * or free-form fields (tags, tokens, texts, reasons) as references, in a column created when a row first has one.
 */
import type { EvalCase } from './cases.js';
import type { CaseSource, RawCase } from './types.js';

type Typed = Float64Array | Int32Array | Int8Array;

/** FNV-1a of a text's UTF-16 code units, as an int32 (the flat-line reader hashes an ASCII id's bytes alike). */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash ^ (hash >>> 16);
}

/**
 * Bytes as a one-byte string: Buffer's latin1Slice (what `toString('latin1', from, to)` calls after checking its
 * arguments, a tenth of reading lines); toString where a runtime lacks it.
 */
export const latin1: (bytes: Buffer, from: number, to: number) => string =
  typeof (Buffer.prototype as { latin1Slice?: unknown }).latin1Slice === 'function'
    ? (bytes, from, to) =>
        (bytes as unknown as { latin1Slice(from: number, to: number): string }).latin1Slice(from, to)
    : (bytes, from, to) => bytes.toString('latin1', from, to);

const ABSENT = -1;
const NUMBER = -2;
const OTHER = -3;

/**
 * `array`, or a copy long enough for `size`: `reserve` long when that is enough (the rows expected: one copy
 * instead of a dozen growing ones, each garbage until a full collection), else half as long again (at most a
 * third of a column unused).
 */
function fit<A extends Typed>(array: A, size: number, make: (length: number) => A, reserve = 0): A {
  if (size <= array.length) return array;
  const next = make(Math.max(size, 1024, size <= reserve ? reserve : Math.ceil(array.length * 1.5)));
  next.set(array);
  return next;
}

/** The rows a reader expects in all (CaseColumns.expect), shared by the columns as they grow. */
interface Expected {
  rows: number;
}
const float64 = (length: number) => new Float64Array(length);
const int32 = (length: number) => new Int32Array(length);
const int8 = (length: number) => new Int8Array(length);
/** Rows not set yet (before a column's first value) are absent. */
const absent32 = (length: number) => new Int32Array(length).fill(ABSENT);

/** Label texts, each once (a results file has few labels; free text beyond the limits is stored per row). */
class Strings {
  readonly texts: string[] = [];
  private readonly index = new Map<string, number>();

  /** The code of `text`, or -1 when it is too long or the table full (the caller keeps the text itself). */
  code(text: string): number {
    const known = this.index.get(text);
    if (known !== undefined) return known;
    if (text.length > 256 || this.texts.length >= 65536) return -1;
    this.index.set(text, this.texts.length);
    this.texts.push(text);
    return this.texts.length - 1;
  }
}

/** expected / predicted: a label code, a number, or a text kept by row. */
class LabelColumn {
  private codes = new Int32Array(1024);
  private numbers = new Float64Array(0);
  private readonly others = new Map<number, string>();

  constructor(
    private readonly strings: Strings,
    private readonly expected: Expected,
  ) {}

  set(row: number, value: string | number | undefined): void {
    this.codes = fit(this.codes, row + 1, int32, this.expected.rows);
    if (value === undefined) this.codes[row] = ABSENT;
    else if (typeof value === 'number') {
      this.numbers = fit(this.numbers, Math.max(row + 1, this.codes.length), float64);
      this.numbers[row] = value;
      this.codes[row] = NUMBER;
    } else {
      const code = this.strings.code(value);
      if (code < 0) this.others.set(row, value);
      this.codes[row] = code < 0 ? OTHER : code;
    }
  }

  get(row: number): string | number | undefined {
    const code = this.codes[row];
    if (code >= 0) return this.strings.texts[code];
    return code === ABSENT ? undefined : code === NUMBER ? this.numbers[row] : this.others.get(row);
  }
}

/** An optional number per row (created when the first row has one). */
class NumberColumn {
  private values = new Float64Array(0);
  private present = new Int8Array(0);

  constructor(private readonly expected: Expected) {}

  set(row: number, value: number | undefined): void {
    if (value === undefined && this.present.length <= row) return;
    this.values = fit(this.values, row + 1, float64, this.expected.rows);
    this.present = fit(this.present, this.values.length, int8);
    if (value !== undefined) this.values[row] = value;
    this.present[row] = value === undefined ? 0 : 1;
  }

  get(row: number): number | undefined {
    return row < this.present.length && this.present[row] === 1 ? this.values[row] : undefined;
  }
}

/** A name → number object as two lists (the flat-line reader's scores): `count` distinct keys and their values. */
export interface NumberList {
  readonly keys: readonly string[];
  readonly values: ArrayLike<number>;
  readonly count: number;
}

/**
 * A row's members as the flat-line reader hands them over: RawCase's scalar members, with scores as lists and
 * token counts as numbers (no object per row).
 */
export interface LineFields extends Omit<RawCase, 'id' | 'source' | 'scores' | 'tokens'> {
  /** The id as the bytes `idStart`–`idEnd` of `idBytes` (a one-byte text). */
  readonly idBytes: Buffer;
  readonly idStart: number;
  readonly idEnd: number;
  readonly scoreList: NumberList;
  readonly tokensInput: number | undefined;
  readonly tokensOutput: number | undefined;
}

/** An optional name → number object per row: its key list interned, its numbers in one array. */
class NumberMapColumn {
  private layouts = new Int32Array(0);
  private offsets = new Int32Array(0);
  private values = new Float64Array(1024);
  private used = 0;
  private readonly keyLists: string[][] = [];
  private readonly byKeys = new Map<string, number>();
  private last = -1;

  constructor(private readonly expected: Expected) {}

  /** The rows' arrays long enough for `row`, and the values' for `count` more values. */
  private fitRow(row: number, count: number): void {
    this.layouts = fit(this.layouts, row + 1, absent32, this.expected.rows);
    this.offsets = fit(this.offsets, this.layouts.length, int32);
    // Values expected: as many a row as so far.
    const values = Math.ceil((this.expected.rows * (this.used + count)) / (row + 1));
    this.values = fit(this.values, this.used + count, float64, values);
  }

  set(row: number, map: Record<string, number> | undefined): void {
    if (map === undefined && this.layouts.length <= row) return;
    if (map === undefined) {
      this.fitRow(row, 0);
      this.layouts[row] = ABSENT;
      return;
    }
    const layout = this.layoutOf(map);
    const keys = this.keyLists[layout];
    this.fitRow(row, keys.length);
    for (let j = 0; j < keys.length; j++) this.values[this.used + j] = map[keys[j]];
    this.place(row, layout, keys.length);
  }

  /** `set` of the map whose keys are `list.keys` (distinct, in its order) and values `list.values`. */
  setList(row: number, list: NumberList): void {
    if (list.count === 0) return this.set(row, undefined);
    const layout = this.layoutOfList(list);
    this.fitRow(row, list.count);
    for (let j = 0; j < list.count; j++) this.values[this.used + j] = list.values[j];
    this.place(row, layout, list.count);
  }

  private place(row: number, layout: number, count: number): void {
    this.layouts[row] = layout;
    this.offsets[row] = this.used;
    this.used += count;
  }

  private layoutOfList(list: NumberList): number {
    if (this.last >= 0) {
      const keys = this.keyLists[this.last];
      let same = keys.length === list.count;
      for (let j = 0; j < list.count && same; j++) same = keys[j] === list.keys[j];
      if (same) return this.last;
    }
    return this.intern(list.keys.slice(0, list.count));
  }

  /** The key list of `map`: the previous row's when it is the same (the usual case), else interned. */
  private layoutOf(map: Record<string, number>): number {
    if (this.last >= 0) {
      const keys = this.keyLists[this.last];
      let j = 0;
      let same = true;
      for (const key in map) if (!Object.hasOwn(map, key) || keys[j++] !== key) same = false;
      if (same && j === keys.length) return this.last;
    }
    return this.intern(Object.keys(map));
  }

  private intern(keys: string[]): number {
    // JSON text, not a join: keys may hold any character ("a\u0000b" is one key, not two).
    const signature = JSON.stringify(keys);
    let layout = this.byKeys.get(signature);
    if (layout === undefined) {
      layout = this.keyLists.length;
      this.keyLists.push(keys);
      this.byKeys.set(signature, layout);
    }
    this.last = layout;
    return layout;
  }

  /** For the key list last asked of `valuesInto`: each layout's position of every key in it (−1: absent). */
  private positions?: { keys: readonly string[]; byLayout: (Int32Array | undefined)[] };

  /**
   * Row `row`'s values of `keys` into out[j][at] — what `get(row)[keys[j]]` reads, `absent[j]` for a key the row's
   * map lacks — without building the map; false when the row has no map.
   */
  valuesInto(
    row: number,
    keys: readonly string[],
    out: readonly Float64Array[],
    at: number,
    absent: ArrayLike<number>,
  ): boolean {
    if (row >= this.layouts.length || this.layouts[row] === ABSENT) return false;
    const layout = this.layouts[row];
    if (this.positions?.keys !== keys) this.positions = { keys, byLayout: [] };
    const list = this.keyLists[layout];
    const where = (this.positions.byLayout[layout] ??= Int32Array.from(keys, (key) => list.indexOf(key)));
    const offset = this.offsets[row];
    for (let j = 0; j < keys.length; j++)
      out[j][at] = where[j] < 0 ? absent[j] : this.values[offset + where[j]];
    return true;
  }

  get(row: number): Record<string, number> | undefined {
    if (row >= this.layouts.length || this.layouts[row] === ABSENT) return undefined;
    const keys = this.keyLists[this.layouts[row]];
    const offset = this.offsets[row];
    const map: Record<string, number> = {};
    for (let j = 0; j < keys.length; j++) {
      // defineProperty: a class named "__proto__" stays a member, as JSON.parse made it.
      if (keys[j] === '__proto__')
        Object.defineProperty(map, keys[j], {
          value: this.values[offset + j],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else map[keys[j]] = this.values[offset + j];
    }
    return map;
  }
}

/**
 * tokens: the usual {input?, output?} as two number columns; any other object (no count, other members, other
 * order, as an importer may make) kept as it is.
 */
class TokensColumn {
  private readonly input: NumberColumn;
  private readonly output: NumberColumn;
  private readonly others = new Map<number, NonNullable<RawCase['tokens']>>();

  constructor(expected: Expected) {
    this.input = new NumberColumn(expected);
    this.output = new NumberColumn(expected);
  }

  set(row: number, tokens: RawCase['tokens']): void {
    if (tokens === undefined || !TokensColumn.usual(tokens)) {
      if (tokens !== undefined) this.others.set(row, tokens);
      return this.setCounts(row, undefined, undefined);
    }
    this.setCounts(row, tokens.input, tokens.output);
  }

  setCounts(row: number, input: number | undefined, output: number | undefined): void {
    this.input.set(row, input);
    this.output.set(row, output);
  }

  /** At least one count, and no member but `input` then `output`. */
  private static usual(tokens: NonNullable<RawCase['tokens']>): boolean {
    let members = 0;
    for (const key in tokens) {
      if (key !== (members === 0 && tokens.input !== undefined ? 'input' : 'output')) return false;
      if (typeof (tokens as Record<string, unknown>)[key] !== 'number') return false;
      members++;
    }
    return members > 0;
  }

  inputOf(row: number): number | undefined {
    return this.others.size > 0 && this.others.has(row) ? this.others.get(row)?.input : this.input.get(row);
  }
  outputOf(row: number): number | undefined {
    return this.others.size > 0 && this.others.has(row) ? this.others.get(row)?.output : this.output.get(row);
  }

  get(row: number): RawCase['tokens'] {
    const other = this.others.size > 0 ? this.others.get(row) : undefined;
    if (other !== undefined) return other;
    const input = this.input.get(row);
    const output = this.output.get(row);
    if (input === undefined && output === undefined) return undefined;
    const tokens: { input?: number; output?: number } = {};
    if (input !== undefined) tokens.input = input;
    if (output !== undefined) tokens.output = output;
    return tokens;
  }
}

/** An optional value per row kept as it is (created when the first row has one). */
class ValueColumn<T> {
  private values?: (T | undefined)[];

  /** Rows are set in order, each once. */
  set(row: number, value: T | undefined): void {
    if (this.values) this.values.push(value);
    else if (value !== undefined) {
      this.values = new Array<T | undefined>(row).fill(undefined);
      this.values.push(value);
    }
  }

  get(row: number): T | undefined {
    return this.values?.[row];
  }
}

/**
 * The ids: one-byte texts (every character below U+0100, as nearly every id is) as their bytes end to end, the
 * text made when asked; others kept as strings. A million id strings were 40 MB of the heap, marked by every
 * full collection.
 */
class IdColumn {
  private bytes = Buffer.alloc(0);
  private used = 0;
  /** Where each row's bytes end (they start where the previous row's end). */
  private ends = new Int32Array(0);
  private readonly others = new Map<number, string>();

  constructor(private readonly expected: Expected) {}

  /** Row `row`'s id, given as its text. */
  set(row: number, id: string): void {
    let oneByte = id.length < 0x10000;
    for (let i = 0; i < id.length && oneByte; i++) oneByte = id.charCodeAt(i) < 0x100;
    const start = this.reserve(row, oneByte ? id.length : 0);
    if (start < 0 || !oneByte) return this.keep(row, id);
    for (let i = 0; i < id.length; i++) this.bytes[start + i] = id.charCodeAt(i);
  }

  /** Row `row`'s id, given as the bytes `from`–`to` of `source` (a one-byte text). */
  setBytes(row: number, source: Buffer, from: number, to: number): void {
    const start = this.reserve(row, to - from);
    if (start < 0) return this.keep(row, latin1(source, from, to));
    source.copy(this.bytes, start, from, to);
  }

  /** Room for `length` bytes of row `row`: where they start, or -1 when they do not fit (2 GiB in all). */
  private reserve(row: number, length: number): number {
    this.ends = fit(this.ends, row + 1, int32, this.expected.rows);
    const start = this.used;
    if (start + length > 0x7fff_ffff) {
      this.ends[row] = start;
      return -1;
    }
    if (start + length > this.bytes.length) {
      const perRow = (start + length) / (row + 1);
      const size = Math.max(start + length, Math.ceil(this.bytes.length * 1.5), 4096);
      const expected = Math.ceil(this.expected.rows * perRow * 1.01);
      const next = Buffer.allocUnsafe(Math.min(start + length <= expected ? expected : size, 0x7fff_ffff));
      this.bytes.copy(next, 0, 0, start);
      this.bytes = next;
    }
    this.used += length;
    this.ends[row] = this.used;
    return start;
  }

  private keep(row: number, id: string): void {
    this.others.set(row, id);
  }

  get(row: number): string {
    const start = row === 0 ? 0 : this.ends[row - 1];
    const end = this.ends[row];
    if (start === end && this.others.size > 0) {
      const other = this.others.get(row);
      if (other !== undefined) return other;
    }
    return latin1(this.bytes, start, end);
  }
}

/** Each row's file and line: no array for either while rows come from one file on consecutive lines. */
class SourceColumn {
  private readonly files: string[] = [];
  private fileOf?: Int32Array;
  private lines?: Int32Array;
  /** Without `lines`, row r is on line `firstLine + r`. */
  private firstLine = 0;

  /** Rows are set in order, each once. */
  set(row: number, file: string, line: number): void {
    if (row === 0) this.firstLine = line;
    let index = this.files.length - 1;
    if (this.files[index] !== file) index = this.files.indexOf(file);
    if (index < 0) index = this.files.push(file) - 1;
    if (index !== 0 && !this.fileOf) this.fileOf = new Int32Array(Math.max(1024, row * 2));
    if (this.fileOf) {
      this.fileOf = fit(this.fileOf, row + 1, int32);
      this.fileOf[row] = index;
    }
    if (line !== this.firstLine + row && !this.lines) {
      this.lines = new Int32Array(Math.max(1024, row * 2));
      for (let earlier = 0; earlier < row; earlier++) this.lines[earlier] = this.firstLine + earlier;
    }
    if (this.lines) {
      this.lines = fit(this.lines, row + 1, int32);
      this.lines[row] = line;
    }
  }

  get(row: number): CaseSource {
    return {
      file: this.files[this.fileOf ? this.fileOf[row] : 0],
      line: this.lines ? this.lines[row] : this.firstLine + row,
    };
  }
}

export class CaseColumns {
  length = 0;
  private readonly strings = new Strings();
  private readonly rows: Expected = { rows: 0 };
  private readonly ids = new IdColumn(this.rows);
  private readonly expected = new LabelColumn(this.strings, this.rows);
  private readonly predicted = new LabelColumn(this.strings, this.rows);
  private readonly probability = new NumberColumn(this.rows);
  private readonly probabilities = new NumberMapColumn(this.rows);
  private readonly scores = new NumberMapColumn(this.rows);
  private pass = new Int8Array(1024);
  private readonly latency = new NumberColumn(this.rows);
  private readonly cost = new NumberColumn(this.rows);
  private readonly tokens = new TokensColumn(this.rows);
  private readonly tags = new ValueColumn<Record<string, string>>();
  private readonly texts = {
    input: new ValueColumn<string>(),
    output: new ValueColumn<string>(),
    error: new ValueColumn<string>(),
  };
  private readonly reasons = new ValueColumn<Record<string, string>>();
  private readonly sources = new SourceColumn();
  /** `hashText` of each id (cases.ts groups the rows by id with them, then takes them: `takeIdHashes`). */
  private hashes = new Int32Array(1024);
  private hashesTaken = false;

  /** Appends one row (importers call it as they read, so the row object can be collected at once). */
  push(item: RawCase): void {
    this.pushFields(item, item.source.file, item.source.line, hashText(item.id));
  }

  /**
   * Appends one row given as its fields, its source and its id's `hashText` (the flat-line reader's fields,
   * without a row object).
   */
  pushFields(item: Omit<RawCase, 'source'>, file: string, line: number, hash: number): void {
    const row = this.pushScalars(item, file, line, hash);
    this.ids.set(row, item.id);
    this.scores.set(row, item.scores);
    this.tokens.set(row, item.tokens);
  }

  /** `pushFields` of the flat-line reader's fields (scores as lists, token counts as numbers). */
  pushLine(item: LineFields, file: string, line: number, hash: number): void {
    const row = this.pushScalars(item, file, line, hash);
    this.ids.setBytes(row, item.idBytes, item.idStart, item.idEnd);
    this.scores.setList(row, item.scoreList);
    this.tokens.setCounts(row, item.tokensInput, item.tokensOutput);
  }

  /** Appends a row of every member but id, scores and tokens (set by the caller); its index. */
  private pushScalars(
    item: Omit<RawCase, 'id' | 'source' | 'scores' | 'tokens'>,
    file: string,
    line: number,
    hash: number,
  ): number {
    const row = this.length++;
    this.hashes = fit(this.hashes, row + 1, int32, this.rows.rows);
    this.hashes[row] = hash;
    this.expected.set(row, item.expected);
    this.predicted.set(row, item.predicted);
    const probability = item.probability;
    this.probability.set(row, typeof probability === 'number' ? probability : undefined);
    this.probabilities.set(row, typeof probability === 'object' ? probability : undefined);
    this.pass = fit(this.pass, row + 1, int8, this.rows.rows);
    this.pass[row] = item.pass === undefined ? ABSENT : item.pass ? 1 : 0;
    this.latency.set(row, item.latencyMs);
    this.cost.set(row, item.costUsd);
    this.tags.set(row, item.tags);
    this.texts.input.set(row, item.input);
    this.texts.output.set(row, item.output);
    this.texts.error.set(row, item.error);
    this.reasons.set(row, item.reasons);
    this.sources.set(row, file, line);
    return row;
  }

  /**
   * The rows expected in all (a reader's estimate from the bytes read so far and the file's size): columns that
   * grow past their length grow to it at once. A low estimate costs the usual growth; a high one, unused rows.
   */
  expect(rows: number): void {
    this.rows.rows = rows;
  }

  id(row: number): string {
    return this.ids.get(row);
  }
  /** The ids' hashes, handed over (not kept: only grouping by id needs them; made again if asked twice). */
  takeIdHashes(): Int32Array {
    if (this.hashesTaken) return Int32Array.from({ length: this.length }, (_, row) => hashText(this.id(row)));
    const hashes = this.hashes.subarray(0, this.length);
    this.hashes = new Int32Array(0);
    this.hashesTaken = true;
    return hashes;
  }
  source(row: number): CaseSource {
    return this.sources.get(row);
  }
  expectedOf(row: number): string | number | undefined {
    return this.expected.get(row);
  }
  predictedOf(row: number): string | number | undefined {
    return this.predicted.get(row);
  }
  probabilityOf(row: number): number | Record<string, number> | undefined {
    return this.probability.get(row) ?? this.probabilities.get(row);
  }
  /** EvalCase `probabilitiesInto` of a row: its per-class probabilities read without building the object. */
  probabilitiesInto(
    row: number,
    labels: readonly string[],
    out: readonly Float64Array[],
    at: number,
    absent: ArrayLike<number>,
  ): boolean {
    return (
      this.probability.get(row) === undefined && this.probabilities.valuesInto(row, labels, out, at, absent)
    );
  }
  scoresOf(row: number): Record<string, number> | undefined {
    return this.scores.get(row);
  }
  passOf(row: number): boolean | undefined {
    const pass = this.pass[row];
    return pass === ABSENT ? undefined : pass === 1;
  }
  latencyOf(row: number): number | undefined {
    return this.latency.get(row);
  }
  costOf(row: number): number | undefined {
    return this.cost.get(row);
  }
  tokensOf(row: number): RawCase['tokens'] {
    return this.tokens.get(row);
  }
  tokensInputOf(row: number): number | undefined {
    return this.tokens.inputOf(row);
  }
  tokensOutputOf(row: number): number | undefined {
    return this.tokens.outputOf(row);
  }
  tagsOf(row: number): Record<string, string> | undefined {
    return this.tags.get(row);
  }
  textOf(row: number, field: 'input' | 'output' | 'error'): string | undefined {
    return this.texts[field].get(row);
  }
  reasonsOf(row: number): Record<string, string> | undefined {
    return this.reasons.get(row);
  }

  /** The rows from `start` on, each as id and source (the shard check of several results files). */
  *idsFrom(start: number): Generator<{ id: string; source: CaseSource }> {
    for (let row = start; row < this.length; row++) yield { id: this.id(row), source: this.source(row) };
  }

  /** Row `row` as the importer gave it (the members it had, in the canonical order). */
  get(row: number): RawCase {
    const item: RawCase = { id: this.id(row), source: this.source(row) };
    const fields: [keyof RawCase, unknown][] = [
      ['expected', this.expected.get(row)],
      ['predicted', this.predicted.get(row)],
      ['probability', this.probabilityOf(row)],
      ['scores', this.scores.get(row)],
      ['pass', this.passOf(row)],
      ['tags', this.tags.get(row)],
      ['latencyMs', this.latency.get(row)],
      ['tokens', this.tokens.get(row)],
      ['costUsd', this.cost.get(row)],
      ['input', this.texts.input.get(row)],
      ['output', this.texts.output.get(row)],
      ['error', this.texts.error.get(row)],
      ['reasons', this.reasons.get(row)],
    ];
    for (const [key, value] of fields)
      if (value !== undefined) (item as unknown as Record<string, unknown>)[key] = value;
    return item;
  }

  /** The case of a row whose id is not repeated, read from the columns (what `singleCase` makes of the row). */
  view(row: number): EvalCase {
    return new StoredCase(this, row);
  }
}

/** One unrepeated case over the columns: the members of cases.ts `singleCase`, computed when read. */
class StoredCase implements EvalCase {
  constructor(
    private readonly store: CaseColumns,
    private readonly row: number,
  ) {}
  get id() {
    return this.store.id(this.row);
  }
  get repeats() {
    return 1;
  }
  get flaky() {
    return false;
  }
  get expected() {
    return this.store.expectedOf(this.row);
  }
  get predicted() {
    return this.error === undefined ? this.store.predictedOf(this.row) : undefined;
  }
  get probability() {
    return this.store.probabilityOf(this.row);
  }
  probabilitiesInto(
    labels: readonly string[],
    out: readonly Float64Array[],
    at: number,
    absent: ArrayLike<number>,
  ): boolean {
    return this.store.probabilitiesInto(this.row, labels, out, at, absent);
  }
  get scores() {
    return this.store.scoresOf(this.row);
  }
  get passRate() {
    const pass = this.store.passOf(this.row);
    return pass === undefined ? undefined : pass ? 1 : 0;
  }
  get allPassed() {
    return this.store.passOf(this.row);
  }
  get tags() {
    return this.store.tagsOf(this.row);
  }
  get latencyMs() {
    return this.store.latencyOf(this.row);
  }
  get tokensInput() {
    return this.store.tokensInputOf(this.row) ?? 0;
  }
  get tokensOutput() {
    return this.store.tokensOutputOf(this.row) ?? 0;
  }
  get costUsd() {
    return this.store.costOf(this.row) ?? 0;
  }
  get hasCost() {
    return this.store.costOf(this.row) !== undefined;
  }
  get input() {
    return this.store.textOf(this.row, 'input');
  }
  get output() {
    return this.store.textOf(this.row, 'output');
  }
  get error() {
    return this.store.textOf(this.row, 'error');
  }
  get reasons() {
    return this.store.reasonsOf(this.row);
  }
  get source() {
    return this.store.source(this.row);
  }
}
