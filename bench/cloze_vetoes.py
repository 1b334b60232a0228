"""Cloze probes of the development pool: which answer check vetoes pool-style questions whose answer is known?

The pool's calibration questions are too few to show how often each check (answer_type's type, place, sentence,
time, number…, the judge) vetoes an answerable question. This bench writes questions from the development pool's
own sentences (the pool store's articles whose record id is in dev_ids.txt; never a distractor): a sentence stating
a fact of a kind the checks type — a count (a number and a measure word: question.CLASSIFIERS), money (a number and
元), a share (a percentage), a date (a year, a month and day), a person (jieba nr, after a role of person_names.TITLES or alone) or an
organisation (jieba nt) — has that span replaced by the question word (多少个 / 多少钱 / 百分之多少 / 哪一年 / 什么时候 / 谁 / 哪位主任
/ 哪个单位); the clause holding it is kept with the sentence's first clause (its subject) when short, the other
clauses dropped, and the report's place (its card: residential area, street or district) put first when the
question names none of them. A fixed seeded sample per kind; the span is the expected fact, the report (and the
reprints the store records of it) the expected source.

Each probe has a negative twin where cheap: the same question with the report's place replaced by a street of
another district the report never names; it should be declined (refused or marked partial).

Asks them all on a copy of the pool store and prints, per kind: answered and cited to the source report (holding the
span), answered otherwise (assistant.evaluate.citation_miss: the source report's other chunk, another report
stating the fact, another report), partial by check (answer.grounding.answer_type.reason), refused (entity,
coverage, no quote); then the twins still answered; then --show N sampled vetoed rows per veto reason.

Usage: nice python bench/cloze_vetoes.py --store ../stores/pool6-x [--out DIR] [--per-kind 160] [--show 20]
       [--generate-only]
(writes DIR/probes.jsonl and DIR/rows.json; by default DIR is bench/results/cloze, which git ignores)
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from assistant.evaluate import Question, checks, first_cited_sentence
from assistant.naming import personal_name
from assistant.person_names import TITLES, surnames
from assistant.question import CLASSIFIERS
from ingest.chunk import sentence_spans
from vectorstore.keyword import posseg_cut
from vectorstore.settings import get_settings
from vectorstore.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from data_paths import GOVERNANCE  # noqa: E402 - bench/ is on sys.path when run as a script

KINDS = ("count", "money", "rate", "year", "date", "person", "org")
_NUM = r"(?:\d+(?:\.\d+)?|[两三四五六七八九十百千万][一二两三四五六七八九十百千万]*|[一][一二两三四五六七八九十百千万]+)"
# A count: a number, 余/多, a measure word (not 元: money; not a unit of time: dates and durations).
_COUNT = re.compile(rf"(?<![\d.第])({_NUM}(?:余|多)?)([{CLASSIFIERS.replace('元', '').replace('天', '').replace('岁', '')}])")
_MONEY = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?\s*(?:余|多)?\s*[万亿]?元)")
_RATE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?\s*[%％])")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2}年)(?!\d|代|度|级)(?!\d{1,2}月)")
_DATE = re.compile(r"(?<!\d)((?:(?:19|20)\d{2}年)?\d{1,2}月\d{1,2}[日号])")
_CLAUSE = re.compile(r"[，,；;：:]")
_ROLE = "|".join(sorted(TITLES, key=len, reverse=True))
MAX_CHARS = 40


RECORD_SETS = {"dev": "dev_ids.txt", "distractors": "distractor_ids.txt"}


def dev_articles(store: Path, records: str = "dev") -> list[dict]:
    """The store's articles of a record set (`dev`: the development pool, record id in dev_ids.txt; `distractors`:
    the pool store's general news, distractor_ids.txt), with their card's places (empty when the card has none)."""
    ids = set((GOVERNANCE / RECORD_SETS[records]).read_text(encoding="utf-8").split())
    kb = Store.open(get_settings(store=store))
    try:
        articles = list(kb.articles())
        record = {a.id: a.source.rsplit("#", 1)[-1] for a in articles}
        # A reprint the store records (near_duplicates, which the retriever cites once, in its better-ranked
        # copy) states the same sentence: the probe expects it too, as the pool files list a story's reposts.
        return [{"id": a.id, "record": record[a.id], "title": a.title,
                 "reprints": sorted(record[other] for other, _ in kb.near_duplicates(a.id) if other in record),
                 "district": a.place.district or "", "street": a.place.street or "",
                 "residential": a.place.residential or "", "text": a.text}
                for a in articles if record[a.id] in ids]
    finally:
        kb.close()


def spans(sentence: str) -> list[tuple[str, int, int, str]]:
    """(kind, start, end, question word) of each typed fact of the sentence."""
    out = []
    for m in _DATE.finditer(sentence):
        out.append(("date", m.start(1), m.end(1), "什么时候"))
    dated = [(s, e) for _, s, e, _ in out]
    for m in _YEAR.finditer(sentence):
        if not any(s <= m.start(1) < e for s, e in dated):
            out.append(("year", m.start(1), m.end(1), "哪一年"))
    for m in _MONEY.finditer(sentence):
        out.append(("money", m.start(1), m.end(1), "多少钱"))
    for m in _RATE.finditer(sentence):
        out.append(("rate", m.start(1), m.end(1), "百分之多少"))
    for m in _COUNT.finditer(sentence):
        if m.group(2) in "个" and sentence[m.end():m.end() + 1] in "月":
            continue  # 3个月: a duration
        if m.group(1) in ("两", "一") or re.fullmatch(r"[一两]", m.group(1)):
            continue
        out.append(("count", m.start(1), m.end(2), f"多少{m.group(2)}"))
    position = 0
    for word, flag in posseg_cut(sentence):
        start, position = position, position + len(word)
        if personal_name(word, flag) and len(word) in (2, 3) and word[0] in surnames():
            role = re.search(rf"({_ROLE})$", sentence[max(0, start - 6):start])
            if role:  # a name after its role only: jieba tags some common nouns nr (幸福感, 金点子)
                out.append(("person", start - len(role.group(1)), position, f"哪位{role.group(1)}"))
        elif flag == "nt" and len(word) >= 4:
            out.append(("org", start, position, "哪个单位"))
    return out


def question_of(sentence: str, start: int, end: int, word: str, places: list[str]) -> str | None:
    """The cloze question: the span's clause (and the first clause when short), the span replaced by the question
    word, the report's most specific place first when the question names none; None when too long or odd."""
    bounds = [0] + [m.end() for m in _CLAUSE.finditer(sentence)] + [len(sentence) + 1]
    index = next(i for i in range(len(bounds) - 1) if bounds[i] <= start < bounds[i + 1])
    clause_start, clause_end = bounds[index], bounds[index + 1] - 1
    if end > clause_end:
        return None
    clause = sentence[clause_start:start] + word + sentence[end:clause_end]
    if len(clause) - len(word) < 4 and index + 2 < len(bounds):
        # The span is a clause of its own (7月28日，…举行了…): the next clause is asked about ("…是什么时候").
        following = sentence[bounds[index + 1]:bounds[index + 2] - 1]
        clause = following.rstrip(" 。！!？?，,；;：:") + "是" + word
        index += 1
    clause = re.sub(r"[“”\"‘’「」《》]", "", clause).strip(" 。！!？?，,；;：:…")
    if index > 0:
        first = sentence[:bounds[1] - 1].strip()
        if 2 <= len(first) <= 15 and any(flag.startswith("n") for _, flag in posseg_cut(first)) and \
                not re.search(r"\d", first):
            clause = first + "，" + clause
    if len(clause) - len(word) < 8:
        return None  # 哪位居民说: too little to ask about
    if not any(place and place in clause for place in places):
        place = next((p for p in places if p), "")
        clause = place + clause
    question = clause + "？"
    if len(question) > MAX_CHARS or len(question) < 8:
        return None
    return question


