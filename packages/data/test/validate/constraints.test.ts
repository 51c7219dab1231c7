/** Row-level constraints: required, unique, ranges, lengths, pattern and enum, each its own check. */
import { describe, expect, it } from '@jest/globals';
import { checkOf, csv, expectFailure, expectPass, hasCheck, validate } from './helpers.js';

/** A contract with a string key column `k` and one more field (its YAML lines after `- name:`). */
const contract = (name: string, lines: string, top = '') =>
  `${top}fields:\n  - name: k\n  - name: ${name}\n${lines
    .split('\n')
    .filter(Boolean)
    .map((line) => `    ${line}\n`)
    .join('')}`;

/** Rows `k,value` with keys r1, r2, … (values may contain commas only when quoted). */
const rows = (values: string[]) => values.map((v, i) => `r${i + 1},${v}`);

describe('required', () => {
  it('counts missing values and names the first line', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,v', rows(['1', '', '3', ''])) },
      contract('v', 'type: integer\nconstraints: { required: true }'),
    );
    const required = checkOf(report, 'required', 'v');
    expectFailure(required, { status: 'fail', failingRows: 2, file: 'd.csv', line: 3 });
    expect(required.samples?.[0].value).toBeUndefined();
    expect(required.samples?.[0].message).toBe('missing value');
    expect(required.samples?.[1].line).toBe(5);
    expect(required.message).toBe('v: 2 of 4 values (50%) are missing');
    expect(required.observed).toBe('2 failing (50%)');
    // A missing value is not a type failure.
    expectPass(checkOf(report, 'type', 'v'));
  });

  it('passes when every value is present, and is absent when not required', async () => {
    const present = await validate(
      { 'd.csv': csv('k,v', rows(['1', '2'])) },
      contract('v', 'type: integer\nconstraints: { required: true }'),
    );
    const required = checkOf(present.report, 'required', 'v');
    expectPass(required);
    expect(required.message).toBe('v: every value is present (required)');
    const optional = await validate({ 'd.csv': csv('k,v', rows(['1', ''])) }, contract('v', 'type: integer'));
    expect(hasCheck(optional.report, 'required', 'v')).toBe(false);
  });

  it('custom missingValues: NA is missing, not an invalid integer; the empty text is then a value', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,v', rows(['1', 'NA', '3', ''])) },
      contract('v', 'type: integer\nconstraints: { required: true }', "missingValues: ['NA']\n"),
    );
    const required = checkOf(report, 'required', 'v');
    expectFailure(required, { status: 'fail', failingRows: 1, file: 'd.csv', line: 3 });
    // '' is not in missingValues: an empty field is a value, and not an integer.
    const type = checkOf(report, 'type', 'v');
    expectFailure(type, { status: 'fail', failingRows: 1, file: 'd.csv', line: 5, value: '' });
  });

  it("a field's own missingValues override the contract's", async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,v', rows(['1', '-', 'NA'])) },
      contract('v', "type: integer\nmissingValues: ['-']", "missingValues: ['', 'NA']\n"),
    );
    expect(report.columns[1]).toMatchObject({ nulls: 1, invalid: 1 });
    expect(checkOf(report, 'type', 'v').samples?.[0]).toMatchObject({ line: 4, value: 'NA' });
  });
});

describe('unique', () => {
  it('reports each repeat with the line of the first occurrence; nulls are not duplicates', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,v', rows(['a', 'b', '', 'a', '', 'b', 'a'])) },
      contract('v', 'constraints: { unique: true }'),
    );
    const unique = checkOf(report, 'unique', 'v');
    expectFailure(unique, { status: 'fail', failingRows: 3, file: 'd.csv', line: 5, value: 'a' });
    expect(unique.samples?.map((s) => [s.line, s.value, s.message])).toEqual([
      [5, 'a', 'duplicate of line 2'],
      [7, 'b', 'duplicate of line 3'],
      [8, 'a', 'duplicate of line 2'],
    ]);
    expect(unique.message).toBe('v: 3 values repeat an earlier row');
    expect(unique.observed).toBe('3 duplicates');
    expect(unique.expected).toBe('no duplicates');
  });

  it('compares parsed values: 1 and 1.0 are the same number', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,v', rows(['1', '2', '1.0'])) },
      contract('v', 'type: number\nconstraints: { unique: true }'),
    );
    expectFailure(checkOf(report, 'unique', 'v'), {
      status: 'fail',
      failingRows: 1,
      file: 'd.csv',
      line: 4,
      value: '1.0',
    });
  });

  it('passes distinct values, quoted or not', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,v', rows(['a', '"b"', '"a,b"', 'c'])) },
      contract('v', 'constraints: { unique: true }'),
    );
    const unique = checkOf(report, 'unique', 'v');
    expectPass(unique);
    expect(unique.message).toBe('v: every value is unique');
  });
});

