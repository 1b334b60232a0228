"""Which words of a question are names that the evidence must show, and how a name is found in it
(docs/grounding.md, "Names must be found"): common words jieba's dictionary tags as places are no names
(CC-CEDICT knows them only as words), a place written before a local area is shown by that area only in a
report of the same province, English names are read in Chinese (pinyin, CC-CEDICT's proper nouns, or the
characters a passage keeps printing). On the real seeds store where an answer is involved."""
from __future__ import annotations

from assistant.dictionary import common_word, proper_name
from assistant.pinyin_evidence import read_in_passages
from assistant.query import english_terms, key_terms
from assistant.question import parse_question
from assistant.records import Passage
from vectorstore.pinyin import is_pinyin


def _entities(question: str) -> dict[str, tuple[str, ...]]:
    """The names the evidence must show: entities, less the common words jieba tags as places."""
    return {t.text: t.alternatives for t in key_terms(question) if t.entity and not t.common}


def test_a_common_word_jieba_tags_as_a_place_is_no_name():
    terms = {t.text: t for t in key_terms("阳台顶棚掉下来砸坏了楼下东西，修缮的钱该业主自己出还是物业出？")}
    assert common_word("东西") and terms["东西"].common  # jieba: 东西/ns; CC-CEDICT: dong1 xi5 "thing"
    assert not _entities("最后是谁免费上门帮他装好的？")  # jieba: 上门/ns
    # names stay names: CC-CEDICT writes their pinyin capitalised (Bei3 jing1; 朝阳 has Chao2 yang2 too)
    assert {"北京", "朝阳区"} <= set(_entities("北京朝阳区的垃圾分类是怎么做的?"))
    assert "德国队" in _entities("德国队获得了第几名？")
    # a word before an area word names it, and the noun a which-question asks for keeps jieba's tag
    assert "海滨" in _entities("海滨新村这次修复改造的道路有多大面积？")
    assert "城市" in _entities("马英九访问大陆去了哪些城市")


def test_a_one_character_gazetteer_name_is_a_place_only_as_an_area():
    assert not _entities("村里的庙是谁修的？") and "庙镇" in _entities("庙镇的老年食堂在哪里？")  # 庙 of 庙镇
    assert "花木街道" in _entities("花木街道的社区食堂开在哪里？")


def test_a_common_word_used_as_a_name_is_answered_on_the_seeds(assistant):
    for question in ("海园居民区的共治金买了什么东西？", "高华小区改造时居民上门做了什么？"):
        answer = assistant.ask(question)  # refused before: 东西 and 上门 were names no passage showed
        assert answer.grounded and not answer.grounding.missing_entities, (question, answer.grounding)
        assert answer.citations


def test_a_place_before_a_local_area_is_shown_by_the_area_in_its_own_province(assistant):
    # 中国 is written only before 老西门街道: the report on 老西门街道 shows it, in the grounding and in the
    # composer's rule that each name gets a sentence (it used to find none and quote nothing)
    answer = assistant.ask("中国老西门街道为什么要在老旧公房小区建立自治家园？")
    assert answer.grounded and answer.citations, answer.grounding
    # …but a Shanghai report does not show a 老西门街道 of Beijing (cpca: 北京 11, 黄浦区 31)
    answer = assistant.ask("北京老西门街道为什么要在老旧公房小区建立自治家园？")
    assert not answer.grounded and not answer.citations and "北京" in answer.grounding.missing_entities


def test_an_english_name_no_pinyin_reads_takes_the_dictionarys_chinese(assistant):
    assert proper_name("Tokyo") == ("东京",) and proper_name("Haiyuan") == ()
    tokyo = next(t for t in english_terms("How do residents in Tokyo set up an autonomy home?") if t.text == "tokyo")
    assert tokyo.entity and "东京" in tokyo.alternatives and tokyo.searched == ("东京",)
    answer = assistant.ask("How do residents in Tokyo set up an autonomy home?")
    assert not answer.grounded and "tokyo" in answer.grounding.missing_entities  # no 东京 in the seeds


def _passage(text: str) -> Passage:
    return Passage(chunk_id="c", article_id="a", title="", source="s.jsonl#r", passage=text, score=1.0)


def test_a_pinyin_name_the_passages_print_in_other_characters_is_read_in_them():
    assert is_pinyin("Lvyuan")  # ü typed as v, as romanise reads it
    homophone = lambda word: ("律园",) if word.lower() == "lvyuan" else ()  # noqa: E731 - the name table's reading
    question = parse_question("How did Lvyuan residents set up their council?", homophone)
    repeated = _passage("绿园的居民议事会每月召开一次。绿园还设立了议事厅，居民踊跃参加。")
    found = {t.text: t.alternatives for t in read_in_passages(question, [repeated]).entities}
    assert "绿园" in found["lvyuan"]  # no passage prints 律园; 绿园 is printed bare, twice
    once = _passage("居民议事会在绿园召开。")
    found = {t.text: t.alternatives for t in read_in_passages(question, [once]).entities}
    assert "绿园" not in found["lvyuan"]  # once, bare: no mark of a name
