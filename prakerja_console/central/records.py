"""Reading and writing replicated records, always through the change log.

Mutation handlers, the traffic simulator and seeding all write here, so no
change can reach a table without reaching the feed: every insert and update
announces itself with :meth:`Writer.changed` in the same transaction, and every
update raises the record's ``version`` by one (what "newer" means on the wire).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from prakerja_console.central.database import Reader, Writer, id_counter, quote
from prakerja_console.sync.protocol import Table, columns_of


class StaleRecordError(RuntimeError):
    """The record changed between reading and updating it (a concurrent writer won)."""


@dataclass(frozen=True, slots=True)
class Record:
    """A replicated row as the wire sees it, plus its private scope."""

    table: Table
    values: dict[str, Any]
    scope: str

    @property
    def id(self) -> int:
        return int(self.values["id"])

    @property
    def version(self) -> int:
        return int(self.values["version"])


@cache
def insert_sql(table: Table) -> str:
    """``INSERT`` of one full row: the wire columns in order, then ``scope``."""
    names = ", ".join(quote(column) for column in (*columns_of(table), "scope"))
    marks = ", ".join("?" * (len(columns_of(table)) + 1))
    return f"INSERT INTO {quote(table.value)} ({names}) VALUES ({marks})"  # noqa: S608


def load(tx: Reader, table: Table, record_id: int) -> Record | None:
    columns = columns_of(table)
    select = ", ".join(quote(column) for column in (*columns, "scope"))
    row = tx.one(f"SELECT {select} FROM {quote(table.value)} WHERE id = ?", (record_id,))  # noqa: S608
    if row is None:
        return None
    return Record(table, dict(zip(columns, row[:-1], strict=True)), row[-1])


def load_by_ref(tx: Reader, table: Table, client_ref: str) -> Record | None:
    """The record a console created offline and named ``client_ref`` (tickets carry one)."""
    if "client_ref" not in columns_of(table):
        return None
    record_id = tx.scalar(
        f"SELECT id FROM {quote(table.value)} WHERE client_ref = ? ORDER BY id LIMIT 1",  # noqa: S608
        (client_ref,),
    )
    return None if record_id is None else load(tx, table, int(record_id))


def insert(tx: Writer, table: Table, values: Mapping[str, Any], scope: str) -> Record:
    """Insert a new record with a fresh id and version 1; unnamed columns are NULL."""
    columns = columns_of(table)
    unknown = set(values) - set(columns)
    if unknown:
        raise ValueError(f"{table.value} has no columns {sorted(unknown)}")
    full = {column: values.get(column) for column in columns}
    record_id = tx.allocate(id_counter(table))
    full["id"] = record_id
    full["version"] = 1
    tx.execute(insert_sql(table), [*full.values(), scope])
    tx.changed(table, record_id, scope)
    return Record(table, full, scope)


def update(tx: Writer, record: Record, changes: Mapping[str, Any]) -> Record:
    """Apply ``changes`` to a record read in this transaction; its version goes up by one."""
    columns = columns_of(record.table)
    unknown = set(changes) - set(columns) | ({"id", "version"} & set(changes))
    if unknown:
        raise ValueError(f"cannot set {sorted(unknown)} on {record.table.value}")
    version = record.version + 1
    assignments = ", ".join(f"{quote(column)} = ?" for column in changes)
    cursor = tx.execute(
        f"UPDATE {quote(record.table.value)} SET {assignments}, version = ?"  # noqa: S608
        " WHERE id = ? AND version = ?",
        [*changes.values(), version, record.id, record.version],
    )
    if cursor.rowcount != 1:
        raise StaleRecordError(f"{record.table.value} {record.id} changed under this transaction")
    tx.changed(record.table, record.id, record.scope)
    return Record(record.table, {**record.values, **changes, "version": version}, record.scope)


def insert_rows(
    tx: Writer, table: Table, rows: Sequence[Sequence[Any]], scopes: Sequence[str]
) -> None:
    """Insert rows that carry ids from :func:`allocate_ids`, in wire column order (bulk path)."""
    if not rows:
        return
    tx.executemany(
        insert_sql(table), [(*row, scope) for row, scope in zip(rows, scopes, strict=True)]
    )
    tx.changed_many(table, [(row[0], scope) for row, scope in zip(rows, scopes, strict=True)])


def allocate_ids(tx: Writer, table: Table, count: int) -> range:
    """``count`` fresh ids for ``table``."""
    if count == 0:
        return range(0)
    first = tx.allocate(id_counter(table), count)
    return range(first, first + count)


@cache
def _rewrite_sql(table: Table) -> str:
    assignments = ", ".join(f"{quote(column)} = ?" for column in columns_of(table)[1:-1])
    return (
        f"UPDATE {quote(table.value)} SET {assignments}, scope = ?,"  # noqa: S608
        " version = version + 1 WHERE id = ?"
    )


def rewrite_many(tx: Writer, changed: Sequence[Record]) -> None:
    """Write back records of one table read and changed in this transaction (bulk path).

    Every wire column and the scope are written; each version goes up by one.
    """
    if not changed:
        return
    table = changed[0].table
    if any(record.table is not table for record in changed):
        raise ValueError("rewrite_many writes one table at a time")
    columns = columns_of(table)[1:-1]  # all but id (first) and version (last)
    tx.executemany(
        _rewrite_sql(table),
        [(*(record.values[c] for c in columns), record.scope, record.id) for record in changed],
    )
    tx.changed_many(table, [(record.id, record.scope) for record in changed])
