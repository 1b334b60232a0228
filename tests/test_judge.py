"""The answer judge (assistant/judge.py) on the real seeds store: its weights, its features, its veto."""
from __future__ import annotations

import json

from assistant import judge
from assistant.grounding import assess
from assistant.question import parse_question


def _scored(assistant, text: str, citations=None, passages=None) -> list[float]:
    """The judge's score of each quoted window of the answer to `text` (or of the given citations)."""
    question = parse_question(text, assistant.store.names_read_as)
    answer = assistant.ask(text)
    citations = answer.citations if citations is None else citations
    passages = answer.retrieved if passages is None else passages
    grounding = assess(question, passages, assistant.store.keyword_index(),
                       assistant.settings.answer.grounding_threshold)
    return [judge.window_score(question, grounding.terms, grounding.weights, w)
            for w in judge.candidates(citations, passages)]


def test_the_weights_are_numbers_for_the_features_the_code_computes():
    data = json.loads(judge.WEIGHTS.read_text(encoding="utf-8"))
    assert data["features"] == list(judge.FEATURES)
    assert len(data["coef"]) == len(judge.FEATURES)
    assert all(isinstance(c, float) for c in data["coef"]) and 0.0 < data["threshold"] < 1.0
    assert "CC BY-SA" in data["trained_on"]  # the training data's licence travels with the weights
    assert judge._model() is not None


def test_a_quoted_sentence_giving_the_asked_count_passes_the_judge(assistant):
    answer = assistant.ask("高华小区改造涉及多少户居民?")
    assert answer.grounded and not answer.partial and "3926" in answer.answer
    assert max(_scored(assistant, "高华小区改造涉及多少户居民?")) >= judge._model()[2]


def test_the_same_window_scores_lower_for_a_question_about_another_year(assistant):
    # The question with a year the window does not give (a changed qualifier, as the training negatives).
    asked = max(_scored(assistant, "高华小区改造涉及多少户居民?"))
    answer = assistant.ask("高华小区改造涉及多少户居民?")
    other = max(_scored(assistant, "1998年高华小区改造涉及多少户居民?", answer.citations, answer.retrieved))
    assert other < asked


def test_how_and_why_questions_are_not_judged(assistant):
    question = parse_question("共治金是什么？怎么运作？", assistant.store.names_read_as)
    assert question.expected is None
    assert judge.supports(question, [], [], [], [])  # nothing quoted, nothing to judge: the answer stands


def test_a_vetoed_answer_is_partial_with_the_judges_reason(assistant, monkeypatch):
    coef, intercept, _ = judge._model()
    monkeypatch.setattr(judge, "_model", lambda: (coef, intercept, 1.0))  # no window can reach a score of 1
    answer = assistant.ask("高华小区改造涉及多少户居民?")
    assert not answer.grounded and answer.partial and answer.citations
    assert answer.grounding.answer_type.reason == "judge"


# --- the picker: the learned score picks the sentence quoted first (bench/train_judge.py pick) -------------

def _gaohua(assistant):
    from assistant.answer import sentence_terms

    text = "高华小区改造涉及多少户居民?"
    question = parse_question(text, assistant.store.names_read_as)
    answer = assistant.ask(text)
    grounding = assess(question, answer.retrieved, assistant.store.keyword_index(),
                       assistant.settings.answer.grounding_threshold)
    return question, answer, sentence_terms(grounding.terms), grounding.weights


def test_the_picker_weights_are_numbers_for_the_judges_features():
    data = json.loads(judge.PICKER.read_text(encoding="utf-8"))
    assert data["features"] == list(judge.FEATURES) and len(data["coef"]) == len(judge.FEATURES)
    assert "CC BY-SA" in data["trained_on"] and 0.0 <= data["threshold"] < 1.0
    assert judge._picker() is not None


def test_the_picker_puts_the_sentence_with_the_asked_count_before_the_reports_background(assistant):
    from ingest.chunk import sentence_spans

    question, answer, terms, weights = _gaohua(assistant)
    quoted = answer.citations[0]
    passage = next(p for p in answer.retrieved if p.chunk_id == quoted.chunk_id)
    rank = answer.retrieved.index(passage)
    for start, end in sentence_spans(passage.passage):
        if (start, end) == quoted.span:  # the sentence with 3926户 quoted first: nothing to move
            assert judge.pick(question, terms, weights, [quoted], answer.retrieved) is None
            continue
        # had the composer quoted the lede or the estate's history first, the picker would move the count up
        background = quoted.model_copy(update={"span": (start, end)})
        assert judge.pick(question, terms, weights, [background], answer.retrieved) == (rank, *quoted.span)


