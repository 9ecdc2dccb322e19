"""Rows in the wire shape (``columns_of`` order), as the central would send them."""

from __future__ import annotations

import sqlite3
from typing import Any

from prakerja_console.store.snapshot import SnapshotWriter
from prakerja_console.sync.protocol import (
    RECORD_TYPES,
    ChangesPage,
    SnapshotPage,
    SnapshotStart,
    Table,
    TableRows,
    columns_of,
)

T0 = 1_586_000_000  # 2020-04-04, epoch seconds

_DEFAULTS: dict[Table, dict[str, Any]] = {
    Table.APPLICANTS: {
        "name": "Siti Rahayu",
        "email": "siti@example.id",
        "stage": "registered",
        "reason_code": "registered",
        "registered_at": T0,
        "state_changed_at": T0,
    },
    Table.REGISTRY_CHECKS: {"applicant_id": 1, "registry": "dukcapil", "result": "match"},
    Table.WAVES: {
        "number": 1,
        "name": "Gelombang 1",
        "opens_at": T0,
        "closes_at": T0 + 86_400,
        "announce_at": T0 + 3 * 86_400,
        "quota": 164_000,
        "status": "open",
        "dtks_policy": "deprioritise",
    },
    Table.WAVE_ENTRIES: {
        "applicant_id": 1,
        "wave_id": 1,
        "joined_at": T0,
        "outcome": "pending",
        "reason_code": "joined_batch",
    },
    Table.NOTES: {"applicant_id": 1, "author": "siti.agent", "body": "Called back", "at": T0},
    Table.AUDIT_LOG: {
        "actor": "siti.agent",
        "action": "reveal_pii",
        "entity": "applicants",
        "entity_id": 1,
        "at": T0,
    },
    Table.TICKETS: {
        "applicant_id": 1,
        "category": "email_not_received",
        "channel": "phone",
        "priority": "normal",
        "status": "open",
        "subject": "E-mail not received",
        "created_by": "siti.agent",
        "created_at": T0,
        "updated_at": T0,
    },
    Table.TICKET_EVENTS: {"ticket_id": 1, "kind": "reply", "author": "siti.agent", "at": T0},
    Table.VERIFICATION_CASES: {
        "applicant_id": 1,
        "kind": "nik_mismatch",
        "status": "open",
        "opened_at": T0,
    },
    Table.USERS: {"username": "siti.agent", "display_name": "Siti", "role": "agent"},
}


def record(table: Table, record_id: int, **values: Any) -> dict[str, Any]:
    """A full, valid record of ``table`` (fields not given take plausible defaults)."""
    model = RECORD_TYPES[table]
    data = {"id": record_id, **_DEFAULTS[table], **values}
    return model.model_validate(data).model_dump()


def row(table: Table, record_id: int, **values: Any) -> list[Any]:
    data = record(table, record_id, **values)
    return [data[column] for column in columns_of(table)]


def applicant(record_id: int, **values: Any) -> list[Any]:
    """An applicant row with unique-by-id contact data unless given."""
    values.setdefault("email", f"user{record_id}@example.id")
    values.setdefault("phone", f"+62812{record_id:08d}")
    values.setdefault("nik", f"3201014101{record_id:06d}")
    return row(Table.APPLICANTS, record_id, **values)


def rows(table: Table, *records: list[Any]) -> TableRows:
    return TableRows(columns=list(columns_of(table)), rows=[list(r) for r in records])


def start(cursor: str = "c1", **counts: int) -> SnapshotStart:
    return SnapshotStart(cursor=cursor, tables=counts, server_time=T0)


def snapshot_page(table: Table, *records: list[Any], next_after: int | None = None) -> SnapshotPage:
    return SnapshotPage(table=table.value, data=rows(table, *records), next_after=next_after)


def changes(
    next_cursor: str,
    *,
    upserts: dict[Table, list[list[Any]]] | None = None,
    deletes: dict[Table, list[int]] | None = None,
    has_more: bool = False,
    since: str = "",
) -> ChangesPage:
    return ChangesPage(
        since=since,
        next_cursor=next_cursor,
        has_more=has_more,
        upserts={t.value: rows(t, *r) for t, r in (upserts or {}).items()},
        deletes={t.value: ids for t, ids in (deletes or {}).items()},
        server_time=T0,
    )


def load(
    conn: sqlite3.Connection,
    tables: dict[Table, list[list[Any]]],
    *,
    cursor: str = "c1",
    scope: str | None = None,
    now: int = T0,
) -> None:
    """A complete snapshot of ``tables`` (one page each), swapped in."""
    writer = SnapshotWriter.begin(
        conn, start(cursor, **{t.value: len(r) for t, r in tables.items()}), scope=scope, now=now
    )
    for table in writer.remaining():
        writer.add_page(snapshot_page(table, *tables.get(table, [])))
    writer.finish(now=now)
