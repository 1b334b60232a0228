"""`python -m assistant ask|eval|articles|cases|course`: the command-line face of the same answer function
the web app uses."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.cases import ACTOR_TYPES
from assistant.export import REFERENCE_STYLES
from assistant.retrieve import Mode
from vectorstore.settings import get_settings
from vectorstore.store import Filters, Store, StoreError


def _filters(args: argparse.Namespace) -> Filters:
    return Filters.of(district=args.district, street=args.street, practice=args.practice,
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
    assistant = Assistant(settings)
    answer = assistant.ask(args.question, k=args.k, filters=_filters(args))
    if args.refs:
        from assistant.export import references

        articles = [assistant.store.article(c.article_id) for c in answer.citations]
        print(references([a for a in articles if a], args.refs), end="")
        return 0
    if args.json:
        print(json.dumps(answer.model_dump(), ensure_ascii=False))
    else:
        _print_answer(answer)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from assistant.answer import Assistant
    from assistant.evaluate import load_questions, run

    try:
        questions = load_questions(args.file, split=args.split)
    except (OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if not questions:
        print(f"error: {args.file} has no questions" + (f" of split {args.split!r}" if args.split else ""),
              file=sys.stderr)
        return 2
    settings = get_settings(store=args.store)
    assistant = Assistant(settings)
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
                  "practices": article.practices, "text": article.text, "original": article.original,
                  "also_sources": store.also_sources(article.source),
                  "reprints": [other for other, _ in store.near_duplicates(article.id)]}
        if args.json:
            print(json.dumps(record, ensure_ascii=False))
        else:
            print(f"{article.id}  {article.title}  [{article.place.label()}] {','.join(article.practices)}"
                  f"  ({article.source})")
    return 0


def cmd_cases(args: argparse.Namespace) -> int:
    from assistant.answer import Assistant
    from assistant.cases import CaseQuery, card_json, card_row, compare, search_cases
    from assistant.export import cases_csv, cases_xlsx, references

    assistant = Assistant(get_settings(store=args.store))
    query = CaseQuery(district=args.district, street=args.street, practice=args.practice, year=args.year,
                      actor=args.actor, funding=args.funding, query=args.query)
    cards = search_cases(assistant.retriever, query, limit=args.limit)
    if args.csv:
        args.csv.write_text(cases_csv(cards), encoding="utf-8")
    if args.xlsx:
        cases_xlsx(cards, args.xlsx)
    if args.refs:
        articles = [assistant.store.article(c.article_id) for c in cards]
        print(references([a for a in articles if a], args.refs), end="")
    elif args.compare:
        for row in compare(cards[: args.compare]):
            print(json.dumps(row, ensure_ascii=False) if args.json else " | ".join(row.values()))
    elif args.json:
        for card in cards:
            print(json.dumps(card_json(card), ensure_ascii=False))
    else:
        for card in cards:
            row = card_row(card)
            print(f"{row['title']}  [{row['district']} {row['street']}] {row['year']}  {row['practices']}")
            if row["funding"]:
                print(f"    资金: {row['funding']}")
    return 0


def cmd_course(args: argparse.Namespace) -> int:
    from assistant.answer import Assistant
    from assistant.course import build_course, to_docx, to_markdown

    course = build_course(Assistant(get_settings(store=args.store)), args.topic, max_cases=args.cases)
    if args.out is None or args.out.suffix.lower() == ".md":
        markdown = to_markdown(course)
        if args.out is None:
            print(markdown)
        else:
            args.out.write_text(markdown, encoding="utf-8")
    elif args.out.suffix.lower() == ".docx":
        to_docx(course, args.out)
    else:
        print("error: --out must end in .md or .docx", file=sys.stderr)
        return 2
    if args.out is not None:
        print(f"{args.out}: {len(course.cases)} cases, {len(course.articles)} references")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--store", type=Path, help="store directory (default: GONGZHI_STORE or ./data)")
        p.add_argument("--json", action="store_true", help="machine-readable output")

    ask = sub.add_parser("ask", help="answer one question with citations")
    ask.add_argument("question")
    ask.add_argument("--k", type=int, help="passages to retrieve (default: GONGZHI_TOP_K)")
    for name in ("district", "street", "practice", "source"):
        ask.add_argument(f"--{name}")
    ask.add_argument("--date-from", help="YYYY[-MM[-DD]]")
    ask.add_argument("--date-to", help="YYYY[-MM[-DD]]")
    ask.add_argument("--refs", choices=list(REFERENCE_STYLES), help="print the answer's references")
    common(ask)
    ask.set_defaults(func=cmd_ask)

    ev = sub.add_parser("eval", help="evaluate on a question file (ours or RGB's)")
    ev.add_argument("file", type=Path)
    ev.add_argument("--k", type=int, help="passages to retrieve (default: GONGZHI_TOP_K)")
    ev.add_argument("--mode", choices=[m.value for m in Mode], default=Mode.HYBRID.value,
                    help="retriever to evaluate (dense/bm25: retrieval figures only)")
    ev.add_argument("--split", help="only the questions of this split: RGB's dev or test, "
                    "the pool questions' calibration or heldout (eval/README.md)")
    common(ev)
    ev.set_defaults(func=cmd_eval)

    arts = sub.add_parser("articles", help="list the articles in the store")
    common(arts)
    arts.set_defaults(func=cmd_articles)

    cases = sub.add_parser("cases", help="search practice cards (cases)")
    for name in ("district", "street", "practice", "year", "query"):
        cases.add_argument(f"--{name}")
    cases.add_argument("--actor", choices=ACTOR_TYPES)
    cases.add_argument("--funding", action="store_true", help="only cases with a funding amount")
    cases.add_argument("--limit", type=int, default=50)
    cases.add_argument("--compare", type=int, metavar="N", help="side-by-side comparison of the first N (2-4)")
    cases.add_argument("--csv", type=Path, help="write the table as CSV")
    cases.add_argument("--xlsx", type=Path, help="write the table as XLSX")
    cases.add_argument("--refs", choices=list(REFERENCE_STYLES), help="print the references")
    common(cases)
    cases.set_defaults(func=cmd_cases)

    course = sub.add_parser("course", help="build course material on a topic")
    course.add_argument("topic")
    course.add_argument("--out", type=Path, help="FILE.md or FILE.docx (default: Markdown to stdout)")
    course.add_argument("--cases", type=int, default=5, help="at most this many cases (2-5)")
    common(course)
    course.set_defaults(func=cmd_course)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
