"""bench/card_sentences.py: repeated grouped cross-validation deals whole reports into folds."""
import numpy as np
from sklearn.model_selection import GroupKFold

from bench.card_sentences import _f1, _folds


def test_every_shuffle_keeps_a_report_in_one_fold_and_later_shuffles_deal_other_folds():
    sizes = [16, 10, 11, 13, 10, 11, 20, 12, 12, 13, 14, 5, 6, 12, 20, 17, 18, 10]  # sentences per report
    groups = np.repeat(np.arange(len(sizes)), sizes)
    x = np.zeros((len(groups), 1))
    dealt = []
    for shuffle in range(3):
        splits = list(_folds(shuffle).split(x, groups=groups))
        tests = [set(groups[test]) for _, test in splits]
        for (train, _), held in zip(splits, tests):
            assert not set(groups[train]) & held  # no report on both sides
        assert sorted(g for held in tests for g in held) == list(range(len(sizes)))  # each report tested once
        dealt.append(sorted(map(sorted, tests)))
    # shuffle 0 is the single run that chose the stored thresholds; the others are other deals
    assert dealt[0] == sorted(sorted(set(groups[t])) for _, t in GroupKFold(5).split(x, groups=groups))
    assert dealt[1] != dealt[0] and dealt[2] != dealt[1]
    assert _f1(0.5, 0.5) == 0.5 and _f1(0.0, 0.0) == 0.0


def test_the_cards_bench_spread_is_zero_for_alike_reports_and_grows_with_how_they_differ():
    from bench.cards_quality import FIELDS, bootstrap_spread

    def report(mechanism: tuple[int, int, int, int]) -> dict[str, tuple[int, int, int, int]]:
        return {field: mechanism if field == "mechanism" else (0, 0, 0, 0) for field in FIELDS}

    alike = bootstrap_spread([report((3, 4, 3, 4))] * 10)
    assert alike["mechanism"] == (0.0, 0.0) and alike["outcomes"] == (None, None)  # nothing predicted: no figure
    mixed = bootstrap_spread([report((4, 4, 4, 4)), report((0, 4, 0, 4))] * 5)
    narrow = bootstrap_spread([report((4, 4, 4, 4)), report((3, 4, 3, 4))] * 5)
    assert mixed["mechanism"][0] > narrow["mechanism"][0] > 0
    assert bootstrap_spread([]) == {field: (None, None) for field in FIELDS}


def test_the_ceiling_bench_tells_cap_threshold_and_eligibility_apart():
    from bench.card_sentence_ceiling import place_of

    sentences = ["甲完成了改造", "乙共解决问题8个", "丙开展活动", "丁召开会议", "戊下一步将继续"]
    probs = [0.9, 0.8, 0.45, 0.1, 0.95]
    eligible = [True, True, True, True, False]

    def where(fragment: str, cap: int = 1) -> str:
        return place_of(fragment, sentences, probs, eligible, 0.5, cap)

    assert where("完成了改造") == "chosen"
    assert where("共解决问题") == "cut by the cap" and where("共解决问题", cap=2) == "chosen"
    assert where("开展活动") == "just below the threshold"
    assert where("召开会议") == "far below the threshold"
    assert where("下一步将继续") == "not eligible"  # the most probable, but an outlook never counts
    assert where("不在任何句子里") == "in no sentence"


def test_the_ceiling_bench_tells_testimony_lede_closing_and_body_apart():
    from bench.card_sentence_ceiling import kind_of

    sentences = ["近日，某社区完成了加装电梯工程。", "“现在上下楼方便多了，真是太好了！”", "居民王阿姨说：“电梯装好了。”",
                 "工程历时三个月，共惠及居民120户。", "目前，小区环境焕然一新。"]
    assert kind_of("完成了加装电梯工程", sentences) == "first sentence"
    assert kind_of("上下楼方便多了", sentences) == "testimony"  # all inside quotation marks
    assert kind_of("电梯装好了", sentences) == "testimony"  # a speaker's words (说：)
    assert kind_of("共惠及居民120户", sentences) == "body"
    assert kind_of("小区环境焕然一新", sentences) == "last sentence"
    assert kind_of("不在任何句子里", sentences) is None


def test_the_tuning_cards_fall_into_three_labelling_rounds_and_each_is_scored_by_a_model_of_the_other_two():
    """bench/card_sentences.check_splits: the first 36 cards, the seventh session's random-tune7 and the ninth's
    random-tune9; a round is never in the training side of its own check."""
    import json
    from types import SimpleNamespace

    from bench.card_sentences import PARTS, check_splits, part_of
    from bench.cards_quality import LABELS

    rows = [json.loads(line) for line in LABELS.open(encoding="utf-8") if line.strip()]
    tune = [r for r in rows if r["split"] == "tune"]
    assert [sum(part_of(r) == p for r in tune) for p in PARTS] == [36, 30, 44]
    assert part_of({"sample": "funding"}) == part_of({"sample": "random"}) == "tune-before7"

    class Data:  # a stand-in that records which reports each fit and each score reads
        def __init__(self, rows):
            self.rows, self.groups, self.fits = rows, np.arange(len(rows)), []

        def labels(self, field):
            return np.zeros(len(self.rows))

        def curves(self, name, reports, shuffles):
            return [[(0.5, 0.5)] * 13]

        def fit(self, name, at, y):
            self.fits.append(set(at.tolist()))
            return SimpleNamespace()

        def probabilities(self, fitted, name, at):
            return np.zeros(len(at))

        def scored(self, field, reports, probs):
            self.fits[-1] = (self.fits[-1], set(reports))
            return []

    rows = [{"sample": s} for s in ["random"] * 3 + ["random-tune7"] * 2 + ["random-tune9"] * 4]
    data = Data(rows)
    out = check_splits(data, "mechanism", 1)
    assert list(out) == ["others→tune-before7", "others→tune7", "others→tune9", "tune-before7→later"]
    for trained, scored in data.fits:
        assert trained and scored and not trained & scored and trained | scored == set(range(len(rows)))
    assert data.fits[-1] == ({0, 1, 2}, set(range(3, 9)))
