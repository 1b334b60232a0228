"""A Chinese stand-in for an English question, read by the analyses that read Chinese characters.

The learned order (assistant/order.py) reads a question's characters: which of them a candidate sentence restates,
which it alone says, what it says right before and after the question word, whether the question word asks for a
date or a figure. An English question has none, so its answers kept the composer's order. The stand-in gives it
some: the Chinese each of its key terms takes in the retrieved passages (the glossary's, CC-CEDICT's or the
collection's pinyin names', `query.english_terms`), in the question's word order, with its question word put as
the Chinese interrogative of the same kind — a closed class: how many → 多少, who → 谁, when → 什么时候,
where → 哪里, why → 为什么, how → 怎么, which → 哪个, what → 什么. An English question fronts its question word
and inverts its auxiliary ("When was X built?"); Chinese keeps the subject first and asks in place (X什么时候建):
after an auxiliary, the interrogative of a when / where / why / how question follows the first term after it.

A term no passage prints in any of its Chinese forms is left out (it tells no sentence from another). The answer
itself stays English-framed: only the analyses read the stand-in.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.query import Term, has_chinese

# The English question words (a closed class) and the Chinese interrogative of the same kind, longest first.
INTERROGATIVES: tuple[tuple[str, str], ...] = (
    ("how many", "多少"), ("how much", "多少"), ("how long", "多久"), ("how old", "多大"),
    ("what year", "哪一年"), ("which year", "哪一年"), ("what time", "什么时候"), ("what date", "哪一天"),
    ("who", "谁"), ("whom", "谁"), ("whose", "谁的"), ("when", "什么时候"), ("where", "哪里"), ("why", "为什么"),
    ("how", "怎么"), ("which", "哪个"), ("what", "什么"),
)
_WH = re.compile(r"\b(" + "|".join(re.escape(en) for en, _ in INTERROGATIVES) + r")\b", re.IGNORECASE)
_ZH = dict(INTERROGATIVES)
# English auxiliaries and modals (a closed class): after a question word they mark the inverted order.
_AUXILIARY = re.compile(r"\s*(?:is|are|was|were|am|do|does|did|has|have|had|can|could|will|would|shall|should|may|"
                        r"might|must)\b", re.IGNORECASE)
# The question words asked in place after the subject in Chinese (the others take the subject's or object's slot).
_ADVERBIAL = frozenset({"什么时候", "哪里", "为什么", "怎么", "哪一年", "哪一天"})


def _form(term: Term, shown: str) -> str:
    """The Chinese form of a term the passages print: a name's first (its own before the places inside it:
    上海 before 南码头路街道), a word's longest (the most specific: 党总支书记 over 书记) of two characters or more;
    or ""."""
    forms = [form for form in term.alternatives
             if has_chinese(form) and form in shown and (term.entity or len(form) >= 2)]
    if term.entity:
        return forms[0] if forms else ""
    return max(forms, key=len, default="")


def _span(term: Term, lowered: str) -> tuple[int, int]:
    """Where the term's English is first written in the question (its end when it is not: a name read whole)."""
    at = lowered.find(term.text.lower())
    return (at, at + len(term.text)) if at >= 0 else (len(lowered), len(lowered))


def stand_in(text: str, terms: Sequence[Term], passages: Sequence[str]) -> str:
    """The Chinese stand-in of an English question (`text`, its key terms, the texts of its retrieved passages);
    "" when no term's Chinese is printed in them."""
    shown = "\n".join(passages)
    lowered = text.lower()
    placed = sorted((_span(t, lowered), form) for t in terms if (form := _form(t, shown)))
    if not placed:
        return ""
    words = [form for _, form in placed]
    wh = _WH.search(text)
    if wh is None:
        return "".join(words)
    asked = _ZH[re.sub(r"\s+", " ", wh.group(1).lower())]
    at = sum(1 for (start, _), _ in placed if start < wh.start())
    if asked in _ADVERBIAL and _AUXILIARY.match(text, wh.end()) and at < len(words):
        # "When was Songnan Wucun … built?" → 淞南五村什么时候…建: the subject (terms written one after the other) first
        at += 1
        while at < len(words) and re.fullmatch(r"[\s'’s-]*", lowered[placed[at - 1][0][1]:placed[at][0][0]]):
            at += 1
    return "".join(words[:at]) + asked + "".join(words[at:]) + "？"
