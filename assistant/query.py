"""Question analysis: language, normalisation, English→Chinese term expansion, key terms."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from langdetect import DetectorFactory, LangDetectException, detect

from ingest.clean import to_simplified
from ingest.enrich import DATA, read_tsv
from vectorstore.keyword import STOPWORDS, posseg_cut

DetectorFactory.seed = 0
_CJK = re.compile(r"[\u4e00-\u9fff]")

# Words that shape a question but are not what it is about.
QUESTION_WORDS = frozenset(
    "什么 怎么 怎样 如何 哪些 哪个 哪里 多少 为什么 为何 是否 谁 几 几个 吗 呢 请问 介绍 一下 情况 具体 主要 "
    "有 是 要 做 做法 办法 方法 方式 模式 打算 面临 发布 问题 哪 样 花 了 时间 何时 哪年 哪一年 哪天 在哪 在哪里 "
    "哪儿 谁演 "
    "what how which who whom why when where is are was were do does did have has had the a an of to in on "
    "for and or it its this that these those there their they them themselves itself can could should would "
    "will be been being about with by at as from into set up get make did".split()
)


def question_lang(question: str) -> str:
    """`zh` (simplified), `zh-hant` (traditional), or langdetect's code for other scripts (default `en`)."""
    if _CJK.search(question):
        simplified = to_simplified(question)
        changed = sum(1 for a, b in zip(question, simplified) if a != b)
        return "zh-hant" if changed >= 1 and changed >= len(_CJK.findall(question)) * 0.1 else "zh"
    try:
        code = detect(question)
    except LangDetectException:
        return "en"
    return code if code in {"en", "fr", "de", "es", "ja", "ko", "ru"} else "en"


def normalise_query(question: str) -> str:
    return to_simplified(question.strip())


@lru_cache(maxsize=1)
def glossary() -> list[tuple[str, list[str]]]:
    """English term → Chinese terms, longest English term first."""
    rows = [(r["en"].strip().lower(), [z.strip() for z in r["zh"].split(",") if z.strip()])
            for r in read_tsv(DATA / "glossary_en_zh.tsv")]
    return sorted(rows, key=lambda r: -len(r[0]))


@dataclass
class Term:
    text: str  # what to look for (Chinese word, or the English word itself)
    alternatives: tuple[str, ...]  # any of these in a passage covers the term
    entity: bool  # a name (place, person, organisation): must be found for the answer to count


def _english_terms(question: str) -> list[Term]:
    text = " " + re.sub(r"[^\w'’ -]", " ", question) + " "
    lowered = text.lower()
    terms: list[Term] = []
    for en, zh in glossary():
        pattern = rf"(?<![\w]){re.escape(en)}(?:s|es)?(?![\w])"
        if re.search(pattern, lowered):
            terms.append(Term(en, tuple(zh), entity=False))
            lowered = re.sub(pattern, lambda m: " " * len(m.group(0)), lowered)  # keep offsets
    for m in re.finditer(r"[A-Za-z][A-Za-z'’-]+", lowered):
        word = m.group(0)
        if word in QUESTION_WORDS or word in STOPWORDS or len(word) < 3:
            continue
        original = text[m.start():m.end()]
        is_name = original[:1].isupper() and m.start() > 1  # capitalised inside the sentence
        terms.append(Term(word, (original, word), entity=is_name))
    return terms


def _chinese_terms(question: str) -> list[Term]:
    terms: list[Term] = []
    for word, flag in posseg_cut(question):
        if word in STOPWORDS or word in QUESTION_WORDS:
            continue
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9.\-]+|\d+[A-Za-z][A-Za-z0-9]*", word):  # CVPR2022, ChatGPT: names
            terms.append(Term(word, (word,), entity=True))
            continue
        if not _CJK.search(word) and not re.fullmatch(r"\d+(\.\d+)?", word):
            continue
        if len(word) == 1 and _CJK.search(word):
            continue
        place_like = bool(re.search(r"(区|县|市|省|镇|街道)$", word)) and not re.search(r"(社|小|园|景|校|城)区$", word)
        entity = flag in {"ns", "nt"} or place_like and len(word) > 2
        alternatives = (word, word[:-1]) if entity and len(word) > 2 and word[-1] in "队市省" else (word,)
        terms.append(Term(word, alternatives, entity=entity))
    return terms


def key_terms(question: str) -> list[Term]:
    """The terms a passage must contain to be about this question."""
    query = normalise_query(question)
    return _chinese_terms(query) if _CJK.search(query) else _english_terms(query)


def expand_query(question: str) -> str:
    """For keyword search: an English question gains the Chinese terms of its glossary matches."""
    query = normalise_query(question)
    if _CJK.search(query):
        return query
    extra = [zh for term in _english_terms(query) for zh in term.alternatives if _CJK.search(zh)]
    return query + " " + " ".join(extra)
