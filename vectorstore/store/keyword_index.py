"""The store's keyword side: the bm25s index of its chunks and the pinyin table of its names, both kept
in `<store>/keyword/`, tagged with the generation of the articles they were built from."""
from __future__ import annotations

import threading
from pathlib import Path

from vectorstore.keyword import KeywordIndex, dictionary_tags
from vectorstore.pinyin import PinyinNames
from vectorstore.store.articles import Articles
from vectorstore.store.database import Database


class KeywordIndexes:
    """Loads, rebuilds and caches the keyword index and the pinyin names for one store."""

    def __init__(self, root: Path, database: Database, articles: Articles) -> None:
        self.folder = root / "keyword"
        self.database, self.articles = database, articles
        self.keyword: KeywordIndex | None = None
        self.lock = threading.RLock()
        self.pinyin: tuple[int, PinyinNames] | None = None

    def keyword_index(self) -> KeywordIndex:
        """The persisted bm25s index, rebuilt when the store has changed since it was saved."""
        generation = self.database.generation
        if self.keyword is not None and self.keyword.generation == generation:
            return self.keyword
        with self.lock:  # one thread loads or rebuilds; the others wait and share it
            if self.keyword is not None and self.keyword.generation == generation:
                return self.keyword
            loaded = KeywordIndex.load(self.folder)
            if loaded is None or loaded.generation != generation:
                loaded = self.rebuild_keyword_index()
            self.keyword = loaded
            return loaded

    def rebuild_keyword_index(self) -> KeywordIndex:
        index = KeywordIndex.build(self.articles.chunk_texts(), self.database.generation)
        index.save(self.folder)
        self.keyword = index
        return index

    def is_stale(self, chunk_ids: set[str]) -> bool:
        """Does the saved index miss a change of the articles, or hold other chunks than these?"""
        index = KeywordIndex.load(self.folder)
        return index is None or index.generation != self.database.generation or set(index.chunk_ids) != chunk_ids

    def pinyin_names(self) -> PinyinNames:
        """The collection's names by pinyin ("Haiyuan" → 海园), built once per generation of the keyword
        index and saved beside it (2–7 s for the 69k-article vocabulary; read back in 0.07 s)."""
        index = self.keyword_index()
        cached = self.pinyin
        if cached is None or cached[0] != index.generation:
            saved = self.folder / "pinyin.json"
            names = PinyinNames.load(saved, index.generation, index.doc_freq)
            if names is None:
                names = PinyinNames(index.vocabulary(), dictionary_tags(), index.doc_freq, self.articles.place_names())
                try:
                    names.save(saved, index.generation)
                except OSError:  # a read-only store still answers; the table is built again next start
                    pass
            cached = (index.generation, names)
            self.pinyin = cached
        return cached[1]
