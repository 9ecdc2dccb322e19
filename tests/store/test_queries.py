"""Lookups by key, the detail bundle, the header facts and the convergence checksum."""

from __future__ import annotations

import sqlite3

import pytest

from prakerja_console.store import outbox, queries
from prakerja_console.store.outbox import NewAction
from prakerja_console.store.records import ApplicantSummary, Page
from prakerja_console.store.state import set_session
from prakerja_console.sync.protocol import MutationType, Table, checksum_term
from tests.store import factory as f

SHARED_NIK = "3201014101900001"
KK = "3201010101200001"


@pytest.fixture
def loaded(sync: sqlite3.Connection) -> sqlite3.Connection:
    f.load(
        sync,
        {
            Table.APPLICANTS: [
                f.applicant(
                    1,
                    name="Siti Rahayu",
                    nik=SHARED_NIK,
                    kk_number=KK,
                    email="Siti.Rahayu@Gmail.com",
                    stage="nik_verified",
                    reason_code="nik_verified",
                ),
                f.applicant(
                    2, name="Siti R.", nik=SHARED_NIK, kk_number=KK, reason_code="nik_already_used"
                ),
                f.applicant(3, name="Budi", kk_number=KK),
                *[f.applicant(i, kk_number="3201010101209999") for i in range(10, 25)],
            ],
            Table.WAVES: [
                f.row(Table.WAVES, 1, number=1, name="Gelombang 1"),
                f.row(Table.WAVES, 2, number=2, name="Gelombang 2"),
            ],
            Table.WAVE_ENTRIES: [
                f.row(
                    Table.WAVE_ENTRIES,
                    1,
                    applicant_id=1,
                    wave_id=1,
                    joined_at=f.T0,
                    outcome="not_accepted",
                ),
                f.row(
                    Table.WAVE_ENTRIES,
                    2,
                    applicant_id=1,
                    wave_id=2,
                    joined_at=f.T0 + 9,
                    outcome="pending",
                ),
                f.row(Table.WAVE_ENTRIES, 3, applicant_id=2, wave_id=2),
            ],
            Table.REGISTRY_CHECKS: [
                f.row(Table.REGISTRY_CHECKS, 1, applicant_id=1, registry="dukcapil"),
                f.row(
                    Table.REGISTRY_CHECKS,
                    2,
                    applicant_id=1,
                    registry="dtks",
                    result="not_recipient",
                ),
            ],
            Table.TICKETS: [
                f.row(Table.TICKETS, 1, applicant_id=1, created_at=f.T0),
                f.row(Table.TICKETS, 2, applicant_id=1, created_at=f.T0 + 5),
            ],
            Table.NOTES: [f.row(Table.NOTES, 1, applicant_id=1, body="Sudah kirim ulang e-mail")],
            Table.VERIFICATION_CASES: [
                f.row(Table.VERIFICATION_CASES, 1, applicant_id=2, kind="duplicate_nik")
            ],
            Table.AUDIT_LOG: [
                f.row(Table.AUDIT_LOG, 1, entity="applicants", entity_id=1),
                f.row(Table.AUDIT_LOG, 2, entity="tickets", entity_id=1),
            ],
        },
        scope="32",
    )
    return sync


def ids(page: Page[ApplicantSummary, int]) -> list[int]:
    return [a.id for a in page.items]


