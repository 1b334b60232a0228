"""One question object (issue 21, item 1): a question is analysed once, and retrieval, grounding, the
composer and the answer-type check all read that analysis. Counted on the real seeds store: a counter
around the real tagger and term extractors (they still run), not a mock of what they return."""
from __future__ import annotations

import json
import sys
from collections import Counter

import pytest

import assistant.question as question_module
from assistant.query import expand_query, key_terms, normalise_query
from assistant.question import FactKind, QuestionKind, parse_question
from vectorstore import keyword
from vectorstore.keyword import _posseg


@pytest.fixture
def analyses(monkeypatch):
    """How often, during the test, the question text was POS-tagged (jieba, from any module), its key terms
    extracted and its language detected."""
    counts: Counter = Counter()
    asked = {"text": ""}
    tagger = _posseg()
    real_cut, real_posseg_cut = tagger.cut, keyword.posseg_cut
    inside = {"posseg_cut": False}

    # posseg_cut tags a text piece by piece (memoised): a tagging is counted where it is asked for, in
    # posseg_cut or in the tagger itself (sentence_role calls it directly), not once more for its pieces
    def posseg_cut(text):  # noqa: ANN001, ANN202
        if text == asked["text"]:
            counts["pos-tag"] += 1
        inside["posseg_cut"] = True
        try:
            return real_posseg_cut(text)
        finally:
            inside["posseg_cut"] = False

    def cut(text, *args, **kwargs):  # noqa: ANN001, ANN202
        if text == asked["text"] and not inside["posseg_cut"]:
            counts["pos-tag"] += 1
        return real_cut(text, *args, **kwargs)

    monkeypatch.setattr(tagger, "cut", cut)
    for module in list(sys.modules.values()):  # every module that imported posseg_cut by name
        if getattr(module, "posseg_cut", None) is real_posseg_cut:
            monkeypatch.setattr(module, "posseg_cut", posseg_cut)
    def counted(key, real):  # noqa: ANN001, ANN202
        def run(*args, **kwargs):  # noqa: ANN202
            counts[key] += 1
            return real(*args, **kwargs)
        return run

    for name, key in (("chinese_terms", "terms"), ("english_terms", "terms"), ("question_lang", "lang")):
        monkeypatch.setattr(question_module, name, counted(key, getattr(question_module, name)))
    return counts, asked


@pytest.mark.parametrize("text", [
    "浦江微领地社区的“百万美感生活”活动是谁发起的?",  # who: the composer tags names, the type check asks the head
    "高华小区改造涉及多少户居民?",  # count: the focus words, the unit
    "海园居民区和高华小区分别做了什么？",  # a comparison: each side is refined apart
    "怎麼在老舊公房小區建立自治家園?",  # traditional: analysed in simplified, answered in traditional
    "How did Yuyuan Road merchants organise themselves to renew shop signs?",
])
def test_one_ask_analyses_the_question_once(assistant, analyses, text):
    counts, asked = analyses
    sides = parse_question(text).sides or ()  # a two-part question's sides are questions, each analysed once
    counts.clear()
    asked["text"] = normalise_query(text)
    answer = assistant.ask(text)
    assert answer.grounded
    assert counts["terms"] == 1 + len(sides) and counts["lang"] == 1
    # before the question object: 2-5 taggings of the question per ask (key terms in grounding and in the
    # composer, the two-part test, the asked head once per quoted sentence)
    if not text.isascii():
        assert counts["pos-tag"] == 1  # its key terms are told by jieba's tags
    assert counts["pos-tag"] <= 1


def test_the_question_object_gives_what_the_string_functions_gave(assistant):
    names = assistant.store.names_read_as
    for text in (" 海园居民区的社区共治金是怎么筹集的? ", "How did Haiyuan's residents raise a fund?"):
        question = parse_question(text, names)
        assert question.text == text.strip()
        assert [t.text for t in question.terms] == [t.text for t in key_terms(text, names)]
        assert question.search_text == expand_query(text, names)
    traditional = parse_question("怎麼在老舊公房小區建立自治家園?")
    assert traditional.lang == "zh-hant" and traditional.normalised == "怎么在老旧公房小区建立自治家园?"
    assert traditional.kind is QuestionKind.HOWTO and traditional.expected is None


