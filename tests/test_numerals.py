"""Approximate numerals (十几人, 几十名, 数百户) read as figures by the answer-type patterns (assistant/numerals.py)."""
from __future__ import annotations

import re

import pytest

from assistant.answer_type import _place_bound, gives_fact
from assistant.count_binding import counts_noun, counts_people
from assistant.numerals import CN_NUMERAL, approximate
from assistant.query import Term


@pytest.mark.parametrize("text, numeral", [
    ("十几人", "十几"), ("几十名", "几十"), ("数百户", "数百"), ("二十几个", "二十几"), ("数万元", "数万"),
    ("一千二百", "一千二百"), ("人数十分可观", "十"), ("几乎没有", None), ("几个居民", None), ("数据显示", None),
])
def test_a_placeholder_counts_only_beside_a_power_of_ten(text, numeral):
    found = re.search(CN_NUMERAL, text)
    assert (found.group() if found else None) == numeral


def test_approximate_tells_a_placeholder_from_an_exact_numeral():
    assert approximate("留守儿童多达十几人") and approximate("数百户居民")
    assert not approximate("上千人参加") and not approximate("两三个") and not approximate("几个人")


@pytest.mark.parametrize("text, gives", [
    ("留守儿童多达十几人，当下又时值暑假。", True), ("几十名志愿者参与。", True), ("惠及数百户居民。", True),
    ("上千人参加。", True), ("百余家商户加入。", True), ("10余个项目落地。", True),
    ("几个居民来了。", False),  # 几个 "a few" is vague, no figure
    ("人数十分可观。", False),  # 十分 "very"
])
def test_an_approximate_count_answers_a_count_question(text, gives):
    assert gives_fact("count", text, "对面屋组的留守儿童有多少？") is gives


def test_an_approximate_sum_and_a_rate_of_two_tenths():
    assert gives_fact("money", "每户出资数百元。", "每户出资多少钱？")
    assert gives_fact("rate", "两成居民参与。", "居民参与的比例是多少？")


def test_an_approximate_figure_is_bound_to_its_noun_of_persons():
    assert counts_noun(("留守", "儿童"), "留守儿童多达十几人")
    assert counts_noun(("志愿者",), "几十名志愿者参与")
    assert counts_people([Term("留守儿童", ("留守儿童",), False)], "共有十几人")


def test_a_common_word_tagged_as_a_place_owns_no_figure():
    terms = [Term("长圳", ("长圳",), True)]
    sentence = "对面屋组背后靠山，河港环绕，留守儿童多达十几人。"
    assert _place_bound("count", terms, sentence, question="长圳村对面屋组的留守儿童有多少？")
    # a real place before the figure still owns it
    assert not _place_bound("count", terms, "武汉市留守儿童多达十几人。", question="长圳村对面屋组的留守儿童有多少？")
