"""Browser helpers shared by tests/test_browser_layout.py and bench/screenshots.py: a local-only page at a
given viewport, a tapped citation, the layout figures the tests check, and axe-core's serious findings."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("GONGZHI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT = 30_000  # ms


@contextmanager
def chromium() -> Iterator[Any]:
    """Headless Chromium through Playwright, for one test module; a clear failure when it is missing."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (tests/system-deps.sh), or set "
                    "GONGZHI_CHROMIUM to a Chromium binary.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser: Any, url: str, width: int, height: int, locale: str = "zh-CN") -> tuple[Any, Any]:
    """(page, context) at this viewport (touch on a phone's width), loaded, refusing every request
    that leaves the machine (recorded in page.outside_requests)."""
    phone = width < 640
    context = browser.new_context(viewport={"width": width, "height": height}, locale=locale,
                                  has_touch=phone, is_mobile=phone, device_scale_factor=2 if phone else 1)
    page = context.new_page()
    page.outside_requests = []

    def route(r: Any) -> None:
        if urlparse(r.request.url).hostname in ("127.0.0.1", "localhost"):
            r.continue_()
        else:
            page.outside_requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.set_default_timeout(TIMEOUT)
    page.goto(url)
    page.wait_for_selector("#gz-chat")
    page.wait_for_function("document.querySelector('#gz-header .gz-store') !== null")
    return page, context


def ask(page: Any, question: str, turn: int) -> None:
    page.fill("#gz-question textarea", question)
    page.click("#gz-send")
    page.wait_for_selector(f"#gz-sources .gz-sources[data-turn='{turn}']")


def tap_citation(page: Any, question: str, n: int = 1) -> dict[str, float]:
    """Ask, scroll back to the answer, tap its [n] (a real tap on a touch viewport) and wait for the
    article to open and scrolling to settle: where the article's title and highlight now are."""
    turn = page.locator("#gz-chat .gz-answer").count()
    ask(page, question, turn)
    cite = page.locator("#gz-chat .gz-answer").last.locator("a.gz-cite").nth(n - 1)
    cite.scroll_into_view_if_needed()
    if page.context.pages and page.viewport_size["width"] < 640:
        cite.tap()
    else:
        cite.click()
    page.wait_for_selector("#gz-article .gz-article h3")
    try:  # up to 5 s for the article to come into view (smooth scrolling), then where it is
        page.wait_for_function("""() => {
            const r = document.querySelector('#gz-article .gz-article h3').getBoundingClientRect();
            return r.top >= 0 && r.bottom <= window.innerHeight * 0.5; }""", timeout=5_000)
        page.wait_for_timeout(400)  # let a smooth scroll finish
    except Exception:  # noqa: BLE001 - the caller asserts on the figures returned
        pass
    return page.evaluate("""() => {
        const h = document.querySelector('#gz-article .gz-article h3').getBoundingClientRect();
        const m = document.querySelector('#gz-article mark.gz-hl');
        const mr = m ? m.getBoundingClientRect() : null;
        return {top: h.top, bottom: h.bottom, viewport: window.innerHeight,
                mark_top: mr ? mr.top : -1, mark_bottom: mr ? mr.bottom : -1};
    }""")


def layout_figures(page: Any) -> dict[str, Any]:
    """The header's height (title row above the tabs) and the case table's column widths (px)."""
    return page.evaluate("""() => {
        const header = document.querySelector('#gz-header-row') || document.querySelector('#gz-header');
        const widths = (cells) => [...cells].filter(c => c.offsetParent !== null)
            .map(c => Math.round(c.getBoundingClientRect().width));
        const cols = widths(document.querySelectorAll('#gz-cases thead th'));
        const row = document.querySelector('#gz-cases tbody tr');
        const cells = row ? widths(row.querySelectorAll('td')) : [];
        return {header: header.getBoundingClientRect().height, case_columns: cols, case_cells: cells,
                narrowest_case_column: cols.length ? Math.min(...cols, ...cells) : null};
    }""")


def axe_serious(page: Any, selector: str | None = None) -> list[dict[str, Any]]:
    """axe-core's violations of impact serious or critical on the page as shown (the bundled axe.min.js
    of axe-playwright-python: nothing is fetched)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=selector)
    return [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
