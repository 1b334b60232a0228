"""English questions name places and projects in pinyin; where the collection's name table does not hold
the name (it keeps name-like words only: a name made of common words is not there), the retrieved
passages are read for characters that spell it and are printed as a name. On the real seeds store, with
the name table switched off (names=None) so that only the passages can resolve the name."""
from __future__ import annotations

from assistant.pinyin_evidence import marked_as_name, read_in_passages, spelled
from assistant.query import english_terms
from assistant.question import parse_question


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
