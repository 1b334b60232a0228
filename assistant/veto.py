"""The learned veto: does a typed answer stand, given which checks its best quoted sentence fails?

The hand-written checks (answer_type.py, qualifiers.py) each refuse an answer on their own: one failed check
on every quoted sentence marks the answer partial, and the learned judge (judge.py) vetoes what they pass.
Tuned case by case on calibration questions, they hold there and veto answerable unseen questions (docs/
grounding.md, "A learned veto decision"). This module weighs them instead: a logistic regression over which
checks the best quoted sentence fails (answer_type.failed_checks), whether the checks passed as shipped (with
a sentence the composer had not quoted), the judge's best window score and the grounding coverage. The
answer stands when its probability reaches the threshold.

The weights (veto_weights.json, read by ingest/weights.py) are fitted by bench/train_veto.py on calibration
data only — the pool's calibration questions, the MRC benchmark's calibration split and RGB's dev split —
and the threshold is chosen there. Without the file the hand decision holds (checks and judge as before).
A question's cost: the checks of its few quoted sentences run to the end (no embedding).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from assistant.answer_type import SENTENCE_CHECKS
from ingest.weights import load_weights, logistic

WEIGHTS = Path(__file__).resolve().parent / "veto_weights.json"
FEATURES = (*(f"fails_{name}" for name in SENTENCE_CHECKS), "checks_ok", "judge_score", "coverage", "failures")
# Bench-only hook (bench/train_veto.py): when a list, each typed answer's inputs are appended to it.
RECORD: list[dict] | None = None


def inputs(failed: set[str], checks_ok: bool, judge_score: float, coverage: float) -> list[float]:
    """The model's inputs, in FEATURES order: the best quoted sentence's failed checks, the shipped decision of
    the checks, the judge's best window score (1.0 when it does not judge) and the grounding coverage."""
    return [*(float(name in failed) for name in SENTENCE_CHECKS), float(checks_ok), judge_score, coverage,
            float(len(failed))]


@lru_cache(maxsize=1)
def _model() -> tuple[list[float], float, float] | None:
    """(coefficients, intercept, threshold), or None when no model is shipped."""
    if not WEIGHTS.exists():
        return None
    model = load_weights(WEIGHTS, list(FEATURES), "assistant/veto.py", "bench/train_veto.py")
    return list(model["coef"]), float(model["intercept"]), float(model["threshold"])


def shipped() -> bool:
    """Is a veto model shipped (else the hand decision holds)?"""
    return _model() is not None


def score(values: list[float]) -> float | None:
    """P(the answer stands), or None when no model is shipped."""
    model = _model()
    if model is None:
        return None
    coef, intercept, _ = model
    return logistic(intercept, coef, values)


def stands(values: list[float]) -> bool | None:
    """Does the answer stand under the learned veto? None when no model is shipped (the hand decision holds)."""
    model = _model()
    if model is None:
        return None
    coef, intercept, threshold = model
    return logistic(intercept, coef, values) >= threshold
