import { describe, expect, it } from '@jest/globals';
import { codePointLength } from '../../src/profile/column.js';
import { hashString, hashUtf8Bytes, utf8Hashed } from '../../src/sketch/index.js';

/** Texts that pair UTF-16 units across character boundaries in every way: 1-, 2-, 3- and 4-byte characters. */
const TEXTS = [
  '',
  'a',
  'ab',
  'abc',
  'é',
  'aé',
  'éa',
  'aéb',
  '日本語',
  'x日本語',
  '😀',
  'a😀',
  '😀a',
  'a😀b',
  '😀😀',
  'é😀日',
  'Größe: 12 €, naïve "café" 👍🏽',
  'mixed ascii then ü then ascii again and a long tail of plain text to hash in blocks',
  '\u0000\u007f\u0080\u07ff\u0800\uffff',
  '\ud7ff\ue000 𐀀 \u{10ffff}',
];

describe('hashUtf8Bytes', () => {
  it('equals hashString of the decoded text, and counts its characters, at any offset', () => {
    for (const text of TEXTS) {
      const bytes = Buffer.from(text, 'utf8');
      const buf = Buffer.concat([Buffer.from('«'), bytes, Buffer.from('»')]);
      const start = Buffer.byteLength('«');
      expect(hashUtf8Bytes(buf, start, start + bytes.length, false)).toBe(hashString(text));
      expect(utf8Hashed.length).toBe(codePointLength(text));
    }
  });

  it('hashes a CSV field with "" escapes as the unescaped text', () => {
    for (const text of ['"', '""', 'a"b', '"a"', 'say "hi", é "😀"', '"é"', 'é"', '"😀', 'x""y']) {
      const escaped = Buffer.from(text.replaceAll('"', '""'), 'utf8');
      expect(hashUtf8Bytes(escaped, 0, escaped.length, true)).toBe(hashString(text));
      expect(utf8Hashed.length).toBe(codePointLength(text));
    }
  });

  it('equals hashString on random text of every character width', () => {
    // A seeded LCG: the same texts every run.
    let state = 12345;
    const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8) / 16777216;
    const pool = ['a', 'Z', ' ', '"', ',', 'é', 'ß', '€', '日', '😀', '𝄞', '\u0800', '\uffff'];
    for (let t = 0; t < 2000; t++) {
      let text = '';
      const length = Math.floor(next() * 40);
      for (let i = 0; i < length; i++) text += pool[Math.floor(next() * pool.length)];
      const bytes = Buffer.from(text, 'utf8');
      expect(hashUtf8Bytes(bytes, 0, bytes.length, false)).toBe(hashString(text));
      expect(utf8Hashed.length).toBe(codePointLength(text));
      const escaped = Buffer.from(text.replaceAll('"', '""'), 'utf8');
      expect(hashUtf8Bytes(escaped, 0, escaped.length, true)).toBe(hashString(text));
    }
  });
});
