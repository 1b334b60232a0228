"""Do the retrieved reports agree on the asked value?

A figure or a date the answer quotes is usually stated by more than one report when it is the asked one: news
of one event repeat its figures (RGB's positive passages: 457万 in several reports of 2022年考研报名人数). A
same-topic passage that does not hold the asked fact states another value of the same kind about the same
subject — another year's, another region's, another event's (内蒙古2022年高考报名人数为18.5万人 for 2022年考研).
So the answer to a when-question, or to a figure question naming a year (the scope RGB's negatives differ in:
another year's, another region's, another event's figure of that year), is unsupported when

- no other report states the answer's value (the quote giving a value whose window shows most of the question)
  in a window showing half the question (no corroboration), and
- other reports (CONFLICTS of them), each saying every term of the question the answer's window and report say,
  state in a window showing as much of the question as the answer's only other values of the asked kind.

A report's own passages (same article, or same title: an article's paragraphs, a report stored twice) neither
repeat nor contradict it. One report alone (the governance pool: a community's figure is in its own report)
raises nothing. Read for figures (count, money, rate) and dates (when), whose values compare as numbers; the
answer is given as partial (reason `agree`). Calibrated on RGB dev (docs/grounding.md, branch rgbscope).
"""
from __future__ import annotations

import re

from collections.abc import Callable

from assistant import answer_type
from assistant.grounding import covers
from assistant.query import Term
from assistant.question import FactKind, Question
from assistant.records import Citation, Passage
from ingest.chunk import sentence_spans

# The kinds of fact whose values are compared across reports: figures and dates.
AGREEMENT_KINDS = frozenset({FactKind.COUNT, FactKind.MONEY, FactKind.RATE, FactKind.WHEN})

# A window of another report states a conflicting value when it shows as much of the question as the answer's own
# window, less this margin (it is about the same subject as fully).
CONFLICT_MARGIN = 0.0

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_YEAR_VALUE = re.compile(r"((?:19|20)\d{2})\s*年")
_MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?")


def _number(text: str) -> str:
    """A number written one way: 3.0 → 3, 12.50 → 12.5."""
    return text.rstrip("0").rstrip(".") if "." in text else text.lstrip("0") or "0"


def values(kind: FactKind, question: str, sentence: str) -> set[str]:
    """The values of the asked kind the sentence states, as comparable tokens: the numbers of its figures (a
    year-like number is a date, not a figure), or its dates as `Y2022`, `M2D4`, `M2` (a month without its day).
    A year the question names is a qualifier, not a value."""
    if kind == FactKind.WHEN:
        asked_years = set(answer_type.YEAR.findall(question))
        found = {f"Y{y}" for y in _YEAR_VALUE.findall(sentence) if y not in asked_years}
        found |= {f"M{int(m)}D{int(d)}" if d else f"M{int(m)}" for m, d in _MONTH_DAY.findall(sentence)
                  if 1 <= int(m) <= 12}
        return found
    pattern = answer_type._fact_pattern(kind, question)
    if pattern is None:
        return set()
    asked = {_number(n) for n in _NUMBER.findall(question)}
    return {number for match in pattern.finditer(sentence) for number in map(_number, _NUMBER.findall(match.group(0)))
            if not answer_type.YEAR.fullmatch(number) and number not in asked}


def _same(value: str, others: set[str]) -> bool:
    """Is the value among the others — a month without its day matching that month's dates?"""
    if value in others:
        return True
    if value.startswith("M"):
        month = value.split("D")[0]
        return any(o.split("D")[0] == month and ("D" not in o or "D" not in value) for o in others if o.startswith("M"))
    return False


def _report(passage: Passage) -> str:
    """Which report a passage is of: its title when it has one (the paragraphs of one article, a report stored
    twice), else its article. A report's other passages tell its other events: they neither repeat nor contradict."""
    return passage.title.strip() or passage.article_id


def _window(passage: Passage, start: int, end: int) -> str:
    """What a value is read with: the sentence and its neighbours, its report's title and place (as the
    answer-type check reads a quote)."""
    return f"{passage.title}\n{passage.place}\n{answer_type._around(passage.passage, start, end)}"


