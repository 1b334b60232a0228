"""Which script a text is written in: the one definition of a Chinese character and of a run of them.

Every package reads it (vectorstore is the layer ingest and assistant both import), so a module asks
`has_chinese(text)` or builds a larger pattern from `HAN` instead of spelling the range again.
"""
from __future__ import annotations

import re

# The CJK Unified Ideographs block: the characters of simplified and traditional Chinese that jieba, CC-CEDICT
# and the lexicons use; text is converted to simplified before it is read.
HAN = "\u4e00-\u9fff"
# Also Extension A and the compatibility ideographs: cleaning reads raw OCR and web text before it is normalised.
HAN_WIDE = "\u3400-\u4dbf" + HAN + "\uf900-\ufaff"

CJK = re.compile(f"[{HAN}]")  # one Chinese character
CJK_RUN = re.compile(f"[{HAN}]+")  # a run of them
# A name or word written in Chinese, two to eight characters: what the lexicons, pinyin and homophone lookups hold.
CJK_NAME = re.compile(f"[{HAN}]{{2,8}}")


def has_chinese(text: str) -> bool:
    """Does the text hold at least one Chinese character?"""
    return CJK.search(text) is not None


def is_chinese(text: str) -> bool:
    """Is the text, not empty, Chinese characters only (no digit, letter, space or punctuation)?"""
    return CJK_RUN.fullmatch(text) is not None


def chinese_runs(text: str, min_length: int = 1) -> list[str]:
    """The maximal runs of Chinese characters in the text, in order, of at least min_length characters."""
    return [run for run in CJK_RUN.findall(text) if len(run) >= min_length]
