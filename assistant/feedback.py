"""Readers' verdicts on answers: thumbs up/down, an optional comment, kept beside the store.

One SQLite file, `<store>/feedback.sqlite`, one row per rated answer with the question as asked,
the question retrieval used (after follow-up resolution), the answer text, whether it was grounded,
its citations (JSON) and the filters in force. `export_csv` writes every row for the maintainers.
"""
from __future__ import annotations

import csv
import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.records import Answer

FILENAME = "feedback.sqlite"
SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
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
);
"""
COLUMNS = ("id", "created_at", "updated_at", "rating", "comment", "question", "resolved_question", "answer",
           "grounded", "lang", "citations", "filters")


class FeedbackStore:
    """Thread-safe (one connection behind a lock): the web app rates answers from several sessions."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self.db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.executescript(SCHEMA)

    @classmethod
    def for_store(cls, store_root: Path) -> "FeedbackStore":
        return cls(Path(store_root) / FILENAME)

    def add(self, answer: Answer, rating: int, question: str | None = None, comment: str = "",
            filters: dict[str, Any] | None = None) -> int:
        """Record a verdict on `answer` (rating +1 or -1); `question` is what the reader typed
        when it differs from the question retrieval used (`answer.question`). Returns the row id."""
        if rating not in (1, -1):
            raise ValueError("rating must be 1 (thumbs up) or -1 (thumbs down)")
        citations = [{"n": c.n, "title": c.title, "source": c.source, "article_id": c.article_id,
                      "chunk_id": c.chunk_id, "sentence": c.passage[c.span[0]:c.span[1]]}
                     for c in answer.citations]
        with self._lock, self.db:
            cursor = self.db.execute(
                "INSERT INTO feedback (rating, comment, question, resolved_question, answer, grounded, lang, "
                "citations, filters) VALUES (?,?,?,?,?,?,?,?,?)",
                (rating, comment.strip(), question or answer.question, answer.question, answer.answer,
                 int(answer.grounded), answer.lang, json.dumps(citations, ensure_ascii=False),
                 json.dumps({k: v for k, v in (filters or {}).items() if v}, ensure_ascii=False)))
            return int(cursor.lastrowid)

    def set_rating(self, feedback_id: int, rating: int) -> None:
        if rating not in (1, -1):
            raise ValueError("rating must be 1 (thumbs up) or -1 (thumbs down)")
        with self._lock, self.db:
            self.db.execute("UPDATE feedback SET rating = ?, updated_at = datetime('now') WHERE id = ?",
                            (rating, feedback_id))

    def set_comment(self, feedback_id: int, comment: str) -> bool:
        with self._lock, self.db:
            n = self.db.execute("UPDATE feedback SET comment = ?, updated_at = datetime('now') WHERE id = ?",
                                (comment.strip(), feedback_id)).rowcount
        return n == 1

    def remove(self, feedback_id: int) -> None:
        """Withdraw a verdict (the reader clicked the same thumb again)."""
        with self._lock, self.db:
            self.db.execute("DELETE FROM feedback WHERE id = ?", (feedback_id,))

    def rows(self) -> Iterator[dict[str, Any]]:
        with self._lock:
            rows = self.db.execute(f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id").fetchall()
        for row in rows:
            yield dict(row)

    def counts(self) -> dict[str, int]:
        with self._lock:
            up, down = self.db.execute(
                "SELECT COALESCE(SUM(rating = 1), 0), COALESCE(SUM(rating = -1), 0) FROM feedback").fetchone()
        return {"up": int(up), "down": int(down)}

    def export_csv(self, path: Path) -> Path:
        """All feedback as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese right)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            for row in self.rows():
                writer.writerow(row)
        return path

    def close(self) -> None:
        with self._lock:
            self.db.close()
