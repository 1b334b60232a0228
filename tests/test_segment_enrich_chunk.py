"""Segmentation into articles, metadata, and sentence-aware chunks — on the real seeds."""
from __future__ import annotations

import re

from conftest import seed
from ingest.chunk import chunk_article, sentence_spans
from ingest.clean import to_simplified
from ingest.enrich import detect_lang, detect_place, detect_practices, normalise_date
from ingest.pipeline import build_articles
from ingest.readers import read_path


def articles_of(prefix: str):
    doc = next(read_path(seed(prefix)))
    return build_articles(doc)


def test_seeds_give_at_least_seven_articles(seeds_store):
    assert seeds_store.counts()["articles"] >= 7


def test_seed_002_holds_two_separate_stories():
    arts = articles_of("002")
    assert len(arts) == 2
    first, second = arts
    assert "江秋新苑" in first.title and "高华小区" not in first.text
    assert second.title == "“70岁”的高华小区实现“华丽变身”"
    assert "3926户" in second.text and "江秋" not in second.text
    assert [a.position for a in arts] == [0, 1]


def test_seed_000_constitution_week_story_is_separate():
    arts = articles_of("000")
    assert len(arts) == 2
    forum, constitution = arts
    assert "长宁虹桥国际社区治理论坛" in forum.title
    assert "宪法宣传周" in constitution.title
    assert constitution.text.startswith("12月1日")
    assert "宪法宣传周" not in forum.text


def test_seed_001_page_splits_into_report_and_cases():
    titles = [a.title for a in articles_of("001")]
    assert "海园共治金探索自治新模式" in titles
    assert "商家自治 让百年愚园路焕发活力" in titles
    assert any("社区自治" in t for t in titles[:1])


def test_every_article_keeps_its_source_file(seeds_store):
    for article in seeds_store.articles():
        assert article.source.endswith(".txt") and "/seeds/" in article.source
        assert article.original.strip()


def test_places_from_the_gazetteer():
    assert {a.place.district for a in articles_of("001")} == {"静安区"}
    assert {a.place.district for a in articles_of("004")} == {"黄浦区"}
    assert articles_of("004")[0].place.street == "老西门街道"
    jiangqiu = articles_of("002")[0]
    assert (jiangqiu.place.district, jiangqiu.place.street) == ("松江区", "佘山镇")
    assert articles_of("003")[0].place.district == "闵行区"
    assert articles_of("000")[0].place.district == "长宁区"


def test_hongqiao_street_and_town_are_not_confused():
    assert detect_place("虹桥街道召开会议").district == "长宁区"
    assert detect_place("虹桥镇爱琴海社区").district == "闵行区"
    assert detect_place("黄浦江畔的风景").district is None


def test_practice_tags():
    assert "自治家园" in articles_of("004")[0].practices
    haiyuan = next(a for a in articles_of("001") if a.title.startswith("海园"))
    assert "共治金" in haiyuan.practices
    assert "社工站" in articles_of("003")[0].practices
    assert "商家联盟" in next(a for a in articles_of("001") if "愚园路" in a.title).practices
    assert "美丽家园" in articles_of("002")[1].practices
    assert detect_practices("今天天气很好，我们去公园散步。") == []
    # one mention is one mention, however many synonyms overlap in it (物业 inside 物业管理)
    assert "物业治理" not in detect_practices("居委会召开居民会议。该小区为老旧小区，无物业管理，路面年久失修。")
    # the lede (first sentence) says what the report is about: one mention there tags it, unless the word
    # sits inside an organisation's name (a participant)
    assert "老旧小区" in detect_practices("该小区为老旧小区，居委会召开会议。路面年久失修。")
    assert "老旧小区" not in detect_practices("居委会召开会议。该小区为老旧小区，路面年久失修。")
    assert "志愿服务" not in detect_practices("社区联合玉成志愿服务与研究中心开展活动。居民积极参加。")
    assert "物业治理" in detect_practices("居委会联合物业公司巡查小区，物业费收缴率明显提高。")
    # a practice the report says was set up as a named or counted thing is one it describes, named once or not
    assert "居民公约" in detect_practices("居民区召开会议。孩子们投票选出设施，制定“儿童文明公约”。活动结束。")
    assert "志愿服务" in detect_practices("活动在广场举行。当天，红帆“新”联盟志愿服务队正式成立。大家合影。")
    assert "社区社会组织" in detect_practices("试点推进三年。各地培育社区社会组织1331个，服务群众。")
    assert "居民公约" not in detect_practices("居民区召开会议。孩子们学习了儿童文明公约。活动结束。")
    assert "共治金" not in detect_practices("论坛举行。成员集体筹资48万元，设立共治共享专项资金。")  # a bare passing mention
    # a practice named once as the means of what is done (以…, 通过…, 在…机制下) tags the report
    assert "党建引领" in detect_practices("居委会召开会议。社区以党建引领楼道整治，清出堆物两吨。居民点赞。")
    assert "协商议事" in detect_practices("居委会召开会议。在协商议事机制下，居民商定停车方案。居民点赞。")
    assert "法治" in detect_practices("居委会召开会议。街道通过普法宣传让居民明白绿化属于公共空间。居民点赞。")
    # not a frame around a person (在志愿者的带领下) nor an adherence (坚持党建引领)
    assert "志愿服务" not in detect_practices("居委会召开会议。孩子们在志愿者的带领下朗读国学。居民点赞。")
    assert "党建引领" not in detect_practices("居委会召开会议。社区将继续坚持党建引领。居民点赞。")
    # 以 only as a preposition of its own, not the 以 of 所以 / 可以
    assert "网格化治理" not in detect_practices("今年，社区召开了居民大会。所以网格化管理很重要。活动结束后大家合影留念。")
    assert "网格化治理" not in detect_practices("今年，社区召开了居民大会。大家可以网格化管理。活动结束后大家合影留念。")


def test_language_and_script():
    article = articles_of("003")[0]
    assert article.lang == "zh"
    assert to_simplified(article.text) == article.text, "003 must read in simplified characters"
    assert "閔行" in article.original
    assert detect_lang("The neighbourhood committee organised a meeting with residents.") == "en"


def test_dates():
    assert normalise_date("2023年5月6日") == "2023-05-06"
    assert normalise_date("20230506") == "2023-05-06"
    assert normalise_date("2023-05") == "2023-05"
    assert normalise_date("去年") is None


def test_chunks_are_whole_sentences_with_exact_offsets():
    for prefix in ("000", "002", "003", "004"):
        for article in articles_of(prefix):
            chunks = chunk_article(article.id, article.text, 320)
            assert chunks
            sentence_ends = {e for _, e in sentence_spans(article.text)}
            sentence_starts = {s for s, _ in sentence_spans(article.text)}
            for c in chunks:
                assert article.text[c.start:c.end] == c.text
                assert len(c.text) <= 320
                # a chunk starts and ends on sentence boundaries unless a single sentence was too long
                if c.end not in sentence_ends or c.start not in sentence_starts:
                    assert not re.search(r"[。！？；]", c.text[:-1]), c.text


def test_embedding_text_carries_the_title():
    article = articles_of("004")[0]
    chunk = chunk_article(article.id, article.text)[1]
    assert chunk.embed_text(article.title).startswith(article.title + "\n")
