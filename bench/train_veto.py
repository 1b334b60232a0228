"""A learned veto decision, fitted and judged on calibration data only (not shipped: docs/grounding.md).

The answer checks (answer_type.py, qualifiers.py) veto on their own: one failed check on every quoted sentence
makes the answer partial, and the learned judge (judge.py) vetoes what they pass. This script asks whether a
logistic regression weighing them does better: its inputs (FEATURES) are which checks the best quoted sentence
fails (answer_type.failed_checks), whether the checks passed (before the judge), the judge's best window score,
the grounding coverage and the number of failed checks.

collect: every calibration item of bench/veto_ablation.py (pool a–e calibration, MRC calibration, RGB dev on
  rgb-neg and rgb-all) is answered as shipped and its typed answer's inputs computed from the answer's quotes;
  per item it keeps whether an answer would be good (answerable and citing the expected report; RGB:
  answerable) and what the shipped decision gave. Cached in --work (one file a part).
fit: a logistic regression (sklearn, standardised inputs folded back into the weights) with each source
  weighing the same in total; the threshold is chosen on out-of-fold scores (5 folds by item): the most good
  outcomes in all, with the declined pool questions and refused RGB negatives each no fewer than the hand
  decision's. --write saves assistant/veto_weights.json (only when the chosen threshold beats the hand
  decision on calibration; the product has no reader for it yet — none has won).

Usage: python bench/train_veto.py collect --pool-store S --mrc-store S --rgb-stores DIR [--only pool,mrc,rgb] [--work DIR]
       python bench/train_veto.py fit [--work DIR] [--c 1.0] [--write]
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from assistant.answer import Assistant, sentence_terms
from assistant.answer_type import SENTENCE_CHECKS, failed_checks
from assistant.evaluate import checks, load_questions
from assistant.judge import best_score
from assistant.records import Answer
from vectorstore.settings import REPO_ROOT, get_settings
from veto_ablation import rgb_items  # noqa: E402 - bench/ is on sys.path when run as a script

WORK = Path("/tmp/train_veto")
FEATURES = (*(f"fails_{name}" for name in SENTENCE_CHECKS), "checks_ok", "judge_score", "coverage", "failures")
WEIGHTS = REPO_ROOT / "bench" / "results" / "veto_weights.json"


def ask(assistant: Assistant, text: str) -> tuple[Answer, list[float] | None]:
    """The shipped answer, and its veto inputs in FEATURES order (None for an untyped or two-part question, or
    one refused before any quote)."""
    question, passages, grounding = assistant._prepare(text, None, None)
    answer = assistant._extractive(question, passages, grounding)
    typed = answer.grounding.answer_type
    if question.expected is None or question.sides is not None or typed is None or not answer.citations:
        return answer, None
    failed = failed_checks(question, sentence_terms(grounding.terms, grounding.unshown_terms), grounding.weights,
                           answer.citations, passages, assistant.reports(passages, answer.citations))
    judged = best_score(question, sentence_terms(grounding.terms), grounding.weights, answer.citations, passages)
    checks_ok = bool(typed.ok) or typed.reason == "judge"
    return answer, [*(float(name in failed) for name in SENTENCE_CHECKS), float(checks_ok), judged,
                    grounding.coverage, float(len(failed))]


def pool_rows(assistant: Assistant) -> list[dict]:
    rows = []
    for path in sorted((REPO_ROOT / "eval").glob("pool_questions*.jsonl")):
        for q in load_questions(path, split="calibration"):
            answer, inputs = ask(assistant, q.q)
            result = checks(q, answer)
            rows.append(_row("pool-e" if path.stem.endswith("_e") else "pool", q.id, bool(q.expect),
                             bool(q.expect) and result["cites_expected"], answer, inputs))
    return rows


def _row(source: str, key: str, answerable: bool, good_if_answered: bool, answer: Answer,
         inputs: list[float] | None) -> dict:
    return {"source": source, "id": key, "answerable": answerable, "good_if_answered": good_if_answered,
            "answered": answer.grounded and not answer.partial, "inputs": inputs}


def collect(args: argparse.Namespace) -> None:
    args.work.mkdir(parents=True, exist_ok=True)
    for part in args.only.split(","):
        rows = {"pool": lambda: pool_rows(Assistant(get_settings(store=args.pool_store))),
                "mrc": lambda: mrc_rows(Assistant(get_settings(store=args.mrc_store))),
                "rgb": lambda: rgb_rows(args.rgb_stores)}[part]()
        (args.work / f"rows_{part}.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        print(f"{part}: {len(rows)} rows, {sum(r['inputs'] is not None for r in rows)} with veto inputs → {args.work}",
              flush=True)


def mrc_rows(mrc: Assistant) -> list[dict]:
    from mrc_answering import select  # noqa: PLC0415 - loads the MRC files only here

    rows = []
    for q in select(1500)[1]:
        if q.split == "calibration":
            answer, inputs = ask(mrc, q.q)
            rows.append(_row("mrc", q.id, True, checks(q, answer)["cites_expected"], answer, inputs))
    return rows


def rgb_rows(stores: Path) -> list[dict]:
    rows = []
    for item in rgb_items(Assistant(get_settings(store=stores / "rgb-neg")),
                          Assistant(get_settings(store=stores / "rgb-all"))):
        answer, inputs = ask(item.assistant, item.text)
        rows.append(_row(item.source, item.id, item.answerable, item.answerable, answer, inputs))
    return rows


def good(row: dict, answered: bool) -> bool:
    return row["good_if_answered"] if answered else not row["answerable"]


def tally(rows: list[dict], answered: list[bool]) -> dict[str, list[int]]:
    """Per source and class: good outcomes / items."""
    out: dict[str, list[int]] = {}
    for row, a in zip(rows, answered):
        key = f"{row['source']} {'ans' if row['answerable'] else 'dec'}"
        cell = out.setdefault(key, [0, 0])
        cell[0] += good(row, a)
        cell[1] += 1
    return out


def fit(args: argparse.Namespace) -> None:
    import numpy as np  # noqa: PLC0415 - training only
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415
    from sklearn.model_selection import StratifiedKFold  # noqa: PLC0415

    rows = [r for path in sorted(args.work.glob("rows_*.json")) for r in json.loads(path.read_text(encoding="utf-8"))]
    # relax: the model only lets through answers the hand decision vetoed (trained on those alone)
    judged = [r for r in rows if r["inputs"] is not None and not (args.relax and r["answered"])]
    x = np.array([r["inputs"] for r in judged], dtype=float)
    y = np.array([r["good_if_answered"] for r in judged], dtype=int)
    sizes = Counter(r["source"] for r in judged)
    w = np.array([len(judged) / (len(sizes) * sizes[r["source"]]) for r in judged])
    mean, spread = x.mean(axis=0), x.std(axis=0) + 1e-9

    def model_on(index: np.ndarray) -> LogisticRegression:
        return LogisticRegression(C=args.c, max_iter=5000).fit((x[index] - mean) / spread, y[index],
                                                               sample_weight=w[index])

    oof = np.zeros(len(judged))
    strata = [f"{r['source']}{r['good_if_answered']}" for r in judged]
    for train, test in StratifiedKFold(5, shuffle=True, random_state=19).split(x, strata):
        oof[test] = model_on(train).predict_proba((x[test] - mean) / spread)[:, 1]
    hand = [r["answered"] for r in rows]
    base = tally(rows, hand)
    at = {id(r): i for i, r in enumerate(judged)}

    def decide(threshold: float, scores: np.ndarray) -> list[bool]:
        return [r["answered"] if id(r) not in at else bool(scores[at[id(r)]] >= threshold) for r in rows]


    guard = [k for k in base if k.endswith("dec")]
    best = None
    for threshold in np.arange(0.05, 0.996, 0.005):
        t = tally(rows, decide(threshold, oof))
        if args.frontier:
            print(f"  {threshold:.3f} " + " ".join(f"{k}:{v[0]:+d}" for k, v in
                                                  ((k, [t[k][0] - base[k][0]]) for k in t)))
        if all(t[k][0] >= base[k][0] - args.slack for k in guard):
            total = sum(v[0] for v in t.values())
            if best is None or total > best[0]:
                best = (total, float(threshold), t)
    print(f"{len(rows)} rows, {len(judged)} judged; hand decision: {base} (good {sum(v[0] for v in base.values())})")
    if best is None:
        print("no threshold keeps every refusal of the hand decision out of fold")
        return
    total, threshold, t = best
    print(f"out of fold, threshold {threshold:.2f}: {t} (good {total})")
    final = model_on(np.arange(len(judged)))
    coef = final.coef_[0] / spread
    intercept = float(final.intercept_[0] - (final.coef_[0] * mean / spread).sum())
    for name, c in zip(FEATURES, coef):
        print(f"  {name:18} {c:+.3f}")
    if args.write and total > sum(v[0] for v in base.values()):
        WEIGHTS.write_text(json.dumps({
            "features": list(FEATURES), "coef": [round(float(c), 5) for c in coef],
            "intercept": round(intercept, 5), "threshold": round(threshold, 3),
            "trained_on": "calibration: pool a-e, MRC calibration split (CMRC 2018 / DRCD, CC BY-SA), RGB dev",
            "c": args.c}, indent=1) + "\n", encoding="utf-8")
        print(f"→ {WEIGHTS}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="step", required=True)
    c = sub.add_parser("collect")
    c.add_argument("--pool-store", type=Path)
    c.add_argument("--mrc-store", type=Path)
    c.add_argument("--rgb-stores", type=Path)
    c.add_argument("--only", default="pool,mrc,rgb")
    c.add_argument("--work", type=Path, default=WORK)
    f = sub.add_parser("fit")
    f.add_argument("--work", type=Path, default=WORK)
    f.add_argument("--c", type=float, default=1.0)
    f.add_argument("--write", action="store_true")
    f.add_argument("--frontier", action="store_true", help="print every threshold's changes out of fold")
    f.add_argument("--slack", type=int, default=0, help="refusals each guard may lose")
    f.add_argument("--relax", action="store_true", help="fit only on the answers the hand decision vetoes")
    args = parser.parse_args()
    collect(args) if args.step == "collect" else fit(args)


if __name__ == "__main__":
    main()
