"""Case search over practice cards: filters, keyword/semantic query, comparison table."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from assistant.retrieve import Retriever
from ingest.cards import ACTOR_TYPES as ACTOR_PATTERNS
from vectorstore.records import Card
from vectorstore.store import Filters, Store

ACTOR_TYPES = tuple(ACTOR_PATTERNS)  # the kinds the ingest recognises (ingest/cards.py), in its order
RELEVANCE = 0.5  # a case's best passage must score at least this share of the best passage overall
COLUMNS = ["title", "district", "street", "residential", "year", "practices", "actors", "funding", "mechanism",
           "outcomes", "source"]


@dataclass
class CaseQuery:
    district: str | None = None
    street: str | None = None
    practice: str | None = None
    year: str | None = None
    actor: str | None = None  # one of ACTOR_TYPES
    funding: bool = False  # only cases with a funding amount
    query: str | None = None  # keyword/semantic search text


def card_year(card: Card) -> str | None:
    if card.published:
        return card.published[:4]
    years = card.values("year")
    return years[0] if years else None


def case_years(store: Store) -> list[str]:
    """Every card year, newest first: publication years from SQL, cards parsed only for undated articles."""
    years = store.publication_years() | {y for c in store.cards(undated=True) if (y := card_year(c))}
    return sorted(years, reverse=True)


def _matches(card: Card, q: CaseQuery) -> bool:
    if q.district and card.place.district != q.district:
        return False
    if q.street and card.place.street != q.street:
        return False
    if q.practice and q.practice not in card.practices:
        return False
    if q.year and card_year(card) != str(q.year):
        return False
    if q.actor and not any(v.startswith(q.actor + ":") for v in card.values("actors")):
        return False
    return not (q.funding and not card.fields.get("funding"))


def search_cases(retriever: Retriever, q: CaseQuery, limit: int = 50, relevance: float = RELEVANCE) -> list[Card]:
    """Cards matching the filters; with a query, ordered by the best passage of each article.

    Only the cards needed are read (the first `limit` matches, or the retrieved articles' cards), so a
    search costs the same at 69k articles as at 50.
    """
    store = retriever.store
    if not q.query:
        return list(islice((c for c in store.cards(district=q.district, street=q.street) if _matches(c, q)), limit))
    filters = Filters.of(district=q.district, street=q.street, practice=q.practice)
    passages = retriever.retrieve(q.query, k=max(limit, 20), filters=filters)
    top = max((p.score for p in passages), default=0.0)  # English questions reorder by names (retrieve.py)
    rank: dict[str, int] = {}
    for i, p in enumerate(passages):
        if p.score >= relevance * top:  # the query's cases, not everything the top 20 touched
            rank.setdefault(p.article_id, i)
    cards = (store.card(article_id) for article_id in sorted(rank, key=rank.get))
    return [c for c in cards if c is not None and _matches(c, q)][:limit]


def card_row(card: Card) -> dict[str, str]:
    """One table row: every field flattened to text (values joined by '；')."""
    return {
        "title": card.title,
        "district": card.place.district or "",
        "street": card.place.street or "",
        "residential": card.place.residential or "",
        "year": card_year(card) or "",
        "practices": "、".join(card.practices),
        "actors": "；".join(card.values("actors")),
        "funding": "；".join(card.values("funding")),
        "mechanism": "；".join(card.values("mechanism")[:3]),
        "outcomes": "；".join(card.values("outcomes")[:2]),
        "source": card.source,
    }


def card_json(card: Card) -> dict:
    """The --json form: fields with their values and citations (chunk id, span, cited sentence)."""
    return {
        "article_id": card.article_id, "title": card.title, "source": card.source, "published": card.published,
        "place": card.place.model_dump(), "practices": card.practices,
        "fields": {name: [{"value": f.value, "citation": {"chunk_id": f.chunk_id, "span": list(f.span),
                                                            "sentence": f.sentence}} for f in values]
                   for name, values in card.fields.items()},
    }


def compare(cards: list[Card]) -> list[dict[str, str]]:
    """Side-by-side comparison of 2–4 cases: one row per aspect, one column per case."""
    if not 2 <= len(cards) <= 4:
        raise ValueError("compare takes 2 to 4 cases")
    rows = [card_row(c) for c in cards]
    return [{"aspect": col, **{f"case{i + 1}": row[col] for i, row in enumerate(rows)}} for col in COLUMNS]
