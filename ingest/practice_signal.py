"""Does an article describe a governance practice (who did what, how)? Decides which articles get a card.

A logistic regression over six features of the text — how often community-governance actors are named
(in all and per 100 characters), how often the practice vocabulary occurs, how many sentences have
a governance actor doing something (an action verb), and how many distinct bodies are named by an
organisation's ending (the card's actor suffix classes: 党支部, 居委, 公司, 服务中心, 学院 …; a practice is done by
named bodies together, as units paired with residential committees) — plus three genre rules: a report of an official's
inspection visit (…书记/区长…前往…调研) describes the visit, not a practice; a case report (a lawsuit, a
fraud, an accident told through its anonymised parties 吴某, 曹某) describes the case; a policy notice (an
office 印发《…办法》, then the document's measures) describes the document.
The weights are fit by bench/practice_signal.py on the development pool (reports) against its
distractors (other news) and kept in ingest/lexicon/practice_signal.json; the bench prints the
cross-validated figures. A report this first stage accepts gets a card only when ingest/report_genre.py also
finds that it tells a practice rather than only talking about one (describes_practice).
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from ingest.enrich import DATA, practices
from ingest.weights import load_weights, logistic

# Community-governance actors and bodies, the words a report of a practice is made of (not topic words).
GOVERNANCE = re.compile(r"居委|居民区|社区|党组织|党委|党支部|党总支|党工委|业委会|物业|街道|志愿者|楼组|网格|自治|共治|议事|居民")
ACTION = re.compile(r"开展|组织|搭建|建立|成立|推动|探索|协调|召开|发动|联合|牵头|打造|设立|引导|动员")
# The lead of an inspection-visit report: an official's title, then a visit verb, then 调研/视察/考察.
_VISIT_LEAD = re.compile(r"(书记|区长|市长|县长|镇长|省长|主任|部长|局长|主席|委员)[^。！？]{0,30}?"
                         r"(前往|到|赴|来到|深入|走进)[^。！？]{0,40}?(调研|视察|考察|检查指导)")
# The lead of a policy notice: an office issues a document of a policy genre (通知, 办法, 举措 …, a closed class of
# document types), and the report goes on to tell the document's measures, not a practice carried out.
_NOTICE_LEAD = re.compile(r"(?:印发|出台|发布|公布|下发|颁布)了?《[^》]{2,60}?(?:通知|办法|意见|规定|方案|规划|措施|举措|"
                          r"条例|细则|指引|指南|报告|公告|通告|决定|纲要|计划)(?:（[^）]*）|\([^)]*\))?》")
_SENTENCE_END = re.compile(r"[。！？\n]")
# A party kept anonymous, as court, police and case reports write them: 吴某, 曹某 (surname + 某). The character
# before 某 is a surname unless it is a function word (一某, 在某, 的某单位).
_ANONYMISED = re.compile(r"([\u4e00-\u9fff])某(?![某些种个项位天日处地时人])")
_NOT_SURNAME = frozenset("一在于向的对至等是与和及将被让为由从给把起名")
CASE_PARTIES, CASE_SHARE = 2, 0.3
WEIGHTS_FILE = DATA / "practice_signal.json"
FEATURES = ["log_governance", "governance_per_100", "log_vocabulary", "acting_share", "log_acting", "log_bodies"]


@lru_cache(maxsize=1)
def _vocabulary() -> re.Pattern[str]:
    words = sorted({s for p in practices() for s in p.synonyms}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


def features(text: str) -> list[float]:
    """The classifier's inputs, in FEATURES order."""
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    governance = len(GOVERNANCE.findall(text))
    acting = sum(1 for s in sentences if GOVERNANCE.search(s) and ACTION.search(s))
    return [math.log1p(governance), governance * 100 / max(len(text), 1), math.log1p(len(_vocabulary().findall(text))),
            acting / max(len(sentences), 1), math.log1p(acting), math.log1p(len(named_bodies(text)))]


def named_bodies(text: str) -> set[str]:
    """The distinct phrases that end in an organisation's ending of the card's actor kinds (cards.ACTOR_TYPES:
    新长征集团, 象源丽都居委, 华东理工大学); the regex runs alone, without the card's check that a name precedes."""
    from ingest.cards import ACTOR_TYPES  # cards imports this module

    return {m.group(0) for pattern in ACTOR_TYPES.values() for m in pattern.finditer(text)}


@lru_cache(maxsize=1)
def _model() -> dict:
    return load_weights(WEIGHTS_FILE, FEATURES, "ingest/practice_signal.py", "bench/practice_signal.py")


def practice_probability(text: str) -> float:
    model = _model()
    return logistic(model["intercept"], model["weights"], features(text))


def is_visit_report(text: str) -> bool:
    """An official's inspection visit told from its lead sentence."""
    lead = _SENTENCE_END.split(text.lstrip(), 1)[0]
    return bool(_VISIT_LEAD.search(lead))


def is_notice_report(text: str) -> bool:
    """A policy notice told from its lead sentence: 国家卫生健康委办公厅印发《基层卫生健康便民惠民服务举措》."""
    lead = _SENTENCE_END.split(text.lstrip(), 1)[0]
    return bool(_NOTICE_LEAD.search(lead))


def is_case_report(text: str) -> bool:
    """A case told through its anonymised parties (a lawsuit, a fraud, an accident): two or more of them
    (吴某 and 曹某), named in at least CASE_SHARE of the sentences. A practice report may mention one such
    case (a volunteer 茂某 reports a dispute); a case report is made of them."""
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    parties = [set(_ANONYMISED.findall(s)) - _NOT_SURNAME for s in sentences]
    named_in = sum(1 for p in parties if p)
    return len(set().union(*parties)) >= CASE_PARTIES and named_in >= CASE_SHARE * max(len(sentences), 1)


def first_stage(text: str) -> bool:
    """A governance report (this module's classifier and genre rules), before ingest/report_genre.py asks
    whether it tells a practice or only talks about one."""
    return (not is_visit_report(text) and not is_case_report(text) and not is_notice_report(text)
            and practice_probability(text) >= _model()["threshold"])


def describes_practice(text: str) -> bool:
    """A governance report (first_stage) that tells a practice rather than only talking about one
    (ingest/report_genre.py, fit on hand labels of the development pool)."""
    from ingest.report_genre import tells_practice

    return first_stage(text) and tells_practice(text, practice_probability(text))
