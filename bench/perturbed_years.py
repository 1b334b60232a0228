"""Perturbed-year negatives: does the assistant refuse a question whose year (or 第N届 ordinal) no passage has?

RGB test's unanswered negatives are mostly questions naming a year the retrieved reports tell of another year's
event (docs/grounding.md), and dev holds too few of them to tune on. This bench makes them by perturbation: each
calibration question that names a year (2019) or an ordinal (第十一届) is asked twice on a store holding its
answer — as written (it should be answered), and with the year or ordinal shifted by the first of +1, -1, +2, -2,
+3, -3 that no answer-bearing passage states (its gold passages, and any passage of the corpus holding the answer
string, lack the shifted year or ordinal in every written form), so the asked fact is in no passage for that year:
the shifted copy should be refused or marked partial.

Sources (calibration only by default; held-out splits print figures only, never text):
- rgb: RGB's single-document questions of --rgb-split on the all-passages store (rgb-all);
- mrc: the MRC questions of --mrc-split (bench/mrc_answering.py's calibration/heldout) on its store;
- pool: the governance pool's questions of --pool-split with an answer (eval/pool_questions*.jsonl) on the pool
  store, the answer-bearing reports read from --collection.
Per source and qualifier kind (year, ordinal): pairs, originals answered, shifted copies still answered (and among
the pairs whose original is answered), and the veto reasons of the shifted copies. `--show N` prints N calibration
shifted copies that are still answered (question and first quote) to read.

Usage: nice python bench/perturbed_years.py [--rgb-stores ../stores/rgb] [--mrc-store ../stores/mrc-base]
       [--pool-store ../stores/pool6] [--collection RECORDS.jsonl] [--sources rgb,mrc,pool] [--rgb-split dev|test] [--mrc-split calibration|heldout] [--pool-split calibration|heldout] [--show N]
(stores: under GONGZHI_BENCH_STORES, by default ../stores beside the checkout)
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.answer import Assistant
from assistant.evaluate import first_cited_sentence, states
from vectorstore.settings import REPO_ROOT, get_settings
from data_paths import STORES, pool_records  # noqa: E402 - bench/ is on sys.path when run as a script
from report import save  # noqa: E402 - bench/ is on sys.path when run as a script
from rgb_rejection import RGB, single_document_questions  # noqa: E402
from mrc_answering import select  # noqa: E402

SHIFTS = (1, -1, 2, -2, 3, -3)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_ORDINAL = re.compile(r"第\s*([一二三四五六七八九十百零〇两\d]+)\s*(届|次|期)")
_DIGITS = "零一二三四五六七八九"


def cn_value(numeral: str) -> int | None:
    """The value of an ordinal's numeral (11, 十一, 二十三, 一百零五), or None."""
    if numeral.isdigit():
        return int(numeral)
    numeral = numeral.replace("〇", "零").replace("两", "二")
    total, current = 0, 0
    for char in numeral:
        if char in _DIGITS:
            current = _DIGITS.index(char)
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def cn_numeral(value: int) -> str:
    """1..999 in Chinese numerals as an ordinal writes them (十一, 二十, 一百零五)."""
    hundreds, rest = divmod(value, 100)
    tens, units = divmod(rest, 10)
    text = f"{_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    elif hundreds and units:
        text += "零"
    if units:
        text += _DIGITS[units]
    return text


@dataclass
class Pair:
    source: str
    qid: str
    kind: str  # year | ordinal
    original: str
    shifted: list[tuple[list[str], str]]  # every allowed shift: (its written forms, the shifted question)
    answer: list = field(default_factory=list)


def _ordinal_forms(value: int, unit: str) -> list[str]:
    return [f"第{value}{unit}", f"第{cn_numeral(value)}{unit}", f"第 {value} {unit}"]


def perturb(question: str, bearing: list[str]) -> Iterator[tuple[str, list[str], str]]:
    """(kind, the shifted year's or ordinal's written forms, shifted question) for the first year and the first
    ordinal of the question, for every offset of SHIFTS (in order) that no answer-bearing passage states."""
    if year_match := _YEAR.search(question):
        year = int(year_match.group(1))
        for shift in SHIFTS:
            new = str(year + shift)
            if not any(new in text for text in bearing):
                yield "year", [new], question.replace(year_match.group(1), new)
    if (ordinal := _ORDINAL.search(question)) and (value := cn_value(ordinal.group(1))):
        unit = ordinal.group(2)
        for shift in SHIFTS:
            new = value + shift
            if new < 1 or new > 999:
                continue
            forms = _ordinal_forms(new, unit)
            if not any(form in text for text in bearing for form in forms):
                numeral = str(new) if ordinal.group(1).isdigit() else cn_numeral(new)
                start, end = ordinal.span(1)
                yield "ordinal", forms, question[:start] + numeral + question[end:]


