"""The store's vectors: Chroma (embedded, or a server at GONGZHI_CHROMA_URL) behind llama-index's
ChromaVectorStore, the llama-index nodes it holds, and the manifest naming the embedder that built them."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode
from llama_index.vector_stores.chroma import ChromaVectorStore

from vectorstore.embedders import ChromaEmbeddingFunction, GongzhiEmbedding
from vectorstore.records import ArticleRef, Chunk
from vectorstore.store.common import StoreError

COLLECTION = "gongzhi_chunks"
SETTLE_ID = "~settle-{}"  # ids no chunk has (chunk ids are hex and dashes): deleting them only counts as writes


def published_ord(published: str | None) -> int:
    """`2019-11-22` → 20191122, `2019-11` → 20191100, unknown → 0 (Chroma compares numbers only)."""
    if not published:
        return 0
    parts = (published.split("-") + ["0", "0"])[:3]
    return int(parts[0]) * 10000 + int(parts[1]) * 100 + int(parts[2])


def node(chunk: Chunk, article: ArticleRef, embedding: np.ndarray | None = None) -> TextNode:
    """The llama-index node of a chunk, with the metadata Chroma filters on."""
    metadata = {
        "article_id": article.id, "title": article.title, "source": article.source,
        "district": article.place.district or "", "street": article.place.street or "",
        "published": article.published or "", "published_ord": published_ord(article.published),
        **{f"practice:{tag}": 1 for tag in article.practices},
    }
    made = TextNode(id_=chunk.id, text=chunk.text, metadata=metadata,
                    embedding=None if embedding is None else embedding.tolist())
    made.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=article.id)
    return made


def check_manifest(root: Path, embedder: GongzhiEmbedding) -> None:
    """A store refuses an embedder other than the one that built it; a new store records its embedder."""
    path = root / "manifest.json"
    wanted = {"embedder": embedder.identity, "dim": embedder.dim}
    if path.exists():
        found = json.loads(path.read_text())
        if found.get("embedder") != wanted["embedder"] or found.get("dim") != wanted["dim"]:
            raise StoreError(
                f"The store {root} was built with embedder {found.get('embedder')} "
                f"({found.get('dim')} dims), but {wanted['embedder']} ({wanted['dim']} dims) is configured. "
                "Set GONGZHI_EMBED_BACKEND/GONGZHI_EMBED_MODEL back to the store's embedder, "
                "or ingest into a new store (--store DIR)."
            )
    else:
        path.write_text(json.dumps(wanted, indent=2))


class Vectors:
    """The Chroma collection of the store's chunks."""

    def __init__(self, root: Path, embedder: GongzhiEmbedding, chroma_url: str | None = None) -> None:
        self.chroma = self._client(root, chroma_url)
        self.collection = self.chroma.get_or_create_collection(
            COLLECTION, embedding_function=ChromaEmbeddingFunction(embedder),
            metadata={"hnsw:space": "cosine"},
        )
        self.vector_store = ChromaVectorStore(chroma_collection=self.collection)
        self.embedded = not chroma_url  # as _client decides
        self.written = False  # this process wrote to the collection since it last settled it

    @staticmethod
    def _client(root: Path, url: str | None) -> chromadb.ClientAPI:
        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        if url:
            parsed = urlparse(url)
            return chromadb.HttpClient(host=parsed.hostname or "127.0.0.1", port=parsed.port or 8000,
                                       ssl=parsed.scheme == "https", settings=chroma_settings)
        return chromadb.PersistentClient(path=str(root / "chroma"), settings=chroma_settings)

    def settle(self, force: bool = False) -> bool:
        """Make embedded Chroma persist its vector index now, log included (True if it did).

        Embedded Chroma saves its HNSW graph every `sync_threshold` (1,000) writes; the writes after the last save
        stay in its log, and every process that opens the store replays them into its own graph, in parallel, in
        an order of its own, so two processes could rank a question's nearest chunks differently
        (docs/architecture.md). Chroma has no call to save now, so `sync_threshold` deletes of ids no chunk has
        (no change to the graph) push its write count over the threshold: Chroma then saves the graph this
        process holds, records it as up to date with the log and empties the log, by its own write path. For the
        writer only (Store.writer_lock), never a reader, and only after it wrote (`written`) unless `force`d (a
        repairing `ingest check`: a store ingested before the writer settled): a writer that wrote nothing leaves
        the store as it found it. Not for a Chroma server (it persists on its own), nor an empty
        collection (Chroma keeps a log it has no index to apply to)."""
        if not self.embedded or not (self.written or force) or not self.collection.count():
            return False
        hnsw = (self.collection.configuration or {}).get("hnsw") or {}
        threshold = int(hnsw.get("sync_threshold") or 1000)
        self.collection.delete(ids=[SETTLE_ID.format(i) for i in range(threshold)])
        self.written = False
        return True

    def add(self, nodes: list[TextNode]) -> None:
        if nodes:
            self.vector_store.add(nodes)
            self.written = True

    def embeddings(self, ids: list[str]) -> dict[str, np.ndarray]:
        """The stored vectors of these chunks (ids not stored are left out)."""
        if not ids:
            return {}
        got = self.collection.get(ids=list(ids), include=["embeddings"])
        return {i: np.asarray(v, dtype=np.float32) for i, v in zip(got["ids"], got["embeddings"])}

    def delete(self, ids: list[str]) -> None:
        if ids:
            self.collection.delete(ids=ids)
            self.written = True

    def set_article_metadata(self, ids: list[str], article: ArticleRef) -> None:
        """The title and date that filters read, on these chunks' vectors (after an admin's correction)."""
        if ids:
            self.collection.update(ids=ids, metadatas=[{
                "title": article.title, "published": article.published or "",
                "published_ord": published_ord(article.published)}] * len(ids))
            self.written = True

    def ids(self, page: int = 5000) -> set[str]:
        """Every vector's id, read in pages."""
        ids: set[str] = set()
        offset = 0
        while True:
            batch = self.collection.get(include=[], limit=page, offset=offset)["ids"]
            ids.update(batch)
            if len(batch) < page:
                return ids
            offset += page
