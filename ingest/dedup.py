"""Near-duplicate reprints (the same story re-published with small edits), found with MinHash LSH.

Exact duplicate files are caught earlier by content hash; this links articles whose text is
mostly the same, so answers do not cite one story twice as if it were two cases.
"""
from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
SCHEME = "affine64"  # fixed, so stored signatures keep comparing across datasketch versions
THRESHOLD = 0.7  # estimated Jaccard similarity of character 5-gram sets
_NOT_TEXT = re.compile(r"[\s\W_]+")


def signature(text: str) -> MinHash:
    chars = _NOT_TEXT.sub("", text)
    shingles = {chars[i:i + 5] for i in range(max(1, len(chars) - 4))}
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    mh.update_batch([s.encode("utf-8") for s in shingles])
    return mh


def to_bytes(mh: MinHash) -> bytes:
    return mh.hashvalues.astype(np.uint64).tobytes()


def from_bytes(blob: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(blob, dtype=np.uint64), scheme=SCHEME)


class NearDuplicateIndex:
    """An in-memory LSH over the articles' signatures, loaded once per ingest run."""

    def __init__(self, stored: list[tuple[str, bytes]]) -> None:
        self._lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self._sigs: dict[str, MinHash] = {}
        for article_id, blob in stored:
            self.add(article_id, from_bytes(blob))

    def add(self, article_id: str, mh: MinHash) -> None:
        if article_id not in self._sigs:
            self._lsh.insert(article_id, mh)
            self._sigs[article_id] = mh

    def remove(self, article_id: str) -> None:
        if article_id in self._sigs:
            self._lsh.remove(article_id)
            del self._sigs[article_id]

    def matches(self, article_id: str, mh: MinHash) -> list[tuple[str, float]]:
        """Other articles whose estimated similarity reaches the threshold, best first."""
        out = [(other, float(mh.jaccard(self._sigs[other]))) for other in self._lsh.query(mh) if other != article_id]
        return sorted((o for o in out if o[1] >= THRESHOLD), key=lambda o: -o[1])
