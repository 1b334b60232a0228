"""Whose amount is it? A how-much question asks for the figure of an act or a thing (逃税了多少钱: the sum evaded);
the sentence answering it says the figure as that act's object or that thing's comment, next to it. Two things of
Chinese structure decide, read with jieba's tags:

- a report says the act in its own verb (偷逃个人所得税4765.82万元 for 逃税, 筹得善款 for 筹集): a verb of the
  sentence sharing a character with a verb the question asks about says the act too (as `answer_type.says_dated`
  reads a dated event);
- a figure before the asked word is its object only in the same clause (一个上亿的瓜：邓伦偷逃税…);
- a conjunction that joins a second predicate (并, 并且, 而且, 随后: a closed class of the grammar) between the
  asked word and the figure hands the figure to that predicate: in 邓伦偷逃税并罚款1.06亿元 the 1.06亿元 is the fine.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from vectorstore.keyword import posseg_cut
from vectorstore.script import is_chinese

# Conjunctions and linking adverbs that open a second predicate of the same subject (closed classes).
_SECOND_PREDICATE = frozenset({"并", "并且", "而", "而且", "且", "同时", "随后", "然后", "并处", "继而", "进而"})
_CLAUSE_MARK = re.compile(r"[，,；;：:。！？!?]")


def act_spans(sentence: str, focus: Sequence[str], asked_verbs: Sequence[str]) -> list[tuple[int, int]]:
    """Where the sentence says what the question asks the figure of: its focus words as written, and the
    sentence's own verbs (two characters or more) sharing a character with a verb the question asks about."""
    spans = [(m.start(), m.end()) for word in focus for m in re.finditer(re.escape(word), sentence)]
    asked = [set(v) for v in asked_verbs if is_chinese(v)]
    if asked:
        at = 0
        for word, flag in posseg_cut(sentence):
            if flag.startswith("v") and len(word) >= 2 and any(chars & set(word) for chars in asked):
                spans.append((at, at + len(word)))
            at += len(word)
    return spans


def second_predicate(between: str) -> bool:
    """Does the text between the asked word and a figure open another predicate (并罚款, 而且花费)?"""
    return any(word in _SECOND_PREDICATE for word, _ in posseg_cut(between)) if between.strip() else False


def amount_of_act(sentence: str, pattern: re.Pattern[str], focus: Sequence[str], asked_verbs: Sequence[str],
                  window: int) -> bool:
    """Is an amount of the sentence said of the asked act or thing: within `window` characters of where the
    sentence says it (act_spans; either side, as `extractive.amount_near_focus` measures), and, after it, with no
    second predicate opening between them?"""
    spans = act_spans(sentence, focus, asked_verbs)
    for m in pattern.finditer(sentence):
        for start, end in spans:
            if not (abs(m.start() - start) <= window or abs(start - m.end()) <= window):
                continue
            if end <= m.start() and second_predicate(sentence[end:m.start()]):
                continue  # 偷逃税并罚款1.06亿元: the figure is the fine's
            if m.end() <= start and _CLAUSE_MARK.search(sentence[m.end():start]):
                continue  # 爆出一个上亿的瓜：邓伦偷逃税…: a figure of the clause before is not the act's
            return True
    return False
