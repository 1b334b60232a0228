"""The pool questions (eval/pool_questions*.jsonl) over a store of the development pool, per split.

Usage: python bench/pool_eval.py [QUESTIONS.jsonl ...] [--store ../stores/pool]
(default: every eval/pool_questions*.jsonl of this repo; the store under GONGZHI_BENCH_STORES, by default ../stores
beside the checkout). When the store directory does not exist it is
built first: ../shared/corpus/governance/extract.py dev_ids.txt distractor_ids.txt > <store>-collection.jsonl,
then python -m ingest <that file> --store <store> (embeds 1,167 records: give it a while).

Prints, per split (calibration, heldout, all):
- answered+cited: answerable questions answered (grounded, not marked partial) with a citation from an
  expected report that holds a must_any string;
- declined: unanswerable questions refused (grounded false) or marked partial (`Answer.partial`);
- answer_all: answerable questions with answer_all whose answer text states every fact;
- first cited: of those, the first cited sentence itself states every fact;
- recall@1/@5 over the answerable questions; p50/p95 seconds a question;
then the same per kind family (English, traditional, paraphrase, generic, comparison, why, how, fact,
unanswerable), all splits together.
Lists the calibration questions that fail, including those whose answer holds the facts but not in its
first cited sentence (never the held-out ones: measure on them, don't tune on them).
Writes bench/results/pool_eval.json.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from assistant.answer import Assistant
from assistant.evaluate import Question, load_questions, run
from vectorstore.settings import REPO_ROOT, get_settings
from data_paths import STORES, extract_pool  # noqa: E402 - bench/ is on sys.path when run as a script
from report import save  # noqa: E402 - bench/ is on sys.path when run as a script

DEFAULT_STORE = STORES / "pool"
SPLITS = ("calibration", "heldout")


def build_store(store: Path) -> None:
    """Extract the pool + distractors as JSONL and ingest them into `store` (which does not exist yet)."""
    collection = store.with_name(store.name + "-collection.jsonl")
    print(f"{store} missing: writing {collection} and ingesting it", flush=True)
    with collection.open("w", encoding="utf-8") as out:
        extract_pool(out)
    subprocess.run([sys.executable, "-m", "ingest", str(collection), "--store", str(store), "--quiet"],
                   cwd=REPO_ROOT, check=True)


def share(rows: list[dict], key: str, among: str) -> tuple[int, int]:
    """(how many rows have `key` true, how many rows have `among` true / present)."""
    pool = [r for r in rows if r.get(among)] if among != "*" else rows
    return sum(1 for r in pool if r.get(key)), len(pool)


def figures(rows: list[dict]) -> dict:
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    with_facts = [r for r in answerable if "answer_all_ok" in r]
    seconds = sorted(r["seconds"] for r in rows)

    def count(items: list[dict], test) -> list[int]:  # noqa: ANN001
        return [sum(1 for r in items if test(r)), len(items)]

    return {
        "questions": len(rows),
        "answered_cited": count(answerable, lambda r: r["answered_cited"]),
        "declined": count(unanswerable, lambda r: r["declined"]),
        "answer_all": count(with_facts, lambda r: r["answer_all_ok"]),
        "first_cited_holds": count(with_facts, lambda r: r["first_cited_holds"]),
        "recall@1": count(answerable, lambda r: r["rank"] == 1),
        "recall@5": count(answerable, lambda r: r["rank"] is not None and r["rank"] <= 5),
        "p50_s": round(statistics.median(seconds), 3) if seconds else None,
        "p95_s": round(seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))], 3) if seconds else None,
    }


def fmt(pair: list[int]) -> str:
    hit, n = pair
    return f"{hit}/{n} {hit / n:.0%}" if n else "-"


def family(kind: str) -> str:
    """The kind family a question is reported under: its language/phrasing prefix first, then its type."""
    head = kind.split("-", 1)[0]
    if head in ("crosslingual", "traditional", "paraphrase", "unanswerable", "generic", "comparison", "why",
                "howto"):
        return {"crosslingual": "English", "howto": "how"}.get(head, head)
    return "fact"  # who, when, which, howmany, howmuch, howlong, fact


def failures(rows: list[dict]) -> list[str]:
    out = []
    for r in rows:
        if r["answerable"] and not r["answered_cited"]:
            miss = f", cites {r['miss']}" if r.get("miss") else ""  # assistant.evaluate.citation_miss
            out.append(f"{r['id']} not answered+cited (rank {r['rank']}, grounded {r['grounded']}{miss})")
        elif r["answerable"] and r.get("answer_all_ok") is False:
            out.append(f"{r['id']} answer lacks an answer_all fact")
        elif r["answerable"] and r.get("first_cited_holds") is False:
            out.append(f"{r['id']} first cited sentence lacks an answer_all fact")
        elif not r["answerable"] and not r["declined"]:
            out.append(f"{r['id']} unanswerable but answered")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path,
                        default=sorted((REPO_ROOT / "eval").glob("pool_questions*.jsonl")))
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE)
    parser.add_argument("--k", type=int, default=5)
    args = parser.parse_args()
    if not args.files:
        sys.exit("no question files: pass eval/pool_questions*.jsonl paths")
    for path in args.files:
        if not path.is_file():
            sys.exit(f"{path}: no such question file")
    if not args.store.exists():
        build_store(args.store)
    assistant = Assistant(get_settings(store=args.store))
    assistant.ask("热身", k=args.k)  # load models before timing

    rows: list[dict] = []
    for path in args.files:
        questions: list[Question] = load_questions(path)
        started = time.perf_counter()
        for question, record in zip(questions, run(assistant, questions, k=args.k)):
            now = time.perf_counter()
            rows.append({"file": path.name, "id": question.id, "split": question.split or "(none)",
                         "kind": question.kind, "grounded": record["grounded"],
                         "partial": record["checks"].get("partial", False), "seconds": now - started,
                         **record["checks"]})
            started = now

    table = {split: figures([r for r in rows if r["split"] == split]) for split in SPLITS}
    table["all"] = figures(rows)
    print(f"{len(rows)} questions from {', '.join(p.name for p in args.files)}; store {args.store}")
    header = f"{'split':12} {'n':>3} {'answered+cited':>15} {'declined':>12} {'answer_all':>12} " \
             f"{'first cited':>12} {'recall@1':>12} {'recall@5':>12} {'p50 s':>6} {'p95 s':>6}"
    print(header)
    for split, f in table.items():
        print(f"{split:12} {f['questions']:>3} {fmt(f['answered_cited']):>15} {fmt(f['declined']):>12} "
              f"{fmt(f['answer_all']):>12} {fmt(f['first_cited_holds']):>12} {fmt(f['recall@1']):>12} "
              f"{fmt(f['recall@5']):>12} {f['p50_s'] or 0:>6.2f} {f['p95_s'] or 0:>6.2f}")
    misses = {split: Counter(r["miss"] for r in rows if r["split"] == split and r.get("miss")) for split in SPLITS}
    if any(misses.values()):  # counts only (no held-out question is shown): which report the answer cites
        print("answered, not cited to the fact: " + "; ".join(
            f"{split} " + (", ".join(f"{kind} {n}" for kind, n in sorted(c.items())) or "none")
            for split, c in misses.items()))
    families = sorted({family(r["kind"]) for r in rows})
    print(f"\n{'kind family':14} {'n':>3} {'answered+cited':>15} {'declined':>12} {'answer_all':>12} "
          f"{'first cited':>12} {'recall@5':>12}")
    by_family = {}
    for name in families:
        f = by_family[name] = figures([r for r in rows if family(r["kind"]) == name])
        print(f"{name:14} {f['questions']:>3} {fmt(f['answered_cited']):>15} {fmt(f['declined']):>12} "
              f"{fmt(f['answer_all']):>12} {fmt(f['first_cited_holds']):>12} {fmt(f['recall@5']):>12}")
    failed = failures([r for r in rows if r["split"] == "calibration"])
    if failed:
        print("\ncalibration questions that fail:")
        for line in failed:
            print("  " + line)
    save("pool_eval", {"files": [str(p) for p in args.files], "store": str(args.store), "figures": table, "by_family": by_family,
                       "rows": [{k: v for k, v in r.items() if k != "verification"} for r in rows]})


if __name__ == "__main__":
    main()
