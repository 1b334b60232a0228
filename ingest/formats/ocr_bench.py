"""OCR throughput on this machine: `python -m ingest.formats.ocr_bench FILE...` (images or PDFs).

Every page of every file is OCR'd as ingest would (PDF pages rendered at the resolution ingest
uses); prints seconds per page and pages per minute. The engine's one-off load time is reported
apart. docs/ocr.md records the figure and how the pages were made.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def _pages(path: Path) -> Iterator[tuple[str, Any]]:  # (label, PIL image)
    if path.suffix.lower() == ".pdf":
        from ingest.formats.pdf import analyse, render_page

        for page in analyse(path):
            yield f"{path.name} p.{page.number}", render_page(path, page.number, page.render_scale)
    else:
        from PIL import Image, ImageSequence

        with Image.open(path) as img:
            for n, frame in enumerate(ImageSequence.Iterator(img), 1):
                yield f"{path.name} p.{n}", frame.copy()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest.formats.ocr_bench", description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    from ingest.formats import ocr

    started = time.perf_counter()
    ocr.engine()
    load = time.perf_counter() - started
    print(f"engine load: {load:.2f} s   (cores: {os.cpu_count()})")
    total_s, pages, chars, lines = 0.0, 0, 0, 0
    cpu_started = time.process_time()
    for path in args.files:
        for name, image in _pages(path):
            result = ocr.ocr_image(image)
            total_s += result.seconds
            pages += 1
            chars += len(result.text)
            lines += len(result.lines)
            print(f"{name}: {image.width}x{image.height} px, {len(result.lines)} lines, {len(result.text)} chars, "
                  f"{result.marked} marked, {len(result.dropped)} dropped, {result.seconds:.2f} s", flush=True)
    if not pages:
        print("no pages", file=sys.stderr)
        return 1
    cpu = time.process_time() - cpu_started
    print(f"{pages} pages in {total_s:.1f} s: {60 * pages / total_s:.1f} pages/minute, "
          f"{chars / total_s:.0f} characters/s, {total_s / pages:.2f} s/page; "
          f"CPU {cpu / pages:.2f} s/page (incl. rendering), load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
