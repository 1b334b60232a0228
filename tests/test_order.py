"""The learned order of quoted sentences (assistant/order.py) on the real seeds store: its weights, its
features, and that it only reorders an answer already decided."""
from __future__ import annotations

import json

import pytest

from assistant import order
from assistant.answer import sentence_terms
from assistant.extractive import Candidate, ranked
from assistant.grounding import assess
from assistant.question import parse_question

QUESTIONS = ("高华小区改造涉及多少户居民?", "共治金筹集了多少钱？", "共治金是什么？", "黄金城道步行街沿线有多少个小区和商铺?",
             "为什么老西门街道要建立自治家园？", "谁发起了共治金？")


def test_the_weights_are_numbers_for_the_features_the_code_computes():
    data = json.loads(order.WEIGHTS.read_text(encoding="utf-8"))
    assert data["features"] == list(order.FEATURES) and len(data["coef"]) == len(order.FEATURES)
    assert all(isinstance(c, float) for c in data["coef"]) and data["threshold"] > 0
    assert "calibration" in data["trained_on"] and "CC BY-SA" in data["trained_on"]
    assert data.get("past_gate") is None or data["past_gate"] > data["threshold"]  # past keeps_kind: a larger margin
    assert order._model() is not None


def _named(question: str, sentence: str, **flags) -> dict[str, float]:
    parsed = parse_question(question)
    cand = Candidate(0, 0, len(sentence), sentence, 1.0, **flags)
    return dict(zip(order.FEATURES, order.features(parsed, cand, 0, [cand], [], [])))


def test_a_sentence_restating_the_question_says_little_new_and_one_answering_adds_the_asked_figure():
    question = "八数字推盘的最优解至多有多少步？"
    echo = _named(question, "八数字推盘的最优解至多是难题。")
    answer = _named(question, "而八数字推盘的最优解至多有31步。")
    assert echo["restates"] >= 0.5 and echo["novel"] < 0.5 and echo["restates_only"] == 1.0
    assert echo["new_figure"] == 0.0 and answer["new_figure"] == 1.0 and answer["figure_x_new_figure"] == 1.0
    assert answer["common_share"] > 0.8 and answer["left_anchor"] == answer["right_anchor"] == 1.0


def test_a_figure_the_question_itself_says_is_not_new():
    named = _named("2019年社区有多少名志愿者？", "2019年社区志愿者队伍不断壮大。")
    assert named["new_figure"] == 0.0 and named["new_date"] == 0.0


def test_an_answer_says_the_question_on_both_sides_of_the_slot_it_fills():
    question = "劲松站呈什么走向？"
    answer = _named(question, "车站沿东三环南路呈南北走向布置。")
    other = _named(question, "劲松站是地下二层车站，两层三跨两柱联拱结构。")
    assert answer["left_run"] > 0 and answer["right_run"] == 2 / order._RUN and answer["both_runs"] == 1.0
    assert other["right_run"] == 0.0 and other["both_runs"] == 0.0


def test_a_date_asked_by_the_question_word_whatever_kind_the_parser_reads():
    question = "科索沃战争于何年结束？"
    dated = _named(question, "另外，1999年科索沃战争结束之后，科索沃地区实际脱离了塞尔维亚的管辖。")
    undated = _named(question, "战争结束后，科索沃转由北约和俄罗斯的维和部队所管辖。")
    assert dated["date_asked_x_new_date"] == 1.0 and undated["date_asked_x_new_date"] == 0.0
    counted = _named("社区有多少名志愿者？", "社区共有120名志愿者。")
    assert counted["figure_asked_x_new_figure"] == 1.0 and counted["date_asked_x_new_date"] == 0.0


def test_the_question_words_few_candidates_say_weigh_more_than_the_topic_all_say():
    # a report's background sentences restate the question's topic; the one answering says its focus
    question = "平凉路街道睦邻中心的志愿服务队里，负责前台引导签到的是哪个小朋友？"
    texts = ["平凉路街道睦邻中心组建起青少年志愿服务队。", "平凉路街道睦邻中心的志愿服务队由中小学生组成。",
             "蔡沁芯的工作岗位是前台引导，她热情引导大家签到登记。"]
    parsed = parse_question(question)
    cands = [Candidate(0, 0, len(t), t, 1.0) for t in texts]
    named = [dict(zip(order.FEATURES, order.features(parsed, c, at, cands, [], []))) for at, c in enumerate(cands)]
    assert order.asked_clause(parsed.normalised) == "负责前台引导签到的是哪个小朋友"
    assert named[2]["focus_best"] == 1.0 and named[2]["focus_only"] == 1.0 and named[2]["focus_share"] == 1.0
    assert named[0]["focus_share"] == named[0]["focus_only"] == 0.0
    # over the whole question, the topic's words count too, each less the more candidates say it
    assert 0 < named[0]["distinct_share"] < named[1]["distinct_share"]
    assert order.asked_clause("阳台顶棚塌了，修的钱该业主自己掏还是物业出？") == "修的钱该业主自己掏还是物业出"


