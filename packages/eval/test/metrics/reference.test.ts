/** Self-check of the comparison helper the reference tests rely on. */
import { describe, expect, it } from '@jest/globals';
import { close } from './reference.js';

describe('close()', () => {
  it('uses a 1e-9 relative tolerance (absolute below 1)', () => {
    expect(close(1, 1 + 5e-10)).toBe(true);
    expect(close(1, 1 + 2e-9)).toBe(false);
    expect(close(1e6, 1e6 + 5e-4)).toBe(true);
    expect(close(1e6, 1e6 + 2e-3)).toBe(false);
    expect(close(0, 5e-10)).toBe(true);
    expect(close(0, 2e-9)).toBe(false);
  });

  it('treats null as NaN and NaN only equals NaN', () => {
    expect(close(NaN, null)).toBe(true);
    expect(close(0, null)).toBe(false);
    expect(close(NaN, 0)).toBe(false);
    expect(close(Infinity, 'Infinity')).toBe(true);
  });
});
