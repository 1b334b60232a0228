"""Paraphrased questions (branch `phrasing`): a figure's focus word the evidence never prints does not veto
(answer_type.shown_focus), with the real question parser and checks."""
from assistant import answer_type as at
from assistant.answer import sentence_terms
from assistant.question import parse_question
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


def test_a_focus_word_no_passage_prints_is_the_askers_word_and_asks_nothing():
    assert not _focus_failed(unshown=("忙活",))


def test_shown_focus_keeps_words_that_are_no_unshown_term():
    asked = parse_question(_QUESTION)
    terms = sentence_terms(list(asked.terms), ("忙活",))
    assert at.shown_focus(("忙活",), terms) == ()
    assert at.shown_focus(("忙活", "掏"), terms) == ("掏",)  # 掏 is no term: kept
    assert at.shown_focus(("忙活",), list(asked.terms)) == ("忙活",)
