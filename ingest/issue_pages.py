"""Pages of one newspaper issue scanned as separate files — one image per page in a folder or a zip —
whose story jumps from one to the other (`(下转2版)` on page 1, `(上接1版)` on page 2).

A page's number is what the page prints (a folio line such as `2023年5月8日 第2版`) or else the last
number in its file name (`p2.png`, `社区报_02.jpg`, `scan0002.tif`); its issue is the folder (or zip
folder) with the name's number blanked (`2023-05-08_p#`), so two issues in one folder stay apart. Pages
of one issue whose markers agree are read as one document, as for two pages of one PDF
(`ingest.continuation.join_marked_pages`); its source names each file's page in page order
(`readers.joined_files_source`) and its content hash is the members' hashes joined, so the document
is unchanged exactly when every file is.

Across ingest runs (`IssueJoins`, used by `ingest.pipeline.ingest_paths`):
- an unchanged page of a stored joined document is set aside without OCR; when all its members are
  unchanged, nothing is read again;
- when one member changed, every member is read again (one not given in this run is read from its
  file) and joined anew, and the old joined document goes;
- a new page whose partner was ingested before, alone, is joined with it (the partner is read again);
- pages that end up in a joined document lose the source they had alone.
Written here rather than taken from a library: the cues are our OCR text's markers and the file names.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ingest.clean import folio_page, jump_marks
from ingest.continuation import join_marked_pages
from ingest.readers import (JOINED_FILES, RawDocument, ReadError, is_joined_files, joined_files_source, member_sources,
                            read_path, source_paths)

MAX_PAGE = 99  # a newspaper issue has fewer pages; a larger number in a file name is a date or a counter
_NAME_NUMBER = re.compile(r"\d+")
FOLIO_LINES = 3  # lines at the top and bottom of a page where its folio is printed


def _file_name(source: str) -> str:
    """The page's own file: `dir/p2.png` of `dir/p2.png#p1(OCR)` or of `paper.zip#dir/p2.png#p1(OCR)`."""
    return source.rsplit("#", 1)[0].replace("\\", "/")


def _name_page(name: str) -> tuple[str, int | None]:
    """(issue key, page) from a file name: the last number of the stem is the page."""
    path = PurePosixPath(name)
    numbers = list(_NAME_NUMBER.finditer(path.stem))
    if numbers and 0 < int(numbers[-1].group()) <= MAX_PAGE:
        last = numbers[-1]
        return f"{path.parent}/{path.stem[:last.start()]}#{path.stem[last.end():]}", int(last.group())
    return f"{path.parent}/", None


