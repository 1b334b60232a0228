"""bench/data_paths.py: the bench scripts' data and stores sit beside the checkout (GONGZHI_BENCH_*), never in it."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from vectorstore.settings import REPO_ROOT, BenchPaths

sys.path.insert(0, str(REPO_ROOT / "bench"))
data_paths = pytest.importorskip("data_paths")


def test_defaults_are_beside_the_checkout_and_the_environment_moves_them(monkeypatch: pytest.MonkeyPatch,
                                                                         tmp_path: Path) -> None:
    assert BenchPaths().shared == REPO_ROOT.parent / "shared"
    assert BenchPaths().stores == REPO_ROOT.parent / "stores"
    monkeypatch.setenv("GONGZHI_BENCH_STORES", str(tmp_path))
    assert BenchPaths().stores == tmp_path


def test_a_store_must_be_under_the_bench_stores_with_its_prefix(monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    monkeypatch.setattr(data_paths, "STORES", tmp_path)
    assert data_paths.in_stores(tmp_path / "mrc-base", "mrc-")
    assert data_paths.in_stores(tmp_path / "pool6")
    assert not data_paths.in_stores(tmp_path / "pool6", "mrc-")
    assert not data_paths.in_stores(tmp_path)  # the stores directory itself is no store
    assert not data_paths.in_stores(REPO_ROOT / "data", "")  # never in the repo


def test_pool_records_read_a_given_file(tmp_path: Path) -> None:
    rows = [{"id": "a1", "date": "2023-07-26", "text": "社区共治"}, {"id": "b2", "date": "", "text": "议事会"}]
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n", encoding="utf-8")
    assert data_paths.pool_records(path) == rows


@pytest.mark.skipif(not (data_paths.GOVERNANCE / "extract.py").is_file(), reason="no ../shared beside the checkout")
def test_without_a_file_the_pool_is_extracted_from_the_shared_corpus() -> None:
    dev = [line.strip() for line in (data_paths.GOVERNANCE / "dev_ids.txt").open() if line.strip()]
    assert [r["id"] for r in data_paths.pool_records(distractors=False)] == dev
