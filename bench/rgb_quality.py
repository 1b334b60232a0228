"""Retrieval quality on the RGB sample: recall@5 and MRR@10 for dense, BM25 and hybrid, dev and test;
for hybrid also grounded (answered at all) and answer accuracy (RGB's rule: every answer element, or one
of its alternatives, appears in the extractive answer text).

Usage: python bench/rgb_quality.py --store /tmp/rgb-store
(ingest first: python -m ingest ../shared/eval/rgb_zh/corpus.jsonl --store /tmp/rgb-store)
Prints a table and writes bench/results/rgb_quality.json. When bench/results/rgb_stock.json holds the
stock pipeline's per-question ranks (python bench/rgb_stock.py), also prints ours − stock per figure with a
paired bootstrap 95% interval: on ~100 questions one question is 0.01 of recall, so a gap whose interval
spans zero is not evidence either way.
"""
from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from assistant.answer import Assistant
from assistant.evaluate import load_questions, run
from vectorstore.settings import get_settings
from data_paths import SHARED  # noqa: E402 - bench/ is on sys.path when run as a script
from report import RESULTS, save  # noqa: E402 - bench/ is on sys.path when run as a script

QA = SHARED / "eval" / "rgb_zh" / "qa.jsonl"


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
            results = list(run(assistant, questions, k=5, mode=mode))
            summary = results[-1]["summary"]
            rows.append({"ranks": {r["id"]: r["checks"]["rank"] for r in results[:-1] if r["checks"]["answerable"]},
                         "split": split, "mode": mode, "n": summary["answerable"], "recall@1": summary["recall@1"],
                         "recall@5": summary["recall@5"], "mrr@10": summary["mrr@10"],
                         "grounded": summary["grounded_acc_answerable"] if mode == "hybrid" else None,
                         "answer_acc": summary["answer_all"] if mode == "hybrid" else None,
                         "seconds": round(time.perf_counter() - start, 1)})
    print(f"{'split':6} {'mode':7} {'n':>4} {'R@1':>6} {'R@5':>6} {'MRR@10':>7} {'grounded':>9} {'answer':>7}")
    for r in rows:
        g = "" if r["grounded"] is None else f"{r['grounded']:.3f}"
        a = "" if r["answer_acc"] is None else f"{r['answer_acc']:.3f}"
        print(f"{r['split']:6} {r['mode']:7} {r['n']:>4} {r['recall@1']:>6.3f} {r['recall@5']:>6.3f} "
              f"{r['mrr@10']:>7.3f} {g:>9} {a:>7}")
    save("rgb_quality", rows)
    stock_file = RESULTS / "rgb_stock.json"
    stock = [r for r in json.loads(stock_file.read_text()) if "ranks" in r] if stock_file.exists() else []
    if stock:
        compare_with_stock([r for r in rows if r["mode"] == "hybrid"], stock)


FIGURES = {"R@1": lambda rank: float(rank == 1), "R@5": lambda rank: float(rank is not None and rank <= 5),
           "MRR@10": lambda rank: 1 / rank if rank and rank <= 10 else 0.0}


def paired_difference(ours: list, stock: list, figure, rounds: int = 10000) -> tuple[float, float, float]:  # noqa: ANN001
    """Mean of ours − stock over the same questions, with a paired bootstrap 95% interval."""
    diffs = [figure(a) - figure(b) for a, b in zip(ours, stock)]
    rng = random.Random(0)
    means = sorted(sum(rng.choices(diffs, k=len(diffs))) / len(diffs) for _ in range(rounds))
    return sum(diffs) / len(diffs), means[int(0.025 * rounds)], means[int(0.975 * rounds)]


def compare_with_stock(ours_rows: list[dict], stock_rows: list[dict]) -> None:
    ours = {qid: rank for r in ours_rows for qid, rank in r["ranks"].items()}
    stock = {qid: rank for r in stock_rows for qid, rank in r["ranks"].items()}
    splits = {r["split"]: list(r["ranks"]) for r in ours_rows}
    splits["all"] = [qid for ids in splits.values() for qid in ids]
    print("\nours (hybrid) − stock, paired bootstrap 95% interval")
    print(f"{'split':6} {'n':>4} " + " ".join(f"{name:>24}" for name in FIGURES))
    for split, ids in splits.items():
        ids = [qid for qid in ids if qid in stock]
        cells = []
        for figure in FIGURES.values():
            mean, low, high = paired_difference([ours[q] for q in ids], [stock[q] for q in ids], figure)
            cells.append(f"{mean:+.3f} [{low:+.3f}, {high:+.3f}]")
        print(f"{split:6} {len(ids):>4} " + " ".join(f"{c:>24}" for c in cells))


if __name__ == "__main__":
    main()
