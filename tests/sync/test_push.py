"""Push against a real central: queued actions reach it once, answers are kept, refusals explained."""

from __future__ import annotations

import shutil
from pathlib import Path

from prakerja_console.central.runner import CentralServer
from prakerja_console.store import outbox
from prakerja_console.store.connection import Purpose, connect
from prakerja_console.sync.protocol import MutationResult, MutationType
from tests.sync.keyrings import MemoryKeyring
from tests.sync.support import (
    applicant_in,
    central_all,
    converged,
    device_of,
    engine_for,
    note,
    outbox_rows,
    processed_ids,
    queue,
    touch_applicant,
)


def test_queued_actions_reach_the_central_once_and_their_answers_are_kept(
    central: CentralServer, tmp_path: Path
) -> None:
    mirror = tmp_path / "m.db"
    engine = engine_for(central.url, mirror, MemoryKeyring())
    queued = [note(mirror, 1 + n, f"catatan push {n}") for n in range(7)]
    queued.append(queue(mirror, MutationType.RESEND_VERIFICATION_EMAIL, {"applicant_id": 1}))

    report = engine.sync_once()
    assert report.ok, report.problem
    assert sum(report.pushed.values()) == 8
    assert processed_ids(central, device_of(mirror)) == [q.id for q in queued]
    bodies = [
        row[0]
        for row in central_all(central, "SELECT body FROM notes WHERE body LIKE 'catatan push %'")
    ]
    assert sorted(bodies) == sorted(f"catatan push {n}" for n in range(7))
    statuses = {row[2] for row in outbox_rows(mirror)}
    assert statuses <= {"applied", "rejected"}  # the resend may be refused on its merits
    # the pull after the push brought the central's notes: no local copies are left
    reader = connect(mirror, Purpose.READ)
    assert reader.execute("SELECT count(*) FROM notes WHERE id < 0").fetchone() == (0,)
    reader.close()
    assert converged(engine)
    assert engine.sync_once().pushed == {}  # nothing is sent twice
    engine.close()


def _conflicting_request(central: CentralServer, mirror: Path) -> tuple[int, outbox.Queued]:
    """Ask a DTKS re-check on the version the mirror shows, then let someone change it first."""
    (found,) = central_all(
        central,
        "SELECT a.id, a.version FROM applicants a WHERE NOT EXISTS (SELECT 1 FROM registry_checks r"
        " WHERE r.applicant_id = a.id AND r.registry = 'dtks' AND r.result = 'pending')"
        " ORDER BY a.id LIMIT 1",
    )
    applicant, version = found
    queued = queue(
        mirror,
        MutationType.REQUEST_REVERIFICATION,
        {"applicant_id": applicant, "registry": "dtks"},
        base_version=version,
    )
    assert touch_applicant(central, applicant, "pekerja lepas") == version + 1
    return applicant, queued


def test_a_conflict_is_kept_for_a_person_and_resolved_by_keeping_mine(
    central: CentralServer, tmp_path: Path
) -> None:
    mirror = tmp_path / "m.db"
    engine = engine_for(central.url, mirror, MemoryKeyring())
    assert engine.sync_once().ok
    applicant, stale = _conflicting_request(central, mirror)
    behind = note(mirror, applicant, "setelah konflik")

    report = engine.sync_once()
    assert report.ok, report.problem
    assert report.conflicts == 1
    assert [(r.action_id, r.status, r.reason_code) for r in report.refusals] == [
        (stale.id, "conflict", "stale_base_version")
    ]
    rows = {row[0]: row for row in outbox_rows(mirror)}
    assert rows[stale.id][2] == "conflict"
    assert rows[stale.id][4] is None
    assert rows[behind.id][2] == "applied"  # the conflict held nothing back

    conn = connect(mirror, Purpose.OUTBOX)
    again = outbox.keep_mine(conn, stale.id, actor="siti.agent", now=1_795_000_100)
    conn.close()
    report = engine.sync_once()
    assert report.ok, report.problem
    assert report.pushed == {"applied": 1}
    rows = {row[0]: row for row in outbox_rows(mirror)}
    assert rows[stale.id][4] == "mine"
    assert rows[again.id][2] == "applied"
    (pending,) = central_all(
        central,
        "SELECT result FROM registry_checks WHERE applicant_id = ? AND registry = 'dtks'"
        " ORDER BY id DESC LIMIT 1",
        (applicant,),
    )
    assert pending == ("pending",)
    assert converged(engine)
    engine.close()


def test_taking_theirs_sends_nothing(central: CentralServer, tmp_path: Path) -> None:
    mirror = tmp_path / "m.db"
    engine = engine_for(central.url, mirror, MemoryKeyring())
    assert engine.sync_once().ok
    _, stale = _conflicting_request(central, mirror)
    assert engine.sync_once().conflicts == 1
    conn = connect(mirror, Purpose.OUTBOX)
    outbox.take_theirs(conn, stale.id, now=1_795_000_100)
    conn.close()
    report = engine.sync_once()
    assert report.ok
    assert report.pushed == {}
    assert processed_ids(central, device_of(mirror)) == [stale.id]
    assert outbox_rows(mirror)[0][2:] == ("conflict", "stale_base_version", "theirs")
    assert converged(engine)
    engine.close()


