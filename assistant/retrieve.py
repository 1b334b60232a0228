"""Hybrid retrieval: dense (Chroma) + BM25 (bm25s, jieba), fused by relative score fusion in
llama-index's QueryFusionRetriever, with metadata filters and an optional cross-encoder.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from llama_index.core.llms import MockLLM
from llama_index.core.retrievers import BaseRetriever, QueryFusionRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle

from assistant.grounding import covers
from assistant.query import glossed_search_forms
from assistant.question import Question, parse_question
from assistant.records import Passage
from vectorstore.script import has_chinese
from vectorstore.settings import Settings
from vectorstore.store import Filters, Store, StoredChunk, published_ord


class Mode(StrEnum):
    """Which retriever answers: both fused (what questions use), or one alone (eval --mode)."""
    HYBRID = "hybrid"
    DENSE = "dense"
    BM25 = "bm25"


def chroma_where(filters: Filters | None) -> dict | None:
    """The filters Chroma can apply natively, as a `where` clause (the source substring is applied
    afterwards)."""
    if filters is None or filters.is_empty():
        return None
    items: list[dict] = []
    if filters.district:
        items.append({"district": filters.district})
    if filters.street:
        items.append({"street": filters.street})
    if filters.practice:
        items.append({f"practice:{filters.practice}": 1})
    dated: list[dict] = []
    if filters.date_from:
        dated.append({"published_ord": {"$gte": published_ord(filters.date_from)}})
    if filters.date_to:
        to = published_ord(filters.date_to)
        to = to + 99 if to % 100 == 0 else to  # a month includes its days
        dated.append({"published_ord": {"$lte": to}})
    if dated and filters.undated:  # reports without a date are stored with published_ord 0
        items.append({"$or": [dated[0] if len(dated) == 1 else {"$and": dated}, {"published_ord": 0}]})
    else:
        items += dated
    if not items:
        return None
    return items[0] if len(items) == 1 else {"$and": items}


class DenseRetriever(BaseRetriever):
    """Nearest chunks to the question's embedding. Chroma is asked for ids and distances only, and the
    nodes come from our SQLite: llama-index's Chroma retriever also fetches each hit's document and
    metadata from Chroma's own SQLite (copies of ours), 12 ms a question warm and up to 630 ms with
    the page cache cold at 69k articles, against 2-3 ms for the vector search itself."""

    def __init__(self, store: Store, top_k: int, filters: Filters | None = None,
                 known: dict[str, StoredChunk] | None = None) -> None:
        super().__init__()
        self._store = store
        self._top_k = top_k
        self._where = chroma_where(filters)
        self._known = {} if known is None else known

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        embedding = query_bundle.embedding or self._store.embedder.get_query_embedding(query_bundle.query_str)
        found = self._store.collection.query(query_embeddings=[embedding], n_results=self._top_k,
                                             where=self._where, include=["distances"])
        ids, distances = found["ids"][0], found["distances"][0]
        nodes = self._store.nodes(ids, self._known)
        # exp(-distance), as llama-index's ChromaVectorStore scores: fusion sees the same numbers
        return [NodeWithScore(node=nodes[cid], score=math.exp(-d)) for cid, d in zip(ids, distances) if cid in nodes]


class KeywordRetriever(BaseRetriever):
    """BM25 over the store's persisted bm25s index; returns the same nodes Chroma holds."""

    def __init__(self, store: Store, top_k: int, filters: Filters | None = None,
                 known: dict[str, StoredChunk] | None = None) -> None:
        super().__init__()
        self._store = store
        self._top_k = top_k
        self._filters = filters
        self._known = {} if known is None else known

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        allowed = None
        if self._filters is not None and not self._filters.is_empty():
            allowed = self._store.filtered_chunk_ids(self._filters)
        hits = self._store.keyword_index().search(query_bundle.query_str, self._top_k, allowed)
        if not hits:
            return []
        nodes = self._store.nodes([cid for cid, _ in hits], self._known)
        return [NodeWithScore(node=nodes[cid], score=score) for cid, score in hits if cid in nodes]


