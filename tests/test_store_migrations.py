"""Schema migrations: stores written before migrations existed open, migrate and read; a new store gets
every migration; each migration runs once, recorded in `_migrations`."""
from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from assistant.feedback import FeedbackStore
from vectorstore.records import Card, Place
from vectorstore.settings import get_settings
from vectorstore.store import Store
from vectorstore.store.feedback import FEEDBACK
from vectorstore.store.migrations import KB, Migrations, m007_overrides, m008_sentence_vectors

# The schema of vectorstore/store.py before migrations (main at 34b583c), copied verbatim.
SCHEMA_BEFORE_MIGRATIONS = """
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
"""

# The first store's schema (d27ea47): no publication/authors columns, no cards, no duplicates, no indexes
# on hashes or facets.
FIRST_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (source TEXT PRIMARY KEY, hash TEXT NOT NULL, ingested_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, position INTEGER NOT NULL, title TEXT NOT NULL,
    lang TEXT, published TEXT, district TEXT, street TEXT, residential TEXT, practices TEXT NOT NULL,
    text TEXT NOT NULL, original TEXT NOT NULL, file_hash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_article ON chunks(article_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

TEXT = "海园小区成立自治管理委员会，居民共同商议停车难题。"
CARD = Card(article_id="a1", title="海园小区自治", source="old.txt", published="2019-11-22",
            place=Place(district="浦东新区", street="潍坊新村街道", residential="海园小区"), practices=["自治"])


def legacy_store(root, schema, with_cards=True):
    """A kb.sqlite as older code wrote it: one file, one article, one chunk (and its card), generation 1."""
    root.mkdir(parents=True)
    db = sqlite3.connect(root / "kb.sqlite")
    db.executescript(schema)
    db.execute("INSERT INTO files VALUES ('old.txt', 'h1', datetime('now'))")
    db.execute("INSERT INTO articles (id, source, position, title, lang, published, district, street, residential, "
               "practices, text, original, file_hash) VALUES ('a1', 'old.txt', 0, '海园小区自治', 'zh', '2019-11-22', "
               "'浦东新区', '潍坊新村街道', '海园小区', '[\"自治\"]', ?, ?, 'h1')", (TEXT, TEXT))
    db.execute("INSERT INTO chunks VALUES ('a1:0', 'a1', 0, ?, 0, ?)", (TEXT, len(TEXT)))
    if with_cards:
        db.execute("INSERT INTO cards VALUES ('a1', ?)", (CARD.model_dump_json(),))
    db.execute("INSERT INTO meta VALUES ('generation', '1')")
    db.commit()
    db.close()


def migrations_of(path):
    with sqlite3.connect(path) as db:
        return [tuple(r) for r in db.execute("SELECT name, applied_at FROM _migrations ORDER BY name")]


def table_names(db):
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")}


def test_a_store_written_before_migrations_opens_migrated_and_readable(tmp_path):
    root = tmp_path / "store"
    legacy_store(root, SCHEMA_BEFORE_MIGRATIONS)
    store = Store.open(get_settings(store=root))
    assert [name for name, _ in migrations_of(root / "kb.sqlite")] == KB.names
    assert store.generation == 1 and store.counts(vectors=False) == {"files": 1, "articles": 1, "chunks": 1}
    article = store.article("a1")
    assert article.title == "海园小区自治" and article.place.residential == "海园小区" and article.authors == []
    assert [c.text for c in store.chunks_of("a1")] == [TEXT]
    assert store.card("a1") == CARD and store.facets()["street"] == [("潍坊新村街道", 1)]
    # The legacy store has no vectors: check finds the chunk without one and embeds it; then it is searchable.
    assert store.check(repair=False)["missing_vectors"] == 1
    store.check(repair=True)
    assert store.check(repair=False)["missing_vectors"] == 0 and store.vector_ids() == {"a1:0"}
    assert store.keyword_index().chunk_ids == ["a1:0"]
    assert store.remove_article("a1") and store.counts(vectors=False) == {"files": 0, "articles": 0, "chunks": 0}


def test_the_first_schema_gets_the_later_columns_tables_and_indexes(tmp_path):
    root = tmp_path / "store"
    legacy_store(root, FIRST_SCHEMA, with_cards=False)
    store = Store.open(get_settings(store=root))
    assert {"cards", "signatures", "near_duplicates", "duplicate_files", "files_hash", "articles_facets",
            "_migrations"} <= table_names(store.db)
    columns = [r["name"] for r in store.db.execute("PRAGMA table_info(articles)")]
    assert columns[-2:] == ["publication", "authors"]
    assert store.article("a1").publication is None and store.card("a1") is None
    plan = " ".join(r["detail"] for r in store.db.execute(
        "EXPLAIN QUERY PLAN SELECT source FROM files WHERE hash = ? LIMIT 1", ("h1",)))
    assert "files_hash" in plan
    assert store.source_with_hash("h1") == "old.txt"


def test_a_new_store_gets_every_migration_with_the_schema_of_before(tmp_path):
    store = Store.open(get_settings(store=tmp_path / "new"))
    assert [name for name, _ in migrations_of(tmp_path / "new" / "kb.sqlite")] == KB.names
    before = sqlite3.connect(":memory:")
    before.executescript(SCHEMA_BEFORE_MIGRATIONS)
    m007_overrides(before)  # the tables added after migrations existed
    m008_sentence_vectors(before)

    def shape(db):  # table -> columns with their types, constraints and order; the indexes and their columns
        tables = {name: [tuple(r)[1:] for r in db.execute(f"PRAGMA table_info({name})")]
                  for name, in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        indexes = {name: [tuple(r) for r in db.execute(f"PRAGMA index_info({name})")]
                   for name, in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        return tables, indexes

    tables, indexes = shape(store.db)
    tables.pop("_migrations")
    indexes.pop("sqlite_autoindex__migrations_1")
    assert (tables, indexes) == shape(before)


def test_migrations_run_once_and_are_recorded(tmp_path):
    root = tmp_path / "store"
    Store.open(get_settings(store=root)).close()
    first = migrations_of(root / "kb.sqlite")
    time.sleep(1.1)  # applied_at has whole seconds: a second application would show
    Store.open(get_settings(store=root)).close()
    assert migrations_of(root / "kb.sqlite") == first and len(first) == len(KB.names)

    calls = []
    steps = Migrations()

    @steps
    def m001_make(conn):
        calls.append(1)
        conn.execute("CREATE TABLE t (x)")

    db = sqlite3.connect(tmp_path / "x.sqlite")
    assert steps.apply(db) == ["m001_make"] and steps.apply(db) == [] and calls == [1]


def test_migration_names_carry_their_order():
    steps = Migrations()

    def m002_skipped(conn):
        pass

    with pytest.raises(ValueError, match="m001_"):
        steps(m002_skipped)


def test_two_connections_opening_a_new_database_migrate_it_once(tmp_path):
    calls = []
    steps = Migrations()

    def m001_slow(conn):
        calls.append(1)
        time.sleep(0.3)  # the other opener arrives while this one holds the write lock
        conn.execute("CREATE TABLE t (x)")

    steps(m001_slow)
    results = []

    def open_and_migrate():
        db = sqlite3.connect(tmp_path / "x.sqlite", timeout=30)
        results.append(steps.apply(db))
        db.close()

    threads = [threading.Thread(target=open_and_migrate) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1] and sorted(results) == [[], ["m001_slow"]]


def test_a_failed_migration_leaves_nothing_half_done(tmp_path):
    steps = Migrations()

    def m001_table(conn):
        conn.execute("CREATE TABLE t (x)")

    def m002_broken(conn):
        conn.execute("CREATE TABLE u (y)")
        conn.execute("INSERT INTO nowhere VALUES (1)")

    steps(m001_table)
    steps(m002_broken)
    db = sqlite3.connect(tmp_path / "x.sqlite")
    with pytest.raises(sqlite3.OperationalError, match="nowhere"):
        steps.apply(db)
    assert table_names(db) == set() and Migrations.applied(db) == set()


def test_feedback_written_before_migrations_is_kept(tmp_path):
    with sqlite3.connect(tmp_path / "feedback.sqlite") as db:  # the table as assistant/feedback.py made it
        db.execute("""CREATE TABLE IF NOT EXISTS feedback (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL DEFAULT (datetime('now')),
            updated_at TEXT NOT NULL DEFAULT (datetime('now')),
            rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
            comment TEXT NOT NULL DEFAULT '',
            question TEXT NOT NULL,
            resolved_question TEXT NOT NULL,
            answer TEXT NOT NULL,
            grounded INTEGER NOT NULL,
            lang TEXT NOT NULL DEFAULT '',
            citations TEXT NOT NULL,
            filters TEXT NOT NULL DEFAULT '{}'
        )""")
        db.execute("INSERT INTO feedback (rating, question, resolved_question, answer, grounded, citations) "
                   "VALUES (-1, '海园小区怎么停车？', '海园小区怎么停车？', '资料中没有。', 0, '[]')")
    feedback = FeedbackStore.for_store(tmp_path)
    assert [name for name, _ in migrations_of(feedback.path)] == FEEDBACK.names
    rows = list(feedback.rows())
    assert len(rows) == 1 and rows[0]["question"] == "海园小区怎么停车？" and rows[0]["rating"] == -1
    feedback.set_rating(rows[0]["id"], 1)
    assert feedback.set_comment(rows[0]["id"], " 改好了 ") and feedback.counts() == {"up": 1, "down": 0}
    assert next(feedback.rows())["comment"] == "改好了"
    feedback.close()
