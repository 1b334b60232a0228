"""The web app's Cases and Course tabs and the chat's reference downloads, without a browser.

The app runs for real, in-process, on a free loopback port, over the session's seeds store; the
handlers the page calls are driven directly and every download is read back from disk.
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import gradio as gr
import httpx
import pytest


from gradio_client import Client

import app as gongzhi_app
from assistant.export import references
from assistant.ui import course_tab
from vectorstore.records import Card, CardField, Place

HAIYUAN = "海园共治金探索自治新模式"
HONGQIAO = "第二届长宁虹桥国际社区治理论坛成功举办，虹桥国际社区治理研究院同时成立"
QUESTION = "海园居民区的社区共治金是怎么筹集的?"






@pytest.fixture(scope="module")
def ui(served):
    return served[0]


def search(ui, lang="zh", district="", street="", practice="", year="", actor="", funding=False, query="",
           selected=None):  # noqa: ANN001, ANN201
    """The Cases tab's search handler, as the page calls it: (table, ids, status, picker, exports)."""
    return ui.find_cases(lang, district, street, practice, year, actor, funding, query, selected or [])


def titles(result) -> list[str]:  # noqa: ANN001
    return result[0].iloc[:, 0].tolist()


def select_row(ui, result, title: str, lang: str = "zh") -> str:  # noqa: ANN001
    """Click the row of `title` in the table: the card HTML the page shows."""
    frame, ids = result[0], result[1]
    row = titles(result).index(title)
    event = gr.SelectData(None, {"index": [row, 0], "value": title, "row_value": frame.iloc[row].tolist()})
    card, shown, add_button = ui.on_case_select(ids, lang, event)
    assert shown == ids[row] and add_button["visible"]
    return card


# --- search --------------------------------------------------------------------------------------------


def test_practice_filter_lists_haiyuan(ui):
    result = search(ui, practice="共治金")
    assert HAIYUAN in titles(result)
    assert all("共治金" in practices for practices in result[0]["做法"])
    assert result[2] == f"找到 {len(result[1])} 个案例。"
    assert {v for _, v in result[3]["choices"]} == set(result[1])  # the comparison picker offers the rows


def test_funding_present_lists_exactly_the_two_funded_cases(ui):
    result = search(ui, funding=True)
    assert sorted(titles(result)) == sorted([HAIYUAN, HONGQIAO])
    funding = dict(zip(titles(result), result[0]["资金"]))
    assert "30万" in funding[HAIYUAN] and "48万" in funding[HONGQIAO]


def test_other_filters_and_the_query_box(ui):
    assert titles(search(ui, year="2010")) == [HAIYUAN]  # 自2010年成立社区共治金; not the 2014 policy paper
    assert HAIYUAN in titles(search(ui, actor="企业")) and HAIYUAN not in titles(search(ui, actor="高校"))
    assert titles(search(ui, district="黄浦区")) == ["老西门街道召开老旧公房小区自治家园交流研讨会"]
    assert titles(search(ui, query="社工站怎么设立"))[0].startswith("上海闵行")
    empty = search(ui, district="黄浦区", funding=True)
    assert empty[0].empty and empty[2] == "没有符合条件的案例。"
    assert ("2010", "2010") in ui.year_choices("zh") and ("2014", "2014") not in ui.year_choices("zh")
    assert ("企业 · Enterprise", "企业") in ui.actor_choices("en")


# --- the card ------------------------------------------------------------------------------------------


def test_card_view_marks_the_cited_sentence(ui, seeds_store):
    card_html = select_row(ui, search(ui, practice="共治金"), HAIYUAN)
    assert f"<h3>{HAIYUAN}</h3>" in card_html
    funding = re.search(r'<div class="gz-field" data-field="funding">(.*?)</dd></div>', card_html, re.S).group(1)
    assert "30万，上海宾馆、平安养老保险" in funding
    marked = re.findall(r'<mark class="gz-hl">([^<]*)</mark>', funding)
    assert any("30万" in m for m in marked)
    # Every value of the card is shown with its cited sentence, marked inside its passage.
    card = next(c for c in seeds_store.cards() if c.title == HAIYUAN)
    for fields in card.fields.values():
        for f in fields:
            assert f'<mark class="gz-hl">{gongzhi_app.esc(f.sentence)}</mark>' in card_html
    assert "<dt>参与主体</dt>" in card_html and '<span class="gz-kind">企业</span>上海宾馆' in card_html
    assert "引用（GB/T 7714）：" in card_html and f"{HAIYUAN}[Z]" in card_html


