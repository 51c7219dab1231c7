import { describe, expect, it } from '@jest/globals';
import {
  describeChange,
  formatChange,
  formatInterval,
  formatNumber,
  formatPercent,
  formatPValue,
  formatSigned,
} from '../src/format.js';

// Expected strings follow the rule written at the top of src/format.ts, worked out by hand per value.
describe('formatNumber', () => {
  it('keeps 4 significant digits and every integer digit, with commas between thousands', () => {
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(12.3456)).toBe('12.35');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(0.00123456)).toBe('0.001235');
    expect(formatNumber(0.0001)).toBe('0.0001');
    expect(formatNumber(157185.825)).toBe('157,186');
    expect(formatNumber(161566)).toBe('161,566');
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(-1234.5678)).toBe('-1,235');
    expect(formatNumber(-0.25)).toBe('-0.25');
  });

  it('never rounds a score below 1 up to a perfect 1', () => {
    expect(formatNumber(0.99999)).toBe('0.99999');
    expect(formatNumber(0.9999999)).toBe('0.9999999');
    expect(formatNumber(0.99995)).toBe('0.99995');
    expect(formatNumber(-0.99999)).toBe('-0.99999');
  });

  it('writes magnitudes below 1e-4 and from 1e15 with an exponent', () => {
    expect(formatNumber(1e-7)).toBe('1e-7');
    expect(formatNumber(-0.00004)).toBe('-4e-5');
    expect(formatNumber(0.0000123456)).toBe('1.235e-5');
    expect(formatNumber(1e15)).toBe('1e15');
    expect(formatNumber(2.5e20)).toBe('2.5e20');
  });

  it('writes zero, negative zero and the non-numbers plainly', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(NaN)).toBe('n/a');
    expect(formatNumber(null)).toBe('n/a');
    expect(formatNumber(undefined)).toBe('n/a');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatNumber(-Infinity)).toBe('-∞');
  });
});

describe('formatSigned', () => {
  it('always writes the sign of a change, and none on zero', () => {
    expect(formatSigned(0.045)).toBe('+0.045');
    expect(formatSigned(-0.05)).toBe('-0.05');
    expect(formatSigned(276.16)).toBe('+276.2');
    expect(formatSigned(1e-7)).toBe('+1e-7');
    expect(formatSigned(0)).toBe('0');
    expect(formatSigned(-0)).toBe('0');
    expect(formatSigned(Infinity)).toBe('+∞');
    expect(formatSigned(NaN)).toBe('n/a');
  });
});

describe('formatInterval', () => {
  it('writes both ends to the same decimals, with a dash that no thousands separator can be confused with', () => {
    expect(formatInterval([157185.825, 161566])).toBe('157,186 – 161,566');
    expect(formatInterval([0.812, 0.85])).toBe('0.8120 – 0.8500');
    expect(formatInterval([0.99999, 1])).toBe('0.99999 – 1.00000');
    expect(formatInterval([12.5, 1500.25])).toBe('12.50 – 1,500.25');
    expect(formatInterval([-0.5, 0.25])).toBe('-0.5000 – 0.2500');
  });

  it('gives both ends an exponent when either needs one', () => {
    expect(formatInterval([1e-7, 3e-7])).toBe('1.000e-7 – 3.000e-7');
    expect(formatInterval([0, 2e-5])).toBe('0 – 2.000e-5');
  });

  it('is empty when an end is missing, and says n/a for an end that is not a number', () => {
    expect(formatInterval([null, 0.9])).toBe('');
    expect(formatInterval(undefined)).toBe('');
    expect(formatInterval([NaN, 1])).toBe('n/a – 1');
  });
});

describe('formatPercent and formatPValue', () => {
  it('writes a fraction as a percentage by the same rule', () => {
    expect(formatPercent(0.123)).toBe('12.3%');
    expect(formatPercent(1 / 3)).toBe('33.33%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(NaN)).toBe('n/a');
  });

  it('writes p-values to 3 decimals, tiny ones as < 0.001, and nothing without a test', () => {
    expect(formatPValue(0.0004)).toBe('< 0.001');
    expect(formatPValue(0.04321)).toBe('0.043');
    expect(formatPValue(1)).toBe('1.000');
    expect(formatPValue(null)).toBe('');
  });
});

describe('describeChange and formatChange', () => {
  it('judges a change by the metric’s direction, not by its sign', () => {
    // brier, log_loss, latency: lower is better, so a rise is a worsening.
    expect(formatChange(0.045, false)).toBe('🔴 +0.045 worsened');
    expect(formatChange(-0.045, false)).toBe('🟢 -0.045 improved');
    expect(formatChange(276.16, false)).toBe('🔴 +276.2 worsened');
    // accuracy: higher is better.
    expect(formatChange(0.01, true)).toBe('🟢 +0.01 improved');
    expect(formatChange(-0.05, true)).toBe('🔴 -0.05 worsened');
    expect(describeChange(-0.05, true)).toEqual({ effect: 'worsened', marker: '🔴', signed: '-0.05' });
  });

  it('calls no change, or one too small to show, unchanged; a missing change n/a', () => {
    expect(formatChange(0, true)).toBe('⚪ 0 unchanged');
    expect(formatChange(-0, false)).toBe('⚪ 0 unchanged');
    expect(formatChange(1e-7, true)).toBe('🟢 +1e-7 improved');
    expect(formatChange(NaN, true)).toBe('n/a');
    expect(formatChange(undefined, false)).toBe('n/a');
  });

  it('writes the number with a unit when asked', () => {
    expect(formatChange(0.3, false, (delta) => `${formatSigned(delta).replace(/^([+-])/, '$1$')}`)).toBe(
      '🔴 +$0.3 worsened',
    );
  });
});
