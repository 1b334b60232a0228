"""Does the sentence that carries the answer speak of what the question qualifies, or of a sibling of it?

Same-topic evidence without the answer shares the question's keywords and differs in one qualifier: the
name (another district's figure, another team's captain, PPI for CPI), a number the question gives
(指标体系3.0 vs 2.0), a time word (首日). answer_type.py holds the year, the ordinal, the period and the
places of the question against the window (the sentence, its neighbours, the report's title and place)
and calls `failure` for the rest, each told by structure (jieba's tags, numbers, units), not word lists:
- *name*: a name of the question (jieba's person, place and organisation tags, a Latin-script word, the noun
  after 在) found nowhere in the window while the sentence names another of the same kind: the sentence
  states its fact of a sibling. A report names its subject once and then its parts, so a name in the
  window is enough; of several names of a kind (海园和高华分别…), one. An acronym (CPI) is held against the
  sentence itself: one showing another acronym (PPI) and not the asked one gives the other's figure;
- *number*: a number the question gives (not a year or an ordinal: their own checks) must be in the window;
- *time*: a time word headed by a unit of time (首日, 上半年, 春节) must be in the window; deictic ones
  (今年, 现在) need not be.
- *sibling*: a common noun modifying a one-character head noun (乒乓/班) found nowhere in the window while the
  window names that head after another word (武术班): the sentence tells of another class, team or room.
Also here: `without_dateline` (a search result's publication date names the page's year, not the event's)
and `focus_missing` (a figure is said of what the question measures). Calibrated in docs/grounding.md.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from assistant.dictionary import common_word
from assistant.grounding import contains_place
from assistant.interrogatives import KIND_WORD as _ASKING
from assistant.naming import place_tagged
from assistant.query import HOUSE_NUMBER, Term
from vectorstore.keyword import posseg_cut
from vectorstore.script import CJK as _CJK
from vectorstore.script import CJK_RUN as _CJK_RUN

# jieba's name tags, by kind: a sentence naming another name of the same kind speaks of a sibling.
# Places and organisations are one kind: a district acts as one (长宁区代表队 vs 徐汇区).
NAME_KINDS = {"nr": "person", "nrt": "person", "nrfg": "person", "ns": "place", "nt": "place"}
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]+")
_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z]{2,5}(?![A-Za-z])")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Quoted text (“廉政家风”, 《…》, 「…」): a title, a theme or a slogan, not a name the sentence speaks of.
QUOTED = re.compile(r"“[^”]*”|《[^》]*》|「[^」]*」|\"[^\"]*\"")



def unquoted(sentence: str) -> str:
    """The sentence with its quoted text (“廉政家风”, 《…》, 「…」) replaced by a comma: a title or a slogan."""
    return QUOTED.sub("，", sentence)


Words = Sequence[tuple[str, str]]


def _name_kind(word: str, flag: str) -> str:
    if _LATIN.fullmatch(word):
        return "latin"
    if flag in {"ns", "nt"} and common_word(word):
        return ""  # 东西/ns, 上门/ns: words the general dictionary knows only as common words (query.chinese_terms)
    return NAME_KINDS.get(flag, "") if len(word) >= 2 else ""


def question_names(words: Words, terms: Sequence[Term] = ()) -> list[tuple[tuple[str, ...], str]]:
    """(forms, kind) of each name a Chinese question gives: the forms of its key term when it is one (长宁队
    as 长宁; a Shanghai place with the places inside it, query.place_forms), else the word. The noun
    after 在 is a place (在社区放映), whatever its tag. An English question's words are no names here."""
    if not any(_CJK.match(w) for w, _ in words):
        return []
    forms_of = {t.text: t.alternatives + ((t.located,) if t.located else ()) for t in terms}  # 深圳 by 水围社区
    names = []
    for i, (w, f) in enumerate(words):
        kind = _name_kind(w, f)
        if not kind and i and words[i - 1][0] == "在" and f.startswith("n") and len(w) >= 2:
            kind = "place"
        if kind:
            names.append((tuple(forms_of.get(w, (w,))), kind))
    return names


def _latin_words(text: str) -> set[str]:
    return {m.group(0).upper() for m in _LATIN.finditer(text)}


def _shows(forms: tuple[str, ...], kind: str, text: str) -> bool:
    if kind == "latin":  # WAIC2024 shown as WAIC 2024 too
        upper = text.upper()
        return bool({f.upper() for f in forms} & _latin_words(text)) or any(
            re.sub(r"(?<=[A-Z])(?=\d)|(?<=\d)(?=[A-Z])", " ", f.upper()) in upper for f in forms if re.search(r"\d", f))
    return any(f in text for f in forms)


