import { describe, expect, it } from '@jest/globals';
import { closestKey, didYouMean, editDistance, suggestKey } from '../src/suggest.js';

describe('did you mean', () => {
  it('closestKey finds typos only: another case, or within 2 edits (1 for short keys)', () => {
    expect(closestKey('maxNullFracton', ['maxNullFraction', 'minLength'])).toBe('maxNullFraction');
    expect(closestKey('rowcount', ['rowCount'])).toBe('rowCount');
    expect(closestKey('mni', ['min', 'max'])).toBe('min');
    expect(closestKey('minimum', ['min', 'max'])).toBeUndefined();
    expect(closestKey('unit', ['min', 'max'])).toBeUndefined();
  });

  it('suggestKey also finds a longer or a shorter spelling of a known name', () => {
    expect(suggestKey('minimum', ['metric', 'min', 'max', 'max-drop'])).toBe('min');
    expect(suggestKey('maximum', ['metric', 'min', 'max', 'max-drop'])).toBe('max');
    expect(suggestKey('max-drop-rel', ['max-drop', 'max-drop-relative'])).toBe('max-drop-relative');
    expect(suggestKey('result', ['results', 'report-path'])).toBe('results');
    expect(suggestKey('owner', ['metric', 'min', 'max'])).toBeUndefined();
    // Two letters say nothing.
    expect(suggestKey('mi', ['metric', 'max'])).toBeUndefined();
  });

  it('didYouMean words the hint, quoting the name as asked', () => {
    expect(didYouMean('minimum', ['min'])).toBe('did you mean "min"?');
    expect(didYouMean('result', ['results'], (name) => `--${name}`)).toBe('did you mean --results?');
    expect(didYouMean('zzz', ['min'])).toBeUndefined();
  });

  it('editDistance counts an adjacent swap as one edit', () => {
    expect(editDistance('mni', 'min')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
