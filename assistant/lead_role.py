"""A sentence's role in its report, read by structure: features for the learned order (order.py).

A report opens with a lede (when, where, who did what), states a purpose (为了…, 为确保…), tells the background
(过去…, 此前…), what was done and by what means (通过…, 采取…, 建立…), why (因为…, 由于…, 因…而), and closes
with an outlook or a slogan (将进一步…, …让居民的获得感更加充实). Which of these answers depends on what was
asked: a why-question's answer is the reason, not the background or the purpose; a how-question's is the
means, not the purpose it served. Each role is read from closed grammatical classes (prepositions, conjunctions
and time words as jieba tags them, causative verbs) and the sentence's position, never from a topic's words.
"""
from __future__ import annotations

import re
from functools import lru_cache

from assistant.sentence_role import opens_in_future, role, tags

ROLE_FEATURES = ("asked_quoted", "purpose_open", "means", "cause", "background", "outlook", "evaluative_end", "first_in_passage",
                 "dated_open", "recurring", "cause_x_why", "background_x_why", "purpose_x_open", "means_x_how",
                 "lede_x_open", "outlook_x_open", "evaluative_x_open", "dated_open_x_when", "recurring_x_when",
                 "first_x_open")

# Closed classes: the purpose prepositions (为 of 为确保…，; 为了), the instrumental prepositions (通过, 借助…),
# the causal ones (因, 由于…), the result verbs of a cause said before its effect (导致, 致使), the anterior time
# words that open a background (过去, 此前…; not 原来, which also says "it turned out"), the causative verbs of
# a slogan's result clause (让, 使, 令).
_PURPOSE = frozenset({"为", "为了", "为着"})
_MEANS = frozenset({"通过", "借助", "依托", "凭借", "利用", "依靠", "采取", "采用", "运用"})
_CAUSAL = frozenset({"因", "因为", "由于", "鉴于", "缘于", "源于", "出于"})
_RESULT = frozenset({"导致", "致使", "造成", "使得"})
# …and the consequence connectives after a clause of the same sentence (X，物业公司遂…; X，因此…): the clause
# before them is the reason.
_CONSEQUENCE = frozenset({"于是", "因此", "所以", "因而", "故而", "从而", "以致", "遂", "故"})
_ANTERIOR = frozenset({"过去", "以前", "此前", "原先", "之前", "先前", "早前", "起初", "当初", "曾经", "以往",
                       "前些年", "早些年", "当时"})
_CAUSATIVE = frozenset({"让", "使", "令", "促使"})
_EVALUATIVE_FLAGS = frozenset({"a", "ad", "an", "d", "i", "l", "z"})
_CONTENT_FLAG = re.compile(r"[nvadilzjt]")
_FIGURE = re.compile(r"\d|[一二两三四五六七八九十百千万]+[个位项家户人名元次条座]")
_DATE_OPEN = re.compile(r"^[^，。；]{0,6}(?:\d{1,4}|[一二三四五六七八九十〇]{1,4})\s*[年月日号]|^(?:近日|日前|近期|今年|去年|昨天|今天|"
                        r"[上下]午|[春夏秋冬]季|\d{1,2}月)")
_QUOTED = re.compile(r"“([^”]{2,20})”|《([^》]{2,30})》")
_CLAUSES = re.compile(r"[，,；;：:]")
_OPEN_KINDS = frozenset({"howto", "why"})


def _opening(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The sentence's words before its first comma (its first clause)."""
    out = []
    for word, flag in words:
        if _CLAUSES.fullmatch(word):
            break
        out.append((word, flag))
    return out


def states_reason(kind: str, text: str) -> bool:
    """A why-question's asked kind of fact, read by structure: a causal preposition or conjunction, a result
    verb (导致), or a consequence connective after a clause (…，物业公司遂将李某诉至法院)."""
    return kind == "why" and roles(text)[2]


def _last_clause(text: str) -> str:
    parts = [p for p in _CLAUSES.split(text.rstrip("。！!？?；;”\"")) if p.strip()]
    return parts[-1] if parts else ""


@lru_cache(maxsize=8192)
def roles(text: str) -> tuple[bool, ...]:
    """(purpose_open, means, cause, background, outlook, evaluative_end, dated_open, recurring) of a sentence."""
    words = tags(text)
    opening = _opening(words)
    head = [(w, f) for w, f in opening if f != "x"][:3]
    purpose_open = bool(head) and head[0][0] in _PURPOSE and head[0][1] == "p" and len(opening) >= 3
    means = any(w in _MEANS and f in {"p", "v"} for w, f in words)
    cause = (any((w in _CAUSAL and f in {"p", "c"}) or w in _RESULT for w, f in words) or "之所以" in text
             or any(w in _CONSEQUENCE and f in {"c", "d"} for w, f in words[len(opening) + 1:]))
    background = any(w in _ANTERIOR for w, _ in head[:2])
    outlook = opens_in_future(text) or role(text).exhortation
    last = _last_clause(text)
    said = [(w, f) for w, f in tags(last) if _CONTENT_FLAG.match(f)] if last else []
    evaluative = sum(f in _EVALUATIVE_FLAGS for _, f in said) / len(said) if said else 0.0
    evaluative_end = bool(said) and not _FIGURE.search(last) and (
        said[0][0] in _CAUSATIVE or evaluative >= 0.3)
    dated_open = bool(_DATE_OPEN.search(text))
    recurring = any(w in {"每", "每个", "每周", "每月", "每年", "每天", "每日", "每逢"} and i + 1 < len(words)
                    and words[i + 1][1] in {"t", "m", "q"} for i, (w, _) in enumerate(words)) \
        or bool(re.search(r"每(?:个|逢)?(?:周|星期)[一二三四五六日天]|每月\d{1,2}日|每月[一二三四五六七八九十]+[日号]", text))
    return purpose_open, means, cause, background, outlook, evaluative_end, dated_open, recurring


def features(asked: str, kind: str, text: str, lede: bool, first_in_passage: bool) -> list[float]:
    """ROLE_FEATURES of a candidate sentence for a question `asked` (its normalised text) of `kind`
    (question.kind: howto, why, when…); `lede`: the report's first sentence; `first_in_passage`: its passage's
    first quotable sentence. asked_quoted: the share of the names the question quotes (“每周一清”) it says."""
    quoted = [m.group(1) or m.group(2) for m in _QUOTED.finditer(asked)]
    said = sum(q in text for q in quoted) / len(quoted) if quoted else 0.0
    purpose_open, means, cause, background, outlook, evaluative_end, dated_open, recurring = roles(text)
    why, how, when = kind == "why", kind == "howto", kind == "when"
    is_open = kind in _OPEN_KINDS
    return [said] + [float(v) for v in (
        purpose_open, means, cause, background, outlook, evaluative_end, first_in_passage, dated_open, recurring,
        cause and why, background and why, purpose_open and is_open, means and how, lede and is_open,
        outlook and is_open, evaluative_end and is_open, dated_open and when, recurring and when,
        first_in_passage and is_open)]
