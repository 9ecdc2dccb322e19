"""Against a central that fails like networks and busy servers do, sync still converges once.

The reference central injects the faults itself (``--faults``): 503 with
Retry-After, dropped connections (also right after it applied a batch),
duplicated (rewound) and reordered pages. The engine's sleep is a recorder, so
the test never waits for real.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from prakerja_console.central.runner import CentralServer
from prakerja_console.sync.protocol import MutationType
from prakerja_console.sync.rounds import EngineSettings
from tests.support.central import StartCentral
from tests.sync.keyrings import MemoryKeyring
from tests.sync.support import (
    Sleeps,
    central_all,
    converged,
    device_of,
    engine_for,
    note,
    outbox_rows,
    processed_ids,
    queue,
)

FLAKY = "503=0.3,drop=0.1,drop_after_apply=0.25,dup=0.3,reorder=0.3,retry_after=0,seed={seed}"
MAX_ROUNDS = 40


@pytest.mark.parametrize("seed", [1, 7, 2026])
def test_sync_converges_through_faults_and_applies_each_action_once(
    seed: int, start_central: StartCentral, tmp_path: Path
) -> None:
    central = start_central(faults=FLAKY.format(seed=seed))
    mirror = tmp_path / "m.db"
    sleeps = Sleeps()
    settings = EngineSettings(snapshot_limit=700, changes_limit=100, push_batch=4, attempts=6)
    engine = engine_for(
        central.url, mirror, MemoryKeyring(), settings=settings, sleep=sleeps, seed=seed
    )
    bodies = [f"gangguan {seed} catatan {n}" for n in range(24)]
    for body in bodies[:12]:
        note(mirror, 1 + len(body) % 40, body)
    queue(mirror, MutationType.RESEND_VERIFICATION_EMAIL, {"applicant_id": 2})

    rounds = 0
    while rounds < MAX_ROUNDS:
        rounds += 1
        if rounds == 3:
            for body in bodies[12:]:  # more work queued while the link misbehaves
                note(mirror, 7, body)
        report = engine.sync_once()
        if rounds > 3 and report.ok and report.queued == 0 and converged(engine):
            break
    else:
        pytest.fail(f"no convergence in {MAX_ROUNDS} rounds (seed {seed})")

    actions = outbox_rows(mirror)
    assert {row[2] for row in actions} <= {"applied", "duplicate", "rejected"}
    # a batch applied before its connection dropped was sent again and answered duplicate
    assert any(row[2] == "duplicate" for row in actions)
    assert processed_ids(central, device_of(mirror)) == [row[0] for row in actions]
    counted = dict(
        central_all(
            central,
            "SELECT body, count(*) FROM notes WHERE body LIKE ? GROUP BY body",
            (f"gangguan {seed} %",),
        )
    )
    assert counted == dict.fromkeys(bodies, 1)  # every note once, none lost, none doubled
    assert sleeps.waits  # it did have to wait
    engine.close()


@pytest.mark.central(faults="429=0.5,retry_after=3,seed=11")
def test_rate_limits_are_waited_out_as_long_as_asked(
    central: CentralServer, tmp_path: Path
) -> None:
    sleeps = Sleeps()
    engine = engine_for(central.url, tmp_path / "m.db", MemoryKeyring(), sleep=sleeps)
    report = engine.sync_once()
    assert report.ok, report.problem
    assert sleeps.waits
    assert all(3 <= wait <= 3 * 1.2 for wait in sleeps.waits)
    assert converged(engine)
    engine.close()
