"""HTML helpers shared by the app's views: escaping, and a cited sentence with its context."""
from __future__ import annotations

import html


def esc(text: object) -> str:
    """Every piece of text from articles, questions or files goes through here before it becomes HTML."""
    return html.escape(str(text), quote=True)


def excerpt(passage: str, span: tuple[int, int] | None, context: int = 60) -> tuple[str, str, str]:
    """The cited sentence with a little context either side (the article view shows everything)."""
    if span is None:
        return "", "", passage[:2 * context] + ("…" if len(passage) > 2 * context else "")
    s, e = span
    before = passage[max(0, s - context):s]
    after = passage[e:e + context]
    return (("…" if s > context else "") + before, passage[s:e],
            after + ("…" if e + context < len(passage) else ""))
