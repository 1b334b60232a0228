"""Does the retrieved evidence really cover the question, or is it merely the nearest neighbours?

Two tests on the top passages (calibrated on ../shared/eval, see docs/grounding.md):
1. every *entity* of the question (a place or organisation name, a capitalised English name) must
   appear in the evidence — "北京朝阳区…" or "Tokyo" against a Shanghai collection fails here;
2. the IDF-weighted share of the question's key terms found in the evidence must reach the
   threshold — a question about a topic the collection does not hold fails here.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from assistant.homophones import spelled_otherwise
from assistant.query import Term
from assistant.question import Question
from assistant.records import GroundingReport, Passage
from ingest.regions import _cpca
from vectorstore.keyword import PROPER_FLAGS, KeywordIndex
from vectorstore.script import is_chinese

EVIDENCE_PASSAGES = 3


@dataclass
class Grounding:
    grounded: bool
    coverage: float
    missing_entities: list[str] = field(default_factory=list)
    missing_terms: list[str] = field(default_factory=list)
    # the missing key terms, other than verbs, not even in part in the evidence (腰包, 忙活): the asker's words,
    # not the reports'. A verb stays required: it names the asked event or deed (截止 of 报名截止时间), and
    # the sentence checks already take a verb of the report's sharing a character with it (answer_type)
    unshown_terms: list[str] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)  # the question's key terms, and their weights below
    weights: list[float] = field(default_factory=list)
    # a two-part question's sides, each (its own question, its passages, its grounding): assistant/two_part.py
    parts: list = field(default_factory=list, repr=False)

    def as_report(self) -> GroundingReport:
        return GroundingReport(coverage=round(self.coverage, 3), missing_entities=self.missing_entities,
                               missing_terms=self.missing_terms)


def evidence_text(passage: Passage) -> str:
    """What a passage shows: its report's title and place (found by the ingest in the whole report,
    so a passage of a 静安寺街道 report is evidence for 静安区 though it never says so), and its text."""
    return f"{passage.title}\n{passage.place}\n{passage.passage}"


@lru_cache(maxsize=4096)
def provinces(text: str) -> frozenset[str]:
    """The provinces (two-digit division codes) of the places cpca's national table finds in the text: 深圳 →
    44, 黄浦区 老西门街道 → 31, 中国 → none."""
    return frozenset(info.adcode[:2] for match in _cpca().matcher.iter(text) for info in match.attr_infos)


# The digits of a division code its rank fixes (cpca: province 43, city 4301, county 430104).
_RANK_DIGITS = (2, 4, 6)


@lru_cache(maxsize=4096)
def _readings(name: str) -> tuple[tuple[str, int], ...]:
    """cpca's readings (division code, rank) of a name written whole: 湖南 and 湖南省 → 430000, a province."""
    return tuple((info.adcode, info.rank) for match in _cpca().matcher.iter(name)
                 if match.start_index == 0 and match.end_index == len(name) - 1 for info in match.attr_infos)


@lru_cache(maxsize=4096)
def _named_divisions(text: str) -> tuple[tuple[str, int], ...]:
    """The readings of the places cpca finds in the text, the longest at each position (长沙市, not 沙市 in it)."""
    out, last_end = [], -1
    for match in _cpca().matcher.iter(text):
        if match.start_index <= last_end:
            continue
        last_end = match.end_index
        out += [(info.adcode, info.rank) for info in match.attr_infos]
    return tuple(out)


def names_division(text: str) -> bool:
    """Does the text name a division cpca knows (a province, a city, a district or county: 长沙市, 金山区)? A
    community's or a street's name (中科社区, 笔架山) is none."""
    return bool(_named_divisions(text))


def contains_place(outer: str, text: str) -> bool:
    """Is `outer` a division containing a place the text names — the province of its city (湖南 ⊃ 长沙市), the
    city of its county, 上海 of 金山区? By cpca's codes: a report's province or city is no other place than the
    report's own. A name cpca does not know contains nothing."""
    inner = _named_divisions(text) if text else ()
    return any(rank < inner_rank and code[:_RANK_DIGITS[rank]] == inner_code[:_RANK_DIGITS[rank]]
               for code, rank in _readings(outer) if rank < len(_RANK_DIGITS) for inner_code, inner_rank in inner)


def locates(term: Term, text: str, place: str) -> bool:
    """Does the text show the local area the question writes after this place name (深圳 of 深圳水围社区: the
    水围社区 report need not say 深圳), in a report the ingest did not place (`place`) in another province? A
    Shanghai report on 老西门街道 does not answer "北京老西门街道…"."""
    if not term.located or term.located not in text:
        return False
    asked, found = provinces(term.text), provinces(place)
    return not asked or not found or bool(asked & found)


def covers(term: Term, evidence: str, evidence_lower: str) -> bool:
    """Does the text (and its lower-cased form) contain any form of the term? A Latin form joining letters and
    digits (WAIC2024, iPhone14) also as the text often spaces it (WAIC 2024)."""
    return any((alt.lower() in evidence_lower or _spaced_in(alt.lower(), evidence_lower)) if alt.isascii()
               else (alt in evidence) for alt in term.alternatives)


_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")


def _spaced_in(alt: str, evidence_lower: str) -> bool:
    spaced = _LETTER_DIGIT.sub(" ", alt)
    return spaced != alt and spaced in evidence_lower