def generate(articles: list[dict], per_kind: int, seed: int = 17, total: int = 0) -> list[dict]:
    """The probes: every candidate per kind, a seeded sample of `per_kind`, each with its negative twin; with
    `total`, then a seeded sample of that many of them (kinds in proportion)."""
    candidates: dict[str, list[dict]] = defaultdict(list)
    streets = sorted({(a["district"], a["street"]) for a in articles if a["street"]})
    for article in articles:
        places = [article["residential"], article["street"], article["district"]]
        text = article["text"]
        for s, e in sentence_spans(text):
            sentence = text[s:e]
            if len(sentence) > 300:
                continue
            for kind, start, end, word in spans(sentence):
                fact = sentence[start:end]
                if kind == "person" and word.startswith("哪位"):
                    fact = sentence[start + len(word) - 2:end]
                # two phrasings: the report's narrowest place first, and (a user naming the wider area) its district
                for form, where in (("", places), ("-wide", [article["district"]])):
                    if form and (not article["district"] or article["district"] == next(p for p in places if p)):
                        continue
                    question = question_of(sentence, start, end, word, where)
                    if question is None or fact in question or (form and any(
                            p and p in question for p in places[:2])):
                        continue
                    candidates[kind + form].append({"q": question, "kind": kind + form, "fact": fact,
                                                    "expect": [article["record"], *article.get("reprints", [])], "sentence": sentence,
                                                    "twin": twin(question, article, streets)})
    rng = random.Random(seed)
    probes = []
    for kind in (k + form for k in KINDS for form in ("", "-wide")):
        seen: set[str] = set()
        unique = [c for c in candidates[kind] if not (c["q"] in seen or seen.add(c["q"]))]
        rng.shuffle(unique)
        for n, probe in enumerate(unique[:per_kind], 1):
            probes.append({"id": f"cz-{kind}-{n:03d}", **probe})
        print(f"  {kind:12} {len(unique)} candidates, {min(per_kind, len(unique))} kept")
    if total and total < len(probes):
        keep = set(map(id, random.Random(seed).sample(probes, total)))
        probes = [p for p in probes if id(p) in keep]
        print(f"  sampled {total} of them (seed {seed})")
    return probes


