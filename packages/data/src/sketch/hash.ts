/**
 * 32-bit hashes of cell values for distinct counting: MurmurHash3 x86_32 (Appleby), straight from the JS values so
 * that no bytes are encoded per call.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
/** Seed of every mlgate hash: profiles from different runs must hash the same value to the same number. */
export const HASH_SEED = 0;

const { imul } = Math;

/**
 * MurmurHash3_x86_32 of the string's UTF-16LE bytes (two code units per 32-bit block), seed 0: equal to
 * `mmh3.hash(s.encode('utf-16-le'), 0, signed=False)`. Lone surrogates are hashed as they are; no TextEncoder.
 */
export function hashString(s: string): number {
  const length = s.length;
  let h = HASH_SEED;
  let i = 0;
  for (; i + 1 < length; i += 2) {
    h = mixBlock(h, s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
  }
  if (i < length) h = mixTail(h, s.charCodeAt(i));
  return finalMix(h ^ (length * 2));
}

/**
 * hashString of the text these bytes spell, straight from the bytes when they are all ASCII (then each byte is
 * one UTF-16 code unit, so the blocks are the same); NaN when a byte is not ASCII (decode and use hashString).
 * Saves making a string for text columns that need only their distinct count.
 */
export function hashAsciiBytes(buf: Uint8Array, start: number, end: number): number {
  let h = HASH_SEED;
  let i = start;
  for (; i + 1 < end; i += 2) {
    const a = buf[i];
    const b = buf[i + 1];
    if ((a | b) > 0x7f) return NaN;
    h = mixBlock(h, a | (b << 16));
  }
  if (i < end) {
    if (buf[i] > 0x7f) return NaN;
    h = mixTail(h, buf[i]);
  }
  return finalMix(h ^ ((end - start) * 2));
}

/**
 * hashAsciiBytes of buf[start, end) while a byte automaton (`next[state << 7 | byte]`, -1 for dead, state 0 the
 * start) reads the same bytes in the same pass: the hash when every byte is ASCII and the automaton ends in an
 * accepting state, else -1. One pass over a pattern-checked id instead of two; the two dependency chains (the
 * hash's multiplies, the automaton's table loads) overlap.
 */
export function hashAsciiAccepted(
  buf: Uint8Array,
  start: number,
  end: number,
  next: Int16Array,
  accepting: Uint8Array,
): number {
  let h = HASH_SEED;
  let state = 0;
  let i = start;
  for (; i + 1 < end; i += 2) {
    const a = buf[i];
    const b = buf[i + 1];
    if ((a | b) > 0x7f) return -1;
    state = next[(state << 7) | a];
    if (state < 0) return -1;
    state = next[(state << 7) | b];
    if (state < 0) return -1;
    h = mixBlock(h, a | (b << 16));
  }
  if (i < end) {
    const a = buf[i];
    if (a > 0x7f) return -1;
    state = next[(state << 7) | a];
    if (state < 0) return -1;
    h = mixTail(h, a);
  }
  if (accepting[state] !== 1) return -1;
  return finalMix(h ^ ((end - start) * 2));
}

/**
 * hashAsciiAccepted for a pattern read by position (`fixedPositions`: `allowed[i << 7 | byte]`, its length the
 * table's length ÷ 128): each byte is checked on its own, with no chain of automaton states to wait for, so only
 * the hash's multiplies are in series. The same answer as hashAsciiAccepted with that pattern's automaton.
 */
export function hashAsciiAt(buf: Uint8Array, start: number, end: number, allowed: Uint8Array): number {
  if ((end - start) << 7 !== allowed.length) return -1;
  let h = HASH_SEED;
  let ok = 1;
  let i = start;
  let at = 0;
  for (; i + 1 < end; i += 2, at += 256) {
    const a = buf[i];
    const b = buf[i + 1];
    if ((a | b) > 0x7f) return -1;
    ok &= allowed[at | a] & allowed[(at + 128) | b];
    h = mixBlock(h, a | (b << 16));
  }
  if (i < end) {
    const a = buf[i];
    if (a > 0x7f) return -1;
    ok &= allowed[at | a];
    h = mixTail(h, a);
  }
  return ok === 1 ? finalMix(h ^ ((end - start) * 2)) : -1;
}

/** The length in characters (code points) of the text last hashed by {@link hashUtf8Bytes}. */
export const utf8Hashed = { length: 0 };

/**
 * hashString of the text that valid UTF-8 bytes spell, straight from the bytes: each code point becomes its UTF-16
 * code units (two, a surrogate pair, above U+FFFF) and units are paired into blocks as hashString pairs them. With
 * `escaped`, the bytes are a CSV field whose quotes are doubled (`""`), hashed as the unescaped text. Sets
 * `utf8Hashed.length` to the text's length in code points, as Table Schema's minLength/maxLength count it.
 * The bytes must be valid UTF-8 (the CSV scanner has checked them); invalid bytes hash as garbage, never throw.
 */
export function hashUtf8Bytes(buf: Uint8Array, start: number, end: number, escaped: boolean): number {
  let h = HASH_SEED;
  let i = start;
  if (!escaped) {
    // Plain ASCII, two bytes a block, mixed inline: most text. The rest goes on below from the first other byte.
    for (; i + 1 < end; i += 2) {
      const a = buf[i];
      const b = buf[i + 1];
      if ((a | b) > 0x7f) break;
      let k = imul(a | (b << 16), C1);
      k = (k << 15) | (k >>> 17);
      k = imul(k, C2);
      h ^= k;
      h = (h << 13) | (h >>> 19);
      h = (imul(h, 5) + 0xe6546b64) | 0;
    }
    if (i === end || (i + 1 === end && buf[i] < 0x80)) {
      if (i < end) h = mixTail(h, buf[i]);
      utf8Hashed.length = end - start;
      return finalMix(h ^ ((end - start) * 2));
    }
  }
  return hashUtf8From(buf, i, end, escaped, h, i - start);
}

/** hashUtf8Bytes from offset i on, `done` ASCII characters (an even number) already mixed into h. */
function hashUtf8From(
  buf: Uint8Array,
  from: number,
  end: number,
  escaped: boolean,
  seed: number,
  done: number,
): number {
  let h = seed;
  let units = done;
  let chars = done;
  let i = from;
  // A code unit waiting for the second half of its block, or -1.
  let pending = -1;
  while (i < end) {
    const b = buf[i];
    let code: number;
    if (b < 0x80) {
      // Two ASCII bytes make a whole block when no unit waits: the common case, kept tight.
      if (pending < 0 && i + 1 < end) {
        const c = buf[i + 1];
        if (c < 0x80 && !(escaped && (b === QUOTE || c === QUOTE))) {
          h = mixBlock(h, b | (c << 16));
          i += 2;
          units += 2;
          chars += 2;
          continue;
        }
      }
      code = b;
      i += escaped && b === QUOTE ? 2 : 1;
    } else if (b < 0xe0) {
      code = ((b & 0x1f) << 6) | (buf[i + 1] & 0x3f);
      i += 2;
    } else if (b < 0xf0) {
      code = ((b & 0x0f) << 12) | ((buf[i + 1] & 0x3f) << 6) | (buf[i + 2] & 0x3f);
      i += 3;
    } else {
      code =
        ((b & 0x07) << 18) | ((buf[i + 1] & 0x3f) << 12) | ((buf[i + 2] & 0x3f) << 6) | (buf[i + 3] & 0x3f);
      i += 4;
    }
    chars++;
    if (code >= 0x10000) {
      // A surrogate pair: the high unit, then the low one below.
      const high = 0xd800 | ((code - 0x10000) >> 10);
      if (pending < 0) pending = high;
      else {
        h = mixBlock(h, pending | (high << 16));
        pending = -1;
      }
      units++;
      code = 0xdc00 | ((code - 0x10000) & 0x3ff);
    }
    if (pending < 0) pending = code;
    else {
      h = mixBlock(h, pending | (code << 16));
      pending = -1;
    }
    units++;
  }
  if (pending >= 0) h = mixTail(h, pending);
  utf8Hashed.length = chars;
  return finalMix(h ^ (units * 2));
}

const QUOTE = 34;

// One shared 8-byte scratch: hashNumber reads a double's bits without allocating.
const float64 = new Float64Array(1);
const words = new Uint32Array(float64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LOW = LITTLE_ENDIAN ? 0 : 1;
const HIGH = LITTLE_ENDIAN ? 1 : 0;

/**
 * MurmurHash3_x86_32 of the number's IEEE-754 float64 little-endian bytes, seed 0 (Python:
 * `mmh3.hash(struct.pack('<d', x), 0, signed=False)`). −0 hashes as 0 and every NaN as the canonical quiet NaN, so
 * values that compare equal (and all NaNs) hash equally. Integers parsed as numbers hash by their double value.
 */
export function hashNumber(x: number): number {
  float64[0] = x === 0 ? 0 : x === x ? x : NaN;
  let h = HASH_SEED;
  h = mixBlock(h, words[LOW]);
  h = mixBlock(h, words[HIGH]);
  return finalMix(h ^ 8);
}

function mixBlock(h: number, block: number): number {
  let k = imul(block, C1);
  k = (k << 15) | (k >>> 17);
  k = imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (imul(h, 5) + 0xe6546b64) | 0;
}

/** The last, partial block: mixed in without the rotation and add of a full one. */
function mixTail(h: number, block: number): number {
  let k = imul(block, C1);
  k = (k << 15) | (k >>> 17);
  k = imul(k, C2);
  return h ^ k;
}

/** Murmur3's fmix32 avalanche. */
function finalMix(h: number): number {
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
