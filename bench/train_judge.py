"""Train the answer judge (assistant/judge.py) on CMRC 2018 + DRCD, with negatives shaped like RGB's.

RGB's hard negatives share every keyword of the question and differ in one detail: the fact itself is
missing, another year, another place or scope, another entity. For each typed one-fact question of
../shared/eval/mrc/ (human questions over Wikipedia paragraphs, answer spans; DRCD read in simplified
characters), the gold sentence's window is the positive and the negatives are
  (a) the gold sentence with its answer span removed, or replaced by another span of the same kind
      (a number, a date, a name) from the paragraph;
  (b) the gold window against the question with its year, number, place or name changed (to another
      of the same kind from another article), so the window no longer says what is asked;
  (c) the paragraph's other sentences that share the question's terms (up to 3);
  (d) the sentences of the article's other paragraphs sharing most of the question's terms (up to 2).
The judge ships trained on (a, removed) and (b) (`--negatives`, the default): trained with (a, replaced) or
(c) as well, it separates MRC's held-out pairs better (AUC 0.74-0.83) but no threshold then refuses more of
RGB dev without losing a pool calibration answer — a sibling sentence of a Wikipedia paragraph is not what
RGB's negatives are, and a replaced span looks to these features like the answer it replaced.
Term weights are idf over the --idf store (the pool: news, as at run time).

The *picker* (judge.pick) is fitted on the same windows, by default against (a, removed), (b) and (c): which
sentence of a paragraph gives the answer. Its margin (how much a window must beat the first quoted one) is set
on the cached calibration answers: the MRC answering benchmark's calibration split (first quote holds the
answer span) and RGB dev (answer text), never fewer correct on RGB dev. (d) trained neither model better on RGB.

Steps (caches live under --work, outside the repo; no MRC or RGB text is written into the repo):
  features  MRC examples → features (--work/mrc-features.npz); a fifth of the articles kept apart;
  collect   RGB dev's single-document questions on rgb-neg / rgb-all, the pool's calibration questions on
            --pool and the MRC answering benchmark's calibration questions on --mrc, answered without the judge
            and the picker (cached answers);
  fit       a logistic regression on the MRC training part (scikit-learn at training time only; the product
            reads the weights with the shared loader, ingest/weights.py), AUC on the MRC part kept apart;
            then the threshold only, on RGB dev: the highest refusal on rgb-neg that keeps --answered of
            RGB dev answered on rgb-all, correct answers not fewer, and no pool calibration answer lost.
            Prints the report; `--write` saves assistant/judge_weights.json (numbers only). --mrc-loss: MRC
            calibration answers the veto may cost (against no judge; the shipped veto costs 8);
  pick      the picker and its margin (--margins); `--write` saves assistant/picker_weights.json.
Usage: python bench/train_judge.py features|collect|fit|pick [--work ../stores/rgb-judge] [--write]
(stores: under GONGZHI_BENCH_STORES, by default ../stores beside the checkout)
RGB test and the pool's held-out questions are reported by bench/rgb_rejection.py and bench/pool_eval.py.
Data licences (CC BY-SA 4.0 / 3.0): the weights are an adaptation, attributed in the JSON.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import zlib
from dataclasses import asdict
from pathlib import Path

import numpy as np

from assistant import judge as judge_module
from assistant.answer import Assistant, sentence_terms
from assistant.answer_type import _COUNT_FACT, _DATE_FACT, _MONEY_FACT, _RATE_FACT
from assistant.evaluate import Question, checks, load_questions, states
from assistant.grounding import assess, term_weights
from assistant.judge import FEATURES, WEIGHTS, Window, _window, candidates, features
from assistant.question import parse_question
from assistant.records import Answer, Passage
from ingest.chunk import sentence_spans
from ingest.weights import logistic
from vectorstore.keyword import posseg_cut
from vectorstore.settings import REPO_ROOT, get_settings
from vectorstore.store import Store
from data_paths import SHARED, STORES  # noqa: E402 - bench/ on sys.path
from report import save  # noqa: E402 - bench/ on sys.path
from rgb_rejection import build_stores, holds_answer, single_document_questions  # noqa: E402 - bench/ on sys.path

MRC = SHARED / "eval" / "mrc"
FILES = ("cmrc2018_dev.json", "cmrc2018_trial.json", "DRCD_dev.json", "DRCD_test.json")
_SPANS = {"count": _COUNT_FACT, "money": _MONEY_FACT, "rate": _RATE_FACT, "when": _DATE_FACT}
_NAME_FLAGS = {"who": {"nr", "nrfg", "nrt", "nt"}, "where": {"ns"}}
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_NUMBER = re.compile(r"(?<!\d)(\d+)(?!\d)")


def _articles() -> list[tuple[str, str, list[dict]]]:
    """(source file, title, paragraphs) of every article, DRCD converted to simplified characters."""
    import opencc

    t2s = opencc.OpenCC("t2s")
    out = []
    for name in FILES:
        data = json.loads((MRC / name).read_text(encoding="utf-8"))["data"]
        convert = t2s.convert if name.startswith("DRCD") else (lambda s: s)
        for article in data:
            paragraphs = [{"context": convert(p["context"]),
                           "qas": [{"question": convert(q["question"]), "answer": convert(q["answers"][0]["text"]),
                                    "start": q["answers"][0]["answer_start"]} for q in p["qas"] if q["answers"]]}
                          for p in article["paragraphs"]]
            out.append((name, convert(article.get("title", "")), paragraphs))
    return out


def kept_apart(source: str, title: str) -> bool:
    """The judge's split: a fifth of the MRC articles (by a hash of file name and title) is never trained on."""
    return zlib.crc32(f"{source}/{title}".encode()) % 5 == 0


