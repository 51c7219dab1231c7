import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../src/errors.js';
import { parseBoolean, parseChoice, parseList, parseNumber, requireInput } from '../src/inputs.js';

describe('parseList', () => {
  it('splits on newlines and commas, trimming and dropping blank entries', () => {
    expect(parseList('a.jsonl, b.jsonl\n\n  c.jsonl ,,d.jsonl\r\n')).toEqual([
      'a.jsonl',
      'b.jsonl',
      'c.jsonl',
      'd.jsonl',
    ]);
    expect(parseList('')).toEqual([]);
    expect(parseList(' \n , \n')).toEqual([]);
    expect(parseList('eval/**/*.jsonl')).toEqual(['eval/**/*.jsonl']);
  });
});

describe('parseNumber', () => {
  const significance = (raw: string) =>
    parseNumber('significance', raw, 0.05, { min: 0, max: 0.5, exclusiveMin: true, exclusiveMax: true });

  it('returns the fallback for an empty input and the number otherwise', () => {
    expect(significance('')).toBe(0.05);
    expect(significance('   ')).toBe(0.05);
    expect(significance(' 0.01 ')).toBe(0.01);
    expect(significance('1e-3')).toBe(0.001);
  });

  it('rejects values on or beyond exclusive bounds, naming the input and the bounds', () => {
    for (const raw of ['0', '0.5', '-0.1', '0.9']) {
      expect(() => significance(raw)).toThrow(ConfigurationError);
      expect(() => significance(raw)).toThrow(
        `Input "significance" must be a number > 0 and < 0.5; got "${raw}".`,
      );
    }
  });

  it('accepts values on inclusive bounds', () => {
    expect(parseNumber('n', '1', 5, { min: 1, max: 10 })).toBe(1);
    expect(parseNumber('n', '10', 5, { min: 1, max: 10 })).toBe(10);
    expect(() => parseNumber('n', '0.99', 5, { min: 1 })).toThrow(
      'Input "n" must be a number ≥ 1; got "0.99".',
    );
    expect(() => parseNumber('n', '11', 5, { max: 10 })).toThrow(
      'Input "n" must be a number ≤ 10; got "11".',
    );
  });

  it('rejects text, NaN and infinities', () => {
    for (const raw of ['abc', 'NaN', 'Infinity', '-Infinity', '1,5']) {
      expect(() => parseNumber('n', raw, 1)).toThrow(`Input "n" must be a number; got "${raw}".`);
    }
  });
});

describe('parseChoice', () => {
  const format = (raw: string) => parseChoice('format', raw, ['auto', 'jsonl', 'csv'] as const, 'auto');

  it('returns the fallback for an empty input and a listed choice trimmed', () => {
    expect(format('')).toBe('auto');
    expect(format(' csv ')).toBe('csv');
  });

  it('rejects anything else, listing the choices', () => {
    expect(() => format('CSV')).toThrow(ConfigurationError);
    expect(() => format('xml')).toThrow('Input "format" must be one of auto, jsonl, csv; got "xml".');
  });
});

describe('parseBoolean', () => {
  it('reads the usual spellings, case-insensitively', () => {
    for (const raw of ['true', 'TRUE', 'Yes', 'on', '1', ' true '])
      expect(parseBoolean('x', raw, false)).toBe(true);
    for (const raw of ['false', 'False', 'no', 'OFF', '0']) expect(parseBoolean('x', raw, true)).toBe(false);
    expect(parseBoolean('x', '', true)).toBe(true);
    expect(parseBoolean('x', '  ', false)).toBe(false);
  });

  it('rejects anything else, naming the input', () => {
    expect(() => parseBoolean('comment', 'maybe', false)).toThrow(
      'Input "comment" must be true or false; got "maybe".',
    );
  });
});

describe('requireInput', () => {
  it('returns the trimmed value and rejects a blank one', () => {
    expect(requireInput('results', ' a.jsonl ')).toBe('a.jsonl');
    expect(() => requireInput('results', ' \n ')).toThrow('Input "results" is required.');
  });
});
