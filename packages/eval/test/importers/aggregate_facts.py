"""Independent facts about aggregate-only results files, for the aggregate tests: read with Python's json and the
normal distribution of Python's statistics module, never with mlgate's code.

  aggregate_facts.py metrics FILE          -> {name: {value, stderr (null when none), lower, upper, higher}}
  aggregate_facts.py compare FILE BASE NAME -> {delta, se, z, p, lower, upper} of this run minus the baseline

Names: lm-eval "<task>/<metric>" plus ",<filter>" unless the filter is "none"; EEE the evaluation_name.
Intervals: value +- z(0.975) * stderr. compare: one-sided p = P(Z >= drop / sqrt(se^2 + se_b^2))."""
import json
import math
import sys
from statistics import NormalDist

Z = NormalDist().inv_cdf(0.975)


def metrics(path):
    doc = json.load(open(path))
    out = {}
    if "evaluation_results" in doc:
        for result in doc["evaluation_results"]:
            unc = result["score_details"].get("uncertainty", {})
            se = unc.get("standard_error", {}).get("value")
            out[result["evaluation_name"]] = entry(
                result["score_details"]["score"], se, not result["metric_config"].get("lower_is_better", False)
            )
        return out
    for task, values in doc["results"].items():
        for key, value in values.items():
            if key == "alias" or "_stderr" in key.split(",")[0]:
                continue
            metric, _, filt = key.partition(",")
            name = f"{task}/{metric}" if filt in ("", "none") else f"{task}/{metric},{filt}"
            se = values.get(f"{metric}_stderr,{filt}" if filt else f"{metric}_stderr")
            se = se if isinstance(se, (int, float)) else None
            out[name] = entry(value, se, doc.get("higher_is_better", {}).get(task, {}).get(metric, True))
    return out


def entry(value, se, higher):
    return {
        "value": value,
        "stderr": se,
        "lower": None if se is None else value - Z * se,
        "upper": None if se is None else value + Z * se,
        "higher": higher,
    }


def compare(path, base, name):
    now, before = metrics(path)[name], metrics(base)[name]
    delta = now["value"] - before["value"]
    se = math.sqrt(now["stderr"] ** 2 + before["stderr"] ** 2)
    drop = -delta if now["higher"] else delta
    return {
        "delta": delta,
        "se": se,
        "z": drop / se,
        "p": 1 - NormalDist().cdf(drop / se),
        "lower": delta - Z * se,
        "upper": delta + Z * se,
    }


if __name__ == "__main__":
    if sys.argv[1] == "metrics":
        print(json.dumps(metrics(sys.argv[2])))
    else:
        print(json.dumps(compare(sys.argv[2], sys.argv[3], sys.argv[4])))