def _window_of(title: str, context: str, spans: list[tuple[int, int]], index: int, others: tuple[str, ...],
               sentence: str | None = None, new: str | None = None) -> Window:
    """The window of sentence `index` (title, neighbours), optionally with `sentence` replaced by `new`."""
    start, end = spans[index]
    passage = Passage(chunk_id="c", article_id="a", title=title, source="mrc", passage=context, score=0.0)
    text = _window(passage, start, end, spans)
    said = context[start:end]
    if new is not None:
        text, said = text.replace(sentence or said, new), said.replace(sentence or said, new)
    return Window(said, text, 0, others)


def _same_kind_spans(kind: str, context: str, answer: str) -> list[str]:
    """Other spans of the paragraph of the kind asked (a number, a date, a name), not the answer."""
    if kind in _SPANS:
        found = [m.group(0) for m in _SPANS[kind].finditer(context)]
    elif kind in _NAME_FLAGS:
        found = [w for w, f in posseg_cut(context) if f in _NAME_FLAGS[kind] and len(w) >= 2]
    else:
        return []
    return [s for s in dict.fromkeys(found) if s not in answer and answer not in s]


def _changed_questions(text: str, rng: random.Random, names: dict[str, list[str]]) -> list[str]:
    """The question with one qualifier changed: its year, a number, a place or a name (another of the
    same kind, from another article)."""
    out = []
    if m := _YEAR.search(text):
        year = int(m.group(1)) + rng.choice((-3, -2, -1, 1, 2, 3))
        out.append(text[:m.start()] + str(year) + text[m.end():])
    elif m := _NUMBER.search(text):
        number = int(m.group(1)) + rng.choice((1, 2, 3, 5, 10))
        out.append(text[:m.start()] + str(number) + text[m.end():])
    for word, flag in posseg_cut(text):
        kind = "place" if flag == "ns" else "name" if flag in {"nr", "nrfg", "nrt", "nt"} else ""
        if kind and len(word) >= 2 and names[kind]:
            other = rng.choice(names[kind])
            if other != word:
                out.append(text.replace(word, other, 1))
                break
    return out


def _sharing_elsewhere(paragraphs: list[dict], n: int, title: str, terms: list, weights: list[float],
                       answer: str) -> list[tuple[float, str, str, list[tuple[int, int]], int]]:
    """The sentences of the article's other paragraphs that share the most of the question's terms (by idf) and
    do not hold the answer: same-topic text from another passage, as RGB's negatives are."""
    out = []
    for m, paragraph in enumerate(paragraphs):
        if m == n:
            continue
        context = paragraph["context"]
        spans = sentence_spans(context)
        for i, (s, e) in enumerate(spans):
            text = context[s:e]
            if answer in text or len(text) < 8:
                continue
            shared = sum(w for t, w in zip(terms, weights) if t.text and t.text in text)
            if shared > 0:
                out.append((shared, title, context, spans, i))
    return sorted(out, key=lambda r: -r[0])


