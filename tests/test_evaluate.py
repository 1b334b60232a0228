"""The evaluation on the pool question format: record ids in `expect`, splits, partial answers, and the
question files themselves (eval/pool_questions*.jsonl) checked against the reports they name."""
from __future__ import annotations

import gzip
import hashlib
import json
import random
import subprocess
import sys

import pytest

from assistant.evaluate import Question, checks, citation_miss, load_questions, matches, run, states
from assistant.records import Answer, Passage
from conftest import REPO, SHARED, seed

GOVERNANCE = SHARED / "corpus" / "governance"
NEWS = SHARED / "corpus" / "crud_news" / "news.jsonl.gz"
POOL_FILES = sorted((REPO / "eval").glob("pool_questions*.jsonl"))
DEV_IDS = [line.strip() for line in (GOVERNANCE / "dev_ids.txt").read_text(encoding="utf-8").splitlines()
           if line.strip()]
# Two reposts of one story (昆山花桥 微光驿站), and two unrelated pool reports.
WEIGUANG = ["crud-dup02-001995", "crud-dup04-001133"]
OTHERS = ["crud-dup06-002331", "crud-dup03-005725"]


@pytest.fixture(scope="module")
def pool_texts() -> dict[str, str]:
    """The development pool's records (id -> text), read from the news corpus as extract.py does."""
    wanted = set(DEV_IDS)
    found = {}
    with gzip.open(NEWS, "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record["id"] in wanted:
                found[record["id"]] = record["text"]
    assert len(found) == len(wanted), "dev_ids.txt names records the news corpus lacks"
    return found


def test_record_ids_in_expect_match_jsonl_sources_and_prefixes_still_match_files(pool_texts):
    question = Question(id="t", q="昆山花桥建了多少个微光驿站？", expect=WEIGUANG, must_any=["45个"])
    for rid in WEIGUANG:
        passage = Passage(chunk_id="c", article_id="a", title="", source=f"/pool/collection.jsonl#{rid}",
                          passage=pool_texts[rid], score=1.0)
        assert matches(question, passage), rid
    other = Passage(chunk_id="c", article_id="a", title="", source=f"/pool/collection.jsonl#{OTHERS[0]}",
                    passage=pool_texts[OTHERS[0]] + "45个", score=1.0)
    assert not matches(question, other), "another record must not match, whatever its text"
    no_fact = Passage(chunk_id="c", article_id="a", title="", source=f"/pool/collection.jsonl#{WEIGUANG[0]}",
                      passage="微光驿站内配有书桌、书架、空调、饮用水等", score=1.0)
    assert not matches(question, no_fact), "the right record without a must_any string is no hit"
    seed_question = Question(id="s", q="?", expect=["004"])
    seed_passage = Passage(chunk_id="c", article_id="a", title="", source=str(seed("004")), passage="x", score=1.0)
    assert matches(seed_question, seed_passage)
    assert not matches(seed_question, seed_passage.model_copy(update={"source": str(seed("003"))}))


def test_partial_answers_count_as_declined_not_answered():
    class PartialAnswer(Answer):  # the field the answer-decision work may add (issue 19)
        partial: bool = True

    citation_source = f"/pool/collection.jsonl#{WEIGUANG[0]}"
    sentence = "近日，昆山花桥经济开发区打造45个网格化联动工作室暨“微光驿站”。"
    answer = PartialAnswer(question="q", lang="zh", answer=sentence, grounded=True, citations=[{
        "n": 1, "article_id": "a", "title": "", "source": citation_source, "passage": sentence,
        "span": (0, len(sentence)), "chunk_id": "c"}])
    unanswerable = checks(Question(id="u", q="花了多少钱？"), answer)
    assert unanswerable["declined"] and unanswerable["partial"]
    how_many = Question(id="a", q="几个？", expect=WEIGUANG, must_any=["45个"], answer_all=["45个"])
    answerable = checks(how_many, answer)
    assert answerable["cites_expected"] and not answerable["answered_cited"]
    assert not answerable["first_cited_holds"]
    plain = Answer(**answer.model_dump(exclude={"partial"}))
    answered = checks(how_many, plain)
    assert answered["answered_cited"] and answered["first_cited_holds"]


def test_an_answer_not_cited_to_the_fact_says_which_report_it_cites():
    """citation_miss: the expected report's other chunk, another report stating the fact (a reprint), or another
    report; nothing for an answer cited to the fact or a declined one."""
    def answer(*cited: tuple[str, str], grounded: bool = True) -> Answer:
        return Answer(question="q", lang="zh", answer="…", grounded=grounded, citations=[
            {"n": n, "article_id": rid, "title": "", "source": f"/pool/collection.jsonl#{rid}", "passage": text,
             "span": (0, len(text)), "chunk_id": f"{rid}-{n}"} for n, (rid, text) in enumerate(cited, 1)])

    fact = "近日，昆山花桥经济开发区打造45个网格化联动工作室暨“微光驿站”。"
    lede = "微光驿站内配有书桌、书架、空调、饮用水等。"
    how_many = Question(id="a", q="几个？", expect=[WEIGUANG[0]], must_any=["45个"])
    assert citation_miss(how_many, answer((WEIGUANG[0], fact))) is None
    assert checks(how_many, answer((WEIGUANG[0], lede)))["miss"] == "same report"
    assert checks(how_many, answer((WEIGUANG[1], fact)))["miss"] == "states fact"
    assert checks(how_many, answer((OTHERS[0], lede), (WEIGUANG[0], lede)))["miss"] == "same report"
    assert checks(how_many, answer((OTHERS[0], lede)))["miss"] == "other report"
    assert citation_miss(how_many, answer((OTHERS[0], lede), grounded=False)) is None
    assert "miss" not in checks(how_many, answer((OTHERS[0], lede), grounded=False))


def test_a_comparison_counts_each_reports_first_quote_as_first(pool_texts):
    """Each side of a comparison opens its own bullet: its first quote counts, not only citation [1]."""
    def cite(n: int, rid: str, fact: str) -> dict:
        text = pool_texts[rid]
        sentence = next(s for s in text.replace("。", "。\n").splitlines() if fact in s)
        start = text.index(sentence)
        return {"n": n, "article_id": rid, "title": "", "source": f"/pool/collection.jsonl#{rid}",
                "passage": text, "span": (start, start + len(sentence)), "chunk_id": rid}

    paid_by = ["湖北省信访局", "海达物业公司"]
    first, second = cite(1, "crud-dup06-002331", paid_by[0]), cite(2, "crud-dup06-002637", paid_by[1])
    answer = Answer(question="q", lang="zh", answer="…", grounded=True, citations=[first, second])
    expect = ["crud-dup06-002331", "crud-dup06-002637"]
    compared = checks(Question(id="c", q="?", kind="comparison", expect=expect, answer_all=paid_by), answer)
    assert compared["first_cited_holds"]
    one_fact = checks(Question(id="f", q="?", kind="who", expect=expect, answer_all=paid_by), answer)
    assert not one_fact["first_cited_holds"], "a one-fact question's facts must all be in citation [1]"
    same_report = Answer(question="q", lang="zh", answer="…", grounded=True,
                         citations=[first, {**second, "article_id": first["article_id"]}])
    assert not checks(Question(id="c", q="?", kind="comparison", expect=expect, answer_all=paid_by),
                      same_report)["first_cited_holds"], "a second quote of the same report is not a first"


def test_facts_count_in_the_script_the_answer_is_shown_in(pool_texts):
    """A traditional-Chinese question is answered in traditional characters (opencc s2t of the report)."""
    import opencc

    sentence = next(s for s in pool_texts[WEIGUANG[0]].split("，") if "45个" in s)
    shown = opencc.OpenCC("s2t").convert(sentence)
    assert "45个" not in shown
    assert states("45个", shown) and states(["四十五个", "45个"], shown)
    assert not states("46个", shown)


def test_load_questions_names_the_file_line_and_field(tmp_path):
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"id": "x1", "q": "问题？", "expect": []}\n{"id": "x2", "expect": []}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"q\.jsonl:2: field q missing"):
        load_questions(bad)


