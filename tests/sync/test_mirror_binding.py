"""What sync added to the mirror: its central (schema 2), resending from a number, queue authors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from prakerja_console.store import outbox
from prakerja_console.store.connection import Purpose, connect, transaction
from prakerja_console.store.migrations import SCHEMA_VERSION, prepare
from prakerja_console.store.state import device_state, update_state
from prakerja_console.sync.protocol import MutationResult
from tests.sync.support import note


def test_a_mirror_of_schema_1_learns_its_central_and_keeps_its_queue(tmp_path: Path) -> None:
    mirror = tmp_path / "m.db"
    prepare(mirror)
    queued = note(mirror, 1, "dari versi lama")
    raw = sqlite3.connect(mirror, isolation_level=None)
    raw.execute("ALTER TABLE sync_state DROP COLUMN server")  # as the first console wrote it
    raw.execute("PRAGMA user_version = 1")
    raw.close()

    assert prepare(mirror) == 1
    conn = connect(mirror, Purpose.OUTBOX)
    assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert device_state(conn).server is None
    with transaction(conn):
        update_state(conn, server="http://pusat.test")
    assert device_state(conn).server == "http://pusat.test"
    assert [m.id for m in outbox.pending_batch(conn)] == [queued.id]
    conn.close()


def test_batch_from_resends_answered_actions_in_order(tmp_path: Path) -> None:
    mirror = tmp_path / "m.db"
    prepare(mirror)
    first, second, third = (note(mirror, n, f"catatan {n}") for n in (1, 2, 3))
    conn = connect(mirror, Purpose.OUTBOX)
    outbox.record_results(conn, [MutationResult(id=first.id, seq=1, status="applied")], now=1)
    assert [m.id for m in outbox.pending_batch(conn)] == [second.id, third.id]
    assert [m.id for m in outbox.batch_from(conn, 1)] == [first.id, second.id, third.id]
    assert [m.seq for m in outbox.batch_from(conn, 2, limit=1)] == [2]
    conn.close()


def test_pending_actors_says_whose_queue_waits(tmp_path: Path) -> None:
    mirror = tmp_path / "m.db"
    prepare(mirror)
    note(mirror, 1, "a", actor="siti.agent")
    note(mirror, 2, "b", actor="rudi.agent")
    answered = note(mirror, 3, "c", actor="rudi.agent")
    conn = connect(mirror, Purpose.OUTBOX)
    outbox.record_results(conn, [MutationResult(id=answered.id, seq=3, status="applied")], now=1)
    assert outbox.pending_actors(conn) == {"rudi.agent": 1, "siti.agent": 1}
    conn.close()
