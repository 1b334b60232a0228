"""A story that jumps pages — `(下转2版)` on page 1, `(上接1版)` under a shortened headline on
page 2 — becomes one article when both pages are read, in a text-layer PDF and in a text file.
Fixtures are built at test time from seed text: page 1 holds two stories (seed 000: the forum, then
the constitution-week story that jumps), page 2 the jumped story's rest (seed 002 paragraphs) and
another story (seed 004)."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

import fixtures_formats as fx
from ingest.clean import clean_page
from ingest.continuation import story_parts
from ingest.pipeline import build_articles, ingest_paths
from ingest.readers import parse_locator, read_path, source_name
from ingest.segment import segment_page
from vectorstore.settings import get_settings
from vectorstore.store import Store

JUMPED_TITLE = "在全国宪法宣传周主场活动 在古北市民中心举行"
SHORT_TITLE = "宪法宣传周主场活动"
OTHER_TITLE = "老西门街道召开老旧公房小区自治家园交流研讨会"
FORUM_TITLE = "虹桥国际社区治理研究院正式成立"


def _seed_lines(prefix: str, pattern: str, count: int) -> list[str]:
    lines = [ln.strip() for ln in fx.seed(prefix).read_text(encoding="utf-8").splitlines() if ln.strip()]
    first = next(i for i, ln in enumerate(lines) if re.search(pattern, ln))
    return lines[first:first + count]


def stories() -> dict[str, list[str]]:
    return {
        "forum": _seed_lines("000", r"^11月30日", 2),
        "part1": _seed_lines("000", r"^12月1日", 3),
        "part2": fx.seed_paragraphs("002", 1, 2),
        "other": fx.seed_paragraphs("004", 0, 2),
    }


def page_items(s: dict[str, list[str]], page: int, back: int = 1) -> list[tuple[str, float]]:
    """(text, type size) of each paragraph of a page, headlines larger."""
    if page == 1:
        return ([("社区晨报", 12), (FORUM_TITLE, 18)] + [(p, 10.5) for p in s["forum"]]
                + [(JUMPED_TITLE, 16)] + [(p, 10.5) for p in s["part1"]] + [("(下转2版)", 10.5)])
    return ([(SHORT_TITLE, 14), (f"(上接{back}版)", 10.5)] + [(p, 10.5) for p in s["part2"]]
            + [(OTHER_TITLE, 15)] + [(p, 10.5) for p in s["other"]])


def build_pdf(path: Path, pages: list[list[tuple[str, float]]]) -> Path:
    """One column per page with a text layer; a headline is set larger, body paragraphs indented."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    font = fx._reportlab_font()
    page_w, page_h, margin = 420.0, 900.0, 36.0
    c = canvas.Canvas(str(path), pagesize=(page_w, page_h))
    for items in pages:
        y = margin
        for text, size in items:
            body = size < 12
            lines = fx.break_lines(text, page_w - 2 * margin, size,
                                   lambda t, s: pdfmetrics.stringWidth(t, font, s), 2 * size if body else 0)
            for i, line in enumerate(lines):
                x = margin + (2 * size if body and i == 0 else 0)
                c.setFont(font, size)
                c.drawString(x, page_h - y - size * 0.88, line)
                y += size * 1.55
            y += size * (0.4 if body else 0.8)
            if y > page_h - margin:
                raise ValueError("fixture text does not fit on the page; shorten it")
        c.showPage()
    c.save()
    return path


def text_of(items: list[tuple[str, float]]) -> str:
    return "\n".join(t for t, _ in items)


def _locate(text: str, sentence: str, at: int, ocr: bool) -> int:
    if not ocr:
        return text.find(sentence, at)
    if fx.char_recall(sentence, text[at:]) < 0.9:  # OCR misreads a character here and there
        return -1
    # the sentence's place: its first 6-character piece read right, after `at`
    for k in range(0, max(len(sentence) - 6, 1), 3):
        if (found := text.find(sentence[k:k + 6], at)) >= 0:
            return found
    return -1


