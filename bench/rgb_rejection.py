"""RGB negative rejection: refuse on same-topic passages without the answer, answer when the gold is there.

Two stores of RGB's Chinese passages (../shared/eval/rgb_zh/corpus.jsonl), built once and cached:
- `rgb-neg`: the hard negatives only (every passage that is gold for no question);
- `rgb-all`: every passage (a copy of rgb-neg plus the gold passages).
For the single-document questions of each split:
- on rgb-neg, the questions whose retrieved passages hold no answer string (RGB's rule) must be refused
  (not grounded: refused outright or marked partial — "the asked fact is not in the reports");
- on rgb-all, the same questions must be answered (grounded) with RGB's answer in the answer text.
Also prints the share of all single-document questions answered on rgb-all, and each question's time.

Usage: python bench/rgb_rejection.py [--stores DIR, default GONGZHI_BENCH_STORES or ../stores] [--split dev|test|both] [--failures] [--wrong] [--half A|B]
--failures lists the dev questions the all-passages store does not answer (and which check made them partial)
and those the negatives store answers; --wrong the dev questions it answers without RGB's answer string, by stage
(not retrieved, passage not quoted, sentence not quoted). Tune on dev only; test is reported, never tuned to (docs/grounding.md).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assistant.answer import Assistant
from assistant.evaluate import states
from vectorstore.settings import REPO_ROOT, get_settings
from data_paths import SHARED, STORES  # noqa: E402 - bench/ is on sys.path when run as a script
from report import save  # noqa: E402 - bench/ is on sys.path when run as a script

RGB = SHARED / "eval" / "rgb_zh"


def _ingest(source: Path, store: Path) -> None:
    subprocess.run([sys.executable, "-m", "ingest", str(source), "--store", str(store), "--quiet"], check=True,
                   cwd=REPO_ROOT)


def build_stores(stores: Path) -> tuple[Path, Path]:
    """rgb-neg and rgb-all under `stores`, built when missing (a `.done` file marks a finished build)."""
    neg, full = stores / "rgb-neg", stores / "rgb-all"
    if (neg / ".done").exists() and (full / ".done").exists():
        return neg, full
    rows = [json.loads(line) for line in (RGB / "corpus.jsonl").read_text(encoding="utf-8").splitlines() if line]
    with tempfile.TemporaryDirectory() as tmp:
        sources = {"negatives": Path(tmp) / "rgb_negatives.jsonl", "gold": Path(tmp) / "rgb_gold.jsonl"}
        for name, path in sources.items():
            keep = [r for r in rows if bool(r["gold_for"]) == (name == "gold")]
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in keep), encoding="utf-8")
        if not (neg / ".done").exists():
            _ingest(sources["negatives"], neg)
            (neg / ".done").touch()
        if not (full / ".done").exists():
            shutil.rmtree(full, ignore_errors=True)
            shutil.copytree(neg, full)
            _ingest(sources["gold"], full)
            (full / ".done").touch()
    return neg, full


def half(qid: str) -> str:
    """A or B: a fixed split of the questions by the md5 of their id (even → A), to develop a check on one half of
    dev and see whether it carries over to the other before test is measured (docs/grounding.md, branch rgbcv)."""
    return "A" if int(hashlib.md5(qid.encode()).hexdigest(), 16) % 2 == 0 else "B"


def single_document_questions(split: str, only: str = "") -> list[dict]:
    """The split's single-document questions; only: "A" or "B" keeps that half (half)."""
    rows = [json.loads(line) for line in (RGB / "qa.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return [r for r in rows if r["split"] == split and r["n_gold_docs_required"] == 1
            and (not only or half(r["qid"]) == only)]


def holds_answer(answer: list, texts: list[str]) -> bool:
    """RGB's rule over the retrieved passages: every answer element (or one of its alternatives) appears."""
    joined = "\n".join(texts)
    return all(states(fact, joined) for fact in answer)


def evaluate(neg: Assistant, full: Assistant, split: str, only: str = "") -> tuple[dict, list[dict]]:
    rows, times = [], []
    for q in single_document_questions(split, only):
        started = time.perf_counter()
        on_neg = neg.ask(q["question"])
        times.append(time.perf_counter() - started)
        on_full = full.ask(q["question"])
        rows.append({
            "qid": q["qid"], "split": split, "question": q["question"],
            "neg_holds_answer": holds_answer(q["answer"], [p.passage for p in on_neg.retrieved]),
            "neg_grounded": on_neg.grounded, "neg_partial": on_neg.partial,
            "neg_reason": (on_neg.grounding.answer_type.reason if on_neg.grounding.answer_type else ""),
            "full_grounded": on_full.grounded, "full_partial": on_full.partial,
            "full_correct": on_full.grounded and all(states(f, on_full.answer) for f in q["answer"]),
            "full_reason": (on_full.grounding.answer_type.reason if on_full.grounding.answer_type else ""),
            # where an answered question's answer misses RGB's string: were the passages it read holding it?
            "full_retrieved_holds": holds_answer(q["answer"], [p.passage for p in on_full.retrieved]),
            "full_quoted_holds": holds_answer(q["answer"], [c.passage for c in on_full.citations]),
        })
    subset = [r for r in rows if not r["neg_holds_answer"]]
    share = lambda items, key: round(sum(1 for r in items if key(r)) / len(items), 3) if items else None  # noqa: E731
    times.sort()
    summary = {
        "split": split, "questions": len(rows), "no_answer_on_neg": len(subset),
        "refused_on_neg": share(subset, lambda r: not r["neg_grounded"]),
        "partial_on_neg": share(subset, lambda r: r["neg_partial"]),
        "answered_on_full": share(subset, lambda r: r["full_grounded"]),
        "correct_on_full": share(subset, lambda r: r["full_correct"]),
        "answered_on_full_all": share(rows, lambda r: r["full_grounded"]),
        "correct_on_full_all": share(rows, lambda r: r["full_correct"]),
        "p95_ms_neg": round(1000 * times[int(0.95 * (len(times) - 1))], 1) if times else None,
    }
    return summary, rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stores", type=Path, default=STORES)
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--failures", action="store_true",
                        help="list the dev questions not answered on rgb-all / answered on rgb-neg, with the reason")
    parser.add_argument("--wrong", action="store_true",
                        help="list the dev questions answered on rgb-all without RGB's answer string, by stage")
    parser.add_argument("--half", choices=("A", "B"), default="",
                        help="only that half of the split's questions (md5 of the qid; dev only: develop on A, check B)")
    args = parser.parse_args()
    if args.half and args.split != "dev":
        parser.error("--half is for dev: test is measured whole, never split to tune on")
    neg_root, full_root = build_stores(args.stores)
    neg, full = Assistant(get_settings(store=neg_root)), Assistant(get_settings(store=full_root))
    neg.warm_up()
    full.warm_up()
    summaries, rows = [], []
    for split in (("dev", "test") if args.split == "both" else (args.split,)):
        summary, split_rows = evaluate(neg, full, split, args.half)
        summaries.append(summary)
        rows += split_rows
    print(f"{'split':6} {'n':>4} {'no-ans':>6} {'refused':>8} {'(partial)':>9} {'answered':>9} {'correct':>8} "
          f"{'ans(all)':>9} {'cor(all)':>9} {'p95 ms':>7}")
    for s in summaries:
        print(f"{s['split']:6} {s['questions']:>4} {s['no_answer_on_neg']:>6} {s['refused_on_neg']:>8} "
              f"{s['partial_on_neg']:>9} {s['answered_on_full']:>9} {s['correct_on_full']:>8} "
              f"{s['answered_on_full_all']:>9} {s['correct_on_full_all']:>9} {s['p95_ms_neg']:>7}")
    if args.failures:
        print_failures([r for r in rows if r["split"] == "dev"])  # never test's: measure on it, don't tune
    if args.wrong:
        print_wrong([r for r in rows if r["split"] == "dev"])  # never test's
    save("rgb_rejection", {"summaries": summaries, "rows": rows})


