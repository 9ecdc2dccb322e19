"""The bulk path of a first sync: a starting cursor, then keyset pages of current rows.

A snapshot is not one frozen moment: pages are read over many requests while
the data keeps changing. It does not need to be: the cursor is taken *before*
the first page, so every change committed after it is also in the change feed,
and a mirror that applies rows newer-version-wins converges whichever copy of a
row it saw first.

Pages are read with plain SQL and returned as tuples, ready for ``orjson``:
building a pydantic object per row would cost more than the whole query.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prakerja_console.central.cursor import Cursor
from prakerja_console.central.database import POSITIONS, SCHEMA_VERSION, Reader, quote
from prakerja_console.central.scope import scope_where, visible_scope
from prakerja_console.sync.protocol import Table, columns_of


@dataclass(frozen=True, slots=True)
class Page:
    table: Table
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    next_after: int | None


def current_cursor(tx: Reader, user_scope: str | None) -> Cursor:
    """Where the change feed stands now, for this user."""
    epoch = tx.meta("epoch")
    if epoch is None:
        raise RuntimeError("the central's database has not been seeded")
    position = int(tx.scalar("SELECT value FROM counters WHERE name = ?", (POSITIONS,)))
    return Cursor(SCHEMA_VERSION, epoch, user_scope, position)


def row_counts(tx: Reader, user_scope: str | None) -> dict[str, int]:
    """Rows in scope per table, so a client can show progress."""
    counts = {}
    for table in Table:
        where, params = scope_where(table, user_scope)
        counts[table.value] = int(
            tx.scalar(f"SELECT COUNT(*) FROM {quote(table.value)}{where}", params)  # noqa: S608
        )
    return counts


def read_page(tx: Reader, table: Table, user_scope: str | None, after: int, limit: int) -> Page:
    """Up to ``limit`` rows of ``table`` in scope with ``id > after``, by id."""
    columns = columns_of(table)
    scope = visible_scope(table, user_scope)
    select = ", ".join(quote(column) for column in columns)
    if scope is None:
        sql = f"SELECT {select} FROM {quote(table.value)} WHERE id > ? ORDER BY id LIMIT ?"  # noqa: S608
        params: tuple[Any, ...] = (after, limit + 1)
    else:
        sql = (
            f"SELECT {select} FROM {quote(table.value)}"  # noqa: S608
            " WHERE scope = ? AND id > ? ORDER BY id LIMIT ?"
        )
        params = (scope, after, limit + 1)
    rows = tx.all(sql, params)
    more = len(rows) > limit
    del rows[limit:]
    return Page(table, columns, rows, rows[-1][0] if more else None)
