"""The sync screen: the queue with the central's answers, and conflicts resolved by a person."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, DataTable, Static, TextArea

from prakerja_console.services.outbox import QueueStatus
from prakerja_console.store.connection import Purpose, connect
from prakerja_console.store.outbox import record_results
from prakerja_console.sync.protocol import MutationResult
from prakerja_console.ui.app import ConsoleApp
from prakerja_console.ui.screens.applicant import ApplicantScreen
from prakerja_console.ui.screens.merge_dialog import MergeDialog
from prakerja_console.ui.screens.sync_status import SyncStatusScreen
from tests.services.small_mirror import SITI
from tests.ui.conftest import SIZE, MakeApp, settle

pytestmark = pytest.mark.anyio


def answer(mirror: Path, status: str, **fields: Any) -> None:
    """The central's answer to every pending action, recorded as the engine records it."""
    conn = connect(mirror, Purpose.OUTBOX)
    try:
        pending = conn.execute("SELECT id, seq FROM outbox WHERE status = 'pending'").fetchall()
        record_results(
            conn, [MutationResult(id=i, seq=s, status=status, **fields) for i, s in pending], now=0
        )
    finally:
        conn.close()


async def sync_screen(app: ConsoleApp, pilot: Any) -> SyncStatusScreen:
    await pilot.press("f5")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, SyncStatusScreen)
    return screen


async def test_a_conflict_is_kept_for_a_person_and_taken_theirs(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.services.actions.add_note(SITI, "punya saya")
        answer(mirror_copy, "conflict", reason_code="stale_base_version", current={"body": "pusat"})
        screen = await sync_screen(app, pilot)
        table = screen.query_one("#queue", DataTable)
        assert table.row_count == 1
        detail = str(screen.query_one("#queue-detail", Static).render())
        assert "punya saya" in detail
        assert "pusat" in detail
        assert screen.check_action("take_theirs", ()) is True
        await pilot.press("t")
        await settle(pilot)
        assert app.services.facts().conflicts == 0
        assert table.row_count == 0


async def test_a_note_conflict_is_merged_into_a_new_queued_note(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.services.actions.add_note(SITI, "punya saya")
        answer(mirror_copy, "conflict", reason_code="stale_base_version", current={"body": "pusat"})
        screen = await sync_screen(app, pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, MergeDialog)
        app.screen.query_one("#merge-text", TextArea).text = "punya saya + pusat"
        app.screen.query_one("#confirm", Button).press()
        await settle(pilot)
        assert app.screen is screen
        (queued,) = app.services.sync.queue()
        assert (queued.status, queued.payload["body"]) == (
            QueueStatus.PENDING,
            "punya saya + pusat",
        )


async def test_rejections_show_the_centrals_reason_and_open_the_applicant(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.services.actions.add_note(SITI, "ditolak")
        answer(
            mirror_copy,
            "rejected",
            reason_code="forbidden",
            message="The role does not allow this action.",
        )
        screen = await sync_screen(app, pilot)
        assert "The role does not allow" in str(screen.query_one("#queue-detail", Static).render())
        assert screen.check_action("keep_mine", ()) is False  # only for conflicts
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ApplicantScreen)
        assert app.screen.applicant_id == SITI
