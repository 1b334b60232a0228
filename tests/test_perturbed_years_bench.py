"""bench/perturbed_years.py's shifting of a question's year or 第N届 ordinal to one no answer-bearing passage states."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
bench = pytest.importorskip("perturbed_years")


def test_chinese_ordinal_numerals_round_trip():
    for value in (1, 9, 10, 11, 20, 23, 100, 105, 110, 999):
        assert bench.cn_value(bench.cn_numeral(value)) == value
    assert bench.cn_numeral(11) == "十一" and bench.cn_numeral(105) == "一百零五"
    assert bench.cn_value("14") == 14 and bench.cn_value("两") == 2 and bench.cn_value("届") is None


def test_a_shift_skips_the_years_and_editions_the_answer_bearing_passage_states():
    bearing = ["2021年上海市GDP为43214.85亿元，比2022年少。第十四届运动会在陕西举行，第十三届在天津。"]
    shifted = list(bench.perturb("上海2021年的GDP是多少", bearing))
    assert [q for _, _, q in shifted][:2] == ["上海2020年的GDP是多少", "上海2023年的GDP是多少"]
    ordinal = [q for kind, _, q in bench.perturb("第十四届全运会在哪里举行？", bearing) if kind == "ordinal"]
    assert ordinal[0] == "第十五届全运会在哪里举行？" and "第十三届全运会在哪里举行？" not in ordinal
    assert not list(bench.perturb("全运会在哪里举行？", bearing))