def test_the_question_groups_the_order_reads():
    assert order.group(parse_question("共治金筹集了多少钱？")) == "one"
    assert order.group(parse_question("为什么老西门街道要建立自治家园？")) == "open"
    assert order.group(parse_question("How many households did the Gaohua renovation involve?")) is None
    two = parse_question("高华小区和海园小区分别有多少户居民？")
    assert two.two_parts and order.group(two) == "two"


@pytest.mark.parametrize("first, best, allowed", [
    ((True, False), (False, False), False),  # the asked kind of fact is not put behind a sentence without it
    ((True, True), (True, False), False),  # …nor the fact beside the asked word behind a sentence without it there
    ((False, True), (False, False), False),  # 哪笔钱: the sentence naming a thing of the asked kind
    ((True, True), (True, True), True), ((False, False), (True, False), True), ((False, False), (False, False), True),
])
def test_a_sentence_with_the_asked_kind_of_fact_is_not_put_behind_one_without_it(first, best, allowed):
    assert order.keeps_kind(first, best) is allowed


def _lead(assistant, question, answer, citations):
    grounding = assess(question, answer.retrieved, assistant.store.keyword_index(),
                       assistant.settings.answer.grounding_threshold)
    return order.lead(question, answer.retrieved, citations, sentence_terms(grounding.terms), grounding.weights)


def test_a_sentence_lacking_the_asked_count_leads_only_past_the_larger_margin(assistant):
    text = "高华小区改造涉及多少户居民?"
    question = parse_question(text, assistant.store.names_read_as)
    answer = assistant.ask(text)
    assert answer.grounded and "3926" in answer.citations[0].passage[slice(*answer.citations[0].span)]
    candidates = ranked(question, answer.retrieved)
    grounding = assess(question, answer.retrieved, assistant.store.keyword_index(),
                       assistant.settings.answer.grounding_threshold)
    coef, intercept, margin, _, past_gate = order._model()
    for cand in candidates[:order.CANDIDATES]:  # whichever candidate the composer had quoted first
        passage = answer.retrieved[cand.passage_rank]
        first = answer.citations[0].model_copy(update={"chunk_id": passage.chunk_id, "span": (cand.start, cand.end),
                                                       "passage": passage.passage})
        led = _lead(assistant, question, answer, [first])
        if led is None:
            continue
        moved = next(c for c in candidates if (c.passage_rank, c.start, c.end) == led)
        scores = {(c.passage_rank, c.start, c.end): v for v, c in order.scored(
            question, candidates, answer.retrieved, [first], coef, intercept, sentence_terms(grounding.terms),
            grounding.weights)}
        gap = scores[led] - scores[(cand.passage_rank, cand.start, cand.end)]
        assert gap >= margin
        if not order.keeps_kind((cand.typed, cand.near), (moved.typed, moved.near)):
            assert past_gate is not None and gap >= past_gate, answer.retrieved[led[0]].passage[led[1]:led[2]]


def test_english_how_and_why_questions_are_left_alone(assistant):
    for text in ("How many households did the Gaohua renovation involve?", "为什么老西门街道要建立自治家园？"):
        question = parse_question(text, assistant.store.names_read_as)
        answer = assistant.ask(text)
        assert _lead(assistant, question, answer, answer.citations) is None


def test_the_order_changes_no_decision_to_answer(assistant, monkeypatch):
    with_order = [assistant.ask(q) for q in QUESTIONS]
    monkeypatch.setattr(order, "_model", lambda: None)
    without = [assistant.ask(q) for q in QUESTIONS]
    for a, b in zip(with_order, without):
        assert (a.grounded, a.partial) == (b.grounded, b.partial)
        assert {(c.chunk_id, c.span) for c in b.citations} <= {(c.chunk_id, c.span) for c in a.citations}


