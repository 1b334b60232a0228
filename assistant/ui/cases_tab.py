"""The 案例 tab: search the case cards by place, practice, year, actor type, funding or a question, show
one with its cited sentences, compare up to four side by side, export the table and its references
(the same functions as `python -m assistant cases`)."""
from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

import gradio as gr
import pandas as pd

from assistant.cases import ACTOR_TYPES, CaseQuery, card_row, card_year, case_years, compare, search_cases
from assistant.export import cases_csv, cases_xlsx, gbt7714
from assistant.answer import Assistant
from assistant.ui.queues import ANSWER_QUEUE, PRIVATE
from assistant.ui.downloads import Downloads
from assistant.ui.filters import Facets
from assistant.ui.markup import esc, excerpt
from assistant.ui.memo import GenerationMemo
from assistant.ui.translations import Translations, t
from assistant.ui.text import ACTOR_EN, TEXT
from vectorstore.records import Card, CardField
from vectorstore.store import StoreError

CASES_LIMIT = 200  # rows in the case table
# The case table's columns in px, not %: Gradio turns percentages into pixels of the screen's width, which
# left one-character columns on a phone. On a narrow screen the table scrolls sideways instead.
CASE_COLUMNS = ["240px", "90px", "110px", "130px", "70px", "160px", "220px", "130px", "140px"]
CARD_FIELDS = ("practice", "place", "year", "actors", "funding", "mechanism", "counts", "outcomes")
# Where a sentence read for several fields is quoted: the most specific field first.
QUOTE_ORDER = ("funding", "counts", "mechanism", "outcomes", "actors", "year", "place", "practice")
ASPECT_KEYS = {"title": "col_title", "district": "col_district", "street": "col_street",
               "residential": "col_residential", "year": "col_year", "practices": "col_practices",
               "actors": "col_actors", "funding": "col_funding", "mechanism": "col_mechanism",
               "outcomes": "col_outcomes", "source": "col_file"}