def mrc_features(work: Path, idf_store: Path, limit: int) -> Path:
    """Features and labels of the MRC examples; group = article (a fifth kept apart by hash)."""
    store = Store.open(get_settings(store=idf_store))
    index = store.keyword_index()
    rng = random.Random(19)
    articles = _articles()
    names: dict[str, list[str]] = {"place": [], "name": []}
    for _, _title, paragraphs in articles[::7]:  # a sample of names by kind, for the changed questions
        for w, f in posseg_cut(" ".join(p["context"][:200] for p in paragraphs[:2])):
            if len(w) >= 2 and f == "ns":
                names["place"].append(w)
            elif len(w) >= 2 and f in {"nr", "nrfg", "nrt", "nt"}:
                names["name"].append(w)
    X, y, kind, apart = [], [], [], []
    seen = 0
    for source, title, paragraphs in articles:
        held = kept_apart(source, title)
        contexts = [p["context"] for p in paragraphs]
        for n, paragraph in enumerate(paragraphs):
            context = paragraph["context"]
            spans = sentence_spans(context)
            others = tuple(c[:400] for i, c in enumerate(contexts) if i != n)[:4]
            for qa in paragraph["qas"]:
                question = parse_question(qa["question"], store.names_read_as)
                if question.expected is None or question.two_parts:
                    continue
                gold = next((i for i, (s, e) in enumerate(spans) if s <= qa["start"] < e), None)
                answer = qa["answer"]
                if gold is None or answer not in context[spans[gold][0]:spans[gold][1]] or not answer.strip():
                    continue
                if seen >= limit:
                    continue
                seen += 1
                terms = list(question.terms)
                weights = term_weights(terms, index)
                sentence = context[spans[gold][0]:spans[gold][1]]
                rows: list[tuple[str, list[float], int]] = []

                def add(tag: str, window: Window, label: int, q=question, t=terms, w=weights, out=rows) -> None:
                    out.append((tag, features(q, t, w, window), label))

                add("gold", _window_of(title, context, spans, gold, others), 1)
                removed = _window_of(title, context, spans, gold, others, sentence, sentence.replace(answer, ""))
                if answer not in removed.text:  # a neighbour may say it again
                    add("a:removed", removed, 0)
                swaps = _same_kind_spans(question.expected.value, context, answer)
                replaced = _window_of(title, context, spans, gold, others, sentence,
                                      sentence.replace(answer, rng.choice(swaps))) if swaps else None
                if replaced is not None and answer not in replaced.text:
                    add("a:replaced", replaced, 0)
                for changed in _changed_questions(qa["question"], rng, names):
                    other_q = parse_question(changed, store.names_read_as)
                    if other_q.expected is None or other_q.two_parts:
                        continue
                    other_t = list(other_q.terms)
                    add("b:question", _window_of(title, context, spans, gold, others), 0,
                        other_q, other_t, term_weights(other_t, index))
                sharing = []
                for i, (s, e) in enumerate(spans):
                    text = context[s:e]
                    if i == gold or answer in text or len(text) < 8:
                        continue
                    shared = sum(w for t, w in zip(terms, weights) if t.text and t.text in text)
                    if shared > 0:
                        sharing.append((shared, i))
                for _, i in sorted(sharing, reverse=True)[:3]:
                    add("c:sibling", _window_of(title, context, spans, i, others), 0)
                for _, other_title, other_context, other_spans, i in _sharing_elsewhere(
                        paragraphs, n, title, terms, weights, answer)[:2]:
                    add("d:elsewhere", _window_of(other_title, other_context, other_spans, i, others), 0)
                for tag, x, label in rows:
                    X.append(x)
                    y.append(label)
                    kind.append(tag)
                    apart.append(held)
    out = work / "mrc-features.npz"
    np.savez(out, X=np.array(X, dtype=float), y=np.array(y), kind=np.array(kind), apart=np.array(apart))
    print(f"{seen} typed questions, {len(y)} windows ({sum(y)} positive) → {out}")
    return out


