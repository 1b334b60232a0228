"""Portal boilerplate glued into the text of web reposts, found by its structure and cut out.

Web reposts (Sohu, NetEase, provincial portals) arrive as one line: the headline runs into the lead
(`原标题：…近日，…`), the lead opens with a dateline and byline (`荆楚网（湖北日报网）讯（记者 … 通讯员 …）`),
photo captions and their credits sit between sentences (`…标语。 通讯员供图`), and the page ends with
credits, sharing prompts and rights notices (`（来源：上海长宁）分享让更多人看到`, `责任编辑：`).

Written here rather than taken from a library: the extractors we have (trafilatura) work on HTML,
and these records are already text. Every rule works on position and form — the tail after the
last full stop, the head before the first one, bracketed credit groups, `label：value` fields,
role words followed by person names — never on one site's strings, and every cut is recorded
as (rule, removed text) for audit (bench/cleaning_report.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from vectorstore.script import HAN as CJK

TERMINAL = "。！？!?"
NAME = rf"[{CJK}]{{2,3}}"  # a Chinese person name: two or three characters
ROLE = r"(?:特约记者|见习记者|记者|通讯员|实习生|摄影|撰稿|采写|作者)"
# field labels of news credits (a closed class of newsroom vocabulary, not any one site's)
LABEL = (r"(?:责任编辑|值班编辑|值班总编|流程编辑|责编|编辑|校对|审核|审校|监制|统筹|策划|出品|稿源|来源|转载|作者|撰稿|"
         r"采写|记者|通讯员|摄影|视频|文|图)")
OUTLET = rf"(?:本报|[{CJK}]{{1,10}}(?:网|报|社|台|新闻|融媒|客户端|在线|频道)(?:[（(][{CJK}]{{2,10}}[)）])?)"
# the head of a story: "outlet [place] [date] 讯/电 (reporters)"
DATELINE = re.compile(
    rf"^{OUTLET}[{CJK}]{{0,8}}?(?:(?:19|20)\d{{2}}年)?(?:\d{{1,2}}月\d{{1,2}}日)?(?:讯|电)\s*"
    rf"(?:[（(](?=[^（()）]{{0,60}}[)）])(?:[^（()）]*?(?:记者|通讯员|实习生)[^（()）]*|[{CJK}\s、，,]{{2,30}})[)）])?")
# a byline opening the lead: "大众网记者 周璐 青岛报道", "北京日报客户端 | 记者 褚英硕", "记者 赵夏晔 通讯员 邵明雪"
BYLINE_HEAD = re.compile(rf"^(?:{OUTLET}\s*[|｜/]?\s*)?(?={ROLE})")
SOURCE_HEAD = re.compile(rf"^来源[：:]\s*(?:[{CJK}]{{1,8}}(?:网|报|台|社|频道|客户端|新闻|发布)[－\-—·]?)+\s*")

# --- the tail of a page: credits, sharing prompts, rights notices -----------------------------------

_BRACKET = r"[（(][^（()）。！？]{0,40}[)）]|[（(][^（()）。！？]{0,40}$"
_UI_PROMPT = rf"返回[{CJK}]{{1,4}}[，,]?\s*查看更多|分享让更多人看到|分享(?:到|至)[{CJK}]{{0,6}}|阅读原文|点击查看[{CJK}]{{0,4}}"
_LABELED = rf"{LABEL}\s*[：:/]\s*[^。！？，；;（()）：:]{{0,30}}?"
_CREDIT_BYLINE = rf"(?:{OUTLET}\s*[/／|｜]?\s*)*(?:{ROLE}|校对|编辑)\s*[：:]?\s*(?:{NAME}[\s、,，]*){{1,5}}"
_PAGE_REF = rf"《\s*[{CJK}]{{2,8}}\s*》\s*[（(]\s*\d{{4}}年\d{{1,2}}月\d{{1,2}}日\s*\d{{1,2}}\s*版\s*[)）]"
_NAMES = rf"{NAME}(?:\s+{NAME}){{0,4}}(?![{CJK}])"  # bare names end at a space or a non-Chinese character
_CONTACT = rf"[{CJK}]{{0,10}}(?:电话|热线)[：:]?\s*[\d\-— ]{{7,}}"
_TAIL_PIECE = rf"(?:{_BRACKET}|{_UI_PROMPT}|{_PAGE_REF}|{_CONTACT}|{_LABELED}|{_CREDIT_BYLINE}|{_NAMES}|[*＊|｜/])"
TAIL_REGION = re.compile(rf"(?:\s*{_TAIL_PIECE})+\s*")
# pieces that may be cut from the very end even after a sentence cut short by the export's length limit
END_PIECE = re.compile(rf"(?:\s*(?:{_UI_PROMPT}|{LABEL}\s*[：:]\s*|(?:来源|转自|稿源|责编|责任编辑|编辑|校对)[：:]\s*[^。！？，；：:]{{1,16}}))+$")
RIGHTS = re.compile(r"转载|版权|侵权|著作权|授权|出处|本网联系|来源标注")
CONTACT_SIGNALS = re.compile(r"APP|App|小程序|公众号|客户端|下载|扫码|二维码|热线|电话|微信号|邮箱|报料|www\.|https?://|\d{3,4}-\d{7,8}")
NOTICE_START = re.compile(r"(?:特别|免责)?声明[：:](?=.{0,20}(?:转载|版权|本网|本平台|信息))|"
                          r"(?:(?:推荐|相关|延伸)阅读|相关新闻|热门推荐)(?=[^。！？]{0,60}(?:\d{2}-\d{4}|\d{4}-\d{2}-\d{2}|[|｜]))")
ORIGINAL_TITLE_CREDIT = re.compile(r"[（(]原标题[：:]\s*(?P<title>[^（()）]{4,60})[)）]")
INLINE_AD = re.compile(r"(?:^|(?<=[。！？\s]))广告\s+[^×]{0,80}?\s*×")


@dataclass
class Cut:
    """Text with boilerplate removed, what was removed, and a headline found in the credits."""
    text: str
    removed: list[tuple[str, str]] = field(default_factory=list)
    original_title: str | None = None


def _last_sentence_start(text: str) -> int:
    """Start of the last sentence of text that ends in a full stop (after the previous terminal)."""
    body = text.rstrip()
    body = body[:-1] if body and body[-1] in "”’」" else body
    prev = max(body.rfind(c, 0, len(body) - 1) for c in TERMINAL)
    if prev >= 0 and prev + 1 < len(text) and text[prev + 1] in "”’」":
        prev += 1
    gap = [m.end() for m in re.finditer(r"\s{3,}", body)]  # a wide gap in a web dump separates blocks
    return max([prev + 1] + [g for g in gap if g < len(body) - 1])


def strip_tail(text: str) -> Cut:
    """Credits, sharing prompts and rights notices after the story's last sentence."""
    cut = Cut(text)
    for _ in range(8):
        before = cut.text
        t = cut.text.rstrip()
        notice = next(reversed(list(NOTICE_START.finditer(t[-240:]))), None)  # the last one
        if notice:
            start = len(t) - len(t[-240:]) + notice.start()
            cut.removed.append(("related-links" if "声明" not in notice.group(0) else "rights-notice", t[start:]))
            t = t[:start]
        last = max(t.rfind(c) for c in TERMINAL)
        if last >= 0 and last + 1 < len(t) and t[last + 1] in "”’」":
            last += 1
        region = t[last + 1:]
        titled = next(reversed(list(ORIGINAL_TITLE_CREDIT.finditer(t[-200:]))), None)  # the last one
        if titled and (rest := t[len(t) - len(t[-200:]) + titled.end():]).strip() \
                and len(rest.strip()) <= 160 and TAIL_REGION.fullmatch(rest):
            start = len(t) - len(t[-200:]) + titled.start()
            cut.original_title = cut.original_title or titled.group("title").strip()
            cut.removed.append(("credit-tail", t[start:].strip()))
            t = t[:start]
        elif region.strip() and len(region.strip()) <= 160 and TAIL_REGION.fullmatch(region):
            if _NAMES_ONLY.fullmatch(region.strip()):
                break  # bare names after the last sentence are the story's byline (`宋昌发 赵凯杰`): kept
            cut.removed.append(("credit-tail", region.strip()))
            t = t[: last + 1]
        elif m := END_PIECE.search(t):
            cut.removed.append(("credit-tail", m.group(0).strip()))
            t = t[: m.start()]
        else:
            start = _last_sentence_start(t)
            sentence = t[start:]
            if start > 0 and len(sentence) <= 100 and RIGHTS.search(sentence):
                cut.removed.append(("rights-notice", sentence.strip()))
                t = t[:start]
            elif start > 0 and len(set(CONTACT_SIGNALS.findall(sentence))) >= 2:
                cut.removed.append(("promo", sentence.strip()))
                t = t[:start]
        cut.text = t
        if cut.text == before.rstrip() or cut.text == before:
            break
    if m := ORIGINAL_TITLE_CREDIT.search(cut.text[-120:]):  # `（原标题：…）` closing the story
        start = len(cut.text) - len(cut.text[-120:]) + m.start()
        if not cut.text[start + len(m.group(0)):].strip():
            cut.original_title = cut.original_title or m.group("title").strip()
            cut.removed.append(("credit-tail", m.group(0)))
            cut.text = cut.text[:start]
    return cut


