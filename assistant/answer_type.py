"""Does a quoted sentence give the kind of fact the question asks, about its subject, under its constraints?

A how-much / how-many / who / when / where question is answered only if one cited sentence gives that
kind of fact (a number with the asked unit, a name, a date, a place), and that sentence — with the
sentences around it and its report's title — satisfies every qualifier of the question: the year, the
ordinal (第N届), the period (一季度, 上半年), the places it names, and most of its key terms (the event).
Same-topic evidence without the asked fact (another year's figure, another accident's toll, a count of
facilities for an amount invested) fails here, and the answer is given as *partial*: what the reports
say, and that the asked fact is not in them. Calibrated in docs/grounding.md.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import lru_cache

from assistant import qualifiers
from assistant.dictionary import common_word, era_names, period_names, proper_word
from assistant.frequency import FREQUENCY_FACT, asks_frequency
from assistant.count_binding import ABOUT, bare_figure, counts_noun, counts_people
from assistant.numerals import CN_NUMERAL, DIGITS, PLACEHOLDER
from assistant.qualifiers import unquoted
from assistant.glossed import known_word, said_otherwise, same_sense, verbal
from assistant.grounding import EVIDENCE_PASSAGES, contains_place, covers, names_division, partial_cover
from assistant.query import Term
from assistant.naming import (body_in_slot, has_person_or_org, named_by_role, named_of_kind, names_a_person,
                              names_organisation, person_role, place_tagged)
from assistant.person_names import TITLES, names_person
from assistant.question import CLASSIFIERS, FactKind, Question, noun_phrase
from assistant.records import AnswerTypeReport, Citation, Passage
from assistant.semantic import Similarity
from assistant.slot import asked_subject, fills_both_sides
from ingest.chunk import sentence_spans
from vectorstore.keyword import PERSON_FLAGS, PROPER_FLAGS, posseg_cut
from vectorstore.script import has_chinese, is_chinese

# Share of the question's key terms (idf-weighted as in grounding) the window must show: the event.
WINDOW_COVERAGE = 0.5
# A question asked as a noun phrase (question.noun_phrase: 2023春运首日旅客发送量) is all qualifiers of its last noun:
# its window must show more of it. Set on RGB dev half A (the highest share costing no rgb-all answer there: 0.6–0.75
# change nothing on A, 0.8 loses an answer), checked on half B (+1 refusal) and on MRC questions asked as noun
# phrases (bench/mrc_noun_phrases.py: calibration +1, held-out +3 refusals, no answer lost; docs/grounding.md).
NOUN_PHRASE_COVERAGE = 0.7
# A sentence the composer did not quote must show more of the question to be quoted for the asked fact.
FOUND_COVERAGE = 0.75
# Share of the key terms the fact-bearing sentence itself must show: the number is said of the asked thing.
SENTENCE_COVERAGE = 0.4
# Or the sentence is that close in meaning to the question (semantic.py: e5 cosine, question as query):
# it shows the event in other words (挖掘出 for 发掘). The qualifiers (year, ordinal, period, place) and the
# fact's kind stay hard. Calibrated on the pool's calibration questions (docs/grounding.md).
EVENT_SIMILARITY = 0.92

# The checks a quoted sentence can fail (TypeCheck.reason), and the two vetoes outside this module: the learned
# judge (judge.supports) and the refusal of a question naming a place or name no passage shows (grounding).
SENTENCE_CHECKS = ("type", "year", "place", "focus", "event", "sentence", "ordinal", "period", "name", "number",
                   "time")
VETOES = (*SENTENCE_CHECKS, "judge", "entity", "agree")
_OFF: ContextVar[frozenset[str]] = ContextVar("checks_off", default=frozenset())


@contextmanager
def checks_off(names: Iterable[str]) -> Iterator[None]:
    """Within the block, `qualifies` (and so `check`, `find_fact`, the picker) skips the named sentence checks
    (Settings.answer.checks_off: GONGZHI_CHECKS_OFF; bench/veto_ablation.py). Unknown names are an error."""
    names = frozenset(names)
    if unknown := names - set(VETOES):
        raise ValueError(f"unknown checks {sorted(unknown)}; known: {', '.join(VETOES)}")
    token = _OFF.set(names)
    try:
        yield
    finally:
        _OFF.reset(token)


# Digits or numeral characters (几 anywhere: 几户 answers 多少户 as vaguely as it is asked), or an approximate numeral
# (数百, 十几: numerals.CN_NUMERAL).
_NUMERAL = rf"(?:\d+(?:[.,]\d+)*|(?:[{DIGITS}零〇几]|{PLACEHOLDER})+)"
# 起 counts incidents after a question word (多少起纠纷; left out of CLASSIFIERS for the adverb 一起).
_ASKED_UNIT = re.compile(rf"(?:多少|几|哪一?)\s*([{CLASSIFIERS}集号起])")
# A unit in Latin letters after the question word (多少K, 多少MB, 多少km): the figure is written in it.
_LATIN_UNIT_ASKED = re.compile(r"多少\s*([A-Za-z]{1,5})(?![A-Za-z])")
# Years counted or named (几年, 多少年, 民国几年): a number before 年 answers, which the count pattern leaves to dates.
_YEARS_ASKED = re.compile(r"(?:几|多少)\s*年(?!级|代|龄|纪)")
# Measure words that count the same thing (closed classes of the grammar): people in 人, 名, 位; times in 次, 回, 趟, 遍;
# incidents and cases in 起, 件, 宗, 例.
_SAME_COUNTER = ("人名位", "次回趟遍", "起件宗例")


def counter_of(unit: str) -> str:
    """The pattern of the measure words a figure may use for an asked unit: 名 → [人名位], 几回 → [次回趟遍]."""
    same = next((group for group in _SAME_COUNTER if unit in group), unit)
    return f"[{same}]" if len(same) > 1 else re.escape(same)
_COUNT_FACT = re.compile(rf"\d+(?:[.,]\d+)*{ABOUT}(?![年月日号时])[\u4e00-\u9fff%％]|"
                         rf"{CN_NUMERAL}{ABOUT}[{CLASSIFIERS}]")
_MONEY_FACT = re.compile(rf"{_NUMERAL}{ABOUT}(?:元|美元|欧元|英镑|日元|港元|块钱)")
_RATE_FACT = re.compile(r"\d+(?:\.\d+)?\s*[%％‰]|百分之|[一二两三四五六七八九十]成|\d+(?:\.\d+)?\s*个百分点|\d+(?:\.\d+)?倍")
# What a rate question's answer may also say (gives_fact; the judge's features keep _RATE_FACT): a fraction (三分之一,
# 1/3), a half (一半, 半数) or a ratio (1:1的比例, 比例为3:7, 三比七).
_SHARE_FACT = re.compile(r"[一二两三四五六七八九十百千万\d]+分之[一二三四五六七八九十\d]+|(?<![\d/])\d{1,3}\s*/\s*\d{1,3}(?![\d/])|"
                         r"一半|半数|过半|大半|\d{1,3}\s*[:：比]\s*\d{1,3}\s*(?:的)?\s*比例|比例\s*(?:为|是)?\s*\d{1,3}\s*[:：]\s*\d{1,3}|"
                         r"(?<!\d)\d{1,3}\s*比\s*\d{1,3}(?!\d)|[一二三四五六七八九十]比[一二三四五六七八九十]")
_DATE_FACT = re.compile(r"(?<![\d.])(?:1\d|20)\d{2}\s*年|公元前?\s*\d{1,4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|"
                        r"\d{1,2}\s*月(?:份|初|底|中旬|上旬|下旬)?|"
                        r"[一二三四五六七八九十]+月|[一二三四五六七八九十]+日|今年|去年|前年|明年|昨天|今天|当天|"
                        r"上午|下午|晚上|凌晨|周[一二三四五六日]|星期|春节|国庆|元旦|年初|年底|年末|\d{1,2}日")
# A time given as a span of history (12世纪, 300-50万年前, 殖民主义时期, a decade: 三十年代; 1950年代 is a year already), a season (晚春,
# 初夏, 冬季) or a period's name from the dictionary (唐朝, 战国, 中世纪, 嘉靖: dictionary.period_names): a
# when-question's answer as much as a date.
_ERA_FACT = re.compile(r"(?:\d+|[一二三四五六七八九十]+)\s*世纪|世纪(?:初|末|中叶|之交)|[\u4e00-\u9fff]{2,6}时期|"
                       r"(?<![\d一二三四五六七八九十])(?:\d0|[二三四五六七八九]十)\s*年代|"  # a decade: 90年代, 三十年代
                       r"[早晚初暮深][春夏秋冬]|[春夏秋冬](?:季|天|末)|"
                       r"(?:\d+(?:\.\d+)?|[一二三四五六七八九十百千几数]+)\s*(?:[-—~至到]\s*\d+(?:\.\d+)?\s*)?[万亿]?多?年前")


# A year before 1000 (476年, 西元965年) is a date where it opens a clause or follows a preposition of time (于, 在, 至, 从…,
# a closed class) or 西元: after a verb or an adverb it counts years (历经149年, 持续了300年, 近100年).
_EARLY_YEAR = re.compile(r"(?:^|(?<=[，,。；;：:、（(\s于在至到从自])|西元\s*)\d{3}\s*年(?![代龄级纪来间前后多])")


def gives_date(text: str) -> bool:
    """Does the text give a time: a date (_DATE_FACT, or a year before 1000 where a date stands: _EARLY_YEAR), a span
    of history or a season (_ERA_FACT), a period's name, or a year of a reign or calendar era (宣统三年, 民国39年:
    dictionary.era_names)?"""
    return bool(_DATE_FACT.search(text) or _ERA_FACT.search(text) or _EARLY_YEAR.search(text)) or any(
        name in text for name in period_names()) or any(
        re.search(rf"{name}\s*(?:元|[一二三四五六七八九十]{{1,3}}|\d{{1,3}})\s*年", text)
        for name in era_names() if name in text)


_PLACE_FACT = re.compile(r"在[\u4e00-\u9fff]{2,12}(?:举行|举办|召开|开幕|发生|落户|建成|开展)|"
                         r"[\u4e00-\u9fff]{1,8}(?:省|市|县|区|镇|乡|村|街道|国|州|岛|路|馆|中心|广场|体育场)")
_ORDINAL_ASKED = re.compile(r"第\s*几")
# A rank asked (排第几, 排名第几, 第几名, 名次): answered by 第N after a verb of ranking (a closed class).
_RANK_ASKED = re.compile(r"排名?\s*第\s*几|位列\s*第\s*几|名列\s*第\s*几|位居\s*第\s*几|第\s*几\s*名|名次")
_RANKING = r"(?:排名|排行|排|位列|名列|位居|列|居|获得?|荣获|夺得)"
# A character right after 几/多少 that is no measure word nor a unit of time (几朝, 几国): it counts in itself.
_NOUN_AS_UNIT = re.compile(rf"(?<!哪)(?:多少|几)\s*([^{CLASSIFIERS}年月日天周时分秒号岁成\W\dA-Za-z_])")
# The verbs linking a subject to its figure (有, 为, 达, 约, 共): 人口达300万.
_LINK = r"(?:有|为|达|约|共|是|计|超过|逾|近)"
_ASKED_LOCATIVE = re.compile(r"[在于]哪")
_DURATION_ASKED = re.compile(r"多久|多长时间|how long", re.I)
# The measure word 个 may stand before a unit of time (五个小时, 两个星期, 三个钟头), as it does before 月.
# 一个多月, 两个半小时: 多 or 半 between the measure word and the unit; 数天, 数十年: an approximate numeral; a span given
# by its ends (3月1日至4月30日, 6月初至7月初) says how long as well.
_DURATION_UNIT = r"(?:天|周(?!年)|个?[多半]?星期|个[多半]?月|年|个?[多半]?小时|个?[多半]?钟头|分钟|秒)"
_DURATION_FACT = re.compile(rf"(?<![\d.])(?!(?:19|20)\d\d年)\d{{1,3}}(?:\.\d+)?{ABOUT}{_DURATION_UNIT}|"
                            rf"[一二两三四五六七八九十百几半数]+{ABOUT}{_DURATION_UNIT}|"
                            r"\d{1,2}\s*月\s*(?:\d{1,2}\s*日|[初中底]|上旬|中旬|下旬)?\s*(?:至|到|—|–|-|~)\s*"
                            r"(?:\d{1,2}\s*月\s*)?(?:\d{1,2}\s*日|[初中底]|上旬|中旬|下旬)")
# A locative and the words after it: where something is, is held or happened (在古北市民中心举行, 于浦东新区),
# or the verbs of going into a place (a closed class: 走进, 走入, 进入 — 活动走进某党群服务中心).
_LOCATIVE = re.compile(r"(?:在|位于|坐落于|座落于|于|赴|到|来到|落户|走进|走入|进入)([^，。；：,;]{1,14})")
# A figure for part of a year (一季度, 上半年, 1-5月) does not answer a question that names no such period.
_SUB_PERIOD = re.compile(r"季度|[上下]半年|前[一二三四五六七八九十\d]+个?月|\d+\s*[-—~至到]\s*\d+\s*月|"
                         r"[一二三四五六七八九十]+至[一二三四五六七八九十]+月")
_PERSON_ASKED = re.compile(r"叫什么名字|名字|姓名|是谁|\bwho is\b", re.I)
_NAME_WORD = re.compile(r"名字|姓名")
# 哪位 (a measure word for persons) asks for a person of the kind its noun says (哪位主政者): a person named in the
# sentence answers it, whether or not the sentence repeats the kind.
_WHICH_PERSON = re.compile(r"哪一?位")
# 是谁 asked of a country, a city or a body (…的牵头单位是谁, …的轮值主席国是谁): a place or an organisation answers it.
_ASKED_COLLECTIVE = re.compile(r"(?:国|市|省|城|队|公司|集团|机构|组织|单位)是谁")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_ORDINAL = re.compile(r"第\s*([一二三四五六七八九十百零〇\d]+)\s*([届次期季轮批个])")
# A rank as what a clause ends in (得了第一, 拿了第一名？): an ordinal with no measure word, or with 名 (a place in a
# ranking), before a mark or the end — the place in the ranking the answer holds.
_RANK_PLACED = re.compile(r"(第[一二三四五六七八九十\d]+)(?=名?\s*(?:[？?。，,！!；;]|$))")
_PERIOD = re.compile(r"(?:第?[一二三四1-4]|前[一二三1-3])季度|[上下]半年|全年|年初|年底|(?:[1-9]|1[0-2])\s*[-—~至到]\s*"
                     r"(?:[1-9]|1[0-2])\s*月|[一二三四五六七八九十]{1,2}\s*[-—~至到]\s*[一二三四五六七八九十]{1,2}\s*月")
_COMPARED = re.compile(r"(?:比|较之?|相比)\s*$")
_DIGIT_OF = {"1": "一", "2": "二", "3": "三", "4": "四"}


@dataclass
class TypeCheck:
    ok: bool
    expected: FactKind | None  # the kind of fact asked (count, money, rate, who, when, where, fact) or None
    reason: str = ""  # why no cited sentence qualifies: type, year, focus, ordinal, period, place, event, sentence
    found: "Found | None" = None  # ok thanks to a retrieved sentence the composer did not quote

    def as_report(self) -> AnswerTypeReport:
        expected = None if self.expected is None else self.expected.value  # the JSON holds plain strings
        return AnswerTypeReport(expected=expected, ok=self.ok, reason=self.reason, added=self.found is not None)


def names_sub_period(sentence: str) -> bool:
    """Does the sentence name a part of a year (一季度, 上半年, 1-5月) a figure may be of? Not after 每 (每季度, 每半年,
    每个季度): a distributive says how often, it names no period."""
    return any(not re.search(r"每\s*(?:个|隔)?\s*$", sentence[max(0, m.start() - 3):m.start()])
               for m in _SUB_PERIOD.finditer(sentence))


def _normal_period(text: str) -> str:
    """第一季度, 1季度 → 一季度; 1-5月 → 1-5月 (spaces and dashes unified)."""
    text = re.sub(r"\s+", "", text).replace("第", "")
    text = re.sub(r"[—~至到]", "-", text)
    return re.sub(r"([1-4])季度", lambda m: _DIGIT_OF[m.group(1)] + "季度", text)


def person_asked(asked: Question) -> bool:
    """Does the question ask for a person's name (叫什么名字, 队长是谁, who is, and 叫什么 said of a person's role:
    党支部书记叫什么)? Not a cleft "钱是谁掏的", "是谁向…提出来的": that asks who did it, and an organisation (业委会,
    信访局) answers it as well; not 叫什么 said of a thing (这个项目叫什么: its name is no person's)."""
    question = asked.normalised
    if _NAME_OF.search(question) and not _PERSON_ASKED.search(question):
        return _role_noun(named_noun(question))
    return (bool(_PERSON_ASKED.search(question)) and not _ASKED_COLLECTIVE.search(question)
            and not (asked.cleft_agent and not _NAME_WORD.search(question)))


# 叫什么 / 叫啥 without 名字: the name of whatever the noun before it is (书记叫什么, 这个品牌叫什么).
_NAME_OF = re.compile(r"叫(?:什么|啥)")
# What a person-asking question word is said of: the noun before it (书记叫什么, 队长是谁, 负责人的名字).
_NAMED_BY = re.compile(r"叫(?:什么|啥)|是谁|的?(?:名字|姓名)")


def named_noun(question: str) -> str:
    """The noun whose name 叫什么 / 是谁 / 名字 asks (党支部书记 of 党支部书记叫什么, 书记 of 党总支的书记现在叫什么):
    the last word jieba tags as a noun before it, over adverbs and particles; "" when none stands there."""
    m = _NAMED_BY.search(question)
    if m is None:
        return ""
    words = [(w, f) for w, f in posseg_cut(question[:m.start()])
             if not (f[:1] in {"d", "u", "y", "c"} or w in {"又", "都", "也"})]
    if len(words) >= 2 and len(words[-1][0]) == 1 and words[-2][1][:1] == "n":  # 邻里/n 长/a: a title jieba cut
        return words[-2][0] + words[-1][0]
    return words[-1][0] if words and words[-1][1][:1] in {"n", "j"} else ""


def asked_role(asked: Question) -> Term | None:
    """The person's role whose holder a who-question asks (党支部书记 of 某中心党支部书记叫什么), as a term found
    in a sentence by the whole role or its title (书记): None when the noun asked of is no person's role."""
    noun = named_noun(asked.normalised) if asked.chinese else ""
    if not _role_noun(noun):
        return None
    return Term(noun, (noun, *(t for t in TITLES if noun.endswith(t) and t != noun)), entity=False, pos="n")


def _role_noun(noun: str) -> bool:
    """A person's role (naming.person_role) that is a word: one a dictionary knows (书记, 建筑师), one ending in a
    title (社区书记), or a known word and the agentive head jieba cut off it (邻里 长) — not a string jieba's HMM
    guessed across words (水道人 of 通过西北水道的人)."""
    return person_role(noun) and (known_word(noun) or any(noun.endswith(t) for t in TITLES)
                                  or noun[-1:] in "长员师" and known_word(noun[:-1]))


def without_question(text: str, question: str, terms: list[Term]) -> str:
    """The text with what the question itself says blanked: its terms, its numbers (272号楼, 第十一届) and the
    titles it quotes (“一元众筹”) are not the asked fact, however much they look like a name, a place or a count."""
    quoted = {m.group(0)[1:-1] for m in qualifiers.QUOTED.finditer(question) if len(m.group(0)) > 3}
    # a number is blanked by the number rule below (with its measure word), not as a term
    for alt in sorted({a for t in terms for a in t.alternatives if len(a) >= 2 and not a.isdigit()} | quoted,
                      key=len, reverse=True):
        if alt in text:  # a term right after a digit continues that figure (哪一年底 against 2014年底: 年底 holds its 年)
            text = re.sub(rf"(?<!\d){re.escape(alt)}", "□" * len(alt), text)
    for number in sorted(set(re.findall(r"\d+", question)), key=len, reverse=True):
        if number not in text:
            continue
        # the question's 13位 is not the sentence's 13名: a number with another measure word is another quantity
        units = "".join(sorted({m.group(1) for m in re.finditer(rf"(?<!\d){number}(?:余|多)?([{CLASSIFIERS}])",
                                                                 question)}))
        other = rf"(?!(?:余|多)?(?![{units}])[{CLASSIFIERS}])" if units else ""
        text = re.sub(rf"(?<!\d){number}(?!\d){other}", "□" * len(number), text)
    return text


def titled_kind(head: str, sentence: str, question: str) -> bool:
    """Does the sentence write a work's 《title》, not the question's, beside the asked kind (节目《有话好说》, 《三体》电视剧):
    the title names a thing of that kind? (《…》 marks a title: a closed class of punctuation.) Read by the who / where
    check of a 哪档节目 question's answer, not by the composer's order of a which-answer: a sentence naming another work
    of the kind (其作品《庭院深深》) is no nearer the asked event for it."""
    beside = re.findall(rf"{re.escape(head)}\s*(《[^》]+》)|(?=(《[^》]+》)\s*{re.escape(head)})", sentence)
    return any(title and title not in question for pair in beside for title in pair)


def names_kind(head: str, sentence: str, terms: list[Term], question: str = "") -> bool:
    """Does the sentence name a thing of the asked kind (a word ending as the head noun does: 体育馆 for
    场馆, 某某有限公司 for 公司) other than the question's own words?"""
    own = {a for t in terms for a in t.alternatives}
    if _TIME_HEAD.search(head):  # 在哪个时代, 哪一个朝代: a time, which a date or a period names (1950年代, 唐朝)
        return gives_date(without_question(sentence, question, terms))
    if re.search(rf"[、和与及][^，。；]{{0,20}}等{re.escape(head)}", sentence):  # 上海宾馆、平安养老保险等单位
        return True
    sentence = unquoted(sentence)  # “长江文化”, 《…》: a theme or a title, not the place or body asked for
    if head in _PLACE_KINDS or head[-1:] == "人" and head[:-1] in _PLACE_KINDS:  # 哪个国家 → 卡塔尔: any place
        return any(flag == "ns" and word not in own for word, flag in posseg_cut(sentence)) or (  # (哪国人)
            _located(without_question(sentence, question, terms)))  # or a name after a locative (在多伦多)
    if _COLLECTIVE_KIND.search(head) and (names_organisation(sentence, question)
                                           or body_in_slot(head, sentence, question)):
        return True  # 哪家机构 → 某某公益发展中心, 哪家文明单位 → 某某国际公司: a body of any kind
    own_words = [a for a in own if len(a) >= 2 and a != head]  # 物业公司 of 某物业…哪家公司: the asked-about one, not the answer
    return any(len(word) >= 2 and word.endswith(head[-1]) and word not in own and word != head
               and not any(a in word for a in own_words) for word, _ in posseg_cut(sentence)) or (
        named_of_kind(head, sentence, question))


# A head noun naming a span of time (在哪个时代, 哪一个朝代): its answer is a time.
_TIME_HEAD = re.compile(r"(?:时代|时期|时候|年代|世纪|朝代|年份|日期|时段|季节)$")
# The hypernyms of bodies (a closed class): what a 哪家单位/机构 question asks for is named as any body is
# (…公司, …中心); a specific kind (哪家公司, 哪家医院) is named as that kind (names_kind's suffix rule).
_COLLECTIVE_KIND = re.compile(r"(?:单位|机构|组织|团体)$")
_PLACE_KINDS = frozenset({"国家", "国", "城市", "城", "地方", "地区", "省份", "省", "市", "区", "县", "地点"})


def gives_fact(expected: str, text: str, question: str, person: bool | None = None,
               counted: tuple[str, ...] = (), plain: str = "") -> bool:
    """Does this text (the question's own words blanked) hold a fact of the expected kind?
    person: a who-question asks for a person's name (person_asked); by default, when it says 是谁 or 名字.
    plain: the text before blanking (as long as it): a name beside a title (person_names) is read there.
    counted: of a count, the nouns its question word counts (Question.asked_noun: 乐队 of 乐队共有几只)."""
    if expected == "money":
        return bool(_MONEY_FACT.search(text))
    if expected == "count":
        if asks_frequency(question):  # 多久开一次: a rate of recurrence (每季度, 一年两次), not a length of time
            return bool(FREQUENCY_FACT.search(text))
        if _DURATION_ASKED.search(question):  # 多久: a length of time (3天, 两个月), not an age or a date
            return bool(_DURATION_FACT.search(text))
        unit = _ASKED_UNIT.search(question)
        if _ORDINAL_ASKED.search(question):  # 第几次: an ordinal (第三次, 首次), not a count (两次)
            counter = unit.group(1) if unit is not None else f"[{CLASSIFIERS}]"
            # a rank (排第几, 第几名): 第N after a verb of ranking (排名第八, 位列第三), with or without its measure word
            ranked = _RANK_ASKED.search(question) and re.search(rf"{_RANKING}\s*第\s*{_NUMERAL}", text)
            return bool(ranked or re.search(rf"第\s*{_NUMERAL}\s*{counter}|首\s*{counter}", text))
        if unit is not None and unit.group(1) != "个":  # 多少户 → a number of 户 (1万余户 too)
            # or in the last character of the noun counted, used as the measure word (乐队…几只 → 10队)
            heads = "".join(dict.fromkeys(n[-1] for n in counted if len(n) >= 2 and is_chinese(n)))
            counter = counter_of(unit.group(1)) if not heads else f"(?:{counter_of(unit.group(1))}|[{heads}])"
            # or in another measure word of the noun counted, bound to it (几部电梯 → 电梯15台, 12台电梯)
            # or a figure that ends its clause without a measure word, the counted unit said before it as the
            # clause's subject (说勉语的人约有150万, 人口达300万: 多少人)
            elided = re.search(rf"{counter}[^，,。；;：:□\d]{{0,6}}?{_LINK}[^，,。；;\d□]{{0,2}}?{_NUMERAL}{ABOUT}"
                               rf"(?=[，,。；;）)]|$)", text)
            return bool(re.search(rf"{_NUMERAL}{ABOUT}{counter}", text) or elided) or counts_noun(counted, text)
        # 多少K: a figure in that unit; 几年, 多少年: a number of years (3年), or a year of an era (民国19年)
        pattern = _fact_pattern(expected, question)
        # 历仕几朝: a noun right after the question word, used as its measure word (三朝), as a classifier would be
        noun = _NOUN_AS_UNIT.search(question)
        return bool(pattern is not None and pattern.search(text)) or bool(
            noun and re.search(rf"{CN_NUMERAL}{ABOUT}{noun.group(1)}", text))
    if expected == "rate":
        return bool(_RATE_FACT.search(text) or _SHARE_FACT.search(text))
    if expected == "when":
        return gives_date(text)
    if expected == "who":
        if (person if person is not None else _PERSON_ASKED.search(question)) and not _ASKED_COLLECTIVE.search(question):
            return names_a_person(text, plain, person=True)
        return has_person_or_org(text) or bool(plain) and names_person(plain, text)
    if expected == "fact":
        return True
    if expected == "where":
        if _ORIGIN_ASKED.search(question) and gives_origin(text):  # 哪里人: 湖广公安人, 意大利人
            return True
        if _ASKED_LOCATIVE.search(question):  # 在哪里举行: where it is held, after a locative in the sentence
            return _located(text) or beside_place(text) or bool(plain) and _verb_placed(question, plain, text)
        return (bool(_PLACE_FACT.search(text)) or any(f == "ns" for _, f in posseg_cut(text)) or _located(text)
                or beside_place(text) or bool(plain) and _verb_placed(question, plain, text))
    return True


# A person's place of origin asked (哪里人, 哪国人, 哪个国家的人, 籍贯): the noun after the place interrogative is 人.
_ORIGIN_ASKED = re.compile(r"(?:哪里|哪儿|哪国|何地|何处|哪(?:一)?(?:个)?(?:国家|地方|省份?|城市|国|地区)的?)人(?![口员士物们数群])|籍贯")
# A demonym (a place and 人): a word or clause of its own ending in 人 before a mark (，湖广公安人。意大利人，).
_DEMONYM = re.compile(r"([\u4e00-\u9fff]{2,8})人(?=[，,。；;、）)]|$)")


def gives_origin(text: str) -> bool:
    """Does the text give where a person is from: a demonym whose place is a name (jieba ns/nz: 意大利人), or an
    appositive clause of its own, a noun phrase ending in 人 (，湖广公安人。: a biography's origin)?"""
    for match in _DEMONYM.finditer(text):
        stem = match.group(1)
        if "□" in stem:
            continue
        words = posseg_cut(stem)
        if any(flag[:1] == "m" for _, flag in words):
            continue  # 一行人, 两人: people counted
        clause = match.start() == 0 or text[match.start() - 1] in "，,。；;：:（(、"
        if clause and all(flag[:1] in {"n"} for _, flag in words) or any(flag in {"ns", "nz"} for _, flag in words):
            return True
    return False


_PLACE_NOUN_FLAGS = frozenset({"n", "s", "ns", "nz", "nt", "nl", "ng"})


def _verb_placed(question: str, plain: str, blanked: str) -> bool:
    """Of a where-question asking where something does what its verb says (居住在什么地方, 存在于哪里): does the
    sentence say so with a verb of its own sharing a character with the question's (栖居于, 存在于), then 于 or 在
    and a noun (珊瑚礁斜坡水域, 学校以及公园) that is not the question's? A noun after the asked verb's preposition is
    where, whether or not it is a place name. blanked: the sentence with the question's words blanked."""
    asked = posseg_cut(question)
    verbs = [w for (w, f), (nxt, g), (after, _) in zip(asked, asked[1:], asked[2:])
             if f[:1] in {"v", "i"} and len(w) >= 2 and nxt in {"于", "在"} and g == "p"
             and after[:1] in {"什", "哪"}]
    if not verbs:
        return False
    words, at = posseg_cut(plain), 0
    spans = []
    for (word, flag), (nxt, g) in zip(words, words[1:]):
        if flag[:1] in {"v", "i"} and nxt in {"于", "在"} and g == "p" and any(set(word) & set(v) for v in verbs):
            spans.append(at + len(word) + 1)
        at += len(word)
    for start in spans:
        clause = re.split(r"[，。；：,;！？!?]", blanked[start:])[0]
        if any(f in _PLACE_NOUN_FLAGS and len(w) >= 2 and "□" not in w for w, f in posseg_cut(clause)):
            return True
    return False


# Localisers of space only (a closed class of the grammar): 上, 下, 中, 前, 后, 内 also say a time or a circumstance.
_BESIDE = frozenset({"旁", "旁边", "附近", "周边", "对面", "隔壁", "边上"})
_BESIDE_FLAGS = frozenset({"n", "ns", "nz", "nt", "nl", "l", "s"})


def beside_place(text: str) -> bool:
    """Does the text name a spot by a noun and a localiser of space after it (老年活动中心旁的一片空地, 学校附近): where
    something is, though no locative precedes it (将…中心旁的空地打造成共享花园)? Not the question's own noun (□)."""
    words = posseg_cut(text)
    return any(word in _BESIDE and len(before) >= 2 and flag in _BESIDE_FLAGS and "□" not in before
               for (before, flag), (word, _) in zip(words, words[1:]))


def _located(text: str) -> bool:
    """Does the text name a place after a locative (在古北市民中心举行, 于浦东新区): a place name (jieba ns, or nz for
    a run jieba does not split) or a word of a place kind (…中心, …路) within the words that follow it?"""
    found = list(_LOCATIVE.finditer(text))
    spans = [m.span(1) for m in found]
    if not spans:
        return False
    if any(_PLACE_FACT.search(text[a:b]) for a, b in spans):
        return True
    # 位于, 坐落于 say only where a thing lies: a name right after them is a place, whatever jieba tags it
    # (位于西布里奇福德: 布里奇/nr)
    sited = [m.span(1) for m in found if m.group(0).startswith(("位于", "坐落", "座落"))]
    # 在王敏带领下, 在王敏的发言中, 在王敏看来: a circumstance framed by a localiser, not a place
    framed = [(a, b) for a, b in spans if any(f == "f" and w in {"下", "中"} or w == "看来"
                                              for w, f in posseg_cut(text[a:b]))]
    at = 0
    words = posseg_cut(text)
    for i, (word, flag) in enumerate(words):
        if any(a <= at < a + 3 for a, _ in sited) and flag in PROPER_FLAGS and len(word) >= 2:
            return True
        if any(a <= at < b for a, b in spans) and (flag in {"ns", "nz"} or (
                # a word CC-CEDICT knows as a proper noun, whatever jieba tags it (在周口店亦有: 周口店/n)
                proper_word(word) and not any(a <= at < b for a, b in framed)) or (
                # jieba tags some foreign place names as persons (莫斯科, 多伦多): a "name" after a locative
                # names a place (在莫斯科音乐厅, 在多伦多、温哥华均设有), unless a localiser frames a
                # circumstance around it (在王敏带领下, 在王敏的帮助下)
                flag in PERSON_FLAGS and len(word) >= 2 and (
                    i + 1 < len(words) and words[i + 1][1] in {"n", "ns", "nt", "nz", "f", "s"}
                    or not any(a <= at < b for a, b in framed)))):
            return True
        at += len(word)
    return False




# Figures only: a when-question's year qualifies the event, and its date may fall in another year
# (2022年考研 is sat in December 2021).
_FACT_PATTERNS = {"money": _MONEY_FACT, "count": _COUNT_FACT, "rate": _RATE_FACT}


def _fact_pattern(expected: str, question: str) -> re.Pattern | None:
    """The figures that may answer the question, as gives_fact reads them: of a count asked in years (几年) or
    in a Latin unit (多少K), numbers in that unit; else the kind's pattern (None: not a figure)."""
    if expected == "count" and asks_frequency(question):
        return FREQUENCY_FACT
    if expected == "count" and (latin := _LATIN_UNIT_ASKED.search(question)):
        return re.compile(rf"\d(?:[\d.,]*\d)?\s*{re.escape(latin.group(1))}(?![A-Za-z])")
    if expected == "count" and _years_asked(question) and not _ASKED_UNIT.search(question):
        return re.compile(rf"{_NUMERAL}{ABOUT}年")
    return _FACT_PATTERNS.get(expected)


def _years_asked(question: str) -> bool:
    """Does the question count or name years (几年, 多少年, 民国几年)? 年 must be a word of its own or one with the
    question word, as jieba cuts it: not the first character of another word (多少年轻人 counts people, 几年级)."""
    if not _YEARS_ASKED.search(question):
        return False
    words = [w for w, _ in posseg_cut(question) if w.strip()]
    return any(re.fullmatch(r"(?:几|多少)年", w) or w in {"几", "多少"} and i + 1 < len(words) and words[i + 1] == "年"
               for i, w in enumerate(words))


def _year_bound(expected: str, question: str, sentence: str) -> bool:
    """A figure is qualified by the year and the period written before it in its sentence (2023年全年新增120户，
    多于2022年; 从2022年第四季度的80名增加到300名 gives no first-quarter figure): some figure of the asked kind
    must follow the asked year and period, or none at all (then the window decides)."""
    asked = set(YEAR.findall(question))
    asked_periods = {_normal_period(p) for p in _PERIOD.findall(question)}
    pattern = _fact_pattern(expected, question)
    if not (asked or asked_periods) or pattern is None:
        return True
    # a year after a comparative (比2020年高5.8个百分点, 较2019年) is the base compared with, not the figure's year
    years = [(m.start(), m.group(1)) for m in YEAR.finditer(sentence)
             if not _COMPARED.search(sentence, 0, m.start())]
    periods = [(m.start(), _normal_period(m.group(0))) for m in _PERIOD.finditer(sentence)]
    for fact in pattern.finditer(sentence):
        if YEAR.fullmatch(fact.group(0).rstrip("年 ")):
            continue
        before = [year for at, year in years if at < fact.start() and not (at <= fact.start() < at + 5)]
        period = [p for at, p in periods if at < fact.start()]
        if (not asked or not before or before[-1] in asked) and (
                not asked_periods or not period or period[-1] in asked_periods):
            return True
    return False


def _place_bound(expected: str, terms: list[Term], sentence: str, home: str = "", question: str = "") -> bool:
    """A figure is said of the place written last before it in its sentence (除了香港，台湾地区…增长6.28%: 台湾's
    figure): of a question naming a place, some figure of the asked kind must follow one of its places, a place
    of the report's own (home: Passage.place), or no place at all. Places in a list or after 来自/从 (来自上海、杭州
    等地的嘉宾) say where the counted come from, and a "place" after 的 heads a noun phrase (jieba tags 嘉宾 ns):
    none of them owns the figure, nor does a common word jieba tags ns (河港, dictionary.common_word). question: the
    question, for the figures it asks in (_fact_pattern)."""
    pattern = _fact_pattern(expected, question)
    own = [a for t in terms if t.entity and has_chinese(t.text) for a in t.alternatives if len(a) >= 2]
    if pattern is None or not own:  # no place or body named (an acronym, GDP, is no owner: qualifiers.name_conflict)
        return True
    places, at = [], 0
    # quoted text is a title or a slogan, not an owner — unless the asked figure is in it (“六个便利服务”, “最后100米”,
    # a quoted speaker's whole sentence): then its words are the sentence's, the quotation marks dropped
    plain = qualifiers.QUOTED.sub(lambda m: m.group(0)[1:-1] if pattern.search(m.group(0)) else "，", sentence)
    for word, flag in place_tagged(plain):
        after, before = plain[at + len(word):at + len(word) + 1], plain[at - 1:at] if at else ""
        # a common word jieba tags as a place (河港 "river port" in 河港环绕, CC-CEDICT's lower-case pinyin) owns no figure
        if (flag == "ns" and len(word) >= 2 and after not in _LISTING and before not in _NOT_OWNER
                and not common_word(word)):
            places.append((at, word))
        at += len(word)
    # the question's own names where the sentence writes them, whatever jieba made of them there (沌/口/街道, a
    # name it cuts into characters in the question and the report alike): matched as characters, not words
    places += [(m.start(), name) for name in own for m in re.finditer(re.escape(name), plain)]
    places.sort()
    # a place the sentence writes in full that the question names in part (基隆市 for 台湾基隆, whatever jieba made
    # of the question's word) is the question's
    named = own + [t.text for t in terms if not t.entity and len(t.text) >= 2 and has_chinese(t.text)]
    # a question naming only the report's own place (绵阳市游仙区 of a report placed there) asks of anything in it: a
    # place no division reading (cpca) puts elsewhere (中科 of 中科社区) is inside it
    at_home = bool(home) and all(any(a in home for a in t.alternatives) for t in terms if t.entity and has_chinese(t.text))
    for fact in pattern.finditer(plain):
        before = [word for start, word in places if start < fact.start()]
        if not before or any(before[-1] in a or a in before[-1] for a in named) or before[-1] in home or (
                at_home and not names_division(before[-1])):
            return True
    return False




_LISTING = frozenset({"、", "等", "和", "与", "及"})
_NOT_OWNER = frozenset({"、", "的", "自", "从"})  # listed; heading a noun phrase; where the counted come from


def event_dated(asked: Question, terms: list[Term]) -> list[str]:
    """What a when-question dates: the predicate after its question word (question.dated_words), else its verbs,
    else the noun before the frame noun (国葬 of 国葬时间, 生效 of 生效时间)."""
    if asked.dated:
        return list(asked.dated)
    verbs = [t.text for t in terms if t.verb and len(t.text) >= 2]
    words = asked.words
    if verbs and not _event_verbs(terms):  # 海战发生在哪一年: what happened is the subject of the existential verb
        return verbs + [w for (w, f), (nxt, _) in zip(words, words[1:])
                        if nxt in verbs and f[:1] == "n" and len(w) >= 2 and not _FRAME_NOUNS["when"].fullmatch(w)]
    if verbs:
        return verbs
    return [w for (w, f), (nxt, _) in zip(words, words[1:])
            if _FRAME_NOUNS["when"].fullmatch(nxt) and len(w) >= 2 and is_chinese(w)]


# Verbs that say only that something is, happens or lies somewhere (a closed class: existential and locative
# verbs): 万山群岛海战发生在哪一年, 日落大道属于哪个国家 — the event is their subject (海战), which the window
# must show, not the verb; a report writes 史称万山群岛海战, 是美国洛杉矶的一条道路.
_EXISTENTIAL_VERBS = frozenset({"发生", "出现", "存在", "属于", "位于", "处于", "坐落", "座落", "隶属", "地处"})


def _event_verbs(terms: list[Term]) -> list[str]:
    """The question's verbs, which say what happened (the event a date or place is of); none when they are all
    existential (发生, 属于: the event is their subject)."""
    verbs = [t.text for t in terms if t.verb]
    return verbs if any(v not in _EXISTENTIAL_VERBS for v in verbs) else []


# One-character verbs too light to say an event (a closed class: copula, possession, modals, motion, 'do').
_LIGHT_VERBS = frozenset("是有在为要会能可让使叫给去来到做搞弄得")


def event_words(asked: Question, terms: list[Term]) -> list[str]:
    """The question's event verbs (_event_verbs) and, when it has some, its one-character verbs that are not light
    (放在什么地方开: 开 — the term list keeps words of two characters): what a when/where answer must be of."""
    verbs = _event_verbs(terms)
    if not verbs:
        return verbs
    return verbs + [w for w, f in asked.words if f.startswith("v") and len(w) == 1 and w not in _LIGHT_VERBS
                    and w not in verbs]


def event_said(events: list[str], text: str) -> bool:
    """Does the text say the event: a character of one of its verbs (qualifiers.focus_missing: reports use their
    own verbs), or a verb of the text glossed as one of them (glossed.same_sense: 举办 for 举行, 设立 for 成立)?"""
    if not qualifiers.focus_missing(events, text):
        return True
    verbs = [w for w, f in posseg_cut(text) if f.startswith("v") and len(w) >= 2]
    return any(same_sense(event, verb) for event in events if len(event) >= 2 for verb in verbs)


_CLAUSE = re.compile(r"[，,；;。！？!?]")
_SENTENCE_END = frozenset("。！？!?")


def _date_bound(sentence: str, blanked: str, events: list[str]) -> bool:
    """Is a date of the sentence said of the asked event: the event (a word of it, or a verb sharing a character
    with one: says_dated) in the date's clause, or — a date standing alone as its clause's adverbial, with no verb
    (3月21日14时38分许，东航MU5735航班…坠毁) — in the clauses it dates (_dated_clauses)? True when the question
    names no event."""
    if not events:
        return True
    clauses, plain, ends, at = [], [], [], 0
    for part in _CLAUSE.split(blanked):
        clauses.append(part)
        plain.append(sentence[at:at + len(part)])
        ends.append(blanked[at + len(part):at + len(part) + 1] in _SENTENCE_END)
        at += len(part) + 1
    for i, clause in enumerate(clauses):
        if not gives_date(clause):
            continue
        near = [plain[i]]
        words = posseg_cut(clause.strip())
        if not ends[i] and (not any(f.startswith("v") and len(w) >= 2 for w, f in words) or _time_clause(words)
                            or (i == 0 or ends[i - 1]) and _opens_with_date(clause)):
            last = next((j for j in range(i + 1, len(clauses)) if ends[j]), len(clauses) - 1)
            near += _dated_clauses(plain[i + 1:last + 1])  # within the date's sentence
        if any(says_dated(text, tuple(events)) for text in near):
            return True
    return False


def _opens_with_date(clause: str) -> bool:
    """Does the clause open with its date (1952年平原省撤销, 2000年开始, 民国37年)? A time word opening a sentence is its
    topic: it dates every clause of the sentence that goes on without a date of its own (…撤销，改属山东省聊城专区)."""
    text = clause.strip()
    return bool(_DATE_FACT.match(text) or _ERA_FACT.match(text) or _EARLY_YEAR.match(text)) or any(
        re.match(rf"{name}\s*(?:元|[一二三四五六七八九十]{{1,3}}|\d{{1,3}})\s*年", text)
        for name in era_names() if text.startswith(name))


# A clause ending in a localiser of time (…搬迁后, …成立以来, …之时) or opening with a preposition of time (直至,
# 自从, 当) is a time adverbial: its date is that of the clauses it introduces (closed classes of the grammar).
_TIME_LOCALISERS = frozenset({"后", "以后", "之后", "前", "以前", "之前", "时", "之时", "以来", "期间", "之际"})
_TIME_PREPOSITIONS = frozenset({"直至", "直到", "自从", "当", "待", "等到"})


def _time_clause(words: list[tuple[str, str]]) -> bool:
    """Is the clause (its jieba words) a time adverbial dating the clause after it (_TIME_LOCALISERS)?"""
    words = [(w, f) for w, f in words if w.strip()]
    return bool(words) and (words[-1][0] in _TIME_LOCALISERS or words[0][0] in _TIME_PREPOSITIONS)


def _dated_clauses(clauses: list[str]) -> list[str]:
    """The clauses a verbless date clause dates: the next one (its main clause) and those that go on in the same
    sentence, whether with the same subject (…邀请专家，以及…齐聚一堂，召开了研讨会) or a new one (战国时燕昭王击东胡，
    辟地千里，辽宁地区始归华夏) — not one opening with a preposition (…一男子自焚，以抗议为安倍举行国葬: another frame,
    a purpose or a cause), nor one with its own date."""
    out = []
    for clause in clauses:
        words = posseg_cut(clause.strip())
        if gives_date(clause) or not words or out and words[0][1][:1] == "p":
            break
        out.append(clause)
    return out


def _doer_of(question: str, role: str = "") -> tuple[str, ...]:
    """The verbs right after 谁 in a question asking who did something (谁演的, 由谁设计), or after the person's
    role a 哪位 question asks of (哪位老师讲的): the deed whose doer is asked. jieba may fuse 谁 with the verb
    (谁演/v): the text after 谁 is tagged on its own."""
    if role:  # the verbs right after the role, none when an adverb or a preposition comes first (哪位主政者甚至因…)
        which = _WHICH_PERSON.search(question)
        at = -1 if which is None else question.find(role, which.end())
        if at < 0:
            return ()
        deed = []
        for w, f in posseg_cut(question[at + len(role):]):
            if not (f.startswith("v") or f == "b") or w in {"是", "有", "为"}:
                break
            deed.append(w)
        return tuple(deed)
    at = question.find("谁")
    if at < 0:
        return ()
    # the predicate 谁 is the subject of: the word right after it (past adverbs and the passive 被), whatever jieba
    # tags it (称帝/n, 主张/n), with the verbs right after; none after 的 (谁的推广, 和谁的制度有关: 谁 is a possessor,
    # the deed is not the person's) nor after a copula (谁是…)
    words = [(w, f) for w, f in posseg_cut(question[at + 1:]) if w.strip()]
    while words and (words[0][1] == "d" or words[0][0] == "被"):
        words = words[1:]
    if not words or words[0][1] in {"uj", "x"} or words[0][0] in {"是", "有", "为"} or not re.match(
            r"[vbn]", words[0][1]):
        return ()
    deed = [words[0][0]]
    for w, f in words[1:3]:  # jieba tags 主办 b, and verb phrases n (负责动手/n改: glossed.verbal reads them as verbs)
        if not (f.startswith("v") or f == "b" or f.startswith("n") and verbal(w)) or w in {"是", "有", "为"}:
            break
        deed.append(w)
    return tuple(deed)


def _not_counted(asked: Question, expected: str, terms: list[Term]) -> list[Term]:
    """The question's terms to blank in a sentence before looking for the asked figure: of a count, not the
    unit or noun its question word counts (多少公分 → 高80公分, 多少户居民 → 420户居民): the figure is written
    with it; of a place asked after a locative, not the verb ending in it (位于, 隶属于): the place follows it."""
    if expected == "where":  # 位于哪里, 隶属于哪里: the locative the place follows (位于班加罗尔) stays
        return [t for t in terms if not (t.text[-1:] in "于在" and _ASKED_LOCATIVE.search(asked.normalised))]
    counted = set(asked.asked_noun or ()) if expected == "count" else set()
    if expected == "count" and (unit := _ASKED_UNIT.search(asked.normalised)) is not None:
        # 多少处毁绿种菜: jieba may fuse the measure word with the word after it (处毁/v); that word, its measure
        # word first, is how the figure is written (42处毁绿), not a word of the question to blank
        counted |= {t.text for t in terms if len(t.text) >= 2 and t.text[0] == unit.group(1)
                    and asked.normalised.find(t.text) == unit.start(1)}
    return [t for t in terms if t.text not in counted] if counted else terms


def _unit_asked(question: str) -> bool:
    """多少户, 几条, 多少平方米: the asked unit says what is counted, and the figure was found in it."""
    unit = _ASKED_UNIT.search(question)
    return unit is not None and unit.group(1) != "个"


def focus_term(terms: list[Term], weights: list[float], shared: str = "") -> Term | None:
    """What the question measures or asks about (销量, 报名人数, 票房): its weightiest common noun — not a name,
    a number, a verb or an English word outside the glossary. None when it has no such term.
    shared: of a two-part question's side, the part both sides share — what is asked of each (费用 in "…换健身
    器材，费用是谁承担的"); the side's own words say which case, and the event check holds them."""
    # a verb phrase jieba's dictionary tags as a noun (被称作/n, 投入使用/n: glossed.verbal) is no noun asked about
    nouns = [(w, t) for t, w in zip(terms, weights)
             if t.pos.startswith("n") and t.pos not in {"nr", "ns", "nt", "nz"} and not t.entity
             and not re.search(r"\d", t.text) and len(t.text) >= 2 and (not shared or t.text in shared)
             and not verbal(t.text)]
    return max(nouns, key=lambda pair: pair[0])[1] if nouns else None


def asked_focus(asked: Question, terms: list[Term], weights: list[float]) -> list[Term]:
    """The nouns the fact's sentence must show: those the question word is about (question.asked_noun:
    多少名社区工作者 → 社区, 工作者; none for 调解了多久 or 钱是谁掏的, where a verb's duration or doer is
    asked), else, for a question without such a question word, its weightiest common noun (focus_term)."""
    nouns = asked.asked_noun
    if nouns is None and not asked.chinese:
        return english_role(asked.normalised, terms)
    if nouns is None:
        focus = focus_term(terms, weights, asked.shared)
        if focus is not None and not known_word(focus.text):
            return []  # 巴沟站因何而得名 → 站因: a string jieba's HMM guessed across two words names nothing asked
        if (focus is not None and asked.expected == "fact"
                and asked.normalised.rstrip("？?。 ").endswith("的" + focus.text)):
            return []  # 某队在某赛事的成绩, 某剧的类型: a bare noun phrase asks the value of its last noun, not the word
        return [] if focus is None else [focus]
    frame = _FRAME_NOUNS.get(asked.expected or "")
    # 多少钱: the unit (元) says it; 发布时间: the answer's kind names it; 多大面积, 多长距离, 面积有多大: the degree
    # word asks a magnitude the noun names, and the figure's unit (平方米, 公里) says it
    nouns = [n for n in nouns if len(n) >= 2 and not (frame is not None and frame.fullmatch(n))
             and not re.search(rf"多\s*[大长高远重宽深]\s*(?:的)?\s*{re.escape(n)}", asked.normalised)
             and not (n in qualifiers.DIMENSION_UNITS
                      and re.search(rf"{re.escape(n)}\s*(?:分别|各|一共|共|总共|大约|约)?\s*(?:有|是|为|达)?\s*多\s*[大长高远重宽深少]",
                                asked.normalised))]
    return [next((t for t in terms if t.text == n), Term(n, (n,), entity=False, pos="n")) for n in nouns]


def _head_term(asked: Question, terms: list[Term]) -> Term | None:
    """The head of the asked noun phrase (question.phrase_head: 某剧的主角叫什么 → 主角), as the question's term:
    a sentence showing it speaks of what is asked even when the weightiest noun (focus_term) is a modifier
    or a name jieba tags as a common noun. None for a two-part question's side or without a head."""
    head = "" if asked.shared else asked.phrase_head
    term = next((t for t in terms if t.text == head), None)
    return term if term is not None and not term.entity else None


def _focus_said(asked: Question, focus: list[Term], required: list[Term], terms: list[Term], passage: Passage,
                sentence: str, window: str) -> bool:
    """Does the sentence (with its window) say what is asked about — the required focus (focus_shown)? Else, for
    a question whose question word counts or names no noun (asked_noun None: the focus is its weightiest
    common noun, often a modifier or a name jieba tags as a common noun), the head of the asked noun phrase
    said instead (某剧的主角叫什么 → 主角), or the passage's title naming the focus: a sentence of an article
    titled by its topic speaks of it without repeating it."""
    if focus_shown(required, sentence, window, glossed=asked.expected in _FACT_PATTERNS):
        return True
    if asked.expected == "count" and counts_people(required, sentence):
        return True
    if asked.asked_noun is not None:
        return False
    phrase = _head_term(asked, terms)
    return (phrase is not None and focus_shown([phrase], sentence, window)
            or len(focus) == 1 and covers(focus[0], passage.title, passage.title.lower())
            or fills_both_sides(asked.normalised, sentence) or defines_title(asked.normalised, passage, sentence))


# "Who is the Party branch secretary of …": the role whose holder is asked ends at a preposition or a clause.
_ENGLISH_ROLE = re.compile(r"\bwho (?:is|was|are|were) (?:the |a |an )?(.+?)(?=\s+(?:of|in|at|for|on|from|who|that|"
                           r"which|with|when|where)\b|[?,.]|$)", re.I)


def english_role(question: str, terms: list[Term]) -> list[Term]:
    """Of an English question asking who holds a role ("Who is the secretary of …"), the role's head — its
    last term the glossary or the dictionary gives in Chinese (书记 for "secretary") — as the noun the
    answer's sentence must show beside the name; [] for any other English question."""
    m = _ENGLISH_ROLE.search(question)
    if m is None:
        return []
    role = m.group(1).lower()
    heads = [t for t in terms if t.text in role and has_chinese("".join(t.alternatives))
             and not t.entity]
    return [max(heads, key=lambda t: role.rfind(t.text))] if heads else []


def focus_shown(focus: list[Term], sentence: str, context: str, glossed: bool = True) -> bool:
    """Does the sentence say what is asked about? Of the asked noun phrase (新任市长, 社区工作者) its head — the
    last noun — must be in the sentence (in full, or most of its characters: 工作人员 for 工作者), its modifiers
    (新任) in the sentence or its window, or in part (新当选 for 新任): a report qualifies its subject once."""
    if not focus:
        return True
    *modifiers, head = focus
    if not (covers(head, sentence, sentence.lower()) or partial_cover(head, sentence) >= 0.6
            or said_otherwise(head.text, sentence) or glossed and noun_glossed(head.text, sentence)):
        return False
    return all(covers(m, context, context.lower()) or _shares_character(m.text, sentence) for m in modifiers)


def noun_glossed(word: str, sentence: str, tags: frozenset[str] | None = None) -> bool:
    """Does the sentence write `word` by another word CC-CEDICT glosses alike (glossed.same_sense: 课堂 for 教室,
    项目 for 工程, 纠纷 for 争端, 岗位 for 职位)? A user asks in their own words; the report names the thing in its.
    tags: the sentence words' jieba tags read (default: common nouns, never a name)."""
    if len(word) < 2 or not is_chinese(word):
        return False
    tags = _COMMON_NOUN if tags is None else tags
    return any(len(found) >= 2 and flag in tags and found != word and same_sense(word, found)
               for found, flag in posseg_cut(sentence))


_COMMON_NOUN = frozenset({"n", "vn", "ng"})  # jieba's common-noun tags (a closed class; not nr/ns/nt/nz names)
_CONTENT_TAGS = _COMMON_NOUN | {"v", "vd", "a", "an"}  # and verbs and adjectives (jieba's tags: a closed class)


def focus_glossed(focus: tuple[str, ...], sentence: str) -> bool:
    """qualifiers.focus_missing's words next to the question word, said by the sentence in another word glossed alike
    (教室 → 课堂, 争端 → 纠纷, 组建 → 成立): a figure of what the question names in the user's own word."""
    return any(noun_glossed(word, sentence, _CONTENT_TAGS) for word in focus)


def _shares_character(word: str, text: str) -> bool:
    return any(c in text for c in word if has_chinese(c))


def says_dated(sentence: str, dated: tuple[str, ...]) -> bool:
    """Does the sentence say the dated event happened: one of its words, or a verb of the sentence sharing a
    character with one (安装 for 装好, 开张 for 开业: reports use their own verbs) or glossed as one (推出 for 发布:
    glossed.same_sense)? (Or, in qualifies, the
    sentence names the phrase dated as the question writes it: 9月17日…召开…社区自治工作推进会.)"""
    if any(word in sentence for word in dated):
        return True
    verbs = [w for w, f in posseg_cut(sentence) if f.startswith("v") and len(w) >= 2]
    return any(set(word) & set(verb) or same_sense(word, verb) for word in dated for verb in verbs)


def _around(passage: str, start: int, end: int) -> str:
    """The sentence at start..end with its immediate context: the sentence before and after it."""
    spans = sentence_spans(passage)
    index = next((i for i, (s, e) in enumerate(spans) if s <= start < e), None)
    if index is None:
        return passage[start:end]
    lo, hi = spans[max(index - 1, 0)][0], spans[min(index + 1, len(spans) - 1)][1]
    return passage[min(lo, start):max(hi, end)]


def _constraint_failures(question: str, terms: list[Term], weights: list[float], context: str,
                         passage: str, sentence: str, similar: Similarity | None = None, document: str = "",
                         words: tuple[tuple[str, str], ...] | None = None, home: str = "", earlier: str = "",
                         topic: str | None = "", figure: bool = True, scoped: bool = False) -> Iterator[str]:
    """Which qualifiers of the question the context (window + title + place) does not satisfy;
    then whether the window shows the event and the sentence what is asked about — in the question's
    words, or (similar) in meaning. topic: the sentence with the one it continues (continued), else the
    sentence; None: the sentence need not show the question's nouns."""
    yield from _qualifier_failures(question, terms, context, passage, sentence, words, document, home, earlier,
                                   figure, scoped)
    event = ""
    if window_coverage(terms, weights, context, document) < (
            NOUN_PHRASE_COVERAGE if _noun_phrase(question) else WINDOW_COVERAGE):
        event = "event"
    else:
        # names: the window's (or the report's) check above; the sentence shows what is asked about, and
        # a word naming the subject counts only where the sentence shows it (the report names it elsewhere)
        named = [(t, w) for t, w in zip(terms, weights) if not t.entity and not (
            document and names_subject(t) and not covers(t, sentence, sentence.lower()))]
        if topic is not None and named and window_coverage([t for t, _ in named], [w for _, w in named],
                                                           topic or sentence) < SENTENCE_COVERAGE:
            event = "sentence"  # the fact is stated about something else than what the question is about
    if event and not (similar is not None and similar(sentence) >= EVENT_SIMILARITY):
        yield event


@lru_cache(maxsize=1024)
def _noun_phrase(question: str) -> bool:
    """question.noun_phrase of the normalised question text, kept: each quoted sentence's check asks it."""
    return noun_phrase(question)


def _qualifier_failure(question: str, terms: list[Term], context: str, passage: str, sentence: str,
                       words: tuple[tuple[str, str], ...] | None = None, document: str = "", home: str = "",
                       earlier: str = "") -> str:
    """The year, ordinal, period or place of the question that the context does not show, or "" (then the
    name, number or time of qualifiers.failure). words: the question's jieba words (Question.words), for
    qualifiers.failure; earlier: the report up to the end of the sentence."""
    return next(_qualifier_failures(question, terms, context, passage, sentence, words, document, home, earlier), "")


def _qualifier_failures(question: str, terms: list[Term], context: str, passage: str, sentence: str,
                        words: tuple[tuple[str, str], ...] | None = None, document: str = "", home: str = "",
                        earlier: str = "", figure: bool = True, scoped: bool = False) -> Iterator[str]:
    """Each qualifier _qualifier_failure reads that fails, in its order, computed as asked for. scoped: a figure
    is asked (count, money, rate), which is of the narrowest of the names nested in the question."""
    yield from _dated_failures(question, context, passage, earlier)
    periods = {_normal_period(p) for p in _PERIOD.findall(context)}
    asked_periods = _PERIOD.findall(question)
    if any(_normal_period(p) not in periods for p in asked_periods) or (
            figure and not asked_periods and names_sub_period(sentence) and "全年" not in sentence):
        yield "period"
    lower = context.lower()
    # a place the report (document) names elsewhere, when the window names no other place: a report names
    # its place once (美溪里小区 in its first paragraph), then gives the figures
    other = document and _names_other_place(context, terms, home)
    # a name jieba does not know (沌口街道, Term.pieced) is no place it tags either: the window's other places
    # may be the ones around it (苏州 唯亭街道 of 怡邻社区), so the report naming it is enough
    names = [covers(t, context, lower) or bool(document) and (not other or t.pieced)
             and covers(t, document, document.lower())
             or bool(t.located) and t.located in (document or context) for t in terms if t.entity]
    # every name the question gives; of a question naming several side by side (海园和高华分别…), one per sentence;
    # of names nested in one phrase (四川省民政厅给中科社区…拨了多少钱), a figure is of the last, the narrowest scope
    if names and not (any(names) and (names[-1] or not scoped or coordinated(question, [t for t in terms if t.entity]))
                      if len(names) > 1 else names[0]):
        yield "place"
    yield from qualifiers.failures(question, terms, sentence, context, words, earlier)


# Words joining names side by side (a closed class: conjunctions, the enumeration comma) or saying each has its own
# fact (分别, 各自): a question naming several names so asks of any of them.
_COORDINATING = re.compile(r"[和与及跟或、]|分别|各自")


def coordinated(question: str, names: list[Term]) -> bool:
    """Are the question's names side by side (海园和高华, 静安、徐汇) rather than nested in one phrase (四川省民政厅给
    中科社区: an agent and the place the fact is of)? By the words between the first and the last name, or 分别/各."""
    at = [question.find(t.text) for t in names]
    if any(i < 0 for i in at) or re.search(r"分别|各自", question):
        return True
    between = question[min(at):max(at)]
    for name in sorted((t.text for t in names), key=len, reverse=True):
        between = between.replace(name, "□")
    return bool(_COORDINATING.search(between))


def _names_other_place(context: str, terms: list[Term], home: str = "") -> bool:
    """Does the context name a place (jieba ns) that is neither the question's nor in the report's own place
    (home: Passage.place, 金山区 张堰镇 — the district and town the asked 小区 is in)?"""
    own = {a for t in terms for a in t.alternatives}
    inner = " ".join([home, *own])
    return any(flag == "ns" and len(word) >= 2 and not any(word in a or a in word for a in own) and word not in home
               and not contains_place(word, inner) for word, flag in place_tagged(unquoted(context)))


def names_subject(term: Term) -> bool:
    """A word of the question naming its subject that is not one of its places or organisations (the
    entities: a qualifier, shown by the fact's window, its report's title or place, as the issue's place
    constraint asks): a word jieba tags as a name (nr/ns/nt/nz: 宝林, 二村 of 宝林二村). A report names its
    subject once, often in another chunk than the one giving the fact. Numbers are qualifiers too."""
    return not term.entity and term.pos in PROPER_FLAGS




def names_other(sentence: str, terms: list[Term], expected: str = "", answer_names: bool = False,
                home: str = "") -> bool:
    """Does the sentence name a place, person or organisation (jieba ns/nr/nt) that the question does not?
    Quoted text (“廉政家风”, 《…》) is a title or slogan, not the sentence's subject: left out; so are the
    names a who-question asks for (唐文玉, 华东政法大学: the answer, not another subject); answer_names: the
    places a where-question asks for too (分布于印度西太平洋区). A place containing the question's or the report's
    own (home: Passage.place; 湖南 of 长沙市) is no other, nor a place word opening a company's name (place_tagged)."""
    own = {a for t in terms for a in t.alternatives}
    inner = " ".join([home, *own])
    flags = ({"ns"} if expected == "who" else {"nr", "nrt", "nrfg", "nt"} if answer_names and expected == "where"
             else {"ns", "nr", "nrt", "nrfg", "nt"})
    plain = unquoted(sentence)
    return any(flag in flags and len(word) >= 2 and not any(word in a or a in word for a in own)
               and not (flag == "ns" and contains_place(word, inner))
               and not (flag in PERSON_FLAGS and common_word(word)) for word, flag in place_tagged(plain))


def window_coverage(terms: list[Term], weights: list[float], context: str, document: str = "") -> float:
    """The idf-weighted share of the question's key terms the context shows (English words outside the
    glossary only when shown, as in grounding); 1.0 when no term is required. document: the whole report
    of the context: a term naming the subject (names_subject) counts when the report shows it anywhere."""
    lower, doc_lower = context.lower(), document.lower()
    shown = [1.0 if covers(t, context, lower) or document and names_subject(t) and covers(t, document, doc_lower)
             else partial_cover(t, context) for t in terms]
    if any(not hit and _verb_like(t) for t, hit in zip(terms, shown)):
        verbs = {w for w, f in posseg_cut(context) if f.startswith("v") and len(w) >= 2}
        # reports use their own verbs (举行 for 举办, 主办): a verb of the context sharing a character, half a hit
        shown = [0.5 if not hit and _verb_like(t) and any(set(t.text) & set(v) for v in verbs) else hit
                 for t, hit in zip(terms, shown)]
    total = sum(w for t, w, hit in zip(terms, weights, shown) if hit or not t.optional)
    return sum(w * hit for w, hit in zip(weights, shown)) / total if total else 1.0  # nothing to show


def _verb_like(term: Term) -> bool:
    """A two-character Chinese verb of the question (jieba v*, or b: 主办), not a name."""
    return (not term.entity and (term.verb or term.pos.startswith("v") or term.pos == "b")
            and len(term.text) == 2 and is_chinese(term.text))


def qualifies(asked: Question, expected: str, terms: list[Term], weights: list[float], passage: Passage,
              start: int, end: int, similar: Similarity | None = None, document: str = "") -> str:
    """"" if the sentence passage[start:end] gives the asked kind of fact and it, with its context,
    satisfies the question's qualifiers; else the first reason it does not (of the checks not switched
    off: checks_off)."""
    off = _OFF.get()
    return next((r for r in failures(asked, expected, terms, weights, passage, start, end, similar, document)
                 if r not in off), "")


def failures(asked: Question, expected: str, terms: list[Term], weights: list[float], passage: Passage,
             start: int, end: int, similar: Similarity | None = None, document: str = "") -> Iterator[str]:
    """Each check the sentence passage[start:end] fails, in the order `qualifies` reads them (a reason may come
    more than once), computed only as far as the caller reads: the first is qualifies' reason."""
    question = asked.normalised
    text = passage.passage
    sentence = text[start:end]
    said = text[with_antecedent(text, start):end]  # 她的工作岗位是…: the fact is given with the sentence naming her
    if document and names_other(sentence, terms, expected, home=passage.place):
        document = ""  # 就2022年6月10日马尔康地震…: the sentence's own subject, not the report's, is meant
    person = person_asked(asked)
    head = asked.asked_head if expected in {"who", "where"} and not person else ""
    if head:  # 哪家公司, 哪个场馆, 哪些单位: a thing of that kind, whatever jieba calls its name
        role = Term(head, (head,), entity=False)  # 哪位志愿者: a person named beside the role (志愿者王敏)
        blanked_said = without_question(said, question, terms)
        # 哪位老师: a person's name answers, not another word ending as the role (教师); 哪国人 asks a country
        someone = person_role(head) and not (head[-1:] == "人" and head[:-1] in _PLACE_KINDS)
        if not (not someone and (names_kind(head, said, terms, question) or titled_kind(head, said, question))
                ) and not named_by_role(
                said, blanked_said, [role], person=someone) and not (
                _WHICH_PERSON.search(question) and names_a_person(blanked_said, said)) and not (
                expected == "where" and _ORIGIN_ASKED.search(question) and gives_origin(blanked_said)):
            yield "type"
    elif not gives_fact(expected, without_question(said, question, _not_counted(asked, expected, terms)), question,
                        person, asked.asked_noun or (), plain=said):
        yield "type"
    if not _year_bound(expected, question, sentence):
        yield "year"
    if not _place_bound(expected, terms, sentence, passage.place, question):
        yield "place"
    earlier = _report_until(document, text, end)
    if expected == "fact" and asked.two_parts:  # several parts: only the qualifiers hold
        context = f"{passage.title}\n{passage.place}\n{_around(text, start, end)}"
        yield from _qualifier_failures(question, terms, context, text, sentence, asked.words, earlier=earlier,
                                       figure=_figure_period(expected))
        return
    # a figure: of what; a bare figure (目前已有12个) is said of what the sentence it continues names
    if expected in _FACT_PATTERNS and qualifiers.focus_missing(asked.focus, sentence) and not (
            bare_figure(sentence) and not qualifiers.focus_missing(asked.focus, continued(text, start, end))) \
            and not focus_glossed(asked.focus, sentence):
        yield "focus"
    if expected in {"when", "where"} and (events := event_words(asked, terms)) and not event_said(events, sentence):
        yield "event"  # a date or place: of the asked event (开幕, 举行; 开展 for 开, 举办 for 举行)
    focus = [] if _unit_asked(question) else asked_focus(asked, terms, weights)
    window = f"{passage.title}\n{passage.place}\n{_around(text, start, end)}"
    # 哪些专家: the head names the answer; a subjectless sentence speaks of the one before's subject (continued)
    if not _focus_said(asked, focus, [f for f in focus if f.text != head], terms, passage,
                       continued(text, start, end), window):
        yield "focus"
    if expected == "when" and asked.dated and not (says_dated(sentence, asked.dated) or asked.dated_subject
                                                   and asked.dated_subject in sentence):
        yield "focus"  # 哪一天装好投用的: a date of another event (the day a banner was given)
    if expected == "when" and not (asked.dated_subject and asked.dated_subject in sentence) and not _date_bound(
            sentence, without_question(sentence, question, terms), event_dated(asked, terms)):
        yield "event"  # 21日，一男子…自焚，以抗议…国葬: the date is the protest's, not the funeral's
    role = asked_role(asked) if person else None
    roles = [role] if role is not None else focus  # 党支部书记叫什么: the name in the clause of that role (书记)
    if person and roles and not named_by_role(sentence, without_question(sentence, question, terms), roles,
                                              prefix=role is None, person=True):
        yield "focus"  # 负责人叫什么名字: a name elsewhere in the sentence names someone else
    if (expected == "who" and not person and not head and not asked.cleft_agent
            and qualifiers.focus_missing(_doer_of(question), sentence)):
        yield "event"  # 高启强谁演的: the sentence names people, but says nothing of the asked deed (演)
    if (expected == "who" and head and _WHICH_PERSON.search(question)
            and qualifiers.focus_missing(_doer_of(question, head), sentence)):
        yield "event"  # 哪位老师讲的, 哪位市领导出席 (位 counts persons, whatever the noun): a person named, not as the doer
    if expected == "when" and other_phase(tuple(event_dated(asked, terms)), sentence):
        yield "event"  # 哪一年完工 against 2020年…启动…改造: the date of the project's start, not of its end
    # a figure of what a verb did (调解了多久, 筹到了多少钱: asked_noun ()) is said of that act, which the focus check
    # found in the sentence; the case's nouns are the window's to show
    # (钱是谁掏的, 是谁免费上门帮他装好的: the doer of an act, when the sentence shows the act)
    verb_asked = bool(asked.focus) and (expected in _FACT_PATTERNS and asked.asked_noun == () or expected == "who"
                                        and asked.cleft_agent and not qualifiers.focus_missing(asked.focus, sentence))
    yield from _constraint_failures(question, terms, weights, window, text, text[start:end], similar, document,
                                    asked.words, passage.place, earlier,
                                    None if verb_asked else bound_topic(passage, start, end, terms, expected),
                                    _figure_period(expected), expected in _FACT_PATTERNS)


# Phase verbs (a closed class of aspect: a project or an event begins, then ends): a date of one phase is no date of
# the other (开工 in 2020 says nothing of 完工). Put-into-use verbs end the building phase.
_INCEPTION = frozenset({"开始", "启动", "开工", "动工", "开建", "奠基", "着手", "开启", "开幕", "开班", "开营", "开园"})
_COMPLETION = frozenset({"完工", "竣工", "完成", "建成", "落成", "结束", "完结", "收官", "交付", "投用", "启用", "闭幕",
                         "结业", "建好", "装好", "修好", "完毕"})


def other_phase(dated: tuple[str, ...], sentence: str) -> bool:
    """Does a when-question date one phase of its event (完工, 建成投用; 开工, 启动) while the sentence says only the
    other phase's verb (启动…改造 for 哪一年完工)? False when the question dates no phase verb or the sentence says one
    of the asked phase."""
    asked = {w for w in dated if w in _INCEPTION or w in _COMPLETION}
    if not asked or any(w in sentence for w in asked):
        return False
    same = _INCEPTION if asked <= _INCEPTION else _COMPLETION if asked <= _COMPLETION else _INCEPTION | _COMPLETION
    other = (_INCEPTION | _COMPLETION) - same
    words = {w for w, _ in posseg_cut(sentence)}
    return bool(words & other) and not words & same


def _figure_period(expected: str) -> bool:
    """Is a sub-period the sentence names (下半年, 三季度) that the question does not ask a failure? It qualifies a
    figure (上半年的增长), a date or a deed's doer; the thing a what / which question asks for (哪个工程: 将结合下半年
    金葵东路改造提升项目一并优化) is not bound to it."""
    return expected != FactKind.FACT


# A sentence opening with a lone connective, adverb, pronoun or localiser before a comma (于是，最终，为此，最后，:
# closed classes of the grammar, by jieba's tags) goes on with the topic of the sentence before it.
_LINKING_FLAGS = frozenset({"c", "d", "r", "f"})


def continued(passage: str, start: int, end: int) -> str:
    """The sentence passage[start:end], preceded by the sentence before it when it goes on with that one's topic
    ("…楼道灯坏了。于是，楼组长买来新灯…"): what the sentence speaks of, though it does not
    repeat it."""
    sentence = passage[start:end]
    if start == 0:
        return sentence
    opening = re.match(r"([\u4e00-\u9fff]{1,3})[，,]", sentence)
    words = posseg_cut(opening.group(1)) if opening is not None else []
    if not (len(words) == 1 and words[0][1] in _LINKING_FLAGS or subjectless(sentence) or opens_with_pronoun(sentence)):
        return sentence
    before = [s for s, e in sentence_spans(passage) if e <= start]
    return passage[before[-1]:end] if before else sentence


def bound_topic(passage: Passage, start: int, end: int, terms: list[Term], expected: str = "") -> str:
    """What the sentence passage.passage[start:end] speaks of, for the sentence check: the sentence with the one
    it continues (continued), and the report's title when the sentence has no subject of its own — it opens with
    its verb or a pronoun (天禧初年任韶州知州; 适合煎食或盐腌) — and names no place, person or body the question
    does not (names_other; asides in brackets read as absent): a report's sentences speak of what its title
    names until one names another subject (a topic chain). A sentence with a subject of its own keeps it."""
    text = passage.passage
    topic = continued(text, start, end)
    sentence = text[start:end]
    if not names_a_subject(passage.title):
        return topic
    if not refers_to_title(sentence, passage.title) and not (
            (subjectless(sentence) or opens_with_pronoun(sentence))
            and not names_other(_ASIDE.sub("", sentence), terms, expected, answer_names=True)):
        return topic
    return f"{passage.title}\n{topic}"


def defines_title(question: str, passage: Passage, sentence: str) -> bool:
    """Is the sentence the definition of what its article's title names, asked an attribute of (X的N是什么 with X
    the title; 杨群的职业是什么 → "杨群（…），哈尔滨人，香港知名老牌演员"): it opens with the title's name, an aside in
    brackets left out, followed by apposition or a copula (，：是 为)? An encyclopedic article's first sentence says
    what its subject is; the attribute noun (职业) names the answer's kind and is seldom written there. Only for
    titles that are names (names_a_subject): a news headline's report speaks of many subjects."""
    subject = asked_subject(question)
    if not subject or not names_a_subject(passage.title):
        return False
    title = _ASIDE.sub("", passage.title).replace("_", " ").strip()
    if len(subject) < 2 or not title or not (title in subject or subject in title):
        return False
    return re.match(rf"{re.escape(title)}(?:[，,：:]|是|为)", _ASIDE.sub("", sentence)) is not None


def refers_to_title(sentence: str, title: str) -> bool:
    """Does the sentence open with a demonstrative and the head morpheme of the title's name (本鱼 in an article
    titled 新加坡鹦嘴鱼, 该站 in one titled 劲松站): it speaks of what the title names, by the grammar of Chinese
    anaphora (a closed class: 本, 该, 此), whatever it names later."""
    head = _ASIDE.sub("", title).replace("_", " ").strip()[-1:]
    return bool(head) and re.match(rf"(?:本|该|此){re.escape(head)}", sentence) is not None


def names_a_subject(title: str) -> bool:
    """Is the title a name (许申, 银纹笛鲷, 劲松站 (北京市), GRB 090423): short, letters and digits only, a noun
    phrase — no verb (jieba v, not the nominal vn; but a last one-character word, a suffix jieba tags v: 站) nor
    preposition (被, 在: jieba p) — what an encyclopedic article is about? Not a headline telling an event (…社区开展…活动, 韩靖跳江救人), a
    title cut from the report's first sentence (ending in …) nor a byline (新浪科技讯 北京时间): their reports
    speak of many subjects."""
    plain = _ASIDE.sub("", title).replace("_", " ").strip()
    if (not plain or len(plain) > _NAME_TITLE or not re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9·.\- ]+", plain)
            or re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]", plain)):
        return False
    words = posseg_cut(plain)
    return not any(flag.startswith("v") and flag != "vn" and not (n == len(words) - 1 and len(word) == 1)
                   or flag == "p" for n, (word, flag) in enumerate(words))  # 被查, 在…举行: a clause


