"""The answering direction on unseen, human-phrased questions: CMRC 2018 dev and DRCD dev/test (../shared/eval/mrc/).

Every MRC question has its answer in its paragraph, so each one the assistant does not answer (refused, or
marked partial) while the paragraph is retrieved is a false veto. The questions come only from the articles
bench/train_judge.py kept apart (`kept_apart`, a fifth; an article whose title is in several files counts as
kept apart only when it is kept apart in every file, so the judge saw none of its paragraphs' questions).
Those articles are split in two by a hash of the title — calibration (look at its failures, tune on it) and
heldout (numbers only) — before anything is asked.

The store (built once, cached under --store, never in the repo; DRCD in simplified characters, as
train_judge reads it): each paragraph a record titled by its article; every paragraph of the kept-apart
articles plus paragraphs of other articles as distractors, up to --paragraphs in all.

Per split and per question kind (who/when/how many/where/which/why/how/what, from the question's words):
  answered      grounded and not partial
  cited         the answer cites the question's own paragraph (answered and cited = "answered+cited")
  in answer     the answer span is in the answer text (answered only)
  in first      the answer span is in the first cited sentence (answered only)
  recall@1/@5   the paragraph's rank among the retrieved passages
and the veto reasons of the questions not answered: refused for coverage / missing entity / no quote, partial
for the answer-type reason (type, focus, sentence, judge, place, year…), with the right paragraph retrieved
first or not. Writes bench/results/mrc_answering.json (figures and, per calibration question, ids and reasons
only: no MRC text). `--show N` prints N calibration failures (question, reason) to read; `--show-first N` prints N calibration
answers holding the span whose first quote lacks it (the first quote and the quote holding it); never the held-out.
Usage: nice python bench/mrc_answering.py [--store ../stores/mrc-base] [--split calibration|heldout|both]
(stores: under GONGZHI_BENCH_STORES, by default ../stores beside the checkout)
"""
from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from assistant.answer import Assistant
from assistant.evaluate import Question, checks, first_cited_sentence, states
from vectorstore.settings import REPO_ROOT, get_settings
from data_paths import STORES, in_stores  # noqa: E402 - bench/ is on sys.path when run as a script
from report import save  # noqa: E402 - bench/ is on sys.path when run as a script
from train_judge import FILES, _articles, kept_apart  # noqa: E402 - bench/ is on sys.path

ASKED_FILES = {"cmrc2018_dev.json": "cmrc", "DRCD_dev.json": "drcdd", "DRCD_test.json": "drcdt"}
SPLITS = ("calibration", "heldout")
# the kind of a question by its question word, first match wins (a report's grouping, not a check)
KINDS = (
    ("why", re.compile(r"为什么|为何|何故|什么原因|原因是")),
    ("when", re.compile(r"什么时候|何时|哪一?年|哪一?天|哪个?月|几月|几号|几日|哪个?时[期代候]|何年|年代|日期")),
    ("who", re.compile(r"谁|哪位|何人|什么人|哪些人")),
    ("where", re.compile(r"哪里|哪儿|何处|在哪|什么地方|何地|哪个?(?:国家|城市|地区|省)")),
    ("how many", re.compile(r"多少|几[个位次岁年种名人座条部届件项支只天倍]|多[长久大高远重深宽]")),
    ("which", re.compile(r"哪")),
    ("how", re.compile(r"怎么|怎样|如何")),
    ("what", re.compile(r"什么|何|啥")),
)


def kind_of(question: str) -> str:
    return next((name for name, pattern in KINDS if pattern.search(question)), "other")


def _record_id(source: str, article: int, paragraph: int) -> str:
    return f"mrc-{ASKED_FILES[source]}-{article}-{paragraph}"


