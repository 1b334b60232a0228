"""`gongzhi`: the one installed command (pyproject's [project.scripts]).

    gongzhi ingest SRC... | gongzhi check        add articles; verify and repair the store
    gongzhi ask|eval|articles|cases|course ...   questions, evaluation, cases, course material
    gongzhi serve                                the web app

Each subcommand is the `python -m ingest` / `python -m assistant` / `python app.py` it names, which keep working.
"""
from __future__ import annotations

import importlib
import sys

ASSISTANT_COMMANDS = ("ask", "eval", "articles", "cases", "course")
USAGE = __doc__.split("\n\n", 1)[1].split("\n\nEach", 1)[0]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command == "ingest":
        from ingest.__main__ import main as ingest_main

        return ingest_main(rest)
    if command == "check":
        from ingest.__main__ import main as ingest_main

        return ingest_main(["check", *rest])
    if command in ASSISTANT_COMMANDS:
        from assistant.__main__ import main as assistant_main

        return assistant_main(argv)
    if command == "serve":
        # app.py is the top-level entry point the customer asked for (installed as a py-module)
        return importlib.import_module("app").main()
    print("usage:\n" + USAGE, file=sys.stderr if command not in {"-h", "--help"} else sys.stdout)
    return 0 if command in {"-h", "--help"} else 2


if __name__ == "__main__":
    sys.exit(main())
