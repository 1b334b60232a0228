"""A small OpenAI-compatible HTTP server for tests: replays scripted replies and records requests.

It is a real server on a free 127.0.0.1 port, so the code under test goes through llama-index's
OpenAILike, the openai SDK and httpx exactly as it would against DeepSeek, DashScope, vLLM or Ollama.
Served: POST /v1/chat/completions and /v1/completions, each plain JSON or, with "stream": true,
server-sent events (`data: {chunk}` … `data: [DONE]`) in HTTP/1.1 chunked encoding; GET /v1/models.

A reply is a `Script` (or a plain string): queued with `push`, else produced by `responder(request)`.
Scripts can wait before answering (timeouts), pause between chunks, or fail mid-stream.
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Script:
    text: str = ""
    chunks: list[str] | None = None  # the streamed pieces; default: `text` in pieces of `chunk_chars`
    chunk_chars: int = 4
    delay: float = 0.0  # seconds before any response byte
    chunk_delay: float = 0.0  # seconds between streamed chunks
    fail_after: int | None = None  # streaming: fail after this many content chunks
    failure: str = "drop"  # "drop": connection cut mid-body | "error": an SSE error event
    status: int = 200  # non-200: an OpenAI-style JSON error with this status
    error_message: str = "scripted failure"
    finish_reason: str = "stop"

    def pieces(self) -> list[str]:
        if self.chunks is not None:
            return list(self.chunks)
        return [self.text[i:i + self.chunk_chars] for i in range(0, len(self.text), self.chunk_chars)]


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: dict

    @property
    def messages(self) -> list[dict]:
        return self.body.get("messages", [])

    def message(self, role: str) -> str:
        return next((m["content"] for m in self.messages if m.get("role") == role), "")

    @property
    def prompt_text(self) -> str:
        """Everything the model was given, whichever endpoint was used."""
        if "prompt" in self.body:
            return str(self.body["prompt"])
        return "\n".join(str(m.get("content", "")) for m in self.messages)


@dataclass
class FakeOpenAI:
    responder: Callable[[Request], Script | str] | None = None
    requests: list[Request] = field(default_factory=list)
    _queue: list[Script | str] = field(default_factory=list)
    _stopping: threading.Event = field(default_factory=threading.Event)

    # --- control ----------------------------------------------------------------------------------

    def start(self) -> "FakeOpenAI":
        fake = self

        class Handler(_Handler):
            server_ref = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-openai", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping in a scripted delay
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "FakeOpenAI":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def push(self, *scripts: Script | str) -> None:
        self._queue.extend(scripts)

    def reset(self, responder: Callable[[Request], Script | str] | None = None) -> None:
        self._queue.clear()
        self.requests.clear()
        self.responder = responder

    def _next(self, request: Request) -> Script:
        if self._queue:
            script = self._queue.pop(0)
        elif self.responder is not None:
            script = self.responder(request)
        else:
            script = Script(status=500, error_message="no scripted reply")
        return Script(text=script) if isinstance(script, str) else script

    def sleep(self, seconds: float) -> bool:
        """Sleep unless the server is stopping; False when interrupted."""
        return not self._stopping.wait(seconds) if seconds > 0 else True


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_ref: FakeOpenAI

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet test output
        pass

    # --- helpers ----------------------------------------------------------------------------------

    def _json(self, status: int, payload: dict) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)
        self.close_connection = True

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _event(self, payload: dict | str) -> None:
        data = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
        self._chunk(f"data: {data}\n\n".encode())

    # --- endpoints --------------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802
        if self.path.rstrip("/").endswith("/models"):
            self._json(200, {"object": "list", "data": [{"id": "fake", "object": "model", "owned_by": "tests"}]})
        else:
            self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except json.JSONDecodeError:
            self._json(400, {"error": {"message": "invalid JSON", "type": "invalid_request_error"}})
            return
        request = Request(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        fake = self.server_ref
        fake.requests.append(request)
        chat = self.path.rstrip("/").endswith("/chat/completions")
        if not chat and not self.path.rstrip("/").endswith("/completions"):
            self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
            return
        script = fake._next(request)
        if not fake.sleep(script.delay):
            return
        try:
            if script.status != 200:
                self._json(script.status, {"error": {"message": script.error_message, "type": "server_error",
                                                     "code": script.status}})
            elif body.get("stream"):
                self._stream(script, chat, body.get("model", "fake"))
            else:
                self._complete(script, chat, body.get("model", "fake"))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout): nothing to do

    def _complete(self, script: Script, chat: bool, model: str) -> None:
        created = int(time.time())
        if chat:
            choice = {"index": 0, "message": {"role": "assistant", "content": script.text},
                      "finish_reason": script.finish_reason}
            obj = "chat.completion"
        else:
            choice = {"index": 0, "text": script.text, "finish_reason": script.finish_reason, "logprobs": None}
            obj = "text_completion"
        self._json(200, {"id": "fake-1", "object": obj, "created": created, "model": model, "choices": [choice],
                         "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})

    def _stream(self, script: Script, chat: bool, model: str) -> None:
        fake = self.server_ref
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        created = int(time.time())
        obj = "chat.completion.chunk" if chat else "text_completion"

        def chunk(content: str | None, finish: str | None = None, role: bool = False) -> dict:
            if chat:
                delta = {"role": "assistant"} if role else {}
                if content is not None:
                    delta["content"] = content
                choice = {"index": 0, "delta": delta, "finish_reason": finish}
            else:
                choice = {"index": 0, "text": content or "", "finish_reason": finish, "logprobs": None}
            return {"id": "fake-1", "object": obj, "created": created, "model": model, "choices": [choice]}

        if chat:
            self._event(chunk("", role=True))
        for i, piece in enumerate(script.pieces()):
            if script.fail_after is not None and i >= script.fail_after:
                if script.failure == "error":
                    self._event({"error": {"message": script.error_message, "type": "server_error", "code": 500}})
                    self._chunk(b"")  # a well-formed end of body after the error event
                # "drop": close without the terminating zero-length chunk, as a crashed server would
                return
            if i and not fake.sleep(script.chunk_delay):
                return
            self._event(chunk(piece))
        self._event(chunk(None, finish=script.finish_reason))
        self._event("[DONE]")
        self._chunk(b"")
