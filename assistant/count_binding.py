"""Is a figure bound to the noun a count question asks about? By the structure of a Chinese count: a numeral
and a measure word before the noun (12台电梯), or the noun as topic and its figure as comment with only linking
verbs between (电梯已达15台, 党员共236名); a figure of people (200余人, 3000人次) for a noun of persons (居民,
志愿者: a closed class of person morphemes); and a bare figure ending a clause with no noun before it (目前已有12
个), which counts what the sentence before names. The answer-type check (answer_type) reads these for its
type and focus checks.
"""
from __future__ import annotations

import re

from assistant.numerals import CN_NUMERAL, PLACEHOLDER
from assistant.query import Term
from assistant.question import CLASSIFIERS
from vectorstore.keyword import posseg_cut
from vectorstore.script import is_chinese

# What may stand around a figure's numeral: approximators (余, 多, 来) and a magnitude (万, 亿, 千, 百).
ABOUT = r"\s*(?:余|多|来)?\s*[万亿千百]?\s*(?:余|多)?\s*"
# A clause, between marks; the flags of nouns and verbal nouns (jieba n*, vn) a count names.
_CLAUSES = re.compile(r"[^，,；;。！？!?：:]+")
_NOUN_FLAG = re.compile(r"n|vn")


def bare_figure(sentence: str) -> bool:
    """Does a clause of the sentence end in a figure with no noun before it (目前已有12个; 截至目前，已达120人): a
    comment whose topic, what the figure counts, is named in the sentence before (continued)? A clause naming a
    noun (共开展活动50场) counts that noun."""
    for clause in _CLAUSES.findall(sentence):
        figure = re.search(rf"{_COUNTED_FIGURE}(?:以上|左右|之多)?\s*$", clause)
        if figure is not None and not any(_NOUN_FLAG.match(flag) for _, flag in posseg_cut(clause[:figure.start()])):
            return True
    return False


# A figure in a measure word — what counts a noun in its clause; a lone 一 before a measure word is the indefinite
# article (一批健身器材 "a batch of", 一个平台), no count.
_COUNTED_FIGURE = (rf"(?:\d+(?:[.,]\d+)*|(?!一[^一二两三四五六七八九十百千万])(?:[一二两三四五六七八九十百千万]|{PLACEHOLDER})+)"
                   rf"{ABOUT}"
                   rf"(?:[{CLASSIFIERS}]|人次)")


# The bound morphemes that end a Chinese noun of persons (居民, 党员, 志愿者, 老人, 群众, 儿童, 学生, 人士, 病友, 社工,
# 教师, 楼组长): a closed class of the word formation, not a list of nouns.
_PERSON_SUFFIX = "民员者人众童生士友工师长"
# A figure of people: counted in 人 (the noun "person") or 人次 (person-times), not in a compound of 人 (人员, 人士).
_PEOPLE_FIGURE = re.compile(rf"(?:\d+(?:[.,]\d+)*|{CN_NUMERAL}){ABOUT}人次?(?![员士])")


def counts_people(focus: list[Term], sentence: str) -> bool:
    """A count of persons (多少居民, 几位老人: the counted noun ends in a morpheme of persons) said by a figure of
    people (200余人到场, 服务3000人次): 人 is the noun those nouns are hyponyms of, and a report writes it for them."""
    head = focus[-1].text if focus else ""
    return (len(head) >= 2 and head[-1] in _PERSON_SUFFIX and is_chinese(head)
            and bool(_PEOPLE_FIGURE.search(sentence)))


def counts_noun(counted: tuple[str, ...] | None, sentence: str) -> bool:
    """Does the sentence count the asked noun in a measure word of its own: a figure next to the noun (12台电梯) or
    after it with only linking words between (电梯15台, 党员共236名; not 志愿者服务队10支, which counts the teams)?
    By the structure of a Chinese count (numeral, measure word, noun; or a noun as topic, its figure as comment).
    counted: Question.asked_noun; its last word (two characters or more) is the noun counted."""
    head = counted[-1] if counted else ""
    if len(head) < 2:
        return False
    noun = re.escape(head)
    return bool(re.search(rf"{_COUNTED_FIGURE}{noun}", sentence)
                or re.search(rf"{noun}(?:{_LINKING_VERBS})*{_COUNTED_FIGURE}", sentence))


# Between a noun and its figure (党员共236名, 电梯已达15台): adverbs and verbs of having or amounting (a closed class).
_LINKING_VERBS = r"已|共|累计|总计|共计|合计|达到|达|有|为|约|超过|超|逾|近|多达|\s"
