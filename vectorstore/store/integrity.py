"""Integrity: Chroma, SQLite and the keyword index must agree (`python -m ingest check`). SQLite is the
source of truth: a vector it does not know is an orphan, a chunk without a vector is embedded again."""
from __future__ import annotations

from vectorstore.embedders import GongzhiEmbedding
from vectorstore.store.articles import Articles
from vectorstore.store.keyword_index import KeywordIndexes
from vectorstore.store.vectors import Vectors, node

EMBED_BATCH = 64


def check(articles: Articles, vectors: Vectors, keyword: KeywordIndexes, embedder: GongzhiEmbedding,
          repair: bool = True) -> dict[str, int]:
    """What disagrees; with `repair`, make it agree: orphan vectors (no chunk in SQLite, e.g. after a
    crash) are deleted, chunks without a vector are embedded again from their stored text, a stale keyword
    index is rebuilt."""
    known = articles.chunk_ids()
    stored = vectors.ids()
    orphans = sorted(stored - known)
    missing = sorted(known - stored)
    stale = keyword.is_stale(known)
    report = {"chunks": len(known), "vectors": len(stored), "orphan_vectors": len(orphans),
              "missing_vectors": len(missing), "keyword_index_stale": int(stale)}
    if repair:
        vectors.delete(orphans)
        embed_missing(articles, vectors, embedder, missing)
        if stale:
            keyword.rebuild_keyword_index()
    return report


def embed_missing(articles: Articles, vectors: Vectors, embedder: GongzhiEmbedding, missing: list[str]) -> None:
    """Embed these stored chunks (with their titles, as at ingest) and add their vectors."""
    from tqdm import tqdm

    for start in tqdm(range(0, len(missing), EMBED_BATCH), desc="embed", unit="batch",
                      disable=len(missing) < 10 * EMBED_BATCH):
        items = list(articles.get_chunks(missing[start:start + EMBED_BATCH]).values())
        embedded = embedder.embed_passages([s.chunk.embed_text(s.article.title) for s in items])
        vectors.add([node(s.chunk, s.article, v) for s, v in zip(items, embedded)])
