"""Keep-up: the central registers at the real peak while a console syncs continuously.

A copy of the shared central runs as its own process (``prakerja-console central
serve --rate 80000``: the traffic simulator registers 80,000 applicants a minute
on the wall clock and moves them on — e-mail confirmed, profile and NIK entered,
registry checks answered), and a copy of the shared mirror, first-synced from
that central, syncs with it through the sync engine's own loop (``SyncEngine.run``,
a round every :data:`INTERVAL` s, the shortest interval the console's
configuration allows) for :data:`SECONDS` s (:data:`QUICK_SECONDS` in a quick run).

**Lag**, precisely: for each change the central commits, the time from that commit
until the mirror has committed it (a page and its cursor commit together, so a
change is visible to the console's screens exactly when the mirror's cursor
reaches its change-log position). A third party samples both every
:data:`POLL` s — the central's last committed position (``counters.positions``)
and the mirror's cursor — and for each new central position takes the first
mirror sample at or past it. The commit is only known to lie between two central
samples, so each lag is measured from the *earlier* one: an upper bound, at most
two poll intervals above the truth. Figures: p95 and max (budget < 5 s).

**Nothing dropped**: after the run the central is stopped (its simulator with it)
and restarted without traffic, the console catches up once, and the checksums
and row counts of every table must be equal. The registrations the central
committed per minute of wall time over the steady part of the run are reported
beside the target.
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import tempfile
import threading
import time
from bisect import bisect_left
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from benchmarks import data
from benchmarks.context import BenchContext
from benchmarks.figures import Figure, percentile
from benchmarks.traffic import PEAK_RATE
from prakerja_console.central.runner import CentralProcess
from prakerja_console.store.connection import Purpose, connect
from prakerja_console.sync.report import SyncReport
from prakerja_console.sync.verify import compare
from prakerja_console.sync.wiring import open_engine

SECONDS = 120.0
QUICK_SECONDS = 15.0
WARM_UP = 5.0  # seconds before the rate is counted: the engine's first round, caches
INTERVAL = 1.0  # the console's shortest sync interval (config: sync_interval_seconds ≥ 1)
POLL = 0.02
DRAIN = 60.0  # seconds the mirror may take after the window to reach its last change
LAG_BUDGET = 5.0
# The simulator registers in ticks of ~0.2 s on its own clock; a window cut between
# two ticks can miss up to one tick of the rate it held.
RATE_TOLERANCE = 0.01


@dataclass(frozen=True, slots=True)
class Sample:
    at: float  # perf_counter seconds, after the reads
    before: float  # perf_counter seconds, before the reads
    central: int  # the central's last committed change position
    registered: int  # the central's highest applicant id
    mirror: int  # the change position the mirror's cursor has reached


def _position(cursor: str | None) -> int:
    """The change-log position in the reference central's cursor (``v1.<epoch>.all.<n>``)."""
    return 0 if cursor is None else int(cursor.rsplit(".", 1)[1])


def _sample(central: sqlite3.Connection, mirror: sqlite3.Connection) -> Sample:
    before = time.perf_counter()
    (position,) = central.execute("SELECT value FROM counters WHERE name = 'positions'").fetchone()
    (registered,) = central.execute("SELECT max(id) FROM applicants").fetchone()
    (cursor,) = mirror.execute("SELECT cursor FROM sync_state WHERE id = 1").fetchone()
    return Sample(time.perf_counter(), before, int(position), int(registered), _position(cursor))


def _watch(central_path: Path, mirror_path: Path, seconds: float) -> tuple[list[Sample], float]:
    """Samples for ``seconds``, then until the mirror reaches what the central had by then
    (at most :data:`DRAIN` s more); the samples, and when the measured window ended."""
    central = sqlite3.connect(central_path, isolation_level=None)
    central.execute("PRAGMA query_only = ON")
    mirror = connect(mirror_path, Purpose.READ)
    samples: list[Sample] = []
    try:
        end = time.perf_counter() + seconds
        while not samples or samples[-1].at < end:
            samples.append(_sample(central, mirror))
            time.sleep(POLL)
        target = samples[-1].central
        while samples[-1].mirror < target and samples[-1].at < end + DRAIN:
            samples.append(_sample(central, mirror))
            time.sleep(POLL)
    finally:
        central.close()
        mirror.close()
    return samples, end


def lags(samples: list[Sample], end: float) -> list[float]:
    """Seconds from each central position that appeared before ``end`` to the mirror
    reaching it (upper bounds, see the module docstring).

    A position the mirror never reached counts from its commit to the last sample:
    a lower bound, long enough to fail the budget.
    """
    reached = [sample.mirror for sample in samples]  # never decreases: a cursor only moves on
    found = []
    for previous, sample in pairwise(samples):
        if sample.at > end:
            break
        if sample.central > previous.central:
            first = min(bisect_left(reached, sample.central), len(samples) - 1)
            found.append(samples[first].at - previous.before)
    return found


