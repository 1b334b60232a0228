"""The Cases tab's handlers: search the case cards, show one with its cited sentences, compare up to
four side by side, export the table and its references. A mixin of `GongzhiApp`, which provides
`store`, `assistant`, `t`, `is_empty`, `_cached`, `_export_dir` and `write_references`."""
from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

import gradio as gr
import pandas as pd

from assistant.cases import ACTOR_TYPES, CaseQuery, card_row, card_year, case_years, compare, search_cases
from assistant.export import cases_csv, cases_xlsx, gbt7714
from assistant.ui.markup import esc, excerpt
from assistant.ui.text import ACTOR_EN, TEXT
from vectorstore.records import Card, CardField
from vectorstore.store import StoreError

CASES_LIMIT = 200  # rows in the case table
CARD_FIELDS = ("practice", "place", "year", "actors", "funding", "mechanism", "counts", "outcomes")
# Where a sentence read for several fields is quoted: the most specific field first.
QUOTE_ORDER = ("funding", "counts", "mechanism", "outcomes", "actors", "year", "place", "practice")
ASPECT_KEYS = {"title": "col_title", "district": "col_district", "street": "col_street",
               "residential": "col_residential", "year": "col_year", "practices": "col_practices",
               "actors": "col_actors", "funding": "col_funding", "mechanism": "col_mechanism",
               "outcomes": "col_outcomes", "source": "col_file"}


