"""The mirror at scale: lookups, name search, dashboards, incremental pull, file size.

Everything runs on the shared mirror (:func:`benchmarks.data.mirror`: the
generator's data for ``context.applicants`` applicants, first-synced from a
central), read-only for the queries and on private copies for the pull. Each
figure has its baseline measured in the same run: a plain FTS5 ``MATCH`` for name
search, the same counts by ``GROUP BY`` over the rows for the dashboards, naive
upserts (every column, unguarded FTS trigger) for the pull.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import data
from benchmarks.context import BenchContext
from benchmarks.figures import Figure, median_and_p95, percentile
from prakerja_console.domain.funnel import Stage
from prakerja_console.store import queries
from prakerja_console.store.connection import Purpose, checkpoint, connect, transaction
from prakerja_console.store.dashboard import WaveFunnel, funnel_by_wave, wave_funnel
from prakerja_console.store.ingest import apply_changes
from prakerja_console.store.screen_queries import email_prefix_page
from prakerja_console.sync.protocol import Table, TableRows, columns_of

PULL_ROUNDS = 3
DASHBOARD_REFRESHES = 300
GROUP_BY_REFRESHES = 5
T0 = 1_586_000_000
APPLICANT_COLUMNS = columns_of(Table.APPLICANTS)
STAGES = [stage.value for stage in Stage]


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
        ("email", 1, lambda conn, key: email_prefix_page(conn, key.lower(), None, 100)),
        ("phone", 2, queries.find_by_phone),
    ):
        keys = [row[position] for row in rows]
        _timings(lambda key, find=find: find(reader, key), keys[:200])  # warm the cache
        samples = _timings(lambda key, find=find: find(reader, key), keys)
        figures += median_and_p95(
            f"store: lookup by {label}",
            samples,
            budget=1.0,
            note="the lookup service's store queries, records built; 2,000 random keys",
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
    return median_and_p95(
        "store: name search first page",
        ours,
        budget=10.0,
        note=note,
        baseline=baseline,
        baseline_note="; baseline: plain FTS5 MATCH",
    )


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
        rows = TableRows.model_construct(columns=list(APPLICANT_COLUMNS), rows=page)
        apply_changes(conn, {Table.APPLICANTS.value: rows}, {}, f"bench-{number}", now=T0)
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
    # Each round changes other applicants; a small mirror (a smoke run) has fewer to give.
    total = min(10_000 if quick else 20_000, count // PULL_ROUNDS)
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


def _dashboard_refresh(reader: sqlite3.Connection, wave: int | None, province: str | None) -> Any:
    """What a wave dashboard reads on every refresh: its wave, and the overview strip."""
    return wave_funnel(reader, wave, province_code=province), funnel_by_wave(reader)


def _grouped_refresh(reader: sqlite3.Connection, wave: int | None, province: str | None) -> Any:
    """The same numbers the plain way: ``GROUP BY`` over the applicants and entries."""
    where = "wave_id IS ?" + ("" if province is None else " AND province_code = ?")
    key = (wave, *(() if province is None else (province,)))
    return (
        reader.execute(
            f"SELECT stage, side_state, count(*) FROM applicants WHERE {where}"
            " GROUP BY stage, side_state",
            key,
        ).fetchall(),
        reader.execute(
            f"SELECT province_code, count(*) FROM applicants WHERE {where} GROUP BY province_code",
            key,
        ).fetchall(),
        reader.execute(
            "SELECT outcome, count(*) FROM wave_entries WHERE wave_id IS ? GROUP BY outcome",
            (wave,),
        ).fetchall(),
        reader.execute(
            "SELECT wave_id, stage, side_state, count(*) FROM applicants GROUP BY 1, 2, 3"
        ).fetchall(),
    )


def _same_counts(ours: tuple[WaveFunnel, Any], grouped: Any) -> bool:
    funnel, _overview = ours
    cells, provinces, entries, _waves = grouped
    return (
        sorted((c.stage, c.side_state, c.count) for c in funnel.funnel) == sorted(cells)
        and dict(funnel.provinces) == dict(provinces)
        and dict(funnel.entries) == dict(entries)
    )


def _dashboard_figures(reader: sqlite3.Connection, rng: random.Random) -> list[Figure]:
    waves: list[int | None] = [None, *(w for (w,) in reader.execute("SELECT id FROM waves"))]
    provinces = [p for (p,) in reader.execute("SELECT DISTINCT province_code FROM funnel_counts")]
    inputs = [
        (rng.choice(waves), rng.choice(provinces) or None if rng.random() < 1 / 3 else None)
        for _ in range(DASHBOARD_REFRESHES)
    ]
    _timings(lambda item: _dashboard_refresh(reader, *item), inputs[:20])
    ours = _timings(lambda item: _dashboard_refresh(reader, *item), inputs)
    checked = inputs[:GROUP_BY_REFRESHES]
    grouped = _timings(lambda item: _grouped_refresh(reader, *item), checked)
    for wave, province in checked:
        if not _same_counts(
            _dashboard_refresh(reader, wave, province), _grouped_refresh(reader, wave, province)
        ):
            raise AssertionError(f"summary counts differ from GROUP BY for {wave}, {province}")
    return [
        Figure(
            "store: wave dashboard refresh, p95",
            percentile(ours, 0.95),
            "ms",
            budget=20.0,
            baseline=percentile(grouped, 0.5),
            note=f"wave_funnel (stages x side states, provinces, entries by outcome) +"
            f" funnel_by_wave, from the summary tables; {len(inputs)} refreshes over"
            f" {len(waves)} waves, a province in a third; p50 {percentile(ours, 0.5):.2f} ms;"
            f" baseline: the same counts by GROUP BY over the rows (median of"
            f" {len(checked)}, and they agree)",
        )
    ]


def run(context: BenchContext) -> list[Figure]:
    path = data.mirror(context)
    rng = random.Random(context.seed)
    count = context.applicants
    figures = [
        Figure(
            "store: mirror file size",
            path.stat().st_size / 1e6 * 1_000_000 / count,
            "MB per 1M applicants",
            note=f"{path.stat().st_size / 1e6:,.0f} MB for {count:,} applicants and every table"
            " of the generated data, after the first sync",
        ),
    ]
    reader = connect(path, Purpose.READ)
    try:
        figures += _lookup_figures(reader, rng, count)
        figures += _search_figures(reader, rng, count)
        figures += _dashboard_figures(reader, rng)
    finally:
        reader.close()
    figures += _pull_figures(path, rng, count, context.quick)
    return figures
