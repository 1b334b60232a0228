"""Practice cards: a structured case record per article, every field cited to a chunk and span.

Rule-based (patterns, the gazetteer, the practice vocabulary), so it runs offline and is rebuilt
with the article on every re-ingest. A field's value is only ever taken from its cited sentence.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.chunk import sentence_spans
from ingest.enrich import find_places, find_residential, gazetteer, organisation_name, practices
from ingest.place_chain import place_chains
from ingest.regions import label_parts, short_form
from ingest.funding import funder_names, is_funding_sentence, money_amounts
from ingest.practice_signal import describes_practice
from vectorstore.keyword import PROPER_FLAGS, posseg_cut
from vectorstore.records import Article, Card, CardField, Chunk
from vectorstore.script import CJK

# Organisation suffixes per actor kind. A name is the run of noun-like words before its suffix
# (enrich.organisation_name); it counts only when that run names someone (see _named).
ACTOR_TYPES: dict[str, re.Pattern[str]] = {
    # Up to 12 characters before the suffix: 上海政法学院警务学院学生党支部 is one branch, not 学院警务学院….
    # 党组织 and 党群服务中心 are not here: the first is a category word, the second a venue.
    # Lane numbers are part of a name (佳木斯路315弄居民区党总支), as for 居委会.
    "党组织": re.compile(r"[\u4e00-\u9fff\d]{0,12}(党工委|党总支|党支部|党委|临时党支部)"),
    "居委会": re.compile(r"[\u4e00-\u9fff\d]{0,10}?(居委会|居民委员会|居委(?!会|干部|工作|主任|书记)|居村委会)"),
    "业主": re.compile(r"[\u4e00-\u9fff]{0,6}(业委会|业主委员会|业主大会)"),
    # A bank's branch stays with its bank: 浙江民泰银行上海奉贤支行 is one actor.
    "企业": re.compile(r"[\u4e00-\u9fff]{2,16}?(有限公司|集团|公司|宾馆|保险|酒店|银行|物业|商家联盟|科技|股份|大药房|药房)"
                     r"(?:[\u4e00-\u9fff]{0,8}?(?:有限公司|分公司|支行|分行))?"),
    "社会组织": re.compile(r"[\u4e00-\u9fff“”]{2,16}?(服务社|基金会|促进会|研究会|协会|互助会|社会企业|研究院|志愿者服务队|"
                        r"志愿服务队|服务中心|发展中心|研究中心)"),
    # A school named with its university ("华东理工大学社会与公共管理学院") is one actor, not two.
    # 大学生 are students, not a university ("发动大学生走进社区").
    "高校": re.compile(r"[\u4e00-\u9fff]{2,10}?(大学(?!生)(?:(?:(?![和及的等])[\u4e00-\u9fff]){2,10}?学院)?|学院)"),
}
# (社 also opens 社区, 社会, 社工, 社团: not an ending there.)
# The endings of a team or group (志愿队, 突击队, 团队, 工作室, 服务联盟, 社工组织, 茶艺社): a social organisation
# when the team has a name of its own (eval/README.md, actors), not a kind of team (党员志愿服务团队, 楼道工作室).
# Only read for the card's actors, not an ACTOR_TYPES kind: the sentence models and the practice signal read those.
# The ending words are a closed class (the head nouns of a group in Chinese).
_TEAM = re.compile(r"[\u4e00-\u9fff“”‘’]{2,12}?(志愿队|服务队|突击队|团队|工作室|服务联盟|社工组织|社(?![区会工团]))")
# A venue, station or place written right before a team's quoted name (社工站“…志愿队”, 社区“…”): not part of the name
# (eval/README.md: venues, stations and a community are never actors). Closed class: the endings of those units.
_BEFORE_QUOTED_TEAM = re.compile(r"^[\u4e00-\u9fff]*?(?:站|中心|社区|居民区|街道|居委|居委会)(?=[“‘])")
# A quoted coined name and the words of the team's field up to its ending, in one clause (‘来福汇’为老服务联盟).
_QUOTED_TEAM = re.compile(r"[“‘][^“”‘’，。；：、]{1,10}(?:[”’][^“”‘’，。；：、\s]{0,8})?$")
# Suffixes that end ordinary words too (代缴养老保险, 手机银行, 小区物业, 快捷宾馆): the name before them must be a
# proper name (a place, person, organisation or other proper-noun word), or an item of a list the report
# closes with 等单位/等企业.
_WEAK_SUFFIXES = frozenset({"宾馆", "保险", "酒店", "银行", "物业", "科技", "股份", "药房"})
# One character that turns a weak ending into an office or a department (物业办, 科技处, 保险科).
_OFFICE_AFTER = frozenset("办局处科厅所站")
# The ending of a body of another kind right after a weak ending: the weak word is inside that body's name
# (湖南科技|学院, 中国保险|协会), not a company.
_OTHER_BODY_AFTER = re.compile(r"学院|大学|协会|研究院|研究会|基金会|促进会")
_COMPANY_WORD = re.compile(r"(?:公司|集团)$")  # 新邦城|物业公司: the ending inside a company's word is the company
# Government service centres are bodies of the administration, not social organisations.
_PUBLIC_CENTRE = re.compile(r"党群|受理|政务|事务|城运|运行|卫生|文化活动|综合|指挥|网格化")
# Category words that name nobody: 社区社会组织, 居民区党总支, 街道党工委, 社区优秀网格党委.
_GENERIC_WORDS = frozenset({
    "社区", "居民区", "小区", "街道", "基层", "相关", "各类", "各", "各级", "所在", "辖区", "所辖", "属地", "该", "本",
    "网格", "优秀", "功能型", "党建", "联盟", "区域化", "居村", "村居", "企业", "商圈", "单位", "共建", "全体", "其他",
    "区", "镇", "市", "县", "村", "居民", "社会", "公益", "爱心", "知名", "品牌", "大型", "当地", "本地", "小区内",
    "有限", "有限责任", "股份有限",  # 集团有限公司 is read as 集团 and then 有限+公司
    "物业", "物业管理", "经",
})
# A category written before a name: 社区社会组织佘山“零伍服务社” is 佘山“零伍服务社”.
_CATEGORY_LEAD = re.compile(r"^[\u4e00-\u9fff]*?(?:社会组织|党组织|单位|爱心企业)(?=[\u4e00-\u9fff“]{2})")
_ORGANISATION_END = re.compile(r"(有限公司|公司|集团|银行|支行|分行|基金会|服务社|促进会|协会|研究会|研究院|中心|"
                               r"局|厅|委员会|政府|办事处|居委会|业委会|党委|党总支|党支部|党工委|大学|学院|宾馆|酒店|"
                               r"保险|物业|商家联盟)$")
_COUNTED = re.compile(r"[一二三四五六七八九十两几数百千\d]+[个份家位项名批类种支所座条]")  # 一份, 28家
_YEAR = re.compile(r"(19[5-9]\d|20[0-4]\d)年(?![^。；，]{0,6}?(?:课题|文件|规划|清单|计划|目标|纲要|方案|版))")
# The year of what was done: a year in the clause of a governance act (自2010年成立, 2022年6月…签署) or of an
# undertaking it names as such (是2023年…的民生实事项目之一, 小区党支部2023年为民办实事系列活动), not the year a
# building went up or a policy paper was written.
_YEAR_ACT = re.compile(r"成立|设立|建立|启动|开展|实施|推出|签署|签订|组建|创建|搭建|发起|举办|举行|打造|开始|试点|"
                       r"选聘|探索|策划|成为|揭牌|挂牌|启用|投用|开通|创办|创刊|开办|召开|项目|活动|实事")
# The act written before its year: 启用于2020年8月, 成立于2019年.
_ACT_BEFORE_YEAR = re.compile(rf"(?:{_YEAR_ACT.pattern}|始)于$")
_CLAUSE_END = re.compile(r"[。；！？]")
_NUMERAL = r"(?:\d+|[两二三四五六七八九十百千]+|一[百千万])"
# Not after 第 (an ordinal); 大 only after one numeral (六大职能, not 二十大).
_COUNT = re.compile(rf"(?<![第\d.一二三四五六七八九十两百千万])(?:近|约|超|逾|共)?"
                    rf"(?:{_NUMERAL}[余多]?(?:个|家|名|位|支|项|场|条|处|盏|座|所|间|类|批|张|台|栋|幢|块|大车|组|套)"
                    r"|[两三四五六七八九十]大)")
# The card's counts also read people, households, cases and times (志愿者2000余人, 1492户居民, 矛盾纠纷455件,
# 培训12次, 惠及辖区孩子5873人次) after Arabic digits only (三人行, 千人宴 are names); _COUNT, a feature of the
# sentence models (ingest/card_sentences.py), stays as it is.
_COUNT_PHRASE = re.compile(rf"(?<![第\d.一二三四五六七八九十两百千万])(?:近|约|超|逾|共)?"
                           rf"(?:{_NUMERAL}[余多]?(?:个|家|名|位|支|项|场|条|处|盏|座|所|间|类|批|张|台|栋|幢|块|大车|组|套|份)"
                           r"|\d+(?:\.\d+)?万?[余多]?(?:人次|人|户|件|次|起)|[两三四五六七八九十]大)")
_PEOPLE_END_WORDS = "代表|居民|群众|党员|志愿者|骨干|人员|干部|工作者|负责人|书记|主任|家庭|长|们|者"
_COUNT_NOUN_TAGS = ("n", "vn", "j", "l", "b", "an", "ng", "nz", "ns", "nt", "nr", "a", "x", "eng")
# What was done, and how: a sentence with a governance act in it (its verbs), ranked by how many acts and
# concrete details (numbers, named documents, routines like 定期/每月/上门, an agent introduced by 由) it has.
_STEP_VERBS = re.compile(r"开展|组织|搭建|建立|成立|设立|推出|召开|签订|签署|签约|发动|联合|牵头|邀请|招募|制定|打造|依托|实行|"
                         r"聘请|形成|上门|收集|协调|对接|培训|巡查|巡逻|巡视|排查|整治|组建|召集|选举|投票|表决|征求|征询|"
                         r"商讨|协商|走访|摸排|发放|设置|改造|修缮|修补|安装|铺设|更换|捐赠|众筹|认领|出资|派驻|派出|引导|动员|"
                         r"结对|提供|下设|拟定|募集|发布|指导|慰问|勘察|告知|宣教|清除|清理|劝说|劝导|授旗|授牌|存储|兑换|记录|"
                         r"梳理|归并|列入|观看|创作|刷新|扩容|补给|上报|跟进|改建|新建|增设|维修|实施|包干|开设|讲座|发起|"
                         r"统筹|整合|设计|调研|举办|举行|启动|接入|推行|建成|配备|招募|公示|评选|表彰|积分|"
                         r"通过[\u4e00-\u9fff“”]{0,12}(?:方式|机制|平台|制度|形式)|^[一二三四五六七八九]是")
MECHANISM_MAX, OUTCOMES_MAX = 5, 4  # at most this many sentences per field
_DETAIL = re.compile(r"\d|《|定期|每月|每周|每天|每日|上门|由[\u4e00-\u9fff]{2,}")
_OUTCOME_CUES = re.compile(r"完成|实现了|提升了|提高了|解决了|解决|得到了|改善|焕然一新|投入使用|累计|获益|减少|亮起|铺平|成效|"
                           r"变成|变身|变“|不见了|扩大了|缩减|化解了|受到|扭转|重塑|新增|增加至|惠及|覆盖|认可|点赞|称赞|"
                           r"蔚然成风|清理了|美化|缓解|充实|好评")
_DONE = re.compile(r"了|已|如今|现在|目前|累计|共计|共解决|顺利|成功|日益|不断|全部|经过")
# Not what was done: quotes and speech, plans and wishes, purpose clauses, datelines, exhortation.
_NOT_DONE = re.compile(r"下一步|接下来|今后|未来|后续|将(?:继续|进一步|持续|不断|努力|全力|以|在)|力争|希望|要进一步|"
                       r"^为(?:了|进一步|深入|切实|推动|推进|加强|做好|全面|更好|保障|激发|解决)|旨在|"
                       r"(?:表示|说|介绍|认为)[，：:,]|"
                       r"^编者按|强调|指出|讯（|报道|原标题|记者|通讯员|充分发挥|深入贯彻|为契机|是一项|作为")


def _not_done(sentence: str) -> bool:
    """Speech (mostly inside quotes), plans, purposes, datelines and exhortation: not what was done."""
    quoted = sum(len(q) for q in re.findall(r"“[^”]*”?", sentence))
    return quoted > 0.5 * len(sentence) or bool(_NOT_DONE.search(sentence))


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


def _named(name: str, suffix: str, listed: bool) -> bool:
    """Whether `name` (ending in `suffix`) names one organisation rather than a kind of organisation."""
    prefix = name[: len(name) - len(suffix)].replace("“", "").replace("”", "") if name.endswith(suffix) else name
    if len(prefix) < 2 or prefix in _GENERIC_WORDS:
        return False
    words = posseg_cut(prefix)
    if _kind_of_body(name, words):
        return False
    if all(w in _GENERIC_WORDS or _COUNTED.fullmatch(w) for w, _ in words):
        return False
    if not any(tag[:1] in ("n", "j", "l", "g", "m") or tag == "eng" or tag == "a" and len(w) >= 2 for w, tag in words):
        return False  # 制定形成业委会: verbs before the suffix, no name (平安志愿服务队: 平安 is a name's word)
    if suffix.endswith("中心") and _PUBLIC_CENTRE.search(prefix):
        return False
    if listed or suffix not in _WEAK_SUFFIXES:
        return True
    # Tagged in place, the whole name at once (养老 alone is read as a person's name, 养老保险 as a noun):
    # a proper-noun word must start inside the name part (上海|宾馆, 中信银行, 渤海|银行), and not one CC-CEDICT
    # knows only as a common word (jieba tags 普通 "ordinary" nz: 参照普通银行存储制度 names no bank).
    return _proper_before(name, len(prefix))


def _team_named(name: str, suffix: str) -> bool:
    """A team or group with a name of its own: a coined name in quotes (“青葑突击队”, “党员先锋”服务队,
    景上添“华”社区彩绘团队) or a proper-noun word starting before its ending (涵阳茶艺社), as for the weak endings;
    a team named by common words only (党员志愿服务团队, 巾帼志愿者服务队) is a kind of team."""
    if not _named(name, suffix, True):
        return False
    words = posseg_cut(re.sub(r"[“”‘’]", "", name))
    if suffix == "社" and len(words) >= 2 and words[-1][0] == "社" and words[-2][1] in ("j", "m"):
        return False  # “家校社”, “五社”联动: parties joined in an abbreviation (家、校、社), not a club
    if re.search(r"[“”‘’]", name[: len(name) - len(suffix)] if name.endswith(suffix) else name):
        return True
    return _proper_before(name, len(name) - len(suffix))


def _proper_before(name: str, prefix_len: int) -> bool:
    """A proper-noun word (not one CC-CEDICT knows as a common word) starts inside the name's first `prefix_len`
    characters, the part before its ending (the name tagged whole, in place)."""
    from assistant.dictionary import common_word

    start = 0
    for word, tag in posseg_cut(name):
        if tag in PROPER_FLAGS and start < prefix_len and not common_word(word):
            return True
        start += len(word)
    return False


def _kind_of_body(name: str, prefix_words: list[tuple[str, str]]) -> bool:
    """A kind of body, not one body: the whole name is one word CC-CEDICT knows only as a common noun (上市公司,
    证券公司, 股份公司, 子公司), or the name opens with a quantifier or determiner (一些|上市公司, 多数|大学,
    第三方|公司: jieba tags them m; a numeral or ordinal that is part of a name — 八一居委会, 第三党支部 — is not one)."""
    from assistant.dictionary import common_word

    whole = name.replace("“", "").replace("”", "")
    if common_word(whole) and len(posseg_cut(whole)) == 1:
        return True
    first, tag = prefix_words[0] if prefix_words else ("", "")
    return tag == "m" and len(first) >= 2 and not _NUMERAL_WORD.fullmatch(first)


_NUMERAL_WORD = re.compile(r"第?[\d一二三四五六七八九十百千两零〇]+")


def _in_list(sentence: str, start: int, end: int) -> bool:
    """The name is an item of an enumeration the report closes with 等单位/等企业/等成员 (A、B等单位)."""
    before, after = sentence[:start], sentence[end:]
    closes = re.match(r"(?:、[^，。；,]{2,20}?)*等[\u4e00-\u9fff]{0,4}?(?:单位|企业|成员|机构|商家|组织)", after)
    return bool(closes) and (before.endswith("、") or after.startswith("、") or after.startswith("等"))


def funder_organisation(phrase: str, listed: bool) -> str | None:
    """The named organisation a funder phrase ends with: an item of an enumeration closed by 等单位…, or
    a name with an organisation's ending (集团, 有限公司, 基金会, 局, 厅 …) and a name before it."""
    if listed:
        return phrase if len(phrase) >= 2 and phrase not in _GENERIC_WORDS and not _COUNTED.search(phrase) else None
    m = _ORGANISATION_END.search(phrase)
    if not m:
        return None
    name = _after_last_function_word(phrase)  # 议事会最终决定由湖北省信访局 → 湖北省信访局
    return name if _named(name, m.group(1), listed=False) else None


