"""Does a quoted sentence give the reason a why-question asks (为什么没有成立业委会), or only tell the asked event?

A why-question about a report that tells the event but not its reason (美溪里小区并未成立业委会，故而没有资金…:
the event is itself the reason for something else) used to pass every check: why is not a typed kind, and the
sentence restating the event shares all the question's words. The answer is vetoed (partial, "no reason given")
only on evidence, read by the sentence's structure with closed grammatical classes, never by topic words:
no quote of the asked subject's report gives a reason (states_reason), and one of them tells the event as the
cause of something else or as a step of a story (tells_without_reason). Reasons left unmarked are common in
encyclopedic text (MRC) and narrated events are common in news, so a quote that neither marks a reason nor
shows a story leaves the answer as it was.

A reason (states_reason):
- a causal or purpose clause: a causal preposition or conjunction as jieba tags it (因为, 由于, 因, 鉴于, 随着; 针对
  a problem, not 针对这一问题, which points to the sentence before),
  a purpose one (为了, 旨在, 以便; 为 before a verb: 为解决…), an attribution frame (与…有关, 受…影响, 原因是,
  原因可能是, 是因为, 之所以, 目的是);
- a result connective (导致, 因此, 为此, 故而, 于是, 遂, 引起…) with the asked event after it, not only before it;
- the next sentence opening with a result connective or 针对这… and saying the asked event (蟑螂滋生…。为此，…上门灭蟑螂);
- an unmarked cause: a clause before the first one saying the asked event, neither a time or place setting
  (7月25日傍晚时分, …后, 在…中) nor a speech or perception frame (…发现, …说), that states a state of affairs (a
  copula, an adjective, a negation: 清廷厌其反复不定，不予录用) — Chinese puts the cause first — while the clause
  saying the event is no next step of a story. A report's lede is no such cause.
The event told without a reason (tells_without_reason): said before a result connective and not after it
("…反对，为此，…听取居民意见"), or in a clause opening with an adverb of sequence (…，并组织…查看，最终选择…).

The sentence must be about the asked subject: the heaviest noun of the question before its question word (云景
of 九棵树街道云景里社区为什么会被选为…, by grounding weight) is in its report (its whole text, title and place); a
pilot programme's other community is no reason for this one. The asked event is the question's words after the
question word (Question.asked) and the last word of that clause (反对 of 那么多居民反对, which jieba tags as an
adverb), less negators (没有, 未): a negated event is said by its verb.
"""
from __future__ import annotations

import re

from assistant.grounding import covers
from assistant.query import Term
from assistant.question import Question, QuestionKind
from assistant.records import Citation, Passage
from assistant.sentence_role import is_lede, tags
from ingest.chunk import sentence_spans
from vectorstore.keyword import _posseg

_WHY_WORD = re.compile(r"为什么|为何|为啥")
_CLAUSE_END = re.compile(r"[，,。；;？?！!：:]")
_CLAUSE_SPLIT = re.compile(r"[，,；;：:“”「」]")
# Closed classes of the grammar: causal and purpose prepositions and conjunctions (read with jieba's p / c tags),
# result connectives (conjunctions and the causative verbs 导致, 造成, 引起), attribution frames.
_CAUSAL = frozenset({"因", "因为", "由于", "鉴于", "缘于", "源于", "出于", "随着", "针对"})
# 针对这一问题 / 对此 opening a sentence: the cause is the sentence before (like 为此), not in this one.
_ANAPHORIC = re.compile(r"^[^，,]{0,2}(?:针对|对)(?:这|此|该|上述)")
_DEMONSTRATIVES = frozenset({"这", "此", "该", "这一", "这些", "上述", "此类"})
_PURPOSE = frozenset({"为了", "旨在", "以便", "以免", "为的是"})
RESULT_WORDS = frozenset({"导致", "造成", "致使", "以致", "以至于", "因此", "所以", "因而", "为此", "于是", "从而",
                          "故", "故而", "遂", "由此", "引起", "引发", "使得", "以至"})
_FRAME = re.compile(r"受[^，。；,;]{1,16}影响|与[^，。；,;]{1,16}有关|之所以|归因于|是因为|原因[^，。；,;]{0,4}[是在]|"
                    r"目的[是在]|出于[^，。；,;]{1,12}考虑|考虑到")
_NEGATORS = frozenset({"没有", "没", "不", "未", "并未", "无", "没能", "不能"})
# A clause that only sets the scene: a time or place (…后, …时, 在…中), or frames what follows as said or seen.
_SETTING_END = re.compile(r"(?:后|时|之后|以后|以来|期间|之际|中|里|上|下)$")
# Adverbs and conjunctions of sequence (a closed class): the clause saying the event is the next step of a story.
_SEQUENCE = re.compile(r"(?:最终|最后|随后|随即|然后|接着|终于|之后|后来|并|再)")
_STATE_FLAGS = frozenset({"a", "ad", "an", "ag", "l", "i", "z", "b"})
_NEGATION = re.compile(r"不|没|未|无|难以|非")
_FRAME_VERB_END = re.compile(r"(?:发现|得知|获悉|了解到|看到|听说|表示|说|介绍|指出|认为|称|看来|据悉|据了解|悉|原来)$")


