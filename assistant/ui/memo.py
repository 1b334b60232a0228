"""Values the page derives from the collection, kept until the store's generation changes."""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from vectorstore.store import Store


class GenerationMemo:
    """A per-generation memo shared by the tabs (facets, case years, example questions): any write to
    the store bumps its generation and so invalidates every entry."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._values: dict[str, tuple[int, Any]] = {}
        self._lock = threading.Lock()

    def get(self, name: str, build: Callable[[], Any]) -> Any:
        generation = self.store.generation
        with self._lock:
            hit = self._values.get(name)
            if hit and hit[0] == generation:
                return hit[1]
        value = build()
        with self._lock:
            self._values[name] = (generation, value)
        return value

    def clear(self) -> None:
        """Forget everything (a correction changes rows without a new generation)."""
        with self._lock:
            self._values.clear()
