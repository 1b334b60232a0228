"""How many records of a JSONL export get a publication date from their `date` field.

Run: .venv/bin/python bench/dates_report.py [RECORDS.jsonl]  (default: the pool and its distractors, extracted
from ../shared/corpus/governance)
Prints, over records whose `date` field is not empty: dated from the field, month-day whose year
came from the text, month-day left undated (year unknown), field with no date in it.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from ingest.dates import published_date, read_field  # noqa: E402
from data_paths import pool_records  # noqa: E402 - bench/ is on sys.path when run as a script


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    records = pool_records(path)
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for record in records:
        raw = (record.get("date") or "").strip()
        if not raw:
            counts["empty field"] += 1
            continue
        found = read_field(raw)
        if found is None:
            kind = "field holds no date"
        elif found.year is not None:
            kind = "dated from the field"
        elif published_date(raw, record.get("text", "")):
            kind = "month-day, year from the text"
        else:
            kind = "month-day, year unknown (undated)"
        counts[kind] += 1
        examples.setdefault(kind, []).append(raw)
    filled = sum(v for k, v in counts.items() if k != "empty field")
    print(f"{path or 'the pool and its distractors'}: {sum(counts.values())} records, {filled} with a date field")
    for kind, n in counts.most_common():
        print(f"  {kind:36} {n:5d}   e.g. {examples.get(kind, [''])[:3]}")
    dated = counts["dated from the field"] + counts["month-day, year from the text"]
    print(f"dated: {dated} of {filled} records with a date field")


if __name__ == "__main__":
    main()
