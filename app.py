"""共治 Gongzhi in the browser: a Gradio app over the same answer function as the CLI.

    python app.py            (or `make run`)  →  http://127.0.0.1:7860

Settings come from GONGZHI_* variables (vectorstore/settings.py): GONGZHI_STORE picks the store,
GONGZHI_HOST / GONGZHI_PORT the address. Listening beyond loopback needs GONGZHI_ADMIN_USER and
GONGZHI_ADMIN_PASSWORD: the app then sits behind Gradio's login, and the Library tab's uploads and
removals check for that user; without them the app refuses to start.

Tabs: 问答 (chat with streamed, cited answers, a sources panel, filters, follow-ups and feedback, and the
answer's references to download as GB/T 7714, BibTeX or CSL-JSON), 资料库 (upload files or a zip, ingest
with progress, counts and charts, re-index, remove an article, export feedback), 案例 (case cards filtered
by place, practice, year, actor type and funding or searched by a question; each card's values with their
cited sentences; a side-by-side comparison of 2–4 cases; the table as CSV/XLSX and its references) and
课程 (course material on a topic, shown and downloadable as .md and .docx). Cases, exports and courses
come from the same functions as `python -m assistant cases|course|ask --refs` (assistant.cases,
assistant.export, assistant.course). Gradio's API exposes `ask`, which returns exactly what
`python -m assistant ask --json` prints. Every piece of article text is HTML-escaped before it reaches
the page.
"""
from __future__ import annotations

import os

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before gradio is imported: no phoning home
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import json  # noqa: E402
import logging  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path, PurePosixPath  # noqa: E402
from typing import Any  # noqa: E402

import gradio as gr  # noqa: E402

from assistant.answer import Assistant  # noqa: E402
from assistant.cases import CaseQuery  # noqa: E402
from assistant.course import build_course, to_docx, to_markdown  # noqa: E402
from assistant.export import REFERENCE_STYLES, references  # noqa: E402
from assistant.feedback import FeedbackStore  # noqa: E402
from assistant.followup import resolve_followup  # noqa: E402
from assistant.records import Answer  # noqa: E402
from assistant.ui.assets import ARTICLE_JS, CSS, SOURCES_JS, theme  # noqa: E402
from assistant.ui.cases_view import CasesView  # noqa: E402
from assistant.ui.library_view import LibraryView, safe_name  # noqa: E402
from assistant.ui.markup import esc, excerpt, highlighted  # noqa: E402
from assistant.ui.launch import ConfigError, admin_credentials, is_loopback, launch_options  # noqa: E402,F401
from assistant.ui.text import EXAMPLES, N_EXAMPLES, TEXT, TITLE  # noqa: E402
from ingest.enrich import normalise_date, practices  # noqa: E402
from ingest import readers  # noqa: E402
from vectorstore.records import Article  # noqa: E402
from vectorstore.settings import Settings, get_settings  # noqa: E402
from vectorstore.store import Filters, StoreError  # noqa: E402

log = logging.getLogger("gongzhi.app")
# The case table's columns in px, not %: Gradio turns percentages into pixels of the screen's width, which
# left one-character columns on a phone. On a narrow screen the table scrolls sideways instead.
CASE_COLUMNS = ["240px", "90px", "110px", "130px", "70px", "160px", "220px", "130px", "140px"]
LIBRARY_COLUMNS = ["260px", "80px", "110px", "200px", "100px", "220px", "150px"]  # the Library's table, likewise
MAX_EXAMPLE_CHECKS = 8  # candidate example questions asked per language at most (~0.1-1 s each, once per generation)
EXAMPLES_FILE = "examples.json"  # which candidate example questions the store answers, per generation
STREAM_DELAY = 0.04  # seconds between streamed lines, so the answer visibly arrives
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_HEADING = re.compile(r"^#{1,6}\s+(.+)$")


# --- session records ----------------------------------------------------------------------------


@dataclass
class Turn:
    """One question and its answer in a conversation (kept in the session's gr.State)."""

    question: str  # as typed
    resolved: str  # as retrieved (after follow-up resolution)
    answer: Answer
    filters: dict[str, str | None] = field(default_factory=dict)
    message_index: int = -1  # position of the answer in the chatbot's messages
    feedback_id: int | None = None
    references: dict[str, str] | None = None  # style -> file of this answer's references, once written


def _filters(district: str | None, street: str | None, practice: str | None, date_from: Any = None,
             date_to: Any = None, undated: bool = False) -> Filters:
    def date(value: Any) -> str | None:
        if value in (None, ""):
            return None
        if isinstance(value, (int, float)):
            return datetime.fromtimestamp(value).strftime("%Y-%m-%d")
        if isinstance(value, datetime):
            return value.strftime("%Y-%m-%d")
        text = str(value).strip()
        return normalise_date(text) or (text[:10] if re.fullmatch(r"\d{4}(-\d{2}){0,2}.*", text) else None)

    return Filters(district=district or None, street=street or None, practice=practice or None,
                   date_from=date(date_from), date_to=date(date_to), undated=bool(undated))


# --- the app --------------------------------------------------------------------------------------


