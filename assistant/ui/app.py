"""The web app: the page (header, language toggle, four tabs) composed from one component per tab.

Each tab is a class holding its dependencies (the assistant and its store, the page's `Translations`,
and the shared pieces it needs: facets, the per-generation memo, downloads, feedback) with `build()`,
which creates its widgets inside the page's gr.Blocks, and `wire()`, which connects their events.
What crosses tabs is wired here: a library change refreshes every tab and searches the cases again;
the language toggle relabels every translated widget and re-renders the panels. Gradio's API exposes
`ask` only, which returns exactly what `python -m assistant ask --json` prints.

To add a tab: a class in assistant/ui/<name>_tab.py taking what it reads (the assistant, `texts`, and the
shared pieces it needs) with `build()` (widgets inside `with texts.labelled(gr.Tab, "tab_<name>", id=...)`,
every translated text through `texts.labelled` or `texts.heading`, its keys in text.py in both languages)
and `wire(lang)`; if it shows the collection's contents, `refreshed` and `refresh(lang)`. Then add it to
`GongzhiApp.tabs` (and to `refreshed`/`refresh` below).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from assistant.answer import Assistant
from assistant.feedback import FeedbackStore
from assistant.ui.answer_view import AnswerView
from assistant.ui.assets import CSS, theme
from assistant.ui.cases_tab import CasesTab
from assistant.ui.chat_tab import ChatTab
from assistant.ui.course_tab import CourseTab
from assistant.ui.downloads import Downloads
from assistant.ui.examples import ExampleQuestions
from assistant.ui.filters import Facets, filters_from
from assistant.ui.library_tab import LibraryTab
from assistant.ui.markup import esc
from assistant.ui.memo import GenerationMemo
from assistant.ui.queues import PRIVATE
from assistant.ui.text import TITLE
from assistant.ui.translations import Translations, t
from vectorstore.records import Article
from vectorstore.settings import Settings, get_settings

PAGE_LANG = "zh"  # the language the page is built in; the toggle switches it per session


class _Forward:
    """`name = _Forward("chat_tab")` in GongzhiApp: `app.name` is `app.chat_tab.name`. The handlers stay
    reachable on the app, where tests and scripts call them."""

    def __init__(self, component: str) -> None:
        self.component = component
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, app: Any, owner: type | None = None) -> Any:
        if app is None:
            return self
        return getattr(getattr(app, self.component), self.name)


class GongzhiApp:
    """The web UI. `demo` is the gr.Blocks; `launch()` serves it."""

    def __init__(self, settings: Settings | None = None, assistant: Assistant | None = None) -> None:
        self.settings = settings or (assistant.settings if assistant else get_settings())
        self.assistant = assistant or Assistant(self.settings)
        self.store = self.assistant.store
        self.feedback = FeedbackStore.for_store(self.store.root)
        self.texts = Translations(PAGE_LANG)
        self.memo = GenerationMemo(self.store)
        self.facets = Facets(self.store, self.memo)
        self.downloads = Downloads()
        self.answers = AnswerView(self.store)
        self.example_questions = ExampleQuestions(self.assistant, self.facets, self.memo)
        self.chat_tab = ChatTab(self.assistant, self.texts, self.answers, self.facets, self.example_questions,
                                self.feedback, self.downloads)
        self.library_tab = LibraryTab(self.settings, self.store, self.texts, self.feedback, self.facets, self.memo)
        self.cases_tab = CasesTab(self.assistant, self.texts, self.facets, self.memo, self.downloads)
        self.course_tab = CourseTab(self.assistant, self.texts, self.downloads)
        self.demo = self._build()

    # --- the API (the same answer function as the CLI) ------------------------------------------------------

    def ask(self, question: str, district: str | None = None, street: str | None = None,
            practice: str | None = None, date_from: str | None = None, date_to: str | None = None,
            k: int | None = None, include_undated: bool = False) -> dict:
        """Answer a question from the collection, with citations.

        Returns the same JSON as `python -m assistant ask --json`. Optional filters narrow retrieval:
        district (e.g. 静安区), street (街道/镇), practice tag (e.g. 共治金), date_from/date_to (YYYY-MM-DD);
        include_undated keeps reports without a date in a date range.
        """
        filters = filters_from(district, street, practice, date_from, date_to, include_undated)
        return self.assistant.ask(question, k=k or None, filters=filters).model_dump()

    t = staticmethod(t)

    def is_empty(self) -> bool:
        return self.store.is_empty()

    def examples(self, lang: str) -> list[str]:
        """The example questions shown over the chat (only those the collection answers fully)."""
        return self.example_questions.shown(lang)

    def render_header(self, lang: str) -> str:
        counts = self.store.counts(vectors=False)
        title = TITLE if lang == "zh" else "Gongzhi 共治 · Community-governance Q&A"
        return (f'<div class="gz-header"><h1>{esc(title)}</h1><div class="gz-sub">{esc(t(lang, "subtitle"))}'
                f'</div><div class="gz-store">{esc(t(lang, "store_line", **counts))}</div></div>')

    # --- the tabs' handlers, reachable on the app --------------------------------------------------------

    render_answer = _Forward("answers")
    render_sources = _Forward("answers")
    render_article = _Forward("answers")
    citation_groups = _Forward("answers")
    street_choices = _Forward("facets")
    filter_choices = _Forward("facets")
    respond = _Forward("chat_tab")
    on_cite = _Forward("chat_tab")
    on_like = _Forward("chat_tab")
    save_comment = _Forward("chat_tab")
    on_answered = _Forward("chat_tab")
    on_cite_references = _Forward("chat_tab")
    undated_note = _Forward("chat_tab")
    uploads = _Forward("library_tab")
    admin_required = _Forward("library_tab")
    admin_login = _Forward("library_tab")
    upload = _Forward("library_tab")
    reindex = _Forward("library_tab")
    remove = _Forward("library_tab")
    correction_fields = _Forward("library_tab")
    correct = _Forward("library_tab")
    export_feedback = _Forward("library_tab")
    library_search = _Forward("library_tab")
    articles_frame = _Forward("library_tab")
    article_choices = _Forward("library_tab")
    library_hint = _Forward("library_tab")
    cases = _Forward("cases_tab")
    case_query = _Forward("cases_tab")
    find_cases = _Forward("cases_tab")
    on_case_select = _Forward("cases_tab")
    render_case_card = _Forward("cases_tab")
    render_compare = _Forward("cases_tab")
    add_to_compare = _Forward("cases_tab")
    add_to_compare_ui = _Forward("cases_tab")
    export_cases = _Forward("cases_tab")
    year_choices = _Forward("cases_tab")
    actor_choices = _Forward("cases_tab")
    course = _Forward("course_tab")

    def write_references(self, articles: list[Article], stem: str, folder: Path | None = None) -> dict[str, str]:
        return self.downloads.references(articles, stem, folder)

    # --- the page ------------------------------------------------------------------------------------------

    @property
    def tabs(self) -> list[Any]:
        return [self.chat_tab, self.library_tab, self.cases_tab, self.course_tab]

    def _build(self) -> gr.Blocks:
        with gr.Blocks(title=TITLE) as demo:
            with gr.Row(equal_height=False, elem_id="gz-header-row"):
                self.header = gr.HTML(self.render_header(PAGE_LANG), elem_id="gz-header")
                self.lang = gr.Radio([("中文", "zh"), ("English", "en")], value=PAGE_LANG, label=t(PAGE_LANG, "lang"),
                                     show_label=False, container=False, elem_id="gz-lang", scale=0, min_width=240)
            with gr.Tabs():
                for tab in self.tabs:
                    tab.build()
            self._wire(demo)
        return demo

    def _wire(self, demo: gr.Blocks) -> None:
        lang = self.lang
        self.chat_tab.wire(lang)
        self.cases_tab.wire(lang)
        self.course_tab.wire(lang)
        self.library_tab.wire(lang, after_change=self._after_change)
        self.cases_tab.search_after(demo.load(self.refresh, [lang], self.refreshed, **PRIVATE),
                                    show_progress="hidden")
        # The language toggle relabels every translated widget, and re-renders the panels.
        switched = lang.change(self.switch, [lang, self.chat_tab.turns, self.chat_tab.article],
                               self.texts.widgets + self.chat_tab.relabelled + self.refreshed, **PRIVATE)
        self.cases_tab.relabel_after(switched)
        gr.api(self.ask, api_name="ask", concurrency_id="answer", concurrency_limit=1)

    @property
    def refreshed(self) -> list[Any]:
        """Everything that depends on the collection's contents, refreshed on load and after changes."""
        return [self.header, *self.chat_tab.refreshed, *self.library_tab.refreshed, *self.cases_tab.refreshed]

    def refresh(self, lang: str) -> list[Any]:
        return [self.render_header(lang), *self.chat_tab.refresh(lang), *self.library_tab.refresh(lang),
                *self.cases_tab.refresh(lang)]

    def _after_change(self, event: Any) -> Any:
        """After a library change: every tab refreshed, then the cases searched again."""
        return self.cases_tab.search_after(event.then(self.refresh, [self.lang], self.refreshed,
                                                      api_visibility="private"))

    def switch(self, lang: str, turns: list, article_html: str | None) -> list[Any]:
        return self.texts.updates(lang) + self.chat_tab.relabel(lang, turns, article_html) + self.refresh(lang)

    # --- serving -------------------------------------------------------------------------------------------

    def launch(self, **overrides: Any) -> Any:
        """Serve the app; `overrides` (server_name, server_port, prevent_thread_lock…) win."""
        options: dict[str, Any] = {"server_name": self.settings.server.host, "server_port": self.settings.server.port}
        options.update(overrides)
        return self.demo.launch(css=CSS, theme=theme(), ssr_mode=False, max_file_size="200mb",
                                mcp_server=False, footer_links=["api", "settings"], **options)

    def close(self) -> None:
        self.demo.close()
        self.downloads.close()
