"""The knowledge base on disk: articles and chunks (SQLite), vectors (Chroma behind llama-index's
ChromaVectorStore), the keyword index (bm25s), and a manifest naming the embedder that built it.

Layout of a store directory:
    manifest.json   embedder identity and width; a store refuses a different embedder
    kb.sqlite       files, articles, chunks, cards, duplicates, meta (generation counter), _migrations,
                    sentence_vectors (a cache of candidate answer sentences embedded at question time)
    chroma/         embedded Chroma (unless GONGZHI_CHROMA_URL points at a server)
    keyword/        bm25s index and pinyin table, tagged with the generation they were built from
    feedback.sqlite readers' verdicts on answers (feedback.py)

Crash safety: a batch of files' chunks go into Chroma first, then one SQLite transaction records the
files, their articles and chunks. SQLite is the source of truth: a chunk in Chroma that SQLite does not know
is ignored by retrieval and removed by `check`; a file SQLite does not know is ingested again.

`Store` (facade.py) is the only door: no module outside this package reads or writes the SQLite files.
Schema changes are numbered migrations (migrations.py), applied once when a store opens.
"""
from vectorstore.store.common import FileContent, Filters, StoredChunk, StoreError
from vectorstore.store.facade import Store
from vectorstore.store.vectors import COLLECTION, published_ord

__all__ = ["COLLECTION", "FileContent", "Filters", "Store", "StoreError", "StoredChunk", "published_ord"]
