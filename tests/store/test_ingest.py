"""Incremental pull: one transaction per page with its cursor, newer rows only, replays inert."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from prakerja_console.store import queries
from prakerja_console.store.connection import Purpose, connect
from prakerja_console.store.ingest import apply_changes, apply_page
from prakerja_console.store.records import TableStats
from prakerja_console.store.rows import RowError
from prakerja_console.store.state import device_state
from prakerja_console.sync.protocol import Table, TableRows, columns_of
from tests.store import factory as f

A = Table.APPLICANTS


@pytest.fixture
def loaded(sync: sqlite3.Connection) -> sqlite3.Connection:
    f.load(sync, {A: [f.applicant(1, name="Siti Rahayu"), f.applicant(2, name="Budi Santoso")]})
    return sync


def everything(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    """The whole replicated state, FTS included, for "nothing changed" assertions."""
    rows = conn.execute("SELECT * FROM applicants ORDER BY id").fetchall()
    rows += conn.execute("SELECT * FROM tombstones ORDER BY tbl, id").fetchall()
    rows += conn.execute(
        "SELECT rowid FROM applicants_fts WHERE applicants_fts MATCH 'siti OR budi OR dewi'"
    ).fetchall()
    return rows


def test_newer_rows_are_applied_with_the_cursor(
    loaded: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    page = f.changes(
        "c2",
        upserts={
            A: [
                f.applicant(1, name="Siti Rahayu", stage="email_verified", version=2),
                f.applicant(3, name="Dewi Lestari"),
            ]
        },
    )
    stats = apply_page(loaded, page, now=f.T0 + 10)
    assert stats == {A: TableStats(inserted=1, updated=1, unchanged=0)}
    assert device_state(reader).cursor == "c2"
    assert device_state(reader).last_pull_at == f.T0 + 10
    assert queries.get_applicant(reader, 1).stage == "email_verified"  # type: ignore[union-attr]
    assert [a.id for a in queries.search_name(reader, "dewi").items] == [3]


def test_a_replayed_page_changes_nothing(loaded: sqlite3.Connection) -> None:
    page = f.changes(
        "c2", upserts={A: [f.applicant(1, stage="email_verified", version=2)]}, deletes={A: [2]}
    )
    apply_page(loaded, page, now=f.T0)
    before = everything(loaded)
    stats = apply_page(loaded, page, now=f.T0)
    assert everything(loaded) == before
    assert stats[A] == TableStats(inserted=0, updated=0, unchanged=1, deleted=0)


def test_an_older_page_after_a_newer_one_changes_nothing(loaded: sqlite3.Connection) -> None:
    newer = f.changes("c3", upserts={A: [f.applicant(1, name="Siti Baru", version=3)]})
    older = f.changes("c2", upserts={A: [f.applicant(1, name="Siti Lama", version=2)]})
    apply_page(loaded, newer, now=f.T0)
    before = everything(loaded)
    apply_page(loaded, older, now=f.T0)
    assert everything(loaded) == before


def test_duplicated_and_out_of_order_rows_within_a_page_keep_the_newest(
    loaded: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    page = f.changes(
        "c2",
        upserts={
            A: [
                f.applicant(1, name="Siti v4", version=4),
                f.applicant(1, name="Siti v2", version=2),
                f.applicant(1, name="Siti v3", version=3),
                f.applicant(1, name="Siti v4", version=4),
            ]
        },
    )
    stats = apply_page(loaded, page, now=f.T0)
    assert stats[A] == TableStats(inserted=0, updated=1, unchanged=3)
    assert queries.get_applicant(reader, 1).name == "Siti v4"  # type: ignore[union-attr]


def test_only_the_changed_columns_are_written(loaded: sqlite3.Connection) -> None:
    statements: list[str] = []
    loaded.set_trace_callback(statements.append)
    apply_page(
        loaded,
        f.changes(
            "c2",
            upserts={A: [f.applicant(1, name="Siti Rahayu", stage="email_verified", version=2)]},
        ),
        now=f.T0,
    )
    loaded.set_trace_callback(None)
    # SQLite traces each step of a trigger (the stage's dashboard count) under the
    # statement that fired it, so the same text may appear more than once.
    updates = {s for s in statements if s.startswith("UPDATE applicants")}
    assert updates == {"UPDATE applicants SET stage = 'email_verified', version = 2 WHERE id = 1"}
    # the name did not change, so the FTS trigger never ran
    assert not [s for s in statements if "applicants_fts" in s and "INSERT" in s]


def test_a_renamed_applicant_is_found_by_the_new_name_only(
    loaded: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    apply_page(
        loaded,
        f.changes("c2", upserts={A: [f.applicant(2, name="Bagus Santoso", version=2)]}),
        now=f.T0,
    )
    assert [a.id for a in queries.search_name(reader, "bagus").items] == [2]
    assert queries.search_name(reader, "budi").items == ()


def test_deletes_leave_a_tombstone_that_stops_a_replay_but_not_a_newer_version(
    loaded: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    old_page = f.changes("c2", upserts={A: [f.applicant(2, version=1)]})
    stats = apply_page(loaded, f.changes("c3", deletes={A: [2, 99]}), now=f.T0)
    assert stats[A] == TableStats(deleted=1)
    assert queries.get_applicant(reader, 2) is None
    assert queries.search_name(reader, "budi").items == ()

    apply_page(loaded, old_page, now=f.T0)  # replayed from before the delete
    assert queries.get_applicant(reader, 2) is None

    apply_page(
        loaded,
        f.changes("c4", upserts={A: [f.applicant(2, name="Budi Kembali", version=5)]}),
        now=f.T0,
    )
    assert queries.get_applicant(reader, 2).name == "Budi Kembali"  # type: ignore[union-attr]
    assert reader.execute("SELECT count(*) FROM tombstones").fetchone() == (0,)


def test_a_bad_row_anywhere_in_the_page_applies_nothing_and_keeps_the_cursor(
    loaded: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    before = everything(loaded)
    bad = f.applicant(7)
    bad[columns_of(A).index("state_changed_at")] = None
    page = f.changes(
        "c9",
        upserts={
            A: [f.applicant(1, stage="email_verified", version=2), f.applicant(6)],
            Table.NOTES: [f.row(Table.NOTES, 1)],
        },
        deletes={A: [2]},
    )
    page.upserts[A.value].rows.append(bad)
    with pytest.raises(RowError) as caught:
        apply_page(loaded, page, now=f.T0 + 99)
    assert (caught.value.row, caught.value.row_id, caught.value.column) == (
        3,
        7,
        "state_changed_at",
    )
    assert everything(loaded) == before
    assert reader.execute("SELECT count(*) FROM notes").fetchone() == (0,)
    state = device_state(reader)
    assert (state.cursor, state.last_pull_at) == ("c1", f.T0)


def test_a_failure_after_the_rows_rolls_back_rows_and_cursor(mirror: Path) -> None:
    """The process fails between the rows and the cursor: neither is committed."""
    conn = connect(mirror, Purpose.SYNC)
    f.load(conn, {A: [f.applicant(1)]})
    conn.execute(
        "CREATE TEMP TRIGGER fail_cursor BEFORE UPDATE OF cursor ON sync_state"
        " BEGIN SELECT raise(ABORT, 'power cut'); END"
    )
    with pytest.raises(sqlite3.IntegrityError, match="power cut"):
        apply_page(
            conn,
            f.changes("c2", upserts={A: [f.applicant(1, version=2), f.applicant(2)]}),
            now=f.T0,
        )
    conn.close()

    again = connect(mirror, Purpose.READ)
    assert again.execute("SELECT id, version FROM applicants").fetchall() == [(1, 1)]
    assert device_state(again).cursor == "c1"
    again.close()


def test_wrong_types_are_refused_by_strict_tables(loaded: sqlite3.Connection) -> None:
    bad = f.applicant(1, version=2)
    bad[columns_of(A).index("wave_id")] = "gelombang satu"
    with pytest.raises(RowError, match="column wave_id: expected a whole number"):
        apply_page(loaded, f.changes("c2", upserts={A: [bad]}), now=f.T0)


@pytest.mark.parametrize("row_id", [0, -3, None, "7", True])
def test_ids_must_be_positive_integers(loaded: sqlite3.Connection, row_id: object) -> None:
    bad = f.applicant(1, version=2)
    bad[0] = row_id
    with pytest.raises(RowError) as caught:
        apply_changes(
            loaded,
            {A.value: TableRows.model_construct(columns=list(columns_of(A)), rows=[bad])},
            {},
            "c2",
            now=f.T0,
        )
    assert caught.value.column == "id"
    with pytest.raises(RowError):
        apply_changes(loaded, {}, {A.value: [row_id]}, "c2", now=f.T0)  # type: ignore[list-item]


def test_rows_of_an_unknown_table_are_refused(loaded: sqlite3.Connection) -> None:
    with pytest.raises(RowError, match="does not know: 'payments'"):
        apply_changes(
            loaded, {"payments": TableRows(columns=["id"], rows=[[1]])}, {}, "c2", now=f.T0
        )


def test_every_table_takes_pages(loaded: sqlite3.Connection, reader: sqlite3.Connection) -> None:
    upserts = {table: [f.row(table, 1)] for table in Table if table is not A}
    apply_page(loaded, f.changes("c2", upserts=upserts), now=f.T0)
    for table in Table:
        assert reader.execute(f"SELECT count(*) FROM {table.value}").fetchone()[0] >= 1


def test_the_wal_is_checkpointed_once_the_feed_is_caught_up(loaded: sqlite3.Connection) -> None:
    statements: list[str] = []
    loaded.set_trace_callback(statements.append)
    apply_page(
        loaded, f.changes("c2", upserts={A: [f.applicant(1, version=2)]}, has_more=True), now=f.T0
    )
    assert not [s for s in statements if "wal_checkpoint" in s]
    apply_page(loaded, f.changes("c3", upserts={A: [f.applicant(1, version=3)]}), now=f.T0)
    loaded.set_trace_callback(None)
    assert [s for s in statements if "wal_checkpoint" in s] == ["PRAGMA wal_checkpoint(PASSIVE)"]
