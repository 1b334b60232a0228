"""How close a sentence is in meaning to the question: the store's embedder (multilingual-e5-small), the
question as a query and the sentence as a passage, cosine similarity.

Word overlap misses answers said in other words (挖掘出 for 发掘, 劝说 for 调解); the grounding
decision (answer.py) and the answer-type check (answer_type.py) use this where it fails. Sentences are embedded
at question time, only the candidates of the top passages, and kept: in this process (an LRU) and in the
store (`Store.sentence_vectors`, a cache table), so a sentence is embedded once per store. The question's
vector is retrieval's (`GongzhiEmbedding.query_vector`). No library does this caching for an embedder
that is not a llama-index ingestion pipeline's, so it is written here (a dict and a table).
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable

import numpy as np

from assistant.records import Passage
from vectorstore.embedders import GongzhiEmbedding
from vectorstore.store import Store

MEMORY = 20_000  # sentence vectors kept in the process (~30 MB at 384 float32)
_PASSES = 15  # texts per embedding call: below the batch engine's threshold, so no torch is loaded


def sentence_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class SentenceVectors:
    """Sentence vectors by text: this process's LRU, then the store's table, else embedded (and kept in both)."""

    def __init__(self, embedder: GongzhiEmbedding, store: Store | None = None, memory: int = MEMORY) -> None:
        self.embedder = embedder
        self.store = store
        self.memory = memory
        self._lru: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.embedded = 0  # sentences embedded by this process (not found in either cache)

    def vectors(self, texts: list[str]) -> dict[str, np.ndarray]:
        """text → unit vector for each distinct text."""
        keys = {text: sentence_key(text) for text in dict.fromkeys(texts)}
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for text, key in keys.items():
                if (vector := self._lru.get(key)) is not None:
                    self._lru.move_to_end(key)
                    found[text] = vector
        missing = [t for t in keys if t not in found]
        if missing and self.store is not None:
            stored = self.store.sentence_vectors([keys[t] for t in missing])
            found.update({t: stored[keys[t]] for t in missing if keys[t] in stored})
        new = [t for t in keys if t not in found]
        made: dict[str, np.ndarray] = {}
        for i in range(0, len(new), _PASSES):
            part = new[i:i + _PASSES]
            made.update(zip(part, np.asarray(self.embedder.embed_passages(part), dtype=np.float32)))
        self.embedded += len(made)
        if made and self.store is not None:
            self.store.save_sentence_vectors({keys[t]: v for t, v in made.items()})
        found.update(made)
        with self._lock:
            for text, vector in found.items():
                self._lru[keys[text]] = vector
                self._lru.move_to_end(keys[text])
            while len(self._lru) > self.memory:
                self._lru.popitem(last=False)
        return found


class Similarity:
    """One question's similarity to sentences (cosine of e5 query and passage vectors), each sentence
    computed once. Ask for many at once (`many`): they are embedded in batches."""

    def __init__(self, question_vector: np.ndarray, vectors: SentenceVectors) -> None:
        self._question = np.asarray(question_vector, dtype=np.float32)
        self._vectors = vectors
        self._known: dict[str, float] = {}

    def many(self, texts: Iterable[str]) -> list[float]:
        texts = list(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in self._known]
        if missing:
            for text, vector in self._vectors.vectors(missing).items():
                self._known[text] = float(vector @ self._question)
        return [self._known[t] for t in texts]

    def __call__(self, text: str) -> float:
        return self.many([text])[0]


# Grounding by meaning (Assistant._prepare): a question whose terms the evidence covers only in part —
# at least GROUNDING_FLOOR, below the coverage threshold — is grounded when one of the top passages is at
# least GROUNDING_SIMILARITY close to it (the evidence says it in other words: 谁掏的 for 出资, 进水 for
# 雨水倒灌). Passage vectors, not sentence vectors: they are the ones the store already holds, so the route
# embeds nothing at question time (sentence vectors cost ~1 s at p95 on a cold 10k store; docs/grounding.md).
# Names stay hard: a missing place or name is never grounded this way. Calibrated on the pool's calibration
# split (its 0.35–0.55 questions: answerable 0.894–0.915, unanswerable 0.879).
GROUNDING_FLOOR = 0.35
GROUNDING_SIMILARITY = 0.89


def closest_passage(question_vector: np.ndarray, store: Store, passages: list[Passage], top: int) -> float:
    """The highest cosine of the question to the first `top` passages' stored vectors; 0.0 if none."""
    vectors = store.chunk_vectors([p.chunk_id for p in passages[:top]])
    q = np.asarray(question_vector, dtype=np.float32)
    q = q / (np.linalg.norm(q) or 1.0)
    return max((float(q @ v) / (float(np.linalg.norm(v)) or 1.0) for v in vectors.values()), default=0.0)
