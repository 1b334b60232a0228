"""Perturbed qualifiers: RGB-shaped negatives made from answerable calibration questions, not read from RGB test.

RGB's negatives share all of the question's keywords and differ in one qualifier: the year (bench/perturbed_years.py
makes those), the period or scope (一季度 vs 全年, 湖南 vs 全国), the place or the entity (北美 vs 中国, another
company) — or they are same-topic passages that never state the asked fact. This bench makes such negatives at scale
from answerable calibration questions, each asked on a store that holds its answer, and counts what the assistant
answers of them (a negative answered is a failure; the original should still be answered):

- sibling:<kind>: the question with one qualifier replaced by a sibling of the same kind — a place (jieba `ns`),
  an organisation (`nt`), a person (`nr`), another proper noun (`nz`, a Latin-script name), a period (a closed class of
  calendar periods: quarters, halves, the whole year, the first day/week/month) or a scope word (全国, 全省, 全球 → a
  place), never one a passage holding the answer names. "easy": a sibling named elsewhere in the store and in no
  passage retrieved for the original, whose passages then speak of the replaced qualifier — RGB's shape, a clean
  negative unless the store states the fact of the sibling elsewhere. "hard": a sibling the original's retrieved
  passages name — noisy: such a passage may state the asked kind of fact of the sibling (2021年香港经济增长 after
  中国→香港 is answerable), so its copies answered are an upper bound of failures, read before counting;
- drop: the original question, every retrieved passage holding the answer removed (RGB's own construction: the
  keyword-sharing passages of other articles that retrieval then finds);
- blank: the original question, the answer span cut out of every retrieved passage holding it (the gold sentence
  stays, same topic and same words, without the asked fact).
The drop and blank copies change what the retriever returns and the report text the checks read (a wrapper
around the assistant's retriever and reports), not the store.

Sources (calibration only; held-out splits print figures only, never text):
- rgb: RGB's single-document questions of --rgb-split on rgb-all (RGB's answer list);
- mrc: the MRC questions of --mrc-split on the MRC benchmark's store (the span).
Rows are split in halves by the source article (md5 of the first gold passage / paragraph id: fit, check) so a
mechanism can be fitted on one half and checked on the other. `--show N` prints calibration copies still answered.

Usage: nice python bench/perturbed_qualifiers.py [--rgb-stores ../stores/rgb] [--mrc-store ../stores/mrc-base]
       [--sources rgb,mrc] [--rgb-split dev|test] [--mrc-split calibration|heldout] [--modes sibling,drop,blank]
       [--limit N] [--show N]
(stores: under GONGZHI_BENCH_STORES, by default ../stores beside the checkout)
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant import judge
from assistant.answer import Assistant, sentence_terms
from assistant.question import noun_phrase
from assistant.dictionary import common_word
from assistant.evaluate import first_cited_sentence, states
from vectorstore.keyword import posseg_cut
from vectorstore.settings import get_settings
from data_paths import STORES  # noqa: E402 - bench/ is on sys.path when run as a script
from report import save  # noqa: E402 - bench/ is on sys.path when run as a script
from rgb_rejection import RGB, single_document_questions  # noqa: E402
from mrc_answering import select  # noqa: E402
from mrc_noun_phrases import TAIL  # noqa: E402
from perturbed_years import reason as verdict  # noqa: E402 - one reading of a refused or partial answer

# jieba's tags of a name, by the kind of qualifier it is
TAG_KINDS = {"ns": "place", "nt": "organisation", "nr": "person", "nrt": "person", "nrfg": "person", "nz": "entity",
             "eng": "entity"}
# Calendar periods and scope words: closed grammatical classes (a quarter, a half, the whole year; 全 + a level)
PERIOD = re.compile(r"第?[一二三四1-4]季度|前三季度|上半年|下半年|全年|首日|首周|首月")
PERIODS = ("一季度", "二季度", "三季度", "四季度", "上半年", "下半年", "全年", "前三季度")
SCOPE = re.compile(r"全国|全省|全市|全球|全世界")
_LATIN = re.compile(r"[A-Z][A-Za-z0-9]+|[A-Za-z]*[A-Z][A-Za-z0-9]*")  # a Latin-script name has a capital
_DIGIT = re.compile(r"\d")


@dataclass
class Item:
    source: str
    qid: str
    question: str
    answers: list
    own: list[str]          # the question's gold passages
    bearing: list[str]      # every corpus passage holding the answer (own included)
    article: str            # the source article's id (fit/check halves)
    copies: list[dict] = field(default_factory=list)


def half(article: str) -> str:
    return "fit" if int(hashlib.md5(article.encode()).hexdigest(), 16) % 2 == 0 else "check"


def holds(answers: list, text: str) -> bool:
    return all(states(fact, text) for fact in answers)


def qualifiers(question: str) -> list[tuple[str, str, int, int]]:
    """(kind, word, start, end) of each qualifier of the question that a sibling could replace."""
    found, at = [], 0
    for word, flag in posseg_cut(question):
        start = question.find(word, at)
        at = start + len(word) if start >= 0 else at
        if start < 0:
            continue
        kind = TAG_KINDS.get(flag, "")
        if kind == "entity" and flag == "eng" and not _LATIN.fullmatch(word):
            kind = ""
        if kind and len(word) >= 2 and not _DIGIT.search(word) and not (flag in {"ns", "nt"} and common_word(word)):
            found.append((kind, word, start, start + len(word)))
    for m in PERIOD.finditer(question):
        found.append(("period", m.group(0), m.start(), m.end()))
    for m in SCOPE.finditer(question):
        found.append(("scope", m.group(0), m.start(), m.end()))
    return found


def names_by_kind(texts: list[str]) -> dict[str, Counter]:
    """The names of each kind (TAG_KINDS) in `texts`, by count."""
    found: dict[str, Counter] = {}
    for text in texts:
        for w, f in posseg_cut(text[:2000]):
            k = TAG_KINDS.get(f, "")
            if k == "entity" and f == "eng" and not _LATIN.fullmatch(w):
                continue
            if k and len(w) >= 2 and not _DIGIT.search(w) and not (f in {"ns", "nt"} and common_word(w)):
                found.setdefault(k, Counter())[w] += 1
    return found


def candidates(kind: str, word: str, names: dict[str, Counter], texts: list[str]) -> list[str]:
    """Words of the same kind as `word` (names: by kind, from `texts`), commonest first."""
    if kind == "period":
        counts = Counter({p: sum(t.count(p) for t in texts) for p in PERIODS if p not in word and word not in p})
    else:
        counts = names.get("place" if kind == "scope" else kind, Counter())
    return [w for w, _ in counts.most_common() if w not in word and word not in w]


def sibling_copies(item: Item, retrieved: list[str], pool: dict[str, Counter]) -> list[dict]:
    """At most one copy per qualifier kind: the qualifier replaced by a sibling no answer-bearing passage names,
    preferring one the original's retrieved passages name (hard)."""
    copies, seen = [], set()
    question_words = {w for w, _ in posseg_cut(item.question) if len(w) >= 2}
    for kind, word, start, end in qualifiers(item.question):
        if kind in seen:
            continue
        allowed = lambda w: not any(w in b for b in item.bearing) and not any(  # noqa: E731
            w in q or q in w for q in question_words)
        for mode, names in (("hard", names_by_kind(retrieved)), ("easy", pool)):
            options = [w for w in candidates(kind, word, names, retrieved) if allowed(w)]
            if kind == "period" and mode == "hard":
                options = [w for w in options if any(w in t for t in retrieved)]
            if mode == "easy":  # named in the store, not in what the original read: its passages speak of `word`
                options = [w for w in options if not any(w in t for t in retrieved)]
            if options:
                seen.add(kind)
                copies.append({"mode": f"sibling:{kind}", "hard": mode == "hard", "from": word, "to": options[0],
                               "question": item.question[:start] + options[0] + item.question[end:]})
                break
    return copies


