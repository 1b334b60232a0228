"""What a report sentence is, apart from its topic: concrete content, or lede / slogan / outlook.

A news report opens with a lede (what happened, when) and closes with an outlook (下一步…将…); in
between, slogans evaluate without saying anything checkable ("切实提升居民的获得感和幸福感"). None of
them answers a how / why / how-much question, so the extractive answer quotes them last or not at all.
They are told by general signals, not by phrases:
- concrete content: numbers, dates, names (jieba's nr/ns/nt/nz), quoted project or document names;
- evaluative vocabulary by part of speech: adjectives, adverbs, idioms and set phrases (a, ad, an, d, i,
  l, z) as a share of the content words;
- tense: outlook sentences open in the future (the closed class of future-time words and the adverb 将);
- mood: an exhortation (各社区要以此次活动为契机，进一步…) is a deontic modal verb heading a predicate led by
  a manner adverb or a purpose frame (以…为), with no aspect marker (了, 已) and no figure: what ought to be
  done, said in general, like an outlook;
- position: the first sentence of a report is its lede.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from vectorstore.keyword import _posseg

_NAME_FLAGS = frozenset({"nr", "ns", "nt", "nz"})
_EVALUATIVE_FLAGS = frozenset({"a", "ad", "an", "d", "i", "l", "z"})
_CONTENT_FLAGS = re.compile(r"[nvadilzjt]")  # nouns, verbs, adjectives, adverbs, idioms, phrases, status, time
_QUOTED = re.compile(r"“[^”]{2,24}”|《[^》]{2,40}》|\"[^\"]{2,24}\"")
_NUMBER = re.compile(r"\d|[一二两三四五六七八九十百千]+(?:个|位|项|家|户|名|支|场|次|座|栋|条|处|件|元|万|批|期|类|大)")
_DATE = re.compile(r"\d{1,2}月\d{1,2}日|\d{4}年|\d{1,2}月(?:份|以来|起|底|初)|[上下]半年|今年|去年|近日|日前")
# Future-time words form a closed class (like the stop words): an outlook opens with one of them, or its
# main verb follows the future adverb 将 (jieba: 将/d; 将/p is the object marker 把 and is not counted).
_FUTURE_OPENING = re.compile(r"^[^，。；]{0,4}(?:下一步|下一阶段|下阶段|今后|未来|接下来|将来|展望)")
# Adjectives and adverbs also describe real problems ("队伍平均年龄偏大、后备力量不足": 0.2 of its words);
# a slogan with nothing concrete is mostly evaluation.
SLOGAN_EVALUATIVE = 0.3
_AREA_WORD = re.compile(r"居民区|小区|社区|街道|新村|村|镇|路|里|弄|花园|家园|公寓")  # 尚景/nr 居民区, 南五村/nr: places
_TAGGED = 80
# News names a person by post, then name, then what they said or did (物业公司副经理成建新说): jieba's HMM
# misses many such names (成建新), the post before them does not. Posts are a closed class of role nouns.
_TITLED_NAME = re.compile(r"(?:书记|主任|经理|会长|站长|队长|院长|所长|局长|部长|主席|理事长|负责人|教授|委员|民警|"
                          r"楼组长|网格员|志愿者|社工|居民)([\u4e00-\u9fff]{2,3})(?=说|表示|介绍|指出|认为|告诉|坦言|提议|"
                          r"发起|带领|牵头|[，,。：:“])")
# Deontic modals form a closed class (like the future-time words); 要求/需要 are other words to jieba.
_MODALS = frozenset({"要", "应", "应当", "应该", "须", "必须", "务必", "需"})
_MANNER_FLAGS = frozenset({"d", "ad", "l", "i"})  # 进一步/d, 切实加强/l: how the ought-to-do is to be done
_PERFECTIVE = frozenset({"了", "已", "已经", "过"})
_CHUNK_INDEX = re.compile(r"-(\d{4})-[0-9a-f]+$")


@dataclass(frozen=True)
class Role:
    concrete: int  # numbers, dates, names and quoted names in the sentence
    evaluative: float  # share of the content words that are adjectives, adverbs, idioms or set phrases
    outlook: bool  # opens in the future tense
    exhortation: bool  # a modal (要, 应, 必须) heading a manner adverb or 以…为, nothing done, no figure
    names: tuple[str, ...]  # the names jieba tags in it (nr/ns/nt/nz)
    persons: tuple[str, ...]  # people and organisations (nr not followed by an area word, nt)
    action: float  # share of the content words that are verbs (not 是/有): what was done

    @property
    def filler(self) -> bool:
        """A slogan, an outlook or an exhortation: nothing checkable, or only what is still to be done."""
        return self.outlook or self.exhortation or self.concrete == 0 and self.evaluative >= SLOGAN_EVALUATIVE


def opens_in_future(sentence: str) -> bool:
    """The sentence opens with a future-time word (下一步, 今后, 未来…): a report's outlook, its plans."""
    return bool(_FUTURE_OPENING.match(sentence))


