"""The store's plain records and its error, shared by every concern module of the package."""
from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

from vectorstore.records import Article, ArticleRef, Card, Chunk


class StoreError(Exception):
    """A store that cannot be used as asked; the message says why and what to do."""


@dataclass
class FileContent:
    """Everything one source (a file, a JSONL record, a PDF page range) holds after an ingest."""

    source: str
    file_hash: str
    articles: list[Article]
    chunks: list[Chunk]
    embeddings: np.ndarray | None  # None: vectors deferred
    cards: list[Card] = field(default_factory=list)
    signatures: dict[str, bytes] = field(default_factory=dict)
    near_duplicates: list[tuple[str, str, float]] = field(default_factory=list)


@dataclass
class Filters:
    """Narrow retrieval to articles by place, practice tag, date range or source."""

    district: str | None = None
    street: str | None = None
    practice: str | None = None
    date_from: str | None = None  # ISO date prefix, inclusive
    date_to: str | None = None
    source: str | None = None  # substring of the source path
    undated: bool = False  # with a date range: also reports without a date

    @classmethod
    def of(cls, undated: object = False, **values: str | None) -> Filters:
        """Filters from loose values (CLI options, form widgets, a case query): an empty string or None
        means no filter on that field. A name that is not a filter is an error naming the known ones."""
        known = [f.name for f in fields(cls) if f.name != "undated"]
        if unknown := sorted(set(values) - set(known)):
            raise TypeError(f"Filters.of: no filter named {', '.join(unknown)}; the filters are {', '.join(known)}")
        return cls(**{name: value or None for name, value in values.items()}, undated=bool(undated))

    def is_empty(self) -> bool:
        return not any(v for k, v in vars(self).items() if k != "undated")


@dataclass
class StoredChunk:
    chunk: Chunk
    article: ArticleRef
