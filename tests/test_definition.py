"""The definition of the titled subject a what-is question asks about (extractive.defines_subject)."""
from __future__ import annotations

import pytest

from assistant import extractive
from assistant.extractive import defines_subject, select
from assistant.question import parse_question
from assistant.records import Passage
from assistant.slot import asked_tail

_RAINIER = ("瑞尼尔山（），亦称塔科马山（Mount Tacoma）或塔和马山（Mount Tahoma），是一座活火山，属于层状火山，位在美国华盛顿州的皮尔斯县境内。"
            "美国西北部的美洲原住民称瑞尼尔山为塔科马（Tacoma）或塔和马（Tahoma），“水之母”之意。"
            "Hazard Stevens与P. B. Van Trump在1870年成功首登瑞尼尔山。"
            "1890年Fay Fuller协同Van Trump和其他三位队友，成为第一位首登瑞尼尔山的女性。")


def _passage(text: str, title: str = "瑞尼尔山") -> Passage:
    return Passage(chunk_id="a-0000-b", article_id="a", title=title, source="s", passage=text, score=1.0)


@pytest.mark.parametrize("question, tail", [("亚麻属于哪个属？", "属"), ("操场的定义是什么？", ""),
                                            ("劲松站是哪条线路的车站？", "线路的车站"), ("谁负责", "负责")])
def test_what_the_question_says_after_its_question_word(question, tail):
    assert asked_tail(question) == tail


def test_the_sentence_opening_with_the_titled_subject_and_apposition_defines_it():
    passage = _passage(_RAINIER)
    question = parse_question("瑞尼尔山又被称作什么？")
    first, second = _RAINIER.split("。")[:2]
    assert defines_subject(question, passage, first + "。")
    assert not defines_subject(question, passage, second + "。")  # names it, but does not open with it


@pytest.mark.parametrize("question, title", [
    ("瑞尼尔山又被称作什么？", "瑞尼尔山脚下社区开展登山活动"),  # a headline is no name
    ("瑞尼尔山有哪些别称？", "瑞尼尔山"),  # a list is asked
    ("瑞尼尔山向导的名字叫什么？", "瑞尼尔山"),  # asked of another subject (the guide)
    ("瑞尼尔山有多高？", "瑞尼尔山"),  # a figure is asked: its own check reads it
    ("瑞尼尔山呈什么形状？", "瑞尼尔山"),  # a verb's predicate is asked, which a definition seldom says
])
def test_no_definition_is_asked_for(question, title):
    assert not defines_subject(parse_question(question), _passage(_RAINIER, title), _RAINIER.split("。")[0] + "。")


@pytest.mark.parametrize("question", ["瑞尼尔山原来的名字叫什么？", "瑞尼尔山又被称作什么？", "瑞尼尔山的别称是什么？"])
def test_what_the_question_says_after_the_subject_is_said_of_it(question):
    assert defines_subject(parse_question(question), _passage(_RAINIER), _RAINIER.split("。")[0] + "。")


def test_the_composer_quotes_the_definition_though_other_sentences_outrank_it(monkeypatch):
    question = parse_question("瑞尼尔山又被称作什么？")
    chosen = select(question, [_passage(_RAINIER)])
    assert any("塔科马山" in c.text for c in chosen), [c.text for c in chosen]
    monkeypatch.setattr(extractive, "defines_subject", lambda *args: False)  # the same sentences without the rule
    assert not any("塔科马山" in c.text for c in select(question, [_passage(_RAINIER)]))


_JINSONG = ("劲松站原先是10号线一期工程终点站，劲松站至终点区间长394.6m，设有折返线，亦是10号线二期工程起点。"
            "车站因地处劲松街道辖区得名劲松站位于东三环南路（南北向）与劲松路－南磨房路（东西向）相交路口，在劲松桥东侧路口地下。"
            "车站沿东三环南路呈南北走向布置。"
            "劲松站是地下二层车站，两层三跨两柱联拱结构、岛式站台设计。")


def test_the_sentence_after_a_quote_saying_what_it_leaves_out_is_quoted_with_it(monkeypatch):
    # 走向 is said only by the sentence after the second quote, which outranks it by naming the station
    question = parse_question("劲松站呈什么走向？")
    passage = Passage(chunk_id="a-0001-b", article_id="a", title="劲松站", source="s", passage=_JINSONG, score=1.0)
    assert any("南北走向布置" in c.text for c in select(question, [passage]))
    monkeypatch.setattr(extractive, "_follower", lambda *args: None)
    assert not any("南北走向布置" in c.text for c in select(question, [passage]))


def test_no_follower_when_a_quote_gives_the_asked_fact_where_asked():
    text = ("本次大赛共有7个项目入围评审，各项目负责人进行现场演示。专家评委还对项目进行了点评，并提出了完善建议。"
            "各项目负责人还与评委交流了项目的运营经验。")
    passage = Passage(chunk_id="a-0001-b", article_id="a", title="公益创投大赛评审会", source="s", passage=text, score=1.0)
    chosen = select(parse_question("公益创投大赛有几个项目入围评审？"), [passage])
    assert chosen and "7个项目" in chosen[0].text and chosen[0].near
    assert len(chosen) <= 2, [c.text for c in chosen]


_BLINDSNAKE = ("钩盲蛇主要分布在非洲及亚洲，现在分布已遍及全球。"
               "钩盲蛇是栖息于地洞的蛇种，由于体型细小，加上善于掘洞，因此经常被误认为蚯蚓。"
               "成年的钩盲蛇身体呈亮灰色或紫色。")


def test_a_definition_leads_no_answer_whose_question_says_more_than_its_subject():
    """成年的钩盲蛇是什么颜色: 成年 is said by the sentence answering it, not by the definition (which is still quoted
    when it scores close enough); 钩盲蛇是什么 is answered by the definition."""
    passage = _passage(_BLINDSNAKE, title="钩盲蛇")
    asked = select(parse_question("成年的钩盲蛇是什么颜色？"), [passage])
    assert asked[0].text.startswith("成年的钩盲蛇身体呈亮灰色"), [c.text for c in asked]
    assert any(c.text.startswith("钩盲蛇是栖息于地洞的蛇种") for c in asked)  # the definition, quoted second
    defined = select(parse_question("钩盲蛇是什么？"), [passage])
    assert defined[0].text.startswith("钩盲蛇是栖息于地洞的蛇种"), [c.text for c in defined]