class CasesView:
    @staticmethod
    def case_query(district: str | None = None, street: str | None = None, practice: str | None = None,
                   year: str | int | None = None, actor: str | None = None, funding: bool = False,
                   query: str | None = None) -> CaseQuery:
        return CaseQuery(district=district or None, street=street or None, practice=practice or None,
                         year=str(year) if year not in (None, "") else None, actor=actor or None,
                         funding=bool(funding), query=(query or "").strip() or None)

    def cases(self, q: CaseQuery, limit: int = CASES_LIMIT) -> list[Card]:
        """The case cards matching a query: `assistant.cases.search_cases`, as `python -m assistant cases`."""
        if self.is_empty():
            return []
        try:
            return search_cases(self.assistant.retriever, q, limit=limit)
        except StoreError as exc:
            raise gr.Error(esc(exc)) from exc

    def cards_of(self, article_ids: list[str] | None) -> list[Card]:
        return [c for c in (self.store.card(i) for i in dict.fromkeys(article_ids or []) if i) if c]

    def cases_frame(self, cards: list[Card], lang: str) -> pd.DataFrame:
        """The case table: `card_row` per card, with the article id last (row clicks look it up)."""
        keys = ["title", "district", "street", "residential", "year", "practices", "actors", "funding"]
        rows = [[card_row(c)[k] for k in keys] + [c.article_id] for c in cards]
        return pd.DataFrame(rows, columns=[self.t(lang, ASPECT_KEYS[k]) for k in keys] + [self.t(lang, "col_id")])

    def cases_status(self, n: int, lang: str) -> str:
        if n == 0:
            return self.t(lang, "cases_none")
        return self.t(lang, "cases_found", n=n) + (self.t(lang, "cases_capped", n=n) if n >= CASES_LIMIT else "")

    @staticmethod
    def case_choices(cards: list[Card]) -> list[tuple[str, str]]:
        return [(f"{c.title} — {c.place.label() or '?'}" + (f" {card_year(c)}" if card_year(c) else ""), c.article_id)
                for c in cards]

    def year_choices(self, lang: str) -> list[tuple[str, str]]:
        years = self._cached("case_years", lambda: case_years(self.store))
        return [(self.t(lang, "any"), "")] + [(y, y) for y in years]

    def actor_choices(self, lang: str) -> list[tuple[str, str]]:
        return [(self.t(lang, "any"), "")] + [((f"{a} · {ACTOR_EN.get(a, a)}" if lang == "en" else a), a)
                                              for a in ACTOR_TYPES]

    def find_cases(self, lang: str, district: str | None, street: str | None, practice: str | None,
                   year: str | None, actor: str | None, funding: bool, query: str | None,
                   selected: list[str] | None = None) -> tuple[Any, ...]:
        """The Cases tab's search: (table, the rows' article ids, status, comparison picker, exports).

        Cases already picked for comparison stay pickable, so cases from different searches can be compared.
        """
        cards = self.cases(self.case_query(district, street, practice, year, actor, funding, query))
        ids = [c.article_id for c in cards]
        picked = self.cards_of([i for i in (selected or []) if isinstance(i, str)])
        choices = self.case_choices(cards + [c for c in picked if c.article_id not in ids])
        return (self.cases_frame(cards, lang), ids, self.cases_status(len(cards), lang),
                gr.update(choices=choices, value=[c.article_id for c in picked]), gr.update(value=None, visible=False))

    def on_case_select(self, ids: list[str], lang: str, evt: gr.SelectData) -> tuple[Any, ...]:
        """A click on a row of the case table opens its card."""
        row = evt.row_value if isinstance(evt.row_value, (list, tuple)) else None
        article_id = str(row[-1]) if row and str(row[-1]) in (ids or []) else None
        if article_id is None:
            index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
            if isinstance(index, int) and 0 <= index < len(ids or []):
                article_id = ids[index]
        if article_id is None:
            return gr.skip(), gr.skip(), gr.skip()
        return self.render_case_card(article_id, lang), article_id, gr.update(visible=True)

    def _field_value(self, name: str, value: str, lang: str) -> str:
        """One card value as HTML: actor and place values carry their kind as a small label."""
        kind, _, rest = value.partition(":")
        if name == "actors" and rest:
            label = ACTOR_EN.get(kind, kind) if lang == "en" else kind
            return f'<span class="gz-kind">{esc(label)}</span>{esc(rest)}'
        if name == "place" and rest and kind in ("district", "street", "residential"):
            return f'<span class="gz-kind">{esc(self.t(lang, kind))}</span>{esc(rest)}'
        return esc(value)

    def render_case_card(self, article_id: str | None, lang: str) -> str:
        """A case card: every field's values, each with its cited sentence marked inside its passage."""
        card = self.store.card(article_id) if article_id else None
        if card is None:
            key = "card_gone" if article_id else "card_hint"
            return f'<div class="gz-hint" id="gz-case-empty">{esc(self.t(lang, key))}</div>'
        article = self.store.article(card.article_id)
        year = card_year(card)
        name = PurePosixPath(card.source.replace("\\", "/")).name
        meta = [f'<span class="gz-place">{esc(card.place.label() or self.t(lang, "place_unknown"))}</span>',
                f'<span class="gz-date">{esc(card.published or year or self.t(lang, "date_unknown"))}</span>']
        if article is not None and article.publication:
            meta.append(f'<span class="gz-pub">{esc(article.publication)}</span>')
        meta.append(f'<span class="gz-file" title="{esc(card.source)}">{esc(name)}</span>')
        out = [f'<div class="gz-case" data-article="{esc(card.article_id)}">',
               f'<div class="gz-hint">{esc(self.t(lang, "card_title"))}</div><h3>{esc(card.title)}</h3>',
               f'<div class="gz-meta">{" · ".join(meta)}</div>']
        if article is not None:
            out.append(f'<div class="gz-case-ref">{esc(self.t(lang, "card_reference"))}{esc(gbt7714(article))}</div>')
        out.append('<dl class="gz-fields" tabindex="0">')
        names = [n for n in CARD_FIELDS if card.fields.get(n)] + [n for n in card.fields if n not in CARD_FIELDS]
        # Each sentence is quoted once, under the most specific field it was read for (funding before
        # practice or place); the other fields show their value and point to it.
        owner: dict[tuple[str, tuple[int, int]], str] = {}
        for field_name in sorted(names, key=lambda n: QUOTE_ORDER.index(n) if n in QUOTE_ORDER else len(QUOTE_ORDER)):
            for f in card.fields[field_name]:
                owner.setdefault((f.chunk_id, tuple(f.span)), field_name)
        for field_name in names:
            label = TEXT.get(lang, TEXT["zh"]).get(f"field_{field_name}", field_name)
            # Values read from the same sentence (several actors, say) share one quotation.
            groups: dict[tuple[str, tuple[int, int]], list[CardField]] = {}
            for f in card.fields[field_name]:
                groups.setdefault((f.chunk_id, tuple(f.span)), []).append(f)
            values = []
            for (chunk_id, span), fields in groups.items():
                before, sentence, after = excerpt(fields[0].passage, span, context=80)
                shown = [f for f in fields if f.value.strip() != f.sentence.strip()]  # not the sentence itself
                if shown:
                    values.append('<div class="gz-value">' + "；".join(
                        self._field_value(field_name, f.value, lang) for f in shown) + "</div>")
                home = owner.get((chunk_id, span), field_name)
                if home != field_name:  # quoted under another field: pointed to, not repeated
                    if not shown:  # the sentence is the value: shown once as the value
                        values.append(f'<div class="gz-value">{esc(sentence)}</div>')
                    home_label = TEXT.get(lang, TEXT["zh"]).get(f"field_{home}", home)
                    values.append(f'<div class="gz-same">{esc(self.t(lang, "same_sentence", field=home_label))}</div>')
                    continue
                values.append(f'<div class="gz-passage" data-chunk="{esc(chunk_id)}">{esc(before)}'
                              f'<mark class="gz-hl">{esc(sentence)}</mark>{esc(after)}</div>')
            out.append(f'<div class="gz-field" data-field="{esc(field_name)}"><dt>{esc(label)}</dt>'
                       f'<dd>{"".join(values)}</dd></div>')
        out.append("</dl></div>")
        return "".join(out)

    def add_to_compare(self, shown: str | None, selected: list[str] | None, ids: list[str]) -> Any:
        """The card on screen joins the comparison (the oldest pick leaves when there are already four)."""
        chosen = [i for i in (selected or []) if isinstance(i, str)]
        if shown and shown not in chosen:
            chosen = (chosen + [shown])[-4:]
        picked = self.cards_of(chosen)
        rows = self.cards_of(ids)
        known = {c.article_id for c in rows}
        return gr.update(choices=self.case_choices(rows + [c for c in picked if c.article_id not in known]),
                         value=[c.article_id for c in picked])

    def add_to_compare_ui(self, shown: str | None, selected: list[str] | None, ids: list[str],
                          lang: str) -> tuple[Any, str]:
        """"加入对比" with a confirmation of what happened: added (n of 4), already there, or added with
        the oldest pick dropped."""
        chosen = [i for i in (selected or []) if isinstance(i, str)]
        update = self.add_to_compare(shown, chosen, ids)
        card = self.store.card(shown) if shown else None
        if card is None:
            return update, ""
        n = len(update["value"])
        if shown in chosen:
            return update, esc(self.t(lang, "compare_already", title=card.title, n=n))
        dropped = [i for i in chosen if i not in update["value"]]
        if dropped:
            gone = self.store.card(dropped[0])
            return update, esc(self.t(lang, "compare_full", title=card.title,
                                      dropped=gone.title if gone else dropped[0]))
        return update, esc(self.t(lang, "compare_added", title=card.title, n=n))

    def render_compare(self, selected: list[str] | None, lang: str) -> str:
        """Side by side (`assistant.cases.compare`): one row per aspect, one column per case."""
        cards = self.cards_of(selected)
        if not 2 <= len(cards) <= 4:
            return f'<div class="gz-hint">{esc(self.t(lang, "compare_hint"))}</div>'
        rows = compare(cards)
        cases = [f"case{i + 1}" for i in range(len(cards))]
        titles = next((r for r in rows if r["aspect"] == "title"), {c: card.title for c, card in zip(cases, cards)})
        head = "".join(f"<th>{esc(titles[c])}</th>" for c in cases)
        body = []
        for row in rows:
            aspect = row["aspect"]
            if aspect == "title":
                continue
            cells = []
            for c in cases:
                value = row[c]
                if aspect == "source":
                    name = PurePosixPath(value.replace("\\", "/")).name
                    cells.append(f'<td title="{esc(value)}">{esc(name)}</td>')
                else:
                    cells.append(f"<td>{esc(value) if value else '—'}</td>")
            label = self.t(lang, ASPECT_KEYS[aspect]) if aspect in ASPECT_KEYS else aspect
            body.append(f'<tr data-aspect="{esc(aspect)}"><td class="gz-aspect">{esc(label)}</td>{"".join(cells)}</tr>')
        return (f'<div class="gz-compare" data-cases="{len(cards)}"><table><thead><tr><th>{esc(self.t(lang, "aspect"))}'
                f'</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>')

    def export_cases(self, ids: list[str] | None, lang: str) -> list[str]:
        """The table as CSV and XLSX, and its references as GB/T 7714, BibTeX and CSL-JSON (as the CLI writes them)."""
        cards = self.cards_of(ids)
        if not cards:
            raise gr.Error(self.t(lang, "export_cases_none"), title=self.t(lang, "error_title"))
        folder = self._export_dir()
        table = folder / "gongzhi-cases.csv"
        table.write_text(cases_csv(cards), encoding="utf-8")
        sheet = cases_xlsx(cards, folder / "gongzhi-cases.xlsx")
        articles = [a for a in (self.store.article(c.article_id) for c in cards) if a]
        refs = self.write_references(articles, "gongzhi-cases-references", folder)
        return [str(table), str(sheet), *refs.values()]
