"""Hostile text from outside is shown literally, clicks on it fire nothing, and no escape
byte it carries ever reaches the terminal (issue 4's acceptance)."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from prakerja_console.domain.sanitize import clean_text
from prakerja_console.ui.app import ConsoleApp
from prakerja_console.ui.screens.applicant import ApplicantScreen
from prakerja_console.ui.screens.lookup import LookupScreen
from prakerja_console.ui.screens.sync_status import SyncStatusScreen
from tests.services.small_mirror import (
    ACTION,
    FORBIDDEN,
    HOSTILE_FIRST_ID,
    HOSTILE_NAMES,
    HOSTILE_NOTE,
    HOSTILE_REASON,
    HOSTILE_SUBJECT,
    MARKUP,
    SITI,
)
from tests.ui.conftest import SIZE, MakeApp, settle

pytestmark = pytest.mark.anyio
ROOT = Path(__file__).resolve().parents[2]
PTY_DEADLINE_SECONDS = 120.0


def screen_text(app: ConsoleApp) -> str:
    """What the screen shows, as plain text, from the same render a terminal gets."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=[]))
    return console.export_text()


def assert_clean(text: str) -> None:
    found = [repr(bad) for bad in FORBIDDEN if bad in text]
    found += [repr(ch) for ch in text if 0x80 <= ord(ch) <= 0x9F]  # any C1 control
    assert not found, f"unsafe characters reached the screen: {found}"


async def lookup(app: ConsoleApp, pilot: Any, text: str) -> LookupScreen:
    screen = app.screen
    assert isinstance(screen, LookupScreen)
    screen.search_for(text)
    await settle(pilot)
    return screen


@pytest.mark.parametrize("record_id", [MARKUP, ACTION, 24, *HOSTILE_NAMES])
async def test_hostile_names_render_literally_everywhere(
    make_app: MakeApp, small_mirror: Path, record_id: int
) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await lookup(app, pilot, f"PK-{record_id}")
        name = screen.results[0].name if screen.results else ""
        shown = clean_text(name, max_length=60)
        text = screen_text(app)
        assert shown[:20] in text  # the literal brackets and pictures of controls are there
        assert_clean(text)
        assert_clean(app.export_screenshot())
        app.open_applicant(record_id)
        await settle(pilot)
        assert isinstance(app.screen, ApplicantScreen)
        detail_text = screen_text(app)
        assert clean_text(name, max_length=60)[:20] in detail_text
        assert_clean(detail_text)
        assert_clean(app.export_screenshot())


async def test_markup_in_a_name_is_text_not_style_or_link(
    make_app: MakeApp, small_mirror: Path
) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await lookup(app, pilot, "PK-900001")
        assert "[link=http://x]y[/link]" in screen_text(app)
        svg = app.export_screenshot()
        assert "http://x" not in svg.split("[link=http://x]")[0]  # no hyperlink was made
        await lookup(app, pilot, f"PK-{MARKUP}")
        assert "[bold red]X[/]" in screen_text(app)


async def test_clicking_an_action_name_fires_nothing(make_app: MakeApp, small_mirror: Path) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await lookup(app, pilot, "click app quit")
        table = screen.query_one("#results", DataTable)
        assert ACTION in [row.id for row in screen.results]
        row = [row.id for row in screen.results].index(ACTION)
        for column in range(6):  # every cell of the row, including the name
            await pilot.click(table, offset=(3 + 20 * column, 1 + row))
            await settle(pilot)
        app.open_applicant(ACTION)
        await settle(pilot)
        await pilot.click("#identity", offset=(4, 0))
        await settle(pilot)
        assert app.is_running
        assert app.return_code is None  # "[@click=app.quit]" did not quit


async def test_hostile_notes_subjects_reasons_and_central_messages(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_applicant(HOSTILE_FIRST_ID)
        await settle(pilot)
        shown = screen_text(app)
        for hostile in (HOSTILE_NOTE, HOSTILE_SUBJECT, HOSTILE_REASON):
            assert clean_text(hostile)[:12] in shown
        assert_clean(shown)
        # A rejection from the central carrying markup and escapes, on the sync screen.
        app.services.actions.add_note(SITI, "ditolak pusat")
        _reject_all(mirror_copy, "[@click=app.quit]tolak[/] \x1b]52;c;ZXZpbA==\x07 \x9b")
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, SyncStatusScreen)
        shown = screen_text(app)
        assert "[@click=app.quit]tolak[/]" in shown
        assert_clean(shown)
        app.notify("[@click=app.quit]x[/] \x1b]0;judul\x07")
        await settle(pilot)
        assert_clean(app.export_screenshot())


def _reject_all(mirror: Path, message: str) -> None:
    from prakerja_console.store.connection import Purpose, connect
    from prakerja_console.store.outbox import record_results
    from prakerja_console.sync.protocol import MutationResult

    conn = connect(mirror, Purpose.OUTBOX)
    try:
        pending = conn.execute("SELECT id, seq FROM outbox WHERE status = 'pending'").fetchall()
        results = [
            MutationResult(id=i, seq=s, status="rejected", reason_code="x", message=message)
            for i, s in pending
        ]
        record_results(conn, results, now=0)
    finally:
        conn.close()


@pytest.mark.xdist_group("pty")
def test_no_hostile_byte_reaches_a_real_terminal(small_mirror: Path) -> None:
    """The console in a pseudo-terminal: every byte the driver writes is scanned."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(SIZE[0]), "LINES": str(SIZE[1])}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.hostile_run", str(small_mirror)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    written = bytearray()
    deadline = time.monotonic() + PTY_DEADLINE_SECONDS
    try:
        while True:
            assert time.monotonic() < deadline, "the console did not finish in time"
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            written += chunk
    finally:
        child.wait(timeout=PTY_DEADLINE_SECONDS)
        os.close(master)
    assert child.returncode == 0, bytes(written[-2000:]).decode("utf-8", "replace")
    output = bytes(written)
    assert b"Gabung" in output or b"Terdaftar" in output  # it did paint
    for sequence in (
        b"\x1b]0;pwned",
        b"\x1b]52;c;ZXZpbA==",
        b"\x1b[31mMerah",
        "\u009b".encode(),
        "\u0085".encode(),
        "\u202e".encode(),
        "\u200b".encode(),
        "\u2060".encode(),
    ):
        assert sequence not in output, f"{sequence!r} reached the terminal"
    assert "␛]52;c;ZXZpbA==".encode() in output  # shown, as a picture of the escape


async def test_pasted_and_set_text_is_sanitised_before_any_widget_draws_it(
    make_app: MakeApp, small_mirror: Path
) -> None:
    from textual import events
    from textual.widgets import Input

    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(events.Paste("Siti\x1b]52;c;ZXZpbA==\x07\u202e"))
        await settle(pilot)
        field = app.screen.query_one("#search", Input)
        assert field.value == "Siti␛]52;c;ZXZpbA==␇"
        field.value = "Budi \x9b\u200b"
        assert field.value == "Budi \ufffd"
        assert_clean(screen_text(app))
