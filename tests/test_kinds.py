"""The asked kind read by structure (branch kindaudit): how often (多久开一次), a share (比例是多少), a rank (排第几),
a place of origin (哪里人), and the shapes of their answers — with the answer check still demanding the kind's token.
Real jieba, real question parsing and the real answer-type checks."""
from __future__ import annotations

import pytest

from assistant.answer_type import failures, gives_fact, gives_origin, names_sub_period
from assistant.frequency import asks_frequency, gives_frequency
from assistant.question import FactKind, QuestionKind, parse_question
from assistant.records import Passage


@pytest.mark.parametrize("question, asks", [
    ("王母宫社区的党建联席会议多久开一次？", True),
    ("垃圾多长时间清运一次？", True),
    ("志愿者每隔几天上门探访？", True),
    ("楼道保洁的频率是多少？", True),
    ("How often does the council meet?", True),
    ("法官和社区一起调解了多久才谈拢？", False),  # a duration
    ("改造一次性花了多长时间？", False),  # 一次性: once and for all, no recurrence
    ("几月开一次会？", False),  # 几月: which month
    ("一年开几次会？", False),  # a count of times (N次 answers it)
])
def test_a_frequency_is_asked_by_a_span_interrogative_and_one_occurrence(question, asks):
    assert asks_frequency(question) is asks


@pytest.mark.parametrize("text, gives", [
    ("每季度至少召开一次党建联席会议", True),
    ("一年召开两次", True),
    ("三个月一次", True),
    ("每隔三天", True),
    ("半年一回", True),
    ("历经3个半小时的奋战", False),  # a duration
    ("5月召开了一次会议", False),  # a month of the calendar, not a span
    ("2023年第一次召开", False),  # a year and an ordinal
    ("定期召开会议", False),  # regularly says no interval
])
def test_a_frequency_is_answered_by_a_rate_of_recurrence(text, gives):
    assert gives_frequency(text) is gives


def test_a_frequency_question_wants_a_rate_of_recurrence_not_a_duration():
    question = "王母宫社区的党建联席会议多久开一次？"
    asked = parse_question(question)
    assert asked.expected == FactKind.COUNT
    assert gives_fact("count", "每季度至少召开一次党建联席会议", question)
    assert not gives_fact("count", "党建联席会议开了三天", question)  # how long, not how often
    assert not gives_fact("count", "社区定期召开党建联席会议", question)


def test_a_distributive_period_is_no_sub_period_of_a_figure():
    assert not names_sub_period("每季度至少召开一次党建联席会议")
    assert not names_sub_period("每个季度走访一次")
    assert names_sub_period("一季度新增120户")
    sentence = "社区每季度至少召开一次党建联席会议，通过资源共享、方案共商等形式推进治理。"
    passage = Passage(chunk_id="c", article_id="a", title="王母宫社区党建联席会议", source="", passage=sentence,
                      score=0.0, place="王母宫社区")
    asked = parse_question("王母宫社区的党建联席会议多久开一次？")
    terms = list(asked.terms)
    found = set(failures(asked, asked.expected, terms, [1.0] * len(terms), passage, 0, len(sentence)))
    assert not found & {"type", "period"}


@pytest.mark.parametrize("question, kind", [
    ("居民出资的比例是多少？", QuestionKind.RATE),
    ("老年人占比多少？", QuestionKind.RATE),
    ("收益按什么比例分配？", QuestionKind.RATE),
    ("将三原色按一定比例混合会得到什么颜色的光？", QuestionKind.FACT),  # the share is not what is asked
    ("有几成居民参与？", QuestionKind.COUNT),
])
def test_a_share_is_asked_by_its_noun_next_to_the_question_word(question, kind):
    assert parse_question(question).kind == kind


@pytest.mark.parametrize("text, gives", [
    ("居民出资占三分之一", True), ("约1/3的居民", True), ("一半以上由居民承担", True), ("按1:1的比例分担", True),
    ("占比达到35%", True), ("共有120户居民出资", False), ("上午10:30开会", False),
])
def test_a_share_is_answered_by_a_percentage_a_fraction_or_a_ratio(text, gives):
    assert gives_fact("rate", text, "居民出资的比例是多少？") is gives


