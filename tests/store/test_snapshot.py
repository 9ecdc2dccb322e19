"""First sync and re-snapshot: bare load, build, atomic swap with the cursor, outbox kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from prakerja_console.store import outbox, queries
from prakerja_console.store.connection import Purpose, connect
from prakerja_console.store.rows import RowError
from prakerja_console.store.snapshot import (
    Phase,
    Progress,
    SnapshotIncompleteError,
    SnapshotWriter,
)
from prakerja_console.store.state import device_state
from prakerja_console.sync.protocol import MutationType, Table, TableRows, columns_of
from tests.store import factory as f


def names(conn: sqlite3.Connection) -> list[str]:
    return [name for (name,) in conn.execute("SELECT name FROM applicants ORDER BY id")]


def test_snapshot_loads_every_table_and_commits_its_cursor(
    sync: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    seen: list[Progress] = []
    start = f.start("cursor-7", applicants=3, waves=1)
    writer = SnapshotWriter.begin(sync, start, scope="32", now=f.T0, progress=seen.append)
    assert writer.remaining() == [Table.WAVES, Table.APPLICANTS]
    writer.add_page(f.snapshot_page(Table.WAVES, f.row(Table.WAVES, 1)))
    writer.add_page(f.snapshot_page(Table.APPLICANTS, f.applicant(1), f.applicant(2), next_after=2))
    assert writer.next_after(Table.APPLICANTS) == 2
    writer.add_page(f.snapshot_page(Table.APPLICANTS, f.applicant(3)))
    assert writer.remaining() == []
    writer.finish(now=f.T0 + 60)

    state = device_state(reader)
    assert (state.cursor, state.scope, state.last_pull_at) == ("cursor-7", "32", f.T0 + 60)
    assert state.snapshot_cursor is None
    assert queries.checksums(reader)["applicants"].count == 3
    loads = [(p.table, p.done, p.total) for p in seen if p.phase is Phase.LOAD]
    assert loads == [("waves", 1, 1), ("applicants", 2, 3), ("applicants", 3, 3)]
    assert seen[-1].phase is Phase.SWAP
    assert any(p.phase is Phase.INDEX for p in seen)


def test_readers_see_the_old_data_until_the_swap(
    sync: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    f.load(sync, {Table.APPLICANTS: [f.applicant(1, name="Lama")]})
    writer = SnapshotWriter.begin(sync, f.start("c2", applicants=1), scope=None, now=f.T0)
    for table in writer.remaining():
        writer.add_page(
            f.snapshot_page(
                table, *([f.applicant(9, name="Baru")] if table is Table.APPLICANTS else [])
            )
        )
    assert names(reader) == ["Lama"]
    writer.finish(now=f.T0)
    assert names(reader) == ["Baru"]
    assert [a.id for a in queries.search_name(reader, "baru").items] == [9]
    assert queries.search_name(reader, "lama").items == ()


def test_a_resnapshot_keeps_the_outbox_and_reapplies_pending_effects(
    sync: sqlite3.Connection, outbox_conn: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    f.load(
        sync,
        {
            Table.APPLICANTS: [f.applicant(1)],
            Table.REGISTRY_CHECKS: [f.row(Table.REGISTRY_CHECKS, 5, applicant_id=1)],
        },
    )
    note = outbox.enqueue(
        outbox_conn,
        outbox.NewAction(MutationType.ADD_NOTE, {"applicant_id": 1, "body": "Sudah ditelepon"}),
        actor="siti.agent",
        now=f.T0,
    )
    outbox.enqueue(
        outbox_conn,
        outbox.NewAction(MutationType.REQUEST_REVERIFICATION, {"applicant_id": 1}),
        actor="siti.agent",
        now=f.T0,
    )
    before = outbox_conn.execute("SELECT * FROM outbox ORDER BY seq").fetchall()

    f.load(
        sync,
        {
            Table.APPLICANTS: [f.applicant(1, version=2)],
            Table.REGISTRY_CHECKS: [f.row(Table.REGISTRY_CHECKS, 5, applicant_id=1, version=3)],
        },
        cursor="c9",
    )

    assert outbox_conn.execute("SELECT * FROM outbox ORDER BY seq").fetchall() == before
    assert device_state(reader).last_seq == 2
    bundle = queries.applicant_bundle(reader, 1)
    assert bundle is not None
    assert [(n.body, n.pending) for n in bundle.notes] == [("Sudah ditelepon", True)]
    assert bundle.notes[0].id < 0
    assert [(c.id, c.result, c.version, c.pending) for c in bundle.registry_checks] == [
        (5, "pending", 3, True)
    ]
    assert outbox.pending_batch(outbox_conn)[0].id == note.id


def test_a_resnapshot_builds_the_next_generation_of_indexes(
    sync: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    f.load(sync, {Table.APPLICANTS: [f.applicant(1)]})
    f.load(sync, {Table.APPLICANTS: [f.applicant(1)]})
    state = device_state(reader)
    index_names = {
        name
        for (name,) in reader.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'applicants'"
        )
    }
    assert state.generation == 2
    assert "ix_applicants_nik_g2" in index_names
    assert not {name for name in index_names if name.endswith(("_g0", "_g1"))}
    plan = reader.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM applicants WHERE nik = ?", ("x",)
    ).fetchall()
    assert "ix_applicants_nik_g2" in str(plan)


def test_a_bad_row_names_table_row_and_column_and_loads_nothing_of_its_page(
    sync: sqlite3.Connection,
) -> None:
    writer = SnapshotWriter.begin(sync, f.start(applicants=3), scope=None, now=f.T0)
    bad = f.applicant(3)
    bad[columns_of(Table.APPLICANTS).index("registered_at")] = "yesterday"
    with pytest.raises(RowError) as caught:
        writer.add_rows(
            Table.APPLICANTS, f.rows(Table.APPLICANTS, f.applicant(2), bad), next_after=None
        )
    error = caught.value
    assert (error.table, error.row, error.row_id, error.column) == (
        "applicants",
        2,
        3,
        "registered_at",
    )
    assert str(error) == (
        "Table applicants, row 2 (id 3), column registered_at: expected a whole number,"
        " got 'yesterday'"
    )
    assert sync.execute("SELECT count(*) FROM applicants__next").fetchone() == (0,)
    assert writer.remaining() == [Table.APPLICANTS]  # the page is not counted as loaded


@pytest.mark.parametrize(
    ("mangle", "column"),
    [
        (lambda r: r[:-1], None),  # a value missing
        (lambda r: [None, *r[1:]], "id"),  # no id
        (lambda r: [-4, *r[1:]], "id"),  # a local (negative) id from the central
        (lambda r: [r[0], None, *r[2:]], "name"),  # NOT NULL
        (lambda r: [r[0], {"first": "Siti"}, *r[2:]], "name"),  # not bindable
        (lambda r: [*r[:-1], 2**70], "version"),  # beyond 64 bits
    ],
)
def test_every_kind_of_bad_row_is_refused_with_a_precise_error(
    sync: sqlite3.Connection, mangle: object, column: str | None
) -> None:
    writer = SnapshotWriter.begin(sync, f.start(applicants=1), scope=None, now=f.T0)
    row = mangle(f.applicant(1))  # type: ignore[operator]
    with pytest.raises(RowError) as caught:
        writer.add_rows(
            Table.APPLICANTS,
            TableRows.model_construct(columns=list(columns_of(Table.APPLICANTS)), rows=[row]),
            next_after=None,
        )
    assert caught.value.row == 1
    assert caught.value.column == column


def test_columns_must_be_the_wire_columns(sync: sqlite3.Connection) -> None:
    writer = SnapshotWriter.begin(sync, f.start(applicants=1), scope=None, now=f.T0)
    columns = [*columns_of(Table.APPLICANTS)[:-1], "secret"]
    with pytest.raises(RowError, match=r"unknown: 'secret'; missing: version"):
        writer.add_rows(Table.APPLICANTS, TableRows(columns=columns, rows=[]), next_after=None)


def test_columns_may_come_in_any_order(
    sync: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    columns = list(reversed(columns_of(Table.WAVES)))
    values = list(reversed(f.row(Table.WAVES, 1, name="Gelombang 12")))
    writer = SnapshotWriter.begin(sync, f.start(waves=1), scope=None, now=f.T0)
    writer.add_rows(Table.WAVES, TableRows(columns=columns, rows=[values]), next_after=None)
    for table in writer.remaining():
        writer.add_page(f.snapshot_page(table))
    writer.finish(now=f.T0)
    assert reader.execute("SELECT name FROM waves").fetchall() == [("Gelombang 12",)]


def test_a_row_sent_twice_keeps_its_newest_version(
    sync: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    f.load(
        sync,
        {
            Table.APPLICANTS: [
                f.applicant(1, name="Baru", version=3),
                f.applicant(1, name="Lama", version=2),
            ]
        },
    )
    assert names(reader) == ["Baru"]


def test_finish_refuses_an_incomplete_snapshot(sync: sqlite3.Connection) -> None:
    writer = SnapshotWriter.begin(sync, f.start(applicants=2), scope=None, now=f.T0)
    with pytest.raises(SnapshotIncompleteError, match="applicants"):
        writer.finish(now=f.T0)


def test_a_snapshot_resumes_after_a_restart(mirror: Path, reader: sqlite3.Connection) -> None:
    first = connect(mirror, Purpose.SYNC)
    writer = SnapshotWriter.begin(first, f.start("c5", applicants=2), scope="35", now=f.T0)
    writer.add_page(f.snapshot_page(Table.APPLICANTS, f.applicant(1), next_after=1))
    first.close()  # the process dies here

    again = connect(mirror, Purpose.SYNC)
    resumed = SnapshotWriter.resume(again)
    assert resumed is not None
    assert resumed.cursor == "c5"
    assert resumed.next_after(Table.APPLICANTS) == 1
    for table in resumed.remaining():
        extra = [f.applicant(2)] if table is Table.APPLICANTS else []
        resumed.add_page(f.snapshot_page(table, *extra))
    resumed.finish(now=f.T0)
    again.close()
    assert [a.id for a in queries.find_by_phone(reader, "+6281200000002").items] == [2]
    assert device_state(reader).scope == "35"


def test_nothing_to_resume_without_a_snapshot_in_progress(sync: sqlite3.Connection) -> None:
    assert SnapshotWriter.resume(sync) is None


def test_abort_forgets_the_snapshot_and_keeps_the_live_data(
    sync: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    f.load(sync, {Table.APPLICANTS: [f.applicant(1, name="Tetap")]})
    writer = SnapshotWriter.begin(sync, f.start("c2", applicants=1), scope=None, now=f.T0)
    writer.add_page(f.snapshot_page(Table.APPLICANTS, f.applicant(2)))
    writer.abort()
    assert SnapshotWriter.resume(sync) is None
    assert names(reader) == ["Tetap"]
    assert device_state(reader).cursor == "c1"
    assert not sync.execute("SELECT 1 FROM sqlite_master WHERE name LIKE '%__next'").fetchall()
