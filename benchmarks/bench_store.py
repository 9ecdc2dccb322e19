"""The mirror at scale: snapshot ingest, index build, lookups, name search, incremental pull.

The mirror of ``context.applicants`` applicants is built once through the real
snapshot path and cached (with the figures measured while building it) under
``context.cache_path``; every run then measures the queries on it and the
incremental pull on copies of it. Each figure has its baseline measured in the
same run: raw ``executemany`` into a bare table for ingest, a plain FTS5 ``MATCH``
for name search, naive upserts (every column, unguarded FTS trigger) for the pull.

Rows come from the calibrated generator (``scenario_for_count``): every
replicated table, Indonesian names, the funnel of the programme's first year.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.context import BenchContext
from benchmarks.figures import Figure, percentile
from prakerja_console.central.generator import generate, scenario_for_count
from prakerja_console.domain.funnel import Stage
from prakerja_console.store import queries
from prakerja_console.store.connection import Purpose, checkpoint, connect, transaction
from prakerja_console.store.ingest import apply_changes
from prakerja_console.store.migrations import prepare
from prakerja_console.store.schema import replicated_fingerprint
from prakerja_console.store.snapshot import Phase, Progress, SnapshotWriter
from prakerja_console.sync.protocol import SnapshotStart, Table, TableRows, columns_of

ROWS_VERSION = 2  # bump when the rows change shape (the generator's own changes included)
BATCH = 10_000
PULL_ROUNDS = 3
T0 = 1_586_000_000
APPLICANT_COLUMNS = columns_of(Table.APPLICANTS)
STAGES = [stage.value for stage in Stage]


# -- building the cached mirror ---------------------------------------------------------


def _bare_table_sql(table: Table) -> str:
    columns = ", ".join(f"{c} INTEGER PRIMARY KEY" if c == "id" else c for c in columns_of(table))
    return f"CREATE TABLE {table.value} ({columns})"


def _build(path: Path, context: BenchContext) -> dict[str, float]:
    """Load the mirror through SnapshotWriter beside a raw executemany; return the figures."""
    prepare(path, device_id="bench-device-0001")
    sync = connect(path, Purpose.SYNC)
    raw_path = path.with_suffix(".raw.db")
    raw_path.unlink(missing_ok=True)
    raw = sqlite3.connect(raw_path, isolation_level=None)
    raw.execute("PRAGMA journal_mode = WAL")
    for pragma in ("synchronous = NORMAL", "cache_size = -65536"):
        raw.execute(f"PRAGMA {pragma}")
    for table in Table:
        raw.execute(_bare_table_sql(table))

    marks: dict[str, float] = {}

    def progress(step: Progress) -> None:
        if step.phase is Phase.INDEX:
            marks["indexed"] = time.perf_counter()

    start = SnapshotStart(
        cursor="bench-1", tables={t.value: 0 for t in Table if t is not Table.USERS}, server_time=T0
    )
    writer = SnapshotWriter.begin(sync, start, scope=None, now=T0, progress=progress)
    loaded = raw_loaded = 0.0
    rows_total = 0
    for table, rows in generate(scenario_for_count(context.applicants, context.seed), BATCH):
        if not rows:
            continue
        data = TableRows.model_construct(columns=list(columns_of(table)), rows=rows)
        began = time.perf_counter()
        writer.add_rows(table, data, next_after=rows[-1][0])
        loaded += time.perf_counter() - began
        began = time.perf_counter()
        with transaction(raw):
            raw.executemany(
                f"INSERT INTO {table.value} VALUES ({', '.join('?' * len(rows[0]))})", rows
            )
        raw_loaded += time.perf_counter() - began
        rows_total += len(rows)
    raw.close()
    raw_path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(raw_path) + suffix).unlink(missing_ok=True)
    for table in writer.remaining():
        writer.add_rows(table, TableRows(columns=list(columns_of(table)), rows=[]), next_after=None)
    began = time.perf_counter()
    writer.finish(now=T0)
    finished = time.perf_counter()
    sync.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (fts_bytes,) = sync.execute(
        "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'applicants_fts%'"
    ).fetchone()
    sync.close()
    return {
        "ingest_rows_per_s": rows_total / loaded,
        "raw_rows_per_s": rows_total / raw_loaded,
        "build_s": marks["indexed"] - began,
        "swap_s": finished - marks["indexed"],
        "fts_mb": fts_bytes / 1e6,
    }


def _cached_mirror(context: BenchContext) -> tuple[Path, dict[str, float]]:
    stem = f"mirror-{replicated_fingerprint()[:12]}-r{ROWS_VERSION}-s{context.seed}"
    path = context.cache_path(f"{stem}.db")
    figures_path = context.cache_path(f"{stem}.json")
    if path.exists() and figures_path.exists():
        return path, json.loads(figures_path.read_text())
    path.unlink(missing_ok=True)
    figures = _build(path, context)
    figures_path.write_text(json.dumps(figures))
    return path, figures


# -- measuring -------------------------------------------------------------------------------


def _timings(action: Callable[[Any], object], inputs: list[Any]) -> list[float]:
    samples = []
    for value in inputs:
        began = time.perf_counter()
        action(value)
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def _lookup_figures(reader: sqlite3.Connection, rng: random.Random, count: int) -> list[Figure]:
    ids = [rng.randint(1, count) for _ in range(2000)]
    rows = [
        reader.execute("SELECT nik, email, phone FROM applicants WHERE id = ?", (i,)).fetchone()
        for i in ids
    ]
    figures = []
    for label, position, find in (
        ("nik", 0, queries.find_by_nik),
        ("email", 1, queries.find_by_email),
        ("phone", 2, queries.find_by_phone),
    ):
        keys = [row[position] for row in rows]
        _timings(lambda key, find=find: find(reader, key), keys[:200])  # warm the cache
        samples = _timings(lambda key, find=find: find(reader, key), keys)
        figures.extend(
            Figure(
                f"store: lookup by {label}, p{round(fraction * 100)}",
                percentile(samples, fraction),
                "ms",
                budget=1.0 if fraction == 0.95 else None,
                note="find_by_* through the store, records built; 2,000 random keys",
            )
            for fraction in (0.5, 0.95)
        )
    return figures


def _search_inputs(reader: sqlite3.Connection, rng: random.Random, count: int) -> list[str]:
    """What agents type: a full name, a first name, a first name and a last-name start …"""
    inputs = []
    for _ in range(500):
        (name,) = reader.execute(
            "SELECT name FROM applicants WHERE id = ?", (rng.randint(1, count),)
        ).fetchone()
        words = name.split()
        inputs += [name, words[0], f"{words[0]} {words[-1][:3]}", words[-1][:2]]
    return inputs


def _search_figures(reader: sqlite3.Connection, rng: random.Random, count: int) -> list[Figure]:
    inputs = _search_inputs(reader, rng, count)
    _timings(lambda text: queries.search_name(reader, text), inputs[:200])
    ours = _timings(lambda text: queries.search_name(reader, text), inputs)

    def plain(text: str) -> list[Any]:
        match = " ".join(f'"{word}"*' for word in text.split())
        return reader.execute(
            "SELECT rowid FROM applicants_fts WHERE applicants_fts MATCH ? LIMIT 50", (match,)
        ).fetchall()

    baseline = _timings(plain, inputs)
    note = "first page of 50: full names, first names, first name + 3 letters, 2 letters"
    return [
        Figure(
            "store: name search first page, p50",
            percentile(ours, 0.5),
            "ms",
            baseline=percentile(baseline, 0.5),
            note=note,
        ),
        Figure(
            "store: name search first page, p95",
            percentile(ours, 0.95),
            "ms",
            budget=10.0,
            baseline=percentile(baseline, 0.95),
            note=note + "; baseline: plain FTS5 MATCH",
        ),
    ]


def _changes(
    reader: sqlite3.Connection, rng: random.Random, count: int, total: int, rounds: int
) -> list[list[list[list[Any]]]]:
    """Rounds of pages of 1,000 changed applicants (90% moved a stage, 10% new), full rows.

    The changed rows are spread uniformly over the whole mirror: the worst case, as
    on a wave's announcement day, when results touch applicants of every age. Each
    round changes other applicants, so no round replays another.
    """
    fresh = total // 10
    sampled = rng.sample(range(1, count + 1), (total - fresh) * rounds)
    stage_at = APPLICANT_COLUMNS.index("stage")
    result = []
    for round_number in range(rounds):
        updated = sampled[round_number * (total - fresh) : (round_number + 1) * (total - fresh)]
        rows: list[list[Any]] = []
        for start in range(0, len(updated), 500):
            chunk = updated[start : start + 500]
            found = reader.execute(
                f"SELECT {', '.join(APPLICANT_COLUMNS)} FROM applicants"
                f" WHERE id IN ({', '.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
            for row in found:
                values = list(row)
                values[stage_at] = STAGES[min(STAGES.index(values[stage_at]) + 1, len(STAGES) - 1)]
                values[APPLICANT_COLUMNS.index("reason_code")] = "selection_pending"
                values[APPLICANT_COLUMNS.index("state_changed_at")] += 3600
                values[-1] += 1
                rows.append(values)
        template = list(rows[0])
        for offset in range(fresh):
            values = list(template)
            values[0] = count + 1 + round_number * fresh + offset
            values[1] = f"Pendaftar Baru {round_number} {offset}"
            values[APPLICANT_COLUMNS.index("email")] = f"baru.{round_number}.{offset}@example.id"
            values[-1] = 1
            rows.append(values)
        rng.shuffle(rows)
        result.append([rows[start : start + 1000] for start in range(0, len(rows), 1000)])
    return result


def _apply_ours(conn: sqlite3.Connection, pages: list[list[list[Any]]]) -> float:
    began = time.perf_counter()
    for number, page in enumerate(pages):
        data = TableRows.model_construct(columns=list(APPLICANT_COLUMNS), rows=page)
        apply_changes(conn, {Table.APPLICANTS.value: data}, {}, f"bench-{number}", now=T0)
    return time.perf_counter() - began


def _apply_naive(conn: sqlite3.Connection, pages: list[list[list[Any]]]) -> float:
    """Every column in the upsert, the FTS trigger without its guard."""
    columns = ", ".join(APPLICANT_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in APPLICANT_COLUMNS[1:])
    sql = (
        f"INSERT INTO applicants ({columns}) VALUES ({', '.join('?' * len(APPLICANT_COLUMNS))})"
        f" ON CONFLICT (id) DO UPDATE SET {updates} WHERE excluded.version > applicants.version"
    )
    began = time.perf_counter()
    for number, page in enumerate(pages):
        with transaction(conn):
            conn.executemany(sql, page)
            conn.execute("UPDATE sync_state SET cursor = ? WHERE id = 1", (f"naive-{number}",))
    return time.perf_counter() - began


def _pull_figures(path: Path, rng: random.Random, count: int, quick: bool) -> list[Figure]:
    """Best of :data:`PULL_ROUNDS` rounds each way (other work on the machine only slows)."""
    total = 10_000 if quick else 20_000
    reader = connect(path, Purpose.READ)
    rounds = _changes(reader, rng, count, total, PULL_ROUNDS)
    reader.close()
    with tempfile.TemporaryDirectory(dir=path.parent) as folder:
        ours_path, naive_path = Path(folder) / "ours.db", Path(folder) / "naive.db"
        shutil.copy(path, ours_path)
        shutil.copy(path, naive_path)
        ours = connect(ours_path, Purpose.SYNC)
        timings = []
        for pages in rounds:
            applied = _apply_ours(ours, pages)
            began = time.perf_counter()
            checkpoint(ours)  # what apply_page does after the caught-up page
            timings.append((applied, time.perf_counter() - began))
        applied, checkpointed = min(timings)
        replay_rate = total / _apply_ours(ours, rounds[-1])
        ours.close()
        naive = connect(naive_path, Purpose.SYNC)
        naive.execute("PRAGMA wal_autocheckpoint = 1000")  # SQLite's default
        naive.execute("DROP TRIGGER applicants_fts_update")
        naive.execute(
            "CREATE TRIGGER applicants_fts_update AFTER UPDATE OF name ON applicants BEGIN"
            " INSERT INTO applicants_fts(applicants_fts, rowid, name)"
            " VALUES ('delete', old.id, old.name);"
            " INSERT INTO applicants_fts(rowid, name) VALUES (new.id, new.name); END"
        )
        naive_rate = max(total / _apply_naive(naive, pages) for pages in rounds)
        naive.close()
    note = (
        f"{total:,} applicants changed uniformly over the mirror, pages of 1,000 (90% a stage"
        f" moved, 10% new), fully indexed; best of {PULL_ROUNDS} rounds"
    )
    return [
        Figure(
            "store: incremental pull",
            total / applied,
            "changes/s",
            budget=20_000,
            baseline=naive_rate,
            higher_is_better=True,
            note=note + "; baseline: naive upsert of every column, checkpoint every 4 MB"
            f"; with the checkpoint after catching up: {total / (applied + checkpointed):,.0f}/s",
        ),
        Figure(
            "store: checkpoint after catching up",
            checkpointed,
            "s",
            note=f"the WAL of {total:,} changes copied into the database file, once idle",
        ),
        Figure(
            "store: replayed pull (nothing newer)",
            replay_rate,
            "changes/s",
            baseline=naive_rate,
            higher_is_better=True,
            note="the last round's pages applied again",
        ),
    ]


def run(context: BenchContext) -> list[Figure]:
    path, built = _cached_mirror(context)
    rng = random.Random(context.seed)
    count = context.applicants
    figures = [
        Figure(
            "store: snapshot ingest",
            built["ingest_rows_per_s"],
            "rows/s",
            baseline=built["raw_rows_per_s"],
            higher_is_better=True,
            note="SnapshotWriter.add_rows into bare STRICT shadows, every table;"
            " baseline: raw executemany into a bare table",
        ),
        Figure(
            "store: index + FTS build",
            built["build_s"],
            "s",
            note=f"every index and the FTS table ({built['fts_mb']:.1f} MB) on the loaded shadows",
        ),
        Figure(
            "store: snapshot swap",
            built["swap_s"],
            "s",
            note="first sync: drop the empty live tables, rename, triggers, rebase, cursor,"
            " then checkpoint the load's WAL (a re-snapshot also drops 1.4M old rows: +0.25 s)",
        ),
        Figure(
            "store: mirror file size",
            path.stat().st_size / 1e6 * 1_000_000 / count,
            "MB per 1M applicants",
            note="every table of the generated data; after a first snapshot",
        ),
    ]
    reader = connect(path, Purpose.READ)
    figures += _lookup_figures(reader, rng, count)
    figures += _search_figures(reader, rng, count)
    reader.close()
    figures += _pull_figures(path, rng, count, context.quick)
    return figures
