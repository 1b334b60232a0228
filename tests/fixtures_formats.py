"""Test fixtures for the non-text formats, built at test time from the seed articles.

Each builder writes one file and returns what the tests need to check it: the sentences it holds.
Text is typeset the way a community newspaper is (two columns, first-line indents, a paragraph that
runs on from the left column into the right one) with a CJK TrueType font from the system
(Debian: fonts-wqy-microhei), found through fontconfig.
"""
from __future__ import annotations

import email.generator
import email.mime.multipart
import email.mime.text
import html
import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from conftest import seed

CLOSING = set("，。、；：！？”’）》」』,.;:!?)")


@lru_cache(maxsize=32)
def _font(pixels: int):  # noqa: ANN202 - PIL.ImageFont.FreeTypeFont
    from PIL import ImageFont

    return ImageFont.truetype(str(cjk_font()), pixels)


@lru_cache(maxsize=1)
def cjk_font() -> Path:
    """A TrueType CJK font file (reportlab cannot embed the CFF outlines of Noto CJK)."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh:fontformat=TrueType", "file"], capture_output=True, text=True,
                             check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise RuntimeError("fontconfig (fc-list) is missing: apt-get install -y fontconfig fonts-wqy-microhei") from exc
    files = sorted({Path(line.split(":")[0].strip()) for line in out.splitlines() if line.strip()},
                   key=lambda p: ("microhei" not in p.name, p.name))
    if not files:
        raise RuntimeError("No TrueType CJK font found: apt-get install -y fonts-wqy-microhei")
    return files[0]


# --- seed text -----------------------------------------------------------------------------------

def seed_paragraphs(prefix: str, first: int, count: int, min_len: int = 60) -> list[str]:
    """`count` body paragraphs of a seed (lines of at least `min_len` characters), from the `first`-th on."""
    lines = [ln.strip() for ln in seed(prefix).read_text(encoding="utf-8").splitlines()]
    body = [ln for ln in lines if len(ln) >= min_len]
    return body[first:first + count]


def sentences(paragraphs: list[str]) -> list[str]:
    out = []
    for para in paragraphs:
        out += [s + "。" for s in para.split("。") if len(s) >= 12]
    return out


def compact(text: str) -> str:
    """Letters and digits only: the measure compares content, not punctuation width or spacing."""
    text = re.sub(r"〔OCR存疑：(.*?)〕", r"\1", text)
    return re.sub(r"[\W_]+", "", text)


def char_recall(sentence: str, text: str) -> float:
    """Share of the sentence's characters found, in order, in the best-matching window of `text`."""
    import difflib

    want, hay = compact(sentence), compact(text)
    if not want:
        return 1.0
    if want in hay:
        return 1.0
    best = 0
    probe = want[: min(6, len(want))]
    starts = {m.start() for m in re.finditer(re.escape(probe), hay)} or set(range(0, max(1, len(hay)), 8))
    for start in starts:
        lo = max(0, start - len(want) // 2)
        window = hay[lo: start + len(want) * 3 // 2]
        matcher = difflib.SequenceMatcher(None, want, window, autojunk=False)
        best = max(best, sum(b.size for b in matcher.get_matching_blocks()))
    if best < len(want) * 0.5:  # the anchor was misread: align against the whole text
        matcher = difflib.SequenceMatcher(None, want, hay, autojunk=False)
        best = max(best, sum(b.size for b in matcher.get_matching_blocks()))
    return best / len(want)


# --- typesetting ---------------------------------------------------------------------------------

@dataclass
class Placed:
    text: str
    x: float  # left, points
    y: float  # top, points
    size: float


@dataclass
class Typeset:
    pages: list[list[Placed]] = field(default_factory=list)
    # (last line of a column, first line of the next) where a paragraph runs on across the break
    column_breaks: list[tuple[str, str]] = field(default_factory=list)


def break_lines(text: str, width: float, size: float, measure, indent: float) -> list[str]:
    """Greedy line breaking with the basic kinsoku rule: a closing mark may hang one character past
    the edge (标点悬挂); it never starts a line (the character before it moves down with it)."""
    lines, current, limit = [], "", width - indent
    for ch in text:
        if current and measure(current + ch, size) > limit:
            if ch in CLOSING and current[-1] not in CLOSING:
                current += ch
                continue
            carry = ch
            while carry[0] in CLOSING and len(current) > 1:
                carry, current = current[-1] + carry, current[:-1]
            lines.append(current)
            current, limit = carry, width
            continue
        current += ch
    if current:
        lines.append(current)
    return lines


def typeset(measure, page_w: float, page_h: float, pages: list[dict], size: float = 10.5,
            margin: float = 40, gutter: float = 22, columns: int = 2) -> Typeset:
    """Each dict starts a page: masthead, headlines, paragraphs, folio (True: the page number).
    Body text fills `columns` columns in order; with `overflow` it continues on further pages."""
    result = Typeset()
    leading = size * 1.55
    col_w = (page_w - 2 * margin - gutter * (columns - 1)) / columns
    bottom = page_h - margin - size * 3

    def finish(placed: list[Placed], spec: dict) -> None:
        if spec.get("folio"):
            folio = str(len(result.pages) + 1)
            w = measure(folio, size)
            placed.append(Placed(folio, (page_w - w) / 2, page_h - margin, size))
        result.pages.append(placed)

    for spec in pages:
        placed: list[Placed] = []
        y = margin
        if spec.get("masthead"):
            placed.append(Placed(spec["masthead"], margin, y, size * 1.2))
            y += size * 1.2 * 2.2
        head_size = size * 1.7
        for headline in spec.get("headlines", []):
            w = measure(headline, head_size)
            placed.append(Placed(headline, (page_w - w) / 2, y, head_size))
            y += head_size * 1.6
        top = y + size
        col, cy = 0, top
        last_line_of_col = ""
        for para in spec["paragraphs"]:
            for i, line in enumerate(break_lines(para, col_w, size, measure, 2 * size)):
                if cy + size > bottom:
                    col += 1
                    cy = top
                    if col >= columns:
                        if not spec.get("overflow"):
                            raise ValueError("fixture text does not fit on the page; shorten it")
                        finish(placed, spec)
                        placed, col, top = [], 0, margin
                        cy = top
                    if i > 0:
                        result.column_breaks.append((last_line_of_col, line))
                x = margin + col * (col_w + gutter) + (2 * size if i == 0 else 0)
                placed.append(Placed(line, x, cy, size))
                last_line_of_col = line
                cy += leading
        finish(placed, spec)
    return result


# --- builders ------------------------------------------------------------------------------------

@dataclass
class Built:
    path: Path
    sentences: list[str]
    titles: list[str] = field(default_factory=list)
    column_breaks: list[tuple[str, str]] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


def _reportlab_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = "GongzhiCJK"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(cjk_font()), subfontIndex=0))
    return name


