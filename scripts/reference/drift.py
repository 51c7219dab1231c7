#!/usr/bin/python3
"""Write the reference values that packages/data/test/drift checks the drift statistics against.

Run with Debian's Python (scipy 1.10, numpy 1.24), from the repository root:

    /usr/bin/python3 scripts/reference/drift.py

Outputs JSON under packages/data/test/fixtures/drift/. Floats are written with Python's repr (shortest
round trip), so JavaScript parses exactly the same doubles.
"""

import json
import os
import warnings

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial import distance

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'packages', 'data', 'test', 'fixtures', 'drift')
SOURCE = f'scipy {scipy.__version__}, numpy {np.__version__}'
rng = np.random.default_rng(20240611)


def write(name, what, cases):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.normpath(os.path.join(OUT, name))
    body = ',\n'.join('  ' + json.dumps(c, allow_nan=False) for c in cases)
    text = '{\n "source": ' + json.dumps(f'{SOURCE}: {what}') + ',\n "cases": [\n' + body + '\n ]\n}\n'
    json.loads(text)
    with open(path, 'w', encoding='utf-8') as fh:
        fh.write(text)
    print(f'wrote {path} ({len(cases)} cases)')


def floats(a):
    return [float(x) for x in a]


def ints(a):
    return [int(x) for x in a]


# ------------------------------------------------------------------------------------------------ PSI
def psi_numpy(reference, current, epsilon):
    r = np.asarray(reference, dtype=float) / np.sum(reference)
    c = np.asarray(current, dtype=float) / np.sum(current)
    r = np.where(r == 0, epsilon, r)
    c = np.where(c == 0, epsilon, c)
    return float(np.sum((c - r) * np.log(c / r)))


def psi_cases():
    cases = []
    for k in (2, 5, 10, 10, 10, 20):
        for shift in (0.0, 0.2, 1.0):
            ref = rng.multinomial(5000, np.full(k, 1 / k))
            p = np.exp(-shift * np.arange(k) / k)
            cur = rng.multinomial(3000, p / p.sum())
            for eps in (1e-4, 1e-3):
                cases.append({'reference': ints(ref), 'current': ints(cur), 'epsilon': eps, 'psi': psi_numpy(ref, cur, eps)})
    # Empty bins on either side, and identical distributions.
    for ref, cur in (([100, 0, 50, 50], [10, 20, 0, 70]), ([0, 0, 10], [5, 5, 0]), ([10, 20, 30], [20, 40, 60]), ([1], [7])):
        cases.append({'reference': ref, 'current': cur, 'epsilon': 1e-4, 'psi': psi_numpy(ref, cur, 1e-4)})
    write('psi.json', 'PSI = sum((c - r) * ln(c / r)) over proportions, zeros replaced by epsilon (numpy)', cases)


# ------------------------------------------------------------------------------------------------ Wasserstein
def wasserstein_cases():
    cases = []
    samples = [
        (rng.normal(0, 1, 50), rng.normal(0.5, 2, 80)),
        (rng.normal(0, 1, 500), rng.normal(0, 1, 500)),
        (rng.exponential(3, 300), rng.exponential(4, 200)),
        (rng.integers(0, 5, 100).astype(float), rng.integers(0, 7, 120).astype(float)),  # ties
        (np.array([1.0]), np.array([3.0])),
        (np.array([1.0, 1.0, 1.0]), np.array([1.0, 1.0])),
        (np.array([-1e6, 0.0, 1e6]), np.array([5.0])),
        (rng.uniform(-1, 1, 2000), rng.uniform(-0.5, 1.5, 1500)),
    ]
    for a, b in samples:
        a = np.round(a, 6)
        b = np.round(b, 6)
        cases.append({'a': floats(a), 'b': floats(b), 'distance': float(stats.wasserstein_distance(a, b)),
                      'referenceStd': float(np.std(a, ddof=1)) if len(a) > 1 else 0.0})
    write('wasserstein.json', 'scipy.stats.wasserstein_distance(a, b); referenceStd = np.std(a, ddof=1)', cases)


# ------------------------------------------------------------------------------------------------ JS, L-infinity
def categorical_cases():
    cases = []
    pairs = [
        ([10, 20, 30], [10, 20, 30]),
        ([10, 20, 30], [30, 20, 10]),
        ([1, 0, 0], [0, 0, 1]),
        ([5, 0, 5, 0], [0, 5, 5, 1]),
        ([0.2, 0.3, 0.5], [0.25, 0.25, 0.5]),
    ]
    for k in (2, 3, 10, 50):
        for _ in range(3):
            pairs.append((ints(rng.multinomial(1000, rng.dirichlet(np.ones(k)))), ints(rng.multinomial(700, rng.dirichlet(np.ones(k))))))
    for p, q in pairs:
        pn = np.asarray(p, dtype=float)
        qn = np.asarray(q, dtype=float)
        linf = float(np.max(np.abs(pn / pn.sum() - qn / qn.sum())))
        cases.append({'p': p, 'q': q, 'jensenShannon': float(distance.jensenshannon(p, q, base=2)), 'lInfinity': linf})
    write('categorical.json', 'scipy.spatial.distance.jensenshannon(p, q, base=2); max |p/sum(p) - q/sum(q)| (numpy)', cases)


