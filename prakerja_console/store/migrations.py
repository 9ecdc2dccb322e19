"""Creating and upgrading the mirror's schema without ever losing a queued action.

The schema version lives in ``PRAGMA user_version``; upgrades are ordered steps,
all applied in one transaction with the new version number, so an upgrade either
happens completely or not at all. Two kinds of change:

* **local tables** (outbox, sync state …) change by explicit SQL in a step, keeping
  their rows: the outbox and the device's mutation sequence survive every upgrade;
* **replicated tables** are a copy of the central's data, so an incompatible change
  drops and recreates them empty and clears the cursor: the sync engine then takes
  a fresh snapshot. The same happens, without a numbered step, when the wire
  records of :mod:`prakerja_console.sync.protocol` change shape (a fingerprint of
  the replicated DDL is kept beside the cursor).

Either way the local effects of pending actions are re-applied afterwards, so the
user still sees what they queued.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

from prakerja_console.store import effects
from prakerja_console.store.connection import BUSY_TIMEOUT_SECONDS, transaction
from prakerja_console.store.schema import (
    create_local_tables,
    create_replicated_tables,
    drop_replicated_tables,
    drop_shadow_tables,
    replicated_fingerprint,
)

SCHEMA_VERSION = 2


@dataclass(frozen=True, slots=True)
class Upgrade:
    """One step from ``version - 1`` to ``version``."""

    version: int
    description: str
    local_sql: tuple[str, ...] = ()
    rebuild_replicated: bool = False


# Version 1 is the first schema the console shipped; add steps here, in order.
UPGRADES: tuple[Upgrade, ...] = (
    Upgrade(
        2,
        "sync_state remembers the central the mirror syncs with",
        local_sql=("ALTER TABLE sync_state ADD COLUMN server TEXT",),
    ),
)


class MirrorTooNewError(RuntimeError):
    """The mirror was written by a newer console; opening it could lose its outbox."""


def prepare(
    path: Path,
    *,
    device_id: str | None = None,
    version: int = SCHEMA_VERSION,
    upgrades: tuple[Upgrade, ...] = UPGRADES,
) -> int:
    """Create or upgrade the mirror at ``path``; returns the schema version it had before.

    ``device_id`` names a new mirror's device (a fresh UUID4 when omitted); an
    existing mirror keeps its own.
    """
    # The mirror holds applicants' PII: only its owner may read it. SQLite gives the
    # WAL and shared-memory files the database file's permissions.
    path.touch(mode=0o600, exist_ok=True)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")  # persistent; outside any transaction
        with transaction(conn):
            return migrate(conn, device_id=device_id, version=version, upgrades=upgrades)
    finally:
        conn.close()


def migrate(
    conn: sqlite3.Connection,
    *,
    device_id: str | None = None,
    version: int = SCHEMA_VERSION,
    upgrades: tuple[Upgrade, ...] = UPGRADES,
) -> int:
    """The upgrade itself, inside the caller's transaction."""
    (found,) = conn.execute("PRAGMA user_version").fetchone()
    if found > version:
        raise MirrorTooNewError(
            f"the mirror has schema version {found}; this console knows up to {version}"
        )
    if found == 0:
        create_local_tables(conn)
        create_replicated_tables(conn, generation=0)
        conn.execute(
            "INSERT INTO sync_state (id, device_id, last_seq, generation, replicated_fingerprint)"
            " VALUES (1, ?, 0, 0, ?)",
            (device_id or str(uuid.uuid4()), replicated_fingerprint()),
        )
    else:
        steps = sorted(
            (step for step in upgrades if found < step.version <= version),
            key=lambda step: step.version,
        )
        rebuild = False
        for step in steps:
            for statement in step.local_sql:
                conn.execute(statement)
            rebuild = rebuild or step.rebuild_replicated
        (stored,) = conn.execute(
            "SELECT replicated_fingerprint FROM sync_state WHERE id = 1"
        ).fetchone()
        if rebuild or stored != replicated_fingerprint():
            rebuild_replicated(conn)
    conn.execute(f"PRAGMA user_version = {int(version)}")
    return int(found)


def rebuild_replicated(conn: sqlite3.Connection) -> None:
    """Drop the central's data and start over from a snapshot; keep everything local."""
    (generation,) = conn.execute("SELECT generation FROM sync_state WHERE id = 1").fetchone()
    drop_shadow_tables(conn)
    drop_replicated_tables(conn)
    create_replicated_tables(conn, generation=generation + 1)
    for table in ("tombstones", "snapshot_progress"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute(
        "UPDATE sync_state SET cursor = NULL, snapshot_cursor = NULL, snapshot_scope = NULL,"
        " snapshot_started_at = NULL, generation = ?, replicated_fingerprint = ? WHERE id = 1",
        (generation + 1, replicated_fingerprint()),
    )
    effects.replanted(conn)