def two_column_pdf_pages() -> list[dict]:
    p004 = seed_paragraphs("004", 0, 3)
    p001 = seed_paragraphs("001", 0, 2)
    return [
        {"masthead": "社区晨报", "headlines": ["老西门街道召开老旧公房小区自治家园交流研讨会"], "paragraphs": p004,
         "folio": True},
        {"masthead": "社区晨报", "headlines": ["静安寺街道召开党建引领下的社区自治工作推进会"], "paragraphs": p001,
         "folio": True},
    ]


def _write_pdf(path: Path, laid: Typeset, page_w: float, page_h: float) -> None:
    from reportlab.pdfgen import canvas

    font = _reportlab_font()
    c = canvas.Canvas(str(path), pagesize=(page_w, page_h))
    for page in laid.pages:
        for item in page:
            c.setFont(font, item.size)
            c.drawString(item.x, page_h - item.y - item.size * 0.88, item.text)
        c.showPage()
    c.save()


def build_run_on_pdf(path: Path) -> Built:
    """A single-column report whose paragraph runs on from page 1 to page 2 (no headline on page 2)."""
    from reportlab.pdfbase import pdfmetrics

    font = _reportlab_font()
    paragraphs = seed_paragraphs("004", 0, 3)
    spec = {"headlines": ["老西门街道召开老旧公房小区自治家园交流研讨会"], "paragraphs": paragraphs,
            "folio": True, "overflow": True}
    page_w, page_h = 420.0, 400.0
    laid = typeset(lambda t, s: pdfmetrics.stringWidth(t, font, s), page_w, page_h, [spec], columns=1)
    _write_pdf(path, laid, page_w, page_h)
    return Built(path, sentences(paragraphs), spec["headlines"], laid.column_breaks, {"pages": len(laid.pages)})


