/** The type check: "is the column still a float" — every non-null value parses as the declared type. */
import { describe, expect, it } from '@jest/globals';
import { checkOf, csv, expectFailure, expectPass, validate } from './helpers.js';

const field = (name: string, type: string, extra = '') =>
  `fields:\n  - name: ${name}\n    type: ${type}\n${extra}`;

describe('type: integer', () => {
  it('passes integers, with and without sign, and ignores missing values', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,n', ['a,1', 'b,-2', 'c,+3', 'd,', 'e,1234567890123']) },
      `${field('k', 'string')}  - name: n\n    type: integer\n`,
    );
    const type = checkOf(report, 'type', 'n');
    expectPass(type);
    expect(type.message).toBe('n: every value is a valid integer');
    expect(type.observed).toBe('0 failing (0%)');
    expect(type.expected).toBe('≤ 0');
    expect(report.columns.find((c) => c.name === 'n')).toMatchObject({ count: 5, nulls: 1, invalid: 0 });
  });

  it('fails on a float and on text, naming the first failing line and value', async () => {
    const { report } = await validate(
      { 'd.csv': csv('id,n', ['a,1', 'b,2.5', 'c,3', 'd,three']) },
      `${field('id', 'string')}  - name: n\n    type: integer\n`,
    );
    const type = checkOf(report, 'type', 'n');
    expectFailure(type, { status: 'fail', failingRows: 2, file: 'd.csv', line: 3, value: '2.5' });
    expect(type.samples?.map((s) => [s.line, s.value, s.message])).toEqual([
      [3, '2.5', 'not a valid integer'],
      [5, 'three', 'not a valid integer'],
    ]);
    expect(type.message).toBe('n: 2 of 4 values (50%) are not valid integer');
    expect(type.observed).toBe('2 failing (50%)');
    expect(type.expected).toBe('≤ 0');
    expect(report.outcome).toBe('fail');
    expect(report.passed).toBe(false);
  });

  it('an invalid value is counted as invalid, not as a null, and is kept out of the statistics', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,n', ['a,1', 'b,x', 'c,3', 'd,']) },
      `${field('k', 'string')}  - name: n\n    type: integer\n`,
    );
    const column = report.columns.find((c) => c.name === 'n')!;
    expect(column).toMatchObject({ count: 4, nulls: 1, invalid: 1, min: 1, max: 3, mean: 2 });
  });
});

describe('type: number', () => {
  it('passes decimals, exponents and the Frictionless specials NaN and INF', async () => {
    const { report } = await validate(
      { 'd.csv': csv('x', ['1.5', '-0.25', '1e3', '2E-2', '7', 'NaN', 'INF', '-INF']) },
      field('x', 'number'),
    );
    expectPass(checkOf(report, 'type', 'x'));
  });

  it('fails on text and on a number with a thousands separator the contract does not declare', async () => {
    const { report } = await validate(
      { 'd.csv': csv('x', ['1.5', 'abc', '"1,000.5"', '2']) },
      field('x', 'number'),
    );
    const type = checkOf(report, 'type', 'x');
    expectFailure(type, { status: 'fail', failingRows: 2, file: 'd.csv', line: 3, value: 'abc' });
    expect(type.samples?.[1]).toMatchObject({ line: 4, value: '1,000.5' });
    expect(type.message).toBe('x: 2 of 4 values (50%) are not valid number');
  });

  it('reads a declared groupChar and decimalChar', async () => {
    const { report } = await validate(
      { 'd.csv': csv('x', ['"1.000,5"', '"2,25"', '3']) },
      field('x', 'number', "    decimalChar: ','\n    groupChar: '.'\n"),
    );
    expectPass(checkOf(report, 'type', 'x'));
    expect(report.columns[0]).toMatchObject({ min: 2.25, max: 1000.5 });
  });
});

describe('type: string', () => {
  it('accepts any text, numbers included', async () => {
    const { report } = await validate(
      { 'd.csv': csv('s', ['hello', '12', '1.5', 'true', '"with, comma"']) },
      field('s', 'string'),
    );
    const type = checkOf(report, 'type', 's');
    expectPass(type);
    expect(type.message).toBe('s: every value is a valid string');
  });
});

