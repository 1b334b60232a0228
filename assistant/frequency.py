"""How often: a question asking the interval at which something recurs, and the figures that say it.

A question asks how often when its interrogative of a span of time (多久, 多长时间, 几天, 多少个月) is followed in
its clause by the numeral one and a measure word of occurrences (一次, 一回, 一趟: 多久开一次, 几天打扫一回), or
asks the interval itself (每隔多久, 隔几天), or names frequency (频率, 频次; "how often"). By structure: the
interrogative and the counted single occurrence, closed classes of the grammar, not the verb asked about.
Such a question is not answered by a duration (开了三天) but by a rate of recurrence: 每 with a period (每季度至少
召开一次, 每月, 每两周), a period with a count of occurrences (一年两次, 每年2次), or one occurrence per span
(三个月一次, 半年一回, 每隔三天).
"""
from __future__ import annotations

import re

# Units of a span of time (a closed class) and the measure words of occurrences (次, 回, 趟, 遍, 轮).
# After 每 any of them (每日, 每月); elsewhere a span (三个月, 五天), not a date's month or day (5月, 12日).
_EVERY_UNIT = r"(?:个)?\s*(?:小时|钟头|天|日|周|星期|礼拜|月|季度|季|年|学期|旬)"
_PERIOD_UNIT = r"(?:个\s*月|个?\s*(?:小时|钟头|星期|礼拜|季度)|天|周|季|年|学期|旬)"
_OCCURRENCE = r"[次回趟遍轮]"
_NUMBER = r"(?:(?<!\d)\d{1,3}(?!\d)|[一二两三四五六七八九十半几]+)"  # not a year (2023年第一次)
# The interrogative of a span of time: 多久, 多长时间, 多少天, 几个月 (not 几年级, 多少年代: not spans).
_SPAN_ASKED = rf"(?:多久|多长时间|多少{_PERIOD_UNIT}|几{_PERIOD_UNIT})(?!级|代|龄|纪)"
_FREQUENCY_ASKED = re.compile(
    rf"{_SPAN_ASKED}[^，,。；;？?！!]{{0,10}}?[一1]\s*{_OCCURRENCE}(?!性)|(?:每隔|每|隔)\s*{_SPAN_ASKED}|"
    r"频率|频次|频度|\bhow (?:often|frequently)\b", re.I)
# A rate of recurrence: 每 + (隔) + (a number) + a period (每季度, 每两周, 每隔三天, 每个月); a period and a count of
# occurrences (一年两次, 年均3次); one occurrence per span (三个月一次, 半年一回).
FREQUENCY_FACT = re.compile(
    rf"每\s*(?:隔\s*)?(?:{_NUMBER}\s*)?{_EVERY_UNIT}|"
    rf"(?:{_NUMBER}|年均|月均|周均|日均)\s*{_PERIOD_UNIT}\s*(?:至少|最少|不少于|约|大约)?\s*"
    rf"(?:[^\d第来后前内以，,。；;、]{{0,4}}?){_NUMBER}\s*{_OCCURRENCE}|"
    rf"{_NUMBER}\s*{_PERIOD_UNIT}\s*[一1]\s*{_OCCURRENCE}")


def asks_frequency(question: str) -> bool:
    """Does the question ask how often something recurs (多久开一次, 每隔多久, 频率是多少, how often)?"""
    return _FREQUENCY_ASKED.search(question) is not None


def gives_frequency(text: str) -> bool:
    """Does the text give a rate of recurrence (每季度至少召开一次, 一年两次, 三个月一次)?"""
    return FREQUENCY_FACT.search(text) is not None
