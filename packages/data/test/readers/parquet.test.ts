import { afterAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { InputDataError } from '@mlgate/core';
import { parquetMetadata } from 'hyparquet';
import { parquetColumns, readParquet, type ParquetReadOptions } from '../../src/readers/parquet.js';
import { drain, errorOf, scratch } from './helpers.js';

// Fixtures written by DuckDB (see make-parquet-fixtures.mjs and README.md next to them).
const fixtures = fileURLToPath(new URL('../fixtures/readers/', import.meta.url));
const fixture = (name: string) => `${fixtures}${name}`;
const dir = scratch('parquet');
afterAll(() => dir.cleanup());

interface ExpectedRow {
  id: number;
  name: string | null;
  score: number | null;
  ratio: number;
  small: number;
  active: boolean | null;
  signup_days: number | null;
  event_time_us: number | null;
  event_ms: number;
  amount: number;
  big_text: string;
  nums: number[];
  pair: { k: number; v: string };
}

/** What DuckDB read back, in the reader's representation: epoch days, floored epoch ms, exact big integers. */
const expectedRows = gunzipSync(readFileSync(fixture('mixed-expected.jsonl.gz')))
  .toString('utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => {
    const row = JSON.parse(line) as ExpectedRow;
    const big = BigInt(row.big_text);
    return {
      id: row.id,
      name: row.name,
      score: row.score,
      ratio: row.ratio,
      small: row.small,
      active: row.active,
      signup: row.signup_days,
      event_time: row.event_time_us === null ? null : Math.floor(row.event_time_us / 1000),
      event_ms: row.event_ms,
      amount: row.amount,
      big: big > BigInt(Number.MAX_SAFE_INTEGER) ? row.big_text : Number(big),
      nums: row.nums,
      pair: row.pair,
    };
  });

/** Nulls may come back as null or undefined: compare them as null. */
function normalise(records: unknown[]): unknown[] {
  return JSON.parse(
    JSON.stringify(records, (_, value: unknown) => (value === undefined ? null : value)),
  ) as unknown[];
}

function read(file: string, extra: Partial<ParquetReadOptions> = {}) {
  return drain((options) => readParquet(file, { ...options, ...extra }), extra);
}

