"""Sentence-aware chunks for Chinese text.

Our own because llama-index's SentenceSplitter sizes chunks in tiktoken tokens and breaks Chinese
text at arbitrary characters when a sentence is long; here a chunk is whole sentences (split on
。！？； and line breaks), sized in characters for the embedder, with offsets into the article.
"""
from __future__ import annotations

import hashlib
import re

from vectorstore.records import Chunk

_SENTENCE = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』）)]*|\n|$)")
_CLAUSE = re.compile(r"[^，,、：:]*[，,、：:]?")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; ends include closing quotes; blank spans are skipped."""
    spans = []
    for m in _SENTENCE.finditer(text):
        start, end = m.span()
        seg = text[start:end]
        if not seg.strip():
            continue
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        spans.append((start + lead, end - trail))
    return spans


def _split_long(start: int, end: int, text: str, limit: int) -> list[tuple[int, int]]:
    """A sentence longer than a chunk is cut at clause punctuation (，、：), never mid-clause if avoidable."""
    pieces: list[tuple[int, int]] = []
    cur = start
    for m in _CLAUSE.finditer(text, start, end):
        if m.end() == m.start():
            continue
        if m.end() - cur > limit and m.start() > cur:
            pieces.append((cur, m.start()))
            cur = m.start()
    pieces.append((cur, end))
    out: list[tuple[int, int]] = []
    for s, e in pieces:  # a clause longer than the limit: hard cut as the last resort
        while e - s > limit:
            out.append((s, s + limit))
            s += limit
        out.append((s, e))
    return out


def chunk_article(article_id: str, text: str, target_chars: int = 320) -> list[Chunk]:
    """Pack whole sentences into chunks of about `target_chars`, never crossing a paragraph mid-sentence."""
    units: list[tuple[int, int]] = []
    for s, e in sentence_spans(text):
        units += _split_long(s, e, text, target_chars) if e - s > target_chars else [(s, e)]
    chunks: list[Chunk] = []
    cur_start = cur_end = None
    for s, e in units:
        if cur_start is not None and e - cur_start > target_chars:
            chunks.append(_make(article_id, len(chunks), text, cur_start, cur_end))
            cur_start = None
        if cur_start is None:
            cur_start = s
        cur_end = e
    if cur_start is not None:
        chunks.append(_make(article_id, len(chunks), text, cur_start, cur_end))
    return chunks


def _make(article_id: str, index: int, text: str, start: int, end: int) -> Chunk:
    body = text[start:end]
    digest = hashlib.sha1(f"{article_id}:{body}".encode()).hexdigest()[:12]
    return Chunk(id=f"{article_id}-{index:04d}-{digest}", article_id=article_id, index=index,
                 text=body, start=start, end=end)
