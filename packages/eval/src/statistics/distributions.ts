/** Accurate distribution functions: the normal quantile and binomial pmf/cdf/sf plus the exact binomial test. */

/* eslint-disable no-loss-of-precision -- published coefficients (AS241, stirlerr) carry more digits than a double holds; kept verbatim so they can be checked against their source */

const LN_2PI = 1.8378770664093453; // log(2π)
// Math functions bound once: in a vm context (Jest) every global lookup inside a hot loop costs ~100 ns.
const { abs, ceil, exp, floor, log, log1p, max, min, sqrt } = Math;

/** stirlerr(n) = log(n!) − log(√(2πn)·(n/e)^n) for integer n = 1…15 (computed with mpmath at 40 digits). */
const STIRLERR_TABLE = [
  Infinity,
  0.08106146679532726,
  0.0413406959554093,
  0.02767792568499834,
  0.020790672103765093,
  0.016644691189821193,
  0.013876128823070748,
  0.01189670994589177,
  0.010411265261972096,
  0.009255462182712733,
  0.00833056343336287,
  0.007573675487951841,
  0.00694284010720953,
  0.006408994188004207,
  0.0059513701127588475,
  0.005554733551962801,
];

/**
 * The error of Stirling's approximation to log(n!) for an integer n ≥ 1 (Loader 2000, "Fast and accurate
 * computation of binomial probabilities"): a table up to 15, then the asymptotic series in 1/n.
 */
export function stirlerr(n: number): number {
  if (n <= 15) return STIRLERR_TABLE[n];
  const nn = n * n;
  // Series 1/(12n) − 1/(360n³) + 1/(1260n⁵) − 1/(1680n⁷) + 1/(1188n⁹) (Loader 2000, as in R's stirlerr.c).
  if (n > 500) return (1 / 12 - 1 / 360 / nn) / n;
  if (n > 80) return (1 / 12 - (1 / 360 - 1 / 1260 / nn) / nn) / n;
  if (n > 35) return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / 1680 / nn) / nn) / nn) / n;
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / 1188 / nn) / nn) / nn) / nn) / n;
}

/** bd0(x, m) = x·log(x/m) + m − x, the deviance term, computed without cancellation (Loader 2000). */
function bd0(x: number, m: number): number {
  if (abs(x - m) < 0.1 * (x + m)) {
    // Series in v = (x − m)/(x + m): bd0 = (x − m)·v + 2x·Σ_{j≥1} v^{2j+1}/(2j + 1) (Loader 2000).
    let v = (x - m) / (x + m);
    let s = (x - m) * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
    return s;
  }
  return x * log(x / m) + m - x;
}

function checkBinomialArgs(n: number, p: number, fn: string): void {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`${fn}: n must be a non-negative integer, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${fn}: p must be in [0, 1], got ${p}`);
}

/** P(X = k) for X ~ Binomial(n, p), relative error ~1e-13 (Loader's saddle-point form; 0 for non-integer k). */
export function binomialPmf(k: number, n: number, p: number): number {
  checkBinomialArgs(n, p, 'binomialPmf');
  if (!Number.isInteger(k) || k < 0 || k > n) return 0;
  return pmf(k, n, p);
}

function pmf(k: number, n: number, p: number): number {
  const q = 1 - p;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  if (k === 0) return exp(n * log1p(-p));
  if (k === n) return exp(n * log(p));
  // n·p and n·q carry rounding errors that bd0 turns into relative errors of ~|k − np|·ε, i.e. 1e-12 at n = 10^7;
  // first-order corrections with the exact residuals (Dekker's two-product) remove them: ∂bd0(x, m)/∂m = 1 − x/m.
  const np = n * p;
  const npErr = twoProductError(n, p, np);
  const nq = n * q;
  const nqErr = twoProductError(n, q, nq) + n * (1 - q - p); // 1 − q − p is exact: the rounding error of q
  const devK = bd0(k, np) + (npErr * (np - k)) / np;
  const devNK = bd0(n - k, nq) + (nqErr * (nq - (n - k))) / nq;
  // Loader (2000), eq. (6): dbinom = exp(stirlerr(n) − stirlerr(k) − stirlerr(n−k) − bd0(k, np) − bd0(n−k, nq))·√(n/(2πk(n−k))).
  const lc = stirlerr(n) - stirlerr(k) - stirlerr(n - k) - devK - devNK;
  // log(2πk(n − k)/n), written with the smaller of k and n − k so that k/n never rounds near 1.
  const j = min(k, n - k);
  const lf = LN_2PI + log(j) + log1p(-j / n);
  return exp(lc - 0.5 * lf);
}

/** The exact rounding error a·b − fl(a·b) (Dekker 1971, two-product with Veltkamp's split; no FMA in JavaScript). */
function twoProductError(a: number, b: number, product: number): number {
  const SPLIT = 134217729; // 2^27 + 1
  let t = SPLIT * a;
  const aHi = t - (t - a);
  const aLo = a - aHi;
  t = SPLIT * b;
  const bHi = t - (t - b);
  const bLo = b - bHi;
  return aHi * bHi - product + aHi * bLo + aLo * bHi + aLo * bLo;
}

