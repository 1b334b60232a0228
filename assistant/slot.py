"""Does a sentence fill the question's slot? A question asks by putting a question word where the answer goes
("美国佛蒙特州总共拥有多少个县", "梁卓伟现任什么学校的院长", "加拿大中文电台主要以什么语言进行广播"); the sentence
that answers it often says the same words around it with the answer in its place ("…总共拥有14个县",
"现任香港大学李嘉诚医学院院长", "主要以粤语及普通话进行广播"). A sentence that only shares the question's words
(its topic) says them together, not on both sides of a filler.

Read by structure only: the question words are a closed class (什么, 哪, 多少, 几, 谁, 何…), the anchors are the
question's own characters right before and after it in its clause, matched in the sentence in order with a short
gap between them that is not itself a question word.
"""
from __future__ import annotations

import re
from functools import lru_cache

from assistant.interrogatives import SLOT_WORD as _ASKING

_CLAUSE = re.compile(r"[，,；;：:。？?！!、\s]")
_TAIL = re.compile(r"[呢呀啊吗吧嘛]+$")
# A copula, a verb of naming or a preposition before the question word (X是什么, X又称什么, X由什么公司制造): the
# sentence may say it by apposition (X，字介眉; X（…），巴西足球运动员) or with another word of the closed class
# (X是法国宇航公司制造), so the anchor is tried without it too.
_COPULA_END = re.compile(r"(?:是|为|叫|叫做|称|称为|又称|乃|系|由|被|在|于|以|用|从|向|对|给|把|将|跟|和|与)$")
# Characters that carry no content by themselves (a particle, a copula, a preposition): an anchor of only these
# matches anywhere.
_LIGHT = frozenset("的了是在和与及或也都就又还被把将于为个之其这那")
_MIN_ANCHOR = 2
_MAX_LEFT = 6
_RIGHT_SPAN = 4  # a right anchor starts within the first characters after the question word: the words the answer
# stands next to (什么学校的院长 → 学校, 院长), not a word further on (…获得由英国皇家天文学会… → 天文)
_GAP = 24  # characters the answer may take between the anchors (香港大学李嘉诚医学院)
_OPENS = "\x00"  # marks an anchor that must open a clause of the sentence
_SUBJECT = "\x01"  # marks an anchor that must open the sentence, followed by apposition or a copula
_NO_GAP = re.compile(r"[。；;？?！!]|什么|哪|多少|谁")


_ASIDE = re.compile(r"（[^（）]*）|\([^()]*\)")


def asked_at(question: str) -> int:
    """Where the question word stands in the question (-1 when there is none)."""
    asked = _ASKING.search(question)
    return -1 if asked is None else asked.start()


def asked_attribute(question: str) -> str:
    """The attribute a question ending in its question word asks of its subject (职业 of X的职业是什么), else ""."""
    text = _bare(question)
    asked = _ASKING.search(text)
    if asked is None or _CLAUSE.split(text[asked.end():])[0].removeprefix("的"):
        return ""
    before = _COPULA_END.sub("", _CLAUSE.split(text[:asked.start()])[-1])
    return before.rpartition("的")[2] if "的" in before else ""


def asked_tail(question: str) -> str | None:
    """What the clause asking says after its question word (亚麻属于哪个属 → 属; 操场的定义是什么 → ""); None when
    the question has no question word."""
    text = _bare(question)
    asked = _ASKING.search(text)
    return None if asked is None else _CLAUSE.split(text[asked.end():])[0]


def asked_subject(question: str) -> str:
    """The subject X of a question asking an attribute of it (杨群的职业是什么 → 杨群), else ""."""
    attribute = asked_attribute(question)
    if not attribute:
        return ""
    text = _bare(question)
    clause = _CLAUSE.split(text[:asked_at(text)])[-1]
    return clause[:clause.rfind("的" + attribute)] if "的" + attribute in clause else ""


def _bare(question: str) -> str:
    """The question without its final mark and sentence-final particles (…是什么呢？ → …是什么)."""
    return _TAIL.sub("", question.strip().rstrip("？?。！! "))


def _heavy(text: str) -> bool:
    return any(ch not in _LIGHT for ch in text)


