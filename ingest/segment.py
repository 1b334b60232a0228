"""One cleaned page → several articles, each with its own title.

A newspaper page holds several stories. The cues, in order:
- a byline (`通讯员 … 记者 …`, `(自治办)`) ends a story;
- after an editor's note (`编者按`) every headline starts a short case of its own;
- a dated lead (`12月1日，…`) that follows body text and shares little vocabulary with the story so
  far starts a new story (its headline usually sits in the page's headline block);
Titles: the longest headline before a story's first paragraph that its text supports, else a headline
lifted from inside the story, else one from the page's headline block, else the first sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.clean import Block

EDITOR_NOTE = re.compile(r"^编者按[:：]?$")
DATED_LEAD = re.compile(r"^\d{1,2}月\d{1,2}日")
TOPIC_SHIFT = 0.35  # below this share of shared bigrams a dated lead starts a new story
TITLE_SUPPORT = 0.5  # share of a headline's bigrams that must occur in the story text


@dataclass
class Segment:
    blocks: list[Block] = field(default_factory=list)
    title: str = ""
    title_in_text: bool = False  # a headline-only snippet keeps its one line as text too

    @property
    def body(self) -> str:
        return "\n".join(b.text for b in self.blocks if b.kind == "body")

    @property
    def text(self) -> str:
        """Subheadings, paragraphs and byline, one per line, without the title itself."""
        return "\n".join(b.text for b in self.blocks if self.title_in_text or b.text != self.title)

    @property
    def original(self) -> str:
        return "\n".join(b.original for b in self.blocks)


def bigrams(text: str) -> set[str]:
    chars = re.sub(r"[^\w]", "", text)
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


def support(headline: str, text: str) -> float:
    """Share of the headline's character bigrams that appear in the text."""
    grams = bigrams(headline)
    return len(grams & bigrams(text)) / len(grams) if grams else 0.0


def _split_at_bylines(blocks: list[Block]) -> list[list[Block]]:
    groups: list[list[Block]] = [[]]
    for block in blocks:
        groups[-1].append(block)
        if block.kind == "byline":
            groups.append([])
    return [g for g in groups if any(b.kind == "body" for b in g)]


def _split_editor_series(group: list[Block]) -> list[list[Block]]:
    """After `编者按`, each headline run begins a case; the note itself prefaces the first case."""
    idx = next((i for i, b in enumerate(group) if b.kind == "heading" and EDITOR_NOTE.match(b.text)), None)
    if idx is None:
        return [group]
    before, series = group[:idx], group[idx:]
    parts: list[list[Block]] = []
    note: list[Block] = []
    current: list[Block] = []
    for i, block in enumerate(series):
        starts_run = block.kind == "heading" and (i == 0 or series[i - 1].kind != "heading")
        if starts_run and i > 0 and any(b.kind == "body" for b in current):
            if not note:
                note, current = current, []
            else:
                parts.append(current)
                current = []
        current.append(block)
    parts.append(current)
    if parts and note:
        # the case keeps its own headline first; the editor's note follows as its first paragraph
        heads = [b for b in parts[0] if b.kind == "heading"]
        rest = parts[0][len(heads):]
        parts[0] = heads + [b for b in note if b.kind == "body"] + rest
        note_heading = next((b for b in note if b.kind == "heading"), None)
        if note_heading:
            parts[0][len(heads)].text = f"{note_heading.text}：{parts[0][len(heads)].text}"
    return ([before] if any(b.kind == "body" for b in before) else []) + parts


def _split_dated_leads(group: list[Block]) -> list[list[Block]]:
    parts: list[list[Block]] = [[]]
    for i, block in enumerate(group):
        prev = group[i - 1] if i else None
        so_far = "".join(b.text for b in parts[-1])
        if (block.kind == "body" and prev is not None and prev.kind == "body" and DATED_LEAD.match(block.text)
                and len(so_far) > 200 and support(block.text, so_far) < TOPIC_SHIFT):
            parts.append([])
        parts[-1].append(block)
    return parts


def _leading_headings(blocks: list[Block]) -> list[Block]:
    out = []
    for block in blocks:
        if block.kind != "heading":
            break
        out.append(block)
    return out


def _choose_title(candidates: list[str], body: str) -> str | None:
    supported = [c for c in candidates if support(c, body) >= TITLE_SUPPORT and not EDITOR_NOTE.match(c)]
    pool = supported or [c for c in candidates if not EDITOR_NOTE.match(c)]
    return max(pool, key=len) if pool else None


def _first_sentence(body: str, limit: int = 30) -> str:
    sentence = re.split(r"[。！？\n]", body.strip(), maxsplit=1)[0]
    return sentence[:limit] + ("…" if len(sentence) > limit else "")


def segment_page(blocks: list[Block], page_title: str | None = None) -> list[Segment]:
    """Split cleaned blocks into articles and give each a title."""
    groups: list[list[Block]] = []
    for group in _split_at_bylines(blocks):
        for part in _split_editor_series(group):
            groups.extend(p for p in _split_dated_leads(part) if p)
    segments = [Segment(blocks=g) for g in groups]
    if not segments and blocks:
        # no paragraph at all (a headline-only snippet, a table row): keep the text as one article
        lines = [Block(b.text, "body", b.original) for b in blocks]
        return [Segment(blocks=lines, title=page_title or _first_sentence(lines[0].text), title_in_text=True)]

    page_headlines = _leading_headings(blocks)
    claimed: set[int] = set()
    # headless stories first claim their headline from the page's headline block
    for seg in segments:
        if _leading_headings(seg.blocks) or not page_headlines:
            continue
        scored = [(support(h.text, seg.body), i) for i, h in enumerate(page_headlines) if i not in claimed]
        if scored and max(scored)[0] >= TITLE_SUPPORT:
            _, idx = max(scored)
            claimed.add(idx)
            seg.title = page_headlines[idx].text
    claimed_texts = {page_headlines[i].text for i in claimed}
    for seg in segments:
        if seg.title:
            continue
        leading = [b.text for b in _leading_headings(seg.blocks) if b.text not in claimed_texts]
        inner = [b.text for b in seg.blocks if b.kind == "heading"]
        candidates = leading or inner[:1]
        if page_title and len(segments) == 1:
            candidates = [page_title] + candidates
        seg.title = _choose_title(candidates, seg.body) or _first_sentence(seg.body)
        # a headline another story claimed is not part of this story's text
        seg.blocks = [b for b in seg.blocks if not (b.kind == "heading" and b.text in claimed_texts)]
    return segments
