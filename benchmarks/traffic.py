"""Peak-day traffic on a copy of the shared central, driven tick by tick on a simulated clock.

``bench_central`` measures how fast the simulator writes it and ``bench_sync`` how
fast a console pulls what it wrote; both drive it the same way, from here.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.context import BenchContext
from prakerja_console.central.config import sqlite_url
from prakerja_console.central.database import Database
from prakerja_console.central.simulator import Simulator, TrafficMix
from prakerja_console.central.sources import count_data

PEAK_RATE = 80_000  # registrations per minute: the programme's real peak
TICK = 0.25  # simulated seconds per simulator tick


class SimulatedClock:
    """The central's clock, moved by hand: a tick's work is not limited by the wall clock."""

    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


class PeakTraffic:
    """The simulator at :data:`PEAK_RATE` on ``central``, starting just after its seeding."""

    def __init__(self, central: Path, context: BenchContext) -> None:
        scenario = count_data(context.applicants, context.seed).scenario
        assert scenario is not None
        self.db = Database(sqlite_url(central))
        with self.db.read() as tx:
            self.position = int(tx.scalar("SELECT value FROM counters WHERE name = 'positions'"))
            self.start = int(tx.meta("seeded_at") or 0) + 1
        self.clock = SimulatedClock(self.start)
        self._simulator = Simulator(
            self.db,
            scenario,
            rate_per_minute=PEAK_RATE,
            clock=self.clock,
            seed=context.seed,
            mix=TrafficMix(email_delay=2, registry_delay=2),
        )
        self._simulator.prepare()

    def run(self, seconds: float) -> int:
        """Simulate ``seconds`` of traffic; returns the registrations made."""
        registered = 0
        for _ in range(int(seconds / TICK)):
            self.clock.now += TICK
            registered += self._simulator.tick().registered
        return registered

    def close(self) -> None:
        self.db.close()
