"""Ingest throughput, peak memory, store size and query latency as the collection grows — ours and
the stock llama-index quick-start pipeline, in the same run, on the same Chroma and embedder.

    python bench/scale.py --sizes 1000 10000            # CRUD news: first N articles
    python bench/scale.py --sizes 69000 --defer-vectors  # ours only: text + keywords, vectors later
    python bench/scale.py --sizes 10000 --stock-only     # the stock pipeline alone (ours run separately)
    python bench/scale.py --sizes 68798 --stock-only --keep DIR --stock-parts 5000   # resumable, in parts
    python bench/scale.py --seeds                        # the five seed files, both pipelines

Each measurement runs in a fresh process (so peak RSS is its own). Prints a table, writes
bench/results/scale.json. Run by hand, not in the test suite.
"""
from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from data_paths import SHARED  # noqa: E402 - bench/ is on sys.path when run as a script
from report import save  # noqa: E402 - bench/ is on sys.path when run as a script

REPO = Path(__file__).resolve().parent.parent
NEWS = SHARED / "corpus" / "crud_news" / "news.jsonl.gz"
SEEDS = SHARED / "corpus" / "seeds"
DEV = SHARED / "eval" / "dev_questions.jsonl"
RGB_QA = SHARED / "eval" / "rgb_zh" / "qa.jsonl"

# Runs inside a child process: `python bench/scale.py --child KIND ARGS_JSON` prints one JSON line.
CHILD = {}


def child(kind):  # noqa: ANN001, ANN201
    def register(fn):  # noqa: ANN001, ANN202
        CHILD[kind] = fn
        return fn
    return register


