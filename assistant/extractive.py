"""The offline answer engine: selected, cited sentences from the retrieved passages.

How-to questions get the steps and mechanisms; why-questions the reasons; fact questions the
sentence holding the fact. Each sentence is cited as [n] with its span inside the passage.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.answer_type import (
    _DATE_FACT,
    _ERA_FACT,
    _FRAME_NOUNS,
    CLASSIFIERS,
    event_dated,
    continued,
    gives_fact,
    names_a_subject,
    names_kind,
    opens_with_pronoun,
    without_question,
)
from assistant.amount_owner import amount_of_act
from assistant.areas import AREA_WORDS, LOCAL_AREAS
from assistant.areas import ending as area_ending
from assistant.frequency import FREQUENCY_FACT, asks_frequency
from assistant.glossed import same_sense
from assistant.grounding import covers, evidence_text, locates
from assistant.interrogatives import QUESTION_SHAPE as _QUESTION_SHAPE
from assistant.naming import ORG_SUFFIX
from assistant.qualifiers import DIMENSION_UNITS
from assistant.query import JOINERS, Term, is_function_word, normalise_query
from assistant.question import _COPULAS, MONEY_WORDS, Question, shows_word
from assistant.records import Citation, Passage
from assistant.sentence_role import asks_ought, is_lede, role, tags
from assistant.slot import asked_at, asked_attribute, asked_tail, fills_slot
from ingest.chunk import sentence_spans
from ingest.segment import bigrams
from vectorstore.script import is_chinese

_STEP_CUES = re.compile(r"一是|二是|三是|四是|首先|其次|通过|建立|设立|成立|形成|下设|实行|依托|采取|搭建|推出|聘请|募集|拟定|认领|牵头|实现")
_WHY_CUES = re.compile(r"针对|为了|由于|因为|原因|因此|所以|问题|难题|瓶颈|痛点|导致|造成|需求|困难|难以|短缺|不足|缺乏")
_WHO_CUES = re.compile(r"发起|主持|牵头|负责|创始人|由|教授|学者|专家|主任|书记|院长|会长|处长")
_DIGITS = re.compile(r"\d")
# A time as the answer-type check reads one: a date, or a span of history (20世纪90年代, 三十年代, 300万年前), a season
_WHEN_FACT = re.compile(f"{_DATE_FACT.pattern}|{_ERA_FACT.pattern}")
# What a sentence holding the asked-for fact contains: a date, a place, a percentage.
_DATE_CUES = re.compile(r"\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|\d{4}-\d{1,2}-\d{1,2}|[一二三四五六七八九十]+月[一二三四五六七八九十]+日|"
                        r"(?<!\d)\d{1,2}日")
_PLACE_CUES = re.compile(r"[\u4e00-\u9fff]{1,8}(?:市|省|县|州|国|岛|镇)(?![\u4e00-\u9fff]{0,1}(?:长|委|民|家|际|内|外))|"
                         r"在[\u4e00-\u9fff]{2,10}(?:举行|举办|召开|开幕|坠毁|发生)")
_RATE_CUES = re.compile(r"\d+(?:\.\d+)?\s*[%‰]|百分之")


@dataclass
class Candidate:
    passage_rank: int
    start: int
    end: int
    text: str
    score: float
    number: int = 0  # the sentence's position among its passage's quotable sentences
    typed: bool = False  # holds the kind of fact asked for (refine)
    filler: bool = False  # a slogan or an outlook (sentence_role)
    lede: bool = False  # the report's first sentence
    near: bool = False  # a how-much answer: its amount stands next to the word asked about
    refined: bool = False  # scored by what it is too (refine)
    asked: float = 0.0  # a how / why question: the share of its asked predicate the sentence says (refine)
    slot: int = 0  # the question's characters it says around a filler where the question word stands (slot.py)
    filled: bool = False  # says the most of them among the refined sentences (_fill_slot): answers where asked
    named: bool = True  # it (or its report's title, place) shows every name and figure of the question (refine)
    sequel: bool = False  # a how-question's answer told after the sentence restating its setting (_sequel)
    defines: bool = False  # says what the titled subject the question asks about is (defines_subject)


# A number in digits or in Chinese numerals (千余册, 五个小时, 2000余人, 6.29亿元), then a measure word:
# what a how-much / how-many / how-long answer holds.
_AMOUNT = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万]+)\s*(?:余|多)?\s*[万亿]?"
QUANTITY = re.compile(_AMOUNT + r"\s*(?:[个位项家户人元册本条名支场次座栋幢辆间套台盏张件批期所处块棵株吨米天周岁%‰]|小时|分钟|"
                      r"个月|(?<!\d{4})年|平方米|公里)")  # 2019年 is a date, 两年 an amount of time
# How long: a duration (五个小时, 三天, 两年), not a date.
DURATION = re.compile(_AMOUNT + r"\s*(?:个)?\s*(?:小时|分钟|天|周|星期|个月|(?<!\d{4})年)")
_ASKS_DURATION = re.compile(r"多久|多长时间|\bhow long\b", re.I)
_MULTI_CHAR_UNIT = re.compile(r"(?:多少|几)\s*(平方米|公里|[万亿年])")


def asked_unit(question: str, words: tuple[tuple[str, str], ...] | None = None) -> str:
    """The unit a how-many question counts in: a measure word right after 多少 / 几 (多少户, 几回, 多少处), read
    as jieba splits the question's words, so that 多少单位, 多少家庭 ask for no unit (单位, 家庭 are nouns); or a
    unit of measure (平方米, 公里), 万 / 亿, 年. "" when none is asked. words: the question's tagged words
    (Question.words), when already tagged."""
    if (multi := _MULTI_CHAR_UNIT.search(question)) is not None:
        return multi.group(1)
    said = [w for w, _ in (words if words is not None else tags(question))]
    for i, word in enumerate(said):
        if word == "多少" and i + 1 < len(said) and len(said[i + 1]) == 1 and said[i + 1] in CLASSIFIERS:
            return said[i + 1]
        if re.fullmatch(rf"几[{CLASSIFIERS}]", word):  # jieba keeps 几回, 几个 as one word
            return word[1]
    return ""


# A magnitude asked by its dimension (多大面积, 面积有多大, 多长的距离): the figure's unit says it, not any counter
# (两条主干道 is no area). The dimensions and their units are a closed class (qualifiers.DIMENSION_UNITS).
_DIMENSIONS = "|".join(DIMENSION_UNITS)
_ASKS_DIMENSION = re.compile(rf"多\s*[大长高远重宽深]\s*(?:的)?\s*({_DIMENSIONS})|({_DIMENSIONS})\s*(?:有|是)?\s*多\s*[大长高远重宽深少]")
# A magnitude asked by its adjective alone (实践站有多大地方, 这条路有多长): the dimension the adjective measures
_ADJECTIVE_DIMENSION = {"大": "面积", "长": "长度", "高": "高度", "远": "距离", "重": "重量", "宽": "宽度", "深": "深度"}
_ASKS_MAGNITUDE = re.compile(r"多\s*([大长高远重宽深])(?!\s*(?:年纪|岁|年龄|时间|久|少))")


def count_pattern(asked: str | Question) -> re.Pattern[str] | None:
    """`多少户` → a number followed by 户 (with 万/亿 allowed between); `多大面积` → a number of 平方米, 亩…;
    None if no unit is asked."""
    question = asked if isinstance(asked, str) else asked.normalised
    words = None if isinstance(asked, str) else asked.words
    if asks_frequency(question):  # 多久开一次: a rate of recurrence (每季度, 一年两次)
        return FREQUENCY_FACT
    if _ASKS_DURATION.search(question):
        return DURATION
    if (dimension := _ASKS_DIMENSION.search(question)) is not None:
        return re.compile(rf"{_AMOUNT}\s*(?:{DIMENSION_UNITS[dimension.group(1) or dimension.group(2)]})")
    if "多少" not in question and (magnitude := _ASKS_MAGNITUDE.search(question)) is not None:
        return re.compile(rf"{_AMOUNT}\s*(?:{DIMENSION_UNITS[_ADJECTIVE_DIMENSION[magnitude.group(1)]]})")
    if "多少" not in question and not re.search(r"(?<![哪第])几", question):
        return None
    unit = asked_unit(question, words)
    if not unit or unit == "个":  # 多少个小区和商铺 → the unit is whatever counter the text uses
        return QUANTITY
    if unit == "元":
        return re.compile(rf"{_AMOUNT}\s*元")
    return re.compile(rf"{_AMOUNT}\s*{unit}")


# The cue a sentence holding the asked-for kind of answer carries (+0.25).
_CUES = {"howto": _STEP_CUES, "why": _WHY_CUES, "who": _WHO_CUES, "count": QUANTITY, "when": _DATE_CUES,
         "where": _PLACE_CUES, "rate": _RATE_CUES}


_NAMED_BY_REPORT = 0.75
_CONTEXT = 0.8
# A credits line, not prose: two labels (（原标题：…）来源：…编辑：…), the first opening the line or following a
# bracket, with no clause break between them.
_CREDITS = re.compile(r"(?:^|[（()）\s])[\u4e00-\u9fff]{2,6}：[^，,。；、]{1,40}?[\u4e00-\u9fff]{2,6}：")


def asks_which(question: Question) -> bool:
    """A which-question asking for one thing of a kind (哪笔钱, 哪个项目): not who / where (哪家公司, 哪个国家:
    answer_type's names_kind checks those) nor a list (哪几个区: enumerates)."""
    return (question.chinese and bool(question.asked_head) and question.expected == "fact"
            and not _ASKS_LIST.search(question.normalised))


def names_asked_kind(question: Question, text: str) -> bool:
    """Does the sentence name a thing of the kind a which-question asks for (哪笔钱 → 专项经费; 哪个场馆 →
    某某体育馆)? False for other questions (asks_which)."""
    if not asks_which(question):
        return False
    head = question.asked_head
    if MONEY_WORDS.fullmatch(head):
        return _names_money(text)
    return names_kind(head, text, list(question.terms), question.normalised)


def _names_money(text: str) -> bool:
    """Does the text name a sum (a noun ending in a money word, qualified within it or by the noun before it:
    专项经费, 小区 维修 资金), not money in general (资金短缺, 垫资)?"""
    words = tags(text)
    for i, (word, flag) in enumerate(words):
        money = re.search(rf"(?:{MONEY_WORDS.pattern})$", word)
        if money is None or not flag.startswith("n"):
            continue
        if len(word) > len(money.group(0)) or i > 0 and words[i - 1][1][:1] in {"n", "v"} and len(words[i - 1][0]) >= 2:
            return True
    return False


# A year as reports write it: 1989年, 公元前221年 (digits), 民国38年, 一九八九年 (four Chinese digits)
_A_YEAR = re.compile(r"(?:\d{3,4}|民国\s*\d{1,2}|[一二三四五六七八九〇零]{4})\s*年(?!代)")
# A date that takes its year from the text before it: a relative year (同年, 次年: a closed class of temporal
# anaphors, as 她 and 该 are of pronouns) or a month without a year, in the sentence's first clause
_YEAR_ANAPHOR = re.compile(r"^[^，,。；;]{0,8}?(?:同年|当年|是年|该年|此年|这一年|那一年|次年|翌年|隔年|(?<![\d年])\d{1,2}月"
                           r"|(?<![年一二三四五六七八九十])[一二三四五六七八九十]{1,2}月)")


def dated_before(passage: str, previous: tuple[int, int], sentence: tuple[int, int]) -> bool:
    """Does the sentence date its event by a year it does not give (同年11月9日, 9月下旬, 这一年), the sentence
    before it giving one? Then it is quoted with that sentence: a when-answer's year is in it (1989年8月，…；同年
    11月9日，柏林围墙倒塌), as a pronoun's sentence is quoted with the one naming its antecedent."""
    said = passage[sentence[0]:sentence[1]]
    return (_YEAR_ANAPHOR.search(said) is not None and _A_YEAR.search(said) is None
            and _A_YEAR.search(passage[previous[0]:previous[1]]) is not None)


def score_sentences(question: Question, passages: list[Passage]) -> list[Candidate]:
    terms, kind = question.terms, question.kind
    # a which-question (哪笔钱) is answered by a sentence naming a thing of the asked kind
    which = asks_which(question)
    counted = count_pattern(question) if kind == "count" else None
    weights = [2.0 if t.entity else 1.0 + min(len(t.text), 4) / 4 for t in terms]
    total = sum(weights) or 1.0
    out: list[Candidate] = []
    # A passage from a report that never names the place or organisation asked about is not quoted
    # when another passage that does is quotable: "Baile" answers come from the 百乐 report only.
    named = most_local(question)
    shown = [evidence_text(p) for p in passages]
    naming = {rank for rank, text in enumerate(shown)
              if all(covers(t, text, text.lower()) or locates(t, text, passages[rank].place) for t in named)}
    # A report names its case once: its other passages ("共吸收、注册平安志愿者2000余人") are about it too.
    naming_reports = {passages[rank].article_id for rank in naming}
    naming |= {rank for rank, p in enumerate(passages) if p.article_id in naming_reports}
    whole: dict[str, str] = {}  # article id → what all its retrieved passages show
    for p in passages:
        whole[p.article_id] = whole.get(p.article_id, "") + "\n" + evidence_text(p)
    heads = [(whole[p.article_id], whole[p.article_id].lower()) for p in passages]
    # for a figure asked of a named subject: what a passage's report shows of the question, when it names the
    # subject (every name of it), each term it shows at _NAMED_BY_REPORT
    reported = [_NAMED_BY_REPORT * sum(w for t, w in zip(terms, weights) if covers(t, *heads[rank])) / total
                if kind in _FIGURES and named and rank in naming else 0.0 for rank in range(len(passages))]
    for rank, passage in enumerate(passages):
        spans = sentence_spans(passage.passage)
        quotable = -1  # the number of the sentence among the passage's quotable ones
        previous = 0.0  # the lexical score of the sentence before
        for i, (start, end) in enumerate(spans):
            if i > 0 and opens_with_pronoun(passage.passage[start:end]):
                start = spans[i - 1][0]  # `她发起…` is cited with the sentence that names her (with_antecedent)
            elif i > 0 and kind == "when" and dated_before(passage.passage, spans[i - 1], (start, end)):
                start = spans[i - 1][0]  # `同年11月9日，柏林围墙倒塌`: cited with the sentence giving its year
            text = passage.passage[start:end]
            if len(text) < 6 or len(text) < 30 and not re.search(r"[。！？；!?;]", text):
                continue  # headings and fragments are not answers
            if _CREDITS.search(text):
                continue
            quotable += 1
            lower = text.lower()
            cue = _CUES.get(kind)
            # A name the sentence leaves out but its report gives (title, place, its other retrieved passages:
            # 江秋新苑 for a sentence on "the volunteers") counts at _NAMED_BY_REPORT: it is about that case.
            own = [covers(t, text, lower) for t in terms]
            if any(own):
                lexical = sum(w if inside else _NAMED_BY_REPORT * w if t.entity and covers(t, *heads[rank])
                              else 0.0 for t, w, inside in zip(terms, weights, own)) / total
            elif (previous > 0 or reported[rank] > 0) and (kind in _CHECKABLE and cue is not None and cue.search(text)
                                                          or which and previous > 0 and names_asked_kind(question, text)):
                # the asked fact in the sentence after one on the question's subject ("…组织调解。最终，经过
                # 五个小时的耐心劝说…"), or, for a figure (an amount, a date, a rate: a cue that says the kind of
                # fact, not a name's 负责), anywhere in a report that names the subject asked about (its title or
                # place says 某某家园, the sentence "小区内N盏新路灯全部亮起"): scored from that context, at _CONTEXT
                lexical = _CONTEXT * max(previous, reported[rank])
            else:
                previous = 0.0
                continue
            previous = lexical
            if counted is not None and counted.search(text):
                lexical += 0.5
            bonus = 0.25 if cue is not None and cue.search(text) else 0.0
            out.append(Candidate(rank, start, end, text, lexical + bonus + 0.15 / (1 + rank), number=quotable))
    if any(c.passage_rank in naming for c in out):
        out = [c for c in out if c.passage_rank in naming]
    return out


def most_local(question: Question) -> tuple[Term, ...]:
    """The names a quoted report must show: the question's, less a name written right before another one (普陀 in
    普陀甘泉街道, 武汉 in 武汉红桥社区): the larger area qualifies the local one, and a report on the local case
    often leaves it out ("甘泉部分低洼地区…"); and the case the question names (case_names) when its name is no
    entity to jieba (江欣苑社区, 荣芳里社区)."""
    text = question.normalised
    named = list(question.entities)
    named += [t for t in case_names(question) if t not in named]
    at = {t.text: text.find(t.text) for t in named}
    return tuple(t for t in named if at[t.text] < 0 or not any(
        o is not t and at[o.text] == at[t.text] + len(t.text) for o in named))


# The area words (areas.AREA_WORDS), as a set.
_AREA_WORDS = frozenset(AREA_WORDS)
_CASE_FLAGS = frozenset({"nr", "ns", "nz", "nt", "j", "nrt", "nrfg", "g"})  # names, and characters jieba cannot place
_LOCALISER = frozenset({"里"})  # 荣芳|里|社区: jieba reads the name's last character as a localiser


def case_names(question: Question) -> tuple[Term, ...]:
    """The case a Chinese question names as a community or place jieba does not tag as an entity (江欣苑|社区,
    荣芳|里|社区, 淞|南五村): a name-tagged word right before an area word, or a name-tagged word ending in one
    (南五村). Its report is the case: sentences of other reports on the subject answer another case's question.
    The question's term holding the name when there is one (淞南五村), else the name itself."""
    if not question.chinese:
        return ()
    words = question.words
    found: list[str] = []
    for i, (word, flag) in enumerate(words):
        if word in _AREA_WORDS and i > 0:
            j, tail = i - 1, ""
            if words[j][0] in _LOCALISER and j > 0:
                j, tail = j - 1, words[j][0]
            name, tag = words[j]
            while tag in _CASE_FLAGS and len(name) < 2 and j > 0 and words[j - 1][1] in _CASE_FLAGS:
                j -= 1  # 万佳|苑|小区: a name jieba cut into a word and a character
                name = words[j][0] + name
            if len(name) > 2 and name[0] in JOINERS:
                name = name[1:]  # 和高华|小区: jieba fused the joining word with the name (question._joining_word)
            if tag in _CASE_FLAGS and len(name) >= 2:
                found.append(name + tail)
        elif flag in _CASE_FLAGS and len(word) >= 3 and any(word.endswith(a) for a in _AREA_WORDS):
            found.append(word)
    terms: list[Term] = []
    for name in dict.fromkeys(found):
        # the question's term when it holds the whole name (淞南五村 for 南五村), else the name (荣芳里, not 荣芳)
        term = next((t for t in question.terms if name in t.text), None) or Term(name, (name,), True)
        if term not in terms:
            terms.append(term)
    return tuple(terms)


def _shows(term: Term, cand: Candidate, passages: list[Passage]) -> bool:
    """Does the sentence, or the title or place of its report, name the term? A place the question writes
    before a local area (深圳 of 深圳水围社区) is shown by that area, as the grounding finds it (grounding.assess)."""
    passage = passages[cand.passage_rank]
    text = f"{passage.title}\n{passage.place}\n{cand.text}"
    return covers(term, text, text.lower()) or locates(term, text, passage.place)


# How much a sentence's own traits move its score (tuned on the seeds and the pool's calibration questions):
# what it shares with the question beyond the key terms (character bigrams: "1000户以下的中小型" picks the
# sentence on small communities, not the one on large ones), concrete content, and lede / slogan / outlook.
_OVERLAP_WEIGHT = 0.3
_CONCRETE_WEIGHT = 0.1
_FILLER_PENALTY = 0.3
_LEDE_PENALTY = 0.15
_BACKGROUND_PENALTY = 0.3  # a how-to-solve question restates the problem, so its statement echoes it
_ACTION_WEIGHT = 0.3  # a how-question's steps are told in verbs (联系, 协调, 安装); a lede in nouns
# A problem stated: background to a how-question (and a reason to a why-question)
_PROBLEM = re.compile(r"问题|难题|瓶颈|痛点|困难|不便|难以|缺乏|不足|短缺")
_RESPONSE = re.compile(r"针对|为了|为")  # …unless the sentence opens with the response to it
_NEAR_FOCUS = 0.3  # the amount stands next to what was asked about (撬动资金6.29亿元 for 撬动了多少资金)
_REFINED = 10
# Where something came from (从哪来, 来源): the answer names its source in a closed set of constructions
_ASKS_SOURCE = re.compile(r"从哪|哪来|来源|来自哪")
_SOURCE = re.compile(r"由[^，。；]{1,20}(?:提供|贡献|捐|出资|筹|支付|承担)|来自|来源于|自筹|筹集|募集|捐赠|捐献|众筹")
_ASKED_WEIGHT = 0.3  # a how / why / what answer shares the predicate asked about (Question.asked)
_TYPED_EXTRA = 3  # sentences below the best _REFINED that hold the asked kind of fact are looked at too
_ASKS_LIST = re.compile(r"哪几|哪些|\bwhich\b", re.I)
_LISTED = re.compile(r"(?:哪几个|哪几|哪些)([\u4e00-\u9fff]+)")  # the kind of thing listed: 区 in 哪几个区
_ENUMERATION = re.compile(r"[^、，。；]{1,14}、[^、，。；]{1,14}、")  # three or more items
# A list without the kind after each item: two or more quoted names in a row, followed closely by the kind
# of thing (“邻里守望”“垃圾分类”“四季花信”为主题)
_ITEMS = r"(?:“[^”]{1,16}”[、和及与]?){2,}"


_WHICH_EN = re.compile(r"\bwhich\s+([a-z][a-z -]*)", re.I)


def listed_kind(question: Question) -> str:
    """The kind of thing a which-ones question lists: 区 in 哪几个区; for "which communities", the glossary's
    Chinese for the word after which (社区), as the question's terms translate it. "" when not said."""
    if question.chinese:
        listed = _LISTED.search(question.normalised)
        if listed is None:
            return ""
        words = tags(listed.group(1))  # 哪几个主题 → 主题; 哪几个区 → 区
        if words[0][0] in CLASSIFIERS:  # a measure word (哪几样, 哪几项指标) counts the items, it is no kind
            words = words[1:]
        if not words:
            return ""
        noun = words[0]
        return noun[0] if noun[1].startswith("n") or noun[1] == "vn" else ""
    asked = _WHICH_EN.search(question.normalised)
    if asked is None:
        return ""
    words = " ".join(asked.group(1).lower().split()[:3])  # which (Chongqing) communities: its noun, not a name
    placed = sorted((words.find(term.text), alt) for term in question.terms if not term.entity and term.text in words
                    for alt in term.alternatives[:1] if is_chinese(alt))
    return placed[0][1] if placed else ""


def enumerates(text: str, kind_of_thing: str = "") -> bool:
    """Does the sentence list several things — of the kind asked for, when the question says (安乐区、信义区
    for 哪几个区; “邻里守望”“垃圾分类”为主题 for 哪几个主题; three or more items closed by 等 and the kind, the
    way Chinese names what it lists: 停车难、高空抛物、噪音扰民等问题 for 提了哪些问题), else any three?"""
    if kind_of_thing:
        kind = re.escape(kind_of_thing)
        return bool(re.search(rf"[\u4e00-\u9fff]{{1,8}}{kind}[、和及与][\u4e00-\u9fff]{{1,8}}{kind}", text)
                    or re.search(rf"{_ITEMS}[^，。；]{{0,6}}{kind}", text)
                    or re.search(rf"{_ENUMERATION.pattern}[^、，。；]{{1,14}}等{kind}", text))  # 停车难、高空抛物、噪音扰民等问题
    return bool(_ENUMERATION.search(text))
_NAMES_TAGGED = 2  # a who-question's best candidates are searched for unknown names (张马定), not all
# How far below the best a sentence holding the asked kind of fact may score and be quoted; only the best
# candidates by terms are looked at closely (jieba's tagger costs ~2 ms a sentence).
_TYPED_RATIO = 0.5
# A question about plans (打算, 计划, 将…) is answered by the outlook sentences other questions skip.
_PLAN = re.compile(r"打算|计划|准备|将要|将会|下一步|今后|未来|\b(?:plan|will|going to|next)\b", re.I)


def _question_grams(question: str) -> set[str]:
    """The question's character bigrams, without its question words: what an answer sentence echoes."""
    return bigrams(_QUESTION_SHAPE.sub(" ", question).replace(" ", "|")) - {"||"}


_FOCUS_WINDOW = 12  # characters between the amount and the asked-about word
_DATE_WINDOW = 20  # a date opens its clause, the subject stands between it and the event verb (7月20日下午，甘泉路街道举行…)


def amount_near_focus(text: str, pattern: re.Pattern[str], focus: tuple[str, ...], window: int = _FOCUS_WINDOW) -> bool:
    """Is an amount within `window` characters of a focus word (either side)?"""
    spots = [m.start() for word in focus for m in re.finditer(re.escape(word), text)]
    return any(abs(m.start() - spot) <= window or abs(spot - m.end()) <= window
               for m in pattern.finditer(text) for spot in spots)


def counts_asked(question: Question, sentence: str) -> bool:
    """Does an amount of the sentence stand next to what a how-much question asks it of — a focus word, or the
    sentence's own verb for an asked verb (偷逃 for 逃税) — and not after a second predicate (并罚款1.06亿元;
    amount_owner.amount_of_act)?"""
    focus = question.focus
    if not focus:
        return False
    verbs = tuple(w for w, f in question.words if w in focus and f.startswith("v"))
    return amount_of_act(sentence, count_pattern(question) or QUANTITY, focus, verbs, _FOCUS_WINDOW)


def _typed(cand: Candidate, kind: str, asked: Question, unknown_names: bool = True) -> bool:
    """Does the sentence carry the kind of fact asked for (the amount, the date, a step, a reason, a name)?
    unknown_names: look for names jieba's dictionary lacks too (its HMM: ~7 ms a sentence)."""
    if kind == "fact":
        return True
    if kind == "count" and (pattern := count_pattern(asked)) is not None:
        return bool(pattern.search(cand.text))
    if kind == "who" and role(cand.text, names=unknown_names).persons:
        return True
    if kind == "when":  # a date as the answer-type check reads one (6月初, 年底, 今年, 90年代), not only a day
        return bool(_WHEN_FACT.search(cand.text))
    if kind == "where":  # a place as the answer-type check reads one (位于和平路18号, jieba's ns), the question's own blanked
        blanked = without_question(cand.text, asked.normalised, list(asked.terms))
        return gives_fact("where", blanked, asked.normalised)
    if kind == "why" and states_cause(cand.text):
        return True
    cue = _CUES.get(kind)
    return bool(cue.search(cand.text)) if cue is not None else True


# A causal clause: a causal preposition or conjunction as jieba tags it (因电车数量增加, 因形似芭蕉叶而得名,
# 因为锈蚀严重: not the 因 of 因此 or 因地制宜), or an attribution frame (受…影响, 与…有关, 之所以, 源于).
_CAUSAL_WORDS = frozenset({"因", "因为", "由于", "鉴于", "缘于", "源于", "出于"})
_CAUSAL_FRAME = re.compile(r"受[^，。；,;]{1,16}影响|与[^，。；,;]{1,16}有关|之所以|归因于|是因为|原因[是在]")


# A purpose clause opens with the preposition 为了, or 为 before a verb (为确保…, 为进一步落实…: not 为居民提供, where
# 为 is "for"); a result is told by a conjunction or adverb of consequence after its cause in the same sentence
# (…逾期未偿还借款，物业公司遂…诉至法院; a sentence opening with 因此 or 为此 points back to a cause it does not
# state). Closed grammatical classes, read in jieba's tags.
_PURPOSE_WORDS = frozenset({"为了", "为着"})
_RESULT_WORDS = frozenset({"因此", "所以", "于是", "从而", "故而", "因而", "以致", "致使", "遂", "为此"})


def _opens_purpose(words: list[tuple[str, str]], at: int) -> bool:
    """Does a purpose clause open at word `at` (at a clause's start: the sentence's or after a comma)?"""
    word, flag = words[at]
    if flag != "p" or at > 0 and words[at - 1][1] != "x":
        return False
    following = words[at + 1][1] if at + 1 < len(words) else ""
    return word in _PURPOSE_WORDS or word == "为" and following[:1] in {"v", "d"}


@lru_cache(maxsize=4096)
def states_cause(sentence: str) -> bool:
    """Does the sentence state a cause in a clause of its own (a why-question's answer): a causal preposition or
    conjunction, an attribution frame, a purpose clause (为确保…) or a result told after its cause (…，遂…)?"""
    words = list(tags(sentence))
    return bool(_CAUSAL_FRAME.search(sentence)) or any(
        flag in {"p", "c"} and word in _CAUSAL_WORDS or _opens_purpose(words, at)
        or flag in {"c", "d", "r"} and word in _RESULT_WORDS and any(f != "x" for _, f in words[:at])
        for at, (word, flag) in enumerate(words))


def gives_asked_kind(question: Question, cand: Candidate) -> bool:
    """Does the sentence hold the kind of fact the question asks (the amount, the date, a name…)? False for
    questions without one kind (how, what)."""
    if question.kind not in _CHECKABLE:
        return False
    return _typed(cand, question.kind, question)


def dated_event(question: Question) -> tuple[str, ...]:
    """The words of the event a when-question dates: its predicate after the question word (什么时候开展的 →
    开展), else the verbs of the phrase it dates (报名截止时间是什么时候 → 报名, 截止), else its focus words but
    the frame noun (时间, 日期), which the answer need not repeat; for a question with no question word (耶伦访华时间,
    宣誓仪式的时间), the event as the answer-type check reads it: the question's verbs, else the word before its
    frame noun."""
    if question.dated:
        return question.dated
    verbs = tuple(w for w, f in tags(question.dated_subject) if f.startswith("v") and len(w) >= 2)
    return (verbs or tuple(w for w in question.focus if not _FRAME_NOUNS["when"].fullmatch(w))
            or tuple(event_dated(question, list(question.terms))))


def dates_event(sentence: str, question: str, event: tuple[str, ...], predicate: bool = False) -> bool:
    """Does a date of the sentence — not a year or number the question itself gives — stand within _DATE_WINDOW
    characters of a word of the asked event (dated_event)? A date elsewhere in it dates something else.
    predicate: the event is the question's predicate after its question word (Question.dated), which the sentence
    may say in its own verb (said_event), as the answer-type check reads it."""
    blanked = without_question(sentence, question, [])
    if amount_near_focus(blanked, _WHEN_FACT, event, _DATE_WINDOW):
        return True  # the asked words themselves: the sentence need not be tagged (said_event adds words only)
    return predicate and amount_near_focus(blanked, _WHEN_FACT, said_event(blanked, event), _DATE_WINDOW)


def said_event(sentence: str, event: tuple[str, ...]) -> tuple[str, ...]:
    """The asked event's words and the sentence's own verbs for it — a verb sharing a character with one or glossed
    alike (废止 for 废除, 开张 for 开业) — as answer_type.says_dated reads the event said: reports use their own verbs."""
    verbs = {w for w, f in tags(sentence) if f.startswith("v") and len(w) >= 2 and w not in event}
    return event + tuple(sorted(v for v in verbs if any(set(v) & set(w) or same_sense(w, v) for w in event)))


_CLAUSE = re.compile(r"[，,；;：:。！？!?]")
_PERSONAL = re.compile(r"^(?:她|他)们?")


def names_in_focus(sentence: str, focus: tuple[str, ...], unknown_names: bool = True) -> bool:
    """Does a clause of the sentence that says a focus word of a who-question (掏, 负责, 经理) name a person or an
    organisation? The name asked for is said with the role or act asked about; a name in another clause is
    someone else's."""
    persons = role(sentence, names=unknown_names).persons  # tagged once, for the sentence's type already
    if not persons:
        return False
    clauses = [c for c in _CLAUSE.split(sentence) if any(shows_word(word, c) for word in focus)]
    # a clause whose subject is a personal pronoun (她发起…) names whom the sentence names
    return any(_PERSONAL.match(c) or any(p in c for p in persons) for c in clauses)


_DOER_WEIGHT = 0.5  # a who-question: the name stands in the clause that says what was asked (names_doer)
_DOER_SHARE = 0.5  # the share of the asked words a clause naming someone says to be the answer's (near)
_DOER_FLAGS = re.compile(r"^(?:n|v|a|eng)")
_PERSON_TAGS = frozenset({"nr", "nrfg", "nrt", "nt"})
# Asked for a person or a doer (谁, 哪位, 名字, who), not for a named thing (品牌叫什么: a name in quotes answers)
_ASKS_WHO = re.compile(r"谁|哪位|名字|姓名|\bwho\b", re.I)


def who_words(question: Question) -> tuple[tuple[str, ...], ...]:
    """What a who-question says of the one it asks for (谁向居民区党总支提出来的 → 居民区, 党总支, 提出): its
    content words by part of speech, without the names every passage of the case shares (the place), the
    question words and copulas; for an English question, each non-name term's Chinese renderings (one word)."""
    if not _ASKS_WHO.search(question.normalised):
        return ()
    if not question.chinese:  # the word naming a place's kind after its name (Xicun neighbourhood) is part of the name
        text = question.normalised.lower()
        named = [t.text.lower() for t in question.terms if t.entity]
        return tuple(alts for t in question.terms if not t.entity
                     and not any(re.search(rf"\b{re.escape(n)}\s+{re.escape(t.text.lower())}\b", text) for n in named)
                     if (alts := tuple(a for a in t.alternatives if is_chinese(a))))
    named = [t.text for t in question.terms if t.entity]
    clauses = _CLAUSE.split(question.normalised)  # the clause that asks (…以后，换排污管的钱是谁掏的), not its setting
    asking = next((c for c in clauses if _ASKS_WHO.search(c)), question.normalised)
    return tuple((w,) for w in dict.fromkeys(
        w for w, f in tags(asking) if _DOER_FLAGS.match(f) and not is_function_word(w, f) and w not in _COPULAS
        and not _QUESTION_SHAPE.fullmatch(w) and not w.isdigit() and not any(w in n for n in named)))


def names_doer(sentence: str, words: tuple[tuple[str, ...], ...], persons: tuple[str, ...], question: str = "") -> float:
    """The share of a who-question's words (who_words: each a word and its renderings) said in the clause
    of the sentence that names someone — a person, an organisation (业委会出资更换…排污管), or 她/他 with the
    antecedent quoted — best clause: the one asked for is named where the asked role or act is said. A name
    the question itself gives (中博物业公司 in 中博物业公司的经理叫什么) is not the one asked for."""
    if not words:
        return 0.0
    persons = tuple(p for p in persons if p not in question)
    best = 0.0
    for clause in _CLAUSE.split(sentence):
        share = sum(any(shows_word(w, clause) for w in alts) for alts in words) / len(words)
        if share <= best:
            continue
        # a clause saying the asked words is tagged for names jieba's dictionary lacks (施聪雪): it is short
        if (_PERSONAL.match(clause) or any(p in clause for p in persons)
                or any(len(w) >= 2 and w not in question and (f in _PERSON_TAGS or f.startswith("n") and ORG_SUFFIX.search(w))
                       for w, f in tags(clause, names=True))):
            best = share
    return best


_ASKS_HOW_WHY_EN = re.compile(r"\b(?:why|how)\b", re.I)


def asked_renderings(question: Question) -> tuple[tuple[str, ...], ...]:
    """The asked predicate of a how / why question, each word with its renderings: a Chinese question's words
    (Question.asked) as themselves; an English question's words after why / how (why did the developer refuse
    to hand over the flat → 开发商…, 拒绝…, 交付…) as their dictionary Chinese of two characters or more (交 alone
    is in every other word)."""
    if question.chinese:
        return tuple((word,) for word in question.asked)
    asked = _ASKS_HOW_WHY_EN.search(question.normalised)
    if asked is None or question.kind not in {"howto", "why"}:
        return ()
    after = question.normalised[asked.end():].lower()
    return tuple(alts for t in question.terms if not t.entity and t.text.lower() in after
                 if (alts := tuple(a for a in t.alternatives if len(a) >= 2 and is_chinese(a))))


_ASKS_NAME = re.compile(r"叫什么|什么名字|名称是什么")
_QUOTED_NAME = re.compile(r"“[^”]{1,12}”")


def names_thing(question: Question, sentence: str) -> bool:
    """A question asking what a thing is called (自治品牌叫什么, 项目的名称是什么): does a name in quotes stand within
    _FOCUS_WINDOW characters of the thing asked about (发布了“泉治”品牌)? A person's name is not quoted: 负责人叫什么
    is answered by names_in_focus."""
    return (bool(question.focus) and bool(_ASKS_NAME.search(question.normalised))
            and amount_near_focus(sentence, _QUOTED_NAME, question.focus))


# The kinds of fact states_asked_fact reads where it is asked (a count next to its focus, a date next to the event,
# a name in the asked role's clause); it says False for the others.
STATED_KINDS = frozenset({"count", "when", "who"})


def states_asked_fact(question: Question, sentence: str) -> bool:
    """Does the sentence give the asked figure, date or name where the question asks it: an amount next to a
    focus word, a date next to a word of the asked event, a name in the clause of the asked role or act (as
    `refine` reads its candidates)? False for other kinds."""
    kind, text = question.kind, question.normalised
    cand = Candidate(0, 0, len(sentence), sentence, 0.0)
    if kind == "who" and names_thing(question, sentence):
        return True
    if kind not in STATED_KINDS or not _typed(cand, kind, question):
        return False
    if kind == "count":
        return counts_asked(question, sentence)
    if kind == "when":
        return dates_event(sentence, text, dated_event(question), predicate=bool(question.dated))
    return names_in_focus(sentence, question.focus) or names_thing(question, sentence)


def refine(question: Question, candidates: list[Candidate], passages: list[Passage]) -> list[Candidate]:
    """Re-score the best candidates by what the sentence is, not only by the terms it shares."""
    kind, focus, text = question.kind, question.focus, question.normalised
    grams = _question_grams(text)
    plans = bool(_PLAN.search(text))
    ought = asks_ought(question.words)  # 应该怎么做: advice (要及时报警) is the answer, not filler
    ranked = sorted(candidates, key=lambda c: -c.score)
    best = ranked[:_REFINED]
    follows = _sequel(question, ranked, passages) if kind == "howto" else None
    if follows is not None and follows not in best:
        best.append(follows)
    cue = (count_pattern(question) if kind == "count" else None) or _CUES.get(kind)
    if kind in _CHECKABLE and cue is not None:  # and the best few holding the asked kind of fact
        best += [c for c in ranked[_REFINED:] if cue.search(c.text)][:_TYPED_EXTRA]
    lists = bool(_ASKS_LIST.search(text))
    listed = listed_kind(question)
    sourced = kind == "fact" and bool(_ASKS_SOURCE.search(text))
    events = dated_event(question) if kind == "when" else ()
    doer_words = who_words(question) if kind == "who" else ()
    predicate = asked_renderings(question)
    # the words the question says before its question word (its subject: 流行语 of 流行语又被称作什么): a sentence
    # fills the slot only when it or its report's title says them (茂宜岛又被称作… is another subject's)
    wh = asked_at(text)
    attribute = asked_attribute(text)  # 职业 of X的职业是什么: what the answer says, not a word it repeats
    opens = max((m.end() for m in _CLAUSE.finditer(text[:max(wh, 0)])), default=0)  # the clause that asks
    subject = [t for t in question.terms if not t.optional and opens <= text.find(t.text) < wh and t.text not in attribute]
    names = [t for t in question.terms if (t.entity or _DIGITS.search(t.text)) and not t.optional]  # names, figures
    defined: list[Candidate] = []
    for place, cand in enumerate(best):
        if cand.refined:
            continue
        cand.refined = True
        traits = role(cand.text)
        overlap = len(grams & bigrams(cand.text)) / len(grams) if grams else 0.0
        cand.filler = traits.filler and not (plans and traits.outlook or ought and traits.exhortation)
        cand.lede = is_lede(passages[cand.passage_rank].chunk_id, cand.number)
        cand.typed = _typed(cand, kind, question, unknown_names=place < _NAMES_TAGGED) and not cand.filler
        near = kind == "count" and cand.typed and counts_asked(question, cand.text)
        if kind == "who":  # the name in a clause on what was asked about (掏钱, 负责), not elsewhere in the sentence
            near = cand.typed and names_in_focus(cand.text, focus, unknown_names=place < _NAMES_TAGGED)
            if names_thing(question, cand.text):  # 品牌叫什么: the name in quotes beside 品牌
                cand.typed = near = True
        if kind == "when":  # a date next to a word of the asked event (6月初至7月初…组织开展), not the question's own
            near = cand.typed and dates_event(cand.text, text, events, predicate=bool(question.dated))
        if lists:  # "哪几个区", "which communities": the answer names several (安乐区、信义区、中正区)
            near = enumerates(cand.text, listed)
        if asks_which(question):  # 哪笔钱: the sentence naming a thing of that kind (专项经费), said
            # of what was asked about (路灯), in it or in the sentence it goes on from (…路灯…。对此，…专项资金。)
            topic = continued(passages[cand.passage_rank].passage, cand.start, cand.end)
            near = names_asked_kind(question, cand.text) and (
                not question.asked or any(shows_word(word, topic) for word in question.asked))
        if sourced:  # "工具都是从哪来的": who or what provided it (由…贡献, 来自, 筹集), said of the thing asked about
            near = bool(_SOURCE.search(cand.text)) and any(word in cand.text for word in question.asked)
        # a how / why / what question's asked predicate (分流居民的简单问题, 没能出钱换路灯): the sentence saying it
        asked = (sum(any(shows_word(word, cand.text) for word in alts) for alts in predicate) / len(predicate)
                 if predicate and kind in {"howto", "why"} and not cand.lede else 0.0)  # a lede echoes all
        if kind == "why":  # the reason stated of what was asked, not of the case's background
            near = cand.typed and asked > 0
        cand.near = near
        cand.asked = asked
        doer = names_doer(cand.text, doer_words, role(cand.text, names=place < _NAMES_TAGGED).persons,
                          question.normalised) if doer_words else 0.0
        cand.typed = cand.typed or doer > 0  # the clause names someone (施聪雪, whom the tagger found there)
        cand.near = cand.near or doer >= _DOER_SHARE  # …and says most of what was asked of them
        # a how-question is answered by what was done, not by the problem it solved (its background)
        background = (kind == "howto" and bool(_PROBLEM.search(cand.text)) and not _STEP_CUES.search(cand.text)
                      and not _RESPONSE.match(cand.text))
        passage = passages[cand.passage_rank]
        said = f"{passage.title}\n{passage.place}\n{cand.text}"
        cand.named = all(covers(t, said, said.lower()) for t in names)
        cand.slot = fills_slot(text, cand.text) if question.chinese and on_subject(said, subject, names) else 0
        cand.defines = defines_subject(question, passage, cand.text)
        if not cand.near and cand.defines:
            defined.append(cand)  # near by its definition alone: _beyond_subject may take the lead back
        cand.near = cand.near or cand.defines
        cand.score += (_OVERLAP_WEIGHT * overlap + _CONCRETE_WEIGHT * min(traits.concrete, 3) / 3
                       - _FILLER_PENALTY * cand.filler - _BACKGROUND_PENALTY * background + _NEAR_FOCUS * near
                       - _LEDE_PENALTY * (cand.lede and kind in {"howto", "why", "fact"}) * (1 + (kind == "howto"))
                       + _ACTION_WEIGHT * traits.action * (kind == "howto")
                       + _ASKED_WEIGHT * asked * (not question.asks_shared)  # a side's shared predicate: lead only
                       + _DOER_WEIGHT * doer)
    _beyond_subject(question, defined, best, passages)
    _fill_slot(best, kind)
    if follows is not None and not follows.sequel:
        follows.sequel = True
        follows.score += _SEQUEL_WEIGHT
    return best


def _beyond_subject(question: Question, defined: list[Candidate], refined: list[Candidate],
                    passages: list[Passage]) -> None:
    """A definition of the titled subject (defines_subject) answers what the subject is; a question that says more
    of it (成年的钩盲蛇是什么颜色: 成年, 颜色; 克什米尔马鹿的生存会受到什么威胁: 生存, 威胁) asks about a part or an act
    of the subject, which the sentence saying those words tells (成年的钩盲蛇身体呈亮灰色或紫色). The definition keeps
    its place among the quotes but leads no more (its near flag is dropped) when another refined sentence, no
    filler, says a word of the question that neither the definition nor its report's title says — other than the
    kind of thing asked (the noun after the question word, 什么职业; the attribute asked, X的职业是什么), which a
    definition gives without naming it (徐晓飞是中国足球运动员)."""
    if not defined:
        return
    kind_asked = f"{asked_tail(question.normalised) or ''}|{asked_attribute(question.normalised)}"
    for cand in defined:
        passage = passages[cand.passage_rank]
        said = f"{passage.title}\n{cand.text}"
        beyond = [t for t in question.terms if not t.optional and t.text not in kind_asked
                  and not covers(t, said, said.lower())]
        if any(other is not cand and not other.filler and not other.defines
               and any(covers(t, other.text, other.text.lower()) for t in beyond) for other in refined):
            cand.near = False


_SETTING_ECHO = 0.5  # the share of the setting's character pairs a sentence restating it says
_SEQUEL_WEIGHT = 0.3


def _sequel(question: Question, ranked: list[Candidate], passages: list[Passage]) -> Candidate | None:
    """A how-question that sets a scene before it asks (万佳苑小区长廊改造一开始很多居民反对，后来是怎么说通的?)
    asks what was done about it: a report tells the scene, then what was done (…遭到了不少居民的反对…。在4号楼
    楼组长徐鹏与居民们耐心沟通下，…最终同意了). The sentence after the one restating the scene best (half its
    character pairs or more), in the same passage: a candidate, or read from the passage when it shares no term."""
    text = question.normalised
    breaks = [m.start() for m in _CLAUSE.finditer(text.rstrip("？?。！! "))]
    if not breaks or not question.chinese:
        return None
    setting = text[:breaks[-1]]
    if question.own:  # a side's own words name its case (宽城法院的人民法庭，…): they set no scene
        setting = setting.replace(normalise_query(question.own), "")
    grams = _question_grams(setting)
    if len(grams) < 2:
        return None
    echo = max(ranked, key=lambda c: len(grams & bigrams(c.text)), default=None)
    if echo is None or len(grams & bigrams(echo.text)) < _SETTING_ECHO * len(grams):
        return None
    passage = passages[echo.passage_rank].passage
    follows = next(((start, end) for start, end in sentence_spans(passage) if start >= echo.end), None)
    if follows is None or len(passage[follows[0]:follows[1]]) < 6:
        return None
    found = next((c for c in ranked if c.passage_rank == echo.passage_rank and c.start == follows[0]), None)
    return found or Candidate(echo.passage_rank, *follows, passage[follows[0]:follows[1]], echo.score * _CONTEXT,
                              number=echo.number + 1)


def on_subject(said: str, subject: list[Term], names: list[Term]) -> bool:
    """Is a sentence (with its report's title and place) on the subject the question asks about: every name and
    figure of the question (a year qualifies: 2008年…将什么发射升空), and all but a third of the words its asking
    clause says before the question word (a long question's setting, 居委会照顾孤老直到送终, is not repeated by
    the sentence answering its last clause)?"""
    lower = said.lower()
    return (all(covers(t, said, lower) for t in names)
            and sum(covers(t, said, lower) for t in subject) >= len(subject) - len(subject) // 3)


_SLOT_MIN = 3  # characters of the question a sentence must say around the filler
_SLOT_WEIGHT = 0.3


def _fill_slot(refined: list[Candidate], kind: str) -> None:
    """The refined sentences saying most of the question around a filler where its question word stands
    (slot.fills_slot) answer it where it is asked: they score higher and lead the answer (near), a checkable
    kind only when they hold the kind of fact asked (typed)."""
    most = max((c.slot for c in refined), default=0)
    if most < _SLOT_MIN:
        return
    for cand in refined:
        if cand.slot == most and not cand.filler and (cand.typed or kind not in _CHECKABLE) and not cand.filled:
            cand.filled = cand.near = True
            cand.score += _SLOT_WEIGHT


def _practice_first(cand: Candidate) -> tuple:
    """For a comparison: what a side did (told in verbs; not its background, a slogan or the lede), then
    the score."""
    background = bool(_PROBLEM.search(cand.text)) and not _RESPONSE.match(cand.text)
    return (cand.filler, background, cand.lede, -cand.score - _ACTION_WEIGHT * role(cand.text).action)


def _compare(sides: list[Term], scored: list[Candidate], question: Question, passages: list[Passage],
             per_side: int) -> list[Candidate] | None:
    """"海园和高华分别做了什么": each side's own practice, side by side; None if a side has no sentence."""
    chosen: list[Candidate] = []
    for term in sides:
        if any(_shows(term, c, passages) for c in chosen):
            continue  # 深圳 and 坂田街道 are one side: the sentence chosen for one shows the other
        side = [c for c in sorted(scored, key=lambda c: -c.score) if c not in chosen and _shows(term, c, passages)]
        if not side:
            return None
        side = sorted(refine(question, side[:_SIDE_REFINED], passages), key=_practice_first)
        for cand in side[:per_side]:
            if not any(c.passage_rank == cand.passage_rank and c.start < cand.end and cand.start < c.end
                       for c in chosen):
                chosen.append(cand)
    return chosen


_SIDE_REFINED = 6  # a side's best candidates by terms that are looked at closely


# Words that ask to compare two things ("X和Y有什么不同", "分别怎么做"): a closed class, like question words.
_COMPARES = re.compile(r"分别|不同|区别|差异|差别|相比|比较|各自|各是|各有")
_JOINS = re.compile(f"[{JOINERS}]")  # the joining words (query.JOINERS)


def comparison_sides(question: str, terms: list[Term]) -> list[Term]:
    """The things a question compares: its names (海园, 高华), or, when it asks to compare and names fewer
    than two, the terms on either side of the conjunction (江秋新苑和海园居民区有什么不同 → 江秋新苑, 海园)."""
    named = [t for t in terms if t.entity]
    if len(named) >= 2 or not _COMPARES.search(question):
        return named
    join = _JOINS.search(question)
    if join is None:
        return named
    placed = [(question.find(t.text), t) for t in terms if question.find(t.text) >= 0]
    before = [(i, t) for i, t in placed if i + len(t.text) <= join.start()]
    after = [(i, t) for i, t in placed if i >= join.end()]
    if not before or not after:
        return named
    return [max(before, key=lambda it: it[0])[1], min(after, key=lambda it: it[0])[1]]


def ranked(question: Question, passages: list[Passage]) -> list[Candidate]:
    """The refined candidate sentences (`refine`: the best by terms, and those holding the asked kind of
    fact), best score first: what `select` quotes from, and what the learned order (order.py) ranks."""
    scored = score_sentences(question, passages)
    return sorted(refine(question, scored, passages), key=lambda c: -c.score) if scored else []


def select(question: Question, passages: list[Passage]) -> list[Candidate]:
    """The sentences that answer, in the order they are quoted (see `arrange`)."""
    kind = question.kind
    scored = score_sentences(question, passages)
    if not scored:
        return []
    candidates = sorted(refine(question, scored, passages), key=lambda c: -c.score)
    limit, ratio = (2, 0.75) if kind in {"fact", "count", "who", "when", "where", "rate"} else (4, 0.6)
    two_parts = question.two_parts
    if limit == 2 and two_parts:  # "上海和北京…分别是多少": a sentence for each part
        limit, ratio = 4, 0.6
    named = question.entities
    sides = comparison_sides(question.normalised, list(question.terms)) if two_parts else []
    if len(sides) >= 2:  # a comparison: each side's answer, not its background
        chosen = _compare(sides, scored, question, passages, per_side=max(1, limit // len(sides)))
        if chosen:
            return arrange(chosen, kind, grouped=True)
        if all(t.entity for t in sides):
            return []  # a named side with no sentence: no answer rather than half of one
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
    if len(named) >= 2:  # "海园和高华…": each name gets a sentence that shows it, or there is no answer
        for term in named:
            if not any(_shows(term, c, passages) for c in chosen):
                extra = next((c for c in sorted(scored, key=lambda c: -c.score)
                              if c not in chosen and _shows(term, c, passages)), None)
                if extra is None and not term.common:  # 上门/ns is a word, not a name: quoted where shown
                    return []
                if extra is not None:
                    chosen.append(extra)
    if limit == 2 and (follower := _follower(question, chosen, candidates, passages, top)) is not None:
        chosen.append(follower)
    lists = bool(_ASKS_LIST.search(question.normalised))
    which = asks_which(question)
    for holds in (lambda c: c.typed, lambda c: c.near):
        if (kind in _CHECKABLE or lists or which) and not any(holds(c) for c in chosen):
            # the amount, date or name asked for is quoted if a close enough sentence holds it
            extra = next((c for c in candidates if holds(c) and c.score >= top * _TYPED_RATIO), None)
            if extra is not None:
                chosen.append(extra)
    told = _case_tells_asked(chosen, candidates, passages, top)
    if told is not None:  # the leading case's own sentence saying what was asked
        others = [c for c in chosen if passages[c.passage_rank].article_id != passages[told.passage_rank].article_id]
        if len(chosen) >= limit and others:
            chosen.remove(min(others, key=lambda c: c.score))
        chosen.append(told)
    defining = next((c for c in candidates if c.defines and c.score >= top * _DEFINITION_RATIO), None)
    if defining is not None and not any(c.defines for c in chosen):  # the definition of the subject asked
        if len(chosen) < limit:
            chosen.append(defining)
        else:
            chosen[chosen.index(min(chosen[1:] or chosen, key=lambda c: c.score))] = defining
    if kind == "howto":  # an enumeration (一是…二是…) is given whole
        first = chosen[0]
        for cand in scored:
            if (cand.passage_rank == first.passage_rank and re.match(r"[一二三四五六]是", cand.text)
                    and cand not in chosen and len(chosen) < 6):
                chosen.append(cand)
    return arrange(chosen, kind, expected=question.expected)


def _case_tells_asked(chosen: list[Candidate], candidates: list[Candidate], passages: list[Passage], top: float
                      ) -> Candidate | None:
    """A how / why question's answer leads with one case (the report of the best candidate): the sentence of that
    report saying the most of the asked predicate (Candidate.asked), when none of its quotes says as much — not a
    slogan, within _TYPED_RATIO of the best. Another report's sentence may say more of it, and fill the quotes,
    while the leading case's own account of what was asked stays out (…采用“随手拍”等方式，帮助社区工作人员及时发现
    治理中的薄弱环节 for 用什么办法帮社区发现治理短板, behind the case's lede and two other reports' sentences)."""
    if not chosen or not candidates:
        return None
    case = passages[candidates[0].passage_rank].article_id
    quoted = max((c.asked for c in chosen if passages[c.passage_rank].article_id == case), default=0.0)
    best = max((c for c in candidates if passages[c.passage_rank].article_id == case and not c.filler
                and c.score >= top * _TYPED_RATIO and c not in chosen
                and not any(o.passage_rank == c.passage_rank and o.start < c.end and c.start < o.end for o in chosen)),
               key=lambda c: (c.asked, c.score), default=None)
    return best if best is not None and best.asked > quoted else None


_FOLLOWER_RATIO = 0.5  # how far below the best the follower of a quote may score and be quoted


def _follower(question: Question, chosen: list[Candidate], candidates: list[Candidate], passages: list[Passage],
              top: float) -> Candidate | None:
    """When no quote gives the asked fact where it is asked (near, filled, defines): the sentence right after a
    quoted one, in its passage, that says a word of the question the quoted one does not (…共设3个出入口：西北A口、
    东北B口、东南C口… → 东南C口通往…): read together they answer. A candidate holding the asked kind of fact, no
    slogan, within _FOLLOWER_RATIO of the best."""
    if any(c.near or c.filled or c.defines for c in chosen):
        return None  # a quote gives the asked fact where it is asked already
    terms = [t for t in question.terms if not t.entity]
    for cand in chosen:
        passage = passages[cand.passage_rank].passage
        after = next(((start, end) for start, end in sentence_spans(passage) if start >= cand.end), None)
        if after is None:
            continue
        follows = next((c for c in candidates if c.passage_rank == cand.passage_rank and c.end == after[1]
                        and c not in chosen), None)
        if (follows is None or follows.score < top * _FOLLOWER_RATIO or follows.filler
                or question.kind in _CHECKABLE and not follows.typed):
            continue
        said, told = cand.text.lower(), follows.text.lower()
        if any(covers(t, follows.text, told) and not covers(t, cand.text, said) for t in terms):
            return follows
    return None


_BRACKETS = re.compile(r"（[^（）]*）|\([^()]*\)")
_DEFINING_KINDS = frozenset({"fact", "who"})
_DEFINITION_RATIO = 0.5  # how far below the best the definition may score and be quoted
# What a question says right after its subject when it asks of that subject itself: 的 (X的定义), a copula, a verb of
# naming or belonging, or an adverb before one (又, 也, 还): a closed class, not another noun (X女友的职业)
_SAID_OF = re.compile(r"[的是为又亦也还属指叫被称]")


def _said_of_subject(rest: str) -> bool:
    """Does what the question says after its subject go on about that subject: 的, a copula or a verb of naming
    (_SAID_OF), or an adverb, time word or preposition (原来的名字, 以什么为燃料), not another noun (女友 of X女友的职业)
    nor a verb, whose predicate a definition seldom says (劲松站呈什么走向)?"""
    if not rest:
        return False
    if _SAID_OF.match(rest):
        return True
    word, flag = tags(rest)[0]
    return not flag.startswith(("n", "r", "m", "q", "f", "s", "v"))


def _asking_clause(question: str) -> str:
    """The clause of the question holding its question word, up to that word (在光学中，焦比表示什么 → 焦比表示)."""
    at = asked_at(question)
    return _CLAUSE.split(question[:at])[-1] if at >= 0 else ""
_KIND_TAIL = 6  # characters a question may say after its question word and still ask what X is (叫什么语, 哪条线路的车站)


def defines_subject(question: Question, passage: Passage, sentence: str) -> bool:
    """A question asking, at its end, what its report's titled subject is, is called, belongs to or does (操场的定义
    是什么, 瑞尼尔山又被称作什么, 亚麻属于哪个属, 班杰是什么职业): is the sentence the one defining that subject — it
    opens with the title's name, asides in brackets left out, followed by apposition or a copula (瑞尼尔山（），亦称…;
    亚麻是…)? An encyclopedic report says what its subject is in one sentence that rarely repeats the attribute asked
    (定义, 职业). Only for titles that are names (answer_type.names_a_subject), never a news headline."""
    if question.kind not in _DEFINING_KINDS or not question.chinese:
        return False
    title = _BRACKETS.sub("", passage.title).replace("_", " ").strip()
    tail = asked_tail(question.normalised)
    if (len(title) < 2 or tail is None or len(tail) > _KIND_TAIL or _ASKS_LIST.search(question.normalised)
            or not _said_of_subject(_asking_clause(question.normalised).partition(title)[2])):
        return False  # a list asked (操场的种类有哪些), or another subject (戴龙·罗伯斯女友的职业)
    if not names_a_subject(passage.title):
        return False
    return re.match(rf"{re.escape(title)}(?:[，,：:]|是|为|又|亦|也)", _BRACKETS.sub("", sentence)) is not None


_CHECKABLE = frozenset({"count", "rate", "when", "who", "where", "why"})
_LEDE_ANSWERS = frozenset({"when", "where", "who"})  # kinds whose answer a lede may lead with (arrange)
_FIGURES = frozenset({"count", "rate", "when"})  # kinds whose cue is the fact itself (a number, a date)


def arrange(chosen: list[Candidate], kind: str, grouped: bool = False, expected: str | None = None
            ) -> list[Candidate]:
    """The order of quoting: first the sentence that holds what was asked (the amount, a step, the reason),
    then each report's other sentences in reading order, reports in the order of their best sentence;
    ledes, slogans and outlooks last, and slogans with nothing concrete dropped when anything else is left.
    grouped: a comparison, whose sides stay in the order asked, each side's best sentence first.
    expected: the kind of fact asked (Question.expected): a what-question asking for an organisation
    (跟哪家社会组织合作的: who) is answered by a lede (…社区联合…研究中心开展…) as a who-question is."""
    if not chosen:
        return []
    lede_answers = kind in _LEDE_ANSWERS or expected in _LEDE_ANSWERS
    solid = [c for c in chosen if not c.filler]
    kept = solid + [c for c in chosen if c.filler and (not solid or role(c.text).concrete > 0)]
    if grouped:
        order = list(dict.fromkeys(c.passage_rank for c in kept))  # sides as asked
        lead = None
    else:
        # a checkable kind of fact (an amount, a date, a name, a reason) must be in the first sentence; a step
        # is weighed by the score, whose cue bonus and verb share already count it
        checkable = kind in _CHECKABLE
        says_asked = any(c.asked for c in kept)  # a how-answer opens with what was asked (照顾老人理发), if any says it
        # a report's first sentence summarises it and echoes every question on it, so it leads last; but a when-,
        # where- or who-answer holds a date, a place or a name as the answer-type check reads one, and a lede that
        # says where its subject is or who it is (X位于…, X本名…) answers. A figure, date or name beside the asked
        # word (near) leads a checkable answer only from a sentence naming what the question names (in it, its
        # report's title or place): 罗伯斯跑出了12秒88 is not the 捷克田径大奖赛 result a named sentence gives
        lead = min(kept, key=lambda c: (checkable and not c.typed, not c.near or checkable and not c.named, c.filler,
                                        c.lede and not lede_answers and not c.filled,
                                        kind == "howto" and says_asked and not c.asked and not c.sequel, -c.score))
        order = list(dict.fromkeys(c.passage_rank for c in [lead, *sorted(kept, key=lambda c: -c.score)]))
    article_of = {rank: next(c for c in kept if c.passage_rank == rank) for rank in order}
    # a report's first sentence (its lede) after the others, unless a lede may answer this kind of question
    rest = sorted((c for c in kept if c is not lead),
                  key=lambda c: (c.filler, c.lede and not lede_answers and not c.filled, order.index(c.passage_rank),
                                 c.passage_rank, c.start))
    del article_of
    return ([lead] if lead is not None else []) + rest


def case_name(passage: Passage) -> str:
    """The case a passage reports on, to label its bullets: the most local part of the report's place
    (静安区 静安寺街道 海园居民区 → 海园居民区), else the first area named in the passage (X社区, X街道, X村…
    by jieba's tags), else the report's title."""
    if passage.place.strip():
        return passage.place.split()[-1]
    if area := _first_area(passage.passage[:300]):
        return area
    title = re.split(r"[，,。！!？?：:｜|\s]", passage.title.removeprefix("原标题："), maxsplit=1)[0]
    return title[:18] or passage.title[:18]


# The local units only (areas.LOCAL_AREAS): a label names the most local case, and with 县/市/社 the first area of a
# passage was a city before its village (成都市 … 大运村), 文明城市, or a news agency (新华社, 路透社): of the pool's
# 2,994 chunks, 576 labels changed, for the worse.
_AREA_END = area_ending(LOCAL_AREAS)
_NAME_PART = frozenset({"ns", "nr", "nz", "n", "nt", "j"})
_NOT_IN_NAMES = re.compile(r"[pcudrvmqf]")  # prepositions, conjunctions, particles, adverbs, pronouns, verbs…


def _first_area(text: str) -> str:
    """The most local of the first areas named in a row (武昌区杨园街道临江社区 → 临江社区): a dictionary
    word ending in an area word, or an area word after a name jieba knows or after up to four single
    characters it does not."""
    tokens = tags(text)
    found, end = "", -1  # the last area of the row, and the token it ends at
    for i, (word, flag) in enumerate(tokens):
        if found and i > end + 4:
            break  # the row of areas has ended
        area = ""
        if len(word) >= 3 and _AREA_END.search(word) and flag in _NAME_PART and word not in LOCAL_AREAS:
            area = word
        elif _AREA_END.fullmatch(word):
            name, j = "", i - 1
            while j > end and len(name) < 4 and is_chinese(tokens[j][0]):
                part, tag = tokens[j]
                if len(part) > 1:
                    name = part + name if tag in _NAME_PART else name
                    break
                if _NOT_IN_NAMES.match(tag):
                    break
                name, j = part + name, j - 1
            area = name + word if len(name) >= 2 else ""
        if area:
            found, end = area, i
    return found


def compose(question: Question, passages: list[Passage], template: dict[str, str]) -> tuple[str, list[Citation]]:
    """Answer text with [n] after every sentence, and the citations those numbers point to.
    When sentences come from several reports, each bullet opens with its case (template `case_label`)."""
    chosen = select(question, passages)
    citations: list[Citation] = []
    lines: list[str] = []
    several = len({passages[c.passage_rank].article_id for c in chosen}) > 1
    label = template.get("case_label", "{case}：")
    for n, cand in enumerate(chosen, 1):
        p = passages[cand.passage_rank]
        citations.append(Citation(n=n, article_id=p.article_id, title=p.title, source=p.source,
                                  passage=p.passage, span=(cand.start, cand.end), chunk_id=p.chunk_id))
        lines.append((label.format(case=case_name(p)) if several else "") + f"{cand.text}[{n}]")
    if not lines:
        return "", []
    intro = template.get(f"intro_{question.kind}", template["intro_fact"])  # intro_howto, intro_why; else the fact one
    body = "\n".join(f"- {line}" for line in lines) if len(lines) > 1 else lines[0]
    return f"{intro}\n\n{body}", citations
