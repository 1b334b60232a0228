"""Fit and measure the card sentence classifiers (ingest/card_sentences.py) on the tuning split of the
hand-checked cards (eval/pool_cards.jsonl, split "tune"); the held-out split is never read here.

    python bench/card_sentences.py [--write]

Every sentence of a hand-checked practice report is labelled 1 for a field when it holds one of the
fragments the hand check wrote for that field (mechanism, outcomes), else 0. Inputs: the structure features
(ingest/card_sentences.features, standardised) and the grammar words (card_sentences.structure_words) seen in
at least MIN_SENTENCES tuning sentences, as presence; an L2 penalty C keeps the many word weights small (per field:
SETTINGS). The outcome model also reads how a result is told (card_sentences.RESULT_FEATURES); the mechanism
model does not (their weights are stored as 0). Prints 5-fold cross-validated precision and recall of the
cards' sentence choice (grouped by report: each report scored by a model that never saw it; at most 5 mechanism
and 4 outcome sentences, the most probable above the threshold) at several thresholds, then fits on all tuning
reports; --write stores the weights and, per field, the threshold with the best cross-validated F1 in
ingest/lexicon/card_sentences.json. --shuffles N repeats the cross-validation over N ways of dealing the reports
into folds and prints the mean and the F1's spread over them (4 shuffles: about ±.01 for mechanism, ±.02 for
outcomes at the chosen thresholds): a change smaller than that is within the noise of 35 reports. The stored
thresholds come from the single default deal (--shuffles 1; --write after more shuffles chooses on their mean).
Needs scikit-learn (a dev tool, not a runtime dependency: the product only reads the weights).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sklearn.model_selection import GroupKFold

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.cards_quality import CAPS, LABELS, SHARED, read_records  # noqa: E402
from bench.report import save  # noqa: E402
from ingest.card_sentences import FEATURES, RESULT_FEATURES, WEIGHTS_FILE, eligible, features, structure_words  # noqa: E402
from ingest.cards import _sentences  # noqa: E402
from ingest.chunk import chunk_article  # noqa: E402
from ingest.pipeline import build_articles  # noqa: E402
from ingest.readers import RawDocument  # noqa: E402

FIELDS = ("mechanism", "outcomes")
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
# Per field: the inverse L2 strength C, MIN_SENTENCES (a grammar word seen in fewer tuning sentences gets no weight)
# and whether the model reads RESULT_FEATURES. Mechanism: C 0.05 and 3, chosen by grouped cross-validation on the
# tuning split (0.02, 0.05, 0.1, 0.3 tried); the result features raise its cross-validated F1 (.731 → .747, mean of
# 4 group shuffles) but not its held-out figures, so it goes without them. Outcomes: with the result features,
# C 0.02 and 5 (C 0.01-0.05 × 5/10/20 tried: cross-validated average precision .62 → .67, F1 within .02 of the
# model without them at every setting; only 33 positive sentences, so a stronger penalty than mechanism's).
SETTINGS = {"mechanism": {"C": 0.05, "min_sentences": 3, "result_features": False},
            "outcomes": {"C": 0.02, "min_sentences": 5, "result_features": True}}


def report_sentences(record: dict) -> list[str]:
    """The sentences of the record's main (longest) article, as the card reads them (bench/cards_quality.card_of)."""
    doc = RawDocument(source=f"pool.jsonl#{record['id']}", text=record["text"],
                      content_hash=hashlib.sha1(record["text"].encode()).hexdigest(), published=record.get("date"))
    articles = build_articles(doc)
    if not articles:
        return []
    article = max(articles, key=lambda a: len(a.text))
    return [t for _, _, _, t in _sentences(chunk_article(article.id, article.text))]


def choose(sentences: list[str], probs: list[float], threshold: float, cap: int, field: str) -> list[int]:
    ranked = sorted((i for i, p in enumerate(probs) if p >= threshold and eligible(sentences[i], field)),
                    key=lambda i: -probs[i])
    return sorted(ranked[:cap])


def bench_pr(reports: list[tuple[list[str], list[str], list[float]]], threshold: float, cap: int,
             field: str) -> tuple[float, float]:
    """The bench's precision and recall (bench/cards_quality.score) of choosing by these probabilities."""
    correct = n_got = found = n_want = 0
    for sentences, want, probs in reports:
        got = [sentences[i] for i in choose(sentences, probs, threshold, cap, field)]
        correct += sum(1 for s in got if any(f in s for f in want))
        n_got += len(got)
        found += min(sum(1 for f in want if any(f in s for s in got)), cap)
        n_want += min(len(want), cap)
    return (correct / n_got if n_got else 0.0), (found / n_want if n_want else 0.0)


def _design(dense, words, scaler, vectorizer):  # noqa: ANN001, ANN202
    from scipy.sparse import csr_matrix, hstack

    return hstack([csr_matrix(scaler.transform(dense)), vectorizer.transform(words)]).tocsr()


