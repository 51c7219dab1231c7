import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigurationError, describeError, parseConfigText } from '@mlgate/core';
import { loadContract, parseContract, type Contract } from '../../src/contract/index.js';
import { fixtures } from './helpers.js';

/** The error a contract text raises (fails the test when it loads). */
async function rejection(text: string): Promise<ConfigurationError> {
  try {
    await parseContract(text, 'contract.yml', fixtures);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('the contract loaded');
}

const fullContract = `# every key of the format
fields:
  - name: id
    type: integer
    constraints: { required: true, unique: true, minimum: 1 }
  - name: age
    type: integer
    constraints:
      minimum: 0
      maximum: 120
    mostly: 0.99
    maxNullFraction: 0.05
    stats: { mean: [30, 50], std: [5, 20], min: [0, null], max: [null, 120], p50: [25, 45], p99.9: [80, 120], distinct: [10, 200] }
    drift: { statistic: wasserstein }
    severity: warn
  - name: code
    type: string
    format: default
    title: Product code
    description: custom Frictionless properties are allowed
    rdfType: https://schema.org/identifier
    example: AB12
    constraints: { minLength: 1, maxLength: 64, pattern: '[A-Z]{2}\\d+', enum: [AB1, CD2] }
    drift: false
  - name: active
    type: boolean
    trueValues: ['yes', 'y']
    falseValues: ['no', 'n']
  - name: price
    type: number
    decimalChar: ','
    groupChar: '.'
    bareNumber: false
    missingValues: ['n/a']
  - name: day
    type: date
    format: '%d/%m/%Y'
    constraints: { minimum: '01/01/2020', maximum: '2030-12-31' }
    stats: { min: ['2020-01-01', null] }
  - name: event_time
    type: datetime
    drift: { fail: 0.5 }
  - name: built
    type: year
  - name: payload
    type: any
missingValues: ['', 'NA']
primaryKey: id
rowCount: [1000, null]
columns: ignore-order
duplicateRows: warn
freshness: { column: event_time, maxAge: 36h, severity: warn }
recordSchema: { type: object, required: [id] }
drift:
  numeric: { statistic: psi, warn: 0.2, fail: 0.3 }
  categorical: { statistic: linf }
  minRows: 50
  datasetShare: 0.3
`;

describe('parseContract: every key', () => {
  let contract: Contract;
  it('loads the full example', async () => {
    contract = await parseContract(fullContract, 'contract.yml');
    expect(contract.fields.map((field) => field.name)).toEqual([
      'id',
      'age',
      'code',
      'active',
      'price',
      'day',
      'event_time',
      'built',
      'payload',
    ]);
  });
  it('records the line of each field', () => {
    expect(contract.fields.map((field) => field.line)).toEqual([3, 6, 16, 25, 29, 35, 40, 43, 45]);
    expect(contract.fields.every((field) => field.file === 'contract.yml')).toBe(true);
    expect(contract.lineOf(['fields', 1, 'stats', 'mean'])).toBe(13);
  });
  it('resolves constraints to typed values', () => {
    const [id, age, code, active, price, day] = contract.fields;
    expect(id.constraints).toEqual({ required: true, unique: true, minimum: 1 });
    expect(age.constraints).toEqual({ required: false, unique: false, minimum: 0, maximum: 120 });
    expect(code.constraints.enum).toEqual(['AB1', 'CD2']);
    expect(code.pattern?.regex.test('AB12')).toBe(true);
    expect(code.pattern?.regex.test('xAB12')).toBe(false);
    expect(active.trueValues).toEqual(['yes', 'y']);
    expect(price).toMatchObject({
      decimalChar: ',',
      groupChar: '.',
      bareNumber: false,
      missingValues: ['n/a'],
    });
    // Both the field's own format and ISO are accepted for date bounds: epoch days.
    expect(day.constraints.minimum).toBe(18262);
    expect(day.constraints.maximum).toBe(22279);
    expect(day.stats.min).toEqual([18262, null]);
  });
  it('resolves the mlgate additions', () => {
    const [id, age, code, , , , eventTime, built, payload] = contract.fields;
    expect(age).toMatchObject({ mostly: 0.99, maxNullFraction: 0.05, severity: 'warn' });
    expect(age.stats).toEqual({
      mean: [30, 50],
      std: [5, 20],
      min: [0, null],
      max: [null, 120],
      p50: [25, 45],
      'p99.9': [80, 120],
      distinct: [10, 200],
    });
    // A named statistic without thresholds is calibrated to the sample sizes (no fixed levels).
    expect(age.drift).toEqual({ statistic: 'wasserstein' });
    expect(code.drift).toBe(false);
    expect(eventTime.drift).toEqual({ statistic: 'psi', warn: 0.2, fail: 0.5 });
    expect(id.drift).toEqual({ statistic: 'psi', warn: 0.2, fail: 0.3 });
    expect(payload.drift).toEqual({ statistic: 'linf' });
    expect(built.type).toBe('year');
    expect(id.missingValues).toEqual(['', 'NA']);
  });
  it('resolves the dataset keys', () => {
    expect(contract.primaryKey).toEqual(['id']);
    expect(contract.rowCount).toEqual({ min: 1000 });
    expect(contract.columns).toBe('ignore-order');
    expect(contract.duplicateRows).toBe('warn');
    expect(contract.freshness).toEqual({
      column: 'event_time',
      maxAge: '36h',
      maxAgeMs: 36 * 3_600_000,
      severity: 'warn',
      line: 52,
    });
    expect(contract.drift).toEqual({
      numeric: { statistic: 'psi', warn: 0.2, fail: 0.3 },
      categorical: { statistic: 'linf' },
      minRows: 50,
      datasetShare: 0.3,
    });
    expect(contract.recordSchema?.source).toBe('(inline)');
    expect(contract.recordSchema?.check({ id: 1 })).toBeNull();
    expect(contract.recordSchema?.check({ name: 'x' })).toBe("(record): must have required property 'id'");
  });
});

describe('parseContract: defaults', () => {
  it('fills every default of a minimal contract', async () => {
    const contract = await parseContract('fields:\n  - name: x\n', 'c.yml');
    expect(contract).toMatchObject({
      missingValues: [''],
      primaryKey: [],
      rowCount: {},
      columns: 'strict',
      duplicateRows: 'allow',
      drift: {
        numeric: { statistic: 'psi' },
        categorical: { statistic: 'jensen_shannon' },
        minRows: 100,
        datasetShare: 0.5,
      },
    });
    expect(contract.freshness).toBeUndefined();
    expect(contract.recordSchema).toBeUndefined();
    expect(contract.fields[0]).toMatchObject({
      name: 'x',
      type: 'string',
      format: 'default',
      mostly: 1,
      severity: 'error',
      missingValues: [''],
      constraints: { required: false, unique: false },
      stats: {},
      drift: { statistic: 'jensen_shannon' },
      line: 2,
    });
  });
  it('reads JSON contracts, with lines', async () => {
    const json = JSON.stringify(
      {
        fields: [
          { name: 'a', type: 'number' },
          { name: 'b', type: 'date' },
        ],
      },
      null,
      2,
    );
    const contract = await parseContract(json, 'c.json');
    expect(contract.fields.map((field) => [field.type, field.line])).toEqual([
      ['number', 3],
      ['date', 7],
    ]);
    expect(contract.fields[0].drift).toEqual({ statistic: 'psi' });
    // A date's values move forward by construction: not drift-compared unless the field asks.
    expect(contract.fields[1].drift).toBe(false);
  });
  it('accepts primaryKey as a list and drift: true', async () => {
    const contract = await parseContract(
      'fields:\n  - { name: a, drift: true }\n  - name: b\nprimaryKey: [a, b]\n',
      'c.yml',
    );
    expect(contract.primaryKey).toEqual(['a', 'b']);
    expect(contract.fields[0].drift).toEqual({ statistic: 'jensen_shannon' });
  });
  it('compares dates and datetimes only when asked: on the value or on a calendar part', async () => {
    const contract = await parseContract(
      [
        'fields:',
        '  - { name: t, type: datetime }',
        '  - { name: v, type: datetime, drift: true }',
        '  - { name: h, type: datetime, drift: { on: hourOfDay } }',
        '  - { name: w, type: date, drift: { on: dayOfWeek, statistic: linf, warn: 0.2 } }',
        '  - { name: d, type: date, drift: { statistic: wasserstein } }',
        '',
      ].join('\n'),
      'c.yml',
    );
    expect(contract.fields.map((f) => f.drift)).toEqual([
      false,
      { statistic: 'psi' },
      { statistic: 'jensen_shannon', on: 'hourOfDay' },
      { statistic: 'linf', warn: 0.2, on: 'dayOfWeek' },
      { statistic: 'wasserstein' },
    ]);
  });
});

describe('parseContract: rejections name the line and the key path', () => {
  const cases: [string, string, RegExp, number][] = [
    [
      'a calendar part of a number',
      'fields:\n  - name: a\n    type: number\n    drift: { on: hourOfDay }\n',
      /drift: on: hourOfDay needs a date or datetime field \(this one is number\)/,
      4,
    ],
    [
      'the hour of a date',
      'fields:\n  - name: a\n    type: date\n    drift: { on: hourOfDay }\n',
      /a date has no hour/,
      4,
    ],
    [
      'a numeric statistic on a calendar part',
      'fields:\n  - name: a\n    type: datetime\n    drift: { on: dayOfWeek, statistic: psi }\n',
      /psi is not a categorical drift statistic/,
      4,
    ],
    ['invalid YAML', 'fields:\n  - name: a\n   type: [\n', /invalid YAML in contract/, 3],
    ['missing fields', 'rowCount: [1, 2]\n', /missing required field "fields"/, 1],
    [
      'misspelled field key',
      'fields:\n  - name: a\n    maxNullFracton: 0.1\n',
      /^unknown key maxNullFracton; did you mean maxNullFraction\?$/,
      3,
    ],
    [
      'misspelled top-level key',
      'fields: []\nrowcount: [1, 2]\n',
      /unknown key rowcount; did you mean rowCount\?/,
      2,
    ],
    [
      'misspelled constraint',
      'fields:\n  - name: a\n    constraints:\n      minimun: 1\n',
      /unknown key minimun; did you mean minimum\?/,
      4,
    ],
    [
      'misspelled stat',
      'fields:\n  - name: a\n    type: number\n    stats: { maen: [1, 2] }\n',
      /did you mean mean\?/,
      4,
    ],
    [
      'misspelled drift key',
      'fields: []\ndrift:\n  numeric: { statistc: psi }\n',
      /did you mean statistic\?/,
      3,
    ],
    [
      'unknown constraint',
      'fields:\n  - name: a\n    constraints:\n      between: [1, 2]\n',
      /unknown field "between"/,
      4,
    ],
    [
      'unknown stat',
      'fields:\n  - name: a\n    type: number\n    stats:\n      p5o: [1, 2]\n',
      /unknown field "p5o"/,
      5,
    ],
    [
      'unknown type',
      'fields:\n  - name: a\n    type: interger\n',
      /unknown type interger; did you mean integer\?/,
      3,
    ],
    [
      'Frictionless type mlgate does not read',
      'fields:\n  - name: a\n    type: geopoint\n',
      /geopoint is a Frictionless type mlgate does not validate/,
      3,
    ],
    [
      'unknown string format',
      'fields:\n  - name: a\n    format: phone\n',
      /unknown string format "phone"/,
      3,
    ],
    [
      'unknown strptime directive',
      'fields:\n  - name: a\n    type: date\n    format: "%Y-%q"\n',
      /uses %q/,
      4,
    ],
    [
      'format on a number',
      'fields:\n  - name: a\n    type: number\n    format: currency\n',
      /type number has no format "currency"/,
      4,
    ],
    [
      'min above max',
      'fields:\n  - name: a\n    type: number\n    constraints: { minimum: 5, maximum: 1 }\n',
      /fields\[0\]\.constraints\.minimum: minimum 5 is above maximum 1/,
      4,
    ],
    [
      'minLength above maxLength',
      'fields:\n  - name: a\n    constraints:\n      minLength: 5\n      maxLength: 1\n',
      /minLength 5 is above maxLength 1/,
      4,
    ],
    [
      'minimum on a string',
      'fields:\n  - name: a\n    constraints: { minimum: 1 }\n',
      /minimum applies to number/,
      3,
    ],
    [
      'pattern on an integer',
      'fields:\n  - name: a\n    type: integer\n    constraints: { pattern: "\\\\d+" }\n',
      /pattern applies to string fields/,
      4,
    ],
    [
      'date bound that is no date',
      'fields:\n  - name: a\n    type: date\n    constraints: { minimum: "2020-13-01" }\n',
      /"2020-13-01" is not a date/,
      4,
    ],
    [
      'enum value of the wrong type',
      'fields:\n  - name: a\n    type: integer\n    constraints:\n      enum: [1, 2.5]\n',
      /enum value 2.5 is not a valid integer/,
      5,
    ],
    [
      'enum text that does not parse',
      'fields:\n  - name: a\n    type: date\n    constraints:\n      enum: ["2020-01-01", "soon"]\n',
      /enum value "soon" is not a valid date/,
      5,
    ],
    [
      'invalid regex',
      'fields:\n  - name: a\n    constraints:\n      pattern: "[a-"\n',
      /pattern "\[a-" is not a valid regular expression/,
      4,
    ],
    [
      'unsafe regex',
      'fields:\n  - name: a\n    constraints:\n      pattern: "(a+)+$"\n',
      /pattern "\(a\+\)\+\$" can backtrack catastrophically/,
      4,
    ],
    [
      'duplicate field names',
      'fields:\n  - name: a\n  - name: b\n  - name: a\n',
      /duplicate field name "a" \(also fields\[0\]\)/,
      4,
    ],
    [
      'primaryKey naming a missing field',
      'fields:\n  - name: a\nprimaryKey: [a, b]\n',
      /primaryKey names "b", which is not a field/,
      3,
    ],
    [
      'freshness on a missing column',
      'fields:\n  - name: a\nfreshness: { column: t, maxAge: 1d }\n',
      /"t" is not a field/,
      3,
    ],
    [
      'freshness on a string column',
      'fields:\n  - name: t\nfreshness:\n  column: t\n  maxAge: 1d\n',
      /freshness needs a date or datetime field/,
      4,
    ],
    [
      'bad maxAge',
      'fields:\n  - { name: t, type: date }\nfreshness: { column: t, maxAge: 3 days }\n',
      /freshness\.maxAge: must match pattern/,
      3,
    ],
    ['rowCount low above high', 'fields: []\nrowCount: [10, 5]\n', /low bound 10 is above high bound 5/, 2],
    ['rowCount not integers', 'fields: []\nrowCount: [1.5, 5]\n', /rowCount\[0\]: must be integer/, 2],
    [
      'stats low above high',
      'fields:\n  - name: a\n    type: number\n    stats:\n      mean: [5, 1]\n',
      /low bound 5 is above high bound 1/,
      5,
    ],
    ['stats on a string', 'fields:\n  - name: a\n    stats: { mean: [1, 2] }\n', /mean applies to number/, 3],
    [
      'stats bound of three',
      'fields:\n  - name: a\n    type: number\n    stats: { mean: [1, 2, 3] }\n',
      /must NOT have more than 2 items/,
      4,
    ],
    ['mostly above 1', 'fields:\n  - name: a\n    mostly: 1.5\n', /fields\[0\]\.mostly: must be <= 1/, 3],
    [
      'categorical statistic on a number',
      'fields:\n  - name: a\n    type: number\n    drift: { statistic: jensen_shannon }\n',
      /jensen_shannon is not a numeric drift statistic/,
      4,
    ],
    [
      'warn above fail',
      'fields: []\ndrift:\n  categorical: { warn: 0.5, fail: 0.2 }\n',
      /warn 0.5 is above fail 0.2/,
      3,
    ],
    [
      'unknown columns mode',
      'fields: []\ncolumns: loose\n',
      /columns: must be one of "strict", "ignore-order", "allow-extra"/,
      2,
    ],
    [
      'true and false values overlap',
      'fields:\n  - name: a\n    type: boolean\n    trueValues: [y, "0"]\n',
      /"0" is in both trueValues and falseValues/,
      4,
    ],
    [
      'recordSchema that does not compile',
      'fields: []\nrecordSchema: { type: objekt }\n',
      /recordSchema: does not compile as a JSON Schema/,
      2,
    ],
    [
      'recordSchema file missing',
      'fields: []\nrecordSchema: ./nope.schema.json\n',
      /nope.schema.json not found/,
      2,
    ],
  ];
  for (const [name, text, message, line] of cases) {
    it(name, async () => {
      const error = await rejection(text);
      expect(error.message).toMatch(message);
      expect(error.location).toMatchObject({ file: 'contract.yml', line });
    });
  }
  it('says the whole location in one line', async () => {
    const error = await rejection('fields:\n  - name: a\n    maxNullFracton: 0.1\n');
    expect(describeError(error)).toBe(
      'contract.yml:3 (field "fields[0].maxNullFracton"): unknown key maxNullFracton; did you mean maxNullFraction?',
    );
  });
  it('lets custom properties that are no typo through', async () => {
    const contract = await parseContract(
      'x-owner: data team\nfields:\n  - name: a\n    unit: kg\n    myTeamNote: hello\n',
      'c.yml',
    );
    expect(contract.fields[0].name).toBe('a');
  });
});

describe('recordSchema from a file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlgate-contract-'));
  writeFileSync(
    path.join(dir, 'record.schema.json'),
    JSON.stringify({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { user: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] } },
      required: ['user'],
    }),
  );
  writeFileSync(path.join(dir, 'contract.yml'), 'fields: []\nrecordSchema: ./record.schema.json\n');
  it('is resolved relative to the contract and compiled', async () => {
    const contract = await loadContract(path.join(dir, 'contract.yml'), 'contract.yml');
    expect(contract.recordSchema).toMatchObject({ source: './record.schema.json', line: 2 });
    expect(contract.recordSchema?.check({ user: { id: 3 } })).toBeNull();
    expect(contract.recordSchema?.check({ user: { id: 'x' } })).toBe('/user/id: must be integer');
  });
  it('names a missing contract file', async () => {
    await expect(loadContract(path.join(dir, 'missing.yml'), 'missing.yml')).rejects.toThrow(
      'contract not found',
    );
  });
});