def print_failures(rows: list[dict]) -> None:
    """The questions whose retrieved negatives hold no answer that rgb-all leaves unanswered (partial: the
    answer-type check's reason — type, year, focus, name, judge…; refused: grounding), then those rgb-neg answers."""
    subset = [r for r in rows if not r["neg_holds_answer"]]
    print("not answered on rgb-all:")
    for r in subset:
        if not r["full_grounded"]:
            print(f"  {r['qid']} {'partial ' + r['full_reason'] if r['full_partial'] else 'refused'}: {r['question']}")
    print("answered on rgb-neg:")
    for r in subset:
        if r["neg_grounded"]:
            print(f"  {r['qid']}: {r['question']}")



def print_wrong(rows: list[dict]) -> None:
    """The questions (retrieved negatives without the answer) answered on rgb-all whose answer lacks RGB's string,
    by stage: no retrieved passage holds it (another form, or retrieval), a retrieved passage does but no quoted
    passage (the wrong passage quoted), a quoted passage does but not the quoted sentences (the wrong sentence)."""
    wrong = [r for r in rows if not r["neg_holds_answer"] and r["full_grounded"] and not r["full_correct"]]
    print("answered on rgb-all without RGB's answer string:")
    for r in wrong:
        stage = ("not retrieved" if not r["full_retrieved_holds"] else
                 "passage not quoted" if not r["full_quoted_holds"] else "sentence not quoted")
        print(f"  {r['qid']} {stage}: {r['question']}")


if __name__ == "__main__":
    main()
