"""The sync engine end to end, against a loopback central in its own process.

* **first sync**: login, then one ``sync_once`` on an empty mirror: snapshot of
  every table over HTTP (``context.applicants`` applicants and all their rows),
  pages written while the next ones are fetched, indexes and search built, swap,
  catch-up pull. Figure: applicants per second of wall time (budget ≥ 50,000,
  DESIGN §5). Baseline, same run: raw ``sqlite3.executemany`` of the same rows
  (read from the central's file beforehand) into bare tables, time of the
  ``executemany`` calls only, expressed per applicant the same way.
* **incremental pull**: the central's traffic simulator runs at the programme's
  peak (80,000 registrations a minute, plus e-mail, registry and join steps) for
  ``SIMULATED_SECONDS`` (fewer in a quick run) on the central's file, then one
  ``sync_once`` pulls the change feed into the fully indexed mirror, checkpoint
  after catching up included. Figure: changes per second (budget ≥ 20,000).
  Baseline: the same changed rows upserted with a naive ``executemany`` (every
  column) into a copy of the mirror as it was before the pull.
* **incremental pull, spread**: the worst case for the mirror's indexes: 20,000
  applicants picked uniformly over the whole mirror move one funnel stage at the
  central (as on a wave's announcement day), then one ``sync_once``. Same
  baseline.

Both pulls go through one engine kept open, as the console keeps its own; the
checksums that verify each pull are read on another connection, so they do not
warm or flush the engine's cache.

The central's seeded database is the shared one (:func:`benchmarks.data.central`);
it is copied, so the cache is never written. The central runs as a child process
(``prakerja-console central serve``), as it would on another machine: the
client's Python work and the server's do not share one GIL.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from benchmarks import data
from benchmarks.context import BenchContext
from benchmarks.data import CHANGES_PAGE, SNAPSHOT_PAGE, MemoryKeyring
from benchmarks.figures import Figure
from benchmarks.traffic import PeakTraffic
from prakerja_console.central import records
from prakerja_console.central.config import sqlite_url
from prakerja_console.central.database import Database
from prakerja_console.central.runner import CentralProcess
from prakerja_console.domain.funnel import Stage
from prakerja_console.store.connection import Purpose, connect, transaction
from prakerja_console.store.queries import checksums
from prakerja_console.sync.engine import SyncEngine
from prakerja_console.sync.protocol import Table, columns_of
from prakerja_console.sync.report import SyncStatus
from prakerja_console.sync.verify import compare
from prakerja_console.sync.wiring import open_engine

SIMULATED_SECONDS = 60
QUICK_SIMULATED_SECONDS = 15
SPREAD = 20_000
QUICK_SPREAD = 10_000
RAW_BATCH = 25_000
STAGES = [stage.value for stage in Stage]


def _first_sync(url: str, mirror: Path, keyring: MemoryKeyring) -> tuple[float, float, int]:
    """Seconds of the whole first sync, seconds until the index phase, rows pulled."""
    marks: dict[str, float] = {}

    def watch(status: SyncStatus) -> None:
        if status.progress is not None and status.progress.phase == "index":
            marks.setdefault("index", time.perf_counter())

    started = time.perf_counter()
    seconds, pulled = data.first_sync(mirror, url, keyring, on_status=watch)
    return seconds, marks.get("index", started + seconds) - started, pulled


def _bare_table_sql(table: Table, name: str) -> str:
    columns = ", ".join(f"{c} INTEGER PRIMARY KEY" if c == "id" else c for c in columns_of(table))
    return f"CREATE TABLE {name} ({columns})"


def _raw_load(central: Path, target: Path) -> tuple[float, int]:
    """Seconds of raw executemany of every row into bare tables; rows loaded."""
    source = sqlite3.connect(f"file:{central}?mode=ro", uri=True)
    raw = sqlite3.connect(target, isolation_level=None)
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("PRAGMA synchronous = NORMAL")
    seconds, rows = 0.0, 0
    for table in Table:
        raw.execute(_bare_table_sql(table, table.value))
        columns = columns_of(table)
        select = ", ".join(f'"{column}"' for column in columns)
        insert = f"INSERT INTO {table.value} VALUES ({', '.join('?' * len(columns))})"
        after = 0
        while True:
            page = source.execute(
                f'SELECT {select} FROM "{table.value}" WHERE id > ? ORDER BY id LIMIT ?',
                (after, RAW_BATCH),
            ).fetchall()
            if not page:
                break
            started = time.perf_counter()
            with transaction(raw):
                raw.executemany(insert, page)
            seconds += time.perf_counter() - started
            rows += len(page)
            after = page[-1][0]
    source.close()
    raw.close()
    return seconds, rows


def _simulate(central: Path, context: BenchContext, seconds: int) -> int:
    """Run the traffic simulator on the central's file; returns the first new position."""
    traffic = PeakTraffic(central, context)
    try:
        traffic.run(seconds)
    finally:
        traffic.close()
    return traffic.position


def _changed_rows(central: Path, position: int) -> dict[Table, list[tuple[object, ...]]]:
    """The current rows of every record the simulator changed (what the feed delivers)."""
    source = sqlite3.connect(f"file:{central}?mode=ro", uri=True)
    found: dict[Table, list[tuple[object, ...]]] = {}
    for table in Table:
        select = ", ".join(f'r."{column}"' for column in columns_of(table))
        found[table] = source.execute(
            f'SELECT {select} FROM change_log c JOIN "{table.value}" r ON r.id = c.record_id'
            " WHERE c.table_name = ? AND c.position > ? ORDER BY c.position",
            (table.value, position),
        ).fetchall()
    source.close()
    return found


