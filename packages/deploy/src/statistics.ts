/**
 * The Mann-Whitney U test, canary vs stable samples, computed the way scipy.stats.mannwhitneyu does
 * (method "auto"): the exact null distribution when a sample has at most 8 values and there are no ties,
 * otherwise the normal approximation with tie correction and continuity correction.
 */

export type Alternative = 'two-sided' | 'greater' | 'less';

export interface MannWhitneyResult {
  /** U of the first sample (scipy's `statistic`). */
  u: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
}

/** Average ranks (1-based) of the pooled values, and the tie term Σ(t³ − t) over groups of equal values. */
export function rankWithTies(values: number[]): { ranks: number[]; tieTerm: number } {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  let tieTerm = 0;
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && order[end].value === order[start].value) end++;
    const rank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) ranks[order[i].index] = rank;
    const t = end - start;
    tieTerm += t * t * t - t;
    start = end;
  }
  return { ranks, tieTerm };
}

/** P(Z > z) for a standard normal Z, to about 1e-14 relative (series below 3, continued fraction above). */
export function normalSf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z < 0) return 1 - normalSf(-z);
  if (z === Infinity) return 0;
  const density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  if (z < 3) {
    // Φ(z) − ½ = φ(z) Σ z^(2n+1) / (1·3·…·(2n+1))
    let term = z;
    let sum = z;
    for (let n = 1; n < 500 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= (z * z) / (2 * n + 1);
      sum += term;
    }
    return 0.5 - density * sum;
  }
  // Laplace's continued fraction: Q(z) = φ(z) / (z + 1/(z + 2/(z + 3/(z + …)))), evaluated from the tail.
  let tail = z;
  for (let k = 300; k >= 1; k--) tail = z + k / tail;
  return density / tail;
}

/** P(U ≥ u) under H0 for sample sizes m and n with no ties: counts of arrangements by U (Gaussian binomial). */
export function exactUpperTail(u: number, m: number, n: number): number {
  // counts[j][k]: arrangements of m values of x among j values of y ... built as the q-binomial coefficient.
  const max = m * n;
  // frequencies[i][j] over U, by recurrence f(i, j, k) = f(i−1, j, k−j) + f(i, j−1, k).
  let previousRow: number[][] = [];
  for (let i = 0; i <= m; i++) {
    const row: number[][] = [];
    for (let j = 0; j <= n; j++) {
      const counts = new Array<number>(i * j + 1).fill(0);
      if (i === 0 || j === 0) counts[0] = 1;
      else {
        const fromPrevious = previousRow[j];
        const fromLeft = row[j - 1];
        for (let k = 0; k <= i * j; k++)
          counts[k] =
            (k - j >= 0 && k - j < fromPrevious.length ? fromPrevious[k - j] : 0) +
            (k < fromLeft.length ? fromLeft[k] : 0);
      }
      row.push(counts);
    }
    previousRow = row;
  }
  const counts = previousRow[n];
  const total = counts.reduce((sum, count) => sum + count, 0);
  // scipy's sf(U) is cdf(m·n − U): by symmetry P(U' ≤ mn − U) = P(U' ≥ U).
  let tail = 0;
  for (let k = 0; k <= max - Math.round(u); k++) tail += counts[k];
  return tail / total;
}

export function mannWhitneyU(
  x: number[],
  y: number[],
  alternative: Alternative = 'two-sided',
): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return { u: Number.NaN, pValue: Number.NaN, method: 'asymptotic' };
  const { ranks, tieTerm } = rankWithTies([...x, ...y]);
  const r1 = ranks.slice(0, n1).reduce((sum, rank) => sum + rank, 0);
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const [u, factor] =
    alternative === 'greater' ? [u1, 1] : alternative === 'less' ? [u2, 1] : [Math.max(u1, u2), 2];
  const method = (n1 > 8 && n2 > 8) || tieTerm > 0 ? 'asymptotic' : 'exact';
  let p: number;
  if (method === 'exact') p = exactUpperTail(u, n1, n2);
  else {
    const n = n1 + n2;
    const mu = (n1 * n2) / 2;
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    p = normalSf((u - mu - 0.5) / s);
  }
  return { u: u1, pValue: Math.min(1, Math.max(0, p * factor)), method };
}