def fit(dense, words: list[list[str]], y, field: str):  # noqa: ANN001, ANN201
    """(model, scaler, vectorizer) of the field, fit on these sentences (dense: the field's columns, used_columns)."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    settings = SETTINGS[field]
    scaler = StandardScaler().fit(dense)
    vectorizer = CountVectorizer(analyzer=lambda ws: ws, min_df=settings["min_sentences"], binary=True).fit(words)
    model = LogisticRegression(C=settings["C"], class_weight="balanced", max_iter=3000)
    model.fit(_design(dense, words, scaler, vectorizer), y)
    return model, scaler, vectorizer


def used_columns(field: str) -> list[int]:
    """The FEATURES the field's model reads."""
    return [i for i, name in enumerate(FEATURES) if SETTINGS[field]["result_features"] or name not in RESULT_FEATURES]


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _folds(shuffle: int) -> GroupKFold:
    """Grouped 5-fold splits: shuffle 0 as the single run before (GroupKFold's balanced folds), others deal
    the reports into folds at random (seeded)."""
    from sklearn.model_selection import GroupKFold

    return GroupKFold(5) if shuffle == 0 else GroupKFold(5, shuffle=True, random_state=shuffle)


def main() -> None:
    import numpy as np
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--news", type=Path, default=SHARED / "corpus" / "crud_news" / "news.jsonl.gz")
    parser.add_argument("--write", action="store_true", help=f"store the fitted models in {WEIGHTS_FILE}")
    parser.add_argument("--shuffles", type=int, default=1,
                        help="repeat the grouped 5-fold cross-validation over this many ways of dealing the reports "
                             "into folds (1: the single run that chose the stored thresholds)")
    args = parser.parse_args()
    rows = [json.loads(line) for line in LABELS.open(encoding="utf-8") if line.strip()]
    rows = [r for r in rows if r["split"] == "tune" and r["practice_report"]]
    records = read_records(args.news, {r["id"] for r in rows})
    texts = {r["id"]: report_sentences(records[r["id"]]) for r in rows}
    x, words, groups = [], [], []
    for g, r in enumerate(rows):
        sentences = texts[r["id"]]
        for i, s in enumerate(sentences):
            x.append(features(s, i, len(sentences)))
            words.append(structure_words(s))
            groups.append(g)
    x, groups = np.array(x), np.array(groups)
    fitted: dict = {"features": FEATURES,
                    "fit": f"bench/card_sentences.py: {len(rows)} hand-checked tuning reports, {len(x)} sentences, "
                           f"{SETTINGS}"}
    results = {}
    for field in FIELDS:
        y = np.array([int(any(f in s for f in r[field])) for r in rows for s in texts[r["id"]]])
        columns = used_columns(field)
        dense_x = x[:, columns]
        curves = []  # per shuffle of the reports into folds: (precision, recall) at each threshold
        for shuffle in range(args.shuffles):
            probs = np.zeros(len(y))
            for train, test in _folds(shuffle).split(x, y, groups):
                model, scaler, vectorizer = fit(dense_x[train], [words[i] for i in train], y[train], field)
                probs[test] = model.predict_proba(_design(dense_x[test], [words[i] for i in test], scaler,
                                                          vectorizer))[:, 1]
            reports, at = [], 0
            for r in rows:
                n = len(texts[r["id"]])
                reports.append((texts[r["id"]], r[field], list(probs[at:at + n])))
                at += n
            curves.append([bench_pr(reports, t, CAPS[field], field) for t in THRESHOLDS])
        table = []
        print(f"{field}: {int(y.sum())} of {len(y)} sentences hold a hand-checked fragment; cross-validated "
              f"(mean of {args.shuffles} shuffles of the reports; ± the F1's spread over them):")
        for k, t in enumerate(THRESHOLDS):
            f1s = [_f1(*curve[k]) for curve in curves]
            p, rc = (float(np.mean([curve[k][j] for curve in curves])) for j in (0, 1))
            f1 = _f1(p, rc)
            table.append({"threshold": t, "precision": round(p, 3), "recall": round(rc, 3), "f1": round(f1, 3),
                          "f1_spread": round(float(np.std(f1s)), 3)})
            print(f"  threshold {t:.2f}: precision {p:.0%} recall {rc:.0%} F1 {f1:.3f} ±{np.std(f1s):.3f}")
        best = max(table, key=lambda row: row["f1"])
        model, scaler, vectorizer = fit(dense_x, words, y, field)
        dense = model.coef_[0][: len(columns)]
        # stored for raw feature values: w / scale, and the means moved into the intercept; 0 for unused features
        used = dense / scaler.scale_
        intercept = model.intercept_[0] - float(np.dot(used, scaler.mean_))
        raw = np.zeros(len(FEATURES))
        raw[columns] = used
        grammar = dict(zip(vectorizer.get_feature_names_out(), model.coef_[0][len(columns):]))
        fitted[field] = {"weights": [round(float(w), 4) for w in raw], "intercept": round(float(intercept), 4),
                         "threshold": best["threshold"],
                         "words": {w: round(float(v), 4) for w, v in sorted(grammar.items()) if round(float(v), 4)}}
        top = sorted(grammar.items(), key=lambda kv: -abs(kv[1]))[:12]
        print(f"  chosen {best}; {len(fitted[field]['words'])} grammar words, strongest "
              + ", ".join(f"{w} {v:+.2f}" for w, v in top))
        results[field] = {"cross_validated": table, "chosen": best}
    save("card_sentences", {"cross_validated": results, "model": fitted})
    if args.write:
        WEIGHTS_FILE.write_text(json.dumps(fitted, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"written: {WEIGHTS_FILE}")


if __name__ == "__main__":
    main()
