"""The store package is the only door to SQLite, and its code stays in small pieces."""
from __future__ import annotations

import ast
import re

from conftest import REPO

STORE_PACKAGE = REPO / "vectorstore" / "store"
SQLITE_USE = re.compile(r"\bimport sqlite3\b|\bsqlite3\.connect\b|\.db\.execute|\.executemany\(|kb\.sqlite\?")


def project_modules():
    """Every Python module of the application and its scripts (tests may inspect the database)."""
    yield REPO / "app.py"
    for folder in ("assistant", "ingest", "vectorstore", "bench", "eval"):
        yield from (REPO / folder).rglob("*.py")


def test_no_module_outside_the_store_package_touches_sqlite():
    offenders = [str(path.relative_to(REPO)) for path in project_modules()
                 if STORE_PACKAGE not in path.parents and SQLITE_USE.search(path.read_text(encoding="utf-8"))]
    assert offenders == [], f"raw SQLite outside vectorstore/store/: {offenders}; add a Store method instead"


def test_store_functions_are_short():
    long = []
    for path in STORE_PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > 80:
                long.append(f"{path.name}:{node.name}")
    assert long == []
