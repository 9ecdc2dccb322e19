"""What the ticket screens ask the mirror: queue pages, tab counts, a ticket's bundle, exports.

Every queue page is a keyset page (``(sort key, id) > (?, ?)``, never ``OFFSET``)
on one of the indexes of :mod:`prakerja_console.store.ticket_schema`, so the
first page and the thousandth cost the same; every value, and every word an
agent typed, is a bound parameter. Typed words match the applicant's name by
word starts through the name search table (never a ``LIKE`` scan); NIKs, phone
numbers, e-mail addresses and ticket numbers go through their indexes. Nothing
is formatted here.

Pass the UI's ``READ`` connection; multi-statement reads open their own read
transaction so they see one consistent state.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from prakerja_console.store.connection import read_snapshot
from prakerja_console.store.queries import FETCH_CAP
from prakerja_console.store.records import (
    ApplicantSummary,
    OutboxAction,
    Page,
    VerificationCase,
    from_rows,
    pending_sql,
    select_list,
)
from prakerja_console.store.schema import FTS_TABLE
from prakerja_console.store.search import name_tokens, prefix_query
from prakerja_console.store.ticket_records import (
    QueueCounts,
    QueueKey,
    QueueQuery,
    QueueSort,
    QueueView,
    TicketBundle,
    TicketEvent,
    TicketLine,
)
from prakerja_console.store.ticket_schema import ACTIVE, PRIORITY_ORDER, SLA_KEY

EVENT_CAP = 500  # conversation entries a detail shows; older ones are counted, not loaded
EXPORT_BATCH = 2_000

_LINE = select_list(
    TicketLine, "t", sla_key=SLA_KEY, pending=pending_sql("tickets", "t"), applicant_name="NULL"
)
_EVENT = select_list(TicketEvent, "e", pending="(e.id < 0)")
# The columns each sort orders by (all ascending, or all descending), ending with the id.
_ORDER: dict[QueueSort, tuple[tuple[str, ...], bool]] = {
    QueueSort.SLA: ((SLA_KEY, "t.id"), False),
    QueueSort.NEWEST: (("t.created_at", "t.id"), True),
    QueueSort.PRIORITY: ((PRIORITY_ORDER, SLA_KEY, "t.id"), False),
}
_SORT_VALUES = {
    QueueSort.SLA: ("sla_key", "id"),
    QueueSort.NEWEST: ("created_at", "id"),
    QueueSort.PRIORITY: ("priority_order", "sla_key", "id"),
}
_PRIORITY_ORDER = {"urgent": 0, "high": 1, "low": 3}  # ticket_schema.PRIORITY_ORDER, in Python


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


def prefix_match(words: str) -> str | None:
    """An FTS5 query: every typed word as a word start (quoted: never FTS syntax)."""
    tokens = name_tokens(words)
    return prefix_query(tokens) if tokens else None


def _where(query: QueueQuery) -> tuple[list[str], list[object]]:
    """The conditions of a view plus the typed filter, and their parameters."""
    terms: list[str] = []
    params: list[object] = []
    view = query.view
    if view is QueueView.MINE:
        terms += ["t.assignee = ?", ACTIVE]
        params.append(query.username or "")
    elif view is QueueView.UNASSIGNED:
        terms += ["t.assignee IS NULL", ACTIVE]
    elif view is QueueView.BREACHING:
        terms.append(f"{SLA_KEY} <= ?")
        params.append(query.breach_before if query.breach_before is not None else 0)
    elif view is QueueView.ESCALATED:
        terms.append("t.status = 'escalated'")
    elif view is QueueView.CATEGORY:
        terms.append(ACTIVE)
    for column, values in (
        ("t.category", query.categories),
        ("t.status", query.statuses),
        ("t.priority", query.priorities),
        ("t.assignee", query.assignees),
        ("t.id", query.ticket_ids),
    ):
        if values:
            terms.append(f"{column} IN ({_marks(values)})")
            params += values
    for condition, values in (
        ("nik IN ({})", query.niks),
        ("phone IN ({})", query.phones),
        ("lower(email) IN ({})", tuple(value.lower() for value in query.emails)),
    ):
        if values:
            terms.append(
                "t.applicant_id IN (SELECT id FROM applicants WHERE "
                + condition.format(_marks(values))
                + ")"
            )
            params += values
    match = prefix_match(query.words)
    if match is not None:
        terms.append(f"t.applicant_id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?)")
        params.append(match)
    return terms, params


def _sort_values(line: TicketLine, sort: QueueSort) -> QueueKey:
    values = {
        "sla_key": line.sla_key,
        "id": line.id,
        "created_at": line.created_at,
        "priority_order": _PRIORITY_ORDER.get(line.priority, 2),
    }
    return tuple(values[name] for name in _SORT_VALUES[sort])


def _with_names(conn: sqlite3.Connection, lines: Sequence[TicketLine]) -> tuple[TicketLine, ...]:
    """The page's lines with their applicants' names (one lookup for the whole page)."""
    ids = sorted({line.applicant_id for line in lines if line.applicant_id is not None})
    names: dict[int, str] = (
        dict(conn.execute(f"SELECT id, name FROM applicants WHERE id IN ({_marks(ids)})", ids))
        if ids
        else {}
    )
    return tuple(
        line
        if line.applicant_id is None or line.applicant_id not in names
        else replace(line, applicant_name=names[line.applicant_id])
        for line in lines
    )


def _page_rows(
    conn: sqlite3.Connection,
    query: QueueQuery,
    sort: QueueSort,
    after: QueueKey | None,
    size: int,
) -> list[tuple[Any, ...]]:
    terms, params = _where(query)
    columns, descending = _ORDER[sort]
    if after is not None:
        if len(after) != len(columns):
            raise ValueError(f"a {sort.value} position has {len(columns)} values, not {len(after)}")
        terms.append(f"({', '.join(columns)}) {'<' if descending else '>'} ({_marks(after)})")
        params += after
    where = f" WHERE {' AND '.join(terms)}" if terms else ""
    direction = " DESC" if descending else ""
    order = ", ".join(column + direction for column in columns)
    return conn.execute(
        f"SELECT {_LINE} FROM tickets t{where} ORDER BY {order} LIMIT ?", [*params, size]
    ).fetchall()


def queue_page(
    conn: sqlite3.Connection,
    query: QueueQuery,
    sort: QueueSort = QueueSort.SLA,
    *,
    after: QueueKey | None = None,
    limit: int = 100,
) -> Page[TicketLine, QueueKey]:
    """One page of a queue view, in ``sort`` order, after the keyset position ``after``."""
    size = max(1, min(limit, FETCH_CAP))
    with read_snapshot(conn):
        rows = _page_rows(conn, query, sort, after, size + 1)
        lines = _with_names(conn, from_rows(TicketLine, rows[:size]))
    more = len(rows) > size
    return Page(lines, _sort_values(lines[-1], sort) if more else None)


def iter_queue(
    conn: sqlite3.Connection, query: QueueQuery, sort: QueueSort = QueueSort.SLA
) -> Iterator[TicketLine]:
    """Every ticket of a view, in order, for an export (keyset batches, not one huge read)."""
    after: QueueKey | None = None
    while True:
        rows = _page_rows(conn, query, sort, after, EXPORT_BATCH)
        if not rows:
            return
        lines = _with_names(conn, from_rows(TicketLine, rows))
        yield from lines
        if len(rows) < EXPORT_BATCH:
            return
        after = _sort_values(lines[-1], sort)


def queue_counts(conn: sqlite3.Connection, username: str | None, breach_before: int) -> QueueCounts:
    """How many tickets each tab holds, each counted on its own index."""

    def count(sql: str, *params: object) -> int:
        (found,) = conn.execute(f"SELECT count(*) FROM tickets t WHERE {sql}", params).fetchone()
        return int(found)

    with read_snapshot(conn):
        mine = count(f"t.assignee = ? AND {ACTIVE}", username or "")
        unassigned = count(f"t.assignee IS NULL AND {ACTIVE}")
        breaching = count(f"{SLA_KEY} <= ?", breach_before)
        escalated = count("t.status = 'escalated'")
        (total,) = conn.execute("SELECT count(*) FROM tickets").fetchone()
        by_category = dict(
            conn.execute(
                f"SELECT category, count(*) FROM tickets t WHERE {ACTIVE} GROUP BY category"
            ).fetchall()
        )
        by_status = dict(
            conn.execute("SELECT status, count(*) FROM tickets GROUP BY status").fetchall()
        )
    return QueueCounts(mine, unassigned, breaching, escalated, int(total), by_category, by_status)


def find_ticket_id(
    conn: sqlite3.Connection, ticket_id: int | None, client_ref: str | None
) -> int | None:
    """The mirror's id of a ticket, preferring its ``client_ref`` when known: that finds
    the central's row once it has replaced the local one a console created offline."""
    if client_ref is not None:
        found = conn.execute(
            "SELECT id FROM tickets WHERE client_ref = ? ORDER BY id DESC LIMIT 1", (client_ref,)
        ).fetchone()
        if found is not None:
            return int(found[0])
    if ticket_id is None:
        return None
    found = conn.execute("SELECT id FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
    return None if found is None else int(found[0])


def case_applicant(conn: sqlite3.Connection, case_id: int) -> tuple[bool, int | None]:
    """Whether the verification case is in the mirror, and whose it is (for a link check)."""
    row = conn.execute(
        "SELECT applicant_id FROM verification_cases WHERE id = ?", (case_id,)
    ).fetchone()
    return (row is not None, None if row is None else row[0])


def users_by_name(conn: sqlite3.Connection) -> list[tuple[str, str, str | None]]:
    """Every user the mirror knows, by username: (username, role code, province scope).

    The ``petugas:`` filter and the assignee list read these; a mirror knows a few
    hundred users at most, so they are read whole.
    """
    rows: list[tuple[str, str, str | None]] = conn.execute(
        "SELECT username, role, province_code FROM users ORDER BY username"
    ).fetchall()
    return rows


def ticket_bundle(
    conn: sqlite3.Connection, ticket_id: int | None, client_ref: str | None = None
) -> TicketBundle | None:
    """Everything the detail screen shows about one ticket, read in one snapshot.

    A ticket created offline is followed by its ``client_ref`` through the moment
    its local row is replaced by the central's.
    """
    with read_snapshot(conn):
        found = find_ticket_id(conn, ticket_id, client_ref)
        if found is None:
            return None
        row = conn.execute(f"SELECT {_LINE} FROM tickets t WHERE t.id = ?", (found,)).fetchone()
        (ticket,) = _with_names(conn, from_rows(TicketLine, [row]))
        (total,) = conn.execute(
            "SELECT count(*) FROM ticket_events WHERE ticket_id = ?", (found,)
        ).fetchone()
        newest = conn.execute(
            f"SELECT {_EVENT} FROM ticket_events e WHERE e.ticket_id = ?"
            " ORDER BY e.at DESC, e.id < 0 DESC, abs(e.id) DESC LIMIT ?",
            (found, EVENT_CAP),
        ).fetchall()
        applicant = None
        if ticket.applicant_id is not None:
            applicants = conn.execute(
                f"SELECT {select_list(ApplicantSummary)} FROM applicants WHERE id = ?",
                (ticket.applicant_id,),
            ).fetchall()
            applicant = next(iter(from_rows(ApplicantSummary, applicants)), None)
        case = None
        if ticket.verification_case_id is not None:
            cases = conn.execute(
                f"SELECT {select_list(VerificationCase)} FROM verification_cases WHERE id = ?",
                (ticket.verification_case_id,),
            ).fetchall()
            case = next(iter(from_rows(VerificationCase, cases)), None)
        actions = conn.execute(
            f"SELECT {select_list(OutboxAction)} FROM outbox"
            " WHERE (status IN ('pending', 'rejected')"
            " OR (status = 'conflict' AND resolution IS NULL))"
            " AND type LIKE 'ticket.%'"
            " AND ((type != 'ticket.create' AND entity_id = ?) OR entity_ref = ? OR id = ?)"
            " ORDER BY seq",
            (found, ticket.client_ref, ticket.client_ref),
        ).fetchall()
    events = from_rows(TicketEvent, reversed(newest))
    return TicketBundle(
        ticket=ticket,
        events=events,
        earlier_events=int(total) - len(events),
        applicant=applicant,
        case=case,
        actions=tuple(OutboxAction.from_row(action) for action in actions),
    )
