"""bench/rgb_rejection.py's fixed halves of RGB dev (develop on A, check on B before test is measured)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
rgb = pytest.importorskip("rgb_rejection")

if not (rgb.RGB / "qa.jsonl").exists():
    pytest.skip("RGB's questions are not checked out beside the repo", allow_module_level=True)


def test_the_halves_partition_dev_by_a_fixed_hash():
    dev = {q["qid"] for q in rgb.single_document_questions("dev")}
    a = {q["qid"] for q in rgb.single_document_questions("dev", "A")}
    b = {q["qid"] for q in rgb.single_document_questions("dev", "B")}
    assert a and b and not a & b and a | b == dev
    assert rgb.half("rgb-zh_refine-61") == "A" and rgb.half("rgb-zh_refine-61") == rgb.half("rgb-zh_refine-61")
    assert abs(len(a) - len(b)) < len(dev) / 4
