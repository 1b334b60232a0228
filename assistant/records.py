"""Records of the answering stage: what a question gets back."""
from __future__ import annotations

from pydantic import BaseModel, Field


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
    grounding: dict = Field(default_factory=dict, description="How the grounding decision was reached.")
    notice: str | None = None
    verification: dict = Field(default_factory=dict, description=(
        "LLM engine only: citation check of the generated text (sentences kept / re-cited / removed, "
        "citation_precision), or the reason it fell back to the extractive engine. Empty without an LLM."))
