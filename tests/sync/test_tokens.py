"""Sessions: refresh when the access token expires mid-sync, write back, stop when refused."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from prakerja_console.sync.credentials import SavedSession
from prakerja_console.sync.errors import UnauthorizedError
from prakerja_console.sync.protocol import Session
from prakerja_console.sync.report import SyncStatus
from prakerja_console.sync.tokens import TokenKeeper
from tests.support.central import ManualClock, StartCentral
from tests.sync.keyrings import MemoryKeyring
from tests.sync.support import converged, engine_for, note, outbox_rows


class Counting(httpx.HTTPTransport):
    """The real transport, counting answers by (path, status)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, int]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        self.seen.append((request.url.path, response.status_code))
        return response


def _saved(keyring: MemoryKeyring) -> SavedSession:
    (text,) = keyring.entries.values()
    return SavedSession.from_json(text)


def test_an_access_token_expiring_mid_sync_is_refreshed_and_saved(
    start_central: StartCentral, tmp_path: Path
) -> None:
    clock = ManualClock(time.time())
    central = start_central(clock=clock, access_ttl=60)
    keyring = MemoryKeyring()
    transport = Counting()
    mirror = tmp_path / "m.db"
    engine = engine_for(central.url, mirror, keyring, transport=transport)
    at_login = _saved(keyring)
    note(mirror, 1, "dikirim setelah token diperbarui")

    expired: list[float] = []

    def expire_once(status: SyncStatus) -> None:
        if status.progress is not None and status.progress.table == "applicants" and not expired:
            clock.advance(120)  # the central's clock passes the token's 60 s
            expired.append(clock())

    report = engine.sync_once(on_status=expire_once)
    assert report.ok, report.problem
    assert expired
    assert ("/v1/auth/refresh", 200) in transport.seen
    assert any(status == 401 for _, status in transport.seen)
    refreshed = _saved(keyring)
    assert refreshed.refresh_token != at_login.refresh_token
    assert refreshed.username == "siti.agent"
    assert [row[2] for row in outbox_rows(mirror)] == ["applied"]
    assert converged(engine)
    engine.close()


def test_a_refused_refresh_asks_for_a_new_login_once_then_picks_it_up(
    start_central: StartCentral, tmp_path: Path
) -> None:
    central = start_central()
    keyring = MemoryKeyring()
    transport = Counting()
    mirror = tmp_path / "m.db"
    engine = engine_for(central.url, mirror, keyring, transport=transport)
    assert engine.sync_once().ok
    with central.db.write() as tx:  # an administrator revokes every session
        tx.execute("DELETE FROM tokens")

    first = engine.sync_once()
    assert first.problem is not None
    assert "log in again" in first.problem.render()
    assert first.online is True
    refreshes = transport.seen.count(("/v1/auth/refresh", 401))
    assert refreshes == 1
    second = engine.sync_once()
    assert second.problem == first.problem
    assert transport.seen.count(("/v1/auth/refresh", 401)) == refreshes  # no second try

    engine_for(central.url, mirror, keyring).close()  # the person logs in again
    assert engine.sync_once().ok
    engine.close()


class FakeRefresh:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, refresh_token: str) -> Session:
        self.calls.append(refresh_token)
        number = len(self.calls)
        return Session(
            access_token=f"access-{number}",
            refresh_token=f"refresh-token-{number:08d}",
            expires_in=100,
            username="siti.agent",
            display_name="Siti",
            role="agent",
            scope=None,
        )


class Store:
    def __init__(self, saved: SavedSession | None) -> None:
        self.saved = saved
        self.saves = 0

    def load(self) -> SavedSession | None:
        return self.saved

    def save(self, saved: SavedSession) -> None:
        self.saved = saved
        self.saves += 1

    def delete(self) -> bool:
        return False


def test_a_token_close_to_expiry_is_refreshed_before_it_is_sent() -> None:
    now = [1000.0]
    store = Store(SavedSession("siti.agent", "agent", None, "refresh-token-00000000", "a0", 1100.0))
    refresh = FakeRefresh()
    keeper = TokenKeeper(store, refresh, lambda: now[0], margin=30)
    assert keeper.access_token() == "a0"
    now[0] = 1071.0  # within the margin
    assert keeper.access_token() == "access-1"
    assert store.saved is not None
    assert store.saved.expires_at == 1171.0
    assert store.saves == 1
    assert refresh.calls == ["refresh-token-00000000"]


def test_renew_refreshes_once_for_concurrent_401s() -> None:
    store = Store(SavedSession("siti.agent", "agent", None, "refresh-token-00000000", "a0", None))
    refresh = FakeRefresh()
    keeper = TokenKeeper(store, refresh, lambda: 0.0)
    assert keeper.renew("a0") == "access-1"
    assert keeper.renew("a0") == "access-1"  # another call's 401 on the old token
    assert refresh.calls == ["refresh-token-00000000"]


def test_an_environment_token_is_refreshed_first_to_learn_who_it_is() -> None:
    store = Store(SavedSession("", "", None, "refresh-token-00000000"))
    keeper = TokenKeeper(store, FakeRefresh(), lambda: 0.0)
    assert keeper.session().username == "siti.agent"


def test_nobody_logged_in_is_unauthorized() -> None:
    with pytest.raises(UnauthorizedError, match="Not logged in"):
        TokenKeeper(Store(None), FakeRefresh(), lambda: 0.0).access_token()


def test_saved_sessions_never_show_their_tokens() -> None:
    saved = SavedSession(
        "siti.agent", "agent", None, "refresh-secret-123", "access-secret-456", 1.0
    )
    assert "secret" not in repr(saved)
    assert SavedSession.from_json(saved.to_json()) == saved