# The longest title read as a name (characters, asides left out).
_NAME_TITLE = 16


# An aside in brackets (韶州（今广东韶关）): a gloss, not the sentence's subject.
_ASIDE = re.compile(r"（[^（）]*）|\([^()]*\)|_\([^()]*\)")


# Before a sentence's first verb, words that are no subject: numbers and dates, time words, adverbs, conjunctions,
# distinguishing words (主要), measure words, localisers and marks (jieba's m, t, d, c, b, q, f, x).
_NO_SUBJECT_FLAGS = frozenset({"m", "t", "d", "c", "b", "q", "f", "x", "ad"})


def subjectless(sentence: str) -> bool:
    """Does the sentence open with its verb, nothing but dates, adverbs and the like before it (2022年6月30日
    投入使用; 共吸引200余名居民参加; 主要分布在沿河一带)? Chinese drops the subject a sentence shares with the one
    before (a topic chain): what it speaks of is named there."""
    for _word, flag in posseg_cut(sentence[:40]):
        if flag.startswith("v"):
            return flag != "vn"
        if flag not in _NO_SUBJECT_FLAGS:
            return False
    return False


# A sentence opening with a personal or demonstrative pronoun (她的工作岗位是…, 该联盟…) is read and quoted with
# the sentence before it, which names what the pronoun stands for (as the composer quotes it, extractive.py).
PRONOUN_START = re.compile(r"^(她|他|它|其|该|此|这|他们|她们|它们)")


