"""Each cleaning rule on its own, then on the real seeds: dirt gone, real sentences kept."""
from __future__ import annotations

import re

import pytest

from conftest import SEEDS, seed
from ingest import clean


def squash(text: str) -> str:
    """Compare text ignoring whitespace, punctuation width and script (for 'sentence survives' checks)."""
    text = clean.to_simplified(text)
    return re.sub(r"[\s，,。.、：:；;！!？?“”\"'‘’（）()《》·—\-]", "", text)


def test_pinyin_debris_is_removed_but_latin_in_parentheses_is_kept():
    assert clean.remove_pinyin_debris("新型居住社區(qū)治理") == "新型居住社區治理"
    assert clean.remove_pinyin_debris("構(gòu)建") == "構建"
    assert clean.remove_pinyin_debris("施云涵(Tabitha Speelman)") == "施云涵(Tabitha Speelman)"
    assert clean.remove_pinyin_debris("房间数(间)") == "房间数(间)"


def test_traditional_is_converted_to_simplified():
    assert clean.to_simplified("閔行區黨建引領新型居住社區") == "闵行区党建引领新型居住社区"


def test_spaces_inside_chinese_from_scanning_are_joined():
    assert clean.join_cjk_spaces("从社区“共同治 理”迈向") == "从社区“共同治理”迈向"
    assert clean.join_cjk_spaces("街道表彰社区自治 100 佳") == "街道表彰社区自治100佳"
    assert clean.join_cjk_spaces("荷兰 Tabitha  Speelman 博士") == "荷兰 Tabitha Speelman 博士"  # mixed scripts keep one space


def test_continuation_markers_are_removed():
    assert clean.remove_continuation_markers("切实增强宪法宣传社会效果。(下转2版)") == "切实增强宪法宣传社会效果。"
    assert clean.remove_continuation_markers("（上接第1版）") == ""


@pytest.mark.parametrize("line", ["扫描二维码", "关注“上海社区发布”", "关注“西门服务”"])
def test_qr_boilerplate(line):
    assert clean.is_qr_boilerplate(line)


@pytest.mark.parametrize("line", ["关注居民的急难愁盼问题，推进自治项目。", "扫描"])
def test_qr_rule_keeps_ordinary_lines(line):
    assert not clean.is_qr_boilerplate(line)


@pytest.mark.parametrize("line", ["自 / 家 / 门 / 口 / 这 / 点 / 事", "虹桥街道党工委 联合出版", "不忘初心 牢记使命",
                                  "五洲出版集团", "国内统一连续出版物号 CN31-0062 总第 8545 期"])
def test_masthead_anywhere(line):
    assert clean.is_masthead(line, in_head_zone=False)


def test_masthead_fragments_only_in_the_head_zone():
    assert clean.is_masthead("SHANGHAI COMMUNITY NEWS", in_head_zone=True)
    assert clean.is_masthead("社区晨报", in_head_zone=True)
    assert not clean.is_masthead("社区晨报", in_head_zone=False)
    assert not clean.is_masthead("老西门街道召开老旧公房小区自治家园交流研讨会", in_head_zone=True)


@pytest.mark.parametrize("line", ["网易首页 > 网易号 > 正文 申请入驻", "往期回顾 全部", "专题推荐", "无障碍浏览 进入关怀版",
                                  "448433文章数 760023关注度", "分享至"])
def test_web_chrome(line):
    assert clean.is_web_chrome(line)


def test_platform_footer_starts_the_chrome_tail():
    assert clean.is_platform_footer("特别声明:以上内容(如有图片或视频亦包括在内)为自媒体平台“网易号”用户上传并发布")
    assert clean.is_platform_footer("Notice: The content above (including the pictures and videos if any) is uploaded")
    assert not clean.is_platform_footer("他特别声明了三点意见。")


STUFFED = ("国产av一二三区|日本不卡动作网站|黄色天天久久影片|99草成人免费在线视频|AV三级片成人电影在线|成年人aV不卡免费播放|"
           "日韩无码成人一级片视频|人人看人人玩开心色AV|人妻系列在线观看|亚洲av无码一区二区三区在线播放")


def test_seo_spam_line():
    """Spam by structure: items repeating each other's bait words, off the page's topic."""
    page = "愚园路商家联盟以党建引领、政府搭台、商家自治、社会共治的模式，让百年愚园路焕发活力。"
    assert clean.is_seo_spam(STUFFED)
    assert clean.is_seo_spam("国产av一二三区|日本不卡动作网站|黄色天天久久影片|99草成人免费在线视频", page_text=page)
    assert not clean.is_seo_spam("党建引领|政府搭台|商家自治|社会共治")
    assert not clean.is_seo_spam("党建引领|政府搭台|商家自治|社会共治", page_text=page)
    on_topic = "街道推进社区治理，居民区以社区自治和多方共治为抓手，完善社区服务。"
    assert not clean.is_seo_spam("社区治理|社区自治|社区共治|社区服务", page_text=on_topic)  # however repetitive