def test_the_picker_leaves_what_questions_and_two_part_ones_alone(assistant):
    question = parse_question("共治金是什么？", assistant.store.names_read_as)
    answer = assistant.ask("共治金是什么？")
    assert judge.pick(question, list(question.terms), [1.0] * len(question.terms), answer.citations,
                      answer.retrieved) is None


def test_a_picked_sentence_quoted_further_down_moves_up_and_the_numbers_follow(assistant):
    from assistant.answer import _picked_first

    answer = assistant.ask("共治金筹集了多少钱？")  # two quoted sentences
    assert len(answer.citations) == 2
    second = answer.citations[1]
    rank = next(i for i, p in enumerate(answer.retrieved) if p.chunk_id == second.chunk_id)
    text, citations = _picked_first(answer.answer, answer.citations, answer.retrieved, (rank, *second.span))
    body = text.split("\n\n", 1)[1].splitlines()
    assert body[0].endswith("[1]") and second.passage[slice(*second.span)] in body[0]
    assert [c.n for c in citations] == [1, 2] and (citations[0].chunk_id, citations[0].span) == (
        second.chunk_id, second.span)


def test_the_clause_features_read_the_clause_of_the_asked_fact(assistant):
    question, answer, terms, weights = _gaohua(assistant)
    window = judge.candidates(answer.citations, answer.retrieved)[0]
    named = dict(zip(judge.FEATURES, judge.features(question, terms, weights, window)))
    assert named["clause_coverage"] > 0 and named["asked_year_in_sentence"] == 1.0  # no year asked
    other = parse_question("1998年高华小区改造涉及多少户居民?", assistant.store.names_read_as)
    named = dict(zip(judge.FEATURES, judge.features(other, terms, weights, window)))
    assert named["asked_year_in_sentence"] == 0.0  # the sentence gives no 1998


# --- switching checks off (Settings.answer.checks_off, bench/veto_ablation.py) and the learned veto's inputs ----

def test_a_check_switched_off_no_longer_vetoes(assistant, monkeypatch):
    asked = "高华小区一季度改造涉及多少户居民?"  # the report gives no first-quarter figure
    answer = assistant.ask(asked)
    assert answer.partial and answer.grounding.answer_type.reason == "period"
    monkeypatch.setattr(assistant.settings.answer, "checks_off", "period")
    answer = assistant.ask(asked)
    assert answer.grounded and not answer.partial and "3926" in answer.answer


def test_the_judge_switched_off_and_the_next_check_vetoes(assistant, monkeypatch):
    asked = "1998年高华小区改造涉及多少户居民?"
    assert assistant.ask(asked).grounding.answer_type.reason == "year"
    monkeypatch.setattr(assistant.settings.answer, "checks_off", "year")
    assert assistant.ask(asked).grounding.answer_type.reason == "judge"  # the judge vetoes what the year let by
    monkeypatch.setattr(assistant.settings.answer, "checks_off", "year, judge")
    answer = assistant.ask(asked)
    assert answer.grounded and not answer.partial


def test_an_unknown_check_is_refused():
    import pytest

    from assistant.answer_type import checks_off

    with pytest.raises(ValueError, match="unknown checks"):
        with checks_off(["foucs"]):
            pass


def test_the_missing_name_refusal_can_be_switched_off(assistant, monkeypatch):
    from assistant.answer_type import VETOES

    question = parse_question("北京朝阳区的共治金是怎么运作的？", assistant.store.names_read_as)
    passages = assistant.retriever.retrieve(question)
    index = assistant.store.keyword_index()
    strict = assess(question, passages, index, 0.0)
    assert strict.missing_entities and not strict.grounded
    assert assess(question, passages, index, 0.0, names_required=False).grounded  # coverage alone decides
    assert "entity" in VETOES and "judge" in VETOES


def test_every_failed_check_of_the_best_quote_is_listed_first_one_as_qualifies(assistant):
    from assistant.answer import sentence_terms
    from assistant.answer_type import failed_checks, failures, qualifies

    text = "1998年高华小区一季度改造涉及多少户居民?"
    question = parse_question(text, assistant.store.names_read_as)
    answer = assistant.ask(text)
    grounding = assess(question, answer.retrieved, assistant.store.keyword_index(), 0.0)
    terms = sentence_terms(grounding.terms, grounding.unshown_terms)
    failed = failed_checks(question, terms, grounding.weights, answer.citations, answer.retrieved)
    assert {"year", "period"} <= failed
    by_chunk = {p.chunk_id: p for p in answer.retrieved}
    for c in answer.citations:
        passage = by_chunk[c.chunk_id]
        every = list(failures(question, "count", terms, grounding.weights, passage, *c.span))
        assert qualifies(question, "count", terms, grounding.weights, passage, *c.span) == (every[0] if every else "")


