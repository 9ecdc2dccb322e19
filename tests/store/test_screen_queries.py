"""The screens' smaller reads: e-mail prefix scan, waves, the action queue, personal data."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prakerja_console.store import outbox
from prakerja_console.store.connection import Purpose, connect
from prakerja_console.store.migrations import prepare
from prakerja_console.store.outbox import NewAction
from prakerja_console.store.queries import FETCH_CAP
from prakerja_console.store.records import OutboxAction
from prakerja_console.store.screen_queries import (
    applicant_pii,
    applicant_province,
    email_prefix_page,
    queue_rows,
    wave_number,
    wave_number_map,
    wave_rows,
)
from prakerja_console.sync.protocol import MutationResult, MutationType, Table
from tests.store import factory as f

EMAILS = [
    "siti@gmail.com",
    "Siti.Rahayu@Gmail.com",
    "siti.rahayu@gmail.com.au",
    "sitinur@yahoo.co.id",
    "budi@gmail.com",
    "situ@gmail.com",
]


def _load(sync: sqlite3.Connection, emails: list[str]) -> None:
    f.load(
        sync,
        {
            Table.APPLICANTS: [
                f.applicant(
                    i, email=email, nik=f"32010141019{i:05d}", province_code="32" if i % 2 else "35"
                )
                for i, email in enumerate(emails, start=1)
            ],
            Table.WAVES: [
                f.row(Table.WAVES, 7, number=2, name="Gelombang 2", opens_at=f.T0 + 100),
                f.row(Table.WAVES, 3, number=1, name="Gelombang 1", opens_at=f.T0),
            ],
        },
    )


def _all_pages(reader: sqlite3.Connection, prefix: str, limit: int) -> list[int]:
    found: list[int] = []
    after = None
    while True:
        items, after = email_prefix_page(reader, prefix, after, limit)
        found += [item.id for item in items]
        if after is None:
            return found


def test_email_prefix_lists_matches_in_address_order_exact_first(
    sync: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    _load(sync, EMAILS)
    items, after = email_prefix_page(reader, "siti.rahayu@gmail.com", None, 10)
    assert [item.id for item in items] == [2, 3]  # the complete address sorts first
    assert after is None
    assert _all_pages(reader, "sit", 1) == [2, 3, 1, 4, 6]  # "." sorts before "@"
    assert _all_pages(reader, "zzz", 5) == []


def test_email_prefix_pages_are_capped(
    sync: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    _load(sync, [f"user{i:04d}@example.id" for i in range(FETCH_CAP + 20)])
    items, after = email_prefix_page(reader, "user", None, 10_000)
    assert len(items) == FETCH_CAP
    assert after == (f"user{FETCH_CAP - 1:04d}@example.id", FETCH_CAP)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    emails=st.lists(
        st.from_regex(r"[a-c]{1,4}@[a-c]{1,2}\.id", fullmatch=True),
        min_size=1,
        max_size=25,
        unique=True,
    ),
    prefix=st.from_regex(r"[a-c@]{1,3}", fullmatch=True),
    limit=st.integers(1, 6),
)
def test_email_prefix_pages_find_exactly_the_addresses_that_start_so(
    tmp_path_factory: pytest.TempPathFactory, emails: list[str], prefix: str, limit: int
) -> None:
    path = tmp_path_factory.mktemp("prefix") / "mirror.db"
    prepare(path, device_id="device-test-0001")
    sync, reader = connect(path, Purpose.SYNC), connect(path, Purpose.READ)
    try:
        _load(sync, emails)
        expected = sorted(
            (email.lower(), i)
            for i, email in enumerate(emails, start=1)
            if email.startswith(prefix)
        )
        assert _all_pages(reader, prefix, limit) == [i for _email, i in expected]
    finally:
        sync.close()
        reader.close()


def test_waves_by_id_and_in_schedule_order(
    sync: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    _load(sync, EMAILS[:1])
    assert wave_number_map(reader) == {3: 1, 7: 2}
    assert (wave_number(reader, 7), wave_number(reader, 4)) == (2, None)
    rows = wave_rows(reader)
    assert [(row["id"], row["name"]) for row in rows] == [(3, "Gelombang 1"), (7, "Gelombang 2")]
    assert set(rows[0]) >= {"opens_at", "closes_at", "quota", "dtks_policy", "revocation_days"}


def test_queue_lists_what_needs_a_person_newest_first(
    sync: sqlite3.Connection, reader: sqlite3.Connection, outbox_conn: sqlite3.Connection
) -> None:
    _load(sync, EMAILS[:1])
    made = [
        outbox.enqueue(
            outbox_conn,
            NewAction(MutationType.ADD_NOTE, {"applicant_id": 1, "body": str(i)}),
            actor="siti.agent",
            now=f.T0,
        )
        for i in range(4)
    ]
    applied, rejected, conflict, _pending = made
    outbox.record_results(
        outbox_conn,
        [
            MutationResult(id=applied.id, seq=applied.seq, status="applied"),
            MutationResult(id=rejected.id, seq=rejected.seq, status="rejected"),
            MutationResult(id=conflict.id, seq=conflict.seq, status="conflict"),
        ],
        now=f.T0,
    )
    listed = [OutboxAction.from_row(row) for row in queue_rows(reader, 10)]
    assert [action.seq for action in listed] == [made[3].seq, conflict.seq, rejected.seq]
    assert [action.id for action in (OutboxAction.from_row(r) for r in queue_rows(reader, 1))] == [
        made[3].id
    ]


def test_personal_data_and_province_of_one_applicant(
    sync: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    _load(sync, EMAILS[:2])
    pii = applicant_pii(reader, 1)
    assert pii is not None
    assert pii["email"] == "siti@gmail.com"
    assert pii["nik"] == "3201014101900001"
    assert set(pii) == {"nik", "kk_number", "email", "phone", "birth_date", "province_code"}
    assert applicant_pii(reader, 99) is None
    assert applicant_province(reader, 1) == (True, "32")
    assert applicant_province(reader, 2) == (True, "35")
    assert applicant_province(reader, 99) == (False, None)
