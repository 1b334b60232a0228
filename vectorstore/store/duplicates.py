"""Duplicates in SQLite: sources that are byte copies of an ingested one (stored once, every source
recorded), and near-duplicate reprints (MinHash signatures and the article pairs they link)."""
from __future__ import annotations

import sqlite3

from vectorstore.store.common import FileContent
from vectorstore.store.database import Database


class Duplicates:
    """The duplicate_files, signatures and near_duplicates tables."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @property
    def db(self) -> sqlite3.Connection:
        return self.database.conn

    def write(self, f: FileContent) -> None:
        """A file's signatures and reprint links, inside the caller's transaction, after its articles; the
        file is stored under its own source now, no longer as a copy of another."""
        self.db.executemany("INSERT OR REPLACE INTO signatures VALUES (?, ?)", list(f.signatures.items()))
        pairs = f.near_duplicates + [(b, a, sim) for a, b, sim in f.near_duplicates]
        self.db.executemany("INSERT OR REPLACE INTO near_duplicates VALUES (?, ?, ?)", pairs)
        self.db.execute("DELETE FROM duplicate_files WHERE source = ?", (f.source,))

    def source_with_hash(self, file_hash: str) -> str | None:
        row = self.db.execute("SELECT source FROM files WHERE hash = ? LIMIT 1", (file_hash,)).fetchone()
        return row["source"] if row else None

    def record(self, source: str, file_hash: str, canonical: str) -> None:
        """`source` holds exactly the bytes of `canonical`: stored once, both sources recorded."""
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO duplicate_files VALUES (?, ?, ?)", (source, file_hash, canonical))

    def forget(self, source: str) -> None:
        """Drop the copies recorded of or as `source` (they are ingested anew), in a transaction."""
        with self.db:
            self.db.execute("DELETE FROM duplicate_files WHERE source = ? OR canonical = ?", (source, source))

    def duplicate_hash(self, source: str) -> str | None:
        row = self.db.execute("SELECT hash FROM duplicate_files WHERE source = ?", (source,)).fetchone()
        return row["hash"] if row else None

    def canonical_of(self, source: str) -> str | None:
        row = self.db.execute("SELECT canonical FROM duplicate_files WHERE source = ?", (source,)).fetchone()
        return row["canonical"] if row else None

    def also_sources(self, source: str) -> list[str]:
        return [r["source"] for r in self.db.execute(
            "SELECT source FROM duplicate_files WHERE canonical = ? ORDER BY source", (source,))]

    def signatures(self) -> list[tuple[str, bytes]]:
        return [(r["article_id"], r["minhash"]) for r in self.db.execute("SELECT article_id, minhash FROM signatures")]

    def near_duplicates(self, article_id: str) -> list[tuple[str, float]]:
        rows = self.db.execute("SELECT other_id, similarity FROM near_duplicates WHERE article_id = ? "
                               "ORDER BY similarity DESC", (article_id,))
        return [(r["other_id"], r["similarity"]) for r in rows]
