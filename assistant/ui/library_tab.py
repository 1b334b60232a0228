"""The 资料库 tab: the admin login, uploads (a zip is read in place by the ingest, within its limits),
re-indexing, removal, corrections of a report's title, newspaper and date, the feedback export, and the
library's statistics, charts and table."""
from __future__ import annotations

import hmac
import json
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

import gradio as gr
import pandas as pd

from assistant.feedback import FeedbackStore
from assistant.ui.downloads import safe_name
from assistant.ui.filters import Facets
from assistant.ui.launch import admin_credentials
from assistant.ui.markup import esc
from assistant.ui.memo import GenerationMemo
from assistant.ui.queues import ADMIN_QUEUE
from assistant.ui.translations import Translations, t
from ingest import readers
from ingest.enrich import normalise_date
from ingest.pipeline import ingest_paths
from ingest.readers import is_supported, iter_files, source_paths
from vectorstore.settings import Settings
from vectorstore.store import Store, StoreError

LIBRARY_PAGE = 200  # rows in the library table (the rest are found by searching)
LIBRARY_COLUMNS = ["260px", "80px", "110px", "200px", "100px", "220px", "150px"]  # px, as the case table's
# A library change, as an event the page chains its refresh of every tab to.
AfterChange = Callable[[Any], Any]


def upload_types() -> list[str]:
    """What the Library tab accepts: every format the ingest readers support, plus zip archives."""
    supported = getattr(readers, "SUPPORTED_SUFFIXES", None) or (
        readers.TEXT_SUFFIXES | readers.HTML_SUFFIXES | readers.JSONL_SUFFIXES)
    return sorted(set(supported) - {".zip"}, key=lambda x: (x.count("."), x)) + [".zip"]


