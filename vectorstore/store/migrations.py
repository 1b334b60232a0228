"""Schema changes as numbered migrations, each applied once and recorded (simonw/llm's migrations.py).

A database records the migrations it has had in `_migrations(name, applied_at)`. Opening it applies the
missing ones in order, in one write transaction (`BEGIN IMMEDIATE`), so two processes opening a new store
at once do not both migrate it: the second waits, then finds nothing left to do. A database that has all
its migrations is only read.

Stores made before migrations existed have no `_migrations` table but already hold some or all of the
tables: `m001`–`m006` of the knowledge base are therefore written to be harmless when their change is
already there (`IF NOT EXISTS`, a column added only when missing). A migration added later may assume
every earlier one ran. To change the schema, append a function `m<next number>_<what it does>`.
"""
from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Callable

TABLE = "_migrations"
Step = Callable[[sqlite3.Connection], None]


class Migrations:
    """The ordered migrations of one kind of database; register each with `@migrations`."""

    def __init__(self) -> None:
        self.steps: list[Step] = []

    def __call__(self, step: Step) -> Step:
        expected = f"m{len(self.steps) + 1:03d}_"
        if not step.__name__.startswith(expected):  # the number is the order: no gap, no reuse
            raise ValueError(f"migration {step.__name__} must be named {expected}<what it does>")
        self.steps.append(step)
        return step

    @property
    def names(self) -> list[str]:
        return [step.__name__ for step in self.steps]

    @staticmethod
    def applied(conn: sqlite3.Connection) -> set[str]:
        """Names of the migrations this database has had (none for a new or pre-migration database)."""
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)).fetchone() is None:
            return set()
        return {row[0] for row in conn.execute(f"SELECT name FROM {TABLE}")}

    def apply(self, conn: sqlite3.Connection) -> list[str]:
        """Apply the migrations `conn`'s database has not had, in order; returns their names."""
        if set(self.names) <= self.applied(conn):
            return []
        if conn.in_transaction:
            conn.commit()
        conn.execute("BEGIN IMMEDIATE")  # DDL too: the sqlite3 module begins transactions only before DML
        try:
            conn.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            done = self.applied(conn)  # again, under the write lock: another process may have migrated
            ran = []
            for step in self.steps:
                if step.__name__ in done:
                    continue
                step(conn)
                conn.execute(f"INSERT INTO {TABLE} (name, applied_at) VALUES (?, ?)",
                             (step.__name__, datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")))
                ran.append(step.__name__)
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        return ran


def run(conn: sqlite3.Connection, *statements: str) -> None:
    """Execute statements one by one (`executescript` would commit the migration's transaction)."""
    for statement in statements:
        conn.execute(statement)


def columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


# --- the knowledge base, kb.sqlite ------------------------------------------------------------------

KB = Migrations()


@KB
def m001_initial(conn: sqlite3.Connection) -> None:
    """Files, articles, chunks and the meta table (generation counter), as the first store had them."""
    run(conn,
        "CREATE TABLE IF NOT EXISTS files (source TEXT PRIMARY KEY, hash TEXT NOT NULL, ingested_at TEXT NOT NULL)",
        """CREATE TABLE IF NOT EXISTS articles (
            id TEXT PRIMARY KEY, source TEXT NOT NULL, position INTEGER NOT NULL, title TEXT NOT NULL,
            lang TEXT, published TEXT, district TEXT, street TEXT, residential TEXT, practices TEXT NOT NULL,
            text TEXT NOT NULL, original TEXT NOT NULL, file_hash TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS articles_source ON articles(source)",
        """CREATE TABLE IF NOT EXISTS chunks (
            id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS chunks_article ON chunks(article_id)",
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


@KB
def m002_article_publication_and_authors(conn: sqlite3.Connection) -> None:
    """The newspaper and the authors (JSON list) from mastheads and bylines."""
    have = columns(conn, "articles")
    for column in ("publication", "authors"):
        if column not in have:
            conn.execute(f"ALTER TABLE articles ADD COLUMN {column} TEXT")


@KB
def m003_practice_cards(conn: sqlite3.Connection) -> None:
    """One practice card (JSON) per article, extracted at ingest."""
    conn.execute("""CREATE TABLE IF NOT EXISTS cards (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, card TEXT NOT NULL)""")


@KB
def m004_duplicates(conn: sqlite3.Connection) -> None:
    """MinHash signatures, near-duplicate reprint pairs, and sources that are byte copies of another."""
    run(conn,
        """CREATE TABLE IF NOT EXISTS signatures (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, minhash BLOB NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS near_duplicates (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            other_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            similarity REAL NOT NULL, PRIMARY KEY (article_id, other_id))""",
        """CREATE TABLE IF NOT EXISTS duplicate_files (
            source TEXT PRIMARY KEY, hash TEXT NOT NULL, canonical TEXT NOT NULL)""")


@KB
def m005_files_hash_index(conn: sqlite3.Connection) -> None:
    """Each new file or record is looked up by its hash (is it a copy?): without an index, a scan."""
    conn.execute("CREATE INDEX IF NOT EXISTS files_hash ON files(hash)")


@KB
def m006_articles_facets_index(conn: sqlite3.Connection) -> None:
    """Facets, filters, years and the pinyin table's places read these columns of every article: from
    this covering index, not from rows that hold the full texts (a scan of those took seconds cold at 69k)."""
    run(conn,
        "DROP INDEX IF EXISTS articles_place",
        "CREATE INDEX IF NOT EXISTS articles_facets ON articles(district, street, residential, published, practices)")


@KB
def m007_overrides(conn: sqlite3.Connection) -> None:
    """An admin's corrections of a report's title, newspaper and date, keyed by where the report comes from
    (its id changes with its text), so a re-ingest keeps them. NULL: keep what the ingest extracted."""
    conn.execute("""CREATE TABLE IF NOT EXISTS overrides (
        source TEXT NOT NULL, position INTEGER NOT NULL, title TEXT, publication TEXT, published TEXT,
        PRIMARY KEY (source, position))""")


@KB
def m008_sentence_vectors(conn: sqlite3.Connection) -> None:
    """Embeddings of quoted-sentence candidates, computed at question time (the composer's and the answer-type
    check's semantic match, assistant/semantic.py) and kept by the sha1 of the sentence: a cache, not a
    record (a store built before has none; deleting rows only costs time)."""
    conn.execute("CREATE TABLE IF NOT EXISTS sentence_vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