def _spread_updates(central: Path, context: BenchContext, spread: int) -> int:
    """Move ``spread`` applicants, uniformly over the mirror, one stage on; the first new position."""
    db = Database(sqlite_url(central))
    rng = random.Random(context.seed)
    with db.write() as tx:
        position = int(tx.scalar("SELECT value FROM counters WHERE name = 'positions'"))
        for applicant_id in rng.sample(range(1, context.applicants + 1), spread):
            found = records.load(tx, Table.APPLICANTS, applicant_id)
            assert found is not None
            stage = STAGES[min(STAGES.index(found.values["stage"]) + 1, len(STAGES) - 1)]
            records.update(
                tx,
                found,
                {
                    "stage": stage,
                    "reason_code": "selection_pending",
                    "state_changed_at": found.values["state_changed_at"] + 3600,
                },
            )
    db.close()
    return position


def _naive_upserts(mirror: Path, rows: dict[Table, list[tuple[object, ...]]]) -> float:
    """Seconds to upsert ``rows`` with every column, in pages of CHANGES_PAGE."""
    conn = connect(mirror, Purpose.SYNC)
    seconds = 0.0
    for table, found in rows.items():
        columns = columns_of(table)
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
        sql = (
            f"INSERT INTO {table.value} ({', '.join(columns)})"
            f" VALUES ({', '.join('?' * len(columns))})"
            f" ON CONFLICT (id) DO UPDATE SET {updates} WHERE excluded.version > {table.value}.version"
        )
        for start in range(0, len(found), CHANGES_PAGE):
            began = time.perf_counter()
            with transaction(conn):
                conn.executemany(sql, found[start : start + CHANGES_PAGE])
            seconds += time.perf_counter() - began
    conn.close()
    return seconds


def _incremental(engine: SyncEngine, mirror: Path) -> tuple[float, int]:
    """One round that pulls what the central changed; (seconds, changes pulled), verified."""
    started = time.perf_counter()
    report = engine.sync_once()
    seconds = time.perf_counter() - started
    if not report.ok or report.snapshot_reason is not None:
        raise RuntimeError(f"incremental pull failed: {report}")
    reader = connect(mirror, Purpose.READ)
    try:
        differences = compare(checksums(reader), engine.central_checksum())
    finally:
        reader.close()
    if differences:
        raise RuntimeError(f"incremental pull left differences: {differences}")
    return seconds, report.pulled


def _copy_live(mirror: Path, target: Path) -> Path:
    """A consistent copy of a mirror whose engine is open (its WAL may hold pages)."""
    source, copy = connect(mirror, Purpose.READ), sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    return target


def run(context: BenchContext) -> list[Figure]:
    seeded = data.central(context)
    simulated = QUICK_SIMULATED_SECONDS if context.quick else SIMULATED_SECONDS
    spread_count = min(QUICK_SPREAD if context.quick else SPREAD, context.applicants // 2)
    folder = Path(tempfile.mkdtemp(prefix="bench-sync-", dir=seeded.parent))
    try:
        central = data.copy_of(seeded, folder / "central.sqlite")
        mirror = folder / "mirror.sqlite"
        keyring = MemoryKeyring()
        with CentralProcess(central, log_path=folder / "central.log") as process:
            first, loading, pulled = _first_sync(process.url, mirror, keyring)
            raw_seconds, raw_rows = _raw_load(central, folder / "raw.sqlite")
            assert raw_rows == pulled, (raw_rows, pulled)
            # The central idles while this process writes its traffic into its file.
            engine = open_engine(mirror, backend=keyring, settings=data.engine_settings())
            try:
                position = _simulate(central, context, simulated)
                changed = _changed_rows(central, position)
                before = _copy_live(mirror, folder / "before-pull.sqlite")
                incremental, changes = _incremental(engine, mirror)
                naive = _naive_upserts(before, changed)
                naive_rows = sum(len(rows) for rows in changed.values())

                position = _spread_updates(central, context, spread_count)
                spread_changed = _changed_rows(central, position)
                before.unlink()
                _copy_live(mirror, before)
                spread, spread_changes = _incremental(engine, mirror)
                spread_naive = _naive_upserts(before, spread_changed)
            finally:
                engine.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    count = context.applicants
    return [
        Figure(
            "sync: first sync end to end",
            count / first,
            "applicants/s",
            budget=50_000,
            baseline=count / raw_seconds,
            higher_is_better=True,
            note=f"{pulled:,} rows of every table in {first:.1f} s (loading {loading:.1f} s,"
            f" indexes + search + swap + catch-up {first - loading:.1f} s), pages of"
            f" {SNAPSHOT_PAGE:,}, central in its own process; baseline: raw executemany of"
            f" the same {raw_rows:,} rows into bare tables ({raw_seconds:.1f} s)",
        ),
        Figure(
            "sync: incremental pull end to end",
            changes / incremental,
            "changes/s",
            budget=20_000,
            baseline=naive_rows / naive,
            higher_is_better=True,
            note=f"{changes:,} changes after {simulated} s of simulated peak traffic, in"
            f" {incremental:.1f} s, pages of {CHANGES_PAGE:,}; baseline: naive executemany"
            f" upserts of the same rows into the indexed mirror",
        ),
        Figure(
            "sync: incremental pull, changes spread over the mirror",
            spread_changes / spread,
            "changes/s",
            budget=20_000,
            baseline=spread_count / spread_naive,
            higher_is_better=True,
            note=f"{spread_changes:,} applicants picked uniformly over the mirror moved a stage"
            f" at the central, pulled in {spread:.1f} s, pages of {CHANGES_PAGE:,}; baseline:"
            " naive executemany upserts of the same rows into the indexed mirror",
        ),
    ]
