"""Sentence embeddings computed at question time, kept by a key of their text (migration m008): the
semantic match of question and sentence (assistant/semantic.py) embeds a sentence once per store."""
from __future__ import annotations

import sqlite3

import numpy as np

from vectorstore.store.database import Database

_BATCH = 500  # keys per SELECT (SQLite's default limit on bound parameters is far above)


class SentenceVectors:
    """The sentence_vectors table: key (sha1 of the text) → float32 vector."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def get(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), _BATCH):
            part = keys[i:i + _BATCH]
            marks = ",".join("?" * len(part))
            for row in self.database.conn.execute(
                    f"SELECT key, vector FROM sentence_vectors WHERE key IN ({marks})", part):
                found[row["key"]] = np.frombuffer(row["vector"], dtype=np.float32)
        return found

    def put(self, vectors: dict[str, np.ndarray]) -> bool:
        """Keep these vectors; False when the store cannot be written now (read-only, or locked by a writer
        for long): they are computed again next time."""
        if not vectors or self.database.read_only:
            return False
        try:
            with self.database.conn as conn:
                conn.executemany("INSERT OR REPLACE INTO sentence_vectors (key, vector) VALUES (?, ?)",
                                 [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()])
        except sqlite3.OperationalError:
            return False
        return True