def build_two_column_pdf(path: Path) -> Built:
    """Two A4 pages, each a headline over two columns of one seed story; page 2 holds a different story."""
    from reportlab.pdfbase import pdfmetrics

    font = _reportlab_font()
    page_w, page_h = 420.0, 560.0  # short columns, so paragraphs run from one column into the next
    specs = two_column_pdf_pages()
    laid = typeset(lambda t, s: pdfmetrics.stringWidth(t, font, s), page_w, page_h, specs)
    _write_pdf(path, laid, page_w, page_h)
    return Built(path, sentences(specs[0]["paragraphs"]), [s["headlines"][0] for s in specs], laid.column_breaks,
                 {"page2_sentences": sentences(specs[1]["paragraphs"])})


def render_png(path: Path, dpi: int = 150) -> Built:
    """A printed page photographed flat: a headline over two columns of seed 000, as a PNG."""
    from PIL import Image, ImageDraw, ImageFilter

    paragraphs = seed_paragraphs("000", 0, 2)
    spec = {"headlines": ["虹桥国际社区治理研究院正式成立"], "paragraphs": paragraphs}
    scale = dpi / 72

    def font(size: float):  # noqa: ANN202 - PIL.ImageFont.FreeTypeFont
        return _font(round(size * scale))

    page_w, page_h = 420.0, 330.0
    laid = typeset(lambda t, s: font(s).getlength(t) / scale, page_w, page_h, [spec])
    img = Image.new("L", (round(page_w * scale), round(page_h * scale)), 246)
    draw = ImageDraw.Draw(img)
    for item in laid.pages[0]:
        draw.text((item.x * scale, item.y * scale), item.text, font=font(item.size), fill=28)
    img = img.filter(ImageFilter.GaussianBlur(0.6))  # a little softness, as from a scanner
    img.save(path, dpi=(dpi, dpi))
    return Built(path, sentences(paragraphs), spec["headlines"], laid.column_breaks)


def build_scanned_pdf(png: Path, path: Path, dpi: int = 150) -> Built:
    """The PNG embedded as the only content of a PDF page: no text layer at all."""
    from PIL import Image

    with Image.open(png) as img:
        img.convert("RGB").save(path, "PDF", resolution=dpi)
    return Built(path, [])


def build_docx(path: Path) -> Built:
    """A Word file: title, paragraphs of seed 004 and a table of the self-governance projects."""
    import docx

    paragraphs = seed_paragraphs("004", 0, 2)
    document = docx.Document()
    document.core_properties.title = "老西门街道召开老旧公房小区自治家园交流研讨会"
    document.add_heading("老西门街道召开老旧公房小区自治家园交流研讨会", level=1)
    for para in paragraphs:
        document.add_paragraph(para)
    rows = [("小区", "自治项目"),
            ("小西门小区", "垃圾分类我先行、废旧自行车公益兑换、弄堂运动会"),
            ("景德里小区", "依靠议题征询制度解决非机动车乱停放问题"),
            ("龙门村小区", "“美丽龙门”、“龙门睦邻”、“龙门乡愁”居民自治项目")]
    table = document.add_table(rows=len(rows), cols=2)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("交流研讨会由老西门街道党工委副书记、办事处主任周明主持。")
    document.save(path)
    return Built(path, sentences(paragraphs), [document.core_properties.title], extra={"rows": rows})