def holds_in_order(text: str, paragraphs: list[str], ocr: bool = False) -> bool:
    """Every sentence of the paragraphs is in the text, in the paragraphs' order (OCR: 90 % of its
    characters, placed by a piece read right)."""
    at, text = 0, fx.compact(text)
    for sentence in fx.sentences(paragraphs):
        found = _locate(text, fx.compact(sentence), at, ocr)
        if found < 0:
            return False
        at = found
    return True


def jumped(articles, s, ocr: bool = False) -> list:
    return [a for a in articles if holds_in_order(a.text, s["part1"][:1], ocr)]


def check_joined(articles, s, forum_title: str = FORUM_TITLE, ocr: bool = False) -> None:
    (story,) = jumped(articles, s, ocr)
    assert fx.compact(story.title) == fx.compact(JUMPED_TITLE)  # OCR reads the headline's space or not
    assert holds_in_order(story.text, s["part1"] + s["part2"], ocr), story.text
    assert SHORT_TITLE not in [fx.compact(line) for line in story.text.split("\n")]  # the repeated headline is not body
    assert "下转" not in story.text and "上接" not in story.text
    # nothing of part 2 is left as an article of its own, and the other stories are untouched
    assert not [a for a in articles if a is not story and holds_in_order(a.text, s["part2"][:1], ocr)]
    assert [fx.compact(a.title) for a in articles
            if holds_in_order(a.text, s["other"], ocr)] == [fx.compact(OTHER_TITLE)]
    assert [fx.compact(a.title) for a in articles
            if holds_in_order(a.text, s["forum"], ocr)] == [fx.compact(forum_title)]


@pytest.fixture(scope="module")
def s() -> dict[str, list[str]]:
    return stories()


def test_the_jumped_story_of_a_two_page_pdf_is_one_article_citing_both_pages(tmp_path, s):
    pdf = build_pdf(tmp_path / "paper.pdf", [page_items(s, 1), page_items(s, 2)])
    (doc,) = list(read_path(pdf))
    assert doc.source.endswith("paper.pdf#p1+2")
    loc = parse_locator(doc.source)
    assert (loc.first_page, loc.last_page, loc.label()) == (1, 2, "pp. 1, 2")
    articles = build_articles(doc)
    check_joined(articles, s)
    assert all(a.source == doc.source for a in articles)


def test_the_jumped_story_of_a_text_file_is_one_article_whichever_part_comes_first(tmp_path, s):
    """Page 1 is seed 000 as it is (OCR text ending in `(下转2版)`; the jumped story's headline sits in
    the page's headline block), page 2 the continuation and another story."""
    one = fx.seed("000").read_text(encoding="utf-8")
    two = text_of(page_items(s, 2))
    forum_title = "第二届长宁虹桥国际社区治理论坛成功举办，虹桥国际社区治理研究院同时成立"
    # pages one after the other; or the rest first, the pages apart by a form feed (pdftotext's page break)
    for name, text in (("in-order.txt", f"{one}\n{two}\n"), ("rest-first.txt", f"{two}\n\f{one}\n")):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        (doc,) = list(read_path(path))
        check_joined(build_articles(doc), s, forum_title)


def test_one_part_alone_is_read_as_before(tmp_path, s):
    """Page 1 alone, or page 2 alone: the markers are dropped by cleaning and nothing is joined."""
    first = build_pdf(tmp_path / "first.pdf", [page_items(s, 1)])
    (doc,) = list(read_path(first))
    assert doc.source.endswith("first.pdf#p1") and story_parts(doc.text, doc.stories)[0].jumps_to is None
    articles = build_articles(doc)
    (story,) = jumped(articles, s)
    assert holds_in_order(story.text, s["part1"]) and not holds_in_order(story.text, s["part2"][:1])
    assert "下转" not in story.text

    rest = tmp_path / "rest.txt"
    rest.write_text(text_of(page_items(s, 2)), encoding="utf-8")
    (doc,) = list(read_path(rest))
    assert len(story_parts(doc.text, doc.stories)) == 1
    assert not jumped(build_articles(doc), s)


