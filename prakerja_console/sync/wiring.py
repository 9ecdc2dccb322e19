"""Putting an engine together for a mirror: production defaults, every one replaceable.

The CLI calls :func:`open_engine` **before** any screen starts: it checks the
keyring (and unlocks one that needs a master password) at the terminal, so the
TUI never meets a keyring prompt. Tests pass a fake clock, sleep, random source
and transport instead of the defaults.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Mapping
from pathlib import Path

import httpx
from keyring.backend import KeyringBackend

from prakerja_console.domain.text import N_, Message
from prakerja_console.store.connection import Purpose, connect, transaction
from prakerja_console.store.migrations import prepare
from prakerja_console.store.state import device_state, update_state
from prakerja_console.sync.account import bound_server
from prakerja_console.sync.backoff import Clock, Sleep
from prakerja_console.sync.client import CentralClient
from prakerja_console.sync.credentials import (
    EnvironmentSessions,
    KeyringSessions,
    SessionStore,
    environment_token,
    prepare_keyring,
)
from prakerja_console.sync.engine import SyncEngine
from prakerja_console.sync.errors import AccountError, SyncError
from prakerja_console.sync.rounds import EngineSettings
from prakerja_console.sync.tokens import TokenKeeper


def session_store(
    server: str,
    device_id: str,
    *,
    environ: Mapping[str, str] = os.environ,
    backend: KeyringBackend | None = None,
    interactive: bool | None = None,
) -> SessionStore:
    """``PRAKERJA_TOKEN`` when set, else the keyring (checked and unlocked now)."""
    token = environment_token(environ)
    if token is not None:
        return EnvironmentSessions(token)
    checked = prepare_keyring(backend, interactive=interactive, environ=environ)
    return KeyringSessions(checked, server, device_id)


def open_engine(
    mirror: Path,
    *,
    server: str | None = None,
    settings: EngineSettings | None = None,
    environ: Mapping[str, str] = os.environ,
    backend: KeyringBackend | None = None,
    interactive: bool | None = None,
    transport: httpx.BaseTransport | None = None,
    clock: Clock = time.time,
    monotonic: Clock = time.monotonic,
    sleep: Sleep = threading.Event.wait,
    rng: random.Random | None = None,
) -> SyncEngine:
    """An engine for the mirror at ``mirror`` and the central it belongs to.

    ``server``, when given (flag, environment, config), must be the mirror's own.
    With ``PRAKERJA_TOKEN`` set, a mirror that does not exist yet is created for
    ``server`` (headless first sync). Raises AccountError (no mirror, not logged
    in, another central) or CredentialsError (keyring).
    """
    automated = environment_token(environ) is not None
    if not mirror.exists():
        if not (automated and server is not None):
            raise AccountError(
                Message(
                    N_("There is no mirror at {path}: log in first with prakerja-console login."),
                    {"path": str(mirror)},
                )
            )
        mirror.parent.mkdir(parents=True, exist_ok=True)
    prepare(mirror)
    conn = connect(mirror, Purpose.SYNC)
    try:
        state = device_state(conn)
        if state.server is None and not automated:
            raise AccountError(Message(N_("Not logged in: run prakerja-console login.")))
        central = bound_server(state.server, server)
        if state.server is None:
            with transaction(conn):
                update_state(conn, server=central)
        store = session_store(
            central, state.device_id, environ=environ, backend=backend, interactive=interactive
        )
    except BaseException:
        conn.close()
        raise
    client = CentralClient(central, transport=transport)
    tokens = TokenKeeper(store, client.refresh, clock)
    client.tokens = tokens
    return SyncEngine(
        conn,
        client,
        tokens,
        clock=clock,
        monotonic=monotonic,
        sleep=sleep,
        rng=rng if rng is not None else random.Random(),
        settings=settings,
    )


def console_engine(
    mirror: Path, *, server: str | None, interval: float
) -> tuple[SyncEngine | None, Message | None]:
    """The TUI's engine, or why there is none (the console then works offline).

    Called before the TUI takes the terminal, so a keyring that needs its master
    password asks for it here.
    """
    try:
        engine = open_engine(mirror, server=server, settings=EngineSettings(interval=interval))
    except SyncError as error:
        return None, error.message
    return engine, None
