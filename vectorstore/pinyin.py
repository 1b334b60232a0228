"""Pinyin → the collection's own Chinese names, so that "Haiyuan" in an English question finds 海园.

pypinyin gives the romanisation. Which words count as names is our rule (one line below): a word
jieba's dictionary does not know, or knows as a name; common words would add homophones
(伤害 for "shanghai", 心愿 for "xinyuan").
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from pypinyin import Style, lazy_pinyin
from pypinyin.pinyin_dict import pinyin_dict
from pypinyin.style import convert

from vectorstore.script import CJK_NAME as _NAME_WORD
from vectorstore.script import has_chinese

NAME_TAGS = frozenset({"ns", "nr", "nz", "nt", "nrt", "nrfg", "j"})
LARGE_VOCABULARY = 20_000  # name-like words; above this, names seen in a single chunk are left out
_PLACE_SUFFIX = re.compile(r"(居民区|小区|新村|社区|街道|镇|乡|村)$")

NameLookup = Callable[[str], tuple[str, ...]]


def romanise(text: str) -> str:
    """`吕梁` → `luliang`, `Lü-liang` → `luliang`: toneless, lower case, ü/v folded into u, no separators."""
    if has_chinese(text):
        text = "".join(lazy_pinyin(text))
    return re.sub(r"[^a-z]", "", text.lower().replace("ü", "u").replace("v", "u"))


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Every toneless Mandarin syllable pypinyin knows (~410), without the vowelless interjections (m, ng, hm)."""
    readings = {convert(r, Style.NORMAL, strict=True) for v in pinyin_dict.values() for r in v.split(",")}
    return frozenset(romanise(r) for r in readings if re.search(r"[aeiouv]", r))


@lru_cache(maxsize=4096)
def is_pinyin(word: str) -> bool:
    """Can the word be read as toneless pinyin syllables ("Huamu", "Longyuan"; not "Century", "Doksuri")?"""
    word = re.sub(r"(?<=[ln])v", "u", word.lower().replace("ü", "u"))  # lü typed as lv (Lvyuan), as romanise reads it
    if not re.fullmatch(r"[a-z]+", word):
        return False
    known, longest = syllables(), 6
    ends = {0}
    for i in range(1, len(word) + 1):
        if any(j in ends and word[j:i] in known for j in range(max(0, i - longest), i)):
            ends.add(i)
    return len(word) in ends


class PinyinNames:
    """Chinese name-like words of a collection, found by their toneless pinyin."""

    def __init__(self, words: Iterable[str], tags: Mapping[str, str], freq: Callable[[str], int],
                 places: Iterable[str] = ()) -> None:
        """words: the collection's vocabulary; places: names the ingest found as places (百乐居民区),
        kept whatever jieba's dictionary says of them (百乐 is a common noun there), with their base form."""
        self._freq = freq
        self._by_pinyin: dict[str, list[str]] = {}
        names = [w for w in words if _NAME_WORD.fullmatch(w) and tags.get(w, "nz") in NAME_TAGS]
        # In a big collection a name seen in one chunk only is mostly jieba's guess at an unknown string
        # (还远, 搞花); leaving those out halves the table (69k articles: 190k → 100k names, +19 MB, 1.7 s).
        least = 2 if len(names) > LARGE_VOCABULARY else 1
        for name in names:
            if least == 1 or freq(name) >= least:
                self._add(name)
        for place in places:
            base = _PLACE_SUFFIX.sub("", place)
            for name in {place, base}:
                if _NAME_WORD.fullmatch(name):
                    self._add(name)

    def save(self, path: Path, generation: int) -> None:
        """Kept beside the keyword index, for the generation it was built from (written whole, then renamed)."""
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"generation": generation, "by_pinyin": self._by_pinyin}, ensure_ascii=False),
                       encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path, generation: int, freq: Callable[[str], int]) -> "PinyinNames | None":
        """The saved table if it was built from this generation (at 69k articles: 0.07 s against 2–7 s
        to build it again at every start)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if data.get("generation") != generation:
            return None
        names = cls((), {}, freq)
        names._by_pinyin = data["by_pinyin"]
        return names

    def _add(self, name: str) -> None:
        names = self._by_pinyin.setdefault(romanise(name), [])
        if name not in names:
            names.append(name)

    def lookup(self, word: str, limit: int = 4) -> tuple[str, ...]:
        """The collection's names that read as `word` (most frequent first); () for none or non-pinyin."""
        names = self._by_pinyin.get(romanise(word), [])
        return tuple(sorted(names, key=lambda name: (-self._freq(name), name))[:limit])