def test_advertisement_block_is_dropped_whole():
    raw = "\n".join([
        "中建科工将继续以“拓展幸福空间”为使命，贡献力量。",
        "信用中国守信激励单位", "上海乐惠米业有限公司", "信用中国守信激励单位",
        "证书编号:CFCP-1720160673 主导服务:桶饭、社会盒饭",
    ])
    page = clean.clean_page(raw)
    text = "\n".join(b.text for b in page.blocks)
    assert "贡献力量" in text and "信用中国" not in text and "米业" not in text
    assert {rule for rule, _ in page.removed} == {"advertisement"}


def test_photo_caption_inside_a_cut_paragraph_is_removed_and_the_sentence_rejoined():
    raw = ("二是形成共治金“民生化”的认领项目模式。海园居民区共治金的使用主要用于社区自\n\n共建单位认领现场\n\n"
           "治和全项目大修等惠民的实项目。")
    page = clean.clean_page(raw)
    assert [b.text for b in page.blocks] == [
        "二是形成共治金“民生化”的认领项目模式。海园居民区共治金的使用主要用于社区自治和全项目大修等惠民的实项目。"]
    assert ("photo-caption", "共建单位认领现场") in page.removed


def test_column_break_is_rejoined():
    raw = "2018年，虹桥街道党工委、办事处通过区、街、居三级联动效应，积极发挥行政党组工作平\n\n台作用，确定了“四步走”策略。"
    assert clean.clean_page(raw).blocks[0].text.endswith("积极发挥行政党组工作平台作用，确定了“四步走”策略。")


def test_headline_placed_inside_a_column_is_lifted_out():
    raw = ("近日，中建科工集团有限公司承建的高华小区综合修缮项目完工。\n\n去年10月小区正式启动改造，改造内容包括104幢住宅外立面翻新和党群服务站更新\n\n"
           "\"70岁\"的高华小区实现\"华丽变身\"\n\n等。中建科丁秉承\"人民城市\"理念。")
    blocks = clean.clean_page(raw).blocks
    assert any(b.kind == "heading" and b.text == "“70岁”的高华小区实现“华丽变身”" for b in blocks)
    assert any(b.text.endswith("党群服务站更新等。中建科丁秉承“人民城市”理念。") for b in blocks)


def test_trailing_byline_is_split_off():
    blocks = clean.clean_page("为城市功能持续完善、改善人居环境贡献 力量。 宋昌发 赵凯杰").blocks
    assert [(b.kind, b.text) for b in blocks] == [("body", "为城市功能持续完善、改善人居环境贡献力量。"),
                                                   ("byline", "宋昌发 赵凯杰")]


def test_original_text_is_kept_for_audit():
    page = clean.clean_page(seed("003").read_text(encoding="utf-8"))
    assert any("社區(qū)" in b.original for b in page.blocks)
    assert not any("社區" in b.text for b in page.blocks)


DIRT = ["扫描二维码", "关注“", "联合出版", "自 / 家", "SHANGHAI COMMUNITY NEWS", "不忘初心 牢记使命", "特别声明", "特別聲明",
        "Notice:", "往期回顾", "专题推荐", "无障碍浏览", "网易首页", "申请入驻", "国产av", "信用中国", "证书编号",
        "主导产品", "(qū)", "(下转", "出版物号", "incentive-icons", "活动现场", "认领现场"]


def test_no_seed_article_contains_dirt(seeds_store):
    for article in seeds_store.articles():
        for dirt in DIRT:
            assert dirt not in article.text, f"{dirt!r} left in {article.title} ({article.source})"
            assert dirt not in article.title


# Sentences a reader must still find after cleaning (one or more per kind of dirt around them).
KNOWN_SENTENCES = {
    "000": ["11月30日,第二届长宁虹桥国际社区治理论坛成功举办,发布《虹桥国际社区治理指标体系2.0》",
            "黄金城道步行街位于古北新区核心地带,沿线涉及7个涉外商品房小区、232家商铺。",
            "积极发挥行政党组工作平台作用", "古北租赁、强生花园等共同体成员集体筹资48万元,设立共治共享专项资金。",
            "司法部副部长、全国普法办副主任刘焯出席活动。"],
    "001": ["由辖区内的上海宾馆、平安养老保险等单位积极认领并设立了30万的社区共治金",
            "海园居民区共治金的使用主要用于社区自治和全项目大修等惠民的实项目",
            "3位居民区代表分别从不同的角度介绍了参与社区自治工作的做法、案例和经验",
            "联盟成员自发募集了一笔自治金,为这次店招店牌的更新提供资金支持。"],
    "002": ["但同时也面临着社区志愿者队伍平均年龄偏大、后备力量不足",
            "本次改造总建筑面积约为19.9万平方米,涉及3926户",
            "将法律志愿服务融入基层社会治理,为社区治理注入青春活力。"],
    "003": ["规模在1000户以下的中小型社区,依托综合网格联合设立社工站,实行“一站多点”模式",
            "浦江微领地社区居民冯然然,曾是一名参与构筑上海迪士尼城堡的“造梦者”",
            "会议邀请了6位青年代表,以TED演讲的形式分享了他们与社区共成长的精彩历程。"],
    "004": ["自治家园下设议事大会、执行委员会、党建联络员和纠纷调处委员会四个自治模块",
            "有效破解了老旧小区物业管理中的瓶颈难题。",
            "该联盟旨在促进各自家园相关主体之间的交流合作,供需对接、资源共享"],
}


