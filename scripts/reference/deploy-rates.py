#!/usr/bin/python3
"""Reference values for the count-aware error-rate judge (packages/deploy/src/rates.ts, statistics.ts).

Computed independently of the TypeScript code with scipy:
- binomial tails: scipy.stats.binom.sf(k - 1, n, p) = P(X >= k) and binom.cdf(k, n, p) = P(X <= k);
- Clopper-Pearson lower bound at level 1 - g: scipy.stats.beta.ppf(g, k, n - k + 1);
- the comparison of a canary's errors with stable's: scipy.stats.binomtest(e_c, e_c + e_s, p0,
  alternative="greater").pvalue with p0 = n_c*t0 / (n_c*t0 + n_s), t0 = 1 + relative tolerance; with an absolute
  tolerance a, t0 = 1 + relative + a / L (L the Clopper-Pearson lower bound of stable's rate at g = 0.1 * alpha)
  and g added to the p-value (Berger and Boos 1994).

  /usr/bin/python3 scripts/reference/deploy-rates.py > packages/deploy/test/fixtures/rates-scipy.json
"""
import json
import math

import scipy
from scipy import stats

tails = []
for k, n, p in [(0, 10, 0.1), (1, 1, 0.5), (2, 75, 0.01), (4, 75, 0.05), (16, 750, 0.01), (40, 2000, 0.0125),
                (150, 15000, 0.0101), (3000, 300000, 0.0098), (7, 7, 0.9), (60, 150, 0.25), (13, 15, 0.6)]:
    tails.append({"k": k, "n": n, "p": p, "upper": float(stats.binom.sf(k - 1, n, p)),
                  "lower": float(stats.binom.cdf(k, n, p))})

bounds = []
for k, n, g in [(1, 10, 0.05), (14, 1425, 0.005), (142, 14250, 0.005), (0, 100, 0.05), (300, 30000, 0.001),
                (5, 5, 0.05)]:
    bounds.append({"k": k, "n": n, "gamma": g,
                   "lower": 0.0 if k == 0 else float(stats.beta.ppf(g, k, n - k + 1))})

comparisons = []
for canary, stable, rel, absolute, alpha in [
    ((2, 75), (14, 1425), 0.5, 0.0, 0.05),
    ((6, 75), (14, 1425), 0.5, 0.0, 0.05),
    ((22, 75), (14, 1425), 0.5, 0.0, 0.05),
    ((37, 750), (142, 14250), 0.5, 0.0, 0.05),
    ((15, 750), (142, 14250), 0.5, 0.002, 0.05),
    ((45, 750), (142, 14250), 0.5, 0.002, 0.05),
    ((180, 15000), (75, 7500), 0.5, 0.0, 0.01),
    ((3, 100), (0, 900), 0.5, 0.0, 0.05),
    ((3, 100), (0, 900), 0.5, 0.01, 0.05),
    ((0, 100), (9, 900), 0.0, 0.0, 0.05),
]:
    (ec, nc), (es, ns) = canary, stable
    g = alpha * 0.1 if absolute > 0 else 0.0
    if absolute > 0:
        low = 0.0 if es == 0 else float(stats.beta.ppf(g, es, ns - es + 1))
        theta0 = math.inf if low == 0 else 1 + rel + absolute / low
    else:
        theta0 = 1 + rel
    if ec + es == 0:
        p = 1.0
    else:
        p0 = 1.0 if theta0 == math.inf else nc * theta0 / (nc * theta0 + ns)
        p = float(stats.binomtest(ec, ec + es, p0, alternative="greater").pvalue)
    comparisons.append({
        "canary": {"errors": ec, "requests": nc}, "stable": {"errors": es, "requests": ns},
        "relative": rel, "absolute": absolute, "significance": alpha,
        "ratioBound": "Infinity" if theta0 == math.inf else theta0, "pValue": min(1.0, p + g),
    })

print(json.dumps({"generator": "scripts/reference/deploy-rates.py", "scipy": scipy.__version__,
                  "tails": tails, "clopperPearsonLower": bounds, "comparisons": comparisons}, indent=2))
