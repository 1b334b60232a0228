"""A sentence's role in its report read by structure (assistant/lead_role.py) and the order's features of it."""
from __future__ import annotations

import pytest

from assistant import lead_role, order
from assistant.extractive import Candidate
from assistant.question import parse_question

NAMES = ("purpose_open", "means", "cause", "background", "outlook", "evaluative_end", "dated_open", "recurring")


def _roles(sentence: str) -> set[str]:
    return {name for name, on in zip(NAMES, lead_role.roles(sentence)) if on}


@pytest.mark.parametrize("sentence, expected", [
    ("为确保报到不走过场，东胜区将在职党员报到情况作为实绩考核的重要内容。", {"purpose_open"}),
    ("通过建立三张清单，推动党员报到。", {"means"}),
    ("因李某逾期未偿还第三期借款，物业公司将其诉至法院。", {"cause"}),
    ("此后，李某逾期未偿还第三期借款，物业公司遂于今年4月将李某诉至法院。", {"cause"}),  # a consequence connective
    ("此前，李某向物业公司借款10万元。", {"background"}),
    ("原来是污水管因为锈蚀严重发生破损。", {"cause"}),  # 原来 "it turned out", not a background
    ("下一步，社区将进一步完善机制，切实提升居民的获得感和幸福感。", {"outlook"}),
    ("近日，社区开展活动，让居民的获得感、幸福感、安全感更加充实。", {"dated_open", "evaluative_end"}),
    ("2023年3月6日，江南豪庭社区开展环境整治。", {"dated_open"}),
    ("每个周一，江南豪庭社区便会组织网格员开展活动。", {"recurring"}),
])
def test_a_sentence_role_is_read_by_structure(sentence, expected):
    assert _roles(sentence) == expected


def test_a_consequence_connective_opening_the_sentence_states_no_reason_in_it():
    assert "cause" not in _roles("于是，社区组织了一次议事会。")


def _named(question: str, sentence: str, **flags) -> dict[str, float]:
    parsed = parse_question(question)
    cand = Candidate(0, 0, len(sentence), sentence, 1.0, **flags)
    return dict(zip(order.FEATURES, order.features(parsed, cand, 0, [cand], [], [])))


def test_the_order_reads_the_roles_by_the_kind_asked():
    why = _named("物业公司为什么把李某告上法院？", "因李某逾期未偿还借款，物业公司将其诉至法院。")
    how = _named("社区怎么保证报到不走过场？", "通过建立三张清单，推动党员报到。")
    assert why["cause"] == why["cause_x_why"] == 1.0 and why["means_x_how"] == 0.0
    assert how["means"] == how["means_x_how"] == 1.0 and how["cause_x_why"] == 0.0
    quoted = "江南豪庭社区的“每周一清”是哪天搞？"
    assert _named(quoted, "社区开展“每周一清”活动。")["asked_quoted"] == 1.0
    assert _named(quoted, "社区开展环境整治。")["asked_quoted"] == 0.0


def test_a_reason_said_by_a_consequence_connective_is_the_asked_kind_for_the_order_gate():
    question = parse_question("物业公司为什么把李某告上法院？")
    said = "此后，李某逾期未偿还第三期借款，物业公司遂于今年4月将李某诉至法院。"
    cand = Candidate(0, 0, len(said), said, 1.0)
    assert order.kind_flags(question, cand) == (True, False)
    other = "物业公司位于长江路。"
    assert order.kind_flags(question, Candidate(0, 0, len(other), other, 1.0)) == (False, False)
    assert order.kind_flags(parse_question("物业公司在哪里？"), cand) == (False, False)  # only why asks a reason
