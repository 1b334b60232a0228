"""Retrieval quality on the RGB sample: recall@5 and MRR@10 for dense, BM25 and hybrid, dev and test.

Usage: python bench/rgb_quality.py --store /tmp/rgb-store
(ingest first: python -m ingest ../shared/eval/rgb_zh/corpus.jsonl --store /tmp/rgb-store)
Prints a table and writes bench/results/rgb_quality.json.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from assistant.answer import Assistant
from assistant.evaluate import load_questions, run
from vectorstore.settings import REPO_ROOT, get_settings

QA = REPO_ROOT.parent / "shared" / "eval" / "rgb_zh" / "qa.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    args = parser.parse_args()
    assistant = Assistant(get_settings(store=args.store))
    rows = []
    for split in ("dev", "test"):
        questions = load_questions(QA, split=split)
        for mode in ("dense", "bm25", "hybrid"):
            start = time.perf_counter()
            summary = list(run(assistant, questions, k=5, mode=mode))[-1]["summary"]
            rows.append({"split": split, "mode": mode, "n": summary["answerable"], "recall@1": summary["recall@1"],
                         "recall@5": summary["recall@5"], "mrr@10": summary["mrr@10"],
                         "grounded": summary["grounded_acc_answerable"] if mode == "hybrid" else None,
                         "seconds": round(time.perf_counter() - start, 1)})
    print(f"{'split':6} {'mode':7} {'n':>4} {'R@1':>6} {'R@5':>6} {'MRR@10':>7} {'grounded':>9}")
    for r in rows:
        g = "" if r["grounded"] is None else f"{r['grounded']:.3f}"
        print(f"{r['split']:6} {r['mode']:7} {r['n']:>4} {r['recall@1']:>6.3f} {r['recall@5']:>6.3f} "
              f"{r['mrr@10']:>7.3f} {g:>9}")
    out = REPO_ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "rgb_quality.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
