import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  INVALID,
  classifyJsonValue,
  classifyText,
  inferContract,
  inferType,
  makeConstraintChecker,
  makeJsonCoercer,
  makeMissingTest,
  makeParser,
  parseContract,
  parserOptions,
  renderContractYaml,
  type ColumnSummary,
  type Contract,
} from '../../src/contract/index.js';
import { fixtures, readCsv } from './helpers.js';

/** What the profiler would summarise: exact counts, since these files are small. */
function summarise(header: string[], rows: string[][]): ColumnSummary[] {
  return header.map((name, column) => {
    const summary: ColumnSummary = {
      name,
      count: rows.length,
      nulls: 0,
      types: {},
      distinct: 0,
      topValues: [],
      topValuesExact: true,
    };
    const counts = new Map<string, number>();
    for (const row of rows) {
      const text = row[column];
      if (text === '') {
        summary.nulls++;
        continue;
      }
      const kind = classifyText(text);
      summary.types[kind] = (summary.types[kind] ?? 0) + 1;
      counts.set(text, (counts.get(text) ?? 0) + 1);
      const length = [...text].length;
      summary.minLength = Math.min(summary.minLength ?? Infinity, length);
      summary.maxLength = Math.max(summary.maxLength ?? 0, length);
      if (kind !== 'string' && kind !== 'boolean') {
        const value = makeParser(parserOptions(kind === 'integer' ? 'number' : kind))(text) as number;
        if (!Number.isNaN(value)) {
          summary.min = Math.min(summary.min ?? Infinity, value);
          summary.max = Math.max(summary.max ?? -Infinity, value);
        }
      }
    }
    summary.distinct = counts.size;
    if (summary.types.integer === rows.length - summary.nulls && counts.size <= 20) {
      const integers = new Map<number, number>();
      for (const [text, count] of counts)
        integers.set(Number(text), (integers.get(Number(text)) ?? 0) + count);
      summary.integerValues = [...integers].map(([value, count]) => ({ value, count }));
    }
    summary.topValues = [...counts].map(([value, count]) => ({ value, count })).slice(0, 30);
    summary.topValuesExact = counts.size <= 30;
    return summary;
  });
}

/** Every value of every row passes the contract, as the validation engine will check it. */
function expectDataPasses(contract: Contract, header: string[], rows: string[][]): void {
  expect(contract.fields.map((field) => field.name)).toEqual(header);
  expect(rows.length).toBeGreaterThanOrEqual(contract.rowCount.min ?? 0);
  expect(rows.length).toBeLessThanOrEqual(contract.rowCount.max ?? Infinity);
  for (const field of contract.fields) {
    const parse = makeParser(field);
    const check = makeConstraintChecker(field);
    const missing = makeMissingTest(field.missingValues);
    let nulls = 0;
    for (const row of rows) {
      const text = row[field.index];
      if (missing(text)) {
        nulls++;
        continue;
      }
      const value = parse(text);
      if (value === INVALID) throw new Error(`${field.name}: ${JSON.stringify(text)} is not a ${field.type}`);
      const reason = check(value);
      if (reason) throw new Error(`${field.name}: ${JSON.stringify(text)} ${reason}`);
    }
    if (field.constraints.required) expect(nulls).toBe(0);
    expect(nulls / rows.length).toBeLessThanOrEqual(field.maxNullFraction ?? 1);
  }
}

async function roundTrip(name: string, header: string[], rows: string[][]) {
  const inferred = inferContract(summarise(header, rows), rows.length);
  const yaml = renderContractYaml(inferred, {
    source: name,
    rows: rows.length,
    generatedAt: new Date('2025-01-02T03:04:05Z'),
  });
  const contract = await parseContract(yaml, `${name}.contract.yml`);
  expectDataPasses(contract, header, rows);
  return { yaml, contract };
}

