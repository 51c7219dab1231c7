/**
 * The whole dataset while it streams: maps each file's columns to column validators, feeds them rows from
 * the CSV scanner or records from the JSON/Parquet readers, and keeps the dataset-level findings
 * (malformed rows, column layout, duplicate rows, primary key, record schema).
 */
import type { CsvRow, CsvSink } from '../readers/csv.js';
import { fieldText } from '../readers/csv.js';
import type { ColumnBatch } from '../readers/types.js';
import { CELL_BLOCK_ROWS, CsvCellBlock, type CsvBlockReader } from './cell-block.js';
import { ColumnValidator } from './column.js';
import { FailureLog } from './failures.js';
import type { DatasetRules, FieldRules } from './rules.js';
import {
  addLogged,
  HashSet64,
  RepeatLog,
  TupleHash,
  hashBytesPair,
  hashText,
  type RepeatSet,
} from './unique.js';

export interface ColumnLayoutFinding {
  file: string;
  line: number;
  message: string;
}

/** The sink of one CSV file: `rows` reached the columns; `done` when the file ends. */
export interface CsvFileSink extends CsvSink {
  rows: number;
  /** A scan thread's sink: the header another thread read and reported, taken as it is. */
  useHeader(names: string[]): void;
  /** The columns read the rows held back for them (CsvSink.flush): every row so far has reached them. */
  flush(): void;
  /**
   * Values a scan thread logged for the repeat checks, added in file order. `rowAt(line, text)` finds the
   * row on a line again and returns `text(row)`: asked only for the repeats kept as samples.
   */
  addLoggedRepeats(
    logged: LoggedRepeats,
    rowAt: (line: number, text: (row: CsvRow) => string) => string,
  ): void;
  done(): void;
}

/** What a scan thread logged for unique, primaryKey and duplicateRows (hash, hash, line triples). */
export interface LoggedRepeats {
  rows?: Uint32Array;
  keys?: Uint32Array;
  unique: [string, Uint32Array][];
}

export class DatasetValidator {
  rows = 0;
  readonly columns: ColumnValidator[] = [];
  private readonly byName = new Map<string, ColumnValidator>();
  /** Rows that could not be read as fields or records (wrong field count, bad quote, not JSON, bad UTF-8). */
  readonly malformed = new FailureLog();
  readonly layout: ColumnLayoutFinding[] = [];
  readonly duplicateRows = new FailureLog();
  readonly primaryKeyFailures = new FailureLog();
  readonly recordSchemaFailures = new FailureLog();
  readonly files: { path: string; format: string; rows: number }[] = [];
  private readonly rowSet: RepeatSet | undefined;
  private readonly keySet: RepeatSet | undefined;
  private readonly tuple = new TupleHash();
  private readonly extraReported = new Set<string>();

  constructor(
    readonly rules: DatasetRules | undefined,
    readonly histogramEdges: Map<string, number[]>,
    /** The sets of the repeat checks: a scan thread logs the values for the main thread's sets instead. */
    private readonly newSet: () => RepeatSet = () => new HashSet64(),
  ) {
    for (const field of rules?.fields ?? []) this.column(field.name, field);
    if (rules && rules.duplicateRows !== 'allow') this.rowSet = newSet();
    if (rules?.primaryKey.length) this.keySet = newSet();
  }

  /**
   * Whether a check needs every value in one set (duplicateRows, primaryKey, unique): scan threads then log values
   * whose rows the main thread may have to find again in their pieces.
   */
  get checksRepeats(): boolean {
    return (
      this.rowSet !== undefined ||
      this.keySet !== undefined ||
      (this.rules?.fields.some((field) => field.unique) ?? false)
    );
  }

  /** A scan thread's logged values for the repeat checks since the last take. */
  takeRepeats(): LoggedRepeats {
    return {
      rows: this.rowSet instanceof RepeatLog ? this.rowSet.take() : undefined,
      keys: this.keySet instanceof RepeatLog ? this.keySet.take() : undefined,
      unique: this.columns.flatMap((column) => {
        const entries = column.takeRepeats();
        return entries ? [[column.name, entries] as [string, Uint32Array]] : [];
      }),
    };
  }

  private column(name: string, rules?: FieldRules): ColumnValidator {
    let column = this.byName.get(name);
    if (!column) {
      column = new ColumnValidator(name, rules, this.histogramEdges.get(name), this.newSet);
      this.columns.push(column);
      this.byName.set(name, column);
    }
    return column;
  }

  /**
   * Hands the columns over and forgets them, so that the caller can drop each one once its results are built (a
   * wide file's validators need not live beside its profile and report).
   */
  takeColumns(): ColumnValidator[] {
    this.byName.clear();
    return this.columns.splice(0);
  }

