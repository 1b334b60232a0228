"""Names jieba cuts apart, read by their structure (assistant/person_names.py), and bodies it cuts in two
(naming.has_person_or_org). Sentences as the pool's governance reports write them."""
import pytest

from assistant.person_names import names_person, surnames, titled_names
from assistant.question import parse_question
from vectorstore.keyword import posseg_cut


def test_surnames_are_cc_cedicts():
    # 张 and 刘 jieba's dictionary tags q and zg; CC-CEDICT defines them "surname Zhang", "surname Liu"
    assert {"张", "刘", "黄", "冯", "欧阳", "司马"} <= surnames()
    assert not {"的", "了", "们"} & surnames()


@pytest.mark.parametrize("sentence, names", [
    ("该社区党委书记冯华威说。", ["冯华威"]),  # 冯/nr 华威/ns
    ("凯安物业公司副经理成建新说。", ["成建新"]),  # 成/n 建新/v
    ("党委副书记、镇长刘树文表示，佘山镇将继续推进。", ["刘树文"]),  # 刘/zg 树文/n
    ("物业公司经理张成功说，创建工作还要继续。", ["张成功"]),  # 张/q 成功/a
    ("由刘树文主任牵头，成立了工作专班。", ["刘树文"]),  # the name before the title
    ("社区党委书记欧阳学辉说，企社共建让居民得实惠。", ["欧阳学辉"]),  # a two-character surname
    # not names: words (能力, 需求 after 新/a), a pronoun (各级), a place word (居民区), a role (楼栋长),
    # a surname with a kinship term, a name the question's own title is part of (居民 of 居民区)
    ("要提升书记能力，充分发挥作用。", []),
    ("及时回应居民新需求，通过实地走访解决问题。", []),
    ("驻站的省、市、区各级代表纷纷建言。", []),
    ("居民区开展“新女性”活动。", []),
    ("社区负责人与楼栋长代表共同商议。", []),
    ("居民张爹爹说，现在出门方便多了。", []),
    ("居委会开始征求各楼组居民对于改造的意见。", []),
])
def test_a_name_beside_a_title_is_found_where_jieba_cuts_it_apart(sentence, names):
    assert [sentence[s:e] for s, e in titled_names(sentence)] == names


def test_jieba_alone_misses_the_titled_name():
    """The reason for person_names: jieba tags no part of 成建新 nr."""
    assert not any(flag.startswith("nr") for word, flag in posseg_cut("副经理成建新说") if word in "成建新")


def test_a_who_question_is_answered_by_a_titled_name_unless_the_question_gives_it():
    from assistant.answer_type import gives_fact, person_asked, without_question

    sentence = "凯安物业公司副经理成建新说。"
    asked = parse_question("凯安物业公司的副经理叫什么名字？")
    blanked = without_question(sentence, asked.normalised, list(asked.terms))
    assert person_asked(asked)
    assert not gives_fact("who", blanked, asked.normalised, True)  # jieba's tags alone
    assert gives_fact("who", blanked, asked.normalised, True, plain=sentence)
    # the question names him: his name is not the answer
    own = parse_question("成建新是哪家物业公司的副经理？")
    assert not names_person(sentence, without_question(sentence, own.normalised, list(own.terms)))


@pytest.mark.parametrize("sentence, body", [
    ("占道经营的问题最后由城管中队处理。", True),  # 城管/n 中队/n: cut in two
    ("方案由社区党委牵头制定。", True),  # 社区/n 党委/j
    ("经商量，由业委会出资更换全部排污管。", True),  # one word, as before
    ("制定形成更换全部铸铁排污管的修缮方案。", False),  # 全部 ends in 部, no organisation
    ("大家排队领取了物资。", False),  # 排队 ends in 队
])
def test_a_body_jieba_cuts_in_two_answers_who_did_it(sentence, body):
    from assistant.answer_type import gives_fact

    asked = parse_question("占道经营的问题是谁处理的？")
    assert asked.cleft_agent
    assert gives_fact("who", sentence, asked.normalised, False) is body


