"""Addresses written as a chain of administrative units: 武汉市江岸区花桥街道红桥社区红桥邨小区.

A report names where a practice happened by writing the units one after another, from the largest
down: province, city, county or development zone, street or town, community or village, residential
estate. A unit counts here only inside such a chain (at least two units written back to back), so a
place mentioned in passing (来源：上海长宁, 为武汉发展) is not read as where the practice happened, and a
name without a distinctive ending (品尊国际, 石岚三村) is read as a unit by its position right after a
street. Cities, counties and provinces come from cpca's national table (ingest/regions.py), Shanghai
streets and towns from the gazetteer; the lower units by their endings (街道/镇/乡, 社区/村,
小区/新村/花园/公寓…).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.regions import RANK_CITY, RANK_COUNTY, RANK_PROVINCE, _cpca
from vectorstore.script import HAN

_HAN = f"[{HAN}]"
# Development zones named like counties: 东湖高新区, 花桥经济开发区, 湘江新区, 城乡一体化示范区.
_ZONE = re.compile(rf"{_HAN}{{0,8}}?(?:高新技术产业开发区|经济技术开发区|经济开发区|工业园区|高新区|经开区|开发区|新区|示范区)")
# A town's name has at least two characters before 镇/乡: 城乡, 城镇 and 乡镇 are common nouns (四川省城乡社区).
_STREET = re.compile(rf"(?:{_HAN}{{1,5}}?街道|{_HAN}{{2,5}}?[镇乡])(?!{_HAN}{{0,1}}(?:政府|党委|党工委))?")
_COMMUNITY = re.compile(rf"{_HAN}{{2,6}}?(?:社区|村)(?!民|委|庄)")
_ESTATE = re.compile(rf"(?:{_HAN}|\d){{2,10}}?(?:小区|新村|居民区|花园|公寓|家园|邨|苑|里|村)(?:小区|居民区)?"
                     rf"(?!{_HAN}?(?:民|委))")
# A unit written without its ending, closed by its committee: 品尊国际居委会.
_BY_COMMITTEE = re.compile(rf"({_HAN}{{2,6}}?)(?=居委会|居民委员会)")
# Words that end a unit's name early: 社区党群服务中心 is a venue of the community, not a unit called 党群服务中心.
# A party branch or an institution inside the run ends it too (丽景翠庭党支部邀请小区, 第三幼儿园曹杨新村).
_NOT_NAME = re.compile(r"党|服务|中心|活动|工作|委员|组织|书记|主任|干部|居民|群众|志愿|治理|建设|开展|举办|联合|在|的"
                       r"|幼儿园|学校|小学|中学|大学|医院")
# A count or an ordinal of events is no name: 27个居民区, 第三届社区公益创投, 首个公益性社区 (第二居民区 is one).
_COUNTED = re.compile(r"[\d一二三四五六七八九十两几数百千首]+[个届次期批名位家项]")

PROVINCE, CITY, COUNTY, STREET, COMMUNITY, ESTATE = "province", "city", "county", "street", "community", "residential"
_RANKS = {RANK_PROVINCE: PROVINCE, RANK_CITY: CITY, RANK_COUNTY: COUNTY}


@dataclass(frozen=True)
class Unit:
    level: str
    name: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _gazetteer_levels() -> dict[str, str]:
    from ingest.enrich import gazetteer

    return {n.alias: (COUNTY if n.kind == "district" else STREET) for n in gazetteer() if len(n.alias) >= 2}


def _division_at(text: str, i: int, divisions: dict[int, tuple[int, str]]) -> Unit | None:
    """A province, city or county (cpca, full name or short form) or a Shanghai district/street (gazetteer),
    the longer name where both start at i: 延吉新村街道 and 南京西路街道 are streets, not 延吉 and 南京 before a street."""
    levels = _gazetteer_levels()
    division = Unit(divisions[i][1], text[i:divisions[i][0]], i, divisions[i][0]) if i in divisions else None
    for n in range(min(8, len(text) - i), 1, -1):
        if text[i:i + n] in levels and (division is None or n > len(division.name)):
            return Unit(levels[text[i:i + n]], text[i:i + n], i, i + n)
    return division


# Determiners that make a phrase a description, not a name: 部分城镇, 辖区内部分老公房小区, 各居民区.
_DETERMINER = re.compile(r"部分|各|全|每|该|本|这|那|所有|其他|辖区|周边|附近|相关|多个")
_NOT_IN_NAME_TAGS = ("r", "p", "t", "u", "f", "d")  # pronouns, prepositions, time words, particles…: 人对这里


def _is_name(name: str) -> bool:
    from vectorstore.keyword import posseg_cut

    if _NOT_NAME.search(name) or _DETERMINER.search(name) or _COUNTED.search(name):
        return False
    return not any(tag.startswith(_NOT_IN_NAME_TAGS) for _, tag in posseg_cut(name))


def _pattern_at(text: str, i: int, level: str, pattern: re.Pattern[str]) -> Unit | None:
    m = pattern.match(text, i)
    if not m:
        return None
    name = m.group(0)
    if not _is_name(name[:-2] if level != STREET else name[:-1]):
        return None
    if level == STREET and any(name[j:] in _gazetteer_levels() for j in range(1, len(name) - 1)):
        return None  # 家住新桥镇: the known town 新桥镇 starts inside the run, which is no name of its own
    return Unit(level, name, i, m.end())


def _lower_unit_at(text: str, i: int, above: str) -> Unit | None:
    """A zone, street, community or estate starting at i, written after a unit of level `above`."""
    if above in (PROVINCE, CITY, COUNTY) and (zone := _pattern_at(text, i, COUNTY, _ZONE)):
        return zone
    if above in (PROVINCE, CITY, COUNTY) and (street := _pattern_at(text, i, STREET, _STREET)):
        return street
    if above in (COUNTY, STREET):
        if (community := _pattern_at(text, i, COMMUNITY, _COMMUNITY)) and not _ESTATE.fullmatch(community.name):
            return community
        if m := _BY_COMMITTEE.match(text, i):
            if _is_name(m.group(1)):
                return Unit(COMMUNITY, m.group(1), i, m.end())
    if above in (STREET, COMMUNITY):
        return _pattern_at(text, i, ESTATE, _ESTATE)
    return None


_ORDER = [PROVINCE, CITY, COUNTY, STREET, COMMUNITY, ESTATE]


def _ending(unit: Unit) -> int:
    """Length of the unit's ending (街道, 镇, 高新区 …); its name is what comes before."""
    m = re.search(r"(?:高新技术产业开发区|经济技术开发区|经济开发区|工业园区|高新区|经开区|开发区|新区|示范区|街道|[镇乡区县市])$",
                  unit.name)
    return len(m.group(0)) if m else 0


