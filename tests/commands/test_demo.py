"""``prakerja-console demo``: the wiring (central, login, first sync, console) and its parts.

The Pilot test drives the console the demo opens, against the central the demo
started, over real HTTP: find Siti by NIK, read why she is stuck, resend Budi's
verification e-mail (queued, then synced by the background loop), and quit; then
nothing of the demo may be left: the port is closed and no thread it started lives.
"""

from __future__ import annotations

import io
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from click.testing import CliRunner
from keyring.backend import get_all_keyring
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from prakerja_console.cli import main
from prakerja_console.commands.demo_progress import FirstSyncProgress
from prakerja_console.commands.demo_session import (
    CENTRAL_FILE,
    DemoOptions,
    DemoSession,
    demo_account,
)
from prakerja_console.config import Settings
from prakerja_console.domain.roles import Role
from prakerja_console.i18n import Translator
from prakerja_console.sync.memory_keyring import ProcessKeyring
from prakerja_console.sync.report import Progress, SyncStatus
from prakerja_console.ui.app import ConsoleApp, ConsoleContext
from prakerja_console.ui.screens.applicant import ApplicantScreen
from prakerja_console.ui.screens.lookup import LookupScreen
from tests.services.small_mirror import BUDI, SITI, SITI_NIK
from tests.ui.conftest import SIZE, type_text

DEADLINE_SECONDS = 30.0


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def threads_before() -> Iterator[set[threading.Thread]]:
    """The threads alive before the test; every other one must have ended after it."""
    before = set(threading.enumerate())
    yield before
    deadline = time.monotonic() + DEADLINE_SECONDS
    for thread in [t for t in threading.enumerate() if t not in before]:
        thread.join(max(0.0, deadline - time.monotonic()))
    left = sorted(t.name for t in threading.enumerate() if t not in before and t.is_alive())
    assert left == [], f"threads left behind: {left}"


def now() -> datetime:
    return datetime.now(UTC)


def port_is_closed(url: str) -> bool:
    address = urlparse(url)
    try:
        socket.create_connection((address.hostname, address.port), timeout=2).close()
    except OSError:
        return True
    return False


def applicants_in(mirror: Path) -> int:
    conn = sqlite3.connect(mirror)
    try:
        count: int = conn.execute("SELECT count(*) FROM applicants").fetchone()[0]
    finally:
        conn.close()
    return count


def outbox_statuses(mirror: Path) -> list[str]:
    conn = sqlite3.connect(mirror)
    try:
        return [row[0] for row in conn.execute("SELECT status FROM outbox ORDER BY seq")]
    finally:
        conn.close()