describe('type: date', () => {
  it('default format: ISO dates pass; other spellings and impossible days fail', async () => {
    const { report } = await validate(
      { 'd.csv': csv('d', ['2024-01-31', '2024-02-29', '2023-02-29', '31/01/2024', '2024-1-5']) },
      field('d', 'date'),
    );
    const type = checkOf(report, 'type', 'd');
    expectFailure(type, { status: 'fail', failingRows: 3, file: 'd.csv', line: 4, value: '2023-02-29' });
    expect(type.samples?.map((s) => s.value)).toEqual(['2023-02-29', '31/01/2024', '2024-1-5']);
    expect(type.samples?.[0].message).toBe('not a valid date');
  });

  it('a custom strptime format: that spelling passes, ISO fails, and the label names the format', async () => {
    const { report } = await validate(
      { 'd.csv': csv('d', ['31/01/2024', '01/02/2024', '2024-01-31']) },
      field('d', 'date', "    format: '%d/%m/%Y'\n"),
    );
    const type = checkOf(report, 'type', 'd');
    expectFailure(type, { status: 'fail', failingRows: 1, file: 'd.csv', line: 4, value: '2024-01-31' });
    expect(type.message).toBe('d: 1 of 3 values (33.33%) are not valid date (format %d/%m/%Y)');
    // Dates are profiled as epoch days: 31/01/2024 is day 19753.
    expect(report.columns[0]).toMatchObject({ min: 19753, max: 19754 });
  });
});

describe('type: datetime', () => {
  it('default format: ISO 8601 with a time passes; a bare date or an hour 25 fails', async () => {
    const { report } = await validate(
      {
        'd.csv': csv('t', [
          '2024-01-31T12:00:00Z',
          '2024-01-31T12:00:00.250+02:00',
          '2024-01-31',
          '2024-01-31T25:00:00Z',
        ]),
      },
      field('t', 'datetime'),
    );
    const type = checkOf(report, 'type', 't');
    expectFailure(type, { status: 'fail', failingRows: 2, file: 'd.csv', line: 4, value: '2024-01-31' });
    expect(type.samples?.[1]).toMatchObject({ line: 5, value: '2024-01-31T25:00:00Z' });
    // Epoch milliseconds, the offset applied: 12:00:00.250+02:00 is 10:00:00.250Z.
    expect(report.columns[0].min).toBe(Date.UTC(2024, 0, 31, 10, 0, 0, 250));
    expect(report.columns[0].max).toBe(Date.UTC(2024, 0, 31, 12));
  });

  it('a custom format', async () => {
    const { report } = await validate(
      { 'd.csv': csv('t', ['2024-01-31 12:30', '2024-02-01 00:00', '2024-01-31T12:30:00Z']) },
      field('t', 'datetime', "    format: '%Y-%m-%d %H:%M'\n"),
    );
    const type = checkOf(report, 'type', 't');
    expectFailure(type, {
      status: 'fail',
      failingRows: 1,
      file: 'd.csv',
      line: 4,
      value: '2024-01-31T12:30:00Z',
    });
    expect(type.message).toContain('are not valid datetime (format %Y-%m-%d %H:%M)');
    expect(report.columns[0].min).toBe(Date.UTC(2024, 0, 31, 12, 30));
  });
});

describe('type: boolean', () => {
  it('default true/false values pass; yes/no fail', async () => {
    const { report } = await validate(
      { 'd.csv': csv('b', ['true', 'False', 'TRUE', '1', '0', 'yes', 'no']) },
      field('b', 'boolean'),
    );
    const type = checkOf(report, 'type', 'b');
    expectFailure(type, { status: 'fail', failingRows: 2, file: 'd.csv', line: 7, value: 'yes' });
    expect(type.message).toBe('b: 2 of 7 values (28.57%) are not valid boolean');
  });

  it('custom trueValues/falseValues replace the defaults', async () => {
    const { report } = await validate(
      { 'd.csv': csv('b', ['yes', 'no', 'Y', 'true']) },
      field('b', 'boolean', '    trueValues: [yes, Y]\n    falseValues: [no, N]\n'),
    );
    const type = checkOf(report, 'type', 'b');
    expectFailure(type, { status: 'fail', failingRows: 1, file: 'd.csv', line: 5, value: 'true' });
    // Parsed booleans are profiled as true/false, whatever their spelling.
    expect(report.columns[0].topValues).toEqual([
      { value: 'true', count: 2 },
      { value: 'false', count: 1 },
    ]);
  });
});

