"""Cloze probes asked in the user's words: which check vetoes a pool-style question written in other words?

The cloze probes (cloze_vetoes.py) copy the report's words; held-out pool questions are written in other words. This
bench takes every cloze probe of the development pool and rewrites it by one seeded paraphrase step built from general
resources, not word lists fitted to questions:

- `syn`: one or two content words (jieba n/v/vn/a, not a proper noun, not the place, not the question word) replaced
  by a near-synonym — a word of the store's own vocabulary (jieba over every article) sharing a CC-CEDICT English
  sense with it (glossed.word_senses; light senses like "do" ignored, as glossed.same_sense does), the closest by
  the e5 embedding of the two words, when close enough (Synonyms.MIN_COSINE);
- `order`: "place + subject + predicate" turned into "subject + 在place + predicate" (the place moved before the
  clause's first verb);
- `colloq`: the question word said colloquially (多少个 → 有几个 / 一共多少个, 什么时候 → 啥时候 / 哪天, 哪一年 → 哪年,
  哪个单位 → 哪家单位, 百分之多少 → 占比多少; the interrogatives are a closed class) with a 请问 / 想问一下 opening or a
  呢 / 啊 ending;
- `trad`: the question in traditional characters (OpenCC s2t, as the assistant answers zh-hant questions);
- `mix`: syn, then order or colloq.

Each paraphrase keeps its probe's negative twin: the same paraphrase with the report's place replaced by a street of
another district (cloze_vetoes.twin), which should be declined.

Usage: nice python bench/paraphrase_probes.py --store ../stores/pool6-x --out /work/notes/para18/run [--sample 600]
       [--seed 18] [--show 12] [--generate-only] [--rows FILE]
(writes OUT/probes.jsonl and OUT/rows.json; outside the repository)
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from assistant.glossed import _LIGHT_SENSES, word_senses
from vectorstore.keyword import posseg_cut
from vectorstore.settings import get_settings
from vectorstore.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cloze_vetoes  # noqa: E402 - bench/ is on sys.path when run as a script

STEPS = ("syn", "order", "colloq", "trad", "mix")
_CONTENT = re.compile(r"^(n|nr?s?$|v|vn|a)")  # jieba's common nouns, verbs, verbal nouns, adjectives
_PROPER = ("nr", "ns", "nt", "nz", "nrt", "nrfg")
# Colloquial forms of the cloze generator's question words (a closed class: the interrogatives it writes).
_COLLOQUIAL = [
    (re.compile(r"多少([个位名人户次场项家条支])"), ("有几{0}", "一共多少{0}", "大概多少{0}")),
    (re.compile(r"什么时候"), ("啥时候", "哪天", "几时")),
    (re.compile(r"哪一年"), ("哪年", "啥时候", "什么年份")),
    (re.compile(r"哪个单位"), ("哪家单位", "什么单位", "哪个机构")),
    (re.compile(r"百分之多少"), ("占比多少", "比例是多少", "多大比例")),
    (re.compile(r"多少钱"), ("花了多少钱", "多少资金", "投了多少钱")),
    (re.compile(r"哪位"), ("哪个", "谁是那位")),
]
_OPENINGS = ("请问", "想问一下，", "我想知道", "")
_ENDINGS = ("呢", "啊", "")


def vocabulary(store: Path) -> tuple[dict[str, str], dict[str, int]]:
    """The store's words (jieba over every article): word → its commonest flag, and word → count."""
    kb = Store.open(get_settings(store=store))
    try:
        flags: dict[str, Counter] = defaultdict(Counter)
        for article in kb.articles():
            for word, flag in posseg_cut(article.text):
                if len(word) >= 2:
                    flags[word][flag] += 1
    finally:
        kb.close()
    return ({w: c.most_common(1)[0][0] for w, c in flags.items()}, {w: sum(c.values()) for w, c in flags.items()})


