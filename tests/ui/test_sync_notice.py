"""Sync now without a running loop: a round with a problem says the problem, not "finished"."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from prakerja_console.domain.text import N_, Message
from tests.ui.conftest import SIZE, MakeApp, settle

pytestmark = pytest.mark.anyio


@dataclass(frozen=True)
class Report:
    problem: Message | None


class OneRoundEngine:
    def __init__(self, problem: Message | None) -> None:
        self.problem = problem
        self.rounds = 0

    def sync_once(self) -> object:
        self.rounds += 1
        return Report(self.problem)

    def run(self, stop: threading.Event, on_status: Callable[[Any], None]) -> None:
        stop.wait(10)


@pytest.mark.parametrize(
    ("problem", "expected", "severity"),
    [
        (
            Message(N_("Your session has ended: log in again with prakerja-console login.")),
            "Sinkronisasi tidak selesai: Sesi Anda sudah berakhir: silakan login ulang dengan"
            " prakerja-console login.",
            "error",
        ),
        (None, "Sinkronisasi selesai.", "information"),
    ],
)
async def test_sync_now_tells_what_happened(
    make_app: MakeApp,
    small_mirror: Path,
    problem: Message | None,
    expected: str,
    severity: str,
) -> None:
    engine = OneRoundEngine(problem)
    app = make_app(small_mirror, engine=engine)  # no background loop: "sync now" runs one round
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.sync_now()
        await settle(pilot)
        notes = [(n.message, n.severity) for n in app._notifications]
    assert engine.rounds == 1
    assert notes[-1] == (expected, severity)
