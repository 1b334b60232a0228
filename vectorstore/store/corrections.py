"""An admin's corrections of a report's title, newspaper and date. They are keyed by where the report
comes from (source and position: its id changes with its text), so a re-ingest of the file keeps them."""
from __future__ import annotations

import sqlite3

from vectorstore.records import Article
from vectorstore.store.common import FileContent
from vectorstore.store.database import Database

FIELDS = ("title", "publication", "published")


class Corrections:
    """The overrides table (migration m007)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @property
    def db(self) -> sqlite3.Connection:
        return self.database.conn

    def of(self, source: str, position: int) -> dict[str, str]:
        """The fields corrected for the report at this place ("" = cleared; absent = as ingested)."""
        row = self.db.execute("SELECT title, publication, published FROM overrides WHERE source = ? AND position = ?",
                              (source, position)).fetchone()
        return {k: row[k] for k in FIELDS if row[k] is not None} if row else {}

    def apply(self, f: FileContent) -> None:
        """A re-ingested file's reports (and their cards) get their corrected title, newspaper and date back."""
        changed: dict[str, Article] = {}
        for i, article in enumerate(f.articles):
            if fix := self.of(article.source, article.position):
                fix = {k: (v or None) if k != "title" else v for k, v in fix.items()}
                f.articles[i] = changed[article.id] = article.model_copy(update=fix)
        for i, card in enumerate(f.cards):
            if card.article_id in changed:
                a = changed[card.article_id]
                f.cards[i] = card.model_copy(update={"title": a.title, "published": a.published})

    def save(self, article: Article, fix: dict[str, str]) -> None:
        """Remember these corrections of the article (inside the caller's transaction)."""
        merged = {**self.of(article.source, article.position), **fix}
        self.db.execute("INSERT OR REPLACE INTO overrides VALUES (?, ?, ?, ?, ?)",
                        (article.source, article.position, *(merged.get(k) for k in FIELDS)))
