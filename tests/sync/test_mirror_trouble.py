"""A mirror that cannot be read or written outside push and pull ends the round, not the loop."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from prakerja_console.central.runner import CentralServer
from prakerja_console.store.connection import Purpose, connect, transaction
from prakerja_console.store.state import update_state
from prakerja_console.sync import engine as engine_module
from prakerja_console.sync.report import SyncReport, SyncStatus
from tests.sync.keyrings import MemoryKeyring
from tests.sync.support import Sleeps, engine_for


def _failing_once(real: Callable[..., Any]) -> Callable[..., Any]:
    """``real``, except that its first call fails as a full disk does."""
    calls = 0

    def call(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise sqlite3.OperationalError("database or disk is full")
        return real(*args, **kwargs)

    return call


@pytest.mark.parametrize("reader", ["queued_count", "device_state", "set_session"])
def test_a_mirror_error_is_the_rounds_problem_and_the_loop_goes_on(
    central: CentralServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reader: str
) -> None:
    mirror = tmp_path / "m.db"
    sleeps = Sleeps()
    engine = engine_for(central.url, mirror, MemoryKeyring(), sleep=sleeps)
    if reader == "set_session":  # the engine records the session only when it changed
        conn = connect(mirror, Purpose.OUTBOX)
        with transaction(conn):
            update_state(conn, role="supervisor")
        conn.close()
    monkeypatch.setattr(engine_module, reader, _failing_once(getattr(engine_module, reader)))
    stop = threading.Event()
    reports: list[SyncReport] = []
    statuses: list[SyncStatus] = []

    def heard(report: SyncReport) -> None:
        reports.append(report)
        if len(reports) == 2:
            stop.set()

    engine.run(stop, statuses.append, heard)
    engine.close()

    first, second = reports
    assert first.problem is not None
    assert "could not be read or written" in first.problem.render()
    assert "disk is full" in first.problem.render()
    backoff = [s.retry_in for s in statuses if s.retry_in is not None and not s.syncing]
    assert backoff[:1] == sleeps.waits[:1]  # the loop backed off, then tried again
    assert second.ok, second.problem
    assert second.cursor is not None
    assert statuses[-1].problem is None
