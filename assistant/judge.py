"""Does the window carrying the answer say what the question asks, or only something next to it?

A typed question (how much, who, when, which…) passes the answer-type check (answer_type.py, qualifiers.py)
when a quoted sentence gives the asked kind of fact under the question's qualifiers. Same-topic reports
without the answer still pass it at times: they share every keyword and differ in one detail (another year,
一季度 for 全年, another place, another company). The judge is a second opinion on such an answer: it scores
each quoted sentence's window (the sentence, its neighbours, the report's title and place, and the names of the
question's subject that its report gives elsewhere, as the answer-type check reads them) with a logistic
regression over cheap features (FEATURES) — how much of the question the window and the sentence show
(idf-weighted terms, character pairs), the heaviest part they miss, whether the question's numbers, scopes,
years and places are there or other ones instead, the kind of fact asked, and the fact itself: how near it
stands to the question's words, how many such facts the sentence lists, whether other retrieved passages
write it too, and whose it is (the year and the name written just before it). The answer stands if one
window scores at or above the threshold; otherwise it is *partial* (reason `judge`).

The weights (judge_weights.json, numbers only, read by ingest/weights.py) are trained by
bench/train_judge.py on CMRC 2018 and DRCD questions (CC BY-SA) with negatives shaped like RGB's: the gold
sentence with its answer removed, and the gold window against the question with its year, number, place or
name changed; its threshold alone is set on RGB's dev split (docs/grounding.md). Run time: a few ms a
question, no model beyond the weights. A question that is not typed (how, why) or asks about several parts
(海园和高华分别…, comparisons) is not judged: the training questions ask for one fact.

The *picker* (`pick`, picker_weights.json, `bench/train_judge.py pick`) is the same features fitted to rank the
sentence of a paragraph that gives the answer above the paragraph's others: when the first quoted sentence does
not state the asked count, date or person where it is asked (extractive.states_asked_fact; a where- or rate-question's
first quote is never read so, and the picker is always asked), the sentence of the evidence passages it scores
highest by the margin (and that qualifies, answer_type.qualifies) is quoted first. The clause features (clause_*, asked_year_in_sentence)
serve it; the veto's weights predate them and give them 0 (refitted with them, no threshold refused more of
RGB dev at equal MRC and pool answers: docs/grounding.md).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.answer_type import (_COUNT_FACT, _DATE_FACT, _MONEY_FACT, _RATE_FACT, _without_frame,
                                   names_subject, qualifies, window_coverage, without_question)
from assistant.grounding import EVIDENCE_PASSAGES, covers, partial_cover
from assistant.interrogatives import JUDGE_WORD as _ASKING
from assistant.naming import ORG_SUFFIX
from assistant.query import Term
from assistant.question import FactKind, Question
from assistant.records import Citation, Passage
from ingest.chunk import sentence_spans
from ingest.weights import load_weights, logistic
from vectorstore.keyword import posseg_cut as _posseg_cut

WEIGHTS = Path(__file__).resolve().parent / "judge_weights.json"
# The picker: the same features, fitted to rank a paragraph's sentence giving the answer above its siblings
# (bench/train_judge.py pick); its "threshold" is the margin by which a window must beat the first quoted one.
PICKER = Path(__file__).resolve().parent / "picker_weights.json"
PICK_CANDIDATES = 4

FEATURES = ("window_coverage", "sentence_coverage", "window_pairs", "sentence_pairs", "heaviest_missing",
            "sentence_heaviest_missing", "numbers_shown", "numbers_in_sentence", "scope_missing",
            "sentence_scope_missing", "scope_extra", "other_year", "other_place", "rank",
            "asks_figure", "asks_who", "asks_when", "asks_where", "asks_what", "slot_near", "slots",
            "slot_agreed", "slot_other_year", "slot_other_name", "clause_coverage", "clause_pairs",
            "clause_other_year", "asked_year_in_sentence")

# The kind of fact asked, as indicators: each kind has its own base rate of same-topic windows.
_KINDS = ({FactKind.COUNT, FactKind.MONEY, FactKind.RATE}, {FactKind.WHO}, {FactKind.WHEN}, {FactKind.WHERE},
          {FactKind.FACT})
_SLOT_PATTERNS = {"count": _COUNT_FACT, "money": _MONEY_FACT, "rate": _RATE_FACT, "when": _DATE_FACT}
# A person or an organisation (jieba tags some names ns: 吴京; 上海 of 上海宾馆), or a place.
_NAME_FLAGS = {"who": {"nr", "nrfg", "nrt", "nt", "nz", "ns"}, "where": {"ns"}}
_OWNER_FLAGS = {"nr", "nrfg", "nrt", "nt", "ns"}
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?|第[一二三四五六七八九十百]+")
# Where a clause ends: the fact and the words it is said of stand in one clause (or the one before it).
_CLAUSE_END = re.compile(r"[，,；;。！？!?：:]")
# Words that set the scope of a figure: the whole (全国, 全年, 全球) or a part (一季度, 上半年, 首次).
_SCOPE = re.compile(r"全国|全球|全省|全市|全年|全球|国内|海外|境外|境内|季度|[上下]半年|前\d+个?月|[1-9一二三四五六七八九十]+月|首[次批届]|"
                    r"累计|同比|环比|单日|单月|首日|首周|总计|总共")


@lru_cache(maxsize=1024)
def posseg_cut(text: str) -> tuple[tuple[str, str], ...]:
    """jieba's words and tags of a text, kept: the veto and the picker read the same quoted sentences."""
    return tuple(_posseg_cut(text))


