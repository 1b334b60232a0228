"""The knowledge base on disk: articles and chunks (SQLite), vectors (Chroma behind llama-index's
ChromaVectorStore), the keyword index (bm25s), and a manifest naming the embedder that built it.

Layout of a store directory:
    manifest.json   embedder identity and width; a store refuses a different embedder
    kb.sqlite       files, articles, chunks, meta (generation counter)
    chroma/         embedded Chroma (unless GONGZHI_CHROMA_URL points at a server)
    keyword/        bm25s index, tagged with the generation it was built from

Crash safety: a batch of files' chunks go into Chroma first, then one SQLite transaction records the
files, their articles and chunks. SQLite is the source of truth: a chunk in Chroma that SQLite does not know
is ignored by retrieval and removed by `check`; a file SQLite does not know is ingested again.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode
from llama_index.vector_stores.chroma import ChromaVectorStore

from vectorstore.embedders import ChromaEmbeddingFunction, GongzhiEmbedding, make_embedder
from vectorstore.keyword import KeywordIndex, dictionary_tags
from vectorstore.pinyin import PinyinNames
from vectorstore.records import Article, ArticleRef, Card, Chunk, Place
from vectorstore.settings import Settings

COLLECTION = "gongzhi_chunks"
SCHEMA = """
CREATE TABLE IF NOT EXISTS files (source TEXT PRIMARY KEY, hash TEXT NOT NULL, ingested_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS files_hash ON files(hash);  -- each new record is looked up by its hash (copies)
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, position INTEGER NOT NULL, title TEXT NOT NULL,
    lang TEXT, published TEXT, district TEXT, street TEXT, residential TEXT, practices TEXT NOT NULL,
    text TEXT NOT NULL, original TEXT NOT NULL, file_hash TEXT NOT NULL, publication TEXT, authors TEXT);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