describe('real Frictionless Table Schemas load unchanged', () => {
  const real = path.join(fixtures, 'real', 'frictionless');
  it('the six co2-ppm resources (date/number/year, format any)', async () => {
    const pkg = JSON.parse(readFileSync(path.join(real, 'co2-ppm.datapackage.json'), 'utf8')) as {
      resources: { name: string; schema: object }[];
    };
    expect(pkg.resources).toHaveLength(6);
    for (const resource of pkg.resources) {
      const contract = await parseContract(JSON.stringify(resource.schema, null, 2), `${resource.name}.json`);
      expect(contract.fields.length).toBe((resource.schema as { fields: unknown[] }).fields.length);
    }
    const annual = pkg.resources.find((resource) => resource.name === 'co2-annmean-mlo')!;
    const contract = await parseContract(JSON.stringify(annual.schema), 'annual.json');
    expect(contract.fields.map((field) => `${field.name}:${field.type}:${field.format}`)).toEqual([
      'Year:year:any',
      'Mean:number:default',
      'Uncertainty:number:default',
    ]);
  });
  it('the 56-field country-codes schema (YAML data package)', async () => {
    const text = readFileSync(path.join(real, 'country-codes.datapackage.yml'), 'utf8');
    const pkg = parseConfigText<{ resources: { schema: object }[] }>(text, {}, 'pkg.yml').value;
    const contract = await parseContract(
      JSON.stringify(pkg.resources[0].schema, null, 2),
      'country-codes.json',
    );
    expect(contract.fields).toHaveLength(56);
    const alpha3 = contract.fields.find((field) => field.name === 'ISO3166-1-Alpha-3')!;
    expect(alpha3.constraints).toEqual({ required: false, unique: true, minLength: 3, maxLength: 3 });
    expect(contract.fields.filter((field) => field.type === 'integer').map((field) => field.name)).toEqual([
      'M49',
      'Geoname ID',
    ]);
  });
});
