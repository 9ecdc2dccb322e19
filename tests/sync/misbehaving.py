"""A tiny HTTP server on 127.0.0.1 in front of a real central, spoiling chosen answers.

Everything is forwarded to the central; an answer whose request matches a
spoiler (method and path prefix) is replaced on the way back: malformed or
truncated JSON, wrong types, unknown fields, an HTML error page, a connection
cut in the middle of the body. The engine under test only ever sees real HTTP.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import orjson

Spoil = Callable[[int, bytes], "Answer"]


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    content_type: str = "application/json"
    cut: bool = False  # send the headers and half the body, then close the connection


def _json(change: Callable[[Any], None]) -> Spoil:
    def spoil(status: int, body: bytes) -> Answer:
        data = orjson.loads(body)
        change(data)
        return Answer(status, orjson.dumps(data))

    return spoil


def _set(path: tuple[Any, ...], value: Any) -> Callable[[Any], None]:
    def change(data: Any) -> None:
        for key in path[:-1]:
            data = data[key]
        data[path[-1]] = value

    return change


SPOILERS: dict[str, Spoil] = {
    "malformed json": lambda status, body: Answer(status, b'{"since": "x", "next_cursor": '),
    "truncated json": lambda status, body: Answer(status, body[: len(body) // 2]),
    "cut connection": lambda status, body: Answer(status, body, cut=True),
    "html error page": lambda status, body: Answer(
        500, b"<html><body><h1>500 Internal Server Error</h1></body></html>", "text/html"
    ),
    "plain 502": lambda status, body: Answer(502, b"Bad Gateway", "text/plain"),
    "html with 200": lambda status, body: Answer(200, b"<html>maintenance</html>", "text/html"),
    "unknown field": _json(_set(("surprise",), 1)),
    "wrong type": _json(_set(("has_more",), "yes")),
}


class MisbehavingProxy:
    """Forwards to ``target``; ``spoil(method, path_prefix, name)`` spoils matching answers."""

    def __init__(self, target: str) -> None:
        self.target = target
        self._rules: list[tuple[str, str, Spoil]] = []
        self._lock = threading.Lock()
        self._http = httpx.Client(base_url=target, timeout=60)
        self.spoiled = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                proxy._handle(self)

            def do_POST(self) -> None:
                proxy._handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the test output is for assertions."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> MisbehavingProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._http.close()

    def spoil(self, method: str, prefix: str, spoiler: str | Spoil) -> None:
        with self._lock:
            self._rules.append(
                (method, prefix, SPOILERS[spoiler] if isinstance(spoiler, str) else spoiler)
            )

    def heal(self) -> None:
        with self._lock:
            self._rules.clear()

    def _rule(self, method: str, path: str) -> Spoil | None:
        with self._lock:
            for wanted, prefix, spoil in self._rules:
                if wanted == method and path.startswith(prefix):
                    return spoil
        return None

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("content-length") or 0)
        body = handler.rfile.read(length) if length else None
        headers = {
            name: value
            for name, value in handler.headers.items()
            if name.lower() in ("authorization", "content-type")
        }
        response = self._http.request(handler.command, handler.path, content=body, headers=headers)
        answer = Answer(
            response.status_code,
            response.content,
            response.headers.get("content-type", "application/json"),
        )
        spoil = self._rule(handler.command, handler.path)
        if spoil is not None:
            with self._lock:
                self.spoiled += 1
            answer = spoil(answer.status, answer.body)
        handler.send_response(answer.status)
        handler.send_header("content-type", answer.content_type)
        handler.send_header("content-length", str(len(answer.body)))
        if "retry-after" in response.headers:
            handler.send_header("retry-after", response.headers["retry-after"])
        handler.end_headers()
        handler.wfile.write(answer.body[: len(answer.body) // 2] if answer.cut else answer.body)
        if answer.cut:
            handler.close_connection = True
