"""The chat's HTML: an answer bubble with clickable [n] markers, the sources panel (one card per stretch
of an article), and the whole article with the cited passage in place. Every piece of text is escaped."""
from __future__ import annotations

import re
from typing import Any

from assistant.records import Answer
from assistant.ui.markup import esc, excerpt, highlighted
from assistant.ui.translations import t
from assistant.ui.turn import Turn
from ingest.readers import source_name
from vectorstore.store import Store

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_HEADING = re.compile(r"^#{1,6}\s+(.+)$")


def is_cited(answer: Answer) -> bool:
    """A full answer, or a partial one (`partial` comes with grounded=False, and is cited all the same)."""
    return answer.grounded or getattr(answer, "partial", False)


class AnswerView:
    """Renders answers and the articles they cite, reading article text and chunk places from `store`."""

    def __init__(self, store: Store) -> None:
        self.store = store

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
                if not is_cited(answer) and body in related_index:
                    items.append(f'<li><a href="#gz-rel-{turn_no}-{related_index[body]}">{esc(body)}</a></li>')
                else:
                    items.append(f"<li>{inline(body)}</li>")
            else:
                flush()
                blocks.append(f"<p>{inline(stripped)}</p>")
        flush()
        head = f'<div class="gz-resolved">{esc(t(lang, "resolved"))}{esc(resolved)}</div>' if resolved else ""
        notice = f'<div class="gz-notice">{esc(answer.notice)}</div>' if answer.notice else ""
        if getattr(answer, "partial", False):
            # Some of what was asked is in the reports, not the fact itself: said first, in amber.
            badge = (f'<div class="gz-partial-badge">{esc(t(lang, "partial_badge"))}</div>'
                     f'<div class="gz-partial-note">{esc(t(lang, "partial_note"))}</div>')
            return (f'<div class="gz-answer" data-kind="partial">{head}<div class="gz-partial">{badge}'
                    f'{"".join(blocks)}</div>{notice}</div>')
        if answer.grounded:
            return f'<div class="gz-answer" data-kind="full">{head}{"".join(blocks)}{notice}</div>'
        badge = f'<div class="gz-noanswer-badge">{esc(t(lang, "no_answer_badge"))}</div>'
        return (f'<div class="gz-answer" data-kind="none">{head}<div class="gz-noanswer">{badge}{"".join(blocks)}'
                f"</div>{notice}</div>")

    def render_empty(self, lang: str) -> str:
        return (f'<div class="gz-empty"><h3>{esc(t(lang, "empty_title"))}</h3>'
                f'<div>{esc(t(lang, "empty_body"))}</div><ol><li>{t(lang, "empty_upload")}</li>'
                f'<li>{t(lang, "empty_cli")}</li></ol></div>')

    def _meta(self, article_id: str, source: str, lang: str) -> str:
        article = self.store.article(article_id)
        place = article.place.label() if article else ""
        published = article.published if article else None
        name = source_name(source)
        return (f'<div class="gz-meta"><span class="gz-place">{esc(place or t(lang, "place_unknown"))}</span>'
                f' · <span class="gz-date">{esc(published or t(lang, "date_unknown"))}</span> · '
                f'<span class="gz-file" title="{esc(source)}">{esc(name)}</span></div>')

    def render_sources(self, turn: Turn | None, turn_no: int, lang: str, active: str | None = None,
                       searching: bool = False) -> str:
        """The sources panel: one card per citation (or per related report when there is no answer)."""
        head = f'<div class="gz-sources-head">{esc(t(lang, "sources"))}'
        if turn is None:
            body = esc(t(lang, "sources_searching" if searching else "sources_empty"))
            return f'<div class="gz-sources" data-turn="-1">{head}</div><div class="gz-hint">{body}</div></div>'
        answer = turn.answer
        cards = []
        if is_cited(answer):
            head += f' · {len(answer.citations)} {esc(t(lang, "cited"))}</div>'
            if getattr(answer, "partial", False):
                head += f'<div class="gz-hint">{esc(t(lang, "partial_sources"))}</div>'
            for group in self.citation_groups(answer):
                keys = [f"c{c.n}" for c, _ in group["citations"]]
                label = "".join(f"[{c.n}]" for c, _ in group["citations"])
                first = group["citations"][0][0]
                cards.append((keys, label, first.title, first.article_id, first.source,
                              highlighted(group["text"], [(c.n, span) for c, span in group["citations"]])))
        else:
            head += f'</div><div class="gz-hint">{esc(t(lang, "related_cards"))}</div>'
            seen = set()
            for i, p in enumerate(answer.retrieved):
                if p.article_id in seen:
                    continue
                seen.add(p.article_id)
                cards.append(([f"r{i}"], "·", p.title, p.article_id, p.source,
                              esc("".join(excerpt(p.passage, None)))))
        out = [f'<div class="gz-sources" data-turn="{turn_no}">{head}',
               f'<div class="gz-sources-q">{esc(t(lang, "sources_for"))}{esc(turn.question)}</div>']
        for keys, label, title, article_id, source, passage in cards:
            key = keys[0]
            cls = "gz-card active" if active in keys else "gz-card"
            out.append(
                f'<div class="{cls}" id="gz-src-{turn_no}-{key}" data-turn="{turn_no}" data-key="{key}" '
                f'data-keys="{" ".join(keys)}" role="button" tabindex="0"><div class="gz-card-title">'
                f'<span class="gz-n">{label}</span>'
                f"{esc(title)}</div>{self._meta(article_id, source, lang)}"
                f'<div class="gz-passage">{passage}</div>'
                f'<span class="gz-open">{esc(t(lang, "open_article"))} ›</span></div>')
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
            return f'<div class="gz-article gz-hint">{esc(t(lang, "article_gone"))}</div>'
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
                f'{esc(t(lang, "article_title"))}</div><h3>{esc(article.title)}</h3>'
                f"{self._meta(article.id, article.source, lang)}"
                + (f'<div class="gz-meta">{esc(practices_line)}</div>' if practices_line else "")
                + f'<div class="gz-article-body" tabindex="0" role="region" aria-label="{esc(article.title)}">'
                f"{body}</div></div>")

    def render_article_hint(self, lang: str) -> str:
        return f'<div class="gz-hint">{esc(t(lang, "article_hint"))}</div>'

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
