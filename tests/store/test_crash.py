"""A process killed mid-sync leaves the mirror consistent (DESIGN §6), tested with SIGKILL."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from prakerja_console.store.connection import Purpose, connect
from prakerja_console.store.migrations import prepare
from prakerja_console.sync.protocol import Table
from tests.store import factory as f

ROWS = 200

PULLER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from prakerja_console.store.connection import Purpose, connect
    from prakerja_console.store.ingest import apply_page
    from prakerja_console.sync.protocol import Table
    from tests.store import factory as f

    conn = connect(Path(sys.argv[1]), Purpose.SYNC)
    page = 2
    while True:
        rows = [f.applicant(i, version=page) for i in range(1, {rows} + 1)]
        apply_page(conn, f.changes(str(page), upserts={{Table.APPLICANTS: rows}}), now=page)
        print(page, flush=True)
        page += 1
    """
).format(rows=ROWS)

QUEUER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from prakerja_console.store import outbox
    from prakerja_console.store.connection import Purpose, connect
    from prakerja_console.sync.protocol import MutationType

    conn = connect(Path(sys.argv[1]), Purpose.OUTBOX)
    number = 0
    while True:
        number += 1
        action = outbox.NewAction(MutationType.ADD_NOTE, {"applicant_id": 1, "body": str(number)})
        outbox.enqueue(conn, action, actor="siti.agent", now=number)
        print(number, flush=True)
    """
)


def kill_after(script: str, path: Path, lines: int) -> int:
    """Run ``script`` on the mirror, SIGKILL it once it reported ``lines`` steps."""
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    seen = 0
    while seen < lines:
        assert time.monotonic() < deadline, "the writer made no progress"
        if process.stdout.readline():
            seen += 1
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    return seen


@pytest.fixture
def mirror_with_applicants(tmp_path: Path) -> Path:
    path = tmp_path / "mirror.db"
    prepare(path, device_id="device-crash-01")
    conn = connect(path, Purpose.SYNC)
    f.load(conn, {Table.APPLICANTS: [f.applicant(i) for i in range(1, ROWS + 1)]})
    conn.close()
    return path


@pytest.mark.parametrize("lines", [3, 17])
def test_a_killed_pull_leaves_rows_and_cursor_of_the_same_page(
    mirror_with_applicants: Path, lines: int
) -> None:
    kill_after(PULLER, mirror_with_applicants, lines)
    conn = sqlite3.connect(mirror_with_applicants)
    (cursor,) = conn.execute("SELECT cursor FROM sync_state").fetchone()
    versions = {v for (v,) in conn.execute("SELECT version FROM applicants")}
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    assert int(cursor) >= lines + 1
    assert versions == {int(cursor)}


def test_a_killed_console_keeps_every_queued_action_with_its_effect(
    mirror_with_applicants: Path,
) -> None:
    reported = kill_after(QUEUER, mirror_with_applicants, 25)
    conn = sqlite3.connect(mirror_with_applicants)
    seqs = [s for (s,) in conn.execute("SELECT seq FROM outbox ORDER BY seq")]
    (last_seq,) = conn.execute("SELECT last_seq FROM sync_state").fetchone()
    notes = conn.execute("SELECT count(*) FROM notes WHERE id < 0").fetchone()[0]
    conn.close()
    assert len(seqs) >= reported
    assert seqs == list(range(1, last_seq + 1))
    assert notes == len(seqs)
