"""Agreement across reports (assistant/agreement.py, branch rgbscope): a figure or a date another report repeats
stands; one other reports contradict, as fully on the subject, and none repeats is unsupported (of a when-question,
or of a figure question naming a year: branch agreewho); one report alone raises nothing. Invented passages, real components (the question parser, jieba,
the answer-type check's terms)."""
from __future__ import annotations

from assistant.agreement import copies, unsupported, values
from assistant.answer_type import checked_terms
from assistant.question import FactKind, parse_question
from assistant.records import Citation, Passage


def _passage(article: str, text: str, title: str = "") -> Passage:
    return Passage(chunk_id=f"{article}-0", article_id=article, title=title, source="test", passage=text, score=1.0)


def _quote(passage: Passage, sentence: str) -> Citation:
    start = passage.passage.index(sentence)
    return Citation(n=1, article_id=passage.article_id, title=passage.title, source="test", passage=passage.passage,
                    span=(start, start + len(sentence)), chunk_id=passage.chunk_id)


def _unsupported(question_text: str, passages: list[Passage], quoted: Passage, sentence: str) -> bool:
    question = parse_question(question_text)
    terms, weights = checked_terms(question, question.expected, list(question.terms), [1.0] * len(question.terms))
    return unsupported(question, terms, weights, [_quote(quoted, sentence)], passages)


def test_values_are_numbers_and_dates_not_the_asked_year():
    assert values(FactKind.COUNT, "2022年考研报名人数是多少", "2022年考研报名人数为457万人。") == {"457"}
    assert values(FactKind.RATE, "2022年经济增长多少", "全年增长3.0%，四季度增长2.9%。") == {"3", "2.9"}
    # a year the question names is a qualifier; another year and the month and day are values
    assert values(FactKind.WHEN, "2022年RCEP生效时间", "RCEP于2022年1月1日生效。") == {"M1D1"}
    assert values(FactKind.WHEN, "RCEP生效时间", "2020年11月15日签署。") == {"Y2020", "M11D15"}


SUBJECT = "长宁区2023年的志愿者报名人数是多少？"
ANSWER = "长宁区2023年的志愿者报名人数为320人。"


def test_a_value_another_report_repeats_stands():
    quoted = _passage("a", ANSWER)
    again = _passage("b", "据统计，长宁区2023年的志愿者报名人数达320人。")
    other = _passage("c", "长宁区2023年的志愿者报名人数为280人。")
    assert not _unsupported(SUBJECT, [quoted, other, again], quoted, ANSWER)


def test_a_value_other_reports_contradict_and_none_repeats_is_unsupported():
    quoted = _passage("a", ANSWER)
    other = _passage("c", "长宁区2023年的志愿者报名人数为280人。")
    third = _passage("d", "记者获悉，长宁区2023年的志愿者报名人数共计300人。")
    assert _unsupported(SUBJECT, [quoted, other, third], quoted, ANSWER)
    assert _unsupported(SUBJECT, [quoted, other], quoted, ANSWER)
    # read only for a question naming a year: the scope its siblings differ in (another year's, region's figure)
    assert not _unsupported("长宁区的志愿者报名人数是多少？", [quoted, other], quoted, ANSWER)


def test_a_date_is_compared_whether_or_not_the_question_names_a_year():
    # an event has one date: another report's other date of the same launch, none repeating it, contradicts it
    sentence = "3月15日，该公司发布了新版长宁通应用。"
    quoted = _passage("a", sentence)
    other = _passage("c", "长宁通应用于2022年11月30日发布，随后用户迅速增长。")
    assert _unsupported("长宁通的发布时间", [quoted, other], quoted, sentence)
    again = _passage("d", "3月15日长宁通发布。")
    assert not _unsupported("长宁通的发布时间", [quoted, other, again], quoted, sentence)
    assert not _unsupported("长宁通的发布时间", [quoted], quoted, sentence)


def test_one_report_alone_raises_nothing():
    quoted = _passage("a", ANSWER + "其中青年志愿者报名人数为150人。")
    unrelated = _passage("c", "静安区开展垃圾分类宣传，发放传单500份。")
    assert not _unsupported(SUBJECT, [quoted, unrelated], quoted, ANSWER)


def test_a_reports_other_passages_do_not_contradict_it():
    # two paragraphs of one titled report (or the report stored twice) tell its other events
    quoted = _passage("a", ANSWER, title="长宁区志愿服务")
    same = [_passage(x, f"长宁区2023年的志愿者报名人数为{n}人。", title="长宁区志愿服务") for x, n in (("b", 280), ("c", 300))]
    assert not _unsupported(SUBJECT, [quoted, *same], quoted, ANSWER)


def test_a_window_showing_less_of_the_question_does_not_contradict():
    quoted = _passage("a", ANSWER)
    weaker = _passage("c", "2023年共有280人报名。")
    assert not _unsupported(SUBJECT, [quoted, weaker], quoted, ANSWER)


def test_a_report_not_naming_the_answers_subject_does_not_contradict():
    # the sibling reports must say the place the answer's report says (静安区's figure is not 长宁区's)
    quoted = _passage("a", ANSWER)
    others = [_passage(x, f"静安区2023年的志愿者报名人数为{n}人。") for x, n in (("c", 280), ("d", 300))]
    assert not _unsupported(SUBJECT, [quoted, *others], quoted, ANSWER)


def test_untyped_and_unfigured_questions_are_not_read():
    quoted = _passage("a", "长宁区的志愿服务由社区党委牵头。")
    other = _passage("c", "长宁区的志愿服务由街道办牵头。")
    assert not _unsupported("长宁区的志愿服务是谁牵头的？", [quoted, other], quoted, "长宁区的志愿服务由社区党委牵头。")


def test_copies_finds_a_shared_stretch_of_the_span():
    text = "甲" * 10 + "长宁区2023年的志愿者报名人数为320人，比上年增加40人，其中青年志愿者占六成以上。" * 3
    assert copies(text, "转载：" + text[5:140] + "（完）", 80)
    assert not copies(text, text[:60], 80)  # a stretch shorter than the span is no copy
    assert not copies(text, text, 0)  # span 0: nothing copies


def test_a_copy_of_the_answers_passage_neither_repeats_nor_contradicts_it():
    # the answer's passage reposted under another title (RGB: a news item on several sites) is the same source:
    # its value does not corroborate the answer, so another report's contradicting value stands
    long_answer = ANSWER + "据介绍，今年长宁区志愿者服务站点覆盖全部街道镇，服务时长累计超过一万小时，群众满意度持续提升。" * 2
    quoted = _passage("a", long_answer, title="长宁区志愿服务")
    repost = _passage("b", "转自长宁发布：" + long_answer, title="志愿者报名情况")
    other = _passage("c", "记者获悉，长宁区2023年的志愿者报名人数共计280人。")
    assert _unsupported(SUBJECT, [quoted, repost, other], quoted, ANSWER)
    independent = _passage("d", "据统计，长宁区2023年的志愿者报名人数达320人。")
    assert not _unsupported(SUBJECT, [quoted, repost, other, independent], quoted, ANSWER)
