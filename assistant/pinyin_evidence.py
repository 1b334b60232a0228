"""Pinyin names of an English question read in the retrieved passages themselves.

The collection's name table (vectorstore/pinyin.py) holds only name-like words, so a name made of
common words — "Feiteng Jiayuan" (飞腾家园), "Weiguang" stations (“微光驿站”), "Sijie" village (四界村) —
is found nowhere and the question is refused for a missing name. The passages the question retrieved
(dense retrieval links the English question to them) are read instead: characters whose toneless
pinyin spells the name, where the text marks them as a name:
- a run of two or more capitalised words ("Feiteng Jiayuan", "San Sao") spelled by consecutive characters;
- one word spelled by characters in quotation marks (“微光”) or before a place or body suffix (四界村);
- a word of its own that one passage prints more than once (a common word used as a name, written bare).
A homophone in running text (四届 for "Sijie", inside 第四届) has none of these marks. Written here rather than taken from a
library: the cue is where the passage prints the characters.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from pypinyin import Style, lazy_pinyin, pinyin

from assistant.query import Term
from assistant.question import Question
from assistant.records import Passage
from vectorstore.keyword import posseg_cut
from vectorstore.pinyin import is_pinyin, romanise
from vectorstore.script import CJK_RUN as _CJK_RUN
from vectorstore.script import has_chinese

_OPEN_QUOTES = "“‘「『\"'《"
# what follows a place's or a body's own name: 四界|村, 飞腾家园|小区, 花桥|街道
NAME_SUFFIX = re.compile(r"(?:省|市|区|县|镇|乡|村|街道|社区|小区|新村|居民区|居委|里|弄|路|苑|园|驿站|中心|公司|集团|协会)")
NAME_SUFFIXES = re.compile(f"{NAME_SUFFIX.pattern}+")  # 长海|路街道: a road's subdistrict
MIN_SYLLABLES = 2


@lru_cache(maxsize=8192)
def _readings(char: str) -> frozenset[str]:
    return frozenset(romanise(r) for r in pinyin(char, style=Style.NORMAL, heteronym=True)[0])


@lru_cache(maxsize=4096)
def _syllables(run: str) -> tuple[frozenset[str], ...]:
    """Each character's toneless readings: pypinyin's in context and every one of a heteronym's — a name reads
    长 as chang (长海路) where the text around it makes pypinyin guess zhang."""
    in_context = [romanise(r) for r in lazy_pinyin(run)]
    return tuple(_readings(c) | {r} for c, r in zip(run, in_context))


def _spelled_from(syllables: tuple[frozenset[str], ...], i: int, target: str) -> list[int]:
    """Ends j such that the characters i..j-1, each in one of its readings, spell `target` exactly."""
    ends, stack = [], [(i, 0)]
    while stack:
        j, at = stack.pop()
        if at == len(target):
            ends.append(j)
            continue
        if j < len(syllables):
            stack += [(j + 1, at + len(r)) for r in syllables[j] if r and target.startswith(r, at)]
    return ends


def spelled(target: str, text: str) -> list[tuple[int, int]]:
    """Spans of `text` whose characters read, toneless, exactly as `target` (already romanised)."""
    spans = []
    for m in _CJK_RUN.finditer(text):
        syllables = _syllables(m.group(0))
        for i in range(len(syllables)):
            spans += [(m.start() + i, m.start() + j) for j in sorted(set(_spelled_from(syllables, i, target)))
                      if j - i >= MIN_SYLLABLES]
    return spans


@lru_cache(maxsize=256)
def _tokens(text: str) -> dict[int, int]:
    """Start → end of each word of the text (jieba with the index's domain dictionary)."""
    spans, at = {}, 0
    for word, _ in posseg_cut(text):
        spans[at] = at + len(word)
        at += len(word)
    return spans


def _word_aligned(text: str, start: int, end: int) -> bool:
    """Do the characters begin a word and end one — or end inside a word whose rest is suffixes
    (四界|村 read as one word 四界村, 长海|路街道)? 四届 of 第四届 begins no word."""
    tokens = _tokens(text)
    if start not in tokens:
        return False
    at = start
    while tokens.get(at, end) < end:
        at = tokens[at]
    stop = tokens.get(at, end)
    return stop == end or bool(NAME_SUFFIXES.fullmatch(text, end, stop))


def marked_as_name(text: str, start: int, end: int) -> bool:
    """Is `text[start:end]` printed as a name: a word (or words) of its own, opened by a quotation mark or
    followed by a place or body suffix?"""
    if not _word_aligned(text, start, end):
        return False
    return (start > 0 and text[start - 1] in _OPEN_QUOTES) or bool(NAME_SUFFIX.match(text, end))


def _runs(question: str) -> dict[str, str]:
    """Each word of a run of capitalised words → the run, lower case and joined ("feiteng" → "feitengjiayuan")."""
    out = {}
    for run in re.finditer(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+", question):
        words = re.findall(r"[A-Z][a-z]+", run.group(0))
        out.update((w.lower(), "".join(words).lower()) for w in words)
    return out


def _found(term: Term, run: str | None, texts: list[str]) -> tuple[str, ...]:
    """The characters spelling the term in the passages, where printed as a name (a run: contiguous), or
    printed as a word of its own more than once in one passage: a name made of a common word (a time word, a
    noun) that its passage writes bare, without quotation marks or a suffix, as the subject it keeps naming."""
    target = romanise(run or term.text)
    if not target:
        return ()
    hits = []
    for text in texts:
        aligned: dict[str, int] = {}
        for start, end in spelled(target, text):
            if (run and start in _tokens(text)) or marked_as_name(text, start, end):
                hits.append(text[start:end])
            elif _word_aligned(text, start, end):
                aligned[text[start:end]] = aligned.get(text[start:end], 0) + 1
        hits += [word for word, n in aligned.items() if n >= REPEATED]
    return tuple(dict.fromkeys(hits))


REPEATED = 2  # times a passage prints a bare word spelling the name for it to be read as the name


def _unresolved(term: Term) -> bool:
    return term.entity and not any(has_chinese(a) for a in term.alternatives)


def _unshown(term: Term, texts: list[str]) -> bool:
    """A pinyin name whose Chinese forms (the collection's names read so: homophones, 龙园 for a 龙元 report)
    no retrieved passage prints: the passages may print it in characters the name table lacks (a common word
    used as a name), so they are read for it as for a name the table lacks."""
    forms = [a for a in term.alternatives if has_chinese(a)]
    return (term.entity and bool(forms) and is_pinyin(term.text)
            and not any(form in text for form in forms for text in texts))


_CLOSE_QUOTES = "”’」』\"'》"


def _quoted_after(kinds: tuple[str, ...], texts: list[str]) -> tuple[str, ...]:
    """The names the passages quote right after a word of the kind ("Typhoon Doksuri": 台风“杜苏芮”): English
    writes a name after its kind noun, Chinese the kind and the name in quotation marks — a name no reading of
    the question's letters spells (a transliteration, a brand, a nickname)."""
    forms = [k for k in kinds if len(k) >= 2 and has_chinese(k)]
    if not forms:
        return ()
    pattern = re.compile(rf"(?:{'|'.join(map(re.escape, forms))})[{_OPEN_QUOTES}]([^{_CLOSE_QUOTES}\s]{{1,8}})"
                         rf"[{_CLOSE_QUOTES}]")
    return tuple(dict.fromkeys(m.group(1) for text in texts for m in pattern.finditer(text)))


def _kind_before(question: str, term: Term, terms: list[Term]) -> Term | None:
    """The capitalised word the question writes right before the term ("Typhoon" of "Typhoon Doksuri"), as a
    term with Chinese forms; None when there is none."""
    m = re.search(rf"\b([A-Z][a-z]+)\s+{re.escape(term.text)}\b", question, re.I)
    if m is None:
        return None
    return next((t for t in terms if t.text == m.group(1).lower() and not _unresolved(t)), None)


def read_in_passages(question: Question, passages: list[Passage]) -> Question:
    """The question with its unresolved pinyin names, and those whose Chinese forms no passage prints, given
    the characters the passages print for them; the question itself when it is Chinese or every name is shown."""
    if question.chinese:
        return question
    texts = [f"{p.title}\n{p.place}\n{p.passage}" for p in passages]
    if not any(_unresolved(t) or _unshown(t, texts) for t in question.terms):
        return question
    runs = _runs(question.normalised)
    terms = []
    for term in question.terms:
        chinese: tuple[str, ...] = ()
        if _unshown(term, texts):
            chinese = _found(term, None, texts)
        elif _unresolved(term):
            run = runs.get(term.text)
            chinese = (_found(term, run, texts) if run else ()) or _found(term, None, texts)
            kind = None if chinese or is_pinyin(term.text) else _kind_before(question.normalised, term, question.terms)
            if kind is not None:
                chinese = _quoted_after(kind.alternatives, texts)
        terms.append(replace(term, alternatives=(*term.alternatives, *chinese)) if chinese else term)
    return question.with_terms(tuple(terms))