def asks_reason(question: Question) -> bool:
    """A Chinese why-question (为什么, 为何, 为啥) whose question word stands before the event asked about — not
    为 + 什么 + noun at the clause end (变化为什么形状, 更名为什么: a what-question)."""
    if not question.chinese or question.kind != QuestionKind.WHY or not question.asked:
        return False
    text = question.normalised
    asked = _WHY_WORD.search(text)
    if asked is None:
        return False
    rest = _CLAUSE_END.split(text[asked.end():])[0]
    following = [(w, f) for w, f in tags(rest) if w.strip()]
    return not (1 <= len(following) <= 2 and following[0][1].startswith("n") and asked.group() == "为什么")


def event_words(question: Question) -> tuple[str, ...]:
    """The asked event: Question.asked and the last content word of the asking clause, negators left out."""
    text = question.normalised
    asked = _WHY_WORD.search(text)
    words = list(question.asked)
    if asked is not None:
        clause = _CLAUSE_END.split(text[asked.end():])[0]
        content = [w for w, f in tags(clause) if len(w) >= 2 and re.match(r"[nvad]", f)]
        if content:
            words.append(content[-1])
    return tuple(w for w in dict.fromkeys(words) if w not in _NEGATORS)


def subject_terms(question: Question) -> tuple[Term, ...]:
    """The question's nouns and names before its question word, in the clause asking: the subject the reason is
    of (not a time word such as 当初, nor a verb, nor a place that only locates another: 中国 of 中国老西门街道)."""
    text = question.normalised
    asked = _WHY_WORD.search(text)
    if asked is None:
        return ()
    opens = max((m.end() for m in _CLAUSE_END.finditer(text, 0, asked.start())), default=0)
    return tuple(t for t in question.terms
                 if not t.optional and len(t.text) >= 2 and (t.entity or t.pos.startswith("n"))
                 and not t.located and not t.country and opens <= text.find(t.text) < asked.start())


def subject_words(question: Question) -> tuple[str, ...]:
    """The words of subject_terms."""
    return tuple(t.text for t in subject_terms(question))


def subject_name(question: Question, weight: dict[str, float] | None = None) -> Term | None:
    """The term naming the asked subject: the heaviest of subject_terms by its grounding weight (idf: 云景 of
    九棵树街道云景里社区, not 社区), the last one without weights; None when the question names none."""
    terms = subject_terms(question)
    if not terms:
        return None
    return max(reversed(terms), key=lambda t: (weight or {}).get(t.text, 0.0))


def _says(words: tuple[str, ...], text: str) -> list[str]:
    return [w for w in words if w in text]


def states_reason(sentence: str, event: tuple[str, ...], following: str = "", lede: bool = False) -> bool:
    """Does the sentence give a reason for the asked event (see the module docstring)? following: the next
    sentence of its passage; lede: the sentence opens its report."""
    if _FRAME.search(sentence):
        return True
    tokens = tags(sentence)
    for i, (word, flag) in enumerate(tokens):
        anaphoric = i + 1 < len(tokens) and tokens[i + 1][0] in _DEMONSTRATIVES  # 针对这一问题: the one before's
        if word in _CAUSAL and flag in {"p", "c"} and not anaphoric or word in _PURPOSE:
            return True
        if word == "为" and flag == "p" and i + 1 < len(tokens) and tokens[i + 1][1].startswith("v"):
            return True  # 为解决…问题: purpose (为 before a noun is for whom: 为居民服务)
    cut = next((m.start() for m in _result_marks(tokens)), None)
    if cut is not None:
        before, after = _says(event, sentence[:cut]), _says(event, sentence[cut:])
        if after and len(after) >= len(before):
            return True  # the asked event is the result: X，导致…
    if following and (any(m.start() < 4 for m in _result_marks(tags(following))) or _ANAPHORIC.match(following)) \
            and _says(event, following):
        return True  # 蟑螂滋生…。为此，…上门灭蟑螂; 出现了裂缝…。针对这一问题，…
    return not lede and _cause_before(sentence, event)


