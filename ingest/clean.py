"""Named cleaning rules for noisy news pages: each rule is a small function with its own test.

Written here rather than taken from a library because the dirt is specific to scanned Chinese
community newspapers and WeChat/NetEase reposts (mastheads, QR boilerplate, ad blocks, pinyin debris).

`clean_page` turns a raw page into typed blocks (heading, body, byline) that segmentation groups
into articles. Every removed line is recorded with the rule that removed it, for audit and tests.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import opencc

from ingest.boilerplate import (DATELINE, Cut, split_headline, split_numbered_subheads, strip_inline_ads, strip_lead_credits,
                                strip_photo_credits, strip_tail)
from vectorstore.script import HAN_WIDE as CJK

CJK_PUNCT = "\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u00b7"
TERMINAL = "。！？!?；;…"
HEADING_MAX = 40  # a line this short without a full stop is a heading candidate
MASTHEAD_MAX = 5  # in the head zone, lines this short are masthead fragments

BlockKind = Literal["heading", "body", "byline"]


@dataclass
class Block:
    text: str
    kind: BlockKind
    original: str


@dataclass
class CleanPage:
    blocks: list[Block]
    original_title: str | None = None
    author: str | None = None
    publication: str | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)  # (rule, original line)


# --- character-level normalisation -------------------------------------------------------------

_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_PINYIN_DEBRIS = re.compile(rf"(?<=[{CJK}])\((?=[a-z{_TONE}]*[{_TONE}])[a-z{_TONE}]{{1,6}}\)")


def remove_pinyin_debris(text: str) -> str:
    """`社區(qū)` → `社區`: romanisation left in parentheses by some web converters."""
    return _PINYIN_DEBRIS.sub("", text)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified characters (OpenCC); the caller keeps the original for audit."""
    return _t2s().convert(text)


_INNER_SPACE = re.compile(rf"(?<=[{CJK}{CJK_PUNCT},;:!?\"])[ \t\u3000\u00a0]+(?=[{CJK}{CJK_PUNCT}0-9\"])|"
                          rf"(?<=[{CJK}{CJK_PUNCT}0-9\"])[ \t\u3000\u00a0]+(?=[{CJK}{CJK_PUNCT}])")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")


def join_cjk_spaces(text: str, keep_one: bool = False) -> str:
    """`共同治 理` → `共同治理`: spaces left inside Chinese text by scanning and column layout."""
    text = _SPACES.sub(" ", text).strip()
    return _INNER_SPACE.sub(" " if keep_one else "", text)


_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_HALF_PUNCT = re.compile(rf"(?<=[{CJK}\"“”])([,:;?!])|([,:;?!])(?=[{CJK}\"“”])")


def fullwidth_punctuation(text: str) -> str:
    """ASCII `,:;?!` next to Chinese → full-width, and straight quotes → paired curly quotes."""
    text = _HALF_PUNCT.sub(lambda m: _HALF_TO_FULL[m.group(0)], text)
    if '"' in text and re.search(f"[{CJK}]", text):
        parts = text.split('"')
        out = [parts[0]]
        for i, part in enumerate(parts[1:]):
            out.append(("“" if i % 2 == 0 else "”") + part)
        text = "".join(out)
    return text


_CONTINUATION = re.compile(r"[（(]\s*(?:下转|上接|转|接)\s*第?\s*\d+\s*版\s*[)）]")


def remove_continuation_markers(text: str) -> str:
    """`(下转2版)` and friends: page-jump markers, not content."""
    return _CONTINUATION.sub("", text).strip()


_JUMP_MARK = re.compile(r"[（(]\s*(下[转轉]|上接|[转轉]|接)\s*第?\s*(\d+)\s*版\s*[)）]")


@dataclass
class JumpMark:
    """A page-jump marker in raw text: `(下转2版)` (forward: the story goes on on page 2) or
    `(上接1版)` (backward: this is the rest of a story begun on page 1)."""

    start: int
    end: int
    forward: bool
    page: int


def jump_marks(text: str) -> list[JumpMark]:
    """The page-jump markers in raw text, in order."""
    return [JumpMark(m.start(), m.end(), m.group(1)[0] in "下转轉", int(m.group(2))) for m in _JUMP_MARK.finditer(text)]


def normalise_line(raw: str) -> str:
    text = remove_pinyin_debris(raw)
    text = to_simplified(text)
    text = remove_continuation_markers(text)
    return text.strip()


# --- line rules: each returns True when the (normalised) line is junk ---------------------------

