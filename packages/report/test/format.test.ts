import { describe, expect, it } from '@jest/globals';
import {
  formatDelta,
  formatInterval,
  formatNumber,
  formatPValue,
  outcomeIcon,
  statusIcon,
} from '../src/format.js';

describe('formatNumber', () => {
  it('shows integers with thousands separators and fractions with at most 4 decimals', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(-0.25)).toBe('-0.25');
    expect(formatNumber(0.99999)).toBe('1');
    expect(formatNumber(0.123456, 2)).toBe('0.12');
  });

  it('switches to exponents for very small and very large fractions', () => {
    expect(formatNumber(0.00005)).toBe('5.00e-5');
    expect(formatNumber(2500000.5)).toBe('2.50e+6');
  });

  it('shows n/a for missing and undefined values', () => {
    expect(formatNumber(null)).toBe('n/a');
    expect(formatNumber(undefined)).toBe('n/a');
    expect(formatNumber(NaN)).toBe('n/a');
    expect(formatNumber(Infinity)).toBe('n/a');
  });
});

describe('formatDelta', () => {
  it('points up for an improvement and down for a worsening, by the direction of the metric', () => {
    expect(formatDelta(0.05)).toBe('▲ +0.05');
    expect(formatDelta(-0.05)).toBe('▼ −0.05');
    expect(formatDelta(0.05, false)).toBe('▼ +0.05');
    expect(formatDelta(-120, false)).toBe('▲ −120');
  });

  it('shows no change and missing values plainly', () => {
    expect(formatDelta(0)).toBe('±0');
    expect(formatDelta(0, false)).toBe('±0');
    expect(formatDelta(null)).toBe('n/a');
    expect(formatDelta(undefined, false)).toBe('n/a');
  });
});

describe('formatPValue and formatInterval', () => {
  it('shows p-values to 3 decimals and tiny ones as < 0.001', () => {
    expect(formatPValue(0.0004)).toBe('< 0.001');
    expect(formatPValue(0.001)).toBe('0.001');
    expect(formatPValue(0.04321)).toBe('0.043');
    expect(formatPValue(1)).toBe('1.000');
    expect(formatPValue(null)).toBe('');
    expect(formatPValue(undefined)).toBe('');
  });

  it('shows an interval only when both ends are known', () => {
    expect(formatInterval([0.81, 0.9])).toBe('[0.81, 0.9]');
    expect(formatInterval([null, 0.9])).toBe('');
    expect(formatInterval(undefined)).toBe('');
  });
});

describe('icons', () => {
  it('has one per outcome and status', () => {
    expect([outcomeIcon('pass'), outcomeIcon('fail'), outcomeIcon('inconclusive')]).toEqual([
      '✅',
      '❌',
      '⚠️',
    ]);
    expect([statusIcon('pass'), statusIcon('fail'), statusIcon('warn'), statusIcon('inconclusive')]).toEqual([
      '✅',
      '❌',
      '⚠️',
      '❔',
    ]);
  });
});