@dataclass
class Window:
    """A sentence of a retrieved passage with its neighbours, title and place."""

    sentence: str
    text: str
    rank: int  # the passage's rank among the retrieved
    others: tuple[str, ...] = ()  # the other retrieved passages' texts
    named: str = ""  # the question's subject names the window does not show and its report does (`named_in_report`)

    @property
    def shown(self) -> str:
        """What the window shows of the question: its text, and the subject names its report gives elsewhere."""
        return f"{self.text}\n{self.named}" if self.named else self.text


def _window(passage: Passage, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    index = next((i for i, (s, e) in enumerate(spans) if s <= start < e), None)
    body = passage.passage
    if index is None:
        around = body[start:end]
    else:
        lo, hi = spans[max(index - 1, 0)][0], spans[min(index + 1, len(spans) - 1)][1]
        around = body[min(lo, start):max(hi, end)]
    return f"{passage.title}\n{passage.place}\n{around}"


def named_in_report(terms: list[Term], text: str, document: str) -> str:
    """The question's words naming its subject (answer_type.names_subject: 平顺路790弄's 顺路 and 790) that the
    window's text does not show and its report does, space-joined. A report names its subject once, often in
    another chunk than the one giving the fact; the answer-type check reads the whole report for them
    (answer_type.window_coverage's document) and so does the judge: the window counts them as shown."""
    if not document:
        return ""
    lower, doc_lower = text.lower(), document.lower()
    return " ".join(t.text for t in terms if names_subject(t) and not covers(t, text, lower)
                    and covers(t, document, doc_lower))


def candidates(citations: list[Citation], passages: list[Passage], terms: list[Term] | None = None,
               reports: dict[str, str] | None = None) -> list[Window]:
    """The windows of the quoted sentences; with the question's terms and the reports' whole texts (article id
    → text), each window also holds the subject names its report gives elsewhere (`named_in_report`)."""
    rank_of = {p.chunk_id: i for i, p in enumerate(passages)}
    out = []
    for citation in citations:
        passage = next((p for p in passages if p.chunk_id == citation.chunk_id), None) or Passage(
            chunk_id=citation.chunk_id, article_id=citation.article_id, title=citation.title,
            source=citation.source, passage=citation.passage, score=0.0)
        start, end = citation.span
        spans = sentence_spans(passage.passage)
        text = _window(passage, start, end, spans)
        out.append(Window(passage.passage[start:end], text, rank_of.get(citation.chunk_id, EVIDENCE_PASSAGES),
                          tuple(p.passage for p in passages if p.chunk_id != citation.chunk_id),
                          named_in_report(terms or [], text, (reports or {}).get(citation.article_id, ""))))
    return out


def _pairs(text: str) -> set[str]:
    """Character pairs of the question's content: its Chinese runs, less the question words."""
    text = _ASKING.sub("|", text)
    return {run[i:i + 2] for run in re.findall(r"[\u4e00-\u9fff\d]+", text) for i in range(len(run) - 1)}


def _pair_share(pairs: set[str], text: str) -> float:
    return sum(1 for p in pairs if p in text) / len(pairs) if pairs else 1.0


def features(question: Question, terms: list[Term], weights: list[float], window: Window) -> list[float]:
    """The judge's features of one window (see FEATURES)."""
    asked = question.normalised
    pairs = _pairs(asked)
    shown = window.shown  # the window's text and the subject names its report gives elsewhere
    lower = shown.lower()
    total = sum(weights) or 1.0
    missing = [w * (1.0 - max(float(covers(t, shown, lower)), partial_cover(t, shown)))
               for t, w in zip(terms, weights) if not t.optional]
    sentence = window.sentence
    missing_here = [w * (1.0 - max(float(covers(t, sentence, sentence.lower())), partial_cover(t, sentence)))
                    for t, w in zip(terms, weights) if not t.optional]
    numbers = _NUMBER.findall(asked)
    asked_scopes = set(_SCOPE.findall(asked))
    sentence_scopes = set(_SCOPE.findall(sentence))
    asked_years = set(_YEAR.findall(asked))
    slot = _slot(question, terms, window)
    return [
        window_coverage(terms, weights, shown),
        window_coverage(terms, weights, sentence),
        _pair_share(pairs, shown),
        _pair_share(pairs, sentence),
        max(missing, default=0.0) / total,
        max(missing_here, default=0.0) / total,
        sum(1 for n in numbers if n in shown) / len(numbers) if numbers else 1.0,
        sum(1 for n in numbers if n in sentence) / len(numbers) if numbers else 1.0,
        float(bool(asked_scopes - set(_SCOPE.findall(shown)))),
        float(bool(asked_scopes - sentence_scopes)),
        float(bool(sentence_scopes - asked_scopes)),
        float(bool(asked_years) and bool(set(_YEAR.findall(sentence)) - asked_years)),
        float(_other_place(asked, sentence)),
        float(window.rank),
        *(float(question.expected in kinds) for kinds in _KINDS),
        *slot[:5],
        *_clause(terms, weights, pairs, asked_years, sentence, slot[5]),
    ]


def _slot(question: Question, terms: list[Term], window: Window
          ) -> tuple[float, float, float, float, float, int | None]:
    """Where the sentence gives a fact of the asked kind, with the question's own words blanked: how near
    the nearest one stands to a word of the question (1 next to it, falling with the distance), how many
    there are (a list of figures is a weaker answer than one figure said of the asked thing), and in how
    many other retrieved passages (up to 3, as a share) the same fact is written: reports that agree; last, where
    the nearest fact stands in the sentence (None without one)."""
    expected = question.expected.value if question.expected else ""
    blanked = without_question(window.sentence, question.normalised, terms)
    pattern = _SLOT_PATTERNS.get(expected)
    if pattern is not None:
        slots = [(m.start(), m.group(0)) for m in pattern.finditer(blanked)]
    elif expected in {"who", "where"}:
        slots, at = [], 0
        for word, flag in posseg_cut(blanked):
            if ((flag in _NAME_FLAGS[expected] or expected == "who" and ORG_SUFFIX.search(word))
                    and len(word) >= 2 and "□" not in word):
                slots.append((at, word))
            at += len(word)
    else:
        return 0.0, 0.0, 0.0, 0.0, 0.0, None
    marks = [i for i, ch in enumerate(blanked) if ch == "□"]
    said = [fact for _, fact in slots if len(fact) >= 2 and "□" not in fact]
    agree = max((sum(1 for other in window.others if fact in other) for fact in said), default=0)
    if not slots or not marks:
        return 0.0, float(len(slots)), min(agree, 3) / 3, 0.0, 0.0, (slots[0][0] if slots else None)
    distance, at = min((abs(at - mark), at) for at, _ in slots for mark in marks)
    return (1.0 / (1.0 + distance / 10.0), float(min(len(slots), 5)), min(agree, 3) / 3,
            *_slot_owner(question, window.sentence, at), at)


def _clause(terms: list[Term], weights: list[float], pairs: set[str], asked_years: set[str], sentence: str,
            at: int | None) -> tuple[float, float, float, float]:
    """Is the fact said of what the question qualifies? Same-topic reports share the question's words across a
    sentence and give their fact in a clause of its own (…报名人数翻了一番，内蒙古高考报名人数为18.5万人). The
    clause holding the asked kind of fact and the one before it: how much of the question they show (terms,
    character pairs), whether they name a year the question does not, and whether the sentence shows the
    asked year at all (1.0 when the question names none)."""
    year_here = float(not asked_years or any(y in sentence for y in asked_years))
    if at is None:
        return 0.0, 0.0, 0.0, year_here
    ends = [m.end() for m in _CLAUSE_END.finditer(sentence, 0, at)]
    start = ends[-2] if len(ends) >= 2 else 0
    stop = _CLAUSE_END.search(sentence, at)
    clause = sentence[start:stop.start() if stop else len(sentence)]
    other_year = float(bool(asked_years) and bool(set(_YEAR.findall(clause)) - asked_years))
    return window_coverage(terms, weights, clause), _pair_share(pairs, clause), other_year, year_here


def _slot_owner(question: Question, sentence: str, at: int) -> tuple[float, float]:
    """Whose fact is the slot at `at`: the year and the name written last before it (within 30 characters;
    the name within the slot's own clause). 1.0 when the question gives a year (a name of that kind) and the
    one before the slot is another: the figure is another year's (台湾's, not 香港's). A year set before a comma
    dates what follows (2023年，…); a name ending the clause before is not the figure's owner but the last item
    of what that clause lists (改建…和春天里小区儿童乐园，把一块闲置2.7公顷的…)."""
    before = sentence[max(0, at - 30):at]
    asked_years = set(_YEAR.findall(question.normalised))
    years = _YEAR.findall(before)
    other_year = float(bool(asked_years) and bool(years) and years[-1] not in asked_years)
    asked_names = {w for w, f in question.words if f in _OWNER_FLAGS and len(w) >= 2}  # tagged once
    clause = max((m.end() for m in _CLAUSE_END.finditer(sentence, 0, at)), default=0)
    names = [w for w, f in posseg_cut(sentence[max(clause, at - 30):at]) if f in _OWNER_FLAGS and len(w) >= 2]
    other_name = float(bool(asked_names) and bool(names) and not any(names[-1] in a or a in names[-1]
                                                                      for a in asked_names))
    return other_year, other_name


def _other_place(asked: str, sentence: str) -> bool:
    """The sentence names a place (jieba ns) the question does not: the figure may be another place's."""
    return any(flag == "ns" and len(word) >= 2 and word not in asked for word, flag in posseg_cut(sentence))


def _load(path: Path, step: str) -> tuple[list[float], float, float] | None:
    """A model over FEATURES (coefficients, intercept, threshold), or None when the file is not shipped;
    step: the bench/train_judge.py step that writes it (named in the error when its features do not match)."""
    if not path.exists():
        return None
    model = load_weights(path, list(FEATURES), "assistant/judge.py", f"bench/train_judge.py {step}")
    return list(model["coef"]), float(model["intercept"]), float(model["threshold"])


@lru_cache(maxsize=1)
def _model() -> tuple[list[float], float, float] | None:
    """The veto's weights (coefficients, intercept, threshold), or None when no model is shipped."""
    return _load(WEIGHTS, "fit")


@lru_cache(maxsize=1)
def _picker() -> tuple[list[float], float, float] | None:
    """The picker's weights (coefficients, intercept, margin), or None when none is shipped."""
    return _load(PICKER, "pick")


def pick(question: Question, terms: list[Term], weights: list[float], citations: list[Citation],
         passages: list[Passage]) -> tuple[int, int, int] | None:
    """(passage rank, start, end) of the sentence of the evidence passages that the picker scores highest, when
    its window beats the first quoted sentence's by the margin (it may be quoted later in the answer); else
    None; it must give the asked kind of fact under the question's qualifiers (answer_type.qualifies: the best
    three windows above the margin are tried in turn).
    Only questions asking for a figure, a date, a person or a place: the training questions ask for one
    such fact (a what-question's answer is a phrase the features cannot see). Only the PICK_CANDIDATES windows
    sharing most character pairs with the question are scored (jieba tags each: a few ms a window)."""
    model = _picker()
    if (model is None or question.expected is None or question.expected == FactKind.FACT or question.two_parts
            or not citations):
        return None
    coef, intercept, margin = model
    first = min(citations, key=lambda c: c.n)
    chunk, lo, hi = first.chunk_id, *first.span
    pairs = _pairs(question.normalised)
    windows = []
    for rank, passage in enumerate(passages[:EVIDENCE_PASSAGES]):
        spans = sentence_spans(passage.passage)
        others = tuple(p.passage for p in passages if p.chunk_id != passage.chunk_id)
        for start, end in spans:
            if end - start >= 6 and not (chunk == passage.chunk_id and lo < end and start < hi):  # not the first
                window = Window(passage.passage[start:end], _window(passage, start, end, spans), rank, others)
                windows.append((_pair_share(pairs, window.text), -len(windows), (rank, start, end), window))
    score = lambda w: logistic(intercept, coef, features(question, terms, weights, w))  # noqa: E731
    floor = max((score(w) for w in candidates([first], passages)), default=0.0) + margin
    scored = sorted(((score(window), at) for *_, at, window in sorted(windows, reverse=True)[:PICK_CANDIDATES]),
                    reverse=True)
    expected = question.expected.value
    framed, framed_weights = _without_frame(expected, terms, weights)
    for value, (rank, start, end) in scored[:3]:  # the best that gives the asked kind of fact under the qualifiers
        if value > floor and not qualifies(question, expected, framed, framed_weights, passages[rank], start, end):
            return rank, start, end
    return None


def window_score(question: Question, terms: list[Term], weights: list[float], window: Window) -> float:
    """P(the window says what the question asks)."""
    model = _model()
    if model is None:
        return 1.0
    coef, intercept, _ = model
    return logistic(intercept, coef, features(question, terms, weights, window))


def supports(question: Question, terms: list[Term], weights: list[float], citations: list[Citation],
             passages: list[Passage], reports: dict[str, str] | None = None) -> bool:
    """Does one quoted sentence's window say what the typed question asks? True for untyped questions,
    two-part ones and when no model is shipped. reports: article id → the report's whole text, where the
    names of the question's subject may be (`named_in_report`)."""
    model = _model()
    return model is None or best_score(question, terms, weights, citations, passages, reports) >= model[2]


def best_score(question: Question, terms: list[Term], weights: list[float], citations: list[Citation],
               passages: list[Passage], reports: dict[str, str] | None = None) -> float:
    """The best quoted window's score (window_score); 1.0 for untyped questions, two-part ones and when no model
    is shipped (nothing judged), 0.0 without a quote."""
    if _model() is None or question.expected is None or question.two_parts:  # trained on one-fact questions only
        return 1.0
    return max((window_score(question, terms, weights, w) for w in candidates(citations, passages, terms, reports)),
               default=0.0)
