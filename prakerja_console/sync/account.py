"""Log in and out: the session goes to the keyring, who and where to the mirror.

A mirror belongs to one central for good: the device's action numbers mean
something to that central only (it remembers the last one for good), so the
mirror records its server at the first login and refuses another. Queued actions
are sent under the name of whoever is logged in, so a login as someone else
waits until the previous user's queue is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx
from keyring.backend import KeyringBackend

from prakerja_console.domain.text import N_, Message
from prakerja_console.store.connection import Purpose, connect, transaction
from prakerja_console.store.migrations import prepare
from prakerja_console.store.outbox import pending_actors, queued_count
from prakerja_console.store.state import device_state, set_session, update_state
from prakerja_console.sync.backoff import Clock
from prakerja_console.sync.client import CentralClient
from prakerja_console.sync.credentials import KeyringSessions, SavedSession
from prakerja_console.sync.errors import AccountError


@dataclass(frozen=True, slots=True)
class LoginResult:
    server: str
    username: str
    display_name: str
    role: str
    scope: str | None
    device_id: str
    reload: bool  # the mirror holds another scope's rows: the next sync loads it again


@dataclass(frozen=True, slots=True)
class LogoutResult:
    removed: bool  # a saved session was removed
    queued: int  # actions still waiting to be sent (kept for the next login)


def bound_server(recorded: str | None, asked: str | None) -> str:
    """The central this mirror syncs with; refuses another than the one it records."""
    if recorded is not None and asked is not None and recorded != asked:
        raise AccountError(
            Message(
                N_(
                    "This mirror belongs to the central at {recorded}, not {asked}: its queued"
                    " actions are numbered for that central. Use another mirror file (--mirror)"
                    " for {asked}."
                ),
                {"recorded": recorded, "asked": asked},
            )
        )
    server = recorded or asked
    if server is None:
        raise AccountError(
            Message(
                N_(
                    "No central is set: pass --server URL, or set PRAKERJA_SERVER or the config file."
                )
            )
        )
    return server


def log_in(
    mirror: Path,
    server: str | None,
    username: str,
    password: str,
    *,
    backend: KeyringBackend,
    clock: Clock,
    transport: httpx.BaseTransport | None = None,
) -> LoginResult:
    """Log in at the central, keep the session in ``backend``, record it in the mirror.

    Creates the mirror when it does not exist yet. Raises the errors of
    :mod:`prakerja_console.sync.errors` (a wrong password is an UnauthorizedError).
    """
    mirror.parent.mkdir(parents=True, exist_ok=True)
    prepare(mirror)
    conn = connect(mirror, Purpose.OUTBOX)
    try:
        state = device_state(conn)
        central = bound_server(state.server, server)
        others = {actor: n for actor, n in pending_actors(conn).items() if actor != username}
        if others:
            raise AccountError(
                Message(
                    N_(
                        "{count} actions queued on this console by {actors} have not been sent"
                        " yet. They must log in here and sync before someone else logs in."
                    ),
                    {"count": sum(others.values()), "actors": ", ".join(sorted(others))},
                )
            )
        client = CentralClient(central, transport=transport)
        try:
            session = client.log_in(username, password, state.device_id)
        finally:
            client.close()
        KeyringSessions(backend, central, state.device_id).save(
            SavedSession.from_session(session, clock())
        )
        with transaction(conn):
            update_state(conn, server=central)
        reload = set_session(
            conn, username=session.username, role=session.role, scope=session.scope
        )
    finally:
        conn.close()
    return LoginResult(
        server=central,
        username=session.username,
        display_name=session.display_name,
        role=session.role,
        scope=session.scope,
        device_id=state.device_id,
        reload=reload,
    )


def log_out(mirror: Path, *, backend: KeyringBackend) -> LogoutResult:
    """Forget the saved session; the outbox stays for the next login."""
    if not mirror.exists():
        return LogoutResult(removed=False, queued=0)
    prepare(mirror)
    conn = connect(mirror, Purpose.READ)
    try:
        state = device_state(conn)
        queued = queued_count(conn)
    finally:
        conn.close()
    if state.server is None:
        return LogoutResult(removed=False, queued=queued)
    removed = KeyringSessions(backend, state.server, state.device_id).delete()
    return LogoutResult(removed=removed, queued=queued)
