"""Fit and measure the card's practice-tag model (ingest/practice_tags.py) on the tuning split of the hand-checked
cards (eval/pool_cards.jsonl, split "tune"); the held-out split is never read here.

    python bench/practice_tags.py [--shuffles 10] [--C 0.1] [--check-splits] [--write]

Every tag a tuning practice report mentions (a synonym of ingest/lexicon/practices.tsv in its text or title) is
one example, labelled 1 when the hand check lists the tag in `practice`. Reports of one story share a fold
(bench/report_genre.story_groups). Prints, over --shuffles deals of grouped 5-fold cross-validation, the cards'
tag precision and recall (recall against every tag the hand check lists, mentioned or not, as
bench/cards_quality.py counts it) at several thresholds, next to enrich.detect_practices's tags (the rule the
card used before). --write stores the model fit on all tuning reports (standardised inputs, weights stored for
raw ones) with the threshold of the best mean cross-validated F1 in ingest/lexicon/practice_tags.json.
--check-splits also fits on two of the three labelling rounds of the tuning cards (bench/card_sentences.PARTS) and
scores the third, at the threshold the training side's own cross-validation chooses. Ninth session, 101 practice
reports: CV F1 .695 (threshold .30; .779 on the 63 before), others→tune-before7 .833, →tune7 .651, →tune9 .563 (the
stored model's own setting: fit on the other 63); the refit on 101 moved held-out practice 84/72 → 82/73 (+2 right,
+2 wrong tags) and was not kept. Needs scikit-learn (a dev tool).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.card_sentences import PARTS, part_of  # noqa: E402
from bench.cards_quality import LABELS, SHARED, read_records  # noqa: E402
from bench.report import save, write_weights  # noqa: E402
from bench.report_genre import story_groups  # noqa: E402
from ingest.practice_tags import FEATURES, WEIGHTS_FILE, features  # noqa: E402
from ingest.pipeline import build_articles  # noqa: E402
from ingest.readers import RawDocument  # noqa: E402

THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


def main_article(record: dict) -> tuple[str, str]:
    """The text and title of the record's main (longest) article, as bench/cards_quality.card_of builds it."""
    import hashlib

    doc = RawDocument(source=f"pool.jsonl#{record['id']}", text=record["text"],
                      content_hash=hashlib.sha1(record["text"].encode()).hexdigest(), published=record.get("date"))
    article = max(build_articles(doc), key=lambda a: len(a.text))
    return article.text, article.title or ""