@pytest.mark.parametrize("question, text, gives", [
    ("该片在榜单上排第几？", "该片在榜单上排名第八。", True),
    ("她在比赛中排名第几？", "她位列第5。", True),
    ("他获得第几名？", "他获得第三名。", True),
    ("该片在榜单上排第几？", "该片上映了八天。", False),
    ("说勉语的人大约有多少人？", "说□□的人约有150万，自称“勉”。", True),  # the unit said before the figure
    ("活动有多少人参加？", "活动共计3场，", False),  # no figure of people
    ("袁彭年历仕几朝？", "历仕崇祯、隆武、永历三朝。", True),  # a noun after 几 counts in itself
    ("袁彭年历仕几朝？", "他做了三年官。", False),
])
def test_a_rank_and_an_elided_unit_are_read_by_structure(question, text, gives):
    assert gives_fact("count", text, question) is gives


@pytest.mark.parametrize("text, gives", [
    ("□□□，字介眉，别号特邱，湖广公安人。", True),  # an appositive clause of its own
    ("雷切尔（意大利文），意大利人，贝尼托的第二任妻子。", True),
    ("他们一行人，来到这里。", False),  # people counted
    ("这是很多年轻人的选择。", False),
])
def test_a_place_of_origin_is_answered_by_a_demonym(text, gives):
    assert gives_origin(text) is gives
    assert gives_fact("where", text, "袁彭年是哪里人？") is gives


@pytest.mark.parametrize("question, kind", [
    ("越南喃字的发展都是建立在哪种字体的基础上作调整？", QuestionKind.FACT),  # which kind
    ("活动在哪举行？", QuestionKind.WHERE),
])
def test_in_which_kind_asks_a_kind_not_a_place(question, kind):
    assert parse_question(question).kind == kind


@pytest.mark.parametrize("text, gives", [
    ("经过一个多月的努力", True), ("数十年如一日", True), ("3月1日至4月30日开展", True), ("6月初至7月初", True),
    ("2019年5月举行", False),
])
def test_a_duration_is_a_span_also_with_a_half_or_by_its_ends(text, gives):
    assert gives_fact("count", text, "这项工作持续了多长时间？") is gives


@pytest.mark.parametrize("question, head", [
    ("银纹笛鲷分布在哪个大洋区？", "大洋区"),  # a one-character noun ends the head as a suffix
    ("在哪个国家内", "国家"),  # a localiser frames it
    ("大约在中国哪个朝代时，汉语开始大量传入越南？", "朝代"),
])
def test_the_asked_head_keeps_a_one_character_suffix_but_not_a_localiser(question, head):
    assert parse_question(question).asked_head == head


def _failing(question: str, sentence: str, title: str = "", place: str = "") -> set[str]:
    passage = Passage(chunk_id="c", article_id="a", title=title, source="", passage=sentence, score=0.0, place=place)
    asked = parse_question(question)
    terms = list(asked.terms)
    return set(failures(asked, asked.expected, terms, [1.0] * len(terms), passage, 0, len(sentence)))


def test_a_rank_the_answer_holds_is_shown_by_its_window():
    question = "沌口街道第四期书记论坛拉练评比，哪个社区得了第一？"
    assert "ordinal" in _failing(question, "沌口街道举办第四期社区党组织书记论坛，通过现场拉练的方式营造比学赶超的氛围。")
    assert "ordinal" not in _failing(question, "沌口街道第四期书记论坛拉练评比中，荣芳社区得了第一。")


def test_a_figure_is_of_the_narrowest_of_nested_names_but_of_any_side_by_side_name():
    sentence = "初步统计，试点项目直接撬动资金6.29亿元。"
    nested = "四川省民政厅给中科社区试点项目拨了多少钱？"
    assert "place" in _failing(nested, sentence, title="四川省民政厅：第三批城乡社区治理试点", place="四川省")
    assert "place" not in _failing(nested, "四川省民政厅给中科社区试点项目拨款20万元。", place="四川省")
    side_by_side = "海园和高华小区分别筹了多少钱？"
    assert "place" not in _failing(side_by_side, "海园小区居民筹资2万元。")


def test_a_rank_is_the_same_in_digits_or_chinese_numerals():
    question = "《夏日旋律》在什么网站的1月销量榜上排名第八？"
    assert "ordinal" not in _failing(question, "《夏日旋律》在Getchu.com的2007年1月销量榜上排名第8名。")
    assert "ordinal" in _failing(question, "《夏日旋律》在Getchu.com的2007年1月销量榜上排名第18名。")


def test_nested_names_bind_a_figure_not_what_a_which_question_asks():
    sentence = "到了1991年苏联解体之后，这些地区有不少新成立的国家再度重新使用拉丁字母取代西里尔字母。"
    question = "1991年苏联解体后中亚地区新成立的国家使用哪一种字母来取代西里尔字母?"
    assert "place" not in _failing(question, sentence)