-- Facets, filters, years and the pinyin table's places read these columns of every article: from this
-- covering index, not from rows that hold the full texts (a scan of those took seconds cold at 69k).
DROP INDEX IF EXISTS articles_place;
CREATE INDEX IF NOT EXISTS articles_facets ON articles(district, street, residential, published, practices);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_article ON chunks(article_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS signatures (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, minhash BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS near_duplicates (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    other_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    similarity REAL NOT NULL, PRIMARY KEY (article_id, other_id));
CREATE TABLE IF NOT EXISTS duplicate_files (
    source TEXT PRIMARY KEY, hash TEXT NOT NULL, canonical TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cards (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, card TEXT NOT NULL);
-- An admin's corrections of a report's title, newspaper and date, keyed by where the report comes from
-- (its id changes with its text), so a re-ingest keeps them. NULL: keep what ingest extracted.
CREATE TABLE IF NOT EXISTS overrides (
    source TEXT NOT NULL, position INTEGER NOT NULL, title TEXT, publication TEXT, published TEXT,
    PRIMARY KEY (source, position));
"""


@dataclass
class FileContent:
    """Everything one source (a file, a JSONL record, a PDF page range) holds after an ingest."""

    source: str
    file_hash: str
    articles: list[Article]
    chunks: list[Chunk]
    embeddings: np.ndarray | None  # None: vectors deferred
    cards: list[Card] = field(default_factory=list)
    signatures: dict[str, bytes] = field(default_factory=dict)
    near_duplicates: list[tuple[str, str, float]] = field(default_factory=list)


class StoreError(Exception):
    """A store that cannot be used as asked; the message says why and what to do."""


@dataclass
class Filters:
    """Narrow retrieval to articles by place, practice tag, date range or source."""

    district: str | None = None
    street: str | None = None
    practice: str | None = None
    date_from: str | None = None  # ISO date prefix, inclusive
    date_to: str | None = None
    source: str | None = None  # substring of the source path
    undated: bool = False  # with a date range: also reports without a date

    def is_empty(self) -> bool:
        return not any(v for k, v in vars(self).items() if k != "undated")


@dataclass
class StoredChunk:
    chunk: Chunk
    article: ArticleRef


def published_ord(published: str | None) -> int:
    """`2019-11-22` → 20191122, `2019-11` → 20191100, unknown → 0 (Chroma compares numbers only)."""
    if not published:
        return 0
    parts = (published.split("-") + ["0", "0"])[:3]
    return int(parts[0]) * 10000 + int(parts[1]) * 100 + int(parts[2])


def _article_from_row(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"], title=row["title"], source=row["source"], position=row["position"], lang=row["lang"] or "",
        published=row["published"], place=Place(district=row["district"], street=row["street"],
                                                  residential=row["residential"]),
        practices=json.loads(row["practices"]), text=row["text"], original=row["original"],
        file_hash=row["file_hash"], publication=row["publication"], authors=json.loads(row["authors"] or "[]"),
    )


class Store:
    """One knowledge base. Open it with `Store.open(settings)`."""

    def __init__(self, root: Path, embedder: GongzhiEmbedding, chroma_url: str | None = None) -> None:
        self.root = root
        self.embedder = embedder
        root.mkdir(parents=True, exist_ok=True)
        self._check_manifest()
        self._local = threading.local()  # one SQLite connection per thread (the web app is multi-threaded)
        self.db.executescript(SCHEMA)
        columns = {r[1] for r in self.db.execute("PRAGMA table_info(articles)")}
        for column in ("publication", "authors"):  # stores made before these fields existed
            if column not in columns:
                self.db.execute(f"ALTER TABLE articles ADD COLUMN {column} TEXT")
        self.chroma = self._chroma_client(chroma_url)
        self.collection = self.chroma.get_or_create_collection(
            COLLECTION, embedding_function=ChromaEmbeddingFunction(embedder),
            metadata={"hnsw:space": "cosine"},
        )
        self.vector_store = ChromaVectorStore(chroma_collection=self.collection)
        self._keyword: KeywordIndex | None = None
        self._keyword_lock = threading.RLock()
        self._pinyin: tuple[int, PinyinNames] | None = None

    @property
    def db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.root / "kb.sqlite", timeout=30)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            self._local.conn = conn
        return conn

    @classmethod
    def open(cls, settings: Settings) -> "Store":
        return cls(Path(settings.store), make_embedder(settings), settings.chroma_url)

    # --- setup ------------------------------------------------------------------------------------

    def _chroma_client(self, url: str | None) -> chromadb.ClientAPI:
        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        if url:
            parsed = urlparse(url)
            return chromadb.HttpClient(host=parsed.hostname or "127.0.0.1", port=parsed.port or 8000,
                                       ssl=parsed.scheme == "https", settings=chroma_settings)
        return chromadb.PersistentClient(path=str(self.root / "chroma"), settings=chroma_settings)

    def _check_manifest(self) -> None:
        path = self.root / "manifest.json"
        wanted = {"embedder": self.embedder.identity, "dim": self.embedder.dim}
        if path.exists():
            found = json.loads(path.read_text())
            if found.get("embedder") != wanted["embedder"] or found.get("dim") != wanted["dim"]:
                raise StoreError(
                    f"The store {self.root} was built with embedder {found.get('embedder')} "
                    f"({found.get('dim')} dims), but {wanted['embedder']} ({wanted['dim']} dims) is configured. "
                    "Set GONGZHI_EMBED_BACKEND/GONGZHI_EMBED_MODEL back to the store's embedder, "
                    "or ingest into a new store (--store DIR)."
                )
        else:
            path.write_text(json.dumps(wanted, indent=2))

    @contextlib.contextmanager
    def writer_lock(self) -> Iterator[None]:
        """One writer at a time per store; a second ingest gets a clear error instead of waiting silently."""
        handle = open(self.root / ".ingest.lock", "w")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            handle.close()
            raise StoreError(f"Another ingest is writing to {self.root}; wait for it to finish and run again.") from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()

    # --- writing ----------------------------------------------------------------------------------

    def file_hash(self, source: str) -> str | None:
        row = self.db.execute("SELECT hash FROM files WHERE source = ?", (source,)).fetchone()
        return row["hash"] if row else None

    def _generation_bump(self) -> None:
        self.db.execute(
            "INSERT INTO meta(key, value) VALUES('generation', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")

    @property
    def generation(self) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row["value"]) if row else 0

    def replace_files(self, files: list[FileContent]) -> None:
        """Make each file's source hold exactly its articles and chunks: all their vectors first, in one
        Chroma call, then one SQLite transaction for all of them (a batch of JSONL records is one write,
        not one per record: per-record Chroma calls and commits took ~40 % of a news ingest)."""
        nodes, new_ids = [], []
        for f in files:
            self._apply_overrides(f)
            titles = {a.id: a for a in f.articles}
            new_ids += [c.id for c in f.chunks]
            # embeddings=None: vectors deferred (`ingest --defer-vectors`); `ingest check` embeds them later
            if f.embeddings is not None:
                nodes += [self._node(c, titles[c.article_id], e) for c, e in zip(f.chunks, f.embeddings, strict=True)]
        if new_ids:
            self.collection.delete(ids=new_ids)  # a re-run after a crash must not add twice
        if nodes:
            self.vector_store.add(nodes)
        stale: list[str] = []
        with self.db:
            for f in files:
                stale += [r["id"] for r in self.db.execute(
                    "SELECT c.id FROM chunks c JOIN articles a ON a.id = c.article_id WHERE a.source = ?", (f.source,))]
                self._write_file(f)
            self._generation_bump()
        stale = sorted(set(stale) - set(new_ids))
        if stale:
            self.collection.delete(ids=stale)

    def _write_file(self, f: FileContent) -> None:
        """One file's rows, inside the caller's transaction."""
        self.db.execute("DELETE FROM articles WHERE source = ?", (f.source,))
        self.db.executemany(
            "INSERT OR REPLACE INTO articles (id, source, position, title, lang, published, district, street, "
            "residential, practices, text, original, file_hash, publication, authors) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(a.id, a.source, a.position, a.title, a.lang, a.published, a.place.district, a.place.street,
              a.place.residential, json.dumps(a.practices, ensure_ascii=False), a.text, a.original, a.file_hash,
              a.publication, json.dumps(a.authors, ensure_ascii=False)) for a in f.articles])
        self.db.executemany(
            'INSERT OR REPLACE INTO chunks VALUES (?,?,?,?,?,?)',
            [(c.id, c.article_id, c.index, c.text, c.start, c.end) for c in f.chunks])
        self.db.executemany("INSERT OR REPLACE INTO cards VALUES (?, ?)",
                            [(card.article_id, card.model_dump_json()) for card in f.cards])
        self.db.executemany("INSERT OR REPLACE INTO signatures VALUES (?, ?)", list(f.signatures.items()))
        pairs = f.near_duplicates + [(b, a, sim) for a, b, sim in f.near_duplicates]
        self.db.executemany("INSERT OR REPLACE INTO near_duplicates VALUES (?, ?, ?)", pairs)
        self.db.execute("DELETE FROM duplicate_files WHERE source = ?", (f.source,))
        self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, datetime('now'))", (f.source, f.file_hash))

    def _node(self, chunk: Chunk, article: ArticleRef, embedding: np.ndarray | None = None) -> TextNode:
        metadata = {
            "article_id": article.id, "title": article.title, "source": article.source,
            "district": article.place.district or "", "street": article.place.street or "",
            "published": article.published or "", "published_ord": published_ord(article.published),
            **{f"practice:{tag}": 1 for tag in article.practices},
        }
        node = TextNode(id_=chunk.id, text=chunk.text, metadata=metadata,
                        embedding=None if embedding is None else embedding.tolist())
        node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=article.id)
        return node

    # --- an admin's corrections ----------------------------------------------------------------------

    def _override(self, source: str, position: int) -> dict[str, str]:
        row = self.db.execute("SELECT title, publication, published FROM overrides WHERE source = ? AND position = ?",
                              (source, position)).fetchone()
        return {k: row[k] for k in ("title", "publication", "published") if row[k] is not None} if row else {}

    def _apply_overrides(self, f: FileContent) -> None:
        """A re-ingested file's reports get their corrected title, newspaper and date back."""
        changed = {}
        for i, article in enumerate(f.articles):
            fix = self._override(article.source, article.position)
            if fix:
                fix = {k: (v or None) if k != "title" else v for k, v in fix.items()}
                f.articles[i] = changed[article.id] = article.model_copy(update=fix)
        for i, card in enumerate(f.cards):
            if card.article_id in changed:
                a = changed[card.article_id]
                f.cards[i] = card.model_copy(update={"title": a.title, "published": a.published})

    def correct_article(self, article_id: str, title: str | None = None, publication: str | None = None,
                        published: str | None = None) -> Article:
        """Correct a report's title, newspaper or date (None: leave as it is; "" clears newspaper or date).
        Kept in `overrides` for re-ingests; applied now to the article, its card and its chunks' metadata
        in Chroma (date filters). Embeddings and the keyword index keep the title they were built with."""
        article = self.article(article_id)
        if article is None:
            raise StoreError(f"No article {article_id} in {self.root}; it may have been removed. Reload the page.")
        if title is not None and not title.strip():
            raise StoreError("A report's title cannot be empty: type the title, or leave the field as it is.")
        fix = {k: v.strip() for k, v in (("title", title), ("publication", publication), ("published", published))
               if v is not None}
        merged = {**self._override(article.source, article.position), **fix}
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO overrides VALUES (?, ?, ?, ?, ?)",
                (article.source, article.position, merged.get("title"), merged.get("publication"),
                 merged.get("published")))
            values = {k: (v or None) for k, v in fix.items()}
            if values:
                self.db.execute(f"UPDATE articles SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
                                [*values.values(), article_id])
            card = self.card(article_id)
            if card is not None:
                card = card.model_copy(update={k: v for k, v in values.items() if k in ("title", "published")})
                self.db.execute("UPDATE cards SET card = ? WHERE article_id = ?", (card.model_dump_json(), article_id))
        corrected = self.article(article_id)
        ids = [c.id for c in self.chunks_of(article_id)]
        if ids:
            self.collection.update(ids=ids, metadatas=[{
                "title": corrected.title, "published": corrected.published or "",
                "published_ord": published_ord(corrected.published)}] * len(ids))
        return corrected

    def undated_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles WHERE published IS NULL OR published = ''").fetchone()[0]

    # --- duplicates -------------------------------------------------------------------------------

    def source_with_hash(self, file_hash: str) -> str | None:
        row = self.db.execute("SELECT source FROM files WHERE hash = ? LIMIT 1", (file_hash,)).fetchone()
        return row["source"] if row else None

    def record_duplicate(self, source: str, file_hash: str, canonical: str) -> None:
        """`source` holds exactly the bytes of `canonical`: stored once, both sources recorded."""
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO duplicate_files VALUES (?, ?, ?)", (source, file_hash, canonical))

    def duplicate_hash(self, source: str) -> str | None:
        row = self.db.execute("SELECT hash FROM duplicate_files WHERE source = ?", (source,)).fetchone()
        return row["hash"] if row else None

    def also_sources(self, source: str) -> list[str]:
        return [r["source"] for r in self.db.execute(
            "SELECT source FROM duplicate_files WHERE canonical = ? ORDER BY source", (source,))]

    def signatures(self) -> list[tuple[str, bytes]]:
        return [(r["article_id"], r["minhash"]) for r in self.db.execute("SELECT article_id, minhash FROM signatures")]

    def near_duplicates(self, article_id: str) -> list[tuple[str, float]]:
        rows = self.db.execute("SELECT other_id, similarity FROM near_duplicates WHERE article_id = ? "
                               "ORDER BY similarity DESC", (article_id,))
        return [(r["other_id"], r["similarity"]) for r in rows]

    def remove_sources(self, sources: Iterable[str]) -> int:
        """Remove every article of these sources; returns how many articles went."""
        removed = 0
        for source in sources:
            with self.db:  # byte-identical copies were stored under this source: they are ingested anew
                self.db.execute("DELETE FROM duplicate_files WHERE source = ? OR canonical = ?", (source, source))
            ids = [r["id"] for r in self.db.execute("SELECT id FROM articles WHERE source = ?", (source,))]
            removed += self._remove_articles(ids)
            with self.db:
                self.db.execute("DELETE FROM files WHERE source = ?", (source,))
                self._generation_bump()
        return removed

    def remove_article(self, article_id: str) -> bool:
        return self._remove_articles([article_id]) == 1

    def _remove_articles(self, ids: list[str]) -> int:
        if not ids:
            return 0
        marks = ",".join("?" * len(ids))
        chunk_ids = [r["id"] for r in self.db.execute(f"SELECT id FROM chunks WHERE article_id IN ({marks})", ids)]
        with self.db:
            n = self.db.execute(f"DELETE FROM articles WHERE id IN ({marks})", ids).rowcount
            self._generation_bump()
        if chunk_ids:
            self.collection.delete(ids=chunk_ids)
        return n

    def sources(self, prefix: str | None = None) -> list[str]:
        """Every ingested source (duplicates included), or those starting with `prefix` (`export.jsonl#`)."""
        sql = "SELECT source FROM files UNION SELECT source FROM duplicate_files"
        if prefix is None:
            return [r["source"] for r in self.db.execute(f"SELECT source FROM ({sql}) ORDER BY source")]
        rows = self.db.execute(f"SELECT source FROM ({sql}) WHERE substr(source, 1, ?) = ? ORDER BY source",
                               (len(prefix), prefix))
        return [r["source"] for r in rows]

    # --- keyword index ----------------------------------------------------------------------------

    def pinyin_names(self) -> PinyinNames:
        """The collection's names by pinyin ("Haiyuan" → 海园), built once per generation of the keyword
        index and saved beside it (2–7 s for the 69k-article vocabulary; read back in 0.07 s)."""
        index = self.keyword_index()
        cached = self._pinyin
        if cached is None or cached[0] != index.generation:
            saved = self.root / "keyword" / "pinyin.json"
            names = PinyinNames.load(saved, index.generation, index.doc_freq)
            if names is None:
                places = {name for row in self.db.execute("SELECT DISTINCT street, residential FROM articles")
                          for name in row if name}
                names = PinyinNames(index.vocabulary(), dictionary_tags(), index.doc_freq, places)
                try:
                    names.save(saved, index.generation)
                except OSError:  # a read-only store still answers; the table is built again next start
                    pass
            cached = (index.generation, names)
            self._pinyin = cached
        return cached[1]

    def names_read_as(self, word: str) -> tuple[str, ...]:
        """The collection's Chinese names read as the pinyin `word` (a NameLookup that builds the
        pinyin table only when an English question first needs it)."""
        return self.pinyin_names().lookup(word)

    def keyword_index(self) -> KeywordIndex:
        """The persisted bm25s index, rebuilt when the store has changed since it was saved."""
        generation = self.generation
        if self._keyword is not None and self._keyword.generation == generation:
            return self._keyword
        with self._keyword_lock:  # one thread loads or rebuilds; the others wait and share it
            if self._keyword is not None and self._keyword.generation == generation:
                return self._keyword
            loaded = KeywordIndex.load(self.root / "keyword")
            if loaded is None or loaded.generation != generation:
                loaded = self.rebuild_keyword_index()
            self._keyword = loaded
            return loaded

    def rebuild_keyword_index(self) -> KeywordIndex:
        rows = self.db.execute(
            "SELECT c.id, a.title, c.text FROM chunks c JOIN articles a ON a.id = c.article_id ORDER BY c.id")
        index = KeywordIndex.build(((r["id"], f"{r['title']}\n{r['text']}") for r in rows), self.generation)
        index.save(self.root / "keyword")
        self._keyword = index
        return index

    # --- reading ----------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        """No article stored. Asked on every question: counts() reads four counts (Chroma's among
        them), ~30 ms a question at 69k articles."""
        return self.db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None

    def counts(self, vectors: bool = True) -> dict[str, int]:
        """Files, articles, chunks and (unless `vectors=False`) Chroma's vectors. The app shows only the
        first three: Chroma's count took 4.2 s with the page cache cold at 69k articles."""
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        counts = {"files": one("SELECT COUNT(*) FROM files"), "articles": one("SELECT COUNT(*) FROM articles"),
                  "chunks": one("SELECT COUNT(*) FROM chunks")}
        if vectors:
            counts["vectors"] = self.collection.count()
        return counts

    def articles(self) -> Iterator[Article]:
        for row in self.db.execute("SELECT * FROM articles ORDER BY source, position"):
            yield _article_from_row(row)

    def article_rows(self, search: str = "", limit: int = 200) -> tuple[list[sqlite3.Row], int]:
        """A page of the library listing without article text: (rows, how many match). `search` matches
        the title, the source file or an id prefix; rows hold id, title, district, street, practices
        (JSON), published and source, in collection order."""
        where, params = "", []
        if search.strip():
            term = search.strip()
            where = " WHERE instr(title, ?) > 0 OR instr(source, ?) > 0 OR id LIKE ?"
            params = [term, term, term + "%"]
        total = self.db.execute("SELECT COUNT(*) FROM articles" + where, params).fetchone()[0]
        rows = self.db.execute("SELECT id, title, district, street, practices, published, source FROM articles"
                               + where + " ORDER BY source, position LIMIT ?", [*params, limit]).fetchall()
        return rows, total

    def publication_years(self) -> set[str]:
        return {r[0] for r in self.db.execute(
            "SELECT DISTINCT substr(published, 1, 4) FROM articles WHERE published IS NOT NULL AND published != ''")}

    def mentions(self, needle: str) -> bool:
        """Does any article's title or text contain this string? Remembered in `meta` with the store's
        generation: the app asks it for its example questions at every start, and a string no article
        holds means a scan of every text (5.3 s with the page cache cold at 69k articles)."""
        key, generation = f"mentions:{needle}", self.generation
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row and row["value"].rpartition(":")[0] == str(generation):
            return row["value"].endswith(":1")
        found = self.db.execute("SELECT 1 FROM articles WHERE instr(title, ?) > 0 OR instr(text, ?) > 0 LIMIT 1",
                                (needle, needle)).fetchone() is not None
        try:
            with self.db:
                self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, f"{generation}:{int(found)}"))
        except sqlite3.OperationalError:  # the store is locked by a writer for long: found again next time
            pass
        return found

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _article_from_row(row) if row else None

    def cards(self, district: str | None = None, street: str | None = None, undated: bool = False) -> Iterator[Card]:
        """Practice cards in collection order, optionally only those of one district/street, or only
        those of articles without a publication date."""
        where, params = ["(a.published IS NULL OR a.published = '')"] if undated else [], []
        for column, value in (("district", district), ("street", street)):
            if value:
                where.append(f"a.{column} = ?")
                params.append(value)
        sql = ("SELECT c.card FROM cards c JOIN articles a ON a.id = c.article_id"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.source, a.position")
        for (raw,) in self.db.execute(sql, params):
            yield Card.model_validate_json(raw)

    def card(self, article_id: str) -> Card | None:
        row = self.db.execute("SELECT card FROM cards WHERE article_id = ?", (article_id,)).fetchone()
        return Card.model_validate_json(row[0]) if row else None

    def chunks_of(self, article_id: str) -> list[Chunk]:
        rows = self.db.execute('SELECT * FROM chunks WHERE article_id = ? ORDER BY idx', (article_id,))
        return [Chunk(id=r["id"], article_id=r["article_id"], index=r["idx"], text=r["text"], start=r["start"],
                      end=r["end"]) for r in rows]

    def nodes(self, ids: list[str], known: dict[str, StoredChunk] | None = None) -> dict[str, TextNode]:
        """llama-index nodes for chunk ids, built from SQLite (the same text and metadata Chroma holds,
        without reading Chroma's copies: one lookup here instead of random reads in a second database).
        `known`: chunks already read for this question, used and added to (each is read once)."""
        known = {} if known is None else known
        known.update(self.get_chunks([cid for cid in ids if cid not in known]))
        return {cid: self._node(known[cid].chunk, known[cid].article) for cid in ids if cid in known}

    def get_chunks(self, ids: list[str]) -> dict[str, StoredChunk]:
        """Chunks SQLite knows, with their articles' references (unknown ids — e.g. crash orphans — are
        left out). Only columns stored before the article's texts are read: a later one would make
        SQLite walk the texts' overflow pages, random reads on a cold disk."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f'SELECT c.id AS cid, c.idx, c.text AS ctext, c.start, c."end", a.id, a.title, a.source, a.published, '
            f"a.district, a.street, a.residential, a.practices FROM chunks c "
            f"JOIN articles a ON a.id = c.article_id WHERE c.id IN ({marks})", ids).fetchall()
        out = {}
        for r in rows:
            chunk = Chunk(id=r["cid"], article_id=r["id"], index=r["idx"], text=r["ctext"], start=r["start"],
                          end=r["end"])
            article = ArticleRef(id=r["id"], title=r["title"], source=r["source"], published=r["published"],
                                 place=Place(district=r["district"], street=r["street"], residential=r["residential"]),
                                 practices=json.loads(r["practices"]))
            out[r["cid"]] = StoredChunk(chunk, article)
        return out

    def filtered_chunk_ids(self, filters: Filters) -> set[str]:
        """Chunk ids of articles matching the filters (used to restrict both retrievers)."""
        where, args = [], []
        if filters.district:
            where.append("a.district = ?")
            args.append(filters.district)
        if filters.street:
            where.append("a.street = ?")
            args.append(filters.street)
        if filters.practice:
            where.append("a.practices LIKE ?")
            args.append(f'%"{filters.practice}"%')
        dated = []
        if filters.date_from:
            dated.append("a.published >= ?")
            args.append(filters.date_from)
        if filters.date_to:
            dated.append("a.published <= ?")
            args.append(filters.date_to + "\uffff")
        if dated:
            undated = " OR a.published IS NULL OR a.published = ''" if filters.undated else ""
            where.append(f"(({' AND '.join(dated)}){undated})")
        if filters.source:
            where.append("a.source LIKE ?")
            args.append(f"%{filters.source}%")
        sql = "SELECT c.id FROM chunks c JOIN articles a ON a.id = c.article_id"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return {r["id"] for r in self.db.execute(sql, args)}

    def facets(self) -> dict[str, list[tuple[str, int]]]:
        """Districts, streets and practice tags with article counts, for filters and charts."""
        districts = self.db.execute(
            "SELECT district, COUNT(*) n FROM articles WHERE district IS NOT NULL GROUP BY district ORDER BY n DESC")
        streets = self.db.execute(
            "SELECT street, COUNT(*) n FROM articles WHERE street IS NOT NULL GROUP BY street ORDER BY n DESC")
        practice_counts: dict[str, int] = {}
        for (raw,) in self.db.execute("SELECT practices FROM articles"):
            for tag in json.loads(raw):
                practice_counts[tag] = practice_counts.get(tag, 0) + 1
        return {"district": [tuple(r) for r in districts], "street": [tuple(r) for r in streets],
                "practice": sorted(practice_counts.items(), key=lambda kv: -kv[1])}

    # --- integrity ----------------------------------------------------------------------------------

    def vector_ids(self, page: int = 5000) -> set[str]:
        ids: set[str] = set()
        offset = 0
        while True:
            batch = self.collection.get(include=[], limit=page, offset=offset)["ids"]
            ids.update(batch)
            if len(batch) < page:
                return ids
            offset += page

    def check(self, repair: bool = True) -> dict[str, int]:
        """Chroma, SQLite and the keyword index must agree; with `repair`, make them agree.

        Orphan vectors (no chunk in SQLite, e.g. after a crash) are deleted; chunks without a vector are
        embedded again from their stored text; a stale keyword index is rebuilt.
        """
        known = {r["id"] for r in self.db.execute("SELECT id FROM chunks")}
        vectors = self.vector_ids()
        orphans = sorted(vectors - known)
        missing = sorted(known - vectors)
        index = KeywordIndex.load(self.root / "keyword")
        stale = index is None or index.generation != self.generation or set(index.chunk_ids) != known
        report = {"chunks": len(known), "vectors": len(vectors), "orphan_vectors": len(orphans),
                  "missing_vectors": len(missing), "keyword_index_stale": int(stale)}
        if repair:
            if orphans:
                self.collection.delete(ids=orphans)
            from tqdm import tqdm

            for start in tqdm(range(0, len(missing), 64), desc="embed", unit="batch", disable=len(missing) < 640):
                stored = self.get_chunks(missing[start:start + 64])
                items = list(stored.values())
                vectors_new = self.embedder.embed_passages([s.chunk.embed_text(s.article.title) for s in items])
                self.vector_store.add([self._node(s.chunk, s.article, v) for s, v in zip(items, vectors_new)])
            if stale:
                self.rebuild_keyword_index()
        return report

    def close(self) -> None:
        """Close this thread's connection (others close when their threads end)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