def _after_last_function_word(phrase: str) -> str:
    """What follows the phrase's last preposition, conjunction, particle, pronoun or adverb (由, 的, 最终 …):
    a name with verb-like words in it (湖北省信访局, 大汉控股集团) stays whole."""
    words = posseg_cut(phrase)
    cut = max((i + 1 for i, (word, tag) in enumerate(words) if (tag[:1] in ("p", "c", "u", "r", "d")
               and not _joins_one_name(words, i))
               or tag.startswith("v") and (_STEP_VERBS.fullmatch(word) or _ACT_VERB.fullmatch(word))), default=0)
    return "".join(w for w, _ in words[cut:])


def _joins_one_name(words: list[tuple[str, str]], i: int) -> bool:
    """与 between the parts of one body's name (玉成志愿服务与研究中心: a field, not a body, before it), not between
    two bodies (居委会与…研究中心) or after a category word (社区与…)."""
    if words[i][0] != "与" or i == 0:
        return False
    before, tag = words[i - 1]
    return tag in ("n", "vn") and before not in _GENERIC_WORDS and not _ORGANISATION_END.search(before)


_ACT_VERB = re.compile(r"提升|参与|推进|促进|展|推动|探索|发挥|深化|加强|召开|带领|会同")  # 联合… is in _STEP_VERBS


