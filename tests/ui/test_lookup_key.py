"""F1 always lands in the lookup's search field, whatever was opened on top of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from prakerja_console.ui.app import ConsoleApp
from prakerja_console.ui.screens.applicant import ApplicantScreen
from prakerja_console.ui.screens.lookup import LookupScreen
from prakerja_console.ui.screens.note_dialog import NoteDialog
from tests.ui.conftest import SIZE, MakeApp, settle, type_text

pytestmark = pytest.mark.anyio


def search_field(app: ConsoleApp) -> Input:
    screen = app.screen
    assert isinstance(screen, LookupScreen)
    return screen.query_one("#search", Input)


async def test_f1_over_a_ticket_and_an_applicant_types_into_the_search(
    make_app: MakeApp, small_mirror: Path
) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "siti")
        await settle(pilot)
        await pilot.press("enter")  # the first applicant
        await settle(pilot)
        assert isinstance(app.screen, ApplicantScreen)
        assert app.commands.run(app, ":tiket 64") is None  # a ticket on top of it
        await settle(pilot)
        assert len(app.screen_stack) == 3
        await pilot.press("f1")
        await settle(pilot)
        assert len(app.screen_stack) == 1  # one esc no longer needed per screen
        field = search_field(app)
        assert app.focused is field
        assert field.selected_text == "siti"  # kept, and replaced by the first letter
        await type_text(pilot, "dsa")  # merge, status, assign keys on a ticket
        await settle(pilot)
        assert search_field(app).value == "dsa"


async def test_f1_from_another_mode_comes_back_to_the_search(
    make_app: MakeApp, small_mirror: Path
) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "siti")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert len(app.screen_stack) == 1
        assert app.focused is search_field(app)
        await type_text(pilot, "budi")
        await settle(pilot)
        assert search_field(app).value == "budi"


async def test_f1_leaves_an_open_dialog_alone(make_app: MakeApp, small_mirror: Path) -> None:
    """F1 would close the dialog and lose what was typed: the dialog is answered first."""
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "siti")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.push_screen(NoteDialog())
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