@pytest.mark.parametrize("head, sentence, named", [
    ("物业", "小区引入绿城物业，服务明显改善。", True),  # 绿城/n 物业/n: the name is cut off the kind word
    ("物业", "由万科物业接管小区。", True),
    ("公司", "由中环国际公司派出志愿者。", True),  # 中环/ns 国际/n 公司/n
    ("物业", "小区物业负责日常保洁。", False),  # 小区: a common word, no name
    ("物业", "新物业进驻以后，垃圾清运及时了。", False),
    ("公司", "物业管理公司派人维修。", False),
])
def test_which_company_is_answered_by_a_name_jieba_cuts_off_its_kind(head, sentence, named):
    from assistant.answer_type import names_kind

    question = f"小区后来换了哪家{head}？"
    assert names_kind(head, sentence, list(parse_question(question).terms), question) is named


def test_a_role_of_another_body_does_not_name_the_asked_holder():
    """邮电社区的党委书记: the sentence names 佳韵社区's secretary (the question's frame 白沙洲街道…社区 around another
    name), a holder of the same role elsewhere; the one it asks about, or a sentence without another name, counts."""
    from assistant.answer_type import asked_focus, without_question
    from assistant.naming import named_by_role

    asked = parse_question("白沙洲街道邮电社区的党委书记叫什么名字？")
    terms = list(asked.terms)
    roles = asked_focus(asked, terms, [1.0] * len(terms))
    for sentence, named in [("白沙洲街道佳韵社区党委书记鲁红涛表示，毗邻社区党建联盟可以结成互助对子。", False),
                            ("随后，白沙洲街道堤后社区党委书记姚望带领大家回顾了十年成就。", False),  # 堤/n 后/f
                            ("白沙洲街道邮电社区党委书记鲁红涛表示，联盟可以结成互助对子。", True),
                            ("社区党委书记鲁红涛表示，联盟可以结成互助对子。", True),
                            ("新任社区党委书记鲁红涛表示，联盟可以结成互助对子。", True)]:
        assert named_by_role(sentence, without_question(sentence, asked.normalised, terms), roles) is named


def test_which_person_is_answered_by_a_person_named_without_the_kind():
    """哪位主政者: 哪位 counts persons; a sentence naming one (胡季牦, jieba 胡季/nr) answers it without repeating
    主政者. 哪个单位 (no measure word for persons) still needs a body's name."""
    from assistant.answer_type import failures
    from assistant.records import Passage

    sentence = "其中胡季牦因大力推行喃字，因而在中国明朝入侵越南时被押回囚禁在北京。"
    passage = Passage(chunk_id="c", article_id="a", title="喃字", source="s#a", passage=sentence, score=1.0)
    for question, typed in [("过去越南主政者多不重视喃字，哪位主政者甚至因试图推广而被明朝囚禁？", True),
                            ("过去越南多不重视喃字，哪个单位甚至因试图推广而被明朝囚禁？", False)]:
        asked = parse_question(question)
        terms = list(asked.terms)
        found = list(failures(asked, "who", terms, [1.0] * len(terms), passage, 0, len(sentence)))
        assert ("type" not in found) is typed


@pytest.mark.parametrize("question, person", [
    ("宝山区爱卫指导中心党支部书记叫什么？", True),  # 叫什么 said of a person's title
    ("飘鹰锦和花园党总支的书记叫什么？", True),
    ("湖畔嘉园小区中博物业公司的经理叫什么？", True),
    ("硚口简易社区那位在路上发现老爷子摔倒的邻里长叫什么？", True),  # 邻里/n 长/a: the title jieba cut
    ("这个项目叫什么？", False),  # a thing's name
    ("甘泉路街道发布的居民区自治品牌叫什么？", False),
    ("这支队伍叫什么", False),
    ("钱是谁掏的", False),  # a cleft: a body answers as well
])
def test_what_is_the_role_called_asks_a_persons_name(question, person):
    from assistant.answer_type import person_asked
    assert person_asked(parse_question(question)) is person


