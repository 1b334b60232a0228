"""The answer judge (assistant/judge.py) on the real seeds store: its weights, its features, its veto."""
from __future__ import annotations

import json

from assistant import judge
from assistant.grounding import assess
from assistant.question import parse_question


def _scored(assistant, text: str, citations=None, passages=None) -> list[float]:
    """The judge's score of each quoted window of the answer to `text` (or of the given citations)."""
    question = parse_question(text, assistant.store.names_read_as)
    answer = assistant.ask(text)
    citations = answer.citations if citations is None else citations
    passages = answer.retrieved if passages is None else passages
    grounding = assess(question, passages, assistant.store.keyword_index(),
                       assistant.settings.answer.grounding_threshold)
    return [judge.window_score(question, grounding.terms, grounding.weights, w)
            for w in judge.candidates(citations, passages)]


def test_the_weights_are_numbers_for_the_features_the_code_computes():
    data = json.loads(judge.WEIGHTS.read_text(encoding="utf-8"))
    assert data["features"] == list(judge.FEATURES)
    assert len(data["coef"]) == len(judge.FEATURES)
    assert all(isinstance(c, float) for c in data["coef"]) and 0.0 < data["threshold"] < 1.0
    assert "CC BY-SA" in data["trained_on"]  # the training data's licence travels with the weights
    assert judge._model() is not None


def test_a_quoted_sentence_giving_the_asked_count_passes_the_judge(assistant):
    answer = assistant.ask("高华小区改造涉及多少户居民?")
    assert answer.grounded and not answer.partial and "3926" in answer.answer
    assert max(_scored(assistant, "高华小区改造涉及多少户居民?")) >= judge._model()[2]


def test_the_same_window_scores_lower_for_a_question_about_another_year(assistant):
    # The question with a year the window does not give (a changed qualifier, as the training negatives).
    asked = max(_scored(assistant, "高华小区改造涉及多少户居民?"))
    answer = assistant.ask("高华小区改造涉及多少户居民?")
    other = max(_scored(assistant, "1998年高华小区改造涉及多少户居民?", answer.citations, answer.retrieved))
    assert other < asked


def test_how_and_why_questions_are_not_judged(assistant):
    question = parse_question("共治金是什么？怎么运作？", assistant.store.names_read_as)
    assert question.expected is None
    assert judge.supports(question, [], [], [], [])  # nothing quoted, nothing to judge: the answer stands


def test_a_vetoed_answer_is_partial_with_the_judges_reason(assistant, monkeypatch):
    coef, intercept, _ = judge._model()
    monkeypatch.setattr(judge, "_model", lambda: (coef, intercept, 1.0))  # no window can reach a score of 1
    answer = assistant.ask("高华小区改造涉及多少户居民?")
    assert not answer.grounded and answer.partial and answer.citations
    assert answer.grounding.answer_type.reason == "judge"
