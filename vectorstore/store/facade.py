"""`Store`: the one door to a knowledge base on disk. It keeps the crash-safety order of writes (vectors
first, then one SQLite transaction) and delegates each concern to its module:

    database.py       kb.sqlite connections (one per thread), migrations applied at open, generation counter
    articles.py       files, articles, chunks and practice cards: writing and every read
    duplicates.py     byte-copy sources, MinHash signatures, near-duplicate reprint links
    keyword_index.py  the bm25s keyword index and the pinyin table of names
    integrity.py      Chroma, SQLite and the keyword index agree (`ingest check`)
    corrections.py    an admin's corrections of titles, newspapers and dates, kept across re-ingests
    sentence_vectors.py  embeddings of candidate answer sentences, computed at question time (a cache)
    vectors.py        Chroma behind llama-index's ChromaVectorStore, nodes, the embedder manifest
"""
from __future__ import annotations

import contextlib
import fcntl
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
from llama_index.core.schema import TextNode

from vectorstore.embedders import GongzhiEmbedding, make_embedder
from vectorstore.keyword import KeywordIndex
from vectorstore.pinyin import PinyinNames
from vectorstore.records import Article, Card, Chunk
from vectorstore.settings import Settings
from vectorstore.store import integrity
from vectorstore.store.articles import Articles
from vectorstore.store.common import FileContent, Filters, StoredChunk, StoreError
from vectorstore.store.corrections import Corrections
from vectorstore.store.database import Database
from vectorstore.store.duplicates import Duplicates
from vectorstore.store.keyword_index import KeywordIndexes
from vectorstore.store.sentence_vectors import SentenceVectors
from vectorstore.store.vectors import Vectors, check_manifest, node

log = logging.getLogger(__name__)


