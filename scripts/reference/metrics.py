#!/usr/bin/python3
"""Generate independent reference values for mlgate's metrics library (packages/eval/src/metrics).

How to regenerate (from the repository root):

    /usr/bin/python3 scripts/reference/metrics.py

Use Debian's /usr/bin/python3: it ships scikit-learn 1.2.1, numpy and scipy (python3-sklearn). The
`python3` first on PATH may lack them. The script refuses to run with another scikit-learn version unless
MLGATE_ALLOW_OTHER_SKLEARN=1 is set, because the fixtures pin scikit-learn 1.2.1 semantics.

It builds deterministic data sets (seeded numpy Generators), computes the metrics with scikit-learn (or,
where no library function exists here, with plain numpy written from the published definitions) and writes
the inputs together with the outputs to test/fixtures/reference/metrics/*.json:

    classification.json  confusion matrix, accuracy, balanced accuracy, precision/recall/F1
                         (per class, macro, micro, weighted, binary), MCC, Cohen's kappa
    probabilistic.json   ROC AUC (binary, OvR macro), average precision, log loss, Brier score, top-label ECE
    regression.json      MAE, MSE, RMSE, R^2, MAPE
    quantile.json        numpy.percentile (default 'linear' method)
    text.json            SQuAD normalisation, exact match and token F1 (official script logic)
    fairness.json        per-group selection rate / TPR / FPR and the fairlearn disparity summaries

JSON conventions: floats are written with repr (shortest round-trip, full precision); NaN is written as
null. An expected value of null means "scikit-learn raises / returns NaN here"; mlgate returns NaN.
Inputs are rounded to a few decimals before use so the files stay small; the rounded doubles are what both
sides compute on. The script is idempotent: rerunning it rewrites identical files.
"""

import json
import math
import os
import re
import string
import sys
import warnings
from collections import Counter

import numpy as np
import sklearn
from sklearn import metrics as skm

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_DIR = os.path.join(REPO, "test", "fixtures", "reference", "metrics")

if sklearn.__version__ != "1.2.1" and os.environ.get("MLGATE_ALLOW_OTHER_SKLEARN") != "1":
    sys.exit(f"expected scikit-learn 1.2.1 (Debian /usr/bin/python3), found {sklearn.__version__}")

# scikit-learn warns on ill-defined metrics (zero division, missing classes); the values are what we test.
warnings.filterwarnings("ignore")
np.seterr(all="ignore")


# ----------------------------------------------------------------------------------------------- helpers


def clean(value):
    """Convert numpy containers/scalars to JSON-ready Python values; NaN becomes None."""
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if isinstance(value, np.ndarray):
        return clean(value.tolist())
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        f = float(value)
        if math.isnan(f):
            return None
        if math.isinf(f):
            return "Infinity" if f > 0 else "-Infinity"
        return f
    return value


def sk(fn, *args, **kwargs):
    """Call a scikit-learn metric; a ValueError (undefined metric) becomes NaN (null in JSON)."""
    try:
        return float(fn(*args, **kwargs))
    except ValueError:
        return float("nan")


