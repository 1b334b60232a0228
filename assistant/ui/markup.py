"""HTML helpers shared by the app's views: escaping, and cited sentences with their context."""
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


def highlighted(text: str, spans: list[tuple[int, tuple[int, int]]], context: int = 60) -> str:
    """HTML of a passage with several cited sentences marked, each with `context` characters either
    side; stretches between them that are farther apart are left out as "…". `spans`: (citation
    number, (start, end) in `text`)."""
    marks = sorted((max(0, s), min(len(text), e), n) for n, (s, e) in spans if 0 <= s < e <= len(text))
    if not marks:
        return esc(text[:2 * context] + ("…" if len(text) > 2 * context else ""))
    windows: list[list[int]] = []
    for s, e, _ in marks:
        lo, hi = max(0, s - context), min(len(text), e + context)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    out = []
    for lo, hi in windows:
        pos = lo
        piece = "…" if lo > 0 and not out else ""
        for s, e, n in marks:
            if e <= pos or s >= hi:
                continue
            s = max(s, pos)
            piece += esc(text[pos:s]) + f'<mark class="gz-hl" data-n="{n}">{esc(text[s:e])}</mark>'
            pos = e
        piece += esc(text[pos:hi]) + ("…" if hi < len(text) else "")
        out.append(piece)
    return " ".join(out)
