"""Calibrate the semantic match of question and sentence (assistant/semantic.py) on the pool's calibration split.

Usage: python bench/semantic_sweep.py --store S [--split calibration] [--set extractive.SEMANTIC_WEIGHT=0.2,0.4 ...]

Asks the pool questions (eval/pool_questions*.jsonl) of one split once per combination of the module
constants given (`module.NAME=v1,v2`; modules: extractive, answer_type, semantic), in one process: the sentence
vectors are embedded on the first pass and read from the process's cache after. `--set off` adds a run
with the semantic match turned off. Prints bench/pool_eval.py's figures per combination. Tune on
calibration; read held-out once, with the chosen constants, from bench/pool_eval.py.
"""
from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

from assistant import answer_type, extractive, semantic
from assistant.answer import Assistant
from assistant.evaluate import load_questions, run
from pool_eval import DEFAULT_STORE, figures, fmt  # noqa: E402 - bench/ is on sys.path when run as a script
from vectorstore.settings import REPO_ROOT, get_settings

MODULES = {"extractive": extractive, "answer_type": answer_type, "semantic": semantic}


def settings_grid(assignments: list[str]) -> list[dict[tuple[str, str], float]]:
    """`extractive.SEMANTIC_WEIGHT=0.2,0.4` … → every combination of the values."""
    axes = []
    for item in assignments:
        name, _, values = item.partition("=")
        module, _, constant = name.partition(".")
        if module not in MODULES or not hasattr(MODULES[module], constant):
            sys.exit(f"{name}: not a constant of {', '.join(MODULES)}")
        axes.append([((module, constant), float(v)) for v in values.split(",")])
    return [dict(combo) for combo in itertools.product(*axes)] if axes else [{}]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE)
    parser.add_argument("--split", default="calibration")
    parser.add_argument("--set", dest="assignments", nargs="*", default=[])
    parser.add_argument("--off", action="store_true", help="also run with the semantic match off")
    args = parser.parse_args()
    questions = [q for path in sorted((REPO_ROOT / "eval").glob("pool_questions*.jsonl"))
                 for q in load_questions(path, args.split)]
    assistant = Assistant(get_settings(store=args.store))
    plain = Assistant(get_settings(store=args.store, semantic_match=False), store=assistant.store)
    runs = [("off", plain, {})] if args.off else []
    runs += [("on", assistant, grid) for grid in settings_grid(args.assignments)]
    defaults = {(m, c): getattr(MODULES[m], c) for _, _, grid in runs for m, c in grid}
    print(f"{len(questions)} {args.split} questions; store {args.store}")
    print(f"{'run':52} {'answered+cited':>15} {'declined':>12} {'answer_all':>12} {'first cited':>12}")
    for label, engine, grid in runs:
        for (module, constant), value in {**defaults, **grid}.items():
            setattr(MODULES[module], constant, value)
        rows = [{"seconds": 0.0, **record["checks"]} for record in run(engine, questions, k=5) if "checks" in record]
        f = figures(rows)
        name = label + " " + " ".join(f"{c}={v:g}" for (_, c), v in grid.items())
        print(f"{name:52} {fmt(f['answered_cited']):>15} {fmt(f['declined']):>12} {fmt(f['answer_all']):>12} "
              f"{fmt(f['first_cited_holds']):>12}", flush=True)
    print(f"sentences embedded: {assistant.sentence_vectors.embedded}")


if __name__ == "__main__":
    main()
