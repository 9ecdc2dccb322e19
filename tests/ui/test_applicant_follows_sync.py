"""The applicant's detail follows the mirror: an action the sync sent stops looking queued."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from prakerja_console.services.outbox import ActionType
from prakerja_console.ui.screens.applicant import ApplicantScreen
from tests.services.small_mirror import BUDI
from tests.tickets.ui.helpers import answer_pending
from tests.ui.conftest import SIZE, MakeApp, settle

pytestmark = pytest.mark.anyio


async def test_a_sent_action_leaves_the_queued_panel(make_app: MakeApp, mirror_copy: Path) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_applicant(BUDI)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ApplicantScreen)
        await pilot.press("e")
        await settle(pilot)
        assert screen.detail is not None
        assert [action.type for action in screen.detail.actions] == [
            ActionType.RESEND_VERIFICATION_EMAIL
        ]
        assert screen.query_one("#queued-actions", Static).display
        answer_pending(mirror_copy, "applied")  # what the engine records from the central
        app.refresh_status()  # the header's next reading, as after a sync round
        await settle(pilot)
        assert screen.detail.actions == ()
        assert not screen.query_one("#queued-actions", Static).display