def opens_with_pronoun(sentence: str) -> bool:
    """Does the sentence open with a pronoun (jieba r: 她, 该院, 此次, 这样) — not a conjunction or an adverb that
    starts with the same character (此外, 此后, 其实: they link to the sentence before, they stand for nothing)?"""
    if not PRONOUN_START.match(sentence):
        return False
    words = posseg_cut(sentence[:8])
    return bool(words) and words[0][1].startswith("r")


def with_antecedent(passage: str, start: int) -> int:
    """Where the sentence at `start` is to be read from: the sentence before it when it opens with a pronoun."""
    if start == 0 or not opens_with_pronoun(passage[start:]):
        return start
    before = [s for s, e in sentence_spans(passage) if e <= start]
    return before[-1] if before else start


def _report_until(document: str, passage: str, end: int) -> str:
    """The report's text up to passage[:end] (the passage alone when the report is not given)."""
    at = document.find(passage) if document else -1
    return document[:at + end] if at >= 0 else passage[:end]


@dataclass
class Found:
    """A sentence of the retrieved passages that gives the asked fact, though not quoted by the composer."""
    passage_rank: int
    start: int
    end: int
    score: float = 0.0  # the window's share of the question (window_coverage), less 0.01 a rank
    second: bool = False  # a quoted sentence gives the fact too: quote this one after it, not first


