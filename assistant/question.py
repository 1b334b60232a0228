"""The question, analysed once: what retrieval, grounding, the answer composer and the answer-type check
all read, instead of each re-analysing the string (the role of llama-index's QueryBundle).

`parse_question(text, names)` gives a frozen `Question`. Each analysis — language, normalised text, jieba
words, key terms, names, search text, the kind of question and of fact it asks for — is computed when a
stage first reads it and kept (cached properties): a question only retrieved (eval --mode, the case
search) never pays for the composer's analyses, and a question answered pays for each one once.

The classifiers of what a question asks are here too: its kind (why, when, where, rate, count, who,
howto, fact), whether it asks in two parts, the kind of fact a typed answer must give (answer_type.py),
the thing a 哪个… question names, and the words around its question word.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from assistant.areas import AREA_WORDS
from assistant.areas import alternation as area_alternation
from assistant.areas import ending as area_ending
from assistant.interrogatives import INTERROGATIVE as _INTERROGATIVE
from assistant.interrogatives import WHAT_WORD as _WHAT_WORD
from assistant.person_names import TITLES
from assistant.query import (ADDRESS_UNITS, FUSED_JOINERS, JOINERS, Term, chinese_terms, english_terms,
                             is_function_word, key_terms, normalise_query, question_lang)
from assistant.sentence_role import tags
from vectorstore.keyword import PROPER_FLAGS, dictionary_tags, posseg_cut
from vectorstore.pinyin import NameLookup
from vectorstore.script import CJK, has_chinese, is_chinese

Words = Sequence[tuple[str, str]]  # (word, jieba part-of-speech flag)


class QuestionKind(StrEnum):
    """What a question asks for: it decides which sentences the extractive answer quotes and its intro."""

    WHY = "why"
    WHEN = "when"
    WHERE = "where"
    RATE = "rate"
    COUNT = "count"
    WHO = "who"
    HOWTO = "howto"
    FACT = "fact"


class FactKind(StrEnum):
    """The one kind of fact a typed question's answer must give (answer_type.py); `fact` for what / which."""

    COUNT = "count"
    MONEY = "money"
    RATE = "rate"
    WHO = "who"
    WHEN = "when"
    WHERE = "where"
    FACT = "fact"


_HOWTO = re.compile(r"怎么|怎样|如何|咋|做法|措施|步骤|办法|方式|模式|机制|\bhow\b|\bsteps?\b|\bways?\b|organi[sz]e", re.I)
# 为何 closing the question (某国家为何？) asks what the thing is (为 "is", 何 "what"), not why
_WHY = re.compile(r"为什么|为何(?!\s*[？?。.]?\s*$)|为啥|原因|\bwhy\b", re.I)
_COUNT = re.compile(r"多少|(?<!哪)几|多久|多长时间|多大|\bhow (many|much|long|often|frequently)\b", re.I)  # 哪几个: which
_WHO = re.compile(r"谁|哪位|叫什么|哪些(?:单位|专家|人|机构|企业|组织|部门)|\bwho\b", re.I)
# A calendar era before a counting question word (西元几年, 公元多少年, 民国几年) asks which year, not how many years;
# the eras are a closed class (the calendars a Chinese text numbers years in). 几时 (colloquial "when") is a
# question word of time, not a count: a closed class of question words.
_ERA_YEAR = r"(?:西元|公元|民国)\s*(?:几|多少)\s*年"
_WHEN = re.compile(_ERA_YEAR + r"|什么时候|啥时候?|何时|几时|哪天|哪一天|哪年|哪一年|几月|几号|日期|什么时间|(?<!多长)(?<!多少)时间(?:是|为)?[？?]?$|"
                   r"\bwhen\b|\bwhat date\b", re.I)
# 在哪种字体的基础上: 哪 with a measure word of kinds (种, 类, 样) asks which kind, never where
_WHERE = re.compile(r"在哪(?![种类样])|哪里|哪儿|何地|何处|什么地方|地点|哪个国家|哪个城市|哪国|\bwhere\b", re.I)
# a share asked by its noun next to the question word (比例是多少, 什么比例, 占比多少): a rate, answered by a
# percentage, a fraction or a ratio, not a count; not a share the question only mentions (按一定比例混合会得到什么)
_RATE = re.compile(r"率(?!先|领|队|直|真|性)|增长了?多少|上涨了?多少|下降了?多少|增速|涨幅|降幅|百分之|"
                   r"(?:比例|占比|比重|百分比)\s*(?:分别)?\s*(?:是|为|有|达到?|约|大约)?\s*(?:多少|几|多大|怎样|如何)|"
                   r"(?:多少|什么|多大|哪种|何种|怎样的)\s*(?:的)?\s*(?:比例|占比|比重|百分比)|"
                   r"\brate\b|\bpercent(?:age)?\b|\bproportion\b|\bshare of\b",
                   re.I)  # not 率先

# First match wins: "为什么…多少" asks why; "什么时间…多少天" asks when.
_KINDS = ((QuestionKind.WHY, _WHY), (QuestionKind.WHEN, _WHEN), (QuestionKind.WHERE, _WHERE),
          (QuestionKind.RATE, _RATE), (QuestionKind.COUNT, _COUNT), (QuestionKind.WHO, _WHO),
          (QuestionKind.HOWTO, _HOWTO))


def question_kind(question: str, words: Words | None = None) -> QuestionKind:
    """words: the question's tagged words (Question.words), when already tagged."""
    if "为什么" in question:
        question = _verb_then_what(question, words)
    return next((kind for kind, pattern in _KINDS if pattern.search(question)), QuestionKind.FACT)


def _verb_then_what(question: str, words: Words | None = None) -> str:
    """The question with 为什么 split where it is a verb's 为 and the what-word 什么 (称为|什么, 成为|什么的一部分,
    视为|什么: a what-question), as jieba tags it: a verb ending in 为 before 什么. A real 为什么 is one word —
    unless it is the copula 为 and 什么 by its place (_copula_what)."""
    words = posseg_cut(question) if words is None else words
    whys = [i for i, (w, _) in enumerate(words) if w == "为什么"]
    if whys and all(_copula_what(words, i) for i in whys):
        return question.replace("为什么", "为 什么")
    split = any(w == "什么" and i > 0 and words[i - 1][0].endswith("为") and words[i - 1][1].startswith("v")
                for i, (w, _) in enumerate(words))
    if not split or any(w == "为什么" for w, _ in words):
        return question
    return question.replace("为什么", "为 什么")


