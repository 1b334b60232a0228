"""Article metadata: language, publication date, place (gazetteer) and practice tags (vocabulary).

The gazetteer and vocabulary are data files in ingest/lexicon/, documented in their headers.
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from langdetect import DetectorFactory, LangDetectException, detect

from ingest.dates import published_date
from ingest.regions import detect_region, street_after
from vectorstore.keyword import posseg_cut
from vectorstore.records import Place
from vectorstore.script import CJK, has_chinese

DATA = Path(__file__).resolve().parent / "lexicon"
DetectorFactory.seed = 0  # langdetect is random unless seeded


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return [row for row in rows]


@dataclass(frozen=True)
class PlaceName:
    alias: str
    district: str
    unit: str
    kind: str  # district | street | town


@lru_cache(maxsize=1)
def gazetteer() -> list[PlaceName]:
    """Every alias of every district, street and town, longest first (for longest-match tagging)."""
    names: list[PlaceName] = []
    for row in read_tsv(DATA / "gazetteer.tsv"):
        aliases = {a.strip() for a in row["aliases"].split(",") if a.strip()} | {row["unit"]}
        names += [PlaceName(a, row["district"], row["unit"], row["kind"]) for a in aliases]
    return sorted(names, key=lambda n: -len(n.alias))


@lru_cache(maxsize=1)
def _gazetteer_pattern() -> re.Pattern[str]:
    # 黄浦 inside 黄浦江 is the river, not the district
    return re.compile("|".join(re.escape(n.alias) + ("(?!江)" if n.alias == "黄浦" else "") for n in gazetteer()))


def find_places(text: str) -> list[PlaceName]:
    by_alias = {n.alias: n for n in gazetteer()}
    return [by_alias[m.group(0)] for m in _gazetteer_pattern().finditer(text)]


NOT_A_NAME = re.compile(r"老旧|公房|各|该|本|这|商品房|涉外|住宅|周边|所在|每个|全部|相关|多个|\d")


_NOUNISH = ("n", "j", "l", "eng", "x", "m", "q")  # jieba tags kept in an organisation's name


_COUNTED = re.compile(r"[一二三四五六七八九十两几数百千\d]+[个份家位项名批类种支所座条]")


def organisation_name(phrase: str, suffix_start: int) -> str:
    """`由辖区内的上海宾馆` → `上海宾馆`: the trailing run of noun-like words before the suffix."""
    words = posseg_cut(phrase[:suffix_start])
    kept: list[str] = []
    for word, flag in reversed(words):
        if flag in ("uj", "p", "c", "d", "f", "r", "ul", "ug", "uz", "t") or word in ("的", "了", "由", "并", "和"):
            break
        if _COUNTED.fullmatch(word):  # 一份商家联盟 → 商家联盟; 八一居委会, 第三党支部 keep their numerals
            break
        if not (flag.startswith(_NOUNISH) or flag in ("ns", "nt", "nz", "nr", "vn", "a", "g")):  # g: 淞|南六村
            break
        kept.append(word)
    return "".join(reversed(kept)) + phrase[suffix_start:]


# A Shanghai lane address as an estate's name: a road (2–5 characters before 路), the lane number, 弄, then 小区.
_LANE = re.compile(r"([\u4e00-\u9fff]{2,5})(路\d+弄小区)")


def find_residential(text: str, title: str = "", by_estate: bool = False) -> str | None:
    """The residential area (`海园居民区`, `高华小区`) named in the title or at least twice in the text.

    by_estate: an area named X小区居民区 is the estate X小区 (it counts with 康乐小区居委会), as a practice card names
    it; Place keeps the area's name as written. (A 新村 or 村 keeps its 居民区: 海滨新村居民区 is how reports and the
    hand labels name the area.) A lane of a road (岚皋西路306弄小区) is an estate too, and an area written X居民区
    counts the mentions of its community X社区 (Shanghai writes the same residents' area both ways); an estate X新村
    counts as named (水围新村), unless the gazetteer knows it as a street (曹杨新村)."""
    names: Counter[str] = Counter()
    for m in re.finditer(r"([\u4e00-\u9fff]{2,8})(居民区|小区)", title + "\n" + text):
        full = organisation_name(m.group(0), m.start(2) - m.start(0))
        # the name follows the last district, street or town written before it: `佘山镇江秋新苑居民区` →
        # `江秋新苑居民区`, `宝山区淞南镇淞南六村居民区` (read from 区…) → `淞南六村居民区`
        ends = [p.end() for p in _gazetteer_pattern().finditer(full[: -len(m.group(2))])
                if len(full) - len(m.group(2)) - p.end() >= 2]
        full = full[max(ends, default=0):]
        name = full[: -len(m.group(2))]
        if len(name) < 2 or NOT_A_NAME.search(name) or name.endswith(("街道", "区委", "镇", "市")):
            continue
        if by_estate and m.group(2) == "居民区" and name.endswith("小区"):
            full = name
        names[full] += 2 if full in title else 1
    if by_estate:  # an area's residents' committee and community are the area: 合阳社区 counts for 合阳居民区
        for area in [n for n in names if n.endswith("居民区")]:
            names[area] += len(re.findall(re.escape(area[:-3]) + "社区", title + "\n" + text))
        aliases = {n.alias for n in gazetteer()}
        for m in re.finditer(r"([\u4e00-\u9fff]{2,8})新村(?!街道|社区|居委|居民区|小区|[\u4e00-\u9fff]?(?:民|委))", title + "\n" + text):
            full = organisation_name(m.group(0), len(m.group(0)) - 2)
            if len(full) >= 4 and full not in aliases and not NOT_A_NAME.search(full) \
                    and not any(a in full for a in aliases if len(a) >= 2):
                names[full] += 2 if full in title else 1
        for m in _LANE.finditer(title + "\n" + text):  # a lane of a road is an estate: 岚皋西路306弄小区
            words = posseg_cut(m.group(1))
            while words and words[0][1].startswith(("v", "p", "u", "d", "c", "r", "m")):  # 成了|岚皋西路
                words = words[1:]
            road = "".join(w for w, _ in words)
            if len(road) >= 2:
                names[road + m.group(2)] += 2 if road + m.group(2) in title else 1
    best = names.most_common(1)
    return best[0][0] if best and best[0][1] >= 2 else None


def detect_place(text: str, title: str = "") -> Place:
    """District, street/town and residential area most mentioned (title mentions count double).

    Shanghai places come from the gazetteer (it knows streets and towns); a report that names a
    place elsewhere in China more often than Shanghai ones gets that city and county from the
    national division table (ingest/regions.py): district `武汉市武昌区`, street `杨园街道`.
    """
    found = find_places(title) * 2 + find_places(text)
    region, support = detect_region(title + "\n" + title + "\n" + text)
    if region is not None and not region.in_shanghai and support > len(found):
        street = street_after(title + "\n" + text, region.county) if region.county else None
        return Place(district=region.label(), street=street, residential=find_residential(text, title))
    units = Counter(n.unit for n in found if n.kind != "district")
    unit_district = {n.unit: n.district for n in found}
    districts = Counter(n.district for n in found)
    street = units.most_common(1)[0][0] if units else None
    district = unit_district[street] if street else (districts.most_common(1)[0][0] if districts else None)
    return Place(district=district, street=street, residential=find_residential(text, title))


@dataclass(frozen=True)
class Practice:
    tag: str
    en: str
    synonyms: tuple[str, ...]


@lru_cache(maxsize=1)
def practices() -> list[Practice]:
    return [Practice(r["tag"], r["en"], tuple(s.strip() for s in r["synonyms"].split(",") if s.strip()))
            for r in read_tsv(DATA / "practices.tsv")]


@lru_cache(maxsize=1)
def _practice_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """One alternation per tag, longest synonym first, so that 物业管理 is one mention, not 物业 and 物业管理."""
    return [(p.tag, re.compile("|".join(re.escape(s) for s in sorted(p.synonyms, key=len, reverse=True))))
            for p in practices()]


_LEDE_END = re.compile(r"[。！？\n]")
# Acts of setting something up form a closed class of verbs (成立, 制定, 培育 …). A practice the report says was
# set up as a named or counted thing is one it describes, even named once: the verb opens the clause's run to the
# mention and the thing is named in quotes or counted (制定“儿童文明公约”, 成立“红色管家”志愿服务队, 培育社区社会组织
# 1331个), or the mention is the subject of its founding (…志愿服务队正式成立). A bare passing mention
# (…筹资48万元，设立共治共享专项资金) stays one mention.
_SET_UP = re.compile(r"(?:成立|建立|设立|组建|制定|拟定|培育|搭建|打造|推出|开设|创建|启动|签订|签署)[^，。；、！？,;]{0,6}$")
_FOUNDED = re.compile(r"[^，。；、！？,;]{0,3}?(?:正式)?(?:成立|揭牌|挂牌|启动)")
_COUNTED_AFTER = re.compile(r"[\d一二三四五六七八九十两百千万]+[余多]?[个家支名项所座处]")


def _set_up(text: str, start: int, end: int) -> bool:
    """The mention at text[start:end] names a practice set up as a named or counted thing (see _SET_UP)."""
    if _FOUNDED.match(text, end, end + 6):
        return True
    before = _SET_UP.search(text[max(0, start - 8): start])
    if not before:
        return False
    run = before.group(0)
    quoted = "“" in run or text.startswith("”", end)  # 制定“…公约”, 成立“红色管家”志愿服务队
    return quoted or bool(_COUNTED_AFTER.match(text, end))


# A practice named as the means of what is done (以党建引领…, 通过普法宣传…, 在协商议事机制下…) is one the report
# describes, even named once: a preposition of means (以, 通过, 依托, 借助) right before the mention, or the frame
# 在…下 around it. Not 坚持 (an adherence stated as a slogan) and not a frame around a person (在志愿者的带领下).
_MEANS = re.compile(r"(?:以|通过|依托|借助)(?:社区|基层)?$")
_FRAME_AFTER = re.compile(r"[^的，。；、！？,;]{0,4}?下")


def _as_means(text: str, start: int, end: int) -> bool:
    """The mention at text[start:end] is the means of the act (see _MEANS): the preposition a word of its own
    (以/p, not the 以 of 所以, 可以, 予以)."""
    before = _MEANS.search(text[max(0, start - 6): start])
    if before:
        words = [w for w, _ in posseg_cut(text[max(0, start - 8): start])]
        while words and words[-1] in {"社区", "基层"}:
            words.pop()
        if words and words[-1] in {"以", "通过", "依托", "借助"}:
            return True
    return text[max(0, start - 1): start] == "在" and bool(_FRAME_AFTER.match(text, end))


def detect_practices(text: str, title: str = "") -> list[str]:
    """Tags whose synonyms occur in the title or the lede (the report's first sentence: what it is about), name
    what the report says was set up (_SET_UP) or the means of what is done (_MEANS), or occur at least twice in
    the text (mentions: overlapping synonyms such as 物业 inside 物业管理 count once)."""
    from ingest.cards import ACTOR_TYPES

    lede = _LEDE_END.split(text.lstrip(), 1)[0]
    # a word inside an organisation's name (徐房物业, 玉成志愿服务与研究中心) names a participant, not the practice
    names = [m.span() for p in ACTOR_TYPES.values() for m in p.finditer(lede)]
    tags = []
    for tag, pattern in _practice_patterns():
        mentions = list(pattern.finditer(text))
        named_once = any(_set_up(text, m.start(), m.end()) or _as_means(text, m.start(), m.end()) for m in mentions)
        if (len(mentions) >= 2 or pattern.search(title) or named_once
                or any(not any(a <= m.start() and m.end() <= b for a, b in names) for m in pattern.finditer(lede))):
            tags.append(tag)
    return tags


def detect_lang(text: str) -> str:
    """`zh` for Chinese in either script, else langdetect's code; `unknown` when it cannot tell."""
    sample = text[:500]
    if sample and len(CJK.findall(sample)) > 0.3 * len(sample):
        return "zh"  # plainly Chinese: langdetect (10 ms an article, the profiled hot spot) is not needed
    try:
        code = detect(text[:2000])
    except LangDetectException:
        return "unknown"
    return "zh" if code.startswith("zh") or code == "ko" and has_chinese(text) else code


_FULL_DATE = re.compile(r"(20\d{2}|19\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")


def normalise_date(raw: str | None) -> str | None:
    """`2023-05-06`, `2023年5月6日`, `20230506` → `2023-05-06`; a year-month → `2023-05` (ingest/dates.py)."""
    return published_date(raw)


def detect_published(text: str) -> str | None:
    """A full date (year, month, day) in the opening paragraph; event dates later in the text are not it."""
    opening = text[:160]
    m = _FULL_DATE.search(opening)
    return normalise_date(m.group(0)) if m else None