def find_fact(question: Question, expected: str, terms: list[Term], weights: list[float],
              passages: list[Passage], similar: Similarity | None = None,
              reports: dict[str, str] | None = None, quoted: list[Citation] | None = None) -> Found | None:
    """The qualifying sentence whose context shows most of the question, earliest passage first (not one of
    the quoted sentences, when given). With
    `similar`, a sentence that qualifies but for the event, and is close to the question in meaning, counts
    as showing FOUND_COVERAGE of it (only such sentences are embedded)."""
    best, best_score = None, FOUND_COVERAGE
    for rank, passage in enumerate(passages[:EVIDENCE_PASSAGES]):
        for start, end in sentence_spans(passage.passage):
            if end - start < 6 or any(c.chunk_id == passage.chunk_id and c.span[0] < end and start < c.span[1]
                                      for c in quoted or ()):
                continue
            context = f"{passage.title}\n{passage.place}\n{_around(passage.passage, start, end)}"
            document = (reports or {}).get(passage.article_id, "")
            score = window_coverage(terms, weights, context, document) - 0.01 * rank
            if score >= best_score:
                if not qualifies(question, expected, terms, weights, passage, start, end, similar, document):
                    best, best_score = Found(rank, with_antecedent(passage.passage, start), end, score), score
            elif (similar is not None and FOUND_COVERAGE - 0.01 * rank >= best_score
                  and qualifies(question, expected, terms, weights, passage, start, end, None, document)
                  in {"event", "sentence"}
                  and similar(passage.passage[start:end]) >= EVENT_SIMILARITY):
                best, best_score = Found(rank, start, end, FOUND_COVERAGE - 0.01 * rank), FOUND_COVERAGE - 0.01 * rank
    return best