def select(paragraph_budget: int) -> tuple[list[dict], list[Question]]:
    """The store's records and the questions (kept-apart articles only, split by title)."""
    articles = _articles()
    held_in: dict[str, bool] = {}
    for source, title, _ in articles:  # every file the title is in, the judge's training files included
        held_in[title] = held_in.get(title, True) and kept_apart(source, title)
    records, questions, others = [], [], []
    counters: Counter = Counter()
    for source, title, paragraphs in articles:
        if source not in ASKED_FILES:
            continue
        counters[source] += 1
        article = counters[source]
        for n, paragraph in enumerate(paragraphs):
            record = {"id": _record_id(source, article, n), "title": title, "text": paragraph["context"]}
            if not held_in[title]:
                others.append(record)
                continue
            records.append(record)
            split = SPLITS[zlib.crc32(f"mrc-split/{title}".encode()) % 2]
            for m, qa in enumerate(paragraph["qas"]):
                if qa["answer"].strip():
                    questions.append(Question(id=f"{record['id']}-{m}", q=qa["question"], expect=[record["id"]],
                                              answer_all=[qa["answer"]], kind=kind_of(qa["question"]), split=split))
    random.Random(19).shuffle(others)
    records += others[:max(0, paragraph_budget - len(records))]
    return records, questions


def build_store(store: Path, records: list[dict]) -> None:
    """Ingest the records into `store` (a `.done` file marks a finished build)."""
    if (store / ".done").exists():
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mrc_paragraphs.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        print(f"ingesting {len(records)} paragraphs into {store}", flush=True)
        subprocess.run(["nice", sys.executable, "-m", "ingest", str(path), "--store", str(store), "--quiet"],
                       cwd=REPO_ROOT, check=True)
    (store / ".done").touch()


def veto(answer, threshold: float) -> str:  # noqa: ANN001
    """Why an answer is not an answer: '' when answered."""
    if answer.grounded and not answer.partial:
        return ""
    if answer.partial:
        typed = answer.grounding.answer_type
        return f"partial:{typed.reason if typed and typed.reason else '?'}"
    if answer.grounding.missing_entities:
        return "refused:missing entity"
    if answer.grounding.coverage is not None and answer.grounding.coverage < threshold:
        return "refused:coverage"
    return "refused:no quote"


def ask_all(assistant: Assistant, questions: list[Question], k: int) -> list[dict]:
    rows = []
    started = time.perf_counter()
    for n, question in enumerate(questions, 1):
        answer = assistant.ask(question.q, k=k)
        result = checks(question, answer)
        answered = answer.grounded and not answer.partial
        fact = question.answer_all[0]
        rows.append({
            "id": question.id, "split": question.split, "kind": question.kind, "rank": result["rank"],
            "answered": answered, "answered_cited": result["answered_cited"],
            "in_answer": answered and states(fact, answer.answer),
            "in_first": answered and states(fact, first_cited_sentence(answer)),
            "veto": veto(answer, assistant.settings.answer.grounding_threshold), "coverage": answer.grounding.coverage,
            "missing_entities": answer.grounding.missing_entities or [],
            "expected": answer.grounding.answer_type.expected if answer.grounding.answer_type else None,
            "first": first_cited_sentence(answer) if answered else "",
            "holding": next((s for c in sorted(answer.citations, key=lambda c: c.n)
                             if states(fact, s := c.passage[c.span[0]:c.span[1]])), "") if answered else "",
        })
        if n % 200 == 0:
            print(f"  {n}/{len(questions)} asked, {time.perf_counter() - started:.0f} s", flush=True)
    return rows


def figures(rows: list[dict]) -> dict:
    def count(test) -> list[int]:  # noqa: ANN001
        return [sum(1 for r in rows if test(r)), len(rows)]

    return {
        "questions": len(rows),
        "answered": count(lambda r: r["answered"]),
        "answered_cited": count(lambda r: r["answered_cited"]),
        "in_answer": count(lambda r: r["in_answer"]),
        "in_first": count(lambda r: r["in_first"]),
        "recall@1": count(lambda r: r["rank"] == 1),
        "recall@5": count(lambda r: r["rank"] is not None and r["rank"] <= 5),
        "vetoes_rank1": dict(Counter(r["veto"] for r in rows if r["veto"] and r["rank"] == 1).most_common()),
        "vetoes_other": dict(Counter(r["veto"] for r in rows if r["veto"] and r["rank"] != 1).most_common()),
    }


def pct(pair: list[int]) -> str:
    hit, n = pair
    return f"{hit}/{n} {hit / n:.1%}" if n else "-"


