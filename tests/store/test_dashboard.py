"""Dashboard counts: summary tables built by a snapshot, kept right by every later write."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prakerja_console.store.connection import Purpose, connect, transaction
from prakerja_console.store.dashboard import FunnelCount, funnel_by_wave, wave_funnel
from prakerja_console.store.ingest import apply_page
from prakerja_console.store.migrations import prepare
from prakerja_console.sync.protocol import Table, columns_of
from tests.store import factory as f

A, E = Table.APPLICANTS, Table.WAVE_ENTRIES


def grouped(conn: sqlite3.Connection) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The summaries' nonzero rows, and the same counts grouped from the live tables."""
    summary = (
        conn.execute(
            "SELECT wave_id, province_code, stage, side_state, n FROM funnel_counts"
            " WHERE n != 0 ORDER BY 1, 2, 3, 4"
        ).fetchall()
        + conn.execute(
            "SELECT wave_id, outcome, n FROM entry_counts WHERE n != 0 ORDER BY 1, 2"
        ).fetchall()
    )
    truth = (
        conn.execute(
            "SELECT coalesce(wave_id, 0), coalesce(province_code, ''), stage,"
            " coalesce(side_state, ''), count(*) FROM applicants GROUP BY 1, 2, 3, 4"
            " ORDER BY 1, 2, 3, 4"
        ).fetchall()
        + conn.execute(
            "SELECT wave_id, outcome, count(*) FROM wave_entries GROUP BY 1, 2 ORDER BY 1, 2"
        ).fetchall()
    )
    return summary, truth


def test_a_snapshot_builds_the_counts(sync: sqlite3.Connection, reader: sqlite3.Connection) -> None:
    f.load(
        sync,
        {
            A: [
                f.applicant(1, wave_id=1, province_code="32", stage="joined_batch"),
                f.applicant(2, wave_id=1, province_code="32", stage="joined_batch"),
                f.applicant(
                    3,
                    wave_id=1,
                    province_code="31",
                    stage="joined_batch",
                    side_state="not_accepted",
                ),
                f.applicant(4, wave_id=2, province_code="32", stage="accepted"),
                f.applicant(5),  # never joined, no province
            ],
            E: [
                f.row(E, 1, applicant_id=1, wave_id=1, outcome="pending"),
                f.row(E, 2, applicant_id=3, wave_id=1, outcome="not_accepted"),
                f.row(E, 3, applicant_id=4, wave_id=1, outcome="not_accepted"),
                f.row(E, 4, applicant_id=4, wave_id=2, outcome="accepted"),
            ],
        },
    )
    first = wave_funnel(reader, 1)
    assert first.funnel == (
        FunnelCount("joined_batch", None, 2),
        FunnelCount("joined_batch", "not_accepted", 1),
    )
    assert first.applicants == 3
    assert dict(first.provinces) == {"31": 1, "32": 2}
    assert dict(first.entries) == {"not_accepted": 2, "pending": 1}  # re-joins counted
    assert first.reached()["nik_verified"] == 3
    assert first.reached()["accepted"] == 0

    jakarta = wave_funnel(reader, 1, province_code="31")
    assert jakarta.funnel == (FunnelCount("joined_batch", "not_accepted", 1),)

    assert wave_funnel(reader, None).funnel == (FunnelCount("registered", None, 1),)
    assert dict(wave_funnel(reader, None).provinces) == {None: 1}
    assert funnel_by_wave(reader) == {
        None: (FunnelCount("registered", None, 1),),
        1: first.funnel,
        2: (FunnelCount("accepted", None, 1),),
    }
    assert funnel_by_wave(reader, province_code="31") == {1: jakarta.funnel}