_NAMES_ONLY = re.compile(_NAMES)


# --- inside the text: photo captions with their credits, in-stream ads, numbered subheads -----------

def _sentence_start(text: str) -> int:
    """Where the last sentence of text begins: after the previous full stop (and its closing quote)."""
    prev = max(text.rfind(c, 0, len(text) - 1) for c in TERMINAL)
    if prev >= 0 and text[prev + 1:prev + 2] in ("”", "’", "」"):
        prev += 1
    return prev + 1


PHOTO_CREDIT = re.compile(
    rf"[（(]\s*(?:图片来源|图源|图片)[：:][^（()）]{{1,20}}[)）]|[（(]图片由[^（()）。]{{1,12}}提供[)）]|"
    rf"[（(][^（()）。，]{{0,16}}供图[)）]|(?<![{CJK}])(?:[{CJK}]{{2,16}}\s*[/／]\s*|[{CJK}]{{2,16}}\s*)供图|"
    rf"[（(](?:[{CJK}]{{2,4}}\s*)+摄[)）]|"
    # a photographer's credit run into the text after a sentence (`…现场。人民网记者杜燕飞摄“当前…`, `。记者 郑光平 摄项目…`):
    # a role word and names, or a bare name (jieba nr: _photographer), then 摄 — not 摄影, 摄像, 摄入, 摄制, 摄取
    rf"(?<=[{TERMINAL}”])\s*(?:(?:{OUTLET})?(?:摄影记者|{ROLE})\s*(?:{NAME}\s*){{1,3}}|(?P<bare>[{CJK}]{{2,4}})\s*)"
    rf"摄(?![影像入制取录氏食政护])")