def render_vertical_png(path: Path, chars_per_column: int = 20, columns: int = 6) -> Built:
    """Seed 004's first paragraph set in vertical columns (竖排), read right to left, as some newspaper
    pages and headlines are. `sentences` holds the text in reading order; `extra["columns"]` each column."""
    from PIL import Image, ImageDraw

    text = compact(seed_paragraphs("004", 0, 1)[0])[: chars_per_column * columns]
    cols = [text[i:i + chars_per_column] for i in range(0, len(text), chars_per_column)]
    pitch, size = 44, 28
    image = Image.new("RGB", (80 + pitch * len(cols), 80 + chars_per_column * 32), "white")
    draw = ImageDraw.Draw(image)
    for c, column in enumerate(cols):
        for r, ch in enumerate(column):
            draw.text((image.width - 60 - c * pitch, 40 + r * 32), ch, font=_font(size), fill="black")
    image.save(path)
    return Built(path, [text], extra={"columns": cols})


def build_doc(docx_built: Built, path: Path) -> Built:
    """The Word fixture saved as Word 97–2003 .doc by LibreOffice (an independent writer of the format;
    .ci/run installs libreoffice-writer-nogui)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise RuntimeError("LibreOffice is missing: apt-get install -y --no-install-recommends libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as profile:  # its own profile: parallel or leftover instances do not clash
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "doc",
                        "--outdir", str(path.parent), str(docx_built.path)], check=True, capture_output=True,
                       timeout=180)
    converted = path.parent / (docx_built.path.stem + ".doc")
    if converted != path:
        converted.replace(path)
    return Built(path, docx_built.sentences, docx_built.titles, extra=docx_built.extra)


NAV = ["首页", "新闻中心", "社区治理", "便民服务", "政务公开", "互动交流"]
COMMENTS = ["网友评论：这个做法值得推广，我们小区也想试试！", "网友评论：请问自治家园怎么报名参加？"]
RELATED = ["相关阅读：徐汇区举办垃圾分类宣传周活动", "相关阅读：浦东新区发布十大养老服务项目名单",
           "相关阅读：杨浦区启动旧区改造征收工作"]


def web_page_html(paragraphs: list[str], title: str, date: str) -> str:
    esc = html.escape
    nav = "".join(f'<li><a href="/{i}">{esc(n)}</a></li>' for i, n in enumerate(NAV))
    body = "".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    comments = "".join(f'<div class="comment"><p>{esc(c)}</p></div>' for c in COMMENTS)
    related = "".join(f'<li><a href="/news/{i}.html">{esc(r)}</a></li>' for i, r in enumerate(RELATED))
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{esc(title)}_黄浦区人民政府门户网站</title>
<meta property="og:title" content="{esc(title)}">
<meta property="article:published_time" content="{date}T09:30:00+08:00">
<script>var _hmt = _hmt || []; window.tracker = "统计代码";</script>
<style>.nav {{ color: red; }}</style>
</head><body>
<header class="site-header"><div class="logo">黄浦区人民政府门户网站</div>
<nav class="nav"><ul>{nav}</ul></nav>
<div class="search"><input placeholder="请输入关键词"><button>搜索</button></div></header>
<div class="breadcrumb"><a href="/">首页</a> &gt; <a href="/news">新闻中心</a> &gt; 正文</div>
<main><article class="article">
<h1>{esc(title)}</h1>
<div class="meta"><span class="date">发布时间：{date}</span> <span class="source">来源：老西门街道</span></div>
<div class="content">{body}</div>
<div class="share">分享到：微信 微博 QQ空间</div>
</article>
<section class="comments"><h3>网友评论</h3>{comments}</section>
<aside class="related"><h3>相关阅读</h3><ul>{related}</ul></aside>
</main>
<footer><p>版权所有：上海市黄浦区人民政府办公室 沪ICP备00000000号</p><p>网站标识码 3101010000</p></footer>
</body></html>"""


