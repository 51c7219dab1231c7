/** Dataset-level checks: parse, columns, rowCount, duplicateRows, primaryKey, freshness, recordSchema. */
import { describe, expect, it } from '@jest/globals';
import { checkOf, csv, expectFailure, expectPass, hasCheck, jsonl, validate } from './helpers.js';

const kv = 'fields:\n  - name: k\n  - name: v\n    type: integer\n';

describe('parse', () => {
  it('counts rows with the wrong number of fields, names their lines, and never profiles them', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,v', ['a,1', 'b,2,3', 'c,3', 'd', 'e,5']) },
      `${kv}    constraints: { required: true }\n    maxNullFraction: 0\n`,
    );
    const parse = checkOf(report, 'parse');
    expectFailure(parse, { status: 'fail', failingRows: 2, file: 'd.csv', line: 3 });
    expect(parse.samples?.map((s) => [s.line, s.message])).toEqual([
      [3, 'expected 2 fields as in the header, found 3'],
      [5, 'expected 2 fields as in the header, found 1'],
    ]);
    // The reason is in the message, so the summary, the CLI and the comment say it too.
    expect(parse.message).toBe(
      '2 rows could not be read (counted, not profiled); the first, d.csv:3: expected 2 fields as in the header, found 3',
    );
    expect(parse.observed).toBe('2 malformed');
    // Counted in the rows, but neither profiled nor counted as nulls.
    expect(report.rows).toBe(5);
    expect(report.columns.find((c) => c.name === 'v')).toMatchObject({
      count: 3,
      nulls: 0,
      min: 1,
      max: 5,
    });
    expectPass(checkOf(report, 'required', 'v'));
    expect(checkOf(report, 'maxNullFraction', 'v').status).toBe('pass');
    expect(report.outcome).toBe('fail');
  });

  it('an unterminated quote and invalid UTF-8 are parse findings with their line', async () => {
    const bad = Buffer.concat([
      Buffer.from('k,v\na,1\n'),
      Buffer.from([0x62, 0xff, 0x2c, 0x32, 0x0a]), // b\xff,2
      Buffer.from('c,3\n"d,4\n'),
    ]);
    const { report } = await validate({ 'd.csv': bad }, kv);
    const parse = checkOf(report, 'parse');
    expect(parse.status).toBe('fail');
    expect(parse.samples?.[0]).toMatchObject({ file: 'd.csv', line: 3 });
    expect(parse.samples?.[0].message).toMatch(/UTF-8/);
    expect(parse.samples?.map((s) => s.line)).toContain(5);
    expect(report.columns.find((c) => c.name === 'v')).toMatchObject({ count: 2, nulls: 0 });
  });

  it('passes a clean file; no contract still reports parse findings', async () => {
    const clean = await validate({ 'd.csv': csv('k,v', ['a,1']) }, kv);
    expectPass(checkOf(clean.report, 'parse'));
    expect(checkOf(clean.report, 'parse').message).toBe('every row could be read');
    const noContract = await validate({ 'd.csv': csv('k,v', ['a,1', 'b']) });
    expect(noContract.report.checks.map((c) => c.check)).toEqual(['parse']);
    expect(checkOf(noContract.report, 'parse').failingRows).toBe(1);
  });
});

