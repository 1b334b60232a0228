"""Train the learned order of quoted sentences (assistant/order.py, order_weights.json) on calibration questions
and on the questions of MRC paragraphs the answering benchmark never holds.

Usage:
  nice python bench/train_order.py collect --mrc-store ../stores/mrc-X --pool-store ../stores/pool-X --out DIR
  nice python bench/train_order.py collect-train --train-store ../stores/mrc-order-train --out DIR [--limit 6000]
  (stores: under GONGZHI_BENCH_STORES, by default ../stores beside the checkout)
  python bench/train_order.py extend --out DIR   (rows collected before the distinct/focus features)
  python bench/train_order.py fit --out DIR [--pairwise] [--groups one,two] [--train] [--drop FEATURE,...] [--c 1.0]
      [--no-gate] [--weight 1.0] [--by-article] [--on-top REVISION] [--margins M,G] [--write]

collect: asks every calibration question of the MRC answering benchmark (bench/mrc_answering.py) and of the pool
(eval/pool_questions*.jsonl with answer_all); for each one answered (grounded, not partial, not compared side
by side, asked in Chinese: one of order.group's groups) it writes the features (order.FEATURES) of the composer's best candidates
(extractive.ranked, order.CANDIDATES of them) and a label: the candidate states the answer (the MRC span; every
answer_all fact of a pool question). Held-out questions are never asked.

collect-train: builds a training store (once, under the bench stores) of every MRC paragraph the benchmark's store
does not hold and whose article the benchmark does not ask (`training_paragraphs`: 1,604 paragraphs, 5,879
questions), asks a seeded sample of its questions (--limit) and writes their rows the same way (source "mrcx",
folded by article). The judge and the picker were trained on these articles' questions (bench/train_judge.py);
the picker's best candidate holds the span about as often there as on the benchmark's calibration (0.85, 0.87).

fit: a logistic model over the candidates, with question-grouped folds (5): for each fold it reports how many
answers' first quote holds the fact now and with the model (the best candidate quoted first when it beats the
first quote by the margin), per margin and per source and question group (--groups: those trained on and
reordered; --drop: features zeroed, to compare); with --train the training store's rows join every fold.
Each margin is tried alone and with a second, larger one (`past_gate`) by which a candidate keeps_kind stops may
lead anyway. --write stores the weights and the margins with the best fold total that lose no more than they gain
in any source and group (numbers only).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import zlib
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.answer import Assistant, sentence_terms
from assistant.evaluate import Question, first_cited_sentence, load_questions, states
from assistant.extractive import ranked
from assistant import order
from assistant.order import CANDIDATES, FEATURES, WEIGHTS, features, group, keeps_kind, picker_scores
from vectorstore.settings import REPO_ROOT, get_settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mrc_answering  # noqa: E402 - bench/ is on sys.path
from data_paths import STORES, in_stores  # noqa: E402 - bench/ is on sys.path


def _rows(assistant: Assistant, questions: list, source: str, k: int | None,
          checkpoint: Path | None = None) -> list[dict]:
    """checkpoint: a file the rows so far are written to every 250 questions (a long collection can be cut short)."""
    rows = []
    for n, question in enumerate(questions, 1):
        if n % 250 == 0:
            print(f"  {source}: {n}/{len(questions)} asked, {len(rows)} rows", flush=True)
            if checkpoint is not None:
                checkpoint.write_text(json.dumps(rows), encoding="utf-8")
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
            # the training store's questions share a fold with their article's
            "id": question.id, "source": source, "fold_key": question.id.rsplit("-", 2)[0] if source == "mrcx"
            else question.id, "kind": str(parsed.expected), "chinese": parsed.chinese,
            "group": group(parsed), "now": all(states(f, first) for f in facts),
            "x": [features(parsed, c, at, candidates, passages, answer.citations, picked)
                  for at, c in enumerate(candidates)],
            "y": [all(states(f, c.text) for f in facts) for c in candidates],
            "read": {"q": question.q, "facts": facts, "first": first, "texts": [c.text for c in candidates]},
        })  # calibration only: the texts, to read the failures
    return rows


def training_paragraphs() -> tuple[list[dict], list[Question]]:
    """The training store's records and questions: every MRC paragraph the answering benchmark never holds.

    The benchmark (mrc_answering.select) asks the questions of the judge's kept-apart articles and fills its store
    with distractor paragraphs of the other articles; this store holds the other articles' remaining paragraphs
    (CMRC 2018 dev and trial, DRCD dev and test) and the kept-apart articles of files the benchmark never asks
    (CMRC trial), minus any paragraph whose text or title the benchmark store holds for its questions. Each
    question's group (for the folds) is its article."""
    from train_judge import _articles, kept_apart  # noqa: PLC0415 - bench/ is on sys.path

    benchmark, _ = mrc_answering.select(1500)
    texts = {r["text"] for r in benchmark}
    asked_titles = set()
    held_in: dict[str, bool] = {}
    articles = _articles()
    for source, title, _ in articles:
        held_in[title] = held_in.get(title, True) and kept_apart(source, title)
    for source, title, _ in articles:
        if source in mrc_answering.ASKED_FILES and held_in[title]:
            asked_titles.add(title)
    records, questions = [], []
    counters: Counter = Counter()
    for source, title, paragraphs in articles:
        counters[source] += 1
        if title in asked_titles:
            continue
        for n, paragraph in enumerate(paragraphs):
            if paragraph["context"] in texts:
                continue
            record = {"id": f"mrcx-{source.split('.')[0]}-{counters[source]}-{n}", "title": title,
                      "text": paragraph["context"]}
            records.append(record)
            for m, qa in enumerate(paragraph["qas"]):
                if qa["answer"].strip():
                    questions.append(Question(id=f"{record['id']}-{m}", q=qa["question"], expect=[record["id"]],
                                              answer_all=[qa["answer"]], kind=mrc_answering.kind_of(qa["question"]),
                                              split="train"))
    return records, questions