def test_kinds_are_string_enums_with_the_same_json(assistant):
    assert json.dumps([QuestionKind.WHO, FactKind.MONEY]) == '["who", "money"]'
    assert f"fact_{FactKind.WHEN}" == "fact_when"  # prompts/ keys are built so
    answer = assistant.ask("高华小区改造涉及多少户居民?")
    expected = answer.grounding.answer_type.expected
    assert expected == "count" and type(expected) is str
    assert json.loads(answer.model_dump_json())["grounding"]["answer_type"]["expected"] == "count"


def test_a_traditional_how_question_gets_the_how_intro(assistant):
    # the composer's intro read the kind of the unnormalised text: 怎麼 is no 怎么, so it said the fact intro
    import opencc

    from prompts import texts

    answer = assistant.ask("怎麼在老舊公房小區建立自治家園?")
    intro = opencc.OpenCC("s2t").convert(texts("extractive", "zh-hant")["intro_howto"])
    assert answer.answer.startswith(intro + "\n\n")


@pytest.mark.parametrize("question, sides", [
    # a side with its own predicate: each side runs to the clause end; the shared rest loses 分别
    ("海园居民区修路和高华小区换路灯，钱分别是谁出的？", ("海园居民区修路，钱是谁出的？", "高华小区换路灯，钱是谁出的？")),
    # a side that is a name: the other side's name ends where a name-ending word is followed by 的, 分别…
    ("江秋新苑和高华小区的凉亭改造，各是由谁负责的？", ("江秋新苑的凉亭改造，是由谁负责的？", "高华小区的凉亭改造，是由谁负责的？")),
    ("上海和北京2021年的GDP分别是多少？", ("上海2021年的GDP是多少？", "北京2021年的GDP是多少？")),
    ("海园居民区和高华小区分别做了什么？", ("海园居民区做了什么？", "高华小区做了什么？")),  # jieba's 和高华
    # no clause break: the second side ends where the shared part opens with 分别
    ("海园居民区的共治金和江秋新苑居民区的专家分别来自哪里？", ("海园居民区的共治金来自哪里？", "江秋新苑居民区的专家来自哪里？")),
    ("江秋新苑和海园居民区有什么不同？", ("江秋新苑有什么不同？", "海园居民区有什么不同？")),
    # a character jieba does not know is tagged `x` like a mark (沌): inside the name, not its end
    ("海园居民区和武汉沌口街道分别是怎么做的？", ("海园居民区是怎么做的？", "武汉沌口街道是怎么做的？")),
    # two parallel phrases, each a case and a thing of it, fill the clause before 各自: each side is its phrase
    ("长宁路街道的楼组长擂台赛和新华区的社区工作者风采大赛，各自比的是什么？",
     ("长宁路街道的楼组长擂台赛，比的是什么？", "新华区的社区工作者风采大赛，比的是什么？")),
    # …but a right side's 的 followed by the shared part with 分别 in the same clause is the shared part's
    ("杨行镇的飘鹰锦和花园和丽景翠庭的电梯分别是谁出钱修的？",
     ("杨行镇的飘鹰锦和花园的电梯是谁出钱修的？", "丽景翠庭的电梯是谁出钱修的？")),
    ("社区和物业怎么合作？", None),  # joined, but not asked per side nor compared: one question
    ("中华人民共和国成立于哪一年", None),
])
def test_a_two_part_question_is_split_into_its_sides(question, sides):
    from assistant.question import question_sides

    assert question_sides(question) == sides
    assert parse_question(question).sides == sides


