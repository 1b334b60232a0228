"""Load test: N concurrent chat sessions through the Gradio API for a fixed time (loopback only).

    python bench/load.py --url http://127.0.0.1:7860 --users 20 --seconds 60

Each simulated user has its own gradio_client session and asks questions from the dev set in a
loop until time is up. Prints throughput, p50/p95/max latency and errors; writes
bench/results/load.json. Request loops are bounded by --seconds and --max-requests.
"""
from __future__ import annotations

import argparse
import json
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

from gradio_client import Client
from data_paths import SHARED  # noqa: E402 - bench/ is on sys.path when run as a script
from report import save  # noqa: E402 - bench/ is on sys.path when run as a script

REPO = Path(__file__).resolve().parent.parent
QUESTIONS = [json.loads(line)["q"] for line in (SHARED / "eval" / "dev_questions.jsonl")
             .read_text(encoding="utf-8").splitlines() if line.strip()]


def run(url: str, users: int, seconds: float, max_requests: int = 100_000) -> dict:
    host = urlparse(url).hostname or ""
    if not (host == "localhost" or host.startswith("127.") or host == "::1"):
        raise SystemExit("load tests only target this machine (127.0.0.0/8, localhost, ::1)")
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = [0.0]
    began = [0.0]

    def start_clock() -> None:  # the barrier's action runs before any waiting thread is released
        began[0] = time.perf_counter()
        deadline[0] = began[0] + seconds

    ready = threading.Barrier(users + 1, action=start_clock)
    budget = [max_requests]

    def user(i: int) -> None:
        try:
            client = Client(url, verbose=False)
        except Exception as exc:  # a session that cannot even connect is an error too
            with lock:
                errors.append(f"connect: {type(exc).__name__}: {exc}")
            ready.wait()
            return
        ready.wait()
        n = i
        while time.perf_counter() < deadline[0]:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            question = QUESTIONS[n % len(QUESTIONS)]
            n += users
            start = time.perf_counter()
            try:
                result = client.predict(question, api_name="/ask")
                assert isinstance(result, dict) and "answer" in result and "grounded" in result
                with lock:
                    latencies.append(time.perf_counter() - start)
            except Exception as exc:
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}"[:200])

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(users)]
    for t in threads:
        t.start()
    ready.wait()
    for t in threads:
        t.join(timeout=seconds + 120)
    elapsed = time.perf_counter() - began[0]
    ordered = sorted(latencies)
    pct = lambda q: round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1) if ordered else None  # noqa: E731
    return {"users": users, "seconds": round(elapsed, 1), "requests": len(latencies), "errors": len(errors),
            "throughput_rps": round(len(latencies) / elapsed, 2), "p50_ms": pct(0.50), "p95_ms": pct(0.95),
            "max_ms": round(ordered[-1] * 1000, 1) if ordered else None,
            "mean_ms": round(statistics.mean(ordered) * 1000, 1) if ordered else None, "error_samples": errors[:5]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:7860")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=100_000)
    args = parser.parse_args()
    result = run(args.url, args.users, args.seconds, args.max_requests)
    print(f"{'users':>5} {'secs':>5} {'reqs':>6} {'errors':>6} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    print(f"{result['users']:>5} {result['seconds']:>5} {result['requests']:>6} {result['errors']:>6} "
          f"{result['throughput_rps']:>6} {result['p50_ms']:>7} {result['p95_ms']:>7} {result['max_ms']:>7}")
    for sample in result["error_samples"]:
        print("error:", sample)
    save("load", result)


if __name__ == "__main__":
    main()
