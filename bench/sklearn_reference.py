#!/usr/bin/python3
"""The eval-gate workload done the straightforward numpy + scikit-learn way, as a reference for bench/run.mjs.

    /usr/bin/python3 bench/sklearn_reference.py bench/data/binary-1000000.jsonl --resamples 20
    /usr/bin/python3 bench/sklearn_reference.py bench/data/multiclass-100000.jsonl --resamples 50 \
        --mlgate-report bench/data/reports/multiclass-100000.json      # also cross-checks the point values

Run it with Debian's /usr/bin/python3 (scikit-learn 1.2.1, numpy 1.24), not the python3 first on PATH.

Phases, each timed separately:
  load       read the JSONL (json.loads per line), build int-encoded label arrays and the probability array
  point      every metric once on all cases
  bootstrap  R resamples (rng.integers(0, n, n) indices, then every sklearn metric on the resampled arrays),
             extrapolated linearly to 1,000 resamples (the per-resample cost does not depend on R)
  fast       a vectorised numpy bootstrap of accuracy only, all 1,000 resamples (np.bincount of the drawn indices
             as per-case weights — the same weight-vector formulation mlgate uses), for a fair lower bound
Peak RSS is resource.getrusage(RUSAGE_SELF).ru_maxrss.

Labels are integer-encoded once before any metric (sklearn is much slower on arrays of Python strings), which
favours sklearn. Metrics: accuracy, balanced_accuracy, precision/recall/f1 (binary: positive class; all: macro,
micro, weighted), mcc, cohen_kappa, roc_auc (binary; multiclass one-vs-rest macro), average_precision (binary),
log_loss, brier (binary). mlgate also reports ECE, which sklearn does not have; it is not computed here.
"""
import argparse
import json
import resource
import sys
import time

import numpy as np
import sklearn
from sklearn import metrics as skm

RESAMPLES_TOTAL = 1000


def load(path):
    ids, expected, predicted, probability = [], [], [], []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            ids.append(row["id"])
            expected.append(str(row["expected"]))
            predicted.append(str(row["predicted"]))
            probability.append(row["probability"])
    labels = sorted(set(expected) | set(predicted))
    code = {label: i for i, label in enumerate(labels)}
    y_true = np.fromiter((code[v] for v in expected), dtype=np.int64, count=len(expected))
    y_pred = np.fromiter((code[v] for v in predicted), dtype=np.int64, count=len(predicted))
    if isinstance(probability[0], dict):
        proba = np.array([[p.get(label, 0.0) for label in labels] for p in probability], dtype=np.float64)
        task = "multiclass"
    else:
        proba = np.asarray(probability, dtype=np.float64)  # P(positive) = P(labels[1]); labels "0" < "1"
        task = "binary"
    return task, labels, y_true, y_pred, proba