def collect_training(store: Path, out: Path, limit: int) -> None:
    """Build the training store (once) and collect the rows of up to `limit` of its questions (a seeded sample)."""
    if not in_stores(store):
        sys.exit(f"--train-store: a directory under {STORES} (never in the repo; GONGZHI_BENCH_STORES)")
    out.mkdir(parents=True, exist_ok=True)
    order._model = lambda: None
    records, questions = training_paragraphs()
    mrc_answering.build_store(store, records)
    random.Random(19).shuffle(questions)
    questions = questions[:limit]
    print(f"{len(records)} paragraphs in {store}; asking {len(questions)} questions", flush=True)
    rows = _rows(Assistant(get_settings(store=store)), questions, "mrcx", 5, out / "order_rows_train.json")
    print(f"mrcx: {len(rows)} answered of {len(questions)}", flush=True)
    (out / "order_rows_train.json").write_text(json.dumps(rows), encoding="utf-8")


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


def extend(out: Path) -> None:
    """Add the features read from texts alone (order.distinct over the question and over its asked clause) to rows
    collected before they existed (45 features; or to compute them again), from each row's stored question and
    candidate texts: what collect now computes, without asking the questions again."""
    from assistant.question import parse_question  # noqa: PLC0415
    start = FEATURES.index("distinct_share")
    for name in ("order_rows.json", "order_rows_train.json"):
        rows = json.loads((out / name).read_text(encoding="utf-8"))
        for r in rows:
            question = parse_question(r["read"]["q"]).normalised
            texts = r["read"]["texts"][:len(r["x"])]
            added = [d + f for d, f in zip(order.distinct(question, texts),
                                           order.distinct(order.asked_clause(question), texts))]
            r["x"] = [x[:start] + list(a) for x, a in zip(r["x"], added)]
        (out / name).write_text(json.dumps(rows), encoding="utf-8")
        print(f"{len(rows)} rows of {out / name}: {len(FEATURES)} features")