def _ends_clause(words: Words, at: int) -> bool:
    return at >= len(words) or words[at][1] == "x" and not is_chinese(words[at][0]) or words[at][1] == "y"


def _copula_what(words: Words, at: int) -> bool:
    """Is the 为什么 at word `at` the copula 为 and 什么 (X名为什么? = X名是什么; 重心为什么行业 = 是什么行业)? By its
    place, as jieba tags the words: it closes its clause right after a noun or a measure word (组织名|为什么?,
    物体|为什么?, not 这是|为什么? nor ，为什么?), or one noun follows it and closes the clause (为什么|行业?). A real
    why-question goes on to its predicate after 为什么 (居民为什么不愿意搬, 为什么居民不满意)."""
    before = words[at - 1][1] if at > 0 else "x"
    if _ends_clause(words, at + 1):
        return before[:1] in {"n", "q"}
    return words[at + 1][1][:1] == "n" and _ends_clause(words, at + 2)


def in_two_parts(question: str, words: Words | None = None) -> bool:
    """分别, or a conjunction joining two things (jieba's `c`: not the 和 of 共和国, nor 参与, 及时; and its
    guess "和高华" in 海园和高华小区 starts with one). words: posseg_cut(question), when already done."""
    if "分别" in question or re.search(r"\band\b", question, re.I):
        return True
    known = dictionary_tags()
    return any(flag == "c" and (word in _JOINER_WORDS or word == "以及")
               or len(word) > 2 and word[0] in FUSED_JOINERS and word not in known
               for word, flag in (posseg_cut(question) if words is None else words))


# Two-part questions split into their sides ("X和Y，…分别…"): the joining word, the words that ask for each
# side apart (分别, 各) or to compare them — closed classes, like question words. The joining words: query.JOINERS.
_JOINER_WORDS = frozenset(JOINERS)
_PER_SIDE = re.compile(r"分别|各自|(?<![\u4e00-\u9fff])各|各(?=[是有做在自])|不同|不一样|区别|差异|差别|相比|比较")
_DISTRIBUTIVE = frozenset({"分别", "各自", "各"})
_CLAUSE_BREAK = re.compile(r"[，,。；;：:？?！!]")
# A side that ends in a name (海园居民区, 新弘国际城, 宜丰石市镇) shares what follows the other side; one that
# ends in anything else (梅隐寺社区修路) carries its own predicate, and so does the other side, up to the clause end.
# Its name ends: the area words, and the ends of other names a side may be — a district or province (区, 省, 州), a
# town or estate's name (城, 苑, 园, 庭, 府, 湾, 里, 弄, 坊) and a body's (公司, 中心, 单位) — closed classes of name ends.
_NAME_END = area_ending(AREA_WORDS + ("区", "省", "州", "城", "苑", "园", "庭", "府", "湾", "里", "弄", "坊",
                                     "公司", "中心", "单位"))
_NAME_FLAGS = frozenset({"ns", "nr", "nt", "nz", "nrt", "nrfg", "j"})
# What ends a name once it ends like one: a verb, preposition, localiser, adverb, pronoun, particle,
# conjunction, mark or a number in digits (上海和北京2021年…).
_AFTER_NAME = re.compile(r"[vpfdrucyxeo]")
# ...but a Chinese character jieba does not know is tagged `x` like a mark (沌 of 武汉沌口街道): part of the name.


def _name_length(words: Words) -> int:
    """The length of the name the words open with: up to the first closed-class word or verb after a word
    that ends a name (普陀万里街道|推动, 共和十村|的, 月浦星月小区|装); a verb inside a name that has not ended
    yet (海上御景苑) is part of it. Without a name end, up to the first such word."""
    length, fallback, last = 0, -1, ("", "")
    for word, flag in words:
        mark = _AFTER_NAME.match(flag) and not (flag == "x" and is_chinese(word))
        if mark or re.search(r"\d", word) or word in _DISTRIBUTIVE:
            if fallback < 0:
                fallback = length
            if length and _ends_in_name([last]):
                return length
        length += len(word)
        last = (word, flag)
    return fallback if fallback >= 0 else length


def _ends_in_name(words: Words) -> bool:
    if not words:
        return False
    word, flag = words[-1]
    return flag in _NAME_FLAGS or bool(_NAME_END.search(word))


def _joining_word(text: str, words: Words) -> int:
    """Where the joining word of two sides is: a conjunction jieba tags `c`, else a word it fused with what
    follows (和歌 in 社区修路和歌笛湖社区, 和高华 in 海园居民区和高华小区); -1 if none. Of several, the first
    whose left side, in its clause, ends in a name: 和 inside a name (飘鹰锦和花园和丽景翠庭) joins nothing."""
    at, joins, fused = 0, [], []
    for word, flag in words:
        if flag == "c" and word in _JOINER_WORDS:
            joins.append(at)
        elif at > 0 and len(word) > 1 and word[0] in JOINERS and flag != "c":
            fused.append(at)
        at += len(word)
    first = (joins or fused or [-1])[0]
    if len(joins) + len(fused) > 1:
        return next((at for at in sorted(joins + fused) if _ends_in_name(posseg_cut(_left_clause(text, at)))), first)
    return first


def _left_clause(text: str, join: int) -> str:
    """The left side of a joining word at `join`: its clause up to the word."""
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text, 0, join)]
    return text[(breaks[-1] + 1 if breaks else 0):join]


# An English question asking two things in two coordinated wh-clauses ("How many people took part in X, and how
# many went on Y?"): the second clause opens with its own question word (a closed class) after "and".
_ENGLISH_WH = r"(?:how (?:many|much|long|old)|who|whom|whose|when|where|which|what|why|how)"
_ENGLISH_SIDES = re.compile(rf"^(?P<first>{_ENGLISH_WH}\b.+?),?\s+and\s+(?P<second>{_ENGLISH_WH}\b.+)$", re.I)


