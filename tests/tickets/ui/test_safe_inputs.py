"""Every input of the ticket screens is a SafeInput: text put there by code (a ``:tiket``
filter, a suggested export path, a pasted subject) is sanitised like typed text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from prakerja_console.ui.screens.canned_picker import CannedPicker
from prakerja_console.ui.screens.export_dialog import ExportDialog
from prakerja_console.ui.screens.number_dialog import NumberDialog
from prakerja_console.ui.screens.ticket_create_dialog import TicketCreateDialog
from prakerja_console.ui.widgets.safe_input import SafeInput
from tests.services.small_mirror import FORBIDDEN
from tests.tickets.ui.helpers import opening, queue_of, showing
from tests.ui.conftest import SIZE, MakeApp, settle

pytestmark = pytest.mark.anyio

HOSTILE = "budi \x1b]52;c;ZXZpbA==\x07 \x9b31m \u202egnirts\u202c zero\u200bwidth"


def inputs_are_safe(screen: Any) -> list[Input]:
    found = list(screen.query(Input))
    assert found, f"{type(screen).__name__} has no input"
    assert all(isinstance(field, SafeInput) for field in found), [type(f) for f in found]
    return found


def assert_clean(value: str) -> None:
    assert not any(byte in value for byte in FORBIDDEN), repr(value)


async def test_the_queue_filter_cleans_a_filter_set_by_code(
    make_app: MakeApp, small_mirror: Path
) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await showing("all")(pilot)
        screen = queue_of(app)
        inputs_are_safe(screen)  # the filter, and the ``:`` line every screen has
        field = screen.query_one("#filter", Input)
        screen.filter_for(HOSTILE)
        await settle(pilot)
        assert_clean(field.value)
        assert field.value.startswith("budi ␛]52;c;ZXZpbA==␇")


async def press_and_settle(pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def test_the_new_ticket_and_export_dialogs_clean_their_fields(
    make_app: MakeApp, small_mirror: Path
) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await showing("all")(pilot)
        await press_and_settle(pilot, "n")
        assert isinstance(app.screen, TicketCreateDialog)
        (subject,) = inputs_are_safe(app.screen)
        subject.value = HOSTILE
        assert_clean(subject.value)
        await press_and_settle(pilot, "escape", "x")
        assert isinstance(app.screen, ExportDialog)
        (path,) = inputs_are_safe(app.screen)
        path.value = "/tmp/" + HOSTILE
        assert_clean(path.value)


async def test_the_canned_picker_and_the_number_dialog_clean_their_fields(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        await opening(1)(pilot)
        inputs_are_safe(app.screen)
        await press_and_settle(pilot, "r", "ctrl+t")
        assert isinstance(app.screen, CannedPicker)
        (search,) = inputs_are_safe(app.screen)
        search.value = HOSTILE
        assert_clean(search.value)
        await press_and_settle(pilot, "escape", "escape", "d")
        assert isinstance(app.screen, NumberDialog)
        (number,) = inputs_are_safe(app.screen)
        number.value = HOSTILE
        assert_clean(number.value)
