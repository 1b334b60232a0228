"""assistant/noun_value.py: does a sentence give the value of a noun-phrase question's head noun?"""
from __future__ import annotations

from assistant.noun_value import head_noun, value_missing
from vectorstore.keyword import posseg_cut


def missing(question: str, sentence: str) -> bool:
    return value_missing(question, list(posseg_cut(question)), sentence)


def test_the_head_is_the_last_noun():
    assert head_noun(list(posseg_cut("北京2022年冬奥会口号"))) == "口号"
    assert head_noun(list(posseg_cut("张帅在2022年辛辛那提赛的成绩"))) == "成绩"


def test_the_head_said_as_a_topic_gives_no_value():
    assert missing("北京2022年冬奥会口号", "共同揭晓了北京2022年冬奥会和冬残奥会主题口号。")
    assert missing("2022年考研报名人数", "因此，部分“双非”院校2022年考研报名人数较上年有所增加，比如西藏民族")
    assert not missing("北京2022年冬奥会口号", "北京冬奥会的主题口号是“一起向未来”。")
    assert not missing("北京2022年冬奥会口号", "北京冬奥会发布了“一起向未来”的主题口号。")
    assert not missing("操场的种类", "操场的种类大约分成两种。")
    assert not missing("天坛最早的建筑物", "祈年殿在天坛的北部，始建于明永乐十八年，是天坛最早的建筑物。")


def test_a_sentence_not_saying_the_head_says_its_value_in_other_words():
    assert not missing("2023春运首日旅客发送量", "2023年1月7日，春运正式启动，首日全国发送旅客3473.6万人次。")
    assert missing("2023春运首日旅客发送量", "2023年春运首日，全国铁路客流明显回升。")