def test_a_sides_asked_fact_is_read_in_the_part_both_sides_share():
    from assistant.answer_type import focus_term

    first, second = parse_question("高华小区换路灯和海园居民区修路，费用分别是谁承担的？").side_questions()
    assert (first.text, second.text) == ("高华小区换路灯，费用是谁承担的？", "海园居民区修路，费用是谁承担的？")
    assert first.shared == second.shared == "，费用是谁承担的？"
    terms = list(first.terms)
    weights = [3.0 if t.text == "路灯" else 1.0 for t in terms]  # the side's own noun, however rare, is no focus
    assert focus_term(terms, weights).text == "路灯"
    assert focus_term(terms, weights, first.shared).text == "费用"
    assert parse_question("高华小区换路灯，费用是谁承担的？").shared == ""  # a one-part question: as before


@pytest.mark.parametrize("question, nouns", [
    ("浑南区全区有多少名社区工作者？", ("社区", "工作者")),  # the noun phrase 多少 counts
    ("海滨新村这次修复改造的道路有多大面积？", ("面积",)),  # jieba's 多 + 大面积
    ("上海市2023年新任市长是谁？", ("新任", "市长")),  # the noun phrase 是谁 is said of
    ("长安汽车2021年销量同比增长多少？", ("年销量",)),  # the subject of the verb of change
    ("沈河区房产局那位负责人叫什么名字？", ("负责人",)),
    ("宽城法院那起纠纷，法官和社区一起调解了多久才谈拢？", ()),  # the duration of a verb: no noun
    ("平顺路790弄地下车库漏水以后，换排污管的钱是谁掏的？", ()),  # a cleft: who did it
    ("社区治理中居民怎样参与议事协商？", None),  # no question word of an amount or a person
])
def test_the_noun_a_question_word_is_about_is_read_by_part_of_speech(question, nouns):
    assert parse_question(question).asked_noun == nouns


@pytest.mark.parametrize("question, agent", [
    ("平顺路790弄地下车库漏水以后，换排污管的钱是谁掏的？", True),
    ("淞南五村272号楼加装电梯，最早是谁向居民区党总支提出来的？", True),
    ("梅隐寺社区修路，费用是谁承担的？", True),
    ("上海市2023年新任市长是谁？", False),
    ("那位负责人叫什么名字？", False),
])
def test_a_cleft_who_asks_for_the_doer_a_person_or_an_organisation(question, agent):
    from assistant.answer_type import gives_fact, person_asked

    asked = parse_question(question)
    assert asked.cleft_agent is agent
    assert person_asked(asked) is not agent
    # an organisation answers who paid or who proposed, not who the mayor is
    assert gives_fact("who", "经商量，由业委会出资更换全部排污管。", asked.normalised, person_asked(asked)) is agent


def test_a_subject_named_in_another_chunk_of_its_report_counts_unless_the_sentence_names_its_own():
    """江秋新苑 (a name jieba tags nr, no gazetteer place) is named at the top of the seed report, the expert in
    a later chunk: the report's text shows the subject. A sentence naming another place keeps its own."""
    import re
    from pathlib import Path

    from assistant.answer_type import names_other, names_subject, window_coverage

    seeds = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
    report = re.sub(r"\s+", "", (seeds / "002_011ff3a40aa89e33.txt").read_text(encoding="utf-8"))
    chunk = report[report.index("华东政法大学政府管理学院"):][:200]
    assert "江秋新苑" not in chunk
    asked = parse_question("江秋新苑的高校赋能专家是谁？")
    terms = list(asked.terms)
    assert [t.text for t in terms if names_subject(t)] == ["江秋新苑"]
    weights = [4.0 if names_subject(t) else 1.0 for t in terms]
    assert window_coverage(terms, weights, chunk) < 0.5  # the chunk alone
    assert window_coverage(terms, weights, chunk, document=report) == 1.0
    # persons and organisations answer a who-question; another place is another subject
    assert not names_other("华东政法大学教授唐文玉作为高校赋能专家", terms, "who")
    assert names_other("近日，松江区佘山镇举办了一场圆桌会，高校赋能专家参会。", terms, "who")


