"""Practice cards: counts that describe the site or a programme followed, counts in reported speech, and weak
organisation endings inside an office's name (thirteenth session, branch cardactor; docs/ingest.md)."""
from tests.test_cases import _card_of


def test_a_weak_ending_inside_an_office_or_a_longer_word_is_no_company():
    actors = _card_of("网格员随即汇报情况给铁四院物业办，组织维修人员到现场查勘。"
                      "长沙市科技局、共青团长沙市委与湖南青年创业就业基金会共同签署协议。"
                      "新邦城物业公司派出维修人员上门。").values("actors")
    assert not any(a.startswith(("企业:铁四院物业", "企业:长沙市科技")) for a in actors), actors
    assert any(a.startswith("企业:新邦城物业") for a in actors), actors  # 物业公司: the company's own word


def test_a_party_organisation_named_by_its_lane_number():
    actors = _card_of("佳木斯路315弄居民区党总支、居委会坚持居民事居民定的原则，联合楼组长推进改造。").values("actors")
    assert "党组织:佳木斯路315弄居民区党总支" in actors, actors


def test_buildings_that_describe_the_site_are_no_counts():
    counts = _card_of("洪科社区是典型的开放式老旧小区，有住宅楼67栋，居民住户3025户。"
                      "海达广场由四栋商宅两用楼组成，长廊位于两栋商品楼之间。"
                      "网格员巡查发现小区10栋楼顶外檐板材脱落。"
                      "网格员说，504栋居民反映燃气报警器总响。"
                      "这三幢居民楼都成功加装了电梯。"
                      "改造内容包括104幢住宅外立面翻新。").values("counts")
    assert not any(w in c for c in counts for w in ("67栋", "四栋", "两栋", "10栋", "504栋")), counts
    assert "三幢居民楼" in counts, counts  # the buildings the practice changed
    assert any(c.startswith("104幢住宅") for c in counts), counts  # seed 002: what the renovation covered


def test_a_programme_or_rule_followed_is_no_count_but_a_listed_tally_is():
    counts = _card_of("为深入贯彻落实党的二十大精神，对标贯彻市委党建引领基层治理“六大工程”，街道开展先锋行动。"
                      "专家对设备状况、反措落实、人员培训等八个主要方面进行了检查。").values("counts")
    assert not any("六大" in c for c in counts), counts
    assert any(c.startswith("八个主要方面") for c in counts), counts  # 落实 is an item of the list, not the verb


def test_counts_in_reported_speech_are_counts_and_a_quoted_noun_opens_a_noun_first_count():
    counts = _card_of("据科长张茜介绍：“我们地区共有8800多名党员，410多个党支部，为了让党员更有凝聚力，我们划分了网格。”"
                      "物业全力解决百姓身边的“关键小事”3000余件，得到了业主认可。"
                      "社区推行“1名网格员+N名平安志愿者”模式。").values("counts")
    assert {"8800多名党员", "410多个党支部", "“关键小事”3000余件"} <= set(counts), counts
    assert not any("网格员+" in c or c.startswith("1名") for c in counts), counts  # a quoted formula stays out


def test_a_count_of_people_ends_with_an_agent_noun_in_zhe():
    counts = _card_of("近300名拉丁健身操爱好者齐聚一堂，比拼技艺。").values("counts")
    assert counts == ["近300名拉丁健身操爱好者"], counts


# Fifteenth session (branch actorprec): bodies named but not acting, and names that are not one body.

def test_a_body_people_come_from_is_no_actor_but_its_officer_speaks_for_it():
    actors = _card_of("近期，5名来自西安财经大学的大学生志愿者走进社区开展税收志愿服务活动。"
                      "来自复旦大学、华东师范大学等单位的专家们分别进行了分享。"
                      "来自大明宫院子网格党支部书记周志宏分享了经验做法。").values("actors")
    assert not any(a.startswith("高校:") for a in actors), actors
    assert "党组织:大明宫院子网格党支部" in actors, actors  # 来自…书记X: the body's officer