def _street_starts(text: str) -> set[int]:
    """Where a street or town outside the gazetteer may open a chain: at a word start (jieba) after a
    clause break, a preposition, a verb or a time word (近日，大浪街道…; 在石马镇…), not inside a name."""
    from vectorstore.keyword import _posseg

    if not re.search(r"街道|镇|乡", text):
        return set()
    starts, pos, prev = set(), 0, "x"
    # the dictionary's words suffice for word starts; jieba's HMM for unknown words costs 10 times more
    for word, tag in ((p.word, p.flag) for p in _posseg().cut(text, HMM=False)):
        if prev[:1] in ("x", "p", "v", "t", "c", "u", "m") and _STREET.match(text, pos):
            starts.add(pos)
        pos, prev = pos + len(word), tag
    return starts


@lru_cache(maxsize=2048)
def place_chains(text: str) -> tuple[tuple[Unit, ...], ...]:
    """Every chain of two or more administrative units written back to back, larger units first."""
    from ingest.regions import _NAMED_AFTER

    divisions: dict[int, tuple[int, str]] = {}
    weak: set[int] = set()
    for match in _cpca().matcher.iter(text):
        ranks = {info.rank for info in match.attr_infos}
        short = all(match.origin_value != info.name for info in match.attr_infos)
        if len(ranks) == 1:
            divisions[match.start_index] = (match.end_index + 1, _RANKS[ranks.pop()])
            if short and _NAMED_AFTER.match(text, match.end_index + 1):
                weak.add(match.start_index)  # 平凉路, 武汉东湖: a road or a lake, unless a whole unit follows
    street_starts = _street_starts(text)
    chains, i = [], 0
    while i < len(text):
        first = _division_at(text, i, divisions)
        if first is None and i in street_starts:
            first = _pattern_at(text, i, STREET, _STREET)
        if first is None:
            i += 1
            continue
        chain = [first]
        while True:
            at, above = chain[-1].end, chain[-1].level
            nxt = _division_at(text, at, divisions)
            if nxt is not None and _ORDER.index(nxt.level) <= _ORDER.index(above):
                nxt = None  # 武汉市 then 武汉市: a repeat, not a lower unit
            nxt = nxt or _lower_unit_at(text, at, above)
            if nxt is None or chain[0].start in weak and len(chain) == 1 and len(nxt.name) - _ending(nxt) < 2:
                break
            if nxt.level == COUNTY and _ZONE.fullmatch(nxt.name) and _ending(nxt) == len(nxt.name):
                # a zone written by its ending alone takes the name before it: 武汉经开区, 苏州工业园区 are one name
                chain[-1] = Unit(COUNTY, chain[-1].name + nxt.name, chain[-1].start, nxt.end)
            else:
                chain.append(nxt)
        if len(chain) >= 2:
            chains.append(tuple(chain))
        i = chain[-1].end
    return tuple(chains)