@pytest.mark.parametrize("question, names, common", [
    # a title-cased glossary term's head noun is a common word; a name comes before it
    ("When does Longgang's Community Governance Regulation come into force?", {"longgang"}, {"regulation"}),
    ("What did the Tokyo Community Garden do?", {"tokyo"}, {"garden"}),
    ("Who runs the Community Garden in Tokyo?", {"tokyo"}, {"garden"}),
])
def test_a_capitalised_common_noun_after_a_glossary_term_is_no_name(question, names, common):
    from assistant.query import english_terms

    terms = {t.text: t for t in english_terms(question)}
    assert {t for t in names | common if terms[t].entity} == names
    # a common word: counts when a passage shows it, never as missing, unless the general dictionary translates
    # it (规章 for "regulation", assistant/dictionary.py)
    assert all(terms[t].optional or terms[t].glossed for t in common)


def test_a_persons_name_is_asked_by_the_role_next_to_it():
    """队长叫什么名字: a name must be in the role's clause (居民区党总支委员王敏, seed report 002), not be any word jieba
    tags as a name elsewhere in the sentence (宣传栏, 老红军)."""
    from assistant.answer_type import asked_focus, person_asked, without_question
    from assistant.naming import named_by_role

    asked = parse_question("江秋新苑居民区的党总支委员叫什么名字？")
    terms = list(asked.terms)
    roles = asked_focus(asked, terms, [1.0] * len(terms))
    assert person_asked(asked) and [t.text for t in roles] == ["党总支", "委员"]
    for sentence, named in [("本场圆桌会作为江秋新苑居民区项目第一次多方现场会，居民区党总支委员王敏介绍了项目的基本情况。", True),
                            ("居民区党总支委员介绍了情况，参观内容丰富的长征精神文化墙、学习弘扬老红军传统宣传栏。", False)]:
        assert named_by_role(sentence, without_question(sentence, asked.normalised, terms), roles) is named


def test_a_when_questions_date_must_be_of_the_event_it_asks_about():
    """The seed report's 11月30日 is the day the forum was held and the institute founded, not the day the
    index system was revised: a when-question's predicate (成立, 举办) must be said by the date's sentence,
    in its words or a verb sharing a character (举行 for 举办)."""
    from assistant.answer_type import says_dated

    sentence = "11月30日,第二届长宁虹桥国际社区治理论坛成功举办,发布《虹桥国际社区治理指标体系2.0》,并成立虹桥国际社区治理研究院。"
    assert parse_question("虹桥国际社区治理研究院是哪一天成立的？").dated == ("成立",)
    assert parse_question("长宁虹桥国际社区治理论坛什么时候举行的？").dated == ("举行",)
    assert says_dated(sentence, ("成立",)) and says_dated(sentence, ("举行",))
    assert not says_dated(sentence, ("修订",))
    assert parse_question("虹桥国际社区治理研究院有多少名专家？").dated == ()
    # the phrase dated, as the question writes it, dates the sentence that names it (召开 for 举办)
    assert parse_question("静安寺街道社区自治工作推进会是什么时候举办的？").dated_subject == "社区自治工作推进会"


def test_a_verb_with_its_complement_weighs_as_a_verb():
    """jieba's dictionary has 挖掘出 as a noun: a known verb and a directional complement is a verb."""
    terms = {t.text: t for t in parse_question("新华路街道目前挖掘出了多少位社区达人？").terms}
    assert terms["挖掘出"].verb and not terms["社区"].verb


@pytest.mark.parametrize("question, kind", [
    ("老街社区的志愿者服务队获得了什么荣誉？", "荣誉"),
    ("第二届论坛在哪个城市举办？", "城市"),
    ("老街社区举办了什么类型的活动？", ""),  # 类型 modifies 活动 (after 的): the sentence must name the type
    ("共治金是什么？", ""),
])
def test_the_noun_after_what_names_the_kind_of_answer(question, kind):
    assert parse_question(question).kind_noun == kind