def exhorts(tokens: list[tuple[str, str]], sentence: str) -> bool:
    """A deontic modal verb whose predicate opens with a manner adverb or idiom (要进一步完善, 必须切实加强)
    or a purpose frame (要以…为契机), in a sentence with no aspect marker and no number or date: what ought
    to be done, not what was done. A modal before a noun (应居民要求) or a plain verb (要想) is not one."""
    if _NUMBER.search(sentence) or _DATE.search(sentence) or any(w in _PERFECTIVE for w, _ in tokens):
        return False
    for i, (word, flag) in enumerate(tokens[:-1]):
        if word not in _MODALS or flag not in {"v", "d"}:
            continue
        after, next_flag = tokens[i + 1]
        if after == "不" and i + 2 < len(tokens) and tokens[i + 2][0] == word:  # 要不要: a question
            continue
        if after == "以" and next_flag == "p" and any(w == "为" for w, _ in tokens[i + 2:i + 10]):
            return True
        # an idiom counts when it goes on to an object or a verb (切实加强 基层), not ending the clause (重蹈覆辙。)
        goes_on = i + 2 < len(tokens) and tokens[i + 2][1] != "x"
        if next_flag in _MANNER_FLAGS and (next_flag in {"l", "i"} and goes_on
                                           or any(f.startswith("v") for _, f in tokens[i + 2:i + 4])):
            return True
    return False


def asks_ought(words: Iterable[tuple[str, str]]) -> bool:
    """The question (its tagged words) is itself in the deontic mood (应该怎么做, 要注意什么): exhortations
    answer it."""
    return any(w in _MODALS and f in {"v", "d"} for w, f in words)


def tags(text: str, names: bool = False) -> list[tuple[str, str]]:
    """(word, part-of-speech flag) with the index's dictionary. names=False skips jieba's HMM for unknown
    words (about 14 times faster: 0.6 against 7.6 ms for a 70-character sentence here); it is needed only
    to find names jieba's dictionary lacks (张马定), i.e. for who-questions."""
    return [(p.word, p.flag) for p in _posseg().cut(text, HMM=names)]


@lru_cache(maxsize=4096)
def role(sentence: str, names: bool = False) -> Role:
    """names: tag unknown words too (slower), so that unknown people count as persons.
    Only the opening _TAGGED characters are tagged (the tagger's cost grows with length): the tense is
    set there, and the shares of evaluative words and verbs are estimated on it."""
    tokens = tags(sentence[:_TAGGED], names)
    content = [(w, f) for w, f in tokens if _CONTENT_FLAGS.match(f) and re.search(r"\w", w)]
    evaluative = sum(1 for _, f in content if f in _EVALUATIVE_FLAGS) / len(content) if content else 0.0
    names = tuple(w for w, f in tokens if f in _NAME_FLAGS and len(w) >= 2)
    titled = tuple(m.group(1) for m in _TITLED_NAME.finditer(sentence))
    persons = tuple(w for i, (w, f) in enumerate(tokens) if len(w) >= 2 and (
        f == "nt" or f == "nr" and not _AREA_WORD.search(w)
        and not (i + 1 < len(tokens) and _AREA_WORD.search(tokens[i + 1][0])))) + titled
    verbs = sum(1 for w, f in content if f == "v" and w not in {"是", "有"})
    # a statement attributed to a named person (社区党委书记某某说…) is checkable, not a slogan
    concrete = (len(_NUMBER.findall(sentence)) + len(_DATE.findall(sentence)) + len(names)
                + len(_QUOTED.findall(sentence)) + len(set(titled) - set(names)))
    opening = tokens[:12]
    future_adverb = any(w in {"将", "将要", "将会"} and f in {"d", "v"} for w, f in opening)
    perfective = any(w in {"了", "已", "已经"} for w, _ in opening)
    outlook = bool(_FUTURE_OPENING.match(sentence)) or future_adverb and not perfective
    return Role(concrete=concrete, evaluative=evaluative, outlook=outlook,
                exhortation=not outlook and exhorts(tokens, sentence), names=names, persons=persons,
                action=verbs / len(content) if content else 0.0)


def chunk_index(chunk_id: str) -> int | None:
    """The chunk's position in its report (chunk ids end in -NNNN-<digest>, ingest/chunk.py)."""
    m = _CHUNK_INDEX.search(chunk_id)
    return int(m.group(1)) if m else None


def is_lede(chunk_id: str, quotable_number: int) -> bool:
    """The report's first sentence: the first quotable one (not a heading) of its first chunk."""
    return quotable_number == 0 and chunk_index(chunk_id) == 0
