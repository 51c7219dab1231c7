import { describe, expect, it } from '@jest/globals';
import { parseConfigText } from '../src/config.js';
import { ConfigurationError, describeError } from '../src/errors.js';
import { parseChoice } from '../src/inputs.js';
import { closestKey, didYouMean, editDistance, suggestKey } from '../src/suggest.js';

function thrown(fn: () => unknown): ConfigurationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
  }
  throw new Error('expected a ConfigurationError');
}

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

  it('is the hint of a wrong choice, shown by describeError after the message', () => {
    const error = thrown(() => parseChoice('fail-on', 'warning', ['error', 'warn', 'never'], 'error'));
    expect(error.message).toBe('Input "fail-on" must be one of error, warn, never; got "warning".');
    expect(describeError(error)).toBe(
      'Input "fail-on" must be one of error, warn, never; got "warning". Did you mean "warn"?',
    );
    expect(
      thrown(() => parseChoice('fail-on', 'sometimes', ['error', 'never'], 'error')).hint,
    ).toBeUndefined();
  });

  it('is the hint of an unknown key and of a wrong enum value in a config file', () => {
    const schema = {
      type: 'object',
      additionalProperties: false,
      properties: { severity: { enum: ['error', 'warn'] }, 'max-drop': { type: 'number' } },
    };
    const key = thrown(() => parseConfigText('max_drop: 1\n', schema, 'g.yml'));
    expect(describeError(key)).toBe(
      'g.yml:1 (field "max_drop"): max_drop: unknown field "max_drop"; did you mean "max-drop"?',
    );
    const value = thrown(() => parseConfigText('severity: warning\n', schema, 'g.yml'));
    expect(describeError(value)).toBe(
      'g.yml:1 (field "severity"): severity: must be one of "error", "warn"; did you mean "warn"?',
    );
  });

  it('editDistance counts an adjacent swap as one edit', () => {
    expect(editDistance('mni', 'min')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