def test_a_what_answer_need_not_repeat_the_noun_naming_its_kind():
    # invented report: 荣誉 asks for an honour; the sentence names one (被评为…团队) without the word 荣誉
    from assistant.answer_type import check
    from assistant.records import Citation, Passage

    asked = parse_question("老街社区的志愿者服务队获得了什么荣誉？")
    text = "2022年，老街社区志愿者服务队被评为区级优秀志愿服务团队。"
    passage = Passage(chunk_id="a-0000-b", article_id="a", title="老街社区", source="s", passage=text, score=1.0)
    quoted = Citation(n=1, article_id="a", title="老街社区", source="s", passage=text, span=(0, len(text)),
                      chunk_id="a-0000-b")
    terms = list(asked.terms)
    weights = [3.0 if t.text == "荣誉" else 1.0 for t in terms]  # the rarest word: it was taken for the focus
    assert check(asked, terms, weights, [quoted], [passage]).ok
    # a sentence on another subject still fails
    other = "2022年，新村小区举办了一场邻里节。"
    quoted = quoted.model_copy(update={"passage": other, "span": (0, len(other))})
    passage = passage.model_copy(update={"passage": other})
    assert not check(asked, terms, weights, [quoted], [passage]).ok


@pytest.mark.parametrize("sentence, dated", [
    ("曹家渡小区始建于1958年，共有住户420户。", True),  # a year before 1900… or after: any four-digit year
    ("这座石桥建于1876年。", True),
    ("公元前221年，秦统一六国。", True),
    ("小区共有住户1958户。", False),  # a count, not a year
    ("这座石桥已有1500多年历史。", False),  # a span of years, not a date
])
def test_a_when_answers_year_is_any_year_of_four_digits(sentence, dated):
    from assistant.answer_type import gives_fact

    assert gives_fact("when", sentence, "这座桥是哪一年建成的？") is dated


def test_a_sentence_without_a_subject_speaks_of_the_one_before():
    # invented report: the date's sentence drops the subject it shares with the sentence before (a topic chain)
    from assistant.answer_type import check, continued, subjectless
    from assistant.records import Citation, Passage

    assert subjectless("2021年3月开工，2022年6月30日投入使用。") and subjectless("共吸引200余名居民参加。")
    assert not subjectless("小区共有住户420户。") and not subjectless("由居委会牵头，成立了议事会。")
    text = "老街社区睦邻中心是街道的重点项目。2021年3月开工，2022年6月30日投入使用。"
    second = text.index("2021")
    assert continued(text, second, len(text)) == text
    asked = parse_question("老街社区睦邻中心什么时候投入使用？")
    passage = Passage(chunk_id="a-0000-b", article_id="a", title="街道动态", source="s", passage=text, score=1.0)
    quoted = Citation(n=1, article_id="a", title="街道动态", source="s", passage=text, span=(second, len(text)),
                      chunk_id="a-0000-b")
    terms = list(asked.terms)
    typed = check(asked, terms, [1.0] * len(terms), [quoted], [passage])
    assert typed.ok and typed.found is None


def test_a_counts_figure_is_read_with_the_unit_the_question_counts_in():
    # invented report: 多少公分 counts in 公分, the question's own word: the figure 3公里 is written with it
    from assistant.answer_type import check
    from assistant.records import Citation, Passage

    asked = parse_question("老街社区新栽的树苗高多少公分？")
    assert asked.asked_noun == ("公分",)
    text = "老街社区新栽的树苗沿河种植，高80公分。"
    passage = Passage(chunk_id="a-0000-b", article_id="a", title="街道动态", source="s", passage=text, score=1.0)
    quoted = Citation(n=1, article_id="a", title="街道动态", source="s", passage=text, span=(0, len(text)),
                      chunk_id="a-0000-b")
    terms = list(asked.terms)
    assert check(asked, terms, [1.0] * len(terms), [quoted], [passage]).ok
    # no figure in that unit, or none at all: no answer
    for other in ("老街社区新栽的树苗沿河种植，高约一人。", "老街社区新栽的树苗沿河种植，长势良好。"):
        cited = quoted.model_copy(update={"passage": other, "span": (0, len(other))})
        assert not check(asked, terms, [1.0] * len(terms), [cited], [passage.model_copy(update={"passage": other})]).ok


