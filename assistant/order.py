"""Which quoted sentence leads an answer already given: a learned ranking of the composer's candidate sentences.

The composer (extractive.select, arrange) orders its quotes by rules and scores, the answer-type check and the
picker (judge.pick) move a sentence first when theirs gives the asked fact; yet a sentence that restates the
question (its own words, nothing new) often outranks the one that answers it (鑫诺三号…服务寿命8年 over the
sentence naming the maker). The order model scores each refined candidate (extractive.ranked) by cheap
features — its composer score and flags (typed, near, filled slot, lede…), how much of the question it restates
and how much it adds, whether what it adds is the asked kind of token (a figure for how-many, a date for when,
a name in quotes or Latin letters…; a date or a figure asked by the question's own words, whatever kind the parser
reads), how much of the question it says right before and right after the slot its answer fills, whether it is
quoted now and where — with a logistic model trained by
bench/train_order.py on calibration questions (the MRC answering benchmark's: the sentence holding the answer
span; the pool's: the sentence stating every answer_all fact). The best candidate is quoted first when it beats
the current first quote's by the model's margin, for the question groups (`group`) the weights were kept for;
a candidate without the asked kind of fact the first quote has (`keeps_kind`) needs a larger margin (`past_gate`
in the weights; absent: it never leads).

It runs after the answer is decided (answer.py): it only reorders quotes or adds one, never changes whether the
assistant answers. Weights: order_weights.json (numbers only); none shipped means no reordering.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from assistant import judge
from assistant.extractive import Candidate, ranked, states_asked_fact
from assistant.grounding import EVIDENCE_PASSAGES
from assistant.interrogatives import ORDER_ASKING as _ASKING
from assistant.interrogatives import ORDER_WH as _WH
from assistant.query import Term
from assistant.question import FactKind, Question
from assistant.records import Citation, Passage
from ingest.chunk import sentence_spans
from ingest.weights import load_weights

WEIGHTS = Path(__file__).resolve().parent / "order_weights.json"

FEATURES = ("score_share", "score_gap", "by_score", "first", "quoted", "typed", "near", "filled", "named", "lede",
            "filler", "slot_share", "slot_chars", "restates", "novel", "restates_only", "new_figure", "new_date",
            "new_quoted", "new_latin", "states", "passage_rank", "length",
            "figure_x_new_figure", "when_x_new_date", "what_x_novel", "what_x_slot", "what_x_restates",
            "who_x_typed", "checkable_x_typed", "common_run", "common_share", "opens_like", "left_anchor",
            "right_anchor", "both_anchors", "lede_x_what", "lede_x_opens", "picker", "picker_best",
            "date_asked_x_new_date", "figure_asked_x_new_figure", "left_run", "right_run", "both_runs",
            "distinct_share", "distinct_best", "distinct_only", "focus_share", "focus_best", "focus_only")

_CONTENT = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_LIGHT = frozenset("的了是在和与及或也都就又还被把将于为个之其这那有")
_FIGURE = re.compile(r"\d+(?:\.\d+)?|[一二两三四五六七八九十百千万亿]{2,}|[一二两三四五六七八九十](?=[个位名条家项座次人年天岁户元])")
_DATE = re.compile(r"(?:\d{1,4}|[一二三四五六七八九十〇零]{1,4})\s*[年月日号]|[上下]旬|[春夏秋冬]季|世纪")
_QUOTED = re.compile(r"《([^》]{1,30})》|“([^”]{1,30})”|「([^」]{1,30})」")
_LATIN = re.compile(r"[A-Za-z][A-Za-z.\-]{2,}")
_CLAUSE_TAIL = re.compile(r"[，,；;。？?！!]")
_ASIDE = re.compile(r"（[^（）]*）|\([^()]*\)")
_FIGURE_KINDS = frozenset({FactKind.COUNT, FactKind.MONEY, FactKind.RATE})
_CHECKABLE = frozenset({"count", "rate", "when", "who", "where"})
# The question words asking for a date or for a figure (closed classes), whatever kind the parser reads
# (科索沃战争于何年结束 is a `fact` question to it): the answer adds a date, a figure the question does not say.
_ASKS_DATE = re.compile(r"何年|哪一?年|什么时[候间]|何时|哪个?时[期代候]|年代|几月|哪一?天|几号|何日|哪个?月")
_ASKS_FIGURE = re.compile(r"多少|几[个位次岁年种名人座条部届件项支只天倍步]|多[长久大高远重深宽]")
_CLAUSE = re.compile(r"[，,；;。！!？?：:]")
_RUN = 6  # characters of a run read (left_run, right_run)
# The candidates looked at: the composer's best by score (a sentence further down is not an answer it weighed).
CANDIDATES = 6


@lru_cache(maxsize=1)
def _model() -> tuple[list[float], float, float, frozenset[str], float | None] | None:
    """(coefficients, intercept, margin in logits, the question groups it reorders: `group`, the margin a candidate
    `keeps_kind` stops needs to lead anyway: None, never) or None when no weights are shipped."""
    if not WEIGHTS.exists():
        return None
    model = load_weights(WEIGHTS, list(FEATURES), "assistant/order.py", "bench/train_order.py fit")
    past_gate = model.get("past_gate")
    return (list(model["coef"]), float(model["intercept"]), float(model["threshold"]),
            frozenset(model.get("groups", ("one",))), None if past_gate is None else float(past_gate))


def group(question: Question) -> str | None:
    """Which of the order's question groups a question is in: "one" (a one-fact question: who, when, where, how
    many, what), "open" (how, why), "two" (a question in two parts answered as one); None for English ones."""
    if not question.chinese:
        return None
    if question.two_parts:
        return "two"
    return "one" if question.expected is not None else "open"


def _bigrams(text: str) -> set[str]:
    chars = "".join(_CONTENT.findall(text))
    return {chars[i:i + 2] for i in range(len(chars) - 1)}


def _new(pattern: re.Pattern[str], sentence: str, question: str) -> bool:
    """Does the sentence hold a token of the pattern the question does not say?"""
    return any(m.group(0) not in question for m in pattern.finditer(sentence))


def _common_run(a: str, b: str) -> int:
    """The longest run of characters `a` and `b` both say (dynamic programming over two short strings)."""
    best, row = 0, [0] * (len(b) + 1)
    for ch in a:
        previous = 0
        for j, other in enumerate(b, 1):
            previous, row[j] = row[j], previous + 1 if ch == other else 0
            best = max(best, row[j])
    return best


def _anchors(question: str) -> tuple[str, str]:
    """The two characters right before the question word and the two right after it (in its clause)."""
    m = _WH.search(question)
    if m is None:
        return "", ""
    left = "".join(_CONTENT.findall(question[:m.start()]))[-2:]
    right = "".join(_CONTENT.findall(_CLAUSE_TAIL.split(question[m.end():], 1)[0]))[:2]
    return left, right


def _runs(question: str, said: str) -> tuple[int, int]:
    """How many characters right before the question word (in its clause) the sentence says as one run, and how
    many right after it: an answer says the question around the slot its answer fills (劲松站呈什么走向 →
    车站…呈南北走向; 科索沃战争于何年结束 → 1999年科索沃战争结束). `said`: the sentence's content characters."""
    m = _WH.search(question)
    if m is None:
        return 0, 0
    left = "".join(_CONTENT.findall(_CLAUSE.split(question[:m.start()])[-1]))
    right = "".join(_CONTENT.findall(_CLAUSE_TAIL.split(question[m.end():], 1)[0]))
    return (next((k for k in range(min(len(left), _RUN), 0, -1) if left[-k:] in said), 0),
            next((k for k in range(min(len(right), _RUN), 0, -1) if right[:k] in said), 0))


