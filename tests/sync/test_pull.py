"""Pull against a real central over HTTP: first sync, incremental, re-snapshot, scope."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import pytest

from prakerja_console.central.runner import CentralServer
from prakerja_console.store.connection import Purpose, connect, transaction
from prakerja_console.store.state import update_state
from prakerja_console.sync.report import SyncStatus
from prakerja_console.sync.rounds import EngineSettings
from tests.support.central import StartCentral, wait_until
from tests.sync.keyrings import MemoryKeyring
from tests.sync.support import (
    central_all,
    converged,
    cursor_of,
    engine_for,
    note,
    outbox_rows,
)


def test_first_sync_loads_every_table_with_progress_then_follows_the_feed(
    central: CentralServer, tmp_path: Path
) -> None:
    engine = engine_for(central.url, tmp_path / "m.db", MemoryKeyring())
    statuses: list[SyncStatus] = []
    report = engine.sync_once(on_status=statuses.append)

    assert report.ok, report.problem
    assert report.snapshot_reason == "first_sync"
    (total,) = central_all(central, "SELECT (SELECT count(*) FROM applicants)")
    assert report.pulled >= total[0] > 1_000
    assert report.cursor is not None
    assert converged(engine)
    phases = [s.progress.phase for s in statuses if s.progress is not None]
    assert {"load", "index", "swap"} <= set(phases)
    loads = [s.progress for s in statuses if s.progress is not None and s.progress.phase == "load"]
    applicants = [p for p in loads if p.table == "applicants"]
    assert applicants[-1].done == applicants[-1].total == total[0]
    assert [p.done for p in applicants] == sorted(p.done for p in applicants)
    assert statuses[-1].syncing is False
    assert statuses[-1].online is True
    assert statuses[-1].last_success is not None

    again = engine.sync_once()
    assert again.ok
    assert again.snapshot_reason is None
    assert again.pulled == 0
    engine.close()


@pytest.mark.central(rate=3000)
def test_incremental_sync_while_traffic_runs_converges(
    central: CentralServer, tmp_path: Path
) -> None:
    engine = engine_for(central.url, tmp_path / "m.db", MemoryKeyring())
    assert engine.sync_once().ok
    cursors = [cursor_of(tmp_path / "m.db")]
    pulled = 0
    for _ in range(4):
        (before,) = central_all(central, "SELECT max(position) FROM change_log")
        wait_until(
            lambda before=before: (
                central_all(central, "SELECT max(position) FROM change_log") != [before]
            )
        )
        report = engine.sync_once()
        assert report.ok, report.problem
        assert report.snapshot_reason is None
        pulled += report.pulled
        cursors.append(report.cursor)
    assert pulled > 0
    assert len(set(cursors)) == len(cursors)  # the cursor moved every round
    assert central.simulator is not None
    central.simulator.stop()
    assert engine.sync_once().ok
    assert converged(engine)
    engine.close()


def test_an_unusable_cursor_takes_a_new_snapshot_and_keeps_the_outbox(
    central: CentralServer, tmp_path: Path
) -> None:
    mirror = tmp_path / "m.db"
    engine = engine_for(central.url, mirror, MemoryKeyring())
    assert engine.sync_once().ok
    cursor = cursor_of(mirror)
    assert cursor is not None
    conn = connect(mirror, Purpose.OUTBOX)
    with transaction(conn):  # a position the central never handed out (a restored backup)
        update_state(conn, cursor=cursor.rsplit(".", 1)[0] + ".999999999")
    conn.close()
    queued = note(mirror, 1, "catatan sebelum muat ulang")

    report = engine.sync_once()
    assert report.ok, report.problem
    assert report.snapshot_reason == "cursor_invalid"
    assert [row[:3] for row in outbox_rows(mirror)] == [(queued.id, 1, "applied")]
    assert converged(engine)
    engine.close()


def test_logging_in_with_another_scope_reloads_the_mirror_with_that_scope(
    central: CentralServer, tmp_path: Path
) -> None:
    mirror = tmp_path / "m.db"
    keyring = MemoryKeyring()
    nationwide = engine_for(central.url, mirror, keyring)
    assert nationwide.sync_once().ok
    nationwide.close()

    officer = engine_for(central.url, mirror, keyring, user="dewi.jabar")
    report = officer.sync_once()
    assert report.ok, report.problem
    assert report.snapshot_reason == "scope_changed"
    assert converged(officer)
    reader = connect(mirror, Purpose.READ)
    provinces = {row[0] for row in reader.execute("SELECT DISTINCT province_code FROM applicants")}
    reader.close()
    assert provinces == {"32"}
    officer.close()


class Recording(httpx.HTTPTransport):
    """The real transport, noting each request's method, path and page position."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[tuple[str, str, str | None]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append((request.method, request.url.path, request.url.params.get("after")))
        return super().handle_request(request)