def bearing_passages(answers: list, own: list[str], corpus: list[str]) -> list[str]:
    """The question's own passages and every corpus passage that holds its answer."""
    return own + [text for text in corpus if all(states(fact, text) for fact in answers)]


def _pairs(source: str, qid: str, question: str, answers: list, bearing: list[str]) -> list[Pair]:
    by_kind: dict[str, list] = {}
    for kind, forms, shifted in perturb(question, bearing):
        by_kind.setdefault(kind, []).append((forms, shifted))
    return [Pair(source, qid, kind, question, shifts, answers) for kind, shifts in by_kind.items()]


def rgb_pairs(split: str) -> list[Pair]:
    corpus = [json.loads(line)["text"] for line in (RGB / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
              if line]
    pairs = []
    for q in single_document_questions(split):
        if not (_YEAR.search(q["question"]) or _ORDINAL.search(q["question"])):
            continue
        bearing = bearing_passages(q["answer"], list(q.get("gold_docs") or []), corpus)
        pairs += _pairs("rgb", q["qid"], q["question"], q["answer"], bearing)
    return pairs


def mrc_pairs(split: str) -> list[Pair]:
    records, questions = select(1500)
    texts = {r["id"]: r["text"] for r in records}
    pairs = []
    for q in questions:
        if q.split != split or not (_YEAR.search(q.q) or _ORDINAL.search(q.q)):
            continue
        answers = list(q.answer_all[:1])
        corpus = [t for t in texts.values() if answers[0] in t]  # the passages holding the span
        bearing = bearing_passages(answers, [texts[q.expect[0]]], corpus)
        pairs += _pairs("mrc", q.id, q.q, answers, bearing)
    return pairs


def pool_pairs(split: str, collection: Path | None) -> list[Pair]:
    """The pool questions (eval/pool_questions*.jsonl) of the split that have an answer (answer_all)."""
    texts = {r["id"]: r["text"] for r in pool_records(collection)}
    pairs = []
    for path in sorted((REPO_ROOT / "eval").glob("pool_questions*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            q = json.loads(line) if line.strip() else None
            if not q or q.get("split") != split or not q.get("answer_all") or not (
                    _YEAR.search(q["q"]) or _ORDINAL.search(q["q"])):
                continue
            own = [texts[a] for a in q["expect"] if a in texts]
            corpus = [t for t in texts.values() if q["answer_all"][0] in t]
            pairs += _pairs("pool", q["id"], q["q"], q["answer_all"], bearing_passages(q["answer_all"], own, corpus))
    return pairs


def reason(answer) -> str:  # noqa: ANN001
    if answer.grounded and not answer.partial:
        return ""
    if answer.partial:
        typed = answer.grounding.answer_type
        return f"partial:{typed.reason if typed and typed.reason else '?'}"
    return "refused"


def ask(assistant: Assistant, pairs: list[Pair]) -> list[dict]:
    """Per pair: the original, the nearest allowed shift ("easy": the shifted year is likely in no passage read),
    and the nearest shift whose year or ordinal some passage retrieved for the original states ("hard": RGB's
    negatives, where the asked year is near another fact; None when no retrieved passage names a shifted one)."""
    rows = []
    for pair in pairs:
        original = assistant.ask(pair.original)
        read = [p.passage for p in original.retrieved]
        hard = next((q for forms, q in pair.shifted if any(f in text for text in read for f in forms)), None)
        row = {"source": pair.source, "qid": pair.qid, "kind": pair.kind,
               "original_answered": not reason(original),
               "original_correct": not reason(original) and all(states(f, original.answer) for f in pair.answer)}
        for mode, question in (("easy", pair.shifted[0][1]), ("hard", hard)):
            if question is None:
                row[mode] = None
                continue
            answer = assistant.ask(question)
            row[mode] = {"answered": not reason(answer), "reason": reason(answer), "_question": question,
                         "_first": first_cited_sentence(answer) if not reason(answer) else ""}
        rows.append(row)
    return rows


def figures(rows: list[dict], mode: str) -> dict:
    chosen = [r for r in rows if r[mode]]
    return {
        "pairs": len(chosen),
        "original_answered": sum(r["original_answered"] for r in chosen),
        "original_correct": sum(r["original_correct"] for r in chosen),
        "shifted_answered": sum(r[mode]["answered"] for r in chosen),
        "both_answered": sum(r[mode]["answered"] for r in chosen if r["original_answered"]),
        "reasons": dict(Counter(r[mode]["reason"] or "answered" for r in chosen).most_common()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rgb-stores", type=Path, default=STORES / "rgb")
    parser.add_argument("--mrc-store", type=Path, default=STORES / "mrc-base")
    parser.add_argument("--pool-store", type=Path, default=STORES / "pool6")
    parser.add_argument("--collection", type=Path, help="the pool store's source records (the answer-bearing "
                        "reports; default: extracted from ../shared/corpus/governance)")
    parser.add_argument("--sources", default="rgb,mrc,pool")
    parser.add_argument("--rgb-split", choices=("dev", "test"), default="dev")
    parser.add_argument("--mrc-split", choices=("calibration", "heldout"), default="calibration")
    parser.add_argument("--pool-split", choices=("calibration", "heldout"), default="calibration")
    parser.add_argument("--show", type=int, default=0, help="print this many calibration shifted copies answered")
    args = parser.parse_args()
    rows: list[dict] = []
    for source in args.sources.split(","):
        if source == "rgb":
            store, pairs = args.rgb_stores / "rgb-all", rgb_pairs(args.rgb_split)
        elif source == "mrc":
            store, pairs = args.mrc_store, mrc_pairs(args.mrc_split)
        elif source == "pool":
            store, pairs = args.pool_store, pool_pairs(args.pool_split, args.collection)
        else:
            sys.exit(f"unknown source {source}")
        if source != "pool" and not (store / ".done").exists():
            sys.exit(f"{store} is not built (bench/rgb_rejection.py, bench/mrc_answering.py build it)")
        assistant = Assistant(get_settings(store=store))
        assistant.warm_up()
        rows += ask(assistant, pairs)
    splits = {"rgb": args.rgb_split, "mrc": args.mrc_split, "pool": args.pool_split}
    print(f"{'source':16} {'kind':8} {'mode':5} {'pairs':>5} {'orig ans':>8} {'orig cor':>8} {'shift ans':>9} "
          f"{'both ans':>8}  shifted copies' verdicts")
    summary = {}
    for source in dict.fromkeys(r["source"] for r in rows):
        for kind in ("year", "ordinal", "all"):
            for mode in ("easy", "hard"):
                chosen = [r for r in rows if r["source"] == source and kind in ("all", r["kind"])]
                if not (f := figures(chosen, mode))["pairs"]:
                    continue
                summary[f"{source}-{splits[source]}/{kind}/{mode}"] = f
                print(f"{source + '-' + splits[source]:16} {kind:8} {mode:5} {f['pairs']:>5} "
                      f"{f['original_answered']:>8} {f['original_correct']:>8} {f['shifted_answered']:>9} "
                      f"{f['both_answered']:>8}  " + ", ".join(f"{k} {v}" for k, v in f["reasons"].items()))
    calibration = [r for r in rows if (r["source"], splits[r["source"]]) in (("rgb", "dev"), ("mrc", "calibration"),
                                                                       ("pool", "calibration"))]
    if args.show:
        print("\nshifted calibration copies still answered:")
        shown = [(r, mode) for r in calibration for mode in ("easy", "hard") if r[mode] and r[mode]["answered"]]
        for r, mode in shown[:args.show]:
            print(f"  {r['qid']} [{r['kind']} {mode}] {r[mode]['_question']}\n"
                  f"      first quote: {r[mode]['_first'][:160]}")
    strip = lambda row: {k: ({kk: vv for kk, vv in v.items() if not kk.startswith('_')}  # noqa: E731
                             if isinstance(v, dict) else v) for k, v in row.items()}
    save("perturbed_years", {"summary": summary, "rows": [strip(r) for r in rows]})


if __name__ == "__main__":
    main()
