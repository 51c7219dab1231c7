import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '@mlgate/core';
import { checkPattern, compileSafePattern } from '../../src/contract/regex.js';

describe('checkPattern: catastrophic backtracking is rejected with an attack', () => {
  it.each([
    ['(a+)+$', 'exponential', 'a'],
    ['(a|aa)+', 'the alternatives "a" and "aa" can match the same text', 'a'],
    ['([a-z]+)*@', 'exponential', 'a'],
    ['(\\w+\\s?)+$', 'exponential', 'A'],
    ['(a|a)*', 'the alternatives "a" and "a"', 'a'],
    ['(?:\\d{3}|\\d{4})*', 'can match the same text', '0'],
    ['(x+x+)+y', 'catastrophically', 'x'],
  ])('%s', (pattern, problem, pumped) => {
    const verdict = checkPattern(pattern);
    expect(verdict.safe).toBe(false);
    if (verdict.safe) return;
    expect(verdict.problem).toContain(problem);
    expect(verdict.attack?.startsWith(pumped.repeat(10))).toBe(true);
    expect(verdict.attack?.endsWith('!')).toBe(true);
  });
  it('rejects polynomial backtracking and offers the rewrite scslre finds', () => {
    const verdict = checkPattern('\\S+@\\S+\\.\\S+');
    expect(verdict).toMatchObject({
      safe: false,
      problem: 'can backtrack polynomially (time grows with a power of the value length)',
      fix: '\\S[^\\s@]*@\\S+\\.\\S+',
    });
    expect(checkPattern('\\d+\\.?\\d*')).toMatchObject({ safe: false, fix: '\\d+(?:\\.\\d*)?' });
  });
  it('rejects backreferences and invalid patterns', () => {
    expect(checkPattern('(a)\\1')).toMatchObject({
      safe: false,
      problem: expect.stringContaining('backreference'),
    });
    expect(checkPattern('[')).toMatchObject({ safe: false, problem: expect.stringContaining('not a valid') });
    // Would escape the ^(?:…)$ wrapper if it were not parsed alone first.
    expect(checkPattern('a)|(b')).toMatchObject({
      safe: false,
      problem: expect.stringContaining('not a valid'),
    });
  });
});

describe('checkPattern: safe patterns run as native full-match RegExps', () => {
  it.each([
    ['[A-Z]{2}\\d+', ['AB12'], ['AB', 'xAB12', 'AB12\n']],
    ['[a-z0-9]+(?:-[a-z0-9]+)*', ['a-b-c', 'abc'], ['a--b', '-a']],
    ['(ab|ac)*', ['', 'abac'], ['aa']],
    ['(?:a|ab)*c', ['aabc'], ['abab']],
    ['\\d+(?:\\.\\d*)?', ['1', '1.', '1.25'], ['.5']],
    ['[^@\\s]+@[^@\\s]+\\.[a-z]{2,}', ['ada@example.org'], ['ada@example']],
    ['(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?', ['aGVsbG8='], ['aGVsbG8']],
    ['[\\p{L}]+', ['Ünïcödé'], ['a1']],
    ['a|b', ['a', 'b'], ['ab']],
  ])('%s', (pattern, matches, nonMatches) => {
    const verdict = checkPattern(pattern);
    expect(verdict.safe).toBe(true);
    if (!verdict.safe) return;
    for (const text of matches) expect(verdict.regex.test(text)).toBe(true);
    for (const text of nonMatches) expect(verdict.regex.test(text)).toBe(false);
  });
  it('falls back to non-Unicode syntax for patterns only valid there', () => {
    const verdict = checkPattern('\\-x');
    expect(verdict.safe && verdict.regex.flags).toBe('');
  });
  it('decides in milliseconds', () => {
    for (const pattern of ['(a|aa)+', '[A-Z]{2}\\d+', '\\S+@\\S+\\.\\S+', '[a-z0-9]+(?:-[a-z0-9]+)*']) {
      expect(checkPattern(pattern).analysisMs).toBeLessThan(250);
    }
  });
});

describe('compileSafePattern', () => {
  it('names the pattern, the field and the line', () => {
    let error: unknown;
    try {
      compileSafePattern('(a|aa)+', { file: 'contract.yml', line: 7, field: 'code' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).location).toEqual({ file: 'contract.yml', line: 7, field: 'code' });
    expect((error as ConfigurationError).message).toBe(
      'pattern "(a|aa)+" can backtrack catastrophically: in (a|aa)+, the alternatives "a" and "aa" can match the ' +
        'same text ("aa"); for example on "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"',
    );
  });
  it('returns the compiled pattern', () => {
    const pattern = compileSafePattern('[A-Z]{2}\\d+', { file: 'c.yml' });
    expect(pattern.source).toBe('[A-Z]{2}\\d+');
    expect(pattern.regex.source).toBe('^(?:[A-Z]{2}\\d+)$');
  });
});
