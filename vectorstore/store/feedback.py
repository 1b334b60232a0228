"""Readers' verdicts on answers in `<store>/feedback.sqlite`: one row per rated answer with the question
as asked, the question retrieval used, the answer text, whether it was grounded, its citations (JSON) and
the filters in force. The assistant's `FeedbackStore` (assistant/feedback.py) builds the rows from answers."""
from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

from vectorstore.store.database import connect
from vectorstore.store.migrations import Migrations

FILENAME = "feedback.sqlite"
COLUMNS = ("id", "created_at", "updated_at", "rating", "comment", "question", "resolved_question", "answer",
           "grounded", "lang", "citations", "filters")

FEEDBACK = Migrations()


@FEEDBACK
def m001_feedback(conn: sqlite3.Connection) -> None:
    """The verdicts table as it was before migrations (IF NOT EXISTS: such files already have it)."""
    conn.execute("""CREATE TABLE IF NOT EXISTS feedback (
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


class FeedbackTable:
    """Thread-safe (one connection behind a lock): the web app rates answers from several sessions."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self.db = connect(self.path, foreign_keys=False, shared=True)
        FEEDBACK.apply(self.db)

    def add(self, rating: int, comment: str, question: str, resolved_question: str, answer: str, grounded: bool,
            lang: str, citations: list[dict[str, Any]], filters: dict[str, Any]) -> int:
        """Insert one verdict; returns its row id."""
        with self._lock, self.db:
            cursor = self.db.execute(
                "INSERT INTO feedback (rating, comment, question, resolved_question, answer, grounded, lang, "
                "citations, filters) VALUES (?,?,?,?,?,?,?,?,?)",
                (rating, comment, question, resolved_question, answer, int(grounded), lang,
                 json.dumps(citations, ensure_ascii=False), json.dumps(filters, ensure_ascii=False)))
            return int(cursor.lastrowid)

    def set_rating(self, feedback_id: int, rating: int) -> None:
        with self._lock, self.db:
            self.db.execute("UPDATE feedback SET rating = ?, updated_at = datetime('now') WHERE id = ?",
                            (rating, feedback_id))

    def set_comment(self, feedback_id: int, comment: str) -> bool:
        """False when no verdict has this id."""
        with self._lock, self.db:
            n = self.db.execute("UPDATE feedback SET comment = ?, updated_at = datetime('now') WHERE id = ?",
                                (comment, feedback_id)).rowcount
        return n == 1

    def remove(self, feedback_id: int) -> None:
        with self._lock, self.db:
            self.db.execute("DELETE FROM feedback WHERE id = ?", (feedback_id,))

    def rows(self) -> list[dict[str, Any]]:
        """Every verdict, oldest first, as a dict of COLUMNS."""
        with self._lock:
            rows = self.db.execute(f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id").fetchall()
        return [dict(row) for row in rows]

    def counts(self) -> dict[str, int]:
        with self._lock:
            up, down = self.db.execute(
                "SELECT COALESCE(SUM(rating = 1), 0), COALESCE(SUM(rating = -1), 0) FROM feedback").fetchone()
        return {"up": int(up), "down": int(down)}

    def close(self) -> None:
        with self._lock:
            self.db.close()