def cut_answer(answers: list, text: str) -> str:
    """The text with every written form of each answer element removed."""
    for fact in answers:
        for form in (fact if isinstance(fact, list) else [fact]):
            if isinstance(form, str) and form:
                text = text.replace(form, "")
    return text


@contextmanager
def transformed(assistant: Assistant, change: Callable[[str], str | None]):  # noqa: ANN201
    """The assistant's retrieved passages and report texts changed by `change` (None drops a passage)."""
    retrieve, reports = assistant.retriever.retrieve, assistant.reports
    top_k = assistant.settings.retrieval.top_k

    def retrieve_changed(question, k=None, filters=None, **kw):  # noqa: ANN001, ANN202
        passages = retrieve(question, k=(k or top_k) + 8, filters=filters, **kw)
        kept = []
        for p in passages:
            text = change(p.passage)
            if text is not None:
                kept.append(p.model_copy(update={"passage": text}))
        return kept[:k or top_k]

    def reports_changed(passages, citations, every=False):  # noqa: ANN001, ANN202
        return {i: (change(t) or "") for i, t in reports(passages, citations, every=every).items()}

    assistant.retriever.retrieve, assistant.reports = retrieve_changed, reports_changed
    try:
        yield
    finally:
        assistant.retriever.retrieve, assistant.reports = retrieve, reports