def name_conflict(words: Words, terms: Sequence[Term], sentence: str, context: str) -> bool:
    """Does the window (sentence, neighbours, title, place) lack a name of the question while the sentence
    names another of its kind? A report names its subject once, then its parts (a 居民区 of the asked
    村): only a name found nowhere around the sentence is replaced by the other one."""
    names = question_names(words, terms)
    # an acronym names a measure or a body (CPI, PPI, GDP): a sentence with another and not the asked one
    # gives the other's figure, whatever its neighbours say
    acronyms = {f for forms, kind in names if kind == "latin" for f in forms if _ACRONYM.fullmatch(f)}
    shown = set(_ACRONYM.findall(sentence))
    if acronyms and not acronyms & shown and shown - acronyms:
        return True
    # of a question naming several of a kind (海园和高华分别…; a street and its 居民区), one shown will do
    missing = {kind for _, kind in names if not any(_shows(f, k, context) for f, k in names if k == kind)}
    if not missing:
        return False
    known = [f for forms, _ in names for f in forms] + [w for w, _ in words if len(w) >= 2]
    other = lambda word: not any(word in k or k in word for k in known)  # noqa: E731 - 松江区 is 松江
    if "latin" in missing and any(other(w) for w in _latin_words(sentence)):
        return True
    missing.discard("latin")
    # a place word opening a company's name (隆坤/ns 建设集团) names no place (naming.place_tagged), nor is the
    # province or city of a place the window names (湖南 of its 长沙市, grounding.contains_place) another place
    return bool(missing) and any(_name_kind(word, flag) in missing and other(word)
                                 and not (flag == "ns" and contains_place(word, context))
                                 for word, flag in place_tagged(unquoted(sentence)))


# A magnitude's dimension and the units its figures are written in: a closed class (the composer asks for these
# units; the focus check reads a figure in them as naming its dimension: 2117平方米 is an area)
_LENGTH = r"米|公里|千米|公尺|公分|厘米|毫米|英尺|英寸"
_WEIGHT = r"吨|公斤|千克|斤|克|磅"
DIMENSION_UNITS = {"面积": r"平方米|平方公里|平米|万?亩|公顷", "距离": _LENGTH + r"|里", "长度": _LENGTH,
                   "高度": _LENGTH, "宽度": _LENGTH, "深度": _LENGTH, "重量": _WEIGHT,
                   # nouns of one dimension (体长 is a length, 水深 a depth): the same closed class
                   "体长": _LENGTH, "全长": _LENGTH, "身长": _LENGTH, "总长": _LENGTH, "身高": _LENGTH,
                   "海拔": _LENGTH, "水深": _LENGTH, "体重": _WEIGHT}
_IN_UNITS = {dimension: re.compile(rf"\d\s*(?:余|多)?\s*[万亿]?\s*(?:{units})") for dimension, units in DIMENSION_UNITS.items()}


def focus_missing(focus: Sequence[str], sentence: str) -> bool:
    """The words next to the question word (Question.focus: 筹集 in 共治金筹集了多少钱) say what the asked figure
    is of: the sentence shows a character of one of them (提升 for 提高: reports use their own verbs) or, for a
    dimension (面积, 长度), a figure in its units (2117平方米); or its fact is said of something else (支出了3万元)."""
    words = [w for w in focus if _CJK.match(w)]
    return bool(words) and not any(c in sentence for w in words for c in w) and not any(
        w in _IN_UNITS and _IN_UNITS[w].search(sentence) for w in words)


_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: str) -> str:
    """1 to 99 as Chinese writes it in a name or a rank (9 → 九, 12 → 十二, 30 → 三十; "No. 9" is 牡丹九, 第九),
    "" otherwise. Written here: the two-digit rule is one line, no library for it is installed."""
    if not re.fullmatch(r"[1-9]\d?", number):
        return ""
    tens, ones = divmod(int(number), 10)
    return (("" if tens == 1 else _DIGITS[tens]) + "十" if tens else "") + (_DIGITS[ones] if ones else "")


def number_failure(question: str, context: str, earlier: str = "") -> bool:
    """A number the question gives (not a year or an ordinal) that the window does not show. A house number
    (790弄, 272号楼) names the subject: a report names its address once, then tells of "该小区"; it holds when
    it is the last house number the report names before the sentence (earlier: the report up to it)."""
    body = re.sub(r"第\s*\d+", "", question)  # an ordinal: answer_type's check
    houses = {m.group(1) for m in HOUSE_NUMBER.finditer(body)}
    for m in _NUMBER.finditer(body):
        number = m.group(0)
        if _YEAR.fullmatch(number):  # a year: answer_type's check
            continue
        if not re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", context) and not (
                number in houses and _house_in_force(earlier) == number) and not (
                (numeral := chinese_numeral(number)) and re.search(rf"{numeral}(?![十百千万])", context)):
            return True
    return False