def _year(sentences) -> CardField | None:  # noqa: ANN001
    for c, s, e, t in sentences:
        for m in _YEAR.finditer(t):
            clause = _CLAUSE_END.split(t[m.end():], 1)[0]
            # a year that opens its sentence dates the whole sentence; elsewhere, the clause after it, or the act
            # right before it (启用于2020年8月)
            if _of_a_person(t[:m.start()]) and not _FOUNDED.search(clause[:20]):
                continue  # 施聪雪从2009年开始做志愿服务: a person's story (王阿姨自2015年起组建…服务队 founds a practice)
            if _YEAR_ACT.search(clause if m.start() <= 6 else clause[:40]) or _ACT_BEFORE_YEAR.search(t[:m.start()]):
                return _field(c, s, e, m.group(1))
    return None


_FOUNDED = re.compile(r"成立|设立|建立|组建|创建|创办|创立|发起|开办|搭建|打造")


def _of_a_person(before: str) -> bool:
    """A year in a person's own story: a person's name (tagged nr), then at most a preposition of time, right before
    it (施聪雪从2009年开始做志愿服务), not a body's (普陀区文化馆自2018年…)."""
    words = posseg_cut(before[-8:])
    if words and words[-1][0] in ("从", "自", "于", "在"):
        words = words[:-1]
    return bool(words) and words[-1][1].startswith("nr") and len(before) >= 2 and len(words[-1][0]) >= 2


def _count_phrases(sentence: str) -> list[str]:
    """四个自治模块, 45个网格化联动工作室, 700余名志愿者: a numeral, a classifier and the noun it counts."""
    found = []
    words, at = [], 0
    for word, tag in posseg_cut(sentence):
        words.append((at, at + len(word), tag))
        at += len(word)
    for m in _COUNT_PHRASE.finditer(sentence):
        if m.group(0).startswith("一") and not re.match(r"一[百千万]", m.group(0)):
            continue  # 一个, 一支: an article, not a count
        if any(a <= m.start() < b and b > m.end() and not tag.startswith(("m", "q")) for a, b, tag in words):
            continue  # 四处寻找 (l), 千家万户 (i): the numeral opens a word that goes on past it, an idiom, not a count
        if _LOOSE_CLASSIFIER.search(m.group(0)):
            if noun := _noun_after_loose(sentence, m):
                found.append(m.group(0) + noun)
            elif counted := _noun_before(sentence, m):
                found.append(counted)
            continue
        noun, seen_noun, modifiers_only, verbs_only = "", False, True, True
        people = re.search(r"[名位]$", m.group(0))
        window = posseg_cut(sentence[m.end(): m.end() + 12])
        for k, (word, tag) in enumerate(window):
            if people and _PEOPLE_END.search(noun) and not _PEOPLE_END.search(word) and CJK.match(word):
                break  # 700余名志愿者|投身基层服务: a count of people ends with the people (20名儿童骨干代表 stays whole)
            if word == "、" and not seen_noun and noun and modifiers_only:
                noun += word  # 26家快递、外卖站点: modifiers listed before the noun they share
                continue
            if not seen_noun and len(noun) >= 2 and not CJK.match(word) and not verbs_only:
                seen_noun = True  # 四张清单": a word run closed by punctuation is the noun, however it was tagged
                # (12位|参与。: a run of verbs only is what the counted do, not what they are)
            if word in ("“", "”"):
                noun, verbs_only = noun + word, False  # a quoted term is a name, whatever its words' tags
            elif seen_noun and tag == "a" and len(word) == 1 and k + 1 < len(window) and _common_noun(window[k + 1][1]):
                noun += word  # 4位社区|小|先生: a one-character adjective inside one compound noun
            elif seen_noun and tag in ("v", "a", "ad", "d"):
                break  # 700余名志愿者|投身…, 5个项目|成功立项
            elif tag.startswith(_COUNT_NOUN_TAGS) and tag != "x" and not _COUNTED.fullmatch(word):
                noun, seen_noun = noun + word, seen_noun or tag.startswith(("n", "vn", "j", "l"))
                modifiers_only = verbs_only = False
            elif tag in ("v", "vn", "q") and not seen_noun:  # 四个自治模块, 9场系列活动: a modifier before the noun
                noun += word
                verbs_only = verbs_only and tag == "v"
            else:
                break
        noun = noun.rstrip("“") if seen_noun and not re.match(r"[一二三四五六七八九十两\d]", noun) else ""  # 四位一体
        if noun.count("”") > noun.count("“"):
            noun = noun[: noun.rindex("”")]
        rest = sentence[m.end() + len(noun):]
        if not noun and (unit := re.match(r"[\u4e00-\u9fff](?=（[^（）]{1,8}）)", rest)):
            noun, rest = unit.group(0), rest[1:]  # 41个县（市、区）: a one-character unit the tagger leaves untagged
        if noun and (aside := re.match(r"（[^（）]{1,8}）", rest)):  # 38个街道（乡镇）
            noun += aside.group(0)
        if people:
            noun = _people_noun(sentence[m.end():], noun)
        if len(noun.replace("“", "").replace("”", "")) >= 2 and not _reference_or_formula(sentence, m.start(), m.end() + len(noun)):
            found.append(m.group(0) + noun)
        elif not noun and (counted := _noun_before(sentence, m)):
            found.append(counted)
    return found


def _common_noun(tag: str) -> bool:
    return tag.startswith(("n", "j")) and not tag.startswith("nr")


# People nouns a count of people may end with: _PEOPLE_END, and the young and old taking part (孩子, 老人).
_PEOPLE_NOUN = re.compile(rf"(?:{_PEOPLE_END_WORDS}|孩子|儿童|老人|学生|青少年|评委|专家)$")


