/**
 * Canonical results as CSV/TSV: a header row with canonical field names; nested fields as `scores.<dim>`,
 * `tags.<name>`, `reasons.<score>`, `tokens.input`, `tokens.output` and `probability.<class>`. Rows are streamed.
 * Cells are typed by column, then checked by the same converter as JSONL:
 * - numeric columns (probability, scores.*, latency_ms, cost_usd, tokens.*) must hold a plain decimal number;
 * - pass accepts true/false, 1/0 and yes/no (any case);
 * - expected/predicted become numbers when the cell is a number, text otherwise;
 * - an empty cell means "no value". Unknown columns are ignored (with a warning).
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import { InputDataError } from '@mlgate/core';
import { canonicalFieldHint, canonicalToRawCase, fail, noCases, setKey, show } from './fields.js';
import type { ImporterOutput, JsonObject, Place } from './fields.js';
import { mapHeader, type ColumnMapping, type MappedHeader } from './columns.js';
import { readHead } from './read.js';
import type { RawCase } from '../types.js';

type ColumnKind = 'id' | 'label' | 'number' | 'pass' | 'text' | 'nested-number' | 'nested-text' | 'ignored';

interface Column {
  name: string;
  kind: ColumnKind;
  /** The canonical field (id, expected, scores...). */
  field: string;
  /** For nested columns: the key inside the field (the score dimension, tag name, class...). */
  key?: string;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);

/** The number in a cell (surrounding spaces allowed), or undefined when the cell is not a plain number. */
export function parseNumberCell(cell: string): number | undefined {
  const text = cell.trim();
  return NUMBER.test(text) ? Number(text) : undefined;
}

function columnFor(name: string): Column {
  switch (name) {
    case 'id':
      return { name, kind: 'id', field: name };
    case 'expected':
    case 'predicted':
      return { name, kind: 'label', field: name };
    case 'probability':
    case 'latency_ms':
    case 'cost_usd':
      return { name, kind: 'number', field: name };
    case 'pass':
      return { name, kind: 'pass', field: name };
    case 'input':
    case 'output':
    case 'error':
      return { name, kind: 'text', field: name };
  }
  const dot = name.indexOf('.');
  if (dot > 0 && dot < name.length - 1) {
    const field = name.slice(0, dot);
    const key = name.slice(dot + 1);
    if (field === 'scores' || field === 'probability') return { name, kind: 'nested-number', field, key };
    if (field === 'tags' || field === 'reasons') return { name, kind: 'nested-text', field, key };
    if (field === 'tokens' && (key === 'input' || key === 'output'))
      return { name, kind: 'nested-number', field, key };
  }
  return { name, kind: 'ignored', field: name };
}

/** Tab for .tsv; otherwise the most frequent of , ; and tab in the first line (comma when none). */
export function sniffDelimiter(file: string, head: string): string {
  if (path.extname(file).toLowerCase() === '.tsv') return '\t';
  const newline = head.indexOf('\n');
  const firstLine = newline === -1 ? head : head.slice(0, newline);
  const count = (char: string): number => firstLine.split(char).length - 1;
  const candidates: [string, number][] = [
    [',', count(',')],
    ['\t', count('\t')],
    [';', count(';')],
  ];
  const best = candidates.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}

/** Line breaks inside a record's (quoted) values: the extra lines the record spans. */
function lineBreaks(record: string[]): number {
  let breaks = 0;
  for (const value of record) {
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c === 10 || (c === 13 && value.charCodeAt(i + 1) !== 10)) breaks++;
    }
  }
  return breaks;
}

