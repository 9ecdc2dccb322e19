"""Local effects stay visible on top of the central's rows until the central shows them."""

from __future__ import annotations

import sqlite3

import pytest

from prakerja_console.store import outbox, queries
from prakerja_console.store.ingest import apply_page
from prakerja_console.store.outbox import NewAction
from prakerja_console.store.records import RegistryCheck
from prakerja_console.sync.protocol import MutationResult, MutationType, Table
from tests.store import factory as f

AGENT = "dewi.jabar"
CHECKS = Table.REGISTRY_CHECKS


@pytest.fixture
def loaded(sync: sqlite3.Connection) -> sqlite3.Connection:
    f.load(
        sync,
        {
            Table.APPLICANTS: [f.applicant(1), f.applicant(2)],
            CHECKS: [
                f.row(
                    CHECKS,
                    10,
                    applicant_id=1,
                    result="mismatch",
                    checked_at=f.T0,
                    detail='{"birth_date": "1990-01-11"}',
                )
            ],
        },
    )
    return sync


def reverify(conn: sqlite3.Connection, applicant: int = 1, now: int = f.T0 + 100) -> outbox.Queued:
    return outbox.enqueue(
        conn,
        NewAction(MutationType.REQUEST_REVERIFICATION, {"applicant_id": applicant}),
        actor=AGENT,
        now=now,
    )


def checks(reader: sqlite3.Connection, applicant: int = 1) -> list[tuple[object, ...]]:
    bundle = queries.applicant_bundle(reader, applicant)
    assert bundle is not None
    return [(c.id, c.result, c.version, c.pending) for c in bundle.registry_checks]


def answer(conn: sqlite3.Connection, queued: outbox.Queued, status: str, **values: object) -> None:
    outbox.record_results(
        conn, [MutationResult(id=queued.id, seq=queued.seq, status=status, **values)], now=f.T0
    )  # type: ignore[arg-type]


def pull(
    conn: sqlite3.Connection, cursor: str, *, has_more: bool = True, **upserts: list[list[object]]
) -> None:
    apply_page(
        conn,
        f.changes(cursor, upserts={Table(k): v for k, v in upserts.items()}, has_more=has_more),
        now=f.T0,
    )


