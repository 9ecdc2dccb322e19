"""What the screens ask the mirror: lookups, name search, the detail bundle, the header.

Every list is keyset-paged (``WHERE id > ?``, never a deep ``OFFSET``) with a hard
fetch cap (:data:`FETCH_CAP`) whatever a caller asks, and every lookup is served by
an index (see :mod:`prakerja_console.store.schema`). Values arrive already
normalised by the domain (an E.164 phone, a NIK of digits); e-mail is compared
lower-cased on both sides. Nothing here formats or masks.

Pass the UI's ``READ`` connection: the multi-statement reads open their own
read transaction so they see one consistent state.
"""

from __future__ import annotations

import sqlite3

from prakerja_console.store.connection import read_snapshot
from prakerja_console.store.records import (
    Applicant,
    ApplicantBundle,
    ApplicantSummary,
    AuditEntry,
    HeaderFacts,
    NameKey,
    Note,
    OutboxAction,
    Page,
    RegistryCheck,
    TicketSummary,
    VerificationCase,
    WaveEntry,
    from_rows,
    pending_sql,
    select_list,
)
from prakerja_console.store.schema import FTS_TABLE
from prakerja_console.store.search import tier_queries
from prakerja_console.sync.protocol import CHECKSUM_TERM_SQL, Table, TableChecksum

DEFAULT_PAGE = 50
FETCH_CAP = 200  # rows per query, whatever the screen asks for
SECTION_CAP = 200  # rows per section of the detail screen

_SUMMARY = select_list(ApplicantSummary)


def _capped(limit: int) -> int:
    return max(1, min(limit, FETCH_CAP))


def _by_key(
    conn: sqlite3.Connection, condition: str, value: str, after: int | None, limit: int
) -> Page[ApplicantSummary, int]:
    size = _capped(limit)
    rows = conn.execute(
        f"SELECT {_SUMMARY} FROM applicants WHERE {condition} AND id > ? ORDER BY id LIMIT ?",
        (value, after or 0, size + 1),
    ).fetchall()
    items = from_rows(ApplicantSummary, rows[:size])
    return Page(items, items[-1].id if len(rows) > size else None)


def find_by_nik(
    conn: sqlite3.Connection, nik: str, *, after: int | None = None, limit: int = DEFAULT_PAGE
) -> Page[ApplicantSummary, int]:
    """Everyone registered with this NIK: its owner and anyone who claimed it too."""
    return _by_key(conn, "nik = ?", nik, after, limit)


def find_by_kk(
    conn: sqlite3.Connection, kk_number: str, *, after: int | None = None, limit: int = DEFAULT_PAGE
) -> Page[ApplicantSummary, int]:
    """Everyone on one family card (KK)."""
    return _by_key(conn, "kk_number = ?", kk_number, after, limit)


def find_by_phone(
    conn: sqlite3.Connection, phone: str, *, after: int | None = None, limit: int = DEFAULT_PAGE
) -> Page[ApplicantSummary, int]:
    """By E.164 number (``+62812…``)."""
    return _by_key(conn, "phone = ?", phone, after, limit)


def get_applicant(conn: sqlite3.Connection, applicant_id: int) -> ApplicantSummary | None:
    """By registration id (the primary key)."""
    rows = conn.execute(f"SELECT {_SUMMARY} FROM applicants WHERE id = ?", (applicant_id,))
    found = from_rows(ApplicantSummary, rows.fetchall())
    return found[0] if found else None


def search_name(
    conn: sqlite3.Connection,
    text: str,
    *,
    after: NameKey | None = None,
    limit: int = DEFAULT_PAGE,
) -> Page[ApplicantSummary, NameKey]:
    """Applicants whose name has every word typed (whole words first, then word starts).

    ``text`` is anything a person typed; see :mod:`prakerja_console.store.search`
    for how it becomes a query and why results are in registration order per tier.
    """
    size = _capped(limit)
    keys: list[NameKey] = []
    with read_snapshot(conn):
        for tier, match in enumerate(tier_queries(text)):
            if after is not None and tier < after.tier:
                continue
            floor = after.id if after is not None and tier == after.tier else 0
            rows = conn.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? AND rowid > ?"
                " ORDER BY rowid LIMIT ?",
                (match, floor, size + 1 - len(keys)),
            )
            keys += [NameKey(tier, rowid) for (rowid,) in rows]
            if len(keys) > size:
                break
        shown = keys[:size]
        marks = ", ".join("?" * len(shown))
        found = from_rows(
            ApplicantSummary,
            conn.execute(
                f"SELECT {_SUMMARY} FROM applicants WHERE id IN ({marks})",
                [key.id for key in shown],
            ).fetchall(),
        )
    by_id = {item.id: item for item in found}
    items = tuple(by_id[key.id] for key in shown if key.id in by_id)
    return Page(items, shown[-1] if len(keys) > size else None)


