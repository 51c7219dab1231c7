import { describe, expect, it } from '@jest/globals';
import { casePassed, caseScore, diffCases } from '../../src/case-diff.js';
import { casesOf } from './helpers.js';

/** The baseline run: 'improve' and 'still' fail, the rest pass. */
const baseline = casesOf([
  { id: 'improve', expected: 'a', predicted: 'b', input: 'q1' },
  { id: 'regress', expected: 'a', predicted: 'a' },
  { id: 'removed', expected: 'b', predicted: 'b', input: 'gone' },
  { id: 'still', expected: 'a', predicted: 'b' },
  { id: 'same', expected: 'b', predicted: 'b' },
  { id: 'flaky', expected: 'a', predicted: 'a' },
]);

/** The current run: every status once, 'same' unchanged. */
const current = casesOf([
  { id: 'same', expected: 'b', predicted: 'b' },
  { id: 'new', expected: 'a', predicted: 'a', output: 'fresh' },
  { id: 'still', expected: 'a', predicted: 'c' },
  { id: 'flaky', expected: 'a', predicted: 'a' },
  { id: 'flaky', expected: 'a', predicted: 'b' },
  { id: 'improve', expected: 'a', predicted: 'a', input: 'q1', output: 'a' },
  { id: 'regress', expected: 'a', predicted: 'b', input: 'q2', output: 'b' },
]);

describe('diffCases', () => {
  it('gives each changed case its status and counts every status', () => {
    const diff = diffCases(current, baseline, false);
    expect(diff.counts).toEqual({
      regressed: 1,
      improved: 1,
      new: 1,
      removed: 1,
      flaky: 1,
      'still-failing': 1,
    });
    expect(Object.fromEntries(diff.cases.map((entry) => [entry.id, entry.status]))).toEqual({
      regress: 'regressed',
      improve: 'improved',
      new: 'new',
      removed: 'removed',
      flaky: 'flaky',
      still: 'still-failing',
    });
    expect(diff.cases.map((entry) => entry.id)).not.toContain('same');
    expect(diff.omitted).toBe(0);
  });

  it('lists regressions first, then improved, new, removed, flaky, still failing', () => {
    const diff = diffCases(current, baseline, false);
    expect(diff.cases.map((entry) => entry.status)).toEqual([
      'regressed',
      'improved',
      'new',
      'removed',
      'flaky',
      'still-failing',
    ]);
  });

  it('records pass and score before and after, with the text reviewers read', () => {
    const diff = diffCases(current, baseline, false);
    const byId = Object.fromEntries(diff.cases.map((entry) => [entry.id, entry]));
    expect(byId.regress).toEqual({
      id: 'regress',
      status: 'regressed',
      before: { pass: true, score: 1 },
      after: { pass: false, score: 0 },
      input: 'q2',
      expected: 'a',
      output: 'b',
    });
    expect(byId.new.before).toBeUndefined();
    expect(byId.new.after).toEqual({ pass: true, score: 1 });
    expect(byId.removed.after).toBeUndefined();
    expect(byId.removed).toMatchObject({ before: { pass: true, score: 1 }, input: 'gone' });
    expect(byId.flaky.before).toEqual({ pass: true, score: 1 });
  });

  it('lists at most `limit` entries per status and counts the rest as omitted', () => {
    const many = (pass: boolean) =>
      casesOf(
        Array.from({ length: 7 }, (_, i) => ({
          id: `case-${i}`,
          expected: 'a',
          predicted: pass ? 'a' : 'b',
        })),
      );
    const diff = diffCases([...many(false), ...current], [...many(true), ...baseline], false, 3);
    expect(diff.counts.regressed).toBe(8);
    expect(diff.cases.filter((entry) => entry.status === 'regressed')).toHaveLength(3);
    expect(diff.cases[0].status).toBe('regressed');
    expect(diff.omitted).toBe(5);
    expect(diff.cases).toHaveLength(3 + 5);
  });

  it('orders regressions by how much they got worse (regression task: −|error|)', () => {
    const before = casesOf([
      { id: 'small', expected: 10, predicted: 10 },
      { id: 'large', expected: 10, predicted: 10 },
      { id: 'medium', expected: 10, predicted: 10.5 },
      { id: 'better', expected: 10, predicted: 14 },
    ]);
    const after = casesOf([
      { id: 'small', expected: 10, predicted: 11 },
      { id: 'large', expected: 10, predicted: 7 },
      { id: 'medium', expected: 10, predicted: 12.5 },
      { id: 'better', expected: 10, predicted: 10 },
    ]);
    const diff = diffCases(after, before, true);
    expect(diff.cases.map((entry) => [entry.id, entry.status])).toEqual([
      ['large', 'regressed'],
      ['medium', 'regressed'],
      ['small', 'regressed'],
      ['better', 'improved'],
    ]);
    expect(diff.cases[0].before?.pass).toBeUndefined();
    expect(Math.abs(diff.cases[0].before!.score!)).toBe(0);
    expect(diff.cases[0].after).toEqual({ pass: undefined, score: -3 });
  });

  it('compares pass rates of repeated cases, and ignores float noise', () => {
    const before = casesOf([
      { id: 'q', pass: true },
      { id: 'q', pass: true },
      { id: 'q', pass: true },
      { id: 'n', scores: { quality: 0.1 + 0.2 } },
    ]);
    const after = casesOf([
      { id: 'q', pass: true },
      { id: 'q', pass: true },
      { id: 'q', pass: true },
      { id: 'n', scores: { quality: 0.3 } },
    ]);
    expect(diffCases(after, before, false).cases).toEqual([]);
  });
});

describe('casePassed and caseScore', () => {
  it('read pass from the pass rate, else from predicted = expected, and fail errors', () => {
    const [passed, wrong, errored, scored] = casesOf([
      { id: 'p', pass: true, expected: 'a', predicted: 'b' },
      { id: 'w', expected: 1, predicted: '1' },
      { id: 'e', expected: 'a', error: 'boom' },
      { id: 's', scores: { a: 0.2, b: 0.6 } },
    ]);
    expect(casePassed(passed, false)).toBe(true);
    expect(casePassed(wrong, false)).toBe(true);
    expect(casePassed(errored, false)).toBe(false);
    expect(casePassed(scored, false)).toBeUndefined();
    expect(caseScore(scored, false)).toBeCloseTo(0.4, 12);
    expect(caseScore(errored, false)).toBe(0);
  });
});