def test_common_words_jieba_tags_as_names_name_no_one_when_a_person_is_asked():
    """科普/nrt "popular science", 师傅/nr "master": CC-CEDICT knows them as common words. A body a jieba nr word
    names (蓝海 of 市文明单位蓝海股份) still names one where no person is asked."""
    from assistant.naming import names_a_person, personal_name
    assert not personal_name("科普", "nrt") and not personal_name("师傅", "nr")
    assert personal_name("徐秀", "nr")
    assert not names_a_person("课程邀请华东理工大学老师为大家科普国防知识", person=True)
    assert not names_a_person("近日，书记带领支部党员上门看望茹师傅和他的家人", person=True)  # 茹 师傅: no given name
    assert names_a_person("驿站管理员由小区居民志愿者顾伯伯自发担任", person=True)  # in apposition with 志愿者


def _who_failures(question: str, sentence: str) -> list[str]:
    from assistant.answer_type import failures
    from assistant.records import Passage
    passage = Passage(chunk_id="c", article_id="a", title="", source="s#a", passage=sentence, score=1.0)
    asked = parse_question(question)
    terms = list(asked.terms)
    return list(failures(asked, "who", terms, [1.0] * len(terms), passage, 0, len(sentence)))


@pytest.mark.parametrize("question, sentence, answered", [
    # the report gives the post, not the person: the title alone, a resident visited, a body's name answer no one
    ("宝山区爱卫指导中心党支部书记叫什么？",
     "近日，区爱卫指导中心党支部书记带领支部党员上门看望茹师傅和他的家人，送上党支部的慰问。", False),
    ("宝山区爱卫指导中心党支部书记叫什么？",
     "海滨二村第二居民区党总支与区爱卫指导中心党支部签署了结对共治任务书。", False),  # 二村/nrt, no 书记
    ("宝山区爱卫指导中心党支部书记叫什么？",
     "近日，区爱卫指导中心党支部书记王敏带领支部党员上门看望茹师傅和他的家人。", True),
    # another estate's secretary
    ("飘鹰锦和花园党总支的书记叫什么？", "看到这样的场景，爱建居民区党总支书记徐秀的脸上洋溢着笑容。", False),
    ("怡邻社区睦邻驿站的管理员是谁？", "驿站管理员由小区居民志愿者顾伯伯自发担任，汇集了一大批居民。", True),
    # 哪位老师讲的: a sentence naming the teacher who spoke, not one where a word jieba tags nrt stands
    ("那堂军事微党课，是华东理工大学哪位老师讲的？", "课程邀请华东理工大学老师为大家科普国防知识。", False),
    ("那堂军事微党课，是华东理工大学哪位老师讲的？", "华东理工大学王敏老师为大家讲解国防知识。", True),
    ("那堂军事微党课，是华东理工大学哪位老师讲的？", "华东理工大学王敏老师参观了展览。", False),  # not the deed
    # 哪位 counts persons whatever its noun (领导 is no title): the person named (here 紫薇/nr of a quoted slogan, which
    # the type check reads as a name) must have done the asked deed (出席)
    ("第十一届济南·基隆邻里节上，济南市是哪位市领导出席并致辞的？",
     "本届邻里节以“紫薇伴荷风邻里一家亲”为主题，举办了两岸居民联欢、座谈交流等活动。", False),
    ("第十一届济南·基隆邻里节上，济南市是哪位市领导出席并致辞的？", "济南市副市长王敏出席第十一届邻里节并致辞。", True),
    ("第十一届济南·基隆邻里节上，济南市是哪位市领导出席并致辞的？", "济南市副市长王敏参观了第十一届邻里节展览。", False),
])
def test_a_persons_role_is_answered_by_a_name_bound_to_it(question, sentence, answered):
    found = _who_failures(question, sentence)
    assert (not {"type", "focus", "event"} & set(found)) is answered, found
