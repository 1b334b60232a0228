"""Bytes → text for every supported file type, with encoding detection and per-file errors.

Formats: plain text and Markdown; saved web pages (.html/.htm, .mhtml/.mht) through main-content
extraction; JSONL exports; Word (.docx); PDF, page by page, with OCR for pages without a usable text
layer; images of printed pages (.png .jpg .jpeg .tif .tiff .bmp .webp), OCR'd. See ingest/formats/.

Pages and OCR in citations: a PDF or image yields one document per page, and the page is part of
the document's source — `paper.pdf#p2`, `paper.pdf#p2-3` (a paragraph runs on from page 2 to 3),
`scan.pdf#p4(OCR)`, `photo.jpg#p1(OCR)`, `paper.pdf#p1+2` (a story jumps from page 1 to 2:
`(下转2版)` … `(上接1版)`, see ingest/continuation.py) — so every article, chunk and citation names its
file, page and whether its text came from OCR, with no change to the store. `parse_locator` reads it back.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from bs4 import BeautifulSoup

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
MHTML_SUFFIXES = {".mhtml", ".mht"}
JSONL_SUFFIXES = {".jsonl", ".jsonl.gz"}
PDF_SUFFIXES = {".pdf"}
DOCX_SUFFIXES = {".docx"}
DOC_SUFFIXES = {".doc"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}
ARCHIVE_SUFFIXES = {".zip"}
SUPPORTED_SUFFIXES = frozenset(TEXT_SUFFIXES | HTML_SUFFIXES | MHTML_SUFFIXES | JSONL_SUFFIXES | PDF_SUFFIXES
                               | DOCX_SUFFIXES | DOC_SUFFIXES | IMAGE_SUFFIXES | ARCHIVE_SUFFIXES)
LARGE_TEXT_BYTES = 4 * 2**20  # text files above this are streamed in parts
PART_CHARS = 500_000  # about this much text per part, cut at a blank line
# Tried in order after UTF-8; GB18030 is a superset of GBK/GB2312.
FALLBACK_ENCODINGS = ("gb18030", "big5")


class ReadError(Exception):
    """A file that cannot be read; the message names the file and what to do."""


@dataclass(repr=False)
class RawDocument:
    """One unit of input: a whole file, one record of a JSONL export, or one page (or run of pages)
    of a PDF or image.

    `text` of an OCR page is produced on first access (`loader`), so an unchanged scan is skipped by
    its `content_hash` without being OCR'd again; `low_confidence_lines` and `dropped_lines` are
    known once the text is.
    """

    source: str
    text: str
    content_hash: str
    published: str | None = None
    title: str | None = None
    path: str | None = None  # the file (source may add #p2, #id)
    pages: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, page) offsets into text
    ocr: bool = False  # the text came from OCR
    low_confidence_lines: int = 0  # OCR lines kept, marked 〔OCR存疑：…〕
    dropped_lines: int = 0  # OCR lines below the confidence floor, left out
    stories: list[int] = field(default_factory=list)  # offsets in text where a further story begins (layout)
    loader: Callable[[RawDocument], str] | None = field(default=None, compare=False)

    def __repr__(self) -> str:
        state = "not loaded" if self.loader is not None else f"{len(self._text or '')} chars"
        return f"RawDocument(source={self.source!r}, {state}, ocr={self.ocr})"

    def page_of(self, offset: int) -> int | None:
        """The page number of a character offset in `text` (None for files without pages)."""
        return next((page for start, end, page in self.pages if start <= offset < end), None)


def _get_text(doc: RawDocument) -> str:
    if doc.loader is not None:
        doc._text = doc.loader(doc)
        doc.loader = None  # after success only: a failed OCR is tried again on the next access
    return doc._text


def _set_text(doc: RawDocument, value: str | None) -> None:
    doc._text = value


RawDocument.text = property(_get_text, _set_text)  # type: ignore[assignment]


@dataclass
class Locator:
    """Where an article came from, read back from its source."""

    path: str
    first_page: int | None = None
    last_page: int | None = None
    ocr: bool = False
    record: str | None = None  # JSONL record id
    spans: list[tuple[int, int]] = field(default_factory=list)  # page runs joined by a story's jump

    def label(self) -> str:
        """`p. 2`, `pp. 2–3`, `p. 4, OCR`, `pp. 1, 3` (a story jumps from page 1 to 3); empty for
        files without pages."""
        if self.first_page is None:
            return ""
        if len(self.spans) > 1:
            pages = "pp. " + ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in self.spans)
        else:
            pages = (f"p. {self.first_page}" if self.last_page in (None, self.first_page)
                     else f"pp. {self.first_page}–{self.last_page}")
        return pages + (", OCR" if self.ocr else "")


_PAGE_FRAGMENT = re.compile(r"^p(\d+(?:-\d+)?(?:\+\d+(?:-\d+)?)*)(\(OCR\))?$")


def page_source(source: str, first: int, last: int | None = None, ocr: bool = False) -> str:
    span = f"p{first}" if last in (None, first) else f"p{first}-{last}"
    return f"{source}#{span}{'(OCR)' if ocr else ''}"


def jump_source(source: str, spans: list[tuple[int, int]]) -> str:
    """`paper.pdf#p1+2`: pages read as one document because a story jumps from one to the other
    (`(下转2版)` … `(上接1版)`); `#p1-2+4`: pages 1–2 run on, and a story jumps to page 4."""
    return f"{source}#p" + "+".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans)


# Pages scanned as separate files (one image per newspaper page) whose story jumps from one to the
# other are read as one document; its source names every file's page, in page order:
# `issue/p1.png#p1(OCR) + issue/p2.png#p1(OCR)` (see ingest/issue_pages.py).
JOINED_FILES = " + "
_OCR_PAGE_SOURCE = re.compile(r"#p\d+\(OCR\)$")


def joined_files_source(sources: list[str]) -> str:
    return JOINED_FILES.join(sources)


def member_sources(source: str) -> list[str]:
    """The page sources a joined-files source is made of; any other source is its own one member."""
    parts = source.split(JOINED_FILES)
    return parts if len(parts) > 1 and all(_OCR_PAGE_SOURCE.search(p) for p in parts) else [source]


def is_joined_files(source: str) -> bool:
    return len(member_sources(source)) > 1


def source_paths(source: str) -> list[Path]:
    """The files a source was read from (a zip member's source names the zip)."""
    return [Path(m.split("#", 1)[0]) for m in member_sources(source)]


def source_name(source: str) -> str:
    """What a reader calls a source: its last path part (`paper.pdf#p2`), or for pages of several files each
    file's name, joined (`p1.png + p2.png`)."""
    members = member_sources(source)
    if len(members) == 1:
        return PurePosixPath(source.replace("\\", "/")).name
    return JOINED_FILES.join(PurePosixPath(m.rsplit("#", 1)[0].replace("\\", "/")).name for m in members)


def parse_locator(source: str) -> Locator:
    path, _, fragment = source.partition("#")
    if m := _PAGE_FRAGMENT.match(fragment):
        spans = [(int(a), int(b or a)) for a, b in re.findall(r"(\d+)(?:-(\d+))?", m.group(1))]
        return Locator(path, spans[0][0], max(b for _, b in spans), bool(m.group(2)), spans=spans)
    return Locator(path, record=fragment or None)


def suffix_of(path: Path) -> str:
    name = path.name.lower()
    return ".jsonl.gz" if name.endswith(".jsonl.gz") else path.suffix.lower()


def is_supported(path: Path) -> bool:
    return suffix_of(path) in SUPPORTED_SUFFIXES


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > len(sample) * 0.05


def _cjk_plausibility(text: str) -> float:
    """Share of characters that are common CJK, ASCII or CJK punctuation (mis-decoded text scores low)."""
    if not text:
        return 0.0
    good = 0
    for ch in text:
        o = ord(ch)
        if o < 128 or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or 0x4E00 <= o <= 0x9FA5:
            good += 1
    return good / len(text)


def decode_bytes(data: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM), else GB18030 or Big5, whichever reads as real text."""
    if not data.strip():
        raise ReadError(f"{name}: the file is empty; nothing to ingest.")
    if _looks_binary(data):
        raise ReadError(f"{name}: looks like a binary file, not text; convert it to .txt/.md/.html first.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best, best_score = None, 0.0
    for encoding in FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _cjk_plausibility(text)
        if score > best_score:
            best, best_score = text, score
    if best is None or best_score < 0.9:
        raise ReadError(
            f"{name}: cannot decode the text (not UTF-8, GB18030 or Big5); save it as UTF-8 and ingest again."
        )
    return best


def html_to_text(html: str) -> tuple[str, str | None]:
    """Visible text of an HTML page (scripts and styles dropped) and its <title>."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "iframe", "svg"]):
        tag.decompose()
    title = soup.title.get_text(strip=True) if soup.title else None
    if soup.title:
        soup.title.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    blocks = soup.find_all(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "td", "section", "article"])
    for block in blocks:
        block.insert_before("\n\n")
        block.insert_after("\n\n")
    text = soup.get_text()
    return text, title or None


