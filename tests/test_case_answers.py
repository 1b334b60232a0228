"""Answers drawing on several cases (issue 19, point 4): each bullet names its case, a question naming one case is
answered from that case's report, and each side of a comparison opens with what was asked of it. Invented passages
for the mechanisms; the seeds store with the real retriever, tagger and composer for the answers."""
from __future__ import annotations

import pytest

from assistant.extractive import Candidate, arrange, case_names, enumerates, most_local, select
from assistant.question import parse_question, side_name
from assistant.records import Passage


def _passage(article: str, text: str, title: str, rank: int = 0) -> Passage:
    return Passage(chunk_id=f"{article}-000{rank}-b", article_id=article, title=title, source="s", passage=text,
                   score=1.0 - rank / 10)


@pytest.mark.parametrize("own, name", [
    ("武汉荣芳里社区的楼栋积分议事", "武汉荣芳里社区"),  # jieba: 荣芳|里|社区 — the name runs on to its area word
    ("红桥邨的文明养犬守护队", "红桥邨"),  # 邨, the variant of 村, ends a name
    ("浑南区的社区工作者风采大赛", "浑南区"),  # …but never across 的
    ("双流白鹤社区的共享空间营造", "双流白鹤社区"),
])
def test_a_side_is_labelled_by_its_whole_name(own, name):
    assert side_name(own) == name


def test_a_list_closed_by_deng_and_the_kind_lists_that_kind():
    said = "茶话会上，各方代表围绕小区管理措施、业委会成立、停车难、高空抛物、噪音扰民等问题纷纷进行了深入的交流。"
    assert enumerates(said, "问题")
    assert not enumerates("街道围绕公共安全维护、治安巡逻、矛盾纠纷化解等工作开展服务。", "问题")
    assert not enumerates("社区党委书记表示，茶话会为居民关注的痛点难点问题找到了新方法。", "问题")


def test_a_lede_may_lead_a_what_question_asking_who():
    # 跟哪家社会组织合作的 is a what-question (kind fact) whose answer is an organisation (expected who): the report's
    # first sentence names its partner (…社区联合…研究中心开展…), and reading order keeps it first
    lede = Candidate(0, 0, 30, "昨日，白鹤社区联合玉成志愿服务与研究中心开展共享空间营造活动。", 0.9, number=0, lede=True)
    later = Candidate(1, 0, 30, "据了解，白鹤社区通过两个小区试点，探索小区自治管理模式。", 0.7, number=0)
    assert arrange([lede, later], "fact", expected="who")[0] is lede
    assert arrange([lede, later], "fact", expected="fact")[0] is later  # a lede still leads no other what-answer


@pytest.mark.parametrize("question, names", [
    ("江欣苑社区是怎么照顾辖区老人剃头的？", ["江欣苑"]),
    ("荣芳里社区想了什么办法调动居民参与楼栋治理？", ["荣芳里"]),
    ("万佳苑小区长廊改造一开始很多居民反对，后来是怎么说通的？", ["万佳苑"]),  # 万佳|苑|小区
    ("淞南五村加装电梯时，居委和楼组长是怎么做工作的？", ["淞南五村"]),
    ("海园居民区和高华小区推动居民参与的做法有什么不一样？", ["高华"]),  # not 和高华, jieba's fusion
    ("社区和物业怎么合作？", []),  # no name before the area word
    ("老旧小区加装电梯怎么筹钱？", []),  # a common noun, not a case
])
def test_the_case_a_question_names_is_read_by_its_area_word(question, names):
    assert [t.text for t in case_names(parse_question(question))] == names


def test_a_question_naming_a_case_is_answered_from_that_cases_report():
    # 江欣苑 is no entity to jieba: before, another report's sentence on old people's care was quoted beside it
    question = parse_question("江欣苑社区是怎么照顾辖区老人的？")
    assert [t.text for t in most_local(question)] == ["江欣苑"]
    own = _passage("a", "江欣苑社区开展“微服务”，集聚辖区理发店每周免费为60岁以上老人理发。", "江欣苑社区共同缔造")
    other = _passage("b", "普陀区依托各方力量，照顾辖区独居老人，确保老人关爱工作全覆盖。", "普陀独居老人关爱", rank=1)
    chosen = select(question, [own, other])
    assert chosen and {c.passage_rank for c in chosen} == {0}, [c.text for c in chosen]


def test_a_side_asking_only_to_compare_is_asked_the_shared_predicate():
    first, second = parse_question(
        "真如镇的法律服务团队和宽城法院的人民法庭，化解居民纠纷的做法有什么不一样？").side_questions()
    assert second.asks_shared and second.asked == ("化解", "居民", "纠纷")
    flood = parse_question("暴雨积水时，虹口榆兰新村和普陀甘泉街道各自是怎么应对的？").side_questions()[0]
    assert not flood.asks_shared and flood.asked == ("应对",)  # its question word says what is asked
    assert not parse_question("社区是怎么化解居民纠纷的？").asks_shared  # one-part questions: unchanged


def test_a_sides_first_quote_says_the_shared_predicate_not_the_sentence_after_its_name():
    # the side's own words (宽城法院的人民法庭) are no scene the report then resolves: the sentence after the one
    # naming the court (a case's background) does not lead; the one saying 纠纷…化解 does. Invented report.
    side = parse_question("真如镇的法律服务团队和宽城法院的人民法庭，化解居民纠纷的做法有什么不一样？").side_questions()[1]
    text = ("近日，宽城法院的人民法庭联合众合社区成功调解了一起房屋买卖合同纠纷。"
            "据悉，2018年1月，李某与地产公司签订了商品房买卖合同，宽城法院的人民法庭受理此案。"
            "长江路人民法庭以“人民法庭+”多元纠纷化解机制为载体，把矛盾化解在基层。")
    chosen = select(side, [_passage("a", text, "宽城法院：人民法庭+社区")])
    assert chosen and chosen[0].text.startswith("长江路人民法庭以"), [c.text for c in chosen]


def test_a_named_case_answer_on_the_seeds_quotes_only_its_report(assistant):
    question = "江秋新苑居民区怎么培育社区社会组织？"
    answer = assistant.ask(question)
    assert answer.grounded, answer.grounding
    assert [t.text for t in case_names(parse_question(question))] == ["江秋新苑"]
    assert {c.article_id for c in answer.citations} == {answer.citations[0].article_id}, answer.answer
    assert "江秋新苑" in answer.citations[0].title


def test_a_comparison_on_the_seeds_names_each_case_and_opens_each_side_with_what_was_asked(assistant):
    answer = assistant.ask("海园居民区和高华小区推动居民参与的做法有什么不一样？")
    assert answer.grounded and not answer.partial, answer.answer
    lines = answer.answer.split("\n\n", 1)[1].splitlines()
    labels = [line.removeprefix("- ").split("：", 1)[0] for line in lines]
    assert labels[0] == "海园居民区" and set(labels) == {"海园居民区", "高华小区"}, lines
    firsts = {}
    for label, citation in zip(labels, answer.citations):
        firsts.setdefault(label, citation.passage[citation.span[0]:citation.span[1]])
    for label, sentence in firsts.items():  # each side's first quote says a word of what both are asked
        assert any(word in sentence for word in ("推动", "居民", "参与")), (label, sentence)
