import { describe, expect, it } from '@jest/globals';
import {
  INVALID,
  classifyText,
  compileStrptime,
  daysFromCivil,
  displayValue,
  isMissing,
  makeConstraintChecker,
  makeJsonCoercer,
  makeMissingTest,
  makeParser,
  parserOptions,
  type FieldConstraints,
  type FieldType,
  type ParsedValue,
  type ParserOptions,
} from '../../src/contract/index.js';
import { compileSafePattern } from '../../src/contract/regex.js';

const parse = (type: FieldType, text: string, options: Partial<ParserOptions> = {}): ParsedValue =>
  makeParser(parserOptions(type, options))(text);
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe('number (Table Schema: number)', () => {
  it.each([
    ['1', 1],
    ['1.0', 1],
    ['-1.5', -1.5],
    ['+2.5', 2.5],
    ['.5', 0.5],
    ['5.', 5],
    ['1e10', 1e10],
    ['1.5E-3', 0.0015],
    ['007', 7],
    ['INF', Infinity],
    ['-INF', -Infinity],
  ])('%s → %d', (text, value) => expect(parse('number', text)).toBe(value));
  it('NaN', () => expect(parse('number', 'NaN')).toBeNaN());
  it('the fast path gives exactly what Number() gives', () => {
    // A fixed LCG so a failure reproduces.
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const texts = [
      '-0',
      '0.1',
      '0.3',
      '123456789012345',
      '1234567890.12345',
      '9007199254740993',
      '0.000000000000001',
    ];
    for (let i = 0; i < 20000; i++) {
      const digits = String(Math.floor(next() * 10 ** (1 + Math.floor(next() * 15))));
      const point = Math.floor(next() * (digits.length + 1));
      const sign = next() < 0.3 ? '-' : '';
      texts.push(`${sign}${digits.slice(0, point)}.${digits.slice(point)}`.replace(/^(-?)\.$/, '$10'));
    }
    for (const text of texts) expect([text, parse('number', text)]).toEqual([text, Number(text)]);
  });
  it.each([
    '',
    ' 1',
    '1 ',
    '1,5',
    '0x1F',
    'Infinity',
    'nan',
    '1e',
    '1e+',
    '.',
    '-',
    '1.2.3',
    '1_000',
    'abc',
    '٣',
  ])('rejects %j', (text) => expect(parse('number', text)).toBe(INVALID));
  it('decimalChar and groupChar', () => {
    expect(parse('number', '1,5', { decimalChar: ',' })).toBe(1.5);
    expect(parse('number', '1.234.567,89', { decimalChar: ',', groupChar: '.' })).toBe(1234567.89);
    expect(parse('number', '1 000', { groupChar: ' ' })).toBe(1000);
    expect(parse('number', '1.5', { decimalChar: ',' })).toBe(INVALID);
  });
  it('bareNumber: false strips leading and trailing non-numeric characters', () => {
    expect(parse('number', '€95', { bareNumber: false })).toBe(95);
    expect(parse('number', '95%', { bareNumber: false })).toBe(95);
    expect(parse('number', 'EUR 95.5', { bareNumber: false })).toBe(95.5);
    expect(parse('number', '-$5.5', { bareNumber: false })).toBe(INVALID);
    expect(parse('number', '$-5.5', { bareNumber: false })).toBe(-5.5);
    expect(parse('number', 'USD', { bareNumber: false })).toBe(INVALID);
    expect(parse('number', '€95')).toBe(INVALID);
  });
});

describe('integer', () => {
  it.each([
    ['0', 0],
    ['-1', -1],
    ['+12', 12],
    ['0012', 12],
    ['9007199254740993', 9007199254740992],
  ])('%s → %d', (text, value) => expect(parse('integer', text)).toBe(value));
  it.each(['', '1.0', '1e3', '+', '-', ' 1', '12a', 'NaN'])('rejects %j', (text) =>
    expect(parse('integer', text)).toBe(INVALID),
  );
  it('groupChar and bareNumber', () => {
    expect(parse('integer', '1,000,000', { groupChar: ',' })).toBe(1_000_000);
    expect(parse('integer', '95%', { bareNumber: false })).toBe(95);
  });
});

