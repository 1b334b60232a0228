"""The example questions over the chat: candidates the collection mentions, offered only when asking
them gets a full answer; the verdicts are kept per store generation in <store>/examples.json."""
from __future__ import annotations

import json
import logging
from pathlib import Path

from assistant.answer import Assistant
from assistant.ui.filters import Facets
from assistant.ui.memo import GenerationMemo
from assistant.ui.text import EXAMPLES, N_EXAMPLES
from ingest.enrich import practices

log = logging.getLogger("gongzhi.app")
MAX_EXAMPLE_CHECKS = 8  # candidate example questions asked per language at most (~0.1-1 s each, once per generation)
EXAMPLES_FILE = "examples.json"  # which candidate example questions the store answers, per generation


class ExampleQuestions:
    def __init__(self, assistant: Assistant, facets: Facets, memo: GenerationMemo) -> None:
        self.assistant = assistant
        self.store = assistant.store
        self.facets = facets
        self.memo = memo

    def shown(self, lang: str) -> list[str]:
        """Example questions this collection answers: candidates (the curated ones whose subject the
        collection mentions, then one per practice tag) are asked, and only those that get a full answer
        are shown. A restart does not ask them again."""
        if self.store.is_empty():
            return []
        return self.memo.get("examples", self._choose)[lang]

    def _choose(self) -> dict[str, list[str]]:
        en_names = {p.tag: p.en.split(" (")[0] for p in practices()}
        verdicts = self._verdicts()
        out = {}
        for ui_lang, pairs in EXAMPLES.items():
            candidates = [q for q, needle in pairs if self.store.mentions(needle)]
            candidates += [f"{tag}有哪些做法?" if ui_lang == "zh" else
                           f"What do the reports say about {en_names.get(tag, tag)}?"
                           for tag, _ in self.facets.counts()["practice"][:MAX_EXAMPLE_CHECKS]]
            chosen: list[str] = []
            for q in candidates[:MAX_EXAMPLE_CHECKS]:
                if len(chosen) >= N_EXAMPLES:
                    break
                if q not in verdicts:
                    verdicts[q] = self._answers_fully(q)
                if verdicts[q]:
                    chosen.append(q)
            out[ui_lang] = chosen
        self._save_verdicts(verdicts)
        return out

    def _answers_fully(self, question: str) -> bool:
        """Does the collection answer this question (grounded, and not only in part)?"""
        try:
            answer = self.assistant.ask(question)
        except Exception:  # noqa: BLE001 - a question that cannot be answered is not offered
            log.exception("checking the example question %r failed", question)
            return False
        return bool(answer.grounded) and not getattr(answer, "partial", False)

    def _verdicts(self) -> dict[str, bool]:
        path = Path(self.store.root) / EXAMPLES_FILE
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return dict(saved.get("verdicts", {})) if saved.get("generation") == self.store.generation else {}

    def _save_verdicts(self, verdicts: dict[str, bool]) -> None:
        try:
            (Path(self.store.root) / EXAMPLES_FILE).write_text(json.dumps(
                {"generation": self.store.generation, "verdicts": verdicts}, ensure_ascii=False), encoding="utf-8")
        except OSError:  # a read-only store: checked again at the next start
            pass
