"""Every chunk's sentences embedded at ingest, so that a question can be compared in meaning with the sentences of
the passages it retrieves at no embedding cost (assistant/semantic.StoredSimilarity, read by the learned order).

A sentence is what the composer quotes from (ingest.chunk.sentence_spans of the chunk's text), embedded as a
passage by the store's embedder (multilingual-e5-small: "passage: " + the sentence, as the index embeds chunks)
and kept in the store's sentence_vectors table under the sha1 of its text (vectorstore/store/sentence_vectors.py):
written in the same SQLite transaction as its chunks (a crash leaves neither), looked up before embedding (a
re-ingest or a repeated sentence is embedded once). `python -m ingest check` embeds what a store lacks: a store
built before this (or with --defer-vectors, or GONGZHI_SENTENCE_VECTORS=false) gets them there.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ingest.chunk import sentence_spans
from vectorstore.store import Store
from vectorstore.store.sentence_vectors import sentence_key

CHUNKS = 32  # chunks whose sentences are embedded in one call (and kept in one write) in `fill_missing`
PAGE = 2000  # chunks read per page in `fill_missing`


def sentences(text: str) -> list[str]:
    """The chunk's sentences, as the composer reads them (ingest.chunk.sentence_spans)."""
    return [text[a:b] for a, b in sentence_spans(text)]


def new_vectors(store: Store, texts: Iterable[str]) -> dict[str, np.ndarray]:
    """Key → vector of the sentences of these chunk texts that the store does not hold yet (embedded now)."""
    wanted = {sentence_key(s): s for text in texts for s in sentences(text)}
    missing = sorted(set(wanted) - store.known_sentence_vectors(list(wanted)))
    if not missing:
        return {}
    vectors = np.asarray(store.embedder.embed_passages([wanted[k] for k in missing]), dtype=np.float32)
    return dict(zip(missing, vectors))


def fill_missing(store: Store, repair: bool = True) -> int:
    """How many stored chunks have a sentence without a kept vector; with `repair`, embed those sentences."""
    ids = sorted(store.chunk_ids())
    lacking = 0
    for start in range(0, len(ids), PAGE):
        chunks = store.get_chunks(ids[start:start + PAGE])
        keys = {cid: [sentence_key(s) for s in sentences(c.chunk.text)] for cid, c in chunks.items()}
        known = store.known_sentence_vectors(sorted({k for ks in keys.values() for k in ks}))
        short = [cid for cid, ks in keys.items() if any(k not in known for k in ks)]
        lacking += len(short)
        if repair and short:
            texts = [chunks[cid].chunk.text for cid in short]
            for at in range(0, len(texts), CHUNKS):
                store.save_sentence_vectors(new_vectors(store, texts[at:at + CHUNKS]))
    return lacking
