"""Dialogs on a small terminal: the buttons stay in sight and the fields scroll between
the title and the buttons; ``ctrl+s`` confirms from any field."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Static

from prakerja_console.services.applicant import PiiField
from prakerja_console.ui.app import ConsoleApp
from prakerja_console.ui.screens.dialog import ConsoleDialog
from prakerja_console.ui.screens.reveal_dialog import RevealDialog
from prakerja_console.ui.screens.ticket_create_dialog import TicketCreateDialog
from tests.ui.conftest import MakeApp, settle, type_text

pytestmark = pytest.mark.anyio
SMALL = (80, 24)


def in_sight(app: ConsoleApp, widget: Widget) -> bool:
    """Whether the whole widget is drawn: inside the screen and the dialog's frame."""
    frame = app.screen.query_one("#dialog").region
    return app.screen.region.contains_region(widget.region) and frame.contains_region(widget.region)


def dialogs() -> list[ConsoleDialog[object]]:
    return [RevealDialog(tuple(PiiField)), TicketCreateDialog()]  # type: ignore[list-item]


@pytest.mark.parametrize("size", [SMALL, (120, 36)])
@pytest.mark.parametrize("index", [0, 1], ids=["reveal", "new-ticket"])
async def test_the_buttons_are_in_sight_on_a_small_terminal(
    make_app: MakeApp, small_mirror: Path, size: tuple[int, int], index: int
) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.push_screen(dialogs()[index])
        await settle(pilot)
        for button in ("#confirm", "#cancel"):
            assert in_sight(app, app.screen.query_one(button, Button)), button
        assert "^s" in str(app.screen.query_one("#dialog-keys", Static).render())


async def test_the_new_ticket_form_scrolls_to_its_last_field(
    make_app: MakeApp, small_mirror: Path
) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.push_screen(TicketCreateDialog())
        await settle(pilot)
        body = app.screen.query_one("#dialog-body", VerticalScroll)
        assert body.max_scroll_y > 0  # the form is taller than the room it has
        take_it = app.screen.query_one("#take-it", Checkbox)
        take_it.focus()
        await settle(pilot)
        assert body.region.contains_region(take_it.region)
        assert in_sight(app, app.screen.query_one("#confirm", Button))


async def test_ctrl_s_confirms_from_the_field(make_app: MakeApp, small_mirror: Path) -> None:
    app = make_app(small_mirror)
    answers: list[object] = []
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.push_screen(RevealDialog((PiiField.NIK,)), answers.append)
        await settle(pilot)
        await type_text(pilot, "applicant on the phone")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert answers == [(PiiField.NIK, "applicant on the phone")]
