"""Chroma server mode: a real `chroma run` on a free loopback port, shared by two processes."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO, free_port, seed

CHROMA = Path(sys.executable).parent / "chroma"




@pytest.fixture()
def chroma_server(tmp_path):
    port = free_port()
    proc = subprocess.Popen([str(CHROMA), "run", "--path", str(tmp_path / "chroma-server"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("chroma server did not start")
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def test_ingest_and_query_from_two_processes_through_a_chroma_server(tmp_path, chroma_server):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(seed("001"), src / "001.txt")
    shutil.copy(seed("004"), src / "004.txt")
    env = {**os.environ, "GONGZHI_CHROMA_URL": chroma_server, "GONGZHI_STORE": str(tmp_path / "store")}
    ingest = subprocess.run([sys.executable, "-m", "ingest", str(src), "--quiet"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=300)
    assert ingest.returncode == 0, ingest.stderr
    assert not (tmp_path / "store" / "chroma").exists(), "vectors must live in the server, not on local disk"

    questions = ["海园居民区共治金的认领项目模式是怎样的?", "自治家园下设哪四个自治模块?"]
    procs = [subprocess.Popen([sys.executable, "-m", "assistant", "ask", q, "--json"], cwd=REPO, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for q in questions]
    answers = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        answers.append(json.loads(out))
    assert all(a["grounded"] for a in answers)
    assert "001.txt" in answers[0]["citations"][0]["source"]
    assert "004.txt" in answers[1]["citations"][0]["source"]

    import chromadb

    client = chromadb.HttpClient(host="127.0.0.1", port=int(chroma_server.rsplit(":", 1)[1]))
    assert client.get_collection("gongzhi_chunks").count() > 0