class Store:
    """One knowledge base. Open it with `Store.open(settings)`."""

    def __init__(self, root: Path, embedder: GongzhiEmbedding, chroma_url: str | None = None) -> None:
        self.root = root
        self.embedder = embedder
        root.mkdir(parents=True, exist_ok=True)
        check_manifest(root, embedder)
        self.database = Database(root / "kb.sqlite")
        self._articles = Articles(self.database)
        self._duplicates = Duplicates(self.database)
        self._corrections = Corrections(self.database)
        self._sentence_vectors = SentenceVectors(self.database)
        self._keywords = KeywordIndexes(root, self.database, self._articles)
        self.vectors = Vectors(root, embedder, chroma_url)
        self.chroma, self.collection = self.vectors.chroma, self.vectors.collection
        self.vector_store = self.vectors.vector_store

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's SQLite connection (for tests that inspect the queries; code asks the methods)."""
        return self.database.conn

    @classmethod
    def open(cls, settings: Settings) -> "Store":
        return cls(Path(settings.store), make_embedder(settings), settings.chroma_url)

    @contextlib.contextmanager
    def writer_lock(self) -> Iterator[None]:
        """One writer at a time per store; a second ingest gets a clear error instead of waiting silently. A writer
        that finishes leaves the vector index settled (`settle_vectors`), still holding the lock."""
        handle = open(self.root / ".ingest.lock", "w")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            handle.close()
            raise StoreError(f"Another ingest is writing to {self.root}; wait for it to finish and run again.") from exc
        try:
            yield
            self.settle_vectors()
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()

    def settle_vectors(self, force: bool = False) -> bool:
        """Persist the vector index with every write in it (Vectors.settle), so that every process that opens the
        store afterwards loads the same graph and ranks a question's chunks alike; True if it did. The writer
        calls it, under its lock, when it is done (writer_lock) and wrote vectors, or `force`d (`ingest check`);
        a reader never does (docs/architecture.md)."""
        try:
            return self.vectors.settle(force)
        except Exception as exc:  # noqa: BLE001 - best effort: the store is whole, only not yet settled
            log.warning("could not persist the vector index of %s: %s", self.root, exc)
            return False

    # --- writing ----------------------------------------------------------------------------------

    def file_hash(self, source: str) -> str | None:
        return self._articles.file_hash(source)

    @property
    def generation(self) -> int:
        return self.database.generation

    def replace_files(self, files: list[FileContent]) -> None:
        """Make each file's source hold exactly its articles and chunks: all their vectors first, in one
        Chroma call, then one SQLite transaction for all of them (a batch of JSONL records is one write,
        not one per record: per-record Chroma calls and commits took ~40 % of a news ingest)."""
        nodes, new_ids = [], []
        for f in files:
            self._corrections.apply(f)
            titles = {a.id: a for a in f.articles}
            new_ids += [c.id for c in f.chunks]
            # embeddings=None: vectors deferred (`ingest --defer-vectors`); `ingest check` embeds them later
            if f.embeddings is not None:
                nodes += [node(c, titles[c.article_id], e) for c, e in zip(f.chunks, f.embeddings, strict=True)]
        self.vectors.delete(new_ids)  # a re-run after a crash must not add twice
        self.vectors.add(nodes)
        stale: list[str] = []
        with self.db:
            for f in files:
                stale += self._articles.chunk_ids_of_source(f.source)
                self._articles.write(f)
                self._duplicates.write(f)
            self.database.bump_generation()
        self.vectors.delete(sorted(set(stale) - set(new_ids)))

    def save_cards(self, cards: list[Card]) -> None:
        """Store practice cards of stored articles (replacing any they had)."""
        self._articles.save_cards(cards)

    def correct_article(self, article_id: str, title: str | None = None, publication: str | None = None,
                        published: str | None = None) -> Article:
        """Correct a report's title, newspaper or date (None: leave as it is; "" clears newspaper or date).
        Kept for re-ingests; applied now to the article, its card and its chunks' metadata in Chroma (date
        filters). Embeddings and the keyword index keep the title they were built with."""
        article = self.article(article_id)
        if article is None:
            raise StoreError(f"No article {article_id} in {self.root}; it may have been removed. Reload the page.")
        if title is not None and not title.strip():
            raise StoreError("A report's title cannot be empty: type the title, or leave the field as it is.")
        fix = {k: v.strip() for k, v in (("title", title), ("publication", publication), ("published", published))
               if v is not None}
        with self.db:
            self._corrections.save(article, fix)
            self._articles.correct(article_id, {k: (v or None) for k, v in fix.items()})
            self.database.bump_generation()
        corrected = self.article(article_id)
        self.vectors.set_article_metadata([c.id for c in self.chunks_of(article_id)], corrected)
        return corrected

    def undated_count(self) -> int:
        """Articles without a publication date (a date filter leaves them out unless asked)."""
        return self._articles.undated_count()

    def remove_sources(self, sources: Iterable[str]) -> int:
        """Remove every article of these sources; returns how many articles went."""
        removed = 0
        for source in sources:
            self._duplicates.forget(source)  # byte-identical copies were stored under this source: ingested anew
            removed += self._remove_articles(self._articles.ids_of_source(source))
            with self.db:
                self._articles.forget_file(source)
                self.database.bump_generation()
        return removed

    def remove_article(self, article_id: str) -> bool:
        """Remove one article. When it was its file's last, the file is forgotten too, so the same bytes
        added again (a re-upload after a removal) are ingested anew rather than taken for a copy."""
        source = self._articles.source_of(article_id)
        removed = self._remove_articles([article_id]) == 1
        if source is not None and not self._articles.source_has_articles(source):
            self.remove_sources([source])
        return removed

    def _remove_articles(self, ids: list[str]) -> int:
        if not ids:
            return 0
        chunk_ids = self._articles.chunk_ids_of_articles(ids)
        with self.db:
            n = self._articles.delete(ids)
            self.database.bump_generation()
        self.vectors.delete(chunk_ids)
        return n

    def chunk_vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        """The vectors the chunks were stored with (the semantic grounding route reads them, embedding nothing)."""
        return self.vectors.embeddings(ids)

    def sources(self, prefix: str | None = None) -> list[str]:
        """Every ingested source (duplicates included), or those starting with `prefix` (`export.jsonl#`)."""
        return self._articles.sources(prefix)

    # --- duplicates -------------------------------------------------------------------------------

    def source_with_hash(self, file_hash: str) -> str | None:
        return self._duplicates.source_with_hash(file_hash)

    def record_duplicate(self, source: str, file_hash: str, canonical: str) -> None:
        """`source` holds exactly the bytes of `canonical`: stored once, both sources recorded."""
        self._duplicates.record(source, file_hash, canonical)

    def duplicate_hash(self, source: str) -> str | None:
        return self._duplicates.duplicate_hash(source)

    def also_sources(self, source: str) -> list[str]:
        return self._duplicates.also_sources(source)

    def canonical_of(self, source: str) -> str | None:
        """The source whose bytes `source` repeats (stored once, under that one), or None."""
        return self._duplicates.canonical_of(source)

    def titles_of_file(self, source: str, limit: int = 4) -> list[str]:
        """Titles of the articles read from a file (or, for a zip or JSONL export, from its members)."""
        return self._articles.titles_of_file(source, limit)

    def signatures(self) -> list[tuple[str, bytes]]:
        return self._duplicates.signatures()

    def near_duplicates(self, article_id: str) -> list[tuple[str, float]]:
        return self._duplicates.near_duplicates(article_id)

    # --- keyword index ----------------------------------------------------------------------------

    def pinyin_names(self) -> PinyinNames:
        """The collection's names by pinyin ("Haiyuan" → 海园), built once per generation of the keyword
        index and saved beside it."""
        return self._keywords.pinyin_names()

    @property
    def _pinyin(self) -> tuple[int, PinyinNames] | None:
        """The pinyin table in memory with its generation (tests set it to None, as in a new process)."""
        return self._keywords.pinyin

    @_pinyin.setter
    def _pinyin(self, value: tuple[int, PinyinNames] | None) -> None:
        self._keywords.pinyin = value

    def names_read_as(self, word: str) -> tuple[str, ...]:
        """The collection's Chinese names read as the pinyin `word` (a NameLookup that builds the
        pinyin table only when an English question first needs it)."""
        return self.pinyin_names().lookup(word)

    def keyword_index(self) -> KeywordIndex:
        """The persisted bm25s index, rebuilt when the store has changed since it was saved."""
        return self._keywords.keyword_index()

    def rebuild_keyword_index(self) -> KeywordIndex:
        return self._keywords.rebuild_keyword_index()

    # --- reading ----------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        """No article stored. Asked on every question: counts() reads four counts (Chroma's among
        them), ~30 ms a question at 69k articles."""
        return self._articles.is_empty()

    def counts(self, vectors: bool = True) -> dict[str, int]:
        """Files, articles, chunks and (unless `vectors=False`) Chroma's vectors. The app shows only the
        first three: Chroma's count took 4.2 s with the page cache cold at 69k articles."""
        counts = self._articles.counts()
        if vectors:
            counts["vectors"] = self.collection.count()
        return counts

    def articles(self) -> Iterator[Article]:
        return self._articles.all()

    def article_ids_of(self, source: str) -> list[str]:
        """Ids of the articles stored from `source`."""
        return self._articles.ids_of_source(source)

    def article_rows(self, search: str = "", limit: int = 200) -> tuple[list[sqlite3.Row], int]:
        """A page of the library listing without article text: (rows, how many match). `search` matches
        the title, the source file or an id prefix; rows hold id, title, district, street, practices
        (JSON), published and source, in collection order."""
        return self._articles.rows(search, limit)

    def publication_years(self) -> set[str]:
        return self._articles.publication_years()

    def mentions(self, needle: str) -> bool:
        """Does any article's title or text contain this string? Remembered in `meta` with the store's
        generation: the app asks it for its example questions at every start, and a string no article
        holds means a scan of every text (5.3 s with the page cache cold at 69k articles)."""
        key, generation = f"mentions:{needle}", self.generation
        remembered = self.database.meta(key)
        if remembered and remembered.rpartition(":")[0] == str(generation):
            return remembered.endswith(":1")
        found = self._articles.mention(needle)
        try:
            self.database.set_meta(key, f"{generation}:{int(found)}")
        except sqlite3.OperationalError:  # the store is locked by a writer for long: found again next time
            pass
        return found

    def article(self, article_id: str) -> Article | None:
        return self._articles.get(article_id)

    def cards(self, district: str | None = None, street: str | None = None, undated: bool = False) -> Iterator[Card]:
        """Practice cards in collection order, optionally only those of one district/street, or only
        those of articles without a publication date."""
        return self._articles.cards(district, street, undated)

    def card(self, article_id: str) -> Card | None:
        return self._articles.card(article_id)

    def chunks_of(self, article_id: str) -> list[Chunk]:
        return self._articles.chunks_of(article_id)

    def nodes(self, ids: list[str], known: dict[str, StoredChunk] | None = None) -> dict[str, TextNode]:
        """llama-index nodes for chunk ids, built from SQLite (the same text and metadata Chroma holds,
        without reading Chroma's copies: one lookup here instead of random reads in a second database).
        `known`: chunks already read for this question, used and added to (each is read once)."""
        known = {} if known is None else known
        known.update(self.get_chunks([cid for cid in ids if cid not in known]))
        return {cid: node(known[cid].chunk, known[cid].article) for cid in ids if cid in known}

    def get_chunks(self, ids: list[str]) -> dict[str, StoredChunk]:
        """Chunks SQLite knows, with their articles' references (unknown ids — e.g. crash orphans — are
        left out). Only columns stored before the article's texts are read: a later one would make
        SQLite walk the texts' overflow pages, random reads on a cold disk."""
        return self._articles.get_chunks(ids)

    def filtered_chunk_ids(self, filters: Filters) -> set[str]:
        """Chunk ids of articles matching the filters (used to restrict both retrievers)."""
        return self._articles.filtered_chunk_ids(filters)

    def facets(self) -> dict[str, list[tuple[str, int]]]:
        """Districts, streets and practice tags with article counts, for filters and charts."""
        return self._articles.facets()

    def street_counts(self, district: str) -> list[tuple[str, int]]:
        """The district's streets/towns with article counts, most articles first (the street filter)."""
        return self._articles.street_counts(district)

    def sentence_vectors(self, keys: list[str]) -> dict[str, np.ndarray]:
        """The sentence embeddings kept under these keys (assistant/semantic.py); missing keys are left out."""
        return self._sentence_vectors.get(keys)

    def save_sentence_vectors(self, vectors: dict[str, np.ndarray]) -> bool:
        """Keep sentence embeddings computed for a question; False when the store cannot be written now."""
        return self._sentence_vectors.put(vectors)

    # --- integrity ----------------------------------------------------------------------------------

    def vector_ids(self, page: int = 5000) -> set[str]:
        return self.vectors.ids(page)

    def check(self, repair: bool = True) -> dict[str, int]:
        """Chroma, SQLite and the keyword index must agree; with `repair`, make them agree.

        Orphan vectors (no chunk in SQLite, e.g. after a crash) are deleted; chunks without a vector are
        embedded again from their stored text; a stale keyword index is rebuilt.
        """
        return integrity.check(self._articles, self.vectors, self._keywords, self.embedder, repair)

    def close(self) -> None:
        """Close this thread's connection (others close when their threads end)."""
        self.database.close()