def twin(question: str, article: dict, streets: list[tuple[str, str]]) -> str | None:
    """The question with the report's place (the most specific one it names) replaced by a street of another
    district the report never names; None when the question names none of the report's places."""
    place = next((p for p in (article["residential"], article["street"], article["district"]) if p and p in question),
                 None)
    if place is None:
        return None
    others = [street for district, street in streets if district != article["district"] and street not in
              article["text"] and street[:2] not in article["text"]]
    if not others:
        return None
    other = others[sum(map(ord, question)) % len(others)]
    return question.replace(place, other)


def ask(store: Path, probes: list[dict]) -> list[dict]:
    from assistant.answer import Assistant
    from mrc_answering import veto
    assistant = Assistant(get_settings(store=store))
    assistant.ask("热身", k=5)
    threshold = assistant.settings.answer.grounding_threshold
    rows = []
    started = time.perf_counter()
    for n, probe in enumerate(probes, 1):
        question = Question(id=probe["id"], q=probe["q"], expect=probe["expect"], must_any=[probe["fact"]],
                            answer_all=[probe["fact"]], kind=probe["kind"])
        answer = assistant.ask(probe["q"], k=5)
        result = checks(question, answer)
        answered = answer.grounded and not answer.partial
        row = {"id": probe["id"], "kind": probe["kind"], "q": probe["q"], "fact": probe["fact"],
               "sentence": probe["sentence"], "rank": result["rank"], "answered": answered,
               "cited": bool(result.get("answered_cited")), "miss": result.get("miss"),
               "veto": veto(answer, threshold),
               "first": first_cited_sentence(answer) if answered else "",
               "expected": answer.grounding.answer_type.expected if answer.grounding.answer_type else None}
        if probe.get("twin"):
            other = assistant.ask(probe["twin"], k=5)
            row["twin"] = probe["twin"]
            row["twin_answered"] = other.grounded and not other.partial
            row["twin_veto"] = veto(other, threshold)
            row["twin_first"] = first_cited_sentence(other) if row["twin_answered"] else ""
        rows.append(row)
        if n % 100 == 0:
            print(f"  {n}/{len(probes)} asked, {time.perf_counter() - started:.0f} s", flush=True)
    return rows