describe('boolean', () => {
  it('Frictionless defaults', () => {
    for (const text of ['true', 'True', 'TRUE', '1']) expect(parse('boolean', text)).toBe(true);
    for (const text of ['false', 'False', 'FALSE', '0']) expect(parse('boolean', text)).toBe(false);
    for (const text of ['yes', 't', 'tRuE', '', '2']) expect(parse('boolean', text)).toBe(INVALID);
  });
  it('trueValues and falseValues replace the defaults', () => {
    const options = { trueValues: ['yes'], falseValues: ['no'] };
    expect(parse('boolean', 'yes', options)).toBe(true);
    expect(parse('boolean', 'no', options)).toBe(false);
    expect(parse('boolean', 'true', options)).toBe(INVALID);
  });
});

describe('date → epoch days', () => {
  it('matches the proleptic Gregorian calendar', () => {
    for (const iso of ['1970-01-01', '2000-02-29', '1900-03-01', '0001-01-01', '2024-12-31', '1600-02-29']) {
      expect(parse('date', iso)).toBe(Math.round(day(iso)));
    }
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
  });
  it.each([
    '2019-02-29',
    '1900-02-29',
    '2019-13-01',
    '2019-00-10',
    '2019-01-32',
    '2019-1-2',
    '2019/01/02',
    '20190102',
    '2019-01-02T00:00:00Z',
    '',
  ])('default format rejects %j', (text) => expect(parse('date', text)).toBe(INVALID));
  it('format any', () => {
    const any = { format: 'any' };
    expect(parse('date', '2019-01-02', any)).toBe(day('2019-01-02'));
    expect(parse('date', '2019/01/02', any)).toBe(day('2019-01-02'));
    expect(parse('date', '20190102', any)).toBe(day('2019-01-02'));
    expect(parse('date', '1958-03', any)).toBe(day('1958-03-01'));
    expect(parse('date', '2019-01-02T23:00:00-02:00', any)).toBe(day('2019-01-03'));
    expect(parse('date', 'yesterday', any)).toBe(INVALID);
  });
  it('strptime patterns', () => {
    expect(parse('date', '02/01/19', { format: '%d/%m/%y' })).toBe(day('2019-01-02'));
    expect(parse('date', '1/1/1970', { format: '%d/%m/%Y' })).toBe(0);
    expect(parse('date', '02/01/70', { format: '%d/%m/%y' })).toBe(day('1970-01-02'));
    expect(parse('date', '02 Jan 2019', { format: '%d %b %Y' })).toBe(day('2019-01-02'));
    expect(parse('date', '2 january 2019', { format: '%d %B %Y' })).toBe(day('2019-01-02'));
    expect(parse('date', '31/02/2019', { format: '%d/%m/%Y' })).toBe(INVALID);
    expect(parse('date', '02/01/2019x', { format: '%d/%m/%Y' })).toBe(INVALID);
    expect(parse('date', '2019-01-02', { format: 'fmt:%Y-%m-%d' })).toBe(day('2019-01-02'));
    expect(parse('date', '100%/2019', { format: '100%%/%Y' })).toBe(day('2019-01-01'));
  });
  it('rejects unusable patterns with a reason', () => {
    expect(compileStrptime('%d/%m')).toBe('format "%d/%m" has no year (%Y or %y)');
    expect(compileStrptime('%Y%')).toBe('format "%Y%" ends with a lone %');
    expect(compileStrptime('%Y-%j')).toMatch(/uses %j/);
  });
});