def distinct(question: str, texts: Sequence[str]) -> list[tuple[float, float, float]]:
    """Of each sentence in `texts` (the candidates, best score first): the share of the question's content
    character pairs it says, each pair weighed by how few of the candidates say it (1 / how many do); whether its
    share is the largest (and above zero); whether it says a pair of the question no other candidate says.
    A report's lede and its background restate the question's topic, which most candidates say (平凉路街道社区
    第二睦邻中心…); the sentence answering it says the words only the question's focus has (前台引导, 签到)."""
    return list(_distinct(question, tuple(texts)))


@lru_cache(maxsize=32)
def _distinct(question: str, texts: tuple[str, ...]) -> tuple[tuple[float, float, float], ...]:
    """distinct, kept per question and candidate list: `features` reads it once for every candidate."""
    asked = _ASKING.sub(" ", question)
    grams = {g for g in _bigrams(asked) if not set(g) <= _LIGHT}
    said = [grams & _bigrams(text) for text in texts]
    df = {g: sum(g in s for s in said) for g in grams}
    total = sum(1 / df[g] for g in sorted(grams) if df[g])
    shares = [sum(1 / df[g] for g in sorted(s)) / total if total else 0.0 for s in said]  # sorted: one sum order
    top = max(shares, default=0.0)
    return tuple((share, float(top > 0 and top - share < 1e-9), float(any(df[g] == 1 for g in s)))
                 for share, s in zip(shares, said))