def test_a_body_named_only_in_the_outlook_is_no_actor():
    actors = _card_of("下一步，高新区税务局将不断扩充税收志愿服务队伍，凝聚多方智慧。"
                      "平安志愿服务队已走访居民300余户，下一步将继续开展走访。").values("actors")
    assert not any("税收志愿服务队" in a for a in actors), actors
    assert "社会组织:平安志愿服务队" in actors, actors  # named before the outlook clause: it acted


def test_the_parts_a_body_lists_and_a_universitys_hospital_are_no_actors():
    actors = _card_of("该工作室下设环境卫生志愿服务队、文艺志愿服务队、五水共治志愿服务队。"
                      "张阿姨来到南华大学附属南华医院全科医疗科表示感谢。"
                      "同济大学与四平路街道不断深度合作。").values("actors")
    assert not any("志愿服务队" in a or "南华大学" in a for a in actors), actors
    assert "高校:同济大学" in actors, actors


def test_a_weak_ending_before_another_bodys_ending_and_counted_kinds_are_no_companies():
    actors = _card_of("来自湖南科技学院的大学生志愿者小周说。"
                      "本届公盘共吸引了1424家珠宝公司参加交易，一些上市公司也派出代表。"
                      "海达物业公司支付了这笔费用。").values("actors")
    assert not any(a.startswith(("企业:湖南科技", "企业:家珠宝", "企业:一些")) for a in actors), actors
    assert any(a.startswith("企业:海达物业") for a in actors), actors


# Sixteenth session (branch mech16): a measure is no tally of what the practice did.

def test_a_span_of_time_and_a_rank_are_no_counts_but_the_people_are():
    counts = _card_of("社区组织30名志愿者连续3个小时清理楼道堆物，清出杂物12车。"
                      "比赛前三名选手获得奖励，12345热线诉求须在3个工作日内答复。"
                      "目前两位老人已搬进新居，社区招募15名党员结对帮扶。").values("counts")
    assert not any(w in c for c in counts for w in ("小时", "工作日", "三名")), counts
    assert {"30名志愿者", "两位老人", "15名党员"} <= set(counts), counts  # 目前|两位老人: 前 inside a word


# Seventeenth session (branch actor17): teams and groups with a name of their own are social organisations
# (eval/README.md, actors: "volunteer or residents' teams with a name of their own").

def test_a_team_with_a_name_of_its_own_is_a_social_organisation_but_a_kind_of_team_is_not():
    actors = _card_of("社区成立‘来福汇’为老服务联盟，打造社区智能服务点。"
                      "居民跟随延吉社工站“文明楼道创全志愿队”的志愿者发放宣传单。"
                      "项目由居委社工和涵阳茶艺社联合设计。"
                      "此次培训共有15名“青葑突击队”的队员参加。"
                      "社区党员志愿服务团队上门走访，推进“家校社”协同机制。").values("actors")
    for name in ("‘来福汇’为老服务联盟", "“文明楼道创全志愿队”", "涵阳茶艺社", "“青葑突击队”"):
        assert f"社会组织:{name}" in actors, (name, actors)
    assert not any("社工站" in a or "家校社" in a or "党员志愿服务团队" in a for a in actors), actors


# Eighteenth session (branch cardact18): cases counted with 起 are counts; verbs after the classifier are what the
# counted do, not what they are.
def test_cases_are_counts_and_a_verb_after_the_classifier_is_no_counted_noun():
    counts = _card_of("社区组织30名志愿者上门走访，成功调解邻里矛盾纠纷3起，发放宣传单页近千份。"
                      "社区达人12位参与，居民代表共计50余人到场。").values("counts")
    assert {"30名志愿者", "邻里矛盾纠纷3起", "居民代表共计50余人"} <= set(counts), counts
    assert not any(c.endswith("参与") for c in counts), counts