/**
 * The continued fraction of the regularized incomplete beta function I_x(a, b), evaluated by the modified
 * Lentz method (Numerical Recipes 3rd ed., §6.4, betacf). Converges quickly for x < (a + 1)/(a + b + 2),
 * in O(√max(a, b)) terms at worst.
 */
function betaContinuedFraction(a: number, b: number, x: number, y: number): number {
  const FPMIN = 1e-300;
  const EPS = 1e-16;
  const maxIterations = 1000 + 20 * ceil(sqrt(max(a, b)));
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  // 1 − (a + b)·x/(a + 1), rewritten with y = 1 − x (passed exactly) to avoid cancellation when x ≈ 1.
  let d = (1 - b + qab * y) / qap;
  if (abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= maxIterations; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (abs(del - 1) <= EPS) return h;
  }
  throw new Error(`incomplete beta continued fraction did not converge (a=${a}, b=${b}, x=${x})`);
}

/**
 * Up to this standard deviation (n ≈ 4·10^10 at p = 1/2) the tails are summed term by term, ~9σ terms near the mean
 * (≤ ~3 ms): against 40-digit references that is accurate to ≤ 1e-12 for every p. The continued fraction is
 * cheaper but degrades to ~1e-11 at n = 10^10 and for extreme p (it sees q = 1 − p, whose rounding is a relative
 * error ε/p in p), so it is kept for larger σ only.
 */
const MAX_SUM_SIGMA = 1e5;

/** P(X ≤ k), k integer in [0, n), k at most about the mean. */
function lowerTail(k: number, n: number, p: number): number {
  if (sqrt(n * p * (1 - p)) < MAX_SUM_SIGMA) return sumPmf(k, n, p, -1);
  // NR §6.4: I_x(a, b) = x^a(1−x)^b/(a·B(a, b))·cf; with a = n − k, b = k + 1, x = q this is p·pmf(k)·cf.
  return p * pmf(k, n, p) * betaContinuedFraction(n - k, k + 1, 1 - p, p);
}

/** P(X ≥ k), k integer in (0, n], k at least about the mean. */
function upperTail(k: number, n: number, p: number): number {
  if (sqrt(n * p * (1 - p)) < MAX_SUM_SIGMA) return sumPmf(k, n, p, 1);
  // I_p(k, n − k + 1) = q·pmf(k)·cf(k, n − k + 1, p) (NR §6.4, as above).
  return (1 - p) * pmf(k, n, p) * betaContinuedFraction(k, n - k + 1, p, 1 - p);
}

/**
 * Σ pmf(j) from j = k stepping by `step` (−1: down to 0, +1: up to n) until the terms no longer matter, using the
 * ratio pmf(j − 1)/pmf(j) = j/(n − j + 1)·q/p (or its inverse upwards). Used only from k towards the far tail,
 * where the terms fall off geometrically: O(min(k, 9σ)) terms.
 */
function sumPmf(k: number, n: number, p: number, step: -1 | 1): number {
  const odds = (1 - p) / p;
  let t = pmf(k, n, p);
  let sum = 0;
  for (let j = k; t > 0; j += step) {
    sum += t;
    if (t <= sum * 1e-17) break;
    t *= step < 0 ? (j / (n - j + 1)) * odds : (n - j) / (j + 1) / odds;
  }
  return sum;
}

/**
 * P(X ≤ k) for X ~ Binomial(n, p) (k is floored, as scipy.stats.binom.cdf does). The smaller tail is computed
 * directly (never as 1 − something), so tiny tail probabilities keep their relative accuracy (~1e-12 or better,
 * checked against 40-digit values for n up to 10^7). Cost: O(√n) terms near the mean, far fewer in the tails.
 */
export function binomialCdf(k: number, n: number, p: number): number {
  checkBinomialArgs(n, p, 'binomialCdf');
  k = floor(k);
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p === 0) return 1;
  if (p === 1) return 0;
  // The lower tail is the small side when q < (n − k + 1)/(n + 3) (NR §6.4: where its continued fraction converges fast).
  if (1 - p < (n - k + 1) / (n + 3)) return lowerTail(k, n, p);
  return 1 - upperTail(k + 1, n, p);
}

/** P(X > k) for X ~ Binomial(n, p) (scipy.stats.binom.sf convention; k is floored). */
export function binomialSf(k: number, n: number, p: number): number {
  checkBinomialArgs(n, p, 'binomialSf');
  k = floor(k);
  if (k < 0) return 1;
  if (k >= n) return 0;
  if (p === 0) return 0;
  if (p === 1) return 1;
  if (p < (k + 2) / (n + 3)) return upperTail(k + 1, n, p);
  return 1 - lowerTail(k, n, p);
}

