"""Peak memory and time of building a store's keyword index two ways, each in its own process:

- `strings`: every chunk's tokens as a list of Python strings handed to bm25s (the code before 2026-12-01);
- `ids`: `KeywordIndex.build`, which streams the chunks and keeps each one's token ids in an `array`.

    python bench/keyword_memory.py --store /path/to/store

Prints a table, writes bench/results/keyword_memory.json. Run by hand, not in the test suite.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from app_start import memory_mb  # noqa: E402 - bench/ is on sys.path when run as a script
from report import save  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def measure(store: str, mode: str) -> dict:
    """Runs in the child process: build the index one way, report seconds and memory."""
    sys.path.insert(0, str(REPO))
    import bm25s

    from vectorstore.keyword import KeywordIndex, _jieba, tokenize
    from vectorstore.store.articles import Articles
    from vectorstore.store.database import Database

    _jieba()  # the dictionary is loaded before the baseline: both ways need it
    before = memory_mb(os.getpid())["rss_mb"]
    rows = Articles(Database(Path(store) / "kb.sqlite", read_only=True)).chunk_texts()  # (id, title\ntext)
    start = time.perf_counter()
    if mode == "strings":
        texts = [text for _, text in rows]
        bm25s.BM25().index([tokenize(text) or ["\u0000"] for text in texts], show_progress=False)
        chunks = len(texts)
    else:
        chunks = len(KeywordIndex.build(rows, 1).chunk_ids)
    peak = memory_mb(os.getpid())["peak_rss_mb"]
    return {"mode": mode, "chunks": chunks, "seconds": round(time.perf_counter() - start, 1),
            "rss_before_mb": before, "peak_mb": peak, "growth_mb": peak - before}


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(measure(sys.argv[2], sys.argv[3])))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", required=True, type=Path)
    args = parser.parse_args()
    rows = []
    for mode in ("strings", "ids"):
        out = subprocess.run([sys.executable, __file__, "--child", str(args.store.resolve()), mode],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
    print("\nmode | chunks | seconds | RSS before | peak | growth (MB)")
    for r in rows:
        print(f"{r['mode']} | {r['chunks']} | {r['seconds']} | {r['rss_before_mb']} | {r['peak_mb']} | {r['growth_mb']}")
    save("keyword_memory.json", rows)


if __name__ == "__main__":
    main()
