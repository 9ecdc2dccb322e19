"""The change feed: every record changed after a cursor, once, with its current row.

The change log is compacted as it is written (one row per record, moved to the
latest position on every change), so a page never carries two versions of one
record and a console that was offline for a week downloads each changed record
once, not its whole history.

A page is read inside one read transaction; on SQLite that is one snapshot, so
the log entries and the rows agree. On a database whose reads see each
statement's own snapshot a row can be newer than its entry: harmless, since
its newer change is also in the log after this page and is sent again.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any

from prakerja_console.central.cursor import Cursor, CursorError, ResnapshotReason
from prakerja_console.central.database import Reader, quote
from prakerja_console.central.snapshot import current_cursor
from prakerja_console.central.tables import REFERENCE_SCOPE
from prakerja_console.sync.protocol import Table, columns_of

_IN_CHUNK = 500  # ids per "IN (…)": far below every database's parameter limit


@dataclass(slots=True)
class ChangeSet:
    """One page of the feed, ready to be encoded as a ``ChangesPage``."""

    next_cursor: Cursor
    has_more: bool
    upserts: dict[Table, list[tuple[Any, ...]]] = field(default_factory=dict)


def _entries_of_scope(
    tx: Reader, scope: str | None, after: int, limit: int
) -> list[tuple[int, str, int]]:
    if scope is None:
        return tx.all(
            "SELECT position, table_name, record_id FROM change_log"
            " WHERE position > ? ORDER BY position LIMIT ?",
            (after, limit),
        )
    return tx.all(
        "SELECT position, table_name, record_id FROM change_log"
        " WHERE scope = ? AND position > ? ORDER BY position LIMIT ?",
        (scope, after, limit),
    )


def _entries(
    tx: Reader, user_scope: str | None, after: int, limit: int
) -> list[tuple[int, str, int]]:
    """Log entries a user sees after ``after``, in position order, at most ``limit``."""
    if user_scope is None:
        return _entries_of_scope(tx, None, after, limit)
    # Two index ranges (the province's rows, the reference rows) merged by position.
    own = _entries_of_scope(tx, user_scope, after, limit)
    shared = _entries_of_scope(tx, REFERENCE_SCOPE, after, limit)
    return list(heapq.merge(own, shared))[:limit]


def _rows(tx: Reader, table: Table, ids: list[int]) -> list[tuple[Any, ...]]:
    """The current rows of ``ids`` (wire columns), in the order of ``ids``."""
    columns = columns_of(table)
    select = ", ".join(quote(column) for column in columns)
    found: dict[int, tuple[Any, ...]] = {}
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start : start + _IN_CHUNK]
        marks = ", ".join("?" * len(chunk))
        for row in tx.all(
            f"SELECT {select} FROM {quote(table.value)} WHERE id IN ({marks})",  # noqa: S608
            chunk,
        ):
            found[row[0]] = row
    return [found[record_id] for record_id in ids]


def read_changes(
    tx: Reader, since: str, user_scope: str | None, limit: int, rewind: int = 0
) -> ChangeSet:
    """The page of changes after cursor ``since``.

    ``rewind`` (fault injection only) serves the page from that many positions
    earlier than asked, so a client re-receives rows it already has; the cursor
    handed back never goes behind the one the client sent.

    Raises :class:`CursorError` when ``since`` cannot resume this user's feed.
    """
    now = current_cursor(tx, user_scope)
    cursor = Cursor.decode(since, schema=now.schema, epoch=now.epoch, scope=user_scope)
    if cursor.position > now.position:
        # A position the central never handed out: its data went back in time.
        raise CursorError(ResnapshotReason.CURSOR_INVALID)
    entries = _entries(tx, user_scope, max(0, cursor.position - rewind), limit + 1)
    has_more = len(entries) > limit
    del entries[limit:]
    by_table: dict[Table, list[int]] = {}
    for _position, table_name, record_id in entries:
        by_table.setdefault(Table(table_name), []).append(record_id)
    upserts = {table: _rows(tx, table, ids) for table, ids in by_table.items()}
    last = entries[-1][0] if entries else cursor.position
    next_cursor = Cursor(cursor.schema, cursor.epoch, user_scope, max(last, cursor.position))
    return ChangeSet(next_cursor, has_more, upserts)
