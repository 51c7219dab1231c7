/**
 * Distributions of Kolmogorov-Smirnov statistics, following scipy 1.10 so that p-values match `ks_2samp`:
 * - the exact two-sample distribution (Hodges 1958; the "inside" recursion of Viehmann 2021 for 1 − p);
 * - the one-sample two-sided distribution P(Dₙ ≥ d) (`scipy.stats.kstwo.sf`), by Simard & L'Ecuyer's (2011) choice
 *   among Ruben-Gambino's closed forms, Durbin's matrix (Marsaglia-Tsang-Wang), Pomeranz's recursion, Pelz-Good's
 *   asymptotic series and 2× the one-sided Smirnov probability;
 * - the one-sided P(Dₙ⁺ ≥ d) by the Smirnov / Birnbaum-Tingey sum (`scipy.special.smirnov`).
 */

/* eslint-disable no-loss-of-precision -- scipy's Stirling coefficients, kept verbatim so they can be checked against their source */
/** Stirling coefficients B_2j/(2j(2j−1)) for j = 8…1, a polynomial in 1/n² (scipy `_STIRLING_COEFFS`). */
const STIRLING = [
  -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
  -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
];
/* eslint-enable no-loss-of-precision */

const { abs, ceil, exp, floor, log, max, min, pow, sqrt, PI } = Math;

const SCALE = 2 ** 128;
const UNSCALE = 2 ** -128;
const SQRT_2PI = sqrt(2 * PI);
const LOG_2PI = log(2 * PI);
const MIN_LOG = -708;
const SQRT3 = sqrt(3);
const PI2 = PI * PI;
const PI4 = PI2 * PI2;
const PI6 = PI4 * PI2;

function clipProbability(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

// ------------------------------------------------------------------------------------ exact two-sample

/** P(D_{n,n} ≥ h/n) for two samples of equal size n (scipy `_compute_prob_outside_square`). */
export function probOutsideSquare(n: number, h: number): number {
  // 2·(A0 − A0·A1 + A0·A1·A2 − …) evaluated Horner-like, each Ai a ratio of h simple factors (no cancellation).
  let p = 0;
  for (let k = floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/**
 * P(D_{m,n} ≥ h/lcm(m, n)) for samples of sizes m and n with gcd g: the share of lattice paths from (0, 0) to
 * (m, n) that leave the band |x/m − y/n| < h/lcm, by the column recursion for 1 − p (scipy
 * `_compute_outer_prob_inside_method`).
 */
export function probOutsideBand(m: number, n: number, g: number, h: number): number {
  if (m < n) [m, n] = [n, m];
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = min(ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = min(max(floor((ng * i - h) / mg) + 1, 0), n);
    maxj = min(ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj] * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1];
}

// ------------------------------------------------------------------------------------ one-sided Smirnov

/**
 * P(Dₙ⁺ ≥ d), the one-sided one-sample KS survival function (`scipy.special.smirnov(n, d)`), by the exact
 * Smirnov / Birnbaum-Tingey sum d·Σ_{v=0}^{⌊n(1−d)⌋} C(n, v)·(d + v/n)^(v−1)·(1 − d − v/n)^(n−v), with terms in log
 * space and the sum stopped once the terms have peaked and fallen below 1e-20 of the largest. For n in the millions
 * the sum is ill-conditioned in double precision (terms of binomial size): agreement with scipy is ~1e-7 relative
 * there, ~1e-12 below n = 10⁵.
 */
export function smirnovSf(n: number, d: number): number {
  if (!(n > 0) || !(d >= 0 && d <= 1)) return NaN;
  if (d === 0) return 1;
  if (d === 1) return 0;
  const last = floor(n * (1 - d));
  const logD = log(d);
  let logBinomial = 0; // ln C(n, v)
  let sum = 0;
  let largest = -Infinity;
  for (let v = 0; v <= last; v++) {
    const evn = d + v / n;
    const omevn = 1 - evn;
    if (omevn > 0 || n === v) {
      const logTerm =
        logBinomial + logD + (v - 1) * log(evn) + (n - v === 0 ? 0 : (n - v) * Math.log1p(-evn));
      if (logTerm > largest) largest = logTerm;
      else if (logTerm < largest - 46) break; // the terms are unimodal in v: the rest adds < 1e-20 relative
      if (logTerm > MIN_LOG - 40) sum += exp(logTerm);
    }
    logBinomial += log((n - v) / (v + 1));
  }
  return clipProbability(sum);
}

// ------------------------------------------------------------------------------------ two-sided one-sample

/** ln(n!/nⁿ) by Stirling's series with n·ln n removed up front (scipy `_log_nfactorial_div_n_pow_n`). */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  const x = rn / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * x + c;
  return log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k];
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] += aik * b[k * m + j];
    }
  }
  return out;
}

