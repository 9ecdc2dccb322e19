"""SIGKILL the sync at random points of pull and push: nothing lost, nothing applied twice.

The central runs as a child process (``prakerja-console central serve``, with its
traffic simulator on so the feed keeps moving), the sync as another
(:mod:`tests.sync.crash_worker`). Each round queues a few actions, starts a sync
and kills it (SIGKILL) after a seeded number of requests — before, during or
after the central answers, in the snapshot, the feed or a push batch. Now and
then the central is killed too. At the end the traffic stops, a last sync runs
to completion, and:

* the mirror's checksum equals the central's (``prakerja-console sync --verify``);
* every queued action has exactly one stored result at the central, under its
  own id, and every note exists there exactly once.

The seed is in every failure message. ``PRAKERJA_CRASH_ROUNDS`` (default 20)
and ``PRAKERJA_CRASH_SEEDS`` (comma-separated, default two seeds) make it a longer soak:
``PRAKERJA_CRASH_SEEDS=1,2,3,4,5 PRAKERJA_CRASH_ROUNDS=60 pytest tests/sync/test_crash.py``.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from prakerja_console.central.runner import CentralProcess
from prakerja_console.store import outbox
from prakerja_console.store.connection import Purpose, connect, transaction
from prakerja_console.store.state import device_state, update_state
from prakerja_console.sync.protocol import MutationType
from tests.support.central import StartProcess, demo_passwords
from tests.sync.support import NOW, device_of, outbox_rows

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = int(os.environ.get("PRAKERJA_CRASH_ROUNDS", "20"))
SEEDS = [int(s) for s in os.environ.get("PRAKERJA_CRASH_SEEDS", "20200411,7").split(",")]
DEADLINE = 60.0
CLI = [sys.executable, "-c", "from prakerja_console.cli import main; main()"]


def child_env(tmp_path: Path) -> dict[str, str]:
    """A file keyring in the test's folder, chosen explicitly, and no stray settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRAKERJA_")}
    env.update(
        PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
        XDG_DATA_HOME=str(tmp_path / "data"),
        PRAKERJA_CONFIG=str(tmp_path / "no-config.toml"),
    )
    return env


def run_and_kill(mirror: Path, env: dict[str, str], kill_after: int) -> bool:
    """Run one sync; SIGKILL it after ``kill_after`` requests. True if it was killed."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.sync.crash_worker", str(mirror)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert process.stdout is not None
    deadline = time.monotonic() + DEADLINE
    requests = 0
    for line in process.stdout:
        assert time.monotonic() < deadline, "the sync made no progress"
        if line.startswith("request"):
            requests += 1
            if requests >= kill_after:
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=30)
                return True
    process.wait(timeout=30)
    return False


def queue_actions(mirror: Path, rng: random.Random, round_number: int, count: int) -> list[str]:
    conn = connect(mirror, Purpose.OUTBOX)
    bodies = []
    try:
        for number in range(count):
            applicant = rng.randint(1, 1500)
            if rng.random() < 0.8:
                body = f"crash r{round_number} n{number}"
                bodies.append(body)
                action = outbox.NewAction(
                    MutationType.ADD_NOTE, {"applicant_id": applicant, "body": body}
                )
            else:
                action = outbox.NewAction(
                    MutationType.RESEND_VERIFICATION_EMAIL, {"applicant_id": applicant}
                )
            outbox.enqueue(conn, action, actor="siti.agent", now=NOW)
    finally:
        conn.close()
    return bodies


def force_snapshot(mirror: Path) -> None:
    """Point the cursor where the central never was: the next sync loads everything again."""
    conn = connect(mirror, Purpose.OUTBOX)
    try:
        cursor = device_state(conn).cursor
        if cursor is not None:
            with transaction(conn):
                update_state(conn, cursor=cursor.rsplit(".", 1)[0] + ".999999999")
    finally:
        conn.close()


def central_read(
    central: CentralProcess, sql: str, params: tuple[object, ...] = ()
) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"file:{central.database}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("seed", SEEDS)
def test_killing_the_sync_anywhere_loses_nothing_and_applies_nothing_twice(
    seed: int, central_process: StartProcess, tmp_path: Path
) -> None:
    rng = random.Random(seed)
    central = central_process("--rate", "3000")
    env = child_env(tmp_path)
    mirror = tmp_path / "mirror.sqlite"
    login = subprocess.run(
        [
            *CLI,
            "--lang",
            "en",
            "login",
            "--server",
            central.url,
            "--user",
            "siti.agent",
            "--password-stdin",
            "--mirror",
            str(mirror),
        ],
        input=demo_passwords()["siti.agent"] + "\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=DEADLINE,
        check=False,
    )
    assert login.returncode == 0, login.stderr

    bodies: list[str] = []
    kills = 0
    for round_number in range(ROUNDS):
        kind = "snapshot" if round_number == 0 else rng.choice(["feed", "push", "snapshot"])
        bodies += queue_actions(
            mirror, rng, round_number, rng.randint(8, 20) if kind == "push" else rng.randint(0, 4)
        )
        if kind == "snapshot" and round_number > 0:
            force_snapshot(mirror)
        if rng.random() < 0.12:
            central.kill()  # the central crashes too, and comes back on the same port
            central.restart()
        # about as many requests as such a round makes, so most kills land inside it
        kills += run_and_kill(
            mirror, env, kill_after=rng.randint(1, {"feed": 6, "push": 8, "snapshot": 35}[kind])
        )
    assert kills >= ROUNDS // 2, f"seed {seed}: too few kills landed ({kills})"

    central.arguments = []  # traffic stops, so that the two sides can be equal
    central.restart()
    assert not run_and_kill(mirror, env, kill_after=10**9), f"seed {seed}: the last sync failed"
    verify = subprocess.run(
        [*CLI, "--lang", "en", "sync", "--verify", "--json", "--mirror", str(mirror)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=DEADLINE,
        check=False,
    )
    assert verify.returncode == 0, f"seed {seed}: {verify.stdout} {verify.stderr}"
    assert json.loads(verify.stdout)["verify"]["equal"] is True

    actions = outbox_rows(mirror)
    assert [row for row in actions if row[2] == "pending"] == [], f"seed {seed}: actions left"
    stored = central_read(
        central,
        "SELECT mutation_id, seq FROM idempotency WHERE device_id = ? ORDER BY seq",
        (device_of(mirror),),
    )
    assert stored == [(row[0], row[1]) for row in actions], f"seed {seed}: not exactly once"
    counted = dict(
        central_read(
            central, "SELECT body, count(*) FROM notes WHERE body LIKE 'crash r%' GROUP BY body"
        )
    )
    assert counted == dict.fromkeys(bodies, 1), f"seed {seed}: notes lost or doubled"