def _rate(samples: list[Sample], end: float) -> float:
    """Registrations committed per minute of wall time, after the warm-up.

    Measured from the first commit seen in the window to the last one, not from the
    window's edges: the simulator commits a tick's registrations at once, so edges
    that fall between two commits would miss up to a tick's worth (2% of a quick run).
    """
    start = samples[0].at + WARM_UP
    steady = [sample for sample in samples if start <= sample.at <= end]
    commits = [now for before, now in pairwise(steady) if now.registered > before.registered]
    first, last = commits[0], commits[-1]
    return (last.registered - first.registered) / (last.at - first.at) * 60


def _sync_continuously(
    mirror: Path, keyring: data.MemoryKeyring, stop: threading.Event, reports: list[SyncReport]
) -> threading.Thread:
    engine = open_engine(mirror, backend=keyring, settings=data.engine_settings(interval=INTERVAL))

    def loop() -> None:
        try:
            engine.run(stop, lambda _status: None, reports.append)
        finally:
            engine.close()

    thread = threading.Thread(target=loop, name="keep-up-sync")
    thread.start()
    return thread


def _final_check(mirror: Path, keyring: data.MemoryKeyring) -> tuple[int, int, int]:
    """Catch up once with the quiet central; (changes pulled, rows missing, tables differing)."""
    engine = open_engine(mirror, backend=keyring, settings=data.engine_settings())
    try:
        report = engine.sync_once()
        if not report.ok:
            raise RuntimeError(f"the final catch-up failed: {report.problem}")
        local = engine.local_checksums()
        central = engine.central_checksum()
    finally:
        engine.close()
    differences = compare(local, central)
    missing = sum(
        max(0, (d.central.count if d.central else 0) - (d.mirror.count if d.mirror else 0))
        for d in differences
    )
    return report.pulled, missing, len(differences)


def run(context: BenchContext) -> list[Figure]:
    seconds = QUICK_SECONDS if context.quick else SECONDS
    seeded, synced = data.central(context), data.mirror(context)
    folder = Path(tempfile.mkdtemp(prefix="bench-keepup-", dir=synced.parent))
    try:
        central = data.copy_of(seeded, folder / "central.sqlite")
        mirror = data.copy_of(synced, folder / "mirror.sqlite")
        keyring = data.MemoryKeyring()
        traffic = [
            *("--applicants", str(context.applicants), "--seed", str(context.seed)),
            *("--rate", str(PEAK_RATE)),
        ]
        reports: list[SyncReport] = []
        stop = threading.Event()
        with CentralProcess(central, traffic, log_path=folder / "central.log") as busy:
            data.rebind(mirror, busy.url, keyring)
            port = busy.port
            syncing = _sync_continuously(mirror, keyring, stop, reports)
            try:
                samples, end = _watch(central, mirror, seconds)
            finally:
                stopped_at = time.time()
                stop.set()
                syncing.join()
        quiet = CentralProcess(central, log_path=folder / "central.log")
        quiet.port = port  # the mirror belongs to that URL
        with quiet:
            caught_up, missing, differing = _final_check(mirror, keyring)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    found = lags(samples, end)
    # The round cut short by the stop at the end reports a problem; it is not a failure.
    failed = [r for r in reports if not r.ok and r.started_at + r.duration < stopped_at]
    measured = [sample for sample in samples if sample.at <= end]
    registered = measured[-1].registered - measured[0].registered
    changes = measured[-1].central - measured[0].central
    window = measured[-1].at - measured[0].at
    note = (
        f"{registered:,} registrations and {changes:,} changes committed at the central in"
        f" {window:.0f} s ({changes / window:,.0f} changes/s), {context.applicants:,} applicants"
        f" before; {len(reports)} sync rounds every {INTERVAL:g} s, {len(failed)} failed;"
        f" {len(found):,} lag samples, p50 {statistics.median(found):.2f} s"
    )
    return [
        Figure(
            "keep-up: central registrations at the peak rate",
            _rate(samples, end),
            "registrations/min",
            budget=PEAK_RATE * (1 - RATE_TOLERANCE),
            higher_is_better=True,
            note=f"target {PEAK_RATE:,}/min on the wall clock after {WARM_UP:g} s; budget less"
            f" {RATE_TOLERANCE:.0%} for the simulator's 0.2 s ticks; " + note,
        ),
        Figure(
            "keep-up: mirror lag behind the central, p95",
            percentile(found, 0.95),
            "s",
            budget=LAG_BUDGET,
            note="commit at the central → committed in the mirror (cursor reached), sampled"
            f" every {POLL * 1000:.0f} ms, upper bounds; " + note,
        ),
        Figure(
            "keep-up: mirror lag behind the central, max",
            max(found),
            "s",
            budget=LAG_BUDGET,
            note=note,
        ),
        Figure(
            "keep-up: rows missing after catching up",
            float(missing),
            "rows",
            budget=0.0,
            note=f"count check: central stopped, restarted quiet, one catch-up round"
            f" ({caught_up:,} changes), then every table's row count",
        ),
        Figure(
            "keep-up: tables differing after catching up",
            float(differing),
            "tables",
            budget=0.0,
            note="checksum of (id, version) of every row, per table, mirror against central",
        ),
    ]