@dataclass
class Retriever:
    """Everything one question needs to find its passages; built once and reused across questions."""

    store: Store
    settings: Settings

    @cached_property
    def reranker(self):  # noqa: ANN201 - sentence_transformers.CrossEncoder, imported lazily
        if not self.settings.retrieval.reranker:
            return None
        from sentence_transformers import CrossEncoder

        return CrossEncoder(self.settings.retrieval.reranker, device="cpu")

    def _fusion(self, filters: Filters | None, mode: Mode, known: dict[str, StoredChunk]) -> BaseRetriever:
        """known: filled by both retrievers with the chunks they read, for the rest of the question."""
        n = self.settings.retrieval.candidates
        dense = DenseRetriever(self.store, n, filters, known)
        keyword = KeywordRetriever(self.store, n, filters, known)
        if mode == Mode.DENSE:
            return dense
        if mode == Mode.BM25:
            return keyword
        # Relative score fusion (min-max per retriever, weighted sum) beat reciprocal rank fusion on
        # the RGB dev split (docs/retrieval.md). num_queries=1: no query rewriting, so the LLM is never
        # called; MockLLM stops llama-index from resolving its OpenAI default.
        w = self.settings.retrieval.fusion_dense_weight
        return QueryFusionRetriever([dense, keyword], mode="relative_score", retriever_weights=[w, 1 - w],
                                    similarity_top_k=n, num_queries=1, use_async=False, llm=MockLLM())

    def _named_first(self, question: Question, results: list[NodeWithScore], known: dict) -> list[NodeWithScore]:
        """In an English question, passages that name its places ("Baile" → 百乐) come first (order kept
        otherwise): the embedder barely links a pinyin name to its characters, and grounding refuses
        evidence that lacks one. Not for Chinese questions: there the same rule lowered RGB dev R@1
        from 0.771 to 0.743 (jieba's name tags are too loose to be requirements for ranking). A Chinese question's
        name jieba cut into characters (沌/口/街道, Term.pieced) is no tag: no word of the index holds it, so keyword
        search cannot find it, and the passages printing its characters come first.
        A report names its case once, in its lede; its later chunks (the figure, the detail asked) say "the
        residents' areas" or "the Party members" without the name. A chunk counts as naming what its report's
        other chunks among the candidates read (`known`: both retrievers' candidates, no further read) name: the
        chunk with the answer follows its own report's lede, not the other reports that print the name."""
        if question.chinese:
            required = [t for t in question.terms if t.pieced and not t.optional]
        else:
            required = [t for t in question.entities if any(has_chinese(a) for a in t.alternatives)]
        if not required:
            return results
        shown: dict[str, list[str]] = {}  # article id → the texts of its candidate chunks
        for stored in known.values():
            shown.setdefault(stored.article.id, []).append(stored.chunk.text)
        reports: dict[str, bool] = {}  # article id → its candidate chunks together name them all

        def names_all(r: NodeWithScore) -> bool:
            stored = known[r.node.node_id]
            head = f"{stored.article.title}\n{stored.article.place.label()}\n"
            text = head + stored.chunk.text
            if all(covers(t, text, text.lower()) for t in required):
                return True
            if len(shown[stored.article.id]) < 2:
                return False  # its only candidate chunk: read above
            if stored.article.id not in reports:
                report = head + "\n".join(shown[stored.article.id])
                reports[stored.article.id] = all(covers(t, report, report.lower()) for t in required)
            return reports[stored.article.id]

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

    def retrieve(self, question: str | Question, k: int | None = None, filters: Filters | None = None,
                 mode: Mode = Mode.HYBRID) -> list[Passage]:
        """Top-k passages for the question, best first. mode: hybrid | dense | bm25.
        A string (the case search, eval --mode, benches) is parsed here; Assistant.ask passes its Question."""
        k = k or self.settings.retrieval.top_k
        if self.store.is_empty():
            return []
        if isinstance(question, str):
            question = parse_question(question, self.store.names_read_as)
        # English questions carry their glossary terms in Chinese, for BM25 and the embedder alike, and
        # for each word of theirs the general dictionary translates, the translation their context selects (query.py).
        query = question.search_text
        if not question.chinese:
            index = self.store.keyword_index()
            query = " ".join([query, *glossed_search_forms(question.terms, index.doc_freq, index.postings)])
        known: dict[str, StoredChunk] = {}  # each candidate chunk read from SQLite once
        results = self._fusion(filters, mode, known).retrieve(query)
        # every result's chunk is in `known`: a vector whose chunk SQLite does not know (a crash orphan)
        # got no node from its retriever
        if filters is not None and filters.source:
            results = [r for r in results if filters.source in known[r.node.node_id].article.source]
        if self.reranker is not None and results:
            scores = self.reranker.predict([(query, known[r.node.node_id].chunk.text) for r in results])
            results = [r for _, r in sorted(zip(scores, results), key=lambda x: -float(x[0]))]
            for r, s in zip(results, sorted(scores, reverse=True)):
                r.score = float(s)
        if mode == Mode.HYBRID:
            results = self._named_first(question, results, known)
        results = self._without_reprints(results, known)
        passages = []
        for r in results[:k]:
            stored = known[r.node.node_id]
            passages.append(Passage(
                chunk_id=stored.chunk.id, article_id=stored.article.id, title=stored.article.title,
                source=stored.article.source, passage=stored.chunk.text, score=float(r.score or 0.0),
                place=stored.article.place.label(), published=stored.article.published))
        if mode == Mode.HYBRID and not question.chinese and passages and question.entities:
            passages = self._with_rest_of_report(passages, k)  # the named case's report (a generic question has none)
        return passages

    def _with_rest_of_report(self, passages: list[Passage], k: int) -> list[Passage]:
        """An English question reaches a Chinese report through the few words it translates: the report's
        chunk that names the case ranks first, its chunk with the figure (no name, no translated word) not at
        all. The first report's other chunks, when it has few, follow it, before the
        weakest passages of other reports (settings: retrieval.short_report_chunks). Only for a question naming
        its case (a place, a name): a generic one ("How do street enforcement teams deal with shops that trade
        onto the pavement?") has no case whose report to complete, and its first report's other chunks pushed
        the other reports' passages out of the top three and the top k."""
        top = passages[0]
        chunks = self.store.chunks_of(top.article_id)
        if len(chunks) > self.settings.retrieval.short_report_chunks:
            return passages
        have = {p.chunk_id for p in passages}
        floor = min(p.score for p in passages)
        rest = [top.model_copy(update={"chunk_id": c.id, "passage": c.text, "score": floor})
                for c in chunks if c.id not in have]
        return ([top, *rest, *passages[1:]])[:k]
