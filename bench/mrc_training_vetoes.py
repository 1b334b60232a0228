"""The answer checks on MRC questions the answering benchmark never asks: a tuning set larger than its calibration.

Every MRC question has its answer in its paragraph, so a question not answered while its paragraph ranks first is a
false veto (or a loose answer rightly marked). bench/mrc_answering.py's calibration split holds 536 questions; the
checks tuned on it veto its held-out questions about twice as often. This script builds a store of paragraphs the
benchmark never holds (bench/train_order.training_paragraphs: no paragraph, question or asked article of the
benchmark), whole articles in a seeded order up to --questions questions, asks them all, and writes one row per
question (id, question, answer span, kind, paragraph rank, answered, veto reason, first quote) to OUT; it prints the
answered count and the vetoes with the paragraph first by question kind. Sixteenth session: 1,530 questions, main
answered 1,236 before `veto16` and 1,249 after `veto16` and `vetotrain16` (docs/grounding.md).
Each row also says whether the answer span is in the answer text and in its first quote (the composer's lead, as
bench/mrc_answering.py counts it); --show-first N prints N sampled answers holding the span in a later quote only.

Usage: nice python bench/mrc_training_vetoes.py [--store ../stores/mrc-train] [--out rows.json] [--questions 1500]
       [--build-only] [--show-first N]   (ingest ~4 min, asking ~2 min on a quiet machine)
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

from assistant.answer import Assistant
from assistant.evaluate import checks, first_cited_sentence, states
from vectorstore.settings import get_settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mrc_answering  # noqa: E402 - bench/ is on sys.path when run as a script
import train_order  # noqa: E402 - bench/ is on sys.path when run as a script
from data_paths import STORES, in_stores  # noqa: E402 - bench/ is on sys.path when run as a script


def choose(limit: int, seed: int = 16) -> tuple[list[dict], list]:
    """Whole articles of the training paragraphs in a seeded order until `limit` questions: their paragraphs and
    questions."""
    records, questions = train_order.training_paragraphs()
    by_article: dict[str, list] = {}
    for question in questions:
        by_article.setdefault(question.id.rsplit("-", 2)[0], []).append(question)
    articles = sorted(by_article)
    random.Random(seed).shuffle(articles)
    chosen: list[str] = []
    asked: list = []
    for article in articles:
        if len(asked) >= limit:
            break
        chosen.append(article)
        asked += by_article[article]
    keep = set(chosen)
    return [r for r in records if r["id"].rsplit("-", 1)[0] in keep], asked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=STORES / "mrc-train")
    parser.add_argument("--out", type=Path, default=Path("mrc_training_vetoes.json"))
    parser.add_argument("--questions", type=int, default=1500)
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--show-first", type=int, default=0, metavar="N",
                        help="print N sampled answers whose span is in the answer but not in the first quote")
    args = parser.parse_args()
    if not in_stores(args.store, "mrc-"):
        sys.exit(f"--store: a directory {STORES}/mrc-* (never in the repo; GONGZHI_BENCH_STORES)")
    records, questions = choose(args.questions)
    print(f"{len(records)} paragraphs, {len(questions)} questions", flush=True)
    mrc_answering.build_store(args.store, records)
    if args.build_only:
        return
    assistant = Assistant(get_settings(store=args.store))
    assistant.ask("热身", k=5)
    rows: list[dict] = []
    started = time.perf_counter()
    for n, question in enumerate(questions, 1):
        answer = assistant.ask(question.q, k=5)
        result = checks(question, answer)
        answered = answer.grounded and not answer.partial
        first = first_cited_sentence(answer) if answered else ""
        fact = question.answer_all[0]
        rows.append({"id": question.id, "q": question.q, "fact": question.answer_all[0], "kind": question.kind,
                     "rank": result["rank"], "answered": answered,
                     "veto": mrc_answering.veto(answer, assistant.settings.answer.grounding_threshold),
                     "first": first, "in_answer": answered and states(fact, answer.answer),
                     "in_first": answered and states(fact, first), "answer": answer.answer if answered else ""})
        if n % 200 == 0:
            print(f"  {n}/{len(questions)} asked, {time.perf_counter() - started:.0f} s", flush=True)
    args.out.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    print(f"{sum(r['answered'] for r in rows)} / {len(rows)} answered → {args.out}")
    print(f"span in answer {sum(r['in_answer'] for r in rows)}, in first quote {sum(r['in_first'] for r in rows)}")
    later = [r for r in rows if r["in_answer"] and not r["in_first"]]
    by_kind = Counter(r["kind"] for r in later)
    print("span in a later quote only, by kind: " + ", ".join(f"{k} {n}" for k, n in by_kind.most_common()))
    for r in random.Random(17).sample(later, min(args.show_first, len(later))):
        print(f"\n{r['id']} [{r['kind']}] {r['q']}\n  span: {r['fact']}\n  first: {r['first'][:160]}")
        print("  answer: " + r["answer"].replace("\n", " ")[:400])
    vetoes = Counter((r["kind"], r["veto"]) for r in rows if r["veto"] and r["rank"] == 1)
    for (kind, reason), count in sorted(vetoes.items(), key=lambda item: -item[1]):
        print(f"  {kind:10} {reason:28} {count}")


if __name__ == "__main__":
    main()
