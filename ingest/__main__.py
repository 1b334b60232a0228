"""`python -m ingest SRC... [--store DIR] [--prune]`: add articles to the knowledge base."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ingest.cards import practice_card
from ingest.pipeline import ingest_paths
from ingest.practice_signal import describes_practice
from vectorstore.settings import get_settings
from vectorstore.store import Store, StoreError


def rebuild_missing_cards(store: Store, repair: bool) -> int:
    """Articles that describe a practice but were stored without a card (e.g. by an older version) get one;
    other articles get none (ingest/practice_signal.py)."""
    missing = [card for a in store.articles() if store.card(a.id) is None and describes_practice(a.text)
               and (card := practice_card(a, store.chunks_of(a.id)))]
    if repair and missing:
        store.save_cards(missing)
    return len(missing)


def check(argv: list[str]) -> int:
    """`python -m ingest check [--store DIR] [--no-repair]`: Chroma, SQLite and BM25 agree?"""
    parser = argparse.ArgumentParser(prog="python -m ingest check", description=check.__doc__)
    parser.add_argument("--store", type=Path)
    parser.add_argument("--no-repair", action="store_true", help="only report")
    args = parser.parse_args(argv)
    settings = get_settings(store=args.store)
    try:
        store = Store.open(settings)
        with store.writer_lock():
            report = store.check(repair=not args.no_repair)
            report["missing_cards"] = rebuild_missing_cards(store, repair=not args.no_repair)
            if not args.no_repair:  # a store ingested before ingests settled its vector index (docs/architecture.md)
                store.settle_vectors(force=True)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(" ".join(f"{k}={v}" for k, v in report.items()))
    problems = report["orphan_vectors"] + report["missing_vectors"] + report["keyword_index_stale"] + \
        report["missing_cards"]
    if problems and args.no_repair:
        return 1
    print("repaired" if problems else "ok")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["check"]:
        return check(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__ + " Also: `python -m ingest check`.")
    parser.add_argument("sources", nargs="+", type=Path,
                        help="files or folders: .txt .md .html .htm .mhtml .pdf .png .jpg .docx .jsonl[.gz]")
    parser.add_argument("--store", type=Path, help="store directory (default: GONGZHI_STORE or ./data)")
    parser.add_argument("--prune", action="store_true", help="remove articles whose files are gone")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--defer-vectors", action="store_true",
                        help="store text, keyword index and cards now; embed later with `python -m ingest check` "
                             "(a large collection is searchable by keywords within minutes)")
    args = parser.parse_args(argv)
    settings = get_settings(store=args.store)
    if args.quiet:
        from ingest.formats.ocr import set_progress

        set_progress(lambda event: None)
    try:
        store = Store.open(settings)
        report = ingest_paths(args.sources, store, settings.ingest.chunk_chars, prune=args.prune,
                              progress=False if args.quiet else None, defer_vectors=args.defer_vectors)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report.summary())
    counts = store.counts()
    print(f"store {settings.store}: {counts['articles']} articles, {counts['chunks']} chunks, "
          f"{counts['vectors']} vectors" + ("" if counts["vectors"] >= counts["chunks"] else
                                            " (run `python -m ingest check` to embed the rest)"))
    return 1 if report.errors and not report.ingested and not report.unchanged else 0


if __name__ == "__main__":
    sys.exit(main())