def tells_without_reason(sentence: str, event: tuple[str, ...]) -> bool:
    """Does the sentence tell the asked event as a cause of something else (…并未成立业委会，故而没有资金…) or as
    the next step of a story (…召开议事会，并组织…查看，最终选择…: the clause saying it opens with an adverb of
    sequence)? Positive evidence that the report tells what happened, not why; a sentence saying the event any
    other way (an encyclopedia's cause left unmarked, after or before it) is none."""
    cut = next((m.start() for m in _result_marks(tags(sentence))), None)
    if cut is not None:
        before, after = _says(event, sentence[:cut]), _says(event, sentence[cut:])
        if before and len(before) > len(after):
            return True
    clauses = [c.strip("“”「」 ") for c in _CLAUSE_SPLIT.split(sentence.rstrip("。！？!?"))]
    first = next((i for i, c in enumerate(clauses) if _says(event, c)), None)
    return bool(first) and bool(_SEQUENCE.match(clauses[first]))


def _result_marks(tokens: list[tuple[str, str]]) -> list[re.Match]:
    """Where a result connective stands (as a match over the joined text of the tokens). A causative verb jieba
    cut out of a longer verb (打/造成 of 打造成: 打造 is the dictionary's word) is none."""
    text = "".join(w for w, _ in tokens)
    spots, at = [], 0
    for i, (word, flag) in enumerate(tokens):
        glued = i > 0 and len(tokens[i - 1][0]) == 1 and bool(_dictionary().get(tokens[i - 1][0] + word[0]))
        if word in RESULT_WORDS and (flag in {"c", "v", "d", "p"} or len(word) >= 2) and not glued:
            spots.append(re.compile(re.escape(word)).match(text, at))
        at += len(word)
    return [m for m in spots if m is not None]


def _dictionary() -> dict[str, int]:
    """jieba's word frequencies (the keyword index's tokenizer)."""
    return _posseg().tokenizer.FREQ


def _cause_before(sentence: str, event: tuple[str, ...]) -> bool:
    """An unmarked cause: a clause before the first one saying the asked event that is neither a setting (time,
    place) nor a speech or perception frame."""
    clauses = [c.strip("“”「」 ") for c in _CLAUSE_SPLIT.split(sentence.rstrip("。！？!?"))]
    first = next((i for i, c in enumerate(clauses) if _says(event, c)), None)
    if not first or _SEQUENCE.match(clauses[first]):
        return False  # …，并组织…查看，最终选择…: one step after another is told, not a cause
    for clause in clauses[:first]:
        if not clause or _SETTING_END.search(clause) or _FRAME_VERB_END.search(clause):
            continue
        # a time (7月25日傍晚时分) or a topic states nothing; an action (召开…) is a step of the story
        if any(_states(word, flag) for word, flag in tags(clause)):
            return True
    return False


def _states(word: str, flag: str) -> bool:
    """Does the word make its clause a state rather than an action: a copula (是, 有), an adjective, idiom or
    set phrase (历史悠久), a negation (不定, 不能, 无法)? A cause left unmarked is a state of affairs (这是唯一的
    出入口，仅用水泥填补…); a clause of actions (社区召开…议事会) is a step of the story."""
    return (flag in _STATE_FLAGS or word in {"是", "有"} and flag == "v"
            or bool(_NEGATION.match(word)) and flag[0] in "vdal")


def _sentence_at(passage: str, start: int) -> tuple[int, str]:
    """The number of the sentence holding `start` in the passage (-1 if none), and the sentence after it."""
    spans = sentence_spans(passage)
    number = next((i for i, (s, e) in enumerate(spans) if s <= start < e), -1)
    following = passage[spans[number + 1][0]:spans[number + 1][1]] if 0 <= number < len(spans) - 1 else ""
    return number, following


def gives_reason(question: Question, citations: list[Citation], passages: list[Passage],
                 reports: dict[str, str] | None = None, weight: dict[str, float] | None = None) -> bool:
    """Is the answer to a why-question no mere telling of the asked event? False only when no quoted sentence of a
    report on the asked subject gives a reason for it (states_reason) and one of them tells it as a cause of
    something else or as a step of a story (tells_without_reason). True for a question that is no Chinese
    why-question (asks_reason). weight: each question term's grounding weight."""
    if not asks_reason(question):
        return True
    event, subject = event_words(question), subject_name(question, weight)
    by_chunk = {p.chunk_id: p for p in passages}
    told = False
    for citation in citations:
        passage = by_chunk.get(citation.chunk_id)
        text = passage.passage if passage is not None else citation.passage
        report = "\n".join(((reports or {}).get(citation.article_id, "") or text, citation.title,
                            passage.place if passage is not None else ""))
        if subject is not None and not covers(subject, report, report.lower()):
            continue  # another place's or body's report
        start, end = citation.span
        number, following = _sentence_at(text, start)
        lede = is_lede(citation.chunk_id, number) if number >= 0 else False
        if states_reason(text[start:end], event, following, lede):
            return True
        told = told or tells_without_reason(text[start:end], event)
    return not told