def as_noun_phrase(question: str) -> str:
    """RGB's keyword form of a "X的Y是什么/是多少/有哪些/是谁" question (bench/mrc_noun_phrases.py), or ""."""
    m = TAIL.search(question)
    phrase = question[:m.start()].strip("，, ") if m else ""
    return phrase if len(phrase) >= 4 and noun_phrase(phrase) else ""


def asked(assistant: Assistant, question: str) -> tuple[object, dict]:
    """The answer, and what the decision read of it: the question's kind, noun-phrase form, grounding coverage and
    the learned judge's best quoted window score (judge.best_score; 1.0 when nothing is judged)."""
    parsed, passages, grounding = assistant._prepare(question, None, None)  # noqa: SLF001 - the bench reads inside
    answer = assistant._extractive(parsed, passages, grounding)  # noqa: SLF001
    score = judge.best_score(parsed, sentence_terms(grounding.terms), grounding.weights, answer.citations, passages,
                             assistant.reports(passages, answer.citations)) if answer.citations else 0.0
    return answer, {"kind": str(parsed.expected.value if parsed.expected else None),
                    "noun_phrase": noun_phrase(parsed.text), "coverage": round(grounding.coverage, 3),
                    "judge": round(score, 3)}


def rgb_items(split: str) -> tuple[list[Item], list[str]]:
    rows = [json.loads(line) for line in (RGB / "corpus.jsonl").read_text(encoding="utf-8").splitlines() if line]
    corpus = [r["text"] for r in rows]
    items = []
    for q in single_document_questions(split):
        own = list(q.get("gold_docs") or [])
        bearing = own + [t for t in corpus if holds(q["answer"], t)]
        items.append(Item("rgb", q["qid"], q["question"], q["answer"], own, bearing,
                          (q.get("gold_doc_ids") or [q["qid"]])[0]))
    return items, corpus


def mrc_items(split: str) -> tuple[list[Item], list[str]]:
    records, questions = select(1500)
    texts = {r["id"]: r["text"] for r in records}
    items = []
    for q in questions:
        if q.split != split:
            continue
        answers = list(q.answer_all[:1])
        bearing = [t for t in texts.values() if answers[0] in t]
        article = q.expect[0].rsplit("-", 1)[0]  # the article, not the paragraph
        items.append(Item("mrc", q.id, q.q, answers, [texts[q.expect[0]]], bearing, article))
    return items, list(texts.values())


def ask_all(assistant: Assistant, items: list[Item], pool: dict[str, Counter], modes: set[str],
            record: Callable[[dict, object], None] | None = None) -> list[dict]:
    rows = []
    for item in items:
        original, read = asked(assistant, item.question)
        retrieved = [p.passage for p in original.retrieved]
        row = {"source": item.source, "qid": item.qid, "half": half(item.article),
               "original": verdict(original) or "answered",
               "original_correct": not verdict(original) and holds(item.answers, original.answer),
               "retrieved_holds": any(holds(item.answers, t) for t in retrieved), "copies": [], **read}
        if record:
            record({"label": 1, "row": row, "question": item.question}, original)
        copies = sibling_copies(item, retrieved, pool) if "sibling" in modes else []
        if "drop" in modes and row["retrieved_holds"]:
            copies.append({"mode": "drop", "hard": True, "question": item.question,
                           "change": lambda t, a=item.answers: None if holds(a, t) else t})
        if "blank" in modes and row["retrieved_holds"]:
            copies.append({"mode": "blank", "hard": True, "question": item.question,
                           "change": lambda t, a=item.answers: cut_answer(a, t) if holds(a, t) else t})
        for copy in copies:
            change = copy.pop("change", None)
            if change is None:
                answer, read = asked(assistant, copy["question"])
            else:
                with transformed(assistant, change):
                    answer, read = asked(assistant, copy["question"])
            copy.update(read)
            copy["verdict"] = verdict(answer) or "answered"
            copy["_first"] = first_cited_sentence(answer) if not verdict(answer) else ""
            if record:
                record({"label": 0, "row": row, "question": copy["question"], "mode": copy["mode"]}, answer)
            row["copies"].append(copy)
        rows.append(row)
    return rows


