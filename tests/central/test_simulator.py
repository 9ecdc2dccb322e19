"""The traffic simulator: registrations and funnel steps, through the change log."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from prakerja_console.central.auth import Principal
from prakerja_console.central.config import sqlite_url
from prakerja_console.central.database import Database
from prakerja_console.central.mutations import HANDLERS
from prakerja_console.central.mutations.processor import process_batch
from prakerja_console.central.seeding import seed
from prakerja_console.central.simulator import Simulator, TickReport
from prakerja_console.central.sources import SMALL_SCENARIO, scenario_data
from prakerja_console.central.users import load_accounts
from prakerja_console.domain.funnel import Stage
from prakerja_console.domain.roles import Role
from prakerja_console.sync.protocol import Mutation, MutationBatch, MutationType, Table, columns_of
from tests.central.helpers import changes_page, snapshot_start
from tests.support.central import ManualClock, StartCentral, login, wait_until

SMALL = scenario_data(SMALL_SCENARIO)
# A minute after the small scenario's "now" (Saturday 28 November 2026, 14:05 WIB),
# while its wave 4 is open.
START = int(SMALL.scenario.now.timestamp()) + 60 if SMALL.scenario else 0


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(sqlite_url(tmp_path / "central.sqlite"))
    seed(database, load_accounts(), SMALL.batches(), START)
    yield database
    database.close()


def _run(db: Database, clock: ManualClock, ticks: int, rate: float = 6_000) -> TickReport:
    assert SMALL.scenario is not None
    simulator = Simulator(db, SMALL.scenario, rate_per_minute=rate, clock=clock, seed=5)
    simulator.prepare()
    totals = [0, 0, 0, 0, 0]
    for _ in range(ticks):
        clock.advance(1.0)
        report = simulator.tick()
        for index, value in enumerate(
            (
                report.registered,
                report.emails_verified,
                report.checks_answered,
                report.niks_verified,
                report.joined,
            )
        ):
            totals[index] += value
    return TickReport(*totals)


def test_the_simulator_walks_new_applicants_down_the_funnel(db: Database) -> None:
    with db.read() as tx:
        seeded = tx.scalar("SELECT COUNT(*) FROM applicants")
    report = _run(db, ManualClock(START), ticks=20)
    assert report.registered == 20 * 100
    assert 0 < report.emails_verified < report.registered
    assert 0 < report.niks_verified <= report.checks_answered
    assert 0 < report.joined <= report.niks_verified
    columns = columns_of(Table.APPLICANTS)
    with db.read() as tx:
        fresh = [
            dict(zip(columns, row, strict=True))
            for row in tx.all(
                f"SELECT {', '.join(columns)} FROM applicants WHERE id > ?", (seeded,)
            )
        ]
        scopes = dict(tx.all("SELECT id, scope FROM applicants WHERE id > ?", (seeded,)))
        log = tx.scalar("SELECT COUNT(*) FROM change_log WHERE table_name = 'applicants'")
        entries = tx.all(
            "SELECT applicant_id, wave_id, outcome FROM wave_entries WHERE joined_at > ?", (START,)
        )
        open_wave = tx.scalar("SELECT id FROM waves WHERE number = 4")
    assert len(fresh) == report.registered
    assert log == report.registered  # every new applicant is in the feed, once
    by_stage = {stage: [a for a in fresh if a["stage"] == stage] for stage in Stage}
    assert len(by_stage[Stage.JOINED_BATCH]) == report.joined
    assert {(wave, outcome) for _applicant, wave, outcome in entries} == {(open_wave, "pending")}
    for applicant in fresh:
        assert applicant["registered_at"] <= applicant["state_changed_at"]
        if applicant["stage"] == Stage.REGISTERED:
            assert applicant["nik"] is None
            assert scopes[applicant["id"]] == ""
        else:  # the profile was entered: the province is known and scopes the record
            assert applicant["email_verified_at"] >= applicant["registered_at"]
            assert scopes[applicant["id"]] == applicant["province_code"]
            assert len(applicant["nik"]) == 16
    niks = [a["nik"] for a in fresh if a["nik"]]
    assert len(set(niks)) == len(niks)


def test_the_same_seed_makes_the_same_traffic(tmp_path: Path) -> None:
    def run(name: str) -> list[tuple[object, ...]]:
        database = Database(sqlite_url(tmp_path / name))
        seed(database, load_accounts(), SMALL.batches(), START)
        _run(database, ManualClock(START), ticks=15, rate=600)
        with database.read() as tx:
            rows = tx.all("SELECT name, nik, stage, reason_code FROM applicants ORDER BY id")
        database.close()
        return rows

    assert run("a.sqlite") == run("b.sqlite")


def test_a_stalled_clock_does_not_flood(db: Database) -> None:
    clock = ManualClock(START)
    assert SMALL.scenario is not None
    simulator = Simulator(db, SMALL.scenario, rate_per_minute=600, clock=clock, seed=1)
    simulator.prepare()
    clock.advance(3_600)  # an hour without ticks
    assert simulator.tick().registered == 50  # at most max_catch_up (5 s) of traffic


def test_a_running_central_keeps_producing_changes(start_central: StartCentral) -> None:
    server = start_central(rate=3_000)
    session = login(server.url, "siti.agent")
    with httpx.Client(base_url=f"{server.url}/v1", timeout=30) as http:
        cursor = snapshot_start(http, session).cursor
        wait_until(lambda: "applicants" in changes_page(http, session, cursor).upserts)
        page = changes_page(http, session, cursor)
    assert page.upserts["applicants"].rows
    assert all(
        row[12] in {stage.value for stage in Stage} for row in page.upserts["applicants"].rows
    )


def test_a_requested_reverification_gets_answered(db: Database) -> None:
    with db.read() as tx:
        applicant_id, province = tx.one(
            "SELECT id, province_code FROM applicants WHERE stage = 'email_verified'"
            " AND reason_code = 'nik_registry_mismatch' AND side_state IS NULL ORDER BY id LIMIT 1"
        )
    agent = Principal("siti.agent", "Siti", Role.AGENT, None, "device-00000001")
    batch = MutationBatch(
        device_id="device-00000001",
        mutations=[
            Mutation(
                id="reverify-0000001",
                seq=1,
                type=MutationType.REQUEST_REVERIFICATION.value,
                payload={"applicant_id": applicant_id},
                created_at=START,
            )
        ],
    )
    (result,) = process_batch(db, agent, batch, START + 1, HANDLERS).results
    assert result.status == "applied"
    _run(db, ManualClock(START + 1), ticks=10, rate=0)
    with db.read() as tx:
        check = tx.one(
            "SELECT result, checked_at FROM registry_checks WHERE id = ?", (result.entity_id,)
        )
        stage, reason = tx.one(
            "SELECT stage, reason_code FROM applicants WHERE id = ?", (applicant_id,)
        )
    assert check is not None
    assert check[0] != "pending"
    assert check[1] > START
    assert (stage, reason) != ("email_verified", "nik_pending")  # the answer moved the applicant
    assert province  # a seeded applicant in a province


class StuckClock:
    """A clock that, once armed, blocks the tick that reads it until released."""

    def __init__(self, start: float) -> None:
        self.now = start
        self.armed = False
        self.entered = threading.Event()
        self.release = threading.Event()

    def __call__(self) -> float:
        if self.armed:
            self.entered.set()
            self.release.wait()
        return self.now


def test_stopping_a_simulator_whose_tick_does_not_end_is_reported(db: Database) -> None:
    clock = StuckClock(START)
    assert SMALL.scenario is not None
    simulator = Simulator(
        db, SMALL.scenario, rate_per_minute=60, clock=clock, seed=1, tick_seconds=0.01
    )
    simulator.start()
    clock.armed = True
    assert clock.entered.wait(timeout=30)  # a tick is stuck in the clock
    with pytest.raises(RuntimeError, match="did not stop"):
        simulator.stop(timeout=0.05)
    clock.release.set()
    simulator.stop()  # the tick ends, and so does the thread


def test_a_central_whose_simulator_will_not_stop_still_stops_serving(
    start_central: StartCentral, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = StuckClock(START)
    central = start_central(data=SMALL, rate=60, clock=clock)
    simulator = central.simulator
    assert simulator is not None
    stop_simulator = simulator.stop
    monkeypatch.setattr(simulator, "stop", lambda: stop_simulator(timeout=0.05))
    clock.armed = True
    assert clock.entered.wait(timeout=30)  # a tick is stuck in the clock
    with pytest.raises(RuntimeError, match="did not stop"):
        central.stop()
    with pytest.raises(httpx.ConnectError):  # nothing listens on its port any more
        httpx.get(f"{central.url}/v1/health", timeout=5)
    assert central.simulator is simulator  # kept, with the database it still writes to
    clock.release.set()
    central.stop()  # the tick ends: the simulator stops and the database closes
    assert central.simulator is None