def test_the_checks_off_setting_reads_a_comma_separated_list_from_the_environment(monkeypatch):
    from vectorstore.settings import AnswerSettings

    assert AnswerSettings().checks_off_set() == frozenset()  # every check on as shipped
    monkeypatch.setenv("GONGZHI_CHECKS_OFF", "period, judge")
    assert AnswerSettings().checks_off_set() == {"period", "judge"}


def test_the_figures_owner_is_a_name_of_its_own_clause_not_the_last_one_listed_before_it():
    question = parse_question("高华小区改造涉及多少户居民?")
    listed = "街道还修缮了长宁路和春天里小区的花园，改造共涉及3926户居民。"  # 春天里 ends the clause before
    assert judge._slot_owner(question, listed, listed.index("3926")) == (0.0, 0.0)
    owned = "春天里小区改造共涉及3926户居民。"  # another estate's figure: 春天里 is its clause's subject
    assert judge._slot_owner(question, owned, owned.index("3926")) == (0.0, 1.0)
    dated = "2019年，春天里小区改造共涉及3926户居民。"
    other_year = parse_question("2020年高华小区改造涉及多少户居民?")
    assert judge._slot_owner(other_year, dated, dated.index("3926"))[0] == 1.0  # a year before a comma still dates it


def test_the_window_counts_the_subject_names_its_report_gives_elsewhere():
    # A report names its subject once, often in another chunk than the fact's: the answer-type check reads the
    # whole report for the names (answer_type.names_subject), and so does the judge's window.
    from assistant.records import Citation, Passage  # noqa: PLC0415

    question = parse_question("宝林二村加装电梯的钱是谁出的？")
    terms = list(question.terms)
    weights = [5.0] * len(terms)
    chunk = "居委会、业委会和物业公司商讨对策，形成业委会出资加装电梯的方案。随后各方分工，一个月内完工。"
    passage = Passage(chunk_id="r#2", article_id="r", title="加装电梯有了新办法", source="t", passage=chunk, score=1.0)
    cited = Citation(n=1, article_id="r", title=passage.title, source="t", passage=chunk,
                     span=(0, chunk.index("。") + 1), chunk_id="r#2")
    report = "宝林二村是上世纪九十年代的老小区。\n" + chunk
    [alone] = judge.candidates([cited], [passage])
    [read] = judge.candidates([cited], [passage], terms, {"r": report})
    assert alone.named == "" and read.named.split() == ["宝林", "二村"]  # the names, not 加装电梯 (shown already)
    assert read.text == alone.text and read.shown.endswith("宝林 二村")
    assert judge.window_score(question, terms, weights, read) > judge.window_score(question, terms, weights, alone)
    [elsewhere] = judge.candidates([cited], [passage], terms, {"r": "高华小区是老小区。\n" + chunk})
    assert elsewhere.named == ""  # a report that does not name the subject adds nothing


# --- the seek before the judge's veto (answer_type.seek_fact, Assistant._seek) -------------------------------

def test_the_seek_finds_the_sentence_passing_every_check_that_no_quote_is():
    from assistant.answer_type import seek_fact
    from assistant.records import Citation, Passage

    asked = parse_question("高华小区新增了多少个停车位？")
    text = "高华小区召开居民议事会，讨论停车难题。经过协商，高华小区新增了120个停车位。"
    passage = Passage(chunk_id="c1", article_id="a1", title="高华小区破解停车难", source="s", passage=text, score=1.0)
    weights = [1.0] * len(asked.terms)
    found = seek_fact(asked, asked.terms, weights, [passage], [])
    assert found is not None and text[found.start:found.end] == "经过协商，高华小区新增了120个停车位。"
    quoted = Citation(n=1, article_id="a1", title=passage.title, source="s", passage=text,
                      span=(found.start, found.end), chunk_id="c1")
    assert seek_fact(asked, asked.terms, weights, [passage], [quoted]) is None  # quoted already: nothing to seek
    # the 议事会 sentence gives no count: an untyped question seeks nothing either
    assert seek_fact(parse_question("高华小区为什么要新增停车位？"), asked.terms, weights, [passage], []) is None


def test_a_sought_sentence_the_judge_does_not_support_leaves_the_veto(assistant, monkeypatch):
    from assistant import answer as answer_module

    calls = []
    monkeypatch.setattr(answer_module, "supports", lambda *args, **kwargs: calls.append(args[3]) or False)
    answer = assistant.ask("高华小区改造涉及多少户居民?")
    assert answer.partial and answer.grounding.answer_type.reason == "judge" and calls
