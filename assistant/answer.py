"""One answer function for the CLI, the web app and its API: question → cited Answer."""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cached_property, lru_cache

import opencc

from assistant import dictionary, semantic
from assistant.agreement import compared, unsupported
from assistant.answer_type import Found, TypeCheck, check, checked_terms, checks_off, seek_fact, with_antecedent
from assistant.extractive import STATED_KINDS, compose, states_asked_fact
from assistant.focus_meaning import misread_focus
from assistant.glossed import verb_only_words, word_senses
from assistant.grounding import EVIDENCE_PASSAGES, Grounding, assess
from assistant.judge import pick, supports
from assistant.llm import LLMClient, LLMError, build_prompt, is_no_answer, strip_thinking, visible
from assistant.order import lead
from assistant.pinyin_evidence import read_in_passages
from assistant.query import Term
from assistant.question import FactKind, Question, parse_question, side_name
from assistant.records import Answer, Citation, OfflineOpinion, Passage, Verification
from assistant.retrieve import Retriever
from assistant.semantic import SentenceVectors, Similarity
from assistant.two_part import Side, asked_sentence, join_sides, merge_grounding, merge_passages, own_passages
from assistant.verify import Verifier, keyword_idf
from prompts import texts
from vectorstore.pinyin import syllables
from vectorstore.script import has_chinese
from vectorstore.settings import Settings, get_settings
from vectorstore.store import Filters, Store

# One question per path a first question can take: simplified Chinese (jieba, keyword index, embedder),
# English (langdetect's profiles, the glossary, the collection's pinyin names) and traditional Chinese
# (the converter). Without the last two, the app's first English question took 0.8 s on the seeds
# (2–3 s at 10k–69k articles, for the pinyin table) against ~90 ms for the next.
WARM_UP_QUESTIONS = ("社区治理中居民怎样参与议事协商?", "How do residents take part in community deliberation?",
                     "社區治理中居民怎樣參與議事協商?")
log = logging.getLogger(__name__)
_SIDE_SENTENCES = 2  # sentences quoted for each side of a two-part how / what question (one for a typed fact)


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def sentence_terms(terms: list[Term], unshown: list[str] | tuple[str, ...] = ()) -> list[Term]:
    """The terms the checks of one quoted sentence and its window read (answer_type, judge): an English word
    the general dictionary translates counts there only where shown. The evidence as a whole must show it
    (grounding), but one sentence may say it in a word of its own (讲座 for "lecture" in another sentence).
    unshown: the question's nouns and other non-verbs that no top passage shows even in part (腰包, 忙活: the
    asker's own words; Grounding.unshown_terms). Grounding has weighed their absence; no sentence of the evidence
    shows them, so they tell nothing about which sentence says the asked fact: they count only where shown.
    (The learned judge reads them as before: there, counting them only where shown lost an RGB refusal.)"""
    return [replace(t, optional=True) if t.glossed or not t.entity and t.text in unshown else t for t in terms]


def as_word(term: Term, missing: list[str]) -> Term:
    """A common word jieba tags as a place (东西/ns, `Term.common`) that no top passage shows (`missing`: the
    grounding's missing terms), as the answer-type checks read it: a noun, neither a name the window must show
    nor a subject its report must name — its absence was weighed by the coverage. Shown, it is read as before."""
    return replace(term, entity=False, pos="n") if term.common and term.text in missing else term


def _quoted(citation: Citation) -> str:
    return citation.passage[citation.span[0]:citation.span[1]]


