"""bench/answer_digest.py: one digest per question of the whole answer, and a comparison that names what differs."""
import json

from bench.answer_digest import _questions, compare, snapshot
from conftest import DEV_QUESTIONS


def test_the_same_code_on_the_same_store_writes_the_same_answers_and_a_changed_field_is_named(seeds_store, tmp_path):
    questions = tmp_path / "questions.jsonl"
    questions.write_text("\n".join(DEV_QUESTIONS.read_text(encoding="utf-8").splitlines()[:3]) + "\n", encoding="utf-8")
    rows = _questions([questions], scale=False)
    assert [qid for qid, _ in rows] == [f"questions.jsonl:{json.loads(line)['id']}"
                                        for line in questions.read_text(encoding="utf-8").splitlines()]
    before, after = tmp_path / "before.jsonl", tmp_path / "after.jsonl"
    snapshot(str(seeds_store.root), rows, before)
    snapshot(str(seeds_store.root), rows, after)
    records = [json.loads(line) for line in after.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 3 and {"answer", "citations", "retrieved"} <= records[0]["fields"].keys()
    # retrieval scores may move in their last digits between runs (the module's docstring): nothing else may
    assert all(fields <= {"retrieved", "scores"} for fields in _differing(compare(before, after)).values())

    records[1]["digest"], records[1]["fields"]["answer"] = "changed", "changed"  # as another version's answer
    after.write_text("\n".join(json.dumps(r) for r in records[:2]) + "\n", encoding="utf-8")
    differ = _differing(compare(before, after))
    assert "answer" in differ[records[1]["id"]] and differ[records[2]["id"]] == {"missing"}
    assert records[0]["id"] not in differ or differ[records[0]["id"]] <= {"retrieved", "scores"}


def _differing(lines: list[str]) -> dict[str, set[str]]:
    """compare's lines ("id (field field)") as id → the fields named."""
    return {line.rsplit(" (", 1)[0]: set(line.rsplit(" (", 1)[1].rstrip(")").split()) for line in lines}