describe('columns', () => {
  const contract = (mode: string) => `columns: ${mode}\n${kv}`;

  it('strict: the same columns in another order fail, naming both orders', async () => {
    const { report } = await validate({ 'd.csv': csv('v,k', ['1,a']) }, contract('strict'));
    const columns = checkOf(report, 'columns');
    expect(columns).toMatchObject({
      status: 'fail',
      file: 'd.csv',
      line: 1,
      message: "columns are not in the contract's order: found v, k; expected k, v",
      expected: 'strict',
    });
    // Values are still read by name.
    expectPass(checkOf(report, 'type', 'v'));
  });

  it('strict is the default', async () => {
    const { report } = await validate({ 'd.csv': csv('v,k', ['1,a']) }, kv);
    expect(checkOf(report, 'columns').status).toBe('fail');
  });

  it('ignore-order: another order passes; a missing or an extra column fails', async () => {
    const reordered = await validate({ 'd.csv': csv('v,k', ['1,a']) }, contract('ignore-order'));
    expect(checkOf(reordered.report, 'columns')).toMatchObject({
      status: 'pass',
      message: 'columns match the contract (ignore-order)',
    });
    const extra = await validate({ 'd.csv': csv('v,x,k', ['1,2,a']) }, contract('ignore-order'));
    expect(checkOf(extra.report, 'columns')).toMatchObject({
      status: 'fail',
      message: 'unexpected column(s): x',
    });
  });

  it('allow-extra: extra columns pass, missing ones fail', async () => {
    const extra = await validate({ 'd.csv': csv('x,k,y,v', ['0,a,0,1']) }, contract('allow-extra'));
    expectPass(checkOf(extra.report, 'columns'));
    const missing = await validate({ 'd.csv': csv('x,k', ['0,a']) }, contract('allow-extra'));
    expect(checkOf(missing.report, 'columns')).toMatchObject({
      status: 'fail',
      file: 'd.csv',
      line: 1,
      message: 'missing column(s): v',
    });
  });

  it('a missing column counts as all nulls for that file', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k', ['a', 'b', 'c']) },
      `${kv}    constraints: { required: true }\n`,
    );
    expect(checkOf(report, 'columns').message).toBe('missing column(s): v');
    expect(report.columns.find((c) => c.name === 'v')).toMatchObject({ count: 3, nulls: 3 });
    const required = checkOf(report, 'required', 'v');
    expect(required.status).toBe('fail');
    expect(required.message).toBe('v: 3 of 3 values (100%) are missing');
    // As for JSONL records lacking the key: the failing rows are counted in the result too.
    expect(required.failingRows).toBe(3);
  });

  it('missing and unexpected columns are both named', async () => {
    const { report } = await validate({ 'd.csv': csv('k,w', ['a,1']) }, kv);
    expect(checkOf(report, 'columns').message).toBe('missing column(s): v; unexpected column(s): w');
    expect(checkOf(report, 'columns').observed).toBe('2 problem(s)');
  });

  it('a header naming a column twice is a finding, and the second copy is not counted as the first', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,v,v', ['a,1,x', 'b,2,y']) },
      `columns: ignore-order\n${kv}`,
    );
    const columns = checkOf(report, 'columns');
    expect(columns).toMatchObject({
      status: 'fail',
      file: 'd.csv',
      line: 1,
      message: 'column "v" appears twice in the header',
    });
    expectPass(checkOf(report, 'type', 'v'));
    expect(report.columns.find((c) => c.name === 'v')).toMatchObject({ count: 2, min: 1, max: 2 });
    expect(report.columns.map((c) => c.name)).toContain('v (column 3)');
  });

  it('every file of the dataset is checked: the finding names the second file', async () => {
    const { report } = await validate({ 'a.csv': csv('k,v', ['a,1']), 'b.csv': csv('k,v,z', ['b,2,0']) }, kv);
    expect(checkOf(report, 'columns')).toMatchObject({
      status: 'fail',
      file: 'b.csv',
      line: 1,
      message: 'unexpected column(s): z',
    });
    expect(report.rows).toBe(2);
    expect(report.files.map((f) => [f.path, f.rows])).toEqual([
      ['a.csv', 1],
      ['b.csv', 1],
    ]);
  });
});

describe('rowCount', () => {
  const rows = (n: number) =>
    csv(
      'k,v',
      Array.from({ length: n }, (_, i) => `r${i},${i}`),
    );
  const contract = (bound: string) => `rowCount: ${bound}\n${kv}`;

  it('fails below the low bound', async () => {
    const { report } = await validate({ 'd.csv': rows(2) }, contract('[3, 5]'));
    expect(checkOf(report, 'rowCount')).toMatchObject({
      status: 'fail',
      message: '2 rows, expected 3 – 5',
      observed: '2',
      expected: '3 – 5',
    });
  });

  it('passes inside the bounds (inclusive) and fails above', async () => {
    expect(
      checkOf((await validate({ 'd.csv': rows(5) }, contract('[3, 5]'))).report, 'rowCount').status,
    ).toBe('pass');
    expect(
      checkOf((await validate({ 'd.csv': rows(6) }, contract('[3, 5]'))).report, 'rowCount').status,
    ).toBe('fail');
  });

  it('an open bound; rows of all files add up', async () => {
    const { report } = await validate({ 'a.csv': rows(2), 'b.csv': rows(2) }, contract('[4, null]'));
    expect(checkOf(report, 'rowCount')).toMatchObject({ status: 'pass', expected: '≥ 4', observed: '4' });
  });

  it('is absent when the contract sets no bound', async () => {
    const { report } = await validate({ 'd.csv': rows(1) }, kv);
    expect(hasCheck(report, 'rowCount')).toBe(false);
  });
});

