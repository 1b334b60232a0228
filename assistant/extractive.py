"""The offline answer engine: selected, cited sentences from the retrieved passages.

How-to questions get the steps and mechanisms; why-questions the reasons; fact questions the
sentence holding the fact. Each sentence is cited as [n] with its span inside the passage.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.grounding import covers, evidence_text
from assistant.query import Term, key_terms, normalise_query
from vectorstore.keyword import dictionary_tags, posseg_cut
from vectorstore.pinyin import NameLookup
from assistant.records import Citation, Passage
from ingest.chunk import sentence_spans
from ingest.segment import bigrams

_HOWTO = re.compile(r"怎么|怎样|如何|做法|措施|步骤|办法|方式|模式|机制|\bhow\b|\bsteps?\b|\bways?\b|organi[sz]e", re.I)
_WHY = re.compile(r"为什么|为何|原因|\bwhy\b", re.I)
_COUNT = re.compile(r"多少|几个|几位|几项|几|\bhow (many|much)\b", re.I)
_WHO = re.compile(r"谁|哪位|哪些(?:单位|专家|人|机构|企业|组织|部门)|\bwho\b", re.I)
_WHEN = re.compile(r"什么时候|何时|哪天|哪一天|哪年|哪一年|几月|几号|日期|什么时间|(?<!多长)(?<!多少)时间(?:是|为)?[？?]?$|"
                   r"\bwhen\b|\bwhat date\b", re.I)
_WHERE = re.compile(r"在哪|哪里|何地|何处|地点|哪个国家|哪个城市|哪国|\bwhere\b", re.I)
_RATE = re.compile(r"率(?!先|领|队|直|真|性)|增长了?多少|上涨了?多少|下降了?多少|增速|涨幅|降幅|百分之|\brate\b|\bpercent(?:age)?\b",
                   re.I)  # not 率先
_STEP_CUES = re.compile(r"一是|二是|三是|四是|首先|其次|通过|建立|设立|成立|形成|下设|实行|依托|采取|搭建|推出|聘请|募集|拟定|认领|牵头|实现")
_WHY_CUES = re.compile(r"针对|为了|由于|因为|问题|难题|瓶颈|痛点")
_WHO_CUES = re.compile(r"发起|主持|牵头|负责|创始人|由|教授|学者|专家|主任|书记|院长|会长|处长")
_DIGITS = re.compile(r"\d")
# What a sentence holding the asked-for fact contains: a date, a place, a percentage.
_DATE_CUES = re.compile(r"\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|\d{4}-\d{1,2}-\d{1,2}|[一二三四五六七八九十]+月[一二三四五六七八九十]+日|"
                        r"(?<!\d)\d{1,2}日")
_PLACE_CUES = re.compile(r"[\u4e00-\u9fff]{1,8}(?:市|省|县|州|国|岛|镇)(?![\u4e00-\u9fff]{0,1}(?:长|委|民|家|际|内|外))|"
                         r"在[\u4e00-\u9fff]{2,10}(?:举行|举办|召开|开幕|坠毁|发生)")
_RATE_CUES = re.compile(r"\d+(?:\.\d+)?\s*[%‰]|百分之")


# First match wins: "为什么…多少" asks why; "什么时间…多少天" asks when.
_KINDS = (("why", _WHY), ("when", _WHEN), ("where", _WHERE), ("rate", _RATE), ("count", _COUNT), ("who", _WHO),
          ("howto", _HOWTO))


def in_two_parts(question: str) -> bool:
    """分别, or a conjunction joining two things (jieba's `c`: not the 和 of 共和国, nor 参与, 及时; and its
    guess "和高华" in 海园和高华小区 starts with one)."""
    if "分别" in question or re.search(r"\band\b", question, re.I):
        return True
    known = dictionary_tags()
    return any(flag == "c" and word in {"和", "与", "及", "以及", "跟", "同"}
               or len(word) > 2 and word[0] in "和与及跟" and word not in known for word, flag in posseg_cut(question))


def question_kind(question: str) -> str:
    return next((kind for kind, pattern in _KINDS if pattern.search(question)), "fact")


@dataclass
class Candidate:
    passage_rank: int
    start: int
    end: int
    text: str
    score: float


_UNIT_AFTER_COUNT = re.compile(r"多少([个位项家户人元万亿平方米公里年次座栋幢名辆间套])?")


def count_pattern(question: str) -> re.Pattern[str] | None:
    """`多少户` → a number followed by 户 (with 万/亿 allowed between); None if no unit is asked."""
    m = _UNIT_AFTER_COUNT.search(question)
    if not m:
        return None
    unit = m.group(1)
    if not unit or unit == "个":  # 多少个小区和商铺 → the unit is whatever counter the text uses
        return re.compile(r"\d+(?:\.\d+)?\s*[万亿]?\s*[个位项家户人元座栋幢名辆间套]")
    if unit == "元":
        return re.compile(r"\d+(?:\.\d+)?\s*[万亿]?\s*元")
    return re.compile(rf"\d+(?:\.\d+)?\s*[万亿]?\s*{unit}")


# The cue a sentence holding the asked-for kind of answer carries (+0.25).
_CUES = {"howto": _STEP_CUES, "why": _WHY_CUES, "who": _WHO_CUES, "count": _DIGITS, "when": _DATE_CUES,
         "where": _PLACE_CUES, "rate": _RATE_CUES}
_PRONOUN_START = re.compile(r"^(她|他|它|其|该|此|这|他们|她们|它们)")


def score_sentences(question: str, passages: list[Passage], terms: list[Term], kind: str) -> list[Candidate]:
    counted = count_pattern(question) if kind == "count" else None
    weights = [2.0 if t.entity else 1.0 + min(len(t.text), 4) / 4 for t in terms]
    total = sum(weights) or 1.0
    out: list[Candidate] = []
    # A passage from a report that never names the place or organisation asked about is not quoted
    # when another passage that does is quotable: "Baile" answers come from the 百乐 report only.
    named = [t for t in terms if t.entity]
    shown = [evidence_text(p) for p in passages]
    naming = {rank for rank, text in enumerate(shown) if all(covers(t, text, text.lower()) for t in named)}
    for rank, passage in enumerate(passages):
        spans = sentence_spans(passage.passage)
        for i, (start, end) in enumerate(spans):
            if i > 0 and _PRONOUN_START.match(passage.passage[start:end]):
                start = spans[i - 1][0]  # `她发起…` is cited with the sentence that names her
            text = passage.passage[start:end]
            if len(text) < 6 or len(text) < 30 and not re.search(r"[。！？；!?;]", text):
                continue  # headings and fragments are not answers
            lower = text.lower()
            lexical = sum(w for t, w in zip(terms, weights) if covers(t, text, lower)) / total
            if lexical == 0:
                continue
            if counted is not None and counted.search(text):
                lexical += 0.5
            cue = _CUES.get(kind)
            bonus = 0.25 if cue is not None and cue.search(text) else 0.0
            out.append(Candidate(rank, start, end, text, lexical + bonus + 0.15 / (1 + rank)))
    if any(c.passage_rank in naming for c in out):
        out = [c for c in out if c.passage_rank in naming]
    return out


def _shows(term: Term, cand: Candidate, passages: list[Passage]) -> bool:
    """Does the sentence, or the title or place of its report, name the term?"""
    passage = passages[cand.passage_rank]
    text = f"{passage.title}\n{passage.place}\n{cand.text}"
    return covers(term, text, text.lower())


def select(question: str, passages: list[Passage], names: NameLookup | None = None) -> list[Candidate]:
    """The sentences that answer: best first by score, then put back in reading order."""
    terms = key_terms(question, names)
    kind = question_kind(question)
    candidates = sorted(score_sentences(question, passages, terms, kind), key=lambda c: -c.score)
    if not candidates:
        return []
    limit, ratio = (2, 0.75) if kind in {"fact", "count", "who", "when", "where", "rate"} else (4, 0.6)
    if limit == 2 and in_two_parts(question):  # "上海和北京…分别是多少": a sentence for each part
        limit, ratio = 4, 0.6
    top = candidates[0].score
    chosen: list[Candidate] = []
    for cand in candidates:
        if len(chosen) >= limit or cand.score < top * ratio:
            break
        grams = bigrams(cand.text)
        if any(len(grams & bigrams(c.text)) / max(1, len(grams | bigrams(c.text))) > 0.6 for c in chosen):
            continue
        if any(c.passage_rank == cand.passage_rank and c.start < cand.end and cand.start < c.end for c in chosen):
            continue  # a sentence and the same sentence cited with its follower (`该联盟…`) overlap
        chosen.append(cand)
    named = [t for t in terms if t.entity]
    if len(named) >= 2:  # "海园和高华分别…": each name gets a sentence that shows it, or there is no answer
        for term in named:
            if not any(_shows(term, c, passages) for c in chosen):
                extra = next((c for c in candidates if c not in chosen and _shows(term, c, passages)), None)
                if extra is None:
                    return []
                chosen.append(extra)
    if kind == "howto":  # an enumeration (一是…二是…) is given whole
        first = chosen[0]
        for cand in candidates:
            if (cand.passage_rank == first.passage_rank and re.match(r"[一二三四五六]是", cand.text)
                    and cand not in chosen and len(chosen) < 6):
                chosen.append(cand)
    return sorted(chosen, key=lambda c: (c.passage_rank, c.start))


def compose(question: str, passages: list[Passage], template: dict[str, str],
            names: NameLookup | None = None) -> tuple[str, list[Citation]]:
    """Answer text with [n] after every sentence, and the citations those numbers point to.
    names: the collection's pinyin lookup, so "Haiyuan" counts in sentences naming 海园."""
    chosen = select(normalise_query(question), passages, names)
    citations: list[Citation] = []
    lines: list[str] = []
    for n, cand in enumerate(chosen, 1):
        p = passages[cand.passage_rank]
        citations.append(Citation(n=n, article_id=p.article_id, title=p.title, source=p.source,
                                  passage=p.passage, span=(cand.start, cand.end), chunk_id=p.chunk_id))
        lines.append(f"{cand.text}[{n}]")
    if not lines:
        return "", []
    kind = question_kind(question)
    intro = template.get(f"intro_{kind}", template["intro_fact"])  # intro_howto, intro_why; else the fact one
    body = "\n".join(f"- {line}" for line in lines) if len(lines) > 1 else lines[0]
    return f"{intro}\n\n{body}", citations
