/**
 * A pattern's ASCII automaton answers as its full-match RegExp does (the RegExp is the reference), on
 * values made from the pattern's own characters and on random ASCII.
 */
import { describe, expect, it } from '@jest/globals';
import { matchesAscii } from '../../src/contract/ascii-dfa.js';
import { compileSafePattern } from '../../src/contract/regex.js';
import { uniform } from '../sketch/helpers.js';

const at = { file: 'contract.yml', line: 1 };

const PATTERNS = [
  '[a-z0-9._%+-]+@[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}',
  '[A-Z]{2}-\\d{4}',
  '(foo|bar)+baz?',
  '\\w+(\\.\\w+)*',
  '[^\\n\\rx]*x.*', // . stops at line breaks
  '[^,]*',
  'a{2,4}b?',
  '\\d+(\\.\\d{1,2})?',
  '[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}',
  '(|a)b',
  '\\s*\\S+',
  'x{,2}', // only valid without the u flag: a literal "{,2}"
  '[\\u0041-\\u005A]+|é',
  '',
];

/** Values built from the characters the pattern mentions, plus any ASCII. */
function values(pattern: string, count: number, seed: number): string[] {
  const rnd = uniform(seed);
  const alphabet = [...new Set([...pattern, ...'aAz09.-@_ ,x\t\n'])].filter((c) => c.charCodeAt(0) < 128);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = Math.floor(rnd() * 20);
    let text = '';
    for (let j = 0; j < length; j++)
      text +=
        rnd() < 0.8
          ? alphabet[Math.floor(rnd() * alphabet.length)]
          : String.fromCharCode(Math.floor(rnd() * 128));
    out.push(text);
  }
  return out;
}

describe('ASCII automaton of a pattern', () => {
  it.each(PATTERNS)('%s: the same verdict as the RegExp on every ASCII value', (pattern) => {
    const compiled = compileSafePattern(pattern, at);
    expect(compiled.ascii).toBeDefined();
    const samples = [
      ...values(pattern, 20_000, pattern.length + 1),
      'john.doe@example.com',
      'AB-1234',
      'foobarbaz',
      'aaab',
      '3.14',
      '0123abcd-0123-4abc-8abc-0123456789ab',
      'b',
      'x{,2}',
    ];
    let matched = 0;
    for (const text of samples) {
      const expected = compiled.regex.test(text);
      if (expected) matched++;
      expect({
        text,
        match: matchesAscii(compiled.ascii!, Buffer.from(text, 'latin1'), 0, text.length),
      }).toEqual({
        text,
        match: expected,
      });
    }
    // Both verdicts occur for every pattern but the empty one, so the comparison is not one-sided.
    if (pattern !== '') expect(matched).toBeGreaterThan(0);
    expect(matched).toBeLessThan(samples.length);
  });

  it('covers assertions the automaton resolves (edge anchors, \\b, simple lookarounds)', () => {
    const cases: [string, string[]][] = [
      ['^abc$', ['abc', 'ab']],
      ['a\\b', ['a', 'ab']],
      ['(?=a)\\w+', ['ab', 'ba']],
    ];
    for (const [pattern, values] of cases) {
      const { ascii } = compileSafePattern(pattern, at);
      for (const value of values) {
        const bytes = Buffer.from(value);
        expect([pattern, value, matchesAscii(ascii!, bytes, 0, bytes.length)]).toEqual([
          pattern,
          value,
          new RegExp(`^(?:${pattern})$`, 'u').test(value),
        ]);
      }
    }
  });

  it('matches a range of a larger buffer, as CSV cells are', () => {
    const { ascii } = compileSafePattern('[A-Z]{2}-\\d{4}', at);
    const buf = Buffer.from('xx,AB-1234,CD-12');
    expect(matchesAscii(ascii!, buf, 3, 10)).toBe(true);
    expect(matchesAscii(ascii!, buf, 11, 16)).toBe(false);
    expect(matchesAscii(ascii!, buf, 2, 10)).toBe(false);
  });
});