/** P(Dₙ ≤ d) by Durbin's matrix algorithm as organised by Marsaglia, Tsang & Wang (2003). */
function kolmogorovCdfDurbin(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - pow(h, j)) * fac;
  }
  const tt = pow(max(2 * h - 1, 0), m) - 2 * pow(h, m);
  v[m - 1] = (1 + tt) * fac;
  let H: Float64Array = new Float64Array(m * m);
  for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - (i - 1)];
  for (let r = 0; r < m; r++) H[r * m] = v[r];
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c];
  let power: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let nn = n;
  let exponent = 0;
  let hExponent = 0;
  while (nn > 0) {
    if (nn % 2) {
      power = matmul(power, H, m);
      exponent += hExponent;
    }
    H = matmul(H, H, m);
    hExponent *= 2;
    if (abs(H[(k - 1) * m + (k - 1)]) > SCALE) {
      for (let i = 0; i < H.length; i++) H[i] /= SCALE;
      hExponent += 128;
    }
    nn = floor(nn / 2);
  }
  let p = power[(k - 1) * m + (k - 1)];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (abs(p) < UNSCALE) {
      p *= SCALE;
      exponent -= 128;
    }
  }
  if (exponent !== 0) p *= pow(2, exponent);
  return clipProbability(p);
}

/** The column range [j1, j2] of row i in Pomeranz's recursion. */
function pomeranzRange(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const half = floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return [max(j1 + 2, 0), min(j2, n)];
}

/** P(Dₙ ≤ x) by Pomeranz's (1974) recursion. */
function kolmogorovCdfPomeranz(n: number, x: number): number {
  const t = n * x;
  const ll = floor(t);
  const f = t - ll;
  const g = min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = twogpower[0] = onem2gpower[0] = 1;
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = (gpower[m - 1] * (g / n)) / m;
    twogpower[m] = (twogpower[m - 1] * ((2 * g) / n)) / m;
    onem2gpower[m] = (onem2gpower[m - 1] * ((1 - 2 * g) / n)) / m;
  }
  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let exponent = 0;
  let [j1, j2] = pomeranzRange(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    [j1, j2] = pomeranzRange(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      // conv = V0[k1 − V0s … + ln2) ⊛ pwrs[0 … ln2); keep entries j1 − k1 … j2 − k1.
      const start = k1 - V0s;
      const lengthA = min(ln2, V0.length - start);
      const lengthB = min(ln2, pwrs.length);
      const convStart = j1 - k1;
      const convLength = j2 - j1 + 1;
      let largest = 0;
      for (let c = 0; c < convLength; c++) {
        const idx = convStart + c;
        let s = 0;
        for (let a = max(0, idx - lengthB + 1); a <= min(idx, lengthA - 1); a++)
          s += V0[start + a] * pwrs[idx - a];
        V1[c] = s;
        if (s > largest) largest = s;
      }
      if (largest > 0 && largest < UNSCALE) {
        for (let c = 0; c < convLength; c++) V1[c] *= SCALE;
        exponent -= 128;
      }
      V1s = V0s + j1 - k1;
    }
  }
  let answer = V1[n - V1s];
  for (let m = 1; m <= n; m++) {
    if (abs(answer) > SCALE) {
      answer *= UNSCALE;
      exponent += 128;
    }
    answer *= m;
  }
  if (exponent !== 0) answer *= pow(2, exponent);
  return clipProbability(answer);
}

/** Pelz-Good (1976) asymptotic series for P(Dₙ ≤ x), for large n. */
function kolmogorovCdfPelzGood(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < MIN_LOG) return 0;
  let q = exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxk = ceil((16 * z) / PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qpower = pow(q, 8 * k);
    const coefficients = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = K[i] * qpower + coefficients[i];
  }
  const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = (K[i] * q * SQRT_2PI) / divisors[i];
  q = exp(-PI2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = SQRT3 * z;
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k;
    const qp = pow(q, k2);
    k2extra += k2 * qp;
    const kspi = PI * k;
    k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * k2 * qp;
  }
  K[2] += (k2extra * PI2 * SQRT_2PI) / (-36 * z3);
  K[3] += (k3extra * PI2 * SQRT_2PI) / (216 * z6);
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += K[i] / pow(n, i / 2);
  return sum;
}

/**
 * P(Dₙ ≥ x) for the two-sided one-sample KS statistic Dₙ (`scipy.stats.kstwo.sf(x, n)`), by scipy's
 * `_kolmogn(n, x, cdf=False)` choice of method.
 */
export function kolmogorovSf(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0) return NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    // Ruben-Gambino: 1/(2n) ≤ x ≤ 1/n.
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * (2 * t - 1);
    } else {
      cdf = exp(logFactorialOverPower(n) + n * log(2 * t - 1));
    }
    return clipProbability(1 - cdf);
  }
  if (t >= n - 1) return clipProbability(2 * pow(1 - x, n)); // Ruben-Gambino
  if (x >= 0.5) return clipProbability(2 * smirnovSf(n, x));
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clipProbability(1 - kolmogorovCdfDurbin(n, x));
    if (nxSquared <= 4) return clipProbability(1 - kolmogorovCdfPomeranz(n, x));
    return clipProbability(2 * smirnovSf(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clipProbability(2 * smirnovSf(n, x));
  let cdf: number;
  if (nxSquared >= 18) cdf = 1;
  else if (n <= 100000 && n * pow(x, 1.5) <= 1.4) cdf = kolmogorovCdfDurbin(n, x);
  else cdf = kolmogorovCdfPelzGood(n, x);
  return clipProbability(1 - cdf);
}
