"""Whether a change leaves every answer as it was: one digest per question of the whole Answer (text, citations
and their spans, retrieved passages, grounding report), written by one version of the code and compared with
another's. Only digests are written, never the answers, so held-out questions can be compared without being read.

    python bench/answer_digest.py --store S --out before.jsonl eval/pool_questions.jsonl ...   # questions ("q")
    python bench/answer_digest.py --store S --out before.jsonl --scale    # the 123 questions bench/scale.py asks
    python bench/answer_digest.py --compare before.jsonl after.jsonl      # rc 1 when any answer differs

Run the two versions on copies of the same store. The same code on the same store gives the same answers, but
its retrieval scores move in their last digits from run to run (the dense side: Chroma's nearest neighbours), and
now and then two passages of nearly equal score swap places: `--compare` reports the answer fields (text,
citations, grounding, related titles) apart from the retrieved list and its scores (rounded to 4 decimals).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path


def _questions(files: list[Path], scale: bool) -> list[tuple[str, str]]:
    """(id, question text): the files' rows ("id"/"qid", "q"/"question"), then bench/scale.py's questions."""
    rows: list[tuple[str, str]] = []
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if line.strip():
                row = json.loads(line)
                rows.append((f"{path.name}:{row.get('id') or row.get('qid') or n}", row.get("q") or row["question"]))
    if scale:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from scale import _questions as scale_questions

        rows += [(f"scale:{n}", q) for n, q in enumerate(scale_questions(123))]
    return rows


def digest(answer: dict) -> str:
    """sha256 of the value as canonical JSON (sorted keys): equal for equal answers, whatever their key order."""
    return hashlib.sha256(json.dumps(answer, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def snapshot(store: str, rows: list[tuple[str, str]], out: Path) -> None:
    from assistant.answer import Assistant
    from vectorstore.settings import get_settings

    assistant = Assistant(get_settings(store=store))
    with out.open("w", encoding="utf-8") as f:
        for qid, text in rows:
            answer = assistant.ask(text).model_dump(mode="json")
            # retrieval scores move in their last digits from run to run of the same code (module docstring)
            answer["scores"] = [round(p.pop("score"), 4) for p in answer["retrieved"]]
            fields = {key: digest(value)[:12] for key, value in answer.items()}  # which part differs, unread
            f.write(json.dumps({"id": qid, "digest": digest(answer), "fields": fields}) + "\n")


def compare(before: Path, after: Path) -> list[str]:
    """The ids whose answers differ (or that only one file has), each with the fields that differ."""
    read = lambda p: {r["id"]: r for r in map(json.loads, p.read_text(encoding="utf-8").splitlines())}  # noqa: E731
    a, b = read(before), read(after)
    differ = []
    for i in sorted(a.keys() | b.keys()):
        if i not in a or i not in b:
            differ.append(f"{i} (missing)")
        elif a[i]["digest"] != b[i]["digest"]:
            fields = a[i]["fields"].keys() | b[i]["fields"].keys()
            differ.append(f"{i} ({' '.join(sorted(k for k in fields if a[i]['fields'].get(k) != b[i]['fields'].get(k)))})")
    return differ


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("questions", nargs="*", type=Path)
    parser.add_argument("--store")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--scale", action="store_true", help="also bench/scale.py's 123 questions")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.compare:
        differ = compare(*args.compare)
        answers = [d for d in differ if set(d.split(" (")[1].rstrip(")").split()) - {"retrieved", "scores"}]
        total = len(args.compare[0].read_text(encoding="utf-8").splitlines())
        print(f"answers: {total - len(answers)} of {total} identical; differ: {', '.join(answers) or 'none'}")
        print(f"whole records (with retrieved passages and scores): {total - len(differ)} of {total} identical; "
              f"differ: {', '.join(differ) or 'none'}")
        return 1 if answers else 0
    if not (args.store and args.out):
        parser.error("--store and --out (or --compare)")
    snapshot(args.store, _questions(args.questions, args.scale), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
