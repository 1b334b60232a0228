"""An answer depends on the question and the store, not on what was asked before it."""
from __future__ import annotations

import json

from conftest import DEV_QUESTIONS


def _dev_questions() -> list[str]:
    return [json.loads(line)["q"] for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


def _digest(answer) -> dict:  # noqa: ANN001 - assistant.records.Answer
    return {"answer": answer.answer, "grounded": answer.grounded, "partial": answer.partial,
            "citations": [c.model_dump() for c in answer.citations],
            "retrieved": [(p.chunk_id, round(p.score, 6)) for p in answer.retrieved]}


def test_same_answer_after_other_questions(assistant) -> None:
    """Ask a question, then the other dev questions (caches of sentence vectors, cuts, judges fill), then the
    first again: the same answer, citations and passages."""
    questions = _dev_questions()
    first, others = questions[7], questions[:7] + questions[8:16]
    before = _digest(assistant.ask(first))
    for q in others:
        assistant.ask(q)
    assert _digest(assistant.ask(first)) == before
