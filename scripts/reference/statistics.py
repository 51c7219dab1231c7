#!/usr/bin/python3
"""Write the reference values that packages/eval/test/statistics checks against.

Run with Debian's Python (scipy 1.10, numpy), from the repository root:

    /usr/bin/python3 scripts/reference/statistics.py

Outputs JSON files under test/fixtures/reference/statistics/. Floats are written with
Python's repr (shortest round-trip), so JavaScript parses exactly the same doubles.
"""

import json
import math
import os
import warnings

import numpy as np
import scipy
from scipy import stats

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'reference', 'statistics')
SOURCE = f'scipy {scipy.__version__}, numpy {np.__version__}'


def write(name, payload):
    path = os.path.normpath(os.path.join(OUT, name))
    # One case per line: compact, and diffs stay readable when the grid changes.
    cases = ',\n'.join('  ' + json.dumps(c, allow_nan=False) for c in payload['cases'])
    text = '{\n "source": ' + json.dumps(payload['source']) + ',\n "cases": [\n' + cases + '\n ]\n}\n'
    json.loads(text)  # sanity check
    with open(path, 'w', encoding='utf-8') as fh:
        fh.write(text)
    print(f'wrote {path}')


def f(x):
    """Plain Python float (json cannot write numpy scalars)."""
    return float(x)


# ---------------------------------------------------------------- normal quantile
def normal_quantile():
    ps = set()
    for e in range(-300, 0):
        for m in (1.0, 2.5, 5.0):
            p = m * 10.0**e
            if 0 < p < 0.5:
                ps.add(p)
    for e in range(-12, 0):
        ps.add(1.0 - 10.0**e)
        ps.add(1.0 - 3.0 * 10.0**e)
    ps.update(np.linspace(0.001, 0.999, 999).tolist())
    ps.update([0.5, 0.5 + 1e-10, 0.5 - 1e-10, 0.075, 0.925, 0.0749999, 0.925001, 0.8, 0.95, 0.975, 0.99, 0.999])
    # The branch boundary of AS241 at r = 5 (p = exp(-25)).
    ps.update([math.exp(-25.0) * 0.999, math.exp(-25.0) * 1.001])
    cases = [{'p': p, 'x': f(stats.norm.ppf(p))} for p in sorted(ps)]
    write('normal_quantile.json', {'source': SOURCE + ' scipy.stats.norm.ppf', 'cases': cases})