def _photographer(name: str) -> bool:
    """A bare name before 摄 (`。李贵平摄`): jieba reads it as one person's name (nr), not words that end in a verb
    of shooting (先后拍 of 先后拍摄)."""
    from vectorstore.keyword import posseg_cut  # jieba loads lazily: only pages with such a credit pay

    words = posseg_cut(name)
    return len(words) == 1 and words[0][1] == "nr"


def strip_photo_credits(text: str) -> Cut:
    """`…标语。 通讯员供图`, `微光驿站（通讯员供图）`, `共同包水饺（图片来源：…）`: the credit and the caption it labels.

    The caption is the short run of words just before the credit: a sentence of at most 30
    characters without a comma, or (glued) the words since the last full stop.
    """
    cut = Cut(text)
    out, pos = [], 0
    for m in PHOTO_CREDIT.finditer(text):
        if m.start() < pos or m.group("bare") and not _photographer(m.group("bare")):
            continue
        head = text[pos:m.start()]
        stripped = head.rstrip()
        boundary = _sentence_start(stripped)
        caption = stripped[boundary:]
        if len(caption) > 30 or re.search(r"[，,；;：:]", caption):
            # `…互助“多方协同 共创美好”家园共享空间营造活动。`: a caption opening with a quoted name
            q = stripped.rfind("“", 0, len(stripped) - 1)
            if q >= 0 and len(stripped) - q <= 30 and not re.search(r"[，,；;：:。！？]", stripped[q:-1]):
                boundary, caption = q, stripped[q:]
        if not (0 < len(caption.rstrip("。")) <= 30 and not re.search(r"[，,；;：:]", caption)):
            caption, boundary = "", len(head)
        if boundary < len(head) and caption:
            cut.removed.append(("photo-caption", caption.strip()))
        cut.removed.append(("photo-credit", m.group(0).strip()))
        out.append(head[:boundary] if caption else head)
        pos = m.end()
    out.append(text[pos:])
    cut.text = "".join(out)
    return cut