def _people_noun(rest: str, noun: str) -> str:
    """A count of people read through to its people noun (`rest` is the sentence after the classifier, `noun` what
    the word loop took): alternatives or partners joined by 或/和/及 (24名党员或群众骨干, 11位专家和评委), and a
    modifier closed by 的 before the people noun (15名“文明楼道创全志愿队”的志愿者, 12名6-12岁辖区内的孩子)."""
    if noun and _PEOPLE_NOUN.search(noun):
        if rest[len(noun):][:1] in ("或", "和", "及") and (run := _noun_run(rest[len(noun) + 1:])) and _PEOPLE_NOUN.search(run):
            return noun + rest[len(noun)] + run
        return noun
    through = re.match(r"[^，。；、,;：:！？（）()和与及或]{1,16}?的", rest)
    if through and not _COUNT.search(through.group(0)) and (run := _noun_run(rest[through.end():])) and _PEOPLE_NOUN.search(run):
        return through.group(0) + run
    return noun


def _noun_run(text: str) -> str:
    """The run of common nouns (not names) text opens with, up to 6 characters."""
    run = ""
    for word, tag in posseg_cut(text[:8]):
        if not _common_noun(tag) or len(run + word) > 6:
            break
        run += word
    return run


# Classifiers that also count what is no noun of the practice (172人参加初赛, 1492户整体改造, 第3次): numeral-first only
# before a plain noun run (12次培训), a people noun after 人/人次/户 (1500多户居民, 超400人志愿者).
_LOOSE_CLASSIFIER = re.compile(r"(?:人次|人|户|件|次|起)$")


def _noun_after_loose(sentence: str, m: re.Match[str]) -> str:
    noun = ""
    for word, tag in posseg_cut(sentence[m.end(): m.end() + 10]):
        if not tag.startswith(("n", "vn", "j")) or tag.startswith("nr"):
            break
        noun += word
    if re.search(r"(?:人次|人|户)$", m.group(0)) and not _PEOPLE_END.search(noun):
        return ""
    return noun if len(noun) >= 2 and _AFTER_NOUN_FIRST.match(sentence[m.end() + len(noun):]) else ""


# What may stand between a noun and its count written after it: 网格员共322名 (共 is in _COUNT), 志愿者达300余名;
# A tally of those taking part is written with its last noun and 等 (居民代表等共计300余人, 工作人员等40余人).
_LINK_BEFORE_COUNT = re.compile(r"(?:等(?:共计|总计|合计)?|达|共计|总计|合计)$")
_NOUN_FIRST_TAGS = ("n", "nz", "vn", "an", "j", "l", "ng")  # 民生|困难(an)208个
# After a count written noun-first comes the clause's end or its next verb, never more of an address (小区12栋302室).
_AFTER_NOUN_FIRST = re.compile(r"(?:[，。；、：！？,;）)]|和|及|与|并|$|[\u4e00-\u9fff](?![\d号室楼层单元幢栋]))")


def _noun_before(sentence: str, m: re.Match[str]) -> str | None:
    """A count written noun-first (网格员322名, 开展联盟共建活动7场次, 志愿者达300余名): the noun phrase right before
    the numeral and classifier, read back over nouns (a verb between a noun and a verbal noun is a modifier:
    联盟|共建|活动; the verb that opens the phrase is its predicate: 开展|活动12场). None when the count is part of an address or
    the words before it are no noun."""
    if re.match(r"[两三四五六七八九十]大", m.group(0)):
        return None  # 六大…: a numeral-first form only
    end = m.end() + (1 if m.group(0).endswith("场") and sentence.startswith("次", m.end()) else 0)  # 7场次
    after = sentence[end:]
    if not _AFTER_NOUN_FIRST.match(after):
        return None
    if after[:1] and CJK.match(after) and posseg_cut(after[:6])[0][1].startswith(("n", "m", "q", "u")):
        return None  # 研究方法四个|半天, 新村8栋|的邻里长: the count goes on into another noun
    before = sentence[max(0, m.start() - 16): m.start()]
    link = _LINK_BEFORE_COUNT.search(before)
    head = before[: link.start()] if link else before
    if quoted := re.search(r"“[^“”，。；、,;]{2,10}”$", head):  # 百姓身边的“关键小事”3000余件: a quoted noun
        start = m.start() - (len(before) - len(head)) - len(quoted.group(0))
        return None if _reference_or_formula(sentence, start, end) else sentence[start:end]
    words = list(posseg_cut(head))
    taken = 0
    for i in range(len(words) - 1, -1, -1):
        word, tag = words[i]
        if tag.startswith(_NOUN_FIRST_TAGS) and not _COUNTED.search(word) and not re.search(r"\d", word):
            taken += 1
        elif tag == "v" and taken and words[i + 1][1] == "vn" and i > 0 and words[i - 1][1].startswith(_NOUN_FIRST_TAGS):
            taken += 1  # 联盟|共建|活动: a verb between a noun and a verbal noun modifies it (not 街道|共有|网格员)
        else:
            break
    while taken and words[len(words) - taken][1] == "v":
        taken -= 1  # the phrase opens with a noun
    opens_clause = taken == len(words) or not re.match(r"[\u4e00-\u9fff\w“”]", words[len(words) - taken - 1][0])
    if taken >= 2 and opens_clause and words[len(words) - taken][1] == "vn":
        taken -= 1  # ，培育|社区社会组织1331个: a verbal noun that opens its clause is the clause's verb
    noun = "".join(w for w, _ in words[len(words) - taken:])
    start = m.start() - (len(before) - len(head)) - len(noun)
    if len(noun) < 2 or _reference_or_formula(sentence, start, end):
        return None
    return sentence[start:end]


_SPEECH_PUNCTUATION = re.compile(r"[，。；！？,;!?]")


def _reference_or_formula(sentence: str, start: int, end: int) -> bool:
    """Not a count of what was done: the class the practice belongs to (全国106个试点之一), or a piece of a quoted
    name or formula (“1名网格员+N名平安志愿者”; a quote that is the count itself, “六个便利服务”, stays)."""
    if sentence.startswith("之一", end):
        return True
    for q in re.finditer(r"“([^”]*)”", sentence):
        if _SPEECH_PUNCTUATION.search(q.group(1)):
            continue  # “我们地区共有8800多名党员，410多个党支部，…”: reported speech, not a name
        if q.start(1) <= start and end <= q.end(1):
            return sentence[start:end].strip("“”") != q.group(1)
    return False


def practice_card(article: Article, chunks: list[Chunk]) -> Card | None:
    """The card of an article that describes a practice; None for other news (ingest/practice_signal.py)."""
    return extract_card(article, chunks) if describes_practice(article.text) else None


Sentence = tuple[Chunk, int, int, str]  # a sentence of the article's chunks: chunk, start, end, text (_sentences)


def _practice_fields(article: Article, sentences: list[Sentence]) -> list[CardField]:
    """The practices the report is about (ingest/practice_tags.py), each cited to its first mention."""
    from ingest.practice_tags import card_tags

    kept = set(card_tags(article.text, article.title or ""))
    tags = []
    for practice in practices():
        if practice.tag not in kept:
            continue
        pattern = re.compile("|".join(re.escape(s) for s in practice.synonyms))
        if hit := _first(sentences, pattern):
            tags.append(_field(hit[0], hit[1], hit[2], practice.tag))
    return tags


_PLACE_ENDING = re.compile(r"(?:新区|小区|居民区|街道|[区市县镇乡])$")


def _same_place(a: str, b: str) -> bool:
    """浦东 = 浦东新区, 昆山 = 昆山市, 德华一村 = 德华一村小区: equal without their endings, or one inside the
    other and at least 60% of it (武汉 is not 武汉经开区)."""
    a, b = _PLACE_ENDING.sub("", a), _PLACE_ENDING.sub("", b)
    short, long = sorted((a, b), key=len)
    return a == b or short in long and len(short) >= 0.6 * len(long)