def test_a_nik_finds_its_owner_and_everyone_who_claimed_it(
    loaded: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    page = queries.find_by_nik(reader, SHARED_NIK)
    assert [(a.id, a.reason_code) for a in page.items] == [
        (1, "nik_verified"),
        (2, "nik_already_used"),
    ]
    assert page.next_after is None
    assert queries.find_by_nik(reader, "3201014101999999").items == ()


def test_lookups_by_kk_email_phone_and_id(
    loaded: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    assert ids(queries.find_by_kk(reader, KK)) == [1, 2, 3]
    assert ids(queries.find_by_phone(reader, "+6281200000003")) == [3]
    found = queries.get_applicant(reader, 2)
    assert found is not None
    assert found.name == "Siti R."
    assert queries.get_applicant(reader, 999) is None


def test_lookups_page_by_keyset(loaded: sqlite3.Connection, reader: sqlite3.Connection) -> None:
    first = queries.find_by_kk(reader, "3201010101209999", limit=10)
    assert ids(first) == list(range(10, 20))
    assert first.next_after == 19
    second = queries.find_by_kk(reader, "3201010101209999", after=first.next_after, limit=10)
    assert ids(second) == list(range(20, 25))
    assert second.next_after is None


@pytest.mark.parametrize(
    ("query", "index"),
    [
        ("SELECT id FROM applicants WHERE nik = ? AND id > 0 ORDER BY id", "ix_applicants_nik"),
        (
            "SELECT id FROM applicants WHERE kk_number = ? AND id > 0 ORDER BY id",
            "ix_applicants_kk",
        ),
        (
            "SELECT id FROM applicants WHERE lower(email) = lower(?) AND id > 0 ORDER BY id",
            "ix_applicants_email",
        ),
        ("SELECT id FROM applicants WHERE phone = ? AND id > 0 ORDER BY id", "ix_applicants_phone"),
        ("SELECT id FROM registry_checks WHERE applicant_id = ?", "ix_registry_checks_applicant"),
        ("SELECT id FROM wave_entries WHERE applicant_id = ?", "ix_wave_entries_applicant"),
        ("SELECT id FROM tickets WHERE applicant_id = ?", "ix_tickets_applicant"),
        ("SELECT id FROM ticket_events WHERE ticket_id = ?", "ix_ticket_events_ticket"),
        ("SELECT id FROM notes WHERE applicant_id = ?", "ix_notes_applicant"),
        (
            "SELECT id FROM verification_cases WHERE applicant_id = ?",
            "ix_verification_cases_applicant",
        ),
        (
            "SELECT id FROM audit_log WHERE entity = 'applicants' AND entity_id = ?",
            "ix_audit_log_entity",
        ),
    ],
)
def test_every_lookup_is_served_by_an_index(
    loaded: sqlite3.Connection, reader: sqlite3.Connection, query: str, index: str
) -> None:
    plan = str(reader.execute(f"EXPLAIN QUERY PLAN {query}", ("x",)).fetchall())
    assert index in plan
    assert "SCAN" not in plan.replace("SCAN CONSTANT", "")


def test_the_bundle_holds_everything_the_detail_screen_shows(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    queued = outbox.enqueue(
        outbox_conn,
        NewAction(MutationType.ADD_NOTE, {"applicant_id": 1, "body": "Baru saja"}),
        actor="siti.agent",
        now=f.T0 + 50,
    )
    outbox.enqueue(
        outbox_conn,
        NewAction(MutationType.ADD_NOTE, {"applicant_id": 2, "body": "Bukan untuk 1"}),
        actor="siti.agent",
        now=f.T0 + 51,
    )
    bundle = queries.applicant_bundle(reader, 1)
    assert bundle is not None
    assert bundle.applicant.email == "Siti.Rahayu@Gmail.com"
    assert [(c.registry, c.result) for c in bundle.registry_checks] == [
        ("dtks", "not_recipient"),
        ("dukcapil", "match"),
    ]
    assert [(e.wave_number, e.wave_name, e.outcome) for e in bundle.wave_entries] == [
        (1, "Gelombang 1", "not_accepted"),
        (2, "Gelombang 2", "pending"),
    ]
    assert [t.id for t in bundle.tickets] == [2, 1]
    assert [(n.body, n.pending) for n in bundle.notes] == [
        ("Baru saja", True),
        ("Sudah kirim ulang e-mail", False),
    ]
    assert [a.id for a in bundle.audit] == [1]
    assert bundle.verification_cases == ()
    assert [a.id for a in bundle.actions] == [queued.id]
    other = queries.applicant_bundle(reader, 2)
    assert other is not None
    assert [c.kind for c in other.verification_cases] == ["duplicate_nik"]
    assert queries.applicant_bundle(reader, 404) is None


def test_header_facts(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    set_session(outbox_conn, username="dewi.jabar", role="officer", scope="32")
    outbox.enqueue(
        outbox_conn,
        NewAction(MutationType.RESEND_VERIFICATION_EMAIL, {"applicant_id": 2}),
        actor="dewi.jabar",
        now=f.T0,
    )
    facts = queries.header_facts(reader)
    assert (facts.queued, facts.conflicts) == (1, 0)
    assert (facts.cursor, facts.scope, facts.username, facts.role) == (
        "c1",
        "32",
        "dewi.jabar",
        "officer",
    )
    assert facts.last_pull_at == f.T0
    assert facts.last_push_at is None
    assert facts.snapshot_in_progress is False


def test_a_new_scope_calls_for_a_new_snapshot(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection
) -> None:
    assert set_session(outbox_conn, username="dewi.jabar", role="officer", scope="32") is False
    assert set_session(outbox_conn, username="agus.jatim", role="officer", scope="35") is True


def test_checksum_counts_the_central_rows_only_like_the_central(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    before = queries.checksums(reader)
    outbox.enqueue(
        outbox_conn,
        NewAction(MutationType.ADD_NOTE, {"applicant_id": 1, "body": "lokal"}),
        actor="a",
        now=f.T0,
    )
    outbox.enqueue(
        outbox_conn,
        NewAction(MutationType.REQUEST_REVERIFICATION, {"applicant_id": 1}),
        actor="a",
        now=f.T0,
    )
    after = queries.checksums(reader)
    assert after == before
    rows = reader.execute("SELECT id, version FROM applicants").fetchall()
    assert after["applicants"].count == len(rows) == 18
    assert after["applicants"].digest == sum(checksum_term(i, v) for i, v in rows)
    assert after["notes"].digest == checksum_term(1, 1)
    assert after["users"].count == 0
    assert set(after) == {t.value for t in Table}


def test_the_checksum_survives_big_ids_and_versions(
    sync: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    big = [(2**40 + 7, 3), (2**31 - 1, 2**31), (9_007_199_254_740_993, 1)]
    f.load(sync, {Table.APPLICANTS: [f.applicant(i, version=v) for i, v in big]})
    assert queries.table_checksum(reader, Table.APPLICANTS).digest == sum(
        checksum_term(i, v) for i, v in big
    )
