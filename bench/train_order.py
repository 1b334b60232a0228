"""Train the learned order of quoted sentences (assistant/order.py, order_weights.json) on calibration questions.

Usage:
  nice python bench/train_order.py collect --mrc-store /work/stores/mrc-X --pool-store /work/stores/pool-X --out DIR
  python bench/train_order.py fit --out DIR [--pairwise] [--groups one,two] [--drop FEATURE,...] [--c 1.0] [--write]

collect: asks every calibration question of the MRC answering benchmark (bench/mrc_answering.py) and of the pool
(eval/pool_questions*.jsonl with answer_all); for each one answered (grounded, not partial, not compared side
by side, asked in Chinese: one of order.group's groups) it writes the features (order.FEATURES) of the composer's best candidates
(extractive.ranked, order.CANDIDATES of them) and a label: the candidate states the answer (the MRC span; every
answer_all fact of a pool question). Held-out questions are never asked.

fit: a logistic model over the candidates, with question-grouped folds (5): for each fold it reports how many
answers' first quote holds the fact now and with the model (the best candidate quoted first when it beats the
first quote by the margin), per margin and per source and question group (--groups: those trained on and
reordered; --drop: features zeroed, to compare); --write stores the weights and the margin with the best fold total
that loses no more than it gains on either source (numbers only).
"""
from __future__ import annotations

import argparse
import json
import sys
import zlib
from pathlib import Path

import numpy as np

from assistant.answer import Assistant, sentence_terms
from assistant.evaluate import first_cited_sentence, load_questions, states
from assistant.extractive import ranked
from assistant import order
from assistant.order import CANDIDATES, FEATURES, WEIGHTS, features, group, keeps_kind, picker_scores
from vectorstore.settings import REPO_ROOT, get_settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mrc_answering  # noqa: E402 - bench/ is on sys.path


def _rows(assistant: Assistant, questions: list, source: str, k: int | None) -> list[dict]:
    rows = []
    for question in questions:
        facts = question.answer_all
        if not facts:
            continue
        parsed, passages, grounding = assistant._prepare(question.q, k, None)
        answer = assistant._extractive(parsed, passages, grounding)
        if not (answer.grounded and not answer.partial) or grounding.parts or group(parsed) is None \
                or not answer.citations:
            continue
        candidates = ranked(parsed, passages)[:CANDIDATES]
        picked = picker_scores(parsed, candidates, passages, sentence_terms(grounding.terms), grounding.weights)
        first = first_cited_sentence(answer)
        rows.append({
            "id": question.id, "source": source, "kind": str(parsed.expected), "chinese": parsed.chinese,
            "group": group(parsed), "now": all(states(f, first) for f in facts),
            "x": [features(parsed, c, at, candidates, passages, answer.citations, picked)
                  for at, c in enumerate(candidates)],
            "y": [all(states(f, c.text) for f in facts) for c in candidates],
            "read": {"q": question.q, "facts": facts, "first": first, "texts": [c.text for c in candidates]},
        })  # calibration only: the texts, to read the failures
    return rows


