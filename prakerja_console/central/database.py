"""The central's database: an engine, and transactions on raw DBAPI connections.

SQLModel/SQLAlchemy define and create the schema; every request path then runs
plain SQL on a raw DBAPI connection from the engine's pool, because the hot paths
(snapshot pages of 10,000 rows, change pages, seeding millions of rows) cannot
afford an ORM object or even a Core ``Row`` per row. SQL is written with ``?``
placeholders and translated for drivers that use ``%s`` (PostgreSQL), so the
statements stay portable; the only explicit branch is how a SQLite write
transaction starts (``BEGIN IMMEDIATE``, so a writer takes the lock up front
instead of failing to upgrade a read lock later).

Every change to a replicated record is announced with :meth:`Writer.changed`; the
writer appends it to the compacted change log at commit time, taking positions
from the ``positions`` counter *inside* the transaction (``docs/protocol.md``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url

from prakerja_console.central.tables import central_registry
from prakerja_console.sync.protocol import Table

SCHEMA_VERSION = 1
POSITIONS = "positions"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def id_counter(table: Table) -> str:
    """The counter that hands out ids of ``table`` (portable: no SERIAL, no rowid)."""
    return f"id:{table.value}"


class DatabaseError(RuntimeError):
    """The database cannot be used by this central (wrong schema, wrong URL)."""


@cache
def _translate(sql: str, paramstyle: str) -> str:
    """Rewrite ``?`` placeholders for the driver's paramstyle."""
    if paramstyle == "qmark":
        return sql
    if paramstyle in ("format", "pyformat"):
        return sql.replace("%", "%%").replace("?", "%s")
    raise DatabaseError(f"unsupported DBAPI paramstyle {paramstyle!r}")


def quote(identifier: str) -> str:
    """A quoted SQL identifier (column names such as ``at`` or ``number`` stay safe)."""
    return '"' + identifier.replace('"', '""') + '"'


class Reader:
    """Statements inside one transaction; reads see one consistent snapshot on SQLite."""

    def __init__(self, connection: Any, paramstyle: str) -> None:
        self._connection = connection
        self._cursor = connection.cursor()
        self._paramstyle = paramstyle

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement; returns the DBAPI cursor."""
        self._cursor.execute(_translate(sql, self._paramstyle), params)
        return self._cursor

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = self.execute(sql, params).fetchall()
        return rows

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        row: tuple[Any, ...] | None = self.execute(sql, params).fetchone()
        return row

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def meta(self, key: str) -> str | None:
        value = self.scalar("SELECT value FROM meta WHERE key = ?", (key,))
        return None if value is None else str(value)


class Writer(Reader):
    """A write transaction that records every change to a replicated record."""

    def __init__(self, connection: Any, paramstyle: str) -> None:
        super().__init__(connection, paramstyle)
        self._changes: list[tuple[str, int, str]] = []
        self._savepoints = 0

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._cursor.executemany(_translate(sql, self._paramstyle), rows)

    def allocate(self, counter: str, count: int = 1) -> int:
        """Reserve ``count`` values of a counter; returns the first.

        The ``UPDATE`` takes the counter row's lock until commit, which is what
        makes positions commit in order (see the module docstring).
        """
        last = self.scalar(
            "UPDATE counters SET value = value + ? WHERE name = ? RETURNING value",
            (count, counter),
        )
        if last is None:
            raise DatabaseError(f"counter {counter!r} does not exist")
        return int(last) - count + 1

    def set_meta(self, key: str, value: str) -> None:
        self.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def changed(self, table: Table, record_id: int, scope: str) -> None:
        """Announce that a replicated record was inserted or updated in this transaction."""
        self._changes.append((table.value, record_id, scope))

    def changed_many(self, table: Table, changes: Sequence[tuple[int, str]]) -> None:
        """:meth:`changed` for many ``(record_id, scope)`` pairs of one table."""
        name = table.value
        self._changes.extend((name, record_id, scope) for record_id, scope in changes)

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Undo the block's writes (and its announced changes) if it raises."""
        self._savepoints += 1
        name = f"sp{self._savepoints}"
        mark = len(self._changes)
        self.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self.execute(f"ROLLBACK TO SAVEPOINT {name}")
            self.execute(f"RELEASE SAVEPOINT {name}")
            del self._changes[mark:]
            raise
        self.execute(f"RELEASE SAVEPOINT {name}")

    def flush_changes(self) -> None:
        """Write the announced changes to the change log, each record once at its latest.

        Called last before commit, so the ``positions`` counter lock is held only
        for the end of the transaction.
        """
        if not self._changes:
            return
        latest = {(name, record_id): scope for name, record_id, scope in self._changes}
        self._changes.clear()
        first = self.allocate(POSITIONS, len(latest))
        self.executemany(
            "INSERT INTO change_log (table_name, record_id, scope, position) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (table_name, record_id)"
            " DO UPDATE SET scope = excluded.scope, position = excluded.position",
            [
                (name, record_id, scope, first + offset)
                for offset, ((name, record_id), scope) in enumerate(latest.items())
            ],
        )


def _make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_size=8, max_overflow=32, pool_pre_ping=True)
    if parsed.database in (None, "", ":memory:"):
        raise DatabaseError("the central needs a SQLite file, not an in-memory database")
    engine = create_engine(
        url, connect_args={"check_same_thread": False}, pool_size=8, max_overflow=32
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # The driver must not open transactions behind our back: we BEGIN ourselves.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    return engine


class Database:
    """The central's database: schema creation and transactions."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _make_engine(url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._paramstyle = self.engine.dialect.paramstyle

    def create_schema(self) -> None:
        """Create missing tables, indexes and counters; refuse a database of another schema."""
        metadata = central_registry.metadata
        metadata.create_all(self.engine)
        for table in metadata.sorted_tables:  # create_all skips indexes of existing tables
            for index in table.indexes:
                index.create(self.engine, checkfirst=True)
        with self.write() as tx:
            found = tx.meta("schema_version")
            if found is not None and found != str(SCHEMA_VERSION):
                raise DatabaseError(
                    f"{self.url} holds schema version {found}; this central needs"
                    f" {SCHEMA_VERSION}: seed a new database"
                )
            tx.set_meta("schema_version", str(SCHEMA_VERSION))
            counters = [POSITIONS, *(id_counter(table) for table in Table)]
            tx.executemany(
                "INSERT INTO counters (name, value) VALUES (?, 0) ON CONFLICT (name) DO NOTHING",
                [(name,) for name in counters],
            )

    @contextmanager
    def read(self) -> Iterator[Reader]:
        """A read-only transaction (one snapshot of the data on SQLite)."""
        connection = self.engine.raw_connection()
        try:
            if self.is_sqlite:
                connection.cursor().execute("BEGIN")
            yield Reader(connection, self._paramstyle)
        finally:
            connection.rollback()
            connection.close()

    @contextmanager
    def write(self) -> Iterator[Writer]:
        """A write transaction: committed with its change log if the block succeeds."""
        connection = self.engine.raw_connection()
        try:
            if self.is_sqlite:
                connection.cursor().execute("BEGIN IMMEDIATE")
            writer = Writer(connection, self._paramstyle)
            yield writer
            writer.flush_changes()
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
        finally:
            connection.close()

    def close(self) -> None:
        self.engine.dispose()
