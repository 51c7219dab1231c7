import { describe, expect, it } from '@jest/globals';
import { lastDecimal, parseDecimal, parseIsoDate, parseIsoDatetime } from '../../src/readers/bytes.js';

const bytes = (text: string) => Buffer.from(text);
const decimal = (text: string) => parseDecimal(bytes(text), 0, Buffer.byteLength(text));

describe('parseDecimal', () => {
  it('agrees with Number() bit for bit on plain decimals (V8 rounds correctly)', () => {
    const mismatches: string[] = [];
    let seed = 42;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 20_000; i++) {
      const digits = Math.floor(random() * 18) + 1;
      let text = random() < 0.3 ? '-' : '';
      for (let d = 0; d < digits; d++) text += Math.floor(random() * 10);
      if (random() < 0.6) {
        const point = Math.floor(random() * digits);
        text = text.replace(/(\d{0,})$/, (m) => `${m.slice(0, point)}.${m.slice(point)}`);
      }
      if (random() < 0.2) text += `e${Math.floor(random() * 40) - 20}`;
      if (!/\d/.test(text.replace(/e.*/, ''))) continue;
      if (!Object.is(decimal(text), Number(text))) mismatches.push(text);
    }
    expect(mismatches).toEqual([]);
  });

  it('knows integers from decimals', () => {
    expect(decimal('120')).toBe(120);
    expect(lastDecimal.integer).toBe(true);
    expect(decimal('120.0')).toBe(120);
    expect(lastDecimal.integer).toBe(false);
    expect(decimal('1e3')).toBe(1000);
    expect(lastDecimal.integer).toBe(false);
    expect(decimal('+7')).toBe(7);
    expect(decimal('.5')).toBe(0.5);
    expect(decimal('5.')).toBe(5);
  });

  it('returns NaN for anything else, so the full parser decides', () => {
    for (const text of [
      '',
      '-',
      '.',
      'e5',
      '1e',
      '1e+',
      '1,000',
      ' 1',
      '1 ',
      'NaN',
      'INF',
      '12abc',
      '0x10',
      '1.2.3',
    ])
      expect([text, decimal(text)]).toEqual([text, NaN]);
  });

  it('reads a field inside a larger buffer', () => {
    const buf = bytes('x,12.5,y');
    expect(parseDecimal(buf, 2, 6)).toBe(12.5);
  });
});

describe('ISO dates and datetimes', () => {
  const date = (text: string) => parseIsoDate(bytes(text), 0, text.length);
  const datetime = (text: string) => parseIsoDatetime(bytes(text), 0, text.length);

  it('gives days since the epoch like Date.UTC', () => {
    for (const text of [
      '1970-01-01',
      '2000-02-29',
      '2024-12-31',
      '1900-03-01',
      '0001-01-01',
      '9999-12-31',
      '1969-12-31',
    ])
      expect([text, date(text)]).toEqual([text, Date.parse(`${text}T00:00:00Z`) / 86_400_000]);
  });

  it('rejects impossible dates', () => {
    for (const text of [
      '2023-02-29',
      '2024-13-01',
      '2024-00-10',
      '2024-04-31',
      '2024-1-01',
      '20240101',
      '2024/01/01',
    ])
      expect([text, date(text)]).toEqual([text, NaN]);
  });

  it('gives epoch milliseconds like Date.parse, with zones and fractions', () => {
    for (const text of [
      '2024-03-10T12:34:56Z',
      '2024-03-10T12:34:56.789Z',
      '2024-03-10T12:34:56+02:00',
      '2024-03-10T12:34:56.5-05:30',
      '1999-12-31T23:59:59Z',
    ])
      expect([text, datetime(text)]).toEqual([text, Date.parse(text)]);
    expect(datetime('2024-03-10 12:34:56')).toBe(Date.parse('2024-03-10T12:34:56Z'));
    expect(datetime('2024-03-10T12:34:56')).toBe(Date.parse('2024-03-10T12:34:56Z'));
  });

  it('rejects malformed datetimes', () => {
    for (const text of [
      '2024-03-10T25:00:00Z',
      '2024-03-10T12:60:00Z',
      '2024-03-10T12:34',
      '2024-03-10T12:34:56+0200',
      '2024-03-10T12:34:56Zx',
    ])
      expect([text, datetime(text)]).toEqual([text, NaN]);
  });
});