describe('datetime → epoch ms', () => {
  it.each([
    ['2019-01-02T03:04:05Z', '2019-01-02T03:04:05.000Z'],
    ['2019-01-02T03:04:05', '2019-01-02T03:04:05.000Z'],
    ['2019-01-02 03:04:05', '2019-01-02T03:04:05.000Z'],
    ['2019-01-02T03:04Z', '2019-01-02T03:04:00.000Z'],
    ['2019-01-02T03:04:05.678Z', '2019-01-02T03:04:05.678Z'],
    ['2019-01-02T03:04:05.6789123Z', '2019-01-02T03:04:05.678Z'],
    ['2019-01-02T03:04:05+02:00', '2019-01-02T01:04:05.000Z'],
    ['2019-01-02T03:04:05-0130', '2019-01-02T04:34:05.000Z'],
    ['2019-01-02T03:04:05+05', '2019-01-01T22:04:05.000Z'],
  ])('%s', (text, iso) => expect(parse('datetime', text)).toBe(Date.parse(iso)));
  it.each([
    '2019-01-02',
    '2019-01-02T24:00:00Z',
    '2019-01-02T03:60:00Z',
    '2019-01-02T03:04:05.Z',
    '2019-01-02T03:04:05+2',
    '2019-01-02T03:04:05 Z',
    '2019-02-30T00:00:00Z',
  ])('rejects %j', (text) => expect(parse('datetime', text)).toBe(INVALID));
  it('any and strptime', () => {
    expect(parse('datetime', '2019-01-02', { format: 'any' })).toBe(Date.parse('2019-01-02T00:00:00Z'));
    expect(parse('datetime', '2019/01/02 03:04', { format: 'any' })).toBe(Date.parse('2019-01-02T03:04:00Z'));
    expect(parse('datetime', '02/01/2019 03:04:05.25 +0100', { format: '%d/%m/%Y %H:%M:%S.%f %z' })).toBe(
      Date.parse('2019-01-02T02:04:05.250Z'),
    );
  });
});

describe('year, string formats, any', () => {
  it('year is four digits', () => {
    expect(parse('year', '2019')).toBe(2019);
    expect(parse('year', '0999')).toBe(999);
    for (const text of ['19', '20190', '-201', '2019.0']) expect(parse('year', text)).toBe(INVALID);
  });
  it('email', () => {
    const email = { format: 'email' };
    expect(parse('string', 'ada@example.org', email)).toBe('ada@example.org');
    for (const text of [
      'ada',
      '@example.org',
      'ada@',
      'ada@example',
      'a@b@c.org',
      'ada @example.org',
      'ada@example.',
    ])
      expect(parse('string', text, email)).toBe(INVALID);
  });
  it('uri', () => {
    const uri = { format: 'uri' };
    for (const text of ['https://example.org/a?b=c', 'mailto:ada@example.org', 'urn:isbn:0451450523'])
      expect(parse('string', text, uri)).toBe(text);
    for (const text of ['example.org', '://x', '1http://x', 'http:', 'http://a b'])
      expect(parse('string', text, uri)).toBe(INVALID);
  });
  it('uuid', () => {
    expect(parse('string', '123e4567-e89b-12d3-a456-426614174000', { format: 'uuid' })).not.toBe(INVALID);
    expect(parse('string', '123E4567-E89B-12D3-A456-426614174000', { format: 'uuid' })).not.toBe(INVALID);
    expect(parse('string', '123e4567e89b12d3a456426614174000', { format: 'uuid' })).toBe(INVALID);
    expect(parse('string', '123e4567-e89b-12d3-a456-42661417400g', { format: 'uuid' })).toBe(INVALID);
  });
  it('binary (base64)', () => {
    expect(parse('string', 'aGVsbG8=', { format: 'binary' })).toBe('aGVsbG8=');
    expect(parse('string', 'aGVsbG8', { format: 'binary' })).toBe(INVALID);
  });
  it('string and any keep the text', () => {
    expect(parse('string', '')).toBe('');
    expect(parse('any', '12')).toBe('12');
  });
});

describe('missing values', () => {
  it('isMissing and the per-field test agree', () => {
    for (const list of [[''], ['NA'], ['', 'NA', '-'], []]) {
      const test = makeMissingTest(list);
      for (const text of ['', 'NA', '-', 'x']) expect(test(text)).toBe(isMissing(text, list));
    }
  });
});