@pytest.mark.parametrize("question, head", [
    ("老街社区志愿者服务队的口号是什么？", "口号"),  # after 的: the head ends the phrase
    ("新华剧团排演的新戏主角叫什么？", "主角"),  # the clause before 的 modifies it
    ("老街社区举办的最受欢迎的活动是什么？", "活动"),  # a verbal noun heads it too
    ("哪里有完整的化石？", ""),  # nothing before the question word
])
def test_the_head_of_a_what_questions_noun_phrase_is_its_last_noun(question, head):
    assert parse_question(question).phrase_head == head


def test_a_what_answer_may_show_the_phrases_head_instead_of_its_weightiest_modifier():
    # invented report: the weightiest noun (服务队) modifies the asked head (口号); a sentence saying the head
    # speaks of what is asked, one saying neither does not
    from assistant.answer_type import check
    from assistant.records import Citation, Passage

    asked = parse_question("老街社区志愿者服务队的口号是什么？")
    terms = list(asked.terms)
    weights = [3.0 if t.text == "志愿者服务队" else 1.0 for t in terms]
    for text, ok in [("服务队成立于2015年。老街社区的口号是“邻里守望、互帮互助”。", True),
                     ("服务队成立于2015年。老街社区的队员们每周三在睦邻中心集合。", False)]:
        start = text.index("。") + 1
        passage = Passage(chunk_id="a-0000-b", article_id="a", title="老街社区", source="s", passage=text, score=1.0)
        quoted = Citation(n=1, article_id="a", title="老街社区", source="s", passage=text, span=(start, len(text)),
                          chunk_id="a-0000-b")
        assert check(asked, terms, weights, [quoted], [passage]).ok is ok


def test_a_what_answers_focus_named_by_its_passages_title_need_not_be_repeated():
    # invented report: the weightiest noun (睦邻中心) is the topic its passage is titled by; a sentence of that
    # passage speaks of it without naming it again, a sentence of a passage on another topic does not
    from assistant.answer_type import check
    from assistant.records import Citation, Passage

    asked = parse_question("老街睦邻中心的主要用途是什么？")
    terms = list(asked.terms)
    weights = [1.2 if t.text == "睦邻中心" else 1.0 for t in terms]
    text = "老街的老年居民主要在这里解决午餐和日间照料。"
    for title, ok in [("老街睦邻中心", True), ("街道动态", False)]:
        passage = Passage(chunk_id="a-0000-b", article_id="a", title=title, source="s", passage=text, score=1.0)
        quoted = Citation(n=1, article_id="a", title=title, source="s", passage=text, span=(0, len(text)),
                          chunk_id="a-0000-b")
        assert check(asked, terms, weights, [quoted], [passage]).ok is ok


@pytest.mark.parametrize("question, text, ok", [
    ("老街睦邻中心隶属于哪里？", "老街睦邻中心隶属于新华路街道。", True),
    ("老街睦邻中心位于哪里？", "老街睦邻中心位于长宁区新华路街道。", True),
    ("老街睦邻中心位于哪里？", "老街睦邻中心位于一处老厂房，面积800平方米。", False),  # no place after it
])
def test_a_place_asked_after_a_locative_verb_is_read_after_that_verb_in_the_sentence(question, text, ok):
    # invented report: the question's own locative verb (位于, 隶属于) is not blanked from the sentence, so the
    # place that follows it there is found
    from assistant.answer_type import check
    from assistant.records import Citation, Passage

    asked = parse_question(question)
    terms = list(asked.terms)
    passage = Passage(chunk_id="a-0000-b", article_id="a", title="街道动态", source="s", passage=text, score=1.0)
    quoted = Citation(n=1, article_id="a", title="街道动态", source="s", passage=text, span=(0, len(text)),
                      chunk_id="a-0000-b")
    assert check(asked, terms, [1.0] * len(terms), [quoted], [passage]).ok is ok


@pytest.mark.parametrize("question, head", [
    ("老街社区的志愿者主要分布在哪些地方？", "地方"),  # jieba fuses 哪些地方 into one word: the noun in it
    ("老街睦邻中心位在哪一个国家内？", "国家"),  # 内 after the noun is a localiser, not the head
    ("那位志愿者是哪国人？", "国人"),  # a place kind and 人: a person of a country
    ("老街社区的新楼在哪座城？", "城"),  # a measure word (座) before the noun
])
def test_the_kind_a_which_question_asks_for_is_read_inside_what_jieba_fuses_with_which(question, head):
    assert parse_question(question).asked_head == head


