"""The area words (assistant/areas.py): one closed class every reader builds its set or pattern from, and what each
reader does with its members (case names, located places, side names, case labels)."""
from __future__ import annotations

import pytest

from assistant import extractive, query, question
from assistant.areas import AREA_WORDS, LOCAL_AREAS, alternation
from assistant.extractive import case_name, case_names
from assistant.question import parse_question, side_name
from assistant.records import Passage


@pytest.mark.parametrize("word", AREA_WORDS)
def test_every_reader_ends_a_name_with_every_area_word(word):
    name = "红桥" + word
    assert word in extractive._AREA_WORDS
    assert query._LOCAL_AREA.search(name) and query._LOCAL_AREA.fullmatch(word)
    assert question._NAME_END.search(name)
    assert question._AREA_PREFIX.fullmatch(name)
    assert bool(extractive._AREA_END.fullmatch(word)) == (word in LOCAL_AREAS)  # a case label: local units only


def test_an_alternation_prefers_the_longer_word():
    assert alternation(("村", "新村", "社", "社区")) == "(?:新村|社区|村|社)"
    assert question._AREA_PREFIX.match("荣芳里社区修路").group(0) == "荣芳里社区"  # not 荣芳里社


def test_the_variant_of_village_names_a_case():
    # 红桥|邨: 邨 was an area word to side names only; the composer did not require the case of the question
    assert [t.text for t in case_names(parse_question("红桥邨小区一共有多少户居民养狗？"))] == ["红桥邨"]


def test_a_province_is_located_by_the_city_after_it():
    # 台湾台北市: a report on 台北市 shows the province the question writes before it
    terms = {t.text: t.located for t in parse_question("台湾台北市的里长是怎么选出来的？").terms}
    assert terms["台湾"] == "台北市"


def test_a_numbered_side_runs_to_its_address_unit():
    assert side_name("淞南五村272号楼加装电梯") == "淞南五村272号楼"  # query.ADDRESS_UNITS: 号楼, not 号
    assert side_name("岚皋西路306弄垃圾厢房扩大的投放空间") == "岚皋西路306弄"


def _passage(text: str) -> Passage:
    return Passage(chunk_id="a-0000-b", article_id="a", title="原标题：让更多老人走出家门", source="s", passage=text,
                   score=1.0, place="")


@pytest.mark.parametrize("text, label", [
    ("据新华社报道，武昌区杨园街道临江社区妇联以社区妇女群众为主体。", "临江社区"),  # 社 of a news agency is no case
    ("记者从成都市获悉，金牛区沙河源街道大运村开展了垃圾分类。", "大运村"),  # the village, not the city before it
    ("近日，武汉市江岸区红桥邨小区开展了活动。", "红桥邨"),
])
def test_a_case_label_is_the_most_local_unit(text, label):
    assert case_name(_passage(text)) == label
