"""English questions name places and projects in pinyin; where the collection's name table does not hold
the name (it keeps name-like words only: a name made of common words is not there), the retrieved
passages are read for characters that spell it and are printed as a name. On the real seeds store, with
the name table switched off (names=None) so that only the passages can resolve the name."""
from __future__ import annotations

from assistant.pinyin_evidence import marked_as_name, read_in_passages, spelled
from assistant.query import english_terms
from assistant.question import parse_question
from assistant.records import Passage


def _resolved(assistant, text: str) -> dict[str, tuple[str, ...]]:
    question = parse_question(text)  # no name table
    passages = assistant.retriever.retrieve(question)
    return {t.text: t.alternatives for t in read_in_passages(question, passages).entities}


def test_a_name_before_a_place_suffix_is_read_in_the_passages(assistant):
    found = _resolved(assistant, "What did Longmen estate do in Laoximen's old public housing autonomy?")
    assert "龙门" in found["longmen"]  # 龙门村 in the report


def test_a_run_of_capitalised_words_is_spelled_by_consecutive_characters(assistant):
    found = _resolved(assistant, "How did Laoximen set up its Zizhi Jiayuan?")
    assert "自治家园" in found["zizhi"] and "自治家园" in found["jiayuan"]


def test_a_name_no_passage_prints_stays_missing_and_the_question_is_refused(assistant):
    assert _resolved(assistant, "What does the Yuanmeng studio do?")["yuanmeng"] == ("Yuanmeng", "yuanmeng")
    answer = assistant.ask("What does the Yuanmeng studio do?")
    assert not answer.grounded and "yuanmeng" in answer.grounding.missing_entities


def test_a_homophone_in_running_text_is_not_a_name():
    text = "第四届社区论坛在四界村举行，“微光”驿站开放。"
    assert spelled("sijie", text) == [(1, 3), (8, 10)]  # 四届 and 四界
    assert not marked_as_name(text, 1, 3) and marked_as_name(text, 8, 10)  # …村 follows 四界
    assert marked_as_name(text, 15, 17)  # “微光”


def test_an_english_month_is_a_date_not_a_name():
    terms = {t.text: t for t in english_terms("What happened in Gubei on December 1?")}
    assert terms["december"].alternatives == ("12月",) and not terms["december"].entity
    assert "may" not in {t.text for t in english_terms("May I ask how Gubei raised its fund?")}


def test_a_heteronym_is_read_every_way_and_a_name_may_run_into_several_suffixes():
    text = "不断提升社区自治水平长海路街道万佳苑小区启动了长廊微改造"
    assert spelled("changhai", text) == [(10, 12)]  # 长 read chang, though pypinyin guesses zhang here
    assert marked_as_name(text, 10, 12)  # jieba's one word 长海路街道: the name, then 路 and 街道
    assert not spelled("zhanglang", "长廊") == [] and spelled("changlang", "长廊") == [(0, 2)]


def _passage(text: str) -> Passage:
    return Passage(chunk_id="c", article_id="a", title="", source="s.jsonl#r", passage=text, score=1.0)


def test_a_foreign_name_after_its_kind_is_the_name_the_passages_quote_after_the_kind():
    question = parse_question("Who spotted the broken branch before Typhoon Doksuri?")
    quoted = read_in_passages(question, [_passage("在台风“杜苏芮”即将影响上海之际，块长在巡查中发现树枝折断。")])
    assert "杜苏芮" in {t.text: t for t in quoted.entities}["doksuri"].alternatives
    unquoted = read_in_passages(question, [_passage("台风过境后，块长在巡查中发现树枝折断。")])
    assert {t.text: t for t in unquoted.entities}["doksuri"].alternatives == ("Doksuri", "doksuri")