def asked_clause(question: str) -> str:
    """The clause of the question its question word is in (its last clause when it has none: 该业主自己出还是物业出):
    what is asked, apart from the situation the clauses before it tell (…老爷子在路边摔了起不来，社区是从哪儿弄来的轮椅)."""
    clauses = [c for c in _CLAUSE.split(question) if _CONTENT.search(c)]
    return next((c for c in clauses if _WH.search(c)), clauses[-1] if clauses else question)


def _overlaps(cand: Candidate, passages: list[Passage], citation: Citation) -> bool:
    return (passages[cand.passage_rank].chunk_id == citation.chunk_id and cand.start < citation.span[1]
            and citation.span[0] < cand.end)


def picker_scores(question: Question, candidates: list[Candidate], passages: list[Passage], terms: list[Term],
                  weights: list[float]) -> list[float]:
    """The learned picker's logit (judge.pick's model: does the sentence's window say what was asked) of each
    candidate; zeros when no picker is shipped."""
    model = judge._picker()
    if model is None or not passages:
        return [0.0] * len(candidates)
    coef, intercept, _ = model
    out = []
    for cand in candidates:
        passage = passages[cand.passage_rank]
        spans = sentence_spans(passage.passage)
        others = tuple(p.passage for p in passages[:EVIDENCE_PASSAGES] if p.chunk_id != passage.chunk_id)
        window = judge.Window(cand.text, judge._window(passage, cand.start, cand.end, spans), cand.passage_rank, others)
        out.append(intercept + sum(w * v for w, v in zip(coef, judge.features(question, terms, weights, window))))
    return out


def features(question: Question, cand: Candidate, at: int, candidates: list[Candidate], passages: list[Passage],
             citations: list[Citation], picked: list[float] | None = None) -> list[float]:
    """The candidate's features (FEATURES), `at` its place among `candidates` (best score first); picked: the
    picker's logit of each candidate (picker_scores), when known."""
    asked = _ASKING.sub(" ", question.normalised)
    grams = {g for g in _bigrams(asked) if not set(g) <= _LIGHT}
    chars = {ch for ch in _CONTENT.findall(cand.text) if ch not in _LIGHT}
    own = set(_CONTENT.findall(asked))
    restates = len(grams & _bigrams(cand.text)) / len(grams) if grams else 0.0
    novel = len(chars - own) / len(chars) if chars else 0.0
    top = candidates[0].score if candidates else 0.0
    most_slot = max((c.slot for c in candidates), default=0)
    first = min(citations, key=lambda c: c.n) if citations else None
    new_figure = _new(_FIGURE, cand.text, question.normalised)
    new_date = _new(_DATE, cand.text, question.normalised)
    new_quoted = any((m.group(1) or m.group(2) or m.group(3)) not in question.normalised
                     for m in _QUOTED.finditer(cand.text))
    new_latin = any(m.group(0).lower() not in question.normalised.lower() for m in _LATIN.finditer(cand.text))
    expected = question.expected
    what = expected == FactKind.FACT
    slot_share = cand.slot / most_slot if most_slot else 0.0
    typed = float(cand.typed)
    content = "".join(_CONTENT.findall(asked))
    said = "".join(_CONTENT.findall(_ASIDE.sub("", cand.text)))
    run = _common_run(content, said) if content else 0
    opening = next((i for i, (a, b) in enumerate(zip(content, said)) if a != b), min(len(content), len(said)))
    left, right = _anchors(question.normalised)
    has_left, has_right = bool(left) and left in cand.text, bool(right) and right in cand.text
    left_run, right_run = _runs(question.normalised, said)
    texts = tuple(c.text for c in candidates)
    distinct_share, distinct_best, distinct_only = _distinct(question.normalised, texts)[at]
    focus_share, focus_best, focus_only = _distinct(asked_clause(question.normalised), texts)[at]
    return [
        cand.score / top if top > 0 else 0.0,
        top - cand.score,
        1 / (1 + at),
        float(first is not None and _overlaps(cand, passages, first)),
        float(any(_overlaps(cand, passages, c) for c in citations)),
        typed, float(cand.near), float(cand.filled), float(cand.named), float(cand.lede), float(cand.filler),
        slot_share, min(cand.slot, 8) / 8,
        restates, novel, float(restates >= 0.5 and novel < 0.5),
        float(new_figure), float(new_date), float(new_quoted), float(new_latin),
        float(states_asked_fact(question, cand.text)),
        1 / (1 + cand.passage_rank),
        min(math.log1p(len(cand.text)) / math.log(200), 1.5),
        float(expected in _FIGURE_KINDS and new_figure),
        float(expected == FactKind.WHEN and new_date),
        novel * what, slot_share * what, restates * what,
        typed * (expected == FactKind.WHO),
        typed * (question.kind in _CHECKABLE),
        min(run, 8) / 8, run / len(content) if content else 0.0, min(opening, 6) / 6,
        float(has_left), float(has_right), float(has_left and has_right),
        float(cand.lede) * what, float(cand.lede) * min(opening, 6) / 6,
        max(min(picked[at], 5.0), -5.0) / 5 if picked else 0.0,
        float(bool(picked) and picked[at] == max(picked)),
        float(bool(_ASKS_DATE.search(question.normalised)) and new_date),
        float(bool(_ASKS_FIGURE.search(question.normalised)) and new_figure),
        left_run / _RUN, right_run / _RUN, float(left_run > 0 and right_run > 0),
        distinct_share, distinct_best, distinct_only, focus_share, focus_best, focus_only,
    ]