def build_html(path: Path) -> Built:
    """A saved portal page: the seed story inside navigation, comments, related links and footer."""
    paragraphs = seed_paragraphs("004", 0, 3)
    title = "老西门街道召开老旧公房小区自治家园交流研讨会"
    path.write_text(web_page_html(paragraphs, title, "2019-11-23"), encoding="utf-8")
    chrome = NAV[1:] + COMMENTS + RELATED + ["版权所有", "分享到", "请输入关键词", "统计代码"]
    return Built(path, sentences(paragraphs), [title], extra={"chrome": chrome, "date": "2019-11-23"})


def build_mhtml(path: Path) -> Built:
    """The same page saved by a browser as one .mhtml file (MIME, quoted-printable HTML)."""
    built_html = build_html(path.with_suffix(".src.html"))
    markup = built_html.path.read_text(encoding="utf-8")
    built_html.path.unlink()
    message = email.mime.multipart.MIMEMultipart("related", type="text/html")
    message["Subject"] = built_html.titles[0]
    message["Snapshot-Content-Location"] = "https://www.example.gov.cn/news/2019/1123.html"
    part = email.mime.text.MIMEText(markup, "html", "utf-8")
    del part["Content-Transfer-Encoding"]
    part["Content-Transfer-Encoding"] = "quoted-printable"
    import quopri

    part.set_payload(quopri.encodestring(markup.encode("utf-8")).decode("ascii"))
    part["Content-Location"] = "https://www.example.gov.cn/news/2019/1123.html"
    message.attach(part)
    buf = io.StringIO()
    email.generator.Generator(buf, mangle_from_=False).flatten(message)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return Built(path, built_html.sentences, built_html.titles, extra=built_html.extra)


def build_bench_pages(folder: Path, dpi: int = 200) -> list[Path]:
    """Newspaper-like A4 scans for the OCR throughput measurement (docs/ocr.md): each seed's whole
    text, headline over three columns, 200 DPI greyscale PNG, several pages when it runs over."""
    from PIL import Image, ImageDraw, ImageFilter

    folder.mkdir(parents=True, exist_ok=True)
    scale = dpi / 72

    def font(size: float):  # noqa: ANN202 - PIL.ImageFont.FreeTypeFont
        return _font(round(size * scale))

    out: list[Path] = []
    page_w, page_h = 595.0, 842.0
    for prefix in ("000", "001", "002", "003", "004"):
        paragraphs = seed_paragraphs(prefix, 0, 100, min_len=40)
        spec = {"masthead": "社区晨报", "headlines": [paragraphs[0][:22]], "paragraphs": paragraphs,
                "folio": True, "overflow": True}
        laid = typeset(lambda t, s: font(s).getlength(t) / scale, page_w, page_h, [spec], size=9.5, columns=3,
                       margin=36, gutter=14)
        for number, placed in enumerate(laid.pages, 1):
            img = Image.new("L", (round(page_w * scale), round(page_h * scale)), 244)
            draw = ImageDraw.Draw(img)
            for item in placed:
                draw.text((item.x * scale, item.y * scale), item.text, font=font(item.size), fill=30)
            path = folder / f"seed{prefix}_p{number}.png"
            img.filter(ImageFilter.GaussianBlur(0.6)).save(path, dpi=(dpi, dpi))
            out.append(path)
    return out


# --- newspaper pages with several stories (scans: PNG, page-as-image PDF) -----------------------

@dataclass
class Story:
    headline: str
    paragraphs: list[str]
    head_size: float = 1.7  # times the body size
    bold: bool = False  # a bold headline (drawn with a stroke) barely larger than the body
    photo: bool = False  # a photo box with a caption between headline and body

    @property
    def sentences(self) -> list[str]:
        return sentences(self.paragraphs)

    @property
    def clauses(self) -> list[str]:
        """The text cut at every sentence end and comma (pieces of at least 6 characters): a finer
        check of reading order than sentences, which are few in a short story."""
        return [c for c in re.split(r"(?<=[。！？；，,;])", "".join(self.paragraphs)) if len(compact(c)) >= 6]


