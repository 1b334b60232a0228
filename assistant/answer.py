"""One answer function for the CLI, the web app and its API: question → cited Answer."""
from __future__ import annotations

import tomllib
from collections.abc import Iterator
from functools import lru_cache

import opencc

from assistant.extractive import compose
from assistant.grounding import assess
from assistant.query import question_lang
from assistant.records import Answer
from assistant.retrieve import Retriever
from vectorstore.settings import REPO_ROOT, Settings, get_settings
from vectorstore.store import Filters, Store

PROMPTS = REPO_ROOT / "prompts"


@lru_cache(maxsize=8)
def template(name: str, lang: str) -> dict[str, str]:
    """prompts/{name}_{zh|en}.toml; traditional Chinese uses the zh file (converted on output)."""
    base = "zh" if lang.startswith("zh") else "en"
    with open(PROMPTS / f"{name}_{base}.toml", "rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


class Assistant:
    """Holds the store, models and indexes across questions."""

    def __init__(self, settings: Settings | None = None, store: Store | None = None) -> None:
        self.settings = settings or get_settings()
        self.store = store or Store.open(self.settings)
        self.retriever = Retriever(self.store, self.settings)

    def ask(self, question: str, k: int | None = None, filters: Filters | None = None) -> Answer:
        question = question.strip()
        lang = question_lang(question)
        words = template("extractive", lang)
        passages = self.retriever.retrieve(question, k=k, filters=filters)
        grounding = assess(question, passages, self.store.keyword_index(), self.settings.grounding_threshold)
        text, citations = compose(question, passages, words) if grounding.grounded else ("", [])
        grounded = grounding.grounded and bool(citations)
        related: list[str] = []
        if not grounded:
            related = list(dict.fromkeys(p.title for p in passages))[:3]
            text = words["no_answer"]
            if related:
                text += "\n\n" + words["related_heading"] + "\n" + "\n".join(f"- {t}" for t in related)
        if lang == "zh-hant":
            text = _s2t().convert(text)
        return Answer(question=question, lang=lang, answer=text, grounded=grounded, citations=citations,
                      retrieved=passages, related=related if not grounded else [],
                      grounding=grounding.as_dict())

    def ask_stream(self, question: str, k: int | None = None, filters: Filters | None = None) -> Iterator[Answer]:
        """Partial answers, line by line, ending with the complete one (for streaming UIs)."""
        final = self.ask(question, k=k, filters=filters)
        lines = final.answer.split("\n")
        for i in range(1, len(lines)):
            yield final.model_copy(update={"answer": "\n".join(lines[:i])})
        yield final
