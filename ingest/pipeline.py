"""read → clean → segment → enrich → chunk → embed + store, one file at a time.

Content hashes make runs incremental: an unchanged file is skipped, a changed file replaces its
old articles, and one bad file is reported by name while the rest is ingested.
"""
from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from ingest.cards import practice_card
from ingest.chunk import chunk_article
from ingest.clean import CleanPage, clean_page, jump_marks
from ingest.continuation import (PartSegments, StoryPart, join_continued, join_pages, joins_any, stored_join,
                                 story_parts)
from ingest.dedup import NearDuplicateIndex, signature, to_bytes
from ingest.dates import published_date
from ingest.enrich import detect_lang, detect_place, detect_practices, detect_published
from ingest.issue_pages import IssueJoins
from ingest.readers import (RawDocument, ReadError, is_joined_files, iter_files, member_sources, parse_locator,
                            read_path, source_paths)
from ingest.segment import segment_page
from vectorstore.records import Article, Chunk
from vectorstore.store import FileContent, Store


@dataclass
class IngestReport:
    files: int = 0
    ingested: int = 0
    unchanged: int = 0
    articles: int = 0
    chunks: int = 0
    removed: int = 0
    duplicates: int = 0  # byte-identical files under another name: stored once
    near_duplicates: int = 0  # articles linked to a reprint of the same story
    empty: list[str] = field(default_factory=list)  # documents with nothing left after cleaning
    errors: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return self.unchanged + len(self.errors)

    def summary(self) -> str:
        lines = [f"{self.files} files: {self.ingested} ingested, {self.unchanged} unchanged, "
                 f"{len(self.errors)} errors; {self.articles} articles, {self.chunks} chunks added"
                 + (f"; {self.removed} articles removed" if self.removed else "")
                 + (f"; {self.duplicates} duplicate files stored once" if self.duplicates else "")
                 + (f"; {self.near_duplicates} near-duplicate reprints linked" if self.near_duplicates else "")]
        if self.empty:
            shown = ", ".join(self.empty[:5]) + (f" and {len(self.empty) - 5} more" if len(self.empty) > 5 else "")
            lines.append(f"  {len(self.empty)} documents had no text left after cleaning: {shown}")
        lines += [f"  error: {e}" for e in self.errors]
        return "\n".join(lines)


def article_id(source: str, position: int, text: str) -> str:
    return hashlib.sha1(f"{source}\n{position}\n{text}".encode()).hexdigest()[:16]


def byline_names(byline: str) -> list[str]:
    """`通讯员 钟丽 记者 郭爽` → [钟丽, 郭爽]; `(自治办)` → [自治办]."""
    text = re.sub(r"[（()）]|本版.*由|提供", " ", byline)
    text = re.sub(r"通讯员|记者|摄影|撰稿|作者|供稿|文[:：]", " ", text)
    return [w for w in text.split() if w]


def build_articles(doc: RawDocument) -> list[Article]:
    """One raw document → cleaned, segmented, enriched articles (each story of a page on its own;
    a story that jumps pages, `(下转2版)` … `(上接1版)`, joined into one: `ingest.continuation`)."""
    text = doc.text

    def pieces_of(parts: list[StoryPart]) -> tuple[list[CleanPage], list[PartSegments]]:
        pages = [clean_page(text[p.start:p.end]) for p in parts]
        return pages, [PartSegments(segment_page(pg.blocks, pg.original_title), doc.page_of(p.start), p.jumps_to,
                                    p.continued_from) for p, pg in zip(parts, pages)]

    parts = story_parts(text, doc.stories)
    if len(parts) > 1:
        pages, pieces = pieces_of(parts)
        if any(p.jumps_to is not None or p.continued_from is not None for p in parts) and not joins_any(pieces):
            parts = story_parts(text, doc.stories, jumps=False)  # a marker without its other part: as before
            pages, pieces = pieces_of(parts) if len(parts) > 1 else (pages, [])
    if len(parts) > 1:
        page = pages[0]
        segments = join_continued(pieces)
    else:
        page = clean_page(doc.text)
        segments = segment_page(page.blocks, page.original_title or doc.title)
    page_text = "\n".join(s.text for s in segments)
    page_place = detect_place(page_text, page.original_title or doc.title or "")
    # a dateline cut from the lead (`深圳新闻网2023年8月14日讯`) still dates the report
    dateline_date = detect_published(" ".join(line for rule, line in page.removed if rule == "dateline"))
    articles = []
    for position, seg in enumerate(segments):
        place = detect_place(seg.text, seg.title)
        if not place.district:  # a short case on a page inherits the page's place
            place.district, place.street = page_place.district, page_place.street
        text = seg.text
        authors = [a for b in seg.blocks if b.kind == "byline" for a in byline_names(b.text)]
        if page.author and not authors:
            authors = [page.author]
        articles.append(Article(
            id=article_id(doc.source, position, text), title=seg.title, source=doc.source, position=position,
            lang=detect_lang(text), published=published_date(doc.published, doc.text) or detect_published(text) or dateline_date,
            place=place, practices=detect_practices(text, seg.title), text=text, original=seg.original,
            file_hash=doc.content_hash, publication=page.publication, authors=authors,
        ))
    return articles


