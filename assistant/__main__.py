"""`python -m assistant ask|eval|articles`: the command-line face of the same answer function the web app uses."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from vectorstore.settings import get_settings
from vectorstore.store import Filters, Store, StoreError


def _filters(args: argparse.Namespace) -> Filters:
    return Filters(district=args.district, street=args.street, practice=args.practice,
                   date_from=args.date_from, date_to=args.date_to, source=args.source)


def _print_answer(answer) -> None:  # noqa: ANN001 - assistant.records.Answer
    print(answer.answer)
    if answer.citations:
        print()
        for c in answer.citations:
            s, e = c.span
            print(f"[{c.n}] {c.title} — {c.source}\n    {c.passage[s:e]}")
    elif answer.retrieved:
        print()
        for i, p in enumerate(answer.retrieved, 1):
            print(f"({i}) {p.title} — {p.source}")


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.answer import Assistant

    settings = get_settings(store=args.store)
    answer = Assistant(settings).ask(args.question, k=args.k, filters=_filters(args))
    if args.json:
        print(json.dumps(answer.model_dump(), ensure_ascii=False))
    else:
        _print_answer(answer)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from assistant.answer import Assistant
    from assistant.evaluate import load_questions, run

    settings = get_settings(store=args.store)
    assistant = Assistant(settings)
    questions = load_questions(args.file, split=args.split)
    for record in run(assistant, questions, k=args.k, mode=args.mode):
        if args.json:
            print(json.dumps(record, ensure_ascii=False), flush=True)
        elif "summary" in record:
            print(json.dumps(record["summary"], ensure_ascii=False, indent=2))
        else:
            c = record["checks"]
            print(f"{record['id']}: rank={c['rank']} grounded={record['grounded']} ok={c['grounded_ok']}")
    return 0


def cmd_articles(args: argparse.Namespace) -> int:
    store = Store.open(get_settings(store=args.store))
    for article in store.articles():
        record = {"id": article.id, "title": article.title, "source": article.source, "lang": article.lang,
                  "published": article.published, "place": article.place.model_dump(),
                  "practices": article.practices, "text": article.text, "original": article.original}
        if args.json:
            print(json.dumps(record, ensure_ascii=False))
        else:
            print(f"{article.id}  {article.title}  [{article.place.label()}] {','.join(article.practices)}"
                  f"  ({article.source})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--store", type=Path, help="store directory (default: GONGZHI_STORE or ./data)")
        p.add_argument("--json", action="store_true", help="machine-readable output")

    ask = sub.add_parser("ask", help="answer one question with citations")
    ask.add_argument("question")
    ask.add_argument("--k", type=int, default=5, help="passages to retrieve")
    for name in ("district", "street", "practice", "source"):
        ask.add_argument(f"--{name}")
    ask.add_argument("--date-from", help="YYYY[-MM[-DD]]")
    ask.add_argument("--date-to", help="YYYY[-MM[-DD]]")
    common(ask)
    ask.set_defaults(func=cmd_ask)

    ev = sub.add_parser("eval", help="evaluate on a question file (ours or RGB's)")
    ev.add_argument("file", type=Path)
    ev.add_argument("--k", type=int, default=5)
    ev.add_argument("--mode", choices=["hybrid", "dense", "bm25"], default="hybrid",
                    help="retriever to evaluate (dense/bm25: retrieval figures only)")
    ev.add_argument("--split", help="RGB split: dev or test")
    common(ev)
    ev.set_defaults(func=cmd_eval)

    arts = sub.add_parser("articles", help="list the articles in the store")
    common(arts)
    arts.set_defaults(func=cmd_articles)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