def collect(mrc_store: Path, pool_store: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    order._model = lambda: None  # the answers as the composer, the type check and the picker order them
    _, questions = mrc_answering.select(1500)
    mrc = [q for q in questions if q.split == "calibration"]
    assistant = Assistant(get_settings(store=mrc_store))
    rows = _rows(assistant, mrc, "mrc", 5)
    print(f"mrc: {len(rows)} answered of {len(mrc)}", flush=True)
    assistant = Assistant(get_settings(store=pool_store))
    pool = [q for f in sorted((REPO_ROOT / "eval").glob("pool_questions*.jsonl")) for q in load_questions(f)
            if q.split == "calibration"]
    more = _rows(assistant, pool, "pool", None)
    print(f"pool: {len(more)} answered of {len(pool)}", flush=True)
    (out / "order_rows.json").write_text(json.dumps(rows + more), encoding="utf-8")


def _fold(row: dict) -> int:
    return zlib.crc32(row["id"].encode()) % 5


def _fit(rows: list[dict], c: float, pairwise: bool) -> tuple[np.ndarray, float]:
    """Pointwise: P(the candidate holds the fact). Pairwise: a candidate holding it against one of the same
    answer that does not (the differences of their features, no intercept): a ranking within an answer."""
    from sklearn.linear_model import LogisticRegression  # training only: the product reads the weights
    if not pairwise:
        x = np.array([v for r in rows for v in r["x"]])
        y = np.array([v for r in rows for v in r["y"]])
        model = LogisticRegression(C=c, max_iter=5000).fit(x, y)
        return model.coef_[0], float(model.intercept_[0])
    diffs = []
    for r in rows:
        x = np.array(r["x"])
        for i, yes in enumerate(r["y"]):
            for j, no in enumerate(r["y"]):
                if yes and not no:
                    diffs.append(x[i] - x[j])
    x = np.array(diffs + [-d for d in diffs])
    y = np.array([1] * len(diffs) + [0] * len(diffs))
    model = LogisticRegression(C=c, max_iter=5000, fit_intercept=False).fit(x, y)
    return model.coef_[0], 0.0


def _outcome(row: dict, coef: np.ndarray, intercept: float, margin: float) -> bool:
    """Does the first quote hold the fact with the model deciding (as order.lead)?"""
    x = np.array(row["x"])
    if not len(x):
        return row["now"]
    p = x @ coef + intercept  # the margin is in logits (order.lead)
    first = [i for i, v in enumerate(x[:, FEATURES.index("first")]) if v > 0]
    if not first:
        return row["now"]
    best = int(np.argmax(p))
    if x[best, FEATURES.index("first")] > 0 or p[best] < p[first[0]] + margin or not row.get("chinese", True) \
            or not keeps_kind(*(tuple(x[i, [FEATURES.index("typed"), FEATURES.index("near")]] > 0) for i in (first[0], best))):
        return row["now"]
    return bool(row["y"][best])


GROUPS = ("one", "open", "two")


def fit(out: Path, c: float, write: bool, pairwise: bool = False, groups: tuple[str, ...] = ("one",),
        drop: tuple[str, ...] = ()) -> None:
    """groups: the question groups (order.group) trained on and reordered; drop: features left out (zeroed)."""
    rows = [r for r in json.loads((out / "order_rows.json").read_text(encoding="utf-8"))
            if r["x"] and r.get("group", "one") in groups]
    keep = np.array([name not in drop for name in FEATURES], dtype=float)
    for r in rows:
        r["x"] = (np.array(r["x"]) * keep).tolist()
    margins = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)  # in logits: a sentence leads by a margin
    cells = [(s, g) for s in ("mrc", "pool") for g in groups]
    table = {m: {cell: [0, 0] for cell in cells} for m in margins}  # [won, lost]
    now = {cell: sum(r["now"] for r in rows if (r["source"], r.get("group", "one")) == cell) for cell in cells}
    size = {cell: sum((r["source"], r.get("group", "one")) == cell for r in rows) for cell in cells}
    for fold in range(5):
        coef, intercept = _fit([r for r in rows if _fold(r) != fold], c, pairwise)
        for r in rows:
            if _fold(r) != fold:
                continue
            for m in margins:
                after = _outcome(r, coef, intercept, m)
                cell = (r["source"], r.get("group", "one"))
                table[m][cell][0] += after and not r["now"]
                table[m][cell][1] += r["now"] and not after
    print(f"{len(rows)} answers; per (source, group): n {size}; first holds now {now}")
    for m in margins:
        print(f"margin {m:4}: " + "   ".join(f"{s}/{g} +{table[m][(s, g)][0]} -{table[m][(s, g)][1]}"
                                            for s, g in cells))
    def total(m: float, s: str, i: int) -> int:
        return sum(table[m][(s, g)][i] for g in groups)
    fine = [m for m in margins if total(m, "pool", 1) <= total(m, "pool", 0) and total(m, "mrc", 1) < total(m, "mrc", 0)
            and all(table[m][(s, g)][1] <= table[m][(s, g)][0] for s, g in cells)]
    if not write or not fine:
        return
    margin = max(fine, key=lambda m: (sum(total(m, s, 0) - total(m, s, 1) for s in ("mrc", "pool")), m))  # ties: the larger
    coef, intercept = _fit(rows, c, pairwise)
    WEIGHTS.write_text(json.dumps({
        "features": list(FEATURES), "coef": [round(float(v), 5) for v in coef], "intercept": round(intercept, 5),
        "threshold": margin, "c": c, "pairwise": pairwise, "groups": list(groups),
        "trained_on": "calibration questions only: the MRC answering benchmark's (CMRC 2018, CC BY-SA 4.0; DRCD, "
                      "CC BY-SA 3.0; the sentence holding the answer span) and the pool's (answer_all facts); "
                      "bench/train_order.py fit",
    }, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {WEIGHTS} (margin {margin}, groups {', '.join(groups)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=("collect", "fit"))
    parser.add_argument("--mrc-store", type=Path, default=Path("/work/stores/mrc-base"))
    parser.add_argument("--pool-store", type=Path, default=Path("/work/stores/pool6"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/train_order"))
    parser.add_argument("--c", type=float, default=1.0)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--pairwise", action="store_true", help="fit a ranking within each answer")
    parser.add_argument("--groups", default="one", help="question groups trained on and reordered: one,open,two")
    parser.add_argument("--drop", default="", help="features left out (comma-separated), to compare")
    args = parser.parse_args()
    if args.step == "collect":
        collect(args.mrc_store, args.pool_store, args.out)
    else:
        fit(args.out, args.c, args.write, args.pairwise, tuple(g for g in args.groups.split(",") if g in GROUPS),
            tuple(f for f in args.drop.split(",") if f))


if __name__ == "__main__":
    main()
