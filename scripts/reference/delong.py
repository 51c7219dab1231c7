#!/usr/bin/python3
"""Write the DeLong reference values that packages/eval/test/statistics/analytic.test.ts checks against.

Run from the repository root with Debian's Python (numpy, scikit-learn 1.2.1):

    /usr/bin/python3 scripts/reference/delong.py

DeLong, DeLong & Clarke-Pearson (1988) by the O(m·n) definition: psi(x, y) = 1 if x > y, 1/2 if x = y, else 0;
V10(x_i) = mean_j psi(x_i, y_j), V01(y_j) = mean_i psi(x_i, y_j); Var = S10/m + S01/n (sample variances).
The point AUC is also scikit-learn's roc_auc_score. For the one-vs-rest macro average the reference is the
covariance of the per-class AUCs from the same O(m·n) structural components: DeLong's variance on the diagonal,
the product of per-case influences (V10 - A)/m resp. (V01 - A)/n summed over cases off the diagonal.
Writes test/fixtures/reference/statistics/delong.json.
"""

import json
import os

import numpy as np
import sklearn
from sklearn.metrics import roc_auc_score

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'reference', 'statistics', 'delong.json')


def components(score, positive):
    x = score[positive]
    y = score[~positive]
    psi = (x[:, None] > y[None, :]).astype(float) + 0.5 * (x[:, None] == y[None, :])
    return psi.mean(axis=1), psi.mean(axis=0)


def delong(score, positive):
    v10, v01 = components(score, positive)
    auc = v10.mean()
    var = v10.var(ddof=1) / len(v10) + v01.var(ddof=1) / len(v01)
    return auc, var


def influence(score, positive):
    v10, v01 = components(score, positive)
    auc = v10.mean()
    phi = np.empty(len(score))
    phi[positive] = (v10 - auc) / len(v10)
    phi[~positive] = (v01 - auc) / len(v01)
    return phi


def main():
    rng = np.random.default_rng(20261207)
    binary = []
    for n, decimals, prevalence in [(12, 1, 0.4), (60, 2, 0.3), (400, 1, 0.2), (1500, 3, 0.5)]:
        y = rng.random(n) < prevalence
        y[0], y[1] = True, False
        score = np.round(1 / (1 + np.exp(-(rng.normal(size=n) + 1.2 * y))), decimals)
        auc, var = delong(score, y)
        assert abs(auc - roc_auc_score(y, score)) < 1e-12
        binary.append({'labels': y.astype(int).tolist(), 'scores': score.tolist(), 'auc': float(auc), 'variance': float(var)})
    multiclass = []
    for n, k, decimals in [(30, 3, 1), (300, 4, 2), (900, 5, 2)]:
        y = rng.integers(0, k, n)
        y[:k] = np.arange(k)
        z = rng.normal(size=(n, k)) + 1.5 * np.eye(k)[y]
        p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        p = np.round(p, decimals)
        aucs, variances, phis = [], [], []
        for c in range(k):
            auc, var = delong(p[:, c], y == c)
            aucs.append(auc)
            variances.append(var)
            phis.append(influence(p[:, c], y == c))
        phis = np.array(phis)
        cov = phis @ phis.T
        np.fill_diagonal(cov, variances)
        macro = float(np.mean(aucs))
        assert abs(macro - roc_auc_score(y, p / p.sum(axis=1, keepdims=True), multi_class='ovr') ) < 0.05
        multiclass.append({
            'k': k, 'labels': y.tolist(), 'proba': p.ravel().tolist(), 'auc': macro,
            'variance': float(cov.sum() / k**2), 'classAucs': [float(a) for a in aucs],
        })
    payload = {'source': f'numpy {np.__version__} O(m*n) DeLong definition; scikit-learn {sklearn.__version__} roc_auc_score', 'binary': binary, 'multiclass': multiclass}
    with open(os.path.normpath(OUT), 'w', encoding='utf-8') as fh:
        json.dump(payload, fh)
        fh.write('\n')
    print(f'wrote {os.path.normpath(OUT)}')


if __name__ == '__main__':
    main()