def _place_fields(article: Article, sentences: list[Sentence]) -> list[CardField]:
    """The article's district, street and residential area (ingest/enrich.detect_place), a district outside
    Shanghai as its city and county, then every unit of the addresses written as chains of units
    (ingest/place_chain.py: 武汉市江岸区花桥街道红桥社区红桥邨小区), each cited where it is written. A Shanghai
    district the report leaves out is cited where its street is named (the gazetteer knows the street's district)."""
    wanted: list[tuple[str, str]] = []
    shanghai = {p.unit for p in gazetteer()}
    district, street = article.place.district, article.place.street
    if street and _street_of_another_city(sentences, street, shanghai):
        district = street = None  # 新郑市新华路街道: not 长宁区's 新华路街道
    if district and district not in shanghai and (unit := _shanghai_unit_headed_by(article.text, district)):
        district, street = unit.district, unit.unit  # 潍坊新村街道 is written there, not 潍坊市
    if district:
        parts = label_parts(district)
        wanted += [("city", parts[0]), ("district", parts[1])] if len(parts) == 2 else [("district", parts[0])]
    residential = find_residential(article.text, article.title, by_estate=True)
    wanted += [(level, name) for level, name in (("street", street), ("residential", residential)) if name]
    place_fields: list[CardField] = []
    names: list[str] = []
    for level, name in wanted:
        # every alias the gazetteer knows for the unit: 康健新村街道 is written 康健街道 or 康健新村
        aliases = [p.alias for p in gazetteer() if p.unit == name]
        short = min(aliases, key=len) if aliases else (short_form(name) if level != "residential" else name)
        written = sorted({name, short, *aliases}, key=len, reverse=True)
        pattern = re.compile("|".join(re.escape(w) for w in written))
        if aliases or level not in ("city", "district"):
            hit = _first(sentences, pattern)
        else:  # a city or county outside Shanghai: where it is written as a place, not inside another name
            hit = next(((c, s, e, t) for c, s, e, t in sentences
                        if any(_written_as_place(t, m.start(), m.end(), m.group(0) == name) for m in pattern.finditer(t))),
                       None)
        if hit is None and level == "district" and aliases:  # a Shanghai district: where its street is named
            hit = next(((c, s, e, t) for c, s, e, t in sentences
                        if any(p.district == name and p.kind != "district" for p in find_places(t))), None)
        if hit:
            place_fields.append(_field(hit[0], hit[1], hit[2], f"{level}:{name}"))
            names.append(name)
    for c, s, e, t in sentences:
        for chain in place_chains(t):
            for unit in chain:
                if unit.level == "province":  # a province is kept only where nothing smaller is named
                    continue
                name = _official_name(unit.name)  # 康健街道 → 康健新村街道, as the gazetteer names it
                if not any(_same_place(name, other) for other in names):
                    place_fields.append(_field(c, s, e, f"{_CARD_LEVEL[unit.level]}:{name}"))
                    names.append(name)
    if not place_fields:
        province = next(((c, s, e, t, u) for c, s, e, t in sentences for chain in place_chains(t) for u in chain
                         if u.level == "province"), None)
        if province:
            place_fields.append(_field(*province[:3], f"province:{province[4].name}"))
        elif province_name := _named_province(article.text):  # a provincial report: 四川省民政厅…2022年四川省城乡社区
            hit = _first(sentences, re.compile(re.escape(province_name)))
            if hit:
                place_fields.append(_field(hit[0], hit[1], hit[2], f"province:{province_name}"))
    return place_fields


def _street_of_another_city(sentences: list[Sentence], street: str, shanghai: set[str]) -> bool:
    """A Shanghai street's name written in an address chain right after a city or county outside Shanghai
    (新郑市新华路街道): that city's street of the same name, not Shanghai's."""
    for _, _, _, t in sentences:
        for chain in place_chains(t):
            for before, unit in zip(chain, chain[1:]):
                if (_official_name(unit.name) == street and before.level in ("city", "county")
                        and _official_name(before.name) not in shanghai):
                    return True
    return False


def _shanghai_unit_headed_by(text: str, district: str):  # noqa: ANN202
    """The Shanghai street or town the report writes whose name starts with the short form of a city or county
    found outside Shanghai (潍坊新村街道 for 潍坊市): the report's 潍坊 is that street, not the city."""
    short = short_form(district)
    if len(short) < 2:
        return None
    return next((p for p in gazetteer() if p.kind != "district" and p.alias.startswith(short) and p.alias != short
                 and p.alias in text), None)


def _named_province(text: str) -> str | None:
    """The one province a report with no smaller place names in full at least twice (四川省, not 四川 in 四川在线)."""
    counts = {name: text.count(name) for name in _province_names() if name in text}
    named = [name for name, n in counts.items() if n >= 2]
    return named[0] if len(named) == 1 and len(counts) == 1 else None


def _province_names() -> frozenset[str]:
    from ingest.regions import RANK_PROVINCE, _cpca

    return frozenset(i.name for i in _cpca().ad_2_addr_dict.values() if i.rank == RANK_PROVINCE and len(i.name) >= 3)


_NAME_TAGS = ("n", "j", "g")  # a noun, abbreviation or morpheme after a place name continues a name: 长沙|湘|悦社工


def _written_as_place(sentence: str, start: int, end: int, full: bool) -> bool:
    """Whether the division name at sentence[start:end] names a place, not the head of another name: 成都 in
    成都高新区玉成志愿服务与研究中心 and 长沙 in 长沙湘悦社工 begin an organisation's name, 武汉 in 武汉经开区 a zone's.
    A unit of an address chain (武汉市江岸区…, 淮北相山区) is a place; outside a chain, a full name (绵阳市) is one
    unless it heads a longer unit, and a short form is one when no name word follows it (社区头条·绵阳|, 为武汉发展)."""
    for chain in place_chains(sentence):
        for unit in chain:
            if unit.start == start:
                return unit.end == end
            if unit.start < start < unit.end:
                return False  # inside a longer unit: 武汉经开区
    if full or end >= len(sentence) or not CJK.match(sentence[end]):
        return True
    at = 0
    for word, tag in posseg_cut(sentence):
        if at == end:
            return not tag.startswith(_NAME_TAGS)
        if at > end:
            break
        at += len(word)
    return False  # the name ends inside a word


def _official_name(name: str) -> str:
    """A Shanghai district's or street's name as the gazetteer writes its unit (浦东 → 浦东新区); other names as written."""
    return next((p.unit for p in gazetteer() if p.alias == name), name)


# place_chain levels as the card writes them (a county is the card's district, as in Place).
_CARD_LEVEL = {"province": "province", "city": "city", "county": "district", "street": "street",
               "community": "community", "residential": "residential"}


_ACTOR_PATTERNS: list[tuple[str, re.Pattern[str]]] = [*ACTOR_TYPES.items(), ("社会组织", _TEAM)]