const synthetic: string[][] = [
  ['id', 'score', 'ok', 'day', 'at', 'label', 'note', 'mixed', 'empty', 'code'],
  [
    '1',
    '0.5',
    'true',
    '2024-01-01',
    '2024-01-01T00:00:00Z',
    'cat',
    'says "hi", then #leaves',
    '1',
    '',
    '007',
  ],
  ['2', '1', 'false', '2024-02-29', '2024-03-01 12:30:00+02:00', 'dog', 'yes', 'x', '', '008'],
  ['3', '-2e3', 'TRUE', '2023-12-31', '2024-01-01T00:00:00.5Z', 'cat', '', '2.5', '', '009'],
  ['4', 'NaN', 'False', '2024-01-01', '2024-06-30T23:59:59-05:00', 'dog', 'emoji 😀', 'true', '', '010'],
  ['5', '7', '', '2024-01-02', '', 'cat', 'null', '2024-01-01', '', '011'],
  ['6', '7', 'true', '2024-01-03', '2024-01-01T00:00:00Z', 'dog', 'x', '', '', '012'],
];

describe('inferType', () => {
  it('picks the most specific type every value parses as', () => {
    expect(inferType({ integer: 3 })).toBe('integer');
    expect(inferType({ integer: 3, number: 1 })).toBe('number');
    expect(inferType({ boolean: 2 })).toBe('boolean');
    expect(inferType({ date: 2 })).toBe('date');
    expect(inferType({ datetime: 2 })).toBe('datetime');
    expect(inferType({ date: 2, datetime: 1 })).toBe('string');
    expect(inferType({ integer: 1, boolean: 1 })).toBe('string');
    expect(inferType({})).toBe('string');
    expect(inferType({ any: 1, string: 2 })).toBe('any');
  });
});