def test_the_training_store_holds_no_paragraph_or_question_of_the_mrc_benchmark():
    """bench/train_order.py collect-train: the MRC paragraphs the answering benchmark never holds (its store's
    paragraphs, its questions' articles) and none of its questions."""
    import sys

    from conftest import SHARED, REPO

    if not (SHARED / "eval" / "mrc" / "cmrc2018_dev.json").exists():
        pytest.skip("the MRC files (../shared/eval/mrc) are not here")
    sys.path.insert(0, str(REPO / "bench"))
    import mrc_answering
    import train_order

    benchmark, asked = mrc_answering.select(1500)
    records, questions = train_order.training_paragraphs()
    assert len(records) > 1000 and len(questions) > 4000
    assert not {r["text"] for r in records} & {r["text"] for r in benchmark}
    asked_titles = {r["title"] for r in benchmark if any(q.expect == [r["id"]] for q in asked)}
    assert not {r["title"] for r in records} & asked_titles
    assert not {(q.q, q.answer_all[0]) for q in questions} & {(q.q, q.answer_all[0]) for q in asked}
    assert {q.split for q in questions} == {"train"} and all(q.expect[0].startswith("mrcx-") for q in questions)


@pytest.mark.parametrize("past_gate, leads_untyped", [(None, False), (20.0, False), (3.0, True)])
def test_past_the_gate_only_by_the_larger_margin(assistant, monkeypatch, past_gate, leads_untyped):
    """A model that strongly prefers sentences without the asked count (typed: −10): the gate stops them unless
    the weights' second margin lets so large a gap through."""
    text = "高华小区改造涉及多少户居民?"
    question = parse_question(text, assistant.store.names_read_as)
    answer = assistant.ask(text)
    candidates = ranked(question, answer.retrieved)[:order.CANDIDATES]
    assert candidates[0].typed and any(not c.typed for c in candidates)
    coef = [-10.0 if name == "typed" else 0.0 for name in order.FEATURES]
    monkeypatch.setattr(order, "_model", lambda: (coef, 0.0, 0.5, frozenset({"one", "two"}), past_gate))
    passage = answer.retrieved[candidates[0].passage_rank]
    first = answer.citations[0].model_copy(update={"chunk_id": passage.chunk_id, "passage": passage.passage,
                                                   "span": (candidates[0].start, candidates[0].end)})
    led = _lead(assistant, question, answer, [first])
    moved = next((c for c in candidates if (c.passage_rank, c.start, c.end) == led), None)
    assert (moved is not None and not moved.typed) is leads_untyped


def test_features_learned_on_top_keep_the_base_weights_in_proportion():
    """bench/train_order.py fit --on-top: the base model's weights are kept up to one learned scale; only the
    features after them are learned (here the one that tells the answers apart)."""
    import sys

    from conftest import REPO

    sys.path.insert(0, str(REPO / "bench"))
    import numpy as np
    import train_order

    rng = np.random.default_rng(0)
    base = [1.0, -0.5]
    rows = []
    for _ in range(40):
        x = rng.normal(size=(4, 3)).tolist()
        answer = int(rng.integers(4))
        x[answer][2] = 2.0  # the new feature marks the answer
        rows.append({"source": "mrc", "x": x, "y": [i == answer for i in range(4)]})
    coef, intercept = train_order._on_top(rows, 1.0, base)
    assert intercept == 0.0 and len(coef) == 3
    assert coef[0] / base[0] == pytest.approx(coef[1] / base[1]) and coef[2] > 0.5


def test_a_pair_few_candidates_say_counts_more_and_the_largest_share_is_marked():
    texts = ["社区议事会设于集装箱睦邻点。", "中港居委开展邻里活动。", "邻里议事会每月召开。"]
    shares = order.distinct("中港居委的邻里议事会在哪里开？", texts)
    # 中港/港居/居委 only the second says (1 each); 邻里, 议事, 事会 two say (1/2 each); 里议 only the third
    assert [best for _, best, _ in shares] == [0.0, 1.0, 0.0] and [only for *_, only in shares] == [0.0, 1.0, 1.0]
    assert shares[0][0] == pytest.approx(1 / 5.5) and shares[2][0] == pytest.approx(2.5 / 5.5)


def test_collected_rows_say_the_kind_asked_and_the_language(assistant):
    """bench/train_order.py's rows carry the parsed kind and whether the question is Chinese (fit's _outcome reads
    `chinese`); both once sat inside a comment, so every row read as Chinese."""
    import sys

    from conftest import REPO

    sys.path.insert(0, str(REPO / "bench"))
    import train_order
    from assistant.evaluate import Question

    rows = train_order._rows(assistant, [Question(id="t-1", q=QUESTIONS[0], answer_all=["3926"])], "pool", None)
    assert len(rows) == 1 and rows[0]["kind"] == "count" and rows[0]["chinese"] is True
    assert rows[0]["group"] == "one" and any(rows[0]["y"]) and len(rows[0]["x"][0]) == len(order.FEATURES)
