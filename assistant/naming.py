"""Does a text name a person or an organisation, and whose role is it? The naming checks of a who / which
question (answer_type): a person's name jieba tags (nr) or a titled name it misses (person_names), a body's name
by its head word (…公司, …委员会) or by a run of nouns with a proper name in it (中环 国际 公司), a name cut off
its kind word (绿城 物业), and a name in the clause of the role asked about (负责人王敏表示), unless another
body's name before the role says the role is someone else's (白沙洲街道佳韵社区党委书记). By jieba's tags, the
closed classes of organisation head words and CC-CEDICT's common words, not by lists of names.
"""
from __future__ import annotations

import re

from assistant.dictionary import common_word
from assistant.person_names import HONORIFICS, TITLES, names_person, surnames
from assistant.query import Term
from vectorstore.keyword import PERSON_FLAGS, PROPER_FLAGS, posseg_cut
from vectorstore.script import CJK

# The head words that end an organisation's name (a closed class).
ORG_SUFFIX = re.compile(r"(?:公司|集团|大学|学院|学校|委员会|委会|委|协会|学会|基金会|中心|医院|银行|政府|部门|局|厅|部|办公室|"
                        r"街道|居委会|居民区|党委|党支部|党总支|理事会|联盟|研究院|研究所|队|俱乐部|组织|机构)$")
# jieba's flags of proper names: persons, places, organisations, other proper nouns.
# Kinds of organisation a "哪家…" question asks for that ORG_SUFFIX does not end with (a closed class of
# collective nouns): its answer is named as any organisation is (某某公司, 某某中心, a brand jieba tags nt/nz).
_ORG_KIND = re.compile(r"(?:单位|企业|厂商|厂家|品牌|商家|团体|社团|媒体)$")


# The words a body's name is made of (nouns, abbreviations: 城管/n 中队/n, 社区/n 党委/j, 区 房管局/j), and the
# heads that end it (a closed class of organisation words of two or more characters: not 局 of 格局, 部 of 全部).
_BODY_FLAGS = frozenset({"n", "nz", "nt", "j", "ns"})
_BODY_HEAD = re.compile(r"(?:公司|集团|大学|学院|学校|委员会|委会|协会|学会|基金会|中心|医院|银行|政府|部门|办公室|办事处|党委|"
                        r"党工委|支部|党总支|理事会|联盟|研究院|研究所|俱乐部|中队|大队|支队|服务队|志愿队|工作站|服务站|"
                        r"派出所|管理处|事务所)$")




def personal_name(word: str, flag: str) -> bool:
    """A word jieba tags as a personal name (nr*) of two or more characters that CC-CEDICT does not know as a
    common word: jieba tags some common words nr (科普/nrt "popular science", 师傅/nr "master"), which name no one."""
    return flag in PERSON_FLAGS and len(word) >= 2 and not common_word(word)


# Person titles end so (a closed class of agentive heads: 志愿者, 调解员, 楼组长, 律师), besides person_names' titles.
_AGENTIVE_HEAD = re.compile(r"(?:者|员|长|师|手|官|人)$")


def person_role(word: str) -> bool:
    """Is this noun a person's role or title (书记, 党支部书记, 负责人, 老师, 楼组长), not a body (党支部, 公司) or a
    thing? A word ending in one of person_names' titles or in an agentive head, and not in an organisation's head."""
    if len(word) < 2 or ORG_SUFFIX.search(word) or _BODY_HEAD.search(word) or _ORG_KIND.search(word):
        return False
    return any(word.endswith(t) for t in TITLES) or bool(_AGENTIVE_HEAD.search(word))


def has_person_or_org(text: str) -> bool:
    """A person's name (jieba nr*) or an organisation (nt, or a word ending 公司, 大学, 委员会…): a title
    alone (负责人, 队长) names no one."""
    if re.search(r"《[^》□]+》", text):  # a work's title (a film, a book) names what is asked
        return True
    run = ""  # the nouns before the word: jieba cuts some bodies in two (城管 中队, 社区 党委)
    for word, flag in posseg_cut(text):
        if flag in {"nr", "nrfg", "nrt", "nt", "ns"} and len(word) >= 2:  # jieba tags some names ns (吴京)
            return True
        if len(word) >= 3 and ORG_SUFFIX.search(word):
            return True
        if run and _BODY_HEAD.search(word) and "□" not in word:
            return True
        run = run + word if flag in _BODY_FLAGS and "□" not in word else ""
    return False