@lru_cache(maxsize=2048)
def anchors(question: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The question's left anchors (the suffixes of its words right before the question word, longest first) and
    right anchors (the character pairs starting in the first _RIGHT_SPAN characters after it, or the one character
    there when that is all), within the clause that asks; None when the question has no question word or nothing before it."""
    text = _bare(question)
    asked = _ASKING.search(text)
    if asked is None:
        return None
    before = _CLAUSE.split(text[:asked.start()])[-1]
    after = _CLAUSE.split(text[asked.end():])[0]
    after = after.removeprefix("的")
    bases = [before] + ([stripped] if (stripped := _COPULA_END.sub("", before)) != before else [])
    left = tuple(dict.fromkeys(base[-n:] for base in bases for n in range(min(len(base), _MAX_LEFT), _MIN_ANCHOR - 1, -1)
                               if _heavy(base[-n:])))
    # X的N是什么 (袁彭年的字, 公司的简称): the attribute N alone, said where a clause opens (…，字介眉)
    attribute = stripped.rpartition("的")[2] if "的" in stripped else ""
    if attribute and attribute not in left and _heavy(attribute):
        left += (_OPENS + attribute,)
    # X是什么 / X的N是什么 asked at the end: a sentence with X as its subject, opening with it and going on in
    # apposition or a copula (操场是指…, 莱昂德罗·内托（…），巴西足球运动员), predicates of X what was asked
    subject = stripped.rpartition("的")[0] if attribute else stripped
    if not after and stripped != before and len(subject) >= _MIN_ANCHOR and _heavy(subject):
        left += (_SUBJECT + subject[-_MAX_LEFT:],)
    if not left:
        return None
    right = tuple(dict.fromkeys(after[i:i + 2] for i in range(min(len(after) - 1, _RIGHT_SPAN))
                                if not set(after[i:i + 2]) & _LIGHT))
    if not right and len(after) == 1 and after not in _LIGHT:
        right = (after,)
    return left, right


def fills_slot(question: str, sentence: str) -> int:
    """_anchored, plus the character pairs of what the question says before its question word (its subject)
    that the sentence says too, when it fills the slot: of two sentences filling it, the one on the asked subject
    (鑫诺一号…是法国宇航公司制造, not 鑫诺二号…由中国空间技术研究院…制造)."""
    filled = _anchored(question, sentence)
    if not filled:
        return 0
    said = _ASIDE.sub("", sentence)
    before = question[:max(asked_at(question), 0)]
    pairs = {before[i:i + 2] for i in range(len(before) - 1)
             if not set(before[i:i + 2]) & _LIGHT and not _CLAUSE.search(before[i:i + 2])}
    return filled + sum(pair in said for pair in pairs)


def fills_both_sides(question: str, sentence: str) -> bool:
    """Does the sentence say the question's words on both sides of its question word with a filler between them
    (…这一记录在2010年被什么天体超越 → …2010年被UDFy-38135539超越): a left anchor of the question's own words
    (not the subject or attribute anchors, which match one side only) and a right anchor after the filler? Such a
    sentence puts its answer where the question asks it, whatever noun the question names the thing by."""
    found = anchors(question)
    if found is None or not found[1]:
        return False
    left, right = found
    sentence = _ASIDE.sub("", sentence)
    return any(_filled(sentence, at.end(), right, len(anchor)) > len(anchor)
               for anchor in left if not anchor.startswith((_SUBJECT, _OPENS))
               for at in re.finditer(re.escape(anchor), sentence))


def _anchored(question: str, sentence: str) -> int:
    """How many of the question's characters around its question word the sentence says with a filler between
    them (the answer in the asked place): the left anchor's length plus the right anchor's; 0 when it does
    not. Asides in brackets are read as absent (冈察洛夫（俄语：…），俄罗斯小说家). A question ending in its
    question word (X的简称是什么) has no right anchor: the left one followed by words of the same clause fills it."""
    found = anchors(question)
    if found is None:
        return 0
    left, right = found
    sentence = _ASIDE.sub("", sentence)  # an aside in brackets (a name in another script, dates) is no filler
    best, opens = 0, 0
    for anchor in left:
        if anchor.startswith(_SUBJECT):  # the sentence opens on the subject: counts one, beside any other anchor
            opens = int(bool(re.match(rf"[^，。；]{{0,{_MAX_LEFT}}}{re.escape(anchor[1:])}(?:[，,：:]|是|为)(?=[^，。；]{{2}})",
                                      sentence)))
            continue
        pattern = (rf"(?:^|(?<=[，,；;：:（(）)]))(?:{re.escape(anchor[1:])})" if anchor.startswith(_OPENS)
                   else re.escape(anchor))
        for at in re.finditer(pattern, sentence):
            best = max(best, _filled(sentence, at.end(), right, len(anchor.lstrip(_OPENS))))
    return best + opens if best or opens else 0


def _filled(sentence: str, end: int, right: tuple[str, ...], anchored: int) -> int:
    """The anchored length with the best right anchor after a filler from `end` (anchored alone when the
    question has no right anchor and the clause goes on); 0 when nothing fills the slot."""
    if not right:
        rest = _CLAUSE.split(sentence[end:])[0]
        return anchored if len(rest) >= _MIN_ANCHOR and not _NO_GAP.search(rest) else 0
    best = 0
    for other in right:
        for spot in re.finditer(re.escape(other), sentence[end:end + _GAP + len(other)]):
            gap = sentence[end:end + spot.start()]
            if gap and not _NO_GAP.search(gap):
                best = max(best, len(other))
    return anchored + best if best else 0
