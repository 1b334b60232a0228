"""PDF (text layer and scanned), images, Word and saved web pages, built at test time from the seeds,
read through `read_path` and the same ingest pipeline as text files."""
from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest

import fixtures_formats as fx
from ingest.formats import ocr
from ingest.formats.layout import Fragment, page_paragraphs
from ingest.pipeline import build_articles, ingest_paths
from ingest.readers import (SUPPORTED_SUFFIXES, RawDocument, ReadError, is_supported, iter_files, parse_locator,
                            read_path)
from vectorstore.settings import get_settings
from vectorstore.store import Store

OCR_RECALL = 0.95


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, fx.Built]:
    root = tmp_path_factory.mktemp("formats")
    png = fx.render_png(root / "page.png")
    return {
        "pdf": fx.build_two_column_pdf(root / "two_column.pdf"),
        "run_on": fx.build_run_on_pdf(root / "run_on.pdf"),
        "png": png,
        "scan": fx.build_scanned_pdf(png.path, root / "scanned.pdf"),
        "docx": (docx := fx.build_docx(root / "article.docx")),
        "doc": fx.build_doc(docx, root / "article.doc"),
        "html": fx.build_html(root / "article.html"),
        "mhtml": fx.build_mhtml(root / "article.mhtml"),
    }


@pytest.fixture(scope="session")
def ocr_events():
    events: list[ocr.OcrProgress] = []
    previous = ocr.set_progress(events.append)
    yield events
    ocr.set_progress(previous)


@pytest.fixture(scope="session")
def formats_store(tmp_path_factory, built, ocr_events):
    """Every fixture ingested together into one real store, through the ordinary pipeline."""
    folder = tmp_path_factory.mktemp("formats-in")
    for key in ("pdf", "png", "scan", "docx", "doc", "html", "mhtml"):
        (folder / built[key].path.name).write_bytes(built[key].path.read_bytes())
    store = Store.open(get_settings(store=tmp_path_factory.mktemp("formats-store")))
    started = time.perf_counter()
    report = ingest_paths([folder], store, progress=False)
    seconds = time.perf_counter() - started
    assert not report.errors, report.errors
    return store, folder, report, seconds


def articles_by_source(store: Store) -> dict[str, list]:
    out: dict[str, list] = {}
    for article in store.articles():
        out.setdefault(article.source.split("/")[-1], []).append(article)
    return out


def holds(text: str, sentence: str) -> bool:
    return fx.compact(sentence) in fx.compact(text)


# --- formats and file discovery ------------------------------------------------------------------

def test_supported_suffixes_cover_every_format(tmp_path):
    for name in ("a.txt", "a.md", "a.html", "a.htm", "a.mhtml", "a.mht", "a.jsonl", "a.jsonl.gz", "a.pdf", "a.docx",
                 "a.doc", "a.DOC", "a.png", "a.jpg", "a.JPEG", "a.tif", "a.tiff", "a.webp", "a.bmp"):
        assert is_supported(Path(name)), name
    assert {".pdf", ".doc", ".docx", ".png", ".jpg", ".jpeg", ".mhtml"} <= SUPPORTED_SUFFIXES
    assert not is_supported(Path("a.exe")) and not is_supported(Path("a.ppt"))
    for name in ("x.pdf", "y.PNG", "z.docx", "skip.exe"):
        (tmp_path / name).write_bytes(b"x")
    assets = tmp_path / "saved page_files"  # what a browser saves beside "saved page.html"
    assets.mkdir()
    (assets / "logo.png").write_bytes(b"x")
    (assets / "frame.html").write_bytes(b"x")
    assert [p.name for p in iter_files([tmp_path])] == ["x.pdf", "y.PNG", "z.docx"]
    assert [p.name for p in iter_files([assets / "logo.png"])] == ["logo.png"]
    (tmp_path / "slides.ppt").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ReadError, match=r"slides\.ppt.*unsupported.*\.docx"):
        list(read_path(tmp_path / "slides.ppt"))


def test_page_locators_read_back():
    loc = parse_locator("/data/paper.pdf#p2-3")
    assert (loc.path, loc.first_page, loc.last_page, loc.ocr) == ("/data/paper.pdf", 2, 3, False)
    assert loc.label() == "pp. 2–3"
    assert parse_locator("scan.pdf#p4(OCR)").label() == "p. 4, OCR"
    assert parse_locator("export.jsonl#17").record == "17" and parse_locator("a.txt").label() == ""


# --- PDF with a text layer -----------------------------------------------------------------------

