"""Where the hand-checked practice tags sit for the card's tag choice, per split: counts only.

    python bench/practice_tag_ceiling.py

For every tag the hand check lists for a practice report of eval/pool_cards.jsonl it tells why the card keeps it or
not, with the stored tag model (ingest/practice_tags.py): kept; the report gets no card (practice_signal's gate);
never mentioned (no synonym of ingest/lexicon/practices.tsv in the text or the title, so the model never sees it);
mentioned, with its probability just under the threshold (within BAND) or further below. It also counts the tags the
card keeps that the hand check does not list, by probability, and the recall and precision the card would have if it
kept every mentioned tag (the ceiling of any model over mentions). Nothing but counts is printed or saved, so the
held-out split can be measured without reading its texts: it answers whether the threshold, the model's ranking or
the vocabulary limits the field's recall. Figures go to bench/results/practice_tag_ceiling.json.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.card_sentences import part_of  # noqa: E402
from bench.cards_quality import LABELS, SHARED, read_records  # noqa: E402
from bench.practice_tags import main_article  # noqa: E402
from bench.report import save  # noqa: E402

BAND = 0.15
PLACES = ("kept", "no card", "never mentioned", "just below the threshold", "far below the threshold")


def place_of(tag: str, has_card: bool, probabilities: dict[str, float], threshold: float) -> str:
    """Why the card keeps a hand-checked tag, or why not (one of PLACES)."""
    if not has_card:
        return "no card"
    if tag not in probabilities:
        return "never mentioned"
    if probabilities[tag] >= threshold:
        return "kept"
    return "just below the threshold" if probabilities[tag] >= threshold - BAND else "far below the threshold"


def tally(rows: list[dict], tags_of: dict[str, tuple[bool, dict[str, float]]], threshold: float) -> dict:
    """Counts of one split: where its hand-checked tags sit, the kept tags no hand check lists (by probability),
    and the ceiling of a model that keeps every mentioned tag."""
    places: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    mentioned = mentioned_right = 0
    for row in rows:
        has_card, probabilities = tags_of[row["id"]]
        for tag in row["practice"]:
            places[place_of(tag, has_card, probabilities, threshold)] += 1
        if not has_card:
            continue
        mentioned += len(probabilities)
        mentioned_right += sum(1 for t in probabilities if t in row["practice"])
        for tag, p in probabilities.items():
            if p >= threshold and tag not in row["practice"]:
                wrong["under .6" if p < 0.6 else "under .8" if p < 0.8 else ".8 and over"] += 1
    expected = sum(len(r["practice"]) for r in rows)
    return {"reports": len(rows), "expected": expected, "places": {p: places[p] for p in PLACES},
            "kept_but_not_listed": dict(wrong),
            "every_mentioned_tag": {"predicted": mentioned, "right": mentioned_right,
                                    "precision": round(mentioned_right / mentioned, 3) if mentioned else None,
                                    "recall": round(mentioned_right / expected, 3) if expected else None}}


def main() -> None:
    from ingest.practice_signal import describes_practice
    from ingest.practice_tags import _model, tag_probabilities

    threshold = _model()["threshold"]
    rows = [json.loads(line) for line in LABELS.open(encoding="utf-8") if line.strip()]
    rows = [r for r in rows if r["practice_report"]]
    records = read_records(SHARED / "corpus" / "crud_news" / "news.jsonl.gz", {r["id"] for r in rows})
    tags_of = {}
    for r in rows:
        text, title = main_article(records[r["id"]])
        tags_of[r["id"]] = (describes_practice(text), tag_probabilities(text, title))
    splits = {"tune": lambda r: r["split"] == "tune", "heldout": lambda r: r["split"] == "heldout"}
    splits.update({part: (lambda r, part=part: r["split"] == "tune" and part_of(r) == part)
                   for part in ("tune-before7", "tune7", "tune9")})
    results = {}
    for name, keep in splits.items():
        results[name] = tally([r for r in rows if keep(r)], tags_of, threshold)
        f = results[name]
        print(f"\n== {name}: {f['reports']} practice reports, {f['expected']} hand-checked tags (threshold {threshold})")
        print("  " + ", ".join(f"{p} {n}" for p, n in f["places"].items()))
        print(f"  kept but not listed: {f['kept_but_not_listed']}")
        e = f["every_mentioned_tag"]
        print(f"  every mentioned tag kept: {e['predicted']} predicted, {e['right']} right "
              f"(precision {e['precision']}, recall {e['recall']})")
    print(f"figures: {save('practice_tag_ceiling', results)}")


if __name__ == "__main__":
    main()
