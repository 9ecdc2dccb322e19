"""Random interleavings of local actions, changes at the central, syncs and faults.

Hypothesis drives two consoles (a nationwide agent and a West Java officer) on
their own mirrors against one central (real HTTP on 127.0.0.1, hand-made data
set) through transports that fail on purpose. Every random choice — the rules,
the faults, the backoff jitter — comes from the example, so a failure replays
from what hypothesis prints. Checked after every step: each console's actions
are numbered without gaps, the central holds at most one result per action and
none this device never sent, no note exists twice. At the end, with the faults
off, every action has been answered exactly once, refused ones left no trace,
and every mirror equals the central.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from prakerja_console.central.runner import CentralServer
from prakerja_console.store import outbox
from prakerja_console.store.connection import Purpose, connect
from prakerja_console.sync.engine import SyncEngine
from prakerja_console.sync.protocol import MutationType
from prakerja_console.sync.rounds import EngineSettings
from tests.central import dataset
from tests.support.central import StartCentral
from tests.sync.faulty import FaultyTransport
from tests.sync.keyrings import MemoryKeyring
from tests.sync.support import (
    NOW,
    Sleeps,
    central_all,
    converged,
    device_of,
    engine_for,
    outbox_rows,
    queue,
    touch_applicant,
)

APPLICANTS = (*dataset.JABAR_APPLICANTS, *dataset.JATIM_APPLICANTS, dataset.NO_PROVINCE)
USERS = ("siti.agent", "dewi.jabar")
TINY_PAGES = EngineSettings(snapshot_limit=2, changes_limit=3, push_batch=2, attempts=3)


@dataclass
class Console:
    user: str
    mirror: Path
    engine: SyncEngine
    transport: FaultyTransport
    notes: dict[str, str] = field(default_factory=dict)  # action id -> body


def simulation(start_central: StartCentral, folder: Path) -> type[RuleBasedStateMachine]:
    examples = iter(range(10**6))

    class SyncSimulation(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.central: CentralServer = start_central(data=dataset.batches)
            self.consoles: dict[str, Console] = {}
            self.folder = folder / f"example-{next(examples)}"
            self.folder.mkdir()
            self.body_number = 0

        @initialize(seed=st.integers(0, 2**32 - 1))
        def start(self, seed: int) -> None:
            rng = random.Random(seed)
            for user in USERS:
                transport = FaultyTransport(random.Random(rng.getrandbits(64)))
                transport.enabled = False  # log in cleanly; the faults start with the first sync
                mirror = self.folder / f"{user}.db"
                engine = engine_for(
                    self.central.url,
                    mirror,
                    MemoryKeyring(),
                    user=user,
                    settings=TINY_PAGES,
                    sleep=Sleeps(),
                    seed=rng.getrandbits(32),
                    transport=transport,
                )
                transport.enabled = True
                self.consoles[user] = Console(user, mirror, engine, transport)

        def _queue(
            self,
            console: Console,
            kind: MutationType,
            payload: dict[str, object],
            base: int | None = None,
        ) -> outbox.Queued:
            return queue(console.mirror, kind, payload, actor=console.user, base_version=base)

        @rule(user=st.sampled_from(USERS), applicant=st.sampled_from(APPLICANTS))
        def add_note(self, user: str, applicant: int) -> None:
            console = self.consoles[user]
            self.body_number += 1
            body = f"simulasi {self.body_number}"
            queued = self._queue(
                console, MutationType.ADD_NOTE, {"applicant_id": applicant, "body": body}
            )
            console.notes[queued.id] = body

        @rule(user=st.sampled_from(USERS), applicant=st.sampled_from(APPLICANTS))
        def resend_email(self, user: str, applicant: int) -> None:
            self._queue(
                self.consoles[user],
                MutationType.RESEND_VERIFICATION_EMAIL,
                {"applicant_id": applicant},
            )

        @rule(
            user=st.sampled_from(USERS),
            applicant=st.sampled_from(APPLICANTS),
            registry=st.sampled_from(["dukcapil", "dapodik", "dtks"]),
        )
        def request_reverification(self, user: str, applicant: int, registry: str) -> None:
            console = self.consoles[user]
            reader = connect(console.mirror, Purpose.READ)
            found = reader.execute(
                "SELECT version FROM applicants WHERE id = ?", (applicant,)
            ).fetchone()
            reader.close()
            self._queue(
                console,
                MutationType.REQUEST_REVERIFICATION,
                {"applicant_id": applicant, "registry": registry},
                base=None if found is None else found[0],
            )

        @rule(applicant=st.sampled_from(APPLICANTS))
        def someone_changes_an_applicant(self, applicant: int) -> None:
            touch_applicant(self.central, applicant, f"pekerjaan {self.body_number}")

        @rule(user=st.sampled_from(USERS), faults=st.booleans())
        def sync(self, user: str, faults: bool) -> None:
            console = self.consoles[user]
            console.transport.enabled = faults
            report = console.engine.sync_once()  # a problem is a normal outcome; it must not raise
            event("round with a problem" if report.problem else "clean round")
            if report.conflicts:
                event("conflict answered")
            if report.pushed.get("duplicate"):
                event("duplicate answered")

        @precondition(lambda self: bool(self.consoles))
        @rule(user=st.sampled_from(USERS), keep=st.booleans())
        def resolve_conflicts(self, user: str, keep: bool) -> None:
            console = self.consoles[user]
            conn = connect(console.mirror, Purpose.OUTBOX)
            try:
                conflicts = conn.execute(
                    "SELECT id FROM outbox WHERE status = 'conflict' AND resolution IS NULL"
                    " ORDER BY seq"
                ).fetchall()
                for (action_id,) in conflicts:
                    if keep:
                        outbox.keep_mine(conn, action_id, actor=user, now=NOW)
                    else:
                        outbox.take_theirs(conn, action_id, now=NOW)
            finally:
                conn.close()

        @invariant()
        def numbers_are_dense_and_results_unique(self) -> None:
            for console in self.consoles.values():
                actions = outbox_rows(console.mirror)
                assert [row[1] for row in actions] == list(range(1, len(actions) + 1))
                stored = central_all(
                    self.central,
                    "SELECT mutation_id, seq FROM idempotency WHERE device_id = ?",
                    (device_of(console.mirror),),
                )
                assert len({mutation for mutation, _ in stored}) == len(stored)
                assert set(stored) <= {(row[0], row[1]) for row in actions}

        @invariant()
        def no_note_twice(self) -> None:
            doubled = central_all(
                self.central,
                "SELECT body FROM notes WHERE body LIKE 'simulasi %' GROUP BY body HAVING count(*) > 1",
            )
            assert doubled == []

        def teardown(self) -> None:
            try:
                if self.consoles:
                    self._converge()
            finally:
                for console in self.consoles.values():
                    console.engine.close()
                self.central.stop()

        def _converge(self) -> None:
            for console in self.consoles.values():
                console.transport.enabled = False
                for _ in range(4):
                    report = console.engine.sync_once()
                    if report.ok and report.queued == 0:
                        break
                assert report.ok, report.problem
                assert report.queued == 0
                assert converged(console.engine)
            for console in self.consoles.values():
                actions = outbox_rows(console.mirror)
                stored = central_all(
                    self.central,
                    "SELECT mutation_id, seq FROM idempotency WHERE device_id = ? ORDER BY seq",
                    (device_of(console.mirror),),
                )
                assert stored == [(row[0], row[1]) for row in actions]  # each exactly once
                status = {row[0]: row[2] for row in actions}
                for action_id, body in console.notes.items():
                    (count,) = central_all(
                        self.central, "SELECT count(*) FROM notes WHERE body = ?", (body,)
                    )[0]
                    assert count == (0 if status[action_id] == "rejected" else 1), (
                        body,
                        status[action_id],
                    )

    return SyncSimulation


def test_random_interleavings_converge_and_apply_each_action_once(
    start_central: StartCentral, tmp_path: Path
) -> None:
    run_state_machine_as_test(
        simulation(start_central, tmp_path),
        settings=settings(
            max_examples=25,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
