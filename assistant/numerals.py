"""Chinese numerals, exact and approximate, as the grammar writes them (a closed class).

An exact numeral is written in digits (12, 1,200) or in numeral characters (一千二百, 两). An approximate numeral
takes a placeholder digit: 几 ("some") after or before a power of ten (十几, 二十几, 几十, 几百, 几千, 几万) and 数
("several") before one (数十, 数百, 数千, 数万); the approximators after a numeral (余, 多, 来: 百余家, 一千多元,
十来个, 10余个) and the adjacent pairs (两三个, 七八成) are read by the patterns that use these (count_binding.ABOUT),
the adverbs before it (上千, 近百, 约, 逾) need no reading — the numeral after them is whole.

A lone 几 or 数 is no figure: 几个 ("a few") and 数个 are vague, and 几/数 are also words of their own (几乎, 数据,
人数), so a placeholder counts only next to a power of ten.
"""
from __future__ import annotations

import re

# The numeral characters a count is written in (一…九, 两, 十, 百, 千, 万, 亿; 零 is left out: 零部件, 零星).
DIGITS = "一二两三四五六七八九十百千万亿"
_POWERS = "十百千万亿"
# A placeholder digit: 几 before or after a power of ten (几十, 十几, 二十几), 数 before one (数十, 数百) — not in
# 人数十分 (十分 "very") or 数十足.
PLACEHOLDER = rf"(?:几(?=[{_POWERS}])|(?<=[{_POWERS}])几|数(?=[百千万亿]|十(?![分足])))"
# A Chinese numeral, exact or approximate (三, 一千二百, 十几, 几十, 数百, 二十几).
CN_NUMERAL = rf"(?:[{DIGITS}]|{PLACEHOLDER})+"
_PLACEHOLDER = re.compile(PLACEHOLDER)


def approximate(text: str) -> bool:
    """Does the text hold a numeral with a placeholder digit (十几人, 几十名, 数百户)?"""
    return _PLACEHOLDER.search(text) is not None