def _quote_first(text: str, citations: list[Citation], passages: list[Passage], found: Found
                 ) -> tuple[str, list[Citation]]:
    """The answer with the sentence holding the asked fact quoted as [1], the composer's sentences after it;
    after the composer's first sentence when that one gives the fact too (Found.second)."""
    intro, _, body = text.partition("\n\n")
    at = 1 if found.second and citations else 0
    passage = passages[found.passage_rank]
    start = with_antecedent(passage.passage, found.start)  # quoted as the composer quotes: 她… with its antecedent
    quoted = Citation(n=at + 1, article_id=passage.article_id, title=passage.title, source=passage.source,
                      passage=passage.passage, span=(start, found.end), chunk_id=passage.chunk_id)
    lines = [line if line.startswith("- ") else f"- {line}" for line in body.splitlines()]
    lines = lines[:at] + [f"- {passage.passage[start:found.end]}[{at + 1}]"] + [
        re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + 1}]", line) for line in lines[at:]]
    moved = [c if c.n <= at else c.model_copy(update={"n": c.n + 1}) for c in citations]
    return f"{intro}\n\n" + "\n".join(lines), [*moved[:at], quoted, *moved[at:]]


def _picked_first(text: str, citations: list[Citation], passages: list[Passage], picked: tuple[int, int, int]
                  ) -> tuple[str, list[Citation]]:
    """The answer with the picker's sentence quoted first: moved up when the answer quotes it further down
    (its line first, the citation numbers in the new order), else quoted as [1] before the others."""
    rank, start, end = picked
    chunk = passages[rank].chunk_id
    hit = next((c for c in citations if c.chunk_id == chunk and c.span[0] < end and start < c.span[1]), None)
    intro, _, body = text.partition("\n\n")
    lines = [line if line.startswith("- ") else f"- {line}" for line in body.splitlines()]
    at = next((i for i, line in enumerate(lines) if hit is not None and f"[{hit.n}]" in line), None)
    if at is None:
        return _quote_first(text, citations, passages, Found(rank, start, end))
    lines.insert(0, lines.pop(at))
    order = list(dict.fromkeys(int(n) for line in lines for n in re.findall(r"\[(\d+)\]", line)))
    order += [c.n for c in citations if c.n not in order]
    renumber = {old: new for new, old in enumerate(order, 1)}
    lines = [re.sub(r"\[(\d+)\]", lambda m: f"[{renumber[int(m.group(1))]}]", line) for line in lines]
    moved = sorted((c.model_copy(update={"n": renumber[c.n]}) for c in citations), key=lambda c: c.n)
    return f"{intro}\n\n" + "\n".join(lines), moved