def printed_page(text: str) -> int | None:
    """The page number a scanned page prints in its folio (`第2版`) at its top or bottom."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return next((n for line in lines[:FOLIO_LINES] + lines[-FOLIO_LINES:] if (n := folio_page(line))), None)


def issue_page(doc: RawDocument, read_text: bool = True) -> tuple[str, int] | None:
    """(issue, page number) of a one-page file, or None when neither its text nor its name tells the page."""
    issue, page = _name_page(_file_name(doc.source))
    folio = printed_page(doc.text) if read_text else None
    page = folio or page
    return (issue, page) if page else None


def join_issue_pages(docs: list[RawDocument]) -> list[RawDocument]:
    """One-page files of one issue whose markers agree, as one document each; the others as they are.
    Two files claiming the same page of an issue are ambiguous and joined with nothing."""
    issues: dict[str, dict[int, list[RawDocument]]] = {}
    out = []
    for doc in docs:
        if (found := issue_page(doc)) is None:
            out.append(doc)
            continue
        issues.setdefault(found[0], {}).setdefault(found[1], []).append(doc)
    for pages in issues.values():
        out += [d for same in pages.values() if len(same) > 1 for d in same]
        by_page = {p: same[0] for p, same in pages.items() if len(same) == 1}

        def naming(numbers: list[int], by_page: dict[int, RawDocument] = by_page) -> tuple[str, str]:
            members = [by_page[p] for p in numbers]
            return (joined_files_source([d.source for d in members]),
                    JOINED_FILES.join(d.content_hash for d in members))

        out += join_marked_pages(by_page, naming)
    return out


def _reread(source: str) -> RawDocument | None:
    """A page's document read again from its file (its text is OCR'd when first needed)."""
    path = source_paths(source)[0]
    if not path.exists():
        return None
    try:
        return next((d for d in read_path(path) if d.source == source), None)
    except ReadError:
        return None


@dataclass
class Outcome:
    documents: list[RawDocument]  # to prepare and store
    unchanged: int  # pages of stored joined documents left as they are
    remove: list[str]  # sources whose articles now live in another document


@dataclass
class IssueJoins:
    """One ingest run's one-page scans: set aside while the run reads, joined when it ends."""

    stored: Callable[[], Iterable[str]]  # every stored source
    file_hash: Callable[[str], str | None]
    held: dict[str, RawDocument] = field(default_factory=dict)  # pages to read (OCR) and maybe join
    kept: dict[str, RawDocument] = field(default_factory=dict)  # unchanged pages, not OCR'd
    _joined: dict[str, str] | None = None  # member page source -> stored joined source
    _alone: dict[str, list[str]] | None = None  # issue key -> stored one-page OCR sources

    def _index(self) -> None:
        if self._joined is not None:
            return
        self._joined, self._alone = {}, {}
        sources = set(self.stored())
        for source in sources:
            members = member_sources(source)
            if len(members) > 1:
                self._joined.update((m, source) for m in members)
            elif source.endswith("#p1(OCR)") and f"{source[:-len('#p1(OCR)')]}#p2(OCR)" not in sources:
                self._alone.setdefault(_name_page(_file_name(source))[0], []).append(source)

    def keeps(self, doc: RawDocument) -> bool:
        """Is this page an unchanged member of a stored joined document? It is then set aside, not read."""
        self._index()
        joined = self._joined.get(doc.source)
        if joined is None:
            return False
        members, hashes = member_sources(joined), (self.file_hash(joined) or "").split(JOINED_FILES)
        if dict(zip(members, hashes)).get(doc.source) != doc.content_hash:
            return False
        self.kept[doc.source] = doc
        return True

    def hold(self, doc: RawDocument) -> None:
        """A one-page scan with jump markers, read at the end of the run with the issue's other pages."""
        self.held[doc.source] = doc

    def _members(self, joined: str) -> dict[str, str]:
        """member page source -> its content hash when stored"""
        return dict(zip(member_sources(joined), (self.file_hash(joined) or "").split(JOINED_FILES)))

    def finish(self) -> Outcome:
        """What to store: the run's pages, joined where their markers agree."""
        self._index()
        unchanged, touched, pages = 0, set(), dict(self.held)
        for joined in {self._joined[s] for s in [*self.kept, *self.held] if s in self._joined}:
            members = self._members(joined)
            docs = {m: self.held.get(m) or self.kept.get(m) or _reread(m) for m in members}
            # a member not given in this run is unchanged when its file still holds the stored bytes
            if all(m in self.kept or (m not in self.held and d is not None and d.content_hash == members[m])
                   for m, d in docs.items()):
                unchanged += sum(1 for m in members if m in self.kept)
                continue
            touched.add(joined)
            pages.update((m, d) for m, d in docs.items() if d is not None)
        for doc in list(self.held.values()):  # a partner ingested alone before
            if (found := issue_page(doc)) is None:
                continue
            wanted = {m.page for m in jump_marks(doc.text)}
            for source in self._alone.get(found[0], []):
                if source not in pages and _name_page(_file_name(source))[1] in wanted:
                    if (partner := _reread(source)) is not None:
                        pages[source] = partner
        documents = join_issue_pages(list(pages.values()))
        produced = {d.source for d in documents}
        remove = [j for j in touched if j not in produced]
        remove += [m for d in documents if is_joined_files(d.source) for m in member_sources(d.source)]
        return Outcome(documents, unchanged, remove)