def test_a_pending_change_is_reapplied_on_top_of_a_newer_central_row(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    reverify(outbox_conn)
    assert checks(reader) == [(10, "pending", 1, True)]
    # the central resolved an older request meanwhile: version 2 says "match"
    pull(
        loaded, "c2", registry_checks=[f.row(CHECKS, 10, applicant_id=1, result="match", version=2)]
    )
    assert checks(reader) == [(10, "pending", 2, True)]
    # the request is applied at the central; until its row arrives the user still sees it
    (queued,) = [outbox.Queued(m.id, m.seq) for m in outbox.pending_batch(outbox_conn)]
    answer(outbox_conn, queued, "applied", entity_id=10, entity_version=3)
    assert checks(reader) == [(10, "pending", 2, True)]
    pull(
        loaded,
        "c3",
        registry_checks=[f.row(CHECKS, 10, applicant_id=1, result="pending", version=3)],
    )
    assert checks(reader) == [(10, "pending", 3, False)]
    assert loaded.execute("SELECT count(*) FROM effect_patches").fetchone() == (0,)


def test_a_rejected_change_restores_the_central_row(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    before = loaded.execute("SELECT * FROM registry_checks").fetchall()
    queued = reverify(outbox_conn)
    answer(outbox_conn, queued, "rejected", reason_code="forbidden")
    assert loaded.execute("SELECT * FROM registry_checks").fetchall() == before


def test_stacked_changes_unwind_in_order(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    before = loaded.execute("SELECT * FROM registry_checks").fetchall()
    first = reverify(outbox_conn, now=f.T0 + 100)
    second = reverify(outbox_conn, now=f.T0 + 200)
    answer(outbox_conn, second, "rejected")
    requested = reader.execute("SELECT requested_at FROM registry_checks WHERE id = 10").fetchone()
    assert requested == (f.T0 + 100,)  # the first request still shows
    answer(outbox_conn, first, "rejected")
    assert loaded.execute("SELECT * FROM registry_checks").fetchall() == before


def test_without_a_central_row_the_effect_is_a_local_row(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    queued = reverify(outbox_conn, applicant=2)
    assert checks(reader, 2) == [(-1, "pending", 0, True)]
    answer(outbox_conn, queued, "conflict")
    assert checks(reader, 2) == []


def test_a_central_delete_under_a_pending_change_keeps_it_visible(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    reverify(outbox_conn)
    apply_page(loaded, f.changes("c2", deletes={CHECKS: [10]}), now=f.T0)
    assert checks(reader) == [(-1, "pending", 0, True)]


def test_a_local_note_is_replaced_when_the_central_note_arrives(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    queued = outbox.enqueue(
        outbox_conn,
        NewAction(MutationType.ADD_NOTE, {"applicant_id": 1, "body": "Minta KTP ulang"}),
        actor=AGENT,
        now=f.T0,
    )
    answer(outbox_conn, queued, "applied", entity_id=77, entity_version=1)
    pull(loaded, "c2", notes=[f.row(Table.NOTES, 5, applicant_id=2)])  # not ours
    bundle = queries.applicant_bundle(reader, 1)
    assert [(n.id, n.pending) for n in bundle.notes] == [(-1, True)]  # type: ignore[union-attr]
    pull(
        loaded,
        "c3",
        notes=[
            f.row(
                Table.NOTES, 77, applicant_id=1, author=AGENT, body="Minta KTP ulang", at=f.T0 + 1
            )
        ],
    )
    bundle = queries.applicant_bundle(reader, 1)
    assert [(n.id, n.body, n.pending) for n in bundle.notes] == [(77, "Minta KTP ulang", False)]  # type: ignore[union-attr]


def test_a_pull_that_catches_up_retires_every_answered_action(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    queued = outbox.enqueue(
        outbox_conn,
        NewAction(
            MutationType.REVEAL_PII,
            {
                "table": "applicants",
                "record_id": 1,
                "field": "nik",
                "reason": "Konfirmasi identitas",
            },
        ),
        actor=AGENT,
        now=f.T0,
    )
    waiting = reverify(outbox_conn)
    answer(outbox_conn, queued, "duplicate")
    pull(loaded, "c2")
    audit = queries.applicant_bundle(reader, 1).audit  # type: ignore[union-attr]
    assert [(a.field, a.reason, a.pending) for a in audit] == [
        ("nik", "Konfirmasi identitas", True)
    ]
    pull(loaded, "c3", has_more=False)
    assert queries.applicant_bundle(reader, 1).audit == ()  # type: ignore[union-attr]
    # the pending request is untouched by the catch-up
    assert checks(reader) == [(10, "pending", 1, True)]
    assert outbox.pending_batch(outbox_conn)[0].id == waiting.id


def test_an_offline_ticket_is_confirmed_by_its_client_ref(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    queued = outbox.enqueue(
        outbox_conn,
        NewAction(MutationType.RESEND_VERIFICATION_EMAIL, {"applicant_id": 1}),
        actor=AGENT,
        now=f.T0,
    )
    answer(outbox_conn, queued, "applied")
    assert len(queries.applicant_bundle(reader, 1).audit) == 1  # type: ignore[union-attr]
    pull(loaded, "c2", tickets=[f.row(Table.TICKETS, 3, client_ref=queued.id)])
    assert queries.applicant_bundle(reader, 1).audit == ()  # type: ignore[union-attr]


def test_the_pending_flag_reads_back_as_a_bool(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    reverify(outbox_conn)
    (check,) = queries.applicant_bundle(reader, 1).registry_checks  # type: ignore[union-attr]
    assert isinstance(check, RegistryCheck)
    assert check.pending is True
