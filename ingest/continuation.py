"""Stories that jump pages: `(下转2版)` … `(上接1版)` — the two parts become one article.

A community newspaper starts a story on page 1 and ends it with `(下转2版)`; on page 2 the rest
follows under a repeated or shortened headline marked `(上接1版)`. When both parts are in one
document (two pages of one PDF read together, or both in one text file), the document is cut into
parts at the markers, each part is cleaned and segmented on its own, and the last story before a
`下转N` marker is joined with the first story after the matching `上接M` marker:

- the markers must agree with the pages where pages are known (part 1 on page M says `下转N`,
  part 2 on page N says `上接M`); in a text file without pages any forward/backward pair may match;
- among several candidates the continued part's headline decides: the share of its character bigrams
  found in the first part's title (a repeated or shortened headline scores high); a continued part
  without a headline is joined only when it is the one candidate either way round.

The joined article is part 1 followed by part 2 under part 1's title; part 2's headline, when it
repeats the title, is dropped. Written here rather than taken from a library: the cues are the
markers' page numbers and the headlines' characters, which only our cleaning knows.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ingest.clean import JumpMark, is_heading_like, jump_marks
from ingest.readers import RawDocument, jump_source, parse_locator
from ingest.segment import TITLE_SUPPORT, TOPIC_SHIFT, Segment, _choose_title, _leading_headings, support

HEAD_LINES = 2  # headline lines above a `(上接1版)` marker that belong to the continued part


@dataclass
class StoryPart:
    """A piece of a document's text, cleaned and segmented apart from the rest."""

    start: int
    end: int
    jumps_to: int | None = None  # ends with `(下转N版)`
    continued_from: int | None = None  # begins with `(上接N版)` (after its headline)


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _head_start(text: str, mark: JumpMark, floor: int) -> int:
    """Where the continued part begins: the marker, or the headline lines just above it."""
    start = _line_start(text, mark.start)
    if start < floor or (text[start:mark.start].strip() and not is_heading_like(text[start:mark.start].strip())):
        return max(mark.start, floor)
    taken = 0
    while taken < HEAD_LINES and start > floor:
        prev_start = _line_start(text, start - 1)
        prev = text[prev_start:start].strip()
        if prev_start < floor:
            break
        if not prev:  # blank lines between headline and marker
            start = prev_start
            continue
        if not is_heading_like(prev) or jump_marks(prev):
            break
        start, taken = prev_start, taken + 1
    return start


def story_parts(text: str, cuts: list[int], jumps: bool = True) -> list[StoryPart]:
    """`text` cut at `cuts` (layout's story starts, page starts) and, when it holds both a forward
    and a backward marker, after each `(下转N版)`, before each `(上接N版)`'s headline and at form feeds."""
    marks = jump_marks(text) if jumps else []
    if not (any(m.forward for m in marks) and any(not m.forward for m in marks)):
        marks = []  # one part alone: read as before
    starts = {0, *(c for c in cuts if 0 < c < len(text))}
    if marks:  # a form feed is a page break (pdftotext, OCR exports): a page's stories end there
        starts |= {m.end() for m in re.finditer("\f", text) if m.end() < len(text)}
    forward_at: dict[int, int] = {}  # part end -> page it jumps to
    backward_at: dict[int, int] = {}  # part start -> page it continues from
    for mark in marks:
        if mark.forward:
            if text[mark.end:].strip():
                starts.add(mark.end)
            forward_at[mark.end] = mark.page
        else:
            floor = max(s for s in starts | set(forward_at) if s <= mark.start)
            head = _head_start(text, mark, floor)
            starts.add(head)
            backward_at[head] = mark.page
    bounds = sorted(starts) + [len(text)]
    parts = []
    for a, b in zip(bounds, bounds[1:]):
        if not text[a:b].strip():
            continue
        ends = [e for e in forward_at if a < e <= b and not text[e:b].strip()]
        parts.append(StoryPart(a, b, forward_at[ends[0]] if ends else None, backward_at.get(a)))
    return parts


@dataclass
class PartSegments:
    segments: list[Segment]
    page: int | None  # the page the part is on, when the document has pages
    jumps_to: int | None = None
    continued_from: int | None = None