describe('type: mostly', () => {
  const values = (bad: number) =>
    Array.from({ length: 100 }, (_, i) => (i >= 100 - bad ? `bad${i}` : String(i)));

  it('mostly 0.99 passes 1 failure in 100, reporting it', async () => {
    const { report } = await validate(
      { 'd.csv': csv('n', values(1)) },
      field('n', 'integer', '    mostly: 0.99\n'),
    );
    const type = checkOf(report, 'type', 'n');
    expectFailure(type, { status: 'pass', failingRows: 1, file: 'd.csv', line: 101, value: 'bad99' });
    expect(type.message).toBe(
      'n: 1 of 100 values (1%) are not valid integer, within the allowed 1 (mostly 0.99)',
    );
    expect(type.observed).toBe('1 failing (1%)');
    expect(type.expected).toBe('≤ 1 (mostly 0.99)');
    expect(report.outcome).toBe('pass');
  });

  it('mostly 0.99 fails 2 failures in 100', async () => {
    const { report } = await validate(
      { 'd.csv': csv('n', values(2)) },
      field('n', 'integer', '    mostly: 0.99\n'),
    );
    const type = checkOf(report, 'type', 'n');
    expectFailure(type, { status: 'fail', failingRows: 2, file: 'd.csv', line: 100, value: 'bad98' });
    expect(type.message).toBe('n: 2 of 100 values (2%) are not valid integer');
    expect(type.expected).toBe('≤ 1 (mostly 0.99)');
  });

  it('mostly counts over the non-null values only', async () => {
    // 99 values and 50 nulls: 1% of 99 allows 0 failures, so 1 failure fails.
    const rows = [...values(1).slice(1), ...Array.from({ length: 50 }, () => '')].map((v) => `k,${v}`);
    const { report } = await validate(
      { 'd.csv': csv('k,n', rows) },
      `${field('k', 'string')}  - name: n\n    type: integer\n    mostly: 0.99\n`,
    );
    const type = checkOf(report, 'type', 'n');
    expect(type.status).toBe('fail');
    expect(type.message).toBe('n: 1 of 99 values (1.01%) are not valid integer');
    expect(report.columns[1]).toMatchObject({ count: 149, nulls: 50, invalid: 1 });
  });
});

describe('type: integer and number edge spellings', () => {
  it('an integer column rejects 1.0, 1e3 and padded values', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,n', ['a,1.0', 'b,1e3', 'c, 5', 'd,00012', 'e,-0']) },
      `${field('k', 'string')}  - name: n\n    type: integer\n`,
    );
    const type = checkOf(report, 'type', 'n');
    expectFailure(type, { status: 'fail', failingRows: 3, file: 'd.csv', line: 2, value: '1.0' });
    expect(type.samples?.map((s) => s.value)).toEqual(['1.0', '1e3', ' 5']);
  });

  it('a number column rejects hexadecimal, underscores and padded values', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,x', ['a,0x10', 'b,1_000', 'c, 2 ', 'd,.5']) },
      `${field('k', 'string')}  - name: x\n    type: number\n`,
    );
    const type = checkOf(report, 'type', 'x');
    expect(type.failingRows).toBe(3);
    expect(type.samples?.map((s) => s.value)).toEqual(['0x10', '1_000', ' 2 ']);
  });
});

describe('type: year', () => {
  it('accepts four-digit years', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,y', ['a,2020', 'b,1999', 'c,0012']) },
      `${field('k', 'string')}  - name: y\n    type: year\n`,
    );
    expectPass(checkOf(report, 'type', 'y'));
  });

  it('rejects what the Table Schema year parser rejects: 5 digits, signs, decimals (CSV as JSON)', async () => {
    // The contract's own parser (parseYear) and the JSON coercer accept only 0..9999 as four digits.
    const { report } = await validate(
      { 'd.csv': csv('k,y', ['a,2020', 'b,99999', 'c,-5', 'd,+2020', 'e,20.0']) },
      `${field('k', 'string')}  - name: y\n    type: year\n`,
    );
    const type = checkOf(report, 'type', 'y');
    expectFailure(type, { status: 'fail', failingRows: 4, file: 'd.csv', line: 3, value: '99999' });
    expect(type.samples?.map((s) => s.value)).toEqual(['99999', '-5', '+2020', '20.0']);
  });
});