def _fold(row: dict, by_article: bool = False) -> int:
    """A question's fold: by its id, or by its article for the training store's (its paragraphs share one);
    by_article: every row by its article (an MRC calibration question's, mrc-cmrc-5-0-1 → mrc-cmrc-5; a pool
    question's expected report), so no report's or article's questions are both fitted and scored."""
    key = row.get("fold_key", row["id"])
    if by_article and row["source"] == "mrc":
        key = row["id"].rsplit("-", 2)[0]
    elif by_article and row["source"] == "pool":
        key = _pool_articles().get(row["id"], row["id"])
    return zlib.crc32(key.encode()) % 5


@lru_cache(maxsize=1)
def _pool_articles() -> dict[str, str]:
    """Each pool calibration question's first expected report (its fold when folding by article)."""
    return {q.id: q.expect[0] for f in sorted((REPO_ROOT / "eval").glob("pool_questions*.jsonl"))
            for q in load_questions(f) if q.expect}


def _on_top(rows: list[dict], c: float, base: list[float], weight: float = 1.0) -> tuple[np.ndarray, float]:
    """A pairwise fit keeping a model's weights (`base`, over the first len(base) features): its logit is one input
    (its scale learned), only the features after them are learned; the result over every feature."""
    n = len(base)
    reduced = [dict(r, x=np.hstack([(np.array(r["x"])[:, :n] @ np.array(base))[:, None],
                                    np.array(r["x"])[:, n:]]).tolist()) for r in rows]
    coef, _ = _fit(reduced, c, True, weight)
    return np.concatenate([coef[0] * np.array(base), coef[1:]]), 0.0


def _base_weights(revision: str) -> list[float]:
    """The order's coefficients at a git revision (on_top's base)."""
    import subprocess  # noqa: PLC0415 - training only
    shown = subprocess.run(["git", "show", f"{revision}:assistant/order_weights.json"], capture_output=True,
                           text=True, check=True, cwd=REPO_ROOT).stdout
    return json.loads(shown)["coef"]


def _fit(rows: list[dict], c: float, pairwise: bool, weight: float = 1.0) -> tuple[np.ndarray, float]:
    """Pointwise: P(the candidate holds the fact). Pairwise: a candidate holding it against one of the same
    answer that does not (the differences of their features, no intercept): a ranking within an answer.
    weight: what a calibration row's pairs count against a training-store row's (source mrcx)."""
    from sklearn.linear_model import LogisticRegression  # training only: the product reads the weights
    if not pairwise:
        x = np.array([v for r in rows for v in r["x"]])
        y = np.array([v for r in rows for v in r["y"]])
        model = LogisticRegression(C=c, max_iter=5000).fit(x, y)
        return model.coef_[0], float(model.intercept_[0])
    diffs, counts = [], []
    for r in rows:
        x = np.array(r["x"])
        for i, yes in enumerate(r["y"]):
            for j, no in enumerate(r["y"]):
                if yes and not no:
                    diffs.append(x[i] - x[j])
                    counts.append(1.0 if r["source"] == "mrcx" else weight)
    x = np.array(diffs + [-d for d in diffs])
    y = np.array([1] * len(diffs) + [0] * len(diffs))
    model = LogisticRegression(C=c, max_iter=5000, fit_intercept=False).fit(x, y, sample_weight=np.array(counts * 2))
    return model.coef_[0], 0.0


def _outcome(row: dict, coef: np.ndarray, intercept: float, margin: float, gate: bool = True,
             past_gate: float | None = None) -> bool:
    """Does the first quote hold the fact with the model deciding (as order.lead)? past_gate: the margin a
    candidate keeps_kind would stop needs to lead anyway (None: it never does)."""
    x = np.array(row["x"])
    if not len(x):
        return row["now"]
    p = x @ coef + intercept  # the margin is in logits (order.lead)
    first = [i for i, v in enumerate(x[:, FEATURES.index("first")]) if v > 0]
    if not first:
        return row["now"]
    best = int(np.argmax(p))
    if x[best, FEATURES.index("first")] > 0 or p[best] < p[first[0]] + margin or not row.get("chinese", True):
        return row["now"]
    if gate and not keeps_kind(*(tuple(x[i, [FEATURES.index("typed"), FEATURES.index("near")]] > 0)
                                 for i in (first[0], best))) and (past_gate is None or p[best] < p[first[0]] + past_gate):
        return row["now"]
    return bool(row["y"][best])


