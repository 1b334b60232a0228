"""Two-part questions ("梅隐寺社区修路和歌笛湖社区换健身器材，费用分别是谁承担的？"), asked side by side.

Each side is its own question (`Question.sides`): retrieved, grounded and composed apart, so that the
evidence of one side does not crowd out the other's in the top passages, and each side's answer is the
sentence giving the asked kind of fact for that side. Here: the sides' passages and groundings merged
into the question's, and the sides' cited sentences joined into one answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.answer_type import Found
from assistant.extractive import Candidate, case_name, gives_asked_kind
from assistant.grounding import EVIDENCE_PASSAGES, Grounding, covers, evidence_text
from assistant.question import FactKind, Question, shows_word
from assistant.records import Citation, Passage
from ingest.chunk import sentence_spans
from ingest.segment import bigrams

# The preposition naming who did an act (由湖北省信访局出资, 由物业负责): not 由于, 由此, 理由, 自由, 经由.
_AGENT = re.compile(r"(?<![自理缘经])由(?![于此来衷])")


@dataclass
class Side:
    """One side of a two-part question: its own question, its passages and whether they ground it."""
    question: Question
    passages: list[Passage]
    grounding: Grounding


def merge_passages(sides: list[Side]) -> list[Passage]:
    """The sides' passages taken in turns (each side's best first), each chunk once: what the question
    retrieved, shown and cited from."""
    merged: list[Passage] = []
    seen: set[str] = set()
    longest = max((len(s.passages) for s in sides), default=0)
    for i in range(longest):
        for side in sides:
            if i < len(side.passages) and side.passages[i].chunk_id not in seen:
                seen.add(side.passages[i].chunk_id)
                merged.append(side.passages[i])
    return merged


def merge_grounding(whole: Grounding, sides: list[Side]) -> Grounding:
    """Grounded when every side is (its names shown, its terms covered by its own top passages); the
    coverage is the weakest side's. The whole question's terms and weights are kept (the LLM's second
    opinion reads them)."""
    missing_entities = list(dict.fromkeys(e for s in sides for e in s.grounding.missing_entities))
    missing_terms = list(dict.fromkeys(t for s in sides for t in s.grounding.missing_terms))
    return replace(whole, grounded=all(s.grounding.grounded for s in sides),
                   coverage=min(s.grounding.coverage for s in sides), missing_entities=missing_entities,
                   missing_terms=missing_terms, parts=sides)


def overlaps(citation: Citation, others: list[Citation]) -> bool:
    return any(o.chunk_id == citation.chunk_id and o.span[0] < citation.span[1] and citation.span[0] < o.span[1]
               for o in others)


def join_sides(question: Question, quoted: list[list[tuple[Citation, Passage]]], template: dict[str, str],
               names: list[str] | None = None) -> tuple[str, list[Citation]]:
    """One answer from each side's cited sentences, sides in the order asked, each bullet opening with its
    case when the sentences come from several reports; citations renumbered. The case is the one the side
    names (names[i]: 红桥社区, not the 花桥街道 its report is filed under), else the report's (case_name)."""
    citations: list[Citation] = []
    pairs: list[tuple[Citation, Passage, str]] = []
    for i, side in enumerate(quoted):
        name = names[i] if names and i < len(names) else ""
        for citation, passage in side:
            if not overlaps(citation, [c for c, _, _ in pairs]):
                pairs.append((citation, passage, name))
    if not pairs:
        return "", []
    several = len({p.article_id for _, p, _ in pairs}) > 1 or len({n for *_, n in pairs if n}) > 1
    label = template.get("case_label", "{case}：")
    lines = []
    for n, (citation, passage, name) in enumerate(pairs, 1):
        citations.append(citation.model_copy(update={"n": n}))
        sentence = citation.passage[citation.span[0]:citation.span[1]]
        lines.append((label.format(case=name or case_name(passage)) if several else "") + f"{sentence}[{n}]")
    intro = template.get(f"intro_{question.kind}", template["intro_fact"])
    body = "\n".join(f"- {line}" for line in lines) if len(lines) > 1 else lines[0]
    return f"{intro}\n\n{body}", citations


def asked_sentence(side: Side) -> Found | None:
    """The sentence giving the asked kind of fact for this side: in a report of the side's evidence (its top
    passages), holding the kind of fact asked (the composer's test: a name or 由/负责 for who, an amount…)
    and most of the words of the part both sides share (费用, 承担 in "…换健身器材，费用是谁承担的") —
    the side's own words say which report, the shared ones what is asked of it; a money word is shown by
    any money word (费用 by 出资 in "由湖北省信访局出资", shows_word), and a question asking who did the act
    ("费用是谁承担的", Question.cleft_agent) is answered by the sentence naming its agent (由…): 由 counts as
    one more shared word. None when the question asks no one kind of fact or no sentence holds it."""
    question = side.question
    if not question.shared or question.expected in {None, FactKind.FACT}:
        return None
    asked = [t for t in question.terms if not t.entity and t.text in question.shared]
    agent = question.cleft_agent
    reports = {p.article_id for p in side.passages[:EVIDENCE_PASSAGES]}
    best, best_key = None, (0, 0)
    for rank, passage in enumerate(side.passages):
        if passage.article_id not in reports:
            continue
        for start, end in sentence_spans(passage.passage):
            text = passage.passage[start:end]
            shown = (sum(covers(t, text, text.lower()) or shows_word(t.text, text) for t in asked)
                     + bool(agent and _AGENT.search(text)))
            if len(text) < 6 or not shown or (shown, -rank) <= best_key:
                continue
            if gives_asked_kind(question, Candidate(rank, start, end, text, 0.0)):
                best, best_key = Found(rank, start, end), (shown, -rank)
    return best


def _shown(words: str, evidence: str) -> float:
    """The share of the words' character bigrams the evidence holds (the side's words as jieba may not cut
    them: 新弘国际城, 共和十村)."""
    grams = bigrams(words)
    return len(grams & bigrams(evidence)) / len(grams) if grams else 0.0


def own_passages(side: Side, other: Side) -> list[Passage]:
    """The side's passages from reports that show its own words better than the other side's (what all of a
    report's retrieved passages, title and place show): a side is answered from its own case, not from the
    other's report that both retrievals found; a report showing both sides' words fully (one story on both)
    is both sides'. All of them when none does."""
    whole: dict[str, str] = {}
    for passage in side.passages + other.passages:
        whole[passage.article_id] = whole.get(passage.article_id, "") + "\n" + evidence_text(passage)
    mine = [p for p in side.passages if _mine(_shown(side.question.own, whole[p.article_id]),
                                              _shown(other.question.own, whole[p.article_id]))]
    return mine or side.passages


_BOTH_SHOWN = 0.8  # a report showing both sides' own words this fully reports on both (街道管理办 and 居委会)


def _mine(own: float, other: float) -> bool:
    """A report is a side's when it shows the side's words better than the other side's, or both fully."""
    return own > other or own == other >= _BOTH_SHOWN
