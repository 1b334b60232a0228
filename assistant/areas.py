"""The words that make a name a place's or community's (水围社区, 海园居民区, 马陆镇, 淞南五村), in one place.

A closed class of China's administrative and residential units: a community, street, residents' area, estate, new
village, village (and its variant 邨), town, township, county, city, and 社 (a village's cooperative, 合作社; an old
word for a village). Each reader builds its set or pattern from AREA_WORDS; a reader that needs more (a name end
that is no area: 公司, 苑) adds its extras beside its use, with why; a case label reads LOCAL_AREAS only (why there).
"""
from __future__ import annotations

import re

# The units a case of community governance is (a residents' area, an estate, a community, a street, a village, a
# town): what a report's case label names. Longest first, so that an alternation prefers 新村 to 村.
LOCAL_AREAS: tuple[str, ...] = ("居民区", "社区", "街道", "小区", "新村", "村", "邨", "镇", "乡")
# And the units around them a question names a case by (宜丰县石市镇, 台湾基隆市), with 社.
AREA_WORDS: tuple[str, ...] = LOCAL_AREAS + ("县", "市", "社")


def alternation(words: tuple[str, ...] = AREA_WORDS) -> str:
    """A regular expression group matching any of the words, longest first (`(?:居民区|社区|…)`)."""
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


def ending(words: tuple[str, ...] = AREA_WORDS) -> re.Pattern[str]:
    """A pattern of a text that ends in one of the words (`search` for a name ending in an area word, `fullmatch`
    for the area word alone)."""
    return re.compile(alternation(words) + "$")
