"""The page at a phone's size (390×844, touch) and a laptop's (1400×1000) in headless Chromium: a compact
header, a readable case table (no one-character columns, no word or year broken inside), a tapped
citation that brings its article into view through a 44×44 px target, and axe-core finding no serious
or critical violation on any tab (the axe.min.js bundled with axe-playwright-python; nothing fetched).
"""
from __future__ import annotations


import pytest

from conftest import free_port
from ui_browser import axe_serious, chromium, layout_figures, open_page, tap_citation

import app as gongzhi_app

QUESTION = "海园居民区的社区共治金是怎么筹集的?"
SIZES = {"phone": (390, 844), "desktop": (1400, 1000)}
HEADER_MAX = {"phone": 200, "desktop": 130}  # px, title row above the tabs (was ~650 on a phone)
MIN_COLUMN = 48  # px: a case-table column holds at least a few characters
TABS = ("问答", "资料库", "案例", "课程")

# Words of a table header or a year broken over two lines show as two client rects for one word.
BROKEN_WORDS = """(selector) => {
    const broken = [];
    for (const cell of document.querySelectorAll(selector)) {
        if (cell.offsetParent === null) continue;
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const m of node.textContent.matchAll(/[A-Za-z0-9][A-Za-z0-9/-]*/g)) {
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                if (lines.size > 1) broken.push(m[0]);
            }
        }
    }
    return broken;
}"""


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def url(assistant):
    ui = gongzhi_app.GongzhiApp(assistant=assistant)
    port = free_port()
    ui.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/"
    ui.close()


@pytest.fixture(params=list(SIZES))
def page(request, browser, url):
    width, height = SIZES[request.param]
    page, context = open_page(browser, url, width, height)
    page.size_name = request.param
    yield page
    assert page.outside_requests == [], "the page tried to reach the internet"
    context.close()


def test_header_and_case_table_fit_the_screen(page):
    figures = layout_figures(page)
    assert figures["header"] <= HEADER_MAX[page.size_name], figures
    page.get_by_role("tab", name="案例").click()
    page.wait_for_selector("#gz-cases thead th")
    for lang in ("zh", "en"):
        if lang == "en":
            page.locator("#gz-lang label", has_text="English").click()
            page.wait_for_function("document.querySelector('#gz-cases thead').innerText.includes('District')")
        figures = layout_figures(page)
        columns, cells = figures["case_columns"], figures["case_cells"]
        assert len(columns) >= 8 and min(columns) >= MIN_COLUMN, (lang, columns)  # headers
        assert len(cells) >= 8 and min(cells) >= MIN_COLUMN, (lang, cells)  # the rows' cells
        assert page.evaluate(BROKEN_WORDS, "#gz-cases thead th") == [], lang  # no "Distri / ct"
        assert page.evaluate(BROKEN_WORDS, "#gz-cases tbody td") == [], lang  # no "201 / 0"
    # The Library's table likewise.
    page.get_by_role("tab", name="Library").click()
    page.wait_for_function("[...document.querySelectorAll('#gz-articles tbody td')].some(c => c.offsetParent !== null)")
    library = page.evaluate("""() => [...document.querySelectorAll('#gz-articles thead th, #gz-articles tbody td')]
        .filter(c => c.offsetParent !== null).map(c => Math.round(c.getBoundingClientRect().width))""")
    assert min(library) >= MIN_COLUMN, library
    assert page.evaluate(BROKEN_WORDS, "#gz-articles thead th, #gz-articles tbody td") == []
    # The course table's years stay whole too.
    page.get_by_role("tab", name="Course").click()
    page.click("#gz-course-build")  # no topic yet: said beside the button, not in an English "Error" toast
    page.wait_for_function("document.querySelector('#gz-course-summary').innerText.includes('Enter a topic first')")
    page.locator("#gz-course-topic").locator("textarea, input").first.fill("居民自治")
    page.click("#gz-course-build")
    page.wait_for_selector("#gz-course table td")
    assert page.evaluate(BROKEN_WORDS, "#gz-course td, #gz-course th") == []
    page.wait_for_function("!document.querySelector('#gz-course-summary').innerText.includes('Enter a topic')")
    assert page.locator("[data-testid=toast-body]:visible").count() == 0  # no stale error toast after the course


def test_tapping_a_citation_brings_the_article_into_view(page):
    where = tap_citation(page, QUESTION, n=2)
    assert 0 <= where["top"] and where["bottom"] <= where["viewport"], where  # the article's title
    assert where["mark_top"] < where["viewport"] and where["mark_bottom"] > 0, where  # its highlight
    # The chips are 44×44 px targets: taps around the chip's centre still land on it.
    chip = page.locator("#gz-chat .gz-answer").last.locator("a.gz-cite").first
    chip.evaluate("e => e.scrollIntoView({block: 'center'})")  # inside the chat's own scrolling area
    page.wait_for_timeout(300)
    hits = page.evaluate("""(chip) => {
        const r = chip.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
        return [[0, -21], [0, 21], [-21, 0], [21, 0]].map(([dx, dy]) => {
            const e = document.elementFromPoint(x + dx, y + dy);
            return e !== null && e.closest('a.gz-cite') === chip;
        });
    }""", chip.element_handle())
    assert all(hits), hits


def test_no_serious_accessibility_violation_on_any_tab(page):
    tap_citation(page, QUESTION)  # the chat with an answer, its sources and an open article
    for tab in TABS:
        page.get_by_role("tab", name=tab).click()
        page.wait_for_timeout(300)
        serious = axe_serious(page)
        assert serious == [], (tab, [(v["id"], [n["target"] for n in v["nodes"][:5]]) for v in serious])