describe('JSON and Parquet values', () => {
  const coerce = (type: FieldType, value: unknown, options: Partial<ParserOptions> = {}) =>
    makeJsonCoercer(parserOptions(type, options))(value);
  it('checks the JavaScript type first', () => {
    expect(coerce('number', 1.5)).toBe(1.5);
    expect(coerce('number', 12n)).toBe(12);
    expect(coerce('number', '1.5')).toBe(INVALID);
    expect(coerce('integer', 3)).toBe(3);
    expect(coerce('integer', 3.5)).toBe(INVALID);
    expect(coerce('integer', '3')).toBe(INVALID);
    expect(coerce('boolean', true)).toBe(true);
    expect(coerce('boolean', 'true')).toBe(INVALID);
    expect(coerce('boolean', 1)).toBe(INVALID);
    expect(coerce('string', 'x')).toBe('x');
    expect(coerce('string', 1)).toBe(INVALID);
    expect(coerce('string', 'nope', { format: 'email' })).toBe(INVALID);
    expect(coerce('year', 2020)).toBe(2020);
    expect(coerce('year', '2020')).toBe(2020);
  });
  it('reads dates from strings (format) and Date objects', () => {
    expect(coerce('date', '2019-01-02')).toBe(day('2019-01-02'));
    expect(coerce('date', '02/01/2019', { format: '%d/%m/%Y' })).toBe(day('2019-01-02'));
    expect(coerce('date', new Date('2019-01-02T00:00:00Z'))).toBe(day('2019-01-02'));
    expect(coerce('date', 17898)).toBe(INVALID);
    expect(coerce('datetime', '2019-01-02T03:04:05Z')).toBe(Date.parse('2019-01-02T03:04:05Z'));
    expect(coerce('datetime', new Date(5))).toBe(5);
    expect(coerce('datetime', new Date(NaN))).toBe(INVALID);
  });
  it('any keeps scalars and writes objects as JSON', () => {
    expect(coerce('any', 1)).toBe(1);
    expect(coerce('any', { a: 1 })).toBe('{"a":1}');
  });
});

describe('classifyText', () => {
  it.each([
    ['12', 'integer'],
    ['-3', 'integer'],
    ['0', 'integer'],
    ['1.5', 'number'],
    ['1e3', 'number'],
    ['NaN', 'number'],
    ['-INF', 'number'],
    ['true', 'boolean'],
    ['FALSE', 'boolean'],
    ['2019-01-02', 'date'],
    ['2019-01-02T03:04:05Z', 'datetime'],
    ['2019-01-02 03:04', 'datetime'],
    ['2019-02-30', 'string'],
    ['yes', 'string'],
    ['', 'string'],
    ['12a', 'string'],
  ])('%j → %s', (text, expected) => expect(classifyText(text)).toBe(expected));
});

describe('makeConstraintChecker', () => {
  const checker = (type: FieldType, constraints: Partial<FieldConstraints>) =>
    makeConstraintChecker({ type, constraints: { required: false, unique: false, ...constraints } });
  it('ranges', () => {
    const check = checker('integer', { minimum: 0, maximum: 120 });
    expect(check(0)).toBeNull();
    expect(check(120)).toBeNull();
    expect(check(-1)).toBe('below minimum 0');
    expect(check(121)).toBe('above maximum 120');
    const exclusive = checker('number', { exclusiveMinimum: 0, exclusiveMaximum: 1 });
    expect(exclusive(0)).toBe('not above exclusiveMinimum 0');
    expect(exclusive(1)).toBe('not below exclusiveMaximum 1');
    expect(exclusive(0.5)).toBeNull();
  });
  it('shows date bounds as dates', () => {
    const check = checker('date', { minimum: day('2020-01-01') });
    expect(check(day('2019-12-31'))).toBe('below minimum 2020-01-01');
    expect(displayValue('datetime', 0)).toBe('1970-01-01T00:00:00.000Z');
  });
  it('lengths count characters, not UTF-16 units', () => {
    const check = checker('string', { minLength: 2, maxLength: 3 });
    expect(check('ab')).toBeNull();
    expect(check('a')).toBe('length 1 < minLength 2');
    expect(check('abcd')).toBe('length 4 > maxLength 3');
    expect(check('😀😀😀')).toBeNull();
    expect(check('😀')).toBe('length 1 < minLength 2');
    expect(checker('string', { maxLength: 64 })('x'.repeat(70))).toBe('length 70 > maxLength 64');
  });
  it('enum and pattern', () => {
    expect(checker('string', { enum: ['a', 'b'] })('c')).toBe('not in enum');
    expect(checker('integer', { enum: [1, 2] })(2)).toBeNull();
    const check = makeConstraintChecker({
      type: 'string',
      constraints: { required: false, unique: false, pattern: '[A-Z]{2}\\d+' },
      pattern: compileSafePattern('[A-Z]{2}\\d+', { file: 'c.yml' }),
    });
    expect(check('AB12')).toBeNull();
    expect(check('AB12 ')).toBe('does not match pattern');
  });
  it('lets NaN through ranges, as Frictionless implementations do', () => {
    expect(checker('number', { minimum: 0 })(NaN)).toBeNull();
  });
});
