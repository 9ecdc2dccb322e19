"""Fill an empty central database: the user accounts, then generated data.

Rows arrive as batches of tuples in wire column order (what the generator
yields) and go in with the DBAPI's ``executemany``, each row extended by its
``scope``. Seeded rows are not written to the change log: they predate every
cursor, and a snapshot carries them. The whole seed is one transaction, so a
crash mid-seed leaves an empty database, never a half-seeded one that looks
ready; its last step sets the data ``epoch`` that every cursor carries.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from prakerja_console.central.database import Database, Reader, Writer, id_counter
from prakerja_console.central.passwords import hash_password
from prakerja_console.central.records import insert_sql
from prakerja_console.central.scope import scope_of
from prakerja_console.central.tables import NO_PROVINCE_SCOPE, REFERENCE_SCOPE
from prakerja_console.central.users import Account
from prakerja_console.sync.protocol import Table, columns_of

Row = tuple[Any, ...]
Batches = Iterable[tuple[Table, list[Row]]]


class SeedError(RuntimeError):
    """The data cannot be seeded (already seeded, or rows that reference nothing)."""


class _ScopeBook:
    """The scope of each id of a parent table, one byte per id.

    A dict of 1.4 million applicants would take over 100 MB; province codes are
    two digits, so a bytearray indexed by id holds them in 1.4 MB.
    """

    _UNSET = 255  # never a province code; 0 means "no province"

    def __init__(self, table: Table) -> None:
        self._table = table
        self._codes = bytearray()

    def record(self, record_id: int, scope: str) -> None:
        if record_id >= len(self._codes):
            self._codes.extend([self._UNSET] * (record_id + 1 - len(self._codes) + 4096))
        self._codes[record_id] = int(scope) if scope else 0

    def scope(self, record_id: int | None) -> str:
        code = (
            self._codes[record_id]
            if record_id is not None and record_id < len(self._codes)
            else self._UNSET
        )
        if code == self._UNSET:
            raise SeedError(
                f"a row references {self._table.value} {record_id}, not seeded before it"
            )
        return f"{code:02d}" if code else NO_PROVINCE_SCOPE


class _Scopes:
    """Computes each seeded row's scope from its own columns or its parent's."""

    def __init__(self) -> None:
        self.applicants = _ScopeBook(Table.APPLICANTS)
        self.tickets = _ScopeBook(Table.TICKETS)

    def _rule(self, table: Table) -> Callable[[Row], str]:
        column = {name: index for index, name in enumerate(columns_of(table))}.__getitem__
        applicant = self.applicants.scope
        if table in (Table.USERS, Table.WAVES):
            return lambda _row: REFERENCE_SCOPE
        if table is Table.APPLICANTS:
            province = column("province_code")
            return lambda row: scope_of(row[province])
        if table in (Table.REGISTRY_CHECKS, Table.WAVE_ENTRIES, Table.NOTES):
            owner = column("applicant_id")
            return lambda row: applicant(row[owner])
        if table in (Table.VERIFICATION_CASES, Table.TICKETS):
            province, owner = column("province_code"), column("applicant_id")
            return lambda row: (
                scope_of(row[province])
                if row[province] or row[owner] is None
                else applicant(row[owner])
            )
        if table is Table.TICKET_EVENTS:
            ticket = column("ticket_id")
            return lambda row: self.tickets.scope(row[ticket])
        entity, entity_id = column("entity"), column("entity_id")
        return lambda row: (
            applicant(row[entity_id])
            if row[entity] == Table.APPLICANTS.value
            else NO_PROVINCE_SCOPE
        )

    def of(self, table: Table, rows: Sequence[Row]) -> list[str]:
        rule = self._rule(table)
        scopes = [rule(row) for row in rows]
        book = {Table.APPLICANTS: self.applicants, Table.TICKETS: self.tickets}.get(table)
        if book is not None:
            for row, scope in zip(rows, scopes, strict=True):
                book.record(row[0], scope)
        return scopes


def is_seeded(db: Database) -> bool:
    with db.read() as tx:
        return _seeded(tx)


def _seeded(tx: Reader) -> bool:
    return tx.meta("epoch") is not None


def _user_rows(accounts: Sequence[Account]) -> list[Row]:
    return [
        (
            index,
            account.username,
            account.display_name,
            account.role.value,
            account.province_code,
            1,
        )
        for index, account in enumerate(accounts, start=1)
    ]


def _insert(tx: Writer, table: Table, rows: Sequence[Row], scopes: Sequence[str]) -> None:
    tx.executemany(
        insert_sql(table), [(*row, scope) for row, scope in zip(rows, scopes, strict=True)]
    )


def seed(db: Database, accounts: Sequence[Account], batches: Batches, now: int) -> str:
    """Seed an empty database at ``now``; returns the new data epoch."""
    db.create_schema()
    hashes = [(account.username, hash_password(account.password)) for account in accounts]
    scopes = _Scopes()
    highest: dict[Table, int] = {}
    with db.write() as tx:
        if _seeded(tx):
            raise SeedError(f"{db.url} is already seeded")
        users = _user_rows(accounts)
        _insert(tx, Table.USERS, users, scopes.of(Table.USERS, users))
        highest[Table.USERS] = len(users)
        tx.executemany(
            "INSERT INTO credentials (username, salt, password_hash, cost_n, cost_r, cost_p)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (username, hashed.salt, hashed.digest, hashed.cost_n, hashed.cost_r, hashed.cost_p)
                for username, hashed in hashes
            ],
        )
        for table, rows in batches:
            if table is Table.USERS:
                raise SeedError("users come from the users file, not from generated data")
            if rows:
                _insert(tx, table, rows, scopes.of(table, rows))
                highest[table] = max(highest.get(table, 0), max(row[0] for row in rows))
        tx.executemany(
            "UPDATE counters SET value = ? WHERE name = ?",
            [(value, id_counter(table)) for table, value in highest.items()],
        )
        epoch = secrets.token_hex(8)
        tx.set_meta("seeded_at", str(now))
        tx.set_meta("epoch", epoch)
    return epoch
