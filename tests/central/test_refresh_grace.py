"""The refresh grace window, over real HTTP: a lost answer is retried, a copied token still
revokes the login.

A spent refresh token presented again within ``refresh_grace`` seconds of its
rotation, while the pair it was exchanged for is unused, gets a fresh pair (the
unused pair is revoked). Later, or once that pair was used, it revokes every
token of the login as before.
"""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from prakerja_console.central.config import DEFAULT_REFRESH_GRACE, CentralConfig, sqlite_url
from prakerja_console.central.runner import CentralServer
from prakerja_console.sync.client import CentralClient
from prakerja_console.sync.credentials import SavedSession
from prakerja_console.sync.errors import OfflineError
from prakerja_console.sync.protocol import ErrorBody, Session
from prakerja_console.sync.tokens import TokenKeeper
from tests.support.central import ManualClock, bearer, login, small_scenario

GRACE = DEFAULT_REFRESH_GRACE


def refresh(http: httpx.Client, token: str) -> httpx.Response:
    return http.post("/auth/refresh", json={"refresh_token": token})


def session_of(response: httpx.Response) -> Session:
    assert response.status_code == 200, response.text
    return Session.model_validate_json(response.content)


def works(http: httpx.Client, session: Session) -> bool:
    return http.get("/checksum", headers=bearer(session)).status_code == 200


def refused_as_reuse(response: httpx.Response) -> bool:
    return (
        response.status_code == 401
        and "already used" in ErrorBody.model_validate_json(response.content).error.message
    )


def test_a_retry_within_the_window_gets_a_fresh_pair_and_the_lost_pair_is_revoked(
    tiny: CentralServer, http: httpx.Client, clock: ManualClock
) -> None:
    first = login(tiny.url, "siti.agent")
    lost = session_of(refresh(http, first.refresh_token))  # its answer never arrived
    clock.advance(GRACE)
    retried = session_of(refresh(http, first.refresh_token))
    assert retried.refresh_token not in (first.refresh_token, lost.refresh_token)
    assert (retried.username, retried.role) == ("siti.agent", "agent")
    assert works(http, retried)
    assert not works(http, lost)  # the unused pair was revoked, access token included
    assert refresh(http, lost.refresh_token).status_code == 401
    # Refusing the revoked pair did not end the login: the retried pair goes on rotating.
    assert works(http, session_of(refresh(http, retried.refresh_token)))


def test_a_reuse_after_the_window_revokes_the_whole_login(
    tiny: CentralServer, http: httpx.Client, clock: ManualClock
) -> None:
    first = login(tiny.url, "siti.agent")
    second = session_of(refresh(http, first.refresh_token))
    clock.advance(GRACE + 1)
    assert refused_as_reuse(refresh(http, first.refresh_token))
    assert not works(http, second)
    assert refresh(http, second.refresh_token).status_code == 401


def test_a_reuse_after_the_successor_was_used_revokes_the_whole_login(
    tiny: CentralServer, http: httpx.Client, clock: ManualClock
) -> None:
    first = login(tiny.url, "budi.supervisor")
    second = session_of(refresh(http, first.refresh_token))
    third = session_of(refresh(http, second.refresh_token))  # the real holder moved on
    clock.advance(1)
    assert refused_as_reuse(refresh(http, first.refresh_token))  # so this is a copy
    assert not works(http, third)
    assert refresh(http, third.refresh_token).status_code == 401


def test_retries_do_not_stretch_the_window(
    tiny: CentralServer, http: httpx.Client, clock: ManualClock
) -> None:
    first = login(tiny.url, "siti.agent")
    session_of(refresh(http, first.refresh_token))
    clock.advance(GRACE - 10)
    again = session_of(refresh(http, first.refresh_token))
    clock.advance(20)  # within GRACE of the retry, but not of the first rotation
    assert refused_as_reuse(refresh(http, first.refresh_token))
    assert not works(http, again)


def test_without_a_window_any_reuse_revokes(tmp_path: Path) -> None:
    config = CentralConfig(database_url=sqlite_url(tmp_path / "c.sqlite"), refresh_grace=0)
    with CentralServer(config, small_scenario()) as central:
        first = login(central.url, "siti.agent")
        with httpx.Client(base_url=f"{central.url}/v1", timeout=30) as http:
            second = session_of(refresh(http, first.refresh_token))
            assert refused_as_reuse(refresh(http, first.refresh_token))
            assert not works(http, second)


@pytest.mark.parametrize("grace", [-1, 30 * 86_400])
def test_the_window_must_be_shorter_than_a_refresh_token_lives(grace: int) -> None:
    with pytest.raises(ValueError, match="grace"):
        CentralConfig(database_url="sqlite://", refresh_grace=grace)


class AnswerLost(httpx.HTTPTransport):
    """The real transport; the first refresh reaches the central but its answer is lost."""

    def __init__(self) -> None:
        super().__init__()
        self.lost = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if request.url.path.endswith("/auth/refresh") and not self.lost:
            response.read()
            self.lost += 1
            raise httpx.ReadError("injected: connection dropped after the answer", request=request)
        return response


class Sessions:
    """A session store in memory (the keyring's role)."""

    def __init__(self, saved: SavedSession) -> None:
        self.saved: SavedSession | None = saved

    def load(self) -> SavedSession | None:
        return self.saved

    def save(self, saved: SavedSession) -> None:
        self.saved = saved

    def delete(self) -> bool:
        self.saved = None
        return True


def test_a_console_whose_refresh_answer_was_lost_stays_logged_in(tiny: CentralServer) -> None:
    """The console's own token keeper, against the central: the lost answer is retried."""
    session = login(tiny.url, "dewi.jabar")
    now = time.time()
    expired = SavedSession.from_session(session, now - session.expires_in)  # refresh needed
    store = Sessions(expired)
    transport = AnswerLost()
    client = CentralClient(tiny.url, transport=transport)
    try:
        keeper = TokenKeeper(store, client.refresh, time.time)
        with pytest.raises(OfflineError):
            keeper.access_token()
        assert store.saved is expired  # nothing arrived, so nothing was saved
        token = keeper.access_token()  # the same spent refresh token, presented again
    finally:
        client.close()
    assert transport.lost == 1
    assert store.saved is not None
    assert store.saved.refresh_token != session.refresh_token
    assert store.saved.access_token == token
    with httpx.Client(base_url=f"{tiny.url}/v1", timeout=30) as http:
        assert (
            http.get("/checksum", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        )
