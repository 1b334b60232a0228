"""Retrieval quality of the stock llama-index quick-start pipeline on the RGB sample, for comparison
with ours (bench/rgb_quality.py): SimpleDirectoryReader → default SentenceSplitter → VectorStoreIndex
on Chroma with the same embedder, default retriever (top 10 for MRR@10, recall@5 from its top 5).

    python bench/rgb_stock.py [--store DIR]     # writes bench/results/rgb_stock.json
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from data_paths import SHARED  # noqa: E402 - bench/ is on sys.path when run as a script
from report import save  # noqa: E402 - bench/ is on sys.path when run as a script

REPO = Path(__file__).resolve().parent.parent
RGB = SHARED / "eval" / "rgb_zh"


def main() -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from vectorstore.embedders import ChromaEmbeddingFunction, make_embedder
    from vectorstore.settings import get_settings

    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, default=Path(tempfile.mkdtemp(prefix="rgb-stock-")))
    args = parser.parse_args()
    embedder = make_embedder(get_settings())
    client = chromadb.PersistentClient(path=str(args.store), settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.get_or_create_collection("stock", embedding_function=ChromaEmbeddingFunction(embedder))
    vector_store = ChromaVectorStore(chroma_collection=collection)
    if collection.count() == 0:
        folder = args.store / "docs"
        folder.mkdir(exist_ok=True)
        for line in (RGB / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            (folder / f"{record['id']}.txt").write_text(record["text"], encoding="utf-8")
        start = time.perf_counter()
        documents = SimpleDirectoryReader(str(folder)).load_data()
        VectorStoreIndex.from_documents(documents, storage_context=StorageContext.from_defaults(vector_store=vector_store),
                                        embed_model=embedder)
        print(f"stock ingest: {len(documents)} documents, {collection.count()} chunks, "
              f"{time.perf_counter() - start:.0f} s")
    retriever = VectorStoreIndex.from_vector_store(vector_store, embed_model=embedder).as_retriever(similarity_top_k=10)
    rows = []
    questions = [json.loads(line) for line in (RGB / "qa.jsonl").read_text(encoding="utf-8").splitlines()]
    for split in ("dev", "test"):
        hits1 = hits5 = mrr = 0.0
        ranks = {}
        chosen = [q for q in questions if q["split"] == split]
        for q in chosen:
            ids = [Path(n.node.metadata.get("file_name", "")).stem for n in retriever.retrieve(q["question"])]
            rank = next((i + 1 for i, doc in enumerate(ids) if doc in q["gold_doc_ids"]), None)
            ranks[q["qid"]] = rank
            hits1 += rank == 1
            hits5 += rank is not None and rank <= 5
            mrr += 1 / rank if rank else 0
        n = len(chosen)
        rows.append({"split": split, "pipeline": "stock", "n": n, "recall@1": round(hits1 / n, 3),
                     "recall@5": round(hits5 / n, 3), "mrr@10": round(mrr / n, 3)})
        print(json.dumps(rows[-1]))
        rows[-1]["ranks"] = ranks  # per question, for the paired comparison in rgb_quality.py
    save("rgb_stock", rows)


if __name__ == "__main__":
    main()
