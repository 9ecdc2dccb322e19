"""The session in use: an access token for each call, refreshed when needed, saved back.

A token known to expire within :data:`EXPIRY_MARGIN` seconds (by the injected
wall clock) is refreshed before it is sent; one the central refuses anyway (401:
clocks disagree, the central restarted) is refreshed once by the client. Each
refresh spends the refresh token, so the new pair is saved to the store before
it is used. An answer lost on the way (a dropped connection, a crash before the
save) leaves the spent token in the store; the central accepts it once more within
its grace window (``docs/protocol.md``), so retrying soon keeps the session.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from prakerja_console.domain.text import N_, Message
from prakerja_console.sync.backoff import Clock
from prakerja_console.sync.credentials import SavedSession, SessionStore
from prakerja_console.sync.errors import UnauthorizedError
from prakerja_console.sync.protocol import Session

EXPIRY_MARGIN = 30.0


class TokenKeeper:
    """A :class:`~prakerja_console.sync.client.TokenSource` over a :class:`SessionStore`."""

    def __init__(
        self,
        store: SessionStore,
        refresh: Callable[[str], Session],
        clock: Clock,
        *,
        margin: float = EXPIRY_MARGIN,
    ) -> None:
        self._store = store
        self._refresh = refresh
        self._clock = clock
        self._margin = margin
        self._lock = threading.Lock()
        self._saved: SavedSession | None = None
        self._refused: str | None = None  # a refresh token the central refused

    def session(self) -> SavedSession:
        """Who is logged in, with a usable access token (refreshed first if needed)."""
        self.access_token()
        with self._lock:
            assert self._saved is not None
            return self._saved

    def access_token(self) -> str:
        with self._lock:
            saved = self._current()
            if (
                saved.access_token is None
                or not saved.username
                or (
                    saved.expires_at is not None
                    and self._clock() >= saved.expires_at - self._margin
                )
            ):
                return self._renewed(saved)
            return saved.access_token

    def renew(self, rejected: str) -> str:
        with self._lock:
            saved = self._current()
            if saved.access_token is not None and saved.access_token != rejected:
                return saved.access_token  # another call refreshed it meanwhile
            return self._renewed(saved)

    def _current(self) -> SavedSession:
        if self._saved is None or self._refused is not None:
            # After a refused refresh, only a new login (saved by another process) helps.
            self._saved = self._store.load()
        if self._saved is None:
            raise UnauthorizedError(Message(N_("Not logged in: run prakerja-console login.")))
        if self._saved.refresh_token == self._refused:
            raise UnauthorizedError(
                Message(N_("Your session has ended: log in again with prakerja-console login."))
            )
        self._refused = None
        return self._saved

    def _renewed(self, saved: SavedSession) -> str:
        try:
            session = self._refresh(saved.refresh_token)
        except UnauthorizedError:
            self._refused = saved.refresh_token
            raise
        fresh = SavedSession.from_session(session, self._clock())
        self._store.save(fresh)
        self._saved = fresh
        assert fresh.access_token is not None
        return fresh.access_token
