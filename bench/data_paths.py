"""Where the bench scripts find their data and stores (vectorstore.settings.BenchPaths: GONGZHI_BENCH_SHARED,
GONGZHI_BENCH_STORES; by default ../shared and ../stores beside the checkout), and the development pool's
records read straight from the shared news corpus, so that no script needs a file made by hand first."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import IO

from vectorstore.settings import BenchPaths

BENCH = BenchPaths()
SHARED = BENCH.shared
STORES = BENCH.stores
GOVERNANCE = SHARED / "corpus" / "governance"


def _extract_command(distractors: bool) -> list[str]:
    lists = ["dev_ids.txt", "distractor_ids.txt"] if distractors else ["dev_ids.txt"]
    return [sys.executable, str(GOVERNANCE / "extract.py"), *(str(GOVERNANCE / name) for name in lists)]


def extract_pool(out: IO[str], distractors: bool = True) -> None:
    """Write the development pool's 167 records (and its 1,000 distractors, unless told not to) as JSONL to
    `out`, with the shared corpus's own extract.py."""
    subprocess.run(_extract_command(distractors), stdout=out, check=True)


def pool_records(path: Path | None = None, distractors: bool = True) -> list[dict]:
    """The records of a JSONL file of the pool (`id`, `date`, `text`), or, without one, extracted from the shared
    news corpus (the pool, with its distractors unless told not to)."""
    if path is None:
        lines = subprocess.run(_extract_command(distractors), capture_output=True, text=True, encoding="utf-8",
                               check=True).stdout.splitlines()
    else:
        lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def in_stores(store: Path, prefix: str = "") -> bool:
    """Is the store a directory under the bench stores (never in the repo), its first part named with the prefix
    (mrc-: a store of MRC paragraphs)?"""
    resolved, root = store.resolve(), STORES.resolve()
    return resolved.is_relative_to(root) and resolved != root and resolved.relative_to(root).parts[0].startswith(prefix)