def test_markers_that_do_not_agree_join_nothing(tmp_path, s):
    """Page 2 continues a story from page 3, not page 1: the PDF's pages stay apart."""
    pdf = build_pdf(tmp_path / "paper.pdf", [page_items(s, 1), page_items(s, 2, back=3)])
    docs = list(read_path(pdf))
    assert [d.source.rsplit("#", 1)[1] for d in docs] == ["p1", "p2"]
    (story,) = jumped(build_articles(docs[0]), s)
    assert not holds_in_order(story.text, s["part2"][:1])


def test_ingesting_the_pdf_again_adds_nothing(tmp_path, s):
    pdf = build_pdf(tmp_path / "paper.pdf", [page_items(s, 1), page_items(s, 2)])
    store = Store.open(get_settings(store=tmp_path / "store"))
    first = ingest_paths([pdf], store, progress=False)
    assert not first.errors and first.ingested == 1
    again = ingest_paths([pdf], store, progress=False)
    assert (again.ingested, again.unchanged, again.articles) == (0, 1, 0)
    assert store.sources() == [f"{pdf}#p1+2"]


def test_a_page_continuing_one_story_and_jumping_another_is_read_as_before(tmp_path, s):
    """Page 2 alone, with `(上接1版)` for one story and `(下转3版)` for another: neither part's other
    half is here, so the articles are those of the page read without the markers."""
    text = text_of(page_items(s, 2)) + "\n(下转3版)\n\f" + text_of(page_items(s, 2)[-3:])
    path = tmp_path / "page2.txt"
    path.write_text(text, encoding="utf-8")
    (doc,) = list(read_path(path))
    parts = story_parts(doc.text, doc.stories)
    assert (parts[0].continued_from, parts[0].jumps_to) == (1, 3)  # both markers are seen…
    page = clean_page(doc.text)
    before = [(seg.title, seg.text) for seg in segment_page(page.blocks, page.original_title)]
    assert [(a.title, a.text) for a in build_articles(doc)] == before  # …but nothing is joined


def render_page(items: list[tuple[str, float]]):  # noqa: ANN201 - PIL.Image.Image
    """A scanned page: one column, 1000 px wide, headlines set larger (type sizes in points × 2.4 px)."""
    from PIL import Image, ImageDraw

    width, margin = 1000, 70
    placed: list[tuple[str, float, float, float]] = []  # text, x, y, pixels
    y = margin
    for text, size in items:
        px = round(size * 2.4)
        body = size < 12
        font = fx._font(px)
        lines = fx.break_lines(text, width - 2 * margin, px, lambda t, s, font=font: font.getlength(t),
                               2 * px if body else 0)
        for i, line in enumerate(lines):
            placed.append((line, margin + (2 * px if body and i == 0 else 0), y, px))
            y += px * 1.6
        y += px * (0.4 if body else 0.8)
    img = Image.new("L", (width, int(y + margin)), 255)
    draw = ImageDraw.Draw(img)
    for line, x, top, px in placed:
        draw.text((x, top), line, font=fx._font(int(px)), fill=20)
    return img


@pytest.fixture(scope="module")
def scanned(tmp_path_factory, s) -> Path:
    """The two pages as a scanned PDF (images only, no text layer): each page is OCR'd apart."""
    folder = tmp_path_factory.mktemp("scan")
    pages = [render_page(page_items(s, 1)).convert("RGB"), render_page(page_items(s, 2)).convert("RGB")]
    path = folder / "scan.pdf"
    pages[0].save(path, "PDF", resolution=150, save_all=True, append_images=pages[1:])
    return path