def _headline(seg: Segment) -> str:
    heads = []
    for block in seg.blocks:
        if block.kind != "heading":
            break
        heads.append(block.text)
    return " ".join(heads)


def _agree(first: PartSegments, rest: PartSegments) -> bool:
    """Do the markers agree with the pages (where known)? One part may hold both ends of a jump only
    in a text without pages (`(上接1版)…` printed before page 1's `…(下转2版)` in one file)."""
    if first.jumps_to == rest.continued_from:
        return False
    if first is rest and (first.page is not None or len(first.segments) < 2):
        return False
    if rest.page is not None and rest.page != first.jumps_to:
        return False
    return first.page is None or first.page == rest.continued_from


def _pairs(parts: list[PartSegments]) -> dict[int, int]:
    """part index of a story's first part -> part index of its continuation."""
    firsts = [i for i, p in enumerate(parts) if p.jumps_to is not None and p.segments]
    rests = [j for j, p in enumerate(parts) if p.continued_from is not None and p.segments]
    candidates = [(i, j) for i in firsts for j in rests if _agree(parts[i], parts[j])]
    scored = []
    for i, j in candidates:
        head = _headline(parts[j].segments[0])
        score = support(head, parts[i].segments[-1].title) if head else 0.0
        # without pages the markers' numbers cannot be checked, so the headline must match
        alone = (parts[i].page is not None and parts[j].page is not None
                 and sum(1 for _, jj in candidates if jj == j) == 1 and sum(1 for ii, _ in candidates if ii == i) == 1)
        if score >= TITLE_SUPPORT or alone:
            scored.append((score, -j, i, j))
    chosen: dict[int, int] = {}
    for _, _, i, j in sorted(scored, reverse=True):
        if i not in chosen and j not in chosen.values():
            chosen[i] = j
    return chosen


def _split_rest(first: Segment, rest: Segment) -> tuple[Segment, list[Segment]]:
    """A continued part read without layout (a text file) may run on into the page's next story:
    it ends at a headline after body text whose next paragraph shares few character bigrams with the
    story so far (below segmentation's `TOPIC_SHIFT`, as for a dated lead). Subheadings of the story
    share its vocabulary and stay."""
    blocks, so_far = rest.blocks, first.body
    seen_body = False
    for i, block in enumerate(blocks):
        if block.kind == "body":
            so_far += block.text
            seen_body = True
            continue
        if not seen_body or (i and blocks[i - 1].kind == "heading"):
            continue
        heads = [b for b in _leading_headings(blocks[i:])]
        after = next((b for b in blocks[i + len(heads):] if b.kind == "body"), None)
        if after is not None and support(after.text, so_far) < TOPIC_SHIFT:
            other = Segment(blocks=blocks[i:])
            other.title = _choose_title([h.text for h in heads], other.body) or heads[0].text
            return Segment(blocks=blocks[:i], title=rest.title, title_in_text=rest.title_in_text), [other]
    return rest, []


def _join(first: Segment, rest: Segment) -> Segment:
    """Part 1 then part 2, under part 1's title; part 2's headline goes when it repeats that title."""
    blocks = list(rest.blocks)
    while blocks and blocks[0].kind == "heading" and support(blocks[0].text, first.title) >= TITLE_SUPPORT:
        blocks.pop(0)
    return Segment(blocks=first.blocks + blocks, title=first.title, title_in_text=first.title_in_text)


def joins_any(parts: list[PartSegments]) -> bool:
    """Does any story of the parts continue in another?"""
    return bool(_pairs(parts))


def join_continued(parts: list[PartSegments]) -> list[Segment]:
    """All segments of the parts in order, each jumped story's two parts joined at its first part."""
    pairs = _pairs(parts)
    continued = set(pairs.values())
    out: list[Segment] = []
    for i, part in enumerate(parts):
        segments = list(part.segments)
        if i in continued:
            segments = segments[1:]  # joined to its first part, but for a next story it ran on into
            first = next(p for p, q in pairs.items() if q == i)
            segments[:0] = _split_rest(parts[first].segments[-1], part.segments[0])[1]
        if i in pairs and segments:
            seg, seen, k = segments[-1], ({i} if pairs[i] != i else set()), i
            while k in pairs and pairs[k] not in seen:
                nxt = pairs[k]
                seen.add(nxt)
                rest, others = _split_rest(seg, parts[nxt].segments[0])
                seg = _join(seg, rest)
                # a story may jump more than once (1 → 2 → 3): through a part that is all continuation
                k = nxt if len(parts[nxt].segments) == 1 and not others else -1
            segments[-1] = seg
        out.extend(segments)
    return out


