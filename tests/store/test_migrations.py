"""Schema creation and upgrades: the outbox and the device sequence survive every one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from prakerja_console.store import outbox, queries
from prakerja_console.store.connection import Purpose, connect
from prakerja_console.store.migrations import SCHEMA_VERSION, MirrorTooNewError, Upgrade, prepare
from prakerja_console.store.outbox import NewAction
from prakerja_console.store.state import device_state
from prakerja_console.sync.protocol import MutationType, Table
from tests.store import factory as f


def user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def queue_some(path: Path) -> list[tuple[object, ...]]:
    """A mirror with data and queued actions; returns the outbox rows."""
    sync = connect(path, Purpose.SYNC)
    f.load(
        sync,
        {
            Table.APPLICANTS: [f.applicant(1)],
            Table.REGISTRY_CHECKS: [f.row(Table.REGISTRY_CHECKS, 4, applicant_id=1)],
        },
    )
    sync.close()
    conn = connect(path, Purpose.OUTBOX)
    outbox.enqueue(
        conn,
        NewAction(MutationType.ADD_NOTE, {"applicant_id": 1, "body": "antre"}),
        actor="a",
        now=f.T0,
    )
    outbox.enqueue(
        conn,
        NewAction(MutationType.REQUEST_REVERIFICATION, {"applicant_id": 1}),
        actor="a",
        now=f.T0,
    )
    rows = conn.execute("SELECT id, seq, type, payload, status FROM outbox ORDER BY seq").fetchall()
    conn.close()
    return rows


def test_a_new_mirror_gets_the_current_version_and_its_device_id(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    assert prepare(path, device_id="device-abcdef01") == 0
    assert user_version(path) == SCHEMA_VERSION
    conn = connect(path, Purpose.READ)
    state = device_state(conn)
    assert (state.device_id, state.last_seq, state.cursor) == ("device-abcdef01", 0, None)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    for name in ("m.db", "m.db-wal", "m.db-shm"):
        assert (tmp_path / name).stat().st_mode & 0o077 == 0, name  # PII: owner only
    conn.close()


def test_preparing_again_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    prepare(path)
    before = queue_some(path)
    assert prepare(path, device_id="another-device") == SCHEMA_VERSION
    conn = connect(path, Purpose.READ)
    assert (
        conn.execute("SELECT id, seq, type, payload, status FROM outbox ORDER BY seq").fetchall()
        == before
    )
    assert device_state(conn).device_id != "another-device"
    assert device_state(conn).cursor == "c1"
    conn.close()


def test_an_upgrade_keeps_queued_actions_and_the_sequence(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    prepare(path, version=1, upgrades=())
    before = queue_some(path)
    step = Upgrade(
        2,
        "outbox remembers the screen an action came from; replicated tables change shape",
        local_sql=("ALTER TABLE outbox ADD COLUMN origin TEXT",),
        rebuild_replicated=True,
    )
    assert prepare(path, version=2, upgrades=(step,)) == 1
    assert user_version(path) == 2

    conn = connect(path, Purpose.OUTBOX)
    assert (
        conn.execute("SELECT id, seq, type, payload, status FROM outbox ORDER BY seq").fetchall()
        == before
    )
    assert conn.execute("SELECT count(*) FROM outbox WHERE origin IS NULL").fetchone() == (2,)
    state = device_state(conn)
    assert state.cursor is None  # the engine takes a fresh snapshot
    assert state.last_seq == 2
    assert conn.execute("SELECT count(*) FROM applicants").fetchone() == (0,)
    # pending effects are still shown, now on the empty tables
    bundle_notes = conn.execute("SELECT body FROM notes WHERE id < 0").fetchall()
    assert bundle_notes == [("antre",)]
    assert conn.execute("SELECT result FROM registry_checks WHERE id < 0").fetchall() == [
        ("pending",)
    ]
    assert (
        outbox.enqueue(
            conn,
            NewAction(MutationType.ADD_NOTE, {"applicant_id": 1, "body": "lagi"}),
            actor="a",
            now=f.T0,
        ).seq
        == 3
    )
    conn.close()


def test_a_changed_wire_record_rebuilds_the_replicated_tables_only(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    prepare(path)
    before = queue_some(path)
    conn = sqlite3.connect(path, isolation_level=None)
    # as if written by a console whose protocol had no `occupation` on applicants
    conn.execute("ALTER TABLE applicants DROP COLUMN occupation")
    conn.execute("UPDATE sync_state SET replicated_fingerprint = 'older-protocol'")
    conn.close()

    prepare(path)
    reader = connect(path, Purpose.READ)
    assert "occupation" in {row[1] for row in reader.execute("PRAGMA table_info(applicants)")}
    assert (
        reader.execute("SELECT id, seq, type, payload, status FROM outbox ORDER BY seq").fetchall()
        == before
    )
    assert device_state(reader).cursor is None
    assert device_state(reader).generation == 2  # the snapshot made 1; the rebuild the next
    assert queries.header_facts(reader).queued == 2
    reader.close()


def test_a_mirror_from_a_newer_console_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    prepare(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(MirrorTooNewError, match=rf"knows up to {SCHEMA_VERSION}$"):
        prepare(path)
    assert user_version(path) == SCHEMA_VERSION + 1