def _actor_fields(sentences: list[Sentence]) -> list[CardField]:
    actors: list[CardField] = []
    seen: set[str] = set()
    listed: list[tuple[str, str, str]] = []  # (kind, suffix, name) of each entry in actors
    for c, s, e, t in sentences:
        in_sentence: list[str] = []
        starts = _word_starts(t)
        bounds = starts + [len(t)]
        spanning = {at: t[a:b] for a, b in zip(bounds, bounds[1:]) for at in range(a + 1, b)}  # the word around a cut
        for kind, pattern in _ACTOR_PATTERNS:
            for m in pattern.finditer(t):
                team = pattern is _TEAM
                if team and (m.group(1) == "社" and m.start(1) in spanning or m.end() in spanning):
                    continue  # 旅行社, 志愿服务|队伍: the ending inside a longer word
                # the pattern's length limit may start the match inside a word (新疆|塔城市 read from 疆): the
                # phrase starts where that word starts
                start = max((i for i in starts if i <= m.start()), default=m.start())
                phrase, suffix_start = t[start: m.end()], m.start(1) - start
                name = organisation_name(phrase, suffix_start)
                if not _named(name, phrase[suffix_start:], True):
                    # a name with verb-like words (大汉控股集团, 星月党总支) is cut short by the noun run: take what
                    # follows the last function word instead, if that names someone
                    name = _after_last_function_word(phrase)
                    if _ORGANISATION_END.fullmatch(name) or pattern.fullmatch(name) is None:
                        name = _from_proper_head(phrase) or name  # 上海西部企业集团房屋维修有限公司, not 有限公司
                if t[start - 1: start] == "、" and t[m.end(): m.end() + 1] in ("、", "等"):
                    name = phrase  # an item inside a list is whole: 新长征集团、兴远公司、真光公司
                name = _balanced_quotes(_without_lead(_CATEGORY_LEAD.sub("", name), phrase[suffix_start:]), t, m.end())
                if team and (quoted := _QUOTED_TEAM.search(phrase)):
                    # ‘来福汇’为老服务联盟: a coined name in quotes, then what the team does
                    name = _balanced_quotes(phrase[quoted.start():], t, m.end())
                suffix = m.group(0)[m.start(1) - m.start(0):]  # the suffix and a branch after it (…银行…支行)
                name = _JOINED.sub("", name)  # 文化社区党委和海悦物业 → 海悦物业
                if team:
                    name = _BEFORE_QUOTED_TEAM.sub("", name)  # 延吉社工站“文明楼道创全志愿队”: the station is a venue
                inside_longer = any(name in longer for longer in in_sentence)  # 警务学院 in …警务学院学生党支部
                in_sentence.append(name)  # also when seen before: a second mention shields its parts too
                at = max(t.rfind(name, 0, m.end() + 1), 0)
                at += name[:1] in _CLASSIFIERS and at > 0 and t[at - 1] in _NUMERAL_CHARS  # 1424|家珠宝公司
                if _PLURAL_BEFORE.search(t, 0, at) and not _PEOPLE_OF.match(t, m.end()):
                    continue  # 800余支|城市志愿服务队伍, 410多个|党支部: several bodies of a kind, none named
                if m.group(1) in _WEAK_SUFFIXES and (t[m.end(): m.end() + 1] in _OFFICE_AFTER or m.end() in spanning
                                                    and not _COMPANY_WORD.search(spanning[m.end()])
                                                    or _OTHER_BODY_AFTER.match(t, m.end())):
                    continue  # 科技|局, 物业|办: a weak ending inside a longer word or an office's name, not a body
                if spanning.get(m.end()) in _GENERIC_WORDS or _only_mentioned(t, t.rfind(name, 0, m.end() + 1), m.end()):
                    continue  # 精细网格服务|社区: the ending inside a place word; 《…物业管理办法》, 在…中心二楼: not acting
                named = (_team_named(name, suffix) if team else _named(name, suffix, _in_list(t, m.end() - len(name), m.end()))) and not (
                    suffix.endswith("中心") and _COMPANY_INSIDE.search(name[: -len(suffix)]))
                if name in seen or not named or inside_longer:
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
        for name in _coordinated_names(t, [n for n in in_sentence if n in seen]) if in_sentence else []:
            # an item with an organisation's ending the suffix rules did not take (同涞物业: 同 reads as a preposition)
            if name not in seen:
                seen.add(name)
                listed.append(("企业", "", name))
                actors.append(_field(c, s, e, f"企业:{name}"))
    return actors[:16]


# A company's ending inside a centre's name: the company's own unit (新邦城物业公司鹦鹉名邸小区服务中心), listed under
# its company (a foundation or association a company set up, 平安集团公益基金会, is a body of its own).
_COMPANY_INSIDE = re.compile(r"(?:有限公司|公司|集团)(?=[\u4e00-\u9fff])")
_ITEM_BREAK = re.compile(r"[，。；：！？,;:（）()“”《》]")
_PUBLIC_BODY_END = re.compile(r"(?:局|厅|委|办|政府|部|署|站|所|队|院|会|中心|法院|检察院)$")
_PEOPLE_END = re.compile(rf"(?:{_PEOPLE_END_WORDS})$")


# One body's name ending, then a conjunction and the next body (文化社区党委和|海悦物业): the name is the last one.
_JOINED = re.compile(r"^.*(?:党委|党总支|党支部|党工委|居委会|业委会|公司|集团|协会|中心|学院|大学|社工)(?:以及|和|及|与|、)"
                     r"(?=[\u4e00-\u9fff“]{2})")
# A mention that is not the body acting: a document's title (《上海市住宅物业消防安全管理办法》), a venue (在宝山区党建服务中心
# 二楼活动室, 在鞍山六村居委会，她…), a person's background (中国诗歌协会会员, 华东师范大学社会工作与管理硕士). A person's
# post (…社区党委书记X说) is the body acting, as the hand labels count it.
_VENUE_BEFORE = re.compile(r"(?:在|于|到|走进|来到|前往)$")
_VENUE_AFTER = re.compile(r"[，,]|[\d一二三四五六七八九十]+楼|内|里|门口|广场|会议室|活动室|大厅|举行|举办")
# A list of the units a body has under it (下设/下辖/分设 A、B、C): each item is a part of that body.
_SUB_UNITS = re.compile(r"(?:下设|下辖|分设)(?:[^，。；：,;:、]{2,20}、)*$")
_ORIGIN_BEFORE = re.compile(r"来自(?:[^，。；、,;]{2,20}、)*$")  # 来自A、B、C: every item of the list
_BACKGROUND_AFTER = re.compile(r"[^，。；、,;（(]{0,10}?(?:会员|硕士|学士|毕业|校友|本科)|学生|(?:第[一二三四五六七八九十]+)?附属")


def _only_mentioned(sentence: str, start: int, end: int) -> bool:
    """Whether the name at sentence[start:end] is mentioned there, not acting (see _VENUE_BEFORE …)."""
    if start < 0:
        return False
    opened = sentence.rfind("《", 0, start)
    if opened >= 0 and "》" not in sentence[opened:start]:
        return True
    after = sentence[end:]
    if _VENUE_BEFORE.search(sentence[:start]) and _VENUE_AFTER.match(after):
        return True
    if _SUB_UNITS.search(sentence[:start]):
        return True  # 该工作室下设环境卫生志愿服务队、文艺志愿服务队: units of the body before, not bodies acting
    if _ORIGIN_BEFORE.search(sentence[:start]) and not _POST.match(after):
        return True  # 来自西安财经大学的大学生, 来自复旦大学、中国移动等单位的专家: where people come from (来自…书记X: its officer)
    if start >= _outlook_start(sentence):
        return True  # 下一步，…将不断扩充税收志愿服务队伍: a plan, not what was done
    return bool(_BACKGROUND_AFTER.match(after)) or _affiliation_of_person(after)


# A post held in a body (书记, 主任, 负责人, 经理…): its holder speaks and acts in the body's name.
_POST = re.compile(r"书记|主任|负责人|经理|会长|理事长|站长|队长|院长|校长|所长|秘书长|董事长|主席|委员|主管|总监|干部|"
                   r"社工|工作人员|老师|教授|专家|代表|部长|组长|律师|医生|警官")


def _affiliation_of_person(after: str) -> bool:
    """The body is where a person named right after it belongs, with no post in between (…五十中学天鹅湖教育集团
    天鹅湖校区王祎诚激动地说: a pupil's school): a person's background, not the body acting. Only nouns of a unit
    (校区, 分校, 班) may stand between the name and the person; a post before or right after the person's name
    (…党委书记詹丽娜, …服务社汪洋律师) makes the person its officer."""
    at = 0
    for word, tag in posseg_cut(after[:14]):
        if word == "的" and at == 0:
            at += 1  # 同济大学马克思主义学院的吴思颖，是…“实习生”之一: the same, written with 的
            continue
        if tag.startswith("nr") and at == 0 and len(word) == 1:
            return False  # a one-character surname right after the name is rather a word of it
        if tag.startswith("nr"):
            return not _POST.search(after[:at + 6])  # 同心致远服务社汪洋律师: the post may follow the name
        if not tag.startswith(("n", "j", "m")) or tag.startswith("nr") or _POST.search(word):
            return False
        at += len(word)
    return False


def _word_starts(sentence: str) -> list[int]:
    """Where each of the sentence's words starts (the index's tagger)."""
    starts, at = [], 0
    for word, _ in posseg_cut(sentence):
        starts.append(at)
        at += len(word)
    return starts


