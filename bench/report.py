"""Where every benchmark writes its figures: bench/results/<name>.json (UTF-8, Chinese kept readable)."""
from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def save(name: str, rows: object) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / (name if name.endswith(".json") else f"{name}.json")
    path.write_text(json.dumps(rows, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def write_weights(path: Path, fitted: object, note: str = "") -> None:
    """Ship a fitted model's weights into the package (one indented JSON, Chinese kept readable) and say so."""
    path.write_text(json.dumps(fitted, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"written: {path}{f' ({note})' if note else ''}")
