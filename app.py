"""共治 Gongzhi in the browser: a Gradio app over the same answer function as the CLI.

    python app.py            (or `make run`)  →  http://127.0.0.1:7860

Settings come from GONGZHI_* variables (vectorstore/settings.py): GONGZHI_STORE picks the store,
GONGZHI_HOST / GONGZHI_PORT the address. Listening beyond loopback needs GONGZHI_ADMIN_USER and
GONGZHI_ADMIN_PASSWORD: the app then sits behind Gradio's login, and the Library tab's uploads and
removals check for that user; without them the app refuses to start.

Tabs: 问答 (chat with streamed, cited answers, a sources panel, filters, follow-ups and feedback, and the
answer's references to download as GB/T 7714, BibTeX or CSL-JSON), 资料库 (upload files or a zip, ingest
with progress, counts and charts, re-index, remove an article, export feedback), 案例 (case cards filtered
by place, practice, year, actor type and funding or searched by a question; each card's values with their
cited sentences; a side-by-side comparison of 2–4 cases; the table as CSV/XLSX and its references) and
课程 (course material on a topic, shown and downloadable as .md and .docx). Cases, exports and courses
come from the same functions as `python -m assistant cases|course|ask --refs` (assistant.cases,
assistant.export, assistant.course). Gradio's API exposes `ask`, which returns exactly what
`python -m assistant ask --json` prints. Every piece of article text is HTML-escaped before it reaches
the page.

This file is the entry point: the page is `assistant.ui.app.GongzhiApp`, composed of one component per tab
(assistant/ui/chat_tab.py, library_tab.py, cases_tab.py, course_tab.py).
"""
from __future__ import annotations

import os

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before gradio is imported: no phoning home
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import sys  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

from assistant.answer import Assistant  # noqa: E402
# The page and its tabs live in assistant/ui/; these names stay importable from `app`.
from assistant.ui.app import GongzhiApp  # noqa: E402,F401
from assistant.ui.examples import EXAMPLES_FILE  # noqa: E402,F401
from assistant.ui.launch import ConfigError, is_loopback, launch_options  # noqa: E402,F401
from assistant.ui.library_tab import upload_types  # noqa: E402,F401
from assistant.ui.markup import esc  # noqa: E402,F401
from assistant.ui.text import TEXT  # noqa: E402,F401
from assistant.ui.turn import Turn  # noqa: E402,F401
from vectorstore.settings import get_settings  # noqa: E402
from vectorstore.store import StoreError  # noqa: E402


def _warm_up(assistant: Assistant) -> None:
    """Load models and indexes beside the UI build; questions asked before this ends share the cores
    with it (at 69k articles, cold: ~10 s, during which answers took 0.4-1.2 s instead of ~0.1 s)."""
    start = time.perf_counter()
    assistant.warm_up()
    print(f"Ready: models and indexes loaded in {time.perf_counter() - start:.1f} s", flush=True)


def main() -> int:
    settings = get_settings()
    try:
        options = launch_options(settings)
    except ConfigError as exc:
        print(f"gongzhi: {exc}", file=sys.stderr)
        return 2
    try:
        ui = GongzhiApp(settings)
    except StoreError as exc:
        print(f"gongzhi: {exc}", file=sys.stderr)
        return 2
    counts = ui.store.counts(vectors=False)
    print(f"Gongzhi 共治: store {settings.store} holds {counts['articles']} articles, {counts['chunks']} chunks"
          + ("" if counts["articles"] else " — add articles in the Library tab, or `make run CORPUS=path`"))
    print(f"Open http://{settings.server.host}:{settings.server.port} in a browser"
          + (" (library changes need the admin login)" if ui.admin_required else ""))
    threading.Thread(target=_warm_up, args=(ui.assistant,), name="gongzhi-warm-up", daemon=True).start()
    try:
        ui.launch(**options)
    except OSError as exc:
        print(f"gongzhi: cannot listen on {settings.server.host}:{settings.server.port} ({exc}). "
              "Set GONGZHI_PORT to a free port.", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
