"""Practice cards: a structured case record per article, every field cited to a chunk and span.

Rule-based (patterns, the gazetteer, the practice vocabulary), so it runs offline and is rebuilt
with the article on every re-ingest. A field's value is only ever taken from its cited sentence.
"""
from __future__ import annotations

import re

from ingest.chunk import sentence_spans
from ingest.enrich import find_places, organisation_name, practices
from vectorstore.records import Article, Card, CardField, Chunk

ACTOR_TYPES: dict[str, re.Pattern[str]] = {
    # Up to 12 characters before the suffix: 上海政法学院警务学院学生党支部 is one branch, not 学院警务学院….
    "党组织": re.compile(r"[\u4e00-\u9fff]{0,12}(党工委|党总支|党支部|党委|党组织|党群服务中心|临时党支部)"),
    "居委会": re.compile(r"[\u4e00-\u9fff]{0,8}(居委会|居民委员会|居民区党总支|居村委会)"),
    "业主": re.compile(r"[\u4e00-\u9fff]{0,6}(业委会|业主委员会|业主代表|业主大会|公房承租人)"),
    "企业": re.compile(r"[\u4e00-\u9fff]{2,16}?(有限公司|集团|宾馆|保险|酒店|银行|物业公司|商家联盟|商户)"),
    "社会组织": re.compile(r"[\u4e00-\u9fff“”]{2,14}?(社会组织|服务社|基金会|促进会|研究会|协会|互助会|社会企业|研究院|志愿者服务队)"),
    # A school named with its university ("华东理工大学社会与公共管理学院") is one actor, not two.
    # 大学生 are students, not a university ("发动大学生走进社区").
    "高校": re.compile(r"[\u4e00-\u9fff]{2,10}?(大学(?!生)(?:(?:(?![和及的等])[\u4e00-\u9fff]){2,10}?学院)?|学院)"),
}
# Category words that match the patterns but name nobody: 社区社会组织, 居民区党总支, 街道党工委.
_GENERIC_PREFIXES = frozenset({"社区", "居民区", "街道", "基层", "相关", "各类", "各", "所在", "辖区"})
_AMOUNT = re.compile(r"\d+(?:\.\d+)?\s*(?:万|亿)元?|\d+(?:\.\d+)?元")
_FUNDING_WORDS = re.compile(r"资金|筹资|筹集|募集|众筹|设立|认领|基金|经费|共治金|自治金|专项")
_FUNDERS = re.compile(r"由(?:辖区内的)?([\u4e00-\u9fff、]{2,40}?)等(?:单位|企业|共同体成员)|"
                      r"([\u4e00-\u9fff、]{2,30}?)等共同体成员")
_STEP_CUES = re.compile(r"^[一二三四五六七八九]是|下设|建立|设立|成立|实行|依托|搭建|推出|形成|聘请|拟定|募集|认领|"
                        r"通过[\u4e00-\u9fff]{0,12}(方式|机制|平台|制度)|聚焦")
_OUTCOME_CUES = re.compile(r"完成了|实现了|提升|有效|解决了|成效|新增|受到|获得|焕然一新|扭转|重塑")
# The year of what was done: not the year of a policy document or a plan (市委2014年一号课题, 2026年项目清单).
_YEAR = re.compile(r"(19[5-9]\d|20[0-4]\d)年(?![^。；，]{0,6}?(?:课题|文件|规划|清单|计划|目标|纲要|方案|版))")
_COUNT_PHRASE = re.compile(r"[一二三四五六七八九十两\d]+(?:个|大|项|家|位|类|张)[\u4e00-\u9fff]{0,6}?"
                           r"(?:模块|职能|小区|模式|清单|维度|项目|方面|品牌项目|核心课题|课题)")
def _sentences(chunks: list[Chunk]) -> list[tuple[Chunk, int, int, str]]:
    out = []
    for chunk in chunks:
        for start, end in sentence_spans(chunk.text):
            out.append((chunk, start, end, chunk.text[start:end]))
    return out


def _field(chunk: Chunk, start: int, end: int, value: str) -> CardField:
    return CardField(value=value, chunk_id=chunk.id, passage=chunk.text, span=(start, end))


def _first(sentences, pattern: re.Pattern[str]):  # noqa: ANN001, ANN202
    return next(((c, s, e, t) for c, s, e, t in sentences if pattern.search(t)), None)


def _balanced_quotes(name: str, sentence: str, end: int) -> str:
    """佘山“零伍服务社 → 佘山“零伍服务社” when the sentence closes the quote; a stray outer quote is dropped.
    The name stays a verbatim piece of its sentence."""
    if name.count("“") > name.count("”") and sentence.startswith("”", end):
        name += "”"
    if name.startswith("“") and name.count("“") > name.count("”"):
        name = name[1:]
    if name.endswith("”") and name.count("”") > name.count("“"):
        name = name[:-1]
    return name