# --- OCR'd pages of one file ---------------------------------------------------------------------
# A scan's pages are documents of their own (each OCR'd lazily, skipped by its hash when unchanged).
# All pages of one file share the file's hash, so two of them joined into one document change
# together: a re-ingest finds both unchanged, or reads both again.


def _page(doc: RawDocument) -> int | None:
    loc = parse_locator(doc.source)
    return loc.first_page if loc.first_page == loc.last_page else None


def joined_hash(page_hash: str, page: int, source: str) -> str:
    """The content hash of a joined OCR document from one of its pages' (`FILE:p2:VERSION`)."""
    span = source.rsplit("#", 1)[1].removesuffix("(OCR)")
    return page_hash.replace(f":p{page}:", f":{span}:", 1)


def stored_join(doc: RawDocument, sources: list[str], hash_of: Callable[[str], str | None]) -> str | None:
    """The stored joined document that holds this unchanged OCR page, if any."""
    page = _page(doc)
    if not doc.ocr or page is None:
        return None
    for source in sources:
        loc = parse_locator(source)
        if (len(loc.spans) > 1 and any(a <= page <= b for a, b in loc.spans)
                and hash_of(source) == joined_hash(doc.content_hash, page, source)):
            return source
    return None


def join_pages(docs: list[RawDocument]) -> list[RawDocument]:
    """OCR'd pages of one file whose markers agree (page M: `下转N`, page N: `上接M`) as one document
    each, `scan.pdf#p1+2(OCR)`, cut at the second page's start and its stories; the rest as they are.
    Pages of different files (two images in a zip) are not joined."""
    out = [d for d in docs if _page(d) is None]
    files: dict[str, dict[int, RawDocument]] = {}
    for d in docs:
        if (p := _page(d)) is not None:
            files.setdefault(d.source.rsplit("#", 1)[0], {})[p] = d
    for base, by_page in files.items():
        out += _join_file_pages(base, by_page)
    return out


def _join_file_pages(base: str, by_page: dict[int, RawDocument]) -> list[RawDocument]:
    def naming(pages: list[int]) -> tuple[str, str]:
        source = jump_source(base, [(p, p) for p in pages]) + "(OCR)"
        return source, joined_hash(by_page[pages[0]].content_hash, pages[0], source)

    return join_marked_pages(by_page, naming)


def join_marked_pages(by_page: dict[int, RawDocument],
                      naming: Callable[[list[int]], tuple[str, str]]) -> list[RawDocument]:
    """Pages (by page number) whose markers agree — page M says `下转N`, page N says `上接M` — as one
    document each, named by `naming(pages)` → (source, content hash); the other pages as they are."""
    marks = {p: jump_marks(d.text) for p, d in by_page.items()}
    owner = {p: p for p in by_page}

    def find(p: int) -> int:
        while owner[p] != p:
            p = owner[p]
        return p

    for p, found in marks.items():
        for mark in found:
            if mark.forward and mark.page in by_page and mark.page != p and any(
                    not m.forward and m.page == p for m in marks[mark.page]):
                owner[find(mark.page)] = find(p)
    groups: dict[int, list[int]] = {}
    for p in sorted(by_page):
        groups.setdefault(find(p), []).append(p)
    out = []
    for pages in groups.values():
        if len(pages) == 1:
            out.append(by_page[pages[0]])
            continue
        first = by_page[pages[0]]
        source, content_hash = naming(pages)
        text, spans, stories = "", [], []
        for p in pages:
            doc = by_page[p]
            if text:
                text += "\n"
                stories.append(len(text))
            stories += [len(text) + s for s in doc.stories]
            spans.append((len(text), len(text) + len(doc.text), p))
            text += doc.text
        out.append(RawDocument(
            source=source, text=text, content_hash=content_hash,
            path=first.path, pages=spans, ocr=True, stories=stories,
            low_confidence_lines=sum(by_page[p].low_confidence_lines for p in pages),
            dropped_lines=sum(by_page[p].dropped_lines for p in pages)))
    return out
