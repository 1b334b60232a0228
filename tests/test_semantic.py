"""The semantic match (assistant/semantic.py): grounding by a top passage's stored vector close to the question
(on by default, embeds nothing at question time), and, when turned on, the answer-type check's event shown
in other words by a sentence embedded at question time and kept in the store — on the seeds store, with the
real embedder, retriever and checks."""
from __future__ import annotations

import numpy as np
import pytest

from assistant import semantic
from assistant.answer import Assistant
from assistant.answer_type import _without_frame, qualifies
from assistant.semantic import SentenceVectors
from ingest.chunk import sentence_spans
from vectorstore.settings import get_settings


@pytest.fixture(scope="module")
def sentences(seeds_store) -> Assistant:
    """An assistant with the sentence route on (GONGZHI_SEMANTIC_SENTENCES)."""
    return Assistant(get_settings(store=seeds_store.root, semantic_sentences=True), store=seeds_store)


def test_sentence_vectors_are_embedded_once_per_store(seeds_store):
    texts = [c.text for c in seeds_store.chunks_of(next(seeds_store.articles()).id)][:2]
    first = SentenceVectors(seeds_store.embedder, seeds_store)
    made = first.vectors(texts)
    assert first.embedded == len(texts)
    again = SentenceVectors(seeds_store.embedder, seeds_store)  # a new process: its memory is empty
    kept = again.vectors(texts)
    assert again.embedded == 0  # read from the store's sentence_vectors table
    for text in texts:
        assert np.allclose(made[text], kept[text])
        assert abs(float(np.linalg.norm(kept[text])) - 1.0) < 1e-3  # unit vectors: a dot product is the cosine


def _prepared(assistant: Assistant, question: str):
    parsed, passages, grounding = assistant._prepare(question, None, None)
    terms, weights = _without_frame(parsed.expected, grounding.terms, grounding.weights)
    return parsed, passages, terms, weights


def _span(passages, needle: str):
    for passage in passages:
        for start, end in sentence_spans(passage.passage):
            if needle in passage.passage[start:end]:
                return passage, start, end
    raise AssertionError(f"no retrieved sentence holds {needle}")


def test_a_sentence_close_in_meaning_shows_the_event(sentences):
    assistant = sentences
    # 到场 / 开推进会 against "…等近200人参加会议": the count sentence shares too few of the question's words
    question = "静安寺街道开推进会那天有多少人到场？"
    parsed, passages, terms, weights = _prepared(assistant, question)
    passage, start, end = _span(passages, "近200人参加会议")
    assert qualifies(parsed, parsed.expected, terms, weights, passage, start, end) == "sentence"
    similar = assistant.similarity(parsed)
    assert similar(passage.passage[start:end]) >= 0.92
    assert qualifies(parsed, parsed.expected, terms, weights, passage, start, end, similar) == ""


def test_the_qualifiers_stay_hard_however_close_the_sentence(sentences):
    assistant = sentences
    question = "静安寺街道2015年开推进会那天有多少人到场？"  # the report names no 2015
    parsed, passages, terms, weights = _prepared(assistant, question)
    passage, start, end = _span(passages, "近200人参加会议")
    similar = assistant.similarity(parsed)
    assert qualifies(parsed, parsed.expected, terms, weights, passage, start, end, similar) == "year"


def _closest(assistant: Assistant, parsed, passages) -> float:
    return semantic.closest_passage(assistant.store.embedder.query_vector(parsed.search_text), assistant.store,
                                    passages, 3)


def test_the_sentence_route_is_off_by_default_and_embeds_nothing(assistant):
    parsed, *_ = assistant._prepare("静安寺街道开推进会那天有多少人到场？", None, None)
    assert assistant.similarity(parsed) is None
    before = assistant.sentence_vectors.embedded
    assistant.ask("居民区怎么把热心肠的人组织起来？")
    assert assistant.sentence_vectors.embedded == before


def test_a_question_covered_in_part_is_grounded_by_a_passage_close_in_meaning(assistant, seeds_store, monkeypatch):
    question = "居民区怎么把热心肠的人组织起来？"  # 热心肠: the reports say 志愿者, 有特长的居民
    parsed, passages, grounding = assistant._prepare(question, None, None)
    closest = _closest(assistant, parsed, passages)
    assert semantic.GROUNDING_FLOOR <= grounding.coverage < assistant.settings.answer.grounding_threshold
    assert not grounding.grounded and closest < semantic.GROUNDING_SIMILARITY  # 0.887: just short of 0.89
    monkeypatch.setattr(semantic, "GROUNDING_SIMILARITY", closest - 0.005)
    assert assistant._prepare(question, None, None)[2].grounded
    plain = Assistant(get_settings(store=seeds_store.root, semantic_match=False), store=seeds_store)
    assert not plain._prepare(question, None, None)[2].grounded  # turned off: words only


def test_a_missing_name_is_never_grounded_by_meaning(assistant):
    question = "杭州的居民区是怎么用共治金做民生项目的？"  # 0.90 close to 海园's 共治金 passage
    parsed, passages, grounding = assistant._prepare(question, None, None)
    assert _closest(assistant, parsed, passages) >= semantic.GROUNDING_SIMILARITY
    assert grounding.missing_entities and not grounding.grounded
