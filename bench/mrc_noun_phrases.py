"""MRC questions asked as RGB's noun phrases, against RGB-shaped negatives (a calibration source for RGB test's gap).

RGB test's answered negatives are mostly questions asked as noun phrases ("2023春运首日旅客发送量", "…的成绩":
question.noun_phrase), which RGB dev hardly has and the pool and MRC questions never are (docs/grounding.md, branch
`rgbwhat`). This bench makes them from the MRC answering benchmark's questions (bench/mrc_answering.py: the
articles the judge never saw, split calibration / heldout by title): a question "X的Y是什么/是多少/有哪些/是谁…？"
whose part before the interrogative tail is a noun phrase is asked both ways,
  - on the MRC store (its paragraph is there): answered, and with the answer span in the answer text;
  - on a copy of that store without the question's paragraph, its article's other paragraphs holding the span,
    and any paragraph holding a span of four or more characters: the article's other paragraphs stay, same-topic
    passages without the answer, as RGB's negatives are: refused (or marked partial).
Counts per split; `--show N` prints N calibration noun phrases the negatives store answers (never held-out ones).
`--noun-phrase-coverage X` sets answer_type.NOUN_PHRASE_COVERAGE (0.5 = as other questions) to see what it earns.
Usage: nice python bench/mrc_noun_phrases.py [--store ../stores/mrc-base] [--neg-store DIR] [--split both]
(stores: under GONGZHI_BENCH_STORES, by default ../stores beside the checkout)
"""
from __future__ import annotations

import argparse
import re
import shutil
from collections import Counter
from pathlib import Path

from assistant import answer_type
from assistant.answer import Assistant
from assistant.evaluate import states
from assistant.question import noun_phrase
from vectorstore.settings import get_settings
from vectorstore.store import Store
from data_paths import STORES  # noqa: E402 - bench/ is on sys.path when run as a script
from mrc_answering import SPLITS, select  # noqa: E402 - bench/ is on sys.path when run as a script

# The interrogative tail of a what / which / how-much / who question: 是什么, 为多少, 是哪个国家, 有哪些, 是谁.
TAIL = re.compile(r"(?:是|为)(?:什么|多少|哪[些个位里一]?[\u4e00-\u9fff]{0,2}|何|谁|几[\u4e00-\u9fff]?)[？?。]?$|"
                  r"有哪些[？?。]?$|是(?:什么|多少)[\u4e00-\u9fff]{0,2}[？?]?$")


def items() -> tuple[list[dict], list[dict]]:
    """(records, items): each item a question, its noun phrase, its answer span and the paragraphs to drop."""
    records, questions = select(4000)
    text = {r["id"]: r["text"] for r in records}
    title = {r["id"]: r["title"] for r in records}
    out = []
    for q in questions:
        m = TAIL.search(q.q)
        phrase = q.q[:m.start()].strip("，, ") if m else ""
        if len(phrase) < 4 or not noun_phrase(phrase):
            continue
        gold, answer = q.expect[0], q.answer_all[0]
        drop = [rid for rid, t in text.items() if answer in t and (title[rid] == title[gold] or len(answer) >= 4)]
        out.append({"id": q.id, "split": q.split, "q": q.q, "np": phrase, "answer": answer,
                    "drop": sorted({gold, *drop})})
    return records, out


def build_negatives(store: Path, neg: Path, chosen: list[dict]) -> None:
    """A copy of the store without the paragraphs the items drop (a `.done` file marks a finished build)."""
    if (neg / ".done").exists():
        return
    shutil.rmtree(neg, ignore_errors=True)
    shutil.copytree(store, neg)
    dropped = {rid for item in chosen for rid in item["drop"]}
    store = Store.open(get_settings(store=neg))
    removed = store.remove_sources([s for s in store.sources() if s.rsplit("#", 1)[-1] in dropped])
    print(f"negatives store {neg}: {removed} paragraphs removed of {len(dropped)} to drop", flush=True)
    (neg / ".done").touch()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, default=STORES / "mrc-base")
    parser.add_argument("--neg-store", type=Path, default=None, help="default: the store's path + '-np'")
    parser.add_argument("--split", choices=(*SPLITS, "both"), default="both")
    parser.add_argument("--show", type=int, default=0, help="print this many calibration noun phrases answered on negatives")
    parser.add_argument("--noun-phrase-coverage", type=float, default=None)
    args = parser.parse_args()
    if args.noun_phrase_coverage is not None:
        answer_type.NOUN_PHRASE_COVERAGE = args.noun_phrase_coverage
    _, chosen = items()
    neg_store = args.neg_store or args.store.with_name(args.store.name + "-np")
    build_negatives(args.store, neg_store, chosen)
    full, neg = Assistant(get_settings(store=args.store)), Assistant(get_settings(store=neg_store))
    shown = 0
    print(f"{'split':12} {'n':>3} {'form':8} {'answered':>9} {'with span':>10} {'neg refused':>12}")
    for split in (SPLITS if args.split == "both" else (args.split,)):
        rows = [item for item in chosen if item["split"] == split]
        counts: Counter = Counter()
        for item in rows:
            for form in ("question", "np"):
                asked = item["q"] if form == "question" else item["np"]
                on_full, on_neg = full.ask(asked), neg.ask(asked)
                counts[form, "answered"] += on_full.grounded
                counts[form, "span"] += on_full.grounded and states(item["answer"], on_full.answer)
                counts[form, "refused"] += not on_neg.grounded
                if split == "calibration" and form == "np" and on_neg.grounded and shown < args.show:
                    shown += 1
                    quoted = [c.passage[c.span[0]:c.span[1]][:80] for c in on_neg.citations[:2]]
                    print(f"  answered on negatives: {asked} | {item['answer']} | {quoted}")
        for form in ("question", "np"):
            print(f"{split:12} {len(rows):>3} {form:8} {counts[form, 'answered']:>9} {counts[form, 'span']:>10} "
                  f"{counts[form, 'refused']:>12}")


if __name__ == "__main__":
    main()
