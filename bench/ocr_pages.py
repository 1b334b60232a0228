"""Scanned newspaper pages (issue 22): per-page OCR time, reading order and titles.

    .venv/bin/python bench/ocr_pages.py [--dpi 150 200 300 400] [--out DIR]

Builds the test pages from the seeds (tests/fixtures_formats.py: a two- and a three-column page with
three stories, headlines and a photo box, and the single-column page of the issue), reads each as a
PNG and as a page-as-image PDF at two page scales through `read_path` + `build_articles`, as ingest
does, and prints per page and form: OCR seconds, articles/stories, titles right, consecutive
sentence pairs (and clause pairs) found in order in one article, and the lowest per-story character
recall. `--dpi`
adds the two-column page scanned at other resolutions (PNG only). Figures go to
bench/results/ocr_pages.json and docs/ocr.md.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))

import fixtures_formats as fx  # noqa: E402 - tests/ is on sys.path when run as a script
from report import save  # noqa: E402

RECALL = 0.97


def measure(path: Path, stories: list[fx.Story]) -> dict:
    from ingest.pipeline import build_articles
    from ingest.readers import read_path

    (doc,) = list(read_path(path))
    started, cpu_started = time.perf_counter(), time.process_time()
    doc.text  # noqa: B018 - OCR runs on first access
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    articles = build_articles(doc)
    titles = {fx.compact(a.title) for a in articles}
    pairs = ok = cpairs = cok = 0
    recalls = []
    for story in stories:
        sents, clauses = story.sentences, story.clauses
        for a, b in zip(sents, sents[1:]):
            pairs += 1
            ok += max(fx.char_recall(a + b, art.text) for art in articles) >= RECALL
        for a, b in zip(clauses, clauses[1:]):
            cpairs += 1
            cok += max(fx.char_recall(a + b, art.text) for art in articles) >= RECALL
        recalls.append(max(fx.char_recall("".join(story.paragraphs), art.text) for art in articles))
    headed = [s for s in stories if s.headline]
    return {"file": path.name, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "articles": len(articles), "stories": len(stories),
            "titles_right": sum(fx.compact(s.headline) in titles for s in headed), "headlines": len(headed),
            "pairs_in_order": ok, "pairs": pairs, "clause_pairs_in_order": cok, "clause_pairs": cpairs,
            "min_recall": round(min(recalls), 4),
            "titles": [a.title for a in articles]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dpi", type=int, nargs="*", default=[], help="also the two-column page at these DPI")
    parser.add_argument("--out", type=Path, default=None, help="folder for the pages (default: a temp folder)")
    args = parser.parse_args(argv)
    from ingest.formats import ocr

    ocr.set_progress(lambda event: None)
    started = time.perf_counter()
    ocr.engine()
    print(f"engine load {time.perf_counter() - started:.2f} s; cores {os.cpu_count()}; "
          f"load average {os.getloadavg()[0]:.1f}")
    root = args.out or Path(tempfile.mkdtemp(prefix="ocr-pages-"))
    root.mkdir(parents=True, exist_ok=True)
    pages = [("two", fx.render_newspaper_png(root / "two.png", 2, 150)),
             ("three", fx.render_newspaper_png(root / "three.png", 3, 300)),
             ("single", fx.render_single_column_png(root / "single.png"))]
    rows = []
    for name, built in pages:
        files = [built.path] + [fx.page_as_image_pdf(built.path, root / f"{name}{r}.pdf", r).path for r in (72, 300)]
        for dpi in args.dpi if name == "two" else []:
            files.append(fx.render_newspaper_png(root / f"two_{dpi}dpi.png", 2, dpi).path)
        for path in files:
            from PIL import Image

            row = measure(path, built.extra["stories"])
            if path.suffix == ".png":
                row["pixels"] = "x".join(map(str, Image.open(path).size))
            rows.append(row)
            print(f"{row['file']:>16}  {row.get('pixels', ''):>9}  {row['seconds']:5.1f} s (CPU {row['cpu_seconds']:4.1f} s)  "
                  f"articles {row['articles']}/{row['stories']}  titles {row['titles_right']}/{row['headlines']}  "
                  f"pairs in order {row['pairs_in_order']}/{row['pairs']} "
                  f"(clauses {row['clause_pairs_in_order']}/{row['clause_pairs']})  min recall {row['min_recall']:.3f}  "
                  f"{row['titles']}", flush=True)
    total = sum(r["seconds"] for r in rows)
    print(f"{len(rows)} pages, {total / len(rows):.1f} s/page; load average {os.getloadavg()[0]:.1f}")
    save("ocr_pages", {"load_average": os.getloadavg()[0], "rows": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
