"""Small logistic models shipped as JSON weights (practice_signal, card_sentences): loaded with a clear
error naming the file and the script that rebuilds it."""
from __future__ import annotations

import json
import math
from pathlib import Path


def load_weights(path: Path, features: list[str], module: str, script: str) -> dict:
    """The JSON model at `path`, whose feature names must be `features` (the code that computes them)."""
    rebuild = f"rebuild it with `python {script} --write`"
    try:
        model = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise RuntimeError(f"{path}: cannot read the model ({exc}); {rebuild}") from exc
    if model.get("features") != features:
        raise RuntimeError(f"{path}: its features do not match {module}; {rebuild}")
    return model


def logistic(intercept: float, weights: list[float], features: list[float]) -> float:
    """P(yes) of a logistic model."""
    z = intercept + sum(w * x for w, x in zip(weights, features))
    return 1 / (1 + math.exp(-z))