def applicant_bundle(conn: sqlite3.Connection, applicant_id: int) -> ApplicantBundle | None:
    """Everything the detail screen shows, read in one consistent snapshot."""
    with read_snapshot(conn):
        row = conn.execute(
            f"SELECT {select_list(Applicant)} FROM applicants WHERE id = ?", (applicant_id,)
        ).fetchone()
        if row is None:
            return None

        def section(sql: str, *params: object) -> list[tuple[object, ...]]:
            return conn.execute(f"{sql} LIMIT {SECTION_CAP}", (applicant_id, *params)).fetchall()

        checks = section(
            f"SELECT {select_list(RegistryCheck, 'c', pending=pending_sql('registry_checks', 'c'))}"
            " FROM registry_checks c WHERE c.applicant_id = ? ORDER BY c.registry, c.id DESC"
        )
        entries = section(
            f"SELECT {select_list(WaveEntry, 'e', wave_number='w.number', wave_name='w.name')}"
            " FROM wave_entries e LEFT JOIN waves w ON w.id = e.wave_id"
            " WHERE e.applicant_id = ? ORDER BY e.joined_at, e.id"
        )
        tickets = section(
            f"SELECT {select_list(TicketSummary, 't', pending=pending_sql('tickets', 't'))}"
            " FROM tickets t WHERE t.applicant_id = ? ORDER BY t.created_at DESC, t.id DESC"
        )
        notes = section(
            f"SELECT {select_list(Note, 'n', pending=pending_sql('notes', 'n'))}"
            " FROM notes n WHERE n.applicant_id = ? ORDER BY n.at DESC, n.id DESC"
        )
        cases = section(
            f"SELECT {select_list(VerificationCase)} FROM verification_cases"
            " WHERE applicant_id = ? ORDER BY opened_at DESC, id DESC"
        )
        audit = section(
            f"SELECT {select_list(AuditEntry, 'a', pending=pending_sql('audit_log', 'a'))}"
            " FROM audit_log a WHERE a.entity_id = ? AND a.entity = ? ORDER BY a.at DESC, a.id DESC",
            Table.APPLICANTS.value,
        )
        actions = section(
            f"SELECT {select_list(OutboxAction)} FROM outbox WHERE applicant_id = ?"
            " AND (status IN ('pending', 'rejected') OR (status = 'conflict' AND resolution IS NULL))"
            " ORDER BY seq DESC"
        )
    return ApplicantBundle(
        applicant=Applicant(*row),
        registry_checks=from_rows(RegistryCheck, checks),
        wave_entries=from_rows(WaveEntry, entries),
        tickets=from_rows(TicketSummary, tickets),
        notes=from_rows(Note, notes),
        verification_cases=from_rows(VerificationCase, cases),
        audit=from_rows(AuditEntry, audit),
        actions=tuple(OutboxAction.from_row(action) for action in actions),
    )


def header_facts(conn: sqlite3.Connection) -> HeaderFacts:
    with read_snapshot(conn):
        (queued,) = conn.execute("SELECT count(*) FROM outbox WHERE status = 'pending'").fetchone()
        (conflicts,) = conn.execute(
            "SELECT count(*) FROM outbox WHERE status = 'conflict' AND resolution IS NULL"
        ).fetchone()
        state = conn.execute(
            "SELECT last_pull_at, last_push_at, cursor, scope, username, role,"
            " snapshot_cursor IS NOT NULL FROM sync_state WHERE id = 1"
        ).fetchone()
    last_pull_at, last_push_at, cursor, scope, username, role, loading = state
    return HeaderFacts(
        queued=queued,
        conflicts=conflicts,
        last_pull_at=last_pull_at,
        last_push_at=last_push_at,
        cursor=cursor,
        scope=scope,
        username=username,
        role=role,
        snapshot_in_progress=bool(loading),
    )


def table_checksum(conn: sqlite3.Connection, table: Table) -> TableChecksum:
    """The central's rows only (positive ids, the central's version), as the central sums them."""
    count, digest = conn.execute(
        f"SELECT count(*), coalesce(sum({CHECKSUM_TERM_SQL}), 0) FROM {table.value} WHERE id > 0"
    ).fetchone()
    return TableChecksum(count=count, digest=digest)


def checksums(conn: sqlite3.Connection) -> dict[str, TableChecksum]:
    """Every replicated table's checksum, comparable with ``GET /v1/checksum``."""
    with read_snapshot(conn):
        return {table.value: table_checksum(conn, table) for table in Table}