class LibraryTab:
    """The library and its admin actions. With admin credentials configured, changes need the admin login
    in this tab; asking questions never does (a deployment that must be private puts its login in a proxy)."""

    def __init__(self, settings: Settings, store: Store, texts: Translations, feedback: FeedbackStore,
                 facets: Facets, memo: GenerationMemo) -> None:
        self.settings = settings
        self.store = store
        self.texts = texts
        self.feedback = feedback
        self.facets = facets
        self.memo = memo
        self.uploads = Path(store.root) / "uploads"
        self.admin_required = admin_credentials(settings) is not None

    # --- layout ------------------------------------------------------------------------------------------

    def build(self) -> None:
        tr = self.texts
        with tr.labelled(gr.Tab, "tab_library", id="library"):
            self.admin_session = gr.State(not self.admin_required)  # server-side, per browser session
            self._build_admin()
            self._build_overview()
            self.library_status = gr.Markdown("", elem_id="gz-library-status")
            self._build_articles()
            with tr.labelled(gr.Accordion, "correct_title", open=False, elem_id="gz-correct"):
                self._build_correction()
            with gr.Row(equal_height=True):
                self.export_btn = tr.labelled(gr.Button, "export", elem_id="gz-export", scale=1)
                self.export_file = tr.labelled(gr.File, "export_label", interactive=False, scale=3, visible=False,
                                               elem_id="gz-export-file")

    def _build_admin(self) -> None:
        tr = self.texts
        with gr.Group(visible=self.admin_required, elem_id="gz-admin"):
            tr.heading("admin_title", hint="admin_hint")
            with gr.Row(equal_height=True):
                self.admin_user = tr.labelled(gr.Textbox, "admin_user", elem_id="gz-admin-user", scale=2)
                self.admin_password = tr.labelled(gr.Textbox, "admin_password", type="password",
                                                  elem_id="gz-admin-password", scale=2)
                self.admin_login_btn = tr.labelled(gr.Button, "admin_login", elem_id="gz-admin-login", scale=1)
            self.admin_status = gr.Markdown("", elem_id="gz-admin-status")

    def _build_overview(self) -> None:
        tr, lang = self.texts, self.texts.lang
        tr.heading("lib_stats")
        self.stats = gr.HTML(self.stats_html(lang), elem_id="gz-stats")
        with gr.Row():
            self.by_district = gr.BarPlot(**self.chart("district", lang), elem_id="gz-by-district")
            self.by_practice = gr.BarPlot(**self.chart("practice", lang), elem_id="gz-by-practice")
        tr.heading("upload_title")
        types = upload_types()
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                self.files = tr.labelled(gr.File, "upload_label", file_count="multiple", elem_id="gz-files",
                                         file_types=sorted({"." + x.rsplit(".", 1)[-1] for x in types}))
                tr.labelled(gr.Markdown, lambda text: text("upload_types", types=" ".join(types)),
                            elem_id="gz-upload-types", elem_classes=["gz-date-note"])
            with gr.Column(scale=1):
                self.ingest_btn = tr.labelled(gr.Button, "ingest", variant="primary", elem_id="gz-ingest")
                self.reindex_btn = tr.labelled(gr.Button, "reindex", elem_id="gz-reindex")
                tr.labelled(gr.Markdown, "reindex_help")

    def _build_articles(self) -> None:
        tr, lang = self.texts, self.texts.lang
        tr.heading("articles_title")
        self.library_query = tr.labelled(gr.Textbox, "library_search", elem_id="gz-library-search")
        first_page, first_choices, first_hint = self.library_view(lang)
        self.library_hint_text = gr.Markdown(first_hint, elem_id="gz-library-hint")
        self.table = gr.Dataframe(first_page, interactive=False, wrap=True, max_height=360,
                                  column_widths=LIBRARY_COLUMNS, elem_id="gz-articles")
        with gr.Row(equal_height=True):
            self.remove_choice = tr.labelled(gr.Dropdown, "remove_label", choices=first_choices, value=None,
                                             elem_id="gz-remove-choice", scale=4)
            self.remove_btn = tr.labelled(gr.Button, "remove", variant="stop", elem_id="gz-remove", scale=1)

    def _build_correction(self) -> None:
        tr = self.texts
        tr.labelled(gr.Markdown, "correct_hint", elem_classes=["gz-date-note"])
        with gr.Row(equal_height=True):
            self.correct_title = tr.labelled(gr.Textbox, "correct_field_title", scale=4, elem_id="gz-correct-title")
            self.correct_publication = tr.labelled(gr.Textbox, "correct_field_publication", scale=2,
                                                   elem_id="gz-correct-publication")
            # (the example date is the same in both languages: given to the widget, not translated)
            self.correct_date = tr.labelled(partial(gr.Textbox, placeholder="2019-11-22"), "correct_field_date",
                                            scale=1, min_width=140, elem_id="gz-correct-date")
        with gr.Row(equal_height=True):
            self.correct_btn = tr.labelled(gr.Button, "correct_save", elem_id="gz-correct-save", scale=0,
                                           min_width=160)
            self.correct_status = gr.Markdown("", elem_id="gz-correct-status")

    # --- events ------------------------------------------------------------------------------------------

    def wire(self, lang: gr.Radio, after_change: AfterChange) -> None:
        """The tab's events; `after_change(event)` chains what follows a change of the collection (the page
        refreshes every tab) and returns the last event."""
        gr.on([self.admin_login_btn.click, self.admin_password.submit], self.on_login,
              [self.admin_user, self.admin_password, lang], [self.admin_session, self.admin_status,
                                                              self.admin_password], api_visibility="private")
        self.library_query.submit(self.library_search, [self.library_query, lang],
                                  [self.table, self.remove_choice, self.library_hint_text], api_visibility="private")
        after_change(self.ingest_btn.click(self.on_upload, [self.files, lang, self.admin_session],
                                           [self.library_status], **ADMIN_QUEUE).then(
            lambda: None, None, [self.files], api_visibility="private"))
        after_change(self.reindex_btn.click(self.on_reindex, [lang, self.admin_session], [self.library_status],
                                            **ADMIN_QUEUE))
        after_change(self.remove_btn.click(self.remove, [self.remove_choice, lang, self.admin_session],
                                           [self.library_status], **ADMIN_QUEUE))
        self.export_btn.click(self.on_export, [lang, self.admin_session], [self.export_file], **ADMIN_QUEUE)
        self.remove_choice.change(self.correction_fields, [self.remove_choice],
                                  [self.correct_title, self.correct_publication, self.correct_date,
                                   self.correct_status], api_visibility="private", show_progress="hidden")
        after_change(self.correct_btn.click(self.correct, [self.remove_choice, self.correct_title,
                                                           self.correct_publication, self.correct_date, lang,
                                                           self.admin_session], [self.correct_status],
                                            **ADMIN_QUEUE))

    # Admin actions read the session's login (server-side gr.State); Gradio injects the progress tracker.
    def on_upload(self, file_list: list[str] | None, lang: str, is_admin: bool,
                  progress: gr.Progress = gr.Progress()) -> str:  # noqa: B008
        return self.upload(file_list, lang, is_admin, progress)

    def on_reindex(self, lang: str, is_admin: bool, progress: gr.Progress = gr.Progress()) -> str:  # noqa: B008
        return self.reindex(lang, is_admin, progress)

    def on_export(self, lang: str, is_admin: bool) -> dict:
        return gr.update(value=self.export_feedback(lang, is_admin), visible=True)

    def on_login(self, user: str, password: str, lang: str) -> tuple[bool, str, str]:
        ok, status = self.admin_login(user, password, lang)
        return ok, status, ""  # the password box is emptied either way

    @property
    def refreshed(self) -> list[Any]:
        """The widgets that follow the collection's contents (see `refresh`)."""
        return [self.stats, self.by_district, self.by_practice, self.table, self.remove_choice, self.library_query,
                self.library_hint_text]

    def refresh(self, lang: str) -> list[Any]:
        """Updates for `refreshed`: counts, charts and the first page of the table; the search box emptied."""
        table, choices, hint = self.library_search("", lang)
        return [self.stats_html(lang), gr.BarPlot(**self.chart("district", lang)),
                gr.BarPlot(**self.chart("practice", lang)), table, choices, "", hint]

    # --- handlers ----------------------------------------------------------------------------------------

    def _require_admin(self, admin: bool, lang: str) -> None:
        if self.admin_required and admin is not True:
            raise gr.Error(t(lang, "admin_only"), title=t(lang, "error_title"))

    def admin_login(self, user: str | None, password: str | None, lang: str) -> tuple[bool, str]:
        """The Library tab's login: (is this session admin now, status). Compared in constant time; a
        wrong attempt costs a second, which slows guessing."""
        if not self.admin_required:
            return True, ""
        expected_user, expected_password = admin_credentials(self.settings) or ("", "")
        ok = hmac.compare_digest((user or "").encode(), expected_user.encode())
        ok = hmac.compare_digest((password or "").encode(), expected_password.encode()) and ok
        if not ok:
            time.sleep(1)
            return False, t(lang, "admin_failed")
        return True, t(lang, "admin_ok", user=esc(expected_user))

    def stage_uploads(self, files: list[str], lang: str = "zh") -> tuple[list[Path], list[str]]:
        """Copy uploads into <store>/uploads so sources stay stable. A zip is copied whole: the ingest reads
        it in place (ingest/formats/archive.py), so uploads and `python -m ingest` share one set of zip
        limits and refusals (unsafe paths, bombs), which the import report lists."""
        targets: list[Path] = []
        skipped: list[str] = []
        self.uploads.mkdir(parents=True, exist_ok=True)
        for raw in files or []:
            path = Path(raw if isinstance(raw, str) else getattr(raw, "name", raw))
            if is_supported(path):
                dest = self.uploads / safe_name(path.name)
                shutil.copyfile(path, dest)
                targets.append(dest)
            else:
                skipped.append(path.name)
        return targets, skipped

    def upload(self, files: list[str] | None, lang: str, admin: bool = False,
               progress: gr.Progress | None = None) -> str:
        self._require_admin(admin, lang)
        progress = progress or (lambda *a, **k: None)
        if not files:
            raise gr.Error(t(lang, "ingest_none"), title=t(lang, "error_title"))
        targets, skipped = self.stage_uploads(files, lang)
        total = max(1, len(list(iter_files(targets))))
        progress((0, total), desc=t(lang, "ingesting"), unit="files")

        def on_file(i: int, path: str) -> None:
            progress((i - 1, total), desc=f"{t(lang, 'ingesting')} {Path(path).name}", unit="files")

        before = {str(p): self.store.file_hash(str(p)) for p in iter_files(targets)}
        try:
            report = ingest_paths(targets, self.store, self.settings.ingest.chunk_chars, progress=False,
                                  on_file=on_file)
        except StoreError as exc:
            raise gr.Error(esc(exc), title=t(lang, "error_title")) from exc
        progress((total, total), desc=t(lang, "ingesting"), unit="files")
        lines = [t(lang, "ingest_report", files=report.files, ingested=report.ingested,
                        unchanged=report.unchanged, articles=report.articles, chunks=report.chunks,
                        errors=len(report.errors))]
        lines += [f"- {line}" for line in self.already_there(before, lang)]
        lines += [f"- {esc(e)}" for e in report.errors]  # file names come from uploads: shown as text
        if skipped:
            lines.append(t(lang, "unsupported", names=esc(", ".join(skipped))))
        return "\n".join(lines)

    def already_there(self, before: dict[str, str | None], lang: str) -> list[str]:
        """For each uploaded file that added nothing — the same file as before, or the same bytes as a file
        already in the library — which report(s) it already is."""
        out = []
        for source, old_hash in before.items():
            canonical = self.store.canonical_of(source)
            if canonical is not None:
                holder = canonical
            elif old_hash is not None and self.store.file_hash(source) == old_hash:
                holder = source
            else:
                continue
            titles = self.store.titles_of_file(holder)
            shown = "、".join(f"《{t}》" for t in titles) or PurePosixPath(holder.replace("\\", "/")).name
            out.append(esc(t(lang, "already_there", name=PurePosixPath(source).name, titles=shown)))
        return out

    def correction_fields(self, article_id: str | None) -> tuple[Any, ...]:
        """A report chosen in the Library: its title, newspaper and date in the correction form."""
        article = self.store.article(article_id) if article_id else None
        if article is None:
            return "", "", "", gr.skip()
        return article.title, article.publication or "", article.published or "", ""

    def correct(self, article_id: str | None, title: str | None, publication: str | None, published: str | None,
                lang: str, admin: bool = False) -> str:
        """Save an admin's correction of a report's title, newspaper and date (kept on re-ingest)."""
        self._require_admin(admin, lang)
        if not article_id:
            raise gr.Error(t(lang, "correct_none"), title=t(lang, "error_title"))
        date = (published or "").strip()
        if date and not re.fullmatch(r"\d{4}", date):
            normal = normalise_date(date)
            if normal is None:
                raise gr.Error(esc(t(lang, "correct_bad_date", value=date)), title=t(lang, "error_title"))
            date = normal
        try:
            article = self.store.correct_article(article_id, title=title, publication=publication,
                                                 published=date if published is not None else None)
        except StoreError as exc:
            raise gr.Error(esc(exc), title=t(lang, "error_title")) from exc
        self.memo.clear()  # facets, years and examples read the corrected rows
        return esc(t(lang, "correct_saved", title=article.title, publication=article.publication or "—",
                          date=article.published or t(lang, "date_unknown")))

    def reindex(self, lang: str, admin: bool = False, progress: gr.Progress | None = None) -> str:
        self._require_admin(admin, lang)
        progress = progress or (lambda *a, **k: None)
        paths = sorted({path for s in self.store.sources() for path in source_paths(s)})
        existing = [p for p in paths if p.exists()]
        total = max(1, len(existing))

        def on_file(i: int, path: str) -> None:
            progress((i - 1, total), desc=f"{t(lang, 'reindex')} {Path(path).name}", unit="files")

        try:
            report = ingest_paths(existing, self.store, self.settings.ingest.chunk_chars, prune=True, progress=False,
                                  on_file=on_file)
        except StoreError as exc:
            raise gr.Error(esc(exc), title=t(lang, "error_title")) from exc
        return t(lang, "reindex_report", files=report.files, ingested=report.ingested, removed=report.removed)

    def remove(self, article_id: str | None, lang: str, admin: bool = False) -> str:
        self._require_admin(admin, lang)
        if not article_id:
            raise gr.Error(t(lang, "remove_none"), title=t(lang, "error_title"))
        article = self.store.article(article_id)
        if article is None:
            raise gr.Error(t(lang, "article_gone"), title=t(lang, "error_title"))
        try:
            with self.store.writer_lock():
                self.store.remove_article(article_id)
                self.store.rebuild_keyword_index()
        except StoreError as exc:
            raise gr.Error(esc(exc), title=t(lang, "error_title")) from exc
        return t(lang, "removed", title=esc(article.title))

    def export_feedback(self, lang: str, admin: bool = False) -> str:
        self._require_admin(admin, lang)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = Path(tempfile.mkdtemp(prefix="gongzhi-feedback-")) / f"feedback-{stamp}.csv"
        return str(self.feedback.export_csv(path))

    # --- library views ------------------------------------------------------------------------------

    def stats_html(self, lang: str) -> str:
        counts = self.store.counts(vectors=False)
        fb = self.feedback.counts()
        stats = "".join(f'<div class="gz-stat"><b>{counts[k]}</b>{esc(t(lang, k))}</div>'
                        for k in ("articles", "chunks", "files"))
        return (f'<div class="gz-stats">{stats}</div><div class="gz-hint" style="margin-top:6px">'
                f'{esc(t(lang, "feedback_counts", **fb))}</div>')

    def facet_frame(self, facet: str) -> pd.DataFrame | None:
        rows = self.facets.counts()[facet][:20]
        if not rows:
            return None  # (a plot first given an empty frame never shows later data: start from None)
        return pd.DataFrame({"name": [r[0] for r in rows], "count": [int(r[1]) for r in rows]})

    def chart(self, facet: str, lang: str) -> dict[str, Any]:
        """Bar chart of articles per district or practice tag (complete props: Gradio drops data sent
        as a partial update together with new titles)."""
        return dict(value=self.facet_frame(facet), x="name", y="count", sort="-y", y_lim=[0, None], height=260,
                    title=t(lang, f"by_{facet}"), x_title=t(lang, facet), y_title=t(lang, "count"),
                    x_label_angle=-40 if facet == "practice" else 0)

    def library_view(self, lang: str, search: str = "") -> tuple[pd.DataFrame, list[tuple[str, str]], str]:
        """One page of reports (LIBRARY_PAGE), found by title/file/id when searching, from one query:
        (the table, the same reports as remove-dropdown choices, the "showing N of M" hint)."""
        rows, total = self.store.article_rows(search, LIBRARY_PAGE)
        cols = [t(lang, k) for k in ("col_title", "col_district", "col_street", "col_practices", "col_date",
                                          "col_file", "col_id")]
        frame = pd.DataFrame([[r["title"], r["district"] or "", r["street"] or "",
                               "、".join(json.loads(r["practices"])), r["published"] or "",
                               PurePosixPath(r["source"].replace("\\", "/")).name, r["id"]] for r in rows],
                             columns=cols)
        choices = [(f"{r['title']} — {r['district'] or '?'} ({r['id'][:8]})", r["id"]) for r in rows]
        if search.strip() and not total:
            hint = esc(t(lang, "library_none", search=search.strip()))
        else:
            hint = esc(t(lang, "library_shown", shown=len(rows), total=total)) if total > len(rows) else ""
        return frame, choices, hint

    def articles_frame(self, lang: str, search: str = "") -> pd.DataFrame:
        return self.library_view(lang, search)[0]

    def article_choices(self, search: str = "") -> list[tuple[str, str]]:
        return self.library_view("zh", search)[1]

    def library_hint(self, lang: str, search: str = "") -> str:
        return self.library_view(lang, search)[2]

    def library_search(self, search: str, lang: str) -> tuple[Any, ...]:
        """Search box → (table, remove choices, hint)."""
        frame, choices, hint = self.library_view(lang, search)
        return frame, gr.update(choices=choices, value=None), hint