def strip_inline_ads(text: str) -> Cut:
    """An in-stream ad unit: the `广告` label, one promo line and the close mark `×`."""
    cut = Cut(text)
    for m in INLINE_AD.finditer(text):
        cut.removed.append(("advertisement", m.group(0).strip()))
    cut.text = INLINE_AD.sub("\n", text)
    return cut


NUMBERED_SUBHEAD = re.compile(rf"(?<=[{TERMINAL}”])\s*0[1-9](?=[{CJK}“])")


def split_numbered_subheads(text: str) -> Cut:
    """`…中来。01炎炎夏日…`: a subhead number glued after a full stop starts a new paragraph."""
    cut = Cut(text)
    for m in NUMBERED_SUBHEAD.finditer(text):
        cut.removed.append(("numbered-subhead", m.group(0).strip()))
    cut.text = NUMBERED_SUBHEAD.sub("\n", text)
    return cut


# --- the head of a story: headline glued to the lead, dateline, byline ------------------------------

# words that open a news lead: time adverbials, purpose and circumstance clauses, reporting verbs
STRONG_OPENER = re.compile(
    r"(?:\d{1,2}月\d{1,2}日|\d{1,2}月(?:以来|初|中旬|上旬|下旬|底|份)|(?:19|20)\d{2}年|近日|日前|近期|近年来|今年以来|"
    r"今年|去年|昨天|昨日|今天|今日|前不久|最近|当前|目前|随着|据(?:了解|悉|介绍)|记者(?:从|获悉|了解)|"
    r"根据|按照|为(?:了|进一步|深入|切实|全面|更好|扎实|有效|确保|具体|推动|推进|加强|提升|解决|落实|巩固|丰富|激发|营造|充分|"
    r"实现|做好|促进|保障|帮助|助力|打造|增强|提高|弘扬|贯彻|践行))")
SPEECH_QUOTE = re.compile(r"[“\"「][^”\"」]{0,60}?[，。！？,!?][^”\"」]*[”\"」]")
HEADLINE_END = re.compile(r"[，、：:；;（(“《—\-|｜·的为在对把向与和及将被从]$")  # no headline ends on a particle


def _balanced(text: str) -> bool:
    return text.count("“") == text.count("”") and text.count("《") == text.count("》") and text.count('"') % 2 == 0 \
        and text.count("（") + text.count("(") == text.count("）") + text.count(")")


def _place_starts_at(text: str, i: int) -> bool:
    """A known place name (Shanghai gazetteer, national divisions) of 3+ characters starts at i and
    is not the tail of a longer name starting before i."""
    from ingest.regions import place_names_at

    if max((len(n) for n in place_names_at(text, i)), default=0) < 3:
        return False
    return not any(j + len(n) > i for j in range(max(0, i - 3), i) for n in place_names_at(text, j))


def _valid_headline(left: str, min_len: int = 6) -> bool:
    left = left.strip()
    return min_len <= len(left) <= 64 and "。" not in left and not HEADLINE_END.search(left) and _balanced(left)