def test_two_column_pdf_reads_column_by_column_with_page_numbers(built):
    import pdfplumber

    pdf = built["pdf"]
    docs = list(read_path(pdf.path))
    assert [d.source.rsplit("#", 1)[1] for d in docs] == ["p1", "p2"]
    page1, page2 = docs
    assert page1.pages == [(0, len(page1.text), 1)] and page1.page_of(10) == 1 and not page1.ocr
    for sentence in pdf.sentences:
        assert holds(page1.text, sentence), sentence
    for sentence in pdf.extra["page2_sentences"]:
        assert holds(page2.text, sentence) and not holds(page1.text, sentence), sentence
    # the paragraph that runs from the bottom of the left column to the top of the right one is whole,
    # joined without a space; naive extraction reads across the columns instead
    (left, right), _ = pdf.column_breaks
    assert left + right in page1.text
    with pdfplumber.open(pdf.path) as raw:
        naive = raw.pages[0].extract_text()
    assert left + right not in naive.replace("\n", "")
    assert "11月22日下午" in page1.text and "1 1月" not in page1.text


def test_pdf_articles_keep_title_and_page_in_source(built):
    pdf = built["pdf"]
    docs = list(read_path(pdf.path))
    articles = [a for d in docs for a in build_articles(d)]
    assert [a.title for a in articles] == pdf.titles
    assert articles[0].source.endswith("two_column.pdf#p1") and articles[1].source.endswith("two_column.pdf#p2")
    for sentence in pdf.sentences:
        assert holds(articles[0].text, sentence), sentence
    assert "社区晨报" not in articles[0].text  # masthead removed by the same cleaning as text files
    assert " " not in articles[0].text.replace("基层治理谱新篇 百年西门再启航", "")


def test_paragraph_running_onto_the_next_page_stays_one_document(built):
    run_on = built["run_on"]
    assert run_on.extra["pages"] == 2
    (doc,) = list(read_path(run_on.path))
    assert doc.source.endswith("run_on.pdf#p1-2")
    assert [page for _, _, page in doc.pages] == [1, 2]
    (left, right), = run_on.column_breaks
    at = doc.text.index(left + right)
    assert doc.page_of(at) == 1 and doc.page_of(doc.text.index(right[-8:])) == 2
    (article,) = build_articles(doc)
    for sentence in run_on.sentences:
        assert holds(article.text, sentence), sentence


def test_broken_pdf_and_docx_are_reported_by_name(tmp_path):
    bad_pdf = tmp_path / "broken.pdf"
    bad_pdf.write_bytes(b"%PDF-1.4\n this is not really a pdf")
    with pytest.raises(ReadError, match="broken.pdf"):
        list(read_path(bad_pdf))
    bad_docx = tmp_path / "broken.docx"
    with zipfile.ZipFile(bad_docx, "w") as z:
        z.writestr("hello.txt", "not word")
    with pytest.raises(ReadError, match="broken.docx"):
        list(read_path(bad_docx))
    bad_png = tmp_path / "broken.png"
    bad_png.write_bytes(b"\x89PNG not an image at all")
    with pytest.raises(ReadError, match="broken.png"):
        list(read_path(bad_png))


# --- layout on synthetic boxes -------------------------------------------------------------------

def _boxes(rows: list[tuple[float, float, str]], size: float = 10.0, conf: float = 1.0) -> list[Fragment]:
    return [Fragment(x, y, x + size * len(t), y + size, t, size, conf) for x, y, t in rows]


def test_folio_in_the_gutter_and_headline_do_not_break_columns():
    rows = [(0, 0, "二〇一九年十一月社区晨报头版标题")]  # a headline across both columns
    left = ["一二三四五六七八九十", "甲乙丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉"]
    right = ["天地玄黄宇宙洪荒日月", "盈昃辰宿列张寒来暑往", "秋收冬藏闰余成岁律吕。"]
    for i, (a, b) in enumerate(zip(left, right)):
        rows += [(0, 30 + 15 * i, a), (120, 30 + 15 * i, b)]
    rows.append((104, 90, "3"))  # the page number, set in the gutter below the columns
    paras = page_paragraphs(_boxes(rows))
    assert [p.text for p in paras] == ["二〇一九年十一月社区晨报头版标题", "".join(left) + "".join(right), "3"]


# --- OCR: scanned PDF and PNG --------------------------------------------------------------------

def _ocr_recalls(text: str, sentences: list[str]) -> dict[str, float]:
    return {s: fx.char_recall(s, text) for s in sentences}


