"""What each answer check earns and costs on calibration data: switch one off, count what changes.

For every calibration question — the pool's (eval/pool_questions*.jsonl, split calibration), the MRC
benchmark's calibration split (bench/mrc_answering.py) and RGB's dev split (bench/rgb_rejection.py: the
questions whose retrieved negatives hold no answer, asked on rgb-neg, which must be refused, and on rgb-all,
which must be answered) — the question is retrieved and grounded once, then answered under each setting of
Settings.answer.checks_off: none (as shipped), then each check of answer_type.VETOES alone, then any extra
combinations given. Per setting it counts:
- answerable questions answered (pool, pool-e, MRC: answered and cited from the expected report; RGB:
  answered on rgb-all);
- unanswerable questions declined (pool: refused or partial; RGB: not grounded on rgb-neg).
A check switched off can only let answers through: the gain is the false vetoes it stops costing, the loss
the true refusals it stops earning. Held-out rows are never read.

Usage: python bench/veto_ablation.py --pool-store S --mrc-store S --rgb-stores DIR [--only pool,mrc,rgb]
       [--combo focus+type ...]
Writes bench/results/veto_ablation.json (per question and setting: answered or not).
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.answer import Assistant
from assistant.answer_type import VETOES
from assistant.evaluate import checks, load_questions
from assistant.records import Answer
from vectorstore.settings import REPO_ROOT, get_settings
from data_paths import STORES, in_stores  # noqa: E402 - bench/ is on sys.path when run as a script
from report import save  # noqa: E402 - bench/ is on sys.path when run as a script


@dataclass
class Item:
    """One calibration question on one store: whether an answer to it is a good outcome."""
    source: str  # pool, mrc, rgb-neg, rgb-all
    id: str
    text: str
    answerable: bool
    assistant: Assistant
    good: Callable[[Answer], bool]


def pool_items(assistant: Assistant) -> list[Item]:
    items = []
    for path in sorted((REPO_ROOT / "eval").glob("pool_questions*.jsonl")):
        for q in load_questions(path, split="calibration"):
            key = "answered_cited" if q.expect else "declined"
            items.append(Item("pool-e" if path.stem.endswith("_e") else "pool", q.id, q.q, bool(q.expect), assistant,
                              lambda a, q=q, key=key: bool(checks(q, a)[key])))
    return items


def mrc_items(assistant: Assistant) -> list[Item]:
    from mrc_answering import select  # noqa: PLC0415 - loads the MRC files only when asked for

    _, questions = select(1500)
    return [Item("mrc", q.id, q.q, True, assistant, lambda a, q=q: bool(checks(q, a)["answered_cited"]))
            for q in questions if q.split == "calibration"]


def rgb_items(neg: Assistant, full: Assistant) -> list[Item]:
    from rgb_rejection import holds_answer, single_document_questions  # noqa: PLC0415

    items = []
    for q in single_document_questions("dev"):
        retrieved = neg.ask(q["question"]).retrieved  # RGB's rule: the subset whose negatives hold no answer
        if holds_answer(q["answer"], [p.passage for p in retrieved]):
            continue
        items.append(Item("rgb-neg", q["qid"], q["question"], False, neg, lambda a: not a.grounded))
        items.append(Item("rgb-all", q["qid"], q["question"], True, full, lambda a: a.grounded))
    return items


def answer_under(item: Item, off: str, prepared: dict) -> Answer:
    """The item's answer with the checks `off` (comma-separated) switched off; retrieval and grounding reused
    unless the names check (entity) is off, which grounds anew."""
    item.assistant.settings.answer.checks_off = off
    if "entity" in off.split(","):
        return item.assistant.ask(item.text)
    key = (id(item.assistant), item.text)
    if key not in prepared:
        prepared[key] = item.assistant._prepare(item.text, None, None)
    return item.assistant._extractive(*prepared[key])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pool-store", type=Path, required=True)
    parser.add_argument("--mrc-store", type=Path)
    parser.add_argument("--rgb-stores", type=Path)
    parser.add_argument("--only", default="pool,mrc,rgb")
    parser.add_argument("--combo", nargs="*", default=[], help="more settings: checks joined by + (focus+type)")
    parser.add_argument("--no-singles", action="store_true", help="skip switching each check off alone")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    items: list[Item] = []
    if "pool" in parts:
        items += pool_items(Assistant(get_settings(store=args.pool_store)))
    if "mrc" in parts:
        if args.mrc_store is None or not in_stores(args.mrc_store, "mrc-"):
            sys.exit(f"--mrc-store: a built directory {STORES}/mrc-* (GONGZHI_BENCH_STORES)")
        items += mrc_items(Assistant(get_settings(store=args.mrc_store)))
    if "rgb" in parts:
        if args.rgb_stores is None:
            sys.exit("--rgb-stores: the directory holding rgb-neg and rgb-all")
        items += rgb_items(Assistant(get_settings(store=args.rgb_stores / "rgb-neg")),
                           Assistant(get_settings(store=args.rgb_stores / "rgb-all")))
    settings = ["", *([] if args.no_singles else VETOES), *(c.replace("+", ",") for c in args.combo)]
    prepared: dict = {}
    outcome: dict[str, dict[str, bool]] = {}
    started = time.perf_counter()
    for off in settings:
        outcome[off] = {f"{i.source}/{i.id}": i.good(answer_under(i, off, prepared)) for i in items}
        print(f"  {off or '(none off)'}: {time.perf_counter() - started:.0f} s", flush=True)
    columns = list(dict.fromkeys((i.source, i.answerable) for i in items))
    print(f"\n{len(items)} calibration items; per setting, good outcomes (answerable: answered, unanswerable: "
          f"declined) and the change from the checks as shipped")
    print(f"{'off':18}" + "".join(f"{s + (' ans' if a else ' dec'):>16}" for s, a in columns))
    base = outcome[""]
    for off in settings:
        cells = []
        for s, a in columns:
            keys = [f"{i.source}/{i.id}" for i in items if i.source == s and i.answerable == a]
            n = sum(outcome[off][k] for k in keys)
            delta = n - sum(base[k] for k in keys)
            cells.append(f"{n}/{len(keys)}" + (f" ({delta:+d})" if off else ""))
        print(f"{off or '(none off)':18}" + "".join(f"{c:>16}" for c in cells))
    save("veto_ablation", {"settings": settings, "items": [{"source": i.source, "id": i.id, "answerable": i.answerable}
                                                             for i in items], "outcome": outcome})


if __name__ == "__main__":
    main()