def english_sides(text: str) -> tuple[str, str, str, str, str] | None:
    """An English question of two coordinated wh-clauses as split_sides gives a Chinese one: its two questions,
    nothing shared (each clause says what it asks), no own words (they are Chinese words read in Chinese reports);
    None for any other question ("How did X and Y fund it?" joins two names, not two questions)."""
    m = _ENGLISH_SIDES.match(text.strip())
    if m is None:
        return None
    first = m.group("first").rstrip(" ,;") + "?"
    second = m.group("second")
    return first, second[:1].upper() + second[1:], "", "", ""


def split_sides(text: str, words: Words | None = None) -> tuple[str, str, str, str, str] | None:
    """question_sides, with the part both sides share (", 费用是谁承担的？"): what is asked of each, and each
    side's own words (梅隐寺社区修路, 歌笛湖社区换健身器材): which case it is."""
    if not _PER_SIDE.search(text):
        return None
    words = posseg_cut(text) if words is None else words
    join = _joining_word(text, words)
    if join <= 0:
        return None
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
    start = max((b + 1 for b in breaks if b < join), default=0)
    end = min((b for b in breaks if b > join), default=len(text))
    left = text[start:join]
    right_words = posseg_cut(text[join + 1:end])  # tagged apart: 和歌/笛湖 is 歌笛湖 once 和 is off
    named = join + 1 + _name_length(right_words)
    if _ends_in_name(posseg_cut(left)) and not _parallel_phrases(text, left, named, end):
        right_end = named  # the other side is a name too: up to where its name ends
    else:  # up to the clause end, or to where the shared part opens with 分别/各/不同 (…专家分别来自哪里)
        right_end = min([end] + [m.start() for m in _PER_SIDE.finditer(text, join + 1, end)])
    right = text[join + 1:right_end]
    if not re.search(r"[\u4e00-\u9fffA-Za-z]{2}", left) or not re.search(r"[\u4e00-\u9fffA-Za-z]{2}", right):
        return None
    rest = "".join(w for w, f in posseg_cut(text[right_end:]) if not (w in _DISTRIBUTIVE and f in {"d", "r"}))
    head = text[:start]
    return head + left + rest, head + right + rest, head + rest, left, right


def _parallel_phrases(text: str, left: str, named: int, end: int) -> bool:
    """X的A和Y的B，各自…: two noun phrases, each a case and a thing of it (金门路街道的网格书记擂台赛和浑南区的社区
    工作者风采大赛), fill the clause, and the next clause opens with the distributive word: the right side is its
    whole phrase, not the name it opens with (浑南区), as the left side is its whole phrase."""
    return ("的" in left and text.startswith("的", named) and end < len(text)
            and not _PER_SIDE.search(text, named, end) and bool(_PER_SIDE.match(text, end + 1)))


def side_name(own: str) -> str:
    """The case a side's own words name, to label its bullets: the name they end in, after its last 的
    (杨行镇的飘鹰锦和花园 → 飘鹰锦和花园), or the name they open with before a predicate (梅隐寺社区修路 →
    梅隐寺社区, 银川通福家园社区打造品牌用的活动阵地 → 银川通福家园社区); "" when they name none."""
    own = own.strip("，,、 ")
    words = posseg_cut(own)
    if _ends_in_name(words):
        return own.rsplit("的", 1)[-1]
    head = own[:_name_length(words)]
    numbered = re.match(re.escape(head) + rf"\d+(?:{ADDRESS_UNITS}|村)", own) if head else None
    if numbered:  # 岚皋西路|306弄: a name ending in a number and its measure word (query.ADDRESS_UNITS, or 村)
        return numbered.group(0)
    area = _AREA_PREFIX.match(own)
    if (head and area and len(head) < len(area.group(0)) <= len(head) + _AREA_TAIL and area.group(0).startswith(head)
            and "的" not in area.group(0)):
        return area.group(0)  # jieba ends the name early (荣芳|里|社区, 红桥|邨): up to its area word
    if head and _ends_in_name(posseg_cut(head)):
        return head  # jieba tags 修路 a noun: the shortest opening that ends in an area word
    return area.group(0) if area else ""


_AREA_PREFIX = re.compile(r"[\u4e00-\u9fff]{2,}?" + area_alternation())  # a name up to its first area word
_AREA_TAIL = 3  # characters a name may run on past where jieba ended it, to its area word (里社区)


def question_sides(text: str, words: Words | None = None) -> tuple[str, str] | None:
    """The two questions a two-part question asks ("梅隐寺社区修路和歌笛湖社区换健身器材，费用分别是谁承担的？"
    → "梅隐寺社区修路，费用是谁承担的？", "歌笛湖社区换健身器材，费用是谁承担的？"), split by its structure: the
    joining word, each side's span (a name, or a name with its own predicate) and the shared rest, with the
    words asking for each side apart (分别, 各) dropped. None unless it asks per side or to compare.
    words: posseg_cut(text), when already done."""
    split = split_sides(text, words)
    return None if split is None else split[:2]


# The question kinds whose answer is one kind of fact (question_kind); how / why / what are not typed.
TYPED_KINDS = frozenset({"count", "rate", "who", "when", "where"})
_ASKED_MEASURE = re.compile(r"多[大长高远久重宽深厚]")
_ASKED_ORDINAL = re.compile(r"(?:哪一?|第几)\s*[集届次期季轮号]")
_MONEY_ASKED = re.compile(r"钱|资金|投资|投入|经费|金额|费用|花费|成本|补贴|补助|预算|收入|票房|\bmoney\b|\bcost|\bspen[dt]|"
                          r"\binvest|\bpa(?:y|id)\b|\bbudget|\bfund", re.I)
# Words that name money or paying: a class, like the question words. A question's money word (费用, 出钱) is
# shown by any of them ("资金短缺" says why the management company did not pay, "由某单位出资" who bore the cost).
MONEY_WORDS = re.compile(r"钱|资金|投资|投入|经费|金额|费用|花费|成本|补贴|补助|预算|出资|出钱|支付|付费|垫资|筹资|捐资|拨款|买单")


def shows_word(word: str, text: str) -> bool:
    """Does the text say this question word: itself, or, for a money word, any money word?"""
    return word in text or MONEY_WORDS.fullmatch(word) is not None and MONEY_WORDS.search(text) is not None


# Asked as "which ones" (哪几个区, 哪些): a list, not a count; asked for a name or an organisation: who.
_WHICH_ONES = re.compile(r"哪几|哪些")
_NAME_ASKED = re.compile(r"叫什么|名字|姓名|哪(?:一)?家|哪个(?:单位|公司|部门|机构|组织|企业|团队|球队)|\bwhat is (?:his|her|the) name\b",
                         re.I)
