"""Answerable questions the answer-type checks vetoed for a misreading (branch vetocal): a verb phrase jieba's dictionary
tags as a noun, a foreign firm's name in Latin letters, a measure word jieba fused into the next word, a one-character
verb of the report's own, a place framed by 在 before the asked verb. Real jieba and CC-CEDICT."""
from assistant.answer_type import _not_counted, _placed_before_verb, focus_term, gives_fact, window_coverage
from assistant.glossed import verb_phrase
from assistant.naming import latin_name
from assistant.query import Term
from assistant.question import parse_question


def _term(text: str, pos: str = "n", entity: bool = False) -> Term:
    return Term(text, (text,), entity=entity, pos=pos)


def test_a_passive_or_prepositional_verb_phrase_is_no_focus_noun():
    assert verb_phrase("被称作") and verb_phrase("隶属于")  # 被 + 称作/v, 隶属/v + 于
    assert not verb_phrase("被告") and not verb_phrase("被害人") and not verb_phrase("位于") and not verb_phrase("关于")
    terms = [_term("瑞尼尔", "nr"), _term("被称作", "n")]
    assert focus_term(terms, [5.7, 5.4]) is None
    terms = [_term("诺丁汉郡", "nr"), _term("隶属于", "n"), _term("国家", "n")]
    assert focus_term(terms, [6.8, 5.3, 2.0]).text == "国家"


def test_a_latin_name_written_into_the_chinese_names_a_body_not_a_person_or_a_dateline():
    assert latin_name("《夏日旋律》是日本AcaciaSoft于2006年发行的游戏")
    assert latin_name("香港摇滚乐队Beyond发行第六张粤语专辑")
    assert not latin_name("首席设计官Jony Ive 离职")  # two capitalised words: a person
    assert not latin_name("Nov 30,2022 ... 就在□□公司发布")  # a dateline, apart from the Chinese
    assert not latin_name("CPI同比上涨2.1%")  # an acronym


def test_a_measure_word_fused_into_the_next_word_is_not_blanked_away_from_the_count():
    asked = parse_question("宝山友谊路街道执法队核查了多少处毁绿种菜的线索？")
    terms = [_term("处毁", "v"), _term("种菜")]
    kept = _not_counted(asked, "count", terms)
    assert [t.text for t in kept] == ["种菜"]
    sentence = "中队对居委提供的42处毁绿种菜线索进行调查核实。"
    from assistant.answer_type import without_question
    assert gives_fact("count", without_question(sentence, asked.normalised, kept), asked.normalised,
                      counted=asked.asked_noun or (), plain=sentence)
    assert not gives_fact("count", without_question(sentence, asked.normalised, terms), asked.normalised,
                          counted=asked.asked_noun or (), plain=sentence)


def test_a_one_character_verb_of_the_report_sharing_a_character_is_half_the_verb():
    assert window_coverage([_term("设立", "v")], [1.9], "民国32年12月以曲江县韶关地区设韶关市。") == 0.5
    assert window_coverage([_term("拥有", "v")], [2.0], "小区有三个出入口。") == 0.0  # 有: a light verb


def test_a_place_framed_by_a_locative_before_the_asked_verb_says_where():
    question = "哪里有非常完整的硕鬣狗化石？"
    assert _placed_before_verb(question, "大部份遗骸都是碎片，而在周口店亦有非常完整的□鬣狗化石")
    assert not _placed_before_verb(question, "而在这里亦有非常完整的□鬣狗化石")  # 这里/r: no noun
    assert not _placed_before_verb(question, "在周口店发现了□鬣狗化石")  # not the asked verb
    assert not _placed_before_verb("化石在哪里发现的？", "在周口店亦有□鬣狗化石")  # the question word is no subject


def test_a_spot_beside_a_named_place_answers_where_it_is_built():
    from assistant.answer_type import _beside
    assert _beside("最终选择将友谊花城小区老年活动中心旁的一片空地打造成共享花园")
    assert _beside("新的快递柜设在停车场一侧")
    assert not _beside("我们旁边")  # a pronoun names no spot
    assert not _beside("会上大家说")  # 上 of a meeting is no nearness
