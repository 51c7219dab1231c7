"""Independent facts about a tool's results file, for the importer tests: read with Python's json and zipfile,
following each tool's own documentation, never with mlgate's code. Prints one JSON object:
rows (case rows), ids (distinct case ids), passed, failed, errors, skipped, score_means {name: mean},
tokens_input, tokens_output."""
import json
import sys
import zipfile

VERDICT = {"C": 1.0, "P": 0.5, "I": 0.0, "N": 0.0}


def to_float(value):
    # inspect_ai.scorer.value_to_float
    if isinstance(value, bool) or isinstance(value, (int, float)):
        return float(value)
    if value in VERDICT:
        return VERDICT[value]
    lowered = value.lower()
    if lowered in ("yes", "true"):
        return 1.0
    if lowered in ("no", "false"):
        return 0.0
    return float(value)


def facts(rows):
    scores = {}
    for row in rows:
        for name, value in row.get("scores", {}).items():
            scores.setdefault(name, []).append(value)
    return {
        "rows": len(rows),
        "ids": len({row["id"] for row in rows}),
        "passed": sum(1 for row in rows if row.get("pass") is True),
        "failed": sum(1 for row in rows if row.get("pass") is False),
        "errors": sum(1 for row in rows if row.get("error")),
        "score_means": {name: sum(values) / len(values) for name, values in scores.items()},
        "tokens_input": sum(row.get("tokens_input", 0) for row in rows),
        "tokens_output": sum(row.get("tokens_output", 0) for row in rows),
    }


def deepeval(path):
    run = json.load(open(path))["testRunData"]
    rows = []
    for case in run["testCases"] + (run.get("conversationalTestCases") or []):
        scores = {m["name"]: m["score"] for m in case["metricsData"] if m.get("score") is not None}
        rows.append({"id": case["name"], "pass": case["success"], "scores": scores})
    return facts(rows)


def inspect_sample(sample):
    scores, verdicts = {}, []
    for name, score in (sample.get("scores") or {}).items():
        value = score["value"]
        if isinstance(value, dict):
            for key, entry in value.items():
                scores[f"{name}.{key}"] = to_float(entry)
        else:
            scores[name] = to_float(value)
            if isinstance(value, bool) or value in VERDICT:
                verdicts.append(value is True or value == "C")
    row = {"id": str(sample["id"]), "scores": scores, "error": bool(sample.get("error"))}
    if verdicts:
        row["pass"] = all(verdicts)
    usage = (sample.get("model_usage") or {}).values()
    row["tokens_input"] = sum(u.get("input_tokens") or 0 for u in usage)
    row["tokens_output"] = sum(u.get("output_tokens") or 0 for u in usage)
    return row


def inspect(path):
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            samples = [json.loads(archive.read(name)) for name in archive.namelist()
                       if name.startswith("samples/") and name.endswith(".json")]
    else:
        samples = json.load(open(path)).get("samples") or []
    return facts([inspect_sample(sample) for sample in samples])


def pytest_json(path):
    report = json.load(open(path))
    rows, skipped = [], 0
    for test in report["tests"]:
        outcome = test["outcome"]
        if outcome in ("skipped", "xfailed"):
            skipped += 1
            continue
        row = {"id": test["nodeid"]}
        # An errored test (setup/teardown failure) fails, as in pytest's own JUnit report.
        row["pass"] = outcome in ("passed", "xpassed")
        row["error"] = outcome == "error"
        rows.append(row)
    result = facts(rows)
    result["skipped"] = skipped
    return result


def openai_evals(path):
    # One case per sample_id that has a match event or a numeric metric; pass = every match correct.
    samples = {}
    for line in open(path):
        if not line.strip():
            continue
        event = json.loads(line)
        if "sample_id" not in event:
            continue
        sample = samples.setdefault(event["sample_id"], {"matches": [], "scores": {}})
        if event["type"] == "match":
            sample["matches"].append(event["data"]["correct"])
        elif event["type"] == "metrics":
            for key, value in event["data"].items():
                if isinstance(value, (int, float)) and value is not None:
                    sample["scores"].setdefault(key, []).append(float(value))
    rows = []
    for sample_id, sample in samples.items():
        if not sample["matches"] and not sample["scores"]:
            continue
        row = {"id": sample_id, "scores": {k: sum(v) / len(v) for k, v in sample["scores"].items()}}
        if sample["matches"]:
            row["pass"] = all(sample["matches"])
        rows.append(row)
    result = facts(rows)
    result["skipped"] = len(samples) - len(rows)
    return result


def every_eval_ever(path):
    rows = []
    for line in open(path):
        if not line.strip():
            continue
        record = json.loads(line)
        evaluation = record.get("evaluation") or {}
        row = {"id": record["sample_id"], "error": bool(record.get("error"))}
        if evaluation.get("is_correct") is not None:
            row["pass"] = evaluation["is_correct"]
        row["scores"] = {"score": evaluation["score"]} if evaluation.get("score") is not None else {}
        usage = record.get("token_usage") or {}
        row["tokens_input"] = usage.get("input_tokens") or 0
        row["tokens_output"] = usage.get("output_tokens") or 0
        rows.append(row)
    return facts(rows)


HELM_QUALITY = {"exact_match", "quasi_exact_match", "prefix_exact_match", "quasi_prefix_exact_match", "f1_score",
                "rouge_l", "bleu_4", "math_equiv"}


def helm(path):
    # per_instance_stats.json: the mean of each unperturbed accuracy stat; pass = exact_match == 1.
    rows = []
    for instance in json.load(open(path)):
        stats = {s["name"]["name"]: s for s in instance["stats"]
                 if not s["name"].get("perturbation") and s["count"] > 0}
        row = {"id": instance["instance_id"],
               "scores": {name: s["sum"] / s["count"] for name, s in stats.items() if name in HELM_QUALITY}}
        if "exact_match" in stats:
            row["pass"] = stats["exact_match"]["sum"] / stats["exact_match"]["count"] == 1
        row["tokens_input"] = round(stats["num_prompt_tokens"]["sum"]) if "num_prompt_tokens" in stats else 0
        row["tokens_output"] = round(stats["num_output_tokens"]["sum"]) if "num_output_tokens" in stats else 0
        rows.append(row)
    return facts(rows)


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    print(json.dumps({"deepeval": deepeval, "inspect": inspect, "pytest-json-report": pytest_json,
                      "openai-evals": openai_evals, "every-eval-ever": every_eval_ever, "helm": helm}[kind](path)))