GROUPS = ("one", "open", "two")


SOURCES = ("mrc", "pool", "mrcx")  # MRC benchmark calibration, pool calibration, the training store's


def fit(out: Path, c: float, write: bool, pairwise: bool = False, groups: tuple[str, ...] = ("one",),
        drop: tuple[str, ...] = (), train: bool = False, gate: bool = True, weight: float = 1.0,
        by_article: bool = False, on_top: str | None = None,
        fixed: tuple[float, float | None] | None = None) -> None:
    """groups: the question groups (order.group) trained on and reordered; drop: features left out (zeroed);
    train: add the training store's rows (order_rows_train.json, collect-train) to every fold's training and
    scoring (the margin is still chosen by the calibration sources alone); gate: keeps_kind applies; weight: how
    many times each calibration row counts against a training-store row in the fit; by_article: folds grouped by
    article for every source (_fold); on_top: a git revision whose weights are kept (scaled), only the features
    added after them learned (pairwise); fixed: the (margin, past_gate) written, if it passes the same test."""
    base = _base_weights(on_top) if on_top else None
    loaded = json.loads((out / "order_rows.json").read_text(encoding="utf-8"))
    if train:
        loaded += json.loads((out / "order_rows_train.json").read_text(encoding="utf-8"))
    rows = [r for r in loaded if r["x"] and r.get("group", "one") in groups]
    keep = np.array([name not in drop for name in FEATURES], dtype=float)
    for r in rows:
        r["x"] = (np.array(r["x"]) * keep).tolist()
    margins = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)  # in logits: a sentence leads by a margin
    # (margin, past_gate): past_gate, the margin by which a candidate keeps_kind stops leads anyway (None: never)
    settings = [(m, None) for m in margins] + [(m, g) for m in margins for g in ((2.0, 3.0, 4.0) if gate else ())
                                               if g > m]
    cells = [(s, g) for s in SOURCES for g in groups if any(r["source"] == s for r in rows)]
    table = {m: {cell: [0, 0] for cell in cells} for m in settings}  # [won, lost]
    now = {cell: sum(r["now"] for r in rows if (r["source"], r.get("group", "one")) == cell) for cell in cells}
    size = {cell: sum((r["source"], r.get("group", "one")) == cell for r in rows) for cell in cells}
    for fold in range(5):
        coef, intercept = (_fit if base is None else lambda rs, c, p, w: _on_top(rs, c, base, w))(
            [r for r in rows if _fold(r, by_article) != fold], c, pairwise, weight)
        for r in rows:
            if _fold(r, by_article) != fold:
                continue
            for m in settings:
                after = _outcome(r, coef, intercept, m[0], gate, m[1])
                cell = (r["source"], r.get("group", "one"))
                table[m][cell][0] += after and not r["now"]
                table[m][cell][1] += r["now"] and not after
    print(f"{len(rows)} answers; per (source, group): n {size}; first holds now {now}")
    shipped = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    if shipped["features"] == list(FEATURES):  # the shipped model read on the same rows (no folds)
        won = {cell: [0, 0] for cell in cells}
        for r in rows:
            if r.get("group", "one") not in shipped.get("groups", ("one",)):
                continue
            after = _outcome(r, np.array(shipped["coef"]) * keep, shipped["intercept"], shipped["threshold"], gate,
                             shipped.get("past_gate"))
            won[(r["source"], r.get("group", "one"))][0] += after and not r["now"]
            won[(r["source"], r.get("group", "one"))][1] += r["now"] and not after
        print(f"shipped (margin {shipped['threshold']}): "
              + "   ".join(f"{s}/{g} +{won[(s, g)][0]} -{won[(s, g)][1]}" for s, g in cells))
    for m in settings:
        print(f"margin {m[0]:4} past the gate {m[1] or '-':>3}: " + "   ".join(f"{s}/{g} +{table[m][(s, g)][0]} -{table[m][(s, g)][1]}"
                                            for s, g in cells))
    def total(m: float, s: str, i: int) -> int:
        return sum(table[m][(s, g)][i] for g in groups)
    fine = [m for m in settings if total(m, "pool", 1) <= total(m, "pool", 0) and total(m, "mrc", 1) < total(m, "mrc", 0)
            and all(table[m][(s, g)][1] <= table[m][(s, g)][0] for s, g in cells)]
    if fixed is not None:
        fine = [m for m in fine if m == fixed]
    if not write or not fine:
        return
    sources = [s for s in SOURCES if any(r["source"] == s for r in rows)]
    margin, past_gate = max(fine, key=lambda m: (sum(total(m, s, 0) - total(m, s, 1) for s in sources),
                                                 m[0], m[1] or 99.0))  # ties: the larger margins
    coef, intercept = _fit(rows, c, pairwise, weight) if base is None else _on_top(rows, c, base, weight)
    WEIGHTS.write_text(json.dumps({
        "features": list(FEATURES), "coef": [round(float(v), 5) for v in coef], "intercept": round(intercept, 5),
        "threshold": margin, "past_gate": past_gate, "c": c, "pairwise": pairwise, "groups": list(groups),
        "trained_on": ("calibration questions: the MRC answering benchmark's (CMRC 2018, CC BY-SA 4.0; DRCD, "
                       "CC BY-SA 3.0; the sentence holding the answer span) and the pool's (answer_all facts)"
                       + (f"; and {sum(r['source'] == 'mrcx' for r in rows)} answered questions of the MRC paragraphs "
                          "the benchmark never holds (CMRC 2018 dev/trial, DRCD dev/test; bench/train_order.py "
                          "collect-train)" if train else " only") + "; bench/train_order.py fit"
                       + (f" --on-top {on_top}: its weights kept, scaled, the features after them learned on top"
                          if on_top else "")),
        "rows": {s: sum(r["source"] == s for r in rows) for s in SOURCES},
    }, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {WEIGHTS} (margin {margin}, groups {', '.join(groups)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=("collect", "collect-train", "extend", "fit"))
    parser.add_argument("--train-store", type=Path, default=STORES / "mrc-order-train",
                        help="the training store (MRC paragraphs the benchmark never holds; built once)")
    parser.add_argument("--limit", type=int, default=6000, help="training-store questions to ask (5,879 in all)")
    parser.add_argument("--mrc-store", type=Path, default=STORES / "mrc-base")
    parser.add_argument("--pool-store", type=Path, default=STORES / "pool6")
    parser.add_argument("--out", type=Path, default=Path("/tmp/train_order"))
    parser.add_argument("--c", type=float, default=1.0)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--pairwise", action="store_true", help="fit a ranking within each answer")
    parser.add_argument("--groups", default="one", help="question groups trained on and reordered: one,open,two")
    parser.add_argument("--train", action="store_true", help="add the training store's rows (collect-train)")
    parser.add_argument("--no-gate", action="store_true", help="without keeps_kind (to compare)")
    parser.add_argument("--weight", type=float, default=1.0, help="a calibration row's weight against a training one")
    parser.add_argument("--by-article", action="store_true", help="folds grouped by article for every source")
    parser.add_argument("--on-top", default=None, help="a git revision whose order weights are kept; only the "
                        "features added after them are learned")
    parser.add_argument("--margins", default=None, help="MARGIN,PAST_GATE: write these (if they lose no more than "
                        "they gain in any source and group), not the best total")
    parser.add_argument("--drop", default="", help="features left out (comma-separated), to compare")
    args = parser.parse_args()
    if args.step == "collect":
        collect(args.mrc_store, args.pool_store, args.out)
    elif args.step == "collect-train":
        collect_training(args.train_store, args.out, args.limit)
    elif args.step == "extend":
        extend(args.out)
    else:
        fit(args.out, args.c, args.write, args.pairwise, tuple(g for g in args.groups.split(",") if g in GROUPS),
            tuple(f for f in args.drop.split(",") if f), args.train, not args.no_gate, args.weight, args.by_article,
            args.on_top, None if args.margins is None else tuple(float(v) for v in args.margins.split(",")))


if __name__ == "__main__":
    main()
