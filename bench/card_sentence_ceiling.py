"""Where the hand-checked mechanism and outcome fragments sit for the card's sentence choice, per split: counts only.

    python bench/card_sentence_ceiling.py

For every fragment of eval/pool_cards.jsonl (practice reports) it finds the report sentence that holds it (as the
card reads the report: bench/card_sentences.report_sentences) and tells why the card keeps it or not, with the
stored models (ingest/card_sentences.py): chosen; eligible and at or above the threshold but cut by the cap (5 / 4);
within BAND below the threshold; further below; not eligible (outlook, exhortation, speech for outcomes, under
12 characters); or in no sentence. It also counts the outcome fragments whose sentence the same row labels as
mechanism too (a result told in the sentence of its step; how many of those the card misses), and for the outcome fragments the card does not keep, how
their sentence tells them (kind_of: testimony — at least half inside quotation marks or a speaker's words —, the
report's first sentence, its last, or another sentence of the body). Nothing but counts is printed or saved, so the held-out
split can be measured without reading its texts: it answers whether the cap or the threshold limits a field's
recall (then fragments are cut by the cap or lie just below the threshold) or the ranking does (far below).
Figures go to bench/results/card_sentence_ceiling.json.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.card_sentences import report_sentences  # noqa: E402
from bench.cards_quality import CAPS, LABELS, SHARED, read_records  # noqa: E402
from bench.report import save  # noqa: E402

BAND = 0.15
KINDS = ("testimony", "first sentence", "last sentence", "body")
PLACES = ("chosen", "cut by the cap", "just below the threshold", "far below the threshold", "not eligible",
          "in no sentence")


def place_of(fragment: str, sentences: list[str], probs: list[float], eligible: list[bool], threshold: float,
             cap: int) -> str:
    """Why the card keeps the sentence holding `fragment`, or why not (one of PLACES); the card keeps the `cap`
    most probable eligible sentences at or above `threshold`."""
    at = next((i for i, s in enumerate(sentences) if fragment in s), None)
    if at is None:
        return "in no sentence"
    if not eligible[at]:
        return "not eligible"
    if probs[at] < threshold:
        return "just below the threshold" if probs[at] >= threshold - BAND else "far below the threshold"
    ranked = sorted((i for i, p in enumerate(probs) if p >= threshold and eligible[i]), key=lambda i: -probs[i])
    return "chosen" if at in ranked[:cap] else "cut by the cap"


def kind_of(fragment: str, sentences: list[str]) -> str | None:
    """How the sentence holding `fragment` tells it (one of KINDS): testimony (at least half of it inside quotation
    marks, or a speaker's words: card_sentences._SPEECH), the report's first sentence, its last, or the body; None
    when no sentence holds it."""
    import re

    from ingest.card_sentences import _SPEECH

    at = next((i for i, s in enumerate(sentences) if fragment in s), None)
    if at is None:
        return None
    sentence = sentences[at]
    quoted = sum(len(q) for q in re.findall(r"“[^”]*”?", sentence))
    if quoted >= 0.5 * len(sentence) or _SPEECH.search(sentence):
        return "testimony"
    return "first sentence" if at == 0 else "last sentence" if at == len(sentences) - 1 else "body"


def main() -> None:
    from ingest import card_sentences

    rows = [json.loads(line) for line in LABELS.open(encoding="utf-8") if line.strip()]
    rows = [r for r in rows if r["practice_report"]]
    records = read_records(SHARED / "corpus" / "crud_news" / "news.jsonl.gz", {r["id"] for r in rows})
    results: dict[str, dict] = {}
    from bench.card_sentences import PARTS, part_of

    # the tuning split, each of its three labelling rounds (they label results differently: docs/ingest.md), held-out
    splits = {"tune": lambda r: r["split"] == "tune",
              **{p: (lambda r, p=p: r["split"] == "tune" and part_of(r) == p) for p in PARTS},
              "heldout": lambda r: r["split"] == "heldout"}
    for split, keep in splits.items():
        results[split] = {}
        for field in ("mechanism", "outcomes"):
            places: Counter[str] = Counter()
            kinds: Counter[str] = Counter()  # outcome fragments the card does not keep, by how their sentence tells them
            both = missed_in_step = 0
            for row in filter(keep, rows):
                sentences = report_sentences(records[row["id"]])
                probs = [card_sentences.probability(field, s, i, len(sentences)) for i, s in enumerate(sentences)]
                eligible = [card_sentences.eligible(s, field) for s in sentences]
                for fragment in row[field]:
                    place = place_of(fragment, sentences, probs, eligible, card_sentences.threshold(field), CAPS[field])
                    places[place] += 1
                    if field == "outcomes" and place != "chosen" and (kind := kind_of(fragment, sentences)):
                        kinds[kind] += 1
                    step = field == "outcomes" and any(fragment in s and any(m in s for m in row["mechanism"])
                                                       for s in sentences)
                    both += step
                    missed_in_step += step and place != "chosen"
            results[split][field] = {"fragments": sum(places.values()), **{p: places[p] for p in PLACES}}
            if field == "outcomes":
                results[split][field]["in a sentence also labelled mechanism"] = both
                results[split][field]["not chosen, in a sentence also labelled mechanism"] = missed_in_step
                results[split][field].update({f"not chosen, {k}": kinds[k] for k in KINDS})
            print(f"{split:12} {field:10} " + ", ".join(f"{k} {v}" for k, v in results[split][field].items()))
    print(f"figures: {save('card_sentence_ceiling', results)}")


if __name__ == "__main__":
    main()
