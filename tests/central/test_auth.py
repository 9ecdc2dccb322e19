"""Login, refresh rotation, expiry and refusals, over real HTTP."""

from __future__ import annotations

import httpx
import pytest

from prakerja_console.central.runner import CentralServer
from prakerja_console.sync.protocol import ErrorBody, ErrorCode, Session
from tests.support.central import DEFAULT_DEVICE, ManualClock, bearer, login


def _error(response: httpx.Response) -> ErrorBody:
    return ErrorBody.model_validate_json(response.content)


def test_login_returns_role_and_scope_from_the_central(tiny: CentralServer) -> None:
    officer = login(tiny.url, "dewi.jabar")
    agent = login(tiny.url, "siti.agent")
    assert (officer.role, officer.scope, officer.display_name) == ("officer", "32", "Dewi Kartika")
    assert (agent.role, agent.scope) == ("agent", None)
    assert officer.expires_in == 900
    assert officer.access_token != officer.refresh_token


@pytest.mark.parametrize(
    ("username", "password"), [("siti.agent", "not-her-password"), ("nobody.here", "whatever1")]
)
def test_wrong_password_or_unknown_user_is_401(
    http: httpx.Client, username: str, password: str
) -> None:
    response = http.post(
        "/auth/token",
        json={"username": username, "password": password, "device_id": DEFAULT_DEVICE},
    )
    assert response.status_code == 401
    assert _error(response).error.code is ErrorCode.UNAUTHORIZED
    assert _error(response).error.message == "wrong username or password"


def test_the_client_cannot_ask_for_a_wider_scope(http: httpx.Client) -> None:
    response = http.post(
        "/auth/token",
        json={
            "username": "dewi.jabar",
            "password": "dewi-demo-2020",
            "device_id": DEFAULT_DEVICE,
            "scope": None,
            "role": "supervisor",
        },
    )
    assert response.status_code == 422
    assert _error(response).error.code is ErrorCode.VALIDATION


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic eDp5"}]
)
def test_requests_without_a_valid_token_are_401(
    http: httpx.Client, headers: dict[str, str]
) -> None:
    response = http.post("/snapshot", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert _error(response).error.code is ErrorCode.UNAUTHORIZED


def test_an_expired_access_token_is_401_until_refreshed(
    tiny: CentralServer, http: httpx.Client, clock: ManualClock
) -> None:
    session = login(tiny.url, "siti.agent")
    assert http.get("/checksum", headers=bearer(session)).status_code == 200
    clock.advance(session.expires_in)
    expired = http.get("/checksum", headers=bearer(session))
    assert expired.status_code == 401
    assert "expired" in _error(expired).error.message
    renewed = Session.model_validate_json(
        http.post("/auth/refresh", json={"refresh_token": session.refresh_token}).content
    )
    assert http.get("/checksum", headers=bearer(renewed)).status_code == 200


def test_refresh_rotates_and_a_reused_refresh_token_revokes_the_login(
    tiny: CentralServer, http: httpx.Client, clock: ManualClock
) -> None:
    first = login(tiny.url, "budi.supervisor")
    response = http.post("/auth/refresh", json={"refresh_token": first.refresh_token})
    second = Session.model_validate_json(response.content)
    assert second.refresh_token != first.refresh_token
    assert second.access_token != first.access_token
    assert (second.username, second.role, second.scope) == ("budi.supervisor", "supervisor", None)

    clock.advance(tiny.config.refresh_grace + 1)  # a retry within the window is no replay
    replay = http.post("/auth/refresh", json={"refresh_token": first.refresh_token})
    assert replay.status_code == 401
    assert "already used" in _error(replay).error.message
    # Replaying a spent token revoked the whole family, the rotated tokens included.
    assert http.get("/checksum", headers=bearer(second)).status_code == 401
    again = http.post("/auth/refresh", json={"refresh_token": second.refresh_token})
    assert again.status_code == 401


def test_an_expired_refresh_token_is_refused(
    tiny: CentralServer, http: httpx.Client, clock: ManualClock
) -> None:
    session = login(tiny.url, "siti.agent")
    clock.advance(tiny.config.refresh_ttl + 1)
    response = http.post("/auth/refresh", json={"refresh_token": session.refresh_token})
    assert response.status_code == 401
    assert "log in again" in _error(response).error.message
