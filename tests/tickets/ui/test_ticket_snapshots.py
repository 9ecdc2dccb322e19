"""Snapshots of the ticket queue (every view) and the ticket detail (120×36, fixed clock, data).

Update with ``pytest tests/tickets/ui/test_ticket_snapshots.py --snapshot-update`` and
review the SVGs in ``snapshot_report.html`` before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from prakerja_console.domain.roles import Role
from prakerja_console.services import Operator
from prakerja_console.sync.protocol import Table
from tests.services.small_mirror import HOSTILE_FIRST_ID, NOW_EPOCH, SITI
from tests.tickets.ui.helpers import add_rows, answer_pending, opening, showing
from tests.ui.conftest import SIZE, MakeApp

Snap = Callable[..., bool]
SUPERVISOR = Operator("budi.supervisor", Role.SUPERVISOR)


@pytest.mark.parametrize(
    "view", ["mine", "unassigned", "breaching", "escalated", "category", "status", "all"]
)
def test_each_queue_view(
    snap_compare: Snap, make_app: MakeApp, small_mirror: Path, view: str
) -> None:
    app = make_app(small_mirror)
    assert snap_compare(app, terminal_size=SIZE, run_before=showing(view))


def test_the_queue_filtered_in_english(
    snap_compare: Snap, make_app: MakeApp, small_mirror: Path
) -> None:
    app = make_app(small_mirror, language="en", operator=SUPERVISOR)
    assert snap_compare(
        app, terminal_size=SIZE, run_before=showing("all", "kategori:nik status:xyz")
    )


def test_a_ticket_with_its_conversation(
    snap_compare: Snap, make_app: MakeApp, small_mirror: Path
) -> None:
    app = make_app(small_mirror)
    assert snap_compare(app, terminal_size=SIZE, run_before=opening(1))


def test_hostile_text_in_a_ticket_is_shown_literally(
    snap_compare: Snap, make_app: MakeApp, small_mirror: Path
) -> None:
    app = make_app(small_mirror)
    assert snap_compare(app, terminal_size=SIZE, run_before=opening(HOSTILE_FIRST_ID))


def test_a_ticket_from_a_newer_central_and_a_conflict(
    snap_compare: Snap, make_app: MakeApp, mirror_copy: Path
) -> None:
    add_rows(
        mirror_copy,
        Table.TICKETS,
        {
            "id": 777_001,
            "applicant_id": SITI,
            "category": "crypto_refund",
            "channel": "hologram",
            "priority": "normal",
            "status": "open",
            "subject": "Kategori dari versi pusat yang lebih baru",
            "assignee": "siti.agent",
            "created_by": "rudi.agent",
            "created_at": NOW_EPOCH - 3 * 3600,
            "updated_at": NOW_EPOCH - 3 * 3600,
            "first_response_due": NOW_EPOCH + 3600,
            "province_code": "32",
            "version": 3,
        },
    )
    add_rows(
        mirror_copy,
        Table.TICKET_EVENTS,
        {
            "id": 777_001,
            "ticket_id": 777_001,
            "kind": "teleport",
            "author": "rudi.agent",
            "at": NOW_EPOCH - 3 * 3600,
            "version": 1,
        },
    )
    app = make_app(mirror_copy)

    async def conflicted(pilot):  # type: ignore[no-untyped-def]
        await opening(777_001)(pilot)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("enter")  # the first next status: waiting for the applicant
        from tests.ui.conftest import settle

        await settle(pilot)
        answer_pending(mirror_copy, "conflict", {"status": "resolved", "version": 4})
        pilot.app.screen.reload()  # type: ignore[attr-defined]
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=conflicted)