def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _questions(n: int = 60) -> list[str]:
    qs = [json.loads(line)["q"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    qs += [json.loads(line)["question"] for line in RGB_QA.read_text(encoding="utf-8").splitlines() if line.strip()]
    return qs[:n]


def _percentiles(samples: list[float]) -> dict:
    s = sorted(samples)
    pick = lambda q: round(s[min(len(s) - 1, int(q * len(s)))] * 1000, 1)  # noqa: E731
    return {"p50_ms": pick(0.5), "p95_ms": pick(0.95)}


@child("ours-ingest")
def ours_ingest(args: dict) -> dict:
    from ingest.pipeline import ingest_paths
    from vectorstore.settings import get_settings
    from vectorstore.store import Store

    settings = get_settings(store=args["store"])
    store = Store.open(settings)
    start = time.perf_counter()
    report = ingest_paths([Path(args["input"])], store, settings.ingest.chunk_chars, progress=False,
                          defer_vectors=args.get("defer", False))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "articles": report.articles, "chunks": report.chunks, "docs": report.ingested,
            "rss_mb": _rss_mb()}


def _dev_quality(retrieve) -> dict:  # noqa: ANN001 - question text -> list[Passage], best first
    """Recall@1/@5 and MRR@10 on the answerable dev questions (the expected file, with a must_any
    string in the passage), the rule `python -m assistant eval` applies."""
    from assistant.evaluate import first_hit, load_questions

    ranks = [first_hit(q, retrieve(q.q)) for q in load_questions(DEV) if q.expect]
    n = len(ranks)
    return {"n": n, "recall@1": round(sum(r == 1 for r in ranks) / n, 3),
            "recall@5": round(sum(r is not None and r <= 5 for r in ranks) / n, 3),
            "mrr@10": round(sum(1 / r for r in ranks if r) / n, 3)}


@child("ours-query")
def ours_query(args: dict) -> dict:
    from assistant.answer import Assistant
    from vectorstore.settings import get_settings

    start = time.perf_counter()
    assistant = Assistant(get_settings(store=args["store"]))
    questions = _questions(123)
    assistant.warm_up()  # as the app does at start: models, jieba, keyword index, langdetect, pinyin names
    warm = time.perf_counter() - start
    retrieve, answer, answer_cpu = [], [], []
    # every timed question is asked once: a repeated one finds Chroma's pages and the caches warm
    for q_retrieve, q_answer in zip(questions[3::2], questions[4::2]):
        t = time.perf_counter()
        assistant.retriever.retrieve(q_retrieve)
        retrieve.append(time.perf_counter() - t)
        t, cpu = time.perf_counter(), time.process_time()
        assistant.ask(q_answer)
        answer.append(time.perf_counter() - t)
        answer_cpu.append(time.process_time() - cpu)
    # answer_cpu: the process's CPU time (all its threads) a question: steadier than the wall time when other jobs
    # share the cores, for comparing two versions of the code
    out = {"warmup_s": warm, "retrieve": _percentiles(retrieve), "answer": _percentiles(answer),
           "answer_cpu": _percentiles(answer_cpu), "rss_mb": _rss_mb()}
    if args.get("dev_quality"):
        out["dev_quality"] = _dev_quality(lambda q: assistant.retriever.retrieve(q, k=10))
    return out


def _stock_index(store: str):  # noqa: ANN202
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import StorageContext, VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from vectorstore.embedders import ChromaEmbeddingFunction, make_embedder
    from vectorstore.settings import get_settings

    embedder = make_embedder(get_settings())
    client = chromadb.PersistentClient(path=store, settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.get_or_create_collection("stock", embedding_function=ChromaEmbeddingFunction(embedder))
    vector_store = ChromaVectorStore(chroma_collection=collection)
    return embedder, vector_store, StorageContext.from_defaults(vector_store=vector_store), VectorStoreIndex


@child("stock-ingest")
def stock_ingest(args: dict) -> dict:
    """The quick-start: SimpleDirectoryReader → default SentenceSplitter → VectorStoreIndex (same Chroma, embedder)."""
    from llama_index.core import SimpleDirectoryReader

    embedder, vector_store, storage, VectorStoreIndex = _stock_index(args["store"])
    start = time.perf_counter()
    documents = SimpleDirectoryReader(args["input"]).load_data()
    VectorStoreIndex.from_documents(documents, storage_context=storage, embed_model=embedder)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "articles": len(documents), "chunks": vector_store._collection.count(),
            "rss_mb": _rss_mb()}


@child("stock-ingest-parts")
def stock_ingest_parts(args: dict) -> dict:
    """The same quick-start pipeline, over the folder in parts of `part` files into one collection, and
    resumable: a part that finished is recorded in <store>/stock-parts.json with its seconds; a part a
    killed run left half-done is deleted from Chroma (by file name) and done again. For the whole 69k
    export, ~3 h of this machine, longer than a restart or a session may leave it. Each part is one
    SimpleDirectoryReader → VectorStoreIndex.from_documents call, the same work per document as one call
    over the whole folder (which would also hold all 69k documents in memory at once)."""
    from llama_index.core import SimpleDirectoryReader

    embedder, vector_store, storage, VectorStoreIndex = _stock_index(args["store"])
    collection = vector_store._collection
    files = sorted(Path(args["input"]).glob("*.txt"))
    progress = Path(args["store"]) / "stock-parts.json"
    done = json.loads(progress.read_text()) if progress.exists() else {}
    for start in range(0, len(files), args["part"]):
        if str(start) in done:
            continue
        part = files[start:start + args["part"]]
        collection.delete(where={"file_name": {"$in": [f.name for f in part]}})
        t, began = time.perf_counter(), time.time()
        documents = SimpleDirectoryReader(input_files=[str(f) for f in part]).load_data()
        VectorStoreIndex.from_documents(documents, storage_context=storage, embed_model=embedder)
        # began/ended (epoch seconds): to subtract any pause (SIGSTOP) logged while the part ran
        done[str(start)] = {"seconds": time.perf_counter() - t, "articles": len(documents), "rss_mb": _rss_mb(),
                            "began": began, "ended": time.time()}
        tmp = progress.with_suffix(".tmp")
        tmp.write_text(json.dumps(done))
        tmp.replace(progress)
        print(f"part {start}: {len(documents)} articles, {done[str(start)]['seconds']:.0f} s", file=sys.stderr, flush=True)
    return {"seconds": sum(d["seconds"] for d in done.values()), "articles": sum(d["articles"] for d in done.values()),
            "chunks": collection.count(), "rss_mb": max(d["rss_mb"] for d in done.values()), "parts": len(done)}


@child("stock-query")
def stock_query(args: dict) -> dict:
    embedder, vector_store, _, VectorStoreIndex = _stock_index(args["store"])
    start = time.perf_counter()
    retriever = VectorStoreIndex.from_vector_store(vector_store, embed_model=embedder).as_retriever(similarity_top_k=5)
    questions = _questions()
    for q in questions[:3]:
        retriever.retrieve(q)
    warm = time.perf_counter() - start
    samples = []
    for q in questions:
        t = time.perf_counter()
        retriever.retrieve(q)
        samples.append(time.perf_counter() - t)
    out = {"warmup_s": warm, "retrieve": _percentiles(samples), "rss_mb": _rss_mb()}
    if args.get("dev_quality"):
        from assistant.records import Passage

        top10 = VectorStoreIndex.from_vector_store(vector_store, embed_model=embedder).as_retriever(similarity_top_k=10)
        out["dev_quality"] = _dev_quality(lambda q: [
            Passage(chunk_id=r.node.node_id, article_id=r.node.node_id, title="", source=r.node.metadata["file_path"],
                    passage=r.node.get_content(), score=r.score or 0.0) for r in top10.retrieve(q)])
    return out


def run_child(kind: str, **args) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, json.dumps(args)], cwd=REPO,
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def du_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20, 1)