def table(rows: list[dict], split_name: str) -> dict:
    summary = {}
    print(f"\n{split_name}: {len(rows)} questions, originals answered {sum(r['original'] == 'answered' for r in rows)}"
          f", with the answer {sum(r['original_correct'] for r in rows)}")
    print(f"  {'copy':22} {'hard':>5} {'n':>5} {'answered':>8} {'orig ans':>8} {'both':>5}  verdicts")
    for mode in sorted({c["mode"] for r in rows for c in r["copies"]}):
        for hard in (True, False):
            chosen = [(r, c) for r in rows for c in r["copies"] if c["mode"] == mode and c["hard"] == hard]
            if not chosen:
                continue
            answered = sum(c["verdict"] == "answered" for _, c in chosen)
            both = sum(c["verdict"] == "answered" and r["original"] == "answered" for r, c in chosen)
            orig = sum(r["original"] == "answered" for r, _ in chosen)
            verdicts = Counter(c["verdict"] for _, c in chosen)
            summary[f"{mode}/{'hard' if hard else 'easy'}"] = {"n": len(chosen), "answered": answered,
                                                               "original_answered": orig, "both": both}
            print(f"  {mode:22} {str(hard):>5} {len(chosen):>5} {answered:>8} {orig:>8} {both:>5}  "
                  + ", ".join(f"{k} {v}" for k, v in verdicts.most_common(6)))
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rgb-stores", type=Path, default=STORES / "rgb")
    parser.add_argument("--mrc-store", type=Path, default=STORES / "mrc-base")
    parser.add_argument("--sources", default="rgb,mrc")
    parser.add_argument("--rgb-split", choices=("dev", "test"), default="dev")
    parser.add_argument("--mrc-split", choices=("calibration", "heldout"), default="calibration")
    parser.add_argument("--modes", default="sibling,drop,blank")
    parser.add_argument("--noun-phrases", action="store_true",
                        help="ask each question that has one as its noun phrase (X的Y是什么 → X的Y), the others not")
    parser.add_argument("--limit", type=int, default=0, help="at most this many questions per source (seeded sample)")
    parser.add_argument("--show", type=int, default=0, help="print this many calibration copies still answered")
    args = parser.parse_args()
    rng = random.Random(19)
    modes = set(args.modes.split(","))
    splits = {"rgb": args.rgb_split, "mrc": args.mrc_split}
    calibration = {"rgb": "dev", "mrc": "calibration"}
    rows: list[dict] = []
    summaries = {}
    for source in args.sources.split(","):
        if source == "rgb":
            store, (items, corpus) = args.rgb_stores / "rgb-all", rgb_items(args.rgb_split)
        elif source == "mrc":
            store, (items, corpus) = args.mrc_store, mrc_items(args.mrc_split)
        else:
            sys.exit(f"unknown source {source}")
        if args.noun_phrases:
            items = [replace(i, question=phrase) for i in items if (phrase := as_noun_phrase(i.question))]
        if args.limit and len(items) > args.limit:
            items = random.Random(7).sample(items, args.limit)
        assistant = Assistant(get_settings(store=store))
        assistant.warm_up()
        pool = names_by_kind(rng.sample(corpus, min(400, len(corpus))))  # the easy siblings
        source_rows = ask_all(assistant, items, pool, modes)
        rows += source_rows
        name = f"{source}-{splits[source]}"
        summaries[name] = table(source_rows, name)
        for part in ("fit", "check"):
            summaries[f"{name}/{part}"] = table([r for r in source_rows if r["half"] == part], f"{name} {part} half")
    if args.show:
        print("\ncalibration copies still answered:")
        shown = [(r, c) for r in rows if splits[r["source"]] == calibration[r["source"]] for c in r["copies"]
                 if c["verdict"] == "answered"]
        for r, c in shown[:args.show]:
            print(f"  {r['qid']} [{c['mode']}{' ' + c.get('from', '') + '→' + c.get('to', '') if 'to' in c else ''}] "
                  f"{c['question']}\n      first quote: {c['_first'][:160]}")
    for r in rows:
        for c in r["copies"]:
            c.pop("_first", None)
            if splits[r["source"]] != calibration[r["source"]]:
                c.pop("question", None), c.pop("from", None), c.pop("to", None)
    save("perturbed_qualifiers" + ("_np" if args.noun_phrases else ""), {"summary": summaries, "rows": rows})


if __name__ == "__main__":
    main()
