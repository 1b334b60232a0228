"""Places outside Shanghai: China's provinces, cities and counties from cpca's division table.

cpca (PyPI, MIT) ships the national administrative-division table (3,500 names with codes) and an
Aho-Corasick matcher over full names and their short forms (`武汉市` and `武汉`). We use its matcher
to find every mention and resolve names that several places share (`朝阳区`, `宝山区`) by the city
or province the same text names — cpca's own `transform` takes the first reading of each string,
which for a whole article is often the wrong one.

Shanghai stays with ingest/lexicon/gazetteer.tsv, which also knows streets and towns.
"""
from __future__ import annotations

import importlib.resources
import re
import sys
import types
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


def _provide_pkg_resources() -> None:
    """cpca 0.5.5 reads its table with pkg_resources.resource_stream, which setuptools >= 81 no
    longer ships; give it that one function on top of importlib.resources."""
    if "pkg_resources" in sys.modules:
        return
    try:
        import pkg_resources  # noqa: F401
    except ImportError:
        shim = types.ModuleType("pkg_resources")
        shim.resource_stream = _resource_stream
        sys.modules["pkg_resources"] = shim


def _resource_stream(package: str, name: str):  # noqa: ANN202 - a binary file object, as pkg_resources returns
    """pkg_resources.resource_stream: `package` may also name a module (jieba passes `jieba._compat`, and
    imports jieba.posseg through this shim when cpca was loaded first): its file's folder is then meant."""
    __import__(package)
    module = sys.modules[package]
    folder = Path(module.__file__).parent if not hasattr(module, "__path__") else importlib.resources.files(package)
    return folder.joinpath(name).open("rb")


@lru_cache(maxsize=1)
def _cpca() -> types.ModuleType:
    _provide_pkg_resources()
    import cpca

    return cpca


SHANGHAI = "31"
COUNTRY = "中国"  # the country whose divisions cpca's national table holds: every place it finds is inside it
RANK_PROVINCE, RANK_CITY, RANK_COUNTY = 0, 1, 2


@dataclass(frozen=True)
class Region:
    province: str
    city: str | None
    county: str | None
    adcode: str

    @property
    def in_shanghai(self) -> bool:
        return self.adcode.startswith(SHANGHAI)

    def label(self) -> str:
        """`武汉市武昌区`, `苏州市昆山市`, `青岛市` — what the district field holds outside Shanghai."""
        return (self.city or "") + (self.county or "")


def _name(adcode: str) -> str | None:
    info = _cpca().ad_2_addr_dict.get(adcode)
    return info.name if info else None


_NAMED_AFTER = re.compile(r"[东西南北中]?[一二三四五六七八九十\d]*[路街道镇村乡里巷弄河湖江山桥湾]|新村|社区|小区|居民区|花园|公寓|大道")


def _mentions(text: str) -> list[list]:
    """cpca's candidate readings of every place name in text (longest match at each position).

    A short form (`武汉` for 武汉市) counts only where jieba reads it as a place name (ns), not inside
    a word (`长治久安`, `合作`), and not where it names a street, estate or river (`平凉路`,
    `延吉新村`, `苏州河`, `中山街道`).
    """
    from vectorstore.keyword import posseg_cut

    tagged: dict[int, tuple[str, str]] = {}
    pos = 0
    for word, flag in posseg_cut(text):
        tagged[pos] = (word, flag)
        pos += len(word)
    out = []
    last_end = -1
    for match in _cpca().matcher.iter(text):
        if match.start_index <= last_end:
            continue
        value = match.origin_value
        if all(value != info.name for info in match.attr_infos):  # a short form
            word, flag = tagged.get(match.start_index, ("", ""))
            if len(value) < 2 or word != value or not flag.startswith("ns") \
                    or _NAMED_AFTER.match(text, match.end_index + 1):
                continue
        last_end = match.end_index
        out.append(match.attr_infos)
    return out