def collect(work: Path, pool: Path, mrc: Path) -> None:
    """RGB dev (rgb-neg, rgb-all), the pool's calibration questions and the MRC answering benchmark's
    calibration questions (bench/mrc_answering.py: articles the judge never trains on), answered without
    the judge (its veto is what the threshold decides)."""
    from mrc_answering import select  # noqa: PLC0415 - it imports this module

    judge_module._model = lambda: None  # answered without the judge: the threshold decides its veto
    judge_module._picker = lambda: None  # …and without the picker: its margin is set on these answers
    assistant = Assistant(get_settings(store=mrc))
    with (work / "judge-cache-mrc.jsonl").open("w", encoding="utf-8") as fh:
        for q in select(1500)[1]:
            if q.split == "calibration":
                fh.write(json.dumps({"question": asdict(q),
                                     "answer": assistant.ask(q.q, k=5).model_dump(mode="json")},
                                    ensure_ascii=False) + "\n")
    neg_root, full_root = build_stores(work)
    neg, full = Assistant(get_settings(store=neg_root)), Assistant(get_settings(store=full_root))
    with (work / "judge-cache-dev.jsonl").open("w", encoding="utf-8") as fh:
        for q in single_document_questions("dev"):
            row = {"qid": q["qid"], "question": q["question"], "answer": q["answer"],
                   "neg": neg.ask(q["question"]).model_dump(mode="json"),
                   "full": full.ask(q["question"]).model_dump(mode="json")}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    assistant = Assistant(get_settings(store=pool))
    with (work / "judge-cache-pool.jsonl").open("w", encoding="utf-8") as fh:
        for q in _pool_questions():
            if q.split == "calibration":
                fh.write(json.dumps({"id": q.id, "question": q.q, "answer": assistant.ask(q.q).model_dump(mode="json")},
                                    ensure_ascii=False) + "\n")


def _pool_questions() -> list:
    return [q for path in sorted((REPO_ROOT / "eval").glob("pool_questions*.jsonl")) for q in load_questions(path)]


def _judged(question, answer: Answer, store: Store) -> dict:
    """An answer's facts for the threshold: answered without the judge, judged at all, its windows' features."""
    grounding = assess(question, answer.retrieved, store.keyword_index(), get_settings().answer.grounding_threshold)
    reports = {i: "\n".join(chunk.text for chunk in store.chunks_of(i))  # as the product: Assistant.reports
               for i in dict.fromkeys(c.article_id for c in answer.citations)}
    terms = sentence_terms(grounding.terms)  # as the product judges them (answer.sentence_terms)
    windows = candidates(answer.citations, answer.retrieved, terms, reports)
    typed = answer.grounding.answer_type
    ok = answer.grounded or (answer.partial and typed is not None and typed.reason == "judge")  # before the judge
    return {"ok": ok, "judged": question.expected is not None and not question.two_parts,
            "X": [features(question, terms, grounding.weights, w) for w in windows]}