# ------------------------------------------------------------------------------------------------ KS
def ks_cases():
    cases = []
    samples = [
        (rng.normal(0, 1, 20), rng.normal(0.5, 1, 20)),       # equal sizes: exact, square method
        (rng.normal(0, 1, 30), rng.normal(0.3, 1, 45)),       # exact, band method
        (rng.normal(0, 1, 7), rng.normal(0, 1, 13)),
        (rng.normal(0, 1, 200), rng.normal(0.1, 1.2, 300)),
        (rng.normal(0, 1, 1000), rng.normal(0.05, 1, 1000)),
        (rng.integers(0, 10, 150).astype(float), rng.integers(0, 12, 250).astype(float)),  # ties
        (np.array([1.0]), np.array([2.0])),
        (np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0])),
        (rng.normal(0, 1, 3000), rng.normal(0.1, 1, 10000)),  # exact at the boundary max(n) = 10000
        (rng.normal(0, 1, 10001), rng.normal(0.02, 1, 12000)),  # asymptotic
        (rng.normal(0, 1, 5), rng.normal(0.5, 1, 20000)),     # asymptotic with a small effective n
        (rng.normal(0, 1, 80), rng.normal(3, 1, 90)),         # very small p-value
    ]
    for a, b in samples:
        a = np.round(a, 4)
        b = np.round(b, 4)
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            res = stats.ks_2samp(a, b)
        method = 'exact' if max(len(a), len(b)) <= 10000 else 'asymp'
        cases.append({'a': floats(a), 'b': floats(b), 'statistic': float(res.statistic), 'pValue': float(res.pvalue), 'method': method})
    write('ks.json', 'scipy.stats.ks_2samp(a, b) (method="auto")', cases)

    grid = []
    for n in (1, 2, 3, 5, 10, 30, 100, 140, 141, 500, 1000, 5000, 20000, 100000, 100001, 1000000):
        xs = set([0.5 / n, 0.75 / n, 1.0 / n, 1.5 / n, 0.3, 0.49, 0.5, 0.6, 0.99, 1 - 1.5 / n])
        for s in (0.3, 0.5, 0.7, 0.86, 1.0, 1.2, 1.5, 2.0, 3.0, 4.5, 6.0, 13.0, 19.0):
            xs.add(s / np.sqrt(n))
        for x in sorted(xs):
            if 0 < x < 1:
                grid.append({'n': n, 'x': float(x), 'sf': float(stats.kstwo.sf(x, n))})
    write('kstwo.json', 'scipy.stats.kstwo.sf(x, n)', grid)

    smirnov = []
    for n in (1, 5, 50, 500, 1012, 1013, 5000, 100000):
        for x in (0.001, 0.01, 0.05, 0.1, 0.3, 0.5, 0.9):
            smirnov.append({'n': n, 'x': x, 'sf': float(special.smirnov(n, x))})
    write('smirnov.json', 'scipy.special.smirnov(n, x)', smirnov)


# ------------------------------------------------------------------------------------------------ chi-square
def chi2_cases():
    cases = []
    tables = [
        ([10, 20, 30], [15, 15, 30]),
        ([100, 50], [80, 70]),           # dof 1: Yates
        ([5, 3], [5, 3]),                # dof 1, identical
        ([1000, 0, 300, 2], [900, 0, 350, 10]),  # an empty category
        ([7], [3]),                      # dof 0
        ([0, 4, 0], [0, 9, 0]),          # dof 0 after dropping empty columns
        ([500, 400, 300, 200, 100], [100, 200, 300, 400, 500]),  # tiny p-value
    ]
    for k in (3, 10, 40):
        tables.append((ints(rng.multinomial(2000, rng.dirichlet(np.ones(k)))), ints(rng.multinomial(1500, rng.dirichlet(np.ones(k))))))
    for ref, cur in tables:
        table = np.array([ref, cur])
        keep = table.sum(axis=0) > 0
        stat, p, dof, _ = stats.chi2_contingency(table[:, keep])
        cases.append({'reference': ref, 'current': cur, 'statistic': float(stat), 'pValue': float(p), 'dof': int(dof)})
    write('chi2.json', 'scipy.stats.chi2_contingency([reference, current]) (correction=True) after dropping all-zero columns', cases)

    gamma = []
    for a in (0.5, 1.0, 1.5, 2.0, 3.5, 5.0, 10.0, 24.5, 50.0, 99.5, 250.0):
        for x in (1e-3, 0.1, 0.5, 1.0, 2.0, a * 0.5, a - 1, a, a + 1, a * 1.5, a * 3, 50.0, 200.0, 700.0):
            if x > 0:
                gamma.append({'a': a, 'x': float(x), 'q': float(special.gammaincc(a, x)), 'p': float(special.gammainc(a, x)),
                              'logGamma': float(special.gammaln(a))})
    write('gamma.json', 'scipy.special.gammaincc(a, x), gammainc(a, x), gammaln(a)', gamma)


psi_cases()
wasserstein_cases()
categorical_cases()
ks_cases()
chi2_cases()
