"""Bad input gets a clear per-file error and never stops or corrupts an ingest."""
from __future__ import annotations

import json
import tracemalloc
import zipfile
from pathlib import Path

from conftest import seed
from ingest.pipeline import ingest_paths
from ingest.readers import read_path
from vectorstore.settings import get_settings
from vectorstore.store import Store

SEED = seed("004").read_text(encoding="utf-8")


def store_at(tmp_path: Path) -> Store:
    return Store.open(get_settings(store=tmp_path / "store"))


def test_bom_and_mixed_line_endings_read_like_clean_utf8(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    lines = SEED.split("\n")
    mixed = "".join(line + ("\r\n", "\r", "\n")[i % 3] for i, line in enumerate(lines))
    (src / "mixed.txt").write_bytes(b"\xef\xbb\xbf" + mixed.encode("utf-8"))
    (src / "plain.txt").write_text(SEED, encoding="utf-8")
    store = store_at(tmp_path)
    report = ingest_paths([src], store, progress=False)
    assert report.ingested == 2 and not report.errors
    texts = {Path(a.source).name: a for a in store.articles()}
    assert texts["mixed.txt"].text == texts["plain.txt"].text
    assert texts["mixed.txt"].title == texts["plain.txt"].title and not texts["mixed.txt"].title.startswith("\ufeff")


def test_malformed_html_with_scripts_and_styles(tmp_path):
    paragraphs = "".join(f"<p>{p}" for p in SEED.split("\n\n") if p.strip())  # unclosed <p>, no </body>
    page = (f"<html><head><title>老西门街道召开老旧公房小区自治家园交流研讨会</title><style>p {{color:red}}</style>"
            f"<script>alert('x'); document.write('注入')</script></head><body><div class=nav>首页 > 新闻"
            f"{paragraphs}<script>var tracker = 1;</script>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    store = store_at(tmp_path)
    report = ingest_paths([path], store, progress=False)
    assert report.ingested == 1 and not report.errors
    text = "\n".join(a.text for a in store.articles())
    assert "四个自治模块" in text
    assert "alert" not in text and "tracker" not in text and "color:red" not in text and "注入" not in text


def test_zip_nested_folders_traversal_and_bomb(tmp_path):
    archive = tmp_path / "upload.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("2019/老西门/seed.txt", SEED)
        zf.writestr("2019/notes/readme.exe", b"MZ\x00\x00")  # unsupported: ignored
        zf.writestr("../../escaped.txt", SEED)
        zf.writestr("/abs/escaped2.txt", SEED)
        zf.writestr("bomb.txt", "0" * (30 * 2**20))
    store = store_at(tmp_path)
    report = ingest_paths([archive], store, progress=False)
    assert report.ingested == 1
    assert [a.source for a in store.articles()] == [f"{archive}#2019/老西门/seed.txt"]
    (error,) = report.errors
    assert "../../escaped.txt" in error and "/abs/escaped2.txt" in error and "bomb.txt" in error
    assert not (tmp_path.parent / "escaped.txt").exists() and not Path("/abs/escaped2.txt").exists()
    assert not any(p.name.startswith("escaped") for p in tmp_path.rglob("*"))


def test_a_50_mb_text_file_is_streamed_in_parts_with_bounded_memory(tmp_path):
    """Reading only: embedding 50 MB of text takes hours on this machine (see docs/performance.md)."""
    big = tmp_path / "big.txt"
    with open(big, "w", encoding="utf-8") as handle:
        while handle.tell() < 50 * 2**20:
            handle.write(SEED + "\n\n")
    tracemalloc.start()
    parts = 0
    chars = 0
    try:
        for doc in read_path(big):
            parts += 1
            chars += len(doc.text)
            assert doc.source == f"{big}#part{parts}"
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert parts > 10 and chars > 15_000_000
    assert peak < 40 * 2**20, f"peak {peak / 2**20:.1f} MB while reading a 50 MB file"


def test_large_gbk_text_is_decoded_in_parts(tmp_path):
    big = tmp_path / "gbk.txt"
    with open(big, "wb") as handle:
        for _ in range(1500):
            handle.write((SEED + "\n\n").encode("gb18030"))
    docs = list(read_path(big))
    assert len(docs) > 1 and all("老西门街道" in d.text for d in docs)


def test_jsonl_with_bad_lines_keeps_the_good_ones(tmp_path):
    export = tmp_path / "export.jsonl"
    export.write_text("\n".join([
        json.dumps({"id": "a", "text": SEED}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "b", "title": "无正文"}, ensure_ascii=False),
        json.dumps({"id": "c", "text": seed("001").read_text(encoding="utf-8")}, ensure_ascii=False),
    ]), encoding="utf-8")
    store = store_at(tmp_path)
    report = ingest_paths([export], store, progress=False)
    assert report.ingested == 2
    (error,) = report.errors
    assert "export.jsonl" in error and "line 2" in error and "line 3" in error and "'text'" in error
    assert {a.source.rsplit("#", 1)[1] for a in store.articles()} == {"a", "c"}
