"""Records of the answering stage: what a question gets back."""
from __future__ import annotations

from pydantic import BaseModel, Field, SerializerFunctionWrapHandler, model_serializer


class Passage(BaseModel):
    """A retrieved chunk, in rank order."""

    chunk_id: str
    article_id: str
    title: str
    source: str
    passage: str
    score: float
    place: str = ""
    published: str | None = None


class Citation(BaseModel):
    n: int
    article_id: str
    title: str
    source: str
    passage: str = Field(description="The exact chunk text.")
    span: tuple[int, int] = Field(description="Character span of the cited sentence inside `passage`.")
    chunk_id: str


class SparseRecord(BaseModel):
    """A record whose JSON holds only the keys it was given: a key not given is absent (not null), a value
    given as None stays (null). So each engine path keeps the exact JSON it had as a plain dict."""

    @model_serializer(mode="wrap")
    def _given_keys_only(self, handler: SerializerFunctionWrapHandler) -> dict:
        return {key: value for key, value in handler(self).items() if key in self.model_fields_set}


class AnswerTypeReport(SparseRecord):
    """The answer-type check (assistant/answer_type.py) on the cited sentences."""

    expected: str | None = Field(default=None, description="The kind of fact asked (count, money, who…), or None.")
    ok: bool | None = Field(default=None, description="A cited sentence gives that kind of fact.")
    reason: str | None = Field(default=None, description="Why none qualifies (type, year, focus…); empty when ok.")
    added: bool | None = Field(default=None, description="ok thanks to a sentence the composer had not quoted.")


class GroundingReport(SparseRecord):
    """How the grounding decision was reached (assistant/grounding.py). Empty on a hand-built Answer."""

    coverage: float | None = Field(default=None, description="IDF-weighted share of key terms in the evidence.")
    missing_entities: list[str] | None = Field(default=None, description="Asked places/names in no passage.")
    missing_terms: list[str] | None = Field(default=None, description="Key terms in no top passage.")
    answer_type: AnswerTypeReport | None = Field(default=None, description=(
        "Extractive answers the evidence grounds only: the answer-type check of the quoted sentences."))


class OfflineOpinion(SparseRecord):
    """The offline judge on an LLM answer: a second opinion shown to reviewers, never a veto."""

    grounded: bool | None = None
    coverage: float | None = None
    answer_type: AnswerTypeReport | None = None
    low_support: bool | None = Field(default=None, description="The judge would not have given this answer.")


class Verification(SparseRecord):
    """What the LLM engine did with an answer; empty without an LLM. The field order is the JSON key order."""

    engine: str | None = Field(default=None, description="llm, or extractive when it fell back or was bypassed.")
    model: str | None = None
    sentences: int | None = Field(default=None, description="Sentences of the reply that state a fact.")
    cited: int | None = Field(default=None, description="Of those, sentences that cite a passage.")
    kept: int | None = Field(default=None, description="Supported by the passage they cite.")
    recited: int | None = Field(default=None, description="Supported by another passage: cited to that one.")
    removed: int | None = Field(default=None, description="Supported by no passage: removed.")
    framing: int | None = Field(default=None, description="State no fact: kept, not cited.")
    citation_precision: float | None = Field(default=None, description="kept / cited; null when nothing cited.")
    removed_sentences: list[str] | None = None
    offline: OfflineOpinion | None = None
    fallback: str | None = Field(default=None, description="Why the extractive engine answered (timeout, error…).")
    partial: bool | None = Field(default=None, description="A streamed partial answer, not yet verified.")
    no_answer: bool | None = Field(default=None, description="The model said the reports do not answer.")


class Answer(BaseModel):
    question: str
    lang: str
    answer: str
    grounded: bool
    partial: bool = Field(default=False, description=(
        "The reports are on the question's subject but do not give the asked fact (an amount, a name, a "
        "date, or one for the asked year/place): `answer` says so first, then quotes what they do say, cited. "
        "Always with grounded=False."))
    citations: list[Citation] = Field(default_factory=list)
    retrieved: list[Passage] = Field(default_factory=list)
    related: list[str] = Field(default_factory=list, description="Titles offered when not grounded.")
    grounding: GroundingReport = Field(default_factory=lambda: GroundingReport(),
                                       description="How the grounding decision was reached.")
    notice: str | None = None
    verification: Verification = Field(default_factory=lambda: Verification(), description=(
        "LLM engine only: citation check of the generated text (sentences kept / re-cited / removed, "
        "citation_precision), or the reason it fell back to the extractive engine. Empty without an LLM."))