@pytest.mark.parametrize("question, text, ok", [
    ("老街社区的志愿者主要分布在哪些地方？", "主要分布在长宁区和徐汇区，闵行区也有一些。", True),
    ("老街社区的志愿者主要分布在哪些地方？", "主要分布在各个楼组，人数逐年增加。", False),  # no place named
    ("那位志愿者是哪国人？", "那位志愿者是古巴留学生。", True),  # 哪国人: the country names it
])
def test_a_which_place_question_read_inside_a_fused_which_is_answered_by_a_place(question, text, ok):
    # invented report: 哪些地方 asks for places (not for a word ending in 方), 哪国人 for a country
    from assistant.answer_type import check
    from assistant.records import Citation, Passage

    asked = parse_question(question)
    terms = list(asked.terms)
    passage = Passage(chunk_id="a-0000-b", article_id="a", title="老街社区", source="s", passage=text, score=1.0)
    quoted = Citation(n=1, article_id="a", title="老街社区", source="s", passage=text, span=(0, len(text)),
                      chunk_id="a-0000-b")
    assert check(asked, terms, [1.0] * len(terms), [quoted], [passage]).ok is ok


@pytest.mark.parametrize("question, nouns", [
    ("老街社区在民国几年时被划入长宁区？", ()),  # 几年 asks the year: 时被 after it is no counted noun
    ("老街社区有了新章程，是由谁整理发展的？", ()),  # 谁 is no determiner: 整理/n after it is the deed
    ("老街社区有多少年历史？", ("历史",)),  # 多少 年 apart: the noun after the unit is counted
])
def test_the_question_words_own_unit_or_a_pronoun_counts_no_noun_after_it(question, nouns):
    assert parse_question(question).asked_noun == nouns


def test_a_comparative_before_the_question_word_is_not_what_the_figure_is_of():
    # 高于 (于: "than") compares the figure; the figure is of the noun before it (雨量)
    assert parse_question("热带雨林的年平均雨量大约高于多少公厘？").focus == ("雨量",)
    # 位于 (于: "at") is no comparative: it says what the figure is of
    assert parse_question("该楼位于多少层？").focus != ()


@pytest.mark.parametrize("text, question, ok", [
    ("约有70队乐队参加，当中只有10队可以晋级进入决赛。", "进入决赛的乐队共有几只？", True),  # 队 of 乐队 counts them
    ("约有70名乐手参加，当中只有10人可以晋级进入决赛。", "进入决赛的乐队共有几只？", False),  # people, not bands
    ("标准白光是6500K时的黑体辐射。", "标准白光是多少K？", True),  # the question's Latin unit
    ("标准白光相当于白天的天光。", "标准白光是多少K？", False),
    ("民国19年1月改为特别市。", "广州市在民国几年时被更改为特别市？", True),  # a year of an era
    ("该村迁址已有3年。", "该村迁址有几年了？", True),  # a number of years
    ("该村于1月迁址。", "该村迁址有几年了？", False),
    ("共有300名青年志愿者报名参加。", "有多少年轻人报名参加了活动？", True),  # 年轻人 is counted, not years
])
def test_a_count_is_read_in_the_unit_its_question_counts_in(text, question, ok):
    from assistant.answer_type import gives_fact

    assert gives_fact("count", text, question, counted=parse_question(question).asked_noun or ()) is ok


def test_a_name_right_after_a_verb_of_lying_is_a_place_whatever_jieba_tags_it():
    from assistant.answer_type import _located

    assert _located("行政总部位于西布里奇福德。")  # 布里奇/nr 福德/nr after 位于
    assert not _located("在王敏的帮助下，问题得到解决。")  # after 在: a person, not a place


