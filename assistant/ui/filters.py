"""The place, practice and date filters the chat and the Cases tab share: their dropdown choices from
the collection's facets, and the `Filters` retrieval reads from the widgets' values."""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import gradio as gr

from assistant.ui.memo import GenerationMemo
from assistant.ui.translations import t
from ingest.enrich import normalise_date, practices
from vectorstore.store import Filters, Store

FILTER_KEYS = ("district", "street", "practice")


def filters_from(district: str | None, street: str | None, practice: str | None, date_from: Any = None,
                 date_to: Any = None, undated: bool = False) -> Filters:
    """Filters from the widgets' (or the API's) values; an empty choice means no filter."""
    def date(value: Any) -> str | None:
        if value in (None, ""):
            return None
        if isinstance(value, (int, float)):
            return datetime.fromtimestamp(value).strftime("%Y-%m-%d")
        if isinstance(value, datetime):
            return value.strftime("%Y-%m-%d")
        text = str(value).strip()
        return normalise_date(text) or (text[:10] if re.fullmatch(r"\d{4}(-\d{2}){0,2}.*", text) else None)

    return Filters.of(district=district, street=street, practice=practice,
                      date_from=date(date_from), date_to=date(date_to), undated=undated)


class Facets:
    """The collection's districts, streets and practice tags with their counts, as dropdown choices."""

    def __init__(self, store: Store, memo: GenerationMemo) -> None:
        self.store = store
        self.memo = memo

    def counts(self) -> dict[str, list[tuple[str, int]]]:
        return self.memo.get("facets", self.store.facets)

    def choices(self, lang: str) -> dict[str, list[tuple[str, str]]]:
        facets = self.counts()
        en = {p.tag: p.en for p in practices()}
        anyone = [(t(lang, "any"), "")]
        return {
            "district": anyone + [(f"{n} ({c})", n) for n, c in facets["district"]],
            "street": anyone + [(f"{n} ({c})", n) for n, c in facets["street"]],
            "practice": anyone + [((f"{n} · {en[n]} ({c})" if lang == "en" and n in en else f"{n} ({c})"), n)
                                  for n, c in facets["practice"]],
        }

    def street_choices(self, district: str | None, lang: str) -> dict:
        """The street/town dropdown narrowed to the chosen district (all streets when none is chosen)."""
        anyone = [(t(lang, "any"), "")]
        if not district:
            return gr.update(choices=self.choices(lang)["street"], value="")
        rows = self.store.street_counts(district)
        return gr.update(choices=anyone + [(f"{r[0]} ({r[1]})", r[0]) for r in rows], value="")

    def dropdowns(self, lang: str, prefix: str) -> tuple[gr.Dropdown, gr.Dropdown, gr.Dropdown]:
        """District, street and practice dropdowns (relabelled by `updates` on refresh, with their choices)."""
        choices = self.choices(lang)
        return tuple(gr.Dropdown(choices[key], value="", label=t(lang, key), elem_id=f"{prefix}{key}")
                     for key in FILTER_KEYS)  # type: ignore[return-value]

    def updates(self, lang: str) -> list[dict]:
        """New choices and labels for the three dropdowns, after the collection or the language changed."""
        choices = self.choices(lang)
        return [gr.update(choices=choices[key], label=t(lang, key)) for key in FILTER_KEYS]