def respelled(term: Term, evidence: str, evidence_lower: str) -> Term:
    """A Chinese name of the question the evidence writes only with other characters of its sound (满州 as 满洲,
    赛斯纳 as 塞斯纳: homophones.spelled_otherwise), with those spellings as its forms, for every check after."""
    if not (term.entity or term.pos in PROPER_FLAGS) or term.country or covers(term, evidence, evidence_lower):
        return term
    found = spelled_otherwise(term.text, evidence)
    return replace(term, alternatives=term.alternatives + found) if found else term


def _weight(term: Term, index: KeywordIndex) -> float:
    """BM25 idf of the term's rarest Chinese form, halved for verbs; untranslated English words count half.
    0.0 for a Chinese word the collection never uses (see `_unused_weight`)."""
    n = max(index.size, 1)
    forms = [a for a in term.alternatives if re.search(r"[\u4e00-\u9fff\d]", a)]
    if not forms:
        return 0.5 * math.log(1 + (n + 0.5) / 0.5) if term.entity else 0.5
    dfs = [index.doc_freq(f) for f in forms]
    if term.entity:
        df = min(dfs)
    elif not any(dfs):
        return 0.0
    elif term.glossed:
        df = max(dfs)  # a dictionary word's translations: its commonest (村民, not 乡巴佬) says how telling it is
    else:
        df = min(d for d in dfs if d)  # the rarest form the collection uses
    idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
    return 0.5 * idf if term.verb or term.glossed else idf


def _unused_weight(weights: list[float]) -> float:
    """A word no report uses (停车难, a colloquial verb) tells nothing about which report answers: it weighs
    as the lightest word of the question the collection does use, not (as its idf would have it) the most."""
    used = [w for w in weights if w > 0]
    return min(used) if used else 1.0


def term_weights(terms: list[Term], index: KeywordIndex) -> list[float]:
    """Each key term's weight in the coverage: idf (verbs half), a word no report uses as the lightest."""
    weights = [_weight(term, index) for term in terms]
    unused = _unused_weight(weights)
    return [w or unused for w in weights]


def partial_cover(term: Term, evidence: str) -> float:
    """Share of a Chinese term found as its longest substring of two or more characters in the evidence
    (停车难 → 停车: 2/3). Character overlap, not a synonym list: compounds the reports split or shorten."""
    word = term.text
    if len(word) < 3 or not is_chinese(word):
        return 0.0
    for size in range(len(word) - 1, 1, -1):
        if any(word[i:i + size] in evidence for i in range(len(word) - size + 1)):
            return size / len(word)
    return 0.0


def assess(question: Question, passages: list[Passage], index: KeywordIndex, threshold: float,
           names_required: bool = True) -> Grounding:
    """Do the top passages show every name of the question and enough of its key terms (by idf)?
    names_required False (the check `entity` switched off: Settings.answer.checks_off): a missing name lowers
    the coverage as any term does, but does not refuse on its own."""
    if not passages:
        return Grounding(False, 0.0)
    terms = list(question.terms)
    if not terms:
        return Grounding(False, 0.0)
    evidence = "\n".join(evidence_text(p) for p in passages[:EVIDENCE_PASSAGES])
    lower = evidence.lower()
    # A question naming several places or teams (海园和高华, 德国队和法国队) is answered by one passage
    # for each: any retrieved passage may show one of them (the answer must then cite each, extractive.py).
    several = len(question.entities) >= 2
    wide = "\n".join(evidence_text(p) for p in passages) if several else evidence
    wide_lower = wide.lower()
    terms = [respelled(t, wide, wide_lower) for t in terms]
    total = covered = 0.0
    missing_entities, missing_terms, unshown_terms = [], [], []
    weights = term_weights(terms, index)
    # "Longgang … China's county-level cities": the country locates another name of the question, as 深圳 locates
    # 水围社区, and a report the ingest placed in one of its provinces implies it (我国, or nothing). Named alone
    # ("the capital of China", "Chinese communities") the country is what is asked about, as a whole: no local
    # report answers that, even one printing 中国 in a body's name (中国浦东干部管理学院) — a missing name
    named = any(t.entity and covers(t, evidence, lower) for t in terms)
    in_country = any(provinces(p.place) for p in passages[:EVIDENCE_PASSAGES])
    for term, weight in zip(terms, weights):
        if term.country:
            shown = named and (in_country or covers(term, evidence, lower))
        else:
            shown = (covers(term, evidence, lower) or term.entity and covers(term, wide, wide_lower)
                     or any(locates(term, evidence_text(p), p.place)  # 深圳 of 深圳水围社区: a report on 水围社区
                            for p in passages[:EVIDENCE_PASSAGES]))
        if shown:
            covered += weight
            total += weight
        elif term.optional:
            continue  # an English word outside the glossary: never held against the rest
        elif term.entity and not term.common or term.country:  # a common word tagged a place (东西/ns): below
            total += weight
            missing_entities.append(term.text)
        else:
            total += weight
            part = partial_cover(term, evidence)
            covered += weight * part
            missing_terms.append(term.text)
            if not part and not term.verb:
                unshown_terms.append(term.text)
    coverage = covered / total if total else 0.0
    grounded = (not missing_entities or not names_required) and coverage >= threshold
    return Grounding(grounded, coverage, missing_entities, missing_terms, unshown_terms, terms, weights)
