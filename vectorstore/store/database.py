"""kb.sqlite: one connection per thread (the web app is multi-threaded), migrated when the store opens,
and the `meta` table's generation counter that tells the keyword index whether the articles changed."""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from vectorstore.store.migrations import KB


def connect(path: Path, foreign_keys: bool = True, shared: bool = False, read_only: bool = False) -> sqlite3.Connection:
    """A connection that returns rows by name; `shared`: usable by several threads (behind a lock)."""
    if read_only:  # for measurements on a store that must not change (not even be migrated)
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30, check_same_thread=not shared)
        conn.row_factory = sqlite3.Row
        return conn
    conn = sqlite3.connect(path, timeout=30, check_same_thread=not shared)
    conn.row_factory = sqlite3.Row
    if foreign_keys:
        conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    return conn


class Database:
    """The knowledge base's SQLite file. `conn` is this thread's connection. `read_only`: opened as it is,
    neither migrated nor written (bench scripts that read a store someone else uses)."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._local = threading.local()
        if not read_only:
            KB.apply(self.conn)

    @property
    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path, read_only=self.read_only)
            self._local.conn = conn
        return conn

    @property
    def generation(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row["value"]) if row else 0

    def bump_generation(self) -> None:
        """Inside the caller's transaction: the articles changed."""
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES('generation', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def close(self) -> None:
        """Close this thread's connection (others close when their threads end)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
