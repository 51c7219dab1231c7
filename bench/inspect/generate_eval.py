"""Writes a seeded Inspect AI `.eval` log (log format 2, as inspect_ai 0.3.x writes it) with N samples × E epochs:
header.json, _journal/start.json, samples/<id>_epoch_<n>.json (each ~2 KB: input, messages, output, a C/I `match`
score, a dict-valued `rubric` score, model_usage, timings), summaries.json and reductions.json, deflated.

    /usr/bin/python3 bench/inspect/generate_eval.py --samples 100000 --out bench/data/inspect-100k.eval
"""
import argparse
import json
import random
import zipfile

WORDS = "model answer refund policy billing account shipping order status delay customer request support".split()


def text(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def sample(rng, sample_id, epoch):
    question = text(rng, 40)
    answer = text(rng, 30)
    correct = rng.random() < 0.8
    input_tokens, output_tokens = rng.randint(50, 400), rng.randint(1, 200)
    return {
        "id": sample_id,
        "epoch": epoch,
        "input": question,
        "target": "Yes",
        "messages": [
            {"id": f"m{sample_id}-{epoch}-1", "role": "user", "content": question, "source": "input"},
            {"id": f"m{sample_id}-{epoch}-2", "role": "assistant", "content": answer, "source": "generate",
             "model": "gpt-4o-mini"},
        ],
        "output": {"model": "gpt-4o-mini", "choices": [{"message": {"role": "assistant", "content": answer},
                                                        "stop_reason": "stop"}],
                   "completion": answer,
                   "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens,
                             "total_tokens": input_tokens + output_tokens}},
        "scores": {
            "match": {"value": "C" if correct else "I", "answer": answer[:20], "explanation": answer[:60]},
            "rubric": {"value": {"clarity": round(rng.random(), 3), "grounded": rng.random() < 0.9}},
        },
        "metadata": {"domain": rng.choice(["billing", "shipping", "account"])},
        "store": {},
        "events": [],
        "model_usage": {"openai/gpt-4o-mini": {"input_tokens": input_tokens, "output_tokens": output_tokens,
                                               "total_tokens": input_tokens + output_tokens,
                                               "input_tokens_cache_read": 0, "reasoning_tokens": 0}},
        "total_time": round(rng.uniform(0.2, 4.0), 3),
        "working_time": round(rng.uniform(0.2, 4.0), 3),
        "uuid": f"{rng.getrandbits(64):016x}",
        "error_retries": [],
        "attachments": {},
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=20240517)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    spec = {"eval_id": "bench", "run_id": "bench", "created": "2026-01-01T00:00:00+00:00", "task": "bench",
            "task_version": 0, "dataset": {"name": "bench", "samples": args.samples},
            "model": "openai/gpt-4o-mini", "config": {"epochs": args.epochs},
            "packages": {"inspect_ai": "0.3.95"}}
    total = args.samples * args.epochs
    header = {"version": 2, "status": "success", "eval": spec, "plan": {"name": "plan", "steps": []},
              "results": {"total_samples": total, "completed_samples": total, "scores": []},
              "stats": {"started_at": "", "completed_at": "", "model_usage": {}}}
    with zipfile.ZipFile(args.out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("_journal/start.json", json.dumps({"version": 2, "eval": spec, "plan": header["plan"]}))
        for sample_id in range(1, args.samples + 1):
            for epoch in range(1, args.epochs + 1):
                archive.writestr(f"samples/{sample_id}_epoch_{epoch}.json",
                                 json.dumps(sample(rng, sample_id, epoch)))
        archive.writestr("summaries.json", "[]")
        archive.writestr("reductions.json", "[]")
        archive.writestr("header.json", json.dumps(header))


if __name__ == "__main__":
    main()
