"""Calibrate the grounding threshold: coverage of answerable vs unanswerable questions.

Answerable: dev questions with `expect` on the seeds store; RGB dev questions on the RGB store.
Unanswerable: dev questions without `expect`, extra out-of-collection questions, and the RGB dev
questions asked of the seeds store (news about other places and topics).
Usage: python bench/calibrate_grounding.py --seeds-store DIR --rgb-store DIR [--split dev]
"""
from __future__ import annotations

import argparse
from pathlib import Path

from assistant.answer import Assistant
from assistant.evaluate import load_questions
from vectorstore.settings import get_settings
from data_paths import SHARED  # noqa: E402 - bench/ is on sys.path when run as a script
from report import save  # noqa: E402 - bench/ is on sys.path when run as a script

EXTRA_UNANSWERABLE = [
    "北京朝阳区的垃圾分类是怎么做的?", "How do residents in Tokyo set up an autonomy home?",
    "上海金珠农副实业有限公司的主导产品是什么?", "杭州西湖区的老旧小区加装电梯补贴是多少?",
    "What did the Paris city council decide about bike lanes?", "深圳南山区的智慧停车改造花了多少钱?",
    # a Shanghai place with no seed report, asked about a practice the seeds do describe (海园's fund)
    "徐家汇怎么筹集共治金？", "How did Xujiahui raise its co-governance fund?",
]
# Answerable, naming places the way users do: by a containing place, a bare area name, or in pinyin.
EXTRA_ANSWERABLE = [
    "上海百乐居民区怎么把能人请出来？", "静安区的商家怎么更新店招？", "How did Haiyuan raise its co-governance fund?",
    "Who helped Jiangqiu Xinyuan?", "社区共治金由哪些单位出资？",  # the report says 认领并设立, not 出资
]


def collect(assistant: Assistant, questions: list[str], answerable: bool, label: str) -> list[dict]:
    rows = []
    for q in questions:
        answer = assistant.ask(q)
        rows.append({"set": label, "answerable": answerable, "q": q, **answer.grounding.model_dump()})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds-store", type=Path, required=True)
    parser.add_argument("--rgb-store", type=Path, required=True)
    parser.add_argument("--split", default="dev")
    args = parser.parse_args()
    seeds = Assistant(get_settings(store=args.seeds_store))
    rgb = Assistant(get_settings(store=args.rgb_store))
    dev = load_questions(SHARED / "eval" / "dev_questions.jsonl")
    rgb_q = [q.q for q in load_questions(SHARED / "eval" / "rgb_zh" / "qa.jsonl", split=args.split)]
    rows = collect(seeds, [q.q for q in dev if q.expect] + EXTRA_ANSWERABLE, True, "seeds-dev")
    rows += collect(seeds, [q.q for q in dev if not q.expect] + EXTRA_UNANSWERABLE, False, "seeds-out")
    rows += collect(seeds, rgb_q, False, "rgb-on-seeds")
    rows += collect(rgb, rgb_q, True, "rgb-on-rgb")
    print(f"{'threshold':>9} " + " ".join(f"{s:>13}" for s in ("seeds-dev", "seeds-out", "rgb-on-seeds", "rgb-on-rgb")))
    for t in [x / 20 for x in range(6, 19)]:
        accs = []
        for label in ("seeds-dev", "seeds-out", "rgb-on-seeds", "rgb-on-rgb"):
            sel = [r for r in rows if r["set"] == label]
            ok = sum(1 for r in sel if ((not r["missing_entities"] and r["coverage"] >= t) == r["answerable"]))
            accs.append(f"{ok}/{len(sel)}")
        print(f"{t:>9.2f} " + " ".join(f"{a:>13}" for a in accs))
    save("grounding_calibration", rows)


if __name__ == "__main__":
    main()