  /** The column of a name (a header key such as "x (column 3)" for a repeated name). */
  columnNamed(name: string): ColumnValidator | undefined {
    return this.byName.get(name);
  }

  /** Rows that reached the columns: malformed rows are counted in `rows` and reported, never profiled. */
  get readableRows(): number {
    return this.rows - this.malformed.count;
  }

  /** Finishes the counts: columns a record or file lacked count those rows as nulls. */
  finish(): void {
    const rows = this.readableRows;
    for (const column of this.columns) {
      const absent = rows - column.seen;
      if (absent > 0) {
        column.addMissingRows(absent);
        column.seen = rows;
      }
    }
  }

  /** A sink for the CSV scanner of one file. */
  csvSink(file: string): CsvFileSink {
    let validators: ColumnValidator[] = [];
    let readers: CsvBlockReader[] = [];
    let block = new CsvCellBlock(0);
    /** The columns read the block's cells, each in its own loop. */
    const flush = () => {
      if (block.rows === 0) return;
      for (let f = 0; f < readers.length; f++) readers[f](block, f, file);
      block.clear();
    };
    let headerLine = 1;
    let keyIndexes: number[] = [];
    const rowText = (row: CsvRow) => row.buf.toString('utf8', row.starts[0], row.ends[row.count - 1]);
    const keyText = (row: CsvRow) =>
      keyIndexes
        .map((f) => (f >= 0 ? fieldText(row.buf, row.starts[f], row.ends[f], row.quoted[f]) : ''))
        .join(', ');
    const sink: CsvFileSink = {
      rows: 0,
      header: (names: string[], line: number) => {
        headerLine = line;
        this.checkHeader(names, file, line);
        sink.useHeader(names);
      },
      useHeader: (names: string[]) => {
        validators = this.headerColumns(names);
        readers = validators.map((validator) => validator.csvBlockReader());
        block = new CsvCellBlock(names.length);
        keyIndexes = (this.rules?.primaryKey ?? []).map((key) => names.indexOf(key));
      },
      row: (row: CsvRow) => {
        sink.rows++;
        this.rows++;
        if (block.rows === CELL_BLOCK_ROWS || (block.rows > 0 && block.buf !== row.buf)) flush();
        block.add(row);
        if (this.rowSet) this.checkCsvDuplicateRow(row, file, rowText);
        if (this.keySet) this.checkCsvPrimaryKey(row, file, validators, keyIndexes, keyText);
      },
      flush,
      malformed: (line: number, message: string) => {
        this.rows++;
        this.malformed.add(file, line, undefined, message);
      },
      addLoggedRepeats: (logged, rowAt) =>
        this.addCsvLoggedRepeats(logged, rowAt, file, validators, rowText, keyText),
      /** Every row of the file reached every column of its header. */
      done: () => {
        flush();
        this.csvFileDone(file, headerLine, validators, sink.rows);
      },
    };
    return sink;
  }

  private checkCsvDuplicateRow(row: CsvRow, file: string, rowText: (row: CsvRow) => string): void {
    const { buf, starts, ends, count } = row;
    this.tuple.reset();
    for (let f = 0; f < count; f++) {
      hashBytesPair(buf, starts[f], ends[f]);
      this.tuple.mix();
    }
    this.checkDuplicateRow(file, row.line, () => rowText(row));
  }

  private checkCsvPrimaryKey(
    row: CsvRow,
    file: string,
    validators: ColumnValidator[],
    keyIndexes: number[],
    keyText: (row: CsvRow) => string,
  ): void {
    const { buf, starts, ends, quoted } = row;
    this.tuple.reset();
    for (const f of keyIndexes) {
      // Keys compare as typed values: 1, 01 and +1 are the same integer key.
      if (f >= 0) validators[f].keyHash(buf, starts[f], ends[f], quoted[f]);
      else hashBytesPair(buf, 0, 0);
      this.tuple.mix();
    }
    this.checkPrimaryKey(file, row.line, () => keyText(row));
  }

  /** A scan thread's logged repeats of one CSV file (CsvFileSink.addLoggedRepeats). */
  private addCsvLoggedRepeats(
    logged: LoggedRepeats,
    rowAt: (line: number, text: (row: CsvRow) => string) => string,
    file: string,
    validators: ColumnValidator[],
    rowText: (row: CsvRow) => string,
    keyText: (row: CsvRow) => string,
  ): void {
    if (logged.rows)
      addLogged(this.rowSet!, logged.rows, (line, first) =>
        this.duplicateRow(file, line, first, () => rowAt(line, rowText)),
      );
    if (logged.keys)
      addLogged(this.keySet!, logged.keys, (line, first) =>
        this.repeatedKey(file, line, first, () => rowAt(line, keyText)),
      );
    for (const [name, entries] of logged.unique) {
      const f = validators.findIndex((validator) => validator.name === name);
      if (f < 0 || entries.length === 0) continue;
      validators[f].addLoggedRepeats(entries, file, (line) =>
        rowAt(line, (row) => fieldText(row.buf, row.starts[f], row.ends[f], row.quoted[f])),
      );
    }
  }