def seek_fact(question: Question, terms: list[Term], weights: list[float], passages: list[Passage],
              citations: list[Citation], reports: dict[str, str] | None = None) -> Found | None:
    """The retrieved sentence, not one of the quoted ones, that passes every check a typed question imposes
    (find_fact, with the terms `check` reads), or None (also for an untyped question): what an answer the learned
    judge scores too low may quote first before it is vetoed — the composer's passing sentence may give the asked
    kind of fact of another event (民国3年…划为6道 for 民国几年…裁撤)."""
    if question.expected is None:
        return None
    terms, weights = checked_terms(question, question.expected, terms, weights)
    return find_fact(question, question.expected, terms, weights, passages, None, reports, citations)


def _without_frame(expected: str, terms: list[Term], weights: list[float]) -> tuple[list[Term], list[float]]:
    """The question's terms less the noun that names the kind of answer (ChatGPT的发布**时间**, 中枪事件发生的
    **地点**): the answer gives a date or a place, it need not repeat the word."""
    frame = _FRAME_NOUNS.get(expected)
    kept = [(t, w) for t, w in zip(terms, weights) if frame is None or not frame.fullmatch(t.text)]
    return [t for t, _ in kept], [w for _, w in kept]


_FRAME_NOUNS = {"when": re.compile(r"时间|日期|时候|年份|日子|时刻|期间|时期|年代|世纪|时代|时间段|时段|时间点"),
                "where": re.compile(r"地点|地方|位置|场所|地址|所在地"),
                "who": re.compile(r"人|人物|名字|姓名"), "count": re.compile(r"数量|数目|总数|数字"),
                "money": re.compile(r"金额|数额|价格"), "rate": re.compile(r"比例|比率|幅度")}


