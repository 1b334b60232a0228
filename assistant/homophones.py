"""A name written with other characters of the same sound: 满州 for 满洲, 赛斯纳 for 塞斯纳.

Transliterated and old names have several spellings (a question writes 满州, its report 满洲; DRCD's
traditional text, once simplified, keeps the writer's choice), and jieba cuts the two spellings differently, so no
word of the question is in the report. Read as characters: a string of the evidence as long as the name, sharing at
least half of its characters in place, whose other characters each have a reading (pypinyin's, toneless, any of a
heteronym's) of the name's character there. A name sharing no sound (常宁 and 长宁 do share one: chang) or fewer
characters is another name.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pypinyin.pinyin_dict import pinyin_dict
from pypinyin import Style
from pypinyin.style import convert

from vectorstore.keyword import posseg_cut
from vectorstore.script import CJK_NAME as _CJK_NAME


@lru_cache(maxsize=8192)
def readings(char: str) -> frozenset[str]:
    """The toneless readings pypinyin knows for a character (长 → chang, zhang), empty for none."""
    raw = pinyin_dict.get(ord(char), "")
    return frozenset(convert(r, Style.NORMAL, strict=True).replace("ü", "v") for r in raw.split(",") if r)


def sounds_alike(a: str, b: str) -> bool:
    """Do two characters share a toneless reading (州 zhou, 洲 zhou)?"""
    return a == b or bool(readings(a) & readings(b))


def spelled_otherwise(name: str, text: str) -> tuple[str, ...]:
    """The strings of the text that write the name with other characters of the same sound (满洲 for 满州):
    as long as it, at least half of its characters the same and in place, each other one sharing a reading."""
    if not _CJK_NAME.fullmatch(name):
        return ()
    n, found = len(name), []
    starts = {m.start() - k for k, char in enumerate(name) for m in re.finditer(re.escape(char), text)}
    for start in sorted(s for s in starts if s >= 0):
        candidate = text[start:start + n]
        if len(candidate) < n or candidate == name or candidate in found or not _CJK_NAME.fullmatch(candidate):
            continue
        same = sum(a == b for a, b in zip(name, candidate))
        if 2 * same >= n and all(sounds_alike(a, b) for a, b in zip(name, candidate)) and _named(text, start, n):
            found.append(candidate)
    return tuple(found)


_NAME_FLAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "x"})


def _named(text: str, start: int, n: int) -> bool:
    """Does jieba read the string text[start:start + n] as (part of) a name: a word it tags as a person, place,
    body or other proper noun, or a character it cannot place (x, a bound morpheme: 塞斯/nrt 纳/nr)?"""
    lo = max(0, start - 4)
    at, named = lo, False
    for word, flag in posseg_cut(text[lo:start + n + 4]):
        if at < start + n and start < at + len(word) and (flag in _NAME_FLAGS or flag.endswith("g")):
            named = True
        at += len(word)
    return named
