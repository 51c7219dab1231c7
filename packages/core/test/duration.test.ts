/** The one duration parser: units, a number alone only where the input documents its unit, and clear errors. */
import { describe, expect, it } from '@jest/globals';
import { formatDuration, parseDuration } from '../src/duration.js';
import { ConfigurationError } from '../src/errors.js';

const seconds = { bareUnit: 's', examples: '500ms, 30s, 5m or 1h' } as const;
const days = { bareUnit: 'd', positive: true, examples: '14d, 36h or 2w' } as const;
const unitRequired = { examples: '90m or 36h' } as const;

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['1.5s', 1500],
    ['5m', 300_000],
    ['36h', 129_600_000],
    ['1.5d', 129_600_000],
    ['2w', 1_209_600_000],
    [' 30 s ', 30_000],
    ['14D', 1_209_600_000],
  ])('%j is %d ms whatever the bare unit', (text, ms) => {
    expect(parseDuration('x', text, seconds)).toBe(ms);
    expect(parseDuration('x', text, days)).toBe(ms);
    expect(parseDuration('x', text, unitRequired)).toBe(ms);
  });

  it('reads a number alone, or a YAML number, in the unit the input documents', () => {
    expect(parseDuration('Input "bake-time"', '30', seconds)).toBe(30_000);
    expect(parseDuration('"analysis.interval"', 2.5, seconds)).toBe(2500);
    expect(parseDuration('Input "baseline-max-age"', '3', days)).toBe(3 * 86_400_000);
  });

  it('refuses a number alone where no unit is documented, naming the value', () => {
    expect(() => parseDuration('"freshness.maxAge"', '36', unitRequired)).toThrow(
      '"freshness.maxAge" must be a duration such as 90m or 36h; give the unit (ms, s, m, h, d or w); got "36".',
    );
  });

  it('refuses what is not a duration, saying what a number alone means', () => {
    expect(() => parseDuration('Input "bake-time"', 'soon', seconds)).toThrow(
      'Input "bake-time" must be a duration such as 500ms, 30s, 5m or 1h; a number alone is seconds; got "soon".',
    );
    for (const bad of ['-1s', '1y', '', '1e3s', 'NaN'])
      expect(() => parseDuration('x', bad, seconds)).toThrow(ConfigurationError);
    for (const bad of [-1, Number.NaN, Infinity])
      expect(() => parseDuration('x', bad, seconds)).toThrow(ConfigurationError);
  });

  it('allows 0 unless the input must be positive', () => {
    expect(parseDuration('x', '0s', seconds)).toBe(0);
    expect(() => parseDuration('Input "baseline-max-age"', '0d', days)).toThrow(
      /must be a positive duration such as 14d, 36h or 2w; a number alone is days; got "0d"/,
    );
  });

  it('carries the location into the error', () => {
    let error: unknown;
    try {
      parseDuration('"router.reload-wait"', 'later', {
        ...seconds,
        location: { file: 'deploy.yml', line: 7 },
      });
    } catch (caught) {
      error = caught;
    }
    expect((error as ConfigurationError).location).toEqual({ file: 'deploy.yml', line: 7 });
  });
});

describe('formatDuration', () => {
  it.each([
    [500, '500ms'],
    [1500, '1.5s'],
    [90_000, '1.5m'],
    [5_400_000, '1.5h'],
  ])('%d ms is %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