class CasesTab:
    """The case search and its handlers. `build()` creates the widgets inside the caller's gr.Blocks;
    `wire(lang)` connects their events; then `search_after(event)` searches again after another tab's
    change and `relabel_after(event)` after a language change."""

    def __init__(self, assistant: Assistant, texts: Translations, facets: Facets, memo: GenerationMemo,
                 downloads: Downloads) -> None:
        self.assistant = assistant
        self.store = assistant.store
        self.texts = texts
        self.facets = facets
        self.memo = memo
        self.downloads = downloads
        self.lang: gr.Radio | None = None  # the page's language toggle, given to wire()

    # --- layout ------------------------------------------------------------------------------------------

    def build(self) -> None:
        tr, lang = self.texts, self.texts.lang
        with tr.labelled(gr.Tab, "tab_cases", id="cases"):
            tr.heading("cases_title", hint="cases_intro")
            self._build_filters()
            initial = self.cases(CaseQuery())
            self.case_ids = gr.State([c.article_id for c in initial])
            self.case_shown = gr.State(None)
            self.case_status = gr.Markdown(self.cases_status(len(initial), lang), elem_id="gz-case-status")
            self.case_table = gr.Dataframe(self.cases_frame(initial, lang), interactive=False, wrap=True,
                                           max_height=420, max_chars=120, elem_id="gz-cases",
                                           column_widths=CASE_COLUMNS)
            with gr.Row(equal_height=True):
                self.case_export = tr.labelled(gr.Button, "export_cases", elem_id="gz-case-export", scale=0,
                                               min_width=180)
                self.case_files = tr.labelled(gr.File, "export_cases_label", file_count="multiple",
                                              interactive=False, visible=False, scale=3, elem_id="gz-case-files")
            with gr.Row(equal_height=False):
                with gr.Column(scale=3, min_width=380):
                    self.case_card = gr.HTML(self.render_case_card(None, lang), elem_id="gz-case-card", padding=False)
                    self.case_add = tr.labelled(gr.Button, "add_compare", size="sm", visible=False,
                                                elem_id="gz-case-add")
                    self.case_add_status = gr.Markdown("", elem_id="gz-case-add-status")
                with gr.Column(scale=4, min_width=420):
                    tr.heading("compare_title", level=4)
                    self.case_pick = tr.labelled(gr.Dropdown, "compare_label", choices=self.case_choices(initial),
                                                 value=[], multiselect=True, max_choices=4, elem_id="gz-compare-pick")
                    self.case_compare = gr.HTML(self.render_compare([], lang), elem_id="gz-compare", padding=False)

    def _build_filters(self) -> None:
        tr, lang = self.texts, self.texts.lang
        with gr.Row(equal_height=True):
            self.case_query_box = tr.labelled(gr.Textbox, "cases_query", placeholder="cases_query_placeholder",
                                              elem_id="gz-case-query", scale=6, lines=1, max_lines=2)
            self.case_search = tr.labelled(gr.Button, "cases_search", variant="primary", scale=0, min_width=140,
                                           elem_id="gz-case-search")
        with gr.Row():
            self.case_district, self.case_street, self.case_practice = self.facets.dropdowns(lang, "gz-case-")
            self.case_year = gr.Dropdown(self.year_choices(lang), value="", label=t(lang, "year"),
                                         elem_id="gz-case-year")
            self.case_actor = gr.Dropdown(self.actor_choices(lang), value="", label=t(lang, "actor"),
                                          elem_id="gz-case-actor")
        with gr.Row(equal_height=True):
            self.case_funding = tr.labelled(gr.Checkbox, "funding_only", value=False, elem_id="gz-case-funding")
            self.case_clear = tr.labelled(gr.Button, "clear_filters", size="sm", elem_id="gz-case-clear")

    # --- events ------------------------------------------------------------------------------------------

    @property
    def case_filters(self) -> list[Any]:
        return [self.case_district, self.case_street, self.case_practice, self.case_year, self.case_actor,
                self.case_funding, self.case_query_box]

    @property
    def search_inputs(self) -> list[Any]:
        return [self.lang, *self.case_filters, self.case_pick]

    @property
    def search_outputs(self) -> list[Any]:
        return [self.case_table, self.case_ids, self.case_status, self.case_pick, self.case_files]

    def search_after(self, event: Any, **options: Any) -> Any:
        """Search again, with the filters on screen, once `event` is done (the collection changed)."""
        return event.then(self.find_cases, self.search_inputs, self.search_outputs, **ANSWER_QUEUE, **options)

    def wire(self, lang: gr.Radio) -> None:
        """Every filter change searches again (retrieval shares the answer queue)."""
        self.lang = lang
        # A new district first resets the street (its choices narrowed), then searches with both.
        self.search_after(self.case_district.input(self.facets.street_choices, [self.case_district, lang],
                                                   [self.case_street], api_visibility="private"))
        gr.on([self.case_street.input, self.case_practice.input, self.case_year.input, self.case_actor.input,
               self.case_funding.input, self.case_query_box.submit, self.case_search.click], self.find_cases,
              self.search_inputs, self.search_outputs, **ANSWER_QUEUE)
        self.search_after(self.case_clear.click(lambda: ("", "", "", "", "", False, ""), None, self.case_filters,
                                                api_visibility="private"))
        self.case_table.select(self.on_case_select, [self.case_ids, lang],
                               [self.case_card, self.case_shown, self.case_add], api_visibility="private").then(
            lambda: "", None, [self.case_add_status], **PRIVATE)
        self.case_add.click(self.add_to_compare_ui, [self.case_shown, self.case_pick, self.case_ids, lang],
                            [self.case_pick, self.case_add_status], api_visibility="private")
        self.case_pick.change(self.render_compare, [self.case_pick, lang], [self.case_compare], **PRIVATE)
        self.case_export.click(lambda ids, lg: gr.update(value=self.export_cases(ids, lg), visible=True),
                               [self.case_ids, lang], [self.case_files], api_visibility="private")

    @property
    def refreshed(self) -> list[Any]:
        """The filter dropdowns, whose choices follow the collection (see `refresh`)."""
        return [self.case_district, self.case_street, self.case_practice, self.case_year, self.case_actor]

    def refresh(self, lang: str) -> list[Any]:
        return [*self.facets.updates(lang), gr.update(choices=self.year_choices(lang), label=t(lang, "year")),
                gr.update(choices=self.actor_choices(lang), label=t(lang, "actor"))]

    def relabel_after(self, event: Any) -> Any:
        """After a language change: the table, status, card and comparison in the new language (exports
        stay as they are)."""
        return event.then(self.relabel, [*self.search_inputs, self.case_shown],
                          [*self.search_outputs[:4], self.case_card, self.case_compare], **ANSWER_QUEUE,
                          show_progress="hidden")

    def relabel(self, lang: str, *args: Any) -> tuple[Any, ...]:
        *filters, picked, shown = args
        return (*self.find_cases(lang, *filters, picked)[:4], self.render_case_card(shown, lang),
                self.render_compare(picked, lang))

    # --- handlers ----------------------------------------------------------------------------------------

    @staticmethod
    def case_query(district: str | None = None, street: str | None = None, practice: str | None = None,
                   year: str | int | None = None, actor: str | None = None, funding: bool = False,
                   query: str | None = None) -> CaseQuery:
        return CaseQuery(district=district or None, street=street or None, practice=practice or None,
                         year=str(year) if year not in (None, "") else None, actor=actor or None,
                         funding=bool(funding), query=(query or "").strip() or None)

    def cases(self, q: CaseQuery, limit: int = CASES_LIMIT) -> list[Card]:
        """The case cards matching a query: `assistant.cases.search_cases`, as `python -m assistant cases`."""
        if self.store.is_empty():
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
        return pd.DataFrame(rows, columns=[t(lang, ASPECT_KEYS[k]) for k in keys] + [t(lang, "col_id")])

    def cases_status(self, n: int, lang: str) -> str:
        if n == 0:
            return t(lang, "cases_none")
        return t(lang, "cases_found", n=n) + (t(lang, "cases_capped", n=n) if n >= CASES_LIMIT else "")

    @staticmethod
    def case_choices(cards: list[Card]) -> list[tuple[str, str]]:
        return [(f"{c.title} — {c.place.label() or '?'}" + (f" {card_year(c)}" if card_year(c) else ""), c.article_id)
                for c in cards]

    def year_choices(self, lang: str) -> list[tuple[str, str]]:
        years = self.memo.get("case_years", lambda: case_years(self.store))
        return [(t(lang, "any"), "")] + [(y, y) for y in years]

    def actor_choices(self, lang: str) -> list[tuple[str, str]]:
        return [(t(lang, "any"), "")] + [((f"{a} · {ACTOR_EN.get(a, a)}" if lang == "en" else a), a)
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
            return f'<span class="gz-kind">{esc(t(lang, kind))}</span>{esc(rest)}'
        return esc(value)

    def render_case_card(self, article_id: str | None, lang: str) -> str:
        """A case card: every field's values, each with its cited sentence marked inside its passage."""
        card = self.store.card(article_id) if article_id else None
        if card is None:
            key = "card_gone" if article_id else "card_hint"
            return f'<div class="gz-hint" id="gz-case-empty">{esc(t(lang, key))}</div>'
        article = self.store.article(card.article_id)
        year = card_year(card)
        name = PurePosixPath(card.source.replace("\\", "/")).name
        meta = [f'<span class="gz-place">{esc(card.place.label() or t(lang, "place_unknown"))}</span>',
                f'<span class="gz-date">{esc(card.published or year or t(lang, "date_unknown"))}</span>']
        if article is not None and article.publication:
            meta.append(f'<span class="gz-pub">{esc(article.publication)}</span>')
        meta.append(f'<span class="gz-file" title="{esc(card.source)}">{esc(name)}</span>')
        out = [f'<div class="gz-case" data-article="{esc(card.article_id)}">',
               f'<div class="gz-hint">{esc(t(lang, "card_title"))}</div><h3>{esc(card.title)}</h3>',
               f'<div class="gz-meta">{" · ".join(meta)}</div>']
        if article is not None:
            out.append(f'<div class="gz-case-ref">{esc(t(lang, "card_reference"))}{esc(gbt7714(article))}</div>')
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
                    values.append(f'<div class="gz-same">{esc(t(lang, "same_sentence", field=home_label))}</div>')
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
            return update, esc(t(lang, "compare_already", title=card.title, n=n))
        dropped = [i for i in chosen if i not in update["value"]]
        if dropped:
            gone = self.store.card(dropped[0])
            return update, esc(t(lang, "compare_full", title=card.title,
                                      dropped=gone.title if gone else dropped[0]))
        return update, esc(t(lang, "compare_added", title=card.title, n=n))

    def render_compare(self, selected: list[str] | None, lang: str) -> str:
        """Side by side (`assistant.cases.compare`): one row per aspect, one column per case."""
        cards = self.cards_of(selected)
        if not 2 <= len(cards) <= 4:
            return f'<div class="gz-hint">{esc(t(lang, "compare_hint"))}</div>'
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
            label = t(lang, ASPECT_KEYS[aspect]) if aspect in ASPECT_KEYS else aspect
            body.append(f'<tr data-aspect="{esc(aspect)}"><td class="gz-aspect">{esc(label)}</td>{"".join(cells)}</tr>')
        return (f'<div class="gz-compare" data-cases="{len(cards)}"><table><thead><tr><th>{esc(t(lang, "aspect"))}'
                f'</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>')

    def export_cases(self, ids: list[str] | None, lang: str) -> list[str]:
        """The table as CSV and XLSX, and its references as GB/T 7714, BibTeX and CSL-JSON (as the CLI writes them)."""
        cards = self.cards_of(ids)
        if not cards:
            raise gr.Error(t(lang, "export_cases_none"), title=t(lang, "error_title"))
        folder = self.downloads.folder()
        table = folder / "gongzhi-cases.csv"
        table.write_text(cases_csv(cards), encoding="utf-8")
        sheet = cases_xlsx(cards, folder / "gongzhi-cases.xlsx")
        articles = [a for a in (self.store.article(c.article_id) for c in cards) if a]
        refs = self.downloads.references(articles, "gongzhi-cases-references", folder)
        return [str(table), str(sheet), *refs.values()]
