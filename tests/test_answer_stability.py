"""An answer depends on the question and the store, not on what was asked before nor on which process asks."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import DEV_QUESTIONS, REPO


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


_SETTLE = """
import json, sys
from pathlib import Path
from vectorstore.settings import get_settings
from vectorstore.store import Store
from vectorstore.store.vectors import _unpersisted_writes
root = Path(sys.argv[1])
store = Store.open(get_settings(store=root))
log = root / "chroma" / "chroma.sqlite3"
cid = str(store.collection.id)
lag = _unpersisted_writes(log, cid)
settled = store.settle_vectors()
print(json.dumps({"lag": lag, "settled": settled, "after": _unpersisted_writes(log, cid),
                  "again": store.settle_vectors(),
                  "threshold": store.collection._model.configuration_json["hnsw"]["sync_threshold"]}))
"""


def test_settle_persists_the_vector_log(seeds_store, tmp_path: Path) -> None:
    """An ingest leaves its last writes in Chroma's log (persisted every 1,000): a reader persists them once, so
    that no process replays them into a graph of its own; the threshold stays 1,000 for later ingests."""
    copy = tmp_path / "store"
    shutil.copytree(seeds_store.root, copy)
    run = subprocess.run([sys.executable, "-c", _SETTLE, str(copy)], cwd=REPO, capture_output=True, text=True,
                         check=True)
    got = json.loads(run.stdout.strip().splitlines()[-1])
    assert got["lag"] > 0  # the seeds' ingest leaves writes unpersisted (fewer than the threshold)
    assert got == {"lag": got["lag"], "settled": True, "after": 0, "again": False, "threshold": 1000}