describe('duplicateRows', () => {
  const data = csv('k,v', ['a,1', 'b,2', 'a,1', 'a1,', 'a,"1"']);

  it('allow (the default) adds no check', async () => {
    const { report } = await validate({ 'd.csv': data }, kv);
    expect(hasCheck(report, 'duplicateRows')).toBe(false);
  });

  it('warn: repeats are a warning naming the line of the first copy', async () => {
    const { report } = await validate({ 'd.csv': data }, `duplicateRows: warn\n${kv}`);
    const check = checkOf(report, 'duplicateRows');
    expect(check.severity).toBe('warn');
    // 'a,"1"' is the same row as 'a,1'; 'a1,' is not (fields are hashed one by one).
    expectFailure(check, { status: 'warn', failingRows: 2, file: 'd.csv', line: 4, value: 'a,1' });
    expect(check.samples?.map((s) => [s.line, s.message])).toEqual([
      [4, 'duplicate of line 2'],
      [6, 'duplicate of line 2'],
    ]);
    expect(check.message).toBe('2 rows repeat an earlier row');
    expect(report.outcome).toBe('warn');
    expect(report.passed).toBe(true);
  });

  it('error: repeats fail', async () => {
    const { report } = await validate({ 'd.csv': data }, `duplicateRows: error\n${kv}`);
    expect(checkOf(report, 'duplicateRows')).toMatchObject({ status: 'fail', failingRows: 2 });
    expect(report.outcome).toBe('fail');
  });

  it('rows repeated across files are duplicates too', async () => {
    const { report } = await validate(
      { 'a.csv': csv('k,v', ['a,1']), 'b.csv': csv('k,v', ['b,2', 'a,1']) },
      `duplicateRows: error\n${kv}`,
    );
    expectFailure(checkOf(report, 'duplicateRows'), {
      status: 'fail',
      failingRows: 1,
      file: 'b.csv',
      line: 3,
      value: 'a,1',
    });
  });

  it('passes distinct rows', async () => {
    const { report } = await validate(
      { 'd.csv': csv('k,v', ['a,1', 'a,2', 'b,1']) },
      `duplicateRows: error\n${kv}`,
    );
    expect(checkOf(report, 'duplicateRows')).toMatchObject({ status: 'pass', message: 'no duplicate rows' });
  });
});

describe('primaryKey', () => {
  it('a single key: a repeated value fails with the line it repeats', async () => {
    const { report } = await validate(
      { 'd.csv': csv('id,v', ['1,10', '2,20', '1,30', '3,40']) },
      'primaryKey: id\nfields:\n  - name: id\n    type: integer\n  - name: v\n    type: integer\n',
    );
    const check = checkOf(report, 'primaryKey');
    expectFailure(check, { status: 'fail', failingRows: 1, file: 'd.csv', line: 4, value: '1' });
    expect(check.samples?.[0].message).toBe('primary key repeats line 2');
    expect(check.message).toBe('1 rows repeat the primary key (id) of an earlier row');
  });

  it('a composite key: only the whole tuple must be unique', async () => {
    const { report } = await validate(
      { 'd.csv': csv('a,b,v', ['1,x,0', '1,y,0', '2,x,0', '1,x,9', '"1,x",,0', '1x,,0']) },
      'primaryKey: [a, b]\nfields:\n  - name: a\n  - name: b\n  - name: v\n    type: integer\n',
    );
    const check = checkOf(report, 'primaryKey');
    expectFailure(check, { status: 'fail', failingRows: 1, file: 'd.csv', line: 5, value: '1, x' });
    expect(check.message).toBe('1 rows repeat the primary key (a, b) of an earlier row');
  });

  it('compares typed values, as unique does: 1, 01 and +1 are the same integer key', async () => {
    const { report } = await validate(
      { 'd.csv': csv('id,v', ['1,a', '01,b', '+1,c', '2,d']) },
      'primaryKey: id\nfields:\n  - name: id\n    type: integer\n  - name: v\n',
    );
    expectFailure(checkOf(report, 'primaryKey'), {
      status: 'fail',
      failingRows: 2,
      file: 'd.csv',
      line: 3,
      value: '01',
    });
  });

  it('passes unique keys', async () => {
    const { report } = await validate(
      { 'd.csv': csv('a,b', ['1,x', '1,y', '2,x']) },
      'primaryKey: [a, b]\nfields:\n  - name: a\n  - name: b\n',
    );
    expect(checkOf(report, 'primaryKey')).toMatchObject({
      status: 'pass',
      message: 'primary key (a, b) is unique',
    });
  });
});

