"""Files the page offers for download (references, case tables, courses), each set in its own folder
under one temporary directory that `close()` removes."""
from __future__ import annotations

import re
import shutil
import tempfile
import threading
from pathlib import Path

from assistant.export import REFERENCE_STYLES, references
from vectorstore.records import Article


def safe_name(name: str) -> str:
    """A file or folder name without separators or leading dots."""
    cleaned = re.sub(r"[\\/:\x00-\x1f]", "_", name).strip().lstrip(".")
    return cleaned or "upload"


class Downloads:
    def __init__(self) -> None:
        self._root: Path | None = None
        self._lock = threading.Lock()

    def folder(self) -> Path:
        """A fresh folder for one set of downloads, so sessions never overwrite each other's files."""
        with self._lock:
            if self._root is None:
                self._root = Path(tempfile.mkdtemp(prefix="gongzhi-exports-"))
        return Path(tempfile.mkdtemp(dir=self._root))

    def references(self, articles: list[Article], stem: str, folder: Path | None = None) -> dict[str, str]:
        """The articles' references as GB/T 7714 (.txt), BibTeX (.bib) and CSL-JSON (.json) files."""
        folder = folder or self.folder()
        files = {}
        for style, kind in REFERENCE_STYLES.items():
            path = folder / f"{stem}{kind.file_ending}"
            path.write_text(references(articles, style), encoding="utf-8")
            files[style] = str(path)
        return files

    def close(self) -> None:
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
