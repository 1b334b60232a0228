"""Fit and measure the second-stage card gate (ingest/report_genre.py): practice reports vs governance reports
that describe no practice, on hand labels of the development pool.

    python bench/report_genre.py [--shuffles 10] [--drop FEATURE ...] [--write]

Labels: eval/pool_practice.jsonl (the 74 pool reports pool_cards.jsonl held before the seventh session), the tuning rows of
eval/pool_cards.jsonl (`practice_report`; the held-out rows are never read) and eval/distractor_practice.jsonl (72 of
the distractors, chosen by the first stage's rank and a grep for the genres the gate misses; --no-distractors leaves
them out). Texts are the articles ingest builds
(bench/practice_signal.main_text). Reports of one story (a repost, `story_of`, or texts sharing most of their
8-character shingles) stay in one fold. Prints, over --shuffles deals of grouped stratified 5-fold
cross-validation, each report scored by a model that never saw its story: at several thresholds how many
practice reports would lose their card and how many no-practice reports would lose theirs (only reports the
first stage gives a card count), and the ROC AUC. The threshold kept is the highest at which no practice report
loses its card in any deal, times MARGIN. --nested N checks that rule on reports it was not chosen on: in N deals of
outer grouped folds the threshold is chosen by the rule inside the four training folds only (inner cross-validation,
3 deals) and applied to the fifth, at MARGIN and at the other MARGINS (how many practice reports and carded
no-practice reports of the unseen fold lose their card). --write stores the model fit on all labels (standardised inputs,
weights stored for raw ones) in ingest/lexicon/report_genre.json. Needs scikit-learn (a dev tool).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.cards_quality import LABELS as CARD_LABELS  # noqa: E402
from bench.cards_quality import SHARED, read_records  # noqa: E402
from bench.practice_signal import main_text  # noqa: E402
from bench.report import save, write_weights  # noqa: E402
from ingest.practice_signal import first_stage, practice_probability  # noqa: E402
from ingest.report_genre import FEATURES, WEIGHTS_FILE, features  # noqa: E402

PRACTICE_LABELS = REPO / "eval" / "pool_practice.jsonl"
DISTRACTOR_LABELS = REPO / "eval" / "distractor_practice.jsonl"
THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
MARGIN = 0.8  # the kept threshold is this share of the lowest cross-validated score a practice report reached
MARGINS = (0.8, 0.9, 1.0, 1.1)  # the shares --nested compares
SHINGLE, SAME_STORY = 8, 0.5


def labelled_rows(distractors: bool = True) -> list[dict]:
    """The labels that may be tuned on: pool_practice.jsonl and pool_cards.jsonl's tuning rows (development pool),
    and with `distractors` the labelled distractors (distractor_practice.jsonl)."""
    rows = [json.loads(line) for line in PRACTICE_LABELS.open(encoding="utf-8") if line.strip()]
    cards = [json.loads(line) for line in CARD_LABELS.open(encoding="utf-8") if line.strip()]
    known = {r["id"] for r in rows}  # the random-tune7 card rows are pool_practice rows too: kept once, with story_of
    rows += [{"id": r["id"], "practice_report": r["practice_report"]} for r in cards
             if r["split"] == "tune" and r["id"] not in known]
    if distractors:
        rows += [json.loads(line) for line in DISTRACTOR_LABELS.open(encoding="utf-8") if line.strip()]
    return rows


def story_groups(rows: list[dict], texts: dict[str, str]) -> list[int]:
    """One group number per row: a repost (`story_of`) or a text sharing at least SAME_STORY of the smaller
    one's 8-character shingles joins the other's group."""
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index = {r["id"]: i for i, r in enumerate(rows)}
    shingles = [{texts[r["id"]][k:k + SHINGLE] for k in range(max(len(texts[r["id"]]) - SHINGLE, 1))} for r in rows]
    for i, r in enumerate(rows):
        if r.get("story_of") in index:
            parent[find(i)] = find(index[r["story_of"]])
        for j in range(i):
            if len(shingles[i] & shingles[j]) >= SAME_STORY * min(len(shingles[i]), len(shingles[j])):
                parent[find(i)] = find(j)
    return [find(i) for i in range(len(rows))]


def cross_validated(x: np.ndarray, y: np.ndarray, groups: np.ndarray, fit: Callable[[np.ndarray, np.ndarray], Any],
                    shuffles: int, seed: int = 0) -> np.ndarray:
    """Each row's score by a model fit (`fit(x, y)` returns an object with predict_proba) on the folds without its
    story, over `shuffles` deals of grouped stratified 5-fold cross-validation: an array shuffles × rows."""
    import numpy as np
    from sklearn.model_selection import StratifiedGroupKFold

    scores = np.zeros((shuffles, len(y)))
    for s in range(shuffles):
        for train, test in StratifiedGroupKFold(5, shuffle=True, random_state=seed + s).split(x, y, groups):
            scores[s, test] = fit(x[train], y[train]).predict_proba(x[test])[:, 1]
    return scores


def nested_rule(x: np.ndarray, y: np.ndarray, carded: np.ndarray, groups: np.ndarray,
                fit: Callable[[np.ndarray, np.ndarray], Any], deals: int, margins: tuple[float, ...] = MARGINS,
                inner: int = 3) -> dict[float, tuple[float, float]]:
    """The threshold rule measured on reports it was not chosen on. In each of `deals` deals of outer grouped
    stratified 5-fold splits, the rule (margin × the lowest inner cross-validated score of a carded practice report)
    is applied inside the four training folds only, the model is fit on them, and the fifth fold is scored. Returns
    per margin (practice reports losing their card, carded no-practice reports losing theirs), each a mean per deal
    over the whole labelled set."""
    from sklearn.model_selection import StratifiedGroupKFold

    lost = {m: 0 for m in margins}
    caught = {m: 0 for m in margins}
    for d in range(deals):
        for train, test in StratifiedGroupKFold(5, shuffle=True, random_state=100 + d).split(x, y, groups):
            inner_scores = cross_validated(x[train], y[train], groups[train], fit, inner)
            floor = float(inner_scores[:, (y[train] == 1) & carded[train]].min())
            p = fit(x[train], y[train]).predict_proba(x[test])[:, 1]
            for m in margins:
                below = (p < m * floor) & carded[test]
                lost[m] += int((below & (y[test] == 1)).sum())
                caught[m] += int((below & (y[test] == 0)).sum())
    return {m: (lost[m] / deals, caught[m] / deals) for m in margins}


def main() -> None:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--news", type=Path, default=SHARED / "corpus" / "crud_news" / "news.jsonl.gz")
    parser.add_argument("--shuffles", type=int, default=10)
    parser.add_argument("--C", type=float, default=0.03)
    parser.add_argument("--drop", nargs="*", default=[], choices=FEATURES, help="leave these features out")
    parser.add_argument("--no-distractors", action="store_true", help="fit on the development-pool labels only")
    parser.add_argument("--nested", type=int, default=0, metavar="N",
                        help="check the threshold rule on outer folds it was not chosen on, N deals")
    parser.add_argument("--write", action="store_true", help=f"store the fitted model in {WEIGHTS_FILE}")
    args = parser.parse_args()
    if args.write and (args.drop or args.no_distractors):
        sys.exit("--write stores the model over all FEATURES and labels: run it without --drop/--no-distractors")
    rows = labelled_rows(not args.no_distractors)
    records = read_records(args.news, {r["id"] for r in rows})
    texts = {r["id"]: main_text(records[r["id"]]) for r in rows}
    stage1 = {rid: practice_probability(t) for rid, t in texts.items()}
    keep = [i for i, f in enumerate(FEATURES) if f not in args.drop]
    x = np.array([features(texts[r["id"]], stage1[r["id"]]) for r in rows])[:, keep]
    y = np.array([int(r["practice_report"]) for r in rows])
    carded = np.array([first_stage(texts[r["id"]]) for r in rows])  # the first stage's decision
    groups = np.array(story_groups(rows, texts))
    print(f"{len(rows)} labelled reports ({int((y == 0).sum())} describe no practice) in {len(set(groups))} stories; "
          f"the first stage gives a card to {int(carded[y == 1].sum())} practice and {int(carded[y == 0].sum())} "
          f"no-practice reports ({sum(r.get('source') == 'distractor' for r in rows)} labelled reports are distractors)")

    def model() -> object:
        return make_pipeline(StandardScaler(), LogisticRegression(C=args.C, class_weight="balanced", max_iter=1000))

    scores = cross_validated(x, y, groups, lambda a, b: model().fit(a, b), args.shuffles)
    auc = [roc_auc_score(y, scores[s]) for s in range(args.shuffles)]
    print(f"cross-validated ROC AUC {np.mean(auc):.3f} ± {np.std(auc):.3f} (features: {[FEATURES[i] for i in keep]})")
    table = []
    for t in THRESHOLDS:
        lost = [int(((scores[s] < t) & carded & (y == 1)).sum()) for s in range(args.shuffles)]
        caught = [int(((scores[s] < t) & carded & (y == 0)).sum()) for s in range(args.shuffles)]
        table.append({"threshold": t, "practice_lost": float(np.mean(lost)), "no_practice_caught": float(np.mean(caught))})
        print(f"  threshold {t:.2f}: practice reports losing their card {np.mean(lost):.1f} (max {max(lost)}) of "
              f"{int(carded[y == 1].sum())}; no-practice reports losing theirs {np.mean(caught):.1f} of "
              f"{int(carded[y == 0].sum())}")
    floor = float(scores[:, (y == 1) & carded].min())
    threshold = round(MARGIN * floor, 3)
    caught = [int(((scores[s] < threshold) & carded & (y == 0)).sum()) for s in range(args.shuffles)]
    print(f"lowest cross-validated score of a practice report {floor:.3f}; threshold {threshold} "
          f"catches {np.mean(caught):.1f} of {int(carded[y == 0].sum())} carded no-practice reports")
    if args.nested:
        nested = nested_rule(x, y, carded, groups, lambda a, b: model().fit(a, b), args.nested)
        print(f"the rule on unseen folds ({args.nested} deals; threshold chosen inside the training folds):")
        for m, (lost_m, caught_m) in nested.items():
            print(f"  margin {m}: practice reports losing their card {lost_m:.2f} of {int(carded[y == 1].sum())}; "
                  f"no-practice reports losing theirs {caught_m:.2f} of {int(carded[y == 0].sum())}")
    ranked = sorted(range(len(rows)), key=lambda i: scores[:, i].mean())
    print("lowest mean cross-validated scores:")
    for i in ranked[:14]:
        print(f"  {scores[:, i].mean():.3f} {'practice' if y[i] else 'NO-PRACTICE'} card={bool(carded[i])} {rows[i]['id']}")
    fitted = model().fit(x, y)
    scaler, lr = fitted[0], fitted[1]
    weights = lr.coef_[0] / scaler.scale_
    intercept = float(lr.intercept_[0] - (lr.coef_[0] * scaler.mean_ / scaler.scale_).sum())
    result = {"features": [FEATURES[i] for i in keep], "weights": [round(float(w), 4) for w in weights],
              "intercept": round(intercept, 4), "threshold": threshold,
              "fit": f"bench/report_genre.py: {len(rows)} labelled reports, "
                     f"{sum(r.get('source') == 'distractor' for r in rows)} of them distractors "
                     f"({int((y == 0).sum())} no practice), "
                     f"C {args.C}; grouped 5-fold CV x{args.shuffles}: AUC {np.mean(auc):.3f}"}
    print(f"model: {result}")
    save("report_genre", {"cross_validated": table, "auc": float(np.mean(auc)), "model": result})
    if args.write:
        write_weights(WEIGHTS_FILE, result)


if __name__ == "__main__":
    main()