def scored(question: Question, candidates: list[Candidate], passages: list[Passage], citations: list[Citation],
           coef: list[float], intercept: float, terms: list[Term], weights: list[float]) -> list[tuple[float, Candidate]]:
    """(the model's logit that it holds the asked fact, candidate) for the best CANDIDATES candidates, in their
    score order."""
    top = candidates[:CANDIDATES]
    picked = picker_scores(question, top, passages, terms, weights)
    return [(intercept + sum(w * v for w, v in zip(coef, features(question, c, at, top, passages, citations, picked))),
             c) for at, c in enumerate(top)]


def lead(question: Question, passages: list[Passage], citations: list[Citation], terms: list[Term],
         weights: list[float]) -> tuple[int, int, int] | None:
    """(passage rank, start, end) of the composer's candidate (extractive.ranked) to quote first, when the model
    scores it above the current first quote by the margin (and the first quote is one of those it scores); else None.
    Only questions asked in Chinese of the groups the model was kept for (`group`; the features read Chinese
    characters)."""
    model = _model()
    if model is None or not citations or group(question) not in model[3]:
        return None
    coef, intercept, margin, _, past_gate = model
    scores = scored(question, ranked(question, passages), passages, citations, coef, intercept, terms, weights)
    first = min(citations, key=lambda c: c.n)
    now = next((value for value, c in scores if _overlaps(c, passages, first)), None)
    if now is None:
        return None
    value, best = max(scores, key=lambda vc: vc[0])
    if value < now + margin or _overlaps(best, passages, first):
        return None
    held = next(c for value, c in scores if _overlaps(c, passages, first))
    if not keeps_kind((held.typed, held.near), (best.typed, best.near)) and (past_gate is None
                                                                            or value < now + past_gate):
        return None
    return best.passage_rank, best.start, best.end


def keeps_kind(first: tuple[bool, bool], best: tuple[bool, bool]) -> bool:
    """May the best candidate lead instead of the first quote, by (typed, near) of each: whether it holds the
    asked kind of fact (an amount, a date, a name…) and whether it says it beside the asked word (or names a
    thing of the asked kind: 哪笔钱 → 专项经费; extractive.refine)? Neither is put behind a sentence without it:
    a report's lede restates the question (…开展了一场“社区志愿者团队自我管理能力提升培训”), the next sentence
    answers it (共有15名…志愿者参加). lead lets a candidate this stops lead only by the model's second, larger
    margin (`past_gate`), when the weights have one."""
    return all(b or not f for f, b in zip(first, best))
