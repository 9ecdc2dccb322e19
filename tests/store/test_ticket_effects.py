"""Optimistic ticket effects recompute due times from the status history in the order it happened."""

from __future__ import annotations

import sqlite3

from prakerja_console.domain.ticket_rows import due_columns, status_change_data
from prakerja_console.store import outbox
from prakerja_console.store.outbox import NewAction
from prakerja_console.sync.protocol import MutationType, Table
from tests.store import factory as f

AGENT = "siti.agent"
HOUR = 3_600
MONDAY_9_WIB = 1_586_138_400  # 2020-04-06 09:00 in Jakarta: office hours, the clocks run


def _queue(conn: sqlite3.Connection, kind: MutationType, now: int, **payload: object) -> None:
    outbox.enqueue(conn, NewAction(kind, {"ticket_id": 1, **payload}), actor=AGENT, now=now)


def _due(conn: sqlite3.Connection) -> tuple[int, int]:
    row = conn.execute(
        "SELECT first_response_due, resolution_due FROM tickets WHERE id = 1"
    ).fetchone()
    return int(row[0]), int(row[1])


def test_two_status_changes_in_one_second_replay_in_the_order_they_were_queued(
    sync: sqlite3.Connection, outbox_conn: sqlite3.Connection
) -> None:
    """Local events get ids -1, -2 …: the later one must not be replayed as the earlier one.

    Paused and resumed within one second, the ticket is being worked again; a priority
    change an hour later must count that hour, not treat the ticket as still paused.
    """
    values = {"created_at": MONDAY_9_WIB, "first_responded_at": MONDAY_9_WIB + 600}
    ticket = f.record(Table.TICKETS, 1, **values)
    f.load(
        sync,
        {Table.APPLICANTS: [f.applicant(1)], Table.TICKETS: [f.row(Table.TICKETS, 1, **values)]},
    )
    paused_at = MONDAY_9_WIB + HOUR
    _queue(
        outbox_conn,
        MutationType.TICKET_SET_STATUS,
        paused_at,
        status="pending_applicant",
        seen_status="open",
    )
    _queue(
        outbox_conn,
        MutationType.TICKET_SET_STATUS,
        paused_at,
        status="open",
        seen_status="pending_applicant",
    )
    later = paused_at + HOUR
    _queue(
        outbox_conn,
        MutationType.TICKET_SET_PRIORITY,
        later,
        priority="high",
        seen_priority="normal",
    )

    history = [
        ("status", status_change_data("open", "pending_applicant"), paused_at),
        ("status", status_change_data("pending_applicant", "open"), paused_at),
    ]
    expected = due_columns({**ticket, "priority": "high"}, history, later)
    still_paused = due_columns({**ticket, "priority": "high"}, history[::-1], later)
    assert expected != still_paused  # the order is what this test is about
    assert _due(outbox_conn) == (expected["first_response_due"], expected["resolution_due"])
