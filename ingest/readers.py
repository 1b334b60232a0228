"""Bytes → text for every supported file type, with encoding detection and per-file errors."""
from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".jsonl.gz"}
# Tried in order after UTF-8; GB18030 is a superset of GBK/GB2312.
FALLBACK_ENCODINGS = ("gb18030", "big5")


class ReadError(Exception):
    """A file that cannot be read; the message names the file and what to do."""


@dataclass
class RawDocument:
    """One unit of input: a whole file, or one record of a JSONL export."""

    source: str
    text: str
    content_hash: str
    published: str | None = None
    title: str | None = None


def suffix_of(path: Path) -> str:
    name = path.name.lower()
    return ".jsonl.gz" if name.endswith(".jsonl.gz") else path.suffix.lower()


def is_supported(path: Path) -> bool:
    return suffix_of(path) in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


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
    opener = gzip.open if suffix_of(path) == ".jsonl.gz" else open
    with opener(path, "rt", encoding="utf-8-sig") as handle:  # streamed: never loads the whole export
        for line_no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ReadError(f"{source}:{line_no}: not valid JSON ({exc.msg}); fix or remove that line.") from exc
            text = record.get("text") if isinstance(record, dict) else None
            if not isinstance(text, str) or not text.strip():
                raise ReadError(f"{source}:{line_no}: field 'text' is missing or empty; every line needs a 'text'.")
            rid = str(record.get("id") or line_no)
            yield RawDocument(
                source=f"{source}#{rid}",
                text=text,
                content_hash=content_hash(text.encode("utf-8")),
                published=(record.get("date") or None),
                title=(record.get("title") or None),
            )


def read_path(path: Path, source: str | None = None) -> Iterator[RawDocument]:
    """Yield the documents in one file. Raises ReadError with the file name on unreadable input."""
    source = source or str(path)
    suffix = suffix_of(path)
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, source)
        return
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise ReadError(f"{source}: unsupported file type '{suffix}'; use .txt, .md, .html or .jsonl.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{source}: cannot open the file ({exc.strerror}).") from exc
    text = decode_bytes(data, source)
    title = None
    if suffix in HTML_SUFFIXES:
        text, title = html_to_text(text)
    yield RawDocument(source=source, text=text, content_hash=content_hash(data), title=title)


def iter_files(sources: list[Path]) -> Iterator[Path]:
    """Files under the given paths, in a stable order; unsupported files in folders are ignored."""
    for src in sources:
        if src.is_dir():
            for path in sorted(p for p in src.rglob("*") if p.is_file()):
                if is_supported(path):
                    yield path
        else:
            yield src
