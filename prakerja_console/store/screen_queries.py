"""The smaller reads the screens need beside :mod:`.queries`' lookups and bundles.

An e-mail prefix range scan (the lookup while an address is still being typed),
the waves, the queue of actions that need a person's eye, and one applicant's
personal data for a reveal or a scope check. Same rules as :mod:`.queries`:
every value a bound parameter, keyset paging, the hard :data:`~.queries.FETCH_CAP`,
the store's column lists and row converters, nothing formatted or masked. Each
runs on a connection the caller owns (a worker thread's own).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from prakerja_console.store.queries import FETCH_CAP
from prakerja_console.store.records import ApplicantSummary, OutboxAction, from_rows, select_list

PII_COLUMNS = ("nik", "kk_number", "email", "phone", "birth_date")

_SUMMARY = select_list(ApplicantSummary)
_OUTBOX = select_list(OutboxAction)


def _capped(limit: int) -> int:
    return max(1, min(limit, FETCH_CAP))


def email_prefix_page(
    conn: sqlite3.Connection, prefix: str, after: Any, limit: int
) -> tuple[Sequence[ApplicantSummary], tuple[str, int] | None]:
    """Applicants whose address starts with ``prefix`` (ASCII lower-cased, like the index).

    Ordered by (address, id) on the ``lower(email)`` index: a complete address
    sorts before every longer one it starts, so an exact match comes first.
    Returns the records and the next keyset position (None: no more).
    """
    size = _capped(limit)
    # The smallest string above every string with this prefix: code point order is
    # UTF-8 byte order, which is SQLite's BINARY collation.
    ceiling = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    last_email, last_id = after if after is not None else ("", 0)
    rows = conn.execute(
        f"SELECT {_SUMMARY}, lower(email) FROM applicants"
        " WHERE lower(email) >= ? AND lower(email) < ? AND (lower(email), id) > (?, ?)"
        " ORDER BY lower(email), id LIMIT ?",
        (prefix, ceiling, last_email, last_id, size + 1),
    ).fetchall()
    items = from_rows(ApplicantSummary, (row[:-1] for row in rows[:size]))
    more = len(rows) > size
    return items, ((rows[size - 1][-1], items[-1].id) if more else None)


def wave_number_map(conn: sqlite3.Connection) -> dict[int, int]:
    """wave id → wave number (a few dozen rows at most)."""
    return dict(conn.execute("SELECT id, number FROM waves").fetchall())


def wave_number(conn: sqlite3.Connection, wave_id: int) -> int | None:
    """The number of the wave with this id (None: not in the mirror)."""
    row = conn.execute("SELECT number FROM waves WHERE id = ?", (wave_id,)).fetchone()
    return None if row is None else int(row[0])


def wave_rows(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every wave as a ``WaveData``-shaped mapping, for the domain's wave reader."""
    cursor = conn.execute(
        "SELECT id, number, name, opens_at, closes_at, announce_at, quota, status,"
        " dtks_policy, min_age, revocation_days FROM waves ORDER BY opens_at, number"
    )
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def queue_rows(conn: sqlite3.Connection, limit: int) -> list[tuple[Any, ...]]:
    """Actions that need a person's eye, newest first: queued, rejected, open conflicts.

    Returns rows for ``OutboxAction.from_row``.
    """
    rows: list[tuple[Any, ...]] = conn.execute(
        f"SELECT {_OUTBOX} FROM outbox"
        " WHERE status IN ('pending', 'rejected')"
        " OR (status = 'conflict' AND resolution IS NULL)"
        " ORDER BY seq DESC LIMIT ?",
        (_capped(limit),),
    ).fetchall()
    return rows


def applicant_province(conn: sqlite3.Connection, applicant_id: int) -> tuple[bool, str | None]:
    """Whether the applicant is in the mirror, and their province (for scope checks)."""
    row = conn.execute(
        "SELECT province_code FROM applicants WHERE id = ?", (applicant_id,)
    ).fetchone()
    return (row is not None, None if row is None else row[0])


def applicant_pii(conn: sqlite3.Connection, applicant_id: int) -> dict[str, str | None] | None:
    """The applicant's personal data, unmasked, with their province; None if absent."""
    row = conn.execute(
        f"SELECT {', '.join(PII_COLUMNS)}, province_code FROM applicants WHERE id = ?",
        (applicant_id,),
    ).fetchone()
    return None if row is None else dict(zip((*PII_COLUMNS, "province_code"), row, strict=True))
