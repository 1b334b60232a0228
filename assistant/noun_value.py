"""Does a sentence give the value of a noun-phrase question's head noun?

A question asked as a noun phrase (question.noun_phrase: 2022年冬奥会开幕式总导演, 2021年东吴证券的净利润) asks the
value of its last noun, the head. A same-topic sentence without the answer shares every other word of the
question and says the head only as a topic (揭晓了…主题口号, 介绍…的主要安排情况) or not at all (承销保荐收入 for
净利润). Read by structure: something that can be the head's value and that the question does not give — a figure,
quoted text (“一起向未来”, 《…》), a name by jieba's tags (person, place, organisation, other proper noun, a
Latin-script word) — in the clause saying the head (its last two characters for a longer one: 总导演 → 导演),
or the head followed by a colon, a copula or 有 (口号是…, 类型：…, 常见的类型有…), or preceded in its clause by a
copula (…，是天坛最早的建筑物: the sentence's subject is the value). A sentence not saying the head says its
value in other words (首日全国发送旅客3473.6万人次 for 旅客发送量): a value anywhere in it will do.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from vectorstore.keyword import posseg_cut

_CLAUSE = re.compile(r"[，,；;。！？!?\n]")
_QUOTED = re.compile(r"“[^”]{3,40}”|《[^》]{1,40}》|「[^」]{3,40}」")
_FIGURE = re.compile(r"\d|[一二三四五六七八九十百千万亿两]+(?:[个位人名家项次届万亿元吨种类])")
_NAME_FLAGS = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "eng"}
_COPULA = re.compile(r"\s*(?:是|为|為|：|:|有)")
_COPULA_BEFORE = re.compile(r"(?:是|为|為|成为|成為)")


def head_noun(words: Sequence[tuple[str, str]]) -> str:
    """The last noun of a noun-phrase question's jieba words (its head), or ""."""
    kept = [(w, f) for w, f in words if w.strip() and f != "x"]
    if not kept or not (kept[-1][1][:1] == "n" or kept[-1][1] in {"vn", "j"}):
        return ""
    return kept[-1][0]


def _said(head: str) -> str:
    return head[-2:] if len(head) >= 3 else head


def value_missing(question: str, words: Sequence[tuple[str, str]], sentence: str) -> bool:
    """Does the sentence fail to give the value of the noun-phrase question's head noun (see the module)?"""
    head = head_noun(words)
    if not head:
        return False
    said = _said(head)
    if said not in sentence:
        return not _gives_value(question, sentence)
    for clause in _CLAUSE.split(sentence):
        at = clause.find(said)
        if at < 0:
            continue
        if _COPULA.match(clause, at + len(said)) or _COPULA_BEFORE.search(clause[:at]):
            return False
        if _gives_value(question, clause, places=False):  # a place in the head's clause is where, not what
            return False
    return True


def _gives_value(question: str, text: str, places: bool = True) -> bool:
    """Does the text hold a figure, quoted text or a name (a place's too, unless not places) the question does
    not give?"""
    asked = set(question)
    flags = _NAME_FLAGS if places else _NAME_FLAGS - {"ns"}
    return (any(m.group(0)[1:-1] not in question for m in _QUOTED.finditer(text))
            or any(m.group(0) not in question for m in _FIGURE.finditer(text))
            or any(f in flags and len(w) >= 2 and not set(w) <= asked for w, f in posseg_cut(text)))