@pytest.mark.parametrize("prefix", sorted(KNOWN_SENTENCES))
def test_known_sentences_survive_cleaning(seeds_store, prefix):
    texts = squash("\n".join(a.text for a in seeds_store.articles() if a.source.split("/")[-1].startswith(prefix)))
    for sentence in KNOWN_SENTENCES[prefix]:
        assert squash(sentence) in texts, sentence


def test_every_seed_file_was_read():
    assert len(list(SEEDS.glob("*.txt"))) == 5


# --- portal boilerplate on one-line web reposts (synthetic text in the shape of the pool's reports) ----

REPOST = ("原标题：楼道微更新，邻里齐动手近日，某某区幸福街道和美居民区开展楼道微更新活动，30余名居民参与。"
          "居民区书记王芳说：“楼道干净了，邻里也更亲了。”下一步，居民区将把自治项目推广到更多楼组。"
          "（来源：某某区融媒）返回搜狐，查看更多责任编辑：")


def test_original_title_is_split_from_the_lead_and_the_credit_tail_removed():
    page = clean.clean_page(REPOST)
    text = "\n".join(b.text for b in page.blocks)
    assert page.original_title == "楼道微更新，邻里齐动手"
    assert text.startswith("近日，某某区幸福街道") and text.endswith("推广到更多楼组。")
    assert {rule for rule, _ in page.removed} == {"original-title", "credit-tail"}


def test_dateline_and_byline_leave_the_lead_intact():
    for head in ("某某网（某某日报网）讯（记者 张三 通讯员 李四）", "本报讯（记者 王五）", "新华社某地7月28日电（记者赵六）",
                 "某某网记者 周七 某地报道"):
        page = clean.clean_page(head + "为推进老旧小区改造，街道召开居民议事会，共商加装电梯方案。会上居民代表逐一发言。")
        assert page.blocks[0].text.startswith("为推进老旧小区改造"), head
        assert any(rule in ("dateline", "byline") for rule, _ in page.removed), head


def test_photo_caption_with_its_credit_is_removed_between_sentences():
    page = clean.clean_page("居民们一起清理楼道杂物。志愿者在楼道张贴公约。 通讯员供图活动结束后，大家合影留念并约定每月开展一次。")
    text = page.blocks[0].text
    assert text == "居民们一起清理楼道杂物。活动结束后，大家合影留念并约定每月开展一次。"
    assert ("photo-caption", "志愿者在楼道张贴公约。") in page.removed


def test_a_truncated_last_sentence_is_kept_and_only_the_prompt_goes():
    page = clean.clean_page("街道持续推进美丽家园建设。下一步，社区将继续完善议事规则，让更多居民 返回搜狐，查看更多")
    assert page.blocks[0].text.endswith("让更多居民")


def test_ordinary_sentences_with_advertising_words_are_never_an_ad_block():
    raw = "\n".join([
        "该社区荣获全国示范社区称号，居民纷纷点赞。",
        "社区开通咨询热线，方便居民反映问题。",
        "物业公司荣获优秀物业服务企业称号。",
        "咨询热线由社工轮流值守。",
    ])
    page = clean.clean_page(raw)
    assert page.removed == []
    assert len("".join(b.text for b in page.blocks)) == len(raw.replace("\n", ""))


def test_numbered_subheads_glued_after_a_sentence_start_a_new_paragraph():
    page = clean.clean_page("活动吸引了许多居民参与。01看病不带卡只需医保码为了方便老人就医，社工上门讲解医保码的使用。")
    texts = [b.text for b in page.blocks]
    assert texts[0] == "活动吸引了许多居民参与。"
    assert "看病不带卡只需医保码" in texts[1] and not texts[1].startswith("01")


def test_a_photographers_credit_run_into_the_text_is_a_photo_credit():
    page = clean.clean_page("范遏制水害事故发生。国家矿山安全监察局新闻发布会现场。人民网记者杜燕飞摄“当前，我国已进入防汛关键期。”")
    assert page.blocks[0].text == "范遏制水害事故发生。“当前，我国已进入防汛关键期。”"
    assert ("photo-credit", "人民网记者杜燕飞摄") in page.removed
    assert ("photo-caption", "国家矿山安全监察局新闻发布会现场。") in page.removed
    bare = clean.clean_page("市民在公园纳凉。长沙南站暑运持续大客流。谭亮摄记者从广铁集团获悉，高铁全部恢复运行。")
    assert bare.blocks[0].text == "市民在公园纳凉。记者从广铁集团获悉，高铁全部恢复运行。"


def test_shooting_words_in_ordinary_sentences_are_no_photo_credit():
    for text in ("活动很好。先后拍摄了三部宣传片。", "大家很开心。张三摄影作品展开幕。", "她很认真。记者王芳摄像时很专注。"):
        page = clean.clean_page(text)
        assert page.blocks[0].text == text and not page.removed