class GongzhiApp(CasesView, LibraryView):
    """The web UI and its handlers. `demo` is the gr.Blocks; `launch()` serves it."""

    def __init__(self, settings: Settings | None = None, assistant: Assistant | None = None) -> None:
        self.settings = settings or (assistant.settings if assistant else get_settings())
        self.assistant = assistant or Assistant(self.settings)
        self.store = self.assistant.store
        self.feedback = FeedbackStore.for_store(self.store.root)
        self.uploads = Path(self.store.root) / "uploads"
        # With admin credentials configured, library changes need the admin login in the Library tab;
        # asking questions never does (a deployment that must be private puts its login in the proxy).
        self.admin_required = admin_credentials(self.settings) is not None
        self._cache: dict[str, tuple[int, Any]] = {}
        self._cache_lock = threading.Lock()
        self._i18n: list[tuple[Any, Any]] = []
        self._exports: Path | None = None  # downloads written for this app (removed by close())
        self.demo = self._build()

    # --- core functions (the UI and the API call these) ------------------------------------------

    def ask(self, question: str, district: str | None = None, street: str | None = None,
            practice: str | None = None, date_from: str | None = None, date_to: str | None = None,
            k: int | None = None, include_undated: bool = False) -> dict:
        """Answer a question from the collection, with citations.

        Returns the same JSON as `python -m assistant ask --json`. Optional filters narrow retrieval:
        district (e.g. 静安区), street (街道/镇), practice tag (e.g. 共治金), date_from/date_to (YYYY-MM-DD);
        include_undated keeps reports without a date in a date range.
        """
        filters = _filters(district, street, practice, date_from, date_to, include_undated)
        return self.assistant.ask(question, k=k or None, filters=filters).model_dump()

    def is_empty(self) -> bool:
        return self.store.is_empty()

    def _cached(self, name: str, build):  # noqa: ANN001, ANN202 - small per-generation memo
        generation = self.store.generation
        with self._cache_lock:
            hit = self._cache.get(name)
            if hit and hit[0] == generation:
                return hit[1]
        value = build()
        with self._cache_lock:
            self._cache[name] = (generation, value)
        return value

    def _facets(self) -> dict[str, list[tuple[str, int]]]:
        return self._cached("facets", self.store.facets)

    def examples(self, lang: str) -> list[str]:
        """Example questions this collection answers: candidates (the curated ones whose subject the
        collection mentions, then one per practice tag) are asked, and only those that get a full answer
        are shown. The verdicts are kept per store generation in <store>/examples.json, so a restart
        does not ask them again."""
        def build() -> dict[str, list[str]]:
            en_names = {p.tag: p.en.split(" (")[0] for p in practices()}
            verdicts = self._example_verdicts()
            out = {}
            for ui_lang, pairs in EXAMPLES.items():
                candidates = [q for q, needle in pairs if self.store.mentions(needle)]
                candidates += [f"{tag}有哪些做法?" if ui_lang == "zh" else
                               f"What do the reports say about {en_names.get(tag, tag)}?"
                               for tag, _ in self._facets()["practice"][:MAX_EXAMPLE_CHECKS]]
                chosen: list[str] = []
                for q in candidates[:MAX_EXAMPLE_CHECKS]:
                    if len(chosen) >= N_EXAMPLES:
                        break
                    if q not in verdicts:
                        verdicts[q] = self._answers_fully(q)
                    if verdicts[q]:
                        chosen.append(q)
                out[ui_lang] = chosen
            self._save_example_verdicts(verdicts)
            return out
        if self.is_empty():
            return []
        return self._cached("examples", build)[lang]

    def _answers_fully(self, question: str) -> bool:
        """Does the collection answer this question (grounded, and not only in part)?"""
        try:
            answer = self.assistant.ask(question)
        except Exception:  # noqa: BLE001 - a question that cannot be answered is not offered
            log.exception("checking the example question %r failed", question)
            return False
        return answer.grounded and not answer.partial

    def _example_verdicts(self) -> dict[str, bool]:
        path = Path(self.store.root) / EXAMPLES_FILE
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return dict(saved.get("verdicts", {})) if saved.get("generation") == self.store.generation else {}

    def _save_example_verdicts(self, verdicts: dict[str, bool]) -> None:
        try:
            (Path(self.store.root) / EXAMPLES_FILE).write_text(json.dumps(
                {"generation": self.store.generation, "verdicts": verdicts}, ensure_ascii=False), encoding="utf-8")
        except OSError:  # a read-only store: checked again at the next start
            pass

    # --- rendering (all text escaped) ---------------------------------------------------------------

    @staticmethod
    def t(lang: str, key: str, **kwargs: Any) -> str:
        text = TEXT.get(lang, TEXT["zh"])[key]
        return text.format(**kwargs) if kwargs else text

    def render_answer(self, answer: Answer, turn_no: int, lang: str, resolved: str | None = None) -> str:
        """The chat bubble: answer text with clickable [n] markers; the no-answer case in a grey box."""
        cited = {c.n: c for c in answer.citations}

        def inline(line: str) -> str:
            def marker(m: re.Match[str]) -> str:
                n = int(m.group(1))
                if n not in cited:
                    return m.group(0)
                return (f'<a class="gz-cite" href="#gz-cite-{turn_no}-{n}" title="{esc(cited[n].title)}">'
                        f"[{n}]</a>")
            # An LLM writes a little Markdown; bold is turned into <strong> after escaping, so nothing
            # from the text itself can become markup.
            return _BOLD.sub(r"<strong>\1</strong>", re.sub(r"\[(\d+)\]", marker, esc(line)))

        related_index = {}
        for i, p in enumerate(answer.retrieved):
            related_index.setdefault(p.title, i)

        blocks: list[str] = []
        items: list[str] = []

        def flush() -> None:
            if items:
                blocks.append("<ul>" + "".join(items) + "</ul>")
                items.clear()

        for line in answer.answer.split("\n"):
            stripped = line.strip()
            if not stripped:
                flush()
                continue
            heading = _HEADING.match(stripped)
            if heading:
                flush()
                blocks.append(f'<p class="gz-heading"><strong>{inline(heading.group(1))}</strong></p>')
                continue
            if stripped.startswith(("- ", "• ", "* ")):
                body = stripped[2:].strip()
                if not answer.grounded and body in related_index:
                    items.append(f'<li><a href="#gz-rel-{turn_no}-{related_index[body]}">{esc(body)}</a></li>')
                else:
                    items.append(f"<li>{inline(body)}</li>")
            else:
                flush()
                blocks.append(f"<p>{inline(stripped)}</p>")
        flush()
        head = f'<div class="gz-resolved">{esc(self.t(lang, "resolved"))}{esc(resolved)}</div>' if resolved else ""
        notice = f'<div class="gz-notice">{esc(answer.notice)}</div>' if answer.notice else ""
        if answer.partial:
            # Some of what was asked is in the reports, not the fact itself (grounded is false, citations
            # are kept: assistant/answer_type.py): said first, in amber.
            badge = (f'<div class="gz-partial-badge">{esc(self.t(lang, "partial_badge"))}</div>'
                     f'<div class="gz-partial-note">{esc(self.t(lang, "partial_note"))}</div>')
            return (f'<div class="gz-answer" data-kind="partial">{head}<div class="gz-partial">{badge}'
                    f'{"".join(blocks)}</div>{notice}</div>')
        if answer.grounded:
            return f'<div class="gz-answer" data-kind="full">{head}{"".join(blocks)}{notice}</div>'
        badge = f'<div class="gz-noanswer-badge">{esc(self.t(lang, "no_answer_badge"))}</div>'
        return (f'<div class="gz-answer" data-kind="none">{head}<div class="gz-noanswer">{badge}{"".join(blocks)}'
                f"</div>{notice}</div>")

    def undated_note(self, lang: str) -> str:
        """How many reports a date range leaves out (they have no date), under the date filters."""
        n = self.store.undated_count()
        return self.t(lang, "undated_note", n=n) if n else self.t(lang, "undated_none")

    def render_empty(self, lang: str) -> str:
        return (f'<div class="gz-empty"><h3>{esc(self.t(lang, "empty_title"))}</h3>'
                f'<div>{esc(self.t(lang, "empty_body"))}</div><ol><li>{self.t(lang, "empty_upload")}</li>'
                f'<li>{self.t(lang, "empty_cli")}</li></ol></div>')

    def _meta(self, article_id: str, source: str, lang: str) -> str:
        article = self.store.article(article_id)
        place = article.place.label() if article else ""
        published = article.published if article else None
        name = PurePosixPath(source.replace("\\", "/")).name
        return (f'<div class="gz-meta"><span class="gz-place">{esc(place or self.t(lang, "place_unknown"))}</span>'
                f' · <span class="gz-date">{esc(published or self.t(lang, "date_unknown"))}</span> · '
                f'<span class="gz-file" title="{esc(source)}">{esc(name)}</span></div>')

    def render_sources(self, turn: Turn | None, turn_no: int, lang: str, active: str | None = None,
                       searching: bool = False) -> str:
        """The sources panel: one card per citation (or per related report when there is no answer)."""
        head = f'<div class="gz-sources-head">{esc(self.t(lang, "sources"))}'
        if turn is None:
            body = esc(self.t(lang, "sources_searching" if searching else "sources_empty"))
            return f'<div class="gz-sources" data-turn="-1">{head}</div><div class="gz-hint">{body}</div></div>'
        answer = turn.answer
        cards = []
        if answer.grounded or answer.partial:
            head += f' · {len(answer.citations)} {esc(self.t(lang, "cited"))}</div>'
            if answer.partial:
                head += f'<div class="gz-hint">{esc(self.t(lang, "partial_sources"))}</div>'
            for group in self.citation_groups(answer):
                keys = [f"c{c.n}" for c, _ in group["citations"]]
                label = "".join(f"[{c.n}]" for c, _ in group["citations"])
                first = group["citations"][0][0]
                cards.append((keys, label, first.title, first.article_id, first.source,
                              highlighted(group["text"], [(c.n, span) for c, span in group["citations"]])))
        else:
            head += f'</div><div class="gz-hint">{esc(self.t(lang, "related_cards"))}</div>'
            seen = set()
            for i, p in enumerate(answer.retrieved):
                if p.article_id in seen:
                    continue
                seen.add(p.article_id)
                cards.append(([f"r{i}"], "·", p.title, p.article_id, p.source,
                              esc("".join(excerpt(p.passage, None)))))
        out = [f'<div class="gz-sources" data-turn="{turn_no}">{head}',
               f'<div class="gz-sources-q">{esc(self.t(lang, "sources_for"))}{esc(turn.question)}</div>']
        for keys, label, title, article_id, source, passage in cards:
            key = keys[0]
            cls = "gz-card active" if active in keys else "gz-card"
            out.append(
                f'<div class="{cls}" id="gz-src-{turn_no}-{key}" data-turn="{turn_no}" data-key="{key}" '
                f'data-keys="{" ".join(keys)}" role="button" tabindex="0"><div class="gz-card-title">'
                f'<span class="gz-n">{label}</span>'
                f"{esc(title)}</div>{self._meta(article_id, source, lang)}"
                f'<div class="gz-passage">{passage}</div>'
                f'<span class="gz-open">{esc(self.t(lang, "open_article"))} ›</span></div>')
        out.append("</div>")
        return "".join(out)

    def citation_groups(self, answer: Answer) -> list[dict[str, Any]]:
        """The answer's citations, those from overlapping or adjacent passages of one article joined:
        [{"text": the joined passage, "citations": [(citation, its sentence's span in that text)]}], in
        the order of each group's first citation. A passage the store no longer places stays alone."""
        texts: dict[str, str] = {}
        ranges: dict[str, tuple[int, int]] = {}
        for article_id in dict.fromkeys(c.article_id for c in answer.citations):
            article = self.store.article(article_id)
            if article is not None:
                texts[article_id] = article.text
                ranges.update((chunk.id, (chunk.start, chunk.end)) for chunk in self.store.chunks_of(article_id))
        groups: list[dict[str, Any]] = []
        for c in answer.citations:
            start, end = ranges.get(c.chunk_id, (-1, -1))
            text = texts.get(c.article_id, "")
            if start < 0 or text[start:end] != c.passage:
                groups.append({"article": None, "range": (0, len(c.passage)), "text": c.passage,
                               "spans": [(c, c.span[0], c.span[1])]})
                continue
            def touches(g: dict[str, Any], text: str = text, start: int = start, end: int = end) -> bool:
                """Overlapping, or apart by white space only."""
                lo, hi = g["range"]
                return not text[hi:start].strip() and not text[end:lo].strip()

            joined = next((g for g in groups if g["article"] == c.article_id and touches(g)), None)
            if joined is None:
                joined = {"article": c.article_id, "range": (start, end), "spans": []}
                groups.append(joined)
            joined["range"] = (min(joined["range"][0], start), max(joined["range"][1], end))
            joined["spans"].append((c, start + c.span[0], start + c.span[1]))
        out = []
        for g in groups:
            g_start, g_end = g["range"]
            text = g["text"] if g["article"] is None else texts[g["article"]][g_start:g_end]
            offset = 0 if g["article"] is None else g_start
            out.append({"text": text, "citations": [(c, (s - offset, e - offset)) for c, s, e in g["spans"]]})
        return out

    def render_article(self, article_id: str, chunk_id: str | None, passage: str,
                       span: tuple[int, int] | None, lang: str) -> str:
        """The whole cleaned article, with the passage (and the cited sentence) highlighted in place."""
        article = self.store.article(article_id)
        if article is None:
            return f'<div class="gz-article gz-hint">{esc(self.t(lang, "article_gone"))}</div>'
        text = article.text
        start = end = -1
        for chunk in self.store.chunks_of(article_id):
            if chunk.id == chunk_id and text[chunk.start:chunk.end] == chunk.text:
                start, end = chunk.start, chunk.end
        if start < 0 and passage:
            start = text.find(passage)
            end = start + len(passage) if start >= 0 else -1
        if start < 0:
            body = esc(text)
        else:
            inner = text[start:end]
            if span and 0 <= span[0] <= span[1] <= len(inner):
                s, e = span
                marked = f'{esc(inner[:s])}<mark class="gz-hl">{esc(inner[s:e])}</mark>{esc(inner[e:])}'
            else:
                marked = esc(inner)
            body = (f'{esc(text[:start])}<mark class="gz-passage-hl" id="gz-passage">{marked}</mark>'
                    f"{esc(text[end:])}")
        practices_line = " · ".join(article.practices)
        return (f'<div class="gz-article" data-article="{esc(article.id)}"><div class="gz-hint">'
                f'{esc(self.t(lang, "article_title"))}</div><h3>{esc(article.title)}</h3>'
                f"{self._meta(article.id, article.source, lang)}"
                + (f'<div class="gz-meta">{esc(practices_line)}</div>' if practices_line else "")
                + f'<div class="gz-article-body" tabindex="0" role="region" aria-label="{esc(article.title)}">'
                f"{body}</div></div>")

    def render_article_hint(self, lang: str) -> str:
        return f'<div class="gz-hint">{esc(self.t(lang, "article_hint"))}</div>'

    def open_source(self, turn: Turn, key: str, lang: str) -> str:
        """Article HTML for a citation key (`c<n>`) or a related passage key (`r<i>`)."""
        answer = turn.answer
        if key.startswith("c"):
            for c in answer.citations:
                if f"c{c.n}" == key:
                    return self.render_article(c.article_id, c.chunk_id, c.passage, tuple(c.span), lang)
        elif key.startswith("r") and key[1:].isdigit() and int(key[1:]) < len(answer.retrieved):
            p = answer.retrieved[int(key[1:])]
            return self.render_article(p.article_id, p.chunk_id, p.passage, None, lang)
        return self.render_article_hint(lang)

    def render_header(self, lang: str) -> str:
        counts = self.store.counts(vectors=False)
        title = TITLE if lang == "zh" else "Gongzhi 共治 · Community-governance Q&A"
        return (f'<div class="gz-header"><h1>{esc(title)}</h1><div class="gz-sub">{esc(self.t(lang, "subtitle"))}'
                f'</div><div class="gz-store">{esc(self.t(lang, "store_line", **counts))}</div></div>')

    # --- chat handlers --------------------------------------------------------------------------------

    def respond(self, message: str, chat: list, turns: list[Turn], lang: str, district: str | None,  # noqa: ANN201
                street: str | None, practice: str | None, date_from: Any, date_to: Any,
                undated: bool = False):
        """Stream an answer into the chat; yields (chat, textbox, turns, sources, article, comment row)."""
        message = (message or "").strip()
        if not message:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        chat = list(chat or [])
        turns = list(turns or [])
        turn_no = len(turns)
        resolved = resolve_followup(message, [t.resolved for t in turns])
        chat.append({"role": "user", "content": esc(message)})
        if self.is_empty():
            chat.append({"role": "assistant", "content": self.render_empty(lang)})
            yield chat, "", turns, self.render_sources(None, -1, lang), self.render_article_hint(lang), gr.skip()
            return
        chat.append({"role": "assistant", "content": "…"})
        yield (chat, "", turns, self.render_sources(None, -1, lang, searching=True),
               self.render_article_hint(lang), gr.update(visible=False))
        filters = _filters(district, street, practice, date_from, date_to, undated)
        shown = resolved if resolved != message else None
        final: Answer | None = None
        # Extractive answers arrive all at once: pace their lines so the reader sees them come in.
        # LLM tokens arrive on their own: coalesce them to at most one update per STREAM_DELAY.
        pace = getattr(self.assistant, "llm", None) is None
        last = 0.0
        try:
            for partial in self.assistant.ask_stream(resolved, filters=filters):
                final = partial
                if not pace and time.monotonic() - last < STREAM_DELAY:
                    continue
                chat[-1] = {"role": "assistant", "content": self.render_answer(partial, turn_no, lang, shown)}
                yield chat, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
                last = time.monotonic()
                if pace:
                    time.sleep(STREAM_DELAY)
        except Exception as exc:  # noqa: BLE001 - shown to the reader instead of a stuck "…"
            log.exception("answering %r failed", resolved)
            chat[-1] = {"role": "assistant", "content": f'<div class="gz-noanswer"><div class="gz-noanswer-badge">'
                        f'{esc(self.t(lang, "error"))}</div>{esc(type(exc).__name__)}: {esc(exc)}</div>'}
            yield chat, gr.skip(), gr.skip(), self.render_sources(None, -1, lang), gr.skip(), gr.skip()
            return
        if final is None:
            return
        turn = Turn(question=message, resolved=resolved, answer=final, filters=vars(filters).copy(),
                    message_index=len(chat) - 1)
        turns.append(turn)
        chat[-1] = {"role": "assistant", "content": self.render_answer(final, turn_no, lang, shown)}
        yield chat, gr.skip(), turns, self.render_sources(turn, turn_no, lang), gr.skip(), gr.skip()

    def on_cite(self, turns: list[Turn], lang: str, evt: gr.EventData):  # noqa: ANN201
        data = getattr(evt, "_data", None) or {}
        try:
            turn_no, key = int(data.get("turn", -1)), str(data.get("key", ""))
        except (TypeError, ValueError):
            return gr.skip(), gr.skip()
        if not 0 <= turn_no < len(turns or []):
            return gr.skip(), gr.skip()
        turn = turns[turn_no]
        sources = gr.skip() if data.get("shown") == turn_no else self.render_sources(turn, turn_no, lang, key)
        return sources, self.open_source(turn, key, lang)

    def on_like(self, turns: list[Turn], lang: str, evt: gr.LikeData):  # noqa: ANN201
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        turn = next((t for t in turns or [] if t.message_index == index), None)
        if turn is None:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        if evt.liked is True or evt.liked == "Like":
            rating = 1
        elif evt.liked is False or evt.liked == "Dislike":
            rating = -1
        else:
            rating = 0
        if rating == 0:
            if turn.feedback_id is not None:
                self.feedback.remove(turn.feedback_id)
                turn.feedback_id = None
            return turns, None, gr.update(visible=False), self.t(lang, "thanks_removed")
        if turn.feedback_id is None:
            turn.feedback_id = self.feedback.add(turn.answer, rating, question=turn.question, filters=turn.filters)
        else:
            self.feedback.set_rating(turn.feedback_id, rating)
        status = self.t(lang, "thanks_up" if rating == 1 else "thanks_down")
        return turns, turn.feedback_id, gr.update(visible=True), status

    def save_comment(self, feedback_id: int | None, comment: str, lang: str):  # noqa: ANN201
        if feedback_id is None:
            return gr.skip(), self.t(lang, "comment_nothing")
        self.feedback.set_comment(int(feedback_id), comment or "")
        return "", self.t(lang, "comment_saved")

    def filter_choices(self, lang: str) -> dict[str, list[tuple[str, str]]]:
        facets = self._facets()
        en = {p.tag: p.en for p in practices()}
        anyone = [(self.t(lang, "any"), "")]
        return {
            "district": anyone + [(f"{n} ({c})", n) for n, c in facets["district"]],
            "street": anyone + [(f"{n} ({c})", n) for n, c in facets["street"]],
            "practice": anyone + [((f"{n} · {en[n]} ({c})" if lang == "en" and n in en else f"{n} ({c})"), n)
                                  for n, c in facets["practice"]],
        }

    def street_choices(self, district: str | None, lang: str) -> dict:
        """The street/town dropdown narrowed to the chosen district (all streets when none is chosen)."""
        anyone = [(self.t(lang, "any"), "")]
        if not district:
            return gr.update(choices=self.filter_choices(lang)["street"], value="")
        rows = self.store.street_counts(district)
        return gr.update(choices=anyone + [(f"{r[0]} ({r[1]})", r[0]) for r in rows], value="")

    # --- downloads --------------------------------------------------------------------------------------

    def _export_dir(self) -> Path:
        """A fresh folder for one set of downloads, so sessions never overwrite each other's files."""
        with self._cache_lock:
            if self._exports is None:
                self._exports = Path(tempfile.mkdtemp(prefix="gongzhi-exports-"))
        return Path(tempfile.mkdtemp(dir=self._exports))

    def write_references(self, articles: list[Article], stem: str, folder: Path | None = None) -> dict[str, str]:
        """The articles' references as GB/T 7714 (.txt), BibTeX (.bib) and CSL-JSON (.json) files."""
        folder = folder or self._export_dir()
        files = {}
        for style, kind in REFERENCE_STYLES.items():
            path = folder / f"{stem}{kind.file_ending}"
            path.write_text(references(articles, style), encoding="utf-8")
            files[style] = str(path)
        return files

    def answer_references(self, turn: Turn | None) -> dict[str, str] | None:
        """Reference files for an answer's citations (what `ask --refs` prints), written once per answer."""
        if turn is None or not turn.answer.citations:  # a full or a partial answer
            return None
        if turn.references is None:
            articles = [a for a in (self.store.article(c.article_id) for c in turn.answer.citations) if a]
            if not articles:
                return None
            turn.references = self.write_references(articles, "gongzhi-answer-references")
        return turn.references

    def references_update(self, turn: Turn | None) -> list[Any]:
        """The chat's download row: hidden without citations, else one button per reference style."""
        files = self.answer_references(turn)
        if not files:
            return [gr.update(visible=False)] + [gr.skip()] * len(REFERENCE_STYLES)
        return [gr.update(visible=True)] + [gr.update(value=files[style]) for style in REFERENCE_STYLES]

    def on_answered(self, turns: list[Turn]) -> list[Any]:
        return self.references_update(turns[-1] if turns else None)

    def on_cite_references(self, turns: list[Turn], evt: gr.EventData) -> list[Any]:
        """When the sources panel switches to another answer, the downloads follow it."""
        data = getattr(evt, "_data", None) or {}
        try:
            turn_no = int(data.get("turn", -1))
        except (TypeError, ValueError):
            turn_no = -1
        if data.get("shown") == turn_no or not 0 <= turn_no < len(turns or []):
            return [gr.skip()] * (1 + len(REFERENCE_STYLES))
        return self.references_update(turns[turn_no])

    # --- course material ------------------------------------------------------------------------------

    def course(self, topic: str | None, lang: str) -> dict[str, Any]:
        """Course material on a topic, as `python -m assistant course`: the outline as escaped Markdown
        (for gr.Markdown), its .md and .docx files, and a one-line summary."""
        topic = (topic or "").strip()
        if not topic:
            raise gr.Error(self.t(lang, "course_empty_topic"), title=self.t(lang, "error_title"))
        if self.is_empty():
            return {"markdown": esc(self.t(lang, "empty_title")), "md": None, "docx": None, "summary": ""}
        built = build_course(self.assistant, topic)
        markdown = to_markdown(built)
        if not built.cases:
            return {"markdown": esc(markdown), "md": None, "docx": None, "summary": ""}
        folder = self._export_dir()
        stem = "课程-" + safe_name(topic)[:40]
        md = folder / f"{stem}.md"
        md.write_text(markdown, encoding="utf-8")
        docx = to_docx(built, folder / f"{stem}.docx")
        return {"markdown": esc(markdown), "md": str(md), "docx": str(docx),
                "summary": self.t(lang, "course_summary", cases=len(built.cases), refs=len(built.articles))}

    # --- layout --------------------------------------------------------------------------------------

    def _filter_dropdowns(self, choices: dict[str, list[tuple[str, str]]], lang: str,
                          prefix: str) -> tuple[gr.Dropdown, gr.Dropdown, gr.Dropdown]:
        """District, street and practice dropdowns (chat filters and case search share them)."""
        return tuple(gr.Dropdown(choices[key], value="", label=self.t(lang, key), elem_id=f"{prefix}{key}")
                     for key in ("district", "street", "practice"))  # type: ignore[return-value]

    def _tr(self, component: Any, update) -> Any:  # noqa: ANN001 - update: lang -> gr.update
        """Register how a component changes with the UI language."""
        self._i18n.append((component, update))
        return component

    def _build(self) -> gr.Blocks:
        L = "zh"  # noqa: N806 - the language the page is built in, read by every label below
        t = lambda key: self.t(L, key)  # noqa: E731
        choices = self.filter_choices(L)
        examples = self.examples(L)
        with gr.Blocks(title=TITLE) as demo:
            turns = gr.State([])
            feedback_target = gr.State(None)
            with gr.Row(equal_height=False, elem_id="gz-header-row"):
                header = gr.HTML(self.render_header(L), elem_id="gz-header")
                lang = gr.Radio([("中文", "zh"), ("English", "en")], value="zh", label=t("lang"), show_label=False,
                                container=False, elem_id="gz-lang", scale=0, min_width=240)
            with gr.Tabs():
                with gr.Tab(t("tab_chat"), id="chat") as tab_chat:
                    self._tr(tab_chat, lambda lg: gr.update(label=self.t(lg, "tab_chat")))
                    empty = gr.HTML(self.render_empty(L), visible=self.is_empty(), elem_id="gz-empty")
                    with gr.Row(equal_height=False):
                        with gr.Column(scale=3, min_width=420):
                            chatbot = self._tr(gr.Chatbot(
                                label=t("chat_label"), show_label=False, elem_id="gz-chat", height=520,
                                latex_delimiters=[],
                                placeholder=t("chat_placeholder"), buttons=["copy", "copy_all"],
                                feedback_options=("Like", "Dislike"), layout="bubble",
                            ), lambda lg: gr.update(label=self.t(lg, "chat_label"),
                                                   placeholder=self.t(lg, "chat_placeholder")))
                            with gr.Row(equal_height=True):
                                question = self._tr(gr.Textbox(
                                    label=t("input_label"), placeholder=t("input_placeholder"), show_label=False,
                                    elem_id="gz-question", scale=8, lines=1, max_lines=4, autofocus=True,
                                ), lambda lg: gr.update(placeholder=self.t(lg, "input_placeholder"),
                                                       label=self.t(lg, "input_label")))
                                send = self._tr(gr.Button(t("send"), variant="primary", elem_id="gz-send", scale=1,
                                                          min_width=80),
                                                lambda lg: gr.update(value=self.t(lg, "send")))
                            # Shown only over examples (an empty library has none); relabelled by refresh().
                            examples_label = gr.Markdown(t("examples"), elem_id="gz-examples-label",
                                                         visible=bool(examples))
                            with gr.Row(elem_id="gz-examples"):
                                example_buttons = [
                                    gr.Button(examples[i] if i < len(examples) else "", size="sm",
                                              variant="secondary", visible=i < len(examples),
                                              elem_classes=["gz-example"])
                                    for i in range(N_EXAMPLES)]
                            with gr.Group(visible=False) as comment_row:
                                feedback_status = gr.Markdown("", elem_id="gz-feedback-status")
                                with gr.Row(equal_height=True):
                                    comment = self._tr(gr.Textbox(
                                        label=t("comment_label"), placeholder=t("comment_placeholder"),
                                        elem_id="gz-comment", scale=6), lambda lg: gr.update(
                                        label=self.t(lg, "comment_label"),
                                        placeholder=self.t(lg, "comment_placeholder")))
                                    comment_send = self._tr(gr.Button(t("comment_submit"), scale=1,
                                                                      elem_id="gz-comment-send"),
                                                            lambda lg: gr.update(value=self.t(lg, "comment_submit")))
                            with self._tr(gr.Accordion(t("filters"), open=False, elem_id="gz-filters"),
                                          lambda lg: gr.update(label=self.t(lg, "filters"))):
                                with gr.Row():
                                    district, street, practice = self._filter_dropdowns(choices, L, "gz-")
                                with gr.Row():
                                    date_from = self._tr(gr.DateTime(label=t("date_from"), include_time=False,
                                                                     type="string", elem_id="gz-date-from"),
                                                         lambda lg: gr.update(label=self.t(lg, "date_from")))
                                    date_to = self._tr(gr.DateTime(label=t("date_to"), include_time=False,
                                                                   type="string", elem_id="gz-date-to"),
                                                       lambda lg: gr.update(label=self.t(lg, "date_to")))
                                    clear_filters = self._tr(gr.Button(t("clear_filters"), size="sm"),
                                                             lambda lg: gr.update(value=self.t(lg, "clear_filters")))
                                undated_n = self.store.undated_count()
                                undated = gr.Checkbox(False, label=t("undated_include").format(n=undated_n),
                                                      elem_id="gz-undated", visible=undated_n > 0)
                                undated_note = gr.Markdown(self.undated_note(L), elem_id="gz-undated-note",
                                                           elem_classes=["gz-date-note"])
                                self._tr(gr.Markdown(t("filters_hint")),
                                                        lambda lg: gr.update(value=self.t(lg, "filters_hint")))
                        with gr.Column(scale=2, min_width=340):
                            sources = gr.HTML(self.render_sources(None, -1, L), elem_id="gz-sources",
                                              js_on_load=SOURCES_JS, padding=False)
                            article = gr.HTML(self.render_article_hint(L), elem_id="gz-article",
                                              js_on_load=ARTICLE_JS, padding=False)
                            with gr.Row(visible=False, equal_height=True, elem_id="gz-refs") as refs_row:
                                self._tr(gr.Markdown(t("refs_title"), elem_classes=["gz-refs-label"]),
                                         lambda lg: gr.update(value=self.t(lg, "refs_title")))
                                ref_buttons = [gr.DownloadButton(kind.label, size="sm", min_width=90,
                                                                 elem_id=f"gz-refs-{style}")
                                               for style, kind in REFERENCE_STYLES.items()]
                with gr.Tab(t("tab_library"), id="library") as tab_library:
                    self._tr(tab_library, lambda lg: gr.update(label=self.t(lg, "tab_library")))
                    admin_session = gr.State(not self.admin_required)  # server-side, per browser session
                    with gr.Group(visible=self.admin_required, elem_id="gz-admin"):
                        self._tr(gr.Markdown(f"### {t('admin_title')}\n{t('admin_hint')}"),
                                 lambda lg: gr.update(value=f"### {self.t(lg, 'admin_title')}\n"
                                                            f"{self.t(lg, 'admin_hint')}"))
                        with gr.Row(equal_height=True):
                            admin_user = self._tr(gr.Textbox(label=t("admin_user"), elem_id="gz-admin-user", scale=2),
                                                  lambda lg: gr.update(label=self.t(lg, "admin_user")))
                            admin_password = self._tr(gr.Textbox(label=t("admin_password"), type="password",
                                                                 elem_id="gz-admin-password", scale=2),
                                                      lambda lg: gr.update(label=self.t(lg, "admin_password")))
                            admin_login_btn = self._tr(gr.Button(t("admin_login"), elem_id="gz-admin-login", scale=1),
                                                       lambda lg: gr.update(value=self.t(lg, "admin_login")))
                        admin_status = gr.Markdown("", elem_id="gz-admin-status")
                    self._tr(gr.Markdown(f"### {t('lib_stats')}"),
                                         lambda lg: gr.update(value=f"### {self.t(lg, 'lib_stats')}"))
                    stats = gr.HTML(self.stats_html(L), elem_id="gz-stats")
                    with gr.Row():
                        by_district = gr.BarPlot(**self.chart("district", L), elem_id="gz-by-district")
                        by_practice = gr.BarPlot(**self.chart("practice", L), elem_id="gz-by-practice")
                    self._tr(gr.Markdown(f"### {t('upload_title')}"),
                                            lambda lg: gr.update(value=f"### {self.t(lg, 'upload_title')}"))
                    with gr.Row(equal_height=False):
                        types = upload_types()
                        with gr.Column(scale=3):
                            files = self._tr(gr.File(label=t("upload_label"), file_count="multiple",
                                                     elem_id="gz-files",
                                                     file_types=sorted({"." + x.rsplit(".", 1)[-1] for x in types})),
                                             lambda lg: gr.update(label=self.t(lg, "upload_label")))
                            self._tr(gr.Markdown(self.t(L, "upload_types", types=" ".join(types)),
                                                 elem_id="gz-upload-types", elem_classes=["gz-date-note"]),
                                     lambda lg: gr.update(value=self.t(lg, "upload_types",
                                                                       types=" ".join(upload_types()))))
                        with gr.Column(scale=1):
                            ingest_btn = self._tr(gr.Button(t("ingest"), variant="primary", elem_id="gz-ingest"),
                                                  lambda lg: gr.update(value=self.t(lg, "ingest")))
                            reindex_btn = self._tr(gr.Button(t("reindex"), elem_id="gz-reindex"),
                                                   lambda lg: gr.update(value=self.t(lg, "reindex")))
                            self._tr(gr.Markdown(t("reindex_help")),
                                                    lambda lg: gr.update(value=self.t(lg, "reindex_help")))
                    library_status = gr.Markdown("", elem_id="gz-library-status")
                    self._tr(gr.Markdown(f"### {t('articles_title')}"),
                                              lambda lg: gr.update(value=f"### {self.t(lg, 'articles_title')}"))
                    library_query = self._tr(gr.Textbox(label=t("library_search"), elem_id="gz-library-search"),
                                             lambda lg: gr.update(label=self.t(lg, "library_search")))
                    first_page, first_choices, first_hint = self.library_view(L)
                    library_hint = gr.Markdown(first_hint, elem_id="gz-library-hint")
                    table = gr.Dataframe(first_page, interactive=False, wrap=True, max_height=360,
                                         column_widths=LIBRARY_COLUMNS, elem_id="gz-articles")
                    with gr.Row(equal_height=True):
                        remove_choice = self._tr(gr.Dropdown(first_choices, value=None,
                                                             label=t("remove_label"), elem_id="gz-remove-choice",
                                                             scale=4),
                                                 lambda lg: gr.update(label=self.t(lg, "remove_label")))
                        remove_btn = self._tr(gr.Button(t("remove"), variant="stop", elem_id="gz-remove", scale=1),
                                              lambda lg: gr.update(value=self.t(lg, "remove")))
                    with gr.Accordion(t("correct_title"), open=False, elem_id="gz-correct") as correct_box:
                        self._tr(correct_box, lambda lg: gr.update(label=self.t(lg, "correct_title")))
                        self._tr(gr.Markdown(t("correct_hint"), elem_classes=["gz-date-note"]),
                                 lambda lg: gr.update(value=self.t(lg, "correct_hint")))
                        with gr.Row(equal_height=True):
                            correct_title = self._tr(gr.Textbox(label=t("correct_field_title"), scale=4,
                                                                elem_id="gz-correct-title"),
                                                     lambda lg: gr.update(label=self.t(lg, "correct_field_title")))
                            correct_publication = self._tr(gr.Textbox(label=t("correct_field_publication"), scale=2,
                                                                      elem_id="gz-correct-publication"),
                                                           lambda lg: gr.update(
                                                               label=self.t(lg, "correct_field_publication")))
                            correct_date = self._tr(gr.Textbox(label=t("correct_field_date"), scale=1, min_width=140,
                                                               placeholder="2019-11-22", elem_id="gz-correct-date"),
                                                    lambda lg: gr.update(label=self.t(lg, "correct_field_date")))
                        with gr.Row(equal_height=True):
                            correct_btn = self._tr(gr.Button(t("correct_save"), elem_id="gz-correct-save", scale=0,
                                                             min_width=160),
                                                   lambda lg: gr.update(value=self.t(lg, "correct_save")))
                            correct_status = gr.Markdown("", elem_id="gz-correct-status")
                    with gr.Row(equal_height=True):
                        export_btn = self._tr(gr.Button(t("export"), elem_id="gz-export", scale=1),
                                              lambda lg: gr.update(value=self.t(lg, "export")))
                        export_file = self._tr(gr.File(label=t("export_label"), interactive=False, scale=3,
                                                       visible=False, elem_id="gz-export-file"),
                                               lambda lg: gr.update(label=self.t(lg, "export_label")))
                with gr.Tab(t("tab_cases"), id="cases") as tab_cases:
                    self._tr(tab_cases, lambda lg: gr.update(label=self.t(lg, "tab_cases")))
                    self._tr(gr.Markdown(f"### {t('cases_title')}\n{t('cases_intro')}"),
                             lambda lg: gr.update(value=f"### {self.t(lg, 'cases_title')}\n"
                                                        f"{self.t(lg, 'cases_intro')}"))
                    with gr.Row(equal_height=True):
                        case_query = self._tr(gr.Textbox(label=t("cases_query"), elem_id="gz-case-query", scale=6,
                                                         placeholder=t("cases_query_placeholder"), lines=1,
                                                         max_lines=2),
                                              lambda lg: gr.update(label=self.t(lg, "cases_query"),
                                                                   placeholder=self.t(lg, "cases_query_placeholder")))
                        case_search = self._tr(gr.Button(t("cases_search"), variant="primary", scale=0, min_width=140,
                                                         elem_id="gz-case-search"),
                                               lambda lg: gr.update(value=self.t(lg, "cases_search")))
                    with gr.Row():
                        case_district, case_street, case_practice = self._filter_dropdowns(choices, L, "gz-case-")
                        case_year = gr.Dropdown(self.year_choices(L), value="", label=t("year"), elem_id="gz-case-year")
                        case_actor = gr.Dropdown(self.actor_choices(L), value="", label=t("actor"),
                                                 elem_id="gz-case-actor")
                    with gr.Row(equal_height=True):
                        case_funding = self._tr(gr.Checkbox(False, label=t("funding_only"), elem_id="gz-case-funding"),
                                                lambda lg: gr.update(label=self.t(lg, "funding_only")))
                        case_clear = self._tr(gr.Button(t("clear_filters"), size="sm", elem_id="gz-case-clear"),
                                              lambda lg: gr.update(value=self.t(lg, "clear_filters")))
                    initial = self.cases(CaseQuery())
                    case_ids = gr.State([c.article_id for c in initial])
                    case_shown = gr.State(None)
                    case_status = gr.Markdown(self.cases_status(len(initial), L), elem_id="gz-case-status")
                    case_table = gr.Dataframe(self.cases_frame(initial, L), interactive=False, wrap=True,
                                              max_height=420, max_chars=120, elem_id="gz-cases",
                                              column_widths=CASE_COLUMNS)
                    with gr.Row(equal_height=True):
                        case_export = self._tr(gr.Button(t("export_cases"), elem_id="gz-case-export", scale=0,
                                                         min_width=180),
                                               lambda lg: gr.update(value=self.t(lg, "export_cases")))
                        case_files = self._tr(gr.File(label=t("export_cases_label"), file_count="multiple",
                                                      interactive=False, visible=False, scale=3,
                                                      elem_id="gz-case-files"),
                                              lambda lg: gr.update(label=self.t(lg, "export_cases_label")))
                    with gr.Row(equal_height=False):
                        with gr.Column(scale=3, min_width=380):
                            case_card = gr.HTML(self.render_case_card(None, L), elem_id="gz-case-card", padding=False)
                            case_add = self._tr(gr.Button(t("add_compare"), size="sm", visible=False,
                                                          elem_id="gz-case-add"),
                                                lambda lg: gr.update(value=self.t(lg, "add_compare")))
                            case_add_status = gr.Markdown("", elem_id="gz-case-add-status")
                        with gr.Column(scale=4, min_width=420):
                            self._tr(gr.Markdown(f"#### {t('compare_title')}"),
                                     lambda lg: gr.update(value=f"#### {self.t(lg, 'compare_title')}"))
                            case_pick = self._tr(gr.Dropdown(self.case_choices(initial), value=[], multiselect=True,
                                                             max_choices=4, label=t("compare_label"),
                                                             elem_id="gz-compare-pick"),
                                                 lambda lg: gr.update(label=self.t(lg, "compare_label")))
                            case_compare = gr.HTML(self.render_compare([], L), elem_id="gz-compare", padding=False)
                with gr.Tab(t("tab_course"), id="course") as tab_course:
                    self._tr(tab_course, lambda lg: gr.update(label=self.t(lg, "tab_course")))
                    self._tr(gr.Markdown(f"### {t('course_title')}\n{t('course_intro')}"),
                             lambda lg: gr.update(value=f"### {self.t(lg, 'course_title')}\n"
                                                        f"{self.t(lg, 'course_intro')}"))
                    with gr.Row(equal_height=True):
                        course_topic = self._tr(gr.Textbox(label=t("course_topic"), placeholder=t("course_placeholder"),
                                                           elem_id="gz-course-topic", scale=6, lines=1, max_lines=1),
                                                lambda lg: gr.update(label=self.t(lg, "course_topic"),
                                                                     placeholder=self.t(lg, "course_placeholder")))
                        course_build = self._tr(gr.Button(t("course_build"), variant="primary", scale=1, min_width=100,
                                                          elem_id="gz-course-build"),
                                                lambda lg: gr.update(value=self.t(lg, "course_build")))
                    with gr.Row(equal_height=True):
                        course_summary = gr.Markdown("", elem_id="gz-course-summary")
                        course_md = self._tr(gr.DownloadButton(t("download_md"), visible=False, size="sm", scale=0,
                                                               min_width=160, elem_id="gz-course-md"),
                                             lambda lg: gr.update(label=self.t(lg, "download_md")))
                        course_docx = self._tr(gr.DownloadButton(t("download_docx"), visible=False, size="sm", scale=0,
                                                                 min_width=160, elem_id="gz-course-docx"),
                                               lambda lg: gr.update(label=self.t(lg, "download_docx")))
                    course_out = gr.Markdown("", elem_id="gz-course", latex_delimiters=[], line_breaks=True,
                                             buttons=["copy"], visible=False)

            # --- events ---
            district.input(self.street_choices, [district, lang], [street], api_visibility="private")
            filter_inputs = [district, street, practice, date_from, date_to, undated]
            chat_outputs = [chatbot, question, turns, sources, article, comment_row]
            common = dict(concurrency_id="answer", concurrency_limit=1, api_visibility="private")
            refs_outputs = [refs_row, *ref_buttons]
            private = dict(api_visibility="private", show_progress="hidden")
            question.submit(self.respond, [question, chatbot, turns, lang, *filter_inputs], chat_outputs,
                            **common).then(self.on_answered, [turns], refs_outputs, **private)
            send.click(self.respond, [question, chatbot, turns, lang, *filter_inputs], chat_outputs, **common).then(
                self.on_answered, [turns], refs_outputs, **private)
            for button in example_buttons:
                button.click(self.respond, [button, chatbot, turns, lang, *filter_inputs], chat_outputs,
                             **common).then(self.on_answered, [turns], refs_outputs, **private)
            sources.cite(self.on_cite, [turns, lang], [sources, article], api_visibility="private",
                         show_progress="hidden")
            sources.cite(self.on_cite_references, [turns], refs_outputs, **private)
            chatbot.like(self.on_like, [turns, lang], [turns, feedback_target, comment_row, feedback_status],
                         api_visibility="private", show_progress="hidden")
            comment_send.click(self.save_comment, [feedback_target, comment, lang], [comment, feedback_status],
                               api_visibility="private")
            chatbot.clear(lambda lg: ([], None, self.render_sources(None, -1, lg), self.render_article_hint(lg),
                                      gr.update(visible=False)),
                          [lang], [turns, feedback_target, sources, article, comment_row], api_visibility="private")
            chatbot.clear(lambda: gr.update(visible=False), None, [refs_row], api_visibility="private")
            clear_filters.click(lambda: ("", "", "", None, None, False), None, filter_inputs, api_visibility="private")

            # Everything that depends on the collection's contents, refreshed on load and after changes.
            refresh_outputs = [header, empty, stats, by_district, by_practice, table, remove_choice, library_query,
                               library_hint, district, street, practice, *example_buttons, case_district,
                               case_street, case_practice, case_year, case_actor, examples_label, undated,
                               undated_note]
            library_query.submit(self.library_search, [library_query, lang], [table, remove_choice, library_hint],
                                 api_visibility="private")

            def refresh(lg: str) -> list[Any]:
                chosen = self.examples(lg)
                undated_n = self.store.undated_count()
                opts = self.filter_choices(lg)
                library_table, library_choices, library_note = self.library_search("", lg)
                return [self.render_header(lg), gr.update(value=self.render_empty(lg), visible=self.is_empty()),
                        self.stats_html(lg),
                        gr.BarPlot(**self.chart("district", lg)), gr.BarPlot(**self.chart("practice", lg)),
                        library_table, library_choices, "", library_note,
                        gr.update(choices=opts["district"], label=self.t(lg, "district")),
                        gr.update(choices=opts["street"], label=self.t(lg, "street")),
                        gr.update(choices=opts["practice"], label=self.t(lg, "practice")),
                        *[gr.update(value=chosen[i] if i < len(chosen) else "", visible=i < len(chosen))
                          for i in range(N_EXAMPLES)],
                        gr.update(choices=opts["district"], label=self.t(lg, "district")),
                        gr.update(choices=opts["street"], label=self.t(lg, "street")),
                        gr.update(choices=opts["practice"], label=self.t(lg, "practice")),
                        gr.update(choices=self.year_choices(lg), label=self.t(lg, "year")),
                        gr.update(choices=self.actor_choices(lg), label=self.t(lg, "actor")),
                        gr.update(value=self.t(lg, "examples"), visible=bool(chosen)),
                        gr.update(label=self.t(lg, "undated_include", n=undated_n), visible=undated_n > 0),
                        self.undated_note(lg)]

            # The Cases tab: every filter change searches again (retrieval shares the answer queue).
            case_filters = [case_district, case_street, case_practice, case_year, case_actor, case_funding, case_query]
            case_inputs = [lang, *case_filters, case_pick]
            case_outputs = [case_table, case_ids, case_status, case_pick, case_files]
            searching = dict(concurrency_id="answer", concurrency_limit=1, api_visibility="private")
            # A new district first resets the street (its choices narrowed), then searches with both.
            case_district.input(self.street_choices, [case_district, lang], [case_street], api_visibility="private"
                                ).then(self.find_cases, case_inputs, case_outputs, **searching)
            gr.on([case_street.input, case_practice.input, case_year.input, case_actor.input,
                   case_funding.input, case_query.submit, case_search.click], self.find_cases, case_inputs,
                  case_outputs, **searching)
            case_clear.click(lambda: ("", "", "", "", "", False, ""), None, case_filters,
                             api_visibility="private").then(self.find_cases, case_inputs, case_outputs, **searching)
            case_table.select(self.on_case_select, [case_ids, lang], [case_card, case_shown, case_add],
                              api_visibility="private").then(lambda: "", None, [case_add_status],
                                                             api_visibility="private", show_progress="hidden")
            case_add.click(self.add_to_compare_ui, [case_shown, case_pick, case_ids, lang],
                           [case_pick, case_add_status], api_visibility="private")
            case_pick.change(self.render_compare, [case_pick, lang], [case_compare], **private)
            case_export.click(lambda ids, lg: gr.update(value=self.export_cases(ids, lg), visible=True),
                              [case_ids, lang], [case_files], api_visibility="private")

            def relabel_cases(lg: str, *args: Any) -> tuple[Any, ...]:  # a new language: exports stay as they are
                *filters, picked, shown = args
                return (*self.find_cases(lg, *filters, picked)[:4], self.render_case_card(shown, lg),
                        self.render_compare(picked, lg))

            relabel_outputs = [*case_outputs[:4], case_card, case_compare]

            # The Course tab.
            def course_ui(topic: str, lg: str) -> tuple[Any, ...]:
                if not (topic or "").strip():  # said beside the button in the page's language, not in a toast
                    return gr.skip(), gr.skip(), gr.skip(), self.t(lg, "course_empty_topic")
                built = self.course(topic, lg)
                return (gr.update(value=built["markdown"], visible=True),
                        gr.update(value=built["md"], visible=built["md"] is not None),
                        gr.update(value=built["docx"], visible=built["docx"] is not None), built["summary"])

            gr.on([course_build.click, course_topic.submit], course_ui, [course_topic, lang],
                  [course_out, course_md, course_docx, course_summary], **searching)

            demo.load(refresh, [lang], refresh_outputs, api_visibility="private", show_progress="hidden").then(
                self.find_cases, case_inputs, case_outputs, **searching, show_progress="hidden")
            # Admin actions read the session's login (server-side gr.State); Gradio injects the progress tracker.
            def upload_ui(file_list: list[str] | None, lg: str, is_admin: bool,
                          progress: gr.Progress = gr.Progress()) -> str:  # noqa: B008
                return self.upload(file_list, lg, is_admin, progress)

            def reindex_ui(lg: str, is_admin: bool, progress: gr.Progress = gr.Progress()) -> str:  # noqa: B008
                return self.reindex(lg, is_admin, progress)

            def export_ui(lg: str, is_admin: bool) -> dict:
                return gr.update(value=self.export_feedback(lg, is_admin), visible=True)

            def login_ui(user: str, password: str, lg: str) -> tuple[bool, str, str]:
                ok, status = self.admin_login(user, password, lg)
                return ok, status, ""  # the password box is emptied either way

            admin = dict(concurrency_id="admin", concurrency_limit=1, api_visibility="private")
            gr.on([admin_login_btn.click, admin_password.submit], login_ui, [admin_user, admin_password, lang],
                  [admin_session, admin_status, admin_password], api_visibility="private")
            ingest_btn.click(upload_ui, [files, lang, admin_session], [library_status], **admin).then(
                refresh, [lang], refresh_outputs, api_visibility="private").then(
                lambda: None, None, [files], api_visibility="private").then(
                self.find_cases, case_inputs, case_outputs, **searching)
            reindex_btn.click(reindex_ui, [lang, admin_session], [library_status], **admin).then(
                refresh, [lang], refresh_outputs, api_visibility="private").then(
                self.find_cases, case_inputs, case_outputs, **searching)
            remove_btn.click(self.remove, [remove_choice, lang, admin_session], [library_status], **admin).then(
                refresh, [lang], refresh_outputs, api_visibility="private").then(
                self.find_cases, case_inputs, case_outputs, **searching)
            export_btn.click(export_ui, [lang, admin_session], [export_file], **admin)
            remove_choice.change(self.correction_fields, [remove_choice], [correct_title, correct_publication,
                                                                          correct_date, correct_status],
                                 api_visibility="private", show_progress="hidden")
            correct_btn.click(self.correct, [remove_choice, correct_title, correct_publication, correct_date, lang,
                                             admin_session], [correct_status], **admin).then(
                refresh, [lang], refresh_outputs, api_visibility="private").then(
                self.find_cases, case_inputs, case_outputs, **searching)

            # The language toggle relabels everything registered with _tr, and re-renders the panels.
            i18n_components = [c for c, _ in self._i18n]

            def switch(lg: str, turn_list: list[Turn], article_html: str | None) -> list[Any]:
                last = turn_list[-1] if turn_list else None
                showing_article = 'class="gz-article"' in (article_html or "")
                panels = [self.render_sources(last, len(turn_list) - 1, lg),
                          gr.skip() if showing_article else self.render_article_hint(lg)]
                return [fn(lg) for _, fn in self._i18n] + panels + refresh(lg)

            lang.change(switch, [lang, turns, article], i18n_components + [sources, article] + refresh_outputs,
                        api_visibility="private", show_progress="hidden").then(
                relabel_cases, [*case_inputs, case_shown], relabel_outputs, **searching, show_progress="hidden")

            # The API: the same answer function as the CLI (`python -m assistant ask --json`).
            gr.api(self.ask, api_name="ask", concurrency_id="answer", concurrency_limit=1)
        return demo

    # --- serving -------------------------------------------------------------------------------------

    def launch(self, **overrides: Any) -> Any:
        """Serve the app; `overrides` (server_name, server_port, prevent_thread_lock…) win."""
        options: dict[str, Any] = {"server_name": self.settings.server.host, "server_port": self.settings.server.port}
        options.update(overrides)
        return self.demo.launch(css=CSS, theme=theme(), ssr_mode=False, max_file_size="200mb",
                                mcp_server=False, footer_links=["api", "settings"], **options)

    def close(self) -> None:
        self.demo.close()
        if self._exports is not None:
            shutil.rmtree(self._exports, ignore_errors=True)


