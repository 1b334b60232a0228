"""English questions' terms and their coverage (branch english9): prepositions read from their translations, the
country a Chinese collection's reports lie in, and transliterated glossary names. On the real seeds store."""
from __future__ import annotations

from assistant import dictionary
from assistant.grounding import assess
from assistant.query import english_terms, translates_to_function_words

CHINA = "Why did Laoximen set up autonomy homes in China's old public housing estates?"


def _term(question: str, text: str):
    return next((t for t in english_terms(question) if t.text == text), None)


def test_prepositions_the_closed_list_lacks_are_read_from_their_translations():
    # after → 之后/f, 以后/f; during → 之中, 之际/f; among → 之间/f: localisers and pronouns, as jieba tags them
    for word in ("after", "during", "among", "through"):
        assert translates_to_function_words(dictionary.translate(word)), word
    # content words keep their place, numerals too (third → 三次/m is a constraint, not grammar)
    for word in ("legal", "third", "unusual", "month", "lamp", "renew"):  # 更新 is tagged an adverb
        assert not translates_to_function_words(dictionary.translate(word)), word
    texts = [t.text for t in english_terms("Which university's students helped Jiangqiu Xinyuan during the project "
                                           "after the third forum?")]
    assert "during" not in texts and "after" not in texts
    assert {"students", "project", "third", "forum"} <= set(texts)


def test_china_is_a_country_term_not_a_name():
    china = _term(CHINA, "china")
    assert china is not None and china.country and not china.entity
    assert "中国" in china.alternatives
    chinese = _term("How do Chinese residents in Laoximen take part in autonomy homes?", "chinese")
    assert chinese is not None and chinese.country and not chinese.entity
    tokyo = _term("How do residents in Tokyo take part in autonomy homes?", "tokyo")  # another country's city
    assert tokyo is not None and tokyo.entity and not tokyo.country


def test_a_report_placed_in_china_implies_china(assistant):
    """The 老西门 report never writes 中国 (nor 我国): its place, found by the ingest, lies in a province of the
    country cpca's table covers. The question used to be refused for the missing name 'china'."""
    answer = assistant.ask(CHINA)
    assert answer.grounded and not answer.grounding.missing_entities
    assert any("老西门" in c.title or "老西门" in c.passage for c in answer.citations)
    question, passages, grounding = assistant._prepare(CHINA, None, None)
    assert "china" not in grounding.missing_terms
    # the same passages without a place the ingest found in China: 'china' is a missing name again
    unplaced = [p.model_copy(update={"place": ""}) for p in passages]
    bare = assess(question, unplaced, assistant.store.keyword_index(), 0.55)
    assert bare.missing_entities == ["china"] and not bare.grounded


def test_china_named_alone_is_asked_about_as_a_whole(assistant):
    """"The capital of China": no other name for China to locate, so it must be shown; a local report on a 长宁
    forum (资金 for "capital") does not answer it."""
    for question in ("What is the capital of China?", "How do Chinese communities govern themselves?"):
        answer = assistant.ask(question)
        assert not answer.grounded and answer.grounding.missing_entities in (["china"], ["chinese"]), question


def test_a_transliterated_glossary_name_is_required(assistant):
    """"Gubei" and "Zhenru" are the pinyin of the glossary's 古北 and 真如: written capitalised, names. The seeds have
    a 古北 report and none on 真如: the Zhenru question is refused for the name, not answered from 古北's lamps."""
    assert _term("How did Gubei residents get new street lamps?", "gubei").entity
    # capitalised glossary words that are no pinyin of their Chinese (食堂, 弄) stay words
    assert not _term("Who runs the Canteen on Lane 27?", "canteen").entity
    assert not _term("Who runs the Canteen on Lane 27?", "lane").entity
    assert not _term("how did residents in gubei get new street lamps?", "gubei").entity  # not written as a name
    assert assistant.ask("How did Gubei residents get new street lamps?").grounded
    zhenru = assistant.ask("How did Zhenru residents get new street lamps?")
    assert not zhenru.grounded
    assert zhenru.grounding.missing_entities == ["zhenru"]


def test_an_english_question_of_two_wh_clauses_is_asked_side_by_side():
    """"How many …, and how many …?" asks two questions, each retrieved, grounded and answered apart (two_part.py);
    "and" joining two names inside one clause does not split it."""
    from assistant.question import parse_question

    asked = parse_question("How many people came to the Haiyuan fair, and how many volunteers helped at Gaohua?")
    assert asked.sides == ("How many people came to the Haiyuan fair?", "How many volunteers helped at Gaohua?")
    first, second = asked.side_questions()
    assert first.expected == second.expected == "count"
    assert parse_question("Who runs the canteen and when did it open?").sides == ("Who runs the canteen?",
                                                                                 "When did it open?")
    assert parse_question("How did Haiyuan and Gaohua raise their funds?").sides is None
    assert parse_question("海园和高华分别筹集了多少钱？").sides is not None  # Chinese: split_sides, as before