def write_inputs(n: int, work: Path, stock: bool = True) -> tuple[Path, Path]:
    """The first n news articles as a JSONL export (ours) and as one .txt per article (stock)."""
    jsonl = work / f"news-{n}.jsonl"
    folder = work / f"news-{n}"
    folder.mkdir()
    with gzip.open(NEWS, "rt", encoding="utf-8") as src, open(jsonl, "w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            record = json.loads(line)
            dst.write(json.dumps({"id": record["id"], "text": record["text"], "date": record.get("date", "")},
                                 ensure_ascii=False) + "\n")
            if stock:
                (folder / f"{i:06d}.txt").write_text(record["text"], encoding="utf-8")
    return jsonl, folder


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        sys.path.insert(0, str(REPO))
        print(json.dumps(CHILD[sys.argv[2]](json.loads(sys.argv[3]))))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--seeds", action="store_true", help="the five seed files instead of news articles")
    parser.add_argument("--defer-vectors", action="store_true", help="ours only, vectors deferred")
    parser.add_argument("--no-stock", action="store_true")
    parser.add_argument("--stock-only", action="store_true", help="only the stock pipeline (ours measured separately)")
    parser.add_argument("--keep", type=Path, help="keep the stores here instead of a temp dir")
    parser.add_argument("--stock-parts", type=int, metavar="FILES",
                        help="with --stock-only --keep: the stock ingest in parts of FILES articles, resumable "
                             "(the same command goes on after a kill or restart)")
    args = parser.parse_args()
    rows = []
    work = Path(tempfile.mkdtemp(prefix="gongzhi-bench-"))
    try:
        for n in ["seeds"] if args.seeds else args.sizes:
            if n == "seeds":  # both pipelines read the same raw files
                jsonl = folder = SEEDS
            elif args.stock_parts:  # the inputs are kept beside the store, for the run that goes on
                if not (args.stock_only and args.keep):
                    raise SystemExit("--stock-parts needs --stock-only and --keep DIR")
                folder = args.keep / f"news-{n}"
                if not (args.keep / f"news-{n}.done").exists():
                    shutil.rmtree(folder, ignore_errors=True)
                    args.keep.mkdir(parents=True, exist_ok=True)
                    jsonl, folder = write_inputs(n, args.keep)
                    jsonl.unlink()
                    (args.keep / f"news-{n}.done").touch()
            else:
                jsonl, folder = write_inputs(n, work, stock=not (args.no_stock or args.defer_vectors))
            ours_store = (args.keep or work) / f"ours-{n}"
            row = None
            if not args.stock_only:
                row = ours_row(n, ours_store, jsonl, args.defer_vectors)
                rows.append(row)
                print(json.dumps(row, ensure_ascii=False), flush=True)
            if not args.no_stock and not args.defer_vectors:
                stock = stock_row(n, (args.keep or work) / f"stock-{n}", folder, args.stock_parts)
                rows.append(stock)
                print(json.dumps(stock, ensure_ascii=False), flush=True)
                if row is not None:
                    rows.append(ratios(row, stock))
                    print(json.dumps(rows[-1]), flush=True)
            if folder != SEEDS and not args.stock_parts:
                shutil.rmtree(folder)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    name = "scale-stock" if args.stock_only else "scale-deferred" if args.defer_vectors else "scale"
    report(rows, f"{name}{'-seeds' if args.seeds else ''}.json")


def ours_row(n: int | str, ours_store: Path, jsonl: Path, defer: bool) -> dict:
    ingest = run_child("ours-ingest", store=str(ours_store), input=str(jsonl), defer=defer)
    query = run_child("ours-query", store=str(ours_store), dev_quality=n == "seeds")
    return {"size": n, "pipeline": "ours" + (" (deferred vectors)" if defer else ""),
            "articles": ingest["articles"], "chunks": ingest["chunks"],
            "ingest_s": round(ingest["seconds"], 1),
            "articles_per_s": round(ingest["docs"] / ingest["seconds"], 2),
            "chunks_per_s": round(ingest["chunks"] / ingest["seconds"], 2),
            "ingest_rss_mb": round(ingest["rss_mb"]), "store_mb": du_mb(ours_store),
            "retrieve_p50_ms": query["retrieve"]["p50_ms"], "retrieve_p95_ms": query["retrieve"]["p95_ms"],
            "answer_p50_ms": query["answer"]["p50_ms"], "answer_p95_ms": query["answer"]["p95_ms"],
            "startup_s": round(query["warmup_s"], 1), "query_rss_mb": round(query["rss_mb"]),
            **({"dev_quality": query["dev_quality"]} if "dev_quality" in query else {})}


def stock_row(n: int | str, stock_store: Path, folder: Path, part: int | None = None) -> dict:
    if part:
        s_ingest = run_child("stock-ingest-parts", store=str(stock_store), input=str(folder), part=part)
    else:
        s_ingest = run_child("stock-ingest", store=str(stock_store), input=str(folder))
    s_query = run_child("stock-query", store=str(stock_store), dev_quality=n == "seeds")
    return {"size": n, "pipeline": "stock", "articles": s_ingest["articles"],
            "chunks": s_ingest["chunks"], "ingest_s": round(s_ingest["seconds"], 1),
            "articles_per_s": round(s_ingest["articles"] / s_ingest["seconds"], 2),
            "chunks_per_s": round(s_ingest["chunks"] / s_ingest["seconds"], 2),
            "ingest_rss_mb": round(s_ingest["rss_mb"]), "store_mb": du_mb(stock_store),
            "retrieve_p50_ms": s_query["retrieve"]["p50_ms"],
            "retrieve_p95_ms": s_query["retrieve"]["p95_ms"],
            "startup_s": round(s_query["warmup_s"], 1), "query_rss_mb": round(s_query["rss_mb"]),
            **({"dev_quality": s_query["dev_quality"]} if "dev_quality" in s_query else {})}


def ratios(row: dict, stock: dict) -> dict:
    ratio = {k: round(row[k] / stock[k], 2) for k in ("ingest_s", "ingest_rss_mb", "store_mb", "retrieve_p95_ms")
             if stock.get(k)}
    ratio["s_per_chunk"] = round((row["ingest_s"] / row["chunks"]) / (stock["ingest_s"] / stock["chunks"]), 2)
    return {"size": row["size"], "pipeline": "ours/stock", **ratio}


def report(rows: list[dict], name: str) -> None:
    cols = ["size", "pipeline", "articles", "chunks", "ingest_s", "chunks_per_s", "ingest_rss_mb", "store_mb",
            "retrieve_p50_ms", "retrieve_p95_ms", "answer_p95_ms", "s_per_chunk"]
    print("\n" + " | ".join(cols))
    for r in rows:
        print(" | ".join(str(r.get(c, "")) for c in cols))
    save(name, rows)


if __name__ == "__main__":
    main()
