import { describe, expect, it } from '@jest/globals';
import { hashAsciiBytes, hashString } from '../../src/sketch/index.js';

describe('hashAsciiBytes', () => {
  it('equals hashString of the same ASCII text, at every length and offset', () => {
    const text = 'user123@example.com, "quoted" and ~ punctuation!';
    const buf = Buffer.from(`xx${text}yy`);
    for (let length = 0; length <= text.length; length++)
      expect(hashAsciiBytes(buf, 2, 2 + length)).toBe(hashString(text.slice(0, length)));
  });

  it('is NaN when a byte is not ASCII', () => {
    expect(hashAsciiBytes(Buffer.from('Zoë'), 0, 4)).toBeNaN();
    expect(hashAsciiBytes(Buffer.from('abcé'), 0, 5)).toBeNaN();
  });
});
