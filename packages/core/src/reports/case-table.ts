/**
 * The eval report's cases on disk (1.3): a table — the column names once in `caseColumns`, one array per case in
 * `cases`, source files once in `caseFiles` — instead of one object per case that repeats every key, its source
 * file name and absent fields. Readers decode it back to one CaseRecord per case; reports before 1.3 hold objects.
 */
import { truncate } from '../markdown.js';
import {
  CASE_COLUMNS,
  CASE_TEXT_SHOWN,
  type CaseColumn,
  type CaseRecord,
  type EvalReport,
} from './eval-report.js';

export interface CaseTable {
  caseColumns: CaseColumn[];
  /** The source files of the cases; a row's `file` is an index into it (column left out when there is one). */
  caseFiles: string[];
  rows: unknown[][];
}

/** The columns some case uses and the source files, in the order rows refer to them. */
export interface CaseLayout {
  caseColumns: CaseColumn[];
  caseFiles: string[];
  fileIndex: Map<string, number>;
}

/**
 * Cases that hand their fields to a visitor instead of being read as records (the eval run's lazy case list: at a
 * million cases, building each record twice to lay out and write the table was a fifth of eval-gate's time). The
 * visitor gets the members the case's CaseRecord would have, in CASE_COLUMNS order, `source` last; an absent
 * member is skipped or given as undefined.
 */
export const CASE_FIELDS = Symbol.for('mlgate.caseFields');
export type CaseFieldVisitor = (key: keyof CaseRecord, value: unknown) => void;
export type CaseFields = (index: number, visit: CaseFieldVisitor) => void;

const ownFields = (cases: readonly CaseRecord[]) =>
  (cases as unknown as { [CASE_FIELDS]?: CaseFields })[CASE_FIELDS];

/** The case list's field visitor, if it has one (else its records are read). */
function caseFieldsOf(cases: readonly CaseRecord[]): CaseFields {
  const own = ownFields(cases);
  if (own) return own;
  return (index, visit) => {
    const item = cases[index];
    for (const key of Object.keys(item) as (keyof CaseRecord)[]) visit(key, item[key]);
  };
}

type CaseSource = NonNullable<CaseRecord['source']>;

const BIT = new Map<string, number>(CASE_COLUMNS.map((column, index) => [column, 2 ** index]));

/**
 * The table's columns: only those some case uses (one pass over the cases, or over the first `count`: then a
 * later row may not fit, which `caseRowText` tells); rows are encoded by `caseRowText`.
 */
export function caseLayout(cases: readonly CaseRecord[], count = cases.length): CaseLayout {
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  let used = 0;
  let lastFile: string | undefined;
  const visit: CaseFieldVisitor = (key, value) => {
    if (value === undefined) return;
    if (key === 'source') {
      const file = (value as CaseSource).file;
      if (file !== lastFile && !fileIndex.has(file)) {
        fileIndex.set(file, files.length);
        files.push(file);
      }
      lastFile = file;
      used |= BIT.get('line') as number;
      return;
    }
    const bit = BIT.get(key);
    // A field added to CaseRecord needs its column here, or it would be dropped from every report.
    if (bit === undefined) throw new Error(`case field "${key}" has no column in CASE_COLUMNS`);
    used |= bit;
  };
  const fields = caseFieldsOf(cases);
  const end = Math.min(count, cases.length);
  for (let index = 0; index < end; index++) fields(index, visit);
  if (files.length > 1) used |= BIT.get('file') as number;
  return {
    caseColumns: CASE_COLUMNS.filter((column) => (used & (BIT.get(column) as number)) !== 0),
    caseFiles: files,
    fileIndex,
  };
}

/** One case as a row of the table: an absent value is null, and trailing nulls are left out. */
export function encodeCase(item: CaseRecord, { caseColumns, fileIndex }: CaseLayout): unknown[] {
  const row = caseColumns.map((column): unknown => {
    if (column === 'file') return item.source ? fileIndex.get(item.source.file) : undefined;
    if (column === 'line') return item.source?.line;
    return item[column];
  });
  let length = row.length;
  while (length > 0 && row[length - 1] === undefined) length--;
  row.length = length;
  return row.map((value) => (value === undefined ? null : value));
}

/** Distinct values a column keeps the JSON text of. */
const CACHED = 4096;

/** The texts of an object column's member names and numbers, kept while they repeat (as a column's values). */
class MemberTexts {
  private readonly keys = new Map<string, string>();
  private numbers: Map<number, string> | undefined = new Map();

  key(key: string): string {
    let text = this.keys.get(key);
    if (text === undefined) {
      text = JSON.stringify(key);
      if (this.keys.size < CACHED) this.keys.set(key, text);
    }
    return text;
  }

  number(value: number): string {
    let text = this.numbers?.get(value);
    if (text === undefined) {
      text = String(value);
      if (this.numbers && this.numbers.size >= CACHED) this.numbers = undefined;
      this.numbers?.set(value, text);
    }
    return text;
  }
}

/**
 * JSON.stringify(value) for a case's object (scores, tokens, tags): written here when its members are finite
 * numbers (as JSON writes them: -0 as 0), with the texts of names and numbers that repeat kept; else by JSON.
 */
function objectText(value: object, texts: MemberTexts): string {
  if (Array.isArray(value) || typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return JSON.stringify(value);
  let text = '{';
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const member = (value as Record<string, unknown>)[key];
    if (typeof member !== 'number' || !Number.isFinite(member)) return JSON.stringify(value);
    text += `${text.length === 1 ? '' : ','}${texts.key(key)}:${texts.number(member)}`;
  }
  return `${text}}`;
}

