import { afterAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputDataError } from '@mlgate/core';
import { parquetMetadata, parquetSchema } from 'hyparquet';
import { loadContract } from '../../src/contract/index.js';
import type { RecordBatch } from '../../src/readers/index.js';
import { readParquet, type ParquetReadOptions } from '../../src/readers/parquet.js';
import {
  decodablePages,
  flatColumnType,
  RleBitPackedDecoder,
  type ValueParsers,
} from '../../src/readers/parquet-pages.js';
import { allChecks } from '../../src/validate/checks.js';
import { DatasetValidator } from '../../src/validate/dataset.js';
import { buildRules } from '../../src/validate/rules.js';
import { drain, errorOf, scratch } from './helpers.js';

// Written by DuckDB (make-parquet-fixtures.mjs; README.md next to them). No Parquet file sits in the shared real
// fixtures (../shared/fixtures/real) or test/fixtures/real, so these DuckDB files are the real writer's output.
const fixtures = fileURLToPath(new URL('../fixtures/readers/', import.meta.url));
const parquetFiles = readdirSync(fixtures)
  .filter((name) => name.endsWith('.parquet') && name !== 'interval.parquet')
  .sort();
const dir = scratch('parquet-pages');
afterAll(() => dir.cleanup());

function read(file: string, extra: Partial<ParquetReadOptions> = {}) {
  return drain((options) => readParquet(file, { ...options, ...extra }), extra);
}

/** The column batches of a file as records (copied: the reader reuses its arrays). */
async function columnRecords(file: string, windowRows?: number) {
  const records: Record<string, unknown>[] = [];
  const lines: number[] = [];
  const issues: unknown[] = [];
  for await (const batch of readParquet(file, {
    onIssue: (issue) => issues.push(issue),
    shape: 'columns',
    windowRows,
  })) {
    expect(batch.records).toEqual([]);
    const { names, values } = batch.columns!;
    batch.lines.forEach((line, k) => {
      const record: Record<string, unknown> = {};
      names.forEach((name, c) => (record[name] = values[c][k]));
      records.push(record);
      lines.push(line);
    });
  }
  return { records, lines, issues };
}

