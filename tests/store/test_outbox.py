"""The outbox: queued with its effect and sequence atomically, answered, conflicts resolved."""

from __future__ import annotations

import sqlite3

import pytest
from pydantic import ValidationError

from prakerja_console.store import effects, outbox, queries
from prakerja_console.store.outbox import NewAction, OutboxError
from prakerja_console.store.state import device_state
from prakerja_console.sync.protocol import MutationResult, MutationType, Table
from tests.store import factory as f

AGENT = "siti.agent"


@pytest.fixture
def loaded(sync: sqlite3.Connection) -> sqlite3.Connection:
    f.load(
        sync,
        {
            Table.APPLICANTS: [f.applicant(1), f.applicant(2)],
            Table.REGISTRY_CHECKS: [
                f.row(Table.REGISTRY_CHECKS, 10, applicant_id=1, result="mismatch")
            ],
        },
    )
    return sync


def note(
    conn: sqlite3.Connection, body: str = "Sudah ditelepon", applicant: int = 1, **kw: object
) -> outbox.Queued:
    return outbox.enqueue(
        conn,
        NewAction(MutationType.ADD_NOTE, {"applicant_id": applicant, "body": body}),
        actor=AGENT,
        now=f.T0,
        **kw,  # type: ignore[arg-type]
    )


def answer(queued: outbox.Queued, status: str, **values: object) -> MutationResult:
    return MutationResult(id=queued.id, seq=queued.seq, status=status, **values)  # type: ignore[arg-type]


def test_actions_get_consecutive_sequence_numbers_and_go_out_in_order(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection
) -> None:
    first = note(outbox_conn, "satu", action_id="action-0001")
    second = outbox.enqueue(
        outbox_conn,
        NewAction(
            MutationType.REVEAL_PII,
            {
                "table": "applicants",
                "record_id": 2,
                "field": "nik",
                "reason": "Verifikasi via telepon",
            },
        ),
        actor=AGENT,
        now=f.T0 + 1,
    )
    assert (first.id, first.seq, second.seq) == ("action-0001", 1, 2)
    batch = outbox.pending_batch(outbox_conn)
    assert [(m.seq, m.type) for m in batch] == [(1, "applicant.add_note"), (2, "audit.reveal_pii")]
    assert batch[0].payload == {"applicant_id": 1, "body": "satu"}
    assert batch[0].entity_id == 1  # the applicant it concerns, unless the caller names one
    assert batch[1].created_at == f.T0 + 1
    assert outbox.queued_count(outbox_conn) == 2
    assert len(outbox.pending_batch(outbox_conn, limit=1)) == 1


def test_the_sequence_never_goes_back_even_when_the_outbox_is_emptied(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection
) -> None:
    note(outbox_conn)
    outbox_conn.execute("DELETE FROM outbox")
    assert note(outbox_conn).seq == 2
    assert device_state(outbox_conn).last_seq == 2


def test_a_bad_payload_queues_nothing(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection
) -> None:
    with pytest.raises(ValidationError):
        outbox.enqueue(
            outbox_conn,
            NewAction(MutationType.ADD_NOTE, {"applicant_id": 1, "body": ""}),
            actor=AGENT,
            now=f.T0,
        )
    with pytest.raises(ValidationError):  # a ticket merge names its survivor
        outbox.enqueue(outbox_conn, NewAction(MutationType.TICKET_MERGE, {}), actor=AGENT, now=f.T0)
    with pytest.raises(ValueError, match="no local handling"):
        effects.kind_of("ticket.teleport")
    assert outbox.queued_count(outbox_conn) == 0
    assert device_state(outbox_conn).last_seq == 0


def test_an_effect_that_fails_takes_its_action_with_it(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection
) -> None:
    outbox_conn.execute(
        "CREATE TEMP TRIGGER no_notes BEFORE INSERT ON notes BEGIN SELECT raise(ABORT, 'disk full'); END"
    )
    with pytest.raises(sqlite3.IntegrityError, match="disk full"):
        note(outbox_conn)
    assert outbox.queued_count(outbox_conn) == 0
    assert device_state(outbox_conn).last_seq == 0


