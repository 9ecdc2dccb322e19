"""Where generated rows wait to be handed out: one list per table, ids 1..N in emission order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prakerja_console.sync.protocol import Table

Row = tuple[Any, ...]

# Parents before children: a batch never refers to a row not yet emitted.
CHILD_TABLES = (
    Table.REGISTRY_CHECKS,
    Table.WAVE_ENTRIES,
    Table.VERIFICATION_CASES,
    Table.TICKETS,
    Table.TICKET_EVENTS,
    Table.NOTES,
)


class Rows:
    """Pending rows per table and the last id given out in each."""

    def __init__(self) -> None:
        self.pending: dict[Table, list[Row]] = {table: [] for table in Table}
        self.last_id: dict[Table, int] = dict.fromkeys(Table, 0)

    def add(self, table: Table, *values: Any) -> int:
        """Append a row (the id comes first and is assigned here); returns the id."""
        row_id = self.last_id[table] + 1
        self.last_id[table] = row_id
        self.pending[table].append((row_id, *values))
        return row_id

    def drain(
        self, tables: tuple[Table, ...], batch_size: int
    ) -> Iterator[tuple[Table, list[Row]]]:
        """Hand out every pending row of ``tables`` in batches of at most ``batch_size``."""
        for table in tables:
            rows = self.pending[table]
            for start in range(0, len(rows), batch_size):
                yield table, rows[start : start + batch_size]
            rows.clear()
