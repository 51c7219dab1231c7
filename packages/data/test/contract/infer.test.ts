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
  const document = inferContract(summarise(header, rows), rows.length);
  const yaml = renderContractYaml(document, {
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
    expect(yaml.split('\n').slice(0, 4)).toEqual([
      '# mlgate data contract inferred by `mlgate validate-data --infer` on 2025-01-02T03:04:05.000Z',
      '# from synthetic.csv (6 rows).',
      '# The data it was inferred from passes it. Edit it: tighten ranges, add patterns, stats bounds and',
      '# drift settings, remove enums that are not real categories. Every key: docs/data-contracts.md',
    ]);
    const byName = Object.fromEntries(contract.fields.map((field) => [field.name, field]));
    expect(byName.id).toMatchObject({
      type: 'integer',
      constraints: { required: true, minimum: 1, maximum: 6 },
    });
    expect(byName.score).toMatchObject({ type: 'number', constraints: { minimum: -2000, maximum: 7 } });
    expect(byName.ok).toMatchObject({ type: 'boolean', maxNullFraction: 0.1667 });
    expect(byName.day).toMatchObject({ type: 'date', constraints: { required: true } });
    expect(byName.at.type).toBe('datetime');
    expect(byName.label.constraints.enum).toEqual(['cat', 'dog']);
    expect(byName.note).toMatchObject({ type: 'string', constraints: { minLength: 1, maxLength: 23 } });
    expect(byName.note.constraints.enum).toBeUndefined();
    expect(byName.mixed.type).toBe('string');
    expect(byName.empty).toMatchObject({ type: 'string', maxNullFraction: 1 });
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
      constraints: { required: true, minLength: 3, maxLength: 3 },
    });
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
    expect(contract.fields[0].constraints).toMatchObject({ minimum: 1959, maximum: 2025 });
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
