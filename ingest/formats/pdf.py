"""PDF pages → text in reading order, with page numbers; pages without a usable text layer go to OCR.

Library: pdfplumber (MIT). It gives every character with its box and type size, which is what
column-aware reading order needs (`layout` does the ordering, not the library), and it brings
pypdfium2 (Apache-2.0/BSD), PDFium's bindings, which renders scanned pages to images for OCR.
PyMuPDF would be faster but is AGPL-licensed, a poor fit for a web app we hand to customers;
pypdf has no character boxes to order columns with.

A page is OCR'd when its text layer is missing (fewer than `MIN_TEXT_CHARS` characters: a scan,
or text converted to outlines), unreadable (a font without a Unicode map yields `(cid:NN)` or
private-use characters), or when a page-size image carries the content and the text layer holds only
a stamp or a footer.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any  # pdfplumber pages and PIL images: imported where used, not at start

from ingest.formats.layout import Fragment, Paragraph, page_paragraphs

MIN_TEXT_CHARS = 20
MIN_PLAUSIBLE = 0.6
IMAGE_PAGE_SHARE = 0.5  # an image covering this share of the page…
IMAGE_PAGE_MAX_CHARS = 100  # …with at most this much text means the image is the page
OCR_DPI = 200  # rendering resolution when a page has no image to take the resolution from
OCR_DPI_RANGE = (150, 300)
PAGE_IMAGE_SHARE = 0.9  # one image covering this share of the page is the page (a scan)

_CID = re.compile(r"\(cid:\d+\)")


class PdfError(Exception):
    """A PDF that cannot be opened (broken, encrypted)."""


@dataclass
class PdfPage:
    number: int  # 1-based
    needs_ocr: bool
    reason: str = ""  # why the page goes to OCR
    paragraphs: list[Paragraph] = field(default_factory=list)
    render_scale: float = OCR_DPI / 72

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


def plausibility(text: str) -> float:
    """Share of characters that are CJK, ASCII or common punctuation (a broken font map scores low)."""
    text = re.sub(r"\s+", "", text)
    if not text:
        return 0.0
    good = 0
    for ch in text:
        o = ord(ch)
        if (o < 128 or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or 0x3400 <= o <= 0x9FFF
                or 0x2000 <= o <= 0x206F or 0xF900 <= o <= 0xFAFF or 0x00A0 <= o <= 0x00FF):
            good += 1
    return good / len(text)


def _fragments(chars: list[dict]) -> list[Fragment]:
    out: list[Fragment] = []
    space = False
    for c in chars:
        text = c.get("text", "")
        if not text or not c.get("upright", True):
            continue
        if not text.strip():
            space = True
            continue
        size = float(c.get("size") or 0) or float(c["bottom"] - c["top"])
        out.append(Fragment(float(c["x0"]), float(c["top"]), float(c["x1"]), float(c["bottom"]), text,
                            max(size, 1.0), space_before=space))
        space = False
    return out


def _image_scale(page: Any) -> tuple[float, float, bool]:
    """(share of the page covered by images, pixels per point of the sharpest large image, whether
    one image is the whole page)."""
    area = float(page.width * page.height) or 1.0
    covered, scale, whole = 0.0, 0.0, False
    for img in page.images:
        w, h = float(img["x1"] - img["x0"]), float(img["bottom"] - img["top"])
        if w <= 0 or h <= 0:
            continue
        covered += w * h
        src = img.get("srcsize") or (0, 0)
        if w * h >= area * 0.1 and src[0]:
            scale = max(scale, float(src[0]) / w)
        whole = whole or w * h >= area * PAGE_IMAGE_SHARE
    return min(1.0, covered / area), scale, whole


def analyse(path: Path) -> Iterator[PdfPage]:
    """Every page of the PDF: its paragraphs from the text layer, or a flag that it needs OCR."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(path)
    except (PDFSyntaxError, PDFPasswordIncorrect) as exc:
        raise PdfError(f"not a readable PDF ({type(exc).__name__})") from exc
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise PdfError("the PDF is password-protected; save an unprotected copy") from exc
        raise PdfError(f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    with pdf:
        for number, page in enumerate(pdf.pages, 1):
            chars = page.dedupe_chars().chars
            text = "".join(c.get("text", "") for c in chars)
            visible = re.sub(r"\s+", "", _CID.sub("\ufffd", text))
            covered, px_per_pt, whole = _image_scale(page)
            lo, hi = OCR_DPI_RANGE
            scale = min(max(px_per_pt, lo / 72), hi / 72) if px_per_pt else OCR_DPI / 72
            if whole and px_per_pt:
                # a scan saved as a PDF: read the scan's own pixels, whatever page size the writer
                # gave it (a 150 DPI scan stored at 72 "DPI" was enlarged 2x and read out of order)
                scale = px_per_pt
            reason = ""
            if len(visible) < MIN_TEXT_CHARS:
                reason = "no text layer"
            elif plausibility(visible) < MIN_PLAUSIBLE:
                reason = "unreadable text layer"
            elif covered >= IMAGE_PAGE_SHARE and len(visible) <= IMAGE_PAGE_MAX_CHARS:
                reason = "page is an image"
            if reason:
                yield PdfPage(number, True, reason, render_scale=scale)
            else:
                yield PdfPage(number, False, paragraphs=page_paragraphs(_fragments(chars)))
            page.close()


def render_page(path: Path, number: int, scale: float) -> Any:  # a PIL image
    """Page `number` (1-based) as a PIL image, for OCR."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[number - 1]
        width, height = page.get_size()
        scale = min(scale, 3000 / max(width, height, 1))  # keep the long side at most 3000 px
        bitmap = page.render(scale=scale)
        return bitmap.to_pil()
    finally:
        pdf.close()


_FOLIO = re.compile(r"^[-–—\s]*(第\s*)?\d{1,4}(\s*页)?[-–—\s]*$|^\d{1,4}\s*/\s*\d{1,4}$|^page\s*\d+", re.I)
_JUMP = re.compile(r"[转接]\s*第?\s*\d+\s*版\s*[)）]?$")


def strip_folios(paragraphs: list[str], end: bool) -> list[str]:
    """Drop page numbers from the end (or the start) of a page's paragraphs."""
    paragraphs = list(paragraphs)
    while paragraphs and _FOLIO.match(paragraphs[-1 if end else 0]):
        paragraphs.pop(-1 if end else 0)
    return paragraphs


def _content(paragraphs: list[Paragraph]) -> list[Paragraph]:
    return [p for p in paragraphs if not _FOLIO.match(p.text)]


def runs_on(page: PdfPage, following: PdfPage) -> bool:
    """Does the last paragraph of `page` continue at the top of `following`?

    True when the page ends mid-sentence in a body paragraph (folios ignored) and the next page
    starts with body text rather than a headline; a newspaper's `（下转2版）` jump does not count.
    """
    from ingest.clean import is_terminal

    if page.needs_ocr or following.needs_ocr:
        return False
    ours, theirs = _content(page.paragraphs), _content(following.paragraphs)
    if not ours or not theirs:
        return False
    last, first = ours[-1].text.strip(), theirs[0].text.strip()
    if is_terminal(last) or _JUMP.search(last) or len(last) < 20 or len(first) < 20:
        return False
    return abs(ours[-1].size - theirs[0].size) <= 0.2 * max(ours[-1].size, theirs[0].size, 1)


def _jumps(run: list[PdfPage]) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """(page, page it jumps to) for each `(下转N版)` and (page, page it continues from) for each
    `(上接N版)` in a run of text-layer pages."""
    from ingest.clean import jump_marks

    forward, backward = set(), set()
    for page in run:
        for mark in jump_marks(page.text):
            (forward if mark.forward else backward).add((page.number, mark.page))
    return forward, backward


def jump_groups(units: list[list[PdfPage]]) -> list[list[list[PdfPage]]]:
    """Runs of text-layer pages grouped where a story jumps between them: page M says `(下转N版)` and
    page N says `(上接M版)`, both in this file. Each group is read as one document (its runs in page
    order), so the story's two parts can be joined; OCR pages and unlinked runs stay alone.

    Groups come in the order of their first page, so the file's documents do not depend on where
    in the file a continuation is printed."""
    owner = list(range(len(units)))

    def find(k: int) -> int:
        while owner[k] != k:
            owner[k] = owner[owner[k]]
            k = owner[k]
        return k

    page_unit = {page.number: k for k, run in enumerate(units) for page in run if not page.needs_ocr}
    marks = [_jumps(run) if not run[0].needs_ocr else (set(), set()) for run in units]
    for k, (forward, _) in enumerate(marks):
        for page, target in forward:
            other = page_unit.get(target)
            if other is not None and other != k and (target, page) in marks[other][1]:
                owner[find(other)] = find(k)
    groups: dict[int, list[list[PdfPage]]] = {}
    for k, run in enumerate(units):
        groups.setdefault(find(k), []).append(run)
    return sorted(groups.values(), key=lambda g: g[0][0].number)


def story_offsets(page: PdfPage) -> list[int]:
    """Offsets in `page.text` where a further story begins, by the layout's headlines (type size):
    used for the pages a jumped story is joined across, so the continued part ends where the
    page's next story begins."""
    import statistics

    from ingest.formats.stories import story_starts

    if not page.paragraphs:
        return []
    body = statistics.median(ln.size for p in page.paragraphs for ln in p.lines) if any(
        p.lines for p in page.paragraphs) else statistics.median(p.size for p in page.paragraphs)
    starts = set(story_starts(page.paragraphs, body))
    offsets, at = [], 0
    for i, p in enumerate(page.paragraphs):
        if i in starts and i:
            offsets.append(at)
        at += len(p.text) + 1
    return offsets
