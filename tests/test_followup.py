"""Follow-up resolution: the questions cadres actually type after a first answer."""
from __future__ import annotations

import pytest

from assistant.followup import resolve_followup, topics

FIRST = "海园居民区的社区共治金是怎么筹集的?"


def test_topics_name_places_organisations_and_practices():
    found = {(t.text, t.kind) for t in topics(FIRST)}
    assert ("海园居民区", "place") in found
    assert ("社区共治金", "practice") in found
    assert {t.text for t in topics("老西门街道的自治家园有哪些机构?")} == {"老西门街道", "自治家园"}
    assert "上海政法学院" in {t.text for t in topics("上海政法学院的学生党支部打算怎样参与社区治理?")}
    assert topics("那资金怎么监督?") == []


def test_follow_up_carries_the_topic_over():
    resolved = resolve_followup("那资金怎么监督?", [FIRST])
    assert "海园" in resolved and "共治金" in resolved and "监督" in resolved
    assert not resolved.startswith("那")  # the connective is dropped, the question kept


def test_question_without_a_name_after_one_that_had_names_is_a_follow_up():
    resolved = resolve_followup("资金由谁监督?", [FIRST])
    assert "海园居民区" in resolved and "资金由谁监督" in resolved


@pytest.mark.parametrize("question", [
    "老西门街道为什么要在老旧公房小区建立自治家园?",  # names its own subject
    "1000户以下的中小型新型居住社区怎样设立社工站?",
])
def test_standalone_question_is_unchanged(question):
    assert resolve_followup(question, [FIRST]) == question


def test_no_history_or_no_topic_leaves_the_question_alone():
    assert resolve_followup("那资金怎么监督?", []) == "那资金怎么监督?"
    assert resolve_followup("那资金怎么监督?", ["社区治理有哪些创新?"]) == "那资金怎么监督?"


def test_a_bare_new_name_swaps_into_the_earlier_question():
    assert resolve_followup("那静安寺街道呢?", [FIRST]) == "静安寺街道的社区共治金是怎么筹集的?"


def test_chains_use_the_nearest_question_that_names_something():
    second = resolve_followup("那资金怎么监督?", [FIRST])
    third = resolve_followup("还有哪些民生项目?", [FIRST, second])
    assert "海园居民区" in third and "民生项目" in third


def test_pronoun_follow_up_keeps_quoted_names_whole():
    first = "浦江微领地社区的“百万美感生活”活动是谁发起的?"
    resolved = resolve_followup("这个活动有多少人参加?", [first])
    assert "“百万美感生活”" in resolved and "浦江微领地社区" in resolved


def test_other_places_do_not_inherit_the_earlier_place():
    resolved = resolve_followup("其他街道有类似做法吗?", [FIRST])
    assert "海园居民区" not in resolved and "共治金" in resolved


def test_traditional_follow_up_stays_traditional():
    from assistant.query import question_lang

    resolved = resolve_followup("那資金怎麼監督?", [FIRST])
    assert "海園" in resolved and "監督" in resolved
    assert question_lang(resolved) == "zh-hant"


def test_english_follow_ups():
    first = "How was the Haiyuan co-governance fund raised?"
    resolved = resolve_followup("How is it supervised?", [first])
    assert "Haiyuan" in resolved and "co-governance fund" in resolved and "supervised" in resolved
    assert "Haiyuan" in resolved_and(resolve_followup("And what about supervision?", [first]))
    assert resolve_followup("What is the capital of Australia?", [first]) == "What is the capital of Australia?"


def resolved_and(text: str) -> str:
    assert not text.lower().startswith("and "), text
    return text


def test_resolved_follow_up_is_answered_from_the_right_article(assistant):
    """The resolved question retrieves the Haiyuan report; the raw follow-up names nothing to find."""
    resolved = resolve_followup("那资金怎么监督?", [FIRST])
    answer = assistant.ask(resolved)
    assert answer.grounded
    assert answer.citations and all("001_" in c.source for c in answer.citations)
    assert any("海园" in c.passage for c in answer.citations)