SEEDED_SPLITS = {"pool_questions_g.jsonl": 20261206, "pool_questions_h.jsonl": 20261207}  # file -> seed of its split draw (eval/README.md)
STRATIFIED_SPLITS = {"pool_questions_i.jsonl": 20261208}  # file -> seed of its draw per kind family (eval/README.md)


def seeded_held_out(questions: list[dict], seed: int) -> set[str]:
    """The ids a file with a seeded split holds out: half (rounded down) of its answerable ids, then half of its
    unanswerable ids, each drawn in turn from the sorted ids by one random.Random(seed)."""
    rng = random.Random(seed)
    held: set[str] = set()
    for answerable in (True, False):
        ids = sorted(q["id"] for q in questions if bool(q["expect"]) == answerable)
        held |= set(rng.sample(ids, len(ids) // 2))
    return held


def kind_family(kind: str) -> str:
    """The stratum of a question of a file with a stratified split: unanswerable by missing fact (count, amount,
    person, other), answerable by phrasing (comparison, generic, crosslingual, traditional, paraphrase, why, fact)."""
    parts = kind.split("-")
    if parts[0] == "unanswerable":
        return "unanswerable-" + (parts[1] if parts[1] in ("count", "amount", "person") else "other")
    for name in ("comparison", "generic", "crosslingual", "traditional", "paraphrase"):
        if name in parts:
            return name
    return "why" if kind == "why" else "fact"


def stratified_held_out(questions: list[dict], seed: int) -> set[str]:
    """The ids a file with a stratified split holds out: per kind family, in the order of the family names, the
    family's sorted ids shuffled by one random.Random(seed) and the first half taken; odd families alternately
    round down and up, starting down."""
    rng = random.Random(seed)
    strata: dict[str, list[str]] = {}
    for q in questions:
        strata.setdefault(kind_family(q["kind"]), []).append(q["id"])
    held: set[str] = set()
    round_up = False
    for name in sorted(strata):
        ids = sorted(strata[name])
        rng.shuffle(ids)
        held |= set(ids[:len(ids) // 2 + (1 if len(ids) % 2 and round_up else 0)])
        if len(ids) % 2:
            round_up = not round_up
    return held


@pytest.mark.parametrize("path", POOL_FILES, ids=[p.name for p in POOL_FILES])
def test_pool_question_file_is_well_formed_and_quotes_its_reports(path, pool_texts):
    questions = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = [q["id"] for q in questions]
    assert len(ids) == len(set(ids)), "duplicate ids"
    held_out = seeded_held_out(questions, SEEDED_SPLITS[path.name]) if path.name in SEEDED_SPLITS else None
    if path.name in STRATIFIED_SPLITS:
        held_out = stratified_held_out(questions, STRATIFIED_SPLITS[path.name])
    for q in questions:
        if held_out is not None:
            expected_split = "heldout" if q["id"] in held_out else "calibration"
        else:
            expected_split = "heldout" if int(hashlib.sha1(q["id"].encode()).hexdigest(), 16) % 5 < 2 else "calibration"
        assert q["split"] == expected_split, (q["id"], "split must follow the rule in eval/README.md")
        assert q["kind"].startswith("unanswerable") == (not q["expect"]), q["id"]
        if not q["expect"]:
            continue
        unknown = [rid for rid in q["expect"] if rid not in pool_texts]
        assert not unknown, (q["id"], "expect names records outside dev_ids.txt", unknown)
        texts = [pool_texts[rid] for rid in q["expect"]]
        assert q["must_any"] and any(m in t for m in q["must_any"] for t in texts), (q["id"], "must_any")
        for fact in q.get("answer_all", []):
            alternatives = fact if isinstance(fact, list) else [fact]
            assert any(a in t for a in alternatives for t in texts), (q["id"], "answer_all not verbatim", fact)


@pytest.fixture(scope="module")
def pool_store(tmp_path_factory, pool_texts):
    """A real store of four pool records as JSONL (the format `python -m ingest` reads for the pool)."""
    from ingest.pipeline import ingest_paths
    from vectorstore.settings import get_settings
    from vectorstore.store import Store

    root = tmp_path_factory.mktemp("pool")
    collection = root / "collection.jsonl"
    collection.write_text("".join(json.dumps({"id": rid, "date": "", "text": pool_texts[rid]}, ensure_ascii=False)
                                  + "\n" for rid in WEIGUANG + OTHERS), encoding="utf-8")
    settings = get_settings(store=root / "store")
    store = Store.open(settings)
    report = ingest_paths([collection], store, settings.ingest.chunk_chars, progress=False)
    assert not report.errors, report.errors
    return store


POOL_QUESTIONS = [
    {"id": "t-1", "q": "昆山花桥经济开发区建了多少个“微光驿站”？", "kind": "howmany", "expect": WEIGUANG,
     "must_any": ["45个"], "answer_all": ["45个"], "split": "heldout"},
    {"id": "t-2", "q": "梅隐寺南大门小区路面“刷黑”的钱是谁出的？", "kind": "who", "expect": [OTHERS[0]],
     "must_any": ["湖北省信访局出资"], "split": "calibration"},
    {"id": "t-3", "q": "新华社区的时间银行是怎么运作的？", "kind": "howto", "expect": [OTHERS[1]],
     "must_any": ["时间存折"], "split": "calibration"},
]


def test_record_id_questions_get_recall_on_a_jsonl_store(pool_store, tmp_path):
    from assistant.answer import Assistant
    from vectorstore.settings import get_settings

    path = tmp_path / "q.jsonl"
    path.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in POOL_QUESTIONS), encoding="utf-8")
    assistant = Assistant(get_settings(store=pool_store.root), store=pool_store)
    records = list(run(assistant, load_questions(path), k=5))
    assert all(r["checks"]["rank"] is not None for r in records[:-1]), [r["checks"] for r in records[:-1]]
    summary = records[-1]["summary"]
    assert summary["recall@5"] == 1.0
    assert set(summary["by_split"]) == {"calibration", "heldout"}
    assert summary["by_split"]["heldout"]["answerable"] == 1 and summary["by_split"]["calibration"]["answerable"] == 2


def test_eval_cli_split_filter(pool_store, tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in POOL_QUESTIONS), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "assistant", "eval", str(path), "--split", "calibration",
                          "--store", str(pool_store.root), "--json"], cwd=REPO, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["id"] for r in lines[:-1]] == ["t-2", "t-3"]
    assert set(lines[-1]["summary"]["by_split"]) == {"calibration"}
    empty = subprocess.run([sys.executable, "-m", "assistant", "eval", str(path), "--split", "test",
                            "--store", str(pool_store.root)], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert empty.returncode == 2 and "no questions of split 'test'" in empty.stderr
