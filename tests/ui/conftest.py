"""Apps over the small scenario's mirror, with a fixed clock, size, theme and language."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from prakerja_console.config import Settings
from prakerja_console.services import ConsoleServices, Operator
from prakerja_console.services.sync import SyncEngine
from prakerja_console.ui.app import ConsoleApp, ConsoleContext
from tests.services.conftest import fixed_clock, mirror_copy, small_mirror  # noqa: F401

SIZE = (120, 36)
MakeApp = Callable[..., ConsoleApp]


class SteadyStopwatch:
    """Every lookup seems to take 0.2 ms, so the hint ("NIK · 1 hasil · 0,2 ms") is stable."""

    def __init__(self) -> None:
        self._now = 0.0

    def __call__(self) -> float:
        self._now += 0.0002
        return self._now


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def make_app() -> Iterator[MakeApp]:
    """Build console apps; their services are closed after the test."""
    made: list[ConsoleServices] = []

    def make(
        mirror: Path,
        *,
        operator: Operator | None = None,
        language: str = "id",
        engine: SyncEngine | None = None,
        background_sync: bool = False,
        keymap: dict[str, str] | None = None,
    ) -> ConsoleApp:
        services = ConsoleServices(
            mirror, fixed_clock, engine=engine, operator=operator, stopwatch=SteadyStopwatch()
        )
        made.append(services)
        settings = Settings(
            mirror=mirror, language=language, theme="textual-dark", keymap=keymap or {}
        )
        app = ConsoleApp(
            ConsoleContext(
                services, settings, fixed_clock, background_sync=background_sync, cursor_blink=False
            )
        )
        app.animation_level = "none"
        return app

    yield make
    for services in made:
        services.close()


LONG_RUNNING = frozenset({"background-sync"})  # worker groups that run until the app ends


async def settle(pilot: Pilot[Any], rounds: int = 3) -> None:
    """Let workers finish and their messages be handled (no sleeping)."""
    for _ in range(rounds):
        await pilot.pause()
        workers = [worker for worker in pilot.app.workers if worker.group not in LONG_RUNNING]
        if workers:  # an empty list would mean "all of them" to wait_for_complete
            await pilot.app.workers.wait_for_complete(workers)
    await pilot.pause()


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type ``text`` key by key, as an agent would."""
    await pilot.press(*[_key(character) for character in text])


def _key(character: str) -> str:
    names = {" ": "space", "@": "at", ".": "full_stop", "-": "minus", ":": "colon", "+": "plus"}
    return names.get(character, character)
