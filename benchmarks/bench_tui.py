"""The console on a big mirror: keystroke to painted results, start to first paint, memory.

Each figure has its baseline measured in the same run, the same way, on a bare
Textual app: an ``Input`` and a ``DataTable`` that paints 50 ready-made rows on
every keystroke (no mirror, no worker) for the keystroke figure, and an app with
one ``Static`` for start-up and memory.

* **keystroke → painted results**: the console runs headless through Pilot at
  120×36; for each sampled query (name starts, NIKs, e-mail starts, phones — taken
  from the mirror) the field is filled but for its last character, then that key
  key is delivered as the terminal driver delivers keys, and the clock stops once
  the results of *that* keystroke are on screen and a full frame has been rendered
  to text (what a terminal would be sent). Budget ≤ 100 ms (p95).
* **start → first paint**: a fresh process (interpreter, imports, mirror opened)
  until the app's ``Ready`` (the first frame is out), median of several starts.
  Budget ≤ 600 ms.
* **resident memory**: a fresh process after 30 searches and an applicant opened.
  Budget ≤ 200 MB.

The mirror is the shared one (:func:`benchmarks.data.mirror`: first-synced from
a central seeded by the generator, built once per scale and cached).
"""

from __future__ import annotations

import asyncio
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from benchmarks.context import BenchContext
from benchmarks.figures import Figure, percentile
from benchmarks.paint import frame_text

SIZE = (120, 36)
NOW = datetime(2026, 11, 28, 14, 5, tzinfo=ZoneInfo("Asia/Jakarta"))
KEYSTROKES = 120
WARM_UP = 5  # keystrokes not measured: the first ones load modules and fill caches
QUICK_KEYSTROKES = 40
STARTS = 7
QUICK_STARTS = 3
MEMORY_SEARCHES = 30
POLL_SECONDS = 0.0005
RESULT_TIMEOUT_SECONDS = 10.0


def _clock() -> datetime:
    return NOW


# -- what to type ---------------------------------------------------------------------------


def _queries(mirror: Path, count: int, seed: int) -> list[str]:
    """Realistic lookups from the mirror: name starts, NIKs, e-mail starts, phones."""
    rng = random.Random(seed)
    conn = sqlite3.connect(f"file:{mirror}?mode=ro", uri=True)
    try:
        (top,) = conn.execute("SELECT max(id) FROM applicants").fetchone()
        queries: list[str] = []
        while len(queries) < count:
            row = conn.execute(
                "SELECT name, nik, email, phone FROM applicants WHERE id >= ? LIMIT 1",
                (rng.randint(1, top),),
            ).fetchone()
            if row is None:
                continue
            name, nik, email, phone = row
            kind = len(queries) % 4
            if kind == 0:
                words = name.split()
                queries.append(" ".join(words[:2])[: rng.randint(3, 12)].strip() or name[:3])
            elif kind == 1 and nik:
                queries.append(nik)
            elif kind == 2:
                queries.append(email[: email.index("@") + 3])
            elif kind == 3 and phone:
                queries.append("0" + phone[3:])
        return queries
    finally:
        conn.close()


async def _until(condition: Callable[[], bool]) -> None:
    """Poll ``condition`` (set by the app's own event loop) with a deadline."""
    deadline = time.monotonic() + RESULT_TIMEOUT_SECONDS
    while True:
        if condition():
            return
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(POLL_SECONDS)


def _press(app: Any, character: str) -> None:
    """Deliver a key the way the terminal driver does (Pilot's press also waits for the
    process to look idle, which would be measured too)."""
    from textual import events

    app.post_message(events.Key(character, character))


# -- keystroke to painted results ----------------------------------------------------------------


async def _console_keystrokes(mirror: Path, queries: list[str]) -> list[float]:
    from textual.widgets import Input

    from prakerja_console.config import Settings
    from prakerja_console.domain.roles import Role
    from prakerja_console.services import ConsoleServices, Operator
    from prakerja_console.ui.app import ConsoleApp, ConsoleContext
    from prakerja_console.ui.screens.lookup import LookupScreen

    services = ConsoleServices(mirror, _clock, operator=Operator("bench.agent", Role.AGENT))
    app = ConsoleApp(
        ConsoleContext(
            services, Settings(mirror=mirror), _clock, background_sync=False, cursor_blink=False
        )
    )
    app.animation_level = "none"
    samples: list[float] = []
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            screen = app.screen
            assert isinstance(screen, LookupScreen)
            field = screen.query_one("#search", Input)

            async def settled() -> None:
                await _until(lambda: screen.settled)

            for number, query in enumerate([*queries[:WARM_UP], *queries]):
                screen.search_for(query[:-1])
                await settled()
                await pilot.pause()
                began = time.perf_counter()
                _press(app, query[-1])
                await _until(lambda query=query: field.value == query)
                await settled()
                frame_text(app)
                if number >= WARM_UP:
                    samples.append((time.perf_counter() - began) * 1000)
    finally:
        services.close()
    return samples


