/** "Did you mean" for names users type: config keys, command-line options, commands, metric names. */

/**
 * The known key a typo most likely meant: same letters in another case, or within 2 edits (1 for short keys).
 * Strict enough to treat an unknown key it matches as a mistake where unknown keys are otherwise allowed.
 */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    if (candidate.toLowerCase() === key.toLowerCase()) return candidate;
    const limit = Math.min(key.length, candidate.length) <= 4 ? 1 : 2;
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * The hint for a name already known to be wrong: a typo (closestKey), else a longer or shorter spelling of a
 * known name (`max-drop-rel` → `max-drop-relative`, `minimum` → `min`); undefined when nothing is close.
 */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  const typo = closestKey(key, known);
  if (typo !== undefined) return typo;
  const lower = key.toLowerCase();
  const related = (short: string) => short.length >= 3;
  const abbreviated = known
    .filter((candidate) => related(lower) && candidate.toLowerCase().startsWith(lower))
    .sort((a, b) => a.length - b.length)[0];
  if (abbreviated !== undefined) return abbreviated;
  return known
    .filter((candidate) => related(candidate) && lower.startsWith(candidate.toLowerCase()))
    .sort((a, b) => b.length - a.length)[0];
}

/** `did you mean "min"?` (a ConfigurationError's hint), or undefined when nothing is close. */
export function didYouMean(
  key: string,
  known: readonly string[],
  quote = (name: string) => `"${name}"`,
): string | undefined {
  const suggestion = suggestKey(key, known);
  return suggestion === undefined ? undefined : `did you mean ${quote(suggestion)}?`;
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: columns }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
