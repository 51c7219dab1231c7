"""Reference Mann-Whitney U results from scipy for packages/deploy (run with Debian's /usr/bin/python3)."""
import json
import sys

import numpy as np
import scipy
from scipy.stats import mannwhitneyu

rng = np.random.default_rng(20240611)
cases = []


def add(name, x, y):
    for alternative in ("two-sided", "greater", "less"):
        result = mannwhitneyu(x, y, alternative=alternative)
        cases.append(
            {
                "name": name,
                "x": [float(v) for v in x],
                "y": [float(v) for v in y],
                "alternative": alternative,
                "statistic": float(result.statistic),
                "pvalue": float(result.pvalue),
            }
        )


# Small samples without ties: scipy's exact distribution.
add("exact small", [1.1, 2.3, 3.7, 4.2, 5.9], [2.0, 3.1, 6.4, 7.7, 8.8, 9.5])
add("exact one-sided clear", [10.5, 11.2, 12.9, 13.3], [1.0, 2.5, 3.25, 4.75, 5.5])
add("exact n1=8 n2=3", list(rng.normal(0, 1, 8)), list(rng.normal(1, 1, 3)))
# Ties: asymptotic with tie correction and continuity correction.
add("ties small", [1, 2, 2, 3, 3, 3, 4], [2, 3, 4, 4, 5, 5])
add("latency ms rounded", list(np.round(rng.lognormal(4.0, 0.3, 40))), list(np.round(rng.lognormal(4.1, 0.3, 35))))
add("error counts", list(rng.poisson(3, 30)), list(rng.poisson(4, 30)))
# Large continuous samples: asymptotic.
add("large shifted", list(rng.normal(0.0, 1.0, 60)), list(rng.normal(0.3, 1.0, 55)))
add("large equal", list(rng.normal(5.0, 2.0, 100)), list(rng.normal(5.0, 2.0, 90)))
add("all tied", [7, 7, 7, 7, 7, 7, 7, 7, 7, 7], [7, 7, 7, 7, 7, 7, 7, 7, 7])

json.dump(
    {"generator": "scripts/reference/deploy-mann-whitney.py", "scipy": scipy.__version__, "cases": cases},
    sys.stdout,
    indent=1,
)
sys.stdout.write("\n")