# ---------------------------------------------------------------- binomial grid
def k_grid(n, p):
    ks = {0, 1, 2, n - 2, n - 1, n, n // 2 - 1, n // 2, n // 2 + 1, n // 3, (2 * n) // 3}
    mean = n * p
    sd = math.sqrt(n * p * (1 - p))
    for z in (-40, -30, -10, -5, -3, -2, -1, -0.5, 0, 0.5, 1, 2, 3, 5, 10, 30, 40):
        ks.add(int(round(mean + z * sd)))
        ks.add(int(math.floor(mean + z * sd)))
    return sorted(k for k in ks if 0 <= k <= n)


NS = [0, 1, 2, 3, 5, 10, 11, 20, 50, 100, 101, 1000, 12345, 10**6, 10**7]
PS = [0.5, 0.3, 0.01, 0.9, 1e-6]


def binomial_distribution():
    cases = []
    for n in NS:
        for p in PS:
            for k in k_grid(n, p):
                cases.append({
                    'k': k, 'n': n, 'p': p,
                    'pmf': f(stats.binom.pmf(k, n, p)),
                    'cdf': f(stats.binom.cdf(k, n, p)),
                    'sf': f(stats.binom.sf(k, n, p)),
                })
    write('binomial_distribution.json', {
        'source': SOURCE + ' scipy.stats.binom.pmf/cdf/sf (sf(k) = P(X > k))',
        'cases': cases,
    })


def binomial_high_precision():
    """pmf/cdf/sf for large n at 40 digits with mpmath, independent of scipy.

    boost's binomial in scipy 1.10 is itself off by ~5e-10 relative at n = 10^7, p = 0.3 and by ~2e-8 at
    n = 2·10^9, so these cases are checked more tightly than the scipy ones. The smaller tail is
    I_x(a, b) = x^a (1 − x)^b / (a·B(a, b)) · 2F1(a + b, 1; a + 1; x) (DLMF 8.17.8) where x ≤ 0.75; for n ≤ 10^7
    it is also summed term by term (the only reference where x > 0.75, and a cross-check elsewhere).
    """
    import mpmath as mp
    mp.mp.dps = 40

    def log_pmf(k, n, p):
        return mp.loggamma(n + 1) - mp.loggamma(k + 1) - mp.loggamma(n - k + 1) + k * mp.log(p) + (n - k) * mp.log1p(-p)

    def inc_beta(a, b, x):
        log_front = a * mp.log(x) + b * mp.log1p(-x) + mp.loggamma(a + b) - mp.loggamma(a) - mp.loggamma(b)
        return mp.exp(log_front) / a * mp.hyp2f1(a + b, 1, a + 1, x, maxterms=10**8)

    def summed_tail(k, n, p, upward):
        q = 1 - p
        t = mp.exp(log_pmf(k, n, p))
        total = mp.mpf(0)
        j = k
        while t != 0 and 0 <= j <= n:
            total += t
            if t < total * mp.mpf(10) ** -32:
                break
            t = t * (n - j) / (j + 1) * p / q if upward else t * j / (n - j + 1) * q / p
            j = j + 1 if upward else j - 1
        return total

    cases = []
    grid = [(n, pf) for n in (10**5, 10**6, 10**7) for pf in (0.5, 0.3, 0.01, 1e-6, 0.99, 0.999999)]
    # Huge n: sd from 2e4 to 1.6e5; n = 10^11 reaches the continued-fraction branch of the TypeScript code.
    grid += [(n, pf) for n in (2 * 10**9, 10**10, 10**11) for pf in (0.5, 0.3)]
    for n, pf in grid:
        p = mp.mpf(pf)  # the exact binary value of the double
        mean = n * pf
        sd = math.sqrt(n * pf * (1 - pf))
        ks = sorted({int(math.floor(mean + z * sd)) for z in (-30, -8, -3, -1, 1, 3, 8, 30)})
        for k in ks:
            if not 0 < k < n:
                continue
            pmf = mp.exp(log_pmf(k, n, p))
            lower = k < mean
            # The small tail: P(X <= k) = I_q(n − k, k + 1) below the mean, P(X > k) = I_p(k + 1, n − k) above.
            a, b, x = (n - k, k + 1, 1 - p) if lower else (k + 1, n - k, p)
            summed = None
            if n <= 10**7:  # ~9 sd terms from k outwards
                summed = summed_tail(k, n, p, upward=False) if lower else summed_tail(k + 1, n, p, upward=True)
            if x <= 0.75:
                tail = inc_beta(a, b, x)
                if summed is not None:
                    assert abs(summed - tail) <= tail * mp.mpf(10) ** -25, (k, n, pf, summed, tail)
            else:  # 2F1 at x close to 1 is too slow in mpmath; the exact sum alone is the reference
                tail = summed
            cdf, sf = (tail, 1 - tail) if lower else (1 - tail, tail)
            cases.append({'k': k, 'n': n, 'p': pf, 'pmf': float(pmf), 'cdf': float(cdf), 'sf': float(sf)})
    write('binomial_high_precision.json', {
        'source': f'mpmath {mp.__version__} at 40 digits: loggamma pmf, tails as incomplete beta via 2F1 (DLMF 8.17.8)',
        'cases': cases,
    })

def binomtest():
    cases = []
    for n in NS:
        if n < 1:  # scipy.stats.binomtest requires n >= 1
            continue
        for p in (0.5, 0.3, 0.01, 0.9):
            if n >= 10**7 and p != 0.5:
                continue
            for k in k_grid(n, p):
                cases.append({
                    'k': k, 'n': n, 'p': p,
                    'twoSided': f(stats.binomtest(k, n, p, alternative='two-sided').pvalue),
                    'greater': f(stats.binomtest(k, n, p, alternative='greater').pvalue),
                    'less': f(stats.binomtest(k, n, p, alternative='less').pvalue),
                })
    write('binomtest.json', {'source': SOURCE + ' scipy.stats.binomtest(k, n, p).pvalue', 'cases': cases})


def mcnemar():
    # statsmodels.stats.contingency_tables.mcnemar(table, exact=True) computes
    #   statistic = min(b, c); pvalue = min(1, 2 * binom.cdf(statistic, b + c, 0.5))
    # (statsmodels is not installed here, so the same two lines are written out).
    pairs = {(0, 0), (0, 1), (1, 0), (1, 1), (5, 5), (3, 10), (10, 3), (0, 25), (25, 0), (40, 60), (100, 150),
             (150, 100), (1000, 1000), (1000, 1100), (10**5, 10**5 + 900), (5 * 10**5, 5 * 10**5 + 1500),
             (4 * 10**6, 6 * 10**6), (5 * 10**6 - 5000, 5 * 10**6 + 5000), (5 * 10**6 + 3000, 5 * 10**6 - 3000),
             (5 * 10**6, 5 * 10**6), (12, 0), (7, 31), (250, 290)}
    cases = []
    for b, c in sorted(pairs):
        n = b + c
        stat = min(b, c)
        cases.append({
            'b': b, 'c': c,
            'pValue': f(min(1.0, 2.0 * stats.binom.cdf(stat, n, 0.5))),
            # one-sided "current worse": P(X >= b), X ~ Bin(b + c, 1/2)
            'pValueDecline': f(stats.binom.sf(b - 1, n, 0.5)),
        })
    write('mcnemar.json', {
        'source': SOURCE + ' statsmodels-style exact McNemar via scipy.stats.binom.cdf; one-sided via binom.sf(b - 1)',
        'cases': cases,
    })


# ---------------------------------------------------------------- PRNG known answers
M32 = 0xFFFFFFFF


def fnv1a32(data: bytes) -> int:
    h = 0x811C9DC5
    for byte in data:
        h ^= byte
        h = (h * 0x01000193) & M32
    return h


def splitmix32(state):
    state = (state + 0x9E3779B9) & M32
    z = state
    z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
    z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
    return state, (z ^ (z >> 16)) & M32


def rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M32


def xoshiro128ss(word, count):
    st = word
    s = []
    for _ in range(4):
        st, out = splitmix32(st)
        s.append(out)
    if s == [0, 0, 0, 0]:
        s[0] = 1
    outs = []
    for _ in range(count):
        result = (rotl((s[1] * 5) & M32, 7) * 9) & M32
        t = (s[1] << 9) & M32
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 11)
        outs.append(result)
    return outs


def random_known_answers():
    cases = []
    for seed in (0, 1, 42, 2**31 - 1, 2**32 - 1, -1, -(2**31)):
        cases.append({'seed': seed, 'word': seed & M32, 'uint32': xoshiro128ss(seed & M32, 10)})
    for seed in ('', 'a', 'mlgate', 'h\u00e9llo \u2603'):
        word = fnv1a32(seed.encode('utf-8'))
        cases.append({'seed': seed, 'word': word, 'uint32': xoshiro128ss(word, 10)})
    write('random.json', {
        'source': 'pure-Python xoshiro128** (Blackman & Vigna) seeded by splitmix32 from a 32-bit word; '
                  'strings hashed with FNV-1a 32 over UTF-8',
        'cases': cases,
    })


if __name__ == '__main__':
    # boost's binomial pdf warns on log(0) at the n = 0 and p = 1e-6 grid points; the values are right.
    warnings.simplefilter('ignore', RuntimeWarning)
    normal_quantile()
    binomial_distribution()
    binomial_high_precision()
    binomtest()
    mcnemar()
    random_known_answers()
