"""Offline for real: the central process is stopped, 50 ticket actions are made, it comes back.

The central runs as a child process (``central serve``) that the test stops and
restarts on the same port and database; it drops the connection after applying
some batches (``drop_after_apply``), so the engine must retry a push whose
answer was lost. Afterwards every action is applied exactly once at the
central, every ticket created offline carries the central's id in the mirror
(no local ids left), and mirror and central agree.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from prakerja_console.domain.tickets import Category, Channel, Priority, Status
from prakerja_console.services import ConsoleServices
from prakerja_console.services.ticket_actions import TicketDraft
from prakerja_console.store.connection import Purpose, connect
from prakerja_console.store.state import device_state
from tests.support.central import StartProcess
from tests.sync.keyrings import MemoryKeyring
from tests.sync.support import engine_for

TICKETS = 10
ACTIONS_PER_TICKET = 5  # create, reply, note, open, raise the priority
APPLICANT = 1  # Siti, in the small scenario


def now() -> datetime:
    return datetime.now(UTC)


def test_fifty_actions_made_offline_are_pushed_once_and_local_ids_reconciled(
    central_process: StartProcess, tmp_path: Path
) -> None:
    central = central_process("--faults", "drop_after_apply=0.3,seed=11")
    mirror = tmp_path / "siti.db"
    engine = engine_for(central.url, mirror, MemoryKeyring())
    assert engine.sync_once().ok
    services = ConsoleServices(mirror, now)
    services.facts()
    central.stop()
    try:
        created = []
        for number in range(TICKETS):
            filed = services.ticket_actions.create(
                TicketDraft(
                    Category.EMAIL_NOT_RECEIVED,
                    Channel.PHONE,
                    Priority.NORMAL,
                    f"Email verifikasi tidak masuk ({number})",
                    APPLICANT,
                )
            )
            created.append(filed.key)
            actions = services.ticket_actions
            actions.reply(services.tickets.detail(filed.key).ticket, f"Balasan {number}")
            actions.note(services.tickets.detail(filed.key).ticket, f"Catatan {number}")
            actions.set_status(services.tickets.detail(filed.key).ticket, Status.OPEN)
            actions.set_priority(services.tickets.detail(filed.key).ticket, Priority.HIGH)
        assert all(key.id < 0 for key in created)

        offline = engine.sync_once()
        assert not offline.ok
        assert offline.online is False
        assert offline.queued == TICKETS * ACTIONS_PER_TICKET

        central.restart()
        pushed: dict[str, int] = {}
        for _ in range(5):  # a dropped answer may leave some for the next round
            report = engine.sync_once()
            for outcome, count in report.pushed.items():
                pushed[outcome] = pushed.get(outcome, 0) + count
            if report.ok and report.queued == 0:
                break
        assert report.ok
        assert report.queued == 0
        assert pushed.get("conflict", 0) == pushed.get("rejected", 0) == 0

        conn = connect(mirror, Purpose.READ)
        try:
            statuses = conn.execute(
                "SELECT status, count(*) FROM outbox GROUP BY status"
            ).fetchall()
            local = conn.execute(
                "SELECT (SELECT count(*) FROM tickets WHERE id < 0)"
                " + (SELECT count(*) FROM ticket_events WHERE id < 0)"
            ).fetchone()[0]
            device = device_state(conn).device_id
        finally:
            conn.close()
        assert {status for status, _count in statuses} <= {"applied", "duplicate"}
        assert sum(count for _status, count in statuses) == TICKETS * ACTIONS_PER_TICKET
        assert local == 0
        for key in created:
            detail = services.tickets.detail(key)  # the offline key finds the central's row
            assert detail.ticket.id > 0
            assert (detail.ticket.status, detail.ticket.priority) == (Status.OPEN, Priority.HIGH)
            assert [event.pending for event in detail.events] == [False] * len(detail.events)

        central_db = sqlite3.connect(central.database)
        try:
            (applied,) = central_db.execute(
                "SELECT count(*) FROM idempotency WHERE device_id = ?", (device,)
            ).fetchone()
            (last_seq,) = central_db.execute(
                "SELECT last_seq FROM devices WHERE device_id = ?", (device,)
            ).fetchone()
            refs = [key.ref for key in created]
            marks = ", ".join("?" for _ in refs)
            (tickets,) = central_db.execute(
                f"SELECT count(*) FROM tickets WHERE client_ref IN ({marks})", refs
            ).fetchone()
            (replies,) = central_db.execute(
                f"SELECT count(*) FROM ticket_events WHERE kind = 'reply' AND ticket_id IN"
                f" (SELECT id FROM tickets WHERE client_ref IN ({marks}))",
                refs,
            ).fetchone()
        finally:
            central_db.close()
        assert applied == last_seq == TICKETS * ACTIONS_PER_TICKET  # each once, none skipped
        assert tickets == replies == TICKETS  # nothing applied twice
        assert engine.local_checksums() == engine.central_checksum().tables
    finally:
        services.close()
        engine.close()
