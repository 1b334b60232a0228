"""Audit of how a question's asked kind is read: for each calibration question (pool calibration split, MRC
calibration articles, RGB dev), the kind the question parser assigns (Question.kind, Question.expected) and whether
the sentence that holds the expected answer passes the answer-type check's kind test (the `type` failure of
answer_type.failures) — grouped by the question's form (frequency, duration, ordinal, rank, proportion, age,
area, distance, speed: an audit label read from the question's words, not a check).

A family whose answer sentences fail the kind test is mis-typed: its question is read as asking another kind of
fact than its answers give (多久开一次 read as a duration, answered by 每季度至少召开一次).

Calibration rows only (held-out rows are never read). Usage:
  python bench/kind_audit.py [--show FAMILY] [--source pool|mrc|rgb]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from assistant.answer_type import failures
from assistant.question import parse_question
from assistant.records import Passage
from ingest.chunk import sentence_spans
from vectorstore.settings import REPO_ROOT

sys.path.insert(0, str(Path(__file__).parent))
from data_paths import SHARED, pool_records  # noqa: E402

POOL_FILES = ("pool_questions.jsonl", "pool_questions_b.jsonl", "pool_questions_c.jsonl", "pool_questions_d.jsonl",
              "pool_questions_e.jsonl", "pool_questions_f.jsonl", "pool_questions_g.jsonl",
              "pool_questions_h.jsonl", "pool_questions_i.jsonl")
RGB = SHARED / "eval" / "rgb_zh"

# Audit labels (first match wins): the forms of question whose kind is read by structure.
FAMILIES = (
    ("frequency", re.compile(r"(?:多久|多长时间|多少天|几天|几个月|几周|几年)[^，。？?]{0,8}一次|每隔|频率|频次|how often", re.I)),
    ("rank", re.compile(r"第几名|排名|名次|排第几|排在第几|\brank", re.I)),
    ("ordinal", re.compile(r"第几|哪一?[届期次集季轮号]")),
    ("age", re.compile(r"几岁|多少岁|多大年纪|年龄|岁数|多大了|how old", re.I)),
    ("duration", re.compile(r"多久|多长时间|how long|(?:几|多少)(?:个)?(?:天|月|年|周|小时|分钟|星期)(?!级|代|龄)", re.I)),
    ("proportion", re.compile(r"比例|占比|百分之|百分比|比重|(?<![效])率(?!先|领)|percent|proportion|share", re.I)),
    ("area", re.compile(r"面积|多大|平方|how big|\barea\b", re.I)),
    ("distance", re.compile(r"多远|距离|多长(?!时间)|how far|多高|多深|多宽|高度|长度", re.I)),
    ("speed", re.compile(r"速度|多快|时速|how fast", re.I)),
    ("money", re.compile(r"多少钱|费用|金额|资金|经费|how much", re.I)),
    ("count", re.compile(r"多少|几|how many", re.I)),
)


def family(question: str) -> str:
    return next((name for name, pattern in FAMILIES if pattern.search(question)), "other")


def _sentence_with(text: str, fact: str) -> tuple[str, int, int] | None:
    at = text.find(fact)
    if at < 0:
        return None
    for start, end in sentence_spans(text):
        if start <= at < end:
            return text, start, end
    return None


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _first_found(qid: str, q: str, facts: list, doc_ids: list[str], docs: dict[str, dict]) -> dict | None:
    """The audit row of the first document whose sentence holds the question's first fact."""
    fact = facts[0][0] if isinstance(facts[0], list) else facts[0]
    for doc_id in doc_ids:
        doc = docs.get(doc_id)
        found = doc and _sentence_with(doc["text"], fact)
        if found:
            return {"id": qid, "q": q, "fact": fact, "title": doc.get("title", ""), "text": found[0],
                    "span": found[1:]}
    return None


def pool_rows() -> list[dict]:
    docs = {row["id"]: row for row in pool_records()}
    rows = (_first_found(r["id"], r["q"], r["answer_all"], r["expect"], docs)
            for name in POOL_FILES for r in _jsonl(REPO_ROOT / "eval" / name)
            if r.get("split") == "calibration" and r.get("expect") and r.get("answer_all"))
    return [row for row in rows if row]


def mrc_rows() -> list[dict]:
    from mrc_answering import select  # noqa: PLC0415 - bench/ module
    records, questions = select(0)
    by_id = {r["id"]: r for r in records}
    out = []
    for q in questions:
        if q.split != "calibration":
            continue
        record = by_id[q.expect[0]]
        found = _sentence_with(record["text"], q.answer_all[0])
        if found:
            out.append({"id": q.id, "q": q.q, "fact": q.answer_all[0], "title": record["title"],
                        "text": found[0], "span": found[1:]})
    return out


def rgb_rows() -> list[dict]:
    corpus = {row["id"]: row for row in _jsonl(RGB / "corpus.jsonl")}
    rows = (_first_found(r["qid"], r["question"], r["answer"], r["gold_doc_ids"], corpus)
            for r in _jsonl(RGB / "qa.jsonl") if r["split"] == "dev" and r["n_gold_docs_required"] == 1)
    return [row for row in rows if row]


def audit(row: dict) -> dict:
    question = parse_question(row["q"])
    expected = question.expected
    reason = ""
    if expected is not None:
        passage = Passage(chunk_id="audit", article_id="audit", title=row["title"], source="", passage=row["text"],
                          score=0.0)
        terms = list(question.terms)
        found = list(dict.fromkeys(failures(question, expected, terms, [1.0] * len(terms), passage, *row["span"])))
        reason = "type" if "type" in found else ""
        row = {**row, "reasons": found}
    return {**row, "family": family(question.normalised), "kind": str(question.kind),
            "expected": None if expected is None else str(expected), "type_ok": not reason,
            "reasons": row.get("reasons", [])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", default="", help="print the rows of this family (or 'fail': every type failure)")
    parser.add_argument("--source", choices=("pool", "mrc", "rgb", "all"), default="all")
    args = parser.parse_args()
    sources = {"pool": pool_rows, "mrc": mrc_rows, "rgb": rgb_rows}
    rows = []
    for name, read in sources.items():
        if args.source in {name, "all"}:
            rows += [{**audit(r), "source": name} for r in read()]
    table: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        key = (r["family"], f"{r['kind']}/{r['expected']}")
        table[key]["n"] += 1
        table[key]["ok"] += r["type_ok"]
    print(f"{'family':11} {'kind/expected':18} {'n':>4} {'type ok':>8}")
    for (fam, kinds), c in sorted(table.items()):
        print(f"{fam:11} {kinds:18} {c['n']:>4} {c['ok']:>8}")
    for r in rows:
        if args.show and (r["family"] == args.show or args.show == "fail" and not r["type_ok"]):
            print(f"{r['source']:4} {r['id']:22} {r['kind']}/{r['expected']} ok={r['type_ok']} {','.join(r['reasons'])} | {r['q']} | "
                  f"{r['fact']} | {r['text'][r['span'][0]:r['span'][1]][:90]}")


if __name__ == "__main__":
    main()