def checked_terms(question: Question, expected: str, terms: list[Term], weights: list[float]
                   ) -> tuple[list[Term], list[float]]:
    """The terms (and weights) a typed question's sentences are checked against: less the noun naming the answer's
    kind (_without_frame, the asked head, the kind noun)."""
    terms, weights = _without_frame(expected, terms, weights)
    if expected in {"who", "where"} and question.asked_head and not person_asked(question):
        # 哪个国家承办了…, 哪家公司: the head noun names the answer's kind (a country, a company); the window
        # need not repeat it, as it need not repeat 时间 of a when-question (_without_frame)
        kept = [(t, w) for t, w in zip(terms, weights) if t.text != question.asked_head]
        terms, weights = [t for t, _ in kept], [w for _, w in kept]
    elif expected == "fact" and question.kind_noun:
        # 他是什么职业, 写过什么作品, 哪一个部门: the noun names the answer's kind (a teacher is an occupation)
        kept = [(t, w) for t, w in zip(terms, weights) if t.text != question.kind_noun]
        terms, weights = [t for t, _ in kept], [w for _, w in kept]
    return terms, weights


def _cited_passage(citation: Citation, by_chunk: dict[str, Passage]) -> Passage:
    return by_chunk.get(citation.chunk_id) or Passage(
        chunk_id=citation.chunk_id, article_id=citation.article_id, title=citation.title,
        source=citation.source, passage=citation.passage, score=0.0)


