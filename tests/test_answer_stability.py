"""An answer depends on the question and the store, not on what was asked before it nor on which process asks."""
from __future__ import annotations

import json
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


_NEAREST = """
def nearest(store):
    # each stored chunk's vector asked of the store's HNSW graph: its 10 nearest chunks and their distances
    got = store.collection.get(include=["embeddings"])
    order = sorted(range(len(got["ids"])), key=lambda i: got["ids"][i])
    found = store.collection.query(query_embeddings=[got["embeddings"][i].tolist() for i in order], n_results=10,
                                   include=["distances"])
    return [[[i, round(d, 6)] for i, d in zip(ids, dists)] for ids, dists in zip(found["ids"], found["distances"])]
"""

_READ = _NEAREST + """
import json, sqlite3, sys
from pathlib import Path
from vectorstore.settings import get_settings
from vectorstore.store import Store
root = Path(sys.argv[1])
db = sqlite3.connect(f"file:{root / 'chroma' / 'chroma.sqlite3'}?mode=ro", uri=True)  # closed before Chroma opens
seq = {scope: n if isinstance(n, int) else int.from_bytes(n, "big") for scope, n in db.execute(
    "SELECT s.scope, m.seq_id FROM segments s JOIN max_seq_id m ON m.segment_id = s.id").fetchall()}
replay = db.execute("SELECT COUNT(*) FROM embeddings_queue WHERE seq_id > ?", (seq.get("VECTOR", 0),)).fetchone()[0]
db.close()
print(json.dumps({"seq": seq, "replay": replay, "nearest": nearest(Store.open(get_settings(store=root)))}))
"""


def test_an_ingest_leaves_the_vector_index_settled_for_every_process(seeds_dir, tmp_path: Path) -> None:
    """Embedded Chroma saves its HNSW graph every 1,000 writes and keeps the later ones in a log that every process
    opening the store replays into a graph of its own, in an order of its own; the ingest (the writer) saves it
    when done. Then two fresh processes find nothing to replay and rank every chunk's neighbours alike, as the
    process that ingested does."""
    from ingest.pipeline import ingest_paths
    from vectorstore.settings import get_settings
    from vectorstore.store import Store

    settings = get_settings(store=tmp_path / "store")
    store = Store.open(settings)
    report = ingest_paths([seeds_dir], store, settings.ingest.chunk_chars, progress=False)
    assert report.ingested and not report.errors
    runs = [json.loads(subprocess.run([sys.executable, "-c", _READ, str(settings.store)], cwd=REPO,
                                      capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])
            for _ in range(2)]
    for run in runs:
        assert run["replay"] == 0  # before: the seeds' 94 writes (47 deletes, 47 adds) stayed in the log
        assert run["seq"]["VECTOR"] == run["seq"]["METADATA"] > 0
        assert len(run["nearest"]) == report.chunks
    here: dict = {}
    exec(_NEAREST, here)  # noqa: S102 - the same function the fresh processes run
    assert runs[0]["nearest"] == runs[1]["nearest"] == here["nearest"](store)  # the writer's graph is the saved one
    assert len(store.vector_ids()) == report.chunks  # settling deletes ids no chunk has: every vector stays


def test_a_writer_settles_only_what_it_wrote_and_only_a_collection_with_vectors(tmp_path: Path) -> None:
    """A writer that wrote nothing leaves the store as it was; an empty collection has no index to save (Chroma
    would keep the settling deletes in its log)."""
    from vectorstore.settings import get_settings
    from vectorstore.store import Store

    store = Store.open(get_settings(store=tmp_path / "empty"))
    with store.writer_lock():
        store.vectors.delete(["no-such-chunk"])
        assert store.vectors.written
    assert store.settle_vectors() is False and store.collection.count() == 0
    store.vectors.written = False
    store.collection.add(ids=["one"], embeddings=[[1.0] + [0.0] * (store.embedder.dim - 1)])
    assert store.settle_vectors() is False  # not written through the store: not this writer's to settle
    store.vectors.delete(["no-such-chunk"])
    assert store.settle_vectors() is True and store.vectors.written is False
    assert store.settle_vectors() is False and store.vector_ids() == {"one"}