def test_role_and_scope_refusals_come_back_as_rejections_with_reasons(
    central: CentralServer, tmp_path: Path
) -> None:
    mirror = tmp_path / "m.db"
    engine = engine_for(central.url, mirror, MemoryKeyring(), user="dewi.jabar")
    own, _ = applicant_in(central, "32")
    elsewhere, _ = applicant_in(central, "35")
    role = queue(
        mirror, MutationType.RESEND_VERIFICATION_EMAIL, {"applicant_id": own}, actor="dewi.jabar"
    )
    scope = note(mirror, elsewhere, "bukan wilayah saya", actor="dewi.jabar")
    fine = note(mirror, own, "wilayah saya", actor="dewi.jabar")

    report = engine.sync_once()
    assert report.ok, report.problem
    assert report.rejected == 2
    refusals = {r.action_id: r for r in report.refusals}
    assert refusals[role.id].reason_code == "forbidden"
    assert refusals[role.id].message == "Your role may not do this action."
    assert refusals[scope.id].reason_code == "out_of_scope"
    assert refusals[scope.id].message == "The record belongs to a province outside your scope."
    rows = {row[0]: row for row in outbox_rows(mirror)}
    assert (rows[role.id][2], rows[scope.id][2], rows[fine.id][2]) == (
        "rejected",
        "rejected",
        "applied",
    )
    engine.close()


def test_a_gap_below_the_queue_resends_from_the_expected_number(
    central: CentralServer, tmp_path: Path
) -> None:
    """A central that lost answered actions (restored from a backup) gets them again."""
    mirror = tmp_path / "m.db"
    engine = engine_for(central.url, mirror, MemoryKeyring())
    first = note(mirror, 1, "hilang di pusat")
    second = note(mirror, 2, "masih antre")
    conn = connect(mirror, Purpose.OUTBOX)  # as if the central had answered the first
    outbox.record_results(conn, [MutationResult(id=first.id, seq=1, status="applied")], now=1)
    conn.close()

    report = engine.sync_once()
    assert report.ok, report.problem
    assert processed_ids(central, device_of(mirror)) == [first.id, second.id]
    bodies = sorted(
        row[0]
        for row in central_all(
            central, "SELECT body FROM notes WHERE body IN ('hilang di pusat', 'masih antre')"
        )
    )
    assert bodies == ["hilang di pusat", "masih antre"]
    assert [row[2] for row in outbox_rows(mirror)] == ["applied", "applied"]
    engine.close()


def test_a_mirror_behind_the_central_renumbers_its_actions_instead_of_losing_them(
    central: CentralServer, tmp_path: Path
) -> None:
    mirror = tmp_path / "m.db"
    keyring = MemoryKeyring()
    engine = engine_for(central.url, mirror, keyring)
    assert engine.sync_once().ok
    engine.close()
    backup = tmp_path / "backup.db"
    shutil.copyfile(mirror, backup)  # no WAL: the engine's last connection checkpointed it
    engine = engine_for(central.url, mirror, keyring, login=False)
    note(mirror, 1, "sebelum pemulihan")
    note(mirror, 2, "sebelum pemulihan juga")
    assert engine.sync_once().pushed == {"applied": 2}
    engine.close()

    shutil.copyfile(backup, mirror)  # the laptop is restored from last week's backup
    for suffix in ("-wal", "-shm"):
        Path(f"{mirror}{suffix}").unlink(missing_ok=True)
    engine = engine_for(central.url, mirror, keyring, login=False)
    kept = note(mirror, 2, "setelah pemulihan")  # gets number 1 again
    report = engine.sync_once()
    assert report.pushed == {"applied": 1}
    assert [row[:3] for row in outbox_rows(mirror)] == [(kept.id, 3, "applied")]
    assert kept.id in processed_ids(central, device_of(mirror))
    engine.close()


def test_a_reused_number_with_another_action_is_not_taken_for_a_duplicate(
    central: CentralServer, tmp_path: Path
) -> None:
    mirror = tmp_path / "m.db"
    keyring = MemoryKeyring()
    engine = engine_for(central.url, mirror, keyring)
    note(mirror, 1, "pertama")
    engine.close()
    backup = tmp_path / "backup.db"
    shutil.copyfile(mirror, backup)
    engine = engine_for(central.url, mirror, keyring, login=False)
    note(mirror, 2, "kedua, sebelum pemulihan")
    assert engine.sync_once().pushed == {"applied": 2}
    engine.close()

    shutil.copyfile(backup, mirror)
    for suffix in ("-wal", "-shm"):
        Path(f"{mirror}{suffix}").unlink(missing_ok=True)
    engine = engine_for(central.url, mirror, keyring, login=False)
    reused = note(mirror, 3, "ketiga, setelah pemulihan")  # number 2 again, another action
    engine.sync_once()
    engine.close()
    assert reused.id in processed_ids(central, device_of(mirror))


def test_another_users_queue_is_not_sent_under_my_name_but_the_mirror_still_pulls(
    central: CentralServer, tmp_path: Path
) -> None:
    mirror = tmp_path / "m.db"
    engine = engine_for(central.url, mirror, MemoryKeyring())
    note(mirror, 1, "antrean rudi", actor="rudi.agent")
    report = engine.sync_once()
    assert report.problem is not None
    assert "rudi.agent" in report.problem.render()
    assert report.snapshot_reason == "first_sync"
    assert report.pulled > 0
    assert [row[2] for row in outbox_rows(mirror)] == ["pending"]
    assert processed_ids(central, device_of(mirror)) == []
    engine.close()
