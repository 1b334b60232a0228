"""The sentence that fills the question's slot (assistant/slot.py): the question's words on both sides of its
question word said around a filler, on the asked subject; the composer quotes it first (a lede too)."""
from __future__ import annotations

import pytest

from assistant.extractive import select
from assistant.question import parse_question
from assistant.records import Passage
from assistant.slot import anchors, asked_attribute, fills_slot


@pytest.mark.parametrize("question, filling, echoing", [
    # the answer where the question word stands, against a sentence sharing the words elsewhere
    ("美国佛蒙特州总共拥有多少个县？", "美国佛蒙特州总共拥有14个县。", "1779年，佛蒙特州仅拥有两个县。"),
    ("梁卓伟现任什么学校的院长？", "梁卓伟教授，前香港行政长官办公室主任，现任香港大学李嘉诚医学院院长。",
     "2013年5月，仅接任社会医学系系主任一职一年的梁卓伟出任医学院院长。"),
    # a right anchor is a word next to the question word, not one further on (天文 of 英国皇家天文学会)
    ("约翰·赫歇尔在哪一年获得由英国皇家天文学会所颁的金奖章?", "约翰·赫歇尔于1826年获得由英国皇家天文学会所颁的金奖章。",
     "约翰·赫歇尔于1816年开始研究天文学，并制作一台反射望远镜。"),
    # X的N是什么: the attribute at a clause start, or X opening the sentence in apposition
    ("袁彭年的字是什么？", "袁彭年，字介眉，别号特邱，湖广公安人。", "袁彭年为袁中道之子。"),
    ("莱昂德罗·内托的职业是什么？", "莱昂德罗·内托（Leandro Netto de Macedo,），巴西足球运动员，司职前锋。",
     "莱昂德罗·内托曾先后效力于葡萄牙、塞尔维亚和巴西的球队。"),
])
def test_the_sentence_saying_the_question_around_a_filler_fills_its_slot(question, filling, echoing):
    assert fills_slot(question, filling) > fills_slot(question, echoing)


def test_the_asked_subject_decides_between_two_sentences_filling_the_slot():
    # a preposition before the question word (由) may be said otherwise (是…制造); the subject's own words count
    question = "鑫诺一号通信卫星由什么公司制造？"
    right = "鑫诺一号通信卫星（SINOSAT-1）是法国宇航公司制造，1990年代进口中国的一颗大容量通信卫星。"
    other = "鑫诺二号通信卫星（SINOSAT-2）由中国空间技术研究院基于东方红四号卫星公用平台制造的通信卫星。"
    assert fills_slot(question, right) > fills_slot(question, other) > 0


def test_no_slot_without_a_question_word_or_words_before_it():
    assert anchors("社区怎样参与议事协商？") is None
    assert fills_slot("谁负责？", "王主任负责。") == 0
    assert asked_attribute("操场的定义是什么？") == "定义"
    assert asked_attribute("梁卓伟现任什么学校的院长？") == ""


def _passage(rank: int, text: str) -> Passage:
    return Passage(chunk_id=f"a-000{rank}-b", article_id="a", title="梁卓伟", source="s", passage=text,
                   score=1.0 - rank / 10)


def test_the_composer_quotes_the_sentence_filling_the_slot_first():
    # both sentences name him and the 院长 asked about; only one says which school where the question asks it
    text = ("2013年5月，仅接任香港大学社会医学系系主任一职一年的梁卓伟出任医学院院长，八月一日履新。"
            "梁卓伟教授，前香港行政长官办公室主任，曾经担任食物及衞生局副局长，现任香港大学李嘉诚医学院院长。")
    chosen = select(parse_question("梁卓伟现任什么学校的院长？"), [_passage(0, text)])
    assert chosen and "李嘉诚医学院院长" in chosen[0].text


def test_a_lede_filling_the_slot_leads_though_ledes_come_last():
    text = ("莱昂德罗·内托（Leandro Netto de Macedo,），巴西足球运动员，司职前锋。"
            "莱昂德罗·内托曾先后效力于葡萄牙、塞尔维亚和巴西的球队，在每一支球队都是队内最犀利的得分手。"
            "到了2002赛季，莱昂德罗·内托转会到OFK贝尔格莱德，在30场比赛中打进14粒入球。")
    chosen = select(parse_question("莱昂德罗·内托的职业是什么？"), [_passage(0, text)])
    assert chosen and "足球运动员" in chosen[0].text, [c.text for c in chosen]


def test_a_how_question_setting_a_scene_is_answered_by_what_the_report_tells_after_it():
    # the report restates the scene (暴雨…积水), then what was done about it, in a sentence sharing no term
    text = ("今天下午4点左右，嘉兴路街道片区突降暴雨。暴雨持续了10多分钟后，小区就出现了积水，且水位迅速升高。"
            "得知情况后，街道管理办3名年轻干部立即奔赴居民区，为底楼居民“人工排水”。"
            "榆兰新村始建于1958年，仅有托管物业，排水系统较差。")
    passage = Passage(chunk_id="a-0001-b", article_id="a", title="榆兰新村积水", source="s", passage=text, score=1.0)
    chosen = select(parse_question("暴雨积水时，榆兰新村是怎么应对的？"), [passage])
    assert chosen and "人工排水" in chosen[0].text, [c.text for c in chosen]


@pytest.mark.parametrize("question", ["老西门街道为什么要在老旧公房小区建立自治家园?", "为何要建立自治家园？",
                                      "如何建立自治家园？"])
def test_why_and_how_questions_have_no_slot(question):
    assert anchors(question) is None
