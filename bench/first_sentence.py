"""Does the extractive answer's FIRST quoted sentence hold what was asked?

For grounded answers to questions with `answer_all`, the share whose first cited sentence states one of
the answer_all facts (RGB's rule: the string is in the sentence; a list inside answer_all is a set of
alternatives). How / why questions and comparisons have their first sentence printed for review, and
the per-question time (p50/p95) of `ask` is printed too.

    python bench/first_sentence.py QUESTIONS.jsonl [MORE.jsonl] --store DIR [--split calibration|heldout]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from assistant.answer import Assistant
from assistant.evaluate import states
from assistant.question import in_two_parts, question_kind
from assistant.sentence_role import role
from vectorstore.settings import get_settings


def read_questions(paths: list[Path], split: str | None) -> list[dict]:
    rows = []
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                sys.exit(f"error: {path}:{n} is not JSON ({exc}); one question object per line")
            if "q" not in row:
                sys.exit(f"error: {path}:{n} has no `q` field; use the dev question format")
            if split and row.get("split") != split:
                continue
            rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--split", help="only questions with this `split` (calibration | heldout)")
    parser.add_argument("--quiet", action="store_true", help="no per-question review lines")
    args = parser.parse_args(argv)
    questions = read_questions(args.files, args.split)
    assistant = Assistant(get_settings(store=args.store))
    assistant.warm_up()
    hits = scored = grounded_answerable = anywhere = retrievable = 0
    filler_first = filler_before_concrete = several = 0
    times: list[float] = []
    misses: list[str] = []
    for row in questions:
        start = time.perf_counter()
        answer = assistant.ask(row["q"], k=5)
        times.append(time.perf_counter() - start)
        if not row.get("expect") or not answer.grounded or not answer.citations:
            continue
        grounded_answerable += 1
        first = answer.citations[0]
        sentence = first.passage[first.span[0]:first.span[1]]
        fillers = [role(c.passage[c.span[0]:c.span[1]]).filler for c in answer.citations]
        filler_first += fillers[0]
        filler_before_concrete += fillers != sorted(fillers)
        several += len({c.article_id for c in answer.citations}) > 1
        kind = question_kind(row["q"])
        if row.get("answer_all"):
            scored += 1
            ok = any(states(fact, sentence) for fact in row["answer_all"])
            hits += ok
            anywhere += any(states(fact, answer.answer) for fact in row["answer_all"])
            retrievable += any(states(fact, p.passage) for p in answer.retrieved for fact in row["answer_all"])
            if not ok:
                misses.append(f"  MISS {row.get('id')} {row['q']}\n       want {row['answer_all']}\n"
                              f"       first: {sentence[:160]}")
        if not args.quiet and (kind in {"howto", "why"} or in_two_parts(row["q"])):
            cases = len({c.article_id for c in answer.citations})
            print(f"[{kind}{' two' if in_two_parts(row['q']) else ''}] {row.get('id')} {row['q']}\n"
                  f"    first ({cases} report{'s' if cases > 1 else ''}): {sentence[:200]}")
    if not args.quiet:
        print("\n".join(misses))
    ms = sorted(t * 1000 for t in times)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))] if ms else 0.0
    print(f"questions {len(questions)} (split {args.split or 'all'}), grounded answerable {grounded_answerable}, "
          f"with answer_all {scored}")
    print(f"first sentence holds an answer_all fact: {hits}/{scored}"
          + (f" = {hits / scored:.3f}" if scored else ""))
    print(f"  (an answer_all fact anywhere in the answer: {anywhere}/{scored}; "
          f"in the retrieved passages: {retrievable}/{scored})")
    print(f"grounded answers opening with a slogan or outlook (sentence_role): {filler_first}/{grounded_answerable}; "
          f"with one before a concrete sentence: {filler_before_concrete}; quoting several reports: {several}")
    print(f"ask time: p50 {statistics.median(ms) if ms else 0:.0f} ms, p95 {p95:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
