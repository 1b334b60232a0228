"""Do the retrieved reports agree on the asked value?

A figure or a date the answer quotes is usually stated by more than one report when it is the asked one: news
of one event repeat its figures (RGB's positive passages: 457万 in several reports of 2022年考研报名人数). A
same-topic passage that does not hold the asked fact states another value of the same kind about the same
subject — another year's, another region's, another event's (内蒙古2022年高考报名人数为18.5万人 for 2022年考研).
So an answer is unsupported when

- no other report states a value the quoted sentences give (no corroboration), and
- another report states, in a window showing as much of the question as the quotes' best window, only values
  of the asked kind the quotes do not give (a conflict).

One report alone (the governance pool: a community's figure is in its own report) raises no conflict unless
another report speaks of the same subject just as fully with another value: then the answer is a guess
between reports, and the answer is given as partial (reason `agree`). Read for figures (count, money, rate)
and dates (when), whose values compare as numbers; calibrated on RGB dev (docs/grounding.md, branch rgbscope).
"""
from __future__ import annotations

import re

from assistant import answer_type
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
        asked_years = set(_YEAR_VALUE.findall(question)) | set(re.findall(r"(?:19|20)\d{2}", question))
        found = {f"Y{y}" for y in _YEAR_VALUE.findall(sentence) if y not in asked_years}
        found |= {f"M{int(m)}D{int(d)}" if d else f"M{int(m)}" for m, d in _MONTH_DAY.findall(sentence)
                  if 1 <= int(m) <= 12}
        return found
    pattern = answer_type._fact_pattern(kind, question)
    if pattern is None:
        return set()
    asked = {_number(n) for n in _NUMBER.findall(question)}
    return {number for match in pattern.finditer(sentence) for number in map(_number, _NUMBER.findall(match.group(0)))
            if not re.fullmatch(r"(?:19|20)\d{2}", number) and number not in asked}


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


def unsupported(question: Question, terms: list[Term], weights: list[float], citations: list[Citation],
                passages: list[Passage], reports: dict[str, str] | None = None) -> bool:
    """Do other reports contradict the quoted value and none repeat it (the module's rule)? False for a kind of
    fact not compared (AGREEMENT_KINDS) or quotes giving no value of the kind. terms, weights: as the answer-type
    check reads them (its `checked_terms`); reports: article id → the report's text, where a word naming the
    question's subject counts wherever the report says it (answer_type.window_coverage)."""
    reports = reports or {}
    kind = question.expected
    if kind not in AGREEMENT_KINDS or not citations:
        return False
    asked = question.normalised
    by_chunk = {p.chunk_id: p for p in passages}
    # the answer's value: the quote giving a value of the kind whose window shows most of the question (the
    # first of equals); the other quotes add context
    best, answer = -1.0, None
    for citation in citations:
        passage = by_chunk.get(citation.chunk_id)
        if passage is None:
            continue
        found = values(kind, asked, passage.passage[citation.span[0]:citation.span[1]])
        coverage = answer_type.window_coverage(terms, weights, _window(passage, *citation.span),
                                               reports.get(passage.article_id, ""))
        if found and coverage > best:
            best, answer = coverage, (found, _report(passage))
    if answer is None:
        return False
    quoted = {value: {answer[1]} for value in answer[0]}
    conflict = False
    cited = {article for reports in quoted.values() for article in reports}
    for passage in passages:
        said: set[str] = set()  # on the subject at all (the answer-type check's window share)
        stated: set[str] = set()  # …as fully as the quotes' best window
        for start, end in sentence_spans(passage.passage):
            coverage = answer_type.window_coverage(terms, weights, _window(passage, start, end),
                                                   reports.get(passage.article_id, ""))
            if coverage >= answer_type.WINDOW_COVERAGE:
                found = values(kind, asked, passage.passage[start:end])
                said |= found
                if coverage >= best - CONFLICT_MARGIN:
                    stated |= found
        if any(_same(value, said) and _report(passage) not in articles for value, articles in quoted.items()):
            return False  # another report repeats a quoted value
        if stated and _report(passage) not in cited and not any(_same(value, stated) for value in quoted):
            conflict = True  # another report gives only other values of the kind, as fully on the subject
    return conflict
