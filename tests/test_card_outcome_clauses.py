"""The outcome model reads how a result is told inside a sentence's clauses (ingest/card_sentences.clause_features):
a step sentence whose last clause tells the result (…，总服务时长超840小时) is an outcome too."""
from __future__ import annotations

import json


def test_a_sentence_is_cut_into_clauses_outside_quotes_and_short_ones_join_the_next():
    from ingest.card_sentences import clauses

    assert clauses("同时，联系相关部门进行紧急排水抢险，最终车库积水情况得以迅速缓解。") == [
        "同时，联系相关部门进行紧急排水抢险", "最终车库积水情况得以迅速缓解"]
    # a comma inside a quote or brackets cuts nothing
    assert clauses("居民们连连称赞：“做得好，真方便！”") == ["居民们连连称赞", "“做得好，真方便！”"]
    assert clauses("居委会（含物业、业委会）召开会议。") == ["居委会（含物业、业委会）召开会议"]
    # a short last clause joins the one before it
    assert clauses("志愿者们清理了楼道堆物，效果好。") == ["志愿者们清理了楼道堆物，效果好"]


def test_a_result_told_in_the_last_clause_of_a_step_sentence_is_read():
    from ingest.card_sentences import CLAUSE_FEATURES, FEATURES, RESULT_FEATURES, features

    step = "当发现地下车库水管漏水时，物业立即切断电源，联系相关部门进行紧急排水抢险。"
    result = "当发现地下车库水管漏水时，物业立即切断电源，联系相关部门进行紧急排水抢险，最终车库积水情况得以迅速缓解。"
    plain, told = (dict(zip(FEATURES, features(s, 3, 8))) for s in (step, result))
    assert plain["result_last_clause"] == plain["result_later_clause"] == 0.0
    assert told["result_last_clause"] == told["result_later_clause"] == told["time_after_later"] == 1.0
    assert told["clauses"] == 4.0 and 0 < told["result_clause_share"] < 1
    assert set(CLAUSE_FEATURES) <= set(RESULT_FEATURES)  # outcome model only


def test_the_outcome_model_weighs_clause_results_and_the_mechanism_models_do_not():
    from ingest.card_sentences import CLAUSE_FEATURES, FEATURES, WEIGHTS_FILE

    stored = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    outcomes = dict(zip(FEATURES, stored["outcomes"]["weights"]))
    assert outcomes["result_last_clause"] > 0 and outcomes["result_later_clause"] > 0
    # fit on the first 35 tuning practice reports, as before (bench/card_sentences.py --fit-on tune-before7)
    assert stored["outcomes"]["fit"].startswith("bench/card_sentences.py: 35 hand-checked tuning reports")
    for name in ("mechanism", "mechanism_e5"):
        assert all(w == 0 for f, w in zip(FEATURES, stored[name]["weights"]) if f in CLAUSE_FEATURES)


def test_the_card_keeps_a_step_sentence_that_ends_on_its_result_as_an_outcome():
    from tests.test_cases import _card_of

    training = "活动前，居民区为大学生们安排了岗前培训，介绍社区工作的基本情况。"
    hours = "据悉，首批14名大学生分布在居民区等13个岗位上，与社区工作者共同工作，总服务时长超840小时。"
    solved = "代表们接报后立即与社区、物业等到达现场协调优化方案，促使问题在几天内得以顺利解决。"
    card = _card_of("近日，街道团工委联合居民区党总支开展“大学生进社区”社会实践活动。" + training + hours
                    + "平台自4月上线以来，共吸附处理诉求616件，做到响应迅速、高效解决。" + solved
                    + "下一步，街道将继续深化校社合作。")
    outcomes = [f.sentence for f in card.fields["outcomes"]]
    assert hours in outcomes and solved in outcomes, outcomes
    assert training not in outcomes and not any(s.startswith("下一步") for s in outcomes), outcomes
