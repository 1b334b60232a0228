"""A why-question is answered only when a quote gives a reason for the asked event (assistant/reason.py)."""
import pytest

from assistant.question import parse_question
from assistant.reason import asks_reason, event_words, gives_reason, states_reason, subject_name, tells_without_reason
from assistant.records import Citation, Passage


@pytest.mark.parametrize("sentence, event", [
    ("原来是地下车库里的铸铁污水管因为锈蚀严重发生破损，导致雨水倒灌。", ("进水",)),  # a causal conjunction
    ("为解决居民提出的活动空间不足问题，社区打造了邻里共享空间。", ("共享", "空间")),  # 为 before a verb: purpose
    ("周边居民都习惯在此处投放，导致垃圾每日的承载量超负荷。", ("超负荷",)),  # the event after 导致
    ("推测消防管道无水的原因可能是屋顶水箱单向阀阀闸无法打开。", ("无水",)),  # an attribution frame
    ("这是小区唯一的出入口，仅用水泥填补，过往车辆反复碾压还是会坑洼不平。", ("水泥",)),  # a state before the event
    ("清廷厌其反复不定，不予录用。", ("录用",)),
])
def test_a_sentence_stating_a_cause_of_the_asked_event_gives_a_reason(sentence, event):
    assert states_reason(sentence, event)


@pytest.mark.parametrize("sentence, event", [
    # the asked event is itself the cause of something else
    ("联系小区物业后得知，该小区并未成立业委会，故而没有资金用于修缮西门口的标线。", ("成立", "业委会")),
    ("但是长廊改造项目一开始遭到了不少居民的反对，为此，居民区党总支多次听取居民意见。", ("居民", "反对")),
    # steps of a story (…后, 并, 最终), and 打造成 is no 造成
    ("了解居民需求后，社区召开两次议事会，并组织网格员实地查看，最终选择将活动中心旁的空地打造成共享花园。",
     ("共享", "花园", "活动中心")),
    # a time and a perception frame before the event: what was seen, not why
    ("7月25日傍晚时分，社区网格员巡查过程中发现，小区10栋楼顶外檐板材部分脱落在地。", ("脱落",)),
])
def test_a_sentence_telling_the_asked_event_without_its_cause_gives_no_reason(sentence, event):
    assert not states_reason(sentence, event)


def test_the_cause_may_be_the_sentence_before_a_result_connective():
    cause = "夏季气温高、雨水多，蟑螂滋生，一些居住条件差的困难老人苦不堪言。"
    assert states_reason(cause, ("上门", "灭蟑螂"), following="为此，中心为独居老人提供了免费的上门灭蟑螂服务。")
    assert not states_reason(cause, ("上门", "灭蟑螂"), following="中心为独居老人提供了免费的上门灭蟑螂服务。")
    # 针对这一问题 points to the sentence before; it states no cause of its own
    assert not states_reason("针对这一问题，社区党总支立即召集居委会召开协商讨论会。", ("重建",))


def test_an_unmarked_cause_in_a_reports_lede_is_none():
    lede = "近日，电力新村小区房屋年久失修，社区成功消除楼顶外檐板材脱落安全隐患。"
    assert states_reason(lede, ("脱落",), lede=False)
    assert not states_reason(lede, ("脱落",), lede=True)


def test_what_a_why_question_asks_and_of_whom():
    asked = parse_question("万佳苑长廊改造一开始为什么那么多居民反对？")
    assert asks_reason(asked) and "反对" in event_words(asked)  # jieba tags 反对 here as an adverb
    assert "没有" not in event_words(parse_question("美溪里小区为什么一直没有成立业委会？"))
    # the subject's name is its rarest word when weights are given, else its last noun
    place = parse_question("九棵树街道云景里社区为什么会被选为全国完整社区建设试点？")
    assert subject_name(place, {"街道": 1.0, "云景": 9.0, "社区": 0.5}).text == "云景"
    # 为 + 什么 + a noun ending the clause asks what, not why; an English why-question is not read here
    assert not asks_reason(parse_question("长齿锯犁鳗的锄骨齿在成熟期会变化为什么形状？"))
    assert not asks_reason(parse_question("Why did the court order the company to issue a certificate?"))


def _quoted(passage: str, sentence: str, article: str = "a1", title: str = "美溪里小区标线修缮") -> tuple[Passage, Citation]:
    start = passage.index(sentence)
    chunk = f"{article}-0001-0123456789ab"
    kept = Passage(chunk_id=chunk, article_id=article, title=title, source="test", passage=passage, score=1.0)
    cited = Citation(n=1, article_id=article, title=title, source="test", passage=passage,
                     span=(start, start + len(sentence)), chunk_id=chunk)
    return kept, cited


def test_tells_the_event_as_a_cause_or_a_step_of_a_story():
    assert tells_without_reason("联系小区物业后得知，该小区并未成立业委会，故而没有资金用于修缮西门口的标线。",
                                ("成立", "业委会"))
    assert tells_without_reason("了解居民需求后，社区召开两次议事会，并组织网格员实地查看，最终选择将活动中心旁的空地"
                                "打造成共享花园。", ("共享", "花园"))
    # a cause left unmarked after the event (an encyclopedia's habit) is no evidence of a story told
    assert not tells_without_reason("罗伯斯被取消成绩，比赛过程中他故意干扰相邻赛道的选手。", ("取消", "成绩"))


def test_a_why_question_is_declined_only_when_the_quotes_tell_the_event_and_none_its_reason():
    asked = parse_question("美溪里小区为什么一直没有成立业委会？")
    told = "联系小区物业后得知，美溪里小区并未成立业委会，故而没有资金用于修缮西门口的标线。"
    passage, citation = _quoted("小区西门口的标线模糊不清。" + told, told)
    assert not gives_reason(asked, [citation], [passage], {"a1": passage.passage})
    because = "美溪里小区因为业主大多是租户，一直没有成立业委会。"
    passage, citation = _quoted(because + told, because)
    assert gives_reason(asked, [citation], [passage], {"a1": passage.passage})
    # another subject's report (no 美溪里 in it) is neither a reason nor evidence
    elsewhere, cited = _quoted("东方小区并未成立业委会，故而没有资金。", "东方小区并未成立业委会，故而没有资金。",
                               title="东方小区")
    weight = {"美溪": 5.0, "小区": 0.5}  # grounding weights: the rare word names the subject
    assert gives_reason(asked, [cited], [elsewhere], {"a1": elsewhere.passage}, weight)


def test_a_why_question_the_seeds_answer_with_a_reason_stays_answered(assistant):
    answered = assistant.ask("为什么老西门街道要建立自治家园？")  # 针对…问题: the reason, quoted
    assert answered.grounded and not answered.partial
