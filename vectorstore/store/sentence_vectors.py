"""Sentence embeddings kept by a key of their text (migration m008): every chunk's sentences embedded at ingest
(ingest/sentence_vectors.py), and any other sentence the semantic match of question and sentence
(assistant/semantic.py) embeds at question time, once per store. Keyed by content, not by chunk: a re-ingested or
repeated sentence is embedded once, and a crashed write leaves nothing to undo (a key either has its vector or not)."""
from __future__ import annotations

import hashlib
import sqlite3

import numpy as np

from vectorstore.store.database import Database

_BATCH = 500  # keys per SELECT (SQLite's default limit on bound parameters is far above)


def sentence_key(text: str) -> str:
    """The key a sentence's vector is kept under: the sha1 of its text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


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

    def known(self, keys: list[str]) -> set[str]:
        """Which of these keys have a vector (without reading the vectors)."""
        found: set[str] = set()
        for i in range(0, len(keys), _BATCH):
            part = keys[i:i + _BATCH]
            marks = ",".join("?" * len(part))
            found.update(row["key"] for row in self.database.conn.execute(
                f"SELECT key FROM sentence_vectors WHERE key IN ({marks})", part))
        return found

    def write(self, vectors: dict[str, np.ndarray]) -> None:
        """Add these vectors inside the caller's transaction (an ingest's write of its chunks)."""
        self.database.conn.executemany("INSERT OR REPLACE INTO sentence_vectors (key, vector) VALUES (?, ?)",
                                       [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()])

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
