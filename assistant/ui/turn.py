"""One question and its answer in a chat session."""
from __future__ import annotations

from dataclasses import dataclass, field

from assistant.records import Answer


@dataclass
class Turn:
    """One question and its answer in a conversation (kept in the session's gr.State)."""

    question: str  # as typed
    resolved: str  # as retrieved (after follow-up resolution)
    answer: Answer
    filters: dict[str, str | None] = field(default_factory=dict)
    message_index: int = -1  # position of the answer in the chatbot's messages
    feedback_id: int | None = None
    references: dict[str, str] | None = None  # style -> file of this answer's references, once written