def _house_in_force(earlier: str) -> str:
    """The house number a report last named (the subject its next sentences speak of), or ""."""
    found = [m.group(1) for m in HOUSE_NUMBER.finditer(earlier) if not re.match(r"\d", earlier[m.start() - 1:m.start()])]
    return found[-1] if found else ""


def time_failure(words: Words, context: str) -> bool:
    """A time word of the question (jieba `t` headed by a unit of time: 首日, 上半年, 春节) the window does
    not show. Words that point from the time of asking (今年, 现在, 目前) name no time a report must repeat;
    jieba's other `t` words (时间, 会上) are no time of the event."""
    return any(f == "t" and _TIME_UNIT.search(w) and w not in context and not _DEICTIC.match(w)
               for w, f in words)


# A search-result dateline ("Jun 19,2023 ... "): when the page was published, not when its facts happened.
_DATELINE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}, ?(?:19|20)\d{2}(?= \.\.\.)")


def without_dateline(text: str) -> str:
    """The text without its publication datelines: a year found only there qualifies no figure in the window
    that names another year (answer_type.py counts it as the passage's year)."""
    return _DATELINE.sub(" ", text)


@lru_cache(maxsize=256)
def _words(question: str) -> tuple[tuple[str, str], ...]:
    return tuple(posseg_cut(question))


def failure(question: str, terms: Sequence[Term], sentence: str, context: str,
            words: Sequence[tuple[str, str]] | None = None, earlier: str = "") -> str:
    """The qualifier the sentence (name) or its window (number, time) contradicts or lacks, or "".
    words: the question's jieba words when already cut (Question.words), so it is tagged once per ask;
    earlier: the report up to the end of the sentence (its house number in force, number_failure)."""
    return next(failures(question, terms, sentence, context, words, earlier), "")


def failures(question: str, terms: Sequence[Term], sentence: str, context: str,
             words: Sequence[tuple[str, str]] | None = None, earlier: str = "") -> Iterator[str]:
    """Each qualifier `failure` reads that fails, in its order (number, time, name), computed as asked for."""
    words = _words(question) if words is None else tuple(words)
    if number_failure(question, context, earlier):
        yield "number"
    if time_failure(words, context):
        yield "time"
    if name_conflict(words, terms, sentence, context):
        yield "name"
    if sibling_named(question, words, context):
        yield "sibling"


# A common noun modifying a head noun (not a name: 佳木斯/ns 路 is an address, name_conflict's; 乒乓/o is jieba's
# onomatopoeia reading of a noun).
_COMMON_NOUN_FLAGS = frozenset({"n", "ng", "vn", "o"})


def sibling_named(question: str, words: Words, context: str) -> bool:
    """Does the window name a sibling of what the question asks about instead of it: the question's word before a
    one-character head noun (乒乓/班) found nowhere in the window, which names that head after another word of two
    characters that the question does not say (武术班)? A one-character head (班, 队, 站, 室) names a kind of unit,
    its modifier which one: 武术班 is another class than 乒乓班, whatever the report says of it."""
    for i, ((word, tag), (head, flag)) in enumerate(zip(words, words[1:])):
        # a noun modifying the head (乒乓/o: jieba reads the noun as an onomatopoeia), not a word of the grammar (多少/m)
        # or of time (会上/t); the head ends its noun phrase (微/n 网格员 is a prefix of the noun after it)
        after = words[i + 2][1] if i + 2 < len(words) else ""
        if i > 0 and _ASKING.search(words[i - 1][0]):
            continue  # 什么地方人: the noun after the question word is the kind asked for, not a modifier
        if not (len(word) >= 2 and _CJK_RUN.fullmatch(word) and tag in _COMMON_NOUN_FLAGS
                and len(head) == 1 and _CJK.match(head) and flag in {"n", "ng"} and not after.startswith("n")
                and word not in context):
            continue
        if any(other not in question for other in re.findall(rf"([\u4e00-\u9fff]{{2}}){re.escape(head)}", context)):
            return True
    return False


_TIME_UNIT = re.compile(r".[日年月季周天夜晚节]$")
# Deictic time words: 今, 现, 目前, 当前, 近, 最近, 如今, 去, 明, 昨, 此前, 日前 (a closed class).
_DEICTIC = re.compile(r"今|现|目前|当[前下今]|近|最近|如今|去|明|昨|此[前后时]|日前|眼下|届时")
