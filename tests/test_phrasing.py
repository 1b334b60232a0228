"""Paraphrased questions (branch `phrasing`): the asker's word as a focus, with the real question parser and checks.
A what-kind question (什么台子) whose weightiest noun no top passage prints asks for a thing of its kind instead."""
from assistant import answer_type as at
from assistant.answer import sentence_terms
from assistant.question import parse_question
from assistant.query import Term
from assistant.records import Passage

_QUESTION = "虹口那场暴雨，街道和居委干部挨家挨户往外抽水，一共忙活了多久？"
_PASSAGE = Passage(chunk_id="c1", article_id="a1", title="榆兰新村突降暴雨", source="s", place="",
                   passage="历经3个半小时的奋战，晚上8点半，105户底楼居民家中积水全部排清。", score=1.0)


def _focus_failed(unshown: tuple[str, ...]) -> bool:
    asked = parse_question(_QUESTION)
    terms = sentence_terms(list(asked.terms), unshown)
    weights = [1.0] * len(terms)
    checked, weights = at._checked_terms(asked, asked.expected, terms, weights)
    end = len(_PASSAGE.passage)
    return "focus" in set(at.failures(asked, asked.expected, checked, weights, _PASSAGE, 0, end))


def test_the_figure_is_of_the_word_next_to_its_question_word():
    asked = parse_question(_QUESTION)
    assert asked.expected == "count" and "忙活" in asked.focus


def test_a_focus_word_the_evidence_prints_somewhere_must_be_in_the_sentence():
    assert _focus_failed(unshown=())  # 忙活 shown elsewhere: this duration is of something else


_WHAT = "殷赫庄村想让村民不出村就能看上演出、享受文化生活，专门搭了个什么台子？"


def _what_focus(unshown: tuple[str, ...]) -> list[str]:
    asked = parse_question(_WHAT)
    terms = sentence_terms(list(asked.terms), unshown)
    weights = [5.0 if t.text == "专门" else 1.0 for t in terms]  # the weightiest common noun, as jieba tags it
    checked, weights = at._checked_terms(asked, asked.expected, terms, weights)
    return [t.text for t in at.asked_focus(asked, checked, weights)]


def test_what_kind_is_asked_names_the_answer_and_an_unprinted_noun_beside_it_gives_way_to_the_kind():
    assert parse_question(_WHAT).kind_noun == "台子"
    assert _what_focus(unshown=()) == ["专门"]  # printed somewhere: the sentence must show it
    assert _what_focus(unshown=("专门", "台子")) == ["台子"]  # the asker's word: a 台子 is asked for


def test_the_kind_is_said_by_its_morpheme_heading_a_word():
    kind = [Term("台子", ("台子",), entity=False, pos="n")]
    said = "殷赫庄村搭建了“党群服务大舞台”，让村民在家门口就能享受到文化盛宴。"
    assert at.focus_shown(kind, said, said)  # 舞台 is a 台
    assert not at.focus_shown(kind, "殷赫庄村丰富村民的文化生活。", "殷赫庄村丰富村民的文化生活。")
