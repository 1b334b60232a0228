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


def _card_places(text: str) -> list[str]:
    from ingest.cards import extract_card
    from vectorstore.records import Article, Chunk

    article = Article(id="a1", title="", source="x.txt", position=0, lang="zh", text=text, original=text,
                      place=detect_place(text))
    return extract_card(article, [Chunk(id="a1-0", article_id="a1", index=0, text=text, start=0,
                                        end=len(text))]).values("place")


def test_a_city_that_only_heads_an_organisations_name_is_not_a_place_of_the_card():
    # 成都 is written only as the head of a partner's name; the chain 双流区东升街道葛陌社区 is where it happened
    places = _card_places("8月16日晚，双流区东升街道葛陌社区联合成都高新区某某志愿服务中心开展民情民意收集会。"
                          "双流区东升街道葛陌社区居民踊跃参加。")
    assert "district:双流区" in places and "street:东升街道" in places, places
    assert not any(p.startswith("city:") for p in places), places
    # written as the head of the address, the same city is kept
    places = _card_places("8月16日晚，成都市双流区东升街道葛陌社区开展民情民意收集会。双流区东升街道葛陌社区居民踊跃参加。")
    assert "city:成都市" in places, places


def test_a_short_city_name_followed_by_punctuation_is_a_place_but_not_inside_a_zone_name():
    from ingest.cards import _written_as_place

    assert _written_as_place("社区头条·绵阳|中科社区开展活动", 5, 7, False)
    assert not _written_as_place("武汉经开区沌口街道举办书记论坛", 0, 2, False)  # 武汉经开区 is one name
    assert not _written_as_place("本次活动由长沙湘悦社工协办", 5, 7, False)  # a social-work agency's name


def test_a_card_names_an_area_called_after_its_estate_by_the_estate():
    from ingest.enrich import find_residential

    text = "徐汇区康健街道组织康乐小区居委会开展楼道整治。康乐小区居民区书记劝说居民清理杂物。"
    assert find_residential(text) is None  # Place: 康乐小区 and 康乐小区居民区 are written once each
    assert find_residential(text, by_estate=True) == "康乐小区"
    assert "residential:康乐小区" in _card_places(text)
    text = "宝山区吴淞街道海滨新村居民区属于老旧小区。海滨新村居民区的路面修复完成。"
    assert find_residential(text, by_estate=True) == "海滨新村居民区"  # a 新村 keeps its 居民区


def test_a_shanghai_street_named_after_a_city_is_one_unit_not_a_city_and_a_street():
    from ingest.place_chain import place_chains

    def units(text: str) -> list[str]:
        return [f"{u.level}:{u.name}" for chain in place_chains(text) for u in chain]

    # the gazetteer's longer name wins over cpca's short form 延吉 (延吉市), 南京, 中山
    assert units("杨浦区延吉新村街道开展活动。") == ["county:杨浦区", "street:延吉新村街道"]
    assert units("日前，南京东路街道定兴居民区开展环境整治。") == ["street:南京东路街道", "residential:定兴居民区"]
    assert units("中山街道方西居民区60周岁以上老年人占比高。") == ["street:中山街道", "residential:方西居民区"]


def test_counts_ordinals_party_branches_and_institutions_are_no_unit_names():
    from ingest.place_chain import place_chains

    def names(text: str) -> list[str]:
        return [u.name for chain in place_chains(text) for u in chain]

    assert names("8月3日，长风新村街道27个居民区组织志愿者开展劳动。") == []
    assert "第三届社区" not in names("8月17日，松江区九里亭街道第三届社区公益创投大赛评审会召开。")
    assert names("近日，宝山区杨行镇丽景翠庭党支部邀请小区志愿者开展活动。") == ["宝山区", "杨行镇"]
    assert names("家住新桥镇新弘国际城小区的居民王女士对凉亭改造很满意。") == ["新桥镇", "新弘国际城小区"]
    # a numbered estate keeps its numeral
    assert names("最近石泉路街道石岚三村的居民惊喜地发现道路变新了。") == ["石泉路街道", "石岚三村"]


def test_a_zone_written_by_its_ending_alone_is_one_name_with_its_city():
    from ingest.place_chain import place_chains

    units = [f"{u.level}:{u.name}" for chain in place_chains("近日，苏州工业园区唯亭街道怡邻社区组织议事会。") for u in chain]
    assert units == ["county:苏州工业园区", "street:唯亭街道", "community:怡邻社区"]
    units = [f"{u.level}:{u.name}" for chain in place_chains("武汉东湖高新区城管局联合某项目部开展服务。") for u in chain]
    assert units == ["city:武汉", "county:东湖高新区"]  # a zone with a name of its own stays a unit under its city


def test_a_card_names_a_lane_estate_and_a_provincial_reports_province():
    from ingest.enrich import find_residential

    text = "岚皋西路306弄小区是一个老旧小区。垃圾箱房改造后，已成了岚皋西路306弄小区内一道风景。"
    assert find_residential(text, by_estate=True) == "岚皋西路306弄小区"  # not 成了岚皋西路…
    assert find_residential(text) is None  # Place is unchanged
    places = _card_places("记者从四川省民政厅获悉，城乡社区治理试点项目评估完成。专家组成2022年四川省试点项目评价小组。")
    assert places == ["province:四川省"], places
    # a province named once, or two provinces, is no place of the card
    assert _card_places("记者从四川省民政厅获悉，试点项目评估完成，重庆市也派人参加。评估小组走访了试点。") == []


def test_a_card_counts_an_areas_community_mentions_for_the_area():
    from ingest.enrich import find_residential

    text = ("近日，在甘泉路街道妇联指导下，来自合阳社区的孩子们在合阳社区家庭文明建设指导站开展儿童议事会。"
            "合阳居民区通过调研活动引导儿童参与。")
    assert find_residential(text) is None  # Place: 合阳居民区 is written once
    assert find_residential(text, by_estate=True) == "合阳居民区"
    assert find_residential("来自合阳社区的孩子们在合阳社区开展活动。", by_estate=True) is None  # no 居民区 written


def test_a_card_names_a_new_village_estate_named_twice_but_not_a_street_called_xincun():
    from ingest.enrich import find_residential

    text = "近日，大浪街道水围社区组织儿童走进城中村——水围新村进行走访。大家一起走进水围新村参观儿童友好步道。"
    assert find_residential(text) is None  # Place is unchanged
    assert find_residential(text, by_estate=True) == "水围新村"
    text = "曹杨新村街道开展活动。曹杨新村的居民踊跃参加，曹杨新村街道表示将继续。"
    assert find_residential(text, by_estate=True) is None  # 曹杨新村 is the gazetteer's street
