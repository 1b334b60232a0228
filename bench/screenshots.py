"""Screenshots of every tab of the web app at a phone's size (390×844) and a laptop's (1400×1000), with
what the browser tests check printed beside them: the header's height, the case table's narrowest
column, where a tapped citation's article lands, and axe-core's serious/critical violations per tab.

    python bench/screenshots.py                       # seeds store built in a temp folder
    python bench/screenshots.py --store COPY_OF_A_STORE --out /tmp/shots  (the app writes examples.json there)
    python bench/screenshots.py --examples            # also: ask every example question shown (zh, en)

Writes docs/screenshot-<tab>-<phone|desktop>.png (the README shows one). Needs Chromium
(/usr/bin/chromium, or GONGZHI_CHROMIUM) and the dev extras (playwright, axe-playwright-python).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from bench.data_paths import SHARED  # noqa: E402

SIZES = {"phone": (390, 844), "desktop": (1400, 1000)}
TABS = {"chat": "问答", "library": "资料库", "cases": "案例", "course": "课程"}
QUESTION = "海园居民区的社区共治金是怎么筹集的?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="store to serve (default: the seeds, ingested into a temp folder)")
    parser.add_argument("--out", type=Path, default=REPO / "docs", help="folder for the PNGs (default docs/)")
    parser.add_argument("--examples", action="store_true", help="also ask every example question shown")
    args = parser.parse_args()

    import app as gongzhi_app
    from conftest import free_port
    from ui_browser import CHROMIUM, CHROMIUM_ARGS, axe_serious, layout_figures, open_page, tap_citation
    from vectorstore.settings import get_settings
    from vectorstore.store import Store

    store_dir = args.store
    if store_dir is None:
        from ingest.pipeline import ingest_paths

        store_dir = Path(tempfile.mkdtemp(prefix="gongzhi-shots-"))
        settings = get_settings(store=store_dir)
        ingest_paths([SHARED / "corpus" / "seeds"], Store.open(settings), settings.ingest.chunk_chars,
                     progress=False)
    ui = gongzhi_app.GongzhiApp(get_settings(store=store_dir))
    port = free_port()
    ui.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    url = f"http://127.0.0.1:{port}/"
    args.out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    failures = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size, (width, height) in SIZES.items():
            page, context = open_page(browser, url, width, height)
            examples = page.locator(".gz-example:visible")
            shown = [examples.nth(i).inner_text().strip() for i in range(examples.count())]
            print(f"[{size} {width}x{height}] examples shown: {shown}")
            if args.examples and size == "phone":  # every example either language shows, asked again
                assert shown == ui.examples("zh"), (shown, ui.examples("zh"))
                for lang in ("zh", "en"):
                    for q in ui.examples(lang):
                        answer = ui.assistant.ask(q)
                        ok = answer.grounded and not getattr(answer, "partial", False)
                        failures += not ok
                        print(f"  {lang} {'answered' if ok else 'NOT ANSWERED'}: {q}")
            start = time.perf_counter()
            question = shown[0] if shown else QUESTION  # a question this collection answers
            tapped = tap_citation(page, question) if not ui.is_empty() else None
            if tapped is not None:
                print(f"  citation tapped: article top at {tapped['top']:.0f} px of a {tapped['viewport']} px "
                      f"viewport ({time.perf_counter() - start:.1f} s with the answer)")
            for tab, name in TABS.items():
                page.get_by_role("tab", name=name).click()
                page.wait_for_timeout(600)
                if tab == "chat" and size == "phone" and tapped is not None:
                    page.locator("#gz-article").scroll_into_view_if_needed()  # the article a tap opened
                elif tab == "cases" and size == "phone":
                    page.locator("#gz-case-status").scroll_into_view_if_needed()  # the table
                else:
                    page.evaluate("window.scrollTo(0, 0)")
                page.wait_for_timeout(300)
                figures = layout_figures(page)
                serious = axe_serious(page)
                failures += len(serious)
                print(f"  {tab:8s} header {figures['header']:.0f} px · narrowest case column "
                      f"{figures['narrowest_case_column']} px · axe serious/critical: "
                      + (", ".join(f"{v['id']} ({len(v['nodes'])})" for v in serious) or "none"))
                page.screenshot(path=str(args.out / f"screenshot-{tab}-{size}.png"))
            context.close()
        browser.close()
    ui.close()
    print(f"screenshots in {args.out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