def is_qr_boilerplate(line: str) -> bool:
    """`扫描二维码` / `关注“上海社区发布”` / `长按识别`."""
    return bool(re.fullmatch(r"(扫描|扫一扫|长按|识别)?(二维码|识别二维码)?.{0,2}", line) and "二维码" in line) or bool(
        re.fullmatch(r"(扫码|点击|欢迎)?关注([“\"「].{1,20}[”\"」]|\S{1,20}(公众号|微信号|视频号))", line)
    )


_SLOGANS = {"不忘初心 牢记使命", "不忘初心，牢记使命", "自家门口这点事"}


_PAGE_LABEL = r"第\s*[A-Z]?(\d{1,2})\s*版|^[A-Z]?(\d{1,2})\s*版$"
_FOLIO_PARTS = re.compile(_PAGE_LABEL + r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|星期[一二三四五六日天]|周[一二三四五六日]|[\s|｜/·,，:：-]")
FOLIO_REST = 8  # characters a folio holds beside its date and page (the paper's or section's name, an editor)


def folio_page(line: str) -> int | None:
    """The page number of a folio line — `2023年5月8日 星期一 第2版`, `社区晨报 第2版`, `A2版` —: a short
    line made of a page label, a date, a weekday and a name; None for any other line (a jump marker too)."""
    m = re.search(_PAGE_LABEL, line.strip())
    if not m or _JUMP_MARK.search(line) or len(_FOLIO_PARTS.sub("", line)) > FOLIO_REST:
        return None
    return int(m.group(1) or m.group(2))


def is_masthead(line: str, in_head_zone: bool) -> bool:
    """Newspaper masthead: publisher, serial numbers, slashed slogans, English name, short fragments."""
    compact = line.replace(" ", "")
    if folio_page(line) is not None:  # the page's date and number
        return True
    if re.fullmatch(r"(\S\s*/\s*){3,}\S", line):  # 自 / 家 / 门 / 口 ...
        return True
    if re.search(r"联合出版$|出版集团$|连续出版物号|CN\s?\d{2}-\d{4}|主管主办", line):
        return True
    if line in _SLOGANS or compact in {s.replace(" ", "") for s in _SLOGANS}:
        return True
    if not in_head_zone:
        return False
    if re.fullmatch(r"[A-Z][A-Z .&'-]{3,}", line):  # SHANGHAI COMMUNITY NEWS
        return True
    if re.fullmatch(rf"[{CJK}]{{4}} [{CJK}]{{4}}", line):  # four-plus-four slogan
        return True
    return len(compact) <= MASTHEAD_MAX and not re.search(r"[。！？]", line)


_CHROME_LINE = re.compile(
    r"首页\s*>|>\s*正文|申请入驻|^分享至$|^\d{1,3}$|往期回顾|专题推荐|无障碍浏览|进入关怀版|incentive-icons|"
    r"^\d+文章数|关注度$|^责任编辑[:：]|^编辑[:：]|^来源[:：]\S{0,20}$|^点击(阅读|查看)|^举报$|^打开APP|^返回搜狐"
)


def is_web_chrome(line: str) -> bool:
    """Breadcrumbs, share buttons, follower counts, 'related' headers of portal pages."""
    return bool(_CHROME_LINE.search(line))


_FOOTER_START = re.compile(r"^(特别声明|免责声明)[:：]|^Notice: The content above|^声明[:：]本文")


def is_platform_footer(line: str) -> bool:
    """The platform notice after which a repost carries only site chrome (特别声明/Notice…)."""
    return bool(_FOOTER_START.search(line))


def _grams(text: str) -> set[str]:
    chars = re.sub(r"[^\w]", "", text.lower())
    return {chars[i:i + 2] for i in range(len(chars) - 1)}


def is_seo_spam(line: str, page_text: str = "") -> bool:
    """Keyword stuffing (`国产av一二三区|日本不卡…`): four or more short `|`-separated items that
    share almost no words with the page around them (given the page), or (alone) that repeat each
    other's bait words across most items.

    Structure, not a word list: a slogan row (`党建引领|政府搭台|商家自治|社会共治`) is on the page's
    topic and its items are distinct.
    """
    parts = [p.strip() for p in re.split(r"[|｜]", line) if p.strip()]
    if len(parts) < 4 or any(len(p) > 30 or re.search(r"[。，！？]", p) for p in parts):
        return False
    grams = [_grams(p) for p in parts]
    if page_text:  # off the page's topic: the items share almost no words with the page around them
        rest = _grams(page_text.replace(line, ""))
        own = set().union(*grams)
        return len(own & rest) / max(1, len(own)) < 0.25
    repeated = sum(1 for i, g in enumerate(grams) if any(g & h for j, h in enumerate(grams) if j != i))
    return repeated >= 0.6 * len(parts)  # alone, a line is stuffed when its items repeat each other's words


_ORG_SUFFIX = re.compile(r"(有限公司|公司|集团|医院|护理院|酒家|酒店|商行|工作室|实业|米业)")
_CODE = re.compile(r"[A-Z]{2,}-?\d{4,}|\d{6,}|\d+·\d+")
_FIELD = re.compile(rf"^[{CJK}]{{2,6}}\s*[:：]\s*\S")


def _ad_signal(line: str, run: list[str]) -> bool:
    """A commercial line: an organisation's name, a certificate code, a `label: value` field, a
    list of items with one ending (`…企业 …企业`), or a line repeated within the run."""
    items = line.split()
    listed = len(items) >= 2 and len({i[-2:] for i in items}) == 1
    return bool(_ORG_SUFFIX.search(line) or _CODE.search(line) or _FIELD.search(line) or listed
                or run.count(line) >= 2)


def _is_listing(line: str) -> bool:
    """Short and without sentence punctuation: a line that can belong to an ad block."""
    return len(line) <= 80 and not re.search(r"[。，！？；]", line)


def is_ad_block(run: list[str]) -> bool:
    """An advertisement block: four or more listing lines, most of them commercial, at least two of
    them names or codes. Ordinary prose never qualifies (any line with a sentence breaks the run)."""
    if len(run) < 4 or not all(_is_listing(line) for line in run):
        return False
    signals = [_ad_signal(line, run) for line in run]
    strong = sum(1 for line in run if _ORG_SUFFIX.search(line) or _CODE.search(line))
    return sum(signals) >= 0.6 * len(run) and strong >= 2


_CAPTION = re.compile(r"^.{0,14}(现场|合影|剪影|图为.*|摄影?|供图|图片来源.*)$")


def is_photo_caption(line: str) -> bool:
    """`活动现场`, `共建单位认领现场`: photo captions dropped into the text flow."""
    return len(line) <= 16 and bool(_CAPTION.match(line)) and not re.search(r"[。！？]", line)


_BYLINE = re.compile(
    rf"^(通讯员|记者|文|撰稿|摄影|作者|供稿)[\s:：]*[{CJK}]{{2,4}}(\s+(通讯员|记者|摄影)?[\s:：]*[{CJK}]{{2,4}})*$|"
    rf"^[（(][{CJK}]{{2,8}}[)）]$|^[（(]本版.{{0,20}}提供[)）]$|^[{CJK}]{{2,3}}( [{CJK}]{{2,3}}){{1,3}}$"
)


def is_byline(line: str) -> bool:
    """`通讯员 钟丽 记者 郭爽`, `(自治办)`, `宋昌发 赵凯杰`: ends a newspaper story."""
    return bool(_BYLINE.match(line))


def is_terminal(text: str) -> bool:
    """Does the text end a sentence (possibly inside closing quotes/brackets)?"""
    stripped = text.rstrip("”’」』\"')）")
    return bool(stripped) and stripped[-1] in TERMINAL


def is_heading_like(text: str, in_head_zone: bool = True) -> bool:
    """Short and without a full stop. Inside a story, a line with a comma is a cut sentence, not a heading."""
    if len(text) > HEADING_MAX or re.search(r"[。！？]", text) or is_terminal(text):
        return False
    return in_head_zone or not re.search(r"[，,]", text)


# --- page-level passes ---------------------------------------------------------------------------

def _drop_ad_blocks(lines: list[tuple[str, str]], removed: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Advertisement blocks (see is_ad_block): the longest run of listing lines that qualifies."""
    keep: list[tuple[str, str]] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_listing(lines[j][1]) and not is_byline(lines[j][1]):
            j += 1
        run = [text for _, text in lines[i:j]]
        if j > i and is_ad_block(run):
            removed.extend(("advertisement", raw) for raw, _ in lines[i:j])
            i = j
            continue
        keep.extend(lines[i:max(j, i + 1)])
        i = max(j, i + 1)
    return keep


_LEAD = re.compile(r"^(近日|日前|\d{1,2}月\d{1,2}日)[，,]")


def _reflow(lines: list[tuple[str, str]]) -> list[Block]:
    """Rejoin paragraphs cut by column and page breaks.

    A long line that stops mid-sentence continues in the next body line; short lines in between
    (a headline or caption placed inside the column) are lifted out and kept before the paragraph.
    A complete lead paragraph (近日，… / 11月22日，…) found inside a cut paragraph is moved to the
    start of its story, where the layout meant it to be.
    """
    blocks: list[Block] = []
    i = 0
    last_heading_end = 0  # index in blocks after the latest heading run
    in_head_zone = True  # before the first body paragraph of a story
    while i < len(lines):
        raw, text = lines[i]
        if is_byline(text):
            blocks.append(Block(text, "byline", raw))
            last_heading_end = len(blocks)
            in_head_zone = True
            i += 1
            continue
        if is_heading_like(text, in_head_zone):
            blocks.append(Block(join_cjk_spaces(text, keep_one=True), "heading", raw))
            last_heading_end = len(blocks)
            i += 1
            continue
        para, orig = join_cjk_spaces(text), raw
        i += 1
        while not is_terminal(para) and i < len(lines):
            j = i
            lifted: list[tuple[str, str]] = []
            while j < len(lines) and is_heading_like(lines[j][1], False) and not is_byline(lines[j][1]) \
                    and len(lifted) < 2:
                lifted.append(lines[j])
                j += 1
            if j >= len(lines) or is_byline(lines[j][1]):
                break
            nraw, ntext = lines[j]
            if not lifted and _LEAD.match(ntext) and is_terminal(ntext) and j + 1 < len(lines) \
                    and not is_heading_like(lines[j + 1][1], False) and not _LEAD.match(lines[j + 1][1]):
                blocks.insert(last_heading_end, Block(join_cjk_spaces(ntext), "body", nraw))
                last_heading_end += 1
                j += 1
                nraw, ntext = lines[j]
            for lraw, ltext in lifted:
                blocks.append(Block(join_cjk_spaces(ltext, keep_one=True), "heading", lraw))
            para += join_cjk_spaces(ntext)
            orig += "\n" + nraw
            i = j + 1
        blocks.append(Block(para, "body", orig))
        in_head_zone = False
    for block in blocks:
        block.text = fullwidth_punctuation(block.text)
    return blocks


_TRAILING_BYLINE = re.compile(rf"[。！？]\s+([{CJK}]{{2,3}}(?:\s+[{CJK}]{{2,3}}){{1,3}})$")


def _split_lines(raw_text: str) -> list[str]:
    """Lines of the page, with a byline glued to the end of a paragraph split off (`…力量。 宋昌发 赵凯杰`)."""
    out: list[str] = []
    for line in raw_text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        # web dumps put a whole page on one line, its parts separated by runs of spaces
        pieces: list[str] = []
        for piece in _SPACE_RUN.split(line):
            if pieces and _unclosed(pieces[-1]) and len(pieces[-1]) < 80:  # `（通讯员  刘佳）`: spaces inside a bracket do not end a part
                pieces[-1] += " " + piece
            else:
                pieces.append(piece)
        for raw in pieces:
            raw = raw.strip()
            if m := _TRAILING_BYLINE.search(raw):
                out += [raw[: m.start(1)].strip(), m.group(1)]
            else:
                out.append(raw)
    return out


def _unclosed(text: str) -> bool:
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


_SPACE_RUN = re.compile(r"[ \t\xa0]{2,}|\u3000{2,}")


def _is_prose(line: str) -> bool:
    """A long line with sentences in it: line rules must not drop it whole, whatever else it holds."""
    return len(line) > 60 and len(re.findall(r"[。！？]", line)) >= 1


_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")
_BULLET = re.compile("[▲■◆●★▼►]")


def strip_page_boilerplate(raw_text: str) -> Cut:
    """Page-level passes before lines are read: zero-width characters, bullets (a bullet starts a
    line), in-stream ads, photo captions with their credits, glued subhead numbers, and the credit
    tail of a last line that carries the story's last sentence (a credit line of its own is left to
    the line rules: a newspaper's closing byline names the story's authors)."""
    cut = Cut(raw_text)
    for m in _INVISIBLE.finditer(raw_text):
        cut.removed.append(("invisible-char", m.group(0)))
    for m in _BULLET.finditer(raw_text):
        cut.removed.append(("bullet", m.group(0)))
    cut.text = _BULLET.sub("\n", _INVISIBLE.sub("", raw_text))
    for step in (strip_inline_ads, strip_photo_credits, split_numbered_subheads):
        done = step(cut.text)
        cut.text = done.text
        cut.removed += done.removed
    head, sep, last = cut.text.rstrip().rpartition("\n")
    if re.search(r"[。！？]", last):
        done = strip_tail(last)
        cut.text = head + sep + done.text
        cut.removed += done.removed
        cut.original_title = done.original_title
    return cut


_ORIGINAL_TITLE = re.compile(r"^原标题[:：]\s*")


def _split_original_title(text: str, removed: list[tuple[str, str]]) -> tuple[str, str]:
    """`原标题：<headline><lead…>` → (headline, lead). Where the boundary is not plain, the headline
    is the first clause and the lead keeps the whole text (nothing is lost, the title may be short)."""
    body = _ORIGINAL_TITLE.sub("", text)
    while _ORIGINAL_TITLE.match(body):  # 原标题 written twice
        body = _ORIGINAL_TITLE.sub("", body)
    if split := split_headline(body):
        title, rest = split
        removed.append(("original-title", text[: len(text) - len(rest)].strip()))
        return title.strip("《》"), rest
    removed.append(("original-title", text[: len(text) - len(body)]))
    return re.split(r"[，。！？,!?]", body, maxsplit=1)[0][:40], body


def _glued_headline(text: str) -> tuple[str, str] | None:
    """A short headline glued to the first paragraph (`法律促廉 引领社区风尚为扎实推动…`): split only on
    a plain lead opener, and only a headline-shaped left part (a space, colon or bar in it)."""
    if len(text) <= 60 or not (split := split_headline(text, strong_only=True, max_len=30)):
        return None
    title, rest = split
    return (title, rest) if re.search(r"[\s：:|｜]", title) and not re.search(r"[，,]", title) else None


def clean_page(raw_text: str) -> CleanPage:
    """Raw page text → cleaned, simplified blocks, with every removed line recorded by rule."""
    page = strip_page_boilerplate(raw_text)
    removed: list[tuple[str, str]] = list(page.removed)
    original_title = page.original_title
    author = publication = None
    lines: list[tuple[str, str]] = []
    seen_body = False
    for raw in _split_lines(page.text):
        if not raw:
            continue
        text = normalise_line(raw)
        if not text:
            removed.append(("continuation-marker", raw))
            continue
        if is_platform_footer(text):
            removed.append(("platform-footer", raw))
            break  # what follows the platform notice is site chrome
        if (m := re.match(r"^原标题[:：]\s*《?(.+?)》?$", text)) and len(text) <= 80 \
                and (text.endswith("》") or not split_headline(m.group(1))):  # a title line of its own
            original_title = fullwidth_punctuation(m.group(1))
            removed.append(("web-chrome", raw))
            continue
        if _ORIGINAL_TITLE.match(text):
            title, text = _split_original_title(text, removed)
            original_title = fullwidth_punctuation(title)
        if not seen_body and DATELINE.fullmatch(text):
            removed.append(("dateline", raw))
            continue
        if not seen_body:
            lead = strip_lead_credits(text)
            if lead.removed and lead.text.strip():  # a credit line of its own stays for the byline rules
                removed += lead.removed
                text = lead.text.strip()
            if not original_title and (glued := _glued_headline(text)):
                lines.append((raw, glued[0]))
                text = glued[1]
        if not text:
            continue
        if m := re.match(r"^本文作者[:：]\s*(.+)$", text):
            author = m.group(1)
            if (parts := author.split()) and len(parts) == 2 and parts[0].endswith("报"):
                publication, author = parts  # `解放日报 黄勇娣`
            removed.append(("web-chrome", raw))
            continue
        rule = (
            "seo-spam" if text.count("|") + text.count("｜") >= 3 and is_seo_spam(text, to_simplified(page.text)) else
            None if _is_prose(text) else
            "qr-boilerplate" if is_qr_boilerplate(text) else
            "masthead" if is_masthead(text, in_head_zone=not seen_body) else
            "web-chrome" if is_web_chrome(text) else
            "photo-caption" if is_photo_caption(text) else None
        )
        if rule:
            if rule == "masthead" and publication is None and re.fullmatch(r"[\u4e00-\u9fff]{2,8}(晨报|晚报|日报|周报|社区报|报)", text):
                prev = removed[-1][1] if removed and removed[-1][0] == "masthead" else ""
                publication = (normalise_line(prev) if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", prev) else "") + text
            removed.append((rule, raw))
            continue
        if not is_heading_like(text):
            seen_body = True
        lines.append((raw, text))
    lines = _drop_ad_blocks(lines, removed)
    return CleanPage(_reflow(lines), original_title, author, publication, removed)
