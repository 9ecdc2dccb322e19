"""The sync service: the engine's loop, "sync now" without overlap, the queue, conflicts."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from prakerja_console.domain.roles import Role
from prakerja_console.domain.text import Message
from prakerja_console.services import ConsoleServices, Operator
from prakerja_console.services.errors import (
    ActionRefusedError,
    SyncFailedError,
    SyncUnavailableError,
)
from prakerja_console.services.outbox import ActionType, QueueStatus
from prakerja_console.services.status import LinkState, SyncProgress
from prakerja_console.services.sync import link_from_status
from prakerja_console.store.connection import Purpose, connect
from prakerja_console.store.outbox import record_results
from prakerja_console.sync.protocol import MutationResult
from tests.services.conftest import fixed_clock
from tests.services.small_mirror import NOW_EPOCH, SITI, USERNAME

DEADLINE_SECONDS = 10.0


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    table: str


@dataclass(frozen=True)
class Status:
    online: bool | None
    syncing: bool = False
    progress: Progress | None = None
    problem: Message | None = None


class FakeEngine:
    """Reports one status per ``run`` and waits for its stop event, counting runs."""

    def __init__(self) -> None:
        self.runs = 0
        self.rounds = 0
        self.running = threading.Event()

    def sync_once(self) -> object:
        self.rounds += 1
        return {"pulled": 0}

    def run(self, stop: threading.Event, on_status: Callable[[Any], None]) -> None:
        self.runs += 1
        on_status(Status(online=True, progress=Progress(5, 10, "applicants")))
        self.running.set()
        stop.wait(DEADLINE_SECONDS)
        self.running.clear()


def wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        threading.Event().wait(0.01)


def test_status_is_read_by_attribute_name() -> None:
    link = link_from_status(Status(online=False, problem=Message("offline")))
    assert link == LinkState(available=True, online=False, problem=Message("offline"))
    assert link_from_status(object()) == LinkState(available=True)
    progress = link_from_status(Status(online=True, progress=Progress(1, 4, "applicants")))
    assert progress.progress == SyncProgress(1, 4, "applicants")
    assert progress.progress.fraction == 0.25


def test_without_an_engine_sync_says_how_to_set_it_up(mirror_copy: Path) -> None:
    services = ConsoleServices(mirror_copy, fixed_clock)
    try:
        assert not services.sync.available
        with pytest.raises(SyncUnavailableError):
            services.sync.sync_once()
        assert services.sync.sync_now() is False
    finally:
        services.close()


def test_run_reports_and_sync_now_restarts_instead_of_overlapping(mirror_copy: Path) -> None:
    engine = FakeEngine()
    services = ConsoleServices(mirror_copy, fixed_clock, engine=engine)
    links: list[LinkState] = []
    loop = threading.Thread(target=services.sync.run, args=(links.append,))
    loop.start()
    try:
        wait_until(engine.running.is_set)
        assert links[0].online is True
        assert links[0].progress == SyncProgress(5, 10, "applicants")
        assert services.sync.sync_now() is True
        wait_until(lambda: engine.runs == 2 and engine.running.is_set())
        assert engine.rounds == 0  # "now" restarted the loop; no second sync ran beside it
    finally:
        services.close()
        loop.join(DEADLINE_SECONDS)
    assert not loop.is_alive()


def test_sync_once_uses_the_engine(mirror_copy: Path) -> None:
    engine = FakeEngine()
    services = ConsoleServices(mirror_copy, fixed_clock, engine=engine)
    try:
        assert services.sync.sync_once() == {"pulled": 0}
        assert engine.rounds == 1
    finally:
        services.close()


@dataclass(frozen=True)
class Report:
    problem: Message | None


class OneRoundEngine:
    """Answers every round with the same report."""

    def __init__(self, report: Report) -> None:
        self.report = report

    def sync_once(self) -> object:
        return self.report

    def run(self, stop: threading.Event, on_status: Callable[[Any], None]) -> None:
        stop.wait(DEADLINE_SECONDS)


def test_a_round_with_a_problem_is_not_called_finished(mirror_copy: Path) -> None:
    offline = Message("The central at {url} cannot be reached.", {"url": "http://x"})
    services = ConsoleServices(mirror_copy, fixed_clock, engine=OneRoundEngine(Report(offline)))
    try:
        with pytest.raises(SyncFailedError) as raised:
            services.sync.sync_once()
    finally:
        services.close()
    assert raised.value.message.params["problem"] == offline
    assert raised.value.message.render() == (
        "Sync did not finish: The central at http://x cannot be reached."
    )


def test_a_round_without_a_problem_returns_its_report(mirror_copy: Path) -> None:
    services = ConsoleServices(mirror_copy, fixed_clock, engine=OneRoundEngine(Report(None)))
    try:
        assert services.sync.sync_once() == Report(None)
    finally:
        services.close()


def _answer(mirror: Path, status: str, **fields: Any) -> None:
    """Record the central's answer to every pending action, as the engine would."""
    conn = connect(mirror, Purpose.OUTBOX)
    try:
        pending = conn.execute("SELECT id, seq FROM outbox WHERE status = 'pending'").fetchall()
        record_results(
            conn,
            [MutationResult(id=i, seq=s, status=status, **fields) for i, s in pending],
            now=NOW_EPOCH,
        )
    finally:
        conn.close()


def test_queue_lists_rejections_with_the_centrals_reason(
    services: ConsoleServices, mirror_copy: Path
) -> None:
    services.actions.add_note(SITI, "first")
    _answer(mirror_copy, "rejected", reason_code="forbidden", message="[b]No[/b] \x1b[2J")
    queue = services.sync.queue()
    assert [(a.type, a.status) for a in queue] == [(ActionType.ADD_NOTE, QueueStatus.REJECTED)]
    assert queue[0].message == "[b]No[/b] \x1b[2J"  # verbatim: the screen sanitises


def test_conflicts_are_resolved_by_a_new_action_never_an_overwrite(
    services: ConsoleServices, mirror_copy: Path
) -> None:
    services.actions.add_note(SITI, "mine")
    _answer(mirror_copy, "conflict", reason_code="stale_base_version", current={"body": "theirs"})
    (conflict,) = services.sync.queue()
    assert conflict.open_conflict
    assert conflict.merge_text == "mine"
    operator = Operator(USERNAME, Role.AGENT)
    with pytest.raises(ActionRefusedError):
        services.sync.merge(conflict, "  ", operator)
    receipt = services.sync.merge(conflict, "mine and theirs", operator)
    queue = services.sync.queue()
    assert [(a.id, a.status) for a in queue] == [(receipt.action_id, QueueStatus.PENDING)]
    assert queue[0].payload["body"] == "mine and theirs"
    with pytest.raises(ActionRefusedError):
        services.sync.take_theirs(conflict)  # already resolved


def test_take_theirs_and_keep_mine(services: ConsoleServices, mirror_copy: Path) -> None:
    services.actions.add_note(SITI, "one")
    services.actions.add_note(SITI, "two")
    _answer(mirror_copy, "conflict", reason_code="stale_base_version", current={"version": 4})
    second, first = services.sync.queue()
    services.sync.take_theirs(first)
    receipt = services.sync.keep_mine(second, Operator(USERNAME, Role.AGENT))
    assert receipt.type is ActionType.ADD_NOTE
    (queued,) = services.sync.queue()
    assert queued.payload["body"] == "two"
    assert services.facts().conflicts == 0