def test_a_when_answer_need_not_repeat_the_decade_the_question_asks_in():
    # invented report: 年代 names the kind of answer, as 时间 does: 1980年代 answers 哪一年代
    from assistant.answer_type import check
    from assistant.records import Citation, Passage

    asked = parse_question("老街社区的改造运动是在哪一年代发生的？")
    text = "1980年代老街社区的改造运动打破了传统的格局。"
    terms = list(asked.terms)
    passage = Passage(chunk_id="a-0000-b", article_id="a", title="老街社区", source="s", passage=text, score=1.0)
    quoted = Citation(n=1, article_id="a", title="老街社区", source="s", passage=text, span=(0, len(text)),
                      chunk_id="a-0000-b")
    assert check(asked, terms, [1.0] * len(terms), [quoted], [passage]).ok


@pytest.mark.parametrize("text, place", [
    ("读书会在多伦多、温哥华和卡加利均设有分会。", True),  # jieba tags 多伦多/nrt, 温哥华/nr: names after 在
    ("墓地在他的故乡普雷达皮奥。", True),
    ("在王敏带领下，问题得到解决。", False),  # 在…下 frames a circumstance around a person
    ("在王敏的帮助下，问题得到解决。", False),
    ("在王敏看来，这很好。", False),
])
def test_a_name_jieba_tags_as_a_person_after_a_locative_is_a_place_unless_a_localiser_frames_it(text, place):
    from assistant.answer_type import _located

    assert _located(text) is place


def test_a_question_asked_as_a_noun_phrase_has_no_interrogative_and_ends_in_a_noun():
    """RGB's keyword questions (2023春运首日旅客发送量, …选举结果？) are noun phrases; a question with an interrogative
    word (什么, 多少, 甚么), a question particle, an A-not-A form, or one ending in a verb is not, nor an English one.
    (A verb and its object, 社区加装电梯, ends in a noun and counts as one: the form, not the meaning, is read.)"""
    from assistant.question import noun_phrase

    for question in ("2023春运首日旅客发送量", "香港第六任行政长官选举结果？", "韩国在卡塔尔世界杯的成绩", "海园居民区的共治金"):
        assert noun_phrase(question), question
    for question in ("社区有多少名志愿者？", "共治金是什么？", "国军为甚么失去了战力", "业主大会能不能线上表决？",
                     "共治金是怎么筹集的", "海园居民区的共治金筹集了吗", "海园居民区共治金筹集", "How many volunteers"):
        assert not noun_phrase(question), question


@pytest.mark.parametrize(("question", "nouns", "focus"), [
    # the place after 在 locates the figure; the noun before it is what is counted
    ("社区儿童友好空间书籍数量已在杨园街道达多少册？", ("空间", "书籍", "数量"), ()),
    ("缩减重复学时210学时在高境镇是多少项？", ("项",), ()),
    # no locative: the noun before the question word is still the asked one
    ("社区儿童友好空间书籍数量已达多少册？", ("空间", "书籍", "数量"), ("数量",)),
    ("在徐汇区有多少个小区加装了电梯？", ("小区",), ("小区", "加装")),
    # the noun before 在 heads a name (万佳/nz 苑/nr 小区): a place too, so no noun is asked about
    ("万佳苑小区在4号楼有多少户？", (), ()),
])
def test_locative_place_is_not_the_asked_noun(question: str, nouns: tuple[str, ...], focus: tuple[str, ...]) -> None:
    asked = parse_question(question)
    assert asked.asked_noun == nouns
    assert asked.focus == focus



@pytest.mark.parametrize(("question", "nouns"), [
    # no verb closes the locative before the question word: 4号楼 stays the noun asked about, as before
    ("想问一下，万佳苑小区在4号楼谁是那位楼组长与居民们耐心沟通下呢？", ("楼",)),
    # 在轨 (in orbit) names no place or time: 寿命 is measured
    ("鑫诺一号通信卫星在轨寿命是多少年？", ("轨", "寿命")),
    # the question word inside the locative: what is measured is there
    ("班卡雀鲷生活在水深多少的海域？", ("水深",)),
])
def test_an_open_or_unnamed_locative_keeps_its_noun(question: str, nouns: tuple[str, ...]) -> None:
    assert parse_question(question).asked_noun == nouns
