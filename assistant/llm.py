"""The LLM engine's plumbing: a grounded prompt over numbered passages, streamed from any
OpenAI-compatible server (DeepSeek, DashScope/Qwen, vLLM, Ollama, llama.cpp) through llama-index's
`OpenAILike`.

Passages are handed to the model as quoted data inside a <passages> block, never as instructions;
tag-like text inside an article cannot close that block early. Streaming runs in a worker thread
and the caller waits on a queue with deadlines, so a dead, silent or trickling server costs at most
`llm_timeout` seconds of silence (and `TOTAL_BUDGET × llm_timeout` for a whole answer), never a hang.
"""
from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from assistant.records import Passage
from prompts import chat
from vectorstore.settings import Settings

log = logging.getLogger(__name__)

# The model's way of saying "the passages do not answer this"; both prompt files ask for theirs.
SENTINELS = ("【无答案】", "[NO_ANSWER]")
# A whole answer may take this many times GONGZHI_LLM_TIMEOUT (which bounds each silence).
TOTAL_BUDGET = 3.0
MAX_TOKENS = 1024
LANGUAGE_NAMES = {"en": "English", "fr": "French", "de": "German", "es": "Spanish", "ja": "Japanese",
                  "ko": "Korean", "ru": "Russian"}

FILLED = ("passages", "question", "language")  # what build_prompt fills in
_PLACEHOLDER = re.compile(r"\{(%s)\}" % "|".join(FILLED))
_THINK = re.compile(r"<think>.*?(</think>|$)", re.S)


class FailureKind(StrEnum):
    """Why the LLM gave no usable answer; each is a key of prompts/llm_notices_* (the notice shown)."""
    TIMEOUT = "timeout"
    ERROR = "error"
    CONFIG = "config"


class LLMError(Exception):
    """The LLM gave no usable answer, for the reason `kind`."""

    def __init__(self, kind: FailureKind, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail


@dataclass
class Prompt:
    system: str
    user: str

    def messages(self) -> list:  # list[llama_index ChatMessage]
        from llama_index.core.llms import ChatMessage, MessageRole

        return [ChatMessage(role=MessageRole.SYSTEM, content=self.system),
                ChatMessage(role=MessageRole.USER, content=self.user)]


def prompt_template(lang: str) -> tuple[str, str]:
    """(system, user) from prompts/llm_{zh|en}.txt; traditional Chinese uses the zh file."""
    return chat("llm", lang, allowed=frozenset(FILLED), required=frozenset({"passages", "question"}))


def _quote(text: str) -> str:
    """Article text as inert data: no character sequence in it can open or close a prompt tag."""
    return text.replace("<", "＜").replace(">", "＞").strip()


def _attr(text: str) -> str:
    return _quote(text).replace('"', "“").replace("\n", " ")


def format_passages(passages: list[Passage]) -> str:
    blocks = []
    for n, p in enumerate(passages, 1):
        attrs = f'n="{n}" title="{_attr(p.title)}"'
        if p.published:
            attrs += f' date="{_attr(p.published)}"'
        if p.place:
            attrs += f' place="{_attr(p.place)}"'
        blocks.append(f"<passage {attrs}>\n{_quote(p.passage)}\n</passage>")
    return "\n".join(blocks)


def build_prompt(question: str, lang: str, passages: list[Passage]) -> Prompt:
    system, user = prompt_template(lang)
    values = {"passages": format_passages(passages), "question": _quote(question),
              "language": LANGUAGE_NAMES.get(lang, "English")}
    # One pass over the template: text substituted in (an article, the question) is never re-scanned.
    fill = lambda template: _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)  # noqa: E731
    return Prompt(system=fill(system), user=fill(user))


def is_no_answer(reply: str) -> bool:
    return any(s in reply for s in SENTINELS) or reply.strip() in {"NO_ANSWER", "无答案"}


def strip_thinking(reply: str) -> str:
    """Drop <think>…</think> blocks that some local models (Qwen3, DeepSeek-R1 on Ollama) put in content."""
    return _THINK.sub("", reply)