class Synonyms:
    """Near-synonyms among the store's vocabulary: words sharing a CC-CEDICT sense with the word (light senses
    aside), of its part of speech, ranked by the e5 embedding's cosine of the two words; the best one at or above
    MIN_COSINE (word pairs read by hand: 举办/举行 .99, 成立/设立 .95, 居民/住户 .93 pass; 患有/聘书 .89, 开设/开封 .90,
    协会/社会 .92 do not)."""

    MIN_COSINE = 0.93

    def __init__(self, flags: dict[str, str], counts: dict[str, int], store: Path) -> None:
        from vectorstore.embedders import make_embedder
        self.embedder = make_embedder(get_settings(store=store))
        self.vectors: dict[str, np.ndarray] = {}
        self.senses = word_senses()
        self.flags, self.counts = flags, counts
        self.by_sense: dict[str, set[str]] = defaultdict(set)
        for word in flags:
            if self.counts[word] >= 2 and not flags[word].startswith(_PROPER):
                for sense in self.senses.get(word, ()):
                    if sense not in _LIGHT_SENSES:
                        self.by_sense[sense].add(word)

    def _vectors(self, words: list[str]) -> None:
        missing = [w for w in words if w not in self.vectors]
        if missing:
            found = self.embedder.embed_passages(missing)
            for word, vector in zip(missing, found):
                self.vectors[word] = vector / np.linalg.norm(vector)

    def of(self, word: str, flag: str) -> str | None:
        own = self.senses.get(word, frozenset()) - _LIGHT_SENSES
        candidates = set()
        for sense in own:
            for other in self.by_sense.get(sense, ()):
                if other == word or other in word or word in other or other[0] == word[0] and other[-1] == word[-1]:
                    continue
                if self.flags[other][0] == flag[0]:  # a noun for a noun, a verb for a verb
                    candidates.add(other)
        if not candidates:
            return None
        ranked = sorted(candidates)
        self._vectors([word, *ranked])
        scores = {other: float(self.vectors[word] @ self.vectors[other]) for other in ranked}
        best = max(scores, key=scores.get)
        return best if scores[best] >= self.MIN_COSINE else None


def protected(question: str, probe: dict, places: list[str]) -> list[tuple[int, int]]:
    """Spans a paraphrase leaves alone: the places, the question word, numbers."""
    out = []
    for text in [p for p in places if p]:
        for m in re.finditer(re.escape(text), question):
            out.append((m.start(), m.end()))
    for m in re.finditer(r"多少\w?|什么时候|哪一年|哪个单位|哪位\w{0,4}|百分之多少|\d+", question):
        out.append((m.start(), m.end()))
    return out


def synonym_step(question: str, probe: dict, places: list[str], synonyms: Synonyms, rng: random.Random) -> str | None:
    keep = protected(question, probe, places)
    position, options = 0, []
    for word, flag in posseg_cut(question):
        start, position = position, position + len(word)
        if len(word) < 2 or flag.startswith(_PROPER) or not _CONTENT.match(flag) or word in probe["fact"]:
            continue
        if any(s < position and start < e for s, e in keep):
            continue
        other = synonyms.of(word, flag)
        if other:
            options.append((start, position, other))
    if not options:
        return None
    chosen = sorted(rng.sample(options, min(len(options), rng.choice((1, 2)))), reverse=True)
    for start, end, other in chosen:
        question = question[:start] + other + question[end:]
    return question


def order_step(question: str, places: list[str]) -> str | None:
    place = next((p for p in places if p and question.startswith(p)), None)
    if place is None:
        return None
    rest = question[len(place):].lstrip("，,的")
    position = 0
    words = posseg_cut(rest)
    for n, (word, flag) in enumerate(words):
        start, position = position, position + len(word)
        if flag.startswith("v") and start > 0 and n > 0 and not rest[:start].endswith("在") and \
                rest[:start].count("(") == rest[:start].count(")"):
            return rest[:start] + "在" + place + rest[start:]
    return None


def colloquial_step(question: str, rng: random.Random) -> str | None:
    for pattern, forms in _COLLOQUIAL:
        m = pattern.search(question)
        if m:
            form = rng.choice(forms).format(*m.groups())
            if form.startswith("有") and question[max(0, m.start() - 1):m.start()] in ("有", "是"):
                form = form[1:]
            question = question[:m.start()] + form + question[m.end():]
            body = question.rstrip("？?")
            return rng.choice(_OPENINGS) + body + rng.choice(_ENDINGS) + "？"
    return None


def _s2t(text: str) -> str:
    from assistant.answer import _s2t as converter
    return converter().convert(text)


