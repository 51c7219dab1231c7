/**
 * No pattern can stall a scan: every accepted contract or record-schema pattern is matched by its DFA, which
 * agrees with the native RegExp (checked here on many values, assertions included) and finishes on hostile
 * 40- and 10,000-character values; a pattern that cannot be compiled to a DFA is refused with the reason.
 */
import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '@mlgate/core';
import { checkPattern, compileSafePattern, matchesDfa } from '../../src/contract/regex.js';
import { parseContract } from '../../src/contract/index.js';

const at = { file: 'contract.yml', line: 3, field: 'code' };

/** The bypasses of the static check reported in issue 15, then known ReDoS patterns (OWASP, Davis et al. 2018). */
const hostile: [string, string][] = [
  ['(?:\\w{1,10})+$', 'a'],
  ['(a{1,3})+b', 'a'],
  ['(?:[a-z]{1,20}\\.?){1,20}@', 'a'],
  ['(a+)+', 'a'],
  ['([a-zA-Z]+)*', 'a'],
  ['(a|aa)+', 'a'],
  ['(a|a?)+', 'a'],
  ['(.*a){12}', 'a'],
  ['^(([a-z])+.)+[A-Z]([a-z])+$', 'a'],
  ['(\\w+\\s?)+$', 'a'],
  ['^(\\d+)*$', '1'],
  ['(x+x+)+y', 'x'],
  ['\\s*#?\\s*$', ' '],
  ['^(a|b|ab)*c$', 'ab'],
  ['(\\d+|\\d+\\.\\d+)+%', '1'],
  [
    '^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$',
    'a',
  ],
  ['^[\\w.+-]+@(?:[\\w-]+\\.)+\\w+$', 'a'],
  ['(?:a?){25}a{25}', 'a'],
];

describe('hostile patterns: refused at load with a reason, or matched in one pass', () => {
  it.each(hostile)('%s', (pattern, pumped) => {
    let compiled;
    try {
      compiled = compileSafePattern(pattern, at);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(
        /^pattern ".*" (can backtrack|is too complex|uses an assertion)/,
      );
      return;
    }
    for (const length of [40, 10_000]) {
      const value = pumped.repeat(Math.ceil((length - 1) / pumped.length)).slice(0, length - 1) + '!';
      // The assertion is that this returns at all: a backtracking engine takes hours on 40 characters.
      expect(typeof matchesDfa(compiled.matcher, value)).toBe('boolean');
    }
  });

  it('the bypasses of the static check are accepted, and decided by the automaton', () => {
    const bypass = compileSafePattern('(?:\\w{1,10})+$', at);
    expect(matchesDfa(bypass.matcher, 'a'.repeat(10_000))).toBe(true);
    expect(matchesDfa(bypass.matcher, `${'a'.repeat(10_000)}!`)).toBe(false);
    const bounded = compileSafePattern('(a{1,3})+b', at);
    expect(matchesDfa(bounded.matcher, `${'a'.repeat(39)}b`)).toBe(true);
    expect(matchesDfa(bounded.matcher, `${'a'.repeat(39)}!`)).toBe(false);
  });

  it('record-schema patterns too: ajv matches with the automaton; an unsafe one is refused at load', async () => {
    const contract = (pattern: string) =>
      parseContract(
        `fields:\n  - name: a\nrecordSchema:\n  type: object\n  properties:\n    code: { type: string, pattern: '${pattern}' }\n`,
        'c.yml',
      );
    const safe = await contract('^(?:\\w{1,10})+$');
    expect(safe.recordSchema!.check({ code: 'a'.repeat(10_000) })).toBeNull();
    expect(safe.recordSchema!.check({ code: `${'a'.repeat(10_000)}!` })).toMatch(/must match pattern/);
    await expect(contract('^(a+)+$')).rejects.toThrow(
      /pattern "\^\(a\+\)\+\$" can backtrack catastrophically/,
    );
    const unanchored = await contract('b\\d');
    expect(unanchored.recordSchema!.check({ code: 'xxb1yy' })).toBeNull();
    expect(unanchored.recordSchema!.check({ code: 'xxbyy' })).toMatch(/must match pattern/);
  });
});

describe('the automaton agrees with the RegExp', () => {
  const patterns = [
    '[A-Z]{2}\\d+',
    '(?:\\w{1,10})+$',
    '^abc$',
    'a(?=b)',
    'a(?=b)b',
    'a\\b',
    '(?=a)\\w+',
    'x\\b.',
    '(?<=a)b',
    'a(?<=a)',
    '\\Bb',
    'a$|b',
    '[\\p{L}]+',
    '.+',
    '[^a]*',
    'é+|😀',
    '(ab|ac)*',
  ];
  const alphabet = ['a', 'b', 'c', 'x', ' ', '1', 'é', '😀', '\n', 'A', 'Z', '.'];
  let state = 11;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  const values = [
    '',
    'abc',
    'ab',
    'a',
    'b',
    ...Array.from({ length: 3000 }, () => {
      const length = Math.floor(random() * 6);
      return Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    }),
  ];

  it.each(patterns)('%s: full match and search', (pattern) => {
    const full = checkPattern(pattern);
    const search = checkPattern(pattern, 'search');
    if (!full.safe || !search.safe) throw new Error(`refused: ${pattern}`);
    const fullRegExp = new RegExp(`^(?:${pattern})$`, 'u');
    const searchRegExp = new RegExp(pattern, 'u');
    let matched = 0;
    let fullMatched = 0;
    const disagreements: string[] = [];
    for (const value of values) {
      if (matchesDfa(full.matcher, value) !== fullRegExp.test(value)) disagreements.push(`full ${value}`);
      if (matchesDfa(search.matcher, value) !== searchRegExp.test(value))
        disagreements.push(`search ${value}`);
      if (searchRegExp.test(value)) matched++;
      if (fullRegExp.test(value)) fullMatched++;
    }
    expect(disagreements).toEqual([]);
    // Both verdicts occur, so the comparison is not one-sided.
    expect(matched).toBeGreaterThan(0);
    expect(fullMatched).toBeLessThan(values.length);
  });

  it('refuses an automaton of more than 10,000 states, saying why', () => {
    expect(checkPattern('[ab]*a[ab]{14}')).toMatchObject({
      safe: false,
      problem: expect.stringMatching(
        /^is too complex for a linear-time matcher \(its automaton passes 10,000 states\)/,
      ),
    });
  });

  it('refuses a lookaround it cannot compile, saying why', () => {
    expect(checkPattern('foo(?!bar)\\w*')).toMatchObject({
      safe: false,
      problem: expect.stringContaining('cannot be compiled to a linear-time matcher'),
    });
  });
});