def test_png_is_ocred_in_reading_order_with_its_page_and_ocr_flag(built, ocr_events):
    png = built["png"]
    (doc,) = list(read_path(png.path))
    assert doc.ocr and doc.source.endswith("page.png#p1(OCR)")
    assert doc.loader is not None, "OCR runs when the text is needed, not when the file is listed"
    before = len(ocr_events)
    text = doc.text
    assert len(ocr_events) == before + 1 and ocr_events[-1].page == 1 and ocr_events[-1].lines > 10
    recalls = _ocr_recalls(text, png.sentences)
    print("PNG OCR character recall per sentence:", {s[:12]: round(r, 3) for s, r in recalls.items()})
    assert min(recalls.values()) >= OCR_RECALL, recalls
    (left, right), = png.column_breaks  # the paragraph that runs into the second column is whole
    assert fx.char_recall(left[-6:] + right[:6], text) >= 0.9
    (article,) = build_articles(doc)
    assert article.title == png.titles[0]
    assert min(_ocr_recalls(article.text, png.sentences).values()) >= OCR_RECALL


@pytest.mark.parametrize("degrees", [5, -8, 90, 180])
def test_tilted_or_turned_photo_is_read_level_and_in_order(built, tmp_path, degrees):
    """A phone photo a few degrees off, or a scan fed in sideways or upside down (no EXIF to say so):
    before levelling, 5° cut recall to 0.69 (lines interleaved) and 90°/180° read nothing."""
    from PIL import Image

    png = built["png"]
    turned = tmp_path / f"turned{degrees}.png"
    Image.open(png.path).convert("RGB").rotate(degrees, expand=True, fillcolor="white").save(turned)
    (doc,) = list(read_path(turned))
    recalls = _ocr_recalls(doc.text, png.sentences)
    assert min(recalls.values()) >= OCR_RECALL, recalls
    (left, right), = png.column_breaks  # the two-column reading order survives
    assert fx.char_recall(left[-6:] + right[:6], doc.text) >= 0.9
    (article,) = build_articles(doc)
    assert article.title == png.titles[0]


def test_vertical_columns_are_read_right_to_left(tmp_path):
    """竖排: the recogniser reads a column's turned crop; a page of columns alone is turned a quarter
    (no flat lines) so the rightmost column comes first."""
    vertical = fx.render_vertical_png(tmp_path / "vertical.png")
    (doc,) = list(read_path(vertical.path))
    text = fx.compact(doc.text)
    assert fx.char_recall(vertical.sentences[0], text) >= OCR_RECALL, text
    first, last = vertical.extra["columns"][0], vertical.extra["columns"][-1]
    assert text.index(first[:8]) < text.index(last[:8]), text


def test_scanned_pdf_page_without_text_layer_is_ocred(built, ocr_events):
    from ingest.formats.pdf import analyse

    scan, png = built["scan"], built["png"]
    (page,) = list(analyse(scan.path))
    assert page.needs_ocr and page.reason == "no text layer"
    (doc,) = list(read_path(scan.path))
    assert doc.source.endswith("scanned.pdf#p1(OCR)") and doc.ocr
    recalls = _ocr_recalls(doc.text, png.sentences)
    print("scanned PDF OCR character recall per sentence:", {s[:12]: round(r, 3) for s, r in recalls.items()})
    assert min(recalls.values()) >= OCR_RECALL, recalls
    assert ocr_events[-1].source == str(scan.path) and ocr_events[-1].pages == 1


def test_low_confidence_lines_are_marked_and_very_low_ones_dropped(monkeypatch):
    from PIL import Image

    def box(x, y, w, h=20):
        return [[x, y], [x + w, y], [x + w, y + h], [x, y + h]]

    class FakeEngine:
        def __call__(self, img, **kwargs):
            return [[box(10, 10, 300), "社区自治家园交流研讨会召开", 0.98],
                    [box(10, 40, 300), "居民自治项目近十项已开展", 0.65],
                    [box(10, 70, 300), "扌卜口丨", 0.2]], [0.0]

    monkeypatch.setattr(ocr, "engine", lambda: FakeEngine())
    page = ocr.ocr_image(Image.new("RGB", (400, 120), "white"))
    assert page.marked == 1 and [d.text for d in page.dropped] == ["扌卜口丨"]
    assert "〔OCR存疑：居民自治项目近十项已开展〕" in page.text
    assert "扌卜口丨" not in page.text


# --- Word ----------------------------------------------------------------------------------------