  /** A CSV file ended: its rows reached every column of its header. */
  private csvFileDone(file: string, headerLine: number, validators: ColumnValidator[], rows: number): void {
    for (const validator of validators) validator.addRows(rows);
    // A required column the file lacks: every row of the file is missing it, shown on the header line.
    for (const column of this.columns) {
      if (column.rules?.required && rows > 0 && !validators.includes(column))
        column.failures.add('required', file, headerLine, undefined, 'the file has no such column', rows);
    }
  }

  /** Reports a file header's layout problems. */
  private checkHeader(names: string[], file: string, line: number): void {
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name))
        this.layout.push({ file, line, message: `column "${name}" appears twice in the header` });
      seen.add(name);
    }
    const rules = this.rules;
    if (rules) {
      const declared = rules.fields.map((field) => field.name);
      const missing = declared.filter((name) => !seen.has(name));
      const extra = names.filter((name) => !rules.fields.some((field) => field.name === name));
      if (missing.length)
        this.layout.push({ file, line, message: `missing column(s): ${missing.join(', ')}` });
      if (extra.length && rules.columns !== 'allow-extra')
        this.layout.push({ file, line, message: `unexpected column(s): ${extra.join(', ')}` });
      if (
        rules.columns === 'strict' &&
        !missing.length &&
        !extra.length &&
        names.join('\n') !== declared.join('\n')
      )
        this.layout.push({
          file,
          line,
          message: `columns are not in the contract's order: found ${names.join(', ')}; expected ${declared.join(', ')}`,
        });
    }
  }

  /** Column validators for a file's header, in header order. */
  private headerColumns(names: string[]): ColumnValidator[] {
    // A repeated name gets a column of its own, so no value is counted twice.
    const used = new Set<string>();
    return names.map((name, i) => {
      const key = used.has(name) ? `${name} (column ${i + 1})` : name;
      used.add(name);
      return this.column(key);
    });
  }

  /** One batch of JSON/Parquet records. */
  addRecords(
    records: unknown[],
    lines: number[],
    file: string,
    temporal?: Map<string, 'date' | 'datetime'>,
  ): void {
    const declared = this.rules ? this.columns.slice(0, this.rules.fields.length) : [];
    const strictKeys = this.rules !== undefined && this.rules.columns !== 'allow-extra';
    const validateRecord = this.rules?.recordSchema;
    for (let r = 0; r < records.length; r++) {
      const record = records[r];
      const line = lines[r];
      this.rows++;
      if (record === null || typeof record !== 'object' || Array.isArray(record)) {
        this.malformed.add(
          file,
          line,
          shortJson(record),
          `a record must be a JSON object, found ${describe(record)}`,
        );
        continue;
      }
      const object = record as Record<string, unknown>;
      if (validateRecord) {
        const problem = validateRecord(object);
        if (problem) this.recordSchemaFailures.add(file, line, undefined, problem);
      }
      for (const column of declared) {
        // Only the record's own keys: a field named "constructor" must not read Object's.
        const raw = column.inheritedName
          ? Object.hasOwn(object, column.name)
            ? object[column.name]
            : undefined
          : object[column.name];
        const kind = temporal?.get(column.name);
        if (kind) column.addTemporal(raw, kind, file, line);
        else column.addValue(raw, file, line);
      }
      for (const key in object) {
        let column = this.byName.get(key);
        if (column && column.rules) continue;
        if (!column) {
          column = this.column(key);
          // Earlier rows lacked the key: they count as nulls.
          column.addMissingRows(this.readableRows - 1);
          column.seen = this.readableRows - 1;
          if (strictKeys && !this.extraReported.has(key)) {
            this.extraReported.add(key);
            this.layout.push({ file, line, message: `unexpected field "${key}" (first seen here)` });
          }
        }
        column.addValue(object[key], file, line);
      }
      if (this.rowSet) {
        const canonical = canonicalJson(object);
        hashText(canonical);
        this.tuple.reset();
        this.tuple.mix();
        this.checkDuplicateRow(file, line, () => canonical);
      }
      if (this.keySet) {
        this.tuple.reset();
        for (const key of this.rules!.primaryKey) {
          hashText(keyText(object[key]));
          this.tuple.mix();
        }
        this.checkPrimaryKey(file, line, () =>
          this.rules!.primaryKey.map((key) => keyText(object[key])).join(', '),
        );
      }
    }
  }

  /**
   * Parquet rows as columns (every row has every column of the batch): the same counts, checks and profiles as
   * `addRecords` on the equivalent objects, column by column without an object per row. Row-level checks
   * (duplicate rows, primary key, a record schema) need the rows, so with those the objects are built.
   */
  addColumns(
    batch: ColumnBatch,
    lines: number[],
    file: string,
    temporal?: Map<string, 'date' | 'datetime'>,
  ): void {
    if (this.rowSet || this.keySet || this.rules?.recordSchema) {
      return this.addRecords(recordsOf(batch, lines.length), lines, file, temporal);
    }
    const before = this.readableRows;
    this.rows += lines.length;
    const given = new Set(batch.names);
    for (const column of this.rules ? this.columns.slice(0, this.rules.fields.length) : []) {
      if (!given.has(column.name)) for (const line of lines) column.addValue(undefined, file, line);
    }
    // In the order a for…in over the equivalent objects meets the keys, so new columns come in the same order.
    for (const c of keyOrder(batch.names)) {
      const name = batch.names[c];
      const values = batch.values[c];
      let column = this.byName.get(name);
      if (!column) {
        column = this.column(name);
        // Earlier rows lacked the key: they count as nulls.
        column.addMissingRows(before);
        column.seen = before;
        if (
          this.rules !== undefined &&
          this.rules.columns !== 'allow-extra' &&
          !this.extraReported.has(name)
        ) {
          this.extraReported.add(name);
          this.layout.push({ file, line: lines[0], message: `unexpected field "${name}" (first seen here)` });
        }
      }
      const kind = column.rules ? temporal?.get(name) : undefined;
      if (kind) for (let r = 0; r < lines.length; r++) column.addTemporal(values[r], kind, file, lines[r]);
      else for (let r = 0; r < lines.length; r++) column.addValue(values[r], file, lines[r]);
    }
  }

  /** A reader's issue (bad JSON line, invalid UTF-8): the row is counted and reported, never profiled. */
  addMalformed(file: string, line: number, message: string): void {
    this.rows++;
    this.malformed.add(file, line, undefined, message);
  }

  /** Declared columns that never appeared in any record of a JSON/Parquet file. */
  checkRecordColumns(file: string, presentBefore: Map<string, number>): void {
    if (!this.rules) return;
    const missing = this.rules.fields
      .map((field) => this.byName.get(field.name)!)
      .filter((column) => column.present === (presentBefore.get(column.name) ?? 0))
      .map((column) => column.name);
    if (missing.length)
      this.layout.push({ file, line: 1, message: `missing column(s): ${missing.join(', ')}` });
  }

  presentCounts(): Map<string, number> {
    return new Map(this.columns.map((column) => [column.name, column.present]));
  }

  private checkDuplicateRow(file: string, line: number, shown: () => string): void {
    const first = this.rowSet!.add(this.tuple.high, this.tuple.low, line);
    if (first) this.duplicateRow(file, line, first, shown);
  }

  private checkPrimaryKey(file: string, line: number, shown: () => string): void {
    const first = this.keySet!.add(this.tuple.high, this.tuple.low, line);
    if (first) this.repeatedKey(file, line, first, shown);
  }

  private duplicateRow(file: string, line: number, first: number, shown: () => string): void {
    const log = this.duplicateRows;
    log.add(file, line, log.wantsSample ? shown() : undefined, `duplicate of line ${first}`);
  }

  private repeatedKey(file: string, line: number, first: number, shown: () => string): void {
    const log = this.primaryKeyFailures;
    log.add(file, line, log.wantsSample ? shown() : undefined, `primary key repeats line ${first}`);
  }
}

function keyText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** JSON with object keys sorted, so records equal as data hash equal whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The rows of a column batch as objects. */
function recordsOf(batch: ColumnBatch, count: number): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  for (let r = 0; r < count; r++) {
    const record: Record<string, unknown> = {};
    for (let c = 0; c < batch.names.length; c++) record[batch.names[c]] = batch.values[c][r];
    records.push(record);
  }
  return records;
}

/**
 * Column indexes in the order for…in enumerates an object's keys: array-index keys ("0", "7", …) first in
 * ascending order, then the others in insertion order; a repeated name counts once, at its last value.
 */
function keyOrder(names: string[]): number[] {
  const last = new Map<string, number>();
  names.forEach((name, c) => last.set(name, c));
  const isIndex = (name: string) => /^(0|[1-9]\d*)$/.test(name) && Number(name) < 2 ** 32 - 1;
  const indexes = [...last.keys()].filter(isIndex).sort((a, b) => Number(a) - Number(b));
  const others = [...last.keys()].filter((name) => !isIndex(name));
  return [...indexes, ...others].map((name) => last.get(name)!);
}