def compute(task, k, y_true, y_pred, proba):
    """Every metric with the plain sklearn functions."""
    label_ids = list(range(k))
    out = {
        "accuracy": skm.accuracy_score(y_true, y_pred),
        "balanced_accuracy": skm.balanced_accuracy_score(y_true, y_pred),
    }
    if task == "binary":
        out["precision"] = skm.precision_score(y_true, y_pred, pos_label=1, zero_division=0)
        out["recall"] = skm.recall_score(y_true, y_pred, pos_label=1, zero_division=0)
        out["f1"] = skm.f1_score(y_true, y_pred, pos_label=1, zero_division=0)
    for average in ("macro", "micro", "weighted"):
        kwargs = dict(labels=label_ids, average=average, zero_division=0)
        out[f"precision_{average}"] = skm.precision_score(y_true, y_pred, **kwargs)
        out[f"recall_{average}"] = skm.recall_score(y_true, y_pred, **kwargs)
        out[f"f1_{average}"] = skm.f1_score(y_true, y_pred, **kwargs)
    out["mcc"] = skm.matthews_corrcoef(y_true, y_pred)
    out["cohen_kappa"] = skm.cohen_kappa_score(y_true, y_pred)
    if task == "binary":
        out["roc_auc"] = skm.roc_auc_score(y_true, proba)
        out["average_precision"] = skm.average_precision_score(y_true, proba)
        out["log_loss"] = skm.log_loss(y_true, proba, labels=label_ids)
        out["brier"] = skm.brier_score_loss(y_true, proba, pos_label=1)
    else:
        out["roc_auc"] = skm.roc_auc_score(y_true, proba, multi_class="ovr", average="macro", labels=label_ids)
        out["log_loss"] = skm.log_loss(y_true, proba, labels=label_ids)
    return out


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", help="canonical JSONL results (bench/data/<task>-<N>.jsonl)")
    parser.add_argument("--resamples", type=int, default=20, help="sklearn bootstrap resamples actually run (default 20)")
    parser.add_argument("--fast-resamples", type=int, default=RESAMPLES_TOTAL, help="numpy accuracy-only resamples (default 1000)")
    parser.add_argument("--seed", type=int, default=20240517)
    parser.add_argument("--mlgate-report", help="an mlgate eval report of the same file: compare point values")
    parser.add_argument("--json", help="also write the timings as JSON to this file")
    args = parser.parse_args()

    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, scikit-learn {sklearn.__version__}", flush=True)

    started = time.perf_counter()
    task, labels, y_true, y_pred, proba = load(args.results)
    load_s = time.perf_counter() - started
    n, k = len(y_true), len(labels)
    print(f"{args.results}: {task}, {n} cases, {k} labels; load {load_s:.2f} s", flush=True)

    started = time.perf_counter()
    point = compute(task, k, y_true, y_pred, proba)
    point_s = time.perf_counter() - started
    print(f"point estimates: {len(point)} metrics in {point_s:.2f} s", flush=True)

    rng = np.random.default_rng(args.seed)
    samples = {name: np.empty(args.resamples) for name in point}
    started = time.perf_counter()
    for r in range(args.resamples):
        idx = rng.integers(0, n, n)
        values = compute(task, k, y_true[idx], y_pred[idx], proba[idx])
        for name, value in values.items():
            samples[name][r] = value
    boot_s = time.perf_counter() - started
    per_resample = boot_s / args.resamples if args.resamples else float("nan")
    boot_extrapolated_s = per_resample * RESAMPLES_TOTAL
    print(
        f"sklearn bootstrap: {args.resamples} resamples in {boot_s:.2f} s ({per_resample * 1000:.0f} ms each) "
        f"-> {RESAMPLES_TOTAL} resamples extrapolated {boot_extrapolated_s:.1f} s",
        flush=True,
    )
    if args.resamples >= 2:
        lo, hi = np.percentile(samples["accuracy"], [2.5, 97.5])
        print(f"  accuracy {point['accuracy']:.4f} [{lo:.4f}, {hi:.4f}] (from {args.resamples} resamples only)")

    correct = (y_true == y_pred).astype(np.float64)
    rng = np.random.default_rng(args.seed)
    fast = np.empty(args.fast_resamples)
    started = time.perf_counter()
    for r in range(args.fast_resamples):
        counts = np.bincount(rng.integers(0, n, n), minlength=n)
        fast[r] = counts @ correct / n
    fast_s = time.perf_counter() - started
    fast_extrapolated_s = fast_s / args.fast_resamples * RESAMPLES_TOTAL if args.fast_resamples else float("nan")
    lo, hi = np.percentile(fast, [2.5, 97.5]) if args.fast_resamples else (float("nan"),) * 2
    print(
        f"numpy bincount bootstrap, accuracy only: {args.fast_resamples} resamples in {fast_s:.2f} s"
        f"{'' if args.fast_resamples == RESAMPLES_TOTAL else f' -> {RESAMPLES_TOTAL} extrapolated {fast_extrapolated_s:.1f} s'}"
        f"; accuracy 95% CI [{lo:.4f}, {hi:.4f}]",
        flush=True,
    )

    total_s = load_s + point_s + boot_extrapolated_s
    peak = peak_rss_mb()
    print(
        f"TOTAL (load + point + extrapolated {RESAMPLES_TOTAL}-resample sklearn bootstrap): {total_s:.1f} s; "
        f"measured part {load_s + point_s + boot_s:.1f} s; peak RSS {peak:.0f} MB",
        flush=True,
    )

    if args.mlgate_report:
        with open(args.mlgate_report, encoding="utf-8") as handle:
            report = json.load(handle)
        worst = 0.0
        for name, value in point.items():
            theirs = report["metrics"].get(name, {}).get("value")
            if theirs is None:
                print(f"  {name}: not in the mlgate report")
                continue
            diff = abs(theirs - value)
            worst = max(worst, diff)
            if diff > 1e-9:
                print(f"  {name}: sklearn {value!r} mlgate {theirs!r} (diff {diff:.3g})")
        print(f"cross-check vs {args.mlgate_report}: {len(point)} metrics, max |difference| {worst:.3g}")

    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(
                {
                    "file": args.results,
                    "task": task,
                    "n": n,
                    "load_s": load_s,
                    "point_s": point_s,
                    "resamples": args.resamples,
                    "bootstrap_measured_s": boot_s,
                    "bootstrap_extrapolated_s": boot_extrapolated_s,
                    "fast_accuracy_resamples": args.fast_resamples,
                    "fast_accuracy_s": fast_s,
                    "fast_accuracy_extrapolated_s": fast_extrapolated_s,
                    "total_extrapolated_s": total_s,
                    "peak_rss_mb": peak,
                },
                handle,
                indent=2,
            )


if __name__ == "__main__":
    main()