def test_docx_paragraphs_and_table_rows(built):
    docx = built["docx"]
    (doc,) = list(read_path(docx.path))
    assert doc.title == docx.titles[0]
    for sentence in docx.sentences:
        assert holds(doc.text, sentence), sentence
    assert "小区：景德里小区；自治项目：依靠议题征询制度解决非机动车乱停放问题。" in doc.text
    (article,) = build_articles(doc)
    assert article.title == docx.titles[0]
    assert "景德里小区" in article.text and "自治项目：垃圾分类我先行" in article.text
    assert "周明主持" in article.text  # the paragraph after the table is kept, in order
    assert article.text.index("小区：龙门村小区") < article.text.index("周明主持")


def test_legacy_doc_reads_like_the_docx_it_was_saved_from(built):
    doc_file = built["doc"]
    (doc,) = list(read_path(doc_file.path))
    assert doc.title == doc_file.titles[0] and doc.source.endswith("article.doc")
    for sentence in doc_file.sentences:
        assert holds(doc.text, sentence), sentence
    for header_row in ["小区：景德里小区；自治项目：依靠议题征询制度解决非机动车乱停放问题。",
                       "小区：龙门村小区；自治项目：“美丽龙门”、“龙门睦邻”、“龙门乡愁”居民自治项目。"]:
        assert header_row in doc.text  # the same row labelling as the .docx table
    (article,) = build_articles(doc)
    assert article.title == doc_file.titles[0]
    assert article.text.index("小区：龙门村小区") < article.text.index("周明主持")
    assert not re.search(r"[\x00-\x08\x0b-\x1f]", doc.text)  # no Word control marks left


