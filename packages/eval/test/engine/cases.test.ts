import { describe, expect, it } from '@jest/globals';
import { InputDataError } from '@mlgate/core';
import { mergeCases } from '../../src/cases.js';
import { FILE, numbered, thrown } from './helpers.js';

describe('mergeCases', () => {
  it('keeps single rows as cases, in first-seen order', () => {
    const cases = mergeCases(
      numbered([
        { id: 'b', expected: 'x', predicted: 'x', pass: true, costUsd: 0.5 },
        { id: 'a', expected: 'y', predicted: 'x' },
      ]),
    );
    expect(cases.map((item) => item.id)).toEqual(['b', 'a']);
    expect(cases[0]).toMatchObject({
      repeats: 1,
      flaky: false,
      passRate: 1,
      allPassed: true,
      costUsd: 0.5,
      hasCost: true,
    });
    expect(cases[1]).toMatchObject({
      repeats: 1,
      flaky: false,
      costUsd: 0,
      hasCost: false,
      source: { file: FILE, line: 2 },
    });
  });

  it('merges repeats: scores, latency and probability averaged, majority prediction, totals summed', () => {
    const [item] = mergeCases(
      numbered([
        {
          id: 'q',
          expected: 'a',
          predicted: 'a',
          probability: 0.9,
          scores: { faithfulness: 0.9, relevance: 1 },
          latencyMs: 100,
          tokens: { input: 10, output: 2 },
          costUsd: 0.01,
        },
        {
          id: 'q',
          expected: 'a',
          predicted: 'b',
          probability: 0.6,
          scores: { faithfulness: 0.6 },
          latencyMs: 200,
          tokens: { input: 10, output: 3 },
          costUsd: 0.02,
        },
        {
          id: 'q',
          expected: 'a',
          predicted: 'a',
          probability: 0.3,
          scores: { faithfulness: 0.3, relevance: 0 },
          latencyMs: 600,
          tokens: { input: 10 },
        },
      ]),
    );
    expect(item.repeats).toBe(3);
    expect(item.predicted).toBe('a');
    expect(item.probability).toBeCloseTo(0.6, 12);
    expect(item.scores!.faithfulness).toBeCloseTo(0.6, 12);
    expect(item.scores!.relevance).toBeCloseTo(0.5, 12);
    expect(item.latencyMs).toBeCloseTo(300, 12);
    expect(item.tokensInput).toBe(30);
    expect(item.tokensOutput).toBe(5);
    expect(item.costUsd).toBeCloseTo(0.03, 12);
    expect(item.hasCost).toBe(true);
    expect(item.source).toEqual({ file: FILE, line: 1 });
  });

  it('averages per-class probabilities class by class', () => {
    const [item] = mergeCases(
      numbered([
        { id: 'q', expected: 'a', predicted: 'a', probability: { a: 0.8, b: 0.2 } },
        { id: 'q', expected: 'a', predicted: 'a', probability: { a: 0.4, b: 0.6 } },
      ]),
    );
    const probability = item.probability as Record<string, number>;
    expect(probability.a).toBeCloseTo(0.6, 12);
    expect(probability.b).toBeCloseTo(0.4, 12);
  });

  it('marks a case flaky when its repeats disagree on pass, with the pass rate', () => {
    const [item] = mergeCases(
      numbered([
        { id: 'q', pass: true },
        { id: 'q', pass: false },
        { id: 'q', pass: true },
      ]),
    );
    expect(item.flaky).toBe(true);
    expect(item.passRate).toBeCloseTo(2 / 3, 12);
    expect(item.allPassed).toBe(false);
  });

  it('marks a case flaky when its repeats predict different labels', () => {
    const [item] = mergeCases(
      numbered([
        { id: 'q', expected: 'a', predicted: 'b' },
        { id: 'q', expected: 'a', predicted: 'a' },
        { id: 'q', expected: 'a', predicted: 'b' },
      ]),
    );
    expect(item.flaky).toBe(true);
    expect(item.predicted).toBe('b');
  });

  it('breaks a tie in the majority by the first label seen', () => {
    const [item] = mergeCases(
      numbered([
        { id: 'q', expected: 'a', predicted: 'c' },
        { id: 'q', expected: 'a', predicted: 'a' },
        { id: 'q', expected: 'a', predicted: 'a' },
        { id: 'q', expected: 'a', predicted: 'c' },
      ]),
    );
    expect(item.predicted).toBe('c');
  });

  it('is not flaky when every repeat agrees', () => {
    const [item] = mergeCases(
      numbered([
        { id: 'q', expected: 'a', predicted: 'a', pass: true },
        { id: 'q', expected: 'a', predicted: 'a', pass: true },
      ]),
    );
    expect(item.flaky).toBe(false);
    expect(item.passRate).toBe(1);
    expect(item.allPassed).toBe(true);
  });

  it('averages numeric predictions (regression) without calling them flaky', () => {
    const [item] = mergeCases(
      numbered([
        { id: 'q', expected: 2, predicted: 1 },
        { id: 'q', expected: 2, predicted: 2 },
        { id: 'q', expected: 2, predicted: 6 },
      ]),
    );
    expect(item.predicted).toBe(3);
    expect(item.flaky).toBe(false);
  });

  it('ignores the prediction of an errored repeat and keeps the first error', () => {
    const [item] = mergeCases(
      numbered([
        { id: 'q', expected: 'a', predicted: 'a' },
        { id: 'q', expected: 'a', predicted: 'zzz', error: 'timeout' },
        { id: 'q', expected: 'a', error: 'rate limited' },
      ]),
    );
    expect(item.predicted).toBe('a');
    expect(item.error).toBe('timeout');
    expect(item.flaky).toBe(false);
  });

  it('rejects repeats that disagree on the expected value, naming the later line', () => {
    const error = thrown(InputDataError, () =>
      mergeCases(
        numbered([
          { id: 'q', expected: 'a', predicted: 'a' },
          { id: 'other', expected: 'b', predicted: 'b' },
          { id: 'q', expected: 'b', predicted: 'a' },
        ]),
      ),
    );
    expect(error.location).toEqual({ file: FILE, line: 3, field: 'expected' });
    expect(error.message).toContain('"q"');
    expect(error.message).toContain(`${FILE}:1`);
  });

  it('rejects repeats that mix a number and a per-class object as probability', () => {
    const error = thrown(InputDataError, () =>
      mergeCases(
        numbered([
          { id: 'q', expected: 'a', predicted: 'a', probability: 0.4 },
          { id: 'q', expected: 'a', predicted: 'a', probability: { a: 0.4 } },
        ]),
      ),
    );
    expect(error.location).toMatchObject({ file: FILE, field: 'probability' });
  });
});