def detect_region(text: str) -> tuple[Region | None, int]:
    """The county (else city) most mentioned, with the number of mentions that support it; None
    where no city or county is named.

    A name shared by several places counts for the reading whose city or province the text names
    elsewhere; one that stays ambiguous counts for none.
    """
    mentions = _mentions(text)
    provinces: Counter[str] = Counter()
    cities: Counter[str] = Counter()
    for infos in mentions:
        if len({i.adcode[:2] for i in infos}) == 1:
            provinces[infos[0].adcode[:2]] += 1
        city_codes = {i.adcode[:4] for i in infos if i.rank >= RANK_CITY}
        if len(city_codes) == 1 and len(infos) == 1:
            cities[city_codes.pop()] += 1
    counties: Counter[str] = Counter()
    for infos in mentions:
        county = [i for i in infos if i.rank == RANK_COUNTY]
        if len(county) > 1:
            scored = sorted(((cities[i.adcode[:4]] * 2 + provinces[i.adcode[:2]], i.adcode) for i in county), reverse=True)
            county = [] if scored[0][0] == 0 or scored[0][0] == scored[1][0] else \
                [i for i in county if i.adcode == scored[0][1]]
        if len(county) == 1:
            counties[county[0].adcode] += 1
            cities[county[0].adcode[:4]] += 0  # a county names its city
    best_city = cities.most_common(1)[0] if cities else None
    best_county = max(counties.items(), key=lambda kv: (kv[1] + cities[kv[0][:4]], provinces[kv[0][:2]])) \
        if counties else None
    if best_county and (not best_city or best_county[1] + cities[best_county[0][:4]] > best_city[1]
                        or best_county[0][:4] == best_city[0]):
        code, n = best_county
    elif best_city:
        code, n = best_city
        code = code + "00000000"
        counties = Counter()
    else:  # a province alone is not kept: the district field holds a city or a county
        return None, 0
    code = code.ljust(12, "0")
    province = _name(code[:2] + "0000000000") or ""
    city = _name(code[:4] + "00000000")
    county = _name(code) if counties else None
    if city in ("市辖区", "县", None):  # municipalities: 北京市朝阳区, not 市辖区朝阳区
        city = province if province.endswith("市") else None
    support = n + provinces[code[:2]] + (cities[code[:4]] if counties else 0)
    return Region(province, city, county, code), support


_STREET_AFTER = re.compile(r"([\u4e00-\u9fff]{2,6}?(?:街道|镇|乡))")


def street_after(text: str, county: str) -> str | None:
    """The street or town written right after the county (`武昌区杨园街道`), most frequent first."""
    found: Counter[str] = Counter()
    short = re.sub(r"(区|县|市)$", "", county)
    for m in re.finditer(re.escape(county) + "|" + re.escape(short) + r"(?=[\u4e00-\u9fff])", text):
        if s := _STREET_AFTER.match(text, m.end()):
            found[s.group(1)] += 1
    return found.most_common(1)[0][0] if found else None


@lru_cache(maxsize=1)
def _all_place_names() -> frozenset[str]:
    from ingest.enrich import gazetteer

    names = {n.alias for n in gazetteer() if len(n.alias) >= 2}
    for info in _cpca().ad_2_addr_dict.values():
        names.add(info.name)
    return frozenset(names)


@lru_cache(maxsize=1)
def _max_name_len() -> int:
    return max(len(n) for n in _all_place_names())


def place_names_at(text: str, i: int) -> list[str]:
    """Every known place name (Shanghai gazetteer alias or full national division name) starting at i."""
    names = _all_place_names()
    return [text[i:i + n] for n in range(2, min(_max_name_len(), len(text) - i) + 1) if text[i:i + n] in names]


@lru_cache(maxsize=1)
def _division_names() -> frozenset[str]:
    return frozenset(info.name for info in _cpca().ad_2_addr_dict.values())


def label_parts(label: str) -> list[str]:
    """`武汉市武昌区` → [`武汉市`, `武昌区`]: a district label outside Shanghai (Region.label) cut into its
    city and county; a label that is one name (a Shanghai district, a city alone) stays whole."""
    names = _division_names()
    for cut in range(2, len(label) - 1):
        if label[:cut] in names and label[cut:] in names:
            return [label[:cut], label[cut:]]
    return [label]


def short_form(name: str) -> str:
    """`武汉市` → `武汉`, `武昌区` → `武昌`: the name without its level ending, as reports often write it."""
    short = re.sub(r"(?:自治县|自治州|地区|特别行政区|[省市区县])$", "", name)
    return short if len(short) >= 2 else name
