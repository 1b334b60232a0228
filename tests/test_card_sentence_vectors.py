"""Card mechanism sentences chosen with the sentences' multilingual-e5-small vectors (ingest/card_sentences.py,
mechanism_e5) and the bench that fits that model (bench/card_sentences.py)."""
from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np

REPORT = ("近日，长风街道海园居民区召开“三会”议事会，居民代表、物业和业委会围绕小区停车难题展开协商。"
          "居委会先发放征询单，收集居民对划线停车的意见，再由议事会逐条讨论形成停车公约。"
          "物业公司负责每天巡查车辆停放，志愿者在晚高峰协助引导。"
          "海园居民区位于长风街道东部，建成于上世纪九十年代。"
          "下一步，居民区将继续完善停车管理制度。")


def _card(text: str = REPORT):
    from ingest.cards import extract_card
    from vectorstore.records import Article, Chunk

    article = Article(id="a1", title="停车议事", source="x.txt", position=0, lang="zh", text=text, original=text)
    return extract_card(article, [Chunk(id="a1-0", article_id="a1", index=0, text=text, start=0, end=len(text))])


def test_the_card_embeds_only_the_sentences_a_field_may_keep_and_scores_them_with_the_vector_model():
    from ingest import card_sentences
    from ingest.cards import _chosen_sentences, _sentence_vectors, _sentences
    from vectorstore.records import Chunk

    sentences = _sentences([Chunk(id="a1-0", article_id="a1", index=0, text=REPORT, start=0, end=len(REPORT))])
    vectors = _sentence_vectors(sentences)
    assert vectors is not None
    outlook = next(i for i, s in enumerate(sentences) if s[3].startswith("下一步"))
    assert outlook not in vectors and len(vectors) == len(sentences) - 1  # an outlook is never kept: not embedded
    assert all(len(v) == 384 for v in vectors.values())
    i = next(i for i, s in enumerate(sentences) if "征询单" in s[3])
    text = sentences[i][3]
    with_vector = card_sentences.probability("mechanism", text, i, len(sentences), vectors[i])
    model = card_sentences._models()["mechanism_e5"]
    words = sum(model["words"].get(w, 0.0) for w in set(card_sentences.structure_words(text)))
    z = (model["intercept"] + words + float(np.dot(model["e5"], vectors[i]))
         + float(np.dot(model["weights"], card_sentences.features(text, i, len(sentences)))))
    assert math.isclose(with_vector, 1 / (1 + math.exp(-z)), rel_tol=1e-9)
    # without a vector the structure-only model (the report genre gate's input) scores it, as before
    assert card_sentences.probability("mechanism", text, i, len(sentences)) != with_vector
    chosen = [f.sentence for f in _chosen_sentences(sentences, "mechanism", 5, vectors)]
    assert any("征询单" in s for s in chosen) and not any("上世纪" in s for s in chosen), chosen


def test_the_setting_or_another_embedder_leaves_the_structure_only_model(monkeypatch):
    from ingest import card_sentences
    from ingest.cards import _sentence_vectors, _sentences
    from vectorstore.records import Chunk

    sentences = _sentences([Chunk(id="a1-0", article_id="a1", index=0, text=REPORT, start=0, end=len(REPORT))])
    monkeypatch.setenv("GONGZHI_CARD_SENTENCE_VECTORS", "false")
    assert not card_sentences.reads_vectors() and _sentence_vectors(sentences) is None
    off = _card().fields["mechanism"]
    monkeypatch.delenv("GONGZHI_CARD_SENTENCE_VECTORS")
    assert card_sentences.reads_vectors()

    class Other:
        identity = "sentence-transformers:some-other-model"

        def embed_passages(self, texts: list[str]) -> np.ndarray:
            raise AssertionError("the vectors of another model are never read")

    monkeypatch.setattr("vectorstore.embedders.make_embedder", lambda settings: Other())
    assert card_sentences.sentence_vectors(["居委会组织志愿者上门走访。"]) is None
    assert [f.sentence for f in _card().fields["mechanism"]] == [f.sentence for f in off]


