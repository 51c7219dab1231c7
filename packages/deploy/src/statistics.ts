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

/** log Γ(x) for x > 0: Lanczos' approximation (g = 7, 9 terms), about 1e-15 relative. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let sum = c[0];
  for (let i = 1; i < 9; i++) sum += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The continued fraction of the incomplete beta function (modified Lentz), Numerical Recipes §6.4. */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b), a, b > 0. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  // The fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) above.
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(x, a, b)) / a
    : 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** P(X ≥ k) for X ~ Binomial(n, p) (scipy's binom.sf(k − 1, n, p)): I_p(k, n − k + 1). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n || p <= 0) return 0;
  if (p >= 1) return 1;
  return incompleteBeta(p, k, n - k + 1);
}

/** P(X ≤ k) for X ~ Binomial(n, p) (scipy's binom.cdf(k, n, p)): I_{1−p}(n − k, k + 1). */
export function binomialLowerTail(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n || p <= 0) return 1;
  if (p >= 1) return 0;
  return incompleteBeta(1 - p, n - k, k + 1);
}

/**
 * The Clopper–Pearson lower confidence bound of a binomial proportion at level 1 − γ (one-sided): the p at which
 * P(X ≥ k) = γ, i.e. the γ quantile of Beta(k, n − k + 1) (scipy's beta.ppf(γ, k, n − k + 1)); 0 when k = 0.
 */
export function clopperPearsonLower(k: number, n: number, gamma: number): number {
  if (k <= 0 || n <= 0) return 0;
  let low = 0;
  let high = k / n;
  // P(X ≥ k) grows with p: bisection to double precision.
  for (let i = 0; i < 200 && high - low > 1e-16 * high; i++) {
    const middle = (low + high) / 2;
    if (binomialUpperTail(k, n, middle) < gamma) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}
