"""Per-table digests of what a user's mirror should hold, for convergence checks.

Both sides compute ``SUM(CHECKSUM_TERM_SQL)`` over ``(id, version)`` in SQL, so
a mirror compares its digest with the central's without moving a single row.
"""

from __future__ import annotations

from prakerja_console.central.database import Reader, quote
from prakerja_console.central.scope import scope_where
from prakerja_console.sync.protocol import CHECKSUM_TERM_SQL, Checksum, Table, TableChecksum


def checksum(tx: Reader, user_scope: str | None) -> Checksum:
    tables = {}
    for table in Table:
        where, params = scope_where(table, user_scope)
        count, digest = tx.one(
            f"SELECT COUNT(*), COALESCE(SUM({CHECKSUM_TERM_SQL}), 0)"  # noqa: S608
            f" FROM {quote(table.value)}{where}",
            params,
        ) or (0, 0)
        tables[table.value] = TableChecksum(count=int(count), digest=int(digest))
    return Checksum(scope=user_scope, tables=tables)
