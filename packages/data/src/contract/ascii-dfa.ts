/**
 * A contract pattern as a deterministic automaton over ASCII, built when the contract loads (regex.ts) and
 * posted to scan threads as plain typed arrays. Cells whose bytes are all ASCII are matched straight from
 * the CSV bytes, without making a string or running the RegExp: the same answer as the full-match RegExp
 * (tested), a fraction of the cost on columns such as emails and ids.
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
