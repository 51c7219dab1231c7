/** SQuAD normalisation, exact match and token F1 against the official script logic run in Python. */
import { describe, expect, it } from '@jest/globals';
import { exactMatch, normalizeAnswer, tokenF1 } from '../../src/metrics/index.js';
import { close, loadReference } from './reference.js';

interface TextCase {
  prediction: string;
  reference: string;
  normalized_prediction: string;
  normalized_reference: string;
  exact_match: 0 | 1;
  f1: number;
}

const { cases } = loadReference<{ cases: TextCase[] }>('text.json');

describe('SQuAD metrics vs the official Python logic', () => {
  it('has the tricky pairs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases.map((c) => [JSON.stringify([c.prediction, c.reference]), c] as const))('%s', (_name, c) => {
    expect(normalizeAnswer(c.prediction)).toBe(c.normalized_prediction);
    expect(normalizeAnswer(c.reference)).toBe(c.normalized_reference);
    expect(exactMatch(c.prediction, c.reference)).toBe(c.exact_match);
    const f1 = tokenF1(c.prediction, c.reference);
    expect(close(f1, c.f1) ? c.f1 : f1).toBe(c.f1);
  });
});

describe('SQuAD metrics: hand-checkable facts', () => {
  it('normalises case, punctuation, articles and whitespace', () => {
    expect(normalizeAnswer('  The  Quick, brown FOX!  ')).toBe('quick brown fox');
    expect(exactMatch('An Apple', 'apple.')).toBe(1);
  });

  it('counts repeated tokens once per match', () => {
    // pred: cat cat cat (3), ref: cat (1): precision 1/3, recall 1 -> F1 0.5
    expect(tokenF1('cat cat cat', 'cat')).toBe(0.5);
    expect(tokenF1('', '')).toBe(1);
    expect(tokenF1('the', 'answer')).toBe(0);
  });
});