def paraphrase(probe: dict, article: dict, synonyms: Synonyms, streets: list, rng: random.Random) -> dict | None:
    places = [article["residential"], article["street"], article["district"]]
    question = probe["q"]
    step = rng.choice(STEPS)
    if step == "syn":
        new = synonym_step(question, probe, places, synonyms, rng)
    elif step == "order":
        new = order_step(question, places)
    elif step == "colloq":
        new = colloquial_step(question, rng)
    elif step == "trad":
        new = question
    else:
        new = synonym_step(question, probe, places, synonyms, rng)
        new = new and (order_step(new, places) or colloquial_step(new, rng))
    if not new or new == question and step != "trad":
        return None
    twin = cloze_vetoes.twin(new, article, streets)
    fact = probe["fact"]  # simplified, as the cited passage writes it (evaluate.matches reads the passage)
    if step == "trad":
        new, twin = _s2t(new), twin and _s2t(twin)
    return {**probe, "id": probe["id"].replace("cz-", f"pp-{step}-"), "kind": step, "cloze": probe["q"], "q": new,
            "twin": twin, "fact": fact}


def generate(store: Path, sample: int, seed: int = 18) -> list[dict]:
    articles = cloze_vetoes.dev_articles(store, "dev")
    by_record = {a["record"]: a for a in articles}
    streets = sorted({(a["district"], a["street"]) for a in articles if a["street"]})
    base = cloze_vetoes.generate(articles, per_kind=10_000)
    synonyms = Synonyms(*vocabulary(store), store)
    rng = random.Random(seed)
    out = []
    for probe in base:
        for _attempt in range(3):  # a step that does not apply to this probe: draw another
            made = paraphrase(probe, by_record[probe["expect"][0]], synonyms, streets, rng)
            if made:
                out.append(made)
                break
    if sample and sample < len(out):
        out = random.Random(seed).sample(out, sample)
    print(f"{len(out)} paraphrased probes: {dict(Counter(p['kind'] for p in out))}")
    return out


def report(rows: list[dict], show: int, seed: int = 18) -> None:
    table: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        table[row["kind"]][cloze_vetoes.outcome(row)] += 1
        table["all"][cloze_vetoes.outcome(row)] += 1
    columns = [c for c, _ in table["all"].most_common()]
    print(f"{'step':8} {'n':>4} " + " ".join(f"{c[:22]:>22}" for c in columns))
    for kind in (*STEPS, "all"):
        if kind in table:
            print(f"{kind:8} {sum(table[kind].values()):>4} " + " ".join(f"{table[kind][c]:>22}" for c in columns))
    twins = [r for r in rows if r.get("twin")]
    print(f"\nnegative twins: {len(twins)}, declined {sum(not r['twin_answered'] for r in twins)}; among probes "
          f"answered+cited: {sum(not r['twin_answered'] for r in twins if r['cited'])}/{sum(r['cited'] for r in twins)}")
    if show:
        rng = random.Random(seed)
        by_reason: dict[str, list[dict]] = defaultdict(list)
        for row in rows:
            if not row["cited"]:
                by_reason[cloze_vetoes.outcome(row)].append(row)
        for reason, items in sorted(by_reason.items(), key=lambda item: -len(item[1])):
            print(f"\n== {reason} ({len(items)})")
            for row in rng.sample(items, min(show, len(items))):
                print(f"  {row['id']} r{row['rank']} [{row['expected']}] {row['q']}  ← {row['fact']} | "
                      f"{row['sentence'][:80]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=600)
    parser.add_argument("--show", type=int, default=12)
    parser.add_argument("--seed", type=int, default=18, help="another seed draws another paraphrase step per probe")
    cloze_vetoes.add_run_options(parser)
    args = parser.parse_args()
    if args.rows:
        report(json.loads(args.rows.read_text(encoding="utf-8")), args.show)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    probes_file = args.out / "probes.jsonl"
    if probes_file.exists():
        probes = [json.loads(line) for line in probes_file.read_text(encoding="utf-8").splitlines()]
    else:
        probes = generate(args.store, args.sample, args.seed)
        probes_file.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in probes), encoding="utf-8")
    if args.generate_only:
        return
    rows = cloze_vetoes.ask(args.store, probes)
    for row, probe in zip(rows, probes):
        row["cloze"] = probe["cloze"]
    (args.out / "rows.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    report(rows, args.show)


if __name__ == "__main__":
    main()