def content_hash(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def _read_jsonl(path: Path, source: str) -> Iterator[RawDocument]:
    """One document per line, streamed; bad lines are skipped and reported together at the end."""
    opener = gzip.open if suffix_of(path) == ".jsonl.gz" else open
    bad: list[str] = []
    with opener(path, "rt", encoding="utf-8-sig") as handle:  # streamed: never loads the whole export
        for line_no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                bad.append(f"line {line_no}: not valid JSON ({exc.msg})")
                continue
            text = record.get("text") if isinstance(record, dict) else None
            if not isinstance(text, str) or not text.strip():
                bad.append(f"line {line_no}: field 'text' is missing or empty")
                continue
            rid = str(record.get("id") or line_no)
            yield RawDocument(
                source=f"{source}#{rid}",
                text=text,
                content_hash=content_hash(text.encode("utf-8")),
                published=(record.get("date") or None),
                title=(record.get("title") or None),
            )
    if bad:
        shown = "; ".join(bad[:5]) + (f"; and {len(bad) - 5} more" if len(bad) > 5 else "")
        raise ReadError(f"{source}: {len(bad)} lines skipped ({shown}); fix them and ingest again.")


def _read_large_text(path: Path, source: str) -> Iterator[RawDocument]:
    """A big text file in parts of about PART_CHARS, cut at blank lines: memory stays bounded."""
    import codecs

    with open(path, "rb") as handle:
        sample = handle.read(1 << 16)
        encoding = "utf-8-sig"
        try:
            sample.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            if exc.start < len(sample) - 4:  # not just a character cut at the sample's end
                decoded = decode_bytes(sample[: sample.rfind(b"\n") + 1] or sample, source)
                encoding = next(e for e in FALLBACK_ENCODINGS
                                if sample[: sample.rfind(b"\n") + 1].decode(e, errors="ignore") == decoded)
        if _looks_binary(sample):
            raise ReadError(f"{source}: looks like a binary file, not text; convert it to .txt/.md/.html first.")
        handle.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        buffer, part = "", 0
        while True:
            block = handle.read(1 << 20)
            buffer += decoder.decode(block, final=not block)
            while len(buffer) >= PART_CHARS or (not block and buffer.strip()):
                cut = buffer.rfind("\n\n", 0, PART_CHARS * 2) if block else len(buffer)
                cut = cut if cut > PART_CHARS // 4 else min(len(buffer), PART_CHARS)
                text, buffer = buffer[:cut], buffer[cut:]
                part += 1
                yield RawDocument(source=f"{source}#part{part}", text=text,
                                  content_hash=content_hash(text.encode("utf-8")), path=str(path))
                if not block:
                    break
            if not block:
                return


def _read_bytes(path: Path, source: str) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{source}: cannot open the file ({exc.strerror}).") from exc
    if not data.strip():
        raise ReadError(f"{source}: the file is empty; nothing to ingest.")
    return data


def _ocr_loader(source: str, page: int, pages: int, image_of: Callable[[], object]) -> Callable[[RawDocument], str]:
    def load(doc: RawDocument) -> str:
        from ingest.formats import ocr

        try:
            image = image_of()
            result = ocr.ocr_image(image)
        except ReadError:
            raise
        except Exception as exc:
            raise ReadError(f"{source}: page {page} could not be OCR'd ({type(exc).__name__}: {exc}).") from exc
        doc.low_confidence_lines = result.marked
        doc.dropped_lines = len(result.dropped)
        doc.pages = [(0, len(result.text), page)]
        doc.stories = list(result.stories)
        ocr.report(ocr.OcrProgress(source=source, page=page, pages=pages, lines=len(result.lines),
                                   marked=result.marked, dropped=len(result.dropped), seconds=result.seconds))
        return result.text

    return load


def _read_pdf(path: Path, source: str) -> Iterator[RawDocument]:
    from ingest.formats import ocr
    from ingest.formats.layout import join_text
    from ingest.formats.pdf import (PdfError, PdfPage, analyse, jump_groups, render_page, runs_on, story_offsets,
                                    strip_folios)

    file_hash = content_hash(_read_bytes(path, source))
    try:
        pages = list(analyse(path))
    except PdfError as exc:
        raise ReadError(f"{source}: {exc}.") from exc
    total = len(pages)
    units: list[list[PdfPage]] = []  # an OCR page alone, or a run of text-layer pages
    i = 0
    while i < total:
        run = [pages[i]]
        if not pages[i].needs_ocr:
            while i + len(run) < total and runs_on(run[-1], pages[i + len(run)]):
                run.append(pages[i + len(run)])
        units.append(run)
        i += len(run)
    for group in jump_groups(units):
        if group[0][0].needs_ocr:
            page = group[0][0]
            n, scale = page.number, page.render_scale
            yield RawDocument(
                source=page_source(source, n, ocr=True), text=None, path=str(path), ocr=True,
                content_hash=f"{file_hash}:p{n}:{ocr.OCR_VERSION}",
                loader=_ocr_loader(source, n, total, lambda n=n, scale=scale: render_page(path, n, scale)))
            continue
        text, spans, stories = "", [], []
        for run in group:
            if text:  # a story jumps here: the page is read as a story of its own, then joined
                text += "\n"
                stories.append(len(text))
            for k, part in enumerate(run):
                paragraphs = [p.text for p in part.paragraphs]
                if k + 1 < len(run):  # the folio between two pages of one paragraph is not content
                    paragraphs = strip_folios(paragraphs, end=True)
                if k > 0:
                    paragraphs = strip_folios(paragraphs, end=False)
                start = len(text)  # a paragraph that runs on is joined where the page breaks
                body = "\n".join(paragraphs)
                text = join_text(text, body, space=False) if k > 0 else text + body
                spans.append((start, len(text), part.number))
                if len(group) > 1 and k == 0:  # the page's other stories end the continued part
                    stories += [start + at for at in story_offsets(part)]
        runs = [(run[0].number, run[-1].number) for run in group]
        src = page_source(source, *runs[0]) if len(runs) == 1 else jump_source(source, runs)
        yield RawDocument(source=src, text=text, path=str(path), pages=spans, stories=stories,
                          content_hash=content_hash(f"{src}\n{text}".encode()))


def _read_image(path: Path, source: str) -> Iterator[RawDocument]:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    from ingest.formats import ocr

    data = _read_bytes(path, source)
    try:
        with Image.open(path) as img:
            frames = getattr(img, "n_frames", 1)
    except (UnidentifiedImageError, OSError) as exc:
        raise ReadError(f"{source}: not a readable image ({exc}); save it as PNG or JPEG.") from exc

    def frame(index: int) -> Image.Image:
        with Image.open(path) as img:
            for k, image in enumerate(ImageSequence.Iterator(img)):
                if k == index:
                    return image.copy()
        raise ReadError(f"{source}: page {index + 1} of the image is missing.")

    file_hash = content_hash(data)
    for index in range(frames):  # a multi-page TIFF is a scanned document, one frame per page
        n = index + 1
        yield RawDocument(source=page_source(source, n, ocr=True), text=None, path=str(path), ocr=True,
                          content_hash=f"{file_hash}:p{n}:{ocr.OCR_VERSION}",
                          loader=_ocr_loader(source, n, frames, lambda index=index: frame(index)))


def _read_docx(path: Path, source: str) -> RawDocument:
    import zipfile

    from ingest.formats.docx import read_docx

    data = _read_bytes(path, source)
    try:
        text, title = read_docx(path)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(f"{source}: not a readable .docx file ({type(exc).__name__}); "
                        "open and save it again in Word (a legacy .doc must be saved as .docx).") from exc
    except Exception as exc:  # python-docx raises its own PackageNotFoundError, lxml errors, …
        raise ReadError(f"{source}: not a readable .docx file ({type(exc).__name__}: {exc}).") from exc
    if not text.strip():
        raise ReadError(f"{source}: the document holds no text; nothing to ingest.")
    return RawDocument(source=source, text=text, content_hash=content_hash(data), title=title, path=str(path))


def _read_doc(path: Path, source: str) -> RawDocument:
    from ingest.formats.doc import DocFormatError, read_doc

    data = _read_bytes(path, source)
    try:
        text, title = read_doc(path)
    except DocFormatError as exc:
        raise ReadError(f"{source}: {exc}.") from exc
    except Exception as exc:  # olefile's own errors on a damaged container
        raise ReadError(f"{source}: not a readable .doc file ({type(exc).__name__}: {exc}); "
                        "open it in Word or WPS and save it as .docx.") from exc
    if not text.strip():
        raise ReadError(f"{source}: the document holds no text; nothing to ingest.")
    return RawDocument(source=source, text=text, content_hash=content_hash(data), title=title, path=str(path))


def _web_document(markup: str, source: str, data: bytes, path: Path, url: str | None = None,
                  fallback_title: str | None = None) -> RawDocument:
    from ingest.formats.web import extract_article

    article = None
    try:
        article = extract_article(markup, url)
    except Exception:  # noqa: BLE001 - a page trafilatura cannot parse is still read as plain visible text
        article = None
    if article is not None:
        return RawDocument(source=source, text=article.text, content_hash=content_hash(data), path=str(path),
                           title=article.title or fallback_title, published=article.published)
    text, title = html_to_text(markup)
    return RawDocument(source=source, text=text, content_hash=content_hash(data), title=title or fallback_title,
                       path=str(path))


def read_path(path: Path, source: str | None = None) -> Iterator[RawDocument]:
    """Yield the documents in one file. Raises ReadError with the file name on unreadable input."""
    source = source or str(path)
    suffix = suffix_of(path)
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, source)
        return
    if suffix not in SUPPORTED_SUFFIXES:
        kinds = ".txt, .md, .html, .mhtml, .jsonl, .pdf, .doc, .docx or an image (.png, .jpg, .tif)"
        raise ReadError(f"{source}: unsupported file type '{suffix}'; use {kinds}.")
    if suffix in PDF_SUFFIXES:
        yield from _read_pdf(path, source)
        return
    if suffix in IMAGE_SUFFIXES:
        yield from _read_image(path, source)
        return
    if suffix in DOCX_SUFFIXES:
        yield _read_docx(path, source)
        return
    if suffix in DOC_SUFFIXES:
        yield _read_doc(path, source)
        return
    if suffix in ARCHIVE_SUFFIXES:
        from ingest.formats.archive import read_zip

        problems: list[str] = []
        yield from read_zip(path, source, is_supported, read_path, problems)
        if problems:
            raise ReadError(" ".join(problems))
        return
    if suffix in TEXT_SUFFIXES and path.stat().st_size > LARGE_TEXT_BYTES:
        yield from _read_large_text(path, source)
        return
    data = _read_bytes(path, source)
    if suffix in MHTML_SUFFIXES:
        from ingest.formats.web import read_mhtml

        page = read_mhtml(data)
        if page is None:
            raise ReadError(f"{source}: no HTML page inside this MHTML archive; save the page again.")
        yield _web_document(page.html, source, data, path, page.url, page.subject)
        return
    text = decode_bytes(data, source)
    if suffix in HTML_SUFFIXES:
        yield _web_document(text, source, data, path)
        return
    yield RawDocument(source=source, text=text, content_hash=content_hash(data), path=str(path))


def is_page_asset(path: Path, root: Path) -> bool:
    """An image or page inside the `NAME_files/` folder a browser saves next to `NAME.html`
    ("web page, complete"): logos, icons and QR codes, not articles."""
    for parent in path.relative_to(root).parents:
        name = parent.name
        if name.endswith(("_files", ".files")):
            return True
    return False


def iter_files(sources: list[Path]) -> Iterator[Path]:
    """Files under the given paths, in a stable order; unsupported files in folders are ignored,
    and so are the assets of saved web pages (a file given by name is always read)."""
    for src in sources:
        if src.is_dir():
            for path in sorted(p for p in src.rglob("*") if p.is_file()):
                if is_supported(path) and not is_page_asset(path, src):
                    yield path
        else:
            yield src