def outcome(row: dict) -> str:
    if row["cited"]:
        return "answered+cited"
    if row["answered"]:  # assistant.evaluate.citation_miss: the right report's other chunk, a report stating it…
        return "answered:" + (row.get("miss") or "other")
    return row["veto"]


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """The options every probe script shares: write the probes only, or report on rows asked before."""
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument("--rows", type=Path, help="report on rows.json written before (no asking)")


def report(rows: list[dict], show: int, seed: int = 17) -> None:
    table: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        table[row["kind"]][outcome(row)] += 1
        table["all"][outcome(row)] += 1
    columns = [c for c, _ in table["all"].most_common()]
    print(f"{'kind':12} {'n':>4} " + " ".join(f"{c[:22]:>22}" for c in columns))
    for kind in (*(k + form for k in KINDS for form in ("", "-wide")), "all"):
        if kind in table:
            print(f"{kind:12} {sum(table[kind].values()):>4} " + " ".join(f"{table[kind][c]:>22}" for c in columns))
    ranked = [r for r in rows if r["rank"] == 1]
    print(f"\nwith the source report first ({len(ranked)}): answered+cited {sum(r['cited'] for r in ranked)}; vetoes:")
    for reason, count in Counter(r["veto"] for r in ranked if r["veto"]).most_common():
        print(f"  {reason:28} {count}")
    twins = [r for r in rows if "twin" in r]
    print(f"\nnegative twins (place swapped): {len(twins)}, declined {sum(not r['twin_answered'] for r in twins)}, "
          f"still answered {sum(r['twin_answered'] for r in twins)}; among probes answered+cited: "
          f"{sum(not r['twin_answered'] for r in twins if r['cited'])}/{sum(r['cited'] for r in twins)} declined")
    if show:
        rng = random.Random(seed)
        by_reason: dict[str, list[dict]] = defaultdict(list)
        for row in ranked:
            if row["veto"]:
                by_reason[row["veto"]].append(row)
        for reason, items in sorted(by_reason.items(), key=lambda item: -len(item[1])):
            print(f"\n== {reason} ({len(items)})")
            for row in rng.sample(items, min(show, len(items))):
                print(f"  {row['id']} [{row['expected']}] {row['q']}  ← {row['fact']} | {row['sentence'][:90]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results" / "cloze")
    parser.add_argument("--per-kind", type=int, default=160)
    parser.add_argument("--show", type=int, default=20)
    parser.add_argument("--records", choices=sorted(RECORD_SETS), default="dev",
                        help="the record set whose sentences are asked: dev (the pool's reports) or distractors")
    parser.add_argument("--sample", type=int, default=0, help="a seeded sample of this many probes (0: all)")
    add_run_options(parser)
    args = parser.parse_args()
    if args.rows:
        report(json.loads(args.rows.read_text(encoding="utf-8")), args.show)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    probes = generate(dev_articles(args.store, args.records), args.per_kind, total=args.sample)
    (args.out / "probes.jsonl").write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in probes),
                                           encoding="utf-8")
    print(f"{len(probes)} probes → {args.out / 'probes.jsonl'}")
    if args.generate_only:
        return
    rows = ask(args.store, probes)
    (args.out / "rows.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    report(rows, args.show)


if __name__ == "__main__":
    main()