@dataclass
class Ink:
    text: str
    x: float
    y: float
    size: float
    bold: bool = False


def story_paragraphs(prefix: str, picks: list[int]) -> list[str]:
    """Body paragraphs of a seed by index (among lines of at least 60 characters), each ending a sentence,
    so cleaning keeps them in the order they were printed."""
    body = seed_paragraphs(prefix, 0, 100)
    out = [body[i] for i in picks]
    for para in out:
        if para.rstrip()[-1] not in "。！？":
            raise ValueError(f"seed {prefix} paragraph does not end a sentence: {para[-20:]}")
    return out


def newspaper_stories(columns: int) -> list[Story]:
    """The stories of the two- and the three-column page (headlines as the seeds print them)."""
    if columns == 2:
        return [Story("老西门街道召开老旧公房小区自治家园交流研讨会", story_paragraphs("004", [0, 2]), head_size=1.5),
                Story("虹桥国际社区治理研究院成立", story_paragraphs("000", [0, 2]), head_size=1.4),
                Story("街道表彰社区自治100佳", story_paragraphs("001", [3]),
                      head_size=1.1, bold=True, photo=True)]
    return [Story("为社区发展装上高校专业智库“驱动轮”", story_paragraphs("002", [0, 9])),
            Story("基层治理谱新篇 百年西门再启航", story_paragraphs("004", [3, 5]), head_size=1.4),
            Story("探索国际社区治理新路子", story_paragraphs("000", [6, 7]), head_size=1.1, bold=True, photo=True)]


def _lay_story(story: Story, x: float, y: float, width: float, columns: int, gutter: float, size: float,
               measure, inks: list[Ink], photos: list[tuple[float, float, float, float]]) -> float:
    """Headline centred over the frame, an optional photo and caption, then the body balanced over
    `columns` columns; returns the frame's bottom."""
    head = size * story.head_size
    w = measure(story.headline, head)
    if w > width:
        raise ValueError(f"headline wider than its frame: {story.headline}")
    inks.append(Ink(story.headline, x + (width - w) / 2, y, head, story.bold))
    y += head * 1.9
    if story.photo:
        photos.append((x, y, x + width, y + width * 0.55))
        y += width * 0.55 + size * 0.5
        inks.append(Ink("图为志愿者在活动现场", x, y, size * 0.85))
        y += size * 2.2
    col_w = (width - gutter * (columns - 1)) / columns
    lines: list[tuple[str, bool]] = []
    for para in story.paragraphs:
        for i, line in enumerate(break_lines(para, col_w, size, measure, 2 * size)):
            lines.append((line, i == 0))
    per_col = -(-len(lines) // columns)
    leading = size * 1.55
    for n, (line, first) in enumerate(lines):
        col, row = divmod(n, per_col)
        inks.append(Ink(line, x + col * (col_w + gutter) + (2 * size if first else 0), y + row * leading, size))
    return y + per_col * leading


def _draw_photo(draw, box: tuple[float, float, float, float], seed: int) -> None:
    """A halftone-grey photo: sky, ground and a few figures (no text in it)."""
    import random

    rng = random.Random(seed)
    x0, y0, x1, y1 = box
    draw.rectangle(box, fill=150, outline=60, width=2)
    draw.rectangle((x0, y0 + (y1 - y0) * 0.6, x1, y1), fill=110)
    for _ in range(6):
        cx, cy = rng.uniform(x0 + 20, x1 - 20), rng.uniform(y0 + (y1 - y0) * 0.35, y0 + (y1 - y0) * 0.7)
        r = (y1 - y0) * rng.uniform(0.06, 0.1)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=rng.randint(40, 90))
        draw.rectangle((cx - r * 1.3, cy + r, cx + r * 1.3, cy + r * 4), fill=rng.randint(50, 100))