describe('readParquet', () => {
  it('reads a zstd file with 3 row groups: every value, row numbers and row groups', async () => {
    const { records, lines, batches, issues } = await read(fixture('mixed-zstd.parquet'));
    expect(issues).toEqual([]);
    expect(records).toHaveLength(5000);
    expect(normalise(records)).toEqual(expectedRows);
    expect(lines).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    const groups = batches.map((b) => b.rowGroup);
    expect([...new Set(groups)]).toEqual([0, 1, 2]);
    expect(groups).toEqual([...groups].sort());
    expect(batches.every((b) => b.records.length <= 4096)).toBe(true);
  });

  it('converts types as the engine expects: numbers, epoch days, floored epoch ms, exact text beyond 2^53', async () => {
    const { records } = await read(fixture('mixed-zstd.parquet'), { batchSize: 8 });
    const row = (id: number) => records[id - 1] as Record<string, unknown>;
    expect(row(2)).toMatchObject({ id: 2, signup: -6, event_time: 1704067261123, amount: 1.25, big: 1 });
    expect(typeof row(2).id).toBe('number');
    // 1969-12-31 23:59:59.9995 is 500 µs before the epoch: floored to -1 ms, not truncated to 0.
    expect(row(4).event_time).toBe(-1);
    expect(row(1).big).toBe('9007199254740993');
    expect(row(3).nums).toEqual([2, 3]);
    expect(row(3).pair).toEqual({ k: 2, v: 'x2' });
    expect(row(12).name).toBe('Zürich ✓');
  });

  it('reads a snappy file with 2 row groups', async () => {
    const { records, batches } = await read(fixture('mixed-snappy.parquet'));
    expect(normalise(records)).toEqual(expectedRows.slice(0, 3000));
    expect([...new Set(batches.map((b) => b.rowGroup))]).toEqual([0, 1]);
  });

  it('gives the same rows when decoding in small windows and small batches', async () => {
    const { records, lines, batches } = await read(fixture('mixed-zstd.parquet'), {
      windowRows: 700,
      batchSize: 300,
    });
    expect(normalise(records)).toEqual(expectedRows);
    expect(lines).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    expect(Math.max(...batches.map((b) => b.records.length))).toBe(300);
  });

  it.each(['gzip', 'brotli', 'lz4', 'lz4_raw', 'uncompressed'])('decodes %s pages', async (codec) => {
    const { records } = await read(fixture(`small-${codec}.parquet`));
    expect(normalise(records)).toEqual(
      expectedRows.slice(0, 300).map(({ id, name, score, signup }) => ({ id, name, score, signup })),
    );
  });

  it('reports a row with invalid UTF-8 once, with its row and field, and leaves it out of the records', async () => {
    // DuckDB wrote 5 rows (id 1–5, label "ok-<i>"); row 3's label bytes were patched to "bad-" FF FE FD FC.
    const file = fixture('invalid-utf8.parquet');
    const { records, lines, issues } = await read(file);
    expect(records.map((record) => (record as { id: number }).id)).toEqual([1, 2, 4, 5]);
    expect(lines).toEqual([1, 2, 4, 5]);
    expect(issues).toEqual([
      { file, line: 3, rowGroup: 0, field: 'label', message: 'invalid UTF-8 in a string value' },
    ]);
  });

  it('leaves out every row with invalid UTF-8, also across batches', async () => {
    // A second bad row: "ok-4" (row 5, plain-encoded and uncompressed) patched in place to FF FE FD FC.
    const bytes = Buffer.from(readFileSync(fixture('invalid-utf8.parquet')));
    const at = bytes.indexOf('ok-4');
    expect(at).toBeGreaterThan(0);
    bytes.set([0xff, 0xfe, 0xfd, 0xfc], at);
    const file = dir.write('two-bad.parquet', bytes);
    const { records, lines, issues } = await read(file, { batchSize: 2 });
    expect(lines).toEqual([1, 2, 4]);
    expect(records).toHaveLength(3);
    expect(issues.map((issue) => issue.line)).toEqual([3, 5]);
  });

  it('fails on a truncated file: the footer is gone', async () => {
    const bytes = readFileSync(fixture('mixed-zstd.parquet'));
    for (const keep of [bytes.length - 1, Math.floor(bytes.length / 2), 6]) {
      const file = dir.write(`truncated-${keep}.parquet`, bytes.subarray(0, keep));
      const error = await errorOf(readParquet(file, { onIssue: () => {} }));
      expect(error).toBeInstanceOf(InputDataError);
      expect((error as InputDataError).message).toMatch(
        /cannot read the Parquet footer: the file is truncated/,
      );
      expect((error as InputDataError).location?.file).toBe(file);
    }
  });

  it('fails naming the row group when the data is cut out but the footer kept', async () => {
    const bytes = readFileSync(fixture('mixed-zstd.parquet'));
    const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    const group1 = metadata.row_groups[1].columns[0].meta_data!;
    const cut = Number(group1.dictionary_page_offset ?? group1.data_page_offset) + 10;
    const footer = bytes.subarray(bytes.length - metadata.metadata_length - 8);
    const file = dir.write('cut-middle.parquet', Buffer.concat([bytes.subarray(0, cut), footer]));
    const seenGroups = new Set<number | undefined>();
    const error = await errorOf(
      (async function* () {
        for await (const batch of readParquet(file, { onIssue: () => {} }))
          yield seenGroups.add(batch.rowGroup);
      })(),
    );
    expect([...seenGroups]).toEqual([0]);
    expect(error).toBeInstanceOf(InputDataError);
    expect((error as InputDataError).message).toMatch(
      /^row group 1 \(from row 2049; row groups count from 0\).*truncated/,
    );
    expect((error as InputDataError).location).toEqual({ file, line: 2049 });
  });

  it('fails naming the row group when a page is corrupt', async () => {
    const bytes = Buffer.from(readFileSync(fixture('mixed-zstd.parquet')));
    const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    const column = metadata.row_groups[2].columns[1].meta_data!;
    const start = Number(column.dictionary_page_offset ?? column.data_page_offset);
    bytes.fill(0xff, start, start + 24); // the first page header
    const file = dir.write('corrupt-page.parquet', bytes);
    const error = await errorOf(readParquet(file, { onIssue: () => {} }));
    expect(error).toBeInstanceOf(InputDataError);
    expect((error as InputDataError).message).toMatch(
      /^cannot read row group 2 \(rows 4097–5000; row groups count from 0\)/,
    );
    expect((error as InputDataError).location).toEqual({ file, line: 4097 });
  });

  it('fails on a missing, empty or non-Parquet file, naming it', async () => {
    const missing = dir.path('missing.parquet');
    const empty = dir.write('empty.parquet', '');
    const text = dir.write('text.parquet', 'a,b\n1,2\n');
    for (const [file, pattern] of [
      [missing, /does not exist/],
      [empty, /is empty/],
      [text, /not a Parquet file/],
    ] as const) {
      const error = await errorOf(readParquet(file, { onIssue: () => {} }));
      expect(error).toBeInstanceOf(InputDataError);
      expect((error as InputDataError).message).toMatch(pattern);
      expect((error as InputDataError).location?.file).toBe(file);
    }
  });

  it('stops when the signal aborts', async () => {
    const file = dir.path('abort.parquet');
    copyFileSync(fixture('mixed-zstd.parquet'), file);
    const controller = new AbortController();
    let batches = 0;
    const error = await errorOf(
      (async function* () {
        for await (const batch of readParquet(file, {
          onIssue: () => {},
          batchSize: 100,
          signal: controller.signal,
        })) {
          batches++;
          controller.abort();
          yield batch;
        }
      })(),
    );
    expect((error as Error).name).toBe('AbortError');
    expect(batches).toBe(1);
  });
});

describe('parquetColumns', () => {
  it('lists the top-level columns with their contract type and nullability from the footer', async () => {
    const columns = await parquetColumns(fixture('mixed-zstd.parquet'));
    expect(columns.map(({ name, type, nullable }) => [name, type, nullable])).toEqual([
      ['id', 'integer', true],
      ['name', 'string', true],
      ['score', 'number', true],
      ['ratio', 'number', true],
      ['small', 'integer', true],
      ['active', 'boolean', true],
      ['signup', 'date', true],
      ['event_time', 'datetime', true],
      ['event_ms', 'datetime', true],
      ['amount', 'number', true],
      ['big', 'integer', true],
      ['nums', 'any', true],
      ['pair', 'any', true],
    ]);
    expect(columns.find((c) => c.name === 'signup')?.parquetType).toBe('INT32 (DATE)');
    expect(columns.find((c) => c.name === 'nums')?.parquetType).toBe('group (LIST)');
  });

  it('fails on a truncated file', async () => {
    const bytes = readFileSync(fixture('small-gzip.parquet'));
    const file = dir.write('columns-truncated.parquet', bytes.subarray(0, bytes.length - 3));
    await expect(parquetColumns(file)).rejects.toThrow(InputDataError);
  });
});
