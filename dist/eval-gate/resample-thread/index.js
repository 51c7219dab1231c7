import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: ./packages/eval/src/statistics/distributions.ts
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
function stirlerr(n) {
    if (n <= 15)
        return STIRLERR_TABLE[n];
    const nn = n * n;
    // Series 1/(12n) − 1/(360n³) + 1/(1260n⁵) − 1/(1680n⁷) + 1/(1188n⁹) (Loader 2000, as in R's stirlerr.c).
    if (n > 500)
        return (1 / 12 - 1 / 360 / nn) / n;
    if (n > 80)
        return (1 / 12 - (1 / 360 - 1 / 1260 / nn) / nn) / n;
    if (n > 35)
        return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / 1680 / nn) / nn) / nn) / n;
    return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / 1188 / nn) / nn) / nn) / nn) / n;
}
/** bd0(x, m) = x·log(x/m) + m − x, the deviance term, computed without cancellation (Loader 2000). */
function bd0(x, m) {
    if (abs(x - m) < 0.1 * (x + m)) {
        // Series in v = (x − m)/(x + m): bd0 = (x − m)·v + 2x·Σ_{j≥1} v^{2j+1}/(2j + 1) (Loader 2000).
        let v = (x - m) / (x + m);
        let s = (x - m) * v;
        let ej = 2 * x * v;
        v *= v;
        for (let j = 1; j < 1000; j++) {
            ej *= v;
            const s1 = s + ej / (2 * j + 1);
            if (s1 === s)
                return s1;
            s = s1;
        }
        return s;
    }
    return x * log(x / m) + m - x;
}
function checkBinomialArgs(n, p, fn) {
    if (!Number.isInteger(n) || n < 0)
        throw new RangeError(`${fn}: n must be a non-negative integer, got ${n}`);
    if (!(p >= 0 && p <= 1))
        throw new RangeError(`${fn}: p must be in [0, 1], got ${p}`);
}
/** P(X = k) for X ~ Binomial(n, p), relative error ~1e-13 (Loader's saddle-point form; 0 for non-integer k). */
function binomialPmf(k, n, p) {
    checkBinomialArgs(n, p, 'binomialPmf');
    if (!Number.isInteger(k) || k < 0 || k > n)
        return 0;
    return pmf(k, n, p);
}
function pmf(k, n, p) {
    const q = 1 - p;
    if (p === 0)
        return k === 0 ? 1 : 0;
    if (p === 1)
        return k === n ? 1 : 0;
    if (k === 0)
        return exp(n * log1p(-p));
    if (k === n)
        return exp(n * log(p));
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
function twoProductError(a, b, product) {
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
function betaContinuedFraction(a, b, x, y) {
    const FPMIN = 1e-300;
    const EPS = 1e-16;
    const maxIterations = 1000 + 20 * ceil(sqrt(max(a, b)));
    const qab = a + b;
    const qap = a + 1;
    const qam = a - 1;
    let c = 1;
    // 1 − (a + b)·x/(a + 1), rewritten with y = 1 − x (passed exactly) to avoid cancellation when x ≈ 1.
    let d = (1 - b + qab * y) / qap;
    if (abs(d) < FPMIN)
        d = FPMIN;
    d = 1 / d;
    let h = d;
    for (let m = 1; m <= maxIterations; m++) {
        const m2 = 2 * m;
        let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
        d = 1 + aa * d;
        if (abs(d) < FPMIN)
            d = FPMIN;
        c = 1 + aa / c;
        if (abs(c) < FPMIN)
            c = FPMIN;
        d = 1 / d;
        h *= d * c;
        aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
        d = 1 + aa * d;
        if (abs(d) < FPMIN)
            d = FPMIN;
        c = 1 + aa / c;
        if (abs(c) < FPMIN)
            c = FPMIN;
        d = 1 / d;
        const del = d * c;
        h *= del;
        if (abs(del - 1) <= EPS)
            return h;
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
function lowerTail(k, n, p) {
    if (sqrt(n * p * (1 - p)) < MAX_SUM_SIGMA)
        return sumPmf(k, n, p, -1);
    // NR §6.4: I_x(a, b) = x^a(1−x)^b/(a·B(a, b))·cf; with a = n − k, b = k + 1, x = q this is p·pmf(k)·cf.
    return p * pmf(k, n, p) * betaContinuedFraction(n - k, k + 1, 1 - p, p);
}
/** P(X ≥ k), k integer in (0, n], k at least about the mean. */
function upperTail(k, n, p) {
    if (sqrt(n * p * (1 - p)) < MAX_SUM_SIGMA)
        return sumPmf(k, n, p, 1);
    // I_p(k, n − k + 1) = q·pmf(k)·cf(k, n − k + 1, p) (NR §6.4, as above).
    return (1 - p) * pmf(k, n, p) * betaContinuedFraction(k, n - k + 1, p, 1 - p);
}
/**
 * Σ pmf(j) from j = k stepping by `step` (−1: down to 0, +1: up to n) until the terms no longer matter, using the
 * ratio pmf(j − 1)/pmf(j) = j/(n − j + 1)·q/p (or its inverse upwards). Used only from k towards the far tail,
 * where the terms fall off geometrically: O(min(k, 9σ)) terms.
 */
function sumPmf(k, n, p, step) {
    const odds = (1 - p) / p;
    let t = pmf(k, n, p);
    let sum = 0;
    for (let j = k; t > 0; j += step) {
        sum += t;
        if (t <= sum * 1e-17)
            break;
        t *= step < 0 ? (j / (n - j + 1)) * odds : (n - j) / (j + 1) / odds;
    }
    return sum;
}
/**
 * P(X ≤ k) for X ~ Binomial(n, p) (k is floored, as scipy.stats.binom.cdf does). The smaller tail is computed
 * directly (never as 1 − something), so tiny tail probabilities keep their relative accuracy (~1e-12 or better,
 * checked against 40-digit values for n up to 10^7). Cost: O(√n) terms near the mean, far fewer in the tails.
 */
function binomialCdf(k, n, p) {
    checkBinomialArgs(n, p, 'binomialCdf');
    k = floor(k);
    if (k < 0)
        return 0;
    if (k >= n)
        return 1;
    if (p === 0)
        return 1;
    if (p === 1)
        return 0;
    // The lower tail is the small side when q < (n − k + 1)/(n + 3) (NR §6.4: where its continued fraction converges fast).
    if (1 - p < (n - k + 1) / (n + 3))
        return lowerTail(k, n, p);
    return 1 - upperTail(k + 1, n, p);
}
/** P(X > k) for X ~ Binomial(n, p) (scipy.stats.binom.sf convention; k is floored). */
function binomialSf(k, n, p) {
    checkBinomialArgs(n, p, 'binomialSf');
    k = floor(k);
    if (k < 0)
        return 1;
    if (k >= n)
        return 0;
    if (p === 0)
        return 0;
    if (p === 1)
        return 1;
    if (p < (k + 2) / (n + 3))
        return upperTail(k + 1, n, p);
    return 1 - lowerTail(k, n, p);
}
/**
 * The exact binomial test of H0: success probability = p, given k successes in n trials; the same p-value as
 * scipy.stats.binomtest (two-sided: the total probability of outcomes no more likely than k, with scipy's
 * 1 + 1e-7 relative tolerance for ties). n = 0 carries no evidence and gives 1 (scipy raises instead).
 */
function binomialTest(k, n, p = 0.5, alternative = 'two-sided') {
    checkBinomialArgs(n, p, 'binomialTest');
    if (!Number.isInteger(k) || k < 0 || k > n)
        throw new RangeError(`binomialTest: k must be an integer in [0, n], got ${k}`);
    if (n === 0)
        return 1;
    if (alternative === 'less')
        return binomialCdf(k, n, p);
    if (alternative === 'greater')
        return binomialSf(k - 1, n, p);
    if (alternative !== 'two-sided')
        throw new RangeError(`binomialTest: unknown alternative ${String(alternative)}`);
    // scipy.stats._binomtest.binomtest, two-sided branch (scipy 1.10).
    const d = pmf(k, n, p);
    const rerr = 1 + 1e-7;
    let pValue;
    if (k === p * n)
        return 1;
    if (k < p * n) {
        const ix = binarySearch((x) => -pmf(x, n, p), -d * rerr, ceil(p * n), n);
        const y = n - ix + (d * rerr === pmf(ix, n, p) ? 1 : 0);
        pValue = binomialCdf(k, n, p) + binomialSf(n - y, n, p);
    }
    else {
        const ix = binarySearch((x) => pmf(x, n, p), d * rerr, 0, floor(p * n));
        const y = ix + 1;
        pValue = binomialCdf(y - 1, n, p) + binomialSf(k - 1, n, p);
    }
    return min(1, pValue);
}
/** scipy's _binary_search_for_binom_tst: the i in [lo, hi] with a(i) ≤ d < a(i + 1), for a ascending. */
function binarySearch(a, d, lo, hi) {
    while (lo < hi) {
        const mid = lo + floor((hi - lo) / 2);
        const midValue = a(mid);
        if (midValue < d)
            lo = mid + 1;
        else if (midValue > d)
            hi = mid - 1;
        else
            return mid;
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
};
/** The polynomial with these coefficients (of x⁰ first) at x, by Horner's rule. */
function polynomial(coefficients, x) {
    let value = coefficients[coefficients.length - 1];
    for (let i = coefficients.length - 2; i >= 0; i--)
        value = value * x + coefficients[i];
    return value;
}
/**
 * The standard normal quantile Φ⁻¹(p): Wichura's AS241 (PPND16, Applied Statistics 37:477–484, 1988), relative
 * error ~1e-16 over (0, 1). Returns −∞ at 0, +∞ at 1, NaN outside [0, 1].
 */
function normalQuantile(p) {
    if (!(p >= 0 && p <= 1))
        return NaN;
    if (p === 0)
        return -Infinity;
    if (p === 1)
        return Infinity;
    const q = p - 0.5;
    if (abs(q) <= 0.425) {
        const r = 0.180625 - q * q;
        return (polynomial(AS241.a, r) * q) / polynomial(AS241.b, r);
    }
    const r = sqrt(-log(q < 0 ? p : 1 - p));
    const x = r <= 5
        ? polynomial(AS241.c, r - 1.6) / polynomial(AS241.d, r - 1.6)
        : polynomial(AS241.e, r - 5) / polynomial(AS241.f, r - 5);
    return q < 0 ? -x : x;
}

;// CONCATENATED MODULE: ./packages/eval/src/statistics/random.ts
/** Seeded, reproducible random numbers: xoshiro128** seeded through splitmix32, with exact binomial and multinomial samplers. */

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
const TWO_POW_MINUS_53 = 1 / TWO_POW_53;
/** Largest n for which `nextInt` can use Lemire's multiply-shift with an exact double product (u·n < 2^53). */
const LEMIRE_MAX = 2097152; // 2^21
const utf8 = new TextEncoder();
// Math functions bound once: in a vm context (Jest) every global lookup inside a hot loop costs ~100 ns.
const { abs: random_abs, exp: random_exp, floor: random_floor, imul, log: random_log, log1p: random_log1p, sqrt: random_sqrt } = Math;
const { isFinite: random_isFinite, isInteger } = Number;
/**
 * The 32-bit word a seed stands for: integers in [-2^31, 2^32) map to their two's-complement 32 bits,
 * strings to their FNV-1a 32-bit hash over UTF-8 bytes.
 */
function seedWord(seed) {
    if (typeof seed === 'string') {
        // FNV-1a, 32-bit (Fowler, Noll, Vo; offset basis 0x811c9dc5, prime 0x01000193).
        let h = 0x811c9dc5;
        for (const byte of utf8.encode(seed))
            h = imul(h ^ byte, 0x01000193);
        return h >>> 0;
    }
    if (!isInteger(seed) || seed < -2147483648 || seed >= TWO_POW_32) {
        throw new RangeError(`seed must be a 32-bit integer or a string, got ${String(seed)}`);
    }
    return seed >>> 0;
}
/**
 * The i-th output (i ≥ 1) of splitmix32 started at `word`: the Weyl sequence word + i·0x9e3779b9 (the golden ratio),
 * then MurmurHash3's fmix32 finalizer (Steele, Lea & Flood 2014, 32-bit form).
 */
function splitmix32(word, i) {
    let z = (word + imul(i, 0x9e3779b9)) >>> 0;
    z = imul(z ^ (z >>> 16), 0x85ebca6b);
    z = imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
}
/**
 * A seeded pseudo-random generator (xoshiro128**, Blackman & Vigna 2018; period 2^128 − 1).
 * The four state words are drawn from splitmix32 started at the seed word, so nearby seeds give unrelated streams.
 * Not cryptographic. Every sampler here consumes the stream deterministically: the same seed and the same calls
 * give the same values on every platform.
 */
class Rng {
    s0;
    s1;
    s2;
    s3;
    spareNormal = 0;
    hasSpareNormal = false;
    constructor(seed) {
        const word = seedWord(seed);
        const words = [];
        for (let i = 1; i <= 4; i++)
            words.push(splitmix32(word, i));
        this.s0 = words[0];
        this.s1 = words[1];
        this.s2 = words[2];
        this.s3 = words[3];
        if ((this.s0 | this.s1 | this.s2 | this.s3) === 0)
            this.s0 = 1; // the all-zero state is a fixed point
    }
    /** The next 32 random bits as an unsigned integer in [0, 2^32). */
    nextUint32() {
        // xoshiro128** 1.1 (Blackman & Vigna, "Scrambled linear pseudorandom number generators", 2018).
        const s1 = this.s1;
        const x = imul(s1, 5);
        const result = imul((x << 7) | (x >>> 25), 9) >>> 0;
        const t = s1 << 9;
        this.s2 ^= this.s0;
        this.s3 ^= s1;
        this.s1 = s1 ^ this.s2;
        this.s0 ^= this.s3;
        this.s2 ^= t;
        this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
        return result;
    }
    /**
     * A uniform double in [0, 1) with 53-bit resolution (every multiple of 2^-53 equally likely).
     * Uses two 32-bit outputs: the top 27 bits of the first and the top 26 bits of the second.
     */
    nextFloat() {
        const hi = this.nextUint32() >>> 5;
        const lo = this.nextUint32() >>> 6;
        return (hi * 67108864 + lo) * TWO_POW_MINUS_53;
    }
    /** A uniform integer in [0, n), exactly unbiased, for integer 1 ≤ n ≤ 2^53. */
    nextInt(n) {
        if (n <= LEMIRE_MAX && n >= 1 && (n | 0) === n) {
            // Lemire (2019), "Fast random integer generation in an interval": multiply-shift with rejection.
            let m = this.nextUint32() * n;
            let low = m >>> 0;
            if (low < n) {
                const threshold = (TWO_POW_32 - n) % n;
                while (low < threshold) {
                    m = this.nextUint32() * n;
                    low = m >>> 0;
                }
            }
            return random_floor(m / TWO_POW_32);
        }
        if (!isInteger(n) || n < 1 || n > TWO_POW_53) {
            throw new RangeError(`nextInt: n must be an integer in [1, 2^53], got ${n}`);
        }
        if (n <= TWO_POW_32) {
            // Rejection of the incomplete last block, then modulo: unbiased.
            const limit = TWO_POW_32 - (TWO_POW_32 % n);
            let u = this.nextUint32();
            while (u >= limit)
                u = this.nextUint32();
            return u % n;
        }
        const limit = TWO_POW_53 - (TWO_POW_53 % n);
        let u = this.nextFloat() * TWO_POW_53;
        while (u >= limit)
            u = this.nextFloat() * TWO_POW_53;
        return u % n;
    }
    /** A standard normal deviate (Marsaglia & Bray 1964 polar method; the second deviate of each pair is cached). */
    normal() {
        if (this.hasSpareNormal) {
            this.hasSpareNormal = false;
            return this.spareNormal;
        }
        let u;
        let v;
        let s;
        do {
            u = 2 * this.nextFloat() - 1;
            v = 2 * this.nextFloat() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s === 0);
        // Marsaglia polar: (u, v)·sqrt(−2 ln s / s) are two independent N(0, 1).
        const f = random_sqrt((-2 * random_log(s)) / s);
        this.spareNormal = v * f;
        this.hasSpareNormal = true;
        return u * f;
    }
    /**
     * A Binomial(n, p) deviate, exact for every integer n in [0, 2^53) and p in [0, 1].
     * p > 1/2 is reflected (n − Bin(n, 1 − p)); then n·p < 10 uses sequential inversion and n·p ≥ 10 uses
     * BTRS transformed rejection (Hörmann 1993), so the cost is O(1 + n·p) for small means and O(1) otherwise.
     */
    binomial(n, p) {
        if (!isInteger(n) || n < 0 || n >= TWO_POW_53) {
            throw new RangeError(`binomial: n must be a non-negative integer below 2^53, got ${n}`);
        }
        if (!(p >= 0 && p <= 1))
            throw new RangeError(`binomial: p must be in [0, 1], got ${p}`);
        if (n === 0 || p === 0)
            return 0;
        if (p === 1)
            return n;
        if (p > 0.5)
            return n - this.binomialHalf(n, 1 - p);
        return this.binomialHalf(n, p);
    }
    /** Binomial(n, p) for 0 < p ≤ 1/2, n ≥ 1. */
    binomialHalf(n, p) {
        return n * p < 10 ? this.binomialInversion(n, p) : this.binomialBtrs(n, p);
    }
    /**
     * Sequential-search inversion (Kachitvichyanukul & Schmeiser 1988, BINV) for n·p < 10: walk the pmf from 0
     * until the uniform is used up. Nothing is truncated; a uniform that rounding leaves above the summed mass
     * (probability ~1e-16) is redrawn.
     */
    binomialInversion(n, p) {
        const qn = random_exp(n * random_log1p(-p));
        const ratio = p / (1 - p);
        for (;;) {
            let u = this.nextFloat();
            let px = qn;
            for (let x = 0; px > 0; x++) {
                if (u <= px)
                    return x;
                u -= px;
                // pmf recurrence: P(x + 1) = P(x)·(n − x)/(x + 1)·p/q (reaches 0 past x = n).
                px = (px * (n - x) * ratio) / (x + 1);
            }
        }
    }
    /** BTRS (Hörmann 1993, "The generation of binomial random variates", algorithm BTRS) for n·p ≥ 10, p ≤ 1/2. */
    binomialBtrs(n, p) {
        const q = 1 - p;
        const spq = random_sqrt(n * p * q);
        const b = 1.15 + 2.53 * spq;
        const a = -0.0873 + 0.0248 * b + 0.01 * p;
        const c = n * p + 0.5;
        const vr = 0.92 - 4.2 / b;
        const alpha = (2.83 + 5.1 / b) * spq;
        const lpq = random_log(p / q);
        const m = random_floor((n + 1) * p);
        const h = stirlerr(m + 1) + stirlerr(n - m + 1);
        for (;;) {
            const u = this.nextFloat() - 0.5;
            let v = this.nextFloat();
            const us = 0.5 - random_abs(u);
            if (us === 0)
                continue;
            const k = random_floor(((2 * a) / us + b) * u + c);
            if (k < 0 || k > n)
                continue;
            if (us >= 0.07 && v <= vr)
                return k;
            // Accept iff log(v·alpha/(a/us² + b)) ≤ log(f(k)/f(m)), f the pmf written through Stirling's series
            // (Hörmann 1993, BTRS acceptance test; the paper's fc(j) is stirlerr(j + 1)).
            v = random_log((v * alpha) / (a / (us * us) + b));
            const bound = h -
                stirlerr(k + 1) -
                stirlerr(n - k + 1) +
                (m + 0.5) * random_log((m + 1) / (n - m + 1)) +
                (n + 1) * random_log((n - m + 1) / (n - k + 1)) +
                (k + 0.5) * random_log((n - k + 1) / (k + 1)) +
                (k - m) * lpq;
            if (v <= bound)
                return k;
        }
    }
    /**
     * Fills out[0..k) with one Multinomial(n, probs) draw, k = probs.length, by conditional binomials:
     * X_i ~ Bin(n − X_1 − … − X_{i−1}, p_i / (p_i + … + p_k)). `probs` are non-negative weights and need not sum
     * to 1 (counts work as they are). Cost O(k) binomial draws. Returns `out`.
     */
    multinomialInto(n, probs, out) {
        if (!isInteger(n) || n < 0 || n >= TWO_POW_53) {
            throw new RangeError(`multinomialInto: n must be a non-negative integer below 2^53, got ${n}`);
        }
        const k = probs.length;
        if (out.length < k)
            throw new RangeError(`multinomialInto: out has ${out.length} cells, probs has ${k}`);
        let total = 0;
        let last = -1;
        for (let i = 0; i < k; i++) {
            const w = probs[i];
            if (!(w >= 0 && random_isFinite(w)))
                throw new RangeError(`multinomialInto: probs[${i}] = ${w} is not a finite weight ≥ 0`);
            total += w;
            if (w > 0)
                last = i;
        }
        if (last < 0) {
            if (n > 0)
                throw new RangeError('multinomialInto: all weights are zero');
            for (let i = 0; i < k; i++)
                out[i] = 0;
            return out;
        }
        let remaining = n;
        let rest = total;
        for (let i = 0; i < k; i++) {
            const w = probs[i];
            let x;
            if (i === last)
                x = remaining;
            else if (remaining === 0 || w === 0)
                x = 0;
            // Conditional binomial; `rest` can fall a rounding error below w, hence the clamp to 1.
            else
                x = this.binomial(remaining, rest > w ? w / rest : 1);
            out[i] = x;
            remaining -= x;
            rest -= w;
        }
        return out;
    }
}
/** A new generator for `seed` (same as `new Rng(seed)`). */
function createRng(seed) {
    return new Rng(seed);
}

;// CONCATENATED MODULE: ./packages/eval/src/statistics/bootstrap.ts
/** Seeded nonparametric bootstrap: case resamples as weight vectors, a confusion-matrix fast path, and percentile intervals. */

const DEFAULT_RESAMPLES = 1000;
const DEFAULT_LEVEL = 0.95;
/** The seed used when none is given, so that an unseeded run is still reproducible. */
const DEFAULT_SEED = 20240517;
const bootstrap_TWO_POW_32 = 4294967296;
// Math functions bound once: in a vm context (Jest) every global lookup inside a hot loop costs ~100 ns.
const { ceil: bootstrap_ceil, floor: bootstrap_floor, min: bootstrap_min, sqrt: bootstrap_sqrt } = Math;
const { isInteger: bootstrap_isInteger } = Number;
/** Cases per block in `resampleCounts`: 4096 Uint32 counters (16 KiB) stay in L1 cache while a block is filled. */
const BLOCK_BITS = 12;
const BLOCK = 1 << BLOCK_BITS;
/**
 * One classical bootstrap resample of n cases, as weights: out[i] = number of times case i is drawn in n draws
 * with replacement, i.e. (out[0], …, out[n−1]) ~ Multinomial(n; 1/n, …, 1/n). Overwrites out[0..n); O(n).
 *
 * Exactly that distribution, drawn cache-friendly in two stages: the number of draws landing in each block of
 * 4096 cases is Multinomial(n; block sizes/n), drawn by conditional binomials, then each block's draws are spread
 * uniformly over its cases (a multinomial splits into independent multinomials given the block totals). Random
 * increments then stay within 16 KiB instead of roaming over 4n bytes: ~2–3× faster for n in the millions.
 */
function resampleCounts(rng, n, out) {
    if (!bootstrap_isInteger(n) || n < 0)
        throw new RangeError(`resampleCounts: n must be a non-negative integer, got ${n}`);
    if (out.length < n)
        throw new RangeError(`resampleCounts: out has length ${out.length} < n = ${n}`);
    out.fill(0, 0, n);
    if (n <= 4 * BLOCK) {
        spreadUniformly(rng, out, 0, n, n);
        return out;
    }
    let remaining = n;
    for (let start = 0; start < n; start += BLOCK) {
        const size = bootstrap_min(BLOCK, n - start);
        const casesLeft = n - start;
        // Conditional binomial: draws in this block ~ Bin(draws left, size / cases left).
        const draws = size === casesLeft ? remaining : rng.binomial(remaining, size / casesLeft);
        remaining -= draws;
        if (size === BLOCK) {
            // 4096 divides 2^32, so any 12 bits of a 32-bit draw are an exactly uniform offset: each draw serves two
            // cases (bits 31–20 and 19–8; xoshiro128**'s scrambler makes every output bit full quality).
            let j = 0;
            for (; j + 1 < draws; j += 2) {
                const u = rng.nextUint32();
                out[start + (u >>> 20)]++;
                out[start + ((u >>> 8) & (BLOCK - 1))]++;
            }
            if (j < draws)
                out[start + (rng.nextUint32() >>> 20)]++;
        }
        else {
            spreadUniformly(rng, out, start, size, draws);
        }
    }
    return out;
}
/** Adds `draws` uniform draws over out[start..start + size), size ≤ 2^21, by Lemire's multiply-shift with rejection. */
function spreadUniformly(rng, out, start, size, draws) {
    if (size === 0)
        return;
    // Lemire (2019): floor(u·size / 2^32) is uniform once the low word is rejected below 2^32 mod size (u·size < 2^53 exact).
    const threshold = (bootstrap_TWO_POW_32 - size) % size;
    for (let j = 0; j < draws; j++) {
        let m = rng.nextUint32() * size;
        while (m >>> 0 < threshold)
            m = rng.nextUint32() * size;
        out[start + bootstrap_floor(m / bootstrap_TWO_POW_32)]++;
    }
}
/**
 * The percentile bootstrap interval (Efron & Tibshirani 1993, §13.3): the (1 − level)/2 and (1 + level)/2 quantiles
 * of the resampled values, with linear interpolation between order statistics (Hyndman & Fan type 7, NumPy's
 * default). NaN values are dropped and counted; ±Infinity values are kept. All NaN → NaN bounds.
 */
function bootstrap_bootstrapInterval(estimates, level = DEFAULT_LEVEL) {
    if (!(level > 0 && level < 1))
        throw new RangeError(`bootstrapInterval: level must be in (0, 1), got ${level}`);
    const valid = new Float64Array(estimates.length);
    let count = 0;
    let sum = 0;
    for (let i = 0; i < estimates.length; i++) {
        const v = estimates[i];
        if (v === v) {
            valid[count++] = v;
            sum += v;
        }
    }
    const sorted = valid.subarray(0, count).sort();
    const mean = sum / count;
    let ss = 0;
    for (let i = 0; i < count; i++)
        ss += (sorted[i] - mean) * (sorted[i] - mean);
    const alpha = (1 - level) / 2;
    return {
        lower: quantileSorted(sorted, alpha),
        upper: quantileSorted(sorted, 1 - alpha),
        level,
        resamples: estimates.length,
        validResamples: count,
        nanResamples: estimates.length - count,
        standardError: count > 1 ? bootstrap_sqrt(ss / (count - 1)) : NaN,
    };
}
/** Quantile of sorted values by linear interpolation (Hyndman & Fan 1996, definition 7): h = (n − 1)·q. */
function quantileSorted(sorted, q) {
    const n = sorted.length;
    if (n === 0)
        return NaN;
    const h = (n - 1) * q;
    const lo = bootstrap_floor(h);
    const hi = bootstrap_min(lo + 1, n - 1);
    const a = sorted[lo];
    const b = sorted[hi];
    const frac = h - lo;
    if (a === b || frac === 0)
        return a;
    // An infinite end point dominates any interpolation towards it (and ∞ − ∞ must not become NaN).
    if (a === -Infinity)
        return -Infinity;
    if (b === Infinity)
        return Infinity;
    return a + frac * (b - a);
}
/**
 * Resamples are drawn in chunks of this many, chunk j (resamples j·50 … j·50 + 49) from its own generator
 * `chunkRng(seed, j)`, so a chunk's values do not depend on which thread draws it or in which order: an interval is
 * the same on one thread or two, on any machine. 50: at 1,000 resamples that is 20 chunks, so two threads sharing
 * them end within one chunk (≤ 5 % of the work) of each other, while a chunk's own cost (a generator seeded, one
 * shared counter taken) stays below 1 µs against ≥ 50 resamples' work.
 */
const bootstrap_RESAMPLE_CHUNK = 50;
/** How many chunks `resamples` resamples are drawn in (the last one may be short). */
function chunkCount(resamples) {
    return bootstrap_ceil(resamples / bootstrap_RESAMPLE_CHUNK);
}
/**
 * The generator of chunk j of a bootstrap seeded with `seed`: xoshiro128** (Rng) seeded with the (j + 1)-th output
 * of splitmix32 started at the seed's 32-bit word, i.e. new Rng(splitmix32(seedWord(seed), j + 1)) — the
 * derivation docs/eval-gate.md states, so anyone can draw the same resamples.
 */
function chunkRng(seed, chunk) {
    return new Rng(splitmix32(seedWord(seed), chunk + 1));
}
/** Runs every chunk of a bootstrap in order on this thread; returns, per statistic, its resampled values. */
function bootstrap_runAllChunks(resampler) {
    const out = Array.from({ length: resampler.statistics }, () => new Float64Array(resampler.resamples));
    for (let chunk = 0; chunk < resampler.chunks; chunk++)
        resampler.runChunk(chunk, out);
    return out;
}
/** Loops `draw` then every statistic over the resamples of one chunk (the shared body of both bootstraps). */
function chunked(resamples, seed, buffer, draw, statistics) {
    return {
        resamples,
        chunks: chunkCount(resamples),
        statistics: statistics.length,
        runChunk(chunk, out, count = bootstrap_RESAMPLE_CHUNK) {
            const rng = chunkRng(seed, chunk);
            const end = bootstrap_min(resamples, (chunk + 1) * bootstrap_RESAMPLE_CHUNK, chunk * bootstrap_RESAMPLE_CHUNK + count);
            for (let r = chunk * bootstrap_RESAMPLE_CHUNK; r < end; r++) {
                draw(rng, buffer);
                for (let s = 0; s < statistics.length; s++)
                    out[s][r] = statistics[s](buffer);
            }
        },
    };
}
/**
 * Case-level bootstrap resamples in chunks (see RESAMPLE_CHUNK): every statistic is evaluated on each resample, all
 * seeing the same weight vector (one reused buffer: a statistic must not keep it). Point estimates are not computed.
 */
function caseBootstrap(options) {
    const { n, statistics } = options;
    const resamples = checkResamples(options.resamples ?? DEFAULT_RESAMPLES);
    const draw = (rng, weights) => void resampleCounts(rng, n, weights);
    return chunked(resamples, options.seed ?? DEFAULT_SEED, new Uint32Array(n), draw, statistics);
}
/**
 * Runs `resamples` case-level bootstrap resamples (caseBootstrap, every chunk on this thread). Returns, per
 * statistic, the Float64Array of its resampled values (NaN allowed).
 */
function bootstrap(options) {
    return bootstrap_runAllChunks(caseBootstrap(options));
}
/**
 * The bootstrap for statistics that depend on the cases only through a table of cell counts, in chunks. Resampling
 * n cases and re-tabulating gives cells ~ Multinomial(n, counts/n) exactly, so each resample is drawn directly by
 * conditional binomials in O(cells) — no per-case work. Same distribution as `caseBootstrap` with per-case weights,
 * but not the same random stream. The cells buffer is reused between resamples.
 */
function cellBootstrap(options) {
    const { counts, statistics } = options;
    const resamples = checkResamples(options.resamples ?? DEFAULT_RESAMPLES);
    const n = checkCounts(counts, 'bootstrapConfusion');
    const draw = (rng, cells) => void rng.multinomialInto(n, counts, cells);
    return chunked(resamples, options.seed ?? DEFAULT_SEED, new Float64Array(counts.length), draw, statistics);
}
/** `cellBootstrap` with every chunk on this thread: per statistic, its resampled values. */
function bootstrapConfusion(options) {
    return bootstrap_runAllChunks(cellBootstrap(options));
}
/** Validates a resample count (a positive integer). */
function checkResamples(resamples) {
    if (!Number.isInteger(resamples) || resamples < 1) {
        throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
    }
    return resamples;
}
/** Validates cell counts (non-negative integers) and returns their sum. */
function checkCounts(counts, fn) {
    let n = 0;
    for (let i = 0; i < counts.length; i++) {
        const c = counts[i];
        if (!Number.isInteger(c) || c < 0)
            throw new RangeError(`${fn}: counts[${i}] = ${c} is not a non-negative integer`);
        n += c;
    }
    if (!Number.isSafeInteger(n))
        throw new RangeError(`${fn}: total count ${n} is too large`);
    return n;
}

;// CONCATENATED MODULE: ./packages/eval/src/intervals.ts
/** The intervals of a run's headline metrics: which method for which metric and N (docs/eval-gate.md). */

const CONFIDENCE_LEVEL = 0.95;
/**
 * From this many cases on, a metric with an analytic interval (statistics/analytic.ts: DeLong for ROC AUC, normal
 * or Wilson for means, order statistics for quantiles, a binned bootstrap for ECE) gets it instead of a bootstrap:
 * the normal approximation is then as accurate as the bootstrap's own Monte-Carlo error (bench/eval-coverage.mjs),
 * and resampling a million cases 1,000 times is what made large runs slow. docs/eval-gate.md states the rule.
 */
const ANALYTIC_MIN_CASES = 5000;
/**
 * Metrics whose analytic interval is used at every N: ROC AUC by DeLong on the logit scale covered the true AUC in
 * 94.3% of 4,000 simulated runs of 200 cases, where the percentile case bootstrap covered 93.4% (bench/README.md).
 */
const ANALYTIC_AT_ANY_N = new Set(['roc_auc']);
/**
 * 95% intervals, each by the cheapest exact-enough method: analytic from ANALYTIC_MIN_CASES cases on (ROC AUC at
 * any N); otherwise (and for metrics without one) a multinomial bootstrap over a few distinct cells (confusion
 * matrix, binary label × probability) when the metric has them; case resampling for the rest. This plans them:
 * the bootstraps are drawn by `finishIntervals` from their chunks' samples, on one thread or two.
 */
function intervals_planIntervals(suite, resamples, seed, level = CONFIDENCE_LEVEL) {
    const analytic = Object.create(null);
    if (resamples === 0 || suite.size < 2)
        return { analytic, jobs: [] };
    const large = suite.size >= ANALYTIC_MIN_CASES;
    for (const [name, interval] of Object.entries(suite.analyticIntervals(level, resamples, seed, !large)))
        if (large || ANALYTIC_AT_ANY_N.has(name))
            analytic[name] = interval;
    return { analytic, jobs: resampleJobs(suite, resamples, seed, new Set(Object.keys(analytic))) };
}
/**
 * The bootstraps of the headline metrics not in `taken` (those with an analytic interval): one per cell family,
 * then one case bootstrap for the rest. A resample thread rebuilds the same jobs from the same suite.
 */
function resampleJobs(suite, resamples, seed, taken) {
    const jobs = [];
    const covered = new Set(taken);
    for (const family of suite.cellFamilies((name) => !covered.has(name))) {
        const { names } = family;
        for (const name of names)
            covered.add(name);
        let latest = {};
        const statistics = names.map((name, i) => (cells) => {
            if (i === 0) {
                latest = {};
                family.compute(cells, latest);
            }
            return latest[name];
        });
        const resampler = cellBootstrap({ counts: family.counts, resamples, seed, statistics });
        jobs.push({ names, method: 'cell-bootstrap', resampler });
    }
    const rest = suite.headline.filter((name) => !covered.has(name));
    if (rest.length > 0) {
        let latest = {};
        const statistics = rest.map((name, i) => (weights) => {
            if (i === 0)
                latest = suite.compute(rest, weights);
            return latest[name];
        });
        const resampler = caseBootstrap({ n: suite.size, resamples, seed, statistics });
        jobs.push({ names: rest, method: 'case-bootstrap', resampler });
    }
    return jobs;
}
/** The plan's intervals with each job's percentile intervals from `samples[job][statistic]`. */
function intervals_finishIntervals(plan, samples, level = CONFIDENCE_LEVEL) {
    const intervals = Object.assign(Object.create(null), plan.analytic);
    plan.jobs.forEach((job, j) => job.names.forEach((name, i) => {
        const { lower, upper } = bootstrapInterval(samples[j][i], level);
        intervals[name] = { lower, upper, method: job.method };
    }));
    return intervals;
}
/** Every interval on this thread (planIntervals, then every chunk of every bootstrap in order). */
function confidenceIntervals(suite, resamples, seed, level = CONFIDENCE_LEVEL) {
    const plan = intervals_planIntervals(suite, resamples, seed, level);
    return intervals_finishIntervals(plan, plan.jobs.map((job) => runAllChunks(job.resampler)), level);
}

;// CONCATENATED MODULE: ./packages/eval/src/catalog.ts
/** The names of mlgate's metrics, in the user's words (scikit-learn's where one exists), and their direction. */
// The subpath, not the package: the resample thread's bundle (resample-thread.ts) then stays small.

/** Metrics where smaller is better: a "drop" for them is a rise. */
const LOWER_IS_BETTER = new Set([
    'log_loss',
    'brier',
    'ece',
    'mae',
    'mse',
    'rmse',
    'mape',
    'latency_p50_ms',
    'latency_p95_ms',
    'latency_p99_ms',
    'tokens_input',
    'tokens_output',
    'cost_usd',
    'error_rate',
    'flaky_rate',
    'demographic_parity_difference',
    'equalized_odds_difference',
]);
/** Every metric name mlgate defines (per-class names like recall[spam] aside): a grader's score may not shadow one. */
const BUILT_IN = new Set([
    ...LOWER_IS_BETTER,
    'accuracy',
    'balanced_accuracy',
    'precision',
    'recall',
    'f1',
    ...['precision', 'recall', 'f1'].flatMap((name) => [`${name}_macro`, `${name}_micro`, `${name}_weighted`]),
    'mcc',
    'cohen_kappa',
    'roc_auc',
    'average_precision',
    'r2',
    'pass_rate',
    'pass_all_k',
    'exact_match',
    'token_f1',
    'disparate_impact_ratio',
]);
const isBuiltInMetric = (name) => BUILT_IN.has(name);
function higherIsBetter(metric) {
    return !LOWER_IS_BETTER.has(metric);
}
/**
 * A metric's direction for this run: the catalog's for mlgate's own metrics; a grader's own score
 * (latency, toxicity, …) is lower-is-better when its gates bound it only from above (`max`, never `min`).
 */
function metricHigherIsBetter(metric, gates) {
    if (BUILT_IN.has(metric))
        return higherIsBetter(metric);
    const bounds = gates.filter((gate) => gate.metric === metric);
    const upperOnly = bounds.some((gate) => gate.max !== undefined) && bounds.every((gate) => gate.min === undefined);
    return !upperOnly;
}
/** Metrics whose per-case value is 0/1, so a paired comparison is McNemar's test. */
const ACCURACY_LIKE = new Set(['accuracy', 'pass_rate', 'exact_match']);
/** Closest known metric name, for "did you mean" hints (within 3 edits: metric names are long). */
function closestName(name, known) {
    let best;
    let bestDistance = 4;
    for (const candidate of known) {
        const distance = editDistance(name, candidate);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

;// CONCATENATED MODULE: ./packages/eval/src/metrics/classification.ts
/** Confusion-matrix classification metrics with scikit-learn 1.2 semantics (zero_division = 0), built for bootstrap loops. */
function checkK(k) {
    if (!Number.isInteger(k) || k < 1)
        throw new RangeError(`k must be a positive integer, got ${k}`);
}
function outOfRange(k, i) {
    return new RangeError(`class index out of range [0, ${k}) at case ${i}`);
}
function checkMatrix(cm, k) {
    checkK(k);
    if (cm.length !== k * k)
        throw new RangeError(`confusion matrix has ${cm.length} cells, expected ${k * k}`);
}
/**
 * k x k confusion matrix, row-major: row = true class index, column = predicted class index.
 * `weights` are per-case sample weights (a bootstrap passes resample counts).
 */
function confusionMatrix(yTrue, yPred, k, weights) {
    checkK(k);
    const n = yTrue.length;
    if (yPred.length !== n)
        throw new RangeError(`yTrue has ${n} cases but yPred has ${yPred.length}`);
    if (weights !== undefined && weights.length !== n) {
        throw new RangeError(`weights has ${weights.length} entries, expected ${n}`);
    }
    const cm = new Float64Array(k * k);
    // Two loops so the unweighted hot path has no per-case branch on `weights`.
    // Unsigned comparison rejects negatives and values >= k in one test.
    if (weights === undefined) {
        for (let i = 0; i < n; i++) {
            const t = yTrue[i];
            const p = yPred[i];
            if (t >>> 0 >= k || p >>> 0 >= k)
                throw outOfRange(k, i);
            cm[t * k + p] += 1;
        }
    }
    else {
        for (let i = 0; i < n; i++) {
            const t = yTrue[i];
            const p = yPred[i];
            if (t >>> 0 >= k || p >>> 0 >= k)
                throw outOfRange(k, i);
            cm[t * k + p] += weights[i];
        }
    }
    return cm;
}
function emptyMetrics(k) {
    return {
        k,
        total: 0,
        accuracy: 0,
        balancedAccuracy: 0,
        precisionMacro: 0,
        precisionMicro: 0,
        precisionWeighted: 0,
        recallMacro: 0,
        recallMicro: 0,
        recallWeighted: 0,
        f1Macro: 0,
        f1Micro: 0,
        f1Weighted: 0,
        precision: new Float64Array(k),
        recall: new Float64Array(k),
        f1: new Float64Array(k),
        support: new Float64Array(k),
        mcc: 0,
        cohenKappa: 0,
    };
}
/** sklearn _prf_divide with zero_division=0. */
function divideOrZero(numerator, denominator) {
    return denominator === 0 ? 0 : numerator / denominator;
}
/** sklearn 1.2 precision_recall_fscore_support: F1 = 2PR / (P + R), denominator 0 -> 0. */
function f1Of(precision, recall) {
    const denom = precision + recall;
    return denom === 0 ? 0 : (2 * precision * recall) / denom;
}
/**
 * All confusion-matrix metrics, O(k^2) time and no allocation beyond the result.
 * Pass `out` (a previous result with the same k) to reuse its arrays in a bootstrap loop.
 * Empty matrix (total 0): accuracy, balancedAccuracy and cohenKappa are NaN; the rest follow sklearn's zero_division = 0.
 */
function classificationFromConfusion(cm, k, out) {
    checkMatrix(cm, k);
    const m = out !== undefined && out.k === k && out.precision.length === k ? out : emptyMetrics(k);
    const { precision, recall, f1, support } = m;
    let total = 0;
    let trace = 0;
    // dot(t_sum, p_sum) for MCC and kappa; sums of squares for MCC.
    let dotTP = 0;
    let dotTT = 0;
    let dotPP = 0;
    let pMacro = 0;
    let rMacro = 0;
    let fMacro = 0;
    let pWeighted = 0;
    let rWeighted = 0;
    let fWeighted = 0;
    let balancedSum = 0;
    let balancedCount = 0;
    for (let c = 0; c < k; c++) {
        let rowSum = 0;
        let colSum = 0;
        for (let j = 0; j < k; j++) {
            rowSum += cm[c * k + j];
            colSum += cm[j * k + c];
        }
        const tp = cm[c * k + c];
        total += rowSum;
        trace += tp;
        dotTP += rowSum * colSum;
        dotTT += rowSum * rowSum;
        dotPP += colSum * colSum;
        const p = divideOrZero(tp, colSum);
        const r = divideOrZero(tp, rowSum);
        const f = f1Of(p, r);
        precision[c] = p;
        recall[c] = r;
        f1[c] = f;
        support[c] = rowSum;
        pMacro += p;
        rMacro += r;
        fMacro += f;
        pWeighted += p * rowSum;
        rWeighted += r * rowSum;
        fWeighted += f * rowSum;
        // sklearn balanced_accuracy_score: per-class recall diag/row_sum, NaN rows (no true cases) dropped.
        if (rowSum !== 0) {
            balancedSum += tp / rowSum;
            balancedCount++;
        }
    }
    m.total = total;
    m.accuracy = trace / total;
    m.balancedAccuracy = balancedCount === 0 ? NaN : balancedSum / balancedCount;
    m.precisionMacro = pMacro / k;
    m.recallMacro = rMacro / k;
    m.f1Macro = fMacro / k;
    // Micro averages over all k labels: sum(tp) / sum(pred) = sum(tp) / sum(true) = accuracy; 0 when empty.
    const micro = divideOrZero(trace, total);
    m.precisionMicro = micro;
    m.recallMicro = micro;
    m.f1Micro = f1Of(micro, micro);
    // sklearn average='weighted': np.average(metric, weights=support); all-zero support -> zero_division (0).
    m.precisionWeighted = divideOrZero(pWeighted, total);
    m.recallWeighted = divideOrZero(rWeighted, total);
    m.f1Weighted = divideOrZero(fWeighted, total);
    // sklearn.metrics.matthews_corrcoef (1.2.1): cov_ytyp / sqrt(cov_ytyt * cov_ypyp), 0 if the product is 0.
    const covYtYp = trace * total - dotTP;
    const covYpYp = total * total - dotPP;
    const covYtYt = total * total - dotTT;
    const product = covYtYt * covYpYp;
    m.mcc = product === 0 ? 0 : covYtYp / Math.sqrt(product);
    // sklearn.metrics.cohen_kappa_score (unweighted): 1 - sum(off-diag observed) / sum(off-diag expected),
    // expected = outer(pred_sum, true_sum) / total, so sum(off-diag expected) = (total^2 - dot(t, p)) / total.
    m.cohenKappa = 1 - (total - trace) / ((total * total - dotTP) / total);
    return m;
}
/**
 * Precision, recall and F1 of class `positiveIndex` (sklearn average='binary', pos_label = that class),
 * zero_division = 0. `k` defaults to sqrt(cm.length).
 */
function binaryFromConfusion(cm, positiveIndex, k = Math.round(Math.sqrt(cm.length))) {
    checkMatrix(cm, k);
    if (!Number.isInteger(positiveIndex) || positiveIndex < 0 || positiveIndex >= k) {
        throw new RangeError(`positiveIndex must be in [0, ${k}), got ${positiveIndex}`);
    }
    let rowSum = 0;
    let colSum = 0;
    for (let j = 0; j < k; j++) {
        rowSum += cm[positiveIndex * k + j];
        colSum += cm[j * k + positiveIndex];
    }
    const tp = cm[positiveIndex * k + positiveIndex];
    const precision = divideOrZero(tp, colSum);
    const recall = divideOrZero(tp, rowSum);
    return { precision, recall, f1: f1Of(precision, recall) };
}
/** Convenience: confusion matrix then every derived metric. */
function classificationMetrics(yTrue, yPred, k, weights) {
    return classificationFromConfusion(confusionMatrix(yTrue, yPred, k, weights), k);
}

;// CONCATENATED MODULE: ./packages/eval/src/metrics/probabilistic.ts
/** Score and probability metrics (ROC AUC, average precision, log loss, Brier score, ECE) with scikit-learn 1.2.1 semantics. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Below this size a comparison sort beats the radix sort's 4 x 65,536-bucket histograms. */
const RADIX_MIN = 512;
function checkWeights(weights, n) {
    if (weights !== undefined && weights.length !== n) {
        throw new RangeError(`weights has ${weights.length} entries, expected ${n}`);
    }
}
function checkBinaryLabels(yTrue) {
    for (let i = 0; i < yTrue.length; i++) {
        if (yTrue[i] > 1)
            throw new RangeError(`binary label must be 0 or 1, got ${yTrue[i]} at case ${i}`);
    }
}
/** Indices of `score` by descending value via an LSD radix sort on the IEEE-754 bits (no NaN allowed). */
function radixDescending(score) {
    const n = score.length;
    const copy = new Float64Array(n);
    for (let i = 0; i < n; i++)
        copy[i] = score[i] + 0; // -0 + 0 === +0: one key for both zeros
    const bits = new Uint32Array(copy.buffer); // little-endian: [low word, high word] per double
    let hi = new Uint32Array(n);
    let lo = new Uint32Array(n);
    let idx = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
        const l = bits[2 * i];
        const h = bits[2 * i + 1];
        // Key ascending = score descending: negatives keep their bits (bigger magnitude -> later),
        // non-negatives flip all but the sign bit (bigger value -> smaller key, all below the negatives).
        if (h & 0x80000000) {
            hi[i] = h;
            lo[i] = l;
        }
        else {
            hi[i] = h ^ 0x7fffffff;
            lo[i] = ~l >>> 0;
        }
        idx[i] = i;
    }
    const counts = new Uint32Array(4 * 65536);
    for (let i = 0; i < n; i++) {
        counts[lo[i] & 0xffff]++;
        counts[65536 + (lo[i] >>> 16)]++;
        counts[131072 + (hi[i] & 0xffff)]++;
        counts[196608 + (hi[i] >>> 16)]++;
    }
    let hi2 = new Uint32Array(n);
    let lo2 = new Uint32Array(n);
    let idx2 = new Uint32Array(n);
    for (let pass = 0; pass < 4; pass++) {
        const base = pass * 65536;
        const useHi = pass >= 2;
        const shift = pass % 2 === 0 ? 0 : 16;
        // Skip a pass when every key has the same digit (common for the high bits of similar scores).
        const first = ((useHi ? hi[0] : lo[0]) >>> shift) & 0xffff;
        if (counts[base + first] === n)
            continue;
        let sum = 0;
        for (let d = 0; d < 65536; d++) {
            const c = counts[base + d];
            counts[base + d] = sum;
            sum += c;
        }
        const src = useHi ? hi : lo;
        for (let i = 0; i < n; i++) {
            const pos = counts[base + ((src[i] >>> shift) & 0xffff)]++;
            hi2[pos] = hi[i];
            lo2[pos] = lo[i];
            idx2[pos] = idx[i];
        }
        [hi, hi2] = [hi2, hi];
        [lo, lo2] = [lo2, lo];
        [idx, idx2] = [idx2, idx];
    }
    return idx;
}
function comparisonDescending(score) {
    const order = new Uint32Array(score.length);
    for (let i = 0; i < order.length; i++)
        order[i] = i;
    return order.sort((a, b) => (score[a] < score[b] ? 1 : score[a] > score[b] ? -1 : 0));
}
/**
 * Indices of `values` (no NaN) by descending value, equal values in index order: a counting sort over few distinct
 * values, else a radix sort, a comparison sort for short arrays. O(n) for long arrays, where a sort with a
 * comparator costs ~1 s per million values.
 */
function descendingOrder(values) {
    if (values.length < RADIX_MIN || !LITTLE_ENDIAN)
        return comparisonDescending(values);
    return distinctDescending(values)?.order ?? radixDescending(values);
}
/** At most this many distinct scores (and at most one per 8 cases) and the ranking is a counting sort. */
const DISTINCT_MAX = 65536;
/**
 * The counting sort's working arrays, made once for the one-vs-rest rankings of every class (each as long as the
 * cases, or as the distinct-value table) instead of once per class.
 */
class CountingScratch {
    made;
    buffers(n, limit) {
        let size = 16;
        while (size < 2 * limit)
            size *= 2;
        const made = this.made;
        if (made && made.group.length === n && made.keyLow.length === size && made.values.length === limit) {
            made.slotGroup.fill(-1);
            return made;
        }
        return (this.made = {
            keyLow: new Uint32Array(size),
            keyHigh: new Uint32Array(size),
            slotGroup: new Int32Array(size).fill(-1),
            values: new Float64Array(limit),
            group: new Uint16Array(n),
        });
    }
}
/**
 * The IEEE-754 words of each distinct score (−0 as +0) in an open-addressing table: each case's group number
 * (numbered in order of first appearance), or undefined as soon as there are more than `limit` distinct scores.
 */
function groupDistinct(score, limit, scratch = new CountingScratch()) {
    const n = score.length;
    const words = new Uint32Array(score.buffer, score.byteOffset, 2 * n);
    const { keyLow, keyHigh, slotGroup, values, group } = scratch.buffers(n, limit);
    const mask = keyLow.length - 1;
    let count = 0;
    for (let i = 0; i < n; i++) {
        const low = words[2 * i];
        let high = words[2 * i + 1];
        if (low === 0 && high === 0x80000000)
            high = 0; // −0 and +0 are one score
        let h = Math.imul(low, 0x9e3779b1) ^ Math.imul(high, 0x85ebca6b);
        h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
        let slot = (h ^ (h >>> 16)) & mask;
        let g = slotGroup[slot];
        while (g >= 0 && (keyLow[slot] !== low || keyHigh[slot] !== high)) {
            slot = (slot + 1) & mask;
            g = slotGroup[slot];
        }
        if (g < 0) {
            if (count === limit)
                return undefined;
            g = count++;
            slotGroup[slot] = g;
            keyLow[slot] = low;
            keyHigh[slot] = high;
            values[g] = score[i] + 0;
        }
        group[i] = g;
    }
    return { group, values, count };
}
/**
 * Indices of `score` by descending value with equal scores in index order — the order the (stable) radix sort
 * gives — and the exclusive end of each group of equal scores: a counting sort over the distinct values, for
 * scores with few of them (probabilities rounded to a few decimals). Undefined when they are too many.
 */
function distinctDescending(score, scratch) {
    const n = score.length;
    const grouped = groupDistinct(score, Math.min(DISTINCT_MAX, n >>> 3), scratch);
    if (!grouped)
        return undefined;
    const { group, values, count } = grouped;
    const ascending = values.slice(0, count).sort();
    // rank[g]: position of group g's score in descending order (the scores are distinct: binary search).
    const rank = new Uint32Array(count);
    for (let g = 0; g < count; g++) {
        let low = 0;
        let high = count - 1;
        while (low < high) {
            const middle = (low + high) >>> 1;
            if (ascending[middle] < values[g])
                low = middle + 1;
            else
                high = middle;
        }
        rank[g] = count - 1 - low;
    }
    const next = new Uint32Array(count);
    for (let i = 0; i < n; i++)
        next[rank[group[i]]]++;
    const groupEnds = new Uint32Array(count);
    for (let r = 0, end = 0; r < count; r++) {
        const size = next[r];
        next[r] = end;
        end += size;
        groupEnds[r] = end;
    }
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++)
        order[next[rank[group[i]]]++] = i;
    return { order, groupEnds };
}
/** Sort once (O(n): counting or radix sort) for repeated O(n) rocAucSorted / averagePrecisionSorted calls. */
function prepareRanking(yTrue, score) {
    return rank(yTrue, score);
}
function rank(yTrue, score, scratch) {
    const n = yTrue.length;
    if (score.length !== n)
        throw new RangeError(`yTrue has ${n} cases but score has ${score.length}`);
    checkBinaryLabels(yTrue);
    for (let i = 0; i < n; i++) {
        if (Number.isNaN(score[i])) {
            return {
                n,
                order: new Uint32Array(0),
                positive: new Uint8Array(0),
                groupEnds: new Uint32Array(0),
                valid: false,
            };
        }
    }
    const fast = n >= RADIX_MIN && LITTLE_ENDIAN;
    const counted = fast ? distinctDescending(score, scratch) : undefined;
    const order = counted?.order ?? (fast ? radixDescending(score) : comparisonDescending(score));
    const positive = new Uint8Array(n);
    for (let i = 0; i < n; i++)
        positive[i] = yTrue[order[i]];
    return { n, order, positive, groupEnds: counted?.groupEnds ?? tieGroupEnds(score, order), valid: true };
}
/** The exclusive end of each run of equal scores along `order`. */
function tieGroupEnds(score, order) {
    const n = order.length;
    const ends = new Uint32Array(n);
    let groups = 0;
    for (let i = 1; i < n; i++)
        if (score[order[i]] !== score[order[i - 1]])
            ends[groups++] = i;
    if (n > 0)
        ends[groups++] = n;
    return ends.slice(0, groups);
}
/**
 * ROC AUC from a prepared ranking: trapezoids over the ROC curve with tied scores collapsed into one
 * point (sklearn roc_curve + auc). NaN when a class has no (weighted) cases, where sklearn raises.
 */
function rocAucSorted(prepared, weights) {
    if (!prepared.valid)
        return NaN;
    checkWeights(weights, prepared.n);
    const { order, positive, groupEnds } = prepared;
    let tp = 0;
    let fp = 0;
    let area = 0;
    let start = 0;
    for (let g = 0; g < groupEnds.length; g++) {
        const end = groupEnds[g];
        let gtp = 0;
        let gfp = 0;
        for (let i = start; i < end; i++) {
            const w = weights === undefined ? 1 : weights[order[i]];
            if (positive[i] === 1)
                gtp += w;
            else
                gfp += w;
        }
        // Trapezoid from (fp, tp) to (fp + gfp, tp + gtp), in unnormalised units (sklearn auc, trapezoidal rule).
        area += gfp * (tp + gtp / 2);
        tp += gtp;
        fp += gfp;
        start = end;
    }
    if (!(tp > 0 && fp > 0))
        return NaN;
    return area / (tp * fp);
}
/**
 * Average precision from a prepared ranking: sum over thresholds of (R_n - R_{n-1}) * P_n, step-wise,
 * not interpolated (sklearn average_precision_score). 0 when there are no positives (sklearn 1.2.1).
 */
function averagePrecisionSorted(prepared, weights) {
    if (!prepared.valid)
        return NaN;
    checkWeights(weights, prepared.n);
    const { order, positive, groupEnds } = prepared;
    let tp = 0;
    let fp = 0;
    let sum = 0;
    let start = 0;
    for (let g = 0; g < groupEnds.length; g++) {
        const end = groupEnds[g];
        let gtp = 0;
        let gfp = 0;
        for (let i = start; i < end; i++) {
            const w = weights === undefined ? 1 : weights[order[i]];
            if (positive[i] === 1)
                gtp += w;
            else
                gfp += w;
        }
        tp += gtp;
        fp += gfp;
        // Recall step gtp / P times precision at this threshold; zero-weight groups add no threshold.
        if (gtp !== 0)
            sum += gtp * (tp / (tp + fp));
        start = end;
    }
    if (!(tp + fp > 0))
        return NaN;
    if (tp === 0)
        return 0;
    return sum / tp;
}
/** Binary ROC AUC (sklearn roc_auc_score), yTrue 0|1; NaN when only one class is present. */
function rocAucBinary(yTrue, score, weights) {
    return rocAucSorted(prepareRanking(yTrue, score), weights);
}
/** Binary average precision (sklearn average_precision_score), yTrue 0|1. */
function averagePrecision(yTrue, score, weights) {
    return averagePrecisionSorted(prepareRanking(yTrue, score), weights);
}
function checkProba(yTrue, proba, k) {
    if (!Number.isInteger(k) || k < 1)
        throw new RangeError(`k must be a positive integer, got ${k}`);
    if (proba.length !== yTrue.length * k) {
        throw new RangeError(`proba has ${proba.length} values, expected ${yTrue.length} x ${k}`);
    }
    checkClasses(yTrue, k);
}
function checkClasses(yTrue, k) {
    for (let i = 0; i < yTrue.length; i++) {
        if (yTrue[i] >>> 0 >= k)
            throw new RangeError(`class index out of range [0, ${k}) at case ${i}`);
    }
}
function checkColumns(yTrue, columns) {
    const k = columns.length;
    if (k < 1)
        throw new RangeError('k must be a positive integer, got 0');
    for (const column of columns)
        if (column.length !== yTrue.length)
            throw new RangeError(`a probability column has ${column.length} values, expected ${yTrue.length}`);
    checkClasses(yTrue, k);
}
/** The k columns of a row-major n×k probability matrix (after checking its shape and the labels). */
function probabilityColumns(yTrue, proba, k) {
    checkProba(yTrue, proba, k);
    const n = yTrue.length;
    return Array.from({ length: k }, (_, j) => {
        const column = new Float64Array(n);
        for (let i = 0; i < n; i++)
            column[i] = proba[i * k + j];
        return column;
    });
}
/** One ranking per class (one-vs-rest) for repeated rocAucOvrMacroSorted calls. */
function prepareOvr(yTrue, proba, k) {
    return prepareOvrColumns(yTrue, probabilityColumns(yTrue, proba, k));
}
/** prepareOvr from probability columns: each class's column sorted once. */
function prepareOvrColumns(yTrue, columns) {
    checkColumns(yTrue, columns);
    return prepareOvrEach(yTrue, columns.length, (c) => columns[c]);
}
/**
 * The one-vs-rest rankings of k classes, class c's probabilities asked of `column(c)` when its turn comes (so
 * one buffer can serve every class: the ranking keeps none of it).
 */
function prepareOvrEach(yTrue, k, column) {
    checkClasses(yTrue, k);
    const n = yTrue.length;
    const isClass = new Uint8Array(n);
    const scratch = new CountingScratch();
    return Array.from({ length: k }, (_, c) => {
        const values = column(c);
        for (let i = 0; i < n; i++)
            isClass[i] = yTrue[i] === c ? 1 : 0;
        return rank(isClass, values, scratch);
    });
}
/** Macro mean of the per-class one-vs-rest ROC AUCs; NaN if any class's AUC is undefined. */
function rocAucOvrMacroSorted(prepared, weights) {
    if (prepared.length === 0)
        return NaN;
    let sum = 0;
    for (const ranking of prepared)
        sum += rocAucSorted(ranking, weights);
    return sum / prepared.length;
}
/**
 * sklearn roc_auc_score(multi_class='ovr', average='macro', labels=0..k-1): mean over classes of the
 * binary AUC of column c for "class c vs rest". NaN when a class never (or always) occurs in yTrue, where
 * sklearn raises. Unlike sklearn it does not reject rows that do not sum to 1.
 */
function rocAucOvrMacro(yTrue, proba, k, weights) {
    checkWeights(weights, yTrue.length);
    return rocAucOvrMacroSorted(prepareOvr(yTrue, proba, k), weights);
}
/**
 * sklearn 1.2.1 log_loss(labels=0..k-1) with its default eps='auto': clip every probability to
 * [eps, 1 - eps] with eps = float64 machine epsilon (2.22e-16, not the 1e-15 of sklearn < 1.2), divide
 * each row by its sum, then average -log p[true class] (weighted). NaN when k < 2 (sklearn raises).
 */
/**
 * Per-case log loss terms as sklearn computes them: -log(clip(p_true) / Σ clip(p)), clip to [eps, 1 − eps].
 * log_loss is their (weighted) mean; a bootstrap computes the terms once and re-weights them.
 */
function logLossTerms(yTrue, proba, k) {
    return logLossTermsColumns(yTrue, probabilityColumns(yTrue, proba, k));
}
/** logLossTerms from probability columns. */
function logLossTermsColumns(yTrue, columns) {
    checkColumns(yTrue, columns);
    const terms = new Float64Array(yTrue.length);
    for (let i = 0; i < yTrue.length; i++)
        terms[i] = logLossTermAt(columns, i, yTrue[i]);
    return terms;
}
/** One case's log-loss term (see logLossTerms) from its probabilities columns[j][at]. */
function logLossTermAt(columns, at, trueClass) {
    const eps = Number.EPSILON;
    const top = 1 - eps;
    let rowSum = 0;
    for (let j = 0; j < columns.length; j++)
        rowSum += Math.min(Math.max(columns[j][at], eps), top);
    const pTrue = Math.min(Math.max(columns[trueClass][at], eps), top);
    // sklearn log_loss: -xlogy(onehot, clip(p) / rowsum).sum(axis=1), then np.average(weights).
    return -Math.log(pTrue / rowSum);
}
/** The weighted mean of per-case values (NaN when the total weight is 0). */
function weightedMean(values, weights) {
    checkWeights(weights, values.length);
    let sum = 0;
    let mass = 0;
    for (let i = 0; i < values.length; i++) {
        const w = weights === undefined ? 1 : weights[i];
        sum += w * values[i];
        mass += w;
    }
    return sum / mass;
}
/** sklearn log_loss (eps = float64 machine epsilon, rows renormalised after clipping). */
function logLoss(yTrue, proba, k, weights) {
    checkWeights(weights, yTrue.length);
    if (k < 2)
        return NaN;
    return weightedMean(logLossTerms(yTrue, proba, k), weights);
}
/** Per-case Brier terms (y − p)², p the probability of class 1; brier_score_loss is their weighted mean. */
function brierTerms(yTrue, p) {
    const n = yTrue.length;
    if (p.length !== n)
        throw new RangeError(`yTrue has ${n} cases but p has ${p.length}`);
    checkBinaryLabels(yTrue);
    const terms = new Float64Array(n);
    for (let i = 0; i < n; i++) {
        const pi = p[i];
        if (pi < 0 || pi > 1)
            throw new RangeError(`probability must be in [0, 1], got ${pi} at case ${i}`);
        const d = yTrue[i] - pi;
        terms[i] = d * d;
    }
    return terms;
}
/** sklearn brier_score_loss: weighted mean of (y - p)^2 with p the probability of class 1. */
function brierBinary(yTrue, p, weights) {
    return weightedMean(brierTerms(yTrue, p), weights);
}
/**
 * Top-label bins for ECE: confidence = the largest class probability (first on ties), bins (b/B, (b+1)/B] with
 * edges exactly b/B.
 */
function prepareCalibration(yTrue, proba, k, bins = 10) {
    return prepareCalibrationColumns(yTrue, probabilityColumns(yTrue, proba, k), bins);
}
/** prepareCalibration from probability columns. */
function prepareCalibrationColumns(yTrue, columns, bins = 10) {
    checkColumns(yTrue, columns);
    const prepared = emptyCalibration(yTrue.length, bins);
    for (let i = 0; i < yTrue.length; i++)
        calibrateCase(prepared, i, yTrue[i], columns, i);
    return prepared;
}
/** A PreparedCalibration of n cases for calibrateCase to fill. */
function emptyCalibration(n, bins) {
    if (!Number.isInteger(bins) || bins < 1 || bins > 65535)
        throw new RangeError(`bins must be an integer in [1, 65535], got ${bins}`);
    return {
        bins,
        bin: new Uint16Array(n),
        correct: new Uint8Array(n),
        confidence: new Float64Array(n),
        undefinedValue: false,
    };
}
/** Bins case i (see prepareCalibration) from its probabilities columns[j][at]. */
function calibrateCase(prepared, i, trueClass, columns, at) {
    const { bins } = prepared;
    let best = 0;
    let confidence = columns[0][at];
    for (let j = 0; j < columns.length; j++) {
        const pj = columns[j][at];
        if (Number.isNaN(pj))
            prepared.undefinedValue = true;
        if (pj > confidence) {
            confidence = pj;
            best = j;
        }
    }
    if (confidence < 0 || confidence > 1) {
        throw new RangeError(`top-label confidence must be in [0, 1], got ${confidence} at case ${i}`);
    }
    // Bin b holds (b/bins, (b+1)/bins]; the edges are i/bins exactly, so correct the rounding of ceil().
    let b = Math.max(0, Math.ceil(confidence * bins) - 1);
    while (b > 0 && confidence <= b / bins)
        b--;
    while (b < bins - 1 && confidence > (b + 1) / bins)
        b++;
    prepared.bin[i] = b;
    prepared.correct[i] = best === trueClass ? 1 : 0;
    prepared.confidence[i] = confidence;
}
/** ECE of prepared cases under per-case weights: Σ_b |correct_b − confidence_b| / total (Guo et al. 2017). */
function calibrationErrorPrepared(prepared, weights) {
    const n = prepared.bin.length;
    checkWeights(weights, n);
    if (prepared.undefinedValue)
        return NaN;
    const gap = new Float64Array(prepared.bins);
    let total = 0;
    for (let i = 0; i < n; i++) {
        const w = weights === undefined ? 1 : weights[i];
        gap[prepared.bin[i]] += w * (prepared.correct[i] - prepared.confidence[i]);
        total += w;
    }
    let ece = 0;
    for (let b = 0; b < prepared.bins; b++)
        ece += Math.abs(gap[b]);
    return ece / total;
}
/** Top-label expected calibration error with `bins` equal-width confidence bins (Guo et al. 2017). */
function expectedCalibrationError(yTrue, proba, k, bins = 10, weights) {
    checkWeights(weights, yTrue.length);
    return calibrationErrorPrepared(prepareCalibration(yTrue, proba, k, bins), weights);
}

;// CONCATENATED MODULE: ./packages/eval/src/metrics/regression.ts
/** Regression error metrics (MAE, MSE, RMSE, R², MAPE) with scikit-learn 1.2.1 semantics and optional sample weights. */
function check(yTrue, yPred, weights) {
    const n = yTrue.length;
    if (yPred.length !== n)
        throw new RangeError(`yTrue has ${n} cases but yPred has ${yPred.length}`);
    if (weights !== undefined && weights.length !== n) {
        throw new RangeError(`weights has ${weights.length} entries, expected ${n}`);
    }
}
/** np.average(error, weights): NaN when empty or when the weights sum to 0 (numpy raises there). */
function regression_weightedMean(yTrue, yPred, weights, error) {
    check(yTrue, yPred, weights);
    let sum = 0;
    let mass = 0;
    for (let i = 0; i < yTrue.length; i++) {
        const w = weights === undefined ? 1 : weights[i];
        sum += w * error(yTrue[i], yPred[i]);
        mass += w;
    }
    return mass === 0 ? NaN : sum / mass;
}
const absoluteError = (t, p) => Math.abs(p - t);
const squaredError = (t, p) => (p - t) * (p - t);
// sklearn mean_absolute_percentage_error: |y - y_hat| / max(|y|, eps), eps = float64 machine epsilon.
const percentageError = (t, p) => Math.abs(p - t) / Math.max(Math.abs(t), Number.EPSILON);
/** sklearn mean_absolute_error. */
function mae(yTrue, yPred, weights) {
    return regression_weightedMean(yTrue, yPred, weights, absoluteError);
}
/** sklearn mean_squared_error. */
function mse(yTrue, yPred, weights) {
    return regression_weightedMean(yTrue, yPred, weights, squaredError);
}
/** Square root of the (weighted) MSE, as sklearn mean_squared_error(squared=False). */
function rmse(yTrue, yPred, weights) {
    return Math.sqrt(mse(yTrue, yPred, weights));
}
/**
 * sklearn mean_absolute_percentage_error: a fraction (0.1 = 10%), not a percentage; a zero y_true divides by
 * float64 epsilon, so it yields a huge value rather than Infinity.
 */
function mape(yTrue, yPred, weights) {
    return regression_weightedMean(yTrue, yPred, weights, percentageError);
}
/**
 * sklearn r2_score (force_finite=True): 1 - SS_res / SS_tot with weighted mean; NaN with fewer than 2 cases;
 * perfect predictions -> 1; constant y_true (among non-zero-weight cases) with imperfect predictions -> 0.
 * Constant y_true is detected exactly, so SS_tot is exactly 0 where sklearn's intent is 0 (sklearn itself can
 * get a rounding-error SS_tot such as 1e-33 for a constant like 0.1 and return a huge negative score).
 */
function r2(yTrue, yPred, weights) {
    check(yTrue, yPred, weights);
    const n = yTrue.length;
    if (n < 2)
        return NaN;
    let mass = 0;
    let weightedSum = 0;
    let first = 0;
    let seen = false;
    let constant = true;
    for (let i = 0; i < n; i++) {
        const w = weights === undefined ? 1 : weights[i];
        mass += w;
        weightedSum += w * yTrue[i];
        if (w !== 0) {
            if (!seen) {
                first = yTrue[i];
                seen = true;
            }
            else if (yTrue[i] !== first)
                constant = false;
        }
    }
    if (mass === 0)
        return NaN;
    const mean = weightedSum / mass;
    let numerator = 0;
    let denominator = 0;
    for (let i = 0; i < n; i++) {
        const w = weights === undefined ? 1 : weights[i];
        const residual = yTrue[i] - yPred[i];
        numerator += w * residual * residual;
        if (!constant) {
            const deviation = yTrue[i] - mean;
            denominator += w * deviation * deviation;
        }
    }
    // sklearn _assemble_r2_explained_variance with force_finite=True.
    if (numerator === 0)
        return 1;
    if (denominator === 0)
        return 0;
    return 1 - numerator / denominator;
}
/** All regression metrics at once. */
function regressionMetrics(yTrue, yPred, weights) {
    const meanSquared = mse(yTrue, yPred, weights);
    return {
        mae: mae(yTrue, yPred, weights),
        mse: meanSquared,
        rmse: Math.sqrt(meanSquared),
        r2: r2(yTrue, yPred, weights),
        mape: mape(yTrue, yPred, weights),
    };
}

;// CONCATENATED MODULE: ./packages/eval/src/metrics/text.ts
/** SQuAD answer normalisation, exact match and token-level F1, matching the official Python evaluation scripts character for character. */
// Python's string.punctuation: ASCII only, so "—", "«" or "¿" survive (as in the official script).
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
// Python 3 re's \b for str patterns: a word character is a Unicode letter, number or "_" (JS \b is ASCII-only).
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;
// Python str.split() separators (str.isspace): unlike JS \s it includes U+001C..U+001F and U+0085, and
// excludes U+FEFF.
// eslint-disable-next-line no-control-regex -- U+001C..U+001F are whitespace to Python, on purpose.
const WHITESPACE = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;
function tokens(normalized) {
    return normalized.split(WHITESPACE).filter((token) => token.length > 0);
}
/**
 * SQuAD v1.1 official normalize_answer (unchanged in v2.0): lower-case, drop ASCII punctuation, replace the
 * articles a/an/the by a space, collapse whitespace.
 */
function normalizeAnswer(s) {
    // JS toLowerCase and Python str.lower both apply Unicode full case mapping (final sigma included).
    const lowered = s.toLowerCase();
    const withoutPunctuation = lowered.replace(PUNCTUATION, '');
    const withoutArticles = withoutPunctuation.replace(ARTICLES, ' ');
    return tokens(withoutArticles).join(' ');
}
/** 1 when the normalised answers are identical, else 0 (SQuAD exact_match_score). */
function exactMatch(prediction, reference) {
    return normalizeAnswer(prediction) === normalizeAnswer(reference) ? 1 : 0;
}
/**
 * Token-level F1 over normalised whitespace tokens with multiset overlap (SQuAD compute_f1). Empty handling
 * follows the SQuAD v2.0 script: both empty -> 1, one empty -> 0 (the v1.1 script returned 0 for both empty).
 */
function tokenF1(prediction, reference) {
    const predTokens = tokens(normalizeAnswer(prediction));
    const refTokens = tokens(normalizeAnswer(reference));
    if (predTokens.length === 0 || refTokens.length === 0) {
        return predTokens.length === refTokens.length ? 1 : 0;
    }
    // Counter(pred) & Counter(ref): per-token minimum of the two counts.
    const available = new Map();
    for (const token of refTokens)
        available.set(token, (available.get(token) ?? 0) + 1);
    let numSame = 0;
    for (const token of predTokens) {
        const left = available.get(token) ?? 0;
        if (left > 0) {
            numSame++;
            available.set(token, left - 1);
        }
    }
    if (numSame === 0)
        return 0;
    const precision = numSame / predTokens.length;
    const recall = numSame / refTokens.length;
    return (2 * precision * recall) / (precision + recall);
}

;// CONCATENATED MODULE: ./packages/eval/src/metrics/fairness.ts
/** Group fairness metrics for binary decisions (selection rate, TPR, FPR and their disparities), following fairlearn's definitions. */
/** The group index of a case without the fairness tag: it belongs to no group and counts in no rate. */
const UNTAGGED = -1;
/**
 * Per-group rates. yTrue / yPred are 0|1, group[i] indexes groupNames (or is UNTAGGED); weights are optional
 * sample weights.
 */
function groupRates(yTrue, yPred, group, groupNames, weights) {
    const n = yTrue.length;
    if (yPred.length !== n || group.length !== n) {
        throw new RangeError(`yTrue, yPred and group must have the same length (${n}, ${yPred.length}, ${group.length})`);
    }
    if (weights !== undefined && weights.length !== n) {
        throw new RangeError(`weights has ${weights.length} entries, expected ${n}`);
    }
    const g = groupNames.length;
    // Per group: case count and the weighted masses the rates are ratios of.
    const count = new Float64Array(g);
    const mass = new Float64Array(g);
    const selected = new Float64Array(g);
    const positives = new Float64Array(g);
    const truePositives = new Float64Array(g);
    const negatives = new Float64Array(g);
    const falsePositives = new Float64Array(g);
    for (let i = 0; i < n; i++) {
        const gi = group[i];
        if (gi === UNTAGGED)
            continue;
        if (gi >>> 0 >= g)
            throw new RangeError(`group index out of range [0, ${g}) at case ${i}`);
        const t = yTrue[i];
        const p = yPred[i];
        if (t > 1 || p > 1)
            throw new RangeError(`binary labels must be 0 or 1 at case ${i}`);
        const w = weights === undefined ? 1 : weights[i];
        count[gi]++;
        mass[gi] += w;
        if (p === 1)
            selected[gi] += w;
        if (t === 1) {
            positives[gi] += w;
            if (p === 1)
                truePositives[gi] += w;
        }
        else {
            negatives[gi] += w;
            if (p === 1)
                falsePositives[gi] += w;
        }
    }
    const out = [];
    for (let j = 0; j < g; j++) {
        const present = mass[j] !== 0;
        out.push({
            name: groupNames[j],
            count: count[j],
            selectionRate: present ? selected[j] / mass[j] : NaN,
            tpr: !present ? NaN : positives[j] > 0 ? truePositives[j] / positives[j] : 0,
            fpr: !present ? NaN : negatives[j] > 0 ? falsePositives[j] / negatives[j] : 0,
        });
    }
    return out;
}
/** max - min of one rate over the groups that have cases (fairlearn MetricFrame.difference, between_groups). */
function spread(groups, rate) {
    let min = Infinity;
    let max = -Infinity;
    for (const g of groups) {
        const v = rate(g);
        if (Number.isNaN(v))
            continue;
        if (v < min)
            min = v;
        if (v > max)
            max = v;
    }
    return min === Infinity ? { min: NaN, max: NaN } : { min, max };
}
/** fairlearn demographic_parity_difference: max - min selection rate across groups. */
function demographicParityDifference(groups) {
    const { min, max } = spread(groups, (g) => g.selectionRate);
    return max - min;
}
/** fairlearn equalized_odds_difference: the larger of the TPR difference and the FPR difference across groups. */
function equalizedOddsDifference(groups) {
    const tpr = spread(groups, (g) => g.tpr);
    const fpr = spread(groups, (g) => g.fpr);
    return Math.max(tpr.max - tpr.min, fpr.max - fpr.min);
}
/** Disparate impact: min / max selection rate across groups (fairlearn demographic_parity_ratio); NaN when max is 0. */
function disparateImpactRatio(groups) {
    const { min, max } = spread(groups, (g) => g.selectionRate);
    return max === 0 ? NaN : min / max;
}
/** Per-group rates plus the three disparity summaries. */
function fairnessReport(yTrue, yPred, group, groupNames, weights) {
    const groups = groupRates(yTrue, yPred, group, groupNames, weights);
    return {
        groups,
        demographicParityDifference: demographicParityDifference(groups),
        equalizedOddsDifference: equalizedOddsDifference(groups),
        disparateImpactRatio: disparateImpactRatio(groups),
    };
}

;// CONCATENATED MODULE: ./packages/eval/src/metrics/index.ts
/** Public entry point of the metrics library: re-exports every metric module. */







;// CONCATENATED MODULE: ./packages/eval/src/statistics/analytic.ts


const { sqrt: analytic_sqrt, max: analytic_max, min: analytic_min, floor: analytic_floor, ceil: analytic_ceil, abs: analytic_abs } = Math;
/** z of a two-sided `level` interval. */
function zOf(level) {
    return normalQuantile((1 + level) / 2);
}
/** estimate ± z·se, clipped to [low, high]. NaN estimate or standard error → NaN bounds. */
function normalInterval(estimate, standardError, level, method = 'normal', low = -Infinity, high = Infinity) {
    const z = zOf(level);
    if (!(standardError >= 0) || Number.isNaN(estimate))
        return { lower: NaN, upper: NaN, method };
    return {
        lower: analytic_max(low, estimate - z * standardError),
        upper: analytic_min(high, estimate + z * standardError),
        method,
    };
}
/**
 * A normal interval for a quantity in (0, 1) built on the logit scale and mapped back (se of logit(p) by the delta
 * method, se/(p·(1 − p))): it stays inside (0, 1) and is better calibrated near the ends. p of 0 or 1 → [p, p].
 */
function logitInterval(estimate, standardError, level, method) {
    if (Number.isNaN(estimate) || !(standardError >= 0))
        return { lower: NaN, upper: NaN, method };
    if (estimate <= 0 || estimate >= 1 || standardError === 0)
        return { lower: estimate, upper: estimate, method };
    const z = zOf(level);
    const centre = Math.log(estimate / (1 - estimate));
    const spread = (z * standardError) / (estimate * (1 - estimate));
    return {
        lower: 1 / (1 + Math.exp(-(centre - spread))),
        upper: 1 / (1 + Math.exp(-(centre + spread))),
        method,
    };
}
/** Wilson's score interval of a proportion (successes of n). */
function wilsonInterval(successes, n, level) {
    if (!(n > 0))
        return { lower: NaN, upper: NaN, method: 'wilson' };
    const z = zOf(level);
    const p = successes / n;
    const z2 = z * z;
    const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    const half = (z / (1 + z2 / n)) * analytic_sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
    return { lower: analytic_max(0, centre - half), upper: analytic_min(1, centre + half), method: 'wilson' };
}
/**
 * The interval of a mean of per-case values under case resampling: Wilson's when every value is 0 or 1, else
 * mean ± z·s/√n (s with the n − 1 denominator). The sample mean's sampling distribution is normal to O(n^-1/2).
 */
function meanInterval(values, level) {
    const n = values.length;
    let sum = 0;
    let binary = true;
    for (let i = 0; i < n; i++) {
        const v = values[i];
        sum += v;
        if (v !== 0 && v !== 1)
            binary = false;
    }
    if (n < 2)
        return { lower: NaN, upper: NaN, method: 'normal' };
    if (binary)
        return wilsonInterval(sum, n, level);
    const { mean, standardError } = meanStandardError(values);
    return normalInterval(mean, standardError, level);
}
/** The mean of values and its standard error s/√n (s with the n − 1 denominator). */
function meanStandardError(values) {
    const n = values.length;
    let sum = 0;
    for (let i = 0; i < n; i++)
        sum += values[i];
    const mean = sum / n;
    let ss = 0;
    for (let i = 0; i < n; i++)
        ss += (values[i] - mean) * (values[i] - mean);
    return { mean, standardError: n > 1 ? analytic_sqrt(ss / (n - 1) / n) : NaN };
}
/** The interval of a total Σx under case resampling (n fixed): Σx ± z·√n·s. */
function sumInterval(values, level) {
    const n = values.length;
    let sum = 0;
    for (let i = 0; i < n; i++)
        sum += values[i];
    if (n < 2)
        return { lower: NaN, upper: NaN, method: 'normal' };
    const mean = sum / n;
    let ss = 0;
    for (let i = 0; i < n; i++)
        ss += (values[i] - mean) * (values[i] - mean);
    return normalInterval(sum, analytic_sqrt((ss / (n - 1)) * n), level);
}
/**
 * The distribution-free interval of the q-quantile (e.g. Conover 1999, §3.2): the order statistics at ranks
 * n·q ∓ z·√(n·q·(1 − q)) (normal approximation of the binomial count of values below the quantile).
 */
function quantileInterval(sorted, q, level) {
    const n = sorted.length;
    if (n < 2)
        return { lower: NaN, upper: NaN, method: 'order-statistic' };
    const z = zOf(level);
    const spread = z * analytic_sqrt(n * q * (1 - q));
    const lowRank = analytic_max(1, analytic_floor(n * q - spread)); // 1-based ranks
    const highRank = analytic_min(n, analytic_ceil(n * q + spread) + 1);
    return { lower: sorted[lowRank - 1], upper: sorted[highRank - 1], method: 'order-statistic' };
}
/**
 * DeLong, DeLong & Clarke-Pearson (1988): AUC = mean over positives of the structural component
 * V10(x) = P(negative score < x) + ½·P(= x), and Var(AUC) = S10/m + S01/n with S10, S01 the sample variances
 * (m − 1, n − 1 denominators) of V10 over the m positives and V01(y) = P(positive score > y) + ½·P(= y) over the n
 * negatives. From a ranking sorted once, the components are constant within a tie group, so this is O(n) — the
 * midrank form of Sun & Xu (2014). `weights` are case multiplicities (e.g. cell counts).
 */
function delongSorted(prepared, weights) {
    const { auc, variance, positives, negatives } = delongComponents(prepared, weights);
    return { auc, variance, positives, negatives };
}
function delongComponents(prepared, weights) {
    const none = new Float64Array(0);
    const fail = { auc: NaN, variance: NaN, positives: NaN, negatives: NaN, v10: none, v01: none };
    if (!prepared.valid)
        return fail;
    const { gp, gn, positives: m, negatives: n } = tieGroupCounts(prepared, weights);
    const groups = gp.length;
    if (!(m > 0 && n > 0))
        return { ...fail, positives: m, negatives: n };
    // Descending scores: negatives below group g = n − (negatives above) − gn[g].
    let negAbove = 0;
    let posAbove = 0;
    let area = 0;
    const v10 = new Float64Array(groups);
    const v01 = new Float64Array(groups);
    for (let g = 0; g < groups; g++) {
        v10[g] = (n - negAbove - gn[g] / 2) / n;
        v01[g] = (posAbove + gp[g] / 2) / m;
        area += gp[g] * v10[g];
        negAbove += gn[g];
        posAbove += gp[g];
    }
    const auc = area / m;
    let s10 = 0;
    let s01 = 0;
    for (let g = 0; g < groups; g++) {
        s10 += gp[g] * (v10[g] - auc) * (v10[g] - auc);
        s01 += gn[g] * (v01[g] - auc) * (v01[g] - auc);
    }
    const variance = (m > 1 ? s10 / (m - 1) / m : 0) + (n > 1 ? s01 / (n - 1) / n : 0);
    return { auc, variance, positives: m, negatives: n, v10, v01 };
}
/** Weighted positives and negatives in each tie group of a ranking (descending scores), and their totals. */
function tieGroupCounts(prepared, weights) {
    const { order, positive, groupEnds } = prepared;
    const groups = groupEnds.length;
    const gp = new Float64Array(groups);
    const gn = new Float64Array(groups);
    let positives = 0;
    let negatives = 0;
    let start = 0;
    for (let g = 0; g < groups; g++) {
        const end = groupEnds[g];
        let p = 0;
        let q = 0;
        for (let i = start; i < end; i++) {
            const w = weights === undefined ? 1 : weights[order[i]];
            if (positive[i] === 1)
                p += w;
            else
                q += w;
        }
        gp[g] = p;
        gn[g] = q;
        positives += p;
        negatives += q;
        start = end;
    }
    return { gp, gn, positives, negatives };
}
/**
 * Average precision (sklearn's step-wise AP = S/P, S = Σ_g p_g·TP_g/C_g over tie groups g in descending score
 * order, p_g the group's positives, TP_g and C_g the positives and cases at or above it, P all positives) with its
 * variance by the influence function — the infinitesimal jackknife Σ_i (∂AP/∂w_i)² at unit case weights (Efron
 * 1982, §6; the delta method for a ratio of sums). A positive case of group g moves AP by (TP_g/C_g + A_g − AP)/P
 * and a negative one by −B_g/P, with the suffix sums A_g = Σ_{h≥g} p_h·FP_h/C_h² and B_g = Σ_{h≥g} p_h·TP_h/C_h²,
 * so it is O(n) from a ranking sorted once. AP has no other standard analytic interval; this one's coverage is
 * measured in bench/README.md ("average precision").
 */
function averagePrecisionVariance(prepared) {
    if (!prepared.valid)
        return { ap: NaN, variance: NaN };
    const { gp, gn, positives, negatives } = tieGroupCounts(prepared);
    const groups = gp.length;
    // No positives: AP is 0 in every resample too (sklearn 1.2.1's convention).
    if (!(positives > 0))
        return { ap: 0, variance: 0 };
    let sum = 0;
    for (let g = 0, tp = 0, cases = 0; g < groups; g++) {
        tp += gp[g];
        cases += gp[g] + gn[g];
        sum += gp[g] * (tp / cases);
    }
    const ap = sum / positives;
    // Backwards, the positives and cases at or above group g are the totals less the groups below it (whole counts:
    // exact), so no per-group arrays are kept.
    let tp = positives;
    let c = positives + negatives;
    let a = 0;
    let b = 0;
    let squares = 0;
    for (let g = groups - 1; g >= 0; g--) {
        const step = gp[g] / (c * c);
        a += step * (c - tp);
        b += step * tp;
        const positiveMove = (tp / c + a - ap) / positives;
        const negativeMove = -b / positives;
        squares += gp[g] * positiveMove * positiveMove + gn[g] * negativeMove * negativeMove;
        tp -= gp[g];
        c -= gp[g] + gn[g];
    }
    return { ap, variance: squares };
}
/**
 * The one-vs-rest macro AUC (mean of K per-class AUCs over the same cases) with its variance: the per-class
 * structural components, centred and scaled into each case's influence on its class's AUC, are averaged per case
 * over the classes, so Var = (1/K²)·[Σ_c DeLong Var_c + Σ_{c≠d} Σ_i φ_c(i)·φ_d(i)] with φ_c(i) = (V10 − A_c)/m_c
 * for a case of class c and (V01 − A_c)/n_c otherwise. O(K·n) given the K rankings.
 */
function delongOvrMacroSorted(rankings) {
    const k = rankings.length;
    if (k === 0)
        return { auc: NaN, variance: NaN };
    const total = new Float64Array(rankings[0].n);
    let aucSum = 0;
    let diagonal = 0;
    let ownSquares = 0;
    for (const ranking of rankings) {
        const { order, positive, groupEnds } = ranking;
        const result = delongComponents(ranking);
        if (Number.isNaN(result.auc))
            return { auc: NaN, variance: NaN };
        const { auc, positives: m, negatives: n, v10, v01 } = result;
        // Each case's influence on its class's AUC, constant within a tie group.
        let squares = 0;
        for (let g = 0, start = 0; g < groupEnds.length; start = groupEnds[g++]) {
            const phiPositive = (v10[g] - auc) / m;
            const phiNegative = (v01[g] - auc) / n;
            for (let i = start; i < groupEnds[g]; i++) {
                const phi = positive[i] === 1 ? phiPositive : phiNegative;
                total[order[i]] += phi;
                squares += phi * phi;
            }
        }
        aucSum += auc;
        diagonal += result.variance;
        ownSquares += squares;
    }
    let all = 0;
    for (let i = 0; i < total.length; i++)
        all += total[i] * total[i];
    return { auc: aucSum / k, variance: analytic_max(0, (diagonal + all - ownSquares) / (k * k)) };
}
/** Bins with fewer cases than this are resampled case by case; larger ones by the normal law of their sum. */
const EXACT_BIN = 1000;
/**
 * The bootstrap of a statistic of per-bin sums (ECE): how many of the n resampled cases fall in each bin is drawn
 * exactly (multinomial); the sum of a bin's drawn values is drawn exactly for a bin of fewer than 1,000 cases and,
 * for a larger one, from the normal law of a sum of that many draws (mean and variance of the bin's values), whose
 * error is O(1/√count). O(bins + cases of small bins) per resample instead of O(n).
 */
function binnedBootstrap(options) {
    const { bin, value, bins, resamples, statistic } = options;
    const n = bin.length;
    const counts = new Float64Array(bins);
    const sums = new Float64Array(bins);
    const squares = new Float64Array(bins);
    for (let i = 0; i < n; i++) {
        const b = bin[i];
        counts[b]++;
        sums[b] += value[i];
        squares[b] += value[i] * value[i];
    }
    const mean = Float64Array.from(counts, (c, b) => (c > 0 ? sums[b] / c : 0));
    const sd = Float64Array.from(counts, (c, b) => c > 0 ? analytic_sqrt(analytic_max(0, squares[b] / c - mean[b] * mean[b])) : 0);
    const small = Array.from({ length: bins }, (_, b) => counts[b] > 0 && counts[b] < EXACT_BIN ? new Float64Array(counts[b]) : undefined);
    const fill = new Uint32Array(bins);
    for (let i = 0; i < n; i++) {
        const values = small[bin[i]];
        if (values)
            values[fill[bin[i]]++] = value[i];
    }
    const rng = new Rng(options.seed);
    const drawn = new Float64Array(bins);
    const resampled = new Float64Array(bins);
    const out = new Float64Array(resamples);
    for (let r = 0; r < resamples; r++) {
        rng.multinomialInto(n, counts, drawn);
        for (let b = 0; b < bins; b++) {
            const c = drawn[b];
            const values = small[b];
            if (c === 0)
                resampled[b] = 0;
            else if (values) {
                let s = 0;
                for (let j = 0; j < c; j++)
                    s += values[rng.nextInt(values.length)];
                resampled[b] = s;
            }
            else
                resampled[b] = c * mean[b] + analytic_sqrt(c) * sd[b] * rng.normal();
        }
        out[r] = statistic(resampled, n);
    }
    return out;
}
/** |x| summed: the ECE numerator from per-bin gap sums. */
function sumAbs(values) {
    let s = 0;
    for (let i = 0; i < values.length; i++)
        s += analytic_abs(values[i]);
    return s;
}

;// CONCATENATED MODULE: ./packages/eval/src/suite.ts




/** Equal-width confidence bins of the expected calibration error. */
const ECE_BINS = 10;
/** ECE's interval by a binned bootstrap of the per-bin gap sums (statistics/analytic.ts). */
function eceInterval(calibration, level, resamples, seed) {
    if (calibration.undefinedValue)
        return { lower: NaN, upper: NaN, method: 'binned-bootstrap' };
    const { correct, confidence } = calibration;
    const gap = new Float64Array(correct.length);
    for (let i = 0; i < gap.length; i++)
        gap[i] = correct[i] - confidence[i];
    const samples = binnedBootstrap({
        bin: calibration.bin,
        value: gap,
        bins: calibration.bins,
        resamples,
        seed,
        statistic: (sums, n) => sumAbs(sums) / n,
    });
    const { lower, upper } = bootstrap_bootstrapInterval(samples, level);
    return { lower, upper, method: 'binned-bootstrap' };
}
/** Fewer distinct cells than this share of the cases and a cell bootstrap pays off. */
const CELL_SHARE = 0.25;
function gather(weights, rows, buffer) {
    if (!weights)
        return undefined;
    const array = (buffer.array ??= new Uint32Array(rows.length));
    for (let i = 0; i < rows.length; i++)
        array[i] = weights[rows[i]];
    return array;
}
function weightedSum(values, weights) {
    let sum = 0;
    for (let i = 0; i < values.length; i++)
        sum += (weights ? weights[i] : 1) * values[i];
    return sum;
}
/** NumPy's default (linear) percentile of values given in ascending order, each repeated `weights[i]` times. */
function weightedQuantileSorted(sorted, weights, q) {
    let total = 0;
    for (let i = 0; i < sorted.length; i++)
        total += weights ? weights[i] : 1;
    if (total === 0)
        return NaN;
    const position = (total - 1) * q;
    const lowRank = Math.floor(position);
    let lower = NaN;
    let upper = NaN;
    let seen = 0;
    for (let i = 0; i < sorted.length; i++) {
        const count = weights ? weights[i] : 1;
        if (count === 0)
            continue;
        if (Number.isNaN(lower) && lowRank < seen + count)
            lower = sorted[i];
        if (lowRank + 1 < seen + count) {
            upper = sorted[i];
            break;
        }
        seen += count;
    }
    if (Number.isNaN(upper))
        upper = lower;
    return lower + (position - lowRank) * (upper - lower);
}
/**
 * out[i] = map(source[i]). A typed array's `from` with a mapping function first collects the source into a list of
 * boxed numbers: 7× slower than this loop and a second of a million-case run.
 */
function mapped(out, source, map) {
    for (let i = 0; i < source.length; i++)
        out[i] = map(source[i]);
    return out;
}
function indexRows(cases, keep) {
    const rows = new Int32Array(cases.length);
    let count = 0;
    for (let i = 0; i < cases.length; i++)
        if (keep(cases[i]))
            rows[count++] = i;
    return count === rows.length ? rows : rows.slice(0, count);
}
/**
 * The operational fields of every case in one pass (a case's fields may be getters over the reader's columns:
 * six passes over a million cases were a second): 0/1 error and flaky indicators, the cases with a latency and
 * their latencies negated (for a descending sort), token and cost columns. Each array is made only when some
 * case has a non-default value, as undefined otherwise.
 */
function operationsOf(cases) {
    const n = cases.length;
    let errors;
    let flaky;
    let tokensInput;
    let tokensOutput;
    let cost;
    const latencyRows = new Int32Array(n);
    const negatedLatency = new Float64Array(n);
    let timed = 0;
    for (let i = 0; i < n; i++) {
        const item = cases[i];
        if (item.error !== undefined)
            (errors ??= new Float64Array(n))[i] = 1;
        if (item.flaky)
            (flaky ??= new Float64Array(n))[i] = 1;
        const latency = item.latencyMs;
        if (latency !== undefined) {
            latencyRows[timed] = i;
            negatedLatency[timed++] = -latency;
        }
        const input = item.tokensInput;
        const output = item.tokensOutput;
        if (tokensInput || input > 0 || output > 0) {
            (tokensInput ??= new Float64Array(n))[i] = input;
            (tokensOutput ??= new Float64Array(n))[i] = output;
        }
        // Cases before the first with a cost have none: their costUsd is 0.
        if (cost || item.hasCost)
            (cost ??= new Float64Array(n))[i] = item.costUsd;
    }
    return {
        errors,
        flaky,
        latencyRows: latencyRows.subarray(0, timed),
        negatedLatency: negatedLatency.subarray(0, timed),
        tokensInput,
        tokensOutput,
        cost,
    };
}
/**
 * Binary probability metrics depend on a case only through its true label and probability row: cases with equal
 * ones are one cell. Returns the cells' counts and arrays, or undefined when they are too many to pay off.
 */
function binaryCells(yTrue, columns, positive, fromArrays) {
    const k = columns.length;
    const index = new Map();
    const cellLabel = [];
    const cellRows = [];
    const counts = [];
    for (let i = 0; i < yTrue.length; i++) {
        let level = index;
        for (let j = -1; j < k - 1; j++) {
            const key = j < 0 ? yTrue[i] : columns[j][i];
            let next = level.get(key);
            if (next === undefined)
                level.set(key, (next = new Map()));
            level = next;
        }
        const last = columns[k - 1][i];
        let cell = level.get(last);
        if (cell === undefined) {
            cell = cellLabel.length;
            if (cell > yTrue.length * CELL_SHARE)
                return undefined;
            level.set(last, cell);
            cellLabel.push(yTrue[i]);
            cellRows.push(i);
            counts.push(0);
        }
        counts[cell]++;
    }
    const labels = Int32Array.from(cellLabel);
    const cellColumns = columns.map((column) => {
        const values = new Float64Array(cellRows.length);
        for (let cell = 0; cell < cellRows.length; cell++)
            values[cell] = column[cellRows[cell]];
        return values;
    });
    const scores = cellColumns[positive];
    const binary = Uint8Array.from(cellLabel, (label) => (label === positive ? 1 : 0));
    const compute = fromArrays({
        ranking: prepareRanking(binary, scores),
        losses: logLossTermsColumns(labels, cellColumns),
        brier: brierTerms(binary, scores),
        calibration: prepareCalibrationColumns(labels, cellColumns, ECE_BINS),
    });
    return { counts: Float64Array.from(counts), compute: (cellCounts, out) => compute(cellCounts, out) };
}
/**
 * Regression metrics' intervals from per-case terms: MAE, MSE, MAPE are means; RMSE = √MSE by the delta method
 * (se/(2·RMSE)); R² = 1 − mean(e²)/mean((y − ȳ)²) by its influence function.
 */
function regressionIntervals(yTrue, yPred, level) {
    const n = yTrue.length;
    const absolute = new Float64Array(n);
    const squared = new Float64Array(n);
    const percentage = new Float64Array(n);
    let yMean = 0;
    for (let i = 0; i < n; i++)
        yMean += yTrue[i] / n;
    let sse = 0;
    let sst = 0;
    for (let i = 0; i < n; i++) {
        const e = yPred[i] - yTrue[i];
        absolute[i] = Math.abs(e);
        squared[i] = e * e;
        percentage[i] = Math.abs(e) / Math.max(Math.abs(yTrue[i]), Number.EPSILON);
        sse += (e * e) / n;
        sst += ((yTrue[i] - yMean) * (yTrue[i] - yMean)) / n;
    }
    const influence = new Float64Array(n);
    for (let i = 0; i < n; i++) {
        const d = (yTrue[i] - yMean) * (yTrue[i] - yMean);
        influence[i] = -(squared[i] - sse) / sst + (sse * (d - sst)) / (sst * sst);
    }
    const mseSe = meanStandardError(squared).standardError;
    const rmse = Math.sqrt(sse);
    return {
        mae: meanInterval(absolute, level),
        mse: meanInterval(squared, level),
        rmse: normalInterval(rmse, mseSe / (2 * rmse), level, 'normal', 0),
        r2: normalInterval(1 - sse / sst, meanStandardError(influence).standardError, level),
        mape: meanInterval(percentage, level),
    };
}
/** The confusion-matrix metrics of a classification task: headline names, then per-class ones. */
function classificationNames(labels, positive) {
    const headline = [
        'accuracy',
        'balanced_accuracy',
        ...(positive >= 0 ? ['precision', 'recall', 'f1'] : []),
        'precision_macro',
        'recall_macro',
        'f1_macro',
        'precision_micro',
        'recall_micro',
        'f1_micro',
        'precision_weighted',
        'recall_weighted',
        'f1_weighted',
        'mcc',
        'cohen_kappa',
    ];
    const perClassNames = labels.flatMap((label) => [
        `precision[${label}]`,
        `recall[${label}]`,
        `f1[${label}]`,
    ]);
    return { headline, perClassNames };
}
/** Every confusion-matrix metric from the k×k cell counts (weighted or resampled). */
function classificationFromCells(labels, positive) {
    const k = labels.length;
    return (cells, out) => {
        const m = classificationFromConfusion(cells, k);
        out.accuracy = m.accuracy;
        out.balanced_accuracy = m.balancedAccuracy;
        if (positive >= 0) {
            const b = binaryFromConfusion(cells, positive, k);
            out.precision = b.precision;
            out.recall = b.recall;
            out.f1 = b.f1;
        }
        out.precision_macro = m.precisionMacro;
        out.recall_macro = m.recallMacro;
        out.f1_macro = m.f1Macro;
        out.precision_micro = m.precisionMicro;
        out.recall_micro = m.recallMicro;
        out.f1_micro = m.f1Micro;
        out.precision_weighted = m.precisionWeighted;
        out.recall_weighted = m.recallWeighted;
        out.f1_weighted = m.f1Weighted;
        out.mcc = m.mcc;
        out.cohen_kappa = m.cohenKappa;
        for (let i = 0; i < k; i++) {
            out[`precision[${labels[i]}]`] = m.precision[i];
            out[`recall[${labels[i]}]`] = m.recall[i];
            out[`f1[${labels[i]}]`] = m.f1[i];
        }
    };
}
/**
 * Each class's probabilities as a column (see ProbabilityColumns), read in one pass over the cases in `rows`; a
 * bare number is the positive class's probability (binary), the rest going to the other class. Undefined when a
 * case has no probability.
 */
function probabilityColumnsOf(cases, rows, labels, positive) {
    const k = labels.length;
    // One buffer for all k columns: a single allocation this large is mapped and unmapped whole by the allocator,
    // where k separate ones would leave holes in the process heap after they are freed.
    const buffer = new Float64Array(k * rows.length);
    const columns = labels.map((_, j) => buffer.subarray(j * rows.length, (j + 1) * rows.length));
    const absent = absentProbabilities(labels);
    for (let i = 0; i < rows.length; i++) {
        const item = cases[rows[i]];
        if (item.probabilitiesInto?.(labels, columns, i, absent))
            continue;
        const value = item.probability;
        if (value === undefined)
            return undefined;
        if (typeof value === 'number') {
            for (let j = 0; j < k; j++)
                columns[j][i] = j === positive ? value : k === 2 ? 1 - value : 0;
        }
        else {
            // Own members only: a class named like an Object.prototype member ("constructor") that a row lacks is 0.
            for (let j = 0; j < k; j++)
                columns[j][i] = (Object.hasOwn(value, labels[j]) ? value[labels[j]] : 0) ?? 0;
        }
    }
    return columns;
}
function ovrArraysOf(columns, yTrue) {
    if (!columns)
        return undefined;
    const losses = logLossTermsColumns(yTrue, columns);
    const calibration = prepareCalibrationColumns(yTrue, columns, ECE_BINS);
    return { losses, calibration, rankings: prepareOvrColumns(yTrue, columns) };
}
/**
 * OvrArrays read from cases that hand their per-class probabilities over (EvalCase.probabilitiesInto), without
 * the k columns at once (40 MB at 1M cases and 5 classes): the per-case terms in one pass over each case's k
 * values, then each class's ranking from one reused column. Undefined when a case does not hand them over, or a
 * value is refused: probabilityColumnsOf then reads every column, and reports it as before.
 */
function streamedOvrArrays(cases, rows, labels, yTrue) {
    const n = rows.length;
    const absent = absentProbabilities(labels);
    const one = labels.map(() => new Float64Array(1));
    const losses = new Float64Array(n);
    const calibration = emptyCalibration(n, ECE_BINS);
    try {
        for (let i = 0; i < n; i++) {
            if (!cases[rows[i]].probabilitiesInto?.(labels, one, 0, absent))
                return undefined;
            losses[i] = logLossTermAt(one, 0, yTrue[i]);
            calibrateCase(calibration, i, yTrue[i], one, 0);
        }
    }
    catch {
        return undefined;
    }
    const column = new Float64Array(n);
    const rankings = prepareOvrEach(yTrue, labels.length, (c) => {
        const label = [labels[c]];
        const out = [column];
        const missing = [absent[c]];
        for (let i = 0; i < n; i++)
            cases[rows[i]].probabilitiesInto(label, out, i, missing);
        return column;
    });
    return { losses, calibration, rankings };
}
/** What a row's per-class object gives for a class it lacks: 0, whatever the class is named. */
function absentProbabilities(labels) {
    return new Float64Array(labels.length);
}
/**
 * The fairness metrics' cells: one per (group, actual, predicted), untagged cases (UNTAGGED = −1) included (they
 * count in no rate, as in the case resampling), each with its group and outcomes and the count of cases in it.
 */
function fairnessCells(actual, predicted, group, groups) {
    const size = (groups + 1) * 4;
    const counts = new Float64Array(size);
    for (let i = 0; i < group.length; i++)
        counts[(group[i] + 1) * 4 + actual[i] * 2 + predicted[i]]++;
    const cell = Int32Array.from({ length: size }, (_, c) => c);
    return {
        counts,
        group: cell.map((c) => (c >> 2) - 1),
        actual: Uint8Array.from(cell, (c) => (c >> 1) & 1),
        predicted: Uint8Array.from(cell, (c) => c & 1),
    };
}
class MetricSuite {
    cases;
    spec;
    size;
    /** Metrics shown in the report's metrics table. */
    headline = [];
    /** Everything a gate may name: the headline plus per-class metrics like recall[spam]. */
    names = [];
    families = [];
    classification;
    outcomes = new Map();
    constructor(cases, spec) {
        this.cases = cases;
        this.spec = spec;
        this.size = cases.length;
        const classification = spec.task === 'binary' || spec.task === 'multiclass';
        if (classification)
            this.classification = this.addClassification();
        if (classification)
            this.addProbabilistic();
        if (spec.task === 'regression')
            this.addRegression();
        this.addScores();
        this.addPass();
        if (spec.task === 'scores')
            this.addText();
        this.addOperations();
    }
    /** Computes the named metrics (all when `metrics` is omitted), weighting case i by weights[i]. */
    compute(metrics, weights) {
        // Without a prototype, a score dimension named "__proto__" is a metric like any other, not a prototype change.
        const out = Object.create(null);
        const wanted = metrics ? new Set(metrics) : undefined;
        for (const family of this.families) {
            if (!wanted || family.names.some((name) => wanted.has(name)))
                family.compute(weights, out);
        }
        return out;
    }
    /** Per-case 0/1 outcomes of an accuracy-like metric over all cases (errors count as wrong), for McNemar. */
    binaryOutcomes(metric) {
        return this.outcomes.get(metric);
    }
    /**
     * Intervals of the metrics that have an analytic (non-resampling) method, over all cases: for large N. `onlyAuc`:
     * only the family of roc_auc (its other members are cheap), for small N where only ROC AUC's is used.
     */
    analyticIntervals(level, resamples, seed, onlyAuc = false) {
        const out = Object.create(null);
        const headline = new Set(this.headline);
        for (const family of this.families) {
            if (!family.analytic || (onlyAuc && !family.names.includes('roc_auc')))
                continue;
            for (const [name, interval] of Object.entries(family.analytic(level, resamples, seed)))
                if (headline.has(name))
                    out[name] = interval;
        }
        return out;
    }
    /** The families whose bootstrap can draw cell counts instead of resampling cases, for the headline metrics `wanted`. */
    cellFamilies(wanted = () => true) {
        const headline = new Set(this.headline);
        return this.families.flatMap((family) => {
            const names = family.names.filter((name) => headline.has(name) && wanted(name));
            const cells = names.length > 0 ? family.cells?.() : undefined;
            return cells ? [{ names, ...cells }] : [];
        });
    }
    /** Per-class precision, recall, F1 and support. */
    perClass() {
        const c = this.classification;
        if (!c)
            return undefined;
        const k = this.spec.labels.length;
        const metrics = classificationFromConfusion(confusionMatrix(c.yTrue, c.yPred, k), k);
        return this.spec.labels.map((label, index) => ({
            label,
            precision: metrics.precision[index],
            recall: metrics.recall[index],
            f1: metrics.f1[index],
            support: metrics.support[index],
        }));
    }
    /** The confusion matrix as rows of counts (true label × predicted label). */
    confusionMatrix() {
        const c = this.classification;
        if (!c)
            return undefined;
        const k = this.spec.labels.length;
        const cells = confusionMatrix(c.yTrue, c.yPred, k);
        return {
            labels: this.spec.labels,
            matrix: Array.from({ length: k }, (_, row) => Array.from(cells.subarray(row * k, row * k + k))),
        };
    }
    add(family, headline = family.names) {
        this.families.push(family);
        this.names.push(...family.names);
        this.headline.push(...headline);
    }
    addClassification() {
        const { labels, positiveLabel } = this.spec;
        const k = labels.length;
        const index = new Map(labels.map((label, i) => [label, i]));
        const rows = indexRows(this.cases, (item) => item.predicted !== undefined && item.error === undefined);
        const yTrue = new Int32Array(rows.length);
        const yPred = new Int32Array(rows.length);
        for (let i = 0; i < rows.length; i++) {
            const item = this.cases[rows[i]];
            yTrue[i] = index.get(String(item.expected));
            yPred[i] = index.get(String(item.predicted));
        }
        const positive = positiveLabel === undefined ? -1 : (index.get(positiveLabel) ?? -1);
        const { headline, perClassNames } = classificationNames(labels, positive);
        const fromCells = classificationFromCells(labels, positive);
        const buffer = {};
        this.add({
            names: [...headline, ...perClassNames],
            compute: (weights, out) => {
                if (rows.length === 0) {
                    for (const name of [...headline, ...perClassNames])
                        out[name] = NaN;
                    return;
                }
                fromCells(confusionMatrix(yTrue, yPred, k, gather(weights, rows, buffer)), out);
            },
            cells: () => rows.length > 0 ? { counts: confusionMatrix(yTrue, yPred, k), compute: fromCells } : undefined,
        }, headline);
        const correct = new Uint8Array(this.size);
        for (let i = 0; i < rows.length; i++)
            correct[rows[i]] = yTrue[i] === yPred[i] ? 1 : 0;
        this.outcomes.set('accuracy', correct);
        if (this.spec.fairnessTag && positive >= 0)
            this.addFairness(rows, yTrue, yPred, positive);
        return { rows, yTrue, yPred, fromCells };
    }
    addFairness(rows, yTrue, yPred, positive) {
        const tag = this.spec.fairnessTag;
        const names = [];
        const groupIndex = new Map();
        const group = new Int32Array(rows.length);
        const actual = new Uint8Array(rows.length);
        const predicted = new Uint8Array(rows.length);
        rows.forEach((row, i) => {
            actual[i] = yTrue[i] === positive ? 1 : 0;
            predicted[i] = yPred[i] === positive ? 1 : 0;
            const value = this.cases[row].tags?.[tag];
            if (value !== undefined && !groupIndex.has(value)) {
                groupIndex.set(value, names.length);
                names.push(value);
            }
            group[i] = value === undefined ? UNTAGGED : groupIndex.get(value);
        });
        const metricNames = [
            'demographic_parity_difference',
            'equalized_odds_difference',
            'disparate_impact_ratio',
        ];
        const fromReport = (report, out) => {
            out.demographic_parity_difference = report.demographicParityDifference;
            out.equalized_odds_difference = report.equalizedOddsDifference;
            out.disparate_impact_ratio = report.disparateImpactRatio;
        };
        const buffer = {};
        this.add({
            names: metricNames,
            compute: (weights, out) => fromReport(fairnessReport(actual, predicted, group, names, gather(weights, rows, buffer)), out),
            // The rates depend on the cases only through the counts of (group, actual, predicted): a cell bootstrap.
            cells: () => {
                const cells = fairnessCells(actual, predicted, group, names.length);
                return {
                    counts: cells.counts,
                    compute: (counts, out) => fromReport(fairnessReport(cells.actual, cells.predicted, cells.group, names, counts), out),
                };
            },
        });
        this.fairnessRates = () => fairnessReport(actual, predicted, group, names).groups;
    }
    /** Unweighted per-group rates for the fairness table (binary tasks with a fairness tag). */
    fairnessRates;
    addProbabilistic() {
        const c = this.classification;
        const { labels, task, positiveLabel } = this.spec;
        const k = labels.length;
        const rows = c.rows;
        if (rows.length === 0)
            return;
        const buffer = {};
        const positive = positiveLabel === undefined ? -1 : labels.indexOf(positiveLabel);
        if (task !== 'binary' || positive < 0 || k !== 2) {
            const arrays = streamedOvrArrays(this.cases, rows, labels, c.yTrue) ??
                ovrArraysOf(probabilityColumnsOf(this.cases, rows, labels, positive), c.yTrue);
            if (arrays)
                this.addOvr(arrays, rows);
            return;
        }
        const columns = probabilityColumnsOf(this.cases, rows, labels, positive);
        if (!columns)
            return;
        const yBinary = new Uint8Array(rows.length);
        for (let i = 0; i < rows.length; i++)
            yBinary[i] = c.yTrue[i] === positive ? 1 : 0;
        const score = columns[positive];
        // Sorted, per-case and binned once: a bootstrap resample only re-weights them.
        const ranking = prepareRanking(yBinary, score);
        const losses = logLossTermsColumns(c.yTrue, columns);
        const brier = brierTerms(yBinary, score);
        const calibration = prepareCalibrationColumns(c.yTrue, columns, ECE_BINS);
        const fromArrays = (arrays) => (w, out) => {
            out.roc_auc = rocAucSorted(arrays.ranking, w);
            out.average_precision = averagePrecisionSorted(arrays.ranking, w);
            out.log_loss = weightedMean(arrays.losses, w);
            out.brier = weightedMean(arrays.brier, w);
            out.ece = calibrationErrorPrepared(arrays.calibration, w);
        };
        const perCase = fromArrays({ ranking, losses, brier, calibration });
        this.add({
            names: ['roc_auc', 'average_precision', 'log_loss', 'brier', 'ece'],
            compute: (weights, out) => perCase(gather(weights, rows, buffer), out),
            cells: () => binaryCells(c.yTrue, columns, positive, fromArrays),
            analytic: (level, resamples, seed) => {
                const delong = delongSorted(ranking);
                const precision = averagePrecisionVariance(ranking);
                return {
                    roc_auc: logitInterval(delong.auc, Math.sqrt(delong.variance), level, 'delong'),
                    average_precision: logitInterval(precision.ap, Math.sqrt(precision.variance), level, 'influence'),
                    log_loss: meanInterval(losses, level),
                    brier: meanInterval(brier, level),
                    ece: eceInterval(calibration, level, resamples, seed),
                };
            },
        });
    }
    /** ROC AUC (one-vs-rest macro), log loss and ECE of a multiclass task. */
    addOvr({ losses, calibration, rankings }, rows) {
        const buffer = {};
        this.add({
            names: ['roc_auc', 'log_loss', 'ece'],
            compute: (weights, out) => {
                const w = gather(weights, rows, buffer);
                out.roc_auc = rocAucOvrMacroSorted(rankings, w);
                out.log_loss = weightedMean(losses, w);
                out.ece = calibrationErrorPrepared(calibration, w);
            },
            analytic: (level, resamples, seed) => {
                const delong = delongOvrMacroSorted(rankings);
                return {
                    roc_auc: logitInterval(delong.auc, Math.sqrt(delong.variance), level, 'delong'),
                    log_loss: meanInterval(losses, level),
                    ece: eceInterval(calibration, level, resamples, seed),
                };
            },
        });
    }
    addRegression() {
        const rows = indexRows(this.cases, (item) => typeof item.predicted === 'number' && item.error === undefined);
        const yTrue = mapped(new Float64Array(rows.length), rows, (row) => this.cases[row].expected);
        const yPred = mapped(new Float64Array(rows.length), rows, (row) => this.cases[row].predicted);
        const buffer = {};
        this.add({
            names: ['mae', 'mse', 'rmse', 'r2', 'mape'],
            compute: (weights, out) => {
                const w = gather(weights, rows, buffer);
                out.mae = mae(yTrue, yPred, w);
                out.mse = mse(yTrue, yPred, w);
                out.rmse = rmse(yTrue, yPred, w);
                out.r2 = r2(yTrue, yPred, w);
                out.mape = mape(yTrue, yPred, w);
            },
            analytic: (level) => regressionIntervals(yTrue, yPred, level),
        });
    }
    addScores() {
        const dimensions = new Set();
        for (const item of this.cases)
            for (const name of Object.keys(item.scores ?? {}))
                dimensions.add(name);
        for (const dimension of [...dimensions].sort()) {
            const rows = indexRows(this.cases, (item) => item.scores?.[dimension] !== undefined);
            const values = mapped(new Float64Array(rows.length), rows, (row) => this.cases[row].scores[dimension]);
            const buffer = {};
            // A grader dimension called like a built-in metric (e.g. "accuracy") is reported as score_<name>.
            const name = this.names.includes(dimension) || isBuiltInMetric(dimension) ? `score_${dimension}` : dimension;
            this.add({
                names: [name],
                compute: (weights, out) => void (out[name] = weightedMean(values, gather(weights, rows, buffer))),
                analytic: (level) => ({ [name]: meanInterval(values, level) }),
            });
        }
    }
    addPass() {
        const rows = indexRows(this.cases, (item) => item.passRate !== undefined);
        if (rows.length === 0)
            return;
        const passRate = mapped(new Float64Array(rows.length), rows, (row) => this.cases[row].passRate);
        const allPassed = mapped(new Float64Array(rows.length), rows, (row) => this.cases[row].allPassed ? 1 : 0);
        const buffer = {};
        this.add({
            names: ['pass_rate', 'pass_all_k'],
            compute: (weights, out) => {
                const w = gather(weights, rows, buffer);
                out.pass_rate = weightedMean(passRate, w);
                out.pass_all_k = weightedMean(allPassed, w);
            },
            analytic: (level) => ({
                pass_rate: meanInterval(passRate, level),
                pass_all_k: meanInterval(allPassed, level),
            }),
        });
        if (rows.length === this.size && passRate.every((value) => value === 0 || value === 1)) {
            this.outcomes.set('pass_rate', Uint8Array.from(passRate));
        }
    }
    addText() {
        const textOf = (item) => (typeof item.predicted === 'string' ? item.predicted : item.output);
        const rows = indexRows(this.cases, (item) => typeof item.expected === 'string' && textOf(item) !== undefined);
        if (rows.length === 0)
            return;
        const exact = mapped(new Float64Array(rows.length), rows, (row) => exactMatch(textOf(this.cases[row]), this.cases[row].expected));
        const f1 = mapped(new Float64Array(rows.length), rows, (row) => tokenF1(textOf(this.cases[row]), this.cases[row].expected));
        const buffer = {};
        this.add({
            names: ['exact_match', 'token_f1'],
            compute: (weights, out) => {
                const w = gather(weights, rows, buffer);
                out.exact_match = weightedMean(exact, w);
                out.token_f1 = weightedMean(f1, w);
            },
            analytic: (level) => ({ exact_match: meanInterval(exact, level), token_f1: meanInterval(f1, level) }),
        });
        if (rows.length === this.size)
            this.outcomes.set('exact_match', Uint8Array.from(exact));
    }
    addOperations() {
        const { errors, flaky, latencyRows, negatedLatency, tokensInput, tokensOutput, cost } = operationsOf(this.cases);
        const zeros = () => new Float64Array(this.size);
        this.add({
            names: ['error_rate', 'flaky_rate'],
            compute: (weights, out) => {
                out.error_rate = errors ? weightedMean(errors, weights) : 0;
                out.flaky_rate = flaky ? weightedMean(flaky, weights) : 0;
            },
            analytic: (level) => ({
                error_rate: meanInterval(errors ?? zeros(), level),
                flaky_rate: meanInterval(flaky ?? zeros(), level),
            }),
        });
        if (latencyRows.length > 0) {
            // Sorted once; a resample only changes how often each latency counts. Descending order of the negated
            // latencies is ascending order of the latencies, equal ones in case order.
            const negated = negatedLatency;
            const order = descendingOrder(negated);
            const sortedRows = mapped(new Int32Array(order.length), order, (i) => latencyRows[i]);
            const latencies = mapped(new Float64Array(order.length), order, (i) => -negated[i]);
            const buffer = {};
            this.add({
                names: ['latency_p50_ms', 'latency_p95_ms', 'latency_p99_ms'],
                compute: (weights, out) => {
                    const w = gather(weights, sortedRows, buffer);
                    out.latency_p50_ms = weightedQuantileSorted(latencies, w, 0.5);
                    out.latency_p95_ms = weightedQuantileSorted(latencies, w, 0.95);
                    out.latency_p99_ms = weightedQuantileSorted(latencies, w, 0.99);
                },
                analytic: (level) => ({
                    latency_p50_ms: quantileInterval(latencies, 0.5, level),
                    latency_p95_ms: quantileInterval(latencies, 0.95, level),
                    latency_p99_ms: quantileInterval(latencies, 0.99, level),
                }),
            });
        }
        if (tokensInput && tokensOutput) {
            const [input, output] = [tokensInput, tokensOutput];
            this.add({
                names: ['tokens_input', 'tokens_output'],
                compute: (weights, out) => {
                    out.tokens_input = weightedSum(input, weights);
                    out.tokens_output = weightedSum(output, weights);
                },
                analytic: (level) => ({
                    tokens_input: sumInterval(input, level),
                    tokens_output: sumInterval(output, level),
                }),
            });
        }
        if (cost) {
            this.add({
                names: ['cost_usd'],
                compute: (weights, out) => void (out.cost_usd = weightedSum(cost, weights)),
                analytic: (level) => ({ cost_usd: sumInterval(cost, level) }),
            });
        }
    }
}

;// CONCATENATED MODULE: ./packages/eval/src/resample-threads.ts
/**
 * The bootstraps left after the analytic intervals (intervals.ts), drawn on two threads when that pays: the main
 * thread and one resample thread take chunks (RESAMPLE_CHUNK resamples, each from its own seeded stream) from one
 * shared counter and write their values into shared memory, so every interval is the same whichever thread drew
 * which chunk. The thread cannot share the suite's closures: it rebuilds the suite from the cases' plain values
 * (only the fields the suite reads), rebuilds the same bootstraps, and checks them by redrawing each bootstrap's
 * first resample, which the main thread drew first, bit for bit.
 *
 * Resample threads start from their own small bundle, dist/<name>/resample-thread/index.js
 * (src/resample-thread.ts), which a bundle's entry registers with `registerResampleWorker(import.meta.url)`.
 * Without it (the library used on its own, tests of the sources) everything runs on the main thread.
 *
 * When (MLGATE_RESAMPLE_THREAD unset or `auto`): the main thread first draws chunks 0 and 1 of every bootstrap,
 * timing chunk 1's CPU time (chunk 0 warms the code up); a thread starts when the rest would cost more than
 * THREAD_PAYS_MS plus THREAD_MS_PER_CASE per case (see `threadPays`) and a core is idle (`idleCore`: the load
 * average of the last minute below the cores less one half). `on` starts one whenever anything is left to resample and
 * waits for it to be ready before drawing on (tests, benchmarks); `off` never starts one. The threads change no
 * value of the report, only the time taken.
 */







/** Where the resample-thread bundle sits, relative to the bundle that starts it (see scripts/bundle.mjs). */
const RESAMPLE_THREAD_BUNDLE = 'resample-thread/index.js';
/** Marks a worker started as a resample thread (workerData key). */
const RESAMPLE_THREAD = 'mlgateResampleThread';
/**
 * A thread pays when the resampling left after the first chunks would cost the main thread alone more than this
 * plus THREAD_MS_PER_CASE per case, in CPU time. Measured in the bundle (bench/README.md, "The resample thread"):
 * the thread's bundle starts in ~40–70 ms, the cases are handed over and the suite rebuilt (cold code) in ~100 ms
 * at 5,000 cases and ~5 s at a million, and its first chunks run before its JIT has warmed up; about twice that is
 * asked for, so the thread's share of the work (half of what is left once it draws) outweighs the CPU it costs.
 */
const THREAD_PAYS_MS = 200;
const THREAD_MS_PER_CASE = 0.02;
/** How long the main thread waits for a chunk the thread is drawing before drawing it itself: × that chunk's time. */
const WAIT_FOR_CHUNK = 3;
/** Atomics.waitAsync (ES2024; Node ≥ 16), typed here because the project's lib is ES2022. */
const waitAsync = Atomics.waitAsync;
/** `on`: the longest the main thread waits for the thread to start before drawing alone. */
const READY_WAIT_MS = 5_000;
let entry;
function delay(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
/** Called by a bundle's entry with its own URL: resample threads start from the resample-thread bundle beside it. */
function registerResampleWorker(bundleUrl) {
    const url = new URL(RESAMPLE_THREAD_BUNDLE, bundleUrl);
    entry = url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}
function threadMode() {
    const text = (process.env.MLGATE_RESAMPLE_THREAD ?? '').trim().toLowerCase();
    return text === 'on' || text === 'off' ? text : 'auto';
}
/** The rule: start a thread when the main thread alone would need `remainingMs` more than its overhead. */
function threadPays(remainingMs, cases) {
    return remainingMs > THREAD_PAYS_MS + THREAD_MS_PER_CASE * cases;
}
/**
 * Whether a core is idle for the thread: the load average of the last minute (runnable threads of every process)
 * is below the cores less one half. A job's own earlier steps, and this run, keep it near 1 on a runner with one
 * core in use: at ≤ cores − 1 a quiet 2-core machine at load 1.07 kept one thread where two were 1.5× faster
 * (bench/README.md, "The resample thread"); half a thread of slack admits that and still refuses a busy machine. On a machine busy
 * with other work a second thread gets no core of its own and only adds its start-up (bench/README.md: two threads
 * at load 9 on 2 cores were no faster and used 0.15–0.3 CPU s more).
 */
function idleCore(load = loadavg()[0], cores = availableParallelism()) {
    return load < cores - 0.5;
}
/** A case as plain data (cases read from columns have getters and methods a structured clone drops). */
function portableCase(item, spec) {
    const tag = spec.fairnessTag;
    const tagValue = tag === undefined ? undefined : item.tags?.[tag];
    return {
        id: '',
        repeats: 1,
        flaky: item.flaky,
        expected: item.expected,
        predicted: item.predicted,
        probability: item.probability,
        scores: item.scores,
        passRate: item.passRate,
        allPassed: item.allPassed,
        tags: tag !== undefined && tagValue !== undefined ? { [tag]: tagValue } : undefined,
        latencyMs: item.latencyMs,
        tokensInput: item.tokensInput,
        tokensOutput: item.tokensOutput,
        costUsd: item.costUsd,
        hasCost: item.hasCost,
        output: spec.task === 'scores' ? item.output : undefined,
        // Only whether a case errored counts: the text stays on the main thread.
        error: item.error === undefined ? undefined : '',
        source: { file: '', line: 0 },
    };
}
const DRAWN_BY_MAIN = 1;
const DRAWN_BY_THREAD = 2;
/** Chunks of each bootstrap the main thread draws before the rest is shared: 0 (code warms up), 1 (timed). */
const FIRST_CHUNKS = 2;
/** The chunks shared out, in the order taken: the case bootstrap (costliest) first, the first chunks excluded. */
function chunkOrder(jobs) {
    const order = [];
    for (let job = jobs.length - 1; job >= 0; job--)
        for (let chunk = FIRST_CHUNKS; chunk < jobs[job].resampler.chunks; chunk++)
            order.push({ job, chunk });
    return order;
}
/** Views of each bootstrap's values in one buffer (shared when `buffer` is a SharedArrayBuffer). */
function sampleViews(jobs, buffer) {
    let offset = 0;
    return jobs.map(({ resampler }) => Array.from({ length: resampler.statistics }, () => {
        const view = new Float64Array(buffer, offset * 8, resampler.resamples);
        offset += resampler.resamples;
        return view;
    }));
}
function sampleCount(jobs) {
    return jobs.reduce((sum, { resampler }) => sum + resampler.statistics * resampler.resamples, 0);
}
/** Takes chunks from the shared counter and draws them until none is left; returns how many it drew. */
function drawShared(jobs, order, views, control, mark) {
    let drawn = 0;
    for (;;) {
        const k = Atomics.add(control, 0, 1);
        if (k >= order.length)
            return drawn;
        const { job, chunk } = order[k];
        jobs[job].resampler.runChunk(chunk, views[job]);
        Atomics.store(control, 1 + k, mark);
        Atomics.notify(control, 1 + k);
        drawn++;
    }
}
/** CPU time of this process so far, ms (only this thread works while the first chunks are timed). */
function cpuMs() {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
}
/** Every interval of the suite, with its bootstraps on one or two threads; says how many threads drew. */
async function intervalsOnThreads(suite, resamples, seed, logger) {
    const planned = performance.now();
    const plan = planIntervals(suite, resamples, seed);
    const planMs = performance.now() - planned;
    const { jobs } = plan;
    const samples = new SharedArrayBuffer(sampleCount(jobs) * 8);
    const views = sampleViews(jobs, samples);
    // The first chunks of every bootstrap here first: chunk 1's time, once chunk 0 has warmed the code up, says what
    // each of the rest costs; chunk 0's values check the thread's.
    // CPU time, not wall time: on a busy machine a chunk preempted midway would look many times its cost.
    const firstMs = [];
    const chunkMs = jobs.map((job, j) => {
        const cold = cpuMs();
        job.resampler.runChunk(0, views[j]);
        firstMs.push(cpuMs() - cold);
        const started = cpuMs();
        if (job.resampler.chunks > 1)
            job.resampler.runChunk(1, views[j]);
        return cpuMs() - started;
    });
    const order = chunkOrder(jobs);
    const remainingMs = order.reduce((sum, { job }) => sum + chunkMs[job], 0);
    const mode = threadMode();
    const pays = threadPays(remainingMs, suite.size);
    const idle = idleCore();
    const wanted = order.length > 0 && (mode === 'on' || (mode === 'auto' && pays && idle));
    const control = new Int32Array(new SharedArrayBuffer(4 * (1 + order.length)));
    const thread = wanted && entry
        ? startThread(entry, suite, plan, { resamples, seed, control, samples }, logger)
        : undefined;
    try {
        if (thread && mode === 'on')
            await Promise.race([thread.ready, delay(READY_WAIT_MS)]);
        drawShared(jobs, order, views, control, DRAWN_BY_MAIN);
        await finishLeftChunks(jobs, order, views, control, chunkMs, thread);
    }
    finally {
        await thread?.close();
    }
    let byThread = 0;
    for (let k = 0; k < order.length; k++)
        if (control[1 + k] === DRAWN_BY_THREAD)
            byThread++;
    const chunks = jobs.reduce((sum, job) => sum + job.resampler.chunks, 0);
    if (jobs.length > 0)
        logger.debug(`Resampling: ${chunks} chunks of ${RESAMPLE_CHUNK}, ${thread ? `${byThread} drawn by the resample thread` : 'on one thread'} (planned in ${Math.round(planMs)} ms; chunk 0 took ${firstMs.map(Math.round).join('/')} CPU ms, chunk 1 ${chunkMs.map(Math.round).join('/')}; the rest estimated at ${Math.round(remainingMs)} CPU ms, ${pays ? 'worth' : 'not worth'} a thread; load ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores: ${idle ? 'a core idle' : 'no core idle'})`);
    return { intervals: finishIntervals(plan, views), threads: byThread > 0 ? 2 : 1 };
}
/**
 * Chunks the thread took and has not finished: waited for a little (a few times the chunk's time on this thread),
 * then drawn here. The values are the same whoever draws them, so a thread that failed or stalls costs only time.
 */
async function finishLeftChunks(jobs, order, views, control, chunkMs, thread) {
    for (let k = 0; k < order.length; k++) {
        if (Atomics.load(control, 1 + k) !== 0)
            continue;
        const { job, chunk } = order[k];
        if (thread && !thread.failed) {
            const { value } = waitAsync(control, 1 + k, 0, WAIT_FOR_CHUNK * chunkMs[job] + 5);
            if (typeof value !== 'string')
                await Promise.race([value, thread.failure]);
            if (Atomics.load(control, 1 + k) !== 0)
                continue;
            // Not done in that time: the thread is stalled or gone, so no more waiting for it.
            thread.failed = true;
        }
        jobs[job].resampler.runChunk(chunk, views[job]);
        Atomics.store(control, 1 + k, DRAWN_BY_MAIN);
    }
}
/** Starts a resample thread on the plan's bootstraps; undefined (with a note) when it cannot start. */
function startThread(url, suite, plan, shared, logger) {
    const started = performance.now();
    let handedMs = 0;
    const setup = {
        cases: suite.cases.map((item) => portableCase(item, suite.spec)),
        spec: suite.spec,
        resamples: shared.resamples,
        seed: shared.seed,
        taken: Object.keys(plan.analytic),
        names: plan.jobs.map((job) => job.names),
        control: shared.control.buffer,
        samples: shared.samples,
    };
    let worker;
    try {
        worker = new Worker(url, { workerData: { [RESAMPLE_THREAD]: setup } });
        handedMs = Math.round(performance.now() - started);
    }
    catch (error) {
        logger.info(`Resampling on one thread: the resample thread did not start (${errorName(error)})`);
        return undefined;
    }
    let closing = false;
    let fail;
    let ready;
    const thread = {
        ready: new Promise((resolve) => (ready = resolve)),
        failure: new Promise((resolve) => (fail = resolve)),
        failed: false,
        close: async () => {
            closing = true;
            await worker.terminate();
        },
    };
    const stop = (why) => {
        if (closing || thread.failed)
            return;
        thread.failed = true;
        logger.info(`The resample thread stopped (${why}); the main thread draws its chunks`);
        fail();
        ready();
    };
    worker.on('message', (message) => {
        if (message.type === 'failed')
            return stop(message.message);
        logger.debug(`Resample thread: drawing ${Math.round(message.at - performance.timeOrigin - started)} ms after its start (cases handed over in ${handedMs} ms, suite rebuilt in ${Math.round(message.rebuildMs)} ms, checked in ${Math.round(message.checkMs)} ms)`);
        ready();
    });
    worker.on('error', (error) => stop(errorName(error)));
    // A thread that has drawn every chunk it took ends with code 0; any other end is a failure.
    worker.on('exit', (code) => (code === 0 ? undefined : stop(`exit code ${code}`)));
    return thread;
}
/** An error's class and message, first line only, at most 200 characters: no data goes to the log. */
function errorName(error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return text.split('\n')[0].slice(0, 200);
}
/** In a resample thread, rebuilds the bootstraps, checks them, draws chunks and returns true; elsewhere false. */
function serveResampleWorker() {
    const setup = external_node_worker_threads_namespaceObject.workerData?.[RESAMPLE_THREAD];
    if (external_node_worker_threads_namespaceObject.isMainThread || !setup || !external_node_worker_threads_namespaceObject.parentPort)
        return false;
    const port = external_node_worker_threads_namespaceObject.parentPort;
    try {
        const started = performance.now();
        const suite = new MetricSuite(setup.cases, setup.spec);
        const jobs = resampleJobs(suite, setup.resamples, setup.seed, new Set(setup.taken));
        if (JSON.stringify(jobs.map((job) => job.names)) !== JSON.stringify(setup.names))
            throw new Error('the rebuilt bootstraps differ from the main thread’s');
        const views = sampleViews(jobs, setup.samples);
        const rebuilt = performance.now();
        const own = sampleViews(jobs, new ArrayBuffer(sampleCount(jobs) * 8));
        jobs.forEach((job, j) => {
            job.resampler.runChunk(0, own[j], 1);
            if (own[j].some((values, s) => !Object.is(values[0], views[j][s][0])))
                throw new Error('the rebuilt bootstraps draw other values than the main thread’s');
        });
        const checkMs = performance.now() - rebuilt;
        const at = performance.timeOrigin + performance.now();
        port.postMessage({ type: 'ready', at, rebuildMs: rebuilt - started, checkMs });
        drawShared(jobs, chunkOrder(jobs), views, new Int32Array(setup.control), DRAWN_BY_THREAD);
    }
    catch (error) {
        port.postMessage({ type: 'failed', message: errorName(error) });
    }
    return true;
}

;// CONCATENATED MODULE: ./packages/eval/src/resample-thread.ts
/**
 * The entry of a resample thread (resample-threads.ts), bundled next to each bundle that runs eval-gate
 * (dist/<name>/resample-thread/index.js): only the metric suite and the bootstraps, so the thread starts small.
 */

if (!serveResampleWorker()) {
    console.error('mlgate: this file is the entry of eval-gate resample threads; run the action or the CLI instead');
    process.exitCode = 2;
}