def named_of_kind(head: str, sentence: str, question: str) -> bool:
    """A name jieba cuts off the kind word (绿城 物业 for 哪家物业, 万科 物业, 中环 国际 公司 for 哪家公司): a run of
    nouns ending in a word of the asked kind (the head, or a word ending as it does), with a name in it — a word
    jieba tags as one, or one CC-CEDICT does not know as a common word — that the question does not say."""
    run: list[tuple[str, str]] = []
    for word, flag in posseg_cut(sentence):
        if not (flag.startswith("n") or flag == "j"):
            run = []
            continue
        if run and word.endswith(head[-1]) and any(
                len(w) >= 2 and CJK.match(w) and w not in question and (f in PROPER_FLAGS or not common_word(w))
                for w, f in run):
            return True
        run.append((word, flag))
    return False


def names_organisation(sentence: str, question: str) -> bool:
    """Does the sentence name an organisation the question does not: a run of nouns ending in an organisation
    word (公司, 中心, 单位) with a proper name in it (中环 国际 公司, 益 多多 公益 发展 中心)? A run of common
    nouns (居民区 党支部) names a body of every report, not the one asked for; names the question gives
    (新弘 of 新弘居民区) name the asker's subject."""
    run: list[tuple[str, str]] = []
    for word, flag in posseg_cut(sentence):
        if not (flag.startswith("n") or flag in {"j", "vn", "m"}):
            run = []
            continue
        if flag == "nt" and len(word) >= 3 and word not in question and not common_word(word):
            return True  # one word jieba tags an organisation's name (东华大学, 中共上海市委), not a common noun (人民法院)
        run.append((word, flag))
        if len(run) > 1 and (ORG_SUFFIX.search(word) or _ORG_KIND.search(word)) and any(
                f in PROPER_FLAGS and w not in question for w, f in run[:-1]):
            return True
    return False


# The clause marks that end the question's words after its question word (the right anchor of body_in_slot).
_CLAUSE_MARK = re.compile(r"[，,；;：:。？?！!、\s]")


def body_in_slot(head: str, sentence: str, question: str) -> bool:
    """Does a body's name stand in the sentence where the question asks it (哪个单位对居委会…予以确认 → 人民法院对居委会…
    予以确认; 无锡市中级哪个单位二审维持原判 → 无锡市中级人民法院二审维持原判)? A word jieba tags an organisation (nt)
    or ending in an organisation head, that the question does not say, ending right where the sentence goes on
    with the question's first two characters after 哪…head. names_organisation leaves out common nouns (人民法院),
    as they name a body of every report; in the asked slot, followed by the question's own words, one answers."""
    asked = re.search(rf"哪[^，。？?]{{0,2}}?{re.escape(head)}", question)
    if asked is None:
        return False
    after = _CLAUSE_MARK.split(question[asked.end():])[0]
    if len(after) < 2:
        return False
    at = 0
    for word, flag in posseg_cut(sentence):
        at += len(word)
        if (sentence.startswith(after[:2], at) and len(word) >= 2 and word not in question
                and (flag == "nt" or ORG_SUFFIX.search(word) or _BODY_HEAD.search(word))):
            return True
    return False


def named_by_role(sentence: str, blanked: str, roles: list[Term], prefix: bool = True, person: bool = False) -> bool:
    """Is a person's name (jieba nr, not the question's own words) in the same clause as the role the
    question asks the name of (负责人王敏表示, 王敏夺得冠军), not anywhere in the sentence? jieba also tags words
    it does not know as names (宣传栏, 内容丰富): the role's clause tells the name asked for. prefix: a role's first
    two characters say it too (a noun's modifier); not for a role whose forms already hold its title (党支部书记:
    党支 is the body's, not the secretary's). person: the role is a person's (names_a_person's strict reading)."""
    forms = {form for r in roles for form in {*r.alternatives, r.text[:2] if prefix else r.text} if len(form) >= 2}
    clauses = re.split(r"[，,；;：:、]", sentence)
    blanked_clauses = re.split(r"[，,；;：:、]", blanked)
    return any(any(form in clause for form in forms) and names_a_person(plain, clause, person)
               and not _owned_by_other(clause, plain, forms)
               for clause, plain in zip(clauses, blanked_clauses))