describe('minimum and maximum', () => {
  it('each bound is its own check with its own count, first line and value', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,age', rows(['30', '-1', '0', '120', '121', '-5', '200'])) },
      contract('age', 'type: integer\nconstraints: { minimum: 0, maximum: 120 }'),
    );
    const minimum = checkOf(report, 'minimum', 'age');
    expectFailure(minimum, { status: 'fail', failingRows: 2, file: 'd.csv', line: 3, value: '-1' });
    expect(minimum.samples?.[0].message).toBe('below minimum 0');
    expect(minimum.message).toBe('age: 2 of 7 values (28.57%) are below the minimum 0');
    const maximum = checkOf(report, 'maximum', 'age');
    expectFailure(maximum, { status: 'fail', failingRows: 2, file: 'd.csv', line: 6, value: '121' });
    expect(maximum.samples?.[0].message).toBe('above maximum 120');
    expect(maximum.message).toBe('age: 2 of 7 values (28.57%) are above the maximum 120');
    // Out-of-range values are still valid integers and still profiled.
    expectPass(checkOf(report, 'type', 'age'));
    expect(report.columns[1]).toMatchObject({ min: -5, max: 200 });
  });

  it('bounds are inclusive', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,x', rows(['0', '1.5', '120'])) },
      contract('x', 'type: number\nconstraints: { minimum: 0, maximum: 120 }'),
    );
    expectPass(checkOf(report, 'minimum', 'x'));
    expectPass(checkOf(report, 'maximum', 'x'));
    expect(checkOf(report, 'minimum', 'x').message).toBe('x: every value passes minimum');
  });

  it('exclusiveMinimum and exclusiveMaximum reject the bound itself', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,p', rows(['0.5', '0', '1', '0.999'])) },
      contract('p', 'type: number\nconstraints: { exclusiveMinimum: 0, exclusiveMaximum: 1 }'),
    );
    const low = checkOf(report, 'exclusiveMinimum', 'p');
    expectFailure(low, { status: 'fail', failingRows: 1, file: 'd.csv', line: 3, value: '0' });
    expect(low.samples?.[0].message).toBe('not above exclusiveMinimum 0');
    expect(low.message).toBe('p: 1 of 4 values (25%) are not above 0');
    const high = checkOf(report, 'exclusiveMaximum', 'p');
    expectFailure(high, { status: 'fail', failingRows: 1, file: 'd.csv', line: 4, value: '1' });
    expect(high.message).toBe('p: 1 of 4 values (25%) are not below 1');
  });

  it('date bounds are written as dates and reported as dates', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,d', rows(['2024-01-01', '2023-12-31', '2024-06-30'])) },
      contract('d', "type: date\nconstraints: { minimum: '2024-01-01' }"),
    );
    const minimum = checkOf(report, 'minimum', 'd');
    expectFailure(minimum, { status: 'fail', failingRows: 1, file: 'd.csv', line: 3, value: '2023-12-31' });
    expect(minimum.samples?.[0].message).toBe('below minimum 2024-01-01');
  });

  it('a custom date format reads its bounds and values alike', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,d', rows(['01/02/2024', '31/12/2023'])) },
      contract('d', "type: date\nformat: '%d/%m/%Y'\nconstraints: { minimum: '01/01/2024' }"),
    );
    expectFailure(checkOf(report, 'minimum', 'd'), {
      status: 'fail',
      failingRows: 1,
      file: 'd.csv',
      line: 3,
      value: '31/12/2023',
    });
  });

  it('honours mostly', async () => {
    const values = Array.from({ length: 50 }, (_, i) => String(i));
    values[10] = '-1';
    const { report } = await validate(
      { 'd.csv': csv('k,n', rows(values)) },
      contract('n', 'type: integer\nmostly: 0.98\nconstraints: { minimum: 0 }'),
    );
    const minimum = checkOf(report, 'minimum', 'n');
    expectFailure(minimum, { status: 'pass', failingRows: 1, file: 'd.csv', line: 12, value: '-1' });
    expect(minimum.expected).toBe('≤ 1 (mostly 0.98)');
  });
});

