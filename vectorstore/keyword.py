"""Keyword index: bm25s over jieba tokens, persisted beside the vectors.

Our own tokeniser because bm25s (and llama-index's BM25Retriever) split on spaces and word
boundaries, which leaves a Chinese sentence as one token; jieba's search mode gives words and
their sub-words, so `共治金` matches `社区共治金`.
"""
from __future__ import annotations

import json
import logging
import re
from array import array
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import bm25s
import jieba
import numpy as np

from vectorstore.script import CJK, CJK_NAME
from vectorstore.settings import REPO_ROOT

jieba.setLogLevel(logging.WARNING)

# jieba's part-of-speech tags of a person's name, and of any proper noun (person, place, body, other name)
PERSON_FLAGS = frozenset({"nr", "nrt", "nrfg"})
PROPER_FLAGS = PERSON_FLAGS | {"ns", "nt", "nz"}

STOPWORDS = frozenset(
    "的 了 和 与 及 或 是 在 为 对 从 把 被 将 由 向 等 也 都 而 并 就 又 之 其 这 那 有 个 中 上 下 "
    "什么 怎么 怎样 如何 哪些 哪个 哪里 多少 为什么 是否 是不是 吗 呢 吧 啊 请问 请 一下 我们 你们 他们 "
    "我 你 他 她 它 该 此 这个 那个 这些 那些 可以 能 会 要 应该 如果 因为 所以 以及 通过 进行 一个 "
    "the a an of to in on for and or is are was were be been do does did how what which who whom why "
    "when where with by at as it its this that these those can could should would from into about".split()
)
_WORD = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z]+(?:['’][A-Za-z]+)?|\d+(?:\.\d+)?%?")


# Place names and practice terms are kept whole (老西门, 共治金); the lists are ingest's data files.
DOMAIN_WORD_FILES = [REPO_ROOT / "ingest" / "lexicon" / name for name in ("gazetteer.tsv", "practices.tsv")]


def domain_words() -> dict[str, str]:
    """Word → part-of-speech tag: gazetteer names are places (ns), practice terms nouns (n)."""
    words: dict[str, str] = {}
    for path in DOMAIN_WORD_FILES:
        if not path.exists():
            continue
        tag = "ns" if path.name == "gazetteer.tsv" else "n"
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            if line.startswith("#"):
                continue
            for cell in line.split("\t"):
                for word in (w.strip() for w in cell.split(",")):
                    if CJK_NAME.fullmatch(word):
                        words.setdefault(word, tag)
    return words


@lru_cache(maxsize=1)
def _jieba() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word, tag in sorted(domain_words().items()):
        tokenizer.add_word(word, freq=2000, tag=tag)
    return tokenizer


@lru_cache(maxsize=1)
def _posseg():  # noqa: ANN202 - jieba.posseg.POSTokenizer
    from vectorstore.posseg_fast import FastPOSTokenizer  # jieba's tagger, its Viterbi ~3x faster

    return FastPOSTokenizer(_jieba())


def dictionary_tags() -> dict[str, str]:
    """jieba's dictionary (word → part-of-speech flag): the words it knows rather than guesses."""
    return _posseg().word_tag_tab


# jieba's POSTokenizer.cut splits a text at this pattern and cuts each piece on its own (jieba/posseg), so the
# cut of a text is the cuts of its pieces end to end. A question's checks cut the same passage sentences again
# and again, in windows, clauses and prefixes; memoising the pieces (a few words each) gives every caller the same
# words as before for a fraction of the HMM work (docs/performance.md). The pattern is jieba's own.
_POSSEG_PIECE = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
POSSEG_PIECES_CACHED = 8192  # pieces of ~10 characters, ~1 KB each with their words: ~8 MB when full


@lru_cache(maxsize=POSSEG_PIECES_CACHED)
def _posseg_piece(piece: str) -> tuple[tuple[str, str], ...]:
    return tuple((p.word, p.flag) for p in _posseg().cut(piece))


def posseg_cut(text: str) -> list[tuple[str, str]]:
    """(word, part-of-speech flag) with the same domain dictionary as the index: what jieba.posseg's cut
    gives, its pieces memoised."""
    _posseg().makesure_userdict_loaded()  # as every jieba cut does first: the domain words join dictionary_tags()
    words: list[tuple[str, str]] = []
    for piece in _POSSEG_PIECE.split(text):
        if piece:
            words.extend(_posseg_piece(piece))
    return words


def tokenize(text: str) -> list[str]:
    """Content tokens: jieba search-mode words for Chinese, lower-cased words for Latin, numbers kept."""
    tokens: list[str] = []
    for piece in _WORD.findall(text):
        if piece[0].isascii():
            word = piece.lower()
            if word not in STOPWORDS:
                tokens.append(word)
            continue
        for word in _jieba().cut_for_search(piece):
            if word not in STOPWORDS and (len(word) > 1 or not CJK.fullmatch(word)):
                tokens.append(word)
    return tokens


class KeywordIndex:
    """A bm25s index over chunk texts, addressed by chunk id."""

    def __init__(self, retriever: bm25s.BM25 | None, chunk_ids: list[str], generation: int) -> None:
        self._retriever = retriever
        self.chunk_ids = chunk_ids
        self.generation = generation
        self._position = {cid: i for i, cid in enumerate(chunk_ids)}

    @classmethod
    def build(cls, items: Iterable[tuple[str, str]], generation: int) -> "KeywordIndex":
        """items: (chunk id, text to index), consumed one at a time. Each chunk's tokens are kept as
        an array of vocabulary ids, not a list of strings: at 69k articles (180k chunks, ~20M tokens)
        the lists bm25s builds from strings took ~1.7 GB at the end of an ingest."""
        vocab: dict[str, int] = {}
        token_ids: list[array] = []
        chunk_ids: list[str] = []
        for cid, text in items:
            tokens = tokenize(text) or ["\u0000"]
            token_ids.append(array("i", [vocab.setdefault(t, len(vocab)) for t in tokens]))
            chunk_ids.append(cid)
        if not chunk_ids:
            return cls(None, [], generation)
        retriever = bm25s.BM25()
        retriever.index((token_ids, vocab), show_progress=False)
        return cls(retriever, chunk_ids, generation)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        if self._retriever is not None:
            self._retriever.save(str(directory / "bm25"))
        tmp = directory / "ids.json.tmp"
        tmp.write_text(json.dumps({"generation": self.generation, "chunk_ids": self.chunk_ids}))
        tmp.replace(directory / "ids.json")  # written last: a half-saved index is never taken as current

    @classmethod
    def load(cls, directory: Path) -> "KeywordIndex | None":
        meta = directory / "ids.json"
        if not meta.exists():
            return None
        data = json.loads(meta.read_text())
        retriever = bm25s.BM25.load(str(directory / "bm25")) if data["chunk_ids"] else None
        return cls(retriever, data["chunk_ids"], int(data["generation"]))

    @property
    def size(self) -> int:
        return len(self.chunk_ids)

    def vocabulary(self) -> list[str]:
        return list(self._retriever.vocab_dict) if self._retriever is not None else []


    def doc_freq(self, token: str) -> int:
        """How many chunks contain the token (0 when the collection never uses it)."""
        if self._retriever is None or token not in self._retriever.vocab_dict:
            return 0
        tid = self._retriever.vocab_dict[token]
        indptr = self._retriever.scores["indptr"]
        return int(indptr[tid + 1] - indptr[tid])

    def postings(self, token: str) -> np.ndarray:
        """The positions (in `chunk_ids`) of the chunks that contain the token, ascending; empty when none do."""
        if self._retriever is None or token not in self._retriever.vocab_dict:
            return np.zeros(0, dtype=np.int64)
        tid = self._retriever.vocab_dict[token]
        indptr = self._retriever.scores["indptr"]
        return np.unique(self._retriever.scores["indices"][indptr[tid]:indptr[tid + 1]])

    def search(self, query: str, k: int, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        """Top-k (chunk id, score) with score > 0; `allowed` restricts to those chunk ids."""
        tokens = [t for t in tokenize(query)]
        if self._retriever is None or not tokens:
            return []
        vocab = self._retriever.vocab_dict
        tokens = [t for t in tokens if t in vocab]
        if not tokens:
            return []
        mask = None
        if allowed is not None:
            mask = np.zeros(len(self.chunk_ids), dtype=np.float32)
            for cid in allowed:
                if (pos := self._position.get(cid)) is not None:
                    mask[pos] = 1.0
        scores = self._retriever.get_scores(tokens, weight_mask=mask)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        ranked = sorted(((self.chunk_ids[i], float(scores[i])) for i in top if scores[i] > 0), key=lambda x: -x[1])
        return ranked