def failed_checks(question: Question, terms: list[Term], weights: list[float], citations: list[Citation],
                  passages: list[Passage], reports: dict[str, str] | None = None) -> set[str]:
    """Every check the best quoted sentence fails (the one failing fewest, the first of equals), with the terms
    `check` reads: what the learned-veto experiment (bench/train_veto.py) weighs. Empty for an untyped question."""
    expected = question.expected
    if expected is None or not citations:
        return set()
    terms, weights = checked_terms(question, expected, terms, weights)
    by_chunk = {p.chunk_id: p for p in passages}
    failing = [set(failures(question, expected, terms, weights, _cited_passage(c, by_chunk), *c.span,
                            document=(reports or {}).get(c.article_id, ""))) for c in citations]
    return min(failing, key=len)


def _dated_failures(question: str, context: str, passage: str, earlier: str = "") -> Iterator[str]:
    """"year" and "ordinal" when the question's year or ordinal (第十一届) is not the context's: the year is in
    the window, or the passage has it and the window names no other year; likewise the ordinal, which may also
    be in the report before the sentence (a report names its edition, 第三届, once, then tells of 本届)."""
    years_in_context = set(YEAR.findall(qualifiers.without_dateline(context)))
    if any(year not in years_in_context and (years_in_context or year not in passage)
           for year in set(YEAR.findall(question))):
        yield "year"
    context_ordinals = set(_ORDINAL.findall(context))
    passage_ordinals = set(_ORDINAL.findall(passage)) | set(_ORDINAL.findall(earlier))
    if any(ordinal not in context_ordinals and (context_ordinals or ordinal not in passage_ordinals)
           for ordinal in set(_ORDINAL.findall(question))):
        yield "ordinal"
    # a rank the question places its answer at (谁拿了第一名, 哪个社区得了第一): the window names that rank
    if any(not _ranked(rank, context) for rank in _RANK_PLACED.findall(question)):
        yield "ordinal"


