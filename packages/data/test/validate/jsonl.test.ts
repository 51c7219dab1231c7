/** JSONL records: absent keys, non-object records, unexpected keys, JSON types against the contract. */
import { describe, expect, it } from '@jest/globals';
import { checkOf, expectFailure, expectPass, jsonl, validate } from './helpers.js';

const contract = {
  fields: [
    { name: 'k', type: 'string' },
    { name: 'v', type: 'integer', constraints: { required: true } },
  ],
};

describe('JSONL: absent keys', () => {
  it('a record without a declared key counts as a null there, with its line', async () => {
    const { report } = await validate(
      { 'd.jsonl': jsonl([{ k: 'a', v: 1 }, { k: 'b' }, { k: 'c', v: null }, { k: 'd', v: 4 }]) },
      contract,
    );
    expect(report.columns.find((c) => c.name === 'v')).toMatchObject({ count: 4, nulls: 2 });
    const required = checkOf(report, 'required', 'v');
    expectFailure(required, { status: 'fail', failingRows: 2, file: 'd.jsonl', line: 2 });
    expect(required.samples?.[1].line).toBe(3);
    // The key is present in some records: no columns finding.
    expectPass(checkOf(report, 'columns'));
  });

  it('an undeclared key first seen late counts the earlier records as nulls', async () => {
    const { report } = await validate(
      {
        'd.jsonl': jsonl([
          { k: 'a', v: 1 },
          { k: 'b', v: 2 },
          { k: 'c', v: 3, x: 1.5 },
          { k: 'd', v: 4 },
        ]),
      },
      { ...contract, columns: 'allow-extra' },
    );
    expect(report.columns.find((c) => c.name === 'x')).toMatchObject({ count: 4, nulls: 3, min: 1.5 });
    expectPass(checkOf(report, 'columns'));
  });

  it('a declared field named like an Object.prototype member is absent, not a function', async () => {
    const { report } = await validate(
      { 'd.jsonl': jsonl([{ k: 'a' }, { k: 'b', constructor: 'x' }]) },
      { fields: [{ name: 'k' }, { name: 'constructor' }] },
    );
    expectPass(checkOf(report, 'type', 'constructor'));
    expect(report.columns.find((c) => c.name === 'constructor')).toMatchObject({ count: 2, nulls: 1 });
  });

  it('a declared key absent from every record is a missing column', async () => {
    const { report } = await validate({ 'd.jsonl': jsonl([{ k: 'a' }, { k: 'b' }]) }, contract);
    expect(checkOf(report, 'columns')).toMatchObject({
      status: 'fail',
      file: 'd.jsonl',
      line: 1,
      message: 'missing column(s): v',
    });
    expect(report.columns.find((c) => c.name === 'v')).toMatchObject({ count: 2, nulls: 2 });
  });
});

describe('JSONL: records that are not objects, lines that are not JSON', () => {
  it('each is a parse finding with its line; none is profiled or counted as a null', async () => {
    const text = [
      JSON.stringify({ k: 'a', v: 1 }),
      '[1, 2]',
      '42',
      '{"k": "b", "v": 2',
      'null',
      JSON.stringify({ k: 'c', v: 3 }),
    ].join('\n');
    const { report } = await validate({ 'd.jsonl': `${text}\n` }, contract);
    const parse = checkOf(report, 'parse');
    expectFailure(parse, { status: 'fail', failingRows: 4, file: 'd.jsonl', line: 2, value: '[1,2]' });
    expect(parse.samples?.map((s) => [s.line, s.message])).toEqual([
      [2, 'a record must be a JSON object, found an array'],
      [3, 'a record must be a JSON object, found a number'],
      [4, expect.stringMatching(/not valid JSON/)],
      [5, 'a record must be a JSON object, found null'],
    ]);
    expect(report.rows).toBe(6);
    expect(report.columns.find((c) => c.name === 'v')).toMatchObject({ count: 2, nulls: 0 });
    expectPass(checkOf(report, 'required', 'v'));
  });
});

