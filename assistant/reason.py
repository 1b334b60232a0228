"""Does a why-answer's window give a reason of the asked event, or only tell the event?

A Chinese why-question (为什么, 为何) is untyped: no answer-type check reads its quotes, and a report on the asked
subject that tells the event without its cause shares every word of the question (美溪里小区并未成立业委会，故而没有
资金…; …遭到了不少居民的反对，为此，…). Read by closed grammatical classes in jieba's tags (extractive.states_cause's):
a window gives a reason when a sentence of it holds a causal frame (原因是, 是因为, 与…有关), a causal preposition
or conjunction (因为, 由于), a purpose clause (为了, 为 + verb), or a conjunction of consequence (因此, 为此, 遂)
with a word of the asked event after it — the event as the result; the event only before it is the cause of
something else, which says nothing of why it happened.
"""
from __future__ import annotations

from assistant.extractive import _CAUSAL_FRAME, _CAUSAL_WORDS, _RESULT_WORDS, _opens_purpose
from assistant.question import Question, shows_word
from assistant.sentence_role import tags
from ingest.chunk import sentence_spans

import re

_CLAUSE = re.compile(r"[，,；;：:。！？!?]")
# Verbs of perceiving, learning and reporting (a closed class): a clause ending in one frames what follows as seen or
# told (…巡查过程中发现，…脱落; 联系物业后得知，…), it states no cause of it.
_FRAME_VERBS = frozenset({"发现", "得知", "获悉", "了解到", "看到", "注意到", "听说", "表示", "说", "介绍", "称", "据悉",
                          "据了解", "指出", "透露", "看见", "察觉", "发觉"})
# Flags of words that make no content clause: time, numbers, measure words, localisers, marks, adverbs, particles.
_FRAME_FLAGS = frozenset({"t", "m", "q", "f", "x", "d", "u", "uj", "ul", "y", "p", "c", "r"})


def told_first(sentence: str, asked: tuple[str, ...]) -> bool:
    """Is the asked event (a word of it) said in the sentence's first content clause — nothing but a time, a frame of
    perceiving or telling (_FRAME_VERBS) before it? Then no clause before it can be its cause (Chinese tells the cause
    first: …唯一的出入口，仅用水泥填补…解决不了根本问题，我建议用沥青修补). False when the sentence does not say it."""
    for clause in _CLAUSE.split(sentence):
        if not clause.strip():
            continue
        if any(shows_word(a, clause) for a in asked):
            return True
        words = [(w, f) for w, f in tags(clause) if w.strip()]
        if not words or words[-1][0] in _FRAME_VERBS or all(f in _FRAME_FLAGS for _, f in words):
            continue  # a time, or a frame of perceiving or telling: no content yet
        return False
    return False


def asks_reason(question: Question) -> bool:
    """A Chinese why-question with an asked predicate (Question.asked) to find in the quotes."""
    return question.chinese and question.kind == "why" and bool(question.asked)


def gives_reason(window: str, asked: tuple[str, ...]) -> bool:
    """Does the window (a quote with its neighbours) state a cause, of the asked event (asked: its words) where a
    consequence marker tells which is cause and which result?"""
    for start, end in sentence_spans(window) or [(0, len(window))]:
        sentence = window[start:end]
        if _CAUSAL_FRAME.search(sentence):
            return True
        words = list(tags(sentence))
        for at, (word, flag) in enumerate(words):
            if flag in {"p", "c"} and word in _CAUSAL_WORDS or _opens_purpose(words, at):
                return True
            if flag in {"c", "d", "r"} and word in _RESULT_WORDS:
                after = "".join(w for w, _ in words[at + 1:])
                if any(shows_word(a, after) for a in asked):
                    return True
    return False


def unexplained(quotes: list[str], asked: tuple[str, ...]) -> bool:
    """Do the quotes tell the asked event only as news: some quote says it, and each that does says it in its first
    content clause (told_first), with nothing before it that could be its cause?"""
    saying = [q for q in quotes if any(shows_word(a, q) for a in asked)]
    return bool(saying) and all(told_first(q, asked) for q in saying)