describe('freshness', () => {
  const day = 86_400_000;
  const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const dateContract = (maxAge: string, extra = '') =>
    `freshness: { column: d, maxAge: ${maxAge}${extra} }\nfields:\n  - name: k\n  - name: d\n    type: date\n`;
  const timeContract = (maxAge: string) =>
    `freshness: { column: t, maxAge: ${maxAge} }\nfields:\n  - name: k\n  - name: t\n    type: datetime\n`;

  it('a date column whose newest day is yesterday passes a 3-day limit (against the real clock)', async () => {
    const now = Date.now();
    const { report } = await validate(
      { 'd.csv': csv('k,d', [`a,${isoDate(now - 20 * day)}`, `b,${isoDate(now - day)}`]) },
      dateContract('3d'),
    );
    expect(checkOf(report, 'freshness', 'd')).toMatchObject({ status: 'pass', expected: '≤ 3d' });
  });

  it('a date column ten days old fails a 3-day limit, saying the newest day and the age', async () => {
    const now = Date.UTC(2030, 5, 15, 12);
    const { report } = await validate(
      { 'd.csv': csv('k,d', ['a,2030-06-01', 'b,2030-06-05', 'c,']) },
      dateContract('3d'),
      { now },
    );
    expect(checkOf(report, 'freshness', 'd')).toMatchObject({
      status: 'fail',
      severity: 'error',
      observed: '10.5d',
      expected: '≤ 3d',
      message: 'd: the newest value is 2030-06-05T00:00:00.000Z, 10.5d old; at most 3d allowed',
    });
  });

  it('a datetime column: an hour old passes 36h, two days old fails', async () => {
    const now = Date.now();
    const fresh = await validate(
      { 'd.csv': csv('k,t', [`a,${new Date(now - 3_600_000).toISOString()}`]) },
      timeContract('36h'),
    );
    expect(checkOf(fresh.report, 'freshness', 't').status).toBe('pass');
    const stale = await validate(
      { 'd.csv': csv('k,t', [`a,${new Date(now - 2 * day).toISOString()}`]) },
      timeContract('36h'),
      { now },
    );
    expect(checkOf(stale.report, 'freshness', 't')).toMatchObject({ status: 'fail', observed: '2d' });
  });

  it('severity warn makes a stale column a warning', async () => {
    const now = Date.UTC(2030, 0, 10);
    const { report } = await validate(
      { 'd.csv': csv('k,d', ['a,2030-01-01']) },
      dateContract('1w', ', severity: warn'),
      { now },
    );
    expect(checkOf(report, 'freshness', 'd')).toMatchObject({ status: 'warn', severity: 'warn' });
    expect(report.outcome).toBe('warn');
  });

  it('no valid value: the age is unknown, which fails', async () => {
    const { report } = await validate({ 'd.csv': csv('k,d', ['a,', 'b,never']) }, dateContract('3d'));
    expect(checkOf(report, 'freshness', 'd')).toMatchObject({
      status: 'fail',
      observed: 'n/a',
      message: "d: no valid date/time values, so the data's age is unknown",
    });
  });
});

describe('recordSchema (JSONL)', () => {
  const schema = {
    type: 'object',
    required: ['user'],
    properties: {
      user: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } },
    },
  };
  const records = [{ user: { id: 1 } }, { user: { id: 'x' } }, { user: { id: 3 } }, { other: 1 }];

  it('an inline schema: each nested record violating it is named by its line, with the reason', async () => {
    const { report } = await validate(
      { 'd.jsonl': jsonl(records) },
      { columns: 'allow-extra', recordSchema: schema, fields: [{ name: 'user', type: 'any' }] },
    );
    const check = checkOf(report, 'recordSchema');
    expectFailure(check, { status: 'fail', failingRows: 2, file: 'd.jsonl', line: 2 });
    expect(check.samples?.map((s) => [s.line, s.message])).toEqual([
      [2, '/user/id: must be integer'],
      [4, "(record): must have required property 'user'"],
    ]);
    expect(check.message).toBe('2 records do not match the record schema');
  });

  it('a schema file next to the contract', async () => {
    const { report } = await validate(
      { 'd.jsonl': jsonl(records), 'record.schema.json': JSON.stringify(schema) },
      'columns: allow-extra\nrecordSchema: ./record.schema.json\nfields:\n  - name: user\n    type: any\n',
    );
    expect(checkOf(report, 'recordSchema')).toMatchObject({ status: 'fail', failingRows: 2, line: 2 });
  });

  it('passes matching records', async () => {
    const { report } = await validate(
      { 'd.jsonl': jsonl(records.slice(0, 1)) },
      { recordSchema: schema, fields: [{ name: 'user', type: 'any' }] },
    );
    expect(checkOf(report, 'recordSchema')).toMatchObject({
      status: 'pass',
      message: 'every record matches the record schema',
    });
  });
});