def _repeated_prefix(text: str) -> int:
    """Length of a headline written twice in a row (`X X…` or `XX…`), else 0."""
    for n in range(min(64, len(text) // 2), 5, -1):
        head = text[:n]
        rest = text[n:].lstrip()
        if rest.startswith(head.strip()) and _valid_headline(head):
            return n
    return 0


def split_headline(text: str, strong_only: bool = False, max_len: int = 48) -> tuple[str, str] | None:
    """A headline glued to the lead → (headline, lead), or None when no boundary is plain.

    The boundary, in order of trust: the headline written twice; a dateline or byline; a lead
    opener (a date, 近日/日前, a purpose clause 为进一步…); an arrow `→`; then, unless strong_only,
    a quotation that is a sentence of speech, or a place name opening the lead (`四平路街道和…`).
    """
    text = text.lstrip()
    if n := _repeated_prefix(text):
        head = text[:n].strip()
        return head, text[n:].lstrip()[len(head):].lstrip()
    stop = text.find("。")
    limit = min(max_len, len(text) if stop < 0 else stop)
    from vectorstore.keyword import posseg_cut

    flags, pos = {}, 0
    words = posseg_cut(text[: limit + 8])
    for n, (word, flag) in enumerate(words):
        after = words[n + 1][1] if n + 1 < len(words) else ""
        flags[pos] = (word, flag, after)
        pos += len(word)
    for i in range(6, limit + 1):
        right = text[i:].lstrip()
        left = text[:i]
        if text[i - 1] == "→" and _valid_headline(left[:-1]):
            return left[:-1].strip(), right
        if not _valid_headline(left):
            continue
        word, flag, after = flags.get(i, ("", "", ""))
        purpose = word == "为" and flag == "p" and after.startswith(("v", "d", "ad"))  # 为探索…: a purpose clause
        if STRONG_OPENER.match(right) or purpose:
            # `…在行动！徐汇区康健街道近日组织…`: the place just before the opener is the lead's subject
            k = next((k for k in range(max(8, i - 12), i) if _place_starts_at(text, k) and _valid_headline(text[:k])), i)
            return text[:k].strip(), text[k:].lstrip()
        if left[-1] in "？”」" and _place_starts_at(text, i):
            return left.strip(), right
        if _credit_starts(right):
            j = _credit_start(text, len(text) - len(right))
            if j is not None and _valid_headline(text[:j]):
                return _without_photo_credit(text[:j].strip()), text[j:].lstrip()
    if strong_only:
        return None
    for time_word in (False, True):  # a time word (`暑期一到，…`) only where nothing better opens the lead
        for i in range(8, limit + 1):
            right = text[i:].lstrip()
            left = text[:i]
            if not _valid_headline(left, 8):
                continue
            word, flag, _ = flags.get(i, ("", "", ""))
            if flag == "t" if time_word else (
                    SPEECH_QUOTE.match(right) or _place_starts_at(text, i)
                    or word == "在" and (text[i + 1:i + 2] == "“" or _place_starts_at(text, i + 1))):
                return left.strip(), right
    return None


def _without_photo_credit(headline: str) -> str:
    """`…化干戈长春市宽城区人民法院/供图` → `…化干戈`: a photo credit between headline and dateline,
    cut from the place name that opens the crediting body."""
    if not re.search(r"供图$", headline):
        return headline
    for k in range(max(6, len(headline) - 24), len(headline)):
        if _place_starts_at(headline, k):
            return headline[:k]
    return re.sub(r"[/／]?供图$", "", headline)


def _credit_starts(text: str) -> bool:
    return bool(DATELINE.match(text) or BYLINE_HEAD.match(text) and _byline_end(text))


def _credit_start(text: str, i: int) -> int | None:
    """A dateline's outlet name can swallow the headline's last words (`…添彩本报讯`): of the run of
    positions from i where a dateline or byline matches, the first on a word boundary whose word
    jieba reads as a proper name (`中新网`, `河南日报`, `本报讯`: nz/nt/ns), else the last on a word
    boundary (`极目新闻记者`)."""
    from vectorstore.keyword import posseg_cut

    flags, pos = {}, 0
    for word, flag in posseg_cut(text[: i + 24]):
        flags[pos] = flag
        pos += len(word)
    last = None
    for j in range(i, min(len(text), i + 16)):
        if not _credit_starts(text[j:]):
            break
        if j in flags:
            if flags[j] in ("nz", "nt", "ns", "j"):
                return j
            last = j
    return last  # None: no word starts the credit (`户外工作者` holds no byline)


def _byline_end(text: str) -> int:
    """End of a byline at the start of text (`记者 赵夏晔 通讯员 邵明雪` + `党的…`), 0 if none."""
    m = BYLINE_HEAD.match(text)
    if not m:
        return 0
    pos = m.end()
    found = False
    while True:
        role = re.match(rf"\s*{ROLE}\s*[：:]?\s*", text[pos:])
        if not role:
            break
        pos += role.end()
        names = 0
        while names < 5:
            spaced = re.match(rf"({NAME})(?=[\s、，,“\"（(]|{ROLE}|[{CJK}]{{2,3}}报道)", text[pos:])
            if spaced:
                pos += spaced.end()
            else:
                glued = _person_name(text[pos:pos + 8])
                if not glued:
                    break
                pos += len(glued)
            names += 1
            found = True
            sep = re.match(r"[\s、，,]+", text[pos:])
            if sep:
                pos += sep.end()
        if names == 0:
            return 0
    if not found:
        return 0
    if reported := re.match(rf"\s*[{CJK}]{{2,3}}报道", text[pos:]):
        pos += reported.end()
    return pos


def _person_name(text: str) -> str | None:
    """A person's name glued to the following words, by jieba's part-of-speech tag `nr`."""
    from vectorstore.keyword import posseg_cut  # jieba loads lazily: only pages with glued bylines pay

    words = posseg_cut(text)
    if words and words[0][1] == "nr" and 2 <= len(words[0][0]) <= 3:
        return words[0][0]
    return None


CAPTION_BEFORE_DATELINE = re.compile(rf"^[^，。！？,]{{2,24}}。(?=\s*{OUTLET}[{CJK}]{{0,8}}?"
                                     r"(?:(?:19|20)\d{2}年)?\d{0,2}月?\d{0,2}日?(?:讯|电))")


LEAD_CAPTION = re.compile(r"^([^，、。！？,“”]{8,30})。")


def _shown_again(caption: str, rest: str) -> bool:
    """The caption appears again whole, or the text (cut by the export's length limit) ends with it."""
    tail = rest.rstrip()
    return caption in rest or any(tail.endswith(caption[:n]) for n in range(8, len(caption)))
REPORTER_BRACKET = re.compile(r"^[（(][^（()）。，]{0,40}(?:记者|通讯员)[^（()）。，]{0,40}[)）]")
LEAD_PHOTO_CREDIT = re.compile(rf"^[{CJK}]{{2,16}}\s*[/／]?\s*供图")


def strip_lead_credits(text: str) -> Cut:
    """Caption, dateline, byline and `来源：` field before the first sentence of a story."""
    cut = Cut(text)
    for _ in range(4):
        t = cut.text.lstrip()
        if m := CAPTION_BEFORE_DATELINE.match(t):
            cut.removed.append(("photo-caption", m.group(0)))
            t = t[m.end():]
        elif (m := LEAD_CAPTION.match(t)) and _shown_again(m.group(1), t[m.end():]):
            cut.removed.append(("photo-caption", m.group(0)))  # a caption shown again with its photo later
            t = t[m.end():]
        elif (m := DATELINE.match(t)) and m.end() > 0:
            cut.removed.append(("dateline", m.group(0).strip()))
            t = t[m.end():]
        elif end := _byline_end(t):
            cut.removed.append(("byline", t[:end].strip()))
            t = t[end:]
        elif m := REPORTER_BRACKET.match(t):
            cut.removed.append(("byline", m.group(0)))
            t = t[m.end():]
        elif m := LEAD_PHOTO_CREDIT.match(t):
            cut.removed.append(("photo-credit", m.group(0)))
            t = t[m.end():]
        elif m := SOURCE_HEAD.match(t):
            cut.removed.append(("credit", m.group(0).strip()))
            t = t[m.end():]
        else:
            break
        cut.text = t
    return cut
