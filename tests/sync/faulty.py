"""A transport that fails on purpose, from a seeded random source (replayable).

It wraps the real HTTP transport and, on the endpoints the reference central's
own fault injection touches (pages and mutations, never login or checksum),
answers 503 with Retry-After, drops the connection before the request reaches
the central, or drops it *after* the central answered (so a batch is applied but
its answer lost).
"""

from __future__ import annotations

import random

import httpx

FAULTED = ("/v1/changes", "/v1/snapshot", "/v1/mutations")
_BUSY = b'{"error": {"code": "unavailable", "message": "injected", "detail": {}}}'


class FaultyTransport(httpx.BaseTransport):
    def __init__(
        self,
        rng: random.Random,
        *,
        unavailable: float = 0.15,
        drop_before: float = 0.1,
        drop_after: float = 0.1,
    ) -> None:
        self._inner = httpx.HTTPTransport()
        self._rng = rng
        self.rates = (unavailable, drop_before, drop_after)
        self.enabled = True
        self.injected = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not self.enabled or not request.url.path.startswith(FAULTED):
            return self._inner.handle_request(request)
        unavailable, drop_before, drop_after = self.rates
        draw, after = self._rng.random(), self._rng.random()
        if draw < unavailable:
            self.injected += 1
            return httpx.Response(503, headers={"retry-after": "1"}, content=_BUSY)
        if draw < unavailable + drop_before:
            self.injected += 1
            raise httpx.ConnectError("injected: connection refused", request=request)
        response = self._inner.handle_request(request)
        response.read()
        if after < drop_after:
            self.injected += 1
            raise httpx.ReadError("injected: connection dropped after the answer", request=request)
        return response

    def close(self) -> None:
        self._inner.close()
