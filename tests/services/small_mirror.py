"""The small scenario as a mirror file, built once per session: no server needed.

The generator's rows go through the store's own snapshot writer (the path a first
sync takes), then extra *hostile* rows are added beside the scenario's three
hostile showcase names: markup, links, unbalanced brackets, terminal escapes (CSI,
OSC title, OSC 52 clipboard), C1 controls, bidi overrides, zero-width characters
and a 5,000-character name, plus a hostile note, ticket subject and audit reason.
The logged-in user is recorded the way ``login`` records it.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from prakerja_console.central.generator import generate, load_scenario
from prakerja_console.central.sources import SMALL_SCENARIO
from prakerja_console.store.connection import Purpose, connect, transaction
from prakerja_console.store.migrations import prepare
from prakerja_console.store.snapshot import SnapshotWriter
from prakerja_console.store.state import update_state
from prakerja_console.sync.protocol import SnapshotStart, Table, TableRows, columns_of

# The scenario's "now": Saturday 28 November 2026, 14:05 WIB.
NOW = datetime(2026, 11, 28, 14, 5, tzinfo=ZoneInfo("Asia/Jakarta"))
NOW_EPOCH = int(NOW.timestamp())
DEVICE = "device-ui-tests-01"
USERNAME = "siti.agent"

# Showcase applicants of fixtures/scenarios/small.toml (ids are their order there).
SITI = 1  # email verified, NIK does not match the registry's birth date
BUDI = 2  # registered, e-mail never verified
RINA = 5  # claimed a NIK already used by Eko (7)
EKO = 7  # NIK verified, has not joined a wave
PUTRI = 8  # rejected: still a student
SLAMET = 9  # rejected: receives social assistance
AHMAD = 12  # not accepted twice
NUR = 13  # accepted, no training bought yet
HENDRA = 14  # revoked
FITRI = 15  # training
WAHYU = 17  # completed, incentive failed (phone changed)
BAMBANG = 19  # incentive paid
LINA = 20  # joined the open wave
MARKUP = 22  # "[bold red]X[/]"
ACTION = 23  # "[@click=app.quit]x[/]"
ESCAPE = 24  # ANSI colour and a right-to-left override
SITI_NIK = "3201014101900001"
SHARED_NIK = "3273012505920005"  # Rina's and Eko's
SITI_EMAIL = "siti.rahayu@gmail.com"
SITI_PHONE = "+6281234560001"

HOSTILE_FIRST_ID = 900_001
HOSTILE_NAMES: dict[int, str] = {
    900_001: "[link=http://x]y[/link]",
    900_002: "[bold Unbalanced",
    900_003: "Judul \x1b]0;pwned title\x07 Ganti",
    900_004: "Klip \x1b]52;c;ZXZpbA==\x07 Board",
    900_005: "Bersih \x1b[2J Layar",
    900_006: "Kontrol \x9b31m C1 \x85 Baris",
    900_007: "Rina \u202eTerbalik\u202c Nama",
    900_008: "Zero\u200bWidth\u200d\u2060 Nama",
    900_009: "Panjang " + "x" * 5000,
    900_010: "[@click=app.quit]Klik[/] \x1b[31mMerah",
}
HOSTILE_NOTE = "[@click=app.quit]catatan[/] \x1b]52;c;ZXZpbA==\x07 \x9b \u202eakhir"
HOSTILE_SUBJECT = "[bold red]Tiket[/] \x1b[2J \u202egnirts"
HOSTILE_REASON = "[link=http://x]alasan[/link] \x1b]0;t\x07"
# Bytes that must never reach a terminal from outside text.
FORBIDDEN = ("\x1b", "\x9b", "\x85", "\x07", "\u202e", "\u202c", "\u200b", "\u200d", "\u2060")


def _rows(table: Table, records: list[dict[str, Any]]) -> TableRows:
    columns = list(columns_of(table))
    return TableRows(columns=columns, rows=[[record.get(c) for c in columns] for record in records])


def _hostile_applicants() -> list[dict[str, Any]]:
    return [
        {
            "id": record_id,
            "name": name,
            "email": f"hostile{record_id}@example.com",
            "phone": f"+62819{record_id:08d}",
            "stage": "registered",
            "reason_code": "email_pending",
            "registered_at": NOW_EPOCH - 86_400,
            "state_changed_at": NOW_EPOCH - 86_400,
            "version": 1,
        }
        for record_id, name in HOSTILE_NAMES.items()
    ]


def _extra(table: Table) -> list[dict[str, Any]]:
    """Hostile rows of other tables, attached to the first hostile applicant and to Siti."""
    if table is Table.APPLICANTS:
        return _hostile_applicants()
    if table is Table.NOTES:
        return [
            {
                "id": 900_001,
                "applicant_id": HOSTILE_FIRST_ID,
                "author": "[b]rudi.agent[/b]",
                "body": HOSTILE_NOTE,
                "at": NOW_EPOCH - 3600,
                "version": 1,
            }
        ]
    if table is Table.TICKETS:
        return [
            {
                "id": 900_001,
                "applicant_id": HOSTILE_FIRST_ID,
                "category": "email_not_received",
                "channel": "phone",
                "priority": "normal",
                "status": "open",
                "subject": HOSTILE_SUBJECT,
                "created_by": USERNAME,
                "created_at": NOW_EPOCH - 7200,
                "updated_at": NOW_EPOCH - 7200,
                "version": 1,
            }
        ]
    if table is Table.AUDIT_LOG:
        return [
            {
                "id": 900_001,
                "actor": "budi.supervisor",
                "action": "reveal_pii",
                "entity": "applicants",
                "entity_id": HOSTILE_FIRST_ID,
                "field": "email",
                "reason": HOSTILE_REASON,
                "at": NOW_EPOCH - 1800,
                "version": 1,
            }
        ]
    return []


def build_small_mirror(path: Path) -> Path:
    """Generate the small scenario into a fresh mirror at ``path`` (about a second)."""
    prepare(path, device_id=DEVICE)
    conn = connect(path, Purpose.SYNC)
    try:
        writer = SnapshotWriter.begin(
            conn,
            SnapshotStart(cursor="small-1", tables={}, server_time=NOW_EPOCH),
            scope=None,
            now=NOW_EPOCH,
        )
        columns = {table: list(columns_of(table)) for table in Table}
        for table, batch in generate(load_scenario(SMALL_SCENARIO)):
            writer.add_rows(
                table,
                TableRows(columns=columns[table], rows=[list(row) for row in batch]),
                next_after=batch[-1][0],
            )
        for table in Table:
            writer.add_rows(table, _rows(table, _extra(table)), next_after=None)
        writer.finish(now=NOW_EPOCH - 3)
        with transaction(conn):
            update_state(conn, username=USERNAME, role="agent", last_pull_at=NOW_EPOCH - 3)
    finally:
        conn.close()
    return path


def copy_mirror(source: Path, target: Path) -> Path:
    """A private copy (tests that write must not share the session's file)."""
    shutil.copyfile(source, target)
    return target