def write(name, payload):
    os.makedirs(OUT_DIR, exist_ok=True)
    payload = {
        "generator": "scripts/reference/metrics.py",
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__},
        **payload,
    }
    path = os.path.join(OUT_DIR, name)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(clean(payload), fh, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {os.path.relpath(path, REPO)} ({os.path.getsize(path)} bytes)")


def bootstrap_counts(rng, n):
    """Resample counts of one bootstrap draw: how often each case was picked (zeros included)."""
    return rng.multinomial(n, np.full(n, 1.0 / n)).astype(np.int64)


def ticks_proba(rng, n, k, resolution, concentration=1.0):
    """n x k probability rows on a grid of 1/resolution that sum to 1 (ties are likely on coarse grids)."""
    raw = rng.dirichlet(np.full(k, concentration), size=n)
    ticks = np.floor(raw * resolution).astype(np.int64)
    short = resolution - ticks.sum(axis=1)
    for i in range(n):  # hand out the remainder to the largest fractional parts (deterministic)
        order = np.argsort(-(raw[i] * resolution - ticks[i]), kind="stable")
        ticks[i, order[: short[i]]] += 1
    return ticks / resolution


# ---------------------------------------------------------------------------------------- classification


def classification_expected(y_true, y_pred, labels, weights, positive=None):
    w = None if weights is None else np.asarray(weights, dtype=np.float64)
    prf = dict(labels=labels, sample_weight=w, zero_division=0)
    p, r, f, s = skm.precision_recall_fscore_support(y_true, y_pred, average=None, **prf)
    out = {
        "confusion_matrix": skm.confusion_matrix(y_true, y_pred, labels=labels, sample_weight=w),
        "accuracy": skm.accuracy_score(y_true, y_pred, sample_weight=w),
        "balanced_accuracy": skm.balanced_accuracy_score(y_true, y_pred, sample_weight=w),
        "precision_per_class": p,
        "recall_per_class": r,
        "f1_per_class": f,
        "support": s,
        "matthews_corrcoef": skm.matthews_corrcoef(y_true, y_pred, sample_weight=w),
        "cohen_kappa": skm.cohen_kappa_score(y_true, y_pred, labels=labels, sample_weight=w),
    }
    for avg in ("macro", "micro", "weighted"):
        out[f"precision_{avg}"] = skm.precision_score(y_true, y_pred, average=avg, **prf)
        out[f"recall_{avg}"] = skm.recall_score(y_true, y_pred, average=avg, **prf)
        out[f"f1_{avg}"] = skm.f1_score(y_true, y_pred, average=avg, **prf)
    if positive is not None:
        binary = dict(average="binary", pos_label=positive, sample_weight=w, zero_division=0)
        out["binary"] = {
            "precision": skm.precision_score(y_true, y_pred, **binary),
            "recall": skm.recall_score(y_true, y_pred, **binary),
            "f1": skm.f1_score(y_true, y_pred, **binary),
        }
    return out


def check_counts_equal_repetition(case, expected, y_true, y_pred, labels, weights, positive):
    """Integer sample weights must equal repeating rows: the property a bootstrap relies on."""
    rep_t = np.repeat(np.asarray(y_true), weights)
    rep_p = np.repeat(np.asarray(y_pred), weights)
    again = classification_expected(rep_t, rep_p, labels, None, positive)
    for key, value in expected.items():
        if key == "binary":
            continue
        a, b = np.asarray(value, dtype=np.float64), np.asarray(again[key], dtype=np.float64)
        assert np.allclose(a, b, rtol=1e-12, atol=1e-12, equal_nan=True), (case, key, a, b)


def classification_cases():
    rng = np.random.default_rng(20240101)
    cases = []

    def add(name, k, y_true, y_pred, weights=None, classes=None, note=""):
        y_true = np.asarray(y_true, dtype=np.int64)
        y_pred = np.asarray(y_pred, dtype=np.int64)
        case = {"name": name, "note": note, "k": k, "y_true": y_true, "y_pred": y_pred}
        if classes is None:
            labels = list(range(k))
            t, p = y_true, y_pred
            positive = 1 if k == 2 else None
        else:  # string labels: scikit-learn sees the strings, mlgate sees indices into sorted `classes`
            assert list(classes) == sorted(classes) and len(classes) == k
            labels = list(classes)
            t = np.asarray(classes, dtype=object)[y_true]
            p = np.asarray(classes, dtype=object)[y_pred]
            case["classes"] = list(classes)
            case["y_true_labels"] = list(t)
            case["y_pred_labels"] = list(p)
            del case["y_true"], case["y_pred"]
            positive = classes[1] if k == 2 else None
        if weights is not None:
            case["weights"] = np.asarray(weights)
        case["expected"] = classification_expected(t, p, labels, weights, positive)
        if weights is not None and np.issubdtype(np.asarray(weights).dtype, np.integer):
            check_counts_equal_repetition(name, case["expected"], t, p, labels, weights, positive)
        cases.append(case)

    def noisy(y, k, accuracy):
        wrong = rng.random(len(y)) > accuracy
        shift = rng.integers(1, k, size=len(y))
        return np.where(wrong, (y + shift) % k, y)

    # tiny binary sets
    add("binary_n1_correct", 2, [1], [1])
    add("binary_n1_wrong", 2, [0], [1])
    add("binary_n2", 2, [0, 1], [1, 1])
    add("binary_n3", 2, [1, 0, 1], [1, 0, 0])
    add("binary_n4_all_negative_pred", 2, [1, 0, 1, 0], [0, 0, 0, 0], note="precision zero division")
    add("binary_n5", 2, [0, 0, 1, 1, 1], [0, 1, 1, 0, 1])
    add("binary_only_negatives", 2, [0, 0, 0], [0, 0, 0], note="one class: kappa 0/0 -> NaN, MCC 0")
    # binary, medium/large
    y = rng.integers(0, 2, size=400)
    add("binary_random_400", 2, y, noisy(y, 2, 0.8))
    y = (rng.random(2000) < 0.03).astype(np.int64)
    add("binary_imbalanced_2000", 2, y, noisy(y, 2, 0.95), note="3% positives")
    add("binary_perfect", 2, y[:300], y[:300])
    add("binary_all_wrong", 2, y[:300], 1 - y[:300])
    y = rng.integers(0, 2, size=500)
    yp = noisy(y, 2, 0.7)
    add("binary_bootstrap_counts", 2, y, yp, weights=bootstrap_counts(rng, 500))
    add("binary_float_weights", 2, y[:200], yp[:200], weights=np.round(rng.random(200) * 3, 3))
    y = rng.integers(0, 2, size=250)
    add("binary_string_labels", 2, y, noisy(y, 2, 0.75), classes=["ham", "spam"], note="positive = 'spam'")
    # multiclass k=3
    y = rng.integers(0, 3, size=300)
    add("multiclass3_random_300", 3, y, noisy(y, 3, 0.6))
    yp = noisy(y, 3, 0.6)
    yp[yp == 2] = 0
    add("multiclass3_class2_never_predicted", 3, y, yp)
    add("multiclass3_perfect", 3, y[:90], y[:90])
    add("multiclass3_n3", 3, [0, 1, 2], [1, 2, 2])
    add("multiclass3_single_class", 3, [1, 1, 1, 1], [1, 1, 1, 1], note="kappa NaN, MCC 0")
    y = rng.integers(0, 3, size=300)
    add("multiclass3_string_labels", 3, y, noisy(y, 3, 0.5), classes=["1", "10", "2"],
        note="lexicographic class order")
    # multiclass k=5: class 3 never predicted, class 4 only appears in predictions
    y = rng.choice([0, 1, 2, 3], size=1000, p=[0.4, 0.3, 0.2, 0.1])
    yp = noisy(y, 5, 0.7)
    yp[yp == 3] = 4
    add("multiclass5_missing_classes_1000", 5, y, yp,
        note="label 3 never predicted, label 4 never true")
    add("multiclass5_bootstrap_counts", 5, y[:400], yp[:400], weights=bootstrap_counts(rng, 400))
    add("multiclass5_float_weights", 5, y[:300], yp[:300], weights=np.round(rng.random(300) * 2 + 0.01, 2))
    y = rng.choice(4, size=2000, p=[0.85, 0.1, 0.04, 0.01])
    add("multiclass4_imbalanced_2000", 4, y, noisy(y, 4, 0.9))
    return cases


# -------------------------------------------------------------------------------------------- probabilistic


def ece_reference(y_true, proba, bins, weights):
    """Top-label ECE (Guo et al. 2017): bins (lo, hi] with edges i/bins; |acc - conf| weighted by bin mass."""
    w = np.ones(len(y_true)) if weights is None else np.asarray(weights, dtype=np.float64)
    confidence = proba.max(axis=1)
    correct = (proba.argmax(axis=1) == y_true).astype(np.float64)
    edges = np.arange(bins + 1) / bins
    total = w.sum()
    ece = 0.0
    for b in range(bins):
        in_bin = (confidence > edges[b]) & (confidence <= edges[b + 1])
        if b == 0:
            in_bin |= confidence <= edges[0]  # confidence 0 (all-zero row) joins the first bin
        mass = w[in_bin].sum()
        if mass > 0:
            acc = (w[in_bin] * correct[in_bin]).sum() / mass
            conf = (w[in_bin] * confidence[in_bin]).sum() / mass
            ece += mass / total * abs(acc - conf)
    return ece


def binary_prob_expected(y, score, p, weights):
    w = None if weights is None else np.asarray(weights, dtype=np.float64)
    two_col = np.column_stack([1 - p, p])
    return {
        "roc_auc": sk(skm.roc_auc_score, y, score, sample_weight=w),
        "average_precision": sk(skm.average_precision_score, y, score, sample_weight=w),
        "brier": sk(skm.brier_score_loss, y, p, sample_weight=w),
        "log_loss": sk(skm.log_loss, y, two_col, labels=[0, 1], sample_weight=w),
        "ece10": ece_reference(y, two_col, 10, w),
    }


def multiclass_prob_expected(y, proba, k, weights, rows_are_probabilities=True):
    w = None if weights is None else np.asarray(weights, dtype=np.float64)
    out = {"log_loss": sk(skm.log_loss, y, proba, labels=list(range(k)), sample_weight=w)}
    if rows_are_probabilities:  # ECE needs confidences in [0, 1]; sklearn's OvR AUC needs rows summing to 1
        out["ece10"] = ece_reference(y, proba, 10, w)
        out["ece15"] = ece_reference(y, proba, 15, w)
        out["ece1"] = ece_reference(y, proba, 1, w)
        out["roc_auc_ovr_macro"] = sk(
            skm.roc_auc_score, y, proba, multi_class="ovr", average="macro", labels=list(range(k)),
            sample_weight=w,
        )
    return out


def probabilistic_cases():
    rng = np.random.default_rng(20240202)
    binary, multiclass = [], []

    def add_binary(name, y, p, score=None, weights=None, note=""):
        y = np.asarray(y, dtype=np.int64)
        p = np.asarray(p, dtype=np.float64)
        case = {"name": name, "note": note, "y_true": y, "p": p}
        if score is not None:
            case["score"] = np.asarray(score, dtype=np.float64)
        if weights is not None:
            case["weights"] = np.asarray(weights)
        case["expected"] = binary_prob_expected(y, p if score is None else case["score"], p, weights)
        binary.append(case)

    def add_multi(name, y, proba, k, weights=None, rows_are_probabilities=True, note=""):
        y = np.asarray(y, dtype=np.int64)
        proba = np.asarray(proba, dtype=np.float64)
        case = {"name": name, "note": note, "k": k, "y_true": y, "proba": proba.ravel()}
        if weights is not None:
            case["weights"] = np.asarray(weights)
        case["expected"] = multiclass_prob_expected(y, proba, k, weights, rows_are_probabilities)
        multiclass.append(case)

    def calibrated_binary(n, prevalence, decimals):
        y = (rng.random(n) < prevalence).astype(np.int64)
        logit = rng.normal(0, 1, n) + 1.5 * (2 * y - 1)
        return y, np.round(1 / (1 + np.exp(-logit)), decimals)

    add_binary("n2_one_each", [0, 1], [0.3, 0.7])
    add_binary("n2_inverted", [1, 0], [0.3, 0.7], note="AUC 0")
    add_binary("n3_tie_across_classes", [0, 1, 1], [0.5, 0.5, 0.9])
    add_binary("n5", [1, 0, 1, 0, 0], [0.9, 0.8, 0.8, 0.1, 0.8])
    add_binary("all_tied", [0, 1, 0, 1, 1, 0], [0.5] * 6, note="AUC 0.5")
    add_binary("only_negatives", [0, 0, 0, 0], [0.1, 0.4, 0.4, 0.8], note="AUC undefined; AP 0")
    add_binary("only_positives", [1, 1, 1], [0.2, 0.6, 0.6], note="AUC undefined; AP 1")
    add_binary("perfect_separation", [0, 0, 0, 1, 1], [0.0, 0.1, 0.2, 0.8, 1.0], note="includes 0 and 1")
    add_binary("extreme_probabilities", [1, 0, 1, 0], [0.0, 1.0, 1.0, 0.0], note="log-loss clipping")
    y, p = calibrated_binary(500, 0.4, 1)
    add_binary("ties_500", y, p, note="scores rounded to 0.1: heavy ties")
    y, p = calibrated_binary(2000, 0.02, 3)
    add_binary("imbalanced_2000", y, p, note="2% positives")
    y, p = calibrated_binary(600, 0.5, 2)
    add_binary("bootstrap_counts_600", y, p, weights=bootstrap_counts(rng, 600))
    add_binary("float_weights_300", y[:300], p[:300], weights=np.round(rng.random(300) * 5, 2))
    add_binary("zero_weight_on_top", [0, 1, 0, 1], [0.9, 0.8, 0.3, 0.2], weights=[0, 1, 1, 2],
               note="zero-weight sample at the highest score")
    y, p = calibrated_binary(400, 0.3, 2)
    score = np.round(rng.normal(0, 10, 400) + 8 * y, 1)
    add_binary("raw_scores_400", y, p, score=score, note="AUC/AP on unbounded scores with ties")

    add_multi("k3_n3", [0, 1, 2], [[0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.3, 0.3, 0.4]], 3)
    y = rng.integers(0, 3, 300)
    add_multi("k3_random_300", y, ticks_proba(rng, 300, 3, 1000), 3)
    y = rng.integers(0, 3, 200)
    add_multi("k3_coarse_ties_200", y, ticks_proba(rng, 200, 3, 10), 3,
              note="probabilities on a 0.1 grid: ties, confidences on bin edges, argmax ties")
    add_multi("k3_bootstrap_counts", y, ticks_proba(rng, 200, 3, 100), 3, weights=bootstrap_counts(rng, 200))
    add_multi("k3_float_weights", y[:150], ticks_proba(rng, 150, 3, 100), 3,
              weights=np.round(rng.random(150) * 2, 2))
    raw = np.round(rng.random((120, 3)) * 2, 2)
    raw[::7, 1] = 0.0
    add_multi("k3_unnormalised_rows", rng.integers(0, 3, 120), raw, 3, rows_are_probabilities=False,
              note="rows do not sum to 1: log loss renormalises them (only log loss is compared)")
    proba = ticks_proba(rng, 60, 3, 20)
    proba[:10] = np.eye(3)[rng.integers(0, 3, 10)]
    add_multi("k3_zeros_and_ones", rng.integers(0, 3, 60), proba, 3, note="exact 0/1 probabilities")
    y = rng.choice(5, 600, p=[0.3, 0.25, 0.2, 0.15, 0.1])
    proba = ticks_proba(rng, 600, 5, 20, concentration=0.7)
    add_multi("k5_coarse_600", y, proba, 5)
    y = rng.choice(4, 800, p=[0.4, 0.3, 0.2, 0.1])
    add_multi("k5_class4_absent_800", y, ticks_proba(rng, 800, 5, 1000), 5,
              note="label 4 never true: sklearn OvR AUC raises (NaN); log loss still defined")
    return binary, multiclass


# ----------------------------------------------------------------------------------------------- regression


def regression_expected(y, yhat, weights):
    w = None if weights is None else np.asarray(weights, dtype=np.float64)
    mse = skm.mean_squared_error(y, yhat, sample_weight=w)
    return {
        "mae": skm.mean_absolute_error(y, yhat, sample_weight=w),
        "mse": mse,
        "rmse": math.sqrt(mse),
        "rmse_sklearn": skm.mean_squared_error(y, yhat, sample_weight=w, squared=False),
        "r2": skm.r2_score(y, yhat, sample_weight=w),
        "mape": skm.mean_absolute_percentage_error(y, yhat, sample_weight=w),
    }


def regression_cases():
    rng = np.random.default_rng(20240303)
    cases = []

    def add(name, y, yhat, weights=None, note=""):
        y = np.asarray(y, dtype=np.float64)
        yhat = np.asarray(yhat, dtype=np.float64)
        case = {"name": name, "note": note, "y_true": y, "y_pred": yhat}
        if weights is not None:
            case["weights"] = np.asarray(weights)
        case["expected"] = regression_expected(y, yhat, weights)
        cases.append(case)

    add("n1", [2.5], [3.0], note="R^2 undefined for < 2 samples -> NaN")
    add("n2", [1.0, 2.0], [1.5, 1.5])
    add("n5", [3.0, -0.5, 2.0, 7.0, 4.2], [2.5, 0.0, 2.0, 8.0, 4.0])
    add("perfect", [1.5, -2.0, 3.25, 0.0], [1.5, -2.0, 3.25, 0.0], note="R^2 1, errors 0")
    add("constant_y_true_imperfect", [3.0] * 6, [3.0, 2.0, 4.0, 3.0, 3.5, 2.5], note="R^2 -> 0.0")
    add("constant_y_true_perfect", [3.0] * 4, [3.0] * 4, note="R^2 -> 1.0")
    add("zeros_in_y_true", [0.0, 1.0, -2.0, 0.0, 5.0], [0.1, 1.0, -1.0, 0.0, 4.0],
        note="MAPE divides by float64 eps for zeros")
    y = np.round(rng.normal(50, 20, 2000), 3)
    add("random_2000", y, np.round(y + rng.normal(0, 5, 2000), 3))
    y = np.round(rng.normal(0, 1, 500), 4)
    yhat = np.round(0.8 * y + rng.normal(0, 0.5, 500), 4)
    add("bootstrap_counts_500", y, yhat, weights=bootstrap_counts(rng, 500))
    add("float_weights_200", y[:200], yhat[:200], weights=np.round(rng.random(200) * 4, 3))
    y = np.round(rng.lognormal(13, 1, 300), 2)
    add("large_magnitude_300", y, np.round(y * rng.normal(1, 0.1, 300), 2))
    y = np.round(rng.normal(0, 1, 100), 3)
    add("worse_than_mean_100", y, np.round(-y + rng.normal(0, 1, 100), 3), note="negative R^2")
    add("constant_weighted", [2.0, 2.0, 2.0, 7.0], [2.0, 1.0, 2.5, 0.0], weights=[1, 2, 1, 0],
        note="non-constant only through a zero-weight row -> R^2 0.0")
    return cases


# ------------------------------------------------------------------------------------------------- quantile

PERCENTILES = [0, 1, 5, 25, 50, 75, 90, 95, 99, 99.9, 100]


def quantile_cases():
    rng = np.random.default_rng(20240404)
    arrays = {
        "n1": [42.0],
        "n2": [10.0, 20.0],
        "n5_unsorted": [5.0, 1.0, 4.0, 2.0, 3.0],
        "duplicates": [1.0, 1.0, 1.0, 2.0, 2.0, 9.0],
        "negative_and_fractional": [-3.5, 0.25, -1.0, 7.125, 2.0, -0.5, 11.0],
        "latency_ms_1000": np.round(rng.lognormal(4, 0.6, 1000), 2),
        "integer_latencies_301": rng.integers(1, 500, 301).astype(np.float64),
        "sorted_37": np.sort(np.round(rng.random(37) * 100, 3)),
    }
    return [
        {"name": name, "values": np.asarray(v, dtype=np.float64),
         "percentiles": PERCENTILES, "expected": np.percentile(np.asarray(v, dtype=np.float64), PERCENTILES)}
        for name, v in arrays.items()
    ]


# ----------------------------------------------------------------------------------------------------- text
# SQuAD official evaluation logic, re-typed here: normalize_answer is identical in the v1.1 and v2.0 scripts;
# token F1 follows the v2.0 script (empty vs empty -> 1, one empty -> 0); v1.1 returned 0 for both empty.


def squad_normalize(s):
    def remove_articles(text):
        return re.sub(r"\b(a|an|the)\b", " ", text)

    def white_space_fix(text):
        return " ".join(text.split())

    def remove_punc(text):
        exclude = set(string.punctuation)
        return "".join(ch for ch in text if ch not in exclude)

    return white_space_fix(remove_articles(remove_punc(s.lower())))


def squad_f1(prediction, reference):
    pred_tokens = squad_normalize(prediction).split()
    ref_tokens = squad_normalize(reference).split()
    if len(pred_tokens) == 0 or len(ref_tokens) == 0:
        return float(pred_tokens == ref_tokens)
    common = Counter(pred_tokens) & Counter(ref_tokens)
    num_same = sum(common.values())
    if num_same == 0:
        return 0.0
    precision = 1.0 * num_same / len(pred_tokens)
    recall = 1.0 * num_same / len(ref_tokens)
    return (2 * precision * recall) / (precision + recall)


TEXT_PAIRS = [
    ("The Eiffel Tower", "eiffel tower"),
    ("  a  cat ", "The cat"),
    ("Paris, France.", "paris france"),
    ("the the the", "the"),
    ("", ""),
    ("", "something"),
    ("something", ""),
    ("cat cat cat", "cat"),
    ("cat dog", "dog cat"),
    ("Café au lait", "cafe au lait"),
    ("naïve—approach", "naïve approach"),
    ("don't", "dont"),
    ("U.S.A.", "usa"),
    ("an apple a day", "apple day"),
    ("theater", "the ater"),
    ("Ñthe answer", "ñthe answer"),
    ("ñthe answer", "answer"),
    ("e\u0301a", "e\u0301"),
    ("ΟΔΟΣ", "οδος"),
    ("ΑΣ.Σ", "ας σ"),
    ("İstanbul", "i\u0307stanbul"),
    ("ß", "SS"),
    ("new\u00a0york", "new york"),
    ("x\u001fy", "x y"),
    ("\ufeffanswer", "answer"),
    ("x\u0085y", "x y"),
    ("the\u2028end", "end"),
    ("The answer is 42!!!", "42"),
    ("$1,000.00", "1000.00"),
    ("a an the", ""),
    ("Théâtre", "THÉÂTRE"),
    ("北京 大学", "北京大学"),
    ("under_score", "under score"),
    ("A-B testing", "ab testing"),
    ("repeated repeated word", "repeated word word"),
    ("「Tokyo」", "tokyo"),
    ("👍 yes", "yes"),
    ("THE", "the"),
    ("aN", ""),
    ("line1\nline2\tline3", "line1 line2 line3"),
    ("𝐀𝐁𝐂 the 𝐀", "abc"),
    ("Σ", "σ"),
    ("the_cat", "cat"),
    ("a1 b2", "1 b2"),
]


def text_cases():
    return [
        {"prediction": p, "reference": r, "normalized_prediction": squad_normalize(p),
         "normalized_reference": squad_normalize(r),
         "exact_match": int(squad_normalize(p) == squad_normalize(r)), "f1": squad_f1(p, r)}
        for p, r in TEXT_PAIRS
    ]


# ------------------------------------------------------------------------------------------------- fairness
# fairlearn definitions, in plain numpy: selection_rate = mean(y_pred == 1); true/false positive rates come
# from confusion_matrix(normalize="true") so a group without positives (negatives) gets TPR (FPR) 0;
# *_difference = max - min over the groups present; demographic_parity_ratio = min / max selection rate.


def fairness_expected(y_true, y_pred, group, names, weights):
    w = np.ones(len(y_true)) if weights is None else np.asarray(weights, dtype=np.float64)
    per_group = []
    for g, name in enumerate(names):
        m = group == g
        if not m.any() or w[m].sum() == 0:
            per_group.append({"name": name, "count": int(m.sum()), "selection_rate": float("nan"),
                              "tpr": float("nan"), "fpr": float("nan")})
            continue
        wg, yt, yp = w[m], y_true[m], y_pred[m]
        pos, neg = wg[yt == 1].sum(), wg[yt == 0].sum()
        per_group.append({
            "name": name,
            "count": int(m.sum()),
            "selection_rate": float((wg * (yp == 1)).sum() / wg.sum()),
            "tpr": float(wg[(yt == 1) & (yp == 1)].sum() / pos) if pos > 0 else 0.0,
            "fpr": float(wg[(yt == 0) & (yp == 1)].sum() / neg) if neg > 0 else 0.0,
        })
    present = [g for g in per_group if not math.isnan(g["selection_rate"])]
    sr = np.array([g["selection_rate"] for g in present])
    tpr = np.array([g["tpr"] for g in present])
    fpr = np.array([g["fpr"] for g in present])
    return {
        "groups": per_group,
        "demographic_parity_difference": float(sr.max() - sr.min()),
        "equalized_odds_difference": float(max(tpr.max() - tpr.min(), fpr.max() - fpr.min())),
        "disparate_impact_ratio": float(sr.min() / sr.max()) if sr.max() > 0 else float("nan"),
    }


def fairness_cases():
    rng = np.random.default_rng(20240505)
    cases = []

    def add(name, y_true, y_pred, group, names, weights=None, note=""):
        y_true, y_pred, group = (np.asarray(a, dtype=np.int64) for a in (y_true, y_pred, group))
        case = {"name": name, "note": note, "y_true": y_true, "y_pred": y_pred, "group": group,
                "group_names": names}
        if weights is not None:
            case["weights"] = np.asarray(weights)
        case["expected"] = fairness_expected(y_true, y_pred, group, names, weights)
        cases.append(case)

    n = 600
    group = rng.choice(2, n, p=[0.6, 0.4])
    y = (rng.random(n) < 0.4).astype(np.int64)
    pred = np.where(rng.random(n) < np.where(group == 0, 0.85, 0.7), y, 1 - y)
    add("two_groups_600", y, pred, group, ["female", "male"])
    group = rng.choice(4, n, p=[0.4, 0.3, 0.2, 0.1])
    y = (rng.random(n) < 0.3).astype(np.int64)
    y[group == 3] = 0
    pred = np.where(rng.random(n) < 0.8, y, 1 - y)
    add("four_groups_one_without_positives", y, pred, group, ["a", "b", "c", "d"],
        note="group d has no positives: fairlearn TPR 0")
    add("bootstrap_counts", y, pred, group, ["a", "b", "c", "d"], weights=bootstrap_counts(rng, n))
    add("absent_group", [1, 0, 1, 0], [1, 0, 0, 0], [0, 0, 2, 2], ["x", "y", "z"],
        note="group y has no rows: excluded from the summaries")
    add("nobody_selected", [1, 0, 1, 0], [0, 0, 0, 0], [0, 0, 1, 1], ["x", "y"], note="ratio NaN")
    add("single_group", [1, 0, 1], [1, 1, 0], [0, 0, 0], ["all"])
    add("only_positives_in_group", [1, 1, 0, 1], [1, 0, 1, 1], [0, 0, 1, 1], ["p", "q"],
        note="group p has no negatives: fairlearn FPR 0")
    return cases


def main():
    cls = classification_cases()
    write("classification.json", {"cases": cls})
    binary, multiclass = probabilistic_cases()
    write("probabilistic.json", {"binary": binary, "multiclass": multiclass})
    write("regression.json", {"cases": regression_cases()})
    write("quantile.json", {"cases": quantile_cases()})
    write("text.json", {"cases": text_cases()})
    write("fairness.json", {"cases": fairness_cases()})


if __name__ == "__main__":
    main()