describe('JSONL: unexpected keys', () => {
  it('under columns: strict an extra key is a columns finding naming the line where it first appears', async () => {
    const { report } = await validate(
      {
        'd.jsonl': jsonl([
          { k: 'a', v: 1 },
          { k: 'b', v: 2 },
          { k: 'c', v: 3, extra: true },
          { k: 'd', v: 4, extra: false },
        ]),
      },
      contract,
    );
    expect(checkOf(report, 'columns')).toMatchObject({
      status: 'fail',
      file: 'd.jsonl',
      line: 3,
      message: 'unexpected field "extra" (first seen here)',
      observed: '1 problem(s)',
    });
  });

  it('ignore-order reports it too; allow-extra does not', async () => {
    const data = { 'd.jsonl': jsonl([{ k: 'a', v: 1, extra: 1 }]) };
    expect(
      checkOf((await validate(data, { ...contract, columns: 'ignore-order' })).report, 'columns').status,
    ).toBe('fail');
    expect(
      checkOf((await validate(data, { ...contract, columns: 'allow-extra' })).report, 'columns').status,
    ).toBe('pass');
  });

  it('key order within a record does not matter', async () => {
    const { report } = await validate({ 'd.jsonl': jsonl([{ v: 1, k: 'a' }]) }, contract);
    expectPass(checkOf(report, 'columns'));
  });
});

describe('JSONL: JSON types against the declared type', () => {
  it('a quoted number in an integer field is a type failure; 2.0 read by JSON is the integer 2', async () => {
    const text =
      '{"k":"a","v":1}\n{"k":"b","v":"5"}\n{"k":"c","v":2.0}\n{"k":"d","v":2.5}\n{"k":"e","v":true}\n';
    const { report } = await validate({ 'd.jsonl': text }, contract);
    const type = checkOf(report, 'type', 'v');
    expectFailure(type, { status: 'fail', failingRows: 3, file: 'd.jsonl', line: 2, value: '5' });
    expect(type.samples?.map((s) => s.value)).toEqual(['5', '2.5', 'true']);
  });

  it('a number in a string field is a type failure', async () => {
    const { report } = await validate(
      {
        'd.jsonl': jsonl([
          { k: 'a', v: 1 },
          { k: 7, v: 2 },
        ]),
      },
      contract,
    );
    expectFailure(checkOf(report, 'type', 'k'), {
      status: 'fail',
      failingRows: 1,
      file: 'd.jsonl',
      line: 2,
      value: '7',
    });
  });

  it('dates are strings in the field format; booleans must be JSON booleans', async () => {
    const { report } = await validate(
      {
        'd.jsonl': jsonl([
          { d: '2024-01-31', b: true },
          { d: '31/01/2024', b: 'true' },
        ]),
      },
      {
        fields: [
          { name: 'd', type: 'date' },
          { name: 'b', type: 'boolean' },
        ],
      },
    );
    expectFailure(checkOf(report, 'type', 'd'), {
      status: 'fail',
      failingRows: 1,
      file: 'd.jsonl',
      line: 2,
      value: '31/01/2024',
    });
    expectFailure(checkOf(report, 'type', 'b'), {
      status: 'fail',
      failingRows: 1,
      file: 'd.jsonl',
      line: 2,
      value: 'true',
    });
  });

  it('constraints, unique and primary keys work on JSON values', async () => {
    const { report } = await validate(
      {
        'd.jsonl': jsonl([
          { k: 'a', v: 1 },
          { k: 'b', v: -1 },
          { k: 'a', v: 3 },
        ]),
      },
      {
        primaryKey: 'k',
        fields: [
          { name: 'k', constraints: { unique: true } },
          { name: 'v', type: 'integer', constraints: { minimum: 0 } },
        ],
      },
    );
    expectFailure(checkOf(report, 'minimum', 'v'), {
      status: 'fail',
      failingRows: 1,
      file: 'd.jsonl',
      line: 2,
      value: '-1',
    });
    expectFailure(checkOf(report, 'unique', 'k'), {
      status: 'fail',
      failingRows: 1,
      file: 'd.jsonl',
      line: 3,
      value: 'a',
    });
    expectFailure(checkOf(report, 'primaryKey'), {
      status: 'fail',
      failingRows: 1,
      file: 'd.jsonl',
      line: 3,
      value: 'a',
    });
  });

  it('duplicate records are the same object whatever the order of its keys', async () => {
    const { report } = await validate(
      { 'd.jsonl': '{"k":"a","v":1}\n{"k":"b","v":2}\n{"k":"a","v":1}\n{"v":1,"k":"a"}\n' },
      { ...contract, duplicateRows: 'error' },
    );
    const check = checkOf(report, 'duplicateRows');
    expect(check.samples?.map((s) => [s.line, s.message])).toEqual([
      [3, 'duplicate of line 1'],
      [4, 'duplicate of line 1'],
    ]);
    expect(check.failingRows).toBe(2);
  });
});