/**
 * The JSON text of each case's row, `JSON.stringify(encodeCase(record, layout))`: made from the visited fields,
 * without the record or the row array, when the cases have a visitor (it gives fields in column order). Then
 * the layout may be a guess (`caseLayout` of the first cases): a row with a field or file it lacks gives
 * undefined.
 */
export function caseRowText(
  cases: readonly CaseRecord[],
  layout: CaseLayout,
): (index: number) => string | undefined {
  const fields = ownFields(cases);
  if (!fields) return (index) => JSON.stringify(encodeCase(cases[index], layout));
  const position = new Map<string, number>(layout.caseColumns.map((column, index) => [column, index]));
  const filePosition = position.get('file') ?? -1;
  const linePosition = position.get('line') ?? -1;
  // Each column's texts of its first values, kept while they repeat (labels, rounded scores): a column that
  // passes CACHED distinct values (ids, free numbers) stops caching.
  const caches = layout.caseColumns.map((): Map<unknown, string> | undefined => new Map());
  // Object columns (scores, tokens): their member names' and numbers' texts.
  const members = layout.caseColumns.map(() => new MemberTexts());
  let text = '';
  let next = 0;
  let misfit = false;
  const put = (at: number, value: unknown) => {
    if (value === undefined) return;
    if (at < 0) {
      misfit = true;
      return;
    }
    for (; next < at; next++) text += next === 0 ? 'null' : ',null';
    const cache = caches[at];
    let json = cache?.get(value);
    if (json === undefined) {
      if (typeof value === 'object' && value !== null) json = objectText(value, members[at]);
      else json = typeof value === 'number' && Number.isFinite(value) ? String(value) : JSON.stringify(value);
      if (cache && typeof value !== 'object') {
        if (cache.size < CACHED) cache.set(value, json);
        else caches[at] = undefined;
      }
    }
    text += next === 0 ? json : `,${json}`;
    next = at + 1;
  };
  const visit: CaseFieldVisitor = (key, value) => {
    if (value === undefined) return; // most fields of most cases: no column lookup for them
    if (key !== 'source') return put(position.get(key) ?? -1, value);
    const source = value as CaseSource;
    const file = layout.fileIndex.get(source.file);
    if (file === undefined) misfit = true;
    else if (filePosition >= 0) put(filePosition, file);
    put(linePosition, source.line);
  };
  return (index) => {
    text = '[';
    next = 0;
    misfit = false;
    fields(index, visit);
    return misfit ? undefined : `${text}]`;
  };
}

/** Whether the cases hand over their fields (then `caseRowText` checks each row against a guessed layout). */
export const hasCaseFields = (cases: readonly CaseRecord[]): boolean => ownFields(cases) !== undefined;

/** Cases as rows: only the columns some case uses; an absent value is null, and trailing nulls are left out. */
export function encodeCases(cases: readonly CaseRecord[]): CaseTable {
  const layout = caseLayout(cases);
  return {
    caseColumns: layout.caseColumns,
    caseFiles: layout.caseFiles,
    rows: cases.map((item) => encodeCase(item, layout)),
  };
}

/** A case row back as a CaseRecord (null and missing trailing values are absent fields). */
export function decodeCase(
  row: readonly unknown[],
  columns: readonly CaseColumn[],
  files: readonly string[],
): CaseRecord {
  const record: Record<string, unknown> = {};
  let file: unknown;
  let line: unknown;
  for (let i = 0; i < columns.length && i < row.length; i++) {
    const value = row[i];
    if (value === null || value === undefined) continue;
    const column = columns[i];
    if (column === 'file') file = value;
    else if (column === 'line') line = value;
    else record[column] = value;
  }
  const name = files[typeof file === 'number' ? file : 0];
  if (line !== undefined) record.source = name === undefined ? { line } : { file: name, line };
  return record as unknown as CaseRecord;
}

const cut = <T>(text: T): T => (typeof text === 'string' ? (truncate(text, CASE_TEXT_SHOWN) as T) : text);
const long = (text: unknown) => typeof text === 'string' && text.length > CASE_TEXT_SHOWN;

/** A case's texts cut for a stored baseline, except those its metrics read (exact match and token F1 compare the answer with the expected text). */
function cutTexts<C extends Pick<CaseRecord, 'input' | 'output' | 'expected' | 'predicted' | 'error'>>(
  item: C,
): C {
  if (!long(item.input) && !long(item.output) && !long(item.expected) && !long(item.error)) return item;
  const answer = typeof item.predicted === 'string' ? 'predicted' : 'output';
  const textScored = typeof item.expected === 'string' && item[answer] !== undefined;
  return {
    ...item,
    ...(long(item.input) ? { input: cut(item.input) } : {}),
    ...(long(item.error) ? { error: cut(item.error) } : {}),
    ...(long(item.output) && !(textScored && answer === 'output') ? { output: cut(item.output) } : {}),
    ...(long(item.expected) && !textScored ? { expected: cut(item.expected) } : {}),
  };
}

/**
 * The eval report as a baseline stores it: case texts (input, output, expected, error) cut to the CASE_TEXT_SHOWN
 * characters a comment shows, the marker counting the rest — except the texts a metric compares — and the case
 * diff's texts likewise. The run's own report keeps the full text.
 */
export function baselineCopy(report: EvalReport): EvalReport {
  return {
    ...report,
    cases: report.cases.map(cutTexts),
    ...(report.caseDiff
      ? {
          caseDiff: {
            ...report.caseDiff,
            cases: report.caseDiff.cases.map((entry) => ({
              ...entry,
              ...(long(entry.input) ? { input: cut(entry.input) } : {}),
              ...(long(entry.output) ? { output: cut(entry.output) } : {}),
              ...(long(entry.expected) ? { expected: cut(entry.expected) } : {}),
            })),
          },
        }
      : {}),
  };
}