@dataclass
class _Prepared:
    doc: RawDocument
    articles: list[Article]
    chunks: list[Chunk]
    texts: list[str]


def prepare(doc: RawDocument, chunk_chars: int) -> _Prepared:
    articles = build_articles(doc)
    chunks: list[Chunk] = []
    texts: list[str] = []
    for article in articles:
        for chunk in chunk_article(article.id, article.text, chunk_chars):
            chunks.append(chunk)
            texts.append(chunk.embed_text(article.title))
    return _Prepared(doc, articles, chunks, texts)


class _Batcher:
    """Embeds chunks of several documents in one call (the embedder's cost is per batch, not per file)."""

    def __init__(self, store: Store, report: IngestReport, batch_chunks: int, defer_vectors: bool = False) -> None:
        self.store, self.report, self.batch_chunks = store, report, batch_chunks
        self.defer_vectors = defer_vectors
        self.pending: list[_Prepared] = []
        self._reprints: NearDuplicateIndex | None = None

    def _link_reprints(self, item: _Prepared) -> tuple[dict[str, bytes], list[tuple[str, str, float]]]:
        if self._reprints is None:
            self._reprints = NearDuplicateIndex(self.store.signatures())
        for source in {item.doc.source, *member_sources(item.doc.source)}:  # pages joined across files: theirs too
            for old in self.store.article_ids_of(source):
                self._reprints.remove(old)  # a changed file's old articles are not reprints of the new
        sigs, pairs = {}, []
        for article in item.articles:
            mh = signature(article.text)
            sigs[article.id] = to_bytes(mh)
            pairs += [(article.id, other, sim) for other, sim in self._reprints.matches(article.id, mh)]
            self._reprints.add(article.id, mh)
        self.report.near_duplicates += len({a for a, _, _ in pairs})
        return sigs, pairs

    def pending_source(self, content_hash: str) -> str | None:
        return next((p.doc.source for p in self.pending if p.doc.content_hash == content_hash), None)

    def add(self, item: _Prepared) -> None:
        self.pending.append(item)
        if sum(len(p.texts) for p in self.pending) >= self.batch_chunks:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        texts = [t for p in self.pending for t in p.texts]
        vectors = None if self.defer_vectors else (self.store.embedder.embed_passages(texts) if texts else [])
        offset, files = 0, []
        for item in self.pending:
            n = len(item.texts)
            cards = [card for a in item.articles  # None: the article describes no practice, it gets no card
                     if (card := practice_card(a, [c for c in item.chunks if c.article_id == a.id]))]
            sigs, pairs = self._link_reprints(item)
            files.append(FileContent(item.doc.source, item.doc.content_hash, item.articles, item.chunks,
                                     None if vectors is None else vectors[offset:offset + n], cards, sigs, pairs))
            offset += n
        self.store.replace_files(files)
        for item in self.pending:
            self.report.ingested += 1
            if not item.articles:
                self.report.empty.append(item.doc.source)
            self.report.articles += len(item.articles)
            self.report.chunks += len(item.texts)
        self.pending = []


def _duplicate(doc: RawDocument, store: Store, batcher: _Batcher, report: IngestReport) -> bool:
    """A byte-identical copy of a document stored under another name: recorded, not stored again."""
    canonical = store.source_with_hash(doc.content_hash) or batcher.pending_source(doc.content_hash)
    if canonical and canonical != doc.source:
        store.remove_sources([doc.source])  # it may have held other text before
        store.record_duplicate(doc.source, doc.content_hash, canonical)
        report.duplicates += 1
        return True
    return False


