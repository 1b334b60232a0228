"""Names jieba cuts apart (沌/口/街道, 榅/桲) and names written with other characters of the same sound (满州 and
满洲): matched as characters in the evidence, not as jieba's words (assistant/query.py, answer_type.py,
assistant/homophones.py, grounding.py)."""
from __future__ import annotations

from assistant.answer_type import _place_bound
from assistant.homophones import spelled_otherwise
from assistant.query import chinese_terms, key_terms, pieced_runs
from vectorstore.keyword import posseg_cut


def _terms(question: str) -> dict[str, object]:
    return {t.text: t for t in chinese_terms(posseg_cut(question))}


def test_a_place_jieba_cuts_into_characters_is_one_required_name():
    terms = _terms("沌口街道这次办的是第几期社区党组织书记论坛？")
    assert "沌口街道" in terms and "街道" not in terms
    place = terms["沌口街道"]
    assert place.entity and place.pieced and "沌口" in place.alternatives and not place.optional


def test_a_word_cut_into_characters_counts_where_shown():
    terms = _terms("榅桲还可以叫什么？")
    assert list(terms) == ["榅桲"]  # before: no term at all, so the question had nothing to be grounded on
    assert terms["榅桲"].optional and not terms["榅桲"].entity


def test_the_grammar_and_a_dates_unit_are_no_pieces_of_a_name():
    for question in ("长圳村红色议事厅建起来以后开过几次湾组会议？", "法国在1713年时与奥地利签约了吗？",
                     "社区开展了什么活动？", "他叫什么名字？"):
        assert pieced_runs(posseg_cut(question)) == [], question
    # the words jieba knows stay as they were
    assert {t.text for t in key_terms("长宁区国际社区治理论坛有多少人参加？")} >= {"长宁区", "论坛"}


def test_the_place_a_figure_follows_is_read_as_the_questions_characters():
    # jieba reads 经/开区 and 沌/口 in the sentence: 开区 was the last place before 第四期, not the asked one
    sentence = "8月11日、12日，武汉经开区沌口街道举办第四期社区党组织书记论坛。"
    assert _place_bound("count", key_terms("沌口街道这次办的是第几期社区党组织书记论坛？"), sentence,
                        question="沌口街道这次办的是第几期社区党组织书记论坛？")
    # another place's figure is still another place's
    assert not _place_bound("count", key_terms("徐汇区这次办的是第几期社区党组织书记论坛？"), sentence,
                            question="徐汇区这次办的是第几期社区党组织书记论坛？")


def test_a_name_spelled_with_other_characters_of_its_sound():
    assert spelled_otherwise("满州", "满洲，通常指今天的辽宁、吉林和黑龙江") == ("满洲",)
    assert spelled_otherwise("赛斯纳", "塞斯纳170型是一个单引擎四座位的小型飞机") == ("塞斯纳",)
    # another sound, or too few characters in common, is another name
    assert spelled_otherwise("满州", "满族人口") == ()
    assert spelled_otherwise("徐汇", "长宁区的居民") == ()
    assert spelled_otherwise("赛斯纳", "赛马场") == ()


def test_passages_printing_a_pieced_name_come_first():
    from types import SimpleNamespace

    from assistant.question import parse_question
    from assistant.retrieve import Retriever

    def hit(node_id: str, text: str) -> tuple[SimpleNamespace, SimpleNamespace]:
        stored = SimpleNamespace(article=SimpleNamespace(id=node_id, title="", place=SimpleNamespace(label=lambda: "")),
                                 chunk=SimpleNamespace(text=text))
        return SimpleNamespace(node=SimpleNamespace(node_id=node_id)), stored

    results, known = [], {}
    for node_id, text in (("a", "金门路街道举办社区书记擂台赛。"), ("b", "武汉经开区沌口街道举办第四期社区党组织书记论坛。")):
        result, stored = hit(node_id, text)
        results.append(result)
        known[node_id] = stored
    retriever = Retriever.__new__(Retriever)
    ordered = retriever._named_first(parse_question("沌口街道这次办的是第几期社区党组织书记论坛？"), results, known)
    assert [r.node.node_id for r in ordered] == ["b", "a"]
    # a Chinese question without such a name keeps the fused order (jieba's name tags rank nothing)
    kept = retriever._named_first(parse_question("金门路街道办的是什么比赛？"), results, known)
    assert [r.node.node_id for r in kept] == ["a", "b"]