async def _bare_keystrokes(queries: list[str]) -> list[float]:
    """A bare Textual app doing the least a lookup could: 50 ready rows per keystroke."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Input

    rows = [
        (
            f"3201••••••••{n:04d}",
            f"Nama Pendaftar {n}",
            "na••••••@gmail.com",
            "Jawa Barat",
            "Terdaftar",
            "—",
        )
        for n in range(50)
    ]

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Input(id="search")
            yield DataTable(id="results")

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            for column, width in zip(
                ("NIK", "Nama", "E-mail", "Provinsi", "Tahap", "Gel."),
                (18, 25, 21, 13, 24, 5),
                strict=True,
            ):
                table.add_column(column, width=width)
            self.painted = ""

        def on_input_changed(self, event: Input.Changed) -> None:
            table = self.query_one(DataTable)
            table.clear()
            table.add_rows(rows)
            self.painted = event.value

    app = Bare()
    samples: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = app.query_one(Input)
        field.focus()
        for number, query in enumerate([*queries[:WARM_UP], *queries]):
            field.value = query[:-1]
            field.cursor_position = len(field.value)
            await pilot.pause()
            began = time.perf_counter()
            _press(app, query[-1])
            await _until(lambda query=query: app.painted == query)
            frame_text(app)
            if number >= WARM_UP:
                samples.append((time.perf_counter() - began) * 1000)
    return samples


# -- start-up and memory, each in a fresh process --------------------------------------------------


def _child(mode: str, mirror: Path) -> None:
    """Run in a subprocess: print one JSON line with what ``mode`` measures."""
    import psutil
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    async def after_start(pilot: Any) -> None:
        if mode.endswith("memory"):
            await _exercise(pilot, mirror if mode.startswith("console") else None)
        rss = psutil.Process().memory_info().rss
        print(json.dumps({"ready": time.time(), "rss": rss}), flush=True)
        pilot.app.exit()

    if mode.startswith("bare"):

        class Bare(App[None]):
            def compose(self) -> ComposeResult:
                yield Static("Prakerja Console")

        Bare().run(headless=True, size=SIZE, auto_pilot=after_start)
        return
    from prakerja_console.config import Settings
    from prakerja_console.services import ConsoleServices
    from prakerja_console.ui.app import ConsoleApp, ConsoleContext

    services = ConsoleServices(mirror, _clock)
    try:
        ConsoleApp(
            ConsoleContext(services, Settings(mirror=mirror), _clock, background_sync=False)
        ).run(headless=True, size=SIZE, auto_pilot=after_start)
    finally:
        services.close()


async def _exercise(pilot: Any, mirror: Path | None) -> None:
    """Searches and an opened applicant, so the memory figure is of a console in use."""
    if mirror is None:
        await pilot.pause()
        return
    from prakerja_console.ui.screens.lookup import LookupScreen

    screen = pilot.app.screen
    assert isinstance(screen, LookupScreen)
    for query in _queries(mirror, MEMORY_SEARCHES, seed=7):
        screen.search_for(query)
        await _until(lambda: screen.settled)
    pilot.app.open_applicant(1)
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _spawn(mode: str, mirror: Path) -> tuple[float, int]:
    """Seconds from spawning to the first frame, and resident bytes at that point."""
    began = time.time()
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_tui", mode, str(mirror)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=Path(__file__).resolve().parent.parent,
    ).stdout
    line = json.loads(output.strip().splitlines()[-1])
    return line["ready"] - began, line["rss"]


# -- the run ---------------------------------------------------------------------------------------


def _mirror(context: BenchContext) -> Path:
    from benchmarks import data  # the shared mirror, built once per scale

    return data.mirror(context)


def _run(coroutine: Callable[[], Awaitable[list[float]]]) -> list[float]:
    return asyncio.run(coroutine())  # type: ignore[arg-type]


def run(context: BenchContext) -> list[Figure]:
    mirror = _mirror(context)
    count = QUICK_KEYSTROKES if context.quick else KEYSTROKES
    # The timed key is a letter or digit (pressed by name, like an agent would type it).
    queries = [
        query
        for query in _queries(mirror, count, context.seed)
        if len(query) >= 2 and query[-1].isascii() and query[-1].isalnum()
    ]
    console = _run(lambda: _console_keystrokes(mirror, queries))
    bare = _run(lambda: _bare_keystrokes(queries))
    starts = QUICK_STARTS if context.quick else STARTS
    console_starts = [_spawn("console-start", mirror) for _ in range(starts)]
    bare_starts = [_spawn("bare-start", mirror) for _ in range(starts)]
    _, console_rss = _spawn("console-memory", mirror)
    _, bare_rss = _spawn("bare-memory", mirror)
    scale = f"{context.applicants:,} applicants"
    return [
        Figure(
            "tui keystroke → painted results, p95",
            round(percentile(console, 0.95), 2),
            "ms",
            budget=100,
            baseline=round(percentile(bare, 0.95), 2),
            note=f"{len(console)} keystrokes (names, NIKs, e-mails, phones), {scale}; "
            f"p50 {statistics.median(console):.1f} ms (bare app p50 {statistics.median(bare):.1f} ms)",
        ),
        Figure(
            "tui start → first paint, median",
            round(statistics.median(seconds for seconds, _ in console_starts) * 1000, 1),
            "ms",
            budget=600,
            baseline=round(statistics.median(seconds for seconds, _ in bare_starts) * 1000, 1),
            note=f"fresh process, {starts} starts, {scale}",
        ),
        Figure(
            "tui resident memory in use",
            round(console_rss / 1e6, 1),
            "MB",
            budget=200,
            baseline=round(bare_rss / 1e6, 1),
            note=f"after {MEMORY_SEARCHES} searches and an opened applicant, {scale}",
        ),
    ]


if __name__ == "__main__":
    _child(sys.argv[1], Path(sys.argv[2]))