def ingest_paths(paths: Iterable[Path], store: Store, chunk_chars: int = 320, prune: bool = False,
                 progress: bool | None = None, on_file: Callable[[int, str], None] | None = None,
                 batch_chunks: int = 64, defer_vectors: bool = False) -> IngestReport:
    """Ingest files and folders into the store; returns what happened, errors included."""
    paths = [Path(p) for p in paths]
    report = IngestReport()
    show = sys.stderr.isatty() if progress is None else progress
    with store.writer_lock():
        batcher = _Batcher(store, report, batch_chunks, defer_vectors)
        if prune:  # first, so a copy of a removed file is ingested in its place in this same run
            gone = [s for s in store.sources() if not all(p.exists() for p in source_paths(s))]
            report.removed = store.remove_sources(gone)
        files = list(iter_files(paths))
        issues = IssueJoins(store.sources, store.file_hash)  # one-page scans of an issue: joined at the end
        bar = tqdm(desc="ingest", unit="doc", disable=not show)  # documents: JSONL records and PDF pages count
        for path in files:
            report.files += 1
            if on_file:
                on_file(report.files, str(path))
            if not path.exists():
                report.errors.append(f"{path}: no such file or folder.")
                continue
            try:
                produced: set[str] = set()
                held: list[RawDocument] = []  # OCR'd pages with jump markers: joined once the file is read
                pages_of: Counter[str] = Counter()  # documents per file (a zip member is a file)
                for doc in read_path(path):
                    bar.update(1)
                    produced.add(doc.source)
                    pages_of[doc.source.rsplit("#", 1)[0]] += 1
                    if doc.content_hash in (store.file_hash(doc.source), store.duplicate_hash(doc.source)):
                        report.unchanged += 1
                        continue
                    if doc.ocr and (joined := stored_join(doc, store.sources(prefix=f"{doc.source.rsplit('#', 1)[0]}#"),
                                                          store.file_hash)):
                        produced.add(joined)  # an unchanged page of a jumped story
                        report.unchanged += 1
                        continue
                    if doc.ocr and issues.keeps(doc):  # an unchanged page of a story jumping files
                        continue
                    if _duplicate(doc, store, batcher, report):
                        continue
                    if doc.ocr and jump_marks(doc.text):
                        held.append(doc)
                        continue
                    batcher.add(prepare(doc, chunk_chars))
                for doc in join_pages(held):
                    produced.add(doc.source)
                    if pages_of[doc.source.rsplit("#", 1)[0]] == 1:  # one page a file: its story may jump files
                        issues.hold(doc)
                    elif len(parse_locator(doc.source).spans) < 2 or not _duplicate(doc, store, batcher, report):
                        batcher.add(prepare(doc, chunk_chars))
                batcher.flush()
                # records gone from a JSONL export, or PDF pages now cut differently (#p2 → #p2-3); pages
                # joined with other files' are settled at the end of the run
                stale = [s for s in store.sources(prefix=f"{path}#") if s not in produced and not is_joined_files(s)]
                report.removed += store.remove_sources(stale)
            except ReadError as exc:
                batcher.flush()  # what was read before the bad line is kept
                report.errors.append(str(exc))
            except Exception as exc:  # noqa: BLE001 - one bad file never stops the run; it is reported by name
                batcher.pending = []
                report.errors.append(f"{path}: could not be ingested ({type(exc).__name__}: {exc}).")
        bar.close()
        _finish_issues(issues, store, batcher, report, chunk_chars)
        store.rebuild_keyword_index()
    return report


def _finish_issues(issues: IssueJoins, store: Store, batcher: _Batcher, report: IngestReport,
                   chunk_chars: int) -> None:
    """The run's one-page scans with jump markers, joined across files where their markers agree."""
    try:
        outcome = issues.finish()
    except ReadError as exc:
        report.errors.append(str(exc))
        return
    report.unchanged += outcome.unchanged
    for doc in outcome.documents:
        try:
            batcher.add(prepare(doc, chunk_chars))
        except ReadError as exc:
            report.errors.append(str(exc))
    batcher.flush()
    report.removed += store.remove_sources([s for s in outcome.remove if store.file_hash(s) is not None])
