"""A real HTTP server that answers like router.huggingface.co and huggingface.co/api/whoami-v2.

It runs in a background thread on 127.0.0.1 (random port by default), records every request it
receives, and can be switched into each failure hf-api.md lists, so the client is tested over
real sockets instead of mocks.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from tests.fakehf.data import (
    CASE_BY_TOKEN,
    NO_INFERENCE_CASES,
    WHOAMI_CASES,
    default_models_body,
)

ROUTES = ("models", "model", "whoami", "chat")
KINDS = (
    "status",
    "html",
    "malformed",
    "wrong_shape",
    "slow",
    "trickle",
    "drop",
    "huge",
    "redirect",
)

DEFAULT_MESSAGES = {
    400: "Bad request",
    401: "Invalid credentials in Authorization header",
    402: "You have depleted your monthly included credits. Purchase pre-paid credits to continue "
    "using Inference Providers with your account.",
    403: "This authentication method does not have sufficient permissions to call Inference "
    "Providers on behalf of user zoe-angstrom",
    404: "Not Found",
    429: "Too many requests, please slow down",
    500: "Internal Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
HTML_ERROR = (
    "<html>\r\n<head><title>{status} Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>{status} Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"
)
MALFORMED_JSON = b'{"object": "list", "data": [{"id": "deepseek-ai/DeepSeek-R1", "providers": ['
WRONG_SHAPE: Any = {"object": "list", "data": {"id": "deepseek-ai/DeepSeek-R1"}}


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str  # as sent, query string included
    headers: Mapping[str, str]  # names in lower case
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class Failure:
    kind: str
    opts: dict[str, Any]
    remaining: int | None  # None: every request until cleared


@dataclass
class _CatalogIndex:
    body: bytes
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)


class FakeHF:
    """The fake Hugging Face: `with FakeHF() as hf: ... hf.router_base ... hf.requests`."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, poll_interval: float = 0.05):
        self._host = host
        self._port = port
        self._poll_interval = poll_interval
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._requests: list[RecordedRequest] = []
        self._failures: dict[str, Failure] = {}
        self._index: _CatalogIndex | None = None
        self._other: FakeHF | None = None
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.etag_enabled = True
        self.models_body = default_models_body()

    # -- life cycle -----------------------------------------------------------------------------

    def start(self) -> FakeHF:
        handler = type("BoundHandler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer((self._host, self._port), handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": self._poll_interval},
            name=f"fakehf-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def close(self) -> None:
        self._closing.set()
        if self._other is not None:
            self._other.close()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeHF:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the server first"
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """Base URL, also the value for HF_ENDPOINT (whoami lives at /api/whoami-v2)."""
        return f"http://{self._host}:{self.port}"

    @property
    def router_base(self) -> str:
        """Value for `models.providers.huggingface.baseUrl`."""
        return self.url + "/v1"

    @property
    def other(self) -> FakeHF:
        """A second server (another port: another origin) for redirect tests; records too."""
        if self._other is None:
            self._other = FakeHF(self._host, 0, poll_interval=self._poll_interval).start()
        return self._other

    # -- data and switches ----------------------------------------------------------------------

    @property
    def models_body(self) -> bytes:
        return self._models_body

    @models_body.setter
    def models_body(self, value: bytes | Mapping[str, Any] | list[Any]) -> None:
        body = value if isinstance(value, bytes) else json.dumps(value).encode("utf-8")
        with self._lock:
            self._models_body = body
            self.etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
            self.last_modified = formatdate(time.time(), usegmt=True)

    def set_failure(self, route: str, kind: str, *, times: int | None = None, **opts: Any) -> None:
        """Make `route` ("models", "model", "whoami", "chat" or "*") fail as `kind`.

        Kinds and their options:
        status (status=, shape="string"|"object"|"header"|"html", message=, code=, retry_after=),
        html (status=502), malformed, wrong_shape (body=), slow (delay= seconds, then the normal
        answer), trickle (interval=, duration=: headers at once, then a byte per interval),
        drop (partial=False: close without an answer, or after a few body bytes),
        huge (limit_mb=64, declare=False: an endless JSON body, bounded by limit_mb),
        redirect (status=302, to="other"|"same"|URL; "same" needs times=1 or it loops).
        `times` limits the failure to the next N matching requests.
        """
        if route not in (*ROUTES, "*"):
            raise ValueError(f"unknown route {route!r}; one of {ROUTES} or '*'")
        if kind not in KINDS:
            raise ValueError(f"unknown failure kind {kind!r}; one of {KINDS}")
        if kind == "status" and "status" not in opts:
            raise ValueError("the 'status' failure needs status=")
        with self._lock:
            self._failures[route] = Failure(kind, opts, times)

    def clear(self) -> None:
        """Remove all failures and forget recorded requests."""
        with self._lock:
            self._failures.clear()
            self._requests.clear()

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_to(self, route_path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if urlsplit(r.path).path == route_path]

    # -- used by the handler --------------------------------------------------------------------

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _take_failure(self, route: str | None) -> Failure | None:
        with self._lock:
            for key in (route, "*"):
                failure = self._failures.get(key) if key else None
                if failure is None:
                    continue
                if failure.remaining is not None:
                    failure.remaining -= 1
                    if failure.remaining <= 0:
                        del self._failures[key]  # type: ignore[arg-type]
                return failure
        return None

    def _catalog(self) -> _CatalogIndex:
        with self._lock:
            body = self._models_body
            if self._index is None or self._index.body is not body:
                index = _CatalogIndex(body)
                try:
                    for model in json.loads(body).get("data", []):
                        if isinstance(model, dict) and isinstance(model.get("id"), str):
                            index.by_id[model["id"]] = model
                except (ValueError, AttributeError):
                    pass
                self._index = index
            return self._index

    def _wait(self, seconds: float) -> bool:
        """Sleep, but wake up when the server closes; True when it is closing."""
        return self._closing.wait(seconds)


