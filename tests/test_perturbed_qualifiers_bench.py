"""bench/perturbed_qualifiers.py: siblings of a question's qualifiers, the answer cut from what the assistant reads."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
bench = pytest.importorskip("perturbed_qualifiers")


def test_a_question_s_qualifiers_are_found_by_kind():
    kinds = {(kind, word) for kind, word, *_ in bench.qualifiers("2023年一季度湖南全省GDP增长多少")}
    assert ("place", "湖南") in kinds and ("period", "一季度") in kinds and ("scope", "全省") in kinds
    assert not [k for k, *_ in bench.qualifiers("社区有多少志愿者") if k != "scope"]


def test_a_sibling_is_never_one_an_answer_bearing_passage_names():
    item = bench.Item("t", "q1", "2021年湖南GDP增长多少", ["7.7%"], [], ["2021年湖南GDP增长7.7%，湖北增长12.9%。"], "a")
    pool = {"place": Counter({"湖北": 9, "江西": 3})}
    copies = bench.sibling_copies(item, ["江西的经济增长了8.8%"], pool)
    place = next(c for c in copies if c["mode"] == "sibling:place")
    assert place["to"] == "江西" and place["hard"] and place["question"] == "2021年江西GDP增长多少"
    # the easy sibling: named in the store, in no passage the original read
    easy = next(c for c in bench.sibling_copies(item, ["湖南的经济"], pool) if c["mode"] == "sibling:place")
    assert easy["to"] == "江西" and not easy["hard"]  # 湖北, commoner, bears the answer
    only_bearing = {"place": Counter({"湖北": 9})}
    assert not any(c["mode"] == "sibling:place" for c in bench.sibling_copies(item, ["湖南的经济"], only_bearing))


def test_the_answer_is_cut_in_every_written_form():
    assert bench.cut_answer([["3473.6万人次", "3474万人次"]], "首日发送旅客3473.6万人次，约3474万人次。") == "首日发送旅客，约。"
    assert bench.as_noun_phrase("2022年冬奥会开幕式的总导演是谁？") == "2022年冬奥会开幕式的总导演"
    assert bench.as_noun_phrase("谁是总导演？") == ""


def test_the_assistant_reads_the_passages_without_the_answer(assistant):
    question = "黄金城道步行街沿线有多少个小区和商铺?"
    assert "232" in assistant.ask(question).answer
    with bench.transformed(assistant, lambda text: None if "232" in text else text):
        dropped = assistant.ask(question)
        assert all("232" not in p.passage for p in dropped.retrieved)
    with bench.transformed(assistant, lambda text: text.replace("232家", "")):
        blanked = assistant.ask(question)
        assert "232家" not in blanked.answer and any("黄金城道" in p.passage for p in blanked.retrieved)
        # the agreement check reads every retrieved report (Assistant.reports(..., every=True)): changed too
        passages = assistant.retriever.retrieve(question)
        texts = assistant.reports(passages, [], every=True)
        assert texts and all("232家" not in text for text in texts.values())
    assert "232" in assistant.ask(question).answer  # the assistant is itself again