def test_a_scanned_issue_joins_the_jumped_story_across_its_ocr_pages_once(tmp_path, s, scanned):
    store = Store.open(get_settings(store=tmp_path / "store"))
    report = ingest_paths([scanned], store, progress=False)
    assert not report.errors, report.errors
    assert store.sources() == [f"{scanned}#p1+2(OCR)"]
    assert parse_locator(store.sources()[0]).label() == "pp. 1, 2, OCR"
    check_joined(list(store.articles()), s, ocr=True)
    again = ingest_paths([scanned], store, progress=False)  # unchanged: not OCR'd, nothing added or removed
    assert (again.ingested, again.unchanged, again.articles, again.removed) == (0, 2, 0, 0)
    assert store.sources() == [f"{scanned}#p1+2(OCR)"]


# --- one image per page: the jumped story's parts are in two files ------------------------------------


@pytest.fixture(scope="module")
def page_images(tmp_path_factory, s) -> tuple[Path, Path]:
    """Page 1 and page 2 as PNG scans."""
    folder = tmp_path_factory.mktemp("images")
    one, two = folder / "1.png", folder / "2.png"
    render_page(page_items(s, 1)).save(one)
    render_page(page_items(s, 2)).save(two)
    return one, two


def test_pages_scanned_as_separate_files_join_the_jumped_story_and_stay_joined(tmp_path, s, page_images):
    """A folder with one image per page: the story jumping from 1.png to 2.png is one article citing
    both files; ingesting again reads nothing; page 1 ingested alone first is joined when page 2 comes."""
    folder = tmp_path / "issue"
    folder.mkdir()
    one = folder / "2023-05-08_p1.png"
    one.write_bytes(page_images[0].read_bytes())
    store = Store.open(get_settings(store=tmp_path / "store"))
    alone = ingest_paths([folder], store, progress=False)  # page 2 not scanned yet
    assert not alone.errors and store.sources() == [f"{one}#p1(OCR)"]
    (story,) = jumped(list(store.articles()), s, ocr=True)
    assert not holds_in_order(story.text, s["part2"][:1], ocr=True)

    two = folder / "2023-05-08_p2.png"
    two.write_bytes(page_images[1].read_bytes())
    joined = f"{one}#p1(OCR) + {two}#p1(OCR)"
    report = ingest_paths([folder], store, progress=False)
    assert not report.errors, report.errors
    assert store.sources() == [joined]  # page 1's article alone is gone: it lives in the joined one
    check_joined(list(store.articles()), s, ocr=True)
    assert source_name(joined) == "2023-05-08_p1.png + 2023-05-08_p2.png"

    again = ingest_paths([folder], store, progress=False)  # unchanged: not OCR'd, nothing added or removed
    assert (again.ingested, again.unchanged, again.articles, again.removed) == (0, 2, 0, 0)
    only_one = ingest_paths([one], store, progress=False)  # page 2 not given, but unchanged on disk
    assert (only_one.ingested, only_one.unchanged, only_one.removed) == (0, 1, 0)
    assert store.sources() == [joined]

    two.unlink()  # page 2 withdrawn: page 1 is read alone again
    pruned = ingest_paths([folder], store, prune=True, progress=False)
    assert not pruned.errors and store.sources() == [f"{one}#p1(OCR)"]


def test_pages_in_a_zip_join_by_their_printed_folio(tmp_path, s):
    """Scans named without page numbers (`front.png`, `inside.png`) in a zip: the folio each page prints
    (`第2版`) tells the pages, and the story is joined across the two members."""
    names = {}
    for n in (1, 2):
        items = page_items(s, n)
        items[0:0] = [(f"2023年5月8日 星期一 第{n}版", 9)]  # the folio line above the masthead
        path = tmp_path / ("front.png" if n == 1 else "inside.png")
        render_page(items).save(path)
        names[n] = path
    archive = tmp_path / "issue.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in names.values():
            z.write(path, f"scans/{path.name}")
    store = Store.open(get_settings(store=tmp_path / "store"))
    report = ingest_paths([archive], store, progress=False)
    assert not report.errors, report.errors
    assert store.sources() == [f"{archive}#scans/front.png#p1(OCR) + {archive}#scans/inside.png#p1(OCR)"]
    check_joined(list(store.articles()), s, ocr=True)
    assert all("第2版" not in a.title for a in store.articles())