def _is_subsequence(short: str, long: str) -> bool:
    rest = iter(long)
    return all(ch in rest for ch in short)


def _same_actor(a: tuple[str, str, str], b: tuple[str, str, str]) -> bool:
    """(kind, suffix, name): 虹桥社区基金会 is 虹桥街道社区基金会 and 愚园路商家联盟 is 静安寺街道愚园路商家联盟 —
    the same kind and suffix, one name's characters in order inside the other's (quotes aside)."""
    if a[:2] != b[:2]:
        return False
    short, long = sorted((a[2].replace("“", "").replace("”", ""), b[2].replace("“", "").replace("”", "")), key=len)
    return len(short) - len(a[1]) >= 2 and _is_subsequence(short, long)


def extract_card(article: Article, chunks: list[Chunk]) -> Card:
    """One card for one article; fields without evidence are left empty rather than guessed."""
    sentences = _sentences(chunks)
    fields: dict[str, list[CardField]] = {}

    tags = []
    for practice in practices():
        if practice.tag not in article.practices:
            continue
        pattern = re.compile("|".join(re.escape(s) for s in practice.synonyms))
        if hit := _first(sentences, pattern):
            tags.append(_field(hit[0], hit[1], hit[2], practice.tag))
    fields["practice"] = tags

    place_fields = []
    for level, name in (("district", article.place.district), ("street", article.place.street),
                        ("residential", article.place.residential)):
        if not name:
            continue
        short = name
        if level != "residential":
            aliases = [p.alias for p in find_places(name) if p.unit == name or p.district == name]
            short = min(aliases, key=len) if aliases else name
        hit = _first(sentences, re.compile(re.escape(name) + "|" + re.escape(short)))
        if hit:
            place_fields.append(_field(hit[0], hit[1], hit[2], f"{level}:{name}"))
    fields["place"] = place_fields

    year = None
    for c, s, e, t in sentences:
        if m := _YEAR.search(t):
            year = _field(c, s, e, m.group(1))
            break
    fields["year"] = [year] if year else []

    actors: list[CardField] = []
    seen: set[str] = set()
    listed: list[tuple[str, str, str]] = []  # (kind, suffix, name) of each entry in actors
    for c, s, e, t in sentences:
        in_sentence: list[str] = []
        for kind, pattern in ACTOR_TYPES.items():
            for m in pattern.finditer(t):
                name = _balanced_quotes(organisation_name(m.group(0), m.start(1) - m.start(0)), t, m.end())
                prefix = name[: len(name) - len(m.group(1))] if name.endswith(m.group(1)) else name
                inside_longer = any(name in longer for longer in in_sentence)  # 警务学院 in …警务学院学生党支部
                in_sentence.append(name)  # also when seen before: a second mention shields its parts too
                if len(name) < 3 or name in seen or not prefix or prefix in _GENERIC_PREFIXES or inside_longer:
                    continue
                seen.add(name)
                key = (kind, m.group(1), name)
                same = next((i for i, other in enumerate(listed) if _same_actor(key, other)), None)
                if same is None:
                    listed.append(key)
                    actors.append(_field(c, s, e, f"{kind}:{name}"))
                elif len(name) > len(listed[same][2]):  # the fuller name, cited where it is written
                    listed[same] = key
                    actors[same] = _field(c, s, e, f"{kind}:{name}")
    fields["actors"] = actors[:12]

    funding = []
    for c, s, e, t in sentences:
        if not (_AMOUNT.search(t) and _FUNDING_WORDS.search(t)):
            continue
        amounts = "、".join(dict.fromkeys(m.group(0).replace(" ", "") for m in _AMOUNT.finditer(t)))
        funders = next((g for m in _FUNDERS.finditer(t) for g in m.groups() if g), "")
        funders = re.sub(r"^(辖区内的|由)", "", funders)
        funding.append(_field(c, s, e, f"{amounts}，{funders}" if funders else amounts))
    fields["funding"] = funding

    steps = [_field(c, s, e, t) for c, s, e, t in sentences if _STEP_CUES.search(t) and len(t) >= 12]
    fields["mechanism"] = steps[:6]
    fields["counts"] = [_field(c, s, e, m.group(0)) for c, s, e, t in sentences for m in _COUNT_PHRASE.finditer(t)][:8]
    outcomes = [_field(c, s, e, t) for c, s, e, t in sentences
                if _OUTCOME_CUES.search(t) and len(t) >= 12 and not t.startswith("编者按")]
    fields["outcomes"] = outcomes[:4]
    return Card(article_id=article.id, title=article.title, source=article.source, published=article.published,
                place=article.place, practices=article.practices, fields=fields)
