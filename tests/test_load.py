"""The load script, briefly: 20 concurrent API sessions against a real app process, zero errors."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import REPO, free_port

sys.path.insert(0, str(REPO / "bench"))




@pytest.fixture()
def app_process(seeds_store):
    port = free_port()
    env = {**os.environ, "GONGZHI_STORE": str(seeds_store.root), "GONGZHI_PORT": str(port),
           "GONGZHI_HOST": "127.0.0.1", "GRADIO_ANALYTICS_ENABLED": "False"}
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"app exited: {proc.stderr.read()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def test_twenty_concurrent_sessions_have_zero_errors(app_process):
    from load import run

    result = run(app_process, users=20, seconds=8, max_requests=400)
    assert result["errors"] == 0, result["error_samples"]
    assert result["requests"] >= 20
    urllib.request.urlopen(app_process, timeout=5)  # still up