def test_card_view_escapes_article_text(ui, monkeypatch):
    evil = "<script>alert(1)</script>"
    passage = f"前文<img src=x onerror=alert(2)>。{evil}设立了30万的共治金。后文"
    start = passage.index(evil)
    card = Card(article_id="evil", title=f"标题{evil}", source="/tmp/<b>.txt", place=Place(district="<i>区"),
                practices=["共治金"],
                fields={"funding": [CardField(value=f"30万{evil}", chunk_id="evil-0", passage=passage,
                                              span=(start, len(passage) - 2))]})
    monkeypatch.setattr(ui.store, "card", lambda article_id: card if article_id == "evil" else None)
    monkeypatch.setattr(ui.store, "article", lambda article_id: None)
    shown = ui.render_case_card("evil", "zh")
    assert "<script>" not in shown and "<img" not in shown and "<b>" not in shown and "<i>" not in shown
    assert "&lt;script&gt;" in shown
    assert ui.render_case_card("gone", "zh").count("已从资料库中移除") == 1


# --- comparison ----------------------------------------------------------------------------------------


def test_compare_two_rows(ui):
    result = search(ui, funding=True)
    ids = result[1]
    table = ui.render_compare(ids, "zh")
    assert 'data-cases="2"' in table
    assert f"<th>{HAIYUAN}</th>" in table and f"<th>{HONGQIAO}</th>" in table
    funding = re.search(r'<tr data-aspect="funding">(.*?)</tr>', table).group(1)
    assert "30万" in funding and "48万" in funding
    assert "选择 2 至 4 个案例" in ui.render_compare(ids[:1], "zh")
    # "Add to comparison" on a card, from a later search: picks survive new searches, four at most.
    picked = ui.add_to_compare(ids[1], [ids[0]], ids)
    assert picked["value"] == ids
    later = search(ui, district="黄浦区", selected=picked["value"])
    assert later[3]["value"] == ids and set(ids) <= {v for _, v in later[3]["choices"]}
    others = [c.article_id for c in ui.cases(ui.case_query())]
    four = ui.add_to_compare(others[4], others[:4], others)["value"]
    assert four == others[1:5]
    assert 'data-cases="4"' in ui.render_compare(four, "en") and "<th>Aspect</th>" in ui.render_compare(four, "en")


# --- exports -------------------------------------------------------------------------------------------