def visible(raw: str) -> str:
    """What a streaming UI may show of the raw reply so far: no thinking, no (partial) sentinel."""
    text = strip_thinking(raw).lstrip()
    if is_no_answer(text) or any(s.startswith(text) for s in SENTINELS if text):
        return ""
    return text


def _redact(message: str, secret: str | None) -> str:
    return message.replace(secret, "***") if secret else message


def _kind(exc: BaseException) -> FailureKind:
    import httpx
    import openai

    timed_out = isinstance(exc, openai.APITimeoutError | httpx.TimeoutException | TimeoutError)
    return FailureKind.TIMEOUT if timed_out else FailureKind.ERROR


class LLMClient:
    """One OpenAILike per Assistant, built on first use; streams reply deltas or raises LLMError."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._llm = None
        self._lock = threading.Lock()

    @property
    def llm(self):  # noqa: ANN201 - llama_index.llms.openai_like.OpenAILike
        with self._lock:
            if self._llm is None:
                if not self.settings.llm.model:
                    raise LLMError(FailureKind.CONFIG, "GONGZHI_LLM_MODEL is not set")
                from llama_index.llms.openai_like import OpenAILike

                self._llm = OpenAILike(
                    model=self.settings.llm.model,
                    api_base=self.settings.llm.base_url,
                    # Always explicit: a local server needs none, and OPENAI_API_KEY from the
                    # environment must never be sent to a third-party endpoint.
                    api_key=self.settings.llm.api_key or "not-needed",
                    is_chat_model=True,  # /v1/chat/completions: DeepSeek, DashScope, vLLM, Ollama, llama.cpp
                    is_function_calling_model=False,
                    context_window=32768,
                    max_tokens=MAX_TOKENS,
                    temperature=0.1,
                    timeout=self.settings.llm.timeout,
                    max_retries=0,  # a dead server fails fast; the extractive answer is the retry
                )
            return self._llm

    def stream(self, prompt: Prompt) -> Iterator[str]:
        """Text deltas as they arrive. Raises LLMError on any failure, silence or overrun."""
        timeout = float(self.settings.llm.timeout)
        llm = self.llm
        messages = prompt.messages()
        events: queue.Queue = queue.Queue()
        stop = threading.Event()

        def work() -> None:
            try:
                finished = False
                for chunk in llm.stream_chat(messages):
                    if stop.is_set():
                        return
                    if chunk.delta:
                        events.put(("delta", chunk.delta))
                    choices = getattr(chunk.raw, "choices", None) or []
                    finished = finished or bool(choices and getattr(choices[0], "finish_reason", None))
                # A connection cut mid-answer ends the SSE stream quietly; only a finish_reason
                # ("stop", "length") says the model got to the end of its reply.
                events.put(("done", None) if finished else
                           ("error", LLMError(FailureKind.ERROR, "the stream ended before the model finished")))
            except BaseException as exc:  # noqa: BLE001 - reported to the caller, which falls back
                events.put(("error", exc))

        worker = threading.Thread(target=work, name="gongzhi-llm", daemon=True)
        started = time.monotonic()
        worker.start()
        # A worker stuck in a read is abandoned: httpx's own timeout (same value) ends it shortly.
        try:
            while True:
                left = started + timeout * TOTAL_BUDGET - time.monotonic()
                try:
                    kind, value = events.get(timeout=max(0.0, min(timeout, left)))
                except queue.Empty:
                    detail = (f"no reply for {timeout:g}s" if left > timeout
                              else f"no complete answer within {timeout * TOTAL_BUDGET:g}s")
                    raise LLMError(FailureKind.TIMEOUT, detail) from None
                if kind == "delta":
                    yield value
                elif kind == "done":
                    return
                elif isinstance(value, LLMError):
                    raise value
                else:
                    status = getattr(value, "status_code", None)
                    detail = type(value).__name__ + (f" (HTTP {status})" if status else "")
                    log.warning("LLM request failed: %s: %s", detail,
                                _redact(str(value), self.settings.llm.api_key)[:300])
                    raise LLMError(_kind(value), detail) from None
        finally:
            stop.set()