def route_of(method: str, path: str) -> str | None:
    parts = urlsplit(path).path.rstrip("/").split("/")
    if method == "GET" and parts[1:] == ["v1", "models"]:
        return "models"
    if method == "GET" and parts[1:3] == ["v1", "models"] and len(parts) == 5:
        return "model"
    if method == "GET" and parts[1:] == ["api", "whoami-v2"]:
        return "whoami"
    if method == "POST" and parts[1:] == ["v1", "chat", "completions"]:
        return "chat"
    return None


class _Handler(BaseHTTPRequestHandler):
    fake: FakeHF
    server_version = "fakehf/1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the recorded requests are the log."""

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    # -- dispatch -------------------------------------------------------------------------------

    def _dispatch(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        self.fake._record(RecordedRequest(self.command, self.path, headers, body))
        route = route_of(self.command, self.path)
        failure = self.fake._take_failure(route)
        try:
            if failure is not None and self._fail(failure):
                return
            self._answer(route, headers, body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _answer(self, route: str | None, headers: Mapping[str, str], body: bytes) -> None:
        if route == "models":
            self._models(headers)
        elif route == "model":
            self._one_model()
        elif route == "whoami":
            self._whoami(headers)
        elif route == "chat":
            self._chat(headers, body)
        else:
            self._json(404, {"error": "Not Found"})

    # -- normal answers -------------------------------------------------------------------------

    def _models(self, headers: Mapping[str, str]) -> None:
        fake = self.fake
        with fake._lock:
            body, etag, modified = fake.models_body, fake.etag, fake.last_modified
        extra = {"ETag": etag, "Last-Modified": modified} if fake.etag_enabled else {}
        if fake.etag_enabled and headers.get("if-none-match") == etag:
            self._send(304, b"", extra, content_type=None)
            return
        self._send(200, body, extra)

    def _one_model(self) -> None:
        model_id = urlsplit(self.path).path.rstrip("/").split("/", 3)[3]
        model = self.fake._catalog().by_id.get(model_id)
        if model is None:
            self._json(404, {"error": f"Model {model_id} not found"})
        else:
            self._json(200, model)

    def _whoami(self, headers: Mapping[str, str]) -> None:
        case = WHOAMI_CASES[self._case(headers) or "invalid_token_401"]
        extra = {k: v for k, v in case["headers"].items() if k.lower() != "content-length"}
        self._send(case["status"], json.dumps(case["body"]).encode("utf-8"), extra)

    def _chat(self, headers: Mapping[str, str], body: bytes) -> None:
        case = self._case(headers)
        if case is None or WHOAMI_CASES[case]["status"] != 200:
            self._error(401, "string", DEFAULT_MESSAGES[401])
            return
        if case in NO_INFERENCE_CASES:
            self._error(403, "string", DEFAULT_MESSAGES[403])
            return
        try:
            ref = str(json.loads(body)["model"])
        except (ValueError, KeyError, TypeError):
            self._error(400, "object", "Invalid request body", code="invalid_request")
            return
        model_id, _, policy = ref.partition(":")
        model = self.fake._catalog().by_id.get(model_id)
        if model is None:
            self._error(
                400, "object", f"The requested model '{ref}' does not exist.", "model_not_found"
            )
            return
        live = [p["provider"] for p in model.get("providers", []) if p.get("status") == "live"]
        if policy and policy not in ("fastest", "cheapest", "preferred"):
            live = [p for p in live if p == policy]
        if not live:
            message = (
                f"The requested model '{ref}' is not supported by any provider you have enabled."
            )
            self._error(400, "object", message, "model_not_supported")
            return
        answer = {
            "id": "chatcmpl-fakehf",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model_id,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "O"},
                    "finish_reason": "length",
                }
            ],
            "usage": {"prompt_tokens": 8, "completion_tokens": 1, "total_tokens": 9},
        }
        self._json(200, answer, {"x-inference-provider": live[0]})

    def _case(self, headers: Mapping[str, str]) -> str | None:
        scheme, _, token = headers.get("authorization", "").partition(" ")
        return CASE_BY_TOKEN.get(token.strip()) if scheme.lower() == "bearer" else None

    # -- failures -------------------------------------------------------------------------------

    def _fail(self, failure: Failure) -> bool:
        """Answer as the failure says; False when the normal answer should follow (slow)."""
        opts, kind = failure.opts, failure.kind
        if kind == "status":
            status = int(opts["status"])
            message = opts.get("message", DEFAULT_MESSAGES.get(status, "Error"))
            extra = {}
            if opts.get("retry_after") is not None:
                extra["Retry-After"] = str(opts["retry_after"])
            self._error(status, opts.get("shape", "string"), message, opts.get("code"), extra)
        elif kind == "html":
            self._error(int(opts.get("status", 502)), "html", "")
        elif kind == "malformed":
            self._send(200, MALFORMED_JSON, {})
        elif kind == "wrong_shape":
            self._json(200, opts.get("body", WRONG_SHAPE))
        elif kind == "slow":
            return self.fake._wait(float(opts.get("delay", 1.0)))
        elif kind == "trickle":
            self._trickle(float(opts.get("interval", 0.05)), float(opts.get("duration", 30.0)))
        elif kind == "drop":
            self._drop(bool(opts.get("partial", False)))
        elif kind == "huge":
            self._huge(int(opts.get("limit_mb", 64)), bool(opts.get("declare", False)))
        elif kind == "redirect":
            self._redirect(int(opts.get("status", 302)), str(opts.get("to", "other")))
        return True

    def _error(
        self,
        status: int,
        shape: str,
        message: str,
        code: str | None = None,
        extra: Mapping[str, str] | None = None,
    ) -> None:
        headers = dict(extra or {})
        if shape == "html":
            html = HTML_ERROR.format(status=status).encode("ascii")
            self._send(status, html, headers, content_type="text/html")
            return
        if shape in ("string", "header"):
            headers["X-Error-Message"] = message
        if shape == "string":
            body = json.dumps({"error": message}).encode("utf-8")
        elif shape == "object":
            error = {"message": message, "type": "invalid_request_error", "param": None}
            body = json.dumps({"error": error | {"code": code}}).encode("utf-8")
        else:
            body = b""
        self._send(status, body, headers)

    def _trickle(self, interval: float, duration: float) -> None:
        body = self.fake.models_body
        self._start(200, {"Content-Length": str(len(body))})
        deadline = time.monotonic() + duration
        for offset in range(len(body)):
            if time.monotonic() > deadline or self.fake._wait(interval):
                break
            self.wfile.write(body[offset : offset + 1])
            self.wfile.flush()
        self.close_connection = True

    def _drop(self, partial: bool) -> None:
        if partial:
            self._start(200, {"Content-Length": "100000"})
            self.wfile.write(self.fake.models_body[:50])
            self.wfile.flush()
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def _huge(self, limit_mb: int, declare: bool) -> None:
        limit = limit_mb * 1024 * 1024
        self._start(200, {"Content-Length": str(limit)} if declare else {})
        chunk = (json.dumps({"id": "x/y", "providers": []}) + ",").encode() * 2048
        self.wfile.write(b'{"object": "list", "data": [')
        sent = 0
        while sent < limit and not self.fake._closing.is_set():
            self.wfile.write(chunk)  # raises when the client has gone: the loop ends there
            sent += len(chunk)
        self.close_connection = True

    def _redirect(self, status: int, to: str) -> None:
        if to == "other":
            location = self.fake.other.url + self.path
        elif to == "same":
            location = self.path
        else:
            location = to
        self._send(status, b"", {"Location": location}, content_type=None)

    # -- low level ------------------------------------------------------------------------------

    def _json(self, status: int, data: Any, extra: Mapping[str, str] | None = None) -> None:
        self._send(status, json.dumps(data).encode("utf-8"), extra or {})

    def _start(self, status: int, headers: Mapping[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def _send(
        self,
        status: int,
        body: bytes,
        headers: Mapping[str, str],
        *,
        content_type: str | None = "application/json; charset=utf-8",
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)
