"""Hybrid retrieval: dense (Chroma via llama-index) + BM25 (bm25s, jieba), fused by relative score
fusion in llama-index's QueryFusionRetriever, with metadata filters and an optional cross-encoder.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from llama_index.core import VectorStoreIndex
from llama_index.core.llms import MockLLM
from llama_index.core.retrievers import BaseRetriever, QueryFusionRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle
from llama_index.core.vector_stores import FilterCondition, FilterOperator, MetadataFilter, MetadataFilters

from assistant.grounding import covers
from assistant.query import expand_query, has_chinese, key_terms
from assistant.records import Passage
from vectorstore.settings import Settings
from vectorstore.store import Filters, Store, published_ord


def chroma_filters(filters: Filters | None) -> MetadataFilters | None:
    """The filters Chroma can apply natively (the source substring is applied afterwards)."""
    if filters is None or filters.is_empty():
        return None
    items: list[MetadataFilter] = []
    if filters.district:
        items.append(MetadataFilter(key="district", value=filters.district))
    if filters.street:
        items.append(MetadataFilter(key="street", value=filters.street))
    if filters.practice:
        items.append(MetadataFilter(key=f"practice:{filters.practice}", value=1))
    if filters.date_from:
        items.append(MetadataFilter(key="published_ord", value=published_ord(filters.date_from),
                                    operator=FilterOperator.GTE))
    if filters.date_to:
        to = published_ord(filters.date_to)
        to = to + 99 if to % 100 == 0 else to  # a month includes its days
        items.append(MetadataFilter(key="published_ord", value=to, operator=FilterOperator.LTE))
    return MetadataFilters(filters=items, condition=FilterCondition.AND) if items else None


class KeywordRetriever(BaseRetriever):
    """BM25 over the store's persisted bm25s index; returns the same nodes Chroma holds."""

    def __init__(self, store: Store, top_k: int, filters: Filters | None = None) -> None:
        super().__init__()
        self._store = store
        self._top_k = top_k
        self._filters = filters

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        allowed = None
        if self._filters is not None and not self._filters.is_empty():
            allowed = self._store.filtered_chunk_ids(self._filters)
        hits = self._store.keyword_index().search(query_bundle.query_str, self._top_k, allowed)
        if not hits:
            return []
        nodes = self._store.nodes([cid for cid, _ in hits])
        return [NodeWithScore(node=nodes[cid], score=score) for cid, score in hits if cid in nodes]


@dataclass
class Retriever:
    """Everything one question needs to find its passages; built once and reused across questions."""

    store: Store
    settings: Settings

    @cached_property
    def index(self) -> VectorStoreIndex:
        return VectorStoreIndex.from_vector_store(self.store.vector_store, embed_model=self.store.embedder)

    @cached_property
    def reranker(self):  # noqa: ANN201 - sentence_transformers.CrossEncoder, imported lazily
        if not self.settings.reranker:
            return None
        from sentence_transformers import CrossEncoder

        return CrossEncoder(self.settings.reranker, device="cpu")

    def _fusion(self, filters: Filters | None, mode: str) -> BaseRetriever:
        n = self.settings.candidates
        dense = self.index.as_retriever(similarity_top_k=n, filters=chroma_filters(filters))
        keyword = KeywordRetriever(self.store, n, filters)
        if mode == "dense":
            return dense
        if mode == "bm25":
            return keyword
        # Relative score fusion (min-max per retriever, weighted sum) beat reciprocal rank fusion on
        # the RGB dev split (docs/retrieval.md). num_queries=1: no query rewriting, so the LLM is never
        # called; MockLLM stops llama-index from resolving its OpenAI default.
        w = self.settings.fusion_dense_weight
        return QueryFusionRetriever([dense, keyword], mode="relative_score", retriever_weights=[w, 1 - w],
                                    similarity_top_k=n, num_queries=1, use_async=False, llm=MockLLM())

    def _named_first(self, question: str, results: list[NodeWithScore], known: dict) -> list[NodeWithScore]:
        """In an English question, passages that name its places ("Baile" → 百乐) come first (order kept
        otherwise): the embedder barely links a pinyin name to its characters, and grounding refuses
        evidence that lacks one. Not for Chinese questions: there the same rule lowered RGB dev R@1
        from 0.771 to 0.743 (jieba's name tags are too loose to be requirements for ranking)."""
        if has_chinese(question):
            return results
        required = [t for t in key_terms(question, self.store.names_read_as)
                    if t.entity and any(has_chinese(a) for a in t.alternatives)]
        if not required:
            return results

        def names_all(r: NodeWithScore) -> bool:
            stored = known[r.node.node_id]
            text = f"{stored.article.title}\n{stored.article.place.label()}\n{stored.chunk.text}"
            return all(covers(t, text, text.lower()) for t in required)

        return sorted(results, key=lambda r: not names_all(r))

    def _without_reprints(self, results: list[NodeWithScore], known: dict) -> list[NodeWithScore]:
        """A reprint of an article already in the list adds nothing: keep the better-ranked copy."""
        kept, seen = [], set()
        for r in results:
            article_id = known[r.node.node_id].article.id
            if article_id in seen:
                kept.append(r)
                continue
            reprints = {other for other, _ in self.store.near_duplicates(article_id)}
            if reprints & seen:
                continue
            seen.add(article_id)
            kept.append(r)
        return kept

    def retrieve(self, question: str, k: int | None = None, filters: Filters | None = None,
                 mode: str = "hybrid") -> list[Passage]:
        """Top-k passages for the question, best first. mode: hybrid | dense | bm25."""
        k = k or self.settings.top_k
        if self.store.is_empty():
            return []
        # English questions carry their glossary terms in Chinese, for BM25 and the embedder alike:
        # the small multilingual model alone rarely maps "autonomy home" to 自治家园.
        query = expand_query(question, self.store.names_read_as)
        results = self._fusion(filters, mode).retrieve(query)
        ids = [r.node.node_id for r in results]
        known = self.store.get_chunks(ids)  # drops any chunk SQLite does not know (crash orphans)
        results = [r for r in results if r.node.node_id in known]
        if filters is not None and filters.source:
            results = [r for r in results if filters.source in known[r.node.node_id].article.source]
        if self.reranker is not None and results:
            scores = self.reranker.predict([(query, known[r.node.node_id].chunk.text) for r in results])
            results = [r for _, r in sorted(zip(scores, results), key=lambda x: -float(x[0]))]
            for r, s in zip(results, sorted(scores, reverse=True)):
                r.score = float(s)
        if mode == "hybrid":
            results = self._named_first(question, results, known)
        results = self._without_reprints(results, known)
        passages = []
        for r in results[:k]:
            stored = known[r.node.node_id]
            passages.append(Passage(
                chunk_id=stored.chunk.id, article_id=stored.article.id, title=stored.article.title,
                source=stored.article.source, passage=stored.chunk.text, score=float(r.score or 0.0),
                place=stored.article.place.label(), published=stored.article.published))
        return passages
