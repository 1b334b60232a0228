"""Fit and measure the practice classifier (ingest/practice_signal.py): pool reports vs distractor news.

    python bench/practice_signal.py [--write]

Texts are the articles ingest builds from the records (clean → segment), labelled 1 for the 167 pool
reports (../shared/corpus/governance/dev_ids.txt) and 0 for the 1,000 distractors. Prints 5-fold
cross-validated counts at several thresholds (each text scored by a model that never saw it), then fits on
all of them; --write stores the weights and the threshold (the highest at which cross-validated pool
recall is at least 95%) in ingest/lexicon/practice_signal.json. Needs scikit-learn (a dev tool, not a
runtime dependency: the product only reads the weights).
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.cards_quality import GOVERNANCE as POOL_DIR  # noqa: E402
from bench.cards_quality import SHARED, read_ids, read_records  # noqa: E402
from bench.report import save, write_weights  # noqa: E402
from ingest.pipeline import build_articles  # noqa: E402
from ingest.practice_signal import FEATURES, WEIGHTS_FILE, features, is_visit_report  # noqa: E402
from ingest.readers import RawDocument  # noqa: E402


def main_text(record: dict) -> str:
    doc = RawDocument(source=f"pool.jsonl#{record['id']}", text=record["text"],
                      content_hash=hashlib.sha1(record["text"].encode()).hexdigest(), published=record.get("date"))
    articles = build_articles(doc)
    return max((a.text for a in articles), key=len, default="")


def main() -> None:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--news", type=Path, default=SHARED / "corpus" / "crud_news" / "news.jsonl.gz")
    parser.add_argument("--write", action="store_true", help=f"store the fitted model in {WEIGHTS_FILE}")
    args = parser.parse_args()
    dev, distractors = read_ids(POOL_DIR / "dev_ids.txt"), read_ids(POOL_DIR / "distractor_ids.txt")
    records = read_records(args.news, set(dev) | set(distractors))
    texts = [main_text(records[rid]) for rid in dev + distractors]
    x = np.array([features(t) for t in texts])
    y = np.array([1] * len(dev) + [0] * len(distractors))
    visits = np.array([is_visit_report(t) for t in texts])
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)
    scores = cross_val_predict(model, x, y, cv=StratifiedKFold(5, shuffle=True, random_state=0),
                               method="predict_proba")[:, 1]
    rows = []
    print(f"5-fold cross-validated: cards for pool reports (of {len(dev)}) and distractors (of {len(distractors)});"
          f" {int(visits[y == 1].sum())} pool reports and {int(visits[y == 0].sum())} distractors are visit reports")
    for threshold in (0.5, 0.6, 0.7, 0.8, 0.85, 0.9):
        card = (scores >= threshold) & ~visits
        row = {"threshold": threshold, "pool": int(card[y == 1].sum()), "distractors": int(card[y == 0].sum())}
        rows.append(row)
        print(f"  threshold {threshold:.2f}: pool {row['pool']}, distractors {row['distractors']}")
    chosen = max((r["threshold"] for r in rows if r["pool"] >= 0.95 * len(dev)), default=0.5)
    model.fit(x, y)
    fitted = {"features": FEATURES, "weights": [round(float(w), 4) for w in model.coef_[0]],
              "intercept": round(float(model.intercept_[0]), 4), "threshold": chosen,
              "fit": f"bench/practice_signal.py: {len(dev)} pool reports vs {len(distractors)} distractors"}
    print(f"threshold chosen: {chosen}; weights {fitted['weights']}, intercept {fitted['intercept']}")
    save("practice_signal", {"cross_validated": rows, "model": fitted})
    if args.write:
        write_weights(WEIGHTS_FILE, fitted)


if __name__ == "__main__":
    main()