def test_doc_keeps_link_text_and_leaves_out_headers_and_link_targets(tmp_path):
    """A hyperlink becomes a field in .doc (code `HYPERLINK "url"`, result the link text); the page header
    is outside the main text. Built with python-docx, saved as .doc by LibreOffice."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.shared import OxmlElement, qn

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "黄浦区社区报 第3版"
    paragraph = document.add_paragraph("详情见")
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), paragraph.part.relate_to("http://www.example.cn/a.html", RELATIONSHIP_TYPE.HYPERLINK,
                                                  is_external=True))
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "黄浦区政府网"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    paragraph.add_run("。")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1))
    table.cell(0, 0).text, table.cell(0, 2).text = "合并标题", "备注"
    for col, value in enumerate("甲乙丙"):
        table.cell(1, col).text = value
    document.add_paragraph("最后一段。")
    document.save(tmp_path / "rich.docx")
    built = fx.build_doc(fx.Built(tmp_path / "rich.docx", []), tmp_path / "rich.doc")
    (doc,) = list(read_path(built.path))
    assert doc.text.splitlines() == ["详情见黄浦区政府网。", "合并标题；备注。", "甲；乙；丙。", "最后一段。"]


@pytest.mark.parametrize("size", [b"\xfd\xff", b"\x00\x80", b"\xff\x00"])  # -3 (looped forever), -32768, past the end
def test_a_damaged_doc_piece_table_is_refused(size):
    from ingest.formats.doc import DocFormatError, _pieces

    with pytest.raises(DocFormatError, match="damaged"):
        _pieces(b"\x01" + size + b"\x02" + b"\x00" * 20)


@pytest.mark.parametrize("rows", [
    [["姓名", "电话", "备注"], ["张三", "", "无"], ["李四", "123", "有"]],  # an empty cell: not a row's end
    [["姓名", "电话"], ["李四\n（组长）", "123"], ["王五", "456"]],  # a row opening with a two-paragraph cell
])
def test_doc_tables_read_like_the_docx_they_were_saved_from(tmp_path, rows):
    """Row ends come from the paragraph properties: in the text, an empty cell's mark and a row's end
    mark are both \x07."""
    import docx

    from ingest.formats.docx import read_docx

    document = docx.Document()
    document.add_paragraph("表前一段。")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            first, *more = value.split("\n")
            table.cell(r, c).text = first
            for paragraph in more:
                table.cell(r, c).add_paragraph(paragraph)
    document.add_paragraph("表后一段。")
    document.save(tmp_path / "table.docx")
    built = fx.build_doc(fx.Built(tmp_path / "table.docx", []), tmp_path / "table.doc")
    (doc,) = list(read_path(built.path))
    docx_text, _ = read_docx(tmp_path / "table.docx")
    assert [line for line in doc.text.splitlines() if line] == [line for line in docx_text.splitlines() if line]


def test_doc_field_codes_are_dropped_and_their_results_kept():
    from ingest.formats.doc import _without_field_codes

    text = '详见\x13 HYPERLINK "http://x.cn/a" \x14黄浦区政府网\x15。页码\x13 PAGE \x15。'
    assert _without_field_codes(text) == "详见黄浦区政府网。页码。"


@pytest.mark.parametrize("content, says", [
    (b"PK\x03\x04rest-of-a-zip", "a .docx"),
    (b"{\\rtf1\\ansi hello}", "RTF"),
    (b"<html><body>x</body></html>", "web page"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "readable .doc"),  # an OLE header and nothing else
])
def test_a_doc_that_is_not_word_97_is_named_with_what_to_do(tmp_path, content, says):
    path = tmp_path / "notice.doc"
    path.write_bytes(content)
    with pytest.raises(ReadError, match=rf"notice\.doc.*{says}") as caught:
        list(read_path(path))
    assert ".docx" in str(caught.value)


# --- saved web pages -----------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["html", "mhtml"])
def test_web_page_main_content_title_and_date(built, key):
    page = built[key]
    (doc,) = list(read_path(page.path))
    assert doc.title == page.titles[0] and doc.published == page.extra["date"]
    articles = build_articles(doc)
    assert len(articles) == 1
    (article,) = articles
    assert article.title == page.titles[0] and article.published == "2019-11-23"
    for sentence in page.sentences:
        assert holds(article.text, sentence), sentence
    for chrome in page.extra["chrome"]:
        assert fx.compact(chrome) not in fx.compact(article.text), chrome


def test_wechat_date_is_read_from_the_page_script():
    from ingest.formats.web import extract_article

    body = "".join(f"<p>{s}</p>" for s in fx.seed_paragraphs("004", 0, 2))
    markup = (f'<html><head><title>老西门自治家园</title></head><body><div class="rich_media_content" id="js_content" '
              f'style="visibility: hidden;">{body}</div><script>var ct = "1574467200";</script></body></html>')
    article = extract_article(markup)
    assert article is not None and article.published == "2019-11-23"
    assert "自治家园成立后" in article.text


def test_bare_html_fragment_falls_back_to_visible_text(tmp_path):
    page = tmp_path / "fragment.html"
    page.write_text("<p>短讯</p>", encoding="utf-8")
    (doc,) = list(read_path(page))
    assert "短讯" in doc.text


# --- one pipeline for every format ---------------------------------------------------------------

def test_every_format_goes_through_the_same_pipeline_into_the_store(formats_store, built):
    store, _, report, seconds = formats_store
    print(f"ingested {report.files} files ({report.articles} articles) in {seconds:.1f} s")
    by_source = articles_by_source(store)
    assert set(by_source) == {"two_column.pdf#p1", "two_column.pdf#p2", "page.png#p1(OCR)",
                              "scanned.pdf#p1(OCR)", "article.docx", "article.doc", "article.html", "article.mhtml"}
    assert by_source["two_column.pdf#p2"][0].title == built["pdf"].titles[1]
    assert by_source["article.html"][0].published == "2019-11-23"
    scanned = by_source["scanned.pdf#p1(OCR)"][0]
    assert min(_ocr_recalls(scanned.text, built["png"].sentences).values()) >= OCR_RECALL
    counts = store.counts()
    assert counts["vectors"] == counts["chunks"] > 0


def test_unchanged_scans_are_not_ocred_again(formats_store, ocr_events):
    store, folder, _, _ = formats_store
    before = len(ocr_events)
    report = ingest_paths([folder], store, progress=False)
    assert report.ingested == 0 and report.unchanged == 8 and not report.errors
    assert len(ocr_events) == before, "an unchanged scan is skipped by its hash, before OCR"


def test_citation_names_file_page_and_ocr(formats_store):
    from assistant.answer import Assistant

    store, _, _, _ = formats_store
    assistant = Assistant(get_settings(store=store.root), store=store)
    answer = assistant.ask("静安寺街道社区自治工作推进会有多少人参加？")
    assert answer.grounded and answer.citations, answer.answer
    cited = [c for c in answer.citations if c.source.endswith("two_column.pdf#p2")]
    assert cited and parse_locator(cited[0].source).label() == "p. 2", [c.source for c in answer.citations]
    answer = assistant.ask("第二届长宁虹桥国际社区治理论坛有多少人参加？")
    assert answer.grounded and answer.citations, answer.answer
    locators = {parse_locator(c.source).label() for c in answer.citations}
    assert locators <= {"p. 1, OCR"} and locators, [c.source for c in answer.citations]


def test_raw_document_text_is_lazy_only_for_ocr(built):
    (doc,) = list(read_path(built["docx"].path))
    assert doc.loader is None and isinstance(doc, RawDocument)
    assert "not loaded" not in repr(doc)
