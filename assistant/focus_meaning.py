"""A focus veto the question's meaning overrules: the asker's word for what is asked, said otherwise by the sentence
closest to the question.

The focus check (answer_type.failures, `focus`) wants the noun a question asks about in the answer's sentence.
For a question without a counting or naming question word that noun is its weightiest common noun
(answer_type.asked_focus → focus_term), and it is often the asker's own word for the thing: 毛病 for what a report
calls 原因, 情节很轻 for 轻微, 专门 (jieba's noun for the adverb). When no retrieved passage prints that word at all,
the check cannot tell a sentence saying it otherwise from one that does not say it. Meaning can: the retrieved
sentence that fails the focus check and nothing else is quoted when it is, by the store's embedder
(multilingual-e5-small: the question as a query, the sentence as a passage), the sentence of the top passages
closest to the question by a clear margin over every other one (FOCUS_MARGIN). A report that does not give the fact
has no such sentence: its closest sentences are about as close as each other (docs/grounding.md, branch `vetosem`).

Only this focus: not a figure's (what is counted or paid is the fact), not a person's role (whose name is asked),
not the noun a question word names (哪个X), not a word the passages print (then the check reads it). Sentences are
embedded only here, after a focus veto: a few questions, a few dozen sentences (semantic.SentenceVectors keeps them).
"""
from __future__ import annotations

from collections.abc import Callable

from assistant.answer_type import (Found, asked_focus, checked_terms, failures, person_asked, with_antecedent)
from assistant.grounding import EVIDENCE_PASSAGES, covers
from assistant.query import Term
from assistant.question import FactKind, Question
from assistant.records import Passage
from ingest.chunk import sentence_spans

# How much closer to the question the focus-failing sentence must be than every other sentence of the top passages
# (e5 cosine). Fitted on calibration vetoes (pool a–i, MRC, RGB dev on rgb-neg): the pool's answerable ones' sentence
# stands out by 0.018–0.019; the closest sentence of an RGB negative's passages by at most 0.008, of an MRC question
# whose closest sentence does not hold the span by at most 0.011.
FOCUS_MARGIN = 0.015
_SHORTEST = 6  # characters: a shorter span is no sentence (a heading, a dateline)
_FIGURES = frozenset({FactKind.COUNT, FactKind.MONEY, FactKind.RATE})


def asker_word(asked: Question, terms: list[Term], weights: list[float], passages: list[Passage]) -> Term | None:
    """The focus noun the check wants that is the asker's own word: the question's weightiest common noun (no
    question word names one), of a question asking neither a figure nor a person, printed by no top passage
    (title or text). None otherwise."""
    if asked.expected is None or asked.expected in _FIGURES or asked.two_parts or asked.asked_noun is not None:
        return None
    if not asked.chinese or person_asked(asked):
        return None
    focus = asked_focus(asked, terms, weights)
    if len(focus) != 1:
        return None
    word = focus[0]
    if any(covers(word, text, text.lower()) for p in passages[:EVIDENCE_PASSAGES] for text in (p.title, p.passage)):
        return None
    return word


def misread_focus(asked: Question, terms: list[Term], weights: list[float], passages: list[Passage],
                  closeness: Callable[[list[str]], list[float]], reports: dict[str, str] | None = None
                  ) -> Found | None:
    """The sentence of the top passages that fails only the focus check, whose focus is the asker's word
    (asker_word), and that is the closest to the question by FOCUS_MARGIN over every other sentence there;
    None when there is none. terms, weights: as answer_type.check reads them; closeness: the question's cosine to
    each of several sentences (semantic.Similarity.many)."""
    expected = asked.expected
    if expected is None:
        return None
    terms, weights = checked_terms(asked, expected, terms, weights)
    if asker_word(asked, terms, weights, passages) is None:
        return None
    spans = [(rank, start, end) for rank, passage in enumerate(passages[:EVIDENCE_PASSAGES])
             for start, end in sentence_spans(passage.passage) if end - start >= _SHORTEST]
    if len(spans) < 2:
        return None
    documents = reports or {}
    only_focus = [(rank, start, end) for rank, start, end in spans
                  if set(failures(asked, expected, terms, weights, passages[rank], start, end,
                                  document=documents.get(passages[rank].article_id, ""))) == {"focus"}]
    if not only_focus:
        return None  # nothing embedded
    cosines = closeness([passages[rank].passage[start:end] for rank, start, end in spans])
    ranked = sorted(zip(cosines, spans), key=lambda pair: -pair[0])
    (best, span), (runner_up, _) = ranked[0], ranked[1]
    if span not in only_focus or best - runner_up < FOCUS_MARGIN:
        return None
    rank, start, end = span
    return Found(rank, with_antecedent(passages[rank].passage, start), end, best)