def calibration_items(work: Path, pool: Path, mrc: Path) -> tuple[list[dict], list[dict]]:
    opened = {side: Store.open(get_settings(store=work / f"rgb-{name}")) for side, name in (("neg", "neg"), ("full", "all"))}
    rgb = []
    for line in (work / "judge-cache-dev.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        item = {"qid": row["qid"]}
        for side, store in opened.items():
            answer = Answer.model_validate(row[side])
            item[side] = _judged(parse_question(row["question"], store.names_read_as), answer, store)
            if side == "neg":
                item["holds"] = holds_answer(row["answer"], [p.passage for p in answer.retrieved])
            else:
                item["correct"] = answer.grounded and all(states(f, answer.answer) for f in row["answer"])
        rgb.append(item)
    questions = {q.id: q for q in _pool_questions()}
    store = Store.open(get_settings(store=pool))
    pooled = []
    for line in (work / "judge-cache-pool.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        q, answer = questions[row["id"]], Answer.model_validate(row["answer"])
        item = _judged(parse_question(row["question"], store.names_read_as), answer, store)
        item["answerable"] = bool(q.expect)
        item["right"] = bool(checks(q, answer).get("answered_cited"))  # as bench/pool_eval.py counts
        pooled.append(item)
    mrc_store = Store.open(get_settings(store=mrc))
    for line in (work / "judge-cache-mrc.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        q, answer = Question(**row["question"]), Answer.model_validate(row["answer"])
        item = _judged(parse_question(q.q, mrc_store.names_read_as), answer, mrc_store)
        item["answerable"] = True
        item["right"] = bool(checks(q, answer).get("answered_cited"))
        item["mrc"] = True
        pooled.append(item)
    return rgb, pooled


def _passes(item: dict, coef: list[float], bias: float, threshold: float) -> bool:
    if not item["ok"]:
        return False
    if not item["judged"]:
        return True
    return any(logistic(bias, coef, x) >= threshold for x in item["X"])


def figures(rgb: list[dict], pooled: list[dict], coef: list[float], bias: float, threshold: float) -> dict:
    subset = [i for i in rgb if not i["holds"]]
    n = len(subset)
    return {"refused": round(sum(not _passes(i["neg"], coef, bias, threshold) for i in subset) / n, 3),
            "answered": round(sum(_passes(i["full"], coef, bias, threshold) for i in subset) / n, 3),
            "correct": round(sum(_passes(i["full"], coef, bias, threshold) and i["correct"] for i in subset) / n, 3),
            "pool_answered_right": sum(i["right"] and _passes(i, coef, bias, threshold) for i in pooled
                                       if not i.get("mrc")),
            "pool_unanswerable_answered": sum(not i["answerable"] and _passes(i, coef, bias, threshold)
                                              for i in pooled),
            "mrc_answered_right": sum(i["right"] and _passes(i, coef, bias, threshold) for i in pooled if i.get("mrc"))}


def _auc(scores: np.ndarray, labels: np.ndarray) -> float:
    order = scores.argsort()
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    pos = labels == 1
    return float((ranks[pos].sum() - pos.sum() * (pos.sum() + 1) / 2) / (pos.sum() * (~pos).sum()))


def fit(work: Path, pool: Path, mrc: Path, answered: float, mrc_loss: int, write: bool, c: float,
        kinds: tuple[str, ...], zero: tuple[str, ...] = ()) -> dict:
    """The veto's model; `zero`: features held at weight 0 (the clause features, which serve the picker: fitted
    with them, no threshold refused more of RGB dev at equal MRC and pool answers)."""
    data = np.load(work / "mrc-features.npz")
    X, y, kind, apart = data["X"], data["y"], data["kind"], data["apart"]
    held_at_zero = [FEATURES.index(f) for f in zero]
    X = X.copy()
    X[:, held_at_zero] = 0.0
    coef_l, bias = _fit_model(X, y, ~apart & np.isin(kind, ("gold", *kinds)), c)
    coef_l = [0.0 if i in held_at_zero else v for i, v in enumerate(coef_l)]
    train = ~apart & np.isin(kind, ("gold", *kinds))
    held = X[apart] @ np.array(coef_l) + bias
    report = {"negatives": list(kinds),
              "mrc_windows": {"train": int(train.sum()), "apart": int(apart.sum()), "positive": int(y.sum())},
              "mrc_auc_apart": round(_auc(held, y[apart]), 3),
              "mrc_auc_apart_by_negative": {t: round(_auc(held[(kind[apart] == t) | (y[apart] == 1)],
                                                          y[apart][(kind[apart] == t) | (y[apart] == 1)]), 3)
                                            for t in sorted(set(kind[apart])) if t != "gold"}}
    rgb, pooled = calibration_items(work, pool, mrc)
    base = figures(rgb, pooled, coef_l, bias, 0.0)
    best = (0.0, base)
    sweep = []
    for threshold in np.arange(0.02, 0.99, 0.01):
        f = figures(rgb, pooled, coef_l, bias, float(threshold))
        sweep.append((round(float(threshold), 2), f))
        if (f["answered"] >= answered - 1e-9 and f["correct"] >= base["correct"] - 1e-9
                and f["pool_answered_right"] >= base["pool_answered_right"]
                and f["mrc_answered_right"] >= base["mrc_answered_right"] - mrc_loss and f["refused"] > best[1]["refused"]):
            best = (float(threshold), f)
    report.update({"rgb_dev_and_pool_calibration_before": base, "threshold": round(best[0], 2), "after": best[1],
                   "sweep": {t: f for t, f in sweep[::5]}})
    weights = {"features": list(FEATURES), "coef": [round(v, 5) for v in coef_l], "intercept": round(bias, 5),
               "threshold": round(best[0], 2),
               "trained_on": "CMRC 2018 (Cui et al. 2019, CC BY-SA 4.0) and DRCD (Delta Electronics, CC BY-SA 3.0) "
                             "dev/trial/test questions with RGB-shaped negatives; threshold on RGB zh dev; "
                             "bench/train_judge.py",
               "mrc_auc_apart": report["mrc_auc_apart"], "rgb_dev": best[1]}
    if zero:
        weights["note"] = f"held at 0 (they serve the picker): {', '.join(zero)}"
    if write:
        WEIGHTS.write_text(json.dumps(weights, indent=1) + "\n", encoding="utf-8")
    return report


def _fit_model(x: np.ndarray, y: np.ndarray, train: np.ndarray, c: float) -> tuple[list[float], float]:
    """A logistic regression on the rows `train` (standardised for the fit, folded back into raw weights)."""
    from sklearn.linear_model import LogisticRegression  # training only: the product reads the weights

    mean, spread = x[train].mean(axis=0), x[train].std(axis=0) + 1e-9
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit((x[train] - mean) / spread, y[train])
    coef = model.coef_[0] / spread
    return [float(v) for v in coef], float(model.intercept_[0] - (model.coef_[0] * mean / spread).sum())


def _picked_facts(work: Path, mrc: Path, coef: list[float], bias: float, margin: float) -> dict:
    """With the picker at `margin`, on the cached answers (made without judge and picker): MRC calibration
    answers whose first quoted sentence holds the answer span, and RGB dev's no-answer questions answered on
    rgb-all with RGB's answer in the answer text; each before (no picker) and after."""
    judge_module._picker = lambda: (coef, bias, margin)
    out = {"mrc_in_first": [0, 0], "rgb_dev_correct": [0, 0], "moved": 0}
    store = Store.open(get_settings(store=mrc))
    for line in (work / "judge-cache-mrc.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        q, answer = Question(**row["question"]), Answer.model_validate(row["answer"])
        if not answer.grounded or answer.partial:
            continue
        first = min(answer.citations, key=lambda c: c.n)
        before = first.passage[slice(*first.span)]
        after = _picked_sentence(parse_question(q.q, store.names_read_as), answer, store) or before
        out["mrc_in_first"][0] += states(q.answer_all[0], before)
        out["mrc_in_first"][1] += states(q.answer_all[0], after)
        out["moved"] += after != before
    full = Store.open(get_settings(store=work / "rgb-all"))
    neg = Store.open(get_settings(store=work / "rgb-neg"))
    for line in (work / "judge-cache-dev.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        on_neg, answer = Answer.model_validate(row["neg"]), Answer.model_validate(row["full"])
        if holds_answer(row["answer"], [p.passage for p in on_neg.retrieved]) or not answer.grounded:
            continue
        picked = _picked_sentence(parse_question(row["question"], full.names_read_as), answer, full) or ""
        out["rgb_dev_correct"][0] += all(states(f, answer.answer) for f in row["answer"])
        out["rgb_dev_correct"][1] += all(states(f, answer.answer + picked) for f in row["answer"])
    del neg
    return out


def _picked_sentence(question, answer: Answer, store: Store) -> str | None:  # noqa: ANN001
    grounding = assess(question, answer.retrieved, store.keyword_index(), get_settings().answer.grounding_threshold)

    picked = judge_module.pick(question, sentence_terms(grounding.terms), grounding.weights, answer.citations,
                               answer.retrieved)
    if picked is None:
        return None
    rank, start, end = picked
    return answer.retrieved[rank].passage[start:end]


def fit_picker(work: Path, mrc: Path, c: float, kinds: tuple[str, ...], write: bool,
               margins: tuple[float, ...] = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)) -> dict:
    """The picker: gold windows against their negatives (by default the paragraph's other sentences too), and
    its margin on the calibration answers (MRC calibration first quote, RGB dev answer text)."""
    data = np.load(work / "mrc-features.npz")
    X, y, kind, apart = data["X"], data["y"], data["kind"], data["apart"]
    coef, bias = _fit_model(X, y, ~apart & np.isin(kind, ("gold", *kinds)), c)
    held = X[apart] @ np.array(coef) + bias
    report = {"negatives": list(kinds), "mrc_auc_apart": round(_auc(held, y[apart]), 3), "margins": {}}
    best = (None, None)
    for margin in margins:
        facts = _picked_facts(work, mrc, coef, bias, margin)
        report["margins"][margin] = facts
        print(margin, facts, flush=True)
        gain = facts["mrc_in_first"][1] - facts["mrc_in_first"][0]
        if facts["rgb_dev_correct"][1] >= facts["rgb_dev_correct"][0] and (best[1] is None or gain > best[1]):
            best = (margin, gain)
    report["margin"] = best[0]
    if write and best[0] is not None:
        weights = {"features": list(FEATURES), "coef": [round(v, 5) for v in coef], "intercept": round(bias, 5),
                   "threshold": best[0],
                   "trained_on": "CMRC 2018 (Cui et al. 2019, CC BY-SA 4.0) and DRCD (Delta Electronics, CC BY-SA 3.0) "
                                 "dev/trial/test questions: the answer's sentence against the paragraph's others and "
                                 "RGB-shaped negatives; margin on the MRC answering benchmark's calibration split and "
                                 "RGB zh dev; bench/train_judge.py pick",
                   "mrc_auc_apart": report["mrc_auc_apart"]}
        judge_module.PICKER.write_text(json.dumps(weights, indent=1) + "\n", encoding="utf-8")
    return report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=("features", "collect", "fit", "pick"))
    parser.add_argument("--work", type=Path, default=STORES / "rgb-judge")
    parser.add_argument("--pool", type=Path, default=STORES / "pool-judge")
    parser.add_argument("--mrc", type=Path, default=STORES / "mrc-base", help="MRC answering store")
    parser.add_argument("--idf", type=Path, default=STORES / "pool-judge", help="store for term weights")
    parser.add_argument("--limit", type=int, default=100000, help="typed MRC questions to use")
    parser.add_argument("--answered", type=float, default=0.90)
    parser.add_argument("--mrc-loss", type=int, default=6,
                        help="MRC calibration answers (answered+cited, without the judge) the judge may veto")
    parser.add_argument("-C", type=float, default=1.0)
    parser.add_argument("--negatives", default="a:removed,b:question",
                        help="kinds of negatives to train on (of a:removed, a:replaced, b:question, c:sibling, d:elsewhere)")
    parser.add_argument("--margins", default="0,0.05,0.1,0.15,0.2,0.3", help="picker margins to try")
    parser.add_argument("--pick-negatives", default="a:removed,b:question,c:sibling",
                        help="kinds of negatives the picker is trained on")
    parser.add_argument("--zero", default="clause_coverage,clause_pairs,clause_other_year,asked_year_in_sentence",
                        help="features the veto holds at weight 0 (comma-separated; empty: none)")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.step == "features":
        mrc_features(args.work, args.idf, args.limit)
    elif args.step == "collect":
        collect(args.work, args.pool, args.mrc)
    elif args.step == "pick":
        report = fit_picker(args.work, args.mrc, args.C, tuple(args.pick_negatives.split(",")), args.write,
                            tuple(float(m) for m in args.margins.split(",")))
        print(json.dumps(report, indent=1, ensure_ascii=False))
        save("train_picker", report)
    else:
        report = fit(args.work, args.pool, args.mrc, args.answered, args.mrc_loss, args.write, args.C,
                     tuple(args.negatives.split(",")), tuple(f for f in args.zero.split(",") if f))
        print(json.dumps(report, indent=1, ensure_ascii=False))
        save("train_judge", report)


if __name__ == "__main__":
    main()
