"""The `date` field's shapes, and places outside Shanghai (cpca's national division table)."""
from __future__ import annotations

import pytest

from ingest.dates import published_date, read_field
from ingest.enrich import detect_place


@pytest.mark.parametrize("raw, iso", [
    ("2023-07-28 16：40", "2023-07-28"), ("2023-07-28 16:40:12", "2023-07-28"), ("2023/08/03  08:33", "2023-08-03"),
    ("2023年08月01日", "2023-08-01"), ("23-08-08 18:25", "2023-08-08"), ("202308/1407:48:20", "2023-08-14"),
    ("来源：某某网  |  2023年08月01日 10:00:00", "2023-08-01"), ("发布时间：2023-08-01 10:00:00", "2023-08-01"),
    ("20230506", "2023-05-06"), ("2023-05", "2023-05"),
])
def test_dated_fields(raw, iso):
    assert published_date(raw) == iso


@pytest.mark.parametrize("raw", ["8-2 19:21", "07-26 11:48", "08/03  08:33", "08/17"])
def test_month_day_without_a_year_is_undated_unless_the_text_gives_the_year(raw):
    found = read_field(raw)
    assert found is not None and found.year is None
    assert published_date(raw, "社区开展议事活动。") is None  # no year anywhere: left undated, never guessed
    month, day = found.month, found.day
    assert published_date(raw, f"某某网2023年{month}月{day}日讯 社区开展议事活动。") == f"2023-{month:02d}-{day:02d}"


@pytest.mark.parametrize("raw", ["", None, "记者：某某", "来源：某某日报", "去年"])
def test_fields_without_a_date(raw):
    assert published_date(raw) is None


def test_a_place_outside_shanghai_is_kept_at_city_and_district_level():
    place = detect_place("近日，武汉市武昌区杨园街道某某社区召开居民议事会，武昌区有关部门参加。")
    assert (place.district, place.street) == ("武汉市武昌区", "杨园街道")
    place = detect_place("青岛市市南区某某街道开展网格党建活动。")
    assert place.district == "青岛市市南区"


def test_a_shared_district_name_is_read_by_the_city_the_text_names():
    assert detect_place("北京市朝阳区某某街道召开座谈会，朝阳区多个社区参加。").district == "北京市朝阳区"
    assert detect_place("长春市朝阳区某某街道召开座谈会，朝阳区多个社区参加。").district == "长春市朝阳区"


def test_shanghai_streets_named_after_other_cities_stay_in_shanghai():
    assert detect_place("静安区南京西路街道和平凉路街道的社区在乌鲁木齐北路开展活动。").district == "静安区"
    assert detect_place("徐汇区康健街道召开会议，社区长治久安离不开居民参与合作。").district == "徐汇区"


def test_town_endings_after_a_common_noun_are_not_towns():
    from ingest.place_chain import place_chains

    assert place_chains("四川省城乡社区治理试点项目绩效评价现场评估工作已经完成。") == ()  # 城乡 is not a township
    names = [u.name for chain in place_chains("江西省宜春市宜丰县石市镇开展志愿服务。") for u in chain]
    assert names == ["江西省", "宜春市", "宜丰县", "石市镇"]


def test_a_residential_area_is_named_after_the_district_and_town_written_before_it():
    from ingest.enrich import find_residential

    text = "近期，宝山区淞南镇淞南六村居民区党总支围绕规划开展工作。淞南六村居民区的边门改造完成。"
    assert find_residential(text) == "淞南六村居民区"  # not 区淞南镇淞南六村居民区


def test_a_card_names_a_street_written_by_its_short_alias_as_the_gazetteer_does():
    from ingest.cards import extract_card
    from vectorstore.records import Article, Chunk

    text = "徐汇区康健街道近日组织康乐小区居委会、物业和志愿者开展楼道整治行动。居民纷纷点赞。"
    article = Article(id="a1", title="楼道整治", source="x.txt", position=0, lang="zh", text=text, original=text,
                      place=detect_place(text))
    places = extract_card(article, [Chunk(id="a1-0", article_id="a1", index=0, text=text, start=0,
                                          end=len(text))]).values("place")
    assert "street:康健新村街道" in places and "street:康健街道" not in places, places