def upload_types() -> list[str]:
    """What the Library tab accepts: every format the ingest readers support, plus zip archives."""
    supported = getattr(readers, "SUPPORTED_SUFFIXES", None) or (
        readers.TEXT_SUFFIXES | readers.HTML_SUFFIXES | readers.JSONL_SUFFIXES)
    return sorted(set(supported) - {".zip"}, key=lambda x: (x.count("."), x)) + [".zip"]


def _warm_up(assistant: Assistant) -> None:
    """Load models and indexes beside the UI build; questions asked before this ends share the cores
    with it (at 69k articles, cold: ~10 s, during which answers took 0.4-1.2 s instead of ~0.1 s)."""
    start = time.perf_counter()
    assistant.warm_up()
    print(f"Ready: models and indexes loaded in {time.perf_counter() - start:.1f} s", flush=True)


def main() -> int:
    settings = get_settings()
    try:
        options = launch_options(settings)
    except ConfigError as exc:
        print(f"gongzhi: {exc}", file=sys.stderr)
        return 2
    try:
        ui = GongzhiApp(settings)
    except StoreError as exc:
        print(f"gongzhi: {exc}", file=sys.stderr)
        return 2
    counts = ui.store.counts(vectors=False)
    print(f"Gongzhi 共治: store {settings.store} holds {counts['articles']} articles, {counts['chunks']} chunks"
          + ("" if counts["articles"] else " — add articles in the Library tab, or `make run CORPUS=path`"))
    print(f"Open http://{settings.server.host}:{settings.server.port} in a browser"
          + (" (library changes need the admin login)" if ui.admin_required else ""))
    threading.Thread(target=_warm_up, args=(ui.assistant,), name="gongzhi-warm-up", daemon=True).start()
    try:
        ui.launch(**options)
    except OSError as exc:
        print(f"gongzhi: cannot listen on {settings.server.host}:{settings.server.port} ({exc}). "
              "Set GONGZHI_PORT to a free port.", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