def test_the_lookahead_makes_the_same_requests_in_the_same_order(
    start_central: StartCentral, tmp_path: Path
) -> None:
    """Downloading ahead must not change what is asked, or a seeded replay would diverge."""
    seen = []
    for number, lookahead in enumerate((False, True)):
        central = start_central()
        transport = Recording()
        settings = EngineSettings(snapshot_limit=900, changes_limit=150, lookahead=lookahead)
        engine = engine_for(
            central.url,
            tmp_path / f"{number}.db",
            MemoryKeyring(),
            settings=settings,
            transport=transport,
        )
        assert engine.sync_once().ok
        assert converged(engine)
        engine.close()
        seen.append(transport.requests)
    assert seen[0] == seen[1]
    assert len([r for r in seen[0] if r[1].startswith("/v1/snapshot/")]) > 10


def test_a_stop_ends_the_round_between_pages_and_the_next_round_resumes(
    central: CentralServer, tmp_path: Path
) -> None:
    engine = engine_for(central.url, tmp_path / "m.db", MemoryKeyring())
    stop = threading.Event()

    def stop_in_applicants(status: SyncStatus) -> None:
        if status.progress is not None and status.progress.table == "applicants":
            stop.set()  # the console is closing

    report = engine.sync_once(stop, on_status=stop_in_applicants)
    assert report.problem is not None
    assert "stopped before it finished" in report.problem.render()
    assert report.cursor is None
    resumed = engine.sync_once()
    assert resumed.ok, resumed.problem
    assert resumed.snapshot_reason == "resumed"
    assert converged(engine)
    engine.close()


def test_switching_back_to_the_live_scope_drops_a_snapshot_half_loaded_for_another(
    central: CentralServer, tmp_path: Path
) -> None:
    mirror = tmp_path / "m.db"
    keyring = MemoryKeyring()
    nationwide = engine_for(central.url, mirror, keyring)
    assert nationwide.sync_once().ok
    nationwide.close()

    officer = engine_for(central.url, mirror, keyring, user="dewi.jabar")
    stop = threading.Event()

    def stop_in_applicants(status: SyncStatus) -> None:
        if status.progress is not None and status.progress.table == "applicants":
            stop.set()

    assert not officer.sync_once(stop, on_status=stop_in_applicants).ok
    officer.close()
    assert _shadow_tables(mirror)  # West Java's snapshot, half-loaded

    back = engine_for(central.url, mirror, keyring)  # the nationwide login again
    report = back.sync_once()
    assert report.ok, report.problem
    assert report.snapshot_reason is None  # the live rows already are of this scope
    assert _shadow_tables(mirror) == []
    reader = connect(mirror, Purpose.READ)
    snapshot = reader.execute("SELECT snapshot_cursor, snapshot_scope FROM sync_state").fetchone()
    reader.close()
    assert snapshot == (None, None)
    assert converged(back)
    back.close()


def _shadow_tables(mirror: Path) -> list[str]:
    reader = connect(mirror, Purpose.READ)
    names = [
        name
        for (name,) in reader.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%\\_\\_next'"
            " ESCAPE '\\'"
        )
    ]
    reader.close()
    return names
