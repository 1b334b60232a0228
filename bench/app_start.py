"""App start-up time and memory: start `python app.py` on a store, time until the page is served and
until the first answer arrives through the API (asked at once, beside the app's warm-up), until the app
prints that it is ready, then the end-to-end HTTP latency of further questions and the memory of the
app process.

    python bench/app_start.py --store data/kb [--store /tmp/bench/ours-10000 ...] [--questions 40]

Prints a table and writes bench/results/app_start.json. Loopback only; run by hand.
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from scale import _percentiles, _questions  # noqa: E402
from report import save  # noqa: E402 - bench/ is on sys.path when run as a script


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def memory_mb(pid: int) -> dict:
    """Current and peak resident memory of a process (Linux /proc)."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    kb = lambda key: int(fields[key].split()[0])  # noqa: E731
    return {"rss_mb": round(kb("VmRSS") / 1024), "peak_rss_mb": round(kb("VmHWM") / 1024)}


def measure(store: Path, questions: int) -> dict:
    from gradio_client import Client

    port = free_port()
    env = {**os.environ, "GONGZHI_STORE": str(store), "GONGZHI_PORT": str(port), "GONGZHI_HOST": "127.0.0.1",
           "GRADIO_ANALYTICS_ENABLED": "False"}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    ready = threading.Event()
    ready_s: list[float] = []

    def watch_stdout() -> None:  # the app prints "Ready: ..." when its warm-up has loaded everything
        for line in proc.stdout:
            if line.startswith("Ready:") and not ready.is_set():
                ready_s.append(time.perf_counter() - start)
                ready.set()

    threading.Thread(target=watch_stdout, daemon=True).start()
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"app exited: {proc.stderr.read()[-2000:]}")
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        served = time.perf_counter() - start
        client = Client(url, verbose=False)
        asked = _questions(questions + 1)
        t = time.perf_counter()
        client.predict(asked[0], api_name="/ask")
        first = time.perf_counter() - t
        first_answer = time.perf_counter() - start
        # a user who asks at once shares the cores with the warm-up (the first answer above); the
        # latency of the following questions is measured once the app says it is ready
        ready.wait(timeout=600)
        samples = []
        for q in asked[1:]:
            t = time.perf_counter()
            client.predict(q, api_name="/ask")
            samples.append(time.perf_counter() - t)
        return {"store": str(store), "page_served_s": round(served, 1), "first_answer_s": round(first_answer, 1),
                "first_question_ms": round(first * 1000), "ready_s": round(ready_s[0], 1) if ready_s else None, "http_answer": _percentiles(samples), **memory_mb(proc.pid)}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, action="append", required=True)
    parser.add_argument("--questions", type=int, default=40)
    args = parser.parse_args()
    rows = [measure(store, args.questions) for store in args.store]
    print("store | page served | first answer | first question | ready | HTTP answer p50 / p95 | RSS | peak RSS")
    for r in rows:
        print(f"{r['store']} | {r['page_served_s']} s | {r['first_answer_s']} s | {r['first_question_ms']} ms | "
              f"{r['ready_s']} s | "
              f"{r['http_answer']['p50_ms']} / {r['http_answer']['p95_ms']} ms | {r['rss_mb']} MB | "
              f"{r['peak_rss_mb']} MB")
    save("app_start", rows)


if __name__ == "__main__":
    main()
