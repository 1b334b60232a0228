"""bench/practice_tag_ceiling.py: every hand-checked tag is counted once, in the place the stored tag model puts it."""
from bench.practice_tag_ceiling import PLACES, place_of, tally
from ingest.practice_tags import _model, tag_probabilities

TEXT = ("居民区党总支牵头成立“楼道自治”议事会，每月召开居民议事会，商议楼道堆物整治。议事会制定了楼组公约，"
        "楼组长带领居民清理楼道。志愿者也参加了清理。")


def test_places_of_tags():
    assert place_of("协商议事", False, {"协商议事": 0.9}, 0.4) == "no card"
    assert place_of("社区微更新", True, {"协商议事": 0.9}, 0.4) == "never mentioned"
    assert place_of("协商议事", True, {"协商议事": 0.9}, 0.4) == "kept"
    assert place_of("协商议事", True, {"协商议事": 0.3}, 0.4) == "just below the threshold"
    assert place_of("协商议事", True, {"协商议事": 0.1}, 0.4) == "far below the threshold"


def test_tally_counts_each_hand_checked_tag_once_with_the_real_model():
    threshold = _model()["threshold"]
    probabilities = tag_probabilities(TEXT, "楼道自治议事会")
    assert "协商议事" in probabilities and "社区微更新" not in probabilities
    rows = [{"id": "a", "practice": ["协商议事", "社区微更新"]}, {"id": "b", "practice": ["协商议事"]}]
    figures = tally(rows, {"a": (True, probabilities), "b": (False, probabilities)}, threshold)
    assert figures["expected"] == 3 and sum(figures["places"].values()) == 3
    assert set(figures["places"]) == set(PLACES)
    assert figures["places"]["never mentioned"] == 1 and figures["places"]["no card"] == 1
    ceiling = figures["every_mentioned_tag"]
    assert ceiling["predicted"] == len(probabilities) and ceiling["right"] == 1  # report b has no card: not counted
    wrong = sum(figures["kept_but_not_listed"].values())
    assert wrong == sum(1 for t, p in probabilities.items() if p >= threshold and t != "协商议事")
