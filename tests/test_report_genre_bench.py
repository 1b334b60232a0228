"""bench/report_genre.py: its labels never include a held-out card row, and reports of one story share a fold."""
import json

from bench.report_genre import labelled_rows, story_groups
from conftest import REPO


def test_labels_are_pool_practice_tuning_and_distractor_rows_only():
    rows = labelled_rows()
    cards = [json.loads(line) for line in (REPO / "eval" / "pool_cards.jsonl").open(encoding="utf-8") if line.strip()]
    held_out = {r["id"] for r in cards if r["split"] == "heldout"}
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)) and not set(ids) & held_out
    governance = REPO.parent / "shared" / "corpus" / "governance"
    dev = {line.strip() for line in (governance / "dev_ids.txt").open() if line.strip()}
    distractors = {line.strip() for line in (governance / "distractor_ids.txt").open() if line.strip()}
    from_distractors = [r for r in rows if r.get("source") == "distractor"]
    assert {r["id"] for r in rows if r.get("source") != "distractor"} == dev - held_out  # every tunable pool report
    assert from_distractors and {r["id"] for r in from_distractors} <= distractors  # never a held-out pool report
    assert {r["id"] for r in labelled_rows(distractors=False)} == dev - held_out
    assert sum(not r["practice_report"] for r in rows if r.get("source") != "distractor") >= 9
    assert sum(not r["practice_report"] for r in from_distractors) >= 30


def test_reposts_and_near_copies_share_a_group():
    text = "街道联合居委会开展楼道整治，组建志愿者队伍，每周上门走访，清理楼道堆物。居委会召开议事会，制定了楼组公约。"
    rows = [{"id": "a"}, {"id": "b"}, {"id": "c", "story_of": "a"}, {"id": "d"}]
    texts = {"a": text, "b": "原标题：楼道整治" + text, "c": "另一篇报道，文字不同，讲同一件事。", "d": "完全不同的新闻，讲别的事情。"}
    groups = story_groups(rows, texts)
    assert groups[0] == groups[1] == groups[2] != groups[3]


def test_nested_rule_chooses_its_threshold_without_the_scored_fold():
    """On two well-separated classes the rule (margin × the lowest inner cross-validated practice score) refuses the
    carded no-practice reports of the unseen folds and keeps every practice report; with a margin far above 1 it
    starts refusing practice reports too — the figures come from the folds, not from a fixed answer."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from bench.report_genre import nested_rule

    rng = np.random.RandomState(0)
    n_practice, n_none = 60, 20
    x = np.vstack([rng.normal(2.0, 0.5, (n_practice, 2)), rng.normal(-2.0, 0.5, (n_none, 2))])
    y = np.array([1] * n_practice + [0] * n_none)
    carded = np.ones(len(y), dtype=bool)
    groups = np.arange(len(y))
    result = nested_rule(x, y, carded, groups, lambda a, b: LogisticRegression().fit(a, b), deals=2,
                         margins=(0.8, 20.0), inner=1)
    lost, caught = result[0.8]
    assert lost == 0 and caught == n_none
    assert result[20.0][0] > 0
