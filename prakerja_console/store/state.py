"""The device's sync bookkeeping: the single ``sync_state`` row."""

from __future__ import annotations

import sqlite3

from prakerja_console.store.connection import transaction
from prakerja_console.store.models import SyncState
from prakerja_console.store.records import DeviceState, select_list
from prakerja_console.store.schema import columns

_WRITABLE = frozenset(columns(SyncState)) - {"id", "device_id", "replicated_fingerprint"}


def device_state(conn: sqlite3.Connection) -> DeviceState:
    row = conn.execute(f"SELECT {select_list(DeviceState)} FROM sync_state WHERE id = 1").fetchone()
    if row is None:
        raise LookupError("the mirror has no sync_state row: prepare() it first")
    return DeviceState(*row)


def update_state(conn: sqlite3.Connection, **values: object) -> None:
    """Set columns of the sync_state row inside the caller's transaction."""
    unknown = set(values) - _WRITABLE
    if unknown:
        raise ValueError(f"not writable sync_state columns: {sorted(unknown)}")
    assignments = ", ".join(f"{name} = ?" for name in values)
    conn.execute(f"UPDATE sync_state SET {assignments} WHERE id = 1", tuple(values.values()))


def set_session(conn: sqlite3.Connection, *, username: str, role: str, scope: str | None) -> bool:
    """Record who is logged in; True when the scope differs from the mirror's data.

    A different scope means the mirror holds the wrong rows: the engine must
    re-snapshot (the outbox and the device sequence stay as they are).
    """
    with transaction(conn):
        state = device_state(conn)
        update_state(conn, username=username, role=role)
    return state.cursor is not None and state.scope != scope