async def until(
    pilot: Pilot[Any], condition: Callable[[], bool], what: str | Callable[[], str]
) -> None:
    """Let the app run until ``condition`` holds (workers and the sync thread need time)."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        assert time.monotonic() < deadline, (
            f"never happened: {what if isinstance(what, str) else what()}"
        )
        await pilot.pause(0.05)


def header(app: ConsoleApp) -> str:
    return str(app.screen.query_one("#link", Static).render())


@pytest.mark.anyio
async def test_the_demo_opens_a_logged_in_console_that_syncs_with_its_central(
    threads_before: set[threading.Thread],
) -> None:
    # The loop's 5 s pause leaves the queued action in sight until "sync now" sends it.
    session = DemoSession(DemoOptions(role=Role.SUPERVISOR, rate=600.0, sync_interval=5.0))
    try:
        started = session.start()
        assert (started.login.username, started.login.role) == ("budi.supervisor", "supervisor")
        assert started.fresh_mirror
        assert not started.kept
        statuses: list[SyncStatus] = []
        report = session.first_sync(statuses.append)
        assert report.ok
        assert report.snapshot_reason == "first_sync"
        assert {s.progress.table for s in statuses if s.progress} >= {"applicants", "tickets"}
        loaded = applicants_in(session.mirror)
        assert loaded >= 2000

        settings = Settings(server=started.url, mirror=session.mirror, language="id")
        app = ConsoleApp(ConsoleContext(session.services(now), settings, now, cursor_blink=False))
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: "Online" in header(app), "the header says online")
            assert "budi.supervisor" in str(app.screen.query_one("#who", Static).render())

            await type_text(pilot, SITI_NIK)
            lookup = app.screen
            assert isinstance(lookup, LookupScreen)
            await until(pilot, lambda: bool(lookup.settled and lookup.results), "results")
            assert [row.id for row in lookup.results] == [SITI]
            await pilot.press("enter")
            await until(
                pilot,
                lambda: isinstance(app.screen, ApplicantScreen) and app.screen.detail is not None,
                "Siti's detail",
            )
            assert "Dukcapil" in str(app.screen.query_one("#why", Static).render())
            await pilot.press("escape")

            app.open_applicant(BUDI)  # registered, e-mail never verified
            await until(
                pilot,
                lambda: (
                    isinstance(app.screen, ApplicantScreen)
                    and app.screen.detail is not None
                    and app.screen.detail.id == BUDI
                ),
                "Budi's detail",
            )
            await pilot.press("e")
            await until(
                pilot,
                lambda: "1 antre" in header(app),
                "the queued count goes up",
            )
            app.sync_now()
            await until(pilot, lambda: "0 antre" in header(app), "and back to zero once synced")
            await until(
                pilot,
                lambda: applicants_in(session.mirror) > loaded,
                "the simulator's registrations reach the mirror",
            )
            await pilot.press("ctrl+c")
        assert app.return_code == 0
        assert outbox_statuses(session.mirror) == ["applied"]
    finally:
        session.close()
    assert port_is_closed(started.url)


def test_a_kept_data_dir_is_reused_with_its_mirror_on_a_new_port(tmp_path: Path) -> None:
    options = DemoOptions(role=Role.AGENT, rate=0.0, data_dir=tmp_path / "demo")
    with DemoSession(options) as first:
        started = first.start()
        assert first.first_sync(lambda _s: None).snapshot_reason == "first_sync"
        first_url = started.url
    assert (tmp_path / "demo" / CENTRAL_FILE).exists()
    with DemoSession(options) as second:
        again = second.start()
        assert again.reused_central
        assert again.kept
        assert not again.fresh_mirror
        report = second.first_sync(lambda _s: None)
        assert report.ok
        assert report.snapshot_reason is None  # incremental: the mirror was kept
        assert again.login.username == "siti.agent"
    assert port_is_closed(first_url)
    assert port_is_closed(again.url)


def test_a_new_central_in_a_kept_folder_gets_a_new_mirror(tmp_path: Path) -> None:
    options = DemoOptions(role=Role.OFFICER, rate=0.0, data_dir=tmp_path)
    with DemoSession(options) as first:
        first.start()
        first.first_sync(lambda _s: None)
    (tmp_path / CENTRAL_FILE).unlink()
    with DemoSession(options) as second:
        started = second.start()
        assert started.fresh_mirror
        assert not started.reused_central
        assert started.login.scope == "32"  # dewi.jabar, West Java's officer
        assert second.first_sync(lambda _s: None).snapshot_reason == ("first_sync")


@pytest.mark.parametrize(
    ("role", "username"),
    [
        (Role.AGENT, "siti.agent"),
        (Role.SUPERVISOR, "budi.supervisor"),
        (Role.OFFICER, "dewi.jabar"),
    ],
)
def test_the_demo_user_of_each_role(role: Role, username: str) -> None:
    assert demo_account(role).username == username


def test_the_process_keyring_keeps_secrets_in_memory_and_is_never_discovered() -> None:
    keyring = ProcessKeyring()
    keyring.set_password("prakerja-console", "device@server", "token")
    assert keyring.get_password("prakerja-console", "device@server") == "token"
    assert ProcessKeyring().get_password("prakerja-console", "device@server") is None
    keyring.delete_password("prakerja-console", "device@server")
    assert keyring.get_password("prakerja-console", "device@server") is None
    discovered = [b for b in get_all_keyring() if isinstance(b, ProcessKeyring)]
    assert all(b.priority < 0 for b in discovered)  # below keyring's "fail" backend (0)


def test_the_progress_bars_name_each_loaded_table_in_the_readers_language() -> None:
    out = io.StringIO()
    console = Console(file=out, width=100, force_terminal=False)
    with FirstSyncProgress(Translator("id"), console) as progress:
        for step in (
            Progress("load", "applicants", 1200, 2500),
            Progress("load", "applicants", 2500, 2500),
            Progress("load", "audit_log", 0, 0),
            Progress("index", "applicants", 3, 21),
            Progress("swap", "", 1, 1),
        ):
            progress(SyncStatus(syncing=True, progress=step))
        progress(SyncStatus(syncing=False))
    shown = out.getvalue()
    assert "pendaftar" in shown
    assert "2.500/2.500" in shown  # Indonesian thousands
    assert "indeks pencarian" in shown
    assert "jejak audit" not in shown  # an empty table gets no bar


def test_scenario_and_applicant_count_together_are_a_usage_error() -> None:
    result = CliRunner().invoke(
        main, ["demo", "--applicants", "10", "--scenario", str(Path(__file__))]
    )
    assert result.exit_code == 2
    assert "--scenario" in result.output


def test_ctrl_c_before_the_console_opens_stops_everything_quietly(
    monkeypatch: pytest.MonkeyPatch, threads_before: set[threading.Thread]
) -> None:
    started: list[str] = []
    original = DemoSession.start

    def start_then_interrupt(self: DemoSession) -> Any:
        result = original(self)
        started.append(result.url)
        return result

    def interrupted_sync(self: DemoSession, *_args: object) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(DemoSession, "start", start_then_interrupt)
    monkeypatch.setattr(DemoSession, "first_sync", interrupted_sync)
    result = CliRunner().invoke(main, ["--lang", "en", "demo", "--rate", "0"])
    assert result.exit_code == 130
    assert "Demo stopped" in result.stderr
    assert "Traceback" not in result.output
    (url,) = started
    assert port_is_closed(url)