describe('the page decoder against hyparquet, on every Parquet fixture', () => {
  it.each(parquetFiles)('%s: the same records, rows and issues as decoding whole pages', async (name) => {
    const file = `${fixtures}${name}`;
    const reference = await read(file, { decoder: 'hyparquet' });
    expect(reference.records.length).toBeGreaterThan(0);
    for (const windowRows of [undefined, 333]) {
      const ours = await read(file, { windowRows });
      expect(ours.records).toStrictEqual(reference.records);
      expect(ours.lines).toEqual(reference.lines);
      expect(ours.issues).toEqual(reference.issues);
    }
  });

  it.each(parquetFiles)('%s: the column batches hold the same rows as the records', async (name) => {
    const file = `${fixtures}${name}`;
    const reference = await read(file, { decoder: 'hyparquet' });
    for (const windowRows of [500]) {
      const columns = await columnRecords(file, windowRows);
      expect(columns.records).toStrictEqual(reference.records);
      expect(columns.lines).toEqual(reference.lines);
      expect(columns.issues).toEqual(reference.issues);
    }
  });

  it('takes the page decoder for every flat column DuckDB writes, and hyparquet for the rest', () => {
    const bytes = readFileSync(`${fixtures}pages-v1.parquet`);
    const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    const parsers = {} as ValueParsers;
    const flat: string[] = [];
    const other: string[] = [];
    for (const column of parquetSchema(metadata).children) {
      const meta = metadata.row_groups[0].columns.find(
        (chunk) => chunk.meta_data?.path_in_schema[0] === column.element.name,
      )?.meta_data;
      const type = flatColumnType(column.element, column.children.length > 0, meta, parsers);
      if (!type || !meta) {
        other.push(column.element.name);
        continue;
      }
      const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
      const chunk = bytes.subarray(start, start + Number(meta.total_compressed_size));
      (decodablePages(chunk, type.optional) ? flat : other).push(column.element.name);
    }
    expect(flat).toEqual([
      'req_int', 'req_text', 'req_bool', 'req_double', 'tiny', 'small', 'utiny', 'usmall', 'big', 'neg_big',
      'ratio', 'score', 'flag', 'label', 'free', 'day', 'ts', 'ts_ms', 'ts_ns', 'ts_tz', 'clock', 'dec4',
      'dec18', 'blob', 'doc',
    ]); // prettier-ignore
    expect(other).toEqual(['uint', 'ubig', 'dec30', 'id', 'tags', 'pair']);
  });

  it('reads values as DuckDB wrote them: nulls, integers beyond 2^53 as text, floored times, decimals', async () => {
    const { records } = await read(`${fixtures}pages-plain.parquet`, { windowRows: 100 });
    const row = (i: number) => records[i] as Record<string, unknown>;
    // i = 97: big is 9007199254740993 + 97, beyond 2^53, so exact text; i = 89: neg_big is -2^53 - 89.
    expect(row(97).big).toBe('9007199254741090');
    expect(row(89).neg_big).toBe('-9007199254741081');
    expect(row(98).big).toBe(98 * 1000003);
    expect(row(1000).big).toBeNull();
    expect(row(0).tiny).toBeNull();
    expect(row(1).tiny).toBe(-127);
    // 1969-12-31 23:59:59.9995 + 0 µs: floored to -1 ms; ts_ms counts from 10 s before the epoch.
    expect(row(0).ts).toBeNull(); // i % 17 = 0
    expect(row(1).ts).toBe(Math.floor((-500 + 1234567) / 1000));
    expect(row(3).ts_ms).toBe(-10_000 + 3000);
    expect(row(5).dec4).toBe(0.5);
    expect(row(2).dec18).toBeCloseTo(2.002, 10);
    expect(row(3).label).toBe('Zürich ✓');
    expect(row(4).label).toBe('');
    expect(row(2).flag).toBe(true);
    expect(row(7).flag).toBeNull();
    expect(row(1).doc).toEqual({ n: 1, s: 'v1' });
    expect(row(1).day).toBe(-3653 + 7);
    expect(row(0).req_bool).toBe(true);
    expect(row(1).req_bool).toBe(false);
  });

  it('fails naming the file, the row group and the column when a type cannot be read (INTERVAL)', async () => {
    const file = `${fixtures}interval.parquet`;
    const error = await errorOf(readParquet(file, { onIssue: () => {} }));
    expect(error).toBeInstanceOf(InputDataError);
    expect((error as InputDataError).message).toMatch(/^cannot read row group 0 .*column "wait": .*interval/);
    expect((error as InputDataError).location).toEqual({ file, line: 1 });
  });

  it('fails naming the column when a page is cut short', async () => {
    const bytes = Buffer.from(readFileSync(`${fixtures}pages-plain.parquet`));
    const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    const meta = metadata.row_groups[0].columns[14].meta_data!; // "free", PLAIN text, snappy
    const start = Number(meta.data_page_offset);
    bytes.fill(0, start + 40, start + Number(meta.total_compressed_size)); // the compressed page's bytes
    const file = dir.write('cut-page.parquet', bytes);
    const error = await errorOf(readParquet(file, { onIssue: () => {} }));
    expect(error).toBeInstanceOf(InputDataError);
    expect((error as InputDataError).message).toMatch(/^cannot read row group 0 .*column "free"/);
  });

  it('counts a row with invalid UTF-8 once and leaves it out of the column batches', async () => {
    const file = `${fixtures}invalid-utf8.parquet`;
    const { records, lines, issues } = await columnRecords(file);
    expect(lines).toEqual([1, 2, 4, 5]);
    expect(records.map((record) => record.label)).toEqual(['ok-0', 'ok-1', 'ok-3', 'ok-4']);
    expect(issues).toEqual([
      { file, line: 3, rowGroup: 0, field: 'label', message: 'invalid UTF-8 in a string value' },
    ]);
  });
});