export type Alternative = 'two-sided' | 'less' | 'greater';

/**
 * The exact binomial test of H0: success probability = p, given k successes in n trials; the same p-value as
 * scipy.stats.binomtest (two-sided: the total probability of outcomes no more likely than k, with scipy's
 * 1 + 1e-7 relative tolerance for ties). n = 0 carries no evidence and gives 1 (scipy raises instead).
 */
export function binomialTest(k: number, n: number, p = 0.5, alternative: Alternative = 'two-sided'): number {
  checkBinomialArgs(n, p, 'binomialTest');
  if (!Number.isInteger(k) || k < 0 || k > n)
    throw new RangeError(`binomialTest: k must be an integer in [0, n], got ${k}`);
  if (n === 0) return 1;
  if (alternative === 'less') return binomialCdf(k, n, p);
  if (alternative === 'greater') return binomialSf(k - 1, n, p);
  if (alternative !== 'two-sided')
    throw new RangeError(`binomialTest: unknown alternative ${String(alternative)}`);
  // scipy.stats._binomtest.binomtest, two-sided branch (scipy 1.10).
  const d = pmf(k, n, p);
  const rerr = 1 + 1e-7;
  let pValue: number;
  if (k === p * n) return 1;
  if (k < p * n) {
    const ix = binarySearch((x) => -pmf(x, n, p), -d * rerr, ceil(p * n), n);
    const y = n - ix + (d * rerr === pmf(ix, n, p) ? 1 : 0);
    pValue = binomialCdf(k, n, p) + binomialSf(n - y, n, p);
  } else {
    const ix = binarySearch((x) => pmf(x, n, p), d * rerr, 0, floor(p * n));
    const y = ix + 1;
    pValue = binomialCdf(y - 1, n, p) + binomialSf(k - 1, n, p);
  }
  return min(1, pValue);
}

/** scipy's _binary_search_for_binom_tst: the i in [lo, hi] with a(i) ≤ d < a(i + 1), for a ascending. */
function binarySearch(a: (x: number) => number, d: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = lo + floor((hi - lo) / 2);
    const midValue = a(mid);
    if (midValue < d) lo = mid + 1;
    else if (midValue > d) hi = mid - 1;
    else return mid;
  }
  return a(lo) <= d ? lo : lo - 1;
}

/**
 * AS241's rational approximations, coefficients of r⁰ … r⁷ as published (Wichura 1988): A/B for |p − ½| ≤ 0.425
 * (r = 0.180625 − q²), C/D for r = √(−log min(p, 1 − p)) ≤ 5 (shifted by 1.6), E/F beyond (shifted by 5).
 */
const AS241 = {
  a: [
    3.387132872796366608, 1.3314166789178437745e2, 1.9715909503065514427e3, 1.3731693765509461125e4,
    4.5921953931549871457e4, 6.7265770927008700853e4, 3.3430575583588128105e4, 2.5090809287301226727e3,
  ],
  b: [
    1, 4.2313330701600911252e1, 6.871870074920579083e2, 5.3941960214247511077e3, 2.1213794301586595867e4,
    3.930789580009271061e4, 2.8729085735721942674e4, 5.226495278852854561e3,
  ],
  c: [
    1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
    1.27045825245236838258, 2.4178072517745061177e-1, 2.27238449892691845833e-2, 7.7454501427834140764e-4,
  ],
  d: [
    1, 2.05319162663775882187, 1.6763848301838038494, 6.8976733498510000455e-1, 1.4810397642748007459e-1,
    1.51986665636164571966e-2, 5.475938084995344946e-4, 1.05075007164441684324e-9,
  ],
  e: [
    6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 2.9656057182850489123e-1,
    2.6532189526576123093e-2, 1.2426609473880784386e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
  ],
  f: [
    1, 5.9983220655588793769e-1, 1.3692988092273580531e-1, 1.4875361290850615025e-2, 7.868691311456132591e-4,
    1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
  ],
} as const;

/** The polynomial with these coefficients (of x⁰ first) at x, by Horner's rule. */
function polynomial(coefficients: readonly number[], x: number): number {
  let value = coefficients[coefficients.length - 1];
  for (let i = coefficients.length - 2; i >= 0; i--) value = value * x + coefficients[i];
  return value;
}

/**
 * The standard normal quantile Φ⁻¹(p): Wichura's AS241 (PPND16, Applied Statistics 37:477–484, 1988), relative
 * error ~1e-16 over (0, 1). Returns −∞ at 0, +∞ at 1, NaN outside [0, 1].
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (polynomial(AS241.a, r) * q) / polynomial(AS241.b, r);
  }
  const r = sqrt(-log(q < 0 ? p : 1 - p));
  const x =
    r <= 5
      ? polynomial(AS241.c, r - 1.6) / polynomial(AS241.d, r - 1.6)
      : polynomial(AS241.e, r - 5) / polynomial(AS241.f, r - 5);
  return q < 0 ? -x : x;
}
