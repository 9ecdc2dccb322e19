"""Fault injection: the network and server failures a sync engine must survive.

``--faults 503=0.3,429=0.05,drop=0.05,drop_after_apply=0.05,slow=0.1:1.5,dup=0.1,reorder=0.1,seed=7``

* ``503`` / ``429``: answer with that status, an ``ErrorBody`` and ``Retry-After``
  (``retry_after=N`` seconds, default 1);
* ``drop``: close the connection without a response (the client sees a transport
  error, never a status);
* ``drop_after_apply``: mutations only: apply and commit, then close without a
  response (the retry must be answered ``duplicate``);
* ``slow=P:S``: answer S seconds late;
* ``dup``: serve a snapshot or change page from an earlier position than asked,
  so the client re-receives rows it already has;
* ``reorder``: shuffle the rows within a page.

Faults touch ``/v1/changes``, ``/v1/snapshot…`` and ``/v1/mutations`` only, never
health or login. Every request draws the same number of random values from one
seeded generator, so a sequential client's failing run replays from its seed.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from prakerja_console.sync.protocol import API_PREFIX, ErrorBody, ErrorCode, ErrorDetail

PAGE_FAULTS_KEY = "prakerja.page_faults"
DEFAULT_SLOW_SECONDS = 1.0
_KEYS = {
    "503": "unavailable",
    "429": "rate_limited",
    "drop": "drop",
    "drop_after_apply": "drop_after_apply",
    "slow": "slow",
    "dup": "dup",
    "reorder": "reorder",
}


class FaultSpecError(ValueError):
    """A ``--faults`` value that cannot be read; the message names the item."""


@dataclass(frozen=True, slots=True)
class FaultSpec:
    """Probabilities (0–1) of each fault per request, and how to draw them."""

    unavailable: float = 0.0
    rate_limited: float = 0.0
    drop: float = 0.0
    drop_after_apply: float = 0.0
    slow: float = 0.0
    slow_seconds: float = DEFAULT_SLOW_SECONDS
    dup: float = 0.0
    reorder: float = 0.0
    retry_after: int = 1
    seed: int = 0

    @property
    def active(self) -> bool:
        return any(getattr(self, name) > 0 for name in _KEYS.values())

    @classmethod
    def parse(cls, text: str) -> FaultSpec:
        values: dict[str, Any] = {}
        for item in filter(None, (part.strip() for part in text.split(","))):
            key, sep, raw = item.partition("=")
            key = key.strip()
            if not sep:
                raise FaultSpecError(f"{item!r}: expected key=value")
            try:
                if key in ("seed", "retry_after"):
                    values[key] = int(raw)
                elif key == "slow":
                    probability, _, seconds = raw.partition(":")
                    values["slow"] = float(probability)
                    values["slow_seconds"] = float(seconds) if seconds else DEFAULT_SLOW_SECONDS
                elif key in _KEYS:
                    values[_KEYS[key]] = float(raw)
                else:
                    known = ", ".join([*_KEYS, "seed", "retry_after"])
                    raise FaultSpecError(f"{key!r}: unknown fault (known: {known})")
            except ValueError as error:
                if isinstance(error, FaultSpecError):
                    raise
                raise FaultSpecError(f"{item!r}: {raw!r} is not a number") from error
        spec = cls(**values)
        for name in _KEYS.values():
            if not 0.0 <= getattr(spec, name) <= 1.0:
                raise FaultSpecError(f"{name}: a probability must lie between 0 and 1")
        if spec.slow_seconds < 0 or spec.retry_after < 0:
            raise FaultSpecError("slow seconds and retry_after cannot be negative")
        return spec


@dataclass(frozen=True, slots=True)
class PageFaults:
    """What the page endpoints must do to the page they serve for this request."""

    rewind: bool = False
    shuffle: random.Random | None = None


NO_PAGE_FAULTS = PageFaults()


def page_faults(scope: Scope) -> PageFaults:
    """The page faults drawn for this request (none when injection is off)."""
    found = scope.get(PAGE_FAULTS_KEY, NO_PAGE_FAULTS)
    assert isinstance(found, PageFaults)
    return found


@dataclass(frozen=True, slots=True)
class _Draw:
    unavailable: bool
    rate_limited: bool
    drop: bool
    drop_after_apply: bool
    slow: bool
    dup: bool
    reorder: bool
    shuffle_seed: int


def _route_kind(scope: Scope) -> str | None:
    path: str = scope.get("path", "")
    if path == f"{API_PREFIX}/mutations":
        return "mutations"
    if path == f"{API_PREFIX}/changes" or path.startswith(f"{API_PREFIX}/snapshot/"):
        return "page"
    if path == f"{API_PREFIX}/snapshot":
        return "snapshot_start"
    return None


async def _drop_connection(receive: Receive, send: Send) -> None:
    """Close the client's connection without a byte of response.

    ASGI has no message for this, so the server's transport is reached through
    the ``send`` callable uvicorn hands in (its request cycle's bound method).
    Waiting for ``http.disconnect`` afterwards tells uvicorn the client is gone,
    so it does not try to answer 500 on a closed socket.
    """
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if transport is None:
        raise RuntimeError("dropping connections needs uvicorn's HTTP server")
    transport.abort()
    while (await receive())["type"] != "http.disconnect":
        pass


async def _discard(_message: Message) -> None:
    """A ``send`` that loses the response, as a dropped connection would."""


class FaultInjector:
    """ASGI middleware wrapping the whole app (outside Starlette's own middleware)."""

    def __init__(self, app: ASGIApp, spec: FaultSpec) -> None:
        self.app = app
        self.spec = spec
        # One generator for the app's life: ASGI calls run on one event loop thread.
        self._rng = random.Random(spec.seed)

    def _draw(self) -> _Draw:
        rng, spec = self._rng, self.spec
        return _Draw(
            unavailable=rng.random() < spec.unavailable,
            rate_limited=rng.random() < spec.rate_limited,
            drop=rng.random() < spec.drop,
            drop_after_apply=rng.random() < spec.drop_after_apply,
            slow=rng.random() < spec.slow,
            dup=rng.random() < spec.dup,
            reorder=rng.random() < spec.reorder,
            shuffle_seed=rng.getrandbits(64),
        )

    async def _refuse(self, send: Send, status: int, code: ErrorCode, message: str) -> None:
        body = orjson.dumps(
            ErrorBody(error=ErrorDetail(code=code, message=message)).model_dump(mode="json")
        )
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"retry-after", str(self.spec.retry_after).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = _route_kind(scope) if scope["type"] == "http" else None
        if kind is None or not self.spec.active:
            await self.app(scope, receive, send)
            return
        draw = self._draw()
        if draw.slow:
            await asyncio.sleep(self.spec.slow_seconds)
        if draw.unavailable:
            await self._refuse(send, 503, ErrorCode.UNAVAILABLE, "injected fault: unavailable")
        elif draw.rate_limited:
            await self._refuse(send, 429, ErrorCode.RATE_LIMITED, "injected fault: rate limited")
        elif draw.drop:
            await _drop_connection(receive, send)
        elif draw.drop_after_apply and kind == "mutations":
            await self.app(scope, receive, _discard)
            await _drop_connection(receive, send)
        else:
            if kind == "page":
                shuffle = random.Random(draw.shuffle_seed) if draw.reorder else None
                scope[PAGE_FAULTS_KEY] = PageFaults(rewind=draw.dup, shuffle=shuffle)
            await self.app(scope, receive, send)
