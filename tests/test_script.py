"""The one definition of a Chinese character and its runs (vectorstore/script.py)."""
from __future__ import annotations

import re

from vectorstore.script import CJK, CJK_NAME, HAN, HAN_WIDE, chinese_runs, has_chinese, is_chinese


def test_has_chinese_finds_one_character_among_others() -> None:
    assert has_chinese("2021年")
    assert has_chinese("社區")  # traditional characters are in the block too
    assert not has_chinese("community 2021")
    assert not has_chinese("，。？")  # CJK punctuation is not a character of the script
    assert not has_chinese("")


def test_is_chinese_wants_nothing_but_characters() -> None:
    assert is_chinese("共治金")
    assert not is_chinese("共治金2021")
    assert not is_chinese("共治 金")
    assert not is_chinese("")


def test_chinese_runs_are_maximal_and_filtered_by_length() -> None:
    text = "海园居民区2019年筹集了3万元（共治金）"
    assert chinese_runs(text) == ["海园居民区", "年筹集了", "万元", "共治金"]
    assert chinese_runs(text, 3) == ["海园居民区", "年筹集了", "共治金"]
    assert chinese_runs(text, 2) == re.findall(r"[\u4e00-\u9fff]{2,}", text)


def test_a_name_has_two_to_eight_characters() -> None:
    assert CJK_NAME.fullmatch("吕梁") and CJK_NAME.fullmatch("城乡一体化示范区")
    assert not CJK_NAME.fullmatch("镇") and not CJK_NAME.fullmatch("上海市黄浦区老西门街道")
    assert not CJK_NAME.fullmatch("3号楼")


def test_the_wide_range_adds_extension_a_and_compatibility_ideographs() -> None:
    rare, compatible = "\u3400", "\uf900"
    assert not CJK.search(rare) and not CJK.search(compatible)
    assert re.fullmatch(f"[{HAN_WIDE}]+", rare + compatible + "社区")
    assert HAN in HAN_WIDE