# A question without an interrogative that ends in a role (…冠军, …的编剧, …总导演) asks who holds it.
_ROLE_AT_END = re.compile(r"(?:冠军|亚军|季军|得主|获得者|导演|编剧|主演|主持人|作者|设计师|代言人|市长|州长|总统|首相|总理|主席|"
                          r"董事长|总裁|首席执行官|CEO|旗手|对手|继任者|扮演者|演唱者)[？?。]?$", re.I)


def expected_fact(question: str, kind: QuestionKind | None = None) -> FactKind | None:
    """The kind of fact the question asks for: count, money, rate, who, when, where; `fact` for what / which
    questions (no one kind of answer, but the qualifiers must hold); None for how / why questions.
    kind: question_kind(question), when already known."""
    kind = question_kind(question) if kind is None else kind
    if _ASKED_ORDINAL.search(question) or _ASKED_MEASURE.search(question):  # 哪一集, 第几届, 多大面积
        return FactKind.COUNT
    if _NAME_ASKED.search(question) and kind in {"fact", "who", "count"}:
        return FactKind.WHO
    if kind == "fact" and _ROLE_AT_END.search(question):  # 2021赛季中超冠军, 《人世间》的编剧: the holder's name
        return FactKind.WHO
    if kind == "count" and _WHICH_ONES.search(question):
        return FactKind.FACT
    if kind == "fact":
        return FactKind.FACT  # what / which: no one kind of answer, but the question's qualifiers still hold
    if kind not in TYPED_KINDS:
        return None
    if kind == "count" and _MONEY_ASKED.search(question):
        return FactKind.MONEY
    return FactKind(kind.value)



def noun_phrase(question: str, words: Words | None = None) -> bool:
    """A question asked as a noun phrase, RGB's keyword form (2023春运首日旅客发送量, 香港第六任行政长官选举结果？): Chinese,
    without an interrogative word, ending in a noun (jieba n*, vn, j). It asks the value of its last noun, and
    everything before that noun qualifies it."""
    text = question.strip().rstrip("？?。.！! ")
    if not has_chinese(text) or _INTERROGATIVE.search(text):
        return False
    words = [(w, f) for w, f in (posseg_cut(text) if words is None else words) if w.strip() and f != "x"]
    return bool(words) and (words[-1][1][:1] == "n" or words[-1][1] in {"vn", "j"})


# A question of the form 哪个场馆 / 哪家公司 names the kind of thing asked for: the answer is a word of that kind.
_WHICH = re.compile(r"^哪")
_INTERROGATIVE_TIME = re.compile(r"年|天|月|时|里|儿")  # 哪年, 哪天, 哪里: not a kind of thing


def asked_head(question: str, words: Words | None = None) -> str:
    """The noun after 哪个/哪家/哪一家 (场馆, 公司, 区): the kind of thing asked for, or "".
    words: posseg_cut(question), when already done."""
    words = posseg_cut(question) if words is None else words
    for i, (word, _) in enumerate(words[:-1]):
        if _WHICH.match(word) and not _INTERROGATIVE_TIME.search(word):
            head = ""
            # the noun run after it: 哪一家 第三方 公司 → 公司; three words past the numeral or measure word jieba may
            # cut off 哪 (哪 一档 公共 电视台 节目 → 节目)
            start = i + 2 if words[i + 1][1] in {"m", "q", "mq"} else i + 1
            body = ""  # the first noun of the run when it names a kind of body (哪个单位 老师: which unit's teacher)
            for following, flag in words[i + 1:start + 3]:
                if head and len(following) == 1:
                    if following not in _LOCALISERS and CJK.fullmatch(following) and flag[:1] == "n":
                        head += following  # 大洋|区: a one-character noun ends the head (大洋区), as a suffix
                    break  # 哪个国家内: a single character after the noun is a localiser (内, 上), not the head
                if flag.startswith("n") or flag in {"m", "b", "q"} and not head:
                    if flag.startswith("n") and not head and _BODY_KIND.search(following):
                        body = following
                    head = following if flag.startswith("n") else head
                else:
                    break
            if body and head != body and word[:2] != "哪位" and (_TITLE.search(head) or _HYPERNYM.match(body)):
                return body  # 哪个单位老师, 哪所大学教授: the body is asked (哪位 asks the person: 哪位社区书记)
            if head:
                return head
            if fused := _fused_head(word):  # 哪些地方, 哪座城 as one word: the noun jieba fused with 哪
                return fused
    return ""


# Hypernyms of bodies (a closed class: 单位, 机构, 学校…) and persons' titles (person_names.TITLES): 哪个单位老师 asks
# which unit's teacher, a body, not a person.
_BODY_KIND = re.compile(r"^(?:单位|机构|组织|团体|部门|公司|企业|学校|大学|学院|医院)$")
# The hypernyms of bodies that name no kind of their own (单位, 机构, 组织, 团体: a closed class): a noun after them
# is what the body has (哪个单位马克思主义学院, 哪个单位党校教授: which unit's school), so the body is asked.
_HYPERNYM = re.compile(r"^(?:单位|机构|组织|团体)$")
_TITLE = re.compile(f"(?:{'|'.join(sorted(TITLES, key=len, reverse=True))})$")


# Localisers (a closed class): after the asked noun they frame it (哪个国家内), they do not head it.
_LOCALISERS = frozenset("上下内外里中前后间旁边侧底顶时")


def _fused_head(word: str) -> str:
    """The noun jieba fused with 哪 into one word (哪些地方 → 地方, 哪座城 → 城, 哪国人 → 国人), "" when the word is
    only 哪 with a numeral or a measure word (哪一条, 哪个). Read by part of speech: what follows 哪 is cut apart,
    its numerals and measure words (一, 些, 座) dropped."""
    if len(word) <= 2:
        return ""
    rest = posseg_cut(word[1:])
    nouns = [w for w, f in rest if f.startswith("n") and w not in {"些", "个"}]
    if nouns:
        return nouns[-1]
    if any(f[:1] in {"m", "q"} for _, f in rest):
        return ""  # 哪一条: a numeral and a measure word, no noun
    last = posseg_cut(word[-1])  # the last character alone, when jieba reads it as a noun
    return word[-1] if last and last[0][1].startswith("n") else ""