def render_newspaper_png(path: Path, columns: int, dpi: int) -> Built:
    """A community-newspaper page, scanned: masthead, then three stories with their headlines — the
    first across the page in `columns` columns, the other two side by side below it (two columns: one
    column each; three columns: two columns and one) — and a photo box with a caption in the last
    story. `extra["stories"]` holds the stories in reading order."""
    from PIL import Image, ImageDraw, ImageFilter

    scale = dpi / 72
    size, margin, gutter = (10.5, 30.0, 16.0) if columns == 2 else (9.5, 30.0, 14.0)
    page_w = 480.0 if columns == 2 else 560.0

    def measure(text: str, s: float) -> float:
        return _font(round(s * scale)).getlength(text) / scale

    stories = newspaper_stories(columns)
    inks: list[Ink] = [Ink("社区晨报", margin, margin, size * 1.6)]
    photos: list[tuple[float, float, float, float]] = []
    rules: list[float] = [margin + size * 3.0]
    width = page_w - 2 * margin
    col_w = (width - gutter * (columns - 1)) / columns
    y = _lay_story(stories[0], margin, margin + size * 4.0, width, columns, gutter, size, measure, inks, photos)
    rules.append(y + size * 0.6)
    y += size * 2.0
    left_w = col_w * (columns - 1) + gutter * (columns - 2)
    bottom_b = _lay_story(stories[1], margin, y, left_w, columns - 1, gutter, size, measure, inks, photos)
    bottom_c = _lay_story(stories[2], margin + left_w + gutter, y, col_w, 1, gutter, size, measure, inks, photos)
    page_h = max(bottom_b, bottom_c) + margin
    img = Image.new("L", (round(page_w * scale), round(page_h * scale)), 246)
    draw = ImageDraw.Draw(img)
    for n, box in enumerate(photos):
        _draw_photo(draw, tuple(v * scale for v in box), n)
    for ry in rules:
        draw.line((margin * scale, ry * scale, (page_w - margin) * scale, ry * scale), fill=70, width=max(1, round(scale)))
    for ink in inks:
        font = _font(round(ink.size * scale))
        stroke = max(1, round(ink.size * scale * 0.03)) if ink.bold else 0
        draw.text((ink.x * scale, ink.y * scale), ink.text, font=font, fill=28, stroke_width=stroke, stroke_fill=28)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    img.save(path, dpi=(dpi, dpi))
    return Built(path, [s for st in stories for s in st.sentences], [st.headline for st in stories],
                 extra={"stories": stories, "dpi": dpi})


def render_single_column_png(path: Path) -> Built:
    """The page of issue 22: seed paragraphs in one column, 28 px text, 1240 px wide, no headline."""
    from PIL import Image, ImageDraw

    paragraphs = story_paragraphs("004", [0, 2, 5])
    font, width, margin, leading = _font(28), 1240, 90, 46
    lines: list[tuple[str, bool]] = []
    for para in paragraphs:
        for i, line in enumerate(break_lines(para, width - 2 * margin, 28, lambda t, s: font.getlength(t), 56)):
            lines.append((line, i == 0))
    img = Image.new("L", (width, 2 * margin + len(lines) * leading), 255)
    draw = ImageDraw.Draw(img)
    for n, (line, first) in enumerate(lines):
        draw.text((margin + (56 if first else 0), margin + n * leading), line, font=font, fill=20)
    img.save(path, dpi=(150, 150))
    return Built(path, sentences(paragraphs), [], extra={"stories": [Story("", paragraphs)],
                                                         "first_line": lines[0][0]})


def page_as_image_pdf(png: Path, path: Path, resolution: float) -> Built:
    """The scan as a PDF whose only content is the image, its page size set by `resolution` (pixels
    per inch): the same pixels at another scale, as scanners and converters write them."""
    from PIL import Image

    with Image.open(png) as img:
        img.convert("RGB").save(path, "PDF", resolution=resolution)
    return Built(path, [], extra={"resolution": resolution})