def test_exports_hold_the_table_and_its_references(ui, seeds_store):
    from openpyxl import load_workbook

    result = search(ui, funding=True)
    files = [Path(f) for f in ui.export_cases(result[1], "zh")]
    assert [f.suffix for f in files] == [".csv", ".xlsx", ".txt", ".bib", ".json"]
    assert all(f.is_file() for f in files)
    csv_file, xlsx_file, gbt_file, bib_file, csl_file = files

    text = csv_file.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")  # Excel reads the Chinese correctly
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["标题", "区", "街镇"] and len(rows) == 3
    haiyuan = next(r for r in rows if r[0] == HAIYUAN)
    assert haiyuan[1] == "静安区" and "30万" in haiyuan[7]

    sheet = load_workbook(xlsx_file)["案例"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "标题" and len(values) == 3
    assert {row[0] for row in values[1:]} == {HAIYUAN, HONGQIAO}
    assert any(row[0] == HONGQIAO and "48万" in row[7] for row in values[1:])

    articles = [seeds_store.article(i) for i in result[1]]
    gbt = gbt_file.read_text(encoding="utf-8")
    assert gbt == references(articles, "gbt7714")  # what `python -m assistant cases --refs gbt7714` prints
    lines = gbt.splitlines()
    assert len(lines) == 2 and lines[0].startswith("[1] ") and lines[1].startswith("[2] ")
    assert any(f"{HAIYUAN}[Z]" in line for line in lines)
    bib = bib_file.read_text(encoding="utf-8")
    assert bib.count("@article{") == 2 and f"title = {{{HAIYUAN}}}" in bib and bib.count("{") == bib.count("}")
    assert {item["title"] for item in json.loads(csl_file.read_text(encoding="utf-8"))} == {HAIYUAN, HONGQIAO}

    with pytest.raises(gr.Error, match="没有可导出"):
        ui.export_cases([], "zh")


def test_chat_answer_references_download(ui, seeds_store):
    steps = list(ui.respond(QUESTION, [], [], "zh", None, None, None, None, None))
    turns = next(s[2] for s in reversed(steps) if isinstance(s[2], list))
    row, *buttons = ui.on_answered(turns)
    assert row["visible"] and len(buttons) == 3
    files = {style: Path(b["value"]) for style, b in zip(("gbt7714", "bibtex", "csl-json"), buttons)}
    # The same references `python -m assistant ask --refs STYLE` prints for this answer.
    articles = [a for a in (seeds_store.article(c.article_id) for c in turns[0].answer.citations) if a]
    for style, path in files.items():
        assert path.read_text(encoding="utf-8") == references(articles, style)
    assert files["gbt7714"].read_text(encoding="utf-8").startswith("[1] ")
    assert f"{HAIYUAN}[Z]" in files["gbt7714"].read_text(encoding="utf-8")
    assert "@article{" in files["bibtex"].read_text(encoding="utf-8")
    assert json.loads(files["csl-json"].read_text(encoding="utf-8"))[0]["title"]
    assert ui.on_answered(turns)[1]["value"] == str(files["gbt7714"])  # written once per answer
    # Clicking [n] of an earlier answer brings its sources back, and its references with them.
    steps = list(ui.respond("那资金怎么监督?", steps[-1][0], turns, "zh", None, None, None, None, None))
    turns = next(s[2] for s in reversed(steps) if isinstance(s[2], list))
    assert ui.on_answered(turns)[1]["value"] != str(files["gbt7714"])
    back = ui.on_cite_references(turns, gr.EventData(None, {"turn": 0, "key": "c1", "shown": 1}))
    assert back[0]["visible"] and back[1]["value"] == str(files["gbt7714"])
    same = ui.on_cite_references(turns, gr.EventData(None, {"turn": 0, "key": "c2", "shown": 0}))
    assert all(isinstance(u, dict) and u.get("__type__") == "update" and len(u) == 1 for u in same)  # gr.skip()
    # No citations (nothing in the collection answers it): no downloads.
    steps = list(ui.respond("深圳南山区的智慧停车改造花了多少钱?", [], [], "zh", None, None, None, None, None))
    turns = next(s[2] for s in reversed(steps) if isinstance(s[2], list))
    assert ui.on_answered(turns)[0]["visible"] is False


# --- course --------------------------------------------------------------------------------------------


def test_course_renders_with_references_and_downloads(ui):
    from docx import Document

    built = ui.course("居民自治", "zh")
    markdown = html.unescape(built["markdown"])
    assert markdown.startswith("# 培训课程：居民自治")
    refs = markdown.split("## 参考文献", 1)[1]
    numbered = re.findall(r"^\[(\d+)\] .+\[[NZ]\]", refs, re.M)
    assert len(numbered) >= 3
    md, docx = Path(built["md"]), Path(built["docx"])
    assert md.suffix == ".md" and md.read_text(encoding="utf-8") == markdown
    assert built["summary"].endswith(f"{len(numbered)} 条参考文献")
    doc = Document(docx)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "培训课程：居民自治" in text and "参考文献" in text
    assert sum(1 for line in text.splitlines() if re.match(r"\[\d+\] ", line)) == len(numbered)
    assert len(doc.tables) == 1
    with pytest.raises(gr.Error):
        ui.course("  ", "zh")


def test_course_markdown_is_escaped(ui, monkeypatch):
    monkeypatch.setattr(course_tab, "to_markdown", lambda course: "# <script>alert(1)</script>\n")
    monkeypatch.setattr(course_tab, "build_course", lambda assistant, topic: type("C", (), {"cases": []})())
    assert ui.course("x", "zh")["markdown"] == "# &lt;script&gt;alert(1)&lt;/script&gt;\n"


# --- the page ------------------------------------------------------------------------------------------


def test_page_has_the_new_tabs_in_both_languages(served):
    ui, url = served
    config = httpx.get(url + "config", timeout=30).json()
    ids = {c["props"].get("elem_id") for c in config["components"]}
    assert {"gz-cases", "gz-case-practice", "gz-case-funding", "gz-case-card", "gz-compare-pick", "gz-case-files",
            "gz-refs", "gz-refs-gbt7714", "gz-course-topic", "gz-course-md", "gz-course-docx"} <= ids
    labels = {c["props"].get("label") for c in config["components"]}
    assert {"案例", "课程"} <= labels
    assert {"Cases", "Course"} <= {ui.t("en", "tab_cases"), ui.t("en", "tab_course")}
    english = search(ui, lang="en", funding=True)
    assert list(english[0].columns)[:2] == ["Title", "District"] and english[2] == "2 cases found."
    card = select_row(ui, english, HAIYUAN, lang="en")
    assert "<dt>Funding</dt>" in card and '<span class="gz-kind">Enterprise</span>' in card
    # Still only the answer function is callable through the API.
    endpoints = Client(url, verbose=False).view_api(return_format="dict", print_info=False)
    assert list(endpoints["named_endpoints"]) == ["/ask"] and not endpoints["unnamed_endpoints"]
