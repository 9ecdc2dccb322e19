"""The help lists every key of the screen below, whatever is focused, with wrapped
descriptions indented under themselves."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from prakerja_console.ui.screens.help import HelpScreen
from tests.ui.conftest import MakeApp, settle

pytestmark = pytest.mark.anyio
NARROW = (80, 30)


def key_lines(app: object) -> dict[str, Static]:
    """Each key's description widget, by the key as shown."""
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, HelpScreen)
    lines: dict[str, Static] = {}
    for row in screen.query(".help-line"):
        key, text = row.query(Static)
        lines.setdefault(str(key.render()).strip(), text)
    return lines


async def test_help_on_the_empty_search_lists_enter_and_down(
    make_app: MakeApp, small_mirror: Path
) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, Input)  # the field takes enter and ↓ itself
        await pilot.press("question_mark")  # typed into the empty field: the help
        await settle(pilot)
        lines = key_lines(app)
        assert str(lines["⏎"].render()) == "Buka pendaftar"
        assert str(lines["↓"].render()) == "Pindah ke hasil pencarian"
        assert str(lines["esc"].render()) == "Kosongkan pencarian dan mulai lagi"


async def test_wrapped_descriptions_are_indented(make_app: MakeApp, small_mirror: Path) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        lines = key_lines(app)
        palette, down = lines["^p"], lines["↓"]
        assert palette.region.height > 1  # too long for one line at 80 columns
        assert palette.region.x == down.region.x  # every row wraps under its own column
        key = palette.parent.query(Static).first()  # type: ignore[union-attr]
        assert palette.region.x > key.region.x
