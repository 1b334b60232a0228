"""Share of pool reports whose article title is the right one, on 60 hand-checked reports (used for
tuning) and 30 more labelled afterwards from the record text alone, before the code's titles were seen
(eval/pool_titles_heldout.jsonl, never tuned on).

eval/pool_titles*.jsonl hold, per record id, where the expected title sits in the record's text
(character offsets, so no report text is copied into the repo): `headline` / `original_title`
spans must be the title exactly (ignoring spaces, quote style and punctuation width); a `lead`
span is the report's first sentence after its dateline, byline or caption, for reports that carry
no headline at all — the title must be a beginning of it (at least six characters), never a byline,
dateline, caption or sharing prompt.

Run: .venv/bin/python bench/pool_titles.py [--pool RECORDS.jsonl]  (default: the 167 pool reports, extracted from
../shared/corpus/governance)
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from ingest.clean import to_simplified  # noqa: E402
from ingest.pipeline import build_articles  # noqa: E402
from ingest.readers import RawDocument  # noqa: E402
from data_paths import pool_records  # noqa: E402
from report import save  # noqa: E402

EXPECTED = [REPO / "eval" / "pool_titles.jsonl", REPO / "eval" / "pool_titles_heldout.jsonl"]


def squash(text: str) -> str:
    text = to_simplified(text).rstrip("…")
    return re.sub(r"[\s\"'“”‘’「」]", "", text).translate(str.maketrans("，：；！？（）|", ",:;!?()｜"))


def is_right(title: str, expected: str, kind: str) -> bool:
    got, want = squash(title), squash(expected)
    if kind == "lead":
        return len(got) >= 6 and want.startswith(got)
    return got == want


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pool", type=Path, help="default: the 167 pool reports, extracted")
    args = parser.parse_args()
    records = {r["id"]: r for r in pool_records(args.pool, distractors=False)}
    rows = []
    specs = [json.loads(line) for path in EXPECTED for line in path.open(encoding="utf-8")]
    for spec in specs:
        record = records[spec["id"]]
        expected = record["text"][spec["start"]:spec["end"]]
        doc = RawDocument(source=f"pool#{spec['id']}", text=record["text"], content_hash=spec["id"],
                          published=record.get("date") or None)
        title = build_articles(doc)[0].title
        rows.append({"id": spec["id"], "kind": spec["kind"], "split": spec.get("split", "tuning"), "title": title,
                     "right": is_right(title, expected, spec["kind"])})
        if not rows[-1]["right"] and rows[-1]["split"] == "tuning":  # held-out misses: measured, not shown
            print(f"  miss {spec['id']} ({spec['kind']}): got {title!r}, want {expected[:60]!r}")
    figures = {}
    for split in ("tuning", "heldout"):
        part = [r for r in rows if r["split"] == split]
        right = sum(r["right"] for r in part)
        figures[split] = {"right": right, "of": len(part)}
        print(f"{split}: titles right {right} of {len(part)} ({right / max(len(part), 1):.1%})")
        for kind in ("original_title", "headline", "lead"):
            sub = [r for r in part if r["kind"] == kind]
            if sub:
                print(f"  {kind}: {sum(r['right'] for r in sub)} of {len(sub)}")
    save("pool_titles", {**figures, "rows": [{k: r[k] for k in ("id", "kind", "split", "right")} for r in rows]})


if __name__ == "__main__":
    main()
