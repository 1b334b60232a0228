"""Every chunk's sentences embedded at ingest (ingest/sentence_vectors.py) and read at question time without
embedding (semantic.StoredSimilarity, the learned order's sentence model) — on the real seeds store and embedder."""
from __future__ import annotations

import shutil

import numpy as np
import pytest

from assistant import order
from assistant.answer import Assistant, sentence_terms
from assistant.semantic import StoredSimilarity
from ingest import sentence_vectors
from ingest.pipeline import ingest_paths
from vectorstore.settings import get_settings
from vectorstore.store import Store
from vectorstore.store.sentence_vectors import sentence_key


def _keys(store: Store) -> list[str]:
    return [sentence_key(s) for cid, c in store.get_chunks(sorted(store.chunk_ids())).items()
            for s in sentence_vectors.sentences(c.chunk.text)]


def test_every_chunk_sentence_has_a_vector_after_ingest(seeds_store):
    keys = _keys(seeds_store)
    assert keys and seeds_store.known_sentence_vectors(keys) == set(keys)
    assert sentence_vectors.fill_missing(seeds_store, repair=False) == 0


def test_a_stored_sentence_vector_is_the_sentence_embedded_as_a_passage(seeds_store):
    text = next(c.text for c in seeds_store.chunks_of(next(seeds_store.articles()).id))
    sentence = sentence_vectors.sentences(text)[0]
    stored = seeds_store.sentence_vectors([sentence_key(sentence)])[sentence_key(sentence)]
    again = np.asarray(seeds_store.embedder.embed_passages([sentence])[0], dtype=np.float32)
    # the ingest's batch engine and the question-time engine agree within rounding (README: cosine ≥ 0.9999)
    assert float(stored @ again) / float(np.linalg.norm(stored) * np.linalg.norm(again)) > 0.999


def test_a_second_ingest_embeds_no_sentence_again(seeds_store, seeds_dir):
    texts = [c.text for a in seeds_store.articles() for c in seeds_store.chunks_of(a.id)]
    assert sentence_vectors.new_vectors(seeds_store, texts) == {}


@pytest.fixture()
def copied(seeds_store, tmp_path):
    """A copy of the seeds store (its files), opened on its own."""
    root = tmp_path / "store"
    shutil.copytree(seeds_store.root, root)
    return Store.open(get_settings(store=root))


def test_a_store_without_sentence_vectors_answers_as_before_and_check_fills_them(copied):
    with copied.db:
        copied.db.execute("DELETE FROM sentence_vectors")  # as a store built before them
    assert sentence_vectors.fill_missing(copied, repair=False) == len(copied.chunk_ids())
    assistant = Assistant(get_settings(store=copied.root), store=copied)
    question = "高华小区改造涉及多少户居民?"
    parsed, passages, grounding = assistant._prepare(question, None, None)
    similar = assistant.stored_similarity(parsed)
    cands = order.ranked(parsed, passages)[:order.CANDIDATES]
    assert order.candidate_cosines(similar, cands, passages) is None  # nothing stored: the old model decides
    assert sentence_vectors.fill_missing(copied) == len(copied.chunk_ids())
    assert sentence_vectors.fill_missing(copied, repair=False) == 0
    cosines = order.candidate_cosines(assistant.stored_similarity(parsed), cands, passages)
    assert cosines is not None and len(cosines) == len(cands) and all(0.5 < c < 1.0 for c in cosines)


def test_stored_similarity_reads_the_question_vector_against_kept_sentences_only(seeds_store):
    assistant = Assistant(get_settings(store=seeds_store.root), store=seeds_store)
    parsed, passages, _ = assistant._prepare("共治金筹集了多少钱？", None, None)
    similar = assistant.stored_similarity(parsed)
    text = passages[0].passage
    first = sentence_vectors.sentences(text)[0]
    q = seeds_store.embedder.query_vector(parsed.search_text)
    expected = float(seeds_store.embedder.embed_passages([first])[0] @ q) / float(np.linalg.norm(q))
    assert similar.sentences([first])[0] == pytest.approx(expected, abs=5e-3)
    assert similar.sentences(["资料库里从来没有过的一句话，谁也没有存过。"]) == [None]
    # a quote joining two stored sentences (a pronoun's antecedent) is as close as the closer of them
    spans = [(text, 0, len(text))]
    assert similar.spans(spans)[0] == pytest.approx(max(similar.sentences(sentence_vectors.sentences(text))))


def test_the_sentence_features_say_which_candidate_is_closest():
    values = order.sentence_features([0.80, 0.90, 0.86])
    assert [v[2] for v in values] == [0.0, 1.0, 0.0]
    assert values[1][1] == pytest.approx(0.4) and values[0][1] == pytest.approx(-1.0)
    assert values[1][0] > values[2][0] > values[0][0]


def test_the_order_takes_the_sentence_model_only_when_every_candidate_has_a_stored_vector(seeds_store, monkeypatch):
    assistant = Assistant(get_settings(store=seeds_store.root), store=seeds_store)
    parsed, passages, grounding = assistant._prepare("高华小区改造涉及多少户居民?", None, None)
    answer = assistant._extractive(parsed, passages, grounding)
    read: list[bool] = []
    model = order._model

    def spy(sentences: bool = False):
        read.append(sentences)
        return model(sentences)

    monkeypatch.setattr(order, "_model", spy)
    order.lead(parsed, passages, answer.citations, sentence_terms(grounding.terms), grounding.weights, None)
    assert True not in read[1:]  # no similarity: the model without sentence features
    read.clear()
    order.lead(parsed, passages, answer.citations, sentence_terms(grounding.terms), grounding.weights,
               assistant.stored_similarity(parsed))
    assert read[-1] is (model(True) is not None)
