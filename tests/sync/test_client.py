"""The typed client against a real central: every endpoint, and only our errors come out."""

from __future__ import annotations

import socket

import pytest

from prakerja_console.central.runner import CentralServer
from prakerja_console.sync.client import CentralClient
from prakerja_console.sync.errors import (
    ForbiddenError,
    NotFoundError,
    OfflineError,
    UnauthorizedError,
)
from prakerja_console.sync.protocol import PROTOCOL_VERSION, MutationBatch, Table
from tests.support.central import DEFAULT_DEVICE, demo_passwords
from tests.sync.support import applicant_in


class Fixed:
    """A token source holding one session's access token."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.renewed = 0

    def access_token(self) -> str:
        return self.token

    def renew(self, rejected: str) -> str:
        self.renewed += 1
        return self.token


def client_for(central: CentralServer, user: str) -> CentralClient:
    plain = CentralClient(central.url)
    session = plain.log_in(user, demo_passwords()[user], DEFAULT_DEVICE)
    plain.close()
    return CentralClient(central.url, tokens=Fixed(session.access_token))


def test_every_endpoint_answers_a_typed_model(central: CentralServer) -> None:
    plain = CentralClient(central.url)
    health = plain.health()
    assert health.protocol_version == PROTOCOL_VERSION
    session = plain.log_in("siti.agent", demo_passwords()["siti.agent"], DEFAULT_DEVICE)
    rotated = plain.refresh(session.refresh_token)
    assert rotated.refresh_token != session.refresh_token
    plain.close()

    client = CentralClient(central.url, tokens=Fixed(rotated.access_token))
    start = client.snapshot_start()
    page = client.snapshot_page(Table.WAVES, None, 100)
    assert page.table == "waves"
    assert page.data.rows
    changes = client.changes(start.cursor, 10)
    assert changes.since == start.cursor
    answer = client.push(MutationBatch(device_id=DEFAULT_DEVICE, mutations=[]))
    assert answer.results == []
    assert set(client.checksum().tables) >= {"applicants", "waves"}
    assert client.applicant(1).id == 1
    client.close()


def test_refusals_are_typed(central: CentralServer) -> None:
    officer = client_for(central, "dewi.jabar")
    elsewhere, _ = applicant_in(central, "35")
    with pytest.raises(ForbiddenError, match="outside your scope"):
        officer.applicant(elsewhere)
    with pytest.raises(NotFoundError):
        officer.applicant(10**9)
    officer.close()

    stale = CentralClient(central.url, tokens=Fixed("not-a-token"))
    with pytest.raises(UnauthorizedError, match="log in again"):
        stale.checksum()
    assert stale.tokens.renewed == 1  # type: ignore[union-attr]
    stale.close()


def test_nobody_listening_is_offline() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = CentralClient(f"http://127.0.0.1:{port}")
    with pytest.raises(OfflineError, match="Cannot reach the central"):
        client.health()
    client.close()


def test_a_password_the_central_would_refuse_unread_is_a_plain_refusal(
    central: CentralServer,
) -> None:
    client = CentralClient(central.url)
    with pytest.raises(UnauthorizedError, match="too long, or empty"):
        client.log_in("siti.agent", "x" * 500, DEFAULT_DEVICE)
    client.close()
