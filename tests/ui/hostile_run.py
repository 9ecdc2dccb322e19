"""Run the console in a real terminal (a pty the test owns) over every hostile applicant.

``python -m tests.ui.hostile_run MIRROR``: searches each hostile name, opens the
applicant, comes back, and exits. The test reads every byte the terminal driver
wrote and looks for the hostile sequences.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from prakerja_console.config import Settings
from prakerja_console.services import ConsoleServices
from prakerja_console.ui.app import ConsoleApp, ConsoleContext
from prakerja_console.ui.screens.applicant import ApplicantScreen
from prakerja_console.ui.screens.lookup import LookupScreen
from tests.services.conftest import fixed_clock
from tests.services.small_mirror import HOSTILE_NAMES

STEP_SECONDS = 0.01
DEADLINE_STEPS = 1000


async def _until(pilot: Any, condition: Any) -> None:
    for _ in range(DEADLINE_STEPS):
        if condition():
            return
        await pilot.pause(STEP_SECONDS)
    raise TimeoutError("the console did not get there in time")


async def _script(pilot: Any) -> None:
    app = pilot.app
    await _until(pilot, lambda: isinstance(app.screen, LookupScreen))
    for record_id, name in HOSTILE_NAMES.items():
        lookup = app.screen
        lookup.search_for(name[:80])
        await _until(pilot, lambda lookup=lookup: lookup.settled)
        lookup.search_for(f"PK-{record_id}")
        await _until(pilot, lambda lookup=lookup: lookup.settled)
        app.open_applicant(record_id)
        await _until(
            pilot,
            lambda: isinstance(app.screen, ApplicantScreen) and app.screen.detail is not None,
        )
        app.notify(name)  # a notification carrying the hostile text
        await pilot.pause(STEP_SECONDS)
        app.pop_screen()
        await _until(pilot, lambda: isinstance(app.screen, LookupScreen))
    app.exit()


def main(mirror: Path) -> None:
    services = ConsoleServices(mirror, fixed_clock)
    try:
        app = ConsoleApp(
            ConsoleContext(services, Settings(mirror=mirror), fixed_clock, background_sync=False)
        )
        app.run(auto_pilot=_script)
    finally:
        services.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