def kind_noun(question: str, words: Words | None = None) -> str:
    """The noun a what / which question names the answer's kind with (什么职业, 什么作品, 哪一个政权, 哪个城市): the
    head of the noun run right after 什么 / 何 / 哪… (not one 的 joins to another noun), or "". The answer is a thing of that kind (a teacher is an
    occupation): the sentence that gives it need not repeat the word, as a when-answer need not say 时间."""
    words = posseg_cut(question) if words is None else words
    if head := asked_head(question, words):
        return head
    for i, (word, _) in enumerate(words[:-1]):
        if word in {"什么", "何", "何种", "哪种", "哪类"}:
            head, end = "", i + 1
            for following, flag in words[i + 1:i + 4]:
                if flag.startswith("n") or flag == "vn":  # after 什么 a noun is a kind, whatever jieba tags (荣誉/nr)
                    head, end = following, end + 1
                else:
                    break
            # 什么类型的电影: the run modifies the noun after 的, whose kind (a genre) the sentence must name
            if head and not (end < len(words) and words[end][0] in {"的", "之"}):
                return head
    return ""


_ASKS_AMOUNT = re.compile(r"多少|几|多久|多长|多大|多高|多远")
_FOCUS_FLAGS = re.compile(r"n|v|a")  # nouns (incl. names, vn), verbs, adjectives: not particles or pronouns
_COPULAS = frozenset({"是", "有", "为", "在", "叫"})
_HOW_MANY_EN = re.compile(r"\bhow (?:many|much)\s+([a-z][a-z -]*)", re.I)
# The question word of a question asking for an amount, a person or organisation, a date.
ASKS = {"count": _ASKS_AMOUNT, "rate": _ASKS_AMOUNT, "who": re.compile(r"谁|哪位|哪家|哪个(?:单位|部门|机构|公司|组织)|叫什么"),
        "when": re.compile(_ERA_YEAR + r"|什么时候|何时|哪天|哪一天|哪年|哪一年|几月|几号|什么时间")}


def focus_words(question: str, kind: str = "count") -> tuple[str, ...]:
    """The words next to the question word: the content word before it and those after it ("撬动了多少资金"
    → 撬动, 资金; "注册了多少平安志愿者" → 注册, 平安, 志愿者; "钱是谁掏的" → 钱, 掏; "how many residential
    compounds" → the glossary's 住宅小区). The fact that answers stands next to one of them."""
    if kind == "count" and (english := _HOW_MANY_EN.search(question)):
        asked = english.group(1).lower()
        return tuple(alt for term in key_terms(question) if asked.startswith(term.text)
                     for alt in term.alternatives if has_chinese(alt))
    pattern = ASKS.get(kind)
    asked = pattern.search(question) if pattern is not None else None
    if asked is None:
        return ()
    # the text on either side is tagged apart: jieba may join the question word to its noun (多/m 大面积/n)
    before, after = _joined(tags(question[:asked.start()])), tags(question[asked.end():])
    content = lambda word, flag: (_FOCUS_FLAGS.match(flag) and word not in _COPULAS  # noqa: E731
                                  and (len(word) >= 2 or kind != "count")  # 掏, 钱 for 钱是谁掏的
                                  and not is_function_word(word, flag) and not pattern.search(word))
    # a comparative (高于, 少于 多少: an adjective + 于 "than") compares the figure, it does not say what it is of;
    # a verb with 于 "at" (位于, 处于) does
    # a place after 在 (在高境镇是多少项) locates the figure, it does not say what it is of
    verb = next((w for i, (w, f) in reversed(list(enumerate(before))[-3:])
                 if content(w, f) and not _comparative(w, f) and not locative_object(before, i)), None)
    nouns = [w for w, f in after[:4] if content(w, f)]
    return tuple(w for w in (verb, *nouns) if w)


# Locative prepositions (a closed class of the grammar): 在/于 + a noun phrase says where or when, not what.
_LOCATIVE = frozenset({"在", "于"})
# What ends a locative's object, read back: a verb, an adverb, another preposition, a particle, a conjunction, a
# pronoun or punctuation (jieba's tags); a name's pieces may be tagged anything else (杨/nr 园/zg 街道/n).
_OBJECT_ENDS = re.compile(r"v|d|p|u|c|r|y|x")


def locative_object(words: Words, i: int, end: int | None = None) -> bool:
    """Is words[i] inside a closed locative phrase naming a place or a time (书籍数量已 在 杨园 街道 达多少册: 杨园,
    街道)? Read back from it over the words of a noun phrase to 在/于 tagged a preposition; the phrase holds a name or a
    number (杨/nr, 高境镇/ns, 4号, 2023年: not 在轨寿命, 在水深多少) and a verb after it closes it before the question
    word (at `end`). It places the asked figure (the place check's), not the noun the figure counts or is said of."""
    named = False
    for j in range(i, -1, -1):
        word, flag = words[j]
        if word in _LOCATIVE and flag == "p":
            return named and any(f.startswith("v") for _, f in words[i + 1:end])
        if _OBJECT_ENDS.match(flag) or word in _LOCATIVE:
            return False
        named = named or flag in PROPER_FLAGS or flag in {"m", "t"}
    return False


def _comparative(word: str, flag: str) -> bool:
    """高于, 低于, 多于: a verb of an adjective (or 多) with 于 "than", by the part of speech of what comes before 于."""
    if not (flag.startswith("v") and len(word) == 2 and word.endswith("于")):
        return False
    return tags(word[0])[0][1] in {"a", "m"}


