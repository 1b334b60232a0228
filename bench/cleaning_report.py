"""Characters each cleaning rule removed, over the five seeds and the 167 pool reports, with a sample
of removals per rule written for review (bench/results/cleaning_removals.json).

Run: .venv/bin/python bench/cleaning_report.py [--pool RECORDS.jsonl] [--sample 12]
(default: the 167 pool reports, extracted from ../shared/corpus/governance)
Every rule's removals are listed with their record so a reviewer can check that no ordinary sentence
was lost; the sample is drawn evenly over the rule's removals (deterministic).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from ingest.clean import clean_page  # noqa: E402
from data_paths import SHARED, pool_records  # noqa: E402
from report import save  # noqa: E402

SEEDS = SHARED / "corpus" / "seeds"


def documents(pool: Path | None) -> list[tuple[str, str, str]]:
    """(collection, id, text) for every seed and every pool record."""
    docs = [("seeds", p.name, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    docs += [("pool", r["id"], r["text"]) for r in pool_records(pool, distractors=False)]
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pool", type=Path, help="default: the 167 pool reports, extracted")
    parser.add_argument("--sample", type=int, default=12, help="removals kept per rule for review")
    args = parser.parse_args()
    chars: dict[str, Counter[str]] = defaultdict(Counter)
    count: dict[str, Counter[str]] = defaultdict(Counter)
    removals: dict[str, list[dict[str, str]]] = defaultdict(list)
    total: Counter[str] = Counter()
    for collection, rid, text in documents(args.pool):
        total[collection] += len(text)
        for rule, snippet in clean_page(text).removed:
            chars[rule][collection] += len(snippet)
            count[rule][collection] += 1
            removals[rule].append({"record": rid, "removed": snippet})
    print(f"{'rule':22} {'seeds n':>8} {'chars':>7} {'pool n':>7} {'chars':>7}")
    for rule in sorted(chars, key=lambda r: -sum(chars[r].values())):
        print(f"{rule:22} {count[rule]['seeds']:8d} {chars[rule]['seeds']:7d} {count[rule]['pool']:7d} "
              f"{chars[rule]['pool']:7d}")
    for collection in ("seeds", "pool"):
        gone = sum(c[collection] for c in chars.values())
        print(f"{collection}: {gone} of {total[collection]} characters removed ({gone / max(1, total[collection]):.1%})")
    sample = {}
    for rule, rows in removals.items():
        step = max(1, len(rows) // args.sample)
        sample[rule] = {"removals": len(rows), "sample": rows[::step][: args.sample]}
    path = save("cleaning_removals", {"all": removals, "sample": sample})
    print(f"removals written to {path}")


if __name__ == "__main__":
    main()