describe('inferContract + renderContractYaml', () => {
  it('writes a commented contract the same data passes (synthetic edge cases)', async () => {
    const [header, ...rows] = synthetic;
    const { yaml, contract } = await roundTrip('synthetic.csv', header, rows);
    expect(yaml.split('\n').slice(0, 2)).toEqual([
      '# mlgate data contract inferred by `mlgate validate-data --infer` on 2025-01-02T03:04:05.000Z',
      '# from synthetic.csv (6 rows). That data passes it, and so should more from the same source:',
    ]);
    expect(yaml).toMatch(/# - minimum\/maximum: the observed range widened on each side by 50% of it/);
    const byName = Object.fromEntries(contract.fields.map((field) => [field.name, field]));
    // 1–6, all positive: × and ÷ √(6/1) = 2.449 → 0.41 and 14.7, whole numbers outward.
    expect(byName.id).toMatchObject({ type: 'integer', constraints: { minimum: 0, maximum: 15 } });
    // Never required (the resolved contract says false): no null in 6 rows allows 4·√(2·(1/8)(7/8)/6) = 0.7638 (rounded up) in the next batch.
    expect(byName.id.constraints.required).toBe(false);
    expect(byName.id.maxNullFraction).toBe(
      Math.ceil(4 * Math.sqrt((2 * (1 / 8) * (7 / 8)) / 6) * 10_000) / 10_000,
    );
    expect(yaml).toMatch(/ {6}minimum: 0 # observed 1\n {6}maximum: 15 # observed 6\n/);
    // −2000…7 (NaN is not part of the range): ± 2007/2 → −3003.5 and 1010.5, 3 significant digits outward.
    expect(byName.score).toMatchObject({ type: 'number', constraints: { minimum: -3010, maximum: 1020 } });
    // 1 null in 6 rows: 1/6 + 4·√(2·0.25·0.75/6) > 1.
    expect(byName.ok).toMatchObject({ type: 'boolean', maxNullFraction: 1 });
    // 2024-01-01T00:00:00Z … 2024-06-30T23:59:59-05:00 = 2024-07-01T04:59:59Z: minimum only, half the span earlier.
    expect(byName.day.type).toBe('date');
    expect(byName.at.type).toBe('datetime');
    expect(byName.at.constraints.maximum).toBeUndefined();
    const [first, last] = [Date.parse('2024-01-01T00:00:00Z'), Date.parse('2024-07-01T04:59:59Z')];
    const day = 86_400_000;
    const atMinimum = new Date(Math.floor((first - (last - first) / 2) / day) * day).toISOString();
    expect(yaml).toContain(`minimum: "${atMinimum}" # observed 2024-01-01T00:00:00.000Z`);
    // Dates 2023-12-31 … 2024-02-29 (60 days): 30 days before the first.
    expect(yaml).toContain('minimum: "2023-12-01" # observed 2023-12-31');
    // cat and dog 3 times each: fewer than 5, so no enum; every label has 3 characters.
    expect(byName.label.constraints.enum).toBeUndefined();
    expect(byName.label.constraints).toMatchObject({ minLength: 3, maxLength: 3 });
    // Lengths 1–23 → 23·√23 = 110.3 → 111; the lower bound (0.2) is below 1: no minLength.
    expect(byName.note).toMatchObject({ type: 'string', constraints: { maxLength: 111 } });
    expect(byName.note.constraints.minLength).toBeUndefined();
    expect(byName.note.constraints.enum).toBeUndefined();
    expect(byName.mixed.type).toBe('string');
    expect(byName.empty).toMatchObject({ type: 'string', maxNullFraction: 1 });
    // "007"… "012": 6 distinct integers seen once each: a range, no enum.
    expect(byName.code.constraints.enum).toBeUndefined();
    // Leading zeros are integers to classifyText: "007" parses as 7 and passes.
    expect(byName.code.type).toBe('integer');
    expect(contract.rowCount).toEqual({ min: 3, max: 12 });
    expect(contract.columns).toBe('strict');
  });
  it('infers from the real country-codes CSV (56 columns, multi-script values)', async () => {
    const [header, ...rows] = readCsv(path.join(fixtures, 'real', 'frictionless', 'country-codes.csv'));
    expect(rows).toHaveLength(249);
    const { contract } = await roundTrip('country-codes.csv', header, rows);
    const byName = Object.fromEntries(contract.fields.map((field) => [field.name, field]));
    expect(byName['ISO3166-1-Alpha-3']).toMatchObject({
      type: 'string',
      constraints: { minLength: 3, maxLength: 3 },
    });
    // Mostly numbers ("971") with a few lists ("978,840"): a string column whose lengths do not bound its numbers.
    expect(byName['ISO4217-currency_numeric_code'].type).toBe('string');
    expect(byName['ISO4217-currency_numeric_code'].constraints.minLength).toBeUndefined();
    expect(byName['Region Name'].constraints.enum).toEqual([
      'Africa',
      'Americas',
      'Asia',
      'Europe',
      'Oceania',
    ]);
    expect(byName['Geoname ID'].type).toBe('integer');
  });
  it('infers from the real co2 annual means (year, numbers)', async () => {
    const [header, ...rows] = readCsv(path.join(fixtures, 'real', 'frictionless', 'co2-annmean-mlo.csv'));
    const { contract } = await roundTrip('co2-annmean-mlo.csv', header, rows);
    expect(contract.fields.map((field) => field.type)).toEqual(['integer', 'number', 'number']);
    const factor = Math.sqrt(2025 / 1959);
    expect(contract.fields[0].constraints).toMatchObject({
      minimum: Math.floor(1959 / factor),
      maximum: Math.ceil(2025 * factor),
    });
  });
});

describe('JSON and Parquet values', () => {
  it('classifyJsonValue agrees with makeJsonCoercer', () => {
    const values: unknown[] = [
      1,
      1.5,
      2n,
      true,
      'x',
      '12',
      '2024-01-01',
      '2024-01-01T00:00:00Z',
      new Date(0),
      new Date(5),
      { a: 1 },
    ];
    for (const value of values) {
      const kind = classifyJsonValue(value)!;
      const type = kind === 'integer' ? 'integer' : kind;
      expect([value, makeJsonCoercer(parserOptions(type))(value)]).not.toEqual([value, INVALID]);
    }
    expect(classifyJsonValue('12')).toBe('string');
    expect(classifyJsonValue(null)).toBeNull();
    expect(classifyJsonValue(undefined)).toBeNull();
  });
});
