"""A focus veto the question's meaning overrules: the asked noun said otherwise by the sentence closest to the question.

The focus check (answer_type.failures, `focus`) wants the noun a question asks about in the answer's sentence: the
noun its question word names, or, without one, its weightiest common noun (answer_type.asked_focus). That noun is
often the asker's own word for the thing: 毛病 for what a report calls 原因, 情节很轻 for 轻微, 专门 (jieba's noun for
the adverb), and the check cannot tell a sentence saying it otherwise from one that does not say it. Meaning can:
the retrieved sentence that fails the focus check and nothing else is quoted when it is, by the store's embedder
(multilingual-e5-small: the question as a query, the sentence as a passage), the sentence of the top passages
closest to the question by a clear margin over every other one there (FOCUS_MARGIN). A report that does not give
the fact seldom has such a sentence: its closest sentences are about as close as each other (docs/grounding.md,
branch `vetosem`).

Not for a figure (多少, 几: a count, an amount, a rate): its focus is what the number counts, and a number in a
sentence not saying it is another count (calibration pg-062: 一等奖奖金 against the contest's 1422名社区工作者, the
closest sentence by 0.033). Not for a person's role (队长叫什么名字, 党委书记是谁): there the check wants the name in the clause of the role
asked, and a name next to another role is what the report says of someone else — the sentence can be the closest
and still name the wrong person (calibration pd-005; one held-out unanswerable). Not for English questions (their
cosines to Chinese sentences are on another scale). Sentences are embedded only here, after a focus veto with a
candidate sentence: a few questions, a few dozen sentences (semantic.SentenceVectors keeps them).
"""
from __future__ import annotations

from collections.abc import Callable

from assistant.answer_type import Found, checked_terms, failures, person_asked, with_antecedent
from assistant.grounding import EVIDENCE_PASSAGES
from assistant.query import Term
from assistant.question import FactKind, Question
from assistant.records import Passage
from ingest.chunk import sentence_spans

# How much closer to the question the focus-failing sentence must be than every other sentence of the top passages
# (e5 cosine). Chosen on calibration vetoes (pool a–i, MRC, MRC noun phrases, RGB dev on rgb-neg) as the lowest margin
# losing no refusal: the answerable ones' sentences stand out by 0.010–0.019 (pool pi-003, pi-024; MRC cmrc-306);
# the closest sentence of an RGB negative's passages by at most 0.008 (0.005: three RGB dev refusals lost).
FOCUS_MARGIN = 0.010
_SHORTEST = 6  # characters: a shorter span is no sentence (a heading, a dateline)
_FIGURES = frozenset({FactKind.COUNT, FactKind.MONEY, FactKind.RATE})


def overrulable(asked: Question) -> bool:
    """May a focus veto of this question be overruled by meaning: a one-part Chinese question of a typed kind,
    asking neither a figure nor a person's name by role?"""
    return (asked.expected is not None and asked.expected not in _FIGURES and not asked.two_parts and asked.chinese
            and not person_asked(asked))


def misread_focus(asked: Question, terms: list[Term], weights: list[float], passages: list[Passage],
                  closeness: Callable[[list[str]], list[float]], reports: dict[str, str] | None = None
                  ) -> Found | None:
    """Of an overrulable question, the sentence of the top passages that fails only the focus check and is the
    closest to the question by FOCUS_MARGIN over every other sentence there; None when there is none.
    terms, weights: as answer_type.check reads them; closeness: the question's cosine to each of several sentences
    (semantic.Similarity.many)."""
    expected = asked.expected
    if expected is None or not overrulable(asked):
        return None
    terms, weights = checked_terms(asked, expected, terms, weights)
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
