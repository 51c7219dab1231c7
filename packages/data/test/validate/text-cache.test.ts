/** The per-column text cache: bytes to the entry computed for them, exact on every lookup, bounded in size. */
import { describe, expect, it } from '@jest/globals';
import { TextCache, type CachedText } from '../../src/validate/text-cache.js';

function entry(text: string): CachedText {
  return {
    text,
    parsed: text,
    failed: undefined,
    valueClass: 0,
    hash: 0,
    length: text.length,
    topSlot: -1,
    topEpoch: -1,
    distinctAdded: false,
  };
}

/** Looks `text` up at a random-ish offset of a fresh buffer, and adds it on a miss; the entry's text, or undefined. */
function lookUp(cache: TextCache, text: string, pad: number): string | undefined {
  const buf = Buffer.from(`${'#'.repeat(pad)}${text},`);
  const hit = cache.get(buf, pad, buf.length - 1);
  if (!hit) cache.add(buf, pad, buf.length - 1, entry(text));
  return hit?.text;
}

describe('TextCache', () => {
  it('returns the entry of the same bytes wherever they sit, and never another value’s', () => {
    const cache = new TextCache();
    const values = Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? `v${i}` : `${i * 7919}`));
    for (const [i, value] of values.entries()) expect(lookUp(cache, value, i % 5)).toBeUndefined();
    // The first 4,096 distinct values are kept; later ones are looked up and missed, never confused.
    for (const [i, value] of values.entries())
      expect(lookUp(cache, value, (i + 2) % 7)).toBe(i < 4096 ? value : undefined);
    const fresh = new TextCache();
    expect(lookUp(fresh, '', 3)).toBeUndefined();
    expect(lookUp(fresh, '', 0)).toBe('');
    expect(lookUp(fresh, 'x'.repeat(64), 0)).toBeUndefined();
    expect(lookUp(fresh, 'x'.repeat(64), 1)).toBe('x'.repeat(64));
    expect(lookUp(fresh, 'x'.repeat(65), 0)).toBeUndefined();
    expect(lookUp(fresh, 'x'.repeat(65), 0)).toBeUndefined(); // longer than 64 bytes: never cached
  });

  it('turns itself off when values rarely repeat', () => {
    const cache = new TextCache();
    for (let i = 0; i < 50_000; i++) lookUp(cache, `id-${i}`, 0);
    expect(cache.enabled).toBe(false);
    const repeating = new TextCache();
    for (let i = 0; i < 50_000; i++) lookUp(repeating, `c${i % 40}`, i % 3);
    expect(repeating.enabled).toBe(true);
    expect(lookUp(repeating, 'c7', 1)).toBe('c7');
  });
});