def _joined(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Runs of single content characters jieba left apart, one of them a noun (营/n 收/v → 营收/n: a word its
    dictionary lacks), joined as one noun; copulas (是, 为) stay apart."""
    out: list[tuple[str, str]] = []
    for word, flag in words:
        single = len(word) == 1 and CJK.match(word) and _FOCUS_FLAGS.match(flag) \
            and word not in _COPULAS
        last = out[-1] if out else None
        if (single and last is not None and len(last[0]) == 1 and last[1] != "x" and last[0] not in _COPULAS
                and CJK.match(last[0]) and _FOCUS_FLAGS.match(last[1]) and "n" in (flag[0], last[1][0])):
            out[-1] = (last[0] + word, "n")
        else:
            out.append((word, flag))
    return out


# Chinese measure words (a closed class of the grammar): what a count is counted in.
# (一起 "together" and 一道 "along" are adverbs, so 起 and 道 are left out.)
CLASSIFIERS = ("个位项家户人名元座栋幢辆间套次场届所处条台件只批支期天岁吨本张棵盏块把份箱斤克升度层亩米篇首部集枚颗株片群组队轮类种"
               "册卷幅封句段对双副口头匹根枝架艘顶扇朵粒遍趟回顿桌袋瓶盒包束串排列堂节门款宗例单笔样")


# The interrogative of an amount, a person or a date, as jieba cuts it (多少, 几, 多久, 谁, 哪位…).
_INTERROGATIVE_WORD = re.compile(_ASKS_AMOUNT.pattern + r"|多重|谁|哪位|叫什么|名字|姓名")
_NOUN_FLAGS = re.compile(r"n(?!r|s|t)|vn")  # common nouns (and verbal nouns): not names, places or organisations
_LINKS = frozenset({"是", "有", "为", "达", "共", "一共", "总共", "约", "大约", "分别", "都", "总计", "合计"})
_NAME_FRAME = frozenset({"叫", "什么", "名字", "姓名"})  # 负责人 叫 什么 名字: the noun is before the frame
_NOUN_RUN = 4
_DURATION = frozenset({"多久", "多长时间", "多长"})  # words read after the interrogative for the noun it counts (多少 位 社区 工作者)


def cleft_agent(words: Words) -> bool:
    """"钱是谁掏的", "费用是谁承担的", "是谁向党总支提出来的": 是谁 followed by a verb or preposition asks who
    did it — a person or an organisation —, not who someone is ("队长是谁"). By part of speech."""
    for i, (word, _) in enumerate(words):
        if word == "谁" and i > 0 and words[i - 1][0] == "是" and i + 1 < len(words):
            return words[i + 1][1][:1] in {"v", "p", "d"}
    return False


_WHEN_WORD = re.compile(r"^(?:哪一?天|哪一?年|何时|几月|几号|什么时候|时候)$")
_ERA_WORDS = frozenset({"西元", "公元", "民国"})  # calendar eras (closed class): 西元 几年 asks a year


def _when_at(words: Words) -> int | None:
    """The index of a when-question's question word: 哪一天, 何时…, or 几年 / 多少年 after a calendar era (西元 几年)."""
    return next((i for i, (w, _) in enumerate(words) if _WHEN_WORD.match(w) or re.fullmatch(r"(?:几|多少)年", w)
                 and "".join(w for w, _ in words[:i]).endswith(tuple(_ERA_WORDS))), None)  # jieba may cut 西|元


def dated_words(words: Words) -> tuple[str, ...]:
    """The predicate a when-question dates: the content words after its question word up to 的 or the end
    of the clause (哪一天 装好 投用 的 → 装好, 投用; 什么时候 完工 的 → 完工). () without one."""
    at = _when_at(words)
    if at is None:
        return ()
    out = []
    for word, flag in words[at + 1:]:
        if word in {"，", ","} and out and all(w in _ASPECTUAL for w in out):
            out = []  # 从什么时候开始，…只剩下一个空壳: the phase verb closes its clause, the event dated is the next one
            continue
        if flag in {"uj", "x", "y"} or word in {"的", "？", "?"}:
            break
        if len(word) >= 2 and _FOCUS_FLAGS.match(flag) and not is_function_word(word, flag):
            out.append(word)
        elif out and out[-1] in _ASPECTUAL and not flag.startswith("u"):
            out.append(word)  # 开始 用: the event is the word after the aspectual verb (jieba may tag 用 p), one character
    return tuple(out)


# Verbs of the phase of an event (开始用, 着手建): the event dated is the verb after them (a closed class).
_ASPECTUAL = frozenset({"开始", "着手", "继续", "停止", "结束"})


def dated_subject(words: Words) -> str:
    """The phrase a when-question dates, before its question word back to 的, a place name or the clause's
    start, as written (…的 燃气自助缴费终端 是 哪一天; 静安寺街道 社区自治工作推进会 是 什么时候)."""
    at = _when_at(words)
    if at is None:
        return ""
    end = at - 1 if at > 0 and words[at - 1][0] == "什么" else at
    end = end - 1 if end > 0 and words[end - 1][0] in _COPULAS else end
    start = end
    while start > 0 and words[start - 1][1] not in {"uj", "x", "p", "ns", "nt", "r"}:
        start -= 1
    phrase = "".join(w for w, _ in words[start:end])
    return phrase if len(phrase) >= 3 else ""


def asked_noun(words: Words) -> tuple[str, ...] | None:
    """The common nouns of the noun phrase the question word is about: the one it counts (多少位社区工作者 →
    社区, 工作者), or the one it is said of (道路有多大面积 → 面积, 新任市长是谁 → 新任, 市长). () when the question
    word bears on a verb (调解了多久, 钱是谁掏的: the duration, the doer), None when the question has no such
    question word. Read from jieba's parts of speech; the answer-type check wants these in the fact's sentence."""
    at = next((i for i, (w, _) in enumerate(words) if _INTERROGATIVE_WORD.search(w) or w == "多"
               and i + 1 < len(words) and words[i + 1][0][:1] in "大长高远重"), None)
    if at is None:
        return None
    if cleft_agent(words):
        return ()
    word = words[at][0]
    if re.fullmatch(r"(?:几|多少)[年月天周]", word):
        return ()  # 民国几年时被更改: a number of years (or a year) is asked, the words after it are the clause's
    if len(word) > 2 and word[:2] in {"多大", "多长", "多高", "多远", "多重"}:
        return (word[2:],)  # jieba's 多大面积 as one word: the noun is inside it
    if word == "多" and at + 1 < len(words) and len(words[at + 1][0]) > 1 and words[at + 1][0][0] in "大长高远重":
        return (words[at + 1][0][1:],)  # 多 + 大面积: the degree asks, the noun is 面积
    run: list[str] = []
    # 谁 is a pronoun, never a determiner: the words after it are the deed asked of (由谁整理/n 发展), counted by none
    for following, flag in words[at + 1:at + 1 + (0 if word == "谁" else _NOUN_RUN)]:
        if flag in {"q", "m", "mq"} and not run:
            continue  # 多少 位 …, 几 个 …
        if (not run and len(following) > 2 and following[0] in CLASSIFIERS + "起" and not _NOUN_FLAGS.match(flag)
                and _NOUN_FLAGS.match(tags(following[1:])[-1][1])):
            run.append(following[1:])  # 多少 起纠纷/z: jieba fused the measure word (起: of incidents) with the noun
            continue
        if _NOUN_FLAGS.match(flag):
            run.append(following)
        elif not (flag in {"b", "a"} and not run):
            break
    if run:
        return tuple(run)
    duration = word in _DURATION
    located = False
    for i in range(at - 1, -1, -1):
        earlier, flag = words[i]
        if earlier in _LINKS or earlier in _NAME_FRAME or flag in {"d", "uj", "ul", "p"}:
            continue  # 道路 有 多大, 费用 分别 是 谁
        if flag == "j" and words[i + 1][1].startswith("v"):
            continue  # 同比 增长: an abbreviation before a verb modifies it
        if locative_object(words, i, at):
            located = True
            continue  # 数量 已 在 杨园 街道 达 多少册: the place after 在 locates the figure, 数量 is measured
        if flag.startswith("v") and not _NOUN_FLAGS.match(flag) and not duration:
            continue  # 销量 同比 增长 多少, 空间 扩大了 多少: the verb's subject is measured
        if not _NOUN_FLAGS.match(flag):
            return ()  # 调解了多久: the duration of the verb is asked
        first = i
        while first > 0 and _NOUN_FLAGS.match(words[first - 1][1]):
            first -= 1  # 新任 市长: the nouns before the head qualify it
        if located and first > 0 and words[first - 1][1] in PROPER_FLAGS:
            return ()  # 万佳/nz 苑/nr 小区 在 4号楼 谁…: the noun before 在 heads a name, a place too, not the asked noun
        return tuple(w for w, _ in words[first:i + 1])
    return ()



def phrase_head(words: Words) -> str:
    """Of a what-question, the head of the noun phrase asked about: the last common noun (or verbal noun) before
    the question word in its clause (某剧的主角叫什么 → 主角, 某会举办的最有名的活动是什么 → 活动): in Chinese the
    head ends its phrase, its modifiers (某剧, 某会举办的) come before it, however weighty. "" when the clause has
    none before the question word (哪里有…): the weightiest noun stands for it."""
    at = next((i for i, (w, _) in enumerate(words) if _WHAT_WORD.search(w)), None)
    if at is None:
        return ""
    for word, flag in reversed(words[:at]):
        if flag == "x" and word in "，,；;：:":
            break
        if (_NOUN_FLAGS.match(flag) and flag not in PROPER_FLAGS and len(word) >= 2
                and not re.search(r"\d", word)):
            return word
    return ""


# The question word of a question asking how, why or what/which: the words after it, up to the clause end,
# are what it asks about ("怎么帮双职工家庭看孩子" → 双职工, 家庭, 孩子; "为什么没能自己出钱换路灯" → 出钱, 路灯).
_ASKS_PREDICATE = {"howto": re.compile(r"怎么样?|怎样|如何|(?:(?<!为)什么|哪些)(?:办法|措施|做法|方式|方法|举措|招)?"),
                   "why": re.compile(r"为什么|为何|为啥"), "fact": re.compile(r"(?<!为)什么|哪些|哪个|哪里|哪儿|哪")}
_CLAUSE_END = re.compile(r"[，,。；;？?！!]")


def asked_words(question: str, kind: str) -> tuple[str, ...]:
    """For a how / why / what question: the content words (two characters or more) after its question word,
    up to the clause end — the predicate asked about, which the answering sentence shares ("分流居民的简单问题"
    → 分流, 居民, 简单, 问题); of a what-question with nothing after it ("工具都是从哪来的"), the nouns before
    it in its clause (工具). Empty for other kinds, English questions and questions without such a word."""
    pattern = _ASKS_PREDICATE.get(kind)
    asked = pattern.search(question) if pattern is not None else None
    if asked is None:
        return ()
    ends = [m.start() for m in _CLAUSE_END.finditer(question, asked.end())]
    starts = [m.end() for m in _CLAUSE_END.finditer(question, 0, asked.start())]
    content = lambda word, flag: ((_FOCUS_FLAGS.match(flag) or flag in {"l", "i", "j"}) and len(word) >= 2  # noqa: E731
                                  and word not in _COPULAS and not is_function_word(word, flag))
    following = tags(question[asked.end():ends[0] if ends else len(question)])
    if kind == "fact":  # 哪一家第三方公司, 什么地方: the noun run after the question word names the answer's kind
        head = 0
        while head < len(following) and re.match(r"[mqnb]", following[head][1]):
            head += 1
        following = following[head:]
    after = [w for w, f in following if content(w, f)]
    if after or kind != "fact":
        return tuple(dict.fromkeys(after))
    before = tags(question[starts[-1] if starts else 0:asked.start()])
    return tuple(dict.fromkeys(w for w, f in before if content(w, f) and f.startswith("n")))[-2:]


# The nouns that frame a how-question's predicate (推动文明养狗的**办法**): the howto pattern's own, a closed class.
_FRAME_NOUNS = frozenset({"办法", "措施", "做法", "方式", "方法", "举措", "路数", "招"})


def shared_predicate(shared: str) -> tuple[str, ...]:
    """What a side of a comparison is asked about when its question word asks only to compare (…的做法有什么不一样):
    the content words of the shared part's clause before its question word, less the frame noun (做法) and the
    comparing words (_PER_SIDE): 推动文明养狗的办法有什么不一样 → 推动, 文明, 养狗. Empty when that clause says none
    (，是怎么比的)."""
    asked = _ASKS_PREDICATE["howto"].search(shared)
    if asked is None:
        return ()
    starts = [m.end() for m in _CLAUSE_END.finditer(shared, 0, asked.start())]
    before = tags(shared[starts[-1] if starts else 0:asked.start()])
    return tuple(dict.fromkeys(
        w for w, f in before if (_FOCUS_FLAGS.match(f) or f in {"l", "i", "j"}) and len(w) >= 2
        and w not in _COPULAS and w not in _FRAME_NOUNS and not _PER_SIDE.fullmatch(w) and not is_function_word(w, f)))


@dataclass(frozen=True)
class Question:
    """One question and its analyses, each computed once, on first use (see the module docstring)."""

    text: str  # as asked, stripped: what the Answer echoes and the LLM prompt quotes
    names: NameLookup | None = field(default=None, repr=False, compare=False)  # Store.names_read_as
    # a side of a two-part question: the part both sides share, where what is asked of each is said,
    # and the side's own words, which say which case it is
    shared: str = field(default="", compare=False)
    own: str = field(default="", compare=False)

    @cached_property
    def normalised(self) -> str:
        """In simplified characters: what every analysis below reads."""
        return normalise_query(self.text)

    @cached_property
    def lang(self) -> str:
        """zh, zh-hant or langdetect's code (of the text as asked: its script is the answer's)."""
        return question_lang(self.text)

    @cached_property
    def chinese(self) -> bool:
        return has_chinese(self.normalised)

    @cached_property
    def words(self) -> tuple[tuple[str, str], ...]:
        """(word, part-of-speech flag) by jieba, with the index's domain dictionary."""
        return tuple(posseg_cut(self.normalised))

    @cached_property
    def terms(self) -> tuple[Term, ...]:
        """The key terms a passage must contain to be about this question (query.py)."""
        if self.chinese:
            return tuple(chinese_terms(self.words))
        return tuple(english_terms(self.normalised, self.names))

    def with_terms(self, terms: tuple[Term, ...]) -> Question:
        """This question with its key terms given (an English question's pinyin names read in the passages,
        assistant/pinyin_evidence.py); the analyses that do not read the terms are kept."""
        other = Question(self.text, self.names, self.shared, self.own)
        derived = {"terms", "entities", "search_text"}
        other.__dict__.update({k: v for k, v in self.__dict__.items() if k not in derived and k not in ("text", "names", "shared", "own")})
        other.__dict__["terms"] = terms
        return other

    @cached_property
    def entities(self) -> tuple[Term, ...]:
        """The terms that name a place, person or organisation: evidence must show each."""
        return tuple(t for t in self.terms if t.entity)

    @cached_property
    def search_text(self) -> str:
        """What BM25 and the embedder search for: an English question gains the Chinese of its glossary
        terms and pinyin names (the small multilingual model alone rarely maps "autonomy home" to 自治家园)."""
        if self.chinese:
            return self.normalised
        return self.normalised + " " + " ".join(zh for term in self.terms for zh in term.searched)

    @cached_property
    def kind(self) -> QuestionKind:
        return question_kind(self.normalised, self.words)

    @cached_property
    def expected(self) -> FactKind | None:
        """The kind of fact a typed answer must give (answer_type.py), None for how / why."""
        return expected_fact(self.normalised, self.kind)

    @cached_property
    def two_parts(self) -> bool:
        """Asks about two things (分别, a conjunction): a sentence for each."""
        return in_two_parts(self.normalised, self.words)

    @cached_property
    def split(self) -> tuple[str, str, str, str, str] | None:
        """A two-part question's two questions, the part they share and each one's own words (split_sides)."""
        if not self.chinese:
            return english_sides(self.normalised)
        if not self.two_parts:
            return None
        return split_sides(self.normalised, self.words)

    @property
    def sides(self) -> tuple[str, str] | None:
        """A two-part question's two questions, one per side (question_sides), or None."""
        return None if self.split is None else self.split[:2]

    def side_questions(self) -> list[Question]:
        """Each side as its own question, knowing the part both share."""
        if self.split is None:
            return []
        first, second, shared, own_first, own_second = self.split
        return [Question(first, self.names, shared, own_first), Question(second, self.names, shared, own_second)]

    @cached_property
    def asked_head(self) -> str:
        """The kind of thing a 哪个… question asks for (场馆, 公司), or ""."""
        return asked_head(self.normalised, self.words)

    @cached_property
    def kind_noun(self) -> str:
        """The noun naming the kind of thing a what / which question asks for (职业 of 什么职业), or ""."""
        return kind_noun(self.normalised, self.words) if self.chinese else ""

    @cached_property
    def asked_noun(self) -> tuple[str, ...] | None:
        """The nouns its question word is about, () if a verb, None without such a question word."""
        return asked_noun(self.words) if self.chinese else None

    @cached_property
    def phrase_head(self) -> str:
        """The head noun of the asked noun phrase of a Chinese what-question (phrase_head), or ""."""
        return phrase_head(self.words) if self.chinese else ""

    @cached_property
    def dated(self) -> tuple[str, ...]:
        """What a when-question dates (dated_words): the date's sentence must say it happened."""
        return dated_words(self.words) if self.chinese else ()

    @cached_property
    def dated_subject(self) -> str:
        """The phrase a when-question dates (dated_subject): a sentence naming it dates it too."""
        return dated_subject(self.words) if self.chinese else ""

    @cached_property
    def cleft_agent(self) -> bool:
        """Does it ask who did something (是谁+verb), a person or an organisation?"""
        return self.chinese and cleft_agent(self.words)

    @cached_property
    def focus(self) -> tuple[str, ...]:
        """For an amount, a person or a date asked: the words next to the question word."""
        return focus_words(self.normalised, self.kind) if self.kind in ASKS else ()

    @cached_property
    def asked(self) -> tuple[str, ...]:
        """For a how / why / what question: the words of the predicate asked about (asked_words); for a side of
        a comparison whose question word is followed by nothing but the comparing (化解居民纠纷的做法有什么不一样),
        the predicate the shared part says before it (shared_predicate: 化解, 居民, 纠纷)."""
        if not self.chinese:
            return ()
        if self.asks_shared:
            return shared_predicate(normalise_query(self.shared))
        return asked_words(self.normalised, self.kind)

    @cached_property
    def asks_shared(self) -> bool:
        """Is this a side of a how-comparison whose question word only asks to compare, so that what it asks is
        the shared part's predicate (`asked`)? That predicate picks which quote leads the side, not which are
        quoted: its words (居民, 参与) are often said by the report's other sentences too."""
        return (self.chinese and bool(self.own) and self.kind == "howto"
                and not asked_words(self.normalised, self.kind))


def parse_question(text: str, names: NameLookup | None = None) -> Question:
    """The question as every stage reads it. names: the collection's pinyin lookup (Store.names_read_as),
    so that an English question's "Haiyuan" is the 海园 the reports name."""
    return Question(text.strip(), names)