describe('minLength and maxLength', () => {
  it('count characters, not UTF-16 units or bytes: three emoji are three characters', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,s', rows(['😀😀😀', '😀😀😀😀', '😀', 'héé', 'ab'])) },
      contract('s', 'constraints: { minLength: 2, maxLength: 3 }'),
    );
    const max = checkOf(report, 'maxLength', 's');
    expectFailure(max, { status: 'fail', failingRows: 1, file: 'd.csv', line: 3, value: '😀😀😀😀' });
    expect(max.samples?.[0].message).toBe('length 4 > maxLength 3');
    expect(max.message).toBe('s: 1 of 5 values (20%) are longer than 3 characters');
    const min = checkOf(report, 'minLength', 's');
    expectFailure(min, { status: 'fail', failingRows: 1, file: 'd.csv', line: 4, value: '😀' });
    expect(min.samples?.[0].message).toBe('length 1 < minLength 2');
    expect(min.message).toBe('s: 1 of 5 values (20%) are shorter than 2 characters');
  });

  it('the same counts on the light text path (drift off, lengths only), ASCII and not', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,s', rows(['abc', 'abcd', 'a', '😀😀😀', '😀😀😀😀', '😀', '"x,y"'])) },
      contract('s', 'drift: false\nconstraints: { minLength: 2, maxLength: 3 }'),
    );
    const max = checkOf(report, 'maxLength', 's');
    expect(max.failingRows).toBe(2);
    expect(max.samples?.map((s) => [s.line, s.value])).toEqual([
      [3, 'abcd'],
      [6, '😀😀😀😀'],
    ]);
    const min = checkOf(report, 'minLength', 's');
    expect(min.failingRows).toBe(2);
    expect(min.samples?.map((s) => [s.line, s.value])).toEqual([
      [4, 'a'],
      [7, '😀'],
    ]);
  });
});

describe('pattern', () => {
  it('must match the whole value', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,code', rows(['AB12', 'ab12', 'AB12x', 'XY9', 'A1'])) },
      contract('code', "constraints: { pattern: '[A-Z]{2}\\d+' }"),
    );
    const pattern = checkOf(report, 'pattern', 'code');
    expectFailure(pattern, { status: 'fail', failingRows: 3, file: 'd.csv', line: 3, value: 'ab12' });
    expect(pattern.samples?.map((s) => s.value)).toEqual(['ab12', 'AB12x', 'A1']);
    expect(pattern.samples?.[0].message).toBe('does not match pattern');
    expect(pattern.message).toBe('code: 3 of 5 values (60%) do not match the pattern [A-Z]{2}\\d+');
  });

  it('a value breaking two constraints is counted by both checks', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,s', rows(['abc', 'ABCDE'])) },
      contract('s', "constraints: { maxLength: 3, pattern: '[a-z]+' }"),
    );
    expect(checkOf(report, 'maxLength', 's').failingRows).toBe(1);
    const pattern = checkOf(report, 'pattern', 's');
    expect(pattern.status).toBe('fail');
    expect(pattern.failingRows).toBe(1);
  });
});

describe('enum', () => {
  it('strings: a value outside the list fails', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,colour', rows(['red', 'green', 'blue', 'Red', ''])) },
      contract('colour', 'constraints: { enum: [red, green] }'),
    );
    const check = checkOf(report, 'enum', 'colour');
    expectFailure(check, { status: 'fail', failingRows: 2, file: 'd.csv', line: 4, value: 'blue' });
    expect(check.samples?.[1].value).toBe('Red');
    expect(check.samples?.[0].message).toBe('not in enum');
    // Over the 4 non-null values.
    expect(check.message).toBe('colour: 2 of 4 values (50%) are not one of the 2 allowed values');
  });

  it('integers: compared as numbers, so 02 is 2', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,level', rows(['1', '02', '3', '4', '5'])) },
      contract('level', 'type: integer\nconstraints: { enum: [1, 2, 3] }'),
    );
    const check = checkOf(report, 'enum', 'level');
    expectFailure(check, { status: 'fail', failingRows: 2, file: 'd.csv', line: 5, value: '4' });
    expect(check.message).toBe('level: 2 of 5 values (40%) are not one of the 3 allowed values');
  });

  it('numbers written in YAML for a string field are compared as text', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,zip', rows(['10115', '80331', '01067'])) },
      contract('zip', 'constraints: { enum: [10115, 80331] }'),
    );
    expectFailure(checkOf(report, 'enum', 'zip'), {
      status: 'fail',
      failingRows: 1,
      file: 'd.csv',
      line: 4,
      value: '01067',
    });
  });
});
