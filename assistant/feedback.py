"""Readers' verdicts on answers: thumbs up/down, an optional comment, kept beside the store.

One row per rated answer with the question as asked, the question retrieval used (after follow-up
resolution), the answer text, whether it was grounded, its citations and the filters in force; stored by
the store package (vectorstore/store/feedback.py, `<store>/feedback.sqlite`). `export_csv` writes every
row for the maintainers.
"""
from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.records import Answer
from vectorstore.store.feedback import COLUMNS, FILENAME, FeedbackTable

__all__ = ["COLUMNS", "FILENAME", "FeedbackStore"]


def _check_rating(rating: int) -> None:
    if rating not in (1, -1):
        raise ValueError("rating must be 1 (thumbs up) or -1 (thumbs down)")


class FeedbackStore:
    """Thread-safe: the web app rates answers from several sessions."""

    def __init__(self, path: Path) -> None:
        self.table = FeedbackTable(path)
        self.path = self.table.path

    @classmethod
    def for_store(cls, store_root: Path) -> "FeedbackStore":
        return cls(Path(store_root) / FILENAME)

    def add(self, answer: Answer, rating: int, question: str | None = None, comment: str = "",
            filters: dict[str, Any] | None = None) -> int:
        """Record a verdict on `answer` (rating +1 or -1); `question` is what the reader typed
        when it differs from the question retrieval used (`answer.question`). Returns the row id."""
        _check_rating(rating)
        citations = [{"n": c.n, "title": c.title, "source": c.source, "article_id": c.article_id,
                      "chunk_id": c.chunk_id, "sentence": c.passage[c.span[0]:c.span[1]]}
                     for c in answer.citations]
        return self.table.add(rating, comment.strip(), question or answer.question, answer.question, answer.answer,
                              answer.grounded, answer.lang, citations,
                              {k: v for k, v in (filters or {}).items() if v})

    def set_rating(self, feedback_id: int, rating: int) -> None:
        _check_rating(rating)
        self.table.set_rating(feedback_id, rating)

    def set_comment(self, feedback_id: int, comment: str) -> bool:
        return self.table.set_comment(feedback_id, comment.strip())

    def remove(self, feedback_id: int) -> None:
        """Withdraw a verdict (the reader clicked the same thumb again)."""
        self.table.remove(feedback_id)

    def rows(self) -> Iterator[dict[str, Any]]:
        yield from self.table.rows()

    def counts(self) -> dict[str, int]:
        return self.table.counts()

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
        self.table.close()
