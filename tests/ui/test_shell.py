"""The shell: modes keep state, language and theme switch live, ``:`` commands, palette, help,
the header's link state from a (fake) sync engine, keymaps, literal notifications."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable, Input, Static

from prakerja_console.ui.app import ConsoleApp
from prakerja_console.ui.screens.applicant import ApplicantScreen
from prakerja_console.ui.screens.help import HelpScreen
from prakerja_console.ui.screens.lookup import LookupScreen
from prakerja_console.ui.screens.sync_status import SyncStatusScreen
from prakerja_console.ui.widgets.command_line import CommandLine
from tests.services.small_mirror import SITI, SITI_NIK
from tests.ui.conftest import SIZE, MakeApp, settle, type_text

pytestmark = pytest.mark.anyio
DEADLINE_SECONDS = 10.0


def text_of(app: ConsoleApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_modes_keep_each_screens_state(make_app: MakeApp, small_mirror: Path) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "siti")
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, SyncStatusScreen)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, LookupScreen)
        assert app.screen.query_one("#search", Input).value == "siti"
        assert app.screen.query_one("#results", DataTable).row_count > 1


async def test_language_switch_and_back_keeps_query_results_and_selection(
    make_app: MakeApp, small_mirror: Path
) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "siti")
        await settle(pilot)
        await pilot.press("down", "down")  # into the results, second row
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LookupScreen)
        app.set_language("en")
        await settle(pilot)
        assert text_of(app, "#search-label") == "Search:"
        assert "queued" in text_of(app, "#link")
        assert screen.query_one("#search", Input).value == "siti"
        table = screen.query_one("#results", DataTable)
        assert table.row_count > 1
        assert table.cursor_row == 1
        app.set_language("id")
        await settle(pilot)
        assert text_of(app, "#search-label") == "Cari:"
        assert "antre" in text_of(app, "#link")


async def test_screens_of_other_modes_relabel_when_shown(
    make_app: MakeApp, small_mirror: Path
) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        app.set_language("en")
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert app.screen.query_one("#link-panel", Static).border_title == (
            "Connection to the central"
        )


async def command(pilot: Any, line: str) -> None:
    app = pilot.app
    app.open_command_line()
    await settle(pilot)
    field = app.screen.query_one("#command-input", Input)
    field.value = line
    await pilot.press("enter")
    await settle(pilot)


async def test_command_mode(make_app: MakeApp, small_mirror: Path) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("colon")  # typed into the empty search field: command mode
        await settle(pilot)
        line = app.screen.query_one(CommandLine)
        assert line.has_class("-open")
        await pilot.press("escape")
        await settle(pilot)
        assert not line.has_class("-open")

        await command(pilot, "frobnicate now")
        assert "tidak dikenal" in text_of(app, "#command-error")
        await command(pilot, "nik 3201 0141 0190 000")
        assert "15" in text_of(app, "#command-error")
        await command(pilot, f"nik {SITI_NIK}")
        assert isinstance(app.screen, ApplicantScreen)
        assert app.screen.applicant_id == SITI

        await command(pilot, "cari budi")
        assert isinstance(app.screen, LookupScreen)
        assert app.screen.query_one("#search", Input).value == "budi"

        await command(pilot, "lang en")
        assert text_of(app, "#search-label") == "Search:"
        await command(pilot, "bahasa id")
        assert text_of(app, "#search-label") == "Cari:"
        await command(pilot, "theme nord")
        assert app.theme == "nord"
        await command(pilot, "theme neon")
        assert "nord" in text_of(app, "#command-error")  # lists the themes there are
        await command(pilot, "status")
        assert isinstance(app.screen, SyncStatusScreen)
        await command(pilot, "help")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        await command(pilot, "q")
    assert app.return_code == 0


async def test_palette_lists_translated_commands_and_opens_an_applicant_by_nik(
    make_app: MakeApp, small_mirror: Path
) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [entry.title for entry in app.commands.palette(app)]
        assert "Pendaftar: buka NIK …" in titles
        assert "Layar: Sinkron" in titles
        assert "Sinkron: sinkronkan sekarang" in titles
        assert "Bahasa: English" in titles
        assert "Tema: nord" in titles
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert CommandPalette.is_open(app)  # type: ignore[arg-type]
        await type_text(pilot, SITI_NIK)
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot, rounds=5)
        assert isinstance(app.screen, ApplicantScreen)
        assert app.screen.applicant_id == SITI


async def test_help_lists_keys_and_commands_translated(
    make_app: MakeApp, small_mirror: Path
) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab")  # out of the search field: "?" is a key again
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = "\n".join(str(static.render()) for static in app.screen.query(Static))
        assert "Tombol di semua layar" in shown
        assert ":cari" in shown
        assert "Tutup konsol" in shown
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LookupScreen)


async def test_keymap_from_the_config_remaps_keys(make_app: MakeApp, small_mirror: Path) -> None:
    app = make_app(small_mirror, keymap={"screen.sync": "f6"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, LookupScreen)
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, SyncStatusScreen)


async def test_notifications_are_always_literal(make_app: MakeApp, small_mirror: Path) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.notify("[@click=app.quit]x[/]", markup=True)
        app.screen.notify("[bold]y[/]")
        await settle(pilot)
        assert [n.markup for n in app._notifications] == [False, False]


@dataclass(frozen=True)
class _Progress:
    done: int
    total: int
    table: str


@dataclass(frozen=True)
class _Status:
    online: bool | None
    syncing: bool = False
    progress: _Progress | None = None


class ScriptedEngine:
    """Reports the statuses it is given, then waits to be stopped."""

    def __init__(self, *statuses: _Status) -> None:
        self.statuses = statuses
        self.reported = threading.Event()
        self.finished = threading.Event()

    def sync_once(self) -> object:
        return None

    def run(self, stop: threading.Event, on_status: Callable[[Any], None]) -> None:
        for status in self.statuses:
            on_status(status)
        self.reported.set()
        stop.wait(30)
        self.finished.set()


async def test_header_follows_the_engine_in_a_background_thread(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    engine = ScriptedEngine(_Status(online=True, progress=_Progress(25, 100, "applicants")))
    app = make_app(mirror_copy, engine=engine, background_sync=True)
    async with app.run_test(size=SIZE) as pilot:
        deadline = time.monotonic() + DEADLINE_SECONDS
        while not engine.reported.is_set():  # the engine runs in a worker thread
            assert time.monotonic() < deadline, "the engine never reported"
            await pilot.pause(0.01)
        await pilot.pause()
        await settle(pilot, rounds=1)
        link = text_of(app, "#link")
        assert "Sinkron awal 25%" in link
        await pilot.press("f5")
        await settle(pilot, rounds=1)
        assert app.screen.query_one("#first-sync").display
    assert engine.finished.wait(DEADLINE_SECONDS)  # closing the app stopped the engine's loop


async def test_offline_header_counts_the_queue(make_app: MakeApp, mirror_copy: Path) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.services.actions.add_note(SITI, "dari tes")
        app.refresh_status()
        await settle(pilot)
        link = text_of(app, "#link")
        assert link.startswith("○ Offline · 1 antre · terakhir sinkron 14:04")
        assert text_of(app, "#who") == "siti.agent (agen) · Nasional"
        assert text_of(app, "#clock") == "Sab 28 Nov 2026 14:05 WIB"
