"""assistant/interrogatives.py: one place for the question-word patterns, each variant differing as it says."""
from __future__ import annotations

from assistant import interrogatives as asks


def test_any_interrogative_reads_traditional_forms_particles_and_a_not_a() -> None:
    for question in ("社區有幾個", "这是真的吗", "能不能停车", "是否开放", "誰負責"):
        assert asks.INTERROGATIVE.search(question), question
    assert not asks.INTERROGATIVE.search("2023春运首日旅客发送量")


def test_a_morpheme_asks_only_where_it_opens_the_word() -> None:
    assert asks.INTERROGATIVE_MORPHEME.search("何时") and asks.INTERROGATIVE_MORPHEME.search("哪一年")
    assert asks.INTERROGATIVE_MORPHEME.search("多长时间") and asks.INTERROGATIVE_MORPHEME.search("为何")
    assert not asks.INTERROGATIVE_MORPHEME.search("任何")  # "any"
    assert not asks.INTERROGATIVE_MORPHEME.search("吗")  # a particle is jieba's function word already


def test_the_kind_words_are_the_what_words_without_who() -> None:
    assert asks.WHAT_WORD.search("谁") and not asks.KIND_WORD.search("谁")
    for word in ("什么", "哪", "何", "啥"):
        assert asks.WHAT_WORD.search(word) and asks.KIND_WORD.search(word)


def test_the_slot_word_takes_its_measure_word_and_leaves_why_and_how() -> None:
    assert asks.SLOT_WORD.search("拥有多少个县").group() == "多少个"
    assert asks.SLOT_WORD.search("哪一位老师").group() == "哪一位"
    for question in ("为什么没换", "如何筹集", "任何时候"):
        assert not asks.SLOT_WORD.search(question), question


def test_the_order_strips_its_question_words_with_punctuation() -> None:
    assert asks.ORDER_ASKING.pattern.startswith(asks.ORDER_WH.pattern + "|")
    assert asks.ORDER_ASKING.sub("", "共治金是怎么筹集的？") == "共治金是筹集的"
    assert asks.ORDER_WH.sub("", "共治金是怎么筹集的？") == "共治金是怎么筹集的？"


def test_the_question_shape_keeps_the_content_of_the_question() -> None:
    assert asks.QUESTION_SHAPE.sub("", "请问海园居民区分别有哪些做法？") == "海园居民区有做法"
    assert asks.JUDGE_WORD.sub("|", "共治金筹集了多少") == "共治金筹集了|"