def _owned_by_other(clause: str, blanked: str, forms: set[str]) -> bool:
    """Is the role in the clause another body's? The question's own words before it are blanked (白沙洲街道…社区
    of 白沙洲街道邮电社区的党委书记), and a name in their place (佳韵: 白沙洲街道佳韵社区党委书记鲁红涛) says whose
    role it is: a stretch of nouns, adjectives or localisers before blanked words that run to the role's word, a
    name jieba tags as one or a word CC-CEDICT does not know as a common word (not 该, 两个, 新当选的)."""
    found = min(clause.find(form) for form in forms if form in clause)
    at = 0  # the start of the word the role is in (党总支 书记 for 支书): what stands before the role's word
    for word, _ in posseg_cut(clause):
        if at + len(word) > found:
            break
        at += len(word)
    m = _OWNER_BEFORE_ROLE.search(blanked[:at])
    if m is None:
        return False
    piece = m.group(1)
    words = posseg_cut(piece)
    if not all(flag[:1] in {"n", "a", "j", "f"} for _, flag in words):  # 堤/n 后/f, 佳/a 韵/n
        return False
    return (len(piece) <= 3 and not common_word(piece)) or any(
        len(w) >= 2 and (f in PROPER_FLAGS or not common_word(w)) for w, f in words)


# A stretch of Han characters, then the question's own words (blanked) up to the role's word: whose role it is.
_OWNER_BEFORE_ROLE = re.compile(r"([\u4e00-\u9fff]{2,6})□+$")


def names_a_person(text: str, plain: str = "", person: bool = False) -> bool:
    """A person's name: a word jieba tags nr, or its one-character surname (nr) before a given name it cuts
    apart (王 海 鸰), or a surname and given name beside a title in the unblanked text (plain: 经理成建新说,
    person_names), not the question's own words (□). person: a person is asked (not a body a jieba nr word may
    name: 市文明单位蓝海股份), and a word CC-CEDICT knows as a common word (科普/nrt, 师傅/nr) names no one."""
    words = posseg_cut(text)
    return any(flag in PERSON_FLAGS and "□" not in word and (
        (personal_name(word, flag) if person else len(word) >= 2)
        or len(word) == 1 and i + 1 < len(words) and CJK.fullmatch(words[i + 1][0])
        and words[i + 1][0] not in HONORIFICS and words[i + 1][0] not in TITLES)  # 茹 师傅: no given name
        for i, (word, flag) in enumerate(words)) or bool(plain) and names_person(plain, text) or _titled_honorific(words)


def _titled_honorific(words: list[tuple[str, str]]) -> bool:
    """A surname (CC-CEDICT) and an honorific (顾伯伯, 茹师傅) name a person without a given name, and say who holds
    a role only in apposition with the role word right before them (志愿者顾伯伯), not as anyone the sentence
    mentions (书记…看望茹师傅: the one visited). Whatever jieba tags the parts (顾/v 伯伯/nr)."""
    return any(words[j][0] in HONORIFICS and words[j - 1][0] in surnames() and "□" not in words[j - 2][0]
               and person_role(words[j - 2][0]) for j in range(2, len(words)))


# The heads ending the name of a company, foundation, school or hospital (a closed class of non-governmental body
# heads, _BODY_HEAD's): a place word opening such a name (大汉/ns 控股集团, 隆坤/ns 建设 集团) is part of the
# name, not where a fact is. A government's or committee's place (北京市 民政局) is its jurisdiction: still a place.
_BRAND_HEAD = re.compile(r"(?:公司|集团|基金会|银行|大学|学院|学校|医院|协会|学会|研究院|研究所|俱乐部|事务所)$")
_NAME_PART_FLAGS = frozenset({"n", "nz", "nt", "vn", "j"})  # the words between (控股集团/nz, 建设/vn, 妇女儿童/n)
_NAME_PARTS = 3  # words a body's name runs past its place word (湖南省 妇女儿童 发展 基金会)


def place_tagged(text: str) -> list[tuple[str, str]]:
    """jieba's words and tags of the text, a place (ns) that opens a company's or foundation's name (_BRAND_HEAD
    within _NAME_PARTS nouns after it, no punctuation between) retagged nz: a proper noun, no place."""
    words = list(posseg_cut(text))
    out = []
    for i, (word, flag) in enumerate(words):
        if flag == "ns":
            for nxt, tag in words[i + 1:i + 1 + _NAME_PARTS]:
                if _BRAND_HEAD.search(nxt) and len(nxt) >= 2:
                    flag = "nz"
                    break
                if tag not in _NAME_PART_FLAGS:
                    break
        out.append((word, flag))
    return out
