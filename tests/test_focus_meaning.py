"""A focus veto overruled by meaning (assistant/focus_meaning.py): the sentence failing only the focus check is quoted
when it is the closest to the question by a margin. Real jieba, question parsing and answer-type checks; the
closeness is given (the e5 cosines themselves are tested in test_semantic.py)."""
from __future__ import annotations

import pytest

from assistant.answer_type import checked_terms, failures
from assistant.focus_meaning import FOCUS_MARGIN, misread_focus, overrulable
from assistant.question import parse_question
from assistant.records import Passage
from ingest.chunk import sentence_spans
from vectorstore.settings import get_settings

# 专门 (an adverb jieba tags as a noun) is the weightiest common noun here: the asker's word, no sentence prints it
QUESTION = "殷赫村为了让村民不出村就能看上演出，专门搭了个什么台子？"
STAGE = "殷赫村为丰富村民的文化生活，搭建了“党群服务大舞台”，让村民在家门口就能看上演出。"
BRANCH = "殷赫村网格党支部带领党员群众参与人居环境整治。"
SQUARE = "殷赫村村民在广场上跳舞，享受文化生活。"


def _case() -> tuple:
    asked = parse_question(QUESTION)
    terms = list(asked.terms)
    weights = [3.0 if t.text == "专门" else 1.0 for t in terms]
    passage = Passage(chunk_id="c", article_id="a", title="殷赫村的乡村治理", source="", passage=STAGE + BRANCH + SQUARE,
                      score=1.0)
    return asked, terms, weights, [passage]


def test_the_stage_sentence_fails_only_the_focus_check():
    asked, terms, weights, passages = _case()
    checked, checked_weights = checked_terms(asked, asked.expected, terms, weights)
    text = passages[0].passage
    failed = [set(failures(asked, asked.expected, checked, checked_weights, passages[0], s, e))
              for s, e in sentence_spans(text)]
    assert failed[0] == {"focus"}
    assert all(f != {"focus"} for f in failed[1:])


def test_the_closest_sentence_by_a_margin_failing_only_focus_is_quoted():
    asked, terms, weights, passages = _case()
    found = misread_focus(asked, terms, weights, passages, lambda texts: [0.93, 0.90, 0.89][:len(texts)])
    assert found is not None
    assert passages[0].passage[found.start:found.end] == STAGE


@pytest.mark.parametrize("cosines", [
    [0.905, 0.90, 0.89],  # closest, but by less than the margin
    [0.90, 0.93, 0.89],  # the closest sentence fails another check too
])
def test_no_clear_closest_sentence_keeps_the_veto(cosines):
    asked, terms, weights, passages = _case()
    assert cosines[0] - max(cosines[1:]) < FOCUS_MARGIN
    assert misread_focus(asked, terms, weights, passages, lambda texts: cosines[:len(texts)]) is None


def test_nothing_is_embedded_without_a_sentence_failing_only_focus():
    asked, terms, weights, _ = _case()
    passages = [Passage(chunk_id="c", article_id="a", title="殷赫村", source="", passage=BRANCH + SQUARE, score=1.0)]

    def never(texts: list[str]) -> list[float]:
        raise AssertionError("embedded without a candidate")

    assert misread_focus(asked, terms, weights, passages, never) is None


@pytest.mark.parametrize("question, may", [
    (QUESTION, True),
    ("共享花园建在哪儿？", True),
    ("浑南区社区工作者风采大赛的一等奖奖金是多少？", False),  # a figure: its focus is what the number counts
    ("平安志愿服务队的队长叫什么名字？", False),  # a person's role: the name must be in that role's clause
    ("Who is the secretary of the community Party branch?", False),  # English: cosines on another scale
    ("为什么要改造垃圾箱房？", False),  # untyped
])
def test_which_questions_a_focus_veto_may_be_overruled_for(question, may):
    assert overrulable(parse_question(question)) is may


def test_the_override_is_a_setting_on_by_default():
    assert get_settings().answer.focus_by_meaning is True
