"""Nothing lost on a crash; one writer at a time; the integrity check finds and repairs drift."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from conftest import REPO, SEEDS
from vectorstore.settings import get_settings
from vectorstore.store import Store


def make_corpus(folder, copies: int = 3):
    folder.mkdir()
    for i in range(copies):
        for path in sorted(SEEDS.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            (folder / f"{i:02d}_{path.name}").write_text(text + f"\n\n（本报第{i}期）\n", encoding="utf-8")


def ingest_cmd(src, store):
    return [sys.executable, "-m", "ingest", str(src), "--store", str(store), "--quiet"]


def snapshot(store_dir):
    store = Store.open(get_settings(store=store_dir))
    articles = sorted((a.id, a.source) for a in store.articles())
    chunks = sorted(r[0] for r in store.db.execute("SELECT id FROM chunks"))
    vectors = sorted(store.vector_ids())
    return articles, chunks, vectors, store.check(repair=False)


def test_kill_9_midway_then_rerun_equals_a_clean_single_run(tmp_path):
    src = tmp_path / "src"
    make_corpus(src)
    crashed = tmp_path / "crashed"
    proc = subprocess.Popen(ingest_cmd(src, crashed), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 240
    done = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.3)
        try:
            with sqlite3.connect(crashed / "kb.sqlite", timeout=1) as db:
                done = db.execute("SELECT COUNT(*) FROM files").fetchone()[0]
        except sqlite3.Error:
            continue
        if done >= 3:
            break
    assert proc.poll() is None, "ingest finished before it could be killed; use more copies"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 3 <= done < 15

    rerun = subprocess.run(ingest_cmd(src, crashed), cwd=REPO, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    clean = tmp_path / "clean"
    single = subprocess.run(ingest_cmd(src, clean), cwd=REPO, capture_output=True, text=True, timeout=600)
    assert single.returncode == 0, single.stderr

    a_articles, a_chunks, a_vectors, a_check = snapshot(crashed)
    b_articles, b_chunks, b_vectors, _ = snapshot(clean)
    assert len(a_articles) == 30
    assert a_articles == b_articles and a_chunks == b_chunks
    assert a_vectors == a_chunks, "no orphan or missing vectors after the re-run"
    assert a_check["orphan_vectors"] == a_check["missing_vectors"] == a_check["keyword_index_stale"] == 0


def test_a_second_ingest_on_the_same_store_is_refused_clearly(tmp_path):
    store = Store.open(get_settings(store=tmp_path / "store"))
    with store.writer_lock():
        out = subprocess.run(ingest_cmd(SEEDS, tmp_path / "store"), cwd=REPO, capture_output=True, text=True,
                             timeout=300)
    assert out.returncode == 2
    assert "Another ingest is writing" in out.stderr
    assert store.counts()["articles"] == 0


def test_check_reports_and_repairs_drift(tmp_path, seeds_dir):
    from ingest.pipeline import ingest_paths

    store = Store.open(get_settings(store=tmp_path / "store"))
    ingest_paths([seeds_dir / next(p.name for p in seeds_dir.glob("004_*"))], store, progress=False)
    ids = sorted(store.vector_ids())
    store.collection.delete(ids=ids[:2])  # vectors lost
    with store.db:
        store.db.execute("DELETE FROM chunks WHERE id = ?", (ids[3],))  # a chunk row lost: its vector is an orphan
    out = subprocess.run([sys.executable, "-m", "ingest", "check", "--store", str(tmp_path / "store"), "--no-repair"],
                         cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 1 and "orphan_vectors=1" in out.stdout and "missing_vectors=2" in out.stdout
    assert "missing_cards=0" in out.stdout
    out = subprocess.run([sys.executable, "-m", "ingest", "check", "--store", str(tmp_path / "store")],
                         cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and "repaired" in out.stdout
    report = store.check(repair=False)
    assert report["orphan_vectors"] == report["missing_vectors"] == report["keyword_index_stale"] == 0