export async function importCsv(
  file: string,
  displayName: string,
  mapping?: ColumnMapping,
): Promise<ImporterOutput> {
  const delimiter = sniffDelimiter(file, await readHead(file, displayName));
  const source = createReadStream(file);
  const parser = parse({
    bom: true,
    delimiter,
    relax_column_count: true,
    skip_empty_lines: false,
    relax_quotes: delimiter === '\t',
  });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  const cases: RawCase[] = [];
  const warnings: string[] = [];
  let columns: Column[] | undefined;
  let mapped: MappedHeader | undefined;
  // Line numbers are counted here (csv-parse miscounts CRLF inside quoted values): a record starts on the line
  // after the previous one ended, and spans one line plus the line breaks inside its values.
  let nextLine = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const line = nextLine;
      nextLine += 1 + lineBreaks(record);
      if (record.length === 1 && record[0].trim() === '') continue; // blank line
      const place: Place = { file: displayName, line };
      if (columns === undefined) {
        mapped = mapping
          ? mapHeader(
              record.map((cell) => cell.trim()),
              mapping,
              displayName,
            )
          : undefined;
        columns = readHeader(
          mapped ? [...mapped.names, ...mapped.copies.map((copy) => copy.name)] : record,
          place,
          warnings,
        );
        continue;
      }
      // A column mapped to two fields (id and input) is read twice.
      if (mapped && mapped.copies.length > 0 && record.length === mapped.names.length)
        record.push(...mapped.copies.map((copy) => record[copy.from]));
      if (record.length !== columns.length) {
        fail(
          place,
          undefined,
          `row has ${record.length} value${record.length === 1 ? '' : 's'} but the header has ${columns.length} columns`,
        );
      }
      cases.push(canonicalToRawCase(rowToCanonical(record, columns, place), place));
    }
  } catch (error) {
    if (error instanceof InputDataError) throw error;
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
      throw new InputDataError(`Cannot read the results file (${code}).`, { file: displayName });
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new InputDataError(`Invalid CSV: ${message}`, { file: displayName, line: nextLine });
  } finally {
    source.destroy();
  }
  if (columns === undefined) noCases(displayName, 'it has no header row');
  if (cases.length === 0) noCases(displayName, 'it has a header row but no data rows');
  return { cases, skipped: 0, warnings };
}

function readHeader(record: string[], place: Place, warnings: string[]): Column[] {
  const columns = record.map((cell) => columnFor(cell.trim()));
  const seen = new Set<string>();
  for (const column of columns) {
    if (column.name === '') fail(place, undefined, 'the header row has an empty column name');
    if (seen.has(column.name)) fail(place, column.name, `the header names the column "${column.name}" twice`);
    seen.add(column.name);
  }
  if (!seen.has('id')) {
    fail(
      place,
      'id',
      `the header row has no "id" column (columns: ${columns.map((c) => c.name).join(', ')})`,
    );
  }
  if (seen.has('probability') && columns.some((c) => c.field === 'probability' && c.key !== undefined)) {
    fail(
      place,
      'probability',
      'use either a "probability" column or "probability.<class>" columns, not both',
    );
  }
  const ignored = columns.filter((column) => column.kind === 'ignored').map((column) => column.name);
  if (ignored.length > 0) {
    const described = ignored.map((name) => {
      const hint = canonicalFieldHint(name);
      return hint ? `"${name}" (${hint})` : `"${name}"`;
    });
    warnings.push(
      `${place.file}: ignored column${ignored.length === 1 ? '' : 's'} ${described.join(', ')} ` +
        `(not a canonical field; nested fields are written scores.<name>, tags.<name>, tokens.input, ` +
        `tokens.output, probability.<class>).`,
    );
  }
  return columns;
}

function rowToCanonical(record: string[], columns: Column[], place: Place): JsonObject {
  const row: JsonObject = {};
  for (let index = 0; index < columns.length; index++) {
    const column = columns[index];
    const cell = record[index];
    if (cell === '' || column.kind === 'ignored') continue;
    switch (column.kind) {
      case 'id':
      case 'text':
        row[column.field] = cell;
        break;
      case 'label':
        row[column.field] = parseNumberCell(cell) ?? cell;
        break;
      case 'number':
        if (cell.trim() !== '') row[column.field] = parseNumberCell(cell) ?? cell;
        break;
      case 'pass': {
        const word = cell.trim().toLowerCase();
        if (TRUE_WORDS.has(word)) row.pass = true;
        else if (FALSE_WORDS.has(word)) row.pass = false;
        else if (word !== '')
          fail(place, 'pass', `pass must be one of true/false, 1/0, yes/no; got ${show(cell)}`);
        break;
      }
      case 'nested-number':
      case 'nested-text': {
        if (cell.trim() === '') break;
        const nested = (row[column.field] ??= {}) as Record<string, unknown>;
        const value = column.kind === 'nested-number' ? (parseNumberCell(cell) ?? cell) : cell;
        setKey(nested, column.key as string, value);
        break;
      }
    }
  }
  return row;
}
