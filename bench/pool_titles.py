"""Share of pool reports whose article title is the right one, on 60 hand-checked reports.

eval/pool_titles.jsonl holds, per record id, where the expected title sits in the record's text
(character offsets, so no report text is copied into the repo): `headline` / `original_title`
spans must be the title exactly (ignoring spaces, quote style and punctuation width); a `lead`
span is the report's first sentence after its dateline, byline or caption, for reports that carry
no headline at all — the title must be a beginning of it (at least six characters), never a byline,
dateline, caption or sharing prompt.

Run: .venv/bin/python bench/pool_titles.py [--pool /work/pool/dev.jsonl]
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
from report import save  # noqa: E402

EXPECTED = REPO / "eval" / "pool_titles.jsonl"


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
    parser.add_argument("--pool", type=Path, default=Path("/work/pool/dev.jsonl"))
    args = parser.parse_args()
    records = {r["id"]: r for r in map(json.loads, args.pool.open(encoding="utf-8"))}
    rows = []
    for spec in map(json.loads, EXPECTED.open(encoding="utf-8")):
        record = records[spec["id"]]
        expected = record["text"][spec["start"]:spec["end"]]
        doc = RawDocument(source=f"pool#{spec['id']}", text=record["text"], content_hash=spec["id"],
                          published=record.get("date") or None)
        title = build_articles(doc)[0].title
        rows.append({"id": spec["id"], "kind": spec["kind"], "title": title, "right": is_right(title, expected, spec["kind"])})
        if not rows[-1]["right"]:
            print(f"  miss {spec['id']} ({spec['kind']}): got {title!r}, want {expected[:60]!r}")
    right = sum(r["right"] for r in rows)
    print(f"titles right: {right} of {len(rows)} ({right / len(rows):.1%})")
    for kind in ("original_title", "headline", "lead"):
        sub = [r for r in rows if r["kind"] == kind]
        if sub:
            print(f"  {kind}: {sum(r['right'] for r in sub)} of {len(sub)}")
    save("pool_titles", {"right": right, "of": len(rows), "rows": [{k: r[k] for k in ("id", "kind", "right")} for r in rows]})


if __name__ == "__main__":
    main()