def test_pulled_changes_move_the_counts(
    sync: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    f.load(sync, {A: [f.applicant(1, wave_id=1, stage="nik_verified"), f.applicant(2)]})
    apply_page(
        sync,
        f.changes(
            "c2",
            upserts={
                A: [
                    f.applicant(1, wave_id=1, stage="joined_batch", version=2),
                    f.applicant(3, wave_id=1, stage="nik_verified"),
                ],
                E: [f.row(E, 1, applicant_id=1, wave_id=1, outcome="pending")],
            },
            deletes={A: [2]},
        ),
        now=f.T0,
    )
    assert wave_funnel(reader, 1).funnel == (
        FunnelCount("nik_verified", None, 1),
        FunnelCount("joined_batch", None, 1),
    )
    assert wave_funnel(reader, None).funnel == ()
    assert dict(wave_funnel(reader, 1).entries) == {"pending": 1}


def test_a_change_outside_the_grouped_columns_does_not_touch_the_counts(
    sync: sqlite3.Connection,
) -> None:
    f.load(sync, {A: [f.applicant(1, name="Siti Rahayu")]})
    statements: list[str] = []
    sync.set_trace_callback(statements.append)
    apply_page(
        sync, f.changes("c2", upserts={A: [f.applicant(1, name="Siti R.", version=2)]}), now=f.T0
    )
    sync.set_trace_callback(None)
    assert not [s for s in statements if "funnel_counts" in s]


def test_any_writer_keeps_them_right(sync: sqlite3.Connection) -> None:
    """A local effect or a repair writes the table directly: the triggers still count."""
    f.load(sync, {A: [f.applicant(1), f.applicant(2)]})
    with transaction(sync):
        sync.execute("UPDATE applicants SET stage = 'email_verified', province_code = '35'")
    summary, truth = grouped(sync)
    assert summary == truth == [(0, "35", "email_verified", "", 2)]


def test_a_new_mirror_has_empty_counts(reader: sqlite3.Connection) -> None:
    assert wave_funnel(reader, 1).funnel == ()
    assert funnel_by_wave(reader) == {}


# -- property: the counts always equal a GROUP BY of the rows ------------------------------

stages = st.sampled_from(["registered", "nik_verified", "joined_batch", "accepted", "later_stage"])
applicant_values = st.fixed_dictionaries(
    {
        "wave_id": st.sampled_from([None, 1, 2]),
        "province_code": st.sampled_from([None, "31", "32"]),
        "stage": stages,
        "side_state": st.sampled_from([None, "not_accepted", "revoked"]),
        "name": st.sampled_from(["Siti", "Budi"]),
    }
)
entry_values = st.fixed_dictionaries(
    {
        "wave_id": st.sampled_from([1, 2]),
        "outcome": st.sampled_from(["pending", "accepted", "not_accepted"]),
    }
)
ids = st.integers(min_value=1, max_value=8)
page = st.tuples(
    st.dictionaries(ids, applicant_values, max_size=5),
    st.dictionaries(ids, entry_values, max_size=4),
    st.lists(ids, max_size=3),
    st.lists(ids, max_size=2),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    snapshot=st.dictionaries(ids, applicant_values, max_size=6),
    pages=st.lists(page, max_size=6),
    resnapshot_at=st.integers(min_value=0, max_value=6),
)
def test_counts_always_equal_a_group_by(
    snapshot: dict[int, dict[str, Any]],
    pages: list[tuple[dict[int, Any], dict[int, Any], list[int], list[int]]],
    resnapshot_at: int,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mirror.db"
        prepare(path, device_id="device-prop-0001")
        conn = connect(path, Purpose.SYNC)
        try:
            version = 1
            f.load(conn, {A: [f.applicant(i, **v) for i, v in snapshot.items()]})
            for number, (applicants, entries, gone, gone_entries) in enumerate(pages, start=2):
                version += 1
                if number - 2 == resnapshot_at:
                    rows = conn.execute("SELECT * FROM applicants").fetchall()
                    wire = len(columns_of(A))
                    f.load(conn, {A: [list(row[:wire]) for row in rows]}, cursor=f"r{number}")
                apply_page(
                    conn,
                    f.changes(
                        f"c{number}",
                        upserts={
                            A: [
                                f.applicant(i, version=version, **v) for i, v in applicants.items()
                            ],
                            E: [
                                f.row(E, i, applicant_id=i, version=version, **v)
                                for i, v in entries.items()
                            ],
                        },
                        deletes={A: gone, E: gone_entries},
                    ),
                    now=f.T0,
                )
                summary, truth = grouped(conn)
                assert summary == truth
        finally:
            conn.close()