class Assistant:
    """Holds the store, models and indexes across questions."""

    def __init__(self, settings: Settings | None = None, store: Store | None = None) -> None:
        self.settings = settings or get_settings()
        self.store = store or Store.open(self.settings)
        self.retriever = Retriever(self.store, self.settings)

    @cached_property
    def sentence_vectors(self) -> SentenceVectors:
        """The embedded candidate sentences, kept in this process and in the store (assistant/semantic.py)."""
        return SentenceVectors(self.store.embedder, self.store)

    def similarity(self, question: Question) -> Similarity | None:
        """The question's semantic match to sentences (its vector is retrieval's), unless turned off."""
        if not self.settings.answer.semantic_sentences:
            return None
        return Similarity(self.store.embedder.query_vector(question.search_text), self.sentence_vectors)

    @cached_property
    def llm(self) -> LLMClient | None:
        """The LLM engine when GONGZHI_LLM_BASE_URL is set (the client itself connects lazily)."""
        return LLMClient(self.settings) if self.settings.llm.base_url else None

    def _prepare(self, text: str, k: int | None, filters: Filters | None
                 ) -> tuple[Question, list[Passage], Grounding]:
        """The question parsed once (every stage reads it), its passages, and whether they ground it."""
        question = parse_question(text, self.store.names_read_as)
        if question.sides is not None:  # "X和Y…分别…": each side retrieved and grounded as its own question
            sides = [Side(*self._find(side, k, filters)) for side in question.side_questions()]
            passages = merge_passages(sides)
            whole = assess(question, passages, self.store.keyword_index(), self.settings.answer.grounding_threshold,
                            self._names_required())
            return question, passages, merge_grounding(whole, sides)
        return self._find(question, k, filters)

    def _find(self, question: Question, k: int | None, filters: Filters | None
              ) -> tuple[Question, list[Passage], Grounding]:
        """One question's passages, and whether they ground it (by its terms, else by meaning)."""
        passages = self.retriever.retrieve(question, k=k, filters=filters)
        question = read_in_passages(question, passages)  # "Feiteng Jiayuan" is the 飞腾家园 a passage prints
        grounding = assess(question, passages, self.store.keyword_index(), self.settings.answer.grounding_threshold,
                           self._names_required())
        if (not grounding.grounded and not grounding.missing_entities and passages
                and grounding.coverage >= semantic.GROUNDING_FLOOR and self.settings.answer.semantic_match
                and semantic.closest_passage(self.store.embedder.query_vector(question.search_text), self.store,
                                             passages, EVIDENCE_PASSAGES) >= semantic.GROUNDING_SIMILARITY):
            grounding = replace(grounding, grounded=True)  # the evidence says it in other words (semantic.py)
        return question, passages, grounding

    def warm_up(self) -> None:
        """Load what a first question needs (jieba, the keyword index, the question embedder, langdetect,
        the pinyin names) before a user asks one: the app calls this as it starts, so its first answer,
        in any of the three scripts, is not seconds slower than the rest.
        Offline only: a configured LLM is never called for it."""
        try:
            for question in WARM_UP_QUESTIONS:
                self._extractive(*self._prepare(question, None, None))
            self.store.pinyin_names()  # what an English question naming a place ("Haiyuan") needs
            syllables()  # …and reading its words as pinyin or not (0.3 s on the first English name otherwise)
            word_senses()  # CC-CEDICT's senses of each word, read by the focus check (glossed.py; ~2 s once)
            verb_only_words()  # …and which words it glosses only as verbs (glossed.verbal: the focus noun; ~1 s once)
            dictionary.load()  # its other indices: proper names ("China"), periods and eras (a when-answer)
        except Exception:  # noqa: BLE001 - a warm-up never stops the app; the first real question reports
            log.exception("warm-up failed")

    def ask(self, question: str, k: int | None = None, filters: Filters | None = None) -> Answer:
        parsed, passages, grounding = self._prepare(question, k, filters)
        if self.llm is None:
            return self._extractive(parsed, passages, grounding)
        *_, final = self._generate(parsed, passages, grounding)  # the verified answer comes last
        return final

    def _names_required(self) -> bool:
        """Is a question naming a place or name no passage shows refused (the check `entity`, on by default)?"""
        return "entity" not in self.settings.answer.checks_off_set()

    def _judged(self) -> bool:
        """Does the learned judge veto answers (the check `judge`, on by default)?"""
        return "judge" not in self.settings.answer.checks_off_set()

    def _extractive(self, question: Question, passages: list[Passage], grounding: Grounding,
                    notice: str | None = None, verification: Verification | None = None) -> Answer:
        with checks_off(self.settings.answer.checks_off_set()):  # none unless measuring (bench/veto_ablation.py)
            return self._extractive_checked(question, passages, grounding, notice, verification)

    def _extractive_checked(self, question: Question, passages: list[Passage], grounding: Grounding,
                            notice: str | None = None, verification: Verification | None = None) -> Answer:
        lang = question.lang
        words = texts("extractive", lang)
        similar = self.similarity(question) if grounding.grounded else None
        sided = grounding.grounded and bool(grounding.parts)
        if sided:
            text, citations, side_check = self._compose_sides(question, grounding.parts, words)
        else:
            text, citations = compose(question, passages, words) if grounding.grounded else ("", [])
        grounded = grounding.grounded and bool(citations)
        details = grounding.as_report()
        partial = False
        if grounded:
            typed = side_check if sided else self._type_check(question, grounding, citations, passages, similar)
            details.answer_type = typed.as_report()
            if typed.found is not None:  # the asked fact is in a sentence the composer did not quote: first
                found = typed.found
                if not found.second and citations and states_asked_fact(question, _quoted(citations[0])):
                    found = replace(found, second=True)  # …unless the composer's first gives it where it is asked
                text, citations = _quote_first(text, citations, passages, found)
            vetoed = typed.ok and not sided and self._judged() and not supports(
                question, sentence_terms(grounding.terms), grounding.weights, citations, passages,
                self.reports(passages, citations))
            # the learned judge: no window says it (judged on the composer's quotes: the picker only reorders)
            if vetoed and (sought := self._seek(question, grounding, citations, passages)) is not None:
                text, citations, vetoed = *_quote_first(text, citations, passages, sought), False
            if (typed.ok and not sided and citations and not states_asked_fact(question, _quoted(citations[0]))
                    and (picked := pick(question, sentence_terms(grounding.terms), grounding.weights, citations,
                                        passages)) is not None  # the first quote does not give the asked fact
                    and (question.kind not in STATED_KINDS  # …and of a kind read where asked, states it so
                         or states_asked_fact(question, passages[picked[0]].passage[picked[1]:picked[2]]))):
                text, citations = _picked_first(text, citations, passages, picked)  # the learned picker's
            if (typed.ok and not vetoed and not sided and citations
                    and (led := lead(question, passages, citations, sentence_terms(grounding.terms), grounding.weights)) is not None):
                text, citations = _picked_first(text, citations, passages, led)  # the learned order's (order.py)
            if vetoed:
                typed = TypeCheck(False, typed.expected, "judge", typed.found)
                details.answer_type = typed.as_report()
            elif typed.ok and not sided and self._agreed() and self._disagreed(question, grounding, citations, passages):
                typed = TypeCheck(False, typed.expected, "agree", typed.found)  # other reports give other values
                details.answer_type = typed.as_report()
            if not typed.ok:  # on the subject, without the asked fact: say so, then what the reports do say
                grounded, partial = False, True
                body = text.split("\n\n", 1)[1] if "\n\n" in text else text
                text = words["partial"].format(fact=words[f"fact_{typed.expected}"]) + "\n\n" + body
        related: list[str] = []
        if not grounded and not partial:
            citations = []
            related = list(dict.fromkeys(p.title for p in passages))[:3]
            text = words["no_answer"]
            if related:
                text += "\n\n" + words["related_heading"] + "\n" + "\n".join(f"- {t}" for t in related)
        if lang == "zh-hant":
            text = _s2t().convert(text)
        return Answer(question=question.text, lang=lang, answer=text, grounded=grounded, partial=partial,
                      citations=citations, retrieved=passages, related=related,
                      grounding=details, notice=notice, verification=verification or Verification())

    def _compose_sides(self, question: Question, sides: list[Side], words: dict[str, str]
                       ) -> tuple[str, list[Citation], TypeCheck]:
        """Each side's own answer (composed from its passages, the sentence with the asked fact first), its
        best sentences joined side by side; no answer when a side has none. The answer-type check holds for
        each side: the first side failing it is the question's failure."""
        per_side = 1 if question.expected not in {None, FactKind.FACT} else _SIDE_SENTENCES
        quoted, failed = [], None
        sides = [replace(side, passages=own_passages(side, other)) for side, other in zip(sides, sides[::-1])]
        for side in sides:
            text, citations = compose(side.question, side.passages, words)
            if not citations:
                return "", [], TypeCheck(False, question.expected, "sentence")
            asked = asked_sentence(side)  # the side's sentence with the asked fact, first
            if asked is not None and not any(c.chunk_id == side.passages[asked.passage_rank].chunk_id
                                             and c.span == (asked.start, asked.end) for c in citations[:1]):
                text, citations = _quote_first(text, citations, side.passages, asked)
            typed = self._type_check(side.question, side.grounding, citations, side.passages,
                                     self.similarity(side.question))
            if typed.found is not None:
                text, citations = _quote_first(text, citations, side.passages, typed.found)
            if not typed.ok and failed is None:
                failed = typed
            by_chunk = {p.chunk_id: p for p in side.passages}
            quoted.append([(c, by_chunk[c.chunk_id]) for c in citations[:per_side]])
        text, citations = join_sides(question, quoted, words, [side_name(side.question.own) for side in sides])
        return text, citations, failed or TypeCheck(True, question.expected)

    def _second_opinion(self, question: Question, grounding: Grounding, citations: list, passages: list[Passage]
                        ) -> OfflineOpinion:
        """The offline judge on the model's answer: would the extractive engine have answered, and do the
        sentences the model cites give the asked kind of fact under the question's qualifiers?
        `low_support` flags an answer the judge would not have given (shown to reviewers, never a veto)."""
        with checks_off(self.settings.answer.checks_off_set()):
            typed = self._type_check(question, grounding, citations, passages, self.similarity(question))
        if typed.ok and self._judged() and not supports(question, sentence_terms(grounding.terms), grounding.weights,
                                                        citations, passages, self.reports(passages, citations)):
            typed = TypeCheck(False, typed.expected, "judge", typed.found)  # the learned judge scores them low
        return OfflineOpinion(grounded=grounding.grounded, coverage=round(grounding.coverage, 3),
                              answer_type=typed.as_report(), low_support=not (grounding.grounded and typed.ok))

    def _seek(self, question: Question, grounding: Grounding, citations: list[Citation], passages: list[Passage]
              ) -> Found | None:
        """Before the learned judge's veto: the retrieved sentence passing every check of the typed question
        (answer_type.seek_fact) that no quote is, when the judge supports the answer with it quoted first."""
        terms = [as_word(t, grounding.missing_terms) for t in sentence_terms(grounding.terms, grounding.unshown_terms)]
        found = seek_fact(question, terms, grounding.weights, passages, citations, self.reports(passages, citations))
        if found is None:
            return None
        _, sought = _quote_first("", citations, passages, found)
        return found if supports(question, sentence_terms(grounding.terms), grounding.weights, sought, passages,
                                 self.reports(passages, sought)) else None

    def _type_check(self, question: Question, grounding: Grounding, citations: list, passages: list[Passage],
                    similar: Similarity | None = None) -> TypeCheck:
        terms = [as_word(t, grounding.missing_terms) for t in sentence_terms(grounding.terms, grounding.unshown_terms)]
        reports = self.reports(passages, citations)
        typed = check(question, terms, grounding.weights, citations, passages, similar, reports)
        if typed.ok or typed.reason != "focus" or not self.settings.answer.focus_by_meaning:
            return typed
        # the focus noun may be said otherwise by the sentence clearly closest in meaning (focus_meaning.py)
        closeness = similar or Similarity(self.store.embedder.query_vector(question.search_text), self.sentence_vectors)
        found = misread_focus(question, terms, grounding.weights, passages, closeness.many, reports)
        return typed if found is None else TypeCheck(True, typed.expected, found=found)

    def _agreed(self) -> bool:
        """Is an answer whose value other reports contradict, and none repeats, vetoed (the check `agree`)?"""
        return "agree" not in self.settings.answer.checks_off_set()

    def _disagreed(self, question: Question, grounding: Grounding, citations: list[Citation],
                   passages: list[Passage]) -> bool:
        """agreement.unsupported with the terms the answer-type check reads."""
        if not compared(question):
            return False  # asked before the terms are read: most questions name no year
        # every Chinese key term counts, shown or not (a name jieba cuts apart too: 大鳞大眼鲷 is not 大眼鲷)
        terms = [as_word(replace(t, optional=False) if has_chinese(t.text) else t, grounding.missing_terms)
                 for t in sentence_terms(grounding.terms)]
        terms, weights = checked_terms(question, question.expected, terms, grounding.weights)
        return unsupported(question, terms, weights, citations, passages,
                           lambda: self.reports(passages, citations, every=True))

    def reports(self, passages: list[Passage], citations: list, every: bool = False) -> dict[str, str]:
        """The whole text of each report the answer-type check reads (the top passages' — every retrieved one's
        with `every` — and the cited ones'): a report names its subject (宝林二村) once, often in another chunk
        than the fact's (answer_type.names_subject)."""
        top = passages if every else passages[:EVIDENCE_PASSAGES]
        ids = dict.fromkeys([p.article_id for p in top] + [c.article_id for c in citations])
        return {i: "\n".join(chunk.text for chunk in self.store.chunks_of(i)) for i in ids}

    def _generate(self, question: Question, passages: list[Passage], grounding: Grounding) -> Iterator[Answer]:
        """The LLM engine: partial Answers with the raw streamed text, then the verified one.
        Any failure ends in the extractive answer with a notice, never an exception."""
        if grounding.missing_entities:
            # A place or name the question asks about is in no retrieved passage: the model could only
            # refuse, or answer from outside knowledge. Otherwise the model decides (its no-answer sentinel):
            # the offline coverage and answer-type judge is only a second opinion (`verification.offline`).
            yield self._extractive(question, passages, grounding, verification=Verification(engine="extractive"))
            return
        lang = question.lang
        notices = texts("llm_notices", lang)
        convert = _s2t().convert if lang == "zh-hant" else (lambda text: text)
        partial = Answer(question=question.text, lang=lang, answer="", grounded=True, retrieved=passages,
                         grounding=grounding.as_report(), verification=Verification(engine="llm", partial=True))
        raw = shown = ""
        try:
            for delta in self.llm.stream(build_prompt(question.text, lang, passages)):
                raw += delta
                if (now := visible(raw)) and now != shown:
                    shown = now
                    yield partial.model_copy(update={"answer": convert(shown)})
            reply = strip_thinking(raw).strip()
            if is_no_answer(reply):
                answer = self._extractive(question, passages, Grounding(False, grounding.coverage))
                yield answer.model_copy(update={"grounding": grounding.as_report(),
                                                "verification": Verification(engine="llm", no_answer=True)})
                return
            verified = Verifier(passages, idf=keyword_idf(self.store.keyword_index()),
                                embed=self.store.embedder.embed_passages).verify(reply)
        except LLMError as exc:
            yield self._extractive(question, passages, grounding, notice=notices[exc.kind],
                                   verification=Verification(engine="extractive", fallback=exc.kind))
            return
        except Exception:  # noqa: BLE001 - a bug or odd reply must still end in an answer
            log.exception("LLM answer failed; falling back to the extractive answer")
            yield self._extractive(question, passages, grounding, notice=notices["error"],
                                   verification=Verification(engine="extractive", fallback="error"))
            return
        report = Verification(engine="llm", model=self.settings.llm.model, **verified.report,
                              offline=self._second_opinion(question, grounding, verified.citations, passages))
        if not verified.citations:  # nothing in the reply survived the citation check
            yield self._extractive(question, passages, grounding, notice=notices["unverified"],
                                   verification=report.model_copy(update={"engine": "extractive", "fallback": "unverified"}))
            return
        yield Answer(question=question.text, lang=lang, answer=convert(verified.text), grounded=True,
                     citations=verified.citations, retrieved=passages, grounding=grounding.as_report(),
                     verification=report)

    def ask_stream(self, question: str, k: int | None = None, filters: Filters | None = None) -> Iterator[Answer]:
        """Partial answers ending with the complete one (for streaming UIs). With an LLM the partials
        carry the raw text as tokens arrive and the last is the verified answer; without, line by line."""
        if self.llm is not None:
            yield from self._generate(*self._prepare(question, k, filters))
            return
        final = self.ask(question, k=k, filters=filters)
        lines = final.answer.split("\n")
        for i in range(1, len(lines)):
            yield final.model_copy(update={"answer": "\n".join(lines[:i])})
        yield final