# A passage sharing a stretch of this many characters with the answer's passage copies it (a news item reposted,
# an article chunked under another title): the same source, which neither repeats nor contradicts the answer.
# 80: RGB dev half A +1 refused, half B same, nothing lost; 20 and 40 lose rgb-all answers (branch rgbref18).
COPIED_SPAN = 80


def copies(text: str, other: str, span: int) -> bool:
    """Do the two texts share a stretch of `span` characters or more (checked at every half span of `text`: a shared
    stretch of 1.5 spans is always found)? False when span is 0."""
    if span <= 0 or len(text) < span:
        return False
    step = max(1, span // 2)
    return any(text[i:i + span] in other for i in range(0, len(text) - span + 1, step))


# Other reports that must contradict the answer's value (one could be the odd report out).
CONFLICTS = 1


def _shown(terms: list[Term], context: str, document: str) -> set[int]:
    """Which of the terms the context shows — or its report, for a word naming the subject (as window_coverage)."""
    lower, doc_lower = context.lower(), document.lower()
    return {i for i, t in enumerate(terms) if covers(t, context, lower)
            or document and answer_type.names_subject(t) and covers(t, document, doc_lower)}


def compared(question: Question) -> bool:
    """Is the question's answer compared across reports: a date (an event has one date, whatever year the question
    names or not: 发布时间 answered by another launch's 3月15日), or a figure asked under a year it names (a figure of
    a question naming no year has no scope its siblings differ in: a sibling fish's length, another town's count)?"""
    kind = question.expected
    return kind == FactKind.WHEN or kind in AGREEMENT_KINDS and bool(answer_type.YEAR.search(question.normalised))


def unsupported(question: Question, terms: list[Term], weights: list[float], citations: list[Citation],
                passages: list[Passage], reports: Callable[[], dict[str, str]] | None = None) -> bool:
    """Do other reports contradict the quoted value and none repeat it (the module's rule)? False for a kind of
    fact not compared (AGREEMENT_KINDS) or quotes giving no value of the kind. terms, weights: as the answer-type
    check reads them (its `checked_terms`); reports: gives article id → the report's text (read only when a value
    is compared), where a word naming the question's subject counts wherever the report says it, and where a
    contradicting report must say every term the answer's report says."""
    kind = question.expected
    if not compared(question) or not citations:
        return False
    asked = question.normalised
    by_chunk = {p.chunk_id: p for p in passages}
    quotes = [(by_chunk[c.chunk_id], c.span, found) for c in citations if c.chunk_id in by_chunk
              and (found := values(kind, asked, c.passage[c.span[0]:c.span[1]]))]
    if not quotes:
        return False
    texts = reports() if reports is not None else {}
    # the answer's value: the quote giving a value of the kind whose window shows most of the question (the
    # first of equals); the other quotes add context
    best, answer = -1.0, None
    for passage, span, found in quotes:
        coverage = answer_type.window_coverage(terms, weights, _window(passage, *span),
                                               texts.get(passage.article_id, ""))
        if coverage > best:
            best, answer = coverage, (passage, span, found)
    passage, span, found = answer
    own, subject = _report(passage), _shown(terms, _window(passage, *span), texts.get(passage.article_id, ""))
    conflicts = set()
    for other in passages:
        if _report(other) == own or copies(passage.passage, other.passage, COPIED_SPAN):
            continue  # a report's other passages tell its other events: they neither repeat nor contradict it
        document = texts.get(other.article_id, "")
        said: set[str] = set()  # on the subject at all (the answer-type check's window share)
        stated: set[str] = set()  # …as fully as the answer's window
        for start, end in sentence_spans(other.passage):
            if not (given := values(kind, asked, other.passage[start:end])):
                continue
            coverage = answer_type.window_coverage(terms, weights, _window(other, start, end), document)
            if coverage >= answer_type.WINDOW_COVERAGE:
                said |= given
                if coverage >= best - CONFLICT_MARGIN:
                    stated |= given
        if any(_same(value, said) for value in found):
            return False  # another report repeats the answer's value
        if stated and not any(_same(value, stated) for value in found) and subject <= _shown(
                terms, other.passage, document or other.passage) | _shown(terms, f"{other.title}\n{other.place}", ""):
            conflicts.add(_report(other))  # another report, about all the answer's report says of the subject, gives other values
    return len(conflicts) >= CONFLICTS
