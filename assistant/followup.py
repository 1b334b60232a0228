"""Multi-turn follow-ups: turn "那资金怎么监督?" into a standalone question before retrieval.

Offline and rule-based. A question is a follow-up when it opens with an anaphoric or connective
marker (那/那么/这个/其/它/他们/还有/另外…, "And…", "What about…") or when it names no place,
organisation or practice while an earlier question did. The standalone question carries over the
earlier question's topic terms (places, organisations, practice names), e.g.

    海园居民区的社区共治金是怎么筹集的?  +  那资金怎么监督?
    →  海园居民区的社区共治金，资金怎么监督?

A follow-up that is nothing but a new name ("那静安寺街道呢?") takes the earlier question and swaps
the name of the same kind in ("静安寺街道的社区共治金是怎么筹集的?").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import opencc

from assistant.query import key_terms, normalise_query, question_lang
from ingest.enrich import gazetteer, practices
from vectorstore.script import CJK as _CJK


# Openings that make a question lean on the one before. Connectives are dropped from the standalone
# question; pronouns stay (they are harmless to retrieval and keep the sentence readable).
_ZH_CONNECTIVES = ("那么", "那", "还有", "另外", "此外", "然后", "接着", "而且", "并且", "同时", "再问一下", "再问")
_ZH_PRONOUNS = ("这个", "这些", "这里", "这项", "这种", "这", "其中", "其", "它们", "它", "他们", "她们", "该", "此")
_ZH_NOT_MARKERS = ("其他", "其它", "其余", "其实", "这样", "此前", "该不该")  # start like a marker, are not one
_EN_CONNECTIVES = ("and what about", "and how about", "what about", "how about", "and", "also", "then", "so",
                   "what else about", "anything else about")
_EN_PRONOUNS = ("it", "its", "they", "their", "them", "this", "that", "these", "those", "there")

# Name endings of places and organisations that the gazetteer does not list.
_NAME_SUFFIXES = ("居民区", "居委会", "小区", "新苑", "新村", "花园", "社区", "街区", "园区", "村", "街道", "镇",
                  "委员会", "理事会", "联盟", "中心", "工作站", "服务站", "学院", "大学", "协会", "基金会", "党支部",
                  "党总支", "党委", "研究院", "公司", "步行街", "市民中心")
# Characters that never belong inside such a name (function words, question words).
_NOT_NAME_CHARS = "的是在和与了及等为对从把被让向这那其各该本每些哪什么怎如何有没吗呢吧啊个"
_ROAD = re.compile(rf"[^\W\d_{_NOT_NAME_CHARS}]{{2,3}}路(?![子线径费灯面况程])")
_PLACE_ENDING = re.compile(r"(居民区|小区|新苑|新村|花园|社区|街区|村|街道|镇|路|步行街)$")
_GENERIC_NAMES = {"社区", "小区", "居民区", "街道", "新型居住社区", "老旧小区", "中心", "服务中心"}
_EN_QUESTION_WORDS = {"how", "what", "which", "who", "whom", "why", "when", "where", "is", "are", "was", "were",
                      "do", "does", "did", "can", "could", "should", "would", "will", "and", "also", "then", "so",
                      "tell", "please", "i", "in", "on", "at", "the", "a", "an", "of"}
_OTHER_PLACES = re.compile(r"(其他|其它|别的|另外的|其余)(的)?(区|街道|镇|社区|小区|居民区|地方)"
                           r"|\bother (districts?|streets?|towns?|communities|neighbou?rhoods?|places)\b",
                           re.IGNORECASE)


@dataclass(frozen=True)
class Topic:
    """A term naming what a question is about, with its span in the (normalised) question."""

    text: str
    kind: str  # place | org | practice
    start: int
    end: int


@lru_cache(maxsize=1)
def _place_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(n.alias) for n in gazetteer()))


@lru_cache(maxsize=1)
def _practice_pattern() -> re.Pattern[str]:
    words = {p.tag for p in practices()} | {s for p in practices() for s in p.synonyms}
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@lru_cache(maxsize=1)
def _suffix_pattern() -> re.Pattern[str]:
    return re.compile("|".join(sorted(_NAME_SUFFIXES, key=len, reverse=True)))


def _names_by_suffix(query: str) -> list[tuple[int, int]]:
    """Spans of "<2–6 name characters><suffix>" (海园居民区, 浦江微领地社区, 上海政法学院)."""
    spans = []
    for m in _suffix_pattern().finditer(query):
        start = m.start()
        while start > 0 and m.start() - start < 6 and re.match(rf"[^\W\d_{_NOT_NAME_CHARS}]", query[start - 1]):
            start -= 1
        if m.start() - start >= 2:
            spans.append((start, m.end()))
    return spans


@lru_cache(maxsize=1)
def _english_practice_terms() -> frozenset[str]:
    """English glossary terms whose Chinese side is a practice name (e.g. co-governance fund → 共治金)."""
    from assistant.query import glossary

    vocabulary = {p.tag for p in practices()} | {s for p in practices() for s in p.synonyms}
    return frozenset(en for en, zh in glossary() if any(z in vocabulary for z in zh))


def _add(found: list[Topic], topic: Topic) -> None:
    """Keep the longest of overlapping topics."""
    for i, other in enumerate(found):
        if topic.start < other.end and other.start < topic.end:
            if (topic.end - topic.start) > (other.end - other.start):
                found[i] = topic
            return
    found.append(topic)


def _chinese_topics(query: str) -> list[Topic]:
    found: list[Topic] = []
    for m in _place_pattern().finditer(query):
        _add(found, Topic(m.group(0), "place", m.start(), m.end()))
    for m in _practice_pattern().finditer(query):
        _add(found, Topic(m.group(0), "practice", m.start(), m.end()))
    known = list(found)
    # Names by their endings, unless they run into a practice name (长宁虹桥国际社区 is 国际社区).
    spans = _names_by_suffix(query) + [m.span() for m in _ROAD.finditer(query)]
    for start, end in spans:
        text = query[start:end]
        if text in _GENERIC_NAMES or any(t.kind == "practice" and t.start < end and start < t.end for t in known):
            continue
        kind = "place" if _PLACE_ENDING.search(text) else "org"
        _add(found, Topic(text, kind, start, end))
    # Quoted names (“百万美感生活”) and names jieba tags as places or organisations.
    for m in re.finditer(r"[“「『\"]([^”」』\"]{2,12})[”」』\"]", query):
        _add(found, Topic(m.group(1), "org", m.start(), m.end()))  # the span keeps the quotes
    for term in key_terms(query):
        if term.entity and len(term.text) >= 3 and term.text not in _GENERIC_NAMES:
            start = query.find(term.text)
            if start >= 0:
                _add(found, Topic(term.text, "org", start, start + len(term.text)))
    return sorted(found, key=lambda t: t.start)


def _english_topics(question: str) -> list[Topic]:
    found: list[Topic] = []
    lowered = question.lower()
    for en in _english_practice_terms():
        for m in re.finditer(rf"(?<![\w]){re.escape(en)}(?:s|es)?(?![\w])", lowered):
            _add(found, Topic(question[m.start():m.end()], "practice", m.start(), m.end()))
    # Capitalised word runs are names (Yuyuan Road, Haiyuan, Jing'an Temple Street); a sentence's
    # opening question word is not.
    for m in re.finditer(r"[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|de))*", question):
        words = m.group(0).split()
        while words and words[0].lower() in _EN_QUESTION_WORDS:
            words = words[1:]
        while words and words[-1].lower() in {"of", "de"}:
            words = words[:-1]
        if not words:
            continue
        text = " ".join(words)
        start = question.find(text, m.start())
        _add(found, Topic(text, "place", start, start + len(text)))
    return sorted(found, key=lambda t: t.start)


def topics(question: str) -> list[Topic]:
    """Places, organisations and practices a question names (spans refer to the normalised question)."""
    query = normalise_query(question)
    return _chinese_topics(query) if _CJK.search(query) else _english_topics(query)


def _marker(query: str) -> tuple[str, bool] | None:
    """The follow-up marker the question opens with, and whether it is a connective to drop."""
    if _CJK.search(query[:2]):
        if query.startswith(_ZH_NOT_MARKERS):
            return None
        for word in _ZH_CONNECTIVES:
            if query.startswith(word):
                # 那些/那个/那里 are pronouns, not the connective 那
                if word == "那" and query[1:2] in "些个里边时种样儿":
                    return word, False
                return word, True
        for word in _ZH_PRONOUNS:
            if query.startswith(word):
                return word, False
        return None
    lowered = query.lower()
    for phrase in _EN_CONNECTIVES:
        if re.match(rf"{re.escape(phrase)}\b", lowered):
            return query[:len(phrase)], True
    first = re.match(r"[a-z']+", lowered)
    if first and first.group(0) in _EN_PRONOUNS:
        return first.group(0), False
    return None


def _is_only_names(rest: str, names: list[Topic], chinese: bool) -> bool:
    """"静安寺街道呢?" / "Jing'an Temple?" — the follow-up is just a new name."""
    leftover = rest
    for topic in names:
        leftover = leftover.replace(topic.text, " ")
    if chinese:
        leftover = re.sub(r"[呢吗吧啊呀的怎么样如何情况又是呢？?！!。，,、\s]", "", leftover)
    else:
        leftover = re.sub(r"(?i)\b(the|a|an|in|at|for|of|case|then|instead|one)\b|[?!.,\s]", "", leftover)
    return not leftover


def _topic_phrase(question: str, carried: list[Topic], chinese: bool) -> str:
    """The stretch of the earlier question that holds the carried topics, or the topics joined."""
    start, end = min(t.start for t in carried), max(t.end for t in carried)
    total = sum(t.end - t.start for t in carried)
    if end - start <= total + (4 if chinese else 12):
        return question[start:end]
    return ("的" if chinese else " ").join(t.text for t in carried)


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def resolve_followup(question: str, history: list[str]) -> str:
    """A standalone version of `question`, given the earlier questions of the conversation (oldest first).

    Returns the question unchanged when it is not a follow-up or there is nothing to carry over. A
    question in traditional characters gets its standalone version in traditional characters too, so
    the answer comes back in the reader's script.
    """
    resolved = _resolve(question, history)
    if resolved != question and question_lang(question) == "zh-hant":
        return _s2t().convert(resolved)
    return resolved


def _resolve(question: str, history: list[str]) -> str:
    query = normalise_query(question)
    if not query or not history:
        return question
    previous = None
    for earlier in reversed(history[-5:]):  # the nearest earlier question that names something
        earlier_query = normalise_query(earlier)
        earlier_topics = topics(earlier_query)
        if earlier_topics:
            previous = (earlier_query, earlier_topics)
            break
    if previous is None:
        return question
    prev_query, prev_topics = previous
    chinese = bool(_CJK.search(query))
    if chinese != bool(_CJK.search(prev_query)):
        return question  # a switch of language starts a new topic
    marker = _marker(query)
    new_topics = topics(query)
    if marker is None and new_topics:
        return question  # names its own subject: a new question

    rest = query
    if marker and marker[1]:
        rest = query[len(marker[0]):].lstrip(" ,，、:：")
    new_kinds = {t.kind for t in new_topics}
    if new_topics and _is_only_names(rest, new_topics, chinese):
        # Swap the new names in for the earlier ones of the same kind, keeping the earlier question.
        swaps = []
        for kind in dict.fromkeys(t.kind for t in new_topics):
            same = [t for t in prev_topics if t.kind == kind]
            if same:
                text = ("的" if chinese else " ").join(t.text for t in new_topics if t.kind == kind)
                swaps.append((same[0].start, same[-1].end, text))
        if swaps:
            swapped = prev_query
            for start, end, text in sorted(swaps, reverse=True):
                swapped = swapped[:start] + text + swapped[end:]
            return swapped
        joined = ("的" if chinese else " ").join(t.text for t in new_topics)
        return f"{joined}{'，' if chinese else ': '}{prev_query}"

    if _OTHER_PLACES.search(query):
        new_kinds.add("place")  # "其他街道…": the earlier place is exactly what is not meant
    carried = [t for t in prev_topics if t.kind not in new_kinds and t.text not in query]
    if not carried:
        return question
    phrase = _topic_phrase(prev_query, carried, chinese)
    if not rest:
        return phrase
    if chinese:
        return f"{phrase}，{rest}"
    return f"{phrase}: {rest[0].lower() + rest[1:] if not rest[:2].isupper() else rest}"
