#!/usr/bin/python3
"""Reference values for the sequential error-rate test (packages/deploy/src/sequential.ts).

Computed independently of the TypeScript code: the mixture likelihood ratio
  Lambda_t = integral over d >= 0 of  prod_intervals [p(theta)/p(theta0)]^ec [(1-p(theta))/(1-p(theta0))]^es  * pi(d) dd
with theta = theta0 * exp(d), p(theta) = nc*theta / (nc*theta + ns), pi = half-normal(scale), integrated with
scipy.integrate.quad (adaptive Gauss-Kronrod) on the whole half-line, after every interval; p = min(1, 1/max Lambda).
As a closed-form check of the likelihood itself: a prior that is a point mass at theta makes Lambda the plain
likelihood ratio, computed with scipy.stats.binom.logpmf.

  /usr/bin/python3 scripts/reference/deploy-msprt.py > packages/deploy/test/fixtures/msprt-scipy.json
"""
import json
import math

import numpy as np
import scipy
from scipy import integrate, stats


def interval_bounds(theta0, absolute, alpha, intervals):
    """The ratio bound of each interval: theta0, or with an absolute tolerance 1 + rel + a / L_i, L_i stable's
    Clopper-Pearson lower bound (scipy.stats.beta.ppf) at g_i = g * 6 / (pi^2 i^2), g = 0.1 alpha, on the stable
    counts before interval i (i counts the intervals with information)."""
    if absolute == 0:
        return [theta0] * len(intervals)
    g = 0.1 * alpha
    bounds, looks, ns_total, es_total = [], 0, 0, 0
    for nc, ec, ns, es in intervals:
        bound = None
        if nc > 0 and ns > 0 and ec + es > 0:
            looks += 1
            gi = g * 6 / (math.pi ** 2 * looks ** 2)
            low = 0.0 if es_total == 0 else float(stats.beta.ppf(gi, es_total, ns_total - es_total + 1))
            bound = math.inf if low == 0 else theta0 + absolute / low
        bounds.append(bound)
        ns_total += ns
        es_total += es
    return bounds


def log_ratio(d, theta0, intervals, bounds=None):
    total = 0.0
    for index, (nc, ec, ns, es) in enumerate(intervals):
        if nc <= 0 or ns <= 0 or ec + es == 0:
            continue
        if bounds is not None:
            theta0 = bounds[index]
            if theta0 == math.inf:
                continue
        theta = theta0 * math.exp(d)
        p = nc * theta / (nc * theta + ns)
        p0 = nc * theta0 / (nc * theta0 + ns)
        total += stats.binom.logpmf(ec, ec + es, p) - stats.binom.logpmf(ec, ec + es, p0)
    return total


def mixture(theta0, scale, intervals, bounds=None):
    def integrand(d):
        return math.exp(log_ratio(d, theta0, intervals, bounds)) * stats.halfnorm.pdf(d, scale=scale)

    # Split the half-line so quad sees the peak of the likelihood.
    points = [0.0, 0.5 * scale, scale, 2 * scale, 4 * scale, 8 * scale]
    value = 0.0
    for a, b in zip(points, points[1:]):
        part, _ = integrate.quad(integrand, a, b, epsabs=0, epsrel=1e-10, limit=200)
        value += part
    # Beyond 40 prior scales the prior density is below e^-800: nothing left to integrate.
    tail, _ = integrate.quad(integrand, points[-1], 40 * scale, epsabs=0, epsrel=1e-10, limit=200)
    return value + tail


def case(name, alpha, tolerance, scale, intervals, absolute=0.0):
    theta0 = 1 + tolerance
    g = 0.1 * alpha if absolute > 0 else 0.0
    bounds = interval_bounds(theta0, absolute, alpha, intervals)
    ratios, pvalues = [], []
    best = 0.0
    for i in range(len(intervals)):
        lam = mixture(theta0, scale, intervals[: i + 1], bounds)
        best = max(best, lam)
        ratios.append(lam)
        pvalues.append(min(1.0, 1.0 / best + g) if best > 0 else 1.0)
    return {
        "name": name,
        "alpha": alpha,
        "relativeTolerance": tolerance,
        "absoluteTolerance": absolute,
        "priorScale": scale,
        "intervals": [
            {"canaryRequests": nc, "canaryErrors": ec, "stableRequests": ns, "stableErrors": es}
            for nc, ec, ns, es in intervals
        ],
        "likelihoodRatios": ratios,
        "pValues": pvalues,
        "rejected": [p <= alpha for p in pvalues],
    }


def point_mass(theta0, theta, intervals):
    """Lambda for a prior that is all at theta: the simple likelihood ratio (binomial pmfs)."""
    return math.exp(sum(
        stats.binom.logpmf(ec, ec + es, nc * theta / (nc * theta + ns))
        - stats.binom.logpmf(ec, ec + es, nc * theta0 / (nc * theta0 + ns))
        for nc, ec, ns, es in intervals if nc > 0 and ns > 0 and ec + es > 0
    ))


rng = np.random.default_rng(17)


def simulate(seconds, rate, weight, q_canary, q_stable, every):
    intervals = []
    for _ in range(seconds // every):
        n = rng.poisson(rate * every)
        nc = int(rng.binomial(n, weight))
        ns = int(n - nc)
        intervals.append((nc, int(rng.binomial(nc, q_canary)), ns, int(rng.binomial(ns, q_stable))))
    return intervals


cases = [
    case("bad canary 30% vs 1%, 10% of 50 req/s, looks every 5 s", 0.05, 0.5, 1.0,
         simulate(60, 50, 0.1, 0.30, 0.01, 5)),
    case("healthy canary 1% vs 1%, 25% of 50 req/s", 0.05, 0.5, 1.0, simulate(120, 50, 0.25, 0.01, 0.01, 10)),
    case("slightly worse 2% vs 1%, split changing 10/50/100%", 0.05, 0.5, 1.0,
         simulate(60, 50, 0.1, 0.02, 0.01, 10) + simulate(60, 50, 0.5, 0.02, 0.01, 10)
         + [(500, 9, 0, 0)]),
    case("hand-written counts, zero tolerance, prior scale 0.5", 0.01, 0.0, 0.5,
         [(100, 3, 900, 9), (100, 0, 900, 12), (0, 0, 0, 0), (300, 12, 700, 7), (1000, 40, 0, 0)]),
    case("absolute tolerance 0.002: 5% vs 1% (stable's first interval has no error)", 0.05, 0.5, 0.5,
         [(25, 2, 475, 0)] + simulate(120, 50, 0.05, 0.05, 0.01, 10), absolute=0.002),
    case("absolute tolerance 0.002: 30% vs 1%, 10% of 50 req/s", 0.05, 0.5, 1.0,
         simulate(60, 50, 0.1, 0.30, 0.01, 5), absolute=0.002),
    case("absolute tolerance 0.005: healthy 1% vs 1%, 25% of 50 req/s", 0.05, 0.5, 0.5,
         simulate(120, 50, 0.25, 0.01, 0.01, 10), absolute=0.005),
]

print(json.dumps({
    "generator": "scripts/reference/deploy-msprt.py",
    "scipy": scipy.__version__,
    "cases": cases,
    "pointMass": [
        {"theta0": 1.5, "theta": 3.0, "intervals": [
            {"canaryRequests": 50, "canaryErrors": 4, "stableRequests": 450, "stableErrors": 5}],
         "likelihoodRatio": point_mass(1.5, 3.0, [(50, 4, 450, 5)])},
    ],
}, indent=2))