def test_answers_are_recorded_and_failed_effects_undone(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    applied = note(outbox_conn, "diterima")
    conflict = note(outbox_conn, "bentrok")
    rejected = note(outbox_conn, "ditolak")
    outbox.record_results(
        outbox_conn,
        [
            answer(applied, "applied", entity_id=500, entity_version=1),
            answer(conflict, "conflict", reason_code="stale", current={"id": 1, "version": 7}),
            answer(rejected, "rejected", reason_code="forbidden", message="Di luar wilayah Anda"),
        ],
        now=f.T0 + 5,
    )
    assert outbox.queued_count(outbox_conn) == 0
    bundle = queries.applicant_bundle(reader, 1)
    assert bundle is not None
    # the applied note stays visible until the central's row arrives; the others are gone
    assert [n.body for n in bundle.notes] == ["diterima"]
    statuses = {a.id: (a.status, a.reason_code, a.message, a.current) for a in bundle.actions}
    assert statuses == {
        conflict.id: ("conflict", "stale", None, {"id": 1, "version": 7}),
        rejected.id: ("rejected", "forbidden", "Di luar wilayah Anda", None),
    }
    assert device_state(reader).last_push_at == f.T0 + 5
    assert queries.header_facts(reader).conflicts == 1


def test_an_answer_received_twice_is_recorded_once(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection
) -> None:
    queued = note(outbox_conn)
    outbox.record_results(outbox_conn, [answer(queued, "applied")], now=f.T0)
    outbox.record_results(outbox_conn, [answer(queued, "rejected")], now=f.T0 + 1)
    assert outbox_conn.execute("SELECT status, acked_at FROM outbox").fetchall() == [
        ("applied", f.T0)
    ]


def test_an_answer_for_an_action_never_sent_records_nothing(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection
) -> None:
    queued = note(outbox_conn)
    stranger = MutationResult(id="someone-else", seq=1, status="applied")
    wrong_seq = MutationResult(id=queued.id, seq=9, status="applied")
    for bad in (stranger, wrong_seq):
        with pytest.raises(OutboxError, match="did not send"):
            outbox.record_results(outbox_conn, [answer(queued, "applied"), bad], now=f.T0)
    assert outbox.queued_count(outbox_conn) == 1


def test_take_theirs_drops_the_action_without_sending_anything(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection
) -> None:
    queued = note(outbox_conn)
    outbox.record_results(
        outbox_conn, [answer(queued, "conflict", current={"version": 3})], now=f.T0
    )
    outbox.take_theirs(outbox_conn, queued.id, now=f.T0 + 1)
    assert outbox.pending_batch(outbox_conn) == []
    assert queries.header_facts(outbox_conn).conflicts == 0
    row = outbox_conn.execute("SELECT status, resolution, resolved_at FROM outbox").fetchone()
    assert row == ("conflict", "theirs", f.T0 + 1)


def test_keep_mine_queues_the_same_change_on_the_central_version(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    queued = note(outbox_conn, "catatan saya")
    outbox.record_results(
        outbox_conn, [answer(queued, "conflict", current={"id": 1, "version": 4})], now=f.T0
    )
    again = outbox.keep_mine(outbox_conn, queued.id, actor=AGENT, now=f.T0 + 2, new_id="again-001")
    (mutation,) = outbox.pending_batch(outbox_conn)
    assert (mutation.id, mutation.seq, mutation.base_version) == ("again-001", 2, 4)
    assert mutation.payload == {"applicant_id": 1, "body": "catatan saya"}
    original = outbox_conn.execute(
        "SELECT status, resolution, resolved_by FROM outbox WHERE id = ?", (queued.id,)
    ).fetchone()
    assert original == ("conflict", "mine", again.id)
    bundle = queries.applicant_bundle(reader, 1)
    assert [n.body for n in bundle.notes] == ["catatan saya"]  # type: ignore[union-attr]


def test_merge_queues_the_merged_text(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection
) -> None:
    queued = note(outbox_conn, "versi saya")
    outbox.record_results(
        outbox_conn, [answer(queued, "conflict", current={"version": 2})], now=f.T0
    )
    outbox.merge_text(outbox_conn, queued.id, "versi saya + versi mereka", actor=AGENT, now=f.T0)
    (mutation,) = outbox.pending_batch(outbox_conn)
    assert mutation.payload["body"] == "versi saya + versi mereka"
    assert mutation.base_version == 2


def test_only_an_open_conflict_can_be_resolved(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection
) -> None:
    pending = note(outbox_conn)
    with pytest.raises(OutboxError, match="not an open conflict"):
        outbox.take_theirs(outbox_conn, pending.id, now=f.T0)
    outbox.record_results(outbox_conn, [answer(pending, "conflict")], now=f.T0)
    outbox.take_theirs(outbox_conn, pending.id, now=f.T0)
    with pytest.raises(OutboxError, match="not an open conflict"):
        outbox.keep_mine(outbox_conn, pending.id, actor=AGENT, now=f.T0)
    with pytest.raises(OutboxError, match="No queued action"):
        outbox.take_theirs(outbox_conn, "nope", now=f.T0)


def test_text_merge_needs_an_action_with_text(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection
) -> None:
    queued = outbox.enqueue(
        outbox_conn,
        NewAction(MutationType.RESEND_VERIFICATION_EMAIL, {"applicant_id": 1}),
        actor=AGENT,
        now=f.T0,
    )
    outbox.record_results(outbox_conn, [answer(queued, "conflict")], now=f.T0)
    with pytest.raises(OutboxError, match="no text to merge"):
        outbox.merge_text(outbox_conn, queued.id, "x", actor=AGENT, now=f.T0)


def test_a_duplicate_of_a_refused_action_is_refused_here_too(
    loaded: sqlite3.Connection, outbox_conn: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    refused = note(outbox_conn, "ditolak dulu")
    applied = note(outbox_conn, "diterima dulu")
    outbox.record_results(
        outbox_conn,
        [
            answer(refused, "duplicate", original_status="rejected", reason_code="out_of_scope"),
            answer(applied, "duplicate", original_status="applied", entity_id=9, entity_version=1),
        ],
        now=f.T0,
    )
    statuses = dict(outbox_conn.execute("SELECT id, status FROM outbox").fetchall())
    assert statuses == {refused.id: "rejected", applied.id: "duplicate"}
    assert [n.body for n in queries.applicant_bundle(reader, 1).notes] == ["diterima dulu"]  # type: ignore[union-attr]
