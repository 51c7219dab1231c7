/**
 * A contract pattern as deterministic automata, built when the contract loads (regex.ts) and posted to scan
 * threads as plain typed arrays: one over all characters, which decides any string in one step per character
 * (no pattern can stall a scan), and its ASCII part as a byte table.
 *
 * With the byte table, cells whose bytes are all ASCII are matched straight from the CSV bytes, without making
 * a string: the same answer as the full-match RegExp (tested), a fraction of the cost on emails and ids.
 */
export interface AsciiDfa {
  /** next[state * 128 + byte]: the next state, or -1 when no value can match any more. State 0 is the start. */
  next: Int16Array;
  /** accepting[state] is 1 when a value ending in that state matches. */
  accepting: Uint8Array;
}

/** Whether buf[start, end) matches; every byte must be below 128 (the caller has checked). */
export function matchesAscii(dfa: AsciiDfa, buf: Uint8Array, start: number, end: number): boolean {
  const next = dfa.next;
  let state = 0;
  for (let i = start; i < end; i++) {
    state = next[(state << 7) | buf[i]];
    if (state < 0) return false;
  }
  return dfa.accepting[state] === 1;
}

/**
 * A DFA over characters (code points with the `u` flag, else UTF-16 code units): a 128-entry table per state for
 * ASCII, and sorted ranges for the rest. State 0 is the start; -1 is dead.
 */
export interface LinearDfa {
  unicode: boolean;
  accepting: Uint8Array;
  /** ascii[state * 128 + char] */
  ascii: Int32Array;
  /** Ranges of state s (characters ≥ 128): indexes rangeOffsets[s] … rangeOffsets[s + 1] − 1. */
  rangeOffsets: Int32Array;
  rangeLow: Int32Array;
  rangeHigh: Int32Array;
  rangeTo: Int32Array;
}

/** Whether the DFA accepts the whole value: one step per character. */
export function matchesDfa(dfa: LinearDfa, value: string): boolean {
  const { ascii, rangeOffsets, rangeLow, rangeHigh, rangeTo } = dfa;
  let state = 0;
  for (let i = 0; i < value.length; i++) {
    let char = value.charCodeAt(i);
    if (char < 128) {
      state = ascii[(state << 7) | char];
    } else {
      if (dfa.unicode && char >= 0xd800 && char <= 0xdbff && i + 1 < value.length) {
        const low = value.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          char = (char - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
          i++;
        }
      }
      let next = -1;
      for (let r = rangeOffsets[state]; r < rangeOffsets[state + 1]; r++) {
        if (char < rangeLow[r]) break;
        if (char <= rangeHigh[r]) {
          next = rangeTo[r];
          break;
        }
      }
      state = next;
    }
    if (state < 0) return false;
  }
  return dfa.accepting[state] === 1;
}

/** Longest pattern read by position (`fixedPositions`). */
const MAX_FIXED_LENGTH = 256;

/**
 * When every ASCII value the byte table accepts has the same length L and each position allows its own set of bytes
 * whatever came before (ids, codes: the automaton is a chain whose every live step goes to one next state), the
 * table of allowed bytes by position: `allowed[i << 7 | byte]` is 1 when byte may stand at position i, and a value of
 * L ASCII bytes matches exactly when each byte is allowed at its position. The positions can then be checked
 * independently instead of one table load waiting for the last. Otherwise undefined.
 */
export function fixedPositions(dfa: AsciiDfa): Uint8Array | undefined {
  const { next, accepting } = dfa;
  const rows: Uint8Array[] = [];
  const visited = new Set<number>();
  for (let state = 0; ;) {
    if (visited.has(state) || rows.length > MAX_FIXED_LENGTH) return undefined;
    visited.add(state);
    const allowed = new Uint8Array(128);
    let to = -1;
    for (let byte = 0; byte < 128; byte++) {
      const target = next[(state << 7) | byte];
      if (target < 0) continue;
      if (to >= 0 && target !== to) return undefined;
      to = target;
      allowed[byte] = 1;
    }
    // The end of the chain: an accepting state with no way on (a way on would allow longer values too).
    if (to < 0) return accepting[state] === 1 && rows.length > 0 ? joinRows(rows) : undefined;
    if (accepting[state] === 1) return undefined;
    rows.push(allowed);
    state = to;
  }
}

function joinRows(rows: Uint8Array[]): Uint8Array {
  const table = new Uint8Array(rows.length * 128);
  rows.forEach((row, i) => table.set(row, i * 128));
  return table;
}