def print_table(title: str, groups: dict[str, dict]) -> None:
    print(f"\n{title:12} {'n':>5} {'answered':>16} {'answered+cited':>16} {'in answer':>16} {'in first':>16} "
          f"{'recall@1':>16} {'recall@5':>16}")
    for name, f in groups.items():
        print(f"{name:12} {f['questions']:>5} {pct(f['answered']):>16} {pct(f['answered_cited']):>16} "
              f"{pct(f['in_answer']):>16} {pct(f['in_first']):>16} {pct(f['recall@1']):>16} {pct(f['recall@5']):>16}")
    for name, f in groups.items():
        print(f"  {name} vetoes, paragraph first: {f['vetoes_rank1']}")
        print(f"  {name} vetoes, paragraph not first: {f['vetoes_other']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=STORES / "mrc-base")
    parser.add_argument("--paragraphs", type=int, default=1500)
    parser.add_argument("--split", choices=(*SPLITS, "both"), default="both")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--show", type=int, default=0, help="print this many calibration failures to read")
    parser.add_argument("--show-first", type=int, default=0,
                        help="print this many calibration answers holding the span but not in their first quote")
    parser.add_argument("--seed", type=int, default=0, help="which calibration failures --show samples")
    parser.add_argument("--kind", default="", help="only questions of this kind")
    args = parser.parse_args()
    if not in_stores(args.store, "mrc-"):
        sys.exit(f"--store: a directory {STORES}/mrc-* (never in the repo; GONGZHI_BENCH_STORES)")
    records, questions = select(args.paragraphs)
    build_store(args.store, records)
    splits = SPLITS if args.split == "both" else (args.split,)
    questions = [q for q in questions if q.split in splits and (not args.kind or q.kind == args.kind)]
    assistant = Assistant(get_settings(store=args.store))
    assistant.ask("热身", k=args.k)
    print(f"{len(records)} paragraphs in {args.store}; {len(questions)} questions ({', '.join(splits)}); "
          f"files {', '.join(f for f in FILES if f in ASKED_FILES)}", flush=True)
    rows = ask_all(assistant, questions, args.k)
    by_split = {s: figures([r for r in rows if r["split"] == s]) for s in splits}
    print_table("split", by_split)
    kinds = [name for name, _ in KINDS] + ["other"]
    per_kind = {}
    for split in splits:
        groups = {kind: figures(chosen) for kind in kinds
                  if (chosen := [r for r in rows if r["split"] == split and r["kind"] == kind])}
        print_table(f"{split[:5]} kind", groups)
        per_kind[split] = groups
    by_id = {q.id: q for q in questions}
    if args.show:
        failed = _calibration_sample(rows, lambda r: not r["answered"] and r["rank"] == 1, args.seed)
        print(f"\n{len(failed)} calibration questions not answered though their paragraph ranks first; "
              f"{min(args.show, len(failed))} of them:")
        for r in failed[:args.show]:
            q = by_id[r["id"]]
            print(f"{r['id']} [{r['kind']}] {r['veto']} cov={r['coverage']} miss={r['missing_entities']} "
                  f"| {q.q} | {q.answer_all[0]}")
    if args.show_first:
        missed = _calibration_sample(rows, lambda r: r["in_answer"] and not r["in_first"], args.seed)
        print(f"\n{len(missed)} calibration answers hold the span but not in their first quote; "
              f"{min(args.show_first, len(missed))} of them:")
        for r in missed[:args.show_first]:
            q = by_id[r["id"]]
            print(f"{r['id']} [{r['kind']}/{r['expected']}] {q.q} | {q.answer_all[0]}\n  first: {r['first']}"
                  f"\n  holds: {r['holding'] or '(not in one cited sentence)'}")
    out = save("mrc_answering", {
        "store": str(args.store), "paragraphs": len(records), "by_split": by_split, "by_kind": per_kind,
        "calibration_rows": [{k: r[k] for k in ("id", "kind", "rank", "answered", "answered_cited", "in_answer",
                                                 "in_first", "veto", "coverage", "missing_entities")}
                             for r in rows if r["split"] == "calibration"],
    })
    print(f"\n→ {out}")


def _calibration_sample(rows: list[dict], failing: Callable[[dict], bool], seed: int) -> list[dict]:
    """The calibration rows that fail, in a seeded random order (held-out rows are never shown)."""
    chosen = [r for r in rows if r["split"] == "calibration" and failing(r)]
    random.Random(seed).shuffle(chosen)
    return chosen


if __name__ == "__main__":
    main()