# Words that cannot open an organisation's name: a verb (指导|祥泰物业, 携|物业, 判决|物业), a preposition or a
# conjunction (在|建岳居委会, 文化社区党委和|海悦物业; 与 joins the parts of one name: 社会与公共管理学院), an
# adverb or a pronoun (a time word may open a name: 新时代).
_LEAD_TAGS = frozenset({"v", "p", "c", "d", "r", "u", "ul", "uj"})


_COUNTED_LEAD = re.compile(r"[一二三四五六七八九十两几数百千多余\d]+[个份家位项名批类种支所座条]")  # 410多个|党支部


def _from_proper_head(phrase: str) -> str | None:
    """The phrase from its first place or organisation name (上海|西部企业集团房屋维修有限公司) when nothing after that
    word is a preposition, conjunction, particle, pronoun or punctuation: one body's name with a verb (维修) in it."""
    words = posseg_cut(phrase)
    for i, (_, tag) in enumerate(words):
        if tag in ("ns", "nt", "nz"):
            rest = words[i:]
            if all(t[:1] not in ("p", "c", "u", "r", "x") for _, t in rest) and len(rest) >= 3:
                return "".join(w for w, _ in rest)
            return None
    return None


_PLURAL_BEFORE = re.compile(r"(?<![第\d一二三四五六七八九十两百千])(?:\d*[02-9]|\d{2,}|[两二三四五六七八九十几数百千多])[余多]?"
                            r"[个家支所座名位批]$")


# People of the body after it (15名“文明楼道创全志愿队”的志愿者): the count counts them, not bodies of a kind.
_PEOPLE_OF = re.compile(rf"[”’]?的[\u4e00-\u9fff]{{0,4}}?(?:{_PEOPLE_END_WORDS}|成员|队员)")
_CLASSIFIERS = "个家支所座名位批"  # the classifiers _PLURAL_BEFORE reads
_NUMERAL_CHARS = "0123456789两二三四五六七八九十几数百千余多"


def _without_lead(name: str, suffix: str) -> str:
    """The name after the last word before its suffix that cannot be part of a name, and after a count
    (6名|居委会, 多个|党支部); ordinals and numbered names stay (第五居民区党总支, 八一居委会)."""
    if not name.endswith(suffix) or len(name) <= len(suffix):
        return name
    prefix, cut, at = name[: -len(suffix)], 0, 0
    previous = ""
    for word, tag in posseg_cut(prefix):
        at += len(word)
        # a verb right before a body's ending names its field (社区治理|研究院, 文明实践|志愿服务队); before an
        # ending that also ends common words it is an act (督促|物业, 判决|物业)
        in_name = tag == "v" and at == len(prefix) and suffix not in _WEAK_SUFFIXES
        if tag in _LEAD_TAGS and word != "与" and previous != "m" and not in_name:  # 790|弄: an address
            cut = at
        elif _verb_phrase(word, tag):
            cut = at  # 消除隐患|居委会工作人员: a verb and its object the tagger fused into one set phrase
        previous = tag
    counted = list(_COUNTED_LEAD.finditer(prefix))
    if counted and not prefix[: counted[-1].start()].endswith("第"):
        cut = max(cut, counted[-1].end())
    return name[cut:]


def _verb_phrase(word: str, tag: str) -> bool:
    """A four-character set phrase (tagged l or i) that is a verb and its object (消除隐患), not a name (运旺)."""
    if tag not in ("l", "i") or len(word) != 4:
        return False
    head, tail = posseg_cut(word[:2]), posseg_cut(word[2:])
    return len(head) == 1 and head[0][1] == "v" and len(tail) == 1 and tail[0][1].startswith("n")


def _coordinated_names(sentence: str, organisations: list[str]) -> list[str]:
    """Names enumerated (A、B、C) with an organisation the sentence already names: 联合上海数字产业发展有限公司、科大讯飞
    and 牡丹九居委、云汇天地、同涞物业携手 name companies by brand, without an organisation's ending. An item counts when
    it is a proper name (a proper-noun, abbreviation or unknown-morpheme word in it), not a place, a person or a
    group of people; the first item starts after the clause's last verb or preposition, the last ends before its
    first verb, preposition or adverb of two characters or more (携手, 共同)."""
    from assistant.sentence_role import tags

    found: list[str] = []
    for clause in _ITEM_BREAK.split(sentence):
        items = [item.strip() for item in clause.split("、")]
        if len(items) < 2:
            continue
        raw = list(items)
        words = tags(items[0], names=True)
        cut = max((i + 1 for i, (_, tag) in enumerate(words) if tag[:1] in ("v", "p", "c", "r", "u", "d")), default=0)
        items[0] = "".join(w for w, _ in words[cut:]).strip()
        words = tags(items[-1], names=True)
        end = next((i for i, (w, tag) in enumerate(words) if len(w) >= 2 and tag in ("v", "p", "c", "d")
                    or w in ("等", "和", "与", "及")), len(words))
        items[-1] = "".join(w for w, _ in words[:end])
        # an item that is (ends with) an organisation named in the sentence; …有限公司在技术创新 is not one
        known = [any(item.endswith(org) or whole.endswith(org) for org in organisations) for item, whole in zip(items, raw)]
        if not any(known):
            continue
        for item, is_known in zip(items, known):
            if is_known or not 2 <= len(item) <= 10 or re.search(r"[\d一二三四五六七八九十]", item):
                continue
            if _PEOPLE_END.search(item) or _PLACE_ENDING.search(item) or find_places(item):
                continue
            ending = next((m.group(1) for p in ACTOR_TYPES.values() if (m := p.fullmatch(item))), None)
            if ending and (len(item) - len(ending) < 2 or item[: -len(ending)] in _GENERIC_WORDS):
                continue  # 居委会, 物业公司: a kind of body, not a name
            if not ending and (_PUBLIC_BODY_END.search(item) or any(p.search(item) for p in ACTOR_TYPES.values())):
                continue  # 外汇局, 检查站: a public body, none of the card's kinds; 居委会精心策划: a body, then more
            item_tags = tags(item, names=True)
            if all(w in _GENERIC_WORDS for w, _ in item_tags) or all(t in ("ns", "nr") for _, t in item_tags):
                continue  # a place or a person (云汇|天地 is neither)
            if not ending and any(len(w) >= 2 and t in ("v", "vn") for w, t in item_tags):
                continue  # 国务院决策部署: a phrase with a verb in it, not a brand
            if any(t in PROPER_FLAGS or t in ("j", "eng", "g", "ng") for _, t in item_tags):
                found.append(item)
    return found


def _funding_fields(sentences: list[Sentence]) -> list[CardField]:
    funding = []
    for c, s, e, t in sentences:
        if not is_funding_sentence(t):
            continue
        amounts = money_amounts(t)
        funders = funder_names(t, funder_organisation)
        if amounts or funders:
            value = "，".join(part for part in ("、".join(amounts), "、".join(funders)) if part)
            funding.append(_field(c, s, e, value))
    return funding


def _chosen_sentences(sentences: list[Sentence], field: str, cap: int,
                      vectors: dict[int, Sequence[float]] | None = None) -> list[CardField]:
    """The sentences the field's classifier (ingest/card_sentences.py) rates at or above its threshold, at most
    `cap` of them (the most probable), in report order. With `vectors` (the e5 vectors of the eligible sentences,
    by index) the field's model over vectors scores them, where it has one (centred on the report's mean vector
    when that model says so: card_sentences.centred_vectors)."""
    from ingest import card_sentences

    eligible = [i for i, (c, s, e, t) in enumerate(sentences) if card_sentences.eligible(t, field)]
    vectors = card_sentences.centred_vectors(field, vectors)
    probs = {i: card_sentences.probability(field, sentences[i][3], i, len(sentences),
                                           vectors.get(i) if vectors is not None else None) for i in eligible}
    bar = card_sentences.threshold(field, vectors is not None)
    ranked = sorted((i for i in eligible if probs[i] >= bar), key=lambda i: -probs[i])
    return [_field(*sentences[i]) for i in sorted(ranked[:cap])]


