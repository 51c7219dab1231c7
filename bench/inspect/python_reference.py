"""The reference for the Inspect import benchmark: Python's zipfile + json read every sample of a `.eval` log into
the same rows mlgate builds (id, pass, scores as value_to_float, token sums), timed inside the process.

    /usr/bin/python3 bench/inspect/python_reference.py bench/data/inspect-100k.eval
"""
import json
import sys
import time
import zipfile

VERDICT = {"C": 1.0, "P": 0.5, "I": 0.0, "N": 0.0}


def to_float(value):
    if isinstance(value, (bool, int, float)):
        return float(value)
    return VERDICT[value]


def main():
    start = time.perf_counter()
    rows = []
    with zipfile.ZipFile(sys.argv[1]) as archive:
        for name in archive.namelist():
            if not (name.startswith("samples/") and name.endswith(".json")):
                continue
            sample = json.loads(archive.read(name))
            scores, passed = {}, True
            for scorer, score in sample["scores"].items():
                value = score["value"]
                if isinstance(value, dict):
                    for key, entry in value.items():
                        scores[f"{scorer}.{key}"] = to_float(entry)
                else:
                    scores[scorer] = to_float(value)
                    passed = passed and value == "C"
            usage = sample["model_usage"].values()
            rows.append((str(sample["id"]), passed, scores, sum(u["input_tokens"] for u in usage),
                         sum(u["output_tokens"] for u in usage)))
    elapsed = time.perf_counter() - start
    print(json.dumps({"rows": len(rows), "seconds": elapsed,
                      "pass": sum(1 for row in rows if row[1]),
                      "tokens_input": sum(row[3] for row in rows)}))


if __name__ == "__main__":
    main()