def _pr(chosen: list[bool], examples: list[tuple[int, str, int]], expected: int) -> tuple[float, float, float]:
    correct = sum(1 for c, (_, _, y) in zip(chosen, examples) if c and y)
    n = sum(chosen)
    precision, recall = (correct / n if n else 0.0), correct / expected
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def main() -> None:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--news", type=Path, default=SHARED / "corpus" / "crud_news" / "news.jsonl.gz")
    parser.add_argument("--shuffles", type=int, default=10)
    parser.add_argument("--C", type=float, default=0.1)
    parser.add_argument("--write", action="store_true", help=f"store the fitted model in {WEIGHTS_FILE}")
    parser.add_argument("--check-splits", action="store_true",
                        help="also fit on two labelling rounds of the tuning cards and score the third, for each")
    args = parser.parse_args()
    rows = [json.loads(line) for line in LABELS.open(encoding="utf-8") if line.strip()]
    rows = [r for r in rows if r["split"] == "tune" and r["practice_report"]]
    records = read_records(args.news, {r["id"] for r in rows})
    articles = {r["id"]: main_article(records[r["id"]]) for r in rows}
    groups_of = dict(zip([r["id"] for r in rows], story_groups(rows, {k: v[0] for k, v in articles.items()})))
    examples, x = [], []  # (report index, tag, label) and inputs
    for i, r in enumerate(rows):
        for tag, inputs in features(*articles[r["id"]]).items():
            examples.append((i, tag, int(tag in r["practice"])))
            x.append(inputs)
    x, y = np.array(x), np.array([e[2] for e in examples])
    groups = np.array([groups_of[rows[e[0]]["id"]] for e in examples])
    expected = sum(len(r["practice"]) for r in rows)
    detected = x[:, FEATURES.index("detected")] > 0
    print(f"{len(rows)} tuning practice reports, {expected} hand-checked tags; {len(examples)} mentioned tags "
          f"({int(y.sum())} of them hand-checked: {expected - int(y.sum())} hand-checked tags are never mentioned)")
    p, r_, f = _pr(list(detected), examples, expected)
    print(f"enrich.detect_practices (the rule before): precision {p:.0%} recall {r_:.0%} F1 {f:.3f}")

    def model() -> object:
        return make_pipeline(StandardScaler(), LogisticRegression(C=args.C, max_iter=1000))

    def cross_validated(at: np.ndarray, reports: list[int], show: bool) -> list[dict]:
        """Grouped 5-fold CV over the examples at these positions (of these reports: their hand-checked tags are the
        recall's base), --shuffles deals: per threshold the mean figures."""
        sub, sub_examples = at, [examples[i] for i in at]
        sub_expected = sum(len(rows[i]["practice"]) for i in reports)
        scores = np.zeros((args.shuffles, len(sub)))
        report_groups = np.array(sorted(set(groups[sub])))
        for s in range(args.shuffles):
            # deal the stories into folds at random (GroupKFold alone deals them the same way every time)
            relabel = dict(zip(report_groups, np.random.RandomState(s).permutation(len(report_groups))))
            dealt = np.array([relabel[g] for g in groups[sub]])
            for train, test in GroupKFold(5).split(x[sub], y[sub], dealt):
                scores[s, test] = model().fit(x[sub][train], y[sub][train]).predict_proba(x[sub][test])[:, 1]
        table = []
        for t in THRESHOLDS:
            figures = np.array([_pr(list(scores[s] >= t), sub_examples, sub_expected) for s in range(args.shuffles)])
            mean, spread = figures.mean(axis=0), figures[:, 2].std()
            table.append({"threshold": t, "precision": round(float(mean[0]), 3), "recall": round(float(mean[1]), 3),
                          "f1": round(float(mean[2]), 3), "f1_spread": round(float(spread), 3)})
            if show:
                print(f"  threshold {t:.2f}: precision {mean[0]:.0%} recall {mean[1]:.0%} F1 {mean[2]:.3f} "
                      f"±{spread:.3f}")
        return table

    table = cross_validated(np.arange(len(examples)), list(range(len(rows))), show=True)
    best = max(table, key=lambda row: row["f1"])
    splits = {}
    if args.check_splits:
        # each labelling round scored by a model fit on the other two, at the threshold their own CV chooses
        part = np.array([part_of(rows[e[0]]) for e in examples])
        for name in PARTS:
            train, test = np.flatnonzero(part != name), np.flatnonzero(part == name)
            if not len(test) or not len(train):
                continue
            in_part = [i for i, r in enumerate(rows) if part_of(r) == name]
            others = [i for i in range(len(rows)) if i not in in_part]
            chosen = max(cross_validated(train, others, show=False), key=lambda row: row["f1"])["threshold"]
            fitted_side = model().fit(x[train], y[train])
            test_examples = [examples[i] for i in test]
            test_expected = sum(len(rows[i]["practice"]) for i in in_part)
            pr = _pr(list(fitted_side.predict_proba(x[test])[:, 1] >= chosen), test_examples, test_expected)
            splits[f"others→{name}"] = {"threshold": chosen, "precision": round(pr[0], 3), "recall": round(pr[1], 3),
                                         "f1": round(pr[2], 3)}
            print(f"  others→{name}: threshold {chosen:.2f} (training side's CV) precision {pr[0]:.0%} "
                  f"recall {pr[1]:.0%} F1 {pr[2]:.3f}")
    fitted = model().fit(x, y)
    scaler, lr = fitted[0], fitted[1]
    weights = lr.coef_[0] / scaler.scale_
    intercept = float(lr.intercept_[0] - (lr.coef_[0] * scaler.mean_ / scaler.scale_).sum())
    result = {"features": FEATURES, "weights": [round(float(w), 4) for w in weights], "intercept": round(intercept, 4),
              "threshold": best["threshold"],
              "fit": f"bench/practice_tags.py: {len(examples)} mentioned tags of {len(rows)} tuning practice reports, "
                     f"C {args.C}; grouped 5-fold CV x{args.shuffles}: precision {best['precision']}, "
                     f"recall {best['recall']}, F1 {best['f1']}"}
    print("standardised weights:", {f: round(float(w), 2) for f, w in zip(FEATURES, lr.coef_[0])})
    print(f"chosen: {best}")
    save("practice_tags", {"cross_validated": table, "splits": splits, "model": result})
    if args.write:
        write_weights(WEIGHTS_FILE, result)


if __name__ == "__main__":
    main()
