"""The Library tab's handlers: the admin login, uploads (a zip is read in place by the ingest, within its
limits), re-indexing, removal, the feedback export, and the library's statistics, charts and table. A mixin
of `GongzhiApp`, which provides `settings`, `store`, `feedback`, `uploads`, `admin_required`, `t` and `_facets`."""
from __future__ import annotations

import hmac
import json
import re
import shutil
import tempfile
import time
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

import gradio as gr
import pandas as pd

from assistant.ui.launch import admin_credentials
from assistant.ui.markup import esc
from ingest.enrich import normalise_date
from ingest.pipeline import ingest_paths
from ingest.readers import is_supported, iter_files
from vectorstore.store import StoreError

LIBRARY_PAGE = 200  # rows in the library table (the rest are found by searching)


def safe_name(name: str) -> str:
    """A file or folder name without separators or leading dots."""
    cleaned = re.sub(r"[\\/:\x00-\x1f]", "_", name).strip().lstrip(".")
    return cleaned or "upload"


class LibraryView:
    def _require_admin(self, admin: bool, lang: str) -> None:
        if self.admin_required and admin is not True:
            raise gr.Error(self.t(lang, "admin_only"), title=self.t(lang, "error_title"))

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
            return False, self.t(lang, "admin_failed")
        return True, self.t(lang, "admin_ok", user=esc(expected_user))

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
            raise gr.Error(self.t(lang, "ingest_none"), title=self.t(lang, "error_title"))
        targets, skipped = self.stage_uploads(files, lang)
        total = max(1, len(list(iter_files(targets))))
        progress((0, total), desc=self.t(lang, "ingesting"), unit="files")

        def on_file(i: int, path: str) -> None:
            progress((i - 1, total), desc=f"{self.t(lang, 'ingesting')} {Path(path).name}", unit="files")

        before = {str(p): self.store.file_hash(str(p)) for p in iter_files(targets)}
        try:
            report = ingest_paths(targets, self.store, self.settings.ingest.chunk_chars, progress=False,
                                  on_file=on_file)
        except StoreError as exc:
            raise gr.Error(esc(exc), title=self.t(lang, "error_title")) from exc
        progress((total, total), desc=self.t(lang, "ingesting"), unit="files")
        lines = [self.t(lang, "ingest_report", files=report.files, ingested=report.ingested,
                        unchanged=report.unchanged, articles=report.articles, chunks=report.chunks,
                        errors=len(report.errors))]
        lines += [f"- {line}" for line in self.already_there(before, lang)]
        lines += [f"- {esc(e)}" for e in report.errors]  # file names come from uploads: shown as text
        if skipped:
            lines.append(self.t(lang, "unsupported", names=esc(", ".join(skipped))))
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
            out.append(esc(self.t(lang, "already_there", name=PurePosixPath(source).name, titles=shown)))
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
            raise gr.Error(self.t(lang, "correct_none"), title=self.t(lang, "error_title"))
        date = (published or "").strip()
        if date and not re.fullmatch(r"\d{4}", date):
            normal = normalise_date(date)
            if normal is None:
                raise gr.Error(esc(self.t(lang, "correct_bad_date", value=date)), title=self.t(lang, "error_title"))
            date = normal
        try:
            article = self.store.correct_article(article_id, title=title, publication=publication,
                                                 published=date if published is not None else None)
        except StoreError as exc:
            raise gr.Error(esc(exc), title=self.t(lang, "error_title")) from exc
        with self._cache_lock:
            self._cache.clear()  # facets, years and examples read the corrected rows
        return esc(self.t(lang, "correct_saved", title=article.title, publication=article.publication or "—",
                          date=article.published or self.t(lang, "date_unknown")))

    def reindex(self, lang: str, admin: bool = False, progress: gr.Progress | None = None) -> str:
        self._require_admin(admin, lang)
        progress = progress or (lambda *a, **k: None)
        paths = sorted({Path(s.split("#", 1)[0]) for s in self.store.sources()})
        existing = [p for p in paths if p.exists()]
        total = max(1, len(existing))

        def on_file(i: int, path: str) -> None:
            progress((i - 1, total), desc=f"{self.t(lang, 'reindex')} {Path(path).name}", unit="files")

        try:
            report = ingest_paths(existing, self.store, self.settings.ingest.chunk_chars, prune=True, progress=False,
                                  on_file=on_file)
        except StoreError as exc:
            raise gr.Error(esc(exc), title=self.t(lang, "error_title")) from exc
        return self.t(lang, "reindex_report", files=report.files, ingested=report.ingested, removed=report.removed)

    def remove(self, article_id: str | None, lang: str, admin: bool = False) -> str:
        self._require_admin(admin, lang)
        if not article_id:
            raise gr.Error(self.t(lang, "remove_none"), title=self.t(lang, "error_title"))
        article = self.store.article(article_id)
        if article is None:
            raise gr.Error(self.t(lang, "article_gone"), title=self.t(lang, "error_title"))
        try:
            with self.store.writer_lock():
                self.store.remove_article(article_id)
                self.store.rebuild_keyword_index()
        except StoreError as exc:
            raise gr.Error(esc(exc), title=self.t(lang, "error_title")) from exc
        return self.t(lang, "removed", title=esc(article.title))

    def export_feedback(self, lang: str, admin: bool = False) -> str:
        self._require_admin(admin, lang)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = Path(tempfile.mkdtemp(prefix="gongzhi-feedback-")) / f"feedback-{stamp}.csv"
        return str(self.feedback.export_csv(path))

    # --- library views ------------------------------------------------------------------------------

    def stats_html(self, lang: str) -> str:
        counts = self.store.counts(vectors=False)
        fb = self.feedback.counts()
        stats = "".join(f'<div class="gz-stat"><b>{counts[k]}</b>{esc(self.t(lang, k))}</div>'
                        for k in ("articles", "chunks", "files"))
        return (f'<div class="gz-stats">{stats}</div><div class="gz-hint" style="margin-top:6px">'
                f'{esc(self.t(lang, "feedback_counts", **fb))}</div>')

    def facet_frame(self, facet: str) -> pd.DataFrame | None:
        rows = self._facets()[facet][:20]
        if not rows:
            return None  # (a plot first given an empty frame never shows later data: start from None)
        return pd.DataFrame({"name": [r[0] for r in rows], "count": [int(r[1]) for r in rows]})

    def chart(self, facet: str, lang: str) -> dict[str, Any]:
        """Bar chart of articles per district or practice tag (complete props: Gradio drops data sent
        as a partial update together with new titles)."""
        return dict(value=self.facet_frame(facet), x="name", y="count", sort="-y", y_lim=[0, None], height=260,
                    title=self.t(lang, f"by_{facet}"), x_title=self.t(lang, facet), y_title=self.t(lang, "count"),
                    x_label_angle=-40 if facet == "practice" else 0)

    def library_view(self, lang: str, search: str = "") -> tuple[pd.DataFrame, list[tuple[str, str]], str]:
        """One page of reports (LIBRARY_PAGE), found by title/file/id when searching, from one query:
        (the table, the same reports as remove-dropdown choices, the "showing N of M" hint)."""
        rows, total = self.store.article_rows(search, LIBRARY_PAGE)
        cols = [self.t(lang, k) for k in ("col_title", "col_district", "col_street", "col_practices", "col_date",
                                          "col_file", "col_id")]
        frame = pd.DataFrame([[r["title"], r["district"] or "", r["street"] or "", "、".join(json.loads(r["practices"])),
                               r["published"] or "", PurePosixPath(r["source"].replace("\\", "/")).name, r["id"]]
                              for r in rows], columns=cols)
        choices = [(f"{r['title']} — {r['district'] or '?'} ({r['id'][:8]})", r["id"]) for r in rows]
        if search.strip() and not total:
            hint = esc(self.t(lang, "library_none", search=search.strip()))
        else:
            hint = esc(self.t(lang, "library_shown", shown=len(rows), total=total)) if total > len(rows) else ""
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
