"""The store's plain records and its error, shared by every concern module of the package."""
from __future__ import annotations

from dataclasses import dataclass, field

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

    def is_empty(self) -> bool:
        return not any(v for k, v in vars(self).items() if k != "undated")


@dataclass
class StoredChunk:
    chunk: Chunk
    article: ArticleRef