def _ranked(rank: str, context: str) -> bool:
    """Does the context name the rank (第八), in Chinese numerals or in digits (第8名)?"""
    number = rank[1:]
    digits = next((str(n) for n in range(1, 100) if qualifiers.chinese_numeral(str(n)) == number), number)
    written = qualifiers.chinese_numeral(digits) or number
    return re.search(rf"第\s*(?:{digits}(?!\d)|{written}(?![十百千]))", context) is not None


def _untyped_dated(question: Question, citations: list[Citation], passages: list[Passage],
                   reports: dict[str, str] | None = None) -> str:
    """Of a question asking no typed fact (为什么, 有何措施, 主题是什么) that names a year or an ordinal: "year" or
    "ordinal" when no quoted sentence's window is of that year or edition (1932年…加设车厂 for 1933年…为什么),
    else "". The year and the ordinal are the one qualifier every kind of question binds its answer to."""
    asked = question.normalised
    if not citations or not (YEAR.search(asked) or _ORDINAL.search(asked)):
        return ""
    off = _OFF.get()
    by_chunk = {p.chunk_id: p for p in passages}
    reasons = []
    for citation in citations:
        passage = _cited_passage(citation, by_chunk)
        text, (start, end) = passage.passage, citation.span
        context = f"{passage.title}\n{passage.place}\n{_around(text, start, end)}"
        earlier = _report_until((reports or {}).get(citation.article_id, ""), text, end)
        reason = next((r for r in _dated_failures(asked, context, text, earlier) if r not in off), "")
        if not reason:
            return ""
        reasons.append(reason)
    return reasons[0]


def check(question: Question, terms: list[Term], weights: list[float], citations: list[Citation],
          passages: list[Passage], similar: Similarity | None = None,
          reports: dict[str, str] | None = None) -> TypeCheck:
    """Is the asked fact in a cited sentence (or, failing that, another retrieved sentence: `found`) that
    satisfies the question's qualifiers? weights: the grounding weight of each term (grounding.term_weights);
    similar: the question's semantic match to sentences, another way to show the event (semantic.py);
    reports: article id → the report's whole text, where the names of its subject may be (names_subject)."""
    expected = question.expected
    if expected is None:
        dated = _untyped_dated(question, citations, passages, reports)
        return TypeCheck(False, FactKind.FACT, dated) if dated else TypeCheck(True, None)
    terms, weights = checked_terms(question, expected, terms, weights)
    by_chunk = {p.chunk_id: p for p in passages}
    reasons = []
    for citation in citations:
        passage = _cited_passage(citation, by_chunk)
        reason = qualifies(question, expected, terms, weights, passage, *citation.span, similar=similar,
                           document=(reports or {}).get(citation.article_id, ""))
        if not reason:
            # a retrieved sentence that qualifies and whose window shows more of the question carries the fact
            context = f"{passage.title}\n{passage.place}\n{_around(passage.passage, *citation.span)}"
            found = find_fact(question, expected, terms, weights, passages, None, reports)
            if found is not None and any(c.chunk_id == passages[found.passage_rank].chunk_id
                                         and c.span[0] <= found.start < c.span[1] for c in citations):
                found = None  # the sentence showing most of the question is quoted already
            # …or, for a kind of fact the checks tell apart (a figure, a date, a name, a place; not `fact`, which
            # nearly every sentence passes), an unquoted one showing as much of the question from a lower passage:
            # it answers as well, and the answer quotes it too
            other = found if found is not None or expected == FactKind.FACT else find_fact(
                question, expected, terms, weights, passages, None, reports, citations)
            if other is not None:
                rank = next((i for i, p in enumerate(passages) if p.chunk_id == citation.chunk_id), EVIDENCE_PASSAGES)
                mine = window_coverage(terms, weights, context, (reports or {}).get(citation.article_id, ""))
                shows_more = found is not None and found.score > mine - 0.01 * rank
                shows_as_much = expected != FactKind.FACT and other.score + 0.01 * other.passage_rank >= mine
                if shows_more or shows_as_much:
                    return TypeCheck(True, expected, found=replace(other, second=True))
            return TypeCheck(True, expected)
        reasons.append(reason)
    if (found := find_fact(question, expected, terms, weights, passages, similar, reports)) is not None:
        return TypeCheck(True, expected, found=found)
    return TypeCheck(False, expected, next((r for r in reasons if r != "type"), "type"))
