"""``:tiket N`` opens a ticket the mirror has; any other number is an error on the ``:`` line."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from prakerja_console.ui.screens.lookup import LookupScreen
from prakerja_console.ui.screens.ticket_detail import TicketDetailScreen
from prakerja_console.ui.widgets.command_line import CommandLine
from tests.ui.conftest import SIZE, MakeApp, settle, type_text

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("number", ["99999", "#99999"])
async def test_a_ticket_not_in_the_mirror_is_an_error_on_the_command_line(
    make_app: MakeApp, small_mirror: Path, number: str
) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("colon")
        await type_text(pilot, "tiket ")
        app.screen.query_one("#command-input", Input).insert_text_at_cursor(number)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LookupScreen)  # no empty ticket screen
        line = app.screen.query_one(CommandLine)
        assert line.has_class("-open")
        assert app.screen.query_one("#command-input", Input).value == f"tiket {number}"
        error = str(app.screen.query_one("#command-error", Static).render())
        assert error == "Tidak ada tiket 99999 di konsol ini. Periksa nomornya, atau :sync."
        await pilot.press("escape")
        await settle(pilot)
        assert not line.has_class("-open")


async def test_a_ticket_in_the_mirror_opens(make_app: MakeApp, small_mirror: Path) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("colon")
        await type_text(pilot, "tiket 64")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TicketDetailScreen)
        assert screen.key.id == 64
