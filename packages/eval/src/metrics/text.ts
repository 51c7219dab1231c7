/** SQuAD answer normalisation, exact match and token-level F1, matching the official Python evaluation scripts character for character. */

// Python's string.punctuation: ASCII only, so "—", "«" or "¿" survive (as in the official script).
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
// Python 3 re's \b for str patterns: a word character is a Unicode letter, number or "_" (JS \b is ASCII-only).
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;
// Python str.split() separators (str.isspace): unlike JS \s it includes U+001C..U+001F and U+0085, and
// excludes U+FEFF.
// eslint-disable-next-line no-control-regex -- U+001C..U+001F are whitespace to Python, on purpose.
const WHITESPACE = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;

function tokens(normalized: string): string[] {
  return normalized.split(WHITESPACE).filter((token) => token.length > 0);
}

/**
 * SQuAD v1.1 official normalize_answer (unchanged in v2.0): lower-case, drop ASCII punctuation, replace the
 * articles a/an/the by a space, collapse whitespace.
 */
export function normalizeAnswer(s: string): string {
  // JS toLowerCase and Python str.lower both apply Unicode full case mapping (final sigma included).
  const lowered = s.toLowerCase();
  const withoutPunctuation = lowered.replace(PUNCTUATION, '');
  const withoutArticles = withoutPunctuation.replace(ARTICLES, ' ');
  return tokens(withoutArticles).join(' ');
}

/** 1 when the normalised answers are identical, else 0 (SQuAD exact_match_score). */
export function exactMatch(prediction: string, reference: string): 0 | 1 {
  return normalizeAnswer(prediction) === normalizeAnswer(reference) ? 1 : 0;
}

/**
 * Token-level F1 over normalised whitespace tokens with multiset overlap (SQuAD compute_f1). Empty handling
 * follows the SQuAD v2.0 script: both empty -> 1, one empty -> 0 (the v1.1 script returned 0 for both empty).
 */
export function tokenF1(prediction: string, reference: string): number {
  const predTokens = tokens(normalizeAnswer(prediction));
  const refTokens = tokens(normalizeAnswer(reference));
  if (predTokens.length === 0 || refTokens.length === 0) {
    return predTokens.length === refTokens.length ? 1 : 0;
  }
  // Counter(pred) & Counter(ref): per-token minimum of the two counts.
  const available = new Map<string, number>();
  for (const token of refTokens) available.set(token, (available.get(token) ?? 0) + 1);
  let numSame = 0;
  for (const token of predTokens) {
    const left = available.get(token) ?? 0;
    if (left > 0) {
      numSame++;
      available.set(token, left - 1);
    }
  }
  if (numSame === 0) return 0;
  const precision = numSame / predTokens.length;
  const recall = numSame / refTokens.length;
  return (2 * precision * recall) / (precision + recall);
}
