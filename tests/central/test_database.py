"""Transactions, the compacted change log and its commit-safe positions."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from prakerja_console.central import records
from prakerja_console.central.config import sqlite_url
from prakerja_console.central.database import Database, DatabaseError, Writer
from prakerja_console.central.feed import read_changes
from prakerja_console.central.seeding import seed
from prakerja_console.central.snapshot import current_cursor
from prakerja_console.central.tables import REPLICATED
from prakerja_console.central.users import load_accounts
from prakerja_console.sync.protocol import Table, columns_of
from tests.central import dataset


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(sqlite_url(tmp_path / "central.sqlite"))
    seed(database, load_accounts(), dataset.batches(), dataset.NOW)
    yield database
    database.close()


def _add_note(db: Database, body: str) -> int:
    with db.write() as tx:
        return records.insert(
            tx, Table.NOTES, {"applicant_id": 1, "author": "t", "body": body, "at": 0}, "32"
        ).id


def _insert_then_fail(tx: Writer, error: Exception) -> None:
    records.insert(tx, Table.NOTES, {"applicant_id": 1, "author": "t", "body": "x", "at": 0}, "32")
    raise error


def _log(db: Database) -> list[tuple[str, int, str, int]]:
    with db.read() as tx:
        return tx.all(
            "SELECT table_name, record_id, scope, position FROM change_log ORDER BY position"
        )


def test_every_write_lands_in_the_change_log_once_at_its_latest_position(db: Database) -> None:
    note = _add_note(db, "satu")
    with db.write() as tx:
        applicant = records.load(tx, Table.APPLICANTS, 1)
        assert applicant is not None
        updated = records.update(tx, applicant, {"reason_code": "email_bounced"})
        records.update(tx, updated, {"reason_code": "email_pending"})
    _add_note(db, "dua")
    assert _log(db) == [
        ("notes", note, "32", 1),
        ("applicants", 1, "32", 2),
        ("notes", note + 1, "32", 3),
    ]
    with db.write() as tx:
        applicant = records.load(tx, Table.APPLICANTS, 1)
        assert applicant is not None
        assert applicant.version == 3
        records.update(tx, applicant, {"reason_code": "email_verified"})
    assert _log(db)[-1] == ("applicants", 1, "32", 4)
    assert len(_log(db)) == 3


def test_a_rolled_back_savepoint_takes_its_announced_changes_with_it(db: Database) -> None:
    with db.write() as tx:
        records.insert(
            tx, Table.NOTES, {"applicant_id": 1, "author": "t", "body": "ya", "at": 0}, "32"
        )
        with pytest.raises(ValueError, match="nope"), tx.savepoint():
            _insert_then_fail(tx, ValueError("nope"))
    with db.read() as tx:
        bodies = [row[0] for row in tx.all("SELECT body FROM notes ORDER BY id")]
    assert bodies == ["Menelepon kantor", "ya"]  # the savepoint's "x" is gone
    assert [entry[1] for entry in _log(db)] == [2]


def test_a_failed_transaction_leaves_neither_rows_nor_log(db: Database) -> None:
    with pytest.raises(RuntimeError), db.write() as tx:
        _insert_then_fail(tx, RuntimeError("crash before commit"))
    assert _log(db) == []
    assert _add_note(db, "next") == 2  # the id counter rolled back too


def test_an_update_of_a_record_changed_meanwhile_is_refused(db: Database) -> None:
    with db.write() as tx:
        stale = records.load(tx, Table.APPLICANTS, 1)
        assert stale is not None
        records.update(tx, stale, {"name": "Baru"})
        with pytest.raises(records.StaleRecordError):
            records.update(tx, stale, {"name": "Lama"})


def test_readers_never_skip_a_change_while_writers_commit_concurrently(db: Database) -> None:
    """The commit-safe cursor: positions commit in order, so no reader steps over one."""
    writers, per_writer = 4, 40
    done = threading.Event()
    seen: set[int] = set()

    def write(worker: int) -> None:
        for index in range(per_writer):
            _add_note(db, f"{worker}-{index}")

    def read() -> None:
        with db.read() as tx:
            cursor = current_cursor(tx, None).encode()
        while True:
            finished = done.is_set()
            with db.read() as tx:
                page = read_changes(tx, cursor, None, limit=7)
            seen.update(row[0] for row in page.upserts.get(Table.NOTES, []))
            cursor = page.next_cursor.encode()
            if finished and not page.has_more:
                return

    reader = threading.Thread(target=read)
    reader.start()
    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    reader.join(timeout=60)
    assert seen == set(range(2, 2 + writers * per_writer))


def test_an_in_memory_database_is_refused() -> None:
    with pytest.raises(DatabaseError, match="in-memory"):
        Database("sqlite://")


def test_a_database_of_another_schema_version_is_refused(db: Database) -> None:
    with db.write() as tx:
        tx.set_meta("schema_version", "99")
    with pytest.raises(DatabaseError, match="schema version 99"):
        db.create_schema()


@pytest.mark.parametrize("table", list(Table))
def test_every_replicated_table_holds_the_wire_columns_then_scope(
    db: Database, table: Table
) -> None:
    assert [column.name for column in REPLICATED[table].__table__.columns] == [
        *columns_of(table),
        "scope",
    ]
    with db.read() as tx:
        indexes = {row[1] for row in tx.all(f'PRAGMA index_list("{table.value}")')}
    assert f"ix_{table.value}_scope_id" in indexes