describe('RleBitPackedDecoder', () => {
  // Runs by hand (parquet-format Encodings.md): RLE of 5 × 3 (header 5 << 1, value byte), then one bit-packed
  // group of 8 three-bit values 0..7 (header 1 << 1 | 1; bits LSB first: 0x88 0xC6 0xFA), then RLE of 4 × 6.
  const bytes = Uint8Array.from([10, 3, 3, 0x88, 0xc6, 0xfa, 8, 6]);
  const expected = [3, 3, 3, 3, 3, 0, 1, 2, 3, 4, 5, 6, 7, 6, 6, 6, 6];

  it.each([1, 2, 3, 5, 17])('decodes the runs in slices of %i', (slice) => {
    const decoder = new RleBitPackedDecoder(bytes, 0, bytes.length, 3);
    const out = new Int32Array(expected.length);
    for (let at = 0; at < expected.length; at += slice)
      decoder.read(out, at, Math.min(slice, expected.length - at));
    expect([...out]).toEqual(expected);
  });

  it('fails when the data ends before the values asked for', () => {
    const decoder = new RleBitPackedDecoder(bytes, 0, bytes.length, 3);
    expect(() => decoder.read(new Int32Array(30), 0, 30)).toThrow(/ends before its last value/);
  });
});

describe('DatasetValidator.addColumns', () => {
  it('gives the checks and profiles addRecords gives on the same rows', async () => {
    const contract = dir.write(
      'contract.yml',
      [
        'columns: strict',
        'fields:',
        '  - { name: req_int, type: integer, constraints: { minimum: 10 } }',
        '  - { name: label, type: string, constraints: { enum: [alpha, beta], required: true } }',
        '  - { name: score, type: number, constraints: { maximum: 500 } }',
        '  - { name: day, type: date, constraints: { minimum: "1970-01-01" } }',
        '  - { name: ts, type: datetime }',
        '  - { name: big, type: integer }',
        '  - { name: absent, type: string }',
      ].join('\n'),
    );
    const rules = buildRules(await loadContract(contract, 'contract.yml'));
    const file = `${fixtures}pages-v1.parquet`;
    const temporal = new Map<string, 'date' | 'datetime'>([
      ['day', 'date'],
      ['ts', 'datetime'],
      ['ts_ms', 'datetime'],
    ]);
    const byColumns = new DatasetValidator(rules, new Map());
    const byRecords = new DatasetValidator(rules, new Map());
    const feed = async (dataset: DatasetValidator, shape: 'columns' | 'records') => {
      for await (const batch of readParquet(file, {
        onIssue: () => {},
        shape,
        windowRows: 1500,
      }) as AsyncIterable<RecordBatch>) {
        if (batch.columns) dataset.addColumns(batch.columns, batch.lines, 'pages-v1.parquet', temporal);
        else dataset.addRecords(batch.records, batch.lines, 'pages-v1.parquet', temporal);
      }
      dataset.finish();
    };
    await feed(byColumns, 'columns');
    await feed(byRecords, 'records');
    const summary = (dataset: DatasetValidator) =>
      JSON.parse(
        JSON.stringify({
          rows: dataset.rows,
          columns: dataset.columns.map((column) => [column.name, column.profile]),
          checks: allChecks(dataset, 0),
          layout: dataset.layout,
        }),
      ) as unknown;
    const expected = summary(byRecords) as { rows: number; checks: { status: string }[] };
    expect(expected.rows).toBe(6000);
    expect(expected.checks.some((check) => check.status === 'fail')).toBe(true);
    expect(summary(byColumns)).toEqual(expected);
    writeFileSync(dir.path('summary.json'), JSON.stringify(expected));
  });
});
