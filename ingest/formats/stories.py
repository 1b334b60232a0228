"""Stories on a printed page, from geometry: where one story ends and the next begins.

A newspaper page holds several stories, each under its own headline. `layout` flags the lines set
larger (by `SIZE_CHANGE`) or bolder (ink density `BOLDER` times the body text's) than the page's body
text that do not end a sentence (`Line.display`). A paragraph of one or two such lines is a headline;
a headline (or a run of them: kicker, headline, subheadline) that follows body text starts a new
story. Captions and other small print do not end a story; a masthead before the first headline is
part of the first story's head (cleaning drops it).

Written here rather than taken from a library: the cue is the type size and weight of OCR'd lines,
which only the layout step knows.
"""
from __future__ import annotations

import re

from ingest.formats.layout import DISPLAY_MAX, SIZE_CHANGE, Paragraph, is_sentence_end

HEADLINE_LINES = 2


def _chars(text: str) -> int:
    return len(re.sub(r"\W", "", text))


def is_headline(p: Paragraph) -> bool:
    return 0 < len(p.lines) <= HEADLINE_LINES and all(ln.display for ln in p.lines)


def is_body(p: Paragraph, body_size: float) -> bool:
    """Body text: set in the body size (not a caption's small print) and a sentence or a full line."""
    if p.size < body_size * (1 - SIZE_CHANGE):
        return False
    return is_sentence_end(p.text) or len(p.lines) > 1 or _chars(p.text) > DISPLAY_MAX


def story_starts(paragraphs: list[Paragraph], body_size: float) -> list[int]:
    """Indices of the paragraphs that begin a story (always 0 for a page with text)."""
    if not paragraphs:
        return []
    starts = [0]
    seen_body = False
    for i, p in enumerate(paragraphs):
        if is_headline(p):
            if seen_body:
                starts.append(i)
                seen_body = False
        elif is_body(p, body_size):
            seen_body = True
    return starts
