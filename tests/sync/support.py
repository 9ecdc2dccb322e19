"""Helpers the sync tests share: engines on a test central, fake sleep, central-side reads."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from prakerja_console.store import outbox
from prakerja_console.store.connection import Purpose, connect
from prakerja_console.store.state import device_state
from prakerja_console.sync.account import log_in
from prakerja_console.sync.engine import SyncEngine
from prakerja_console.sync.protocol import MutationType
from prakerja_console.sync.rounds import EngineSettings
from prakerja_console.sync.verify import compare
from prakerja_console.sync.wiring import open_engine
from tests.support.central import demo_passwords
from tests.sync.keyrings import MemoryKeyring

if TYPE_CHECKING:
    from prakerja_console.central.runner import CentralServer

# Small pages so that the small scenario (~7,200 rows) takes many of them.
SMALL_PAGES = EngineSettings(snapshot_limit=700, changes_limit=150, attempts=8, interval=1.0)
NOW = 1_795_000_000


class Sleeps:
    """A sleep that records the waits asked for and returns at once (no real waiting)."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, event: threading.Event, seconds: float) -> bool:
        self.waits.append(seconds)
        return event.is_set()


def engine_for(
    url: str,
    mirror: Path,
    keyring: MemoryKeyring,
    *,
    user: str = "siti.agent",
    settings: EngineSettings = SMALL_PAGES,
    sleep: Sleeps | None = None,
    seed: int = 0,
    transport: httpx.BaseTransport | None = None,
    login: bool = True,
) -> SyncEngine:
    """Log ``user`` in on ``mirror`` (created) and open an engine with a fake sleep."""
    if login:
        log_in(
            mirror,
            url,
            user,
            demo_passwords()[user],
            backend=keyring,
            clock=time.time,
            transport=transport,
        )
    return open_engine(
        mirror,
        backend=keyring,
        settings=settings,
        sleep=sleep or Sleeps(),
        rng=random.Random(seed),
        transport=transport,
        environ={},
    )


def queue(
    mirror: Path,
    kind: MutationType,
    payload: dict[str, Any],
    *,
    actor: str = "siti.agent",
    base_version: int | None = None,
) -> outbox.Queued:
    conn = connect(mirror, Purpose.OUTBOX)
    try:
        return outbox.enqueue(
            conn,
            outbox.NewAction(kind, payload, base_version=base_version),
            actor=actor,
            now=NOW,
        )
    finally:
        conn.close()


def note(mirror: Path, applicant_id: int, body: str, actor: str = "siti.agent") -> outbox.Queued:
    return queue(
        mirror, MutationType.ADD_NOTE, {"applicant_id": applicant_id, "body": body}, actor=actor
    )


def outbox_rows(mirror: Path) -> list[tuple[Any, ...]]:
    """(id, seq, status, reason_code, resolution) of every action, by seq."""
    conn = connect(mirror, Purpose.READ)
    try:
        return conn.execute(
            "SELECT id, seq, status, reason_code, resolution FROM outbox ORDER BY seq"
        ).fetchall()
    finally:
        conn.close()


def device_of(mirror: Path) -> str:
    conn = connect(mirror, Purpose.READ)
    try:
        return device_state(conn).device_id
    finally:
        conn.close()


def cursor_of(mirror: Path) -> str | None:
    conn = connect(mirror, Purpose.READ)
    try:
        return device_state(conn).cursor
    finally:
        conn.close()


def central_all(
    server: CentralServer, sql: str, params: tuple[Any, ...] = ()
) -> list[tuple[Any, ...]]:
    with server.db.read() as tx:
        return tx.all(sql, params)


def processed_ids(server: CentralServer, device_id: str) -> list[str]:
    """Mutation ids the central has a stored result for, for this device."""
    return [
        row[0]
        for row in central_all(
            server,
            "SELECT mutation_id FROM idempotency WHERE device_id = ? ORDER BY seq",
            (device_id,),
        )
    ]


def applicant_in(server: CentralServer, province_code: str) -> tuple[int, int]:
    """(id, version) of an applicant of ``province_code``."""
    (found,) = central_all(
        server,
        "SELECT id, version FROM applicants WHERE province_code = ? ORDER BY id LIMIT 1",
        (province_code,),
    )
    return found[0], found[1]


def touch_applicant(server: CentralServer, applicant_id: int, occupation: str) -> int:
    """Someone else changes the applicant at the central; returns its new version."""
    from prakerja_console.central import records
    from prakerja_console.sync.protocol import Table

    with server.db.write() as tx:
        found = records.load(tx, Table.APPLICANTS, applicant_id)
        assert found is not None
        return records.update(tx, found, {"occupation": occupation}).version


def converged(engine: SyncEngine) -> bool:
    return not compare(engine.local_checksums(), engine.central_checksum())
