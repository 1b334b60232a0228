"""Funding in a sentence: money amounts, and the named organisations that put the money in.

Hand-written rules rather than jionlp: jionlp's money parser (1.5.31, checked here offline) misses the
seeds' own "设立了30万的社区共治金" and "总投资约2000万", and would add ~250 MB (jiojio, numpy pins) and
1.4 s of import to ingest for a pattern of a few lines.
"""
from __future__ import annotations

import re
from collections.abc import Callable

_NUMBER = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)"
_MAGNITUDE = r"(?:[十百千]?万|亿|千万|百万)"
# An amount is money: a number with 元 (30万元, 6.29亿元, 5000余元, 两百万元), or a number in 万/亿 right
# before a money noun or after a funding verb (30万的社区共治金, 投资约2000万). 1.2万辆, 19.8万件 are not.
MONEY = re.compile(
    rf"{_NUMBER}{_MAGNITUDE}?[余多]?元"
    rf"|{_NUMBER}{_MAGNITUDE}[余多]?(?=的?[\u4e00-\u9fff]{{0,4}}?(?:资金|经费|基金|共治金|自治金|善款|款项))"
    rf"|(?<=[资入助捐拨募筹款])(?:约|近|超|达|共|逾)?{_NUMBER}{_MAGNITUDE}[余多]?(?![\u4e00-\u9fff])")
# Putting money in: 捐资, 出资, 投入 (not 投入使用), 筹集, 资助, 认领, 众筹, 捐赠 …
FUNDING_VERB = re.compile(r"捐资|出资|筹资|筹集|募集|众筹|资助|认领|捐赠|捐款|赞助|拨付|拨款|资金支持|投资|"
                          r"投入(?!使用|运营|运行|到|其中|了?工作)|设立[^，。；]{0,12}?(?:基金|共治金|自治金|资金)")
_MONEY_NOUN = re.compile(r"资金|经费|基金|共治金|自治金|善款|补贴|补助|预算|费用")
# Enumerated funders: A、B等单位/企业/共同体成员 ….
_LIST_TAIL = re.compile(r"等[\u4e00-\u9fff]{0,4}?(?:单位|企业|成员|机构|部门|商家|组织)")
_FILLER = r"(?:共同|联合|积极|集体|分别|现场|主动|自发|一起|上台|进行了?|先后|了|的|予以|提供)*"
# 由X出资 / X出资 / X等单位…认领: the names before the verb, back to 由 or the clause start.
_FUNDER_SPAN = re.compile(rf"(?:由|^|[，；：,])([^，。；：,]{{2,80}}?){_FILLER}(?:“[^”]{{0,4}}?)?(?={FUNDING_VERB.pattern})")
_LEAD = re.compile(r"^(?:由|辖区内?的?|在|“[^”]*”)+")


def money_amounts(sentence: str) -> list[str]:
    """Amounts of money in the sentence, as written; amounts inside quotes (“一元众筹”) are names."""
    quoted = [(m.start(), m.end()) for m in re.finditer(r"“[^”]*”", sentence)]
    return list(dict.fromkeys(m.group(0) for m in MONEY.finditer(sentence)
                              if not any(s < m.start() < e for s, e in quoted)))


def funder_names(sentence: str, organisation: Callable[[str, bool], str | None]) -> list[str]:
    """Named organisations that fund, donate or adopt in the sentence, as written in it.

    `organisation(phrase, listed)` returns the named organisation a phrase ends with, or None; `listed` is
    true for the members of an enumeration closed by 等单位/等企业/等共同体成员, which the report itself
    calls organisations."""
    names: list[str] = []
    for m in _FUNDER_SPAN.finditer(sentence):
        listed = _LIST_TAIL.search(m.group(1)) is not None
        pieces = re.split(r"[、和及与]", _LIST_TAIL.split(m.group(1))[0])
        for piece in pieces:
            piece = re.sub(rf"{_FILLER}$", "", _LEAD.sub("", piece.strip().rsplit("由", 1)[-1]))
            if not piece or piece not in sentence:
                continue
            name = organisation(piece, listed)
            if name and name not in names:
                names.append(name)
    return names


def is_funding_sentence(sentence: str) -> bool:
    return bool(FUNDING_VERB.search(sentence) or (money_amounts(sentence) and _MONEY_NOUN.search(sentence)))