def test_the_bench_stores_weights_that_reproduce_the_fitted_model_on_raw_inputs():
    from bench.card_sentences import SETTINGS, fit, stored, used_columns
    from ingest.card_sentences import FEATURES

    rng = np.random.default_rng(0)
    n = 120
    dense = rng.normal(size=(n, len(FEATURES))) * 3 + 1
    vectors = rng.normal(size=(n, 8)) * 0.05 + 0.02
    words = [[f"word:{w}" for w in rng.choice(list("甲乙丙丁戊"), size=3)] for _ in range(n)]
    y = (dense[:, 0] + 40 * vectors[:, 1] + rng.normal(size=n) > 1).astype(int)
    columns = used_columns("mechanism_e5")
    fitted = fit(dense[:, columns], words, y, "mechanism_e5", vectors)
    entry = stored(SimpleNamespace(rows=[{}] * 10, x=dense), "mechanism_e5", fitted, 0.4)
    assert SETTINGS["mechanism_e5"]["e5"] and len(entry["e5"]) == 8 and entry["threshold"] == 0.4
    expected = fitted.probabilities(dense[:, columns], words, vectors)
    for k in range(0, n, 17):
        z = (entry["intercept"] + float(np.dot(entry["weights"], dense[k])) + float(np.dot(entry["e5"], vectors[k]))
             + sum(entry["words"].get(w, 0.0) for w in set(words[k])))
        assert math.isclose(1 / (1 + math.exp(-z)), expected[k], abs_tol=2e-3)  # stored weights are rounded
    assert all(entry["weights"][i] == 0 for i in range(len(FEATURES)) if i not in columns)


def test_a_centred_model_reads_what_sets_a_sentence_apart_from_its_report_not_the_report_topic():
    from ingest import card_sentences
    from ingest.cards import _chosen_sentences, _sentence_vectors, _sentences
    from vectorstore.records import Chunk

    assert card_sentences._models()["mechanism_e5"].get("centre")  # thirteenth session: mechanism_e5 is centred
    sentences = _sentences([Chunk(id="a1-0", article_id="a1", index=0, text=REPORT, start=0, end=len(REPORT))])
    vectors = _sentence_vectors(sentences)
    centred = card_sentences.centred_vectors("mechanism", vectors)
    assert set(centred) == set(vectors)
    assert np.allclose(np.mean([centred[i] for i in centred], axis=0), 0.0, atol=1e-9)
    i = next(i for i, s in enumerate(sentences) if "征询单" in s[3])
    assert np.allclose(np.asarray(centred[i]), np.asarray(vectors[i]) - np.mean(list(vectors.values()), axis=0))
    # a topic every sentence of the report shares (the same vector added to each) changes no choice and no score
    shift = np.random.default_rng(1).normal(size=384) * 0.05
    moved = {k: (np.asarray(v) + shift).tolist() for k, v in vectors.items()}
    assert [f.sentence for f in _chosen_sentences(sentences, "mechanism", 5, moved)] == \
        [f.sentence for f in _chosen_sentences(sentences, "mechanism", 5, vectors)]
    a = card_sentences.probability("mechanism", sentences[i][3], i, len(sentences), centred[i])
    b = card_sentences.probability("mechanism", sentences[i][3], i, len(sentences),
                                   card_sentences.centred_vectors("mechanism", moved)[i])
    assert math.isclose(a, b, rel_tol=1e-9)
    # a model without vectors (outcomes) takes them as they are
    assert card_sentences.centred_vectors("outcomes", vectors) is vectors


def test_the_bench_centres_each_report_on_the_sentences_a_card_field_may_keep():
    from bench.card_sentences import SETTINGS, centred

    vectors = np.array([[1.0, 0.0], [3.0, 2.0], [100.0, 100.0], [5.0, 5.0], [7.0, 9.0]])
    groups = np.array([0, 0, 0, 1, 1])
    kept = [True, True, False, True, True]  # the third is an outlook: not embedded by ingest, not in the mean
    out = centred(vectors, groups, kept)
    assert np.allclose(out[:3], vectors[:3] - [2.0, 1.0]) and np.allclose(out[3:], vectors[3:] - [6.0, 7.0])
    assert np.allclose(centred(vectors[:2], groups[:2], [False, False]), [[-1.0, -1.0], [1.0, 1.0]])  # none kept: all
    assert SETTINGS["mechanism_e5"]["centre"] and not SETTINGS["outcomes_e5"].get("centre")
