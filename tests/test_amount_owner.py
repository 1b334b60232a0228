"""The composer's reading of where a figure or a date is said of what was asked (branch rgbsel): an amount is the
asked act's, not a second predicate's (amount_owner.py); a when-question without a question word dates the event
its verbs say. Invented sentences, real components (jieba's tags, the question parser)."""
from __future__ import annotations

import re

from assistant.amount_owner import act_spans, amount_of_act, second_predicate
from assistant.extractive import QUANTITY, counts_asked, dated_event, states_asked_fact
from assistant.question import parse_question


def test_a_second_predicate_takes_the_figure_after_it():
    assert second_predicate("并申请补贴")
    assert not second_predicate("维修基金")
    money = re.compile(r"\d+(?:\.\d+)?\s*[万亿]?元")
    # 并 opens a second predicate: the 2万元 is the subsidy applied for, not the fund raised
    assert not amount_of_act("村委会筹集维修基金并申请补贴2万元。", money, ("筹集",), ("筹集",), 12)
    assert amount_of_act("村委会筹集维修基金2万元。", money, ("筹集",), ("筹集",), 12)


def test_the_act_is_said_in_the_reports_own_verb():
    # 筹得 shares 筹 with the asked 筹集 (jieba tags it a verb): the report says the act in its own word
    assert act_spans("居民们筹得善款3万元。", ("筹集",), ("筹集",))
    assert not act_spans("居民们捐出善款3万元。", ("筹集",), ("筹集",))
    question = parse_question("青柳村的维修基金筹集了多少钱？")
    assert counts_asked(question, "居民们筹得善款3万元，用于维修楼道。")
    assert not counts_asked(question, "村委会筹集维修基金并申请补贴2万元。")


def test_a_figure_in_the_clause_before_is_not_the_acts():
    question = parse_question("青柳村的维修基金筹集了多少钱？")
    # 一个 of the clause before the colon counts the meeting, not the money
    assert not counts_asked(question, "村里开了一个会：筹集维修基金的事定了下来。")
    assert QUANTITY.search("村里开了一个会")


def test_a_when_question_without_a_question_word_dates_its_verb():
    question = parse_question("青柳村志愿队成立时间")
    assert question.kind == "when"
    assert dated_event(question) == ("成立",)
    assert states_asked_fact(question, "经过半年筹备，青柳村志愿队于2019年3月5日正式成立。")
    assert not states_asked_fact(question, "2019年3月5日，村里召开了大会，讨论志愿队的章程。")
