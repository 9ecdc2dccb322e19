"""The reference central: snapshot streaming, the change feed, and the traffic simulator.

Measured, for ``context.applicants`` applicants (1.4 million by default):

* **snapshot stream**: every applicant in pages of 10,000 over real HTTP from a
  central on 127.0.0.1 (login, ``POST /v1/snapshot``, then ``GET
  /v1/snapshot/applicants`` until done), each page parsed with orjson as a client
  would. The baseline, in the same run, is the same keyset pages read from the
  same file with raw ``sqlite3`` and encoded/decoded with orjson in-process: the
  ratio is what HTTP, auth and the server cost. Budget: the server's share of
  the initial sync budget (≥ 50,000 applicants/s end to end, DESIGN §5).
* **simulator**: registrations per minute the traffic simulator sustains on this
  machine, driven tick by tick (0.25 s of simulated time each) at the
  programme's real peak of 80,000 a minute for 60 s (15 s in a quick run), on a
  copy of the seeded database;
  the figure is simulated registrations per minute of wall time (budget
  ≥ 80,000). Baseline: the same applicant rows inserted with a bare
  ``executemany``.
* **change feed**: changes per second a nationwide client pulls in pages of
  10,000 after the simulator ran (no budget: reported).

The seeded database is the shared one (:func:`benchmarks.data.central`, built
once per scale and code version); every figure works on a private copy of it.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

import httpx
import orjson

from benchmarks import data
from benchmarks.context import BenchContext
from benchmarks.figures import Figure
from benchmarks.traffic import PEAK_RATE, PeakTraffic
from prakerja_console.central.config import CentralConfig, sqlite_url
from prakerja_console.central.runner import CentralServer
from prakerja_console.central.sources import SeedData
from prakerja_console.sync.protocol import Table, columns_of

PAGE = 10_000
SIMULATED_SECONDS = 60
QUICK_SIMULATED_SECONDS = 15


def _headers(http: httpx.Client) -> dict[str, str]:
    """Log in as the demo agent (nationwide: every row is in scope)."""
    login = {"username": "siti.agent", "password": "siti-demo-2020", "device_id": "bench-0001"}
    token = http.post("/auth/token", json=login).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def _stream_snapshot(url: str) -> tuple[int, float]:
    with httpx.Client(base_url=f"{url}/v1", timeout=120) as http:
        headers = _headers(http)
        started = time.perf_counter()
        http.post("/snapshot", headers=headers).raise_for_status()
        rows, after = 0, 0
        while True:
            response = http.get(
                "/snapshot/applicants", params={"after": after, "limit": PAGE}, headers=headers
            )
            response.raise_for_status()
            page = orjson.loads(response.content)
            rows += len(page["data"]["rows"])
            if page["next_after"] is None:
                return rows, time.perf_counter() - started
            after = page["next_after"]


def _raw_snapshot(path: Path) -> tuple[int, float]:
    columns = ", ".join(f'"{column}"' for column in columns_of(Table.APPLICANTS))
    connection = sqlite3.connect(path)
    started = time.perf_counter()
    rows, after = 0, 0
    while True:
        page = connection.execute(
            f"SELECT {columns} FROM applicants WHERE id > ? ORDER BY id LIMIT ?",
            (after, PAGE),
        ).fetchall()
        if not page:
            break
        rows += len(orjson.loads(orjson.dumps({"rows": page}))["rows"])
        after = page[-1][0]
    elapsed = time.perf_counter() - started
    connection.close()
    return rows, elapsed


def _snapshot_figures(context: BenchContext, path: Path) -> list[Figure]:
    seeded = data.facts(data.central(context))
    figures = [
        Figure(
            "central seed (generate + insert + index)",
            context.applicants / seeded["seed_seconds"],
            "applicants/s",
            higher_is_better=True,
            note=f"{seeded['seed_seconds']:.1f} s for {context.applicants:,} applicants and"
            " their children, when the shared data was built",
        )
    ]
    baseline_rows, baseline_seconds = _raw_snapshot(path)
    config = CentralConfig(database_url=sqlite_url(path))
    with CentralServer(config, SeedData(lambda: iter(()))) as server:
        rows, seconds = _stream_snapshot(server.url)
    assert rows == baseline_rows == context.applicants, (rows, baseline_rows)
    figures.append(
        Figure(
            "central snapshot stream over HTTP",
            rows / seconds,
            "applicants/s",
            budget=50_000,
            baseline=baseline_rows / baseline_seconds,
            higher_is_better=True,
            note=f"{rows:,} applicants in pages of {PAGE:,}: {seconds:.2f} s; baseline = raw "
            "sqlite3 keyset pages + orjson in-process",
        )
    )
    return figures


def _simulator_figures(context: BenchContext, path: Path) -> list[Figure]:
    simulated = QUICK_SIMULATED_SECONDS if context.quick else SIMULATED_SECONDS
    folder = path.parent
    traffic = PeakTraffic(path, context)
    try:
        started = time.perf_counter()
        registered = traffic.run(simulated)
        seconds = time.perf_counter() - started
        with traffic.db.read() as tx:
            rows = tx.all("SELECT * FROM applicants ORDER BY id DESC LIMIT ?", (registered,))
    finally:
        traffic.close()
    try:
        bare = sqlite3.connect(folder / "bare.sqlite")
        bare.execute(f"CREATE TABLE t ({', '.join(f'c{i}' for i in range(len(rows[0])))})")
        marks = ", ".join("?" * len(rows[0]))
        bare_started = time.perf_counter()
        bare.executemany(f"INSERT INTO t VALUES ({marks})", rows)
        bare.commit()
        bare_seconds = time.perf_counter() - bare_started
        bare.close()
        return [
            Figure(
                "central simulator sustained registrations",
                registered / seconds * 60,
                "registrations/min",
                budget=PEAK_RATE,
                baseline=registered / bare_seconds * 60,
                higher_is_better=True,
                note=f"{registered:,} registrations (plus e-mail, registry and join steps) in "
                f"{seconds:.2f} s of wall time for {simulated} s simulated, on a copy of "
                f"the {context.applicants:,}-applicant database; baseline = bare executemany "
                "of the same applicant rows",
            ),
            _feed_figure(path, traffic.start + simulated, traffic.position),
        ]
    finally:
        (folder / "bare.sqlite").unlink(missing_ok=True)


def _feed_figure(path: Path, now: int, position: int) -> Figure:
    config = CentralConfig(database_url=sqlite_url(path), clock=lambda: now)
    with (
        CentralServer(config, SeedData(lambda: iter(()))) as server,
        httpx.Client(base_url=f"{server.url}/v1", timeout=120) as http,
    ):
        headers = _headers(http)
        cursor = http.post("/snapshot", headers=headers).json()["cursor"]
        cursor = cursor.rsplit(".", 1)[0] + f".{position}"  # where the simulator started
        changes = 0
        started = time.perf_counter()
        while True:
            page = orjson.loads(
                http.get(
                    "/changes", params={"since": cursor, "limit": PAGE}, headers=headers
                ).content
            )
            changes += sum(len(rows["rows"]) for rows in page["upserts"].values())
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
        seconds = time.perf_counter() - started
    return Figure(
        "central change feed pull",
        changes / seconds,
        "changes/s",
        higher_is_better=True,
        note=f"{changes:,} compacted changes in pages of {PAGE:,}: {seconds:.2f} s",
    )


def run(context: BenchContext) -> list[Figure]:
    seeded = data.central(context)
    folder = Path(tempfile.mkdtemp(prefix="bench-central-", dir=seeded.parent))
    try:
        # The server logs the agent in and the simulator writes: a private copy.
        path = data.copy_of(seeded, folder / "central.sqlite")
        return _snapshot_figures(context, path) + _simulator_figures(context, path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