def _sentence_vectors(sentences: list[Sentence]) -> dict[int, Sequence[float]] | None:
    """The e5 vectors of the sentences any card field may keep (eligible for mechanism or outcomes), by index;
    None when no field's model reads vectors or the embedder is not multilingual-e5-small."""
    from ingest import card_sentences

    if not card_sentences.reads_vectors():
        return None
    wanted = [i for i, (c, s, e, t) in enumerate(sentences)
              if card_sentences.eligible(t, "mechanism") or card_sentences.eligible(t, "outcomes")]
    vectors = card_sentences.sentence_vectors([sentences[i][3] for i in wanted])
    return None if vectors is None else {i: vectors[k].tolist() for k, i in enumerate(wanted)}


def _mechanism_fields(sentences: list[Sentence], vectors: dict[int, Sequence[float]] | None = None) -> list[CardField]:
    return _chosen_sentences(sentences, "mechanism", MECHANISM_MAX, vectors)


def _outlook_start(sentence: str) -> int:
    """Where the sentence's outlook begins: the first clause that opens in the future (下一步，…; 将深化…); its length
    when none does."""
    from assistant.sentence_role import opens_in_future

    starts = [0] + [m.end() for m in re.finditer(r"[，；,;]", sentence)]
    return next((i for i in starts if opens_in_future(sentence[i:]) or _future_clause(sentence[i:])), len(sentence))


def _done_part(sentence: str) -> str:
    """The sentence up to a clause that opens in the future (此次活动取得圆满成功，下一步，社区将…; …表示，将深化…): the
    report's outlook, not what was done, whether it opens the sentence or a later clause; and up to a leader's
    instruction (…部长对…做出详细解读，强调通过…“三大行动”“十项举措”): what ought to be done, not what was."""
    from assistant.sentence_role import opens_in_future

    starts = [0] + [m.end() for m in re.finditer(r"[，；,;]", sentence)]
    cut = next((i for i in starts if opens_in_future(sentence[i:]) or _future_clause(sentence[i:])), len(sentence))
    instruction = _INSTRUCTION.search(sentence)
    return sentence[: min(cut, instruction.start() if instruction else cut)]


# A leader's instruction: 强调 / 指出 introducing what is said (not 重点强调的是 as a noun phrase: a verb, then content).
_INSTRUCTION = re.compile(r"(?:强调|指出)(?=[，：:,]?[\u4e00-\u9fff“])")


def _future_clause(clause: str) -> bool:
    """A clause that opens with the future 将 before a verb (将深化…, 将持续开展…), not the 将 that fronts an object
    (将“连心屋”纳入…, 将本村划分成…: a pronoun, a quote or a noun after it)."""
    if not clause.startswith("将"):
        return False
    words = posseg_cut(clause[:10])
    return len(words) > 1 and words[0][0] == "将" and len(words[1][0]) >= 2 and words[1][1] in ("v", "vd", "vn", "ad", "d", "j")


def _same_count(a: str, b: str) -> bool:
    """One count written twice: the same number and classifier, one noun's characters in order inside the
    other's (20名儿童骨干代表, 20名儿童代表); 五大功能 and 五大阵地 are two counts."""
    ma, mb = _COUNT_PHRASE.search(a), _COUNT_PHRASE.search(b)  # numeral-first (20名儿童代表) or noun-first (网格员322名)
    if ma is None or mb is None or ma.group(0) != mb.group(0):
        return a == b
    short, long = sorted((a[: ma.start()] + a[ma.end():], b[: mb.start()] + b[mb.end():]), key=len)
    return _is_subsequence(short, long)


# A count of buildings that describes the site, not what the practice did: what the site has or is made of
# (有住宅楼67栋, 由四栋商宅两用楼组成), where something lies (位于两栋商品楼之间), a building's number in an address (小区10栋楼顶).
_BUILDINGS = re.compile(r"[栋幢]")
_SITE_BEFORE = re.compile(r"(?:有|由|位于)$")
_SITE_AFTER = re.compile(r"组成|构成|之间|之中")
_ESTATE_BEFORE = re.compile(r"(?:小区|新村|[村苑园里弄])$")
_RESIDENTS = frozenset({"居民", "住户", "业主", "村民", "租户", "居民们"})


def _site_make_up(sentence: str, phrase: str) -> bool:
    at = sentence.find(phrase)
    m = _COUNT_PHRASE.search(phrase)
    if at < 0 or m is None or not _BUILDINGS.search(m.group(0)):
        return False
    before, after = sentence[:at], sentence[at + len(phrase):]
    if _SITE_BEFORE.search(before) or _SITE_AFTER.match(after):
        return True
    if m.start() > 0 or not m.group(0)[:1].isdigit():
        return False
    # a building's number: right after its estate (小区10栋楼顶), or before the people living in it (504栋居民向我们反映)
    residents = posseg_cut(sentence[at + m.end(): at + m.end() + 6])
    return bool(_ESTATE_BEFORE.search(before)) or bool(residents) and residents[0][0] in _RESIDENTS


# A count inside what the practice follows or answers to (对标贯彻市委…“六大工程”, 落实“两个确立”, 违反中央八项规定): a
# programme or a rule of others, named by its count, not what the practice did.
_FOLLOWS = re.compile(r"贯彻|落实|对标|践行|遵守|违反|违背|无视|背离|学习宣传")


def _programme_followed(sentence: str, phrase: str) -> bool:
    at = sentence.find(phrase)
    if at < 0:
        return False
    clause = re.split(r"[，。；：！？,;:]", sentence[:at])[-1]
    verbs = list(_FOLLOWS.finditer(clause))
    # the count is the verb's object: no list in between (…反措落实、…等八个主要方面 counts the items of a list)
    return bool(verbs) and not re.search(r"[、等]", clause[verbs[-1].end():])


# A measure, not a tally of what the practice did: a span of time counted in its unit (连续3个小时, 15个交易日; the
# units of time are a closed class, as the convention leaves out dates and ages), and a rank (全国前5名, 前三位: a
# place in an order, as the convention leaves out ordinals).
_TIME_UNIT = re.compile(r"(?:小时|钟头|分钟|秒钟|工作日|交易日|财年|学年|月|星期|礼拜)")


def _measure_not_tally(sentence: str, phrase: str) -> bool:
    m = _COUNT_PHRASE.search(phrase)
    if m is None or m.start() > 0:
        return False  # noun-first counts (网格员322名) name what they count before it
    if _TIME_UNIT.match(phrase, m.end()):
        return True
    at = sentence.find(phrase)
    if at <= 0 or m.group(0)[-1] not in "名位":
        return False
    before = posseg_cut(sentence[max(0, at - 6): at])
    return bool(before) and before[-1][0] == "前"  # 前 a word of its own: 全国|前|5名, not 目前|两位老人


def _count_fields(sentences: list[Sentence]) -> list[CardField]:
    counts: list[CardField] = []
    for c, s, e, t in sentences:
        for phrase in _count_phrases(_done_part(t)):
            if _site_make_up(t, phrase) or _programme_followed(t, phrase) or _measure_not_tally(t, phrase):
                continue
            if not any(_same_count(phrase, other.value) for other in counts):
                counts.append(_field(c, s, e, phrase))
    return counts[:8]


def _outcome_fields(sentences: list[Sentence], vectors: dict[int, Sequence[float]] | None = None) -> list[CardField]:
    return _chosen_sentences(sentences, "outcomes", OUTCOMES_MAX, vectors)


def extract_card(article: Article, chunks: list[Chunk]) -> Card:
    """One card for one article; fields without evidence are left empty rather than guessed."""
    sentences = _sentences(chunks)
    vectors = _sentence_vectors(sentences)
    year = _year(sentences)
    fields = {
        "practice": _practice_fields(article, sentences),
        "place": _place_fields(article, sentences),
        "year": [year] if year else [],
        "actors": _actor_fields(sentences),
        "funding": _funding_fields(sentences),
        "mechanism": _mechanism_fields(sentences, vectors),
        "counts": _count_fields(sentences),
        "outcomes": _outcome_fields(sentences, vectors),
    }
    return Card(article_id=article.id, title=article.title, source=article.source, published=article.published,
                place=article.place, practices=article.practices, fields=fields)
